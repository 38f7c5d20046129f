/*
 * dns.c — "dns domain-lookup IF" and the "dns server-group NAME" sub-mode
 * (domain-name, name-server, timeout, retries).  DefaultDNS always exists;
 * the global domain-name is copied into it, as 7.2 keeps the two aligned.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"
#include "lib/hmap.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"
#include "mgmt/mgmt.h"

#define DNS_DEFAULT_GROUP "DefaultDNS"
#define DNS_MAX_SERVERS 6
#define DNS_TIMEOUT_DEFAULT 2
#define DNS_RETRIES_DEFAULT 2

struct dns_group {
	char domain[64]; /* "" = none */
	uint32_t ns[DNS_MAX_SERVERS];
	int nns;
	int timeout, retries;
};

static struct hmap groups; /* name -> struct dns_group* (owner) */
static char **lookup_ifs;  /* "dns domain-lookup IF", entry order */
static int nlookup;
static struct cli_mode *dns_mode;

static struct dns_group *group_new(const char *name)
{
	struct dns_group *g = xcalloc(1, sizeof *g);
	g->timeout = DNS_TIMEOUT_DEFAULT;
	g->retries = DNS_RETRIES_DEFAULT;
	hmap_put(&groups, name, g);
	return g;
}

static struct dns_group *default_group(void)
{
	struct dns_group *g = hmap_get(&groups, DNS_DEFAULT_GROUP);
	return g ? g : group_new(DNS_DEFAULT_GROUP);
}

void mgmt_dns_default_domain(const char *domain)
{
	strlcpy_(default_group()->domain, domain, sizeof default_group()->domain);
}

int mgmt_dns_servers(uint32_t out[6])
{
	const struct dns_group *g = default_group();
	memcpy(out, g->ns, sizeof g->ns);
	return g->nns;
}

bool mgmt_dns_lookup_enabled(const char *ifname)
{
	for (int i = 0; i < nlookup; i++)
		if (strcmp(lookup_ifs[i], ifname) == 0)
			return true;
	return false;
}

static struct dns_group *cur_group(struct cli *cli)
{
	struct dns_group *g = hmap_get(&groups, cli_ctx_key(cli));
	return g ? g : default_group();
}

static void groups_clear(void)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&groups, &i, &k, &v);)
		free(v);
	hmap_clear(&groups);
	for (int i = 0; i < nlookup; i++)
		free(lookup_ifs[i]);
	free(lookup_ifs);
	lookup_ifs = NULL;
	nlookup = 0;
}

/* ---- global commands ------------------------------------------------- */

static int cmd_domain_lookup(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifname = cli_get(a, "IF");
	if (mgmt_dns_lookup_enabled(ifname))
		return CLI_OK;
	lookup_ifs = xrealloc(lookup_ifs, (size_t)(nlookup + 1) * sizeof *lookup_ifs);
	lookup_ifs[nlookup++] = xstrdup(ifname);
	return CLI_OK;
}

static int cmd_no_domain_lookup(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifname = cli_get(a, "IF");
	for (int i = 0; i < nlookup; i++)
		if (strcmp(lookup_ifs[i], ifname) == 0) {
			free(lookup_ifs[i]);
			memmove(&lookup_ifs[i], &lookup_ifs[i + 1],
				(size_t)(nlookup - i - 1) * sizeof *lookup_ifs);
			nlookup--;
			break;
		}
	return CLI_OK;
}

static bool valid_group_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.')
			return false;
	}
	return true;
}

static int cmd_server_group(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!valid_group_name(name))
		return cli_bad(a, "NAME");
	if (!hmap_get(&groups, name))
		group_new(name);
	cli_enter(cli, dns_mode, name, 0);
	return CLI_OK;
}

