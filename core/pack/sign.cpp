#include "pack/sign.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/process.hpp"

namespace fcbench::pack {

namespace fs = std::filesystem;

fs::path signature_of(const fs::path& archive) {
  return archive.string() + ".sig";
}

void sign(const fs::path& archive, const std::string& key_id) {
  if (which("gpg").empty()) throw UserError("--sign needs gpg (Debian: apt-get install gnupg)", 2);
  RunResult r = run_command({"gpg", "--batch", "--yes", "--local-user", key_id, "--detach-sign",
                             "--output", signature_of(archive).string(), archive.string()});
  if (r.exit_code != 0)
    throw UserError(
        fmt::format("signing {} with key {} failed:\n{}", archive.string(), key_id, r.output));
}

void verify_signature(const fs::path& archive, const fs::path& keyring) {
  const fs::path sig = signature_of(archive);
  std::error_code ec;
  if (!fs::is_regular_file(sig, ec))
    throw UserError(
        fmt::format("{}: no signature ({} is missing)", archive.string(), sig.filename().string()),
        2);
  if (which("gpgv").empty())
    throw UserError("checking signatures needs gpgv (Debian: apt-get install gpgv)", 2);
  RunResult r = run_command(
      {"gpgv", "--keyring", fs::absolute(keyring).string(), sig.string(), archive.string()});
  if (r.exit_code != 0)
    throw UserError(fmt::format("{}: bad signature or unknown key (gpgv with keyring {}):\n{}",
                                archive.string(), keyring.string(), r.output),
                    2);
}

}  // namespace fcbench::pack
