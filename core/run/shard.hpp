// One host's share of a workload (`--shard K/N`): instance i of the
// workload, in file order, runs on shard i mod N. Arrival offsets stay as
// the workload gives them, so every shard keeps the one time axis.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace fcbench::run {

struct Shard {
  uint32_t index = 0, count = 1;  // K and N: 0 <= K < N
  bool operator==(const Shard&) const = default;
};

// "K/N" with 0 <= K < N <= 100000. Throws UserError (exit 2) naming the
// problem.
Shard parse_shard(std::string_view text);
std::string to_string(const Shard& s);  // "K/N"

// Whether the workload's i-th instance (0-based, file order) is this shard's.
inline bool in_shard(size_t i, const Shard& s) {
  return i % s.count == s.index;
}

// {"index": K, "count": N}, or null for no shard.
nlohmann::json to_json(const std::optional<Shard>& s);
// The inverse; throws std::invalid_argument for a malformed object.
std::optional<Shard> shard_from_json(const nlohmann::json& j);

}  // namespace fcbench::run
