/*
 * nat_rules.c — compiling nat/global/static into lookup structures and
 * answering "how is this flow translated" (see nat_rules.h).
 *
 * Statics are kept in configuration order; a /32 static is found through
 * a hash of (interface slot, address), the others (subnets, policy
 * statics, statics on the interface address) sit in a short per-slot
 * list; the two candidate streams are merged by order so the first
 * configured static wins, as on the PIX.
 */
#include "nat/nat_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp.h"
#include "dataplane/u64map.h"
#include "lib/hmap.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "nat/nat_write.h"
#include "nat/xlate.h"

struct idxvec {
	uint32_t *v;
	size_t n, cap;
};

static void iv_push(struct idxvec *v, uint32_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->v = xrealloc(v->v, v->cap * sizeof *v->v);
	}
	v->v[v->n++] = x;
}

/* per interface slot */
struct nr_slot {
	struct idxvec wide_real, wide_mapped; /* static indices, config order */
	struct idxvec exempt, policy, regular; /* rule indices (regular: longest prefix first) */
	bool has_dyn, has_dyn_outside;
	/* proxy ARP: sorted [lo, hi] ranges */
	uint32_t *arp_lo, *arp_hi;
	size_t narp;
};

static struct {
	struct nr_static *st;
	size_t nst;
	struct nr_rule *ru;
	size_t nru;
	struct nr_global *gl;
	size_t ngl;
	struct nr_gset *gs;
	size_t ngs;
	struct nr_slot *slots;
	size_t nslots;
	struct u64map by_real, by_mapped; /* (slot, ip) -> struct idxvec* */
	struct u64map gsets;              /* (slot, id) -> struct nr_gset* */
	struct u64map static_ports;       /* (proto, ip, port) -> taken (static PAT) */
} nr;

/* counters and pool cursors survive rebuilds, by the entry's identity */
static struct hmap hits_by_key, cursor_by_key;
static bool maps_ready;

static void maps_init(void)
{
	if (!maps_ready) {
		hmap_init(&hits_by_key, false);
		hmap_init(&cursor_by_key, false);
		maps_ready = true;
	}
}

static void *persist(struct hmap *m, const char *key, size_t size)
{
	void *v = hmap_get(m, key);
	if (!v) {
		v = xcalloc(1, size);
		hmap_put(m, key, v);
	}
	return v;
}

static void free_vecmap(struct u64map *m)
{
	size_t i = 0;
	uint64_t k;
	void *v;
	while (u64map_next(m, &i, &k, &v)) {
		struct idxvec *x = v;
		free(x->v);
		free(x);
	}
	u64map_clear(m);
}

static void nr_free(void)
{
	for (size_t i = 0; i < nr.nst; i++)
		free(nr.st[i].text);
	for (size_t i = 0; i < nr.nru; i++)
		free(nr.ru[i].text);
	for (size_t i = 0; i < nr.ngl; i++)
		free(nr.gl[i].text);
	for (size_t i = 0; i < nr.ngs; i++) {
		free(nr.gs[i].pool);
		free(nr.gs[i].pat);
	}
	for (size_t i = 0; i < nr.nslots; i++) {
		struct nr_slot *s = &nr.slots[i];
		free(s->wide_real.v);
		free(s->wide_mapped.v);
		free(s->exempt.v);
		free(s->policy.v);
		free(s->regular.v);
		free(s->arp_lo);
		free(s->arp_hi);
	}
	free(nr.st);
	free(nr.ru);
	free(nr.gl);
	free(nr.gs);
	free(nr.slots);
	free_vecmap(&nr.by_real);
	free_vecmap(&nr.by_mapped);
	u64map_clear(&nr.gsets);
	u64map_clear(&nr.static_ports);
	memset(&nr, 0, sizeof nr);
}

void nr_reset(void)
{
	nr_free();
	if (maps_ready) {
		const char *k;
		void *v;
		for (size_t i = 0; hmap_next(&hits_by_key, &i, &k, &v);)
			free(v);
		for (size_t i = 0; hmap_next(&cursor_by_key, &i, &k, &v);)
			free(v);
		hmap_clear(&hits_by_key);
		hmap_clear(&cursor_by_key);
		maps_ready = false;
	}
}

