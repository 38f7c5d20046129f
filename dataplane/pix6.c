/*
 * pix6.c — PIX 6 forms of the interface and access commands.  PIX 7 has no
 * such lines; a PIX 6 configuration pasted into the box gets, for each,
 * an error naming the PIX 7 commands that replace it, instead of a caret:
 *
 *   nameif ethernet0 outside security0   interface Ethernet0 / nameif / security-level
 *   interface ethernet0 100full          interface Ethernet0 / speed / duplex
 *   interface ethernet0 vlan10 logical   interface Ethernet0.10 / vlan 10
 *   ip address outside A M               ip address A M in the interface's sub-mode
 *   conduit permit ...                   access-list ... + access-group ... in interface
 *   outbound / apply                     access-list + access-group
 *
 * Their grammar is strict (PIX 6 hardware names, "securityN", media
 * keywords) so that a mistyped 7.x line still gets its caret.  Hidden from
 * '?': nobody should type them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "dataplane/dp_errors.h"
#include "dataplane/iface.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

/* ---- types ------------------------------------------------------------ */

/* PIX 6 hardware names: ethernetN, gb-ethernetN, vlanN (6.3 logical). */
static bool hw6_match(const char *in, char *out, size_t n)
{
	static const char *const types[] = {"ethernet", "gb-ethernet", "vlan"};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t l = strlen(types[i]);
		if (strncasecmp(in, types[i], l) || !in[l])
			continue;
		const char *p = in + l;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p || p - (in + l) > 4)
			return false;
		snprintf(out, n, "%s", in);
		for (char *c = out; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		return true;
	}
	return false;
}

/* "security0" .. "security100" */
static bool sec6_match(const char *in, char *out, size_t n)
{
	if (strncasecmp(in, "security", 8) || !isdigit((unsigned char)in[8]))
		return false;
	char *end;
	long v = strtol(in + 8, &end, 10);
	if (*end || v > 100)
		return false;
	snprintf(out, n, "%ld", v);
	return true;
}

/* The media keywords of PIX 6 "interface": speed and duplex in one word. */
static const struct media {
	const char *kw;
	const char *speed, *duplex;
} medias[] = {
	{"auto", "auto", "auto"},      {"10baset", "10", "half"},   {"10full", "10", "full"},
	{"100basetx", "100", "half"},  {"100full", "100", "full"},  {"1000auto", "1000", "auto"},
	{"1000full", "1000", "full"},  {"1000sxfull", "1000", "full"},
	{"1000basesx", "1000", "half"}, {"aui", "10", "half"},      {"bnc", "10", "half"},
};

static const struct media *media_find(const char *kw)
{
	for (size_t i = 0; i < sizeof medias / sizeof medias[0]; i++)
		if (!strcasecmp(medias[i].kw, kw))
			return &medias[i];
	return NULL;
}

static bool media_match(const char *in, char *out, size_t n)
{
	const struct media *m = media_find(in);
	if (m)
		snprintf(out, n, "%s", m->kw);
	return m != NULL;
}

static void media_values(void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < sizeof medias / sizeof medias[0]; i++)
		add(ctx, medias[i].kw);
}

/* A PIX 6 interface name where PIX 7 wants an address ("ip address
 * outside ..."): a word starting with a letter, so that a mistyped
 * address inside the interface sub-mode still gets its caret. */
static bool ifname6_match(const char *in, char *out, size_t n)
{
	if (!isalpha((unsigned char)in[0]) || !strcasecmp(in, "dhcp") || strchr(in, '.'))
		return false;
	snprintf(out, n, "%s", in);
	return true;
}

static const struct cli_type types[] = {
	{"dp-pix6-hw", "ethernetN", hw6_match, NULL, 5},
	{"dp-pix6-security", "securityN", sec6_match, NULL, 5},
	{"dp-pix6-media", "WORD", media_match, media_values, 5},
	{"dp-pix6-ifname", "WORD", ifname6_match, NULL, 1},
};

