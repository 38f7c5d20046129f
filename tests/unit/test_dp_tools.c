/* test_dp_tools.c — the operator tools on a box with fake ports: the
 * capture decoder (one line per frame, as show capture prints it), the
 * capture filters and buffer fed through the taps, pcap output read back,
 * and packet-tracer's complete output for the box's own address and for
 * a transit flow the security levels deny. */
#include "dp_harness.h"

#include "dataplane/capture.h"
#include "dataplane/tap.h"

#include <unistd.h>

static const uint32_t HOST = 0x0a04040a; /* 10.4.4.10 */
static const uint32_t FAR = 0xcb00710a;  /* 203.0.113.10 */

static char *decode(const uint8_t *f, size_t n, bool detail)
{
	static struct strbuf sb;
	sb_reset(&sb);
	cap_fmt_frame(&sb, f, (uint32_t)n, (uint32_t)n, detail);
	sb_add(&sb, "", 1);
	return sb.buf;
}

/* An Ethernet frame around l3 in buf. */
static size_t frame(uint8_t *buf, uint16_t type, const uint8_t *l3, size_t len)
{
	static const uint8_t dst[6] = {0x00, 0x50, 0x56, 0xbd, 0x2a, 0x96};
	static const uint8_t src[6] = {0x00, 0x50, 0x56, 0xbd, 0x7e, 0x9a};
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	wr16(buf + 12, type);
	memcpy(buf + 14, l3, len);
	return 14 + len;
}

static size_t udp_frame(uint8_t *f, uint16_t sport, uint16_t dport, size_t payload)
{
	uint8_t u[600] = {0}, ip[700];
	wr16(u, sport);
	wr16(u + 2, dport);
	wr16(u + 4, (uint16_t)(8 + payload));
	size_t n = h_ipv4(ip, HOST, FAR, IPPROTO_UDP_, 64, 7, 0, u, 8 + payload);
	return frame(f, ETHERTYPE_IP, ip, n);
}

