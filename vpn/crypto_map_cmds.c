/*
 * crypto_map_cmds.c — "crypto map" and "crypto dynamic-map" entries.
 * Both are one-line global commands on the ASA (no sub-mode); a map entry
 * is created by its first attribute and goes away with its last one.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "vpn/crypto_conf.h"
#include "vpn/vpn_cli.h"

static struct cmap_table *table_of(const struct cli_args *a)
{
	return cli_has(a, "dynamic-map") ? &crypto_conf()->dynmaps
					 : &crypto_conf()->maps;
}

static int pfs_group(const struct cli_args *a)
{
	static const char *const kws[] = {"group1", "group2", "group5",
					  "group7", "group14", NULL};
	static const int groups[] = {1, 2, 5, 7, 14};
	int i = vpn_kw_idx(a, kws);
	return i < 0 ? 0 : groups[i];
}

/* Validated values of one "set"/"match" line, applied after all checks. */
struct entry_change {
	uint32_t peers[CMAP_MAX_PEERS];
	size_t npeers;
	unsigned long sec, kb;
};

static int check_change(struct cli_args *a, struct entry_change *c)
{
	memset(c, 0, sizeof(*c));
	if (cli_has(a, "peer")) {
		int n = vpn_count(a, "PEER");
		for (int i = 0; i < n; i++) {
			if (i == CMAP_MAX_PEERS) /* caret under the 11th */
				return cli_bad_at(a, vpn_nth_idx(a, "PEER", i));
			if (!conf_parse_host(cli_get_nth(a, "PEER", i),
					     &c->peers[i]))
				return cli_bad(a, "PEER");
		}
		c->npeers = (size_t)n;
	}
	if (cli_has(a, "transform-set")) {
		int n = vpn_count(a, "TS");
		for (int i = 0; i < n; i++)
			if (!vpn_name_ok(cli_get_nth(a, "TS", i)))
				return cli_bad(a, "TS");
		if (n > (int)CMAP_MAX_TSETS)
			return cli_bad_at(a, vpn_nth_idx(a, "TS",
							 CMAP_MAX_TSETS));
	}
	/* the no-forms may leave the values out */
	if (cli_get(a, "SEC") &&
	    !vpn_parse_u32(cli_get(a, "SEC"), IPSEC_SA_SEC_MIN, IPSEC_SA_MAX,
			   &c->sec))
		return cli_bad(a, "SEC");
	if (cli_get(a, "KB") &&
	    !vpn_parse_u32(cli_get(a, "KB"), IPSEC_SA_KB_MIN, IPSEC_SA_MAX,
			   &c->kb))
		return cli_bad(a, "KB");
	if (cli_has(a, "lifetime") && !c->sec && !c->kb && !vpn_is_no(a))
		return CLI_ERR_INCOMPLETE;
	if (cli_has(a, "ACL") && !vpn_name_ok(cli_get(a, "ACL")))
		return cli_bad(a, "ACL");
	if (cli_has(a, "TP") && !vpn_name_ok(cli_get(a, "TP")))
		return cli_bad(a, "TP");
	if (!vpn_name_ok(cli_get(a, "NAME")))
		return cli_bad(a, "NAME");
	return CLI_OK;
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

static void apply_set(struct cmap_entry *e, const struct cli_args *a,
		      const struct entry_change *c)
{
	if (cli_has(a, "match")) {
		set_str(&e->acl, cli_get(a, "ACL"));
	} else if (cli_has(a, "pfs")) {
		e->pfs = true;
		e->pfs_group = pfs_group(a);
	} else if (cli_has(a, "peer")) {
		memcpy(e->peers, c->peers, sizeof(e->peers));
		e->npeers = c->npeers;
	} else if (cli_has(a, "transform-set")) {
		strv_free(&e->tsets);
		for (int i = 0, n = vpn_count(a, "TS"); i < n; i++)
			strv_add(&e->tsets, cli_get_nth(a, "TS", i));
	} else if (cli_has(a, "lifetime")) {
		if (c->sec)
			e->sa_sec = c->sec;
		if (c->kb)
			e->sa_kb = c->kb;
	} else if (cli_has(a, "reverse-route")) {
		e->reverse_route = true;
	} else if (cli_has(a, "nat-t-disable")) {
		e->nat_t_disable = true;
	} else if (cli_has(a, "connection-type")) {
		e->conn = cli_has(a, "answer-only")	? CONN_ANSWER_ONLY
			  : cli_has(a, "originate-only") ? CONN_ORIGINATE_ONLY
							  : CONN_BIDIR;
	} else if (cli_has(a, "phase1-mode")) {
		e->p1 = cli_has(a, "aggressive") ? P1_AGGRESSIVE : P1_MAIN;
		e->p1_group = e->p1 == P1_AGGRESSIVE ? pfs_group(a) : 0;
	} else if (cli_has(a, "trustpoint")) {
		set_str(&e->trustpoint, cli_get(a, "TP"));
		e->tp_chain = cli_has(a, "chain");
	}
}

static void apply_unset(struct cmap_entry *e, const struct cli_args *a,
			const struct entry_change *c)
{
	if (cli_has(a, "match")) {
		set_str(&e->acl, NULL);
	} else if (cli_has(a, "pfs")) {
		e->pfs = false;
		e->pfs_group = 0;
	} else if (cli_has(a, "peer")) {
		if (!c->npeers) {
			e->npeers = 0;
			return;
		}
		/* remove just the peers named */
		size_t j = 0;
		for (size_t i = 0; i < e->npeers; i++) {
			bool drop = false;
			for (size_t k = 0; k < c->npeers; k++)
				drop |= e->peers[i] == c->peers[k];
			if (!drop)
				e->peers[j++] = e->peers[i];
		}
		e->npeers = j;
	} else if (cli_has(a, "transform-set")) {
		int n = vpn_count(a, "TS");
		if (!n)
			strv_free(&e->tsets);
		for (int i = 0; i < n; i++)
			strv_del(&e->tsets, cli_get_nth(a, "TS", i));
	} else if (cli_has(a, "lifetime")) {
		bool s = cli_has(a, "seconds"), k = cli_has(a, "kilobytes");
		if (s || !k)
			e->sa_sec = 0;
		if (k || !s)
			e->sa_kb = 0;
	} else if (cli_has(a, "reverse-route")) {
		e->reverse_route = false;
	} else if (cli_has(a, "nat-t-disable")) {
		e->nat_t_disable = false;
	} else if (cli_has(a, "connection-type")) {
		e->conn = CONN_BIDIR;
	} else if (cli_has(a, "phase1-mode")) {
		e->p1 = P1_MAIN;
		e->p1_group = 0;
	} else if (cli_has(a, "trustpoint")) {
		set_str(&e->trustpoint, NULL);
		e->tp_chain = false;
	}
}

/* [no] crypto (map|dynamic-map) NAME SEQ (match ...|set ...) */
static int cmd_entry_attr(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct entry_change c;
	int rc = check_change(a, &c);
	if (rc != CLI_OK)
		return rc;
	struct cmap_table *t = table_of(a);
	unsigned long seq = strtoul(cli_get(a, "SEQ"), NULL, 10);
	if (vpn_is_no(a)) {
		struct cmap *m = cmap_find(t, cli_get(a, "NAME"));
		struct cmap_entry *e = m ? cmap_entry_find(m, seq) : NULL;
		if (!e)
			return CLI_OK;
		apply_unset(e, a, &c);
		if (cmap_entry_empty(e))
			cmap_entry_del(t, m, seq);
		return CLI_OK;
	}
	struct cmap *m = cmap_get(t, cli_get(a, "NAME"));
	apply_set(cmap_entry_get(m, seq), a, &c);
	return CLI_OK;
}

/* crypto map NAME SEQ ipsec-isakmp [dynamic DYN] */
static int cmd_map_isakmp(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *dyn = cli_get(a, "DYN");
	if (!vpn_name_ok(cli_get(a, "NAME")))
		return cli_bad(a, "NAME");
	if (dyn && !vpn_name_ok(dyn))
		return cli_bad(a, "DYN");
	struct cmap_table *t = &crypto_conf()->maps;
	unsigned long seq = strtoul(cli_get(a, "SEQ"), NULL, 10);
	if (vpn_is_no(a)) {
		struct cmap *m = cmap_find(t, cli_get(a, "NAME"));
		if (m)
			cmap_entry_del(t, m, seq);
		return CLI_OK;
	}
	struct cmap_entry *e = cmap_entry_get(cmap_get(t, cli_get(a, "NAME")),
					      seq);
	if (dyn)
		set_str(&e->dynamic, dyn);
	return CLI_OK;
}

/* no crypto (map|dynamic-map) NAME [SEQ] */
static int cmd_no_map(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct cmap_table *t = table_of(a);
	const char *seq = cli_get(a, "SEQ");
	struct cmap *m = cmap_find(t, cli_get(a, "NAME"));
	if (!m)
		return CLI_OK;
	if (seq)
		cmap_entry_del(t, m, strtoul(seq, NULL, 10));
	else
		cmap_del(t, m->name);
	return CLI_OK;
}

/* [no] crypto map NAME interface IF */
static int cmd_map_if(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifn = cli_get(a, "IF");
	struct cmap_table *t = &crypto_conf()->maps;
	if (!vpn_name_ok(cli_get(a, "NAME")))
		return cli_bad(a, "NAME");
	if (vpn_is_no(a)) {
		struct cmap *m = cmap_find(t, cli_get(a, "NAME"));
		if (m && strv_del(&m->ifaces, ifn))
			cmap_gc(t, m);
		return CLI_OK;
	}
	/* an interface carries one crypto map: the new one replaces it */
	struct cmap *old = crypto_map_for_if(ifn);
	struct cmap *m = cmap_get(t, cli_get(a, "NAME"));
	if (old == m)
		return CLI_OK;
	if (old) {
		strv_del(&old->ifaces, ifn);
		cmap_gc(t, old);
	}
	strv_add(&m->ifaces, ifn);
	return CLI_OK;
}

#define MAPS "(map|dynamic-map) NAME:crypto-map SEQ:<1-65535>"
#define GROUPS "[group1|group2|group5|group7|group14]"
#define LIFE "{seconds SEC:<120-2147483647>|kilobytes KB:<10-2147483647>}"
#define NO_LIFE                                                                \
	"{seconds [SEC:<120-2147483647>]|kilobytes [KB:<10-2147483647>]}"

static const struct cli_cmd map_cmds[] = {
	{"crypto " MAPS " match address ACL", NULL, cmd_entry_attr, 0},
	{"no crypto " MAPS " match address [ACL]", NULL, cmd_entry_attr, 0},
	{"[no] crypto " MAPS " set pfs " GROUPS, NULL, cmd_entry_attr, 0},
	{"crypto " MAPS " set peer PEER:ip {PEER:ip}", NULL, cmd_entry_attr, 0},
	{"no crypto " MAPS " set peer {PEER:ip}", NULL, cmd_entry_attr, 0},
	{"crypto " MAPS " set transform-set TS:transform-set {TS:transform-set}",
	 NULL, cmd_entry_attr, 0},
	{"no crypto " MAPS " set transform-set {TS:transform-set}", NULL,
	 cmd_entry_attr, 0},
	{"crypto " MAPS " set security-association lifetime " LIFE, NULL,
	 cmd_entry_attr, 0},
	{"no crypto " MAPS " set security-association lifetime " NO_LIFE, NULL,
	 cmd_entry_attr, 0},
	{"[no] crypto " MAPS " set reverse-route", NULL, cmd_entry_attr, 0},
	{"[no] crypto " MAPS " set nat-t-disable", NULL, cmd_entry_attr, 0},
	{"crypto " MAPS " set connection-type "
	 "(answer-only|originate-only|bidirectional)",
	 NULL, cmd_entry_attr, 0},
	{"no crypto " MAPS " set connection-type "
	 "[answer-only|originate-only|bidirectional]",
	 NULL, cmd_entry_attr, 0},
	{"crypto " MAPS " set phase1-mode (main|aggressive " GROUPS ")", NULL,
	 cmd_entry_attr, 0},
	{"no crypto " MAPS " set phase1-mode [main|aggressive " GROUPS "]",
	 NULL, cmd_entry_attr, 0},
	{"crypto " MAPS " set trustpoint TP [chain]", NULL, cmd_entry_attr, 0},
	{"no crypto " MAPS " set trustpoint [TP [chain]]", NULL, cmd_entry_attr,
	 0},
	{"[no] crypto map NAME:crypto-map SEQ:<1-65535> ipsec-isakmp "
	 "[dynamic DYN:dynamic-map]",
	 NULL, cmd_map_isakmp, 0},
	{"no crypto (map|dynamic-map) NAME:crypto-map [SEQ:<1-65535>]", NULL,
	 cmd_no_map, 0},
	{"[no] crypto map NAME:crypto-map interface IF:nameif", NULL,
	 cmd_map_if, 0},
};

static void names_of(struct cmap_table *t,
		     void (*add)(void *ctx, const char *val), void *ctx)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&t->maps, &i, &k, &v);)
		add(ctx, k);
}

