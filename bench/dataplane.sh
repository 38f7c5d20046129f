#!/usr/bin/env bash
# bench/dataplane.sh — pixie's forwarding rate next to the Linux kernel's
# (routing, nftables masquerade, masquerade + a 1,000-rule chain), measured
# in the same run on the same veth topology; prints both sides and the ratios.
# See bench/dataplane.py for the method.  Needs root.  Takes ~35 minutes with
# the defaults; BENCH_ROUNDS (3), BENCH_SECONDS (4 per measurement),
# BENCH_ACL_SIZES ("10 1000 100000"), BENCH_CONNS (1000000; 0 skips), BENCH_MODES
# ("route masq acl bare pixie pixie-xdp") make it shorter; BENCH_LAYOUTS ("rps rx0")
# picks the userland CPU layouts and BENCH_GEN ("xdp mmsg") the generator's
# ways of sending (see bench/dataplane.py).  "pixie-xdp" is the box with
# PIXIE_IO=xdp (ports on AF_XDP, dataplane/port_xdp.c).
# Traffic stays in namespaces pxb<PID>-{gen,fw,sink}, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || {
	echo "bench/dataplane.sh: needs root (network namespaces)" >&2
	exit 1
}
PIXIE=${PIXIE:-build/pixie}
[ -x "$PIXIE" ] || make -s all
PIXIE=$(realpath "$PIXIE")
export PIXIE
scripts/deps bench >/dev/null
for t in ip ethtool nft taskset pgrep cc python3; do
	command -v "$t" >/dev/null || {
		echo "bench/dataplane.sh: $t missing (scripts/deps bench)" >&2
		exit 1
	}
done
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$W/udpgen" bench/udpgen.c
cc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$W/afp_fwd" bench/afp_fwd.c
PYTHONDONTWRITEBYTECODE=1 UDPGEN=$W/udpgen AFP_FWD=$W/afp_fwd NET_WORK=$W python3 bench/dataplane.py
