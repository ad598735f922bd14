// What Firecracker hands back: its API replies (HTTP status line, headers,
// body, and the fault_message of an error body), its `--version` output and
// its log. A malformed or cut-short reply is refused with ApiReplyError and
// a non-2xx one with ApiError: both are what ApiClient::call() raises, and
// the launcher turns them into a failed record.
#include "fuzz_target.hpp"
#include "vmm/firecracker_api.hpp"
#include "vmm/firecracker_log.hpp"
#include "vmm/firecracker_version.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace vmm = fcbench::vmm;
  const auto input = fcbench::fuzz::text(data, size);
  try {
    auto r = vmm::parse_api_response(input);
    try {
      (void)vmm::check_api_response("PUT", "/machine-config", std::move(r));
    } catch (const vmm::ApiError& e) {
      (void)std::string(e.what());
    }
  } catch (const vmm::ApiReplyError&) {
  }
  (void)vmm::fault_message_of(std::string(input));
  if (const auto v = vmm::parse_fc_version(input)) {
    (void)v->str();
    (void)vmm::unsupported_reason(*v);
    (void)vmm::boot_timer_address(*v);
    (void)vmm::smt_field(*v);
  }
  (void)vmm::declared_accel(input);
  (void)vmm::parse_boot_time_us(input);
  return 0;
}
