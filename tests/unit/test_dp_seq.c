/* test_dp_seq.c — TCP initial sequence number randomization on a box with
 * fake ports: the inside host's sequence numbers shifted by the conn's
 * offset on the way out (PAT) and its acknowledgements and SACK blocks
 * shifted back on the way in (aligned and unaligned SACK options, the
 * checksums still right), the tracker judging the outside's
 * acknowledgements in the shifted space, the inside server's numbers of an
 * inbound conn through a static, norandomseq on the nat and on the static,
 * the policy's word, random offsets differing per conn, and ICMP errors
 * quoting a randomized segment translated back. */
#include "dp_harness.h"

#include "dataplane/conn.h"
#include "dataplane/fw.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "dataplane/fw_seq.h"
#include "nat/xlate.h"

static uint32_t now_s = 5000;

#define IN_HOST "10.4.4.5"
#define SERVER "8.8.8.8"
#define PAT_IP "172.16.1.100"
#define OFF 0x40000010u
#define ISN 0xf0000000u /* + OFF wraps */

static int setup(void **state)
{
	h_setup(state);
	fw_set_clock(&now_s);
	h_conf("arp outside 172.16.1.2 0000.5e00.5301\n"
	     "arp inside 10.4.4.5 0000.5e00.5302\n"
	     "arp inside 10.4.4.10 0000.5e00.5303\n"
	     "route outside 0.0.0.0 0.0.0.0 172.16.1.2 1\n"
	     "global (outside) 1 172.16.1.100\n"
	     "nat (inside) 1 0.0.0.0 0.0.0.0");
	fw_seq_set_mode(FW_SEQ_FIXED, OFF);
	return 0;
}

static int teardown(void **state)
{
	fw_seq_set_mode(FW_SEQ_NEVER, 0);
	return h_fw_teardown(state);
}

/* A TCP segment with opts (olen bytes, a multiple of 4) and no payload. */
static size_t tcpo(uint8_t *buf, const char *src, uint16_t sport, const char *dst, uint16_t dport,
		   uint32_t seq, uint32_t ack, uint8_t flags, const uint8_t *opts, size_t olen)
{
	uint8_t seg[128] = {0};
	wr16(seg, sport);
	wr16(seg + 2, dport);
	wr32(seg + 4, seq);
	wr32(seg + 8, ack);
	seg[12] = (uint8_t)((5 + olen / 4) << 4);
	seg[13] = flags;
	wr16(seg + 14, 65535);
	if (olen)
		memcpy(seg + 20, opts, olen);
	uint8_t sn[4], dn[4];
	wr32(sn, h_ip(src));
	wr32(dn, h_ip(dst));
	uint16_t c = cksum_l4(sn, dn, 6, seg, 20 + olen);
	memcpy(seg + 16, &c, 2);
	return h_ipv4(buf, h_ip(src), h_ip(dst), 6, 64, 1, 0, seg, 20 + olen);
}

static size_t tcp(uint8_t *buf, const char *src, uint16_t sport, const char *dst, uint16_t dport,
		  uint32_t seq, uint32_t ack, uint8_t flags)
{
	return tcpo(buf, src, sport, dst, dport, seq, ack, flags, NULL, 0);
}

/* Feed, and return the one frame sent on `on` with its checksums checked
 * (NULL when nothing or more than one was sent). */
static const uint8_t *pass(struct iface *in, const uint8_t *ip, size_t n, struct iface *on)
{
	h_tx_clear();
	h_feed_ip(in, ip, n);
	return h_sent_one(on);
}

static uint32_t seq_of(const uint8_t *ip)
{
	return rd32(ip + 20 + 4);
}

static uint32_t ack_of(const uint8_t *ip)
{
	return rd32(ip + 20 + 8);
}

/* Handshake of an outbound conn from IN_HOST:sport through PAT; returns
 * the mapped port and the inside ISN's shift the server saw. */
static uint32_t outbound(uint16_t sport, uint32_t isn, uint16_t *mport)
{
	uint8_t b[256];
	size_t n = tcp(b, IN_HOST, sport, SERVER, 80, isn, 0, TH_SYN);
	const uint8_t *o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	*mport = rd16(o + 20);
	uint32_t shift = seq_of(o) - isn;
	n = tcp(b, SERVER, 80, PAT_IP, *mport, 5000, isn + shift + 1, TH_SYN | TH_ACK);
	o = pass(h_e0, b, n, h_e1);
	assert_non_null(o);
	assert_int_equal(seq_of(o), 5000);
	assert_int_equal(ack_of(o), isn + 1);
	n = tcp(b, IN_HOST, sport, SERVER, 80, isn + 1, 5001, TH_ACK);
	o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), isn + 1 + shift);
	assert_int_equal(ack_of(o), 5001);
	return shift;
}

