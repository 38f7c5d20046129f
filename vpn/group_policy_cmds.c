/*
 * group_policy_cmds.c — "group-policy" commands, the config-group-policy
 * and config-group-webvpn sub-modes, the running-config writer and
 * "clear configure group-policy".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "vpn/group_policy.h"
#include "vpn/vpn_cli.h"

static struct cli_mode *gp_mode, *wv_mode;

static bool proto_match(const char *in, char *out, size_t outsz);

/* How each attribute is typed and printed. */
enum gp_kind {
	K_LINES,  /* banner value LINE (each line adds) | none */
	K_IPS,    /* value IP [IP] | none */
	K_NUM,    /* N */
	K_NUM_NONE, /* N | none */
	K_WORD,   /* value W | none */
	K_WORDS,  /* value W.. | none */
	K_PROTO,  /* vpn-tunnel-protocol */
	K_ENDIS,  /* enable | disable */
	K_SPLIT,  /* split-tunnel-policy */
};

static const struct {
	const char *kw;
	enum gp_kind kind;
} attrs[GPA_COUNT] = {
	[GPA_BANNER] = {"banner", K_LINES},
	[GPA_WINS] = {"wins-server", K_IPS},
	[GPA_DNS] = {"dns-server", K_IPS},
	[GPA_DHCP_SCOPE] = {"dhcp-network-scope", K_IPS},
	[GPA_ACCESS_HOURS] = {"vpn-access-hours", K_WORD},
	[GPA_SIM_LOGINS] = {"vpn-simultaneous-logins", K_NUM},
	[GPA_IDLE_TIMEOUT] = {"vpn-idle-timeout", K_NUM_NONE},
	[GPA_SESSION_TIMEOUT] = {"vpn-session-timeout", K_NUM_NONE},
	[GPA_VPN_FILTER] = {"vpn-filter", K_WORD},
	[GPA_TUNNEL_PROTO] = {"vpn-tunnel-protocol", K_PROTO},
	[GPA_PW_STORAGE] = {"password-storage", K_ENDIS},
	[GPA_IP_COMP] = {"ip-comp", K_ENDIS},
	[GPA_RE_XAUTH] = {"re-xauth", K_ENDIS},
	[GPA_GROUP_LOCK] = {"group-lock", K_WORD},
	[GPA_PFS] = {"pfs", K_ENDIS},
	[GPA_IPSEC_UDP] = {"ipsec-udp", K_ENDIS},
	[GPA_IPSEC_UDP_PORT] = {"ipsec-udp-port", K_NUM},
	[GPA_SPLIT_POLICY] = {"split-tunnel-policy", K_SPLIT},
	[GPA_SPLIT_LIST] = {"split-tunnel-network-list", K_WORD},
	[GPA_DEFAULT_DOMAIN] = {"default-domain", K_WORD},
	[GPA_SPLIT_DNS] = {"split-dns", K_WORDS},
	[GPA_SUA] = {"secure-unit-authentication", K_ENDIS},
	[GPA_USER_AUTH] = {"user-authentication", K_ENDIS},
	[GPA_USER_AUTH_IDLE] = {"user-authentication-idle-timeout", K_NUM_NONE},
	[GPA_IP_PHONE_BYPASS] = {"ip-phone-bypass", K_ENDIS},
	[GPA_LEAP_BYPASS] = {"leap-bypass", K_ENDIS},
	[GPA_NEM] = {"nem", K_ENDIS},
	[GPA_ADDRESS_POOLS] = {"address-pools", K_WORDS},
};

static const char *const proto_kws[] = {"IPSec", "l2tp-ipsec", "svc",
					"webvpn", NULL};
static const char *const split_kws[] = {"tunnelall", "tunnelspecified",
					"excludespecified", NULL};
#define GP_MAX_POOLS 6

static int attr_of(const struct cli_args *a)
{
	for (int i = 0; i < GPA_COUNT; i++)
		if (cli_has(a, attrs[i].kw))
			return i;
	return -1;
}

static int no_policy(struct cli *cli, const char *name)
{
	cli_printf(cli, "ERROR: group-policy %s does not exist\n", name);
	return CLI_ERR;
}