static int cmd_no_server_group(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	struct dns_group *g = hmap_get(&groups, name);
	if (!g)
		return CLI_OK;
	if (strcmp(name, DNS_DEFAULT_GROUP) == 0) { /* built in: back to default */
		memset(g, 0, sizeof *g);
		g->timeout = DNS_TIMEOUT_DEFAULT;
		g->retries = DNS_RETRIES_DEFAULT;
		return CLI_OK;
	}
	free(hmap_del(&groups, name));
	return CLI_OK;
}

static int cmd_clear_dns(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	groups_clear();
	default_group();
	return CLI_OK;
}

/* ---- server-group sub-mode ------------------------------------------- */

static int cmd_sg_domain(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!mgmt_valid_domain(name, 63))
		return cli_bad(a, "NAME");
	strlcpy_(cur_group(cli)->domain, name, sizeof cur_group(cli)->domain);
	return CLI_OK;
}

static int cmd_sg_no_domain(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cur_group(cli)->domain[0] = '\0';
	return CLI_OK;
}

static int cmd_sg_ns(struct cli *cli, struct cli_args *a)
{
	struct dns_group *g = cur_group(cli);
	uint32_t add[DNS_MAX_SERVERS];
	int nadd = 0;
	const char *s;
	for (int i = 0; (s = cli_get_nth(a, "ADDR", i)); i++) {
		uint32_t ip;
		if (!conf_parse_host(s, &ip))
			return cli_bad_at(a, cli_idx(a, "ADDR") + i);
		bool dup = false;
		for (int j = 0; j < g->nns; j++)
			dup |= g->ns[j] == ip;
		for (int j = 0; j < nadd; j++)
			dup |= add[j] == ip;
		if (dup)
			continue;
		if (g->nns + nadd >= DNS_MAX_SERVERS) {
			cli_printf(cli, "ERROR: Only %d name servers can be configured\n",
				   DNS_MAX_SERVERS);
			return CLI_ERR;
		}
		add[nadd++] = ip;
	}
	if (nadd == 0 && !cli_get(a, "ADDR"))
		return CLI_ERR_INCOMPLETE;
	memcpy(&g->ns[g->nns], add, (size_t)nadd * sizeof *add);
	g->nns += nadd;
	return CLI_OK;
}

static int cmd_sg_no_ns(struct cli *cli, struct cli_args *a)
{
	struct dns_group *g = cur_group(cli);
	const char *s = cli_get(a, "ADDR");
	if (!s) {
		g->nns = 0;
		return CLI_OK;
	}
	for (int i = 0; (s = cli_get_nth(a, "ADDR", i)); i++) {
		uint32_t ip;
		if (!conf_parse_host(s, &ip))
			continue;
		for (int j = 0; j < g->nns; j++)
			if (g->ns[j] == ip) {
				memmove(&g->ns[j], &g->ns[j + 1],
					(size_t)(g->nns - j - 1) * sizeof *g->ns);
				g->nns--;
				break;
			}
	}
	return CLI_OK;
}

static int cmd_sg_timeout(struct cli *cli, struct cli_args *a)
{
	struct dns_group *g = cur_group(cli);
	bool no = cli_has(a, "no");
	const char *n = cli_get(a, "N");
	if (cli_has(a, "timeout"))
		g->timeout = no || !n ? DNS_TIMEOUT_DEFAULT : atoi(n);
	else
		g->retries = no || !n ? DNS_RETRIES_DEFAULT : atoi(n);
	return CLI_OK;
}

/* ---- running-config -------------------------------------------------- */

static void write_dns(struct cfgout *o, unsigned flags)
{
	for (int i = 0; i < nlookup; i++)
		cfg_printf(o, "dns domain-lookup %s\n", lookup_ifs[i]);
	const char *k;
	void *v;
	char h[64];
	for (size_t i = 0; hmap_next(&groups, &i, &k, &v);) {
		const struct dns_group *g = v;
		cfg_printf(o, "dns server-group %s\n", k);
		for (int j = 0; j < g->nns; j++)
			cfg_printf(o, " name-server %s\n", conf_fmt_host(g->ns[j], h));
		if (g->domain[0])
			cfg_printf(o, " domain-name %s\n", g->domain);
		if (g->timeout != DNS_TIMEOUT_DEFAULT || (flags & CONF_W_ALL))
			cfg_printf(o, " timeout %d\n", g->timeout);
		if (g->retries != DNS_RETRIES_DEFAULT || (flags & CONF_W_ALL))
			cfg_printf(o, " retries %d\n", g->retries);
	}
}

