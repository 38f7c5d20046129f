/*
 * acl_cmds.c — "access-list" (extended, standard, remark, line N, no),
 * "access-group", their clear commands and the "acl" CLI type.
 *
 * The engine has matched the line against the declared grammar; the
 * handler walks the matched arguments in order (their names tell which
 * slot they fill), checks what the grammar cannot (port names valid for
 * the protocol, address/mask pairs, ranges), and only then changes the
 * configuration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/acl.h"
#include "dataplane/acl_fmt.h"
#include "dataplane/dp_errors.h"
#include "dataplane/iface.h"
#include "dataplane/objgroup.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

/* ---- the "acl" type: any list name; '?' lists the existing ones ------- */

static bool acl_match(const char *in, char *out, size_t n)
{
	snprintf(out, n, "%s", in);
	return true;
}

static void acl_values(void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < acl_count(); i++)
		add(ctx, acl_at(i)->name);
}

static const struct cli_type t_acl = {"acl", "WORD", acl_match, acl_values, 0};

/* "alert-interval" and "deny-flow-max" sit where a list name goes; as
 * plain keywords they would capture any list named by one of their
 * prefixes ("access-list a ..." read as "alert-interval").  These types
 * match only the whole word, and then beat the list name. */
static bool alert_match(const char *in, char *out, size_t n)
{
	snprintf(out, n, "alert-interval");
	return !strcasecmp(in, "alert-interval");
}

static bool dfm_match(const char *in, char *out, size_t n)
{
	snprintf(out, n, "deny-flow-max");
	return !strcasecmp(in, "deny-flow-max");
}

static void alert_values(void (*add)(void *, const char *), void *ctx)
{
	add(ctx, "alert-interval");
}

static void dfm_values(void (*add)(void *, const char *), void *ctx)
{
	add(ctx, "deny-flow-max");
}

static const struct cli_type t_alert = {"dp-kw-alert-interval", "alert-interval", alert_match,
					  alert_values, 50};
static const struct cli_type t_dfm = {"dp-kw-deny-flow-max", "deny-flow-max", dfm_match,
				       dfm_values, 50};

/* ---- building an entry from the matched arguments -------------------- */

static bool is(const struct cli_arg *v, const char *spec)
{
	return !strcmp(v->spec, spec);
}

/* Address slot starting at v[*i] ("any", "host" X, X M, "object-group" G). */
static int parse_addr(struct cli *cli, struct cli_args *a, int *i, struct acl_addr *ad)
{
	struct cli_arg *v = &a->v[*i];
	if (is(v, "any")) {
		ad->kind = AA_ANY;
		return CLI_OK;
	}
	if (is(v, "host")) {
		(*i)++;
		ad->kind = AA_HOST;
		if (!conf_parse_host(a->v[*i].val, &ad->ip))
			return cli_bad_at(a, *i);
		return CLI_OK;
	}
	if (is(v, "interface")) {
		(*i)++;
		ad->kind = AA_IFACE;
		ad->group = xstrdup(a->v[*i].val);
		return CLI_OK;
	}
	if (is(v, "object-group")) {
		(*i)++;
		ad->kind = AA_GROUP;
		ad->group = xstrdup(a->v[*i].val);
		return CLI_OK;
	}
	/* A.B.C.D MASK */
	ad->kind = AA_NET;
	if (!conf_parse_host(v->val, &ad->ip))
		return cli_bad_at(a, *i);
	(*i)++;
	ip4_parse(a->v[*i].val, &ad->mask);
	if (!ip4_mask_valid(ad->mask))
		return cli_bad_at(a, *i);
	if (ad->ip & ~ad->mask) {
		char x[16], y[16];
		cli_printf(cli, ERR_ADDR_MASK_PAIR, ip4_fmt(ad->ip, x), ip4_fmt(ad->mask, y));
		return CLI_ERR;
	}
	if (ad->mask == 0xffffffffu)
		ad->kind = AA_HOST;
	else if (ad->mask == 0 && ad->ip == 0)
		ad->kind = AA_ANY;
	return CLI_OK;
}

