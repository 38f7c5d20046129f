/*
 * proto.h — wire formats the packet path reads and writes: Ethernet,
 * 802.1Q, ARP, IPv4, ICMP, UDP, TCP.  Fields are read and written through
 * the byte-order helpers below at fixed offsets, so no structure is ever
 * laid over unaligned packet memory.
 */
#ifndef PIXIE_DP_PROTO_H
#define PIXIE_DP_PROTO_H

#include <stdint.h>
#include <string.h>

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- Ethernet ---- */
#define ETH_HLEN_ 14
#define ETH_ALEN_ 6
#define VLAN_HLEN_ 4
#define ETHERTYPE_IP 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_VLAN 0x8100
#define ETH_ZLEN_ 60 /* minimum frame without FCS */

/* ---- ARP (Ethernet/IPv4) ---- */
#define ARP_LEN 28
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
/* offsets */
#define ARP_HTYPE 0
#define ARP_PTYPE 2
#define ARP_HLEN 4
#define ARP_PLEN 5
#define ARP_OP 6
#define ARP_SHA 8
#define ARP_SPA 14
#define ARP_THA 18
#define ARP_TPA 24

/* ---- IPv4 ---- */
#define IP_HLEN_MIN 20
#define IPH_VHL 0
#define IPH_TOS 1
#define IPH_LEN 2
#define IPH_ID 4
#define IPH_FRAG 6 /* flags + fragment offset */
#define IPH_TTL 8
#define IPH_PROTO 9
#define IPH_CSUM 10
#define IPH_SRC 12
#define IPH_DST 16
#define IPH_DF 0x4000
#define IPH_MF 0x2000
#define IPH_OFFMASK 0x1fff
#define IPH_TTL_DEFAULT 255 /* what the box puts in packets it originates */

#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17

static inline unsigned ip_hlen(const uint8_t *ip)
{
	return (unsigned)(ip[IPH_VHL] & 0x0f) * 4;
}
static inline uint32_t ip_src(const uint8_t *ip)
{
	return rd32(ip + IPH_SRC);
}
static inline uint32_t ip_dst(const uint8_t *ip)
{
	return rd32(ip + IPH_DST);
}
static inline int ip_is_fragment(const uint8_t *ip)
{
	return (rd16(ip + IPH_FRAG) & (IPH_MF | IPH_OFFMASK)) != 0;
}

/* ---- ICMP ---- */
#define ICMP_HLEN 8
#define ICMP_ECHOREPLY 0
#define ICMP_UNREACH 3
#define ICMP_UNREACH_NET 0
#define ICMP_UNREACH_HOST 1
#define ICMP_UNREACH_PROTO 2
#define ICMP_UNREACH_PORT 3
#define ICMP_UNREACH_NEEDFRAG 4
#define ICMP_UNREACH_ADMIN 13
#define ICMP_ECHO 8
#define ICMP_TIMXCEED 11
#define ICMP_PARAMPROB 12

/* ---- UDP / TCP ---- */
#define UDP_HLEN 8
#define TCP_HLEN_MIN 20

#endif
