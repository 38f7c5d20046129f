/* test_dp_names.c — protocol, port, ICMP, log level, h:mm:ss and MAC
 * parsers of dataplane/names.c against the ASA's tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/names.h"

static void protocols(void **state)
{
	(void)state;
	char b[8];
	assert_int_equal(proto_parse("tcp"), 6);
	assert_int_equal(proto_parse("UDP"), 17);
	assert_int_equal(proto_parse("ip"), 0);
	assert_int_equal(proto_parse("esp"), 50);
	assert_int_equal(proto_parse("ipsec"), 50);
	assert_int_equal(proto_parse("pptp"), 47);
	assert_int_equal(proto_parse("gre"), 47);
	assert_int_equal(proto_parse("ah"), 51);
	assert_int_equal(proto_parse("255"), 255);
	assert_int_equal(proto_parse("256"), -1);
	assert_int_equal(proto_parse("tcpx"), -1);
	assert_int_equal(proto_parse(""), -1);
	assert_int_equal(proto_parse("-1"), -1);
	/* printed back by name when there is one */
	assert_string_equal(proto_name(6, b), "tcp");
	assert_string_equal(proto_name(50, b), "esp");
	assert_string_equal(proto_name(47, b), "gre");
	assert_string_equal(proto_name(0, b), "ip");
	assert_string_equal(proto_name(57, b), "57");
}

static void ports(void **state)
{
	(void)state;
	char b[8];
	assert_int_equal(port_parse("www", PP_TCP), 80);
	assert_int_equal(port_parse("http", PP_TCP), 80);
	assert_int_equal(port_parse("https", PP_TCP), 443);
	assert_int_equal(port_parse("https", PP_UDP), -1); /* TCP only on the ASA */
	assert_int_equal(port_parse("domain", PP_UDP), 53);
	assert_int_equal(port_parse("domain", PP_TCPUDP), 53);
	assert_int_equal(port_parse("ssh", PP_TCPUDP), -1);
	assert_int_equal(port_parse("syslog", PP_UDP), 514);
	assert_int_equal(port_parse("syslog", PP_TCP), -1);
	assert_int_equal(port_parse("kerberos", PP_TCP), 750);
	assert_int_equal(port_parse("0", PP_TCP), 0);
	assert_int_equal(port_parse("65535", PP_UDP), 65535);
	assert_int_equal(port_parse("65536", PP_UDP), -1);
	assert_int_equal(port_parse("1a", PP_TCP), -1);
	assert_true(port_token_ok("tftp"));
	assert_true(port_token_ok("ftp-data"));
	assert_false(port_token_ok("nosuchport"));
	/* numbers come back as the ASA prints them */
	assert_string_equal(port_name(80, PP_TCP, b), "www");
	assert_string_equal(port_name(80, PP_UDP, b), "www");
	assert_string_equal(port_name(443, PP_TCP, b), "https");
	assert_string_equal(port_name(443, PP_UDP, b), "443");
	assert_string_equal(port_name(53, PP_UDP, b), "domain");
	assert_string_equal(port_name(514, PP_TCP, b), "rsh");
	assert_string_equal(port_name(514, PP_UDP, b), "syslog");
	assert_string_equal(port_name(1720, PP_TCP, b), "h323");
	assert_string_equal(port_name(8080, PP_TCP, b), "8080");
	(void)b;
}

static void port_conditions(void **state)
{
	(void)state;
	char c[48];
	assert_int_equal(port_op_parse("eq"), PORT_EQ);
	assert_int_equal(port_op_parse("range"), PORT_RANGE);
	assert_int_equal(port_op_parse("foo"), PORT_NONE);
	port_cond_fmt(c, sizeof c, PORT_EQ, 80, 80, PP_TCP);
	assert_string_equal(c, " eq www");
	port_cond_fmt(c, sizeof c, PORT_RANGE, 20, 22, PP_TCP);
	assert_string_equal(c, " range ftp-data ssh");
	port_cond_fmt(c, sizeof c, PORT_GT, 1023, 1023, PP_UDP);
	assert_string_equal(c, " gt 1023");
	port_cond_fmt(c, sizeof c, PORT_NONE, 0, 0, PP_UDP);
	assert_string_equal(c, "");
}

static void icmp_types(void **state)
{
	(void)state;
	char b[8];
	assert_int_equal(icmp_type_parse("echo"), 8);
	assert_int_equal(icmp_type_parse("echo-reply"), 0);
	assert_int_equal(icmp_type_parse("time-exceeded"), 11);
	assert_int_equal(icmp_type_parse("unreachable"), 3);
	assert_int_equal(icmp_type_parse("111"), 111);
	assert_int_equal(icmp_type_parse("300"), -1);
	assert_int_equal(icmp_type_parse("echoes"), -1);
	assert_string_equal(icmp_type_name(8, b), "echo");
	assert_string_equal(icmp_type_name(30, b), "traceroute");
	assert_string_equal(icmp_type_name(111, b), "111");
}

static void log_levels(void **state)
{
	(void)state;
	assert_int_equal(loglevel_parse("4"), 4);
	assert_int_equal(loglevel_parse("warnings"), 4);
	assert_int_equal(loglevel_parse("debugging"), 7);
	assert_int_equal(loglevel_parse("8"), -1);
	assert_int_equal(loglevel_parse("warning"), -1);
	assert_string_equal(loglevel_name(6), "informational");
	assert_string_equal(loglevel_name(0), "emergencies");
}

static void hms(void **state)
{
	(void)state;
	char b[32];
	assert_int_equal(hms_parse("3:00:00"), 3 * 3600);
	assert_int_equal(hms_parse("0:00:02"), 2);
	assert_int_equal(hms_parse("1:30"), 5400); /* seconds are optional */
	assert_int_equal(hms_parse("1193:00:00"), 1193 * 3600);
	assert_int_equal(hms_parse("0:60:00"), -1);
	assert_int_equal(hms_parse("0:00:60"), -1);
	assert_int_equal(hms_parse("12"), -1);
	assert_int_equal(hms_parse("1:2:3:4"), -1);
	assert_int_equal(hms_parse(":10:00"), -1);
	assert_int_equal(hms_parse("1:00:0x"), -1);
	assert_string_equal(hms_fmt(3 * 3600, b), "3:00:00");
	assert_string_equal(hms_fmt(2, b), "0:00:02");
	assert_string_equal(hms_fmt(600, b), "0:10:00");
	assert_string_equal(hms_fmt(1193L * 3600 + 59, b), "1193:00:59");
}

static void macs(void **state)
{
	(void)state;
	unsigned char m[6];
	char b[16];
	assert_true(mac_parse("0011.2233.4455", m));
	assert_string_equal(mac_fmt(m, b), "0011.2233.4455");
	assert_true(mac_parse("11.2233.AABB", m));
	assert_string_equal(mac_fmt(m, b), "0011.2233.aabb");
	assert_true(mac_parse("00:11:22:33:44:56", m));
	assert_string_equal(mac_fmt(m, b), "0011.2233.4456");
	assert_false(mac_parse("0011.2233", m));
	assert_false(mac_parse("0011.2233.4455.6677", m));
	assert_false(mac_parse("00112.2233.4455", m));
	assert_false(mac_parse("zz11.2233.4455", m));
	assert_false(mac_parse("", m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(protocols),  cmocka_unit_test(ports),
		cmocka_unit_test(port_conditions), cmocka_unit_test(icmp_types),
		cmocka_unit_test(log_levels), cmocka_unit_test(hms),
		cmocka_unit_test(macs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