static void decodes(void **state)
{
	(void)state;
	uint8_t ip[256], f[300], l4[128];
	size_t n = h_echo(l4, 1, 1, 32);
	n = frame(f, ETHERTYPE_IP, ip, h_ipv4(ip, HOST, FAR, IPPROTO_ICMP_, 64, 9, 0, l4, n));
	assert_string_equal(decode(f, n, false), "10.4.4.10 > 203.0.113.10: icmp: echo request");
	assert_string_equal(decode(f, n, true),
			    "0050.56bd.7e9a 0050.56bd.2a96 0x0800 Length: 74\n"
			    "      10.4.4.10 > 203.0.113.10: icmp: echo request (ttl 64, id 9)");

	n = udp_frame(f, 1025, 53, 32);
	assert_string_equal(decode(f, n, false), "10.4.4.10.1025 > 203.0.113.10.53:  udp 32");

	/* a SYN with options, and a data segment */
	uint8_t t[40] = {0};
	wr16(t, 40000);
	wr16(t + 2, 80);
	wr32(t + 4, 1000);
	t[12] = 10 << 4;
	t[13] = 0x02;
	wr16(t + 14, 8192);
	const uint8_t opts[] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
	memcpy(t + 20, opts, sizeof opts);
	n = frame(f, ETHERTYPE_IP, ip, h_ipv4(ip, HOST, FAR, IPPROTO_TCP_, 64, 1, 0x4000, t, 40));
	assert_string_equal(decode(f, n, false),
			    "10.4.4.10.40000 > 203.0.113.10.80: S 1000:1000(0) win 8192 "
			    "<mss 1460,sackOK,timestamp 1 0,nop,wscale 7>");
	assert_non_null(strstr(decode(f, n, true), " (DF) (ttl 64, id 1)"));
	uint8_t d[30] = {0};
	wr16(d, 40000);
	wr16(d + 2, 80);
	wr32(d + 4, 1001);
	wr32(d + 8, 5000);
	d[12] = 5 << 4;
	d[13] = 0x18;
	wr16(d + 14, 512);
	n = frame(f, ETHERTYPE_IP, ip, h_ipv4(ip, HOST, FAR, IPPROTO_TCP_, 64, 2, 0, d, 30));
	assert_string_equal(decode(f, n, false),
			    "10.4.4.10.40000 > 203.0.113.10.80: P 1001:1011(10) ack 5000 win 512");
	d[13] = 0x10;
	n = frame(f, ETHERTYPE_IP, ip, h_ipv4(ip, HOST, FAR, IPPROTO_TCP_, 64, 2, 0, d, 20));
	assert_string_equal(decode(f, n, false),
			    "10.4.4.10.40000 > 203.0.113.10.80: . ack 5000 win 512");

	/* ICMP port unreachable quoting a UDP datagram */
	uint8_t q[64];
	size_t qn = h_ipv4(q, FAR, HOST, IPPROTO_UDP_, 64, 3, 0, (uint8_t[8]){0x04, 0x01, 0x02, 0x02},
			   8);
	uint8_t un[80] = {ICMP_UNREACH, ICMP_UNREACH_PORT};
	memcpy(un + 8, q, qn);
	n = frame(f, ETHERTYPE_IP, ip, h_ipv4(ip, HOST, FAR, IPPROTO_ICMP_, 64, 4, 0, un, 8 + qn));
	assert_string_equal(decode(f, n, false),
			    "10.4.4.10 > 203.0.113.10: icmp: 10.4.4.10 udp port 514 unreachable");

	/* other protocols, fragments */
	n = frame(f, ETHERTYPE_IP, ip, h_ipv4(ip, HOST, FAR, 50, 64, 5, 0, d, 24));
	assert_string_equal(decode(f, n, false), "10.4.4.10 > 203.0.113.10:  ip-proto-50 24");
	n = frame(f, ETHERTYPE_IP, ip, h_ipv4(ip, HOST, FAR, IPPROTO_UDP_, 64, 6, 185, d, 24));
	assert_string_equal(decode(f, n, false), "10.4.4.10 > 203.0.113.10: (frag 6:24@1480)");

	/* ARP request and reply */
	uint8_t a[28] = {0, 1, 8, 0, 6, 4, 0, 1, 0x00, 0x50, 0x56, 0xbd, 0x7e, 0x9a};
	wr32(a + ARP_SPA, HOST);
	wr32(a + ARP_TPA, 0x0a040401);
	n = frame(f, ETHERTYPE_ARP, a, 28);
	assert_string_equal(decode(f, n, false), "arp who-has 10.4.4.1 tell 10.4.4.10");
	a[7] = 2;
	n = frame(f, ETHERTYPE_ARP, a, 28);
	assert_string_equal(decode(f, n, false), "arp reply 10.4.4.10 is-at 0050.56bd.7e9a");

	/* 802.1Q, and cut frames */
	uint8_t v[300];
	memcpy(v, f, 12);
	wr16(v + 12, ETHERTYPE_VLAN);
	wr16(v + 14, 0x200a); /* priority 1, VLAN 10 */
	memcpy(v + 16, f + 12, n - 12);
	assert_string_equal(decode(v, n + 4, false),
			    "802.1Q vlan#10 P1 arp reply 10.4.4.10 is-at 0050.56bd.7e9a");
	assert_string_equal(decode(f, 10, false), "[|ether]");
	n = udp_frame(f, 1, 2, 4);
	assert_string_equal(decode(f, 30, false), "[|ip]");
	assert_string_equal(decode(f, 36, false), "10.4.4.10 > 203.0.113.10: [|udp]");
}

static struct pkt *udp_pkt(uint16_t sport, uint16_t dport, size_t payload)
{
	struct pkt *p = pkt_alloc();
	p->len = (uint32_t)udp_frame(p->data, sport, dport, payload);
	p->ts_us = 1000000;
	return p;
}

static int shown(const char *out)
{
	int n = -1;
	const char *s = strstr(out, " shown\n");
	if (s) {
		while (s > out && s[-1] != '\n')
			s--;
		sscanf(s, "%d", &n);
	}
	return n;
}

