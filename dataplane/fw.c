/*
 * fw.c — the firewall stage of the packet path: fw_forward() for transit
 * packets and fw_local_input() for replies to translations on the box's
 * own addresses.
 *
 * A packet of a known conn (one exact-match lookup of its 5-tuple and
 * ingress interface) is checked by the TCP tracker, rewritten to the
 * other side's key and sent: no access list, no NAT rule is looked at.
 * A first packet goes through fw_decide() (fw_flow.c); when it passes,
 * its translations are made, a conn is opened (TCP, UDP, other
 * protocols, and ICMP queries when "inspect icmp" applies) and the
 * packet leaves.  ICMP errors follow the conn or xlate of the packet they
 * quote, whose inner headers are translated back too.
 *
 * Checksums are patched incrementally (RFC 1624).  The TTL is left alone,
 * as PIX 7.2 does (it is not a hop unless "set connection decrement-ttl").
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/dp.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "dataplane/fw_mpf.h"
#include "dataplane/fw_seq.h"
#include "dataplane/lhost.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "nat/nat_rules.h"
#include "nat/xlate.h"

const char *fw_tcp_flags_text(uint8_t fl, char buf[40])
{
	static const char *const names[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
	char *p = buf;
	*p = 0;
	for (int i = 0; i < 6; i++)
		if (fl & (1 << i))
			p += sprintf(p, "%s ", names[i]);
	return buf;
}

/* ---- parsing ------------------------------------------------------------------- */

static int parse(struct pkt *p, struct fw_pkt *pk)
{
	memset(pk, 0, sizeof *pk);
	pk->wscale = -1;
	uint8_t *ip = p->data;
	if (p->len < IP_HLEN_MIN)
		return DROP_INVALID_IP_HEADER;
	unsigned hl = ip_hlen(ip), tot = rd16(ip + IPH_LEN);
	if (hl < IP_HLEN_MIN || tot < hl || tot > p->len)
		return DROP_INVALID_IP_LENGTH;
	if (ip_is_fragment(ip))
		return DROP_IP_FRAGMENT; /* ip_input reassembles before the firewall */
	pk->ip = ip;
	pk->hl = hl;
	pk->l4 = ip + hl;
	pk->l4len = tot - hl;
	pk->proto = ip[IPH_PROTO];
	pk->src = rd32(ip + IPH_SRC);
	pk->dst = rd32(ip + IPH_DST);
	uint8_t *l4 = pk->l4;
	switch (pk->proto) {
	case 6: {
		if (pk->l4len < TCP_HLEN_MIN)
			return DROP_INVALID_TCP_HDR_LENGTH;
		unsigned off = (unsigned)(l4[12] >> 4) * 4;
		if (off < TCP_HLEN_MIN || off > pk->l4len)
			return DROP_INVALID_TCP_HDR_LENGTH;
		pk->sport = rd16(l4);
		pk->dport = rd16(l4 + 2);
		pk->seq = rd32(l4 + 4);
		pk->ack = rd32(l4 + 8);
		pk->tcp_flags = l4[13] & 0x3f;
		pk->win = rd16(l4 + 14);
		pk->payload = pk->l4len - off;
		if (pk->tcp_flags & TH_SYN) {
			/* window scale option (kind 3, length 3) */
			for (unsigned i = TCP_HLEN_MIN; i < off;) {
				uint8_t kind = l4[i];
				if (kind == 0)
					break;
				if (kind == 1) {
					i++;
					continue;
				}
				if (i + 1 >= off || l4[i + 1] < 2 || i + l4[i + 1] > off)
					return DROP_TCP_BAD_OPTION_LIST;
				if (kind == 3 && l4[i + 1] == 3)
					pk->wscale = (int8_t)(l4[i + 2] > 14 ? 14 : l4[i + 2]);
				i += l4[i + 1];
			}
		}
		break;
	}
	case 17: {
		if (pk->l4len < UDP_HLEN)
			return DROP_INVALID_UDP_LENGTH;
		unsigned ulen = rd16(l4 + 4);
		if (ulen < UDP_HLEN || ulen > pk->l4len)
			return DROP_INVALID_UDP_LENGTH;
		pk->sport = rd16(l4);
		pk->dport = rd16(l4 + 2);
		pk->payload = ulen - UDP_HLEN;
		break;
	}
	case 1:
		if (pk->l4len < ICMP_HLEN)
			return DROP_INVALID_IP_LENGTH;
		pk->icmp_type = l4[0];
		pk->icmp_code = l4[1];
		switch (icmp_query_kind(pk->icmp_type)) {
		case 1:
			pk->sport = rd16(l4 + 4);
			break;
		case 2:
			pk->dport = rd16(l4 + 4);
			break;
		}
		pk->payload = pk->l4len - ICMP_HLEN;
		break;
	default:
		pk->payload = pk->l4len;
	}
	return 0;
}

