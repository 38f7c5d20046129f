/*
 * fw_show.c — "show conn [count|detail|all ...]", "show local-host",
 * "clear conn", "clear local-host", in the PIX 7.2 layouts:
 *
 *   2 in use, 5 most used
 *   TCP outside 172.16.1.2:80 inside 10.4.4.5:1026, idle 0:00:05, bytes 120, flags UIO
 *   UDP outside 172.16.1.2:53 inside 10.4.4.5:1028, idle 0:00:14, bytes 0, flags -
 *
 * Each conn is printed lower-security side first, each side by its
 * address on its own interface (the inside host by its real address).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "dataplane/lhost.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "nat/nat_rules.h"
#include "nat/xlate_show.h"
#include "nat/xlate.h"

/* "22s", "1m3s", "1h0m", "2d3h" as show conn detail prints times. */
static const char *short_time(uint32_t s, char buf[24])
{
	if (s >= 86400)
		snprintf(buf, 24, "%ud%uh", s / 86400, s / 3600 % 24);
	else if (s >= 3600)
		snprintf(buf, 24, "%uh%um", s / 3600, s / 60 % 60);
	else if (s >= 60)
		snprintf(buf, 24, "%um%us", s / 60, s % 60);
	else
		snprintf(buf, 24, "%us", s);
	return buf;
}

struct side {
	int slot;
	uint32_t ip;
	uint16_t port;
};

static void sides(const struct conn *c, struct side *lo, struct side *hi)
{
	int l = (c->flags & CF_OUTBOUND) ? 1 : 0;
	*lo = (struct side){c->k[l].ifx, c->k[l].src, c->k[l].sport};
	*hi = (struct side){c->k[1 - l].ifx, c->k[1 - l].src, c->k[1 - l].sport};
}

static void fw_conn_line(struct cli *cli, const struct conn *c, bool detail, const char *indent)
{
	struct side lo, hi;
	sides(c, &lo, &hi);
	char p[8], a[16], b[16], fl[16];
	fw_proto_upper(c->k[0].proto, p);
	ip4_fmt(lo.ip, a);
	ip4_fmt(hi.ip, b);
	fw_conn_flags(c, fl);
	uint32_t now = fw_now(), idle = now - c->last;
	if (detail) {
		char t1[24], t2[24], t3[24];
		uint32_t tmo = fw_conn_timeout(c);
		cli_printf(cli, "%s%s %s:%s/%u %s:%s/%u, flags %s, idle %s, uptime %s, timeout %s, "
				"bytes %llu\n",
			   indent, p, fw_ifname(lo.slot), a, lo.port, fw_ifname(hi.slot), b, hi.port, fl,
			   short_time(idle, t1), short_time(now - c->created, t2),
			   tmo ? short_time(tmo, t3) : "0s", (unsigned long long)c->bytes);
		return;
	}
	char t[32];
	cli_printf(cli, "%s%s %s %s:%u %s %s:%u, idle %s, bytes %llu, flags %s\n", indent, p,
		   fw_ifname(lo.slot), a, lo.port, fw_ifname(hi.slot), b, hi.port, fw_hms(idle, t),
		   (unsigned long long)c->bytes, fl);
}

