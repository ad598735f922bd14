// fcbench's Firecracker TEST DOUBLE: HTTP/1.1 on the API Unix socket.
// Keep-alive connections; one request at a time per connection.
#include "server.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <stdexcept>

namespace fcdouble {

namespace http = boost::beast::http;
using stream = asio::local::stream_protocol;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(stream::socket socket, ApiServer::Handler& handler)
      : socket_(std::move(socket)), handler_(handler) {}

  void read() {
    req_ = {};
    http::async_read(socket_, buffer_, req_, [self = shared_from_this()](auto ec, std::size_t) {
      if (!ec) self->dispatch();
    });
  }

 private:
  void dispatch() {
    auto self = shared_from_this();
    handler_(std::string(req_.method_string()), std::string(req_.target()), req_.body(),
             [self](const Reply& r) { self->respond(r); });
  }

  void respond(const Reply& r) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), req_.version());
    res->set(http::field::server, "Firecracker API (fcbench test double)");
    if (!r.body.empty()) {
      res->set(http::field::content_type, "application/json");
      res->body() = r.body;
    }
    res->keep_alive(req_.keep_alive());
    res->prepare_payload();
    http::async_write(socket_, *res, [self = shared_from_this(), res](auto ec, std::size_t) {
      if (!ec && res->keep_alive()) self->read();
    });
  }

  stream::socket socket_;
  ApiServer::Handler& handler_;
  boost::beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
};

}  // namespace

ApiServer::ApiServer(asio::io_context& io, const std::string& path, Handler handler)
    : acceptor_(io), handler_(std::move(handler)) {
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0)
    throw std::runtime_error("cannot create the API socket " + path + ": the path already exists");
  boost::system::error_code ec;
  acceptor_.open(stream(), ec);
  if (!ec) ::fcntl(acceptor_.native_handle(), F_SETFD, FD_CLOEXEC);
  if (!ec) acceptor_.bind(stream::endpoint(path), ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot create the API socket " + path + ": " + ec.message());
  accept();
}

void ApiServer::accept() {
  acceptor_.async_accept([this](auto ec, stream::socket socket) {
    if (!ec) {
      ::fcntl(socket.native_handle(), F_SETFD, FD_CLOEXEC);
      std::make_shared<Session>(std::move(socket), handler_)->read();
    }
    accept();
  });
}

}  // namespace fcdouble
