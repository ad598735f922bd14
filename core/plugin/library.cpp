#include "plugin/library.hpp"

#include <boost/dll/shared_library.hpp>
#include <cstddef>

namespace fcbench::plugin {

namespace {

// Frees a plugin state on every path out of a call.
struct State {
  const fcb_plugin_api* api;
  void* s;
  explicit State(const fcb_plugin_api* a) : api(a), s(a->create()) {
    if (!s) throw PluginError("plugin could not create its state");
  }
  ~State() { api->destroy(s); }
  std::string error() const {
    const char* e = api->last_error(s);
    return e && *e ? e : "plugin reported an error without a message";
  }
};

std::string str(const char* s) {
  return s ? s : "";
}

std::vector<fcb_kv> to_kv(const ParamMap& params) {
  std::vector<fcb_kv> kv;
  for (auto& [k, v] : params) kv.push_back({k.c_str(), v.c_str()});
  return kv;
}

// The library's API table, or PluginError naming why there is none.
const fcb_plugin_api* open_table(boost::dll::shared_library& lib,
                                 const std::filesystem::path& library, const std::string& where) {
  try {
    lib.load(library, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  } catch (const std::exception& e) {
    throw PluginError(where + "cannot load library: " + e.what());
  }
  if (!lib.has(FCB_ENTRY_SYMBOL))
    throw PluginError(where + "not an fcbench plugin (no '" FCB_ENTRY_SYMBOL "' symbol)");
  auto entry = lib.get<const fcb_plugin_api*()>(FCB_ENTRY_SYMBOL);
  const fcb_plugin_api* api = entry();
  if (!api) throw PluginError(where + "entry point returned no API table");
  return api;
}

// The table's ABI version and size, and its required entry points.
void check_abi(const fcb_plugin_api* api, const std::string& where) {
  if (api->abi_major != FCB_ABI_MAJOR)
    throw PluginError(where + "ABI major version " + std::to_string(api->abi_major) +
                      " is not supported (this fcbench speaks " + std::to_string(FCB_ABI_MAJOR) +
                      "." + std::to_string(FCB_ABI_MINOR) +
                      "); rebuild the plugin against this SDK");
  if (api->abi_minor > FCB_ABI_MINOR)
    throw PluginError(where + "plugin needs ABI " + std::to_string(api->abi_major) + "." +
                      std::to_string(api->abi_minor) + " but this fcbench only has " +
                      std::to_string(FCB_ABI_MAJOR) + "." + std::to_string(FCB_ABI_MINOR) +
                      "; upgrade fcbench");
  // Size of the table at each minor of this major; append an entry per bump.
  static const size_t kMinSize[] = {offsetof(fcb_plugin_api, parse) + sizeof(api->parse)};
  if (api->struct_size < kMinSize[api->abi_minor])
    throw PluginError(where + "API table is smaller than ABI " + std::to_string(FCB_ABI_MAJOR) +
                      "." + std::to_string(api->abi_minor) + " requires");
  const char* missing = !api->name            ? "name"
                        : !api->version       ? "version"
                        : !api->description   ? "description"
                        : !api->params        ? "params"
                        : !api->payload_files ? "payload_files"
                        : !api->create        ? "create"
                        : !api->destroy       ? "destroy"
                        : !api->last_error    ? "last_error"
                        : !api->describe_job  ? "describe_job"
                        : !api->parse         ? "parse"
                                              : nullptr;
  if (missing) throw PluginError(where + "required entry point '" + missing + "' is missing");
}

std::vector<ParamDef> read_params(const fcb_plugin_api* api, const std::string& where) {
  std::vector<ParamDef> out;
  size_t n = 0;
  const fcb_param_def* defs = api->params(&n);
  for (size_t i = 0; i < n; ++i) {
    if (!defs[i].name) throw PluginError(where + "parameter " + std::to_string(i) + " has no name");
    out.push_back({defs[i].name, defs[i].type, str(defs[i].default_value), str(defs[i].doc)});
  }
  return out;
}

// Relative FCB_FILE_PLUGIN sources resolved against the library's directory.
std::vector<PayloadFile> read_payload_files(const fcb_plugin_api* api,
                                            const std::filesystem::path& library,
                                            const std::string& where) {
  std::vector<PayloadFile> out;
  size_t n = 0;
  const fcb_payload_file* files = api->payload_files(&n);
  for (size_t i = 0; i < n; ++i) {
    PayloadFile f{files[i].kind, str(files[i].source), str(files[i].guest_path)};
    if (f.kind == FCB_FILE_PLUGIN && !f.source.empty() && f.source[0] != '/')
      f.source = (library.parent_path() / f.source).lexically_normal().string();
    if (f.guest_path.empty() || f.guest_path[0] != '/')
      throw PluginError(where + "payload file '" + f.source + "' needs an absolute guest path");
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

const char* type_name(fcb_param_type t) {
  switch (t) {
    case FCB_PARAM_INT:
      return "int";
    case FCB_PARAM_FLOAT:
      return "float";
    case FCB_PARAM_STRING:
      return "string";
    case FCB_PARAM_BOOL:
      return "bool";
  }
  return "unknown";
}

Library::~Library() = default;

std::unique_ptr<Library> Library::open(const std::filesystem::path& library) {
  const auto path = std::filesystem::absolute(library);
  auto where = library.string() + ": ";
  std::unique_ptr<Library> l(new Library());
  l->lib_ = std::make_shared<boost::dll::shared_library>();
  l->api_ = open_table(*l->lib_, library, where);
  check_abi(l->api_, where);
  auto& i = l->info_;
  i.name = str(l->api_->name());
  i.version = str(l->api_->version());
  i.description = str(l->api_->description());
  i.abi_major = l->api_->abi_major;
  i.abi_minor = l->api_->abi_minor;
  if (i.name.empty())
    throw PluginError(where + "plugin has an empty name" +
                      (i.description.empty() ? "" : " (" + i.description + ")"));
  i.params = read_params(l->api_, where);
  i.files = read_payload_files(l->api_, path, where);
  return l;
}

Job Library::describe_job(const ParamMap& params) const {
  State st(api_);
  auto kv = to_kv(params);
  fcb_job j{};
  if (api_->describe_job(st.s, kv.data(), kv.size(), &j) != 0) throw PluginError(st.error());
  Job job;
  for (size_t i = 0; i < j.argc; ++i) job.argv.emplace_back(str(j.argv[i]));
  for (size_t i = 0; i < j.n_result_files; ++i)
    job.result_files.emplace_back(str(j.result_files[i]));
  job.requirements = j.requirements;
  if (job.argv.empty() || job.argv[0].empty() || job.argv[0][0] != '/')
    throw PluginError("plugin " + info_.name +
                      " built a job whose argv[0] is not an absolute guest path");
  return job;
}

std::vector<Metric> Library::parse(const GuestOutput& o) const {
  State st(api_);
  auto kv = to_kv(o.params);
  std::vector<fcb_result_file> files;
  for (auto& [path, data] : o.files) files.push_back({path.c_str(), data.data(), data.size()});
  fcb_output out{};
  out.params = kv.data();
  out.n_params = kv.size();
  out.stdout_data = o.out.data();
  out.stdout_size = o.out.size();
  out.stderr_data = o.err.data();
  out.stderr_size = o.err.size();
  out.exit_status = o.exit_status;
  out.term_signal = o.term_signal;
  out.files = files.data();
  out.n_files = files.size();
  out.guest_payload_ns = o.guest_payload_ns;
  out.time_to_payload_ns = o.time_to_payload_ns;
  const fcb_metric* m = nullptr;
  size_t n = 0;
  // The message names the plugin, whatever its SDK made of the exception.
  if (api_->parse(st.s, &out, &m, &n) != 0)
    throw PluginError("plugin '" + info_.name + "': parse failed: " + st.error());
  std::vector<Metric> metrics;
  for (size_t i = 0; i < n; ++i)
    metrics.push_back(
        {str(m[i].name), m[i].value, str(m[i].unit), m[i].better != FCB_LOWER_IS_BETTER});
  return metrics;
}

}  // namespace fcbench::plugin
