// The per-instance job/result channel: a raw disk holding the job at offset
// 0 and, after the run, the guest agent's results at kResultOffset.
// Records are "<key> <len>\n<bytes>\n", closed by "end 0\n\n"
// (see docs/guest-protocol.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fcbench::run {

inline constexpr uint64_t kResultOffset = 1 << 20;
inline constexpr uint64_t kResultSize = 16 << 20;

struct JobSpec {
  std::vector<std::string> argv;
  std::vector<std::string> result_files;
  std::vector<std::string> env;  // KEY=VALUE
  std::string cwd = "/work";
  std::string boot_timer_addr;  // hex, empty: none
};

struct GuestResult {
  bool complete = false;  // a full result block with its end record was found
  std::string status;     // exited | signaled | exec_failed | agent_error
  int exit_status = -1;
  int term_signal = 0;
  int64_t payload_ns = 0;
  std::string out, err;
  bool out_truncated = false, err_truncated = false;
  std::vector<std::pair<std::string, std::string>> files;    // path, data
  std::vector<std::pair<std::string, std::string>> missing;  // path, reason
  std::string error;
};

std::string encode_job(const JobSpec& job);
// Creates the channel file (0600, sparse) holding the job.
void write_channel(const std::filesystem::path& file, const JobSpec& job);
GuestResult decode_results(std::string_view blob);
GuestResult read_results(const std::filesystem::path& channel);

}  // namespace fcbench::run
