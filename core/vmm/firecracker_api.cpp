#include "vmm/firecracker_api.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <optional>

namespace fcbench::vmm {

namespace net = boost::asio;
namespace http = boost::beast::http;
using local = net::local::stream_protocol;

std::string fault_message_of(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("fault_message") && j["fault_message"].is_string())
    return j["fault_message"].get<std::string>();
  return body;
}

ApiResponse ApiClient::send(const std::string& method, const std::string& target,
                            const std::string& json_body) const {
  net::io_context ioc;
  local::socket sock(ioc);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "localhost");
  req.set(http::field::accept, "application/json");
  if (!json_body.empty() || method == "PUT" || method == "PATCH") {
    req.set(http::field::content_type, "application/json");
    req.body() = json_body;
  }
  req.prepare_payload();
  http::response<http::string_body> res;
  boost::beast::flat_buffer buf;
  std::optional<boost::system::error_code> failed;
  bool done = false;
  auto fail = [&](boost::system::error_code ec) { failed = ec; };

  sock.async_connect(local::endpoint(socket_.string()), [&](boost::system::error_code ec) {
    if (ec) return fail(ec);
    http::async_write(sock, req, [&](boost::system::error_code ec, size_t) {
      if (ec) return fail(ec);
      http::async_read(sock, buf, res, [&](boost::system::error_code ec, size_t) {
        if (ec) return fail(ec);
        done = true;
      });
    });
  });
  ioc.run_for(timeout_);
  std::string what = method + " " + target + " on " + socket_.string();
  if (failed) throw std::runtime_error(what + ": " + failed->message());
  if (!done)
    throw std::runtime_error(what + ": no reply within " + std::to_string(timeout_.count()) +
                             " ms");
  return {int(res.result_int()), res.body()};
}

ApiResponse ApiClient::call(const std::string& method, const std::string& target,
                            const std::string& json_body) const {
  ApiResponse r = send(method, target, json_body);
  if (r.status < 200 || r.status > 299) {
    std::string fault = fault_message_of(r.body);
    throw ApiError(method + " " + target + ": " + std::to_string(r.status) + " " +
                       std::string(http::obsolete_reason(http::status(r.status))) +
                       (fault.empty() ? "" : ": " + fault),
                   r.status, fault);
  }
  return r;
}

}  // namespace fcbench::vmm
