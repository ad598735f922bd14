// Two loaded results directories, BASE and NEW, side by side: the
// environment difference first, then one A/B decision (inference.hpp's
// compare) per matched group. Pure: no I/O; compare_format writes it out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/inference.hpp"

namespace fcbench::analysis {

// One environment property on both sides, as text ("unknown" when absent).
struct EnvField {
  std::string name, base, next;
  bool differs() const { return base != next; }
};

struct EnvComparison {
  std::vector<EnvField> fields;       // accelerator, VMM, host kernel, CPU, SMT, governor, ...
  std::vector<std::string> warnings;  // the loud ones: TCG against KVM, other host CPUs
};

struct GroupComparison {
  GroupKey base, next;  // equal but for params (and plugin) when those differ
  std::string unit;
  bool higher_is_better = false;
  size_t n_base = 0, n_new = 0;
  double mean_base = 0, mean_new = 0;
  Change change;
  bool params_differ() const { return base.params != next.params; }
};

struct Comparison {
  std::string base_label, new_label;  // the sides' directories, for the reader
  EnvComparison env;
  std::vector<GroupComparison> groups;  // in BASE's series order
  std::vector<GroupKey> only_base, only_new;
};

// Matching property by property from env.json (host kernel, CPU model and
// count, SMT, governor, turbo, VMM versions, guest kernels, fcbench) and the
// records' accelerators. Warns when one side ran under TCG and the other
// under KVM, when the host CPUs differ, and when a side has no env.json.
EnvComparison compare_env(const Dataset& base, const Dataset& next);

// Matches series by (benchmark, vmm, accel, metric): with the same params
// first; then a series left alone on each side under such a key is paired
// with its params noted as different. Everything else is one-sided.
std::vector<std::pair<const Series*, const Series*>> match_series(const Dataset& base,
                                                                  const Dataset& next,
                                                                  std::vector<GroupKey>* only_base,
                                                                  std::vector<GroupKey>* only_new);

// The whole comparison. Throws UserError (exit 2) when no group matches
// ("mismatched sides").
Comparison compare_datasets(const Dataset& base, const Dataset& next, const CompareOptions& o);

// A relative size as a fraction: "5%" (or "5 %") is 0.05, as is "0.05";
// nullopt for anything else, a negative value, or a bare number >= 1
// (ambiguous: "5" might mean 5 % or 500 %).
std::optional<double> parse_relative(const std::string& text);

// True when any matched group regressed.
bool any_regressed(const Comparison& c);

}  // namespace fcbench::analysis
