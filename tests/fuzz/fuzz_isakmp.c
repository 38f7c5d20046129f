/*
 * fuzz_isakmp.c — libFuzzer harness for the ISAKMP codec (vpn/ike/isakmp_msg.c).
 * Input: one datagram as received on UDP/500.  Whatever parses must survive
 * build -> parse unchanged (isakmp_msg_equal) and build to the same bytes
 * twice; an encrypted body is also parsed as if it were the decrypted
 * plaintext, and that payload list round-trips through isakmp_build_body();
 * the debug line is formatted for each.  Any failure aborts (a finding).
 *
 * Then the same datagram goes to the IKE engine (vpn/ike/): to a fresh
 * responder context of a box configured like the seed (3DES-MD5 group 2
 * policy, dynamic crypto map, DefaultRAGroup key), once on UDP 500 and
 * once as if it came on 4500, and to a responder that already holds an SA
 * in MM_WAIT_MSG3 (the input's cookies replaced by that SA's, so the
 * message reaches its state handler).  Nothing is checked there but that
 * the engine survives and frees everything (ASan).
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

#include "cli/cli.h"
#include "cli/internal.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "vpn/ike/ike.h"
#include "vpn/ike/ike_int.h"
#include "vpn/ike/isakmp_debug.h"
#include "vpn/ike/isakmp_msg.h"
#include "vpn/ipsec/sad.h"

static struct isakmp_msg m1, m2;

static void check(int ok)
{
	if (!ok)
		abort();
}

static void fuzz_decode_line(const struct isakmp_msg *m)
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

/* ---- the engine ---------------------------------------------------------- */

#define BOX 0xac100101u    /* 172.16.1.1, outside */
#define CLIENT 0xc0a80002u /* 192.168.0.2 */

static uint8_t msg1[1024]; /* a real main mode message 1 (captured at start) */
static size_t msg1_len;

static void discard(void *arg, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		    const uint8_t *payload, size_t len)
{
	(void)arg, (void)src, (void)sport, (void)dst, (void)dport, (void)payload, (void)len;
}

static void grab_msg1(void *arg, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		      const uint8_t *payload, size_t len)
{
	(void)arg, (void)src, (void)sport, (void)dst, (void)dport;
	if (!msg1_len && len <= sizeof msg1) {
		memcpy(msg1, payload, len);
		msg1_len = len;
	}
}

static void out_sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
}

static void engine_init(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	modules_init();
	conf_factory_reset();
	struct cli_io io = {.write = out_sink};
	struct cli *cli = cli_session_new(&io);
	cli_set_privilege(cli, 15);
	static const char *const lines[] = {
		"configure terminal",
		"interface Ethernet0", "nameif outside", "security-level 0",
		"ip address 172.16.1.1 255.255.255.0", "exit",
		"crypto isakmp enable outside", "crypto isakmp nat-traversal 20",
		"crypto isakmp policy 10", "authentication pre-share", "encryption 3des",
		"hash md5", "group 2", "lifetime 86400", "exit",
		"crypto ipsec transform-set TS esp-3des esp-md5-hmac",
		"crypto ipsec transform-set TS mode transport",
		"crypto dynamic-map dyn 20 set transform-set TS",
		"crypto map outside_map 20 ipsec-isakmp dynamic dyn",
		"crypto map outside_map interface outside",
		"tunnel-group DefaultRAGroup ipsec-attributes", "pre-shared-key test", "exit",
		/* the capturing initiator's static entry towards the box */
		"access-list l2tp extended permit udp host 172.16.1.9 eq 1701 host 172.16.1.1 eq 1701",
		"crypto map outside_map 10 match address l2tp",
		"crypto map outside_map 10 set peer 172.16.1.1",
		"crypto map outside_map 10 set transform-set TS",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		cli_exec_line(cli, lines[i]);
	cli_session_free(cli);
	struct ike_io gio = {grab_msg1, NULL};
	struct ike_ctx *ini = ike_ctx_new(&gio);
	struct ipsec_sel l = {0xac100109u, 0xffffffffu, 17, 1701};
	struct ipsec_sel r = {BOX, 0xffffffffu, 17, 1701};
	ike_initiate(ini, 0xac100109u, BOX, "outside_map", 10, &l, &r);
	ike_ctx_free(ini);
}

static void engine(const uint8_t *data, size_t size)
{
	engine_init();
	struct ike_io io = {discard, NULL};
	struct ike_ctx *c = ike_ctx_new(&io);
	ike_input(c, CLIENT, 500, BOX, 500, false, data, size);
	ike_input(c, CLIENT, 4500, BOX, 4500, true, data, size);
	ike_ctx_free(c);
	if (msg1_len && size >= ISAKMP_HDR_LEN) {
		c = ike_ctx_new(&io);
		ike_input(c, CLIENT, 500, BOX, 500, false, msg1, msg1_len);
		struct ike_sa *sa = c->sas;
		if (sa && sa->st == MM_WAIT_MSG3) {
			uint8_t *d = malloc(size);
			check(d != NULL);
			memcpy(d, data, size);
			memcpy(d, sa->ci, 8);
			memcpy(d + 8, sa->cr, 8);
			ike_input(c, CLIENT, 500, BOX, 500, false, d, size);
			free(d);
		}
		ike_ctx_free(c);
	}
	sad_del_all();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	engine(data, size);
	if (isakmp_parse(&m1, data, size) != ISAKMP_OK)
		return 0;
	fuzz_decode_line(&m1);
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
			fuzz_decode_line(&m1);
			body_round_trip();
		}
	}
	free(a);
	free(b);
	return 0;
}
