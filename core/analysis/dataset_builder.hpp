// Folds parsed records into a Dataset: interns names, appends each ok
// value to its group's series and counts every other status with its error.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/record_view.hpp"

namespace fcbench::analysis {

class DatasetBuilder {
 public:
  explicit DatasetBuilder(Dataset& d) : d_(d) {}
  void add(const RecordView& r);  // one record, in file order
  void finish();                  // orders the failure groups

 private:
  struct Config {  // one (benchmark, plugin, params, vmm, accel)
    std::vector<std::pair<std::string, uint32_t>> series;  // metric -> Dataset::series
  };
  uint32_t intern(std::string_view s);
  uint32_t series_of(uint32_t config, const RecordView& r, std::string_view metric,
                     std::string_view unit, bool higher);
  void add_value(uint32_t config, const RecordView& r, std::string_view metric,
                 std::string_view unit, bool higher, double v);
  void add_failure(const RecordView& r);

  Dataset& d_;
  std::unordered_map<std::string, uint32_t> names_, configs_;
  std::vector<Config> config_list_;
  std::unordered_map<std::string, size_t> failures_;  // status + error -> Dataset::failures
  std::string key_;                                   // reused lookup buffer
};

}  // namespace fcbench::analysis
