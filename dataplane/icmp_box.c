/*
 * icmp_box.c — ICMP to the box and ICMP errors from it.
 *
 * ICMP to one of the box's addresses is filtered by the "icmp permit|deny"
 * rules of the interface it arrived on (first match; no rule for the
 * interface permits everything; rules but no match denies, syslog 313001).
 * Echo requests to the interface address are answered out of the same
 * interface; other permitted ICMP goes to the handler registered for
 * protocol 1 (ping's replies), if any.
 *
 * icmp_error() sends unreachable / time exceeded / parameter problem about
 * a packet, never about an ICMP error, a non-first fragment or a broadcast,
 * limited to "icmp unreachable rate-limit N burst-size B" (a token bucket
 * shared by all error types).
 */
#include <stdio.h>
#include <string.h>

#include "dataplane/dp_int.h"
#include "dataplane/icmp.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "lib/ip4.h"
#include "lib/log.h"

static uint64_t icmp_bad_cksum;

uint64_t icmp_box_bad_cksum(void)
{
	return icmp_bad_cksum;
}

static bool permitted(const struct iface *ifp, uint32_t src, int type)
{
	bool rules = false;
	for (size_t i = 0; i < icmp_rule_count(); i++) {
		const struct icmp_rule *r = icmp_rule_at(i);
		if (strcmp(r->ifname, ifp->nameif))
			continue;
		rules = true;
		if ((src & r->mask) == (r->ip & r->mask) && (r->type < 0 || r->type == type))
			return r->permit;
	}
	return !rules;
}

static void echo_reply(struct iface *ifp, struct pkt *p)
{
	uint8_t *ip = p->data;
	uint32_t src = ip_src(ip), dst = ip_dst(ip);
	if (dst != ifp->ip) {
		asp_drop(DROP_ACL_DROP, p); /* no answer to broadcast pings */
		return;
	}
	unsigned hl = ip_hlen(ip);
	pkt_pull(p, hl);
	uint8_t *icmp = p->data;
	icmp[0] = ICMP_ECHOREPLY;
	wr16(icmp + 2, 0);
	uint16_t c = cksum(icmp, p->len);
	memcpy(icmp + 2, &c, 2);
	ip_send_if(ifp, p, src, dst, IPPROTO_ICMP_);
}

void icmp_box_input(struct iface *ifp, struct pkt *p)
{
	uint8_t *ip = p->data;
	unsigned hl = ip_hlen(ip);
	uint32_t len = p->len - hl;
	if (ip_is_fragment(ip) || len < ICMP_HLEN) {
		asp_drop(DROP_INVALID_IP_LENGTH, p);
		return;
	}
	if (cksum(ip + hl, len) != 0) {
		/* discarded by the box's own stack, as a host does */
		icmp_bad_cksum++;
		pkt_free(p);
		return;
	}
	uint8_t type = ip[hl], code = ip[hl + 1];
	if (!permitted(ifp, ip_src(ip), type)) {
		char a[16];
		plog(LOG_ERR_, 313001, "Denied ICMP type=%u, code=%u from %s on interface %s", type,
		     code, ip4_fmt(ip_src(ip), a), ifp->nameif);
		asp_drop(DROP_ACL_DROP, p);
		return;
	}
	if (type == ICMP_ECHO) {
		echo_reply(ifp, p);
		return;
	}
	local_proto_fn fn = local_proto_handler(IPPROTO_ICMP_);
	if (fn && fn(ifp, p))
		return;
	pkt_free(p); /* replies nobody waits for: not a drop the ASA counts */
}

/* ---- errors -------------------------------------------------------------- */

static struct {
	double tokens;
	uint64_t last_ms;
	bool init;
} bucket;

static bool rate_ok(void)
{
	uint64_t now = dp_now_ms();
	double rate = icmp_unreach_rate(), burst = icmp_unreach_burst();
	if (!bucket.init) {
		bucket.init = true;
		bucket.tokens = burst;
		bucket.last_ms = now;
	}
	bucket.tokens += (double)(now - bucket.last_ms) * rate / 1000.0;
	bucket.last_ms = now;
	if (bucket.tokens > burst)
		bucket.tokens = burst;
	if (bucket.tokens < 1.0)
		return false;
	bucket.tokens -= 1.0;
	return true;
}

void icmp_error_reset_rate(void)
{
	bucket.init = false;
}

static bool is_error_type(uint8_t t)
{
	return !(t == ICMP_ECHOREPLY || t == ICMP_ECHO || (t >= 13 && t <= 18) || t == 9 || t == 10);
}

void icmp_error(struct pkt *p, uint8_t type, uint8_t code, uint16_t mtu)
{
	const uint8_t *ip = p->data;
	if (p->len < IP_HLEN_MIN)
		return;
	unsigned hl = ip_hlen(ip);
	uint32_t src = ip_src(ip), dst = ip_dst(ip);
	if (hl < IP_HLEN_MIN || hl > p->len)
		return;
	if ((rd16(ip + IPH_FRAG) & IPH_OFFMASK) || src == 0 || (src >> 28) >= 0xe ||
	    (dst >> 28) >= 0xe || (p->in && ip_addr_is_bcast(p->in, dst)) ||
	    (p->in && ip_addr_is_bcast(p->in, src)))
		return;
	if (ip[IPH_PROTO] == IPPROTO_ICMP_ && (p->len < hl + 1 || is_error_type(ip[hl])))
		return;
	if (!rate_ok())
		return;
	unsigned quote = hl + 8 < p->len ? hl + 8 : p->len;
	struct pkt *e = pkt_alloc();
	uint8_t *m = e->data;
	m[0] = type;
	m[1] = code;
	wr16(m + 2, 0);
	wr16(m + 4, 0);
	wr16(m + 6, type == ICMP_UNREACH && code == ICMP_UNREACH_NEEDFRAG ? mtu : 0);
	memcpy(m + ICMP_HLEN, ip, quote);
	e->len = ICMP_HLEN + quote;
	uint16_t c = cksum(m, e->len);
	memcpy(m + 2, &c, 2);
	/* from the address of the interface the packet came in on, back out
	 * of it; the box's own packets are answered by route */
	if (p->in && p->in->has_ip)
		ip_send_if(p->in, e, src, p->in->ip, IPPROTO_ICMP_);
	else
		ip_send(e, src, 0, IPPROTO_ICMP_);
}
