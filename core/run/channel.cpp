#include "run/channel.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "util/error.hpp"
#include "util/number.hpp"

namespace fcbench::run {

namespace {

void record(std::string& out, std::string_view key, std::string_view value) {
  out.append(key).append(" ").append(std::to_string(value.size())).append("\n");
  out.append(value).append("\n");
}

// Reads one record at `pos`; false at a malformed or truncated record.
bool next(std::string_view blob, size_t& pos, std::string_view& key, std::string_view& value) {
  size_t nl = blob.find('\n', pos);
  if (nl == std::string_view::npos) return false;
  std::string_view head = blob.substr(pos, nl - pos);
  size_t sp = head.find(' ');
  if (sp == std::string_view::npos) return false;
  key = head.substr(0, sp);
  auto len = parse_number<uint64_t>(head.substr(sp + 1));
  if (!len || nl + 2 > blob.size() || *len > blob.size() - nl - 2 || blob[nl + 1 + *len] != '\n')
    return false;
  value = blob.substr(nl + 1, *len);
  pos = nl + 1 + *len + 1;
  return true;
}

// A number the agent wrote; 0 if it is not one.
int to_int(std::string_view v) {
  return parse_number<int>(v).value_or(0);
}

}  // namespace

std::string encode_job(const JobSpec& job) {
  std::string out = "FCBJOB1\n";
  for (auto& a : job.argv) record(out, "arg", a);
  for (auto& f : job.result_files) record(out, "result_file", f);
  for (auto& e : job.env) record(out, "env", e);
  record(out, "cwd", job.cwd);
  record(out, "result_offset", std::to_string(kResultOffset));
  record(out, "result_size", std::to_string(kResultSize));
  if (!job.boot_timer_addr.empty()) record(out, "boot_timer_addr", job.boot_timer_addr);
  out += "end 0\n\n";
  if (out.size() > kResultOffset)
    throw UserError("job description is larger than the 1 MiB job area");
  return out;
}

void write_channel(const std::filesystem::path& file, const JobSpec& job) {
  std::string blob = encode_job(job);
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw UserError("cannot create " + file.string() + ": " + std::strerror(errno));
  bool ok = ::ftruncate(fd, off_t(kResultOffset + kResultSize)) == 0 &&
            ::pwrite(fd, blob.data(), blob.size(), 0) == ssize_t(blob.size());
  int err = errno;
  ::close(fd);
  if (!ok) throw UserError("cannot write " + file.string() + ": " + std::strerror(err));
}

GuestResult decode_results(std::string_view blob) {
  GuestResult r;
  static constexpr std::string_view magic = "FCBRES1\n";
  if (blob.substr(0, magic.size()) != magic) return r;
  size_t pos = magic.size();
  std::string_view key, value;
  std::string pending_file;
  while (next(blob, pos, key, value)) {
    if (key == "end") {
      r.complete = true;
      break;
    }
    if (key == "status")
      r.status = value;
    else if (key == "exit_status")
      r.exit_status = to_int(value);
    else if (key == "term_signal")
      r.term_signal = to_int(value);
    else if (key == "payload_ns")
      r.payload_ns = parse_number<int64_t>(value).value_or(0);
    else if (key == "stdout")
      r.out = value;
    else if (key == "stderr")
      r.err = value;
    else if (key == "stdout_truncated")
      r.out_truncated = true;
    else if (key == "stderr_truncated")
      r.err_truncated = true;
    else if (key == "error")
      r.error = value;
    else if (key == "file")
      pending_file = value;
    else if (key == "file_data")
      r.files.emplace_back(pending_file, std::string(value));
    else if (key == "file_missing")
      r.missing.emplace_back(pending_file, std::string(value));
  }
  return r;
}

GuestResult read_results(const std::filesystem::path& channel) {
  int fd = ::open(channel.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string blob(kResultSize, '\0');
  ssize_t n = ::pread(fd, blob.data(), blob.size(), off_t(kResultOffset));
  ::close(fd);
  if (n <= 0) return {};
  blob.resize(size_t(n));
  return decode_results(blob);
}

}  // namespace fcbench::run
