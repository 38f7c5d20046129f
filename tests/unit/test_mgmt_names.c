/* test_mgmt_names.c — names/name through the CLI, seen by every address
 * parser and writer via conf_parse_host()/conf_fmt_host(); passwords of
 * enable/passwd as the SSH server checks them (mgmt_enable_check). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/internal.h"
#include "conf/conf.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "mgmt/mgmt.h"

#include "tests/unit/box_harness.h"

static uint32_t ip(const char *s)
{
	uint32_t v = 0;
	assert_true(ip4_parse(s, &v));
	return v;
}

static void parse_and_format(void **state)
{
	(void)state;
	char buf[64];
	uint32_t v;
	assert_true(conf_names_enabled());
	assert_false(conf_parse_host("srv", &v));
	run("name 10.1.1.1 srv description a server");
	assert_true(conf_parse_host("srv", &v));
	assert_int_equal(v, ip("10.1.1.1"));
	assert_true(conf_parse_host("10.1.1.2", &v));
	assert_int_equal(v, ip("10.1.1.2"));
	assert_string_equal(conf_fmt_host(ip("10.1.1.1"), buf), "srv");
	assert_string_equal(conf_fmt_host(ip("10.1.1.2"), buf), "10.1.1.2");
	assert_false(conf_parse_host("SRV", &v)); /* names are case-sensitive */
}

static void names_off(void **state)
{
	(void)state;
	char buf[64];
	uint32_t v;
	run("name 10.1.1.1 srv");
	run("no names");
	assert_false(conf_names_enabled());
	assert_false(conf_parse_host("srv", &v));
	assert_string_equal(conf_fmt_host(ip("10.1.1.1"), buf), "10.1.1.1");
	run("names");
	assert_string_equal(conf_fmt_host(ip("10.1.1.1"), buf), "srv");
}

static void first_name_prints(void **state)
{
	(void)state;
	char buf[64];
	run("name 10.1.1.1 first");
	run("name 10.1.1.1 second");
	assert_string_equal(conf_fmt_host(ip("10.1.1.1"), buf), "first");
	run("no name 10.1.1.1 first");
	assert_string_equal(conf_fmt_host(ip("10.1.1.1"), buf), "second");
	run("clear configure names");
	assert_string_equal(conf_fmt_host(ip("10.1.1.1"), buf), "10.1.1.1");
}

static void duplicate_rejected(void **state)
{
	(void)state;
	uint32_t v;
	run("name 10.1.1.1 srv");
	run("name 10.1.1.2 srv");
	assert_non_null(strstr(out.buf, "ERROR: Name srv already exists"));
	assert_true(conf_parse_host("srv", &v));
	assert_int_equal(v, ip("10.1.1.1"));
}

static void writer_lines(void **state)
{
	(void)state;
	run("name 192.168.2.0 inside_network description the LAN");
	size_t len;
	char *body = conf_render_body(0, &len);
	assert_non_null(strstr(body, "\nnames\nname 192.168.2.0 inside_network "
				     "description the LAN\n"));
	free(body);
	run("no names");
	body = conf_render_body(0, &len);
	assert_non_null(strstr(body, "\nno names\nname 192.168.2.0 inside_network"));
	free(body);
}

static void many_names(void **state)
{
	(void)state;
	char line[64], name[32], buf[64];
	for (int i = 0; i < 5000; i++) {
		snprintf(line, sizeof line, "name 10.%d.%d.1 h%d", i / 256, i % 256, i);
		run(line);
	}
	for (int i = 0; i < 5000; i += 499) {
		uint32_t v;
		snprintf(name, sizeof name, "h%d", i);
		assert_true(conf_parse_host(name, &v));
		assert_string_equal(conf_fmt_host(v, buf), name);
	}
}

static void passwords(void **state)
{
	(void)state;
	assert_true(mgmt_enable_check(""));
	assert_false(mgmt_enable_check("cisco"));
	assert_true(mgmt_passwd_check("cisco"));
	run("enable password s3cret");
	assert_true(mgmt_enable_check("s3cret"));
	assert_false(mgmt_enable_check(""));
	run("enable password lvl5 level 5");
	assert_true(mgmt_enable_check_level(5, "lvl5"));
	assert_false(mgmt_enable_check_level(6, "lvl5"));
	run("passwd 8Ry2YjIyt7RRXU24 encrypted");
	assert_true(mgmt_passwd_check(""));
	run("no enable password");
	assert_true(mgmt_enable_check(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(parse_and_format, setup, teardown),
		cmocka_unit_test_setup_teardown(names_off, setup, teardown),
		cmocka_unit_test_setup_teardown(first_name_prints, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(writer_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(many_names, setup, teardown),
		cmocka_unit_test_setup_teardown(passwords, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
