/*
 * aaa_server_cmds.c — aaa-server groups and hosts (PIX 7.2):
 *   aaa-server NAME protocol radius|tacacs+|...   -> (config-aaa-server-group)
 *   aaa-server NAME [(IF)] host ADDR [key K] [timeout N]
 *                                                 -> (config-aaa-server-host)
 * with their sub-mode commands, `no` forms and clear configure aaa-server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_cmds.h"
#include "aaa/aaa_conf.h"
#include "aaa/aaa_msg.h"
#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"

static struct cli_mode *group_mode, *host_mode;

/* Without "(IF)" the 7.2 box uses the inside interface [R: command
 * reference: "If you do not specify an interface, the default is inside,
 * if available"]; we first take the interface whose network holds the
 * server, as a route lookup would.  With neither (a FWSM configuration
 * pasted before its interfaces exist) the host is kept without one and
 * printed without "(IF)", so that the line pastes back. */
#define AAA_DEFAULT_IF "inside"

static const char *default_ifname(uint32_t addr)
{
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		if (ifp->nameif[0] && ifp->has_ip && ((addr ^ ifp->ip) & ifp->mask) == 0)
			return ifp->nameif;
	}
	return iface_find_name(AAA_DEFAULT_IF) ? AAA_DEFAULT_IF : "";
}

static int num(const struct cli_args *a, const char *spec)
{
	return atoi(cli_get(a, spec));
}

/* ---- aaa-server NAME protocol P ---------------------------------------- */

static int cmd_protocol(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	enum aaa_proto proto;
	if (cli_has(a, "local")) {
		/* PIX 6 declared its LOCAL group; 7.x has it built in */
		cli_printf(cli, AAA_MSG_PIX6_LOCAL "\n");
		return CLI_ERR;
	}
	aaa_proto_parse(a->v[cli_idx(a, "protocol") + 1].spec, &proto);
	if (!strcmp(name, "LOCAL")) {
		cli_printf(cli, AAA_MSG_LOCAL_RESERVED "\n");
		return CLI_ERR;
	}
	struct aaa_group *g = aaa_group_find(name);
	if (g && g->proto != proto) {
		cli_printf(cli, AAA_MSG_PROTO_MISMATCH "\n", name, aaa_proto_name(g->proto));
		return CLI_ERR;
	}
	if (!g) {
		if (aaa_group_count() >= AAA_MAX_GROUPS) {
			cli_printf(cli, AAA_MSG_MAX_GROUPS "\n", AAA_MAX_GROUPS);
			return CLI_ERR;
		}
		aaa_group_add(name, proto);
	}
	cli_enter(cli, group_mode, name, 0);
	return CLI_OK;
}

static int remove_group(struct cli *cli, const char *name)
{
	if (!aaa_group_find(name))
		return CLI_OK;
	if (aaa_group_in_use(name)) {
		cli_printf(cli, AAA_MSG_IN_USE "\n", name);
		return CLI_ERR;
	}
	aaa_group_del(name);
	return CLI_OK;
}

static int cmd_no_group(struct cli *cli, struct cli_args *a)
{
	return remove_group(cli, cli_get(a, "NAME"));
}

/* aaa-server NAME max-failed-attempts N | deadtime N: PIX 6 group options,
 * sub-mode lines of the group in 7.x. */
static int cmd_pix6_group(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	const struct aaa_group *g = aaa_group_find(name);
	char enter[AAA_GROUP_NAME_MAX + 64];
	/* PIX 6 had the groups RADIUS and TACACS+ built in */
	const char *proto = g			    ? aaa_proto_name(g->proto)
			    : !strcmp(name, "RADIUS")  ? "radius"
			    : !strcmp(name, "TACACS+") ? "tacacs+"
						       : "PROTOCOL";
	snprintf(enter, sizeof enter, "aaa-server %s protocol %s", name, proto);
	if (cli_has(a, "deadtime"))
		cli_printf(cli, AAA_MSG_PIX6_GROUP "\n", name, "deadtime", enter,
			   "reactivation-mode depletion deadtime ", cli_get(a, "N"));
	else
		cli_printf(cli, AAA_MSG_PIX6_GROUP "\n", name, "max-failed-attempts",
			   enter, "max-failed-attempts ", cli_get(a, "N"));
	return CLI_ERR;
}

