/*
 * pat.c — PAT port allocation: one bitmap of 65536 ports per (mapped
 * address, protocol), so that a port in use is never handed out again
 * and a free one is found by scanning words, not ports.  Like PIX 7.x,
 * a real port below 512 gets a mapped port below 512, one below 1024 a
 * port from 512-1023, others a port from 1024-65535, handed out in
 * turn from a cursor per range (so a port just freed is not reused at
 * once).  Ports a static PAT owns on the address are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "dataplane/u64map.h"
#include "lib/xalloc.h"
#include "nat/nat_rules.h"
#include "nat/xlate.h"

struct patmap {
	uint64_t bits[65536 / 64];
	uint16_t cursor[4]; /* per range */
	uint32_t used;
};

static struct u64map maps;

static uint64_t key(uint32_t ip, uint8_t proto)
{
	return (uint64_t)proto << 32 | ip;
}

static int range_of(uint8_t proto, uint16_t orig, uint16_t *lo, uint16_t *hi)
{
	if (proto == 1) {
		*lo = 1, *hi = 65535;
		return 3;
	}
	if (orig < 512) {
		*lo = 1, *hi = 511;
		return 0;
	}
	if (orig < 1024) {
		*lo = 512, *hi = 1023;
		return 1;
	}
	*lo = 1024, *hi = 65535;
	return 2;
}

static inline bool bit(const struct patmap *m, uint32_t p)
{
	return m->bits[p >> 6] >> (p & 63) & 1;
}

/* First free port in [from, to] (inclusive), 0 when none. */
static uint32_t scan(const struct patmap *m, uint32_t ip, uint8_t proto, uint32_t from, uint32_t to)
{
	uint32_t p = from;
	while (p <= to) {
		uint64_t w = m ? ~m->bits[p >> 6] >> (p & 63) : ~0ull;
		if (!w) {
			p = (p | 63) + 1; /* whole rest of the word taken */
			continue;
		}
		p += (uint32_t)__builtin_ctzll(w);
		if (p > to)
			break;
		if (!nr_static_port_taken(ip, proto, (uint16_t)p))
			return p;
		p++;
	}
	return 0;
}

static uint16_t find(const struct patmap *m, uint32_t ip, uint8_t proto, uint16_t orig, int *r)
{
	uint16_t lo, hi;
	*r = range_of(proto, orig, &lo, &hi);
	uint32_t cur = m ? m->cursor[*r] : 0;
	if (cur < lo || cur > hi)
		cur = lo;
	uint32_t p = scan(m, ip, proto, cur, hi);
	if (!p && cur > lo)
		p = scan(m, ip, proto, lo, cur - 1);
	return (uint16_t)p;
}

uint16_t pat_peek(uint32_t ip, uint8_t proto, uint16_t orig)
{
	int r;
	return find(u64map_get(&maps, key(ip, proto)), ip, proto, orig, &r);
}

bool pat_alloc(uint32_t ip, uint8_t proto, uint16_t orig, uint16_t *port)
{
	struct patmap *m = u64map_get(&maps, key(ip, proto));
	int r;
	uint16_t p = find(m, ip, proto, orig, &r);
	if (!p)
		return false;
	if (!m) {
		m = xcalloc(1, sizeof *m);
		u64map_put(&maps, key(ip, proto), m);
	}
	m->bits[p >> 6] |= 1ull << (p & 63);
	m->used++;
	m->cursor[r] = (uint16_t)(p + 1);
	*port = p;
	return true;
}

bool pat_used(uint32_t ip, uint8_t proto, uint16_t port)
{
	const struct patmap *m = u64map_get(&maps, key(ip, proto));
	return m && bit(m, port);
}

void pat_release(uint32_t ip, uint8_t proto, uint16_t port)
{
	struct patmap *m = u64map_get(&maps, key(ip, proto));
	if (!m || !bit(m, port))
		return;
	m->bits[port >> 6] &= ~(1ull << (port & 63));
	if (--m->used == 0) {
		u64map_del(&maps, key(ip, proto));
		free(m);
	}
}

void pat_reset(void)
{
	size_t i = 0;
	uint64_t k;
	void *v;
	while (u64map_next(&maps, &i, &k, &v))
		free(v);
	u64map_clear(&maps);
}

size_t pat_mem(void)
{
	return maps.n * sizeof(struct patmap) + maps.cap * (sizeof(uint64_t) + sizeof(void *));
}
