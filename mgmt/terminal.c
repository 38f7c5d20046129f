/*
 * terminal.c — what sessions look like: "pager lines N" (box default),
 * "terminal pager"/"terminal width" (this session only; "terminal width"
 * typed in configuration mode is also saved), and the banners.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"
#include "mgmt/mgmt.h"

#define PAGER_DEFAULT 24
#define WIDTH_DEFAULT 80

struct banner {
	char **lines;
	int n;
};

static const char *const banner_kw[] = {"exec", "login", "motd"};
#define NBANNER 3

static struct {
	int pager;
	bool no_pager; /* "no pager" rather than "pager lines 0" */
	int width;
	struct banner banner[NBANNER];
} term;

static void banner_clear(struct banner *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->lines[i]);
	free(b->lines);
	b->lines = NULL;
	b->n = 0;
}

static int banner_which(const struct cli_args *a)
{
	for (int i = 0; i < NBANNER; i++)
		if (cli_has(a, banner_kw[i]))
			return i;
	return -1;
}

void mgmt_banner_render(enum mgmt_banner which, struct strbuf *out)
{
	const struct banner *b = &term.banner[which];
	for (int i = 0; i < b->n; i++) {
		for (const char *p = b->lines[i]; *p;) {
			if (strncmp(p, "$(hostname)", 11) == 0) {
				sb_puts(out, mgmt_hostname());
				p += 11;
			} else if (strncmp(p, "$(domain)", 9) == 0) {
				sb_puts(out, mgmt_domain_name());
				p += 9;
			} else {
				sb_add(out, p++, 1);
			}
		}
		sb_puts(out, "\n");
	}
}

/* ---- pager ----------------------------------------------------------- */

static int cmd_pager(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	term.pager = atoi(cli_get(a, "N"));
	term.no_pager = false;
	cli_set_default_pager(term.pager);
	return CLI_OK;
}

static int cmd_no_pager(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	term.pager = 0;
	term.no_pager = true;
	cli_set_default_pager(0);
	return CLI_OK;
}

static int cmd_clear_pager(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	term.pager = PAGER_DEFAULT;
	term.no_pager = false;
	cli_set_default_pager(term.pager);
	return CLI_OK;
}

static int cmd_terminal_pager(struct cli *cli, struct cli_args *a)
{
	cli_set_session_pager(cli, atoi(cli_get(a, "N")));
	return CLI_OK;
}

static int cmd_no_terminal_pager(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_set_session_pager(cli, 0);
	return CLI_OK;
}

/* ---- width ----------------------------------------------------------- */

static int cmd_terminal_width(struct cli *cli, struct cli_args *a)
{
	cli_set_width(cli, atoi(cli_get(a, "N")));
	return CLI_OK;
}

static int cmd_no_terminal_width(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_set_width(cli, WIDTH_DEFAULT);
	return CLI_OK;
}

static int cmd_config_width(struct cli *cli, struct cli_args *a)
{
	term.width = atoi(cli_get(a, "N"));
	cli_set_width(cli, term.width);
	return CLI_OK;
}

static int cmd_config_no_width(struct cli *cli, struct cli_args *a)
{
	(void)a;
	term.width = WIDTH_DEFAULT;
	cli_set_width(cli, term.width);
	return CLI_OK;
}

/* ---- banner ---------------------------------------------------------- */

static int cmd_banner(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct banner *b = &term.banner[banner_which(a)];
	const char *text = cli_get(a, "TEXT");
	b->lines = xrealloc(b->lines, (size_t)(b->n + 1) * sizeof *b->lines);
	b->lines[b->n++] = xstrdup(text ? text : "");
	return CLI_OK;
}

static int cmd_no_banner(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	banner_clear(&term.banner[banner_which(a)]);
	return CLI_OK;
}

static int cmd_clear_banner(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	int w = banner_which(a);
	for (int i = 0; i < NBANNER; i++)
		if (w < 0 || w == i)
			banner_clear(&term.banner[i]);
	return CLI_OK;
}

static int cmd_show_pager(struct cli *cli, struct cli_args *a)
{
	(void)a;
	if (term.no_pager)
		cli_printf(cli, "no pager\n");
	else
		cli_printf(cli, "pager lines %d\n", term.pager);
	return CLI_OK;
}

/* ---- running-config -------------------------------------------------- */

