#include "host/session.hpp"

#include <fmt/ranges.h>

#include "host/journal.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace fcbench::host {

namespace {

std::string list_warnings(const std::vector<std::string>& w) {
  std::string out;
  for (auto& s : w) out += "\n  " + s;
  return out;
}

std::string describe_changes(const std::vector<Change>& changes) {
  auto describe = [](const Change& c) {
    return fmt::format("{} {} → {} ({})", c.setting, c.target, c.original, c.path);
  };
  return fmt::format("{}", fmt::join(mapped(changes, describe), "; "));
}

}  // namespace

Session::Session(Sysfs sys, Settings settings)
    : sys_(std::move(sys)), settings_(std::move(settings)) {
  if (!settings_.changes_anything()) return;
  plan_ = make_plan(sys_, settings_);
  warnings_ = plan_.warnings;
  journal_ = journal_path(sys_);
  if (!plan_.changes.empty()) {
    // A journal left by a dead process is replayed first; one held by a
    // live fcbench means another run owns the host settings.
    if (auto msg = recover_stale(sys_)) fmt::print(stderr, "fcbench: {}\n", *msg);
    try {
      if (auto j = read_journal(journal_); j && owner_alive(*j)) {
        warnings_.push_back(fmt::format(
            "host: another fcbench (pid {}) has changed the host settings and not restored them "
            "yet; leaving them alone",
            j->pid));
        plan_.changes.clear();
      }
    } catch (const UserError& e) {
      warnings_.push_back(std::string("host: ") + e.what());
      plan_.changes.clear();
    }
  }
  if (settings_.strict && !warnings_.empty())
    throw UserError(
        "host settings cannot be applied and --strict-host is set; nothing was changed:" +
            list_warnings(warnings_),
        2);
}

Session::~Session() {
  for (auto& e : restore()) fmt::print(stderr, "warning: host restore: {}\n", e);
}

void Session::apply() {
  if (plan_.changes.empty() || journaled_) return;
  if (!create_journal(journal_, journal_for(sys_, plan_.changes))) {
    // Lost a race with another run since planning.
    std::string w = "host: another fcbench run has just changed the host settings; leaving them";
    if (settings_.strict) throw UserError(w + " (--strict-host); nothing was changed", 2);
    warnings_.push_back(w);
    plan_.changes.clear();
    return;
  }
  journaled_ = true;
  std::vector<std::string> errors;
  auto made = host::apply(sys_, plan_.changes, &errors);
  if (errors.empty()) return;
  // Only what was written needs restoring; the journal says the same.
  plan_.changes = made;
  try {
    rewrite_journal(journal_, journal_for(sys_, made));
  } catch (const std::exception&) {
    // The full journal stays; replaying it rewrites unchanged values, harmlessly.
  }
  if (settings_.strict) {
    auto left = restore();
    throw UserError("host settings could not be applied (--strict-host):" + list_warnings(errors) +
                        (left.empty() ? "\nthe original settings are back"
                                      : "\nand could not all be restored:" + list_warnings(left)),
                    2);
  }
  warnings_.insert(warnings_.end(), errors.begin(), errors.end());
}

std::string Session::before_instance() {
  if (!settings_.drop_caches) return "";
  if (auto err = drop_page_cache(sys_); !err.empty())
    return "drop_caches: cannot write " + std::string(kDropCaches) + ": " + err;
  return "";
}

std::vector<std::string> Session::restore() noexcept {
  std::vector<std::string> errors;
  if (!journaled_) return errors;
  try {
    auto failed = host::restore(sys_, plan_.changes, &errors);
    if (failed.empty()) {
      remove_journal(journal_);
    } else {
      // Keep what is left for `fcbench host restore`.
      rewrite_journal(journal_, journal_for(sys_, failed));
      errors.push_back("the journal " + journal_.string() +
                       " keeps the rest; run `fcbench host restore` as root");
    }
    journaled_ = false;
  } catch (const std::exception& e) {
    errors.push_back(e.what());
  }
  return errors;
}

nlohmann::json Session::describe() const {
  nlohmann::json requested = {
      {"smt", to_string(settings_.smt)},
      {"governor", settings_.governor.empty() ? "keep" : settings_.governor},
      {"turbo", to_string(settings_.turbo)},
      {"drop_caches", settings_.drop_caches},
      {"strict", settings_.strict},
      {"pin", settings_.pin},
      {"cpuset", settings_.cpuset.empty() ? nlohmann::json() : nlohmann::json(settings_.cpuset)}};
  auto state = read_state(sys_);
  nlohmann::json out = state.to_json();
  // The CPUs the run uses: with SMT off, the governor of the offlined
  // siblings does not matter.
  const std::set<int>& in_use = plan_.cpus_in_use.empty() ? state.online : plan_.cpus_in_use;
  out["cpus_in_use"] = format_cpu_list(in_use);
  out["governor"] = state.governor(in_use);
  out["requested"] = requested;
  out["warnings"] = warnings_;
  out["sysfs_root"] = sys_.root().string();
  return out;
}

std::string RestoreReport::summary() const {
  if (!found) return "no host journal";
  if (other_boot)
    return "discarded a host journal from before the last reboot (nothing to restore)";
  if (owner_alive) return "the host journal belongs to a running fcbench; left alone";
  std::string out = restored.empty() ? "the host settings were already original"
                                     : "restored " + describe_changes(restored);
  for (auto& e : errors) out += "\n  " + e;
  return out;
}

RestoreReport restore_from_journal(const Sysfs& sys, bool force) {
  RestoreReport r;
  auto file = journal_path(sys);
  auto j = read_journal(file);
  if (!j) return r;
  r.found = true;
  if (j->boot_id != boot_id(sys)) {
    r.other_boot = true;
    remove_journal(file);
    return r;
  }
  if (!force && owner_alive(*j)) {
    r.owner_alive = true;
    return r;
  }
  auto failed = restore(sys, j->changes, &r.errors);
  for (auto& c : j->changes) {
    bool bad = false;
    for (auto& f : failed) bad = bad || (f.path == c.path && f.original == c.original);
    if (!bad) r.restored.push_back(c);
  }
  if (failed.empty()) {
    remove_journal(file);
  } else {
    j->changes = failed;
    rewrite_journal(file, *j);
  }
  return r;
}

std::optional<std::string> recover_stale(const Sysfs& sys) noexcept {
  try {
    auto file = journal_path(sys);
    auto j = read_journal(file);
    if (!j || (owner_alive(*j) && j->boot_id == boot_id(sys))) return std::nullopt;
    int pid = j->pid;
    auto r = restore_from_journal(sys);
    if (r.other_boot) return r.summary();
    return fmt::format("a previous run (pid {}) ended without restoring the host settings; {}{}",
                       pid, r.summary(),
                       r.errors.empty() ? "" : "\n  run `fcbench host restore` as root to retry");
  } catch (const std::exception& e) {
    return std::string("warning: ") + e.what();
  }
}

}  // namespace fcbench::host
