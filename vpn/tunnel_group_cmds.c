/*
 * tunnel_group_cmds.c — "tunnel-group" commands, its three attribute
 * sub-modes (config-tunnel-general, config-tunnel-ipsec, config-ppp), the
 * running-config writer and "clear configure tunnel-group".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "vpn/tunnel_group.h"
#include "vpn/tunnel_group_map.h"
#include "vpn/vpn_cli.h"

static struct cli_mode *general_mode, *ipsec_mode, *ppp_mode, *webvpn_mode;

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

/* "(inside)" -> "inside" into buf; false if tok is not parenthesised. */
static bool paren_if(const char *tok, char *buf, size_t bufsz)
{
	size_t n = strlen(tok);
	if (n < 3 || tok[0] != '(' || tok[n - 1] != ')' || n - 2 >= bufsz)
		return false;
	memcpy(buf, tok + 1, n - 2);
	buf[n - 2] = '\0';
	return vpn_name_ok(buf);
}

static int no_group(struct cli *cli, const char *name)
{
	cli_printf(cli, "ERROR: tunnel-group %s does not exist\n", name);
	return CLI_ERR;
}

/* ---- global commands ------------------------------------------------ */

static const char *const type_kws[] = {"ipsec-ra", "ipsec-l2l", "webvpn",
				       NULL};

/* tunnel-group NAME type (ipsec-ra|ipsec-l2l|webvpn) */
static int cmd_type(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!vpn_name_ok(name))
		return cli_bad(a, "NAME");
	int t = vpn_kw_idx(a, type_kws);
	if (t < 0)
		return CLI_ERR_INCOMPLETE;
	if (!tg_create(name, (enum tg_type)t)) {
		cli_printf(cli, "ERROR: Cannot change the type of an existing "
				"tunnel-group\n");
		return CLI_ERR;
	}
	return CLI_OK;
}

/* tunnel-group NAME type remote-access: the ASA 8.0 name of ipsec-ra (8.0
 * boxes take "ipsec-ra" and store "remote-access"; this box does the
 * reverse, so that 8.0-8.2 configurations keep their remote-access groups). */
static int cmd_type_80(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!vpn_name_ok(name))
		return cli_bad(a, "NAME");
	if (!tg_create(name, TG_IPSEC_RA)) {
		cli_printf(cli, "ERROR: Cannot change the type of an existing "
				"tunnel-group\n");
		return CLI_ERR;
	}
	if (!cli_quiet(cli))
		cli_printf(cli, "INFO: tunnel-group type remote-access is ASA 8.0 syntax; "
				"stored as the PIX 7.2 type ipsec-ra\n");
	return CLI_OK;
}

/* no tunnel-group NAME [type ...] */
static int cmd_no_group(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	tg_delete(cli_get(a, "NAME"));
	return CLI_OK;
}

static unsigned attrs_of(const struct cli_args *a)
{
	if (cli_has(a, "general-attributes"))
		return TG_GENERAL;
	if (cli_has(a, "ipsec-attributes"))
		return TG_IPSEC;
	if (cli_has(a, "webvpn-attributes"))
		return TG_WEBVPN_ATTRS;
	return TG_PPP;
}

/* tunnel-group NAME (general|ipsec|ppp)-attributes: enter the sub-mode */
static int cmd_attrs(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct tunnel_group *g = tg_find(name);
	if (!g)
		return no_group(cli, name);
	unsigned which = attrs_of(a);
	if (vpn_is_no(a)) {
		tg_reset_attrs(g, which);
		return CLI_OK;
	}
	struct cli_mode *m = which == TG_GENERAL	   ? general_mode
			     : which == TG_IPSEC	   ? ipsec_mode
			     : which == TG_WEBVPN_ATTRS ? webvpn_mode
							 : ppp_mode;
	cli_enter(cli, m, g->name, (long)which);
	return CLI_OK;
}

/* clear configure tunnel-group [NAME] */
static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	if (name)
		tg_delete(name);
	else
		tg_clear_all();
	return CLI_OK;
}

/* The group a sub-mode line applies to. */
static struct tunnel_group *ctx_group(struct cli *cli)
{
	struct tunnel_group *g = tg_find(cli_ctx_key(cli));
	if (!g)
		no_group(cli, cli_ctx_key(cli));
	return g;
}

/* ---- config-tunnel-general ------------------------------------------ */

