/*
 * log.h — PIX syslog messages: "%PIX-<sev>-<id>: <text>".
 *
 * Every subsystem reports through plog(); the logging feature (its commands
 * live in lib/log_cmds.c) decides where each message goes: console, buffer,
 * monitor sessions, syslog hosts, each with its own level, as configured by
 * "logging ..." lines.  Secrets are never passed in.
 */
#ifndef PIXIE_LOG_H
#define PIXIE_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <time.h>

enum log_sev {
	LOG_EMERG_ = 0,
	LOG_ALERT_ = 1,
	LOG_CRIT_ = 2,
	LOG_ERR_ = 3,
	LOG_WARN_ = 4,
	LOG_NOTICE_ = 5,
	LOG_INFO_ = 6,
	LOG_DEBUG_ = 7,
};

void plog(int sev, int id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Where console/monitor output goes: the console session registers one. */
enum log_sink_kind { LOG_SINK_CONSOLE, LOG_SINK_MONITOR };
typedef void (*log_sink_fn)(void *ctx, const char *line);
void log_sink_add(enum log_sink_kind kind, log_sink_fn fn, void *ctx);
void log_sink_remove(log_sink_fn fn, void *ctx);

/* Severity names as the CLI spells them ("debugging" = 7). -1 if unknown. */
int log_sev_parse(const char *s);
const char *log_sev_name(int sev);

/* 111008/111009: a command was executed (the logging module masks secrets).
 * "show ..." lines become 111009 (severity 7), all others 111008
 * (severity 5); passwords, keys, pre-shared keys and URL credentials are
 * replaced by "*****" before anything is logged. */
void log_command_executed(const char *user, const char *cmdline);

void vplog(int sev, int id, const char *fmt, va_list ap);

/* The clock of "logging timestamp" (default: the host's UTC time; the
 * logging module installs the box clock of mgmt/ with its timezone). */
typedef void (*log_clock_fn)(struct tm *out);
void log_set_clock(log_clock_fn fn);

/* Transport to "logging host" servers, installed by the module that owns
 * the box's own sockets.  Called per configured host for each message that
 * passes "logging trap"; pri = facility * 8 + severity; returns true when
 * the message was handed over (only then is it counted in show logging).
 * struct log_host is declared in lib/log_conf.h. */
struct log_host;
typedef bool (*log_trap_send_fn)(const struct log_host *h, int pri,
				 const char *line);
void log_set_trap_sender(log_trap_send_fn fn);

#endif
