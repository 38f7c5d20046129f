/*
 * arp_cache.c — the ARP table: addresses resolved on each interface,
 * static entries ("arp IF IP MAC [alias]"), replies for the box's own
 * addresses and for the addresses it proxies (NAT globals and statics
 * through arp_proxy_register, "alias" entries), packets queued while an
 * address is being resolved, retries, aging after "arp timeout", and
 * gratuitous ARP.  "show arp [statistics]" and "clear arp [statistics]".
 *
 *   show arp:
 *           outside 172.16.1.2 0011.2233.4455 12
 *
 * (eight spaces, interface, address, MAC, seconds since the entry was last
 * confirmed; "-" for static entries, "alias" for proxied ones).
 *
 * An entry is learnt from an ARP packet whose sender is on the receiving
 * interface's network when the packet is addressed to the box or the
 * sender is already known (RFC 826's merge rule); an entry whose time is
 * up is refreshed by traffic that still uses it (the old MAC stays in use
 * while the request is out) and removed when nobody answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/arp.h"
#include "dataplane/dp_int.h"
#include "dataplane/names.h"
#include "dataplane/proto.h"
#include "lib/evloop.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/mgmt.h"

#define ARP_BUCKETS 4096u
#define ARP_MAX_ENTRIES 65536u /* resolved + being resolved */
#define ARP_QUEUE_MAX 16u      /* packets waiting per address */
#define ARP_QUEUED_MAX 4096u   /* packets waiting in all */
#define ARP_TRIES 3            /* requests before giving up */
#define ARP_RETRY_MS 1000
#define ARP_TICK_MS 1000

enum arp_state { ARP_INCOMPLETE, ARP_DYNAMIC, ARP_STATIC };

struct arp_entry {
	struct arp_entry *next; /* hash chain */
	struct iface *ifp;
	uint32_t ip;
	uint8_t mac[6];
	uint8_t state;
	bool alias;       /* static "alias": answered by proxy ARP */
	uint8_t tries;    /* requests sent since the last answer (0: none out) */
	uint64_t seen_ms; /* last confirmed */
	uint64_t req_ms;  /* last request sent */
	struct pkt *qhead, *qtail;
	unsigned qlen;
};

static struct arp_entry *buckets[ARP_BUCKETS];
static size_t nentries, nqueued;
static arp_proxy_fn proxies[8];
static size_t nproxies;
static struct ev_timer *tick_timer;

/* show arp statistics */
static struct {
	uint64_t dropped, max_queued, collisions, garp_sent, retries, max_unresolved;
} stats;

static const uint8_t bcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static unsigned hash(const struct iface *ifp, uint32_t ip)
{
	uint64_t h = (uint64_t)(uintptr_t)ifp * 0x9e3779b97f4a7c15ull ^ ip * 0xff51afd7ed558ccdull;
	h ^= h >> 29;
	return (unsigned)(h & (ARP_BUCKETS - 1));
}

static struct arp_entry *find(const struct iface *ifp, uint32_t ip)
{
	for (struct arp_entry *e = buckets[hash(ifp, ip)]; e; e = e->next)
		if (e->ifp == ifp && e->ip == ip)
			return e;
	return NULL;
}

static void queue_drop(struct arp_entry *e)
{
	while (e->qhead) {
		struct pkt *p = e->qhead;
		e->qhead = p->next;
		stats.dropped++;
		asp_drop(DROP_NO_ADJACENCY, p);
	}
	e->qtail = NULL;
	nqueued -= e->qlen;
	e->qlen = 0;
}

static void entry_del(struct arp_entry *e)
{
	struct arp_entry **pp = &buckets[hash(e->ifp, e->ip)];
	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	queue_drop(e);
	free(e);
	nentries--;
}

static void tick(void *ctx);

static void tick_arm(void)
{
	if (!tick_timer)
		tick_timer = ev_timer_add(ARP_TICK_MS, tick, NULL);
}

static struct arp_entry *entry_new(struct iface *ifp, uint32_t ip, enum arp_state st)
{
	struct arp_entry *e = xcalloc(1, sizeof *e);
	e->ifp = ifp;
	e->ip = ip;
	e->state = (uint8_t)st;
	unsigned b = hash(ifp, ip);
	e->next = buckets[b];
	buckets[b] = e;
	nentries++;
	if (st != ARP_STATIC)
		tick_arm();
	return e;
}

