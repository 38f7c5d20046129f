/*
 * xlate.h — the translation table of PIX 7.2: one entry per dynamically
 * translated host (NAT from a global pool, identity "nat 0") or host and
 * port (PAT), found by its real side and by its mapped side.  Static
 * translations are not entries here: they are the compiled statics of
 * nat_rules.h, always present.
 *
 * An xlate lives while conns hold it and then for "timeout xlate" (PAT:
 * 30 seconds, "timeout pat-xlate" of later releases) of idleness.
 * Entries are named by id (index + 1; 0 = none) and keep their address.
 */
#ifndef PIXIE_NAT_XLATE_H
#define PIXIE_NAT_XLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum xl_kind { XL_NAT, XL_PAT, XL_IDENTITY };

enum xl_flags {
	XF_NORANDOMSEQ = 1 << 0,
	XF_DNS = 1 << 1,
};

struct xlate {
	uint8_t kind, proto;     /* proto and ports: PAT only (6, 17, 1) */
	uint8_t flags;
	bool live;
	uint16_t real_slot, mapped_slot;
	uint16_t real_port, mapped_port;
	uint32_t real_ip, mapped_ip;
	uint32_t created, last;  /* fw_now() seconds */
	uint32_t nconn;          /* conns holding it */
	uint32_t seq;            /* creation order (show xlate) */
	uint32_t hnext[2];       /* hash chains: (index << 1 | which) + 1 */
	uint32_t self;
	uint32_t global_id;      /* the nat/global ID it came from */
};

uint32_t xlate_find_local(int real_slot, int mapped_slot, uint32_t ip, uint8_t proto,
			  uint16_t port);
uint32_t xlate_find_global(int mapped_slot, uint32_t ip, uint8_t proto, uint16_t port);
/* Add a copy of t (logs 305009/305011, counts the local host). */
uint32_t xlate_add(const struct xlate *t);
struct xlate *xlate_get(uint32_t id);
/* A conn takes / gives back the xlate. */
void xlate_hold(uint32_t id);
void xlate_release(uint32_t id);
/* Traffic without a conn (uninspected ICMP) used it. */
void xlate_touch(uint32_t id);
/* Remove (logs 305010/305012, frees the PAT port); conns holding it are
 * the caller's business. */
void xlate_del(uint32_t id);
void xlate_advance(uint32_t now);
size_t xlate_count(void);
size_t xlate_most(void);
/* for (uint32_t i = 0; (x = xlate_next(&i));) */
struct xlate *xlate_next(uint32_t *iter);
size_t xlate_mem(void);
void xlate_table_free(void);

/* ---- PAT ports (pat.c) ---- */
/* A free port of the same range as orig (1-511, 512-1023, 1024-65535;
 * ICMP ids 1-65535) on ip, marked in use.  false when the range is full. */
bool pat_alloc(uint32_t ip, uint8_t proto, uint16_t orig, uint16_t *port);
/* The port pat_alloc would give, without taking it (0: none). */
uint16_t pat_peek(uint32_t ip, uint8_t proto, uint16_t orig);
bool pat_used(uint32_t ip, uint8_t proto, uint16_t port);
void pat_release(uint32_t ip, uint8_t proto, uint16_t port);
void pat_reset(void);
size_t pat_mem(void);

#endif
