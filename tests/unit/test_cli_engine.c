/* Unit tests of the command engine: tokenizer, graph matching, abbreviation,
 * ambiguity, errors with the caret, help lists, sub-mode fall-through and
 * output filters.  The commands here are test fixtures, not box commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/internal.h"
#include "lib/strbuf.h"

static struct strbuf out;
static char last[512];

static void capture(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	sb_add(&out, buf, len);
}

static int record(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < a->n; i++)
		sb_printf(&sb, "%s%s=%s", i ? " " : "", a->v[i].spec, a->v[i].val);
	snprintf(last, sizeof last, "%s", sb.buf ? sb.buf : "");
	sb_free(&sb);
	return CLI_OK;
}

static int print_lines(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_puts(cli, "alpha\nbeta\ngamma\nbetamax\n");
	return CLI_OK;
}

static int reject_port(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	return cli_bad(a, "PORT");
}

static struct cli_mode *sub;

static int enter_sub(struct cli *cli, struct cli_args *a)
{
	cli_enter(cli, sub, cli_get(a, "NAME"), 0);
	return record(cli, a);
}

static int enter_config(struct cli *c, struct cli_args *a)
{
	(void)a;
	cli_enter(c, cli_mode_config(), "", 0);
	return CLI_OK;
}

static const struct cli_cmd exec_cmds[] = {
	{"configure terminal", NULL, enter_config, CLI_PRIV},
	{"show running-config [all]", NULL, record, CLI_SHOW},
	{"show version", NULL, record, CLI_SHOW},
	{"show crypto isakmp sa [detail]", NULL, record, CLI_SHOW},
	{"show crypto ipsec sa", NULL, record, CLI_SHOW},
	{"show clock", NULL, record, CLI_SHOW},
	{"show lines", NULL, print_lines, CLI_SHOW},
	{"shun A:ip", NULL, record, 0},
	{"write memory", NULL, record, 0},
	{"who", NULL, record, 0},
};

static const struct cli_cmd config_cmds[] = {
	{"[no] hostname NAME", "Set the name\nHost name", record, 0},
	{"route IF NET:ip MASK:mask GW:ip [METRIC:<1-255>]", NULL, record, 0},
	{"snmp-server enable traps { snmp | syslog | ipsec }", NULL, record, 0},
	{"description TEXT:line", NULL, record, 0},
	{"port PORT:<1-65535>", NULL, reject_port, 0},
	{"nat IF:paren-if ID:<0-65535> ( access-list ACL | NET:ip MASK:mask )", NULL, record, 0},
	{"static PAIR:paren-pair MAPPED:ip REAL:ip", NULL, record, 0},
	{"interface NAME", "Select an interface\nInterface name", enter_sub, 0},
};

static const struct cli_cmd sub_cmds[] = {
	{"nameif NAME", NULL, record, 0},
	{"[no] shutdown", NULL, record, 0},
};

static struct cli_mode *rawmode;
static char rawdata[256];

static int raw_line(struct cli *c, const char *line)
{
	(void)c;
	if (strspn(line, "0123456789abcdef ") != strlen(line)) {
		cli_puts(c, "ERROR: not hex\n");
		return CLI_ERR;
	}
	strncat(rawdata, line, sizeof rawdata - strlen(rawdata) - 1);
	return CLI_OK;
}

static int raw_quit(struct cli *c, struct cli_args *a)
{
	(void)a;
	cli_exit_mode(c);
	return CLI_OK;
}

static int enter_raw(struct cli *c, struct cli_args *a)
{
	(void)a;
	cli_enter(c, rawmode, "", 0);
	return CLI_OK;
}

static struct cli *cli;

static int setup(void **state)
{
	(void)state;
	static bool once;
	if (!once) {
		once = true;
		cli_install_all(cli_mode_exec(), exec_cmds);
		cli_install_all(cli_mode_config(), config_cmds);
		sub = cli_mode_new("config-if", cli_mode_config());
		cli_install_all(sub, sub_cmds);
		rawmode = cli_mode_new("config-pubkey", cli_mode_config());
		cli_mode_set_raw(rawmode, raw_line);
		cli_install(rawmode, &(struct cli_cmd){"quit", NULL, raw_quit, 0});
		cli_install(cli_mode_config(), &(struct cli_cmd){"certdata", NULL, enter_raw, 0});
		extern const struct cli_cmd cli_mode_builtins[2];
		cli_install(cli_mode_config(), &cli_mode_builtins[0]);
		cli_install(cli_mode_config(), &cli_mode_builtins[1]);
		cli_prefer("show");
		cli_prefer("write");
	}
	struct cli_io io = {.write = capture};
	cli = cli_session_new(&io);
	cli_set_privilege(cli, 15);
	sb_reset(&out);
	last[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cli_session_free(cli);
	return 0;
}

static const char *run(const char *line)
{
	sb_reset(&out);
	last[0] = '\0';
	cli_exec_line(cli, line);
	return out.buf ? out.buf : "";
}

static void test_tokens(void **state)
{
	(void)state;
	struct toks t;
	toks_split(&t, "  sh\trun  all ", 14);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.v[0].s, "sh");
	assert_int_equal(t.v[0].off, 2);
	assert_string_equal(t.v[1].s, "run");
	assert_int_equal(t.v[1].off, 5);
	assert_string_equal(t.v[2].s, "all");
	toks_free(&t);
}

static void test_abbreviation(void **state)
{
	(void)state;
	assert_string_equal(run("sh run"), "");
	assert_string_equal(last, "show=show running-config=running-config");
	run("sh cry isa sa det");
	assert_string_equal(last, "show=show crypto=crypto isakmp=isakmp sa=sa detail=detail");
	run("wr mem");
	assert_string_equal(last, "write=write memory=memory");
	run("SHOW VERSION");
	assert_string_equal(last, "show=show version=version");
}

static void test_ambiguous(void **state)
{
	(void)state;
	assert_string_equal(run("sh c"), "ERROR: % Ambiguous command:  \"sh c\"\n");
	assert_string_equal(last, "");
	/* "w" could be write or who; write is preferred */
	run("w mem");
	assert_string_equal(last, "write=write memory=memory");
}

