/* u64map.c — see u64map.h. */
#include "dataplane/u64map.h"

#include <stdlib.h>

#include "lib/xalloc.h"

static size_t find(const struct u64map *m, uint64_t key, bool *found)
{
	size_t mask = m->cap - 1, i = u64_mix(key) & mask;
	while (m->vals[i]) {
		if (m->keys[i] == key) {
			*found = true;
			return i;
		}
		i = (i + 1) & mask;
	}
	*found = false;
	return i;
}

void *u64map_get(const struct u64map *m, uint64_t key)
{
	if (!m->n)
		return NULL;
	bool found;
	size_t i = find(m, key, &found);
	return found ? m->vals[i] : NULL;
}

static void grow(struct u64map *m)
{
	struct u64map old = *m;
	m->cap = old.cap ? old.cap * 2 : 16;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.vals[i])
			u64map_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

void *u64map_put(struct u64map *m, uint64_t key, void *val)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	bool found;
	size_t i = find(m, key, &found);
	void *prev = found ? m->vals[i] : NULL;
	if (!found)
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
	return prev;
}

void *u64map_del(struct u64map *m, uint64_t key)
{
	if (!m->n)
		return NULL;
	bool found;
	size_t i = find(m, key, &found);
	if (!found)
		return NULL;
	void *prev = m->vals[i];
	size_t mask = m->cap - 1, j = i;
	/* backward shift: move later members of the cluster into the hole
	 * when their home slot is not between the hole and them */
	for (;;) {
		m->vals[i] = NULL;
		for (;;) {
			j = (j + 1) & mask;
			if (!m->vals[j])
				goto done;
			size_t home = u64_mix(m->keys[j]) & mask;
			if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
				break;
		}
		m->keys[i] = m->keys[j];
		m->vals[i] = m->vals[j];
		i = j;
	}
done:
	m->n--;
	return prev;
}

bool u64map_next(const struct u64map *m, size_t *i, uint64_t *key, void **val)
{
	for (; *i < m->cap; (*i)++) {
		if (m->vals[*i]) {
			*key = m->keys[*i];
			*val = m->vals[*i];
			(*i)++;
			return true;
		}
	}
	return false;
}

void u64map_clear(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct u64map){0};
}
