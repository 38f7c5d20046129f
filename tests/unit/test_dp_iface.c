/* test_dp_iface.c — hardware name canonicalisation, interface order and
 * nameif change notifications of dataplane/iface.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/iface.h"

static int setup(void **state)
{
	(void)state;
	iface_hw_add("Ethernet0", NULL);
	iface_hw_add("Ethernet1", NULL);
	iface_hw_add("Ethernet10", NULL);
	iface_hw_add("Ethernet2", NULL);
	iface_hw_add("GigabitEthernet0/1", NULL);
	iface_hw_add("GigabitEthernet0/0", NULL);
	return 0;
}

static void canonical_names(void **state)
{
	(void)state;
	char out[64];
	assert_true(iface_hw_canon("ethernet0", out, sizeof out));
	assert_string_equal(out, "Ethernet0");
	assert_true(iface_hw_canon("e1", out, sizeof out));
	assert_string_equal(out, "Ethernet1");
	assert_true(iface_hw_canon("ETH0.010", out, sizeof out));
	assert_string_equal(out, "Ethernet0.10");
	assert_true(iface_hw_canon("gig0/1", out, sizeof out));
	assert_string_equal(out, "GigabitEthernet0/1");
	assert_false(iface_hw_canon("foo0", out, sizeof out));
	assert_false(iface_hw_canon("Ethernet", out, sizeof out));
	assert_false(iface_hw_canon("Ethernet0.", out, sizeof out));
	assert_false(iface_hw_canon("Ethernet0.0", out, sizeof out));
	assert_false(iface_hw_canon("Ethernet0.4294967294", out, sizeof out));
	assert_false(iface_hw_canon("Ethernet0/", out, sizeof out));
	assert_false(iface_hw_canon("0", out, sizeof out));
}

static void order(void **state)
{
	(void)state;
	struct iface *e0 = iface_find_hw("ethernet0");
	assert_non_null(e0);
	struct iface *s20 = iface_sub_create(e0, 20);
	struct iface *s3 = iface_sub_create(e0, 3);
	const char *want[] = {"Ethernet0",  "Ethernet0.3",        "Ethernet0.20",
			      "Ethernet1",  "Ethernet2",          "Ethernet10",
			      "GigabitEthernet0/0", "GigabitEthernet0/1"};
	assert_int_equal(iface_count(), 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(iface_at(i)->hw, want[i]);
	assert_ptr_equal(s3->parent, e0);
	assert_false(s20->shutdown); /* subinterfaces start enabled */
	assert_true(e0->shutdown);   /* ports start shut down */
	iface_sub_remove(s20);
	iface_sub_remove(s3);
	assert_int_equal(iface_count(), 6);
}

static char last_old[64], last_new[64];
static int calls;

static void watcher(const char *oldname, const char *newname)
{
	calls++;
	strcpy(last_old, oldname);
	strcpy(last_new, newname ? newname : "(none)");
}

static void nameif_notifications(void **state)
{
	(void)state;
	iface_watch(watcher);
	struct iface *e1 = iface_find_hw("Ethernet1");
	iface_set_nameif(e1, "inside");
	assert_int_equal(calls, 0); /* naming an unnamed port tells nobody */
	assert_ptr_equal(iface_find_name("inside"), e1);
	e1->mtu = 1400;
	iface_set_nameif(e1, "lan");
	assert_int_equal(calls, 1);
	assert_string_equal(last_old, "inside");
	assert_string_equal(last_new, "lan");
	assert_int_equal(e1->mtu, 1400); /* a rename keeps the MTU */
	assert_null(iface_find_name("inside"));
	iface_set_nameif(e1, "");
	assert_int_equal(calls, 2);
	assert_string_equal(last_new, "(none)");
	assert_int_equal(e1->mtu, IFACE_MTU_DEFAULT);
}

static void vlans(void **state)
{
	(void)state;
	struct iface *e2 = iface_find_hw("Ethernet2");
	struct iface *a = iface_sub_create(e2, 1), *b = iface_sub_create(e2, 2);
	a->vlan = 10;
	assert_ptr_equal(iface_find_vlan(e2, 10, b), a);
	assert_null(iface_find_vlan(e2, 10, a));
	assert_null(iface_find_vlan(e2, 11, NULL));
	iface_sub_remove(a);
	iface_sub_remove(b);
}

/* Without --map a port named for the first time is created; the known
 * hardware types canonicalise by prefix and sort in hardware order. */
static void autocreate(void **state)
{
	(void)state;
	char out[64];
	assert_true(iface_autocreate());
	assert_true(iface_hw_canon("vl1", out, sizeof out));
	assert_string_equal(out, "Vlan1");
	assert_true(iface_hw_canon("m0/0", out, sizeof out));
	assert_string_equal(out, "Management0/0");
	assert_true(iface_hw_canon("po48.7", out, sizeof out));
	assert_string_equal(out, "Port-channel48.7");
	assert_true(iface_hw_canon("Ethernet00/01", out, sizeof out));
	assert_string_equal(out, "Ethernet0/1");
	assert_false(iface_hw_canon("Vlan0", out, sizeof out));
	assert_false(iface_hw_canon("Vlan4095", out, sizeof out));
	assert_false(iface_hw_canon("Vlan1.5", out, sizeof out));
	assert_false(iface_hw_canon("Redundant9", out, sizeof out));
	assert_false(iface_hw_canon("Ethernet0/1/2", out, sizeof out));
	assert_false(iface_hw_canon("Ethernet12345", out, sizeof out));

	size_t n = iface_count();
	struct iface *v = iface_hw_auto("Vlan10", false);
	assert_non_null(v);
	assert_true(v->autoport);
	assert_false(v->shutdown); /* logical: starts enabled */
	struct iface *g = iface_hw_auto("GigabitEthernet1/0", false);
	assert_true(g->shutdown); /* physical: starts shut down like the box's own */
	struct iface *m = iface_hw_auto("Management0/0", true);
	assert_false(m->shutdown); /* startup-config replay: enabled */
	assert_ptr_equal(iface_hw_auto("GigabitEthernet1/0", true), g);
	assert_null(iface_hw_auto("gig1/0", false)); /* canonical names only */
	assert_int_equal(iface_count(), n + 3);
	assert_ptr_equal(iface_at(0), v); /* Vlan interfaces first */
	assert_string_equal(iface_at(iface_count() - 1)->hw, "Management0/0");

	/* --map: only the ports it binds (and the built-in ones) exist */
	iface_set_autocreate(false);
	assert_null(iface_hw_auto("GigabitEthernet3/0", false));
	assert_false(iface_hw_canon("Redundant1", out, sizeof out));
	assert_true(iface_hw_canon("vl10", out, sizeof out)); /* an existing port's type */
	struct iface *b = iface_hw_add("GigabitEthernet1/0", NULL);
	assert_ptr_equal(b, g);
	assert_false(g->autoport); /* bound now: a real port */
	iface_set_autocreate(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_names),
		cmocka_unit_test(order),
		cmocka_unit_test(nameif_notifications),
		cmocka_unit_test(vlans),
		cmocka_unit_test(autocreate),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