size_t arp_cache_count(void)
{
	return nentries;
}

bool arp_lookup(const struct iface *ifp, uint32_t ip, uint8_t mac[6])
{
	struct arp_entry *e = find(ifp, ip);
	if (!e || e->state == ARP_INCOMPLETE)
		return false;
	memcpy(mac, e->mac, 6);
	return true;
}

void arp_proxy_register(arp_proxy_fn fn)
{
	if (nproxies < sizeof proxies / sizeof proxies[0])
		proxies[nproxies++] = fn;
}

/* ---- sending ARP ---------------------------------------------------------- */

static void arp_send(struct iface *ifp, uint16_t op, const uint8_t sha[6], uint32_t spa,
		     const uint8_t tha[6], uint32_t tpa, const uint8_t dst[6])
{
	struct pkt *p = pkt_alloc();
	uint8_t *a = p->data;
	wr16(a + ARP_HTYPE, 1);
	wr16(a + ARP_PTYPE, ETHERTYPE_IP);
	a[ARP_HLEN] = 6;
	a[ARP_PLEN] = 4;
	wr16(a + ARP_OP, op);
	memcpy(a + ARP_SHA, sha, 6);
	wr32(a + ARP_SPA, spa);
	memcpy(a + ARP_THA, tha, 6);
	wr32(a + ARP_TPA, tpa);
	p->len = ARP_LEN;
	eth_output(ifp, dst, ETHERTYPE_ARP, p);
}

static const uint8_t *if_mac(const struct iface *ifp)
{
	return ifp->parent ? ifp->parent->mac : ifp->mac;
}

static void request(struct arp_entry *e)
{
	static const uint8_t zero[6];
	if (!e->ifp->has_ip)
		return;
	e->req_ms = dp_now_ms();
	if (e->tries++)
		stats.retries++;
	arp_send(e->ifp, ARP_OP_REQUEST, if_mac(e->ifp), e->ifp->ip, zero, e->ip, bcast_mac);
}

void arp_gratuitous(struct iface *ifp)
{
	static const uint8_t zero[6];
	if (!ifp->has_ip || !dp_iface_up(ifp))
		return;
	stats.garp_sent++;
	arp_send(ifp, ARP_OP_REQUEST, if_mac(ifp), ifp->ip, zero, ifp->ip, bcast_mac);
}

/* ---- resolution ----------------------------------------------------------- */

static void queue_flush(struct arp_entry *e)
{
	struct pkt *p = e->qhead;
	e->qhead = e->qtail = NULL;
	nqueued -= e->qlen;
	e->qlen = 0;
	while (p) {
		struct pkt *n = p->next;
		p->next = NULL;
		eth_output(e->ifp, e->mac, ETHERTYPE_IP, p);
		p = n;
	}
}

static bool expired(const struct arp_entry *e, uint64_t now)
{
	return e->state == ARP_DYNAMIC && now - e->seen_ms >= (uint64_t)arp_timeout() * 1000u;
}

static size_t unresolved(void)
{
	size_t n = 0;
	for (unsigned b = 0; b < ARP_BUCKETS; b++)
		for (struct arp_entry *e = buckets[b]; e; e = e->next)
			n += e->state == ARP_INCOMPLETE;
	return n;
}

