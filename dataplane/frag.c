/*
 * frag.c — IPv4 reassembly.  The box reassembles every fragmented datagram
 * before it is delivered or forwarded (the firewall needs the ports), and
 * ip_output fragments again for the egress MTU.
 *
 * Limits as the PIX 7.2 "fragment" defaults: at most 200 datagrams being
 * reassembled (size), 24 fragments per datagram (chain), 5 seconds to
 * complete (timeout).  Drops:
 *   overlapping fragments (teardrop), a first fragment too small to hold
 *   the TCP/UDP/ICMP header, a TCP fragment at offset 8 (RFC 1858)
 *                                              security-failed (whole datagram)
 *   more than 24 fragments                     fragment-reassembly-failed, syslog 209005
 *   datagram larger than 65535 bytes           fragment-reassembly-failed, syslog 209004
 *   larger than the box's packet buffer, an
 *   empty or misaligned fragment, conflicting
 *   ends, full table, timeout                  fragment-reassembly-failed
 * An exact duplicate of a fragment already held is dropped alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp_int.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "lib/evloop.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/xalloc.h"

#define FRAG_DB_MAX 200
#define FRAG_CHAIN_MAX 24
#define FRAG_TIMEOUT_MS 5000
#define FRAG_BUCKETS 256u

struct fragq {
	struct fragq *next;             /* hash chain */
	struct fragq *older, *newer;    /* age list */
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
	struct pkt *frags;              /* sorted by offset */
	unsigned nfrags;
	uint32_t total;                 /* payload length once the last fragment came; 0 before */
	uint32_t have;                  /* payload bytes held */
	uint64_t born_ms;
};

static struct fragq *buckets[FRAG_BUCKETS];
static struct fragq *oldest, *newest;
static size_t nq;
static struct ev_timer *timer;

static unsigned hash(uint32_t src, uint32_t dst, uint16_t id, uint8_t proto)
{
	uint32_t h = src * 2654435761u ^ dst * 40503u ^ (uint32_t)id << 8 ^ proto;
	h ^= h >> 16;
	return h & (FRAG_BUCKETS - 1);
}

size_t frag_pending(void)
{
	return nq;
}

static unsigned frag_off(const struct pkt *p)
{
	return (unsigned)(rd16(p->data + IPH_FRAG) & IPH_OFFMASK) * 8;
}

static unsigned frag_len(const struct pkt *p)
{
	return p->len - ip_hlen(p->data);
}

/* Remove q, counting each fragment it held under `why` (or not at all when
 * they were handed on). */
static void q_free(struct fragq *q, bool drop, enum asp_drop why)
{
	struct fragq **pp = &buckets[hash(q->src, q->dst, q->id, q->proto)];
	while (*pp != q)
		pp = &(*pp)->next;
	*pp = q->next;
	if (q->older)
		q->older->newer = q->newer;
	else
		oldest = q->newer;
	if (q->newer)
		q->newer->older = q->older;
	else
		newest = q->older;
	for (struct pkt *f = q->frags, *n; f; f = n) {
		n = f->next;
		if (drop)
			asp_drop(why, f);
		else
			pkt_free(f);
	}
	free(q);
	nq--;
}

void frag_expire(uint64_t now)
{
	while (oldest && now - oldest->born_ms >= FRAG_TIMEOUT_MS)
		q_free(oldest, true, DROP_IP_FRAGMENT);
}

void frag_flush(void)
{
	while (oldest)
		q_free(oldest, true, DROP_IP_FRAGMENT);
}

static void tick(void *ctx)
{
	(void)ctx;
	timer = NULL;
	frag_expire(dp_now_ms());
	if (nq)
		timer = ev_timer_add(1000, tick, NULL);
}

static const char *proto_str(uint8_t proto, char buf[8])
{
	switch (proto) {
	case IPPROTO_TCP_:
		return "TCP";
	case IPPROTO_UDP_:
		return "UDP";
	case IPPROTO_ICMP_:
		return "ICMP";
	default:
		snprintf(buf, 8, "%u", proto);
		return buf;
	}
}

/* Smallest first fragment that holds the transport header. */
static unsigned min_first(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP_:
		return TCP_HLEN_MIN;
	case IPPROTO_UDP_:
		return UDP_HLEN;
	case IPPROTO_ICMP_:
		return ICMP_HLEN;
	default:
		return 1;
	}
}

/* The datagram from q's fragments (all present, in order). */
static struct pkt *assemble(struct fragq *q, struct iface *ifp)
{
	struct pkt *first = q->frags;
	unsigned hl = ip_hlen(first->data);
	struct pkt *p = pkt_alloc();
	memcpy(p->data, first->data, hl);
	for (struct pkt *f = q->frags; f; f = f->next)
		memcpy(p->data + hl + frag_off(f), f->data + ip_hlen(f->data), frag_len(f));
	p->len = hl + q->total;
	p->in = ifp;
	p->ts_us = first->ts_us;
	p->vlan = first->vlan;
	wr16(p->data + IPH_LEN, (uint16_t)p->len);
	wr16(p->data + IPH_FRAG, rd16(p->data + IPH_FRAG) & IPH_DF);
	wr16(p->data + IPH_CSUM, 0);
	uint16_t c = cksum(p->data, hl);
	memcpy(p->data + IPH_CSUM, &c, 2);
	return p;
}

