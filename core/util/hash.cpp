#include "util/hash.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cstring>

#include "util/error.hpp"

namespace fcbench {

struct Sha256::Impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
  EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr);
}
Sha256::~Sha256() = default;

Sha256& Sha256::add(std::string_view data) {
  EVP_DigestUpdate(impl_->ctx, data.data(), data.size());
  return *this;
}

Sha256& Sha256::add_file(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UserError("cannot read " + file.string() + ": " + std::strerror(errno));
  char buf[1 << 16];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) EVP_DigestUpdate(impl_->ctx, buf, size_t(n));
  ::close(fd);
  if (n < 0) throw UserError("cannot read " + file.string() + ": " + std::strerror(errno));
  return *this;
}

std::string Sha256::hex() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(impl_->ctx, md, &len);
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += digits[md[i] >> 4];
    out += digits[md[i] & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  return Sha256().add(data).hex();
}

}  // namespace fcbench
