// The pack archive reader: a .fcpack (tar, zstd or gzip) unpacked as
// `fcbench pack install` unpacks it, then its SHA256SUMS and pack.yaml
// checked. It stops short of loading the plugins it unpacked (that is
// dlopen, not parsing). Each input is unpacked into a fresh directory.
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "fuzz_target.hpp"
#include "pack/archive.hpp"
#include "pack/install.hpp"

namespace fs = std::filesystem;

namespace {

// A scratch directory for the whole process, removed at exit.
struct Scratch {
  fs::path dir;
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "fcbench-fuzz-pack-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Scratch scratch;
  const fs::path into = scratch.dir / "staging";
  fs::remove_all(into);
  fs::create_directory(into);
  const auto input = fcbench::fuzz::text(data, size);
  fcbench::fuzz::expect_clean([&] {
    const auto files = fcbench::pack::read_archive_memory(input, "fuzz.fcpack", into);
    fcbench::pack::check_unpacked(into, files, "fuzz.fcpack");
  });
  // Unpacked modes are 0644/0755 and directories are made by us, so removal
  // needs no chmod.
  fs::remove_all(into);
  return 0;
}
