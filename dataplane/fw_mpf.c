/*
 * fw_mpf.c — "set connection" limits and timeouts of MPF classes (see
 * fw_mpf.h).
 *
 * Rules: one per (where: an interface's service policy or the global one,
 * policy-map, class, match, settings), made from policy_foreach_class()
 * after every rebuild of the firewall's compiled state (fw_gen_seq moved),
 * and per interface slot the ordered list of rules that apply to traffic
 * entering it: its own service policy's classes first, then the global
 * one's.  A rule whose class left the configuration (or whose settings
 * changed: that makes a new rule) stays while conns hold it and is freed
 * with its last conn; show service-policy prints the counters of the rule
 * of the current configuration only, as the ASA counts only the conns
 * made under the current policy.
 *
 * Limits count TCP and UDP conns.  Embryonic limits: where the ASA starts
 * TCP Intercept (it answers the SYN with a SYN cookie on the server's
 * behalf), pixie drops the new SYN, logs and counts it.
 */
#include "dataplane/fw_mpf.h"

#include <stdlib.h>
#include <string.h>

#include "dataplane/conn.h"
#include "dataplane/dp.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "dataplane/fw_seq.h"
#include "dataplane/proto.h"
#include "dataplane/u64map.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "policy/policy.h"

#define MPF_RULES_MAX 65535 /* rule numbers fit struct conn.mpf */

struct mpf_rule {
	bool used;          /* the slot holds a rule */
	bool live;          /* part of the current configuration */
	char *where;        /* interface name, NULL: the global policy */
	char *policy, *cls;
	struct policy_match m; /* copy: acl and tunnel_group are ours */
	struct policy_conn set;
	uint32_t current, embryonic;
	uint64_t drops;
	/* per initiator address (only with per-client limits):
	 * conns | embryonic << 32, never 0 while present */
	struct u64map clients;
};

static struct mpf_rule *rules;
static size_t nrules, cap_rules;

struct slot_rules {
	uint16_t *ids; /* rule numbers (index + 1), in match order */
	size_t n, cap;
};
static struct slot_rules *by_slot;
static size_t nslots;
static uint32_t built_seq; /* fw_gen_seq of the last build (0: never) */
static bool any_rule;      /* some slot has a rule: else nothing to look at */

/* ---- rules ------------------------------------------------------------------ */

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool match_eq(const struct policy_match *a, const struct policy_match *b)
{
	return a->kind == b->kind && str_eq(a->acl, b->acl) && a->proto == b->proto &&
	       a->lo == b->lo && a->hi == b->hi && a->nvalues == b->nvalues &&
	       !memcmp(a->values, b->values, sizeof a->values) &&
	       str_eq(a->tunnel_group, b->tunnel_group) && a->flow_dest == b->flow_dest;
}

static bool set_eq(const struct policy_conn *a, const struct policy_conn *b)
{
	return a->conn_max == b->conn_max && a->embryonic_max == b->embryonic_max &&
	       a->per_client_max == b->per_client_max &&
	       a->per_client_embryonic_max == b->per_client_embryonic_max &&
	       a->random_seq_disable == b->random_seq_disable &&
	       a->embryonic_timeout == b->embryonic_timeout &&
	       a->half_closed_timeout == b->half_closed_timeout &&
	       a->tcp_timeout == b->tcp_timeout && a->tcp_reset == b->tcp_reset;
}

static void rule_free(struct mpf_rule *r)
{
	free(r->where);
	free(r->policy);
	free(r->cls);
	free(r->m.acl);
	free(r->m.tunnel_group);
	u64map_clear(&r->clients);
	memset(r, 0, sizeof *r);
}

/* The rule for class c of the policy applied at `where`, made when new;
 * 0 when the table is full. */
