#include "image/rootfs.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>
#include <sstream>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/process.hpp"

namespace fcbench::image {

namespace {

// Shared libraries (and the ELF interpreter) an executable needs, via ldd.
std::vector<std::string> library_closure(const std::string& exe) {
  auto r = run_command({"ldd", exe}, std::chrono::seconds(30));
  std::vector<std::string> libs;
  if (r.exit_code != 0) return libs;  // static, or not ELF: nothing to add
  static const std::regex arrow(R"(=>\s+(/\S+))"), bare(R"(^\s*(/\S+)\s+\()");
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, arrow) || std::regex_search(line, m, bare)) libs.push_back(m[1]);
  }
  return libs;
}

uintmax_t size_of(const std::filesystem::path& p) {
  std::error_code ec;
  auto s = std::filesystem::file_size(p, ec);
  return ec ? 0 : s;
}

}  // namespace

std::vector<StagedFile> payload_files(
    const std::vector<std::shared_ptr<const plugin::Plugin>>& plugins) {
  std::vector<StagedFile> out;
  for (const auto& p : plugins) {
    for (const auto& f : p->payload_files()) {
      if (f.kind == FCB_FILE_HOST_BINARY) {
        std::string exe = which(f.source);
        if (exe.empty())
          throw UserError(
              "plugin " + p->name() + " needs host program '" + f.source +
              "', which is not installed (install the Debian package that provides it)");
        out.push_back({exe, f.guest_path, p->name()});
        for (auto& lib : library_closure(exe)) out.push_back({lib, lib, p->name()});
      } else {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(f.source, ec))
          throw UserError("plugin " + p->name() + " payload file " + f.source +
                          " is missing (rebuild the plugin; it ships beside " +
                          p->library_path().string() + ")");
        out.push_back({f.source, f.guest_path, p->name()});
      }
    }
  }
  // One entry per guest path: shared libraries repeat across binaries, but
  // two different files claiming one path is an error, never a silent pick.
  std::stable_sort(out.begin(), out.end(),
                   [](auto& a, auto& b) { return a.guest_path < b.guest_path; });
  std::vector<StagedFile> unique;
  for (auto& f : out) {
    if (!unique.empty() && unique.back().guest_path == f.guest_path) {
      std::error_code ec;
      if (std::filesystem::equivalent(unique.back().source, f.source, ec)) continue;
      throw UserError("guest path " + f.guest_path + " is claimed twice: by plugin " +
                      unique.back().owner + " (" + unique.back().source.string() +
                      ") and by plugin " + f.owner + " (" + f.source.string() + ")");
    }
    unique.push_back(f);
  }
  out = std::move(unique);
  return out;
}

namespace {

// The content hash of the rootfs's inputs (paths, modes, bytes), and their
// total size.
std::pair<std::string, uintmax_t> hash_inputs(const std::vector<StagedFile>& all) {
  Sha256 h;
  h.add("fcbench-rootfs-v1\n");
  uintmax_t bytes = 0;
  for (const auto& f : all) {
    struct stat st {};
    ::stat(f.source.c_str(), &st);
    h.add(f.guest_path + "\n" + std::to_string(st.st_mode & 0777) + "\n").add_file(f.source);
    bytes += size_of(f.source);
  }
  return {h.hex(), bytes};
}

// busybox applets as symlinks, where no payload file took the name.
void link_applets(const std::filesystem::path& busybox, const std::filesystem::path& stage) {
  auto list = run_command({busybox.string(), "--list-full"}, std::chrono::seconds(10));
  if (list.exit_code != 0) throw UserError("cannot list busybox applets: " + list.output);
  std::istringstream in(list.output);
  std::error_code ec;
  for (std::string applet; std::getline(in, applet);) {
    if (applet.empty()) continue;
    auto link = stage / applet;
    if (std::filesystem::exists(std::filesystem::symlink_status(link, ec))) continue;
    std::filesystem::create_directories(link.parent_path());
    std::filesystem::create_symlink("/bin/busybox", link, ec);
  }
}

// The guest's tree in `stage`: the standard directories, every file with
// its mode (made readable), the applet links and the rootfs's own hash.
void stage_tree(const std::filesystem::path& stage, const std::vector<StagedFile>& all,
                const std::filesystem::path& busybox, const std::string& hash) {
  for (const char* d :
       {"bin", "sbin", "usr/bin", "usr/sbin", "work", "tmp", "proc", "sys", "dev", "etc", "root"})
    std::filesystem::create_directories(stage / d);
  for (const auto& f : all) {
    auto dst = stage / std::filesystem::path(f.guest_path).relative_path();
    std::filesystem::create_directories(dst.parent_path());
    std::filesystem::copy_file(f.source, dst, std::filesystem::copy_options::overwrite_existing);
    struct stat st {};
    ::stat(f.source.c_str(), &st);
    ::chmod(dst.c_str(), (st.st_mode & 0777) | 0444);
  }
  link_applets(busybox, stage);
  write_file(stage / "etc" / "fcbench-rootfs", hash + "\n");
}

// mkfs.ext4 copies `stage` into a fresh read-only image at `image`.
void make_image(const std::filesystem::path& stage, const std::filesystem::path& image,
                uintmax_t bytes) {
  uintmax_t mib = bytes * 5 / 4 / (1 << 20) + 16;
  auto tmp_img = temp_sibling(image);
  auto mk = run_command(
      {"mkfs.ext4", "-q", "-F", "-L", "fcbench-root", "-O", "^has_journal", "-E", "root_owner=0:0",
       "-d", stage.string(), tmp_img.string(), std::to_string(mib) + "M"},
      std::chrono::minutes(5));
  if (mk.exit_code != 0) {
    std::error_code ec;
    std::filesystem::remove(tmp_img, ec);
    throw UserError("mkfs.ext4 failed building the rootfs (install e2fsprogs >= 1.43 for -d): " +
                    mk.output);
  }
  ::chmod(tmp_img.c_str(), 0444);
  std::filesystem::rename(tmp_img, image);
}

}  // namespace

Rootfs build_rootfs(const GuestFiles& guest, const std::vector<StagedFile>& files) {
  std::vector<StagedFile> all = files;
  all.push_back({guest.busybox, "/bin/busybox", "fcbench"});
  all.push_back({guest.agent, "/sbin/fcbench-agent", "fcbench"});
  auto [hash, bytes] = hash_inputs(all);
  Rootfs r;
  r.hash = hash;
  auto dir = cache_dir() / "rootfs";
  std::filesystem::create_directories(dir);
  r.path = dir / (r.hash.substr(0, 32) + ".ext4");
  std::error_code ec;
  if (std::filesystem::exists(r.path, ec)) return r;

  // Stage a tree, then let mkfs.ext4 copy it into a fresh image.
  auto stage = temp_sibling(r.path);
  std::filesystem::create_directories(stage);
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() {
      std::error_code e;
      std::filesystem::remove_all(p, e);
    }
  } cleanup{stage};
  stage_tree(stage, all, guest.busybox, r.hash);
  make_image(stage, r.path, bytes);
  r.built = true;
  return r;
}

}  // namespace fcbench::image
