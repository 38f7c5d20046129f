/*
 * rib.c — the routing table: connected networks of the interfaces that are
 * up (named, addressed, enabled, link up) and the "route" lines whose
 * gateway lies on a connected network of their interface; for each prefix
 * the routes with the lowest distance win (connected 0, static its metric),
 * up to three equal ones shared per destination.
 *
 * Lookup is a longest-prefix match over one hash table per prefix length
 * that is in use, longest first: a handful of probes per packet however
 * many routes there are.  The table is rebuilt whole on a configuration
 * change (dp_sync) and swapped in.
 *
 * "show route [IF]" prints it as PIX 7.2 does, routes in address order with
 * the default route last:
 *
 *   Gateway of last resort is 172.16.1.2 to network 0.0.0.0
 *
 *   C    172.16.1.0 255.255.255.0 is directly connected, outside
 *   S*   0.0.0.0 0.0.0.0 [1/0] via 172.16.1.2, outside
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp_int.h"
#include "dataplane/route.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

#define RIB_ECMP_MAX 3

struct rib_path {
	struct iface *ifp;
	uint32_t gw; /* 0: directly connected */
};

struct rib_route {
	struct rib_route *next; /* hash chain */
	uint32_t net;
	uint8_t len;
	char kind; /* 'C' or 'S' */
	int distance;
	uint8_t npaths;
	struct rib_path path[RIB_ECMP_MAX];
};

struct local_addr {
	uint32_t ip;
	struct iface *ifp;
};

struct rib {
	struct rib_route **b[33];
	uint32_t nb[33];
	uint8_t lens[33];
	int nlens;
	struct rib_route *routes;
	size_t nroutes;
	struct local_addr *local;
	size_t nlocal;
};

static struct rib *cur;

static uint32_t len_mask(unsigned len)
{
	return len ? 0xffffffffu << (32 - len) : 0;
}

static uint32_t hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

static void rib_free(struct rib *r)
{
	if (!r)
		return;
	for (int l = 0; l <= 32; l++)
		free(r->b[l]);
	free(r->routes);
	free(r->local);
	free(r);
}

bool dp_iface_up(const struct iface *ifp)
{
	if (!ifp || !ifp->nameif[0] || ifp->shutdown)
		return false;
	if (ifp->parent)
		return !ifp->parent->shutdown && ifp->parent->link_up && ifp->vlan > 0;
	return ifp->link_up;
}

/* ---- building ------------------------------------------------------------- */

struct cand {
	uint32_t net;
	uint8_t len;
	char kind;
	int distance;
	struct rib_path path;
	size_t order; /* entry order among equals */
};

static int cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->net != b->net)
		return a->net < b->net ? -1 : 1;
	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int local_cmp(const void *pa, const void *pb)
{
	const struct local_addr *a = pa, *b = pb;
	return a->ip < b->ip ? -1 : a->ip > b->ip;
}

static struct iface *connected_iface(struct iface *ifp, uint32_t gw)
{
	return dp_iface_up(ifp) && ifp->has_ip && (gw & ifp->mask) == (ifp->ip & ifp->mask) &&
			       gw != ifp->ip
		       ? ifp
		       : NULL;
}

void rib_rebuild(void)
{
	size_t ni = iface_count(), nr = route_count();
	struct cand *c = xcalloc(ni + nr + 1, sizeof *c);
	size_t n = 0;
	struct rib *r = xcalloc(1, sizeof *r);
	r->local = xcalloc(ni + 1, sizeof *r->local);
	for (size_t i = 0; i < ni; i++) {
		struct iface *ifp = iface_at(i);
		if (ifp->nameif[0] && ifp->has_ip)
			r->local[r->nlocal++] = (struct local_addr){ifp->ip, ifp};
		if (!dp_iface_up(ifp) || !ifp->has_ip)
			continue;
		c[n] = (struct cand){.net = ifp->ip & ifp->mask,
				     .len = (uint8_t)ip4_mask_len(ifp->mask),
				     .kind = 'C',
				     .distance = 0,
				     .path = {ifp, 0},
				     .order = n};
		n++;
	}
	qsort(r->local, r->nlocal, sizeof *r->local, local_cmp);
	for (size_t i = 0; i < nr; i++) {
		const struct route *rt = route_at(i);
		if (rt->tunneled)
			continue;
		struct iface *ifp = iface_find_name(rt->ifname);
		if (!ifp || !connected_iface(ifp, rt->gw))
			continue;
		c[n] = (struct cand){.net = rt->net & rt->mask,
				     .len = (uint8_t)ip4_mask_len(rt->mask),
				     .kind = 'S',
				     .distance = rt->metric,
				     .path = {ifp, rt->gw},
				     .order = n};
		n++;
	}
	qsort(c, n, sizeof *c, cand_cmp);
	r->routes = xcalloc(n + 1, sizeof *r->routes);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		struct rib_route *rt = &r->routes[r->nroutes++];
		rt->net = c[i].net;
		rt->len = c[i].len;
		rt->kind = c[i].kind;
		rt->distance = c[i].distance;
		for (; j < n && c[j].len == c[i].len && c[j].net == c[i].net; j++)
			if (c[j].distance == c[i].distance && c[j].kind == c[i].kind &&
			    rt->npaths < RIB_ECMP_MAX)
				rt->path[rt->npaths++] = c[j].path;
		i = j;
	}
	free(c);
	/* the per-length hash tables, longest length first */
	uint32_t count[33] = {0};
	for (size_t i = 0; i < r->nroutes; i++)
		count[r->routes[i].len]++;
	for (int l = 32; l >= 0; l--) {
		if (!count[l])
			continue;
		uint32_t nb = 1;
		while (nb < count[l] * 2)
			nb <<= 1;
		r->nb[l] = nb;
		r->b[l] = xcalloc(nb, sizeof *r->b[l]);
		r->lens[r->nlens++] = (uint8_t)l;
	}
	for (size_t i = 0; i < r->nroutes; i++) {
		struct rib_route *rt = &r->routes[i];
		uint32_t h = hash32(rt->net) & (r->nb[rt->len] - 1);
		rt->next = r->b[rt->len][h];
		r->b[rt->len][h] = rt;
	}
	rib_free(cur);
	cur = r;
}