static void key_of(const struct fw_pkt *pk, int slot, struct ckey *k)
{
	*k = (struct ckey){pk->src, pk->dst, pk->sport, pk->dport, pk->proto, 0, (uint16_t)slot};
}

static void flow_of(const struct fw_pkt *pk, int slot, struct fw_flow *f)
{
	*f = (struct fw_flow){fw_ifs[slot].ifp, pk->proto, pk->src, pk->dst, pk->sport, pk->dport,
			      pk->icmp_type, pk->icmp_code, pk->tcp_flags};
}

bool fw_flow_ckey(const struct fw_flow *f, int in, struct ckey *k)
{
	if (f->proto == 1 && icmp_is_error(f->icmp_type))
		return false;
	uint16_t sp = f->sport, dp = f->dport;
	if (f->proto != 6 && f->proto != 17 && f->proto != 1)
		sp = dp = 0;
	*k = (struct ckey){f->src, f->dst, sp, dp, f->proto, 0, (uint16_t)in};
	return true;
}

/* ---- rewriting ------------------------------------------------------------------ */

static inline void upd32(uint8_t *field, uint32_t old, uint32_t new_)
{
	cksum_update32(field, htonl(old), htonl(new_));
}

static inline void upd16(uint8_t *field, uint16_t old, uint16_t new_)
{
	cksum_update16(field, htons(old), htons(new_));
}

/* UDP: 0 means "no checksum" and stays so; a computed 0 is sent as all ones. */
static inline void udp_fix(uint8_t *field)
{
	if (!rd16(field))
		wr16(field, 0xffff);
}

/* Rewrite the addresses and ports of an IP packet at ip (L4 header at l4,
 * l4len bytes of it present) and patch every checksum that covers them. */
static void rewrite_hdr(uint8_t *ip, uint8_t *l4, unsigned l4len, uint8_t proto, uint8_t icmp_type,
			uint32_t nsrc, uint32_t ndst, uint16_t nsport, uint16_t ndport)
{
	uint32_t osrc = rd32(ip + IPH_SRC), odst = rd32(ip + IPH_DST);
	uint8_t *ck = NULL;
	bool udp = false;
	if (proto == 6 && l4len >= 18)
		ck = l4 + 16;
	else if (proto == 17 && l4len >= 8 && rd16(l4 + 6))
		ck = l4 + 6, udp = true;
	if (osrc != nsrc) {
		upd32(ip + IPH_CSUM, osrc, nsrc);
		if (ck)
			upd32(ck, osrc, nsrc);
		wr32(ip + IPH_SRC, nsrc);
	}
	if (odst != ndst) {
		upd32(ip + IPH_CSUM, odst, ndst);
		if (ck)
			upd32(ck, odst, ndst);
		wr32(ip + IPH_DST, ndst);
	}
	if ((proto == 6 || proto == 17) && l4len >= 4) {
		uint16_t osp = rd16(l4), odp = rd16(l4 + 2);
		if (osp != nsport) {
			if (ck)
				upd16(ck, osp, nsport);
			wr16(l4, nsport);
		}
		if (odp != ndport) {
			if (ck)
				upd16(ck, odp, ndport);
			wr16(l4 + 2, ndport);
		}
	} else if (proto == 1 && l4len >= 8) {
		int kind = icmp_query_kind(icmp_type);
		if (kind) {
			uint16_t oid = rd16(l4 + 4), nid = kind == 1 ? nsport : ndport;
			if (oid != nid) {
				upd16(l4 + 2, oid, nid);
				wr16(l4 + 4, nid);
			}
		}
	}
	if (udp)
		udp_fix(ck);
}

