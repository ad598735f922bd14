// fcbench-plugin-host LIBRARY: serves one plugin library to fcbench on fd 0
// (a socket). fcbench starts it; it is not meant to be run by hand.
#include <cstdio>

#include "plugin/host_server.hpp"

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
