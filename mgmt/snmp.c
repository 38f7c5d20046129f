/*
 * snmp.c — "snmp-server ..." configuration: trap/poll hosts, location,
 * contact, community, the server switch and the trap selection.
 * 7.2 prints communities in clear (8.x+ masks them), and always prints
 * "no snmp-server location|contact" when they are unset.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"

enum trap_bits {
	T_AUTH = 1 << 0, T_LINKUP = 1 << 1, T_LINKDOWN = 1 << 2, T_COLDSTART = 1 << 3,
	T_SYSLOG = 1 << 4,
	T_IPSEC_START = 1 << 5, T_IPSEC_STOP = 1 << 6,
	T_ENT_CONFIG = 1 << 7, T_ENT_FRUINS = 1 << 8, T_ENT_FRUREM = 1 << 9,
	T_RA_THRESHOLD = 1 << 10,
};
#define T_SNMP (T_AUTH | T_LINKUP | T_LINKDOWN | T_COLDSTART)
#define T_ALL 0x7ff

static const struct {
	const char *kw;
	unsigned bit;
} trap_kw[] = {
	{"authentication", T_AUTH}, {"linkup", T_LINKUP}, {"linkdown", T_LINKDOWN},
	{"coldstart", T_COLDSTART}, {"start", T_IPSEC_START}, {"stop", T_IPSEC_STOP},
	{"config-change", T_ENT_CONFIG}, {"fru-insert", T_ENT_FRUINS},
	{"fru-remove", T_ENT_FRUREM},
};

enum host_mode { H_BOTH, H_TRAP, H_POLL };

struct snmp_host {
	char ifname[64];
	uint32_t ip;
	enum host_mode mode;
	char *community; /* NULL: none */
	bool v2c;
	int udp_port;    /* 0: default 162 */
};

static struct {
	bool disabled;
	char *location, *contact, *community;
	unsigned traps;
	struct snmp_host *hosts;
	int nhosts;
} snmp;

static int host_find(const char *ifname, uint32_t ip)
{
	for (int i = 0; i < snmp.nhosts; i++)
		if (snmp.hosts[i].ip == ip && strcmp(snmp.hosts[i].ifname, ifname) == 0)
			return i;
	return -1;
}

static void host_del(int i)
{
	free(snmp.hosts[i].community);
	memmove(&snmp.hosts[i], &snmp.hosts[i + 1],
		(size_t)(snmp.nhosts - i - 1) * sizeof *snmp.hosts);
	snmp.nhosts--;
}

static int cmd_host(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	uint32_t ip;
	const char *ifname = cli_get(a, "IF"), *comm = cli_get(a, "COMMUNITY");
	if (strlen(ifname) >= sizeof snmp.hosts[0].ifname)
		return cli_bad(a, "IF");
	if (!conf_parse_host(cli_get(a, "ADDR"), &ip))
		return cli_bad(a, "ADDR");
	if (comm && strlen(comm) > 32)
		return cli_bad(a, "COMMUNITY");
	struct snmp_host h = {.ip = ip};
	strlcpy_(h.ifname, ifname, sizeof h.ifname);
	h.mode = cli_has(a, "trap") ? H_TRAP : cli_has(a, "poll") ? H_POLL : H_BOTH;
	h.community = comm ? xstrdup(comm) : NULL;
	h.v2c = cli_has(a, "2c");
	h.udp_port = cli_get(a, "PORT") ? atoi(cli_get(a, "PORT")) : 0;
	if (h.udp_port == 162)
		h.udp_port = 0;
	int i = host_find(ifname, ip);
	if (i >= 0) { /* re-entering a host replaces its options in place */
		free(snmp.hosts[i].community);
		snmp.hosts[i] = h;
		return CLI_OK;
	}
	snmp.hosts = xrealloc(snmp.hosts, (size_t)(snmp.nhosts + 1) * sizeof *snmp.hosts);
	snmp.hosts[snmp.nhosts++] = h;
	return CLI_OK;
}

static int cmd_no_host(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	uint32_t ip;
	if (!conf_parse_host(cli_get(a, "ADDR"), &ip))
		return cli_bad(a, "ADDR");
	int i = host_find(cli_get(a, "IF"), ip);
	if (i >= 0)
		host_del(i);
	return CLI_OK;
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s && *s ? xstrdup(s) : NULL;
}

static int cmd_text(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool no = cli_has(a, "no");
	const char *t = no ? NULL : cli_get(a, "TEXT");
	if (t && strlen(t) > 127)
		return cli_bad(a, "TEXT");
	if (cli_has(a, "location"))
		set_str(&snmp.location, t);
	else if (cli_has(a, "contact"))
		set_str(&snmp.contact, t);
	return CLI_OK;
}

