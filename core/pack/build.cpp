#include "pack/build.hpp"

#include <fcbench/plugin.h>
#include <fmt/format.h>

#include <algorithm>

#include "pack/archive.hpp"
#include "pack/sign.hpp"
#include "pack/store.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/process.hpp"

namespace fcbench::pack {

namespace fs = std::filesystem;

namespace {

void run_or_fail(const std::vector<std::string>& argv, const std::string& what) {
  RunResult r = run_command(argv);
  if (r.exit_code != 0)
    throw UserError(fmt::format("{} failed ({}):\n{}", what, shell_quote(argv), r.output), 1);
}

// Configures and builds the pack's CMake project; the plugins land in `out`.
// Paths are mapped out of the binaries so two builds give the same bytes.
void cmake_build(const fs::path& src, const fs::path& build, const fs::path& out,
                 const BuildOptions& opt) {
  const std::string maps = fmt::format("-ffile-prefix-map={}=/pack -ffile-prefix-map={}=/build",
                                       src.string(), build.string());
  run_or_fail(
      {"cmake", "-S", src.string(), "-B", build.string(), "-DCMAKE_BUILD_TYPE=Release",
       "-Dfcbench-sdk_DIR=" + opt.sdk_dir.string(), "-DFCBENCH_PLUGIN_OUTPUT_DIR=" + out.string(),
       "-DCMAKE_C_FLAGS=" + maps, "-DCMAKE_CXX_FLAGS=" + maps, "-DBUILD_TESTING=OFF"},
      "configuring the pack (cmake)");
  run_or_fail({"cmake", "--build", build.string(), "-j", std::to_string(opt.jobs)},
              "building the pack (cmake --build)");
}

void add_tree(const fs::path& root, const fs::path& rel, std::vector<FileEntry>& files) {
  const fs::path at = root / rel;
  if (fs::is_regular_file(at)) return files.push_back({rel.generic_string(), at});
  if (!fs::is_directory(at))
    throw UserError(fmt::format("{}: no such file in the pack", at.string()), 2);
  for (const auto& e : fs::recursive_directory_iterator(at))
    if (e.is_regular_file())
      files.push_back({e.path().lexically_relative(root).generic_string(), e.path()});
}

// Everything the archive holds but SHA256SUMS.
std::vector<FileEntry> contents(const fs::path& src, const fs::path& out, const Manifest& m) {
  std::vector<FileEntry> files{{kManifestFile, src / kManifestFile}};
  for (const auto& p : m.plugins) {
    const fs::path so = out / (p + ".fcbench.so");
    if (!fs::is_regular_file(so))
      throw UserError(fmt::format("plugin '{}' is listed in pack.yaml but the build made no {}", p,
                                  so.filename().string()),
                      2);
    files.push_back({"plugins/" + so.filename().string(), so});
    if (fs::is_directory(out / (p + ".payload"))) {
      std::vector<FileEntry> payload;
      add_tree(out, p + ".payload", payload);
      for (auto& f : payload) files.push_back({"plugins/" + f.path, f.from});
    }
  }
  for (const auto& s : m.suites) add_tree(src, s, files);
  for (const auto& d : m.docs) add_tree(src, d, files);
  if (fs::is_regular_file(src / "README.md")) files.push_back({"README.md", src / "README.md"});
  return files;
}

}  // namespace

Version sdk_version() {
  return {FCB_ABI_MAJOR, FCB_ABI_MINOR, 0};
}

Built build_pack(const fs::path& src_in, const BuildOptions& opt) {
  const fs::path src = fs::absolute(src_in);
  Built b{load_manifest(src / kManifestFile), {}, 0};
  if (!b.manifest.sdk.allows(sdk_version()))
    throw UserError(
        fmt::format("{}: sdk \"{}\" excludes this fcbench's SDK {}", (src / kManifestFile).string(),
                    b.manifest.sdk.text(), sdk_version().str()),
        2);
  b.archive = opt.out.empty()
                  ? fs::path(b.manifest.name + "-" + b.manifest.version.str() + ".fcpack")
                  : opt.out;
  ScratchDir tmp(fs::temp_directory_path(), "fcbench-pack-");
  cmake_build(src, tmp / "build", tmp / "out", opt);
  auto files = contents(src, tmp / "out", b.manifest);
  fs::create_directories(tmp / "sums");
  std::sort(files.begin(), files.end(),
            [](const FileEntry& x, const FileEntry& y) { return x.path < y.path; });
  std::string sums;
  for (const auto& f : files)
    sums += fmt::format("{}  {}\n", Sha256().add_file(f.from).hex(), f.path);
  write_file(tmp / "sums" / kSumsFile, sums);
  files.push_back({kSumsFile, tmp / "sums" / kSumsFile});
  b.files = files.size();
  const fs::path partial = b.archive.string() + ".partial";
  write_archive(partial, files);
  fs::rename(partial, b.archive);
  if (!opt.sign_key.empty()) sign(b.archive, opt.sign_key);
  return b;
}

}  // namespace fcbench::pack