static struct group_policy *ctx_policy(struct cli *cli, int up)
{
	const char *name = up ? cli_ctx_key_up(cli, up) : cli_ctx_key(cli);
	struct group_policy *g = name ? gp_find(name) : NULL;
	if (!g)
		no_policy(cli, name ? name : "");
	return g;
}

/* ---- global commands ------------------------------------------------ */

/* group-policy NAME internal [from FROM] */
static int cmd_internal(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME"), *from = cli_get(a, "FROM");
	if (!vpn_name_ok(name))
		return cli_bad(a, "NAME");
	const struct group_policy *src = NULL;
	if (from && !(src = gp_find(from)))
		return no_policy(cli, from);
	struct group_policy *g = gp_find(name);
	if (g && g->builtin && from)
		return cli_bad(a, "FROM");
	gp_create_internal(name, src);
	return CLI_OK;
}

/* group-policy NAME external server-group SG password PW */
static int cmd_external(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!vpn_name_ok(name))
		return cli_bad(a, "NAME");
	struct group_policy *g = gp_find(name);
	if (g && g->builtin) {
		cli_printf(cli, "ERROR: %s must be an internal group-policy\n",
			   GP_DEFAULT_NAME);
		return CLI_ERR;
	}
	if (!vpn_name_ok(cli_get(a, "SG")))
		return cli_bad(a, "SG");
	const char *pw = cli_get(a, "PW");
	if (strlen(pw) > 128)
		return cli_bad(a, "PW");
	gp_create_external(name, cli_get(a, "SG"), pw);
	return CLI_OK;
}

static int cmd_no_policy(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	gp_delete(cli_get(a, "NAME"));
	return CLI_OK;
}

/* [no] group-policy NAME attributes */
static int cmd_attributes(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct group_policy *g = gp_find(name);
	if (!g)
		return no_policy(cli, name);
	if (vpn_is_no(a)) {
		for (int i = 0; i < GPA_COUNT; i++)
			gp_val_clear(&g->attr[i]);
		return CLI_OK;
	}
	if (g->external) {
		cli_printf(cli, "ERROR: Cannot configure attributes of an "
				"external group-policy\n");
		return CLI_ERR;
	}
	cli_enter(cli, gp_mode, g->name, 0);
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	if (name)
		gp_delete(name);
	else
		gp_clear_all();
	return CLI_OK;
}

/* ---- config-group-policy -------------------------------------------- */

/* Parse the line into `nv` (validation only: nothing changes on error). */
static int parse_attr(struct cli_args *a, int id, struct gp_val *nv)
{
	memset(nv, 0, sizeof(*nv));
	if (cli_has(a, "none")) {
		nv->st = GP_NONE;
		return CLI_OK;
	}
	nv->st = GP_VALUE;
	switch (attrs[id].kind) {
	case K_LINES:
		strv_add(&nv->words, cli_get(a, "LINE"));
		break;
	case K_IPS:
		for (int i = 0, n = vpn_count(a, "IP"); i < n; i++)
			if (!conf_parse_host(cli_get_nth(a, "IP", i),
					     &nv->ip[nv->nip++]))
				return cli_bad_at(a, vpn_nth_idx(a, "IP", i));
		break;
	case K_NUM:
	case K_NUM_NONE:
		nv->num = strtoul(cli_get(a, "N"), NULL, 10);
		break;
	case K_WORD:
		if (!vpn_name_ok(cli_get(a, "W")))
			return cli_bad(a, "W");
		strv_add(&nv->words, cli_get(a, "W"));
		break;
	case K_WORDS:
		for (int i = 0, n = vpn_count(a, "W"); i < n; i++) {
			const char *w = cli_get_nth(a, "W", i);
			/* at most 6 address pools; split-dns is bounded by
			 * its total length (255) */
			if ((id == GPA_ADDRESS_POOLS && i == GP_MAX_POOLS) ||
			    (id == GPA_SPLIT_DNS && i == 32) || !vpn_name_ok(w))
				return cli_bad_at(a, vpn_nth_idx(a, "W", i));
			strv_add(&nv->words, w);
		}
		break;
	case K_PROTO:
		for (int i = 0, n = vpn_count(a, "P"); i < n; i++)
			for (int k = 0; proto_kws[k]; k++)
				if (!strcmp(cli_get_nth(a, "P", i),
					    proto_kws[k]))
					nv->num |= 1ul << k;
		break;
	case K_ENDIS:
		nv->num = cli_has(a, "enable");
		break;
	case K_SPLIT:
		nv->num = (unsigned long)vpn_kw_idx(a, split_kws);
		break;
	}
	return CLI_OK;
}

