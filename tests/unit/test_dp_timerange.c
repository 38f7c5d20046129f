/* test_dp_timerange.c — time-range parsing and the periodic activity test
 * of dataplane/timerange.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/timerange.h"

static void hhmm(void **state)
{
	(void)state;
	assert_int_equal(tr_parse_hhmm("8:00"), 480);
	assert_int_equal(tr_parse_hhmm("08:05"), 485);
	assert_int_equal(tr_parse_hhmm("23:59"), 1439);
	assert_int_equal(tr_parse_hhmm("0:00"), 0);
	assert_int_equal(tr_parse_hhmm("24:00"), -1);
	assert_int_equal(tr_parse_hhmm("8:60"), -1);
	assert_int_equal(tr_parse_hhmm("8:0"), -1);
	assert_int_equal(tr_parse_hhmm("800"), -1);
	assert_int_equal(tr_parse_hhmm("123:00"), -1);
	assert_int_equal(tr_parse_hhmm("8:00x"), -1);
}

static void days(void **state)
{
	(void)state;
	const char *c = NULL;
	assert_int_equal(tr_parse_day("monday", &c), 1);
	assert_string_equal(c, "Monday");
	assert_int_equal(tr_parse_day("SUN", &c), 1 << 6);
	assert_string_equal(c, "Sunday");
	assert_int_equal(tr_parse_day("weekdays", &c), TR_WEEKDAYS);
	assert_int_equal(tr_parse_day("weeke", &c), TR_WEEKEND);
	assert_int_equal(tr_parse_day("daily", &c), TR_DAILY);
	assert_int_equal(tr_parse_day("t", &c), 0);  /* Tuesday or Thursday */
	assert_int_equal(tr_parse_day("w", &c), 0);  /* Wednesday, weekdays, weekend */
	assert_int_equal(tr_parse_day("x", &c), 0);
	assert_int_equal(tr_parse_day("", &c), 0);
}

static void periodic(void **state)
{
	(void)state;
	/* weekdays 8:00 to 18:00 */
	struct tr_periodic wd = {.days = TR_WEEKDAYS, .from = 480, .to = 1080};
	assert_true(tr_periodic_active(&wd, 0, 480));
	assert_true(tr_periodic_active(&wd, 4, 1080));
	assert_false(tr_periodic_active(&wd, 4, 1081));
	assert_false(tr_periodic_active(&wd, 5, 600)); /* Saturday */
	/* Monday 7:59 to Friday 17:01: a span through the week */
	struct tr_periodic span = {.days = 1, .end_day = 1 << 4, .from = 479, .to = 1021};
	assert_false(tr_periodic_active(&span, 0, 478));
	assert_true(tr_periodic_active(&span, 0, 479));
	assert_true(tr_periodic_active(&span, 2, 0)); /* Wednesday night */
	assert_true(tr_periodic_active(&span, 4, 1021));
	assert_false(tr_periodic_active(&span, 4, 1022));
	assert_false(tr_periodic_active(&span, 6, 600));
	/* Friday 22:00 to Monday 6:00 wraps over the week's end */
	struct tr_periodic wrap = {.days = 1 << 4, .end_day = 1, .from = 1320, .to = 360};
	assert_true(tr_periodic_active(&wrap, 5, 0));
	assert_true(tr_periodic_active(&wrap, 0, 360));
	assert_false(tr_periodic_active(&wrap, 0, 361));
	assert_false(tr_periodic_active(&wrap, 4, 1319));
	/* daily 22:00 to 2:00 crosses midnight */
	struct tr_periodic night = {.days = TR_DAILY, .from = 1320, .to = 120};
	assert_true(tr_periodic_active(&night, 3, 1400));
	assert_true(tr_periodic_active(&night, 3, 60));
	assert_false(tr_periodic_active(&night, 3, 600));
}

static void undefined_range(void **state)
{
	(void)state;
	assert_null(time_range_find("nosuch"));
	assert_false(time_range_active("nosuch", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hhmm),
		cmocka_unit_test(days),
		cmocka_unit_test(periodic),
		cmocka_unit_test(undefined_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
