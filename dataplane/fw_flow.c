/*
 * fw_flow.c — the decision on the first packet of a flow, shared by the
 * packet path (fw.c) and packet-tracer (fw_trace):
 *
 *   un-NAT      is the destination a mapped address (static, xlate)?
 *   route       egress interface and next hop for the real destination
 *   security    same interface / same security level permits
 *   ACL         the ingress access-group, or the security levels
 *   NAT         exemption, static, policy and regular dynamic NAT of the
 *               source; nat-control's requirements
 *   out ACL     the egress access-group, on the translated header
 *
 * fw_decide only reads (and, for real packets, counts and logs); the
 * translations it chose are made by fw_commit_nat once everything passed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/conn.h"
#include "dataplane/dp.h"
#include "dataplane/fw_int.h"
#include "dataplane/names.h"
#include "dataplane/route.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"
#include "nat/nat_conf.h"
#include "nat/nat_rules.h"
#include "nat/xlate.h"

/* ---- trace helpers ------------------------------------------------------------ */

static struct fw_trace_phase *phase(struct fw_trace_result *tr, const char *type,
				    const char *subtype, bool allow)
{
	if (!tr || tr->nphases >= FW_TRACE_PHASES)
		return NULL;
	struct fw_trace_phase *p = &tr->phase[tr->nphases++];
	memset(p, 0, sizeof *p);
	snprintf(p->type, sizeof p->type, "%s", type);
	snprintf(p->subtype, sizeof p->subtype, "%s", subtype);
	p->allow = allow;
	return p;
}

__attribute__((format(printf, 2, 3))) static void addf(char *buf, const char *fmt, ...)
{
	size_t n = strlen(buf);
	if (n >= FW_TRACE_TEXT - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, FW_TRACE_TEXT - n, fmt, ap);
	va_end(ap);
}

static bool drop(struct fw_verdict *v, struct fw_trace_result *tr, int reason)
{
	v->allow = false;
	v->drop = reason;
	if (tr) {
		tr->allow = false;
		tr->drop = reason;
	}
	return false;
}

/* " any" / " host A" / " A M" as the ASA quotes a match. */
static void match_addr(char *buf, uint32_t ip, uint32_t mask)
{
	char a[16], m[16];
	if (!mask)
		addf(buf, " any");
	else if (mask == 0xffffffffu)
		addf(buf, " host %s", ip4_fmt(ip, a));
	else
		addf(buf, " %s %s", ip4_fmt(ip, a), ip4_fmt(mask, m));
}

/* The route entry that decides (for ROUTE-LOOKUP): the longest of the
 * connected networks and "route" lines through the egress interface. */
static void route_text(char *buf, uint32_t dst, int out)
{
	uint32_t best_net = 0, best_mask = 0;
	bool found = false;
	const struct iface *ifp = fw_ifs[out].ifp;
	if (ifp && ifp->has_ip && ((dst ^ ifp->ip) & ifp->mask) == 0) {
		best_net = ifp->ip & ifp->mask;
		best_mask = ifp->mask;
		found = true;
	}
	for (size_t i = 0; i < route_count(); i++) {
		const struct route *r = route_at(i);
		if (strcmp(r->ifname, fw_ifs[out].name) || ((dst ^ r->net) & r->mask))
			continue;
		if (!found || ip4_mask_len(r->mask) > ip4_mask_len(best_mask)) {
			best_net = r->net & r->mask;
			best_mask = r->mask;
			found = true;
		}
	}
	char a[16], m[16];
	addf(buf, "in   %-15s %-15s %s\n", ip4_fmt(best_net, a), ip4_fmt(best_mask, m),
	     fw_ifs[out].name);
}

/* ---- logs ------------------------------------------------------------------------ */

static const char *proto_lower(uint8_t p, char buf[16])
{
	switch (p) {
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	default: {
		char n[8];
		const char *name = proto_name(p, n);
		if (name[0] >= '0' && name[0] <= '9')
			snprintf(buf, 16, "protocol %u", p);
		else
			snprintf(buf, 16, "%.7s", name);
		return buf;
	}
	}
}

