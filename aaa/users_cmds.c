/*
 * users_cmds.c — username lines, the (config-username) sub-mode, their
 * `no` forms, clear configure username, and their running-config writer.
 *
 *   username test password DLAUiAX3l78qgoB5c7iVNw== nt-encrypted
 *   username admin password 2KFQnbNIdI.2KYOU encrypted privilege 15
 *   username test attributes
 *    vpn-tunnel-protocol l2tp-ipsec
 * privilege is printed only when it is not the default 2; the attributes
 * block follows its user's line when any attribute is set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_cmds.h"
#include "aaa/aaa_msg.h"
#include "aaa/users.h"
#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/ip4.h"
#include "lib/pwhash.h"

static struct cli_mode *user_mode;

/* ---- username NAME password|nopassword ... -------------------------- */

static int cmd_username(struct cli *cli, struct cli_args *a)
{
	struct user u;
	memset(&u, 0, sizeof u);
	const char *name = cli_get(a, "NAME");
	if (strlen(name) > USER_NAME_MAX)
		return cli_bad(a, "NAME");
	snprintf(u.name, sizeof u.name, "%s", name);
	u.privilege = cli_has(a, "P") ? atoi(cli_get(a, "P")) : USER_PRIV_DEFAULT;
	if (cli_has(a, "nopassword")) {
		u.pw_kind = USER_PW_NONE;
	} else {
		enum user_pw_form f = cli_has(a, "mschap")         ? USER_PWF_MSCHAP
				      : cli_has(a, "encrypted")    ? USER_PWF_ENCRYPTED
				      : cli_has(a, "nt-encrypted") ? USER_PWF_NT_ENCRYPTED
								   : USER_PWF_CLEAR;
		if (!user_pw_set(&u, cli_get(a, "PW"), f)) {
			pw_wipe(&u, sizeof u);
			if (f == USER_PWF_CLEAR || f == USER_PWF_MSCHAP) {
				cli_printf(cli, AAA_MSG_PW_LENGTH "\n");
				return CLI_ERR;
			}
			return cli_bad(a, "PW");
		}
	}
	user_put(&u);
	pw_wipe(&u, sizeof u);
	return CLI_OK;
}

static int cmd_attributes(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!user_find(name)) {
		cli_printf(cli, AAA_MSG_NO_USER "\n", name);
		return CLI_ERR;
	}
	cli_enter(cli, user_mode, name, 0);
	return CLI_OK;
}

static int cmd_no_username(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	struct user *u = user_find(name);
	if (!u)
		return CLI_OK;
	if (cli_has(a, "attributes"))
		user_attrs_init(&u->attrs);
	else
		user_del(name);
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	if (name)
		user_del(name);
	else
		users_clear();
	return CLI_OK;
}

/* ---- (config-username) ----------------------------------------------- */

static struct user *ctx_user(struct cli *cli)
{
	return user_find(cli_ctx_key(cli));
}

static void set_ref(struct user_ref *r, const struct cli_args *a, bool neg)
{
	memset(r, 0, sizeof *r);
	if (neg)
		return;
	r->set = true;
	r->none = cli_has(a, "none");
	if (!r->none)
		snprintf(r->name, sizeof r->name, "%s", cli_get(a, "NAME"));
}

