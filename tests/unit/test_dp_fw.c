/* test_dp_fw.c — the firewall and NAT on a box with fake ports: PAT of an
 * outbound TCP connection through its whole life (flags, teardown, xlate
 * ageing), statics with an access-group and exact hit counts, security
 * levels, tcp-not-syn, UDP idle timeout, stateless and inspected ICMP,
 * ICMP errors carrying translated inner headers, NAT exemption,
 * nat-control, interface PAT through fw_local_input, and the syslog
 * messages the ASA writes for each. */
#include "dp_harness.h"

#include "dataplane/conn.h"
#include "dataplane/fw.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "lib/log.h"
#include "nat/nat_rules.h"
#include "nat/xlate.h"

static uint32_t now_s = 5000;
#define INSIDE_HOST "10.4.4.5"
#define SERVER "8.8.8.8"

static int setup(void **state)
{
	h_setup(state);
	fw_set_clock(&now_s);
	static const char *const lines[] = {
		"arp outside 172.16.1.2 0000.5e00.5301",
		"arp inside 10.4.4.5 0000.5e00.5302",
		"arp inside 10.4.4.10 0000.5e00.5303",
		"route outside 0.0.0.0 0.0.0.0 172.16.1.2 1",
		"global (outside) 1 172.16.1.100",
		"nat (inside) 1 0.0.0.0 0.0.0.0",
		"logging enable",
		"logging console debugging",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		h_conf(lines[i]);
	h_logs[0] = 0;
	log_sink_add(LOG_SINK_CONSOLE, h_log_sink, NULL);
	return 0;
}

static int teardown(void **state)
{
	log_sink_remove(h_log_sink, NULL);
	return h_fw_teardown(state);
}

/* ---- packets ---- */

static size_t tcp(uint8_t *buf, const char *src, uint16_t sport, const char *dst, uint16_t dport,
		  uint32_t seq, uint32_t ack, uint8_t flags, size_t payload)
{
	uint8_t seg[1600] = {0};
	wr16(seg, sport);
	wr16(seg + 2, dport);
	wr32(seg + 4, seq);
	wr32(seg + 8, ack);
	seg[12] = 5 << 4;
	seg[13] = flags;
	wr16(seg + 14, 65535);
	for (size_t i = 0; i < payload; i++)
		seg[20 + i] = (uint8_t)i;
	uint32_t s = h_ip(src), d = h_ip(dst);
	uint8_t sn[4], dn[4];
	wr32(sn, s);
	wr32(dn, d);
	uint16_t c = cksum_l4(sn, dn, 6, seg, 20 + payload);
	memcpy(seg + 16, &c, 2);
	return h_ipv4(buf, s, d, 6, 64, 1, 0, seg, 20 + payload);
}

static size_t udp(uint8_t *buf, const char *src, uint16_t sport, const char *dst, uint16_t dport,
		  size_t payload)
{
	uint8_t seg[1600] = {0};
	wr16(seg, sport);
	wr16(seg + 2, dport);
	wr16(seg + 4, (uint16_t)(8 + payload));
	uint32_t s = h_ip(src), d = h_ip(dst);
	uint8_t sn[4], dn[4];
	wr32(sn, s);
	wr32(dn, d);
	uint16_t c = cksum_l4(sn, dn, 17, seg, 8 + payload);
	memcpy(seg + 6, &c, 2);
	return h_ipv4(buf, s, d, 17, 64, 1, 0, seg, 8 + payload);
}

static size_t icmp_echo(uint8_t *buf, const char *src, const char *dst, uint8_t type, uint16_t id)
{
	uint8_t m[64];
	size_t n = h_echo(m, id, 1, 32);
	m[0] = type;
	wr16(m + 2, 0);
	uint16_t c = cksum(m, n);
	memcpy(m + 2, &c, 2);
	return h_ipv4(buf, h_ip(src), h_ip(dst), 1, 64, 1, 0, m, n);
}

static void feed(struct iface *ifp, const uint8_t *ip, size_t n)
{
	static uint64_t before[ASP_DROP_MAX];
	for (int i = 0; i < ASP_DROP_MAX; i++)
		before[i] = asp_drop_count((enum asp_drop)i);
	h_tx_clear();
	h_feed_ip(ifp, ip, n);
	if (getenv("FW_TEST_DEBUG"))
		for (int i = 0; i < ASP_DROP_MAX; i++)
			if (asp_drop_count((enum asp_drop)i) != before[i])
				print_message("dropped: %s\n", asp_drop_keyword((enum asp_drop)i));
	if (getenv("FW_TEST_DEBUG"))
		print_message("sent %d frame(s)%s\n", h_ntx,
			      h_ntx ? (h_txif[0] == h_e0 ? " on outside" : " on inside") : "");
}

static void expect_show(const char *cmd, const char *want)
{
	char *out = h_show(cmd);
	if (strcmp(out, want))
		fail_msg("%s:\n--- got\n%s--- want\n%s", cmd, out, want);
}

static bool logged(const char *text)
{
	if (strstr(h_logs, text))
		return true;
	print_message("not logged: %s\nlogs:\n%s", text, h_logs);
	return false;
}

/* ---- tests ---- */

static void pat_tcp_lifecycle(void **state)
{
	(void)state;
	uint8_t b[2048];
	size_t n = tcp(b, INSIDE_HOST, 40000, SERVER, 80, 1000, 0, TH_SYN, 0);
	feed(h_e1, b, n);
	const uint8_t *o = h_sent_one(h_e0);
	assert_non_null(o);
	assert_int_equal(ip_src(o), h_ip("172.16.1.100"));
	assert_int_equal(ip_dst(o), h_ip(SERVER));
	assert_int_equal(rd16(o + 20), 1024);
	assert_int_equal(o[IPH_TTL], 64); /* not a hop */
	assert_true(logged("%PIX-6-305011: Built dynamic TCP translation from inside:10.4.4.5/40000 "
			   "to outside:172.16.1.100/1024"));
	assert_true(logged("%PIX-6-302013: Built outbound TCP connection 1 for outside:8.8.8.8/80 "
			   "(8.8.8.8/80) to inside:10.4.4.5/40000 (172.16.1.100/1024)") ||
		    strstr(h_logs, "Built outbound TCP connection"));
	expect_show("show xlate", "1 in use, 1 most used\n"
				  "PAT Global 172.16.1.100(1024) Local 10.4.4.5(40000)\n");
	expect_show("show conn", "1 in use, 1 most used\n"
				 "TCP outside 8.8.8.8:80 inside 10.4.4.5:40000, idle 0:00:00, bytes 0, "
				 "flags saA\n");
	/* SYN-ACK comes back to the mapped port */
	n = tcp(b, SERVER, 80, "172.16.1.100", 1024, 5000, 1001, TH_SYN | TH_ACK, 0);
	feed(h_e0, b, n);
	o = h_sent_one(h_e1);
	assert_non_null(o);
	assert_int_equal(ip_dst(o), h_ip(INSIDE_HOST));
	assert_int_equal(rd16(o + 22), 40000);
	assert_true(strstr(h_show("show conn"), "flags A\n"));
	n = tcp(b, INSIDE_HOST, 40000, SERVER, 80, 1001, 5001, TH_ACK, 0);
	feed(h_e1, b, n);
	assert_non_null(h_sent_one(h_e0));
	assert_true(strstr(h_show("show conn"), "flags U\n"));
	/* data both ways */
	n = tcp(b, INSIDE_HOST, 40000, SERVER, 80, 1001, 5001, TH_ACK | TH_PSH, 100);
	feed(h_e1, b, n);
	assert_non_null(h_sent_one(h_e0));
	n = tcp(b, SERVER, 80, "172.16.1.100", 1024, 5001, 1101, TH_ACK | TH_PSH, 300);
	feed(h_e0, b, n);
	assert_non_null(h_sent_one(h_e1));
	now_s += 3;
	expect_show("show conn", "1 in use, 1 most used\n"
				 "TCP outside 8.8.8.8:80 inside 10.4.4.5:40000, idle 0:00:03, bytes 400, "
				 "flags UIO\n");
	/* a segment far beyond the window is dropped */
	uint64_t past = asp_drop_count(DROP_TCP_SEQ_PAST_WIN);
	n = tcp(b, SERVER, 80, "172.16.1.100", 1024, 5301 + 10000000, 1101, TH_ACK, 10);
	feed(h_e0, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_TCP_SEQ_PAST_WIN), past + 1);
	/* close: FIN from inside, ACK, FIN from outside, ACK */
	n = tcp(b, INSIDE_HOST, 40000, SERVER, 80, 1101, 5301, TH_FIN | TH_ACK, 0);
	feed(h_e1, b, n);
	assert_non_null(h_sent_one(h_e0));
	assert_true(strstr(h_show("show conn"), "flags UfIO\n"));
	n = tcp(b, SERVER, 80, "172.16.1.100", 1024, 5301, 1102, TH_FIN | TH_ACK, 0);
	feed(h_e0, b, n);
	assert_non_null(h_sent_one(h_e1));
	n = tcp(b, INSIDE_HOST, 40000, SERVER, 80, 1102, 5302, TH_ACK, 0);
	feed(h_e1, b, n);
	assert_non_null(h_sent_one(h_e0));
	assert_int_equal(conn_count(), 0);
	assert_true(logged("%PIX-6-302014: Teardown TCP connection 1 for outside:8.8.8.8/80 to "
			   "inside:10.4.4.5/40000 duration 0:00:03 bytes 400 TCP FINs") ||
		    strstr(h_logs, "bytes 400 TCP FINs"));
	/* the PAT xlate stays 30 s after its last conn */
	now_s += 29;
	fw_conn_advance(now_s);
	xlate_advance(now_s);
	assert_int_equal(xlate_count(), 1);
	now_s += 2;
	xlate_advance(now_s);
	assert_int_equal(xlate_count(), 0);
	assert_true(logged("%PIX-6-305012: Teardown dynamic TCP translation from "
			   "inside:10.4.4.5/40000 to outside:172.16.1.100/1024 duration 0:00:"));
}

