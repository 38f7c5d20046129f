/*
 * flash.h — the box's flash: the startup-config and the history of every
 * configuration ever saved, kept in one SQLite database DIR/flash.db.
 *
 * Crash safety: every change is one transaction in a WAL-journalled database
 * with synchronous=FULL, so `kill -9` or a power cut at any moment leaves the
 * startup-config either the old or the new one, never a mix.  Saving appends
 * a history record and repoints the startup slot in the same transaction;
 * `write erase` only empties the slot (the history is kept).
 *
 * Errors are values: functions return a negative enum flash_err and leave a
 * readable reason in flash_error().  The box runs without flash when
 * flash_open() fails (write memory then reports [FAILED]).
 *
 * Boot (for main):
 *     if (flash_open(dir) < 0)
 *             fprintf(stderr, "%s\n", flash_error());   // box still boots
 *     conf_factory_reset();
 *     flash_boot(console_session);   // applies the startup-config, if any
 *     ...
 *     flash_close();                  // at exit (optional: safe to skip)
 */
#ifndef PIXIE_FLASH_H
#define PIXIE_FLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cli;

enum flash_err {
	FLASH_OK = 0,
	FLASH_ERR_NOTOPEN = -1, /* flash_open() was not called or failed */
	FLASH_ERR_OPEN = -2,    /* cannot create/open the directory or db */
	FLASH_ERR_IO = -3,      /* SQLite error while reading or writing */
	FLASH_ERR_NOTFOUND = -4,
	FLASH_ERR_FORMAT = -5,  /* not a pixie flash database */
};

/* One saved configuration.  In lists, text/shown are NULL. */
struct flash_config {
	int64_t id;           /* 1, 2, ... never reused */
	int64_t saved_at;     /* Unix seconds (UTC) */
	char user[64];        /* who saved it, e.g. "enable_15" */
	char checksum[33];    /* conf_checksum() at save time */
	size_t bytes;         /* size of text (what flash holds) */
	bool startup;         /* this record is the current startup-config */
	char *text;           /* the file as booted: secrets in clear */
	size_t text_len;
	char *shown;          /* as `show startup-config` prints it: secrets masked */
	size_t shown_len;
};
void flash_config_clear(struct flash_config *c); /* frees text/shown */

/* Open (creating DIR and DIR/flash.db when missing).  Returns FLASH_OK or a
 * negative error with flash_error() saying why. Reopening closes the old. */
int flash_open(const char *dir);
void flash_close(void);
bool flash_is_open(void);
const char *flash_path(void);  /* "DIR/flash.db", "" when closed */
const char *flash_error(void); /* reason of the last failure */

/* Make text the startup-config and add it to the history, atomically.
 * `shown` is the masked form for display (NULL: same as text).  Returns the
 * new record id (> 0) or a negative enum flash_err. */
int64_t flash_save_startup(const char *text, size_t len, const char *shown,
			   size_t shown_len, const char *user,
			   const char *checksum);
/* The startup-config text (secrets in clear), malloc'd and NUL-terminated,
 * or NULL when there is none (or on error: flash_error() is then set and
 * *err, when given, gets the negative code; 0 means "none"). */
char *flash_load_startup(size_t *len, int *err);
/* The startup record with texts; 1 found, 0 none, < 0 error. */
int flash_startup_get(struct flash_config *out);
/* `write erase`: no startup-config any more; the history is kept. */
int flash_erase_startup(void);

/* Every saved configuration, oldest first, without texts.  Caller frees
 * *out with free().  Returns the count or a negative error. */
int64_t flash_history(struct flash_config **out);
/* One record with its texts; 1 found, 0 no such id, < 0 error. */
int flash_get(int64_t id, struct flash_config *out);

/* Line diff (Myers, linear space) of a -> b in unified form:
 *   --- name_a / +++ name_b / @@ -l,n +l,n @@ hunks with `context` lines.
 * Returns a malloc'd NUL-terminated string; "" when a and b are equal. */
char *flash_diff(const char *a, size_t alen, const char *b, size_t blen,
		 const char *name_a, const char *name_b, int context);

/* Apply the startup-config to the running-config by running every line
 * through `cli` in configuration mode, as a paste would (the caller resets
 * to factory default first when it wants a clean boot).  Lines the CLI
 * rejects print their error on cli, as they would at the prompt.  The
 * session ends in EXEC mode at the privilege it had.  Returns the number of
 * lines run (0 when there is no startup-config) or a negative enum
 * flash_err (flash_error() says why).  Defined in flash_cmds.c. */
int flash_boot(struct cli *cli);

/* The core of flash_boot(): run each configuration line of text through cli
 * (comments, the "PIX Version" header and "Cryptochecksum:" skipped). */
int flash_apply_text(struct cli *cli, const char *text, size_t len);

#endif
