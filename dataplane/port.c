/*
 * port.c — hardware interfaces bound to Linux devices.
 *
 * Receive: an AF_PACKET socket with a TPACKET_V3 ring mapped into memory
 * (blocks of frames the kernel fills and hands over; the socket becomes
 * readable when a block is full or 1 ms old).  Each frame is copied into a
 * struct pkt and goes to eth_input.  Transmit: frames are queued per port
 * and sent with one sendmmsg() per port at the end of the event-loop
 * iteration (a zero-delay timer, which runs after the iteration's fd
 * callbacks) or when a batch is full, on a second packet socket that
 * bypasses the qdisc.  This is the method perf-anchors.md measured fastest
 * on veth.  PIXIE_IO=xdp in the environment binds the ports with AF_XDP
 * instead (port_xdp.c: receive without the kernel's skb path).
 *
 * The device is the box's NIC: it is up exactly when the port is not
 * "shutdown" (port_admin_sync, on every configuration change), its checksum and
 * segmentation offloads are turned off (so frames are whole and carry real
 * checksums), its MAC is the interface's MAC, and its carrier gives
 * iface->link_up (polled every second).  Frames whose checksum a peer left
 * for offload (TP_STATUS_CSUMNOTREADY) get it completed here.
 */
#define _GNU_SOURCE /* sendmmsg */
#include "dataplane/port.h"

#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dataplane/dp_int.h"
#include "dataplane/port_xdp.h"
#include "dataplane/proto.h"
#include "dataplane/tap.h"
#include "lib/cksum.h"
#include "lib/evloop.h"
#include "lib/xalloc.h"

#define PORT_MAX 64
#define TX_BATCH 64
#define RING_BLOCK_SIZE (1u << 18) /* 256 KiB: room for many jumbo frames */
#define RING_BLOCK_NR 64           /* 16 MiB of ring per port */
#define RING_FRAME_SIZE 2048       /* nominal; V3 packs frames in blocks */
#define RING_TIMEOUT_MS 1          /* a partly filled block is handed over after 1 ms */
#define LINK_POLL_MS 1000
#define RX_BUDGET 256              /* frames per port per loop iteration */

struct port {
	struct iface *ifp; /* the physical interface */
	char dev[IFNAMSIZ];
	int ifindex;
	int rx_fd, tx_fd;
	uint8_t *ring;
	size_t ring_len;
	unsigned cur;  /* next block to look at */
	uint8_t *next; /* next frame in block cur, NULL: at its start */
	uint32_t done; /* frames of block cur already taken */
	struct pkt *txq[TX_BATCH];
	unsigned ntx;
	port_tx_hook_fn hook; /* fake port */
	bool watching;        /* rx_fd is in the event loop */
	struct xport *xp;     /* AF_XDP instead of AF_PACKET (rx_fd is its socket) */
};

static struct port *ports[PORT_MAX];
static size_t nports;
static struct ev_timer *flush_timer, *link_timer;
static int ctl_fd = -1; /* for interface ioctls */

static struct port *port_of(const struct iface *ifp)
{
	if (!ifp)
		return NULL;
	if (ifp->parent)
		ifp = ifp->parent;
	for (size_t i = 0; i < nports; i++)
		if (ports[i]->ifp == ifp)
			return ports[i];
	return NULL;
}

bool port_bound(const struct iface *ifp)
{
	return port_of(ifp) != NULL;
}

const char *port_dev(const struct iface *ifp)
{
	struct port *pt = port_of(ifp);
	return pt ? pt->dev : "";
}

static int ctl(void)
{
	if (ctl_fd < 0)
		ctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return ctl_fd;
}

/* ---- device settings ----------------------------------------------------- */

