/*
 * access.c — who may manage the box from where: "http server enable",
 * "http|telnet|ssh ADDR MASK IF" access lines, the idle timeouts of
 * telnet/ssh/console sessions, "ssh version" and "ssh scopy enable".
 * The SSH/telnet/HTTP servers ask mgmt_access_permitted() before they
 * accept a connection.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"
#include "mgmt/mgmt.h"

struct acc_line {
	uint32_t ip, mask;
	char ifname[64];
};

struct acc_list {
	struct acc_line *v;
	int n, cap;
};

#define HTTPS_PORT 443

static const char *const svc_kw[] = {"http", "telnet", "ssh"};

/* "http redirect IF PORT": HTTP on IF is redirected to HTTPS */
struct redirect {
	char ifname[64];
	int port;
};

static struct {
	struct acc_list list[3];
	bool http_server;
	int http_port;            /* 443 by default */
	struct redirect *redirects;
	int nredirects;
	char mgmt_access[64];     /* "management-access IF", "" = none */
	int telnet_timeout, ssh_timeout, console_timeout;
	int ssh_version; /* 0 = 1 and 2 */
	bool ssh_scopy;
} acc;

static int acc_find(const struct acc_list *l, uint32_t ip, uint32_t mask,
		    const char *ifname)
{
	for (int i = 0; i < l->n; i++)
		if (l->v[i].ip == ip && l->v[i].mask == mask &&
		    strcmp(l->v[i].ifname, ifname) == 0)
			return i;
	return -1;
}

bool mgmt_access_permitted(enum mgmt_svc svc, uint32_t src, const char *ifname)
{
	const struct acc_list *l = &acc.list[svc];
	for (int i = 0; i < l->n; i++)
		if ((src & l->v[i].mask) == l->v[i].ip &&
		    strcmp(l->v[i].ifname, ifname) == 0)
			return true;
	return false;
}

bool mgmt_http_server_enabled(void) { return acc.http_server; }
int mgmt_telnet_timeout(void) { return acc.telnet_timeout; }
int mgmt_ssh_timeout(void) { return acc.ssh_timeout; }
int mgmt_console_timeout(void) { return acc.console_timeout; }
int mgmt_ssh_version(void) { return acc.ssh_version; }
bool mgmt_ssh_scopy_enabled(void) { return acc.ssh_scopy; }

static enum mgmt_svc svc_of(const struct cli_args *a)
{
	for (int i = 0; i < 3; i++)
		if (cli_has(a, svc_kw[i]))
			return (enum mgmt_svc)i;
	return MGMT_HTTP;
}

static int cmd_access(struct cli *cli, struct cli_args *a)
{
	uint32_t ip, mask;
	int rc;
	if (!mgmt_parse_net(cli, a, "ADDR", "MASK", &ip, &mask, &rc))
		return rc;
	const char *ifname = cli_get(a, "IF");
	if (strlen(ifname) >= sizeof acc.list[0].v[0].ifname)
		return cli_bad(a, "IF");
	struct acc_list *l = &acc.list[svc_of(a)];
	if (acc_find(l, ip, mask, ifname) >= 0)
		return CLI_OK;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	struct acc_line *e = &l->v[l->n++];
	e->ip = ip;
	e->mask = mask;
	strlcpy_(e->ifname, ifname, sizeof e->ifname);
	return CLI_OK;
}

static int cmd_no_access(struct cli *cli, struct cli_args *a)
{
	uint32_t ip, mask;
	int rc;
	if (!mgmt_parse_net(cli, a, "ADDR", "MASK", &ip, &mask, &rc))
		return rc;
	struct acc_list *l = &acc.list[svc_of(a)];
	int i = acc_find(l, ip, mask, cli_get(a, "IF"));
	if (i >= 0) {
		memmove(&l->v[i], &l->v[i + 1], (size_t)(l->n - i - 1) * sizeof *l->v);
		l->n--;
	}
	return CLI_OK;
}

static int cmd_http_server(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *port = cli_get(a, "PORT");
	acc.http_server = !cli_has(a, "no");
	acc.http_port = acc.http_server && port ? atoi(port) : HTTPS_PORT;
	return CLI_OK;
}

static int redirect_find(const char *ifname)
{
	for (int i = 0; i < acc.nredirects; i++)
		if (strcmp(acc.redirects[i].ifname, ifname) == 0)
			return i;
	return -1;
}

static void redirect_del(int i)
{
	memmove(&acc.redirects[i], &acc.redirects[i + 1],
		(size_t)(acc.nredirects - i - 1) * sizeof *acc.redirects);
	acc.nredirects--;
}