static void rewrite(struct fw_pkt *pk, uint32_t nsrc, uint32_t ndst, uint16_t nsport,
		    uint16_t ndport)
{
	rewrite_hdr(pk->ip, pk->l4, pk->l4len, pk->proto, pk->icmp_type, nsrc, ndst, nsport, ndport);
}

/* ---- sending ---------------------------------------------------------------------- */

static uint32_t next_hop(struct conn *c, int side)
{
	if (c->nh_gen != fw_gen_seq) {
		c->nh[0] = c->nh[1] = 0;
		c->nh_gen = fw_gen_seq;
	}
	if (!c->nh[side]) {
		const struct ckey *o = &c->k[1 - side];
		const struct iface *ifp = fw_ifs[o->ifx].ifp;
		uint32_t nh;
		if (!ifp || !rib_lookup_on(o->src, ifp, &nh))
			nh = o->src;
		c->nh[side] = nh;
	}
	return c->nh[side];
}

/* ---- ICMP errors --------------------------------------------------------------------- */

struct inner {
	uint8_t *ip, *l4;
	unsigned l4len;
	uint8_t proto, type;
	uint32_t src, dst;
	uint16_t sport, dport;
};

static bool parse_inner(const struct fw_pkt *pk, struct inner *in)
{
	if (pk->l4len < ICMP_HLEN + IP_HLEN_MIN + 8)
		return false;
	in->ip = pk->l4 + ICMP_HLEN;
	unsigned ihl = ip_hlen(in->ip);
	if ((in->ip[0] >> 4) != 4 || ihl < IP_HLEN_MIN || pk->l4len < ICMP_HLEN + ihl + 8)
		return false;
	in->l4 = in->ip + ihl;
	in->l4len = pk->l4len - ICMP_HLEN - ihl;
	in->proto = in->ip[IPH_PROTO];
	in->src = rd32(in->ip + IPH_SRC);
	in->dst = rd32(in->ip + IPH_DST);
	in->sport = in->dport = 0;
	in->type = 0;
	if (in->proto == 6 || in->proto == 17) {
		in->sport = rd16(in->l4);
		in->dport = rd16(in->l4 + 2);
	} else if (in->proto == 1) {
		in->type = in->l4[0];
		int kind = icmp_query_kind(in->type);
		if (kind == 1)
			in->sport = rd16(in->l4 + 4);
		else if (kind == 2)
			in->dport = rd16(in->l4 + 4);
	}
	return true;
}

/* Rewrite the quoted packet and the outer addresses, then the ICMP
 * checksum over the whole message. */
static void rewrite_error(struct fw_pkt *pk, struct inner *in, uint32_t isrc, uint32_t idst,
			  uint16_t isp, uint16_t idp, uint32_t osrc, uint32_t odst)
{
	rewrite_hdr(in->ip, in->l4, in->l4len, in->proto, in->type, isrc, idst, isp, idp);
	uint32_t s = rd32(pk->ip + IPH_SRC), d = rd32(pk->ip + IPH_DST);
	if (s != osrc) {
		upd32(pk->ip + IPH_CSUM, s, osrc);
		wr32(pk->ip + IPH_SRC, osrc);
	}
	if (d != odst) {
		upd32(pk->ip + IPH_CSUM, d, odst);
		wr32(pk->ip + IPH_DST, odst);
	}
	wr16(pk->l4 + 2, 0);
	uint16_t c = cksum(pk->l4, pk->l4len);
	memcpy(pk->l4 + 2, &c, 2);
}