/* Port slot at v[*i]: operator + value(s) or "object-group" G. */
static int parse_port(struct cli_args *a, int *i, struct acl_port *p, const struct ace *e)
{
	struct cli_arg *v = &a->v[*i];
	bool tcpudp = e->proto == 6 || e->proto == 17 || e->proto_group;
	if (is(v, "object-group")) {
		(*i)++;
		const struct objgroup *g = og_find(a->v[*i].val);
		/* a tcp list takes tcp or tcp-udp port groups, udp likewise */
		if (!tcpudp || (e->proto == 6 && !(g->svc_pp & PP_TCP)) ||
		    (e->proto == 17 && !(g->svc_pp & PP_UDP)))
			return cli_bad_at(a, *i);
		p->group = xstrdup(g->name);
		return CLI_OK;
	}
	if (!tcpudp)
		return cli_bad_at(a, *i);
	p->op = port_op_parse(v->spec);
	enum port_proto pp = e->proto == 6 ? PP_TCP : e->proto == 17 ? PP_UDP : 0;
	for (int k = 0; k < (p->op == PORT_RANGE ? 2 : 1); k++) {
		(*i)++;
		int port = pp ? port_parse(a->v[*i].val, pp) : -1;
		if (!pp) /* protocol group: a name of either table */
			port = port_parse(a->v[*i].val, PP_TCP) >= 0 ? port_parse(a->v[*i].val, PP_TCP)
								      : port_parse(a->v[*i].val, PP_UDP);
		if (port < 0 || (k == 1 && port < p->lo))
			return cli_bad_at(a, *i);
		if (k == 0)
			p->lo = p->hi = port;
		else
			p->hi = port;
	}
	return CLI_OK;
}

static bool port_slot(const struct cli_arg *v)
{
	return port_op_parse(v->spec) != PORT_NONE;
}

/* Fill e from the arguments; returns CLI_OK or the error (printed or caret). */
static int parse_ace(struct cli *cli, struct cli_args *a, struct ace *e)
{
	e->proto = -1;
	e->icmp_type = -1;
	e->log_level = -1;
	e->kind = ACE_EXTENDED;
	int i = 0;
	/* leading words: [no] access-list NAME [line N] [extended|standard|remark] */
	for (; i < a->n; i++) {
		struct cli_arg *v = &a->v[i];
		if (is(v, "standard"))
			e->kind = ACE_STANDARD;
		else if (is(v, "remark"))
			e->kind = ACE_REMARK;
		else if (is(v, "permit") || is(v, "deny"))
			break;
		if (e->kind == ACE_REMARK && is(v, "TEXT")) {
			if (strlen(v->val) > ACL_REMARK_MAX)
				return cli_bad_at(a, i);
			e->remark = xstrdup(v->val);
			return CLI_OK;
		}
	}
	if (i >= a->n)
		return CLI_ERR_INCOMPLETE;
	e->permit = is(&a->v[i++], "permit");
	int rc;
	if (e->kind == ACE_STANDARD)
		return parse_addr(cli, a, &i, &e->dst);
	/* protocol */
	if (is(&a->v[i], "object-group")) {
		e->proto_group = xstrdup(a->v[++i].val);
	} else {
		e->proto = proto_parse(a->v[i].val);
	}
	i++;
	if ((rc = parse_addr(cli, a, &i, &e->src)) != CLI_OK)
		return rc;
	i++;
	if (i < a->n && (port_slot(&a->v[i]) || (is(&a->v[i], "object-group") &&
						 i + 1 < a->n && is(&a->v[i + 1], "SPG")))) {
		if ((rc = parse_port(a, &i, &e->sport, e)) != CLI_OK)
			return rc;
		i++;
	}
	if ((rc = parse_addr(cli, a, &i, &e->dst)) != CLI_OK)
		return rc;
	i++;
	for (; i < a->n; i++) {
		struct cli_arg *v = &a->v[i];
		if (port_slot(v) || (is(v, "object-group") && is(&a->v[i + 1], "DPG"))) {
			if ((rc = parse_port(a, &i, &e->dport, e)) != CLI_OK)
				return rc;
		} else if (is(v, "object-group")) { /* icmp-type group */
			i++;
			if (e->proto != 1)
				return cli_bad_at(a, i);
			e->dport.group = xstrdup(a->v[i].val);
		} else if (is(v, "ICMP")) {
			if (e->proto != 1)
				return cli_bad_at(a, i);
			e->icmp_type = icmp_type_parse(v->val);
		} else if (is(v, "log")) {
			e->log = ACE_LOG_ON;
			e->log_level = -1;
			e->log_interval = 0;
		} else if (is(v, "disable")) {
			e->log = ACE_LOG_DISABLE;
		} else if (is(v, "default")) {
			e->log = ACE_LOG_DEFAULT;
		} else if (is(v, "LEVEL")) {
			e->log_level = loglevel_parse(v->val);
		} else if (is(v, "SECS")) {
			e->log_interval = atoi(v->val);
		} else if (is(v, "TR")) {
			free(e->time_range);
			e->time_range = xstrdup(v->val);
		} else if (is(v, "inactive")) {
			e->inactive = true;
		}
	}
	return CLI_OK;
}

