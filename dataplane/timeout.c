/*
 * timeout.c — "timeout KEYWORD h:mm:ss ..." (several per line), their
 * defaults, and the five lines PIX 7.2 always prints:
 *
 *   timeout xlate 3:00:00
 *   timeout conn 1:00:00 half-closed 0:10:00 udp 0:02:00 icmp 0:00:02
 *   timeout sunrpc 0:10:00 h323 0:05:00 h225 1:00:00 mgcp 0:05:00 mgcp-pat 0:05:00
 *   timeout sip 0:30:00 sip_media 0:02:00 sip-invite 0:03:00 sip-disconnect 0:02:00
 *   timeout uauth 0:05:00 absolute
 *
 * Timers of later releases (8.x sip-provisional-media, tcp-proxy-reassembly,
 * floating-conn, pat-xlate; FWSM pptp-gre) are accepted so that their
 * configurations paste, and printed where those releases print them when
 * their value differs from the default.  PIX 6's "rpc" is sunrpc in 7.x.
 */
#include "dataplane/timeout.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp_errors.h"
#include "dataplane/names.h"
#include "lib/module.h"

struct tmo_def {
	const char *kw;  /* keyword (and variable name in upper case) */
	const char *var;
	long def, min, max; /* seconds; min applies unless the value is 0 and zero_ok */
	bool zero_ok;       /* 0:00:00 = never */
};

#define H 3600
#define M 60
static const struct tmo_def defs[TMO_COUNT] = {
	[TMO_XLATE] = {"xlate", "XLATE", 3 * H, 1 * M, 1193 * H, false},
	[TMO_CONN] = {"conn", "CONN", 1 * H, 5 * M, 1193 * H, true},
	[TMO_HALF_CLOSED] = {"half-closed", "HALFCLOSED", 10 * M, 5 * M, 1193 * H, true},
	[TMO_UDP] = {"udp", "UDP", 2 * M, 1 * M, 1193 * H, true},
	[TMO_ICMP] = {"icmp", "ICMP", 2, 2, 1193 * H, false},
	[TMO_SUNRPC] = {"sunrpc", "SUNRPC", 10 * M, 1 * M, 1193 * H, true},
	[TMO_H323] = {"h323", "H323", 5 * M, 0, 1193 * H, true},
	[TMO_H225] = {"h225", "H225", 1 * H, 1, 1193 * H, true},
	[TMO_MGCP] = {"mgcp", "MGCP", 5 * M, 1 * M, 1193 * H, false},
	[TMO_MGCP_PAT] = {"mgcp-pat", "MGCPPAT", 5 * M, 1 * M, 1193 * H, false},
	[TMO_SIP] = {"sip", "SIP", 30 * M, 5 * M, 1193 * H, true},
	[TMO_SIP_MEDIA] = {"sip_media", "SIPMEDIA", 2 * M, 1 * M, 1193 * H, true},
	[TMO_SIP_INVITE] = {"sip-invite", "SIPINVITE", 3 * M, 1 * M, 30 * M, true},
	[TMO_SIP_DISCONNECT] = {"sip-disconnect", "SIPDISC", 2 * M, 1, 10 * M, false},
	[TMO_UAUTH] = {"uauth", "UAUTH", 5 * M, 0, 1193 * H, true},
	[TMO_UAUTH_INACTIVITY] = {"uauth", "UAUTH", 0, 0, 1193 * H, true},
	[TMO_PAT_XLATE] = {"pat-xlate", "PATXLATE", 30, 30, 5 * M, false},
	[TMO_PPTP_GRE] = {"pptp-gre", "PPTPGRE", 2 * M, 1 * M, 1193 * H, true},
	[TMO_SIP_PROVISIONAL] = {"sip-provisional-media", "SIPPROV", 2 * M, 1 * M, 30 * M, false},
	[TMO_TCP_PROXY] = {"tcp-proxy-reassembly", "TCPPROXY", 1 * M, 10, 1193 * H, false},
	[TMO_FLOATING_CONN] = {"floating-conn", "FLOATING", 0, 1 * M, 1193 * H, true},
};

/* the fixed-position timers; the later ones follow TMO_UAUTH_INACTIVITY */
static bool plain_timer(int k)
{
	return k != TMO_UAUTH && k != TMO_UAUTH_INACTIVITY;
}

static long vals[TMO_COUNT];
static bool shown[TMO_COUNT]; /* later releases' timers: set explicitly */

long timeout_get(enum timeout_id id)
{
	return id < TMO_COUNT ? vals[id] : 0;
}

static void defaults(void)
{
	for (int i = 0; i < TMO_COUNT; i++) {
		vals[i] = defs[i].def;
		shown[i] = false;
	}
}