static int cmd_community(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no")) {
		set_str(&snmp.community, NULL);
		return CLI_OK;
	}
	const char *c = cli_get(a, "COMMUNITY");
	if (strlen(c) > 32)
		return cli_bad(a, "COMMUNITY");
	set_str(&snmp.community, c);
	return CLI_OK;
}

static int cmd_enable(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	snmp.disabled = cli_has(a, "no");
	return CLI_OK;
}

static int cmd_traps(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	unsigned bits = 0;
	if (cli_has(a, "all"))
		bits = T_ALL;
	else if (cli_has(a, "syslog"))
		bits = T_SYSLOG;
	else if (cli_has(a, "session-threshold-exceeded"))
		bits = T_RA_THRESHOLD;
	else
		for (size_t i = 0; i < sizeof trap_kw / sizeof trap_kw[0]; i++)
			if (cli_has(a, trap_kw[i].kw))
				bits |= trap_kw[i].bit;
	if (!bits) { /* "traps", "traps snmp": every snmp trap */
		if (cli_has(a, "ipsec"))
			bits = T_IPSEC_START | T_IPSEC_STOP;
		else if (cli_has(a, "entity"))
			bits = T_ENT_CONFIG | T_ENT_FRUINS | T_ENT_FRUREM;
		else
			bits = T_SNMP;
	}
	if (cli_has(a, "no"))
		snmp.traps &= ~bits;
	else
		snmp.traps |= bits;
	return CLI_OK;
}

static void snmp_clear(void)
{
	for (int i = 0; i < snmp.nhosts; i++)
		free(snmp.hosts[i].community);
	free(snmp.hosts);
	free(snmp.location);
	free(snmp.contact);
	free(snmp.community);
	memset(&snmp, 0, sizeof snmp);
}

static void snmp_reset(void)
{
	snmp_clear();
	snmp.traps = T_SNMP;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	snmp_reset();
	return CLI_OK;
}

/* The snmp traps are on by default: the ones turned off are written as a
 * "no" line, so that the configuration read back keeps them off. */
static void write_traps_off(struct cfgout *o)
{
	if ((snmp.traps & T_SNMP) == T_SNMP)
		return;
	cfg_puts(o, "no snmp-server enable traps snmp");
	for (size_t i = 0; i < sizeof trap_kw / sizeof trap_kw[0]; i++)
		if ((trap_kw[i].bit & T_SNMP) && !(trap_kw[i].bit & snmp.traps))
			cfg_printf(o, " %s", trap_kw[i].kw);
	cfg_puts(o, "\n");
}

static void write_trap_group(struct cfgout *o, const char *kw, unsigned mask)
{
	if (!(snmp.traps & mask))
		return;
	cfg_printf(o, "snmp-server enable traps %s", kw);
	for (size_t i = 0; i < sizeof trap_kw / sizeof trap_kw[0]; i++)
		if (trap_kw[i].bit & mask & snmp.traps)
			cfg_printf(o, " %s", trap_kw[i].kw);
	cfg_puts(o, "\n");
}

static void write_snmp(struct cfgout *o, unsigned flags)
{
	(void)flags;
	char h[64];
	if (snmp.disabled)
		cfg_puts(o, "no snmp-server enable\n");
	for (int i = 0; i < snmp.nhosts; i++) {
		const struct snmp_host *s = &snmp.hosts[i];
		cfg_printf(o, "snmp-server host %s %s", s->ifname, conf_fmt_host(s->ip, h));
		if (s->mode != H_BOTH)
			cfg_puts(o, s->mode == H_TRAP ? " trap" : " poll");
		if (s->community)
			cfg_printf(o, " community %s", s->community);
		if (s->v2c)
			cfg_puts(o, " version 2c");
		if (s->udp_port)
			cfg_printf(o, " udp-port %d", s->udp_port);
		cfg_puts(o, "\n");
	}
	if (snmp.location)
		cfg_printf(o, "snmp-server location %s\n", snmp.location);
	else
		cfg_puts(o, "no snmp-server location\n");
	if (snmp.contact)
		cfg_printf(o, "snmp-server contact %s\n", snmp.contact);
	else
		cfg_puts(o, "no snmp-server contact\n");
	if (snmp.community)
		cfg_printf(o, "snmp-server community %s\n", snmp.community);
	write_trap_group(o, "snmp", T_SNMP);
	write_traps_off(o);
	if (snmp.traps & T_SYSLOG)
		cfg_puts(o, "snmp-server enable traps syslog\n");
	write_trap_group(o, "ipsec", T_IPSEC_START | T_IPSEC_STOP);
	write_trap_group(o, "entity", T_ENT_CONFIG | T_ENT_FRUINS | T_ENT_FRUREM);
	if (snmp.traps & T_RA_THRESHOLD)
		cfg_puts(o, "snmp-server enable traps remote-access "
			    "session-threshold-exceeded\n");
}