/* ---- tests ---- */

static void pat_shift_both_ways(void **state)
{
	(void)state;
	uint8_t b[256];
	/* the SYN and its retransmission: the same shift */
	size_t n = tcp(b, IN_HOST, 40000, SERVER, 80, ISN, 0, TH_SYN);
	const uint8_t *o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), ISN + OFF);
	uint16_t mp = rd16(o + 20);
	o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), ISN + OFF);
	/* a SYN-ACK acknowledging the unshifted ISN acknowledges nothing sent */
	n = tcp(b, SERVER, 80, PAT_IP, mp, 5000, ISN + 1, TH_SYN | TH_ACK);
	assert_null(pass(h_e0, b, n, h_e1));
	n = tcp(b, SERVER, 80, PAT_IP, mp, 5000, ISN + OFF + 1, TH_SYN | TH_ACK);
	o = pass(h_e0, b, n, h_e1);
	assert_non_null(o);
	assert_int_equal(seq_of(o), 5000); /* the server's numbers are its own */
	assert_int_equal(ack_of(o), ISN + 1);
	n = tcp(b, IN_HOST, 40000, SERVER, 80, ISN + 1, 5001, TH_ACK);
	o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), ISN + OFF + 1);
	assert_int_equal(ack_of(o), 5001);
	/* established: the same for acknowledgements that do not fit */
	uint64_t bad = asp_drop_count(DROP_TCP_INVALID_ACK);
	n = tcp(b, SERVER, 80, PAT_IP, mp, 5001, ISN + 1, TH_ACK);
	assert_null(pass(h_e0, b, n, h_e1));
	assert_int_equal(asp_drop_count(DROP_TCP_INVALID_ACK), bad + 1);
	n = tcp(b, SERVER, 80, PAT_IP, mp, 5001, ISN + OFF + 1, TH_ACK);
	o = pass(h_e0, b, n, h_e1);
	assert_non_null(o);
	assert_int_equal(ack_of(o), ISN + 1);
	/* a reset from inside in sequence ends the conn */
	n = tcp(b, IN_HOST, 40000, SERVER, 80, ISN + 1, 0, TH_RST);
	o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), ISN + 1 + OFF);
	assert_int_equal(conn_count(), 0);
}

static void sack_blocks(void **state)
{
	(void)state;
	uint16_t mp;
	outbound(40001, ISN, &mp);
	uint8_t b[256];
	/* NOP NOP SACK(2 blocks): the edges 4-byte aligned */
	uint8_t al[20] = {1, 1, 5, 18};
	wr32(al + 4, ISN + OFF + 101);
	wr32(al + 8, ISN + OFF + 201);
	wr32(al + 12, ISN + OFF + 301);
	wr32(al + 16, ISN + OFF + 401);
	size_t n = tcpo(b, SERVER, 80, PAT_IP, mp, 5001, ISN + OFF + 1, TH_ACK, al, sizeof al);
	const uint8_t *o = pass(h_e0, b, n, h_e1);
	assert_non_null(o);
	assert_int_equal(ack_of(o), ISN + 1);
	const uint8_t *opt = o + 40;
	assert_int_equal(rd32(opt + 4), ISN + 101);
	assert_int_equal(rd32(opt + 8), ISN + 201);
	assert_int_equal(rd32(opt + 12), ISN + 301);
	assert_int_equal(rd32(opt + 16), ISN + 401);
	/* NOP SACK(1 block) NOP NOP NOP: the edges at odd offsets */
	uint8_t odd[16] = {1, 5, 10};
	wr32(odd + 3, ISN + OFF + 501);
	wr32(odd + 7, ISN + OFF + 601);
	odd[11] = odd[12] = odd[13] = 1;
	n = tcpo(b, SERVER, 80, PAT_IP, mp, 5001, ISN + OFF + 1, TH_ACK, odd, 16);
	o = pass(h_e0, b, n, h_e1); /* checks the TCP checksum */
	assert_non_null(o);
	assert_int_equal(rd32(o + 40 + 3), ISN + 501);
	assert_int_equal(rd32(o + 40 + 7), ISN + 601);
	/* SACK blocks from the inside host are in the server's space: kept */
	uint8_t ins[12] = {1, 1, 5, 10};
	wr32(ins + 4, 6001);
	wr32(ins + 8, 7001);
	n = tcpo(b, IN_HOST, 40001, SERVER, 80, ISN + 1, 5001, TH_ACK, ins, sizeof ins);
	o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), ISN + 1 + OFF);
	assert_int_equal(rd32(o + 40 + 4), 6001);
	assert_int_equal(rd32(o + 40 + 8), 7001);
}

