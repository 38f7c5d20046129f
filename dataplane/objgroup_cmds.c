/*
 * objgroup_cmds.c — "object-group network|service|protocol|icmp-type NAME"
 * and their sub-modes (config-network, config-service, config-protocol,
 * config-icmp-type), "no object-group", "clear configure object-group",
 * and the CLI types that name existing groups.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp_errors.h"
#include "dataplane/names.h"
#include "dataplane/objgroup.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

static struct cli_mode *mode_net, *mode_port, *mode_svc, *mode_proto, *mode_icmp;

/* ---- types: existing groups (of one kind) ---------------------------- */

static bool match_kind(const char *in, char *out, size_t n, int type, int svc)
{
	const struct objgroup *g = og_find(in);
	if (!g || (type && (int)g->type != type))
		return false;
	/* svc: 1 = port-object groups (ACL port position), 2 = service-object
	 * or protocol groups (ACL protocol position) */
	if (svc == 1 && (g->type != OG_SERVICE || !g->svc_pp))
		return false;
	if (svc == 2 && !(g->type == OG_PROTOCOL || (g->type == OG_SERVICE && !g->svc_pp)))
		return false;
	snprintf(out, n, "%s", g->name);
	return true;
}

static void values_kind(void (*add)(void *, const char *), void *ctx, int type, int svc)
{
	for (size_t i = 0; i < og_count(); i++) {
		const struct objgroup *g = og_at(i);
		char buf[OG_NAME_MAX + 1];
		if (match_kind(g->name, buf, sizeof buf, type, svc))
			add(ctx, g->name);
	}
}

#define KIND_TYPE(fname, type, svc)                                                        \
	static bool fname##_match(const char *in, char *out, size_t n)                    \
	{                                                                                  \
		return match_kind(in, out, n, type, svc);                                  \
	}                                                                                  \
	static void fname##_values(void (*add)(void *, const char *), void *ctx)          \
	{                                                                                  \
		values_kind(add, ctx, type, svc);                                          \
	}

KIND_TYPE(anygroup, 0, 0)
KIND_TYPE(netgroup, OG_NETWORK, 0)
KIND_TYPE(svcgroup, OG_SERVICE, 1)
KIND_TYPE(protogroup, 0, 2)
KIND_TYPE(icmpgroup, OG_ICMP, 0)

static const struct cli_type types[] = {
	{"objgroup", "WORD", anygroup_match, anygroup_values, 20},
	{"netgroup", "WORD", netgroup_match, netgroup_values, 20},
	{"svcgroup", "WORD", svcgroup_match, svcgroup_values, 20},
	{"protogroup", "WORD", protogroup_match, protogroup_values, 20},
	{"icmpgroup", "WORD", icmpgroup_match, icmpgroup_values, 20},
};

/* ---- entering a group ------------------------------------------------ */

static enum og_type type_of(struct cli_args *a)
{
	if (cli_has(a, "network"))
		return OG_NETWORK;
	if (cli_has(a, "service"))
		return OG_SERVICE;
	if (cli_has(a, "protocol"))
		return OG_PROTOCOL;
	return OG_ICMP;
}

static struct cli_mode *mode_for(const struct objgroup *g)
{
	switch (g->type) {
	case OG_NETWORK:
		return mode_net;
	case OG_SERVICE:
		return g->svc_pp ? mode_port : mode_svc;
	case OG_PROTOCOL:
		return mode_proto;
	case OG_ICMP:
		return mode_icmp;
	}
	return mode_net;
}

static int do_object_group(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	enum og_type type = type_of(a);
	enum port_proto pp = cli_has(a, "tcp-udp") ? PP_TCPUDP
			     : cli_has(a, "tcp")   ? PP_TCP
			     : cli_has(a, "udp")   ? PP_UDP
						   : 0;
	if (strlen(name) > OG_NAME_MAX)
		return cli_bad(a, "NAME");
	struct objgroup *g = og_find(name);
	if (g && (g->type != type || (type == OG_SERVICE && g->svc_pp != pp))) {
		cli_printf(cli, ERR_OG_OTHER_TYPE, name);
		return CLI_ERR;
	}
	if (!g)
		g = og_create(name, type, pp);
	cli_enter(cli, mode_for(g), g->name, 0);
	return CLI_OK;
}

