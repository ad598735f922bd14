#include "host/journal.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace fcbench::host {

namespace {

constexpr int kFormat = 1;

std::string dump(const Journal& j) {
  nlohmann::json changes = nlohmann::json::array();
  for (auto& c : j.changes)
    changes.push_back(
        {{"setting", c.setting}, {"path", c.path}, {"original", c.original}, {"target", c.target}});
  nlohmann::json doc = {{"format", kFormat},    {"pid", j.pid},   {"pid_start", j.pid_start},
                        {"boot_id", j.boot_id}, {"root", j.root}, {"created_at", j.created_at},
                        {"changes", changes}};
  return doc.dump(2) + "\n";
}

}  // namespace

std::filesystem::path journal_path(const Sysfs& sys) {
  if (!sys.redirected()) return cache_dir() / "host-journal.json";
  return cache_dir() / ("host-journal-" + sha256_hex(sys.root().string()).substr(0, 16) + ".json");
}

std::string boot_id(const Sysfs& sys) {
  return sys.read("/proc/sys/kernel/random/boot_id").value_or("");
}

Journal journal_for(const Sysfs& sys, std::vector<Change> changes) {
  Journal j;
  j.pid = ::getpid();
  j.pid_start = process_start_time(j.pid).value_or(0);
  j.boot_id = boot_id(sys);
  j.root = sys.root().string();
  j.created_at = utc_now_iso(false);
  j.changes = std::move(changes);
  return j;
}

bool create_journal(const std::filesystem::path& file, const Journal& j) {
  std::filesystem::create_directories(file.parent_path());
  auto tmp = temp_sibling(file);
  write_file(tmp, dump(j), 0600);
  // link() is atomic and fails if the name exists: the journal appears
  // complete or not at all, and never replaces another run's.
  int rc = ::link(tmp.c_str(), file.c_str());
  int err = errno;
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  if (rc == 0) return true;
  if (err == EEXIST) return false;
  throw UserError("cannot create the host journal " + file.string() + ": " + std::strerror(err));
}

void rewrite_journal(const std::filesystem::path& file, const Journal& j) {
  write_file_atomic(file, dump(j), 0600);
}

std::optional<Journal> read_journal(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::nullopt;
  try {
    auto doc = nlohmann::json::parse(read_file(file));
    if (doc.value("format", 0) != kFormat) throw std::runtime_error("unknown format");
    Journal j;
    j.pid = doc.at("pid").get<pid_t>();
    j.pid_start = doc.value("pid_start", uint64_t(0));
    j.boot_id = doc.value("boot_id", "");
    j.root = doc.value("root", "");
    j.created_at = doc.value("created_at", "");
    for (auto& c : doc.at("changes"))
      j.changes.push_back({c.at("setting").get<std::string>(), c.at("path").get<std::string>(),
                           c.at("original").get<std::string>(), c.at("target").get<std::string>()});
    return j;
  } catch (const std::exception& e) {
    throw UserError("the host journal " + file.string() + " cannot be read (" + e.what() +
                    "); check the settings it names and delete it by hand");
  }
}

void remove_journal(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::remove(file, ec);
}

bool owner_alive(const Journal& j) {
  auto start = process_start_time(j.pid);
  return start && (j.pid_start == 0 || *start == j.pid_start);
}

}  // namespace fcbench::host
