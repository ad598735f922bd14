#include "pack/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include "pack/manifest.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace fcbench::pack {

namespace fs = std::filesystem;

namespace {

using Writer = std::unique_ptr<struct archive, decltype(&archive_write_free)>;
using Reader = std::unique_ptr<struct archive, decltype(&archive_read_free)>;
using Entry = std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)>;

[[noreturn]] void bad(const fs::path& archive, const std::string& why) {
  throw UserError(fmt::format("{}: {}", archive.string(), why), 2);
}

// libarchive's message for its last error; it may have none (NULL).
std::string error_of(struct archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "libarchive gave no reason";
}

void write_one(struct archive* a, const FileEntry& f, const fs::path& archive) {
  const std::string data = read_file(f.from);
  const bool exec = (fs::status(f.from).permissions() & fs::perms::owner_exec) != fs::perms::none;
  Entry e(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname(e.get(), f.path.c_str());
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), exec ? 0755 : 0644);
  archive_entry_set_size(e.get(), la_int64_t(data.size()));
  archive_entry_set_mtime(e.get(), 0, 0);
  archive_entry_set_uid(e.get(), 0);
  archive_entry_set_gid(e.get(), 0);
  if (archive_write_header(a, e.get()) != ARCHIVE_OK ||
      archive_write_data(a, data.data(), data.size()) != la_ssize_t(data.size()))
    bad(archive, fmt::format("cannot write {}: {}", f.path, error_of(a)));
}

// A symlink's target, resolved against its own directory, stays inside.
bool link_inside(const std::string& path, const std::string& target) {
  if (target.empty() || target[0] == '/') return false;
  int depth = 0;
  const fs::path dir = fs::path(path).parent_path();
  for (const auto& part : dir / target) {
    if (part == "..")
      --depth;
    else if (part != "." && !part.empty())
      ++depth;
    if (depth < 0) return false;
  }
  return true;
}

void check_entry(struct archive_entry* e, const fs::path& archive) {
  const char* raw = archive_entry_pathname(e);
  const std::string path = raw ? raw : "";
  if (!valid_relative_path(path))
    bad(archive, fmt::format("refusing entry '{}': absolute or '..' path", path));
  if (archive_entry_hardlink(e))
    bad(archive, fmt::format("refusing entry '{}': a hard link", path));
  const auto type = archive_entry_filetype(e);
  if (type == AE_IFLNK) {
    // "a/b/" would be judged from inside a/b but land in a/.
    if (!path.empty() && path.back() == '/')
      bad(archive, fmt::format("refusing entry '{}': a symlink named like a directory", path));
    const char* t = archive_entry_symlink(e);
    if (!link_inside(path, t ? t : ""))
      bad(archive, fmt::format("refusing entry '{}': a symlink to '{}', outside the pack", path,
                               t ? t : ""));
  } else if (type != AE_IFREG && type != AE_IFDIR) {
    bad(archive, fmt::format("refusing entry '{}': not a regular file or directory", path));
  }
}

// No directory on the way from `into` to `path` may be a symlink: a file
// written through one could land anywhere.
void check_no_link_on_path(const fs::path& into, const std::string& path, const fs::path& archive) {
  fs::path at = into;
  for (const auto& part : fs::path(path).parent_path()) {
    at /= part;
    if (fs::is_symlink(at))
      bad(archive, fmt::format("refusing entry '{}': it goes through the symlink {}", path,
                               at.lexically_relative(into).string()));
  }
}

void extract_file(struct archive* a, struct archive_entry* e, const fs::path& to,
                  const fs::path& archive) {
  fs::create_directories(to.parent_path());
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  const void* buf;
  size_t size;
  la_int64_t offset;
  int rc;
  while ((rc = archive_read_data_block(a, &buf, &size, &offset)) == ARCHIVE_OK)
    out.write(static_cast<const char*>(buf), std::streamsize(size));
  if (rc != ARCHIVE_EOF)
    bad(archive, fmt::format("corrupt or truncated: {}", error_of(a)));
  if (!out.flush()) bad(archive, "cannot write " + to.string());
  const bool exec = archive_entry_perm(e) & 0111;
  fs::permissions(to, exec ? fs::perms(0755) : fs::perms(0644));
}

}  // namespace

void write_archive(const fs::path& archive, std::vector<FileEntry> files) {
  std::sort(files.begin(), files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  Writer a(archive_write_new(), archive_write_free);
  if (archive_write_add_filter_zstd(a.get()) != ARCHIVE_OK ||
      archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
      archive_write_open_filename(a.get(), archive.c_str()) != ARCHIVE_OK)
    bad(archive, fmt::format("cannot create: {}", error_of(a.get())));
  for (const FileEntry& f : files) write_one(a.get(), f, archive);
  if (archive_write_close(a.get()) != ARCHIVE_OK)
    bad(archive, fmt::format("cannot finish: {}", error_of(a.get())));
}

namespace {

Reader new_reader() {
  Reader a(archive_read_new(), archive_read_free);
  archive_read_support_filter_zstd(a.get());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  return a;
}

// Unpacks the opened archive `a` into `into`.
std::vector<std::string> unpack(struct archive* a, const fs::path& archive, const fs::path& into) {
  std::vector<std::string> files;
  struct archive_entry* e;
  int rc;
  while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
    check_entry(e, archive);
    const std::string path =
        fs::path(archive_entry_pathname(e)).lexically_normal().generic_string();
    if (path == "." || path == "./") continue;  // tar's own top directory
    const fs::path to = into / path;
    // An entry that clashes with an earlier one (a file where a directory
    // is, or the reverse) or that the filesystem refuses (a name too long):
    // refused, naming the entry, never a filesystem_error escaping.
    try {
      check_no_link_on_path(into, path, archive);
      if (fs::is_symlink(to))
        bad(archive, fmt::format("refusing entry '{}': written twice", path));
      if (archive_entry_filetype(e) == AE_IFDIR) {
        fs::create_directories(to);
      } else if (archive_entry_filetype(e) == AE_IFLNK) {
        fs::create_directories(to.parent_path());
        fs::create_symlink(archive_entry_symlink(e), to);
      } else {
        extract_file(a, e, to, archive);
        files.push_back(path);
      }
    } catch (const fs::filesystem_error& err) {
      bad(archive, fmt::format("cannot unpack entry '{}': {}", path, err.code().message()));
    }
  }
  if (rc != ARCHIVE_EOF)
    bad(archive, fmt::format("corrupt or truncated: {}", error_of(a)));
  return files;
}

}  // namespace

std::vector<std::string> read_archive(const fs::path& archive, const fs::path& into) {
  Reader a = new_reader();
  if (archive_read_open_filename(a.get(), archive.c_str(), 1 << 16) != ARCHIVE_OK)
    bad(archive, fmt::format("not a pack archive: {}", error_of(a.get())));
  return unpack(a.get(), archive, into);
}

std::vector<std::string> read_archive_memory(std::string_view bytes, const std::string& name,
                                             const fs::path& into) {
  Reader a = new_reader();
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    bad(name, fmt::format("not a pack archive: {}", error_of(a.get())));
  return unpack(a.get(), name, into);
}

}  // namespace fcbench::pack
