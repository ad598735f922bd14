// One results.jsonl line, read with simdjson On-Demand into views: only the
// fields analysis needs, valid until the next line is parsed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/jsonl_reader.hpp"
#include "results/record.hpp"

namespace fcbench::analysis {

struct MetricView {
  std::string_view name, unit;
  double value = 0;
  bool higher_is_better = true;
};

struct RecordView {
  std::string_view id, benchmark, plugin, vmm, accel, error;
  std::string params;  // canonical JSON text, keys sorted; "{}" when none
  results::Status status = results::Status::failed;
  int64_t scheduled_ns = 0, launched = 0, payload_start = 0, payload_end = 0, exited = 0;
  int64_t guest_payload_ns = 0;
  std::vector<MetricView> metrics;
};

class RecordParser {
 public:
  // Fills `out` from the line; on malformed input returns "COL: what is
  // wrong" (COL 1-based) and leaves `out` unspecified.
  std::optional<std::string> parse(const JsonlLine& line, RecordView& out);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace fcbench::analysis
