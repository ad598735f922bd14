// `fcbench k8s manifest`: a workload's shards as a Kubernetes Indexed Job
// (one pod per shard, one pod per node), printed as YAML. Written from the
// Kubernetes API reference; not run on a cluster here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fcbench::k8s {

struct ManifestConfig {
  std::string name;           // the Job's name (DNS-1123 label)
  std::string workload_name;  // file name the pods see, e.g. "w.jsonl"
  std::string workload_text;  // put in a ConfigMap; empty: workload_path is on the PVC
  std::string workload_path;  // the workload inside the pod when not in a ConfigMap
  uint32_t shards = 1;
  std::string image;                  // holds fcbench, QEMU/Firecracker and the guest kernel
  std::string output_pvc;             // a ReadWriteMany claim: shard-K directories go there
  int64_t start_at_ns = 0;            // the common start, ns since the Unix epoch
  std::vector<std::string> run_args;  // passed to every `fcbench run`
};

// A Job name from a workload file stem: lower case, [a-z0-9-], at most 52
// characters (room for the pod suffix), never empty.
std::string job_name(const std::string& stem);

// The ConfigMap (when the workload is inline) and the Job, as YAML
// documents separated by "---".
std::string manifest_yaml(const ManifestConfig& c);

}  // namespace fcbench::k8s
