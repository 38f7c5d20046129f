#!/usr/bin/env bash
# tests/run-all.sh BUILD_DIR — run every test of a build and print the total.
#
# Parts, in order:
#   unit         the cmocka programs BUILD_DIR/tests/test_*; when `make unit`
#                has just run them (BUILD_DIR/test-results/unit.result newer
#                than every program) their results are counted, not rerun
#   transcripts  tests/run-transcripts.sh BUILD_DIR/pixie
#   suites       every executable tests/suites/*.sh, then every executable
#                tests/*/run.sh, each run as `SUITE BUILD_DIR` from the
#                repository root with PIXIE=BUILD_DIR/pixie in the
#                environment, limited to SUITE_TIMEOUT seconds (default 1200)
# Every part prints "PASS: name" / "FAIL: name — why" lines (tests/README.md);
# those lines are what is counted.  A part that exits non-zero without a FAIL
# line counts as one failure.  The last line is exactly
#   N passed, N failed
# and the exit status is 1 when N failed > 0.
set -uo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

if [ $# -ne 1 ]; then
	echo "usage: tests/run-all.sh BUILD_DIR" >&2
	exit 2
fi
build=$1
case "$build" in /*) ;; *) build=$PWD/$build ;; esac
export PIXIE=$build/pixie BUILD=$build
: "${SUITE_TIMEOUT:=1200}"

work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-all.XXXXXX")
trap 'rm -rf "$work"' EXIT
all=$work/all
: >"$all"
parts=()

# part NAME CMD...: run one part, stream its output, keep its result lines.
part() {
	local name=$1 log=$work/part.log rc p f
	shift
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL:' "$log"; then
		t_fail "$name" "$(t_rc_text "$rc" "$SUITE_TIMEOUT") and no test reported a failure" | tee -a "$log"
	fi
	grep -E '^(PASS|FAIL):' "$log" >>"$all"
	p=$(grep -c '^PASS:' "$log")
	f=$(grep -c '^FAIL:' "$log")
	parts+=("$(printf '%-28s %4d ok %4d failing' "$name" "$p" "$f")")
}

# --- unit
shopt -s nullglob
unit_bins=()
for f in "$build"/tests/test_*; do
	# the programs only: not the compiler's .d dependency files beside them
	[ -x "$f" ] && [ "${f%.d}" = "$f" ] && unit_bins+=("$f")
done
shopt -u nullglob
stored=$build/test-results/unit.result
fresh=0
if [ -f "$stored" ] && [ ${#unit_bins[@]} -gt 0 ]; then
	fresh=1
	for b in "${unit_bins[@]}"; do
		[ "$stored" -nt "$b" ] || fresh=0
	done
fi
if [ "$fresh" = 1 ]; then
	echo "=== unit (results of the run just made by make unit)"
	grep -E '^(PASS|FAIL):' "$stored" >>"$all"
	parts+=("$(printf '%-28s %4d ok %4d failing' unit "$(grep -c '^PASS:' "$stored")" "$(grep -c '^FAIL:' "$stored")")")
	rm -f "$stored" # counted once; a later run-all runs them again
elif [ ${#unit_bins[@]} -gt 0 ]; then
	part unit "$T_TOP/tests/run-unit.sh" "${unit_bins[@]}"
	rm -f "$stored"
fi

# --- transcripts
part transcripts "$T_TOP/tests/run-transcripts.sh" "$PIXIE"

# --- suites
shopt -s nullglob
suites=("$T_TOP"/tests/suites/*.sh "$T_TOP"/tests/*/run.sh)
shopt -u nullglob
cd "$T_TOP" || exit 1
for s in "${suites[@]}"; do
	[ -x "$s" ] || continue
	rel=${s#"$T_TOP"/}
	part "$rel" timeout -k 10 "$SUITE_TIMEOUT" "$s" "$build"
done

# --- summary
echo "=== summary"
printf '%s\n' "${parts[@]}"
if grep -q '^FAIL:' "$all"; then
	echo "failures:"
	grep '^FAIL:' "$all" | sed 's/^/  /'
fi
npass=$(grep -c '^PASS:' "$all")
nfail=$(grep -c '^FAIL:' "$all")
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
