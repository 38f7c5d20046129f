/*
 * ip_in.c — IPv4 input: the ASA's checks, each drop counted under its asp
 * reason, then reassembly, then delivery to the box or to the firewall.
 *
 *   header shorter than 20 bytes, IHL < 5 or beyond the data,
 *     bad header checksum                       invalid-ip-header
 *   version other than 4                        unsupported-ip-version
 *   total length < IHL or > what arrived        invalid-ip-length
 *   any IP option (7.2 passes none)             invalid-ip-option
 *   source = destination (land)                 sp-security-failed, 106017
 *   source 0.0.0.0 (except a DHCP request to
 *     255.255.255.255), 127/8, class D/E or the
 *     limited broadcast; destination 0.0.0.0
 *     or 127/8                                  sp-security-failed
 *   TTL 0                                       ttl-exceeded
 *   TCP header length beyond the data or < 20   invalid-tcp-hdr-length
 *   UDP length < 8 or beyond the data           invalid-udp-length
 *   (fragments: see frag.c)
 *
 * What passes has p->len trimmed to the IP total length (Ethernet padding
 * removed).  Addressed to the receiving interface's address: the firewall
 * first (fw_local_input: replies to PAT onto that address), then
 * local_input; to a broadcast of its network: local_input.  Addressed to another interface's address
 * (the ASA answers only on the interface a packet came in on) or to a
 * multicast group: acl-drop.  Everything else: fw_forward.  TCP and UDP
 * checksums are not checked here (the firewall and local handlers do
 * where they need to).
 */
#include <stdio.h>

#include "dataplane/dp_int.h"
#include "dataplane/fw.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "lib/ip4.h"
#include "lib/log.h"

bool ip_addr_is_bcast(const struct iface *ifp, uint32_t ip)
{
	if (ip == 0xffffffffu)
		return true;
	return ifp->has_ip && ifp->mask != 0xffffffffu && ifp->mask != 0xfffffffeu &&
	       (ip & ifp->mask) == (ifp->ip & ifp->mask) && (ip | ifp->mask) == 0xffffffffu;
}

static bool is_dhcp_request(const uint8_t *ip, uint32_t len)
{
	unsigned hl = ip_hlen(ip);
	return ip[IPH_PROTO] == IPPROTO_UDP_ && ip_dst(ip) == 0xffffffffu && len >= hl + UDP_HLEN &&
	       rd16(ip + hl + 2) == 67;
}

/* Martian addresses and the land attack. */
static bool addr_ok(struct iface *ifp, const uint8_t *ip, uint32_t len)
{
	uint32_t src = ip_src(ip), dst = ip_dst(ip);
	if (src == dst) {
		char a[16], b[16];
		plog(LOG_CRIT_, 106017, "Deny IP due to Land Attack from %s to %s", ip4_fmt(src, a),
		     ip4_fmt(dst, b));
		return false;
	}
	(void)ifp;
	if (src == 0)
		return is_dhcp_request(ip, len);
	if ((src >> 24) == 127 || (src >> 28) >= 0xe || (src >> 24) == 0)
		return false;
	if (dst == 0 || (dst >> 24) == 127 || (dst >> 24) == 0)
		return false;
	return true;
}

/* TCP/UDP headers must fit in what the IP header says it carries. */
static bool l4_ok(const uint8_t *ip, uint32_t tot, enum asp_drop *why)
{
	unsigned hl = ip_hlen(ip);
	uint32_t l4len = tot - hl;
	const uint8_t *l4 = ip + hl;
	switch (ip[IPH_PROTO]) {
	case IPPROTO_TCP_: {
		unsigned doff = l4len >= TCP_HLEN_MIN ? (unsigned)(l4[12] >> 4) * 4 : 0;
		if (l4len < TCP_HLEN_MIN || doff < TCP_HLEN_MIN || doff > l4len) {
			*why = DROP_INVALID_TCP_HDR_LENGTH;
			return false;
		}
		return true;
	}
	case IPPROTO_UDP_: {
		uint32_t ul = l4len >= UDP_HLEN ? rd16(l4 + 4) : 0;
		if (l4len < UDP_HLEN || ul < UDP_HLEN || ul > l4len) {
			*why = DROP_INVALID_UDP_LENGTH;
			return false;
		}
		return true;
	}
	default:
		return true;
	}
}

void ip_input(struct iface *ifp, struct pkt *p)
{
	p->in = ifp;
	uint8_t *ip = p->data;
	if (p->len < IP_HLEN_MIN) {
		asp_drop(DROP_INVALID_IP_HEADER, p);
		return;
	}
	if ((ip[IPH_VHL] >> 4) != 4) {
		asp_drop(DROP_UNSUPPORTED_IP_VERSION, p);
		return;
	}
	unsigned hl = ip_hlen(ip);
	if (hl < IP_HLEN_MIN || hl > p->len || cksum(ip, hl) != 0) {
		asp_drop(DROP_INVALID_IP_HEADER, p);
		return;
	}
	uint32_t tot = rd16(ip + IPH_LEN);
	if (tot < hl || tot > p->len) {
		asp_drop(DROP_INVALID_IP_LENGTH, p);
		return;
	}
	p->len = tot;
	if (hl > IP_HLEN_MIN) {
		asp_drop(DROP_INVALID_IP_OPTION, p);
		return;
	}
	if (!addr_ok(ifp, ip, tot)) {
		asp_drop(DROP_SP_SECURITY_FAILED, p);
		return;
	}
	if (ip[IPH_TTL] == 0) {
		asp_drop(DROP_TTL_EXCEEDED, p);
		return;
	}
	if (ip_is_fragment(ip)) {
		p = frag_input(ifp, p);
		if (!p)
			return;
		ip = p->data;
		tot = p->len;
	}
	enum asp_drop why;
	if (!l4_ok(ip, tot, &why)) {
		asp_drop(why, p);
		return;
	}
	uint32_t dst = ip_dst(ip);
	if (ifp->has_ip && dst == ifp->ip) {
		/* replies to PAT onto the interface address, static PAT of its
		 * ports: the firewall takes what belongs to a translated flow */
		if (!fw_local_input(ifp, p))
			local_input(ifp, p);
		return;
	}
	if (ip_addr_is_bcast(ifp, dst)) {
		local_input(ifp, p);
		return;
	}
	if ((dst >> 28) == 0xe || ip_is_local(dst, NULL)) {
		asp_drop(DROP_ACL_DROP, p);
		return;
	}
	fw_forward(ifp, p);
}