static void map_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	names_of(&crypto_conf()->maps, add, ctx);
}

static void dynmap_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	names_of(&crypto_conf()->dynmaps, add, ctx);
}

static void crypto_map_init(void)
{
	vpn_name_type("crypto-map", "WORD", map_values);
	vpn_name_type("dynamic-map", "WORD", dynmap_values);
	static const char *const kw[][2] = {
		{"map", "Configure a crypto map"},
		{"dynamic-map", "Configure a dynamic crypto map"},
		{"pfs", "Specify pfs settings"},
		{"group1", "D-H Group1"},
		{"group2", "D-H Group2"},
		{"group5", "D-H Group5"},
		{"group7", "D-H Group7"},
		{"group14", "D-H Group14"},
		{"reverse-route", "Enable Reverse Route Injection"},
		{"nat-t-disable", "Disable NAT-T negotiation for this map entry"},
		{"connection-type", "Specify connection type"},
		{"answer-only", "Respond only to peers"},
		{"originate-only", "Initiate only to peers"},
		{"bidirectional", "Initiate or respond to peers"},
		{"phase1-mode", "Set the IKE phase 1 mode"},
		{"aggressive", "Aggressive mode"},
		{"ipsec-isakmp", "IPSec w/ISAKMP"},
	};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		cli_kw_help(kw[i][0], kw[i][1]);
	cli_install_all(cli_mode_config(), map_cmds);
}
MODULE_INIT(crypto_map_init)
