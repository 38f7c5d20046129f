/*
 * dhcpd.c — the DHCP server's configuration: one address pool per
 * interface ("dhcpd address A1-A2 IF", "dhcpd enable IF") and the
 * settings handed out with the addresses (dns, wins, domain, lease,
 * ping_timeout, option N), globally as in 7.2 or for one interface with
 * "... interface IF" as 8.0 added; plus "dhcpd auto_config".
 *
 * show running-config prints the global settings, a "!", then one block
 * per interface in interface order closed by "!", the layout of the ASA
 * 5505 factory configuration:
 *   dhcpd auto_config outside
 *   !
 *   dhcpd address 192.168.1.5-192.168.1.36 inside
 *   dhcpd enable inside
 *   !
 */
#include <stdio.h>
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

#define LEASE_DEFAULT 3600
#define PING_DEFAULT 50
#define POOL_MAX 256 /* addresses in one pool (unlimited-host license) */
#define OPT_TEXT_MAX 200

enum opt_kind { OPT_ASCII, OPT_IP, OPT_HEX };

struct dhcpd_opt {
	int code;
	enum opt_kind kind;
	char *text;       /* ascii/hex value */
	uint32_t ip[2];
	int nip;
};

/* What the server hands out: globally, or overridden for one interface
 * (lease/ping 0 = not set there). */
struct dhcpd_opts {
	uint32_t dns[2], wins[2];
	int ndns, nwins;
	char domain[64];
	int lease, ping;
	struct dhcpd_opt *opts; /* sorted by code */
	int nopts;
};

struct dhcpd_if {
	char ifname[IFACE_NAME_MAX + 1];
	bool has_pool;
	uint32_t lo, hi;
	bool enabled;
	struct dhcpd_opts o;
};

static struct {
	struct dhcpd_if *ifs;
	int nifs;
	struct dhcpd_opts g;
	char auto_if[IFACE_NAME_MAX + 1];
	bool auto_wins_override;
} dh;

static void opts_free(struct dhcpd_opts *o)
{
	for (int i = 0; i < o->nopts; i++)
		free(o->opts[i].text);
	free(o->opts);
	memset(o, 0, sizeof *o);
}

static bool opts_empty(const struct dhcpd_opts *o)
{
	return !o->ndns && !o->nwins && !o->domain[0] && !o->lease && !o->ping &&
	       !o->nopts;
}

static struct dhcpd_if *if_find(const char *ifname)
{
	for (int i = 0; i < dh.nifs; i++)
		if (strcmp(dh.ifs[i].ifname, ifname) == 0)
			return &dh.ifs[i];
	return NULL;
}

static struct dhcpd_if *if_get(const char *ifname)
{
	struct dhcpd_if *d = if_find(ifname);
	if (d)
		return d;
	dh.ifs = xrealloc(dh.ifs, (size_t)(dh.nifs + 1) * sizeof *dh.ifs);
	d = &dh.ifs[dh.nifs++];
	memset(d, 0, sizeof *d);
	strlcpy_(d->ifname, ifname, sizeof d->ifname);
	return d;
}

static void if_del(struct dhcpd_if *d)
{
	int i = (int)(d - dh.ifs);
	opts_free(&d->o);
	memmove(d, d + 1, (size_t)(dh.nifs - i - 1) * sizeof *d);
	dh.nifs--;
}

/* An interface entry with nothing left in it goes. */
static void if_tidy(struct dhcpd_if *d)
{
	if (!d->has_pool && opts_empty(&d->o))
		if_del(d);
}

bool mgmt_dhcpd_pool(const char *ifname, uint32_t *lo, uint32_t *hi)
{
	const struct dhcpd_if *d = if_find(ifname);
	if (!d || !d->has_pool || !d->enabled)
		return false;
	*lo = d->lo;
	*hi = d->hi;
	return true;
}

/* The settings a command edits: "... interface IF" or the global ones.
 * NULL (with *rc set) when IF names no interface. */
static struct dhcpd_opts *target(struct cli_args *a, bool create, int *rc)
{
	const char *ifname = cli_get(a, "IF");
	if (!ifname)
		return &dh.g;
	if (!iface_find_name(ifname)) {
		*rc = cli_bad(a, "IF");
		return NULL;
	}
	struct dhcpd_if *d = create ? if_get(ifname) : if_find(ifname);
	*rc = CLI_OK;
	return d ? &d->o : NULL;
}