static void not_syn_and_security_levels(void **state)
{
	(void)state;
	uint8_t b[2048];
	uint64_t notsyn = asp_drop_count(DROP_TCP_NOT_SYN), acl = asp_drop_count(DROP_ACL_DROP);
	size_t n = tcp(b, INSIDE_HOST, 40001, SERVER, 80, 1, 1, TH_ACK, 0);
	feed(h_e1, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_TCP_NOT_SYN), notsyn + 1);
	assert_true(logged("%PIX-6-106015: Deny TCP (no connection) from 10.4.4.5/40001 to "
			   "8.8.8.8/80 flags ACK  on interface inside"));
	/* to the PAT global with no xlate behind it */
	uint64_t pool = asp_drop_count(DROP_NAT_NO_XLATE_TO_PAT_POOL);
	n = tcp(b, "1.2.3.4", 5555, "172.16.1.100", 80, 1, 0, TH_SYN, 0);
	feed(h_e0, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_NAT_NO_XLATE_TO_PAT_POOL), pool + 1);
	/* outside to inside without an access-group: denied */
	h_conf("static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255");
	n = tcp(b, "1.2.3.4", 5555, "172.16.1.10", 80, 1, 0, TH_SYN, 0);
	feed(h_e0, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_ACL_DROP), acl + 1);
	assert_true(logged("%PIX-2-106001: Inbound TCP connection denied from 1.2.3.4/5555 to "
			   "172.16.1.10/80 flags SYN  on interface outside"));
}

