/*
 * vpdn.c — the PPPoE client credentials of PIX 7.2 ("vpdn"), their
 * running-config writer and clear configure vpdn:
 *   vpdn group NAME request dialout pppoe
 *   vpdn group NAME localname USER
 *   vpdn group NAME ppp authentication pap|chap|mschap
 *   vpdn username USER password PW [store-local]
 * The password is kept in clear because PAP/CHAP need it (wiped when
 * replaced) and printed masked, "password *********", as the ASA does.
 * PIX 6 dial-in VPDN (PPTP/L2TP servers: "vpdn enable", "vpdn group NAME
 * accept dialin ...") was removed in 7.0; those lines get an error naming
 * what replaced them.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/hmap.h"
#include "lib/module.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"
#include "vpn/vpn_cli.h"

#define VPDN_NAME_MAX 63
#define VPDN_PW_MAX 63
#define VPDN_PW_MASK "*********"

enum vpdn_auth { VPDN_AUTH_NONE = 0, VPDN_AUTH_PAP, VPDN_AUTH_CHAP, VPDN_AUTH_MSCHAP };
/* index = enum vpdn_auth; NULL-terminated for vpn_kw_idx */
static const char *const auth_kws[] = {"-", "pap", "chap", "mschap", NULL};

struct vpdn_group {
	char *name;
	bool dialout;    /* request dialout pppoe */
	char *localname; /* NULL: none */
	enum vpdn_auth auth;
};

struct vpdn_user {
	char *name;
	char *password; /* clear, wiped on change */
	bool store_local;
};

static struct hmap groups, users; /* name -> struct, entry order */
static bool inited;

static void init_once(void)
{
	if (inited)
		return;
	hmap_init(&groups, false);
	hmap_init(&users, false);
	inited = true;
}

static void user_free(struct vpdn_user *u)
{
	if (!u)
		return;
	pw_wipe(u->password, strlen(u->password));
	free(u->password);
	free(u->name);
	free(u);
}

static void group_free(struct vpdn_group *g)
{
	if (!g)
		return;
	free(g->localname);
	free(g->name);
	free(g);
}

static void vpdn_reset(void)
{
	init_once();
	void *v;
	for (size_t i = 0; hmap_next(&groups, &i, NULL, &v);)
		group_free(v);
	for (size_t i = 0; hmap_next(&users, &i, NULL, &v);)
		user_free(v);
	hmap_clear(&groups);
	hmap_clear(&users);
	hmap_init(&groups, false);
	hmap_init(&users, false);
}

static bool name_ok(const char *s)
{
	return *s && strlen(s) <= VPDN_NAME_MAX;
}

static struct vpdn_group *group_get(const char *name)
{
	struct vpdn_group *g = hmap_get(&groups, name);
	if (!g) {
		g = xcalloc(1, sizeof *g);
		g->name = xstrdup(name);
		hmap_put(&groups, name, g);
	}
	return g;
}

/* A group left with nothing configured is gone, as on the ASA. */
static void group_gc(struct vpdn_group *g)
{
	if (g->dialout || g->localname || g->auth)
		return;
	hmap_del(&groups, g->name);
	group_free(g);
}

/* [no] vpdn group NAME (request dialout pppoe | localname U | ppp authentication X) */
static int cmd_group(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	init_once();
	const char *name = cli_get(a, "NAME");
	if (!name_ok(name))
		return cli_bad(a, "NAME");
	const char *user = cli_get(a, "USER");
	if (user && !name_ok(user))
		return cli_bad(a, "USER");
	bool no = vpn_is_no(a);
	struct vpdn_group *g = no ? hmap_get(&groups, name) : group_get(name);
	if (!g)
		return CLI_OK;
	if (cli_has(a, "dialout")) {
		g->dialout = !no;
	} else if (cli_has(a, "localname")) {
		free(g->localname);
		g->localname = no ? NULL : xstrdup(user);
	} else if (cli_has(a, "authentication")) {
		int i = vpn_kw_idx(a, auth_kws);
		g->auth = no ? VPDN_AUTH_NONE : (enum vpdn_auth)(i < 0 ? 0 : i);
	}
	group_gc(g);
	return CLI_OK;
}

static int cmd_no_group(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	init_once();
	group_free(hmap_del(&groups, cli_get(a, "NAME")));
	return CLI_OK;
}