static int dev_flags(const char *dev, short *flags)
{
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	if (ioctl(ctl(), SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	*flags = ifr.ifr_flags;
	return 0;
}

static int dev_mac(const char *dev, uint8_t mac[6])
{
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	if (ioctl(ctl(), SIOCGIFHWADDR, &ifr) < 0)
		return -errno;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
		return -EPROTOTYPE;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

/* Offloads off, as `ethtool -K dev rx off tx off sg off tso off gso off
 * gro off` would: a device that does not have one says EOPNOTSUPP, which
 * is fine. */
static void dev_offloads_off(const char *dev)
{
	static const uint32_t cmds[] = {ETHTOOL_SGRO, ETHTOOL_SGSO, ETHTOOL_STSO,
					ETHTOOL_SSG,  ETHTOOL_STXCSUM, ETHTOOL_SRXCSUM};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		struct ethtool_value ev = {.cmd = cmds[i], .data = 0};
		struct ifreq ifr = {0};
		snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
		ifr.ifr_data = (void *)&ev;
		(void)ioctl(ctl(), SIOCETHTOOL, &ifr);
	}
}

/* The kernel must not answer for the box on this device: no ARP replies
 * for addresses the namespace may own (the host-stack mirror's TUN
 * devices), no IPv6 of its own. */
static void dev_quiet(const char *dev)
{
	static const char *const knobs[][2] = {
		{"/proc/sys/net/ipv4/conf/%s/arp_ignore", "8"},
		{"/proc/sys/net/ipv6/conf/%s/disable_ipv6", "1"},
	};
	for (size_t i = 0; i < sizeof knobs / sizeof knobs[0]; i++) {
		char path[128];
		snprintf(path, sizeof path, knobs[i][0], dev);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		(void)!write(fd, knobs[i][1], strlen(knobs[i][1]));
		close(fd);
	}
}

/* Link up: the device is up and has carrier.  The carrier is asked with
 * ETHTOOL_GLINK, which reads it as the driver sets it; IFF_RUNNING follows
 * it only after the kernel's link-watch work has run (up to a second
 * later), during which the box would think a live port is down. */
static bool dev_running(const char *dev)
{
	short fl = 0;
	if (dev_flags(dev, &fl) < 0 || !(fl & IFF_UP))
		return false;
	struct ethtool_value ev = {.cmd = ETHTOOL_GLINK};
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	ifr.ifr_data = (void *)&ev;
	if (ioctl(ctl(), SIOCETHTOOL, &ifr) == 0)
		return ev.data != 0;
	return (fl & IFF_RUNNING) != 0;
}

/* ---- sockets ----------------------------------------------------------- */

static int open_rx(struct port *pt)
{
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int v = TPACKET_V3;
	struct tpacket_req3 req = {
		.tp_block_size = RING_BLOCK_SIZE,
		.tp_block_nr = RING_BLOCK_NR,
		.tp_frame_size = RING_FRAME_SIZE,
		.tp_frame_nr = RING_BLOCK_SIZE / RING_FRAME_SIZE * RING_BLOCK_NR,
		.tp_retire_blk_tov = RING_TIMEOUT_MS,
	};
	int one = 1;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
		goto fail;
	/* our own transmissions are not input (kernels before 4.20 lack the
	 * option; frame_in also skips PACKET_OUTGOING) */
	(void)setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
	pt->ring_len = (size_t)RING_BLOCK_SIZE * RING_BLOCK_NR;
	pt->ring = mmap(NULL, pt->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (pt->ring == MAP_FAILED) {
		pt->ring = NULL;
		goto fail;
	}
	/* bound last, so no frame arrives before the ring exists */
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL),
				  .sll_ifindex = pt->ifindex};
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
		goto fail;
	pt->rx_fd = fd;
	return 0;
fail:;
	int err = errno;
	if (pt->ring)
		munmap(pt->ring, pt->ring_len);
	pt->ring = NULL;
	close(fd);
	return -err;
}

static int open_tx(struct port *pt)
{
	/* protocol 0: this socket receives nothing */
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_ifindex = pt->ifindex};
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		int err = errno;
		close(fd);
		return -err;
	}
	int one = 1, sndbuf = 4 << 20;
	(void)setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	pt->tx_fd = fd;
	return 0;
}

/* ---- receive ------------------------------------------------------------ */

/* A peer with checksum offload hands over TCP/UDP with only the
 * pseudo-header sum in place: compute the real checksum. */
