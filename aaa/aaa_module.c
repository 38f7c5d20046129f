/*
 * aaa_module.c — the AAA module joins the box: its CLI types, commands,
 * writers and reset hooks.
 */
#include <string.h>

#include "aaa/aaa_cmds.h"
#include "aaa/aaa_conf.h"
#include "cli/cli.h"
#include "dataplane/iface.h"
#include "lib/module.h"
#include "nat/nat_types.h"

static bool m_if(const char *in, char *out, size_t outsz)
{
	return nat_parse_paren_if(in, out, outsz) && iface_find_name(out);
}

static const struct cli_type aaa_if = {
	.name = "aaa-if", .help_name = "(if_name)", .match = m_if, .strength = 20};

/* "aaa-server-group": a configured server group or LOCAL, for commands of
 * other modules that name one (tunnel-group authentication-server-group). */
static bool m_group(const char *in, char *out, size_t outsz)
{
	if (!aaa_group_known(in) || strlen(in) >= outsz)
		return false;
	strcpy(out, in);
	return true;
}

static void v_group(void (*add)(void *ctx, const char *val), void *ctx)
{
	size_t i = 0;
	for (struct aaa_group *g; (g = aaa_group_next(&i));)
		add(ctx, g->name);
	add(ctx, "LOCAL");
}

static const struct cli_type aaa_group_type = {.name = "aaa-server-group",
					       .help_name = "WORD",
					       .match = m_group,
					       .values = v_group,
					       .strength = 20};

static void aaa_init(void)
{
	cli_type_register(&aaa_if);
	cli_type_register(&aaa_group_type);
	aaa_group_register_user(aaa_rules_use_group);
	iface_watch(aaa_iface_renamed);
	aaa_server_cmds_init();
	aaa_rule_cmds_init();
	aaa_user_cmds_init();
	aaa_write_register();
}

MODULE_INIT(aaa_init)
