/*
 * dp.h — the packet path of the box: the contract between its stages.
 *
 * One process, one event loop (lib/evloop.h).  A frame read from a port goes
 *
 *   port (AF_PACKET ring)                           dataplane/port.c
 *    -> eth_input: our MAC / broadcast, ARP or IPv4  dataplane/eth.c
 *       -> arp_input                                 dataplane/arp_cache.c
 *       -> ip_input: checks, reassembly              dataplane/ip_in.c, frag.c
 *          -> to the box: local_input                dataplane/local.c
 *               ICMP echo (icmp permit|deny)         dataplane/icmp_box.c
 *               registered UDP/IP protocol handlers  (IKE, ESP, ... later)
 *               everything else: the host-stack mirror (TUN)  dataplane/tun.c
 *          -> through the box: fw_forward            dataplane/fw.c
 *               route lookup                         dataplane/rib.c
 *               conn lookup / new flow: ACL + security levels + NAT
 *                                                    dataplane/conn.c, classify.c, nat/xlate.c
 *          -> ip_output: TTL, MTU/DF, fragment       dataplane/ip_out.c
 *    -> arp_resolve -> eth_output -> port_tx         dataplane/arp_cache.c, eth.c, port.c
 *
 * Every drop is counted in one named asp drop counter (asp.c, the ASA's
 * names) and, where the ASA logs it, reported with plog().
 * Addresses are host byte order in the API unless a name says _n.
 */
#ifndef PIXIE_DP_H
#define PIXIE_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/iface.h"

/* ---- packets ------------------------------------------------------------ */

#define PKT_HEADROOM 64     /* room to prepend an Ethernet/802.1Q header */
#define PKT_MAX 9216        /* largest frame the box takes (jumbo) */

struct port;

struct pkt {
	uint8_t *data;          /* first byte of the frame or of the L3 packet */
	uint32_t len;           /* bytes from data */
	struct iface *in;       /* ingress interface (the subinterface for VLANs) */
	uint16_t l3;            /* offset of the IPv4 header from data */
	uint16_t vlan;          /* 802.1Q id seen on input, 0 = none */
	uint64_t ts_us;         /* receive time, wall clock microseconds */
	uint32_t ipsec_sa;      /* SA pair it was decrypted from (input) or must
				   be encrypted with (box-originated output);
				   0 = none (vpn/ipsec/sad.h) */
	struct pkt *next;       /* queue link (ARP pending, reassembly, batches) */
	uint8_t buf[PKT_HEADROOM + PKT_MAX];
};

struct pkt *pkt_alloc(void);           /* data = buf + PKT_HEADROOM, len 0 */
void pkt_free(struct pkt *p);
struct pkt *pkt_clone(const struct pkt *p);
/* Room in front of data for len bytes (the headroom); NULL if none. */
uint8_t *pkt_push(struct pkt *p, uint32_t len);
void pkt_pull(struct pkt *p, uint32_t len);
static inline uint8_t *pkt_l3(struct pkt *p)
{
	return p->data + p->l3;
}

/* ---- ports: hardware interfaces bound to Linux devices (port.c) -------- */

/* Bind a hardware interface to a Linux device ("--map Ethernet0=outside0").
 * Opens AF_PACKET with a TPACKET_V3 receive ring, turns checksum and
 * segmentation offloads off, reads the device's MAC.  0 or -errno. */
int port_bind(const char *hw, const char *dev);
/* Parse and bind a whole --map list; prints its own error. 0 on success. */
int port_bind_map(const char *map);
bool port_bound(const struct iface *ifp);
/* Queue a frame for transmission (sent in batches with sendmmsg at the end
 * of the loop iteration); the port takes ownership of p. */
void port_tx(struct iface *ifp, struct pkt *p);
void port_flush(void);
void port_close_all(void);

/* ---- Ethernet (eth.c) ---------------------------------------------------- */

void eth_input(struct iface *ifp, struct pkt *p);
/* Add the Ethernet (and 802.1Q for subinterfaces) header and send. */
void eth_output(struct iface *ifp, const uint8_t dst[6], uint16_t ethertype, struct pkt *p);

/* ---- ARP (arp_cache.c) --------------------------------------------------- */

void arp_input(struct iface *ifp, struct pkt *p);
/* Send p (an IPv4 packet at p->data) to nexthop on ifp, resolving its MAC;
 * queues it while the request is outstanding, drops (asp "arp-fail"... ) on
 * failure.  Takes ownership of p. */
void arp_resolve_send(struct iface *ifp, uint32_t nexthop, struct pkt *p);
/* Addresses the box answers ARP for besides its own (global/static): NAT
 * registers a function; it returns true when ip on ifp is proxied. */
typedef bool (*arp_proxy_fn)(const struct iface *ifp, uint32_t ip);
void arp_proxy_register(arp_proxy_fn fn);
void arp_gratuitous(struct iface *ifp);

/* ---- IPv4 ---------------------------------------------------------------- */

/* ip_in.c: validate (version, IHL, lengths, checksum, TTL, options, land,
 * martians), reassemble when needed, then deliver locally or forward. */
