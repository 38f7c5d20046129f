/*
 * log.c — PIX syslog messages: formatting and delivery.
 *
 * plog() formats "%PIX-<sev>-<id>: <text>", applies the per-message settings
 * ("logging message ID level L", "no logging message ID"), prefixes the
 * timestamp and device-id when configured, and hands the line to every
 * destination whose level (or logging list) lets it through — but only
 * while "logging enable" is on, as on the PIX.  Destinations: the log
 * buffer, the ASDM buffer, the SNMP history table (rings of whole lines),
 * the console and monitor sessions (sinks registered by the CLI), and the
 * syslog hosts (through a transport installed by whoever owns the box's
 * own sockets).  The configuration itself lives in log_conf.h; the CLI for
 * it is lib/log_cmds.c.
 */
#include "lib/log.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/log_conf.h"
#include "lib/xalloc.h"

/* ---- severities ---------------------------------------------------- */

static const char *const sev_names[8] = {
	"emergencies", "alerts", "critical", "errors",
	"warnings", "notifications", "informational", "debugging",
};

int log_sev_parse(const char *s)
{
	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	for (int i = 0; i < 8; i++)
		if (strcasecmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

const char *log_sev_name(int sev)
{
	return sev >= 0 && sev < 8 ? sev_names[sev] : "unknown";
}

/* ---- rings of lines ------------------------------------------------ */

/* The buffer is allocated by the first line pushed: an unused
 * destination costs nothing. */
void log_ring_init(struct log_ring *r, size_t cap, size_t max_msgs)
{
	memset(r, 0, sizeof *r);
	r->cap = cap < 2 ? 2 : cap;
	r->max_msgs = max_msgs;
}

void log_ring_free(struct log_ring *r)
{
	free(r->buf);
	memset(r, 0, sizeof *r);
}

void log_ring_clear(struct log_ring *r)
{
	r->head = r->len = r->nmsgs = 0;
}

static void ring_drop_oldest(struct log_ring *r)
{
	size_t i = 0;
	while (i < r->len && r->buf[(r->head + i) % r->cap] != '\n')
		i++;
	if (i < r->len)
		i++; /* the newline */
	r->head = (r->head + i) % r->cap;
	r->len -= i;
	if (r->nmsgs)
		r->nmsgs--;
}

void log_ring_push(struct log_ring *r, const char *line)
{
	if (!r->cap)
		return; /* never initialised */
	if (!r->buf)
		r->buf = xmalloc(r->cap);
	size_t n = strlen(line);
	if (n + 1 > r->cap) /* a line longer than the ring keeps its start */
		n = r->cap - 1;
	while (r->len && (r->len + n + 1 > r->cap ||
			  (r->max_msgs && r->nmsgs >= r->max_msgs)))
		ring_drop_oldest(r);
	if (r->max_msgs == 0 && r->len + n + 1 > r->cap)
		return; /* cannot happen: an empty ring holds cap bytes */
	size_t at = (r->head + r->len) % r->cap;
	for (size_t i = 0; i < n; i++)
		r->buf[(at + i) % r->cap] = line[i];
	r->buf[(at + n) % r->cap] = '\n';
	r->len += n + 1;
	r->nmsgs++;
}

void log_ring_foreach(const struct log_ring *r,
		      void (*fn)(void *ctx, const char *line), void *ctx)
{
	if (!r->buf || !r->len)
		return;
	char *line = xmalloc(r->cap);
	size_t n = 0;
	for (size_t i = 0; i < r->len; i++) {
		char c = r->buf[(r->head + i) % r->cap];
		if (c == '\n') {
			line[n] = '\0';
			fn(ctx, line);
			n = 0;
		} else {
			line[n++] = c;
		}
	}
	free(line);
}

struct ring_copy {
	struct log_ring *to;
};

static void ring_copy_line(void *ctx, const char *line)
{
	struct ring_copy *c = ctx;
	log_ring_push(c->to, line);
}

void log_ring_resize(struct log_ring *r, size_t cap, size_t max_msgs)
{
	if (r->cap == cap && r->max_msgs == max_msgs)
		return;
	if (!r->buf) {
		log_ring_init(r, cap, max_msgs);
		return;
	}
	struct log_ring nr;
	log_ring_init(&nr, cap, max_msgs);
	struct ring_copy c = {&nr};
	log_ring_foreach(r, ring_copy_line, &c);
	log_ring_free(r);
	*r = nr;
}

/* ---- configuration ------------------------------------------------- */

struct log_conf log_cf;
struct log_ring log_buffer, log_asdm, log_histtab;
static bool conf_initialised;

static void lists_free(void)
{
	for (size_t i = 0; i < log_cf.nlists; i++)
		free(log_cf.lists[i].ents);
	free(log_cf.lists);
	log_cf.lists = NULL;
	log_cf.nlists = 0;
}

void log_conf_reset(void)
{
	free(log_cf.msgs);
	free(log_cf.classes);
	lists_free();
	memset(&log_cf, 0, sizeof log_cf);
	struct log_dest *d[] = {&log_cf.console, &log_cf.monitor,
				&log_cf.buffered, &log_cf.trap,
				&log_cf.history, &log_cf.asdm};
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
		d[i]->level = LOG_OFF;
	log_cf.buffer_size = LOG_BUFSIZE_DEFAULT;
	log_cf.history_size = LOG_HISTORY_SIZE_DEFAULT;
	log_cf.asdm_buffer_size = LOG_ASDM_BUFSIZE_DEFAULT;
	log_cf.facility = LOG_FACILITY_DEFAULT;
	log_cf.queue = LOG_QUEUE_DEFAULT;
	log_conf_apply_sizes();
	conf_initialised = true;
}

void log_conf_apply_sizes(void)
{
	/* the ASDM and history stores count messages; give them room for
	 * their maximum number of full-length lines */
	log_ring_resize(&log_buffer, log_cf.buffer_size, 0);
	log_ring_resize(&log_asdm, log_cf.asdm_buffer_size * 1100,
			log_cf.asdm_buffer_size);
	log_ring_resize(&log_histtab, log_cf.history_size * 1100,
			log_cf.history_size);
}

/* Also reached from plog() before any module init ran. */
static void conf_ready(void)
{
	if (!conf_initialised)
		log_conf_reset();
}

struct log_msg_conf *log_msg_find(int id)
{
	size_t lo = 0, hi = log_cf.nmsgs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (log_cf.msgs[mid].id == id)
			return &log_cf.msgs[mid];
		if (log_cf.msgs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct log_msg_conf *log_msg_get(int id)
{
	struct log_msg_conf *m = log_msg_find(id);
	if (m)
		return m;
	size_t i = 0;
	while (i < log_cf.nmsgs && log_cf.msgs[i].id < id)
		i++;
	log_cf.msgs = xrealloc(log_cf.msgs,
			       (log_cf.nmsgs + 1) * sizeof *log_cf.msgs);
	memmove(&log_cf.msgs[i + 1], &log_cf.msgs[i],
		(log_cf.nmsgs - i) * sizeof *log_cf.msgs);
	log_cf.nmsgs++;
	log_cf.msgs[i] = (struct log_msg_conf){.id = id, .level = -1};
	return &log_cf.msgs[i];
}

void log_msg_compact(void)
{
	size_t o = 0;
	for (size_t i = 0; i < log_cf.nmsgs; i++) {
		struct log_msg_conf *m = &log_cf.msgs[i];
		if (m->level >= 0 && m->level == log_msg_default_sev(m->id))
			m->level = -1;
		if (m->level >= 0 || m->disabled)
			log_cf.msgs[o++] = *m;
	}
	log_cf.nmsgs = o;
}

struct log_list *log_list_find(const char *name)
{
	for (size_t i = 0; i < log_cf.nlists; i++)
		if (strcmp(log_cf.lists[i].name, name) == 0)
			return &log_cf.lists[i];
	return NULL;
}

struct log_list *log_list_get(const char *name)
{
	struct log_list *l = log_list_find(name);
	if (l)
		return l;
	log_cf.lists = xrealloc(log_cf.lists,
				(log_cf.nlists + 1) * sizeof *log_cf.lists);
	l = &log_cf.lists[log_cf.nlists++];
	memset(l, 0, sizeof *l);
	strlcpy_(l->name, name, sizeof l->name);
	return l;
}

void log_list_delete(const char *name)
{
	struct log_list *l = log_list_find(name);
	if (!l)
		return;
	size_t i = (size_t)(l - log_cf.lists);
	free(l->ents);
	memmove(&log_cf.lists[i], &log_cf.lists[i + 1],
		(log_cf.nlists - i - 1) * sizeof *log_cf.lists);
	log_cf.nlists--;
}

struct log_class_conf *log_class_find(const char *cls)
{
	for (size_t i = 0; i < log_cf.nclasses; i++)
		if (strcmp(log_cf.classes[i].cls, cls) == 0)
			return &log_cf.classes[i];
	return NULL;
}

struct log_class_conf *log_class_get(const char *cls)
{
	struct log_class_conf *c = log_class_find(cls);
	if (c)
		return c;
	log_cf.classes = xrealloc(log_cf.classes, (log_cf.nclasses + 1) *
							  sizeof *log_cf.classes);
	c = &log_cf.classes[log_cf.nclasses++];
	memset(c, 0, sizeof *c);
	strlcpy_(c->cls, cls, sizeof c->cls);
	for (int i = 0; i < LD_COUNT; i++)
		c->level[i] = LOG_OFF;
	return c;
}

void log_class_delete(const char *cls)
{
	struct log_class_conf *c = log_class_find(cls);
	if (!c)
		return;
	size_t i = (size_t)(c - log_cf.classes);
	memmove(c, c + 1, (log_cf.nclasses - i - 1) * sizeof *c);
	log_cf.nclasses--;
}

/* Message classes by the first three digits of the id (PIX/ASA syslog
 * guide, "messages classes and associated message ID numbers"). */
static const struct {
	const char *cls;
	int prefixes[24];
} classes[] = {
	{"auth", {109, 113}},
	{"bridge", {110, 220}},
	{"ca", {717}},
	{"config", {111, 112, 208, 308}},
	{"email", {719}},
	{"ha", {101, 102, 103, 104, 105, 210, 311, 709}},
	{"ids", {400, 733}},
	{"ip", {209, 215, 313, 317, 408}},
	{"np", {319}},
	{"ospf", {318, 409, 503, 613}},
	{"rip", {107, 312}},
	{"session", {106, 108, 201, 202, 204, 302, 303, 304, 305, 314, 405,
		     406, 407, 500, 502, 607, 608, 609, 616, 620, 703, 710}},
	{"snmp", {212}},
	{"sys", {199, 211, 214, 216, 306, 307, 315, 414, 604, 605, 606, 610,
		 612, 614, 615, 701, 711}},
	{"vpdn", {213, 403, 603}},
	{"vpn", {316, 320, 402, 404, 501, 602, 702, 713, 714, 715}},
	{"vpnc", {611}},
	{"vpnfo", {720}},
	{"vpnlb", {718}},
	{"webvpn", {716}},
};

const char *log_msg_class(int id)
{
	int p = id / 1000;
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		for (int k = 0; k < 24 && classes[i].prefixes[k]; k++)
			if (classes[i].prefixes[k] == p)
				return classes[i].cls;
	return NULL;
}

bool log_class_valid(const char *cls)
{
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (strcmp(classes[i].cls, cls) == 0)
			return true;
	return false;
}

bool log_list_match(const struct log_list *l, int id, int sev)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct log_list_ent *e = &l->ents[i];
		if (e->kind == LLE_MESSAGE) {
			if (id >= e->lo && id <= e->hi)
				return true;
		} else if (sev <= e->level) {
			const char *c = e->cls[0] ? log_msg_class(id) : NULL;
			if (!e->cls[0] || (c && strcmp(c, e->cls) == 0))
				return true;
		}
	}
	return false;
}

/* Default severities of the messages the box emits (syslog guide). */
static const struct {
	int id, sev;
} default_sev[] = {
	{106001, 2}, {106006, 2}, {106007, 2}, {106014, 3}, {106015, 6},
	{106021, 1}, {106023, 4}, {106100, 6}, {109011, 6}, {109012, 5},
	{111004, 5}, {111005, 5}, {111007, 5}, {111008, 5}, {111009, 7},
	{111010, 5}, {113004, 6}, {113005, 6}, {113008, 6}, {113009, 6},
	{113011, 6}, {113012, 6}, {113015, 6}, {113019, 4}, {302013, 6},
	{302014, 6}, {302015, 6}, {302016, 6}, {302020, 6}, {302021, 6},
	{305011, 6}, {305012, 6}, {313001, 3}, {315011, 6}, {402117, 4},
	{402119, 4}, {502103, 5}, {602303, 6}, {602304, 6}, {603101, 6},
	{603102, 6}, {603103, 6}, {603104, 6}, {603105, 6}, {603106, 6},
	{603107, 6}, {603108, 6}, {603109, 6}, {603110, 4}, {605004, 6},
	{605005, 6}, {609001, 7}, {609002, 7}, {611101, 6}, {611102, 6},
	{611103, 5}, {710003, 3}, {710005, 7}, {713041, 5}, {713049, 5},
	{713050, 5}, {713119, 5}, {713120, 5}, {713172, 6}, {713201, 5},
	{713228, 5}, {713902, 3}, {713903, 4}, {713904, 5}, {713905, 6},
	{713906, 7}, {716001, 6}, {716002, 6},
};

int log_msg_default_sev(int id)
{
	for (size_t i = 0; i < sizeof default_sev / sizeof default_sev[0]; i++)
		if (default_sev[i].id == id)
			return default_sev[i].sev;
	return -1;
}

/* ---- hooks --------------------------------------------------------- */

static log_devid_fn devid_fn;
void log_set_devid_fn(log_devid_fn fn)
{
	devid_fn = fn;
}

static log_clock_fn clock_fn;
void log_set_clock(log_clock_fn fn)
{
	clock_fn = fn;
}

static log_trap_send_fn trap_fn;
void log_set_trap_sender(log_trap_send_fn fn)
{
	trap_fn = fn;
}

struct sink {
	enum log_sink_kind kind;
	log_sink_fn fn;
	void *ctx;
	bool dead; /* removed while a message was being delivered */
};
static struct sink *sinks;
static size_t nsinks;
static int depth; /* plog nesting: sinks may log */

void log_sink_add(enum log_sink_kind kind, log_sink_fn fn, void *ctx)
{
	for (size_t i = 0; i < nsinks; i++)
		if (sinks[i].fn == fn && sinks[i].ctx == ctx && !sinks[i].dead) {
			sinks[i].kind = kind;
			return;
		}
	sinks = xrealloc(sinks, (nsinks + 1) * sizeof *sinks);
	sinks[nsinks++] = (struct sink){kind, fn, ctx, false};
}

static void sinks_compact(void)
{
	size_t o = 0;
	for (size_t i = 0; i < nsinks; i++)
		if (!sinks[i].dead)
			sinks[o++] = sinks[i];
	nsinks = o;
	if (!nsinks) {
		free(sinks);
		sinks = NULL;
	}
}

void log_sink_remove(log_sink_fn fn, void *ctx)
{
	for (size_t i = 0; i < nsinks; i++)
		if (sinks[i].fn == fn && sinks[i].ctx == ctx)
			sinks[i].dead = true;
	if (depth == 0)
		sinks_compact();
}

/* ---- formatting ---------------------------------------------------- */

static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr",
				       "May", "Jun", "Jul", "Aug",
				       "Sep", "Oct", "Nov", "Dec"};

size_t log_format_line(char *out, size_t outsz, const struct tm *tm,
		       const char *devid, int sev, int id, const char *text)
{
	char pre[128] = "";
	if (tm && devid && devid[0])
		snprintf(pre, sizeof pre, "%s %02d %04d %02d:%02d:%02d %s : ",
			 months[tm->tm_mon % 12], tm->tm_mday,
			 tm->tm_year + 1900, tm->tm_hour, tm->tm_min,
			 tm->tm_sec, devid);
	else if (tm)
		snprintf(pre, sizeof pre, "%s %02d %04d %02d:%02d:%02d: ",
			 months[tm->tm_mon % 12], tm->tm_mday,
			 tm->tm_year + 1900, tm->tm_hour, tm->tm_min,
			 tm->tm_sec);
	else if (devid && devid[0])
		snprintf(pre, sizeof pre, "%s : ", devid);
	int n = snprintf(out, outsz, "%s%%PIX-%d-%06d: %s", pre, sev, id,
			 text);
	if (n < 0)
		return 0;
	return (size_t)n < outsz ? (size_t)n : outsz - 1;
}

/* ---- delivery ------------------------------------------------------ */

/* Does a message pass destination d (index di)?  A "logging class" level
 * for the message's class replaces the destination's own filter. */
static bool passes(const struct log_dest *d, enum log_dest_idx di, int id,
		   int sev)
{
	if (d->level == LOG_OFF && !d->list[0])
		return false;
	if (log_cf.nclasses) {
		const char *cls = log_msg_class(id);
		const struct log_class_conf *c = cls ? log_class_find(cls) : NULL;
		if (c && c->level[di] != LOG_OFF)
			return sev <= c->level[di];
	}
	if (d->list[0]) {
		const struct log_list *l = log_list_find(d->list);
		return l && log_list_match(l, id, sev);
	}
	return sev <= d->level;
}

static void to_sinks(enum log_sink_kind kind, const char *line)
{
	for (size_t i = 0; i < nsinks; i++)
		if (sinks[i].kind == kind && !sinks[i].dead)
			sinks[i].fn(sinks[i].ctx, line);
}

static void deliver(int sev, int id, const char *text)
{
	struct tm tmv, *tm = NULL;
	if (log_cf.timestamp) {
		if (clock_fn) {
			clock_fn(&tmv);
		} else {
			time_t now = time(NULL);
			gmtime_r(&now, &tmv);
		}
		tm = &tmv;
	}
	char devid[LOG_NAME_MAX + 16] = "";
	if (log_cf.devid != DEVID_NONE && devid_fn)
		devid_fn(devid, sizeof devid);
	char line[1200];
	log_format_line(line, sizeof line, tm, devid, sev, id, text);

	if (passes(&log_cf.buffered, LD_BUFFERED, id, sev)) {
		log_ring_push(&log_buffer, line);
		log_cf.buffered.count++;
	}
	if (passes(&log_cf.asdm, LD_ASDM, id, sev)) {
		log_ring_push(&log_asdm, line);
		log_cf.asdm.count++;
	}
	if (passes(&log_cf.history, LD_HISTORY, id, sev)) {
		log_ring_push(&log_histtab, line);
		log_cf.history.count++;
	}
	if (passes(&log_cf.console, LD_CONSOLE, id, sev)) {
		log_cf.console.count++;
		to_sinks(LOG_SINK_CONSOLE, line);
	}
	if (passes(&log_cf.monitor, LD_MONITOR, id, sev)) {
		log_cf.monitor.count++;
		to_sinks(LOG_SINK_MONITOR, line);
	}
	if (passes(&log_cf.trap, LD_TRAP, id, sev) && trap_fn) {
		/* counted only when a transport took it: no pretending */
		int pri = log_cf.facility * 8 + sev;
		bool sent = false;
		for (size_t i = 0; i < log_cf.nhosts; i++)
			sent |= trap_fn(&log_cf.hosts[i], pri, line);
		if (sent)
			log_cf.trap.count++;
	}
}

void vplog(int sev, int id, const char *fmt, va_list ap)
{
	conf_ready();
	if (!log_cf.enabled || sev < 0 || sev > 7)
		return;
	const struct log_msg_conf *m = log_msg_find(id);
	if (m && m->disabled)
		return;
	if (m && m->level >= 0)
		sev = m->level;
	if (depth >= 2)
		return; /* a sink that logs about logging: stop the loop */
	char text[1024];
	vsnprintf(text, sizeof text, fmt, ap);
	depth++;
	deliver(sev, id, text);
	depth--;
	if (depth == 0)
		sinks_compact();
}

void plog(int sev, int id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vplog(sev, id, fmt, ap);
	va_end(ap);
}

/* ---- command accounting (111008 / 111009) -------------------------- */

/* Is w an abbreviation (at least min characters) of keyword kw? */
static bool abbrev(const char *w, const char *kw, size_t min)
{
	size_t n = strlen(w);
	return n >= min && n <= strlen(kw) && strncasecmp(w, kw, n) == 0;
}

/* Does the word before a secret keyword make it not a secret?  Only
 * "crypto key ..." (key generation, "show crypto key mypubkey"). */
static bool key_is_command(const char *prev)
{
	return prev && abbrev(prev, "crypto", 2);
}

/* Mask "scheme://user:password@host" credentials inside a word. */
static void mask_url(const char *w, char *out, size_t outsz)
{
	const char *s = strstr(w, "://");
	const char *at = s ? strchr(s + 3, '@') : NULL;
	const char *colon = s ? memchr(s + 3, ':', at ? (size_t)(at - s - 3) : 0)
			      : NULL;
	if (!s || !at || !colon) {
		strlcpy_(out, w, outsz);
		return;
	}
	snprintf(out, outsz, "%.*s:*****%s", (int)(colon - w), w, at);
}

void log_mask_command(const char *in, char *out, size_t outsz)
{
	/* words of the line; every argument that follows a keyword
	 * introducing a secret is replaced by "*****" */
	char *copy = xstrdup(in);
	char *words[256];
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(copy, " \t", &save); t && n < 256; t = strtok_r(NULL, " \t", &save))
		words[n++] = t;

	size_t o = 0;
	out[0] = '\0';
	bool mask_next = false;
	for (int i = 0; i < n; i++) {
		const char *w = words[i];
		const char *prev = i ? words[i - 1] : NULL;
		char buf[512];
		if (mask_next) {
			strlcpy_(buf, "*****", sizeof buf);
			mask_next = false;
		} else {
			mask_url(w, buf, sizeof buf);
		}
		/* keywords whose next argument is a secret */
		if (strcmp(buf, "*****") != 0) {
			if (abbrev(w, "password", 3) || abbrev(w, "passwd", 3) ||
			    abbrev(w, "pre-shared-key", 3) ||
			    abbrev(w, "ldap-login-password", 6) ||
			    abbrev(w, "radius-common-pw", 8) ||
			    abbrev(w, "secret", 3) ||
			    abbrev(w, "community", 4) ||
			    abbrev(w, "authentication-key", 16) ||
			    strcasecmp(w, "md5") == 0)
				mask_next = true;
			else if (abbrev(w, "key", 2) && !key_is_command(prev))
				mask_next = true;
			/* "hash md5" names an algorithm, not a key */
			if (strcasecmp(w, "md5") == 0 && prev &&
			    abbrev(prev, "hash", 2))
				mask_next = false;
		}
		int k = snprintf(out + o, outsz - o, "%s%s", i ? " " : "", buf);
		if (k < 0 || (size_t)k >= outsz - o)
			break;
		o += (size_t)k;
	}
	free(copy);
}

/* "show ..." commands are accounted as 111009 (severity 7), every other
 * command as 111008 (severity 5), as in the PIX syslog guide. */
void log_command_executed(const char *user, const char *cmdline)
{
	conf_ready();
	if (!log_cf.enabled)
		return; /* the common case on a paste: nothing to format */
	while (*cmdline == ' ' || *cmdline == '\t')
		cmdline++;
	if (!*cmdline)
		return;
	char masked[1024];
	log_mask_command(cmdline, masked, sizeof masked);
	char first[32];
	size_t k = 0;
	while (cmdline[k] && !isspace((unsigned char)cmdline[k]) &&
	       k < sizeof first - 1) {
		first[k] = cmdline[k];
		k++;
	}
	first[k] = '\0';
	if (abbrev(first, "show", 2))
		plog(LOG_DEBUG_, 111009, "User '%s' executed cmd: %s", user,
		     masked);
	else
		plog(LOG_NOTICE_, 111008, "User '%s' executed the '%s' command.",
		     user, masked);
}
