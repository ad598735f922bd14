// Pack archives: tar + zstd (libarchive). Writing is reproducible: entries
// sorted by path, mtime 0, uid/gid 0, no owner names, modes 0644 or 0755.
// Reading refuses what could escape or surprise the directory it lands in.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fcbench::pack {

struct FileEntry {
  std::string path;            // inside the archive, relative, '/'-separated
  std::filesystem::path from;  // the file on disk
};

// Writes `files` (regular files only) to `archive`. Throws UserError.
void write_archive(const std::filesystem::path& archive, std::vector<FileEntry> files);

// Unpacks `archive` into the existing, empty directory `into`. Throws
// UserError (exit 2) naming the archive and the reason for: an unreadable,
// corrupt or truncated archive; an absolute path or ".." component; a hard
// link; a symlink whose target leaves the pack; a device, FIFO or socket.
// Returns the regular files unpacked (relative paths).
std::vector<std::string> read_archive(const std::filesystem::path& archive,
                                      const std::filesystem::path& into);

// read_archive() over an archive held in memory; `name` names it in errors.
// (The fuzz target test/fuzz/fuzz_pack.cpp reads its inputs this way.)
std::vector<std::string> read_archive_memory(std::string_view bytes, const std::string& name,
                                             const std::filesystem::path& into);

}  // namespace fcbench::pack
