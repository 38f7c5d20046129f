/*
 * afp_fwd.c — the bare userland forwarder of bench/dataplane.sh: the
 * floor of pixie's I/O method with nothing of the firewall on top.
 *
 *   afp_fwd IN_DEV OUT_DEV DST_MAC [BUSY [TXRING [EPOLL]]]
 *
 * Reads IN_DEV through a TPACKET_V3 receive ring with the same parameters
 * as dataplane/port.c (64 blocks of 256 KiB, 1 ms block timeout, outgoing
 * frames ignored), and for every IPv4 frame decrements the TTL (RFC 1624
 * checksum update), sets the destination MAC to DST_MAC and the source
 * MAC to OUT_DEV's, and sends it on OUT_DEV with sendmmsg() in batches of
 * 64 (qdisc bypassed), straight from the ring: no copy, no state.  Waits
 * in poll() when no block is ready (BUSY = 1: spins instead).  TXRING = 1
 * sends through a TPACKET_V2 transmit ring instead (frames copied into it,
 * one send() per batch).  EPOLL = 1 waits in epoll_wait() on a set the
 * receive socket stays in (as pixie's event loop does) instead of poll().
 * (Measured here: the TX ring took more of CPU 1 than sendmmsg for the
 * same rate; epoll and poll made no difference.)  Runs until killed;
 * prints its counters on SIGTERM/SIGINT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mac.h"

#define BLOCK_SIZE (1u << 18)
#define BLOCK_NR 64
#define FRAME_SIZE 2048
#define BATCH 64

static volatile sig_atomic_t stop;
static unsigned long long rx, tx, txfail, polls;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int dev_index(int fd, const char *dev, uint8_t mac[6])
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		return -1;
	int idx = ifr.ifr_ifindex;
	if (mac) {
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
			return -1;
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	}
	return idx;
}

/* TTL - 1 and the header checksum patched for it (RFC 1624: the TTL is
 * the high byte of its 16-bit word). */
static void ttl_dec(uint8_t *ip)
{
	uint32_t sum = (uint32_t)(ip[10] << 8 | ip[11]) + 0x0100u;
	sum = (sum & 0xffff) + (sum >> 16);
	ip[8]--;
	ip[10] = (uint8_t)(sum >> 8);
	ip[11] = (uint8_t)sum;
}

#define TXR_FRAME 2048
#define TXR_NR 4096

/* TPACKET_V2 transmit ring */
static uint8_t *txr;
static unsigned txr_cur, txr_pending;

static void txr_kick(int fd)
{
	if (!txr_pending)
		return;
	while (send(fd, NULL, 0, MSG_DONTWAIT) < 0 && errno == EINTR)
		;
	tx += txr_pending;
	txr_pending = 0;
}

static void txr_put(int fd, const uint8_t *f, uint32_t len)
{
	struct tpacket2_hdr *h = (void *)(txr + (size_t)txr_cur * TXR_FRAME);
	unsigned spins = 0;
	while (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) != TP_STATUS_AVAILABLE) {
		txr_kick(fd);
		if (++spins > 1000000) {
			txfail++;
			return;
		}
	}
	uint8_t *d = (uint8_t *)h + TPACKET2_HDRLEN - sizeof(struct sockaddr_ll);
	memcpy(d, f, len);
	h->tp_len = len;
	__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
	txr_cur = (txr_cur + 1) % TXR_NR;
	if (++txr_pending == BATCH)
		txr_kick(fd);
}

static struct mmsghdr msgs[BATCH];
static struct iovec iov[BATCH];
static unsigned nq;

