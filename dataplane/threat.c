/*
 * threat.c — "threat-detection" (ASA 8.0(2) and later): basic threat
 * detection and its rate limits, scanning-threat detection with shunning,
 * and the threat statistics, recorded as typed so that an 8.x
 * configuration pastes and prints back:
 *
 *   threat-detection basic-threat
 *   threat-detection rate dos-drop rate-interval 600 average-rate 100 burst-rate 400
 *   threat-detection scanning-threat shun duration 30
 *   threat-detection scanning-threat shun except ip-address 10.1.1.0 255.255.255.0
 *   threat-detection statistics host number-of-rate 2
 *   threat-detection statistics port
 *   threat-detection statistics protocol
 *   threat-detection statistics access-list
 *   no threat-detection statistics tcp-intercept
 *
 * PIX 7.2 has none of it, so nothing prints until something is typed; an
 * explicit "no" of what 8.x enables by default (basic-threat, access-list
 * and tcp-intercept statistics) is kept and printed as the 8.x box does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp_errors.h"
#include "dataplane/objgroup.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

/* not in conf/order.h yet: between dhcpd and ntp, where 8.x prints it */

enum tri { T_UNSET, T_ON, T_OFF }; /* T_OFF: "no ..." typed, printed */

static const char *const events[] = {
	"acl-drop",	  "bad-packet-drop", "conn-limit-drop", "dos-drop",       "fw-drop",
	"icmp-drop",	  "inspect-drop",    "interface-drop",  "scanning-threat", "syn-attack",
};
#define N_EVENTS (sizeof events / sizeof events[0])
#define RATES_PER_EVENT 3 /* the ASA keeps up to three rate intervals */

struct rate {
	long interval, average, burst; /* interval 0: slot unused */
};

struct shun_except {
	bool group;
	uint32_t ip, mask;
	char *name;
};

enum stat_kind { ST_HOST, ST_PORT, ST_PROTOCOL, ST_ACL, ST_TCP, ST_COUNT };
static const char *const stat_kw[ST_COUNT] = {"host", "port", "protocol", "access-list",
					      "tcp-intercept"};

static struct {
	enum tri basic;
	struct rate rates[N_EVENTS][RATES_PER_EVENT];
	bool scanning, shun;
	long shun_duration; /* 0: not given (3600) */
	struct shun_except *except;
	size_t nexcept;
	enum tri stat[ST_COUNT];
	int nrate[ST_PROTOCOL + 1]; /* number-of-rate of host/port/protocol; 1 default */
	long tcp_interval, tcp_burst, tcp_average;
} td;

#define TCP_INTERVAL_DEFAULT 30
#define TCP_BURST_DEFAULT 400
#define TCP_AVERAGE_DEFAULT 200

static void stats_default(void)
{
	for (int i = 0; i < ST_COUNT; i++)
		td.stat[i] = T_UNSET;
	for (int i = 0; i <= ST_PROTOCOL; i++)
		td.nrate[i] = 1;
	td.tcp_interval = TCP_INTERVAL_DEFAULT;
	td.tcp_burst = TCP_BURST_DEFAULT;
	td.tcp_average = TCP_AVERAGE_DEFAULT;
}

static void except_clear(void)
{
	for (size_t i = 0; i < td.nexcept; i++)
		free(td.except[i].name);
	free(td.except);
	td.except = NULL;
	td.nexcept = 0;
}

static void td_reset(void)
{
	except_clear();
	memset(&td, 0, sizeof td);
	stats_default();
}

static int event_index(const char *kw)
{
	for (size_t i = 0; i < N_EVENTS; i++)
		if (!strcmp(events[i], kw))
			return (int)i;
	return -1;
}

static const char *event_of(struct cli_args *a)
{
	for (size_t i = 0; i < N_EVENTS; i++)
		if (cli_has(a, events[i]))
			return events[i];
	return NULL;
}

/* ---- handlers ----------------------------------------------------------- */

static int do_basic(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	td.basic = cli_has(a, "no") ? T_OFF : T_ON;
	return CLI_OK;
}

static int do_rate(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	int ev = event_index(event_of(a));
	struct rate *r = td.rates[ev];
	if (cli_has(a, "no")) {
		const char *iv = cli_get(a, "IV");
		for (int i = 0; i < RATES_PER_EVENT; i++)
			if (!iv || r[i].interval == atol(iv))
				r[i].interval = 0;
		return CLI_OK;
	}
	struct rate n = {atol(cli_get(a, "IV")), atol(cli_get(a, "AVG")), atol(cli_get(a, "BURST"))};
	int slot = -1;
	for (int i = 0; i < RATES_PER_EVENT && slot < 0; i++)
		if (r[i].interval == n.interval)
			slot = i;
	for (int i = 0; i < RATES_PER_EVENT && slot < 0; i++)
		if (!r[i].interval)
			slot = i;
	if (slot < 0) {
		cli_printf(cli, ERR_TD_RATES, RATES_PER_EVENT, events[ev]);
		return CLI_ERR;
	}
	r[slot] = n;
	return CLI_OK;
}

