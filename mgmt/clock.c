/*
 * clock.c — time as the box shows it: "clock timezone", "clock summer-time"
 * (recurring or by date), "ntp ..." lines, and the exec commands
 * "clock set" and "show clock [detail]".
 *
 * The host's clock is never changed: "clock set" keeps an offset from it,
 * which mgmt_now() adds, so every timestamp the box prints follows it.
 * All calendar arithmetic is done on "seconds as if UTC" with the civil
 * date algorithms, independent of the host's TZ.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"
#include "mgmt/mgmt.h"

static const char *const wday_name[] = {"Sun", "Mon", "Tue", "Wed",
					"Thu", "Fri", "Sat"};
static const char *const mon_name[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const mon_full[] = {"january", "february", "march", "april",
				       "may", "june", "july", "august",
				       "september", "october", "november",
				       "december"};
static const char *const wday_full[] = {"sunday", "monday", "tuesday",
					"wednesday", "thursday", "friday",
					"saturday"};

/* A recurring boundary: the week-th (5 = last) wday of mon at minute. */
struct dst_rule {
	int week, wday, mon, minute;
};
/* A dated boundary. */
struct dst_date {
	int year, mon, mday, minute;
};

enum dst_kind { DST_NONE, DST_RECURRING_US, DST_RECURRING, DST_DATE };

struct ntp_server {
	uint32_t ip;
	unsigned long key; /* 0: none */
	char ifname[64];   /* "": no source */
	bool prefer;
};
struct ntp_key {
	unsigned long id;
	char secret[64];
};

static struct {
	char zone[16];
	long std_offset; /* seconds east of UTC */
	int tz_hours, tz_minutes;
	enum dst_kind dst;
	char dst_zone[16];
	struct dst_rule rs, re;
	struct dst_date ds, de;
	int dst_minutes;
	long long user_offset_ns; /* "clock set": added to the host clock */
	bool user_set;
	/* ntp */
	struct ntp_server *servers;
	int nservers;
	struct ntp_key *keys;
	int nkeys;
	unsigned long *trusted;
	int ntrusted;
	bool authenticate;
} clk;

/* ---- calendar -------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

/* Local seconds (as if UTC) of a recurring rule in year y. */
static long long rule_time(const struct dst_rule *r, int y)
{
	long long first = days_from_civil(y, r->mon, 1);
	int wd_first = (int)((first + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
	int day = 1 + (r->wday - wd_first + 7) % 7;
	if (r->week == 5) {
		while (day + 7 <= days_in_month(y, r->mon))
			day += 7;
	} else {
		day += 7 * (r->week - 1);
	}
	return (days_from_civil(y, r->mon, day)) * 86400 + r->minute * 60LL;
}

static long long date_time(const struct dst_date *d)
{
	return days_from_civil(d->year, d->mon, d->mday) * 86400 + d->minute * 60LL;
}

long mgmt_utc_offset(time_t t, const char **zone)
{
	*zone = clk.zone;
	if (clk.dst == DST_NONE)
		return clk.std_offset;
	long dst = clk.dst_minutes * 60L;
	long long lstd = (long long)t + clk.std_offset; /* local standard time */
	int y, m, d;
	civil_from_days(lstd >= 0 ? lstd / 86400 : (lstd - 86399) / 86400, &y, &m, &d);
	long long start, end;
	if (clk.dst == DST_DATE) {
		start = date_time(&clk.ds);
		end = date_time(&clk.de) - dst; /* end is given in summer time */
		if (lstd >= start && lstd < end) {
			*zone = clk.dst_zone;
			return clk.std_offset + dst;
		}
		return clk.std_offset;
	}
	start = rule_time(&clk.rs, y);
	end = rule_time(&clk.re, y) - dst;
	bool in = start < end ? (lstd >= start && lstd < end)
			      : (lstd >= start || lstd < end); /* southern */
	if (in) {
		*zone = clk.dst_zone;
		return clk.std_offset + dst;
	}
	return clk.std_offset;
}

void mgmt_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
	long long ns = (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec +
		       clk.user_offset_ns;
	ts->tv_sec = (time_t)(ns / 1000000000LL);
	ts->tv_nsec = (long)(ns % 1000000000LL);
	if (ts->tv_nsec < 0) {
		ts->tv_nsec += 1000000000L;
		ts->tv_sec--;
	}
}

char *mgmt_fmt_time(const struct timespec *ts, char *buf, size_t n)
{
	const char *zone;
	long off = mgmt_utc_offset(ts->tv_sec, &zone);
	long long l = (long long)ts->tv_sec + off;
	long long days = l >= 0 ? l / 86400 : (l - 86399) / 86400;
	long long sod = l - days * 86400;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	int wd = (int)(((days + 4) % 7 + 7) % 7);
	snprintf(buf, n, "%02d:%02d:%02d.%03ld %s %s %s %d %d", (int)(sod / 3600),
		 (int)(sod / 60 % 60), (int)(sod % 60), ts->tv_nsec / 1000000, zone,
		 wday_name[wd], mon_name[m - 1], d, y);
	return buf;
}

/* ---- token parsers --------------------------------------------------- */

/* Month by its English name or any unique prefix of at least 3 letters. */
static int parse_month(const char *s)
{
	size_t n = strlen(s);
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (n <= strlen(mon_full[i]) && strncasecmp(s, mon_full[i], n) == 0)
			return i + 1;
	return 0;
}

static int parse_wday(const char *s)
{
	size_t n = strlen(s);
	if (n < 3)
		return -1;
	for (int i = 0; i < 7; i++)
		if (n <= strlen(wday_full[i]) && strncasecmp(s, wday_full[i], n) == 0)
			return i;
	return -1;
}

static int parse_week(const char *s)
{
	if (strcasecmp(s, "first") == 0)
		return 1;
	if (strcasecmp(s, "last") == 0)
		return 5;
	if (s[0] >= '1' && s[0] <= '4' && s[1] == '\0')
		return s[0] - '0';
	return 0;
}

/* "hh:mm" -> minutes of the day, -1 if malformed. */
static int parse_hhmm(const char *s)
{
	int h, m;
	char extra;
	if (sscanf(s, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 ||
	    m > 59 || !isdigit((unsigned char)s[0]))
		return -1;
	return h * 60 + m;
}

static bool parse_day(const char *s, int *d)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < 1 || v > 31 || !isdigit((unsigned char)s[0]))
		return false;
	*d = (int)v;
	return true;
}

static bool valid_zone(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_' &&
		    s[i] != '+')
			return false;
	return true;
}

