#!/bin/sh
# bench/ike.sh — IKEv1 main mode + quick mode handshakes per second (DH
# groups 2 and 14, pixie initiator against pixie responder, one process,
# one core) next to the cost of the Diffie-Hellman operations alone measured
# in the same run, and memory per IKE SA / IPsec SA pair with N of each.
# Target: handshakes >= 80% of the DH bound.  Exit 1 when below.
#   bench/ike.sh [seconds] [N]     (defaults 2 and 10000; build first with make)
set -e
cd "$(dirname "$0")/.."
SECS=${1:-2}
N=${2:-10000}
BUILD=${BUILD:-build}
[ -f "$BUILD/obj/vpn/ike/ike_core.o" ] || make -s all
mkdir -p "$BUILD/bench"
# linked like the unit tests: every object but main.o
cc -O2 -g -std=gnu11 -I. -o "$BUILD/bench/ike_bench" bench/ike_bench.c \
	$(find "$BUILD/obj" -name '*.o' ! -name main.o) \
	-ledit -lsqlite3 -lcrypto -lpcap
echo "== IKEv1 handshakes (MM + QM, PSK, AES128-SHA) vs DH operations alone, one core"
# one core: pin when taskset is there
if command -v taskset >/dev/null 2>&1; then
	exec taskset -c 0 "$BUILD/bench/ike_bench" "$SECS" "$N"
fi
exec "$BUILD/bench/ike_bench" "$SECS" "$N"