/* [no] address-pool [(IF)] POOL ... */
static int cmd_address_pool(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	char ifn[VPN_NAME_MAX + 1] = "";
	int n = vpn_count(a, "POOL"), first = 0;
	if (n && paren_if(cli_get(a, "POOL"), ifn, sizeof(ifn)))
		first = 1;
	for (int i = first; i < n; i++) {
		if (i - first == TG_MAX_POOLS)
			return cli_bad_at(a, vpn_nth_idx(a, "POOL", i));
		if (!vpn_name_ok(cli_get_nth(a, "POOL", i)) ||
		    cli_get_nth(a, "POOL", i)[0] == '(')
			return cli_bad_at(a, vpn_nth_idx(a, "POOL", i));
	}
	if (!vpn_is_no(a) && first == n)
		return CLI_ERR_INCOMPLETE;
	if (vpn_is_no(a)) {
		set_str(&g->pool_if, NULL);
		strv_free(&g->pools);
		return CLI_OK;
	}
	set_str(&g->pool_if, first ? ifn : NULL);
	strv_free(&g->pools);
	for (int i = first; i < n; i++)
		strv_add(&g->pools, cli_get_nth(a, "POOL", i));
	return CLI_OK;
}

/* [no] authentication-server-group [(IF)] GROUP [LOCAL] */
static int cmd_authn_group(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	int n = vpn_count(a, "W");
	char ifn[VPN_NAME_MAX + 1] = "";
	int i = 0;
	if (n && paren_if(cli_get(a, "W"), ifn, sizeof(ifn)))
		i = 1;
	const char *grp = i < n ? cli_get_nth(a, "W", i) : NULL;
	bool local = false;
	if (grp && (!vpn_name_ok(grp) || grp[0] == '('))
		return cli_bad_at(a, vpn_nth_idx(a, "W", i));
	if (i + 1 < n) {
		if (strcmp(cli_get_nth(a, "W", i + 1), "LOCAL") != 0 ||
		    !strcmp(grp, "LOCAL"))
			return cli_bad_at(a, vpn_nth_idx(a, "W", i + 1));
		local = true;
	}
	if (i + 2 < n)
		return cli_bad_at(a, vpn_nth_idx(a, "W", i + 2));
	if (vpn_is_no(a)) {
		if (ifn[0] && grp) {
			/* "no authentication-server-group (if) g": that interface only */
			if (!g->authn.ifname || strcmp(g->authn.ifname, ifn))
				return CLI_OK;
		}
		set_str(&g->authn.ifname, NULL);
		set_str(&g->authn.group, NULL);
		g->authn.local_fallback = false;
		return CLI_OK;
	}
	if (!grp)
		return CLI_ERR_INCOMPLETE;
	set_str(&g->authn.ifname, ifn[0] ? ifn : NULL);
	set_str(&g->authn.group, grp);
	g->authn.local_fallback = local;
	return CLI_OK;
}

/* [no] (authorization|accounting)-server-group GROUP
 *  [no] default-group-policy GP */
static int cmd_general_name(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	const char *v = cli_get(a, "GROUP");
	if (v && !vpn_name_ok(v))
		return cli_bad(a, "GROUP");
	if (vpn_is_no(a))
		v = NULL;
	if (cli_has(a, "authorization-server-group"))
		set_str(&g->authz_group, v);
	else if (cli_has(a, "accounting-server-group"))
		set_str(&g->acct_group, v);
	else
		set_str(&g->default_gp, v);
	return CLI_OK;
}

/* [no] dhcp-server IP ... */
static int cmd_dhcp_server(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	uint32_t ips[TG_MAX_DHCP];
	int n = vpn_count(a, "IP");
	for (int i = 0; i < n; i++) {
		if (i == TG_MAX_DHCP)
			return cli_bad_at(a, vpn_nth_idx(a, "IP", i));
		if (!conf_parse_host(cli_get_nth(a, "IP", i), &ips[i]))
			return cli_bad_at(a, vpn_nth_idx(a, "IP", i));
	}
	if (vpn_is_no(a)) {
		g->ndhcp = 0;
		return CLI_OK;
	}
	memcpy(g->dhcp, ips, (size_t)n * sizeof(ips[0]));
	g->ndhcp = (size_t)n;
	return CLI_OK;
}

