#include "util/layout.hpp"

#include "util/fs.hpp"

namespace fcbench {

fs::path install_data_dir(const fs::path& exe_dir) {
  return exe_dir.parent_path() / "lib" / "fcbench";
}

Layout layout_for(const fs::path& exe_dir) {
  std::error_code ec;
  const fs::path data = install_data_dir(exe_dir);
  if (fs::is_directory(data, ec))
    return {true, data / "plugins", data / "guest", data.parent_path() / "cmake" / "fcbench-sdk"};
  return {false, exe_dir / "plugins", exe_dir / "guest", exe_dir / "sdk"};
}

Layout self_layout() {
  return layout_for(self_dir());
}

}  // namespace fcbench
