// The restore journal: the host's original settings, written before the
// first change so that a crashed run can be undone by the next fcbench
// command. One journal per sysfs root, in the cache directory.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/sysfs.hpp"
#include "host/tuner.hpp"

namespace fcbench::host {

struct Journal {
  pid_t pid = 0;           // the fcbench process that made the changes
  uint64_t pid_start = 0;  // its start time, so a reused pid is not taken for it
  std::string boot_id;     // /proc/sys/kernel/random/boot_id at the time
  std::string root;        // the sysfs root the paths are under
  std::string created_at;  // UTC, for humans
  std::vector<Change> changes;
};

// <cache>/host-journal.json for the real root; a redirected root (tests)
// gets its own file, named by a hash of the root.
std::filesystem::path journal_path(const Sysfs& sys);

// A journal owned by this process, for `changes` under `sys`.
Journal journal_for(const Sysfs& sys, std::vector<Change> changes);

std::string boot_id(const Sysfs& sys);

// Writes the journal atomically and only if none exists: false if one does.
bool create_journal(const std::filesystem::path& file, const Journal& j);
// Replaces an existing journal atomically (after a partial restore).
void rewrite_journal(const std::filesystem::path& file, const Journal& j);
// nullopt if there is no journal; throws UserError if it cannot be parsed.
std::optional<Journal> read_journal(const std::filesystem::path& file);
void remove_journal(const std::filesystem::path& file);

// True while the process that wrote the journal is still running.
bool owner_alive(const Journal& j);

}  // namespace fcbench::host
