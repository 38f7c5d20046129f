/* test_dp_mpf.c — "set connection" of MPF classes in the packet path, on a
 * box with fake ports: conn-max and per-client-max (UDP and TCP), the
 * embryonic limits, per-class embryonic and TCP idle timeouts with
 * "reset", the interface policy before the global one, the counters of
 * show service-policy, and configuration changes under live conns. */
#include "dp_harness.h"

#include "dataplane/conn.h"
#include "dataplane/fw.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "dataplane/fw_seq.h"
#include "lib/log.h"
#include "nat/xlate.h"

static uint32_t now_s = 7000;
#define HOST_A "10.4.4.5"
#define HOST_B "10.4.4.10"
#define SERVER "8.8.8.8"
#define MAPPED "172.16.1.100"

static int setup(void **state)
{
	h_setup(state);
	fw_set_clock(&now_s);
	fw_seq_set_mode(FW_SEQ_NEVER, 0); /* the tests forge both ends */
	h_conf("arp outside 172.16.1.2 0000.5e00.5301\n"
	     "arp inside 10.4.4.5 0000.5e00.5302\n"
	     "arp inside 10.4.4.10 0000.5e00.5303\n"
	     "route outside 0.0.0.0 0.0.0.0 172.16.1.2 1\n"
	     "global (outside) 1 172.16.1.100\n"
	     "nat (inside) 1 0.0.0.0 0.0.0.0\n"
	     "logging enable\n"
	     "logging console debugging\n");
	h_logs[0] = 0;
	log_sink_add(LOG_SINK_CONSOLE, h_log_sink, NULL);
	return 0;
}

static int teardown(void **state)
{
	log_sink_remove(h_log_sink, NULL);
	fw_seq_set_mode(FW_SEQ_RANDOM, 0);
	return h_fw_teardown(state);
}

/* ---- packets ---- */

static size_t tcp_data(uint8_t *buf, const char *src, uint16_t sport, const char *dst,
		       uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags, size_t payload)
{
	uint8_t seg[20 + 512] = {0};
	wr16(seg, sport);
	wr16(seg + 2, dport);
	wr32(seg + 4, seq);
	wr32(seg + 8, ack);
	seg[12] = 5 << 4;
	seg[13] = flags;
	wr16(seg + 14, 65535);
	uint32_t s = h_ip(src), d = h_ip(dst);
	uint8_t sn[4], dn[4];
	wr32(sn, s);
	wr32(dn, d);
	uint16_t c = cksum_l4(sn, dn, 6, seg, 20 + payload);
	memcpy(seg + 16, &c, 2);
	return h_ipv4(buf, s, d, 6, 64, 1, 0, seg, 20 + payload);
}

static size_t tcp(uint8_t *buf, const char *src, uint16_t sport, const char *dst, uint16_t dport,
		  uint32_t seq, uint32_t ack, uint8_t flags)
{
	return tcp_data(buf, src, sport, dst, dport, seq, ack, flags, 0);
}

static size_t udp(uint8_t *buf, const char *src, uint16_t sport, const char *dst, uint16_t dport)
{
	uint8_t seg[12] = {0};
	wr16(seg, sport);
	wr16(seg + 2, dport);
	wr16(seg + 4, sizeof seg);
	uint32_t s = h_ip(src), d = h_ip(dst);
	uint8_t sn[4], dn[4];
	wr32(sn, s);
	wr32(dn, d);
	uint16_t c = cksum_l4(sn, dn, 17, seg, sizeof seg);
	memcpy(seg + 6, &c, 2);
	return h_ipv4(buf, s, d, 17, 64, 1, 0, seg, sizeof seg);
}

/* Feed ip on ifp; the number of frames the box sent. */
static int feed(struct iface *ifp, const uint8_t *ip, size_t n)
{
	h_tx_clear();
	h_feed_ip(ifp, ip, n);
	return h_ntx;
}

static int send_udp(const char *src, uint16_t sport, uint16_t dport)
{
	uint8_t b[128];
	return feed(h_e1, b, udp(b, src, sport, SERVER, dport));
}

static int send_syn(const char *src, uint16_t sport, uint16_t dport)
{
	uint8_t b[128];
	return feed(h_e1, b, tcp(b, src, sport, SERVER, dport, 1000, 0, TH_SYN));
}