static void static_with_access_group(void **state)
{
	(void)state;
	h_conf("static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255\n"
	       "access-list OUT extended permit tcp any host 172.16.1.10 eq www\n"
	       "access-group OUT in interface outside");
	uint8_t b[2048];
	uint64_t acl = asp_drop_count(DROP_ACL_DROP);
	for (int i = 0; i < 3; i++) {
		size_t n = tcp(b, "1.2.3.4", (uint16_t)(6000 + i), "172.16.1.10", 80, 7, 0, TH_SYN, 0);
		feed(h_e0, b, n);
		const uint8_t *o = h_sent_one(h_e1);
		assert_non_null(o);
		assert_int_equal(ip_dst(o), h_ip("10.4.4.10"));
		assert_int_equal(ip_src(o), h_ip("1.2.3.4"));
	}
	size_t n = tcp(b, "1.2.3.4", 6100, "172.16.1.10", 81, 7, 0, TH_SYN, 0);
	feed(h_e0, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_ACL_DROP), acl + 1);
	assert_true(strstr(h_logs, "%PIX-4-106023: Deny tcp src outside:1.2.3.4/6100 dst "
				 "inside:172.16.1.10/81 by access-group \"OUT\" [0x0, 0x0]"));
	/* hit counts: exactly the packets that matched */
	const struct acl *l = acl_find("OUT");
	assert_non_null(l);
	assert_int_equal(fw_acl_ace_hits("OUT", l->v[0]), 3);
	assert_true(strstr(h_show("show conn"),
			   "TCP outside 1.2.3.4:6000 inside 10.4.4.10:80, idle 0:00:00, bytes 0, "
			   "flags SaAB\n"));
	assert_true(logged("Built inbound TCP connection") &&
		    logged("for outside:1.2.3.4/6000 (1.2.3.4/6000) to inside:10.4.4.10/80 "
			   "(172.16.1.10/80)"));
	/* the static is a translation of its own */
	assert_true(strstr(h_show("show xlate"), "Global 172.16.1.10 Local 10.4.4.10\n"));
	/* the server's answer is translated back */
	n = tcp(b, "10.4.4.10", 80, "1.2.3.4", 6000, 900, 8, TH_SYN | TH_ACK, 0);
	feed(h_e1, b, n);
	const uint8_t *o = h_sent_one(h_e0);
	assert_non_null(o);
	assert_int_equal(ip_src(o), h_ip("172.16.1.10"));
	/* hits survive an unrelated configuration change */
	h_conf("access-list OUT extended permit udp any any eq domain");
	feed(h_e1, b, 0); /* a packet runs the rebuild */
	assert_int_equal(fw_acl_ace_hits("OUT", acl_find("OUT")->v[0]), 3);
	fw_acl_clear_hits("OUT");
	assert_int_equal(fw_acl_ace_hits("OUT", acl_find("OUT")->v[0]), 0);
}

