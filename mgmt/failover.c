/*
 * failover.c — the failover configuration lines.  pixie runs as a single
 * unit (there is no failover peer protocol): the lines are kept, validated
 * and reproduced so that a pasted PIX configuration survives intact, and
 * "prompt ... priority" reflects "failover lan unit".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"
#include "dataplane/names.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"

#define UNIT_POLL_DEFAULT 1000
#define UNIT_HOLD_DEFAULT 15000
#define IF_POLL_DEFAULT 5000
#define IF_HOLD_DEFAULT 25000

struct fo_mac {
	char phy[64];
	uint8_t active[6], standby[6];
};

struct fo_mon {
	char ifname[64];
	bool on;
};

static struct {
	bool enabled;
	bool unit_set, secondary;
	char lan_if[64], lan_phy[64];   /* "failover lan interface NAME PHY" */
	bool lan_enable;
	char key[64];                   /* shared secret, kept for the peer */
	bool key_hex;
	bool replication_http;
	char link_if[64], link_phy[64]; /* "failover link NAME [PHY]" */
	char ip_if[64];                 /* "failover interface ip NAME ..." */
	uint32_t ip, mask, standby;
	/* "failover polltime": poll and hold times in milliseconds */
	int unit_poll, unit_hold, if_poll, if_hold;
	int policy;                     /* "failover interface-policy N[%]" */
	bool policy_pct;
	struct fo_mac *macs;            /* "failover mac address PHY A S" */
	int nmacs;
	long timeout;                   /* "failover timeout", seconds */
	/* monitor-interface: names whose monitoring differs from the default
	 * (physical interfaces monitored, subinterfaces not) */
	struct fo_mon *mons;
	int nmons;
} fo;

bool mgmt_failover_secondary(void) { return fo.secondary; }

static int cmd_failover(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	fo.enabled = !cli_has(a, "no");
	return CLI_OK;
}

static int cmd_lan_unit(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no")) {
		fo.unit_set = fo.secondary = false;
	} else {
		fo.unit_set = true;
		fo.secondary = cli_has(a, "secondary");
	}
	mgmt_prompt_refresh();
	return CLI_OK;
}

static bool copy_word(struct cli_args *a, const char *spec, char *dst,
		      size_t n, int *rc)
{
	const char *s = cli_get(a, spec);
	if (!s) {
		dst[0] = '\0';
		return true;
	}
	if (strlen(s) >= n) {
		*rc = cli_bad(a, spec);
		return false;
	}
	strlcpy_(dst, s, n);
	return true;
}

/* "failover lan interface NAME PHY" and "failover link NAME PHY" take the
 * same pair: validate both words, then store them together. */
static int set_if_pair(struct cli_args *a, char *name_dst, char *phy_dst)
{
	char name[64], phy[64];
	int rc;
	if (!copy_word(a, "NAME", name, sizeof name, &rc) ||
	    !copy_word(a, "PHY", phy, sizeof phy, &rc))
		return rc;
	memcpy(name_dst, name, sizeof name);
	memcpy(phy_dst, phy, sizeof phy);
	return CLI_OK;
}

static int cmd_lan_interface(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	return set_if_pair(a, fo.lan_if, fo.lan_phy);
}

static int cmd_no_lan_interface(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	fo.lan_if[0] = fo.lan_phy[0] = '\0';
	return CLI_OK;
}

static int cmd_lan_enable(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	fo.lan_enable = !cli_has(a, "no");
	return CLI_OK;
}

static int cmd_key(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *k = cli_get(a, "KEY");
	bool hex = cli_has(a, "hex");
	size_t n = strlen(k);
	if (n > 63)
		return cli_bad(a, "KEY");
	if (hex) { /* "failover key hex" takes 32 hexadecimal digits */
		if (n != 32 && !(n == 34 && k[0] == '0' && (k[1] == 'x' || k[1] == 'X')))
			return cli_bad(a, "KEY");
		for (size_t i = n == 34 ? 2 : 0; i < n; i++)
			if (!strchr("0123456789abcdefABCDEF", k[i]))
				return cli_bad(a, "KEY");
	}
	pw_wipe(fo.key, sizeof fo.key);
	strlcpy_(fo.key, k, sizeof fo.key);
	fo.key_hex = hex;
	return CLI_OK;
}

