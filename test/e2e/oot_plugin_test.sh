#!/usr/bin/env bash
# Out-of-tree plugin test: builds docs/examples/hello-plugin against sdk/ with
# plain CMake, then checks that fcbench discovers it and can plan a run with it.
#
#   oot_plugin_test.sh FCBENCH_BINARY SDK_DIR EXAMPLE_DIR
#
# Needs cmake, a C/C++ compiler and a prepared guest kernel (./setup.sh);
# boots no guest (the run is a --dry-run).
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 FCBENCH_BINARY SDK_DIR EXAMPLE_DIR" >&2
  exit 2
fi
FCBENCH="$(realpath "$1")"
SDK_DIR="$(realpath "$2")"
EXAMPLE_DIR="$(realpath "$3")"

TMP="$(mktemp -d /tmp/fcbench-oot-XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
PLUGIN_DIR="$TMP/build/fcbench-plugins"  # FCBENCH_PLUGIN_OUTPUT_DIR in the example

# Only the --plugin-path given below (plus the build's own plugins) may count.
unset FCBENCH_PLUGIN_PATH FCBENCH_QEMU

# A private cache: the dry run builds its rootfs and initramfs there, not in
# the prepared cache other tests use; only the guest kernel is shared.
PREPARED_CACHE="${FCBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fcbench}"
export FCBENCH_CACHE="$TMP/cache"
mkdir -p "$FCBENCH_CACHE"
ln -s "$PREPARED_CACHE/kernel" "$FCBENCH_CACHE/kernel"

failures=0
check() { printf 'check: %s\n' "$*"; }
pass() { printf '  ok\n'; }
fail() { printf '  FAIL: %s\n' "$*"; failures=$((failures + 1)); }
show() { sed 's/^/    | /' "$1"; }

check "the example configures against $SDK_DIR with find_package(fcbench-sdk)"
if cmake -S "$EXAMPLE_DIR" -B "$TMP/build" -DCMAKE_PREFIX_PATH="$SDK_DIR" >"$TMP/configure.log" 2>&1; then
  pass
else
  fail "cmake configure failed"; show "$TMP/configure.log"; exit 1
fi

check "the example builds"
if cmake --build "$TMP/build" >"$TMP/build.log" 2>&1; then
  pass
else
  fail "cmake --build failed"; show "$TMP/build.log"; exit 1
fi

check "the build produced hello.fcbench.so and hello.payload/hello in $PLUGIN_DIR"
if [ -f "$PLUGIN_DIR/hello.fcbench.so" ] && [ -x "$PLUGIN_DIR/hello.payload/hello" ]; then
  pass
else
  fail "missing outputs"; ls -lR "$TMP/build" | sed 's/^/    | /'; exit 1
fi

check "'fcbench plugins list --plugin-path $PLUGIN_DIR' exits 0 and lists hello"
rc=0
"$FCBENCH" plugins list --plugin-path "$PLUGIN_DIR" >"$TMP/list.out" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
  fail "exit code $rc"; show "$TMP/list.out"
elif ! grep -q '^hello ' "$TMP/list.out"; then
  fail "no 'hello' entry"; show "$TMP/list.out"
elif ! grep -q "library: $PLUGIN_DIR/hello.fcbench.so" "$TMP/list.out"; then
  fail "hello was not loaded from $PLUGIN_DIR"; show "$TMP/list.out"
else
  pass
fi

cat >"$TMP/suite.yaml" <<'EOF'
name: oot-hello
defaults:
  accel: tcg        # no KVM probe: the dry run must not depend on the host
  repetitions: 1
benchmarks:
  - plugin: hello
    params: {count: 1000, seed: 7}
EOF

check "'fcbench run suite.yaml --dry-run' with the hello plugin exits 0"
rc=0
"$FCBENCH" run "$TMP/suite.yaml" --dry-run -o "$TMP/out" --plugin-path "$PLUGIN_DIR" \
  >"$TMP/run.out" 2>"$TMP/run.err" || rc=$?
if [ "$rc" -eq 0 ]; then
  pass
else
  fail "exit code $rc"; show "$TMP/run.err"
fi

check "the dry run prints exactly one command line on stdout, starting with qemu-system-x86_64"
lines="$(wc -l <"$TMP/run.out")"
if [ "$lines" -ne 1 ]; then
  fail "$lines line(s) on stdout"; show "$TMP/run.out"
elif ! grep -q '^qemu-system-x86_64 ' "$TMP/run.out"; then
  fail "unexpected command"; show "$TMP/run.out"
else
  pass
fi

check "the dry run launched nothing (no results.jsonl)"
if [ ! -e "$TMP/out/results.jsonl" ]; then pass; else fail "$TMP/out/results.jsonl exists"; fi

if [ "$failures" -ne 0 ]; then
  echo "oot_plugin_test: $failures check(s) failed"
  exit 1
fi
echo "oot_plugin_test: all checks passed"