static int do_scanning(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no")) {
		if (cli_has(a, "duration")) {
			td.shun_duration = 0;
		} else if (cli_has(a, "shun")) {
			td.shun = false;
			td.shun_duration = 0;
		} else {
			td.scanning = td.shun = false;
			td.shun_duration = 0;
		}
		return CLI_OK;
	}
	td.scanning = true;
	if (cli_has(a, "shun"))
		td.shun = true;
	if (cli_has(a, "duration"))
		td.shun_duration = atol(cli_get(a, "SECS"));
	return CLI_OK;
}

static bool except_eq(const struct shun_except *x, const struct shun_except *y)
{
	if (x->group != y->group)
		return false;
	return x->group ? !strcmp(x->name, y->name) : x->ip == y->ip && x->mask == y->mask;
}

static int do_except(struct cli *cli, struct cli_args *a)
{
	struct shun_except e = {.group = cli_has(a, "object-group")};
	if (e.group) {
		e.name = (char *)cli_get(a, "G");
	} else {
		if (!conf_parse_host(cli_get(a, "A"), &e.ip))
			return cli_bad(a, "A");
		ip4_parse(cli_get(a, "M"), &e.mask);
		if (!ip4_mask_valid(e.mask))
			return cli_bad(a, "M");
		if (e.ip & ~e.mask) {
			char x[16], y[16];
			cli_printf(cli, ERR_ADDR_MASK_PAIR, ip4_fmt(e.ip, x), ip4_fmt(e.mask, y));
			return CLI_ERR;
		}
	}
	for (size_t i = 0; i < td.nexcept; i++) {
		if (!except_eq(&td.except[i], &e))
			continue;
		if (cli_has(a, "no")) {
			free(td.except[i].name);
			memmove(&td.except[i], &td.except[i + 1],
				(td.nexcept - i - 1) * sizeof *td.except);
			td.nexcept--;
		}
		return CLI_OK;
	}
	if (cli_has(a, "no"))
		return CLI_OK;
	td.except = xrealloc(td.except, (td.nexcept + 1) * sizeof *td.except);
	if (e.group)
		e.name = xstrdup(e.name);
	td.except[td.nexcept++] = e;
	td.scanning = td.shun = true; /* an exception is a shun setting */
	return CLI_OK;
}

static int do_statistics(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool no = cli_has(a, "no");
	int kind = -1;
	for (int i = 0; i < ST_COUNT; i++)
		if (cli_has(a, stat_kw[i]))
			kind = i;
	if (kind < 0) { /* every statistic at once */
		if (no) {
			stats_default();
			return CLI_OK;
		}
		for (int i = 0; i < ST_COUNT; i++)
			td.stat[i] = T_ON;
		return CLI_OK;
	}
	if (no) {
		td.stat[kind] = T_OFF;
		if (kind <= ST_PROTOCOL)
			td.nrate[kind] = 1;
		if (kind == ST_TCP) {
			td.tcp_interval = TCP_INTERVAL_DEFAULT;
			td.tcp_burst = TCP_BURST_DEFAULT;
			td.tcp_average = TCP_AVERAGE_DEFAULT;
		}
		return CLI_OK;
	}
	td.stat[kind] = T_ON;
	if (kind <= ST_PROTOCOL && cli_has(a, "number-of-rate"))
		td.nrate[kind] = atoi(cli_get(a, "N"));
	if (kind == ST_TCP) {
		if (cli_has(a, "rate-interval"))
			td.tcp_interval = atol(cli_get(a, "MIN"));
		if (cli_has(a, "burst-rate"))
			td.tcp_burst = atol(cli_get(a, "BURST"));
		if (cli_has(a, "average-rate"))
			td.tcp_average = atol(cli_get(a, "AVG"));
	}
	return CLI_OK;
}

static int do_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	td_reset();
	return CLI_OK;
}

/* An object-group named in a shun exception cannot be removed. */
static bool uses_group(const char *name)
{
	for (size_t i = 0; i < td.nexcept; i++)
		if (td.except[i].group && !strcmp(td.except[i].name, name))
			return true;
	return false;
}

/* ---- show running-config ----------------------------------------------- */

