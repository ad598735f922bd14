// The plugin ABI v1.0, pinned: struct layouts, slot order and types, the entry
// symbol and version numbers; and the C++ adapter filling each slot correctly.
#include <fcbench/plugin.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <fcbench/plugin.hpp>
#include <string>
#include <type_traits>

namespace sdk = fcbench::sdk;

namespace {

// Offsets and sizes below are for LP64 (x86-64 Linux), the only target.
static_assert(sizeof(void*) == 8 && sizeof(size_t) == 8, "the pinned layout is LP64");

static_assert(FCB_ABI_MAJOR == 1 && FCB_ABI_MINOR == 0, "the ABI version is 1.0");
static_assert(std::is_same_v<fcb_entry_fn, const fcb_plugin_api* (*)(void)>);

// The table: three version fields, then ten slots in this order.
static_assert(offsetof(fcb_plugin_api, abi_major) == 0);
static_assert(offsetof(fcb_plugin_api, abi_minor) == 4);
static_assert(offsetof(fcb_plugin_api, struct_size) == 8);
static_assert(offsetof(fcb_plugin_api, name) == 16);
static_assert(offsetof(fcb_plugin_api, version) == 24);
static_assert(offsetof(fcb_plugin_api, description) == 32);
static_assert(offsetof(fcb_plugin_api, params) == 40);
static_assert(offsetof(fcb_plugin_api, payload_files) == 48);
static_assert(offsetof(fcb_plugin_api, create) == 56);
static_assert(offsetof(fcb_plugin_api, destroy) == 64);
static_assert(offsetof(fcb_plugin_api, last_error) == 72);
static_assert(offsetof(fcb_plugin_api, describe_job) == 80);
static_assert(offsetof(fcb_plugin_api, parse) == 88);
static_assert(sizeof(fcb_plugin_api) == 96);

static_assert(std::is_same_v<decltype(fcb_plugin_api::abi_major), uint32_t>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::abi_minor), uint32_t>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::name), const char* (*)(void)>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::version), const char* (*)(void)>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::description), const char* (*)(void)>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::params), const fcb_param_def* (*)(size_t*)>);
static_assert(
    std::is_same_v<decltype(fcb_plugin_api::payload_files), const fcb_payload_file* (*)(size_t*)>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::create), void* (*)(void)>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::destroy), void (*)(void*)>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::last_error), const char* (*)(void*)>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::describe_job),
                             int (*)(void*, const fcb_kv*, size_t, fcb_job*)>);
static_assert(std::is_same_v<decltype(fcb_plugin_api::parse),
                             int (*)(void*, const fcb_output*, const fcb_metric**, size_t*)>);

// The structs the slots exchange.
static_assert(sizeof(fcb_param_type) == 4 && sizeof(fcb_file_kind) == 4 && sizeof(fcb_better) == 4);
static_assert(FCB_PARAM_INT == 1 && FCB_PARAM_FLOAT == 2 && FCB_PARAM_STRING == 3 &&
              FCB_PARAM_BOOL == 4);
static_assert(FCB_FILE_PLUGIN == 1 && FCB_FILE_HOST_BINARY == 2);
static_assert(FCB_HIGHER_IS_BETTER == 1 && FCB_LOWER_IS_BETTER == 2);

static_assert(offsetof(fcb_param_def, name) == 0 && offsetof(fcb_param_def, type) == 8 &&
              offsetof(fcb_param_def, default_value) == 16 && offsetof(fcb_param_def, doc) == 24 &&
              sizeof(fcb_param_def) == 32);
static_assert(offsetof(fcb_payload_file, kind) == 0 && offsetof(fcb_payload_file, source) == 8 &&
              offsetof(fcb_payload_file, guest_path) == 16 && sizeof(fcb_payload_file) == 24);
static_assert(offsetof(fcb_kv, name) == 0 && offsetof(fcb_kv, value) == 8 && sizeof(fcb_kv) == 16);
static_assert(offsetof(fcb_requirements, min_vcpus) == 0 &&
              offsetof(fcb_requirements, min_mem_mib) == 4 &&
              offsetof(fcb_requirements, write_disk_mib) == 8 && sizeof(fcb_requirements) == 12);
static_assert(offsetof(fcb_job, argv) == 0 && offsetof(fcb_job, argc) == 8 &&
              offsetof(fcb_job, result_files) == 16 && offsetof(fcb_job, n_result_files) == 24 &&
              offsetof(fcb_job, requirements) == 32 && sizeof(fcb_job) == 48);
static_assert(offsetof(fcb_metric, name) == 0 && offsetof(fcb_metric, value) == 8 &&
              offsetof(fcb_metric, unit) == 16 && offsetof(fcb_metric, better) == 24 &&
              sizeof(fcb_metric) == 32);
static_assert(offsetof(fcb_result_file, path) == 0 && offsetof(fcb_result_file, data) == 8 &&
              offsetof(fcb_result_file, size) == 16 && sizeof(fcb_result_file) == 24);
