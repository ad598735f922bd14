// Detached OpenPGP signatures of pack archives (gpg to sign, gpgv to check).
#pragma once

#include <filesystem>
#include <string>

namespace fcbench::pack {

// ARCHIVE.sig beside the archive.
std::filesystem::path signature_of(const std::filesystem::path& archive);
// Writes ARCHIVE.sig with gpg's key `key_id`. Throws UserError with gpg's output.
void sign(const std::filesystem::path& archive, const std::string& key_id);
// Checks ARCHIVE.sig against `keyring` with gpgv. Throws UserError (exit 2)
// naming the archive when the signature is missing, bad or by an unknown key.
void verify_signature(const std::filesystem::path& archive, const std::filesystem::path& keyring);

}  // namespace fcbench::pack