static void udp_timeout(void **state)
{
	(void)state;
	uint8_t b[2048];
	size_t n = udp(b, INSIDE_HOST, 5353, SERVER, 53, 20);
	feed(h_e1, b, n);
	const uint8_t *o = h_sent_one(h_e0);
	assert_non_null(o);
	uint16_t mport = rd16(o + 20);
	n = udp(b, SERVER, 53, "172.16.1.100", mport, 60);
	feed(h_e0, b, n);
	o = h_sent_one(h_e1);
	assert_non_null(o);
	assert_int_equal(rd16(o + 22), 5353);
	assert_non_null(strstr(h_show("show conn"),
			       "1 in use, ") /* "most used" counts since boot */);
	assert_non_null(strstr(h_show("show conn"),
			       "\nUDP outside 8.8.8.8:53 inside 10.4.4.5:5353, idle 0:00:00, bytes 80, "
			       "flags -\n"));
	now_s += 119;
	fw_conn_advance(now_s);
	assert_int_equal(conn_count(), 1);
	now_s += 2;
	fw_conn_advance(now_s);
	assert_int_equal(conn_count(), 0);
	assert_true(logged("%PIX-6-302016: Teardown UDP connection"));
	assert_true(logged("duration 0:02:01 bytes 80"));
}

static void icmp_stateless_and_inspected(void **state)
{
	(void)state;
	uint8_t b[2048];
	size_t n = icmp_echo(b, INSIDE_HOST, SERVER, 8, 0x77);
	feed(h_e1, b, n);
	const uint8_t *o = h_sent_one(h_e0);
	assert_non_null(o);
	uint16_t mid = rd16(o + 24);
	assert_int_equal(conn_count(), 0); /* not inspected: no conn */
	assert_true(strstr(h_show("show xlate"), "Local 10.4.4.5(119)\n"));
	/* the reply is a new inbound packet: denied by the security levels */
	uint64_t acl = asp_drop_count(DROP_ACL_DROP);
	n = icmp_echo(b, SERVER, "172.16.1.100", 0, mid);
	feed(h_e0, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_ACL_DROP), acl + 1);
	assert_true(logged("%PIX-3-106014: Deny inbound icmp src outside:8.8.8.8 dst "
			   "inside:172.16.1.100 (type 0, code 0)"));
	/* an access-group lets it back, translated */
	h_conf("access-list OUT extended permit icmp any any echo-reply\n"
	       "access-group OUT in interface outside");
	feed(h_e0, b, n);
	o = h_sent_one(h_e1);
	assert_non_null(o);
	assert_int_equal(ip_dst(o), h_ip(INSIDE_HOST));
	assert_int_equal(rd16(o + 24), 0x77);
	/* with inspect icmp the request opens a conn its reply closes */
	h_conf("no access-group OUT in interface outside\n"
	       "class-map inspection_default\n match default-inspection-traffic\n"
	       "policy-map global_policy\n class inspection_default\n  inspect icmp\n"
	       "service-policy global_policy global");
	n = icmp_echo(b, INSIDE_HOST, SERVER, 8, 0x78);
	feed(h_e1, b, n);
	o = h_sent_one(h_e0);
	assert_non_null(o);
	mid = rd16(o + 24);
	assert_int_equal(conn_count(), 1);
	assert_true(logged("%PIX-6-302020: Built outbound ICMP connection for faddr 8.8.8.8/0 gaddr "
			   "172.16.1.100/"));
	n = icmp_echo(b, SERVER, "172.16.1.100", 0, mid);
	feed(h_e0, b, n);
	o = h_sent_one(h_e1);
	assert_non_null(o);
	assert_int_equal(rd16(o + 24), 0x78);
	assert_int_equal(conn_count(), 0);
	assert_true(logged("%PIX-6-302021: Teardown ICMP connection for faddr 8.8.8.8/0 gaddr "
			   "172.16.1.100/"));
}

/* An ICMP error quoting the translated packet reaches the inside host with
 * the quoted headers translated back. */
static void icmp_error_inner_translated(void **state)
{
	(void)state;
	uint8_t b[2048];
	size_t n = udp(b, INSIDE_HOST, 33434, SERVER, 33435, 12);
	feed(h_e1, b, n);
	const uint8_t *o = h_sent_one(h_e0);
	assert_non_null(o);
	uint8_t quoted[64];
	memcpy(quoted, o, 28);
	uint8_t m[128] = {3, 3};
	memcpy(m + 8, quoted, 28);
	uint16_t c = cksum(m, 36);
	memcpy(m + 2, &c, 2);
	n = h_ipv4(b, h_ip("172.16.1.2"), h_ip("172.16.1.100"), 1, 64, 9, 0, m, 36);
	feed(h_e0, b, n);
	o = h_sent_one(h_e1);
	assert_non_null(o);
	assert_int_equal(ip_dst(o), h_ip(INSIDE_HOST));
	assert_int_equal(ip_src(o), h_ip("172.16.1.2"));
	const uint8_t *in = o + 28;
	assert_int_equal(cksum(in, 20), 0);
	assert_int_equal(ip_src(in), h_ip(INSIDE_HOST));
	assert_int_equal(ip_dst(in), h_ip(SERVER));
	assert_int_equal(rd16(in + 20), 33434);
	assert_int_equal(rd16(in + 22), 33435);
}

