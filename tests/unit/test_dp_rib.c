/* test_dp_rib.c — the routing table: connected and static routes, longest
 * prefix match, distances, equal-cost routes, routes that are not
 * installed, interfaces going down, show route, and lookups over many
 * routes checked against a linear scan. */
#include "dp_harness.h"

#include "dataplane/route.h"
#include "lib/ip4.h"

static void expect_route(const char *dst, struct iface *ifp, const char *nh)
{
	struct iface *got;
	uint32_t gnh;
	assert_true(rib_lookup(h_ip(dst), &got, &gnh));
	assert_ptr_equal(got, ifp);
	assert_int_equal(gnh, h_ip(nh));
}

static void basic_lookup(void **state)
{
	(void)state;
	h_conf("route outside 0.0.0.0 0.0.0.0 172.16.1.2 1\n"
	       "route inside 10.0.0.0 255.0.0.0 10.4.4.2 1\n"
	       "route inside 10.9.0.0 255.255.0.0 10.4.4.3 1\n");
	expect_route("8.8.8.8", h_e0, "172.16.1.2");
	expect_route("172.16.1.77", h_e0, "172.16.1.77"); /* connected: the host itself */
	expect_route("10.4.4.9", h_e1, "10.4.4.9");        /* /24 beats /8 */
	expect_route("10.1.2.3", h_e1, "10.4.4.2");
	expect_route("10.9.2.3", h_e1, "10.4.4.3");
	uint32_t nh;
	assert_true(rib_lookup_on(h_ip("10.9.2.3"), h_e1, &nh));
	assert_false(rib_lookup_on(h_ip("10.9.2.3"), h_e0, &nh) && nh != h_ip("172.16.1.2"));
	struct iface *l;
	assert_true(ip_is_local(h_ip("10.4.4.1"), &l));
	assert_ptr_equal(l, h_e1);
	assert_false(ip_is_local(h_ip("10.4.4.2"), NULL));
}

static void not_installed(void **state)
{
	(void)state;
	/* gateway not on the interface's network */
	h_conf("route inside 192.168.5.0 255.255.255.0 172.16.1.2 1");
	struct iface *ifp;
	uint32_t nh;
	assert_false(rib_lookup(h_ip("192.168.5.1"), &ifp, &nh));
	/* interface down: its connected and static routes go */
	h_conf("route outside 192.168.6.0 255.255.255.0 172.16.1.2 1\n"
	       "interface Ethernet0\n shutdown");
	assert_false(rib_lookup(h_ip("192.168.6.1"), &ifp, &nh));
	assert_false(rib_lookup(h_ip("172.16.1.5"), &ifp, &nh));
	h_conf("interface Ethernet0\n no shutdown");
	expect_route("192.168.6.1", h_e0, "172.16.1.2");
	h_e0->link_up = false;
	dp_sync();
	assert_false(rib_lookup(h_ip("192.168.6.1"), &ifp, &nh));
	h_e0->link_up = true;
	dp_sync();
	expect_route("192.168.6.1", h_e0, "172.16.1.2");
}

static void distances(void **state)
{
	(void)state;
	h_conf("route outside 0.0.0.0 0.0.0.0 172.16.1.2 5\n"
	       "route inside 0.0.0.0 0.0.0.0 10.4.4.2 2\n");
	expect_route("8.8.8.8", h_e1, "10.4.4.2");
	h_conf("no route inside 0.0.0.0 0.0.0.0 10.4.4.2 2");
	expect_route("8.8.8.8", h_e0, "172.16.1.2");
	/* equal cost: shared per destination, every gateway used */
	h_conf("route outside 10.50.0.0 255.255.0.0 172.16.1.11 1\n"
	       "route outside 10.50.0.0 255.255.0.0 172.16.1.12 1\n"
	       "route outside 10.50.0.0 255.255.0.0 172.16.1.13 1\n");
	bool seen[3] = {false};
	for (unsigned i = 0; i < 256; i++) {
		struct iface *ifp;
		uint32_t nh;
		assert_true(rib_lookup(h_ip("10.50.0.0") + i, &ifp, &nh));
		assert_true(nh >= h_ip("172.16.1.11") && nh <= h_ip("172.16.1.13"));
		seen[nh - h_ip("172.16.1.11")] = true;
		uint32_t again;
		assert_true(rib_lookup(h_ip("10.50.0.0") + i, &ifp, &again));
		assert_int_equal(nh, again); /* stable per destination */
	}
	assert_true(seen[0] && seen[1] && seen[2]);
}