static void captures(void **state)
{
	(void)state;
	h_conf("access-list web extended permit udp any any eq 53");
	h_show("capture all interface inside");
	h_show("capture dns access-list web interface inside");
	h_show("capture m interface inside match udp host 203.0.113.10 eq 53 any");
	h_show("capture ring buffer 1534 packet-length 100 circular-buffer interface inside");
	h_show("capture full buffer 1534 interface inside");
	h_show("capture arp ethernet-type arp interface inside");
	h_show("capture out interface outside");
	for (int i = 0; i < 20; i++) {
		struct pkt *p = udp_pkt((uint16_t)(2000 + i), i % 2 ? 53 : 123, 100);
		tap_rx(h_e1, p);
		pkt_free(p);
	}
	struct pkt *p = udp_pkt(1, 2, 10);
	tap_tx(h_e0, p);
	pkt_free(p);

	char *s = h_show("show capture all");
	assert_int_equal(shown(s), 20);
	assert_non_null(strstr(s, "20 packets captured\n   1: "));
	assert_non_null(strstr(s, " 10.4.4.10.2000 > 203.0.113.10.123:  udp 100\n   2: "));
	/* the list permits one direction; match takes both */
	assert_int_equal(shown(h_show("show capture dns")), 10);
	assert_int_equal(shown(h_show("show capture m")), 10);
	assert_int_equal(shown(h_show("show capture all access-list web")), 10);
	assert_int_equal(shown(h_show("show capture all count 3")), 3);
	assert_non_null(strstr(h_show("show capture all packet-number 19"), "\n  19: "));
	assert_int_equal(shown(h_show("show capture arp")), 0);
	assert_int_equal(shown(h_show("show capture out")), 1);
	/* 100 of each 142-byte frame fit 15 times in 1534 bytes: the ring
	 * keeps the newest 15, numbered on; the other capture stops full */
	s = h_show("show capture ring");
	assert_non_null(strstr(s, "15 packets captured\n   6: "));
	assert_non_null(strstr(s, "\n  20: "));
	s = h_show("show capture full");
	assert_non_null(strstr(s, "10 packets captured\n   1: "));

	/* the pcap file holds the frames as they were, cut to packet-length */
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[256];
	snprintf(path, sizeof path, "%s/pixie-test-cap-%d.pcap", dir, (int)getpid());
	const char *err = NULL;
	assert_int_equal(cap_write_pcap(cap_find("ring"), path, &err), 15);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	uint8_t buf[4096];
	size_t n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	unlink(path);
	assert_int_equal(n, 24 + 15 * (16 + 100));
	uint32_t magic, caplen, len;
	memcpy(&magic, buf, 4);
	memcpy(&caplen, buf + 24 + 8, 4);
	memcpy(&len, buf + 24 + 12, 4);
	assert_true(magic == 0xa1b2c3d4);
	assert_int_equal(caplen, 100);
	assert_int_equal(len, 142);
	char *mem;
	size_t mlen;
	assert_int_equal(cap_pcap_bytes(cap_find("ring"), &mem, &mlen, &err), 15);
	assert_int_equal(mlen, n);
	free(mem);

	h_show("clear capture all");
	assert_int_equal(shown(h_show("show capture all")), 0);
	s = h_show("show capture");
	assert_non_null(strstr(s, "capture m interface inside\n"
				  "  match udp host 203.0.113.10 eq domain any\n"));
	assert_non_null(strstr(s, "capture ring buffer 1534 packet-length 100 circular-buffer "
				  "interface inside\n"));
	const char *names[] = {"all", "dns", "m", "ring", "full", "arp", "out"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char l[64];
		snprintf(l, sizeof l, "no capture %s", names[i]);
		h_show(l);
	}
	assert_string_equal(h_show("show capture"), "");
	assert_false(tap_on);
}

