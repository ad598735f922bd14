#include "results/legacy_csv.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "util/error.hpp"
#include "util/number.hpp"

namespace fcbench::results::legacy {

namespace {

constexpr std::string_view kBlanks = " \t\r";

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(kBlanks);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kBlanks) - b + 1);
}

bool same_name(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::vector<std::string> names_of(const char* header) {
  std::vector<std::string> out;
  for (auto& f : split_fields(header)) out.push_back(f.text);
  return out;
}

// The header line must name exactly the expected columns, in order.
void check_header(const std::vector<Field>& f, const std::vector<std::string>& names,
                  const LineRef& ref, std::string_view line) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i >= f.size())
      ref.fail(int(line.size() + 1), fmt::format("the header lacks column '{}' (expected '{}')",
                                                 names[i], fmt::join(names, ", ")));
    if (!same_name(f[i].text, names[i]))
      ref.fail(f[i].col, fmt::format("expected column '{}' here, got '{}' (expected '{}')",
                                     names[i], f[i].text, fmt::join(names, ", ")));
  }
  if (f.size() > names.size())
    ref.fail(f[names.size()].col, fmt::format("unexpected column '{}' (expected '{}')",
                                              f[names.size()].text, fmt::join(names, ", ")));
}

// A data line has one field per column.
void check_count(const std::vector<Field>& f, const std::vector<std::string>& names,
                 const LineRef& ref, std::string_view line) {
  if (f.size() < names.size())
    ref.fail(int(line.size() + 1),
             fmt::format("missing '{}': expected {} fields ({}), got {}", names[f.size()],
                         names.size(), fmt::join(names, ", "), f.size()));
  if (f.size() > names.size())
    ref.fail(f[names.size()].col, fmt::format("expected {} fields ({}), got {}", names.size(),
                                              fmt::join(names, ", "), f.size()));
}

// Walks the data lines after the header: row(fields, ref) for each, and
// comment(text, col, ref) for each '#' line (col: the column after '#').
template <class Row, class Comment>
void walk(std::string_view text, const std::string& file, const char* header,
          std::vector<std::string>& warnings, Row row, Comment comment) {
  const std::vector<std::string> names = names_of(header);
  bool in_data = false;
  int first_skipped = 0, last_skipped = 0, no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    const LineRef ref{file, ++no};
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = trim(line);
    if (t.empty()) continue;
    if (t[0] == '#') {
      comment(t.substr(1), int(line.find('#') + 2), ref);
      continue;
    }
    auto f = split_fields(line);
    if (in_data) {
      check_count(f, names, ref, line);
      row(f, ref);
    } else if (same_name(f[0].text, names[0])) {
      check_header(f, names, ref, line);
      in_data = true;
    } else {
      if (!first_skipped) first_skipped = no;
      last_skipped = no;
    }
  }
  if (!in_data) throw ConfigError(fmt::format("{}:1:1: no header line '{}' found", file, header));
  if (first_skipped)
    warnings.push_back(fmt::format(
        "{}: skipped line{} {} before the header: not data (console output of the prior tool?)",
        file, first_skipped == last_skipped ? "" : "s",
        first_skipped == last_skipped ? std::to_string(first_skipped)
                                      : fmt::format("{}-{}", first_skipped, last_skipped)));
}

void no_comment(std::string_view, int, const LineRef&) {}

// A whole number >= 0 (tFC, tVM, run).
int64_t whole(const LineRef& ref, const Field& f, const char* what, const char* unit) {
  if (f.text.empty()) ref.fail(f.col, fmt::format("{} is empty", what));
  auto v = parse_number<int64_t>(f.text);
  if (!v || *v < 0)
    ref.fail(f.col,
             fmt::format("{} must be a whole number of {} >= 0, got '{}'", what, unit, f.text));
  return *v;
}

uint64_t bytes(const LineRef& ref, const Field& f, const char* what) {
  if (f.text.empty()) ref.fail(f.col, fmt::format("{} is empty", what));
  auto v = parse_number<uint64_t>(f.text);
  if (!v)
    ref.fail(f.col, fmt::format("{} must be a whole number of bytes, got '{}'", what, f.text));
  return *v;
}

double real(const LineRef& ref, const Field& f, const char* what) {
  if (f.text.empty()) ref.fail(f.col, fmt::format("{} is empty", what));
  auto v = parse_number<double>(f.text);
  if (!v || *v < 0)
    ref.fail(f.col, fmt::format("{} must be a number >= 0, got '{}'", what, f.text));
  return *v;
}

