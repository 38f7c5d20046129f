/*
 * udpgen.c — one-way UDP load for bench/dataplane.sh.
 *
 *   udpgen IFACE DST_MAC SRC_IP DST_IP DST_PORT SIZE FLOWS SECONDS [COUNT [RATE]]
 *
 * Sends Ethernet/IPv4/UDP frames with SIZE bytes of UDP payload out of IFACE
 * (AF_PACKET, sendmmsg in batches of 64, qdisc bypassed) to DST_MAC, open
 * loop, for SECONDS or until COUNT frames were sent.  Packet n belongs to
 * flow n % FLOWS; flow f comes from SRC_IP + f / 50000, source port
 * 10000 + f % 50000, so up to 50,000 flows share one source address and a
 * million flows take 20 addresses.  Frames are built per packet (IP header
 * checksum computed, UDP checksum 0 = none), so FLOWS may be large: with
 * COUNT = FLOWS every packet opens a new flow (connection-rate runs).
 * COUNT 0 = no limit; RATE > 0 paces the sending to RATE frames/s.
 * Prints "sent N seconds S" on stdout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define PORTS_PER_ADDR 50000u

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

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 9) {
		fprintf(stderr, "usage: udpgen IFACE DST_MAC SRC_IP DST_IP DST_PORT SIZE FLOWS "
				"SECONDS [COUNT [RATE]]\n");
		return 2;
	}
	const char *ifname = argv[1];
	uint8_t dmac[6], smac[6];
	struct in_addr src, dst;
	if (parse_mac(argv[2], dmac) || !inet_aton(argv[3], &src) || !inet_aton(argv[4], &dst)) {
		fprintf(stderr, "udpgen: bad MAC or address\n");
		return 2;
	}
	unsigned dport = (unsigned)atoi(argv[5]);
	unsigned size = (unsigned)atoi(argv[6]);
	unsigned long flows = strtoul(argv[7], NULL, 10);
	double seconds = atof(argv[8]);
	unsigned long long count = argc > 9 ? strtoull(argv[9], NULL, 10) : 0;
	double rate = argc > 10 ? atof(argv[10]) : 0;
	if (size < 18 || size > 1472 || flows == 0) {
		fprintf(stderr, "udpgen: SIZE 18..1472, FLOWS >= 1\n");
		return 2;
	}

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
	memcpy(smac, ifr.ifr_hwaddr.sa_data, 6);
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_ifindex = ifindex};
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		perror("udpgen: bind");
		return 1;
	}
	int one = 1, sndbuf = 16 << 20;
	(void)setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);

	unsigned flen = 14 + 20 + 8 + size;
	static uint8_t frames[BATCH][14 + 20 + 8 + 1472];
	struct iovec iov[BATCH];
	struct mmsghdr msg[BATCH];
	memset(msg, 0, sizeof msg);
	for (int i = 0; i < BATCH; i++) {
		uint8_t *f = frames[i];
		memcpy(f, dmac, 6);
		memcpy(f + 6, smac, 6);
		f[12] = 0x08;
		f[13] = 0x00;
		uint8_t *ip = f + 14;
		ip[0] = 0x45;
		ip[2] = (uint8_t)((20 + 8 + size) >> 8);
		ip[3] = (uint8_t)(20 + 8 + size);
		ip[8] = 64;
		ip[9] = 17;
		memcpy(ip + 16, &dst, 4);
		uint8_t *udp = ip + 20;
		udp[2] = (uint8_t)(dport >> 8);
		udp[3] = (uint8_t)dport;
		udp[4] = (uint8_t)((8 + size) >> 8);
		udp[5] = (uint8_t)(8 + size);
		memset(udp + 8, 'p', size);
		iov[i].iov_base = f;
		iov[i].iov_len = flen;
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}

	uint32_t src0 = ntohl(src.s_addr);
	unsigned long long sent = 0, seq = 0;
	double start = now(), end = start + seconds;
	while (!count || sent < count) {
		/* pacing: wait until this batch is due */
		while (rate > 0 && (double)sent / rate > now() - start)
			;
		int n = BATCH;
		if (count && count - sent < (unsigned long long)n)
			n = (int)(count - sent);
		for (int i = 0; i < n; i++) {
			unsigned long f = (unsigned long)((seq + (unsigned long long)i) % flows);
			uint8_t *ip = frames[i] + 14;
			uint32_t s = htonl(src0 + (uint32_t)(f / PORTS_PER_ADDR));
			uint16_t sport = (uint16_t)(10000u + f % PORTS_PER_ADDR);
			uint16_t id = (uint16_t)(seq + (unsigned long long)i);
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
