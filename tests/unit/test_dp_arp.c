/* test_dp_arp.c — the ARP table: replies for the box's addresses and for
 * proxied ones, learning, resolution with a queue, retries, aging,
 * gratuitous ARP, collisions, malformed packets, show arp / clear arp. */
#include "dp_harness.h"

static const uint32_t PEER = 0xac100102; /* 172.16.1.2 */
static const uint32_t OUTSIDE = 0xac100101;

static void arp_pkt(uint8_t *a, uint16_t op, const uint8_t sha[6], uint32_t spa,
		    const uint8_t tha[6], uint32_t tpa)
{
	wr16(a + ARP_HTYPE, 1);
	wr16(a + ARP_PTYPE, ETHERTYPE_IP);
	a[ARP_HLEN] = 6;
	a[ARP_PLEN] = 4;
	wr16(a + ARP_OP, op);
	memcpy(a + ARP_SHA, sha, 6);
	wr32(a + ARP_SPA, spa);
	memcpy(a + ARP_THA, tha, 6);
	wr32(a + ARP_TPA, tpa);
}

static void feed_arp(uint16_t op, uint32_t spa, uint32_t tpa)
{
	static const uint8_t zero[6];
	uint8_t a[ARP_LEN];
	arp_pkt(a, op, h_peer_mac, spa, op == ARP_OP_REPLY ? h_e0->mac : zero, tpa);
	struct pkt *p = h_eth(h_e0, ETHERTYPE_ARP, a, sizeof a);
	if (op == ARP_OP_REQUEST)
		memset(p->data, 0xff, 6);
	eth_input(h_e0, p);
}

static const uint8_t *tx_arp(int i)
{
	uint16_t type;
	const uint8_t *a = h_tx_l3(i, &type);
	assert_int_equal(type, ETHERTYPE_ARP);
	return a;
}

static void request_for_us(void **state)
{
	(void)state;
	feed_arp(ARP_OP_REQUEST, PEER, OUTSIDE);
	assert_int_equal(h_ntx, 1);
	const uint8_t *a = tx_arp(0);
	assert_int_equal(rd16(a + ARP_OP), ARP_OP_REPLY);
	assert_memory_equal(a + ARP_SHA, h_e0->mac, 6);
	assert_int_equal(rd32(a + ARP_SPA), OUTSIDE);
	assert_memory_equal(a + ARP_THA, h_peer_mac, 6);
	assert_int_equal(rd32(a + ARP_TPA), PEER);
	assert_memory_equal(h_tx[0]->data, h_peer_mac, 6); /* unicast back */
	assert_int_equal(h_tx[0]->len, 60);               /* padded */
	/* the requester was learnt */
	uint8_t mac[6];
	assert_true(arp_lookup(h_e0, PEER, mac));
	assert_memory_equal(mac, h_peer_mac, 6);
	char *s = h_show("show arp");
	assert_string_equal(s, "        outside 172.16.1.2 0000.5e00.5301 0\n");
	h_advance(12000);
	s = h_show("show arp");
	assert_string_equal(s, "        outside 172.16.1.2 0000.5e00.5301 12\n");
	h_show("clear arp");
	assert_false(arp_lookup(h_e0, PEER, mac));
	assert_string_equal(h_show("show arp"), "");
}

static void request_for_others(void **state)
{
	(void)state;
	feed_arp(ARP_OP_REQUEST, PEER, 0xac100109);
	assert_int_equal(h_ntx, 0);
	uint8_t mac[6];
	assert_false(arp_lookup(h_e0, PEER, mac)); /* not addressed to us: not learnt */
	/* off-net sender: never learnt */
	feed_arp(ARP_OP_REQUEST, 0x0a090909, OUTSIDE);
	assert_false(arp_lookup(h_e0, 0x0a090909, mac));
}

static bool proxy_109(const struct iface *ifp, uint32_t ip)
{
	return ifp == h_e0 && ip == 0xac100109;
}

