/*
 * xlate.c — storage of the xlate table (see xlate.h): chunked entries,
 * a chained hash over both keys (real side, mapped side), the idle-timer
 * wheel, and the 305009-305012 messages.
 */
#include "nat/xlate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/fw_int.h"
#include "dataplane/lhost.h"
#include "dataplane/u64map.h"
#include "dataplane/wheel.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/xalloc.h"

#define CHUNK_SHIFT 10
#define CHUNK (1u << CHUNK_SHIFT)

static struct xlate **chunks;
static size_t nchunks;
static uint32_t free_head, next_new, seq;
static size_t count, most;
static uint32_t *buckets;
static size_t nbuckets;
static struct wheel wheel;

static inline struct xlate *at(uint32_t idx)
{
	return &chunks[idx >> CHUNK_SHIFT][idx & (CHUNK - 1)];
}

static uint64_t hash_local(int rs, int ms, uint32_t ip, uint8_t proto, uint16_t port)
{
	return u64_mix((uint64_t)(uint16_t)rs << 48 | (uint64_t)(uint16_t)ms << 32 | ip) ^
	       u64_mix((uint64_t)proto << 16 | port | 1ull << 40);
}

static uint64_t hash_global(int ms, uint32_t ip, uint8_t proto, uint16_t port)
{
	return u64_mix((uint64_t)(uint16_t)ms << 32 | ip) ^ u64_mix((uint64_t)proto << 16 | port);
}

static uint64_t hash_of(const struct xlate *x, int which)
{
	return which ? hash_global(x->mapped_slot, x->mapped_ip, x->proto, x->mapped_port)
		     : hash_local(x->real_slot, x->mapped_slot, x->real_ip, x->proto, x->real_port);
}

uint32_t xlate_find_local(int rs, int ms, uint32_t ip, uint8_t proto, uint16_t port)
{
	if (!count)
		return 0;
	uint32_t e = buckets[hash_local(rs, ms, ip, proto, port) & (nbuckets - 1)];
	while (e) {
		uint32_t idx = (e - 1) >> 1;
		int w = (int)((e - 1) & 1);
		const struct xlate *x = at(idx);
		if (!w && x->real_slot == rs && x->mapped_slot == ms && x->real_ip == ip &&
		    x->proto == proto && x->real_port == port)
			return idx + 1;
		e = x->hnext[w];
	}
	return 0;
}

uint32_t xlate_find_global(int ms, uint32_t ip, uint8_t proto, uint16_t port)
{
	if (!count)
		return 0;
	uint32_t e = buckets[hash_global(ms, ip, proto, port) & (nbuckets - 1)];
	while (e) {
		uint32_t idx = (e - 1) >> 1;
		int w = (int)((e - 1) & 1);
		const struct xlate *x = at(idx);
		if (w && x->mapped_slot == ms && x->mapped_ip == ip && x->proto == proto &&
		    x->mapped_port == port)
			return idx + 1;
		e = x->hnext[w];
	}
	return 0;
}

static void link_key(uint32_t idx, int w)
{
	struct xlate *x = at(idx);
	uint32_t *b = &buckets[hash_of(x, w) & (nbuckets - 1)];
	x->hnext[w] = *b;
	*b = (idx << 1 | (uint32_t)w) + 1;
}

static void unlink_key(uint32_t idx, int w)
{
	struct xlate *x = at(idx);
	uint32_t *p = &buckets[hash_of(x, w) & (nbuckets - 1)];
	uint32_t me = (idx << 1 | (uint32_t)w) + 1;
	while (*p) {
		if (*p == me) {
			*p = x->hnext[w];
			return;
		}
		uint32_t e = *p;
		p = &at((e - 1) >> 1)->hnext[(e - 1) & 1];
	}
}

/* Called before a new entry is marked live (it is linked after). */
static void grow(void)
{
	if (buckets && (count + 1) * 2 < nbuckets)
		return;
	free(buckets);
	nbuckets = nbuckets ? nbuckets * 2 : 1024;
	buckets = xcalloc(nbuckets, sizeof *buckets);
	for (uint32_t idx = 0; idx < next_new; idx++)
		if (at(idx)->live) {
			link_key(idx, 0);
			link_key(idx, 1);
		}
}

static const char *proto_text(uint8_t p)
{
	return p == 6 ? "TCP" : p == 17 ? "UDP" : "ICMP";
}

