/* test_dp_conn.c — the pieces under the firewall: TCP state and window
 * tracking (handshake, data, out-of-window segments, resets, FIN
 * teardown, window scaling), PAT port allocation (ranges, never a port in
 * use, exhaustion, release), the timer wheel, and the conn table at scale
 * with its memory per conn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/conn.h"
#include "dataplane/dp.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "dataplane/wheel.h"
#include "nat/xlate.h"

static uint32_t now_s = 100;

/* ---- TCP ---- */

static struct fw_pkt seg(uint32_t seq, uint32_t ack, uint8_t flags, uint32_t len, uint16_t win)
{
	struct fw_pkt p = {0};
	p.proto = 6;
	p.seq = seq;
	p.ack = ack;
	p.tcp_flags = flags;
	p.payload = len;
	p.win = win;
	p.wscale = -1;
	return p;
}

/* A conn through the handshake: initiator ISN 1000, responder ISN 5000. */
static void handshake(struct conn *c)
{
	memset(c, 0, sizeof *c);
	c->k[0].proto = c->k[1].proto = 6;
	c->flags = CF_OUTBOUND;
	struct fw_pkt p = seg(1000, 0, TH_SYN, 0, 65535);
	tcp_start(c, &p);
	assert_int_equal(c->state, TS_SYN_SENT);
}

static int track(struct conn *c, int side, struct fw_pkt p, const char **close)
{
	return tcp_track(c, side, &p, close);
}

static void tcp_handshake_data_fin(void **state)
{
	(void)state;
	struct conn c;
	const char *close;
	handshake(&c);
	/* data before the SYN-ACK: the handshake is broken */
	assert_int_equal(track(&c, 0, seg(1001, 0, TH_ACK, 0, 65535), &close), DROP_TCP_3WHS_FAILED);
	/* a SYN with another sequence number */
	assert_int_equal(track(&c, 0, seg(7, 0, TH_SYN, 0, 65535), &close), DROP_TCP_SEQ_SYN_DIFF);
	/* the same SYN again is a retransmission */
	assert_int_equal(track(&c, 0, seg(1000, 0, TH_SYN, 0, 65535), &close), 0);
	/* SYN-ACK acknowledging something else */
	assert_int_equal(track(&c, 1, seg(5000, 999999, TH_SYN | TH_ACK, 0, 65535), &close),
			 DROP_TCP_SYNACK_OOO);
	assert_int_equal(track(&c, 1, seg(5000, 1001, TH_SYN | TH_ACK, 0, 65535), &close), 0);
	assert_int_equal(c.state, TS_SYN_RCVD);
	assert_int_equal(track(&c, 0, seg(1001, 5001, TH_ACK, 0, 65535), &close), 0);
	assert_int_equal(c.state, TS_ESTABLISHED);
	assert_null(close);
	/* data both ways, in window */
	assert_int_equal(track(&c, 0, seg(1001, 5001, TH_ACK | TH_PSH, 1000, 65535), &close), 0);
	assert_int_equal(track(&c, 1, seg(5001, 2001, TH_ACK, 30000, 65535), &close), 0);
	/* far beyond the receiver's window */
	assert_int_equal(track(&c, 1, seg(5001 + 200000, 2001, TH_ACK, 10, 65535), &close),
			 DROP_TCP_SEQ_PAST_WIN);
	/* acknowledging data never sent */
	assert_int_equal(track(&c, 0, seg(2001, 5001 + 900000, TH_ACK, 0, 65535), &close),
			 DROP_TCP_INVALID_ACK);
	/* a retransmission of old data is fine */
	assert_int_equal(track(&c, 0, seg(1001, 35001, TH_ACK, 1000, 65535), &close), 0);
	/* a reset out of the window is dropped; in sequence it ends the conn */
	assert_int_equal(track(&c, 1, seg(5001 + 300000, 0, TH_RST, 0, 0), &close),
			 DROP_TCP_RSTFIN_OOO);
	/* FINs: responder first (outside: F), acknowledged (r), then the
	 * initiator's (f) and its ACK (R): torn down */
	assert_int_equal(track(&c, 1, seg(35001, 2001, TH_FIN | TH_ACK, 0, 65535), &close), 0);
	assert_true(c.flags & CF_FIN1);
	char fl[16];
	/* (the I/O data letters are the packet path's, not the tracker's) */
	assert_string_equal(fw_conn_flags(&c, fl), "UF");
	assert_int_equal(track(&c, 0, seg(2001, 35002, TH_ACK, 0, 65535), &close), 0);
	assert_string_equal(fw_conn_flags(&c, fl), "UFr");
	/* data after its own FIN */
	assert_int_equal(track(&c, 1, seg(35002, 2001, TH_ACK, 10, 65535), &close),
			 DROP_TCP_DATA_PAST_FIN);
	assert_int_equal(track(&c, 0, seg(2001, 35002, TH_FIN | TH_ACK, 0, 65535), &close), 0);
	assert_null(close);
	assert_int_equal(track(&c, 1, seg(35002, 2002, TH_ACK, 0, 65535), &close), 0);
	assert_non_null(close);
	assert_string_equal(close, "TCP FINs");
}

