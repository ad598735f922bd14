#!/usr/bin/env bash
# The scheduler at scale, with `vmm: native` and a payload that exits at
# once (prime n=2), so fcbench itself is what is measured:
#  1. launch throughput: N instances offered at a high rate (N over 1 s),
#     no cap; reports instances started per second;
#  2. arrival error: N instances, Poisson at RATE per second (all pending at
#     the start), no cap; reports started_ns - scheduled_ns p50/p99/max.
# Targets on a 2-core host: >= 200/s, and p99 <= 1 ms.
# Usage: test/bench/scale.sh [N=1000] [RATE=100]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000}"
RATE="${2:-100}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

spec() {  # spec FILE PROCESS DURATION
  printf 'seed: 1\ninstances: %s\nduration_s: %s\narrival: {process: %s}\nmix:\n  - plugin: prime\n    params: {n: 2}\n' \
    "$N" "$3" "$2" > "$1"
}
run() {  # run NAME: the "schedule:" line of a native run of NAME.jsonl
  build/fcbench run -w "$work/$1.jsonl" --vmm native -o "$work/$1" --monitor-interval-s 0 \
    2>/dev/null | grep '^schedule:'
}

spec "$work/burst.yaml" uniform 1
build/fcbench generate "$work/burst.yaml" -o "$work/burst.jsonl" 2>/dev/null
echo "launch throughput ($N instances offered over 1 s):"
echo "  $(run burst)"

spec "$work/steady.yaml" poisson "$(awk -v n="$N" -v r="$RATE" 'BEGIN { print n / r }')"
build/fcbench generate "$work/steady.yaml" -o "$work/steady.jsonl" 2>/dev/null
echo "arrival error ($N instances, Poisson at $RATE/s):"
echo "  $(run steady)"
