/*
 * vpn_legacy.c — VPN lines of other dialects that PIX 7.2 does not take.
 * A configuration of an older or newer box pasted here must not lose them
 * silently or meet a bare caret: each is refused with an error naming the
 * 7.2 command that does the job.
 *   isakmp ...                      PIX 6 / ASA 7.0: crypto isakmp ...
 *   isakmp key K address A ...      PIX 6: the key lives in a tunnel-group
 *   crypto ikev1 ... / crypto ipsec ikev1 ... / crypto map ... set ikev1 ...
 *                                   ASA 8.4: the same without "ikev1"
 *   crypto ikev2 ... / crypto ipsec ikev2 ... / ... set ikev2 ...
 *                                   ASA 8.4: no IKEv2 in 7.2
 *   crypto map NAME client ... / crypto map NAME SEQ ipsec-manual
 *                                   PIX 6 XAUTH/mode-config, manual keys
 * No secret typed on such a line is ever repeated in the error.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/module.h"
#include "vpn/vpn_cli.h"

/* The n-th (from 0) blank-separated word of s into out ("" if none). */
static void word(const char *s, int n, char *out, size_t sz)
{
	out[0] = '\0';
	while (s && *s) {
		while (*s == ' ')
			s++;
		const char *e = s;
		while (*e && *e != ' ')
			e++;
		if (e == s)
			break;
		if (n-- == 0) {
			snprintf(out, sz, "%.*s", (int)(e - s), s);
			return;
		}
		s = e;
	}
}

/* The rest of s after its first n words. */
static const char *after_words(const char *s, int n)
{
	while (s && *s && n-- > 0) {
		while (*s == ' ')
			s++;
		while (*s && *s != ' ')
			s++;
	}
	while (s && *s == ' ')
		s++;
	return s ? s : "";
}

/* isakmp ... (PIX 6; ASA 7.0 and 7.1 spelt these without "crypto") */
static int cmd_isakmp(struct cli *cli, struct cli_args *a)
{
	/* everything after "isakmp", as typed */
	char restbuf[1024] = "";
	for (int i = cli_idx(a, "isakmp") + 1, n = 0; i < a->n; i++, n++) {
		size_t l = strlen(restbuf);
		snprintf(restbuf + l, sizeof restbuf - l, "%s%s", n ? " " : "", a->v[i].val);
	}
	const char *rest = restbuf;
	const char *no = vpn_is_no(a) ? "no " : "";
	char w0[32], w1[64], w2[64];
	word(rest, 0, w0, sizeof w0);
	word(rest, 1, w1, sizeof w1);
	if (!strcmp(w0, "key")) {
		/* isakmp key KEY address PEER [netmask MASK] [no-xauth] ... */
		char peer[64] = "", mask[32] = "";
		word(rest, 3, peer, sizeof peer);
		word(rest, 5, mask, sizeof mask);
		bool wildcard = !strcmp(mask, "0.0.0.0") || !strcmp(mask, "0");
		const char *tg = wildcard || !*peer ? "DefaultL2LGroup" : peer;
		cli_printf(cli, "ERROR: 'isakmp key' is PIX 6 syntax; in PIX 7.2 the "
				"key of a peer is set in its tunnel-group: %s%s%s'tunnel-group "
				"%s ipsec-attributes' then 'pre-shared-key <key>'\n",
			   wildcard ? "" : "'tunnel-group ", wildcard ? "" : tg,
			   wildcard ? "" : " type ipsec-l2l', ", tg);
		return CLI_ERR;
	}
	if (!strcmp(w0, "policy") && *w1) {
		word(rest, 2, w2, sizeof w2);
		const char *attr = after_words(rest, 2);
		if (*attr) {
			cli_printf(cli, "ERROR: 'isakmp policy %s %s' is PIX 6 syntax; in "
					"PIX 7.2 enter 'crypto isakmp policy %s', then "
					"'%s%s' in its sub-mode\n",
				   w1, w2, w1, no, attr);
			return CLI_ERR;
		}
	}
	if (!strcmp(w0, "client") || !strcmp(w0, "peer")) {
		cli_printf(cli, "ERROR: 'isakmp %s' is PIX 6 syntax; in PIX 7.2 client "
				"addresses and peer options are set in a tunnel-group "
				"(general-attributes: address-pool; ipsec-attributes)\n",
			   w0);
		return CLI_ERR;
	}
	if (!strcmp(w0, "keepalive")) {
		cli_printf(cli, "ERROR: 'isakmp keepalive' is PIX 6 syntax; in PIX 7.2 "
				"set 'isakmp keepalive threshold N retry N' in a "
				"tunnel-group's ipsec-attributes\n");
		return CLI_ERR;
	}
	cli_printf(cli, "ERROR: 'isakmp %s' is PIX 6 syntax; in PIX 7.2 use "
			"'%scrypto isakmp %s'\n",
		   w0, no, rest ? rest : "");
	return CLI_ERR;
}

/* crypto ikev1|ikev2 ... and crypto ipsec ikev1|ikev2 ... (ASA 8.4) */
static int cmd_ikev(struct cli *cli, struct cli_args *a)
{
	const char *rest = cli_get(a, "REST");
	const char *no = vpn_is_no(a) ? "no " : "";
	bool ipsec = cli_has(a, "ipsec");
	if (cli_has(a, "ikev2")) {
		cli_printf(cli, "ERROR: IKEv2 ('crypto %sikev2') is ASA 8.4 syntax; PIX "
				"7.2 has IKEv1 only: use 'crypto %s'\n",
			   ipsec ? "ipsec " : "",
			   ipsec ? "ipsec transform-set ..." : "isakmp ...");
		return CLI_ERR;
	}
	cli_printf(cli, "ERROR: 'crypto %sikev1' is ASA 8.4 syntax; in PIX 7.2 use "
			"'%scrypto %s%s'\n",
		   ipsec ? "ipsec " : "", no, ipsec ? "ipsec " : "isakmp ",
		   rest ? rest : "");
	return CLI_ERR;
}

