/*
 * dp_harness.h — a box without devices for the packet-path unit tests:
 * every module initialised, a privileged CLI session to configure it the
 * way a user does, Ethernet0/Ethernet1 bound to fake ports whose
 * transmitted frames are collected, frame builders, and a controlled clock.
 * Included by tests/unit/test_dp_*.c (each is its own program).
 */
#ifndef DP_HARNESS_H
#define DP_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/internal.h"
#include "conf/conf.h"
#include "dataplane/dp.h"
#include "dataplane/dp_int.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "dataplane/fw_seq.h"
#include "dataplane/port.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "nat/xlate.h"

/* fw.c belongs to another module; a test binary may be linked before it
 * exists.  Forwarded packets are collected here unless the real one is
 * linked in. */
static struct pkt *h_fwd[64];
static int h_nfwd;
void fw_forward(struct iface *in, struct pkt *p) __attribute__((weak));
void fw_forward(struct iface *in, struct pkt *p)
{
	(void)in;
	if (h_nfwd < 64)
		h_fwd[h_nfwd++] = p;
	else
		pkt_free(p);
}

#define H_TXMAX 256
static struct pkt *h_tx[H_TXMAX];
static struct iface *h_txif[H_TXMAX];
static int h_ntx;

static __attribute__((unused)) void h_tx_hook(struct iface *ifp, struct pkt *p)
{
	if (h_ntx < H_TXMAX) {
		h_txif[h_ntx] = ifp;
		h_tx[h_ntx++] = p;
	} else {
		pkt_free(p);
	}
}

static __attribute__((unused)) void h_tx_clear(void)
{
	for (int i = 0; i < h_ntx; i++)
		pkt_free(h_tx[i]);
	h_ntx = 0;
	for (int i = 0; i < h_nfwd; i++)
		pkt_free(h_fwd[i]);
	h_nfwd = 0;
}

static struct cli *h_cli;
static struct strbuf h_out;

static __attribute__((unused)) void h_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	sb_add(&h_out, buf, len);
}

static const uint8_t h_peer_mac[6] = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x01};
static struct iface *h_e0, *h_e1;
static uint64_t h_clock = 1000000;

/* Run configuration lines (in config mode); fails the test on an error.
 * strtok_r: the logging of each command uses strtok().  The firewall sees
 * the result at once (the packet path re-reads the configuration only when
 * the loop's clock moved, which it does not in a unit test). */
static __attribute__((unused)) void h_conf(const char *lines)
{
	char *copy = strdup(lines), *save = NULL;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		sb_reset(&h_out);
		int rc = cli_exec_line(h_cli, l);
		if (rc != CLI_OK) {
			print_message("config line \"%s\" failed: %.*s", l, (int)h_out.len,
				      h_out.buf ? h_out.buf : "");
			free(copy);
			fail();
		}
	}
	free(copy);
	cli_enter(h_cli, cli_mode_config(), "", 0); /* back to (config) */
	dp_sync();
	fw_sync_now();
}

/* Syslog lines, for tests that hook the log (log_set_sink or the like). */
static char h_logs[65536];
static __attribute__((unused)) void h_log_sink(void *ctx, const char *line)
{
	(void)ctx;
	size_t n = strlen(h_logs);
	snprintf(h_logs + n, sizeof h_logs - n, "%s\n", line);
}

/* Output of an exec command (run from config mode, as shows may be). */
static __attribute__((unused)) char *h_show(const char *line)
{
	sb_reset(&h_out);
	cli_exec_line(h_cli, line);
	sb_add(&h_out, "", 1);
	h_out.len--;
	return h_out.buf;
}

static __attribute__((unused)) void h_advance(uint64_t ms)
{
	h_clock += ms;
	dp_set_test_clock(h_clock);
}

/* The seed's two interfaces: outside 172.16.1.1/24, inside 10.4.4.1/24. */
static __attribute__((unused)) int h_setup(void **state)
{
	(void)state;
	static bool booted;
	if (!booted) {
		modules_init();
		booted = true;
	}
	conf_factory_reset();
	static const struct cli_io io = {.write = h_write};
	if (!h_cli)
		h_cli = cli_session_new(&io);
	cli_set_privilege(h_cli, 15);
	cli_enter(h_cli, cli_mode_config(), "", 0);
	h_e0 = iface_find_hw("Ethernet0");
	h_e1 = iface_find_hw("Ethernet1");
	port_fake(h_e0, h_tx_hook);
	port_fake(h_e1, h_tx_hook);
	dp_set_test_clock(h_clock);
	h_conf("interface Ethernet0\n nameif outside\n security-level 0\n"
	       " ip address 172.16.1.1 255.255.255.0\n no shutdown\n"
	       "interface Ethernet1\n nameif inside\n security-level 100\n"
	       " ip address 10.4.4.1 255.255.255.0\n no shutdown\n");
	/* the tests forge both ends of TCP conns: no ISN randomization unless a
	 * test turns it on (test_dp_seq.c) */
	fw_seq_set_mode(FW_SEQ_NEVER, 0);
	arp_cache_flush();
	frag_flush();
	icmp_error_reset_rate();
	h_tx_clear();
	return 0;
}