/* ---- lookup ---------------------------------------------------------------- */

static const struct rib_route *find(uint32_t dst, int from, int *at)
{
	if (!cur)
		return NULL;
	for (int i = from; i < cur->nlens; i++) {
		unsigned l = cur->lens[i];
		uint32_t key = dst & len_mask(l);
		for (const struct rib_route *rt = cur->b[l][hash32(key) & (cur->nb[l] - 1)]; rt;
		     rt = rt->next)
			if (rt->net == key) {
				*at = i;
				return rt;
			}
	}
	return NULL;
}

bool rib_lookup(uint32_t dst, struct iface **ifp, uint32_t *nexthop)
{
	int at;
	const struct rib_route *rt = find(dst, 0, &at);
	if (!rt)
		return false;
	const struct rib_path *p = &rt->path[rt->npaths > 1 ? hash32(dst) % rt->npaths : 0];
	*ifp = p->ifp;
	*nexthop = p->gw ? p->gw : dst;
	return true;
}

bool rib_lookup_on(uint32_t dst, const struct iface *ifp, uint32_t *nexthop)
{
	int at = -1;
	const struct rib_route *rt;
	while ((rt = find(dst, at + 1, &at)))
		for (unsigned k = 0; k < rt->npaths; k++)
			if (rt->path[k].ifp == ifp) {
				*nexthop = rt->path[k].gw ? rt->path[k].gw : dst;
				return true;
			}
	return false;
}

bool ip_is_local(uint32_t ip, struct iface **ifp)
{
	if (!cur)
		return false;
	size_t lo = 0, hi = cur->nlocal;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cur->local[mid].ip < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < cur->nlocal && cur->local[lo].ip == ip) {
		if (ifp)
			*ifp = cur->local[lo].ifp;
		return true;
	}
	return false;
}

/* ---- show route -------------------------------------------------------------- */

static int show_cmp(const void *pa, const void *pb)
{
	const struct rib_route *a = *(struct rib_route *const *)pa, *b = *(struct rib_route *const *)pb;
	bool da = a->len == 0, db = b->len == 0; /* the default route goes last */
	if (da != db)
		return da ? 1 : -1;
	if (a->net != b->net)
		return a->net < b->net ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int show_route(struct cli *cli, struct cli_args *a)
{
	dp_sync();
	const char *only = cli_get(a, "IF");
	cli_puts(cli,
		 "Codes: C - connected, S - static, I - IGRP, R - RIP, M - mobile, B - BGP\n"
		 "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area\n"
		 "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
		 "       E1 - OSPF external type 1, E2 - OSPF external type 2, E - EGP\n"
		 "       i - IS-IS, L1 - IS-IS level-1, L2 - IS-IS level-2, ia - IS-IS inter area\n"
		 "       * - candidate default, U - per-user static route, o - ODR\n"
		 "       P - periodic downloaded static route\n\n");
	size_t n = cur ? cur->nroutes : 0;
	const struct rib_route *def = NULL;
	struct rib_route **v = xmalloc((n ? n : 1) * sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		struct rib_route *rt = &cur->routes[i];
		if (rt->len == 0 && rt->path[0].gw)
			def = rt;
		bool show = !only;
		for (unsigned k = 0; k < rt->npaths && !show; k++)
			show = !strcmp(rt->path[k].ifp->nameif, only);
		if (show)
			v[m++] = rt;
	}
	char gw[64];
	if (def)
		cli_printf(cli, "Gateway of last resort is %s to network 0.0.0.0\n\n",
			   conf_fmt_host(def->path[0].gw, gw));
	else
		cli_puts(cli, "Gateway of last resort is not set\n\n");
	qsort(v, m, sizeof *v, show_cmp);
	for (size_t i = 0; i < m; i++) {
		const struct rib_route *rt = v[i];
		char net[64], mask[16], code[8];
		snprintf(code, sizeof code, "%c%s", rt->kind,
			 rt->kind == 'S' && rt->len == 0 ? "*" : "");
		conf_fmt_host(rt->net, net);
		ip4_fmt(len_mask(rt->len), mask);
		if (rt->kind == 'C') {
			cli_printf(cli, "%-5s%s %s is directly connected, %s\n", code, net, mask,
				   rt->path[0].ifp->nameif);
			continue;
		}
		int indent = 0;
		for (unsigned k = 0; k < rt->npaths; k++) {
			const struct rib_path *p = &rt->path[k];
			if (only && strcmp(p->ifp->nameif, only))
				continue;
			if (!indent) {
				char head[160];
				indent = snprintf(head, sizeof head, "%-5s%s %s ", code, net, mask);
				cli_printf(cli, "%s", head);
			} else {
				cli_printf(cli, "%*s", indent, "");
			}
			cli_printf(cli, "[%d/0] via %s, %s\n", rt->distance, conf_fmt_host(p->gw, gw),
				   p->ifp->nameif);
		}
	}
	free(v);
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show route [IF:nameif]",
	 "Show running system information\nShow routing table\nName of interface",
	 show_route, CLI_SHOW | CLI_PRIV},
};

static void rib_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
}
MODULE_INIT(rib_init)
