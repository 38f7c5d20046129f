/*
 * system.c — who the box is and who may change it: hostname, domain-name,
 * prompt, enable password (per level), passwd, and the exec commands
 * enable / disable.
 *
 * Passwords are kept only as PIX-MD5 hashes (lib/pwhash.h), as 7.2 does:
 * show running-config prints "enable password <hash> encrypted" and
 * "passwd <hash> encrypted" even for the factory defaults (empty enable
 * password = 8Ry2YjIyt7RRXU24, passwd cisco = 2KFQnbNIdI.2KYOU).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/log.h"
#include "lib/module.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"
#include "mgmt/mgmt.h"

#define ENABLE_TRIES 3

/* The prompt's elements in the order the user gave them. */
enum prompt_item { P_HOSTNAME, P_CONTEXT, P_DOMAIN, P_PRIORITY, P_STATE };
static const char *const prompt_kw[] = {"hostname", "context", "domain",
					"priority", "state"};
#define PROMPT_MAX 5

static struct {
	char hostname[64];
	char domain[64];
	char enable_hash[16][17]; /* per privilege level; "" = none */
	char passwd_hash[17];
	enum prompt_item prompt[PROMPT_MAX];
	int nprompt;
} sys;

const char *mgmt_hostname(void) { return sys.hostname; }
const char *mgmt_domain_name(void) { return sys.domain; }