static uint16_t rule_get(const char *where, const struct policy_class_view *c)
{
	size_t free_at = nrules;
	for (size_t i = 0; i < nrules; i++) {
		struct mpf_rule *r = &rules[i];
		if (!r->used) {
			if (free_at == nrules)
				free_at = i;
			continue;
		}
		if (str_eq(r->where, where) && !strcmp(r->policy, c->policy) &&
		    !strcmp(r->cls, c->name) && match_eq(&r->m, c->match) &&
		    set_eq(&r->set, c->conn)) {
			r->live = true;
			return (uint16_t)(i + 1);
		}
	}
	if (free_at == nrules) {
		if (nrules >= MPF_RULES_MAX)
			return 0;
		if (nrules == cap_rules) {
			cap_rules = cap_rules ? cap_rules * 2 : 8;
			rules = xrealloc(rules, cap_rules * sizeof *rules);
		}
		nrules++;
	}
	struct mpf_rule *r = &rules[free_at];
	memset(r, 0, sizeof *r);
	r->used = r->live = true;
	r->where = where ? xstrdup(where) : NULL;
	r->policy = xstrdup(c->policy);
	r->cls = xstrdup(c->name);
	r->m = *c->match;
	r->m.acl = c->match->acl ? xstrdup(c->match->acl) : NULL;
	r->m.tunnel_group = c->match->tunnel_group ? xstrdup(c->match->tunnel_group) : NULL;
	r->set = *c->conn;
	return (uint16_t)(free_at + 1);
}

struct build_ctx {
	int slot;           /* -1: the global pass */
	const char *ifname;
};

static void collect(void *ctx, const struct policy_class_view *c)
{
	struct build_ctx *b = ctx;
	if (!c->conn || !c->match)
		return;
	uint16_t id = rule_get(c->global ? NULL : b->ifname, c);
	if (!id || b->slot < 0)
		return;
	struct slot_rules *s = &by_slot[b->slot];
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->ids = xrealloc(s->ids, s->cap * sizeof *s->ids);
	}
	s->ids[s->n++] = id;
	any_rule = true;
}

static void build(void)
{
	built_seq = fw_gen_seq;
	any_rule = false;
	for (size_t i = 0; i < nrules; i++)
		rules[i].live = false;
	if (nslots < fw_nifs) {
		by_slot = xrealloc(by_slot, fw_nifs * sizeof *by_slot);
		memset(by_slot + nslots, 0, (fw_nifs - nslots) * sizeof *by_slot);
		nslots = fw_nifs;
	}
	for (size_t i = 0; i < nslots; i++)
		by_slot[i].n = 0;
	/* the global policy's rules exist even while no interface is named */
	struct build_ctx g = {-1, NULL};
	policy_foreach_class(NULL, collect, &g);
	for (size_t i = 0; i < fw_nifs; i++) {
		if (!fw_ifs[i].live)
			continue;
		struct build_ctx b = {(int)i, fw_ifs[i].name};
		policy_foreach_class(fw_ifs[i].name, collect, &b);
	}
	for (size_t i = 0; i < nrules; i++)
		if (rules[i].used && !rules[i].live && !rules[i].current)
			rule_free(&rules[i]);
}

static void sync_rules(void)
{
	if (built_seq != fw_gen_seq)
		build();
}

/* ---- matching ---------------------------------------------------------------- */

static bool acl_permits(const char *name, const struct fw_flow *f)
{
	const struct fw_acl *a = fw_acl_get(name);
	if (!a)
		return false;
	struct cls_key k;
	fw_flow_key(f, &k);
	const struct fw_elem *e = fw_acl_lookup(a, &k);
	return e && e->permit;
}

static bool has_value(const struct policy_match *m, uint8_t v)
{
	for (int i = 0; i < m->nvalues && i < POLICY_MATCH_VALUES; i++)
		if (m->values[i] == v)
			return true;
	return false;
}

static bool rule_matches(const struct mpf_rule *r, const struct fw_flow *f, uint8_t tos)
{
	const struct policy_match *m = &r->m;
	/* "match tunnel-group": traffic of a VPN tunnel (pixie does not tell
	 * tunnel groups apart in the packet path) */
	if (m->tunnel_group && !f->vpn)
		return false;
	switch (m->kind) {
	case PM_ANY:
	case PM_CLASS_DEFAULT:
	case PM_TUNNEL_GROUP:
		return true;
	case PM_ACCESS_LIST:
		return m->acl && acl_permits(m->acl, f);
	case PM_PORT:
		return f->proto == m->proto && f->dport >= m->lo && f->dport <= m->hi;
	case PM_RTP:
		return f->proto == 17 && !(f->dport & 1) && f->dport >= m->lo && f->dport <= m->hi;
	case PM_DSCP:
		return has_value(m, tos >> 2);
	case PM_PRECEDENCE:
		return has_value(m, tos >> 5);
	case PM_DEFAULT_INSPECTION: {
		bool any = false;
		for (int e = 0; e < INSP_COUNT && !any; e++)
			any = policy_default_inspection((enum inspect_engine)e, f->proto, f->dport);
		return any && (!m->acl || acl_permits(m->acl, f));
	}
	case PM_NONE:
	default:
		return false;
	}
}

