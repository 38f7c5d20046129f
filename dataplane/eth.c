/*
 * eth.c — Ethernet in and out.
 *
 * Input takes frames addressed to the port's MAC, broadcast or multicast
 * (others are not the box's: a NIC filter would not pass them), maps an
 * 802.1Q tag to the subinterface with that VLAN, counts the frame on the
 * port and the interface, strips the header and hands ARP and IPv4 on.
 * On ip_input/arp_input, p->data is the L3 header (p->l3 = 0) and the
 * Ethernet header is still in the buffer just before it.  Frames of any
 * other type, or tagged with a VLAN no subinterface has, are dropped as
 * "invalid-encap" (and counted as L2 decode drops).
 *
 * Output prepends the header (with the subinterface's tag) and pads the
 * frame to the 60-byte minimum.
 */
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp.h"
#include "dataplane/proto.h"
#include "dataplane/tap.h"
#include "lib/xalloc.h"

static const uint8_t bcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* VLAN id -> subinterface, per physical port that has subinterfaces;
 * rebuilt by eth_sync() when the configuration changes. */
struct vlan_map {
	struct iface *port;
	struct iface *sub[4096];
};
static struct vlan_map **maps;
static size_t nmaps;

void eth_sync(void)
{
	for (size_t i = 0; i < nmaps; i++)
		free(maps[i]);
	free(maps);
	maps = NULL;
	nmaps = 0;
	for (size_t i = 0; i < iface_count(); i++) {
		struct iface *s = iface_at(i);
		if (!s->parent || s->vlan <= 0 || s->vlan > 4095)
			continue;
		struct vlan_map *m = NULL;
		for (size_t j = 0; j < nmaps && !m; j++)
			if (maps[j]->port == s->parent)
				m = maps[j];
		if (!m) {
			m = xcalloc(1, sizeof *m);
			m->port = s->parent;
			maps = xrealloc(maps, (nmaps + 1) * sizeof *maps);
			maps[nmaps++] = m;
		}
		m->sub[s->vlan] = s;
	}
}

static struct iface *vlan_iface(const struct iface *port, unsigned vid)
{
	for (size_t i = 0; i < nmaps; i++)
		if (maps[i]->port == port)
			return maps[i]->sub[vid & 0xfff];
	return NULL;
}

void eth_input(struct iface *ifp, struct pkt *p)
{
	ifp->stats.in_pkts++;
	ifp->stats.in_bytes += p->len;
	p->in = ifp;
	if (p->len < ETH_HLEN_) {
		ifp->stats.runts++;
		ifp->stats.in_errors++;
		asp_drop(DROP_INVALID_ENCAP, p);
		return;
	}
	const uint8_t *h = p->data;
	if (!memcmp(h, bcast_mac, 6))
		ifp->stats.in_bcast++;
	else if (!(h[0] & 1) && memcmp(h, ifp->mac, 6)) {
		pkt_free(p); /* unicast to another station */
		return;
	}
	uint16_t type = rd16(h + 12);
	uint32_t hl = ETH_HLEN_;
	struct iface *in = ifp;
	p->vlan = 0;
	if (type == ETHERTYPE_VLAN) {
		if (p->len < ETH_HLEN_ + VLAN_HLEN_) {
			ifp->stats.l2_decode_drops++;
			asp_drop(DROP_INVALID_ENCAP, p);
			return;
		}
		p->vlan = rd16(h + 14) & 0x0fff;
		type = rd16(h + 16);
		hl += VLAN_HLEN_;
		in = vlan_iface(ifp, p->vlan);
		if (!in) {
			ifp->stats.l2_decode_drops++;
			asp_drop(DROP_INVALID_ENCAP, p);
			return;
		}
		in->stats.in_pkts++;
		in->stats.in_bytes += p->len;
		p->in = in;
	}
	if (!in->nameif[0] || in->shutdown) {
		asp_drop(DROP_INTERFACE_DOWN, p);
		return;
	}
	tap_rx(in, p); /* captures see the frame as it arrived */
	pkt_pull(p, hl);
	p->l3 = 0;
	switch (type) {
	case ETHERTYPE_IP:
		ip_input(in, p);
		return;
	case ETHERTYPE_ARP:
		arp_input(in, p);
		return;
	default:
		/* IPv6, LLDP, 802.3 length frames (STP)...: not the box's */
		ifp->stats.l2_decode_drops++;
		asp_drop(DROP_INVALID_ENCAP, p);
	}
}

void eth_output(struct iface *ifp, const uint8_t dst[6], uint16_t ethertype, struct pkt *p)
{
	bool tagged = ifp->parent != NULL;
	if (tagged && ifp->vlan <= 0) {
		asp_drop(DROP_INTERFACE_DOWN, p);
		return;
	}
	uint8_t *h = pkt_push(p, tagged ? ETH_HLEN_ + VLAN_HLEN_ : ETH_HLEN_);
	if (!h) {
		asp_drop(DROP_INVALID_ENCAP, p); /* no headroom: a bug upstream */
		return;
	}
	memcpy(h, dst, 6);
	memcpy(h + 6, ifp->parent ? ifp->parent->mac : ifp->mac, 6);
	if (tagged) {
		wr16(h + 12, ETHERTYPE_VLAN);
		wr16(h + 14, (uint16_t)ifp->vlan);
		wr16(h + 16, ethertype);
	} else {
		wr16(h + 12, ethertype);
	}
	if (p->len < ETH_ZLEN_) {
		uint32_t pad = ETH_ZLEN_ - p->len;
		if (pkt_tailroom(p) >= pad) {
			memset(p->data + p->len, 0, pad);
			p->len += pad;
		}
	}
	port_tx(ifp, p);
}
