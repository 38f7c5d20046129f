#!/usr/bin/env bash
# tests/interop/run.sh BUILD_DIR — pixie's IKEv1/IPsec against strongSwan in a
# Debian guest under qemu (tests/interop/README.md).
#
# Builds or finds the guest image (image.sh), makes the network (topo.sh,
# namespaces pxi<PID>-*), boots the guest once and runs the cases of
# interop.py, each printing PASS/FAIL interop/<case> and interop/<case>-wire.
# Ends with interop/cleanup: no namespace of the run may be left.
#
# SKIP lines for every case (never PASS) and exit 0 when this machine cannot
# run them: not root, a tool missing (scripts/deps test installs them), no
# /dev/net/tun, no network namespaces, the guest image cannot be built (the
# Debian mirror cannot be reached).
#
# Environment: PXI_CASES="natt dpd" runs some cases; PXI_KEEP=1 keeps the
# work directory (pixie transcripts, captures, the guest's console);
# PXI_VERBOSE=1 prints details of passing checks; PXI_TIMEOUT (900) bounds
# the cases; image.sh's PIXIE_INTEROP_CACHE / PIXIE_INTEROP_MIRROR.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$here/../lib.sh"

if [ $# -ne 1 ]; then
	echo "usage: tests/interop/run.sh BUILD_DIR" >&2
	exit 2
fi
build=$1
case "$build" in /*) ;; *) build=$PWD/$build ;; esac
export PIXIE=${PIXIE:-$build/pixie}
: "${PXI_TIMEOUT:=900}"
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3 || echo python3)

skip_all() {
	local c
	echo "SKIP: interop/guest — $1"
	for c in $("$python" "$here/interop.py" --list 2>/dev/null); do
		echo "SKIP: interop/$c — $1"
	done
	exit 0
}

command -v "$python" >/dev/null 2>&1 || {
	echo "SKIP: interop/all — python3 is not installed"
	exit 0
}
[ "$(id -u)" = 0 ] || skip_all "needs root (network namespaces, TAP devices, debootstrap)"
for tool in ip ethtool nft qemu-system-x86_64 tcpdump tshark timeout flock; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed (scripts/deps test)"
done
[ -c /dev/net/tun ] || skip_all "no /dev/net/tun (the guest's NIC is a TAP device)"
probe=pxi$$probe-fw
ip netns add "$probe" 2>/dev/null || skip_all "ip netns is not available here"
ip netns del "$probe"
t_need_pixie "$PIXIE" interop/run || exit 1

# The guest image (cached: milliseconds; cold: ~1-2 minutes).
t0=$(date +%s%N)
ilog=$(mktemp)
img=$("$here/image.sh" 2>"$ilog")
irc=$?
ims=$((($(date +%s%N) - t0) / 1000000))
case $irc in
0)
	img=$(echo "$img" | tail -n1)
	echo "    guest image: $img ($ims ms)"
	rm -f "$ilog"
	;;
3)
	reason=$(tail -n1 "$ilog")
	rm -f "$ilog"
	skip_all "no guest image: ${reason#image.sh: }"
	;;
*)
	t_fail interop/image "the guest image could not be built (image.sh exit $irc)"
	t_show_tail "$ilog" 30
	rm -f "$ilog"
	for c in $("$python" "$here/interop.py" --list); do echo "SKIP: interop/$c — no guest image"; done
	exit 1
	;;
esac

"$here/topo.sh" stale || true
# work directories of runs that were killed (pixie-interop.<PID>.*, PID gone)
for d in "${TMPDIR:-/tmp}"/pixie-interop.*.*; do
	[ -d "$d" ] || continue
	p=${d##*/pixie-interop.}
	p=${p%%.*}
	case "$p" in '' | *[!0-9]*) continue ;; esac
	[ -e "$d/KEPT" ] && continue # PXI_KEEP=1: the user's to remove
	[ -n "$(tr -d '\0' 2>/dev/null <"/proc/$p/cmdline")" ] || rm -rf "$d"
done
prefix=pxi$$
work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-interop.$$.XXXXXX")
# shellcheck disable=SC2317 # invoked through trap
cleanup() {
	[ -n "${child:-}" ] && kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
	"$here/topo.sh" down "$prefix" 2>/dev/null || true
	if [ "${PXI_KEEP:-0}" = 1 ]; then
		: >"$work/KEPT"
		echo "    work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

export PXI_IMAGE=$img PXI_PREFIX=$prefix PXI_WORK=$work PYTHONDONTWRITEBYTECODE=1
t0=$(date +%s)
(cd "$work" && exec timeout -k 15 "$PXI_TIMEOUT" "$python" "$here/interop.py") &
child=$!
wait "$child"
rc=$?
child=
failed=0
if [ "$rc" != 0 ]; then
	failed=1
	[ "$rc" = 124 ] && t_fail interop/run "$(t_rc_text "$rc" "$PXI_TIMEOUT")"
fi
echo "    time: interop (all cases) $(($(date +%s) - t0)) s"

left=$(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${prefix}-" || true)
if [ -n "$left" ]; then
	failed=1
	t_fail interop/cleanup "namespaces left: $(echo "$left" | tr '\n' ' ')"
else
	t_pass interop/cleanup
fi
exit $failed