static int cmd_attr(struct cli *cli, struct cli_args *a)
{
	struct group_policy *g = ctx_policy(cli, 0);
	if (!g)
		return CLI_ERR;
	int id = attr_of(a);
	if (id < 0)
		return CLI_ERR_INCOMPLETE;
	struct gp_val *cur = &g->attr[id];
	if (vpn_is_no(a)) {
		gp_val_clear(cur);
		return CLI_OK;
	}
	struct gp_val nv;
	int rc = parse_attr(a, id, &nv);
	if (rc != CLI_OK) {
		gp_val_clear(&nv);
		return rc;
	}
	if (attrs[id].kind == K_LINES && nv.st == GP_VALUE &&
	    cur->st == GP_VALUE) {
		/* each "banner value" line adds a line to the banner */
		strv_add(&cur->words, nv.words.v[0]);
		gp_val_clear(&nv);
		return CLI_OK;
	}
	gp_val_clear(cur);
	*cur = nv;
	return CLI_OK;
}

static int cmd_webvpn(struct cli *cli, struct cli_args *a)
{
	struct group_policy *g = ctx_policy(cli, 0);
	if (!g)
		return CLI_ERR;
	if (vpn_is_no(a)) { /* drop every webvpn attribute */
		gp_val_clear(&g->wv_url_list);
		gp_val_clear(&g->wv_filter);
		gp_val_clear(&g->wv_homepage);
		g->wv_functions = 0;
		g->wv_functions_set = false;
		strv_free(&g->wv_lines);
		return CLI_OK;
	}
	cli_enter(cli, wv_mode, g->name, 0);
	return CLI_OK;
}

/* ---- config-group-webvpn -------------------------------------------- */

static int cmd_wv_functions(struct cli *cli, struct cli_args *a)
{
	struct group_policy *g = ctx_policy(cli, 0);
	if (!g)
		return CLI_ERR;
	unsigned long bits = 0;
	for (int k = 0; gp_wv_functions[k]; k++)
		if (cli_has(a, gp_wv_functions[k]))
			bits |= 1ul << k;
	if (vpn_is_no(a)) {
		g->wv_functions_set = false;
		g->wv_functions = 0;
		return CLI_OK;
	}
	if (!bits && !cli_has(a, "none"))
		return CLI_ERR_INCOMPLETE;
	g->wv_functions_set = true;
	g->wv_functions = bits; /* 0 = "functions none" */
	return CLI_OK;
}

static int cmd_wv_value(struct cli *cli, struct cli_args *a)
{
	struct group_policy *g = ctx_policy(cli, 0);
	if (!g)
		return CLI_ERR;
	struct gp_val *v = cli_has(a, "url-list") ? &g->wv_url_list
			   : cli_has(a, "filter") ? &g->wv_filter
						  : &g->wv_homepage;
	const char *w = cli_get(a, "W");
	if (w && (strlen(w) > 255 || !*w))
		return cli_bad(a, "W");
	gp_val_clear(v);
	if (vpn_is_no(a))
		return CLI_OK;
	v->st = cli_has(a, "none") ? GP_NONE : GP_VALUE;
	if (v->st == GP_VALUE)
		strv_add(&v->words, w);
	return CLI_OK;
}

/* The other 7.2 webvpn lines (svc, customization, port-forward...) are
 * recorded in canonical form, one per key: the keyword, or for "svc" its
 * first two words ("svc rekey time" / "svc dpd-interval client": three);
 * auto-signon lines may repeat. */
