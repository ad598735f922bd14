#include "image/guest_files.hpp"

#include <cstdlib>

#include "util/fs.hpp"
#include "util/layout.hpp"

namespace fcbench::image {

namespace {
constexpr const char* kFix =
    "set FCBENCH_GUEST_DIR to a directory holding init and fcbench-agent, or run an installed "
    "fcbench (cmake --install build --prefix P, or the fcbench .deb: it finds them in "
    "P/lib/fcbench/guest), or a built one (./setup.sh in the source tree)";

// Where fcbench looked for `missing`, in search order, on one line.
std::string where_looked(const fs::path& missing, bool from_env) {
  const std::string m = "guest file " + missing.string() + " is missing; ";
  if (from_env)
    return m + "fcbench looked in $FCBENCH_GUEST_DIR (" + missing.parent_path().string() + ")";
  const fs::path self = self_dir();
  return m + "fcbench looks in $FCBENCH_GUEST_DIR (unset), else in <prefix>/lib/fcbench/guest " +
         "when it runs as <prefix>/bin/fcbench (here " +
         (install_data_dir(self) / "guest").string() +
         "), else in guest/ beside itself as in a build tree (here " + (self / "guest").string() +
         ")";
}
}  // namespace

GuestFiles find_guest_files() {
  const char* gd = std::getenv("FCBENCH_GUEST_DIR");
  const bool from_env = gd && *gd;
  const fs::path dir = from_env ? fs::path(gd) : self_layout().guest;
  const char* bb = std::getenv("FCBENCH_BUSYBOX");
  GuestFiles g{dir / "fcbench-agent", dir / "init", bb && *bb ? bb : "/bin/busybox"};
  std::error_code ec;
  for (auto& p : {g.agent, g.init})
    if (!fs::is_regular_file(p, ec)) throw GuestFilesMissing(where_looked(p, from_env), kFix);
  if (!fs::is_regular_file(g.busybox, ec))
    throw UserError("static busybox not found at " + g.busybox.string() +
                    "; install it with: apt-get install busybox-static");
  return g;
}

}  // namespace fcbench::image
