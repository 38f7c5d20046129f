/*
 * ca_cmds.c — "crypto ca" configuration commands, their sub-modes, the
 * running-config writer and "clear configure crypto ca":
 *   crypto ca trustpoint NAME          -> (config-ca-trustpoint)
 *    crl configure                     -> (config-ca-crl)
 *   crypto ca certificate map NAME SEQ -> (config-ca-cert-map)
 *   crypto ca certificate chain NAME   -> (config-cert-chain)
 *    certificate [ca] SERIAL           -> (config-pubkey): hex lines, "quit"
 * Printed as 7.x/8.x boxes print them [R]:
 *   crypto ca trustpoint ASDM_TrustPoint0
 *    enrollment self
 *    subject-name CN=ciscoasa
 *    keypair ASDM_TrustPoint0
 *    crl configure
 *   crypto ca certificate chain ASDM_TrustPoint0
 *    certificate 5e7a5c48
 *       308201ed 30820156 a0030201 0202045e 7a5c4830 0d06092a 864886f7 0d010104
 *       ...
 *     quit
 * Certificate data is kept as hex digits and printed in groups of eight,
 * eight groups a line, whatever grouping it was pasted in.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "vpn/ca.h"
#include "vpn/strv.h"
#include "vpn/vpn_cli.h"

static struct cli_mode *tp_mode, *crl_mode, *map_mode, *chain_mode, *pubkey_mode;

#define CA_SERIAL_MAX 64
#define CA_CERT_HEX_MAX (64 * 1024) /* hex digits of one certificate */

static bool is_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

/* The matched arguments from index `from` joined by blanks (canonical
 * values: full keywords, normalised addresses). */
static char *join_args(const struct cli_args *a, int from)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = from; i < a->n; i++) {
		if (sb.len)
			sb_puts(&sb, " ");
		sb_puts(&sb, a->v[i].val);
	}
	if (!sb.buf)
		sb_puts(&sb, "");
	return sb_take(&sb);
}

static int no_tp(struct cli *cli, const char *name)
{
	cli_printf(cli, "ERROR: Trustpoint %s does not exist\n", name);
	return CLI_ERR;
}

/* ---- crypto ca trustpoint ------------------------------------------------ */

static int cmd_trustpoint(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!vpn_name_ok(name))
		return cli_bad(a, "NAME");
	if (vpn_is_no(a)) {
		ca_tp_del(name);
		return CLI_OK;
	}
	struct trustpoint *t = ca_tp_get(name);
	cli_enter(cli, tp_mode, t->name, 0);
	return CLI_OK;
}

static struct trustpoint *ctx_tp(struct cli *cli, int up)
{
	const char *name = up ? cli_ctx_key_up(cli, up) : cli_ctx_key(cli);
	struct trustpoint *t = ca_tp_find(name);
	if (!t)
		no_tp(cli, name);
	return t;
}