static void tidy_target(struct cli_args *a)
{
	const char *ifname = cli_get(a, "IF");
	struct dhcpd_if *d = ifname ? if_find(ifname) : NULL;
	if (d)
		if_tidy(d);
}

/* ---- address pools --------------------------------------------------- */

/* "A1-A2" or a single address. */
static bool parse_range(const char *s, uint32_t *lo, uint32_t *hi)
{
	char a[32];
	const char *dash = strchr(s, '-');
	size_t n = dash ? (size_t)(dash - s) : strlen(s);
	if (n == 0 || n >= sizeof a)
		return false;
	memcpy(a, s, n);
	a[n] = '\0';
	if (!ip4_parse(a, lo))
		return false;
	if (!dash) {
		*hi = *lo;
		return true;
	}
	return ip4_parse(dash + 1, hi) && *lo <= *hi;
}

static int cmd_address(struct cli *cli, struct cli_args *a)
{
	uint32_t lo, hi;
	const char *ifname = cli_get(a, "IF");
	if (!parse_range(cli_get(a, "RANGE"), &lo, &hi))
		return cli_bad(a, "RANGE");
	const struct iface *ifp = iface_find_name(ifname);
	if (!ifp)
		return cli_bad(a, "IF");
	if (!ifp->has_ip) {
		cli_printf(cli, "ERROR: Interface %s has no static IP address: the "
				"DHCP server needs one\n", ifname);
		return CLI_ERR;
	}
	uint32_t net = ifp->ip & ifp->mask, bcast = net | ~ifp->mask;
	if ((lo & ifp->mask) != net || (hi & ifp->mask) != net) {
		cli_printf(cli, "ERROR: Address range is not in the subnet of "
				"interface %s\n", ifname);
		return CLI_ERR;
	}
	if (lo == net || hi == bcast || (lo <= ifp->ip && ifp->ip <= hi)) {
		cli_printf(cli, "ERROR: Address range includes the network, broadcast "
				"or interface address of %s\n", ifname);
		return CLI_ERR;
	}
	if (hi - lo + 1 > POOL_MAX) {
		cli_printf(cli, "ERROR: Address range exceeds %d addresses\n", POOL_MAX);
		return CLI_ERR;
	}
	struct dhcpd_if *d = if_get(ifname);
	d->has_pool = true;
	d->lo = lo;
	d->hi = hi;
	return CLI_OK;
}

static int cmd_no_address(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct dhcpd_if *d = if_find(cli_get(a, "IF"));
	if (d) {
		d->has_pool = d->enabled = false;
		if_tidy(d);
	}
	return CLI_OK;
}

static int cmd_enable(struct cli *cli, struct cli_args *a)
{
	const char *ifname = cli_get(a, "IF");
	struct dhcpd_if *d = if_find(ifname);
	if (cli_has(a, "no")) {
		if (d)
			d->enabled = false;
		return CLI_OK;
	}
	if (!d || !d->has_pool) {
		cli_printf(cli, "ERROR: No DHCP address range is configured for "
				"interface %s\n", ifname);
		return CLI_ERR;
	}
	d->enabled = true;
	return CLI_OK;
}

/* ---- settings handed out ---------------------------------------------- */

/* "dhcpd dns|wins A1 [A2] [interface IF]" */
static int cmd_servers(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool no = cli_has(a, "no");
	uint32_t ip[2];
	int k = 0, rc;
	if (!no) {
		if (!conf_parse_host(cli_get(a, "A1"), &ip[k++]))
			return cli_bad(a, "A1");
		if (cli_get(a, "A2") && !conf_parse_host(cli_get(a, "A2"), &ip[k++]))
			return cli_bad(a, "A2");
	}
	struct dhcpd_opts *o = target(a, !no, &rc);
	if (!o)
		return rc;
	bool dns = cli_has(a, "dns");
	memcpy(dns ? o->dns : o->wins, ip, sizeof ip);
	*(dns ? &o->ndns : &o->nwins) = k;
	tidy_target(a);
	return CLI_OK;
}

static int cmd_domain(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool no = cli_has(a, "no");
	const char *d = cli_get(a, "NAME");
	if (!no && !mgmt_valid_domain(d, sizeof dh.g.domain - 1))
		return cli_bad(a, "NAME");
	int rc;
	struct dhcpd_opts *o = target(a, !no, &rc);
	if (!o)
		return rc;
	strlcpy_(o->domain, no ? "" : d, sizeof o->domain);
	tidy_target(a);
	return CLI_OK;
}

