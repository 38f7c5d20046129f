/*
 * syslog_out.c — the transport of "logging host IF ADDR [udp/PORT |
 * tcp/PORT]": every message that passes "logging trap" is sent to each
 * configured host as "<PRI>" followed by the message line, PRI being
 * facility * 8 + severity (local4 by default: <165> for a severity 5).
 *
 * The messages leave through ordinary sockets of the box's own stack,
 * bound to the mirror device of the host's interface (tun.h), so they are
 * routed and sent by the dataplane like any packet the box originates and
 * come from that interface's address.  UDP: one datagram per message.
 * TCP: one connection per host, messages separated by newlines, queued
 * (64 KB) while it connects; a refused or broken connection is retried
 * after 10 seconds.  Without the mirror (a config-only box) nothing can
 * leave: no message is counted as sent.
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dataplane/dp_int.h"
#include "dataplane/tun.h"
#include "lib/evloop.h"
#include "lib/log.h"
#include "lib/log_conf.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

#define TCP_QUEUE_MAX 65536
#define TCP_RETRY_MS 10000

/* ---- sockets -------------------------------------------------------------- */

/* A socket bound to a mirror device: the kernel routes through it and
 * takes its address as the source. */
static int bound_socket(int type, const char *dev)
{
	int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev) + 1) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static struct sockaddr_in host_addr(const struct log_host *h)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)h->port),
				 .sin_addr.s_addr = htonl(h->ip)};
	return sa;
}

/* ---- UDP ------------------------------------------------------------------- */

struct udp_sock {
	char dev[IFNAMSIZ];
	int fd;
};
static struct udp_sock udps[16];
static size_t nudps;

static int udp_fd(const char *dev)
{
	for (size_t i = 0; i < nudps; i++)
		if (!strcmp(udps[i].dev, dev))
			return udps[i].fd;
	int fd = bound_socket(SOCK_DGRAM, dev);
	if (fd < 0)
		return -1;
	if (nudps == sizeof udps / sizeof udps[0]) {
		/* many interfaces came and went: start again */
		for (size_t i = 0; i < nudps; i++)
			close(udps[i].fd);
		nudps = 0;
	}
	snprintf(udps[nudps].dev, sizeof udps[0].dev, "%s", dev);
	udps[nudps++].fd = fd;
	return fd;
}

static bool send_udp(const struct log_host *h, const char *dev, const char *msg, size_t len)
{
	int fd = udp_fd(dev);
	if (fd < 0)
		return false;
	struct sockaddr_in sa = host_addr(h);
	return sendto(fd, msg, len, 0, (struct sockaddr *)&sa, sizeof sa) == (ssize_t)len;
}

/* ---- TCP ------------------------------------------------------------------- */

struct tcp_conn {
	uint32_t ip;
	int port;
	char dev[IFNAMSIZ];
	int fd;
	bool connected;
	uint64_t retry_at;
	struct strbuf out;
	size_t sent; /* bytes of out already written */
};
static struct tcp_conn *tcps[LOG_MAX_HOSTS];
static size_t ntcps;

static void tcp_close(struct tcp_conn *c, bool retry)
{
	if (c->fd >= 0) {
		ev_fd_del(c->fd);
		close(c->fd);
	}
	c->fd = -1;
	c->connected = false;
	if (retry)
		c->retry_at = ev_now_ms() + TCP_RETRY_MS;
}

static void tcp_flush(struct tcp_conn *c)
{
	while (c->sent < c->out.len) {
		ssize_t n = send(c->fd, c->out.buf + c->sent, c->out.len - c->sent, MSG_NOSIGNAL);
		if (n > 0) {
			c->sent += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			ev_fd_mod(c->fd, EPOLLIN | EPOLLOUT);
			return;
		}
		tcp_close(c, true);
		return;
	}
	sb_reset(&c->out);
	c->sent = 0;
	ev_fd_mod(c->fd, EPOLLIN); /* to see the server close */
}