/* Which attribute a trust point line is about. */
static int tp_attr_of(const struct cli_args *a)
{
	static const struct {
		const char *kw, *kw2;
		enum tp_attr id;
	} t[] = {
		{"period", NULL, TPA_RETRY_PERIOD},
		{"count", NULL, TPA_RETRY_COUNT},
		{"enrollment", NULL, TPA_ENROLL},
		{"fqdn", NULL, TPA_FQDN},
		{"email", NULL, TPA_EMAIL},
		{"subject-name", NULL, TPA_SUBJECT},
		{"ip-address", NULL, TPA_IP},
		{"serial-number", NULL, TPA_SERIAL},
		{"keypair", NULL, TPA_KEYPAIR},
		{"id-usage", NULL, TPA_ID_USAGE},
		{"accept-subordinates", NULL, TPA_ACCEPT_SUB},
		{"id-cert-issuer", NULL, TPA_ID_ISSUER},
		{"support-user-cert-validation", NULL, TPA_USER_VALID},
		{"revocation-check", NULL, TPA_REVOCATION},
		{"ocsp", "url", TPA_OCSP_URL},
		{"ocsp", "disable-nonce", TPA_OCSP_NONCE},
		{"crl", NULL, TPA_CRL_MODE},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (cli_has(a, t[i].kw) && (!t[i].kw2 || cli_has(a, t[i].kw2)))
			return t[i].id;
	return -1;
}

/* Attributes that are on unless turned off: "no X" is what gets printed. */
static bool default_on(int id)
{
	return id == TPA_ACCEPT_SUB || id == TPA_ID_ISSUER || id == TPA_USER_VALID;
}

static int cmd_tp_attr(struct cli *cli, struct cli_args *a)
{
	struct trustpoint *t = ctx_tp(cli, 0);
	if (!t)
		return CLI_ERR;
	int id = tp_attr_of(a);
	if (id < 0)
		return CLI_ERR_INCOMPLETE;
	bool no = vpn_is_no(a);
	const char *url = cli_get(a, "URL");
	if (url && strlen(url) > 255)
		return cli_bad(a, "URL");
	const char *w = cli_get(a, "W");
	if (w && !vpn_name_ok(w))
		return cli_bad(a, "W");
	free(t->attr[id]);
	t->attr[id] = NULL;
	if (default_on(id)) {
		if (no)
			t->attr[id] = join_args(a, 0);
	} else if (!no) {
		t->attr[id] = join_args(a, 0);
	}
	return CLI_OK;
}

static int cmd_crl_configure(struct cli *cli, struct cli_args *a)
{
	struct trustpoint *t = ctx_tp(cli, 0);
	if (!t)
		return CLI_ERR;
	if (vpn_is_no(a)) {
		t->crl_configure = false;
		strv_free(&t->crl_lines);
		return CLI_OK;
	}
	t->crl_configure = true;
	cli_enter(cli, crl_mode, t->name, 0);
	return CLI_OK;
}

/* (config-ca-crl) lines: stored as typed (canonical), keyed by keyword. */
static int cmd_crl_line(struct cli *cli, struct cli_args *a)
{
	struct trustpoint *t = ctx_tp(cli, 0);
	if (!t)
		return CLI_ERR;
	const char *url = cli_get(a, "URL");
	if (url && strlen(url) > 255)
		return cli_bad(a, "URL");
	bool no = vpn_is_no(a);
	/* protocols and enforcenextupdate are on by default: their "no" form
	 * is the line to keep */
	bool dflt_on = cli_has(a, "protocol") || cli_has(a, "enforcenextupdate");
	char *line = join_args(a, 0);
	if (no == dflt_on)
		ca_strv_set(&t->crl_lines, line);
	else
		ca_strv_unset(&t->crl_lines, line);
	free(line);
	return CLI_OK;
}

/* ---- crypto ca certificate map ------------------------------------------- */

static int cmd_cert_map(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!vpn_name_ok(name))
		return cli_bad(a, "NAME");
	const char *seq = cli_get(a, "SEQ");
	unsigned long n = seq ? strtoul(seq, NULL, 10) : 0;
	if (vpn_is_no(a)) {
		ca_map_del(name, n);
		return CLI_OK;
	}
	struct cert_map *m = ca_map_get(name, n);
	cli_enter(cli, map_mode, m->name, (long)n);
	return CLI_OK;
}

static int cmd_map_rule(struct cli *cli, struct cli_args *a)
{
	struct cert_map *m = ca_map_find(cli_ctx_key(cli), (unsigned long)cli_ctx_num(cli));
	if (!m) {
		cli_printf(cli, "ERROR: certificate map %s does not exist\n", cli_ctx_key(cli));
		return CLI_ERR;
	}
	const char *v = cli_get(a, "VALUE");
	if (v && strlen(v) > 128)
		return cli_bad(a, "VALUE");
	bool no = vpn_is_no(a);
	char *line = join_args(a, no ? 1 : 0);
	strv_del(&m->rules, line);
	if (!no)
		strv_add(&m->rules, line);
	free(line);
	return CLI_OK;
}

/* ---- crypto ca certificate chain ---------------------------------------- */

/* The certificates of a chain are pasted as lines of bare hex words, which
 * the command engine cannot take yet (every line must start with a
 * keyword).  Until it can hand such lines to a mode, the chain is refused
 * as a whole rather than accepted without its data. */
#define CA_CHAIN_DATA_LINES 0