/* An ICMP error arriving on slot: follow the conn (or xlate) of the packet
 * it quotes.  false: it quotes nothing of ours. */
static bool error_in(int slot, struct pkt *p, struct fw_pkt *pk)
{
	struct inner in;
	if (!parse_inner(pk, &in))
		return false;
	/* the quoted packet left through slot: its reverse is a key there */
	struct ckey k = {in.dst, in.src, in.dport, in.sport, in.proto, 0, (uint16_t)slot};
	int side;
	struct conn *c = conn_lookup(&k, &side);
	if (c) {
		if (in.proto == 6)
			fw_seq_icmp(c, 1 - side, in.l4, in.l4len); /* quoted: to side, from 1-side */
		const struct ckey *o = &c->k[1 - side];
		uint32_t osrc = pk->src == in.dst ? o->dst : pk->src;
		rewrite_error(pk, &in, o->src, o->dst, o->sport, o->dport, osrc, o->src);
		struct fw_if *O = &fw_ifs[o->ifx];
		if (!O->live) {
			asp_drop(DROP_INTERFACE_DOWN, p);
			return true;
		}
		ip_output(O->ifp, next_hop(c, side), p);
		return true;
	}
	/* no conn: an xlate of the quoted source (uninspected ICMP, or a
	 * conn already gone) */
	uint32_t xid = 0;
	if (in.proto == 1 && icmp_query_kind(in.type) == 1)
		xid = xlate_find_global(slot, in.src, 1, in.sport);
	else if (in.proto == 6 || in.proto == 17)
		xid = xlate_find_global(slot, in.src, in.proto, in.sport);
	if (!xid)
		xid = xlate_find_global(slot, in.src, 0, 0);
	const struct xlate *x = xlate_get(xid);
	if (!x)
		return false;
	/* as a packet of its own it must pass the interface's policy */
	struct fw_flow f;
	flow_of(pk, slot, &f);
	struct fw_if *I = &fw_ifs[slot];
	int rs = x->real_slot;
	bool ok;
	if (I->acl_in_name) {
		struct cls_key key;
		fw_flow_key(&f, &key);
		const struct fw_elem *e = fw_acl_lookup(I->acl_in, &key);
		ok = e && e->permit;
		if (e)
			fw_acl_hit(I->acl_in, e);
	} else {
		ok = I->sec >= fw_ifs[rs].sec;
	}
	if (!ok || !fw_ifs[rs].live) {
		asp_drop(ok ? DROP_INTERFACE_DOWN : DROP_ACL_DROP, p);
		return true;
	}
	uint16_t rport = x->kind == XL_PAT ? x->real_port : in.sport;
	rewrite_error(pk, &in, x->real_ip, in.dst, rport, in.dport, pk->src, x->real_ip);
	xlate_touch(xid);
	uint32_t nh;
	if (!rib_lookup_on(x->real_ip, fw_ifs[rs].ifp, &nh))
		nh = x->real_ip;
	ip_output(fw_ifs[rs].ifp, nh, p);
	return true;
}

/* ---- known conns -------------------------------------------------------------------- */

static void established(struct conn *c, int side, struct pkt *p, struct fw_pkt *pk)
{
	const char *close = NULL;
	if (pk->proto == 6) {
		if (pk->tcp_flags & TH_RST) {
			uint8_t *ip = pk->ip;
			if (cksum_l4(ip + IPH_SRC, ip + IPH_DST, 6, pk->l4, pk->l4len)) {
				asp_drop(DROP_BAD_TCP_CKSUM, p);
				return;
			}
		}
		fw_seq_packet(c, side, pk);
		int why = tcp_track(c, side, pk, &close);
		if (why) {
			asp_drop((enum asp_drop)why, p);
			return;
		}
	} else if (c->flags & CF_ICMP) {
		if (side == 0) {
			if (c->pending < 255)
				c->pending++;
		} else if (!c->pending) {
			asp_drop(DROP_INSPECT_ICMP_SEQ, p);
			return;
		} else if (--c->pending == 0) {
			close = "";
		}
	}
	c->last = fw_now();
	c->bytes += pk->payload;
	if (pk->payload)
		c->flags |= fw_conn_side_high(c, side) ? CF_DATA_O : CF_DATA_I;
	const struct ckey *o = &c->k[1 - side];
	struct fw_if *O = &fw_ifs[o->ifx];
	if (!O->live) {
		asp_drop(DROP_INTERFACE_DOWN, p);
		return;
	}
	rewrite(pk, o->dst, o->src, o->dport, o->sport);
	ip_output(O->ifp, next_hop(c, side), p);
	if (close)
		fw_conn_close(c, close);
}

