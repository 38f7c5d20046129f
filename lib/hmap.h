/*
 * hmap.h — string-keyed hash map (open addressing, linear probing).
 * Keys are copied and owned by the map; values are the caller's.
 * Iteration order is insertion order (kept in a side array), which is what
 * config writers need to reproduce entry order.
 */
#ifndef PIXIE_HMAP_H
#define PIXIE_HMAP_H
#include <stdbool.h>
#include <stddef.h>
struct hmap {
	struct hmap_slot *slots; /* cap slots; index into ents or -1 */
	struct hmap_ent *ents;   /* insertion-ordered, with tombstones */
	size_t cap, nents, live, ents_cap;
	bool nocase;             /* keys compared case-insensitively */
};
struct hmap_ent {
	char *key; /* NULL: deleted */
	void *val;
};
void hmap_init(struct hmap *m, bool nocase);
void *hmap_get(const struct hmap *m, const char *key);
/* Insert or replace; returns the previous value or NULL. */
void *hmap_put(struct hmap *m, const char *key, void *val);
/* Remove; returns the value or NULL. */
void *hmap_del(struct hmap *m, const char *key);
size_t hmap_count(const struct hmap *m);
/* Free the map's own memory (not the values). */
void hmap_clear(struct hmap *m);
/* for (size_t i = 0; hmap_next(m, &i, &k, &v);) -- insertion order */
bool hmap_next(const struct hmap *m, size_t *i, const char **key, void **val);
#endif