/* ---- aaa-server NAME [(IF)] host ADDR [key K] [timeout N] ---------------- */

/* May this protocol's hosts have a shared key? */
static bool proto_has_key(enum aaa_proto p)
{
	return p == AAA_RADIUS || p == AAA_TACACS;
}

static int cmd_host(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct aaa_group *g = aaa_group_find(name);
	if (!g) {
		cli_printf(cli, AAA_MSG_NO_GROUP "\n", name);
		return CLI_ERR;
	}
	uint32_t addr;
	if (!conf_parse_host(cli_get(a, "ADDR"), &addr))
		return cli_bad(a, "ADDR");
	const char *key = cli_get(a, "KEY");
	if (key && !proto_has_key(g->proto))
		return cli_bad(a, cli_has(a, "key") ? "key" : "KEY");
	if (key && strlen(key) > AAA_KEY_MAX)
		return cli_bad(a, "KEY");
	const char *ifname = cli_has(a, "IF") ? cli_get(a, "IF") : default_ifname(addr);
	struct aaa_host *h = aaa_host_find(g, addr);
	if (!h) {
		if (g->nhosts >= AAA_MAX_HOSTS) {
			cli_printf(cli, AAA_MSG_MAX_HOSTS "\n", AAA_MAX_HOSTS, name);
			return CLI_ERR;
		}
		h = aaa_host_add(g, addr, ifname);
	} else if (cli_has(a, "IF")) {
		snprintf(h->ifname, sizeof h->ifname, "%s", ifname);
	}
	if (key)
		snprintf(h->key, sizeof h->key, "%s", key);
	if (cli_has(a, "T"))
		h->timeout = num(a, "T");
	cli_enter(cli, host_mode, name, (long)addr);
	return CLI_OK;
}

static int cmd_no_host(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct aaa_group *g = aaa_group_find(cli_get(a, "NAME"));
	uint32_t addr;
	if (!conf_parse_host(cli_get(a, "ADDR"), &addr))
		return cli_bad(a, "ADDR");
	if (g)
		aaa_host_del(g, addr);
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (name)
		return remove_group(cli, name);
	/* groups still named elsewhere stay, as with "no aaa-server" */
	size_t i = 0;
	char **names = NULL;
	size_t n = 0;
	for (struct aaa_group *g; (g = aaa_group_next(&i));) {
		names = realloc(names, (n + 1) * sizeof *names);
		names[n++] = g->name;
	}
	int rc = CLI_OK;
	char buf[AAA_GROUP_NAME_MAX + 1];
	for (size_t k = 0; k < n; k++) {
		snprintf(buf, sizeof buf, "%s", names[k]);
		if (remove_group(cli, buf) != CLI_OK)
			rc = CLI_ERR;
	}
	free(names);
	return rc;
}

/* ---- (config-aaa-server-group) ------------------------------------------ */

static struct aaa_group *ctx_group(struct cli *cli)
{
	return aaa_group_find(cli_ctx_key(cli));
}

static int cmd_max_failed(struct cli *cli, struct cli_args *a)
{
	struct aaa_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	g->max_failed = cli_has(a, "no") ? AAA_MAXFAIL_DEFAULT : num(a, "N");
	return CLI_OK;
}

static int cmd_reactivation(struct cli *cli, struct cli_args *a)
{
	struct aaa_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	if (cli_has(a, "no") || cli_has(a, "depletion")) {
		g->react_timed = false;
		g->deadtime = cli_has(a, "D") && !cli_has(a, "no") ? num(a, "D")
								    : AAA_DEADTIME_DEFAULT;
	} else {
		g->react_timed = true;
		g->deadtime = AAA_DEADTIME_DEFAULT;
	}
	return CLI_OK;
}