/* Walk "kw T kw T ..." in order; validate everything, then apply. */
static int do_timeout(struct cli *cli, struct cli_args *a)
{
	bool no = cli_has(a, "no");
	if (cli_has(a, "RPC")) {
		cli_printf(cli, ERR_PIX6_TIMEOUT_RPC, cli_get(a, "RPC"));
		return CLI_ERR;
	}
	if (a->n == (no ? 2 : 1)) {
		if (!no)
			return CLI_ERR_INCOMPLETE;
		defaults(); /* "no timeout": every timer back to its default */
		return CLI_OK;
	}
	long next[TMO_COUNT];
	bool nshown[TMO_COUNT];
	memcpy(next, vals, sizeof next);
	memcpy(nshown, shown, sizeof nshown);
	for (int i = 0; i < a->n; i++) {
		int id = -1;
		for (int k = 0; k < TMO_COUNT && id < 0; k++)
			if (plain_timer(k) && !strcmp(a->v[i].spec, defs[k].var))
				id = k;
		if (!strcmp(a->v[i].spec, "UAUTH"))
			id = i + 1 < a->n && !strcmp(a->v[i + 1].spec, "inactivity")
				     ? TMO_UAUTH_INACTIVITY
				     : TMO_UAUTH;
		if (id < 0)
			continue;
		long s = hms_parse(a->v[i].val);
		const struct tmo_def *d = &defs[id];
		if (no) {
			next[id] = d->def;
			nshown[id] = false;
			continue;
		}
		if (s < 0 || s > d->max || (s < d->min && !(s == 0 && d->zero_ok)))
			return cli_bad_at(a, i);
		next[id] = s;
		nshown[id] = true;
	}
	/* "no timeout uauth" without a value resets both uauth timers */
	if (no && cli_has(a, "uauth") && !cli_has(a, "UAUTH")) {
		next[TMO_UAUTH] = defs[TMO_UAUTH].def;
		next[TMO_UAUTH_INACTIVITY] = defs[TMO_UAUTH_INACTIVITY].def;
	}
	for (int i = 0; i < a->n && no; i++)
		for (int k = 0; k < TMO_COUNT; k++)
			if (plain_timer(k) && !strcmp(a->v[i].spec, defs[k].kw) &&
			    (i + 1 >= a->n ||
								  strcmp(a->v[i + 1].spec, defs[k].var))) {
				next[k] = defs[k].def;
				nshown[k] = false;
			}
	memcpy(vals, next, sizeof vals);
	memcpy(shown, nshown, sizeof shown);
	return CLI_OK;
}

static int do_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	defaults();
	return CLI_OK;
}

static void put(struct cfgout *o, enum timeout_id id)
{
	char b[32];
	cfg_printf(o, " %s %s", defs[id].kw, hms_fmt(vals[id], b));
}

static bool changed(enum timeout_id id)
{
	return shown[id] || vals[id] != defs[id].def;
}

static void write_timeouts(struct cfgout *o, unsigned flags)
{
	(void)flags;
	cfg_puts(o, "timeout");
	put(o, TMO_XLATE);
	if (changed(TMO_PAT_XLATE)) {
		cfg_puts(o, "\ntimeout");
		put(o, TMO_PAT_XLATE);
	}
	cfg_puts(o, "\ntimeout");
	for (int i = TMO_CONN; i <= TMO_ICMP; i++)
		put(o, (enum timeout_id)i);
	cfg_puts(o, "\ntimeout");
	for (int i = TMO_SUNRPC; i <= TMO_MGCP_PAT; i++)
		put(o, (enum timeout_id)i);
	cfg_puts(o, "\ntimeout");
	for (int i = TMO_SIP; i <= TMO_SIP_DISCONNECT; i++)
		put(o, (enum timeout_id)i);
	if (changed(TMO_PPTP_GRE)) {
		cfg_puts(o, "\ntimeout");
		put(o, TMO_PPTP_GRE);
	}
	cfg_puts(o, "\ntimeout");
	if (changed(TMO_SIP_PROVISIONAL))
		put(o, TMO_SIP_PROVISIONAL);
	put(o, TMO_UAUTH);
	cfg_puts(o, " absolute");
	if (vals[TMO_UAUTH_INACTIVITY]) {
		put(o, TMO_UAUTH_INACTIVITY);
		cfg_puts(o, " inactivity");
	}
	cfg_puts(o, "\n");
	for (int i = TMO_TCP_PROXY; i <= TMO_FLOATING_CONN; i++)
		if (changed((enum timeout_id)i)) {
			cfg_puts(o, "timeout");
			put(o, (enum timeout_id)i);
			cfg_puts(o, "\n");
		}
}

