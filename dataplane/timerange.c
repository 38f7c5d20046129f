/*
 * timerange.c — "time-range NAME" and its sub-mode (config-time-range):
 * "absolute [start T D MONTH Y] [end T D MONTH Y]", "periodic DAYS T to
 * [DAY] T", their no forms, "no time-range", "clear configure time-range",
 * the show running-config block and the activity test access lists use:
 *
 *   time-range WORKHOURS
 *    absolute start 08:00 01 January 2006 end 18:00 31 December 2030
 *    periodic weekdays 8:00 to 18:00
 *    periodic Monday 7:59 to Friday 17:01
 *   !
 *
 * The ASA prints absolute times with two-digit hours and days and
 * periodic times with the hour as is ([R] from configurations in public
 * converters' test data).
 */
#include "dataplane/timerange.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/hmap.h"
#include "lib/module.h"
#include "lib/xalloc.h"

/* not in conf/order.h yet: after the interface blocks, where 8.x prints it */

static struct hmap by_name;
static struct time_range **ranges; /* creation order */
static size_t nranges;
static struct cli_mode *mode_tr;

static const char *const months[] = {"January", "February", "March",     "April",
				     "May",     "June",     "July",      "August",
				     "September", "October", "November", "December"};

static const struct {
	const char *kw;
	unsigned bits;
} day_kws[] = {
	{"Monday", 1 << 0},   {"Tuesday", 1 << 1}, {"Wednesday", 1 << 2}, {"Thursday", 1 << 3},
	{"Friday", 1 << 4},   {"Saturday", 1 << 5}, {"Sunday", 1 << 6},   {"daily", TR_DAILY},
	{"weekdays", TR_WEEKDAYS}, {"weekend", TR_WEEKEND},
};
#define N_DAY_KWS (sizeof day_kws / sizeof day_kws[0])

struct time_range *time_range_find(const char *name)
{
	return name ? hmap_get(&by_name, name) : NULL;
}

/* ---- parsing ---------------------------------------------------------- */

int tr_parse_hhmm(const char *s)
{
	int h = 0, m = 0, nh = 0, nm = 0;
	for (; isdigit((unsigned char)*s) && nh < 3; s++, nh++)
		h = h * 10 + (*s - '0');
	if (!nh || nh > 2 || *s++ != ':')
		return -1;
	for (; isdigit((unsigned char)*s) && nm < 3; s++, nm++)
		m = m * 10 + (*s - '0');
	if (nm != 2 || *s || h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

unsigned tr_parse_day(const char *s, const char **canon)
{
	size_t l = strlen(s);
	unsigned found = 0;
	int hits = 0;
	for (size_t i = 0; i < N_DAY_KWS && l; i++) {
		if (strncasecmp(day_kws[i].kw, s, l))
			continue;
		if (strlen(day_kws[i].kw) == l) { /* a whole word beats prefixes */
			*canon = day_kws[i].kw;
			return day_kws[i].bits;
		}
		hits++;
		found = day_kws[i].bits;
		*canon = day_kws[i].kw;
	}
	return hits == 1 ? found : 0;
}

static int parse_month(const char *s)
{
	size_t l = strlen(s);
	int found = 0, hits = 0;
	for (int i = 0; i < 12 && l; i++)
		if (!strncasecmp(months[i], s, l)) {
			if (strlen(months[i]) == l)
				return i + 1;
			hits++;
			found = i + 1;
		}
	return hits == 1 ? found : 0;
}

/* ---- CLI types -------------------------------------------------------- */

static bool hhmm_match(const char *in, char *out, size_t n)
{
	int t = tr_parse_hhmm(in);
	if (t < 0)
		return false;
	snprintf(out, n, "%d:%02d", t / 60, t % 60);
	return true;
}

static bool day_match(const char *in, char *out, size_t n)
{
	const char *c;
	if (!tr_parse_day(in, &c))
		return false;
	snprintf(out, n, "%s", c);
	return true;
}

static void day_values(void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < N_DAY_KWS; i++)
		add(ctx, day_kws[i].kw);
}

static bool month_match(const char *in, char *out, size_t n)
{
	int m = parse_month(in);
	if (!m)
		return false;
	snprintf(out, n, "%s", months[m - 1]);
	return true;
}

static void month_values(void (*add)(void *, const char *), void *ctx)
{
	for (int i = 0; i < 12; i++)
		add(ctx, months[i]);
}

static bool trname_match(const char *in, char *out, size_t n)
{
	snprintf(out, n, "%s", in);
	return true;
}

static void trname_values(void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < nranges; i++)
		add(ctx, ranges[i]->name);
}

