/*
 * udpgen.c — one-way UDP load for bench/dataplane.sh.
 *
 *   udpgen [-x] IFACE DST_MAC SRC_IP DST_IP DST_PORT SIZE FLOWS SECONDS [COUNT [RATE]]
 *
 * Sends Ethernet/IPv4/UDP frames with SIZE bytes of UDP payload out of IFACE
 * to DST_MAC, open loop, for SECONDS or until COUNT frames were sent.
 * Packet n belongs to flow n % FLOWS; flow f comes from SRC_IP + f / 50000,
 * source port 10000 + f % 50000, so up to 50,000 flows share one source
 * address and a million flows take 20 addresses.  UDP checksum 0 (none).
 * Prints "sent N seconds S" on stdout.
 *
 * Two ways to send:
 *   default  AF_PACKET, sendmmsg in batches of 64, qdisc bypassed; frames
 *            built per packet (IP header checksum computed), so FLOWS may be
 *            large: with COUNT = FLOWS every packet opens a new flow
 *            (connection-rate runs).  COUNT 0 = no limit; RATE > 0 paces
 *            the sending to RATE frames/s.
 *   -x       XDP "live frames" (BPF_PROG_TEST_RUN with
 *            BPF_F_TEST_XDP_LIVE_FRAMES, Linux >= 5.18): the kernel replays
 *            one frame from a page pool through a small XDP program that
 *            writes the source port (10000 + a random flow < FLOWS, FLOWS <=
 *            50,000) and redirects it out of IFACE.  No skb and no copy from
 *            user space per packet, so a generator sharing a core with
 *            receive work leaves most of that core to it.  On a veth, the
 *            peer must have NAPI (an XDP program, or GRO on).  No COUNT/RATE.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "mac.h"

#define BATCH 64
#define PORTS_PER_ADDR 50000u
#define MAX_FRAME (14 + 20 + 8 + 1472)

/* What every frame of a run shares. */
struct load {
	uint8_t dmac[6], smac[6];
	uint32_t src0; /* host order */
	struct in_addr dst;
	unsigned dport, size, flen;
	unsigned long flows;
	double seconds;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint16_t ip_csum(const uint8_t *h)
{
	uint32_t s = 0;
	for (int i = 0; i < 20; i += 2)
		s += (uint32_t)h[i] << 8 | h[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* The fixed part of a frame: MACs, IPv4 without source, UDP, payload. */
static void frame_init(uint8_t *f, const struct load *l)
{
	memset(f, 0, l->flen);
	memcpy(f, l->dmac, 6);
	memcpy(f + 6, l->smac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	uint8_t *ip = f + 14;
	ip[0] = 0x45;
	ip[2] = (uint8_t)((20 + 8 + l->size) >> 8);
	ip[3] = (uint8_t)(20 + 8 + l->size);
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 16, &l->dst, 4);
	uint8_t *udp = ip + 20;
	udp[2] = (uint8_t)(l->dport >> 8);
	udp[3] = (uint8_t)l->dport;
	udp[4] = (uint8_t)((8 + l->size) >> 8);
	udp[5] = (uint8_t)(8 + l->size);
	memset(udp + 8, 'p', l->size);
}

/* Flow f's source address and port, the IP id, and the header checksum. */
static void frame_flow(uint8_t *f, const struct load *l, unsigned long flow, uint16_t id)
{
	uint8_t *ip = f + 14;
	uint32_t s = htonl(l->src0 + (uint32_t)(flow / PORTS_PER_ADDR));
	uint16_t sport = (uint16_t)(10000u + flow % PORTS_PER_ADDR);
	memcpy(ip + 12, &s, 4);
	ip[4] = (uint8_t)(id >> 8);
	ip[5] = (uint8_t)id;
	ip[10] = ip[11] = 0;
	uint16_t c = ip_csum(ip);
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
	ip[20] = (uint8_t)(sport >> 8);
	ip[21] = (uint8_t)sport;
}

/* ---- AF_PACKET + sendmmsg ------------------------------------------------ */

static int send_mmsg(int fd, const struct load *l, unsigned long long count, double rate)
{
	int one = 1, sndbuf = 16 << 20;
	(void)setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);

	static uint8_t frames[BATCH][MAX_FRAME];
	struct iovec iov[BATCH];
	struct mmsghdr msg[BATCH];
	memset(msg, 0, sizeof msg);
	for (int i = 0; i < BATCH; i++) {
		frame_init(frames[i], l);
		iov[i].iov_base = frames[i];
		iov[i].iov_len = l->flen;
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}

	unsigned long long sent = 0, seq = 0;
	double start = now(), end = start + l->seconds;
	while (!count || sent < count) {
		/* pacing: wait until this batch is due */
		while (rate > 0 && (double)sent / rate > now() - start)
			;
		int n = BATCH;
		if (count && count - sent < (unsigned long long)n)
			n = (int)(count - sent);
		for (int i = 0; i < n; i++) {
			unsigned long long k = seq + (unsigned long long)i;
			frame_flow(frames[i], l, (unsigned long)(k % l->flows), (uint16_t)k);
		}
		int r = sendmmsg(fd, msg, (unsigned)n, 0);
		if (r < 0) {
			if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
				continue;
			perror("udpgen: sendmmsg");
			return 1;
		}
		sent += (unsigned long long)r;
		seq += (unsigned long long)r;
		if (now() >= end)
			break;
	}
	printf("sent %llu seconds %.3f\n", sent, now() - start);
	return 0;
}

/* ---- XDP live frames ----------------------------------------------------- */

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	long r = syscall(__NR_bpf, cmd, attr, sizeof *attr);
	return r < 0 ? -errno : (int)r;
}

/*
 *	sport = htons(10000 + bpf_get_prandom_u32() % flows);
 *	if (data + 36 > data_end) return XDP_DROP;
 *	*(u16 *)(data + 34) = sport;
 *	return bpf_redirect(ifindex, 0);
 */
static int gen_prog_load(int ifindex, unsigned long flows)
{
	struct bpf_insn insns[] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_6, .src_reg = BPF_REG_1},
		{.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_prandom_u32},
		{.code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_7, .src_reg = BPF_REG_0},
		{.code = BPF_ALU64 | BPF_MOD | BPF_K, .dst_reg = BPF_REG_7, .imm = (int32_t)flows},
		{.code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_7, .imm = 10000},
		{.code = BPF_ALU | BPF_END | BPF_TO_BE, .dst_reg = BPF_REG_7, .imm = 16},
		{.code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_6,
		 .off = offsetof(struct xdp_md, data)},
		{.code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = BPF_REG_3, .src_reg = BPF_REG_6,
		 .off = offsetof(struct xdp_md, data_end)},
		{.code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_4, .src_reg = BPF_REG_2},
		{.code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_4, .imm = 36},
		{.code = BPF_JMP | BPF_JGT | BPF_X, .dst_reg = BPF_REG_4, .src_reg = BPF_REG_3,
		 .off = 5},
		{.code = BPF_STX | BPF_MEM | BPF_H, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_7,
		 .off = 34},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = ifindex},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 0},
		{.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_redirect},
		{.code = BPF_JMP | BPF_EXIT},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_DROP},
		{.code = BPF_JMP | BPF_EXIT},
	};
	static char log[4096];
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = sizeof insns / sizeof insns[0];
	a.license = (uint64_t)(uintptr_t) "GPL"; /* helpers' licence check */
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = sizeof log;
	a.log_level = 1;
	int fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0)
		fprintf(stderr, "udpgen: BPF_PROG_LOAD: %s\n%s\n", strerror(-fd), log);
	return fd;
}

