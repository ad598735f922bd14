// A Comparison written out: an aligned terminal table, Markdown for a pull
// request comment, or the JSON contract of docs/results-schema.md
// ("compare"). Runs under TCG are labelled "emulated (TCG)" in text and md.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "analysis/compare.hpp"

namespace fcbench::analysis {

enum class CompareFormat { text, md, json };
// "text", "md" or "json"; nullopt for anything else.
std::optional<CompareFormat> compare_format_from_string(const std::string& s);

// {base, new, options, env: {fields, warnings}, groups: [...], only_base,
// only_new, verdicts: {regressed: N, ...}}; NaN changes are null.
nlohmann::json to_json(const Comparison& c, const CompareOptions& o);

// Warnings first, then the environment, the groups, the one-sided groups
// and a one-line tally.
std::string format_text(const Comparison& c, const CompareOptions& o);
std::string format_md(const Comparison& c, const CompareOptions& o);

// The chosen format (JSON pretty-printed, newline-terminated).
std::string format_comparison(const Comparison& c, const CompareOptions& o, CompareFormat f);

}  // namespace fcbench::analysis