/* SYN-ACK from the server to the mapped port of the last frame sent, then
 * the client's ACK: the conn is up. */
static void complete(const char *src, uint16_t sport, uint16_t dport, uint16_t mport)
{
	uint8_t b[128];
	assert_int_equal(feed(h_e0, b, tcp(b, SERVER, dport, MAPPED, mport, 5000, 1001,
					   TH_SYN | TH_ACK)), 1);
	assert_int_equal(feed(h_e1, b, tcp(b, src, sport, SERVER, dport, 1001, 5001, TH_ACK)), 1);
}

static uint16_t sent_sport(void)
{
	const uint8_t *ip = h_tx_l3(0, NULL);
	return rd16(ip + 20);
}

static bool logged(const char *text)
{
	if (strstr(h_logs, text))
		return true;
	print_message("not logged: %s\nlogs:\n%s", text, h_logs);
	return false;
}

static void expect_show(const char *cmd, const char *want)
{
	char *out = h_show(cmd);
	if (strcmp(out, want))
		fail_msg("%s:\n--- got\n%s--- want\n%s", cmd, out, want);
}

static const char *const POLICY_C = "class-map c\n"
				    " match any\n"
				    "policy-map p\n"
				    " class c\n";

/* ---- tests ---- */

static void conn_max_udp(void **state)
{
	(void)state;
	h_conf(POLICY_C);
	h_conf("policy-map p\n class c\n  set connection conn-max 2\n"
	     "service-policy p interface inside\n");
	uint64_t drops = asp_drop_count(DROP_CONN_LIMIT);
	assert_int_equal(send_udp(HOST_A, 1001, 5000), 1);
	assert_int_equal(send_udp(HOST_B, 1002, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1003, 5000), 0);
	assert_int_equal(asp_drop_count(DROP_CONN_LIMIT), drops + 1);
	assert_int_equal(conn_count(), 2);
	assert_true(logged("%PIX-3-201011: Connection limit exceeded 2/2 for outbound packet from "
			   "10.4.4.5/1003 to 8.8.8.8/5000 on interface inside"));
	/* packets of the conns that exist still pass */
	assert_int_equal(send_udp(HOST_A, 1001, 5000), 1);
	expect_show("show service-policy interface inside",
		    "Interface inside:\n"
		    "  Service-policy: p\n"
		    "    Class-map: c\n"
		    "      Set connection policy: conn-max 2\n"
		    "        current embryonic conns 0, current conns 2, drop 1\n");
	/* the conns go: room for new ones */
	fw_conn_clear(NULL, NULL, "");
	assert_int_equal(send_udp(HOST_A, 1004, 5000), 1);
	expect_show("show service-policy interface inside",
		    "Interface inside:\n"
		    "  Service-policy: p\n"
		    "    Class-map: c\n"
		    "      Set connection policy: conn-max 2\n"
		    "        current embryonic conns 0, current conns 1, drop 1\n");
	/* traffic entering outside is not under the inside policy */
	h_conf("no service-policy p interface inside\nservice-policy p interface outside\n");
	assert_int_equal(send_udp(HOST_A, 1005, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1006, 5000), 1);
	assert_int_equal(conn_count(), 3);
}

static void per_client_max(void **state)
{
	(void)state;
	h_conf(POLICY_C);
	h_conf("policy-map p\n class c\n  set connection per-client-max 1\n"
	     "service-policy p interface inside\n");
	assert_int_equal(send_udp(HOST_A, 1001, 5000), 1);
	assert_int_equal(send_udp(HOST_B, 1001, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1002, 5000), 0);
	assert_true(logged("%PIX-3-201013: Per-client connection limit exceeded 1/1 for input "
			   "packet from 10.4.4.5/1002 to 8.8.8.8/5000 on interface inside"));
	assert_int_equal(send_syn(HOST_B, 2000, 80), 0);
	assert_int_equal(conn_count(), 2);
	expect_show("show service-policy interface inside",
		    "Interface inside:\n"
		    "  Service-policy: p\n"
		    "    Class-map: c\n"
		    "      Set connection policy: per-client-max 1\n"
		    "        current embryonic conns 0, current conns 2, drop 2\n");
}

