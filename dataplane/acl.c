/*
 * acl.c — the access-list table (see acl.h): lists in creation order,
 * entries in line order, a per-list index of entry texts (duplicates are
 * refused in O(1), so a 100,000-line list loads fast), the canonical text
 * of an entry, and the access-group bindings with their writers.
 */
#include "dataplane/acl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "dataplane/acl_fmt.h"
#include "dataplane/iface.h"
#include "dataplane/objgroup.h"
#include "lib/hmap.h"
#include "lib/module.h"
#include "lib/xalloc.h"

struct acl_priv {
	struct acl pub;
	struct hmap index; /* KEY text -> struct ace* (not remarks) */
};

static struct hmap by_name;        /* name -> struct acl_priv* */
static struct acl_priv **lists;     /* creation order */
static size_t nlists, caplists;
static acl_watch_fn *watchers;
static size_t nwatchers;

struct binding {
	char *ifname;
	char *acl[2]; /* [0] in, [1] out */
	bool override; /* per-user-override (of the "in" list) */
};
static struct binding *binds;
static size_t nbinds;

#define ALERT_INTERVAL_DEFAULT 300
#define DENY_FLOW_MAX_DEFAULT 4096
static int alert_interval = ALERT_INTERVAL_DEFAULT, deny_flow_max = DENY_FLOW_MAX_DEFAULT;

int acl_alert_interval(void)
{
	return alert_interval;
}

int acl_deny_flow_max(void)
{
	return deny_flow_max;
}

void acl_set_log_limits(int ai, int dfm)
{
	alert_interval = ai > 0 ? ai : ALERT_INTERVAL_DEFAULT;
	deny_flow_max = dfm > 0 ? dfm : DENY_FLOW_MAX_DEFAULT;
}

struct acl *acl_find(const char *name)
{
	struct acl_priv *p = name ? hmap_get(&by_name, name) : NULL;
	return p ? &p->pub : NULL;
}

size_t acl_count(void)
{
	return nlists;
}

struct acl *acl_at(size_t i)
{
	return i < nlists ? &lists[i]->pub : NULL;
}

void acl_ace_free(struct ace *e)
{
	if (!e)
		return;
	free(e->proto_group);
	free(e->src.group);
	free(e->dst.group);
	free(e->sport.group);
	free(e->dport.group);
	free(e->time_range);
	free(e->remark);
	free(e);
}

void acl_fmt_ace(struct strbuf *sb, const struct ace *e)
{
	acl_fmt(sb, e, FMT_RUN);
}

static char *key_of(const struct ace *e)
{
	struct strbuf sb = STRBUF_INIT;
	acl_fmt(&sb, e, FMT_KEY);
	return sb_take(&sb);
}

bool acl_ace_eq(const struct ace *a, const struct ace *b)
{
	char *x = key_of(a), *y = key_of(b);
	bool eq = !strcmp(x, y);
	free(x);
	free(y);
	return eq;
}

uint32_t acl_text_hash(const char *acl, const char *text)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *p = acl; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	h = (h ^ ' ') * 16777619u;
	for (const char *p = text; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	return h;
}

void acl_watch(acl_watch_fn fn)
{
	watchers = xrealloc(watchers, (nwatchers + 1) * sizeof *watchers);
	watchers[nwatchers++] = fn;
}

static struct acl_priv *list_get(const char *name, bool create)
{
	struct acl_priv *p = hmap_get(&by_name, name);
	if (p || !create)
		return p;
	p = xcalloc(1, sizeof *p);
	p->pub.name = xstrdup(name);
	hmap_init(&p->index, false);
	hmap_put(&by_name, name, p);
	if (nlists == caplists) {
		caplists = caplists ? caplists * 2 : 16;
		lists = xrealloc(lists, caplists * sizeof *lists);
	}
	lists[nlists++] = p;
	return p;
}

static void unbind_acl(const char *name)
{
	for (size_t i = 0; i < nbinds; i++)
		for (int d = 0; d < 2; d++)
			if (binds[i].acl[d] && !strcmp(binds[i].acl[d], name)) {
				free(binds[i].acl[d]);
				binds[i].acl[d] = NULL;
			}
}

static void list_free(struct acl_priv *p)
{
	for (size_t i = 0; i < p->pub.n; i++)
		acl_ace_free(p->pub.v[i]);
	free(p->pub.v);
	hmap_clear(&p->index);
	free(p->pub.name);
	free(p);
}

