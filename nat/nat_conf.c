/*
 * nat_conf.c — storage of nat, global, static and nat-control.
 *
 * Each table is a string-keyed hmap (lib/hmap.h) whose key is the line's
 * identity, so duplicates and `no` forms are O(1) and entry order is kept
 * by the map.  The tables own their entries (malloc'd copies).
 */
#include "nat/nat_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hmap.h"
#include "lib/ip4.h"
#include "lib/xalloc.h"

static struct hmap rules, globals, statics;
static struct hmap statics_real, policy_count; /* see the static section */
static bool inited, control;
static uint64_t seqno;

static void init_once(void)
{
	if (inited)
		return;
	/* interface and ACL names are case-sensitive on the ASA */
	hmap_init(&rules, false);
	hmap_init(&globals, false);
	hmap_init(&statics, false);
	hmap_init(&statics_real, false);
	hmap_init(&policy_count, false);
	inited = true;
}

bool nat_control(void)
{
	return control;
}

void nat_set_control(bool on)
{
	control = on;
}

uint32_t nat_class_mask(uint32_t ip)
{
	if ((ip >> 31) == 0)
		return 0xff000000u; /* class A */
	if ((ip >> 30) == 2)
		return 0xffff0000u; /* class B */
	if ((ip >> 29) == 6)
		return 0xffffff00u; /* class C */
	return 0xffffffffu;
}

/* ---- keys ------------------------------------------------------------ */

void nat_rule_key(const struct nat_rule *r, char *out, size_t n)
{
	if (r->kind == NAT_RULE_ACL)
		snprintf(out, n, "%s|%u|acl|%s", r->ifname, r->id, r->acl);
	else
		snprintf(out, n, "%s|%u|net|%08x/%08x", r->ifname, r->id, r->net, r->mask);
}

void nat_global_key(const struct nat_global *g, char *out, size_t n)
{
	snprintf(out, n, "%s|%u|%d|%08x-%08x|%d%08x", g->ifname, g->id, (int)g->kind, g->lo,
		 g->hi, g->has_mask, g->has_mask ? g->mask : 0);
}

#define KEYSZ 512

/* ---- ordering -------------------------------------------------------- */

struct sortent {
	const void *p;
	size_t ifrank;
	uint32_t id;
	uint64_t seq;
};

