#include "vmm/firecracker_exit.hpp"

namespace fcbench::vmm {

std::string fc_exit_meaning(int code) {
  switch (code) {
    case 0:
      return "ok";
    case 1:
      return "generic error";
    case 2:
      return "unexpected error";
    case 148:
      return "seccomp: a disallowed system call";
    case 149:
      return "SIGBUS";
    case 150:
      return "SIGSEGV";
    case 151:
      return "SIGXFSZ";
    case 152:
      return "bad configuration";
    case 153:
      return "argument parsing";
    case 154:
      return "SIGXCPU";
    case 155:
      return "SIGPIPE";
    case 156:
      return "SIGHUP";
    case 157:
      return "SIGILL";
    default:
      return "";
  }
}

std::string fc_describe_exit(int code) {
  std::string m = fc_exit_meaning(code);
  return std::to_string(code) + (m.empty() ? "" : " (" + m + ")");
}

}  // namespace fcbench::vmm
