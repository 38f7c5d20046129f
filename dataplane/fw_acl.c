/*
 * fw_acl.c — access lists compiled for the packet path: every entry
 * expanded over its object-groups (in the order show access-list prints
 * the elements), "interface" addresses resolved, inactive entries and
 * entries whose time-range is not active left out, then handed to the
 * classifier (classify.h).
 *
 * Hit counts live here, not in the configuration: a record per entry,
 * found by the list name and the entry's text, so counts survive every
 * recompilation for as long as the entry exists and show access-list can
 * ask for them (fw_acl_ace_hits).  The 106100 "log" messages keep a
 * cache of flows: the first hit is reported at once, later ones as a
 * count per interval.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dataplane/acl_fmt.h"
#include "dataplane/fw_int.h"
#include "dataplane/names.h"
#include "dataplane/objgroup.h"
#include "dataplane/timerange.h"
#include "dataplane/u64map.h"
#include "lib/hmap.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

struct fw_hitrec {
	uint64_t total;
	uint64_t *elem;
	size_t nelem;
	bool seen;
};

/* per list name: its hit records by entry text */
struct listrecs {
	struct hmap recs;
};

struct compiled {
	struct fw_acl pub;
};

static struct hmap lists;     /* name -> struct listrecs* */
static struct hmap compiled;  /* name -> struct compiled*, this build */
static bool ready;
static size_t mem_total;

static void init(void)
{
	if (!ready) {
		hmap_init(&lists, false);
		hmap_init(&compiled, false);
		ready = true;
	}
}

/* ---- hit records ---------------------------------------------------------- */

static struct listrecs *listrecs(const char *name, bool create)
{
	struct listrecs *l = hmap_get(&lists, name);
	if (!l && create) {
		l = xcalloc(1, sizeof *l);
		hmap_init(&l->recs, false);
		hmap_put(&lists, name, l);
	}
	return l;
}

static void rec_free(struct fw_hitrec *r)
{
	free(r->elem);
	free(r);
}

static struct fw_hitrec *rec_get(struct listrecs *l, const char *text)
{
	struct fw_hitrec *r = hmap_get(&l->recs, text);
	if (!r) {
		r = xcalloc(1, sizeof *r);
		hmap_put(&l->recs, text, r);
	}
	return r;
}

static void key_text(struct strbuf *sb, const struct ace *e)
{
	sb_reset(sb);
	acl_fmt(sb, e, FMT_KEY);
}

uint64_t fw_acl_ace_hits(const char *acl, const struct ace *e)
{
	init();
	struct listrecs *l = listrecs(acl, false);
	if (!l)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	key_text(&sb, e);
	struct fw_hitrec *r = hmap_get(&l->recs, sb.buf);
	sb_free(&sb);
	return r ? r->total : 0;
}

uint64_t fw_acl_elem_hits(const char *acl, const struct ace *e, size_t k)
{
	init();
	struct listrecs *l = listrecs(acl, false);
	if (!l)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	key_text(&sb, e);
	struct fw_hitrec *r = hmap_get(&l->recs, sb.buf);
	sb_free(&sb);
	return r && k < r->nelem ? r->elem[k] : 0;
}

void fw_acl_clear_hits(const char *acl)
{
	init();
	const char *name;
	void *v;
	for (size_t i = 0; hmap_next(&lists, &i, &name, &v);) {
		if (acl && strcmp(acl, name))
			continue;
		struct listrecs *l = v;
		const char *k;
		void *rv;
		for (size_t j = 0; hmap_next(&l->recs, &j, &k, &rv);) {
			struct fw_hitrec *r = rv;
			r->total = 0;
			if (r->nelem)
				memset(r->elem, 0, r->nelem * sizeof *r->elem);
		}
	}
}

/* The count is also added to the configuration's own counter (struct ace
 * .hits, what show access-list prints): the entry is looked up in the list
 * as it is now and counted only when it is still the entry compiled, so a
 * list edited since the last compilation is never written through a stale
 * pointer. */
void fw_acl_hit(const struct fw_acl *a, const struct fw_elem *e)
{
	struct fw_hitrec *r = e->rec;
	r->total++;
	if (e->k != FW_ELEM_SELF && e->k < r->nelem)
		r->elem[e->k]++;
	struct acl *l = acl_find(a->name);
	if (l && e->ace < l->n && l->v[e->ace] == e->entry)
		l->v[e->ace]->hits++;
}

/* ---- expansion -------------------------------------------------------------- */