void ip_input(struct iface *ifp, struct pkt *p);
/* ip_out.c: route and send a packet the box originates (ping, syslog,
 * ICMP errors, IKE); src 0 = the egress interface's address. */
int ip_send(struct pkt *p, uint32_t dst, uint32_t src, uint8_t proto);
/* Send a forwarded packet out of ifp towards nexthop (TTL already done):
 * MTU check with DF -> ICMP unreachable/need-frag, else fragment. */
void ip_output(struct iface *ifp, uint32_t nexthop, struct pkt *p);
/* Is ip one of the box's own interface addresses?  Sets *ifp when given. */
bool ip_is_local(uint32_t ip, struct iface **ifp);

/* ICMP errors (icmp_box.c): type/code about packet p (which stays the
 * caller's), rate-limited as "icmp unreachable rate-limit" says. */
void icmp_error(struct pkt *p, uint8_t type, uint8_t code, uint16_t mtu);

/* Protocol handlers for traffic to the box (IKE on UDP 500/4500, ESP...):
 * return true when the packet was taken (ownership passes). */
typedef bool (*local_udp_fn)(struct iface *ifp, struct pkt *p, uint32_t src, uint16_t sport,
			     uint32_t dst, uint16_t dport, const uint8_t *payload, size_t len);
void local_udp_register(uint16_t port, local_udp_fn fn);
typedef bool (*local_proto_fn)(struct iface *ifp, struct pkt *p);
void local_proto_register(uint8_t proto, local_proto_fn fn);
void local_input(struct iface *ifp, struct pkt *p);

/* ---- routing (rib.c) ------------------------------------------------------ */

/* Longest prefix match over connected networks and "route" lines (lowest
 * metric among equals).  false when there is no route. */
bool rib_lookup(uint32_t dst, struct iface **ifp, uint32_t *nexthop);
/* Rebuild after a configuration change (interfaces, routes). */
void rib_rebuild(void);

/* ---- the firewall (fw.c, conn.c, classify.c) ------------------------------ */

void fw_forward(struct iface *in, struct pkt *p);

/* ---- asp drop counters (asp.c) --------------------------------------------- */

enum asp_drop {
#define ASP_DROP(id, name, text) id,
#include "dataplane/asp_drops.h"
#undef ASP_DROP
	ASP_DROP_MAX
};
/* Count a drop and free the packet (p may be NULL). */
void asp_drop(enum asp_drop reason, struct pkt *p);
uint64_t asp_drop_count(enum asp_drop reason);

/* ---- start-up ------------------------------------------------------------- */

/* Called by main() after --map: start receiving on every bound port. */
void dp_start(void);
/* Wall clock microseconds (for capture timestamps and conn ages). */
uint64_t dp_now_us(void);


/* ---- additions of the packet path (see dataplane/README.md) --------------- */

/* Bytes free after data + len. */
uint32_t pkt_tailroom(const struct pkt *p);
/* Free the recycled buffers (tests, exit). */
void pkt_pool_drain(void);

/* Pick up configuration changes (interfaces, routes, static ARP entries,
 * link state): rebuild the routing table and VLAN map, forget ARP entries
 * of interfaces that went away, send gratuitous ARP for new addresses.
 * Cheap when nothing changed; the dataplane calls it at the start of every
 * receive batch, timer and box-originated packet, so struct iface pointers
 * held by the packet path are valid between two calls. */
void dp_sync(void);
/* fn runs after dp_sync saw a change (conn and xlate tables drop what
 * refers to interfaces that are gone or renamed). */
void dp_on_change(void (*fn)(void));
/* Can ifp carry traffic: named, enabled (and its port), link up, and for a
 * subinterface a VLAN set. */
bool dp_iface_up(const struct iface *ifp);

/* Send a box-originated packet out of a given interface (ping IF, DHCP
 * replies, ICMP replies that must leave where the request came in):
 * nexthop is dst when dst is on ifp's network or a broadcast, else the
 * best route through ifp.  p->data is the L4 message as for ip_send.
 * ip_send and ip_send_if fill in the UDP/TCP checksum (leave it 0). */
int ip_send_if(struct iface *ifp, struct pkt *p, uint32_t dst, uint32_t src, uint8_t proto);

/* Route lookup restricted to routes through ifp (false when none). */
bool rib_lookup_on(uint32_t dst, const struct iface *ifp, uint32_t *nexthop);

/* ARP cache entry for ip on ifp (static or resolved); false when none. */
bool arp_lookup(const struct iface *ifp, uint32_t ip, uint8_t mac[6]);

/* Everything local_input has no handler for (the host-stack mirror takes
 * it); without one such packets are dropped. */
void local_default_register(local_proto_fn fn);

/* IPsec on the way out (vpn/ipsec): called by ip_output for every packet
 * before fragmentation; returns true when it took the packet (encrypted
 * and re-sent it through ip_send, or dropped and counted it). */
typedef bool (*ip_egress_fn)(struct iface *out, uint32_t nexthop, struct pkt *p);
void ip_egress_register(ip_egress_fn fn);

/* The keyword of a reason ("invalid-ip-header"). */
const char *asp_drop_keyword(enum asp_drop reason);

#endif
