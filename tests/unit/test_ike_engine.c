/*
 * test_ike_engine.c — two IKE contexts in one process: an initiator (the
 * "client", 10.0.0.2 on the inside network) and a responder (the box's
 * outside address 172.16.1.1) exchange datagrams through an in-memory
 * network that can behave like a NAT.  Both share the box configuration
 * (typed as CLI lines) and the SAD.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "box_harness.h"
#include "lib/log.h"
#include "vpn/crypto_conf.h"
#include "vpn/ike/ike.h"
#include "vpn/ike/ike_int.h"
#include "vpn/ipsec/sad.h"

#define I_ADDR 0x0a000002u   /* 10.0.0.2 */
#define R_ADDR 0xac100101u   /* 172.16.1.1 */
#define NAT_PUB 0xac100105u  /* 172.16.1.5 */

struct dgram {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint8_t *b;
	size_t n;
};

#define QMAX 64
static struct dgram q[QMAX];
static size_t nq;
static bool nat_on;
static struct dgram last_to_r[2]; /* last IDPROT and QUICK message R got */
static struct ike_ctx *ci, *cr;

static void net_send(void *arg, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		     const uint8_t *payload, size_t len)
{
	(void)arg;
	assert_true(nq < QMAX);
	q[nq].src = src;
	q[nq].dst = dst;
	q[nq].sport = sport;
	q[nq].dport = dport;
	q[nq].b = malloc(len);
	memcpy(q[nq].b, payload, len);
	q[nq].n = len;
	nq++;
}

static void deliver(struct dgram d)
{
	struct ike_ctx *to;
	if (nat_on && d.src == I_ADDR) {
		d.src = NAT_PUB;
		d.sport = d.sport == 500 ? 6000 : 6001;
	}
	if (d.dst == R_ADDR) {
		to = cr;
	} else {
		if (nat_on && d.dst == NAT_PUB) {
			d.dst = I_ADDR;
			d.dport = d.dport == 6000 ? 500 : 4500;
		}
		to = ci;
	}
	const uint8_t *b = d.b;
	size_t n = d.n;
	bool natt = d.dport == 4500 || d.sport == 4500;
	if (natt) {
		if (n == 1)
			return; /* NAT keepalive */
		assert_true(n > 4);
		assert_memory_equal(b, "\0\0\0\0", 4);
		b += 4;
		n -= 4;
	}
	if (to == cr && n > 18) {
		struct dgram *keep = &last_to_r[b[18] == ISAKMP_EXCH_QUICK];
		free(keep->b);
		*keep = d;
		keep->b = malloc(d.n);
		memcpy(keep->b, d.b, d.n);
	}
	ike_input(to, d.src, d.sport, d.dst, d.dport, natt, b, n);
}

static void pump(void)
{
	for (int guard = 0; nq && guard < 100; guard++) {
		struct dgram d = q[0];
		memmove(q, q + 1, (nq - 1) * sizeof q[0]);
		nq--;
		deliver(d);
		free(d.b);
	}
	assert_int_equal(nq, 0);
}

static void drop_queue(void)
{
	for (size_t i = 0; i < nq; i++)
		free(q[i].b);
	nq = 0;
}

/* pairs as IKE handed them to the SAD, with their keys */
static struct sad_params seen[8];
static size_t nseen;
static void add_hook(const struct sad_params *p)
{
	if (nseen < 8)
		seen[nseen++] = *p;
}

static struct strbuf logs;
static void log_sink(void *ctx, const char *line)
{
	(void)ctx;
	sb_puts(&logs, line);
	sb_puts(&logs, "\n");
}

static void cfg(const char *line)
{
	int rc = run(line);
	if (rc != CLI_OK)
		fail_msg("%s -> %s", line, out.buf ? out.buf : "");
}

