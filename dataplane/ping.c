/*
 * ping.c — "ping [IF] HOST [data P] [repeat N] [size N] [timeout N]
 * [validate]" and the interactive "ping": ICMP echo requests the box
 * sends itself, one at a time, each waiting for its reply or the timeout:
 *
 *   Type escape sequence to abort.
 *   Sending 5, 100-byte ICMP Echos to 10.4.4.2, timeout is 2 seconds:
 *   !!!!!
 *   Success rate is 100 percent (5/5), round-trip min/avg/max = 1/1/1 ms
 *
 * '!' is a reply, '?' a request that timed out, 'U' an ICMP unreachable
 * about it.  Commands run inside the event loop, so the wait is a nested
 * ev_run_until(): packets, timers and other sessions go on meanwhile (the
 * console reads its next line only after the command returns).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp.h"
#include "dataplane/proto.h"
#include "dataplane/tun.h"
#include "lib/cksum.h"
#include "lib/evloop.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

#define PING_SIZE_MIN 28
#define PING_SIZE_MAX 65535
#define PING_LINE 70 /* marks per line */

struct ping_req {
	char ifname[IFACE_NAME_MAX + 1]; /* "" = by route */
	uint32_t dst;
	unsigned long repeat;
	unsigned size;    /* IP datagram bytes */
	unsigned timeout; /* seconds */
	uint16_t pattern;
	bool validate;
};

/* The echo being waited for (one ping runs at a time per box: a second
 * session's ping waits its turn inside the first one's loop). */
static struct {
	bool active;
	uint16_t id, seq;
	uint32_t dst;
	char result;   /* 0 while waiting, '!', 'U', '?' */
	uint64_t sent_us, rtt_us;
	const struct ping_req *req;
} cur;
static uint16_t next_id = 0x7a00;

static void fill(uint8_t *data, size_t n, uint16_t pattern)
{
	for (size_t i = 0; i < n; i++)
		data[i] = (uint8_t)(i & 1 ? pattern : pattern >> 8);
}

static bool data_ok(const uint8_t *data, size_t n, uint16_t pattern)
{
	for (size_t i = 0; i < n; i++)
		if (data[i] != (uint8_t)(i & 1 ? pattern : pattern >> 8))
			return false;
	return true;
}

/* An echo reply or unreachable about the echo being waited for. */
static bool ping_reply(struct pkt *p)
{
	if (!cur.active || cur.result)
		return false;
	const uint8_t *ip = p->data;
	unsigned hl = ip_hlen(ip);
	const uint8_t *ic = ip + hl;
	uint32_t n = p->len - hl;
	if (ic[0] == ICMP_ECHOREPLY && n >= ICMP_HLEN) {
		if (ip_src(ip) != cur.dst || rd16(ic + 4) != cur.id || rd16(ic + 6) != cur.seq)
			return false;
		if (cur.req->validate &&
		    (n != cur.req->size - IP_HLEN_MIN ||
		     !data_ok(ic + ICMP_HLEN, n - ICMP_HLEN, cur.req->pattern)))
			return false; /* a reply that does not validate is no reply */
		cur.rtt_us = dp_now_us() - cur.sent_us;
		cur.result = '!';
		pkt_free(p);
		return true;
	}
	if (ic[0] == ICMP_UNREACH && n >= ICMP_HLEN + IP_HLEN_MIN + ICMP_HLEN) {
		/* the quoted request must be ours */
		const uint8_t *q = ic + ICMP_HLEN;
		unsigned qhl = ip_hlen(q);
		if (n < ICMP_HLEN + qhl + ICMP_HLEN || q[IPH_PROTO] != IPPROTO_ICMP_ ||
		    ip_dst(q) != cur.dst || rd16(q + qhl + 4) != cur.id || rd16(q + qhl + 6) != cur.seq)
			return false;
		cur.result = 'U';
		pkt_free(p);
		return true;
	}
	return false;
}

/* ICMP to the box other than echo requests (icmp_box.c passes it here
 * after the "icmp" rules allowed it): ping's, else the box's own stack's
 * (replies and errors about the flows of its sockets). */