/* [no] strip-realm | strip-group */
static int cmd_strip(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	bool on = !vpn_is_no(a);
	if (cli_has(a, "strip-realm"))
		g->strip_realm = on;
	else
		g->strip_group = on;
	return CLI_OK;
}

/* [no] password-management [password-expire-in-days N] */
static int cmd_pw_mgmt(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	const char *d = cli_get(a, "DAYS");
	g->pw_mgmt = !vpn_is_no(a);
	g->pw_expire_days = g->pw_mgmt && d ? strtol(d, NULL, 10) : -1;
	return CLI_OK;
}

/* [no] authorization-required | override-account-disable */
static int cmd_general_flag(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	bool on = !vpn_is_no(a);
	if (cli_has(a, "authorization-required"))
		g->authz_required = on;
	else
		g->override_account_disable = on;
	return CLI_OK;
}

/* [no] authorization-dn-attributes (ATTR [ATTR] | use-entire-name) */
static int cmd_authz_dn(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	if (vpn_is_no(a)) {
		set_str(&g->authz_dn, NULL);
		return CLI_OK;
	}
	char buf[64];
	if (cli_has(a, "use-entire-name"))
		snprintf(buf, sizeof buf, "use-entire-name");
	else if (cli_has(a, "SEC"))
		snprintf(buf, sizeof buf, "%s %s", cli_get(a, "PRI"), cli_get(a, "SEC"));
	else
		snprintf(buf, sizeof buf, "%s", cli_get(a, "PRI"));
	set_str(&g->authz_dn, buf);
	return CLI_OK;
}

/* ---- config-tunnel-ipsec -------------------------------------------- */

static int cmd_psk(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	const char *k = cli_get(a, "KEY");
	if (vpn_is_no(a)) {
		tg_set_psk(g, NULL);
		return CLI_OK;
	}
	if (!k || !*k || strlen(k) > TG_PSK_MAX)
		return cli_bad(a, "KEY");
	tg_set_psk(g, k);
	return CLI_OK;
}

static int cmd_peer_id(struct cli *cli, struct cli_args *a)
{
	static const char *const kws[] = {"req", "cert", "nocheck", NULL};
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	int i = vpn_kw_idx(a, kws);
	g->peer_id = vpn_is_no(a) || i < 0 ? PEER_ID_REQ : (enum tg_peer_id)i;
	return CLI_OK;
}

static int cmd_ipsec_flag(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	bool on = !vpn_is_no(a);
	if (cli_has(a, "chain"))
		g->chain = on;
	else if (cli_has(a, "radius-with-expiry"))
		g->radius_with_expiry = on;
	else
		g->radius_sdi_xauth = on;
	return CLI_OK;
}

/* The entry of a client-update list for one client type, or -1. */
static int client_update_find(const struct strv *v, const char *type)
{
	size_t n = strlen(type);
	for (size_t i = 0; i < v->n; i++)
		if (!strncmp(v->v[i] + 19, type, n) && v->v[i][19 + n] == ' ')
			return (int)i;
	return -1;
}

/* [no] client-update type TYPE url URL rev-nums REVS
 * (the "client-update type " prefix is 19 characters) */
static int cmd_client_update(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	const char *type = cli_get(a, "TYPE"), *url = cli_get(a, "URL"),
		   *revs = cli_get(a, "REVS");
	if (type && strlen(type) > 15)
		return cli_bad(a, "TYPE");
	if (url && strlen(url) > 255)
		return cli_bad(a, "URL");
	if (revs && strlen(revs) > 127)
		return cli_bad(a, "REVS");
	int i = type ? client_update_find(&g->client_update, type) : -1;
	if (vpn_is_no(a)) {
		if (!type)
			strv_free(&g->client_update);
		else if (i >= 0)
			strv_del_at(&g->client_update, (size_t)i);
		return CLI_OK;
	}
	if (!type || !url || !revs)
		return CLI_ERR_INCOMPLETE;
	char line[512];
	snprintf(line, sizeof line, "client-update type %s url %s rev-nums %s", type, url, revs);
	if (i >= 0) {
		free(g->client_update.v[i]);
		g->client_update.v[i] = xstrdup(line);
	} else {
		strv_add(&g->client_update, line);
	}
	return CLI_OK;
}

