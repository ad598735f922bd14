#!/usr/bin/env bash
# fcbench set-up: Debian packages, the build in build/, and the guest kernel
# in the asset cache ($FCBENCH_CACHE, default ~/.cache/fcbench).
# Idempotent: a second run only checks and rebuilds what changed.
#
#   ./setup.sh                    everything
#   ./setup.sh --refresh-kernel   also re-resolve and fetch the newest cloud kernel
#   ./setup.sh --with-firecracker also download the latest Firecracker release
#                                 (firecracker + jailer) into $FCBENCH_CACHE/firecracker
set -euo pipefail
cd "$(dirname "$0")"

REFRESH_KERNEL=0
WITH_FIRECRACKER=0
for a in "$@"; do
  case "$a" in
    --refresh-kernel) REFRESH_KERNEL=1 ;;
    --with-firecracker) WITH_FIRECRACKER=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

step() { printf '==> %s\n' "$*" >&2; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and sudo is missing: run this script as root"
  SUDO=(sudo)
fi

# --- 1. Debian packages ------------------------------------------------------
PACKAGES=(g++ cmake make pkg-config file
  libboost-dev libboost-program-options-dev libyaml-cpp-dev libfmt-dev catch2
  nlohmann-json3-dev libarchive-dev libssl-dev liblz4-dev
  qemu-system-x86 busybox-static e2fsprogs
  libsqlite3-dev libsimdjson-dev gnuplot-nox chromium-headless-shell)
# The history export test checks OpenMetrics with the Prometheus project's parser.
PACKAGES+=(python3-prometheus-client)
# The install test builds .debs with cpack: dpkg-shlibdeps computes their Depends.
PACKAGES+=(dpkg-dev)
# ccache: the mutation check (test/mutation/run.sh) rebuilds the tree in a
# copy; with the compiler cache most of that build is a cache hit.
PACKAGES+=(ccache)
# The debian-tools pack (packs/debian-tools) ships these host binaries into its guests.
PACKAGES+=(fio stress-ng sysbench)
# The Slurm end-to-end test (test/slurm) runs a private single-node cluster:
# slurmctld, slurmd and munged from a config in a temp directory.
PACKAGES+=(slurm-wlm munge)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq || die "apt-get update failed: check the network and /etc/apt/sources.list"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed for: ${missing[*]}"
else
  step "Debian packages present"
fi

# --- 1b. The browser test's node packages (test/browser: playwright-core) ---
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  step "installing Debian packages: nodejs npm"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm \
    || die "apt-get install failed for: nodejs npm"
fi
if [ ! -f test/browser/node_modules/playwright-core/package.json ]; then
  step "npm ci --prefix test/browser"
  npm ci --prefix test/browser --no-audit --no-fund >/dev/null \
    || die "npm ci --prefix test/browser failed: is the npm registry reachable?"
fi

# --- 2. Build ------------------------------------------------------------------
step "building into build/"
launcher=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1  # hits for a copy of the tree elsewhere
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null \
    || die "cmake configure failed (see above)"
fi
cmake --build build -j"$(nproc)" >/dev/null || {
  cmake --build build -j1 2>&1 | tail -40 >&2; die "build failed (errors above)"; }
[ -x build/fcbench ] || die "build finished but build/fcbench is missing"

# --- 3. Guest kernel from Debian's cloud kernel package -----------------------
# assets/fcbench-fetch-kernel does it (an installed fcbench ships it as
# bin/fcbench-fetch-kernel, for users without this tree).
CACHE="${FCBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fcbench}"
fetch_args=()
[ "$REFRESH_KERNEL" = 1 ] && fetch_args=(--refresh)
FCBENCH_CACHE="$CACHE" assets/fcbench-fetch-kernel "${fetch_args[@]}" || die "could not fetch the guest kernel (see above)"

# --- 4. Guest assets (initramfs, rootfs, disk templates) ----------------------
step "preparing guest assets in $CACHE"
FCBENCH_CACHE="$CACHE" build/fcbench prepare configs/quickstart.yaml >&2 || die "fcbench prepare failed (see above)"

# --- 5. Firecracker (optional: not packaged in Debian) ------------------------
FCDIR="$CACHE/firecracker"
fc_hint="see docs/running-on-firecracker.md, or pass --firecracker PATH to fcbench run"
if command -v firecracker >/dev/null 2>&1; then
  step "firecracker in PATH: $(firecracker --version 2>/dev/null | head -1)"
elif [ -x "$FCDIR/firecracker" ]; then
  step "firecracker in $FCDIR: add it to PATH (export PATH=\"$FCDIR:\$PATH\")"
elif [ "$WITH_FIRECRACKER" = 1 ]; then
  step "downloading the latest Firecracker release"
  arch="$(uname -m)"
  rel="https://github.com/firecracker-microvm/firecracker/releases"
  fctmp="$(mktemp -d)"
  ver=""
  if command -v curl >/dev/null 2>&1 &&
     ver="$(basename "$(curl -fsSLI --connect-timeout 10 --max-time 30 -o /dev/null -w '%{url_effective}' "$rel/latest")")" &&
     [ -n "$ver" ] && [ "$ver" != latest ] &&
     curl -fsSL --connect-timeout 10 --max-time 600 "$rel/download/$ver/firecracker-$ver-$arch.tgz" | tar -xz -C "$fctmp" &&
     [ -f "$fctmp/release-$ver-$arch/firecracker-$ver-$arch" ]; then
    mkdir -p "$FCDIR"
    install -m 0755 "$fctmp/release-$ver-$arch/firecracker-$ver-$arch" "$FCDIR/firecracker"
    install -m 0755 "$fctmp/release-$ver-$arch/jailer-$ver-$arch" "$FCDIR/jailer"
    step "Firecracker $ver in $FCDIR: add it to PATH (export PATH=\"$FCDIR:\$PATH\")"
  else
    printf 'setup.sh: could not download Firecracker (offline, or no curl); carrying on without it: %s\n' "$fc_hint" >&2
  fi
  rm -rf "$fctmp"
else
  step "Firecracker not installed (optional): ./setup.sh --with-firecracker downloads a release; $fc_hint"
fi
step "done: try  build/fcbench run configs/quickstart.yaml"