static void log_xlate(const struct xlate *x, bool built)
{
	char r[16], m[16], d[32] = "";
	ip4_fmt(x->real_ip, r);
	ip4_fmt(x->mapped_ip, m);
	if (!built)
		snprintf(d, sizeof d, " duration %s", fw_hms(fw_now() - x->created, (char[32]){0}));
	if (x->kind == XL_PAT)
		plog(LOG_INFO_, built ? 305011 : 305012,
		     "%s dynamic %s translation from %s:%s/%u to %s:%s/%u%s",
		     built ? "Built" : "Teardown", proto_text(x->proto), fw_ifname(x->real_slot), r,
		     x->real_port, fw_ifname(x->mapped_slot), m, x->mapped_port, d);
	else
		plog(LOG_INFO_, built ? 305009 : 305010, "%s dynamic translation from %s:%s to %s:%s%s",
		     built ? "Built" : "Teardown", fw_ifname(x->real_slot), r,
		     fw_ifname(x->mapped_slot), m, d);
}

static uint32_t timeout_of(const struct xlate *x)
{
	return x->kind == XL_PAT ? fw_tmo.pat_xlate : fw_tmo.xlate;
}

uint32_t xlate_add(const struct xlate *t)
{
	grow();
	uint32_t idx;
	if (free_head) {
		idx = free_head - 1;
		free_head = at(idx)->hnext[0];
	} else {
		if ((next_new >> CHUNK_SHIFT) >= nchunks) {
			chunks = xrealloc(chunks, (nchunks + 1) * sizeof *chunks);
			chunks[nchunks++] = xcalloc(CHUNK, sizeof **chunks);
		}
		idx = next_new++;
	}
	struct xlate *x = at(idx);
	*x = *t;
	x->live = true;
	x->self = idx;
	x->nconn = 0;
	x->seq = ++seq;
	x->created = x->last = fw_now();
	count++;
	if (count > most)
		most = count;
	link_key(idx, 0);
	link_key(idx, 1);
	wheel_add(&wheel, idx, x->last + timeout_of(x));
	lhost_ref(x->real_slot, x->real_ip, LH_XLATE);
	log_xlate(x, true);
	return idx + 1;
}

struct xlate *xlate_get(uint32_t id)
{
	if (!id || id > next_new)
		return NULL;
	struct xlate *x = at(id - 1);
	return x->live ? x : NULL;
}

void xlate_hold(uint32_t id)
{
	struct xlate *x = xlate_get(id);
	if (x) {
		x->nconn++;
		x->last = fw_now();
	}
}

void xlate_release(uint32_t id)
{
	struct xlate *x = xlate_get(id);
	if (!x)
		return;
	if (x->nconn)
		x->nconn--;
	x->last = fw_now();
	if (!x->nconn)
		wheel_add(&wheel, x->self, x->last + timeout_of(x));
}

void xlate_touch(uint32_t id)
{
	struct xlate *x = xlate_get(id);
	if (x)
		x->last = fw_now();
}

void xlate_del(uint32_t id)
{
	struct xlate *x = xlate_get(id);
	if (!x)
		return;
	uint32_t idx = id - 1;
	log_xlate(x, false);
	if (x->kind == XL_PAT)
		pat_release(x->mapped_ip, x->proto, x->mapped_port);
	lhost_unref(x->real_slot, x->real_ip, LH_XLATE);
	unlink_key(idx, 0);
	unlink_key(idx, 1);
	wheel_del(&wheel, idx);
	x->live = false;
	x->hnext[0] = free_head;
	free_head = idx + 1;
	count--;
}

static void expire(void *ctx, uint32_t idx)
{
	uint32_t now = *(uint32_t *)ctx;
	struct xlate *x = at(idx);
	if (!x->live)
		return;
	uint32_t tmo = timeout_of(x);
	if (x->nconn || (tmo && now - x->last < tmo)) {
		/* still used: look again one timeout after its last use */
		wheel_add(&wheel, idx, (x->nconn ? now : x->last) + (tmo ? tmo : 3600));
		return;
	}
	if (!tmo) {
		wheel_add(&wheel, idx, now + 3600);
		return;
	}
	xlate_del(idx + 1);
}

void xlate_advance(uint32_t now)
{
	wheel_advance(&wheel, now, expire, &now);
}

size_t xlate_count(void)
{
	return count;
}

size_t xlate_most(void)
{
	return most;
}

struct xlate *xlate_next(uint32_t *iter)
{
	while (*iter < next_new) {
		struct xlate *x = at((*iter)++);
		if (x->live)
			return x;
	}
	return NULL;
}

size_t xlate_mem(void)
{
	return nchunks * CHUNK * sizeof(struct xlate) + nbuckets * sizeof *buckets +
	       wheel_mem(&wheel);
}

void xlate_table_free(void)
{
	for (size_t i = 0; i < nchunks; i++)
		free(chunks[i]);
	free(chunks);
	free(buckets);
	wheel_free(&wheel);
	chunks = NULL;
	buckets = NULL;
	nchunks = nbuckets = count = 0;
	free_head = next_new = 0;
}
