/*
 * fixup.c — the PIX 6 "fixup protocol ..." lines, converted as PIX 7 does:
 * a fixup for an engine's default port(s) becomes "inspect ENGINE" in
 * policy-map global_policy, class inspection_default (and "no fixup"
 * removes it there), with the 7.x notice
 *   INFO: converting 'fixup protocol ftp 21' to MPF commands
 * Nothing of the fixup line itself is kept: show running-config prints
 * the MPF result.  A fixup for a non-default port would need a class-map
 * of its own; that line is refused with the MPF commands to type instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "policy/internal.h"

#define GLOBAL_POLICY "global_policy"
#define DEFAULT_CLASS "inspection_default"

/* PIX 6 protocol keyword -> 7.x engine, and the IP protocol its ports are on. */
static const struct {
	const char *kw;
	enum inspect_engine engine;
	uint8_t proto; /* 6 tcp, 17 udp */
} fixups[] = {
	{"ctiqbe", INSP_CTIQBE, 6}, {"ftp", INSP_FTP, 6},     {"http", INSP_HTTP, 6},
	{"ils", INSP_ILS, 6},       {"mgcp", INSP_MGCP, 17},  {"pptp", INSP_PPTP, 6},
	{"rsh", INSP_RSH, 6},       {"rtsp", INSP_RTSP, 6},   {"skinny", INSP_SKINNY, 6},
	{"smtp", INSP_ESMTP, 6},    {"snmp", INSP_SNMP, 17},  {"sqlnet", INSP_SQLNET, 6},
	{"tftp", INSP_TFTP, 17},    {"xdmcp", INSP_XDMCP, 17}, {"sip", INSP_SIP, 6},
	{"dns", INSP_DNS, 17},      {"icmp", INSP_ICMP, 1},   {"h323", INSP_H323_H225, 6},
};

/* "N" or "N-M" (PIX 6 port or range), 1-65535. */
static bool parse_ports(const char *s, unsigned *lo, unsigned *hi)
{
	char *end;
	unsigned long a = strtoul(s, &end, 10), b = a;
	if (end == s || s[0] < '0' || s[0] > '9')
		return false;
	if (*end == '-') {
		const char *p = end + 1;
		if (*p < '0' || *p > '9')
			return false;
		b = strtoul(p, &end, 10);
	}
	if (*end || a < 1 || b > 65535 || a > b)
		return false;
	*lo = (unsigned)a;
	*hi = (unsigned)b;
	return true;
}

/* The MPF objects the conversion edits, created when missing (the
 * factory default has them all). */
static struct pmap_class *default_class(void)
{
	if (!hmap_get(&policy_cmaps, DEFAULT_CLASS)) {
		struct class_map *c = cmap_new(DEFAULT_CLASS);
		c->match.kind = PM_DEFAULT_INSPECTION;
	}
	struct policy_map *p = hmap_get(&policy_pmaps, GLOBAL_POLICY);
	if (!p)
		p = pmap_new(GLOBAL_POLICY);
	if (!svc_global())
		svc_set_global(GLOBAL_POLICY);
	return pmap_add_class(p, DEFAULT_CLASS);
}

/* The line with its keywords written out, for the notice. */
static void canonical(const struct cli_args *a, char *out, size_t n)
{
	size_t j = 0;
	out[0] = '\0';
	for (int i = 0; i < a->n && j < n; i++)
		j += (size_t)snprintf(out + j, n - j, "%s%s", i ? " " : "", a->v[i].val);
}

