/*
 * failover.c — the failover configuration lines.  pixie runs as a single
 * unit (there is no failover peer protocol): the lines are kept, validated
 * and reproduced so that a pasted PIX configuration survives intact, and
 * "prompt ... priority" reflects "failover lan unit".
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"

static struct {
	bool enabled;
	bool unit_set, secondary;
	char lan_if[64], lan_phy[64];   /* "failover lan interface NAME PHY" */
	bool lan_enable;
	char key[64];                   /* shared secret, kept for the peer */
	bool key_hex;
	bool replication_http;
	char link_if[64], link_phy[64]; /* "failover link NAME [PHY]" */
	char ip_if[64];                 /* "failover interface ip NAME ..." */
	uint32_t ip, mask, standby;
} fo;

bool mgmt_failover_secondary(void) { return fo.secondary; }

static int cmd_failover(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	fo.enabled = !cli_has(a, "no");
	return CLI_OK;
}

static int cmd_lan_unit(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no")) {
		fo.unit_set = fo.secondary = false;
	} else {
		fo.unit_set = true;
		fo.secondary = cli_has(a, "secondary");
	}
	mgmt_prompt_refresh();
	return CLI_OK;
}

static bool copy_word(struct cli_args *a, const char *spec, char *dst,
		      size_t n, int *rc)
{
	const char *s = cli_get(a, spec);
	if (!s) {
		dst[0] = '\0';
		return true;
	}
	if (strlen(s) >= n) {
		*rc = cli_bad(a, spec);
		return false;
	}
	strlcpy_(dst, s, n);
	return true;
}

static int cmd_lan_interface(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	char name[64], phy[64];
	int rc;
	if (!copy_word(a, "NAME", name, sizeof name, &rc) ||
	    !copy_word(a, "PHY", phy, sizeof phy, &rc))
		return rc;
	memcpy(fo.lan_if, name, sizeof name);
	memcpy(fo.lan_phy, phy, sizeof phy);
	return CLI_OK;
}

static int cmd_no_lan_interface(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	fo.lan_if[0] = fo.lan_phy[0] = '\0';
	return CLI_OK;
}

static int cmd_lan_enable(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	fo.lan_enable = !cli_has(a, "no");
	return CLI_OK;
}

static int cmd_key(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *k = cli_get(a, "KEY");
	bool hex = cli_has(a, "hex");
	size_t n = strlen(k);
	if (n > 63)
		return cli_bad(a, "KEY");
	if (hex) { /* "failover key hex" takes 32 hexadecimal digits */
		if (n != 32 && !(n == 34 && k[0] == '0' && (k[1] == 'x' || k[1] == 'X')))
			return cli_bad(a, "KEY");
		for (size_t i = n == 34 ? 2 : 0; i < n; i++)
			if (!strchr("0123456789abcdefABCDEF", k[i]))
				return cli_bad(a, "KEY");
	}
	pw_wipe(fo.key, sizeof fo.key);
	strlcpy_(fo.key, k, sizeof fo.key);
	fo.key_hex = hex;
	return CLI_OK;
}

static int cmd_no_key(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	pw_wipe(fo.key, sizeof fo.key);
	fo.key_hex = false;
	return CLI_OK;
}

static int cmd_replication(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	fo.replication_http = !cli_has(a, "no");
	return CLI_OK;
}

static int cmd_link(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	char name[64], phy[64];
	int rc;
	if (!copy_word(a, "NAME", name, sizeof name, &rc) ||
	    !copy_word(a, "PHY", phy, sizeof phy, &rc))
		return rc;
	memcpy(fo.link_if, name, sizeof name);
	memcpy(fo.link_phy, phy, sizeof phy);
	return CLI_OK;
}

static int cmd_no_link(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	fo.link_if[0] = fo.link_phy[0] = '\0';
	return CLI_OK;
}

static int cmd_interface_ip(struct cli *cli, struct cli_args *a)
{
	uint32_t ip, mask, sb;
	char name[64];
	int rc;
	if (!copy_word(a, "NAME", name, sizeof name, &rc))
		return rc;
	if (!conf_parse_host(cli_get(a, "ADDR"), &ip))
		return cli_bad(a, "ADDR");
	if (!ip4_parse_mask(cli_get(a, "MASK"), &mask))
		return cli_bad(a, "MASK");
	if (!conf_parse_host(cli_get(a, "STANDBY"), &sb))
		return cli_bad(a, "STANDBY");
	if ((ip & mask) != (sb & mask) || ip == sb) {
		cli_printf(cli, "ERROR: Standby IP address must be in the same subnet "
				"as the active IP address\n");
		return CLI_ERR;
	}
	memcpy(fo.ip_if, name, sizeof name);
	fo.ip = ip;
	fo.mask = mask;
	fo.standby = sb;
	return CLI_OK;
}

