/* ca.c — the crypto ca model (no CLI here; see ca.h). */
#include "vpn/ca.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "lib/hmap.h"
#include "lib/xalloc.h"

static struct hmap tps, chains; /* name -> struct, entry order */
/* certificate maps: grouped by name (first appearance), sequence ascending */
static struct cert_map **maps;
static size_t nmaps, capmaps;
static bool inited;

static void init_once(void)
{
	if (inited)
		return;
	/* trustpoint names are case-sensitive on the ASA */
	hmap_init(&tps, false);
	hmap_init(&chains, false);
	inited = true;
}

/* ---- trust points ----------------------------------------------------- */

static void tp_free(struct trustpoint *t)
{
	for (int i = 0; i < TPA_COUNT; i++)
		free(t->attr[i]);
	strv_free(&t->crl_lines);
	free(t->name);
	free(t);
}

struct trustpoint *ca_tp_find(const char *name)
{
	init_once();
	return hmap_get(&tps, name);
}

struct trustpoint *ca_tp_get(const char *name)
{
	struct trustpoint *t = ca_tp_find(name);
	if (!t) {
		t = xcalloc(1, sizeof *t);
		t->name = xstrdup(name);
		hmap_put(&tps, name, t);
	}
	return t;
}

void ca_tp_del(const char *name)
{
	init_once();
	struct trustpoint *t = hmap_del(&tps, name);
	if (t)
		tp_free(t);
	ca_chain_del(name);
}

struct trustpoint *ca_tp_next(size_t *iter)
{
	init_once();
	void *v;
	return hmap_next(&tps, iter, NULL, &v) ? v : NULL;
}

/* ---- certificate chains ----------------------------------------------- */

static void cert_free(struct ca_cert *c)
{
	free(c->type);
	free(c->serial);
	sb_free(&c->hex);
	free(c);
}

static void chain_free(struct cert_chain *c)
{
	for (size_t i = 0; i < c->n; i++)
		cert_free(c->certs[i]);
	free(c->certs);
	free(c->name);
	free(c);
}

struct cert_chain *ca_chain_find(const char *name)
{
	init_once();
	return hmap_get(&chains, name);
}

struct cert_chain *ca_chain_get(const char *name)
{
	struct cert_chain *c = ca_chain_find(name);
	if (!c) {
		c = xcalloc(1, sizeof *c);
		c->name = xstrdup(name);
		hmap_put(&chains, name, c);
	}
	return c;
}

void ca_chain_del(const char *name)
{
	init_once();
	struct cert_chain *c = hmap_del(&chains, name);
	if (c)
		chain_free(c);
}

struct cert_chain *ca_chain_next(size_t *iter)
{
	init_once();
	void *v;
	return hmap_next(&chains, iter, NULL, &v) ? v : NULL;
}

struct ca_cert *ca_cert_find(struct cert_chain *c, const char *serial)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->certs[i]->serial, serial))
			return c->certs[i];
	return NULL;
}

struct ca_cert *ca_cert_new(struct cert_chain *c, const char *type, const char *serial)
{
	struct ca_cert *x = ca_cert_find(c, serial);
	if (x) { /* entered again: new data, same place */
		free(x->type);
		x->type = xstrdup(type);
		sb_reset(&x->hex);
		return x;
	}
	x = xcalloc(1, sizeof *x);
	x->type = xstrdup(type);
	x->serial = xstrdup(serial);
	c->certs = xrealloc(c->certs, (c->n + 1) * sizeof *c->certs);
	c->certs[c->n++] = x;
	return x;
}

void ca_cert_del(struct cert_chain *c, const char *serial)
{
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->certs[i]->serial, serial))
			continue;
		cert_free(c->certs[i]);
		memmove(&c->certs[i], &c->certs[i + 1], (c->n - i - 1) * sizeof *c->certs);
		c->n--;
		return;
	}
}

/* ---- certificate maps -------------------------------------------------- */

static void map_free(struct cert_map *m)
{
	strv_free(&m->rules);
	free(m->name);
	free(m);
}