static int cmd_attr(struct cli *cli, struct cli_args *a)
{
	struct user *u = ctx_user(cli);
	if (!u)
		return CLI_ERR;
	struct user_attrs *at = &u->attrs;
	bool neg = cli_has(a, "no");
	const char *kw = a->v[neg ? 1 : 0].spec;
	if (!strcmp(kw, "vpn-group-policy")) {
		const char *n = cli_get(a, "NAME");
		if (!neg && strlen(n) > USER_GROUP_NAME_MAX)
			return cli_bad(a, "NAME");
		snprintf(at->vpn_group_policy, sizeof at->vpn_group_policy, "%s", neg ? "" : n);
	} else if (!strcmp(kw, "vpn-tunnel-protocol")) {
		static const struct {
			const char *kw;
			unsigned bit;
		} t[] = {{"IPSec", USER_TP_IPSEC},
			 {"l2tp-ipsec", USER_TP_L2TP_IPSEC},
			 {"svc", USER_TP_SVC},
			 {"webvpn", USER_TP_WEBVPN}};
		unsigned bits = 0;
		for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
			if (cli_has(a, t[i].kw))
				bits |= t[i].bit;
		if (!neg && !bits)
			return CLI_ERR_INCOMPLETE;
		at->tunnel_protocol_set = !neg;
		at->tunnel_protocols = neg ? 0 : bits;
	} else if (!strcmp(kw, "service-type")) {
		at->service_type = neg                          ? USER_ST_UNSET
				   : cli_has(a, "admin")        ? USER_ST_ADMIN
				   : cli_has(a, "nas-prompt")   ? USER_ST_NAS_PROMPT
								: USER_ST_REMOTE_ACCESS;
	} else if (!strcmp(kw, "vpn-filter")) {
		if (!neg && cli_has(a, "NAME") && strlen(cli_get(a, "NAME")) > USER_ACLNAME_MAX)
			return cli_bad(a, "NAME");
		set_ref(&at->vpn_filter, a, neg);
	} else if (!strcmp(kw, "group-lock")) {
		set_ref(&at->group_lock, a, neg);
	} else if (!strcmp(kw, "vpn-access-hours")) {
		set_ref(&at->access_hours, a, neg);
	} else if (!strcmp(kw, "vpn-simultaneous-logins")) {
		at->simultaneous_logins = neg ? -1 : atol(cli_get(a, "N"));
	} else if (!strcmp(kw, "vpn-idle-timeout") || !strcmp(kw, "vpn-session-timeout")) {
		long v = neg ? -1 : cli_has(a, "none") ? 0 : atol(cli_get(a, "N"));
		if (kw[4] == 'i')
			at->idle_timeout = v;
		else
			at->session_timeout = v;
	} else if (!strcmp(kw, "password-storage")) {
		at->password_storage = neg ? 0 : cli_has(a, "enable") ? 1 : 2;
	} else if (!strcmp(kw, "vpn-framed-ip-address")) {
		at->framed_set = !neg;
		at->framed_ip = at->framed_mask = 0;
		if (!neg) {
			if (!conf_parse_host(cli_get(a, "IP"), &at->framed_ip))
				return cli_bad(a, "IP");
			ip4_parse(cli_get(a, "MASK"), &at->framed_mask);
		}
	}
	return CLI_OK;
}

/* ---- writer ------------------------------------------------------------ */

static void write_ref(struct cfgout *o, const char *kw, const struct user_ref *r)
{
	if (!r->set)
		return;
	if (r->none)
		cfg_printf(o, " %s none\n", kw);
	else
		cfg_printf(o, " %s value %s\n", kw, r->name);
}

static void write_timeout(struct cfgout *o, const char *kw, long v)
{
	if (v == 0)
		cfg_printf(o, " %s none\n", kw);
	else if (v > 0)
		cfg_printf(o, " %s %ld\n", kw, v);
}

static void write_attrs(struct cfgout *o, const struct user *u)
{
	const struct user_attrs *at = &u->attrs;
	if (user_attrs_empty(at))
		return;
	cfg_printf(o, "username %s attributes\n", u->name);
	if (at->vpn_group_policy[0])
		cfg_printf(o, " vpn-group-policy %s\n", at->vpn_group_policy);
	write_ref(o, "vpn-access-hours", &at->access_hours);
	if (at->simultaneous_logins >= 0)
		cfg_printf(o, " vpn-simultaneous-logins %ld\n", at->simultaneous_logins);
	write_timeout(o, "vpn-idle-timeout", at->idle_timeout);
	write_timeout(o, "vpn-session-timeout", at->session_timeout);
	write_ref(o, "vpn-filter", &at->vpn_filter);
	if (at->tunnel_protocol_set) {
		cfg_puts(o, " vpn-tunnel-protocol");
		static const char *const names[] = {"IPSec", "l2tp-ipsec", "svc", "webvpn"};
		for (unsigned i = 0; i < 4; i++)
			if (at->tunnel_protocols & (1u << i))
				cfg_printf(o, " %s", names[i]);
		cfg_puts(o, "\n");
	}
	if (at->framed_set) {
		char b1[64], b2[16];
		cfg_printf(o, " vpn-framed-ip-address %s %s\n", conf_fmt_host(at->framed_ip, b1),
			   ip4_fmt(at->framed_mask, b2));
	}
	write_ref(o, "group-lock", &at->group_lock);
	if (at->password_storage)
		cfg_printf(o, " password-storage %s\n",
			   at->password_storage == 1 ? "enable" : "disable");
	static const char *const st[] = {"", "admin", "nas-prompt", "remote-access"};
	if (at->service_type)
		cfg_printf(o, " service-type %s\n", st[at->service_type]);
}