static_assert(offsetof(fcb_output, params) == 0 && offsetof(fcb_output, n_params) == 8 &&
              offsetof(fcb_output, stdout_data) == 16 && offsetof(fcb_output, stdout_size) == 24 &&
              offsetof(fcb_output, stderr_data) == 32 && offsetof(fcb_output, stderr_size) == 40 &&
              offsetof(fcb_output, exit_status) == 48 && offsetof(fcb_output, term_signal) == 52 &&
              offsetof(fcb_output, files) == 56 && offsetof(fcb_output, n_files) == 64 &&
              offsetof(fcb_output, guest_payload_ns) == 72 &&
              offsetof(fcb_output, time_to_payload_ns) == 80 && sizeof(fcb_output) == 88);

// A plugin whose every slot gives a distinct, recognisable answer.
struct Probe {
  static sdk::Info info() {
    return {"probe",
            "1.2.3",
            "pins the adapter's slots",
            {{"n", sdk::ParamType::Int, "3", "how many"}},
            {sdk::PayloadFile::bundled("probe.payload/p", "/opt/probe/p"),
             sdk::PayloadFile::host_binary("sh", "/opt/probe/sh")}};
  }
  sdk::Job job(const sdk::Params& p) {
    if (p.integer("n") < 0) throw sdk::Error("n must be 0 or more");
    return {{"/opt/probe/p", p.str("n")}, {"out.txt"}, {2, 128, 16}};
  }
  std::vector<sdk::Metric> parse(const sdk::Output& o) {
    sdk::require_success(o);
    return {{"n", o.params.number("n"), "items", sdk::Better::Higher},
            {"out", double(o.out.size()), "bytes", sdk::Better::Lower}};
  }
};

// Frees the state on every path out of a test.
struct StateGuard {
  const fcb_plugin_api* api;
  void* s = api->create();
  ~StateGuard() { api->destroy(s); }
};

}  // namespace

TEST_CASE("sdk abi: the entry symbol and version numbers of ABI 1.0", "[sdk][abi]") {
  CHECK(std::string(FCB_ENTRY_SYMBOL) == "fcbench_plugin_entry");
  CHECK(FCB_ABI_MAJOR == 1);
  CHECK(FCB_ABI_MINOR == 0);
  CHECK(sizeof(fcb_plugin_api) == 96);
}

TEST_CASE("sdk abi: the C++ adapter fills every slot of the table", "[sdk][abi]") {
  const fcb_plugin_api* api = sdk::detail::entry<Probe>();
  REQUIRE(api != nullptr);
  CHECK(api->abi_major == FCB_ABI_MAJOR);
  CHECK(api->abi_minor == FCB_ABI_MINOR);
  CHECK(api->struct_size == sizeof(fcb_plugin_api));
  CHECK(std::string(api->name()) == "probe");
  CHECK(std::string(api->version()) == "1.2.3");
  CHECK(std::string(api->description()) == "pins the adapter's slots");

  size_t n = 0;
  const fcb_param_def* params = api->params(&n);
  REQUIRE(n == 1);
  CHECK(std::string(params[0].name) == "n");
  CHECK(params[0].type == FCB_PARAM_INT);
  CHECK(std::string(params[0].default_value) == "3");
  CHECK(std::string(params[0].doc) == "how many");

  const fcb_payload_file* files = api->payload_files(&n);
  REQUIRE(n == 2);
  CHECK(files[0].kind == FCB_FILE_PLUGIN);
  CHECK(std::string(files[0].source) == "probe.payload/p");
  CHECK(std::string(files[0].guest_path) == "/opt/probe/p");
  CHECK(files[1].kind == FCB_FILE_HOST_BINARY);

  StateGuard st{api};
  REQUIRE(st.s != nullptr);
  CHECK(std::string(api->last_error(st.s)).empty());

  fcb_kv kv[] = {{"n", "5"}};
  fcb_job job{};
  REQUIRE(api->describe_job(st.s, kv, 1, &job) == 0);
  REQUIRE(job.argc == 2);
  CHECK(std::string(job.argv[0]) == "/opt/probe/p");
  CHECK(std::string(job.argv[1]) == "5");
  REQUIRE(job.n_result_files == 1);
  CHECK(std::string(job.result_files[0]) == "out.txt");
  CHECK(job.requirements.min_vcpus == 2);
  CHECK(job.requirements.min_mem_mib == 128);
  CHECK(job.requirements.write_disk_mib == 16);

  fcb_kv bad[] = {{"n", "-1"}};
  CHECK(api->describe_job(st.s, bad, 1, &job) != 0);
  CHECK(std::string(api->last_error(st.s)) == "n must be 0 or more");

  fcb_output out{};
  out.params = kv;
  out.n_params = 1;
  out.stdout_data = "hello";
  out.stdout_size = 5;
  const fcb_metric* metrics = nullptr;
  REQUIRE(api->parse(st.s, &out, &metrics, &n) == 0);
  CHECK(std::string(api->last_error(st.s)).empty());
  REQUIRE(n == 2);
  CHECK(std::string(metrics[0].name) == "n");
  CHECK(metrics[0].value == 5.0);
  CHECK(std::string(metrics[0].unit) == "items");
  CHECK(metrics[0].better == FCB_HIGHER_IS_BETTER);
  CHECK(metrics[1].value == 5.0);
  CHECK(metrics[1].better == FCB_LOWER_IS_BETTER);

  out.exit_status = 3;
  out.stderr_data = "boom\n";
  out.stderr_size = 5;
  CHECK(api->parse(st.s, &out, &metrics, &n) != 0);
  CHECK(std::string(api->last_error(st.s)) == "payload exited with status 3: boom");
}