/* ikev1 ... / ikev2 ... in ipsec-attributes (ASA 8.4) */
static int cmd_ipsec_ikev(struct cli *cli, struct cli_args *a)
{
	const char *rest = cli_get(a, "REST");
	if (cli_has(a, "ikev2")) {
		cli_printf(cli, "ERROR: 'ikev2' is ASA 8.4 syntax; PIX 7.2 has IKEv1 "
				"only\n");
		return CLI_ERR;
	}
	char what[64] = "";
	if (rest)
		sscanf(rest, "%63s", what);
	const char *no = vpn_is_no(a) ? "no " : "";
	if (!strcmp(what, "pre-shared-key")) /* never repeat the key */
		cli_printf(cli, "ERROR: 'ikev1 pre-shared-key' is ASA 8.4 syntax; in PIX "
				"7.2 use '%spre-shared-key <key>'\n",
			   no);
	else if (!strcmp(what, "user-authentication"))
		cli_printf(cli, "ERROR: 'ikev1 user-authentication' is ASA 8.4 syntax; in "
				"PIX 7.2 use '%sisakmp ikev1-user-authentication%s'\n",
			   no, rest + strlen(what));
	else
		cli_printf(cli, "ERROR: 'ikev1 %s' is ASA 8.4 syntax; in PIX 7.2 use '%s%s'\n",
			   what, no, rest ? rest : "");
	return CLI_ERR;
}

/* [no] isakmp ikev1-user-authentication [(IF)] (none|xauth|hybrid) */
static int cmd_ikev1_user_auth(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	if (vpn_is_no(a)) {
		set_str(&g->ikev1_user_auth, NULL);
		return CLI_OK;
	}
	static const char *const kws[] = {"none", "xauth", "hybrid", NULL};
	const char *m = vpn_kw(a, kws);
	char buf[VPN_NAME_MAX + 32];
	if (cli_has(a, "IF"))
		snprintf(buf, sizeof buf, "(%s) %s", cli_get(a, "IF"), m);
	else
		snprintf(buf, sizeof buf, "%s", m);
	/* xauth on every interface is the default */
	set_str(&g->ikev1_user_auth, strcmp(buf, "xauth") ? buf : NULL);
	return CLI_OK;
}

static int cmd_trust_point(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	const char *tp = cli_get(a, "TP");
	if (tp && !vpn_name_ok(tp))
		return cli_bad(a, "TP");
	set_str(&g->trust_point, vpn_is_no(a) ? NULL : tp);
	return CLI_OK;
}

/* [no] isakmp keepalive (threshold N retry N | disable) */
static int cmd_keepalive(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	g->ka_disable = false;
	g->ka_threshold = g->ka_retry = 0;
	if (vpn_is_no(a))
		return CLI_OK;
	if (cli_has(a, "disable")) {
		g->ka_disable = true;
		return CLI_OK;
	}
	g->ka_threshold = strtoul(cli_get(a, "TH"), NULL, 10);
	g->ka_retry = strtoul(cli_get(a, "RT"), NULL, 10);
	return CLI_OK;
}

/* ---- config-ppp ----------------------------------------------------- */

static const char *const ppp_kws[] = {"pap", "chap", "ms-chap-v1",
				      "ms-chap-v2", "eap-proxy", NULL};

static int cmd_ppp_auth(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	int i = vpn_kw_idx(a, ppp_kws);
	if (i < 0)
		return CLI_ERR_INCOMPLETE;
	if (vpn_is_no(a))
		g->ppp_auth &= ~(1u << i);
	else
		g->ppp_auth |= 1u << i;
	return CLI_OK;
}

/* ---- config-tunnel-webvpn -------------------------------------------- */

/* The lines of webvpn-attributes are kept canonical, ordered by this
 * table; "group-alias", "group-url" and "nbns-server" may repeat (one line
 * per value), the others hold one value. */
static const struct {
	const char *kw;
	bool multi;
} wv_kws[] = {
	{"authentication", false}, {"customization", false},
	{"nbns-server", true},     {"group-alias", true},
	{"group-url", true},       {"dns-group", false},
	{"hic-fail-group-policy", false}, {"radius-reject-message", false},
};
#define WV_NKWS (sizeof wv_kws / sizeof wv_kws[0])

static int wv_rank(const char *line)
{
	for (size_t i = 0; i < WV_NKWS; i++) {
		size_t n = strlen(wv_kws[i].kw);
		if (!strncmp(line, wv_kws[i].kw, n) && (line[n] == ' ' || !line[n]))
			return (int)i;
	}
	return (int)WV_NKWS;
}

