/*
 * esp_out.c — outbound ESP, the egress hook of ip_output (every packet,
 * before MTU/fragmentation):
 *
 *   box-originated with p->ipsec_sa set        -> that pair
 *   box-originated matching a transport pair   -> transport mode
 *   any packet matching a tunnel pair's selectors (on its interface)
 *                                              -> tunnel mode
 *   leaving an interface with a crypto map whose static entry's `match
 *   address` list permits it, no pair yet      -> hooks.acquire (IKE
 *                                                 initiates), drop
 *                                                 (ipsec-need-sa)
 *   anything else                              -> not ours (cleartext)
 *
 * The crypto ACLs are evaluated with the firewall's compiled classifier
 * (fw_acl_get/fw_acl_lookup of fw_int.h, the same matcher as access-group
 * lists; a `deny` entry means "not this crypto map entry").  The ESP
 * packet gets a new IPv4 header (local -> peer; protocol 50, or UDP
 * 4500 -> the peer's NAT-T port with UDP checksum 0, RFC 3948) and is
 * routed and sent with ip_output, which fragments it when it exceeds the
 * MTU (the ASA's default, fragmentation after encryption); when the outer
 * DF bit must stay set (`crypto ipsec df-bit set-df`, or copied from an
 * inner DF), the sender of a forwarded packet gets ICMP "fragmentation
 * needed" with the MTU less the ESP overhead, as the ASA sends PMTU
 * messages.
 */
#include <string.h>

#include "dataplane/dp.h"
#include "dataplane/fw_int.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "vpn/crypto_conf.h"
#include "vpn/ipsec/esp_path.h"
#include "vpn/ipsec/ipsec_debug.h"
#include "vpn/ipsec/sad_int.h"

#define OUTER_TTL 64

static bool sending; /* our own ESP packet is in ip_output: let it pass */
static uint16_t outer_id;
static uint64_t acquires;

uint64_t esp_out_acquires(void)
{
	return acquires;
}

/* The "ipsec overhead" of show crypto ipsec sa, calibrated on the 7.x
 * samples (3DES-MD5: 58 in transport, 60 in tunnel mode): ESP header, IV,
 * a block of padding at most, trailer, ICV and an IPv4 header, 2 more for
 * tunnel mode, 8 more for the UDP header of NAT-T. */
unsigned esp_overhead(const struct sad_pair *sp)
{
	unsigned bs = (unsigned)esp_cipher_block(sp->prm.cipher);
	unsigned o = ESP_HDR_LEN + bs + bs + 2 + ESP_ICV_LEN + IP_HLEN_MIN;
	if (sp->prm.mode == ESP_TUNNEL)
		o += 2;
	if (sp->prm.udp_encap)
		o += UDP_HLEN;
	return o;
}

static enum df_bit df_policy(const char *ifname)
{
	const struct ipsec_globals *g = &crypto_conf()->ipsec;
	for (size_t i = 0; i < g->ndf; i++)
		if (!strcmp(g->df[i].ifname, ifname))
			return g->df[i].mode;
	return DF_COPY;
}

/* Encrypt p with pair sp and send the ESP packet.  Takes p. */
static bool encap(struct sad_pair *sp, struct iface *ifp, struct pkt *p)
{
	const uint8_t *ip = p->data;
	unsigned hl = ip_hlen(ip);
	bool tunnel = sp->prm.mode == ESP_TUNNEL;
	const uint8_t *inner = tunnel ? ip : ip + hl;
	size_t ilen = tunnel ? p->len : p->len - hl;
	bool inner_df = (rd16(ip + IPH_FRAG) & IPH_DF) != 0;
	struct pkt *q = pkt_alloc();
	size_t olen = 0;
	enum esp_status st = esp_encap(sp->out, inner, ilen, sp->prm.mode, ip[IPH_PROTO], q->data,
				       PKT_MAX - IP_HLEN_MIN - UDP_HLEN, &olen);
	if (st != ESP_OK) {
		pkt_free(q);
		/* sequence numbers used up: only a new SA helps */
		asp_drop(st == ESP_ERR_SEQ ? DROP_IPSEC_TUN_DOWN : DROP_CTM_CRYPTO_ERROR, p);
		return true;
	}
	q->len = (uint32_t)olen;
	bool udp = sp->prm.udp_encap;
	if (udp) {
		uint8_t *u = pkt_push(q, UDP_HLEN);
		wr16(u, sp->prm.local_port ? sp->prm.local_port : 4500);
		wr16(u + 2, sp->prm.peer_port ? sp->prm.peer_port : 4500);
		wr16(u + 4, (uint16_t)q->len);
		wr16(u + 6, 0);
	}
	uint32_t src = sp->prm.local ? sp->prm.local : ifp->ip;
	bool df = !tunnel ? inner_df : false;
	if (tunnel) {
		switch (df_policy(sp->prm.ifname[0] ? sp->prm.ifname : ifp->nameif)) {
		case DF_COPY: df = inner_df; break;
		case DF_SET: df = true; break;
		case DF_CLEAR: df = false; break;
		}
	}
	uint8_t *o = pkt_push(q, IP_HLEN_MIN);
	o[IPH_VHL] = 0x45;
	o[IPH_TOS] = ip[IPH_TOS];
	wr16(o + IPH_LEN, (uint16_t)q->len);
	wr16(o + IPH_ID, outer_id++);
	o[IPH_TTL] = tunnel ? OUTER_TTL : ip[IPH_TTL];
	o[IPH_PROTO] = udp ? IPPROTO_UDP_ : 50;
	wr32(o + IPH_SRC, src);
	wr32(o + IPH_DST, sp->prm.peer);

	struct iface *oif;
	uint32_t onh;
	if (!rib_lookup(sp->prm.peer, &oif, &onh)) {
		pkt_free(q);
		asp_drop(DROP_NO_ROUTE, p);
		return true;
	}
	unsigned mtu = oif->mtu > 0 ? (unsigned)oif->mtu : IFACE_MTU_DEFAULT;
	if (df && q->len > mtu) {
		if (p->in && inner_df) {
			/* the sender must make its packets smaller */
			unsigned ov = esp_overhead(sp);
			icmp_error(p, ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG,
				   (uint16_t)(mtu > ov + 68 ? mtu - ov : 68));
			sp->pmtu_sent++;
			pkt_free(q);
			asp_drop(DROP_IP_FRAGMENT, p);
			return true;
		}
		df = false;
	}
	if (q->len > mtu) {
		/* ip_output cuts it into fragments of 8-byte multiples */
		unsigned per = (mtu - IP_HLEN_MIN) & ~7u;
		sp->frag_ok++;
		sp->frags_created += (q->len - IP_HLEN_MIN + per - 1) / per;
	}
	wr16(o + IPH_FRAG, df ? IPH_DF : 0);
	wr16(o + IPH_CSUM, 0);
	uint16_t c = cksum(o, IP_HLEN_MIN);
	memcpy(o + IPH_CSUM, &c, 2);
	q->in = NULL;
	q->ts_us = p->ts_us;
	pkt_free(p);
	sending = true;
	ip_output(oif, onh, q);
	sending = false;
	sad_account(sp); /* may delete the pair */
	return true;
}