static void flush(int fd)
{
	unsigned sent = 0;
	while (sent < nq) {
		int r = sendmmsg(fd, msgs + sent, nq - sent, MSG_DONTWAIT);
		if (r > 0) {
			sent += (unsigned)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		break; /* full (EAGAIN/ENOBUFS) or refused: the rest is lost */
	}
	tx += sent;
	txfail += nq - sent;
	nq = 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: afp_fwd IN_DEV OUT_DEV DST_MAC [BUSY]\n");
		return 2;
	}
	uint8_t dmac[6], smac[6];
	if (parse_mac(argv[3], dmac)) {
		fprintf(stderr, "afp_fwd: bad MAC %s\n", argv[3]);
		return 2;
	}
	bool busy = argc > 4 && atoi(argv[4]) != 0;
	bool use_txr = argc > 5 && atoi(argv[5]) != 0;
	bool use_epoll = argc > 6 && atoi(argv[6]) != 0;
	int rxfd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, 0);
	int txfd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, 0);
	if (rxfd < 0 || txfd < 0) {
		perror("afp_fwd: socket");
		return 1;
	}
	int in = dev_index(rxfd, argv[1], NULL), out = dev_index(rxfd, argv[2], smac);
	if (in < 0 || out < 0) {
		perror("afp_fwd: device");
		return 1;
	}
	int v = TPACKET_V3, one = 1, sndbuf = 4 << 20;
	struct tpacket_req3 req = {
		.tp_block_size = BLOCK_SIZE,
		.tp_block_nr = BLOCK_NR,
		.tp_frame_size = FRAME_SIZE,
		.tp_frame_nr = BLOCK_SIZE / FRAME_SIZE * BLOCK_NR,
		.tp_retire_blk_tov = 1,
	};
	if (setsockopt(rxfd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) < 0 ||
	    setsockopt(rxfd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
		perror("afp_fwd: ring");
		return 1;
	}
	(void)setsockopt(rxfd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
	size_t ring_len = (size_t)BLOCK_SIZE * BLOCK_NR;
	uint8_t *ring = mmap(NULL, ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, rxfd, 0);
	if (ring == MAP_FAILED) {
		perror("afp_fwd: mmap");
		return 1;
	}
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
				  .sll_ifindex = in};
	if (bind(rxfd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		perror("afp_fwd: bind rx");
		return 1;
	}
	struct sockaddr_ll tll = {.sll_family = AF_PACKET, .sll_ifindex = out};
	if (bind(txfd, (struct sockaddr *)&tll, sizeof tll) < 0) {
		perror("afp_fwd: bind tx");
		return 1;
	}
	(void)setsockopt(txfd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
	(void)setsockopt(txfd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	if (use_txr) {
		int v2 = TPACKET_V2;
		struct tpacket_req treq = {.tp_block_size = TXR_FRAME * 32,
					   .tp_block_nr = TXR_NR / 32,
					   .tp_frame_size = TXR_FRAME,
					   .tp_frame_nr = TXR_NR};
		if (setsockopt(txfd, SOL_PACKET, PACKET_VERSION, &v2, sizeof v2) < 0 ||
		    setsockopt(txfd, SOL_PACKET, PACKET_TX_RING, &treq, sizeof treq) < 0) {
			perror("afp_fwd: tx ring");
			return 1;
		}
		txr = mmap(NULL, (size_t)TXR_FRAME * TXR_NR, PROT_READ | PROT_WRITE, MAP_SHARED,
			   txfd, 0);
		if (txr == MAP_FAILED) {
			perror("afp_fwd: tx ring mmap");
			return 1;
		}
	}
	for (unsigned i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	int epfd = -1;
	if (use_epoll) {
		struct epoll_event ev = {.events = EPOLLIN};
		epfd = epoll_create1(0);
		if (epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, rxfd, &ev) < 0) {
			perror("afp_fwd: epoll");
			return 1;
		}
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);

	unsigned cur = 0;
	while (!stop) {
		struct tpacket_block_desc *bd = (void *)(ring + (size_t)cur * BLOCK_SIZE);
		if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) {
			if (!busy) {
				struct pollfd pfd = {.fd = rxfd, .events = POLLIN};
				struct epoll_event ev;
				polls++;
				if (epfd >= 0)
					(void)epoll_wait(epfd, &ev, 1, 100);
				else
					(void)poll(&pfd, 1, 100);
			}
			continue;
		}
		uint32_t np = bd->hdr.bh1.num_pkts;
		uint8_t *f = (uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt;
		for (uint32_t i = 0; i < np; i++) {
			struct tpacket3_hdr *h = (void *)f;
			f += h->tp_next_offset;
			uint8_t *eth = (uint8_t *)h + h->tp_mac;
			uint32_t len = h->tp_snaplen;
			rx++;
			if (len < 34 || eth[12] != 0x08 || eth[13] != 0x00 || eth[14 + 8] <= 1)
				continue;
			memcpy(eth, dmac, 6);
			memcpy(eth + 6, smac, 6);
			ttl_dec(eth + 14);
			if (txr) {
				txr_put(txfd, eth, len);
				continue;
			}
			iov[nq].iov_base = eth;
			iov[nq].iov_len = len;
			if (++nq == BATCH)
				flush(txfd);
		}
		/* the frames live in the block: send them before handing it back */
		flush(txfd);
		txr_kick(txfd);
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		cur = (cur + 1) % BLOCK_NR;
	}
	struct tpacket_stats_v3 st;
	socklen_t sl = sizeof st;
	memset(&st, 0, sizeof st);
	(void)getsockopt(rxfd, SOL_PACKET, PACKET_STATISTICS, &st, &sl);
	printf("rx %llu tx %llu txfail %llu polls %llu ring_drops %u\n", rx, tx, txfail, polls,
	       st.tp_drops);
	return 0;
}