static void proxy_arp(void **state)
{
	(void)state;
	arp_proxy_register(proxy_109);
	feed_arp(ARP_OP_REQUEST, PEER, 0xac100109);
	assert_int_equal(h_ntx, 1);
	const uint8_t *a = tx_arp(0);
	assert_int_equal(rd32(a + ARP_SPA), 0xac100109);
	assert_memory_equal(a + ARP_SHA, h_e0->mac, 6);
	h_tx_clear();
	h_conf("sysopt noproxyarp outside");
	feed_arp(ARP_OP_REQUEST, PEER, 0xac100109);
	assert_int_equal(h_ntx, 0);
	h_conf("no sysopt noproxyarp outside");
	/* an alias entry is answered with its own MAC */
	h_conf("arp outside 172.16.1.50 0011.2233.4455 alias");
	feed_arp(ARP_OP_REQUEST, PEER, 0xac100132);
	assert_int_equal(h_ntx, 1);
	a = tx_arp(0);
	static const uint8_t m[6] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
	assert_memory_equal(a + ARP_SHA, m, 6);
	assert_string_equal(h_show("show arp"), "        outside 172.16.1.50 0011.2233.4455 alias\n");
}

static struct pkt *udp_to(uint32_t dst)
{
	uint8_t u[8] = {0, 1, 0, 2, 0, 8, 0, 0};
	struct pkt *p = pkt_alloc();
	p->len = (uint32_t)h_ipv4(p->data, 0x0a040405, dst, IPPROTO_UDP_, 63, 1, 0, u, sizeof u);
	return p;
}

static void resolve_queue_retry(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		arp_resolve_send(h_e0, PEER, udp_to(PEER));
	assert_int_equal(h_ntx, 1); /* one request for three packets */
	const uint8_t *a = tx_arp(0);
	assert_int_equal(rd16(a + ARP_OP), ARP_OP_REQUEST);
	assert_memory_equal(h_tx[0]->data, "\xff\xff\xff\xff\xff\xff", 6);
	h_tx_clear();
	h_advance(1000);
	arp_tick(h_clock);
	assert_int_equal(h_ntx, 1); /* the retry */
	h_tx_clear();
	feed_arp(ARP_OP_REPLY, PEER, OUTSIDE);
	assert_int_equal(h_ntx, 3); /* the queue, in order */
	for (int i = 0; i < 3; i++) {
		assert_memory_equal(h_tx[i]->data, h_peer_mac, 6);
		assert_int_equal(rd16(h_tx[i]->data + 12), ETHERTYPE_IP);
	}
	h_tx_clear();
	/* nobody answers for .3: three requests, then the packets are dropped */
	uint64_t before = asp_drop_count(DROP_NO_ADJACENCY);
	arp_resolve_send(h_e0, 0xac100103, udp_to(0xac100103));
	for (int i = 0; i < 3; i++) {
		h_advance(1000);
		arp_tick(h_clock);
	}
	assert_int_equal(h_ntx, 3);
	assert_int_equal(asp_drop_count(DROP_NO_ADJACENCY), before + 1);
	uint8_t mac[6];
	assert_false(arp_lookup(h_e0, 0xac100103, mac));
	/* at most 16 packets wait per address */
	for (int i = 0; i < 20; i++)
		arp_resolve_send(h_e0, 0xac100104, udp_to(0xac100104));
	assert_int_equal(asp_drop_count(DROP_NO_ADJACENCY), before + 5);
}

static void aging(void **state)
{
	(void)state;
	h_conf("arp timeout 60");
	feed_arp(ARP_OP_REQUEST, PEER, OUTSIDE);
	h_tx_clear();
	uint8_t mac[6];
	h_advance(59000);
	arp_tick(h_clock);
	assert_true(arp_lookup(h_e0, PEER, mac));
	h_advance(1000);
	arp_tick(h_clock);
	assert_false(arp_lookup(h_e0, PEER, mac));
	/* an expired entry still in use is refreshed, traffic keeps flowing */
	feed_arp(ARP_OP_REQUEST, PEER, OUTSIDE);
	h_tx_clear();
	h_advance(61000);
	arp_resolve_send(h_e0, PEER, udp_to(PEER));
	assert_int_equal(h_ntx, 2); /* the refresh request, then the packet */
	assert_int_equal(rd16(h_tx[0]->data + 12), ETHERTYPE_ARP);
	assert_int_equal(rd16(h_tx[1]->data + 12), ETHERTYPE_IP);
	h_conf("no arp timeout");
}