static int send_xdp(int ifindex, const struct load *l)
{
	if (l->flows > PORTS_PER_ADDR) {
		fprintf(stderr, "udpgen: -x takes at most %u flows\n", PORTS_PER_ADDR);
		return 2;
	}
	int prog = gen_prog_load(ifindex, l->flows);
	if (prog < 0)
		return 1;
	static uint8_t frame[MAX_FRAME];
	frame_init(frame, l);
	frame_flow(frame, l, 0, 0);

	unsigned long long sent = 0;
	const uint32_t chunk = 1u << 16; /* frames per system call */
	double start = now(), end = start + l->seconds;
	while (now() < end) {
		union bpf_attr a;
		memset(&a, 0, sizeof a);
		a.test.prog_fd = (uint32_t)prog;
		a.test.data_in = (uint64_t)(uintptr_t)frame;
		a.test.data_size_in = l->flen;
		a.test.repeat = chunk;
		a.test.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
		int r = sys_bpf(BPF_PROG_TEST_RUN, &a);
		if (r < 0) {
			fprintf(stderr, "udpgen: BPF_PROG_TEST_RUN: %s\n", strerror(-r));
			return 1;
		}
		sent += chunk;
	}
	printf("sent %llu seconds %.3f\n", sent, now() - start);
	close(prog);
	return 0;
}

int main(int argc, char **argv)
{
	bool xdp = argc > 1 && !strcmp(argv[1], "-x");
	if (xdp) {
		argv++;
		argc--;
	}
	if (argc < 9) {
		fprintf(stderr, "usage: udpgen [-x] IFACE DST_MAC SRC_IP DST_IP DST_PORT SIZE FLOWS "
				"SECONDS [COUNT [RATE]]\n");
		return 2;
	}
	const char *ifname = argv[1];
	struct load l;
	memset(&l, 0, sizeof l);
	struct in_addr src;
	if (parse_mac(argv[2], l.dmac) || !inet_aton(argv[3], &src) || !inet_aton(argv[4], &l.dst)) {
		fprintf(stderr, "udpgen: bad MAC or address\n");
		return 2;
	}
	l.src0 = ntohl(src.s_addr);
	l.dport = (unsigned)atoi(argv[5]);
	l.size = (unsigned)atoi(argv[6]);
	l.flows = strtoul(argv[7], NULL, 10);
	l.seconds = atof(argv[8]);
	unsigned long long count = argc > 9 ? strtoull(argv[9], NULL, 10) : 0;
	double rate = argc > 10 ? atof(argv[10]) : 0;
	if (l.size < 18 || l.size > 1472 || l.flows == 0) {
		fprintf(stderr, "udpgen: SIZE 18..1472, FLOWS >= 1\n");
		return 2;
	}
	if (xdp && (count || rate > 0)) {
		fprintf(stderr, "udpgen: -x sends for SECONDS only (no COUNT/RATE)\n");
		return 2;
	}
	l.flen = 14 + 20 + 8 + l.size;

	int fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("udpgen: socket");
		return 1;
	}
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
		perror("udpgen: SIOCGIFINDEX");
		return 1;
	}
	int ifindex = ifr.ifr_ifindex;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		perror("udpgen: SIOCGIFHWADDR");
		return 1;
	}
	memcpy(l.smac, ifr.ifr_hwaddr.sa_data, 6);
	if (xdp)
		return send_xdp(ifindex, &l);
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_ifindex = ifindex};
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		perror("udpgen: bind");
		return 1;
	}
	return send_mmsg(fd, &l, count, rate);
}