// Unix seconds (whole or with a fraction) in ns.
int64_t unix_ns(const LineRef& ref, const Field& f, const char* what) {
  constexpr int64_t kMaxS = 9'000'000'000;  // int64 ns reach 2262
  if (auto s = parse_number<int64_t>(f.text); s && *s >= 0 && *s <= kMaxS)
    return *s * 1'000'000'000;
  auto s = parse_number<double>(f.text);
  if (f.text.empty() || !s || *s < 0 || *s > double(kMaxS))
    ref.fail(f.col, fmt::format("{} must be Unix seconds, got '{}'", what, f.text));
  return std::llround(*s * 1e9);
}

Field argument(const LineRef& ref, const Field& f) {
  if (f.text.empty()) ref.fail(f.col, "workload argument is empty");
  return f;
}

Field workload_id(const LineRef& ref, const Field& f) {
  if (f.text.empty()) ref.fail(f.col, "workloadID is empty");
  return f;
}

// "#cpu_count: 64" → 64; nullopt for another comment.
std::optional<uint64_t> comment_value(std::string_view body, int col, const LineRef& ref,
                                      std::string_view key) {
  if (!body.starts_with(key)) return std::nullopt;
  std::string_view rest = body.substr(key.size());
  size_t skip = rest.find_first_not_of(" \t");
  Field f{std::string(trim(rest)), col + int(key.size()) + int(skip == rest.npos ? 0 : skip)};
  auto v = parse_number<uint64_t>(f.text);
  if (!v)
    ref.fail(f.col, fmt::format("#{} must be a whole number, got '{}'",
                                key.substr(0, key.size() - 1), f.text));
  return v;
}

}  // namespace

std::vector<Field> split_fields(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<Field> out;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    size_t end = comma == std::string_view::npos ? line.size() : comma;
    std::string_view raw = line.substr(start, end - start);
    size_t b = raw.find_first_not_of(kBlanks);
    Field f;
    f.col = int(start + (b == std::string_view::npos ? 0 : b) + 1);
    f.text = std::string(trim(raw));
    out.push_back(std::move(f));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string LineRef::at(int col) const {
  return fmt::format("{}:{}:{}", file, line, col);
}

void LineRef::fail(int col, const std::string& msg) const {
  throw ConfigError(at(col) + ": " + msg);
}

std::vector<ResultRow> parse_results(std::string_view text, const std::string& file,
                                     std::vector<std::string>& warnings) {
  std::vector<ResultRow> rows;
  auto row = [&](const std::vector<Field>& f, const LineRef& ref) {
    ResultRow r;
    r.where = ref;
    r.id = workload_id(ref, f[0]);
    r.argument = argument(ref, f[1]);
    r.t_fc_ms = whole(ref, f[2], "tFC", "milliseconds");
    r.t_vm_ms = whole(ref, f[3], "tVM", "milliseconds");
    r.start_ns = unix_ns(ref, f[4], "start time");
    rows.push_back(std::move(r));
  };
  walk(text, file, kResultsHeader, warnings, row, no_comment);
  return rows;
}

std::vector<BaselineRow> parse_baselines(std::string_view text, const std::string& file,
                                         std::vector<std::string>& warnings) {
  std::vector<BaselineRow> rows;
  auto row = [&](const std::vector<Field>& f, const LineRef& ref) {
    BaselineRow r;
    r.where = ref;
    r.id = workload_id(ref, f[0]);
    r.argument = argument(ref, f[1]);
    r.run = whole(ref, f[2], "run", "runs");
    r.t_fc_ms = whole(ref, f[3], "tFC", "milliseconds");
    r.t_vm_ms = whole(ref, f[4], "tVM", "milliseconds");
    rows.push_back(std::move(r));
  };
  walk(text, file, kBaselineHeader, warnings, row, no_comment);
  return rows;
}

Sysmon parse_sysmon(std::string_view text, const std::string& file,
                    std::vector<std::string>& warnings) {
  Sysmon s;
  auto row = [&](const std::vector<Field>& f, const LineRef& ref) {
    SysmonRow r;
    r.line = ref.line;
    r.t_ns = unix_ns(ref, f[0], "t");
    r.cpu_user = real(ref, f[1], "cpu_user");
    r.cpu_system = real(ref, f[2], "cpu_system");
    r.cpu_idle = real(ref, f[3], "cpu_idle");
    r.cpu_inter = real(ref, f[4], "cpu_inter");
    r.cpu_percentage = real(ref, f[5], "cpu_percentage");
    r.load_1m = real(ref, f[6], "load_1m");
    r.mem_avail = bytes(ref, f[7], "mem_avail");
    r.swap_used = bytes(ref, f[8], "swap_used");
    s.rows.push_back(r);
  };
  auto comment = [&](std::string_view body, int col, const LineRef& ref) {
    if (auto v = comment_value(body, col, ref, "cpu_count:")) s.cpu_count = v;
    if (auto v = comment_value(body, col, ref, "total_mem:")) s.total_mem = v;
  };
  walk(text, file, kSysmonHeader, warnings, row, comment);
  return s;
}

}  // namespace fcbench::results::legacy