struct builder {
	const char *acl;
	struct fw_elem *el;
	size_t nel, capel;
	struct cls_rule *rules;
	size_t nrules, caprules;
	struct strbuf sb;
	/* the entry being expanded */
	uint32_t ace;
	uint32_t hash1;
	const char *text;
	struct fw_hitrec *rec;
	const struct ace *entry;
	bool active;
	bool expanded;
	uint32_t k;
};

static void push_rule(struct builder *b, const struct cls_rule *r)
{
	if (b->nrules == b->caprules) {
		b->caprules = b->caprules ? b->caprules * 2 : 64;
		b->rules = xrealloc(b->rules, b->caprules * sizeof *b->rules);
	}
	b->rules[b->nrules++] = *r;
}

/* Port condition -> up to two ranges. */
static int ranges(const struct acl_port *p, uint16_t lo[2], uint16_t hi[2])
{
	switch (p->op) {
	case PORT_EQ:
		lo[0] = hi[0] = (uint16_t)p->lo;
		return 1;
	case PORT_LT:
		if (p->lo <= 0)
			return 0;
		lo[0] = 0, hi[0] = (uint16_t)(p->lo - 1);
		return 1;
	case PORT_GT:
		if (p->lo >= 65535)
			return 0;
		lo[0] = (uint16_t)(p->lo + 1), hi[0] = 65535;
		return 1;
	case PORT_NEQ: {
		int n = 0;
		if (p->lo > 0)
			lo[n] = 0, hi[n] = (uint16_t)(p->lo - 1), n++;
		if (p->lo < 65535)
			lo[n] = (uint16_t)(p->lo + 1), hi[n] = 65535, n++;
		return n;
	}
	case PORT_RANGE:
		lo[0] = (uint16_t)p->lo, hi[0] = (uint16_t)p->hi;
		return p->lo <= p->hi;
	default:
		lo[0] = 0, hi[0] = 65535;
		return 1;
	}
}

/* An address slot -> ip/mask; false when it matches nothing (an
 * interface without an address). */
static bool addr_of(const struct acl_addr *a, uint32_t *ip, uint32_t *mask)
{
	switch (a->kind) {
	case AA_HOST:
		*ip = a->ip, *mask = 0xffffffffu;
		return true;
	case AA_NET:
		*ip = a->ip & a->mask, *mask = a->mask;
		return true;
	case AA_IFACE: {
		int s = a->group ? fw_slot_by_name(a->group) : -1;
		uint32_t x = s >= 0 ? fw_if_ip(s) : 0;
		*ip = x, *mask = 0xffffffffu;
		return x != 0;
	}
	default:
		*ip = 0, *mask = 0;
		return true;
	}
}

/* One concrete element (x has no groups left). */
static void emit(struct builder *b, const struct ace *x)
{
	if (b->nel == b->capel) {
		b->capel = b->capel ? b->capel * 2 : 64;
		b->el = xrealloc(b->el, b->capel * sizeof *b->el);
	}
	uint32_t idx = (uint32_t)b->nel++;
	struct fw_elem *e = &b->el[idx];
	memset(e, 0, sizeof *e);
	e->ace = b->ace;
	e->k = b->expanded ? b->k++ : FW_ELEM_SELF;
	e->permit = x->permit;
	e->log = (uint8_t)x->log;
	e->level = (uint8_t)(x->log_level >= 0 ? x->log_level : LOG_INFO_);
	e->interval = (uint16_t)(x->log_interval > 0 ? x->log_interval : 300);
	e->hash1 = b->hash1;
	e->rec = b->rec;
	e->entry = b->entry;
	e->text = (char *)b->text; /* shared by the elements of one entry */
	if (b->expanded) {
		sb_reset(&b->sb);
		acl_fmt(&b->sb, x, FMT_KEY);
		e->hash2 = acl_text_hash(b->acl, b->sb.buf);
	}
	bool ok = true;
	if (x->kind == ACE_STANDARD) {
		e->smask = 0;
		ok = addr_of(&x->dst, &e->dst, &e->dmask);
	} else {
		ok = addr_of(&x->src, &e->src, &e->smask) && addr_of(&x->dst, &e->dst, &e->dmask);
	}
	e->sp_lo = 0, e->sp_hi = 65535;
	if (!ok || !b->active)
		return;
	int proto = x->kind == ACE_STANDARD ? 0 : x->proto;
	struct cls_rule r = {e->src, e->smask, e->dst, e->dmask, 0, 65535, 0, 65535,
			     (int16_t)(proto <= 0 ? -1 : proto), idx, idx};
	if (proto == 6 || proto == 17) {
		uint16_t slo[2], shi[2], dlo[2], dhi[2];
		int ns = ranges(&x->sport, slo, shi), nd = ranges(&x->dport, dlo, dhi);
		if (ns == 1) {
			e->sp_lo = slo[0];
			e->sp_hi = shi[0];
		}
		for (int i = 0; i < ns; i++)
			for (int j = 0; j < nd; j++) {
				r.sp_lo = slo[i], r.sp_hi = shi[i];
				r.dp_lo = dlo[j], r.dp_hi = dhi[j];
				push_rule(b, &r);
			}
		return;
	}
	if (proto == 1 && x->icmp_type >= 0)
		r.dp_lo = r.dp_hi = (uint16_t)x->icmp_type;
	push_rule(b, &r);
}

