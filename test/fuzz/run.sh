#!/usr/bin/env bash
# Fuzzes each of fcbench's parsers with libFuzzer (+ ASan and UBSan) for
# SECONDS each (default 60), starting from the seed corpora the replay tests
# use, and keeps what it finds:
#
#   test/fuzz/run.sh [SECONDS] [TARGET...]     targets: suite workload legacy guest records
#                                               firecracker pack
#
# Builds a separate clang tree in build-fuzz/ (-DFCBENCH_FUZZ=ON; needs the
# Debian packages clang and libclang-rt-14-dev). Each target's corpus grows in
# build-fuzz/corpus/TARGET; a crash is written to build-fuzz/findings/TARGET/
# and reported. Exits 1 if any target found something.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(suite workload legacy guest records firecracker pack)
command -v clang++ >/dev/null || { echo "run.sh: clang++ missing: apt-get install clang libclang-rt-14-dev" >&2; exit 2; }

B=build-fuzz
if [ ! -f "$B/CMakeCache.txt" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  CC=clang CXX=clang++ cmake -S . -B "$B" -DFCBENCH_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
fi
cmake --build "$B" -j"$(nproc)" --target $(printf 'fcbench_fuzz_%s ' "${targets[@]}") >/dev/null

# The seed corpora: the same files the replay tests read (test/fuzz/CMakeLists.txt).
seeds() {
  case "$1" in
    suite) echo configs test/data/config ;;
    workload) echo test/data/workload configs test/fuzz/corpus/workload ;;
    legacy) echo test/data/legacy ;;
    guest) echo test/data/plugins test/data/debian-tools ;;
    records) echo test/fuzz/corpus/records packs/debian-tools/pack.yaml test/fixtures/packs/sample/pack.yaml ;;
    firecracker) echo test/fuzz/corpus/firecracker ;;
    pack) echo test/fuzz/corpus/pack ;;
  esac
}
# A UBSan report is a finding: it stops the target (the build also compiles
# with -fno-sanitize-recover=all), with a stack trace in the log.
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
found=0
for t in "${targets[@]}"; do
  corpus="$B/corpus/$t" findings="$B/findings/$t"
  mkdir -p "$corpus" "$findings"
  # libFuzzer takes directories: copy the seed files in once, named by their
  # path (the records seeds hold two pack.yaml).
  for s in $(seeds "$t"); do
    find "$s" -type f | while IFS= read -r f; do cp -n "$f" "$corpus/seed-${f//\//_}"; done
  done
  echo "run.sh: fuzzing $t for $secs s"
  if "$B/test/fuzz/fcbench_fuzz_$t" "$corpus" -max_total_time="$secs" -rss_limit_mb=4096 \
      -artifact_prefix="$findings/" -print_final_stats=1 >"$B/fuzz-$t.log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^#[0-9]+ *DONE" "$B/fuzz-$t.log" | tail -2 | sed "s/^/  $t: /"
  else
    found=1
    echo "run.sh: $t FOUND a failure: see $B/fuzz-$t.log and $findings/" >&2
    grep -m3 -E "ERROR|SUMMARY|uncaught|terminate" "$B/fuzz-$t.log" | sed "s/^/  /" >&2
  fi
done
exit "$found"
