/*
 * dap.c — "dynamic-access-policy-record NAME" (ASA 8.0-8.2) and its
 * sub-mode: description, network-acl, user-message, priority, action.
 * The records' selection rules live in ASDM's dap.xml, not in the
 * configuration, and pixie terminates no SSL VPN: the records are kept
 * typed and reproduced so that a pasted 8.x configuration survives.
 *
 * An 8.x box always prints its built-in DfltAccessPolicy; a 7.2 box has
 * no DAP at all, so pixie prints the records that were entered, in entry
 * order, between "timeout" and "aaa-server" as 8.2 does.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/acl.h"
#include "lib/hmap.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"

/* conf/order.h has no slot for DAP yet: just before aaa-server. */
#define DAP_ACLS_MAX 16
#define DAP_TEXT_MAX 240

enum dap_action { DAP_CONTINUE, DAP_TERMINATE, DAP_QUARANTINE };
static const char *const action_kw[] = {"continue", "terminate", "quarantine"};

struct dap_record {
	char *name;
	char *desc, *msg;      /* as typed (quotes kept); NULL: none */
	char *acls[DAP_ACLS_MAX];
	int nacls;
	long priority;         /* -1: not set */
	enum dap_action action; /* continue is the default */
};

static struct hmap records; /* name -> struct dap_record* (owner), entry order */
static struct cli_mode *dap_mode;

static void rec_free(struct dap_record *r)
{
	free(r->name);
	free(r->desc);
	free(r->msg);
	for (int i = 0; i < r->nacls; i++)
		free(r->acls[i]);
	free(r);
}

static void dap_clear(void)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&records, &i, &k, &v);)
		rec_free(v);
	hmap_clear(&records);
}

static struct dap_record *cur(struct cli *cli)
{
	return hmap_get(&records, cli_ctx_key(cli));
}

/* Record names: the characters ASDM allows, up to 64. */
static bool valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("-_.", *s))
			return false;
	return true;
}

static int cmd_record(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!valid_name(name))
		return cli_bad(a, "NAME");
	if (!hmap_get(&records, name)) {
		struct dap_record *r = xcalloc(1, sizeof *r);
		r->name = xstrdup(name);
		r->priority = -1;
		hmap_put(&records, name, r);
	}
	cli_enter(cli, dap_mode, name, 0);
	return CLI_OK;
}

static int cmd_no_record(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct dap_record *r = hmap_del(&records, cli_get(a, "NAME"));
	if (r)
		rec_free(r);
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	if (cli_get(a, "NAME"))
		return cmd_no_record(cli, a);
	dap_clear();
	return CLI_OK;
}

/* ---- sub-mode -------------------------------------------------------- */

static int cmd_text(struct cli *cli, struct cli_args *a)
{
	struct dap_record *r = cur(cli);
	if (!r)
		return CLI_ERR;
	char **dst = cli_has(a, "description") ? &r->desc : &r->msg;
	const char *t = cli_has(a, "no") ? NULL : cli_get(a, "TEXT");
	if (t && strlen(t) > DAP_TEXT_MAX)
		return cli_bad(a, "TEXT");
	free(*dst);
	*dst = t ? xstrdup(t) : NULL;
	return CLI_OK;
}

static int acl_index(const struct dap_record *r, const char *acl)
{
	for (int i = 0; i < r->nacls; i++)
		if (strcmp(r->acls[i], acl) == 0)
			return i;
	return -1;
}

static int cmd_acl(struct cli *cli, struct cli_args *a)
{
	struct dap_record *r = cur(cli);
	if (!r)
		return CLI_ERR;
	const char *acl = cli_get(a, "ACL");
	int i = acl_index(r, acl);
	if (cli_has(a, "no")) {
		if (i >= 0) {
			free(r->acls[i]);
			memmove(&r->acls[i], &r->acls[i + 1],
				(size_t)(r->nacls - i - 1) * sizeof *r->acls);
			r->nacls--;
		}
		return CLI_OK;
	}
	if (!acl_find(acl)) {
		cli_printf(cli, "ERROR: Access-list %s does not exist\n", acl);
		return CLI_ERR;
	}
	if (i >= 0)
		return CLI_OK;
	if (r->nacls == DAP_ACLS_MAX) {
		cli_printf(cli, "ERROR: Only %d network-acls can be configured\n",
			   DAP_ACLS_MAX);
		return CLI_ERR;
	}
	r->acls[r->nacls++] = xstrdup(acl);
	return CLI_OK;
}

