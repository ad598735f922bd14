#include "image/kernel.hpp"

#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::image {

namespace {

// How to get the kernel: the script an install ships beside fcbench, which
// setup.sh runs in a source tree.
constexpr const char* kFetchHint =
    "run fcbench-fetch-kernel (installed beside fcbench; in a source tree ./setup.sh runs "
    "assets/fcbench-fetch-kernel), which fetches Debian's linux-image-cloud-amd64";

std::vector<std::filesystem::path> modules_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& m : kVirtioModules) {
    auto p = dir / (m + ".ko");
    if (!std::filesystem::exists(p, ec))
      throw UserError("kernel module " + p.string() + " is missing; " + kFetchHint +
                      " (add --refresh)");
    out.push_back(p);
  }
  return out;
}
}  // namespace

Kernel find_kernel(const std::string& override_path) {
  std::error_code ec;
  if (!override_path.empty()) {
    std::filesystem::path k = override_path;
    if (!std::filesystem::is_regular_file(k, ec))
      throw UserError("guest kernel not found: " + k.string() +
                      " (check the suite's 'kernel:' key)");
    return {k, k.filename().string(), modules_in(k.parent_path() / "modules"), {}};
  }
  auto base = cache_dir() / "kernel";
  auto current = base / "current";
  if (!std::filesystem::exists(current, ec))
    throw UserError("guest kernel not found in " + base.string() + "; " + kFetchHint +
                    " (or set FCBENCH_CACHE to where it was prepared)");
  std::string release = read_file(current);
  while (!release.empty() && (release.back() == '\n' || release.back() == ' ')) release.pop_back();
  auto dir = base / release;
  Kernel k{dir / "vmlinuz", release, {}, {}};
  if (!std::filesystem::is_regular_file(k.image, ec))
    throw UserError("guest kernel " + k.image.string() + " is missing; " + kFetchHint +
                    " (add --refresh)");
  k.modules = modules_in(dir / "modules");
  if (k.modules.empty())
    throw UserError("virtio modules missing in " + (dir / "modules").string() + "; " + kFetchHint +
                    " (add --refresh)");
  return k;
}

}  // namespace fcbench::image