/* Same line identity: same keyword, and for the repeatable ones the same
 * first value. */
static bool wv_same(const char *x, const char *y)
{
	int r = wv_rank(x);
	if (r != wv_rank(y))
		return false;
	if (r >= (int)WV_NKWS || !wv_kws[r].multi)
		return true;
	size_t n = strlen(wv_kws[r].kw) + 1;
	size_t lx = strcspn(x + n, " "), ly = strcspn(y + n, " ");
	return lx == ly && !strncmp(x + n, y + n, lx);
}

static void wv_set(struct tunnel_group *g, const char *line, bool remove)
{
	struct strv *v = &g->webvpn;
	for (size_t i = 0; i < v->n; i++) {
		if (!wv_same(v->v[i], line))
			continue;
		if (remove) {
			strv_del_at(v, i);
			return;
		}
		free(v->v[i]);
		v->v[i] = xstrdup(line);
		return;
	}
	if (remove)
		return;
	/* insert after the last line of the same or an earlier rank */
	int r = wv_rank(line);
	size_t at = 0;
	for (size_t i = 0; i < v->n; i++)
		if (wv_rank(v->v[i]) <= r)
			at = i + 1;
	strv_add(v, line);
	char *mine = v->v[v->n - 1];
	memmove(&v->v[at + 1], &v->v[at], (v->n - 1 - at) * sizeof *v->v);
	v->v[at] = mine;
}

static int cmd_wv_attr(struct cli *cli, struct cli_args *a)
{
	struct tunnel_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	bool no = vpn_is_no(a);
	const char *w = cli_get(a, "W");
	if (w && (strlen(w) > 255 || !vpn_name_ok(w)))
		return cli_bad(a, "W");
	char line[512];
	const char *kw = a->v[no ? 1 : 0].val;
	if (cli_has(a, "authentication")) {
		static const char *const m[] = {"aaa", "certificate", "digital-certificate", NULL};
		int len = snprintf(line, sizeof line, "authentication");
		for (int k = 0; m[k]; k++)
			if (cli_has(a, m[k]))
				len += snprintf(line + len, sizeof line - (size_t)len, " %s", m[k]);
		if (!no && len == 14)
			return CLI_ERR_INCOMPLETE;
	} else if (cli_has(a, "group-alias") || cli_has(a, "group-url")) {
		snprintf(line, sizeof line, "%s %s %s", kw, w ? w : "",
			 cli_has(a, "disable") ? "disable" : "enable");
	} else if (cli_has(a, "nbns-server")) {
		const char *t = cli_get(a, "T"), *r = cli_get(a, "R");
		snprintf(line, sizeof line, "nbns-server %s%s timeout %s retry %s", w ? w : "",
			 cli_has(a, "master") ? " master" : "", t ? t : "2", r ? r : "2");
	} else if (w) {
		snprintf(line, sizeof line, "%s %s", kw, w);
	} else {
		snprintf(line, sizeof line, "%s", kw);
	}
	wv_set(g, line, no);
	return CLI_OK;
}

/* ---- show running-config -------------------------------------------- */

static bool general_default(const struct tunnel_group *g)
{
	return !g->pools.n && !g->authn.group && !g->authz_group &&
	       !g->acct_group && !g->default_gp && !g->ndhcp &&
	       !g->strip_realm && !g->strip_group && !g->pw_mgmt &&
	       !g->authz_required && !g->authz_dn && !g->override_account_disable;
}

static bool keepalive_default(const struct tunnel_group *g)
{
	unsigned long th, rt;
	tg_keepalive_default(g->type, &th, &rt);
	return !g->ka_disable &&
	       (!g->ka_threshold || (g->ka_threshold == th && g->ka_retry == rt));
}

static bool ipsec_default(const struct tunnel_group *g)
{
	return !g->psk && g->peer_id == PEER_ID_REQ && !g->chain &&
	       !g->trust_point && keepalive_default(g) && !g->radius_sdi_xauth &&
	       !g->radius_with_expiry && !g->client_update.n && !g->ikev1_user_auth;
}