static void tcp_resets_and_flags(void **state)
{
	(void)state;
	struct conn c;
	const char *close;
	handshake(&c);
	/* nonsense flags */
	assert_int_equal(track(&c, 0, seg(1000, 0, TH_SYN | TH_FIN, 0, 100), &close),
			 DROP_BAD_TCP_FLAGS);
	assert_int_equal(track(&c, 0, seg(1000, 0, 0, 0, 100), &close), DROP_BAD_TCP_FLAGS);
	/* refused: RST+ACK from the responder ends it, from the outside */
	assert_int_equal(track(&c, 1, seg(0, 1001, TH_RST | TH_ACK, 0, 0), &close), 0);
	assert_string_equal(close, "TCP Reset-O");
	/* an inside reset on an established conn */
	handshake(&c);
	track(&c, 1, seg(5000, 1001, TH_SYN | TH_ACK, 0, 65535), &close);
	track(&c, 0, seg(1001, 5001, TH_ACK, 0, 65535), &close);
	/* a reset must hit the sequence: one byte off is tolerated, more is not */
	assert_int_equal(track(&c, 0, seg(1500, 5001, TH_RST, 0, 0), &close), DROP_TCP_RSTFIN_OOO);
	assert_int_equal(track(&c, 0, seg(1001, 5001, TH_RST, 0, 0), &close), 0);
	assert_string_equal(close, "TCP Reset-I");
	/* a new SYN on an established conn */
	handshake(&c);
	track(&c, 1, seg(5000, 1001, TH_SYN | TH_ACK, 0, 65535), &close);
	track(&c, 0, seg(1001, 5001, TH_ACK, 0, 65535), &close);
	assert_int_equal(track(&c, 0, seg(77, 0, TH_SYN, 0, 65535), &close), DROP_TCP_RST_SYN_IN_WIN);
	assert_int_equal(track(&c, 0, seg(1001, 5001, TH_SYN | TH_ACK, 0, 65535), &close),
			 DROP_TCP_SYNACK_OOO);
}

/* With window scaling a receiver may open far more than 64 KB. */
static void tcp_window_scaling(void **state)
{
	(void)state;
	struct conn c;
	const char *close;
	memset(&c, 0, sizeof c);
	c.k[0].proto = 6;
	struct fw_pkt p = seg(1000, 0, TH_SYN, 0, 64240);
	p.wscale = 7;
	tcp_start(&c, &p);
	p = seg(5000, 1001, TH_SYN | TH_ACK, 0, 65160);
	p.wscale = 7;
	assert_int_equal(tcp_track(&c, 1, &p, &close), 0);
	assert_true(c.flags & CF_WSCALE);
	/* window 4000 << 7 = 512000 bytes */
	assert_int_equal(track(&c, 0, seg(1001, 5001, TH_ACK, 0, 4000), &close), 0);
	assert_int_equal(track(&c, 1, seg(5001, 1001, TH_ACK, 1400, 4000), &close), 0);
	assert_int_equal(track(&c, 1, seg(5001 + 400000, 1001, TH_ACK, 1400, 4000), &close), 0);
	assert_int_equal(track(&c, 1, seg(5001 + 900000, 1001, TH_ACK, 1400, 4000), &close),
			 DROP_TCP_SEQ_PAST_WIN);
}

/* ---- PAT ---- */