static const struct cli_type types[] = {
	{"dp-hhmm", "hh:mm", hhmm_match, NULL, 10},
	{"dp-day", "WORD", day_match, day_values, 10, true},
	{"dp-month", "WORD", month_match, month_values, 10, true},
	{"dp-time-range", "WORD", trname_match, trname_values, 0},
};

/* ---- the table -------------------------------------------------------- */

static void periodic_free(struct tr_periodic *p)
{
	free(p->days_text);
}

static void range_free(struct time_range *r)
{
	for (size_t i = 0; i < r->nper; i++)
		periodic_free(&r->per[i]);
	free(r->per);
	free(r->name);
	free(r);
}

static struct time_range *range_get(const char *name)
{
	struct time_range *r = hmap_get(&by_name, name);
	if (r)
		return r;
	r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	hmap_put(&by_name, name, r);
	ranges = xrealloc(ranges, (nranges + 1) * sizeof *ranges);
	ranges[nranges++] = r;
	return r;
}

static void range_remove(struct time_range *r)
{
	hmap_del(&by_name, r->name);
	for (size_t i = 0; i < nranges; i++)
		if (ranges[i] == r) {
			memmove(&ranges[i], &ranges[i + 1], (nranges - i - 1) * sizeof *ranges);
			nranges--;
			break;
		}
	range_free(r);
}

static void tr_reset(void)
{
	for (size_t i = 0; i < nranges; i++)
		range_free(ranges[i]);
	free(ranges);
	ranges = NULL;
	nranges = 0;
	hmap_clear(&by_name);
	hmap_init(&by_name, false);
}

/* ---- activity --------------------------------------------------------- */

static long when_key(const struct tr_when *w)
{
	return (((long)w->year * 13 + w->month) * 32 + w->day) * 1440 + w->min;
}

bool tr_periodic_active(const struct tr_periodic *p, int wday, int min)
{
	unsigned bit = 1u << wday;
	if (!p->end_day) {
		if (!(p->days & bit))
			return false;
		return p->from <= p->to ? min >= p->from && min <= p->to
					: min >= p->from || min <= p->to;
	}
	/* a span through the week: minutes since Monday 0:00 */
	int first = __builtin_ctz(p->days), last = __builtin_ctz(p->end_day);
	int a = first * 1440 + p->from, b = last * 1440 + p->to, t = wday * 1440 + min;
	return a <= b ? t >= a && t <= b : t >= a || t <= b;
}

bool time_range_active(const char *name, time_t now)
{
	const struct time_range *r = time_range_find(name);
	if (!r)
		return false;
	struct tm tm;
	localtime_r(&now, &tm);
	struct tr_when w = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour * 60 + tm.tm_min};
	if (r->start.year && when_key(&w) < when_key(&r->start))
		return false;
	if (r->end.year && when_key(&w) > when_key(&r->end))
		return false;
	if (!r->nper)
		return true;
	int wday = (tm.tm_wday + 6) % 7; /* Monday = 0 */
	for (size_t i = 0; i < r->nper; i++)
		if (tr_periodic_active(&r->per[i], wday, w.min))
			return true;
	return false;
}

/* ---- commands --------------------------------------------------------- */

static int do_time_range(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (strlen(name) > TR_NAME_MAX)
		return cli_bad(a, "NAME");
	struct time_range *r = range_get(name);
	cli_enter(cli, mode_tr, r->name, 0);
	return CLI_OK;
}