static void test_invalid_caret(void **state)
{
	(void)state;
	/* prompt "pixfirewall# " is 13 characters; caret under "foo" */
	assert_string_equal(run("show foo"), "                  ^\n"
					     "ERROR: % Invalid input detected at '^' marker.\n");
	assert_string_equal(run("show crypto ipsec"), "ERROR: % Incomplete command\n");
	assert_string_equal(run("shun 1.2.3"), "                  ^\n"
					       "ERROR: % Invalid input detected at '^' marker.\n");
}

static void test_config_forms(void **state)
{
	(void)state;
	run("conf t");
	assert_string_equal(run("no hostname"), "ERROR: % Incomplete command\n");
	run("no host fw");
	assert_string_equal(last, "no=no hostname=hostname NAME=fw");
	run("route outside 0.0.0.0 0.0.0.0 172.16.1.2 1");
	assert_string_equal(last, "route=route IF=outside NET=0.0.0.0 MASK=0.0.0.0 GW=172.16.1.2 METRIC=1");
	/* non-contiguous mask and out of range metric */
	assert_string_equal(run("route outside 0.0.0.0 255.0.255.0 1.1.1.1"),
			    "                                           ^\n"
			    "ERROR: % Invalid input detected at '^' marker.\n");
	assert_string_not_equal(run("route o 1.0.0.0 255.0.0.0 1.1.1.1 256"), "");
	run("snmp-server enable traps snmp syslog snmp");
	assert_string_equal(last, "snmp-server=snmp-server enable=enable traps=traps snmp=snmp "
				  "syslog=syslog snmp=snmp");
	run("description  two  words ");
	assert_string_equal(last, "description=description TEXT=two  words");
	run("nat (inside) 0 access-list nonat");
	assert_string_equal(last, "nat=nat IF=inside ID=0 access-list=access-list ACL=nonat");
	run("static (inside,outside) 1.1.1.1 10.1.1.1");
	assert_string_equal(last, "static=static PAIR=inside,outside MAPPED=1.1.1.1 REAL=10.1.1.1");
	assert_string_not_equal(run("static (inside) 1.1.1.1 10.1.1.1"), "");
}

