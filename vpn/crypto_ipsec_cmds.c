/*
 * crypto_ipsec_cmds.c — "crypto ipsec ..." commands: transform-sets,
 * global security-association lifetimes and df-bit policy.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "vpn/crypto_conf.h"
#include "vpn/vpn_cli.h"

static const char *const enc_kws[] = {"esp-des", "esp-3des", "esp-aes",
				      "esp-aes-192", "esp-aes-256",
				      "esp-null", NULL};
static const char *const auth_kws[] = {"esp-md5-hmac", "esp-sha-hmac",
				       "esp-none", NULL};

/* crypto ipsec transform-set NAME ENC [AUTH] */
static int cmd_tset(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME");
	if (!vpn_name_ok(name))
		return cli_bad(a, "NAME");
	enum esp_enc enc;
	enum esp_auth auth = ESP_AUTH_UNSET;
	if (!esp_enc_parse(vpn_kw(a, enc_kws), &enc))
		return CLI_ERR_INCOMPLETE;
	const char *ak = vpn_kw(a, auth_kws);
	if (ak)
		esp_auth_parse(ak, &auth);

	struct hmap *ts = &crypto_conf()->tsets;
	struct transform_set *t = hmap_get(ts, name);
	if (!t) {
		t = xcalloc(1, sizeof(*t));
		t->name = xstrdup(name);
		hmap_put(ts, name, t);
	}
	/* redefining a set replaces its transforms and keeps its mode */
	t->enc = enc;
	t->auth = auth;
	return CLI_OK;
}

/* no crypto ipsec transform-set NAME [ENC [AUTH]] */
static int cmd_no_tset(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct transform_set *t = hmap_del(&crypto_conf()->tsets,
					   cli_get(a, "NAME"));
	if (t) {
		free(t->name);
		free(t);
	}
	return CLI_OK;
}

/* [no] crypto ipsec transform-set NAME mode (transport|tunnel) */
static int cmd_tset_mode(struct cli *cli, struct cli_args *a)
{
	struct transform_set *t = tset_find(cli_get(a, "NAME"));
	if (!t) {
		if (vpn_is_no(a))
			return CLI_OK;
		cli_printf(cli, "ERROR: Transform set %s does not exist\n",
			   cli_get(a, "NAME"));
		return CLI_ERR;
	}
	bool transport = cli_has(a, "transport");
	t->transport = vpn_is_no(a) ? false : transport;
	return CLI_OK;
}

/* [no] crypto ipsec security-association lifetime {seconds N|kilobytes N} */
static int cmd_sa_lifetime(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct ipsec_globals *g = &crypto_conf()->ipsec;
	bool no = vpn_is_no(a);
	bool sec = cli_has(a, "seconds"), kb = cli_has(a, "kilobytes");
	if (!sec && !kb && !no)
		return CLI_ERR_INCOMPLETE;
	unsigned long vs = 0, vk = 0;
	/* the no-form may leave the values out */
	if (cli_get(a, "SEC") && !vpn_parse_u32(cli_get(a, "SEC"),
						IPSEC_SA_SEC_MIN, IPSEC_SA_MAX,
						&vs))
		return cli_bad(a, "SEC");
	if (cli_get(a, "KB") && !vpn_parse_u32(cli_get(a, "KB"),
					       IPSEC_SA_KB_MIN, IPSEC_SA_MAX,
					       &vk))
		return cli_bad(a, "KB");
	if (no) {
		if (sec || !kb) {
			g->sa_sec_set = false;
			g->sa_sec = 0;
		}
		if (kb || !sec) {
			g->sa_kb_set = false;
			g->sa_kb = 0;
		}
		return CLI_OK;
	}
	if (sec) {
		g->sa_sec_set = true;
		g->sa_sec = vs;
	}
	if (kb) {
		g->sa_kb_set = true;
		g->sa_kb = vk;
	}
	return CLI_OK;
}