/* "src inside:1.2.3.4/5 dst outside:5.6.7.8/9" (+ " (type 8, code 0)") */
static void flow_text(char *buf, size_t len, const struct fw_flow *f, int in, int out)
{
	char s[16], d[16];
	ip4_fmt(f->src, s);
	ip4_fmt(f->dst, d);
	if (f->proto == 6 || f->proto == 17)
		snprintf(buf, len, "src %s:%s/%u dst %s:%s/%u", fw_ifname(in), s, f->sport,
			 out >= 0 ? fw_ifname(out) : "?", d, f->dport);
	else if (f->proto == 1)
		snprintf(buf, len, "src %s:%s dst %s:%s (type %u, code %u)", fw_ifname(in), s,
			 out >= 0 ? fw_ifname(out) : "?", d, f->icmp_type, f->icmp_code);
	else
		snprintf(buf, len, "src %s:%s dst %s:%s", fw_ifname(in), s,
			 out >= 0 ? fw_ifname(out) : "?", d);
}

static void log_acl_deny(const struct fw_acl *a, const struct fw_elem *e, const struct fw_flow *f,
			 int in, int out)
{
	if (e && e->log == ACE_LOG_DISABLE)
		return;
	if (e && e->log == ACE_LOG_ON) {
		fw_acl_log_hit(a, e, f, in, out);
		return;
	}
	char p[16], t[160];
	flow_text(t, sizeof t, f, in, out);
	plog(LOG_WARN_, 106023, "Deny %s %s by access-group \"%s\" [0x%x, 0x%x]",
	     proto_lower(f->proto, p), t, a->name, e ? e->hash1 : 0, e ? e->hash2 : 0);
}

/* Lower to higher security without an access list. */
static void log_level_deny(const struct fw_flow *f, int in, int out)
{
	char s[16], d[16], fl[40], p[16];
	ip4_fmt(f->src, s);
	ip4_fmt(f->dst, d);
	switch (f->proto) {
	case 6:
		plog(LOG_CRIT_, 106001,
		     "Inbound TCP connection denied from %s/%u to %s/%u flags %s on interface %s", s,
		     f->sport, d, f->dport, fw_tcp_flags_text(f->tcp_flags ? f->tcp_flags : TH_SYN, fl),
		     fw_ifname(in));
		break;
	case 17:
		plog(LOG_CRIT_, 106006, "Deny inbound UDP from %s/%u to %s/%u on interface %s", s,
		     f->sport, d, f->dport, fw_ifname(in));
		break;
	case 1:
		plog(LOG_ERR_, 106014, "Deny inbound icmp src %s:%s dst %s:%s (type %u, code %u)",
		     fw_ifname(in), s, fw_ifname(out), d, f->icmp_type, f->icmp_code);
		break;
	default:
		plog(LOG_ERR_, 106010, "Deny inbound %s src %s:%s dst %s:%s",
		     proto_lower(f->proto, p), fw_ifname(in), s, fw_ifname(out), d);
	}
}

static void log_no_group(const struct fw_flow *f, int in, int out)
{
	char p[16], t[160];
	flow_text(t, sizeof t, f, in, out);
	plog(LOG_ERR_, 305005, "No translation group found for %s %s", proto_lower(f->proto, p), t);
}

/* ---- access lists ---------------------------------------------------------------- */

static void acl_phase(struct fw_trace_result *tr, const struct fw_acl *a, const char *name,
		      bool out_dir, int slot, const struct fw_elem *e, bool allow)
{
	struct fw_trace_phase *p = phase(tr, "ACCESS-LIST", e && e->log == ACE_LOG_ON ? "log" : "",
					 allow);
	if (!p)
		return;
	if (!a) {
		addf(p->config, "Implicit Rule\n");
		return;
	}
	addf(p->config, "access-group %s %s interface %s\n", name, out_dir ? "out" : "in",
	     fw_ifname(slot));
	if (e)
		addf(p->config, "%s\n", e->text);
	else
		addf(p->config, "Implicit Rule\n");
}

