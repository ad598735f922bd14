#include "image/guest_files.hpp"

#include <cstdlib>

#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::image {

GuestFiles find_guest_files() {
  const char* gd = std::getenv("FCBENCH_GUEST_DIR");
  std::filesystem::path dir = gd && *gd ? std::filesystem::path(gd) : self_dir() / "guest";
  const char* bb = std::getenv("FCBENCH_BUSYBOX");
  GuestFiles g{dir / "fcbench-agent", dir / "init", bb && *bb ? bb : "/bin/busybox"};
  std::error_code ec;
  for (auto& p : {g.agent, g.init})
    if (!std::filesystem::is_regular_file(p, ec))
      throw UserError("guest file " + p.string() + " is missing; build fcbench with ./setup.sh");
  if (!std::filesystem::is_regular_file(g.busybox, ec))
    throw UserError("static busybox not found at " + g.busybox.string() +
                    "; install it with: apt-get install busybox-static");
  return g;
}

}  // namespace fcbench::image
