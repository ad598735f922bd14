#include "merge/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "util/error.hpp"

namespace fcbench::merge {

namespace {

bool is_final(results::Status s) {
  using enum results::Status;
  return s == ok || s == failed || s == timeout;
}

}  // namespace

std::vector<std::optional<size_t>> choose(const std::vector<std::string>& ids,
                                          const std::vector<Candidate>& found) {
  std::unordered_map<std::string, size_t> slot;
  for (size_t i = 0; i < ids.size(); ++i) slot.emplace(ids[i], i);
  std::vector<std::optional<size_t>> pick(ids.size());
  for (size_t c = 0; c < found.size(); ++c) {
    const auto it = slot.find(found[c].id);
    if (it == slot.end())
      throw UserError(fmt::format("{}: instance '{}' is not in the workload (merge takes runs of "
                                  "one workload)",
                                  found[c].where, found[c].id),
                      2);
    auto& p = pick[it->second];
    if (p && is_final(found[*p].status) && is_final(found[c].status))
      throw UserError(fmt::format("instance '{}' has two final records: {} and {}", found[c].id,
                                  found[*p].where, found[c].where),
                      2);
    if (!p || !is_final(found[*p].status)) p = c;  // a final one wins; else the last
  }
  return pick;
}

std::string missing_reason(size_t i, uint32_t shard_count) {
  if (shard_count > 1) return fmt::format("shard {} produced no record", i % shard_count);
  return "no directory produced a record";
}

std::optional<int64_t> wall_shift(const results::Record& r) {
  if (r.start_wall_ns <= 0 || r.start_mono_ns <= 0) return std::nullopt;
  return r.start_wall_ns - r.start_mono_ns;
}

void shift_record(results::Record& r, int64_t shift) {
  for (int64_t* t : {&r.ts.launched, &r.ts.guest_booted, &r.ts.payload_start, &r.ts.payload_end,
                     &r.ts.exited, &r.scheduled_ns, &r.started_ns, &r.start_mono_ns})
    if (*t > 0) *t += shift;
  r.time_shift_ns += shift;
}

int64_t start_skew_ns(const std::vector<int64_t>& zeros) {
  if (zeros.size() < 2) return 0;
  const auto [lo, hi] = std::minmax_element(zeros.begin(), zeros.end());
  return *hi - *lo;
}

}  // namespace fcbench::merge
