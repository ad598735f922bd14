// DIR/env.json: the file that stores a run's environment (run/environment).
// Its hash, env_id, goes on every record.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace fcbench::run {

// sha256 of the compact dump with sorted keys (nlohmann::json::dump()).
std::string env_id(const nlohmann::json& env);

// Writes `env` to DIR/env.json, or, when a resumed part runs in a different
// environment, to env-<id>.json beside it; returns the env_id.
std::string write_env(const std::filesystem::path& dir, const nlohmann::json& env);

}  // namespace fcbench::run