static uint64_t sk(int slot, uint32_t ip)
{
	return (uint64_t)(uint16_t)slot << 32 | ip;
}

static void vecmap_add(struct u64map *m, uint64_t key, uint32_t idx)
{
	struct idxvec *v = u64map_get(m, key);
	if (!v) {
		v = xcalloc(1, sizeof *v);
		u64map_put(m, key, v);
	}
	iv_push(v, idx);
}

uint32_t nr_static_mapped(const struct nr_static *s)
{
	return s->mapped_iface ? fw_if_ip(s->mapped_slot) : s->mapped;
}

static uint64_t port_key(uint32_t ip, uint8_t proto, uint16_t port)
{
	return (uint64_t)proto << 48 | (uint64_t)port << 32 | ip;
}

bool nr_static_port_taken(uint32_t ip, uint8_t proto, uint16_t port)
{
	if (nr.static_ports.n && u64map_get(&nr.static_ports, port_key(ip, proto, port)))
		return true;
	/* static PAT on an interface address: few, looked at directly */
	for (size_t i = 0; i < nr.nst; i++) {
		const struct nr_static *s = &nr.st[i];
		if (s->mapped_iface && s->proto == proto && s->mapped_port == port &&
		    nr_static_mapped(s) == ip)
			return true;
	}
	return false;
}

static int cmp_u32pair(const void *pa, const void *pb)
{
	const uint32_t *a = pa, *b = pb;
	return a[0] < b[0] ? -1 : a[0] > b[0];
}

static void add_arp(struct nr_slot *s, uint32_t lo, uint32_t hi)
{
	s->arp_lo = xrealloc(s->arp_lo, (s->narp + 1) * sizeof *s->arp_lo);
	s->arp_hi = xrealloc(s->arp_hi, (s->narp + 1) * sizeof *s->arp_hi);
	s->arp_lo[s->narp] = lo;
	s->arp_hi[s->narp] = hi;
	s->narp++;
}

static void sort_arp(struct nr_slot *s)
{
	uint32_t *pairs = xmalloc(s->narp * 2 * sizeof *pairs);
	for (size_t i = 0; i < s->narp; i++) {
		pairs[2 * i] = s->arp_lo[i];
		pairs[2 * i + 1] = s->arp_hi[i];
	}
	qsort(pairs, s->narp, 2 * sizeof *pairs, cmp_u32pair);
	/* merge overlaps so that a binary search finds the one range */
	size_t k = 0;
	for (size_t i = 0; i < s->narp; i++) {
		uint32_t lo = pairs[2 * i], hi = pairs[2 * i + 1];
		if (k && lo <= s->arp_hi[k - 1] + 1 && s->arp_hi[k - 1] != UINT32_MAX) {
			if (hi > s->arp_hi[k - 1])
				s->arp_hi[k - 1] = hi;
			continue;
		}
		s->arp_lo[k] = lo;
		s->arp_hi[k] = hi;
		k++;
	}
	s->narp = k;
	free(pairs);
}

static int mask_len(uint32_t m)
{
	return ip4_mask_len(m);
}

static const struct nr_rule *sort_base;

static int cmp_regular(const void *pa, const void *pb)
{
	const struct nr_rule *a = &sort_base[*(const uint32_t *)pa], *b = &sort_base[*(const uint32_t *)pb];
	int la = mask_len(a->mask), lb = mask_len(b->mask);
	if (la != lb)
		return la > lb ? -1 : 1;
	return *(const uint32_t *)pa < *(const uint32_t *)pb ? -1 : 1;
}

