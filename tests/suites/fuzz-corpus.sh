#!/usr/bin/env bash
# tests/suites/fuzz-corpus.sh BUILD_DIR — replay the line-parser fuzz corpus
# (tests/fuzz/corpus: inputs libFuzzer found interesting, and every input
# that once crashed) through a real console session in configuration mode.
# Each input must end with exit 0, no hang and no sanitizer report.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
build=${1:?usage: fuzz-corpus.sh BUILD_DIR}
pixie=${PIXIE:-$build/pixie}
t_need_pixie "$pixie" fuzz-corpus || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-fuzzc.XXXXXX")
trap 'rm -rf "$work"' EXIT
# generated hostile inputs next to the stored corpus: a 1 MB line, a line
# of 100,000 tokens, binary garbage with NULs and control characters
gen=$work/gen
mkdir -p "$gen"
python3 - "$gen" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(1)
open(d + "/one-megabyte-line", "w").write("access-list x extended permit ip " + "A" * (1 << 20) + "\n")
open(d + "/many-tokens", "w").write("name " + " 1.2.3.4" * 100000 + "\n")
open(d + "/binary", "wb").write(bytes(r.randrange(256) for _ in range(65536)))
open(d + "/help-storm", "w").write("".join(r.choice(["?", "sh ?", "int ?", "a?", "no ?", "|", "| i", "\t"]) + "\n" for _ in range(2000)))
PY
rc=0
# run_box NAME FILE...: one box fed the files in turn, each starting from
# configuration mode, as libFuzzer's harness feeds them
run_box() {
	local name=$1 f status
	shift
	: >"$work/in"
	printf 'enable\n\n' >>"$work/in"
	for f in "$@"; do
		{ printf 'end\nconfigure terminal\n'; cat "$f"; printf '\n'; } >>"$work/in"
	done
	mkdir -p "$work/flash"
	t_box "$pixie" "$work/flash" "$work/in" "$work/out" "$work/err"
	status=$?
	rm -rf "$work/flash"
	if [ $status -ne 0 ]; then
		t_fail "$name" "$(t_rc_text $status) (inputs: $*)"
		t_show_tail "$work/err"
		rc=1
	elif t_san_errors "$work/err" >/dev/null; then
		t_fail "$name" "sanitizer report (inputs: $*)"
		t_show_tail "$work/err"
		rc=1
	else
		t_pass "$name"
	fi
}

# the stored corpus (libFuzzer's minimised finds), 100 inputs per box
shopt -s nullglob
corpus=(tests/fuzz/corpus/*)
shopt -u nullglob
for ((i = 0; i < ${#corpus[@]}; i += 100)); do
	run_box "fuzz-corpus/stored-$((i / 100 + 1))" "${corpus[@]:i:100}"
done
# the generated hostile inputs, one box each
for f in "$gen"/*; do
	run_box "fuzz-corpus/$(basename "$f")" "$f"
done
exit $rc
