/*
 * ike_cmds.c — the IKE engine's exec commands (PIX 7.2 forms):
 *   show crypto isakmp sa [detail]
 *   clear crypto isakmp sa
 *   show crypto isakmp stats / clear crypto isakmp stats
 *   debug crypto isakmp [1-255] / no debug crypto isakmp / undebug crypto isakmp
 * Layout of the sa output: reference/show-outputs.md §4-5 and the seed.
 * The stats command exists since 7.0 (the 7.0 command reference lists it
 * as `show isakmp stats`); its counters are the cikeGlobalStats group of
 * CISCO-IPSEC-FLOW-MONITOR-MIB, in the MIB's order (confirmed).  The
 * header and the "Label: N" line layout are as remembered from the ASA's
 * output [R]: not found in the material we could search.  So is the
 * `clear crypto isakmp stats` form [R].
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "vpn/ike/ike_int.h"

static const char *state_name(enum ike_state st)
{
	switch (st) {
	case MM_WAIT_MSG2: return "MM_WAIT_MSG2";
	case MM_WAIT_MSG3: return "MM_WAIT_MSG3";
	case MM_WAIT_MSG4: return "MM_WAIT_MSG4";
	case MM_WAIT_MSG5: return "MM_WAIT_MSG5";
	case MM_WAIT_MSG6: return "MM_WAIT_MSG6";
	case MM_ACTIVE: return "MM_ACTIVE";
	default: return "MM_NO_STATE";
	}
}

/* SAs oldest first (the table keeps the newest in front). */
static size_t collect(struct ike_ctx *c, struct ike_sa ***out)
{
	size_t n = 0;
	for (struct ike_sa *s = c->sas; s; s = s->next)
		n += s->st != MM_DEAD;
	struct ike_sa **v = xcalloc(n ? n : 1, sizeof *v);
	size_t i = n;
	for (struct ike_sa *s = c->sas; s; s = s->next)
		if (s->st != MM_DEAD)
			v[--i] = s;
	*out = v;
	return n;
}

static int cmd_show(struct cli *cli, struct cli_args *a)
{
	bool detail = cli_has(a, "detail");
	struct ike_sa **v;
	size_t n = collect(ike_box(), &v);
	if (!n) {
		cli_printf(cli, "There are no isakmp sas\n");
		free(v);
		return CLI_OK;
	}
	size_t rekey = 0;
	for (size_t i = 0; i < n; i++)
		rekey += v[i]->rekeying;
	cli_printf(cli, "   Active SA: %zu\n", n - rekey);
	cli_printf(cli, "    Rekey SA: %zu (A tunnel will report 1 Active and 1 Rekey SA during rekey)\n",
		   rekey);
	cli_printf(cli, "Total IKE SA: %zu\n\n", n);
	uint64_t now = ev_now_ms();
	for (size_t i = 0; i < n; i++) {
		const struct ike_sa *s = v[i];
		char ip[16];
		cli_printf(cli, "%-4zuIKE Peer: %s\n", i + 1, ip4_fmt(s->peer, ip));
		cli_printf(cli, "    Type    : %-16sRole    : %s\n", s->l2l ? "L2L" : "user",
			   s->initiator ? "initiator" : "responder");
		cli_printf(cli, "    Rekey   : %-16sState   : %s\n", s->rekeying ? "yes" : "no",
			   state_name(s->st));
		if (!detail)
			continue;
		cli_printf(cli, "    Encrypt : %-16sHash    : %s\n", ike_p1_cipher_kw(&s->p1),
			   s->p1.hash == IKEH_MD5 ? "MD5" : "SHA");
		cli_printf(cli, "    Auth    : %-16sLifetime: %lu\n", "preshared", s->p1.life_sec);
		if (s->st == MM_ACTIVE && s->p1.life_sec) {
			uint64_t used = (now - s->born_ms) / 1000;
			unsigned long rem = used >= s->p1.life_sec ? 0 : s->p1.life_sec - (unsigned long)used;
			cli_printf(cli, "    Lifetime Remaining: %lu\n", rem);
		}
	}
	free(v);
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	struct ike_ctx *c = ike_box();
	while (c->sas) {
		struct ike_sa *s = c->sas;
		if (s->st == MM_ACTIVE)
			ike_send_delete_isakmp(s);
		ike_sa_free(s, true);
	}
	return CLI_OK;
}