static int cmd_no_key(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	pw_wipe(fo.key, sizeof fo.key);
	fo.key_hex = false;
	return CLI_OK;
}

static int cmd_replication(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	fo.replication_http = !cli_has(a, "no");
	return CLI_OK;
}

static int cmd_link(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	return set_if_pair(a, fo.link_if, fo.link_phy);
}

static int cmd_no_link(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	fo.link_if[0] = fo.link_phy[0] = '\0';
	return CLI_OK;
}

static int cmd_interface_ip(struct cli *cli, struct cli_args *a)
{
	uint32_t ip, mask, sb;
	char name[64];
	int rc;
	if (!copy_word(a, "NAME", name, sizeof name, &rc))
		return rc;
	if (!conf_parse_host(cli_get(a, "ADDR"), &ip))
		return cli_bad(a, "ADDR");
	if (!ip4_parse_mask(cli_get(a, "MASK"), &mask))
		return cli_bad(a, "MASK");
	if (!conf_parse_host(cli_get(a, "STANDBY"), &sb))
		return cli_bad(a, "STANDBY");
	if ((ip & mask) != (sb & mask) || ip == sb) {
		cli_printf(cli, "ERROR: Standby IP address must be in the same subnet "
				"as the active IP address\n");
		return CLI_ERR;
	}
	memcpy(fo.ip_if, name, sizeof name);
	fo.ip = ip;
	fo.mask = mask;
	fo.standby = sb;
	return CLI_OK;
}

static int cmd_no_interface_ip(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	fo.ip_if[0] = '\0';
	return CLI_OK;
}

/* ---- polltime, interface-policy, mac address, timeout ----------------- */

/* A time in seconds, or in milliseconds after "msec", within its range. */
static bool fo_time(struct cli_args *a, const char *var, bool msec, int smin,
		    int smax, int mmin, int mmax, int *ms)
{
	int v = atoi(cli_get(a, var));
	if (msec ? v < mmin || v > mmax : v < smin || v > smax)
		return false;
	*ms = msec ? v : v * 1000;
	return true;
}

static int cmd_polltime(struct cli *cli, struct cli_args *a)
{
	bool iface = cli_has(a, "interface");
	int *poll = iface ? &fo.if_poll : &fo.unit_poll;
	int *hold = iface ? &fo.if_hold : &fo.unit_hold;
	if (cli_has(a, "no")) {
		*poll = iface ? IF_POLL_DEFAULT : UNIT_POLL_DEFAULT;
		*hold = iface ? IF_HOLD_DEFAULT : UNIT_HOLD_DEFAULT;
		return CLI_OK;
	}
	/* an "msec" before "holdtime" is the poll time's, one after it the
	 * hold time's */
	int ihold = cli_idx(a, "holdtime");
	bool poll_msec = false, hold_msec = false;
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->v[i].spec, "msec") == 0) {
			if (ihold >= 0 && i > ihold)
				hold_msec = true;
			else
				poll_msec = true;
		}
	int p, h = iface ? IF_HOLD_DEFAULT : UNIT_HOLD_DEFAULT;
	if (iface ? !fo_time(a, "POLL", poll_msec, 1, 15, 500, 999, &p)
		  : !fo_time(a, "POLL", poll_msec, 1, 15, 200, 999, &p))
		return cli_bad(a, "POLL");
	if (cli_get(a, "HOLD")) {
		if (iface ? !fo_time(a, "HOLD", false, 5, 75, 0, 0, &h)
			  : !fo_time(a, "HOLD", hold_msec, 1, 45, 800, 999, &h))
			return cli_bad(a, "HOLD");
	} else if (!iface) {
		h = p * 3 > UNIT_HOLD_DEFAULT ? p * 3 : UNIT_HOLD_DEFAULT;
	} else {
		h = p * 5 > IF_HOLD_DEFAULT ? p * 5 : IF_HOLD_DEFAULT;
	}
	if (h < 3 * p) {
		cli_printf(cli, "ERROR: Failover %s holdtime must be at least 3 times "
				"the polltime\n", iface ? "interface" : "unit");
		return CLI_ERR;
	}
	*poll = p;
	*hold = h;
	return CLI_OK;
}

