/*
 * debug.h — `debug ...` output of every feature, and the commands that see
 * all of them at once: `show debug`, `undebug all`, `no debug all`.
 *
 * A feature owns its `debug X [level]` command and a struct debug_flag;
 * it registers the flag once so that `show debug` can list it ("debug
 * crypto isakmp enabled at level 7") and `undebug all` can turn it off.
 * Lines go to the console session (the ASA sends debug output to the
 * console and to `terminal monitor` sessions), or to a test's writer.
 */
#ifndef PIXIE_DEBUG_H
#define PIXIE_DEBUG_H

#include <stdbool.h>

struct debug_flag {
	const char *name; /* "crypto isakmp": the words after "debug" */
	unsigned level;   /* 0 = off */
};

void debug_register(struct debug_flag *f);

static inline bool debug_on(const struct debug_flag *f, unsigned level)
{
	return f->level && f->level >= level;
}

/* One line of debug output (no newline in line). */
void debug_line(const char *line);
void debug_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Where lines go (tests); NULL: the console session. */
typedef void (*debug_writer_fn)(const char *line);
void debug_set_writer(debug_writer_fn w);

#endif