/* crypto (map|dynamic-map) NAME SEQ set ikev1|ikev2 ... (ASA 8.4) */
static int cmd_map_ikev(struct cli *cli, struct cli_args *a)
{
	const char *kind = cli_has(a, "dynamic-map") ? "dynamic-map" : "map";
	const char *rest = cli_get(a, "REST");
	if (cli_has(a, "ikev2")) {
		cli_printf(cli, "ERROR: 'set ikev2' is ASA 8.4 syntax; PIX 7.2 has IKEv1 "
				"only: use 'crypto %s %s %s set transform-set ...'\n",
			   kind, cli_get(a, "NAME"), cli_get(a, "SEQ"));
		return CLI_ERR;
	}
	cli_printf(cli, "ERROR: 'set ikev1' is ASA 8.4 syntax; in PIX 7.2 use '%scrypto "
			"%s %s %s set %s'\n",
		   vpn_is_no(a) ? "no " : "", kind, cli_get(a, "NAME"), cli_get(a, "SEQ"),
		   rest ? rest : "");
	return CLI_ERR;
}

/* crypto map NAME client ... (PIX 6 XAUTH and mode-config) */
static int cmd_map_client(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_printf(cli, "ERROR: 'crypto map ... client' is PIX 6 syntax; in PIX 7.2 "
			"user authentication and client addresses are set in the "
			"tunnel-group (general-attributes: authentication-server-group, "
			"address-pool)\n");
	return CLI_ERR;
}

static int cmd_map_manual(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_printf(cli, "ERROR: manual IPsec keys (ipsec-manual) are not supported "
			"in PIX 7.2; use 'crypto map NAME SEQ ipsec-isakmp' with IKE\n");
	return CLI_ERR;
}

static const struct cli_cmd config_cmds[] = {
	/* Only the PIX 6 words: "isakmp keepalive" and "isakmp
	 * ikev1-user-authentication" are 7.2 tunnel-group lines, and a
	 * mistyped one must not land here on its way out of the sub-mode. */
	{"[no] isakmp (policy | key | enable | identity | nat-traversal | client | peer | "
	 "am-disable | ipsec-over-tcp | disconnect-notify | reload-wait) [REST:line]",
	 "Negate a command or set its defaults\n"
	 "PIX 6 ISAKMP commands (crypto isakmp in PIX 7.2)\n\n\n\n\n\n\n\n\n\n\n\n"
	 "Arguments",
	 cmd_isakmp, CLI_HIDDEN},
	{"[no] isakmp keepalive SEC:<10-3600> [RETRY:<2-10>]",
	 "Negate a command or set its defaults\n"
	 "PIX 6 ISAKMP commands (crypto isakmp in PIX 7.2)\nPIX 6 keepalive\n"
	 "Seconds\nRetry seconds",
	 cmd_isakmp, CLI_HIDDEN},
	{"[no] crypto (ikev1 | ikev2) [REST:line]",
	 "Negate a command or set its defaults\nConfigure encryption\n"
	 "ASA 8.4 IKEv1 commands (crypto isakmp in PIX 7.2)\n"
	 "ASA 8.4 IKEv2 commands\nArguments",
	 cmd_ikev, CLI_HIDDEN},
	{"[no] crypto ipsec (ikev1 | ikev2) [REST:line]",
	 "Negate a command or set its defaults\nConfigure encryption\n"
	 "Configure transform-set, IPSec SA lifetime and PMTU Aging reset timer\n"
	 "ASA 8.4 IKEv1 transform-sets\nASA 8.4 IKEv2 proposals\nArguments",
	 cmd_ikev, CLI_HIDDEN},
	{"[no] crypto (map | dynamic-map) NAME:crypto-map SEQ:<1-65535> set (ikev1 | ikev2) [REST:line]",
	 "Negate a command or set its defaults\nConfigure encryption\n"
	 "Configure a crypto map\nConfigure a dynamic crypto map\nMap name\n"
	 "Sequence number\nSet values\nASA 8.4 IKEv1 settings\nASA 8.4 IKEv2 settings\n"
	 "Arguments",
	 cmd_map_ikev, CLI_HIDDEN},
	{"[no] crypto map NAME:crypto-map client [REST:line]",
	 "Negate a command or set its defaults\nConfigure encryption\n"
	 "Configure a crypto map\nMap name\nPIX 6 client options\nArguments",
	 cmd_map_client, CLI_HIDDEN},
	{"[no] crypto map NAME:crypto-map SEQ:<1-65535> ipsec-manual [REST:line]",
	 "Negate a command or set its defaults\nConfigure encryption\n"
	 "Configure a crypto map\nMap name\nSequence number\nManual keys\nArguments",
	 cmd_map_manual, CLI_HIDDEN},
};

static void vpn_legacy_init(void)
{
	/* abbreviations keep their 7.2 meaning next to the refused words */
	cli_prefer("ipsec-isakmp");
	cli_install_all(cli_mode_config(), config_cmds);
}

MODULE_INIT(vpn_legacy_init)