static int cmd_http_redirect(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifname = cli_get(a, "IF"), *port = cli_get(a, "PORT");
	int i = redirect_find(ifname);
	if (cli_has(a, "no")) {
		if (i >= 0)
			redirect_del(i);
		return CLI_OK;
	}
	if (strlen(ifname) >= sizeof acc.redirects[0].ifname)
		return cli_bad(a, "IF");
	if (i < 0) {
		acc.redirects = xrealloc(acc.redirects, (size_t)(acc.nredirects + 1) *
							       sizeof *acc.redirects);
		i = acc.nredirects++;
		strlcpy_(acc.redirects[i].ifname, ifname, sizeof acc.redirects[i].ifname);
	}
	acc.redirects[i].port = port ? atoi(port) : 80;
	return CLI_OK;
}

static int cmd_timeout(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *n = cli_get(a, "N");
	bool no = cli_has(a, "no");
	if (cli_has(a, "telnet"))
		acc.telnet_timeout = no ? 5 : atoi(n);
	else if (cli_has(a, "ssh"))
		acc.ssh_timeout = no ? 5 : atoi(n);
	else
		acc.console_timeout = no ? 0 : atoi(n);
	return CLI_OK;
}

static int cmd_ssh_version(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no"))
		acc.ssh_version = 0;
	else
		acc.ssh_version = atoi(cli_get(a, "V"));
	return CLI_OK;
}

static int cmd_ssh_scopy(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	acc.ssh_scopy = !cli_has(a, "no");
	return CLI_OK;
}

/* "management-access IF": the box answers on IF's address for traffic
 * that arrives through a VPN tunnel on another interface.  One at most. */
static int cmd_mgmt_access(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifname = cli_get(a, "IF");
	if (cli_has(a, "no") || cli_has(a, "clear")) {
		if (!ifname || strcmp(ifname, acc.mgmt_access) == 0)
			acc.mgmt_access[0] = '\0';
		return CLI_OK;
	}
	if (strlen(ifname) >= sizeof acc.mgmt_access)
		return cli_bad(a, "IF");
	strlcpy_(acc.mgmt_access, ifname, sizeof acc.mgmt_access);
	return CLI_OK;
}

const char *mgmt_management_access(void)
{
	return acc.mgmt_access[0] ? acc.mgmt_access : NULL;
}

static void write_mgmt_access(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (acc.mgmt_access[0])
		cfg_printf(o, "management-access %s\n", acc.mgmt_access);
}

static void clear_svc(enum mgmt_svc s)
{
	free(acc.list[s].v);
	memset(&acc.list[s], 0, sizeof acc.list[s]);
	switch (s) {
	case MGMT_HTTP:
		acc.http_server = false;
		acc.http_port = HTTPS_PORT;
		free(acc.redirects);
		acc.redirects = NULL;
		acc.nredirects = 0;
		break;
	case MGMT_TELNET: acc.telnet_timeout = 5; break;
	case MGMT_SSH:
		acc.ssh_timeout = 5;
		acc.ssh_version = 0;
		acc.ssh_scopy = false;
		break;
	}
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "console"))
		acc.console_timeout = 0;
	else
		clear_svc(svc_of(a));
	return CLI_OK;
}

static void write_list(struct cfgout *o, enum mgmt_svc s)
{
	const struct acc_list *l = &acc.list[s];
	char h[64], m[16];
	for (int i = 0; i < l->n; i++)
		cfg_printf(o, "%s %s %s %s\n", svc_kw[s], conf_fmt_host(l->v[i].ip, h),
			   ip4_fmt(l->v[i].mask, m), l->v[i].ifname);
}

static void write_http(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (acc.http_server && acc.http_port != HTTPS_PORT)
		cfg_printf(o, "http server enable %d\n", acc.http_port);
	else if (acc.http_server)
		cfg_puts(o, "http server enable\n");
	write_list(o, MGMT_HTTP);
	for (int i = 0; i < acc.nredirects; i++)
		cfg_printf(o, "http redirect %s %d\n", acc.redirects[i].ifname,
			   acc.redirects[i].port);
}

static void write_telnet(struct cfgout *o, unsigned flags)
{
	(void)flags;
	write_list(o, MGMT_TELNET);
	cfg_printf(o, "telnet timeout %d\n", acc.telnet_timeout);
}

static void write_ssh(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (acc.ssh_scopy)
		cfg_puts(o, "ssh scopy enable\n");
	write_list(o, MGMT_SSH);
	cfg_printf(o, "ssh timeout %d\n", acc.ssh_timeout);
	if (acc.ssh_version)
		cfg_printf(o, "ssh version %d\n", acc.ssh_version);
}

static void write_console(struct cfgout *o, unsigned flags)
{
	(void)flags;
	cfg_printf(o, "console timeout %d\n", acc.console_timeout);
}

/* Access lines and redirects follow their interface's name and go with it,
 * as the ASA removes them with "no nameif". */
