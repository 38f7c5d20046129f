/*
 * icmp.c — "icmp permit|deny {any | host A | A M} [TYPE] IF", its no form,
 * "icmp unreachable rate-limit N burst-size N", "clear configure icmp" and
 * their lines in show running-config:
 *
 *   icmp permit any outside
 *   icmp permit host 10.1.1.202 echo-reply inside
 */
#include "dataplane/icmp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp_errors.h"
#include "dataplane/names.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

static struct icmp_rule *rules;
static size_t nrules, caprules;
static int rate = 1, burst = 1;

size_t icmp_rule_count(void)
{
	return nrules;
}

const struct icmp_rule *icmp_rule_at(size_t i)
{
	return i < nrules ? &rules[i] : NULL;
}

int icmp_unreach_rate(void)
{
	return rate;
}

int icmp_unreach_burst(void)
{
	return burst;
}

static void rule_del(size_t i)
{
	memmove(&rules[i], &rules[i + 1], (nrules - i - 1) * sizeof *rules);
	nrules--;
}

static int do_icmp(struct cli *cli, struct cli_args *a)
{
	struct icmp_rule r = {.permit = cli_has(a, "permit"), .type = -1};
	snprintf(r.ifname, sizeof r.ifname, "%s", cli_get(a, "IF"));
	if (cli_has(a, "host")) {
		if (!conf_parse_host(cli_get(a, "H"), &r.ip))
			return cli_bad(a, "H");
		r.mask = 0xffffffffu;
	} else if (cli_get(a, "A")) {
		if (!conf_parse_host(cli_get(a, "A"), &r.ip))
			return cli_bad(a, "A");
		ip4_parse(cli_get(a, "M"), &r.mask);
		if (!ip4_mask_valid(r.mask))
			return cli_bad(a, "M");
		if (r.ip & ~r.mask) {
			char x[16], y[16];
			cli_printf(cli, ERR_ADDR_MASK_PAIR, ip4_fmt(r.ip, x), ip4_fmt(r.mask, y));
			return CLI_ERR;
		}
	}
	if (cli_get(a, "TYPE"))
		r.type = icmp_type_parse(cli_get(a, "TYPE"));
	for (size_t i = 0; i < nrules; i++) {
		struct icmp_rule *o = &rules[i];
		if (o->ip == r.ip && o->mask == r.mask && o->type == r.type &&
		    !strcmp(o->ifname, r.ifname)) {
			if (cli_has(a, "no"))
				rule_del(i);
			else
				o->permit = r.permit; /* same match: the action is replaced */
			return CLI_OK;
		}
	}
	if (cli_has(a, "no"))
		return CLI_OK;
	if (nrules == caprules) {
		caprules = caprules ? caprules * 2 : 16;
		rules = xrealloc(rules, caprules * sizeof *rules);
	}
	rules[nrules++] = r;
	return CLI_OK;
}

static int do_unreachable(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no")) {
		rate = burst = 1;
		return CLI_OK;
	}
	rate = atoi(cli_get(a, "RATE"));
	burst = atoi(cli_get(a, "BURST"));
	return CLI_OK;
}

static int do_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	nrules = 0;
	rate = burst = 1;
	return CLI_OK;
}

static void write_icmp(struct cfgout *o, unsigned flags)
{
	(void)flags;
	char h[64], m[16], t[8];
	if (rate != 1 || burst != 1)
		cfg_printf(o, "icmp unreachable rate-limit %d burst-size %d\n", rate, burst);
	for (size_t i = 0; i < nrules; i++) {
		const struct icmp_rule *r = &rules[i];
		cfg_printf(o, "icmp %s", r->permit ? "permit" : "deny");
		if (r->mask == 0 && r->ip == 0)
			cfg_puts(o, " any");
		else if (r->mask == 0xffffffffu)
			cfg_printf(o, " host %s", conf_fmt_host(r->ip, h));
		else
			cfg_printf(o, " %s %s", conf_fmt_host(r->ip, h), ip4_fmt(r->mask, m));
		if (r->type >= 0)
			cfg_printf(o, " %s", icmp_type_name(r->type, t));
		cfg_printf(o, " %s\n", r->ifname);
	}
}

static void on_iface(const char *oldname, const char *newname)
{
	for (size_t i = nrules; i-- > 0;) {
		if (strcmp(rules[i].ifname, oldname))
			continue;
		if (newname)
			snprintf(rules[i].ifname, sizeof rules[i].ifname, "%s", newname);
		else
			rule_del(i);
	}
}

static void icmp_reset(void)
{
	nrules = 0;
	rate = burst = 1;
}

static const struct cli_cmd cmds[] = {
	{"[no] icmp (permit | deny) (any | host H:dp-addr | A:dp-addr M:dp-mask) [TYPE:dp-icmptype] "
	 "IF:nameif",
	 "Negate a command or set its defaults\n"
	 "Configure access rules for ICMP traffic to the box\nPermit ICMP to the box\n"
	 "Deny ICMP to the box\nAny address\nA single host\nHost address\nIP address\nNetmask\n"
	 "ICMP type\nName of interface",
	 do_icmp, 0},
	{"icmp unreachable rate-limit RATE:<1-100> burst-size BURST:<1-10>",
	 "Configure access rules for ICMP traffic to the box\n"
	 "Configure ICMP unreachable messages\nRate limit\nMessages per second\nBurst size\n"
	 "Messages",
	 do_unreachable, 0},
	{"no icmp unreachable [rate-limit RATE:<1-100> burst-size BURST:<1-10>]",
	 "Negate a command or set its defaults\n"
	 "Configure access rules for ICMP traffic to the box\n"
	 "Configure ICMP unreachable messages\nRate limit\nMessages per second\nBurst size\n"
	 "Messages",
	 do_unreachable, 0},
	{"clear configure icmp",
	 "Reset functions\nClear configuration\nClear ICMP access rules", do_clear, 0},
};

static void icmp_init(void)
{
	cli_install_all(cli_mode_config(), cmds);
	conf_register_writer(ORD_ICMP, write_icmp);
	conf_register_reset(icmp_reset);
	iface_watch(on_iface);
}
MODULE_INIT(icmp_init)