static int cmd_chain(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (vpn_is_no(a)) {
		ca_chain_del(name);
		return CLI_OK;
	}
	if (!ca_tp_find(name))
		return no_tp(cli, name);
	if (!CA_CHAIN_DATA_LINES) {
		cli_printf(cli, "ERROR: certificate data cannot be entered on this box yet; "
				"trustpoint %s is kept without its certificates\n",
			   name);
		return CLI_ERR;
	}
	struct cert_chain *c = ca_chain_get(name);
	cli_enter(cli, chain_mode, c->name, 0);
	return CLI_OK;
}

static int cmd_certificate(struct cli *cli, struct cli_args *a)
{
	struct cert_chain *c = ca_chain_find(cli_ctx_key(cli));
	if (!c)
		return no_tp(cli, cli_ctx_key(cli));
	const char *serial = cli_get(a, "SERIAL");
	if (strlen(serial) > CA_SERIAL_MAX)
		return cli_bad(a, "SERIAL");
	if (vpn_is_no(a)) {
		ca_cert_del(c, serial);
		return CLI_OK;
	}
	static const char *const types[] = {"ca", "ra-encrypt", "ra-sign", "ra-general", NULL};
	const char *type = vpn_kw(a, types);
	struct ca_cert *x = ca_cert_new(c, type ? type : "", serial);
	cli_enter(cli, pubkey_mode, x->serial, 0);
	return CLI_OK;
}

/* One line of certificate data: hex words. */
__attribute__((unused)) static int cmd_hex(struct cli *cli, struct cli_args *a)
{
	struct cert_chain *c = ca_chain_find(cli_ctx_key_up(cli, 1));
	struct ca_cert *x = c ? ca_cert_find(c, cli_ctx_key(cli)) : NULL;
	if (!x)
		return no_tp(cli, cli_ctx_key_up(cli, 1));
	const char *more = cli_get(a, "MORE");
	char *copy = xstrdup(more ? more : "");
	size_t add = strlen(cli_get(a, "HEX"));
	for (char *save, *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (!is_hex(w)) {
			free(copy);
			return cli_bad(a, "MORE");
		}
		add += strlen(w);
	}
	if (x->hex.len + add > CA_CERT_HEX_MAX) {
		free(copy);
		cli_printf(cli, "ERROR: certificate data too long\n");
		return CLI_ERR;
	}
	sb_puts(&x->hex, cli_get(a, "HEX"));
	strcpy(copy, more ? more : "");
	for (char *save, *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		sb_puts(&x->hex, w);
	free(copy);
	return CLI_OK;
}

static int cmd_quit(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_exit_mode(cli);
	return CLI_OK;
}

/* ---- clear configure crypto ca ----------------------------------------- */

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	ca_clear();
	return CLI_OK;
}

/* ---- show running-config ------------------------------------------------ */

static void write_cert(struct cfgout *o, const struct ca_cert *x)
{
	if (x->type[0])
		cfg_printf(o, " certificate %s %s\n", x->type, x->serial);
	else
		cfg_printf(o, " certificate %s\n", x->serial);
	const char *h = x->hex.buf ? x->hex.buf : "";
	size_t n = x->hex.len;
	for (size_t line = 0; line < n; line += 64) {
		cfg_puts(o, "   ");
		for (size_t g = line; g < n && g < line + 64; g += 8)
			cfg_printf(o, " %.*s", (int)(n - g < 8 ? n - g : 8), h + g);
		cfg_puts(o, "\n");
	}
	cfg_puts(o, "  quit\n");
}

static void write_ca(struct cfgout *o, unsigned flags)
{
	(void)flags;
	size_t it = 0;
	for (struct trustpoint *t; (t = ca_tp_next(&it));) {
		cfg_printf(o, "crypto ca trustpoint %s\n", t->name);
		for (int i = 0; i < TPA_COUNT; i++)
			if (t->attr[i])
				cfg_printf(o, " %s\n", t->attr[i]);
		if (t->crl_configure) {
			cfg_puts(o, " crl configure\n");
			for (size_t i = 0; i < t->crl_lines.n; i++)
				cfg_printf(o, "  %s\n", t->crl_lines.v[i]);
		}
	}
	it = 0;
	for (struct cert_map *m; (m = ca_map_next(&it));) {
		cfg_printf(o, "crypto ca certificate map %s %lu\n", m->name, m->seq);
		for (size_t i = 0; i < m->rules.n; i++)
			cfg_printf(o, " %s\n", m->rules.v[i]);
	}
	it = 0;
	for (struct cert_chain *c; (c = ca_chain_next(&it));) {
		cfg_printf(o, "crypto ca certificate chain %s\n", c->name);
		for (size_t i = 0; i < c->n; i++)
			write_cert(o, c->certs[i]);
	}
}