static bool ping_icmp_input(struct iface *ifp, struct pkt *p)
{
	return ping_reply(p) || tun_icmp_input(ifp, p);
}

static void on_timeout(void *ctx)
{
	struct ev_timer **t = ctx;
	*t = NULL;
	if (!cur.result)
		cur.result = '?';
}

static bool answered(void *ctx)
{
	(void)ctx;
	return cur.result != 0;
}

/* Send one echo request; false when it could not leave at all. */
static bool send_echo(const struct ping_req *r, struct iface *ifp)
{
	struct pkt *p = pkt_alloc();
	uint32_t n = r->size - IP_HLEN_MIN;
	if (n > pkt_tailroom(p)) {
		pkt_free(p);
		return false;
	}
	uint8_t *ic = p->data;
	ic[0] = ICMP_ECHO;
	ic[1] = 0;
	wr16(ic + 2, 0);
	wr16(ic + 4, cur.id);
	wr16(ic + 6, cur.seq);
	fill(ic + ICMP_HLEN, n - ICMP_HLEN, r->pattern);
	uint16_t c = cksum(ic, n);
	memcpy(ic + 2, &c, 2);
	p->len = n;
	cur.sent_us = dp_now_us();
	int rc = ifp ? ip_send_if(ifp, p, r->dst, 0, IPPROTO_ICMP_)
		     : ip_send(p, r->dst, 0, IPPROTO_ICMP_);
	port_flush();
	return rc == 0;
}

static void run_ping(struct cli *cli, const struct ping_req *r)
{
	char a[64];
	conf_fmt_host(r->dst, a);
	cli_puts(cli, "Type escape sequence to abort.\n");
	struct iface *ifp = NULL;
	uint32_t nh;
	dp_sync();
	if (r->ifname[0]) {
		ifp = iface_find_name(r->ifname);
		if (ifp && (!dp_iface_up(ifp) ||
			    (!(ifp->has_ip && ((r->dst ^ ifp->ip) & ifp->mask) == 0) &&
			     !rib_lookup_on(r->dst, ifp, &nh))))
			ifp = NULL;
	}
	/* one of the box's own addresses answers without the wire, while its
	 * interface is up */
	struct iface *own = NULL, *via = NULL;
	bool local = ip_is_local(r->dst, &own) && own && dp_iface_up(own) &&
		     (!r->ifname[0] || own == ifp);
	if (!local && (r->ifname[0] ? !ifp : !rib_lookup(r->dst, &via, &nh))) {
		cli_printf(cli, "No route to host %s\n\nSuccess rate is 0 percent (0/1)\n", a);
		return;
	}
	cli_printf(cli, "Sending %lu, %u-byte ICMP Echos to %s, timeout is %u seconds:\n",
		   r->repeat, r->size, a, r->timeout);
	fflush(stdout);
	unsigned long ok = 0, col = 0;
	uint64_t min = ~0ull, max = 0, sum = 0;
	for (unsigned long i = 0; i < r->repeat; i++) {
		memset(&cur, 0, sizeof cur);
		cur.active = true;
		cur.req = r;
		cur.dst = r->dst;
		cur.id = next_id;
		cur.seq = (uint16_t)i;
		if (local) {
			/* the box answers itself without the wire */
			cur.result = '!';
			cur.rtt_us = 0;
		} else if (send_echo(r, ifp) && r->timeout) {
			struct ev_timer *t = NULL;
			t = ev_timer_add((uint64_t)r->timeout * 1000u, on_timeout, &t);
			ev_run_until(answered, NULL);
			if (t)
				ev_timer_cancel(t);
		}
		if (!cur.result)
			cur.result = '?';
		if (cur.result == '!') {
			ok++;
			uint64_t ms = (cur.rtt_us + 999) / 1000;
			if (ms < 1)
				ms = 1;
			sum += ms;
			min = ms < min ? ms : min;
			max = ms > max ? ms : max;
		}
		char mark[2] = {cur.result, 0};
		cli_puts(cli, mark);
		if (++col == PING_LINE && i + 1 < r->repeat) {
			cli_puts(cli, "\n");
			col = 0;
		}
		fflush(stdout);
	}
	cur.active = false;
	next_id++;
	cli_printf(cli, "\nSuccess rate is %lu percent (%lu/%lu)", r->repeat ? ok * 100 / r->repeat : 0,
		   ok, r->repeat);
	if (ok)
		cli_printf(cli, ", round-trip min/avg/max = %llu/%llu/%llu ms",
			   (unsigned long long)min, (unsigned long long)(sum / ok),
			   (unsigned long long)max);
	cli_puts(cli, "\n");
}