static void test_handler_caret(void **state)
{
	(void)state;
	run("configure terminal");
	/* "pixfirewall(config)# " is 21 characters, "port " 5 more */
	assert_string_equal(run("port 80"), "                          ^\n"
					    "ERROR: % Invalid input detected at '^' marker.\n");
}

static void test_submode_fallthrough(void **state)
{
	(void)state;
	run("configure terminal");
	run("interface Ethernet0");
	char p[64];
	cli_prompt(cli, p, sizeof p);
	assert_string_equal(p, "pixfirewall(config-if)# ");
	run("nameif outside");
	assert_string_equal(last, "nameif=nameif NAME=outside");
	assert_string_equal(cli_ctx_key(cli), "Ethernet0");
	/* a show command runs without leaving the sub-mode */
	run("show version");
	cli_prompt(cli, p, sizeof p);
	assert_string_equal(p, "pixfirewall(config-if)# ");
	/* a global line leaves it */
	run("hostname fw");
	cli_prompt(cli, p, sizeof p);
	assert_string_equal(p, "pixfirewall(config)# ");
	run("int e1");
	run("exit");
	cli_prompt(cli, p, sizeof p);
	assert_string_equal(p, "pixfirewall(config)# ");
	run("int e1");
	run("end");
	cli_prompt(cli, p, sizeof p);
	assert_string_equal(p, "pixfirewall# ");
}

static void test_raw_mode(void **state)
{
	(void)state;
	run("configure terminal");
	run("certdata");
	rawdata[0] = '\0';
	assert_string_equal(run("30820122 300d0609"), "");
	/* "hostname" is not hex: the data handler says so, nothing falls through */
	assert_string_equal(run("hostname x"), "ERROR: not hex\n");
	assert_string_equal(last, "");
	run("quit");
	char p[64];
	cli_prompt(cli, p, sizeof p);
	assert_string_equal(p, "pixfirewall(config)# ");
	assert_string_equal(rawdata, "30820122 300d0609");
}

static void test_filters(void **state)
{
	(void)state;
	assert_string_equal(run("show lines | include beta"), "beta\nbetamax\n");
	assert_string_equal(run("show lines | exc ^beta"), "alpha\ngamma\n");
	assert_string_equal(run("show lines | begin gam"), "gamma\nbetamax\n");
	assert_string_equal(run("show lines | grep -v a$"), "betamax\n");
	assert_string_equal(run("show lines | i"), "ERROR: % Incomplete command\n");
}

static void test_help(void **state)
{
	(void)state;
	sb_reset(&out);
	cli_help(cli, "show crypto ");
	assert_string_equal(out.buf, "\nexec mode commands/options:\n"
				     "  ipsec\n"
				     "  isakmp\n");
	sb_reset(&out);
	cli_help(cli, "show crypto isakmp sa ");
	assert_string_equal(out.buf, "\nexec mode commands/options:\n"
				     "  detail\n"
				     "  <cr>\n");
	sb_reset(&out);
	cli_help(cli, "sh");
	assert_string_equal(out.buf, "show  shun\n");
	char *c = cli_complete(cli, "show ver");
	assert_string_equal(c, "sion ");
	free(c);
	assert_null(cli_complete(cli, "sh"));
	c = cli_complete(cli, "show cr");
	assert_string_equal(c, "ypto ");
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abbreviation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ambiguous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_caret, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handler_caret, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submode_fallthrough, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
