#!/usr/bin/env bash
# tests/net/topo.sh — the dataplane tests' network, built from namespaces and veths.
#
#   topo.sh up PREFIX      create PREFIX-{far,out,fw,in} (fails if any exists;
#                          removes what it made when a step fails)
#   topo.sh down PREFIX    stop every process still inside them, delete them
#   topo.sh stale          remove namespaces left by runs that no longer exist
#                          (names pxn<PID><letters>-*, PID not running: the
#                          run.sh, or the test run on its own, that made them)
#   topo.sh list PREFIX    the namespaces of PREFIX that exist
#
#   PFX-far              PFX-out (router)              PFX-fw (the box)          PFX-in
#   eth-out 203.0.113.10 eth-far 203.0.113.1   eth-fw ==== outside0   inside0 ==== eth-fw 10.4.4.10
#   gw 203.0.113.1       eth-fw  172.16.1.2            172.16.1.1  10.4.4.1        gw 10.4.4.1
#                        ip_forward=1                  (owned by pixie; no kernel
#                                                       IPv4, IPv6 disabled)
#
# Every link is a veth between two of these namespaces: nothing leads to the
# host's namespace, so no test packet can leave.  Offloads are off on every
# veth end, so pixie's AF_PACKET sockets see wire-exact frames (complete
# checksums, no GSO super-frames) and hosts send software-checksummed frames.
set -euo pipefail

NAMES=(far out fw in)

. "$(dirname "${BASH_SOURCE[0]}")/../netns.sh"

veth() { # NS_A DEV_A NS_B DEV_B
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3"
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
	ip netns exec "$3" sysctl -qw "net.ipv6.conf.$4.disable_ipv6=1"
	offloads_off "$1" "$2"
	offloads_off "$3" "$4"
}

down() { ns_down "$1" "${NAMES[@]}"; }

up() {
	local p=$1 n
	for n in "${NAMES[@]}"; do
		ns_exists "$p-$n" && die "namespace $p-$n already exists"
	done
	trap 'rc=$?; [ $rc = 0 ] || down "$p"; exit $rc' EXIT
	for n in "${NAMES[@]}"; do ns_add "$p-$n"; done

	veth "$p-far" eth-out "$p-out" eth-far
	veth "$p-out" eth-fw "$p-fw" outside0
	veth "$p-fw" inside0 "$p-in" eth-fw

	# far: the server on the Internet side, one hop behind the outside router
	ip -n "$p-far" addr add 203.0.113.10/24 dev eth-out
	ip -n "$p-far" link set eth-out up
	ip -n "$p-far" route add default via 203.0.113.1

	# out: the outside router (the box's default gateway 172.16.1.2)
	ip -n "$p-out" addr add 203.0.113.1/24 dev eth-far
	ip -n "$p-out" addr add 172.16.1.2/24 dev eth-fw
	ip -n "$p-out" link set eth-far up
	ip -n "$p-out" link set eth-fw up
	ip netns exec "$p-out" sysctl -qw net.ipv4.ip_forward=1

	# fw: bare links for pixie; the kernel of this namespace has no address on them
	ip -n "$p-fw" link set outside0 up
	ip -n "$p-fw" link set inside0 up

	# in: the inside host behind the box
	ip -n "$p-in" addr add 10.4.4.10/24 dev eth-fw
	ip -n "$p-in" link set eth-fw up
	ip -n "$p-in" route add default via 10.4.4.1
	trap - EXIT
}

stale() { ns_stale '^(pxn([0-9]+)[a-z]+)-(far|out|fw|in)$' down; }

list() { ns_list "$1" "${NAMES[@]}"; }

[ $# -ge 1 ] || die "usage: topo.sh up|down|list PREFIX | stale"
case "$1" in
up | down | list)
	[ $# -eq 2 ] || die "usage: topo.sh $1 PREFIX"
	[[ $2 =~ ^[a-z][a-z0-9]{1,20}$ ]] || die "bad prefix '$2'"
	"$1" "$2"
	;;
stale) stale ;;
*) die "unknown command $1" ;;
esac
