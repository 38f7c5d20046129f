/*
 * wheel.h — a hashed timer wheel with one-second slots for the packet
 * path's idle timers (conns, xlates, ACL log flows).
 *
 * A million conns must not mean a million event-loop timers: each table
 * keeps its entries here by a 32-bit id, and one periodic tick calls
 * wheel_advance().  Entries are checked lazily: a conn that saw traffic is
 * not moved on every packet; when its slot comes the owner compares its
 * real deadline with the time and puts it back when it is not due yet.
 * Links live in arrays indexed by id (12 bytes per id).
 */
#ifndef PIXIE_DP_WHEEL_H
#define PIXIE_DP_WHEEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WHEEL_SLOTS 4096u /* seconds one turn covers (a power of two) */

struct wheel {
	uint32_t head[WHEEL_SLOTS]; /* id + 1; 0 = empty */
	uint32_t *next, *prev;      /* per id: id + 1; 0 = none */
	uint32_t *slot;             /* per id: slot + 1; 0 = not on the wheel */
	size_t cap;                 /* ids the arrays hold */
	uint32_t now;               /* last second processed */
};

void wheel_init(struct wheel *w, uint32_t now);
void wheel_free(struct wheel *w);
/* Schedule id for second `due` (a past due means the next tick; beyond
 * one turn it is looked at again after a turn).  Re-adding moves it. */
void wheel_add(struct wheel *w, uint32_t id, uint32_t due);
void wheel_del(struct wheel *w, uint32_t id);
bool wheel_has(const struct wheel *w, uint32_t id);
/* Take every entry whose slot lies in (w->now, now] off the wheel and call
 * fn for it; fn either re-adds it or forgets it. */
void wheel_advance(struct wheel *w, uint32_t now, void (*fn)(void *ctx, uint32_t id), void *ctx);
/* Bytes of the per-id arrays (for memory accounting). */
size_t wheel_mem(const struct wheel *w);

#endif