/* ---- limits -------------------------------------------------------------------- */

static bool per_client(const struct mpf_rule *r)
{
	return r->set.per_client_max || r->set.per_client_embryonic_max;
}

static void client_get(const struct mpf_rule *r, uint32_t ip, uint32_t *conns, uint32_t *emb)
{
	uint64_t v = (uint64_t)(uintptr_t)u64map_get(&r->clients, ip);
	*conns = (uint32_t)v;
	*emb = (uint32_t)(v >> 32);
}

static void client_set(struct mpf_rule *r, uint32_t ip, uint32_t conns, uint32_t emb)
{
	uint64_t v = (uint64_t)emb << 32 | conns;
	if (!v)
		u64map_del(&r->clients, ip);
	else
		u64map_put(&r->clients, ip, (void *)(uintptr_t)v);
}

static void log_limit(int sev, int id, const char *what, uint32_t cnt, uint32_t lim,
		      const char *dir, const struct fw_flow *f, int in)
{
	char s[16], d[16];
	plog(sev, id, "%s %u/%u for %s packet from %s/%u to %s/%u on interface %s", what, cnt, lim,
	     dir, ip4_fmt(f->src, s), f->sport, ip4_fmt(f->dst, d), f->dport, fw_ifname(in));
}

bool fw_mpf_admit(const struct fw_flow *f, const struct fw_verdict *v, const struct fw_pkt *pk,
		  uint16_t *rule)
{
	*rule = 0;
	if (f->proto != 6 && f->proto != 17)
		return true;
	sync_rules();
	if (!any_rule || v->in < 0 || (size_t)v->in >= nslots)
		return true;
	const struct slot_rules *s = &by_slot[v->in];
	uint8_t tos = pk ? pk->ip[1] : 0;
	uint16_t id = 0;
	for (size_t i = 0; i < s->n && !id; i++)
		if (rule_matches(&rules[s->ids[i] - 1], f, tos))
			id = s->ids[i];
	if (!id)
		return true;
	struct mpf_rule *r = &rules[id - 1];
	const struct policy_conn *set = &r->set;
	bool tcp = f->proto == 6, out = fw_ifs[v->in].sec >= fw_ifs[v->out].sec;
	/* 201011 names the direction of the conn; 201010/201012/201013 the
	 * packet's on the interface whose policy applies: the first packet
	 * enters the ingress interface, so "input" */
	const char *dir = out ? "outbound" : "inbound", *io = "input";
	uint32_t pc = 0, pe = 0;
	if (per_client(r))
		client_get(r, f->src, &pc, &pe);
	if (set->conn_max && r->current >= set->conn_max)
		log_limit(LOG_ERR_, 201011, "Connection limit exceeded", r->current, set->conn_max,
			  dir, f, v->in);
	else if (tcp && set->embryonic_max && r->embryonic >= set->embryonic_max)
		log_limit(LOG_INFO_, 201010, "Embryonic connection limit exceeded", r->embryonic,
			  set->embryonic_max, io, f, v->in);
	else if (set->per_client_max && pc >= set->per_client_max)
		log_limit(LOG_ERR_, 201013, "Per-client connection limit exceeded", pc,
			  set->per_client_max, io, f, v->in);
	else if (tcp && set->per_client_embryonic_max && pe >= set->per_client_embryonic_max)
		log_limit(LOG_INFO_, 201012, "Per-client embryonic connection limit exceeded", pe,
			  set->per_client_embryonic_max, io, f, v->in);
	else {
		*rule = id;
		return true;
	}
	r->drops++;
	return false;
}

void fw_mpf_attach(struct conn *c, uint16_t rule)
{
	if (!rule || rule > nrules || !rules[rule - 1].used)
		return;
	struct mpf_rule *r = &rules[rule - 1];
	bool emb = c->k[0].proto == 6 && c->state < TS_ESTABLISHED;
	c->mpf = rule;
	r->current++;
	if (emb)
		r->embryonic++;
	if (per_client(r)) {
		uint32_t pc, pe;
		client_get(r, c->k[0].src, &pc, &pe);
		client_set(r, c->k[0].src, pc + 1, pe + emb);
	}
	/* fw_conn_open timed it by the global timeouts */
	fw_conn_schedule(c);
}