static void csum_complete(uint8_t *f, uint32_t len)
{
	uint32_t off = ETH_HLEN_;
	if (len < off + IP_HLEN_MIN)
		return;
	uint16_t et = rd16(f + 12);
	if (et == ETHERTYPE_VLAN) {
		if (len < off + VLAN_HLEN_ + IP_HLEN_MIN)
			return;
		et = rd16(f + 16);
		off += VLAN_HLEN_;
	}
	uint8_t *ip = f + off;
	if (et != ETHERTYPE_IP || (ip[0] >> 4) != 4 || ip_is_fragment(ip))
		return;
	unsigned hl = ip_hlen(ip);
	uint32_t tot = rd16(ip + IPH_LEN);
	if (hl < IP_HLEN_MIN || tot < hl || off + tot > len)
		return;
	uint8_t *l4 = ip + hl;
	uint32_t l4len = tot - hl;
	unsigned field;
	if (ip[IPH_PROTO] == IPPROTO_UDP_ && l4len >= UDP_HLEN)
		field = 6;
	else if (ip[IPH_PROTO] == IPPROTO_TCP_ && l4len >= TCP_HLEN_MIN)
		field = 16;
	else
		return;
	l4[field] = l4[field + 1] = 0;
	uint16_t c = cksum_l4(ip + IPH_SRC, ip + IPH_DST, ip[IPH_PROTO], l4, l4len);
	if (c == 0 && field == 6)
		c = 0xffff;
	memcpy(l4 + field, &c, 2);
}

/* Is a received frame of len bytes one the NIC takes (giant: truncated or
 * longer than PKT_MAX)?  Counts the ones it does not. */
static bool frame_size_ok(struct iface *ifp, uint32_t len, bool giant)
{
	if (giant) {
		ifp->stats.giants++;
		ifp->stats.in_errors++;
		return false;
	}
	if (len < ETH_HLEN_) {
		ifp->stats.runts++;
		ifp->stats.in_errors++;
		return false;
	}
	return true;
}

static void frame_in(struct port *pt, struct tpacket3_hdr *h)
{
	const struct sockaddr_ll *sll =
		(const void *)((uint8_t *)h + TPACKET_ALIGN(sizeof(struct tpacket3_hdr)));
	if (sll->sll_pkttype == PACKET_OUTGOING || sll->sll_pkttype == PACKET_OTHERHOST)
		return;
	struct iface *ifp = pt->ifp;
	if (ifp->shutdown)
		return; /* a disabled NIC receives nothing */
	uint32_t len = h->tp_snaplen;
	const uint8_t *f = (const uint8_t *)h + h->tp_mac;
	bool tag = (h->tp_status & TP_STATUS_VLAN_VALID) != 0;
	if (!frame_size_ok(ifp, len, h->tp_len > len || len + (tag ? VLAN_HLEN_ : 0) > PKT_MAX))
		return;
	struct pkt *p = pkt_alloc();
	if (tag) {
		/* the kernel took the 802.1Q tag off: put it back */
		uint16_t tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID) && h->hv1.tp_vlan_tpid
					? h->hv1.tp_vlan_tpid
					: ETHERTYPE_VLAN;
		memcpy(p->data, f, 12);
		wr16(p->data + 12, tpid);
		wr16(p->data + 14, (uint16_t)h->hv1.tp_vlan_tci);
		memcpy(p->data + 16, f + 12, len - 12);
		p->len = len + VLAN_HLEN_;
	} else {
		memcpy(p->data, f, len);
		p->len = len;
	}
	if (h->tp_status & TP_STATUS_CSUMNOTREADY)
		csum_complete(p->data, p->len);
	p->ts_us = (uint64_t)h->tp_sec * 1000000u + h->tp_nsec / 1000u;
	eth_input(ifp, p);
}

static uint64_t xdp_rx_us; /* receive time of the current AF_XDP batch */

/* A frame from the AF_XDP socket (the whole frame as on the wire; the
 * frames it gets are the device's input only). */
static void xdp_frame_in(void *ctx, const uint8_t *f, uint32_t len)
{
	struct port *pt = ctx;
	struct iface *ifp = pt->ifp;
	if (ifp->shutdown || !frame_size_ok(ifp, len, len > PKT_MAX))
		return;
	struct pkt *p = pkt_alloc();
	memcpy(p->data, f, len);
	p->len = len;
	p->ts_us = xdp_rx_us;
	eth_input(ifp, p);
}

static void schedule_flush(void);

