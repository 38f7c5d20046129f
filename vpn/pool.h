/*
 * pool.h — "ip local pool" address pools, with the allocation state the
 * PPP/IPCP and IKE mode-config code uses to hand out client addresses.
 */
#ifndef PIXIE_VPN_POOL_H
#define PIXIE_VPN_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define POOL_MAX_SIZE 65536UL /* addresses in one pool */

struct ip_pool {
	char *name;
	uint32_t start, end; /* host order, start <= end */
	uint32_t mask;       /* 0: no "mask" given */
	uint8_t *used;       /* one bit per address */
	size_t in_use;
};

enum pool_err {
	POOL_OK = 0,
	POOL_ERR_ORDER,   /* start > end */
	POOL_ERR_SUBNET,  /* start and end in different subnets of mask */
	POOL_ERR_SIZE,    /* more than POOL_MAX_SIZE addresses */
};
/* Check a range (pure; used by the CLI and unit tests). */
enum pool_err pool_check(uint32_t start, uint32_t end, uint32_t mask);
const char *pool_err_str(enum pool_err e);
/* Parse "A.B.C.D-E.F.G.H". */
bool pool_parse_range(const char *s, uint32_t *start, uint32_t *end);

struct ip_pool *pool_find(const char *name);
/* Define a pool (name must not exist). */
struct ip_pool *pool_add(const char *name, uint32_t start, uint32_t end,
			 uint32_t mask);
void pool_del(const char *name);
void pool_clear_all(void);
struct ip_pool *pool_next(size_t *iter); /* definition order */

size_t pool_size(const struct ip_pool *p);
/* Lowest free address; false when the pool is exhausted. */
bool pool_alloc(struct ip_pool *p, uint32_t *ip);
/* Take a specific address (e.g. one RADIUS assigned); false if taken. */
bool pool_take(struct ip_pool *p, uint32_t ip);
void pool_release(struct ip_pool *p, uint32_t ip);
bool pool_is_used(const struct ip_pool *p, uint32_t ip);
/* Mask shown for the pool: the configured one, else the classful one. */
uint32_t pool_show_mask(const struct ip_pool *p);

#endif
