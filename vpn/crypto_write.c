/*
 * crypto_write.c — "show running-config" lines of the crypto features and
 * "clear configure crypto".  Order as PIX 7.2 prints it: transform-sets,
 * IPsec globals, dynamic maps, crypto maps, ISAKMP (see conf/order.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "vpn/ca.h"
#include "vpn/crypto_conf.h"
#include "vpn/vpn_cli.h"

static void write_ipsec(struct cfgout *o, unsigned flags)
{
	struct crypto_conf *c = crypto_conf();
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&c->tsets, &i, &k, &v);) {
		const struct transform_set *t = v;
		if (t->auth != ESP_AUTH_UNSET)
			cfg_printf(o, "crypto ipsec transform-set %s %s %s\n",
				   t->name, esp_enc_kw(t->enc),
				   esp_auth_kw(t->auth));
		else
			cfg_printf(o, "crypto ipsec transform-set %s %s\n",
				   t->name, esp_enc_kw(t->enc));
		if (t->transport)
			cfg_printf(o, "crypto ipsec transform-set %s mode "
				      "transport\n",
				   t->name);
	}
	const struct ipsec_globals *g = &c->ipsec;
	bool all = flags & CONF_W_ALL;
	if (g->sa_sec_set || all)
		cfg_printf(o, "crypto ipsec security-association lifetime "
			      "seconds %lu\n",
			   g->sa_sec_set ? g->sa_sec : IPSEC_SA_SEC_DEFAULT);
	if (g->sa_kb_set || all)
		cfg_printf(o, "crypto ipsec security-association lifetime "
			      "kilobytes %lu\n",
			   g->sa_kb_set ? g->sa_kb : IPSEC_SA_KB_DEFAULT);
	static const char *const df[] = {"copy-df", "clear-df", "set-df"};
	for (size_t i = 0; i < g->ndf; i++)
		cfg_printf(o, "crypto ipsec df-bit %s %s\n", df[g->df[i].mode],
			   g->df[i].ifname);
}

static void write_entry(struct cfgout *o, const char *kw, const char *map,
			const struct cmap_entry *e)
{
	char pre[160];
	snprintf(pre, sizeof(pre), "crypto %s %s %lu", kw, map, e->seq);
	if (e->dynamic)
		cfg_printf(o, "%s ipsec-isakmp dynamic %s\n", pre, e->dynamic);
	else if (cmap_entry_empty(e))
		cfg_printf(o, "%s ipsec-isakmp\n", pre);
	if (e->acl)
		cfg_printf(o, "%s match address %s\n", pre, e->acl);
	if (e->pfs) {
		if (e->pfs_group)
			cfg_printf(o, "%s set pfs group%d\n", pre, e->pfs_group);
		else
			cfg_printf(o, "%s set pfs\n", pre);
	}
	if (e->conn == CONN_ANSWER_ONLY)
		cfg_printf(o, "%s set connection-type answer-only\n", pre);
	else if (e->conn == CONN_ORIGINATE_ONLY)
		cfg_printf(o, "%s set connection-type originate-only\n", pre);
	if (e->npeers) {
		cfg_printf(o, "%s set peer", pre);
		for (size_t i = 0; i < e->npeers; i++) {
			char buf[64];
			cfg_printf(o, " %s", conf_fmt_host(e->peers[i], buf));
		}
		cfg_puts(o, "\n");
	}
	if (e->p1 == P1_AGGRESSIVE) {
		if (e->p1_group)
			cfg_printf(o, "%s set phase1-mode aggressive group%d\n",
				   pre, e->p1_group);
		else
			cfg_printf(o, "%s set phase1-mode aggressive\n", pre);
	}
	if (e->tsets.n) {
		cfg_printf(o, "%s set transform-set", pre);
		for (size_t i = 0; i < e->tsets.n; i++)
			cfg_printf(o, " %s", e->tsets.v[i]);
		cfg_puts(o, "\n");
	}
	if (e->sa_sec)
		cfg_printf(o, "%s set security-association lifetime seconds "
			      "%lu\n",
			   pre, e->sa_sec);
	if (e->sa_kb)
		cfg_printf(o, "%s set security-association lifetime kilobytes "
			      "%lu\n",
			   pre, e->sa_kb);
	if (e->trustpoint)
		cfg_printf(o, "%s set trustpoint %s%s\n", pre, e->trustpoint,
			   e->tp_chain ? " chain" : "");
	if (e->reverse_route)
		cfg_printf(o, "%s set reverse-route\n", pre);
	if (e->nat_t_disable)
		cfg_printf(o, "%s set nat-t-disable\n", pre);
}

static void write_maps(struct cfgout *o, struct cmap_table *t, const char *kw)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&t->maps, &i, &k, &v);) {
		const struct cmap *m = v;
		for (size_t j = 0; j < m->n; j++)
			write_entry(o, kw, m->name, m->ents[j]);
		for (size_t j = 0; j < m->ifaces.n; j++)
			cfg_printf(o, "crypto map %s interface %s\n", m->name,
				   m->ifaces.v[j]);
	}
}

static void write_dynmap(struct cfgout *o, unsigned flags)
{
	(void)flags;
	write_maps(o, &crypto_conf()->dynmaps, "dynamic-map");
}

static void write_map(struct cfgout *o, unsigned flags)
{
	(void)flags;
	write_maps(o, &crypto_conf()->maps, "map");
}

static void write_isakmp(struct cfgout *o, unsigned flags)
{
	(void)flags;
	const struct isakmp_conf *k = &crypto_conf()->isakmp;
	switch (k->identity) {
	case IKE_ID_AUTO:
		break;
	case IKE_ID_ADDRESS:
		cfg_puts(o, "crypto isakmp identity address\n");
		break;
	case IKE_ID_HOSTNAME:
		cfg_puts(o, "crypto isakmp identity hostname\n");
		break;
	case IKE_ID_KEY_ID:
		cfg_printf(o, "crypto isakmp identity key-id %s\n",
			   k->key_id ? k->key_id : "");
		break;
	}
	for (size_t i = 0; i < k->enabled.n; i++)
		cfg_printf(o, "crypto isakmp enable %s\n", k->enabled.v[i]);
	for (size_t i = 0; i < k->npol; i++) {
		const struct isakmp_policy *p = &k->pol[i];
		cfg_printf(o, "crypto isakmp policy %lu\n", p->prio);
		cfg_printf(o, " authentication %s\n", ike_auth_kw(p->auth));
		cfg_printf(o, " encryption %s\n", ike_enc_kw(p->enc));
		cfg_printf(o, " hash %s\n", ike_hash_kw(p->hash));
		cfg_printf(o, " group %d\n", p->group);
		cfg_printf(o, " lifetime %lu\n", p->lifetime);
	}
	/* 7.x prints two spaces before the keepalive (seed config) */
	if (k->natt)
		cfg_printf(o, "crypto isakmp nat-traversal  %lu\n",
			   k->natt_keepalive);
	if (k->am_disable)
		cfg_puts(o, "crypto isakmp am-disable\n");
	if (k->ipsec_over_tcp) {
		cfg_puts(o, "crypto isakmp ipsec-over-tcp port");
		if (!k->ntcp_ports)
			cfg_printf(o, " %lu", IPSEC_OVER_TCP_PORT_DEFAULT);
		for (size_t i = 0; i < k->ntcp_ports; i++)
			cfg_printf(o, " %lu", k->tcp_ports[i]);
		cfg_puts(o, "\n");
	}
	if (k->disconnect_notify)
		cfg_puts(o, "crypto isakmp disconnect-notify\n");
	if (k->reload_wait)
		cfg_puts(o, "crypto isakmp reload-wait\n");
}

