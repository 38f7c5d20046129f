#!/usr/bin/env bash
# tests/interop/topo.sh — the interop tests' network: the client guest's
# segment, a router that can masquerade, pixie's two bare links, an inside host.
#
#   topo.sh up PREFIX      create PREFIX-{cl,isp,fw,in} (fails if one exists;
#                          removes what it made when a step fails)
#   topo.sh down PREFIX    stop every process still inside them (qemu,
#                          tcpdump, pixie), delete them
#   topo.sh stale          remove the namespaces of runs that are gone
#                          (names pxi<PID><letters>-*, PID not running)
#   topo.sh list PREFIX    the namespaces of PREFIX that exist
#
#  PFX-cl                       PFX-isp                  PFX-fw (pixie)             PFX-in
#  guest eth0 192.168.0.2 (.3)  eth-cl 192.168.0.1       outside0    inside0 ====== eth-fw 10.4.4.10
#   |tap0                       eth-fw 172.16.1.2 ====== 172.16.1.1  10.4.4.1       gw 10.4.4.1
#  br0 -- to-isp ============== ip_forward=1             (pixie's; no kernel
#                               masquerades 192.168.0.3   IPv4, IPv6 off)
#                               to 172.16.1.2 (NAT-T)
#
# The guest (qemu in PFX-cl) opens tap0 itself.  Its address 192.168.0.2
# reaches pixie unchanged; 192.168.0.3 leaves the router masqueraded, so one
# guest serves the plain and the NAT-T cases without reconfiguring the router
# (no conntrack entry from before a NAT rule can linger).
#
# Every link is a veth or the TAP, all inside these namespaces: nothing leads
# to the host's namespace.  Offloads are off on every end, so pixie's
# AF_PACKET sockets see wire-exact frames and the guest's TAP carries no
# vnet header.
set -euo pipefail

NAMES=(cl isp fw in)

. "$(dirname "${BASH_SOURCE[0]}")/../netns.sh"
NS_STOP_TENTHS=40 # the guest's qemu may take a while to go

link() { # NS_A DEV_A NS_B DEV_B
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3"
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

	# the client segment: the guest's TAP and the link to the router on a bridge
	ip -n "$p-cl" link add br0 type bridge forward_delay 0 stp_state 0
	ip -n "$p-cl" tuntap add dev tap0 mode tap
	offloads_off "$p-cl" tap0
	link "$p-cl" to-isp "$p-isp" eth-cl
	ip -n "$p-cl" link set tap0 master br0
	ip -n "$p-cl" link set to-isp master br0
	for n in tap0 to-isp br0; do ip -n "$p-cl" link set "$n" up; done

	# the isp router
	link "$p-isp" eth-fw "$p-fw" outside0
	ip -n "$p-isp" addr add 192.168.0.1/24 dev eth-cl
	ip -n "$p-isp" addr add 172.16.1.2/24 dev eth-fw
	ip -n "$p-isp" link set eth-cl up
	ip -n "$p-isp" link set eth-fw up
	ip netns exec "$p-isp" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$p-isp" nft -f - <<-'NFT'
		table ip pxi_nat {
			chain post {
				type nat hook postrouting priority srcnat; policy accept;
				oifname "eth-fw" ip saddr 192.168.0.3 masquerade
			}
		}
	NFT

	# fw: bare links for pixie
	link "$p-fw" inside0 "$p-in" eth-fw
	ip -n "$p-fw" link set outside0 up
	ip -n "$p-fw" link set inside0 up

	# in: the host behind pixie
	ip -n "$p-in" addr add 10.4.4.10/24 dev eth-fw
	ip -n "$p-in" link set eth-fw up
	ip -n "$p-in" route add default via 10.4.4.1
	trap - EXIT
}

stale() { ns_stale '^(pxi([0-9]+)[a-z]*)-(cl|isp|fw|in)$' down; }

list() { ns_list "$1" "${NAMES[@]}"; }

[ $# -ge 1 ] || die "usage: topo.sh up|down|list PREFIX | stale"
case "$1" in
up | down | list)
	[ $# -eq 2 ] || die "usage: topo.sh $1 PREFIX"
	[[ $2 =~ ^pxi[0-9]+[a-z]*$ ]] || die "bad prefix '$2' (pxi<PID>[letters])"
	"$1" "$2"
	;;
stale) stale ;;
*) die "unknown command $1" ;;
esac