static int do_access_list(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "ACL");
	if (strlen(name) > ACL_NAME_MAX)
		return cli_bad(a, "ACL");
	struct ace *e = xcalloc(1, sizeof *e);
	int rc = parse_ace(cli, a, e);
	if (rc != CLI_OK) {
		acl_ace_free(e);
		return rc;
	}
	if (cli_has(a, "no")) {
		acl_remove_ace(name, e);
		acl_ace_free(e);
		return CLI_OK;
	}
	const char *line = cli_get(a, "N");
	if (!acl_insert(name, e, line ? atol(line) : 0))
		cli_printf(cli, WARN_ACE_DUPLICATE, name);
	return CLI_OK;
}

static int do_no_access_list(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	acl_remove_list(cli_get(a, "ACL"));
	return CLI_OK;
}

static int do_clear_access_list(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "ACL");
	if (name) {
		acl_remove_list(name);
	} else {
		acl_clear_all();
		acl_set_log_limits(0, 0);
	}
	return CLI_OK;
}

static int do_log_limits(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool no = cli_has(a, "no");
	int ai = acl_alert_interval(), dfm = acl_deny_flow_max();
	if (cli_has(a, "AI"))
		ai = no ? 0 : atoi(cli_get(a, "SECS"));
	else
		dfm = no ? 0 : atoi(cli_get(a, "N"));
	acl_set_log_limits(ai, dfm);
	return CLI_OK;
}

/* ---- access-group --------------------------------------------------- */

static int do_access_group(struct cli *cli, struct cli_args *a)
{
	const char *acl = cli_get(a, "ACL"), *ifn = cli_get(a, "IF");
	bool out = cli_has(a, "out");
	if (cli_has(a, "no")) {
		const char *cur = acl_group_get(ifn, out);
		if (cur && !strcmp(cur, acl))
			acl_group_set(ifn, out, NULL);
		return CLI_OK;
	}
	if (!acl_find(acl)) {
		cli_printf(cli, ERR_ACL_NOT_EXIST, acl);
		return CLI_ERR;
	}
	if (out && cli_has(a, "per-user-override"))
		return cli_bad(a, "per-user-override");
	acl_group_set(ifn, out, acl);
	acl_group_set_override(ifn, !out && cli_has(a, "per-user-override"));
	return CLI_OK;
}

static int do_clear_access_group(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	acl_group_clear();
	return CLI_OK;
}

#define ACL_HEAD "[no] access-list ACL:acl [line N:<1-2147483647>] "
#define ACL_HEAD_HELP                                                                      \
	"Negate a command or set its defaults\nConfigure an access control element\n"    \
	"Access list identifier\nUse this to specify line number at which ACE should be "   \
	"entered\nLine number\n"
#define ADDR(p)                                                                            \
	"(any | host " p "H:ip | " p "A:ip " p "M:dp-mask | object-group " p "G:netgroup | "     \
	"interface " p "IF:nameif)"
#define ADDR_HELP                                                                          \
	"Abbreviation for source or destination address 0.0.0.0 0.0.0.0\n"                 \
	"Use this keyword to specify a single host\nHost address\nIP address\nNetmask\n"    \
	"Network object-group\nObject-group name\n"                                          \
	"Use the address of an interface\nName of interface\n"
#define PORTS(p)                                                                           \
	"(eq | lt | gt | neq) " p "P:dp-port | range " p "PL:dp-port " p "PH:dp-port"