/* A week of a recurring rule: 1-4, first or last.  It must outrank the
 * optional offset (a <1-1440> range) that could also read "1".."4", or
 * the matcher would drop the rule's path at its first token. */
static bool match_week(const char *in, char *out, size_t outsz)
{
	if (!parse_week(in))
		return false;
	snprintf(out, outsz, "%s", in);
	return true;
}

static const struct cli_type week_type = {
	.name = "dst-week", .help_name = "<1-4>|first|last", .match = match_week,
	.strength = 101,
};

/* ---- clock timezone / summer-time ----------------------------------- */

static int cmd_timezone(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *zone = cli_get(a, "ZONE"), *hs = cli_get(a, "HOURS"),
		   *ms = cli_get(a, "MINUTES");
	char *end;
	long h = strtol(hs, &end, 10);
	if (!valid_zone(zone, 15))
		return cli_bad(a, "ZONE");
	if (*end || h < -12 || h > 12)
		return cli_bad(a, "HOURS");
	int m = ms ? atoi(ms) : 0;
	strlcpy_(clk.zone, zone, sizeof clk.zone);
	clk.tz_hours = (int)h;
	clk.tz_minutes = m;
	clk.std_offset = h * 3600 + (hs[0] == '-' ? -1 : 1) * m * 60L;
	return CLI_OK;
}

static int cmd_no_timezone(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	strlcpy_(clk.zone, "UTC", sizeof clk.zone);
	clk.std_offset = clk.tz_hours = clk.tz_minutes = 0;
	return CLI_OK;
}

static bool parse_rule(struct cli_args *a, const char *w, const char *d,
		       const char *m, const char *t, struct dst_rule *r, int *rc)
{
	if (!(r->week = parse_week(cli_get(a, w)))) {
		*rc = cli_bad(a, w);
		return false;
	}
	if ((r->wday = parse_wday(cli_get(a, d))) < 0) {
		*rc = cli_bad(a, d);
		return false;
	}
	if (!(r->mon = parse_month(cli_get(a, m)))) {
		*rc = cli_bad(a, m);
		return false;
	}
	if ((r->minute = parse_hhmm(cli_get(a, t))) < 0) {
		*rc = cli_bad(a, t);
		return false;
	}
	return true;
}