static int cmd_ping(struct cli *cli, struct cli_args *a)
{
	if (cur.active) {
		cli_puts(cli, "ERROR: A ping is already running\n"); /* [P] */
		return CLI_ERR;
	}
	struct ping_req r = {.repeat = 5, .size = 100, .timeout = 2, .pattern = 0xabcd};
	const char *v;
	if ((v = cli_get(a, "IF")))
		snprintf(r.ifname, sizeof r.ifname, "%.*s", IFACE_NAME_MAX, v);
	if (!conf_parse_host(cli_get(a, "HOST"), &r.dst))
		return cli_bad(a, "HOST");
	if ((v = cli_get(a, "REPEAT")))
		r.repeat = strtoul(v, NULL, 10);
	if ((v = cli_get(a, "SIZE")))
		r.size = (unsigned)strtoul(v, NULL, 10);
	if ((v = cli_get(a, "TIMEOUT")))
		r.timeout = (unsigned)strtoul(v, NULL, 10);
	if ((v = cli_get(a, "DATA"))) {
		char *end;
		unsigned long d = strtoul(v, &end, 16);
		if (*end || d > 0xffff || !*v)
			return cli_bad(a, "DATA");
		r.pattern = (uint16_t)d;
	}
	r.validate = cli_has(a, "validate");
	run_ping(cli, &r);
	return CLI_OK;
}

/* ---- the interactive dialogue ------------------------------------------------ */

enum istep { I_IF, I_TARGET, I_REPEAT, I_SIZE, I_TIMEOUT, I_EXT, I_DATA, I_VALIDATE, I_SWEEP };

struct idlg {
	struct ping_req r;
	enum istep step;
};

static void iask(struct cli *cli, struct idlg *d);

static void ianswer(struct cli *cli, const char *answer, void *ctx)
{
	struct idlg *d = ctx;
	char w[128];
	size_t sp = strspn(answer, " \t");
	snprintf(w, sizeof w, "%s", answer + sp);
	w[strcspn(w, " \t\r\n")] = '\0';
	char *end;
	unsigned long v = strtoul(w, &end, 10);
	bool num = w[0] && !*end;
	switch (d->step) {
	case I_IF:
		if (w[0] && !iface_find_name(w)) {
			cli_printf(cli, "%% Invalid interface %s\n", w); /* [R] */
			free(d);
			return;
		}
		snprintf(d->r.ifname, sizeof d->r.ifname, "%.*s", IFACE_NAME_MAX, w);
		d->step = I_TARGET;
		break;
	case I_TARGET:
		if (!conf_parse_host(w, &d->r.dst)) {
			cli_puts(cli, "% Bad IP address\n"); /* [R] */
			free(d);
			return;
		}
		d->step = I_REPEAT;
		break;
	case I_REPEAT:
		if (w[0] && (!num || v < 1 || v > 2147483647ul)) {
			cli_puts(cli, "% A decimal number between 1 and 2147483647.\n"); /* [R] */
			free(d);
			return;
		}
		if (w[0])
			d->r.repeat = v;
		d->step = I_SIZE;
		break;
	case I_SIZE:
		if (w[0] && (!num || v < PING_SIZE_MIN || v > PING_SIZE_MAX)) {
			cli_puts(cli, "% A decimal number between 28 and 65535.\n"); /* [R] */
			free(d);
			return;
		}
		if (w[0])
			d->r.size = (unsigned)v;
		d->step = I_TIMEOUT;
		break;
	case I_TIMEOUT:
		if (w[0] && (!num || v > 3600)) {
			cli_puts(cli, "% A decimal number between 0 and 3600.\n"); /* [R] */
			free(d);
			return;
		}
		if (w[0])
			d->r.timeout = (unsigned)v;
		d->step = I_EXT;
		break;
	case I_EXT:
		d->step = (w[0] == 'y' || w[0] == 'Y') ? I_DATA : I_SWEEP;
		break;
	case I_DATA:
		if (w[0]) {
			unsigned long p = strtoul(w, &end, 16);
			if (*end || p > 0xffff) {
				cli_puts(cli, "% Invalid pattern\n"); /* [R] */
				free(d);
				return;
			}
			d->r.pattern = (uint16_t)p;
		}
		d->step = I_VALIDATE;
		break;
	case I_VALIDATE:
		d->r.validate = w[0] == 'y' || w[0] == 'Y';
		d->step = I_SWEEP;
		break;
	case I_SWEEP: {
		/* sweeping sizes is not offered: a 'y' is refused rather than
		 * ignored */
		if (w[0] == 'y' || w[0] == 'Y') {
			cli_puts(cli, "% Sweep range of sizes is not supported\n"); /* [P] */
			free(d);
			return;
		}
		struct ping_req r = d->r;
		free(d);
		if (cur.active) {
			cli_puts(cli, "ERROR: A ping is already running\n"); /* [P] */
			return;
		}
		run_ping(cli, &r);
		return;
	}
	}
	iask(cli, d);
}