static int cmd_priority(struct cli *cli, struct cli_args *a)
{
	struct dap_record *r = cur(cli);
	if (!r)
		return CLI_ERR;
	r->priority = cli_has(a, "no") ? -1 : atol(cli_get(a, "N"));
	return CLI_OK;
}

static int cmd_action(struct cli *cli, struct cli_args *a)
{
	struct dap_record *r = cur(cli);
	if (!r)
		return CLI_ERR;
	r->action = DAP_CONTINUE;
	if (cli_has(a, "no"))
		return CLI_OK;
	for (int i = 0; i < 3; i++)
		if (cli_has(a, action_kw[i]))
			r->action = (enum dap_action)i;
	return CLI_OK;
}

/* ---- running-config -------------------------------------------------- */

static void write_dap(struct cfgout *o, unsigned flags)
{
	(void)flags;
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&records, &i, &k, &v);) {
		const struct dap_record *r = v;
		cfg_printf(o, "dynamic-access-policy-record %s\n", r->name);
		if (r->desc)
			cfg_printf(o, " description %s\n", r->desc);
		for (int j = 0; j < r->nacls; j++)
			cfg_printf(o, " network-acl %s\n", r->acls[j]);
		if (r->msg)
			cfg_printf(o, " user-message %s\n", r->msg);
		if (r->priority >= 0)
			cfg_printf(o, " priority %ld\n", r->priority);
		if (r->action != DAP_CONTINUE)
			cfg_printf(o, " action %s\n", action_kw[r->action]);
	}
}

#define NO_HELP "Negate a command or set its defaults\n"
#define DAP_HELP "Dynamic Access Policy record\n"

static const struct cli_cmd config_cmds[] = {
	{"dynamic-access-policy-record NAME", DAP_HELP "Name of the record",
	 cmd_record, 0},
	{"no dynamic-access-policy-record NAME", NO_HELP DAP_HELP "Name of the record",
	 cmd_no_record, 0},
	{"clear configure dynamic-access-policy-record [NAME]",
	 MGMT_CLEAR_HELP "Clear Dynamic Access Policy records\nName of the record",
	 cmd_clear, 0},
};

static const struct cli_cmd dap_cmds[] = {
	{"(description|user-message) TEXT:line",
	 "Describe the record\nMessage shown to a user the record terminates\nText",
	 cmd_text, 0},
	{"no (description|user-message) [TEXT:line]",
	 NO_HELP "Describe the record\nMessage shown to a terminated user\nText",
	 cmd_text, 0},
	{"[no] network-acl ACL", NO_HELP "Apply a firewall access list\n"
	 "Name of the access list", cmd_acl, 0},
	{"priority N:<0-2147483647>", "Priority of the record\nPriority", cmd_priority, 0},
	{"no priority [N:<0-2147483647>]", NO_HELP "Priority of the record\nPriority",
	 cmd_priority, 0},
	{"action (continue|terminate|quarantine)",
	 "What to do with a matching session\nApply the record's attributes\n"
	 "End the session\nQuarantine the session",
	 cmd_action, 0},
	{"no action [continue|terminate|quarantine]",
	 NO_HELP "What to do with a matching session", cmd_action, 0},
};

static void dap_init(void)
{
	hmap_init(&records, false);
	dap_mode = cli_mode_new("config-dynamic-access-policy-record", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(dap_mode, dap_cmds);
	conf_register_writer(ORD_DAP, write_dap);
	conf_register_reset(dap_clear);
}

MODULE_INIT(dap_init)
