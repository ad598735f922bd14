#!/usr/bin/env bash
# Arrival precision against the physical limit. One Poisson workload at RATE
# per second (N instances); run back to back:
#  1. fcbench_arrival_ref: a bare loop that sleeps to each arrival and
#     posix_spawns /bin/true (the limit);
#  2. fcbench run --vmm native -j 64 on the same file, payload prime n=2.
# Prints each one's start lateness (p50, p99, max) and fcbench's p99 over the
# limit's. Goal (issue 13): <= 1.5x on a quiet 2-core host.
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
build/fcbench run -w "$work/w.jsonl" --vmm native -j 64 -o "$work/run" --no-history >/dev/null 2>&1
read -r f50 f99 fmax fn < <(python3 - "$work/run/results.jsonl" <<'PY'
import json, sys
late = sorted(r["started_ns"] - r["scheduled_ns"] - r["queue_delay_ns"]
              for r in map(json.loads, open(sys.argv[1])) if r.get("started_ns"))
pct = lambda p: late[min(len(late) - 1, int(p * len(late)))]
print(pct(0.5), pct(0.99), late[-1], len(late))
PY
)
ms() { awk -v ns="$1" 'BEGIN { printf "%.3f ms", ns / 1e6 }'; }
echo "arrival lateness, $N Poisson arrivals at $RATE/s:"
echo "  limit (sleep + posix_spawn /bin/true): p50 $(ms "$r50")  p99 $(ms "$r99")  max $(ms "$rmax")  ($rn)"
echo "  fcbench run --vmm native -j 64:        p50 $(ms "$f50")  p99 $(ms "$f99")  max $(ms "$fmax")  ($fn)"
awk -v f="$f99" -v r="$r99" 'BEGIN { printf "  p99 ratio fcbench/limit: %.2fx (goal <= 1.5x)\n", (r > 0 ? f / r : 0) }'
