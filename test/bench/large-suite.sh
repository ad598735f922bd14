#!/usr/bin/env bash
# A large suite's start-up, memory and Ctrl-C (issue 13, defect 7): N
# benchmark entries (default 888,000), each a native prime run with its own
# n, so every entry is a distinct benchmark with one repetition. Prints:
#  - first start: seconds from the command to the first instance directory;
#  - RSS when the first instance started;
#  - Ctrl-C (SIGINT, 2 s after the first start): seconds until fcbench exits,
#    having written a not_started record for every pending instance;
#  - peak RSS of the whole run (GNU time).
# Goals: first start <= 2 s, peak RSS < 300 MB, Ctrl-C in seconds.
# Usage: test/bench/large-suite.sh [N=888000]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-888000}"
work="$(mktemp -d)"
trap 'pkill -KILL -f "^$PWD/build/fcbench run $work" 2>/dev/null || true; rm -rf "$work"' EXIT
awk -v n="$N" 'BEGIN {
  print "name: large\ndefaults: {vmm: native, timeout_s: 30}\nbenchmarks:"
  for (i = 0; i < n; i++) printf "  - name: p%d\n    plugin: prime\n    params: {n: %d}\n", i, 100 + i
}' >"$work/suite.yaml"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f s", b - a }'; }

t0=$(now)
/usr/bin/time -f "%M" -o "$work/peak" "$PWD/build/fcbench" run "$work/suite.yaml" -j 4 \
  -o "$work/out" --monitor-interval-s 0 --no-history >/dev/null 2>"$work/err" &
until [ -n "$(ls "$work/out/instances" 2>/dev/null)" ]; do
  kill -0 $! 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.02
done
t1=$(now)
pid=$(pgrep -f "^$PWD/build/fcbench run $work" | head -1)
rss=$(ps -o rss= -p "$pid")
sleep 2
kill -INT "$pid"
t2=$(now)
wait || true
t3=$(now)
records=$(wc -l <"$work/out/results.jsonl")
echo "suite:         $N benchmark entries, $(($(stat -c %s "$work/suite.yaml") / 1024 / 1024)) MB of YAML"
echo "first start:   $(secs "$t0" "$t1") after the command (RSS then $((rss / 1024)) MB)"
echo "Ctrl-C:        fcbench exited $(secs "$t2" "$t3") after SIGINT; $records records for $N instances"
echo "peak RSS:      $(($(tail -1 "$work/peak") / 1024)) MB"
