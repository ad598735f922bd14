// fcbench subcommands; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace fcbench::cli {

int cmd_run(const std::vector<std::string>& args);
int cmd_plugins(const std::vector<std::string>& args);
int cmd_plugin(const std::vector<std::string>& args);
int cmd_doctor(const std::vector<std::string>& args);
int cmd_prepare(const std::vector<std::string>& args);
int cmd_host(const std::vector<std::string>& args);
int cmd_generate(const std::vector<std::string>& args);
int cmd_baseline(const std::vector<std::string>& args);
int cmd_report(const std::vector<std::string>& args);
int cmd_history(const std::vector<std::string>& args);
int cmd_import(const std::vector<std::string>& args);
int cmd_compare(const std::vector<std::string>& args);
int cmd_pack(const std::vector<std::string>& args);
int cmd_merge(const std::vector<std::string>& args);
int cmd_k8s(const std::vector<std::string>& args);
int cmd_slurm(const std::vector<std::string>& args);

}  // namespace fcbench::cli
