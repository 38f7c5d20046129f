#!/usr/bin/env bash
# tests/run-unit.sh BIN... — run cmocka unit test programs (built by `make unit`
# from tests/unit/test_*.c) and count their test cases.
#
# Prints "PASS: unit/<program>/<case>" or "FAIL: ..." per cmocka case; a
# program that crashes, times out (UNIT_TIMEOUT, default 120 s), exits
# non-zero without a failed case, or prints a sanitizer report is one more
# FAIL.  The result lines are also written to <BUILD>/test-results/unit.result
# (BUILD = the directory above the programs' tests/ directory) so that
# tests/run-all.sh can count them without running the programs twice.
# Exit status 1 when anything failed.
set -uo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

: "${UNIT_TIMEOUT:=120}"

if [ $# -eq 0 ]; then
	echo "unit: no unit test programs"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-unit.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results
: >"$results"

for bin in "$@"; do
	prog=${bin##*/}
	log=$work/$prog.log
	if [ ! -x "$bin" ]; then
		t_fail "unit/$prog" "$bin is not built" | tee -a "$results"
		continue
	fi
	# cmocka prints to stdout and its error details to stderr; keep both in
	# order in one log.
	# (The outer 2>/dev/null silences bash's own "Aborted" job notice.)
	{ timeout -k 5 "$UNIT_TIMEOUT" "$bin" >"$log" 2>&1 </dev/null; } 2>/dev/null
	rc=$?
	# One verdict per "[ RUN      ] case": the first OK/FAILED/SKIPPED line
	# naming it.  A case that started and never finished crashed.
	awk -v prog="$prog" '
		/^\[ RUN      \] / { cur = substr($0, 14); started[cur] = 1; order[++n] = cur; next }
		/^\[       OK \] / { c = substr($0, 14); if (c == cur) { v[c] = "PASS"; cur = "" } next }
		/^\[  FAILED  \] / { c = substr($0, 14); if (c == cur) { v[c] = "FAIL"; cur = "" } next }
		/^\[  SKIPPED \] / { c = substr($0, 14); if (c == cur) { v[c] = "SKIP"; cur = "" } next }
		END {
			for (i = 1; i <= n; i++) {
				c = order[i]
				if (v[c] == "PASS") printf "PASS: unit/%s/%s\n", prog, c
				else if (v[c] == "FAIL") printf "FAIL: unit/%s/%s — assertion failed\n", prog, c
				else if (v[c] == "SKIP") printf "SKIP: unit/%s/%s\n", prog, c
				else printf "FAIL: unit/%s/%s — did not finish (crash?)\n", prog, c
			}
		}' "$log" >"$work/$prog.cases"
	why=""
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL:' "$work/$prog.cases"; then
		why="$(t_rc_text "$rc" "$UNIT_TIMEOUT")"
	fi
	if t_san_errors "$log" >/dev/null; then
		why="${why:+$why; }sanitizer report"
	fi
	if [ ! -s "$work/$prog.cases" ] && [ "$rc" -eq 0 ] && [ -z "$why" ]; then
		# Not a cmocka program, or one with no case: judge by exit status.
		echo "PASS: unit/$prog" >"$work/$prog.cases"
	fi
	[ -n "$why" ] && t_fail "unit/$prog" "$why" >>"$work/$prog.cases"
	tee -a "$results" <"$work/$prog.cases"
	if grep -q '^FAIL:' "$work/$prog.cases"; then
		echo "    output of $bin (last lines):"
		t_show_tail "$log" 60
	fi
done

npass=$(grep -c '^PASS:' "$results")
nfail=$(grep -c '^FAIL:' "$results")
echo "unit: $npass ok, $nfail failing"

# Hand the results to tests/run-all.sh (see its header).
build=$(dirname "$(dirname "$1")")
if [ -d "$build" ]; then
	mkdir -p "$build/test-results"
	cp "$results" "$build/test-results/unit.result"
fi
[ "$nfail" -eq 0 ]
