/*
 * classmap.c — "class-map NAME" and its sub-mode (config-cmap):
 * match any | access-list ACL | port tcp|udp eq P|range P1 P2 |
 * default-inspection-traffic, and description.
 *
 * A class-map holds one match criterion; entering another replaces it.
 * show running-config lists class-maps sorted by name between "!" lines.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "policy/internal.h"

struct hmap policy_cmaps;
static struct cli_mode *cmap_mode;

bool policy_valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.')
			return false;
	}
	return true;
}

static void match_clear(struct policy_match *m)
{
	free(m->acl);
	memset(m, 0, sizeof *m);
}

struct class_map *cmap_new(const char *name)
{
	struct class_map *c = xcalloc(1, sizeof *c);
	c->name = xstrdup(name);
	hmap_put(&policy_cmaps, name, c);
	return c;
}

void cmap_free(struct class_map *c)
{
	match_clear(&c->match);
	free(c->desc);
	free(c->name);
	free(c);
}

void cmap_clear_all(void)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&policy_cmaps, &i, &k, &v);)
		cmap_free(v);
	hmap_clear(&policy_cmaps);
}

static struct class_map *cur(struct cli *cli)
{
	return hmap_get(&policy_cmaps, cli_ctx_key(cli));
}

/* ---- global ---------------------------------------------------------- */

static int cmd_class_map(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!policy_valid_name(name) || strcmp(name, CLASS_DEFAULT) == 0)
		return cli_bad(a, "NAME");
	if (!hmap_get(&policy_cmaps, name)) {
		cmap_new(name);
		policy_changed();
	}
	cli_enter(cli, cmap_mode, name, 0);
	return CLI_OK;
}

static int cmd_no_class_map(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct class_map *c = hmap_get(&policy_cmaps, name);
	if (!c)
		return CLI_OK;
	if (pmap_uses_class(name)) {
		cli_printf(cli, "ERROR: Removing class-map %s not allowed, it is being "
				"used.\n", name);
		return CLI_ERR;
	}
	hmap_del(&policy_cmaps, name);
	cmap_free(c);
	policy_changed();
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&policy_cmaps, &i, &k, &v);)
		pmap_drop_class(k);
	cmap_clear_all();
	policy_changed();
	return CLI_OK;
}

/* ---- config-cmap ----------------------------------------------------- */

static int cmd_match(struct cli *cli, struct cli_args *a)
{
	struct class_map *c = cur(cli);
	if (!c)
		return CLI_ERR;
	struct policy_match m = {0};
	if (cli_has(a, "any")) {
		m.kind = PM_ANY;
	} else if (cli_has(a, "default-inspection-traffic")) {
		m.kind = PM_DEFAULT_INSPECTION;
	} else if (cli_has(a, "access-list")) {
		const char *acl = cli_get(a, "ACL");
		if (strlen(acl) > 240)
			return cli_bad(a, "ACL");
		m.kind = PM_ACCESS_LIST;
		m.acl = xstrdup(acl);
	} else {
		m.kind = PM_PORT;
		m.proto = cli_has(a, "tcp") ? 6 : 17;
		m.range = cli_has(a, "range");
		if (!policy_port_parse(m.proto, cli_get(a, "P1"), &m.lo))
			return cli_bad(a, "P1");
		m.hi = m.lo;
		if (m.range && (!policy_port_parse(m.proto, cli_get(a, "P2"), &m.hi) ||
				m.hi < m.lo))
			return cli_bad(a, "P2");
	}
	match_clear(&c->match);
	c->match = m;
	policy_changed();
	return CLI_OK;
}

static int cmd_no_match(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct class_map *c = cur(cli);
	if (c) {
		match_clear(&c->match);
		policy_changed();
	}
	return CLI_OK;
}

static int cmd_description(struct cli *cli, struct cli_args *a)
{
	struct class_map *c = cur(cli);
	if (!c)
		return CLI_ERR;
	const char *t = cli_get(a, "TEXT");
	if (strlen(t) > 200)
		return cli_bad(a, "TEXT");
	free(c->desc);
	c->desc = xstrdup(t);
	return CLI_OK;
}

