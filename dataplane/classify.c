/*
 * classify.c — the compiled classifier (see classify.h for the method).
 *
 * Layout after cls_build:
 *   shapes[]  sorted by the best prio they hold; each names its masks and
 *             whether protocol and destination port are part of the key;
 *   table[]   open-addressing hash of (shape, proto, src, dst, dport) ->
 *             a run of brules[] (the bucket, prio order);
 *   brules[]  the residual tests of each rule (port ranges) + prio + id;
 *   iv*       for buckets longer than IV_MIN: elementary dport intervals,
 *             each listing (in prio order) the bucket's rules covering it,
 *             cut after the first one whose source ports are "any" (no
 *             later rule can win past it).
 */
#include "dataplane/classify.h"

#include <stdlib.h>
#include <string.h>

#include "dataplane/u64map.h"
#include "lib/xalloc.h"

#define IV_MIN 8          /* buckets at least this long get an interval index */
#define IV_BUDGET 16      /* index entries allowed per bucket rule before giving up */

struct brule {
	uint16_t sp_lo, sp_hi, dp_lo, dp_hi;
	uint32_t prio, id;
};

struct shape {
	uint32_t smask, dmask;
	bool proto_exact, dport_exact;
	uint32_t minprio;
};

struct bucket {
	uint32_t w[4];      /* key */
	uint32_t start, n;  /* brules[start .. start+n) */
	uint32_t iv, niv;   /* interval starts iv_lo[iv .. iv+niv), niv 0 = none */
	uint32_t ivoff;     /* interval x's rules: iv_items[iv_off[ivoff+x] .. iv_off[ivoff+x+1]) */
	bool used;
};

struct classifier {
	struct shape *shapes;
	size_t nshapes;
	struct bucket *table;
	size_t tcap;
	struct brule *brules;
	size_t nbrules;
	uint16_t *iv_lo;   /* elementary interval starts */
	uint32_t *iv_off;  /* start of its list in iv_items (niv+1 entries per bucket) */
	uint32_t *iv_items;
	size_t niv, niv_off, niv_items;
};

/* ---- keys ---------------------------------------------------------------- */

static inline void make_key(uint32_t w[4], uint32_t shape, const struct shape *s, uint8_t proto,
			    uint32_t src, uint32_t dst, uint16_t dport)
{
	w[0] = shape << 9 | (s->proto_exact ? proto : 0x100u);
	w[1] = src & s->smask;
	w[2] = dst & s->dmask;
	w[3] = s->dport_exact ? dport : 0;
}

static inline uint64_t key_hash(const uint32_t w[4])
{
	return u64_mix(((uint64_t)w[0] << 32 | w[1]) ^ u64_mix((uint64_t)w[2] << 32 | w[3]));
}

static const struct bucket *probe(const struct classifier *c, const uint32_t w[4])
{
	size_t mask = c->tcap - 1, i = key_hash(w) & mask;
	for (;;) {
		const struct bucket *b = &c->table[i];
		if (!b->used)
			return NULL;
		if (b->w[0] == w[0] && b->w[1] == w[1] && b->w[2] == w[2] && b->w[3] == w[3])
			return b;
		i = (i + 1) & mask;
	}
}

static struct bucket *insert(struct classifier *c, const uint32_t w[4])
{
	size_t mask = c->tcap - 1, i = key_hash(w) & mask;
	while (c->table[i].used)
		i = (i + 1) & mask;
	struct bucket *b = &c->table[i];
	memcpy(b->w, w, sizeof b->w);
	b->used = true;
	return b;
}

/* ---- matching ------------------------------------------------------------ */

bool cls_rule_matches(const struct cls_rule *r, const struct cls_key *k)
{
	return (r->proto < 0 || r->proto == k->proto) && ((k->src ^ r->src) & r->smask) == 0 &&
	       ((k->dst ^ r->dst) & r->dmask) == 0 && k->sport >= r->sp_lo && k->sport <= r->sp_hi &&
	       k->dport >= r->dp_lo && k->dport <= r->dp_hi;
}

uint32_t cls_lookup_linear(const struct cls_rule *rules, size_t n, const struct cls_key *k)
{
	uint32_t best = UINT32_MAX, id = CLS_NONE;
	for (size_t i = 0; i < n; i++)
		if (rules[i].prio < best && cls_rule_matches(&rules[i], k)) {
			best = rules[i].prio;
			id = rules[i].id;
		}
	return id;
}

