// not_started records, serialized cheaply: after an interrupt a run may
// write a million of them. Records that differ only in id, repetition and
// scheduled_ns share one template line, so each costs a few string appends
// instead of building and dumping a JSON tree. The line is exactly
// to_json(r).dump().
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "results/record.hpp"

namespace fcbench::results {

class NotStartedLines {
 public:
  // `r`'s JSON line, without the newline.
  std::string line(const Record& r);

 private:
  struct Template {
    std::vector<std::string> pieces;  // text around the id, repetition, scheduled_ns
  };
  static std::string key(const Record& r);
  static Template make(Record r);
  std::unordered_map<std::string, Template> templates_;
};

}  // namespace fcbench::results