void fw_mpf_established(struct conn *c)
{
	if (!c->mpf)
		return;
	struct mpf_rule *r = &rules[c->mpf - 1];
	if (r->embryonic)
		r->embryonic--;
	if (per_client(r)) {
		uint32_t pc, pe;
		client_get(r, c->k[0].src, &pc, &pe);
		client_set(r, c->k[0].src, pc, pe ? pe - 1 : 0);
	}
}

void fw_mpf_closed(struct conn *c)
{
	if (!c->mpf)
		return;
	struct mpf_rule *r = &rules[c->mpf - 1];
	c->mpf = 0;
	bool emb = c->k[0].proto == 6 && c->state < TS_ESTABLISHED;
	if (r->current)
		r->current--;
	if (emb && r->embryonic)
		r->embryonic--;
	if (per_client(r)) {
		uint32_t pc, pe;
		client_get(r, c->k[0].src, &pc, &pe);
		client_set(r, c->k[0].src, pc ? pc - 1 : 0, emb && pe ? pe - 1 : pe);
	}
	if (!r->live && !r->current)
		rule_free(r);
}

bool fw_mpf_timeout(const struct conn *c, uint32_t *secs)
{
	if (!c->mpf || c->k[0].proto != 6)
		return false;
	const struct policy_conn *s = &rules[c->mpf - 1].set;
	long t = c->state < TS_ESTABLISHED		 ? s->embryonic_timeout
		 : (c->flags & (CF_FIN0 | CF_FIN1)) ? s->half_closed_timeout
						    : s->tcp_timeout;
	if (t < 0)
		return false;
	*secs = (uint32_t)t;
	return true;
}

bool fw_mpf_random_seq_disabled(uint16_t rule)
{
	return rule && rule <= nrules && rules[rule - 1].used && rules[rule - 1].set.random_seq_disable;
}

/* ---- reset on idle ------------------------------------------------------------- */

/* The next sequence number of side s.  The tracker starts the initiator
 * at its SYN's number and moves it only with data (pf's way): without
 * data its next number is one past the SYN. */
static uint32_t next_seq(const struct conn *c, int s)
{
	uint16_t data = fw_conn_side_high(c, s) ? CF_DATA_O : CF_DATA_I;
	return c->t[s].seqlo + (s == 0 && !(c->flags & data) ? 1 : 0);
}

/* A RST|ACK to the endpoint of side s, as if from its peer: addressed as
 * that endpoint sees the conn (k[s] reversed), numbered as it expects. */
static void send_rst(const struct conn *c, int s)
{
	const struct ckey *k = &c->k[s];
	if ((size_t)k->ifx >= fw_nifs || !fw_ifs[k->ifx].live || !fw_ifs[k->ifx].ifp)
		return;
	uint32_t seq = next_seq(c, 1 - s), ack = next_seq(c, s);
	/* the tracker keeps a randomized side's numbers in its own space;
	 * its peer sees them shifted */
	if (c->seq_off && fw_seq_side(c) == 1 - s)
		seq += c->seq_off;
	struct pkt *p = pkt_alloc();
	if (!p)
		return;
	uint8_t *t = p->data;
	memset(t, 0, TCP_HLEN_MIN);
	wr16(t, k->dport);
	wr16(t + 2, k->sport);
	wr32(t + 4, seq);
	wr32(t + 8, ack);
	t[12] = (TCP_HLEN_MIN / 4) << 4;
	t[13] = TH_RST | TH_ACK;
	p->len = TCP_HLEN_MIN;
	ip_send_if(fw_ifs[k->ifx].ifp, p, k->src, k->dst, 6);
}

void fw_mpf_idle_expire(const struct conn *c)
{
	if (!c->mpf || c->k[0].proto != 6 || c->state < TS_ESTABLISHED ||
	    (c->flags & (CF_FIN0 | CF_FIN1)) || !rules[c->mpf - 1].set.tcp_reset)
		return;
	send_rst(c, 0);
	send_rst(c, 1);
}

/* ---- show service-policy --------------------------------------------------------- */

void fw_mpf_stats(const char *ifname, const char *policy, const char *cls,
		  struct fw_mpf_stats *st)
{
	memset(st, 0, sizeof *st);
	fw_sync_now();
	sync_rules();
	for (size_t i = 0; i < nrules; i++) {
		const struct mpf_rule *r = &rules[i];
		if (r->used && r->live && str_eq(r->where, ifname) && !strcmp(r->policy, policy) &&
		    !strcmp(r->cls, cls)) {
			st->current = r->current;
			st->embryonic = r->embryonic;
			st->drops = r->drops;
			return;
		}
	}
}