static __attribute__((unused)) int h_teardown(void **state)
{
	(void)state;
	h_tx_clear();
	return 0;
}

/* For the firewall's tests: what a test left in the firewall (conns,
 * xlates, its test clock) goes, then h_teardown. */
static __attribute__((unused)) int h_fw_teardown(void **state)
{
	fw_conn_clear(NULL, NULL, NULL);
	uint32_t it = 0;
	for (struct xlate *x; (x = xlate_next(&it));)
		xlate_del(x->self + 1);
	fw_set_clock(NULL);
	return h_teardown(state);
}

/* ---- frames ---- */

static __attribute__((unused)) uint32_t h_ip(const char *s)
{
	unsigned a, b, c, d;
	sscanf(s, "%u.%u.%u.%u", &a, &b, &c, &d);
	return a << 24 | b << 16 | c << 8 | d;
}

/* An Ethernet frame to ifp's MAC from the peer. */
static __attribute__((unused)) struct pkt *h_eth(struct iface *ifp, uint16_t type, const void *l3, size_t len)
{
	struct pkt *p = pkt_alloc();
	memcpy(p->data, ifp->mac, 6);
	memcpy(p->data + 6, h_peer_mac, 6);
	wr16(p->data + 12, type);
	memcpy(p->data + 14, l3, len);
	p->len = (uint32_t)(14 + len);
	return p;
}

/* An IPv4 packet (header checksum right) carrying l4; returns its length
 * written to buf. */
static __attribute__((unused)) size_t h_ipv4(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t proto, uint8_t ttl,
		     uint16_t id, uint16_t frag, const void *l4, size_t l4len)
{
	buf[IPH_VHL] = 0x45;
	buf[IPH_TOS] = 0;
	wr16(buf + IPH_LEN, (uint16_t)(20 + l4len));
	wr16(buf + IPH_ID, id);
	wr16(buf + IPH_FRAG, frag);
	buf[IPH_TTL] = ttl;
	buf[IPH_PROTO] = proto;
	wr16(buf + IPH_CSUM, 0);
	wr32(buf + IPH_SRC, src);
	wr32(buf + IPH_DST, dst);
	uint16_t c = cksum(buf, 20);
	memcpy(buf + IPH_CSUM, &c, 2);
	memcpy(buf + 20, l4, l4len);
	return 20 + l4len;
}

/* ICMP echo request with n bytes of data. */
static __attribute__((unused)) size_t h_echo(uint8_t *buf, uint16_t id, uint16_t seq, size_t n)
{
	buf[0] = ICMP_ECHO;
	buf[1] = 0;
	wr16(buf + 2, 0);
	wr16(buf + 4, id);
	wr16(buf + 6, seq);
	for (size_t i = 0; i < n; i++)
		buf[8 + i] = (uint8_t)i;
	uint16_t c = cksum(buf, 8 + n);
	memcpy(buf + 2, &c, 2);
	return 8 + n;
}

/* Feed an IPv4 packet as a frame on ifp. */
static __attribute__((unused)) void h_feed_ip(struct iface *ifp, const uint8_t *ip, size_t len)
{
	eth_input(ifp, h_eth(ifp, ETHERTYPE_IP, ip, len));
}

/* The IPv4 header of transmitted frame i (skipping Ethernet/802.1Q). */
static __attribute__((unused)) const uint8_t *h_tx_l3(int i, uint16_t *type)
{
	const uint8_t *f = h_tx[i]->data;
	unsigned off = 14;
	uint16_t t = rd16(f + 12);
	if (t == ETHERTYPE_VLAN) {
		t = rd16(f + 16);
		off = 18;
	}
	if (type)
		*type = t;
	return f + off;
}

/* The one IPv4 packet sent, on `on`, with its header, TCP/UDP and ICMP
 * checksums checked; NULL when nothing or more than one was sent. */
static __attribute__((unused)) const uint8_t *h_sent_one(struct iface *on)
{
	if (h_ntx != 1)
		return NULL;
	assert_ptr_equal(h_txif[0], on);
	const uint8_t *ip = h_tx_l3(0, NULL);
	assert_int_equal(cksum(ip, 20), 0);
	unsigned len = rd16(ip + IPH_LEN);
	if (ip[IPH_PROTO] == 6 || ip[IPH_PROTO] == 17)
		assert_int_equal(cksum_l4(ip + IPH_SRC, ip + IPH_DST, ip[IPH_PROTO], ip + 20, len - 20), 0);
	if (ip[IPH_PROTO] == 1)
		assert_int_equal(cksum(ip + 20, len - 20), 0);
	return ip;
}

#endif