static void iask(struct cli *cli, struct idlg *d)
{
	char prompt[64];
	switch (d->step) {
	case I_IF:
		snprintf(prompt, sizeof prompt, "Interface: ");
		break;
	case I_TARGET:
		snprintf(prompt, sizeof prompt, "Target IP address: ");
		break;
	case I_REPEAT:
		snprintf(prompt, sizeof prompt, "Repeat count: [%lu] ", d->r.repeat);
		break;
	case I_SIZE:
		snprintf(prompt, sizeof prompt, "Datagram size: [%u] ", d->r.size);
		break;
	case I_TIMEOUT:
		snprintf(prompt, sizeof prompt, "Timeout in seconds: [%u] ", d->r.timeout);
		break;
	case I_EXT:
		snprintf(prompt, sizeof prompt, "Extended commands [n]: ");
		break;
	case I_DATA:
		snprintf(prompt, sizeof prompt, "Data pattern [0x%x]: ", d->r.pattern);
		break;
	case I_VALIDATE:
		snprintf(prompt, sizeof prompt, "Validate reply data? [no]: ");
		break;
	case I_SWEEP:
		snprintf(prompt, sizeof prompt, "Sweep range of sizes [n]: ");
		break;
	}
	cli_ask_owned(cli, prompt, false, ianswer, d, free);
}

static int cmd_ping_interactive(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct idlg *d = xcalloc(1, sizeof *d);
	d->r = (struct ping_req){.repeat = 5, .size = 100, .timeout = 2, .pattern = 0xabcd};
	d->step = I_IF;
	iask(cli, d);
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"ping [IF:nameif] HOST:ip {data DATA:word | repeat REPEAT:<1-2147483647> | "
	 "size SIZE:<28-65535> | timeout TIMEOUT:<0-3600> | validate}",
	 "Send echo messages\nName of interface\nHost name or IP address\n"
	 "Specify the data pattern\nData pattern in hexadecimal (0-FFFF)\n"
	 "Specify repeat count\nRepeat count\nSpecify datagram size\nDatagram size in bytes\n"
	 "Specify timeout interval\nTimeout in seconds\nValidate reply data",
	 cmd_ping, CLI_EXEC_ANY},
	{"ping", "Send echo messages", cmd_ping_interactive, CLI_PRIV | CLI_EXEC_ANY},
};

static void ping_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
	cli_kw_help("ping", "Send echo messages");
	local_proto_register(IPPROTO_ICMP_, ping_icmp_input);
}
MODULE_INIT(ping_init)