/* Constant-time compare of two 16-char hashes. */
static bool hash_eq(const char *a, const char *b)
{
	unsigned char d = 0;
	for (int i = 0; i < 16; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0 && a[16] == '\0' && b[16] == '\0';
}

bool mgmt_enable_check_level(int level, const char *pw)
{
	if (level < 0 || level > 15 || !sys.enable_hash[level][0])
		return false;
	char h[17];
	pw_pix_md5(pw, h);
	return hash_eq(h, sys.enable_hash[level]);
}

bool mgmt_enable_check(const char *pw) { return mgmt_enable_check_level(15, pw); }

bool mgmt_passwd_check(const char *pw)
{
	char h[17];
	pw_pix_md5(pw, h);
	return hash_eq(h, sys.passwd_hash);
}

void mgmt_prompt_refresh(void)
{
	char name[256] = "";
	size_t n = 0;
	for (int i = 0; i < sys.nprompt; i++) {
		const char *part = NULL;
		switch (sys.prompt[i]) {
		case P_HOSTNAME: part = sys.hostname; break;
		case P_DOMAIN: part = sys.domain; break;
		/* single context mode: the context element is empty */
		case P_CONTEXT: part = NULL; break;
		case P_PRIORITY: part = mgmt_failover_secondary() ? "sec" : "pri"; break;
		/* a unit without a failover peer is the active one */
		case P_STATE: part = "act"; break;
		}
		if (!part || !*part)
			continue;
		n += (size_t)snprintf(name + n, sizeof name - n, "%s%s",
				      n ? "/" : "", part);
		if (n >= sizeof name)
			break;
	}
	cli_set_hostname(name[0] ? name : sys.hostname);
}

/* ---- hostname / domain-name ----------------------------------------- */

static int cmd_hostname(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	if (!mgmt_valid_label(name, 63))
		return cli_bad(a, "NAME");
	strlcpy_(sys.hostname, name, sizeof sys.hostname);
	mgmt_prompt_refresh();
	return CLI_OK;
}

static int cmd_no_hostname(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	strlcpy_(sys.hostname, MGMT_DEFAULT_HOSTNAME, sizeof sys.hostname);
	mgmt_prompt_refresh();
	return CLI_OK;
}

static int cmd_domain(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	if (!mgmt_valid_domain(name, 63))
		return cli_bad(a, "NAME");
	strlcpy_(sys.domain, name, sizeof sys.domain);
	mgmt_dns_default_domain(sys.domain);
	mgmt_prompt_refresh();
	return CLI_OK;
}

static int cmd_no_domain(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	strlcpy_(sys.domain, MGMT_DEFAULT_DOMAIN, sizeof sys.domain);
	mgmt_dns_default_domain(sys.domain);
	mgmt_prompt_refresh();
	return CLI_OK;
}

/* ---- passwords ------------------------------------------------------- */

/* Hash a clear password, or take an already encrypted one as is. */
static bool password_hash(struct cli_args *a, char out[17], int *rc)
{
	const char *pw = cli_get(a, "PW");
	if (cli_has(a, "encrypted")) {
		if (!pw_is_pix_md5(pw)) {
			*rc = cli_bad(a, "PW");
			return false;
		}
		memcpy(out, pw, 17);
		return true;
	}
	pw_pix_md5(pw, out);
	return true;
}

static int cmd_enable_password(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	int level = 15, rc = CLI_OK;
	const char *l = cli_get(a, "LEVEL");
	if (l)
		level = atoi(l);
	char h[17];
	if (!password_hash(a, h, &rc))
		return rc;
	memcpy(sys.enable_hash[level], h, sizeof h);
	return CLI_OK;
}

static int cmd_no_enable_password(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *l = cli_get(a, "LEVEL");
	int level = l ? atoi(l) : 15;
	if (level == 15)
		pw_pix_md5("", sys.enable_hash[15]); /* back to "no password" */
	else
		sys.enable_hash[level][0] = '\0';
	return CLI_OK;
}

static int cmd_passwd(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	int rc = CLI_OK;
	char h[17];
	if (!password_hash(a, h, &rc))
		return rc;
	memcpy(sys.passwd_hash, h, sizeof h);
	return CLI_OK;
}

static int cmd_no_passwd(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	pw_pix_md5("cisco", sys.passwd_hash);
	return CLI_OK;
}

/* ---- prompt ---------------------------------------------------------- */

static void prompt_default(void)
{
	sys.prompt[0] = P_HOSTNAME;
	sys.prompt[1] = P_CONTEXT;
	sys.nprompt = 2;
}

static int cmd_prompt(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	enum prompt_item items[PROMPT_MAX];
	int n = 0;
	for (int i = 0; i < a->n; i++)
		for (int k = 0; k < PROMPT_MAX; k++) {
			if (strcmp(a->v[i].spec, prompt_kw[k]) != 0)
				continue;
			bool dup = false;
			for (int j = 0; j < n; j++)
				dup |= items[j] == (enum prompt_item)k;
			if (!dup)
				items[n++] = (enum prompt_item)k;
		}
	if (n == 0)
		return CLI_ERR_INCOMPLETE;
	memcpy(sys.prompt, items, sizeof items);
	sys.nprompt = n;
	mgmt_prompt_refresh();
	return CLI_OK;
}

static int cmd_no_prompt(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	prompt_default();
	mgmt_prompt_refresh();
	return CLI_OK;
}

/* ---- enable / disable (exec) ----------------------------------------- */

/* The question's state travels in the ctx pointer itself, so nothing is
 * allocated that an abandoned session could leak. */
#define ASK_CTX(level, tries) ((void *)(uintptr_t)((level) | (tries) << 8))

static void enable_answer(struct cli *cli, const char *answer, void *ctx)
{
	uintptr_t v = (uintptr_t)ctx;
	int level = (int)(v & 0xff), tries = (int)(v >> 8) + 1;
	if (!answer) /* session ended while asking */
		return;
	if (mgmt_enable_check_level(level, answer)) {
		int from = cli_privilege(cli);
		cli_set_privilege(cli, level);
		if (from != level)
			plog(LOG_NOTICE_, 502103,
			     "User priv level changed: Uname: enable_%d From: %d To: %d",
			     level, from, level);
		return;
	}
	if (tries >= ENABLE_TRIES) {
		cli_printf(cli, "Access denied.\n");
		return;
	}
	cli_printf(cli, "Invalid password\n");
	cli_ask(cli, "Password: ", true, enable_answer, ASK_CTX(level, tries));
}

static int cmd_enable(struct cli *cli, struct cli_args *a)
{
	const char *l = cli_get(a, "LEVEL");
	int level = l ? atoi(l) : 15;
	if (level == 15 && cli_privilege(cli) >= 15)
		return CLI_OK; /* already there: just a new prompt */
	cli_ask(cli, "Password: ", true, enable_answer, ASK_CTX(level, 0));
	return CLI_OK;
}

static int cmd_disable(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_set_privilege(cli, 1);
	return CLI_OK;
}

/* ---- clear configure ------------------------------------------------- */

static int cmd_clear_passwd(struct cli *cli, struct cli_args *a)
{
	return cmd_no_passwd(cli, a);
}

static int cmd_clear_prompt(struct cli *cli, struct cli_args *a)
{
	return cmd_no_prompt(cli, a);
}

/* ---- running-config -------------------------------------------------- */

static void write_hostname(struct cfgout *o, unsigned flags)
{
	(void)flags;
	cfg_printf(o, "hostname %s\n", sys.hostname);
}

static void write_domain(struct cfgout *o, unsigned flags)
{
	(void)flags;
	cfg_printf(o, "domain-name %s\n", sys.domain);
}

static void write_enable(struct cfgout *o, unsigned flags)
{
	(void)flags;
	cfg_printf(o, "enable password %s encrypted\n", sys.enable_hash[15]);
	for (int l = 0; l < 15; l++)
		if (sys.enable_hash[l][0])
			cfg_printf(o, "enable password %s level %d encrypted\n",
				   sys.enable_hash[l], l);
}

static void write_passwd(struct cfgout *o, unsigned flags)
{
	(void)flags;
	cfg_printf(o, "passwd %s encrypted\n", sys.passwd_hash);
}

static void write_prompt(struct cfgout *o, unsigned flags)
{
	(void)flags;
	/* each element is followed by a space, so the line ends in one */
	cfg_puts(o, "prompt ");
	for (int i = 0; i < sys.nprompt; i++)
		cfg_printf(o, "%s ", prompt_kw[sys.prompt[i]]);
	cfg_puts(o, "\n");
}

static void sys_reset(void)
{
	memset(&sys, 0, sizeof sys);
	strlcpy_(sys.hostname, MGMT_DEFAULT_HOSTNAME, sizeof sys.hostname);
	strlcpy_(sys.domain, MGMT_DEFAULT_DOMAIN, sizeof sys.domain);
	pw_pix_md5("", sys.enable_hash[15]);
	pw_pix_md5("cisco", sys.passwd_hash);
	prompt_default();
	mgmt_prompt_refresh();
}

static const struct cli_cmd config_cmds[] = {
	{"hostname NAME", "Change host name of the system\nThis system's network name",
	 cmd_hostname, 0},
	{"no hostname [NAME]", "Negate a command or set its defaults\n"
	 "Change host name of the system\nThis system's network name",
	 cmd_no_hostname, 0},
	{"domain-name NAME", "Change domain name\nDomain name to use", cmd_domain, 0},
	{"no domain-name [NAME]", "Negate a command or set its defaults\n"
	 "Change domain name\nDomain name to use", cmd_no_domain, 0},
	{"enable password PW [level LEVEL:<0-15>] [encrypted]",
	 "Configure the password for the enable command\n"
	 "Assign the privileged level password\n"
	 "The password (up to 16 characters)\n"
	 "Enter this keyword to specify the privilege level\n"
	 "Privilege level\n"
	 "Specifies the password you entered is encrypted",
	 cmd_enable_password, 0},
	{"no enable password [PW] [level LEVEL:<0-15>] [encrypted]",
	 "Negate a command or set its defaults\n"
	 "Configure the password for the enable command\n"
	 "Assign the privileged level password\nThe password\n"
	 "Enter this keyword to specify the privilege level\nPrivilege level\n"
	 "Specifies the password you entered is encrypted",
	 cmd_no_enable_password, 0},
	{"passwd PW [encrypted]",
	 "Change Telnet console access password\n"
	 "The password (up to 16 characters)\n"
	 "Specifies the password you entered is encrypted",
	 cmd_passwd, 0},
	{"no passwd [PW] [encrypted]",
	 "Negate a command or set its defaults\nChange Telnet console access password\n"
	 "The password\nSpecifies the password you entered is encrypted",
	 cmd_no_passwd, 0},
	{"prompt {hostname|context|domain|priority|state}",
	 "Customize the CLI prompt\nDisplay the hostname\n"
	 "Display the context in multi mode\nDisplay the domain\n"
	 "Display the failover lan unit priority\nDisplay the failover state",
	 cmd_prompt, 0},
	{"no prompt [{hostname|context|domain|priority|state}]",
	 "Negate a command or set its defaults\nCustomize the CLI prompt",
	 cmd_no_prompt, 0},
	{"clear configure passwd", MGMT_CLEAR_HELP "Clear passwd configuration",
	 cmd_clear_passwd, 0},
	{"clear configure prompt", MGMT_CLEAR_HELP "Clear prompt configuration",
	 cmd_clear_prompt, 0},
};

static const struct cli_cmd exec_cmds[] = {
	{"enable [LEVEL:<0-15>]", "Turn on privileged commands\nEnable level",
	 cmd_enable, 0},
	{"disable", "Turn off privileged commands", cmd_disable, 0},
};

static void system_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(cli_mode_exec(), exec_cmds);
	conf_register_writer(ORD_HOSTNAME, write_hostname);
	conf_register_writer(ORD_DOMAIN, write_domain);
	conf_register_writer(ORD_ENABLE, write_enable);
	conf_register_writer(ORD_PASSWD, write_passwd);
	conf_register_writer(ORD_PROMPT, write_prompt);
	conf_register_reset(sys_reset);
	sys_reset();
}

MODULE_INIT(system_init)
