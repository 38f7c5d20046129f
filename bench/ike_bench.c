/*
 * ike_bench.c — IKEv1 handshakes per second (main mode + quick mode, PSK,
 * tunnel mode, AES128-SHA) with pixie as initiator against pixie as
 * responder in one process on one core, for DH group 2 and group 14, next
 * to the bound measured in the same run: the Diffie-Hellman work alone
 * (both sides' key generation and shared secret per handshake, OpenSSL
 * through ike_crypto).  Then memory per IKE SA and per IPsec SA pair with
 * N of each (mallinfo2, both sides of every negotiation counted).
 *
 *   ike_bench [seconds-per-measurement] [N]   (defaults 2.0, 10000)
 * Exit 1 when a handshake rate is below 80% of its bound.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/internal.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "vpn/crypto_conf.h"
#include "vpn/ike/ike.h"
#include "vpn/ike/ike_int.h"
#include "vpn/ipsec/sad.h"

#define R_ADDR 0xac100101u /* 172.16.1.1 */
#define I_BASE 0x0a000002u /* 10.0.0.2 ... */

struct dgram {
	uint32_t src, dst;
	uint16_t sport, dport;
	size_t n;
	uint8_t b[2048];
};

static struct dgram *q;
static size_t nq, qcap;
static struct ike_ctx *ci, *cr;

static void net_send(void *arg, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		     const uint8_t *payload, size_t len)
{
	(void)arg;
	if (len > sizeof q[0].b)
		return;
	if (nq == qcap) {
		qcap = qcap ? qcap * 2 : 64;
		q = realloc(q, qcap * sizeof *q);
	}
	struct dgram *d = &q[nq++];
	d->src = src;
	d->dst = dst;
	d->sport = sport;
	d->dport = dport;
	d->n = len;
	memcpy(d->b, payload, len);
}

static void pump(void)
{
	/* a LIFO would do as well; keep the wire order */
	size_t head = 0;
	while (head < nq) {
		struct dgram d = q[head++];
		ike_input(d.dst == R_ADDR ? cr : ci, d.src, d.sport, d.dst, d.dport, false, d.b, d.n);
		if (head == nq)
			head = nq = 0;
	}
	nq = 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void cfg(struct cli *cli, const char *line)
{
	if (cli_exec_line(cli, line) != CLI_OK) {
		fprintf(stderr, "ike_bench: config line refused: %s\n", line);
		exit(2);
	}
}

static void sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
}

