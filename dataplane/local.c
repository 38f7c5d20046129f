/*
 * local.c — packets addressed to the box: ICMP goes to icmp_box.c; UDP to
 * the handler registered for its destination port (IKE on 500/4500, the
 * DHCP server on 67, ...); other protocols to the handler registered for
 * them (ESP...); the rest to the default handler (the host-stack mirror)
 * or, when none takes it, dropped (acl-drop: the ASA's implicit deny of
 * to-the-box traffic).  A UDP datagram with a bad checksum is discarded
 * before any handler sees it, as a host stack does (counted by
 * local_udp_bad_cksum(), not as an asp drop).
 */
#include "dataplane/dp_int.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"

#define UDP_HANDLERS_MAX 32

static struct {
	uint16_t port;
	local_udp_fn fn;
} udp_handlers[UDP_HANDLERS_MAX];
static size_t nudp;
static local_proto_fn proto_handlers[256];
static local_proto_fn default_handler;
static uint64_t udp_bad_cksum;

uint64_t local_udp_bad_cksum(void)
{
	return udp_bad_cksum;
}

void local_udp_register(uint16_t port, local_udp_fn fn)
{
	for (size_t i = 0; i < nudp; i++)
		if (udp_handlers[i].port == port) {
			udp_handlers[i].fn = fn;
			return;
		}
	if (nudp < UDP_HANDLERS_MAX) {
		udp_handlers[nudp].port = port;
		udp_handlers[nudp++].fn = fn;
	}
}

void local_proto_register(uint8_t proto, local_proto_fn fn)
{
	proto_handlers[proto] = fn;
}

local_proto_fn local_proto_handler(uint8_t proto)
{
	return proto_handlers[proto];
}

void local_default_register(local_proto_fn fn)
{
	default_handler = fn;
}

static bool udp_input(struct iface *ifp, struct pkt *p)
{
	uint8_t *ip = p->data;
	unsigned hl = ip_hlen(ip);
	uint8_t *u = ip + hl;
	uint16_t ulen = rd16(u + 4); /* checked by ip_input: 8 <= ulen <= data */
	if (rd16(u + 6) && cksum_fold(cksum_add(cksum_pseudo(ip + IPH_SRC, ip + IPH_DST,
							      IPPROTO_UDP_, ulen),
						 u, ulen)) != 0) {
		/* the box's own UDP stack discards it, as a host does: not
		 * an asp drop on the ASA either */
		udp_bad_cksum++;
		pkt_free(p);
		return true;
	}
	uint16_t dport = rd16(u + 2);
	for (size_t i = 0; i < nudp; i++)
		if (udp_handlers[i].port == dport)
			return udp_handlers[i].fn(ifp, p, ip_src(ip), rd16(u), ip_dst(ip), dport,
						  u + UDP_HLEN, ulen - UDP_HLEN);
	return false;
}

void local_input(struct iface *ifp, struct pkt *p)
{
	uint8_t proto = p->data[IPH_PROTO];
	if (proto == IPPROTO_ICMP_) {
		icmp_box_input(ifp, p);
		return;
	}
	if (proto == IPPROTO_UDP_ && udp_input(ifp, p))
		return;
	if (proto != IPPROTO_UDP_ && proto_handlers[proto] && proto_handlers[proto](ifp, p))
		return;
	if (default_handler && default_handler(ifp, p))
		return;
	/* to-the-box traffic nobody serves: the ASA's implicit deny */
	asp_drop(DROP_ACL_DROP, p);
}
