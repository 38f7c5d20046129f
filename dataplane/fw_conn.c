/*
 * fw_conn.c — opening and tearing down conns (syslog 302013-302021, the
 * xlates and local hosts a conn holds), idle timeouts by state, and the
 * show conn flag letters.  TCP tracking is in conn_tcp.c.
 */
#include "dataplane/fw_conn.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/fw_mpf.h"
#include "dataplane/lhost.h"
#include "dataplane/names.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "nat/xlate.h"

const char *fw_proto_upper(uint8_t proto, char buf[8])
{
	char tmp[8];
	snprintf(buf, 8, "%s", proto_name(proto, tmp));
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return buf;
}

/* The endpoint of side s as it is on its own interface ("real") and as
 * the other side sees it ("mapped"). */
struct endpoint {
	int slot;
	uint32_t real, mapped;
	uint16_t rport, mport;
};

static void endpoint(const struct conn *c, int s, struct endpoint *e)
{
	const struct ckey *own = &c->k[s], *other = &c->k[1 - s];
	e->slot = own->ifx;
	e->real = own->src;
	e->rport = own->sport;
	e->mapped = other->dst;
	e->mport = other->dport;
}

static int low_side(const struct conn *c)
{
	return (c->flags & CF_OUTBOUND) ? 1 : 0;
}

static void log_built(const struct conn *c)
{
	struct endpoint lo, hi;
	int l = low_side(c);
	endpoint(c, l, &lo);
	endpoint(c, 1 - l, &hi);
	const char *dir = (c->flags & CF_OUTBOUND) ? "outbound" : "inbound";
	char a[16], b[16], d[16], e[16];
	ip4_fmt(lo.real, a);
	ip4_fmt(lo.mapped, b);
	ip4_fmt(hi.real, d);
	ip4_fmt(hi.mapped, e);
	uint8_t p = c->k[0].proto;
	if (p == 6 || p == 17)
		plog(LOG_INFO_, p == 6 ? 302013 : 302015,
		     "Built %s %s connection %u for %s:%s/%u (%s/%u) to %s:%s/%u (%s/%u)", dir,
		     p == 6 ? "TCP" : "UDP", c->id, fw_ifname(lo.slot), a, lo.rport, b, lo.mport,
		     fw_ifname(hi.slot), d, hi.rport, e, hi.mport);
	else if (p == 1)
		plog(LOG_INFO_, 302020, "Built %s ICMP connection for faddr %s/%u gaddr %s/%u laddr %s/%u",
		     dir, a, lo.rport, e, hi.mport, d, hi.rport);
}

static void log_teardown(const struct conn *c, const char *reason)
{
	struct endpoint lo, hi;
	int l = low_side(c);
	endpoint(c, l, &lo);
	endpoint(c, 1 - l, &hi);
	char a[16], d[16], e[16], dur[32];
	ip4_fmt(lo.real, a);
	ip4_fmt(hi.real, d);
	ip4_fmt(hi.mapped, e);
	fw_hms(fw_now() - c->created, dur);
	uint8_t p = c->k[0].proto;
	if (p == 6)
		plog(LOG_INFO_, 302014,
		     "Teardown TCP connection %u for %s:%s/%u to %s:%s/%u duration %s bytes %llu%s%s",
		     c->id, fw_ifname(lo.slot), a, lo.rport, fw_ifname(hi.slot), d, hi.rport, dur,
		     (unsigned long long)c->bytes, reason && *reason ? " " : "",
		     reason ? reason : "");
	else if (p == 17)
		plog(LOG_INFO_, 302016,
		     "Teardown UDP connection %u for %s:%s/%u to %s:%s/%u duration %s bytes %llu",
		     c->id, fw_ifname(lo.slot), a, lo.rport, fw_ifname(hi.slot), d, hi.rport, dur,
		     (unsigned long long)c->bytes);
	else if (p == 1)
		plog(LOG_INFO_, 302021, "Teardown ICMP connection for faddr %s/%u gaddr %s/%u laddr %s/%u",
		     a, lo.rport, e, hi.mport, d, hi.rport);
}

static enum lh_what host_kind(uint8_t proto)
{
	return proto == 6 ? LH_TCP : proto == 17 ? LH_UDP : LH_OTHER;
}

/* The local host of a conn: its endpoint on the higher-security side. */
static void host_of(const struct conn *c, int *slot, uint32_t *ip)
{
	int h = 1 - low_side(c);
	*slot = c->k[h].ifx;
	*ip = c->k[h].src;
}

uint32_t fw_conn_timeout(const struct conn *c)
{
	uint32_t own; /* "set connection timeout" of the conn's class */
	if (c->mpf && fw_mpf_timeout(c, &own))
		return own;
	switch (c->k[0].proto) {
	case 6:
		if (c->state < TS_ESTABLISHED)
			return fw_tmo.embryonic;
		if (c->flags & (CF_FIN0 | CF_FIN1))
			return fw_tmo.half_closed;
		return fw_tmo.conn;
	case 17:
		return fw_tmo.udp;
	case 1:
		return fw_tmo.icmp;
	default:
		return fw_tmo.conn;
	}
}

void fw_conn_schedule(struct conn *c)
{
	uint32_t t = fw_conn_timeout(c);
	conn_schedule(c, t ? c->last + t : fw_now() + 3600);
}

