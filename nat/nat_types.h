/* nat_types.h — token parsers of the NAT commands (see nat_types.c). */
#ifndef PIXIE_NAT_TYPES_H
#define PIXIE_NAT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "(inside)" -> "inside" */
bool nat_parse_paren_if(const char *in, char *out, size_t outsz);
/* "(inside,outside)" -> "inside", "outside" (each buffer sz bytes) */
bool nat_parse_paren_pair(const char *in, char *a, char *b, size_t sz);
/* "A", "A-B" (addresses or names) */
bool nat_parse_gaddr(const char *in, uint32_t *lo, uint32_t *hi, bool *range);
void nat_types_register(void);

#endif