static void wv_key(const char *line, char *out, size_t sz)
{
	int words = 1;
	if (!strncmp(line, "svc ", 4))
		words = !strncmp(line, "svc rekey ", 10) || !strncmp(line, "svc dpd-interval ", 17)
				? 3 : 2;
	if (!strncmp(line, "auto-signon ", 12))
		words = 1000;
	const char *p = line;
	for (int w = 0; *p && w < words; w++) {
		p += strcspn(p, " ");
		if (w + 1 < words)
			p += strspn(p, " ");
	}
	snprintf(out, sz, "%.*s", (int)(p - line), line);
}

static int cmd_wv_record(struct cli *cli, struct cli_args *a)
{
	struct group_policy *g = ctx_policy(cli, 0);
	if (!g)
		return CLI_ERR;
	bool no = vpn_is_no(a);
	struct strbuf sb = STRBUF_INIT;
	for (int i = no ? 1 : 0; i < a->n; i++) {
		if (sb.len)
			sb_puts(&sb, " ");
		sb_puts(&sb, a->v[i].val);
	}
	if (sb.len > 512) {
		sb_free(&sb);
		return cli_bad_at(a, a->n - 1);
	}
	char k[600], k2[600];
	wv_key(sb.buf, k, sizeof k);
	struct strv *v = &g->wv_lines;
	size_t i;
	for (i = 0; i < v->n; i++) {
		wv_key(v->v[i], k2, sizeof k2);
		if (!strcmp(k, k2))
			break;
	}
	if (no) {
		if (i < v->n)
			strv_del_at(v, i);
	} else if (i < v->n) {
		free(v->v[i]);
		v->v[i] = sb_take(&sb);
	} else {
		strv_add(v, sb.buf);
	}
	sb_free(&sb);
	return CLI_OK;
}

/* anyconnect ...: the ASA 8.4 name of the 7.2 "svc" commands */
static int cmd_wv_anyconnect(struct cli *cli, struct cli_args *a)
{
	const char *rest = cli_get(a, "REST");
	struct strbuf sb = STRBUF_INIT;
	if (vpn_is_no(a))
		sb_puts(&sb, "no ");
	sb_puts(&sb, "svc");
	/* "anyconnect ssl rekey ..." -> "svc rekey ...";
	 * "... default anyconnect" -> "... default svc" */
	char *copy = xstrdup(rest ? rest : "");
	bool first = true;
	for (char *save, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (first && !strcmp(w, "ssl")) {
			first = false;
			continue;
		}
		first = false;
		sb_printf(&sb, " %s", !strcmp(w, "anyconnect") ? "svc" : w);
	}
	free(copy);
	cli_printf(cli, "ERROR: 'anyconnect' is ASA 8.4 syntax; in PIX 7.2 use '%s'\n",
		   sb.buf);
	sb_free(&sb);
	return CLI_ERR;
}

/* vpn-tunnel-protocol with ASA 8.4 names (ikev1, ssl-client...) */
static int cmd_proto84(struct cli *cli, struct cli_args *a)
{
	static const char *const map[][2] = {
		{"ikev1", "IPSec"}, {"ikev2", NULL}, {"ssl-client", "svc"},
		{"ssl-clientless", "webvpn"}, {"l2tp-ipsec", "l2tp-ipsec"},
	};
	struct strbuf sb = STRBUF_INIT;
	const char *bad = NULL;
	for (int i = 0, n = vpn_count(a, "W"); i < n; i++) {
		const char *w = cli_get_nth(a, "W", i), *to = NULL;
		bool known = false;
		for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
			if (!strcasecmp(w, map[k][0])) {
				known = true;
				to = map[k][1];
			}
		}
		if (!known) {
			char c[32];
			if (!proto_match(w, c, sizeof c)) {
				sb_free(&sb);
				return cli_bad_at(a, vpn_nth_idx(a, "W", i));
			}
			to = NULL;
			sb_printf(&sb, " %s", c);
			continue;
		}
		if (!bad && strcasecmp(w, "l2tp-ipsec"))
			bad = w;
		if (to)
			sb_printf(&sb, " %s", to);
	}
	if (!sb.len)
		cli_printf(cli, "ERROR: vpn-tunnel-protocol %s is ASA 8.4 syntax; PIX 7.2 "
				"has no IKEv2 (IPSec is IKEv1)\n",
			   bad ? bad : "");
	else
		cli_printf(cli, "ERROR: vpn-tunnel-protocol %s is ASA 8.4 syntax; in PIX 7.2 "
				"use 'vpn-tunnel-protocol%s'\n",
			   bad ? bad : "", sb.buf);
	sb_free(&sb);
	return CLI_ERR;
}

