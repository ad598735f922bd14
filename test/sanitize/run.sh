#!/usr/bin/env bash
# The unit tests and a few end-to-end tests under ASan and UBSan:
#
#   test/sanitize/run.sh [CTEST_REGEX]
#
# Builds a separate tree in build-asan/ (-DFCBENCH_SANITIZE=ON: fcbench_core
# and everything linking it, i.e. the CLI and the test binaries, with
# -fsanitize=address,undefined; UBSan findings abort). Then runs the unit
# tests and the e2e tests matching CTEST_REGEX (default: native workloads,
# shards, a QEMU boot, interrupt and resume). Any sanitizer report fails the
# test it happens in. Needs the guest kernel (./setup.sh). Takes about as long
# as a first build plus the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
regex="${1:-^unit:|e2e: *native|e2e: *shards|e2e: *qemu: a concurrent workload|e2e: *a suite run resumes}"
B=build-asan
if [ ! -f "$B/CMakeCache.txt" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$B" -DFCBENCH_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
fi
cmake --build "$B" -j"$(nproc)" >/dev/null
# Leaks are not checked: plugin libraries stay loaded until exit by design.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$B" -R "$regex" --output-on-failure -j"$(nproc)"
