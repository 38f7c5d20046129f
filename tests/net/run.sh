#!/usr/bin/env bash
# tests/net/run.sh BUILD_DIR — the dataplane tests, in network namespaces.
#
# Each tests/net/t_*.py builds its own network (tests/net/topo.sh, namespaces
# named pxn<PID><letter>-{far,out,fw,in}), starts its own box
# (pixie console --map Ethernet0=outside0,Ethernet1=inside0 in the fw
# namespace), prints PASS:/FAIL: net/<check> lines and removes everything it
# made.  The tests run side by side (NET_JOBS at a time, default all), their
# output is printed test by test.  At the end no namespace of this run may be
# left: net/cleanup checks that (and removes any).
#
# SKIP lines (never PASS) and exit 0 when the tests cannot run here: not
# root, no network namespaces, a tool missing, or a pixie that does not bind
# ports (--map ignored; NET_FORCE=1 runs the tests anyway).
#
# Environment: NET_TESTS="pat syslog" runs a subset; NET_TEST_TIMEOUT seconds
# per test (default 170); NET_KEEP=1 keeps the work directory (box transcripts
# in <work>/<test>/box/out); NET_VERBOSE=1 prints details of passing checks.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$here/../lib.sh"

if [ $# -ne 1 ]; then
	echo "usage: tests/net/run.sh BUILD_DIR" >&2
	exit 2
fi
build=$1
case "$build" in /*) ;; *) build=$PWD/$build ;; esac
export PIXIE=${PIXIE:-$build/pixie}
: "${NET_TEST_TIMEOUT:=170}"

all=()
for f in "$here"/t_*.py; do
	t=${f##*/t_}
	all+=("${t%.py}")
done
if [ -n "${NET_TESTS:-}" ]; then
	read -r -a tests <<<"${NET_TESTS//-/_}"
else
	tests=("${all[@]}")
fi
name_of() { local n=${1//_/-}; echo "${n}"; }

skip_all() {
	local t
	for t in "${tests[@]}"; do echo "SKIP: net/$(name_of "$t") — $1"; done
	exit 0
}

[ "$(id -u)" = 0 ] || skip_all "needs root (network namespaces, raw sockets)"
for tool in ip ethtool curl ss timeout; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed (scripts/deps test)"
done
if [ -z "${NET_PYTHON:-}" ]; then
	if [ -x /usr/bin/python3 ]; then NET_PYTHON=/usr/bin/python3; else NET_PYTHON=$(command -v python3 || true); fi
fi
[ -n "$NET_PYTHON" ] || skip_all "python3 is not installed"
export NET_PYTHON
probe=pxn$$zz-fw
if ! ip netns add "$probe" 2>/dev/null; then
	skip_all "ip netns is not available here"
fi
ip netns del "$probe"
t_need_pixie "$PIXIE" net/run || exit 1

# work directories of runs that were killed (pixie-net.<PID>.*, PID gone)
for d in "${TMPDIR:-/tmp}"/pixie-net.*.*; do
	[ -d "$d" ] || continue
	p=${d##*/pixie-net.}
	p=${p%%.*}
	case "$p" in '' | *[!0-9]*) continue ;; esac
	# /proc files have size 0: read the command line (empty = zombie)
	[ -n "$(tr -d '\0' 2>/dev/null <"/proc/$p/cmdline")" ] || rm -rf "$d"
done
work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-net.$$.XXXXXX")
export NET_WORK=$work NET_PREFIX=pxn$$

# Does this pixie bind ports?  A device that does not exist must be refused.
mkdir -p "$work/probe"
timeout -k 2 10 "$PIXIE" console --map Ethernet0=pxnodev$$ --flash "$work/probe" \
	</dev/null >"$work/probe.out" 2>"$work/probe.err"
prc=$?
if [ "${NET_FORCE:-0}" != 1 ] && [ "$prc" = 0 ] && ! grep -q "pxnodev$$" "$work/probe.err" "$work/probe.out"; then
	rm -rf "$work"
	skip_all "this pixie ignores --map (no packet path yet); NET_FORCE=1 runs the tests anyway"
fi

"$here/topo.sh" stale || true

letters=(a b c d e f g h i j k l m n o p q r s t u v w x y)
pids=()          # the timeout(1) process of each test, by index
declare -A rc_of # exit status by pid
# shellcheck disable=SC2317 # invoked through trap
cleanup() {
	local p i
	# timeout passes TERM on to the test, which removes what it made
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	for ((i = 0; i < ${#tests[@]}; i++)); do
		"$here/topo.sh" down "$NET_PREFIX${letters[$i]}" 2>/dev/null || true
	done
	if [ "${NET_KEEP:-0}" = 1 ]; then
		echo "    work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT
export PYTHONDONTWRITEBYTECODE=1

jobs_max=${NET_JOBS:-${#tests[@]}}
running=0
for ((i = 0; i < ${#tests[@]}; i++)); do
	t=${tests[$i]}
	if [ ! -f "$here/t_$t.py" ]; then
		echo "FAIL: net/$(name_of "$t") — no test tests/net/t_$t.py" >"$work/$t.out"
		pids+=(0)
		continue
	fi
	(cd "$work" && NET_LETTER=${letters[$i]} exec timeout -k 10 "$NET_TEST_TIMEOUT" \
		"$NET_PYTHON" "$here/t_$t.py") >"$work/$t.out" 2>&1 &
	pids+=($!)
	running=$((running + 1))
	if [ "$running" -ge "$jobs_max" ]; then
		wait -n -p fin
		rc_of[$fin]=$?
		running=$((running - 1))
	fi
done
for p in "${pids[@]}"; do
	[ "$p" != 0 ] || continue
	[ -n "${rc_of[$p]:-}" ] && continue
	wait "$p"
	rc_of[$p]=$?
done

failed=0
for ((i = 0; i < ${#tests[@]}; i++)); do
	t=${tests[$i]}
	out=$work/$t.out
	p=${pids[$i]}
	rc=${rc_of[$p]:-1}
	echo "--- net/$(name_of "$t")"
	cat "$out" 2>/dev/null
	if [ "$rc" != 0 ]; then
		failed=1
		grep -q '^FAIL:' "$out" 2>/dev/null ||
			t_fail "net/$(name_of "$t")" "$(t_rc_text "$rc" "$NET_TEST_TIMEOUT") without a FAIL line"
	fi
done

# Nothing of this run may be left behind.
left=$(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${NET_PREFIX}[a-z]*-" || true)
if [ -n "$left" ]; then
	failed=1
	t_fail net/cleanup "namespaces left: $(echo "$left" | tr '\n' ' ')"
else
	t_pass net/cleanup
fi
exit $failed
