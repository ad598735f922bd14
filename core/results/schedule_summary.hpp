// The scheduler's own accuracy, for summary.json and the terminal: how late
// instances started beyond any queueing (start lag), how long queued ones
// waited, and the launch rate.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/record.hpp"

namespace fcbench::results {

// schedule_summary(), one record at a time: 8 bytes per started instance,
// 8 more if it queued.
class ScheduleBuilder {
 public:
  void add(const Record& r);
  nlohmann::json to_json(uint32_t max_concurrent) const;

 private:
  std::vector<double> lag_, queued_;
  int64_t first_ = 0, last_ = 0;
};

// Over the records of instances that started; `max_concurrent` 0: no cap.
nlohmann::json schedule_summary(const std::vector<Record>& recs, uint32_t max_concurrent);
// One line for the terminal ("" when fewer than two instances started).
std::string schedule_line(const nlohmann::json& summary);

}  // namespace fcbench::results
