/*
 * tracer.c — "packet-tracer input IF PROTO SRC SPORT DST DPORT [detailed]":
 * a synthetic first packet of a flow, shown phase by phase as the ASA
 * prints it, then the verdict:
 *
 *   Phase: 1
 *   Type: ACCESS-LIST
 *   Subtype:
 *   Result: ALLOW
 *   Config:
 *   Implicit Rule
 *   Additional Information:
 *   MAC Access list
 *
 *   ...
 *
 *   Result:
 *   input-interface: inside
 *   input-status: up
 *   input-line-status: up
 *   output-interface: outside
 *   output-status: up
 *   output-line-status: up
 *   Action: allow
 *
 * Transit decisions come from the firewall itself (fw_trace: the code the
 * packets meet, without changing any state), so the tracer and the real
 * outcome cannot disagree.  A packet for the receiving interface's own
 * address is judged as the box judges it: ICMP by the "icmp" rules, the
 * rest by the management access lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/capture.h"
#include "dataplane/dp.h"
#include "dataplane/fw.h"
#include "dataplane/icmp.h"
#include "dataplane/names.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "mgmt/mgmt.h"

static void phase_out(struct strbuf *sb, int n, const char *type, const char *subtype, bool allow,
		      const char *config, const char *info)
{
	sb_printf(sb, "Phase: %d\nType: %s\nSubtype:%s%s\nResult: %s\nConfig:\n%s", n, type,
		  subtype[0] ? " " : "", subtype, allow ? "ALLOW" : "DROP", config);
	sb_printf(sb, "Additional Information:\n%s\n", info);
}

static const char *if_status(const struct iface *ifp)
{
	const struct iface *phys = ifp->parent ? ifp->parent : ifp;
	return ifp->shutdown || phys->shutdown ? "down" : "up";
}

static const char *line_status(const struct iface *ifp)
{
	const struct iface *phys = ifp->parent ? ifp->parent : ifp;
	return phys->link_up && !phys->shutdown && !ifp->shutdown ? "up" : "down";
}

/* ---- to the box ---------------------------------------------------------- */

static void icmp_rule_text(char *buf, size_t n, const struct icmp_rule *r)
{
	char a[64], m[16], t[8];
	int k = snprintf(buf, n, "icmp %s ", r->permit ? "permit" : "deny");
	if (!r->mask)
		k += snprintf(buf + k, n - (size_t)k, "any");
	else if (r->mask == 0xffffffffu)
		k += snprintf(buf + k, n - (size_t)k, "host %s", conf_fmt_host(r->ip, a));
	else
		k += snprintf(buf + k, n - (size_t)k, "%s %s", conf_fmt_host(r->ip, a),
			      ip4_fmt(r->mask, m));
	if (r->type >= 0)
		k += snprintf(buf + k, n - (size_t)k, " %s", icmp_type_name(r->type, t));
	snprintf(buf + k, n - (size_t)k, " %s\n", r->ifname);
}

/* The box's own verdict on a packet for ifp's address. */
static bool box_verdict(const struct fw_flow *f, char *config, size_t n)
{
	config[0] = '\0';
	if (f->proto == 1) {
		bool rules = false;
		for (size_t i = 0; i < icmp_rule_count(); i++) {
			const struct icmp_rule *r = icmp_rule_at(i);
			if (strcmp(r->ifname, f->in->nameif))
				continue;
			rules = true;
			if ((f->src & r->mask) == (r->ip & r->mask) &&
			    (r->type < 0 || r->type == f->icmp_type)) {
				icmp_rule_text(config, n, r);
				return r->permit;
			}
		}
		snprintf(config, n, "Implicit Rule\n");
		return !rules;
	}
	snprintf(config, n, "Implicit Rule\n");
	if (f->proto != 6)
		return false;
	switch (f->dport) {
	case 22:
		return mgmt_access_permitted(MGMT_SSH, f->src, f->in->nameif);
	case 23:
		return mgmt_access_permitted(MGMT_TELNET, f->src, f->in->nameif);
	case 443:
		return mgmt_http_server_enabled() &&
		       mgmt_access_permitted(MGMT_HTTP, f->src, f->in->nameif);
	default:
		return false;
	}
}

static int trace_box(struct strbuf *sb, int n, const struct fw_flow *f)
{
	char a[16], config[256];
	phase_out(sb, n++, "FLOW-LOOKUP", "", true, "",
		  "Found no matching flow, creating a new flow\n");
	char info[96];
	snprintf(info, sizeof info, "in   %-15s 255.255.255.255 identity\n", ip4_fmt(f->dst, a));
	phase_out(sb, n++, "ROUTE-LOOKUP", "input", true, "", info);
	bool ok = box_verdict(f, config, sizeof config);
	phase_out(sb, n++, "ACCESS-LIST", "", ok, config, "");
	if (ok) {
		phase_out(sb, n++, "IP-OPTIONS", "", true, "", "");
		phase_out(sb, n++, "FLOW-CREATION", "", true, "",
			  "New flow created, packet dispatched to next module\n");
	}
	sb_printf(sb, "Result:\ninput-interface: %s\ninput-status: %s\ninput-line-status: %s\n"
		      "output-interface: NP Identity Ifc\noutput-status: up\n"
		      "output-line-status: up\nAction: %s\n",
		  f->in->nameif, if_status(f->in), line_status(f->in), ok ? "allow" : "drop");
	if (!ok)
		sb_puts(sb, "Drop-reason: (acl-drop) Flow is denied by configured rule\n");
	return n;
}

