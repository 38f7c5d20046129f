#include "vpn/strv.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

void strv_add(struct strv *s, const char *str)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = xstrdup(str);
}

void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

void strv_copy(struct strv *dst, const struct strv *src)
{
	if (dst == src)
		return;
	strv_free(dst);
	for (size_t i = 0; i < src->n; i++)
		strv_add(dst, src->v[i]);
}

bool strv_has(const struct strv *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], str) == 0)
			return true;
	return false;
}

bool strv_eq(const struct strv *a, const struct strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

bool strv_del(struct strv *s, const char *str)
{
	bool hit = false;
	size_t j = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i], str) == 0) {
			free(s->v[i]);
			hit = true;
		} else {
			s->v[j++] = s->v[i];
		}
	}
	s->n = j;
	if (!j) {
		free(s->v);
		s->v = NULL;
	}
	return hit;
}

void strv_del_at(struct strv *s, size_t i)
{
	free(s->v[i]);
	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof(*s->v));
	s->n--;
}

bool vpn_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > VPN_NAME_MAX)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

bool vpn_parse_u32(const char *s, unsigned long lo, unsigned long hi,
		   unsigned long *out)
{
	if (!s || !*s)
		return false;
	unsigned long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 0xffffffffUL)
			return false;
	}
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}