static int cmd_policy(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no")) {
		fo.policy = 1;
		fo.policy_pct = false;
		return CLI_OK;
	}
	const char *v = cli_get(a, "N");
	char *end;
	long n = strtol(v, &end, 10);
	bool pct = *end == '%' && end[1] == '\0';
	if (end == v || v[0] < '0' || v[0] > '9' || (*end && !pct) ||
	    n < 1 || n > (pct ? 100 : 250))
		return cli_bad(a, "N");
	fo.policy = (int)n;
	fo.policy_pct = pct;
	return CLI_OK;
}

static int mac_find(const char *phy)
{
	for (int i = 0; i < fo.nmacs; i++)
		if (strcmp(fo.macs[i].phy, phy) == 0)
			return i;
	return -1;
}

static int cmd_mac(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	char phy[64];
	if (!iface_hw_canon(cli_get(a, "PHY"), phy, sizeof phy) || !iface_find_hw(phy))
		return cli_bad(a, "PHY");
	int i = mac_find(phy);
	if (cli_has(a, "no")) {
		if (i >= 0) {
			memmove(&fo.macs[i], &fo.macs[i + 1],
				(size_t)(fo.nmacs - i - 1) * sizeof *fo.macs);
			fo.nmacs--;
		}
		return CLI_OK;
	}
	struct fo_mac m = {0};
	strlcpy_(m.phy, phy, sizeof m.phy);
	if (!mac_parse(cli_get(a, "ACTIVE"), m.active))
		return cli_bad(a, "ACTIVE");
	if (!mac_parse(cli_get(a, "STANDBY"), m.standby))
		return cli_bad(a, "STANDBY");
	if (i < 0) {
		fo.macs = xrealloc(fo.macs, (size_t)(fo.nmacs + 1) * sizeof *fo.macs);
		i = fo.nmacs++;
	}
	fo.macs[i] = m;
	return CLI_OK;
}

static int cmd_timeout(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no")) {
		fo.timeout = 0;
		return CLI_OK;
	}
	int h, m, sec;
	char extra;
	const char *t = cli_get(a, "TIME");
	if (sscanf(t, "%d:%d:%d%c", &h, &m, &sec, &extra) != 3 || h < 0 ||
	    h > 1193 || m < 0 || m > 59 || sec < 0 || sec > 59)
		return cli_bad(a, "TIME");
	fo.timeout = h * 3600L + m * 60 + sec;
	return CLI_OK;
}

/* ---- monitor-interface --------------------------------------------------- */

static int mon_find(const char *ifname)
{
	for (int i = 0; i < fo.nmons; i++)
		if (strcmp(fo.mons[i].ifname, ifname) == 0)
			return i;
	return -1;
}

static void mon_del(int i)
{
	memmove(&fo.mons[i], &fo.mons[i + 1], (size_t)(fo.nmons - i - 1) * sizeof *fo.mons);
	fo.nmons--;
}

static int cmd_monitor(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifname = cli_get(a, "IF");
	const struct iface *ifp = iface_find_name(ifname);
	if (!ifp)
		return cli_bad(a, "IF");
	bool on = !cli_has(a, "no");
	bool dflt = ifp->parent == NULL; /* physical ports are monitored */
	int i = mon_find(ifname);
	if (on == dflt) {
		if (i >= 0)
			mon_del(i);
		return CLI_OK;
	}
	if (i < 0) {
		fo.mons = xrealloc(fo.mons, (size_t)(fo.nmons + 1) * sizeof *fo.mons);
		i = fo.nmons++;
		strlcpy_(fo.mons[i].ifname, ifname, sizeof fo.mons[i].ifname);
	}
	fo.mons[i].on = on;
	return CLI_OK;
}

static void iface_changed(const char *oldname, const char *newname)
{
	int i = mon_find(oldname);
	if (i >= 0 && newname)
		strlcpy_(fo.mons[i].ifname, newname, sizeof fo.mons[i].ifname);
	else if (i >= 0)
		mon_del(i);
}

static void write_monitor(struct cfgout *o, unsigned flags)
{
	(void)flags;
	for (int i = 0; i < fo.nmons; i++)
		cfg_printf(o, "%smonitor-interface %s\n", fo.mons[i].on ? "" : "no ",
			   fo.mons[i].ifname);
}