struct conn *fw_conn_open(const struct fw_verdict *v, const struct ckey *k0,
			  const struct ckey *k1, const struct fw_pkt *pk)
{
	struct conn *c = conn_insert(k0, k1);
	if (!c)
		return NULL;
	c->created = c->last = fw_now();
	if (fw_ifs[v->in].sec >= fw_ifs[v->out].sec)
		c->flags |= CF_OUTBOUND;
	if (v->snat.how == NH_DYNAMIC || v->snat.how == NH_IDENTITY)
		c->xl[0] = v->snat.xlate;
	if (v->dnat.how == NH_XLATE)
		c->xl[1] = v->dnat.xlate;
	xlate_hold(c->xl[0]);
	xlate_hold(c->xl[1]);
	int hs;
	uint32_t hip;
	host_of(c, &hs, &hip);
	lhost_ref(hs, hip, host_kind(k0->proto));
	if (k0->proto == 6) {
		lhost_ref(hs, hip, LH_EMBRYONIC);
		tcp_start(c, pk);
	}
	if (k0->proto == 1)
		c->flags |= CF_ICMP;
	log_built(c);
	fw_conn_schedule(c);
	return c;
}

/* TCP reached "up": the local host has one embryonic conn less. */
void fw_conn_established(struct conn *c)
{
	int hs;
	uint32_t hip;
	host_of(c, &hs, &hip);
	lhost_unref(hs, hip, LH_EMBRYONIC);
	fw_mpf_established(c);
	fw_conn_schedule(c);
}

void fw_conn_close(struct conn *c, const char *reason)
{
	if (reason)
		log_teardown(c, reason);
	xlate_release(c->xl[0]);
	xlate_release(c->xl[1]);
	int hs;
	uint32_t hip;
	host_of(c, &hs, &hip);
	if (c->k[0].proto == 6 && c->state < TS_ESTABLISHED)
		lhost_unref(hs, hip, LH_EMBRYONIC);
	lhost_unref(hs, hip, host_kind(c->k[0].proto));
	fw_mpf_closed(c);
	conn_remove(c);
}

static void expire(struct conn *c)
{
	uint32_t now = fw_now(), t = fw_conn_timeout(c);
	if (!t) {
		conn_schedule(c, now + 3600);
		return;
	}
	if (now - c->last < t) {
		conn_schedule(c, c->last + t);
		return;
	}
	const char *reason = "";
	if (c->k[0].proto == 6)
		reason = c->state < TS_ESTABLISHED ? "SYN Timeout"
			 : (c->flags & (CF_FIN0 | CF_FIN1)) ? "FIN Timeout"
							    : "Conn-timeout";
	fw_mpf_idle_expire(c); /* "set connection timeout tcp ... reset" */
	fw_conn_close(c, reason);
}

void fw_conn_advance(uint32_t now)
{
	conn_advance(now, expire);
}

void fw_conn_retime(void)
{
	uint32_t it = 0;
	for (struct conn *c; (c = conn_next(&it));)
		fw_conn_schedule(c);
}

size_t fw_conn_clear(bool (*match)(const struct conn *c, void *ctx), void *ctx, const char *reason)
{
	size_t n = 0;
	uint32_t it = 0;
	for (struct conn *c; (c = conn_next(&it));) {
		if (match && !match(c, ctx))
			continue;
		fw_conn_close(c, reason);
		n++;
	}
	return n;
}

static bool on_dead(const struct conn *c, void *ctx)
{
	(void)ctx;
	return !fw_ifs[c->k[0].ifx].live || !fw_ifs[c->k[1].ifx].live;
}

void fw_conn_sweep_dead(void)
{
	bool any = false;
	for (size_t i = 0; i < fw_nifs; i++)
		any |= !fw_ifs[i].live;
	if (!any)
		return;
	fw_conn_clear(on_dead, NULL, "Unknown");
	uint32_t it = 0;
	for (struct xlate *x; (x = xlate_next(&it));)
		if (!fw_ifs[x->real_slot].live || !fw_ifs[x->mapped_slot].live)
			xlate_del(x->self + 1);
}

const char *fw_conn_flags(const struct conn *c, char buf[16])
{
	char *p = buf;
	if (c->k[0].proto != 6) {
		strcpy(buf, "-");
		return buf;
	}
	bool out = c->flags & CF_OUTBOUND;
	int hi = out ? 0 : 1, lo = 1 - hi;
	switch (c->state) {
	case TS_SYN_SENT:
		p += sprintf(p, out ? "saA" : "SaA");
		break;
	case TS_SYN_RCVD:
		p += sprintf(p, out ? "A" : "a");
		break;
	case TS_ESTABLISHED:
		*p++ = 'U';
		break;
	default:
		break;
	}
	uint16_t fin[2] = {CF_FIN0, CF_FIN1}, ack[2] = {CF_FINACK0, CF_FINACK1};
	if (c->flags & fin[hi])
		*p++ = 'f';
	if (c->flags & fin[lo])
		*p++ = 'F';
	if (c->flags & ack[lo])
		*p++ = 'r'; /* inside acknowledged the outside's FIN */
	if (c->flags & ack[hi])
		*p++ = 'R';
	if (c->flags & CF_DATA_I)
		*p++ = 'I';
	if (c->flags & CF_DATA_O)
		*p++ = 'O';
	if (!out)
		*p++ = 'B';
	*p = 0;
	if (p == buf)
		strcpy(buf, "-");
	return buf;
}
