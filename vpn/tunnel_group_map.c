/* tunnel_group_map.c — the tunnel-group-map lines (see tunnel_group_map.h). */
#include "vpn/tunnel_group_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "vpn/strv.h"
#include "vpn/vpn_cli.h"

/* When no certificate map names it, the ASA's map is this one. */
#define TGMAP_DEFAULT_MAP "DefaultCertificateMap"
#define TGMAP_DEFAULT_GROUP "DefaultRAGroup"

struct tgmap_rule {
	char *map;
	unsigned long seq;
	char *group;
};

static struct strv enabled;     /* ou | ike-id | peer-ip | rules, entry order */
static struct tgmap_rule *rules; /* entry order */
static size_t nrules;
static char *default_group;     /* NULL: DefaultRAGroup */

static void tgmap_reset(void)
{
	strv_free(&enabled);
	for (size_t i = 0; i < nrules; i++) {
		free(rules[i].map);
		free(rules[i].group);
	}
	free(rules);
	rules = NULL;
	nrules = 0;
	free(default_group);
	default_group = NULL;
}

static int cmd_enable(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	static const char *const kws[] = {"ou", "ike-id", "peer-ip", "rules", NULL};
	const char *k = vpn_kw(a, kws);
	strv_del(&enabled, k);
	if (!vpn_is_no(a))
		strv_add(&enabled, k);
	return CLI_OK;
}

static int cmd_default(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *g = cli_get(a, "TG");
	if (g && !vpn_name_ok(g))
		return cli_bad(a, "TG");
	free(default_group);
	default_group = NULL;
	if (!vpn_is_no(a) && strcmp(g, TGMAP_DEFAULT_GROUP))
		default_group = xstrdup(g);
	return CLI_OK;
}

static int cmd_rule(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *map = cli_get(a, "MAP"), *g = cli_get(a, "TG");
	if (!map)
		map = TGMAP_DEFAULT_MAP;
	if (!vpn_name_ok(map))
		return cli_bad(a, "MAP");
	if (g && !vpn_name_ok(g))
		return cli_bad(a, "TG");
	unsigned long seq = strtoul(cli_get(a, "SEQ"), NULL, 10);
	size_t i;
	for (i = 0; i < nrules; i++)
		if (rules[i].seq == seq && !strcmp(rules[i].map, map))
			break;
	if (vpn_is_no(a)) {
		if (i < nrules) {
			free(rules[i].map);
			free(rules[i].group);
			memmove(&rules[i], &rules[i + 1], (nrules - i - 1) * sizeof *rules);
			nrules--;
		}
		return CLI_OK;
	}
	if (i == nrules) {
		rules = xrealloc(rules, (nrules + 1) * sizeof *rules);
		rules[nrules++] = (struct tgmap_rule){xstrdup(map), seq, xstrdup(g)};
	} else {
		free(rules[i].group);
		rules[i].group = xstrdup(g);
	}
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	tgmap_reset();
	return CLI_OK;
}

void tgmap_write(struct cfgout *o)
{
	for (size_t i = 0; i < enabled.n; i++)
		cfg_printf(o, "tunnel-group-map enable %s\n", enabled.v[i]);
	for (size_t i = 0; i < nrules; i++) {
		if (!strcmp(rules[i].map, TGMAP_DEFAULT_MAP))
			cfg_printf(o, "tunnel-group-map %lu %s\n", rules[i].seq, rules[i].group);
		else
			cfg_printf(o, "tunnel-group-map %s %lu %s\n", rules[i].map, rules[i].seq,
				   rules[i].group);
	}
	if (default_group)
		cfg_printf(o, "tunnel-group-map default-group %s\n", default_group);
}

static const struct cli_cmd config_cmds[] = {
	{"[no] tunnel-group-map enable (ou | ike-id | peer-ip | rules)",
	 "Negate a command or set its defaults\n"
	 "Associate certificates with tunnel-groups\nHow the tunnel-group is chosen\n"
	 "From the OU of the certificate\nFrom the IKE identity\n"
	 "From the peer's address\nFrom the certificate map rules",
	 cmd_enable, 0},
	{"tunnel-group-map default-group TG:tunnel-group",
	 "Associate certificates with tunnel-groups\n"
	 "Tunnel-group used when no rule matches\nTunnel-group name",
	 cmd_default, 0},
	{"no tunnel-group-map default-group [TG:tunnel-group]", NULL, cmd_default, 0},
	{"tunnel-group-map [MAP] SEQ:<1-65535> TG:tunnel-group",
	 "Associate certificates with tunnel-groups\nCertificate map name\n"
	 "Sequence number of the certificate map entry\nTunnel-group name",
	 cmd_rule, 0},
	{"no tunnel-group-map [MAP] SEQ:<1-65535> [TG:tunnel-group]", NULL, cmd_rule, 0},
	{"clear configure tunnel-group-map",
	 "Reset functions\nClear configuration\nClear tunnel-group-map configuration",
	 cmd_clear, 0},
};

static void tgmap_init(void)
{
	/* "tun" keeps meaning tunnel-group, the older and far commoner command */
	cli_prefer("tunnel-group");
	cli_install_all(cli_mode_config(), config_cmds);
	conf_register_reset(tgmap_reset);
}

MODULE_INIT(tgmap_init)
