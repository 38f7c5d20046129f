/*
 * crypto_map_show.c — "show crypto map [interface IF | tag NAME]": the
 * configured crypto maps as the ASA lists them, one block per map (its
 * interfaces) and one per entry (peers, the match address ACL with its
 * hit counts, lifetimes, PFS, transform sets; a dynamic entry names its
 * template).  Layout reconstructed from ASA 7.x/8.x outputs [R].
 */
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "dataplane/acl.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "vpn/crypto_conf.h"

static void show_acl(struct cli *cli, const char *name)
{
	struct acl *l = acl_find(name);
	if (!l) {
		cli_printf(cli, "        access-list %s (does not exist)\n", name);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct ace *e = l->v[i];
		if (e->kind == ACE_REMARK)
			continue;
		struct strbuf sb = STRBUF_INIT;
		acl_fmt_ace(&sb, e);
		cli_printf(cli, "        access-list %s %s (hitcnt=%llu)\n", name, sb.buf ? sb.buf : "",
			   (unsigned long long)e->hits);
		sb_free(&sb);
	}
}

static void show_entry(struct cli *cli, const struct cmap *m, const struct cmap_entry *e)
{
	const struct ipsec_globals *g = &crypto_conf()->ipsec;
	char a[16];
	cli_printf(cli, "Crypto Map \"%s\" %lu ipsec-isakmp\n", m->name, e->seq);
	if (e->dynamic) {
		cli_printf(cli, "        Dynamic map template tag: %s\n", e->dynamic);
		return;
	}
	for (size_t i = 0; i < e->npeers; i++)
		cli_printf(cli, "        Peer = %s\n", ip4_fmt(e->peers[i], a));
	if (e->acl)
		show_acl(cli, e->acl);
	else
		cli_printf(cli, "        No matching address list set.\n");
	if (e->npeers)
		cli_printf(cli, "        Current peer: %s\n", ip4_fmt(e->peers[0], a));
	unsigned long kb = e->sa_kb ? e->sa_kb : g->sa_kb_set ? g->sa_kb : IPSEC_SA_KB_DEFAULT;
	unsigned long sec = e->sa_sec ? e->sa_sec : g->sa_sec_set ? g->sa_sec : IPSEC_SA_SEC_DEFAULT;
	cli_printf(cli, "        Security association lifetime: %lu kilobytes/%lu seconds\n", kb, sec);
	cli_printf(cli, "        PFS (Y/N): %s\n", e->pfs ? "Y" : "N");
	if (e->pfs)
		cli_printf(cli, "        DH group: group%d\n", e->pfs_group ? e->pfs_group : 2);
	cli_puts(cli, "        Transform sets={ ");
	for (size_t i = 0; i < e->tsets.n; i++)
		cli_printf(cli, "%s, ", e->tsets.v[i]);
	cli_puts(cli, "}\n");
	if (e->reverse_route)
		cli_puts(cli, "        Reverse Route Injection Enabled\n");
}

static void show_map(struct cli *cli, const struct cmap *m)
{
	cli_printf(cli, "Crypto Map: \"%s\" interfaces: {", m->name);
	for (size_t i = 0; i < m->ifaces.n; i++)
		cli_printf(cli, " %s", m->ifaces.v[i]);
	cli_puts(cli, " }\n\n");
	for (size_t i = 0; i < m->n; i++)
		show_entry(cli, m, m->ents[i]);
	cli_puts(cli, "\n");
}

static int cmd_show_crypto_map(struct cli *cli, struct cli_args *a)
{
	const char *ifname = cli_get(a, "IF");
	const char *tag = cli_get(a, "TAG");
	struct hmap *maps = &crypto_conf()->maps.maps;
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(maps, &i, &k, &v);) {
		const struct cmap *m = v;
		if (tag && strcmp(m->name, tag) != 0)
			continue;
		if (ifname && !strv_has(&m->ifaces, ifname))
			continue;
		show_map(cli, m);
	}
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show crypto map [interface IF:nameif | tag TAG:crypto-map]",
	 "Show running system information\nConfigure IPSec, ISAKMP, Certification authority, key\n"
	 "Crypto maps\nShow crypto maps for an interface\nInterface name\n"
	 "Show crypto maps with the given tag\nCrypto map tag",
	 cmd_show_crypto_map, CLI_SHOW | CLI_PRIV},
};

static void crypto_map_show_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
}
MODULE_INIT(crypto_map_show_init);
