// fcbench plugin SDK internals: exceptions become error strings at the C boundary.
#ifndef FCBENCH_SDK_DETAIL_ERRORS_HPP
#define FCBENCH_SDK_DETAIL_ERRORS_HPP

#include <exception>
#include <fcbench/sdk/types.hpp>
#include <string>

namespace fcbench::sdk::detail {

// Runs f() and returns 0; if it throws, returns 1 with the message in error.
template <class F>
int capture_error(std::string& error, F&& f) {
  try {
    error.clear();
    f();
    return 0;
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception in plugin";
  }
  if (error.empty()) error = "plugin error";
  return 1;
}

// T::info(), which must not throw across the C boundary: an error leaves the
// name empty, which the host refuses, quoting the message.
template <class T>
Info info_or_error() {
  try {
    return T::info();
  } catch (const std::exception& e) {
    Info i;
    i.description = std::string("info() failed: ") + e.what();
    return i;
  } catch (...) {
    Info i;
    i.description = "info() failed";
    return i;
  }
}

}  // namespace fcbench::sdk::detail

#endif  // FCBENCH_SDK_DETAIL_ERRORS_HPP