/* ---- show running-config -------------------------------------------- */

static void write_val(struct cfgout *o, const char *pre, const char *kw,
		      enum gp_kind kind, const struct gp_val *v)
{
	if (v->st == GP_UNSET)
		return;
	if (v->st == GP_NONE) {
		cfg_printf(o, "%s%s none\n", pre, kw);
		return;
	}
	char buf[64];
	switch (kind) {
	case K_LINES:
		for (size_t i = 0; i < v->words.n; i++)
			cfg_printf(o, "%s%s value %s\n", pre, kw, v->words.v[i]);
		break;
	case K_IPS:
		cfg_printf(o, "%s%s value", pre, kw);
		for (size_t i = 0; i < v->nip; i++)
			cfg_printf(o, " %s", conf_fmt_host(v->ip[i], buf));
		cfg_puts(o, "\n");
		break;
	case K_NUM:
	case K_NUM_NONE:
		cfg_printf(o, "%s%s %lu\n", pre, kw, v->num);
		break;
	case K_WORD:
	case K_WORDS:
		cfg_printf(o, "%s%s value", pre, kw);
		for (size_t i = 0; i < v->words.n; i++)
			cfg_printf(o, " %s", v->words.v[i]);
		cfg_puts(o, "\n");
		break;
	case K_PROTO:
		cfg_printf(o, "%s%s", pre, kw);
		for (int k = 0; proto_kws[k]; k++)
			if (v->num & (1ul << k))
				cfg_printf(o, " %s", proto_kws[k]);
		cfg_puts(o, "\n");
		break;
	case K_ENDIS:
		cfg_printf(o, "%s%s %s\n", pre, kw,
			   v->num ? "enable" : "disable");
		break;
	case K_SPLIT:
		cfg_printf(o, "%s%s %s\n", pre, kw, split_kws[v->num]);
		break;
	}
}

static void write_webvpn(struct cfgout *o, const struct group_policy *g)
{
	if (!g->wv_functions_set && !g->wv_url_list.st && !g->wv_filter.st &&
	    !g->wv_homepage.st && !g->wv_lines.n)
		return;
	cfg_puts(o, " webvpn\n");
	if (g->wv_functions_set) {
		cfg_puts(o, "  functions");
		if (!g->wv_functions)
			cfg_puts(o, " none");
		for (int k = 0; gp_wv_functions[k]; k++)
			if (g->wv_functions & (1ul << k))
				cfg_printf(o, " %s", gp_wv_functions[k]);
		cfg_puts(o, "\n");
	}
	write_val(o, "  ", "url-list", K_WORD, &g->wv_url_list);
	write_val(o, "  ", "filter", K_WORD, &g->wv_filter);
	write_val(o, "  ", "homepage", K_WORD, &g->wv_homepage);
	for (size_t i = 0; i < g->wv_lines.n; i++)
		cfg_printf(o, "  %s\n", g->wv_lines.v[i]);
}

static void write_policies(struct cfgout *o, unsigned flags)
{
	size_t it = 0;
	for (struct group_policy *g; (g = gp_next(&it));) {
		if (g->external)
			cfg_printf(o, "group-policy %s external server-group %s "
				      "password %s\n",
				   g->name, g->server_group,
				   flags & CONF_W_SECRETS ? g->password : "*");
		else if (!g->builtin)
			cfg_printf(o, "group-policy %s internal\n", g->name);
		if (!gp_has_attrs(g))
			continue;
		cfg_printf(o, "group-policy %s attributes\n", g->name);
		for (int i = 0; i < GPA_COUNT; i++)
			write_val(o, " ", attrs[i].kw, attrs[i].kind,
				  &g->attr[i]);
		write_webvpn(o, g);
	}
}

/* ---- the vpn-tunnel-protocol keyword type --------------------------- */