void arp_resolve_send(struct iface *ifp, uint32_t nexthop, struct pkt *p)
{
	if (!dp_iface_up(ifp)) {
		asp_drop(DROP_INTERFACE_DOWN, p);
		return;
	}
	if (nexthop == 0xffffffffu || ip_addr_is_bcast(ifp, nexthop)) {
		eth_output(ifp, bcast_mac, ETHERTYPE_IP, p);
		return;
	}
	if ((nexthop >> 28) == 0xe) {
		uint8_t m[6] = {0x01, 0x00, 0x5e, (uint8_t)((nexthop >> 16) & 0x7f),
				(uint8_t)(nexthop >> 8), (uint8_t)nexthop};
		eth_output(ifp, m, ETHERTYPE_IP, p);
		return;
	}
	uint64_t now = dp_now_ms();
	struct arp_entry *e = find(ifp, nexthop);
	if (e && e->state != ARP_INCOMPLETE) {
		/* a stale entry carries traffic while it is being refreshed */
		if (expired(e, now) && !e->tries)
			request(e);
		eth_output(ifp, e->mac, ETHERTYPE_IP, p);
		return;
	}
	if (!e) {
		if (nentries >= ARP_MAX_ENTRIES || !ifp->has_ip) {
			stats.dropped++;
			asp_drop(DROP_NO_ADJACENCY, p);
			return;
		}
		e = entry_new(ifp, nexthop, ARP_INCOMPLETE);
		request(e);
		size_t u = unresolved();
		if (u > stats.max_unresolved)
			stats.max_unresolved = u;
	}
	if (e->qlen >= ARP_QUEUE_MAX || nqueued >= ARP_QUEUED_MAX) {
		stats.dropped++;
		asp_drop(DROP_NO_ADJACENCY, p);
		return;
	}
	/* the ingress interface may be gone by the time the answer comes */
	p->in = NULL;
	p->next = NULL;
	if (e->qtail)
		e->qtail->next = p;
	else
		e->qhead = p;
	e->qtail = p;
	e->qlen++;
	nqueued++;
	if (e->qlen > stats.max_queued)
		stats.max_queued = e->qlen;
}

/* An answer (or any ARP from the host) confirms its MAC. */
static void confirm(struct arp_entry *e, const uint8_t mac[6], uint64_t now)
{
	memcpy(e->mac, mac, 6);
	e->state = ARP_DYNAMIC;
	e->seen_ms = now;
	e->tries = 0;
	queue_flush(e);
}

/* ---- input ------------------------------------------------------------------ */

static bool on_net(const struct iface *ifp, uint32_t ip)
{
	return ifp->has_ip && (ip & ifp->mask) == (ifp->ip & ifp->mask);
}

/* The MAC the box answers with for tpa on ifp, or NULL when it does not. */
static const uint8_t *answer_mac(const struct iface *ifp, uint32_t tpa, uint32_t spa)
{
	if (tpa == ifp->ip)
		return if_mac(ifp);
	if (tpa == spa)
		return NULL; /* someone announcing its own address */
	struct arp_entry *e = find(ifp, tpa);
	if (e && e->state == ARP_STATIC && e->alias)
		return e->mac;
	if (mgmt_sysopt_noproxyarp(ifp->nameif))
		return NULL;
	for (size_t i = 0; i < nproxies; i++)
		if (proxies[i](ifp, tpa))
			return if_mac(ifp);
	return NULL;
}

void arp_input(struct iface *ifp, struct pkt *p)
{
	const uint8_t *a = p->data;
	if (p->len < ARP_LEN || rd16(a + ARP_HTYPE) != 1 || rd16(a + ARP_PTYPE) != ETHERTYPE_IP ||
	    a[ARP_HLEN] != 6 || a[ARP_PLEN] != 4) {
		(ifp->parent ? ifp->parent : ifp)->stats.l2_decode_drops++;
		asp_drop(DROP_INVALID_ENCAP, p);
		return;
	}
	uint16_t op = rd16(a + ARP_OP);
	uint8_t sha[6];
	memcpy(sha, a + ARP_SHA, 6);
	uint32_t spa = rd32(a + ARP_SPA), tpa = rd32(a + ARP_TPA);
	if ((op != ARP_OP_REQUEST && op != ARP_OP_REPLY) || (sha[0] & 1) || !ifp->has_ip) {
		pkt_free(p); /* nothing the box takes part in */
		return;
	}
	char ipb[16], macb[16];
	if (spa == ifp->ip && memcmp(sha, if_mac(ifp), 6)) {
		stats.collisions++;
		plog(LOG_WARN_, 405001, "Received ARP %s collision from %s/%s on interface %s",
		     op == ARP_OP_REQUEST ? "request" : "response", ip4_fmt(spa, ipb),
		     mac_fmt(sha, macb), ifp->nameif);
		pkt_free(p);
		return;
	}
	uint64_t now = dp_now_ms();
	bool for_us = tpa == ifp->ip;
	if (spa && on_net(ifp, spa) && spa != ifp->ip) {
		struct arp_entry *e = find(ifp, spa);
		if (e && e->state != ARP_STATIC)
			confirm(e, sha, now);
		else if (!e && for_us && nentries < ARP_MAX_ENTRIES)
			confirm(entry_new(ifp, spa, ARP_DYNAMIC), sha, now);
	}
	const uint8_t *mac = op == ARP_OP_REQUEST ? answer_mac(ifp, tpa, spa) : NULL;
	if (!mac) {
		pkt_free(p);
		return;
	}
	pkt_free(p);
	/* a probe (sender 0.0.0.0) is answered too: it defends the address */
	arp_send(ifp, ARP_OP_REPLY, mac, tpa, sha, spa, sha);
}