static void addr_from(struct acl_addr *a, const struct og_member *m)
{
	a->kind = m->kind == OGM_HOST ? AA_HOST : AA_NET;
	a->ip = m->ip;
	a->mask = m->kind == OGM_HOST ? 0xffffffffu : m->mask;
	a->group = NULL;
}

static void port_from(struct acl_port *p, const struct og_member *m)
{
	p->op = m->op;
	p->lo = m->lo;
	p->hi = m->hi;
	p->group = NULL;
}

struct slots {
	struct og_leaves sp, ss, ssp, sd, sdp;
};

/* The object-group an address names ("interface NAME" also keeps its
 * name in .group: that is not a group). */
/* Same order as show access-list: source, source port, destination,
 * destination port. */
static void emit_addrs(struct builder *b, const struct ace *e, struct ace *x,
		       const struct slots *s)
{
	size_t ns = acl_addr_group(&e->src) ? s->ss.n : 1, nsp = e->sport.group ? s->ssp.n : 1,
	       nd = acl_addr_group(&e->dst) ? s->sd.n : 1, ndp = e->dport.group ? s->sdp.n : 1;
	for (size_t i = 0; i < ns; i++) {
		if (acl_addr_group(&e->src))
			addr_from(&x->src, s->ss.v[i]);
		for (size_t j = 0; j < nsp; j++) {
			if (e->sport.group)
				port_from(&x->sport, s->ssp.v[j]);
			for (size_t k = 0; k < nd; k++) {
				if (acl_addr_group(&e->dst))
					addr_from(&x->dst, s->sd.v[k]);
				for (size_t l = 0; l < ndp; l++) {
					if (e->dport.group && s->sdp.v[l]->kind == OGM_ICMP)
						x->icmp_type = s->sdp.v[l]->icmp;
					else if (e->dport.group)
						port_from(&x->dport, s->sdp.v[l]);
					emit(b, x);
				}
			}
		}
	}
}

static void expand(struct builder *b, const struct ace *e, struct slots *s)
{
	b->expanded = e->proto_group || acl_addr_group(&e->src) || acl_addr_group(&e->dst) || e->sport.group ||
		      e->dport.group;
	if (!b->expanded) {
		emit(b, e);
		return;
	}
	og_leaves_fill(&s->sp, e->proto_group);
	og_leaves_fill(&s->ss, acl_addr_group(&e->src));
	og_leaves_fill(&s->ssp, e->sport.group);
	og_leaves_fill(&s->sd, acl_addr_group(&e->dst));
	og_leaves_fill(&s->sdp, e->dport.group);
	struct ace x = *e;
	x.proto_group = x.src.group = x.dst.group = x.sport.group = x.dport.group = NULL;
	/* keep "interface NAME" addresses: their group field names the interface */
	if (e->src.kind == AA_IFACE)
		x.src.group = e->src.group;
	if (e->dst.kind == AA_IFACE)
		x.dst.group = e->dst.group;
	if (!e->proto_group) {
		emit_addrs(b, e, &x, s);
		return;
	}
	for (size_t a = 0; a < s->sp.n; a++) {
		const struct og_member *m = s->sp.v[a];
		x.proto = m->proto;
		if (m->kind == OGM_SVC) {
			port_from(&x.dport, m);
			x.icmp_type = m->icmp;
		}
		if (m->kind == OGM_SVC && m->proto == SVC_TCPUDP) {
			x.proto = 6;
			emit_addrs(b, e, &x, s);
			x.proto = 17;
		}
		emit_addrs(b, e, &x, s);
	}
}

static void compiled_free(struct compiled *c)
{
	cls_free(c->pub.cls);
	for (size_t i = 0; i < c->pub.nel; i++)
		if (i == 0 || c->pub.el[i].text != c->pub.el[i - 1].text)
			free(c->pub.el[i].text);
	free(c->pub.el);
	free(c->pub.name);
	free(c);
}

