/*
 * timerange.h — "time-range NAME" with its absolute and periodic entries:
 * the times at which an access-list entry naming it ("... time-range
 * NAME") is active.
 */
#ifndef PIXIE_DP_TIMERANGE_H
#define PIXIE_DP_TIMERANGE_H

#include <stdbool.h>
#include <time.h>

#define TR_NAME_MAX 64

/* days of a periodic entry: bit 0 = Monday .. bit 6 = Sunday */
enum { TR_DAILY = 0x7f, TR_WEEKDAYS = 0x1f, TR_WEEKEND = 0x60 };

struct tr_periodic {
	unsigned days;     /* start days */
	unsigned end_day;  /* 0: same days ("Monday 8:00 to 17:00"); else one
			    * bit: a span "Monday 8:00 to Friday 17:00" */
	int from, to;      /* minutes after midnight */
	char *days_text;   /* the days as typed, canonical ("weekdays", "Monday Thursday") */
};

struct tr_when {
	int year, month, day; /* month 1-12; year 0: not given */
	int min;              /* minutes after midnight */
};

struct time_range {
	char *name;
	struct tr_when start, end; /* absolute; year 0 = open */
	struct tr_periodic *per;
	size_t nper;
};

struct time_range *time_range_find(const char *name);

/* Is the range active at `now` (local time)?  An undefined range is not. */
bool time_range_active(const char *name, time_t now);

/* Does a periodic entry cover this minute of the week (wday: Monday = 0)? */
bool tr_periodic_active(const struct tr_periodic *p, int wday, int min);

/* Parse "8:00" / "08:00" (hours 0-23); minutes after midnight or -1. */
int tr_parse_hhmm(const char *s);
/* A day keyword (unique prefix, any case): its bits, or 0. */
unsigned tr_parse_day(const char *s, const char **canon);

#endif