/* [no] crypto ipsec df-bit (clear-df|copy-df|set-df) IF */
static int cmd_df_bit(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	static const char *const kws[] = {"copy-df", "clear-df", "set-df",
					  NULL};
	struct ipsec_globals *g = &crypto_conf()->ipsec;
	const char *ifn = cli_get(a, "IF");
	int mode = vpn_kw_idx(a, kws);
	if (mode < 0)
		return CLI_ERR_INCOMPLETE;
	if (vpn_is_no(a))
		mode = DF_COPY;
	size_t i;
	for (i = 0; i < g->ndf; i++)
		if (strcmp(g->df[i].ifname, ifn) == 0)
			break;
	if (mode == DF_COPY) { /* the default: keep no record */
		if (i < g->ndf) {
			free(g->df[i].ifname);
			memmove(&g->df[i], &g->df[i + 1],
				(g->ndf - i - 1) * sizeof(*g->df));
			g->ndf--;
		}
		return CLI_OK;
	}
	if (i == g->ndf) {
		g->df = xrealloc(g->df, (g->ndf + 1) * sizeof(*g->df));
		g->df[i].ifname = xstrdup(ifn);
		g->ndf++;
	}
	g->df[i].mode = (enum df_bit)mode;
	return CLI_OK;
}

#define ENC "(esp-des|esp-3des|esp-aes|esp-aes-192|esp-aes-256|esp-null)"
#define AUTH "[esp-md5-hmac|esp-sha-hmac|esp-none]"

static const struct cli_cmd ipsec_cmds[] = {
	{"crypto ipsec transform-set NAME:transform-set " ENC " " AUTH,
	 "Configure encryption\nConfigure IPsec policy\n"
	 "Define transform and settings\nTransform set name\n"
	 "ESP transform using DES cipher (56 bits)\n"
	 "ESP transform using 3DES cipher (168 bits)\n"
	 "ESP transform using AES cipher (128 bits)\n"
	 "ESP transform using AES cipher (192 bits)\n"
	 "ESP transform using AES cipher (256 bits)\n"
	 "ESP transform w/o cipher\n"
	 "ESP transform using HMAC-MD5 auth\n"
	 "ESP transform using HMAC-SHA auth\n"
	 "ESP transform w/o authentication",
	 cmd_tset, 0},
	{"no crypto ipsec transform-set NAME:transform-set [" ENC " " AUTH "]",
	 NULL, cmd_no_tset, 0},
	{"[no] crypto ipsec transform-set NAME:transform-set mode "
	 "(transport|tunnel)",
	 "Negate a command or set its defaults\nConfigure encryption\n"
	 "Configure IPsec policy\nDefine transform and settings\n"
	 "Transform set name\nSet the transform mode\n"
	 "transport (Host-to-Host)\ntunnel (Datagram encapsulation)",
	 cmd_tset_mode, 0},
	{"crypto ipsec security-association lifetime "
	 "{seconds SEC:<120-2147483647>|kilobytes KB:<10-2147483647>}",
	 NULL, cmd_sa_lifetime, 0},
	{"no crypto ipsec security-association lifetime "
	 "{seconds [SEC:<120-2147483647>]|kilobytes [KB:<10-2147483647>]}",
	 NULL, cmd_sa_lifetime, 0},
	{"[no] crypto ipsec df-bit (clear-df|copy-df|set-df) IF:nameif", NULL,
	 cmd_df_bit, 0},
};

static void tset_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&crypto_conf()->tsets, &i, &k, &v);)
		add(ctx, k);
}

static void crypto_ipsec_init(void)
{
	vpn_name_type("transform-set", "WORD", tset_values);
	cli_kw_help("crypto", "Configure encryption");
	cli_kw_help("ipsec", "Configure transform-set, IPSec SA lifetime and "
			     "PMTU Aging reset timer");
	cli_kw_help("transform-set", "Define transform and settings");
	cli_kw_help("security-association",
		    "Configure global parameters for IPSec security "
		    "associations");
	cli_kw_help("df-bit", "Set IPsec DF policy");
	cli_kw_help("clear-df", "Clear DF bit for encapsulated packets");
	cli_kw_help("copy-df", "Copy DF bit from inner for encapsulated "
			       "packets");
	cli_kw_help("set-df", "Set DF bit for encapsulated packets");
	cli_install_all(cli_mode_config(), ipsec_cmds);
}
MODULE_INIT(crypto_ipsec_init)