static int do_no_time_range(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct time_range *r = time_range_find(cli_get(a, "NAME"));
	if (!r)
		return cli_bad(a, "NAME");
	range_remove(r);
	return CLI_OK;
}

static int do_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	tr_reset();
	return CLI_OK;
}

static struct time_range *cur(struct cli *cli)
{
	return time_range_find(cli_ctx_key(cli));
}

static int days_in(int month, int year)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100) || year % 400 == 0;
	return month == 2 && leap ? 29 : d[month - 1];
}

/* "start|end T D MONTH Y" from the arguments named P+"H" etc. */
static int parse_when(struct cli_args *a, const char *p, struct tr_when *w)
{
	char k[8];
	snprintf(k, sizeof k, "%sH", p);
	w->min = tr_parse_hhmm(cli_get(a, k));
	snprintf(k, sizeof k, "%sM", p);
	w->month = parse_month(cli_get(a, k));
	snprintf(k, sizeof k, "%sY", p);
	w->year = atoi(cli_get(a, k));
	snprintf(k, sizeof k, "%sD", p);
	w->day = atoi(cli_get(a, k));
	if (w->day > days_in(w->month, w->year))
		return cli_bad(a, k);
	return CLI_OK;
}

static int do_absolute(struct cli *cli, struct cli_args *a)
{
	struct time_range *r = cur(cli);
	if (!r)
		return CLI_ERR;
	if (cli_has(a, "no")) {
		r->start = r->end = (struct tr_when){0};
		return CLI_OK;
	}
	struct tr_when s = {0}, e = {0};
	int rc;
	if (cli_has(a, "start") && (rc = parse_when(a, "S", &s)) != CLI_OK)
		return rc;
	if (cli_has(a, "end") && (rc = parse_when(a, "E", &e)) != CLI_OK)
		return rc;
	if (!s.year && !e.year)
		return CLI_ERR_INCOMPLETE;
	r->start = s;
	r->end = e;
	return CLI_OK;
}

/* Read a periodic entry from the arguments; caret on what does not fit. */
static int parse_periodic(struct cli_args *a, struct tr_periodic *p)
{
	char text[96] = "";
	int ndays = 0;
	bool keyword = false;
	for (int i = 0; i < a->n; i++) {
		if (strcmp(a->v[i].spec, "D"))
			continue;
		const char *c;
		unsigned bits = tr_parse_day(a->v[i].val, &c);
		bool kw = bits != (bits & -bits); /* daily / weekdays / weekend */
		/* a keyword stands alone; a day is named once */
		if ((kw && ndays) || keyword || (p->days & bits))
			return cli_bad_at(a, i);
		keyword = kw;
		p->days |= bits;
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", ndays ? " " : "", c);
		ndays++;
	}
	const char *end = cli_get(a, "E");
	if (end) {
		const char *c;
		/* "Monday 8:00 to Friday 17:00": one start day, one end day */
		p->end_day = tr_parse_day(end, &c);
		if (ndays > 1)
			return cli_bad_at(a, cli_idx(a, "D") + 1);
		if (keyword || p->end_day != (p->end_day & -p->end_day))
			return cli_bad(a, "E");
	}
	p->from = tr_parse_hhmm(cli_get(a, "FROM"));
	p->to = tr_parse_hhmm(cli_get(a, "TO"));
	p->days_text = xstrdup(text);
	return CLI_OK;
}

static bool periodic_eq(const struct tr_periodic *x, const struct tr_periodic *y)
{
	return x->days == y->days && x->end_day == y->end_day && x->from == y->from &&
	       x->to == y->to && !strcmp(x->days_text, y->days_text);
}

