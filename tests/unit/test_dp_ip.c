/* test_dp_ip.c — IPv4 input checks with their asp drop reasons, reassembly
 * and its limits, ICMP echo to the box and the icmp rules, MTU/DF and
 * fragmentation on output, VLAN subinterfaces, and the Internet checksum.
 * Frames are crafted and fed to eth_input of a box with fake ports. */
#include "dp_harness.h"

static const uint32_t PEER = 0xac100102; /* 172.16.1.2 */
static const uint32_t OUTSIDE = 0xac100101;

static void static_peer(void)
{
	h_conf("arp outside 172.16.1.2 0000.5e00.5301");
}

/* An echo request from the peer to dst; returns its length in buf. */
static size_t echo_pkt(uint8_t *buf, uint32_t dst, uint8_t ttl)
{
	uint8_t icmp[128];
	size_t n = h_echo(icmp, 7, 1, 32);
	return h_ipv4(buf, PEER, dst, IPPROTO_ICMP_, ttl, 0x1234, 0, icmp, n);
}

static void cksum_basics(void **state)
{
	(void)state;
	/* RFC 1071's example words */
	const uint8_t d[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	uint16_t c = cksum(d, sizeof d);
	uint8_t be[2];
	memcpy(be, &c, 2);
	assert_int_equal(rd16(be), (uint16_t)~0xddf2);
	/* odd length, and a buffer holding its own checksum sums to 0 */
	uint8_t buf[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	uint8_t ip[64];
	size_t n = h_ipv4(ip, PEER, OUTSIDE, 17, 64, 1, 0, buf, sizeof buf);
	assert_int_equal(cksum(ip, 20), 0);
	(void)n;
	/* incremental update equals recomputation */
	uint8_t field[2];
	memcpy(field, ip + IPH_CSUM, 2);
	uint32_t oldn, newn;
	memcpy(&oldn, ip + IPH_SRC, 4);
	wr32(ip + IPH_SRC, 0x0a000001);
	memcpy(&newn, ip + IPH_SRC, 4);
	cksum_update32(field, oldn, newn);
	memcpy(ip + IPH_CSUM, field, 2);
	assert_int_equal(cksum(ip, 20), 0);
}

static void echo_answered(void **state)
{
	(void)state;
	static_peer();
	uint8_t ip[256];
	size_t n = echo_pkt(ip, OUTSIDE, 64);
	uint64_t in0 = h_e0->stats.in_pkts, out0 = h_e0->stats.out_pkts;
	h_feed_ip(h_e0, ip, n);
	assert_int_equal(h_ntx, 1);
	uint16_t type;
	const uint8_t *r = h_tx_l3(0, &type);
	assert_int_equal(type, ETHERTYPE_IP);
	assert_memory_equal(h_tx[0]->data, h_peer_mac, 6);
	assert_memory_equal(h_tx[0]->data + 6, h_e0->mac, 6);
	assert_int_equal(ip_src(r), OUTSIDE);
	assert_int_equal(ip_dst(r), PEER);
	assert_int_equal(cksum(r, 20), 0);
	assert_int_equal(r[20], ICMP_ECHOREPLY);
	assert_int_equal(cksum(r + 20, rd16(r + IPH_LEN) - 20), 0);
	assert_int_equal(rd16(r + 24), 7); /* id and data echoed */
	assert_memory_equal(r + 28, ip + 28, 32);
	assert_int_equal(h_e0->stats.in_pkts, in0 + 1);
	assert_int_equal(h_e0->stats.out_pkts, out0 + 1);
}

static void echo_resolves_arp(void **state)
{
	(void)state;
	uint8_t ip[256];
	size_t n = echo_pkt(ip, OUTSIDE, 64);
	h_feed_ip(h_e0, ip, n);
	/* the reply waits for the peer's MAC: an ARP request goes out */
	assert_int_equal(h_ntx, 1);
	uint16_t type;
	const uint8_t *a = h_tx_l3(0, &type);
	assert_int_equal(type, ETHERTYPE_ARP);
	assert_int_equal(rd16(a + ARP_OP), ARP_OP_REQUEST);
	assert_int_equal(rd32(a + ARP_TPA), PEER);
	assert_int_equal(rd32(a + ARP_SPA), OUTSIDE);
	h_tx_clear();
	uint8_t rep[ARP_LEN];
	wr16(rep + ARP_HTYPE, 1);
	wr16(rep + ARP_PTYPE, ETHERTYPE_IP);
	rep[ARP_HLEN] = 6;
	rep[ARP_PLEN] = 4;
	wr16(rep + ARP_OP, ARP_OP_REPLY);
	memcpy(rep + ARP_SHA, h_peer_mac, 6);
	wr32(rep + ARP_SPA, PEER);
	memcpy(rep + ARP_THA, h_e0->mac, 6);
	wr32(rep + ARP_TPA, OUTSIDE);
	eth_input(h_e0, h_eth(h_e0, ETHERTYPE_ARP, rep, sizeof rep));
	assert_int_equal(h_ntx, 1);
	assert_int_equal(h_tx_l3(0, NULL)[20], ICMP_ECHOREPLY);
	assert_memory_equal(h_tx[0]->data, h_peer_mac, 6);
}

/* Feed ip and expect nothing sent and `reason` counted once. */
static void expect_drop(const uint8_t *ip, size_t n, enum asp_drop reason)
{
	uint64_t before = asp_drop_count(reason);
	h_feed_ip(h_e0, ip, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(h_nfwd, 0);
	assert_int_equal(asp_drop_count(reason), before + 1);
}

static void fix_csum(uint8_t *ip)
{
	wr16(ip + IPH_CSUM, 0);
	uint16_t c = cksum(ip, ip_hlen(ip));
	memcpy(ip + IPH_CSUM, &c, 2);
}

static void header_checks(void **state)
{
	(void)state;
	static_peer();
	uint8_t ip[256];
	size_t n = echo_pkt(ip, OUTSIDE, 64);

	expect_drop(ip, 19, DROP_INVALID_IP_HEADER); /* truncated */

	uint8_t b[256];
	memcpy(b, ip, n);
	b[IPH_VHL] = 0x65;
	fix_csum(b);
	expect_drop(b, n, DROP_UNSUPPORTED_IP_VERSION);

	memcpy(b, ip, n);
	b[IPH_VHL] = 0x44; /* IHL 4 */
	expect_drop(b, n, DROP_INVALID_IP_HEADER);

	memcpy(b, ip, n);
	b[IPH_VHL] = 0x4f; /* IHL 15: 60 bytes, more than arrived */
	expect_drop(b, 40, DROP_INVALID_IP_HEADER);

	memcpy(b, ip, n);
	b[IPH_CSUM] ^= 0x5a; /* bad checksum */
	expect_drop(b, n, DROP_INVALID_IP_HEADER);

	memcpy(b, ip, n);
	wr16(b + IPH_LEN, (uint16_t)(n + 10)); /* longer than the frame */
	fix_csum(b);
	expect_drop(b, n, DROP_INVALID_IP_LENGTH);

	memcpy(b, ip, n);
	wr16(b + IPH_LEN, 19); /* shorter than the header */
	fix_csum(b);
	expect_drop(b, n, DROP_INVALID_IP_LENGTH);

	/* an option (router alert) */
	uint8_t o[256];
	memcpy(o, ip, 20);
	o[IPH_VHL] = 0x46;
	o[20] = 0x94;
	o[21] = 4;
	o[22] = o[23] = 0;
	memcpy(o + 24, ip + 20, n - 20);
	wr16(o + IPH_LEN, (uint16_t)(n + 4));
	fix_csum(o);
	expect_drop(o, n + 4, DROP_INVALID_IP_OPTION);

	/* TTL 0 */
	n = echo_pkt(b, OUTSIDE, 0);
	expect_drop(b, n, DROP_TTL_EXCEEDED);

	/* trailing Ethernet padding is fine: the packet is trimmed */
	n = echo_pkt(b, OUTSIDE, 64);
	memset(b + n, 0xee, 10);
	h_feed_ip(h_e0, b, n + 10);
	assert_int_equal(h_ntx, 1);
	assert_int_equal(rd16(h_tx_l3(0, NULL) + IPH_LEN), n);
}

static void martians(void **state)
{
	(void)state;
	uint8_t icmp[64], b[128];
	size_t l = h_echo(icmp, 1, 1, 8);
	size_t n = h_ipv4(b, OUTSIDE, OUTSIDE, IPPROTO_ICMP_, 64, 1, 0, icmp, l);
	expect_drop(b, n, DROP_SP_SECURITY_FAILED); /* land */
	n = h_ipv4(b, h_ip("127.0.0.1"), OUTSIDE, IPPROTO_ICMP_, 64, 1, 0, icmp, l);
	expect_drop(b, n, DROP_SP_SECURITY_FAILED);
	n = h_ipv4(b, h_ip("224.0.0.5"), OUTSIDE, IPPROTO_ICMP_, 64, 1, 0, icmp, l);
	expect_drop(b, n, DROP_SP_SECURITY_FAILED);
	n = h_ipv4(b, 0, OUTSIDE, IPPROTO_ICMP_, 64, 1, 0, icmp, l);
	expect_drop(b, n, DROP_SP_SECURITY_FAILED);
	n = h_ipv4(b, PEER, h_ip("127.0.0.1"), IPPROTO_ICMP_, 64, 1, 0, icmp, l);
	expect_drop(b, n, DROP_SP_SECURITY_FAILED);
}

static void l4_lengths(void **state)
{
	(void)state;
	uint8_t tcp[20] = {0}, b[128];
	tcp[12] = 0x40; /* data offset 4 words */
	size_t n = h_ipv4(b, PEER, h_ip("10.4.4.5"), IPPROTO_TCP_, 64, 1, 0, tcp, sizeof tcp);
	expect_drop(b, n, DROP_INVALID_TCP_HDR_LENGTH);
	tcp[12] = 0x60; /* 24 bytes, only 20 there */
	n = h_ipv4(b, PEER, h_ip("10.4.4.5"), IPPROTO_TCP_, 64, 1, 0, tcp, sizeof tcp);
	expect_drop(b, n, DROP_INVALID_TCP_HDR_LENGTH);
	uint8_t udp[12] = {0};
	wr16(udp + 4, 20); /* longer than the datagram */
	n = h_ipv4(b, PEER, h_ip("10.4.4.5"), IPPROTO_UDP_, 64, 1, 0, udp, sizeof udp);
	expect_drop(b, n, DROP_INVALID_UDP_LENGTH);
	wr16(udp + 4, 4);
	n = h_ipv4(b, PEER, h_ip("10.4.4.5"), IPPROTO_UDP_, 64, 1, 0, udp, sizeof udp);
	expect_drop(b, n, DROP_INVALID_UDP_LENGTH);
	/* a good one passes the checks and is handed to the firewall (with
	 * the real fw.c linked in, what it decides is its own business) */
	wr16(udp + 4, 12);
	n = h_ipv4(b, PEER, h_ip("10.4.4.5"), IPPROTO_UDP_, 64, 1, 0, udp, sizeof udp);
	uint64_t bad = asp_drop_count(DROP_INVALID_UDP_LENGTH) +
		       asp_drop_count(DROP_INVALID_IP_HEADER) + asp_drop_count(DROP_INVALID_IP_LENGTH);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(asp_drop_count(DROP_INVALID_UDP_LENGTH) +
				 asp_drop_count(DROP_INVALID_IP_HEADER) +
				 asp_drop_count(DROP_INVALID_IP_LENGTH),
			 bad);
	if (h_nfwd) { /* the stub firewall of dp_harness.h */
		assert_int_equal(h_nfwd, 1);
		assert_ptr_equal(h_fwd[0]->in, h_e0);
		assert_int_equal(h_fwd[0]->len, n);
	}
}

static void other_interface_address(void **state)
{
	(void)state;
	static_peer();
	uint8_t b[256];
	size_t n = echo_pkt(b, h_ip("10.4.4.1"), 64);
	expect_drop(b, n, DROP_ACL_DROP);
}

static void icmp_rules(void **state)
{
	(void)state;
	static_peer();
	uint8_t b[256];
	size_t n = echo_pkt(b, OUTSIDE, 64);
	h_conf("icmp deny any echo outside");
	expect_drop(b, n, DROP_ACL_DROP);
	h_conf("no icmp deny any echo outside\nicmp permit host 172.16.1.2 echo outside");
	h_feed_ip(h_e0, b, n);
	assert_int_equal(h_ntx, 1);
	h_tx_clear();
	/* rules exist but none matches: denied */
	h_conf("no icmp permit host 172.16.1.2 echo outside\n"
	       "icmp permit host 172.16.1.3 echo outside");
	expect_drop(b, n, DROP_ACL_DROP);
	h_conf("clear configure icmp");
}

/* Fragments of an echo request: data bytes [off, off+len) of the ICMP
 * message. */
static size_t frag_of(uint8_t *out, const uint8_t *icmp, size_t off, size_t len, bool more,
		      uint16_t id)
{
	return h_ipv4(out, PEER, OUTSIDE, IPPROTO_ICMP_, 64, id,
		      (uint16_t)((more ? IPH_MF : 0) | off / 8), icmp + off, len);
}

static void reassembly(void **state)
{
	(void)state;
	static_peer();
	uint8_t icmp[256], f[256];
	size_t l = h_echo(icmp, 9, 3, 100); /* 108 bytes */
	/* out of order: last, first, middle */
	size_t n = frag_of(f, icmp, 96, l - 96, false, 77);
	h_feed_ip(h_e0, f, n);
	n = frag_of(f, icmp, 0, 48, true, 77);
	h_feed_ip(h_e0, f, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(frag_pending(), 1);
	n = frag_of(f, icmp, 48, 48, true, 77);
	h_feed_ip(h_e0, f, n);
	assert_int_equal(frag_pending(), 0);
	assert_int_equal(h_ntx, 1);
	const uint8_t *r = h_tx_l3(0, NULL);
	assert_int_equal(rd16(r + IPH_LEN), 20 + l);
	assert_memory_equal(r + 28, icmp + 8, l - 8);
}

static void fragment_attacks(void **state)
{
	(void)state;
	static_peer();
	uint8_t icmp[256], f[256];
	size_t l = h_echo(icmp, 9, 3, 100);
	/* overlap: the second fragment starts inside the first */
	size_t n = frag_of(f, icmp, 0, 48, true, 1);
	h_feed_ip(h_e0, f, n);
	uint64_t before = asp_drop_count(DROP_SECURITY_FAILED);
	n = frag_of(f, icmp, 40, l - 40, false, 1);
	h_feed_ip(h_e0, f, n);
	assert_int_equal(asp_drop_count(DROP_SECURITY_FAILED), before + 2); /* both */
	assert_int_equal(frag_pending(), 0);
	assert_int_equal(h_ntx, 0);

	/* tiny first fragment: 8 bytes cannot hold a TCP header */
	uint8_t tcp[64] = {0};
	n = h_ipv4(f, PEER, h_ip("10.4.4.5"), IPPROTO_TCP_, 64, 2, IPH_MF, tcp, 8);
	expect_drop(f, n, DROP_SECURITY_FAILED);
	/* TCP at offset 8 (RFC 1858) */
	n = h_ipv4(f, PEER, h_ip("10.4.4.5"), IPPROTO_TCP_, 64, 3, 1, tcp, 16);
	expect_drop(f, n, DROP_SECURITY_FAILED);
	/* misaligned middle fragment */
	n = frag_of(f, icmp, 0, 44, true, 4);
	expect_drop(f, n, DROP_IP_FRAGMENT);
	/* beyond 65535 */
	n = h_ipv4(f, PEER, OUTSIDE, IPPROTO_ICMP_, 64, 5, 8189, icmp, 64);
	expect_drop(f, n, DROP_IP_FRAGMENT);
	/* a duplicate is dropped alone; the datagram still completes */
	n = frag_of(f, icmp, 0, 48, true, 6);
	h_feed_ip(h_e0, f, n);
	expect_drop(f, n, DROP_IP_FRAGMENT);
	n = frag_of(f, icmp, 48, l - 48, false, 6);
	h_feed_ip(h_e0, f, n);
	assert_int_equal(h_ntx, 1);
}

static void fragment_limits(void **state)
{
	(void)state;
	static_peer();
	uint8_t data[512] = {0}, f[256];
	/* 25 fragments of 8 bytes: the chain limit is 24 */
	data[0] = ICMP_ECHO;
	uint64_t before = asp_drop_count(DROP_IP_FRAGMENT);
	for (int i = 0; i < 25; i++) {
		size_t n = h_ipv4(f, PEER, OUTSIDE, IPPROTO_ICMP_, 64, 50, (uint16_t)(IPH_MF | (i + 1)),
				  data, 8);
		h_feed_ip(h_e0, f, n);
	}
	assert_int_equal(frag_pending(), 0);
	assert_int_equal(asp_drop_count(DROP_IP_FRAGMENT), before + 25);
	/* an incomplete datagram times out after 5 s */
	size_t n = h_ipv4(f, PEER, OUTSIDE, IPPROTO_ICMP_, 64, 51, IPH_MF, data, 16);
	h_feed_ip(h_e0, f, n);
	assert_int_equal(frag_pending(), 1);
	h_advance(4000);
	frag_expire(h_clock);
	assert_int_equal(frag_pending(), 1);
	h_advance(1000);
	frag_expire(h_clock);
	assert_int_equal(frag_pending(), 0);
	assert_int_equal(asp_drop_count(DROP_IP_FRAGMENT), before + 26);
}

static void output_mtu(void **state)
{
	(void)state;
	static_peer();
	h_conf("arp inside 10.4.4.5 0000.5e00.5302\nmtu inside 576");
	/* a 1000-byte packet from outside to inside, not DF: fragmented */
	uint8_t data[1200], b[1300];
	for (int i = 0; i < 980; i++)
		data[i] = (uint8_t)i;
	size_t n = h_ipv4(b, PEER, h_ip("10.4.4.5"), IPPROTO_UDP_, 63, 99, 0, data, 980);
	struct pkt *p = pkt_alloc();
	memcpy(p->data, b, n);
	p->len = (uint32_t)n;
	p->in = h_e0;
	ip_output(h_e1, h_ip("10.4.4.5"), p);
	assert_int_equal(h_ntx, 2);
	const uint8_t *f0 = h_tx_l3(0, NULL), *f1 = h_tx_l3(1, NULL);
	assert_int_equal(rd16(f0 + IPH_LEN), 20 + 552);
	assert_int_equal(rd16(f0 + IPH_FRAG), IPH_MF);
	assert_int_equal(rd16(f1 + IPH_LEN), 20 + 980 - 552);
	assert_int_equal(rd16(f1 + IPH_FRAG), 552 / 8);
	assert_int_equal(cksum(f0, 20), 0);
	assert_int_equal(cksum(f1, 20), 0);
	assert_memory_equal(f1 + 20, data + 552, 980 - 552);
	h_tx_clear();
	/* DF: dropped, and the sender hears "fragmentation needed", MTU 576 */
	n = h_ipv4(b, PEER, h_ip("10.4.4.5"), IPPROTO_UDP_, 63, 100, IPH_DF, data, 980);
	p = pkt_alloc();
	memcpy(p->data, b, n);
	p->len = (uint32_t)n;
	p->in = h_e0;
	ip_output(h_e1, h_ip("10.4.4.5"), p);
	assert_int_equal(h_ntx, 1);
	assert_ptr_equal(h_txif[0], h_e0);
	const uint8_t *e = h_tx_l3(0, NULL);
	assert_int_equal(e[20], ICMP_UNREACH);
	assert_int_equal(e[21], ICMP_UNREACH_NEEDFRAG);
	assert_int_equal(rd16(e + 26), 576);
	assert_int_equal(ip_dst(e), PEER);
	assert_int_equal(ip_src(e), OUTSIDE);
	assert_memory_equal(e + 28, b, 28); /* the header and 8 bytes quoted */
	h_tx_clear();
	/* the rate limit (1 per second, burst 1) holds back the next one */
	p = pkt_alloc();
	memcpy(p->data, b, n);
	p->len = (uint32_t)n;
	p->in = h_e0;
	ip_output(h_e1, h_ip("10.4.4.5"), p);
	assert_int_equal(h_ntx, 0);
}

static void vlan_subinterface(void **state)
{
	(void)state;
	h_conf("interface Ethernet1.10\n vlan 10\n nameif dmz\n security-level 50\n"
	       " ip address 192.168.10.1 255.255.255.0\n"
	       "arp dmz 192.168.10.2 0000.5e00.5303");
	h_tx_clear(); /* gratuitous ARP of the new address */
	struct iface *dmz = iface_find_name("dmz");
	assert_non_null(dmz);
	uint8_t icmp[64], ip[128];
	size_t l = h_echo(icmp, 1, 1, 8);
	size_t n = h_ipv4(ip, h_ip("192.168.10.2"), h_ip("192.168.10.1"), IPPROTO_ICMP_, 64, 1, 0,
			  icmp, l);
	struct pkt *p = pkt_alloc();
	memcpy(p->data, h_e1->mac, 6);
	memcpy(p->data + 6, h_peer_mac, 6);
	wr16(p->data + 12, ETHERTYPE_VLAN);
	wr16(p->data + 14, 10);
	wr16(p->data + 16, ETHERTYPE_IP);
	memcpy(p->data + 18, ip, n);
	p->len = (uint32_t)(18 + n);
	eth_input(h_e1, p);
	assert_int_equal(h_ntx, 1);
	assert_ptr_equal(h_txif[0], dmz);
	assert_int_equal(rd16(h_tx[0]->data + 12), ETHERTYPE_VLAN);
	assert_int_equal(rd16(h_tx[0]->data + 14), 10);
	assert_int_equal(h_tx_l3(0, NULL)[20], ICMP_ECHOREPLY);
	assert_int_equal(dmz->stats.in_pkts, 1);
	h_tx_clear();
	/* a VLAN no subinterface has */
	p = pkt_alloc();
	memcpy(p->data, h_e1->mac, 6);
	memcpy(p->data + 6, h_peer_mac, 6);
	wr16(p->data + 12, ETHERTYPE_VLAN);
	wr16(p->data + 14, 11);
	wr16(p->data + 16, ETHERTYPE_IP);
	memcpy(p->data + 18, ip, n);
	p->len = (uint32_t)(18 + n);
	uint64_t before = asp_drop_count(DROP_INVALID_ENCAP);
	eth_input(h_e1, p);
	assert_int_equal(asp_drop_count(DROP_INVALID_ENCAP), before + 1);
	assert_int_equal(h_ntx, 0);
	h_conf("no interface Ethernet1.10");
	dp_sync();
}

static void l2_filters(void **state)
{
	(void)state;
	uint8_t x[64] = {0x60};
	uint64_t before = asp_drop_count(DROP_INVALID_ENCAP);
	eth_input(h_e0, h_eth(h_e0, 0x86dd, x, 40)); /* IPv6 */
	assert_int_equal(asp_drop_count(DROP_INVALID_ENCAP), before + 1);
	/* to another station: not ours, not counted */
	struct pkt *p = h_eth(h_e0, ETHERTYPE_IP, x, 40);
	p->data[5] ^= 1;
	eth_input(h_e0, p);
	assert_int_equal(asp_drop_count(DROP_INVALID_ENCAP), before + 1);
	/* runt */
	p = pkt_alloc();
	p->len = 10;
	eth_input(h_e0, p);
	assert_int_equal(h_e0->stats.runts, 1);
}

static bool udp_seen;
static bool udp_handler(struct iface *ifp, struct pkt *p, uint32_t src, uint16_t sport,
			uint32_t dst, uint16_t dport, const uint8_t *payload, size_t len)
{
	(void)ifp;
	(void)src;
	(void)dst;
	udp_seen = sport == 4000 && dport == 5000 && len == 4 && !memcmp(payload, "ping", 4);
	pkt_free(p);
	return true;
}

static void udp_to_box(void **state)
{
	(void)state;
	local_udp_register(5000, udp_handler);
	uint8_t u[12], b[64];
	wr16(u, 4000);
	wr16(u + 2, 5000);
	wr16(u + 4, 12);
	wr16(u + 6, 0);
	memcpy(u + 8, "ping", 4);
	uint8_t ph[4];
	wr32(ph, PEER);
	uint8_t dst[4];
	wr32(dst, OUTSIDE);
	uint16_t c = cksum_l4(ph, dst, IPPROTO_UDP_, u, 12);
	memcpy(u + 6, &c, 2);
	size_t n = h_ipv4(b, PEER, OUTSIDE, IPPROTO_UDP_, 64, 1, 0, u, 12);
	h_feed_ip(h_e0, b, n);
	assert_true(udp_seen);
	udp_seen = false;
	u[8] ^= 1; /* checksum now wrong */
	n = h_ipv4(b, PEER, OUTSIDE, IPPROTO_UDP_, 64, 1, 0, u, 12);
	uint64_t bad = local_udp_bad_cksum();
	h_feed_ip(h_e0, b, n);
	assert_int_equal(local_udp_bad_cksum(), bad + 1);
	assert_false(udp_seen);
}

static void show_asp_drop_layout(void **state)
{
	(void)state;
	h_show("clear asp drop");
	uint8_t b[256];
	size_t n = echo_pkt(b, OUTSIDE, 64);
	b[IPH_CSUM] ^= 1;
	h_feed_ip(h_e0, b, n);
	h_feed_ip(h_e0, b, n);
	char *s = h_show("show asp drop");
	char want[160];
	const char *t = "  Invalid IP header (invalid-ip-header)";
	snprintf(want, sizeof want, "Frame drop:\n%s%*s2\n\nLast clearing: ", t,
		 (int)(79 - strlen(t)), "");
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "\n\nFlow drop:\n\nLast clearing: "));
	s = h_show("show asp drop frame invalid-ip-header");
	assert_non_null(strstr(s, "(invalid-ip-header)"));
	h_show("clear asp drop frame");
	s = h_show("show asp drop");
	assert_null(strstr(s, "invalid-ip-header"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cksum_basics),
		cmocka_unit_test_setup_teardown(echo_answered, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(echo_resolves_arp, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(header_checks, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(martians, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(l4_lengths, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(other_interface_address, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(icmp_rules, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(reassembly, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(fragment_attacks, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(fragment_limits, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(output_mtu, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(vlan_subinterface, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(l2_filters, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(udp_to_box, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(show_asp_drop_layout, h_setup, h_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
