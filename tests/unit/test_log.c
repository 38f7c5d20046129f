/* test_log.c — syslog line format, the line ring, delivery rules, 111008
 * masking (lib/log.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/log.h"
#include "lib/log_conf.h"

static void format_plain(void **state)
{
	(void)state;
	char b[256];
	log_format_line(b, sizeof b, NULL, "", 5, 111008,
			"User 'enable_15' executed the 'configure terminal' command.");
	assert_string_equal(b, "%PIX-5-111008: User 'enable_15' executed the "
			       "'configure terminal' command.");
}

static void format_timestamp_devid(void **state)
{
	(void)state;
	struct tm tm = {.tm_year = 107, .tm_mon = 0, .tm_mday = 2,
			.tm_hour = 18, .tm_min = 26, .tm_sec = 4};
	char b[256];
	log_format_line(b, sizeof b, &tm, "", 6, 302013, "Built x");
	assert_string_equal(b, "Jan 02 2007 18:26:04: %PIX-6-302013: Built x");
	log_format_line(b, sizeof b, &tm, "fw1", 6, 302013, "Built x");
	assert_string_equal(b, "Jan 02 2007 18:26:04 fw1 : %PIX-6-302013: Built x");
	log_format_line(b, sizeof b, NULL, "fw1", 4, 106023, "Deny");
	assert_string_equal(b, "fw1 : %PIX-4-106023: Deny");
	/* truncation keeps the buffer terminated */
	char small[10];
	size_t n = log_format_line(small, sizeof small, NULL, "", 4, 106023, "Deny");
	assert_int_equal(n, 9);
	assert_string_equal(small, "%PIX-4-10");
}

static void sev_names(void **state)
{
	(void)state;
	assert_int_equal(log_sev_parse("debugging"), 7);
	assert_int_equal(log_sev_parse("emergencies"), 0);
	assert_int_equal(log_sev_parse("3"), 3);
	assert_int_equal(log_sev_parse("8"), -1);
	assert_int_equal(log_sev_parse("debug"), -1);
	assert_string_equal(log_sev_name(5), "notifications");
	assert_string_equal(log_sev_name(6), "informational");
}

/* collect ring lines into one string */
static void cat_line(void *ctx, const char *line)
{
	char *s = ctx;
	strcat(s, line);
	strcat(s, "|");
}

static void ring_evicts_whole_lines(void **state)
{
	(void)state;
	struct log_ring r;
	log_ring_init(&r, 16, 0);
	char out[256] = "";
	log_ring_push(&r, "aaaa");  /* 5 bytes */
	log_ring_push(&r, "bbbb");  /* 10 */
	log_ring_push(&r, "cccc");  /* 15 */
	log_ring_foreach(&r, cat_line, out);
	assert_string_equal(out, "aaaa|bbbb|cccc|");
	log_ring_push(&r, "dddddd"); /* needs 7: a and b go */
	out[0] = '\0';
	log_ring_foreach(&r, cat_line, out);
	assert_string_equal(out, "cccc|dddddd|");
	assert_int_equal(r.nmsgs, 2);
	/* wrap-around keeps lines intact */
	for (int i = 0; i < 20; i++)
		log_ring_push(&r, "xy");
	out[0] = '\0';
	log_ring_foreach(&r, cat_line, out);
	assert_string_equal(out, "xy|xy|xy|xy|xy|");
	/* a line longer than the ring keeps its start */
	log_ring_push(&r, "0123456789abcdefghij");
	out[0] = '\0';
	log_ring_foreach(&r, cat_line, out);
	assert_string_equal(out, "0123456789abcde|");
	log_ring_clear(&r);
	out[0] = '\0';
	log_ring_foreach(&r, cat_line, out);
	assert_string_equal(out, "");
	log_ring_free(&r);
}

static void ring_max_msgs_and_resize(void **state)
{
	(void)state;
	struct log_ring r;
	log_ring_init(&r, 1000, 2);
	log_ring_push(&r, "one");
	log_ring_push(&r, "two");
	log_ring_push(&r, "three");
	char out[256] = "";
	log_ring_foreach(&r, cat_line, out);
	assert_string_equal(out, "two|three|");
	/* shrinking keeps the newest lines that fit */
	log_ring_resize(&r, 8, 0);
	out[0] = '\0';
	log_ring_foreach(&r, cat_line, out);
	assert_string_equal(out, "three|");
	log_ring_free(&r);
}

/* ---- delivery ---- */

static char console_out[4096];
static void console_sink(void *ctx, const char *line)
{
	(void)ctx;
	strcat(console_out, line);
	strcat(console_out, "\n");
}

static int setup_conf(void **state)
{
	(void)state;
	log_conf_reset();
	log_ring_clear(&log_buffer);
	console_out[0] = '\0';
	log_sink_add(LOG_SINK_CONSOLE, console_sink, NULL);
	return 0;
}

static int teardown_conf(void **state)
{
	(void)state;
	log_sink_remove(console_sink, NULL);
	log_conf_reset();
	return 0;
}

static void buf_text(char *out)
{
	out[0] = '\0';
	log_ring_foreach(&log_buffer, cat_line, out);
}

static void delivery_needs_enable(void **state)
{
	(void)state;
	log_cf.console.level = 7;
	log_cf.buffered.level = 7;
	plog(LOG_NOTICE_, 111008, "User 'a' executed the 'b' command.");
	assert_string_equal(console_out, "");
	assert_int_equal(log_cf.console.count, 0);
	log_cf.enabled = true;
	plog(LOG_NOTICE_, 111008, "User 'a' executed the 'b' command.");
	assert_string_equal(console_out,
			    "%PIX-5-111008: User 'a' executed the 'b' command.\n");
	assert_int_equal(log_cf.console.count, 1);
	assert_int_equal(log_cf.buffered.count, 1);
}

