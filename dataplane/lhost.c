/*
 * lhost.c — the local-host table (see lhost.h): a hash of (slot, address)
 * to counts, kept by the conn and xlate code as they come and go.
 */
#include "dataplane/lhost.h"

#include <stdlib.h>

#include "dataplane/fw_int.h"
#include "dataplane/u64map.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/xalloc.h"

static struct u64map hosts;

static uint64_t key(int slot, uint32_t ip)
{
	return (uint64_t)(uint16_t)slot << 32 | ip;
}

struct lhost *lhost_find(int slot, uint32_t ip)
{
	return u64map_get(&hosts, key(slot, ip));
}

static uint32_t *counter(struct lhost *h, enum lh_what w)
{
	switch (w) {
	case LH_TCP:
		return &h->tcp;
	case LH_UDP:
		return &h->udp;
	case LH_EMBRYONIC:
		return &h->embryonic;
	case LH_XLATE:
		return &h->xlates;
	default:
		return &h->other;
	}
}

void lhost_ref(int slot, uint32_t ip, enum lh_what w)
{
	if (slot < 0 || (size_t)slot >= fw_nifs)
		return;
	struct lhost *h = lhost_find(slot, ip);
	if (!h) {
		h = xcalloc(1, sizeof *h);
		h->slot = (uint16_t)slot;
		h->ip = ip;
		h->created = fw_now();
		u64map_put(&hosts, key(slot, ip), h);
		struct fw_if *f = &fw_ifs[slot];
		if (++f->hosts > f->hosts_max)
			f->hosts_max = f->hosts;
		char b[16];
		plog(LOG_DEBUG_, 609001, "Built local-host %s:%s", f->name, ip4_fmt(ip, b));
	}
	(*counter(h, w))++;
}

void lhost_unref(int slot, uint32_t ip, enum lh_what w)
{
	struct lhost *h = slot >= 0 ? lhost_find(slot, ip) : NULL;
	if (!h)
		return;
	uint32_t *c = counter(h, w);
	if (*c)
		(*c)--;
	if (h->tcp || h->udp || h->other || h->embryonic || h->xlates)
		return;
	u64map_del(&hosts, key(slot, ip));
	if ((size_t)slot < fw_nifs && fw_ifs[slot].hosts)
		fw_ifs[slot].hosts--;
	char b[16], d[32];
	plog(LOG_DEBUG_, 609002, "Teardown local-host %s:%s duration %s", fw_ifname(slot),
	     ip4_fmt(ip, b), fw_hms(fw_now() - h->created, d));
	free(h);
}

size_t lhost_count(void)
{
	return hosts.n;
}

static int cmp_host(const void *pa, const void *pb)
{
	const struct lhost *a = *(struct lhost *const *)pa, *b = *(struct lhost *const *)pb;
	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	return a->ip < b->ip ? -1 : a->ip > b->ip;
}

struct lhost **lhost_list(int slot, size_t *n)
{
	struct lhost **v = xmalloc((hosts.n + 1) * sizeof *v);
	size_t k = 0, i = 0;
	uint64_t key_;
	void *val;
	while (u64map_next(&hosts, &i, &key_, &val)) {
		struct lhost *h = val;
		if (slot < 0 || h->slot == slot)
			v[k++] = h;
	}
	qsort(v, k, sizeof *v, cmp_host);
	*n = k;
	return v;
}

void lhost_reset(void)
{
	size_t i = 0;
	uint64_t k;
	void *v;
	while (u64map_next(&hosts, &i, &k, &v))
		free(v);
	u64map_clear(&hosts);
	for (size_t s = 0; s < fw_nifs; s++)
		fw_ifs[s].hosts = 0;
}

size_t lhost_mem(void)
{
	return hosts.n * sizeof(struct lhost) + hosts.cap * (sizeof(uint64_t) + sizeof(void *));
}
