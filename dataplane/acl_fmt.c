/*
 * acl_fmt.c — the canonical text of an access-list entry, as PIX 7.2
 * prints it in show running-config:
 *
 *   extended permit tcp host 10.1.1.1 10.2.0.0 255.255.0.0 eq www log
 *   standard deny 10.0.0.0 255.0.0.0
 *   remark Allow the web farm
 *
 * show access-list spells out the log defaults ("log informational
 * interval 300").
 */
#include "dataplane/acl_fmt.h"

#include <stdio.h>

#include "conf/conf.h"
#include "lib/ip4.h"

static const char *host(uint32_t ip, char buf[64], enum acl_fmt_mode mode)
{
	if (mode == FMT_KEY) {
		char b[16];
		snprintf(buf, 64, "%s", ip4_fmt(ip, b));
		return buf;
	}
	return conf_fmt_host(ip, buf);
}

void acl_fmt_addr(struct strbuf *sb, const struct acl_addr *a, enum acl_fmt_mode mode)
{
	char h[64], m[16];
	switch (a->kind) {
	case AA_ANY:
		sb_puts(sb, " any");
		break;
	case AA_HOST:
		sb_printf(sb, " host %s", host(a->ip, h, mode));
		break;
	case AA_NET:
		sb_printf(sb, " %s %s", host(a->ip, h, mode), ip4_fmt(a->mask, m));
		break;
	case AA_GROUP:
		sb_printf(sb, " object-group %s", a->group);
		break;
	case AA_IFACE:
		sb_printf(sb, " interface %s", a->group);
		break;
	}
}

enum port_proto acl_port_pp(const struct ace *e)
{
	if (e->proto == 6)
		return PP_TCP;
	if (e->proto == 17)
		return PP_UDP;
	return PP_TCPUDP;
}

static void fmt_port(struct strbuf *sb, const struct acl_port *p, enum port_proto pp)
{
	if (p->group) {
		sb_printf(sb, " object-group %s", p->group);
	} else if (p->op != PORT_NONE) {
		char c[48];
		port_cond_fmt(c, sizeof c, p->op, p->lo, p->hi, pp);
		sb_puts(sb, c);
	}
}

static void fmt_log(struct strbuf *sb, const struct ace *e, enum acl_fmt_mode mode)
{
	switch (e->log) {
	case ACE_LOG_NONE:
		break;
	case ACE_LOG_DISABLE:
		sb_puts(sb, " log disable");
		break;
	case ACE_LOG_DEFAULT:
		sb_puts(sb, " log default");
		break;
	case ACE_LOG_ON:
		sb_puts(sb, " log");
		if (mode == FMT_SHOW) {
			sb_printf(sb, " %s interval %d",
				  loglevel_name(e->log_level >= 0 ? e->log_level : 6),
				  e->log_interval ? e->log_interval : 300);
			break;
		}
		if (e->log_level >= 0)
			sb_printf(sb, " %s", loglevel_name(e->log_level));
		if (e->log_interval)
			sb_printf(sb, " interval %d", e->log_interval);
		break;
	}
}

void acl_fmt(struct strbuf *sb, const struct ace *e, enum acl_fmt_mode mode)
{
	char p[8];
	switch (e->kind) {
	case ACE_REMARK:
		sb_printf(sb, "remark %s", e->remark);
		return;
	case ACE_STANDARD:
		sb_printf(sb, "standard %s", e->permit ? "permit" : "deny");
		acl_fmt_addr(sb, &e->dst, mode);
		return;
	case ACE_EXTENDED:
		break;
	}
	sb_printf(sb, "extended %s ", e->permit ? "permit" : "deny");
	if (e->proto_group)
		sb_printf(sb, "object-group %s", e->proto_group);
	else
		sb_puts(sb, proto_name(e->proto, p));
	enum port_proto pp = acl_port_pp(e);
	acl_fmt_addr(sb, &e->src, mode);
	fmt_port(sb, &e->sport, pp);
	acl_fmt_addr(sb, &e->dst, mode);
	fmt_port(sb, &e->dport, pp);
	if (e->icmp_type >= 0)
		sb_printf(sb, " %s", icmp_type_name(e->icmp_type, p));
	fmt_log(sb, e, mode);
	if (e->time_range)
		sb_printf(sb, " time-range %s", e->time_range);
	if (e->inactive)
		sb_puts(sb, " inactive");
}
