/* test_nat_conf.c — NAT tables: identity, show running-config order,
 * replacement in place, interface renames, canonical line forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/ip4.h"
#include "lib/strbuf.h"
#include "nat/nat_conf.h"
#include "nat/nat_types.h"
#include "nat/nat_write.h"

static uint32_t ip(const char *s)
{
	uint32_t v = 0;
	assert_true(ip4_parse(s, &v));
	return v;
}

static struct nat_rule net_rule(const char *ifn, uint32_t id, const char *net, const char *mask)
{
	struct nat_rule r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifname, ifn);
	r.id = id;
	r.kind = NAT_RULE_NET;
	r.net = ip(net);
	r.mask = ip(mask);
	return r;
}

static struct nat_rule acl_rule(const char *ifn, uint32_t id, const char *acl)
{
	struct nat_rule r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifname, ifn);
	r.id = id;
	r.kind = NAT_RULE_ACL;
	strcpy(r.acl, acl);
	return r;
}

static char *fmt_rule(const struct nat_rule *r)
{
	struct strbuf sb = STRBUF_INIT;
	nat_fmt_rule(&sb, r);
	return sb_take(&sb);
}

static int reset(void **state)
{
	(void)state;
	nat_conf_reset();
	return 0;
}

/* grouped by interface (first appearance), then ID, then entry order */
static void rule_order(void **state)
{
	(void)state;
	struct nat_rule a = net_rule("inside", 1, "0.0.0.0", "0.0.0.0");
	struct nat_rule b = net_rule("dmz", 2, "10.2.0.0", "255.255.0.0");
	struct nat_rule c = acl_rule("inside", 0, "nonat");
	struct nat_rule d = net_rule("inside", 1, "10.9.0.0", "255.255.0.0");
	nat_rule_set(&a);
	nat_rule_set(&b);
	nat_rule_set(&c);
	nat_rule_set(&d);
	size_t n;
	const struct nat_rule **v = nat_rules_sorted(&n);
	assert_int_equal(n, 4);
	const char *want[] = {"nat (inside) 0 access-list nonat",
			      "nat (inside) 1 0.0.0.0 0.0.0.0",
			      "nat (inside) 1 10.9.0.0 255.255.0.0",
			      "nat (dmz) 2 10.2.0.0 255.255.0.0"};
	for (size_t i = 0; i < n; i++) {
		char *s = fmt_rule(v[i]);
		assert_string_equal(s, want[i]);
		free(s);
	}
	free(v);
}

/* the same rule again only updates its options, in place */
static void rule_replace(void **state)
{
	(void)state;
	struct nat_rule a = net_rule("inside", 1, "10.0.0.0", "255.0.0.0");
	struct nat_rule b = net_rule("inside", 1, "10.1.0.0", "255.255.0.0");
	nat_rule_set(&a);
	nat_rule_set(&b);
	a.opts.dns = true;
	a.opts.tcp_max = 100;
	a.opts.udp_max = 7;
	a.opts.norandomseq = true;
	a.opts.outside = true;
	nat_rule_set(&a);
	assert_int_equal(nat_rule_count(), 2);
	size_t n;
	const struct nat_rule **v = nat_rules_sorted(&n);
	char *s = fmt_rule(v[0]);
	assert_string_equal(s, "nat (inside) 1 10.0.0.0 255.0.0.0 dns outside tcp 100 0 udp 7 norandomseq");
	free(s);
	free(v);
	assert_true(nat_rule_del(&a));
	assert_false(nat_rule_del(&a));
	assert_int_equal(nat_rule_del_id("inside", 1), 1);
	assert_int_equal(nat_rule_count(), 0);
}

static void global_dup_and_order(void **state)
{
	(void)state;
	struct nat_global g = {.kind = NAT_GLOBAL_IFACE, .id = 1};
	strcpy(g.ifname, "outside");
	assert_true(nat_global_add(&g));
	assert_false(nat_global_add(&g));
	struct nat_global r = {.kind = NAT_GLOBAL_RANGE, .id = 2};
	strcpy(r.ifname, "outside");
	r.lo = ip("192.0.2.11");
	r.hi = ip("192.0.2.15");
	r.has_mask = true;
	r.mask = ip("255.255.255.0");
	assert_true(nat_global_add(&r));
	struct nat_global d = {.kind = NAT_GLOBAL_ADDR, .id = 1};
	strcpy(d.ifname, "dmz");
	d.lo = d.hi = ip("192.0.2.1");
	assert_true(nat_global_add(&d));
	assert_true(nat_global_id_used(2));
	assert_false(nat_global_id_used(3));
	size_t n;
	const struct nat_global **v = nat_globals_sorted(&n);
	assert_int_equal(n, 3);
	struct strbuf sb = STRBUF_INIT;
	nat_fmt_global(&sb, v[1]);
	assert_string_equal(sb.buf, "global (outside) 2 192.0.2.11-192.0.2.15 netmask 255.255.255.0");
	sb_reset(&sb);
	nat_fmt_global(&sb, v[2]);
	assert_string_equal(sb.buf, "global (dmz) 1 192.0.2.1");
	sb_free(&sb);
	free(v);
}

