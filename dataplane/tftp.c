/*
 * tftp.c — TFTP write requests from the box (see tftp.h).
 *
 * WRQ to port 69; the server answers from its own port (the transfer
 * id), which every later packet must come from.  Blocks of 512 bytes,
 * each sent until its ACK arrives: 3 seconds per try, 5 tries; a last
 * block shorter than 512 bytes (possibly empty) ends the file.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf/conf.h"
#include "dataplane/tftp.h"
#include "dataplane/tun.h"
#include "lib/evloop.h"

#define TFTP_BLOCK 512
#define TFTP_TRY_MS 3000
#define TFTP_TRIES 5

enum { OP_WRQ = 2, OP_DATA = 3, OP_ACK = 4, OP_ERROR = 5 };

bool tftp_parse_url(const char *url, uint32_t *host, uint16_t *port, char *path, size_t n)
{
	if (strncasecmp(url, "tftp://", 7))
		return false;
	const char *h = url + 7, *slash = strchr(h, '/');
	if (!slash || !slash[1])
		return false;
	char hb[80];
	size_t hl = (size_t)(slash - h);
	if (!hl || hl >= sizeof hb)
		return false;
	memcpy(hb, h, hl);
	hb[hl] = '\0';
	*port = 69;
	char *colon = strchr(hb, ':');
	if (colon) {
		char *end;
		unsigned long p = strtoul(colon + 1, &end, 10);
		if (*end || !p || p > 65535)
			return false;
		*port = (uint16_t)p;
		*colon = '\0';
	}
	if (!conf_parse_host(hb, host))
		return false;
	return (size_t)snprintf(path, n, "%s", slash + 1) < n;
}

struct xfer {
	int fd;
	struct sockaddr_in peer; /* port 69 until the server's TID is known */
	bool tid_known;
	uint16_t block;          /* the block waiting for its ACK (0: the WRQ) */
	uint8_t pkt[4 + TFTP_BLOCK + 256];
	size_t pktlen;
	int tries;
	bool done, failed;
	char err[128];
	struct ev_timer *timer;
};

static void xmit(struct xfer *x)
{
	(void)sendto(x->fd, x->pkt, x->pktlen, 0, (struct sockaddr *)&x->peer, sizeof x->peer);
}

static void fail(struct xfer *x, const char *why)
{
	x->failed = true;
	snprintf(x->err, sizeof x->err, "%s", why);
}

static void on_timer(void *ctx)
{
	struct xfer *x = ctx;
	x->timer = NULL;
	if (x->done || x->failed)
		return;
	if (++x->tries >= TFTP_TRIES) {
		fail(x, "Timed out");
		return;
	}
	xmit(x);
	x->timer = ev_timer_add(TFTP_TRY_MS, on_timer, x);
}

static void on_reply(int fd, uint32_t events, void *ctx)
{
	(void)events;
	struct xfer *x = ctx;
	for (;;) {
		uint8_t b[600];
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		ssize_t n = recvfrom(fd, b, sizeof b, 0, (struct sockaddr *)&from, &fl);
		if (n < 0) {
			if (errno == ECONNREFUSED)
				fail(x, "Connection refused");
			return;
		}
		if (n < 4 || from.sin_addr.s_addr != x->peer.sin_addr.s_addr ||
		    (x->tid_known && from.sin_port != x->peer.sin_port))
			continue; /* not our server, or another transfer id */
		unsigned op = (unsigned)(b[0] << 8 | b[1]), num = (unsigned)(b[2] << 8 | b[3]);
		if (op == OP_ERROR) {
			char msg[100];
			size_t ml = (size_t)n - 4 < sizeof msg - 1 ? (size_t)n - 4 : sizeof msg - 1;
			memcpy(msg, b + 4, ml);
			msg[ml] = '\0';
			msg[strcspn(msg, "\r\n")] = '\0';
			fail(x, msg[0] ? msg : "Error from the server");
			return;
		}
		if (op != OP_ACK || num != x->block)
			continue; /* a duplicate ACK: the block is resent on timeout */
		if (!x->tid_known) {
			x->tid_known = true;
			x->peer.sin_port = from.sin_port;
		}
		x->done = true; /* this block is through */
		return;
	}
}

static bool settled(void *ctx)
{
	struct xfer *x = ctx;
	return x->done || x->failed;
}

/* Send what is in x->pkt and wait for its ACK. */
static bool exchange(struct xfer *x)
{
	x->done = false;
	x->tries = 0;
	xmit(x);
	x->timer = ev_timer_add(TFTP_TRY_MS, on_timer, x);
	ev_run_until(settled, x);
	if (x->timer) {
		ev_timer_cancel(x->timer);
		x->timer = NULL;
	}
	return !x->failed;
}

int tftp_put(uint32_t host, uint16_t port, const char *path, const uint8_t *data, size_t len,
	     void (*progress)(void *ctx), void *ctx, const char **err)
{
	static char why[128];
	*err = why;
	if (!tun_active()) {
		/* a config-only box has no network */
		snprintf(why, sizeof why, "Network is unreachable");
		return -1;
	}
	if (strlen(path) > 255 || (len + TFTP_BLOCK) / TFTP_BLOCK > 65535) {
		snprintf(why, sizeof why, "File too large");
		return -1;
	}
	struct xfer x = {.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
	if (x.fd < 0) {
		snprintf(why, sizeof why, "%s", strerror(errno));
		return -1;
	}
	x.peer.sin_family = AF_INET;
	x.peer.sin_port = htons(port);
	x.peer.sin_addr.s_addr = htonl(host);
	if (ev_fd_add(x.fd, EPOLLIN, on_reply, &x) < 0) {
		snprintf(why, sizeof why, "%s", strerror(errno));
		close(x.fd);
		return -1;
	}
	x.pkt[0] = 0;
	x.pkt[1] = OP_WRQ;
	int l = snprintf((char *)x.pkt + 2, sizeof x.pkt - 2, "%s", path);
	memcpy(x.pkt + 2 + l + 1, "octet", 6);
	x.pktlen = 2 + (size_t)l + 1 + 6;
	bool ok = exchange(&x);
	size_t off = 0;
	for (uint16_t blk = 1; ok; blk++) {
		size_t n = len - off < TFTP_BLOCK ? len - off : TFTP_BLOCK;
		x.block = blk;
		x.pkt[0] = 0;
		x.pkt[1] = OP_DATA;
		x.pkt[2] = (uint8_t)(blk >> 8);
		x.pkt[3] = (uint8_t)blk;
		memcpy(x.pkt + 4, data + off, n);
		x.pktlen = 4 + n;
		ok = exchange(&x);
		off += n;
		if (ok && progress && blk % 32 == 0)
			progress(ctx);
		if (n < TFTP_BLOCK)
			break;
	}
	ev_fd_del(x.fd);
	close(x.fd);
	if (!ok) {
		snprintf(why, sizeof why, "%s", x.err);
		return -1;
	}
	return 0;
}
