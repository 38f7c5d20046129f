/* strbuf.h — a growable byte buffer (owner frees with sb_free). */
#ifndef PIXIE_STRBUF_H
#define PIXIE_STRBUF_H
#include <stdarg.h>
#include <stddef.h>
struct strbuf {
	char *buf;
	size_t len, cap;
};
#define STRBUF_INIT {0}
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_reset(struct strbuf *sb);
/* Hand the buffer (NUL-terminated) to the caller; sb is empty after. */
char *sb_take(struct strbuf *sb);
void sb_free(struct strbuf *sb);
#endif