static void icmp_error_quotes_translated_back(void **state)
{
	(void)state;
	uint16_t mp;
	outbound(40002, ISN, &mp);
	uint8_t b[256];
	size_t n = tcp(b, IN_HOST, 40002, SERVER, 80, ISN + 1, 5001, TH_ACK);
	const uint8_t *o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), ISN + 1 + OFF);
	/* the router says the server is unreachable, quoting all 40 bytes */
	uint8_t m[128] = {3, 1};
	memcpy(m + 8, o, 40);
	uint16_t c = cksum(m, 48);
	memcpy(m + 2, &c, 2);
	n = h_ipv4(b, h_ip("172.16.1.2"), h_ip(PAT_IP), 1, 64, 9, 0, m, 48);
	o = pass(h_e0, b, n, h_e1);
	assert_non_null(o);
	const uint8_t *in = o + 28;
	assert_int_equal(ip_src(in), h_ip(IN_HOST));
	assert_int_equal(rd32(in + 20 + 4), ISN + 1);
	assert_int_equal(rd32(in + 20 + 8), 5001);
	assert_int_equal(cksum_l4(in + IPH_SRC, in + IPH_DST, 6, in + 20, 20), 0);
	/* only the first 8 bytes quoted (RFC 792): the sequence number still */
	n = tcp(b, IN_HOST, 40002, SERVER, 80, ISN + 1, 5001, TH_ACK);
	o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	uint8_t m2[64] = {3, 1};
	memcpy(m2 + 8, o, 28);
	c = cksum(m2, 36);
	memcpy(m2 + 2, &c, 2);
	n = h_ipv4(b, h_ip("172.16.1.2"), h_ip(PAT_IP), 1, 64, 10, 0, m2, 36);
	o = pass(h_e0, b, n, h_e1);
	assert_non_null(o);
	assert_int_equal(rd32(o + 28 + 20 + 4), ISN + 1);
}

static void inbound_static_randomizes_the_server(void **state)
{
	(void)state;
	h_conf("static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255\n"
	     "access-list OUT extended permit tcp any host 172.16.1.10 eq www\n"
	     "access-group OUT in interface outside");
	uint8_t b[256];
	size_t n = tcp(b, "1.2.3.4", 6000, "172.16.1.10", 80, 7, 0, TH_SYN);
	const uint8_t *o = pass(h_e0, b, n, h_e1);
	assert_non_null(o);
	assert_int_equal(seq_of(o), 7); /* the outside client's ISN is its own */
	n = tcp(b, "10.4.4.10", 80, "1.2.3.4", 6000, 900, 8, TH_SYN | TH_ACK);
	o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), 900 + OFF);
	assert_int_equal(ack_of(o), 8);
	n = tcp(b, "1.2.3.4", 6000, "172.16.1.10", 80, 8, 901 + OFF, TH_ACK);
	o = pass(h_e0, b, n, h_e1);
	assert_non_null(o);
	assert_int_equal(ack_of(o), 901);

	/* norandomseq on the static: untouched */
	h_conf("clear configure static\n"
	     "static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255 norandomseq");
	n = tcp(b, "1.2.3.4", 6001, "172.16.1.10", 80, 7, 0, TH_SYN);
	assert_non_null(pass(h_e0, b, n, h_e1));
	n = tcp(b, "10.4.4.10", 80, "1.2.3.4", 6001, 900, 8, TH_SYN | TH_ACK);
	o = pass(h_e1, b, n, h_e0);
	assert_non_null(o);
	assert_int_equal(seq_of(o), 900);
}

static void norandomseq_nat_and_policy(void **state)
{
	(void)state;
	h_conf("no nat (inside) 1 0.0.0.0 0.0.0.0\n"
	     "nat (inside) 1 0.0.0.0 0.0.0.0 norandomseq");
	uint16_t mp;
	assert_int_equal(outbound(40010, ISN, &mp), 0);
	/* the policy's word alone turns it off */
	struct fw_verdict v;
	memset(&v, 0, sizeof v);
	assert_true(fw_seq_wanted(&v, true));
	assert_false(fw_seq_wanted(&v, false));
}

static void random_offsets(void **state)
{
	(void)state;
	fw_seq_set_mode(FW_SEQ_RANDOM, 0);
	uint16_t mp;
	uint32_t a = outbound(40020, 1000, &mp);
	uint32_t b = outbound(40021, 1000, &mp);
	uint32_t c = outbound(40022, 1000, &mp);
	assert_int_not_equal(a, 0);
	assert_int_not_equal(b, 0);
	assert_int_not_equal(c, 0);
	assert_false(a == b && b == c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pat_shift_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(sack_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(icmp_error_quotes_translated_back, setup, teardown),
		cmocka_unit_test_setup_teardown(inbound_static_randomizes_the_server, setup, teardown),
		cmocka_unit_test_setup_teardown(norandomseq_nat_and_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(random_offsets, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
