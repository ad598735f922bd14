// Folds parsed records into a Dataset: interns names, appends each ok
// value to its group's series and counts every other status with its error.
#pragma once

#include <array>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/record_view.hpp"

namespace fcbench::analysis {

constexpr size_t kFailureIds = 5;  // ids kept per failure group

class DatasetBuilder {
 public:
  explicit DatasetBuilder(Dataset& d) : d_(d) {}
  void expect(size_t records);    // reserves room for that many more
  void add(const RecordView& r);  // one record, in file order
  void finish();                  // orders the failure groups
  // Appends `part` (records that come after this builder's) to the dataset:
  // names re-interned, series matched by key, instance indices shifted.
  void append(Dataset&& part);

 private:
  struct Config {  // one (benchmark, plugin, params, vmm, accel)
    std::vector<std::pair<std::string, uint32_t>> series;  // metric -> Dataset::series
  };
  uint32_t intern(std::string_view s);
  // intern() behind a one-entry cache per record field: a field mostly
  // repeats the previous record's value.
  enum Field { kBenchmark, kPlugin, kParams, kVmm, kAccel, kError, kFields };
  uint32_t intern(std::string_view s, Field f);
  size_t series_index(const GroupKey& k, const Series& like);
  uint32_t series_of(uint32_t config, const RecordView& r, std::string_view metric,
                     std::string_view unit, bool higher);
  void add_value(uint32_t config, const RecordView& r, std::string_view metric,
                 std::string_view unit, bool higher, double v);
  void add_failure(const RecordView& r);

  Dataset& d_;
  std::unordered_map<std::string, uint32_t> names_, configs_;
  std::vector<Config> config_list_;
  std::unordered_map<std::string, size_t> failures_;  // status + error -> Dataset::failures
  std::map<GroupKey, size_t> by_key_;                 // for append(): key -> Dataset::series
  std::string key_;                                   // reused lookup buffer
  static constexpr uint32_t kUnseen = UINT32_MAX;
  struct Last {
    std::string text;
    uint32_t index = kUnseen;
  };
  std::array<Last, kFields> last_;
};

}  // namespace fcbench::analysis