/* PIX 7's name for a PIX 6 port: ethernet0 -> Ethernet0, gb-ethernet1 ->
 * GigabitEthernet1, the 6.3 logical vlan10 -> a subinterface <port>.10. */
static void hw7(const char *hw6, char *out, size_t n)
{
	const char *num = hw6 + strcspn(hw6, "0123456789");
	if (!strncmp(hw6, "gb-", 3))
		snprintf(out, n, "GigabitEthernet%s", num);
	else if (!strncmp(hw6, "vlan", 4))
		snprintf(out, n, "<port>.%s", num);
	else
		snprintf(out, n, "Ethernet%s", num);
}

/* ---- handlers --------------------------------------------------------- */

static int do_nameif(struct cli *cli, struct cli_args *a)
{
	char hw[IFACE_HW_MAX + 32];
	hw7(cli_get(a, "HW"), hw, sizeof hw);
	cli_printf(cli, ERR_PIX6_NAMEIF, cli_get(a, "HW"), hw, cli_get(a, "NAME"), cli_get(a, "LEVEL"));
	return CLI_ERR;
}

static int do_interface_media(struct cli *cli, struct cli_args *a)
{
	const struct media *m = media_find(cli_get(a, "MEDIA"));
	cli_printf(cli, ERR_PIX6_MEDIA, cli_get(a, "HW"), m->kw, cli_get(a, "HW"), m->speed, m->duplex,
		   cli_has(a, "shutdown") ? " and 'shutdown'" : "");
	return CLI_ERR;
}

static int do_interface_logical(struct cli *cli, struct cli_args *a)
{
	const char *v = cli_get(a, "VLAN");
	cli_printf(cli, ERR_PIX6_LOGICAL, cli_get(a, "HW"), v, cli_get(a, "HW"), v + 4, v + 4);
	return CLI_ERR;
}

static int do_ip_address(struct cli *cli, struct cli_args *a)
{
	const char *ifn = cli_get(a, "IF");
	const struct iface *ifp = iface_find_name(ifn);
	char where[IFACE_HW_MAX + 32];
	snprintf(where, sizeof where, "interface %s", ifp ? ifp->hw : "<port>");
	char what[96];
	if (cli_has(a, "dhcp"))
		snprintf(what, sizeof what, "ip address dhcp%s", cli_has(a, "setroute") ? " setroute"
											  : "");
	else if (cli_has(a, "pppoe"))
		snprintf(what, sizeof what, "ip address pppoe%s",
			 cli_has(a, "setroute") ? " setroute" : "");
	else
		snprintf(what, sizeof what, "ip address %s %s", cli_get(a, "A"), cli_get(a, "M"));
	cli_printf(cli, ERR_PIX6_IP_ADDRESS, ifn, where, ifn, what);
	return CLI_ERR;
}

/* conduit: address and port of one side, as tokens, re-emitted in
 * access-list order (the foreign side is the source). */
struct side {
	struct strbuf addr, port;
};

static const char *str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

static bool is_word(const char *t, const char *w)
{
	return t && !strcasecmp(t, w);
}

static bool take_side(char **tok, int n, int *i, struct side *s)
{
	if (*i >= n)
		return false;
	if (is_word(tok[*i], "any")) {
		sb_puts(&s->addr, " any");
		(*i)++;
	} else if (*i + 1 < n && (is_word(tok[*i], "host") || is_word(tok[*i], "object-group"))) {
		sb_printf(&s->addr, " %s %s", tok[*i], tok[*i + 1]);
		*i += 2;
	} else if (*i + 1 < n) {
		sb_printf(&s->addr, " %s %s", tok[*i], tok[*i + 1]);
		*i += 2;
	} else {
		return false;
	}
	static const char *const ops[] = {"eq", "lt", "gt", "neq"};
	for (size_t k = 0; k < 4; k++)
		if (*i + 1 < n && is_word(tok[*i], ops[k])) {
			sb_printf(&s->port, " %s %s", tok[*i], tok[*i + 1]);
			*i += 2;
			return true;
		}
	if (*i + 2 < n && is_word(tok[*i], "range")) {
		sb_printf(&s->port, " range %s %s", tok[*i + 1], tok[*i + 2]);
		*i += 3;
	}
	return true;
}

