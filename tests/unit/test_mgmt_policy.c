/* test_mgmt_policy.c — the MPF factory default, the view the dataplane
 * walks (policy_foreach_class), default-inspection ports, the canonical
 * class-map/policy-map block with its "!" separators. */
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
#include "policy/policy.h"

#include "tests/unit/box_harness.h"


struct seen {
	int nclasses;
	char names[8][64];
	int ninspect[8];
	enum inspect_engine first[8];
	const char *first_map[8];
	enum policy_match_kind kind[8];
	bool conn[8];
};

static void collect(void *ctx, const struct policy_class_view *c)
{
	struct seen *s = ctx;
	int i = s->nclasses++;
	snprintf(s->names[i], sizeof s->names[i], "%s", c->name);
	s->ninspect[i] = c->ninspect;
	s->first[i] = c->ninspect ? c->inspect[0].engine : INSP_COUNT;
	s->first_map[i] = c->ninspect ? c->inspect[0].map : NULL;
	s->kind[i] = c->match->kind;
	s->conn[i] = c->conn != NULL;
}

static void factory_default(void **state)
{
	(void)state;
	struct seen s = {0};
	policy_foreach_class("outside", collect, &s);
	assert_int_equal(s.nclasses, 1);
	assert_string_equal(s.names[0], "inspection_default");
	assert_int_equal(s.ninspect[0], 14);
	assert_int_equal(s.first[0], INSP_DNS);
	assert_string_equal(s.first_map[0], "preset_dns_map");
	assert_int_equal(s.kind[0], PM_DEFAULT_INSPECTION);
	assert_int_equal(policy_dns_max_length("preset_dns_map"), 512);
	assert_int_equal(policy_dns_max_length("nosuch"), 0);
}

static void canonical_block(void **state)
{
	(void)state;
	size_t len;
	char *body = conf_render_body(0, &len);
	const char *want =
		"!\nclass-map inspection_default\n match default-inspection-traffic\n"
		"!\n!\npolicy-map type inspect dns preset_dns_map\n parameters\n"
		"  message-length maximum 512\npolicy-map global_policy\n"
		" class inspection_default\n  inspect dns preset_dns_map \n"
		"  inspect ftp \n  inspect h323 h225 \n  inspect h323 ras \n"
		"  inspect netbios \n  inspect rsh \n  inspect rtsp \n"
		"  inspect skinny \n  inspect esmtp \n  inspect sqlnet \n"
		"  inspect sunrpc \n  inspect tftp \n  inspect sip \n"
		"  inspect xdmcp \n!\nservice-policy global_policy global\n";
	assert_non_null(strstr(body, want));
	free(body);
	run("clear configure policy-map");
	run("clear configure class-map");
	body = conf_render_body(0, &len);
	/* with no maps at all, the two separators remain */
	assert_non_null(strstr(body, "console timeout 0\n!\n!\n"));
	assert_null(strstr(body, "policy-map"));
	free(body);
}

static void interface_first(void **state)
{
	(void)state;
	run("interface Ethernet0");
	run("nameif outside");
	run("exit");
	run("class-map web");
	run("match port tcp eq www");
	run("policy-map outside_policy");
	run("class web");
	run("inspect http");
	run("set connection conn-max 100");
	run("exit");
	run("exit");
	run("service-policy outside_policy interface outside");
	struct seen s = {0};
	policy_foreach_class("outside", collect, &s);
	assert_int_equal(s.nclasses, 2);
	assert_string_equal(s.names[0], "web");
	assert_int_equal(s.first[0], INSP_HTTP);
	assert_true(s.conn[0]);
	assert_int_equal(s.kind[0], PM_PORT);
	assert_string_equal(s.names[1], "inspection_default");
	memset(&s, 0, sizeof s);
	policy_foreach_class("inside", collect, &s);
	assert_int_equal(s.nclasses, 1);
}

static void generation_changes(void **state)
{
	(void)state;
	unsigned long g = policy_generation();
	run("class-map x");
	assert_true(policy_generation() != g);
	g = policy_generation();
	run("show running-config");
	assert_true(policy_generation() == g);
}

static void default_ports(void **state)
{
	(void)state;
	assert_true(policy_default_inspection(INSP_DNS, 17, 53));
	assert_false(policy_default_inspection(INSP_DNS, 6, 53));
	assert_true(policy_default_inspection(INSP_H323_RAS, 17, 1719));
	assert_false(policy_default_inspection(INSP_H323_RAS, 17, 1720));
	assert_true(policy_default_inspection(INSP_SUNRPC, 6, 111));
	assert_true(policy_default_inspection(INSP_SIP, 17, 5060));
	assert_true(policy_default_inspection(INSP_ICMP, 1, 0));
	assert_string_equal(policy_inspect_name(INSP_H323_H225), "h323 h225");
	assert_string_equal(policy_inspect_name(INSP_ICMP_ERROR), "icmp error");
}

static void migration(void **state)
{
	(void)state;
	run("policy-map global_policy");
	run("class inspection_default");
	run("inspect dns maximum-length 1024");
	assert_int_equal(policy_dns_max_length("migrated_dns_map_1"), 1024);
	run("inspect dns maximum-length 1024"); /* reuses the same map */
	size_t len;
	char *body = conf_render_body(0, &len);
	assert_null(strstr(body, "migrated_dns_map_2"));
	assert_non_null(strstr(body, "  inspect dns migrated_dns_map_1 \n"));
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(factory_default, setup, teardown),
		cmocka_unit_test_setup_teardown(canonical_block, setup, teardown),
		cmocka_unit_test_setup_teardown(interface_first, setup, teardown),
		cmocka_unit_test_setup_teardown(generation_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(default_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(migration, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