static int do_no_object_group(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct objgroup *g = og_find(name);
	if (!g || g->type != type_of(a))
		return cli_bad(a, "NAME");
	if (og_in_use(name)) {
		cli_printf(cli, ERR_OG_IN_USE, name);
		return CLI_ERR;
	}
	og_remove(g);
	return CLI_OK;
}

static int do_clear_object_group(struct cli *cli, struct cli_args *a)
{
	bool all = !cli_has(a, "network") && !cli_has(a, "service") && !cli_has(a, "protocol") &&
		   !cli_has(a, "icmp-type");
	enum og_type type = all ? 0 : type_of(a);
	/* unused groups go; used ones stay with the ASA's message.  Repeat so
	 * that a group only used by another removed group goes too. */
	bool again = true;
	while (again) {
		again = false;
		for (size_t i = og_count(); i-- > 0;) {
			struct objgroup *g = og_at(i);
			if ((all || g->type == type) && !og_in_use(g->name)) {
				og_remove(g);
				again = true;
			}
		}
	}
	for (size_t i = 0; i < og_count(); i++)
		if (all || og_at(i)->type == type)
			cli_printf(cli, ERR_OG_IN_USE, og_at(i)->name);
	return CLI_OK;
}

/* ---- sub-mode commands ---------------------------------------------- */

static struct objgroup *cur(struct cli *cli)
{
	return og_find(cli_ctx_key(cli));
}

static int apply(struct cli *cli, struct cli_args *a, struct og_member *m)
{
	struct objgroup *g = cur(cli);
	if (!g) {
		free(m->group);
		return CLI_ERR;
	}
	if (cli_has(a, "no")) {
		og_del(g, m);
		free(m->group);
	} else {
		og_add(g, m);
	}
	return CLI_OK;
}

static int do_network_object(struct cli *cli, struct cli_args *a)
{
	struct og_member m = {.kind = cli_has(a, "host") ? OGM_HOST : OGM_NET};
	const char *ip = cli_get(a, cli_has(a, "host") ? "H" : "A");
	if (!conf_parse_host(ip, &m.ip))
		return cli_bad(a, cli_has(a, "host") ? "H" : "A");
	if (m.kind == OGM_NET) {
		ip4_parse(cli_get(a, "M"), &m.mask);
		if (!ip4_mask_valid(m.mask))
			return cli_bad(a, "M");
		if (m.ip & ~m.mask) {
			char x[16], y[16];
			cli_printf(cli, ERR_ADDR_MASK_PAIR, ip4_fmt(m.ip, x), ip4_fmt(m.mask, y));
			return CLI_ERR;
		}
		if (m.mask == 0xffffffffu)
			m.kind = OGM_HOST;
	}
	return apply(cli, a, &m);
}

/* Port value for this group's protocol(s); -1 when the name is unknown there. */
static int port_for(struct cli_args *a, const char *spec, enum port_proto pp)
{
	const char *v = cli_get(a, spec);
	return v ? port_parse(v, pp) : 0;
}

static int port_cond(struct cli_args *a, struct og_member *m, enum port_proto pp)
{
	m->op = PORT_NONE;
	for (int i = 0; i < a->n; i++) {
		enum port_op op = port_op_parse(a->v[i].spec);
		if (op != PORT_NONE)
			m->op = op;
	}
	if (m->op == PORT_NONE)
		return CLI_OK;
	if (m->op == PORT_RANGE) {
		m->lo = port_for(a, "LO", pp);
		if (m->lo < 0)
			return cli_bad(a, "LO");
		m->hi = port_for(a, "HI", pp);
		if (m->hi < 0 || m->hi < m->lo)
			return cli_bad(a, "HI");
	} else {
		m->lo = m->hi = port_for(a, "P", pp);
		if (m->lo < 0)
			return cli_bad(a, "P");
	}
	return CLI_OK;
}

