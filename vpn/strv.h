/*
 * strv.h — a small owned list of strings (transform-set names of a map
 * entry, address pools of a tunnel-group, banner lines...).  The list owns
 * its strings; strv_free releases them.
 */
#ifndef PIXIE_VPN_STRV_H
#define PIXIE_VPN_STRV_H

#include <stdbool.h>
#include <stddef.h>

struct strv {
	char **v;
	size_t n;
};

void strv_add(struct strv *s, const char *str);
void strv_free(struct strv *s);
/* Replace the contents of dst by a copy of src. */
void strv_copy(struct strv *dst, const struct strv *src);
bool strv_has(const struct strv *s, const char *str);
bool strv_eq(const struct strv *a, const struct strv *b);
/* Remove every occurrence; true if one was removed.  (str must not be
 * one of s's own strings: use strv_del_at for that.) */
bool strv_del(struct strv *s, const char *str);
/* Remove the i-th string (i < s->n). */
void strv_del_at(struct strv *s, size_t i);

/* Names of VPN objects (transform-sets, maps, groups, pools): 1..64
 * printable characters, no blanks. */
#define VPN_NAME_MAX 64
bool vpn_name_ok(const char *s);

/* Decimal number in [lo, hi]; false on junk or overflow. */
bool vpn_parse_u32(const char *s, unsigned long lo, unsigned long hi,
		   unsigned long *out);

#endif