void nr_rebuild(void)
{
	maps_init();
	nr_free();
	nr.nslots = fw_nifs;
	nr.slots = xcalloc(nr.nslots + 1, sizeof *nr.slots);
	struct strbuf sb = STRBUF_INIT;
	char key[600];
	/* statics, in entry order */
	nr.st = xcalloc(nat_static_count() + 1, sizeof *nr.st);
	size_t it = 0;
	for (const struct nat_static *c; (c = nat_static_next(&it));) {
		struct nr_static s = {0};
		s.real_slot = fw_slot_by_name(c->real_if);
		s.mapped_slot = fw_slot_by_name(c->mapped_if);
		if (s.real_slot < 0 || s.mapped_slot < 0)
			continue; /* an interface without a name: the line waits */
		s.proto = c->proto;
		s.mapped_iface = c->mapped_is_iface;
		s.mask = c->mask;
		s.real = c->real & c->mask;
		s.mapped = c->mapped & c->mask;
		s.real_port = c->real_port;
		s.mapped_port = c->mapped_port;
		s.opts = c->opts;
		if (c->is_acl) {
			s.acl = fw_acl_get(c->acl);
			if (!s.acl)
				continue;
		}
		sb_reset(&sb);
		nat_fmt_static(&sb, c);
		s.text = xstrdup(sb.buf);
		nat_static_key(c, key, sizeof key);
		s.hits = persist(&hits_by_key, key, sizeof *s.hits);
		uint32_t idx = (uint32_t)nr.nst;
		nr.st[nr.nst++] = s;
		struct nr_slot *rs = &nr.slots[s.real_slot], *ms = &nr.slots[s.mapped_slot];
		if (!s.acl && s.mask == 0xffffffffu)
			vecmap_add(&nr.by_real, sk(s.real_slot, s.real), idx);
		else
			iv_push(&rs->wide_real, idx);
		if (!s.acl && !s.mapped_iface && s.mask == 0xffffffffu)
			vecmap_add(&nr.by_mapped, sk(s.mapped_slot, s.mapped), idx);
		else
			iv_push(&ms->wide_mapped, idx);
		if (s.proto && !s.mapped_iface)
			u64map_put(&nr.static_ports, port_key(s.mapped, s.proto, s.mapped_port),
				   (void *)1);
		if (!s.mapped_iface)
			add_arp(ms, s.mapped, s.mapped | ~s.mask);
	}
	/* nat rules */
	size_t n;
	const struct nat_rule **rules = nat_rules_sorted(&n);
	nr.ru = xcalloc(n + 1, sizeof *nr.ru);
	for (size_t i = 0; i < n; i++) {
		const struct nat_rule *c = rules[i];
		struct nr_rule r = {0};
		r.slot = fw_slot_by_name(c->ifname);
		if (r.slot < 0)
			continue;
		r.id = c->id;
		r.is_acl = c->kind == NAT_RULE_ACL;
		r.net = c->net & c->mask;
		r.mask = c->mask;
		r.opts = c->opts;
		if (r.is_acl) {
			r.acl = fw_acl_get(c->acl);
			if (!r.acl)
				continue;
		}
		sb_reset(&sb);
		nat_fmt_rule(&sb, c);
		r.text = xstrdup(sb.buf);
		nat_rule_key(c, key, sizeof key);
		r.hits = persist(&hits_by_key, key, sizeof *r.hits);
		uint32_t idx = (uint32_t)nr.nru;
		nr.ru[nr.nru++] = r;
		struct nr_slot *s = &nr.slots[r.slot];
		if (r.is_acl && r.id == 0) {
			iv_push(&s->exempt, idx);
			continue;
		}
		if (r.is_acl)
			iv_push(&s->policy, idx);
		else
			iv_push(&s->regular, idx);
		if (r.opts.outside)
			s->has_dyn_outside = true;
		else
			s->has_dyn = true;
	}
	free(rules);
	sort_base = nr.ru;
	for (size_t i = 0; i < nr.nslots; i++)
		if (nr.slots[i].regular.n > 1)
			qsort(nr.slots[i].regular.v, nr.slots[i].regular.n, sizeof(uint32_t),
			      cmp_regular);
	/* globals, grouped by (slot, id) */
	const struct nat_global **gl = nat_globals_sorted(&n);
	nr.gl = xcalloc(n + 1, sizeof *nr.gl);
	nr.gs = xcalloc(n + 1, sizeof *nr.gs);
	for (size_t i = 0; i < n; i++) {
		const struct nat_global *c = gl[i];
		struct nr_global g = {0};
		g.slot = fw_slot_by_name(c->ifname);
		if (g.slot < 0)
			continue;
		g.id = c->id;
		g.kind = c->kind;
		g.lo = c->lo;
		g.hi = c->kind == NAT_GLOBAL_ADDR ? c->lo : c->hi;
		sb_reset(&sb);
		nat_fmt_global(&sb, c);
		g.text = xstrdup(sb.buf);
		nat_global_key(c, key, sizeof key);
		g.cursor = persist(&cursor_by_key, key, sizeof *g.cursor);
		nr.gl[nr.ngl++] = g;
		if (g.kind != NAT_GLOBAL_IFACE)
			add_arp(&nr.slots[g.slot], g.lo, g.hi);
	}
	free(gl);
	for (size_t i = 0; i < nr.ngl; i++) {
		struct nr_global *g = &nr.gl[i];
		uint64_t k = sk(g->slot, g->id);
		struct nr_gset *s = u64map_get(&nr.gsets, k);
		if (!s) {
			s = &nr.gs[nr.ngs++];
			s->slot = g->slot;
			s->id = g->id;
			u64map_put(&nr.gsets, k, s);
		}
		if (g->kind == NAT_GLOBAL_RANGE) {
			s->pool = xrealloc(s->pool, (s->npool + 1) * sizeof *s->pool);
			s->pool[s->npool++] = g;
		} else {
			s->pat = xrealloc(s->pat, (s->npat + 1) * sizeof *s->pat);
			s->pat[s->npat++] = g;
		}
	}
	for (size_t i = 0; i < nr.nslots; i++)
		if (nr.slots[i].narp)
			sort_arp(&nr.slots[i]);
	sb_free(&sb);
}

