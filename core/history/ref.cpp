#include "history/ref.hpp"

#include <fmt/format.h>

#include <charconv>

#include "history/path.hpp"
#include "util/error.hpp"

namespace fcbench::history {

namespace fs = std::filesystem;

namespace {

// `s` as a non-negative decimal number (digits only), or nullopt.
template <class T>
std::optional<T> number(std::string_view s) {
  T v{};
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

[[noreturn]] void not_found(const fs::path& db, const std::string& ref, const char* also) {
  const size_t n = count_runs(db);
  throw UserError(fmt::format("no run '{}' in history DB {} ({} run{}){}", ref, db.string(), n,
                              n == 1 ? "" : "s", also),
                  2);
}

std::optional<RunEntry> nth_last(const fs::path& db, uint32_t back) {
  auto runs = list(db, "", size_t(back) + 1);
  if (runs.size() <= back) return std::nullopt;
  return runs[back];
}

// A directory ref: its registration, or itself when it exists.
std::optional<RunEntry> as_dir(const fs::path& db, const std::string& ref) {
  if (auto e = find_dir(db, ref)) return e;
  std::error_code ec;
  if (!fs::is_directory(ref, ec)) return std::nullopt;
  RunEntry e;
  e.info.dir = normal_dir(ref);
  e.dir_exists = true;
  return e;
}

}  // namespace

RefSpec parse_ref(const std::string& ref) {
  if (ref.empty())
    throw UserError("an empty history ref: give a run id, last, last~N or a directory", 2);
  if (ref == "last") return {RefSpec::Kind::last, 0, 0};
  if (ref.rfind("last~", 0) == 0) {
    auto n = number<uint32_t>(std::string_view(ref).substr(5));
    if (!n) throw UserError("bad history ref '" + ref + "': expected last~N, N a number", 2);
    return {RefSpec::Kind::last, 0, *n};
  }
  if (auto id = number<int64_t>(ref)) return {RefSpec::Kind::id, *id, 0};
  return {RefSpec::Kind::dir, 0, 0};
}

RunEntry resolve(const fs::path& db, const std::string& ref) {
  const RefSpec r = parse_ref(ref);
  std::optional<RunEntry> e;
  switch (r.kind) {
    case RefSpec::Kind::last:
      e = nth_last(db, r.back);
      break;
    case RefSpec::Kind::id:
      e = get(db, r.id);
      if (!e) e = as_dir(db, ref);
      break;
    case RefSpec::Kind::dir:
      e = as_dir(db, ref);
      if (!e) not_found(db, ref, ", and no directory of that name");
      break;
  }
  if (!e) not_found(db, ref, "");
  return *e;
}

fs::path resolve_dir(const fs::path& db, const std::string& ref) {
  RunEntry e = resolve(db, ref);
  if (!e.dir_exists)
    throw UserError(fmt::format("run {} ('{}'): its directory {} is gone (moved or deleted)", e.id,
                                ref, e.info.dir.string()),
                    2);
  return e.info.dir;
}

fs::path resolve_dir(const std::string& ref) {
  return resolve_dir(default_history_path(), ref);
}

}  // namespace fcbench::history
