/*
 * builtin.c — the few commands that are the CLI itself rather than a
 * feature: moving between modes (configure terminal, exit, end, quit) and
 * help.  Every configuration mode gets exit and end when it is created.
 */
#include <string.h>

#include "cli/internal.h"
#include "lib/module.h"

static int do_exit(struct cli *cli, struct cli_args *a)
{
	(void)a;
	if (cli->depth == 0)
		cli_puts(cli, "\nLogoff\n\n");
	cli_exit_mode(cli);
	return CLI_OK;
}

static int do_end(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_leave_config(cli);
	return CLI_OK;
}

static int do_configure(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_enter(cli, cli_mode_config(), "", 0);
	return CLI_OK;
}

static int do_help(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_puts(cli,
		 "Help may be requested at the command line by typing '?'. The result\n"
		 "is a list of the valid commands or options at that point:\n"
		 "\n"
		 "1. Full help is available when you are ready to enter a command argument\n"
		 "   (e.g. 'show ?') and describes each possible argument.\n"
		 "2. Partial help is provided when an abbreviated argument is entered and you\n"
		 "   want to know what arguments match the input (e.g. 'show pr?'.)\n"
		 "\n"
		 "Commands may be abbreviated to their shortest unique prefix (e.g. 'sh run',\n"
		 "'conf t', 'wr mem').\n");
	return CLI_OK;
}

const struct cli_cmd cli_mode_builtins[] = {
	{"exit", "Exit from the current mode", do_exit, 0},
	{"end", "Exit from configure mode", do_end, 0},
};

static const struct cli_cmd exec_cmds[] = {
	{"exit", "Exit from the EXEC", do_exit, 0},
	{"quit", "Exit from the EXEC", do_exit, 0},
	{"logout", "Exit from the EXEC", do_exit, 0},
	{"configure terminal", "Configure using various methods\nConfigure from the terminal",
	 do_configure, CLI_PRIV},
	{"help", "Interactive help for commands", do_help, 0},
};

static void builtin_init(void)
{
	cli_install_all(cli_mode_exec(), exec_cmds);
	cli_install_all(cli_mode_config(), cli_mode_builtins);
	cli_install(cli_mode_config(), &(struct cli_cmd){"help", "Interactive help for commands", do_help, 0});
	/* abbreviations the ASA resolves by preference, not by uniqueness */
	static const char *const pref[] = {"show", "write", "configure", "terminal",
					   "running-config", "memory", "interface", "no",
					   "enable", "names"};
	for (size_t i = 0; i < sizeof pref / sizeof pref[0]; i++)
		cli_prefer(pref[i]);
	cli_kw_help("show", "Show running system information");
	cli_kw_help("clear", "Reset functions");
	cli_kw_help("no", "Negate a command or set its defaults");
	cli_kw_help("configure", "Configure using various methods");
}
MODULE_INIT_PRIO(builtin_init, 1)
