/*
 * fw_gen.c — has the configuration the firewall compiles changed?
 *
 *   fw_gen_cheap()   per packet: the engine's conf_generation() when it
 *                    has one (a weak reference), else the running-config's
 *                    "last modified" stamp, read at most once per loop
 *                    millisecond, with one more look 2 ms after a change
 *                    (the stamp has millisecond resolution);
 *   fw_gen_exact()   for show/clear commands, packet-tracer and the
 *                    one-second tick: a fingerprint of everything compiled
 *                    (interfaces, access lists, object-groups, access-group
 *                    bindings, nat/global/static, nat-control, timeouts,
 *                    routes, the policy generation, whether each time-range
 *                    an entry names is active now), O(configuration) and
 *                    exact whatever the clock does.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf/conf.h"
#include "dataplane/acl.h"
#include "dataplane/fw_int.h"
#include "dataplane/objgroup.h"
#include "dataplane/route.h"
#include "dataplane/timerange.h"
#include "dataplane/timeout.h"
#include "lib/evloop.h"
#include "nat/nat_conf.h"
#include "policy/policy.h"

static uint64_t local_bumps = 1;

void fw_gen_bump(void)
{
	local_bumps++;
}

uint64_t fw_gen_cheap(void)
{
	uint64_t g = conf_generation();
	return g * 1000003u + local_bumps * 7919u + policy_generation();
}

/* ---- the fingerprint ------------------------------------------------------- */

static inline uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

static uint64_t mix_str(uint64_t h, const char *s)
{
	if (!s)
		return mix(h, 0x5bd1e995u);
	uint64_t w = 0;
	unsigned n = 0;
	for (; *s; s++) {
		w = w << 8 | (uint8_t)*s;
		if (++n == 8) {
			h = mix(h, w);
			w = n = 0;
		}
	}
	return mix(h, w ^ (uint64_t)n << 56 ^ 0xff);
}

static uint64_t mix_addr(uint64_t h, const struct acl_addr *a)
{
	h = mix(h, (uint64_t)a->kind << 32 | a->ip);
	h = mix(h, a->mask);
	return mix_str(h, a->group);
}

static uint64_t mix_port(uint64_t h, const struct acl_port *p)
{
	h = mix(h, (uint64_t)p->op << 40 | (uint64_t)(uint32_t)p->lo << 20 | (uint32_t)p->hi);
	return mix_str(h, p->group);
}

static uint64_t mix_opts(uint64_t h, const struct nat_opts *o)
{
	h = mix(h, (uint64_t)o->dns | (uint64_t)o->outside << 1 | (uint64_t)o->norandomseq << 2);
	return mix(h, (uint64_t)o->tcp_max << 32 ^ (uint64_t)o->emb_max << 16 ^ o->udp_max);
}

uint64_t fw_gen_exact(void)
{
	time_t wall = time(NULL);
	uint64_t h = fw_gen_cheap();
	h = mix(h, (uint64_t)iface_same_security_inter() << 1 | iface_same_security_intra());
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *f = iface_at(i);
		h = mix(h, (uintptr_t)f);
		h = mix_str(h, f->nameif);
		h = mix(h, (uint64_t)f->ip << 32 | f->mask);
		h = mix(h, (uint64_t)(uint32_t)f->seclevel << 8 | (uint64_t)f->has_ip << 1 | f->dhcp);
		h = mix_str(h, acl_group_get(f->nameif, false));
		h = mix_str(h, acl_group_get(f->nameif, true));
	}
	h = mix(h, acl_count());
	for (size_t i = 0; i < acl_count(); i++) {
		const struct acl *l = acl_at(i);
		h = mix_str(h, l->name);
		h = mix(h, l->n);
		for (size_t j = 0; j < l->n; j++) {
			const struct ace *e = l->v[j];
			h = mix(h, (uintptr_t)e);
			h = mix(h, (uint64_t)e->kind << 48 | (uint64_t)e->permit << 40 |
					   (uint64_t)(uint16_t)e->proto << 24 | (uint64_t)e->inactive << 16 |
					   (uint64_t)e->log << 8 | (uint8_t)e->log_level);
			h = mix(h, (uint64_t)(uint32_t)e->icmp_type << 32 | (uint32_t)e->log_interval);
			h = mix_addr(h, &e->src);
			h = mix_addr(h, &e->dst);
			h = mix_port(h, &e->sport);
			h = mix_port(h, &e->dport);
			h = mix_str(h, e->proto_group);
			h = mix_str(h, e->time_range);
			/* a time-range's activity changes without a command */
			if (e->time_range)
				h = mix(h, time_range_active(e->time_range, wall));
		}
	}
	h = mix(h, og_count());
	for (size_t i = 0; i < og_count(); i++) {
		const struct objgroup *g = og_at(i);
		h = mix_str(h, g->name);
		h = mix(h, (uint64_t)g->type << 32 | g->n);
		for (size_t j = 0; j < g->n; j++) {
			const struct og_member *m = &g->m[j];
			h = mix(h, (uint64_t)m->kind << 32 | m->ip);
			h = mix(h, (uint64_t)m->mask << 32 | (uint32_t)m->proto);
			h = mix(h, (uint64_t)m->op << 48 | ((uint64_t)(uint32_t)m->lo << 24 ^ (uint32_t)m->hi));
			h = mix(h, (uint32_t)m->icmp);
			h = mix_str(h, m->group);
		}
	}
	h = mix(h, nat_control());
	size_t n;
	const struct nat_rule **r = nat_rules_sorted(&n);
	h = mix(h, n);
	for (size_t i = 0; i < n; i++) {
		h = mix_str(h, r[i]->ifname);
		h = mix(h, (uint64_t)r[i]->id << 8 | r[i]->kind);
		h = mix(h, (uint64_t)r[i]->net << 32 | r[i]->mask);
		h = mix_str(h, r[i]->acl);
		h = mix_opts(h, &r[i]->opts);
	}
	free((void *)r);
	const struct nat_global **g = nat_globals_sorted(&n);
	h = mix(h, n);
	for (size_t i = 0; i < n; i++) {
		h = mix_str(h, g[i]->ifname);
		h = mix(h, (uint64_t)g[i]->id << 8 | g[i]->kind);
		h = mix(h, (uint64_t)g[i]->lo << 32 | g[i]->hi);
		h = mix(h, (uint64_t)g[i]->has_mask << 32 | g[i]->mask);
	}
	free((void *)g);
	size_t it = 0;
	for (const struct nat_static *s; (s = nat_static_next(&it));) {
		h = mix_str(h, s->real_if);
		h = mix_str(h, s->mapped_if);
		h = mix(h, (uint64_t)s->proto << 40 | (uint64_t)s->mapped_is_iface << 32 | s->mapped);
		h = mix(h, (uint64_t)s->real << 32 | s->mask);
		h = mix(h, (uint64_t)s->real_port << 16 | s->mapped_port | (uint64_t)s->is_acl << 32);
		h = mix_str(h, s->acl);
		h = mix_opts(h, &s->opts);
	}
	for (int t = 0; t < TMO_COUNT; t++)
		h = mix(h, (uint64_t)timeout_get((enum timeout_id)t));
	for (size_t i = 0; i < route_count(); i++) {
		const struct route *rt = route_at(i);
		h = mix_str(h, rt->ifname);
		h = mix(h, (uint64_t)rt->net << 32 | rt->mask);
		h = mix(h, (uint64_t)rt->gw << 32 | (uint32_t)rt->metric);
	}
	return h;
}
