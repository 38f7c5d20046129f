/*
 * isakmp_cmds.c — "crypto isakmp ..." commands and the
 * config-isakmp-policy sub-mode.  PIX 7.2 also takes the 7.0 one-line form
 * "crypto isakmp policy 10 hash md5" and stores it like the sub-mode form.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "vpn/crypto_conf.h"
#include "vpn/vpn_cli.h"

static struct cli_mode *policy_mode;

static struct isakmp_conf *ik(void)
{
	return &crypto_conf()->isakmp;
}

/* [no] crypto isakmp enable IF */
static int cmd_enable(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifn = cli_get(a, "IF");
	if (vpn_is_no(a))
		strv_del(&ik()->enabled, ifn);
	else if (!strv_has(&ik()->enabled, ifn))
		strv_add(&ik()->enabled, ifn);
	return CLI_OK;
}

/* One policy attribute, from the sub-mode or the one-line form. */
static int policy_attr(struct isakmp_policy *p, struct cli_args *a, bool no)
{
	static const char *const auth[] = {"pre-share", "rsa-sig", "crack",
					   NULL};
	static const char *const enc[] = {"des", "3des", "aes", "aes-192",
					  "aes-256", NULL};
	static const char *const hash[] = {"md5", "sha", NULL};
	struct isakmp_policy d;
	isakmp_policy_defaults(&d, p->prio);

	if (cli_has(a, "authentication")) {
		int i = vpn_kw_idx(a, auth);
		p->auth = no || i < 0 ? d.auth : (enum ike_auth)i;
	} else if (cli_has(a, "encryption")) {
		int i = vpn_kw_idx(a, enc);
		p->enc = no || i < 0 ? d.enc : (enum ike_enc)i;
	} else if (cli_has(a, "hash")) {
		int i = vpn_kw_idx(a, hash);
		p->hash = no || i < 0 ? d.hash : (enum ike_hash)i;
	} else if (cli_has(a, "group")) {
		const char *g = cli_get(a, "GROUP");
		/* 1, 2, 5, 7 as on 7.2; 14 (MODP-2048) as 8.x added it,
		 * because today's clients propose it */
		if (g && strcmp(g, "1") && strcmp(g, "2") && strcmp(g, "5") &&
		    strcmp(g, "7") && strcmp(g, "14"))
			return cli_bad(a, "GROUP");
		p->group = no || !g ? d.group : atoi(g);
	} else if (cli_has(a, "lifetime")) {
		unsigned long v = d.lifetime;
		const char *s = cli_get(a, "SEC");
		if (s && !vpn_parse_u32(s, ISAKMP_LIFETIME_MIN,
					ISAKMP_LIFETIME_MAX, &v))
			return cli_bad(a, "SEC");
		p->lifetime = no ? d.lifetime : v;
	}
	return CLI_OK;
}

/* Check the attribute without touching the policy (a rejected line
 * changes nothing, and must not create the policy either). */
static int policy_attr_check(struct cli_args *a, unsigned long prio)
{
	struct isakmp_policy scratch;
	isakmp_policy_defaults(&scratch, prio);
	return policy_attr(&scratch, a, false);
}

/* crypto isakmp policy N  (enters the sub-mode) */
static int cmd_policy(struct cli *cli, struct cli_args *a)
{
	unsigned long prio = strtoul(cli_get(a, "PRIO"), NULL, 10);
	isakmp_policy_get(ik(), prio);
	cli_enter(cli, policy_mode, cli_get(a, "PRIO"), (long)prio);
	return CLI_OK;
}

/* [no] crypto isakmp policy N ATTR ...  (7.0 one-line form) */
static int cmd_policy_line(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	unsigned long prio = strtoul(cli_get(a, "PRIO"), NULL, 10);
	int rc = policy_attr_check(a, prio);
	if (rc != CLI_OK)
		return rc;
	if (vpn_is_no(a)) {
		struct isakmp_policy *p = isakmp_policy_find(ik(), prio);
		return p ? policy_attr(p, a, true) : CLI_OK;
	}
	return policy_attr(isakmp_policy_get(ik(), prio), a, false);
}

static int cmd_no_policy(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	isakmp_policy_del(ik(), strtoul(cli_get(a, "PRIO"), NULL, 10));
	return CLI_OK;
}

/* Sub-mode lines: authentication/encryption/hash/group/lifetime. */
static int cmd_sub_attr(struct cli *cli, struct cli_args *a)
{
	unsigned long prio = (unsigned long)cli_ctx_num(cli);
	int rc = policy_attr_check(a, prio);
	if (rc != CLI_OK)
		return rc;
	/* another session may have removed the policy meanwhile */
	return policy_attr(isakmp_policy_get(ik(), prio), a, vpn_is_no(a));
}

/* [no] crypto isakmp nat-traversal [N] */
static int cmd_natt(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ka = cli_get(a, "KA");
	if (vpn_is_no(a)) {
		ik()->natt = false;
		ik()->natt_keepalive = NATT_KEEPALIVE_DEFAULT;
		return CLI_OK;
	}
	ik()->natt = true;
	ik()->natt_keepalive = ka ? strtoul(ka, NULL, 10)
				  : NATT_KEEPALIVE_DEFAULT;
	return CLI_OK;
}