static void delivery_levels(void **state)
{
	(void)state;
	log_cf.enabled = true;
	log_cf.console.level = LOG_WARN_;
	log_cf.buffered.level = LOG_DEBUG_;
	plog(LOG_INFO_, 302013, "Built %s", "conn");
	plog(LOG_ERR_, 313001, "Denied");
	assert_string_equal(console_out, "%PIX-3-313001: Denied\n");
	char b[1024];
	buf_text(b);
	assert_string_equal(b, "%PIX-6-302013: Built conn|%PIX-3-313001: Denied|");
	assert_int_equal(log_cf.console.count, 1);
	assert_int_equal(log_cf.buffered.count, 2);
	assert_int_equal(log_cf.monitor.count, 0);
}

static void message_overrides(void **state)
{
	(void)state;
	log_cf.enabled = true;
	log_cf.buffered.level = LOG_NOTICE_;
	log_msg_get(302013)->level = LOG_NOTICE_; /* informational -> 5 */
	log_msg_get(313001)->disabled = true;
	plog(LOG_INFO_, 302013, "Built");
	plog(LOG_ERR_, 313001, "Denied");
	char b[1024];
	buf_text(b);
	assert_string_equal(b, "%PIX-5-302013: Built|");
	/* back to the default severity: the entry goes away */
	log_msg_get(302013)->level = 6;
	log_msg_compact();
	assert_null(log_msg_find(302013));
	assert_non_null(log_msg_find(313001));
}

static void lists(void **state)
{
	(void)state;
	struct log_list *l = log_list_get("vpnlist");
	l->ents = calloc(2, sizeof *l->ents);
	l->ents[0] = (struct log_list_ent){.kind = LLE_LEVEL, .level = 5,
					   .cls = "vpn"};
	l->ents[1] = (struct log_list_ent){.kind = LLE_MESSAGE,
					   .lo = 111008, .hi = 111009};
	l->n = 2;
	assert_true(log_list_match(l, 713119, 5));
	assert_false(log_list_match(l, 713172, 6));
	assert_false(log_list_match(l, 302013, 3));
	assert_true(log_list_match(l, 111009, 7));
	assert_string_equal(log_msg_class(111008), "config");
	assert_string_equal(log_msg_class(302013), "session");
	assert_null(log_msg_class(999999));
}

/* ---- 111008 / 111009 ---- */

static void masking(void **state)
{
	(void)state;
	char b[512];
	log_mask_command("enable password cisco123", b, sizeof b);
	assert_string_equal(b, "enable password *****");
	log_mask_command("enable pass cisco123 level 15", b, sizeof b);
	assert_string_equal(b, "enable pass ***** level 15");
	log_mask_command("passwd s3cret encrypted", b, sizeof b);
	assert_string_equal(b, "passwd ***** encrypted");
	log_mask_command("username bob password pw privilege 15", b, sizeof b);
	assert_string_equal(b, "username bob password ***** privilege 15");
	log_mask_command(" pre-shared-key verysecret", b, sizeof b);
	assert_string_equal(b, "pre-shared-key *****");
	log_mask_command("key radiuskey", b, sizeof b);
	assert_string_equal(b, "key *****");
	log_mask_command("crypto isakmp key abc address 1.2.3.4", b, sizeof b);
	assert_string_equal(b, "crypto isakmp key ***** address 1.2.3.4");
	log_mask_command("crypto key generate rsa", b, sizeof b);
	assert_string_equal(b, "crypto key generate rsa");
	log_mask_command("snmp-server community public", b, sizeof b);
	assert_string_equal(b, "snmp-server community *****");
	log_mask_command("ntp authentication-key 1 md5 k", b, sizeof b);
	assert_string_equal(b, "ntp authentication-key ***** md5 *****");
	log_mask_command("hash md5", b, sizeof b);
	assert_string_equal(b, "hash md5");
	log_mask_command("copy ftp://u:pw@10.1.1.1/x.bin flash:", b, sizeof b);
	assert_string_equal(b, "copy ftp://u:*****@10.1.1.1/x.bin flash:");
	log_mask_command("configure terminal", b, sizeof b);
	assert_string_equal(b, "configure terminal");
}

static void command_accounting(void **state)
{
	(void)state;
	log_cf.enabled = true;
	log_cf.console.level = LOG_DEBUG_;
	log_command_executed("enable_15", "configure terminal");
	log_command_executed("enable_15", "username test password test");
	log_command_executed("enable_15", "sh run");
	assert_string_equal(
		console_out,
		"%PIX-5-111008: User 'enable_15' executed the 'configure terminal' command.\n"
		"%PIX-5-111008: User 'enable_15' executed the 'username test password *****' command.\n"
		"%PIX-7-111009: User 'enable_15' executed cmd: sh run\n");
	assert_null(strstr(console_out, "password test"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_plain),
		cmocka_unit_test(format_timestamp_devid),
		cmocka_unit_test(sev_names),
		cmocka_unit_test(ring_evicts_whole_lines),
		cmocka_unit_test(ring_max_msgs_and_resize),
		cmocka_unit_test_setup_teardown(delivery_needs_enable, setup_conf,
						teardown_conf),
		cmocka_unit_test_setup_teardown(delivery_levels, setup_conf,
						teardown_conf),
		cmocka_unit_test_setup_teardown(message_overrides, setup_conf,
						teardown_conf),
		cmocka_unit_test_setup_teardown(lists, setup_conf, teardown_conf),
		cmocka_unit_test(masking),
		cmocka_unit_test_setup_teardown(command_accounting, setup_conf,
						teardown_conf),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	log_ring_free(&log_buffer);
	log_ring_free(&log_asdm);
	log_ring_free(&log_histtab);
	return rc;
}
