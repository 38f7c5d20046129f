/*
 * service.c — "service-policy NAME global|interface IF", "show
 * service-policy", the view the dataplane walks (policy_foreach_class),
 * and the MPF part of the factory default: the 7.2 default class-map
 * inspection_default, DNS map preset_dns_map, policy-map global_policy and
 * "service-policy global_policy global".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/fw_mpf.h"
#include "dataplane/iface.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "policy/internal.h"

struct svc_if {
	char *ifname;
	char *pmap;
};

static struct {
	char *global;       /* policy-map applied globally, NULL: none */
	struct svc_if *ifs; /* entry order */
	int nifs;
	unsigned long generation;
} svc;

static const struct policy_match class_default_match = {.kind = PM_CLASS_DEFAULT};

void policy_changed(void) { svc.generation++; }
unsigned long policy_generation(void) { return svc.generation; }

bool svc_uses_pmap(const char *pmap)
{
	if (svc.global && strcmp(svc.global, pmap) == 0)
		return true;
	for (int i = 0; i < svc.nifs; i++)
		if (strcmp(svc.ifs[i].pmap, pmap) == 0)
			return true;
	return false;
}

const char *svc_global(void) { return svc.global; }

void svc_set_global(const char *pmap)
{
	free(svc.global);
	svc.global = pmap ? xstrdup(pmap) : NULL;
	policy_changed();
}

static void svc_if_remove(int i)
{
	free(svc.ifs[i].ifname);
	free(svc.ifs[i].pmap);
	memmove(&svc.ifs[i], &svc.ifs[i + 1], (size_t)(svc.nifs - i - 1) * sizeof *svc.ifs);
	svc.nifs--;
}

void svc_drop_pmap(const char *pmap)
{
	if (svc.global && strcmp(svc.global, pmap) == 0) {
		free(svc.global);
		svc.global = NULL;
	}
	for (int i = svc.nifs - 1; i >= 0; i--)
		if (strcmp(svc.ifs[i].pmap, pmap) == 0)
			svc_if_remove(i);
}

void svc_clear_all(void)
{
	free(svc.global);
	svc.global = NULL;
	while (svc.nifs)
		svc_if_remove(svc.nifs - 1);
	free(svc.ifs);
	svc.ifs = NULL;
}

static int svc_if_find(const char *ifname)
{
	for (int i = 0; i < svc.nifs; i++)
		if (strcmp(svc.ifs[i].ifname, ifname) == 0)
			return i;
	return -1;
}

/* ---- the dataplane's view -------------------------------------------- */

static void foreach_in(const char *pname, bool global,
		       void (*fn)(void *ctx, const struct policy_class_view *c),
		       void *ctx)
{
	struct policy_map *p = pname ? hmap_get(&policy_pmaps, pname) : NULL;
	if (!p)
		return;
	for (int i = 0; i < p->nclasses; i++) {
		struct pmap_class *pc = p->classes[i];
		const struct class_map *cm = hmap_get(&policy_cmaps, pc->name);
		struct policy_class_view v = {
			.policy = p->name,
			.name = pc->name,
			.match = cm ? &cm->match : &class_default_match,
			.inspect = pc->insp,
			.ninspect = pc->ninsp,
			.conn = pc->conn_set || pc->timeout_set ? &pc->conn : NULL,
			.police_in = pc->police[0].set ? &pc->police[0] : NULL,
			.police_out = pc->police[1].set ? &pc->police[1] : NULL,
			.priority = pc->priority,
			.global = global,
		};
		fn(ctx, &v);
	}
}

void policy_foreach_class(const char *ifname,
			  void (*fn)(void *ctx, const struct policy_class_view *c),
			  void *ctx)
{
	int i = ifname ? svc_if_find(ifname) : -1;
	if (i >= 0)
		foreach_in(svc.ifs[i].pmap, false, fn, ctx);
	foreach_in(svc.global, true, fn, ctx);
}

/* ---- commands -------------------------------------------------------- */

static int cmd_service_policy(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME"), *ifname = cli_get(a, "IF");
	if (!hmap_get(&policy_pmaps, name)) {
		cli_printf(cli, "ERROR: policy-map %s does not exist\n", name);
		return CLI_ERR;
	}
	if (!ifname) {
		if (svc.global && strcmp(svc.global, name) != 0) {
			cli_printf(cli, "ERROR: Policy map %s is already configured as a "
					"service policy\n", svc.global);
			return CLI_ERR;
		}
		if (!svc.global)
			svc.global = xstrdup(name);
		policy_changed();
		return CLI_OK;
	}
	int i = svc_if_find(ifname);
	if (i >= 0) {
		if (strcmp(svc.ifs[i].pmap, name) != 0) {
			cli_printf(cli, "ERROR: Policy map %s is already configured as a "
					"service policy\n", svc.ifs[i].pmap);
			return CLI_ERR;
		}
		return CLI_OK;
	}
	svc.ifs = xrealloc(svc.ifs, (size_t)(svc.nifs + 1) * sizeof *svc.ifs);
	svc.ifs[svc.nifs].ifname = xstrdup(ifname);
	svc.ifs[svc.nifs].pmap = xstrdup(name);
	svc.nifs++;
	policy_changed();
	return CLI_OK;
}

