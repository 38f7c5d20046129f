/*
 * conn.c — storage of the connection table (see conn.h): chunked entry
 * pool with a free list, a chained hash of both keys of every entry, and
 * the idle-timer wheel.  The policy (TCP tracking, logs, NAT) is in
 * fw*.c; this file only finds, adds and removes.
 */
#include "dataplane/conn.h"

#include <stdlib.h>
#include <string.h>

#include "dataplane/u64map.h"
#include "dataplane/wheel.h"
#include "lib/xalloc.h"

#define CHUNK_SHIFT 12
#define CHUNK (1u << CHUNK_SHIFT)

static struct conn **chunks;
static size_t nchunks;
static uint8_t **live;       /* per chunk: 1 = in use */
static uint32_t free_head;   /* index + 1 */
static uint32_t next_new;    /* entries ever carved from chunks */
static size_t count, most;
static uint32_t *buckets;    /* (index << 1 | side) + 1 */
static size_t nbuckets;
static uint64_t seed;
static uint32_t next_id = 1;
static struct wheel wheel;
static bool ready;

static inline uint64_t key_hash(const struct ckey *k)
{
	uint64_t a = (uint64_t)k->src << 32 | k->dst;
	uint64_t b = (uint64_t)k->sport << 48 | (uint64_t)k->dport << 32 | (uint64_t)k->proto << 16 |
		     k->ifx;
	return u64_mix(a ^ seed) ^ u64_mix(b + seed);
}

void conn_table_init(void)
{
	if (ready)
		return;
	ready = true;
	nbuckets = 1024;
	buckets = xcalloc(nbuckets, sizeof *buckets);
	/* a per-process seed: flows chosen by an outsider cannot aim at one chain */
	seed = u64_mix((uint64_t)(uintptr_t)&seed ^ (uint64_t)rand());
	/* the wheel is ready as zero-initialised static storage */
}

uint32_t conn_index(const struct conn *c)
{
	return c->self;
}

static inline struct conn *at(uint32_t idx)
{
	return &chunks[idx >> CHUNK_SHIFT][idx & (CHUNK - 1)];
}

struct conn *conn_at(uint32_t idx)
{
	if ((idx >> CHUNK_SHIFT) >= nchunks || !live[idx >> CHUNK_SHIFT][idx & (CHUNK - 1)])
		return NULL;
	return at(idx);
}

struct conn *conn_lookup(const struct ckey *k, int *side)
{
	if (!count)
		return NULL;
	uint32_t e = buckets[key_hash(k) & (nbuckets - 1)];
	while (e) {
		uint32_t idx = (e - 1) >> 1;
		int s = (int)((e - 1) & 1);
		struct conn *c = at(idx);
		if (ckey_eq(&c->k[s], k)) {
			*side = s;
			return c;
		}
		e = c->hnext[s];
	}
	return NULL;
}

static void link_key(uint32_t idx, int s)
{
	struct conn *c = at(idx);
	uint32_t *b = &buckets[key_hash(&c->k[s]) & (nbuckets - 1)];
	c->hnext[s] = *b;
	*b = (idx << 1 | (uint32_t)s) + 1;
}

static void unlink_key(uint32_t idx, int s)
{
	struct conn *c = at(idx);
	uint32_t *p = &buckets[key_hash(&c->k[s]) & (nbuckets - 1)];
	uint32_t me = (idx << 1 | (uint32_t)s) + 1;
	while (*p) {
		if (*p == me) {
			*p = c->hnext[s];
			return;
		}
		uint32_t e = *p;
		p = &at((e - 1) >> 1)->hnext[(e - 1) & 1];
	}
}

/* Double the buckets before the chains get longer than half an entry on
 * average (called before a new entry is marked live). */
static void maybe_grow(void)
{
	if ((count + 1) * 2 < nbuckets)
		return;
	free(buckets);
	nbuckets *= 2;
	buckets = xcalloc(nbuckets, sizeof *buckets);
	for (size_t ch = 0; ch < nchunks; ch++)
		for (uint32_t j = 0; j < CHUNK; j++)
			if (live[ch][j]) {
				uint32_t idx = (uint32_t)(ch << CHUNK_SHIFT | j);
				link_key(idx, 0);
				link_key(idx, 1);
			}
}

static uint32_t alloc_index(void)
{
	if (free_head) {
		uint32_t idx = free_head - 1;
		free_head = at(idx)->hnext[0];
		return idx;
	}
	if ((next_new >> CHUNK_SHIFT) >= nchunks) {
		chunks = xrealloc(chunks, (nchunks + 1) * sizeof *chunks);
		live = xrealloc(live, (nchunks + 1) * sizeof *live);
		chunks[nchunks] = xmalloc(CHUNK * sizeof **chunks);
		live[nchunks] = xcalloc(CHUNK, 1);
		nchunks++;
	}
	return next_new++;
}

struct conn *conn_insert(const struct ckey *k0, const struct ckey *k1)
{
	conn_table_init();
	int s;
	if (conn_lookup(k0, &s) || conn_lookup(k1, &s) || ckey_eq(k0, k1))
		return NULL;
	maybe_grow();
	uint32_t idx = alloc_index();
	struct conn *c = at(idx);
	memset(c, 0, sizeof *c);
	c->k[0] = *k0;
	c->k[1] = *k1;
	c->self = idx;
	c->id = next_id++;
	if (!next_id)
		next_id = 1;
	live[idx >> CHUNK_SHIFT][idx & (CHUNK - 1)] = 1;
	count++;
	if (count > most)
		most = count;
	link_key(idx, 0);
	link_key(idx, 1);
	return c;
}

void conn_remove(struct conn *c)
{
	uint32_t idx = c->self;
	if ((idx >> CHUNK_SHIFT) >= nchunks || !live[idx >> CHUNK_SHIFT][idx & (CHUNK - 1)])
		return;
	unlink_key(idx, 0);
	unlink_key(idx, 1);
	wheel_del(&wheel, idx);
	live[idx >> CHUNK_SHIFT][idx & (CHUNK - 1)] = 0;
	c->hnext[0] = free_head;
	free_head = idx + 1;
	count--;
}

size_t conn_count(void)
{
	return count;
}

size_t conn_most(void)
{
	return most;
}

struct conn *conn_next(uint32_t *iter)
{
	while (*iter < next_new) {
		uint32_t idx = (*iter)++;
		if (live[idx >> CHUNK_SHIFT][idx & (CHUNK - 1)])
			return at(idx);
	}
	return NULL;
}

void conn_schedule(struct conn *c, uint32_t due)
{
	wheel_add(&wheel, conn_index(c), due);
}

static void (*expire_fn)(struct conn *c);

static void expire_one(void *ctx, uint32_t idx)
{
	(void)ctx;
	struct conn *c = conn_at(idx);
	if (c)
		expire_fn(c);
}

void conn_advance(uint32_t now, void (*fn)(struct conn *c))
{
	if (!ready)
		return;
	expire_fn = fn;
	wheel_advance(&wheel, now, expire_one, NULL);
}

size_t conn_mem(void)
{
	return nchunks * CHUNK * (sizeof(struct conn) + 1) + nbuckets * sizeof *buckets +
	       wheel_mem(&wheel);
}

void conn_table_free(void)
{
	for (size_t i = 0; i < nchunks; i++) {
		free(chunks[i]);
		free(live[i]);
	}
	free(chunks);
	free(live);
	free(buckets);
	wheel_free(&wheel);
	chunks = NULL;
	live = NULL;
	buckets = NULL;
	nchunks = nbuckets = count = most = 0;
	free_head = next_new = 0;
	ready = false;
}