static void configure(void)
{
	modules_init();
	conf_factory_reset();
	struct cli_io io = {.write = sink};
	struct cli *cli = cli_session_new(&io);
	cli_set_privilege(cli, 15);
	static const char *const lines[] = {
		"configure terminal",
		"interface Ethernet0", "nameif outside", "security-level 0",
		"ip address 172.16.1.1 255.255.255.0", "exit",
		"interface Ethernet1", "nameif inside", "security-level 100",
		"ip address 10.0.0.1 255.255.0.0", "exit",
		"crypto isakmp enable outside", "crypto isakmp enable inside",
		"crypto isakmp policy 10", "authentication pre-share", "encryption aes",
		"hash sha", "group 2", "lifetime 86400", "exit",
		"crypto ipsec transform-set TT esp-aes esp-sha-hmac",
		"access-list toR extended permit ip 10.1.0.0 255.255.255.0 10.2.0.0 255.255.255.0",
		"crypto map inmap 30 match address toR",
		"crypto map inmap 30 set peer 172.16.1.1",
		"crypto map inmap 30 set transform-set TT",
		"crypto map inmap interface inside",
		"tunnel-group 172.16.1.1 type ipsec-l2l",
		"tunnel-group 172.16.1.1 ipsec-attributes", "pre-shared-key benchkey", "exit",
		"crypto dynamic-map dyn 20 set transform-set TT",
		"crypto map outside_map 20 ipsec-isakmp dynamic dyn",
		"crypto map outside_map interface outside",
		"tunnel-group DefaultRAGroup ipsec-attributes", "pre-shared-key benchkey", "exit",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		cfg(cli, lines[i]);
	cli_session_free(cli);
}

static const struct ipsec_sel net1 = {0x0a010000u, 0xffffff00u, 0, 0};
static const struct ipsec_sel net2 = {0x0a020000u, 0xffffff00u, 0, 0};

static void new_ctxs(void)
{
	struct ike_io io = {net_send, NULL};
	ci = ike_ctx_new(&io);
	cr = ike_ctx_new(&io);
}

/* Handshakes per second: a fresh pair of contexts each time, so every
 * round is a full main mode + quick mode. */
static double handshake_rate(double secs, unsigned long *done)
{
	unsigned long n = 0;
	double t0 = now(), t;
	do {
		new_ctxs();
		ike_initiate(ci, I_BASE, R_ADDR, "inmap", 30, &net1, &net2);
		pump();
		if (sad_count() != 2) {
			fprintf(stderr, "ike_bench: handshake failed\n");
			exit(2);
		}
		ike_ctx_free(ci);
		ike_ctx_free(cr);
		n++;
		t = now();
	} while (t - t0 < secs);
	*done = n;
	return (double)n / (t - t0);
}

/* The bound: per handshake, two key pairs and two shared secrets. */
static double dh_rate(enum ike_dh_group g, double secs)
{
	unsigned long n = 0;
	uint8_t pa[IKE_DH_MAX], pb[IKE_DH_MAX], sa[IKE_DH_MAX], sb[IKE_DH_MAX];
	double t0 = now(), t;
	do {
		struct ike_dh *a = ike_dh_new(g), *b = ike_dh_new(g);
		size_t l = ike_dh_len(a);
		if (!ike_dh_public(a, pa) || !ike_dh_public(b, pb) || !ike_dh_shared(a, pb, l, sa) ||
		    !ike_dh_shared(b, pa, l, sb) || memcmp(sa, sb, l)) {
			fprintf(stderr, "ike_bench: DH failed\n");
			exit(2);
		}
		ike_dh_free(a);
		ike_dh_free(b);
		n++;
		t = now();
	} while (t - t0 < secs);
	return (double)n / (t - t0);
}

static size_t heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

static void memory(unsigned long n)
{
	crypto_conf()->isakmp.pol[0].group = 2;
	new_ctxs();
	size_t m0 = heap_used();
	struct ike_sa **sas = calloc(n, sizeof *sas);
	for (unsigned long i = 0; i < n; i++) {
		/* distinct initiator addresses: distinct peers for the responder */
		uint32_t local = I_BASE + (uint32_t)(i / 250) * 256 + (uint32_t)(i % 250);
		sas[i] = ike_mm_start(ci, local, R_ADDR);
		pump();
	}
	size_t m1 = heap_used();
	size_t act = ike_sa_active_count(ci) + ike_sa_active_count(cr);
	for (unsigned long i = 0; i < n; i++)
		if (sas[i] && sas[i]->st == MM_ACTIVE) {
			ike_qm_start(sas[i], "inmap", 30, &net1, &net2, 0);
			pump();
		}
	size_t m2 = heap_used();
	size_t pairs = sad_count();
	printf("memory: %zu IKE SAs (both sides of %lu negotiations): %.0f bytes each\n", act, n,
	       act ? (double)(m1 - m0) / (double)act : 0.0);
	printf("memory: %zu IPsec SA pairs (both sides): %.0f bytes per pair (SAD + IKE's record)\n",
	       pairs, pairs ? (double)(m2 - m1) / (double)pairs : 0.0);
	ike_ctx_free(ci);
	ike_ctx_free(cr);
	free(sas);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0;
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
	configure();
	int rc = 0;
	static const struct { int group; enum ike_dh_group g; } groups[] = {
		{2, IKEG_MODP1024}, {14, IKEG_MODP2048}};
	for (size_t i = 0; i < 2; i++) {
		crypto_conf()->isakmp.pol[0].group = groups[i].group;
		unsigned long done;
		double hs = handshake_rate(secs, &done);
		double bound = dh_rate(groups[i].g, secs);
		double ratio = hs / bound;
		printf("group %-2d: %8.1f handshakes/s (MM+QM, %lu done)  DH bound %8.1f/s  ratio %5.1f%%%s\n",
		       groups[i].group, hs, done, bound, 100.0 * ratio,
		       ratio >= 0.8 ? "" : "  BELOW TARGET (80%)");
		if (ratio < 0.8)
			rc = 1;
	}
	memory(n);
	return rc;
}
