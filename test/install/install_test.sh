#!/usr/bin/env bash
# Install test: builds the .debs with cpack, extracts them with dpkg -x into a
# private root (nothing is installed system-wide), and uses fcbench from
# there: plugins list, doctor, a one-instance suite that boots a QEMU (TCG)
# guest, and a plugin built against the extracted SDK. Then checks that the
# prefix is relocatable, that nothing in it names the source or build tree,
# that a lone copied binary says where it looked for its guest files, that
# `cmake --install` lays the prefix out the same way, and that the build
# tree's SDK package works.
#
#   install_test.sh BUILD_DIR SOURCE_DIR
#
# cpack first builds the `preinstall` target (all targets): after a full build
# that is a quick up-to-date check, else it builds what is missing.
# Needs cpack, dpkg-deb, dpkg-shlibdeps (dpkg-dev), cmake, a C/C++ compiler,
# QEMU and a prepared guest kernel (./setup.sh).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
  exit 2
fi
BUILD="$(realpath "$1")"
SRC="$(realpath "$2")"
EXAMPLE="$SRC/docs/examples/hello-plugin"

TMP="$(mktemp -d /tmp/fcbench-install-XXXXXX)"
cleanup() {
  # A guest left by a failed run: only QEMUs whose command line names $TMP.
  local pids
  pids="$(pgrep -f -- "$TMP/" || true)"
  for pid in $pids; do [ "$pid" = "$$" ] || kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
ROOT="$TMP/root"

# Only the extracted files may count: no plugin path, guest dir or QEMU override.
unset FCBENCH_PLUGIN_PATH FCBENCH_GUEST_DIR FCBENCH_BUSYBOX FCBENCH_QEMU
# A private cache sharing only the prepared guest kernel, and a private history.
PREPARED_CACHE="${FCBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fcbench}"
export FCBENCH_CACHE="$TMP/cache" FCBENCH_HISTORY="$TMP/history.db"
mkdir -p "$FCBENCH_CACHE"
ln -s "$PREPARED_CACHE/kernel" "$FCBENCH_CACHE/kernel"

failures=0
check() { printf '[%3ds] check: %s\n' "$SECONDS" "$*"; }
pass() { printf '  ok\n'; }
fail() { printf '  FAIL: %s\n' "$*"; failures=$((failures + 1)); }
show() { tail -n 40 "$1" | sed 's/^/    | /'; }  # the last 40 lines
# has FILE REGEX...: every extended regex matches a line of FILE.
has() {
  local f="$1"; shift
  for re in "$@"; do grep -Eq -- "$re" "$f" || { fail "no line matches /$re/"; show "$f"; return 1; }; done
}
# run OUT CMD...: runs CMD with stdout and stderr in OUT, returns its exit code.
run() { local out="$1"; shift; local rc=0; "$@" >"$out" 2>&1 || rc=$?; return $rc; }

check "cpack -G DEB builds fcbench and fcbench-sdk-dev"
if run "$TMP/cpack.log" cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$TMP/debs"; then
  DEB_TOOL="$(ls "$TMP"/debs/fcbench_*.deb 2>/dev/null || true)"
  DEB_SDK="$(ls "$TMP"/debs/fcbench-sdk-dev_*.deb 2>/dev/null || true)"
  if [ -f "$DEB_TOOL" ] && [ -f "$DEB_SDK" ]; then pass; else
    fail "expected one fcbench_*.deb and one fcbench-sdk-dev_*.deb"; ls "$TMP/debs"; exit 1; fi
else
  fail "cpack failed"; show "$TMP/cpack.log"; exit 1
fi

check "fcbench's Depends name QEMU, busybox-static, e2fsprogs and the shared libraries"
dpkg-deb -f "$DEB_TOOL" Depends >"$TMP/depends"
has "$TMP/depends" 'qemu-system-x86' 'busybox-static' 'e2fsprogs' 'libc6' 'libstdc\+\+6' \
  'libyaml-cpp' 'libarchive13' 'libssl3|libcrypto' 'libsqlite3' 'libboost-program-options' && pass

check "fcbench-sdk-dev is architecture all with no Depends"
if [ "$(dpkg-deb -f "$DEB_SDK" Architecture)" = all ] && [ -z "$(dpkg-deb -f "$DEB_SDK" Depends)" ]; then
  pass
else
  fail "$(dpkg-deb -f "$DEB_SDK" Architecture Depends)"
fi

dpkg -x "$DEB_TOOL" "$ROOT"
dpkg -x "$DEB_SDK" "$ROOT"
FCB="$ROOT/usr/bin/fcbench"
P="$ROOT/usr/lib/fcbench/plugins"

check "the packages hold the install layout"
missing=""
for f in bin/fcbench lib/fcbench/guest/init lib/fcbench/guest/fcbench-agent \
  lib/fcbench/fcbench-plugin-host lib/fcbench/plugins/prime.fcbench.so lib/fcbench/plugins/prime.payload/prime \
  lib/fcbench/plugins/boot.fcbench.so lib/fcbench/plugins/dd.payload/dd \
  lib/fcbench/plugins/stream.payload/stream include/fcbench/plugin.h bin/fcbench-fetch-kernel \
  include/fcbench/plugin.hpp include/fcbench/sdk/detail/adapter.hpp \
  lib/cmake/fcbench-sdk/fcbench-sdkConfig.cmake lib/cmake/fcbench-sdk/fcbench-sdkConfigVersion.cmake \
  lib/cmake/fcbench-sdk/fcbench-sdkTargets.cmake lib/cmake/fcbench-sdk/FcbenchPlugin.cmake; do
  [ -e "$ROOT/usr/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then pass; else fail "missing:$missing"; (cd "$ROOT" && find . | sort | sed 's/^/    | /'); fi

check "nothing in the packages names the source or build tree ($SRC, $BUILD)"
if grep -rlF -e "$SRC" -e "$BUILD" "$ROOT" >"$TMP/grep.out"; then
  fail "these files do:"; show "$TMP/grep.out"
else
  pass
fi

check "'fcbench plugins list' lists the built-ins from $P"
if run "$TMP/list.out" "$FCB" plugins list; then
  has "$TMP/list.out" "library: $P/boot.fcbench.so" "library: $P/dd.fcbench.so" \
    "library: $P/prime.fcbench.so" "library: $P/stream.fcbench.so" && pass
else
  fail "exit code $?"; show "$TMP/list.out"
fi

check "'fcbench doctor' passes with the extracted guest files and plugins"
if run "$TMP/doctor.out" "$FCB" doctor; then
  has "$TMP/doctor.out" "^ok +guest agent +$ROOT/usr/lib/fcbench/guest/fcbench-agent$" \
    "^info plugin path +$P$" "^ok +plugins +boot, dd, prime, stream$" && pass
else
  fail "exit code $?"; show "$TMP/doctor.out"
fi

check "without a cached kernel, doctor names the installed fcbench-fetch-kernel"
if FCBENCH_CACHE="$TMP/empty-cache" run "$TMP/nokernel.out" "$FCB" doctor; then
  fail "doctor passed without a kernel"; show "$TMP/nokernel.out"
else
  has "$TMP/nokernel.out" "FAIL guest kernel .*run fcbench-fetch-kernel" "fix: fcbench-fetch-kernel" && pass
fi
check "fcbench-fetch-kernel --check: 1 for an empty cache, 0 for the prepared one"
if FCBENCH_CACHE="$TMP/empty-cache" "$ROOT/usr/bin/fcbench-fetch-kernel" --check; then
  fail "--check passed on an empty cache"
elif "$ROOT/usr/bin/fcbench-fetch-kernel" --check; then
  pass
else
  fail "--check failed on the prepared cache ($FCBENCH_CACHE/kernel)"
fi

cat >"$TMP/suite.yaml" <<'EOF'
name: install-check
defaults: {vmm: qemu, accel: tcg, repetitions: 1, timeout_s: 180}
benchmarks:
  - plugin: prime
    params: {n: 20000}
EOF
check "a one-instance suite boots a guest under TCG and records ok with a metric"
if run "$TMP/run.out" "$FCB" run "$TMP/suite.yaml" -o "$TMP/out"; then
  if python3 - "$TMP/out/results.jsonl" >"$TMP/record.out" 2>&1 <<'EOF'; then pass; else
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(recs) == 1, f"{len(recs)} records"
r = recs[0]
assert r["status"] == "ok", f"status {r['status']}: {r.get('error')}"
assert (r["vmm"], r["accel"]) == ("qemu", "tcg"), f"vmm {r['vmm']}/{r['accel']}"
count = [m["value"] for m in r["metrics"] if m["name"] == "count"]
assert count == [2262], f"metrics {r['metrics']}"  # primes below 20000
EOF
    fail "bad record"; show "$TMP/record.out"; show "$TMP/out/results.jsonl"; fi
else
  fail "exit code $?"; show "$TMP/run.out"
fi

check "the hello example builds against the extracted SDK (-Dfcbench-sdk_DIR)"
SDK_DIR="$ROOT/usr/lib/cmake/fcbench-sdk"
if run "$TMP/hello.log" cmake -S "$EXAMPLE" -B "$TMP/hello" -Dfcbench-sdk_DIR="$SDK_DIR" &&
  run "$TMP/hello-build.log" cmake --build "$TMP/hello"; then
  has "$TMP/hello/CMakeCache.txt" "^fcbench-sdk_DIR:[A-Z]+=$SDK_DIR$" &&
    has "$TMP/hello/CMakeFiles/hello_plugin.dir/flags.make" "-isystem $ROOT/usr/include( |$)" && pass
else
  fail "configure or build failed"; cat "$TMP"/hello*.log | sed 's/^/    | /'
fi

check "the extracted fcbench loads the plugin built against the extracted SDK"
if run "$TMP/hello-list.out" "$FCB" plugins list --plugin-path "$TMP/hello/fcbench-plugins"; then
  has "$TMP/hello-list.out" "^hello " "library: $TMP/hello/fcbench-plugins/hello.fcbench.so" && pass
else
  fail "exit code $?"; show "$TMP/hello-list.out"
fi

check "a lone copy of the binary names FCBENCH_GUEST_DIR and where it looked"
mkdir -p "$TMP/lone/bin"
cp "$FCB" "$TMP/lone/bin/fcbench"
if run "$TMP/lone.out" "$TMP/lone/bin/fcbench" doctor; then
  fail "doctor passed without guest files"; show "$TMP/lone.out"
else
  has "$TMP/lone.out" "FAIL guest files .*$TMP/lone/bin/guest/fcbench-agent is missing" \
    "FCBENCH_GUEST_DIR \(unset\)" "here $TMP/lone/lib/fcbench/guest" \
    "fix: set FCBENCH_GUEST_DIR to a directory holding init and fcbench-agent" && pass
fi
check "... and FCBENCH_GUEST_DIR points it at the extracted guest files"
FCBENCH_GUEST_DIR="$ROOT/usr/lib/fcbench/guest" run "$TMP/lone2.out" "$TMP/lone/bin/fcbench" doctor ||
  true  # no built-in plugins beside it: doctor fails, but not on the guest files
has "$TMP/lone2.out" "^ok +guest agent +$ROOT/usr/lib/fcbench/guest/fcbench-agent$" && pass

check "the prefix is relocatable: moved elsewhere, fcbench finds its plugins and guest files there"
mkdir -p "$TMP/moved/opt"
mv "$ROOT/usr" "$TMP/moved/opt/fcb"
M="$TMP/moved/opt/fcb"
if run "$TMP/moved-list.out" "$M/bin/fcbench" plugins list && run "$TMP/moved-doctor.out" "$M/bin/fcbench" doctor; then
  has "$TMP/moved-list.out" "library: $M/lib/fcbench/plugins/prime.fcbench.so" &&
    has "$TMP/moved-doctor.out" "^ok +guest agent +$M/lib/fcbench/guest/fcbench-agent$" && pass
else
  fail "plugins list or doctor failed"; show "$TMP/moved-list.out"; show "$TMP/moved-doctor.out"
fi

check "cmake --install --strip lays out a prefix the same way, and it runs"
I="$TMP/prefix"
if run "$TMP/install.log" cmake --install "$BUILD" --prefix "$I" --strip; then
  for f in bin/fcbench lib/fcbench/guest/init lib/fcbench/plugins/prime.payload/prime \
    include/fcbench/plugin.h lib/cmake/fcbench-sdk/fcbench-sdkConfig.cmake; do
    [ -e "$I/$f" ] || fail "missing $I/$f"
  done
  if run "$TMP/i-list.out" "$I/bin/fcbench" plugins list; then
    has "$TMP/i-list.out" "library: $I/lib/fcbench/plugins/dd.fcbench.so" && pass
  else
    fail "plugins list: exit code $?"; show "$TMP/i-list.out"
  fi
else
  fail "cmake --install failed"; show "$TMP/install.log"
fi

check "the build tree's SDK package works too (-Dfcbench-sdk_DIR=$BUILD/sdk), version 1.x"
if run "$TMP/hello-b.log" cmake -S "$EXAMPLE" -B "$TMP/hello-b" -Dfcbench-sdk_DIR="$BUILD/sdk" &&
  run "$TMP/hello-b-build.log" cmake --build "$TMP/hello-b"; then
  has "$TMP/hello-b/CMakeFiles/hello_plugin.dir/flags.make" "-isystem $SRC/sdk/include( |$)" &&
    has "$BUILD/sdk/fcbench-sdkConfigVersion.cmake" '^set\(PACKAGE_VERSION "1\.[0-9]+"\)' && pass
else
  fail "configure or build failed"; cat "$TMP"/hello-b*.log | sed 's/^/    | /'
fi

if [ "$failures" -ne 0 ]; then
  echo "install_test: $failures check(s) failed"
  exit 1
fi
echo "install_test: all checks passed"