static int cmd_accounting_mode(struct cli *cli, struct cli_args *a)
{
	struct aaa_group *g = ctx_group(cli);
	if (!g)
		return CLI_ERR;
	/* only RADIUS and TACACS+ groups do accounting */
	if (g->proto != AAA_RADIUS && g->proto != AAA_TACACS)
		return cli_bad(a, "accounting-mode");
	g->acct_simultaneous = !cli_has(a, "no") && cli_has(a, "simultaneous");
	return CLI_OK;
}

/* ---- (config-aaa-server-host) ------------------------------------------- */

static struct aaa_host *ctx_host(struct cli *cli, struct aaa_group **gp)
{
	struct aaa_group *g = aaa_group_find(cli_ctx_key(cli));
	if (gp)
		*gp = g;
	return g ? aaa_host_find(g, (uint32_t)cli_ctx_num(cli)) : NULL;
}

/* Which protocols have each host attribute (a keyword of another
 * protocol's attribute is invalid input, as on the ASA). */
static bool attr_allowed(const char *kw, enum aaa_proto p)
{
	static const struct {
		const char *kw;
		unsigned protos;
	} t[] = {
		{"key", 1u << AAA_RADIUS | 1u << AAA_TACACS},
		{"radius-common-pw", 1u << AAA_RADIUS},
		{"authentication-port", 1u << AAA_RADIUS},
		{"accounting-port", 1u << AAA_RADIUS},
		{"acl-netmask-convert", 1u << AAA_RADIUS},
		{"server-port", 1u << AAA_TACACS | 1u << AAA_KERBEROS | 1u << AAA_LDAP |
					1u << AAA_NT | 1u << AAA_SDI},
		{"ldap-base-dn", 1u << AAA_LDAP},
		{"ldap-scope", 1u << AAA_LDAP},
		{"ldap-naming-attribute", 1u << AAA_LDAP},
		{"ldap-login-password", 1u << AAA_LDAP},
		{"ldap-login-dn", 1u << AAA_LDAP},
		{"server-type", 1u << AAA_LDAP},
		{"sasl-mechanism", 1u << AAA_LDAP},
		{"kerberos-realm", 1u << AAA_KERBEROS},
		{"nt-auth-domain-controller", 1u << AAA_NT},
		{"sdi-version", 1u << AAA_SDI},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].kw, kw))
			return t[i].protos & (1u << p);
	return true; /* timeout, retry-interval: every protocol */
}

/* The attribute keyword: the argument after an optional "no". */
static const char *attr_kw(const struct cli_args *a)
{
	return a->v[cli_has(a, "no") ? 1 : 0].spec;
}

static int cmd_host_attr(struct cli *cli, struct cli_args *a)
{
	struct aaa_group *g;
	struct aaa_host *h = ctx_host(cli, &g);
	if (!h)
		return CLI_ERR;
	const char *kw = attr_kw(a);
	int kwi = cli_has(a, "no") ? 1 : 0;
	if (!attr_allowed(kw, g->proto))
		return cli_bad_at(a, kwi);
	bool neg = cli_has(a, "no");
	const char *val = kwi + 1 < a->n ? a->v[kwi + 1].val : NULL;

	if (!strcmp(kw, "key") || !strcmp(kw, "radius-common-pw")) {
		char *dst = kw[0] == 'k' ? h->key : h->common_pw;
		if (!neg && strlen(val) > AAA_KEY_MAX)
			return cli_bad_at(a, kwi + 1);
		snprintf(dst, AAA_KEY_MAX + 1, "%s", neg ? "" : val);
	} else if (!strcmp(kw, "timeout")) {
		h->timeout = neg ? AAA_TIMEOUT_DEFAULT : atoi(val);
	} else if (!strcmp(kw, "retry-interval")) {
		h->retry_interval = neg ? AAA_RETRY_DEFAULT : atoi(val);
	} else if (!strcmp(kw, "authentication-port")) {
		int p = neg ? 0 : atoi(val);
		h->auth_port = (uint16_t)(p == AAA_RADIUS_AUTH_PORT ? 0 : p);
	} else if (!strcmp(kw, "accounting-port")) {
		int p = neg ? 0 : atoi(val);
		h->acct_port = (uint16_t)(p == AAA_RADIUS_ACCT_PORT ? 0 : p);
	} else if (!strcmp(kw, "server-port")) {
		h->server_port = (uint16_t)(neg ? 0 : atoi(val));
	} else {
		for (int x = 0; x < AAA_X_COUNT; x++) {
			if (strcmp(kw, aaa_host_extra_kw((enum aaa_host_extra)x)))
				continue;
			/* keyword-valued attributes: the words after the keyword */
			char buf[512] = "";
			for (int k = kwi + 1; !neg && k < a->n; k++) {
				size_t l = strlen(buf);
				snprintf(buf + l, sizeof buf - l, "%s%s", l ? " " : "",
					 a->v[k].val);
			}
			aaa_host_set_extra(h, (enum aaa_host_extra)x, neg ? NULL : buf);
		}
	}
	return CLI_OK;
}

