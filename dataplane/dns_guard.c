/*
 * dns_guard.c — "dns-guard": let one DNS response per query through (the
 * first), dropping the later ones a cache-poisoning attacker would send.
 *
 * The guard is on by default and a 7.2 running-config does not mention it;
 * the line prints after "names" once typed, "dns-guard" or "no dns-guard",
 * as configurations of FWSM and later releases show it.
 */
#include "dataplane/dns_guard.h"

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"

static enum { DG_DEFAULT, DG_ON, DG_OFF } guard;

/* For the DNS inspection: drop the responses after the first? */
bool dns_guard_enabled(void)
{
	return guard != DG_OFF;
}

static int do_dns_guard(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	guard = cli_has(a, "no") ? DG_OFF : DG_ON;
	return CLI_OK;
}

static int do_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	guard = DG_DEFAULT;
	return CLI_OK;
}

static void write_guard(struct cfgout *o, unsigned flags)
{
	if (guard == DG_ON || (guard == DG_DEFAULT && (flags & CONF_W_ALL)))
		cfg_puts(o, "dns-guard\n");
	else if (guard == DG_OFF)
		cfg_puts(o, "no dns-guard\n");
}

static void guard_reset(void)
{
	guard = DG_DEFAULT;
}

static const struct cli_cmd cmds[] = {
	{"[no] dns-guard",
	 "Negate a command or set its defaults\n"
	 "Enforce one DNS response per query (DNS guard)",
	 do_dns_guard, 0},
	{"clear configure dns-guard",
	 "Reset functions\nClear configuration\nClear dns-guard configuration", do_clear, 0},
};

static void dns_guard_init(void)
{
	cli_install_all(cli_mode_config(), cmds);
	conf_register_writer(ORD_DNS_GUARD, write_guard);
	conf_register_reset(guard_reset);
}
MODULE_INIT(dns_guard_init)
