/*
 * nat_cmds.c — the PIX 7.2 NAT commands: nat-control, global, nat, static,
 * their `no` forms and `clear configure nat|global|static|nat-control`.
 *
 * Each handler walks the matched arguments in order into a struct of
 * nat_conf.h, validates it completely, and only then changes the tables,
 * so a rejected line changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/acl.h"
#include "dataplane/dp_errors.h"
#include "dataplane/iface.h"
#include "dataplane/names.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "nat/nat_conf.h"
#include "nat/nat_msg.h"
#include "nat/nat_types.h"
#include "nat/nat_write.h"

/* The ASA refuses an access-list that does not exist (yet). */
static bool acl_exists(struct cli *cli, const char *name)
{
	if (acl_find(name))
		return true;
	cli_printf(cli, ERR_ACL_NOT_EXIST, name);
	return false;
}

static bool is(const struct cli_arg *v, const char *spec)
{
	return !strcmp(v->spec, spec);
}

static uint32_t num(const char *s)
{
	return (uint32_t)strtoul(s, NULL, 10);
}

/* Options after the address part, in any order (the ASA prints them in
 * one order).  A number after "tcp", or a bare one (the "[tcp] max_conns
 * [emb_limit]" of the 7.2 syntax, and the trailing "max_conns em_limit" of
 * 6.x configurations), is the TCP limit and a second one the embryonic
 * limit; after "udp" it is the UDP limit.  Returns -1 when every argument
 * from i on was taken, OPTS_INCOMPLETE when "tcp"/"udp" ends the line, or
 * the index of the argument that does not fit. */
#define OPTS_INCOMPLETE (-2)

static int parse_opts(const struct cli_args *a, int i, struct nat_opts *o, int *first_opt)
{
	enum { ST_NONE, ST_TCP_KW, ST_TCP_NUM, ST_UDP_KW } st = ST_NONE;
	bool tcp_seen = false;
	*first_opt = i < a->n ? i : -1;
	for (; i < a->n; i++) {
		const struct cli_arg *v = &a->v[i];
		if (is(v, "N")) {
			uint32_t n = num(v->val);
			if (st == ST_UDP_KW) {
				o->udp_max = n;
				st = ST_NONE;
			} else if (st == ST_TCP_NUM) {
				o->emb_max = n;
				st = ST_NONE;
			} else if (st == ST_TCP_KW || !tcp_seen) {
				o->tcp_max = n;
				tcp_seen = true;
				st = ST_TCP_NUM;
			} else {
				return i;
			}
			continue;
		}
		if (st == ST_TCP_KW || st == ST_UDP_KW)
			return i; /* a keyword where the limit must be */
		st = ST_NONE;
		if (is(v, "dns"))
			o->dns = true;
		else if (is(v, "outside"))
			o->outside = true;
		else if (is(v, "norandomseq"))
			o->norandomseq = true;
		else if (is(v, "tcp") && !tcp_seen)
			st = ST_TCP_KW, tcp_seen = true;
		else if (is(v, "udp"))
			st = ST_UDP_KW;
		else
			return i;
	}
	return st == ST_TCP_KW || st == ST_UDP_KW ? OPTS_INCOMPLETE : -1;
}

static bool has_opt(const struct nat_opts *o)
{
	return o->dns || o->outside || o->norandomseq || o->tcp_max || o->emb_max ||
	       o->udp_max;
}

/* ---- nat-control ------------------------------------------------------ */

static int cmd_nat_control(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	nat_set_control(!cli_has(a, "no"));
	return CLI_OK;
}

/* ---- global ----------------------------------------------------------- */

static int parse_global(struct cli *cli, struct cli_args *a, struct nat_global *g)
{
	memset(g, 0, sizeof *g);
	const char *ifname = cli_get(a, "IF"); /* the nat-if type checked it */
	snprintf(g->ifname, sizeof g->ifname, "%s", ifname);
	g->id = num(cli_get(a, "ID"));
	if (cli_has(a, "interface")) {
		g->kind = NAT_GLOBAL_IFACE;
		return CLI_OK;
	}
	const char *addr = cli_get(a, "ADDR");
	if (!addr)
		return CLI_OK; /* "no global (IF) ID" */
	bool range;
	if (!nat_parse_gaddr(addr, &g->lo, &g->hi, &range))
		return cli_bad(a, "ADDR");
	if (range && g->hi < g->lo) {
		char b1[16], b2[16];
		cli_printf(cli, NAT_MSG_BADRANGE "\n", ip4_fmt(g->lo, b1), ip4_fmt(g->hi, b2));
		return CLI_ERR;
	}
	g->kind = range ? NAT_GLOBAL_RANGE : NAT_GLOBAL_ADDR;
	const char *m = cli_get(a, "MASK");
	if (m) {
		if (!ip4_parse_mask(m, &g->mask))
			return cli_bad(a, "MASK");
		g->has_mask = true;
	}
	return CLI_OK;
}