/* ---- declarations ------------------------------------------------------- */

static const struct cli_cmd config_cmds[] = {
	{"aaa-server NAME protocol (radius | tacacs+ | kerberos | ldap | nt | sdi | http-form)",
	 "Configure an AAA server group or server\n"
	 "Name of the server group\n"
	 "The protocol of the server group\n"
	 "Protocol RADIUS\nProtocol TACACS+\nProtocol Kerberos\nProtocol LDAP\n"
	 "Protocol NT\nProtocol SDI\nProtocol HTTP form-based authentication",
	 cmd_protocol, 0},
	{"aaa-server NAME protocol local",
	 "\n\n\nPIX 6 local database group (built in since 7.0)", cmd_protocol,
	 CLI_HIDDEN},
	/* 7.x takes the key as a bare word after the address, as PIX 6 did
	 * [R: 7.2 command reference "host {server-ip | name} [key] [timeout
	 * seconds]"]; "key KEY" is the form later releases print */
	{"aaa-server NAME [IF:aaa-if] host ADDR:ip [key KEY | KEY] [timeout T:<1-60>]",
	 "Configure an AAA server group or server\n"
	 "Name of the server group\n"
	 "(if_name) interface the server is reached through\n"
	 "Enter an AAA server\n"
	 "IP address or name of the server\n"
	 "Server secret\nThe secret\nServer secret\n"
	 "Timeout for one attempt\nSeconds",
	 cmd_host, 0},
	{"aaa-server NAME (max-failed-attempts N:<1-5> | deadtime N:<0-1440>)",
	 "\n\nPIX 6 group option (a sub-mode line in 7.x)\nNumber of attempts\n"
	 "PIX 6 group option (a sub-mode line in 7.x)\nMinutes",
	 cmd_pix6_group, CLI_HIDDEN},
	{"no aaa-server NAME [protocol (radius | tacacs+ | kerberos | ldap | nt | sdi | http-form)]",
	 "", cmd_no_group, 0},
	{"no aaa-server NAME [IF:aaa-if] host ADDR:ip [key KEY | KEY] [timeout T:<1-60>]",
	 "", cmd_no_host, 0},
	{"clear configure aaa-server [NAME]",
	 "\n\nClear aaa-server configuration\nName of the server group", cmd_clear, 0},
};

static const struct cli_cmd group_cmds[] = {
	{"[no] max-failed-attempts N:<1-5>",
	 "\nMaximum number of failures before a server is deactivated\nNumber of attempts",
	 cmd_max_failed, 0},
	{"no max-failed-attempts", "", cmd_max_failed, 0},
	{"[no] reactivation-mode (depletion [deadtime D:<0-1440>] | timed)",
	 "\nHow failed servers are reactivated\n"
	 "Reactivate servers when every server of the group has failed\n"
	 "Time between the last server failing and all being reactivated\nMinutes\n"
	 "Reactivate failed servers after 30 seconds",
	 cmd_reactivation, 0},
	{"no reactivation-mode", "", cmd_reactivation, 0},
	{"[no] accounting-mode (single | simultaneous)",
	 "\nHow accounting messages are sent\n"
	 "Send accounting messages to one server\n"
	 "Send accounting messages to every server of the group",
	 cmd_accounting_mode, 0},
	{"no accounting-mode", "", cmd_accounting_mode, 0},
};

