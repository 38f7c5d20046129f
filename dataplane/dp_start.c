/*
 * dp_start.c — the packet path's glue: start-up, the clock, and dp_sync(),
 * which notices configuration changes.
 *
 * The configuration modules change their tables directly (a command runs
 * in its own event-loop callback).  At the start of each receive batch,
 * timer and box-originated packet the packet path looks at
 * conf_generation() and the link states (a few loads); when either moved
 * it compares a fingerprint of what it depends on — interfaces, routes,
 * static ARP entries — and rebuilds its derived tables when that changed.
 * A subinterface's link follows its port.
 */
#include <stdint.h>
#include <string.h>
#include <sys/time.h>

#include "dataplane/arp.h"
#include "dataplane/dp_int.h"
#include "dataplane/port.h"
#include "dataplane/route.h"
#include "conf/conf.h"
#include "lib/evloop.h"

static uint64_t test_clock;
static uint64_t last_fp;
static bool synced;
static void (*watchers[16])(void);
static size_t nwatchers;

uint64_t dp_now_ms(void)
{
	return test_clock ? test_clock : ev_now_ms();
}

void dp_set_test_clock(uint64_t ms)
{
	test_clock = ms;
}

uint64_t dp_now_us(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

void dp_on_change(void (*fn)(void))
{
	if (nwatchers < sizeof watchers / sizeof watchers[0])
		watchers[nwatchers++] = fn;
}

/* Word-wise mixing (a multiply and a shift per value): the fingerprint
 * is taken per receive batch, so it must stay cheap with many routes. */
static inline uint64_t mixw(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

static uint64_t mixs(uint64_t h, const char *s)
{
	uint64_t w = 0;
	unsigned n = 0;
	for (; *s; s++) {
		w = w << 8 | (uint8_t)*s;
		if (++n == 8) {
			h = mixw(h, w);
			w = 0;
			n = 0;
		}
	}
	return mixw(h, w ^ (uint64_t)n << 56);
}

static uint64_t mac_word(const uint8_t m[6])
{
	return (uint64_t)m[0] << 40 | (uint64_t)m[1] << 32 | (uint64_t)m[2] << 24 |
	       (uint64_t)m[3] << 16 | (uint64_t)m[4] << 8 | m[5];
}

static uint64_t fingerprint(void)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t n = iface_count();
	h = mixw(h, n);
	for (size_t i = 0; i < n; i++) {
		struct iface *ifp = iface_at(i);
		if (ifp->parent)
			ifp->link_up = ifp->parent->link_up;
		h = mixw(h, (uintptr_t)ifp);
		h = mixw(h, (uintptr_t)ifp->parent);
		h = mixs(h, ifp->nameif);
		h = mixw(h, (uint64_t)ifp->ip << 32 | ifp->mask);
		h = mixw(h, (uint64_t)(uint32_t)ifp->vlan << 32 | (uint32_t)ifp->mtu);
		h = mixw(h, (uint64_t)ifp->has_ip | (uint64_t)ifp->shutdown << 1 |
				    (uint64_t)ifp->link_up << 2);
		h = mixw(h, mac_word(ifp->mac));
	}
	size_t nr = route_count();
	h = mixw(h, nr);
	for (size_t i = 0; i < nr; i++) {
		const struct route *r = route_at(i);
		h = mixs(h, r->ifname);
		h = mixw(h, (uint64_t)r->net << 32 | r->mask);
		h = mixw(h, (uint64_t)r->gw << 32 | (uint32_t)r->metric << 1 | r->tunneled);
	}
	size_t ns = arp_static_count();
	h = mixw(h, ns);
	for (size_t i = 0; i < ns; i++) {
		const struct arp_static *s = arp_static_at(i);
		h = mixs(h, s->ifname);
		h = mixw(h, (uint64_t)s->ip << 1 | s->alias);
		h = mixw(h, mac_word(s->mac));
	}
	return h;
}

/* What can change without a configuration command: the ports' links. */
static uint64_t links(void)
{
	uint64_t h = iface_count();
	for (size_t i = 0; i < iface_count(); i++)
		h = mixw(h, (uintptr_t)iface_at(i) ^ iface_at(i)->link_up);
	return h;
}

static uint64_t last_gen, last_links;

/* The full comparison: on a configuration change (conf_generation), a link
 * change, and once a second from the link poll (dp_sync_full) for anything
 * that changes the interfaces without a command. */
static void sync(bool full)
{
	uint64_t gen = conf_generation(), lk = links();
	if (synced && !full && gen == last_gen && lk == last_links)
		return;
	last_gen = gen;
	uint64_t fp = fingerprint();
	last_links = links(); /* the fingerprint updates subinterface links */
	if (synced && fp == last_fp)
		return;
	synced = true;
	port_admin_sync();
	last_fp = fingerprint(); /* the link may have changed with it */
	last_links = links();
	eth_sync();
	rib_rebuild();
	arp_sync();
	for (size_t i = 0; i < nwatchers; i++)
		watchers[i]();
}

void dp_sync(void)
{
	sync(false);
}

void dp_sync_full(void)
{
	sync(true);
}

void dp_start(void)
{
	dp_sync();
	port_start_all();
}
