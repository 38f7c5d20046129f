/* xalloc.h — allocation that cannot return NULL (the box stops on OOM). */
#ifndef PIXIE_XALLOC_H
#define PIXIE_XALLOC_H
#include <stddef.h>
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Copy with truncation, always NUL-terminated; returns strlen(src). */
size_t strlcpy_(char *dst, const char *src, size_t size);
#endif