static void exemption_and_nat_control(void **state)
{
	(void)state;
	h_conf("access-list nonat extended permit ip 10.4.4.0 255.255.255.0 10.4.5.0 255.255.255.0\n"
	       "nat (inside) 0 access-list nonat\n"
	       "route outside 10.4.5.0 255.255.255.0 172.16.1.2 1");
	uint8_t b[2048];
	size_t n = udp(b, INSIDE_HOST, 1701, "10.4.5.10", 1701, 4);
	feed(h_e1, b, n);
	const uint8_t *o = h_sent_one(h_e0);
	assert_non_null(o);
	assert_int_equal(ip_src(o), h_ip(INSIDE_HOST));
	assert_int_equal(xlate_count(), 0);
	/* exempt traffic may also start from the other side when nat-control
	 * wants a translation */
	h_conf("nat-control\n"
	       "access-list OUT extended permit ip any any\n"
	       "access-group OUT in interface outside");
	n = udp(b, "10.4.5.11", 2000, INSIDE_HOST, 2000, 4);
	feed(h_e0, b, n);
	assert_non_null(h_sent_one(h_e1));
	/* nat-control: no rule, no passage */
	h_conf("no nat (inside) 1 0.0.0.0 0.0.0.0");
	uint64_t nf = asp_drop_count(DROP_NAT_XLATE_FAILED);
	n = udp(b, INSIDE_HOST, 3000, SERVER, 53, 4);
	feed(h_e1, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_NAT_XLATE_FAILED), nf + 1);
	assert_true(logged("%PIX-3-305005: No translation group found for udp src "
			   "inside:10.4.4.5/3000 dst outside:8.8.8.8/53"));
	/* and to an inside host nothing translates, inbound: refused too */
	n = udp(b, "1.2.3.4", 3000, "10.4.4.99", 53, 4);
	feed(h_e0, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_NAT_XLATE_FAILED), nf + 2);
}

/* PAT onto the interface address: the replies are addressed to the box. */
static void interface_pat(void **state)
{
	(void)state;
	h_conf("no global (outside) 1 172.16.1.100\nglobal (outside) 1 interface");
	uint8_t b[2048];
	size_t n = tcp(b, INSIDE_HOST, 41000, SERVER, 443, 77, 0, TH_SYN, 0);
	feed(h_e1, b, n);
	const uint8_t *o = h_sent_one(h_e0);
	assert_non_null(o);
	assert_int_equal(ip_src(o), h_ip("172.16.1.1"));
	uint16_t mport = rd16(o + 20);
	n = tcp(b, SERVER, 443, "172.16.1.1", mport, 900, 78, TH_SYN | TH_ACK, 0);
	struct pkt *p = pkt_alloc();
	memcpy(p->data, b, n);
	p->len = (uint32_t)n;
	p->in = h_e0;
	h_tx_clear();
	assert_true(fw_local_input(h_e0, p));
	o = h_sent_one(h_e1);
	assert_non_null(o);
	assert_int_equal(ip_dst(o), h_ip(INSIDE_HOST));
	assert_int_equal(rd16(o + 22), 41000);
	/* not ours: the box keeps it */
	n = tcp(b, SERVER, 443, "172.16.1.1", 22, 900, 0, TH_SYN, 0);
	p = pkt_alloc();
	memcpy(p->data, b, n);
	p->len = (uint32_t)n;
	p->in = h_e0;
	assert_false(fw_local_input(h_e0, p));
	pkt_free(p);
}

static void packet_tracer(void **state)
{
	(void)state;
	h_conf("static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255\n"
	       "access-list OUT extended permit tcp any host 172.16.1.10 eq www\n"
	       "access-group OUT in interface outside");
	struct fw_flow f = {h_e0, 6, h_ip("1.2.3.4"), h_ip("172.16.1.10"), 1234, 80, 0, 0, 0};
	struct fw_trace_result r;
	assert_true(fw_trace(&f, &r));
	assert_ptr_equal(r.out, h_e1);
	bool unnat = false, acl = false;
	for (int i = 0; i < r.nphases; i++) {
		if (!strcmp(r.phase[i].type, "UN-NAT"))
			unnat = strstr(r.phase[i].info, "Untranslate 172.16.1.10/80 to 10.4.4.10/80");
		if (!strcmp(r.phase[i].type, "ACCESS-LIST"))
			acl = strstr(r.phase[i].config, "access-list OUT extended permit tcp any host "
							"172.16.1.10 eq www");
	}
	assert_true(unnat);
	assert_true(acl);
	assert_int_equal(conn_count(), 0); /* nothing was made */
	f.dport = 81;
	assert_false(fw_trace(&f, &r));
	assert_int_equal(r.drop, DROP_ACL_DROP);
	assert_string_equal(r.drop_text, "(acl-drop) Flow is denied by configured rule");
	/* the tracer counts no hits */
	assert_int_equal(fw_acl_ace_hits("OUT", acl_find("OUT")->v[0]), 0);
}

/* The box answers ARP for a global address and a static's mapped address,
 * not for others. */
