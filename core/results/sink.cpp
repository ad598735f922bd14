#include "results/sink.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include "util/error.hpp"

namespace fcbench::results {

JsonlSink::JsonlSink(const std::filesystem::path& file) : file_(file) {
  fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw UserError("cannot open " + file.string() + ": " + std::strerror(errno));
}

JsonlSink::~JsonlSink() {
  if (fd_ >= 0) ::close(fd_);
}

void JsonlSink::write(const Record& r) {
  std::string line = to_json(r).dump() + "\n";
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UserError("cannot write " + file_.string() + ": " + std::strerror(errno));
    p += n;
    left -= size_t(n);
  }
  ::fdatasync(fd_);
}

std::vector<Record> read_records(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw UserError("cannot read " + file.string());
  std::vector<Record> out;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty()) continue;
    try {
      out.push_back(from_json(nlohmann::json::parse(line)));
    } catch (const nlohmann::json::exception& e) {
      throw UserError(
          file.string() + ":" + std::to_string(line_no) + ":1: invalid record: " + e.what(), 2);
    }
  }
  return out;
}

}  // namespace fcbench::results