static int cmd_number(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool no = cli_has(a, "no");
	int rc;
	struct dhcpd_opts *o = target(a, !no, &rc);
	if (!o)
		return rc;
	int v = no ? 0 : atoi(cli_get(a, "N"));
	bool global = o == &dh.g;
	if (cli_has(a, "lease"))
		o->lease = !v && global ? LEASE_DEFAULT : v;
	else
		o->ping = !v && global ? PING_DEFAULT : v;
	tidy_target(a);
	return CLI_OK;
}

static int cmd_auto_config(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "no")) {
		dh.auto_if[0] = '\0';
		dh.auto_wins_override = false;
		return CLI_OK;
	}
	strlcpy_(dh.auto_if, cli_get(a, "IF"), sizeof dh.auto_if);
	dh.auto_wins_override = cli_has(a, "vpnclient-wins-override");
	return CLI_OK;
}

/* ---- dhcpd option ---------------------------------------------------- */

/* Codes the server fills itself (or that make no sense configured). */
static bool opt_reserved(int code)
{
	static const int r[] = {1, 12, 50, 51, 52, 53, 54, 55, 58, 59, 60, 61, 67, 82};
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		if (r[i] == code)
			return true;
	return false;
}

static bool hex_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n % 2 || n > OPT_TEXT_MAX)
		return false;
	for (; *s; s++)
		if (!strchr("0123456789abcdefABCDEF", *s))
			return false;
	return true;
}

static struct dhcpd_opt *opt_find(struct dhcpd_opts *o, int code)
{
	for (int i = 0; i < o->nopts; i++)
		if (o->opts[i].code == code)
			return &o->opts[i];
	return NULL;
}

static int cmd_option(struct cli *cli, struct cli_args *a)
{
	int code = atoi(cli_get(a, "CODE"));
	if (opt_reserved(code)) {
		cli_printf(cli, "ERROR: DHCP option %d is reserved\n", code);
		return CLI_ERR;
	}
	struct dhcpd_opt n = {.code = code};
	if (cli_has(a, "ascii")) {
		if (strlen(cli_get(a, "TEXT")) > OPT_TEXT_MAX)
			return cli_bad(a, "TEXT");
		n.kind = OPT_ASCII;
	} else if (cli_has(a, "hex")) {
		if (!hex_ok(cli_get(a, "HEX")))
			return cli_bad(a, "HEX");
		n.kind = OPT_HEX;
	} else {
		n.kind = OPT_IP;
		if (!conf_parse_host(cli_get(a, "A1"), &n.ip[n.nip++]))
			return cli_bad(a, "A1");
		if (cli_get(a, "A2") && !conf_parse_host(cli_get(a, "A2"), &n.ip[n.nip++]))
			return cli_bad(a, "A2");
	}
	int rc;
	struct dhcpd_opts *o = target(a, true, &rc);
	if (!o)
		return rc;
	if (n.kind != OPT_IP)
		n.text = xstrdup(cli_get(a, n.kind == OPT_HEX ? "HEX" : "TEXT"));
	struct dhcpd_opt *old = opt_find(o, code);
	if (old) {
		free(old->text);
		*old = n;
		return CLI_OK;
	}
	o->opts = xrealloc(o->opts, (size_t)(o->nopts + 1) * sizeof *o->opts);
	int i = o->nopts++;
	while (i > 0 && o->opts[i - 1].code > code) {
		o->opts[i] = o->opts[i - 1];
		i--;
	}
	o->opts[i] = n;
	return CLI_OK;
}

static int cmd_no_option(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	int rc;
	struct dhcpd_opts *o = target(a, false, &rc);
	if (!o)
		return rc;
	struct dhcpd_opt *op = opt_find(o, atoi(cli_get(a, "CODE")));
	if (op) {
		int i = (int)(op - o->opts);
		free(op->text);
		memmove(op, op + 1, (size_t)(o->nopts - i - 1) * sizeof *op);
		o->nopts--;
	}
	tidy_target(a);
	return CLI_OK;
}

/* ---- reset, interface changes, running-config ------------------------ */