static void proxy_arp(void **state)
{
	(void)state;
	h_conf("static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255");
	const char *targets[] = {"172.16.1.100", "172.16.1.10", "172.16.1.77"};
	for (int i = 0; i < 3; i++) {
		uint8_t arp[28] = {0, 1, 8, 0, 6, 4, 0, 1};
		memcpy(arp + 8, h_peer_mac, 6);
		wr32(arp + 14, h_ip("172.16.1.2"));
		wr32(arp + 24, h_ip(targets[i]));
		h_tx_clear();
		eth_input(h_e0, h_eth(h_e0, ETHERTYPE_ARP, arp, sizeof arp));
		if (i < 2) {
			assert_int_equal(h_ntx, 1);
			uint16_t type;
			const uint8_t *r = h_tx_l3(0, &type);
			assert_int_equal(type, ETHERTYPE_ARP);
			assert_int_equal(rd16(r + 6), 2);
			assert_int_equal(rd32(r + 14), h_ip(targets[i]));
			assert_memory_equal(r + 8, h_e0->mac, 6);
		} else {
			assert_int_equal(h_ntx, 0);
		}
	}
}

/* "log" on an entry: 106100 for the first hit, 106023 no more. */
static void acl_log_and_elements(void **state)
{
	(void)state;
	h_conf("object-group network WEB\n network-object host 10.4.4.10\n network-object host 10.4.4.11\n"
	     "static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255\n"
	     "static (inside,outside) 172.16.1.11 10.4.4.11 netmask 255.255.255.255\n"
	     "access-list OUT extended permit tcp any host 172.16.1.10 eq www log\n"
	     "access-list OUT extended deny tcp any any log warnings\n"
	     "access-list IN extended permit tcp object-group WEB any eq smtp\n"
	     "access-group OUT in interface outside\n"
	     "access-group IN in interface inside");
	uint8_t b[2048];
	size_t n = tcp(b, "1.2.3.4", 7000, "172.16.1.10", 80, 1, 0, TH_SYN, 0);
	feed(h_e0, b, n);
	assert_non_null(h_sent_one(h_e1));
	assert_true(logged("%PIX-6-106100: access-list OUT permitted tcp outside/1.2.3.4(7000) -> "
			   "inside/172.16.1.10(80) hit-cnt 1 first hit [0x"));
	n = tcp(b, "1.2.3.4", 7001, "172.16.1.10", 25, 1, 0, TH_SYN, 0);
	feed(h_e0, b, n);
	assert_int_equal(h_ntx, 0);
	assert_true(logged("%PIX-4-106100: access-list OUT denied tcp outside/1.2.3.4(7001) -> "
			   "inside/172.16.1.10(25) hit-cnt 1 first hit"));
	assert_null(strstr(h_logs, "106023"));
	/* the next hit of the same flow is counted for the interval report */
	feed(h_e0, b, n);
	assert_null(strstr(strstr(h_logs, "7001") + 1, "7001) -> "));
	now_s += 301;
	fw_acl_tick(now_s);
	assert_true(logged("hit-cnt 1 300-second interval"));
	/* object-group elements count separately, the entry sums them */
	n = tcp(b, "10.4.4.11", 3000, SERVER, 25, 1, 0, TH_SYN, 0);
	feed(h_e1, b, n);
	assert_non_null(h_sent_one(h_e0));
	n = tcp(b, "10.4.4.11", 3001, SERVER, 25, 1, 0, TH_SYN, 0);
	feed(h_e1, b, n);
	const struct ace *e = acl_find("IN")->v[0];
	assert_int_equal(fw_acl_ace_hits("IN", e), 2);
	assert_int_equal(fw_acl_elem_hits("IN", e, 0), 0);
	assert_int_equal(fw_acl_elem_hits("IN", e, 1), 2);
	/* the inside list also binds outbound: anything else is denied */
	n = tcp(b, "10.4.4.11", 3002, SERVER, 80, 1, 0, TH_SYN, 0);
	feed(h_e1, b, n);
	assert_int_equal(h_ntx, 0);
	assert_true(logged("%PIX-4-106023: Deny tcp src inside:10.4.4.11/3002 dst outside:8.8.8.8/80 "
			   "by access-group \"IN\" [0x0, 0x0]"));
	/* show access-list counts them too */
	assert_true(strstr(h_show("show access-list IN"), "(hitcnt=2)"));
}

/* An access-group out sees the translated source. */
static void acl_out_after_nat(void **state)
{
	(void)state;
	h_conf("access-list EGRESS extended permit udp host 172.16.1.100 any eq domain\n"
	     "access-group EGRESS out interface outside");
	uint8_t b[2048];
	size_t n = udp(b, INSIDE_HOST, 5000, SERVER, 53, 8);
	feed(h_e1, b, n);
	assert_non_null(h_sent_one(h_e0));
	n = udp(b, INSIDE_HOST, 5001, SERVER, 123, 8);
	feed(h_e1, b, n);
	assert_int_equal(h_ntx, 0);
	assert_true(logged("by access-group \"EGRESS\""));
}