static void rx_ready(int fd, uint32_t events, void *ctx)
{
	struct port *pt = ctx;
	if (events & EPOLLERR) {
		/* the device went down (ENETDOWN): reading the error clears it,
		 * or epoll would report it forever */
		int err = 0;
		socklen_t len = sizeof err;
		(void)getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	}
	dp_sync();
	if (pt->xp) {
		xdp_rx_us = dp_now_us(); /* no per-frame time stamps in the ring */
		xport_rx(pt->xp, RX_BUDGET, xdp_frame_in, pt);
		schedule_flush();
		return;
	}
	/* a budget per call, so a flooded port cannot starve the other ports
	 * or the console: the rest waits for the next loop iteration (the
	 * socket stays readable while a block is ours) */
	unsigned budget = RX_BUDGET;
	while (budget) {
		struct tpacket_block_desc *bd =
			(void *)(pt->ring + (size_t)pt->cur * RING_BLOCK_SIZE);
		if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
			break;
		uint32_t np = bd->hdr.bh1.num_pkts;
		if (!pt->next) {
			pt->next = (uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt;
			pt->done = 0;
		}
		while (pt->done < np && budget) {
			struct tpacket3_hdr *h = (void *)pt->next;
			pt->next += h->tp_next_offset;
			pt->done++;
			budget--;
			if (pt->done < np) {
				/* the next frame was written by another core: start
				 * pulling it in (guessing it is as long as this one)
				 * while this one is worked on: +7% at 1400 bytes */
				uint32_t n = h->tp_next_offset ? h->tp_next_offset : 2048;
				for (uint32_t o = 0; o < n && o < 4096; o += 64)
					__builtin_prefetch(pt->next + o);
			}
			frame_in(pt, h);
		}
		if (pt->done < np)
			break;
		pt->next = NULL;
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		pt->cur = (pt->cur + 1) % RING_BLOCK_NR;
	}
	schedule_flush();
}

/* ---- transmit ----------------------------------------------------------- */

/* Send what is queued.  What the device does not take now (its peer's
 * queue is full: EAGAIN/ENOBUFS) stays queued for a retry a millisecond
 * later, as frames wait in a NIC's transmit ring; true when all went. */
static bool flush_port(struct port *pt)
{
	if (pt->xp) {
		unsigned bad = 0, sent = pt->ntx ? xport_tx(pt->xp, pt->txq, pt->ntx, &bad) : 0;
		pt->ifp->stats.out_errors += bad;
		for (unsigned i = 0; i < sent; i++)
			pkt_free(pt->txq[i]);
		memmove(pt->txq, pt->txq + sent, (pt->ntx - sent) * sizeof pt->txq[0]);
		pt->ntx -= sent;
		return pt->ntx == 0 && !xport_tx_pending(pt->xp);
	}
	if (!pt->ntx)
		return true;
	struct mmsghdr msgs[TX_BATCH];
	struct iovec iov[TX_BATCH];
	memset(msgs, 0, sizeof msgs[0] * pt->ntx);
	for (unsigned i = 0; i < pt->ntx; i++) {
		iov[i].iov_base = pt->txq[i]->data;
		iov[i].iov_len = pt->txq[i]->len;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	unsigned sent = 0;
	while (sent < pt->ntx) {
		int r = sendmmsg(pt->tx_fd, msgs + sent, pt->ntx - sent, MSG_DONTWAIT);
		if (r > 0) {
			sent += (unsigned)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == ENOBUFS))
			break; /* try again later */
		/* the device refuses this frame (too big, down...): it is lost */
		pt->ifp->stats.out_errors++;
		pkt_free(pt->txq[sent]);
		pt->txq[sent++] = NULL;
	}
	for (unsigned i = 0; i < sent; i++)
		pkt_free(pt->txq[i]);
	memmove(pt->txq, pt->txq + sent, (pt->ntx - sent) * sizeof pt->txq[0]);
	pt->ntx -= sent;
	return pt->ntx == 0;
}

static void flush_cb(void *ctx);

/* A zero-delay timer runs after the fd callbacks of the current loop
 * iteration: the end-of-iteration flush (1 ms when frames wait for a full
 * device). */
static void arm_flush(uint64_t ms)
{
	if (!flush_timer)
		flush_timer = ev_timer_add(ms, flush_cb, NULL);
}

void port_flush(void)
{
	bool left = false;
	for (size_t i = 0; i < nports; i++)
		left |= !flush_port(ports[i]);
	if (left)
		arm_flush(1);
}

static void flush_cb(void *ctx)
{
	(void)ctx;
	flush_timer = NULL;
	port_flush();
}

static void schedule_flush(void)
{
	for (size_t i = 0; i < nports; i++)
		if (ports[i]->ntx) {
			arm_flush(0);
			return;
		}
}

void port_tx(struct iface *ifp, struct pkt *p)
{
	struct port *pt = port_of(ifp);
	struct iface *phys = ifp->parent ? ifp->parent : ifp;
	if (!pt || phys->shutdown) {
		/* no device, or it is disabled: nothing can leave (a device
		 * without carrier refuses the frame itself) */
		ifp->stats.drops++;
		pkt_free(p);
		return;
	}
	tap_tx(ifp, p); /* captures see the frame as it leaves */
	phys->stats.out_pkts++;
	phys->stats.out_bytes += p->len;
	if (ifp != phys) {
		ifp->stats.out_pkts++;
		ifp->stats.out_bytes += p->len;
	}
	if (pt->hook) {
		pt->hook(ifp, p);
		return;
	}
	if (pt->ntx == TX_BATCH && !flush_port(pt) && pt->ntx == TX_BATCH) {
		pt->ifp->stats.out_errors++; /* the transmit ring is full */
		pkt_free(p);
		return;
	}
	pt->txq[pt->ntx++] = p;
	schedule_flush();
}

/* ---- link state --------------------------------------------------------- */

/* "shutdown" on a port takes its device down, as disabling a NIC drops
 * the link the peer sees; "no shutdown" brings it up again. */
void port_admin_sync(void)
{
	for (size_t i = 0; i < nports; i++) {
		struct port *pt = ports[i];
		if (pt->hook)
			continue;
		short fl = 0;
		if (dev_flags(pt->dev, &fl) < 0)
			continue;
		bool want = !pt->ifp->shutdown;
		if (want != !!(fl & IFF_UP)) {
			struct ifreq ifr = {0};
			snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", pt->dev);
			ifr.ifr_flags = (short)(want ? fl | IFF_UP : fl & ~IFF_UP);
			(void)ioctl(ctl(), SIOCSIFFLAGS, &ifr);
		}
		pt->ifp->link_up = dev_running(pt->dev);
	}
}

/* Frames the kernel could not put in a full ring: the NIC's overruns. */
static void ring_drops(struct port *pt)
{
	if (pt->xp) {
		uint64_t d = xport_rx_drops(pt->xp);
		pt->ifp->stats.overrun += d;
		pt->ifp->stats.in_errors += d;
		return;
	}
	struct tpacket_stats_v3 st;
	socklen_t len = sizeof st;
	if (getsockopt(pt->rx_fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) {
		pt->ifp->stats.overrun += st.tp_drops;
		pt->ifp->stats.in_errors += st.tp_drops;
	}
}

static void link_poll(void *ctx)
{
	(void)ctx;
	link_timer = ev_timer_add(LINK_POLL_MS, link_poll, NULL);
	for (size_t i = 0; i < nports; i++)
		if (!ports[i]->hook) {
			ports[i]->ifp->link_up = dev_running(ports[i]->dev);
			ring_drops(ports[i]);
		}
	dp_sync_full(); /* a port that came up announces its address */
}

/* ---- binding ------------------------------------------------------------- */

static struct port *port_new(struct iface *ifp)
{
	struct port *pt = xcalloc(1, sizeof *pt);
	pt->ifp = ifp;
	pt->rx_fd = pt->tx_fd = -1;
	return pt;
}

static void port_free(struct port *pt)
{
	for (unsigned i = 0; i < pt->ntx; i++)
		pkt_free(pt->txq[i]);
	if (pt->watching)
		ev_fd_del(pt->rx_fd);
	if (pt->xp) {
		xport_close(pt->xp); /* closes rx_fd, detaches the XDP program */
		pt->rx_fd = -1;
	}
	if (pt->ring)
		munmap(pt->ring, pt->ring_len);
	if (pt->rx_fd >= 0)
		close(pt->rx_fd);
	if (pt->tx_fd >= 0)
		close(pt->tx_fd);
	free(pt);
}

int port_bind(const char *hw, const char *dev)
{
	char canon[IFACE_HW_MAX];
	if (!iface_hw_canon(hw, canon, sizeof canon) || strchr(canon, '.'))
		return -EINVAL;
	if (nports == PORT_MAX)
		return -ENOSPC;
	if (strlen(dev) >= IFNAMSIZ)
		return -ENODEV;
	for (size_t i = 0; i < nports; i++)
		if (!strcasecmp(ports[i]->ifp->hw, canon) || !strcmp(ports[i]->dev, dev))
			return -EBUSY;
	int ifindex = (int)if_nametoindex(dev);
	if (!ifindex)
		return -ENODEV;
	uint8_t mac[6];
	int rc = dev_mac(dev, mac);
	if (rc < 0)
		return rc;
	dev_offloads_off(dev);
	dev_quiet(dev);
	struct port *pt = port_new(NULL);
	snprintf(pt->dev, sizeof pt->dev, "%s", dev);
	pt->ifindex = ifindex;
	if (xport_wanted()) {
		if ((rc = xport_open(dev, ifindex, &pt->xp)) < 0) {
			port_free(pt);
			return rc;
		}
		pt->rx_fd = xport_fd(pt->xp);
	} else if ((rc = open_rx(pt)) < 0 || (rc = open_tx(pt)) < 0) {
		port_free(pt);
		return rc;
	}
	pt->ifp = iface_hw_add(canon, mac);
	if (!pt->ifp) {
		port_free(pt);
		return -EINVAL;
	}
	pt->ifp->link_up = dev_running(dev);
	ports[nports++] = pt;
	return 0;
}

void port_fake(struct iface *ifp, port_tx_hook_fn fn)
{
	struct port *pt = port_of(ifp);
	if (!pt) {
		if (nports == PORT_MAX)
			return;
		pt = port_new(ifp->parent ? ifp->parent : ifp);
		ports[nports++] = pt;
	}
	pt->hook = fn;
	pt->ifp->link_up = true;
}

int port_bind_map(const char *map)
{
	char *copy = xstrdup(map);
	int rc = 0;
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		if (!eq || eq == item || !eq[1]) {
			fprintf(stderr, "pixie: --map: \"%s\" is not HARDWARE=DEVICE "
					"(e.g. Ethernet0=outside0)\n", item);
			rc = -1;
			break;
		}
		*eq = '\0';
		const char *hw = item, *dev = eq + 1;
		char canon[IFACE_HW_MAX];
		if (!iface_hw_canon(hw, canon, sizeof canon) || strchr(canon, '.')) {
			fprintf(stderr, "pixie: --map: \"%s\" is not a hardware interface name "
					"(e.g. Ethernet0, GigabitEthernet0/1)\n", hw);
			rc = -1;
			break;
		}
		int e = port_bind(canon, dev);
		if (e < 0) {
			const char *why = e == -ENODEV   ? "no such network device"
					  : e == -EBUSY    ? "mapped twice"
					  : e == -EPROTOTYPE ? "not an Ethernet device"
							     : strerror(-e);
			fprintf(stderr, "pixie: --map: %s=%s: %s\n", canon, dev, why);
			rc = -1;
			break;
		}
	}
	free(copy);
	if (rc == 0)
		iface_set_autocreate(false);
	return rc;
}

void port_start_all(void)
{
	for (size_t i = 0; i < nports; i++) {
		struct port *pt = ports[i];
		if (pt->hook || pt->watching || pt->rx_fd < 0)
			continue;
		if (ev_fd_add(pt->rx_fd, EPOLLIN, rx_ready, pt) == 0)
			pt->watching = true;
	}
	if (!link_timer && nports)
		link_timer = ev_timer_add(LINK_POLL_MS, link_poll, NULL);
}

void port_close_all(void)
{
	port_flush();
	if (flush_timer)
		ev_timer_cancel(flush_timer);
	if (link_timer)
		ev_timer_cancel(link_timer);
	flush_timer = link_timer = NULL;
	for (size_t i = 0; i < nports; i++) {
		ports[i]->ifp->link_up = false;
		port_free(ports[i]);
	}
	nports = 0;
	if (ctl_fd >= 0)
		close(ctl_fd);
	ctl_fd = -1;
}