/* ---- first packets ----------------------------------------------------------------- */

/* "tcp N emb N udp N" of the nat or static that translates the flow's
 * local host: false (and 201011 logged) when the host has as many as
 * allowed. */
static bool within_limits(const struct fw_flow *f, const struct fw_verdict *v)
{
	const struct nat_opts *o = NULL;
	int slot;
	uint32_t host;
	if (fw_ifs[v->in].sec >= fw_ifs[v->out].sec) {
		o = v->snat.st ? &v->snat.st->opts : v->snat.rule ? &v->snat.rule->opts : NULL;
		slot = v->in;
		host = f->src;
	} else {
		o = v->dnat.st ? &v->dnat.st->opts : NULL;
		slot = v->out;
		host = v->rdst;
	}
	if (!o || !(o->tcp_max || o->emb_max || o->udp_max))
		return true;
	const struct lhost *h = lhost_find(slot, host);
	uint32_t cnt = 0, lim = 0;
	if (f->proto == 6 && o->tcp_max && h && h->tcp >= o->tcp_max)
		cnt = h->tcp, lim = o->tcp_max;
	else if (f->proto == 6 && o->emb_max && h && h->embryonic >= o->emb_max)
		cnt = h->embryonic, lim = o->emb_max;
	else if (f->proto == 17 && o->udp_max && h && h->udp >= o->udp_max)
		cnt = h->udp, lim = o->udp_max;
	if (!lim)
		return true;
	char s[16], d[16];
	plog(LOG_ERR_, 201011,
	     "Connection limit exceeded %u/%u for %s packet from %s/%u to %s/%u on interface %s",
	     cnt, lim, fw_ifs[v->in].sec >= fw_ifs[v->out].sec ? "outbound" : "inbound",
	     ip4_fmt(f->src, s), f->sport, ip4_fmt(f->dst, d), f->dport, fw_ifname(v->in));
	return false;
}

