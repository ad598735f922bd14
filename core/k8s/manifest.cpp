#include "k8s/manifest.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cctype>

namespace fcbench::k8s {

namespace {

constexpr const char* kIndexEnv = "JOB_COMPLETION_INDEX";
constexpr const char* kResults = "/results";
constexpr const char* kWorkloadDir = "/workload";

YAML::Node workload_config_map(const ManifestConfig& c) {
  YAML::Node m;
  m["apiVersion"] = "v1";
  m["kind"] = "ConfigMap";
  m["metadata"]["name"] = c.name + "-workload";
  m["data"][c.workload_name] = c.workload_text;
  return m;
}

// `fcbench run` for shard $(JOB_COMPLETION_INDEX): Kubernetes expands
// $(VAR) from the container's env, with no shell in between.
YAML::Node run_args(const ManifestConfig& c) {
  const std::string workload =
      c.workload_text.empty() ? c.workload_path : std::string(kWorkloadDir) + "/" + c.workload_name;
  YAML::Node a;
  for (const std::string& s :
       {std::string("run"), std::string("--workload"), workload, std::string("--shard"),
        fmt::format("$({})/{}", kIndexEnv, c.shards), std::string("--start-at"),
        std::to_string(c.start_at_ns), std::string("--output"),
        fmt::format("{}/shard-$({})", kResults, kIndexEnv), std::string("--no-history")})
    a.push_back(s);
  for (const auto& s : c.run_args) a.push_back(s);
  return a;
}

YAML::Node container(const ManifestConfig& c) {
  YAML::Node k;
  k["name"] = "fcbench";
  k["image"] = c.image;
  k["command"].push_back("fcbench");
  k["args"] = run_args(c);
  YAML::Node env;
  env["name"] = kIndexEnv;
  env["valueFrom"]["fieldRef"]["fieldPath"] =
      "metadata.annotations['batch.kubernetes.io/job-completion-index']";
  k["env"].push_back(env);
  k["securityContext"]["privileged"] = true;  // /dev/kvm, host settings, cgroups
  YAML::Node kvm, results, wl;
  kvm["name"] = "kvm", kvm["mountPath"] = "/dev/kvm";
  results["name"] = "results", results["mountPath"] = kResults;
  k["volumeMounts"].push_back(kvm);
  k["volumeMounts"].push_back(results);
  if (!c.workload_text.empty()) {
    wl["name"] = "workload", wl["mountPath"] = kWorkloadDir, wl["readOnly"] = true;
    k["volumeMounts"].push_back(wl);
  }
  return k;
}

YAML::Node volumes(const ManifestConfig& c) {
  YAML::Node v, kvm, results, wl;
  kvm["name"] = "kvm";
  kvm["hostPath"]["path"] = "/dev/kvm";
  kvm["hostPath"]["type"] = "CharDevice";
  results["name"] = "results";
  results["persistentVolumeClaim"]["claimName"] = c.output_pvc;
  v.push_back(kvm);
  v.push_back(results);
  if (!c.workload_text.empty()) {
    wl["name"] = "workload";
    wl["configMap"]["name"] = c.name + "-workload";
    v.push_back(wl);
  }
  return v;
}

// One pod per node: no two pods of this Job share a hostname.
YAML::Node anti_affinity(const std::string& name) {
  YAML::Node term;
  term["labelSelector"]["matchLabels"]["fcbench/job"] = name;
  term["topologyKey"] = "kubernetes.io/hostname";
  YAML::Node a;
  a["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"].push_back(term);
  return a;
}

YAML::Node job(const ManifestConfig& c) {
  YAML::Node j;
  j["apiVersion"] = "batch/v1";
  j["kind"] = "Job";
  j["metadata"]["name"] = c.name;
  j["metadata"]["labels"]["app.kubernetes.io/name"] = "fcbench";
  auto spec = j["spec"];
  spec["completionMode"] = "Indexed";
  spec["completions"] = c.shards;
  spec["parallelism"] = c.shards;
  spec["backoffLimit"] = 0;  // a failed shard is resumed by hand, not rerun from scratch
  auto tpl = spec["template"];
  tpl["metadata"]["labels"]["app.kubernetes.io/name"] = "fcbench";
  tpl["metadata"]["labels"]["fcbench/job"] = c.name;
  tpl["spec"]["restartPolicy"] = "Never";
  tpl["spec"]["affinity"] = anti_affinity(c.name);
  tpl["spec"]["containers"].push_back(container(c));
  tpl["spec"]["volumes"] = volumes(c);
  return j;
}

}  // namespace

std::string job_name(const std::string& stem) {
  std::string out = "fcbench-";
  for (char ch : stem) {
    const char c = char(std::tolower(static_cast<unsigned char>(ch)));
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (ok)
      out += c;
    else if (out.back() != '-')
      out += '-';
  }
  out = out.substr(0, 52);
  while (out.back() == '-') out.pop_back();
  return out;
}

std::string manifest_yaml(const ManifestConfig& c) {
  YAML::Emitter e;
  if (!c.workload_text.empty()) {
    e << YAML::BeginDoc << workload_config_map(c);
  }
  e << YAML::BeginDoc << job(c);
  return std::string(e.c_str()) + "\n";
}

}  // namespace fcbench::k8s