static void pat_ranges_and_exhaustion(void **state)
{
	(void)state;
	uint32_t ip = 0xac100164;
	uint16_t p;
	assert_true(pat_alloc(ip, 6, 40000, &p));
	assert_int_equal(p, 1024);
	assert_true(pat_alloc(ip, 6, 700, &p));
	assert_true(p >= 512 && p <= 1023);
	assert_true(pat_alloc(ip, 6, 53, &p));
	assert_true(p >= 1 && p <= 511);
	/* UDP has its own ports */
	assert_true(pat_alloc(ip, 17, 40000, &p));
	assert_int_equal(p, 1024);
	/* fill the high range: every port handed out once */
	static uint8_t seen[65536];
	memset(seen, 0, sizeof seen);
	seen[1024] = 1;
	int n = 1;
	while (pat_alloc(ip, 6, 5000, &p)) {
		assert_true(p >= 1024);
		assert_false(seen[p]);
		seen[p] = 1;
		n++;
	}
	assert_int_equal(n, 65535 - 1024 + 1);
	assert_int_equal(pat_peek(ip, 6, 5000), 0);
	/* a released port is the one free port */
	pat_release(ip, 6, 33333);
	assert_false(pat_used(ip, 6, 33333));
	assert_int_equal(pat_peek(ip, 6, 5000), 33333);
	assert_true(pat_alloc(ip, 6, 5000, &p));
	assert_int_equal(p, 33333);
	/* the cursor turns: a freed port is not reused while others are free */
	for (uint32_t q = 1024; q <= 65535; q++)
		pat_release(ip, 6, (uint16_t)q);
	assert_true(pat_alloc(ip, 6, 5000, &p));
	uint16_t first = p;
	pat_release(ip, 6, first);
	assert_true(pat_alloc(ip, 6, 5000, &p));
	assert_int_not_equal(p, first);
	pat_reset();
}

/* ---- wheel ---- */

static uint32_t fired[64];
static int nfired;

static void on_fire(void *ctx, uint32_t id)
{
	(void)ctx;
	fired[nfired++] = id;
}

static void wheel_basics(void **state)
{
	(void)state;
	struct wheel w;
	wheel_init(&w, 1000);
	wheel_add(&w, 1, 1005);
	wheel_add(&w, 2, 1002);
	wheel_add(&w, 3, 1000 + 5000); /* beyond one turn: seen after a turn */
	wheel_add(&w, 4, 1003);
	wheel_del(&w, 4);
	nfired = 0;
	wheel_advance(&w, 1002, on_fire, NULL);
	assert_int_equal(nfired, 1);
	assert_int_equal(fired[0], 2);
	wheel_advance(&w, 1010, on_fire, NULL);
	assert_int_equal(nfired, 2);
	assert_int_equal(fired[1], 1);
	assert_false(wheel_has(&w, 4));
	assert_true(wheel_has(&w, 3));
	wheel_advance(&w, 1000 + WHEEL_SLOTS, on_fire, NULL);
	assert_int_equal(nfired, 3);
	assert_int_equal(fired[2], 3);
	wheel_free(&w);
}

/* ---- the conn table at scale ---- */

static void conn_table_scale(void **state)
{
	(void)state;
	fw_set_clock(&now_s);
	enum { N = 200000 };
	for (uint32_t i = 0; i < N; i++) {
		struct ckey k0 = {0x0a000000 | i, 0x08080808, (uint16_t)(1024 + i % 60000), 80, 6, 0, 1};
		struct ckey k1 = {0x08080808, 0xac100101, 80, (uint16_t)(i % 65000 + 1), 6, 0, 0};
		k1.dport = (uint16_t)(i & 0xffff);
		k1.src = 0x08080808 + (i >> 16);
		struct conn *c = conn_insert(&k0, &k1);
		assert_non_null(c);
	}
	assert_int_equal(conn_count(), N);
	/* both directions find the conn */
	for (uint32_t i = 0; i < N; i += 997) {
		struct ckey k0 = {0x0a000000 | i, 0x08080808, (uint16_t)(1024 + i % 60000), 80, 6, 0, 1};
		int side;
		struct conn *c = conn_lookup(&k0, &side);
		assert_non_null(c);
		assert_int_equal(side, 0);
		c = conn_lookup(&c->k[1], &side);
		assert_non_null(c);
		assert_int_equal(side, 1);
	}
	/* an existing key cannot be inserted again */
	struct ckey k0 = {0x0a000000, 0x08080808, 1024, 80, 6, 0, 1}, k1 = {1, 2, 3, 4, 6, 0, 0};
	assert_null(conn_insert(&k0, &k1));
	size_t per = conn_mem() / conn_count();
	print_message("conn table: %zu conns, %zu bytes each (struct %zu)\n", conn_count(), per,
		      sizeof(struct conn));
	assert_true(per <= 192);
	uint32_t it = 0;
	for (struct conn *c; (c = conn_next(&it));)
		conn_remove(c);
	assert_int_equal(conn_count(), 0);
	fw_set_clock(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_handshake_data_fin),
		cmocka_unit_test(tcp_resets_and_flags),
		cmocka_unit_test(tcp_window_scaling),
		cmocka_unit_test(pat_ranges_and_exhaustion),
		cmocka_unit_test(wheel_basics),
		cmocka_unit_test(conn_table_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