static int cmd_global(struct cli *cli, struct cli_args *a)
{
	struct nat_global g;
	int rc = parse_global(cli, a, &g);
	if (rc != CLI_OK)
		return rc;
	if (cli_has(a, "no")) {
		if (!cli_has(a, "interface") && !cli_has(a, "ADDR"))
			nat_global_del_id(g.ifname, g.id);
		else
			nat_global_del(&g);
		return CLI_OK;
	}
	if (!nat_global_add(&g))
		return CLI_OK; /* the same line again changes nothing */
	if (g.kind == NAT_GLOBAL_IFACE) {
		cli_printf(cli, NAT_MSG_IFACE_PAT "\n", g.ifname);
	} else if (g.kind == NAT_GLOBAL_ADDR) {
		char b[64];
		cli_printf(cli, NAT_MSG_GLOBAL_PAT "\n", conf_fmt_host(g.lo, b));
	}
	return CLI_OK;
}

/* ---- nat -------------------------------------------------------------- */

static int cmd_nat(struct cli *cli, struct cli_args *a)
{
	struct nat_rule r;
	memset(&r, 0, sizeof r);
	bool neg = cli_has(a, "no");
	const char *ifname = cli_get(a, "IF"); /* the nat-if type checked it */
	snprintf(r.ifname, sizeof r.ifname, "%s", ifname);
	r.id = num(cli_get(a, "ID"));

	int i = cli_idx(a, "ID") + 1;
	bool have_target = false;
	if (i < a->n && is(&a->v[i], "access-list")) {
		r.kind = NAT_RULE_ACL;
		snprintf(r.acl, sizeof r.acl, "%s", a->v[i + 1].val);
		if (strlen(a->v[i + 1].val) > NAT_ACLNAME_MAX)
			return cli_bad_at(a, i + 1);
		/* policy NAT IDs stop at 65535 */
		if (r.id > NAT_POLICY_ID_MAX)
			return cli_bad(a, "ID");
		i += 2;
		have_target = true;
	} else if (i < a->n && is(&a->v[i], "NET")) {
		r.kind = NAT_RULE_NET;
		if (!conf_parse_host(a->v[i].val, &r.net))
			return cli_bad_at(a, i);
		i++;
		if (i < a->n && is(&a->v[i], "MASK")) {
			if (!ip4_parse_mask(a->v[i].val, &r.mask))
				return cli_bad_at(a, i);
			i++;
		} else {
			r.mask = nat_class_mask(r.net);
		}
		if (r.net & ~r.mask) {
			char b1[16], b2[16];
			cli_printf(cli, NAT_MSG_NOPAIR "\n", ip4_fmt(r.net, b1),
				   ip4_fmt(r.mask, b2));
			return CLI_ERR;
		}
		have_target = true;
	}
	int first_opt, bad = parse_opts(a, i, &r.opts, &first_opt);
	if (bad == OPTS_INCOMPLETE)
		return CLI_ERR_INCOMPLETE;
	if (bad >= 0)
		return cli_bad_at(a, bad);

	if (neg) {
		if (!have_target)
			nat_rule_del_id(r.ifname, r.id);
		else
			nat_rule_del(&r);
		return CLI_OK;
	}
	/* NAT exemption takes no limits: only "outside" */
	if (r.kind == NAT_RULE_ACL && r.id == 0) {
		struct nat_opts o = r.opts;
		o.outside = false;
		if (has_opt(&o)) {
			for (int k = first_opt; k < a->n; k++)
				if (!is(&a->v[k], "outside"))
					return cli_bad_at(a, k);
		}
	}
	if (r.kind == NAT_RULE_ACL && !acl_exists(cli, r.acl))
		return CLI_ERR;
	nat_rule_set(&r);
	return CLI_OK;
}

/* ---- static ----------------------------------------------------------- */