static void write_users(struct cfgout *o, unsigned flags)
{
	size_t i = 0;
	for (const struct user *u; (u = user_next(&i));) {
		if (u->pw_kind == USER_PW_NONE)
			cfg_printf(o, "username %s nopassword", u->name);
		else
			cfg_printf(o, "username %s password %s %s", u->name, u->pw_text,
				   u->pw_kind == USER_PW_NT ? "nt-encrypted" : "encrypted");
		if (u->privilege != USER_PRIV_DEFAULT || (flags & CONF_W_ALL))
			cfg_printf(o, " privilege %d", u->privilege);
		cfg_puts(o, "\n");
		write_attrs(o, u);
	}
}

/* ---- declarations ------------------------------------------------------ */

static const struct cli_cmd config_cmds[] = {
	{"username NAME password PW [mschap | encrypted | nt-encrypted] [privilege P:<0-15>]",
	 "Configure user authentication local database\n"
	 "Username\n"
	 "Set the user's password\n"
	 "The password\n"
	 "Store the password hashed for MS-CHAP authentication\n"
	 "The password is already encrypted\n"
	 "The password is already NT-encrypted (MS-CHAP)\n"
	 "Set the user's privilege level\n"
	 "Privilege level",
	 cmd_username, 0},
	{"username NAME nopassword [privilege P:<0-15>]",
	 "Configure user authentication local database\nUsername\n"
	 "The user needs no password\nSet the user's privilege level\nPrivilege level",
	 cmd_username, 0},
	{"username NAME attributes",
	 "Configure user authentication local database\nUsername\n"
	 "Enter the attributes sub-command mode for the user",
	 cmd_attributes, 0},
	{"no username NAME [attributes]", "", cmd_no_username, 0},
	{"no username NAME password PW [mschap | encrypted | nt-encrypted] [privilege P:<0-15>]",
	 "", cmd_no_username, 0},
	{"no username NAME nopassword [privilege P:<0-15>]", "", cmd_no_username, 0},
	{"clear configure username [NAME]", "\n\nClear username configuration\nUsername",
	 cmd_clear, 0},
};

#define REF(kw, help)                                                          \
	{"[no] " kw " (value NAME | none)", "\n" help "\nSpecify a value\nName\nNone (no inheritance)", \
	 cmd_attr, 0},                                                         \
	{"no " kw, "", cmd_attr, 0}

static const struct cli_cmd user_cmds[] = {
	{"[no] vpn-group-policy NAME", "\nGroup policy of the user\nGroup policy name",
	 cmd_attr, 0},
	{"no vpn-group-policy", "", cmd_attr, 0},
	{"[no] vpn-tunnel-protocol {IPSec | l2tp-ipsec | svc | webvpn}",
	 "\nTunneling protocols the user may use\nIPSec\nL2TP over IPSec\n"
	 "SSL VPN Client\nClientless SSL VPN",
	 cmd_attr, 0},
	{"[no] service-type (admin | nas-prompt | remote-access)",
	 "\nType of service\nAdministrative access\nCLI access\nRemote access (VPN)",
	 cmd_attr, 0},
	{"no service-type", "", cmd_attr, 0},
	REF("vpn-filter", "ACL filtering the user's VPN traffic"),
	REF("group-lock", "Tunnel group the user must connect through"),
	REF("vpn-access-hours", "Time range during which the user may connect"),
	{"[no] vpn-simultaneous-logins N:<0-2147483647>",
	 "\nMaximum simultaneous logins\nNumber of logins", cmd_attr, 0},
	{"no vpn-simultaneous-logins", "", cmd_attr, 0},
	{"[no] vpn-idle-timeout (N:<1-35791394> | none)",
	 "\nIdle timeout\nMinutes\nNo timeout", cmd_attr, 0},
	{"no vpn-idle-timeout", "", cmd_attr, 0},
	{"[no] vpn-session-timeout (N:<1-35791394> | none)",
	 "\nSession timeout\nMinutes\nNo timeout", cmd_attr, 0},
	{"no vpn-session-timeout", "", cmd_attr, 0},
	{"[no] password-storage (enable | disable)",
	 "\nStore the login password on the client\nEnable\nDisable", cmd_attr, 0},
	{"no password-storage", "", cmd_attr, 0},
	{"[no] vpn-framed-ip-address IP:ip MASK:mask",
	 "\nAddress assigned to the user\nIP address\nNetwork mask", cmd_attr, 0},
	{"no vpn-framed-ip-address", "", cmd_attr, 0},
};

void aaa_user_cmds_init(void)
{
	user_mode = cli_mode_new("config-username", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(user_mode, user_cmds);
	conf_register_writer(ORD_USERNAME, write_users);
	conf_register_reset(users_clear);
}