static void embryonic_limits(void **state)
{
	(void)state;
	h_conf("class-map web\n match port tcp eq www\npolicy-map p\n class web\n"
	     "  set connection embryonic-conn-max 1 per-client-embryonic-max 5\n"
	     "service-policy p interface inside\n");
	assert_int_equal(send_syn(HOST_A, 3000, 80), 1);
	uint16_t m = sent_sport();
	/* a second half-open conn: pixie drops where the ASA would intercept */
	assert_int_equal(send_syn(HOST_B, 3001, 80), 0);
	assert_true(logged("%PIX-6-201010: Embryonic connection limit exceeded 1/1 for input packet "
			   "from 10.4.4.10/3001 to 8.8.8.8/80 on interface inside"));
	/* another port is not in the class */
	assert_int_equal(send_syn(HOST_B, 3002, 81), 1);
	expect_show("show service-policy interface inside",
		    "Interface inside:\n"
		    "  Service-policy: p\n"
		    "    Class-map: web\n"
		    "      Set connection policy: embryonic-conn-max 1 per-client-embryonic-max 5\n"
		    "        current embryonic conns 1, current conns 1, drop 1\n");
	/* once the first is up, a new SYN may pass */
	complete(HOST_A, 3000, 80, m);
	assert_int_equal(send_syn(HOST_B, 3003, 80), 1);
	expect_show("show service-policy interface inside",
		    "Interface inside:\n"
		    "  Service-policy: p\n"
		    "    Class-map: web\n"
		    "      Set connection policy: embryonic-conn-max 1 per-client-embryonic-max 5\n"
		    "        current embryonic conns 1, current conns 2, drop 1\n");
	/* per client */
	h_conf("policy-map p\n class web\n  set connection embryonic-conn-max 0 "
	     "per-client-embryonic-max 1\n");
	assert_int_equal(send_syn(HOST_A, 3004, 80), 1);
	assert_int_equal(send_syn(HOST_A, 3005, 80), 0);
	assert_true(logged("%PIX-6-201012: Per-client embryonic connection limit exceeded 1/1 for "
			   "input packet from 10.4.4.5/3005 to 8.8.8.8/80 on interface inside"));
}

static void class_timeouts(void **state)
{
	(void)state;
	h_conf("class-map web\n match port tcp eq www\npolicy-map p\n class web\n"
	     "  set connection timeout embryonic 0:00:05 tcp 0:05:00 reset\n"
	     "service-policy p interface inside\n");
	expect_show("show service-policy interface inside",
		    "Interface inside:\n"
		    "  Service-policy: p\n"
		    "    Class-map: web\n"
		    "      Set connection timeout policy:\n"
		    "        embryonic 0:00:05 half closed 0:10:00 idle 0:05:00 reset\n");
	assert_int_equal(send_syn(HOST_A, 4000, 80), 1);
	assert_int_equal(send_syn(HOST_A, 4001, 81), 1); /* global: 30 s */
	now_s += 4;
	fw_conn_advance(now_s);
	assert_int_equal(conn_count(), 2);
	now_s += 1;
	fw_conn_advance(now_s);
	assert_int_equal(conn_count(), 1);
	assert_true(logged("to inside:10.4.4.5/4000 duration 0:00:05 bytes 0 SYN Timeout"));
	now_s += 25;
	fw_conn_advance(now_s);
	assert_int_equal(conn_count(), 0);

	/* idle timeout of the class (not the global 1:00:00), reset both ends */
	assert_int_equal(send_syn(HOST_A, 4002, 80), 1);
	uint16_t m = sent_sport();
	complete(HOST_A, 4002, 80, m);
	uint8_t b[1024];
	assert_int_equal(feed(h_e1, b, tcp_data(b, HOST_A, 4002, SERVER, 80, 1001, 5001,
						TH_ACK | TH_PSH, 100)), 1);
	assert_int_equal(feed(h_e0, b, tcp_data(b, SERVER, 80, MAPPED, m, 5001, 1101,
						TH_ACK | TH_PSH, 300)), 1);
	h_tx_clear();
	now_s += 299;
	fw_conn_advance(now_s);
	assert_int_equal(conn_count(), 1);
	now_s += 1;
	fw_conn_advance(now_s);
	assert_int_equal(conn_count(), 0);
	assert_true(logged("to inside:10.4.4.5/4002 duration 0:05:00 bytes 400 Conn-timeout"));
	assert_int_equal(h_ntx, 2);
	bool to_in = false, to_out = false;
	for (int i = 0; i < h_ntx; i++) {
		const uint8_t *ip = h_tx_l3(i, NULL);
		const uint8_t *t = ip + 20;
		assert_int_equal(ip[IPH_PROTO], 6);
		assert_int_equal(t[13], TH_RST | TH_ACK);
		assert_int_equal(cksum_l4(ip + IPH_SRC, ip + IPH_DST, 6, t, 20), 0);
		if (getenv("MPF_DEBUG"))
			print_message("rst %s: %08x -> %08x %u -> %u seq %u ack %u\n",
				      h_txif[i] == h_e1 ? "in" : "out", rd32(ip + IPH_SRC),
				      rd32(ip + IPH_DST), rd16(t), rd16(t + 2), rd32(t + 4), rd32(t + 8));
		if (h_txif[i] == h_e1) {
			/* to the client, from the server as it knows it */
			to_in = rd32(ip + IPH_SRC) == h_ip(SERVER) && rd32(ip + IPH_DST) == h_ip(HOST_A) &&
				rd16(t) == 80 && rd16(t + 2) == 4002 && rd32(t + 4) == 5301 &&
				rd32(t + 8) == 1101;
		} else {
			to_out = rd32(ip + IPH_SRC) == h_ip(MAPPED) && rd32(ip + IPH_DST) == h_ip(SERVER) &&
				 rd16(t) == m && rd16(t + 2) == 80 && rd32(t + 4) == 1101 &&
				 rd32(t + 8) == 5301;
		}
	}
	assert_true(to_in);
	assert_true(to_out);
}

