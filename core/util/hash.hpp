// SHA-256 (OpenSSL) for content-addressed caches.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace fcbench {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256& add(std::string_view data);
  Sha256& add_file(const std::filesystem::path& file);  // throws UserError
  std::string hex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view data);

}  // namespace fcbench
