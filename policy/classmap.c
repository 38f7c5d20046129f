/*
 * classmap.c — "class-map NAME" and its sub-mode (config-cmap):
 * match any | access-list ACL | port tcp|udp eq P|range P1 P2 |
 * default-inspection-traffic, and description.
 *
 * A class-map holds one match criterion; entering another replaces it.
 * show running-config lists class-maps sorted by name between "!" lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "vpn/tunnel_group.h"
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
	free(m->tunnel_group);
	memset(m, 0, sizeof *m);
}

/* Drop the primary criterion, keep "match tunnel-group" / "match flow". */
static void primary_clear(struct policy_match *m)
{
	char *tg = m->tunnel_group;
	bool flow = m->flow_dest;
	m->tunnel_group = NULL;
	match_clear(m);
	m->tunnel_group = tg;
	m->flow_dest = flow;
	m->kind = tg ? PM_TUNNEL_GROUP : PM_NONE;
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

/* DSCP code point names, as ASA and IOS print them. */
static const struct {
	const char *name;
	uint8_t value;
} dscp_names[] = {
	{"default", 0}, {"cs1", 8},   {"af11", 10}, {"af12", 12}, {"af13", 14},
	{"cs2", 16},    {"af21", 18}, {"af22", 20}, {"af23", 22}, {"cs3", 24},
	{"af31", 26},   {"af32", 28}, {"af33", 30}, {"cs4", 32},  {"af41", 34},
	{"af42", 36},   {"af43", 38}, {"cs5", 40},  {"ef", 46},   {"cs6", 48},
	{"cs7", 56},
};

static bool parse_small(const char *s, int max, uint8_t *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || s[0] < '0' || s[0] > '9' || v > max)
		return false;
	*out = (uint8_t)v;
	return true;
}

static bool parse_dscp(const char *s, uint8_t *out)
{
	for (size_t i = 0; i < sizeof dscp_names / sizeof dscp_names[0]; i++)
		if (strcmp(s, dscp_names[i].name) == 0) {
			*out = dscp_names[i].value;
			return true;
		}
	return parse_small(s, 63, out);
}

static const char *dscp_fmt(uint8_t v, char buf[8])
{
	for (size_t i = 0; i < sizeof dscp_names / sizeof dscp_names[0]; i++)
		if (dscp_names[i].value == v)
			return dscp_names[i].name;
	snprintf(buf, 8, "%u", v);
	return buf;
}

/* "match dscp|precedence V V ...": the values after the keyword. */
static int parse_values(struct cli_args *a, struct policy_match *m, bool dscp)
{
	int first = cli_idx(a, dscp ? "dscp" : "precedence") + 1;
	int max = dscp ? POLICY_MATCH_VALUES : 4;
	for (int i = first; i < a->n; i++) {
		uint8_t v;
		bool ok = dscp ? parse_dscp(a->v[i].val, &v)
			       : parse_small(a->v[i].val, 7, &v);
		if (!ok || m->nvalues == max)
			return cli_bad_at(a, i);
		bool dup = false;
		for (int j = 0; j < m->nvalues; j++)
			dup |= m->values[j] == v;
		if (!dup)
			m->values[m->nvalues++] = v;
	}
	return m->nvalues ? CLI_OK : CLI_ERR_INCOMPLETE;
}

