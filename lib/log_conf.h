/*
 * log_conf.h — the logging feature's configuration and counters, shared by
 * lib/log.c (formatting and delivery) and lib/log_cmds.c (the "logging ..."
 * commands, the running-config writer and "show logging").  Nothing else
 * includes this header: other modules use lib/log.h.
 */
#ifndef PIXIE_LOG_CONF_H
#define PIXIE_LOG_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define LOG_OFF (-1) /* destination level: not logging there */

#define LOG_BUFSIZE_DEFAULT 4096
#define LOG_BUFSIZE_MIN 4096
#define LOG_BUFSIZE_MAX 1048576
#define LOG_FACILITY_DEFAULT 20
#define LOG_QUEUE_DEFAULT 512
#define LOG_QUEUE_MAX 8192
#define LOG_HISTORY_SIZE_DEFAULT 1
#define LOG_ASDM_BUFSIZE_DEFAULT 100
#define LOG_UDP_PORT_DEFAULT 514
#define LOG_TCP_PORT_DEFAULT 1470
#define LOG_MAX_HOSTS 16
#define LOG_NAME_MAX 64 /* interface names, device-id strings, list names */

/* A ring of whole lines: at most cap bytes ("logging buffer-size") and,
 * when max_msgs is non-zero, at most max_msgs lines (ASDM, history). */
struct log_ring {
	char *buf;
	size_t cap, head, len;
	size_t nmsgs, max_msgs;
};
void log_ring_init(struct log_ring *r, size_t cap, size_t max_msgs);
void log_ring_free(struct log_ring *r);
void log_ring_push(struct log_ring *r, const char *line);
void log_ring_clear(struct log_ring *r);
/* Change the limits, keeping the newest lines that still fit. */
void log_ring_resize(struct log_ring *r, size_t cap, size_t max_msgs);
/* Oldest first; line is NUL-terminated, without its newline. */
void log_ring_foreach(const struct log_ring *r,
		      void (*fn)(void *ctx, const char *line), void *ctx);

/* A destination of messages: the level that passes, or a logging list. */
struct log_dest {
	int level;                /* LOG_OFF, or 0..7 */
	char list[LOG_NAME_MAX];  /* non-empty: filter by this list instead */
	unsigned long long count; /* messages delivered ("messages logged") */
};

enum log_devid { DEVID_NONE, DEVID_HOSTNAME, DEVID_IPADDRESS, DEVID_STRING,
		 DEVID_CONTEXT };

struct log_host {
	char ifname[LOG_NAME_MAX];
	uint32_t ip;
	int proto;   /* 17 (UDP) or 6 (TCP) */
	int port;
	bool emblem; /* "format emblem" (UDP only) */
};

/* One criterion of "logging list NAME ...". */
struct log_list_ent {
	enum { LLE_LEVEL, LLE_MESSAGE } kind;
	int level;            /* LLE_LEVEL: 0..7 */
	char cls[16];         /* LLE_LEVEL: "" or a message class */
	int lo, hi;           /* LLE_MESSAGE: id range */
};
struct log_list {
	char name[LOG_NAME_MAX];
	struct log_list_ent *ents;
	size_t n;
};

/* Per-message settings: "logging message ID level L", "no logging message ID". */
struct log_msg_conf {
	int id;
	int level;    /* -1: the message's own severity */
	bool disabled;
};

/* "logging class CLASS DEST LEVEL ...": per-class levels that replace a
 * destination's own level for the messages of that class. */
enum log_dest_idx { LD_ASDM, LD_BUFFERED, LD_CONSOLE, LD_HISTORY, LD_MONITOR,
		    LD_TRAP, LD_COUNT };
struct log_class_conf {
	char cls[16];
	int level[LD_COUNT]; /* LOG_OFF: no override for that destination */
};

struct log_conf {
	bool enabled, timestamp, standby, permit_hostdown, emblem;
	struct log_dest console, monitor, buffered, trap, history, asdm;
	size_t buffer_size, history_size, asdm_buffer_size;
	int facility;
	int queue;
	enum log_devid devid;
	char devid_arg[LOG_NAME_MAX]; /* interface name or string */
	struct log_host hosts[LOG_MAX_HOSTS];
	size_t nhosts;
	struct log_msg_conf *msgs; /* sorted by id */
	size_t nmsgs;
	struct log_list *lists;    /* in creation order */
	size_t nlists;
	struct log_class_conf *classes; /* in creation order */
	size_t nclasses;
};

/* The one logging configuration of the box, and its message stores. */
extern struct log_conf log_cf;
extern struct log_ring log_buffer;  /* "logging buffered" */
extern struct log_ring log_asdm;    /* "logging asdm" */
extern struct log_ring log_histtab; /* "logging history" (SNMP history) */

/* Factory default of the configuration (stores are kept, resized). */
void log_conf_reset(void);
/* Apply buffer sizes after they changed. */
void log_conf_apply_sizes(void);

struct log_msg_conf *log_msg_find(int id);
/* Get or create the entry for id (kept sorted). */
struct log_msg_conf *log_msg_get(int id);
/* Drop entries that no longer differ from the default. */
void log_msg_compact(void);

struct log_list *log_list_find(const char *name);
struct log_list *log_list_get(const char *name);
void log_list_delete(const char *name);
/* Does message id of severity sev pass list l? */
bool log_list_match(const struct log_list *l, int id, int sev);
struct log_class_conf *log_class_find(const char *cls);
struct log_class_conf *log_class_get(const char *cls);
void log_class_delete(const char *cls);

/* Class of a message id ("auth", "session", ...) or NULL. */
const char *log_msg_class(int id);
bool log_class_valid(const char *cls);
/* The documented default severity of a message id, or -1 if unknown. */
int log_msg_default_sev(int id);

/* Device-id text for the current configuration ("" if none). */
typedef void (*log_devid_fn)(char *out, size_t outsz);
void log_set_devid_fn(log_devid_fn fn);

/* Render one message line exactly as the box prints it (pure: used by the
 * unit tests).  tm may be NULL when timestamps are off. devid may be "". */
size_t log_format_line(char *out, size_t outsz, const struct tm *tm,
		       const char *devid, int sev, int id, const char *text);

/* Mask secret arguments of a command line (for 111008).  Pure. */
void log_mask_command(const char *in, char *out, size_t outsz);

#endif