/* ---- aging, retries ----------------------------------------------------------- */

void arp_tick(uint64_t now)
{
	bool live = false;
	for (unsigned b = 0; b < ARP_BUCKETS; b++) {
		for (struct arp_entry *e = buckets[b], *n; e; e = n) {
			n = e->next;
			if (e->state == ARP_STATIC)
				continue;
			live = true;
			bool waiting = e->state == ARP_INCOMPLETE || e->tries;
			if (!waiting) {
				if (expired(e, now))
					entry_del(e);
				continue;
			}
			if (now - e->req_ms < ARP_RETRY_MS)
				continue;
			if (e->tries >= ARP_TRIES)
				entry_del(e); /* nobody answers */
			else
				request(e);
		}
	}
	if (!live && tick_timer) {
		ev_timer_cancel(tick_timer);
		tick_timer = NULL;
	}
}

static void tick(void *ctx)
{
	(void)ctx;
	tick_timer = NULL;
	dp_sync();
	tick_arm();
	arp_tick(dp_now_ms());
}

void arp_cache_flush(void)
{
	for (unsigned b = 0; b < ARP_BUCKETS; b++)
		for (struct arp_entry *e = buckets[b], *n; e; e = n) {
			n = e->next;
			if (e->state != ARP_STATIC)
				entry_del(e);
		}
}

/* ---- configuration changes -------------------------------------------------- */

/* What was announced by gratuitous ARP, to announce only what is new. */
struct announced {
	const struct iface *ifp;
	uint32_t ip;
};
static struct announced *announced;
static size_t nannounced;

static bool was_announced(const struct iface *ifp, uint32_t ip)
{
	for (size_t i = 0; i < nannounced; i++)
		if (announced[i].ifp == ifp && announced[i].ip == ip)
			return true;
	return false;
}

void arp_sync(void)
{
	/* entries on interfaces that are gone, unnamed, or whose network no
	 * longer holds them go; statics are taken again from the config */
	size_t n = iface_count();
	for (unsigned b = 0; b < ARP_BUCKETS; b++)
		for (struct arp_entry *e = buckets[b], *nx; e; e = nx) {
			nx = e->next;
			bool keep = false;
			if (e->state != ARP_STATIC)
				for (size_t i = 0; i < n && !keep; i++)
					keep = iface_at(i) == e->ifp && e->ifp->nameif[0] &&
					       on_net(e->ifp, e->ip);
			if (!keep)
				entry_del(e);
		}
	for (size_t i = 0; i < arp_static_count(); i++) {
		const struct arp_static *s = arp_static_at(i);
		struct iface *ifp = iface_find_name(s->ifname);
		if (!ifp)
			continue;
		struct arp_entry *e = find(ifp, s->ip);
		if (e) /* a resolved entry gives way to the static one */
			entry_del(e);
		e = entry_new(ifp, s->ip, ARP_STATIC);
		memcpy(e->mac, s->mac, 6);
		e->alias = s->alias;
		e->seen_ms = dp_now_ms();
	}
	/* gratuitous ARP for each address that is up and was not before */
	struct announced *now = xcalloc(n ? n : 1, sizeof *now);
	size_t nnow = 0;
	for (size_t i = 0; i < n; i++) {
		struct iface *ifp = iface_at(i);
		if (!ifp->has_ip || !dp_iface_up(ifp))
			continue;
		if (!was_announced(ifp, ifp->ip))
			arp_gratuitous(ifp);
		now[nnow++] = (struct announced){ifp, ifp->ip};
	}
	free(announced);
	announced = now;
	nannounced = nnow;
}