static void static_forms(void **state)
{
	(void)state;
	struct nat_static s;
	memset(&s, 0, sizeof s);
	strcpy(s.real_if, "inside");
	strcpy(s.mapped_if, "outside");
	s.proto = 6;
	s.mapped_is_iface = true;
	s.mapped_port = 25;
	s.real = ip("192.168.1.200");
	s.real_port = 25;
	s.mask = 0xffffffffu;
	nat_static_set(&s);
	struct strbuf sb = STRBUF_INIT;
	nat_fmt_static(&sb, nat_static_find_mapped(&s));
	/* the 8.2 form, trailing blank included */
	assert_string_equal(sb.buf, "static (inside,outside) tcp interface smtp 192.168.1.200 smtp netmask 255.255.255.255 ");
	sb_reset(&sb);
	struct nat_static p;
	memset(&p, 0, sizeof p);
	strcpy(p.real_if, "inside");
	strcpy(p.mapped_if, "outside");
	p.mapped = ip("192.0.2.15");
	p.is_acl = true;
	strcpy(p.acl, "NET1");
	p.opts.dns = true;
	p.opts.norandomseq = true;
	p.opts.tcp_max = 10;
	p.opts.emb_max = 5;
	nat_fmt_static(&sb, &p);
	assert_string_equal(sb.buf, "static (inside,outside) 192.0.2.15 access-list NET1 dns norandomseq tcp 10 5 ");
	sb_free(&sb);
	/* the mapped side is the identity: port 80 and 443 are two statics */
	struct nat_static t = s;
	t.mapped_port = 443;
	assert_null(nat_static_find_mapped(&t));
	nat_static_set(&t);
	assert_int_equal(nat_static_count(), 2);
	assert_true(nat_static_del(&s));
	assert_int_equal(nat_static_count(), 1);
}

static void iface_rename(void **state)
{
	(void)state;
	struct nat_rule a = net_rule("inside", 1, "10.0.0.0", "255.0.0.0");
	struct nat_rule b = net_rule("dmz", 1, "10.2.0.0", "255.255.0.0");
	nat_rule_set(&a);
	nat_rule_set(&b);
	struct nat_static s;
	memset(&s, 0, sizeof s);
	strcpy(s.real_if, "dmz");
	strcpy(s.mapped_if, "outside");
	s.mapped = ip("192.0.2.1");
	s.real = ip("10.2.0.1");
	s.mask = 0xffffffffu;
	nat_static_set(&s);
	nat_iface_renamed("inside", "lan");
	struct nat_rule k = net_rule("lan", 1, "10.0.0.0", "255.0.0.0");
	assert_non_null(nat_rule_find(&k));
	assert_null(nat_rule_find(&a));
	nat_iface_renamed("dmz", NULL);
	assert_int_equal(nat_rule_count(), 1);
	assert_int_equal(nat_static_count(), 0);
}

static struct nat_static plain(const char *mapped, const char *real, const char *mask)
{
	struct nat_static s;
	memset(&s, 0, sizeof s);
	strcpy(s.real_if, "inside");
	strcpy(s.mapped_if, "outside");
	s.mapped = ip(mapped);
	s.real = ip(real);
	s.mask = ip(mask);
	return s;
}

/* one mapped and one real address per static between two interfaces;
 * policy statics may share a mapped address */
