#!/usr/bin/env bash
# A large run's start-up, memory and Ctrl-C (issue 13, defect 7), with -j 4:
#  - workload (default): one N-instance workload (default 1,000,000) of
#    native prime n=2 instances spread over a long time;
#  - suite: a suite of N benchmark entries (default 888,000), each a native
#    prime run with its own n, so each is a distinct benchmark.
# Prints:
#  - first start: seconds from the command to the first instance directory;
#  - RSS when the first instance started;
#  - Ctrl-C (SIGINT, 2 s after the first start): seconds until fcbench exits,
#    having written a not_started record for every pending instance;
#  - peak RSS of the whole run (GNU time).
#  - complete: N instances (default 100,000) as in workload, at 1,000/s, run
#    to the end, not interrupted: wall time and peak RSS, and so what each
#    finished instance costs in memory (compare two N).
# Goals: first start <= 2 s, peak RSS < 300 MB, Ctrl-C in seconds.
# Usage: test/bench/large.sh [N] [workload|suite|complete]
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${2:-workload}"
work="$(mktemp -d)"
trap 'pkill -KILL -f "^$PWD/build/fcbench run .*$work" 2>/dev/null || true; rm -rf "$work"' EXIT
case "$mode" in
  workload | complete)
    N="${1:-1000000}" rate=10
    [ "$mode" = complete ] && N="${1:-100000}" rate=1000
    printf 'seed: 1\ninstances: %s\nduration_s: %s\narrival: {process: poisson}\nmix:\n  - plugin: prime\n    params: {n: 2}\n' \
      "$N" "$((N / rate + 1))" >"$work/spec.yaml"
    build/fcbench generate "$work/spec.yaml" -o "$work/w.jsonl" 2>/dev/null
    what=(-w "$work/w.jsonl" --vmm native)
    ;;
  suite)
    N="${1:-888000}"
    awk -v n="$N" 'BEGIN {
      print "name: large\ndefaults: {vmm: native, timeout_s: 30}\nbenchmarks:"
      for (i = 0; i < n; i++) printf "  - name: p%d\n    plugin: prime\n    params: {n: %d}\n", i, 100 + i
    }' >"$work/suite.yaml"
    echo "suite:         $N benchmark entries, $(($(stat -c %s "$work/suite.yaml") / 1024 / 1024)) MB of YAML"
    what=("$work/suite.yaml")
    ;;
  *) echo "usage: $0 [N] [workload|suite]" >&2; exit 2 ;;
esac
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f s", b - a }'; }

t0=$(now)
if [ "$mode" = complete ]; then
  /usr/bin/time -f "%M" -o "$work/peak" "$PWD/build/fcbench" run "${what[@]}" -j 4 \
    -o "$work/out" --monitor-interval-s 0 --no-history >/dev/null 2>"$work/err" || true
  t1=$(now)
  ok=$(grep -c '"status":"ok"' "$work/out/results.jsonl" || true)
  echo "complete:      $N instances in $(secs "$t0" "$t1"), $ok ok"
  echo "peak RSS:      $(($(tail -1 "$work/peak") / 1024)) MB"
  exit 0
fi
/usr/bin/time -f "%M" -o "$work/peak" "$PWD/build/fcbench" run "${what[@]}" -j 4 \
  -o "$work/out" --monitor-interval-s 0 --no-history >/dev/null 2>"$work/err" &
until [ -n "$(ls "$work/out/instances" 2>/dev/null)" ]; do
  kill -0 $! 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.02
done
t1=$(now)
pid=$(pgrep -f "^$PWD/build/fcbench run .*$work" | head -1)
rss=$(ps -o rss= -p "$pid")
sleep 2
kill -INT "$pid"
t2=$(now)
wait || true
t3=$(now)
records=$(wc -l <"$work/out/results.jsonl")
echo "first start:   $(secs "$t0" "$t1") after the command (RSS then $((rss / 1024)) MB)"
echo "Ctrl-C:        fcbench exited $(secs "$t2" "$t3") after SIGINT; $records records for $N instances"
echo "peak RSS:      $(($(tail -1 "$work/peak") / 1024)) MB"
