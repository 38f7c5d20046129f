/* wheel.c — see wheel.h. */
#include "dataplane/wheel.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

void wheel_init(struct wheel *w, uint32_t now)
{
	memset(w, 0, sizeof *w);
	w->now = now;
}

void wheel_free(struct wheel *w)
{
	free(w->next);
	free(w->prev);
	free(w->slot);
	wheel_init(w, w->now);
}

static void reserve(struct wheel *w, uint32_t id)
{
	if (id < w->cap)
		return;
	size_t cap = w->cap ? w->cap : 1024;
	while (cap <= id)
		cap *= 2;
	w->next = xrealloc(w->next, cap * sizeof *w->next);
	w->prev = xrealloc(w->prev, cap * sizeof *w->prev);
	w->slot = xrealloc(w->slot, cap * sizeof *w->slot);
	memset(w->slot + w->cap, 0, (cap - w->cap) * sizeof *w->slot);
	w->cap = cap;
}

bool wheel_has(const struct wheel *w, uint32_t id)
{
	return id < w->cap && w->slot[id];
}

void wheel_del(struct wheel *w, uint32_t id)
{
	if (!wheel_has(w, id))
		return;
	uint32_t s = w->slot[id] - 1, n = w->next[id], p = w->prev[id];
	if (p)
		w->next[p - 1] = n;
	else
		w->head[s] = n;
	if (n)
		w->prev[n - 1] = p;
	w->slot[id] = 0;
}

void wheel_add(struct wheel *w, uint32_t id, uint32_t due)
{
	reserve(w, id);
	wheel_del(w, id);
	if ((int32_t)(due - w->now) <= 0)
		due = w->now + 1;
	else if (due - w->now >= WHEEL_SLOTS)
		due = w->now + WHEEL_SLOTS - 1;
	uint32_t s = due & (WHEEL_SLOTS - 1), h = w->head[s];
	w->next[id] = h;
	w->prev[id] = 0;
	if (h)
		w->prev[h - 1] = id + 1;
	w->head[s] = id + 1;
	w->slot[id] = s + 1;
}

void wheel_advance(struct wheel *w, uint32_t now, void (*fn)(void *ctx, uint32_t id), void *ctx)
{
	if ((int32_t)(now - w->now) <= 0)
		return;
	uint32_t steps = now - w->now;
	if (steps > WHEEL_SLOTS)
		steps = WHEEL_SLOTS; /* a long stall: every slot once */
	uint32_t from = w->now;
	for (uint32_t k = 1; k <= steps; k++) {
		/* while slot from+k is processed, "now" is its second: an entry
		 * put back lands in a later slot, never in this one again */
		w->now = from + k;
		uint32_t s = w->now & (WHEEL_SLOTS - 1);
		/* one at a time: fn may remove other entries of this slot */
		while (w->head[s]) {
			uint32_t id = w->head[s] - 1;
			wheel_del(w, id);
			fn(ctx, id);
		}
	}
	w->now = now;
}

size_t wheel_mem(const struct wheel *w)
{
	return sizeof *w + w->cap * 3 * sizeof(uint32_t);
}
