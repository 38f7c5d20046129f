/*
 * route.c — "route IF NET MASK GW [METRIC] [tunneled]", its no form,
 * "clear configure route", and the show running-config lines (metric
 * always printed: "route outside 0.0.0.0 0.0.0.0 172.16.1.2 1").
 */
#include "dataplane/route.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp_errors.h"
#include "lib/hmap.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

static struct route *routes;
static size_t nroutes, caproutes;
/* "net/mask/tunneled" -> number of routes with that prefix: a new prefix
 * (the usual case of a long paste) is added without scanning the table */
static struct hmap prefixes;

static void prefix_key(const struct route *r, char buf[40])
{
	snprintf(buf, 40, "%x/%x/%d", r->net, r->mask, r->tunneled);
}

static void prefix_count(const struct route *r, int delta)
{
	char k[40];
	prefix_key(r, k);
	intptr_t n = (intptr_t)hmap_get(&prefixes, k) + delta;
	if (n > 0)
		hmap_put(&prefixes, k, (void *)n);
	else
		hmap_del(&prefixes, k);
}

size_t route_count(void)
{
	return nroutes;
}

const struct route *route_at(size_t i)
{
	return i < nroutes ? &routes[i] : NULL;
}

static void route_del(size_t i)
{
	prefix_count(&routes[i], -1);
	memmove(&routes[i], &routes[i + 1], (nroutes - i - 1) * sizeof *routes);
	nroutes--;
}

static int do_route(struct cli *cli, struct cli_args *a)
{
	struct route r = {.metric = 1};
	snprintf(r.ifname, sizeof r.ifname, "%s", cli_get(a, "IF"));
	if (!conf_parse_host(cli_get(a, "NET"), &r.net))
		return cli_bad(a, "NET");
	ip4_parse(cli_get(a, "MASK"), &r.mask);
	if (!ip4_mask_valid(r.mask))
		return cli_bad(a, "MASK");
	if (!conf_parse_host(cli_get(a, "GW"), &r.gw))
		return cli_bad(a, "GW");
	if (cli_get(a, "METRIC"))
		r.metric = atoi(cli_get(a, "METRIC"));
	r.tunneled = cli_has(a, "tunneled");
	if (cli_get(a, "TRACK"))
		r.track = atoi(cli_get(a, "TRACK"));
	bool no = cli_has(a, "no");
	if (!no && (r.net & ~r.mask)) {
		cli_puts(cli, ERR_ROUTE_MASK);
		return CLI_ERR;
	}
	char k[40];
	prefix_key(&r, k);
	bool known = hmap_get(&prefixes, k) != NULL;
	for (size_t i = 0; known && i < nroutes; i++) {
		struct route *o = &routes[i];
		if (o->net != r.net || o->mask != r.mask || o->tunneled != r.tunneled)
			continue;
		bool same = !strcmp(o->ifname, r.ifname) && o->gw == r.gw;
		if (no) {
			if (same) {
				route_del(i);
				return CLI_OK;
			}
			continue;
		}
		if (same) { /* re-entered: the new metric replaces the old */
			o->metric = r.metric;
			o->track = r.track;
			return CLI_OK;
		}
		/* another interface with the same metric would be ambiguous
		 * (a floating route with another metric is fine) */
		if (strcmp(o->ifname, r.ifname) && o->metric == r.metric) {
			cli_puts(cli, ERR_ROUTE_CONFLICT);
			return CLI_ERR;
		}
	}
	if (no)
		return CLI_OK;
	if (nroutes == caproutes) {
		caproutes = caproutes ? caproutes * 2 : 16;
		routes = xrealloc(routes, caproutes * sizeof *routes);
	}
	routes[nroutes++] = r;
	prefix_count(&r, 1);
	return CLI_OK;
}

static int do_clear_route(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifn = cli_get(a, "IF");
	for (size_t i = nroutes; i-- > 0;)
		if (!ifn || !strcmp(routes[i].ifname, ifn))
			route_del(i);
	return CLI_OK;
}

static void write_routes(struct cfgout *o, unsigned flags)
{
	(void)flags;
	char n[64], m[16], g[64];
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *r = &routes[i];
		cfg_printf(o, "route %s %s %s %s", r->ifname, conf_fmt_host(r->net, n),
			   ip4_fmt(r->mask, m), conf_fmt_host(r->gw, g));
		if (r->tunneled)
			cfg_puts(o, " tunneled\n");
		else if (r->track)
			cfg_printf(o, " %d track %d\n", r->metric, r->track);
		else
			cfg_printf(o, " %d\n", r->metric);
	}
}

static void on_iface(const char *oldname, const char *newname)
{
	for (size_t i = nroutes; i-- > 0;) {
		if (strcmp(routes[i].ifname, oldname))
			continue;
		if (newname)
			snprintf(routes[i].ifname, sizeof routes[i].ifname, "%s", newname);
		else
			route_del(i);
	}
}

static void route_reset(void)
{
	nroutes = 0;
	hmap_clear(&prefixes);
}

static const struct cli_cmd cmds[] = {
	{"[no] route IF:nameif NET:dp-addr MASK:dp-mask GW:dp-addr [METRIC:<1-255>] [tunneled | "
	 "track TRACK:<1-500>]",
	 "Negate a command or set its defaults\nConfigure a static route for an interface\n"
	 "Name of interface\nThe destination network\nThe netmask of the destination\n"
	 "The address of the gateway\nDistance metric for this route (default is 1)\n"
	 "Default tunnel gateway for tunneled traffic\n"
	 "Install the route depending on the state of a tracked object\nTracked object ID",
	 do_route, 0},
	{"clear configure route [IF:nameif]",
	 "Reset functions\nClear configuration\nClear static routes\nName of interface",
	 do_clear_route, 0},
};

static void route_init(void)
{
	cli_install_all(cli_mode_config(), cmds);
	conf_register_writer(ORD_ROUTE, write_routes);
	conf_register_reset(route_reset);
	iface_watch(on_iface);
}
MODULE_INIT(route_init)
