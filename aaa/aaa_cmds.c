/*
 * aaa_cmds.c — "aaa authentication | authorization | accounting | local |
 * proxy-limit ..." lines (PIX 7.2), their `no` forms and clear configure aaa.
 * Every line becomes one struct aaa_rule (aaa_conf.h), kept in entry order
 * as the ASA prints them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_cmds.h"
#include "aaa/aaa_conf.h"
#include "aaa/aaa_msg.h"
#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/acl.h"
#include "dataplane/dp_errors.h"
#include "lib/ip4.h"

/* include/exclude services: any, ftp, http, https, telnet, or proto/port. */
static bool service_ok(const char *s)
{
	static const char *const names[] = {"any", "ftp", "http", "https", "telnet"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(s, names[i]))
			return true;
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || !slash[1] || strlen(s) >= 32)
		return false;
	for (const char *p = slash + 1; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return atoi(slash + 1) <= 65535;
}

/* Check GROUP [FALLBACK]: the group must exist (LOCAL only where allowed)
 * and the fallback can only be LOCAL after a server group. */
static int check_group(struct cli *cli, struct cli_args *a, struct aaa_rule *r,
		       bool local_ok)
{
	const char *g = cli_get(a, "GROUP");
	if (!strcmp(g, "LOCAL")) {
		if (!local_ok)
			return cli_bad(a, "GROUP");
	} else if (!aaa_group_find(g)) {
		cli_printf(cli, AAA_MSG_UNKNOWN_GROUP "\n", g);
		return CLI_ERR;
	}
	snprintf(r->group, sizeof r->group, "%s", g);
	const char *fb = cli_get(a, "FALLBACK");
	if (fb) {
		if (strcmp(fb, "LOCAL") || !strcmp(g, "LOCAL"))
			return cli_bad(a, "FALLBACK");
		r->local_fallback = true;
	}
	return CLI_OK;
}

static int finish(struct cli_args *a, struct aaa_rule *r)
{
	if (cli_has(a, "no"))
		aaa_rule_del(r);
	else
		aaa_rule_set(r);
	return CLI_OK;
}

static enum aaa_kind kind_of(const struct cli_args *a)
{
	if (cli_has(a, "authorization"))
		return AAA_AUTHOR;
	if (cli_has(a, "accounting"))
		return AAA_ACCT;
	return AAA_AUTHEN;
}

/* aaa (authentication|accounting) SVC console GROUP [FALLBACK] */
static int cmd_console(struct cli *cli, struct cli_args *a)
{
	struct aaa_rule r = {.kind = kind_of(a), .form = AAA_F_CONSOLE};
	static const char *const svcs[] = {"serial", "enable", "telnet", "ssh", "http"};
	for (size_t i = 0; i < sizeof svcs / sizeof svcs[0]; i++)
		if (cli_has(a, svcs[i]))
			r.console = (enum aaa_console)i;
	int rc = check_group(cli, a, &r, r.kind == AAA_AUTHEN);
	if (rc != CLI_OK)
		return rc;
	return finish(a, &r);
}

/* aaa authorization command GROUP [FALLBACK]
 * aaa accounting command [privilege N] GROUP */
static int cmd_command(struct cli *cli, struct cli_args *a)
{
	struct aaa_rule r = {.kind = kind_of(a), .form = AAA_F_COMMAND};
	if (cli_has(a, "P"))
		r.privilege = atoi(cli_get(a, "P"));
	int rc = check_group(cli, a, &r, r.kind == AAA_AUTHOR);
	if (rc != CLI_OK)
		return rc;
	return finish(a, &r);
}

