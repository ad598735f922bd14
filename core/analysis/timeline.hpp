// Time-based views of a run: instances in flight (actual against ideal),
// slowdown against the baseline, and drift. Each is computed in C++ and
// binned, so a chart of a million instances stays small.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"

namespace fcbench::analysis {

// Instances in flight, from launch to exit, by a sweep over the 2n events
// (O(n log n)). Times are seconds from the earliest launch.
struct Concurrency {
  size_t peak = 0;            // most instances in flight at one instant
  double peak_at_s = 0;       // when the peak was first reached
  double mean_in_flight = 0;  // time-weighted, over first launch to last exit
  // Binned (max_bins bins over first launch to last exit): max in flight
  // per bin, actual and ideal.
  // Ideal: each instance runs for its baseline end-to-end time from its
  // arrival (the prior tool's "prediction"); empty without a baseline.
  double bin_s = 0;
  std::vector<double> bin_start_s;
  std::vector<uint32_t> actual, ideal;
};

// None when fewer than one instance has both launch and exit times.
std::optional<Concurrency> concurrency(const Dataset& d, size_t max_bins = 500);

// Per plugin, end-to-end over the baseline's end-to-end for the same
// (plugin, params); needs Dataset::baseline.
struct PluginSlowdown {
  std::string plugin;
  size_t n = 0;
  double mean = 0, median = 0, p95 = 0;
  std::vector<double> values;  // for the distribution chart (may be sampled)
};
struct SlowdownPoint {
  uint32_t in_flight_at_start = 0;
  double slowdown = 0;
  uint32_t plugin = 0;  // index into Dataset::names
};
struct Slowdown {
  std::vector<PluginSlowdown> by_plugin;  // sorted by plugin
  std::vector<SlowdownPoint> points;      // sampled to at most ~5000
  size_t no_baseline = 0;                 // ok records without a baseline entry
};
std::optional<Slowdown> slowdown(const Dataset& d);

}  // namespace fcbench::analysis
