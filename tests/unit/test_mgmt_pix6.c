/* test_mgmt_pix6.c — what pasted PIX 6 and 8.x lines leave in the typed
 * configuration: fixup conversion into global_policy (policy_foreach_class),
 * the class-map match model (dscp names, tunnel-group + flow, ACL narrowing
 * default-inspection-traffic), DHCP pools (mgmt_dhcpd_pool), and lines
 * that follow a renamed or removed nameif. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/internal.h"
#include "conf/conf.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "mgmt/mgmt.h"
#include "policy/policy.h"

#include "tests/unit/box_harness.h"

/* The inspect engines of the global policy's default class, in order. */
struct engines {
	enum inspect_engine e[32];
	bool strict[32];
	int n;
	enum policy_match_kind kind;
};

static void collect(void *ctx, const struct policy_class_view *c)
{
	struct engines *s = ctx;
	if (strcmp(c->name, "inspection_default") != 0)
		return;
	s->kind = c->match->kind;
	for (int i = 0; i < c->ninspect && s->n < 32; i++) {
		s->strict[s->n] = c->inspect[i].strict;
		s->e[s->n++] = c->inspect[i].engine;
	}
}

static int find(const struct engines *s, enum inspect_engine e)
{
	for (int i = 0; i < s->n; i++)
		if (s->e[i] == e)
			return i;
	return -1;
}

static void fixup_default_ports(void **state)
{
	(void)state;
	assert_int_equal(run("fixup protocol http 80"), CLI_OK);
	assert_non_null(strstr(out.buf, "INFO: converting 'fixup protocol http 80' to "
					"MPF commands"));
	assert_int_equal(run("fixup protocol ftp strict 21"), CLI_OK);
	assert_int_equal(run("no fixup protocol smtp 25"), CLI_OK);
	assert_int_equal(run("fixup protocol h323 ras 1718-1719"), CLI_OK);
	struct engines s = {0};
	policy_foreach_class("outside", collect, &s);
	assert_int_equal(s.kind, PM_DEFAULT_INSPECTION);
	assert_int_equal(find(&s, INSP_HTTP), s.n - 1); /* appended */
	assert_true(find(&s, INSP_FTP) >= 0);
	assert_true(s.strict[find(&s, INSP_FTP)]);
	assert_int_equal(find(&s, INSP_ESMTP), -1);
	assert_true(find(&s, INSP_H323_RAS) >= 0);
}

static void fixup_refused(void **state)
{
	(void)state;
	unsigned long g = policy_generation();
	assert_int_not_equal(run("fixup protocol http 8080"), CLI_OK);
	assert_non_null(strstr(out.buf, "match port tcp eq 8080"));
	assert_int_not_equal(run("fixup protocol h323 ras 1718-1720"), CLI_OK);
	assert_non_null(strstr(out.buf, "match port udp range 1718 1720"));
	assert_int_not_equal(run("fixup protocol tftp 0"), CLI_OK);
	assert_int_not_equal(run("fixup protocol esp-ike"), CLI_OK);
	assert_true(policy_generation() == g); /* nothing changed */
}

static void fixup_rebuilds_default(void **state)
{
	(void)state;
	run("clear configure policy-map");
	run("clear configure class-map");
	assert_int_equal(run("fixup protocol sqlnet 1521"), CLI_OK);
	struct engines s = {0};
	policy_foreach_class(NULL, collect, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.e[0], INSP_SQLNET);
	assert_int_equal(s.kind, PM_DEFAULT_INSPECTION);
}

static void render_has(const char *want)
{
	size_t len;
	char *body = conf_render_body(0, &len);
	if (!strstr(body, want))
		fail_msg("missing in running-config: %s\n%s", want, body);
	free(body);
}