static void base_config(void)
{
	static const char *const lines[] = {
		"interface Ethernet0", "nameif outside", "security-level 0",
		"ip address 172.16.1.1 255.255.255.0", "no shutdown", "exit",
		"interface Ethernet1", "nameif inside", "security-level 100",
		"ip address 10.0.0.1 255.255.255.0", "no shutdown", "exit",
		"crypto isakmp enable outside", "crypto isakmp enable inside",
		"crypto isakmp policy 10", "authentication pre-share", "encryption 3des",
		"hash md5", "group 2", "lifetime 86400", "exit",
		"crypto ipsec transform-set TS esp-3des esp-md5-hmac",
		"crypto ipsec transform-set TS mode transport",
		"crypto ipsec transform-set TT esp-aes esp-sha-hmac",
		"crypto ipsec transform-set TT256 esp-aes-256 esp-sha-hmac",
		/* the client's side: a static map on inside towards the box */
		"access-list l2tp extended permit udp host 10.0.0.2 eq 1701 host 172.16.1.1 eq 1701",
		"access-list toR extended permit ip 10.1.0.0 255.255.255.0 10.2.0.0 255.255.255.0",
		"crypto map inmap 10 match address l2tp",
		"crypto map inmap 10 set peer 172.16.1.1",
		"crypto map inmap 10 set transform-set TS",
		"crypto map inmap 30 match address toR",
		"crypto map inmap 30 set peer 172.16.1.1",
		"crypto map inmap 30 set transform-set TT",
		"crypto map inmap interface inside",
		"tunnel-group 172.16.1.1 type ipsec-l2l",
		"tunnel-group 172.16.1.1 ipsec-attributes", "pre-shared-key test", "exit",
		/* the box's side: the seed's dynamic map */
		"crypto dynamic-map dyn 20 set transform-set TS TT",
		"crypto map outside_map 20 ipsec-isakmp dynamic dyn",
		"crypto map outside_map interface outside",
		"tunnel-group DefaultRAGroup ipsec-attributes", "pre-shared-key test", "exit",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		cfg(lines[i]);
}

static int t_setup(void **state)
{
	setup(state);
	sad_del_all();
	base_config();
	struct ike_io io = {net_send, NULL};
	ci = ike_ctx_new(&io);
	cr = ike_ctx_new(&io);
	nat_on = false;
	nseen = 0;
	ike_sad_add_hook = add_hook;
	sb_reset(&logs);
	log_sink_add(LOG_SINK_CONSOLE, log_sink, NULL);
	return 0;
}

static int t_teardown(void **state)
{
	drop_queue();
	ike_ctx_free(ci);
	ike_ctx_free(cr);
	sad_del_all();
	ike_sad_add_hook = NULL;
	log_sink_remove(log_sink, NULL);
	for (int i = 0; i < 2; i++) {
		free(last_to_r[i].b);
		last_to_r[i].b = NULL;
	}
	memset(seen, 0, sizeof seen);
	return teardown(state);
}

static const struct ipsec_sel l2tp_i = {I_ADDR, 0xffffffffu, 17, 1701};
static const struct ipsec_sel l2tp_r = {R_ADDR, 0xffffffffu, 17, 1701};
static const struct ipsec_sel net1 = {0x0a010000u, 0xffffff00u, 0, 0};
static const struct ipsec_sel net2 = {0x0a020000u, 0xffffff00u, 0, 0};

/* The two pairs are mirror images: SPIs crossed, keys equal. */
static void check_pairs(enum esp_mode mode)
{
	assert_int_equal(nseen, 2);
	const struct sad_params *a = &seen[0], *b = &seen[1];
	assert_int_equal(a->spi_in, b->spi_out);
	assert_int_equal(a->spi_out, b->spi_in);
	size_t kl = esp_cipher_keylen(a->cipher) + esp_auth_keylen(a->mac);
	assert_memory_equal(a->key_in, b->key_out, kl);
	assert_memory_equal(a->key_out, b->key_in, kl);
	assert_int_equal(a->cipher, b->cipher);
	assert_int_equal(a->mac, b->mac);
	assert_int_equal(a->mode, mode);
	assert_int_equal(b->mode, mode);
	assert_int_equal(sad_count(), 2);
	assert_int_not_equal(sad_by_spi_in(a->spi_in), 0);
	assert_int_not_equal(sad_by_spi_in(b->spi_in), 0);
	assert_int_equal(ike_sa_active_count(ci), 1);
	assert_int_equal(ike_sa_active_count(cr), 1);
}

static const struct sad_params *resp_pair(void)
{
	/* the responder's pair is installed first (after QM message 3 comes
	 * in... no: the initiator installs on message 2); find by peer */
	for (size_t i = 0; i < nseen; i++)
		if (seen[i].local == R_ADDR)
			return &seen[i];
	fail();
	return NULL;
}

static void set_policy(int enc, int hash, int group)
{
	struct isakmp_policy *p = isakmp_policy_get(&crypto_conf()->isakmp, 10);
	p->enc = (enum ike_enc)enc;
	p->hash = (enum ike_hash)hash;
	p->group = group;
}

static void l2tp_case(void)
{
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	pump();
	check_pairs(ESP_TRANSPORT);
	const struct sad_params *r = resp_pair();
	assert_string_equal(r->map, "dyn");
	assert_int_equal(r->map_seq, 20);
	assert_int_equal(r->kind, SAD_RA);
	assert_string_equal(r->group, "DefaultRAGroup");
	assert_string_equal(r->ifname, "outside");
	assert_int_equal(r->remote_id.port, 1701);
	assert_false(r->udp_encap);
}

static void tunnel_case(void)
{
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 30, &net1, &net2), 0);
	pump();
	check_pairs(ESP_TUNNEL);
	const struct sad_params *r = resp_pair();
	assert_int_equal(r->remote_id.addr, net1.addr);
	assert_int_equal(r->local_id.mask, net2.mask);
}