/* ---- the command ------------------------------------------------------------ */

static bool get_ip(struct cli_args *a, const char *spec, uint32_t *ip)
{
	const char *v = cli_get(a, spec);
	return v && conf_parse_host(v, ip);
}

static int cmd_packet_tracer(struct cli *cli, struct cli_args *a)
{
	struct fw_flow f = {0};
	f.in = iface_find_name(cli_get(a, "IF"));
	if (!f.in)
		return cli_bad(a, "IF");
	if (!get_ip(a, "SRC", &f.src))
		return cli_bad(a, "SRC");
	if (!get_ip(a, "DST", &f.dst))
		return cli_bad(a, "DST");
	if (cli_has(a, "tcp") || cli_has(a, "udp")) {
		f.proto = cli_has(a, "tcp") ? 6 : 17;
		enum port_proto pp = f.proto == 6 ? PP_TCP : PP_UDP;
		int sp = port_parse(cli_get(a, "SPORT"), pp), dp = port_parse(cli_get(a, "DPORT"), pp);
		if (sp < 0)
			return cli_bad(a, "SPORT");
		if (dp < 0)
			return cli_bad(a, "DPORT");
		f.sport = (uint16_t)sp;
		f.dport = (uint16_t)dp;
	} else if (cli_has(a, "icmp")) {
		f.proto = 1;
		int t = icmp_type_parse(cli_get(a, "TYPE"));
		if (t < 0)
			return cli_bad(a, "TYPE");
		f.icmp_type = (uint8_t)t;
		f.icmp_code = (uint8_t)atoi(cli_get(a, "CODE"));
		const char *id = cli_get(a, "ID");
		f.sport = id ? (uint16_t)atoi(id) : 0;
	} else {
		int p = proto_parse(cli_get(a, "PROTO"));
		if (p < 0)
			return cli_bad(a, "PROTO");
		f.proto = (uint8_t)p;
	}

	struct strbuf sb = STRBUF_INIT;
	int n = 1;
	if (cap_on_iface(f.in->nameif))
		phase_out(&sb, n++, "CAPTURE", "", true, "", "");
	phase_out(&sb, n++, "ACCESS-LIST", "", true, "Implicit Rule\n", "MAC Access list\n");

	struct fw_trace_result *r = malloc(sizeof *r);
	if (!r) {
		sb_free(&sb);
		cli_puts(cli, "ERROR: Out of memory\n");
		return CLI_ERR;
	}
	fw_trace(&f, r);
	bool unnat = false;
	for (int i = 0; i < r->nphases; i++)
		unnat |= !strcmp(r->phase[i].type, "UN-NAT") ||
			 !strncmp(r->phase[i].info, "Found flow", 10);
	struct iface *own = NULL;
	if (!unnat && ip_is_local(f.dst, &own) && own == f.in) {
		/* nothing in the firewall claims it: the box's own traffic */
		trace_box(&sb, n, &f);
		goto out;
	}
	for (int i = 0; i < r->nphases; i++) {
		const struct fw_trace_phase *p = &r->phase[i];
		phase_out(&sb, n++, p->type, p->subtype, p->allow, p->config, p->info);
	}
	sb_printf(&sb, "Result:\ninput-interface: %s\ninput-status: %s\ninput-line-status: %s\n",
		  f.in->nameif, if_status(f.in), line_status(f.in));
	if (r->out)
		sb_printf(&sb, "output-interface: %s\noutput-status: %s\noutput-line-status: %s\n",
			  r->out->nameif, if_status(r->out), line_status(r->out));
	sb_printf(&sb, "Action: %s\n", r->allow ? "allow" : "drop");
	if (!r->allow)
		sb_printf(&sb, "Drop-reason: %s\n",
			  r->drop_text[0] ? r->drop_text : "(acl-drop) Flow is denied by configured rule");
out:
	sb_puts(&sb, "\n");
	cli_write(cli, sb.buf, sb.len);
	sb_free(&sb);
	free(r);
	return CLI_OK;
}

#define PT_HEAD "packet-tracer input IF:nameif "
#define PT_HELP                                                                            \
	"Trace packets on the system\nInput interface\nName of interface\n"
#define PT_TAIL_HELP "Display detailed trace information"

static const struct cli_cmd cmds[] = {
	{PT_HEAD "(tcp | udp) SRC:ip SPORT:dp-port DST:ip DPORT:dp-port [detailed]",
	 PT_HELP "TCP packet\nUDP packet\nSource IP address\nSource port\n"
		 "Destination IP address\nDestination port\n" PT_TAIL_HELP,
	 cmd_packet_tracer, CLI_PRIV | CLI_EXEC_ANY},
	{PT_HEAD "icmp SRC:ip TYPE:dp-icmptype CODE:<0-255> [ID:<0-65535>] DST:ip [detailed]",
	 PT_HELP "ICMP packet\nSource IP address\nICMP type\nICMP code\nICMP identifier\n"
		 "Destination IP address\n" PT_TAIL_HELP,
	 cmd_packet_tracer, CLI_PRIV | CLI_EXEC_ANY},
	{PT_HEAD "rawip SRC:ip PROTO:dp-proto DST:ip [detailed]",
	 PT_HELP "Raw IP packet\nSource IP address\nIP protocol\nDestination IP address\n"
		 PT_TAIL_HELP,
	 cmd_packet_tracer, CLI_PRIV | CLI_EXEC_ANY},
};

static void tracer_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
	cli_kw_help("packet-tracer", "Trace packets on the system");
}
MODULE_INIT(tracer_init)