static void write_td(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (td.basic != T_UNSET)
		cfg_printf(o, "%sthreat-detection basic-threat\n", td.basic == T_OFF ? "no " : "");
	for (size_t e = 0; e < N_EVENTS; e++)
		for (int i = 0; i < RATES_PER_EVENT; i++) {
			const struct rate *r = &td.rates[e][i];
			if (r->interval)
				cfg_printf(o,
					   "threat-detection rate %s rate-interval %ld average-rate %ld "
					   "burst-rate %ld\n",
					   events[e], r->interval, r->average, r->burst);
		}
	if (td.scanning) {
		cfg_puts(o, "threat-detection scanning-threat");
		if (td.shun)
			cfg_puts(o, " shun");
		if (td.shun_duration)
			cfg_printf(o, " duration %ld", td.shun_duration);
		cfg_puts(o, "\n");
	}
	for (size_t i = 0; i < td.nexcept; i++) {
		const struct shun_except *x = &td.except[i];
		char h[64], m[16];
		if (x->group)
			cfg_printf(o, "threat-detection scanning-threat shun except object-group %s\n",
				   x->name);
		else
			cfg_printf(o, "threat-detection scanning-threat shun except ip-address %s %s\n",
				   conf_fmt_host(x->ip, h), ip4_fmt(x->mask, m));
	}
	for (int k = 0; k < ST_COUNT; k++) {
		if (td.stat[k] == T_UNSET)
			continue;
		if (td.stat[k] == T_OFF) {
			cfg_printf(o, "no threat-detection statistics %s\n", stat_kw[k]);
			continue;
		}
		cfg_printf(o, "threat-detection statistics %s", stat_kw[k]);
		if (k <= ST_PROTOCOL && td.nrate[k] != 1)
			cfg_printf(o, " number-of-rate %d", td.nrate[k]);
		if (k == ST_TCP)
			cfg_printf(o, " rate-interval %ld burst-rate %ld average-rate %ld",
				   td.tcp_interval, td.tcp_burst, td.tcp_average);
		cfg_puts(o, "\n");
	}
}

#define EVENTS                                                                             \
	"(acl-drop | bad-packet-drop | conn-limit-drop | dos-drop | fw-drop | icmp-drop | "      \
	"inspect-drop | interface-drop | scanning-threat | syn-attack)"
#define EVENTS_HELP                                                                        \
	"Packets dropped by access lists\nBad packet format\nConnection limits exceeded\n"    \
	"DoS attack\nBasic firewall checks failed\nSuspicious ICMP packets\n"                  \
	"Application inspection failed\nInterface overload\nScanning attack\n"                  \
	"Incomplete session (SYN attack)\n"

static const struct cli_cmd cmds[] = {
	{"[no] threat-detection basic-threat",
	 "Negate a command or set its defaults\nShow threat detection information\n"
	 "Basic threat detection",
	 do_basic, 0},
	{"threat-detection rate " EVENTS " rate-interval IV:<600-2592000> average-rate "
	 "AVG:<0-2147483647> burst-rate BURST:<0-2147483647>",
	 "Threat detection\nThreat detection rate\n" EVENTS_HELP
	 "Rate interval\nSeconds\nAverage rate\nEvents per second\nBurst rate\nEvents per second",
	 do_rate, 0},
	{"no threat-detection rate " EVENTS " [rate-interval IV:<600-2592000> [average-rate "
	 "AVG:<0-2147483647> burst-rate BURST:<0-2147483647>]]",
	 "Negate a command or set its defaults\nThreat detection\nThreat detection rate\n" EVENTS_HELP
	 "Rate interval\nSeconds\nAverage rate\nEvents per second\nBurst rate\nEvents per second",
	 do_rate, 0},
	{"threat-detection scanning-threat [shun [duration SECS:<10-2592000>]]",
	 "Threat detection\nScanning threat detection\nShun the attacker\nShun duration\n"
	 "Seconds",
	 do_scanning, 0},
	{"no threat-detection scanning-threat [shun [duration [SECS:<10-2592000>]]]",
	 "Negate a command or set its defaults\nThreat detection\nScanning threat detection\n"
	 "Shun the attacker\nShun duration\nSeconds",
	 do_scanning, 0},
	{"[no] threat-detection scanning-threat shun except (ip-address A:ip M:dp-mask | "
	 "object-group G:netgroup)",
	 "Negate a command or set its defaults\nThreat detection\nScanning threat detection\n"
	 "Shun the attacker\nDo not shun these addresses\nAn address\nIP address\nMask\n"
	 "A network object-group\nObject-group name",
	 do_except, 0},
	{"[no] threat-detection statistics [access-list | (host | port | protocol) "
	 "[number-of-rate N:<1-3>] | tcp-intercept {rate-interval MIN:<1-1440> | burst-rate "
	 "BURST:<25-2147483647> | average-rate AVG:<25-2147483647>}]",
	 "Negate a command or set its defaults\nThreat detection\nThreat statistics\n"
	 "Access list statistics\nHost statistics\nPort statistics\nProtocol statistics\n"
	 "Number of rate intervals kept\nIntervals\nTCP intercept statistics\n"
	 "Monitoring window\nMinutes\nSyslog threshold\nAttacks per second\n"
	 "Average rate threshold\nAttacks per second",
	 do_statistics, 0},
	{"clear configure threat-detection",
	 "Reset functions\nClear configuration\nClear threat detection configuration", do_clear,
	 0},
};

static void threat_init(void)
{
	td_reset();
	cli_install_all(cli_mode_config(), cmds);
	conf_register_writer(ORD_THREAT_DETECTION, write_td);
	conf_register_reset(td_reset);
	og_register_user(uses_group);
}
MODULE_INIT(threat_init)