static int cmd_fixup(struct cli *cli, struct cli_args *a)
{
	bool no = cli_has(a, "no");
	int k = -1;
	for (size_t i = 0; i < sizeof fixups / sizeof fixups[0]; i++)
		if (cli_has(a, fixups[i].kw))
			k = (int)i;
	if (k < 0)
		return CLI_ERR_INCOMPLETE;
	enum inspect_engine e = fixups[k].engine;
	uint8_t proto = fixups[k].proto;
	if (cli_has(a, "ras")) {
		e = INSP_H323_RAS;
		proto = 17;
	}
	if (cli_has(a, "error"))
		e = INSP_ICMP_ERROR;
	if (e == INSP_SIP && cli_has(a, "udp"))
		proto = 17;

	const char *ports = cli_get(a, "PORT");
	unsigned lo = 0, hi = 0;
	if (ports && !parse_ports(ports, &lo, &hi))
		return cli_bad(a, "PORT");
	for (unsigned p = lo; ports && p <= hi; p++) {
		if (policy_default_inspection(e, proto, (uint16_t)p))
			continue;
		char match[40];
		if (lo == hi)
			snprintf(match, sizeof match, "eq %u", lo);
		else
			snprintf(match, sizeof match, "range %u %u", lo, hi);
		cli_printf(cli, "ERROR: fixup is replaced by MPF in PIX 7 and %s is not "
				"the default port of %s; use: class-map NAME / match "
				"port %s %s / policy-map " GLOBAL_POLICY " / class NAME / "
				"inspect %s\n",
			   ports, policy_inspect_name(e), proto == 17 ? "udp" : "tcp",
			   match, policy_inspect_name(e));
		return CLI_ERR;
	}

	char line[256];
	canonical(a, line, sizeof line);
	if (!cli_quiet(cli))
		cli_printf(cli, "INFO: converting '%s' to MPF commands\n", line);
	struct pmap_class *c = default_class();
	if (no) {
		pmap_del_inspect(c, e);
	} else if (e == INSP_DNS && cli_has(a, "maximum-length")) {
		char buf[64];
		pmap_add_inspect(c, e, pmap_migrated_dns_map(atoi(cli_get(a, "N")), buf,
							     sizeof buf),
				 false);
	} else {
		/* an engine already inspected keeps its inspect map */
		const char *map = NULL;
		for (int i = 0; i < c->ninsp; i++)
			if (c->insp[i].engine == e)
				map = c->insp[i].map;
		char *keep = map ? xstrdup(map) : NULL;
		pmap_add_inspect(c, e, keep, cli_has(a, "strict"));
		free(keep);
	}
	policy_changed();
	return CLI_OK;
}

static int cmd_esp_ike(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_printf(cli, "ERROR: fixup is replaced by MPF in PIX 7; for IPsec "
			"pass-through use: policy-map " GLOBAL_POLICY " / class "
			DEFAULT_CLASS " / inspect ipsec-pass-thru\n");
	return CLI_ERR;
}

#define FIXUP_HELP                                                             \
	"Negate a command or set its defaults\n"                               \
	"PIX 6 application inspection (converted to MPF commands)\n"           \
	"Specify the protocol to inspect\n"
#define PORTS "[PORT]"
#define PORT_HELP "Port or port range (N or N-M)"

static const struct cli_cmd config_cmds[] = {
	{"[no] fixup protocol (ctiqbe|http|ils|mgcp|pptp|rsh|rtsp|skinny|smtp|"
	 "snmp|sqlnet|tftp|xdmcp) " PORTS,
	 FIXUP_HELP "CTIQBE\nHTTP\nILS\nMGCP\nPPTP\nRSH\nRTSP\nSKINNY\nSMTP (ESMTP)\n"
	 "SNMP\nSQL*Net\nTFTP\nXDMCP\n" PORT_HELP,
	 cmd_fixup, 0},
	{"[no] fixup protocol ftp [strict] " PORTS,
	 FIXUP_HELP "FTP\nEnforce RFC-compliant FTP commands\n" PORT_HELP, cmd_fixup, 0},
	{"[no] fixup protocol h323 [h225|ras] " PORTS,
	 FIXUP_HELP "H.323\nH.225 signalling\nRAS\n" PORT_HELP, cmd_fixup, 0},
	{"[no] fixup protocol sip [udp] " PORTS,
	 FIXUP_HELP "SIP\nSIP over UDP\n" PORT_HELP, cmd_fixup, 0},
	{"[no] fixup protocol dns [maximum-length N:<512-65535>]",
	 FIXUP_HELP "DNS\nMaximum DNS message length\nLength in bytes", cmd_fixup, 0},
	{"[no] fixup protocol icmp [error]",
	 FIXUP_HELP "ICMP\nTranslate ICMP error messages", cmd_fixup, 0},
	{"[no] fixup protocol esp-ike", FIXUP_HELP "ESP and IKE pass-through",
	 cmd_esp_ike, 0},
};

static void fixup_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
}

MODULE_INIT(fixup_init)