static void fo_reset(void)
{
	pw_wipe(fo.key, sizeof fo.key);
	free(fo.macs);
	free(fo.mons);
	memset(&fo, 0, sizeof fo);
	fo.unit_poll = UNIT_POLL_DEFAULT;
	fo.unit_hold = UNIT_HOLD_DEFAULT;
	fo.if_poll = IF_POLL_DEFAULT;
	fo.if_hold = IF_HOLD_DEFAULT;
	fo.policy = 1;
	mgmt_prompt_refresh();
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	fo_reset();
	return CLI_OK;
}

/* "failover polltime unit [msec ]N holdtime [msec ]M" when not the default */
static void write_polltime(struct cfgout *o, const char *kw, int poll, int hold,
			   int dpoll, int dhold)
{
	if (poll == dpoll && hold == dhold)
		return;
	cfg_printf(o, "failover polltime %s ", kw);
	if (poll % 1000)
		cfg_printf(o, "msec %d", poll);
	else
		cfg_printf(o, "%d", poll / 1000);
	if (hold % 1000)
		cfg_printf(o, " holdtime msec %d\n", hold);
	else
		cfg_printf(o, " holdtime %d\n", hold / 1000);
}

static void write_failover(struct cfgout *o, unsigned flags)
{
	char b1[64], b2[16], b3[64];
	cfg_puts(o, fo.enabled ? "failover\n" : "no failover\n");
	if (fo.unit_set)
		cfg_printf(o, "failover lan unit %s\n",
			   fo.secondary ? "secondary" : "primary");
	if (fo.lan_if[0])
		cfg_printf(o, "failover lan interface %s %s\n", fo.lan_if, fo.lan_phy);
	if (fo.lan_enable)
		cfg_puts(o, "failover lan enable\n");
	write_polltime(o, "unit", fo.unit_poll, fo.unit_hold, UNIT_POLL_DEFAULT,
		       UNIT_HOLD_DEFAULT);
	write_polltime(o, "interface", fo.if_poll, fo.if_hold, IF_POLL_DEFAULT,
		       IF_HOLD_DEFAULT);
	if (fo.key[0]) {
		if (flags & CONF_W_SECRETS)
			cfg_printf(o, "failover key %s%s\n", fo.key_hex ? "hex " : "",
				   fo.key);
		else
			cfg_puts(o, "failover key *****\n");
	}
	if (fo.replication_http)
		cfg_puts(o, "failover replication http\n");
	if (fo.link_if[0])
		cfg_printf(o, "failover link %s%s%s\n", fo.link_if,
			   fo.link_phy[0] ? " " : "", fo.link_phy);
	if (fo.ip_if[0])
		cfg_printf(o, "failover interface ip %s %s %s standby %s\n", fo.ip_if,
			   conf_fmt_host(fo.ip, b1), ip4_fmt(fo.mask, b2),
			   conf_fmt_host(fo.standby, b3));
	if (fo.policy != 1 || fo.policy_pct)
		cfg_printf(o, "failover interface-policy %d%s\n", fo.policy,
			   fo.policy_pct ? "%" : "");
	for (int i = 0; i < fo.nmacs; i++) {
		char m1[16], m2[16];
		cfg_printf(o, "failover mac address %s %s %s\n", fo.macs[i].phy,
			   mac_fmt(fo.macs[i].active, m1), mac_fmt(fo.macs[i].standby, m2));
	}
	if (fo.timeout)
		cfg_printf(o, "failover timeout %ld:%02ld:%02ld\n", fo.timeout / 3600,
			   fo.timeout / 60 % 60, fo.timeout % 60);
}