#define T(kw, var) kw " " var ":dp-time"
#define TIMERS                                                                             \
	"{" T("xlate", "XLATE") " | " T("conn", "CONN") " | " T("half-closed", "HALFCLOSED")  \
	" | " T("udp", "UDP") " | " T("icmp", "ICMP") " | " T("sunrpc", "SUNRPC") " | "      \
	T("h323", "H323") " | " T("h225", "H225") " | " T("mgcp", "MGCP") " | "              \
	T("mgcp-pat", "MGCPPAT") " | " T("sip", "SIP") " | " T("sip_media", "SIPMEDIA")      \
	" | " T("sip-invite", "SIPINVITE") " | " T("sip-disconnect", "SIPDISC") " | "        \
	T("uauth", "UAUTH") " [absolute | inactivity] | " T("pat-xlate", "PATXLATE") " | "     \
	T("pptp-gre", "PPTPGRE") " | " T("sip-provisional-media", "SIPPROV") " | "           \
	T("tcp-proxy-reassembly", "TCPPROXY") " | " T("floating-conn", "FLOATING") " | "     \
	T("rpc", "RPC") "}"
#define TIMERS_HELP                                                                        \
	"Idle time after which a translation slot will be freed\nh:mm:ss\n"                   \
	"Idle time after which a connection will be closed\nh:mm:ss\n"                        \
	"Idle time after which a TCP half-closed connection will be freed\nh:mm:ss\n"         \
	"Idle time after which a UDP slot will be freed\nh:mm:ss\n"                           \
	"Idle time after which an ICMP slot will be freed\nh:mm:ss\n"                         \
	"Idle time after which a SUNRPC slot will be freed\nh:mm:ss\n"                        \
	"Idle time after which an H.323 media connection will be closed\nh:mm:ss\n"           \
	"Idle time after which an H.225 signalling connection will be closed\nh:mm:ss\n"      \
	"Idle time after which an MGCP media connection will be closed\nh:mm:ss\n"            \
	"Idle time after which an MGCP PAT xlate will be removed\nh:mm:ss\n"                  \
	"Idle time after which a SIP connection will be closed\nh:mm:ss\n"                    \
	"Idle time after which a SIP media connection will be closed\nh:mm:ss\n"              \
	"Idle time after which a SIP invite will be closed\nh:mm:ss\n"                        \
	"Idle time after which a SIP disconnect will be closed\nh:mm:ss\n"                    \
	"Duration before the authentication and authorization cache times out\nh:mm:ss\n"     \
	"Absolute timeout\nInactivity timeout\n"                                               \
	"Idle time after which a PAT translation slot will be freed\nh:mm:ss\n"               \
	"Idle time after which a PPTP GRE connection will be closed\nh:mm:ss\n"               \
	"Idle time after which a SIP provisional media connection will be closed\nh:mm:ss\n"  \
	"Idle time after which buffered packets waiting for reassembly are dropped\n"         \
	"h:mm:ss\n"                                                                           \
	"Idle time after which a connection using a worse route will be closed\nh:mm:ss\n"   \
	"PIX 6 name of sunrpc\nh:mm:ss"

static const struct cli_cmd cmds[] = {
	{"timeout " TIMERS, "Configure maximum idle times\n" TIMERS_HELP, do_timeout, 0},
	{"no timeout {xlate [XLATE:dp-time] | conn [CONN:dp-time] | half-closed "
	 "[HALFCLOSED:dp-time] | udp [UDP:dp-time] | icmp [ICMP:dp-time] | sunrpc "
	 "[SUNRPC:dp-time] | h323 [H323:dp-time] | h225 [H225:dp-time] | mgcp [MGCP:dp-time] | "
	 "mgcp-pat [MGCPPAT:dp-time] | sip [SIP:dp-time] | sip_media [SIPMEDIA:dp-time] | "
	 "sip-invite [SIPINVITE:dp-time] | sip-disconnect [SIPDISC:dp-time] | uauth "
	 "[UAUTH:dp-time [absolute | inactivity]] | pat-xlate [PATXLATE:dp-time] | pptp-gre "
	 "[PPTPGRE:dp-time] | sip-provisional-media [SIPPROV:dp-time] | tcp-proxy-reassembly "
	 "[TCPPROXY:dp-time] | floating-conn [FLOATING:dp-time]}",
	 "Negate a command or set its defaults\nConfigure maximum idle times", do_timeout, 0},
	{"clear configure timeout",
	 "Reset functions\nClear configuration\nClear timeouts to their defaults", do_clear, 0},
};

static void timeout_reset(void)
{
	defaults();
}

static void timeout_init(void)
{
	defaults();
	cli_install_all(cli_mode_config(), cmds);
	conf_register_writer(ORD_TIMEOUT, write_timeouts);
	conf_register_reset(timeout_reset);
}
MODULE_INIT(timeout_init)
