#!/usr/bin/env bash
# Measures fcbench's own overhead on the `boot` benchmark: fcbench's recorded
# end-to-end time against the wall time of the same VMM command (from
# --dry-run) run raw. Raw and fcbench runs alternate, N of each; medians are
# compared. Usage: test/bench/boot-overhead.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
suite() {
  printf 'name: boot-overhead\nbenchmarks:\n  - plugin: boot\n    repetitions: %s\n' "$1" > "$work/suite-$1.yaml"
  echo "$work/suite-$1.yaml"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

build/fcbench run "$(suite "$N")" --dry-run -o "$work/dry" > "$work/cmds.txt" 2>/dev/null
one="$(suite 1)"
raw=() fc=()
for i in $(seq 1 "$N"); do
  cmd="$(sed -n "${i}p" "$work/cmds.txt")"
  t0=$(date +%s%N); sh -c "$cmd" >/dev/null 2>&1; t1=$(date +%s%N)
  raw+=("$(( (t1 - t0) / 1000 ))")
  build/fcbench run "$one" -o "$work/run$i" >/dev/null 2>&1
  fc+=("$(grep -o '"end_to_end":[0-9.]*' "$work/run$i/results.jsonl" | cut -d: -f2 | awk '{printf "%d", $1*1000}')")
  awk -v i="$i" -v r="${raw[-1]}" -v f="${fc[-1]}" 'BEGIN { printf "run %d: raw %.1f ms, fcbench %.1f ms\n", i, r/1000, f/1000 }'
done
raw_med=$(printf '%s\n' "${raw[@]}" | median)
fc_med=$(printf '%s\n' "${fc[@]}" | median)
awk -v r="$raw_med" -v f="$fc_med" -v n="$N" 'BEGIN {
  printf "raw VMM command    median of %d: %.1f ms\n", n, r/1000
  printf "fcbench end_to_end median of %d: %.1f ms\n", n, f/1000
  printf "ratio fcbench/raw: %.3f\n", f/r }'