static void tracer_to_box(void **state)
{
	(void)state;
	char *s = h_show("packet-tracer input inside icmp 10.4.4.10 8 0 10.4.4.1");
	assert_string_equal(s,
			    "Phase: 1\nType: ACCESS-LIST\nSubtype:\nResult: ALLOW\nConfig:\n"
			    "Implicit Rule\nAdditional Information:\nMAC Access list\n\n"
			    "Phase: 2\nType: FLOW-LOOKUP\nSubtype:\nResult: ALLOW\nConfig:\n"
			    "Additional Information:\nFound no matching flow, creating a new flow\n\n"
			    "Phase: 3\nType: ROUTE-LOOKUP\nSubtype: input\nResult: ALLOW\nConfig:\n"
			    "Additional Information:\nin   10.4.4.1        255.255.255.255 identity\n\n"
			    "Phase: 4\nType: ACCESS-LIST\nSubtype:\nResult: ALLOW\nConfig:\n"
			    "Implicit Rule\nAdditional Information:\n\n"
			    "Phase: 5\nType: IP-OPTIONS\nSubtype:\nResult: ALLOW\nConfig:\n"
			    "Additional Information:\n\n"
			    "Phase: 6\nType: FLOW-CREATION\nSubtype:\nResult: ALLOW\nConfig:\n"
			    "Additional Information:\n"
			    "New flow created, packet dispatched to next module\n\n"
			    "Result:\ninput-interface: inside\ninput-status: up\n"
			    "input-line-status: up\noutput-interface: NP Identity Ifc\n"
			    "output-status: up\noutput-line-status: up\nAction: allow\n\n");
	h_conf("icmp permit host 10.4.4.9 inside\nicmp deny any echo inside");
	s = h_show("packet-tracer input inside icmp 10.4.4.10 echo 0 10.4.4.1");
	assert_non_null(strstr(s, "Type: ACCESS-LIST\nSubtype:\nResult: DROP\nConfig:\n"
				  "icmp deny any echo inside\nAdditional Information:\n\n"
				  "Result:\n"));
	assert_non_null(strstr(s, "Action: drop\n"
				  "Drop-reason: (acl-drop) Flow is denied by configured rule\n\n"));
	s = h_show("packet-tracer input inside icmp 10.4.4.9 8 0 10.4.4.1");
	assert_non_null(strstr(s, "icmp permit host 10.4.4.9 inside\n"));
	assert_non_null(strstr(s, "Action: allow\n"));
	/* TCP to the box: only the management services, as their lines say */
	s = h_show("packet-tracer input inside tcp 10.4.4.10 1025 10.4.4.1 22");
	assert_non_null(strstr(s, "Action: drop\n"));
	h_conf("ssh 10.4.4.0 255.255.255.0 inside");
	s = h_show("packet-tracer input inside tcp 10.4.4.10 1025 10.4.4.1 22");
	assert_non_null(strstr(s, "Action: allow\n"));
	(void)HOST;
	(void)FAR;
}

static void tracer_transit(void **state)
{
	(void)state;
	h_show("capture c interface outside");
	char *s = h_show("packet-tracer input outside tcp 203.0.113.10 1025 10.4.4.10 80");
	const char *head = "Phase: 1\nType: CAPTURE\nSubtype:\nResult: ALLOW\nConfig:\n"
			   "Additional Information:\n\nPhase: 2\nType: ACCESS-LIST\n";
	assert_true(!strncmp(s, head, strlen(head)));
	assert_non_null(strstr(s, "Type: ROUTE-LOOKUP\nSubtype: input\nResult: ALLOW\nConfig:\n"
				  "Additional Information:\n"
				  "in   10.4.4.0        255.255.255.0   inside\n\n"));
	assert_non_null(strstr(s, "Result:\ninput-interface: outside\ninput-status: up\n"
				  "input-line-status: up\noutput-interface: inside\n"
				  "output-status: up\noutput-line-status: up\nAction: drop\n"
				  "Drop-reason: (acl-drop) Flow is denied by configured rule\n\n"));
	h_show("no capture c");
	s = h_show("packet-tracer input inside udp 10.4.4.10 1025 172.16.1.5 53 detailed");
	assert_non_null(strstr(s, "output-interface: outside\n"));
	assert_non_null(strstr(s, "Action: allow\n\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes),
		cmocka_unit_test_setup_teardown(captures, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(tracer_to_box, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(tracer_transit, h_setup, h_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
