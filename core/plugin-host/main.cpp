// fcbench-plugin-host LIBRARY: serves one plugin library to fcbench on fd 0
// (a socket). fcbench starts it; it is not meant to be run by hand.
#include <cstdio>

#include "plugin/host_server.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define FCBENCH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FCBENCH_ASAN 1
#endif
#endif
#ifdef FCBENCH_ASAN
// In an ASan build (test/sanitize, test/fuzz) this host is instrumented too,
// and ASan's SIGSEGV handler would turn a plugin's segfault into an ASan
// report and SIGABRT. The host exists to die of the plugin's own signal, which
// fcbench reports ("killed by signal 11 (SIGSEGV)"), so ASan leaves SIGSEGV alone
// here. ASAN_OPTIONS still overrides this.
extern "C" const char* __asan_default_options() {
  return "handle_segv=0";
}
#endif

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fcbench-plugin-host LIBRARY (started by fcbench)\n");
    return 2;
  }
  try {
    return fcbench::plugin::serve_plugin(argv[1], 0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fcbench-plugin-host: %s\n", e.what());
    return 1;
  }
}
