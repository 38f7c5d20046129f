/*
 * inactive.c — configuration pixie records but does not act on yet.
 *
 * Such a line is accepted (so a real configuration pastes whole and
 * round-trips), and the session is told plainly, once per feature, that
 * the feature is not running: never a silent stub.  The table is the one
 * place that lists what is configuration-only today; remove an entry when
 * its feature works.
 */
#include "conf/inactive.h"

#include <stdbool.h>
#include <string.h>

#include "cli/cli.h"

struct inactive {
	const char *kw1, *kw2; /* first keywords of the command (kw2 NULL: any) */
	const char *what;
	const char *except;    /* a second keyword that does work */
	const char *option;    /* only lines with this keyword among the rest */
	int nargs;             /* only lines of exactly this many words (0: any) */
};

static const struct inactive table[] = {
	{"ssh", NULL, "pixie has no SSH server yet"},
	{"telnet", NULL, "pixie has no telnet server yet"},
	{"http", NULL, "pixie has no HTTPS/ASDM server"},
	{"snmp-server", NULL, "pixie has no SNMP agent yet"},
	{"ntp", NULL, "pixie has no NTP client yet"},
	{"dhcpd", NULL, "pixie has no DHCP server yet"},
	{"failover", NULL, "pixie has no failover peer"},
	{"webvpn", NULL, "pixie has no WebVPN/SSL VPN"},
	{"dynamic-access-policy-record", NULL, "pixie has no WebVPN/SSL VPN"},
	{"aaa-server", NULL, "pixie has no AAA server client (RADIUS) yet"},
	{"aaa", NULL, "pixie does not authenticate through AAA yet"},
	{"crypto", "ca", "pixie does not run IKE with certificates yet"},
	{"vpdn", NULL, "pixie does not terminate L2TP/PPP yet"},
	{"threat-detection", NULL, "pixie has no threat detection"},
	{"banner", NULL, "pixie does not display banners yet"},
	/* the firewall inspects ICMP; the application engines are to come */
	{"inspect", NULL, "pixie's firewall inspects only icmp so far", "icmp"},
	/* DNS doctoring rewrites A records in replies: it needs inspect dns */
	{"static", NULL, "pixie does not rewrite DNS replies (no inspect dns yet)", NULL, "dns"},
	{"nat", NULL, "pixie does not rewrite DNS replies (no inspect dns yet)", NULL, "dns"},
	/* policy-map class: rate limiting and low-latency queueing */
	{"police", NULL, "pixie does not police traffic rates"},
	{"priority", NULL, "pixie has no priority queueing", NULL, NULL, 1},
};

#define NTABLE (sizeof table / sizeof table[0])

/* Does the line have keyword w after its first word? */
static bool has_word(const struct cli_args *a, const char *w)
{
	for (int i = 1; i < a->n; i++)
		if (a->v[i].spec && !strcmp(a->v[i].spec, w)) /* the keyword, not a value */
			return true;
	return false;
}

/* One note per feature per box run: a pasted configuration says it once. */
static bool told[NTABLE];

void conf_note_inactive(struct cli *cli, const struct cli_args *a)
{
	if (a->n < 1 || cli_quiet(cli))
		return;
	const char *k1 = a->v[0].val, *k2 = a->n > 1 ? a->v[1].val : "";
	for (size_t i = 0; i < NTABLE; i++) {
		const struct inactive *t = &table[i];
		if (strcmp(k1, t->kw1) || (t->kw2 && strcmp(k2, t->kw2)) ||
		    (t->nargs && a->n != t->nargs) || (t->option && !has_word(a, t->option)))
			continue;
		if (t->except && !strcmp(k2, t->except))
			return;
		if (!told[i]) {
			told[i] = true;
			cli_printf(cli, "INFO: '%s%s%s%s%s' is kept in the configuration, but %s.\n",
				   t->kw1, t->kw2 ? " " : "", t->kw2 ? t->kw2 : "",
				   t->option ? " ... " : "", t->option ? t->option : "", t->what);
		}
		return;
	}
}