static int cmd_no_description(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct class_map *c = cur(cli);
	if (c) {
		free(c->desc);
		c->desc = NULL;
	}
	return CLI_OK;
}

/* ---- running-config -------------------------------------------------- */

static int cmp_name(const void *x, const void *y)
{
	return strcmp((*(struct class_map *const *)x)->name,
		      (*(struct class_map *const *)y)->name);
}

static void write_match(struct cfgout *o, const struct policy_match *m)
{
	char b1[16], b2[16];
	switch (m->kind) {
	case PM_ANY: cfg_puts(o, " match any\n"); break;
	case PM_DEFAULT_INSPECTION:
		cfg_puts(o, " match default-inspection-traffic\n");
		break;
	case PM_ACCESS_LIST: cfg_printf(o, " match access-list %s\n", m->acl); break;
	case PM_PORT:
		if (m->range)
			cfg_printf(o, " match port %s range %s %s\n",
				   m->proto == 6 ? "tcp" : "udp",
				   policy_port_fmt(m->proto, m->lo, b1),
				   policy_port_fmt(m->proto, m->hi, b2));
		else
			cfg_printf(o, " match port %s eq %s\n",
				   m->proto == 6 ? "tcp" : "udp",
				   policy_port_fmt(m->proto, m->lo, b1));
		break;
	case PM_NONE:
	case PM_CLASS_DEFAULT:
		break;
	}
}

static void write_class_maps(struct cfgout *o, unsigned flags)
{
	(void)flags;
	size_t n = hmap_count(&policy_cmaps), j = 0;
	struct class_map **v = xcalloc(n ? n : 1, sizeof *v);
	const char *k;
	void *val;
	for (size_t i = 0; hmap_next(&policy_cmaps, &i, &k, &val);)
		v[j++] = val;
	qsort(v, n, sizeof *v, cmp_name);
	cfg_puts(o, "!\n");
	for (size_t i = 0; i < n; i++) {
		cfg_printf(o, "class-map %s\n", v[i]->name);
		if (v[i]->desc)
			cfg_printf(o, " description %s\n", v[i]->desc);
		write_match(o, &v[i]->match);
	}
	cfg_puts(o, "!\n");
	free(v);
}

static const struct cli_cmd config_cmds[] = {
	{"class-map NAME", "Configure MPF Class Map\nName of the class-map",
	 cmd_class_map, 0},
	{"no class-map NAME", POLICY_NO_HELP "Configure MPF Class Map\n"
	 "Name of the class-map", cmd_no_class_map, 0},
	{"clear configure class-map", POLICY_CLEAR_HELP "Clear all class-maps",
	 cmd_clear, 0},
};

static const struct cli_cmd cmap_cmds[] = {
	{"match (any|default-inspection-traffic)",
	 "Configure classification criteria\nMatch any packet\n"
	 "Match default inspection traffic",
	 cmd_match, 0},
	{"match access-list ACL",
	 "Configure classification criteria\nMatch an Access List\n"
	 "Access List name",
	 cmd_match, 0},
	{"match port (tcp|udp) (eq P1|range P1 P2)",
	 "Configure classification criteria\nMatch TCP/UDP port(s)\n"
	 "Match TCP packets\nMatch UDP packets\nPort equal to operator\n"
	 "Port number or name\nPort range operator\nStart port\nEnd port",
	 cmd_match, 0},
	{"no match [ARGS:line]", POLICY_NO_HELP "Configure classification criteria\n"
	 "Match criterion", cmd_no_match, 0},
	{"description TEXT:line", "Specify class-map description\n"
	 "Description text (up to 200 characters)", cmd_description, 0},
	{"no description [TEXT:line]", POLICY_NO_HELP "Specify class-map description\n"
	 "Description text", cmd_no_description, 0},
};

static void classmap_init(void)
{
	cmap_mode = cli_mode_new("config-cmap", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(cmap_mode, cmap_cmds);
	conf_register_writer(ORD_CLASS_MAP, write_class_maps);
}

MODULE_INIT(classmap_init)