static int parse_port(struct cli_args *a, int i, uint8_t proto, uint16_t *port)
{
	int p = port_parse(a->v[i].val, proto == 17 ? PP_UDP : PP_TCP);
	if (p < 0)
		return cli_bad_at(a, i);
	*port = (uint16_t)p;
	return CLI_OK;
}

/* The second line of a static conflict: the static it is about. */
static void static_brief(struct cli *cli, const struct nat_static *s)
{
	if (!s)
		return;
	struct strbuf sb = STRBUF_INIT;
	nat_fmt_static_brief(&sb, s);
	cli_printf(cli, "  %s\n", sb.buf);
	sb_free(&sb);
}

static int cmd_static(struct cli *cli, struct cli_args *a)
{
	struct nat_static s;
	memset(&s, 0, sizeof s);
	bool neg = cli_has(a, "no");
	int i = cli_idx(a, "PAIR");
	/* the nat-ifpair type hands over "real,mapped" */
	const char *pair = a->v[i].val, *comma = strchr(pair, ',');
	if (!comma)
		return cli_bad_at(a, i);
	snprintf(s.real_if, sizeof s.real_if, "%.*s", (int)(comma - pair), pair);
	snprintf(s.mapped_if, sizeof s.mapped_if, "%s", comma + 1);
	i++;
	if (is(&a->v[i], "tcp") || is(&a->v[i], "udp")) {
		s.proto = is(&a->v[i], "tcp") ? 6 : 17;
		i++;
	}
	if (is(&a->v[i], "interface")) {
		s.mapped_is_iface = true;
	} else if (!conf_parse_host(a->v[i].val, &s.mapped)) {
		return cli_bad_at(a, i);
	}
	i++;
	if (s.proto) {
		int rc = parse_port(a, i++, s.proto, &s.mapped_port);
		if (rc != CLI_OK)
			return rc;
	}
	s.mask = 0xffffffffu;
	if (is(&a->v[i], "access-list")) {
		s.is_acl = true;
		if (strlen(a->v[i + 1].val) > NAT_ACLNAME_MAX)
			return cli_bad_at(a, i + 1);
		snprintf(s.acl, sizeof s.acl, "%s", a->v[i + 1].val);
		i += 2;
	} else {
		if (!conf_parse_host(a->v[i].val, &s.real))
			return cli_bad_at(a, i);
		i++;
		if (s.proto) {
			int rc = parse_port(a, i++, s.proto, &s.real_port);
			if (rc != CLI_OK)
				return rc;
		}
		if (i < a->n && is(&a->v[i], "netmask")) {
			if (!ip4_parse_mask(a->v[i + 1].val, &s.mask))
				return cli_bad_at(a, i + 1);
			i += 2;
		}
	}
	int first_opt, bad = parse_opts(a, i, &s.opts, &first_opt);
	if (bad == OPTS_INCOMPLETE)
		return CLI_ERR_INCOMPLETE;
	if (bad >= 0)
		return cli_bad_at(a, bad);

	if (neg) {
		nat_static_del(&s);
		return CLI_OK;
	}
	enum nat_clash clash;
	const struct nat_static *cur = nat_static_clash(&s, &clash);
	if (clash == NAT_CLASH_MAPPED || clash == NAT_CLASH_REAL) {
		cli_printf(cli, "%s\n", clash == NAT_CLASH_MAPPED ? NAT_MSG_STATIC_CONFLICT
								  : NAT_MSG_STATIC_DUP);
		static_brief(cli, cur);
		return CLI_ERR;
	}
	if (s.is_acl && !acl_exists(cli, s.acl))
		return CLI_ERR;
	if (clash == NAT_CLASH_OVERLAP && !cli_quiet(cli)) {
		cli_printf(cli, NAT_MSG_STATIC_OVERLAP "\n");
		static_brief(cli, cur);
	}
	nat_static_set(&s);
	return CLI_OK;
}

/* ---- clear configure -------------------------------------------------- */

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "nat"))
		nat_rules_clear();
	else if (cli_has(a, "global"))
		nat_globals_clear();
	else if (cli_has(a, "static"))
		nat_statics_clear();
	else if (cli_has(a, "nat-control"))
		nat_set_control(false);
	return CLI_OK;
}

/* ---- declarations ----------------------------------------------------- */

#define NAT_OPTS " {dns | outside | norandomseq | tcp | udp | N:<0-65535>}"
#define NAT_OPTS_HELP                                                          \
	"Use the created xlate to rewrite DNS address record\n"                \
	"Enable outside NAT\n"                                                 \
	"Disable TCP sequence number randomization\n"                          \
	"Configure TCP connection limits (maximum connections, embryonic limit)\n" \
	"Configure UDP connection limits\n"                                    \
	"Maximum connections (0 = unlimited)"