void acl_remove_list(const char *name)
{
	struct acl_priv *p = hmap_get(&by_name, name);
	if (!p)
		return;
	hmap_del(&by_name, name);
	for (size_t i = 0; i < nlists; i++)
		if (lists[i] == p) {
			memmove(&lists[i], &lists[i + 1], (nlists - i - 1) * sizeof *lists);
			nlists--;
			break;
		}
	char *copy = xstrdup(name); /* name may point into p */
	list_free(p);
	unbind_acl(copy);
	for (size_t i = 0; i < nwatchers; i++)
		watchers[i](copy);
	free(copy);
}

bool acl_insert(const char *name, struct ace *e, long line)
{
	struct acl_priv *p = list_get(name, true);
	char *key = NULL;
	if (e->kind != ACE_REMARK) {
		key = key_of(e);
		if (hmap_get(&p->index, key)) {
			free(key);
			acl_ace_free(e);
			return false;
		}
	}
	struct acl *l = &p->pub;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	size_t at = (line <= 0 || (size_t)line > l->n) ? l->n : (size_t)line - 1;
	memmove(&l->v[at + 1], &l->v[at], (l->n - at) * sizeof *l->v);
	l->v[at] = e;
	l->n++;
	if (key) {
		hmap_put(&p->index, key, e);
		free(key);
	}
	return true;
}

bool acl_remove_ace(const char *name, const struct ace *e)
{
	struct acl_priv *p = hmap_get(&by_name, name);
	if (!p)
		return false;
	struct acl *l = &p->pub;
	const struct ace *victim = NULL;
	if (e->kind == ACE_REMARK) {
		for (size_t i = 0; i < l->n && !victim; i++)
			if (l->v[i]->kind == ACE_REMARK && !strcmp(l->v[i]->remark, e->remark))
				victim = l->v[i];
	} else {
		char *key = key_of(e);
		victim = hmap_del(&p->index, key);
		free(key);
	}
	if (!victim)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == victim) {
			acl_ace_free(l->v[i]);
			memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
			l->n--;
			break;
		}
	if (!l->n)
		acl_remove_list(name);
	return true;
}

static size_t group_leaves(const char *name)
{
	const struct objgroup *g = og_find(name);
	return g ? og_leaf_count(g) : 0;
}

static void count_proto_leaf(const struct og_member *m, const struct objgroup *owner, void *ctx)
{
	(void)owner;
	/* a tcp-udp service object is a tcp and a udp element */
	*(size_t *)ctx += m->kind == OGM_SVC && m->proto == SVC_TCPUDP ? 2 : 1;
}

static size_t proto_leaves(const char *name)
{
	size_t n = 0;
	og_expand(og_find(name), count_proto_leaf, &n);
	return n;
}

size_t acl_elements(const struct acl *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct ace *e = l->v[i];
		if (e->kind == ACE_REMARK)
			continue;
		size_t k = 1;
		if (e->proto_group)
			k *= proto_leaves(e->proto_group);
		if (acl_addr_group(&e->src))
			k *= group_leaves(e->src.group);
		if (e->sport.group)
			k *= group_leaves(e->sport.group);
		if (acl_addr_group(&e->dst))
			k *= group_leaves(e->dst.group);
		if (e->dport.group)
			k *= group_leaves(e->dport.group);
		n += k;
	}
	return n;
}

bool acl_uses_group(const char *group)
{
	for (size_t i = 0; i < nlists; i++) {
		const struct acl *l = &lists[i]->pub;
		for (size_t j = 0; j < l->n; j++) {
			const struct ace *e = l->v[j];
			const char *g[] = {e->proto_group, e->src.group, e->dst.group, e->sport.group,
					   e->dport.group};
			for (int k = 0; k < 5; k++)
				if (g[k] && !strcmp(g[k], group))
					return true;
		}
	}
	return false;
}

/* ---- access-group --------------------------------------------------- */

const char *acl_group_get(const char *nameif, bool out)
{
	for (size_t i = 0; i < nbinds; i++)
		if (!strcmp(binds[i].ifname, nameif))
			return binds[i].acl[out];
	return NULL;
}

bool acl_group_per_user_override(const char *nameif)
{
	for (size_t i = 0; i < nbinds; i++)
		if (!strcmp(binds[i].ifname, nameif))
			return binds[i].override && binds[i].acl[0];
	return false;
}

void acl_group_set_override(const char *nameif, bool on)
{
	for (size_t i = 0; i < nbinds; i++)
		if (!strcmp(binds[i].ifname, nameif))
			binds[i].override = on;
}

void acl_group_set(const char *nameif, bool out, const char *acl)
{
	struct binding *b = NULL;
	for (size_t i = 0; i < nbinds && !b; i++)
		if (!strcmp(binds[i].ifname, nameif))
			b = &binds[i];
	if (!b) {
		if (!acl)
			return;
		binds = xrealloc(binds, (nbinds + 1) * sizeof *binds);
		b = &binds[nbinds++];
		*b = (struct binding){.ifname = xstrdup(nameif)};
	}
	free(b->acl[out]);
	b->acl[out] = acl ? xstrdup(acl) : NULL;
	if (!out)
		b->override = false;
}