/* Ingress: the access-group, or without one the security levels. */
static bool check_in(const struct fw_flow *f, struct fw_verdict *v, struct fw_trace_result *tr)
{
	struct fw_if *I = &fw_ifs[v->in];
	bool real = !tr;
	if (f->vpn && mgmt_sysopt_permit_vpn()) {
		/* sysopt connection permit-vpn (the default): decrypted
		 * traffic bypasses the interface access list */
		acl_phase(tr, NULL, NULL, false, v->in, NULL, true);
		return true;
	}
	if (I->acl_in_name) {
		struct cls_key k;
		fw_flow_key(f, &k);
		const struct fw_elem *e = fw_acl_lookup(I->acl_in, &k);
		bool ok = e && e->permit;
		acl_phase(tr, I->acl_in, I->acl_in_name, false, v->in, e, ok);
		if (real && e && I->acl_in)
			fw_acl_hit(I->acl_in, e);
		if (!ok) {
			if (real && I->acl_in)
				log_acl_deny(I->acl_in, e, f, v->in, v->out);
			return drop(v, tr, DROP_ACL_DROP);
		}
		v->acl = I->acl_in;
		v->el = e;
		if (real && e->log == ACE_LOG_ON)
			fw_acl_log_hit(I->acl_in, e, f, v->in, v->out);
		return true;
	}
	if (I->sec < fw_ifs[v->out].sec) {
		acl_phase(tr, NULL, NULL, false, v->in, NULL, false);
		if (real)
			log_level_deny(f, v->in, v->out);
		return drop(v, tr, DROP_ACL_DROP);
	}
	acl_phase(tr, NULL, NULL, false, v->in, NULL, true);
	return true;
}

/* Egress access-group: the header as it leaves (translated). */
static bool check_out(const struct fw_flow *f, struct fw_verdict *v, struct fw_trace_result *tr)
{
	struct fw_if *O = &fw_ifs[v->out];
	if (!O->acl_out_name)
		return true;
	struct fw_flow g = *f;
	g.src = v->snat.ip;
	g.sport = v->snat.port;
	g.dst = v->rdst;
	g.dport = v->rdport;
	struct cls_key k;
	fw_flow_key(&g, &k);
	const struct fw_elem *e = fw_acl_lookup(O->acl_out, &k);
	bool ok = e && e->permit;
	acl_phase(tr, O->acl_out, O->acl_out_name, true, v->out, e, ok);
	if (!tr && e && O->acl_out)
		fw_acl_hit(O->acl_out, e);
	if (!ok) {
		if (!tr && O->acl_out)
			log_acl_deny(O->acl_out, e, &g, v->in, v->out);
		return drop(v, tr, DROP_ACL_DROP);
	}
	if (!tr && e->log == ACE_LOG_ON)
		fw_acl_log_hit(O->acl_out, e, &g, v->in, v->out);
	return true;
}

/* ---- NAT phases ---------------------------------------------------------------- */

static void nat_rule_phase(struct fw_trace_result *tr, const struct fw_flow *f, int in, int out,
			   const struct fw_nat *n, bool ok)
{
	if (!tr)
		return;
	const char *type = n->how == NH_EXEMPT ? "NAT-EXEMPT" : "NAT";
	struct fw_trace_phase *p = phase(tr, type, n->how == NH_STATIC ? "static" : "", ok);
	if (!p)
		return;
	char a[16], b[16];
	if (n->how == NH_NONE) {
		addf(p->config, "Implicit Rule\n");
		return;
	}
	const char *text = n->st ? n->st->text : n->rule ? n->rule->text : "";
	const struct nr_hits *h = n->st ? n->st->hits : n->rule ? n->rule->hits : NULL;
	addf(p->config, "%s\n  match ip %s", text, fw_ifname(in));
	if (n->rule && !n->rule->is_acl)
		match_addr(p->config, n->rule->net, n->rule->mask);
	else if (n->st && !n->st->acl)
		match_addr(p->config, n->st->real, n->st->mask);
	else
		match_addr(p->config, f->src, 0xffffffffu);
	addf(p->config, " %s any\n", fw_ifname(out));
	switch (n->how) {
	case NH_EXEMPT:
		addf(p->config, "    NAT exempt\n");
		break;
	case NH_STATIC:
		addf(p->config, "    static translation to %s\n", ip4_fmt(nr_static_mapped(n->st), a));
		break;
	case NH_IDENTITY:
		addf(p->config, "    identity NAT translation, pool 0\n");
		break;
	case NH_DYNAMIC: {
		char pool[256];
		nr_describe_pool(n, out, pool, sizeof pool);
		addf(p->config, "    dynamic translation to pool %u %s\n", n->rule ? n->rule->id : 0,
		     pool);
		break;
	}
	default:
		break;
	}
	if (h)
		addf(p->config, "    translate_hits = %llu, untranslate_hits = %llu\n",
		     (unsigned long long)h->translate, (unsigned long long)h->untranslate);
	if (!ok)
		return;
	if (n->how == NH_DYNAMIC || n->how == NH_STATIC)
		addf(p->info, "%s translate %s/%u to %s/%u using netmask 255.255.255.255\n",
		     n->how == NH_STATIC ? "Static" : "Dynamic", ip4_fmt(f->src, a), f->sport,
		     ip4_fmt(n->ip, b), n->port);
}