#define STATIC_OPTS " {dns | norandomseq | tcp | udp | N:<0-65535>}"
#define STATIC_OPTS_HELP                                                       \
	"Use the created xlate to rewrite DNS address record\n"                \
	"Disable TCP sequence number randomization\n"                          \
	"Configure TCP connection limits (maximum connections, embryonic limit)\n" \
	"Configure UDP connection limits\n"                                    \
	"Maximum connections (0 = unlimited)"

static const struct cli_cmd config_cmds[] = {
	{"[no] nat-control",
	 "\nEnable NAT control: traffic through the security appliance must match a NAT rule",
	 cmd_nat_control, 0},
	{"[no] global IF:nat-if ID:<1-2147483647> (interface | ADDR:nat-gaddr [netmask MASK:mask])",
	 "\nSpecify, associate or delete a pool of global addresses\n"
	 "(if_name) the interface the pool is on\n"
	 "The NAT ID the pool is used by\n"
	 "Use the interface address (PAT)\n"
	 "A global address, or a range of addresses\n"
	 "Specify the network mask of the global addresses\n"
	 "Network mask",
	 cmd_global, 0},
	{"no global IF:nat-if ID:<1-2147483647>", "", cmd_global, 0},
	{"[no] nat IF:nat-if ID:<0-2147483647> access-list ACL" NAT_OPTS,
	 "\nAssociate a network with a pool of global IP addresses\n"
	 "(if_name) the interface of the real addresses\n"
	 "NAT ID: 0 exempts from NAT, others match a global pool\n"
	 "Policy NAT: the real addresses are the sources of an access-list\n"
	 "Access-list name\n" NAT_OPTS_HELP,
	 cmd_nat, 0},
	{"[no] nat IF:nat-if ID:<0-2147483647> NET:ip [MASK:mask" NAT_OPTS "]",
	 "\nAssociate a network with a pool of global IP addresses\n"
	 "(if_name) the interface of the real addresses\n"
	 "NAT ID: 0 exempts from NAT, others match a global pool\n"
	 "Real IP address\n"
	 "Real network mask\n" NAT_OPTS_HELP,
	 cmd_nat, 0},
	{"no nat IF:nat-if ID:<0-2147483647>", "", cmd_nat, 0},
	{"[no] static PAIR:nat-ifpair (interface | MAPPED:ip) (access-list ACL | REAL:ip [netmask MASK:mask])" STATIC_OPTS,
	 "\nConfigure one-to-one address translation rule\n"
	 "(real_ifc,mapped_ifc) the real and the mapped interface\n"
	 "Use the mapped interface's address\n"
	 "Mapped IP address\n"
	 "Policy static: the real addresses are the sources of an access-list\n"
	 "Access-list name\n"
	 "Real IP address\n"
	 "Specify the network mask\n"
	 "Network mask\n" STATIC_OPTS_HELP,
	 cmd_static, 0},
	{"[no] static PAIR:nat-ifpair (tcp | udp) (interface | MAPPED:ip) MPORT:dp-port (access-list ACL | REAL:ip RPORT:dp-port [netmask MASK:mask])" STATIC_OPTS,
	 "\nConfigure one-to-one address translation rule\n"
	 "(real_ifc,mapped_ifc) the real and the mapped interface\n"
	 "Static port translation for TCP\n"
	 "Static port translation for UDP\n"
	 "Use the mapped interface's address\n"
	 "Mapped IP address\n"
	 "Mapped port\n"
	 "Policy static: the real addresses are the sources of an access-list\n"
	 "Access-list name\n"
	 "Real IP address\n"
	 "Real port\n"
	 "Specify the network mask\n"
	 "Network mask\n" STATIC_OPTS_HELP,
	 cmd_static, 0},
	{"clear configure (nat | global | static | nat-control)",
	 "\nClear configuration\n"
	 "Clear all nat configuration\n"
	 "Clear all global configuration\n"
	 "Clear all static configuration\n"
	 "Clear nat-control configuration",
	 cmd_clear, 0},
};

static void nat_init(void)
{
	nat_types_register();
	iface_watch(nat_iface_renamed);
	cli_install_all(cli_mode_config(), config_cmds);
	nat_write_register();
}

MODULE_INIT(nat_init)