static const struct cli_cmd config_cmds[] = {
	{"[no] failover", "Negate a command or set its defaults\n"
	 "Enable/disable failover feature", cmd_failover, 0},
	{"failover lan unit (primary|secondary)",
	 "Enable/disable failover feature\nSpecify the LAN failover configuration\n"
	 "Specify the LAN failover unit\nThis unit is the primary unit\n"
	 "This unit is the secondary unit",
	 cmd_lan_unit, 0},
	{"no failover lan unit [primary|secondary]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the LAN failover configuration\nSpecify the LAN failover unit",
	 cmd_lan_unit, 0},
	{"failover lan interface NAME PHY",
	 "Enable/disable failover feature\nSpecify the LAN failover configuration\n"
	 "Specify the interface used for LAN failover\nName of the failover interface\n"
	 "Physical or logical interface",
	 cmd_lan_interface, 0},
	{"no failover lan interface [NAME] [PHY]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the LAN failover configuration\n"
	 "Specify the interface used for LAN failover",
	 cmd_no_lan_interface, 0},
	{"[no] failover lan enable",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the LAN failover configuration\nEnable LAN-based failover",
	 cmd_lan_enable, 0},
	{"failover key [hex] KEY",
	 "Enable/disable failover feature\nSpecify the failover shared secret\n"
	 "The key is 32 hexadecimal digits\nShared secret (up to 63 characters)",
	 cmd_key, 0},
	{"no failover key [hex] [KEY]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the failover shared secret",
	 cmd_no_key, 0},
	{"[no] failover replication http",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the replication options\nReplicate HTTP connections",
	 cmd_replication, 0},
	{"failover link NAME [PHY]",
	 "Enable/disable failover feature\nSpecify the stateful failover link\n"
	 "Name of the failover link\nPhysical or logical interface",
	 cmd_link, 0},
	{"no failover link [NAME] [PHY]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the stateful failover link",
	 cmd_no_link, 0},
	{"failover interface ip NAME ADDR:ip MASK:mask standby STANDBY:ip",
	 "Enable/disable failover feature\nSpecify the failover interface\n"
	 "Configure the failover interface addresses\nName of the failover interface\n"
	 "Active IP address\nNetmask\nSpecify the standby IP address\n"
	 "Standby IP address",
	 cmd_interface_ip, 0},
	{"no failover interface ip [NAME] [ADDR:ip] [MASK:mask] [standby STANDBY:ip]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the failover interface\nConfigure the failover interface addresses",
	 cmd_no_interface_ip, 0},
	{"failover polltime [unit] [msec] POLL [holdtime [msec] HOLD]",
	 "Enable/disable failover feature\nConfigure failover poll interval\n"
	 "Unit poll and hold times\nTime in milliseconds\nPoll time\n"
	 "Hold time\nTime in milliseconds\nHold time",
	 cmd_polltime, 0},
	{"failover polltime interface [msec] POLL [holdtime HOLD]",
	 "Enable/disable failover feature\nConfigure failover poll interval\n"
	 "Interface poll and hold times\nTime in milliseconds\nPoll time\n"
	 "Hold time\nHold time in seconds",
	 cmd_polltime, 0},
	{"no failover polltime [unit|interface] [ARGS:line]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Configure failover poll interval\nUnit poll time\nInterface poll time",
	 cmd_polltime, 0},
	{"failover interface-policy N",
	 "Enable/disable failover feature\n"
	 "Interfaces that must fail before failover\nNumber (1-250) or percentage (N%)",
	 cmd_policy, 0},
	{"no failover interface-policy [N]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Interfaces that must fail before failover\nNumber or percentage",
	 cmd_policy, 0},
	{"failover mac address PHY ACTIVE STANDBY",
	 "Enable/disable failover feature\nConfigure virtual MAC addresses\n"
	 "Virtual MAC address\nPhysical interface\nActive MAC address (H.H.H)\n"
	 "Standby MAC address (H.H.H)",
	 cmd_mac, 0},
	{"no failover mac address PHY [ACTIVE] [STANDBY]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Configure virtual MAC addresses\nVirtual MAC address\nPhysical interface",
	 cmd_mac, 0},
	{"failover timeout TIME",
	 "Enable/disable failover feature\n"
	 "Timeout of asymmetric xlates after failover\nTime (hh:mm:ss)",
	 cmd_timeout, 0},
	{"no failover timeout [TIME]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Timeout of asymmetric xlates after failover\nTime (hh:mm:ss)",
	 cmd_timeout, 0},
	{"[no] monitor-interface IF:nameif",
	 "Negate a command or set its defaults\n"
	 "Monitor an interface for failover\nName of interface",
	 cmd_monitor, 0},
	{"clear configure failover", MGMT_CLEAR_HELP "Clear failover configuration",
	 cmd_clear, 0},
};

static void failover_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	conf_register_writer(ORD_FAILOVER, write_failover);
	conf_register_writer(ORD_MONITOR, write_monitor);
	conf_register_reset(fo_reset);
	iface_watch(iface_changed);
	fo_reset();
}

MODULE_INIT(failover_init)
