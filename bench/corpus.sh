#!/usr/bin/env bash
# bench/corpus.sh [BUILD_DIR...] — how fast pixie takes the real corpus
# (tests/fixtures/corpus) and the 20 MB garbage paste.  Default build dirs:
# build and build/san (each one that has a pixie).
#
# Figures per build (nothing is asserted):
#   paste      every corpus file pasted into one fresh box after the other
#              (one job): configuration lines per second of wall time, CPU
#              seconds (user + sys of all the boxes, GNU time), and lines per
#              CPU second net of what as many boxes given no lines cost
#              (starting a box dominates a small file)
#   suite      tests/suites/corpus.sh (5 boxes per file: paste, round trip,
#              checksum probes, and the checks of no-op lines; TEST_JOBS in
#              parallel): corpus lines per second of wall time and its CPU
#   garbage    tests/suites/garbage-paste.sh: the paste with garbage, as the
#              suite measures it (lines/s, MB/s of one box)
# The commit and the time of the run are printed with the figures: other
# work changes pixie all the time.
set -euo pipefail
cd "$(dirname "$0")/.."
builds=("$@")
if [ ${#builds[@]} -eq 0 ]; then
	for b in build build/san; do
		[ -x "$b/pixie" ] && builds+=("$b")
	done
fi
[ ${#builds[@]} -gt 0 ] || { echo "bench/corpus.sh: no build/pixie (run make)" >&2; exit 1; }
scripts/deps bench >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
git diff --quiet HEAD 2>/dev/null || rev="$rev+uncommitted changes"
echo "corpus bench: commit $rev, $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

files=(tests/fixtures/corpus/{pix7-asa82,pix6,asa83plus}/*.cfg)
# configuration lines, counted as the suite counts them
lines=$(awk '{ s = $0; sub(/^[ \t]+/, "", s) } s != "" && s !~ /^[!:]/ { n++ } END { print n }' "${files[@]}")

for b in "${builds[@]}"; do
	pixie=$b/pixie
	# paste: one box per file, one after the other
	{
		echo 'set -e'
		i=0
		for f in "${files[@]}"; do
			i=$((i + 1))
			printf 'mkdir -p %q; { printf "enable\\n\\nconfigure terminal\\n"; cat %q; printf "end\\nshow running-config\\n"; } | %q console --flash %q >/dev/null\n' \
				"$W/f$i" "$f" "$pixie" "$W/f$i"
		done
	} >"$W/paste.sh"
	# the same number of boxes given nothing to do: what starting one costs
	sed 's/cat [^;]*; //' "$W/paste.sh" >"$W/empty.sh"
	rm -rf "$W"/f*
	/usr/bin/time -f '%e %U %S' -o "$W/t.empty" bash "$W/empty.sh"
	read -r _ eu es < <(tail -n 1 "$W/t.empty")
	rm -rf "$W"/f*
	/usr/bin/time -f '%e %U %S' -o "$W/t.paste" bash "$W/paste.sh"
	read -r pw pu ps < <(tail -n 1 "$W/t.paste")
	/usr/bin/time -f '%e %U %S' -o "$W/t.suite" tests/suites/corpus.sh "$b" >"$W/suite.out" 2>&1 || true
	# (GNU time puts "Command exited with non-zero status" first when the
	# suite fails: the figures are on the last line)
	read -r sw su ss < <(tail -n 1 "$W/t.suite")
	tests/suites/garbage-paste.sh "$b" >"$W/garbage.out" 2>&1 || true
	awk -v b="$b" -v n="$lines" -v nf=${#files[@]} -v pw="$pw" -v pu="$pu" -v ps="$ps" \
		-v sw="$sw" -v su="$su" -v ss="$ss" -v eu="$eu" -v es="$es" 'BEGIN {
		ec = eu + es; pc = pu + ps
		printf "  %s: paste   %d files, %d lines: %.2fs wall, %.2fs CPU, %.0f lines/s", b, nf, n, pw, pc, n / pw
		if (pc > ec)
			printf "; %.0f lines per CPU second without the %.2fs CPU the %d boxes spend starting up and showing an empty configuration", n / (pc - ec), ec, nf
		printf "\n"
		printf "  %s: suite   corpus.sh: %.2fs wall, %.2fs CPU, %.0f corpus lines/s\n", b, sw, su + ss, n / sw
	}'
	sed -n 's/^ *with garbage: /garbage paste: /p; s/^ *seed \([0-9]*\).*: \([0-9]* lines\), \([0-9]* bytes\).*/garbage input: seed \1, \2, \3/p' \
		"$W/garbage.out" | sed "s|^|  $b: |"
	grep -E '^corpus total:' "$W/suite.out" | sed "s|^|  $b: |"
	if grep -q '^FAIL' "$W/garbage.out"; then
		echo "  $b: (the garbage paste suite failed; see tests/suites/garbage-paste.sh $b)"
	fi
done