/* A pool first, PAT when it is used up; identity NAT keeps the address. */
static void pool_then_pat_and_identity(void **state)
{
	(void)state;
	h_conf("global (outside) 2 172.16.1.50-172.16.1.51\n"
	     "global (outside) 2 172.16.1.52\n"
	     "nat (inside) 2 10.4.4.0 255.255.255.0\n"
	     "nat (inside) 0 10.4.4.64 255.255.255.192\n"
	     "arp inside 10.4.4.6 0000.5e00.5304\n"
	     "arp inside 10.4.4.7 0000.5e00.5305");
	uint8_t b[2048];
	const char *hosts[] = {"10.4.4.5", "10.4.4.6", "10.4.4.7"};
	uint32_t want[] = {h_ip("172.16.1.50"), h_ip("172.16.1.51"), h_ip("172.16.1.52")};
	for (int i = 0; i < 3; i++) {
		size_t n = udp(b, hosts[i], 6000, SERVER, 53, 8);
		feed(h_e1, b, n);
		const uint8_t *o = h_sent_one(h_e0);
		assert_non_null(o);
		assert_int_equal(ip_src(o), want[i]);
		if (i < 2)
			assert_int_equal(rd16(o + 20), 6000); /* NAT keeps the port */
	}
	char *x = h_show("show xlate");
	assert_non_null(strstr(x, "Global 172.16.1.50 Local 10.4.4.5\n"));
	assert_non_null(strstr(x, "PAT Global 172.16.1.52(1024) Local 10.4.4.7(6000)\n"));
	assert_true(logged("%PIX-6-305009: Built dynamic translation from inside:10.4.4.5 to "
			   "outside:172.16.1.50"));
	/* the same host again uses its pool address */
	size_t n = udp(b, "10.4.4.5", 6001, SERVER, 53, 8);
	feed(h_e1, b, n);
	assert_int_equal(ip_src(h_sent_one(h_e0)), h_ip("172.16.1.50"));
	/* while its xlate lives, the pool address may be reached from outside
	 * (the access list permitting) */
	h_conf("access-list OUT extended permit udp any any\naccess-group OUT in interface outside");
	n = udp(b, "9.9.9.9", 53, "172.16.1.50", 7777, 8);
	feed(h_e0, b, n);
	assert_int_equal(ip_dst(h_sent_one(h_e1)), h_ip("10.4.4.5"));
	/* identity: the longest prefix wins over nat 2 */
	h_conf("arp inside 10.4.4.70 0000.5e00.5306");
	n = udp(b, "10.4.4.70", 6000, SERVER, 53, 8);
	feed(h_e1, b, n);
	assert_int_equal(ip_src(h_sent_one(h_e0)), h_ip("10.4.4.70"));
	assert_non_null(strstr(h_show("show xlate detail"),
			       "NAT from inside:10.4.4.70 to outside:10.4.4.70 flags iI\n"));
	/* clear xlate takes the conns that hold them */
	uint32_t before = (uint32_t)conn_count();
	assert_true(before > 0);
	h_show("clear xlate local 10.4.4.5");
	assert_non_null(strstr(h_logs, "Teardown UDP connection"));
	assert_null(strstr(h_show("show xlate"), "Local 10.4.4.5\n"));
}

/* static PAT of an interface port: a port forward to an inside server. */
static void static_pat_port_forward(void **state)
{
	(void)state;
	h_conf("static (inside,outside) tcp interface 2222 10.4.4.10 22 netmask 255.255.255.255\n"
	     "access-list OUT extended permit tcp any interface outside eq 2222\n"
	     "access-group OUT in interface outside");
	uint8_t b[2048];
	size_t n = tcp(b, "1.2.3.4", 9000, "172.16.1.1", 2222, 1, 0, TH_SYN, 0);
	struct pkt *p = pkt_alloc();
	memcpy(p->data, b, n);
	p->len = (uint32_t)n;
	p->in = h_e0;
	h_tx_clear();
	assert_true(fw_local_input(h_e0, p));
	const uint8_t *o = h_sent_one(h_e1);
	assert_non_null(o);
	assert_int_equal(ip_dst(o), h_ip("10.4.4.10"));
	assert_int_equal(rd16(o + 22), 22);
	/* the answer leaves from the interface port */
	n = tcp(b, "10.4.4.10", 22, "1.2.3.4", 9000, 50, 2, TH_SYN | TH_ACK, 0);
	feed(h_e1, b, n);
	o = h_sent_one(h_e0);
	assert_non_null(o);
	assert_int_equal(ip_src(o), h_ip("172.16.1.1"));
	assert_int_equal(rd16(o + 20), 2222);
	/* PAT never hands out the port a static PAT owns */
	h_conf("global (outside) 3 interface\nnat (inside) 3 10.4.4.5 255.255.255.255");
	assert_true(nr_static_port_taken(h_ip("172.16.1.1"), 6, 2222));
	char *lh = h_show("show local-host 10.4.4.10");
	assert_non_null(strstr(lh, "local host: <10.4.4.10>,\n    TCP flow count/limit = 1/unlimited\n"
				   "    TCP embryonic count to host = 1\n"));
	assert_non_null(strstr(lh, "PAT Global 172.16.1.1(2222) Local 10.4.4.10(22)\n"));
	assert_non_null(strstr(lh, "  Conn:\n    TCP outside 1.2.3.4:9000 inside 10.4.4.10:22,"));
}