/* ---- the decision ------------------------------------------------------------------ */

bool fw_decide(const struct fw_flow *f, struct fw_verdict *v, struct fw_trace_result *tr)
{
	memset(v, 0, sizeof *v);
	v->out = -1;
	v->in = fw_slot(f->in);
	if (tr) {
		memset(tr, 0, sizeof *tr);
		tr->allow = true;
	}
	if (v->in < 0 || !fw_ifs[v->in].live)
		return drop(v, tr, DROP_INTERFACE_DOWN);
	struct fw_trace_phase *p = phase(tr, "FLOW-LOOKUP", "", true);
	if (p)
		addf(p->info, "Found no matching flow, creating a new flow\n");

	/* un-NAT */
	v->rdst = f->dst;
	v->rdport = f->dport;
	bool unnat = nr_untranslate(v->in, f, &v->dnat, &v->rdst, &v->rdport);
	if (unnat && v->dnat.how == NH_STATIC && (p = phase(tr, "UN-NAT", "static", true))) {
		char a[16], b[16], m[16];
		const struct nr_static *s = v->dnat.st;
		addf(p->config, "%s\n  match ip %s", s->text, fw_ifname(s->real_slot));
		match_addr(p->config, s->real, s->acl ? 0xffffffffu : s->mask);
		addf(p->config, " %s any\n    static translation to %s\n", fw_ifname(s->mapped_slot),
		     ip4_fmt(nr_static_mapped(s), a));
		addf(p->config, "    translate_hits = %llu, untranslate_hits = %llu\n",
		     (unsigned long long)s->hits->translate, (unsigned long long)s->hits->untranslate);
		addf(p->info, "NAT divert to egress interface %s\n", fw_ifname(s->real_slot));
		addf(p->info, "Untranslate %s/%u to %s/%u using netmask %s\n", ip4_fmt(f->dst, a),
		     f->dport, ip4_fmt(v->rdst, b), v->rdport, ip4_fmt(s->mask, m));
	}

	/* a global or mapped address of this interface that nothing maps now */
	if (!unnat && nr_proxy_arp(v->in, f->dst)) {
		if ((p = phase(tr, "UN-NAT", "", false)))
			addf(p->info, "No translation for the global address\n");
		return drop(v, tr, DROP_NAT_NO_XLATE_TO_PAT_POOL);
	}

	/* route */
	struct iface *oif = NULL;
	uint32_t nh = 0;
	int out = -1;
	if (rib_lookup(v->rdst, &oif, &nh))
		out = fw_slot(oif);
	if (unnat && v->dnat.real_slot >= 0 && out != v->dnat.real_slot) {
		/* the translation names the interface; the route gives the hop */
		out = v->dnat.real_slot;
		const struct iface *rif = fw_ifs[out].ifp;
		if (!rif || !rib_lookup_on(v->rdst, rif, &nh))
			nh = v->rdst;
	}
	if (out < 0 || !fw_ifs[out].live) {
		phase(tr, "ROUTE-LOOKUP", "input", false);
		return drop(v, tr, DROP_NO_ROUTE);
	}
	v->out = out;
	v->nexthop = nh;
	if (tr)
		tr->out = fw_ifs[out].ifp;
	if ((p = phase(tr, "ROUTE-LOOKUP", "input", true)))
		route_text(p->info, v->rdst, out);

	/* same interface, same security level */
	if (v->in == out ? !iface_same_security_intra()
			 : fw_ifs[v->in].sec == fw_ifs[out].sec && !iface_same_security_inter()) {
		if ((p = phase(tr, "ACCESS-LIST", "", false)))
			addf(p->config, "Implicit Rule\n");
		return drop(v, tr, DROP_SP_SECURITY_FAILED);
	}

	if (!check_in(f, v, tr))
		return false;
	phase(tr, "IP-OPTIONS", "", true);

	/* NAT of the source */
	nr_translate_src(v->in, out, f, v->rdst, v->rdport, &v->snat);
	int si = fw_ifs[v->in].sec, so = fw_ifs[out].sec;
	bool nc = nat_control();
	bool ok = true;
	switch (v->snat.how) {
	case NH_NONE:
		if (nc && (si > so || (si == so && nr_has_dynamic(v->in, false)) ||
			   (si < so && nr_has_dynamic(v->in, true)))) {
			if (!tr)
				log_no_group(f, v->in, out);
			ok = false;
		}
		break;
	case NH_DYNAMIC:
	case NH_IDENTITY: {
		/* what the translation will be (nothing taken yet: the egress
		 * access list must see the translated source first) */
		struct fw_nat n = v->snat;
		ok = nr_xlate_make(v->in, out, f, &n, true);
		if (ok) {
			v->snat.ip = n.ip;
			v->snat.port = n.port;
		} else if (!tr) {
			nr_xlate_make(v->in, out, f, &n, false); /* logs why it fails */
		}
		break;
	}
	default:
		break;
	}
	nat_rule_phase(tr, f, v->in, out, &v->snat, ok);
	if (!ok)
		return drop(v, tr, DROP_NAT_XLATE_FAILED);

	/* NAT of the destination: lower to higher security needs one */
	if (!unnat && nc && si < so) {
		struct fw_flow r = *f;
		r.src = v->rdst;
		r.dst = f->src;
		r.sport = v->rdport;
		r.dport = f->sport;
		struct cls_key k;
		fw_flow_key(&r, &k);
		const struct nr_rule *ex = NULL;
		if (!nr_exempt(out, &k, &ex)) {
			if (!tr)
				log_no_group(f, v->in, out);
			if ((p = phase(tr, "NAT", "", false)))
				addf(p->config, "Implicit Rule\n");
			return drop(v, tr, DROP_NAT_XLATE_FAILED);
		}
		v->dnat.how = NH_EXEMPT;
		v->dnat.rule = ex;
	}

	if (!check_out(f, v, tr))
		return false;

	v->stateful = f->proto != 1 || (fw_ifs[v->in].icmp_inspect &&
					icmp_query_kind(f->icmp_type) == 1);
	if ((p = phase(tr, "FLOW-CREATION", "", true)))
		addf(p->info, v->stateful ? "New flow created, packet dispatched to next module\n"
					  : "Packet forwarded without a flow (not inspected)\n");
	v->allow = true;
	return true;
}