static int cmd_summer_recurring(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *zone = cli_get(a, "ZONE");
	if (!valid_zone(zone, 15))
		return cli_bad(a, "ZONE");
	struct dst_rule rs, re;
	enum dst_kind kind = DST_RECURRING_US;
	int rc;
	if (cli_get(a, "W1")) {
		if (!parse_rule(a, "W1", "D1", "M1", "T1", &rs, &rc) ||
		    !parse_rule(a, "W2", "D2", "M2", "T2", &re, &rc))
			return rc;
		kind = DST_RECURRING;
	} else { /* the United States rule since 2007 */
		rs = (struct dst_rule){2, 0, 3, 120};
		re = (struct dst_rule){1, 0, 11, 120};
	}
	clk.dst = kind;
	strlcpy_(clk.dst_zone, zone, sizeof clk.dst_zone);
	clk.rs = rs;
	clk.re = re;
	clk.dst_minutes = cli_get(a, "OFFSET") ? atoi(cli_get(a, "OFFSET")) : 60;
	return CLI_OK;
}

/* "day month" or "month day" starting at argument names a and b. */
static bool parse_day_month(struct cli_args *a, const char *sa, const char *sb,
			    int *day, int *mon, int *rc)
{
	const char *x = cli_get(a, sa), *y = cli_get(a, sb);
	if (parse_day(x, day)) {
		if (!(*mon = parse_month(y))) {
			*rc = cli_bad(a, sb);
			return false;
		}
		return true;
	}
	if (!(*mon = parse_month(x))) {
		*rc = cli_bad(a, sa);
		return false;
	}
	if (!parse_day(y, day)) {
		*rc = cli_bad(a, sb);
		return false;
	}
	return true;
}

static bool parse_date(struct cli_args *a, const char *sa, const char *sb,
		       const char *sy, const char *st, struct dst_date *d, int *rc)
{
	if (!parse_day_month(a, sa, sb, &d->mday, &d->mon, rc))
		return false;
	d->year = atoi(cli_get(a, sy));
	if (d->mday > days_in_month(d->year, d->mon)) {
		*rc = cli_bad(a, sa);
		return false;
	}
	if ((d->minute = parse_hhmm(cli_get(a, st))) < 0) {
		*rc = cli_bad(a, st);
		return false;
	}
	return true;
}

static int cmd_summer_date(struct cli *cli, struct cli_args *a)
{
	const char *zone = cli_get(a, "ZONE");
	if (!valid_zone(zone, 15))
		return cli_bad(a, "ZONE");
	struct dst_date ds, de;
	int rc;
	if (!parse_date(a, "A1", "B1", "Y1", "T1", &ds, &rc) ||
	    !parse_date(a, "A2", "B2", "Y2", "T2", &de, &rc))
		return rc;
	if (date_time(&de) <= date_time(&ds)) {
		cli_printf(cli, "ERROR: The end date must be later than the start date\n");
		return CLI_ERR;
	}
	clk.dst = DST_DATE;
	strlcpy_(clk.dst_zone, zone, sizeof clk.dst_zone);
	clk.ds = ds;
	clk.de = de;
	clk.dst_minutes = cli_get(a, "OFFSET") ? atoi(cli_get(a, "OFFSET")) : 60;
	return CLI_OK;
}

static int cmd_no_summer(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	clk.dst = DST_NONE;
	return CLI_OK;
}

/* ---- clock set (exec) ------------------------------------------------ */

static int cmd_clock_set(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	int h, m, s, day, mon, rc;
	char extra;
	const char *ts = cli_get(a, "TIME");
	if (sscanf(ts, "%d:%d:%d%c", &h, &m, &s, &extra) != 3 || h < 0 || h > 23 ||
	    m < 0 || m > 59 || s < 0 || s > 59)
		return cli_bad(a, "TIME");
	if (!parse_day_month(a, "A", "B", &day, &mon, &rc))
		return rc;
	int year = atoi(cli_get(a, "YEAR"));
	if (day > days_in_month(year, mon))
		return cli_bad(a, "A");
	long long local = days_from_civil(year, mon, day) * 86400 + h * 3600 + m * 60 + s;
	const char *zone;
	/* the offset in force at the target moment, found by one refinement */
	long off = mgmt_utc_offset((time_t)(local - clk.std_offset), &zone);
	long long target = local - off;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	clk.user_offset_ns = target * 1000000000LL -
			     ((long long)now.tv_sec * 1000000000LL + now.tv_nsec);
	clk.user_set = true;
	return CLI_OK;
}