static void gratuitous(void **state)
{
	(void)state;
	h_conf("interface Ethernet0\n ip address 172.16.2.1 255.255.255.0");
	assert_int_equal(h_ntx, 1);
	const uint8_t *a = tx_arp(0);
	assert_int_equal(rd32(a + ARP_SPA), 0xac100201);
	assert_int_equal(rd32(a + ARP_TPA), 0xac100201);
	assert_memory_equal(h_tx[0]->data, "\xff\xff\xff\xff\xff\xff", 6);
	h_tx_clear();
	/* nothing changed: nothing sent */
	dp_sync();
	assert_int_equal(h_ntx, 0);
	/* link down and up again: announced again */
	h_e0->link_up = false;
	dp_sync();
	h_e0->link_up = true;
	dp_sync();
	assert_int_equal(h_ntx, 1);
}

static void collision_and_garbage(void **state)
{
	(void)state;
	/* someone else claims our address */
	feed_arp(ARP_OP_REQUEST, OUTSIDE, OUTSIDE);
	assert_int_equal(h_ntx, 0);
	char *s = h_show("show arp statistics");
	assert_non_null(strstr(s, "        Interface collision ARPs Received: 1\n"));
	assert_non_null(strstr(s, "        Number of ARP entries:\n        PIX : 0\n"));
	/* not Ethernet/IPv4 ARP */
	uint8_t a[ARP_LEN];
	arp_pkt(a, ARP_OP_REQUEST, h_peer_mac, PEER, h_peer_mac, OUTSIDE);
	a[ARP_HLEN] = 8;
	uint64_t before = asp_drop_count(DROP_INVALID_ENCAP);
	eth_input(h_e0, h_eth(h_e0, ETHERTYPE_ARP, a, sizeof a));
	eth_input(h_e0, h_eth(h_e0, ETHERTYPE_ARP, a, 20)); /* truncated */
	assert_int_equal(asp_drop_count(DROP_INVALID_ENCAP), before + 2);
	assert_int_equal(h_ntx, 0);
}

static void statics(void **state)
{
	(void)state;
	h_conf("arp inside 10.4.4.20 0011.2233.4455");
	uint8_t mac[6];
	assert_true(arp_lookup(h_e1, 0x0a040414, mac));
	/* an ARP from that address does not change a static entry */
	arp_resolve_send(h_e1, 0x0a040414, udp_to(0x0a040414));
	assert_int_equal(h_ntx, 1);
	assert_memory_equal(h_tx[0]->data, "\x00\x11\x22\x33\x44\x55", 6);
	h_show("clear arp");
	assert_true(arp_lookup(h_e1, 0x0a040414, mac)); /* statics stay */
	assert_string_equal(h_show("show arp"), "        inside 10.4.4.20 0011.2233.4455 -\n");
	h_conf("no arp inside 10.4.4.20 0011.2233.4455");
	assert_false(arp_lookup(h_e1, 0x0a040414, mac));
}

static void interface_renamed(void **state)
{
	(void)state;
	feed_arp(ARP_OP_REQUEST, PEER, OUTSIDE);
	h_tx_clear();
	/* the interface changes network: its entries go */
	h_conf("interface Ethernet0\n ip address 192.0.2.1 255.255.255.0");
	uint8_t mac[6];
	assert_false(arp_lookup(h_e0, PEER, mac));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(request_for_us, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(request_for_others, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(proxy_arp, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(resolve_queue_retry, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(aging, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(gratuitous, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(collision_and_garbage, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(statics, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(interface_renamed, h_setup, h_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