/* aaa X match ACL IF GROUP */
static int cmd_match(struct cli *cli, struct cli_args *a)
{
	struct aaa_rule r = {.kind = kind_of(a), .form = AAA_F_MATCH};
	const char *acl = cli_get(a, "ACL"), *ifname = cli_get(a, "IF");
	if (strlen(acl) > AAA_ACLNAME_MAX)
		return cli_bad(a, "ACL");
	if (strlen(ifname) > AAA_IFNAME_MAX)
		return cli_bad(a, "IF");
	snprintf(r.acl, sizeof r.acl, "%s", acl);
	snprintf(r.ifname, sizeof r.ifname, "%s", ifname);
	int rc = check_group(cli, a, &r, r.kind == AAA_AUTHEN);
	if (rc != CLI_OK)
		return rc;
	if (!cli_has(a, "no") && !acl_find(acl)) {
		cli_printf(cli, ERR_ACL_NOT_EXIST, acl);
		return CLI_ERR;
	}
	return finish(a, &r);
}

/* aaa X (include|exclude) SERVICE IF LIP LMASK [FIP FMASK] GROUP */
static int cmd_incl(struct cli *cli, struct cli_args *a)
{
	struct aaa_rule r = {.kind = kind_of(a),
			     .form = cli_has(a, "include") ? AAA_F_INCLUDE : AAA_F_EXCLUDE};
	const char *svc = cli_get(a, "SERVICE"), *ifname = cli_get(a, "IF");
	if (!service_ok(svc))
		return cli_bad(a, "SERVICE");
	if (strlen(ifname) > AAA_IFNAME_MAX)
		return cli_bad(a, "IF");
	snprintf(r.service, sizeof r.service, "%s", svc);
	snprintf(r.ifname, sizeof r.ifname, "%s", ifname);
	if (!conf_parse_host(cli_get(a, "LIP"), &r.lip))
		return cli_bad(a, "LIP");
	ip4_parse(cli_get(a, "LMASK"), &r.lmask);
	if (cli_has(a, "FIP")) {
		if (!conf_parse_host(cli_get(a, "FIP"), &r.fip))
			return cli_bad(a, "FIP");
		ip4_parse(cli_get(a, "FMASK"), &r.fmask);
		r.has_foreign = true;
	}
	int rc = check_group(cli, a, &r, r.kind == AAA_AUTHEN);
	if (rc != CLI_OK)
		return rc;
	return finish(a, &r);
}

static int cmd_secure_http(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct aaa_rule r = {.kind = AAA_AUTHEN, .form = AAA_F_SECURE_HTTP};
	return finish(a, &r);
}

static int cmd_listener(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct aaa_rule r = {.kind = AAA_AUTHEN, .form = AAA_F_LISTENER};
	snprintf(r.service, sizeof r.service, "%s", cli_has(a, "https") ? "https" : "http");
	const char *ifname = cli_get(a, "IF");
	if (strlen(ifname) > AAA_IFNAME_MAX)
		return cli_bad(a, "IF");
	snprintf(r.ifname, sizeof r.ifname, "%s", ifname);
	if (cli_has(a, "PORT"))
		r.number = atoi(cli_get(a, "PORT"));
	r.redirect = cli_has(a, "redirect");
	return finish(a, &r);
}

static int cmd_maxfail(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct aaa_rule r = {.kind = AAA_AUTHEN, .form = AAA_F_MAXFAIL};
	if (cli_has(a, "N"))
		r.number = atoi(cli_get(a, "N"));
	return finish(a, &r);
}

/* The default proxy-limit (16) is not a line of its own. */
#define AAA_PROXY_LIMIT_DEFAULT 16

static int cmd_proxy_limit(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct aaa_rule r = {.kind = AAA_AUTHEN, .form = AAA_F_PROXY_LIMIT};
	r.number = cli_has(a, "disable") ? 0 : cli_has(a, "N") ? atoi(cli_get(a, "N"))
							   : AAA_PROXY_LIMIT_DEFAULT;
	if (cli_has(a, "no") || r.number == AAA_PROXY_LIMIT_DEFAULT) {
		aaa_rule_del(&r);
		return CLI_OK;
	}
	aaa_rule_set(&r);
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	aaa_rules_clear();
	return CLI_OK;
}

