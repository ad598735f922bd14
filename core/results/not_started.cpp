#include "results/not_started.hpp"

namespace fcbench::results {

namespace {

// Stand-ins for the three fields that vary, as a dump writes them.
const char* const kMarks[] = {"\"\\u0001id\"", "\"\\u0001rep\"", "\"\\u0001sched\""};

}  // namespace

NotStartedLine::NotStartedLine(Record like) {
  nlohmann::json j = to_json(like);
  j["id"] = "\x01id";
  j["repetition"] = "\x01rep";
  j["scheduled_ns"] = "\x01sched";
  const std::string text = j.dump();
  size_t from = 0;
  for (const char* mark : kMarks) {  // keys are sorted: id < repetition < scheduled_ns
    const size_t at = text.find(mark, from);
    pieces_.push_back(text.substr(from, at - from));
    from = at + std::char_traits<char>::length(mark);
  }
  pieces_.push_back(text.substr(from));
}

std::string NotStartedLine::fill(std::string_view id, uint32_t repetition,
                                 int64_t scheduled_ns) const {
  std::string out = pieces_[0];
  out += nlohmann::json(id).dump();
  out += pieces_[1];
  out += std::to_string(repetition);
  out += pieces_[2];
  out += std::to_string(scheduled_ns);
  out += pieces_[3];
  return out;
}

Tally tally_of(const Record& like, size_t count) {
  return {like.benchmark, like.plugin, like.vmm, like.accel, like.error, like.status, count};
}

}  // namespace fcbench::results
