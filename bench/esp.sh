#!/bin/sh
# bench/esp.sh — ESP encrypt+decrypt throughput per core at 1400-byte packets
# (3DES-MD5, AES128-SHA1) through vpn/ipsec/esp.c, against the ceiling of a
# raw EVP loop doing the same cipher + HMAC work in the same process, and
# `openssl speed -evp` of the cipher and digest for reference.
# Target: esp >= 90% of the EVP loop.  Exit 1 when below.
#   bench/esp.sh [seconds]     (default 2; build first with make)
set -e
cd "$(dirname "$0")/.."
SECS=${1:-2}
BUILD=${BUILD:-build}
mkdir -p "$BUILD/bench"
# esp.c needs lib/ossl.c only (legacy provider for DES); link what it uses
cc -O2 -g -std=gnu11 -I. -o "$BUILD/bench/esp_bench" bench/esp_bench.c \
	"$BUILD/obj/vpn/ipsec/esp.o" "$BUILD/obj/vpn/ipsec/esp_replay.o" \
	"$BUILD/obj/lib/ossl.o" -lcrypto
echo "== ESP through esp_encap/esp_decap vs raw EVP (payload Mbit/s, one core)"
rc=0
"$BUILD/bench/esp_bench" "$SECS" || rc=$?
if command -v openssl >/dev/null 2>&1; then
	echo "== openssl speed -evp (1 s each, 1400-byte blocks, kB/s)"
	for alg in des-ede3-cbc aes-128-cbc md5 sha1; do
		openssl speed -seconds 1 -bytes 1400 -evp $alg 2>/dev/null | tail -1
	done
fi
exit $rc
