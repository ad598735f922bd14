// This machine's name, as records and merged results name hosts.
#pragma once

#include <sys/utsname.h>

#include <string>

namespace fcbench::host {

// uname(2)'s nodename; "localhost" if it has none.
inline std::string host_name() {
  utsname u{};
  if (::uname(&u) != 0 || !u.nodename[0]) return "localhost";
  return u.nodename;
}

}  // namespace fcbench::host