static void dns_reset(void)
{
	groups_clear();
	/* order-independent of system.c's reset: both set the same default */
	mgmt_dns_default_domain(MGMT_DEFAULT_DOMAIN);
}

static const struct cli_cmd config_cmds[] = {
	{"dns domain-lookup IF:nameif",
	 "Configure DNS (Domain Name Service)\n"
	 "Enable DNS lookup on an interface\nName of interface",
	 cmd_domain_lookup, 0},
	{"no dns domain-lookup IF:nameif",
	 "Negate a command or set its defaults\nConfigure DNS (Domain Name Service)\n"
	 "Enable DNS lookup on an interface\nName of interface",
	 cmd_no_domain_lookup, 0},
	{"dns server-group NAME",
	 "Configure DNS (Domain Name Service)\n"
	 "Enter the DNS server-group configuration mode\nDNS server group name",
	 cmd_server_group, 0},
	{"no dns server-group NAME",
	 "Negate a command or set its defaults\nConfigure DNS (Domain Name Service)\n"
	 "Enter the DNS server-group configuration mode\nDNS server group name",
	 cmd_no_server_group, 0},
	{"clear configure dns", MGMT_CLEAR_HELP "Clear DNS configuration",
	 cmd_clear_dns, 0},
};

static const struct cli_cmd group_cmds[] = {
	{"domain-name NAME", "Specify the domain name\nDomain name", cmd_sg_domain, 0},
	{"no domain-name [NAME]", "Negate a command or set its defaults\n"
	 "Specify the domain name\nDomain name", cmd_sg_no_domain, 0},
	{"name-server {ADDR:ip}", "Specify DNS servers\nIP address of a DNS server",
	 cmd_sg_ns, 0},
	{"no name-server [{ADDR:ip}]", "Negate a command or set its defaults\n"
	 "Specify DNS servers\nIP address of a DNS server", cmd_sg_no_ns, 0},
	{"[no] timeout N:<1-30>", "Negate a command or set its defaults\n"
	 "Specify the timeout between DNS requests\nTimeout in seconds",
	 cmd_sg_timeout, 0},
	{"no timeout", "Negate a command or set its defaults\n"
	 "Specify the timeout between DNS requests", cmd_sg_timeout, 0},
	{"[no] retries N:<0-10>", "Negate a command or set its defaults\n"
	 "Specify the number of retries of DNS requests\nNumber of retries",
	 cmd_sg_timeout, 0},
	{"no retries", "Negate a command or set its defaults\n"
	 "Specify the number of retries of DNS requests", cmd_sg_timeout, 0},
};

/* "dns domain-lookup IF" follows its interface's name and goes with it. */
static void iface_changed(const char *oldname, const char *newname)
{
	for (int i = 0; i < nlookup; i++) {
		if (strcmp(lookup_ifs[i], oldname) != 0)
			continue;
		free(lookup_ifs[i]);
		if (newname) {
			lookup_ifs[i] = xstrdup(newname);
		} else {
			memmove(&lookup_ifs[i], &lookup_ifs[i + 1],
				(size_t)(nlookup - i - 1) * sizeof *lookup_ifs);
			nlookup--;
		}
		return;
	}
}

static void dns_init(void)
{
	/* groups is not hmap_init'ed: a zeroed map is valid, and system.c's
	 * reset may already have filled DefaultDNS */
	dns_mode = cli_mode_new("config-dns-server-group", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(dns_mode, group_cmds);
	conf_register_writer(ORD_DNS, write_dns);
	conf_register_reset(dns_reset);
	iface_watch(iface_changed);
	dns_reset();
}

MODULE_INIT(dns_init)
