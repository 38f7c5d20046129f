/*
 * pool_cmds.c — "ip local pool" commands, "show ip local pool", the
 * running-config writer and "clear configure ip local pool".
 */
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "vpn/pool.h"
#include "vpn/strv.h"
#include "vpn/vpn_cli.h"

/* ip local pool NAME A-B [mask M] */
static int cmd_pool(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!vpn_name_ok(name))
		return cli_bad(a, "NAME");
	uint32_t start, end, mask = 0;
	if (!pool_parse_range(cli_get(a, "RANGE"), &start, &end))
		return cli_bad(a, "RANGE");
	if (cli_has(a, "mask") && !ip4_parse_mask(cli_get(a, "MASK"), &mask))
		return cli_bad(a, "MASK");
	enum pool_err e = pool_check(start, end, mask);
	if (e != POOL_OK) {
		cli_printf(cli, "ERROR: %s\n", pool_err_str(e));
		return CLI_ERR;
	}
	struct ip_pool *p = pool_find(name);
	if (p) {
		/* the same definition again (a pasted config) is fine */
		if (p->start == start && p->end == end && p->mask == mask)
			return CLI_OK;
		cli_printf(cli, "ERROR: IP local pool %s already exists\n",
			   name);
		return CLI_ERR;
	}
	pool_add(name, start, end, mask);
	return CLI_OK;
}

/* no ip local pool NAME [A-B [mask M]] */
static int cmd_no_pool(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	pool_del(cli_get(a, "NAME"));
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	if (name)
		pool_del(name);
	else
		pool_clear_all();
	return CLI_OK;
}

/* show ip local pool NAME */
static int cmd_show(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct ip_pool *p = pool_find(name);
	if (!p) {
		cli_printf(cli, "ERROR: Pool %s not found\n", name);
		return CLI_ERR;
	}
	char b1[16], b2[16], b3[16];
	cli_printf(cli, "Begin           End             Mask            Free"
			"     In use\n");
	cli_printf(cli, "%-16s%-16s%-16s%6zu%9zu\n", ip4_fmt(p->start, b1),
		   ip4_fmt(p->end, b2), ip4_fmt(pool_show_mask(p), b3),
		   pool_size(p) - p->in_use, p->in_use);
	cli_printf(cli, "\nAvailable Addresses:\n");
	for (uint64_t ip = p->start; ip <= p->end; ip++)
		if (!pool_is_used(p, (uint32_t)ip))
			cli_printf(cli, "%s\n", ip4_fmt((uint32_t)ip, b1));
	if (p->in_use) {
		cli_printf(cli, "\nIn Use Addresses:\n");
		for (uint64_t ip = p->start; ip <= p->end; ip++)
			if (pool_is_used(p, (uint32_t)ip))
				cli_printf(cli, "%s\n",
					   ip4_fmt((uint32_t)ip, b1));
	}
	return CLI_OK;
}

static void write_pools(struct cfgout *o, unsigned flags)
{
	(void)flags;
	size_t it = 0;
	char b1[16], b2[16], b3[16];
	for (struct ip_pool *p; (p = pool_next(&it));) {
		if (p->mask)
			cfg_printf(o, "ip local pool %s %s-%s mask %s\n", p->name,
				   ip4_fmt(p->start, b1), ip4_fmt(p->end, b2),
				   ip4_fmt(p->mask, b3));
		else
			cfg_printf(o, "ip local pool %s %s-%s\n", p->name,
				   ip4_fmt(p->start, b1), ip4_fmt(p->end, b2));
	}
}

static void pool_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	size_t it = 0;
	for (struct ip_pool *p; (p = pool_next(&it));)
		add(ctx, p->name);
}

static void pool_reset(void)
{
	pool_clear_all();
}

static const struct cli_cmd config_cmds[] = {
	{"ip local pool NAME:ip-pool RANGE [mask MASK]",
	 "Configure IP parameters\nConfigure a local address pool\n"
	 "Configure a local address pool\nPool name\n"
	 "Range of IP addresses: <start-end>\n"
	 "Configure the subnet mask for the pool\nSubnet mask",
	 cmd_pool, 0},
	{"no ip local pool NAME:ip-pool [RANGE [mask MASK]]", NULL, cmd_no_pool,
	 0},
	{"clear configure ip local pool [NAME:ip-pool]",
	 "Reset functions\nClear configuration\n"
	 "Clear ip configuration\nClear local address pools\n"
	 "Clear local address pools\nPool name",
	 cmd_clear, 0},
};

static const struct cli_cmd show_cmds[] = {
	{"show ip local pool NAME:ip-pool", NULL, cmd_show, CLI_SHOW},
};

static void pool_init(void)
{
	vpn_name_type("ip-pool", "WORD", pool_values);
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(cli_mode_exec(), show_cmds);
	conf_register_writer(ORD_IP_LOCAL_POOL, write_pools);
	conf_register_reset(pool_reset);
}
MODULE_INIT(pool_init)
