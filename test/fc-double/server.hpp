// fcbench's Firecracker TEST DOUBLE: HTTP/1.1 on the API Unix socket.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <functional>
#include <string>

#include "api.hpp"

namespace fcdouble {

namespace asio = boost::asio;

class ApiServer {
 public:
  using Done = std::function<void(const Reply&)>;
  // Called once per request; the reply may come later (InstanceStart waits for QEMU).
  using Handler = std::function<void(const std::string& method, const std::string& target,
                                     const std::string& body, Done done)>;

  // Binds and listens; throws std::runtime_error if the socket cannot be
  // created (an existing file is an error, as in Firecracker).
  ApiServer(asio::io_context& io, const std::string& path, Handler handler);

 private:
  void accept();

  asio::local::stream_protocol::acceptor acceptor_;
  Handler handler_;
};

}  // namespace fcdouble
