#!/usr/bin/env bash
# `fcbench report` at scale: N synthetic records (default 1,000,000; a mix
# of statuses, 4 metrics each) written by fcbench_gen_results, then the
# report in json and html. Prints wall time, peak RSS and the output sizes.
# Goals (P3) on a 2-core host: <= 2 s wall, <= 1 GB peak RSS, HTML <= 5 MB.
# Usage: test/bench/report.sh [N=1000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

build/test/fcbench_gen_results "$work/run" "$N"
echo "results.jsonl: $N records, $(du -m "$work/run/results.jsonl" | cut -f1) MiB"
for fmt in json html; do
  /usr/bin/time -f "%e %M" -o "$work/time" build/fcbench report "$work/run" --format "$fmt" \
    -o "$work/run/report.$fmt" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall rss_kib < "$work/time"
  size=$(stat -c %s "$work/run/report.$fmt")
  printf 'report --format %-4s  wall %5.2f s  peak RSS %4d MiB  output %6.1f KiB\n' \
    "$fmt" "$wall" $((rss_kib / 1024)) "$(echo "$size / 1024" | bc -l)"
done