/* ---- statics ------------------------------------------------------------ */

/* Candidates for (slot, ip): the hashed /32 statics and the wide list,
 * visited in configuration order. */
struct merge {
	const struct idxvec *a, *b;
	size_t i, j;
};

static bool merge_next(struct merge *m, uint32_t *idx)
{
	bool ha = m->a && m->i < m->a->n, hb = m->b && m->j < m->b->n;
	if (!ha && !hb)
		return false;
	if (ha && (!hb || m->a->v[m->i] < m->b->v[m->j]))
		*idx = m->a->v[m->i++];
	else
		*idx = m->b->v[m->j++];
	return true;
}

static bool static_src(const struct nr_static *s, int out, const struct fw_flow *f, uint32_t rdst,
		       uint16_t rdport, uint32_t *ip, uint16_t *port)
{
	if (s->mapped_slot != out)
		return false;
	uint32_t mapped = nr_static_mapped(s);
	if (s->proto && (f->proto != s->proto || (!s->acl && f->sport != s->real_port)))
		return false;
	if (s->acl) {
		struct fw_flow g = *f;
		g.dst = rdst;
		g.dport = rdport;
		struct cls_key k;
		fw_flow_key(&g, &k);
		const struct fw_elem *e = fw_acl_lookup(s->acl, &k);
		if (!e || !e->permit)
			return false;
		*ip = (mapped & e->smask) | (f->src & ~e->smask);
	} else {
		if ((f->src & s->mask) != s->real)
			return false;
		*ip = (mapped & s->mask) | (f->src & ~s->mask);
	}
	*port = s->proto ? s->mapped_port : f->sport;
	return true;
}

/* Is dst of f (arriving on s->mapped_slot) mapped by s?  Gives the real
 * address and port. */
static bool static_dst(const struct nr_static *s, const struct fw_flow *f, uint32_t *ip,
		       uint16_t *port)
{
	uint32_t mapped = nr_static_mapped(s);
	if (!mapped)
		return false;
	if (s->proto && (f->proto != s->proto || f->dport != s->mapped_port))
		return false;
	if (!s->acl) {
		if ((f->dst & s->mask) != (mapped & s->mask))
			return false;
		*ip = s->real | (f->dst & ~s->mask);
		*port = s->proto ? s->real_port : f->dport;
		return true;
	}
	/* policy static: the entry whose destination holds the peer gives the
	 * real network; the list must then really pick that entry */
	for (size_t i = 0; i < s->acl->nel; i++) {
		const struct fw_elem *e = &s->acl->el[i];
		if (!e->permit || ((f->src ^ e->dst) & e->dmask))
			continue;
		if ((f->dst & e->smask) != (mapped & e->smask))
			continue;
		uint32_t real = (e->src & e->smask) | (f->dst & ~e->smask);
		uint16_t rport = s->proto && e->sp_lo == e->sp_hi ? e->sp_lo : f->dport;
		struct fw_flow g = *f;
		g.src = real;
		g.sport = rport;
		g.dst = f->src;
		g.dport = f->sport;
		if (f->proto == 1) {
			g.sport = f->dport;
			g.dport = f->sport;
		}
		struct cls_key k;
		fw_flow_key(&g, &k);
		const struct fw_elem *m = fw_acl_lookup(s->acl, &k);
		if (m && m->permit) {
			*ip = real;
			*port = rport;
			return true;
		}
	}
	return false;
}

