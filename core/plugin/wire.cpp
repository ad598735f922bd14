#include "plugin/wire.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fcbench::plugin::wire {

Writer& Writer::raw(const void* p, size_t n) {
  buf_.append(static_cast<const char*>(p), n);
  return *this;
}

Writer& Writer::str(std::string_view s) {
  u32(static_cast<uint32_t>(s.size()));
  buf_.append(s);
  return *this;
}

std::string Writer::frame() const {
  std::string f;
  const auto n = static_cast<uint32_t>(buf_.size());
  f.append(reinterpret_cast<const char*>(&n), sizeof n);
  return f.append(buf_);
}

void Reader::raw(void* p, size_t n) {
  if (in_.size() < n) throw PluginError("plugin host: malformed message (too short)");
  std::memcpy(p, in_.data(), n);
  in_.remove_prefix(n);
}

std::string Reader::str() {
  const uint32_t n = u32();
  if (in_.size() < n) throw PluginError("plugin host: malformed message (string too long)");
  std::string s(in_.substr(0, n));
  in_.remove_prefix(n);
  return s;
}

void put(Writer& w, const Info& v) {
  w.str(v.name).str(v.version).str(v.description).u32(v.abi_major).u32(v.abi_minor);
  w.u32(static_cast<uint32_t>(v.params.size()));
  for (auto& p : v.params) w.str(p.name).u32(p.type).str(p.default_value).str(p.doc);
  w.u32(static_cast<uint32_t>(v.files.size()));
  for (auto& f : v.files) w.u32(f.kind).str(f.source).str(f.guest_path);
}

Info get_info(Reader& r) {
  Info v;
  v.name = r.str();
  v.version = r.str();
  v.description = r.str();
  v.abi_major = r.u32();
  v.abi_minor = r.u32();
  for (uint32_t n = r.u32(); n > 0; --n) {
    ParamDef p;
    p.name = r.str();
    p.type = static_cast<fcb_param_type>(r.u32());
    p.default_value = r.str();
    p.doc = r.str();
    v.params.push_back(std::move(p));
  }
  for (uint32_t n = r.u32(); n > 0; --n) {
    PayloadFile f;
    f.kind = static_cast<fcb_file_kind>(r.u32());
    f.source = r.str();
    f.guest_path = r.str();
    v.files.push_back(std::move(f));
  }
  return v;
}

void put(Writer& w, const ParamMap& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  for (auto& [k, x] : v) w.str(k).str(x);
}

ParamMap get_params(Reader& r) {
  ParamMap v;
  for (uint32_t n = r.u32(); n > 0; --n) {
    auto k = r.str();
    v[k] = r.str();
  }
  return v;
}

void put(Writer& w, const Job& v) {
  w.u32(static_cast<uint32_t>(v.argv.size()));
  for (auto& a : v.argv) w.str(a);
  w.u32(static_cast<uint32_t>(v.result_files.size()));
  for (auto& f : v.result_files) w.str(f);
  w.u32(v.requirements.min_vcpus).u32(v.requirements.min_mem_mib);
  w.u32(v.requirements.write_disk_mib);
}

Job get_job(Reader& r) {
  Job v;
  for (uint32_t n = r.u32(); n > 0; --n) v.argv.push_back(r.str());
  for (uint32_t n = r.u32(); n > 0; --n) v.result_files.push_back(r.str());
  v.requirements.min_vcpus = r.u32();
  v.requirements.min_mem_mib = r.u32();
  v.requirements.write_disk_mib = r.u32();
  return v;
}

void put(Writer& w, const GuestOutput& v) {
  put(w, v.params);
  w.str(v.out).str(v.err).i64(v.exit_status).i64(v.term_signal);
  w.u32(static_cast<uint32_t>(v.files.size()));
  for (auto& [path, data] : v.files) w.str(path).str(data);
  w.i64(v.guest_payload_ns).i64(v.time_to_payload_ns);
}

GuestOutput get_output(Reader& r) {
  GuestOutput v;
  v.params = get_params(r);
  v.out = r.str();
  v.err = r.str();
  v.exit_status = static_cast<int>(r.i64());
  v.term_signal = static_cast<int>(r.i64());
  for (uint32_t n = r.u32(); n > 0; --n) {
    auto path = r.str();
    v.files.emplace_back(std::move(path), r.str());
  }
  v.guest_payload_ns = r.i64();
  v.time_to_payload_ns = r.i64();
  return v;
}

void put(Writer& w, const std::vector<Metric>& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  for (auto& m : v) w.str(m.name).f64(m.value).str(m.unit).u8(m.higher_is_better);
}

std::vector<Metric> get_metrics(Reader& r) {
  std::vector<Metric> v;
  for (uint32_t n = r.u32(); n > 0; --n) {
    Metric m;
    m.name = r.str();
    m.value = r.f64();
    m.unit = r.str();
    m.higher_is_better = r.u8() != 0;
    v.push_back(std::move(m));
  }
  return v;
}

namespace {

// Reads exactly n bytes; returns how many arrived before end of file.
size_t read_n(int fd, char* p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t k = ::read(fd, p + got, n - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += static_cast<size_t>(k);
  }
  return got;
}

}  // namespace

bool read_frame(int fd, std::string& body) {
  uint32_t n = 0;
  const size_t got = read_n(fd, reinterpret_cast<char*>(&n), sizeof n);
  if (got == 0) return false;
  if (got != sizeof n) throw PluginError("plugin host: torn frame");
  if (n > kMaxFrame) throw PluginError("plugin host: frame of " + std::to_string(n) + " bytes");
  body.resize(n);
  if (read_n(fd, body.data(), n) != n) throw PluginError("plugin host: torn frame");
  return true;
}

bool write_all(int fd, std::string_view frame) {
  while (!frame.empty()) {
    ssize_t k = ::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    frame.remove_prefix(static_cast<size_t>(k));
  }
  return true;
}

}  // namespace fcbench::plugin::wire
