/*
 * box_harness.h — a whole box for unit tests that drive commands: every
 * module initialised once, the factory default before each test, one
 * privileged session in configuration mode whose output collects in `out`.
 * Include once per test program (its definitions are static).
 */
#ifndef PIXIE_TEST_BOX_HARNESS_H
#define PIXIE_TEST_BOX_HARNESS_H

#include "cli/internal.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/strbuf.h"

static struct strbuf out;
static struct cli *cli;

static void capture(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	sb_add(&out, buf, len);
}

/* Run one line; out holds its output.  Returns CLI_OK or the error. */
static int run(const char *line)
{
	sb_reset(&out);
	return cli_exec_line(cli, line);
}

static int setup(void **state)
{
	(void)state;
	static bool once;
	if (!once) {
		once = true;
		modules_init();
	}
	conf_factory_reset();
	struct cli_io io = {.write = capture};
	cli = cli_session_new(&io);
	cli_set_privilege(cli, 15);
	run("configure terminal");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cli_session_free(cli);
	sb_free(&out);
	return 0;
}

#endif
