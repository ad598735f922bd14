// analysis/record_view: the column RecordParser gives a line it cannot read.
#include "analysis/record_view.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "analysis/jsonl_reader.hpp"

using fcbench::analysis::JsonlLine;
using fcbench::analysis::RecordParser;
using fcbench::analysis::RecordView;

namespace {

std::string parse(const std::string& text) {
  const std::string padded = text + std::string(128, ' ');  // simdjson reads past the end
  JsonlLine line{std::string_view(padded.data(), text.size()), padded.size(), 1, false};
  RecordView r;
  return RecordParser().parse(line, r).value_or("<accepted>");
}

}  // namespace

TEST_CASE("record view: bad JSON is refused with its column", "[unit][analysis]") {
  CHECK(parse(R"({"id": "a", "status": })") == "23: invalid JSON");
}

// A line simdjson refuses (id not a string) that also holds a number too
// large for a double: the column search's nlohmann threw out_of_range, not
// parse_error, and it escaped.
TEST_CASE("record view: a number too large for a double is refused with its column",
          "[unit][analysis]") {
  CHECK(parse(R"({"id": 1E99999})") == "8: invalid JSON");
}