/* Labels in the order of cikeGlobalStats (the MIB) [R: the exact words]. */
static int cmd_show_stats(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct ike_ctx *c = ike_box();
	const struct ike_stats *s = &c->stats;
	const struct {
		const char *label;
		uint64_t v;
	} rows[] = {
		{"Active Tunnels", ike_sa_active_count(c)},
		{"Previous Tunnels", s->prev_tunnels},
		{"In Octets", s->in_octets},
		{"In Packets", s->in_pkts},
		{"In Drop Packets", s->in_drop},
		{"In Notifys", s->in_notify},
		{"In P2 Exchanges", s->in_p2},
		{"In P2 Exchange Invalids", s->in_p2_invalid},
		{"In P2 Exchange Rejects", s->in_p2_reject},
		{"In P2 Sa Delete Requests", s->in_p2_del},
		{"Out Octets", s->out_octets},
		{"Out Packets", s->out_pkts},
		{"Out Drop Packets", s->out_drop},
		{"Out Notifys", s->out_notify},
		{"Out P2 Exchanges", s->out_p2},
		{"Out P2 Exchange Invalids", s->out_p2_invalid},
		{"Out P2 Exchange Rejects", s->out_p2_reject},
		{"Out P2 Sa Delete Requests", s->out_p2_del},
		{"Initiator Tunnels", s->init_tunnels},
		{"Initiator Fails", s->init_fails},
		{"Responder Fails", s->resp_fails},
		{"System Capacity Fails", s->syscap_fails},
		{"Auth Fails", s->auth_fails},
		{"Decrypt Fails", s->decrypt_fails},
		{"Hash Valid Fails", s->hash_fails},
		{"No Sa Fails", s->no_sa_fails},
	};
	cli_printf(cli, "Global IKE Statistics\n");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		cli_printf(cli, "%s: %llu\n", rows[i].label, (unsigned long long)rows[i].v);
	return CLI_OK;
}

/* The counters restart from zero; the SAs (Active Tunnels) are untouched. */
static int cmd_clear_stats(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	memset(&ike_box()->stats, 0, sizeof ike_box()->stats);
	return CLI_OK;
}

static int cmd_debug(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *lv = cli_get(a, "LEVEL");
	bool off = cli_has(a, "no") || cli_has(a, "undebug");
	ike_debug_set_level(off ? 0 : lv ? (unsigned)atoi(lv) : 1);
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show crypto isakmp sa [detail]",
	 "Show crypto information\nShow ISAKMP operational data\n"
	 "Show ISAKMP SA information\nShow detailed information",
	 cmd_show, CLI_SHOW | CLI_PRIV},
	{"clear crypto isakmp sa",
	 "Clear crypto information\nClear ISAKMP operational data\nClear all ISAKMP SAs",
	 cmd_clear, CLI_PRIV | CLI_EXEC_ANY},
	{"show crypto isakmp stats",
	 "Show crypto information\nShow ISAKMP operational data\nShow ISAKMP runtime statistics",
	 cmd_show_stats, CLI_SHOW | CLI_PRIV},
	{"clear crypto isakmp stats",
	 "Clear crypto information\nClear ISAKMP operational data\nClear ISAKMP runtime statistics",
	 cmd_clear_stats, CLI_PRIV | CLI_EXEC_ANY},
	{"debug crypto isakmp [LEVEL:<1-255>]",
	 "Debugging functions (see also 'undebug')\nCrypto debugging\n"
	 "ISAKMP debugging\nSpecify an optional debug level (default is 1)",
	 cmd_debug, CLI_PRIV},
	{"no debug crypto isakmp [LEVEL:<1-255>]",
	 "Negate a command\nDebugging functions (see also 'undebug')\nCrypto debugging\n"
	 "ISAKMP debugging\nSpecify an optional debug level (default is 1)",
	 cmd_debug, CLI_PRIV},
	{"undebug crypto isakmp [LEVEL:<1-255>]",
	 "Disable debugging functions (see also 'debug')\nCrypto debugging\n"
	 "ISAKMP debugging\nSpecify an optional debug level (default is 1)",
	 cmd_debug, CLI_PRIV},
};

static void ike_cmds_init(void)
{
	debug_register(&ike_debug);
	cli_install_all(cli_mode_exec(), cmds);
}

MODULE_INIT(ike_cmds_init)