static int cmd_match(struct cli *cli, struct cli_args *a)
{
	struct class_map *c = cur(cli);
	if (!c)
		return CLI_ERR;
	struct policy_match m = {0};
	int rc;
	if (cli_has(a, "any")) {
		m.kind = PM_ANY;
	} else if (cli_has(a, "default-inspection-traffic")) {
		m.kind = PM_DEFAULT_INSPECTION;
		/* an access-list entered before narrows it */
		if (c->match.kind == PM_ACCESS_LIST || c->match.kind == PM_DEFAULT_INSPECTION)
			m.acl = c->match.acl ? xstrdup(c->match.acl) : NULL;
	} else if (cli_has(a, "access-list")) {
		const char *acl = cli_get(a, "ACL");
		if (strlen(acl) > 240)
			return cli_bad(a, "ACL");
		m.kind = c->match.kind == PM_DEFAULT_INSPECTION ? PM_DEFAULT_INSPECTION
								: PM_ACCESS_LIST;
		m.acl = xstrdup(acl);
	} else if (cli_has(a, "dscp") || cli_has(a, "precedence")) {
		bool dscp = cli_has(a, "dscp");
		m.kind = dscp ? PM_DSCP : PM_PRECEDENCE;
		if ((rc = parse_values(a, &m, dscp)) != CLI_OK)
			return rc;
	} else if (cli_has(a, "rtp")) {
		m.kind = PM_RTP;
		m.lo = (uint16_t)atoi(cli_get(a, "START"));
		long hi = m.lo + atol(cli_get(a, "RANGE"));
		if (hi > 65535)
			return cli_bad(a, "RANGE");
		m.hi = (uint16_t)hi;
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
	m.tunnel_group = c->match.tunnel_group;
	m.flow_dest = c->match.flow_dest;
	c->match.tunnel_group = NULL;
	match_clear(&c->match);
	c->match = m;
	policy_changed();
	return CLI_OK;
}

static int cmd_match_tunnel_group(struct cli *cli, struct cli_args *a)
{
	struct class_map *c = cur(cli);
	if (!c)
		return CLI_ERR;
	const char *tg = cli_get(a, "NAME");
	if (!tg_find(tg)) {
		cli_printf(cli, "ERROR: tunnel-group %s does not exist\n", tg);
		return CLI_ERR;
	}
	free(c->match.tunnel_group);
	c->match.tunnel_group = xstrdup(tg);
	if (c->match.kind == PM_NONE)
		c->match.kind = PM_TUNNEL_GROUP;
	policy_changed();
	return CLI_OK;
}

static int cmd_match_flow(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct class_map *c = cur(cli);
	if (!c)
		return CLI_ERR;
	c->match.flow_dest = true;
	policy_changed();
	return CLI_OK;
}

/* Which criterion "no match WORD ..." names: WORD may be abbreviated. */
static bool no_match_is(const char *args, const char *kw)
{
	size_t n = strcspn(args, " \t");
	return n > 0 && strncmp(args, kw, n) == 0;
}

static int cmd_no_match(struct cli *cli, struct cli_args *a)
{
	struct class_map *c = cur(cli);
	if (!c)
		return CLI_OK;
	struct policy_match *m = &c->match;
	const char *args = cli_get(a, "ARGS");
	if (!args)
		args = "";
	if (no_match_is(args, "tunnel-group")) {
		free(m->tunnel_group);
		m->tunnel_group = NULL;
		if (m->kind == PM_TUNNEL_GROUP)
			m->kind = PM_NONE;
	} else if (no_match_is(args, "flow")) {
		m->flow_dest = false;
	} else if (no_match_is(args, "access-list") && m->kind == PM_DEFAULT_INSPECTION) {
		free(m->acl);
		m->acl = NULL;
	} else if (no_match_is(args, "default-inspection-traffic") &&
		   m->kind == PM_DEFAULT_INSPECTION && m->acl) {
		m->kind = PM_ACCESS_LIST;
	} else {
		primary_clear(m);
	}
	policy_changed();
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
		if (m->acl)
			cfg_printf(o, " match access-list %s\n", m->acl);
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
	case PM_DSCP:
	case PM_PRECEDENCE:
		cfg_printf(o, " match %s", m->kind == PM_DSCP ? "dscp" : "precedence");
		for (int i = 0; i < m->nvalues; i++) {
			char b[8];
			if (m->kind == PM_DSCP)
				cfg_printf(o, " %s", dscp_fmt(m->values[i], b));
			else
				cfg_printf(o, " %u", m->values[i]);
		}
		cfg_puts(o, "\n");
		break;
	case PM_RTP:
		cfg_printf(o, " match rtp %u %u\n", m->lo, (unsigned)(m->hi - m->lo));
		break;
	case PM_NONE:
	case PM_CLASS_DEFAULT:
	case PM_TUNNEL_GROUP:
		break;
	}
	if (m->tunnel_group)
		cfg_printf(o, " match tunnel-group %s\n", m->tunnel_group);
	if (m->flow_dest)
		cfg_puts(o, " match flow ip destination-address\n");
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
	{"match (dscp|precedence) {VALUE}",
	 "Configure classification criteria\nMatch IP DSCP (up to 8 values)\n"
	 "Match IP precedence (up to 4 values)\nValue (DSCP 0-63 or af11..ef, "
	 "precedence 0-7)",
	 cmd_match, 0},
	{"match rtp START:<2000-65534> RANGE:<0-16383>",
	 "Configure classification criteria\nMatch RTP (even UDP ports)\n"
	 "First port\nNumber of ports above the first",
	 cmd_match, 0},
	{"match tunnel-group NAME",
	 "Configure classification criteria\nMatch the traffic of a tunnel group\n"
	 "Name of the tunnel group",
	 cmd_match_tunnel_group, 0},
	{"match flow ip destination-address",
	 "Configure classification criteria\nMatch per flow\nIP flow\n"
	 "Each destination address is a flow",
	 cmd_match_flow, 0},
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