static int cmd_show_clock(struct cli *cli, struct cli_args *a)
{
	struct timespec ts;
	char buf[64];
	mgmt_now(&ts);
	cli_printf(cli, "%s\n", mgmt_fmt_time(&ts, buf, sizeof buf));
	if (cli_has(a, "detail"))
		cli_printf(cli, "Time source is %s\n",
			   clk.user_set ? "user configuration" : "hardware calendar");
	return CLI_OK;
}

/* ---- ntp ------------------------------------------------------------- */

static bool parse_ulong(const char *s, unsigned long *v)
{
	char *end;
	*v = strtoul(s, &end, 10);
	return *s && !*end && *v >= 1 && *v <= 4294967295UL;
}

static int cmd_ntp_server(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	uint32_t ip;
	if (!conf_parse_host(cli_get(a, "ADDR"), &ip))
		return cli_bad(a, "ADDR");
	struct ntp_server s = {.ip = ip, .prefer = cli_has(a, "prefer")};
	if (cli_get(a, "KEY") && !parse_ulong(cli_get(a, "KEY"), &s.key))
		return cli_bad(a, "KEY");
	const char *ifname = cli_get(a, "IF");
	if (ifname) {
		if (strlen(ifname) >= sizeof s.ifname)
			return cli_bad(a, "IF");
		strlcpy_(s.ifname, ifname, sizeof s.ifname);
	}
	for (int i = 0; i < clk.nservers; i++)
		if (clk.servers[i].ip == ip) {
			clk.servers[i] = s;
			return CLI_OK;
		}
	clk.servers = xrealloc(clk.servers, (size_t)(clk.nservers + 1) * sizeof s);
	clk.servers[clk.nservers++] = s;
	return CLI_OK;
}

static int cmd_no_ntp_server(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	uint32_t ip;
	if (!conf_parse_host(cli_get(a, "ADDR"), &ip))
		return cli_bad(a, "ADDR");
	for (int i = 0; i < clk.nservers; i++)
		if (clk.servers[i].ip == ip) {
			memmove(&clk.servers[i], &clk.servers[i + 1],
				(size_t)(clk.nservers - i - 1) * sizeof *clk.servers);
			clk.nservers--;
			break;
		}
	return CLI_OK;
}

static int cmd_ntp_authenticate(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	clk.authenticate = !cli_has(a, "no");
	return CLI_OK;
}

static int cmd_ntp_key(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	unsigned long id;
	if (!parse_ulong(cli_get(a, "N"), &id))
		return cli_bad(a, "N");
	const char *secret = cli_get(a, "KEY");
	if (secret && strlen(secret) > 32)
		return cli_bad(a, "KEY");
	int i;
	for (i = 0; i < clk.nkeys && clk.keys[i].id != id; i++)
		;
	if (cli_has(a, "no")) {
		if (i < clk.nkeys) {
			pw_wipe(clk.keys[i].secret, sizeof clk.keys[i].secret);
			memmove(&clk.keys[i], &clk.keys[i + 1],
				(size_t)(clk.nkeys - i - 1) * sizeof *clk.keys);
			clk.nkeys--;
		}
		return CLI_OK;
	}
	if (i == clk.nkeys) {
		clk.keys = xrealloc(clk.keys, (size_t)(clk.nkeys + 1) * sizeof *clk.keys);
		clk.nkeys++;
	}
	clk.keys[i].id = id;
	strlcpy_(clk.keys[i].secret, secret, sizeof clk.keys[i].secret);
	return CLI_OK;
}

static int cmd_ntp_trusted(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	unsigned long id;
	if (!parse_ulong(cli_get(a, "N"), &id))
		return cli_bad(a, "N");
	int i;
	for (i = 0; i < clk.ntrusted && clk.trusted[i] != id; i++)
		;
	if (cli_has(a, "no")) {
		if (i < clk.ntrusted) {
			memmove(&clk.trusted[i], &clk.trusted[i + 1],
				(size_t)(clk.ntrusted - i - 1) * sizeof *clk.trusted);
			clk.ntrusted--;
		}
	} else if (i == clk.ntrusted) {
		clk.trusted = xrealloc(clk.trusted,
				       (size_t)(clk.ntrusted + 1) * sizeof *clk.trusted);
		clk.trusted[clk.ntrusted++] = id;
	}
	return CLI_OK;
}

