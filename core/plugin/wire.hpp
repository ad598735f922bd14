// The plugin host's wire format. fcbench and fcbench-plugin-host exchange
// frames over a socket: a little-endian u32 length, then that many bytes of
// fields (u8, u32, i64, f64 as raw bytes; strings as u32 length + bytes).
// A request is an Op and its argument; a reply is kOk and the result, or
// kError and a message. Both ends are built from one tree: no versioning.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plugin/types.hpp"

namespace fcbench::plugin::wire {

// jobs: a count, then that many param sets; the reply holds, for each, kOk
// and its job or kError and the plugin's message.
enum class Op : uint8_t { info = 1, job = 2, parse = 3, jobs = 4 };
inline constexpr uint8_t kOk = 0, kError = 1;
inline constexpr uint32_t kMaxFrame = 1u << 30;

class Writer {
 public:
  Writer& u8(uint8_t v) { return raw(&v, sizeof v); }
  Writer& u32(uint32_t v) { return raw(&v, sizeof v); }
  Writer& i64(int64_t v) { return raw(&v, sizeof v); }
  Writer& f64(double v) { return raw(&v, sizeof v); }
  Writer& str(std::string_view s);
  // The frame: its length, then the fields.
  std::string frame() const;

 private:
  Writer& raw(const void* p, size_t n);
  std::string buf_;
};

// Reads fields back; throws PluginError on a short or malformed message.
// It views `body`, which must outlive it.
class Reader {
 public:
  explicit Reader(std::string_view body) : in_(body) {}
  explicit Reader(std::string&&) = delete;  // would dangle
  uint8_t u8() { return get<uint8_t>(); }
  uint32_t u32() { return get<uint32_t>(); }
  int64_t i64() { return get<int64_t>(); }
  double f64() { return get<double>(); }
  std::string str();
  bool done() const { return in_.empty(); }

 private:
  template <class T>
  T get() {
    T v;
    raw(&v, sizeof v);
    return v;
  }
  void raw(void* p, size_t n);
  std::string_view in_;
};

void put(Writer& w, const Info& v);
void put(Writer& w, const ParamMap& v);
void put(Writer& w, const Job& v);
void put(Writer& w, const GuestOutput& v);
void put(Writer& w, const std::vector<Metric>& v);
Info get_info(Reader& r);
ParamMap get_params(Reader& r);
Job get_job(Reader& r);
GuestOutput get_output(Reader& r);
std::vector<Metric> get_metrics(Reader& r);

// One whole frame's body from `fd` (blocking); false at end of file before
// its first byte. Throws PluginError on a torn or oversized frame.
bool read_frame(int fd, std::string& body);
// All of `frame` to `fd` (blocking, no SIGPIPE); false if the peer is gone.
bool write_all(int fd, std::string_view frame);

}  // namespace fcbench::plugin::wire