static void write_general(struct cfgout *o, const struct tunnel_group *g)
{
	cfg_printf(o, "tunnel-group %s general-attributes\n", g->name);
	if (g->pools.n) {
		cfg_puts(o, " address-pool");
		if (g->pool_if)
			cfg_printf(o, " (%s)", g->pool_if);
		for (size_t i = 0; i < g->pools.n; i++)
			cfg_printf(o, " %s", g->pools.v[i]);
		cfg_puts(o, "\n");
	}
	if (g->authn.group) {
		cfg_puts(o, " authentication-server-group");
		if (g->authn.ifname)
			cfg_printf(o, " (%s)", g->authn.ifname);
		cfg_printf(o, " %s%s\n", g->authn.group,
			   g->authn.local_fallback ? " LOCAL" : "");
	}
	if (g->authz_group)
		cfg_printf(o, " authorization-server-group %s\n", g->authz_group);
	if (g->acct_group)
		cfg_printf(o, " accounting-server-group %s\n", g->acct_group);
	if (g->default_gp)
		cfg_printf(o, " default-group-policy %s\n", g->default_gp);
	if (g->ndhcp) {
		cfg_puts(o, " dhcp-server");
		for (size_t i = 0; i < g->ndhcp; i++) {
			char buf[64];
			cfg_printf(o, " %s", conf_fmt_host(g->dhcp[i], buf));
		}
		cfg_puts(o, "\n");
	}
	if (g->strip_realm)
		cfg_puts(o, " strip-realm\n");
	if (g->strip_group)
		cfg_puts(o, " strip-group\n");
	if (g->authz_required)
		cfg_puts(o, " authorization-required\n");
	if (g->authz_dn)
		cfg_printf(o, " authorization-dn-attributes %s\n", g->authz_dn);
	if (g->override_account_disable)
		cfg_puts(o, " override-account-disable\n");
	if (g->pw_mgmt) {
		if (g->pw_expire_days >= 0)
			cfg_printf(o, " password-management "
				      "password-expire-in-days %ld\n",
				   g->pw_expire_days);
		else
			cfg_puts(o, " password-management\n");
	}
}

static void write_ipsec(struct cfgout *o, const struct tunnel_group *g,
			unsigned flags)
{
	cfg_printf(o, "tunnel-group %s ipsec-attributes\n", g->name);
	if (g->psk)
		cfg_printf(o, " pre-shared-key %s\n",
			   flags & CONF_W_SECRETS ? g->psk : "*");
	if (g->peer_id == PEER_ID_CERT)
		cfg_puts(o, " peer-id-validate cert\n");
	else if (g->peer_id == PEER_ID_NOCHECK)
		cfg_puts(o, " peer-id-validate nocheck\n");
	if (g->chain)
		cfg_puts(o, " chain\n");
	if (g->trust_point)
		cfg_printf(o, " trust-point %s\n", g->trust_point);
	if (g->ka_disable)
		cfg_puts(o, " isakmp keepalive disable\n");
	else if (!keepalive_default(g))
		cfg_printf(o, " isakmp keepalive threshold %lu retry %lu\n",
			   g->ka_threshold, g->ka_retry);
	if (g->radius_sdi_xauth)
		cfg_puts(o, " radius-sdi-xauth\n");
	if (g->radius_with_expiry)
		cfg_puts(o, " radius-with-expiry\n");
	if (g->ikev1_user_auth)
		cfg_printf(o, " isakmp ikev1-user-authentication %s\n", g->ikev1_user_auth);
	for (size_t i = 0; i < g->client_update.n; i++)
		cfg_printf(o, " %s\n", g->client_update.v[i]);
}

static void write_ppp(struct cfgout *o, const struct tunnel_group *g)
{
	cfg_printf(o, "tunnel-group %s ppp-attributes\n", g->name);
	for (int i = 0; ppp_kws[i]; i++) {
		bool on = g->ppp_auth & (1u << i);
		bool def = PPP_AUTH_DEFAULT & (1u << i);
		if (on != def)
			cfg_printf(o, " %sauthentication %s\n", on ? "" : "no ",
				   ppp_kws[i]);
	}
}

static void write_groups(struct cfgout *o, unsigned flags)
{
	size_t it = 0;
	for (struct tunnel_group *g; (g = tg_next(&it));) {
		if (!g->builtin)
			cfg_printf(o, "tunnel-group %s type %s\n", g->name,
				   tg_type_kw(g->type));
		if (!general_default(g))
			write_general(o, g);
		if (!ipsec_default(g))
			write_ipsec(o, g, flags);
		if (g->ppp_auth != PPP_AUTH_DEFAULT)
			write_ppp(o, g);
		if (g->webvpn.n) {
			cfg_printf(o, "tunnel-group %s webvpn-attributes\n", g->name);
			for (size_t i = 0; i < g->webvpn.n; i++)
				cfg_printf(o, " %s\n", g->webvpn.v[i]);
		}
	}
	tgmap_write(o);
}

