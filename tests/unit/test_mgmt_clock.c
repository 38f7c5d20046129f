/* test_mgmt_clock.c — timezone and summer time arithmetic (recurring US
 * and EU rules, southern hemisphere, dated), as every timestamp uses it. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cli/internal.h"
#include "conf/conf.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "mgmt/mgmt.h"
#include "policy/policy.h"

#include "tests/unit/box_harness.h"


/* seconds since the epoch of a UTC date and time */
static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			.tm_hour = h, .tm_min = mi, .tm_sec = s};
	return timegm(&tm);
}

static long off(time_t t, const char **zone)
{
	return mgmt_utc_offset(t, zone);
}

static void fmt_epoch(void **state)
{
	(void)state;
	char buf[64];
	struct timespec ts = {0, 148000000};
	assert_string_equal(mgmt_fmt_time(&ts, buf, sizeof buf),
			    "00:00:00.148 UTC Thu Jan 1 1970");
	ts.tv_sec = utc(2007, 1, 2, 13, 49, 42);
	assert_string_equal(mgmt_fmt_time(&ts, buf, sizeof buf),
			    "13:49:42.148 UTC Tue Jan 2 2007");
}

static void us_rule(void **state)
{
	(void)state;
	const char *z;
	run("clock timezone PST -8");
	run("clock summer-time PDT recurring");
	assert_int_equal(off(utc(2024, 1, 15, 12, 0, 0), &z), -8 * 3600);
	assert_string_equal(z, "PST");
	assert_int_equal(off(utc(2024, 7, 1, 12, 0, 0), &z), -7 * 3600);
	assert_string_equal(z, "PDT");
	/* starts 2024-03-10 02:00 PST = 10:00 UTC */
	assert_int_equal(off(utc(2024, 3, 10, 9, 59, 59), &z), -8 * 3600);
	assert_int_equal(off(utc(2024, 3, 10, 10, 0, 0), &z), -7 * 3600);
	/* ends 2024-11-03 02:00 PDT = 09:00 UTC */
	assert_int_equal(off(utc(2024, 11, 3, 8, 59, 59), &z), -7 * 3600);
	assert_int_equal(off(utc(2024, 11, 3, 9, 0, 0), &z), -8 * 3600);
	char buf[64];
	struct timespec ts = {utc(2024, 7, 4, 19, 30, 0), 0};
	assert_string_equal(mgmt_fmt_time(&ts, buf, sizeof buf),
			    "12:30:00.000 PDT Thu Jul 4 2024");
}

static void eu_rule_last_sunday(void **state)
{
	(void)state;
	const char *z;
	run("clock timezone CET 1");
	run("clock summer-time CEST recurring last Sun Mar 2:00 last Sun Oct 3:00");
	/* 2024: last Sunday of March is the 31st, of October the 27th */
	assert_int_equal(off(utc(2024, 3, 31, 0, 59, 59), &z), 3600);
	assert_int_equal(off(utc(2024, 3, 31, 1, 0, 0), &z), 7200);
	assert_string_equal(z, "CEST");
	assert_int_equal(off(utc(2024, 10, 27, 0, 59, 59), &z), 7200);
	assert_int_equal(off(utc(2024, 10, 27, 1, 0, 0), &z), 3600);
	assert_string_equal(z, "CET");
}

static void southern_and_minutes(void **state)
{
	(void)state;
	const char *z;
	run("clock timezone ACST 9 30");
	run("clock summer-time ACDT recurring 1 Sun Oct 2:00 1 Sun Apr 3:00");
	assert_int_equal(off(utc(2024, 1, 10, 0, 0, 0), &z), 10 * 3600 + 1800);
	assert_string_equal(z, "ACDT");
	assert_int_equal(off(utc(2024, 6, 10, 0, 0, 0), &z), 9 * 3600 + 1800);
	run("clock timezone NST -3 30");
	run("no clock summer-time");
	assert_int_equal(off(utc(2024, 6, 10, 0, 0, 0), &z), -(3 * 3600 + 1800));
}

static void dated(void **state)
{
	(void)state;
	const char *z;
	run("clock timezone EST -5");
	run("clock summer-time EDT date 12 Mar 2006 2:00 5 Nov 2006 2:00 30");
	assert_int_equal(off(utc(2006, 6, 1, 0, 0, 0), &z), -5 * 3600 + 1800);
	assert_string_equal(z, "EDT");
	assert_int_equal(off(utc(2007, 6, 1, 0, 0, 0), &z), -5 * 3600);
	assert_string_equal(z, "EST");
}

static void clock_set(void **state)
{
	(void)state;
	run("end");
	run("clock set 10:00:00 1 Jan 2010");
	struct timespec ts;
	mgmt_now(&ts);
	assert_true(ts.tv_sec >= utc(2010, 1, 1, 10, 0, 0) &&
		    ts.tv_sec < utc(2010, 1, 1, 10, 0, 5));
	run("show clock detail");
	assert_non_null(strstr(out.buf, "Time source is user configuration"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fmt_epoch, setup, teardown),
		cmocka_unit_test_setup_teardown(us_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(eu_rule_last_sunday, setup, teardown),
		cmocka_unit_test_setup_teardown(southern_and_minutes, setup, teardown),
		cmocka_unit_test_setup_teardown(dated, setup, teardown),
		cmocka_unit_test_setup_teardown(clock_set, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