#define PORTS_HELP                                                                         \
	"Port equal to operator\nPort less than operator\nPort greater than operator\n"     \
	"Port not equal to operator\nPort number or name\nPort range operator\n"            \
	"Starting port\nEnding port\n"

static const struct cli_cmd cmds[] = {
	{ACL_HEAD "[extended] (deny | permit) (PROTO:dp-proto | object-group PG:protogroup) " ADDR(
		 "S") " [" PORTS("S") " | object-group SPG:svcgroup] " ADDR("D") " [" PORTS("D") " | "
		 "object-group DPG:svcgroup | object-group DIG:icmpgroup | ICMP:dp-icmptype] "
		 "{log [LEVEL:dp-loglevel] [interval SECS:<1-600>] | log (disable | default) | "
		 "time-range TR:dp-time-range | inactive}",
	 ACL_HEAD_HELP "Configure access policy for IP traffic through the system\n"
		       "Specify packets to reject\nSpecify packets to forward\n"
		       "Protocol name or number\nProtocol or service object-group\nObject-group name\n" ADDR_HELP
			       PORTS_HELP "Service object-group\nObject-group name\n" ADDR_HELP PORTS_HELP
				       "Service object-group\nObject-group name\nICMP type object-group\n"
				       "Object-group name\nICMP type\n"
				       "Log when the ACE is matched\nLogging level\n"
				       "Logging interval\nSeconds\nLog when the ACE is matched\n"
				       "Disable logging\nDefault logging\n"
				       "Specify a time-range\nTime-range name\n"
				       "Keyword for disabling an ACL element",
	 do_access_list, 0},
	{ACL_HEAD "standard (deny | permit) (any | host DH:ip | DA:ip DM:dp-mask)",
	 ACL_HEAD_HELP "Use this to configure a standard access list\n"
		       "Specify packets to reject\nSpecify packets to forward\n"
		       "Any destination\nA single host\nHost address\nIP address\nNetmask",
	 do_access_list, 0},
	{ACL_HEAD "remark TEXT:line",
	 ACL_HEAD_HELP "Specify a comment (remark) for the access-list\n"
		       "Comment, up to 100 characters",
	 do_access_list, 0},
	{"access-list AI:dp-kw-alert-interval SECS:<1-3600>",
	 "Configure an access control element\n"
	 "Specify the alert interval for deny-flow-max messages\nSeconds",
	 do_log_limits, 0},
	{"no access-list AI:dp-kw-alert-interval [SECS:<1-3600>]",
	 "Negate a command or set its defaults\nConfigure an access control element\n"
	 "Specify the alert interval for deny-flow-max messages\nSeconds",
	 do_log_limits, 0},
	{"access-list DFM:dp-kw-deny-flow-max N:<1-4096>",
	 "Configure an access control element\n"
	 "Specify the maximum number of concurrent deny flows\nNumber of flows",
	 do_log_limits, 0},
	{"no access-list DFM:dp-kw-deny-flow-max [N:<1-4096>]",
	 "Negate a command or set its defaults\nConfigure an access control element\n"
	 "Specify the maximum number of concurrent deny flows\nNumber of flows",
	 do_log_limits, 0},
	{"no access-list ACL:acl",
	 "Negate a command or set its defaults\nConfigure an access control element\n"
	 "Access list identifier",
	 do_no_access_list, 0},
	{"clear configure access-list [ACL:acl]",
	 "Reset functions\nClear configuration\nClear configured access-lists\n"
	 "Access list identifier",
	 do_clear_access_list, 0},
	{"[no] access-group ACL:acl (in | out) interface IF:nameif [per-user-override]",
	 "Negate a command or set its defaults\n"
	 "Bind an access-list to an interface to filter traffic\nAccess list identifier\n"
	 "Filter incoming traffic\nFilter outgoing traffic\nInterface\nName of interface\n"
	 "Allow downloadable user access-lists to override the interface access-list",
	 do_access_group, 0},
	{"clear configure access-group",
	 "Reset functions\nClear configuration\nClear access groups", do_clear_access_group, 0},
};

static void acl_cmds_init(void)
{
	cli_type_register(&t_acl);
	cli_type_register(&t_alert);
	cli_type_register(&t_dfm);
	cli_install_all(cli_mode_config(), cmds);
}
MODULE_INIT(acl_cmds_init)
