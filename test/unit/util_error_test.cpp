// util/error: SystemError names what was attempted and why it failed.
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <string>
#include <type_traits>

#include "util/error.hpp"

TEST_CASE("SystemError: '<attempted>: <strerror>' and the errno", "[unit][util]") {
  fcbench::SystemError e("scheduler: epoll_wait", EBADF);
  CHECK(std::string(e.what()) == std::string("scheduler: epoll_wait: ") + std::strerror(EBADF));
  CHECK(e.error == EBADF);
  // Not the user's to fix: a separate type from UserError.
  CHECK_FALSE(std::is_base_of_v<fcbench::UserError, fcbench::SystemError>);
  CHECK(std::is_base_of_v<std::runtime_error, fcbench::SystemError>);
}