/* ---- declarations ---------------------------------------------------- */

static const struct cli_cmd global_cmds[] = {
	{"tunnel-group NAME:tunnel-group type (ipsec-ra|ipsec-l2l|webvpn)",
	 "Create and manage the database of connection specific records for "
	 "IPSec connections\nName of tunnel group\nEnter the type of tunnel "
	 "group\nIPSec remote access group\nIPSec LAN-to-LAN group\n"
	 "WebVPN group",
	 cmd_type, 0},
	{"tunnel-group NAME:tunnel-group type remote-access",
	 NULL, cmd_type_80, CLI_HIDDEN},
	{"no tunnel-group NAME:tunnel-group [type (ipsec-ra|ipsec-l2l|webvpn)]",
	 NULL, cmd_no_group, 0},
	{"[no] tunnel-group NAME:tunnel-group "
	 "(general-attributes|ipsec-attributes|ppp-attributes|webvpn-attributes)",
	 NULL, cmd_attrs, 0},
	{"clear configure tunnel-group [NAME:tunnel-group]",
	 "Reset functions\nClear configuration\n"
	 "Clear all tunnel-group configuration\nName of tunnel group",
	 cmd_clear, 0},
};

static const struct cli_cmd general_cmds[] = {
	{"address-pool POOL {POOL}", NULL, cmd_address_pool, 0},
	{"no address-pool {POOL}", NULL, cmd_address_pool, 0},
	{"authentication-server-group W {W}", NULL, cmd_authn_group, 0},
	{"no authentication-server-group {W}", NULL, cmd_authn_group, 0},
	{"(authorization-server-group|accounting-server-group|"
	 "default-group-policy) GROUP",
	 NULL, cmd_general_name, 0},
	{"no (authorization-server-group|accounting-server-group|"
	 "default-group-policy) [GROUP]",
	 NULL, cmd_general_name, 0},
	{"dhcp-server IP:ip {IP:ip}", NULL, cmd_dhcp_server, 0},
	{"no dhcp-server {IP:ip}", NULL, cmd_dhcp_server, 0},
	{"[no] (strip-realm|strip-group)", NULL, cmd_strip, 0},
	{"[no] password-management [password-expire-in-days DAYS:<0-999>]",
	 NULL, cmd_pw_mgmt, 0},
	{"[no] (authorization-required|override-account-disable)", NULL,
	 cmd_general_flag, 0},
	{"authorization-dn-attributes (use-entire-name|PRI [SEC])", NULL,
	 cmd_authz_dn, 0},
	{"no authorization-dn-attributes [LINE:line]", NULL, cmd_authz_dn, 0},
};

static const struct cli_cmd ipsec_cmds[] = {
	{"pre-shared-key KEY", "Associate a pre-shared key with the connection "
			       "policy\nEnter the pre-shared key",
	 cmd_psk, 0},
	{"no pre-shared-key [KEY]", NULL, cmd_psk, 0},
	{"peer-id-validate (req|cert|nocheck)", NULL, cmd_peer_id, 0},
	{"no peer-id-validate [req|cert|nocheck]", NULL, cmd_peer_id, 0},
	{"[no] (chain|radius-sdi-xauth|radius-with-expiry)", NULL,
	 cmd_ipsec_flag, 0},
	{"client-update type TYPE url URL rev-nums REVS", NULL,
	 cmd_client_update, 0},
	{"no client-update [type TYPE [url URL rev-nums REVS]]", NULL,
	 cmd_client_update, 0},
	{"[no] (ikev1|ikev2) [REST:line]", NULL, cmd_ipsec_ikev, CLI_HIDDEN},
	{"isakmp ikev1-user-authentication [IF:paren-if] (none|xauth|hybrid)",
	 NULL, cmd_ikev1_user_auth, 0},
	{"no isakmp ikev1-user-authentication [IF:paren-if] [none|xauth|hybrid]",
	 NULL, cmd_ikev1_user_auth, 0},
	{"trust-point TP", NULL, cmd_trust_point, 0},
	{"no trust-point [TP]", NULL, cmd_trust_point, 0},
	{"isakmp keepalive (threshold TH:<10-3600> retry RT:<2-10>|disable)",
	 NULL, cmd_keepalive, 0},
	{"no isakmp keepalive [threshold TH:<10-3600> retry RT:<2-10>|disable]",
	 NULL, cmd_keepalive, 0},
};