static void mm_3des_md5_g2_transport(void **state)
{
	(void)state;
	l2tp_case();
	assert_int_equal(seen[0].cipher, ESPC_3DES);
	assert_int_equal(seen[0].mac, ESPA_MD5_96);
}

static void aes128_sha_g2_tunnel(void **state)
{
	(void)state;
	set_policy(IKE_ENC_AES, IKE_HASH_SHA, 2);
	tunnel_case();
	assert_int_equal(seen[0].cipher, ESPC_AES128);
	assert_int_equal(seen[0].mac, ESPA_SHA1_96);
}

static void aes128_sha_g5_transport(void **state)
{
	(void)state;
	set_policy(IKE_ENC_AES, IKE_HASH_SHA, 5);
	l2tp_case();
}

static void aes128_sha_g14_tunnel(void **state)
{
	(void)state;
	set_policy(IKE_ENC_AES, IKE_HASH_SHA, 14);
	tunnel_case();
}

static void aes256_sha_g14_tunnel_pfs(void **state)
{
	(void)state;
	set_policy(IKE_ENC_AES256, IKE_HASH_SHA, 14);
	cfg("crypto map inmap 30 set transform-set TT256");
	cfg("crypto dynamic-map dyn 20 set transform-set TT256");
	cfg("crypto map inmap 30 set pfs group5");
	cfg("crypto dynamic-map dyn 20 set pfs group5");
	tunnel_case();
	assert_int_equal(seen[0].cipher, ESPC_AES256);
	assert_int_equal(seen[0].pfs_group, 5);
}

static void des_md5_g1_transport(void **state)
{
	(void)state;
	set_policy(IKE_ENC_DES, IKE_HASH_MD5, 1);
	l2tp_case();
}

static void wrong_psk(void **state)
{
	(void)state;
	cfg("logging enable");
	cfg("logging console debugging");
	cfg("tunnel-group DefaultRAGroup ipsec-attributes");
	cfg("pre-shared-key other");
	cfg("exit");
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	pump();
	assert_int_equal(sad_count(), 0);
	assert_int_equal(nseen, 0);
	assert_int_equal(ike_sa_count(cr), 0);
	assert_int_equal(ike_sa_active_count(ci), 0);
	assert_non_null(strstr(logs.buf,
			       "%PIX-3-713902: Group = DefaultRAGroup, IP = 10.0.0.2, ERROR, had problems decrypting packet, probably due to mismatched pre-shared key.  Aborting"));
}

static void no_proposal_chosen(void **state)
{
	(void)state;
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	/* the responder's policies change while message 1 is on its way */
	set_policy(IKE_ENC_AES, IKE_HASH_SHA, 5);
	pump();
	assert_int_equal(ike_sa_count(cr), 0);
	assert_int_equal(ike_sa_count(ci), 0); /* NO-PROPOSAL-CHOSEN ended it */
	assert_int_equal(sad_count(), 0);
}

static void qm_no_proposal(void **state)
{
	(void)state;
	cfg("crypto dynamic-map dyn 20 set transform-set TT256");
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	pump();
	assert_int_equal(ike_sa_active_count(cr), 1);
	assert_int_equal(sad_count(), 0);
	/* the initiator heard the notify: no quick mode left waiting */
	struct ike_sa *isa = ike_sa_active_to(ci, R_ADDR);
	assert_non_null(isa);
	assert_null(isa->qms);
	assert_null(ike_sa_active_to(cr, I_ADDR)->qms);
}

