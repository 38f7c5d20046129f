/*
 * objgroup.c — the object-group table (see objgroup.h), its expansion and
 * its show running-config lines:
 *
 *   object-group network web_servers
 *    description DMZ web farm
 *    network-object host 10.1.1.10
 *    network-object 10.1.2.0 255.255.255.0
 *   object-group service web_ports tcp
 *    port-object eq www
 */
#include "dataplane/objgroup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "lib/hmap.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

static struct hmap by_name;
static struct objgroup **groups; /* creation order */
static size_t ngroups, capgroups;
static og_user_fn *users;
static size_t nusers;

struct objgroup *og_find(const char *name)
{
	return name ? hmap_get(&by_name, name) : NULL;
}

size_t og_count(void)
{
	return ngroups;
}

struct objgroup *og_at(size_t i)
{
	return i < ngroups ? groups[i] : NULL;
}

const char *og_type_name(enum og_type t)
{
	switch (t) {
	case OG_NETWORK:
		return "network";
	case OG_SERVICE:
		return "service";
	case OG_PROTOCOL:
		return "protocol";
	case OG_ICMP:
		return "icmp-type";
	}
	return "";
}

struct objgroup *og_create(const char *name, enum og_type type, enum port_proto pp)
{
	struct objgroup *g = xcalloc(1, sizeof *g);
	g->name = xstrdup(name);
	g->type = type;
	g->svc_pp = pp;
	hmap_put(&by_name, name, g);
	if (ngroups == capgroups) {
		capgroups = capgroups ? capgroups * 2 : 16;
		groups = xrealloc(groups, capgroups * sizeof *groups);
	}
	groups[ngroups++] = g;
	return g;
}

static struct hmap *index_of(struct objgroup *g)
{
	if (!g->index) {
		g->index = xcalloc(1, sizeof(struct hmap));
		hmap_init(g->index, false);
	}
	return g->index;
}

/* A member's identity as text (addresses in hex: no names involved);
 * only the fields member_eq compares for its kind. */
static void member_key(const struct og_member *m, char *buf, size_t n)
{
	switch (m->kind) {
	case OGM_HOST:
		snprintf(buf, n, "h%x", m->ip);
		break;
	case OGM_NET:
		snprintf(buf, n, "n%x/%x", m->ip, m->mask);
		break;
	case OGM_PORT:
		snprintf(buf, n, "p%d/%d/%d", (int)m->op, m->lo, m->hi);
		break;
	case OGM_SVC:
		snprintf(buf, n, "s%d/%d/%d/%d/%d", m->proto, (int)m->op, m->lo, m->hi, m->icmp);
		break;
	case OGM_PROTO:
		snprintf(buf, n, "P%d", m->proto);
		break;
	case OGM_ICMP:
		snprintf(buf, n, "i%d", m->icmp);
		break;
	case OGM_GROUP:
		snprintf(buf, n, "g%s", m->group);
		break;
	}
}

static void og_free(struct objgroup *g)
{
	if (g->index) {
		hmap_clear(g->index);
		free(g->index);
	}
	for (size_t i = 0; i < g->n; i++)
		free(g->m[i].group);
	free(g->m);
	free(g->desc);
	free(g->name);
	free(g);
}

void og_remove(struct objgroup *g)
{
	hmap_del(&by_name, g->name);
	for (size_t i = 0; i < ngroups; i++)
		if (groups[i] == g) {
			memmove(&groups[i], &groups[i + 1], (ngroups - i - 1) * sizeof *groups);
			ngroups--;
			break;
		}
	og_free(g);
}

void og_clear_all(void)
{
	for (size_t i = 0; i < ngroups; i++)
		og_free(groups[i]);
	ngroups = 0;
	hmap_clear(&by_name);
	hmap_init(&by_name, false);
}

static bool member_eq(const struct og_member *a, const struct og_member *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case OGM_HOST:
		return a->ip == b->ip;
	case OGM_NET:
		return a->ip == b->ip && a->mask == b->mask;
	case OGM_PORT:
		return a->op == b->op && a->lo == b->lo && a->hi == b->hi;
	case OGM_SVC:
		return a->proto == b->proto && a->op == b->op && a->lo == b->lo &&
		       a->hi == b->hi && a->icmp == b->icmp;
	case OGM_PROTO:
		return a->proto == b->proto;
	case OGM_ICMP:
		return a->icmp == b->icmp;
	case OGM_GROUP:
		return !strcmp(a->group, b->group);
	}
	return false;
}

void og_add(struct objgroup *g, const struct og_member *m)
{
	char key[OG_NAME_MAX + 96];
	member_key(m, key, sizeof key);
	if (hmap_get(index_of(g), key)) {
		free(m->group);
		return;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->m = xrealloc(g->m, g->cap * sizeof *g->m);
	}
	g->m[g->n++] = *m;
	hmap_put(index_of(g), key, (void *)1);
}

bool og_del(struct objgroup *g, const struct og_member *m)
{
	char key[OG_NAME_MAX + 96];
	member_key(m, key, sizeof key);
	if (!hmap_del(index_of(g), key))
		return false;
	for (size_t i = 0; i < g->n; i++)
		if (member_eq(&g->m[i], m)) {
			free(g->m[i].group);
			memmove(&g->m[i], &g->m[i + 1], (g->n - i - 1) * sizeof *g->m);
			g->n--;
			return true;
		}
	return false;
}

/* Depth guard: loops are refused at configuration time, this only keeps a
 * bug from becoming a stack overflow. */
#define OG_MAX_DEPTH 32

