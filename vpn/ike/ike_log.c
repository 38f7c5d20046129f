/*
 * ike_log.c — `debug crypto isakmp` lines and the IKE syslog prefix.
 *
 * A 7.2 debug line is "Jan 02 18:26:44 [IKEv1]: IP = 192.168.0.2, text" or
 * "... [IKEv1 DEBUG]: Group = DefaultRAGroup, IP = 192.168.0.2, text"
 * (seed sample).  Which level shows what is not documented in the
 * material we have; we show [IKEv1] event lines from level 1, the
 * IKE_DECODE lines from level 3 and the [IKEv1 DEBUG] detail from level 5
 * (the troubleshooting level 7 of the seed shows everything).  Debug
 * output goes to the console session, like the other console output of
 * this box (the console sink of lib/log).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/console.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "mgmt/mgmt.h"
#include "vpn/ike/ike_int.h"
#include "vpn/ike/isakmp_debug.h"

struct debug_flag ike_debug = {"crypto isakmp", 0};

static void (*debug_out)(const char *line);

void ike_debug_set_output(void (*fn)(const char *line))
{
	debug_out = fn;
}

void ike_debug_output(const char *line)
{
	if (debug_out) {
		debug_out(line);
		return;
	}
	debug_line(line);
}

static void stamp(struct strbuf *sb)
{
	static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct timespec ts;
	mgmt_now(&ts);
	const char *zone;
	time_t t = ts.tv_sec + mgmt_utc_offset(ts.tv_sec, &zone);
	struct tm tm;
	gmtime_r(&t, &tm);
	sb_printf(sb, "%s %02d %02d:%02d:%02d ", mon[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour,
		  tm.tm_min, tm.tm_sec);
}

static void prefix(struct strbuf *sb, const struct ike_sa *sa, uint32_t peer)
{
	char ip[16];
	if (sa)
		peer = sa->peer;
	ip4_fmt(peer, ip);
	if (sa && sa->group[0])
		sb_printf(sb, "Group = %s, ", sa->group);
	sb_printf(sb, "IP = %s, ", ip);
}

static void line(bool detail, const struct ike_sa *sa, uint32_t peer, const char *fmt,
		 va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	stamp(&sb);
	sb_puts(&sb, detail ? "[IKEv1 DEBUG]: " : "[IKEv1]: ");
	prefix(&sb, sa, peer);
	sb_vprintf(&sb, fmt, ap);
	ike_debug_output((sb.buf ? sb.buf : ""));
	sb_free(&sb);
}

void ike_ev(const struct ike_sa *sa, uint32_t peer, const char *fmt, ...)
{
	if (ike_debug.level < 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	line(false, sa, peer, fmt, ap);
	va_end(ap);
}

void ike_dbg(const struct ike_sa *sa, uint32_t peer, const char *fmt, ...)
{
	if (ike_debug.level < 5)
		return;
	va_list ap;
	va_start(ap, fmt);
	line(true, sa, peer, fmt, ap);
	va_end(ap);
}

void ike_dbg_decode(uint32_t peer, bool sending, const struct isakmp_msg *m)
{
	if (ike_debug.level < 3)
		return;
	struct strbuf sb = STRBUF_INIT;
	stamp(&sb);
	char ip[16];
	ip4_fmt(peer, ip);
	sb_printf(&sb, "[IKEv1]: IP = %s, ", ip);
	isakmp_debug_decode(&sb, sending, m);
	ike_debug_output((sb.buf ? sb.buf : ""));
	sb_free(&sb);
}

void ike_log(int sev, int id, const struct ike_sa *sa, uint32_t peer, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	prefix(&sb, sa, peer);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	plog(sev, id, "%s", (sb.buf ? sb.buf : ""));
	sb_free(&sb);
}

void ike_debug_set_level(unsigned level)
{
	ike_debug.level = level;
}

unsigned ike_debug_get_level(void)
{
	return ike_debug.level;
}