bool nr_untranslate(int in, const struct fw_flow *f, struct fw_nat *n, uint32_t *rdst,
		    uint16_t *rdport)
{
	memset(n, 0, sizeof *n);
	n->real_slot = -1;
	if (in >= 0 && (size_t)in < nr.nslots) {
		struct merge m = {u64map_get(&nr.by_mapped, sk(in, f->dst)), &nr.slots[in].wide_mapped};
		uint32_t idx;
		while (merge_next(&m, &idx)) {
			const struct nr_static *s = &nr.st[idx];
			if (s->mapped_slot != in)
				continue;
			uint32_t ip;
			uint16_t port;
			if (static_dst(s, f, &ip, &port)) {
				n->how = NH_STATIC;
				n->st = s;
				n->real_slot = s->real_slot;
				n->ip = ip;
				n->port = port;
				*rdst = ip;
				*rdport = port;
				return true;
			}
		}
	}
	uint32_t id = xlate_find_global(in, f->dst, 0, 0);
	if (!id && (f->proto == 6 || f->proto == 17 || (f->proto == 1 && icmp_query_kind(f->icmp_type) == 2)))
		id = xlate_find_global(in, f->dst, f->proto, f->dport);
	const struct xlate *x = xlate_get(id);
	if (!x)
		return false;
	n->how = NH_XLATE;
	n->xlate = id;
	n->real_slot = x->real_slot;
	n->ip = x->real_ip;
	n->port = x->kind == XL_PAT ? x->real_port : f->dport;
	*rdst = n->ip;
	*rdport = n->port;
	return true;
}

static bool applies(const struct nr_rule *r, int in, int out)
{
	int si = fw_ifs[in].sec, so = fw_ifs[out].sec;
	return si < so ? r->opts.outside : !r->opts.outside;
}

bool nr_exempt(int slot, const struct cls_key *k, const struct nr_rule **rule)
{
	if (slot < 0 || (size_t)slot >= nr.nslots)
		return false;
	const struct idxvec *v = &nr.slots[slot].exempt;
	for (size_t i = 0; i < v->n; i++) {
		const struct nr_rule *r = &nr.ru[v->v[i]];
		const struct fw_elem *e = fw_acl_lookup(r->acl, k);
		if (e && e->permit) {
			if (rule)
				*rule = r;
			return true;
		}
	}
	return false;
}

void nr_translate_src(int in, int out, const struct fw_flow *f, uint32_t rdst, uint16_t rdport,
		      struct fw_nat *n)
{
	memset(n, 0, sizeof *n);
	n->real_slot = in;
	n->ip = f->src;
	n->port = f->sport;
	if (in < 0 || (size_t)in >= nr.nslots || out < 0)
		return;
	struct fw_flow g = *f;
	g.dst = rdst;
	g.dport = rdport;
	struct cls_key k;
	fw_flow_key(&g, &k);
	const struct nr_slot *s = &nr.slots[in];
	if (nr_exempt(in, &k, &n->rule)) {
		n->how = NH_EXEMPT;
		return;
	}
	struct merge m = {u64map_get(&nr.by_real, sk(in, f->src)), &s->wide_real};
	uint32_t idx;
	while (merge_next(&m, &idx)) {
		const struct nr_static *st = &nr.st[idx];
		if (st->real_slot != in)
			continue;
		uint32_t ip;
		uint16_t port;
		if (static_src(st, out, f, rdst, rdport, &ip, &port)) {
			n->how = NH_STATIC;
			n->st = st;
			n->ip = ip;
			n->port = port;
			return;
		}
	}
	for (size_t i = 0; i < s->policy.n; i++) {
		const struct nr_rule *r = &nr.ru[s->policy.v[i]];
		if (!applies(r, in, out))
			continue;
		const struct fw_elem *e = fw_acl_lookup(r->acl, &k);
		if (e && e->permit) {
			n->how = NH_DYNAMIC;
			n->rule = r;
			n->gset = nr_gset(out, r->id);
			return;
		}
	}
	for (size_t i = 0; i < s->regular.n; i++) {
		const struct nr_rule *r = &nr.ru[s->regular.v[i]];
		if (!applies(r, in, out) || (f->src & r->mask) != r->net)
			continue;
		n->rule = r;
		if (r->id == 0) {
			n->how = NH_IDENTITY;
		} else {
			n->how = NH_DYNAMIC;
			n->gset = nr_gset(out, r->id);
		}
		return;
	}
}