static struct compiled *compile(const struct acl *l)
{
	struct compiled *c = xcalloc(1, sizeof *c);
	c->pub.name = xstrdup(l->name);
	struct listrecs *lr = listrecs(l->name, true);
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&lr->recs, &i, &k, &v);)
		((struct fw_hitrec *)v)->seen = false;
	struct builder b = {.acl = l->name, .sb = STRBUF_INIT};
	struct strbuf text = STRBUF_INIT;
	struct slots s = {0};
	time_t now = time(NULL);
	for (size_t i = 0; i < l->n; i++) {
		const struct ace *e = l->v[i];
		if (e->kind == ACE_REMARK)
			continue;
		key_text(&text, e);
		b.ace = (uint32_t)i;
		b.hash1 = acl_text_hash(l->name, text.buf);
		b.rec = rec_get(lr, text.buf);
		b.rec->seen = true;
		b.entry = e;
		b.active = !e->inactive;
		/* the fingerprint of fw_gen.c notices when a range turns */
		if (e->time_range)
			b.active = b.active && time_range_active(e->time_range, now);
		sb_reset(&text);
		sb_printf(&text, "access-list %s ", l->name);
		acl_fmt(&text, e, FMT_RUN);
		b.text = xstrdup(text.buf);
		b.k = 0;
		size_t before = b.nel;
		expand(&b, e, &s);
		if (b.nel == before) {
			free((char *)b.text); /* an empty group: nothing refers to it */
		}
		size_t nk = b.expanded ? b.k : 0;
		if (b.rec->nelem != nk) {
			free(b.rec->elem);
			b.rec->elem = nk ? xcalloc(nk, sizeof *b.rec->elem) : NULL;
			b.rec->nelem = nk;
		}
	}
	/* entries that went away lose their counts */
	for (size_t i = 0; hmap_next(&lr->recs, &i, &k, &v);) {
		struct fw_hitrec *r = v;
		if (!r->seen) {
			hmap_del(&lr->recs, k);
			rec_free(r);
		}
	}
	free(s.sp.v);
	free(s.ss.v);
	free(s.ssp.v);
	free(s.sd.v);
	free(s.sdp.v);
	sb_free(&b.sb);
	sb_free(&text);
	c->pub.cls = cls_build(b.rules, b.nrules);
	c->pub.el = b.el;
	c->pub.nel = b.nel;
	c->pub.nrules = b.nrules;
	free(b.rules);
	mem_total += cls_mem(c->pub.cls) + b.nel * sizeof *b.el;
	return c;
}

struct fw_acl *fw_acl_get(const char *name)
{
	init();
	if (!name)
		return NULL;
	struct compiled *c = hmap_get(&compiled, name);
	if (c)
		return &c->pub;
	const struct acl *l = acl_find(name);
	if (!l)
		return NULL;
	c = compile(l);
	hmap_put(&compiled, name, c);
	return &c->pub;
}

const struct fw_elem *fw_acl_lookup(const struct fw_acl *a, const struct cls_key *k)
{
	if (!a)
		return NULL;
	uint32_t id = cls_lookup(a->cls, k);
	return id == CLS_NONE ? NULL : &a->el[id];
}

void fw_acl_flush(void)
{
	init();
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&compiled, &i, &k, &v);)
		compiled_free(v);
	hmap_clear(&compiled);
	hmap_init(&compiled, false);
	mem_total = 0;
}

size_t fw_acl_mem(void)
{
	return mem_total;
}

void fw_flow_key(const struct fw_flow *f, struct cls_key *k)
{
	k->src = f->src;
	k->dst = f->dst;
	k->proto = f->proto;
	if (f->proto == 1) {
		k->sport = f->icmp_code;
		k->dport = f->icmp_type;
	} else if (f->proto == 6 || f->proto == 17) {
		k->sport = f->sport;
		k->dport = f->dport;
	} else {
		k->sport = k->dport = 0;
	}
}

/* ---- 106100: the log flow cache ------------------------------------------ */

struct logflow {
	uint64_t key;
	char *acl;
	bool permit;
	uint8_t level, proto;
	uint16_t interval;
	uint32_t hash1, hash2;
	uint16_t in, out;
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t count;   /* hits since the last report */
	uint32_t due;     /* end of the current interval */
};

static struct u64map flows;
static size_t ndenied;

#define PERMIT_FLOWS_MAX 100000