static void new_flow(int slot, struct pkt *p, struct fw_pkt *pk)
{
	if (pk->proto == 6) {
		uint8_t fl = pk->tcp_flags;
		if ((fl & TH_SYN) && (fl & (TH_RST | TH_FIN))) {
			asp_drop(DROP_BAD_TCP_FLAGS, p);
			return;
		}
		if (!(fl & TH_SYN) || (fl & TH_ACK)) {
			char s[16], d[16], t[40];
			plog(LOG_INFO_, 106015,
			     "Deny TCP (no connection) from %s/%u to %s/%u flags %s on interface %s",
			     ip4_fmt(pk->src, s), pk->sport, ip4_fmt(pk->dst, d), pk->dport,
			     fw_tcp_flags_text(fl, t), fw_ifname(slot));
			asp_drop(DROP_TCP_NOT_SYN, p);
			return;
		}
		if (cksum_l4(pk->ip + IPH_SRC, pk->ip + IPH_DST, 6, pk->l4, pk->l4len)) {
			asp_drop(DROP_BAD_TCP_CKSUM, p);
			return;
		}
	}
	struct fw_flow f;
	flow_of(pk, slot, &f);
	f.vpn = p->ipsec_sa != 0;
	struct fw_verdict v;
	if (!fw_decide(&f, &v, NULL)) {
		asp_drop((enum asp_drop)v.drop, p);
		return;
	}
	if (v.stateful && !within_limits(&f, &v)) {
		asp_drop(DROP_CONN_LIMIT, p);
		return;
	}
	uint16_t mpf = 0; /* the MPF class with "set connection" (fw_mpf.h) */
	if (v.stateful && !fw_mpf_admit(&f, &v, pk, &mpf)) {
		asp_drop(DROP_CONN_LIMIT, p);
		return;
	}
	if (!fw_commit_nat(&f, &v)) {
		asp_drop((enum asp_drop)v.drop, p);
		return;
	}
	bool xl = v.snat.how == NH_STATIC || v.snat.how == NH_DYNAMIC || v.snat.how == NH_IDENTITY;
	uint32_t ns = xl ? v.snat.ip : f.src;
	uint16_t nsp = xl ? v.snat.port : f.sport;
	if (v.stateful) {
		struct ckey k0, k1 = {v.rdst, ns, v.rdport, nsp, f.proto, 0, (uint16_t)v.out};
		key_of(pk, slot, &k0);
		if (f.proto != 6 && f.proto != 17 && f.proto != 1)
			k1.sport = k1.dport = 0;
		struct conn *c = fw_conn_open(&v, &k0, &k1, pk);
		if (!c) {
			asp_drop(DROP_UNABLE_TO_CREATE_FLOW, p);
			return;
		}
		c->nh_gen = fw_gen_seq;
		c->nh[0] = v.nexthop;
		c->nh[1] = 0;
		c->bytes = pk->payload;
		if (pk->payload)
			c->flags |= fw_conn_side_high(c, 0) ? CF_DATA_O : CF_DATA_I;
		if (c->flags & CF_ICMP)
			c->pending = 1;
		fw_mpf_attach(c, mpf);
		if (f.proto == 6) /* off with norandomseq or the class's random-sequence-number disable */
			fw_seq_start(c, fw_seq_wanted(&v, !fw_mpf_random_seq_disabled(mpf)), pk);
	} else {
		xlate_touch(v.snat.xlate);
		if (v.dnat.how == NH_XLATE)
			xlate_touch(v.dnat.xlate);
	}
	rewrite(pk, ns, v.rdst, nsp, v.rdport);
	ip_output(fw_ifs[v.out].ifp, v.nexthop, p);
}

static void handle(int slot, struct pkt *p, struct fw_pkt *pk)
{
	if (pk->proto == 1 && icmp_is_error(pk->icmp_type) && error_in(slot, p, pk))
		return;
	struct ckey k;
	key_of(pk, slot, &k);
	int side;
	struct conn *c = conn_lookup(&k, &side);
	if (c)
		established(c, side, p, pk);
	else
		new_flow(slot, p, pk);
}

void fw_forward(struct iface *in, struct pkt *p)
{
	fw_sync();
	struct fw_pkt pk;
	int why = parse(p, &pk);
	if (why) {
		asp_drop((enum asp_drop)why, p);
		return;
	}
	int slot = fw_slot(in);
	if (slot < 0 || !fw_ifs[slot].live) {
		asp_drop(DROP_INTERFACE_DOWN, p);
		return;
	}
	handle(slot, p, &pk);
}

bool fw_local_input(struct iface *in, struct pkt *p)
{
	fw_sync();
	int slot = fw_slot(in);
	if (slot < 0 || !fw_ifs[slot].live)
		return false;
	struct fw_pkt pk;
	if (parse(p, &pk))
		return false;
	if (pk.proto == 1 && icmp_is_error(pk.icmp_type))
		return error_in(slot, p, &pk);
	struct ckey k;
	key_of(&pk, slot, &k);
	int side;
	struct conn *c = conn_lookup(&k, &side);
	if (c) {
		established(c, side, p, &pk);
		return true;
	}
	/* a static or an xlate owns this address and port of the box */
	struct fw_flow f;
	flow_of(&pk, slot, &f);
	struct fw_nat n;
	uint32_t rd;
	uint16_t rp;
	if (!nr_untranslate(slot, &f, &n, &rd, &rp))
		return false;
	new_flow(slot, p, &pk);
	return true;
}