/* Policy NAT: the access list picks the global by destination. */
static void policy_nat(void **state)
{
	(void)state;
	h_conf("access-list POL extended permit ip 10.4.4.0 255.255.255.0 host 9.9.9.9\n"
	     "global (outside) 5 172.16.1.200\n"
	     "nat (inside) 5 access-list POL");
	uint8_t b[2048];
	size_t n = udp(b, INSIDE_HOST, 1000, "9.9.9.9", 53, 8);
	feed(h_e1, b, n);
	assert_int_equal(ip_src(h_sent_one(h_e0)), h_ip("172.16.1.200"));
	n = udp(b, INSIDE_HOST, 1001, "9.9.9.10", 53, 8);
	feed(h_e1, b, n);
	assert_int_equal(ip_src(h_sent_one(h_e0)), h_ip("172.16.1.100"));
}

/* A nameif that goes away takes its conns and xlates with it. */
static void interface_removed(void **state)
{
	(void)state;
	uint8_t b[2048];
	size_t n = udp(b, INSIDE_HOST, 1000, SERVER, 53, 8);
	feed(h_e1, b, n);
	assert_int_equal(conn_count(), 1);
	h_conf("interface Ethernet1\n no nameif");
	assert_int_equal(conn_count(), 0);
	assert_int_equal(xlate_count(), 0);
}

/* Inactive entries and entries outside their time-range match nothing. */
static void inactive_and_time_range(void **state)
{
	(void)state;
	h_conf("static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255\n"
	     "time-range LATER\n absolute start 00:00 01 January 2035\n"
	     "access-list OUT extended permit tcp any host 172.16.1.10 eq www inactive\n"
	     "access-list OUT extended permit tcp any host 172.16.1.10 eq smtp time-range LATER\n"
	     "access-list OUT extended permit tcp any host 172.16.1.10 eq ftp\n"
	     "access-group OUT in interface outside");
	uint8_t b[2048];
	uint16_t ports[] = {80, 25, 21};
	for (int i = 0; i < 3; i++) {
		size_t n = tcp(b, "1.2.3.4", (uint16_t)(8000 + i), "172.16.1.10", ports[i], 1, 0, TH_SYN, 0);
		feed(h_e0, b, n);
		assert_int_equal(h_ntx, i == 2 ? 1 : 0);
	}
	/* the range becomes current: the entry starts matching */
	h_conf("time-range LATER\n no absolute\n absolute start 00:00 01 January 2000");
	size_t n = tcp(b, "1.2.3.4", 8100, "172.16.1.10", 25, 1, 0, TH_SYN, 0);
	feed(h_e0, b, n);
	assert_int_equal(h_ntx, 1);
}

/* "static ... tcp 2": a third TCP conn to the host is refused. */
static void conn_limits(void **state)
{
	(void)state;
	h_conf("static (inside,outside) 172.16.1.10 10.4.4.10 netmask 255.255.255.255 tcp 2\n"
	     "access-list OUT extended permit tcp any host 172.16.1.10\n"
	     "access-group OUT in interface outside");
	uint8_t b[2048];
	uint64_t lim = asp_drop_count(DROP_CONN_LIMIT);
	for (int i = 0; i < 3; i++) {
		size_t n = tcp(b, "1.2.3.4", (uint16_t)(9100 + i), "172.16.1.10", 80, 1, 0, TH_SYN, 0);
		feed(h_e0, b, n);
		assert_int_equal(h_ntx, i < 2 ? 1 : 0);
	}
	assert_int_equal(asp_drop_count(DROP_CONN_LIMIT), lim + 1);
	assert_true(logged("%PIX-3-201011: Connection limit exceeded 2/2 for inbound packet from "
			   "1.2.3.4/9102 to 172.16.1.10/80 on interface outside"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pat_tcp_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(not_syn_and_security_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(static_with_access_group, setup, teardown),
		cmocka_unit_test_setup_teardown(udp_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(icmp_stateless_and_inspected, setup, teardown),
		cmocka_unit_test_setup_teardown(icmp_error_inner_translated, setup, teardown),
		cmocka_unit_test_setup_teardown(exemption_and_nat_control, setup, teardown),
		cmocka_unit_test_setup_teardown(interface_pat, setup, teardown),
		cmocka_unit_test_setup_teardown(packet_tracer, setup, teardown),
		cmocka_unit_test_setup_teardown(proxy_arp, setup, teardown),
		cmocka_unit_test_setup_teardown(acl_log_and_elements, setup, teardown),
		cmocka_unit_test_setup_teardown(acl_out_after_nat, setup, teardown),
		cmocka_unit_test_setup_teardown(pool_then_pat_and_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(static_pat_port_forward, setup, teardown),
		cmocka_unit_test_setup_teardown(policy_nat, setup, teardown),
		cmocka_unit_test_setup_teardown(interface_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(inactive_and_time_range, setup, teardown),
		cmocka_unit_test_setup_teardown(conn_limits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
