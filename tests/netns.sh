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

# Stop every process in NS: TERM, then KILL, each waited for up to TENTHS
# tenths of a second (default 30).
ns_stop_all() { # NS [TENTHS]
	local ns=$1 tenths=${2:-30} sig pids i
	for sig in TERM KILL; do
		pids=$(ip netns pids "$ns" 2>/dev/null || true)
		[ -n "$pids" ] || return 0
		# shellcheck disable=SC2086
		kill -"$sig" $pids 2>/dev/null || true
		for ((i = 0; i < tenths; i++)); do
			[ -n "$(ip netns pids "$ns" 2>/dev/null || true)" ] || return 0
			sleep 0.1
		done
	done
}

# Delete PREFIX-NAME for every NAME that exists, after stopping what runs
# in it (NS_STOP_TENTHS: ns_stop_all's wait).
ns_down() { # PREFIX NAME...
	local p=$1 n rc=0
	shift
	for n in "$@"; do
		ns_exists "$p-$n" || continue
		ns_stop_all "$p-$n" "${NS_STOP_TENTHS:-30}"
		ip netns del "$p-$n" || rc=1
	done
	return $rc
}

# The namespaces PREFIX-NAME that exist, one a line.
ns_list() { # PREFIX NAME...
	local p=$1 n
	shift
	for n in "$@"; do
		ns_exists "$p-$n" && echo "$p-$n"
	done
	return 0
}

# Remove the namespaces left by runs that are gone: REGEX matches a
# namespace name with the prefix as group 1 and the PID of the run that
# made it as group 2; DOWN_FN removes one prefix.
ns_stale() { # REGEX DOWN_FN
	local re=$1 down_fn=$2 ns p pid
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ $ns =~ $re ]] || continue
		p=${BASH_REMATCH[1]}
		pid=${BASH_REMATCH[2]}
		pid_running "$pid" && continue
		ns_exists "$ns" || continue # removed with an earlier one of its prefix
		echo "topo.sh: removing leftover namespaces $p-*" >&2
		"$down_fn" "$p" || true
	done
}