/* ---- show / clear -------------------------------------------------------------- */

static int cmp_entry(const void *pa, const void *pb)
{
	const struct arp_entry *a = *(struct arp_entry *const *)pa, *b = *(struct arp_entry *const *)pb;
	if (a->ifp != b->ifp) {
		for (size_t i = 0; i < iface_count(); i++) {
			if (iface_at(i) == a->ifp)
				return -1;
			if (iface_at(i) == b->ifp)
				return 1;
		}
	}
	if ((a->state == ARP_STATIC) != (b->state == ARP_STATIC))
		return a->state == ARP_STATIC ? -1 : 1;
	return a->ip < b->ip ? -1 : a->ip > b->ip;
}

static int show_arp(struct cli *cli, struct cli_args *a)
{
	(void)a;
	dp_sync();
	struct arp_entry **v = xmalloc((nentries ? nentries : 1) * sizeof *v);
	size_t n = 0;
	for (unsigned b = 0; b < ARP_BUCKETS; b++)
		for (struct arp_entry *e = buckets[b]; e; e = e->next)
			if (e->state != ARP_INCOMPLETE)
				v[n++] = e;
	qsort(v, n, sizeof *v, cmp_entry);
	uint64_t now = dp_now_ms();
	for (size_t i = 0; i < n; i++) {
		char ip[64], mac[16], age[24];
		if (v[i]->state == ARP_STATIC)
			snprintf(age, sizeof age, "%s", v[i]->alias ? "alias" : "-");
		else
			snprintf(age, sizeof age, "%llu",
				 (unsigned long long)((now - v[i]->seen_ms) / 1000u));
		cli_printf(cli, "        %s %s %s %s\n", v[i]->ifp->nameif, conf_fmt_host(v[i]->ip, ip),
			   mac_fmt(v[i]->mac, mac), age);
	}
	free(v);
	return CLI_OK;
}

static int show_arp_statistics(struct cli *cli, struct cli_args *a)
{
	(void)a;
	dp_sync();
	size_t total = 0;
	for (unsigned b = 0; b < ARP_BUCKETS; b++)
		for (struct arp_entry *e = buckets[b]; e; e = e->next)
			total += e->state != ARP_INCOMPLETE;
	cli_printf(cli, "        Number of ARP entries:\n");
	cli_printf(cli, "        PIX : %zu\n", total);
	cli_printf(cli, "        Dropped blocks in ARP: %llu\n", (unsigned long long)stats.dropped);
	cli_printf(cli, "        Maximum Queued blocks: %llu\n", (unsigned long long)stats.max_queued);
	cli_printf(cli, "        Queued blocks: %zu\n", nqueued);
	cli_printf(cli, "        Interface collision ARPs Received: %llu\n",
		   (unsigned long long)stats.collisions);
	cli_printf(cli, "        ARP-defense Gratuitous ARPS sent: %llu\n",
		   (unsigned long long)stats.garp_sent);
	cli_printf(cli, "        Total ARP retries: %llu\n", (unsigned long long)stats.retries);
	cli_printf(cli, "        Unresolved hosts: %zu\n", unresolved());
	cli_printf(cli, "        Maximum Unresolved hosts: %llu\n",
		   (unsigned long long)stats.max_unresolved);
	return CLI_OK;
}

static int clear_arp(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	dp_sync();
	if (cli_has(a, "statistics"))
		memset(&stats, 0, sizeof stats);
	else
		arp_cache_flush();
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show arp", "Show running system information\nShow ARP table", show_arp,
	 CLI_SHOW | CLI_PRIV},
	{"show arp statistics",
	 "Show running system information\nShow ARP table\nShow ARP statistics",
	 show_arp_statistics, CLI_SHOW | CLI_PRIV},
	{"clear arp [statistics]",
	 "Reset functions\nClear the ARP table\nClear ARP statistics", clear_arp,
	 CLI_PRIV | CLI_EXEC_ANY},
};

static void arp_cache_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
}
MODULE_INIT(arp_cache_init)