static int cmd_no_interface_ip(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	fo.ip_if[0] = '\0';
	return CLI_OK;
}

static void fo_reset(void)
{
	pw_wipe(fo.key, sizeof fo.key);
	memset(&fo, 0, sizeof fo);
	mgmt_prompt_refresh();
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	fo_reset();
	return CLI_OK;
}

static void write_failover(struct cfgout *o, unsigned flags)
{
	char b1[64], b2[16], b3[64];
	cfg_puts(o, fo.enabled ? "failover\n" : "no failover\n");
	if (fo.unit_set)
		cfg_printf(o, "failover lan unit %s\n",
			   fo.secondary ? "secondary" : "primary");
	if (fo.lan_if[0])
		cfg_printf(o, "failover lan interface %s %s\n", fo.lan_if, fo.lan_phy);
	if (fo.lan_enable)
		cfg_puts(o, "failover lan enable\n");
	if (fo.key[0]) {
		if (flags & CONF_W_SECRETS)
			cfg_printf(o, "failover key %s%s\n", fo.key_hex ? "hex " : "",
				   fo.key);
		else
			cfg_puts(o, "failover key *****\n");
	}
	if (fo.replication_http)
		cfg_puts(o, "failover replication http\n");
	if (fo.link_if[0])
		cfg_printf(o, "failover link %s%s%s\n", fo.link_if,
			   fo.link_phy[0] ? " " : "", fo.link_phy);
	if (fo.ip_if[0])
		cfg_printf(o, "failover interface ip %s %s %s standby %s\n", fo.ip_if,
			   conf_fmt_host(fo.ip, b1), ip4_fmt(fo.mask, b2),
			   conf_fmt_host(fo.standby, b3));
}

static const struct cli_cmd config_cmds[] = {
	{"[no] failover", "Negate a command or set its defaults\n"
	 "Enable/disable failover feature", cmd_failover, 0},
	{"failover lan unit (primary|secondary)",
	 "Enable/disable failover feature\nSpecify the LAN failover configuration\n"
	 "Specify the LAN failover unit\nThis unit is the primary unit\n"
	 "This unit is the secondary unit",
	 cmd_lan_unit, 0},
	{"no failover lan unit [primary|secondary]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the LAN failover configuration\nSpecify the LAN failover unit",
	 cmd_lan_unit, 0},
	{"failover lan interface NAME PHY",
	 "Enable/disable failover feature\nSpecify the LAN failover configuration\n"
	 "Specify the interface used for LAN failover\nName of the failover interface\n"
	 "Physical or logical interface",
	 cmd_lan_interface, 0},
	{"no failover lan interface [NAME] [PHY]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the LAN failover configuration\n"
	 "Specify the interface used for LAN failover",
	 cmd_no_lan_interface, 0},
	{"[no] failover lan enable",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the LAN failover configuration\nEnable LAN-based failover",
	 cmd_lan_enable, 0},
	{"failover key [hex] KEY",
	 "Enable/disable failover feature\nSpecify the failover shared secret\n"
	 "The key is 32 hexadecimal digits\nShared secret (up to 63 characters)",
	 cmd_key, 0},
	{"no failover key [hex] [KEY]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the failover shared secret",
	 cmd_no_key, 0},
	{"[no] failover replication http",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the replication options\nReplicate HTTP connections",
	 cmd_replication, 0},
	{"failover link NAME [PHY]",
	 "Enable/disable failover feature\nSpecify the stateful failover link\n"
	 "Name of the failover link\nPhysical or logical interface",
	 cmd_link, 0},
	{"no failover link [NAME] [PHY]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the stateful failover link",
	 cmd_no_link, 0},
	{"failover interface ip NAME ADDR:ip MASK:mask standby STANDBY:ip",
	 "Enable/disable failover feature\nSpecify the failover interface\n"
	 "Configure the failover interface addresses\nName of the failover interface\n"
	 "Active IP address\nNetmask\nSpecify the standby IP address\n"
	 "Standby IP address",
	 cmd_interface_ip, 0},
	{"no failover interface ip [NAME] [ADDR:ip] [MASK:mask] [standby STANDBY:ip]",
	 "Negate a command or set its defaults\nEnable/disable failover feature\n"
	 "Specify the failover interface\nConfigure the failover interface addresses",
	 cmd_no_interface_ip, 0},
	{"clear configure failover", MGMT_CLEAR_HELP "Clear failover configuration",
	 cmd_clear, 0},
};

static void failover_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	conf_register_writer(ORD_FAILOVER, write_failover);
	conf_register_reset(fo_reset);
}

MODULE_INIT(failover_init)
