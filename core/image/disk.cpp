#include "image/disk.hpp"

#include <chrono>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/process.hpp"

namespace fcbench::image {

std::filesystem::path work_disk_template(uint32_t size_mib) {
  auto dir = cache_dir() / "disks";
  std::filesystem::create_directories(dir);
  auto out = dir / ("work-" + std::to_string(size_mib) + "M.ext4");
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) return out;
  auto tmp = temp_sibling(out);
  // Fully initialised tables, so no lazy init runs in the guest during I/O.
  auto mk = run_command({"mkfs.ext4", "-q", "-F", "-L", "fcbench-work", "-E",
                         "lazy_itable_init=0,lazy_journal_init=0,root_owner=0:0", tmp.string(),
                         std::to_string(size_mib) + "M"},
                        std::chrono::minutes(5));
  if (mk.exit_code != 0) {
    std::filesystem::remove(tmp, ec);
    throw UserError("mkfs.ext4 failed making the write-disk template (install e2fsprogs): " +
                    mk.output);
  }
  std::filesystem::rename(tmp, out);
  return out;
}

void make_work_disk(const std::filesystem::path& template_path, const std::filesystem::path& dst) {
  copy_sparse(template_path, dst, 0600);
}

}  // namespace fcbench::image