/* "IPSec" is mixed case, which the declaration language would read as a
 * variable; a type matching the protocol names (any case, by unique
 * prefix) gives the canonical spelling instead. */
static bool proto_match(const char *in, char *out, size_t outsz)
{
	const char *hit = NULL;
	size_t n = strlen(in);
	if (!n)
		return false;
	for (int k = 0; proto_kws[k]; k++) {
		if (strcasecmp(in, proto_kws[k]) == 0) {
			hit = proto_kws[k];
			break;
		}
		if (strncasecmp(in, proto_kws[k], n) == 0) {
			if (hit)
				return false; /* ambiguous */
			hit = proto_kws[k];
		}
	}
	if (!hit || strlen(hit) >= outsz)
		return false;
	strlcpy_(out, hit, outsz);
	return true;
}

static void proto_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	for (int k = 0; proto_kws[k]; k++)
		add(ctx, proto_kws[k]);
}

static const struct cli_type proto_type = {
	.name = "vpn-protocol",
	.help_name = "IPSec|l2tp-ipsec|svc|webvpn",
	.match = proto_match,
	.values = proto_values,
	.strength = 10,
};

static void gp_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	size_t it = 0;
	for (struct group_policy *g; (g = gp_next(&it));)
		add(ctx, g->name);
}

/* ---- declarations ---------------------------------------------------- */

static const struct cli_cmd global_cmds[] = {
	{"group-policy NAME:group-policy internal [from FROM:group-policy]",
	 NULL, cmd_internal, 0},
	{"group-policy NAME:group-policy external server-group SG password PW",
	 NULL, cmd_external, 0},
	{"no group-policy NAME:group-policy [internal [from FROM:group-policy]"
	 "|external server-group SG password PW]",
	 NULL, cmd_no_policy, 0},
	{"[no] group-policy NAME:group-policy attributes", NULL, cmd_attributes,
	 0},
	{"clear configure group-policy [NAME:group-policy]",
	 "Reset functions\nClear configuration\n"
	 "Clear all group-policy configuration\nName of group policy",
	 cmd_clear, 0},
};

static const struct cli_cmd gp_cmds[] = {
	{"banner (value LINE:line|none)", NULL, cmd_attr, 0},
	{"(wins-server|dns-server) (value IP:ip [IP:ip]|none)", NULL, cmd_attr,
	 0},
	{"vpn-simultaneous-logins N:<0-2147483647>", NULL, cmd_attr, 0},
	{"(vpn-idle-timeout|vpn-session-timeout) (N:<1-35791394>|none)", NULL,
	 cmd_attr, 0},
	{"(vpn-filter|group-lock|split-tunnel-network-list|default-domain"
	 "|vpn-access-hours) (value W|none)",
	 NULL, cmd_attr, 0},
	{"(address-pools|split-dns) (value W {W}|none)", NULL, cmd_attr, 0},
	{"dhcp-network-scope (value IP:ip|none)", NULL, cmd_attr, 0},
	{"user-authentication-idle-timeout (N:<1-35791394>|none)", NULL,
	 cmd_attr, 0},
	{"(secure-unit-authentication|user-authentication|ip-phone-bypass"
	 "|leap-bypass|nem) (enable|disable)",
	 NULL, cmd_attr, 0},
	{"vpn-tunnel-protocol P:vpn-protocol {P:vpn-protocol}", NULL, cmd_attr,
	 0},
	{"vpn-tunnel-protocol W {W}", NULL, cmd_proto84, CLI_HIDDEN},
	{"(password-storage|ip-comp|re-xauth|pfs|ipsec-udp) (enable|disable)",
	 NULL, cmd_attr, 0},
	{"ipsec-udp-port N:<4001-49151>", NULL, cmd_attr, 0},
	{"split-tunnel-policy (tunnelall|tunnelspecified|excludespecified)",
	 NULL, cmd_attr, 0},
	{"no (banner|wins-server|dns-server|vpn-simultaneous-logins"
	 "|vpn-idle-timeout|vpn-session-timeout|vpn-filter|vpn-tunnel-protocol"
	 "|password-storage|ip-comp|re-xauth|group-lock|pfs|ipsec-udp"
	 "|ipsec-udp-port|split-tunnel-policy|split-tunnel-network-list"
	 "|default-domain|address-pools|split-dns|vpn-access-hours"
	 "|dhcp-network-scope|user-authentication-idle-timeout"
	 "|secure-unit-authentication|user-authentication|ip-phone-bypass"
	 "|leap-bypass|nem) [LINE:line]",
	 NULL, cmd_attr, 0},
	{"[no] webvpn", NULL, cmd_webvpn, 0},
};