static void nat_t(void **state)
{
	(void)state;
	cfg("crypto isakmp nat-traversal 20");
	nat_on = true;
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	pump();
	check_pairs(ESP_TRANSPORT);
	const struct sad_params *r = resp_pair();
	assert_true(r->udp_encap);
	assert_int_equal(r->peer, NAT_PUB);
	assert_int_equal(r->peer_port, 6001);
	assert_int_equal(r->local_port, 4500);
	/* transport mode behind a NAT: the selector is the public address */
	assert_int_equal(r->remote_id.addr, NAT_PUB);
	for (size_t i = 0; i < nseen; i++)
		assert_true(seen[i].udp_encap);
}

static void natt_no_nat_stays_on_500(void **state)
{
	(void)state;
	cfg("crypto isakmp nat-traversal 20");
	l2tp_case();
}

static void delete_notify(void **state)
{
	(void)state;
	tunnel_case();
	const struct sad_params *r = resp_pair();
	uint32_t r_in = r->spi_in, i_in = r->spi_out;
	struct ike_sa *isa = ike_sa_active_to(ci, R_ADDR);
	assert_non_null(isa);
	ike_send_delete_spi(isa, i_in);
	pump();
	assert_int_equal(sad_by_spi_in(r_in), 0);   /* the responder's pair went */
	assert_int_not_equal(sad_by_spi_in(i_in), 0); /* ours is ours to remove */
	/* and deleting the IKE SA takes the rest */
	ike_send_delete_isakmp(isa);
	pump();
	ev_run_once(0); /* the responder frees it on the next turn */
	assert_int_equal(ike_sa_count(cr), 0);
}

static void duplicates_retransmit(void **state)
{
	(void)state;
	l2tp_case();
	/* message 5 again: the responder sends message 6 again */
	struct dgram d = last_to_r[0];
	d.b = malloc(d.n);
	memcpy(d.b, last_to_r[0].b, d.n);
	deliver(d);
	free(d.b);
	assert_int_equal(nq, 1);
	drop_queue();
	/* quick mode message 3 again: nothing (the exchange is complete) */
	d = last_to_r[1];
	d.b = malloc(d.n);
	memcpy(d.b, last_to_r[1].b, d.n);
	deliver(d);
	free(d.b);
	assert_int_equal(nq, 0);
	assert_int_equal(sad_count(), 2);
}

static void gate_isakmp_enable(void **state)
{
	(void)state;
	cfg("no crypto isakmp enable outside");
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	pump();
	assert_int_equal(ike_sa_count(cr), 0);
}

static void run_for(unsigned ms)
{
	uint64_t end = ev_now_ms() + ms;
	while (ev_now_ms() < end) {
		ev_run_once(5);
		pump();
	}
}

/* The responder's message 2 is lost: the initiator sends message 1 again
 * after the first timeout, the responder answers its duplicate. */
static void retransmission(void **state)
{
	(void)state;
	ike_retx_first_ms = 20;
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	assert_int_equal(nq, 1);
	struct dgram m1 = q[0];
	nq = 0;
	deliver(m1); /* to R: message 2 queued */
	free(m1.b);
	drop_queue(); /* lost */
	run_for(60);
	ike_retx_first_ms = IKE_RETX_FIRST_MS;
	check_pairs(ESP_TRANSPORT);
}

/* Nobody answers: bounded retries, then the SA is gone and logged. */
static void retransmission_gives_up(void **state)
{
	(void)state;
	cfg("logging enable");
	cfg("logging console debugging");
	ike_retx_first_ms = 5;
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	unsigned sent = 0;
	uint64_t end = ev_now_ms() + 400;
	while (ev_now_ms() < end && ike_sa_count(ci)) {
		ev_run_once(5);
		sent += (unsigned)nq;
		drop_queue();
	}
	ike_retx_first_ms = IKE_RETX_FIRST_MS;
	assert_int_equal(ike_sa_count(ci), 0);
	assert_int_equal(sent, 1 + IKE_RETX_MAX);
	assert_non_null(strstr(logs.buf, "retransmission limit reached"));
}

static struct strbuf dbg;
static void dbg_out(const char *line)
{
	sb_puts(&dbg, line);
	sb_puts(&dbg, "\n");
	if (getenv("IKE_TEST_DEBUG")) /* to read the lines by eye */
		fprintf(stderr, "%s\n", line);
}

