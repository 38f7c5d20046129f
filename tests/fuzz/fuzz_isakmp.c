/*
 * fuzz_isakmp.c — libFuzzer harness for the ISAKMP codec (vpn/ike/isakmp_msg.c).
 * Input: one datagram as received on UDP/500.  Whatever parses must survive
 * build -> parse unchanged (isakmp_msg_equal) and build to the same bytes
 * twice; an encrypted body is also parsed as if it were the decrypted
 * plaintext, and that payload list round-trips through isakmp_build_body();
 * the debug line is formatted for each.  Any failure aborts (a finding).
 *
 * Build and run (clang), after `make fuzz` has built the instrumented
 * objects in build/fuzz/obj (adding fuzz_isakmp to the Makefile's
 * `for h in fuzz_line fuzz_packet` list does the same):
 *   clang -O1 -g -I. -fsanitize=fuzzer,address,undefined \
 *     -o build/fuzz/fuzz_isakmp tests/fuzz/fuzz_isakmp.c \
 *     $(find build/fuzz/obj -name '*.o' ! -name main.o) -ledit -lsqlite3 -lcrypto -lpcap
 *   build/fuzz/fuzz_isakmp -max_total_time=300 tests/fuzz/corpus-isakmp
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "vpn/ike/isakmp_debug.h"
#include "vpn/ike/isakmp_msg.h"

static struct isakmp_msg m1, m2;

static void check(int ok)
{
	if (!ok)
		abort();
}

static void debug_line(const struct isakmp_msg *m)
{
	struct strbuf sb = STRBUF_INIT;
	isakmp_debug_decode(&sb, false, m);
	sb_free(&sb);
}

/* m1 holds a parsed plaintext payload list: body round trip. */
static void body_round_trip(void)
{
	/* the rebuilt body is at most what was parsed, which had no padding */
	size_t need = m1.cipher.len;
	uint8_t *out = malloc(need);
	size_t n;
	check(out != NULL);
	check(isakmp_build_body(&m1, out, need, &n) == ISAKMP_OK);
	m2.hdr = m1.hdr;
	m2.cipher = m1.cipher;
	check(isakmp_parse_body(&m2, out, n) == ISAKMP_OK);
	check(isakmp_msg_equal(&m1, &m2));
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (isakmp_parse(&m1, data, size) != ISAKMP_OK)
		return 0;
	debug_line(&m1);
	size_t need = isakmp_build_len(&m1);
	check(need == m1.hdr.length);
	uint8_t *a = malloc(need), *b = malloc(need);
	check(a && b);
	size_t na, nb;
	check(isakmp_build(&m1, a, need, &na) == ISAKMP_OK && na == need);
	if (need > ISAKMP_HDR_LEN)
		check(isakmp_build(&m1, a, need - 1, &nb) == ISAKMP_ERR_BUF_SMALL);
	check(isakmp_parse(&m2, a, na) == ISAKMP_OK);
	check(isakmp_msg_equal(&m1, &m2));
	check(isakmp_build(&m2, b, need, &nb) == ISAKMP_OK && nb == na);
	check(memcmp(a, b, na) == 0);
	if (m1.hdr.flags & ISAKMP_FLAG_ENC) {
		/* treat the ciphertext as a decrypted body (padding allowed) */
		if (isakmp_parse_body(&m1, m1.cipher.p, m1.cipher.len) == ISAKMP_OK) {
			debug_line(&m1);
			body_round_trip();
		}
	}
	free(a);
	free(b);
	return 0;
}
