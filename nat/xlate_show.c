/*
 * xlate_show.c — "show xlate [detail|count]", "clear xlate", "show nat"
 * in the PIX 7.2 layouts:
 *
 *   2 in use, 2 most used
 *   Global 172.16.1.10 Local 10.4.4.10
 *   PAT Global 172.16.1.1(1024) Local 10.4.4.20(3372)
 *
 * Statics are translations too: they are listed (in configuration order)
 * before the dynamic ones (in the order they were made).
 */
#include "nat/xlate_show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "nat/nat_conf.h"
#include "nat/nat_rules.h"
#include "nat/xlate.h"

static const char *pname(uint8_t p)
{
	return p == 6 ? "TCP" : p == 17 ? "UDP" : "ICMP";
}

void fw_xlate_brief(struct cli *cli, const struct xlate *x, const char *indent)
{
	char g[16], l[16];
	ip4_fmt(x->mapped_ip, g);
	ip4_fmt(x->real_ip, l);
	if (x->kind == XL_PAT)
		cli_printf(cli, "%sPAT Global %s(%u) Local %s(%u)\n", indent, g, x->mapped_port, l,
			   x->real_port);
	else
		cli_printf(cli, "%sGlobal %s Local %s\n", indent, g, l);
}

void fw_static_brief(struct cli *cli, const struct nr_static *s, const char *indent)
{
	char g[16], l[16];
	ip4_fmt(nr_static_mapped(s), g);
	ip4_fmt(s->real, l);
	if (s->proto)
		cli_printf(cli, "%sPAT Global %s(%u) Local %s(%u)\n", indent, g, s->mapped_port, l,
			   s->real_port);
	else
		cli_printf(cli, "%sGlobal %s Local %s\n", indent, g, l);
}

static void xlate_detail(struct cli *cli, const struct xlate *x)
{
	char g[16], l[16], fl[8], *p = fl;
	ip4_fmt(x->mapped_ip, g);
	ip4_fmt(x->real_ip, l);
	/* the order the 7.x samples show: "ri" for PAT, "sr" for static PAT */
	if (x->kind == XL_PAT)
		*p++ = 'r';
	*p++ = 'i';
	if (x->kind == XL_IDENTITY)
		*p++ = 'I';
	if (x->flags & XF_NORANDOMSEQ)
		*p++ = 'n';
	if (x->flags & XF_DNS)
		*p++ = 'D';
	*p = 0;
	if (x->kind == XL_PAT)
		cli_printf(cli, "%s PAT from %s:%s/%u to %s:%s/%u flags %s\n", pname(x->proto),
			   fw_ifname(x->real_slot), l, x->real_port, fw_ifname(x->mapped_slot), g,
			   x->mapped_port, fl);
	else
		cli_printf(cli, "NAT from %s:%s to %s:%s flags %s\n", fw_ifname(x->real_slot), l,
			   fw_ifname(x->mapped_slot), g, fl);
}

static void static_detail(struct cli *cli, const struct nr_static *s)
{
	char g[16], l[16], fl[8], *p = fl;
	ip4_fmt(nr_static_mapped(s), g);
	ip4_fmt(s->real, l);
	*p++ = 's';
	if (s->proto)
		*p++ = 'r';
	if (!s->proto && !s->acl && !s->mapped_iface && s->real == s->mapped)
		*p++ = 'I';
	if (s->opts.norandomseq)
		*p++ = 'n';
	if (s->opts.dns)
		*p++ = 'D';
	*p = 0;
	if (s->proto)
		cli_printf(cli, "%s PAT from %s:%s/%u to %s:%s/%u flags %s\n", pname(s->proto),
			   fw_ifname(s->real_slot), l, s->real_port, fw_ifname(s->mapped_slot), g,
			   s->mapped_port, fl);
	else
		cli_printf(cli, "NAT from %s:%s to %s:%s flags %s\n", fw_ifname(s->real_slot), l,
			   fw_ifname(s->mapped_slot), g, fl);
}