struct pkt *frag_input(struct iface *ifp, struct pkt *p)
{
	const uint8_t *ip = p->data;
	uint32_t src = ip_src(ip), dst = ip_dst(ip);
	uint16_t id = rd16(ip + IPH_ID);
	uint8_t proto = ip[IPH_PROTO];
	unsigned off = frag_off(p), len = frag_len(p);
	bool more = (rd16(ip + IPH_FRAG) & IPH_MF) != 0;
	char a[16], b[16], pb[8];
	uint64_t now = dp_now_ms();
	frag_expire(now);

	if (off + len > 65535) {
		plog(LOG_ERR_, 209004,
		     "Invalid IP fragment, size = %u exceeds maximum size = %u: src = %s, dest = %s, "
		     "proto = %s, id = %u",
		     off + len, 65535, ip4_fmt(src, a), ip4_fmt(dst, b), proto_str(proto, pb), id);
		asp_drop(DROP_IP_FRAGMENT, p);
		return NULL;
	}
	if (len == 0 || (more && len % 8)) {
		asp_drop(DROP_IP_FRAGMENT, p);
		return NULL;
	}
	/* tiny fragments: RFC 1858's overlapping TCP flags, or a first
	 * fragment that hides the ports */
	if ((off == 8 && proto == IPPROTO_TCP_) || (off == 0 && len < min_first(proto))) {
		asp_drop(DROP_SECURITY_FAILED, p);
		return NULL;
	}

	struct fragq *q = buckets[hash(src, dst, id, proto)];
	while (q && !(q->src == src && q->dst == dst && q->id == id && q->proto == proto))
		q = q->next;
	if (!q) {
		if (nq >= FRAG_DB_MAX) {
			asp_drop(DROP_IP_FRAGMENT, p);
			return NULL;
		}
		q = xcalloc(1, sizeof *q);
		q->src = src;
		q->dst = dst;
		q->id = id;
		q->proto = proto;
		q->born_ms = now;
		unsigned h = hash(src, dst, id, proto);
		q->next = buckets[h];
		buckets[h] = q;
		q->older = newest;
		if (newest)
			newest->newer = q;
		else
			oldest = q;
		newest = q;
		nq++;
		if (!timer)
			timer = ev_timer_add(1000, tick, NULL);
	}

	/* where it goes, and whether it overlaps what is there */
	struct pkt **pp = &q->frags;
	while (*pp && frag_off(*pp) < off)
		pp = &(*pp)->next;
	struct pkt *prev = NULL;
	for (struct pkt *f = q->frags; f && f != *pp; f = f->next)
		prev = f;
	struct pkt *nextf = *pp;
	if (nextf && frag_off(nextf) == off && frag_len(nextf) == len &&
	    (rd16(nextf->data + IPH_FRAG) & IPH_MF) == (more ? IPH_MF : 0)) {
		asp_drop(DROP_IP_FRAGMENT, p); /* a duplicate */
		return NULL;
	}
	if ((prev && frag_off(prev) + frag_len(prev) > off) || (nextf && off + len > frag_off(nextf))) {
		asp_drop(DROP_SECURITY_FAILED, p);
		q_free(q, true, DROP_SECURITY_FAILED);
		return NULL;
	}
	/* the end: known from the last fragment; nothing may lie beyond */
	if (!more) {
		uint32_t end = 0;
		for (struct pkt *f = q->frags; f; f = f->next)
			end = frag_off(f) + frag_len(f);
		if ((q->total && q->total != off + len) || end > off + len) {
			asp_drop(DROP_IP_FRAGMENT, p);
			q_free(q, true, DROP_IP_FRAGMENT);
			return NULL;
		}
		q->total = off + len;
	}
	if (q->total && off + len > q->total) {
		asp_drop(DROP_IP_FRAGMENT, p);
		q_free(q, true, DROP_IP_FRAGMENT);
		return NULL;
	}
	if (q->nfrags + 1 > FRAG_CHAIN_MAX) {
		plog(LOG_CRIT_, 209005,
		     "Discard IP fragment set with more than %u elements: src = %s, dest = %s, "
		     "proto = %s, id = %u",
		     FRAG_CHAIN_MAX, ip4_fmt(src, a), ip4_fmt(dst, b), proto_str(proto, pb), id);
		asp_drop(DROP_IP_FRAGMENT, p);
		q_free(q, true, DROP_IP_FRAGMENT);
		return NULL;
	}
	/* the ingress interface may be gone when the datagram completes */
	p->in = NULL;
	p->next = *pp;
	*pp = p;
	q->nfrags++;
	q->have += len;
	if (!q->total || q->have != q->total)
		return NULL;
	if (ip_hlen(q->frags->data) + q->total > PKT_MAX) {
		q_free(q, true, DROP_IP_FRAGMENT); /* bigger than a packet buffer */
		return NULL;
	}
	struct pkt *whole = assemble(q, ifp);
	q_free(q, false, DROP_IP_FRAGMENT);
	return whole;
}