static int cmp_sortent(const void *a, const void *b)
{
	const struct sortent *x = a, *y = b;
	if (x->ifrank != y->ifrank)
		return x->ifrank < y->ifrank ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort the values of map m (each starting with an ifname, with id and seq
 * read through the accessors) into show running-config order. */
static const void **sorted(struct hmap *m, const char *(*ifn)(const void *),
			   uint32_t (*idf)(const void *), uint64_t (*seqf)(const void *),
			   size_t *n)
{
	init_once();
	size_t cnt = hmap_count(m);
	struct sortent *v = xcalloc(cnt + 1, sizeof *v);
	struct hmap ranks;
	hmap_init(&ranks, false);
	size_t k = 0, nranks = 0;
	void *val;
	for (size_t i = 0; hmap_next(m, &i, NULL, &val);) {
		const char *ifname = ifn(val);
		void *r = hmap_get(&ranks, ifname);
		if (!r) {
			r = (void *)(uintptr_t)(++nranks);
			hmap_put(&ranks, ifname, r);
		}
		v[k++] = (struct sortent){val, (size_t)(uintptr_t)r, idf(val), seqf(val)};
	}
	hmap_clear(&ranks);
	qsort(v, k, sizeof *v, cmp_sortent);
	const void **out = xcalloc(k + 1, sizeof *out);
	for (size_t i = 0; i < k; i++)
		out[i] = v[i].p;
	free(v);
	*n = k;
	return out;
}

/* ---- nat ------------------------------------------------------------- */

void nat_rule_set(const struct nat_rule *r)
{
	init_once();
	char key[KEYSZ];
	nat_rule_key(r, key, sizeof key);
	struct nat_rule *cur = hmap_get(&rules, key);
	if (cur) {
		uint64_t seq = cur->seq;
		*cur = *r;
		cur->seq = seq;
		return;
	}
	struct nat_rule *n = xmalloc(sizeof *n);
	*n = *r;
	n->seq = ++seqno;
	hmap_put(&rules, key, n);
}

bool nat_rule_del(const struct nat_rule *r)
{
	init_once();
	char key[KEYSZ];
	nat_rule_key(r, key, sizeof key);
	struct nat_rule *cur = hmap_del(&rules, key);
	free(cur);
	return cur != NULL;
}

const struct nat_rule *nat_rule_find(const struct nat_rule *r)
{
	init_once();
	char key[KEYSZ];
	nat_rule_key(r, key, sizeof key);
	return hmap_get(&rules, key);
}

int nat_rule_del_id(const char *ifname, uint32_t id)
{
	init_once();
	int n = 0;
	const char *k;
	void *v;
	/* collect first: deleting while iterating is not supported by hmap */
	char **keys = xcalloc(hmap_count(&rules) + 1, sizeof *keys);
	for (size_t i = 0; hmap_next(&rules, &i, &k, &v);) {
		const struct nat_rule *r = v;
		if (r->id == id && !strcmp(r->ifname, ifname))
			keys[n++] = xstrdup(k);
	}
	for (int i = 0; i < n; i++) {
		free(hmap_del(&rules, keys[i]));
		free(keys[i]);
	}
	free(keys);
	return n;
}

static void clear_map(struct hmap *m)
{
	void *v;
	for (size_t i = 0; hmap_next(m, &i, NULL, &v);)
		free(v);
	hmap_clear(m);
	hmap_init(m, false);
}

void nat_rules_clear(void)
{
	init_once();
	clear_map(&rules);
}

size_t nat_rule_count(void)
{
	init_once();
	return hmap_count(&rules);
}

static const char *rule_if(const void *p) { return ((const struct nat_rule *)p)->ifname; }
static uint32_t rule_id(const void *p) { return ((const struct nat_rule *)p)->id; }
static uint64_t rule_seq(const void *p) { return ((const struct nat_rule *)p)->seq; }

const struct nat_rule **nat_rules_sorted(size_t *n)
{
	return (const struct nat_rule **)sorted(&rules, rule_if, rule_id, rule_seq, n);
}

/* ---- global ---------------------------------------------------------- */

bool nat_global_add(const struct nat_global *g)
{
	init_once();
	char key[KEYSZ];
	nat_global_key(g, key, sizeof key);
	if (hmap_get(&globals, key))
		return false;
	struct nat_global *n = xmalloc(sizeof *n);
	*n = *g;
	n->seq = ++seqno;
	hmap_put(&globals, key, n);
	return true;
}

bool nat_global_del(const struct nat_global *g)
{
	init_once();
	char key[KEYSZ];
	nat_global_key(g, key, sizeof key);
	struct nat_global *cur = hmap_del(&globals, key);
	free(cur);
	return cur != NULL;
}

int nat_global_del_id(const char *ifname, uint32_t id)
{
	init_once();
	int n = 0;
	const char *k;
	void *v;
	char **keys = xcalloc(hmap_count(&globals) + 1, sizeof *keys);
	for (size_t i = 0; hmap_next(&globals, &i, &k, &v);) {
		const struct nat_global *g = v;
		if (g->id == id && !strcmp(g->ifname, ifname))
			keys[n++] = xstrdup(k);
	}
	for (int i = 0; i < n; i++) {
		free(hmap_del(&globals, keys[i]));
		free(keys[i]);
	}
	free(keys);
	return n;
}

bool nat_global_id_used(uint32_t id)
{
	init_once();
	void *v;
	for (size_t i = 0; hmap_next(&globals, &i, NULL, &v);)
		if (((const struct nat_global *)v)->id == id)
			return true;
	return false;
}

void nat_globals_clear(void)
{
	init_once();
	clear_map(&globals);
}

size_t nat_global_count(void)
{
	init_once();
	return hmap_count(&globals);
}

static const char *glob_if(const void *p) { return ((const struct nat_global *)p)->ifname; }
static uint32_t glob_id(const void *p) { return ((const struct nat_global *)p)->id; }
static uint64_t glob_seq(const void *p) { return ((const struct nat_global *)p)->seq; }

const struct nat_global **nat_globals_sorted(size_t *n)
{
	return (const struct nat_global **)sorted(&globals, glob_if, glob_id, glob_seq, n);
}

/* ---- static ---------------------------------------------------------- */

/* Secondary indexes of the statics (values not owned; rebuilt by
 * reindex_statics() whenever keys may have changed wholesale):
 *   statics_real  real side of each regular static -> the static
 *   policy_count  mapped side -> how many policy statics use it
 *   wide[]        regular statics whose netmask covers more than a host */
static struct nat_static **wide;
static size_t nwide, wide_cap;

static bool is_wide(const struct nat_static *s)
{
	return !s->is_acl && !s->mapped_is_iface && s->mask != 0xffffffffu;
}

/* The mapped side only (the identity of a regular static). */
static void mapped_key(const struct nat_static *s, char *out, size_t n)
{
	snprintf(out, n, "%s|%u|%s|%u", s->mapped_if, s->proto,
		 s->mapped_is_iface ? "interface" : "", s->mapped_is_iface ? 0 : s->mapped);
	size_t l = strlen(out);
	if (s->proto && l < n)
		snprintf(out + l, n - l, "|%u", s->mapped_port);
}

/* A regular static is identified by its mapped side: one mapped address
 * (and port) per mapped interface.  Policy statics may share a mapped
 * address (told apart by their access-lists), so theirs adds the list. */
void nat_static_key(const struct nat_static *s, char *out, size_t n)
{
	mapped_key(s, out, n);
	size_t l = strlen(out);
	if (s->is_acl && l < n)
		snprintf(out + l, n - l, "|acl|%s", s->acl);
}

static void real_key(const struct nat_static *s, char *out, size_t n)
{
	snprintf(out, n, "%s|%s|%u|%08x|%u", s->real_if, s->mapped_if, s->proto, s->real,
		 s->real_port);
}

static void index_add(struct nat_static *s)
{
	char k[KEYSZ];
	if (s->is_acl) {
		mapped_key(s, k, sizeof k);
		uintptr_t c = (uintptr_t)hmap_get(&policy_count, k);
		hmap_put(&policy_count, k, (void *)(c + 1));
		return;
	}
	real_key(s, k, sizeof k);
	if (!hmap_get(&statics_real, k))
		hmap_put(&statics_real, k, s);
	if (is_wide(s)) {
		if (nwide == wide_cap) {
			wide_cap = wide_cap ? wide_cap * 2 : 8;
			wide = xrealloc(wide, wide_cap * sizeof *wide);
		}
		wide[nwide++] = s;
	}
}

static void index_del(struct nat_static *s)
{
	char k[KEYSZ];
	if (s->is_acl) {
		mapped_key(s, k, sizeof k);
		uintptr_t c = (uintptr_t)hmap_get(&policy_count, k);
		if (c > 1)
			hmap_put(&policy_count, k, (void *)(c - 1));
		else
			hmap_del(&policy_count, k);
		return;
	}
	real_key(s, k, sizeof k);
	if (hmap_get(&statics_real, k) == s)
		hmap_del(&statics_real, k);
	for (size_t i = 0; i < nwide; i++) {
		if (wide[i] == s) {
			memmove(&wide[i], &wide[i + 1], (nwide - i - 1) * sizeof *wide);
			nwide--;
			break;
		}
	}
}

static void reindex_statics(void)
{
	hmap_clear(&statics_real);
	hmap_init(&statics_real, false);
	hmap_clear(&policy_count);
	hmap_init(&policy_count, false);
	nwide = 0;
	void *v;
	for (size_t i = 0; hmap_next(&statics, &i, NULL, &v);)
		index_add(v);
}

const struct nat_static *nat_static_find_mapped(const struct nat_static *s)
{
	init_once();
	char key[KEYSZ];
	nat_static_key(s, key, sizeof key);
	return hmap_get(&statics, key);
}

static bool same_real(const struct nat_static *a, const struct nat_static *b)
{
	return !strcmp(a->real_if, b->real_if) && a->is_acl == b->is_acl &&
	       (a->is_acl ? !strcmp(a->acl, b->acl)
			  : a->real == b->real && a->real_port == b->real_port);
}

/* Do the mapped blocks of two regular statics (same mapped interface,
 * protocol and port) overlap? */
static bool mapped_overlap(const struct nat_static *a, const struct nat_static *b)
{
	if (a->is_acl || b->is_acl || a->mapped_is_iface || b->mapped_is_iface ||
	    strcmp(a->mapped_if, b->mapped_if) || a->proto != b->proto ||
	    a->mapped_port != b->mapped_port)
		return false;
	uint32_t m = a->mask & b->mask;
	return (a->mapped & m) == (b->mapped & m);
}

const struct nat_static *nat_static_clash(const struct nat_static *s, enum nat_clash *kind)
{
	init_once();
	char key[KEYSZ];
	*kind = NAT_CLASH_NONE;
	nat_static_key(s, key, sizeof key);
	const struct nat_static *cur = hmap_get(&statics, key);
	if (cur) {
		/* the same line again (or new options): replaced in place */
		if (same_real(cur, s))
			return NULL;
		*kind = NAT_CLASH_MAPPED;
		return cur;
	}
	mapped_key(s, key, sizeof key);
	if (s->is_acl) {
		/* a policy static may share its mapped address */
		cur = hmap_get(&statics, key);
		if (cur)
			*kind = NAT_CLASH_OVERLAP;
		return cur;
	}
	char rk[KEYSZ];
	real_key(s, rk, sizeof rk);
	if ((cur = hmap_get(&statics_real, rk)) && cur->mask == s->mask) {
		*kind = NAT_CLASH_REAL;
		return cur;
	}
	for (size_t i = 0; i < nwide; i++) {
		if (mapped_overlap(wide[i], s)) {
			*kind = NAT_CLASH_MAPPED;
			return wide[i];
		}
	}
	void *v;
	if (is_wide(s) && (~s->mask) < 256) {
		/* a small block: look its host statics up one by one */
		struct nat_static h = *s;
		for (uint32_t k = 0; k <= ~s->mask; k++) {
			h.mapped = (s->mapped & s->mask) | k;
			mapped_key(&h, key, sizeof key);
			const struct nat_static *o = hmap_get(&statics, key);
			if (o && mapped_overlap(o, s)) {
				*kind = NAT_CLASH_MAPPED;
				return o;
			}
		}
		mapped_key(s, key, sizeof key);
	} else if (is_wide(s)) {
		for (size_t i = 0; hmap_next(&statics, &i, NULL, &v);) {
			if (mapped_overlap(v, s)) {
				*kind = NAT_CLASH_MAPPED;
				return v;
			}
		}
	}
	if (hmap_get(&policy_count, key)) {
		*kind = NAT_CLASH_OVERLAP;
		for (size_t i = 0; hmap_next(&statics, &i, NULL, &v);) {
			char k2[KEYSZ];
			mapped_key(v, k2, sizeof k2);
			if (((const struct nat_static *)v)->is_acl && !strcmp(k2, key))
				return v;
		}
	}
	return NULL;
}

void nat_static_set(const struct nat_static *s)
{
	init_once();
	char key[KEYSZ];
	nat_static_key(s, key, sizeof key);
	struct nat_static *cur = hmap_get(&statics, key);
	if (cur) {
		uint64_t seq = cur->seq;
		index_del(cur);
		*cur = *s;
		cur->seq = seq;
		index_add(cur);
		return;
	}
	struct nat_static *n = xmalloc(sizeof *n);
	*n = *s;
	n->seq = ++seqno;
	hmap_put(&statics, key, n);
	index_add(n);
}

bool nat_static_del(const struct nat_static *s)
{
	init_once();
	char key[KEYSZ];
	nat_static_key(s, key, sizeof key);
	struct nat_static *cur = hmap_del(&statics, key);
	if (cur)
		index_del(cur);
	free(cur);
	return cur != NULL;
}

void nat_statics_clear(void)
{
	init_once();
	clear_map(&statics);
	reindex_statics();
}

size_t nat_static_count(void)
{
	init_once();
	return hmap_count(&statics);
}

const struct nat_static *nat_static_next(size_t *i)
{
	init_once();
	void *v;
	return hmap_next(&statics, i, NULL, &v) ? v : NULL;
}

void nat_conf_reset(void)
{
	init_once();
	nat_rules_clear();
	nat_globals_clear();
	nat_statics_clear();
	control = false;
}

/* ---- interface renamed or gone --------------------------------------- */

/* Rebuild map m with every entry passed through fix(): it returns false to
 * drop the entry; keys are recomputed (they contain interface names). */
static void rekey(struct hmap *m, bool (*fix)(void *v, const char *o, const char *n),
		  void (*key)(const void *v, char *out, size_t sz), const char *o,
		  const char *n)
{
	struct hmap out;
	hmap_init(&out, false);
	void *v;
	for (size_t i = 0; hmap_next(m, &i, NULL, &v);) {
		if (!fix(v, o, n)) {
			free(v);
			continue;
		}
		char k[KEYSZ];
		key(v, k, sizeof k);
		free(hmap_put(&out, k, v)); /* a rename may merge two lines */
	}
	hmap_clear(m);
	*m = out;
}

static bool fix_name(char *field, size_t sz, const char *o, const char *n)
{
	if (strcmp(field, o))
		return true;
	if (!n)
		return false;
	snprintf(field, sz, "%s", n);
	return true;
}

static bool fix_rule(void *v, const char *o, const char *n)
{
	struct nat_rule *r = v;
	return fix_name(r->ifname, sizeof r->ifname, o, n);
}

static bool fix_global(void *v, const char *o, const char *n)
{
	struct nat_global *g = v;
	return fix_name(g->ifname, sizeof g->ifname, o, n);
}

static bool fix_static(void *v, const char *o, const char *n)
{
	struct nat_static *s = v;
	return fix_name(s->real_if, sizeof s->real_if, o, n) &&
	       fix_name(s->mapped_if, sizeof s->mapped_if, o, n);
}

static void key_rule(const void *v, char *out, size_t sz) { nat_rule_key(v, out, sz); }
static void key_global(const void *v, char *out, size_t sz) { nat_global_key(v, out, sz); }
static void key_static(const void *v, char *out, size_t sz) { nat_static_key(v, out, sz); }

void nat_iface_renamed(const char *oldname, const char *newname)
{
	init_once();
	rekey(&rules, fix_rule, key_rule, oldname, newname);
	rekey(&globals, fix_global, key_global, oldname, newname);
	rekey(&statics, fix_static, key_static, oldname, newname);
	reindex_statics();
}