static void ntp_clear(void)
{
	free(clk.servers);
	clk.servers = NULL;
	clk.nservers = 0;
	if (clk.keys)
		pw_wipe(clk.keys, (size_t)clk.nkeys * sizeof *clk.keys);
	free(clk.keys);
	clk.keys = NULL;
	clk.nkeys = 0;
	free(clk.trusted);
	clk.trusted = NULL;
	clk.ntrusted = 0;
	clk.authenticate = false;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	if (cli_has(a, "ntp")) {
		ntp_clear();
	} else {
		cmd_no_timezone(cli, a);
		clk.dst = DST_NONE;
	}
	return CLI_OK;
}

/* ---- running-config -------------------------------------------------- */

static void write_rule(struct cfgout *o, const struct dst_rule *r)
{
	if (r->week == 5)
		cfg_puts(o, " last");
	else
		cfg_printf(o, " %d", r->week);
	cfg_printf(o, " %s %s %d:%02d", wday_name[r->wday], mon_name[r->mon - 1],
		   r->minute / 60, r->minute % 60);
}

static void write_date(struct cfgout *o, const struct dst_date *d)
{
	cfg_printf(o, " %d %s %d %d:%02d", d->mday, mon_name[d->mon - 1], d->year,
		   d->minute / 60, d->minute % 60);
}

static void write_clock(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (strcmp(clk.zone, "UTC") != 0 || clk.std_offset) {
		cfg_printf(o, "clock timezone %s %d", clk.zone, clk.tz_hours);
		if (clk.tz_minutes)
			cfg_printf(o, " %d", clk.tz_minutes);
		cfg_puts(o, "\n");
	}
	if (clk.dst == DST_NONE)
		return;
	cfg_printf(o, "clock summer-time %s %s", clk.dst_zone,
		   clk.dst == DST_DATE ? "date" : "recurring");
	if (clk.dst == DST_RECURRING) {
		write_rule(o, &clk.rs);
		write_rule(o, &clk.re);
	} else if (clk.dst == DST_DATE) {
		write_date(o, &clk.ds);
		write_date(o, &clk.de);
	}
	if (clk.dst_minutes != 60)
		cfg_printf(o, " %d", clk.dst_minutes);
	cfg_puts(o, "\n");
}

static void write_ntp(struct cfgout *o, unsigned flags)
{
	char h[64];
	for (int i = 0; i < clk.nkeys; i++)
		cfg_printf(o, "ntp authentication-key %lu md5 %s\n", clk.keys[i].id,
			   flags & CONF_W_SECRETS ? clk.keys[i].secret : "*");
	if (clk.authenticate)
		cfg_puts(o, "ntp authenticate\n");
	for (int i = 0; i < clk.ntrusted; i++)
		cfg_printf(o, "ntp trusted-key %lu\n", clk.trusted[i]);
	for (int i = 0; i < clk.nservers; i++) {
		const struct ntp_server *s = &clk.servers[i];
		cfg_printf(o, "ntp server %s", conf_fmt_host(s->ip, h));
		if (s->key)
			cfg_printf(o, " key %lu", s->key);
		if (s->ifname[0])
			cfg_printf(o, " source %s", s->ifname);
		if (s->prefer)
			cfg_puts(o, " prefer");
		cfg_puts(o, "\n");
	}
}

static void clock_reset(void)
{
	strlcpy_(clk.zone, "UTC", sizeof clk.zone);
	clk.std_offset = clk.tz_hours = clk.tz_minutes = 0;
	clk.dst = DST_NONE;
	ntp_clear();
	/* "clock set" is not configuration: a reload keeps the time */
}

#define CLOCK_HELP "Configure time-of-day clock\n"
#define NO_HELP "Negate a command or set its defaults\n"