static void tcp_event(int fd, uint32_t events, void *ctx)
{
	(void)fd;
	struct tcp_conn *c = ctx;
	if (!c->connected && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
		int err = 0;
		socklen_t l = sizeof err;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0 || err) {
			tcp_close(c, true);
			return;
		}
		c->connected = true;
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
		char junk[512];
		ssize_t n = recv(c->fd, junk, sizeof junk, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
			tcp_close(c, true);
			return;
		}
	}
	if (c->connected)
		tcp_flush(c);
}

static bool tcp_open(struct tcp_conn *c)
{
	c->fd = bound_socket(SOCK_STREAM, c->dev);
	if (c->fd < 0) {
		c->retry_at = ev_now_ms() + TCP_RETRY_MS;
		return false;
	}
	struct log_host h = {.ip = c->ip, .port = c->port};
	struct sockaddr_in sa = host_addr(&h);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS) {
		close(c->fd);
		c->fd = -1;
		c->retry_at = ev_now_ms() + TCP_RETRY_MS;
		return false;
	}
	if (ev_fd_add(c->fd, EPOLLOUT | EPOLLIN, tcp_event, c) < 0) {
		close(c->fd);
		c->fd = -1;
		return false;
	}
	return true;
}

static void tcp_free(struct tcp_conn *c)
{
	tcp_close(c, false);
	sb_free(&c->out);
	free(c);
}

/* Connections to hosts that are no longer configured (or moved to another
 * interface) are closed. */
static void tcp_sweep(void)
{
	for (size_t i = 0; i < ntcps;) {
		struct tcp_conn *c = tcps[i];
		bool keep = false;
		for (size_t j = 0; j < log_cf.nhosts && !keep; j++) {
			const struct log_host *h = &log_cf.hosts[j];
			keep = h->proto == 6 && h->ip == c->ip && h->port == c->port &&
			       !strcmp(tun_dev(h->ifname), c->dev);
		}
		if (keep) {
			i++;
			continue;
		}
		tcp_free(c);
		tcps[i] = tcps[--ntcps];
	}
}

static bool send_tcp(const struct log_host *h, const char *dev, const char *msg, size_t len)
{
	tcp_sweep();
	struct tcp_conn *c = NULL;
	for (size_t i = 0; i < ntcps && !c; i++)
		if (tcps[i]->ip == h->ip && tcps[i]->port == h->port && !strcmp(tcps[i]->dev, dev))
			c = tcps[i];
	if (!c) {
		if (ntcps == LOG_MAX_HOSTS)
			return false;
		c = xcalloc(1, sizeof *c);
		c->ip = h->ip;
		c->port = h->port;
		c->fd = -1;
		snprintf(c->dev, sizeof c->dev, "%s", dev);
		tcps[ntcps++] = c;
	}
	if (c->fd < 0 && (ev_now_ms() < c->retry_at || !tcp_open(c)))
		return false;
	if (c->out.len - c->sent + len + 1 > TCP_QUEUE_MAX)
		return false; /* the server does not keep up: the message is lost */
	sb_add(&c->out, msg, len);
	sb_add(&c->out, "\n", 1);
	if (c->connected)
		tcp_flush(c);
	return true;
}

/* ---- the sender ---------------------------------------------------------------- */

static bool trap_send(const struct log_host *h, int pri, const char *line)
{
	if (!tun_up(h->ifname))
		return false; /* no mirror (config-only), or the interface is down */
	const char *dev = tun_dev(h->ifname);
	char msg[1400];
	int n = snprintf(msg, sizeof msg, "<%d>%s", pri, line);
	if (n < 0)
		return false;
	size_t len = (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1;
	if (h->proto == 6)
		return send_tcp(h, dev, msg, len);
	return send_udp(h, dev, msg, len);
}

static void syslog_out_init(void)
{
	log_set_trap_sender(trap_send);
}
MODULE_INIT(syslog_out_init)
