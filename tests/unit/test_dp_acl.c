/* test_dp_acl.c — access-list entries: canonical text, duplicates, line
 * insertion, removal, element counts with object-groups, hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/acl.h"
#include "dataplane/acl_fmt.h"
#include "dataplane/objgroup.h"
#include "lib/xalloc.h"

static struct ace *ext(bool permit, int proto)
{
	struct ace *e = xcalloc(1, sizeof *e);
	e->kind = ACE_EXTENDED;
	e->permit = permit;
	e->proto = proto;
	e->icmp_type = -1;
	e->log_level = -1;
	return e;
}

static char *text(const struct ace *e, enum acl_fmt_mode mode)
{
	struct strbuf sb = STRBUF_INIT;
	acl_fmt(&sb, e, mode);
	return sb_take(&sb);
}

static void canonical_text(void **state)
{
	(void)state;
	struct ace *e = ext(true, 6);
	e->src.kind = AA_HOST;
	e->src.ip = 0x0a010101;
	e->dst.kind = AA_NET;
	e->dst.ip = 0x0a020000;
	e->dst.mask = 0xffff0000;
	e->dport.op = PORT_EQ;
	e->dport.lo = e->dport.hi = 80;
	e->log = ACE_LOG_ON;
	char *t = text(e, FMT_RUN);
	assert_string_equal(t, "extended permit tcp host 10.1.1.1 10.2.0.0 255.255.0.0 eq www log");
	free(t);
	t = text(e, FMT_SHOW);
	assert_string_equal(t, "extended permit tcp host 10.1.1.1 10.2.0.0 255.255.0.0 eq www "
			       "log informational interval 300");
	free(t);
	e->log_level = 4;
	e->log_interval = 60;
	e->inactive = true;
	e->time_range = xstrdup("work");
	t = text(e, FMT_RUN);
	assert_string_equal(t, "extended permit tcp host 10.1.1.1 10.2.0.0 255.255.0.0 eq www "
			       "log warnings interval 60 time-range work inactive");
	free(t);
	acl_ace_free(e);

	e = ext(false, 17);
	e->sport.op = PORT_RANGE;
	e->sport.lo = 1024;
	e->sport.hi = 65535;
	e->dport.op = PORT_EQ;
	e->dport.lo = e->dport.hi = 53;
	e->log = ACE_LOG_DISABLE;
	t = text(e, FMT_SHOW);
	assert_string_equal(t, "extended deny udp any range 1024 65535 any eq domain log disable");
	free(t);
	acl_ace_free(e);

	e = ext(true, 1);
	e->icmp_type = 0;
	t = text(e, FMT_RUN);
	assert_string_equal(t, "extended permit icmp any any echo-reply");
	free(t);
	acl_ace_free(e);

	e = xcalloc(1, sizeof *e);
	e->kind = ACE_STANDARD;
	e->dst.kind = AA_NET;
	e->dst.ip = 0x0a000000;
	e->dst.mask = 0xff000000;
	t = text(e, FMT_RUN);
	assert_string_equal(t, "standard deny 10.0.0.0 255.0.0.0");
	free(t);
	acl_ace_free(e);
}

static struct ace *remark(const char *s)
{
	struct ace *e = xcalloc(1, sizeof *e);
	e->kind = ACE_REMARK;
	e->remark = xstrdup(s);
	return e;
}

static void insert_remove(void **state)
{
	(void)state;
	assert_true(acl_insert("t", ext(true, 0), 0));
	assert_false(acl_insert("t", ext(true, 0), 0)); /* duplicate refused */
	assert_true(acl_insert("t", ext(false, 0), 0));
	assert_true(acl_insert("t", remark("top"), 1));
	assert_true(acl_insert("t", remark("top"), 0)); /* remarks may repeat */
	assert_true(acl_insert("t", ext(true, 6), 99)); /* past the end: appended */
	struct acl *l = acl_find("t");
	assert_non_null(l);
	assert_int_equal(l->n, 5);
	assert_int_equal(l->v[0]->kind, ACE_REMARK);
	assert_true(l->v[1]->permit);
	assert_false(l->v[2]->permit);
	assert_int_equal(l->v[4]->proto, 6);
	assert_int_equal(acl_elements(l), 3);

	struct ace *probe = ext(false, 0);
	assert_true(acl_remove_ace("t", probe));
	assert_false(acl_remove_ace("t", probe));
	acl_ace_free(probe);
	probe = remark("top");
	assert_true(acl_remove_ace("t", probe));
	assert_true(acl_remove_ace("t", probe));
	assert_false(acl_remove_ace("t", probe));
	acl_ace_free(probe);
	assert_int_equal(l->n, 2);
	/* the list disappears with its last entry */
	probe = ext(true, 0);
	assert_true(acl_remove_ace("t", probe));
	acl_ace_free(probe);
	probe = ext(true, 6);
	assert_true(acl_remove_ace("t", probe));
	acl_ace_free(probe);
	assert_null(acl_find("t"));
}

static void groups(void **state)
{
	(void)state;
	struct objgroup *net = og_create("servers", OG_NETWORK, 0);
	og_add(net, &(struct og_member){.kind = OGM_HOST, .ip = 0x0a010101});
	og_add(net, &(struct og_member){.kind = OGM_NET, .ip = 0x0a020000, .mask = 0xffff0000});
	og_add(net, &(struct og_member){.kind = OGM_HOST, .ip = 0x0a010101}); /* duplicate */
	struct objgroup *ports = og_create("web", OG_SERVICE, PP_TCP);
	og_add(ports, &(struct og_member){.kind = OGM_PORT, .op = PORT_EQ, .lo = 80, .hi = 80});
	og_add(ports,
	       &(struct og_member){.kind = OGM_PORT, .op = PORT_EQ, .lo = 443, .hi = 443});
	struct objgroup *outer = og_create("all", OG_NETWORK, 0);
	og_add(outer, &(struct og_member){.kind = OGM_GROUP, .group = xstrdup("servers")});
	og_add(outer, &(struct og_member){.kind = OGM_HOST, .ip = 0x0a030303});
	assert_int_equal(og_leaf_count(outer), 3);
	assert_true(og_contains(outer, "servers"));
	assert_false(og_contains(net, "all"));

	struct ace *e = ext(true, 6);
	e->dst.kind = AA_GROUP;
	e->dst.group = xstrdup("all");
	e->dport.group = xstrdup("web");
	char *t = text(e, FMT_RUN);
	assert_string_equal(t, "extended permit tcp any object-group all object-group web");
	free(t);
	assert_true(acl_insert("g", e, 0));
	assert_int_equal(acl_elements(acl_find("g")), 6);
	assert_true(acl_uses_group("web"));
	assert_true(og_in_use("servers")); /* nested in "all" */
	assert_false(acl_uses_group("servers"));
	acl_remove_list("g");
	assert_false(acl_uses_group("web"));
	og_clear_all();
}

static void hashes(void **state)
{
	(void)state;
	uint32_t a = acl_text_hash("nonat", "extended permit ip any any");
	assert_int_equal(a, acl_text_hash("nonat", "extended permit ip any any"));
	assert_int_not_equal(a, acl_text_hash("other", "extended permit ip any any"));
	assert_int_not_equal(a, acl_text_hash("nonat", "extended deny ip any any"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_text),
		cmocka_unit_test(insert_remove),
		cmocka_unit_test(groups),
		cmocka_unit_test(hashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