/* The first rule of bucket b matching the ports, or NULL. */
static const struct brule *bucket_match(const struct classifier *c, const struct bucket *b,
					uint16_t sport, uint16_t dport)
{
	if (b->niv) {
		/* the last interval starting at or before dport */
		uint32_t lo = b->iv, hi = b->iv + b->niv - 1;
		while (lo < hi) {
			uint32_t mid = (lo + hi + 1) / 2;
			if (c->iv_lo[mid] <= dport)
				lo = mid;
			else
				hi = mid - 1;
		}
		const uint32_t *off = &c->iv_off[b->ivoff + (lo - b->iv)];
		for (uint32_t j = off[0]; j < off[1]; j++) {
			const struct brule *r = &c->brules[c->iv_items[j]];
			if (sport >= r->sp_lo && sport <= r->sp_hi && dport >= r->dp_lo &&
			    dport <= r->dp_hi)
				return r;
		}
		return NULL;
	}
	const struct brule *r = &c->brules[b->start], *end = r + b->n;
	for (; r < end; r++)
		if (sport >= r->sp_lo && sport <= r->sp_hi && dport >= r->dp_lo && dport <= r->dp_hi)
			return r;
	return NULL;
}

uint32_t cls_lookup(const struct classifier *c, const struct cls_key *k)
{
	if (!c)
		return CLS_NONE;
	uint32_t best = UINT32_MAX, id = CLS_NONE;
	for (size_t i = 0; i < c->nshapes; i++) {
		const struct shape *s = &c->shapes[i];
		if (s->minprio >= best)
			break;
		uint32_t w[4];
		make_key(w, (uint32_t)i, s, k->proto, k->src, k->dst, k->dport);
		const struct bucket *b = probe(c, w);
		if (!b)
			continue;
		const struct brule *r = bucket_match(c, b, k->sport, k->dport);
		if (r && r->prio < best) {
			best = r->prio;
			id = r->id;
		}
	}
	return id;
}

/* ---- building ------------------------------------------------------------ */

struct item {
	uint32_t shape;
	uint32_t w[4];
	const struct cls_rule *r;
};

static bool shape_eq(const struct shape *a, const struct shape *b)
{
	return a->smask == b->smask && a->dmask == b->dmask && a->proto_exact == b->proto_exact &&
	       a->dport_exact == b->dport_exact;
}

static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	for (int i = 0; i < 4; i++)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return a->r->prio < b->r->prio ? -1 : a->r->prio > b->r->prio;
}

struct prio_idx {
	uint32_t prio, idx;
};

static int cmp_prio_idx(const void *pa, const void *pb)
{
	const struct prio_idx *a = pa, *b = pb;
	return a->prio < b->prio ? -1 : a->prio > b->prio;
}

static int cmp_u16(const void *pa, const void *pb)
{
	uint16_t a = *(const uint16_t *)pa, b = *(const uint16_t *)pb;
	return a < b ? -1 : a > b;
}

struct growbuf {
	void *v;
	size_t n, cap, size;
};

static void *gb_push(struct growbuf *g)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = xrealloc(g->v, g->cap * g->size);
	}
	return (char *)g->v + g->size * g->n++;
}

/* Elementary-interval index of bucket b; false when it would be too big. */
static bool build_iv(struct classifier *c, struct bucket *b, struct growbuf *lo,
		     struct growbuf *off, struct growbuf *items)
{
	const struct brule *r = &c->brules[b->start];
	uint16_t *bounds = xmalloc((2 * b->n + 1) * sizeof *bounds);
	size_t nb = 0;
	bounds[nb++] = 0;
	for (uint32_t i = 0; i < b->n; i++) {
		bounds[nb++] = r[i].dp_lo;
		if (r[i].dp_hi < 65535)
			bounds[nb++] = (uint16_t)(r[i].dp_hi + 1);
	}
	qsort(bounds, nb, sizeof *bounds, cmp_u16);
	size_t u = 0;
	for (size_t i = 0; i < nb; i++)
		if (!u || bounds[i] != bounds[u - 1])
			bounds[u++] = bounds[i];
	size_t save_lo = lo->n, save_off = off->n, save_items = items->n;
	size_t budget = (size_t)b->n * IV_BUDGET;
	bool ok = true;
	for (size_t i = 0; i < u && ok; i++) {
		uint32_t a = bounds[i], z = i + 1 < u ? (uint32_t)bounds[i + 1] - 1 : 65535;
		*(uint16_t *)gb_push(lo) = (uint16_t)a;
		*(uint32_t *)gb_push(off) = (uint32_t)items->n;
		for (uint32_t j = 0; j < b->n; j++) {
			if (r[j].dp_lo > a || r[j].dp_hi < z)
				continue;
			*(uint32_t *)gb_push(items) = b->start + j;
			if (items->n - save_items > budget) {
				ok = false;
				break;
			}
			if (r[j].sp_lo == 0 && r[j].sp_hi == 65535)
				break; /* nothing after it can win in this interval */
		}
	}
	free(bounds);
	if (!ok) {
		lo->n = save_lo;
		off->n = save_off;
		items->n = save_items;
		return false;
	}
	*(uint32_t *)gb_push(off) = (uint32_t)items->n; /* end of the last list */
	b->iv = (uint32_t)save_lo;
	b->ivoff = (uint32_t)save_off;
	b->niv = (uint32_t)u;
	return true;
}

