/*
 * aaa_write.c — aaa-server groups/hosts and aaa rules in PIX 7.2 form.
 *
 *   aaa-server vpn protocol radius
 *    max-failed-attempts 5
 *   aaa-server vpn (inside) host 10.4.4.2
 *    timeout 5
 *    key radiuskey                 <- 7.2 prints the key in clear (seed; 8.x masks it)
 *   aaa authentication ssh console LOCAL      <- one blank at the end [see below]
 *   aaa authentication telnet console TACACS LOCAL
 *
 * Groups print in entry order, each followed by its hosts in entry order;
 * sub-lines only where they differ from the default.  Sub-line order
 * (timeout, retry-interval, server-port, key, radius-common-pw,
 * authentication-port, accounting-port, then the rest) follows 8.x
 * transcripts [R].  A console/command rule without fallback ends in a
 * blank: "... console LOCAL " in 7.2/FWSM configurations, i.e. the box
 * prints "GROUP FALLBACK" with an empty fallback.
 */
#include <stdio.h>

#include "aaa/aaa_cmds.h"
#include "aaa/aaa_conf.h"
#include "conf/conf.h"
#include "lib/ip4.h"

static void write_group(struct cfgout *o, const struct aaa_group *g, unsigned flags)
{
	bool all = flags & CONF_W_ALL;
	cfg_printf(o, "aaa-server %s protocol %s\n", g->name, aaa_proto_name(g->proto));
	if (g->acct_simultaneous)
		cfg_puts(o, " accounting-mode simultaneous\n");
	else if (all && (g->proto == AAA_RADIUS || g->proto == AAA_TACACS))
		cfg_puts(o, " accounting-mode single\n");
	if (g->react_timed)
		cfg_puts(o, " reactivation-mode timed\n");
	else if (all || g->deadtime != AAA_DEADTIME_DEFAULT)
		cfg_printf(o, " reactivation-mode depletion deadtime %d\n", g->deadtime);
	if (all || g->max_failed != AAA_MAXFAIL_DEFAULT)
		cfg_printf(o, " max-failed-attempts %d\n", g->max_failed);
}

static void write_host(struct cfgout *o, const struct aaa_group *g, const struct aaa_host *h,
		       unsigned flags)
{
	bool all = flags & CONF_W_ALL;
	char b[64];
	if (h->ifname[0])
		cfg_printf(o, "aaa-server %s (%s) host %s\n", g->name, h->ifname,
			   conf_fmt_host(h->addr, b));
	else /* no interface known when it was entered (see aaa_server_cmds.c) */
		cfg_printf(o, "aaa-server %s host %s\n", g->name, conf_fmt_host(h->addr, b));
	if (all || h->timeout != AAA_TIMEOUT_DEFAULT)
		cfg_printf(o, " timeout %d\n", h->timeout);
	if (all || h->retry_interval != AAA_RETRY_DEFAULT)
		cfg_printf(o, " retry-interval %d\n", h->retry_interval);
	if (h->server_port)
		cfg_printf(o, " server-port %u\n", h->server_port);
	if (h->key[0])
		cfg_printf(o, " key %s\n", h->key);
	if (h->common_pw[0])
		cfg_printf(o, " radius-common-pw %s\n", h->common_pw);
	if (g->proto == AAA_RADIUS) {
		if (all || h->auth_port)
			cfg_printf(o, " authentication-port %u\n", aaa_host_auth_port(h));
		if (all || h->acct_port)
			cfg_printf(o, " accounting-port %u\n", aaa_host_acct_port(h));
	}
	for (int x = 0; x < AAA_X_COUNT; x++)
		if (h->extra[x])
			cfg_printf(o, " %s %s\n", aaa_host_extra_kw((enum aaa_host_extra)x),
				   h->extra[x]);
}

static void write_servers(struct cfgout *o, unsigned flags)
{
	size_t i = 0;
	for (struct aaa_group *g; (g = aaa_group_next(&i));) {
		write_group(o, g, flags);
		for (size_t k = 0; k < g->nhosts; k++)
			write_host(o, g, g->hosts[k], flags);
	}
}

static const char *kind_kw(enum aaa_kind k)
{
	return k == AAA_AUTHEN ? "authentication" : k == AAA_AUTHOR ? "authorization"
								    : "accounting";
}

static void write_rule(struct cfgout *o, const struct aaa_rule *r)
{
	char b1[64], b2[16], b3[64], b4[16];
	const char *kw = kind_kw(r->kind);
	const char *fb = r->local_fallback ? "LOCAL" : "";
	switch (r->form) {
	case AAA_F_CONSOLE:
		if (r->kind == AAA_AUTHEN)
			cfg_printf(o, "aaa %s %s console %s %s\n", kw,
				   aaa_console_name(r->console), r->group, fb);
		else
			cfg_printf(o, "aaa %s %s console %s\n", kw,
				   aaa_console_name(r->console), r->group);
		break;
	case AAA_F_COMMAND:
		if (r->kind == AAA_AUTHOR)
			cfg_printf(o, "aaa authorization command %s %s\n", r->group, fb);
		else if (r->privilege)
			cfg_printf(o, "aaa accounting command privilege %d %s\n", r->privilege,
				   r->group);
		else
			cfg_printf(o, "aaa accounting command %s\n", r->group);
		break;
	case AAA_F_MATCH:
		cfg_printf(o, "aaa %s match %s %s %s\n", kw, r->acl, r->ifname, r->group);
		break;
	case AAA_F_INCLUDE:
	case AAA_F_EXCLUDE:
		cfg_printf(o, "aaa %s %s %s %s %s %s", kw,
			   r->form == AAA_F_INCLUDE ? "include" : "exclude", r->service,
			   r->ifname, conf_fmt_host(r->lip, b1), ip4_fmt(r->lmask, b2));
		if (r->has_foreign)
			cfg_printf(o, " %s %s", conf_fmt_host(r->fip, b3), ip4_fmt(r->fmask, b4));
		cfg_printf(o, " %s\n", r->group);
		break;
	case AAA_F_SECURE_HTTP:
		cfg_puts(o, "aaa authentication secure-http-client\n");
		break;
	case AAA_F_LISTENER:
		cfg_printf(o, "aaa authentication listener %s %s", r->service, r->ifname);
		if (r->number)
			cfg_printf(o, " port %d", r->number);
		cfg_puts(o, r->redirect ? " redirect\n" : "\n");
		break;
	case AAA_F_MAXFAIL:
		cfg_printf(o, "aaa local authentication attempts max-fail %d\n", r->number);
		break;
	case AAA_F_PROXY_LIMIT:
		if (r->number)
			cfg_printf(o, "aaa proxy-limit %d\n", r->number);
		else
			cfg_puts(o, "aaa proxy-limit disable\n");
		break;
	}
}

static void write_rules(struct cfgout *o, unsigned flags)
{
	(void)flags;
	size_t i = 0;
	for (const struct aaa_rule *r; (r = aaa_rule_next(&i));)
		write_rule(o, r);
}

void aaa_write_register(void)
{
	conf_register_writer(ORD_AAA_SERVER, write_servers);
	conf_register_writer(ORD_AAA, write_rules);
	conf_register_reset(aaa_conf_reset);
}
