/* test_vpn_ca.c — the crypto ca model: trust points, certificate maps in
 * show order, certificate chains, keyed sub-mode lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vpn/ca.h"

static int reset(void **state)
{
	(void)state;
	ca_clear();
	return 0;
}

static void trustpoints(void **state)
{
	(void)state;
	struct trustpoint *t = ca_tp_get("TP1");
	assert_ptr_equal(ca_tp_get("TP1"), t);
	assert_null(ca_tp_find("tp1")); /* names are case-sensitive */
	ca_tp_get("TP2");
	size_t it = 0;
	assert_string_equal(ca_tp_next(&it)->name, "TP1");
	assert_string_equal(ca_tp_next(&it)->name, "TP2");
	assert_null(ca_tp_next(&it));
	/* a chain goes with its trust point */
	struct cert_chain *c = ca_chain_get("TP1");
	struct ca_cert *x = ca_cert_new(c, "ca", "01");
	sb_puts(&x->hex, "3082");
	ca_cert_new(c, "", "02");
	assert_int_equal(c->n, 2);
	/* entered again: new data, same place */
	x = ca_cert_new(c, "ca", "01");
	assert_int_equal(x->hex.len, 0);
	assert_ptr_equal(c->certs[0], x);
	ca_cert_del(c, "01");
	assert_int_equal(c->n, 1);
	assert_string_equal(c->certs[0]->serial, "02");
	ca_tp_del("TP1");
	assert_null(ca_tp_find("TP1"));
	assert_null(ca_chain_find("TP1"));
}

static void map_order(void **state)
{
	(void)state;
	ca_map_get("B", 20);
	ca_map_get("A", 5);
	ca_map_get("B", 10);
	ca_map_get("B", 30);
	ca_map_get("A", 1);
	const char *want[][2] = {{"B", "10"}, {"B", "20"}, {"B", "30"}, {"A", "1"}, {"A", "5"}};
	size_t it = 0;
	for (size_t i = 0; i < 5; i++) {
		struct cert_map *m = ca_map_next(&it);
		assert_non_null(m);
		assert_string_equal(m->name, want[i][0]);
		assert_int_equal(m->seq, strtoul(want[i][1], NULL, 10));
	}
	assert_null(ca_map_next(&it));
	ca_map_del("B", 20);
	assert_null(ca_map_find("B", 20));
	assert_non_null(ca_map_find("B", 30));
	ca_map_del("B", 0); /* every entry */
	assert_null(ca_map_find("B", 10));
	assert_non_null(ca_map_find("A", 1));
}

static void keyed_lines(void **state)
{
	(void)state;
	struct strv v = {0};
	ca_strv_set(&v, "policy static");
	ca_strv_set(&v, "url 1 http://a/x.crl");
	ca_strv_set(&v, "url 2 http://b/x.crl");
	ca_strv_set(&v, "no protocol ldap");
	ca_strv_set(&v, "policy both");     /* replaces "policy static" */
	ca_strv_set(&v, "url 1 http://c/x.crl"); /* replaces rank 1 only */
	assert_int_equal(v.n, 4);
	assert_string_equal(v.v[0], "policy both");
	assert_string_equal(v.v[1], "url 1 http://c/x.crl");
	assert_string_equal(v.v[2], "url 2 http://b/x.crl");
	assert_true(ca_strv_unset(&v, "protocol ldap")); /* same key as "no protocol ldap" */
	assert_false(ca_strv_unset(&v, "protocol scep"));
	assert_true(ca_strv_unset(&v, "no url 2"));
	assert_int_equal(v.n, 2);
	strv_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(trustpoints, reset),
		cmocka_unit_test_setup(map_order, reset),
		cmocka_unit_test(keyed_lines),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	ca_clear();
	return rc;
}
