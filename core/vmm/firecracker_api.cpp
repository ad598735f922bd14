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
  http::response_parser<http::string_body> res;
  res.body_limit(kMaxReplyBody);
  boost::beast::flat_buffer buf;
  std::optional<boost::system::error_code> failed;
  bool done = false;
  auto fail = [&](boost::system::error_code ec) { failed = ec; };

  sock.async_connect(local::endpoint(socket_.string()), [&](boost::system::error_code ec) {
    if (ec) return fail(ec);
    http::async_write(sock, req, [&](boost::system::error_code ec, size_t) {
      if (ec) return fail(ec);
      // The header alone first: Beast 1.74 loses its body-limit error when it
      // reads on into the body in the same call, and reserves the body.
      http::async_read_header(sock, buf, res, [&](boost::system::error_code ec, size_t) {
        if (ec) return fail(ec);
        http::async_read(sock, buf, res, [&](boost::system::error_code ec, size_t) {
          if (ec) return fail(ec);
          done = true;
        });
      });
    });
  });
  ioc.run_for(timeout_);
  std::string what = method + " " + target + " on " + socket_.string();
  if (failed) throw std::runtime_error(what + ": " + failed->message());
  if (!done)
    throw std::runtime_error(what + ": no reply within " + std::to_string(timeout_.count()) +
                             " ms");
  auto reply = res.release();
  return {int(reply.result_int()), std::move(reply.body())};
}

ApiResponse check_api_response(const std::string& method, const std::string& target,
                               ApiResponse r) {
  if (r.status < 200 || r.status > 299) {
    std::string fault = fault_message_of(r.body);
    throw ApiError(method + " " + target + ": " + std::to_string(r.status) + " " +
                       std::string(http::obsolete_reason(http::status(r.status))) +
                       (fault.empty() ? "" : ": " + fault),
                   r.status, fault);
  }
  return r;
}

ApiResponse ApiClient::call(const std::string& method, const std::string& target,
                            const std::string& json_body) const {
  return check_api_response(method, target, send(method, target, json_body));
}

ApiResponse parse_api_response(std::string_view raw) {
  http::response_parser<http::string_body> p;  // as send() reads a reply
  p.body_limit(kMaxReplyBody);
  boost::system::error_code ec;
  net::const_buffer rest(raw.data(), raw.size());
  while (rest.size() > 0 && !p.is_done()) {
    p.eager(p.is_header_done());  // the header alone first, as in send()
    const size_t n = p.put(rest, ec);
    if (ec == http::error::need_more) {  // all of `rest` was offered: the reply is cut short
      ec = {};
      break;
    }
    if (ec) throw ApiReplyError("malformed reply: " + ec.message());
    if (n == 0) break;
    rest += n;
  }
  if (!p.got_some()) throw ApiReplyError("no reply: the connection closed first");
  if (!p.is_done()) {
    p.put_eof(ec);  // the connection closed here
    if (ec || !p.is_done())
      throw ApiReplyError("incomplete reply: " + (ec ? ec.message() : std::string("cut short")));
  }
  auto res = p.release();
  return {int(res.result_int()), std::move(res.body())};
}

}  // namespace fcbench::vmm