#define SNMP_HELP "Modify SNMP engine parameters\n"
#define NO_HELP "Negate a command or set its defaults\n"
#define TRAPS_HELP "Enable SNMP\nEnable SNMP traps\n"

static const struct cli_cmd config_cmds[] = {
	{"snmp-server host IF:nameif ADDR:ip [trap|poll] [community COMMUNITY] "
	 "[version (1|2c)] [udp-port PORT:<1-65535>]",
	 SNMP_HELP "Specify hosts to receive SNMP notifications\nName of interface\n"
	 "IP address of SNMP notification host\n"
	 "Use this host only for traps\nUse this host only for polling\n"
	 "Specify the community string\nCommunity string\n"
	 "Specify the SNMP version\nSNMP version 1\nSNMP version 2c\n"
	 "Specify the trap port\nUDP port",
	 cmd_host, 0},
	{"no snmp-server host IF:nameif ADDR:ip [trap|poll] [community COMMUNITY] "
	 "[version (1|2c)] [udp-port PORT:<1-65535>]",
	 NO_HELP SNMP_HELP "Specify hosts to receive SNMP notifications\n"
	 "Name of interface\nIP address of SNMP notification host",
	 cmd_no_host, 0},
	{"snmp-server (location|contact) TEXT:line",
	 SNMP_HELP "Text for mib object sysLocation\nText for mib object sysContact\n"
	 "Text",
	 cmd_text, 0},
	{"no snmp-server (location|contact) [TEXT:line]",
	 NO_HELP SNMP_HELP "Text for mib object sysLocation\n"
	 "Text for mib object sysContact\nText",
	 cmd_text, 0},
	{"snmp-server community COMMUNITY",
	 SNMP_HELP "Set the read community string\nCommunity string", cmd_community, 0},
	{"no snmp-server community [COMMUNITY]",
	 NO_HELP SNMP_HELP "Set the read community string\nCommunity string",
	 cmd_community, 0},
	{"[no] snmp-server enable", NO_HELP SNMP_HELP "Enable SNMP", cmd_enable, 0},
	{"[no] snmp-server enable traps [all|syslog]",
	 NO_HELP SNMP_HELP TRAPS_HELP "Enable all traps\nEnable syslog traps",
	 cmd_traps, 0},
	{"[no] snmp-server enable traps snmp [{authentication|linkup|linkdown|coldstart}]",
	 NO_HELP SNMP_HELP TRAPS_HELP "Enable SNMP traps\n"
	 "Enable authentication traps\nEnable linkup traps\n"
	 "Enable linkdown traps\nEnable coldstart traps",
	 cmd_traps, 0},
	{"[no] snmp-server enable traps ipsec [{start|stop}]",
	 NO_HELP SNMP_HELP TRAPS_HELP "Enable IPsec traps\n"
	 "Enable IPsec tunnel start traps\nEnable IPsec tunnel stop traps",
	 cmd_traps, 0},
	{"[no] snmp-server enable traps entity [{config-change|fru-insert|fru-remove}]",
	 NO_HELP SNMP_HELP TRAPS_HELP "Enable entity MIB traps\n"
	 "Enable configuration change traps\nEnable FRU insert traps\n"
	 "Enable FRU remove traps",
	 cmd_traps, 0},
	{"[no] snmp-server enable traps remote-access session-threshold-exceeded",
	 NO_HELP SNMP_HELP TRAPS_HELP "Enable remote access traps\n"
	 "Enable session threshold exceeded traps",
	 cmd_traps, 0},
	{"clear configure snmp-server", MGMT_CLEAR_HELP "Clear SNMP configuration",
	 cmd_clear, 0},
};

/* A host follows its interface's name and goes with it. */
static void iface_changed(const char *oldname, const char *newname)
{
	for (int i = snmp.nhosts - 1; i >= 0; i--) {
		if (strcmp(snmp.hosts[i].ifname, oldname) != 0)
			continue;
		if (newname)
			strlcpy_(snmp.hosts[i].ifname, newname, sizeof snmp.hosts[i].ifname);
		else
			host_del(i);
	}
}

static void snmp_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	conf_register_writer(ORD_SNMP, write_snmp);
	conf_register_reset(snmp_reset);
	iface_watch(iface_changed);
	snmp_reset();
}

MODULE_INIT(snmp_init)