/* vpdn username U password PW [store-local] */
static int cmd_user(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	init_once();
	const char *name = cli_get(a, "USER");
	if (!name_ok(name))
		return cli_bad(a, "USER");
	if (vpn_is_no(a)) {
		user_free(hmap_del(&users, name));
		return CLI_OK;
	}
	const char *pw = cli_get(a, "PW");
	if (strlen(pw) > VPDN_PW_MAX)
		return cli_bad(a, "PW");
	struct vpdn_user *u = hmap_get(&users, name);
	if (!u) {
		u = xcalloc(1, sizeof *u);
		u->name = xstrdup(name);
		u->password = xstrdup("");
		hmap_put(&users, name, u);
	}
	pw_wipe(u->password, strlen(u->password));
	free(u->password);
	u->password = xstrdup(pw);
	u->store_local = cli_has(a, "store-local");
	return CLI_OK;
}

/* PIX 6 dial-in VPDN (PPTP and L2TP servers) */
static int cmd_pix6(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_printf(cli, "ERROR: PIX 6 dial-in VPDN (PPTP and L2TP without IPsec) was "
			"removed in PIX 7.0; L2TP over IPsec is set with 'tunnel-group "
			"NAME ppp-attributes' and 'vpn-tunnel-protocol l2tp-ipsec' in a "
			"group-policy; 'vpdn group' in 7.2 is the PPPoE client\n");
	return CLI_ERR;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	vpdn_reset();
	return CLI_OK;
}

static void write_vpdn(struct cfgout *o, unsigned flags)
{
	init_once();
	void *v;
	for (size_t i = 0; hmap_next(&groups, &i, NULL, &v);) {
		const struct vpdn_group *g = v;
		if (g->dialout)
			cfg_printf(o, "vpdn group %s request dialout pppoe\n", g->name);
		if (g->localname)
			cfg_printf(o, "vpdn group %s localname %s\n", g->name, g->localname);
		if (g->auth)
			cfg_printf(o, "vpdn group %s ppp authentication %s\n", g->name,
				   auth_kws[g->auth]);
	}
	for (size_t i = 0; hmap_next(&users, &i, NULL, &v);) {
		const struct vpdn_user *u = v;
		cfg_printf(o, "vpdn username %s password %s%s\n", u->name,
			   flags & CONF_W_SECRETS ? u->password : VPDN_PW_MASK,
			   u->store_local ? " store-local" : "");
	}
}

static const struct cli_cmd config_cmds[] = {
	{"[no] vpdn group NAME (request dialout pppoe | localname USER | "
	 "ppp authentication (pap | chap | mschap))",
	 "Negate a command or set its defaults\n"
	 "Configure VPDN (PPPoE client) feature\n"
	 "VPDN group\nGroup name\n"
	 "Request a connection\nDial out\nPPPoE\n"
	 "Username sent to the access concentrator\nUsername\n"
	 "PPP options\nPPP authentication protocol\nPAP\nCHAP\nMS-CHAP",
	 cmd_group, 0},
	{"no vpdn group NAME", NULL, cmd_no_group, 0},
	{"vpdn username USER password PW [store-local]",
	 "Configure VPDN (PPPoE client) feature\n"
	 "Username and password of a PPPoE user\nUsername\n"
	 "Password\nThe password\nStore the username and password in flash",
	 cmd_user, 0},
	{"no vpdn username USER [password PW [store-local]]", NULL, cmd_user, 0},
	{"[no] vpdn group NAME (accept | client | pptp | l2tp) [REST:line]",
	 "Negate a command or set its defaults\n"
	 "Configure VPDN (PPPoE client) feature\nVPDN group\nGroup name\n"
	 "PIX 6 dial-in\nPIX 6 dial-in clients\nPIX 6 PPTP\nPIX 6 L2TP\nArguments",
	 cmd_pix6, CLI_HIDDEN},
	{"[no] vpdn group NAME ppp encryption [REST:line]",
	 "Negate a command or set its defaults\n"
	 "Configure VPDN (PPPoE client) feature\nVPDN group\nGroup name\n"
	 "PPP options\nPIX 6 MPPE\nArguments",
	 cmd_pix6, CLI_HIDDEN},
	{"[no] vpdn enable [REST:line]",
	 "Negate a command or set its defaults\n"
	 "Configure VPDN (PPPoE client) feature\nPIX 6 dial-in\nArguments",
	 cmd_pix6, CLI_HIDDEN},
	{"clear configure vpdn",
	 "Reset functions\nClear configuration\nClear VPDN configuration", cmd_clear,
	 0},
};

static void vpdn_init(void)
{
	init_once();
	/* "vpdn group NAME p..." is ppp, not the refused PIX 6 pptp */
	cli_prefer("ppp");
	cli_install_all(cli_mode_config(), config_cmds);
	conf_register_writer(ORD_VPDN, write_vpdn);
	conf_register_reset(vpdn_reset);
}

MODULE_INIT(vpdn_init)
