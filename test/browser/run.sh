#!/usr/bin/env bash
# The HTML report in a real browser, from a real run: a small workload of
# QEMU guests with a baseline (so every kind of figure appears), then
# `fcbench report` in json and html, then check_report.mjs in headless
# Chromium. Then the checker must reject broken copies of the page
# (mutate.py: figures not drawn, a fetch, wrong numbers, a console error),
# so a checker that passes everything fails this test.
#
#   test/browser/run.sh FCBENCH_BINARY [WORK_DIR]
#
# Needs node, test/browser/node_modules (npm ci --prefix test/browser) and
# chromium-headless-shell; setup.sh installs all three. The guest kernel comes
# from the prepared cache ($FCBENCH_CACHE, else ~/.cache/fcbench), shared
# read-only through a private cache, as the e2e tests do.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fcbench="${1:?usage: run.sh FCBENCH_BINARY [WORK_DIR]}"
work="${2:-}"

die() { printf 'browser test: %s\n' "$*" >&2; exit 1; }
command -v node >/dev/null || die "node not found (Debian: apt-get install nodejs npm)"
[ -d "$here/node_modules/playwright-core" ] || die "playwright-core missing: npm ci --prefix test/browser"
chromium="${FCBENCH_CHROMIUM:-/usr/bin/chromium-headless-shell}"
[ -x "$chromium" ] || die "$chromium not found (Debian: apt-get install chromium-headless-shell)"
prepared="${FCBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fcbench}"
[ -d "$prepared/kernel" ] || die "no guest kernel in $prepared/kernel: run ./setup.sh"

if [ -z "$work" ]; then
  work="$(mktemp -d /tmp/fcbench-browser-XXXXXX)"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/cache"
ln -sfn "$prepared/kernel" "$work/cache/kernel"
[ -f "$prepared/accel-probe.json" ] && cp "$prepared/accel-probe.json" "$work/cache/"
export FCBENCH_CACHE="$work/cache"

# Four prime instances, 0.4 s apart, at most 2 at once; a baseline of each
# configuration run alone once.
w="$work/w.jsonl"
{
  echo '{"format":"fcbench-workload-1","spec":{},"seed":1,"fcbench_version":"test"}'
  for i in 0 1 2 3; do
    n=$((20000 + (i % 2) * 20000))
    echo "{\"id\":\"p$i\",\"arrival_ns\":$((i * 400000000)),\"plugin\":\"prime\",\"params\":{\"n\":$n},\"vcpus\":1,\"mem_mib\":128}"
  done
} > "$w"
step() { printf '==> %s\n' "$*" >&2; }
step "fcbench baseline (QEMU)"
"$fcbench" baseline "$w" -n 1 --timeout-s 240 -o "$work/base" > "$work/baseline.log" 2>&1 ||
  { cat "$work/baseline.log" >&2; die "fcbench baseline failed"; }
step "fcbench run --workload (QEMU)"
"$fcbench" run -w "$w" -j 2 --timeout-s 240 --baseline "$work/base" -o "$work/out" \
  --monitor-interval-s 0.2 > "$work/run.log" 2>&1 ||
  { cat "$work/run.log" >&2; die "fcbench run failed"; }
step "fcbench report"
"$fcbench" report "$work/out" --format json -o "$work/out/report.json" ||
  die "fcbench report --format json failed"
"$fcbench" report "$work/out" || die "fcbench report (html) failed"
[ -f "$work/out/report.html" ] || die "fcbench report wrote no $work/out/report.html"

# The checker must also reject broken copies of the page (mutate.py).
mutants=()
for kind in empty-svg undrawn missing fetch number shown console; do
  python3 "$here/mutate.py" "$kind" "$work/out/report.html" "$work/out/mutant-$kind.html" ||
    die "could not make the broken page $kind"
  mutants+=("$work/out/mutant-$kind.html")
done
step "check_report.mjs: the report, then ${#mutants[@]} broken copies"
node "$here/check_report.mjs" "$work/out/report.html" "$work/out/report.json" --must-fail "${mutants[@]}" ||
  die "the browser check failed (above)"
step "ok"