static void dhcpd_clear(void)
{
	while (dh.nifs)
		if_del(&dh.ifs[dh.nifs - 1]);
	free(dh.ifs);
	opts_free(&dh.g);
	memset(&dh, 0, sizeof dh);
	dh.g.lease = LEASE_DEFAULT;
	dh.g.ping = PING_DEFAULT;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	dhcpd_clear();
	return CLI_OK;
}

/* The server's settings for an interface follow its name and go with it. */
static void iface_changed(const char *oldname, const char *newname)
{
	struct dhcpd_if *d = if_find(oldname);
	if (d && newname)
		strlcpy_(d->ifname, newname, sizeof d->ifname);
	else if (d)
		if_del(d);
	if (strcmp(dh.auto_if, oldname) == 0) {
		if (newname) {
			strlcpy_(dh.auto_if, newname, sizeof dh.auto_if);
		} else {
			dh.auto_if[0] = '\0';
			dh.auto_wins_override = false;
		}
	}
}

static void write_ips(struct cfgout *o, const uint32_t *ip, int n)
{
	char h[64];
	for (int i = 0; i < n; i++)
		cfg_printf(o, " %s", conf_fmt_host(ip[i], h));
}

/* One set of settings; sfx is "" or " interface IF". */
static void write_opts(struct cfgout *o, const struct dhcpd_opts *s, const char *sfx,
		       bool all)
{
	bool global = !*sfx;
	if (s->ndns) {
		cfg_puts(o, "dhcpd dns");
		write_ips(o, s->dns, s->ndns);
		cfg_printf(o, "%s\n", sfx);
	}
	if (s->nwins) {
		cfg_puts(o, "dhcpd wins");
		write_ips(o, s->wins, s->nwins);
		cfg_printf(o, "%s\n", sfx);
	}
	if (global ? all || s->lease != LEASE_DEFAULT : s->lease != 0)
		cfg_printf(o, "dhcpd lease %d%s\n", s->lease, sfx);
	if (global ? all || s->ping != PING_DEFAULT : s->ping != 0)
		cfg_printf(o, "dhcpd ping_timeout %d%s\n", s->ping, sfx);
	if (s->domain[0])
		cfg_printf(o, "dhcpd domain %s%s\n", s->domain, sfx);
	for (int i = 0; i < s->nopts; i++) {
		const struct dhcpd_opt *op = &s->opts[i];
		cfg_printf(o, "dhcpd option %d ", op->code);
		if (op->kind == OPT_IP) {
			cfg_puts(o, "ip");
			write_ips(o, op->ip, op->nip);
		} else {
			cfg_printf(o, "%s %s", op->kind == OPT_HEX ? "hex" : "ascii", op->text);
		}
		cfg_printf(o, "%s\n", sfx);
	}
}

static void write_dhcpd(struct cfgout *o, unsigned flags)
{
	bool all = flags & CONF_W_ALL;
	bool any = dh.nifs || dh.auto_if[0] || dh.g.ndns || dh.g.nwins ||
		   dh.g.domain[0] || dh.g.nopts || dh.g.lease != LEASE_DEFAULT ||
		   dh.g.ping != PING_DEFAULT;
	if (!any && !all)
		return;
	write_opts(o, &dh.g, "", all);
	if (dh.auto_if[0])
		cfg_printf(o, "dhcpd auto_config %s%s\n", dh.auto_if,
			   dh.auto_wins_override ? " vpnclient-wins-override" : "");
	cfg_puts(o, "!\n");
	char b1[16], b2[16], sfx[IFACE_NAME_MAX + 16];
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		const struct dhcpd_if *d = ifp->nameif[0] ? if_find(ifp->nameif) : NULL;
		if (!d)
			continue;
		if (d->has_pool)
			cfg_printf(o, "dhcpd address %s-%s %s\n", ip4_fmt(d->lo, b1),
				   ip4_fmt(d->hi, b2), d->ifname);
		snprintf(sfx, sizeof sfx, " interface %s", d->ifname);
		write_opts(o, &d->o, sfx, false);
		if (d->enabled)
			cfg_printf(o, "dhcpd enable %s\n", d->ifname);
		cfg_puts(o, "!\n");
	}
}

#define DHCPD_HELP "Configure DHCP Server\n"
#define NO_HELP "Negate a command or set its defaults\n"
#define IF_OPT "[interface IF:nameif]"
#define IF_HELP "\nSettings of one interface\nName of interface"