static void class_map_matches(void **state)
{
	(void)state;
	run("class-map voice");
	assert_int_equal(run("match dscp 46 af41 ef"), CLI_OK);
	assert_int_not_equal(run("match dscp 64"), CLI_OK);
	assert_int_not_equal(run("match precedence 1 2 3 4 5"), CLI_OK);
	run("exit");
	render_has("class-map voice\n match dscp ef af41\n");
	run("class-map narrow");
	run("match access-list acl1");
	run("match default-inspection-traffic");
	run("exit");
	render_has("class-map narrow\n match default-inspection-traffic\n"
		   " match access-list acl1\n");
	run("class-map narrow");
	run("no match access-list acl1");
	run("exit");
	render_has("class-map narrow\n match default-inspection-traffic\nclass-map");
	run("class-map media");
	assert_int_equal(run("match rtp 16384 16383"), CLI_OK);
	assert_int_not_equal(run("match rtp 60000 16383"), CLI_OK);
	run("exit");
	render_has("class-map media\n match rtp 16384 16383\n");
}

static void police_priority(void **state)
{
	(void)state;
	run("class-map voice");
	run("match dscp ef");
	run("exit");
	run("policy-map qos");
	run("class voice");
	assert_int_equal(run("priority"), CLI_OK);
	assert_int_not_equal(run("police output 56000"), CLI_OK);
	run("no priority");
	assert_int_equal(run("police output 56000 10500 exceed-action transmit"), CLI_OK);
	run("exit");
	run("exit");
	render_has("policy-map qos\n class voice\n  police output 56000 10500 "
		   "exceed-action transmit\n");
}

static void dhcpd_pool(void **state)
{
	(void)state;
	uint32_t lo, hi, want;
	run("interface Ethernet1");
	run("nameif inside");
	run("ip address 192.168.1.1 255.255.255.0");
	run("exit");
	assert_int_equal(run("dhcpd address 192.168.1.10-192.168.1.20 inside"), CLI_OK);
	assert_false(mgmt_dhcpd_pool("inside", &lo, &hi)); /* not enabled yet */
	assert_int_equal(run("dhcpd enable inside"), CLI_OK);
	assert_true(mgmt_dhcpd_pool("inside", &lo, &hi));
	ip4_parse("192.168.1.10", &want);
	assert_int_equal(lo, want);
	ip4_parse("192.168.1.20", &want);
	assert_int_equal(hi, want);
	/* the interface's own address may not be handed out */
	assert_int_not_equal(run("dhcpd address 192.168.1.1-192.168.1.20 inside"), CLI_OK);
	assert_true(mgmt_dhcpd_pool("inside", &lo, &hi));
	run("interface Ethernet1");
	run("nameif lan");
	run("exit");
	assert_false(mgmt_dhcpd_pool("inside", &lo, &hi));
	assert_true(mgmt_dhcpd_pool("lan", &lo, &hi));
	render_has("!\ndhcpd address 192.168.1.10-192.168.1.20 lan\n"
		   "dhcpd enable lan\n!\n");
	run("interface Ethernet1");
	run("no nameif");
	run("exit");
	assert_false(mgmt_dhcpd_pool("lan", &lo, &hi));
}

static void access_follows_nameif(void **state)
{
	(void)state;
	uint32_t src;
	ip4_parse("10.1.1.5", &src);
	run("interface Ethernet1");
	run("nameif inside");
	run("exit");
	run("ssh 10.1.1.0 255.255.255.0 inside");
	assert_true(mgmt_access_permitted(MGMT_SSH, src, "inside"));
	run("interface Ethernet1");
	run("nameif lan");
	run("exit");
	assert_true(mgmt_access_permitted(MGMT_SSH, src, "lan"));
	render_has("ssh 10.1.1.0 255.255.255.0 lan\n");
	run("interface Ethernet1");
	run("no nameif");
	run("exit");
	assert_false(mgmt_access_permitted(MGMT_SSH, src, "lan"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fixup_default_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(fixup_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(fixup_rebuilds_default, setup, teardown),
		cmocka_unit_test_setup_teardown(class_map_matches, setup, teardown),
		cmocka_unit_test_setup_teardown(police_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(dhcpd_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(access_follows_nameif, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