static void static_clash(void **state)
{
	(void)state;
	enum nat_clash k;
	struct nat_static a = plain("192.0.2.16", "10.1.1.16", "255.255.255.240");
	a.proto = 6;
	a.mapped_port = 80;
	a.real_port = 8080;
	assert_null(nat_static_clash(&a, &k));
	assert_int_equal(k, NAT_CLASH_NONE);
	nat_static_set(&a);
	/* the same line again: no clash */
	assert_null(nat_static_clash(&a, &k));
	assert_int_equal(k, NAT_CLASH_NONE);
	/* same mapped address and port, other real port */
	struct nat_static b = a;
	b.mask = 0xffffffffu;
	b.real_port = 80;
	assert_ptr_equal(nat_static_clash(&b, &k), nat_static_find_mapped(&a));
	assert_int_equal(k, NAT_CLASH_MAPPED);
	/* inside the /28 of a: overlaps */
	b.mapped = ip("192.0.2.17");
	b.real = ip("10.1.1.99");
	assert_non_null(nat_static_clash(&b, &k));
	assert_int_equal(k, NAT_CLASH_MAPPED);
	/* another port of the same addresses is another static */
	b.mapped = ip("192.0.2.16");
	b.mapped_port = 443;
	b.real_port = 443;
	assert_null(nat_static_clash(&b, &k));
	/* a new block covering an existing host static */
	struct nat_static h = plain("192.0.2.70", "10.1.1.70", "255.255.255.255");
	nat_static_set(&h);
	struct nat_static w = plain("192.0.2.64", "10.1.2.64", "255.255.255.240");
	assert_ptr_equal(nat_static_clash(&w, &k), nat_static_find_mapped(&h));
	assert_int_equal(k, NAT_CLASH_MAPPED);
	w.mask = ip("255.255.0.0"); /* a big block is checked by a scan */
	w.mapped = ip("192.0.0.0");
	assert_ptr_equal(nat_static_clash(&w, &k), nat_static_find_mapped(&h));
	assert_true(nat_static_del(&h));
	/* the same real address mapped twice between the same interfaces */
	struct nat_static c = plain("192.0.2.40", "10.1.1.40", "255.255.255.255");
	nat_static_set(&c);
	struct nat_static d = plain("192.0.2.41", "10.1.1.40", "255.255.255.255");
	assert_non_null(nat_static_clash(&d, &k));
	assert_int_equal(k, NAT_CLASH_REAL);
	strcpy(d.mapped_if, "dmz");
	assert_null(nat_static_clash(&d, &k));
	/* policy statics share a mapped address; the regular one overlaps */
	struct nat_static p = plain("192.0.2.50", "0.0.0.0", "255.255.255.255");
	p.is_acl = true;
	strcpy(p.acl, "A");
	nat_static_set(&p);
	struct nat_static q = p;
	strcpy(q.acl, "B");
	assert_null(nat_static_clash(&q, &k));
	assert_int_equal(k, NAT_CLASH_NONE);
	nat_static_set(&q);
	assert_int_equal(nat_static_count(), 4);
	struct nat_static r = plain("192.0.2.50", "10.1.1.50", "255.255.255.255");
	assert_non_null(nat_static_clash(&r, &k));
	assert_int_equal(k, NAT_CLASH_OVERLAP);
	assert_true(nat_static_del(&p));
	assert_true(nat_static_del(&q));
	assert_null(nat_static_clash(&r, &k));
	assert_int_equal(k, NAT_CLASH_NONE);
	/* the brief form the ASA quotes */
	struct strbuf sb = STRBUF_INIT;
	nat_fmt_static_brief(&sb, nat_static_find_mapped(&a));
	assert_string_equal(sb.buf, "TCP inside:10.1.1.16/8080 to outside:192.0.2.16/80 "
				    "netmask 255.255.255.240");
	sb_free(&sb);
	/* a renamed interface keeps the indexes right */
	nat_iface_renamed("inside", "lan");
	struct nat_static e = plain("192.0.2.42", "10.1.1.40", "255.255.255.255");
	strcpy(e.real_if, "lan");
	assert_non_null(nat_static_clash(&e, &k));
	assert_int_equal(k, NAT_CLASH_REAL);
	nat_statics_clear();
	assert_null(nat_static_clash(&e, &k));
}

static void class_mask(void **state)
{
	(void)state;
	assert_int_equal(nat_class_mask(ip("10.1.1.1")), ip("255.0.0.0"));
	assert_int_equal(nat_class_mask(ip("172.16.1.1")), ip("255.255.0.0"));
	assert_int_equal(nat_class_mask(ip("192.168.1.1")), ip("255.255.255.0"));
	assert_int_equal(nat_class_mask(ip("224.0.0.1")), ip("255.255.255.255"));
}

static void paren_parsers(void **state)
{
	(void)state;
	char a[64], b[64];
	assert_true(nat_parse_paren_if("(inside)", a, sizeof a));
	assert_string_equal(a, "inside");
	assert_false(nat_parse_paren_if("inside", a, sizeof a));
	assert_false(nat_parse_paren_if("()", a, sizeof a));
	assert_false(nat_parse_paren_if("(in,side)", a, sizeof a));
	assert_true(nat_parse_paren_pair("(inside,outside)", a, b, sizeof a));
	assert_string_equal(a, "inside");
	assert_string_equal(b, "outside");
	assert_false(nat_parse_paren_pair("(inside)", a, b, sizeof a));
	assert_false(nat_parse_paren_pair("(inside,)", a, b, sizeof a));
	assert_false(nat_parse_paren_pair("(,outside)", a, b, sizeof a));
	uint32_t lo, hi;
	bool range;
	assert_true(nat_parse_gaddr("192.0.2.11-192.0.2.15", &lo, &hi, &range));
	assert_true(range);
	assert_int_equal(lo, ip("192.0.2.11"));
	assert_int_equal(hi, ip("192.0.2.15"));
	assert_true(nat_parse_gaddr("192.0.2.10", &lo, &hi, &range));
	assert_false(range);
	assert_int_equal(lo, hi);
	assert_false(nat_parse_gaddr("192.0.2.300", &lo, &hi, &range));
	assert_false(nat_parse_gaddr("192.0.2.1-x", &lo, &hi, &range));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(rule_order, reset),
		cmocka_unit_test_setup(rule_replace, reset),
		cmocka_unit_test_setup(global_dup_and_order, reset),
		cmocka_unit_test_setup(static_forms, reset),
		cmocka_unit_test_setup(iface_rename, reset),
		cmocka_unit_test_setup(static_clash, reset),
		cmocka_unit_test(class_mask),
		cmocka_unit_test(paren_parsers),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	nat_conf_reset();
	return rc;
}
