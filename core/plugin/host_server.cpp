#include "plugin/host_server.hpp"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <memory>
#include <thread>

#include "plugin/library.hpp"
#include "plugin/wire.hpp"

namespace fcbench::plugin {

namespace {

// Ends this process once fcbench's end of the socket is closed, even while
// the plugin is stuck in a call: a host never outlives fcbench.
void watch_peer(int fd) {
  std::thread([fd] {
    for (;;) {
      pollfd p{fd, 0, 0};  // POLLHUP is always reported
      if (::poll(&p, 1, -1) > 0 && (p.revents & (POLLHUP | POLLERR))) ::_exit(0);
    }
  }).detach();
}

std::string error(const std::string& message) {
  return wire::Writer().u8(wire::kError).str(message).frame();
}

// The reply to one request.
std::string answer(const Library* lib, const std::string& load_error, std::string_view body) {
  wire::Reader r(body);
  const auto op = static_cast<wire::Op>(r.u8());
  if (!lib) return error(load_error);
  wire::Writer w;
  w.u8(wire::kOk);
  switch (op) {
    case wire::Op::info:
      wire::put(w, lib->info());
      return w.frame();
    case wire::Op::job:
      wire::put(w, lib->describe_job(wire::get_params(r)));
      return w.frame();
    case wire::Op::parse:
      wire::put(w, lib->parse(wire::get_output(r)));
      return w.frame();
    case wire::Op::jobs:
      for (uint32_t n = r.u32(); n > 0; --n) {
        const ParamMap params = wire::get_params(r);
        try {
          const Job job = lib->describe_job(params);
          wire::put(w.u8(wire::kOk), job);
        } catch (const std::exception& e) {
          w.u8(wire::kError).str(e.what());
        }
      }
      return w.frame();
  }
  return error("plugin host: unknown request");
}

}  // namespace

int serve_plugin(const std::filesystem::path& library, int fd) {
  ::dup2(2, 1);
  ::signal(SIGINT, SIG_IGN);
  watch_peer(fd);
  std::unique_ptr<Library> lib;
  std::string load_error;
  try {
    lib = Library::open(library);
  } catch (const std::exception& e) {
    load_error = e.what();
  }
  std::string body;
  while (wire::read_frame(fd, body)) {
    std::string reply;
    try {
      reply = answer(lib.get(), load_error, body);
    } catch (const std::exception& e) {
      reply = error(e.what());
    }
    if (!wire::write_all(fd, reply)) return 1;
  }
  return 0;
}

}  // namespace fcbench::plugin