static void debug_lines(void **state)
{
	(void)state;
	sb_reset(&dbg);
	ike_debug_set_output(dbg_out);
	ike_debug_set_level(7);
	l2tp_case();
	ike_debug_set_level(0);
	ike_debug_set_output(NULL);
	const char *want[] = {
		"[IKEv1]: IP = 172.16.1.1, IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR + SA (1) + VENDOR (13)",
		"[IKEv1 DEBUG]: IP = 10.0.0.2, processing SA payload",
		"IP = 10.0.0.2, Connection landed on tunnel_group DefaultRAGroup",
		"[IKEv1]: Group = DefaultRAGroup, IP = 10.0.0.2, PHASE 1 COMPLETED",
		"[IKEv1]: Group = DefaultRAGroup, IP = 10.0.0.2, L2TP/IPSec session detected.",
		"[IKEv1]: Group = DefaultRAGroup, IP = 10.0.0.2, Received remote Proxy Host data in ID Payload:  Address 10.0.0.2, Protocol 17, Port 1701",
		"IKE Remote Peer configured for crypto map: dyn",
		"Security negotiation complete for User Group (DefaultRAGroup)  Responder, Inbound SPI = 0x",
		"[IKEv1]: Group = DefaultRAGroup, IP = 10.0.0.2, PHASE 2 COMPLETED (msgid=",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(dbg.buf, want[i]))
			fail_msg("missing debug line: %s", want[i]);
	/* no secret in the debug output */
	assert_null(strstr(dbg.buf, "test"));
	sb_free(&dbg);
}

static void show_isakmp_sa(void **state)
{
	(void)state;
	run("show crypto isakmp sa");
	assert_string_equal(out.buf, "There are no isakmp sas\n");
	struct ike_sa *a = ike_sa_new(ike_box(), false, R_ADDR, 500, 0xc0a80002u, 500);
	a->st = MM_ACTIVE;
	a->born_ms = ev_now_ms();
	a->p1 = (struct ike_p1){.cipher = IKEC_3DES, .hash = IKEH_MD5, .group = IKEG_MODP1024,
				.life_sec = 86400};
	struct ike_sa *b = ike_sa_new(ike_box(), true, R_ADDR, 500, 0xc0a80003u, 500);
	b->st = MM_WAIT_MSG2;
	b->l2l = true;
	b->p1 = (struct ike_p1){.cipher = IKEC_AES_CBC, .key_bits = 256, .hash = IKEH_SHA1};
	run("show crypto isakmp sa");
	assert_string_equal(out.buf,
			    "   Active SA: 2\n"
			    "    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)\n"
			    "Total IKE SA: 2\n"
			    "\n"
			    "1   IKE Peer: 192.168.0.2\n"
			    "    Type    : user            Role    : responder\n"
			    "    Rekey   : no              State   : MM_ACTIVE\n"
			    "2   IKE Peer: 192.168.0.3\n"
			    "    Type    : L2L             Role    : initiator\n"
			    "    Rekey   : no              State   : MM_WAIT_MSG2\n");
	run("show crypto isakmp sa detail");
	assert_non_null(strstr(out.buf,
			       "    Rekey   : no              State   : MM_ACTIVE\n"
			       "    Encrypt : 3des            Hash    : MD5\n"
			       "    Auth    : preshared       Lifetime: 86400\n"
			       "    Lifetime Remaining: 86400\n"
			       "2   IKE Peer: 192.168.0.3\n"));
	assert_non_null(strstr(out.buf, "    Encrypt : aes-256         Hash    : SHA\n"));
	run("clear crypto isakmp sa");
	assert_int_equal(ike_sa_count(ike_box()), 0);
	run("show crypto isakmp sa");
	assert_string_equal(out.buf, "There are no isakmp sas\n");
}

/* ---- show crypto isakmp stats ------------------------------------------- */