static int do_port_object(struct cli *cli, struct cli_args *a)
{
	struct objgroup *g = cur(cli);
	if (!g)
		return CLI_ERR;
	struct og_member m = {.kind = OGM_PORT};
	int rc = port_cond(a, &m, g->svc_pp);
	return rc != CLI_OK ? rc : apply(cli, a, &m);
}

static int do_service_object(struct cli *cli, struct cli_args *a)
{
	struct og_member m = {.kind = OGM_SVC, .icmp = -1};
	if (!strcmp(cli_get(a, "PROTO"), "tcp-udp"))
		m.proto = SVC_TCPUDP;
	else
		m.proto = proto_parse(cli_get(a, "PROTO"));
	bool ports = false;
	for (int i = 0; i < a->n; i++)
		if (port_op_parse(a->v[i].spec) != PORT_NONE)
			ports = true;
	if (ports && m.proto != 6 && m.proto != 17 && m.proto != SVC_TCPUDP)
		return cli_bad_at(a, cli_idx(a, "PROTO") + 1);
	const char *icmp = cli_get(a, "ICMP");
	if (icmp) {
		if (m.proto != 1)
			return cli_bad(a, "ICMP");
		m.icmp = icmp_type_parse(icmp);
	}
	enum port_proto pp = m.proto == SVC_TCPUDP ? PP_TCPUDP : m.proto == 17 ? PP_UDP : PP_TCP;
	int rc = port_cond(a, &m, pp);
	return rc != CLI_OK ? rc : apply(cli, a, &m);
}

static int do_protocol_object(struct cli *cli, struct cli_args *a)
{
	struct og_member m = {.kind = OGM_PROTO, .proto = proto_parse(cli_get(a, "PROTO"))};
	return apply(cli, a, &m);
}

static int do_icmp_object(struct cli *cli, struct cli_args *a)
{
	struct og_member m = {.kind = OGM_ICMP, .icmp = icmp_type_parse(cli_get(a, "ICMP"))};
	return apply(cli, a, &m);
}

static int do_group_object(struct cli *cli, struct cli_args *a)
{
	struct objgroup *g = cur(cli);
	if (!g)
		return CLI_ERR;
	const char *name = cli_get(a, "G");
	const struct objgroup *inner = og_find(name);
	if (!cli_has(a, "no")) {
		if (!inner) {
			cli_printf(cli, ERR_OG_NOT_FOUND, name);
			return CLI_ERR;
		}
		if (inner->type != g->type || inner->svc_pp != g->svc_pp) {
			cli_printf(cli, ERR_OG_NEST_TYPE, name);
			return CLI_ERR;
		}
		if (og_contains(inner, g->name)) {
			cli_printf(cli, ERR_OG_LOOP, name);
			return CLI_ERR;
		}
	}
	struct og_member m = {.kind = OGM_GROUP, .group = xstrdup(name)};
	return apply(cli, a, &m);
}

static int do_description(struct cli *cli, struct cli_args *a)
{
	struct objgroup *g = cur(cli);
	if (!g)
		return CLI_ERR;
	const char *text = cli_get(a, "TEXT");
	if (text && strlen(text) > 200)
		return cli_bad(a, "TEXT");
	free(g->desc);
	g->desc = cli_has(a, "no") ? NULL : xstrdup(text);
	return CLI_OK;
}