static void write_terminal(struct cfgout *o, unsigned flags)
{
	if (term.width != WIDTH_DEFAULT || (flags & CONF_W_ALL))
		cfg_printf(o, "terminal width %d\n", term.width);
}

static void write_banner(struct cfgout *o, unsigned flags)
{
	(void)flags;
	for (int w = 0; w < NBANNER; w++)
		for (int i = 0; i < term.banner[w].n; i++) {
			const char *l = term.banner[w].lines[i];
			cfg_printf(o, "banner %s%s%s\n", banner_kw[w], *l ? " " : "", l);
		}
}

static void write_pager(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (term.no_pager)
		cfg_puts(o, "no pager\n");
	else
		cfg_printf(o, "pager lines %d\n", term.pager);
}

static void terminal_reset(void)
{
	for (int i = 0; i < NBANNER; i++)
		banner_clear(&term.banner[i]);
	term.pager = PAGER_DEFAULT;
	term.no_pager = false;
	term.width = WIDTH_DEFAULT;
	cli_set_default_pager(term.pager);
}

#define BANNER_KW "(exec|login|motd)"
#define BANNER_KW_HELP                                                         \
	"Configure EXEC banner\nConfigure login banner\n"                      \
	"Configure message-of-the-day banner\n"

static const struct cli_cmd config_cmds[] = {
	{"pager [lines] N:<0-2147483647>",
	 "Control page length for pagination\n"
	 "The number of lines before More prompt appears\n"
	 "Number of lines (0 means no paging)",
	 cmd_pager, 0},
	{"no pager [[lines] N:<0-2147483647>]",
	 "Negate a command or set its defaults\nControl page length for pagination",
	 cmd_no_pager, 0},
	{"clear configure pager", MGMT_CLEAR_HELP "Clear pager configuration",
	 cmd_clear_pager, 0},
	{"terminal width N:<40-511>",
	 "Set terminal line parameters\nSet width for displaying terminal output\n"
	 "Number of columns",
	 cmd_config_width, 0},
	{"no terminal width [N:<40-511>]",
	 "Negate a command or set its defaults\nSet terminal line parameters\n"
	 "Set width for displaying terminal output",
	 cmd_config_no_width, 0},
	{"banner " BANNER_KW " [TEXT:line]",
	 "Configure login/session banners\n" BANNER_KW_HELP "Banner text",
	 cmd_banner, 0},
	{"no banner " BANNER_KW " [TEXT:line]",
	 "Negate a command or set its defaults\nConfigure login/session banners\n"
	 BANNER_KW_HELP "Banner text",
	 cmd_no_banner, 0},
	{"clear configure banner [" "exec|login|motd" "]",
	 MGMT_CLEAR_HELP "Clear all banner configuration\n" BANNER_KW_HELP,
	 cmd_clear_banner, 0},
};

static const struct cli_cmd exec_cmds[] = {
	{"terminal pager [lines] N:<0-2147483647>",
	 "Set terminal line parameters\nControl page length for pagination\n"
	 "The number of lines before More prompt appears\n"
	 "Number of lines (0 means no paging)",
	 cmd_terminal_pager, CLI_EXEC_ANY},
	{"no terminal pager [[lines] N:<0-2147483647>]",
	 "Negate a command or set its defaults\nSet terminal line parameters\n"
	 "Control page length for pagination",
	 cmd_no_terminal_pager, CLI_EXEC_ANY},
	{"terminal width N:<40-511>",
	 "Set terminal line parameters\nSet width for displaying terminal output\n"
	 "Number of columns",
	 cmd_terminal_width, 0},
	{"no terminal width [N:<40-511>]",
	 "Negate a command or set its defaults\nSet terminal line parameters\n"
	 "Set width for displaying terminal output",
	 cmd_no_terminal_width, 0},
	{"show pager", "Show running system information\n"
	 "Show the default pager length", cmd_show_pager, CLI_SHOW},
};

static void terminal_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(cli_mode_exec(), exec_cmds);
	conf_register_writer(ORD_TERMINAL, write_terminal);
	conf_register_writer(ORD_BANNER, write_banner);
	conf_register_writer(ORD_PAGER, write_pager);
	conf_register_reset(terminal_reset);
	terminal_reset();
}

MODULE_INIT(terminal_init)
