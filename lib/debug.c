/*
 * debug.c — the debug flag registry and where debug lines go (debug.h),
 * with the commands that span every feature: `show debug`, `undebug all`
 * and `no debug all`.
 */
#include "lib/debug.h"

#include <stdarg.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/console.h"
#include "lib/module.h"

#define DEBUG_FLAGS_MAX 32

static struct debug_flag *flags[DEBUG_FLAGS_MAX];
static size_t nflags;
static debug_writer_fn writer;

void debug_register(struct debug_flag *f)
{
	for (size_t i = 0; i < nflags; i++)
		if (flags[i] == f)
			return;
	if (nflags < DEBUG_FLAGS_MAX)
		flags[nflags++] = f;
}

void debug_set_writer(debug_writer_fn w)
{
	writer = w;
}

void debug_line(const char *line)
{
	if (writer) {
		writer(line);
		return;
	}
	struct cli *c = console_session();
	if (!c)
		return;
	cli_puts(c, line);
	cli_puts(c, "\n");
}

void debug_printf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	debug_line(buf);
}

static int cmd_show_debug(struct cli *cli, struct cli_args *a)
{
	(void)a;
	for (size_t i = 0; i < nflags; i++)
		if (flags[i]->level)
			cli_printf(cli, "debug %s enabled at level %u\n", flags[i]->name,
				   flags[i]->level);
	return CLI_OK;
}

static int cmd_undebug_all(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	for (size_t i = 0; i < nflags; i++)
		flags[i]->level = 0;
	return CLI_OK;
}

static const struct cli_cmd exec_cmds[] = {
	{"show debug", "Show running system information\nShow debug options enabled",
	 cmd_show_debug, CLI_SHOW | CLI_PRIV},
	{"undebug all", "Disable debugging functions (see also 'debug')\nEnable all debugging",
	 cmd_undebug_all, CLI_PRIV},
	{"no debug all",
	 "Negate a command\nDebugging functions (see also 'undebug')\nEnable all debugging",
	 cmd_undebug_all, CLI_PRIV},
};

static void debug_init(void)
{
	cli_install_all(cli_mode_exec(), exec_cmds);
}
MODULE_INIT(debug_init);
