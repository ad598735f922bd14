#include "results/not_started.hpp"

namespace fcbench::results {

namespace {

// Stand-ins for the fields that vary, as a dump writes them, in its order
// (keys are sorted).
const char* const kMarks[] = {"\"\\u0001bench\"", "\"\\u0001id\"", "\"\\u0001params\"",
                              "\"\\u0001rep\"", "\"\\u0001sched\""};

}  // namespace

NotStartedLine::NotStartedLine(Record like) : param_types_(like.param_types) {
  nlohmann::json j = to_json(like);
  j["benchmark"] =
      "\x01"
      "bench";
  j["id"] = "\x01id";
  j["params"] = "\x01params";
  j["repetition"] = "\x01rep";
  j["scheduled_ns"] = "\x01sched";
  const std::string text = j.dump();
  size_t from = 0;
  for (const char* mark : kMarks) {
    const size_t at = text.find(mark, from);
    pieces_.push_back(text.substr(from, at - from));
    from = at + std::char_traits<char>::length(mark);
  }
  pieces_.push_back(text.substr(from));
}

std::string NotStartedLine::fill(std::string_view benchmark, std::string_view id,
                                 const std::map<std::string, std::string>& params,
                                 uint32_t repetition, int64_t scheduled_ns) const {
  std::string out = pieces_[0];
  out += nlohmann::json(benchmark).dump();
  out += pieces_[1];
  out += nlohmann::json(id).dump();
  out += pieces_[2];
  out += typed_params(params, param_types_).dump();
  out += pieces_[3];
  out += std::to_string(repetition);
  out += pieces_[4];
  out += std::to_string(scheduled_ns);
  out += pieces_[5];
  return out;
}

Tally tally_of(const Record& like, size_t count) {
  return {like.benchmark, like.plugin, like.vmm, like.accel, like.error, like.status, count};
}

}  // namespace fcbench::results
