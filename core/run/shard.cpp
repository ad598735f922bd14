#include "run/shard.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/number.hpp"

namespace fcbench::run {

namespace {
constexpr unsigned kMaxShards = 100000;
}

Shard parse_shard(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return UserError(
        fmt::format("--shard {}: {} (expected K/N with 0 <= K < N, e.g. 0/3)", text, why), 2);
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) throw bad("no '/'");
  const auto k = parse_number<unsigned>(text.substr(0, slash), 0u, kMaxShards);
  const auto n = parse_number<unsigned>(text.substr(slash + 1), 1u, kMaxShards);
  if (!k || !n) throw bad(fmt::format("K and N must be whole numbers, N from 1 to {}", kMaxShards));
  if (*k >= *n) throw bad("K must be less than N");
  return {uint32_t(*k), uint32_t(*n)};
}

std::string to_string(const Shard& s) {
  return fmt::format("{}/{}", s.index, s.count);
}

nlohmann::json to_json(const std::optional<Shard>& s) {
  if (!s) return nullptr;
  return {{"index", s->index}, {"count", s->count}};
}

std::optional<Shard> shard_from_json(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  Shard s{json_integer_as<uint32_t>(j.at("index"), "shard.index"),
          json_integer_as<uint32_t>(j.at("count"), "shard.count")};
  if (s.count == 0 || s.index >= s.count)
    throw std::invalid_argument("shard index must be less than its count");
  return s;
}

}  // namespace fcbench::run
