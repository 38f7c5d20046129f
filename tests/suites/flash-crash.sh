#!/usr/bin/env bash
# tests/suites/flash-crash.sh BUILD_DIR — `write memory` survives kill -9.
#
# One flash directory is used throughout.  First a session saves
# FLASH_CRASH_WRITES configurations to completion (round 0: it also measures
# how much output a whole session prints).  Then, FLASH_CRASH_ROUNDS times,
# a session on the same directory runs
#     hostname fc<round>-<i> / write memory      for i = 1 .. WRITES
# and is killed with SIGKILL once its output has grown past a random point
# (a random moment in its life, located by progress rather than by a clock).
# After each kill:
#   - `PRAGMA integrity_check` on DIR/flash.db (sqlite3 CLI) must say ok;
#   - a fresh box on DIR must print a `show startup-config` that is exactly
#     one of the saved configurations: its hostname is the one saved last in
#     the previous round or one of this round's, never older than the last
#     save the killed session acknowledged with "[OK]", and its whole text
#     equals the running-config of a box given only that hostname;
#   - the DB must pass integrity_check again after that box used it.
# Environment: FLASH_CRASH_ROUNDS (30), FLASH_CRASH_WRITES (200),
# FLASH_CRASH_SEED (random; printed, reuse it to replay a failure),
# TEST_TIMEOUT (120 s per session).
set -uo pipefail
: "${TEST_TIMEOUT:=120}"
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

