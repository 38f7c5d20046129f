#!/usr/bin/env bash
# tests/run-transcripts.sh PIXIE [NAME...] — run the CLI transcript tests.
#
# For each tests/cli/NAME.in (or only the NAMEs given): start
#   PIXIE console --flash <fresh empty dir> [args from NAME.args] < NAME.in
# and compare its stdout byte for byte with NAME.out.  A test fails when the
# output differs (diff -u shown), pixie exits non-zero, runs longer than
# TEST_TIMEOUT seconds (default 30; a hang), or prints a sanitizer report on
# stderr.
#
# NAME.args (optional): extra arguments, split on white space; @FLASH@ stands
# for the flash directory and @TOP@ for the repository root.
#
# UPDATE=1 tests/run-transcripts.sh PIXIE [NAME...] (re)writes NAME.out from
# what pixie printed.  That is a draft: a human must read every line of the
# new .out against the reference (shared/reference, Cisco's command
# reference) before it is committed — the test only proves pixie still does
# what it did, not that it is right.
#
# Tests run TEST_JOBS at a time (default: number of CPUs); results print in
# name order.  Exit status 1 when any test failed.
set -uo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

if [ $# -lt 1 ]; then
	echo "usage: tests/run-transcripts.sh PIXIE [NAME...]" >&2
	exit 2
fi
pixie=$1
shift
case "$pixie" in /*) ;; *) pixie=$PWD/$pixie ;; esac
clidir=$T_TOP/tests/cli
update=${UPDATE:-0}

ins=()
if [ $# -gt 0 ]; then
	for n in "$@"; do
		n=${n%.in}
		n=${n##*/}
		ins+=("$clidir/$n.in")
	done
else
	shopt -s nullglob
	ins=("$clidir"/*.in)
	shopt -u nullglob
fi
if [ ${#ins[@]} -eq 0 ]; then
	echo "transcripts: no tests in tests/cli"
	exit 0
fi
t_need_pixie "$pixie" transcripts || exit 1

work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-transcripts.XXXXXX")
trap 'rm -rf "$work"' EXIT

# run_one IN: runs one test; leaves $work/NAME.res ("PASS"/"FAIL: why")
# and $work/NAME.detail (lines to print under a failure).
run_one() {
	local in=$1 name base out args=() a d rc why=""
	base=${in%.in}
	name=${base##*/}
	out=$base.out
	d=$work/$name
	mkdir -p "$d/flash"
	if [ ! -f "$in" ]; then
		echo "FAIL: no such test ($in)" >"$d.res"
		return
	fi
	if [ -f "$base.args" ]; then
		local words=()
		read -r -d '' -a words <"$base.args"
		for a in "${words[@]}"; do
			a=${a//@FLASH@/$d/flash}
			args+=("${a//@TOP@/$T_TOP}")
		done
	fi
	t_box "$pixie" "$d/flash" "$in" "$d/stdout" "$d/stderr" "${args[@]}"
	rc=$?
	: >"$d.detail"
	if [ "$rc" -ne 0 ]; then
		why="$(t_rc_text "$rc")"
	fi
	if t_san_errors "$d/stderr" >"$d/san"; then
		why="${why:+$why; }sanitizer report on stderr"
	fi
	if [ "$update" = 1 ]; then
		if ! cmp -s "$d/stdout" "$out" 2>/dev/null; then
			cp "$d/stdout" "$out"
			echo "    updated $(realpath --relative-to="$T_TOP" "$out") — review it by hand" >>"$d.detail"
		fi
	elif [ ! -f "$out" ]; then
		why="${why:+$why; }no $name.out (write one with UPDATE=1, then review it)"
	elif ! cmp -s "$out" "$d/stdout"; then
		why="${why:+$why; }stdout differs from $name.out"
		diff -u --label "$name.out (expected)" --label "$name (actual)" \
			"$out" "$d/stdout" | head -n 200 | sed 's/^/    /' >>"$d.detail"
	fi
	if [ -n "$why" ]; then
		echo "FAIL: $why" >"$d.res"
		if [ -s "$d/stderr" ]; then
			echo "    stderr (last lines):" >>"$d.detail"
			t_show_tail "$d/stderr" 40 >>"$d.detail"
		fi
	else
		echo PASS >"$d.res"
	fi
}

t_parallel run_one "${ins[@]}"

npass=0 nfail=0
for in in "${ins[@]}"; do
	name=${in##*/}
	name=${name%.in}
	res=$(cat "$work/$name.res" 2>/dev/null || echo "FAIL: runner lost the result")
	if [ "$res" = PASS ]; then
		t_pass "cli/$name"
		npass=$((npass + 1))
	else
		t_fail "cli/$name" "${res#FAIL: }"
		nfail=$((nfail + 1))
	fi
	cat "$work/$name.detail" 2>/dev/null
done
echo "transcripts: $npass ok, $nfail failing"
if [ "$update" = 1 ]; then
	echo "transcripts: UPDATE=1 rewrote .out files from pixie's output; review each changed line (git diff tests/cli) before committing"
fi
[ "$nfail" -eq 0 ]
