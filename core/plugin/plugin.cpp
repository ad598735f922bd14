#include "plugin/plugin.hpp"

#include <algorithm>

#include "plugin/host_process.hpp"
#include "plugin/wire.hpp"
#include "util/hash.hpp"

namespace fcbench::plugin {

Plugin::~Plugin() = default;

std::shared_ptr<const Plugin> Plugin::load(const std::filesystem::path& library,
                                           const Source& origin) {
  std::shared_ptr<Plugin> p(new Plugin());
  p->path_ = std::filesystem::absolute(library);
  p->host_ = std::make_unique<HostProcess>(library, "");
  try {
    const auto reply = p->host_->call("info", wire::Writer().u8(uint8_t(wire::Op::info)).frame());
    wire::Reader r(reply);
    p->info_ = wire::get_info(r);
  } catch (const PluginError& e) {
    const std::string what = e.what(), where = library.string() + ": ";
    throw PluginError(what.rfind(where, 0) == 0 ? what : where + what);
  }
  p->host_->set_name(p->info_.name);
  p->source_ = origin;
  p->source_.sha256 = Sha256().add_file(library).hex();
  return p;
}

const ParamDef* Plugin::find_param(const std::string& name) const {
  for (auto& d : info_.params)
    if (d.name == name) return &d;
  return nullptr;
}

ParamMap Plugin::with_defaults(const ParamMap& given) const {
  ParamMap out = given;
  for (auto& d : info_.params) out.emplace(d.name, d.default_value);
  return out;
}

Job Plugin::describe_job(const ParamMap& params) const {
  {
    std::lock_guard lk(jobs_mu_);
    if (auto it = jobs_.find(params); it != jobs_.end()) {
      if (it->second.error) throw PluginError(*it->second.error);
      return it->second.job;
    }
  }
  wire::Writer w;
  wire::put(w.u8(uint8_t(wire::Op::job)), params);
  const auto reply = host_->call("job", w.frame());
  wire::Reader r(reply);
  Job job = wire::get_job(r);
  std::lock_guard lk(jobs_mu_);
  if (jobs_.size() >= kMaxJobs) jobs_.clear();  // the next few thousand ask again
  return jobs_.emplace(params, Answer{std::move(job), std::nullopt}).first->second.job;
}

void Plugin::prefetch_jobs(const std::vector<ParamMap>& sets) const {
  std::vector<const ParamMap*> ask;
  {
    std::lock_guard lk(jobs_mu_);
    if (jobs_.size() + sets.size() > kMaxJobs) jobs_.clear();
    for (const auto& p : sets)
      if (!jobs_.count(p)) ask.push_back(&p);
  }
  for (size_t i = 0; i < ask.size() && batching_; i += kJobsPerCall)
    ask_jobs({ask.begin() + long(i), ask.begin() + long(std::min(ask.size(), i + kJobsPerCall))});
}

void Plugin::ask_jobs(const std::vector<const ParamMap*>& ask) const {
  wire::Writer w;
  w.u8(uint8_t(wire::Op::jobs)).u32(uint32_t(ask.size()));
  for (const auto* p : ask) wire::put(w, *p);
  std::string reply;
  try {
    reply = host_->call("job", w.frame());
  } catch (const PluginError&) {
    batching_ = false;  // a crash or a hang: describe_job finds which set, one at a time
    return;
  }
  wire::Reader r(reply);
  std::map<ParamMap, Answer> got;
  for (const auto* p : ask) {
    Answer a;
    if (r.u8() == wire::kOk)
      a.job = wire::get_job(r);
    else
      a.error = r.str();
    got.emplace(*p, std::move(a));
  }
  std::lock_guard lk(jobs_mu_);
  jobs_.merge(got);
}

std::vector<Metric> Plugin::parse(const GuestOutput& output) const {
  wire::Writer w;
  wire::put(w.u8(uint8_t(wire::Op::parse)), output);
  const auto reply = host_->call("parse", w.frame());
  wire::Reader r(reply);
  return wire::get_metrics(r);
}

int Plugin::host_pid() const {
  return host_->pid();
}

}  // namespace fcbench::plugin
