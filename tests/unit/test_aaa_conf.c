/* test_aaa_conf.c — aaa-server groups and hosts, aaa rules: identity,
 * replacement in place, defaults, interface renames, groups in use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "aaa/aaa_conf.h"
#include "lib/ip4.h"

static uint32_t ip(const char *s)
{
	uint32_t v = 0;
	assert_true(ip4_parse(s, &v));
	return v;
}

static int reset(void **state)
{
	(void)state;
	aaa_conf_reset();
	return 0;
}

static void protocols(void **state)
{
	(void)state;
	enum aaa_proto p;
	assert_true(aaa_proto_parse("tacacs+", &p));
	assert_int_equal(p, AAA_TACACS);
	assert_string_equal(aaa_proto_name(AAA_HTTP_FORM), "http-form");
	assert_false(aaa_proto_parse("local", &p)); /* LOCAL is built in */
	assert_false(aaa_proto_parse("tacacs", &p));
}

static void groups_and_hosts(void **state)
{
	(void)state;
	assert_true(aaa_group_known("LOCAL"));
	assert_false(aaa_group_known("vpn"));
	struct aaa_group *g = aaa_group_add("vpn", AAA_RADIUS);
	assert_int_equal(g->max_failed, AAA_MAXFAIL_DEFAULT);
	assert_int_equal(g->deadtime, AAA_DEADTIME_DEFAULT);
	assert_true(aaa_group_known("vpn"));
	assert_null(aaa_group_find("VPN"));
	struct aaa_host *h = aaa_host_add(g, ip("10.4.4.2"), "inside");
	assert_int_equal(h->timeout, 10);
	assert_int_equal(h->retry_interval, 10);
	assert_int_equal(aaa_host_auth_port(h), 1645);
	assert_int_equal(aaa_host_acct_port(h), 1646);
	h->auth_port = 1812;
	assert_int_equal(aaa_host_auth_port(h), 1812);
	aaa_host_add(g, ip("10.4.4.3"), "inside");
	aaa_host_set_extra(h, AAA_X_LDAP_SCOPE, "subtree");
	aaa_host_set_extra(h, AAA_X_LDAP_SCOPE, "onelevel");
	assert_string_equal(h->extra[AAA_X_LDAP_SCOPE], "onelevel");
	assert_ptr_equal(aaa_host_find(g, ip("10.4.4.2")), h);
	aaa_host_del(g, ip("10.4.4.2"));
	assert_int_equal(g->nhosts, 1);
	assert_int_equal(g->hosts[0]->addr, ip("10.4.4.3"));
	aaa_group_add("tac", AAA_TACACS);
	size_t i = 0;
	assert_string_equal(aaa_group_next(&i)->name, "vpn");
	assert_string_equal(aaa_group_next(&i)->name, "tac");
	assert_null(aaa_group_next(&i));
	aaa_group_del("vpn");
	assert_int_equal(aaa_group_count(), 1);
}

static void rules(void **state)
{
	(void)state;
	struct aaa_rule ssh = {.kind = AAA_AUTHEN, .form = AAA_F_CONSOLE,
			       .console = AAA_CON_SSH};
	strcpy(ssh.group, "LOCAL");
	struct aaa_rule tel = ssh;
	tel.console = AAA_CON_TELNET;
	aaa_rule_set(&ssh);
	aaa_rule_set(&tel);
	/* a new group for ssh replaces the line, in its place */
	strcpy(ssh.group, "tac");
	ssh.local_fallback = true;
	aaa_rule_set(&ssh);
	size_t i = 0;
	const struct aaa_rule *r = aaa_rule_next(&i);
	assert_int_equal(r->console, AAA_CON_SSH);
	assert_string_equal(r->group, "tac");
	assert_int_equal(aaa_rule_next(&i)->console, AAA_CON_TELNET);
	assert_null(aaa_rule_next(&i));
	bool fb = false;
	assert_string_equal(aaa_console_group(AAA_AUTHEN, AAA_CON_SSH, &fb), "tac");
	assert_true(fb);
	assert_null(aaa_console_group(AAA_ACCT, AAA_CON_SSH, &fb));
	assert_true(aaa_rules_use_group("tac"));
	assert_false(aaa_rules_use_group("vpn"));
	/* accounting of the same service is another line */
	struct aaa_rule acct = ssh;
	acct.kind = AAA_ACCT;
	aaa_rule_set(&acct);
	assert_true(aaa_rule_del(&ssh));
	assert_false(aaa_rule_del(&ssh));
	assert_non_null(aaa_rule_find(&acct));
}

static void rename_iface(void **state)
{
	(void)state;
	struct aaa_group *g = aaa_group_add("vpn", AAA_RADIUS);
	aaa_host_add(g, ip("10.4.4.2"), "inside");
	aaa_host_add(g, ip("172.16.1.9"), "outside");
	struct aaa_rule m = {.kind = AAA_AUTHEN, .form = AAA_F_MATCH};
	strcpy(m.acl, "web");
	strcpy(m.ifname, "inside");
	strcpy(m.group, "vpn");
	aaa_rule_set(&m);
	aaa_iface_renamed("inside", "lan");
	assert_string_equal(g->hosts[0]->ifname, "lan");
	strcpy(m.ifname, "lan");
	assert_non_null(aaa_rule_find(&m));
	aaa_iface_renamed("outside", NULL);
	assert_int_equal(g->nhosts, 1);
	aaa_iface_renamed("lan", NULL);
	assert_null(aaa_rule_find(&m));
	assert_int_equal(g->nhosts, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(protocols),
		cmocka_unit_test_setup(groups_and_hosts, reset),
		cmocka_unit_test_setup(rules, reset),
		cmocka_unit_test_setup(rename_iface, reset),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	aaa_conf_reset();
	return rc;
}