static int cmp_seq(const void *pa, const void *pb)
{
	const struct xlate *a = *(struct xlate *const *)pa, *b = *(struct xlate *const *)pb;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

struct xfilter {
	bool has_global, has_local;
	uint32_t glo, ghi, llo, lhi;
	int slot; /* -1: any */
};

static bool in_range(uint32_t ip, uint32_t lo, uint32_t hi)
{
	return ip >= lo && ip <= hi;
}

static bool xf_match(const struct xfilter *f, int rs, int ms, uint32_t real, uint32_t mapped)
{
	if (f->has_global && !in_range(mapped, f->glo, f->ghi))
		return false;
	if (f->has_local && !in_range(real, f->llo, f->lhi))
		return false;
	if (f->slot >= 0 && rs != f->slot && ms != f->slot)
		return false;
	return true;
}

static int parse_xfilter(struct cli_args *a, struct xfilter *f)
{
	memset(f, 0, sizeof *f);
	f->slot = -1;
	const char *m = cli_get(a, "MASK");
	uint32_t mask = 0xffffffffu;
	if (m && !ip4_parse_mask(m, &mask))
		return cli_bad(a, "MASK");
	const char *g = cli_get(a, "GIP"), *l = cli_get(a, "LIP");
	uint32_t x;
	if (g) {
		if (!conf_parse_host(g, &x))
			return cli_bad(a, "GIP");
		f->has_global = true;
		f->glo = x & mask;
		f->ghi = x | ~mask;
	}
	if (l) {
		if (!conf_parse_host(l, &x))
			return cli_bad(a, "LIP");
		f->has_local = true;
		f->llo = x & mask;
		f->lhi = x | ~mask;
	}
	const char *ifn = cli_get(a, "IF");
	if (ifn) {
		f->slot = fw_slot_by_name(ifn);
		if (f->slot < 0)
			return cli_bad(a, "IF");
	}
	return CLI_OK;
}

static size_t in_use(void)
{
	return xlate_count() + nr_static_count();
}

static size_t most_used;

static void note_most(void)
{
	if (in_use() > most_used)
		most_used = in_use();
	if (xlate_most() + nr_static_count() > most_used)
		most_used = xlate_most() + nr_static_count();
}

static int show_xlate(struct cli *cli, struct cli_args *a)
{
	fw_sync_now();
	struct xfilter f;
	int rc = parse_xfilter(a, &f);
	if (rc != CLI_OK)
		return rc;
	bool detail = cli_has(a, "detail");
	note_most();
	cli_printf(cli, "%zu in use, %zu most used\n", in_use(), most_used);
	if (detail)
		cli_puts(cli, "Flags: D - DNS, d - dump, I - identity, i - dynamic, n - no random,\n"
			      "       r - portmap, s - static\n");
	for (size_t i = 0; i < nr_static_count(); i++) {
		const struct nr_static *s = nr_static_at(i);
		if (!xf_match(&f, s->real_slot, s->mapped_slot, s->real, nr_static_mapped(s)))
			continue;
		if (detail)
			static_detail(cli, s);
		else
			fw_static_brief(cli, s, "");
	}
	struct xlate **v = xmalloc((xlate_count() + 1) * sizeof *v);
	size_t n = 0;
	uint32_t it = 0;
	for (struct xlate *x; (x = xlate_next(&it));)
		v[n++] = x;
	qsort(v, n, sizeof *v, cmp_seq);
	for (size_t i = 0; i < n; i++) {
		const struct xlate *x = v[i];
		if (!xf_match(&f, x->real_slot, x->mapped_slot, x->real_ip, x->mapped_ip))
			continue;
		if (detail)
			xlate_detail(cli, x);
		else
			fw_xlate_brief(cli, x, "");
	}
	free(v);
	return CLI_OK;
}

static int show_xlate_count(struct cli *cli, struct cli_args *a)
{
	(void)a;
	fw_sync_now();
	note_most();
	cli_printf(cli, "%zu in use, %zu most used\n", in_use(), most_used);
	return CLI_OK;
}

struct xsel {
	uint32_t id;
};

static bool holds(const struct conn *c, void *ctx)
{
	const struct xsel *s = ctx;
	return c->xl[0] == s->id || c->xl[1] == s->id;
}

static int clear_xlate(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	fw_sync_now();
	struct xfilter f;
	int rc = parse_xfilter(a, &f);
	if (rc != CLI_OK)
		return rc;
	uint32_t it = 0;
	for (struct xlate *x; (x = xlate_next(&it));) {
		if (!xf_match(&f, x->real_slot, x->mapped_slot, x->real_ip, x->mapped_ip))
			continue;
		struct xsel s = {x->self + 1};
		fw_conn_clear(holds, &s, "Xlate Clear");
		xlate_del(s.id);
	}
	return CLI_OK;
}

/* ---- show nat ------------------------------------------------------------------------ */

static void match_addr(struct strbuf *sb, uint32_t ip, uint32_t mask)
{
	char a[16], m[16];
	if (!mask)
		sb_puts(sb, " any");
	else if (mask == 0xffffffffu)
		sb_printf(sb, " host %s", ip4_fmt(ip, a));
	else
		sb_printf(sb, " %s %s", ip4_fmt(ip, a), ip4_fmt(mask, m));
}

static void hits_line(struct cli *cli, const struct nr_hits *h)
{
	cli_printf(cli, "    translate_hits = %llu, untranslate_hits = %llu\n",
		   (unsigned long long)h->translate, (unsigned long long)h->untranslate);
}

static void nat_rule_lines(struct cli *cli, const struct nr_rule *r, int out)
{
	struct strbuf sb = STRBUF_INIT;
	char pool[256];
	const char *what = NULL;
	if (r->id == 0 && r->is_acl)
		what = "NAT exempt";
	else if (r->id == 0)
		what = "identity NAT translation, pool 0";
	size_t n = r->is_acl ? r->acl->nel : 1;
	for (size_t i = 0; i < n; i++) {
		sb_reset(&sb);
		if (r->is_acl) {
			const struct fw_elem *e = &r->acl->el[i];
			if (!e->permit)
				continue;
			sb_printf(&sb, "  match ip %s", fw_ifname(r->slot));
			match_addr(&sb, e->src, e->smask);
			sb_printf(&sb, " %s", fw_ifname(out));
			match_addr(&sb, e->dst, e->dmask);
		} else {
			sb_printf(&sb, "  match ip %s", fw_ifname(r->slot));
			match_addr(&sb, r->net, r->mask);
			sb_printf(&sb, " %s any", fw_ifname(out));
		}
		cli_printf(cli, "%s\n", sb.buf);
		if (what) {
			cli_printf(cli, "    %s\n", what);
		} else {
			struct fw_nat n2 = {.gset = nr_gset(out, r->id)};
			nr_describe_pool(&n2, out, pool, sizeof pool);
			cli_printf(cli, "    dynamic translation to pool %u %s\n", r->id, pool);
		}
		hits_line(cli, r->hits);
	}
	sb_free(&sb);
}

static int show_nat(struct cli *cli, struct cli_args *a)
{
	fw_sync_now();
	const char *only = cli_get(a, "IF");
	if (only && fw_slot_by_name(only) < 0)
		return cli_bad(a, "IF");
	for (size_t s = 0; s < fw_nifs; s++) {
		if (!fw_ifs[s].live || (only && strcmp(only, fw_ifs[s].name)))
			continue;
		bool header = false;
		for (size_t i = 0; i < nr_static_count(); i++) {
			const struct nr_static *st = nr_static_at(i);
			if (st->real_slot != (int)s)
				continue;
			if (!header)
				cli_printf(cli, "NAT policies on Interface %s:\n", fw_ifs[s].name);
			header = true;
			struct strbuf sb = STRBUF_INIT;
			sb_printf(&sb, "  match ip %s", fw_ifs[s].name);
			match_addr(&sb, st->real, st->acl ? 0xffffffffu : st->mask);
			sb_printf(&sb, " %s any", fw_ifname(st->mapped_slot));
			char m[16];
			cli_printf(cli, "%s\n    static translation to %s\n", sb.buf,
				   ip4_fmt(nr_static_mapped(st), m));
			hits_line(cli, st->hits);
			sb_free(&sb);
		}
		for (size_t i = 0; i < nr_rule_count(); i++) {
			const struct nr_rule *r = nr_rule_at(i);
			if (r->slot != (int)s)
				continue;
			for (size_t o = 0; o < fw_nifs; o++) {
				if (o == s || !fw_ifs[o].live)
					continue;
				if (!header)
					cli_printf(cli, "NAT policies on Interface %s:\n", fw_ifs[s].name);
				header = true;
				nat_rule_lines(cli, r, (int)o);
			}
		}
	}
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show xlate count", "Show running system information\nShow current translation information\n"
			     "Display number of translations in use",
	 show_xlate_count, CLI_SHOW | CLI_PRIV},
	{"show xlate {global GIP:ip | local LIP:ip | netmask MASK:mask | interface IF:nameif | detail}",
	 "Show running system information\nShow current translation information\n"
	 "Global IP address\nGlobal IP address\nLocal IP address\nLocal IP address\n"
	 "Netmask\nNetwork mask\nInterface\nInterface name\nDisplay translation details",
	 show_xlate, CLI_SHOW | CLI_PRIV},
	{"clear xlate {global GIP:ip | local LIP:ip | netmask MASK:mask | interface IF:nameif}",
	 "Reset functions\nClear current translation information\n"
	 "Global IP address\nGlobal IP address\nLocal IP address\nLocal IP address\n"
	 "Netmask\nNetwork mask\nInterface\nInterface name",
	 clear_xlate, CLI_PRIV | CLI_EXEC_ANY},
	{"show nat [IF:nameif]", "Show running system information\nShow NAT policy information\n"
				 "Interface name",
	 show_nat, CLI_SHOW | CLI_PRIV},
};

static void xlate_show_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
}
MODULE_INIT(xlate_show_init)