bool nr_has_dynamic(int slot, bool outside)
{
	if (slot < 0 || (size_t)slot >= nr.nslots)
		return false;
	return outside ? nr.slots[slot].has_dyn_outside : nr.slots[slot].has_dyn;
}

const struct nr_gset *nr_gset(int slot, uint32_t id)
{
	return u64map_get(&nr.gsets, sk(slot, id));
}

/* ---- making xlates ------------------------------------------------------ */

static bool address_taken(int out, uint32_t a)
{
	if (xlate_find_global(out, a, 0, 0) || a == fw_if_ip(out))
		return true;
	const struct idxvec *v = u64map_get(&nr.by_mapped, sk(out, a));
	return v && v->n;
}

static uint32_t pool_pick(const struct nr_global *g, int out, bool dry)
{
	uint64_t size = (uint64_t)g->hi - g->lo + 1;
	uint32_t start = *g->cursor;
	if (start < g->lo || start > g->hi)
		start = g->lo;
	for (uint64_t k = 0; k < size; k++) {
		uint32_t a = (uint32_t)(g->lo + ((uint64_t)start - g->lo + k) % size);
		if (address_taken(out, a))
			continue;
		if (!dry)
			*g->cursor = a + 1;
		return a;
	}
	return 0;
}

static void fail_log(const char *what, int in, int out, const struct fw_flow *f)
{
	char s[16], d[16], pr[8];
	ip4_fmt(f->src, s);
	ip4_fmt(f->dst, d);
	const char *p = f->proto == 6 ? "tcp" : f->proto == 17 ? "udp" : f->proto == 1 ? "icmp" : NULL;
	if (!p) {
		snprintf(pr, sizeof pr, "%u", f->proto);
		plog(LOG_ERR_, 305006, "%s translation creation failed for protocol %s src %s:%s dst %s:%s",
		     what, pr, fw_ifname(in), s, fw_ifname(out), d);
	} else if (f->proto == 1) {
		plog(LOG_ERR_, 305006,
		     "%s translation creation failed for icmp src %s:%s dst %s:%s (type %u, code %u)",
		     what, fw_ifname(in), s, fw_ifname(out), d, f->icmp_type, f->icmp_code);
	} else {
		plog(LOG_ERR_, 305006, "%s translation creation failed for %s src %s:%s/%u dst %s:%s/%u",
		     what, p, fw_ifname(in), s, f->sport, fw_ifname(out), d, f->dport);
	}
}

static void fill_from(struct fw_nat *n, const struct xlate *x, const struct fw_flow *f, uint32_t id)
{
	n->xlate = id;
	n->ip = x->mapped_ip;
	n->port = x->kind == XL_PAT ? x->mapped_port : f->sport;
}