static void log_flow(const struct logflow *lf, uint32_t count, bool first)
{
	char s[16], d[16], p[8], tail[48];
	if (first)
		snprintf(tail, sizeof tail, "first hit");
	else
		snprintf(tail, sizeof tail, "%u-second interval", lf->interval);
	plog(lf->level, 106100, "access-list %s %s %s %s/%s(%u) -> %s/%s(%u) hit-cnt %u %s [0x%08x, 0x%x]",
	     lf->acl, lf->permit ? "permitted" : "denied", proto_name(lf->proto, p),
	     fw_ifname(lf->in), ip4_fmt(lf->src, s), lf->sport, fw_ifname(lf->out), ip4_fmt(lf->dst, d),
	     lf->dport, count, tail, lf->hash1, lf->hash2);
}

void fw_acl_log_hit(const struct fw_acl *a, const struct fw_elem *e, const struct fw_flow *f,
		    int in, int out)
{
	uint16_t sp = f->sport, dp = f->dport;
	if (f->proto == 1) {
		sp = f->icmp_type;
		dp = f->icmp_code;
	} else if (f->proto != 6 && f->proto != 17) {
		sp = dp = 0;
	}
	uint64_t key = u64_mix((uint64_t)f->src << 32 | f->dst) ^
		       u64_mix((uint64_t)sp << 48 | (uint64_t)dp << 32 | (uint64_t)f->proto << 24 |
			       (uint64_t)(uint16_t)in << 8 | (uint16_t)out) ^
		       u64_mix((uint64_t)e->hash1 << 32 | e->hash2) ^ (uintptr_t)e->rec;
	struct logflow *lf = u64map_get(&flows, key);
	if (lf) {
		lf->count++;
		return;
	}
	if (!e->permit && ndenied >= (size_t)acl_deny_flow_max()) {
		plog(LOG_ALERT_, 106101,
		     "Number of cached deny-flows for ACL log has reached limit (%d).",
		     acl_deny_flow_max());
		return;
	}
	if (e->permit && flows.n - ndenied >= PERMIT_FLOWS_MAX) {
		/* too many to track: report each hit on its own */
		struct logflow tmp = {0, a->name, e->permit, e->level, f->proto, e->interval,
				      e->hash1, e->hash2, (uint16_t)in, (uint16_t)out, f->src, f->dst,
				      sp, dp, 0, 0};
		log_flow(&tmp, 1, true);
		return;
	}
	lf = xcalloc(1, sizeof *lf);
	*lf = (struct logflow){key, xstrdup(a->name), e->permit, e->level, f->proto, e->interval,
			       e->hash1, e->hash2, (uint16_t)in, (uint16_t)out, f->src, f->dst,
			       sp, dp, 0, fw_now() + e->interval};
	u64map_put(&flows, key, lf);
	if (!e->permit)
		ndenied++;
	log_flow(lf, 1, true);
}

void fw_acl_tick(uint32_t now)
{
	if (!flows.n)
		return;
	/* collect first: removing while iterating would move entries */
	uint64_t *gone = NULL;
	size_t ngone = 0, cap = 0;
	size_t i = 0;
	uint64_t k;
	void *v;
	while (u64map_next(&flows, &i, &k, &v)) {
		struct logflow *lf = v;
		if ((int32_t)(now - lf->due) < 0)
			continue;
		if (lf->count) {
			log_flow(lf, lf->count, false);
			lf->count = 0;
			lf->due = now + lf->interval;
			continue;
		}
		if (ngone == cap) {
			cap = cap ? cap * 2 : 16;
			gone = xrealloc(gone, cap * sizeof *gone);
		}
		gone[ngone++] = k;
	}
	for (size_t j = 0; j < ngone; j++) {
		struct logflow *lf = u64map_del(&flows, gone[j]);
		if (!lf->permit)
			ndenied--;
		free(lf->acl);
		free(lf);
	}
	free(gone);
}

void fw_acl_log_flows(size_t *total, size_t *denied)
{
	*total = flows.n;
	*denied = ndenied;
}

void fw_acl_reset(void)
{
	size_t i = 0;
	uint64_t k;
	void *v;
	while (u64map_next(&flows, &i, &k, &v)) {
		struct logflow *lf = v;
		free(lf->acl);
		free(lf);
	}
	u64map_clear(&flows);
	ndenied = 0;
	if (!ready)
		return;
	fw_acl_flush();
	const char *name;
	for (size_t j = 0; hmap_next(&lists, &j, &name, &v);) {
		struct listrecs *l = v;
		const char *rk;
		void *rv;
		for (size_t m = 0; hmap_next(&l->recs, &m, &rk, &rv);)
			rec_free(rv);
		hmap_clear(&l->recs);
		free(l);
	}
	hmap_clear(&lists);
	hmap_init(&lists, false);
}
