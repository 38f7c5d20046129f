#include "lib/hmap.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/xalloc.h"

struct hmap_slot {
	int64_t ent; /* -1 empty, -2 tombstone */
	uint64_t hash;
};

static uint64_t hash_key(const char *s, bool nocase)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (nocase)
			c = (unsigned char)tolower(c);
		h ^= c;
		h *= 1099511628211ull;
	}
	return h;
}

static bool key_eq(const struct hmap *m, const char *a, const char *b)
{
	return m->nocase ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

void hmap_init(struct hmap *m, bool nocase)
{
	memset(m, 0, sizeof *m);
	m->nocase = nocase;
}

static int64_t find_slot(const struct hmap *m, const char *key, uint64_t h)
{
	if (!m->cap)
		return -1;
	size_t mask = m->cap - 1;
	for (size_t i = h & mask, n = 0; n < m->cap; i = (i + 1) & mask, n++) {
		const struct hmap_slot *s = &m->slots[i];
		if (s->ent == -1)
			return -1;
		if (s->ent >= 0 && s->hash == h && key_eq(m, m->ents[s->ent].key, key))
			return (int64_t)i;
	}
	return -1;
}

static void rehash(struct hmap *m, size_t cap)
{
	/* compact entries, keeping order */
	size_t j = 0;
	for (size_t i = 0; i < m->nents; i++)
		if (m->ents[i].key)
			m->ents[j++] = m->ents[i];
	m->nents = j;
	free(m->slots);
	m->slots = xmalloc(cap * sizeof *m->slots);
	for (size_t i = 0; i < cap; i++)
		m->slots[i].ent = -1;
	m->cap = cap;
	size_t mask = cap - 1;
	for (size_t e = 0; e < m->nents; e++) {
		uint64_t h = hash_key(m->ents[e].key, m->nocase);
		size_t i = h & mask;
		while (m->slots[i].ent != -1)
			i = (i + 1) & mask;
		m->slots[i].ent = (int64_t)e;
		m->slots[i].hash = h;
	}
}

void *hmap_get(const struct hmap *m, const char *key)
{
	int64_t s = find_slot(m, key, hash_key(key, m->nocase));
	return s < 0 ? NULL : m->ents[m->slots[s].ent].val;
}

void *hmap_put(struct hmap *m, const char *key, void *val)
{
	uint64_t h = hash_key(key, m->nocase);
	int64_t s = find_slot(m, key, h);
	if (s >= 0) {
		void *old = m->ents[m->slots[s].ent].val;
		m->ents[m->slots[s].ent].val = val;
		return old;
	}
	if ((m->nents + 1) * 2 > m->cap)
		rehash(m, m->cap ? (m->live + 1) * 4 > m->cap ? m->cap * 2 : m->cap : 16);
	if (m->nents == m->ents_cap) {
		m->ents_cap = m->ents_cap ? m->ents_cap * 2 : 16;
		m->ents = xrealloc(m->ents, m->ents_cap * sizeof *m->ents);
	}
	size_t e = m->nents++;
	m->ents[e].key = xstrdup(key);
	m->ents[e].val = val;
	size_t mask = m->cap - 1, i = h & mask;
	while (m->slots[i].ent >= 0)
		i = (i + 1) & mask;
	m->slots[i].ent = (int64_t)e;
	m->slots[i].hash = h;
	m->live++;
	return NULL;
}

void *hmap_del(struct hmap *m, const char *key)
{
	int64_t s = find_slot(m, key, hash_key(key, m->nocase));
	if (s < 0)
		return NULL;
	struct hmap_ent *e = &m->ents[m->slots[s].ent];
	void *val = e->val;
	free(e->key);
	e->key = NULL;
	e->val = NULL;
	m->slots[s].ent = -2;
	m->live--;
	return val;
}

size_t hmap_count(const struct hmap *m)
{
	return m->live;
}

void hmap_clear(struct hmap *m)
{
	for (size_t i = 0; i < m->nents; i++)
		free(m->ents[i].key);
	free(m->ents);
	free(m->slots);
	bool nocase = m->nocase;
	memset(m, 0, sizeof *m);
	m->nocase = nocase;
}

bool hmap_next(const struct hmap *m, size_t *i, const char **key, void **val)
{
	while (*i < m->nents) {
		const struct hmap_ent *e = &m->ents[(*i)++];
		if (e->key) {
			if (key)
				*key = e->key;
			if (val)
				*val = e->val;
			return true;
		}
	}
	return false;
}
