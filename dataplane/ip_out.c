/*
 * ip_out.c — IPv4 output.
 *
 * ip_output sends a packet out of an interface towards a next hop: when it
 * is larger than the interface's MTU it is cut into fragments, unless DF
 * is set: then the sender gets ICMP unreachable "fragmentation needed"
 * with the MTU, and the packet is dropped.  ip_send and ip_send_if put the
 * IPv4 header on what the box itself sends (TTL 255, a fresh id, the
 * egress interface's address when no source is given).
 */
#include <errno.h>
#include <string.h>

#include "dataplane/dp_int.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"

static uint16_t next_id;
static ip_egress_fn egress; /* IPsec (vpn/ipsec/esp_out.c) */

void ip_egress_register(ip_egress_fn fn)
{
	egress = fn;
}

static void set_csum(uint8_t *ip)
{
	wr16(ip + IPH_CSUM, 0);
	uint16_t c = cksum(ip, ip_hlen(ip));
	memcpy(ip + IPH_CSUM, &c, 2);
}

/* Cut p into fragments of at most mtu bytes and send them. */
static void fragment(struct iface *ifp, uint32_t nexthop, struct pkt *p, unsigned mtu)
{
	const uint8_t *ip = p->data;
	unsigned hl = ip_hlen(ip);
	unsigned max = (mtu - hl) & ~7u;
	uint16_t frag = rd16(ip + IPH_FRAG);
	unsigned base = (unsigned)(frag & IPH_OFFMASK) * 8;
	bool more_after = (frag & IPH_MF) != 0; /* p itself is a fragment */
	unsigned total = p->len - hl;
	if (max < 8) {
		asp_drop(DROP_IP_FRAGMENT, p);
		return;
	}
	for (unsigned off = 0; off < total; off += max) {
		unsigned len = total - off < max ? total - off : max;
		struct pkt *f = pkt_alloc();
		memcpy(f->data, ip, hl);
		memcpy(f->data + hl, ip + hl + off, len);
		f->len = hl + len;
		f->in = p->in;
		f->ts_us = p->ts_us;
		bool mf = off + len < total || more_after;
		wr16(f->data + IPH_LEN, (uint16_t)f->len);
		wr16(f->data + IPH_FRAG,
		     (uint16_t)((frag & IPH_DF) | (mf ? IPH_MF : 0) | ((base + off) / 8)));
		set_csum(f->data);
		arp_resolve_send(ifp, nexthop, f);
	}
	pkt_free(p);
}

void ip_output(struct iface *ifp, uint32_t nexthop, struct pkt *p)
{
	if (!dp_iface_up(ifp)) {
		asp_drop(DROP_INTERFACE_DOWN, p);
		return;
	}
	/* encryption first: the ESP packet is what must fit the MTU */
	if (egress && egress(ifp, nexthop, p))
		return;
	unsigned mtu = ifp->mtu > 0 ? (unsigned)ifp->mtu : IFACE_MTU_DEFAULT;
	if (p->len <= mtu) {
		arp_resolve_send(ifp, nexthop, p);
		return;
	}
	if (rd16(p->data + IPH_FRAG) & IPH_DF) {
		icmp_error(p, ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG, (uint16_t)mtu);
		asp_drop(DROP_IP_FRAGMENT, p);
		return;
	}
	fragment(ifp, nexthop, p, mtu);
}

/* Prepend the header to the L4 message at p->data and fill in the
 * transport checksum where it covers the addresses. */
static bool build(struct pkt *p, uint32_t src, uint32_t dst, uint8_t proto)
{
	uint32_t l4len = p->len;
	if (l4len + IP_HLEN_MIN > 65535)
		return false;
	uint8_t *l4 = p->data;
	uint8_t *ip = pkt_push(p, IP_HLEN_MIN);
	if (!ip)
		return false;
	ip[IPH_VHL] = 0x45;
	ip[IPH_TOS] = 0;
	wr16(ip + IPH_LEN, (uint16_t)p->len);
	wr16(ip + IPH_ID, next_id++);
	wr16(ip + IPH_FRAG, 0);
	ip[IPH_TTL] = IPH_TTL_DEFAULT;
	ip[IPH_PROTO] = proto;
	wr32(ip + IPH_SRC, src);
	wr32(ip + IPH_DST, dst);
	set_csum(ip);
	unsigned field = proto == IPPROTO_UDP_ && l4len >= UDP_HLEN      ? 6
			 : proto == IPPROTO_TCP_ && l4len >= TCP_HLEN_MIN ? 16
									  : 0;
	if (field) {
		l4[field] = l4[field + 1] = 0;
		uint16_t c = cksum_l4(ip + IPH_SRC, ip + IPH_DST, proto, l4, l4len);
		if (c == 0 && proto == IPPROTO_UDP_)
			c = 0xffff;
		memcpy(l4 + field, &c, 2);
	}
	return true;
}

int ip_send_if(struct iface *ifp, struct pkt *p, uint32_t dst, uint32_t src, uint8_t proto)
{
	dp_sync();
	if (!ifp || !dp_iface_up(ifp) || !ifp->has_ip) {
		asp_drop(DROP_INTERFACE_DOWN, p);
		return -ENETDOWN;
	}
	uint32_t nh = dst;
	bool direct = dst == 0xffffffffu || (dst & ifp->mask) == (ifp->ip & ifp->mask) ||
		      (dst >> 28) == 0xe;
	if (!direct && !rib_lookup_on(dst, ifp, &nh)) {
		asp_drop(DROP_NO_ROUTE, p);
		return -EHOSTUNREACH;
	}
	if (!build(p, src ? src : ifp->ip, dst, proto)) {
		asp_drop(DROP_INVALID_IP_LENGTH, p);
		return -EMSGSIZE;
	}
	p->in = NULL;
	ip_output(ifp, nh, p);
	return 0;
}

int ip_send(struct pkt *p, uint32_t dst, uint32_t src, uint8_t proto)
{
	dp_sync();
	struct iface *ifp;
	uint32_t nh;
	if (!rib_lookup(dst, &ifp, &nh)) {
		asp_drop(DROP_NO_ROUTE, p);
		return -EHOSTUNREACH;
	}
	if (!ifp->has_ip) {
		asp_drop(DROP_INTERFACE_DOWN, p);
		return -ENETDOWN;
	}
	if (!build(p, src ? src : ifp->ip, dst, proto)) {
		asp_drop(DROP_INVALID_IP_LENGTH, p);
		return -EMSGSIZE;
	}
	p->in = NULL;
	ip_output(ifp, nh, p);
	return 0;
}