/* [no] crypto isakmp identity (address|hostname|auto|key-id ID) */
static int cmd_identity(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	static const char *const kws[] = {"auto", "address", "hostname",
					  "key-id", NULL};
	const char *id = cli_get(a, "KEYID");
	if (id && !vpn_name_ok(id))
		return cli_bad(a, "KEYID");
	int i = vpn_kw_idx(a, kws);
	free(ik()->key_id);
	ik()->key_id = NULL;
	if (vpn_is_no(a) || i < 0) {
		ik()->identity = IKE_ID_AUTO;
		return CLI_OK;
	}
	ik()->identity = (enum ike_identity)i;
	if (id)
		ik()->key_id = xstrdup(id);
	return CLI_OK;
}

/* [no] crypto isakmp (am-disable|disconnect-notify|reload-wait) */
static int cmd_flag(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool on = !vpn_is_no(a);
	if (cli_has(a, "am-disable"))
		ik()->am_disable = on;
	else if (cli_has(a, "disconnect-notify"))
		ik()->disconnect_notify = on;
	else if (cli_has(a, "reload-wait"))
		ik()->reload_wait = on;
	return CLI_OK;
}

/* [no] crypto isakmp ipsec-over-tcp [port P1 .. P10] */
static int cmd_ipsec_over_tcp(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	int n = vpn_count(a, "PORT");
	if (n > 10)
		return cli_bad_at(a, vpn_nth_idx(a, "PORT", 10));
	if (vpn_is_no(a)) {
		ik()->ipsec_over_tcp = false;
		ik()->ntcp_ports = 0;
		return CLI_OK;
	}
	ik()->ipsec_over_tcp = true;
	ik()->ntcp_ports = 0;
	for (int i = 0; i < n; i++) {
		unsigned long p = strtoul(cli_get_nth(a, "PORT", i), NULL, 10);
		bool dup = false;
		for (size_t k = 0; k < ik()->ntcp_ports; k++)
			dup |= ik()->tcp_ports[k] == p;
		if (!dup)
			ik()->tcp_ports[ik()->ntcp_ports++] = p;
	}
	return CLI_OK;
}

#define ATTRS                                                                  \
	"(authentication (pre-share|rsa-sig|crack)"                            \
	"|encryption (des|3des|aes|aes-192|aes-256)"                           \
	"|hash (md5|sha)|group GROUP:<1-14>|lifetime SEC:<120-2147483647>)"
#define NO_ATTRS                                                               \
	"(authentication [pre-share|rsa-sig|crack]"                            \
	"|encryption [des|3des|aes|aes-192|aes-256]"                           \
	"|hash [md5|sha]|group [GROUP:<1-14>]|lifetime [SEC:<120-2147483647>])"

static const struct cli_cmd isakmp_cmds[] = {
	{"[no] crypto isakmp enable IF:nameif", NULL, cmd_enable, 0},
	{"crypto isakmp policy PRIO:<1-65535>", NULL, cmd_policy, 0},
	{"crypto isakmp policy PRIO:<1-65535> " ATTRS, NULL, cmd_policy_line,
	 0},
	{"no crypto isakmp policy PRIO:<1-65535> " NO_ATTRS, NULL,
	 cmd_policy_line, 0},
	{"no crypto isakmp policy PRIO:<1-65535>", NULL, cmd_no_policy, 0},
	{"crypto isakmp nat-traversal [KA:<10-3600>]", NULL, cmd_natt, 0},
	{"no crypto isakmp nat-traversal [KA:<10-3600>]", NULL, cmd_natt, 0},
	{"crypto isakmp identity (address|hostname|auto|key-id KEYID)", NULL,
	 cmd_identity, 0},
	{"no crypto isakmp identity [address|hostname|auto|key-id KEYID]",
	 NULL, cmd_identity, 0},
	{"[no] crypto isakmp (am-disable|disconnect-notify|reload-wait)", NULL,
	 cmd_flag, 0},
	{"[no] crypto isakmp ipsec-over-tcp [port PORT:<1-65535> "
	 "{PORT:<1-65535>}]",
	 NULL, cmd_ipsec_over_tcp, 0},
};

static const struct cli_cmd policy_cmds[] = {
	{ATTRS, NULL, cmd_sub_attr, 0},
	{"no " NO_ATTRS, NULL, cmd_sub_attr, 0},
};

static void isakmp_init(void)
{
	static const char *const kw[][2] = {
		{"isakmp", "Configure ISAKMP policy"},
		{"nat-traversal", "Enable NAT traversal"},
		{"identity", "Set identity type"},
		{"am-disable", "Disable inbound aggressive mode connections"},
		{"disconnect-notify", "Enable disconnect notification to peer"},
		{"reload-wait", "Enable wait for all active sessions to end "
				"before rebooting"},
		{"ipsec-over-tcp", "Enable IPsec over TCP"},
		{"pre-share", "Pre-shared key"},
		{"rsa-sig", "Rivest-Shamir-Adleman Signature"},
		{"crack", "Challenge/Response for Authenticated Cryptographic "
			  "Keys"},
		{"des", "DES - Data Encryption Standard (56 bit keys)"},
		{"3des", "Three key triple DES"},
		{"aes", "AES - Advanced Encryption Standard (128 bit keys)"},
		{"aes-192", "AES - Advanced Encryption Standard (192 bit keys)"},
		{"aes-256", "AES - Advanced Encryption Standard (256 bit keys)"},
		{"md5", "Message Digest 5"},
		{"sha", "Secure Hash Standard"},
		{"key-id", "Use the specified key-id as the identity"},
	};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		cli_kw_help(kw[i][0], kw[i][1]);
	policy_mode = cli_mode_new("config-isakmp-policy", cli_mode_config());
	cli_install_all(cli_mode_config(), isakmp_cmds);
	cli_install_all(policy_mode, policy_cmds);
}
MODULE_INIT(isakmp_init)
