// HTTP/1.1 over Firecracker's Unix API socket (Boost.Beast): one request
// per connection, bounded by a timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fcbench::vmm {

// The largest reply body accepted. Firecracker's replies are a few KiB; a
// larger Content-Length is refused before anything is allocated for it.
inline constexpr std::uint64_t kMaxReplyBody = 1 << 20;

struct ApiResponse {
  int status = 0;
  std::string body;
};

// A non-2xx reply; what() is "PUT /machine-config: 400 Bad Request: <fault_message>".
struct ApiError : std::runtime_error {
  ApiError(const std::string& what, int status, std::string fault)
      : std::runtime_error(what), status(status), fault_message(std::move(fault)) {}
  int status;
  std::string fault_message;  // Firecracker's {"fault_message": ...}, or the raw body
};

class ApiClient {
 public:
  ApiClient(std::filesystem::path socket, std::chrono::milliseconds timeout)
      : socket_(std::move(socket)), timeout_(timeout) {}

  // Sends one request; throws std::runtime_error on transport failures
  // (connect, timeout, malformed or oversized reply). Any status is returned.
  ApiResponse send(const std::string& method, const std::string& target,
                   const std::string& json_body = "") const;

  // send(), and throws ApiError unless the status is 2xx.
  ApiResponse call(const std::string& method, const std::string& target,
                   const std::string& json_body = "") const;

 private:
  std::filesystem::path socket_;
  std::chrono::milliseconds timeout_;
};

// The fault_message of a Firecracker error body, else the body itself.
std::string fault_message_of(const std::string& body);

// A reply that is not HTTP/1.x, or is cut short.
struct ApiReplyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One whole reply as it came off the socket, parsed as send() parses it
// (Beast's response parser for a string body, same limits); the end of
// `raw` is the end of the connection. Throws ApiReplyError. For the tests
// and the fuzz target (test/fuzz/fuzz_firecracker.cpp).
ApiResponse parse_api_response(std::string_view raw);

// What call() does with a reply: returns it if the status is 2xx, else
// throws ApiError ("PUT /machine-config: 400 Bad Request: <fault_message>").
ApiResponse check_api_response(const std::string& method, const std::string& target, ApiResponse r);

}  // namespace fcbench::vmm
