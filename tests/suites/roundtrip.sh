#!/usr/bin/env bash
# tests/suites/roundtrip.sh BUILD_DIR [CFG...] — paste configurations, check
# that `show running-config` pastes back to itself.
#
# For each configuration (default: tests/fixtures/configs/*.cfg; with
# ROUNDTRIP_CORPUS=1 also tests/fixtures/corpus/*/*.cfg):
#   1. fresh box: enable, empty password, configure terminal, the file's
#      lines, end, show running-config;
#   2. take that running-config (": Saved" .. ": end") and paste it the same
#      way into a second fresh box;
#   3. both show running-config texts must be identical byte for byte (when
#      the first shows masked secrets, all but the Cryptochecksum line, since
#      the re-pasted secrets are then literally "*").
# A file fails when a box crashes, hangs (TEST_TIMEOUT, default 60 s here),
# exits non-zero or prints a sanitizer report; when the round trip differs;
# when the second box rejects a line of the first one's running-config
# (pixie must accept what it prints); or when the file is listed in
# tests/fixtures/configs/FULLY_ACCEPTED and a line of it was rejected.
# A rejected line is an output line starting with "ERROR:".
# Per file it reports lines fed, lines rejected, round trip identical.
# Transcripts are kept in BUILD_DIR/test-results/roundtrip/ for reading.
set -uo pipefail
: "${TEST_TIMEOUT:=60}"
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