#define WV_FUNCS                                                               \
	"{url-entry|file-access|file-browsing|file-entry|filter|http-proxy"   \
	"|mapi|port-forward|citrix|auto-download}"

#define WV_REC(kw) {"[no] " kw " LINE:line", NULL, cmd_wv_record, 0}

static const struct cli_cmd wv_cmds[] = {
	WV_REC("svc"),
	WV_REC("customization"),
	WV_REC("deny-message"),
	WV_REC("hidden-shares"),
	WV_REC("html-content-filter"),
	WV_REC("http-comp"),
	WV_REC("keep-alive-ignore"),
	WV_REC("port-forward"),
	WV_REC("port-forward-name"),
	WV_REC("sso-server"),
	WV_REC("auto-signon"),
	{"[no] anyconnect [REST:line]", NULL, cmd_wv_anyconnect, CLI_HIDDEN},
	{"functions (none|" WV_FUNCS ")", NULL, cmd_wv_functions, 0},
	{"no functions [LINE:line]", NULL, cmd_wv_functions, 0},
	{"(url-list|filter|homepage) (value W|none)", NULL, cmd_wv_value, 0},
	{"no (url-list|filter|homepage) [LINE:line]", NULL, cmd_wv_value, 0},
};

static void gp_reset(void)
{
	gp_clear_all();
}

static void group_policy_init(void)
{
	static const char *const kw[][2] = {
		{"group-policy", "Configure or remove a group policy"},
		{"internal", "Enter this keyword to specify an internal group "
			     "policy"},
		{"external", "Enter this keyword to specify an external group "
			     "policy"},
		{"attributes", "Enter the attributes sub-command mode"},
		{"wins-server", "Set the WINS server"},
		{"dns-server", "Set the DNS server"},
		{"vpn-tunnel-protocol", "Set allowed VPN tunnel protocols"},
		{"default-domain", "Set the default domain name"},
		{"split-tunnel-policy", "Set the split tunneling policy"},
		{"split-tunnel-network-list", "Set the list of networks for "
					      "split tunneling"},
		{"address-pools", "Set the address pools"},
		{"vpn-filter", "Set the VPN filter ACL"},
		{"vpn-idle-timeout", "Set the idle timeout in minutes"},
		{"vpn-session-timeout", "Set the session timeout in minutes"},
		{"vpn-simultaneous-logins", "Set the number of simultaneous "
					    "logins"},
		{"password-storage", "Allow users to store their login "
				     "passwords on the client"},
		{"ip-comp", "Enable or disable LZS IP compression"},
		{"re-xauth", "Require XAUTH authentication on IKE rekey"},
		{"group-lock", "Restrict users to this tunnel-group"},
		{"ipsec-udp", "Enable IPSec over UDP"},
		{"ipsec-udp-port", "Set the IPSec over UDP port"},
		{"tunnelall", "Tunnel everything"},
		{"tunnelspecified", "Tunnel networks in the network list"},
		{"excludespecified", "Exclude networks in the network list"},
	};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		cli_kw_help(kw[i][0], kw[i][1]);
	cli_type_register(&proto_type);
	vpn_name_type("group-policy", "WORD", gp_values);
	gp_mode = cli_mode_new("config-group-policy", cli_mode_config());
	wv_mode = cli_mode_new("config-group-webvpn", gp_mode);
	cli_install_all(cli_mode_config(), global_cmds);
	cli_install_all(gp_mode, gp_cmds);
	cli_install_all(wv_mode, wv_cmds);
	conf_register_writer(ORD_GROUP_POLICY, write_policies);
	conf_register_reset(gp_reset);
}
MODULE_INIT(group_policy_init)