static int cmp_conn(const void *pa, const void *pb)
{
	const struct conn *a = *(struct conn *const *)pa, *b = *(struct conn *const *)pb;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Live conns, in the order they were made; caller frees. */
static struct conn **conns_sorted(size_t *n)
{
	struct conn **v = xmalloc((conn_count() + 1) * sizeof *v);
	size_t k = 0;
	uint32_t it = 0;
	for (struct conn *c; (c = conn_next(&it));)
		v[k++] = c;
	qsort(v, k, sizeof *v, cmp_conn);
	*n = k;
	return v;
}

/* ---- filters (show/clear conn) ---------------------------------------------------- */

struct conn_filter {
	int proto;          /* 0: any */
	bool has_addr;
	uint32_t lo, hi;    /* address range */
	bool has_port;
	uint16_t plo, phi;
};

static bool filter_match(const struct conn *c, void *ctx)
{
	const struct conn_filter *f = ctx;
	if (f->proto && c->k[0].proto != f->proto)
		return false;
	if (f->has_addr) {
		bool hit = false;
		for (int s = 0; s < 2; s++) {
			uint32_t a = c->k[s].src, m = c->k[s].dst;
			hit |= (a >= f->lo && a <= f->hi) || (m >= f->lo && m <= f->hi);
		}
		if (!hit)
			return false;
	}
	if (f->has_port) {
		bool hit = false;
		for (int s = 0; s < 2; s++) {
			uint16_t a = c->k[s].sport, b = c->k[s].dport;
			hit |= (a >= f->plo && a <= f->phi) || (b >= f->plo && b <= f->phi);
		}
		if (!hit)
			return false;
	}
	return true;
}

static int parse_filter(struct cli_args *a, struct conn_filter *f)
{
	memset(f, 0, sizeof *f);
	if (cli_has(a, "tcp"))
		f->proto = 6;
	else if (cli_has(a, "udp"))
		f->proto = 17;
	else if (cli_has(a, "icmp"))
		f->proto = 1;
	const char *ip = cli_get(a, "ADDR");
	if (ip) {
		uint32_t x, m = 0xffffffffu;
		if (!conf_parse_host(ip, &x))
			return cli_bad(a, "ADDR");
		const char *mask = cli_get(a, "MASK");
		if (mask && !ip4_parse_mask(mask, &m))
			return cli_bad(a, "MASK");
		f->has_addr = true;
		f->lo = x & m;
		f->hi = x | ~m;
		const char *ip2 = cli_get(a, "ADDR2");
		if (ip2) {
			uint32_t y;
			if (!conf_parse_host(ip2, &y))
				return cli_bad(a, "ADDR2");
			if (y < x)
				return cli_bad(a, "ADDR2");
			f->hi = y;
		}
	}
	const char *p = cli_get(a, "PORT");
	if (p) {
		f->has_port = true;
		f->plo = f->phi = (uint16_t)atoi(p);
		const char *p2 = cli_get(a, "PORT2");
		if (p2) {
			f->phi = (uint16_t)atoi(p2);
			if (f->phi < f->plo)
				return cli_bad(a, "PORT2");
		}
	}
	return CLI_OK;
}

/* ---- show conn -------------------------------------------------------------------------- */

static const char *const legend =
	"Flags: A - awaiting inside ACK to SYN, a - awaiting outside ACK to SYN,\n"
	"       B - initial SYN from outside, C - CTIQBE media, D - DNS, d - dump,\n"
	"       E - outside back connection, F - outside FIN, f - inside FIN,\n"
	"       G - group, g - MGCP, H - H.323, h - H.225.0, I - inbound data,\n"
	"       i - incomplete, J - GTP, j - GTP data, k - Skinny media,\n"
	"       M - SMTP data, m - SIP media, n - GUP, O - outbound data,\n"
	"       P - inside back connection, q - SQL*Net data,\n"
	"       R - outside acknowledged FIN, R - UDP SUNRPC,\n"
	"       r - inside acknowledged FIN, S - awaiting inside SYN,\n"
	"       s - awaiting outside SYN, T - SIP, t - SIP transient, U - up\n";

static int show_conn(struct cli *cli, struct cli_args *a)
{
	fw_sync_now();
	struct conn_filter f;
	int rc = parse_filter(a, &f);
	if (rc != CLI_OK)
		return rc;
	bool detail = cli_has(a, "detail");
	size_t n;
	struct conn **v = conns_sorted(&n);
	cli_printf(cli, "%zu in use, %zu most used\n", conn_count(), conn_most());
	if (detail)
		cli_puts(cli, legend);
	for (size_t i = 0; i < n; i++)
		if (filter_match(v[i], &f))
			fw_conn_line(cli, v[i], detail, "");
	free(v);
	return CLI_OK;
}

static int show_conn_count(struct cli *cli, struct cli_args *a)
{
	(void)a;
	fw_sync_now();
	cli_printf(cli, "%zu in use, %zu most used\n", conn_count(), conn_most());
	return CLI_OK;
}

static int clear_conn(struct cli *cli, struct cli_args *a)
{
	fw_sync_now();
	struct conn_filter f;
	int rc = parse_filter(a, &f);
	if (rc != CLI_OK)
		return rc;
	size_t n = fw_conn_clear(filter_match, &f, "Deny Terminate");
	cli_printf(cli, "%zu connection(s) deleted.\n", n);
	return CLI_OK;
}

/* ---- show local-host ------------------------------------------------------------------- */

static bool covers(const struct nr_static *s, int slot, uint32_t ip)
{
	if (s->real_slot != slot)
		return false;
	if (s->acl) {
		for (size_t i = 0; i < s->acl->nel; i++) {
			const struct fw_elem *e = &s->acl->el[i];
			if (e->permit && ((ip ^ e->src) & e->smask) == 0)
				return true;
		}
		return false;
	}
	return (ip & s->mask) == s->real;
}


/* The conns and xlates of every local host, sorted by host so that one
 * walk prints them all (no scan of the tables per host). */
struct host_index {
	struct conn **c;
	size_t nc, ic;
	struct xlate **x;
	size_t nx, ix;
};

static void conn_host(const struct conn *c, int *slot, uint32_t *ip)
{
	struct side lo, hi;
	sides(c, &lo, &hi);
	*slot = hi.slot;
	*ip = hi.ip;
}

static int cmp_host_key(int sa, uint32_t ia, int sb, uint32_t ib)
{
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}

static int cmp_conn_host(const void *pa, const void *pb)
{
	const struct conn *a = *(struct conn *const *)pa, *b = *(struct conn *const *)pb;
	int sa, sb;
	uint32_t ia, ib;
	conn_host(a, &sa, &ia);
	conn_host(b, &sb, &ib);
	int r = cmp_host_key(sa, ia, sb, ib);
	return r ? r : (a->id < b->id ? -1 : a->id > b->id);
}

static int cmp_xlate_host(const void *pa, const void *pb)
{
	const struct xlate *a = *(struct xlate *const *)pa, *b = *(struct xlate *const *)pb;
	int r = cmp_host_key(a->real_slot, a->real_ip, b->real_slot, b->real_ip);
	return r ? r : (a->seq < b->seq ? -1 : a->seq > b->seq);
}

static void host_index_build(struct host_index *hx)
{
	memset(hx, 0, sizeof *hx);
	hx->c = xmalloc((conn_count() + 1) * sizeof *hx->c);
	uint32_t it = 0;
	for (struct conn *c; (c = conn_next(&it));)
		hx->c[hx->nc++] = c;
	qsort(hx->c, hx->nc, sizeof *hx->c, cmp_conn_host);
	hx->x = xmalloc((xlate_count() + 1) * sizeof *hx->x);
	it = 0;
	for (struct xlate *x; (x = xlate_next(&it));)
		hx->x[hx->nx++] = x;
	qsort(hx->x, hx->nx, sizeof *hx->x, cmp_xlate_host);
}

static void host_index_free(struct host_index *hx)
{
	free(hx->c);
	free(hx->x);
}

/* Hosts are visited in (slot, address) order: the cursors only move on. */
static void host_block(struct cli *cli, const struct lhost *h, struct host_index *hx, bool print)
{
	char a[16];
	if (print) {
		cli_printf(cli, "local host: <%s>,\n", ip4_fmt(h->ip, a));
		cli_printf(cli, "    TCP flow count/limit = %u/unlimited\n", h->tcp);
		cli_printf(cli, "    TCP embryonic count to host = %u\n", h->embryonic);
		cli_printf(cli, "    TCP intercept watermark = unlimited\n");
		cli_printf(cli, "    UDP flow count/limit = %u/unlimited\n", h->udp);
	}
	bool any = false;
	for (size_t i = 0; print && i < nr_static_count(); i++) {
		const struct nr_static *s = nr_static_at(i);
		if (!covers(s, h->slot, h->ip))
			continue;
		if (!any)
			cli_puts(cli, "\n  Xlate:\n");
		any = true;
		fw_static_brief(cli, s, "    ");
	}
	while (hx->ix < hx->nx &&
	       cmp_host_key(hx->x[hx->ix]->real_slot, hx->x[hx->ix]->real_ip, h->slot, h->ip) < 0)
		hx->ix++;
	for (; hx->ix < hx->nx && hx->x[hx->ix]->real_slot == h->slot &&
	       hx->x[hx->ix]->real_ip == h->ip;
	     hx->ix++) {
		if (!print)
			continue;
		if (!any)
			cli_puts(cli, "\n  Xlate:\n");
		any = true;
		fw_xlate_brief(cli, hx->x[hx->ix], "    ");
	}
	bool conn = false;
	int s;
	uint32_t ip;
	while (hx->ic < hx->nc) {
		conn_host(hx->c[hx->ic], &s, &ip);
		if (cmp_host_key(s, ip, h->slot, h->ip) >= 0)
			break;
		hx->ic++;
	}
	for (; hx->ic < hx->nc; hx->ic++) {
		conn_host(hx->c[hx->ic], &s, &ip);
		if (s != h->slot || ip != h->ip)
			break;
		if (!print)
			continue;
		if (!conn)
			cli_puts(cli, "\n  Conn:\n");
		conn = true;
		fw_conn_line(cli, hx->c[hx->ic], false, "    ");
	}
}

static int cmp_slot_sec(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;
	if (fw_ifs[a].sec != fw_ifs[b].sec)
		return fw_ifs[a].sec > fw_ifs[b].sec ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int show_local_host(struct cli *cli, struct cli_args *a)
{
	fw_sync_now();
	const char *ipt = cli_get(a, "IP");
	uint32_t only = 0;
	if (ipt && !conf_parse_host(ipt, &only))
		return cli_bad(a, "IP");
	int *order = xmalloc((fw_nifs + 1) * sizeof *order);
	size_t n = 0;
	for (size_t i = 0; i < fw_nifs; i++)
		if (fw_ifs[i].live)
			order[n++] = (int)i;
	qsort(order, n, sizeof *order, cmp_slot_sec);
	struct host_index hx;
	host_index_build(&hx);
	for (size_t i = 0; i < n; i++) {
		struct fw_if *f = &fw_ifs[order[i]];
		cli_printf(cli, "Interface %s: %u active, %u maximum active, %u denied\n", f->name,
			   f->hosts, f->hosts_max, f->hosts_denied);
		size_t nh;
		struct lhost **hv = lhost_list(order[i], &nh);
		/* the cursors of hx run in slot order: start this slot afresh */
		hx.ic = hx.ix = 0;
		for (size_t j = 0; j < nh; j++)
			host_block(cli, hv[j], &hx, !ipt || hv[j]->ip == only);
		free(hv);
	}
	host_index_free(&hx);
	free(order);
	return CLI_OK;
}

struct host_sel {
	bool any;
	uint32_t ip;
};

static bool conn_of_host(const struct conn *c, void *ctx)
{
	const struct host_sel *h = ctx;
	if (h->any)
		return true;
	struct side lo, hi;
	sides(c, &lo, &hi);
	return hi.ip == h->ip || lo.ip == h->ip;
}

static int clear_local_host(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	fw_sync_now();
	struct host_sel h = {true, 0};
	const char *ipt = cli_get(a, "IP");
	if (ipt) {
		if (!conf_parse_host(ipt, &h.ip))
			return cli_bad(a, "IP");
		h.any = false;
	}
	fw_conn_clear(conn_of_host, &h, "Xlate Clear");
	uint32_t it = 0;
	for (struct xlate *x; (x = xlate_next(&it));)
		if (h.any || x->real_ip == h.ip)
			xlate_del(x->self + 1);
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show conn count", "Show running system information\nShow connection information\n"
			    "Display number of connections in use",
	 show_conn_count, CLI_SHOW | CLI_PRIV},
	{"show conn {all | detail | long | protocol (tcp | udp | icmp) | address ADDR:ip [- ADDR2:ip] "
	 "[netmask MASK:mask] | port PORT:<1-65535> [- PORT2:<1-65535>]}",
	 "Show running system information\nShow connection information\n"
	 "Display all connections\nDisplay connection details\nDisplay in long format\n"
	 "Display connections by protocol\nTCP\nUDP\nICMP\n"
	 "Display connections by address\nIP address\nAddress range\nEnd of the range\n"
	 "Netmask\nNetwork mask\nDisplay connections by port\nPort\nPort range\nEnd of the range",
	 show_conn, CLI_SHOW | CLI_PRIV},
	{"clear conn {all | protocol (tcp | udp | icmp) | address ADDR:ip [- ADDR2:ip] "
	 "[netmask MASK:mask] | port PORT:<1-65535> [- PORT2:<1-65535>]}",
	 "Reset functions\nClear connections\nClear all connections\n"
	 "Clear connections by protocol\nTCP\nUDP\nICMP\n"
	 "Clear connections by address\nIP address\nAddress range\nEnd of the range\n"
	 "Netmask\nNetwork mask\nClear connections by port\nPort\nPort range\nEnd of the range",
	 clear_conn, CLI_PRIV | CLI_EXEC_ANY},
	{"show local-host [IP:ip] [all]",
	 "Show running system information\nShow local host information\nIP address of the host\n"
	 "Include hosts of interfaces of equal security",
	 show_local_host, CLI_SHOW | CLI_PRIV},
	{"clear local-host [IP:ip] [all]",
	 "Reset functions\nClear local host information\nIP address of the host\n"
	 "Include hosts of interfaces of equal security",
	 clear_local_host, CLI_PRIV | CLI_EXEC_ANY},
};

static void fw_show_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
}
MODULE_INIT(fw_show_init)
