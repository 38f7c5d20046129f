/*
 * names.c — "names" / "name A.B.C.D NAME [description TEXT]".
 *
 * Every address parser of the box goes through conf_parse_host() and every
 * writer prints through conf_fmt_host(), so both directions are hashed:
 * name -> entry (insertion order = config order) and address -> the first
 * name given to it (several names may share an address; the first wins for
 * printing, as the configuration reads top to bottom).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/hmap.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"

struct name_ent {
	char *name;
	uint32_t ip;
	char *desc; /* NULL: none */
};

static struct hmap by_name; /* name -> struct name_ent* (owner) */
static struct hmap by_ip;   /* "%08x" -> struct name_ent* (first name) */
static bool names_on;

static void ip_key(uint32_t ip, char key[9])
{
	snprintf(key, 9, "%08x", ip);
}

bool conf_names_enabled(void) { return names_on; }

bool conf_parse_host(const char *s, uint32_t *ip)
{
	if (ip4_parse(s, ip))
		return true;
	if (!names_on)
		return false;
	const struct name_ent *e = hmap_get(&by_name, s);
	if (!e)
		return false;
	*ip = e->ip;
	return true;
}

const char *conf_fmt_host(uint32_t ip, char buf[64])
{
	if (names_on) {
		char key[9];
		ip_key(ip, key);
		const struct name_ent *e = hmap_get(&by_ip, key);
		if (e) {
			strlcpy_(buf, e->name, 64);
			return buf;
		}
	}
	char tmp[16];
	strlcpy_(buf, ip4_fmt(ip, tmp), 64);
	return buf;
}

/* A name must not be read as an address or as an address keyword. */
static bool valid_name(const char *s)
{
	static const char *const reserved[] = {"any", "any4", "any6", "host",
					       "interface", "object",
					       "object-group"};
	size_t n = strlen(s);
	uint32_t ip;
	if (n == 0 || n > 63 || ip4_parse(s, &ip))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.')
			return false;
	}
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strcmp(s, reserved[i]) == 0)
			return false;
	return true;
}

static void ent_free(struct name_ent *e)
{
	free(e->name);
	free(e->desc);
	free(e);
}

/* Remove e from both maps and free it; another name of the same address
 * (if any) becomes the one printed. */
static void ent_remove(struct name_ent *e)
{
	char key[9];
	ip_key(e->ip, key);
	hmap_del(&by_name, e->name);
	if (hmap_get(&by_ip, key) == e) {
		hmap_del(&by_ip, key);
		const char *k;
		void *v;
		for (size_t i = 0; hmap_next(&by_name, &i, &k, &v);) {
			struct name_ent *o = v;
			if (o->ip == e->ip) {
				hmap_put(&by_ip, key, o);
				break;
			}
		}
	}
	ent_free(e);
}

static void names_clear(void)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&by_name, &i, &k, &v);)
		ent_free(v);
	hmap_clear(&by_name);
	hmap_clear(&by_ip);
}

static int cmd_names(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	names_on = true;
	return CLI_OK;
}

static int cmd_no_names(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	names_on = false;
	return CLI_OK;
}

static int cmd_name(struct cli *cli, struct cli_args *a)
{
	uint32_t ip;
	const char *addr = cli_get(a, "ADDR"), *name = cli_get(a, "NAME");
	const char *desc = cli_get(a, "TEXT");
	if (!ip4_parse(addr, &ip))
		return cli_bad(a, "ADDR");
	if (!valid_name(name))
		return cli_bad(a, "NAME");
	struct name_ent *e = hmap_get(&by_name, name);
	if (e && e->ip != ip) {
		cli_printf(cli, "ERROR: Name %s already exists\n", name);
		return CLI_ERR;
	}
	if (e) { /* same name, same address: the description is replaced */
		free(e->desc);
		e->desc = desc && *desc ? xstrdup(desc) : NULL;
		return CLI_OK;
	}
	e = xcalloc(1, sizeof *e);
	e->name = xstrdup(name);
	e->ip = ip;
	e->desc = desc && *desc ? xstrdup(desc) : NULL;
	hmap_put(&by_name, name, e);
	char key[9];
	ip_key(ip, key);
	if (!hmap_get(&by_ip, key))
		hmap_put(&by_ip, key, e);
	return CLI_OK;
}

static int cmd_no_name(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	uint32_t ip;
	if (!ip4_parse(cli_get(a, "ADDR"), &ip))
		return cli_bad(a, "ADDR");
	struct name_ent *e = hmap_get(&by_name, cli_get(a, "NAME"));
	if (e && e->ip == ip)
		ent_remove(e);
	return CLI_OK;
}

static int cmd_clear_names(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	names_clear();
	return CLI_OK;
}

static int cmd_show_names(struct cli *cli, struct cli_args *a)
{
	const char *only = cli_get(a, "NAME");
	const char *k;
	void *v;
	char b[16];
	for (size_t i = 0; hmap_next(&by_name, &i, &k, &v);) {
		const struct name_ent *e = v;
		if (only && strcmp(only, e->name) != 0)
			continue;
		cli_printf(cli, "name %s %s%s%s\n", ip4_fmt(e->ip, b), e->name,
			   e->desc ? " description " : "", e->desc ? e->desc : "");
	}
	return CLI_OK;
}

static void write_names(struct cfgout *o, unsigned flags)
{
	(void)flags;
	/* "names" is on in the factory default; print its absence so that
	 * pasting the output back gives the same configuration */
	cfg_puts(o, names_on ? "names\n" : "no names\n");
	const char *k;
	void *v;
	char b[16];
	for (size_t i = 0; hmap_next(&by_name, &i, &k, &v);) {
		const struct name_ent *e = v;
		cfg_printf(o, "name %s %s", ip4_fmt(e->ip, b), e->name);
		if (e->desc)
			cfg_printf(o, " description %s", e->desc);
		cfg_puts(o, "\n");
	}
}

static void names_reset(void)
{
	names_clear();
	names_on = true;
}

static const struct cli_cmd config_cmds[] = {
	{"names", "Enable/Disable IP address to name mapping", cmd_names, 0},
	{"no names", "Negate a command or set its defaults\n"
	 "Enable/Disable IP address to name mapping", cmd_no_names, 0},
	{"name ADDR:ip NAME [description TEXT:line]",
	 "Associate a name with an IP address\nIP address to name\n"
	 "Name to assign (up to 63 characters)\n"
	 "Enter this keyword to specify a description\nDescription text",
	 cmd_name, 0},
	{"no name ADDR:ip NAME [description TEXT:line]",
	 "Negate a command or set its defaults\n"
	 "Associate a name with an IP address\nIP address\nName\n"
	 "Enter this keyword to specify a description\nDescription text",
	 cmd_no_name, 0},
	{"clear configure (names|name)",
	 MGMT_CLEAR_HELP "Clear all name configuration\nClear all name configuration",
	 cmd_clear_names, 0},
};

static const struct cli_cmd show_cmds[] = {
	{"show names [NAME]", "Show running system information\n"
	 "Show IP address to name mapping\nName", cmd_show_names, CLI_SHOW},
};

static void names_init(void)
{
	hmap_init(&by_name, false);
	hmap_init(&by_ip, false);
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(cli_mode_exec(), show_cmds);
	conf_register_writer(ORD_NAMES, write_names);
	conf_register_reset(names_reset);
	names_on = true;
}

/* Early: every other module's parsers use names through conf_parse_host. */
MODULE_INIT_PRIO(names_init, 10)