static void crypto_reset(void)
{
	crypto_conf_clear(CRYPTO_ALL);
}

/* clear configure crypto [ipsec|dynamic-map|map|isakmp] */
static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	static const char *const kws[] = {"ipsec", "dynamic-map", "map",
					  "isakmp", NULL};
	int i = vpn_kw_idx(a, kws);
	crypto_conf_clear(i < 0 ? CRYPTO_ALL : 1u << i);
	if (i < 0)
		ca_clear();
	return CLI_OK;
}

static const struct cli_cmd clear_cmds[] = {
	{"clear configure crypto [ipsec|dynamic-map|map|isakmp]",
	 "Reset functions\nClear configuration\n"
	 "Clear all crypto configuration\nClear IPsec configuration\n"
	 "Clear dynamic crypto map configuration\n"
	 "Clear crypto map configuration\nClear ISAKMP configuration",
	 cmd_clear, 0},
};

static void crypto_write_init(void)
{
	conf_register_writer(ORD_CRYPTO_IPSEC, write_ipsec);
	conf_register_writer(ORD_CRYPTO_DYNMAP, write_dynmap);
	conf_register_writer(ORD_CRYPTO_MAP, write_map);
	conf_register_writer(ORD_CRYPTO_ISAKMP, write_isakmp);
	conf_register_reset(crypto_reset);
	cli_install_all(cli_mode_config(), clear_cmds);
}
MODULE_INIT(crypto_write_init)