void acl_group_clear(void)
{
	for (size_t i = 0; i < nbinds; i++) {
		free(binds[i].ifname);
		free(binds[i].acl[0]);
		free(binds[i].acl[1]);
	}
	free(binds);
	binds = NULL;
	nbinds = 0;
}

static bool refers(const struct acl_addr *ad, const char *ifname)
{
	return ad->kind == AA_IFACE && !strcmp(ad->group, ifname);
}

/* Entries naming an interface ("interface outside") follow a rename and
 * go with the name; the list's index is rebuilt since the texts changed. */
static void aces_on_iface(const char *oldname, const char *newname)
{
	for (size_t i = nlists; i-- > 0;) {
		struct acl_priv *p = lists[i];
		struct acl *l = &p->pub;
		bool changed = false;
		for (size_t j = l->n; j-- > 0;) {
			struct ace *e = l->v[j];
			struct acl_addr *ads[] = {&e->src, &e->dst};
			bool hit = false;
			for (int k = 0; k < 2; k++) {
				if (!refers(ads[k], oldname))
					continue;
				hit = true;
				if (newname) {
					free(ads[k]->group);
					ads[k]->group = xstrdup(newname);
				}
			}
			if (!hit)
				continue;
			changed = true;
			if (!newname) {
				acl_ace_free(e);
				memmove(&l->v[j], &l->v[j + 1], (l->n - j - 1) * sizeof *l->v);
				l->n--;
			}
		}
		if (!changed)
			continue;
		if (!l->n) {
			acl_remove_list(l->name);
			continue;
		}
		hmap_clear(&p->index);
		for (size_t j = 0; j < l->n; j++)
			if (l->v[j]->kind != ACE_REMARK) {
				char *key = key_of(l->v[j]);
				hmap_put(&p->index, key, l->v[j]);
				free(key);
			}
	}
}

/* An interface renamed carries its bindings; one unnamed loses them. */
static void on_iface(const char *oldname, const char *newname)
{
	aces_on_iface(oldname, newname);
	for (size_t i = 0; i < nbinds; i++) {
		if (strcmp(binds[i].ifname, oldname))
			continue;
		free(binds[i].ifname);
		if (newname) {
			binds[i].ifname = xstrdup(newname);
		} else {
			free(binds[i].acl[0]);
			free(binds[i].acl[1]);
			binds[i] = binds[--nbinds];
		}
		return;
	}
}

/* ---- show running-config -------------------------------------------- */

static void write_lists(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (alert_interval != ALERT_INTERVAL_DEFAULT)
		cfg_printf(o, "access-list alert-interval %d\n", alert_interval);
	if (deny_flow_max != DENY_FLOW_MAX_DEFAULT)
		cfg_printf(o, "access-list deny-flow-max %d\n", deny_flow_max);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < nlists; i++) {
		const struct acl *l = &lists[i]->pub;
		for (size_t j = 0; j < l->n; j++) {
			sb_reset(&sb);
			acl_fmt(&sb, l->v[j], FMT_RUN);
			cfg_printf(o, "access-list %s %s\n", l->name, sb.buf);
		}
	}
	sb_free(&sb);
}

/* In interface order, "in" before "out". */
static void write_groups(struct cfgout *o, unsigned flags)
{
	(void)flags;
	for (size_t i = 0; i < iface_count(); i++) {
		const char *n = iface_at(i)->nameif;
		if (!n[0])
			continue;
		for (int d = 0; d < 2; d++) {
			const char *acl = acl_group_get(n, d);
			if (acl)
				cfg_printf(o, "access-group %s %s interface %s%s\n", acl,
					   d ? "out" : "in", n,
					   !d && acl_group_per_user_override(n) ? " per-user-override"
										: "");
		}
	}
}

void acl_clear_all(void)
{
	while (nlists)
		acl_remove_list(lists[nlists - 1]->pub.name);
}

static void acl_reset(void)
{
	acl_set_log_limits(0, 0);
	acl_group_clear();
	for (size_t i = 0; i < nlists; i++) {
		hmap_del(&by_name, lists[i]->pub.name);
		list_free(lists[i]);
	}
	nlists = 0;
}

static void acl_init(void)
{
	hmap_init(&by_name, false);
	conf_register_writer(ORD_ACCESS_LIST, write_lists);
	conf_register_writer(ORD_ACCESS_GROUP, write_groups);
	conf_register_reset(acl_reset);
	iface_watch(on_iface);
	og_register_user(acl_uses_group);
}
MODULE_INIT(acl_init)
