/*
 * nat_write.c — nat-control, global, nat and static in PIX 7.2 canonical
 * form.  Order (conf/order.h): nat-control, every global, every nat, every
 * static.  global and nat lines are grouped by interface, then by NAT ID.
 *
 * Forms [R: 7.x/8.0-8.2 show running-config samples]:
 *   global (outside) 1 interface
 *   global (outside) 2 192.0.2.11-192.0.2.15 netmask 255.255.255.0
 *   nat (inside) 0 access-list nonat
 *   nat (inside) 1 10.0.0.0 255.0.0.0 dns outside tcp 100 10 udp 50 norandomseq
 *   static (inside,outside) tcp interface smtp 10.1.1.5 smtp netmask 255.255.255.255 
 * A static line ends with a space: every part after the interfaces is
 * printed followed by one (seen on 8.2 boxes).
 */
#include "nat/nat_write.h"

#include <stdlib.h>

#include "conf/conf.h"
#include "dataplane/names.h"
#include "lib/ip4.h"
#include "lib/strbuf.h"

static void host(struct strbuf *sb, uint32_t ip)
{
	char b[64];
	sb_puts(sb, conf_fmt_host(ip, b));
}

static void mask(struct strbuf *sb, uint32_t m)
{
	char b[16];
	sb_puts(sb, ip4_fmt(m, b));
}

void nat_fmt_global(struct strbuf *sb, const struct nat_global *g)
{
	sb_printf(sb, "global (%s) %u ", g->ifname, g->id);
	switch (g->kind) {
	case NAT_GLOBAL_IFACE:
		sb_puts(sb, "interface");
		return;
	case NAT_GLOBAL_ADDR:
		host(sb, g->lo);
		break;
	case NAT_GLOBAL_RANGE:
		host(sb, g->lo);
		sb_puts(sb, "-");
		host(sb, g->hi);
		break;
	}
	if (g->has_mask) {
		sb_puts(sb, " netmask ");
		mask(sb, g->mask);
	}
}

/* Options after the address part; `sep_after` puts the blank after each
 * word (static) instead of before (nat). */
static void opts(struct strbuf *sb, const struct nat_opts *o, bool is_nat)
{
	const char *pre = is_nat ? " " : "", *post = is_nat ? "" : " ";
	if (o->dns)
		sb_printf(sb, "%sdns%s", pre, post);
	if (is_nat && o->outside)
		sb_printf(sb, "%soutside%s", pre, post);
	if (!is_nat && o->norandomseq)
		sb_printf(sb, "%snorandomseq%s", pre, post);
	if (o->tcp_max || o->emb_max)
		sb_printf(sb, "%stcp %u %u%s", pre, o->tcp_max, o->emb_max, post);
	if (o->udp_max)
		sb_printf(sb, "%sudp %u%s", pre, o->udp_max, post);
	if (is_nat && o->norandomseq)
		sb_printf(sb, "%snorandomseq%s", pre, post);
}

void nat_fmt_rule(struct strbuf *sb, const struct nat_rule *r)
{
	sb_printf(sb, "nat (%s) %u ", r->ifname, r->id);
	if (r->kind == NAT_RULE_ACL) {
		sb_printf(sb, "access-list %s", r->acl);
	} else {
		host(sb, r->net);
		sb_puts(sb, " ");
		mask(sb, r->mask);
	}
	opts(sb, &r->opts, true);
}

static void port(struct strbuf *sb, uint8_t proto, uint16_t p)
{
	char b[8];
	sb_printf(sb, "%s ", port_name(p, proto == 17 ? PP_UDP : PP_TCP, b));
}

void nat_fmt_static(struct strbuf *sb, const struct nat_static *s)
{
	sb_printf(sb, "static (%s,%s) ", s->real_if, s->mapped_if);
	if (s->proto)
		sb_puts(sb, s->proto == 17 ? "udp " : "tcp ");
	if (s->mapped_is_iface)
		sb_puts(sb, "interface");
	else
		host(sb, s->mapped);
	sb_puts(sb, " ");
	if (s->proto)
		port(sb, s->proto, s->mapped_port);
	if (s->is_acl) {
		sb_printf(sb, "access-list %s ", s->acl);
	} else {
		host(sb, s->real);
		sb_puts(sb, " ");
		if (s->proto)
			port(sb, s->proto, s->real_port);
		sb_puts(sb, "netmask ");
		mask(sb, s->mask);
		sb_puts(sb, " ");
	}
	opts(sb, &s->opts, false);
}

void nat_fmt_static_brief(struct strbuf *sb, const struct nat_static *s)
{
	char b[16];
	if (s->proto)
		sb_puts(sb, s->proto == 17 ? "UDP " : "TCP ");
	if (s->is_acl)
		sb_printf(sb, "%s:access-list %s", s->real_if, s->acl);
	else
		sb_printf(sb, "%s:%s", s->real_if, ip4_fmt(s->real, b));
	if (s->proto && !s->is_acl)
		sb_printf(sb, "/%u", s->real_port);
	sb_printf(sb, " to %s:%s", s->mapped_if,
		  s->mapped_is_iface ? "interface" : ip4_fmt(s->mapped, b));
	if (s->proto)
		sb_printf(sb, "/%u", s->mapped_port);
	sb_printf(sb, " netmask %s", ip4_fmt(s->mask, b));
}

static void emit(struct cfgout *o, struct strbuf *sb)
{
	sb_puts(sb, "\n");
	cfg_puts(o, sb->buf);
	sb_reset(sb);
}

static void write_control(struct cfgout *o, unsigned flags)
{
	if (nat_control())
		cfg_puts(o, "nat-control\n");
	else if (flags & CONF_W_ALL)
		cfg_puts(o, "no nat-control\n");
}

static void write_global(struct cfgout *o, unsigned flags)
{
	(void)flags;
	size_t n;
	const struct nat_global **v = nat_globals_sorted(&n);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		nat_fmt_global(&sb, v[i]);
		emit(o, &sb);
	}
	sb_free(&sb);
	free(v);
}

static void write_nat(struct cfgout *o, unsigned flags)
{
	(void)flags;
	size_t n;
	const struct nat_rule **v = nat_rules_sorted(&n);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		nat_fmt_rule(&sb, v[i]);
		emit(o, &sb);
	}
	sb_free(&sb);
	free(v);
}

static void write_static(struct cfgout *o, unsigned flags)
{
	(void)flags;
	struct strbuf sb = STRBUF_INIT;
	size_t it = 0;
	for (const struct nat_static *s; (s = nat_static_next(&it));) {
		nat_fmt_static(&sb, s);
		emit(o, &sb);
	}
	sb_free(&sb);
}

void nat_write_register(void)
{
	conf_register_writer(ORD_NAT_CONTROL, write_control);
	conf_register_writer(ORD_GLOBAL, write_global);
	conf_register_writer(ORD_NAT, write_nat);
	conf_register_writer(ORD_STATIC, write_static);
	conf_register_reset(nat_conf_reset);
}