/* IKE and ESP the box itself sends are never encrypted. */
static bool own_control(const uint8_t *ip, uint8_t proto, uint16_t sport)
{
	if (!ip_is_local(ip_src(ip), NULL))
		return false;
	return proto == 50 || (proto == IPPROTO_UDP_ && (sport == 500 || sport == 4500));
}

bool esp_egress(struct iface *ifp, uint32_t nexthop, struct pkt *p)
{
	(void)nexthop;
	if (sending || p->len < IP_HLEN_MIN)
		return false;
	bool box = p->in == NULL;
	/* looked up at most once, and only when it can matter */
	struct cmap *m = NULL;
	if (!sad_count() && !(box && p->ipsec_sa) && !(m = crypto_map_for_if(ifp->nameif)))
		return false; /* the fast path of a box without VPN */
	const uint8_t *ip = p->data;
	unsigned hl = ip_hlen(ip);
	uint8_t proto = ip[IPH_PROTO];
	uint32_t src = ip_src(ip), dst = ip_dst(ip);
	uint16_t sport = 0, dport = 0;
	bool later_frag = (rd16(ip + IPH_FRAG) & IPH_OFFMASK) != 0;
	if (!later_frag && p->len >= hl + 4 &&
	    (proto == IPPROTO_TCP_ || proto == IPPROTO_UDP_)) {
		sport = rd16(ip + hl);
		dport = rd16(ip + hl + 2);
	}
	if (box && own_control(ip, proto, sport))
		return false;

	struct sad_pair *sp;
	if (box && p->ipsec_sa) {
		sp = sad_pair(p->ipsec_sa);
		if (!sp || sp->dying) {
			asp_drop(DROP_IPSEC_TUN_DOWN, p);
			return true;
		}
		return encap(sp, ifp, p);
	}
	if (sad_count()) {
		if (box && (sp = sad_match_out(ESP_TRANSPORT, src, dst, proto, sport, dport)))
			return encap(sp, ifp, p);
		sp = sad_match_out(ESP_TUNNEL, src, dst, proto, sport, dport);
		if (sp && (!sp->prm.ifname[0] || !strcmp(sp->prm.ifname, ifp->nameif)))
			return encap(sp, ifp, p);
	}

	/* interesting traffic of a static crypto map entry with no SA yet */
	if (!m)
		m = crypto_map_for_if(ifp->nameif);
	if (!m)
		return false;
	fw_sync();
	struct cls_key k = {src, dst, sport, dport, proto};
	if (proto == IPPROTO_ICMP_ && p->len >= hl + 2 && !later_frag) {
		k.dport = ip[hl];     /* type */
		k.sport = ip[hl + 1]; /* code */
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct cmap_entry *e = m->ents[i];
		if (e->dynamic || !e->acl)
			continue;
		const struct fw_elem *el = fw_acl_lookup(fw_acl_get(e->acl), &k);
		if (!el || !el->permit)
			continue;
		const struct sad_hooks *h = sad_hooks_get();
		struct ipsec_sel l = {el->src, el->smask, 0, 0}, r = {el->dst, el->dmask, 0, 0};
		acquires++;
		ipsec_dbg(5, "IPSEC: Outbound packet matched crypto map %s %lu, no SA: acquire",
			  m->name, e->seq);
		if (h->acquire)
			h->acquire(m->name, e->seq, ifp->nameif, &l, &r);
		asp_drop(DROP_IPSEC_NEED_SA, p);
		return true;
	}
	return false;
}