/* The access-list entry equivalent to "conduit ACTION REST", or NULL. */
static char *conduit_ace(const char *action, const char *rest)
{
	char *copy = xstrdup(rest), *save = NULL, *tok[64];
	int n = 0;
	for (char *t = strtok_r(copy, " \t", &save); t && n < 64; t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	struct side g = {STRBUF_INIT, STRBUF_INIT}, f = {STRBUF_INIT, STRBUF_INIT};
	int i = 1;
	char *ace = NULL;
	if (n >= 3 && take_side(tok, n, &i, &g) && take_side(tok, n, &i, &f)) {
		struct strbuf sb = STRBUF_INIT;
		sb_printf(&sb, "extended %s %s%s%s%s%s", action, tok[0], str(&f.addr), str(&f.port),
			  str(&g.addr), str(&g.port));
		for (; i < n; i++) /* an ICMP type */
			sb_printf(&sb, " %s", tok[i]);
		ace = sb_take(&sb);
	}
	sb_free(&g.addr);
	sb_free(&g.port);
	sb_free(&f.addr);
	sb_free(&f.port);
	free(copy);
	return ace;
}

static int do_conduit(struct cli *cli, struct cli_args *a)
{
	char *ace = conduit_ace(cli_has(a, "permit") ? "permit" : "deny", cli_get(a, "REST"));
	if (ace)
		cli_printf(cli, ERR_PIX6_CONDUIT, ace);
	else
		cli_puts(cli, ERR_PIX6_CONDUIT_ANY);
	free(ace);
	return CLI_ERR;
}

static int do_outbound(struct cli *cli, struct cli_args *a)
{
	cli_printf(cli, ERR_PIX6_OUTBOUND, cli_has(a, "apply") ? "apply" : "outbound");
	return CLI_ERR;
}

static const struct cli_cmd cmds[] = {
	{"nameif HW:dp-pix6-hw NAME LEVEL:dp-pix6-security",
	 "PIX 6 interface naming\nHardware name\nInterface name\nSecurity level", do_nameif,
	 CLI_HIDDEN},
	{"interface HW:interface MEDIA:dp-pix6-media [shutdown]",
	 "PIX 6 interface settings\nHardware name\nSpeed and duplex\nShut down", do_interface_media,
	 CLI_HIDDEN},
	{"interface HW:interface VLAN:dp-pix6-hw (logical | physical)",
	 "PIX 6 logical interface\nHardware name\nVLAN\nLogical interface\nPhysical interface",
	 do_interface_logical, CLI_HIDDEN},
	{"ip address IF:dp-pix6-ifname (A:ip M:dp-mask | dhcp [setroute] [retry N:<4-16>] | "
	 "pppoe [setroute])",
	 "IP settings\nPIX 6 interface address\nInterface name\nIP address\nMask\nDHCP\n"
	 "Default route\nRetries\nCount\nPPPoE\nDefault route",
	 do_ip_address, CLI_HIDDEN},
	{"[no] conduit (permit | deny) REST:line",
	 "Negate a command or set its defaults\nPIX 6 conduit\nPermit\nDeny\nRule", do_conduit,
	 CLI_HIDDEN},
	{"[no] outbound REST:line", "Negate a command or set its defaults\nPIX 6 outbound\nRule",
	 do_outbound, CLI_HIDDEN},
	{"[no] apply REST:line", "Negate a command or set its defaults\nPIX 6 apply\nRule",
	 do_outbound, CLI_HIDDEN},
};

static void dp_pix6_init(void)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		cli_type_register(&types[i]);
	cli_install_all(cli_mode_config(), cmds);
}
MODULE_INIT(dp_pix6_init)