if [ $# -lt 1 ]; then
	echo "usage: tests/suites/roundtrip.sh BUILD_DIR [CFG...]" >&2
	exit 2
fi
build=$(cd "$1" 2>/dev/null && pwd) || build=$1
shift
pixie=${PIXIE:-$build/pixie}
t_need_pixie "$pixie" roundtrip || exit 1

fixtures=$T_TOP/tests/fixtures
cfgs=("$@")
if [ ${#cfgs[@]} -eq 0 ]; then
	shopt -s nullglob
	cfgs=("$fixtures"/configs/*.cfg)
	[ "${ROUNDTRIP_CORPUS:-0}" = 1 ] && cfgs+=("$fixtures"/corpus/*/*.cfg)
	shopt -u nullglob
fi
if [ ${#cfgs[@]} -eq 0 ]; then
	echo "roundtrip: no configurations"
	exit 0
fi

keep=$build/test-results/roundtrip
rm -rf "$keep"
mkdir -p "$keep"
work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-roundtrip.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Names that must be accepted whole (comments and blank lines skipped).
declare -A full=()
if [ -f "$fixtures/configs/FULLY_ACCEPTED" ]; then
	while read -r n _; do
		case "$n" in '' | '#'*) continue ;; esac
		full[$n]=1
	done <"$fixtures/configs/FULLY_ACCEPTED"
fi

# key CFG: the test's name and file stem, e.g. configs/seed-pix72.cfg.
key() {
	local f=$1
	case "$f" in "$fixtures"/*) f=${f#"$fixtures"/} ;; esac
	echo "$f"
}

# box N IN: run box N of the current file on input IN; sets why on failure.
box() {
	local n=$1 in=$2 rc
	mkdir -p "$d/flash$n"
	t_box "$pixie" "$d/flash$n" "$in" "$d/out$n" "$d/err$n"
	rc=$?
	[ "$rc" -eq 0 ] || why="${why:+$why; }box $n: $(t_rc_text "$rc")"
	if t_san_errors "$d/err$n" >/dev/null; then
		why="${why:+$why; }box $n: sanitizer report"
	fi
	cp "$d/out$n" "$keep/$stem.out$n"
	[ -s "$d/err$n" ] && cp "$d/err$n" "$keep/$stem.err$n"
	return 0
}

# check CFG: the whole test of one file; leaves $work/<stem>.res and .detail.
check() {
	local cfg=$1 name stem d why="" fed rej rej2 same=no
	name=$(key "$cfg")
	stem=${name//\//__}
	d=$work/$stem
	mkdir -p "$d"
	exec >"$work/$stem.detail"
	if [ ! -f "$cfg" ]; then
		echo "FAIL: no such file" >"$work/$stem.res"
		return
	fi
	fed=$(awk 'END { print NR }' "$cfg")

	t_feed_config "$cfg" >"$d/in1"
	box 1 "$d/in1"
	t_extract_running "$d/out1" >"$d/run1"
	rej=$(grep -c '^ERROR:' "$d/out1")
	t_rejected "$d/out1" >"$keep/$stem.rejected"

	if [ ! -s "$d/run1" ]; then
		why="${why:+$why; }box 1 printed no running-config (': Saved' .. ': end')"
		rej2=-
	else
		t_feed_config "$d/run1" >"$d/in2"
		box 2 "$d/in2"
		t_extract_running "$d/out2" >"$d/run2"
		rej2=$(grep -c '^ERROR:' "$d/out2")
		if [ ! -s "$d/run2" ]; then
			why="${why:+$why; }box 2 printed no running-config"
		elif cmp -s "$d/run1" "$d/run2"; then
			same=yes
		elif grep -Eq '(^| )\*+( |$)' "$d/run1" &&
			cmp -s <(grep -v '^Cryptochecksum:' "$d/run1") <(grep -v '^Cryptochecksum:' "$d/run2"); then
			# show running-config masks secrets ("pre-shared-key *"); pasting
			# it back sets them to "*", a different configuration, so only
			# the checksum (which covers secrets) may differ
			same="yes (but the Cryptochecksum: masked secrets were pasted back as '*')"
		else
			why="${why:+$why; }round trip differs"
			diff -u --label "running-config after pasting $name" \
				--label "running-config after pasting that again" \
				"$d/run1" "$d/run2" | head -n 80 | sed 's/^/    /'
		fi
		if [ "$rej2" -gt 0 ]; then
			why="${why:+$why; }$rej2 line(s) of its own running-config rejected on re-paste"
			echo "    rejected on re-paste:"
			t_rejected "$d/out2" | head -n 20 | sed 's/^/      /'
		fi
	fi
	if [ -n "${full[${name##*/}]:-}" ] && [ "$rej" -gt 0 ] && [ "${name%%/*}" = configs ]; then
		why="${why:+$why; }listed in FULLY_ACCEPTED but $rej line(s) rejected"
		echo "    rejected lines:"
		head -n 20 "$keep/$stem.rejected" | sed 's/^/      /'
	fi
	if [ -n "$why" ]; then
		for n in 1 2; do
			if [ -s "$d/err$n" ]; then
				echo "    stderr of box $n (last lines):"
				t_show_tail "$d/err$n" 30
			fi
		done
	fi
	printf '    %s: %d lines fed, %d rejected, re-paste rejected %s, round trip identical: %s\n' \
		"$name" "$fed" "$rej" "$rej2" "$same"
	if [ -n "$why" ]; then
		echo "FAIL: $why" >"$work/$stem.res"
	else
		echo PASS >"$work/$stem.res"
	fi
}

t_parallel check "${cfgs[@]}"

nfail=0
tfed=0 trej=0
for cfg in "${cfgs[@]}"; do
	name=$(key "$cfg")
	stem=${name//\//__}
	res=$(cat "$work/$stem.res" 2>/dev/null || echo "FAIL: suite lost the result")
	if [ "$res" = PASS ]; then
		t_pass "roundtrip/$name"
	else
		t_fail "roundtrip/$name" "${res#FAIL: }"
		nfail=$((nfail + 1))
	fi
	cat "$work/$stem.detail" 2>/dev/null
	tfed=$((tfed + $(awk 'END { print NR }' "$cfg" 2>/dev/null || echo 0)))
	trej=$((trej + $(wc -l <"$keep/$stem.rejected" 2>/dev/null || echo 0)))
done
echo "roundtrip: ${#cfgs[@]} file(s), $tfed lines fed, $trej rejected; transcripts in ${keep#"$T_TOP"/}/"
[ "$nfail" -eq 0 ]