static const struct cli_cmd config_cmds[] = {
	{"clock timezone ZONE HOURS [MINUTES:<0-59>]",
	 CLOCK_HELP "Configure time zone\nName of time zone\n"
	 "Hours offset from UTC (-12 to 12)\nMinutes offset from UTC",
	 cmd_timezone, 0},
	{"no clock timezone [ZONE] [HOURS] [MINUTES:<0-59>]",
	 NO_HELP CLOCK_HELP "Configure time zone", cmd_no_timezone, 0},
	{"clock summer-time ZONE recurring [W1:dst-week D1 M1 T1 W2:dst-week D2 M2 T2] "
	 "[OFFSET:<1-1440>]",
	 CLOCK_HELP "Configure summer (daylight savings) time\n"
	 "Name of time zone in summer\nConfigure recurring summer time\n"
	 "Week number to start (1-4, first, last)\nWeekday to start\n"
	 "Month to start\nTime to start (hh:mm)\n"
	 "Week number to end (1-4, first, last)\nWeekday to end\nMonth to end\n"
	 "Time to end (hh:mm)\nOffset to add in minutes",
	 cmd_summer_recurring, 0},
	{"clock summer-time ZONE date A1 B1 Y1:<1993-2035> T1 A2 B2 Y2:<1993-2035> T2 "
	 "[OFFSET:<1-1440>]",
	 CLOCK_HELP "Configure summer (daylight savings) time\n"
	 "Name of time zone in summer\nConfigure absolute summer time\n"
	 "Day or month to start\nMonth or day to start\nYear to start\n"
	 "Time to start (hh:mm)\nDay or month to end\nMonth or day to end\n"
	 "Year to end\nTime to end (hh:mm)\nOffset to add in minutes",
	 cmd_summer_date, 0},
	{"no clock summer-time [ZONE:line]",
	 NO_HELP CLOCK_HELP "Configure summer (daylight savings) time",
	 cmd_no_summer, 0},
	{"ntp server ADDR:ip [key KEY] [source IF:nameif] [prefer]",
	 "NTP configuration\nConfigure NTP server\nIP address of the server\n"
	 "Configure the authentication key\nKey number\n"
	 "Interface the NTP packets are sent from\nName of interface\n"
	 "Prefer this server",
	 cmd_ntp_server, 0},
	{"no ntp server ADDR:ip [key KEY] [source IF:nameif] [prefer]",
	 NO_HELP "NTP configuration\nConfigure NTP server\nIP address of the server",
	 cmd_no_ntp_server, 0},
	{"[no] ntp authenticate",
	 NO_HELP "NTP configuration\nAuthenticate time sources", cmd_ntp_authenticate, 0},
	{"ntp authentication-key N md5 KEY",
	 "NTP configuration\nAuthentication key for trusted time sources\n"
	 "Key number (1-4294967295)\nMD5 authentication\nThe key (up to 32 characters)",
	 cmd_ntp_key, 0},
	{"no ntp authentication-key N [md5 KEY]",
	 NO_HELP "NTP configuration\nAuthentication key for trusted time sources\n"
	 "Key number",
	 cmd_ntp_key, 0},
	{"[no] ntp trusted-key N",
	 NO_HELP "NTP configuration\nKey numbers of trusted time sources\nKey number",
	 cmd_ntp_trusted, 0},
	{"clear configure (clock|ntp)",
	 MGMT_CLEAR_HELP "Clear clock configuration\nClear NTP configuration",
	 cmd_clear, 0},
};

static const struct cli_cmd exec_cmds[] = {
	{"clock set TIME A B YEAR:<1993-2035>",
	 "Manage the system clock\nSet the time and date\nCurrent time (hh:mm:ss)\n"
	 "Day of the month or month\nMonth or day of the month\nYear",
	 cmd_clock_set, CLI_PRIV},
	{"show clock [detail]",
	 "Show running system information\nDisplay the system clock\n"
	 "Display detailed clock information",
	 cmd_show_clock, CLI_SHOW},
};

/* An ntp server's source interface follows the interface's name; when the
 * name goes, the server stays without a source. */
static void iface_changed(const char *oldname, const char *newname)
{
	for (int i = 0; i < clk.nservers; i++)
		if (strcmp(clk.servers[i].ifname, oldname) == 0)
			strlcpy_(clk.servers[i].ifname, newname ? newname : "",
				 sizeof clk.servers[i].ifname);
}

static void clock_init(void)
{
	cli_type_register(&week_type);
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(cli_mode_exec(), exec_cmds);
	conf_register_writer(ORD_CLOCK, write_clock);
	conf_register_writer(ORD_NTP, write_ntp);
	conf_register_reset(clock_reset);
	iface_watch(iface_changed);
	clock_reset();
}

MODULE_INIT(clock_init)