static void expand(const struct objgroup *g, og_leaf_fn fn, void *ctx, int depth)
{
	if (!g || depth > OG_MAX_DEPTH)
		return;
	for (size_t i = 0; i < g->n; i++) {
		if (g->m[i].kind == OGM_GROUP)
			expand(og_find(g->m[i].group), fn, ctx, depth + 1);
		else
			fn(&g->m[i], g, ctx);
	}
}

void og_expand(const struct objgroup *g, og_leaf_fn fn, void *ctx)
{
	expand(g, fn, ctx, 0);
}

static void add_leaf(const struct og_member *m, const struct objgroup *owner, void *ctx)
{
	(void)owner;
	struct og_leaves *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = m;
}

void og_leaves_fill(struct og_leaves *l, const char *group)
{
	l->n = 0;
	if (group)
		og_expand(og_find(group), add_leaf, l); /* og_expand ignores NULL */
}

static void count_leaf(const struct og_member *m, const struct objgroup *owner, void *ctx)
{
	(void)m;
	(void)owner;
	++*(size_t *)ctx;
}

size_t og_leaf_count(const struct objgroup *g)
{
	size_t n = 0;
	og_expand(g, count_leaf, &n);
	return n;
}

static bool contains(const struct objgroup *g, const char *inner, int depth)
{
	if (!g || depth > OG_MAX_DEPTH)
		return false;
	if (!strcmp(g->name, inner))
		return true;
	for (size_t i = 0; i < g->n; i++)
		if (g->m[i].kind == OGM_GROUP && contains(og_find(g->m[i].group), inner, depth + 1))
			return true;
	return false;
}

bool og_contains(const struct objgroup *g, const char *inner)
{
	return contains(g, inner, 0);
}

void og_register_user(og_user_fn fn)
{
	users = xrealloc(users, (nusers + 1) * sizeof *users);
	users[nusers++] = fn;
}

bool og_in_use(const char *name)
{
	for (size_t i = 0; i < ngroups; i++)
		for (size_t j = 0; j < groups[i]->n; j++)
			if (groups[i]->m[j].kind == OGM_GROUP && !strcmp(groups[i]->m[j].group, name))
				return true;
	for (size_t i = 0; i < nusers; i++)
		if (users[i](name))
			return true;
	return false;
}

/* ---- show running-config -------------------------------------------- */

static enum port_proto svc_pp(int proto)
{
	return proto == SVC_TCPUDP ? PP_TCPUDP : proto == 17 ? PP_UDP : PP_TCP;
}

static void write_member(struct cfgout *o, const struct objgroup *g, const struct og_member *m)
{
	char a[64], b[16], c[48], p[8];
	switch (m->kind) {
	case OGM_HOST:
		cfg_printf(o, " network-object host %s\n", conf_fmt_host(m->ip, a));
		break;
	case OGM_NET:
		cfg_printf(o, " network-object %s %s\n", conf_fmt_host(m->ip, a), ip4_fmt(m->mask, b));
		break;
	case OGM_PORT:
		port_cond_fmt(c, sizeof c, m->op, m->lo, m->hi, g->svc_pp);
		cfg_printf(o, " port-object%s\n", c);
		break;
	case OGM_SVC:
		if (m->proto == 1) {
			cfg_puts(o, " service-object icmp");
			if (m->icmp >= 0)
				cfg_printf(o, " %s", icmp_type_name(m->icmp, p));
			cfg_puts(o, "\n");
			break;
		}
		port_cond_fmt(c, sizeof c, m->op, m->lo, m->hi, svc_pp(m->proto));
		cfg_printf(o, " service-object %s%s\n",
			   m->proto == SVC_TCPUDP ? "tcp-udp" : proto_name(m->proto, p), c);
		break;
	case OGM_PROTO:
		cfg_printf(o, " protocol-object %s\n", proto_name(m->proto, p));
		break;
	case OGM_ICMP:
		cfg_printf(o, " icmp-object %s\n", icmp_type_name(m->icmp, p));
		break;
	case OGM_GROUP:
		cfg_printf(o, " group-object %s\n", m->group);
		break;
	}
}

static void write_group(struct cfgout *o, const struct objgroup *g)
{
	static const char *const pps[] = {"", " tcp", " udp", " tcp-udp"};
	cfg_printf(o, "object-group %s %s%s\n", og_type_name(g->type), g->name,
		   g->type == OG_SERVICE ? pps[g->svc_pp & 3] : "");
	if (g->desc)
		cfg_printf(o, " description %s\n", g->desc);
	for (size_t i = 0; i < g->n; i++)
		write_member(o, g, &g->m[i]);
}

/* A group is printed after the groups it nests, so that pasting the
 * running-config back defines each before its first use. */
static void write_ordered(struct cfgout *o, size_t i, bool *done, int depth)
{
	if (done[i] || depth > OG_MAX_DEPTH)
		return;
	done[i] = true;
	const struct objgroup *g = groups[i];
	for (size_t j = 0; j < g->n; j++) {
		if (g->m[j].kind != OGM_GROUP)
			continue;
		for (size_t k = 0; k < ngroups; k++)
			if (!strcmp(groups[k]->name, g->m[j].group))
				write_ordered(o, k, done, depth + 1);
	}
	write_group(o, g);
}

static void write_groups(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (!ngroups)
		return;
	bool *done = xcalloc(ngroups, sizeof *done);
	for (size_t i = 0; i < ngroups; i++)
		write_ordered(o, i, done, 0);
	free(done);
}

static void og_reset(void)
{
	og_clear_all();
}

static void objgroup_init(void)
{
	hmap_init(&by_name, false);
	conf_register_writer(ORD_OBJECT_GROUP, write_groups);
	conf_register_reset(og_reset);
}
MODULE_INIT(objgroup_init)
