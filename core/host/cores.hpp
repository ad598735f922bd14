// Hands out host cores to VMM instances for pinning: each vCPU thread gets
// a core of its own and the VMM's other threads one more. Cores are disjoint
// between live grants while they last; after that the least used cores are
// shared and the grant says so. Pure bookkeeping (no system calls), safe to
// use from several threads.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace fcbench::host {

struct CoreGrant {
  std::map<int, int> vcpus;  // vCPU index → core
  int vmm_threads = -1;      // core for every other thread of the VMM
  bool shared = false;       // some core is also used by another thread or grant
};

class CoreAllocator {
 public:
  // `allowed` must not be empty (std::invalid_argument).
  explicit CoreAllocator(const std::set<int>& allowed);

  const std::set<int>& allowed() const { return allowed_; }
  // vcpus + 1 cores: vCPU 0..vcpus-1, then the VMM's other threads.
  CoreGrant allocate(unsigned vcpus);
  // Gives a grant's cores back; a grant not from this allocator is ignored.
  void release(const CoreGrant& grant);

 private:
  int take();  // the least used core (lowest number on a tie); counts it

  std::mutex mu_;
  std::set<int> allowed_;
  std::map<int, unsigned> use_;  // core → live uses
};

// The cores --pin hands out: those of `cpuset` ("" = all) that are in
// `usable` (this process's affinity). Unusable ones are dropped with a
// warning, or refused with `strict`; throws UserError (2) when none is left.
struct PinCores {
  std::set<int> cores;
  std::string warning;  // "" unless some of `cpuset` was dropped
};
PinCores choose_pin_cores(const std::set<int>& usable, const std::string& cpuset, bool strict);

}  // namespace fcbench::host
