/*
 * arp.c — "arp timeout N" (default 14400, always printed) and static
 * entries "arp IF A.B.C.D H.H.H [alias]", printed before the timeout:
 *
 *   arp inside 10.4.4.20 0011.2233.4455
 *   arp timeout 14400
 */
#include "dataplane/arp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/names.h"
#include "lib/module.h"
#include "lib/xalloc.h"

static unsigned long timeout = ARP_TIMEOUT_DEFAULT;
static struct arp_static *statics;
static size_t nstatics, capstatics;

unsigned long arp_timeout(void)
{
	return timeout;
}

size_t arp_static_count(void)
{
	return nstatics;
}

const struct arp_static *arp_static_at(size_t i)
{
	return i < nstatics ? &statics[i] : NULL;
}

static int do_timeout(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	timeout = cli_has(a, "no") ? ARP_TIMEOUT_DEFAULT : strtoul(cli_get(a, "SECS"), NULL, 10);
	return CLI_OK;
}

static void static_del(size_t i)
{
	memmove(&statics[i], &statics[i + 1], (nstatics - i - 1) * sizeof *statics);
	nstatics--;
}

static int do_arp(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct arp_static s = {.alias = cli_has(a, "alias")};
	snprintf(s.ifname, sizeof s.ifname, "%s", cli_get(a, "IF"));
	if (!conf_parse_host(cli_get(a, "IP"), &s.ip))
		return cli_bad(a, "IP");
	const char *mac = cli_get(a, "MAC");
	if (mac && !mac_parse(mac, s.mac))
		return cli_bad(a, "MAC");
	/* one entry per interface and address: a new MAC replaces the old */
	for (size_t i = 0; i < nstatics; i++)
		if (!strcmp(statics[i].ifname, s.ifname) && statics[i].ip == s.ip) {
			if (cli_has(a, "no"))
				static_del(i);
			else
				statics[i] = s;
			return CLI_OK;
		}
	if (cli_has(a, "no"))
		return CLI_OK;
	if (nstatics == capstatics) {
		capstatics = capstatics ? capstatics * 2 : 8;
		statics = xrealloc(statics, capstatics * sizeof *statics);
	}
	statics[nstatics++] = s;
	return CLI_OK;
}

static int do_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	nstatics = 0;
	timeout = ARP_TIMEOUT_DEFAULT;
	return CLI_OK;
}

static void write_arp(struct cfgout *o, unsigned flags)
{
	(void)flags;
	char h[64], m[16];
	for (size_t i = 0; i < nstatics; i++)
		cfg_printf(o, "arp %s %s %s%s\n", statics[i].ifname, conf_fmt_host(statics[i].ip, h),
			   mac_fmt(statics[i].mac, m), statics[i].alias ? " alias" : "");
	cfg_printf(o, "arp timeout %lu\n", timeout);
}

static void on_iface(const char *oldname, const char *newname)
{
	for (size_t i = nstatics; i-- > 0;) {
		if (strcmp(statics[i].ifname, oldname))
			continue;
		if (newname)
			snprintf(statics[i].ifname, sizeof statics[i].ifname, "%s", newname);
		else
			static_del(i);
	}
}

static void arp_reset(void)
{
	nstatics = 0;
	timeout = ARP_TIMEOUT_DEFAULT;
}

static const struct cli_cmd cmds[] = {
	{"arp timeout SECS:<60-4294967>",
	 "Change or view ARP table, set ARP timeout value, view statistics\n"
	 "Configure ARP timeout\nSeconds (default is 14400)",
	 do_timeout, 0},
	{"no arp timeout [SECS:<60-4294967>]",
	 "Negate a command or set its defaults\n"
	 "Change or view ARP table, set ARP timeout value, view statistics\n"
	 "Configure ARP timeout\nSeconds",
	 do_timeout, 0},
	{"arp IF:nameif IP:dp-addr MAC:dp-mac [alias]",
	 "Change or view ARP table, set ARP timeout value, view statistics\n"
	 "Name of interface\nIP address\nMAC address (H.H.H)\n"
	 "Enable proxy ARP for this address",
	 do_arp, 0},
	{"no arp IF:nameif IP:dp-addr [MAC:dp-mac [alias]]",
	 "Negate a command or set its defaults\n"
	 "Change or view ARP table, set ARP timeout value, view statistics\n"
	 "Name of interface\nIP address\nMAC address\nProxy ARP",
	 do_arp, 0},
	{"clear configure arp",
	 "Reset functions\nClear configuration\nClear static ARP entries and the ARP timeout",
	 do_clear, 0},
};

static void arp_init(void)
{
	cli_install_all(cli_mode_config(), cmds);
	conf_register_writer(ORD_ARP, write_arp);
	conf_register_reset(arp_reset);
	iface_watch(on_iface);
}
MODULE_INIT(arp_init)