static void iface_changed(const char *oldname, const char *newname)
{
	for (int s = 0; s < 3; s++) {
		struct acc_list *l = &acc.list[s];
		int o = 0;
		for (int i = 0; i < l->n; i++) {
			if (strcmp(l->v[i].ifname, oldname) == 0) {
				if (!newname)
					continue;
				strlcpy_(l->v[i].ifname, newname, sizeof l->v[i].ifname);
			}
			l->v[o++] = l->v[i];
		}
		l->n = o;
	}
	if (strcmp(acc.mgmt_access, oldname) == 0)
		strlcpy_(acc.mgmt_access, newname ? newname : "", sizeof acc.mgmt_access);
	int i = redirect_find(oldname);
	if (i >= 0 && newname)
		strlcpy_(acc.redirects[i].ifname, newname, sizeof acc.redirects[i].ifname);
	else if (i >= 0)
		redirect_del(i);
}

static void access_reset(void)
{
	for (int s = 0; s < 3; s++)
		clear_svc((enum mgmt_svc)s);
	acc.console_timeout = 0;
	acc.mgmt_access[0] = '\0';
}

#define NET_HELP "IP address of host and/or network\nNetmask\nName of interface\n"

static const struct cli_cmd config_cmds[] = {
	{"(http|telnet|ssh) ADDR:ip MASK:mask IF:nameif",
	 "Configure http server and https related commands\n"
	 "Add telnet access to system console or set idle timeout\n"
	 "Configure SSH options\n" NET_HELP,
	 cmd_access, 0},
	{"no (http|telnet|ssh) ADDR:ip MASK:mask IF:nameif",
	 "Negate a command or set its defaults\n"
	 "Configure http server and https related commands\n"
	 "Add telnet access to system console or set idle timeout\n"
	 "Configure SSH options\n" NET_HELP,
	 cmd_no_access, 0},
	{"[no] http server enable [PORT:<1-65535>]",
	 "Negate a command or set its defaults\n"
	 "Configure http server and https related commands\n"
	 "Http server configuration\nEnable the http server\n"
	 "The https port (443 by default)",
	 cmd_http_server, 0},
	{"http redirect IF:nameif [PORT:<1-65535>]",
	 "Configure http server and https related commands\n"
	 "Redirect HTTP requests to HTTPS\nName of interface\n"
	 "The http port to redirect (80 by default)",
	 cmd_http_redirect, 0},
	{"no http redirect IF:nameif [PORT:<1-65535>]",
	 "Negate a command or set its defaults\n"
	 "Configure http server and https related commands\n"
	 "Redirect HTTP requests to HTTPS\nName of interface\nThe http port",
	 cmd_http_redirect, 0},
	{"telnet timeout N:<1-1440>",
	 "Add telnet access to system console or set idle timeout\n"
	 "Configure telnet idle timeout\nIdle time in minutes",
	 cmd_timeout, 0},
	{"ssh timeout N:<1-60>",
	 "Configure SSH options\nConfigure ssh idle timeout\nIdle time in minutes",
	 cmd_timeout, 0},
	{"console timeout N:<0-60>",
	 "Serial console idle timeout configuration\n"
	 "Configure console idle timeout\nIdle time in minutes (0 means never)",
	 cmd_timeout, 0},
	{"no (telnet|ssh|console) timeout [N:<0-1440>]",
	 "Negate a command or set its defaults\n"
	 "Add telnet access to system console or set idle timeout\n"
	 "Configure SSH options\nSerial console idle timeout configuration\n"
	 "Configure idle timeout\nIdle time in minutes",
	 cmd_timeout, 0},
	{"ssh version V:<1-2>",
	 "Configure SSH options\nSpecify SSH version to be used\nSSH version",
	 cmd_ssh_version, 0},
	{"no ssh version [V:<1-2>]",
	 "Negate a command or set its defaults\nConfigure SSH options\n"
	 "Specify SSH version to be used\nSSH version",
	 cmd_ssh_version, 0},
	{"[no] ssh scopy enable",
	 "Negate a command or set its defaults\nConfigure SSH options\n"
	 "Secure copy server\nEnable the secure copy server",
	 cmd_ssh_scopy, 0},
	{"management-access IF:nameif",
	 "Specify the interface the box is managed through over VPN\n"
	 "Name of interface",
	 cmd_mgmt_access, 0},
	{"no management-access [IF:nameif]",
	 "Negate a command or set its defaults\n"
	 "Specify the interface the box is managed through over VPN\n"
	 "Name of interface",
	 cmd_mgmt_access, 0},
	{"clear configure management-access", MGMT_CLEAR_HELP
	 "Clear management-access configuration", cmd_mgmt_access, 0},
	{"clear configure (http|telnet|ssh|console)",
	 MGMT_CLEAR_HELP "Clear http configuration\nClear telnet configuration\n"
	 "Clear ssh configuration\nClear console configuration",
	 cmd_clear, 0},
};

static void access_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	conf_register_writer(ORD_HTTP, write_http);
	conf_register_writer(ORD_TELNET, write_telnet);
	conf_register_writer(ORD_SSH, write_ssh);
	conf_register_writer(ORD_CONSOLE, write_console);
	conf_register_writer(ORD_MANAGEMENT_ACCESS, write_mgmt_access);
	conf_register_reset(access_reset);
	iface_watch(iface_changed);
	access_reset();
}

MODULE_INIT(access_init)