struct classifier *cls_build(const struct cls_rule *rules, size_t n)
{
	struct classifier *c = xcalloc(1, sizeof *c);
	if (!n)
		return c;
	/* shapes, found through a small map of their masks */
	struct growbuf shapes = {.size = sizeof(struct shape)};
	struct u64map smap = {0};
	struct item *it = xmalloc(n * sizeof *it);
	for (size_t i = 0; i < n; i++) {
		const struct cls_rule *r = &rules[i];
		struct shape s = {r->smask, r->dmask, r->proto >= 0,
				  r->proto >= 0 && r->dp_lo == r->dp_hi, r->prio};
		uint64_t sk = ((uint64_t)s.smask << 32 | s.dmask) ^
			      ((uint64_t)s.proto_exact << 62) ^ ((uint64_t)s.dport_exact << 63);
		uint32_t idx = UINT32_MAX;
		/* the map hashes the masks; collisions of the flag bits are
		 * resolved by comparing (chained through +1 probing here) */
		for (uint64_t k = sk;; k++) {
			void *v = u64map_get(&smap, k);
			if (!v) {
				idx = (uint32_t)shapes.n;
				*(struct shape *)gb_push(&shapes) = s;
				u64map_put(&smap, k, (void *)(uintptr_t)(idx + 1));
				break;
			}
			uint32_t j = (uint32_t)(uintptr_t)v - 1;
			struct shape *o = (struct shape *)shapes.v + j;
			if (shape_eq(o, &s)) {
				idx = j;
				if (r->prio < o->minprio)
					o->minprio = r->prio;
				break;
			}
		}
		it[i].shape = idx;
		it[i].r = r;
	}
	u64map_clear(&smap);
	/* renumber shapes by their best prio: the lookup visits them in order */
	size_t ns = shapes.n;
	struct shape *sv = shapes.v;
	uint32_t *order = xmalloc(ns * sizeof *order);
	{
		struct shape *sorted = xmalloc(ns * sizeof *sorted);
		memcpy(sorted, sv, ns * sizeof *sv);
		struct prio_idx *pairs = xmalloc(ns * sizeof *pairs);
		for (size_t i = 0; i < ns; i++)
			pairs[i] = (struct prio_idx){sv[i].minprio, (uint32_t)i};
		qsort(pairs, ns, sizeof *pairs, cmp_prio_idx);
		for (size_t i = 0; i < ns; i++) {
			sorted[i] = sv[pairs[i].idx];
			order[pairs[i].idx] = (uint32_t)i;
		}
		free(pairs);
		free(sv);
		sv = sorted;
	}
	c->shapes = sv;
	c->nshapes = ns;
	for (size_t i = 0; i < n; i++) {
		it[i].shape = order[it[i].shape];
		const struct cls_rule *r = it[i].r;
		make_key(it[i].w, it[i].shape, &sv[it[i].shape], (uint8_t)(r->proto < 0 ? 0 : r->proto),
			 r->src, r->dst, r->dp_lo);
	}
	free(order);
	qsort(it, n, sizeof *it, cmp_item);

	/* buckets */
	size_t nb = 0;
	for (size_t i = 0; i < n; i++)
		if (!i || memcmp(it[i].w, it[i - 1].w, sizeof it[i].w))
			nb++;
	c->tcap = 16;
	while (c->tcap < nb * 2)
		c->tcap *= 2;
	c->table = xcalloc(c->tcap, sizeof *c->table);
	c->brules = xmalloc(n * sizeof *c->brules);
	c->nbrules = n;
	struct growbuf lo = {.size = sizeof(uint16_t)}, off = {.size = sizeof(uint32_t)},
		       items = {.size = sizeof(uint32_t)};
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !memcmp(it[j].w, it[i].w, sizeof it[i].w))
			j++;
		struct bucket *b = insert(c, it[i].w);
		b->start = (uint32_t)i;
		b->n = (uint32_t)(j - i);
		for (size_t k = i; k < j; k++) {
			const struct cls_rule *r = it[k].r;
			c->brules[k] = (struct brule){r->sp_lo, r->sp_hi, r->dp_lo, r->dp_hi, r->prio,
						      r->id};
		}
		if (b->n >= IV_MIN)
			build_iv(c, b, &lo, &off, &items);
		i = j;
	}
	free(it);
	c->iv_lo = lo.v;
	c->niv = lo.n;
	c->iv_items = items.v;
	c->niv_items = items.n;
	c->iv_off = off.v;
	c->niv_off = off.n;
	return c;
}

void cls_free(struct classifier *c)
{
	if (!c)
		return;
	free(c->shapes);
	free(c->table);
	free(c->brules);
	free(c->iv_lo);
	free(c->iv_off);
	free(c->iv_items);
	free(c);
}

size_t cls_mem(const struct classifier *c)
{
	if (!c)
		return 0;
	return sizeof *c + c->nshapes * sizeof *c->shapes + c->tcap * sizeof *c->table +
	       c->nbrules * sizeof *c->brules + c->niv * sizeof *c->iv_lo +
	       c->niv_off * sizeof *c->iv_off + c->niv_items * sizeof *c->iv_items;
}

size_t cls_shapes(const struct classifier *c)
{
	return c ? c->nshapes : 0;
}
