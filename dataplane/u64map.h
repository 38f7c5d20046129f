/*
 * u64map.h — hash map from 64-bit keys to pointers (open addressing,
 * linear probing, backward-shift deletion: no tombstones, so a table that
 * churns, like the local-host or PAT tables, never degrades).
 * Used by the packet path's own tables; values are the caller's.
 */
#ifndef PIXIE_DP_U64MAP_H
#define PIXIE_DP_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys;
	void **vals;   /* NULL = empty slot (values are never NULL) */
	size_t cap, n; /* cap: power of two or 0 */
};

void *u64map_get(const struct u64map *m, uint64_t key);
/* Insert or replace (val != NULL); returns the previous value or NULL. */
void *u64map_put(struct u64map *m, uint64_t key, void *val);
void *u64map_del(struct u64map *m, uint64_t key);
/* for (size_t i = 0; u64map_next(m, &i, &k, &v);) -- table order; do not
 * change the map while iterating. */
bool u64map_next(const struct u64map *m, size_t *i, uint64_t *key, void **val);
void u64map_clear(struct u64map *m); /* frees the table, not the values */

static inline uint64_t u64_mix(uint64_t x)
{
	/* splitmix64's finaliser: every input bit moves every output bit */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

#endif
