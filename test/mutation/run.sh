#!/usr/bin/env bash
# Mutation check: do the unit tests catch plausible one-line bugs?
#
#   test/mutation/run.sh [--keep] [-j N] [MUTANTS_FILE]
#
# Copies the working tree (tracked and untracked files, not ignored ones)
# into a temporary directory once and builds the unit tests there once. Then,
# for each mutant in MUTANTS_FILE (default test/mutation/mutants.txt; format
# described at its top): applies it, rebuilds incrementally (only
# fcbench_unit_tests and what it depends on), runs the unit test binary,
# records killed (some test failed) or SURVIVED (all passed), and restores
# the file. Prints a table. Exits 1 if any mutant survives, if a mutant's
# original text is not found exactly once (the list went stale), or if a
# mutant does not compile; 2 on usage or set-up errors. The working tree
# itself is never modified. --keep leaves the temporary directory behind.
# Uses ccache when installed (the first build then mostly hits the cache of
# an earlier build of the same sources).
set -euo pipefail

keep=0
jobs=2
list=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    -j) jobs="$2"; shift ;;
    -j*) jobs="${1#-j}" ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) list="$1" ;;
  esac
  shift
done

root="$(cd "$(dirname "$0")/../.." && pwd)"
list="$(realpath "${list:-$root/test/mutation/mutants.txt}")"
[ -f "$list" ] || { echo "run.sh: no mutant list $list" >&2; exit 2; }
start=$(date +%s)

# --- the mutants -------------------------------------------------------------
ids=() descs=() files=() froms=() tos=()
parse_error() { echo "run.sh: $list: $*" >&2; exit 2; }
id="" desc="" file="" from="" to="" have_from=0 have_to=0
flush() {
  [ -n "$id" ] || return 0
  [ -n "$file" ] && [ "$have_from" = 1 ] && [ "$have_to" = 1 ] ||
    parse_error "mutant '$id' needs file:, from: and to: lines"
  [ "$from" != "$to" ] || parse_error "mutant '$id': from and to are the same"
  ids+=("$id"); descs+=("$desc"); files+=("$file"); froms+=("$from"); tos+=("$to")
  id="" desc="" file="" from="" to="" have_from=0 have_to=0
}
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    '#'*) ;;
    '') flush ;;
    'mutant: '*)
      flush
      rest="${line#mutant: }"
      id="${rest%% *}"
      desc="${rest#"$id"}"
      desc="${desc#"${desc%%[! ]*}"}"
      ;;
    'file: '*) file="${line#file: }" ;;
    'from: '*) from="${line#from: }"; have_from=1 ;;
    'to: '*) to="${line#to: }"; have_to=1 ;;
    *) parse_error "unexpected line: $line" ;;
  esac
done <"$list"
flush
[ ${#ids[@]} -gt 0 ] || parse_error "no mutants"

# --- a private copy of the tree, built once ------------------------------------
work="$(mktemp -d /tmp/fcbench-mutation-XXXXXX)"
if [ "$keep" = 1 ]; then
  echo "run.sh: working in $work (kept)"
else
  trap 'rm -rf "$work"' EXIT
fi
src="$work/src"
build="$src/build-mutation"
mkdir -p "$src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
  tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$src"

# Every original text must be there exactly once before anything is built.
stale=0
for i in "${!ids[@]}"; do
  f="$src/${files[$i]}"
  n=0
  [ -f "$f" ] && n=$(grep -cF -- "${froms[$i]}" "$f" || true)
  if [ "$n" != 1 ]; then
    echo "STALE mutant ${ids[$i]}: '${froms[$i]}' occurs on $n line(s) of ${files[$i]} (must be 1)" >&2
    stale=$((stale + 1))
  fi
done
[ "$stale" = 0 ] || { echo "run.sh: $stale stale mutant(s) in $list: update them" >&2; exit 1; }

launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$src" CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
build_unit_tests() {
  cmake --build "$build" --target fcbench_unit_tests -j"$jobs" >"$work/build.log" 2>&1
}
echo "run.sh: building the unit tests in $src (once)"
if ! cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  >"$work/build.log" 2>&1 || ! build_unit_tests; then
  tail -40 "$work/build.log" >&2
  echo "run.sh: the unmutated tree does not build" >&2
  exit 2
fi
bin="$build/test/fcbench_unit_tests"
# A mutant is killed by its first failing assertion: --abort stops there.
run_unit_tests() { (cd "$build/test" && timeout 900 "$bin" --abort >"$work/tests.log" 2>&1); }
if ! run_unit_tests; then
  tail -40 "$work/tests.log" >&2
  echo "run.sh: the unit tests fail without any mutant" >&2
  exit 2
fi
built=$(date +%s)
echo "run.sh: built and passed unmutated in $((built - start)) s"

# --- each mutant ---------------------------------------------------------------
# The first failing test case in Catch's console output, if any.
first_failure() {
  awk '/^-+$/ && length($0) > 70 { getline; print; exit }' "$work/tests.log"
}
results=() survived=0 broken=0
for i in "${!ids[@]}"; do
  f="$src/${files[$i]}"
  cp "$f" "$work/original"
  FROM="${froms[$i]}" TO="${tos[$i]}" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$f"
  t0=$(date +%s)
  if ! build_unit_tests; then
    result="NO BUILD"
    detail="$(grep -m1 'error' "$work/build.log" || true)"
    broken=$((broken + 1))
  elif run_unit_tests; then
    result="SURVIVED"
    detail="all unit tests passed"
    survived=$((survived + 1))
  else
    result="killed"
    detail="$(grep -m1 '^test cases:' "$work/tests.log" | tr -s ' ' || true); first: $(first_failure)"
  fi
  cp "$work/original" "$f"  # a new mtime, so the next build recompiles it
  results+=("$(printf '%-3s %-9s %4ss  %s\n      %s' "${ids[$i]}" "$result" "$(($(date +%s) - t0))" \
    "${descs[$i]}" "$detail")")
  echo "run.sh: mutant ${ids[$i]}: $result"
done

echo
printf '%-3s %-9s %5s  %s\n' "id" "result" "time" "mutant"
for r in "${results[@]}"; do echo "$r"; done
echo
echo "run.sh: ${#ids[@]} mutant(s): $(( ${#ids[@]} - survived - broken )) killed, $survived survived," \
  "$broken did not build; $(($(date +%s) - start)) s in all"
[ "$survived" = 0 ] && [ "$broken" = 0 ]
