// The HTTP/1.1 client for Firecracker's API socket, against a tiny
// in-test server that records each request and sends a canned reply.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <thread>

#include "../fixtures/test_support.hpp"
#include "vmm/firecracker_api.hpp"

using namespace fcbench::vmm;
using fcbench::test::TempDir;
using namespace std::chrono_literals;

namespace {

// Serves one connection: reads one request, answers `reply` (unless empty:
// then it keeps the connection open without answering until closed).
class OneShotServer {
 public:
  OneShotServer(const std::filesystem::path& path, std::string reply) : reply_(std::move(reply)) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd_, 1) == 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~OneShotServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string request;  // what arrived (valid after the client returned)

 private:
  void serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      request.append(buf, size_t(n));
      size_t end = request.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      size_t len = 0;
      if (auto p = request.find("Content-Length: "); p != std::string::npos)
        len = std::stoul(request.substr(p + 16));
      if (request.size() >= end + 4 + len) break;
    }
    if (!reply_.empty()) {
      (void)!::write(c, reply_.data(), reply_.size());
      ::close(c);
    } else {
      ::read(c, buf, sizeof buf);  // until the client gives up
      ::close(c);
    }
  }
  int fd_ = -1;
  std::string reply_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("firecracker api: a PUT carries JSON and a 204 succeeds", "[unit][firecracker]") {
  TempDir t;
  auto sock = t / "fc.sock";
  ApiResponse r;
  std::string req;
  {
    OneShotServer s(sock, "HTTP/1.1 204 No Content\r\nServer: Firecracker API\r\n\r\n");
    r = ApiClient(sock, 5s).call("PUT", "/machine-config",
                                 R"({"vcpu_count":1,"mem_size_mib":128,"smt":false})");
    std::this_thread::sleep_for(10ms);
    req = s.request;
  }
  CHECK(r.status == 204);
  CHECK(r.body.empty());
  CHECK(req.rfind("PUT /machine-config HTTP/1.1\r\n", 0) == 0);
  CHECK_THAT(req, Catch::Contains("Content-Type: application/json"));
  CHECK_THAT(req, Catch::Contains("Content-Length: 47"));
  CHECK_THAT(req, Catch::EndsWith(R"({"vcpu_count":1,"mem_size_mib":128,"smt":false})"));
}

TEST_CASE("firecracker api: a 400 carries Firecracker's fault_message", "[unit][firecracker]") {
  TempDir t;
  auto sock = t / "fc.sock";
  const std::string body = R"({"fault_message":"The vCPU number is invalid!"})";
  OneShotServer s(sock,
                  "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                  "Content-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body);
  try {
    ApiClient(sock, 5s).call("PUT", "/machine-config", R"({"vcpu_count":3})");
    FAIL("expected ApiError");
  } catch (const ApiError& e) {
    CHECK(e.status == 400);
    CHECK(e.fault_message == "The vCPU number is invalid!");
    CHECK(std::string(e.what()) ==
          "PUT /machine-config: 400 Bad Request: The vCPU number is invalid!");
  }
}

TEST_CASE("firecracker api: send() returns any status and the body", "[unit][firecracker]") {
  TempDir t;
  auto sock = t / "fc.sock";
  const std::string body = R"({"firecracker_version":"1.10.1"})";
  OneShotServer s(sock, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                            "\r\n\r\n" + body);
  auto r = ApiClient(sock, 5s).send("GET", "/version");
  CHECK(r.status == 200);
  CHECK(r.body == R"({"firecracker_version":"1.10.1"})");
  CHECK(fault_message_of(r.body) == r.body);  // not an error body: returned as is
}

TEST_CASE("firecracker api: no reply within the timeout is an error", "[unit][firecracker]") {
  TempDir t;
  auto sock = t / "fc.sock";
  OneShotServer s(sock, "");
  auto t0 = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(ApiClient(sock, 300ms).call("PUT", "/actions", "{}"),
                    Catch::Contains("no reply within 300 ms"));
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
}

TEST_CASE("firecracker api: a missing socket is a transport error", "[unit][firecracker]") {
  TempDir t;
  CHECK_THROWS_WITH(ApiClient(t / "none.sock", 1s).send("GET", "/"),
                    Catch::Contains("GET / on") && Catch::Contains("none.sock"));
}

TEST_CASE("firecracker api: a reply parsed from bytes gives the status and the body",
          "[unit][firecracker]") {
  auto r = parse_api_response("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody");
  CHECK(r.status == 200);
  CHECK(r.body == "body");
  r = parse_api_response("HTTP/1.1 204 No Content\r\nServer: Firecracker API\r\n\r\n");
  CHECK(r.status == 204);
  CHECK(r.body.empty());
  // No length: the body runs to the end of the connection.
  CHECK(parse_api_response("HTTP/1.0 404 Not Found\r\n\r\nno such thing").body == "no such thing");
  CHECK(parse_api_response("HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "2\r\nab\r\n0\r\n\r\n")
            .body == "ab");
}

TEST_CASE("firecracker api: a malformed or cut-short reply is an ApiReplyError",
          "[unit][firecracker]") {
  CHECK_THROWS_AS(parse_api_response(""), ApiReplyError);
  CHECK_THROWS_AS(parse_api_response("SSH-2.0-OpenSSH\r\n\r\n"), ApiReplyError);
  CHECK_THROWS_AS(parse_api_response("HTTP/1.1 200 OK\r\nContent-Le"), ApiReplyError);
  CHECK_THROWS_WITH(parse_api_response("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"),
                    Catch::Contains("incomplete reply"));
}

TEST_CASE("firecracker api: check_api_response is call()'s verdict on a reply",
          "[unit][firecracker]") {
  CHECK(check_api_response("PUT", "/actions", {204, ""}).status == 204);
  try {
    check_api_response("PUT", "/machine-config", {400, R"({"fault_message":"no smt"})"});
    FAIL("no ApiError");
  } catch (const ApiError& e) {
    CHECK(std::string(e.what()) == "PUT /machine-config: 400 Bad Request: no smt");
    CHECK(e.fault_message == "no smt");
  }
  // A status HTTP does not name still makes a message.
  CHECK_THROWS_WITH(check_api_response("GET", "/", {799, ""}), Catch::StartsWith("GET /: 799 "));
}

TEST_CASE("firecracker api: a reply claiming a huge body is refused before allocating it",
          "[unit][firecracker]") {
  // Found by fuzz_firecracker: a Content-Length of a TiB made the string body
  // reserve that much before a byte of it arrived.
  const std::string huge = "HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\nab";
  CHECK_THROWS_WITH(parse_api_response(huge), Catch::Contains("body limit"));
  CHECK_THROWS_AS(parse_api_response("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551000"
                                     "\r\n\r\nab"),
                  ApiReplyError);
  const std::string over =
      "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kMaxReplyBody + 1) + "\r\n\r\n";
  CHECK_THROWS_WITH(parse_api_response(over), Catch::Contains("body limit"));
  // The limit itself is accepted.
  const std::string at_limit =
      "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kMaxReplyBody) + "\r\n\r\n" +
      std::string(kMaxReplyBody, 'x');
  CHECK(parse_api_response(at_limit).body.size() == kMaxReplyBody);

  TempDir t;
  auto sock = t / "fc.sock";
  OneShotServer s(sock, huge);
  CHECK_THROWS_WITH(ApiClient(sock, 5s).send("GET", "/version"), Catch::Contains("body limit"));
}