#define GRP "GROUP [FALLBACK]"
#define GRP_HELP "Server group, or LOCAL\nLOCAL: use the local user database when the group fails"
#define INCL "(include | exclude) SERVICE IF:nameif LIP:ip LMASK:mask [FIP:ip FMASK:mask] GROUP"
#define INCL_HELP                                                              \
	"Include a service\nExclude a service\n"                               \
	"any, ftp, http, https, telnet or protocol/port\n"                      \
	"Interface name\nLocal IP address\nLocal network mask\n"               \
	"Foreign IP address\nForeign network mask\nServer group"

static const struct cli_cmd config_cmds[] = {
	{"[no] aaa authentication (serial | enable | telnet | ssh | http) console " GRP,
	 "\nEnable, disable, or view user authentication, authorization and accounting\n"
	 "Enable or disable user authentication\n"
	 "Serial console\nEnable mode\nTelnet sessions\nSSH sessions\nASDM (HTTP) sessions\n"
	 "Console access\n" GRP_HELP,
	 cmd_console, 0},
	{"[no] aaa authentication match ACL IF:nameif GROUP",
	 "\n\n\nAuthenticate traffic matched by an access-list\nAccess-list name\n"
	 "Interface name\nServer group, or LOCAL",
	 cmd_match, 0},
	{"[no] aaa authentication " INCL, "\n\n\n" INCL_HELP, cmd_incl, 0},
	{"[no] aaa authentication secure-http-client",
	 "\n\n\nSSL-protect the username and password of HTTP cut-through", cmd_secure_http, 0},
	{"[no] aaa authentication listener (http | https) IF:nameif [port PORT:<1-65535>] [redirect]",
	 "\n\n\nListen for cut-through authentication requests\nHTTP\nHTTPS\n"
	 "Interface name\nPort\nPort number\nRedirect HTTP(S) to the listener",
	 cmd_listener, 0},
	{"[no] aaa authorization command " GRP,
	 "\n\nEnable or disable user authorization\nCommand authorization\n" GRP_HELP,
	 cmd_command, 0},
	{"[no] aaa authorization match ACL IF:nameif GROUP",
	 "\n\n\nAuthorize traffic matched by an access-list\nAccess-list name\n"
	 "Interface name\nServer group",
	 cmd_match, 0},
	{"[no] aaa authorization " INCL, "\n\n\n" INCL_HELP, cmd_incl, 0},
	{"[no] aaa accounting command [privilege P:<0-15>] GROUP",
	 "\n\nEnable or disable user accounting\nAccount for commands\n"
	 "Only commands of this privilege level or above\nPrivilege level\nServer group",
	 cmd_command, 0},
	{"[no] aaa accounting (serial | enable | telnet | ssh) console GROUP",
	 "\n\n\nSerial console\nEnable mode\nTelnet sessions\nSSH sessions\n"
	 "Console access\nServer group",
	 cmd_console, 0},
	{"[no] aaa accounting match ACL IF:nameif GROUP",
	 "\n\n\nAccount for traffic matched by an access-list\nAccess-list name\n"
	 "Interface name\nServer group",
	 cmd_match, 0},
	{"[no] aaa accounting " INCL, "\n\n\n" INCL_HELP, cmd_incl, 0},
	{"aaa local authentication attempts max-fail N:<1-16>",
	 "\nLocal database\nAuthentication\nFailed login attempts\n"
	 "Lock a user out after this many consecutive failures\nNumber of attempts",
	 cmd_maxfail, 0},
	{"no aaa local authentication attempts max-fail [N:<1-16>]", "", cmd_maxfail, 0},
	{"aaa proxy-limit (N:<1-128> | disable)",
	 "\nNumber of concurrent proxy connections per user\nConnections\n"
	 "Disable the limit",
	 cmd_proxy_limit, 0},
	{"no aaa proxy-limit [N:<1-128> | disable]", "", cmd_proxy_limit, 0},
	{"clear configure aaa", "\n\nClear aaa configuration", cmd_clear, 0},
};

void aaa_rule_cmds_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
}