struct cert_map *ca_map_find(const char *name, unsigned long seq)
{
	for (size_t i = 0; i < nmaps; i++)
		if (maps[i]->seq == seq && !strcmp(maps[i]->name, name))
			return maps[i];
	return NULL;
}

struct cert_map *ca_map_get(const char *name, unsigned long seq)
{
	struct cert_map *m = ca_map_find(name, seq);
	if (m)
		return m;
	m = xcalloc(1, sizeof *m);
	m->name = xstrdup(name);
	m->seq = seq;
	/* after the last entry of this name with a lower sequence, else
	 * before its first higher one, else at the end */
	size_t at = nmaps;
	for (size_t i = 0; i < nmaps; i++) {
		if (strcmp(maps[i]->name, name))
			continue;
		if (maps[i]->seq > seq) {
			at = i;
			break;
		}
		at = i + 1;
	}
	if (nmaps == capmaps) {
		capmaps = capmaps ? capmaps * 2 : 8;
		maps = xrealloc(maps, capmaps * sizeof *maps);
	}
	memmove(&maps[at + 1], &maps[at], (nmaps - at) * sizeof *maps);
	maps[at] = m;
	nmaps++;
	return m;
}

void ca_map_del(const char *name, unsigned long seq)
{
	size_t j = 0;
	for (size_t i = 0; i < nmaps; i++) {
		if (!strcmp(maps[i]->name, name) && (!seq || maps[i]->seq == seq))
			map_free(maps[i]);
		else
			maps[j++] = maps[i];
	}
	nmaps = j;
}

struct cert_map *ca_map_next(size_t *iter)
{
	return *iter < nmaps ? maps[(*iter)++] : NULL;
}

/* ---- everything -------------------------------------------------------- */

void ca_clear(void)
{
	init_once();
	void *v;
	for (size_t i = 0; hmap_next(&tps, &i, NULL, &v);)
		tp_free(v);
	for (size_t i = 0; hmap_next(&chains, &i, NULL, &v);)
		chain_free(v);
	hmap_clear(&tps);
	hmap_clear(&chains);
	hmap_init(&tps, false);
	hmap_init(&chains, false);
	for (size_t i = 0; i < nmaps; i++)
		map_free(maps[i]);
	free(maps);
	maps = NULL;
	nmaps = capmaps = 0;
}

/* ---- keyed line lists -------------------------------------------------- */

/* The key of a sub-mode line: "url 1", "protocol ldap", "policy"... */
static void line_key(const char *line, char *out, size_t sz)
{
	if (!strncmp(line, "no ", 3))
		line += 3;
	size_t n = strcspn(line, " ");
	if ((n == 3 && !strncmp(line, "url", 3)) || (n == 8 && !strncmp(line, "protocol", 8))) {
		const char *w2 = line + n + strspn(line + n, " ");
		n = (size_t)(w2 - line) + strcspn(w2, " ");
	}
	snprintf(out, sz, "%.*s", (int)n, line);
}

static ssize_t line_find(const struct strv *lines, const char *line)
{
	char k[128], k2[128];
	line_key(line, k, sizeof k);
	for (size_t i = 0; i < lines->n; i++) {
		line_key(lines->v[i], k2, sizeof k2);
		if (!strcmp(k, k2))
			return (ssize_t)i;
	}
	return -1;
}

void ca_strv_set(struct strv *lines, const char *line)
{
	ssize_t i = line_find(lines, line);
	if (i < 0) {
		strv_add(lines, line);
		return;
	}
	free(lines->v[i]);
	lines->v[i] = xstrdup(line);
}

bool ca_strv_unset(struct strv *lines, const char *line)
{
	ssize_t i = line_find(lines, line);
	if (i < 0)
		return false;
	free(lines->v[i]);
	memmove(&lines->v[i], &lines->v[i + 1], (lines->n - (size_t)i - 1) * sizeof *lines->v);
	lines->n--;
	return true;
}
