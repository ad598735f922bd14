#!/usr/bin/env bash
# Arrival precision against the physical limit. One Poisson workload at RATE
# per second (N instances); run back to back:
#  1. fcbench_arrival_ref: a bare loop that sleeps to each arrival and
#     posix_spawns /bin/true (the limit);
#  2. fcbench run --vmm native -j 64 on the same file, payload prime n=2,
#     with --no-cgroups (what the limit does: a spawn, nothing more);
#  3. the same with per-instance cgroups, where the host has them (root).
# Prints each one's start lateness (p50, p99, max) and fcbench's p99 over the
# limit's. Goal (issue 13): <= 1.5x on a quiet 2-core host, without cgroups.
# Usage: test/bench/arrivals.sh [N=500] [RATE=50]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-500}"
RATE="${2:-50}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'seed: 7\ninstances: %s\nduration_s: %s\narrival: {process: poisson}\nmix:\n  - plugin: prime\n    params: {n: 2}\n' \
  "$N" "$(awk -v n="$N" -v r="$RATE" 'BEGIN { print n / r }')" >"$work/spec.yaml"
build/fcbench generate "$work/spec.yaml" -o "$work/w.jsonl" 2>/dev/null

read -r r50 r99 rmax rn < <(build/test/fcbench_arrival_ref "$work/w.jsonl")
# fcbench's start lateness with extra run options ($@): "p50 p99 max count".
fcbench_lateness() {
  rm -rf "$work/run"
  build/fcbench run -w "$work/w.jsonl" --vmm native -j 64 -o "$work/run" --no-history "$@" \
    >/dev/null 2>&1
  python3 - "$work/run/results.jsonl" <<'PY'
import json, sys
late = sorted(r["started_ns"] - r["scheduled_ns"] - r["queue_delay_ns"]
              for r in map(json.loads, open(sys.argv[1])) if r.get("started_ns"))
pct = lambda p: late[min(len(late) - 1, int(p * len(late)))]
print(pct(0.5), pct(0.99), late[-1], len(late))
PY
}
read -r f50 f99 fmax fn < <(fcbench_lateness --no-cgroups)
read -r c50 c99 cmax cn < <(fcbench_lateness)
cgroups=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["host"]["cgroups"])' \
  "$work/run/env.json")
ms() { awk -v ns="$1" 'BEGIN { printf "%.3f ms", ns / 1e6 }'; }
ratio() { awk -v f="$1" -v r="$r99" 'BEGIN { printf "%.2fx", (r > 0 ? f / r : 0) }'; }
echo "arrival lateness, $N Poisson arrivals at $RATE/s:"
echo "  limit (sleep + posix_spawn /bin/true):    p50 $(ms "$r50")  p99 $(ms "$r99")  max $(ms "$rmax")  ($rn)"
echo "  fcbench run --vmm native -j 64 --no-cgroups: p50 $(ms "$f50")  p99 $(ms "$f99")  max $(ms "$fmax")  ($fn)"
echo "  the same with per-instance cgroups ($cgroups): p50 $(ms "$c50")  p99 $(ms "$c99")  max $(ms "$cmax")  ($cn)"
echo "  p99 ratio fcbench/limit: $(ratio "$f99") without cgroups (goal <= 1.5x), $(ratio "$c99") with"
