#include "run/env_file.hpp"

#include <fmt/format.h>

#include "util/fs.hpp"
#include "util/hash.hpp"

namespace fcbench::run {

std::string env_id(const nlohmann::json& env) {
  return sha256_hex(env.dump());
}

std::string write_env(const std::filesystem::path& dir, const nlohmann::json& env) {
  const std::string id = env_id(env);
  std::error_code ec;
  auto file = dir / "env.json";
  if (std::filesystem::exists(file, ec)) {
    if (env_id(nlohmann::json::parse(read_file(file))) == id) return id;
    file = dir / ("env-" + id.substr(0, 12) + ".json");
    fmt::print(stderr, "warning: the environment differs from the run's first part; see {}\n",
               file.string());
  }
  write_file_atomic(file, env.dump(2) + "\n");
  return id;
}

}  // namespace fcbench::run