/* ---- types and declarations --------------------------------------------- */

static bool hex_match(const char *in, char *out, size_t outsz)
{
	if (!is_hex(in) || strlen(in) >= outsz)
		return false;
	strlcpy_(out, in, outsz);
	return true;
}

static const struct cli_type hex_type = {
	.name = "cert-hex", .help_name = "WORD", .match = hex_match, .strength = 10};

static void tp_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	size_t it = 0;
	for (struct trustpoint *t; (t = ca_tp_next(&it));)
		add(ctx, t->name);
}

static const struct cli_cmd config_cmds[] = {
	{"[no] crypto ca trustpoint NAME:trustpoint [noconfirm]",
	 "Negate a command or set its defaults\nConfigure encryption\n"
	 "Certification authority\nDefine a CA trustpoint\nTrustpoint name\n"
	 "Do not ask for confirmation",
	 cmd_trustpoint, 0},
	{"[no] crypto ca certificate chain NAME:trustpoint",
	 "Negate a command or set its defaults\nConfigure encryption\n"
	 "Certification authority\nActions on certificates\n"
	 "Enter the certificate chain sub-mode\nTrustpoint name",
	 cmd_chain, 0},
	{"crypto ca certificate map NAME SEQ:<1-65535>",
	 "Configure encryption\nCertification authority\nActions on certificates\n"
	 "Certificate matching rules\nMap name\nSequence number",
	 cmd_cert_map, 0},
	{"no crypto ca certificate map NAME [SEQ:<1-65535>]", NULL, cmd_cert_map, 0},
	{"clear configure crypto ca",
	 "Reset functions\nClear configuration\nClear crypto configuration\n"
	 "Clear certification authority configuration",
	 cmd_clear, 0},
};

#define TP(syntax, help)                                                       \
	{"[no] " syntax, "Negate a command or set its defaults\n" help, cmd_tp_attr, 0}

static const struct cli_cmd tp_cmds[] = {
	TP("enrollment (self | terminal | url URL)",
	   "Enrollment parameters\nSelf-signed certificate\nCut and paste enrollment\n"
	   "SCEP enrollment URL\nThe URL"),
	{"no enrollment", NULL, cmd_tp_attr, 0},
	TP("enrollment retry period N:<1-60>",
	   "Enrollment parameters\nRetry settings\nMinutes between retries\nMinutes"),
	TP("enrollment retry count N:<0-100>",
	   "Enrollment parameters\nRetry settings\nNumber of retries (0: no limit)\nCount"),
	{"no enrollment retry (period | count)", NULL, cmd_tp_attr, 0},
	TP("fqdn (none | W)", "Fully qualified domain name in the certificate\n"
			      "No FQDN\nThe FQDN"),
	{"no fqdn", NULL, cmd_tp_attr, 0},
	TP("email W", "E-mail address in the certificate\nThe address"),
	{"no email", NULL, cmd_tp_attr, 0},
	TP("subject-name LINE:line", "X.500 subject name\nThe name (CN=...,O=...)"),
	{"no subject-name", NULL, cmd_tp_attr, 0},
	TP("ip-address IP:ip", "IP address in the certificate\nThe address"),
	{"no ip-address", NULL, cmd_tp_attr, 0},
	TP("serial-number", "Include the serial number in the certificate"),
	TP("keypair W", "Key pair of the certificate\nKey pair name"),
	{"no keypair", NULL, cmd_tp_attr, 0},
	TP("id-usage {ssl-ipsec | code-signer}",
	   "Use of the identity certificate\nSSL and IPsec\nCode signing"),
	{"no id-usage", NULL, cmd_tp_attr, 0},
	TP("accept-subordinates", "Accept subordinate CA certificates"),
	TP("id-cert-issuer", "Accept certificates issued by this CA"),
	TP("support-user-cert-validation", "Validate remote user certificates"),
	TP("revocation-check {crl | ocsp | none}",
	   "Revocation checking\nCRL\nOCSP\nNo check (success if the others fail)"),
	{"no revocation-check", NULL, cmd_tp_attr, 0},
	TP("ocsp url URL", "OCSP settings\nOCSP server\nThe URL"),
	{"no ocsp url", NULL, cmd_tp_attr, 0},
	TP("ocsp disable-nonce", "OCSP settings\nDo not send a nonce"),
	TP("crl (required | optional | nocheck)",
	   "CRL settings\nA CRL must be available\nUse a CRL when available\n"
	   "Do not check"),
	{"no crl", NULL, cmd_tp_attr, 0},
	{"[no] crl configure",
	 "Negate a command or set its defaults\nCRL settings\nEnter the CRL sub-mode",
	 cmd_crl_configure, 0},
};