static int do_periodic(struct cli *cli, struct cli_args *a)
{
	struct time_range *r = cur(cli);
	if (!r)
		return CLI_ERR;
	struct tr_periodic p = {0};
	int rc = parse_periodic(a, &p);
	if (rc != CLI_OK) {
		periodic_free(&p);
		return rc;
	}
	for (size_t i = 0; i < r->nper; i++) {
		if (!periodic_eq(&r->per[i], &p))
			continue;
		if (cli_has(a, "no")) {
			periodic_free(&r->per[i]);
			memmove(&r->per[i], &r->per[i + 1], (r->nper - i - 1) * sizeof *r->per);
			r->nper--;
		}
		periodic_free(&p);
		return CLI_OK;
	}
	if (cli_has(a, "no")) {
		periodic_free(&p);
		return CLI_OK;
	}
	r->per = xrealloc(r->per, (r->nper + 1) * sizeof *r->per);
	r->per[r->nper++] = p;
	return CLI_OK;
}

/* ---- show running-config ---------------------------------------------- */

static void put_when(struct cfgout *o, const char *kw, const struct tr_when *w)
{
	cfg_printf(o, " %s %02d:%02d %02d %s %d", kw, w->min / 60, w->min % 60, w->day,
		   months[w->month - 1], w->year);
}

static void write_ranges(struct cfgout *o, unsigned flags)
{
	(void)flags;
	for (size_t i = 0; i < nranges; i++) {
		const struct time_range *r = ranges[i];
		cfg_printf(o, "time-range %s\n", r->name);
		if (r->start.year || r->end.year) {
			cfg_puts(o, " absolute");
			if (r->start.year)
				put_when(o, "start", &r->start);
			if (r->end.year)
				put_when(o, "end", &r->end);
			cfg_puts(o, "\n");
		}
		for (size_t j = 0; j < r->nper; j++) {
			const struct tr_periodic *p = &r->per[j];
			cfg_printf(o, " periodic %s %d:%02d to ", p->days_text, p->from / 60,
				   p->from % 60);
			if (p->end_day) {
				const char *c = "";
				for (size_t k = 0; k < 7; k++)
					if (day_kws[k].bits == p->end_day)
						c = day_kws[k].kw;
				cfg_printf(o, "%s ", c);
			}
			cfg_printf(o, "%d:%02d\n", p->to / 60, p->to % 60);
		}
		cfg_puts(o, "!\n");
	}
}

#define WHEN(p)                                                                            \
	p "H:dp-hhmm " p "D:<1-31> " p "M:dp-month " p "Y:<1993-2035>"
#define WHEN_HELP "Time (hh:mm)\nDay of the month\nMonth\nYear\n"

static const struct cli_cmd config_cmds[] = {
	{"time-range NAME",
	 "Define time range entries\nTime range name (up to 64 characters)", do_time_range, 0},
	{"no time-range NAME:dp-time-range",
	 "Negate a command or set its defaults\nDefine time range entries\nTime range name",
	 do_no_time_range, 0},
	{"clear configure time-range",
	 "Reset functions\nClear configuration\nClear time-range configuration", do_clear, 0},
};

static const struct cli_cmd tr_cmds[] = {
	{"absolute {start " WHEN("S") " | end " WHEN("E") "}",
	 "Absolute time and date\nStarting time and date\n" WHEN_HELP
	 "Ending time and date\n" WHEN_HELP,
	 do_absolute, 0},
	{"no absolute [{start " WHEN("S") " | end " WHEN("E") "}]",
	 "Negate a command or set its defaults\nAbsolute time and date\n"
	 "Starting time and date\n" WHEN_HELP "Ending time and date\n" WHEN_HELP,
	 do_absolute, 0},
	{"[no] periodic {D:dp-day} FROM:dp-hhmm to [E:dp-day] TO:dp-hhmm",
	 "Negate a command or set its defaults\nPeriodic time and date\n"
	 "Day of the week, daily, weekdays or weekend\nStarting time (hh:mm)\n"
	 "Ending day and time\nEnding day of the week\nEnding time (hh:mm)",
	 do_periodic, 0},
};

static void timerange_init(void)
{
	hmap_init(&by_name, false);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		cli_type_register(&types[i]);
	mode_tr = cli_mode_new("config-time-range", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(mode_tr, tr_cmds);
	conf_register_writer(ORD_TIME_RANGE, write_ranges);
	conf_register_reset(tr_reset);
}
MODULE_INIT(timerange_init)
