// k8s/manifest: the Indexed Job `fcbench k8s manifest` prints, read back as
// YAML and checked field by field against the Kubernetes batch/v1 Job shape.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include "k8s/manifest.hpp"

namespace {

fcbench::k8s::ManifestConfig config() {
  fcbench::k8s::ManifestConfig c;
  c.name = "fcbench-w";
  c.workload_name = "w.jsonl";
  c.workload_text = "{\"format\":\"fcbench-workload-1\"}\n{\"id\":\"w1\"}\n";
  c.shards = 4;
  c.image = "registry.example/fcbench:1";
  c.output_pvc = "bench-results";
  c.start_at_ns = 1796223600000000000;
  c.run_args = {"--vmm", "firecracker"};
  return c;
}

std::vector<std::string> strings(const YAML::Node& seq) {
  std::vector<std::string> out;
  for (const auto& n : seq) out.push_back(n.as<std::string>());
  return out;
}

}  // namespace

TEST_CASE("k8s manifest: an Indexed Job, one pod per shard and per node", "[unit][k8s]") {
  const auto docs = YAML::LoadAll(fcbench::k8s::manifest_yaml(config()));
  REQUIRE(docs.size() == 2);
  const auto& cm = docs[0];
  CHECK(cm["kind"].as<std::string>() == "ConfigMap");
  CHECK(cm["data"]["w.jsonl"].as<std::string>() == config().workload_text);  // byte for byte
  const auto& job = docs[1];
  CHECK(job["apiVersion"].as<std::string>() == "batch/v1");
  CHECK(job["kind"].as<std::string>() == "Job");
  const auto spec = job["spec"];
  CHECK(spec["completionMode"].as<std::string>() == "Indexed");
  CHECK(spec["completions"].as<int>() == 4);
  CHECK(spec["parallelism"].as<int>() == 4);
  const auto pod = spec["template"]["spec"];
  CHECK(pod["restartPolicy"].as<std::string>() == "Never");
  const auto term =
      pod["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0];
  CHECK(term["topologyKey"].as<std::string>() == "kubernetes.io/hostname");
  CHECK(term["labelSelector"]["matchLabels"]["fcbench/job"].as<std::string>() == "fcbench-w");
  CHECK(spec["template"]["metadata"]["labels"]["fcbench/job"].as<std::string>() == "fcbench-w");
  REQUIRE(pod["containers"].size() == 1);
  const auto c = pod["containers"][0];
  CHECK(c["image"].as<std::string>() == "registry.example/fcbench:1");
  CHECK(c["securityContext"]["privileged"].as<bool>());
  CHECK(strings(c["command"]) == std::vector<std::string>{"fcbench"});
  CHECK(strings(c["args"]) ==
        std::vector<std::string>{"run", "--workload", "/workload/w.jsonl", "--shard",
                                 "$(JOB_COMPLETION_INDEX)/4", "--start-at", "1796223600000000000",
                                 "--output", "/results/shard-$(JOB_COMPLETION_INDEX)",
                                 "--no-history", "--vmm", "firecracker"});
  CHECK(c["env"][0]["name"].as<std::string>() == "JOB_COMPLETION_INDEX");
  CHECK(c["env"][0]["valueFrom"]["fieldRef"]["fieldPath"].as<std::string>() ==
        "metadata.annotations['batch.kubernetes.io/job-completion-index']");
  std::map<std::string, YAML::Node> vols;
  for (size_t i = 0; i < pod["volumes"].size(); ++i)
    vols[pod["volumes"][i]["name"].as<std::string>()] = pod["volumes"][i];
  REQUIRE(vols.count("kvm"));
  CHECK(vols["kvm"]["hostPath"]["path"].as<std::string>() == "/dev/kvm");
  CHECK(vols["kvm"]["hostPath"]["type"].as<std::string>() == "CharDevice");
  CHECK(vols["results"]["persistentVolumeClaim"]["claimName"].as<std::string>() == "bench-results");
  CHECK(vols["workload"]["configMap"]["name"].as<std::string>() == "fcbench-w-workload");
  std::map<std::string, std::string> mounts;
  for (const auto& m : c["volumeMounts"])
    mounts[m["name"].as<std::string>()] = m["mountPath"].as<std::string>();
  CHECK(mounts == std::map<std::string, std::string>{
                      {"kvm", "/dev/kvm"}, {"results", "/results"}, {"workload", "/workload"}});
}

TEST_CASE("k8s manifest: a workload on the claim needs no ConfigMap", "[unit][k8s]") {
  auto c = config();
  c.workload_text.clear();
  c.workload_path = "/results/w.jsonl";
  const auto docs = YAML::LoadAll(fcbench::k8s::manifest_yaml(c));
  REQUIRE(docs.size() == 1);
  const auto pod = docs[0]["spec"]["template"]["spec"];
  CHECK(strings(pod["containers"][0]["args"])[2] == "/results/w.jsonl");
  for (const auto& v : pod["volumes"]) CHECK(v["name"].as<std::string>() != "workload");
}

TEST_CASE("k8s manifest: Job names are DNS labels", "[unit][k8s]") {
  using fcbench::k8s::job_name;
  CHECK(job_name("w") == "fcbench-w");
  CHECK(job_name("My_Workload.v2") == "fcbench-my-workload-v2");
  CHECK(job_name("___") == "fcbench");
  CHECK(job_name(std::string(100, 'a')).size() == 52);
}
