# tests/netns.sh — shell pieces shared by the test networks
# (tests/net/topo.sh, tests/interop/topo.sh): source it.

die() {
	echo "topo.sh: $*" >&2
	exit 1
}

ns_exists() { [ -e "/run/netns/$1" ]; }

# The process exists and is not a zombie (a zombie's command line is empty;
# /proc files report size 0, so read it rather than test its size).
pid_running() {
	local c
	c=$(tr -d '\0' 2>/dev/null <"/proc/$1/cmdline") || return 1
	[ -n "$c" ]
}

# Checksum and segmentation offloads off: pixie's AF_PACKET sockets then
# see wire-exact frames (complete checksums, no GSO super-frames).
offloads_off() { # NS DEV
	ip netns exec "$1" ethtool -K "$2" tx off rx off tso off gso off gro off >/dev/null 2>&1 ||
		die "ethtool -K $2 in $1 failed"
}

# A namespace with lo up and IPv6 off.
ns_add() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}
