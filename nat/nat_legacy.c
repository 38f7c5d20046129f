/*
 * nat_legacy.c — NAT lines of other dialects that PIX 7.2 does not have.
 * A configuration of a newer box pasted here must not lose them silently
 * or meet a bare caret: each is refused with an error naming the 7.2
 * command that does the job.
 *   object network NAME            (ASA 8.3+ network object)
 *   nat (real,mapped) static|dynamic ...   (ASA 8.3+ object NAT)
 *   nat (real,mapped) [after-auto] source ... / nat source ...  (twice NAT)
 *   nat static|dynamic ...         (object NAT typed without interfaces)
 * The "(real,mapped)" pair tells these from the 7.2 "nat (IF) ID ..." line.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/module.h"
#include "nat/nat_conf.h"
#include "nat/nat_types.h"

/* The interfaces of "(real,mapped)" for the advice, or placeholders. */
static void pair_names(const char *pair, char *real, char *mapped, size_t sz)
{
	const char *comma = pair ? strchr(pair, ',') : NULL;
	if (!comma) {
		snprintf(real, sz, "real_ifc");
		snprintf(mapped, sz, "mapped_ifc");
		return;
	}
	snprintf(real, sz, "%.*s", (int)(comma - pair), pair);
	snprintf(mapped, sz, "%s", comma + 1);
}

static int cmd_object(struct cli *cli, struct cli_args *a)
{
	if (cli_has(a, "service"))
		cli_printf(cli, "ERROR: object service is ASA 8.3 syntax; in PIX 7.2 "
				"group ports with 'object-group service'\n");
	else
		cli_printf(cli, "ERROR: object network is ASA 8.3 syntax; in PIX 7.2 "
				"name an address with 'name', group addresses with "
				"'object-group network', and translate with "
				"nat/global/static\n");
	return CLI_ERR;
}

static int cmd_nat83(struct cli *cli, struct cli_args *a)
{
	char real[NAT_IFNAME_MAX + 1], mapped[NAT_IFNAME_MAX + 1];
	pair_names(cli_get(a, "PAIR"), real, mapped, sizeof real);
	const char *rest = cli_get(a, "REST");
	if (!rest)
		rest = "";
	bool twice = cli_has(a, "source") || cli_has(a, "after-auto") ||
		     !strncmp(rest, "source", 6) || !strncmp(rest, "after-auto", 10);
	bool is_static = cli_has(a, "static") || !strncmp(rest, "static", 6);
	if (twice) {
		cli_printf(cli, "ERROR: twice NAT ('nat ... source ...') is ASA 8.3 "
				"syntax; in PIX 7.2 use policy NAT: 'nat (%s) ID "
				"access-list ACL' with 'global (%s) ID ...', or 'static "
				"(%s,%s) MAPPED access-list ACL'\n",
			   real, mapped, real, mapped);
	} else if (is_static) {
		cli_printf(cli, "ERROR: 'nat ... static' is ASA 8.3 object NAT; in PIX "
				"7.2 use 'static (%s,%s) MAPPED REAL netmask MASK'\n",
			   real, mapped);
	} else {
		cli_printf(cli, "ERROR: 'nat ... dynamic' is ASA 8.3 object NAT; in PIX "
				"7.2 use 'nat (%s) ID REAL MASK' with 'global (%s) ID "
				"ADDRESS|interface'\n",
			   real, mapped);
	}
	return CLI_ERR;
}

static const struct cli_cmd config_cmds[] = {
	{"[no] object (network | service) NAME [LINE:line]",
	 "Negate a command or set its defaults\n"
	 "ASA 8.3 objects (not in PIX 7.2)\nNetwork object\nService object\n"
	 "Object name\nArguments",
	 cmd_object, CLI_HIDDEN},
	{"[no] nat PAIR:paren-pair [REST:line]",
	 "Negate a command or set its defaults\n\n"
	 "(real_ifc,mapped_ifc): ASA 8.3 NAT (not in PIX 7.2)\nArguments",
	 cmd_nat83, CLI_HIDDEN},
	{"[no] nat (source | static | dynamic | after-auto) [REST:line]",
	 "Negate a command or set its defaults\n\n"
	 "ASA 8.3 twice NAT\nASA 8.3 static object NAT\nASA 8.3 dynamic object NAT\n"
	 "ASA 8.3 NAT section\nArguments",
	 cmd_nat83, CLI_HIDDEN},
};

static void nat_legacy_init(void)
{
	/* "obj" still means object-group, the only such command of 7.2 */
	cli_prefer("object-group");
	cli_install_all(cli_mode_config(), config_cmds);
}

MODULE_INIT(nat_legacy_init)
