/*
 * pix6.c — PIX 6 management lines that PIX 7 no longer has.  A PIX 6
 * configuration pasted into the box must not lose them silently: each is
 * refused with an error naming what replaced it in 7.x.
 *   pdm ...                    -> asdm ... (pdm logging -> logging asdm)
 *   floodguard enable|disable  -> nothing to configure
 *   sysopt route dnat, sysopt security fragguard, sysopt connection
 *   permit-pptp|permit-l2tp, sysopt ipsec pl-compatible
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/module.h"
#include "mgmt/internal.h"

static int cmd_pdm(struct cli *cli, struct cli_args *a)
{
	const char *rest = cli_get(a, "ARGS");
	const char *no = cli_has(a, "no") ? "no " : "";
	if (!rest) {
		cli_printf(cli, "ERROR: pdm is called asdm since PIX 7.0; use the asdm "
				"commands\n");
		return CLI_ERR;
	}
	if (strncmp(rest, "logging", 7) == 0 && (rest[7] == ' ' || !rest[7])) {
		/* pdm logging [LEVEL [MESSAGES]]: the level went to "logging
		 * asdm", the message count to "logging asdm-buffer-size" */
		char level[32] = "", count[16] = "";
		sscanf(rest + 7, "%31s %15s", level, count);
		cli_printf(cli, "ERROR: pdm logging is 'logging asdm' since PIX 7.0; "
				"use '%slogging asdm%s%s'%s%s%s\n",
			   no, *level ? " " : "", level,
			   *count ? " and 'logging asdm-buffer-size " : "", count,
			   *count ? "'" : "");
		return CLI_ERR;
	}
	cli_printf(cli, "ERROR: pdm is called asdm since PIX 7.0; use '%sasdm %s'\n",
		   no, rest);
	return CLI_ERR;
}

static int cmd_floodguard(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_printf(cli, "ERROR: floodguard is not a PIX 7 command: the resources it "
			"reclaimed are managed without it; remove the line\n");
	return CLI_ERR;
}

static int cmd_sysopt6(struct cli *cli, struct cli_args *a)
{
	if (cli_has(a, "dnat"))
		cli_printf(cli, "ERROR: sysopt route dnat is a PIX 6 command; PIX 7 "
				"routes translated addresses without it\n");
	else if (cli_has(a, "fragguard"))
		cli_printf(cli, "ERROR: sysopt security fragguard is a PIX 6 command; "
				"use the fragment commands (fragment chain, fragment "
				"size) in PIX 7\n");
	else if (cli_has(a, "pl-compatible"))
		cli_printf(cli, "ERROR: sysopt ipsec pl-compatible is a PIX 6 command "
				"with no PIX 7 equivalent\n");
	else
		cli_printf(cli, "ERROR: this PIX 6 sysopt is covered by 'sysopt "
				"connection permit-vpn' in PIX 7\n");
	return CLI_ERR;
}

static const struct cli_cmd config_cmds[] = {
	{"[no] pdm [ARGS:line]",
	 "Negate a command or set its defaults\n"
	 "PIX 6 Device Manager commands (asdm in PIX 7)\nArguments",
	 cmd_pdm, CLI_HIDDEN},
	{"[no] floodguard [enable|disable]",
	 "Negate a command or set its defaults\nPIX 6 flood defender\n"
	 "Enable\nDisable",
	 cmd_floodguard, CLI_HIDDEN},
	{"[no] sysopt route dnat",
	 "Negate a command or set its defaults\nSystem options\n"
	 "PIX 6 routing option\nPIX 6 DNAT routing",
	 cmd_sysopt6, CLI_HIDDEN},
	{"[no] sysopt security fragguard",
	 "Negate a command or set its defaults\nSystem options\n"
	 "PIX 6 security option\nPIX 6 fragment guard",
	 cmd_sysopt6, CLI_HIDDEN},
	{"[no] sysopt connection (permit-pptp|permit-l2tp)",
	 "Negate a command or set its defaults\nSystem options\n"
	 "Configure connection options\nPIX 6 PPTP permit\nPIX 6 L2TP permit",
	 cmd_sysopt6, CLI_HIDDEN},
	{"[no] sysopt ipsec pl-compatible",
	 "Negate a command or set its defaults\nSystem options\n"
	 "PIX 6 IPsec option\nPIX 6 Private Link compatibility",
	 cmd_sysopt6, CLI_HIDDEN},
};

static void pix6_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
}

MODULE_INIT(pix6_init)