static const struct cli_cmd config_cmds[] = {
	{"object-group (network | protocol | icmp-type) NAME",
	 "Create an object group for use in 'access-list' commands\n"
	 "Specifies a group of host or subnet IP addresses\n"
	 "Specifies a group of protocols, such as TCP, etc\n"
	 "Specifies a group of ICMP types, such as echo\nObject group name",
	 do_object_group, 0},
	{"object-group service NAME [tcp | udp | tcp-udp]",
	 "Create an object group for use in 'access-list' commands\n"
	 "Specifies a group of TCP/UDP ports/services\nObject group name\n"
	 "Specifies TCP ports\nSpecifies UDP ports\nSpecifies TCP and UDP ports",
	 do_object_group, 0},
	{"no object-group (network | service | protocol | icmp-type) NAME:objgroup [tcp | udp | "
	 "tcp-udp]",
	 "Negate a command or set its defaults\nRemove an object group\nNetwork group\n"
	 "Service group\nProtocol group\nICMP type group\nObject group name\nTCP\nUDP\nTCP and UDP",
	 do_no_object_group, 0},
	{"clear configure object-group [network | service | protocol | icmp-type]",
	 "Reset functions\nClear configuration\nClear object-group configuration\n"
	 "Network groups\nService groups\nProtocol groups\nICMP type groups",
	 do_clear_object_group, 0},
};

static const struct cli_cmd common_cmds[] = {
	{"[no] group-object G:objgroup",
	 "Negate a command or set its defaults\nConfigure an object group as an object\n"
	 "Object group name",
	 do_group_object, 0},
	{"description TEXT:line", "Specify description text\nUp to 200 characters", do_description,
	 0},
	{"no description [TEXT:line]",
	 "Negate a command or set its defaults\nSpecify description text\nDescription",
	 do_description, 0},
};

static const struct cli_cmd net_cmds[] = {
	{"[no] network-object (host H:ip | A:ip M:dp-mask)",
	 "Negate a command or set its defaults\nConfigure a network object\n"
	 "Enter this keyword to specify a single host object\nHost address\n"
	 "Network address\nNetwork mask",
	 do_network_object, 0},
};

static const struct cli_cmd port_cmds[] = {
	{"[no] port-object ((eq) P:dp-port | range LO:dp-port HI:dp-port)",
	 "Negate a command or set its defaults\nConfigure a port object\n"
	 "Enter this keyword to specify a port\nPort number or name\n"
	 "Enter this keyword to specify a range of ports\nStarting port\nEnding port",
	 do_port_object, 0},
};

static const struct cli_cmd svc_cmds[] = {
	{"[no] service-object PROTO:dp-svcproto [(eq | lt | gt | neq) P:dp-port | range "
	 "LO:dp-port HI:dp-port | ICMP:dp-icmptype]",
	 "Negate a command or set its defaults\nConfigure a service object\n"
	 "Protocol name or number, or tcp-udp\nPort equal to\nPort less than\n"
	 "Port greater than\nPort not equal to\nPort number or name\nRange of ports\n"
	 "Starting port\nEnding port\nICMP type",
	 do_service_object, 0},
};

static const struct cli_cmd proto_cmds[] = {
	{"[no] protocol-object PROTO:dp-proto",
	 "Negate a command or set its defaults\nConfigure a protocol object\n"
	 "Protocol name or number",
	 do_protocol_object, 0},
};

static const struct cli_cmd icmp_cmds[] = {
	{"[no] icmp-object ICMP:dp-icmptype",
	 "Negate a command or set its defaults\nConfigure an ICMP type object\nICMP type",
	 do_icmp_object, 0},
};

static void objgroup_cmds_init(void)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		cli_type_register(&types[i]);
	mode_net = cli_mode_new("config-network", cli_mode_config());
	/* a service group with a protocol takes port-object, one without
	 * takes service-object: same prompt, different commands */
	mode_port = cli_mode_new("config-service", cli_mode_config());
	mode_svc = cli_mode_new("config-service", cli_mode_config());
	mode_proto = cli_mode_new("config-protocol", cli_mode_config());
	mode_icmp = cli_mode_new("config-icmp-type", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	struct cli_mode *all[] = {mode_net, mode_port, mode_svc, mode_proto, mode_icmp};
	for (size_t i = 0; i < 5; i++)
		cli_install_all(all[i], common_cmds);
	cli_install_all(mode_net, net_cmds);
	cli_install_all(mode_port, port_cmds);
	cli_install_all(mode_svc, svc_cmds);
	cli_install_all(mode_proto, proto_cmds);
	cli_install_all(mode_icmp, icmp_cmds);
}
MODULE_INIT(objgroup_cmds_init)
