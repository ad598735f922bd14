#include "image/initramfs.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <memory>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace fcbench::image {

namespace {

struct Writer {
  archive* a = archive_write_new();
  std::filesystem::path path;
  ~Writer() { archive_write_free(a); }

  void check(int rc) {
    if (rc != ARCHIVE_OK)
      throw UserError("cannot write initramfs " + path.string() + ": " + archive_error_string(a));
  }
  void add(const std::string& name, mode_t type, int perm, const std::string& data = "",
           dev_t rdev = 0) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(),
                                                               archive_entry_free);
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), type);
    archive_entry_set_perm(e.get(), perm);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    archive_entry_set_mtime(e.get(), 0, 0);  // reproducible
    archive_entry_set_size(e.get(), la_int64_t(data.size()));
    if (rdev) archive_entry_set_rdev(e.get(), rdev);
    check(archive_write_header(a, e.get()));
    if (!data.empty() && archive_write_data(a, data.data(), data.size()) < 0)
      throw UserError("cannot write initramfs: " + std::string(archive_error_string(a)));
  }
};

}  // namespace

std::filesystem::path build_initramfs(const Kernel& kernel, const GuestFiles& guest) {
  Sha256 h;
  h.add("fcbench-initramfs-v1\n").add_file(guest.init).add_file(guest.busybox);
  for (auto& m : kernel.modules) h.add(m.filename().string()).add_file(m);
  auto dir = cache_dir() / "initramfs";
  std::filesystem::create_directories(dir);
  auto out = dir / (h.hex().substr(0, 32) + ".cpio.gz");
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) return out;

  auto tmp = temp_sibling(out);
  {
    Writer w;
    w.path = tmp;
    w.check(archive_write_set_format_cpio_newc(w.a));
    w.check(archive_write_add_filter_gzip(w.a));
    w.check(archive_write_open_filename(w.a, tmp.c_str()));
    for (const char* d : {"bin", "dev", "lib", "lib/modules", "proc", "sys", "newroot", "tmp"})
      w.add(d, AE_IFDIR, 0755);
    w.add("dev/console", AE_IFCHR, 0600, "", makedev(5, 1));
    w.add("init", AE_IFREG, 0755, read_file(guest.init));
    w.add("bin/busybox", AE_IFREG, 0755, read_file(guest.busybox));
    for (auto& m : kernel.modules)
      w.add("lib/modules/" + m.filename().string(), AE_IFREG, 0644, read_file(m));
    w.check(archive_write_close(w.a));
  }
  std::filesystem::rename(tmp, out);
  return out;
}

}  // namespace fcbench::image
