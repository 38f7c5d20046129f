/* pool.c — ip local pool model and address allocation (no CLI here). */
#include "vpn/pool.h"

#include <stdlib.h>
#include <string.h>

#include "lib/hmap.h"
#include "lib/ip4.h"
#include "lib/xalloc.h"

static struct hmap g_pools;
static bool g_init;

static void ensure_init(void)
{
	if (!g_init) {
		hmap_init(&g_pools, false);
		g_init = true;
	}
}

enum pool_err pool_check(uint32_t start, uint32_t end, uint32_t mask)
{
	if (start > end)
		return POOL_ERR_ORDER;
	if ((uint64_t)end - start + 1 > POOL_MAX_SIZE)
		return POOL_ERR_SIZE;
	if (mask) {
		if ((start & mask) != (end & mask))
			return POOL_ERR_SUBNET;
	}
	return POOL_OK;
}

const char *pool_err_str(enum pool_err e)
{
	switch (e) {
	case POOL_OK: return "";
	case POOL_ERR_ORDER:
		return "Invalid range: the start address is above the end "
		       "address";
	case POOL_ERR_SUBNET:
		return "The start and end addresses are not in the same subnet";
	case POOL_ERR_SIZE: return "Pool size exceeds the maximum (65536)";
	}
	return "";
}

bool pool_parse_range(const char *s, uint32_t *start, uint32_t *end)
{
	const char *dash = strchr(s, '-');
	if (!dash || dash == s || dash - s > 15)
		return false;
	char a[16];
	memcpy(a, s, (size_t)(dash - s));
	a[dash - s] = '\0';
	return ip4_parse(a, start) && ip4_parse(dash + 1, end);
}

struct ip_pool *pool_find(const char *name)
{
	ensure_init();
	return hmap_get(&g_pools, name);
}

struct ip_pool *pool_add(const char *name, uint32_t start, uint32_t end,
			 uint32_t mask)
{
	ensure_init();
	struct ip_pool *p = xcalloc(1, sizeof(*p));
	p->name = xstrdup(name);
	p->start = start;
	p->end = end;
	p->mask = mask;
	p->used = xcalloc((pool_size(p) + 7) / 8, 1);
	hmap_put(&g_pools, name, p);
	return p;
}

static void pool_free(struct ip_pool *p)
{
	free(p->used);
	free(p->name);
	free(p);
}

void pool_del(const char *name)
{
	ensure_init();
	struct ip_pool *p = hmap_del(&g_pools, name);
	if (p)
		pool_free(p);
}

void pool_clear_all(void)
{
	ensure_init();
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&g_pools, &i, &k, &v);)
		pool_free(v);
	hmap_clear(&g_pools);
	hmap_init(&g_pools, false);
}

struct ip_pool *pool_next(size_t *iter)
{
	ensure_init();
	const char *k;
	void *v;
	return hmap_next(&g_pools, iter, &k, &v) ? v : NULL;
}

size_t pool_size(const struct ip_pool *p)
{
	return (size_t)(p->end - p->start) + 1;
}

bool pool_is_used(const struct ip_pool *p, uint32_t ip)
{
	if (ip < p->start || ip > p->end)
		return false;
	size_t i = ip - p->start;
	return p->used[i / 8] & (1u << (i % 8));
}

bool pool_take(struct ip_pool *p, uint32_t ip)
{
	if (ip < p->start || ip > p->end || pool_is_used(p, ip))
		return false;
	size_t i = ip - p->start;
	p->used[i / 8] |= (uint8_t)(1u << (i % 8));
	p->in_use++;
	return true;
}

bool pool_alloc(struct ip_pool *p, uint32_t *ip)
{
	size_t n = pool_size(p);
	if (p->in_use == n)
		return false;
	for (size_t byte = 0; byte < (n + 7) / 8; byte++) {
		if (p->used[byte] == 0xff)
			continue;
		for (size_t bit = 0; bit < 8; bit++) {
			size_t i = byte * 8 + bit;
			if (i < n && !(p->used[byte] & (1u << bit))) {
				*ip = p->start + (uint32_t)i;
				return pool_take(p, *ip);
			}
		}
	}
	return false;
}

void pool_release(struct ip_pool *p, uint32_t ip)
{
	if (!pool_is_used(p, ip))
		return;
	size_t i = ip - p->start;
	p->used[i / 8] &= (uint8_t)~(1u << (i % 8));
	p->in_use--;
}

uint32_t pool_show_mask(const struct ip_pool *p)
{
	if (p->mask)
		return p->mask;
	uint32_t top = p->start >> 24;
	if (top < 128)
		return 0xff000000u;
	if (top < 192)
		return 0xffff0000u;
	return 0xffffff00u;
}