static void check_stats(const struct ike_stats *g, const struct ike_stats *w)
{
#define F(x) if (g->x != w->x) fail_msg("stats." #x ": got %llu, want %llu", \
					  (unsigned long long)g->x, (unsigned long long)w->x)
	F(prev_tunnels);
	F(in_octets); F(in_pkts); F(in_drop); F(in_notify);
	F(in_p2); F(in_p2_invalid); F(in_p2_reject); F(in_p2_del);
	F(out_octets); F(out_pkts); F(out_drop); F(out_notify);
	F(out_p2); F(out_p2_invalid); F(out_p2_reject); F(out_p2_del);
	F(init_tunnels); F(init_fails); F(resp_fails); F(syscap_fails);
	F(auth_fails); F(decrypt_fails); F(hash_fails); F(no_sa_fails);
#undef F
}

/* Main mode (6 messages) and quick mode (3): each side counts what it
 * sent and received, the octets of one are the other's. */
static void stats_handshake(void **state)
{
	(void)state;
	l2tp_case();
	assert_true(ci->stats.out_octets > 0 && cr->stats.out_octets > 0);
	struct ike_stats wi = {.in_pkts = 4, .out_pkts = 5, .out_p2 = 1, .init_tunnels = 1,
			       .in_octets = cr->stats.out_octets,
			       .out_octets = cr->stats.in_octets};
	struct ike_stats wr = {.in_pkts = 5, .out_pkts = 4, .in_p2 = 1,
			       .in_octets = ci->stats.out_octets,
			       .out_octets = ci->stats.in_octets};
	check_stats(&ci->stats, &wi);
	check_stats(&cr->stats, &wr);

	/* an IPsec delete, then the IKE SA's: a previous tunnel */
	struct ike_sa *isa = ike_sa_active_to(ci, R_ADDR);
	ike_send_delete_spi(isa, resp_pair()->spi_out);
	pump();
	assert_int_equal(ci->stats.out_p2_del, 1);
	assert_int_equal(cr->stats.in_p2_del, 1);
	ike_send_delete_isakmp(isa);
	pump();
	ev_run_once(0);
	assert_int_equal(ike_sa_active_count(cr), 0);
	wr = (struct ike_stats){.in_pkts = 7, .out_pkts = 4, .in_p2 = 1, .in_p2_del = 1,
				.prev_tunnels = 1, .in_octets = ci->stats.out_octets,
				.out_octets = ci->stats.in_octets};
	check_stats(&cr->stats, &wr);
	assert_int_equal(ci->stats.out_pkts, 7);

	/* quick mode message 3 once more, to cookies the responder forgot */
	struct dgram d = last_to_r[1];
	d.b = malloc(d.n);
	memcpy(d.b, last_to_r[1].b, d.n);
	deliver(d);
	free(d.b);
	assert_int_equal(cr->stats.no_sa_fails, 1);
	assert_int_equal(cr->stats.in_drop, 1);
	assert_int_equal(cr->stats.in_pkts, 8);
}

static void stats_wrong_psk(void **state)
{
	(void)state;
	cfg("tunnel-group DefaultRAGroup ipsec-attributes");
	cfg("pre-shared-key other");
	cfg("exit");
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	pump();
	/* message 5 under the wrong key almost never parses; should it, its
	 * HASH_I is wrong: either way one authentication failure */
	const struct ike_stats *r = &cr->stats;
	assert_int_equal(r->auth_fails, 1);
	assert_int_equal(r->decrypt_fails + r->hash_fails, 1);
	struct ike_stats wr = {.in_pkts = 3, .out_pkts = 2, .resp_fails = 1, .auth_fails = 1,
			       .decrypt_fails = r->decrypt_fails, .hash_fails = r->hash_fails,
			       .in_octets = ci->stats.out_octets,
			       .out_octets = ci->stats.in_octets};
	check_stats(r, &wr);
	/* the initiator still waits for message 6 */
	struct ike_stats wi = {.in_pkts = 2, .out_pkts = 3, .init_tunnels = 1,
			       .in_octets = r->out_octets, .out_octets = r->in_octets};
	check_stats(&ci->stats, &wi);
}

static void stats_no_proposal(void **state)
{
	(void)state;
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	set_policy(IKE_ENC_AES, IKE_HASH_SHA, 5);
	pump();
	struct ike_stats wr = {.in_pkts = 1, .out_pkts = 1, .out_notify = 1, .resp_fails = 1,
			       .in_octets = ci->stats.out_octets,
			       .out_octets = ci->stats.in_octets};
	struct ike_stats wi = {.in_pkts = 1, .out_pkts = 1, .in_notify = 1, .init_tunnels = 1,
			       .init_fails = 1, .in_octets = cr->stats.out_octets,
			       .out_octets = cr->stats.in_octets};
	check_stats(&cr->stats, &wr);
	check_stats(&ci->stats, &wi);
}