static void show_route_layout(void **state)
{
	(void)state;
	const char *legend =
		"Codes: C - connected, S - static, I - IGRP, R - RIP, M - mobile, B - BGP\n"
		"       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area\n"
		"       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
		"       E1 - OSPF external type 1, E2 - OSPF external type 2, E - EGP\n"
		"       i - IS-IS, L1 - IS-IS level-1, L2 - IS-IS level-2, ia - IS-IS inter area\n"
		"       * - candidate default, U - per-user static route, o - ODR\n"
		"       P - periodic downloaded static route\n\n";
	char want[2048];
	snprintf(want, sizeof want, "%sGateway of last resort is not set\n\n"
				    "C    10.4.4.0 255.255.255.0 is directly connected, inside\n"
				    "C    172.16.1.0 255.255.255.0 is directly connected, outside\n",
		 legend);
	assert_string_equal(h_show("show route"), want);
	h_conf("route outside 0.0.0.0 0.0.0.0 172.16.1.2 1\n"
	       "route inside 10.0.0.0 255.0.0.0 10.4.4.2 1\n"
	       "route inside 10.0.0.0 255.0.0.0 10.4.4.3 1\n");
	snprintf(want, sizeof want,
		 "%sGateway of last resort is 172.16.1.2 to network 0.0.0.0\n\n"
		 "S    10.0.0.0 255.0.0.0 [1/0] via 10.4.4.2, inside\n"
		 "                        [1/0] via 10.4.4.3, inside\n"
		 "C    10.4.4.0 255.255.255.0 is directly connected, inside\n"
		 "C    172.16.1.0 255.255.255.0 is directly connected, outside\n"
		 "S*   0.0.0.0 0.0.0.0 [1/0] via 172.16.1.2, outside\n",
		 legend);
	assert_string_equal(h_show("show route"), want);
	snprintf(want, sizeof want,
		 "%sGateway of last resort is 172.16.1.2 to network 0.0.0.0\n\n"
		 "C    172.16.1.0 255.255.255.0 is directly connected, outside\n"
		 "S*   0.0.0.0 0.0.0.0 [1/0] via 172.16.1.2, outside\n",
		 legend);
	assert_string_equal(h_show("show route outside"), want);
}

/* Many routes: the hash tables agree with a linear longest-match scan over
 * the configured routes. */
static void many_routes(void **state)
{
	(void)state;
	enum { N = 3000 };
	char line[128];
	uint32_t seed = 12345;
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		int len = 8 + (int)(seed >> 8) % 25;
		uint32_t mask = ip4_len_mask(len);
		seed = seed * 1103515245u + 12345u;
		uint32_t net = (0x40000000u | ((seed ^ (seed << 7)) & 0x3fffffffu)) & mask;
		uint32_t gw = h_ip("172.16.1.2") + (uint32_t)(i % 200);
		char a[16], m[16], g[16];
		snprintf(line, sizeof line, "route outside %s %s %s 1", ip4_fmt(net, a),
			 ip4_fmt(mask, m), ip4_fmt(gw, g));
		cli_exec_line(h_cli, line);
	}
	dp_sync();
	size_t nr = route_count();
	assert_true(nr > N / 2);
	for (int t = 0; t < 20000; t++) {
		seed = seed * 1103515245u + 12345u;
		const struct route *pick = route_at((size_t)t % nr);
		uint32_t dst = t % 2 ? (0x40000000u | (seed & 0x3fffffffu))
				     : pick->net | (seed & ~pick->mask);
		int blen = -1;
		for (size_t i = 0; i < nr; i++) {
			const struct route *r = route_at(i);
			int len = ip4_mask_len(r->mask);
			if ((dst & r->mask) == r->net && len > blen)
				blen = len;
		}
		struct iface *ifp;
		uint32_t nh;
		bool found = rib_lookup(dst, &ifp, &nh);
		assert_int_equal(found, blen >= 0);
		if (!found)
			continue;
		bool ok = false;
		for (size_t i = 0; i < nr && !ok; i++) {
			const struct route *r = route_at(i);
			ok = ip4_mask_len(r->mask) == blen && (dst & r->mask) == r->net && r->gw == nh;
		}
		assert_true(ok);
	}
	h_conf("clear configure route");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(basic_lookup, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(not_installed, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(distances, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(show_route_layout, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(many_routes, h_setup, h_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