static const struct cli_cmd crl_cmds[] = {
	{"[no] policy (static | cdp | both)",
	 "Negate a command or set its defaults\nWhere CRL URLs come from\n"
	 "Static URLs only\nThe certificate's CDP\nBoth",
	 cmd_crl_line, 0},
	{"url N:<1-5> URL", "Static CRL URL\nRank\nThe URL", cmd_crl_line, 0},
	{"no url N:<1-5> [URL]", NULL, cmd_crl_line, 0},
	{"[no] protocol (http | ldap | scep)",
	 "Negate a command or set its defaults\nProtocols used to fetch CRLs\n"
	 "HTTP\nLDAP\nSCEP",
	 cmd_crl_line, 0},
	{"cache-time N:<1-1440>", "Minutes a CRL is cached\nMinutes", cmd_crl_line, 0},
	{"no cache-time [N:<1-1440>]", NULL, cmd_crl_line, 0},
	{"[no] enforcenextupdate",
	 "Negate a command or set its defaults\nRefuse CRLs past their NextUpdate",
	 cmd_crl_line, 0},
	{"ldap-defaults W [P:<1-65535>]", "LDAP server for CRLs\nServer\nPort",
	 cmd_crl_line, 0},
	{"no ldap-defaults [W [P:<1-65535>]]", NULL, cmd_crl_line, 0},
};

static const struct cli_cmd map_cmds[] = {
	{"[no] (subject-name | issuer-name) [attr ATTR] (eq | ne | co | nc) VALUE:line",
	 "Negate a command or set its defaults\nMatch the subject name\n"
	 "Match the issuer name\nOne attribute of the name\nAttribute (cn, ou, o...)\n"
	 "Equal\nNot equal\nContains\nDoes not contain\nThe string",
	 cmd_map_rule, 0},
};

static const struct cli_cmd chain_cmds[] = {
	{"[no] certificate [ca | ra-encrypt | ra-sign | ra-general] SERIAL:cert-hex",
	 "Negate a command or set its defaults\nEnter a certificate\n"
	 "CA certificate\nRA encryption certificate\nRA signature certificate\n"
	 "RA general purpose certificate\nSerial number (hex)",
	 cmd_certificate, 0},
};

/* Data lines ("HEX:cert-hex [MORE:line]" -> cmd_hex) wait for engine
 * support: see CA_CHAIN_DATA_LINES. */
static const struct cli_cmd pubkey_cmds[] = {
	{"quit", "End of the certificate data", cmd_quit, 0},
};

static void ca_init(void)
{
	cli_type_register(&hex_type);
	vpn_name_type("trustpoint", "WORD", tp_values);
	cli_kw_help("ca", "Certification authority");
	cli_kw_help("trustpoint", "Define a CA trustpoint");
	tp_mode = cli_mode_new("config-ca-trustpoint", cli_mode_config());
	crl_mode = cli_mode_new("config-ca-crl", tp_mode);
	map_mode = cli_mode_new("config-ca-cert-map", cli_mode_config());
	chain_mode = cli_mode_new("config-cert-chain", cli_mode_config());
	pubkey_mode = cli_mode_new("config-pubkey", chain_mode);
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(tp_mode, tp_cmds);
	cli_install_all(crl_mode, crl_cmds);
	cli_install_all(map_mode, map_cmds);
	cli_install_all(chain_mode, chain_cmds);
	cli_install_all(pubkey_mode, pubkey_cmds);
	conf_register_writer(ORD_CRYPTO_CA, write_ca);
	conf_register_reset(ca_clear);
}

MODULE_INIT(ca_init)
