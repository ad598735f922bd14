// Host settings for the length of one run, with guaranteed restore:
// plan (read only) → journal → apply → restore. The destructor restores,
// so an exception or an interrupted run leaves the host as it was; a
// SIGKILL leaves the journal, which the next fcbench command replays
// (recover_stale).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "host/settings.hpp"
#include "host/sysfs.hpp"
#include "host/tuner.hpp"

namespace fcbench::host {

class Session {
 public:
  // Plans the settings; changes nothing. With settings.strict, anything
  // that cannot be applied throws UserError (exit code 2).
  Session(Sysfs sys, Settings settings);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Settings that cannot be applied, "setting: reason"; grows if a write
  // fails during apply().
  const std::vector<std::string>& warnings() const { return warnings_; }
  const Plan& plan() const { return plan_; }

  // Writes the journal, then the changes. With strict, a failed write
  // restores everything and throws UserError (exit code 2).
  void apply();
  // Drops the page cache if drop_caches is set. Returns "" or a warning.
  std::string before_instance();
  // Writes the original values back and removes the journal. Idempotent;
  // never throws. Returns what could not be restored.
  std::vector<std::string> restore() noexcept;

  // For env.json: what was asked, the host's state now, the warnings.
  nlohmann::json describe() const;

 private:
  Sysfs sys_;
  Settings settings_;
  Plan plan_;
  std::vector<std::string> warnings_;
  std::filesystem::path journal_;
  bool journaled_ = false;
};

// Result of replaying or inspecting a journal.
struct RestoreReport {
  bool found = false;               // there was a journal for this root
  bool owner_alive = false;         // its process is still running (nothing done)
  bool other_boot = false;          // written before the last reboot (discarded)
  std::vector<Change> restored;     // changes undone
  std::vector<std::string> errors;  // writes that failed; the journal stays
  std::string summary() const;
};

// Replays the journal for this root if its process is gone (the host is
// restored and the journal removed), or discards it if it predates the last
// boot. Leaves a live process's journal alone, unless `force`.
RestoreReport restore_from_journal(const Sysfs& sys, bool force = false);

// For the start of every fcbench command: the message to print, if a stale
// journal was found. Never throws.
std::optional<std::string> recover_stale(const Sysfs& sys) noexcept;

}  // namespace fcbench::host
