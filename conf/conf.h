/*
 * conf.h — the running-config object.
 *
 * Each feature keeps its own typed configuration in its module and registers
 * here (1) a writer that prints its lines in PIX 7.2's canonical form and
 * (2) a reset hook that restores its factory default.  `show running-config`
 * is the concatenation of all writers in the global order of conf/order.h;
 * it is generated, never stored.  The Cryptochecksum is the MD5 of that text,
 * so it changes exactly when the configuration does.
 */
#ifndef PIXIE_CONF_H
#define PIXIE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/order.h"

struct cfgout; /* growing text buffer a writer appends lines to */

/* Append text.  Writers emit whole lines ending in "\n"; sub-mode lines
 * are indented by one space, sub-sub-mode lines by two. */
void cfg_printf(struct cfgout *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cfg_puts(struct cfgout *o, const char *s);

enum conf_write_flags {
	CONF_W_ALL = 1 << 0,     /* "show running-config all": defaults too */
	CONF_W_SECRETS = 1 << 1, /* "more system:running-config": keys in clear */
};

typedef void (*conf_writer_fn)(struct cfgout *o, unsigned flags);
void conf_register_writer(int order, conf_writer_fn fn);
/* Factory default of a feature; called at boot, reload and "clear configure all". */
void conf_register_reset(void (*fn)(void));

/* Whole running-config as text (with ": Saved" header, checksum, ": end").
 * Caller frees. */
char *conf_render(unsigned flags, size_t *len);
/* The body only (what the checksum covers).  Caller frees. */
char *conf_render_body(unsigned flags, size_t *len);
/* 32 lower-case hex digits of the current checksum. */
void conf_checksum(char out[33]);

/* Restore factory default in every feature. */
void conf_factory_reset(void);

/* Hooks run just before a startup-config is applied at boot or reload.  A
 * saved configuration omits defaults the way show running-config does, and
 * some boot defaults differ from the factory default a paste starts from:
 * an interface saved without "shutdown" comes up enabled. */
void conf_register_boot_hook(void (*fn)(void));
void conf_boot_begin(void);

/* Note a configuration change (for "Configuration last modified ..."). */
void conf_touch(const char *user);
/* A counter that changes with every configuration change (each successful
 * configuration command and every factory reset): compiled dataplane
 * structures compare it to know when to rebuild. */
uint64_t conf_generation(void);
const char *conf_last_modified(void); /* "" if never */

/* ---- names (the "names" / "name" feature; used by every address parser) */
bool conf_names_enabled(void);
/* Parse an IPv4 address or a defined name. */
bool conf_parse_host(const char *s, uint32_t *ip);
/* Format an address, substituting its name when "names" is on. */
const char *conf_fmt_host(uint32_t ip, char buf[64]);

#endif
