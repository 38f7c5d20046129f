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
for f in tests/fuzz/corpus/* "$gen"/*; do
	[ -f "$f" ] || continue
	name=fuzz-corpus/$(basename "$f")
	{ printf 'enable\n\nconfigure terminal\n'; cat "$f"; printf '\n'; } >"$work/in"
	mkdir -p "$work/flash"
	t_box "$pixie" "$work/flash" "$work/in" "$work/out" "$work/err"
	status=$?
	rm -rf "$work/flash"
	if [ $status -ne 0 ]; then
		t_fail "$name" "$(t_rc_text $status)"
		t_show_tail "$work/err"
		rc=1
	elif t_san_errors "$work/err" >/dev/null; then
		t_fail "$name" "sanitizer report"
		t_show_tail "$work/err"
		rc=1
	else
		t_pass "$name"
	fi
done
exit $rc