static void stats_qm_rejected(void **state)
{
	(void)state;
	cfg("crypto dynamic-map dyn 20 set transform-set TT256");
	assert_int_equal(ike_initiate(ci, I_ADDR, R_ADDR, "inmap", 10, &l2tp_i, &l2tp_r), 0);
	pump();
	struct ike_stats wr = {.in_pkts = 4, .out_pkts = 4, .in_p2 = 1, .in_p2_reject = 1,
			       .out_notify = 1, .in_octets = ci->stats.out_octets,
			       .out_octets = ci->stats.in_octets};
	struct ike_stats wi = {.in_pkts = 4, .out_pkts = 4, .out_p2 = 1, .out_p2_reject = 1,
			       .in_notify = 1, .init_tunnels = 1,
			       .in_octets = cr->stats.out_octets,
			       .out_octets = cr->stats.in_octets};
	check_stats(&cr->stats, &wr);
	check_stats(&ci->stats, &wi);
}

static const char *stats_text(unsigned long active, unsigned long in_pkts, unsigned long prev)
{
	static char buf[1024];
	snprintf(buf, sizeof buf,
		 "Global IKE Statistics\n"
		 "Active Tunnels: %lu\n"
		 "Previous Tunnels: %lu\n"
		 "In Octets: 0\n"
		 "In Packets: %lu\n"
		 "In Drop Packets: 0\n"
		 "In Notifys: 0\n"
		 "In P2 Exchanges: 0\n"
		 "In P2 Exchange Invalids: 0\n"
		 "In P2 Exchange Rejects: 0\n"
		 "In P2 Sa Delete Requests: 0\n"
		 "Out Octets: 0\n"
		 "Out Packets: 0\n"
		 "Out Drop Packets: 0\n"
		 "Out Notifys: 0\n"
		 "Out P2 Exchanges: 0\n"
		 "Out P2 Exchange Invalids: 0\n"
		 "Out P2 Exchange Rejects: 0\n"
		 "Out P2 Sa Delete Requests: 0\n"
		 "Initiator Tunnels: 0\n"
		 "Initiator Fails: 0\n"
		 "Responder Fails: 0\n"
		 "System Capacity Fails: 0\n"
		 "Auth Fails: 0\n"
		 "Decrypt Fails: 0\n"
		 "Hash Valid Fails: 0\n"
		 "No Sa Fails: 0\n",
		 active, prev, in_pkts);
	return buf;
}

static void show_clear_stats(void **state)
{
	(void)state;
	run("clear crypto isakmp sa");
	run("clear crypto isakmp stats");
	run("show crypto isakmp stats");
	assert_string_equal(out.buf, stats_text(0, 0, 0));
	struct ike_sa *a = ike_sa_new(ike_box(), false, R_ADDR, 500, 0xc0a80002u, 500);
	a->st = MM_ACTIVE;
	a->was_up = true;
	ike_box()->stats.in_pkts = 7;
	run("show crypto isakmp stats");
	assert_string_equal(out.buf, stats_text(1, 7, 0));
	/* clear: the counters restart, the tunnel stays */
	run("clear crypto isakmp stats");
	run("show crypto isakmp stats");
	assert_string_equal(out.buf, stats_text(1, 0, 0));
	run("clear crypto isakmp sa");
	run("show crypto isakmp stats");
	assert_string_equal(out.buf, stats_text(0, 0, 1));
	run("clear crypto isakmp stats");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(mm_3des_md5_g2_transport, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(aes128_sha_g2_tunnel, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(aes128_sha_g5_transport, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(aes128_sha_g14_tunnel, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(aes256_sha_g14_tunnel_pfs, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(des_md5_g1_transport, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(wrong_psk, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(no_proposal_chosen, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(qm_no_proposal, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(nat_t, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(natt_no_nat_stays_on_500, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(delete_notify, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(duplicates_retransmit, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(gate_isakmp_enable, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(debug_lines, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(retransmission, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(retransmission_gives_up, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(show_isakmp_sa, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(stats_handshake, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(stats_wrong_psk, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(stats_no_proposal, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(stats_qm_rejected, t_setup, t_teardown),
		cmocka_unit_test_setup_teardown(show_clear_stats, t_setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
