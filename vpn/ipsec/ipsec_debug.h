/*
 * ipsec_debug.h — `debug crypto ipsec [1-255]`: the un-prefixed "IPSEC: ..."
 * lines a PIX 7.2 prints while SAs are created, used and deleted
 * (reference/syslog-and-debug.md §7).  They go to the console session, as
 * debug output does on the ASA by default.
 */
#ifndef PIXIE_IPSEC_DEBUG_H
#define PIXIE_IPSEC_DEBUG_H

#include <stdbool.h>

struct sad_pair;

/* 0 = off, else the level given (default 1). */
int ipsec_debug_level(void);
void ipsec_debug_set_level(int level);

/* One line when the level is at least `level`. */
void ipsec_dbg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The block of lines for a new pair (embryonic SA, host IBSA update,
 * outbound context and permit rule). */
void ipsec_debug_sa_created(const struct sad_pair *sp);

/* Where the lines go (tests); NULL: the console session. */
typedef void (*ipsec_debug_writer)(const char *line);
void ipsec_debug_set_writer(ipsec_debug_writer w);

#endif
