#!/usr/bin/env bash
# Measures fcbench's own overhead on the `boot` benchmark: the median
# end-to-end time fcbench records, against the median wall time of the same
# VMM commands (from --dry-run) run raw. Usage: test/bench/boot-overhead.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/suite.yaml" <<YAML
name: boot-overhead
benchmarks:
  - plugin: boot
    repetitions: $N
YAML
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

build/fcbench run "$work/suite.yaml" --dry-run -o "$work/dry" > "$work/cmds.txt" 2>/dev/null
raw=()
while IFS= read -r cmd; do
  t0=$(date +%s%N); sh -c "$cmd" >/dev/null 2>&1; t1=$(date +%s%N)
  raw+=("$(( (t1 - t0) / 1000 ))")
done < "$work/cmds.txt"
raw_med=$(printf '%s\n' "${raw[@]}" | median)

build/fcbench run "$work/suite.yaml" -o "$work/run" >/dev/null 2>&1
fc_med=$(grep -o '"end_to_end":[0-9.]*' "$work/run/results.jsonl" | cut -d: -f2 | awk '{print $1*1000}' | median)

awk -v r="$raw_med" -v f="$fc_med" -v n="$N" 'BEGIN {
  printf "raw VMM command   median of %d: %.1f ms\n", n, r/1000
  printf "fcbench end_to_end median of %d: %.1f ms\n", n, f/1000
  printf "ratio fcbench/raw: %.3f\n", f/r }'