bool fw_commit_nat(const struct fw_flow *f, struct fw_verdict *v)
{
	if (v->snat.how == NH_DYNAMIC || v->snat.how == NH_IDENTITY) {
		if (!nr_xlate_make(v->in, v->out, f, &v->snat, false)) {
			v->allow = false;
			v->drop = DROP_NAT_XLATE_FAILED;
			return false;
		}
	}
	if (v->snat.how == NH_STATIC)
		v->snat.st->hits->translate++;
	else if (v->snat.rule)
		v->snat.rule->hits->translate++;
	if (v->dnat.how == NH_STATIC)
		v->dnat.st->hits->untranslate++;
	else if (v->dnat.how == NH_EXEMPT && v->dnat.rule)
		v->dnat.rule->hits->untranslate++;
	return true;
}

/* ---- packet-tracer --------------------------------------------------------------------- */

static const char *const drop_texts[ASP_DROP_MAX] = {
#define ASP_DROP(id, kw, text) [id] = text,
#include "dataplane/asp_drops.h"
#undef ASP_DROP
};

bool fw_trace(const struct fw_flow *f, struct fw_trace_result *r)
{
	fw_sync_now();
	/* a flow the conn table already has */
	struct fw_flow g = *f;
	if (!g.tcp_flags)
		g.tcp_flags = TH_SYN;
	struct ckey k;
	int in = fw_slot(f->in);
	if (in >= 0 && fw_flow_ckey(&g, in, &k)) {
		int side;
		const struct conn *c = conn_lookup(&k, &side);
		if (c) {
			memset(r, 0, sizeof *r);
			r->allow = true;
			int o = c->k[1 - side].ifx;
			r->out = fw_ifs[o].live ? fw_ifs[o].ifp : NULL;
			struct fw_trace_phase *p = phase(r, "FLOW-LOOKUP", "", true);
			if (p)
				addf(p->info, "Found flow with id %u, using existing flow\n", c->id);
			return true;
		}
	}
	struct fw_verdict v;
	fw_decide(&g, &v, r);
	if (!r->allow && r->drop >= 0 && r->drop < ASP_DROP_MAX)
		snprintf(r->drop_text, sizeof r->drop_text, "(%s) %s", asp_drop_keyword(r->drop),
			 drop_texts[r->drop]);
	return r->allow;
}