static const struct cli_cmd webvpn_cmds[] = {
	{"authentication {aaa|certificate|digital-certificate}", NULL,
	 cmd_wv_attr, 0},
	{"no authentication [LINE:line]", NULL, cmd_wv_attr, 0},
	{"(customization|dns-group|hic-fail-group-policy) W", NULL,
	 cmd_wv_attr, 0},
	{"no (customization|dns-group|hic-fail-group-policy) [W]", NULL,
	 cmd_wv_attr, 0},
	{"[no] (group-alias|group-url) W [enable|disable]", NULL, cmd_wv_attr,
	 0},
	{"[no] nbns-server W [master] [timeout T:<1-30>] [retry R:<0-10>]",
	 NULL, cmd_wv_attr, 0},
	{"[no] radius-reject-message", NULL, cmd_wv_attr, 0},
};

static const struct cli_cmd ppp_cmds[] = {
	{"[no] authentication (pap|chap|ms-chap-v1|ms-chap-v2|eap-proxy)",
	 NULL, cmd_ppp_auth, 0},
};

static void tg_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	size_t it = 0;
	for (struct tunnel_group *g; (g = tg_next(&it));)
		add(ctx, g->name);
}

static void tg_reset(void)
{
	tg_clear_all();
}

static void tunnel_group_init(void)
{
	static const char *const kw[][2] = {
		{"tunnel-group", "Create and manage the database of connection "
				 "specific records for IPSec connections"},
		{"general-attributes", "Enter the general-attributes sub command "
				       "mode"},
		{"ipsec-attributes", "Enter the ipsec-attributes sub command "
				     "mode"},
		{"ppp-attributes", "Enter the ppp-attributes sub command mode"},
		{"ipsec-ra", "IPSec remote access group"},
		{"ipsec-l2l", "IPSec LAN-to-LAN group"},
		{"address-pool", "Enter a list of address pools to assign "
				 "addresses from"},
		{"authentication-server-group",
		 "Enter name of the authentication server group"},
		{"authorization-server-group",
		 "Enter name of the authorization server group"},
		{"accounting-server-group",
		 "Enter name of the accounting server group"},
		{"default-group-policy",
		 "Enter name of the default group policy"},
		{"dhcp-server", "Enter IP address or name of the DHCP server"},
		{"strip-realm", "Enable strip-realm processing"},
		{"strip-group", "Enable strip-group processing"},
		{"password-management", "Enable password management"},
		{"pre-shared-key", "Associate a pre-shared key with the "
				   "connection policy"},
		{"peer-id-validate", "Validate identity of the peer using the "
				     "peer's certificate"},
		{"radius-sdi-xauth", "Enable RADIUS with SDI XAUTH"},
		{"trust-point", "Enter name of the trustpoint that identifies "
				"the cert to be sent to the IKE peer"},
		{"ms-chap-v1", "Enable MS-CHAPv1 authentication protocol"},
		{"ms-chap-v2", "Enable MS-CHAPv2 authentication protocol"},
		{"eap-proxy", "Enable EAP-PROXY authentication protocol"},
		{"pap", "Enable PAP authentication protocol"},
		{"chap", "Enable CHAP authentication protocol"},
	};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		cli_kw_help(kw[i][0], kw[i][1]);
	vpn_name_type("tunnel-group", "WORD", tg_values);
	general_mode = cli_mode_new("config-tunnel-general", cli_mode_config());
	ipsec_mode = cli_mode_new("config-tunnel-ipsec", cli_mode_config());
	ppp_mode = cli_mode_new("config-ppp", cli_mode_config());
	webvpn_mode = cli_mode_new("config-tunnel-webvpn", cli_mode_config());
	cli_install_all(cli_mode_config(), global_cmds);
	cli_install_all(general_mode, general_cmds);
	cli_install_all(ipsec_mode, ipsec_cmds);
	cli_install_all(ppp_mode, ppp_cmds);
	cli_install_all(webvpn_mode, webvpn_cmds);
	conf_register_writer(ORD_TUNNEL_GROUP, write_groups);
	conf_register_reset(tg_reset);
}
MODULE_INIT(tunnel_group_init)