if [ $# -lt 1 ]; then
	echo "usage: tests/suites/flash-crash.sh BUILD_DIR" >&2
	exit 2
fi
build=$(cd "$1" 2>/dev/null && pwd) || build=$1
pixie=${PIXIE:-$build/pixie}
t_need_pixie "$pixie" flash-crash || exit 1
if ! command -v sqlite3 >/dev/null; then
	t_fail flash-crash "sqlite3 CLI missing (scripts/deps test installs it)"
	exit 1
fi

rounds=${FLASH_CRASH_ROUNDS:-30}
writes=${FLASH_CRASH_WRITES:-200}
seed=${FLASH_CRASH_SEED:-$(((RANDOM << 15) | RANDOM))}
RANDOM=$seed
echo "flash-crash: $rounds rounds of up to $writes saves, seed $seed (FLASH_CRASH_SEED=$seed to replay)"

work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-flashcrash.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
flash=$work/flash
mkdir -p "$flash"
mkfifo "$work/tick"
exec {tick}<>"$work/tick" # never written: `read -t` on it is a builtin sleep

# script ROUND: the console input of one session of ROUND.
script() {
	local i
	printf 'enable\n\nconfigure terminal\n'
	for ((i = 1; i <= writes; i++)); do
		printf 'hostname fc%d-%d\nwrite memory\n' "$1" "$i"
	done
}

# integrity WHEN: PRAGMA integrity_check must print exactly "ok".
integrity() {
	local r
	if [ ! -f "$flash/flash.db" ]; then
		fail_why="${fail_why:+$fail_why; }no flash.db $1"
		return
	fi
	r=$(sqlite3 "$flash/flash.db" 'PRAGMA integrity_check;' 2>&1)
	if [ "$r" != ok ]; then
		fail_why="${fail_why:+$fail_why; }integrity_check $1: $(echo "$r" | head -n 3 | tr '\n' ' ')"
	fi
}

# startup: a fresh box on $flash prints its startup-config; the text goes
# to $work/v.run.
startup() {
	local rc
	printf 'enable\n\nshow startup-config\n' >"$work/v.in"
	t_box "$pixie" "$flash" "$work/v.in" "$work/v.out" "$work/v.err"
	rc=$?
	[ "$rc" -eq 0 ] || fail_why="${fail_why:+$fail_why; }verifying box: $(t_rc_text "$rc")"
	t_san_errors "$work/v.err" >/dev/null && fail_why="${fail_why:+$fail_why; }verifying box: sanitizer report"
	t_extract_running "$work/v.out" >"$work/v.run"
}

# reference HOSTNAME: a fresh box with only HOSTNAME set prints its
# running-config; the text goes to $work/ref.run.
reference() {
	local rc
	rm -rf "$work/ref"
	mkdir -p "$work/ref/flash"
	printf 'enable\n\nconfigure terminal\nhostname %s\nend\nshow running-config\n' "$1" >"$work/ref/in"
	t_box "$pixie" "$work/ref/flash" "$work/ref/in" "$work/ref/out" "$work/ref/err"
	rc=$?
	[ "$rc" -eq 0 ] || fail_why="${fail_why:+$fail_why; }reference box: $(t_rc_text "$rc")"
	t_extract_running "$work/ref/out" >"$work/ref.run"
}

# verify ROUND PREV ACKED: check the state left on flash; sets got (the
# recovered hostname) and appends to fail_why.
verify() {
	local r=$1 prev=$2 acked=$3 idx
	integrity "after the kill"
	startup
	got=$(sed -n 's/^hostname //p' "$work/v.run" | head -n 1)
	if [ ! -s "$work/v.run" ]; then
		fail_why="${fail_why:+$fail_why; }show startup-config printed no configuration"
		t_show_tail "$work/v.out" 20
		return
	fi
	if [[ "$got" =~ ^fc${r}-([0-9]+)$ ]]; then
		idx=${BASH_REMATCH[1]}
	elif [ "$got" = "$prev" ]; then
		idx=0
	else
		fail_why="${fail_why:+$fail_why; }startup hostname '$got' was never saved (previous: $prev)"
		return
	fi
	if [ "$idx" -gt "$writes" ] || [ "$idx" -lt "$acked" ]; then
		fail_why="${fail_why:+$fail_why; }startup is save #$idx but save #$acked was acknowledged"
	fi
	reference "$got"
	if ! cmp -s "$work/ref.run" "$work/v.run"; then
		fail_why="${fail_why:+$fail_why; }startup-config is not the saved configuration"
		diff -u --label "running-config with hostname $got" --label "show startup-config" \
			"$work/ref.run" "$work/v.run" | head -n 40 | sed 's/^/    /'
	fi
	integrity "after a box used it"
}

nfail=0
report() { # NAME: print PASS or FAIL for fail_why
	if [ -z "$fail_why" ]; then
		t_pass "$1"
	else
		t_fail "$1" "$fail_why"
		nfail=$((nfail + 1))
	fi
}

# --- round 0: a whole session, not killed.
fail_why=
script 0 >"$work/in"
t_box "$pixie" "$flash" "$work/in" "$work/out" "$work/err"
rc=$?
[ "$rc" -eq 0 ] || fail_why="$(t_rc_text "$rc")"
t_san_errors "$work/err" >/dev/null && fail_why="${fail_why:+$fail_why; }sanitizer report"
full=$(stat -c %s "$work/out")
acks=$(grep -c '^\[OK\]$' "$work/out")
[ "$acks" -eq "$writes" ] || fail_why="${fail_why:+$fail_why; }$acks of $writes write memory printed [OK]"
verify 0 "" "$writes"
[ "$got" = "fc0-$writes" ] || fail_why="${fail_why:+$fail_why; }after a clean run startup is '$got', not fc0-$writes"
echo "    round 0: $writes saves in one session, $full bytes of output, startup $got"
report flash-crash/complete-session
if [ -n "$fail_why" ]; then
	t_show_tail "$work/err" 20
	echo "flash-crash: the uninterrupted session already fails; skipping the kill rounds"
	exit 1
fi
prev=$got
[ "$full" -gt 0 ] || full=1

# --- rounds 1..N: kill -9 at a random point of the output.
for ((r = 1; r <= rounds; r++)); do
	fail_why=
	script "$r" >"$work/in"
	: >"$work/out"
	target=$(((((RANDOM << 15) | RANDOM) % full) + 1))
	"$pixie" console --flash "$flash" <"$work/in" >"$work/out" 2>"$work/err" &
	pid=$!
	deadline=$((SECONDS + TEST_TIMEOUT))
	while kill -0 "$pid" 2>/dev/null && [ "$(stat -c %s "$work/out")" -lt "$target" ]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			fail_why="no progress: output stuck at $(stat -c %s "$work/out") bytes for ${TEST_TIMEOUT}s"
			break
		fi
		read -r -t 0.002 -u "$tick"
	done
	# Output arrives in buffered chunks: wait a random extra 0-9 ms so the
	# kill does not always land right after a flush.
	read -r -t "0.00$((RANDOM % 10))" -u "$tick"
	if kill -0 "$pid" 2>/dev/null; then
		how="killed at $(stat -c %s "$work/out") bytes"
	else
		how="finished before the kill"
	fi
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	pid=
	if [ "$how" = "finished before the kill" ] && [ "$rc" -ne 0 ]; then
		fail_why="${fail_why:+$fail_why; }session $(t_rc_text "$rc") before it was killed"
	fi
	t_san_errors "$work/err" >/dev/null && fail_why="${fail_why:+$fail_why; }sanitizer report"
	acked=$(grep -c '^\[OK\]$' "$work/out")
	verify "$r" "$prev" "$acked"
	echo "    round $r: $how, $acked save(s) acknowledged, startup $got"
	report "flash-crash/round-$r"
	[ -n "$fail_why" ] && t_show_tail "$work/err" 20
	[ -n "$got" ] && prev=$got
done
[ "$nfail" -eq 0 ]
