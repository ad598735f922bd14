// fcbench plugin SDK internals: exceptions become error strings at the C boundary.
#ifndef FCBENCH_SDK_DETAIL_ERRORS_HPP
#define FCBENCH_SDK_DETAIL_ERRORS_HPP

#include <cstdlib>
#include <exception>
#include <fcbench/sdk/types.hpp>
#include <string>
#include <typeinfo>
#if __has_include(<cxxabi.h>)
#include <cxxabi.h>
#endif

namespace fcbench::sdk::detail {

#if defined(__GXX_RTTI) || defined(_CPPRTTI)
// The exception's type, demangled where the compiler can ("std::invalid_argument").
inline std::string type_name(const std::exception& e) {
  const char* raw = typeid(e).name();
#if __has_include(<cxxabi.h>)
  int status = 0;
  char* demangled = abi::__cxa_demangle(raw, nullptr, nullptr, &status);
  std::string out = status == 0 && demangled ? demangled : raw;
  std::free(demangled);
  return out;
#else
  return raw;
#endif
}
#endif

// The message for an exception from plugin code. An sdk::Error's message is
// for the user as it is; any other exception also gets its type (with RTTI),
// so that std::stod's bare "stod" reads "std::invalid_argument: stod".
inline std::string describe(const std::exception& e) {
  std::string what = e.what() ? e.what() : "";
#if defined(__GXX_RTTI) || defined(_CPPRTTI)
  if (!dynamic_cast<const Error*>(&e)) {
    std::string type = type_name(e);
    return what.empty() || what == type ? type : type + ": " + what;
  }
#endif
  return what.empty() ? "plugin error" : what;
}

// Runs f() and returns 0; if it throws, returns 1 with the message in error.
template <class F>
int capture_error(std::string& error, F&& f) {
  try {
    error.clear();
    f();
    return 0;
  } catch (const std::exception& e) {
    error = describe(e);
  } catch (...) {
    error = "an exception not derived from std::exception";
  }
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
    i.description = "info() failed: " + describe(e);
    return i;
  } catch (...) {
    Info i;
    i.description = "info() failed";
    return i;
  }
}

}  // namespace fcbench::sdk::detail

#endif  // FCBENCH_SDK_DETAIL_ERRORS_HPP