bool nr_xlate_make(int in, int out, const struct fw_flow *f, struct fw_nat *n, bool dry)
{
	uint8_t flags = 0;
	if (n->rule) {
		if (n->rule->opts.norandomseq)
			flags |= XF_NORANDOMSEQ;
		if (n->rule->opts.dns)
			flags |= XF_DNS;
	}
	if (n->how == NH_IDENTITY) {
		uint32_t id = xlate_find_local(in, out, f->src, 0, 0);
		if (!id && !dry) {
			struct xlate t = {.kind = XL_IDENTITY, .real_slot = (uint16_t)in,
					  .mapped_slot = (uint16_t)out, .real_ip = f->src,
					  .mapped_ip = f->src, .flags = flags};
			id = xlate_add(&t);
		}
		n->xlate = id;
		n->ip = f->src;
		n->port = f->sport;
		return true;
	}
	/* a host with a pool address or this port already translated keeps it */
	uint32_t id = xlate_find_local(in, out, f->src, 0, 0);
	const struct xlate *x = xlate_get(id);
	if (x && x->kind == XL_NAT) {
		fill_from(n, x, f, id);
		return true;
	}
	bool patable = f->proto == 6 || f->proto == 17 ||
		       (f->proto == 1 && icmp_query_kind(f->icmp_type) == 1);
	if (patable) {
		id = xlate_find_local(in, out, f->src, f->proto, f->sport);
		if ((x = xlate_get(id))) {
			fill_from(n, x, f, id);
			return true;
		}
	}
	const struct nr_gset *gs = n->gset;
	if (!gs) {
		if (!dry)
			fail_log("portmap", in, out, f);
		return false;
	}
	for (size_t i = 0; i < gs->npool; i++) {
		uint32_t a = pool_pick(gs->pool[i], out, dry);
		if (!a)
			continue;
		n->ip = a;
		n->port = f->sport;
		n->xlate = 0;
		if (!dry) {
			struct xlate t = {.kind = XL_NAT, .real_slot = (uint16_t)in,
					  .mapped_slot = (uint16_t)out, .real_ip = f->src,
					  .mapped_ip = a, .flags = flags, .global_id = gs->id};
			n->xlate = xlate_add(&t);
		}
		return true;
	}
	for (size_t i = 0; patable && i < gs->npat; i++) {
		const struct nr_global *g = gs->pat[i];
		uint32_t a = g->kind == NAT_GLOBAL_IFACE ? fw_if_ip(out) : g->lo;
		if (!a)
			continue;
		uint16_t port;
		if (dry) {
			port = pat_peek(a, f->proto, f->sport);
			if (!port)
				continue;
			n->ip = a;
			n->port = port;
			n->xlate = 0;
			return true;
		}
		if (!pat_alloc(a, f->proto, f->sport, &port))
			continue;
		struct xlate t = {.kind = XL_PAT, .proto = f->proto, .real_slot = (uint16_t)in,
				  .mapped_slot = (uint16_t)out, .real_ip = f->src, .mapped_ip = a,
				  .real_port = f->sport, .mapped_port = port, .flags = flags,
				  .global_id = gs->id};
		n->xlate = xlate_add(&t);
		n->ip = a;
		n->port = port;
		return true;
	}
	if (!dry)
		fail_log(gs->npool && !gs->npat ? "regular" : "portmap", in, out, f);
	return false;
}

void nr_describe_pool(const struct fw_nat *n, int out, char *buf, size_t len)
{
	const struct nr_gset *gs = n->gset;
	if (!gs) {
		snprintf(buf, len, "(No matching global)");
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < gs->npool; i++) {
		char a[16], b[16];
		sb_printf(&sb, "%s%s-%s", sb.len ? ", " : "", ip4_fmt(gs->pool[i]->lo, a),
			  ip4_fmt(gs->pool[i]->hi, b));
	}
	for (size_t i = 0; i < gs->npat; i++) {
		char a[16];
		const struct nr_global *g = gs->pat[i];
		uint32_t ip = g->kind == NAT_GLOBAL_IFACE ? fw_if_ip(out) : g->lo;
		sb_printf(&sb, "%s%s [%s]", sb.len ? ", " : "", ip4_fmt(ip, a),
			  g->kind == NAT_GLOBAL_IFACE ? "Interface PAT" : "PAT");
	}
	snprintf(buf, len, "(%s)", sb.buf ? sb.buf : "");
	sb_free(&sb);
}

/* ---- proxy ARP and listings --------------------------------------------- */

bool nr_proxy_arp(int slot, uint32_t ip)
{
	if (slot < 0 || (size_t)slot >= nr.nslots)
		return false;
	const struct nr_slot *s = &nr.slots[slot];
	size_t lo = 0, hi = s->narp;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->arp_hi[mid] < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->narp && s->arp_lo[lo] <= ip && ip <= s->arp_hi[lo] && ip != fw_if_ip(slot);
}

size_t nr_static_count(void)
{
	return nr.nst;
}

const struct nr_static *nr_static_at(size_t i)
{
	return i < nr.nst ? &nr.st[i] : NULL;
}

size_t nr_rule_count(void)
{
	return nr.nru;
}

const struct nr_rule *nr_rule_at(size_t i)
{
	return i < nr.nru ? &nr.ru[i] : NULL;
}