#define ATTR(syntax, help) {syntax, help, cmd_host_attr, 0}, \
	{"no " syntax, "", cmd_host_attr, 0}

static const struct cli_cmd host_cmds[] = {
	ATTR("key KEY", "Server secret\nThe secret"),
	{"no key", "", cmd_host_attr, 0},
	ATTR("timeout T:<1-60>", "Timeout for one attempt\nSeconds"),
	{"no timeout", "", cmd_host_attr, 0},
	ATTR("retry-interval T:<1-10>", "Time between attempts\nSeconds"),
	{"no retry-interval", "", cmd_host_attr, 0},
	ATTR("authentication-port P:<1-65535>", "RADIUS authentication port\nPort"),
	{"no authentication-port", "", cmd_host_attr, 0},
	ATTR("accounting-port P:<1-65535>", "RADIUS accounting port\nPort"),
	{"no accounting-port", "", cmd_host_attr, 0},
	ATTR("server-port P:<1-65535>", "Server port\nPort"),
	{"no server-port", "", cmd_host_attr, 0},
	ATTR("radius-common-pw PW", "Common password for all RADIUS users\nThe password"),
	{"no radius-common-pw", "", cmd_host_attr, 0},
	ATTR("acl-netmask-convert (auto-detect | standard | wildcard)",
	     "How netmasks of downloaded ACLs are read\nDetect\nStandard masks\nWildcard masks"),
	{"no acl-netmask-convert", "", cmd_host_attr, 0},
	ATTR("ldap-base-dn DN", "LDAP base DN\nDistinguished name"),
	{"no ldap-base-dn", "", cmd_host_attr, 0},
	ATTR("ldap-scope (onelevel | subtree)", "LDAP search scope\nOne level\nSubtree"),
	{"no ldap-scope", "", cmd_host_attr, 0},
	ATTR("ldap-naming-attribute ATTR", "LDAP naming attribute\nAttribute"),
	{"no ldap-naming-attribute", "", cmd_host_attr, 0},
	ATTR("ldap-login-password PW", "LDAP login password\nThe password"),
	{"no ldap-login-password", "", cmd_host_attr, 0},
	ATTR("ldap-login-dn DN", "LDAP login DN\nDistinguished name"),
	{"no ldap-login-dn", "", cmd_host_attr, 0},
	ATTR("server-type (auto-detect | microsoft | sun | generic | novell | openldap)",
	     "LDAP server type\nDetect\nMicrosoft\nSun\nGeneric\nNovell\nOpenLDAP"),
	{"no server-type", "", cmd_host_attr, 0},
	ATTR("sasl-mechanism (digest-md5 | kerberos SG)",
	     "SASL mechanism\nDigest MD5\nKerberos\nKerberos server group"),
	{"no sasl-mechanism", "", cmd_host_attr, 0},
	ATTR("kerberos-realm REALM", "Kerberos realm\nRealm"),
	{"no kerberos-realm", "", cmd_host_attr, 0},
	ATTR("nt-auth-domain-controller DC", "NT primary domain controller\nName"),
	{"no nt-auth-domain-controller", "", cmd_host_attr, 0},
	ATTR("sdi-version (sdi-pre-5 | sdi-5)", "SDI version\nBefore 5.0\n5.0"),
	{"no sdi-version", "", cmd_host_attr, 0},
};

void aaa_server_cmds_init(void)
{
	/* "protocol l" stays ldap: "local" is only the PIX 6 line refused above */
	cli_prefer("ldap");
	group_mode = cli_mode_new("config-aaa-server-group", cli_mode_config());
	host_mode = cli_mode_new("config-aaa-server-host", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(group_mode, group_cmds);
	cli_install_all(host_mode, host_cmds);
}