static int cmd_no_service_policy(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME"), *ifname = cli_get(a, "IF");
	if (!ifname) {
		if (svc.global && strcmp(svc.global, name) == 0) {
			free(svc.global);
			svc.global = NULL;
			policy_changed();
		}
		return CLI_OK;
	}
	int i = svc_if_find(ifname);
	if (i >= 0 && strcmp(svc.ifs[i].pmap, name) == 0) {
		svc_if_remove(i);
		policy_changed();
	}
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	svc_clear_all();
	policy_changed();
	return CLI_OK;
}

/* ---- show service-policy --------------------------------------------- */

static void fmt_hms(long s, char buf[32])
{
	snprintf(buf, 32, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

struct show_filter {
	bool has_engine;
	enum inspect_engine engine;
};

/* Under "inspect ENGINE", a policy without that engine prints nothing. */
static bool policy_shows(const struct policy_map *p, const struct show_filter *f)
{
	if (!f->has_engine)
		return true;
	for (int i = 0; i < p->nclasses; i++)
		for (int j = 0; j < p->classes[i]->ninsp; j++)
			if (p->classes[i]->insp[j].engine == f->engine)
				return true;
	return false;
}

/* "Set connection policy:" with the counters the dataplane keeps for the
 * class as applied here (ifname NULL: the global policy). */
static void show_conn_limits(struct cli *cli, const struct policy_conn *c, const char *ifname,
			     const char *pname, const char *cname)
{
	cli_printf(cli, "      Set connection policy:");
	if (c->conn_max)
		cli_printf(cli, " conn-max %u", c->conn_max);
	if (c->embryonic_max)
		cli_printf(cli, " embryonic-conn-max %u", c->embryonic_max);
	if (c->per_client_max)
		cli_printf(cli, " per-client-max %u", c->per_client_max);
	if (c->per_client_embryonic_max)
		cli_printf(cli, " per-client-embryonic-max %u", c->per_client_embryonic_max);
	if (c->random_seq_disable)
		cli_printf(cli, " random-sequence-number disable");
	struct fw_mpf_stats st;
	fw_mpf_stats(ifname, pname, cname, &st);
	cli_printf(cli, "\n        current embryonic conns %llu, current conns %llu, drop %llu\n",
		   (unsigned long long)st.embryonic, (unsigned long long)st.current,
		   (unsigned long long)st.drops);
}

/* "Set connection timeout policy:" with the ASA's defaults for the
 * timeouts the class does not set. */
static void show_conn_timeouts(struct cli *cli, const struct policy_conn *c)
{
	char e[32], h[32], t[32];
	fmt_hms(c->embryonic_timeout >= 0 ? c->embryonic_timeout : 30, e);
	fmt_hms(c->half_closed_timeout >= 0 ? c->half_closed_timeout : 600, h);
	fmt_hms(c->tcp_timeout >= 0 ? c->tcp_timeout : 3600, t);
	cli_printf(cli, "      Set connection timeout policy:\n"
			"        embryonic %s half closed %s idle %s%s\n",
		   e, h, t, c->tcp_reset ? " reset" : "");
}

static void show_policy(struct cli *cli, const char *header, const char *pname,
			const char *ifname, const struct show_filter *f)
{
	const struct policy_map *p = hmap_get(&policy_pmaps, pname);
	if (!p || !policy_shows(p, f))
		return;
	cli_printf(cli, "%s\n", header);
	cli_printf(cli, "  Service-policy: %s\n", p->name);
	for (int i = 0; i < p->nclasses; i++) {
		const struct pmap_class *pc = p->classes[i];
		bool shown = false;
		for (int j = 0; j < pc->ninsp; j++) {
			const struct policy_inspect *in = &pc->insp[j];
			if (f->has_engine && in->engine != f->engine)
				continue;
			if (!shown)
				cli_printf(cli, "    Class-map: %s\n", pc->name);
			shown = true;
			cli_printf(cli, "      Inspect: %s%s%s%s, packet %llu, drop %llu, "
					"reset-drop %llu\n",
				   policy_inspect_name(in->engine),
				   in->strict ? " strict" : "", in->map ? " " : "",
				   in->map ? in->map : "",
				   (unsigned long long)in->stats.packets,
				   (unsigned long long)in->stats.drops,
				   (unsigned long long)in->stats.reset_drops);
		}
		if (f->has_engine)
			continue;
		if (!shown)
			cli_printf(cli, "    Class-map: %s\n", pc->name);
		if (pc->conn_set)
			show_conn_limits(cli, &pc->conn, ifname, p->name, pc->name);
		if (pc->timeout_set)
			show_conn_timeouts(cli, &pc->conn);
	}
}

static int cmd_show(struct cli *cli, struct cli_args *a)
{
	struct show_filter f = {0};
	if (cli_has(a, "inspect")) {
		if (!policy_inspect_from_args(a, &f.engine))
			return CLI_ERR_INCOMPLETE;
		f.has_engine = true;
	}
	bool only_global = cli_has(a, "global");
	const char *only_if = cli_get(a, "IF");
	if (svc.global && !only_if)
		show_policy(cli, "Global policy:", svc.global, NULL, &f);
	if (only_global)
		return CLI_OK;
	for (int i = 0; i < svc.nifs; i++) {
		if (only_if && strcmp(only_if, svc.ifs[i].ifname) != 0)
			continue;
		char header[128];
		snprintf(header, sizeof header, "Interface %s:", svc.ifs[i].ifname);
		show_policy(cli, header, svc.ifs[i].pmap, svc.ifs[i].ifname, &f);
	}
	return CLI_OK;
}

/* ---- running-config and factory default ------------------------------ */

static void write_service_policy(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (svc.global)
		cfg_printf(o, "service-policy %s global\n", svc.global);
	for (int i = 0; i < svc.nifs; i++)
		cfg_printf(o, "service-policy %s interface %s\n", svc.ifs[i].pmap,
			   svc.ifs[i].ifname);
}

static void policy_reset(void)
{
	static const enum inspect_engine defaults[] = {
		INSP_DNS, INSP_FTP, INSP_H323_H225, INSP_H323_RAS, INSP_NETBIOS,
		INSP_RSH, INSP_RTSP, INSP_SKINNY, INSP_ESMTP, INSP_SQLNET,
		INSP_SUNRPC, INSP_TFTP, INSP_SIP, INSP_XDMCP,
	};
	svc_clear_all();
	pmap_clear_all();
	cmap_clear_all();
	struct class_map *c = cmap_new("inspection_default");
	c->match.kind = PM_DEFAULT_INSPECTION;
	struct inspect_map *m = imap_new("preset_dns_map");
	m->params = true;
	m->msg_max = 512;
	struct pmap_class *pc = pmap_add_class(pmap_new("global_policy"),
					       "inspection_default");
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		pmap_add_inspect(pc, defaults[i],
				 defaults[i] == INSP_DNS ? "preset_dns_map" : NULL, false);
	svc.global = xstrdup("global_policy");
	policy_changed();
}

#define ENGINES                                                                \
	"(ctiqbe|dcerpc|dns|esmtp|ftp|gtp|http|ils|im|ipsec-pass-thru|mgcp|"   \
	"netbios|pptp|rsh|rtsp|sip|skinny|smtp|snmp|sqlnet|sunrpc|tftp|xdmcp)"

static const struct cli_cmd config_cmds[] = {
	{"service-policy NAME (global|interface IF:nameif)",
	 "Configure MPF service policy\nName of the policy-map\n"
	 "Apply the policy-map to all interfaces\n"
	 "Apply the policy-map to one interface\nName of interface",
	 cmd_service_policy, 0},
	{"no service-policy NAME (global|interface IF:nameif)",
	 POLICY_NO_HELP "Configure MPF service policy\nName of the policy-map\n"
	 "Apply the policy-map to all interfaces\n"
	 "Apply the policy-map to one interface\nName of interface",
	 cmd_no_service_policy, 0},
	{"clear configure service-policy", POLICY_CLEAR_HELP
	 "Clear all service-policies", cmd_clear, 0},
};

static const struct cli_cmd show_cmds[] = {
	{"show service-policy [global|interface IF:nameif] "
	 "[inspect (" ENGINES "|h323 (h225|ras)|icmp [error])]",
	 "Show running system information\nShow MPF service policy statistics\n"
	 "Global service policy\nInterface service policy\nName of interface\n"
	 "Inspection statistics",
	 cmd_show, CLI_SHOW},
};

/* An interface service-policy follows its interface's name and goes with it. */
static void iface_changed(const char *oldname, const char *newname)
{
	int i = svc_if_find(oldname);
	if (i < 0)
		return;
	if (newname) {
		free(svc.ifs[i].ifname);
		svc.ifs[i].ifname = xstrdup(newname);
	} else {
		svc_if_remove(i);
	}
	policy_changed();
}

/* A startup-config carries the whole MPF configuration (the defaults are
 * printed too), and a removed default ("no inspect esmtp", "no
 * service-policy global_policy global") must stay removed after a reload:
 * the factory default policy is made only for a box without one. */
static void policy_boot(void)
{
	svc_clear_all();
	pmap_clear_all();
	cmap_clear_all();
	policy_changed();
}

static void service_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(cli_mode_exec(), show_cmds);
	conf_register_writer(ORD_SERVICE_POLICY, write_service_policy);
	conf_register_reset(policy_reset);
	conf_register_boot_hook(policy_boot);
	iface_watch(iface_changed);
	policy_reset();
}

MODULE_INIT(service_init)