static void interface_before_global(void **state)
{
	(void)state;
	h_conf("class-map c\n match any\nclass-map g\n match any\n"
	     "policy-map p\n class c\n  set connection conn-max 1\n"
	     "policy-map global_policy\n class g\n  set connection conn-max 3\n"
	     "service-policy p interface inside\n");
	assert_int_equal(send_udp(HOST_A, 1001, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1002, 5000), 0);
	/* without the interface policy the global class decides */
	h_conf("no service-policy p interface inside\n");
	assert_int_equal(send_udp(HOST_A, 1003, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1004, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1005, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1006, 5000), 0);
	/* the conn made under p does not count in the global class */
	assert_true(strstr(h_show("show service-policy global"),
			   "      Set connection policy: conn-max 3\n"
			   "        current embryonic conns 0, current conns 3, drop 1\n"));
}

static void config_changes(void **state)
{
	(void)state;
	h_conf(POLICY_C);
	h_conf("policy-map p\n class c\n  set connection conn-max 1\n"
	     "service-policy p interface inside\n");
	assert_int_equal(send_udp(HOST_A, 1001, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1002, 5000), 0);
	/* new settings: a new count for conns made under them */
	h_conf("policy-map p\n class c\n  set connection conn-max 2\n");
	assert_int_equal(send_udp(HOST_A, 1003, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1004, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1005, 5000), 0);
	assert_int_equal(conn_count(), 3);
	/* the whole policy goes while its conns live; they end later */
	h_conf("clear configure service-policy\nclear configure policy-map\n"
	     "clear configure class-map\n");
	assert_int_equal(send_udp(HOST_A, 1006, 5000), 1);
	assert_int_equal(conn_count(), 4);
	now_s += 200;
	fw_conn_advance(now_s);
	assert_int_equal(conn_count(), 0);
	/* and again: counts start from what is there */
	h_conf(POLICY_C);
	h_conf("policy-map p\n class c\n  set connection conn-max 1\n"
	     "service-policy p interface inside\n");
	assert_int_equal(send_udp(HOST_A, 1007, 5000), 1);
	assert_int_equal(send_udp(HOST_A, 1008, 5000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(conn_max_udp, setup, teardown),
		cmocka_unit_test_setup_teardown(per_client_max, setup, teardown),
		cmocka_unit_test_setup_teardown(embryonic_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(class_timeouts, setup, teardown),
		cmocka_unit_test_setup_teardown(interface_before_global, setup, teardown),
		cmocka_unit_test_setup_teardown(config_changes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