static const struct cli_cmd config_cmds[] = {
	{"dhcpd address RANGE IF:nameif",
	 DHCPD_HELP "Configure the address pool\n"
	 "Address range: start_addr-end_addr\nName of interface",
	 cmd_address, 0},
	{"no dhcpd address [RANGE] IF:nameif",
	 NO_HELP DHCPD_HELP "Configure the address pool\n"
	 "Address range\nName of interface",
	 cmd_no_address, 0},
	{"[no] dhcpd enable IF:nameif",
	 NO_HELP DHCPD_HELP "Enable the DHCP server on an interface\nName of interface",
	 cmd_enable, 0},
	{"dhcpd (dns|wins) A1:ip [A2:ip] " IF_OPT,
	 DHCPD_HELP "Configure the DNS servers handed out\n"
	 "Configure the WINS servers handed out\nServer IP address\n"
	 "Second server IP address" IF_HELP,
	 cmd_servers, 0},
	{"no dhcpd (dns|wins) [A1:ip] [A2:ip] " IF_OPT,
	 NO_HELP DHCPD_HELP "Configure the DNS servers handed out\n"
	 "Configure the WINS servers handed out\nServer IP address\n"
	 "Second server IP address" IF_HELP,
	 cmd_servers, 0},
	{"dhcpd domain NAME " IF_OPT, DHCPD_HELP "Configure the domain name handed out\n"
	 "Domain name" IF_HELP, cmd_domain, 0},
	{"no dhcpd domain [NAME] " IF_OPT, NO_HELP DHCPD_HELP
	 "Configure the domain name handed out\nDomain name" IF_HELP, cmd_domain, 0},
	{"dhcpd lease N:<300-1048575> " IF_OPT, DHCPD_HELP "Configure the lease length\n"
	 "Lease length in seconds" IF_HELP, cmd_number, 0},
	{"no dhcpd lease [N:<300-1048575>] " IF_OPT, NO_HELP DHCPD_HELP
	 "Configure the lease length\nLease length in seconds" IF_HELP, cmd_number, 0},
	{"dhcpd ping_timeout N:<10-10000> " IF_OPT, DHCPD_HELP
	 "Configure the ping timeout before an address is offered\n"
	 "Timeout in milliseconds" IF_HELP, cmd_number, 0},
	{"no dhcpd ping_timeout [N:<10-10000>] " IF_OPT, NO_HELP DHCPD_HELP
	 "Configure the ping timeout before an address is offered\n"
	 "Timeout in milliseconds" IF_HELP, cmd_number, 0},
	{"dhcpd option CODE:<2-254> (ascii TEXT|hex HEX|ip A1:ip [A2:ip]) " IF_OPT,
	 DHCPD_HELP "Configure a DHCP option\nOption code\n"
	 "ASCII string value\nString\nHexadecimal value\nHex digits\n"
	 "IP address value\nIP address\nSecond IP address" IF_HELP,
	 cmd_option, 0},
	{"no dhcpd option CODE:<2-254> [ascii TEXT|hex HEX|ip A1:ip [A2:ip]] " IF_OPT,
	 NO_HELP DHCPD_HELP "Configure a DHCP option\nOption code\n"
	 "ASCII string value\nString\nHexadecimal value\nHex digits\n"
	 "IP address value\nIP address\nSecond IP address" IF_HELP,
	 cmd_no_option, 0},
	{"dhcpd auto_config IF:nameif [vpnclient-wins-override]",
	 DHCPD_HELP "Take DNS/WINS/domain from this interface's DHCP or PPPoE "
	 "client\nName of the client interface\n"
	 "Let the VPN client's WINS servers override",
	 cmd_auto_config, 0},
	{"no dhcpd auto_config [IF:nameif] [vpnclient-wins-override]",
	 NO_HELP DHCPD_HELP "Take options from a DHCP or PPPoE client interface\n"
	 "Name of the client interface\nLet the VPN client's WINS servers override",
	 cmd_auto_config, 0},
	{"clear configure dhcpd", MGMT_CLEAR_HELP "Clear DHCP server configuration",
	 cmd_clear, 0},
};

static void dhcpd_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	conf_register_writer(ORD_DHCPD, write_dhcpd);
	conf_register_reset(dhcpd_clear);
	iface_watch(iface_changed);
	dhcpd_clear();
}

MODULE_INIT(dhcpd_init)
