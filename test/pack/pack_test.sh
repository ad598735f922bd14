#!/usr/bin/env bash
# See CMakeLists.txt. Usage: pack_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$(realpath "$1")" src="$(realpath "$2")"
F="$build/fcbench"
work="$(mktemp -d /tmp/fcbench-pack-test-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export FCBENCH_PACKS_DIR="$work/packs" FCBENCH_HISTORY="$work/history.db" GNUPGHOME="$work/gnupg"
unset FCBENCH_PLUGIN_PATH
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
# expect_refused CODE TEXT CMD...: CMD exits CODE and its stderr holds TEXT.
expect_refused() {
  local code="$1" text="$2"; shift 2
  set +e; "$@" >"$work/out" 2>"$work/err"; local rc=$?; set -e
  [ "$rc" = "$code" ] || { cat "$work/out" "$work/err" >&2; fail "exit $rc, not $code: $*"; }
  grep -qF -- "$text" "$work/err" || { cat "$work/err" >&2; fail "no '$text' from: $*"; }
}
# No staging directory is ever left behind, and the installed packs are as given.
installed_state() { (cd "$FCBENCH_PACKS_DIR" 2>/dev/null && find . | sort && cat */*/SHA256SUMS) || true; }
check_untouched() {
  [ "$(installed_state)" = "$1" ] || fail "the installed packs changed after a refused install"
  ! ls -d "$FCBENCH_PACKS_DIR"/.staging-* 2>/dev/null || fail "a staging directory was left behind"
}
fixture="$src/test/fixtures/packs/sample"

step "build twice: byte-identical archives"
"$F" pack build "$fixture" -o a.fcpack | tee build.out
grep -q "built sample-pack@1.0.0: a.fcpack" build.out || fail "build output"
"$F" pack build "$fixture" -o b.fcpack >/dev/null
cmp a.fcpack b.fcpack || fail "two builds differ"
tar --zstd -tf a.fcpack | sort > entries
printf '%s\n' README.md SHA256SUMS pack.yaml plugins/sample_sum.fcbench.so \
  plugins/sample_sum.payload/sum suites/sum.yaml | diff - entries || fail "archive entries"
tar --zstd -tvf a.fcpack | awk '{print $2, $4, $5}' | sort -u | grep -vx "0/0 1970-01-01 00:00" &&
  fail "an entry has an owner or mtime that is not 0/0 1970-01-01"

step "install, list, info, install again"
"$F" pack install a.fcpack 2>notice | tee inst.out
grep -q "installed sample-pack@1.0.0" inst.out || fail "install output"
grep -q "unsigned pack" notice || fail "no notice for an unsigned pack"
"$F" pack list | grep -q "^sample-pack  *1.0.0  *sample_sum" || fail "pack list"
"$F" pack info sample-pack@1.0.0 | grep -q "plugins/sample_sum.fcbench.so" || fail "pack info"
"$F" pack install b.fcpack 2>/dev/null | grep -q "already installed" || fail "same pack twice"
so="$FCBENCH_PACKS_DIR/sample-pack/1.0.0/plugins/sample_sum.fcbench.so"
"$F" plugins list | grep -A3 "^sample_sum" | grep -q "pack: sample-pack 1.0.0" || fail "plugins list pack"

step "a suite names pack/plugin; the record traces to the .so's bytes"
"$F" run "$fixture/suites/sum.yaml" -o run >run.out 2>&1 || { cat run.out; fail "run"; }
python3 - "$so" run <<'PY' || fail "record provenance"
import hashlib, json, sys
so, run = sys.argv[1], sys.argv[2]
want = hashlib.sha256(open(so, "rb").read()).hexdigest()
recs = [json.loads(l) for l in open(run + "/results.jsonl")]
assert len(recs) == 1, recs
r = recs[0]
assert r["status"] == "ok", r["error"]
assert r["accel"] in ("tcg", "kvm"), r["accel"]
assert [m["name"] for m in r["metrics"]] == ["runtime"], r["metrics"]
assert r["plugin_source"] == {"pack": "sample-pack", "pack_version": "1.0.0", "sha256": want}, r["plugin_source"]
env = json.load(open(run + "/env.json"))
src = next(iter(env["plugin_sources"].values()))
assert src["sha256"] == want and src["pack"] == "sample-pack" and src["library"] == so, src
print("provenance ok:", want[:16])
PY

step "bad archives are refused with the reason, nothing half-installed"
state="$(installed_state)"
head -c 2000 a.fcpack > truncated.fcpack
expect_refused 2 "truncated.fcpack: " "$F" pack install truncated.fcpack
check_untouched "$state"
echo "not a pack" > junk.fcpack
expect_refused 2 "junk.fcpack: not a pack archive" "$F" pack install junk.fcpack
mkdir x && tar --zstd -xf a.fcpack -C x
# craft ARCHIVE DIR: a gzip tarball of DIR's files (python: hostile entries too).
craft() { (cd "$2" && tar --sort=name --owner=0 --group=0 -czf "$work/$1" .); }
cp -r x changed && echo "# edited" >> changed/suites/sum.yaml && craft mismatch.fcpack changed
expect_refused 2 "checksum mismatch for 'suites/sum.yaml'" "$F" pack install mismatch.fcpack
cp -r x extra && echo hi > extra/extra.txt && craft extra.fcpack extra
expect_refused 2 "entry 'extra.txt' is not in SHA256SUMS" "$F" pack install extra.fcpack
cp -r x abi && sed -i 's/^sdk: .*/sdk: ">=2.0"/' abi/pack.yaml &&
  (cd abi && sha256sum README.md pack.yaml plugins/sample_sum.fcbench.so \
    plugins/sample_sum.payload/sum suites/sum.yaml > SHA256SUMS) && craft abi.fcpack abi
expect_refused 2 'it needs SDK ">=2.0", this fcbench has SDK 1.' "$F" pack install abi.fcpack
python3 - "$work" <<'PY'
import io, sys, tarfile
work = sys.argv[1]
def make(name, add):
    with tarfile.open(f"{work}/{name}", "w:gz") as t:
        add(t)
def file(t, path, data=b"x"):
    i = tarfile.TarInfo(path); i.size = len(data); t.addfile(i, io.BytesIO(data))
def link(t, path, target):
    i = tarfile.TarInfo(path); i.type = tarfile.SYMTYPE; i.linkname = target; t.addfile(i)
def dev(t, path):
    i = tarfile.TarInfo(path); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)
make("dotdot.fcpack", lambda t: file(t, "../../etc/fcbench-x"))
make("absolute.fcpack", lambda t: file(t, "/tmp/fcbench-pack-abs"))
make("linkout.fcpack", lambda t: link(t, "plugins/evil", "../../../etc/passwd"))
make("device.fcpack", lambda t: dev(t, "plugins/null"))
PY
expect_refused 2 "refusing entry '../../etc/fcbench-x': absolute or '..' path" "$F" pack install dotdot.fcpack
expect_refused 2 "refusing entry '/tmp/fcbench-pack-abs'" "$F" pack install absolute.fcpack
[ ! -e /tmp/fcbench-pack-abs ] || fail "an absolute entry was written"
expect_refused 2 "a symlink to '../../../etc/passwd', outside the pack" "$F" pack install linkout.fcpack
expect_refused 2 "refusing entry 'plugins/null': not a regular file or directory" "$F" pack install device.fcpack
check_untouched "$state"

step "same name and version, other contents: refused"
cp -r x other && echo "# v2" >> other/README.md &&
  (cd other && sha256sum README.md pack.yaml plugins/sample_sum.fcbench.so \
    plugins/sample_sum.payload/sum suites/sum.yaml > SHA256SUMS) && craft other.fcpack other
expect_refused 2 "sample-pack@1.0.0 is already installed with different contents" "$F" pack install other.fcpack
check_untouched "$state"

# resum DIR: rewrites DIR's SHA256SUMS over every other file, as pack build does.
resum() { (cd "$1" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort |
  xargs sha256sum > SHA256SUMS); }

step "a .so of another ABI major in a well-checksummed pack: refused, nothing installed"
bad_so="$build/test/broken-plugins/bad_major.fcbench.so"  # abi_major one above this fcbench's
[ -f "$bad_so" ] || fail "no $bad_so: build the fixture plugins (fcbench_fixture_plugins) first"
cp -r x abi2 && sed -i 's/^name: .*/name: abi-pack/' abi2/pack.yaml &&
  cp "$bad_so" abi2/plugins/sample_sum.fcbench.so && resum abi2 && craft abi2.fcpack abi2
for from in abi2.fcpack abi2; do
  expect_refused 2 "$from: plugin 'sample_sum' does not load" "$F" pack install "$from"
  grep -qF "ABI major version 2 is not supported" "$work/err" || fail "no ABI mismatch named: $from"
done
[ ! -e "$FCBENCH_PACKS_DIR/abi-pack" ] || fail "abi-pack was installed"
check_untouched "$state"

step "install DIR: an unpacked pack is verified like an archive"
cp -r x dirpack && sed -i 's/^name: .*/name: dir-pack/' dirpack/pack.yaml && resum dirpack
cp -r dirpack dir-tampered && echo "# edited" >> dir-tampered/suites/sum.yaml
expect_refused 2 "dir-tampered: checksum mismatch for 'suites/sum.yaml'" "$F" pack install dir-tampered
cp -r dirpack dir-extra && echo hi > dir-extra/extra.txt
expect_refused 2 "dir-extra: entry 'extra.txt' is not in SHA256SUMS" "$F" pack install dir-extra
cp -r dirpack dir-link && ln -s /etc/passwd dir-link/plugins/evil
expect_refused 2 "refusing 'plugins/evil': not a regular file" "$F" pack install dir-link
check_untouched "$state"
"$F" pack install dirpack 2>/dev/null | grep -q "installed dir-pack@1.0.0" || fail "install DIR"
diff -r dirpack "$FCBENCH_PACKS_DIR/dir-pack/1.0.0" || fail "the installed pack differs from DIR"
"$F" pack remove dir-pack >/dev/null
check_untouched "$state"

step "two packs with one plugin name: the bare name is ambiguous, pack/name is not"
cp -r "$fixture" twin && sed -i 's/^name: .*/name: twin-pack/' twin/pack.yaml
"$F" pack build twin -o twin.fcpack >/dev/null && "$F" pack install twin.fcpack 2>/dev/null >/dev/null
printf 'name: bare\nbenchmarks:\n  - plugin: sample_sum\n' > bare.yaml
expect_refused 2 "bare.yaml:3:13: plugin 'sample_sum' is ambiguous: 2 packs provide it" \
  "$F" run bare.yaml -o bare --dry-run
grep -qF "sample-pack/sample_sum or twin-pack/sample_sum" err || fail "ambiguity lists both"
"$F" pack remove twin-pack | grep -q "removed twin-pack@1.0.0" || fail "pack remove"
expect_refused 2 "no installed pack twin-pack" "$F" pack remove twin-pack

step "signatures: a good one installs, a bad one and a missing one are refused"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "fcbench test <test@example.org>" ed25519 sign 1d 2>/dev/null
gpg --batch --export > keyring.gpg
cp -r "$fixture" signed && sed -i 's/^name: .*/name: signed-pack/' signed/pack.yaml
"$F" pack build signed -o signed.fcpack --sign test@example.org | grep -q "signed: signed.fcpack.sig" || fail "sign"
cp signed.fcpack unsigned.fcpack
expect_refused 2 "no signature (unsigned.fcpack.sig is missing)" "$F" pack install unsigned.fcpack --keyring keyring.gpg
expect_refused 2 "--require-signature needs --keyring" "$F" pack install signed.fcpack --require-signature
cp signed.fcpack tampered.fcpack && printf 'X' | dd of=tampered.fcpack bs=1 seek=100 conv=notrunc 2>/dev/null
cp signed.fcpack.sig tampered.fcpack.sig
expect_refused 2 "tampered.fcpack: bad signature or unknown key" "$F" pack install tampered.fcpack --keyring keyring.gpg
"$F" pack install signed.fcpack --keyring keyring.gpg --require-signature 2>&1 | grep -q "installed signed-pack@1.0.0" ||
  fail "a well-signed pack did not install"

step "plugin new in a pack's source adds the plugin; the pack builds, installs and runs it"
cp -r "$fixture" grown
"$F" plugin new extra_one --dir grown/extra_one > new.out || { cat new.out; fail "plugin new"; }
grep -q "added 'extra_one' to pack sample-pack" new.out || fail "plugin new did not join the pack"
grep -qx "plugins: \[sample_sum, extra_one\]" grown/pack.yaml || fail "pack.yaml plugins"
grep -qx "suites: \[suites/sum.yaml, extra_one/suite.yaml\]" grown/pack.yaml || fail "pack.yaml suites"
grep -qx "add_subdirectory(extra_one)" grown/CMakeLists.txt || fail "CMakeLists.txt"
"$F" pack build grown -o grown.fcpack | grep -qF "2 plugin(s): sample_sum, extra_one" ||
  fail "the grown pack's build"
tar --zstd -tf grown.fcpack | sort > grown.entries
for e in plugins/extra_one.fcbench.so plugins/extra_one.payload/extra_one extra_one/suite.yaml; do
  grep -qx "$e" grown.entries || fail "no $e in the grown pack"
done
# A packs directory of its own: sample-pack@1.0.0 is installed above, with other contents.
FCBENCH_PACKS_DIR="$work/packs2" "$F" pack install grown.fcpack 2>/dev/null |
  grep -q "installed sample-pack@1.0.0" || fail "grown install"
FCBENCH_PACKS_DIR="$work/packs2" "$F" plugins list > grown.plugins 2>&1
grep -A3 "^extra_one" grown.plugins | grep -q "pack: sample-pack 1.0.0" ||
  { cat grown.plugins; fail "extra_one not listed from the pack"; }
FCBENCH_PACKS_DIR="$work/packs2" "$F" run "$work/packs2/sample-pack/1.0.0/extra_one/suite.yaml" \
  -o grown-run >grown-run.out 2>&1 || { cat grown-run.out; fail "run the new plugin's suite"; }
python3 - "$work/packs2/sample-pack/1.0.0/plugins/extra_one.fcbench.so" grown-run <<'PY' || fail "the new plugin's record"
import hashlib, json, sys
so, run = sys.argv[1], sys.argv[2]
recs = [json.loads(l) for l in open(run + "/results.jsonl")]
assert len(recs) == 1 and recs[0]["status"] == "ok", recs
assert recs[0]["plugin"] == "extra_one", recs[0]["plugin"]
src = recs[0]["plugin_source"]
assert src["pack"] == "sample-pack" and src["sha256"] == hashlib.sha256(open(so, "rb").read()).hexdigest(), src
print("extra_one ran from the pack:", [m["name"] for m in recs[0]["metrics"]])
PY

step "the tree's own pack, packs/debian-tools, builds and installs"
"$F" pack build "$src/packs/debian-tools" -o debian-tools.fcpack | tee dt.out
grep -q "built debian-tools@1.0.0: debian-tools.fcpack" dt.out || fail "debian-tools build"
"$F" pack install debian-tools.fcpack 2>/dev/null | grep -q "installed debian-tools@1.0.0" ||
  fail "debian-tools install"
"$F" plugins list >plugins.out 2>&1 || true
for p in fio stress_ng sysbench; do
  grep -A1 "^$p " plugins.out | grep -q "pack: debian-tools 1.0.0" || fail "$p not found from the pack"
done
echo "pack test: all checks passed"
