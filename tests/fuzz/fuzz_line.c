/*
 * fuzz_line.c — libFuzzer harness for the line parser and every command
 * handler: the input is split into lines and run in a privileged session,
 * starting in configuration mode, exactly as a paste would be.
 *
 *   make fuzz            builds build/fuzz/fuzz_line
 *   build/fuzz/fuzz_line -max_total_time=300 tests/fuzz/corpus
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/internal.h"
#include "conf/conf.h"
#include "lib/module.h"

static void discard(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool booted;
	static unsigned runs;
	if (!booted) {
		modules_init();
		booted = true;
	}
	/* start from the factory default now and then so state stays bounded */
	if (runs++ % 64 == 0)
		conf_factory_reset();
	struct cli_io io = {.write = discard};
	struct cli *cli = cli_session_new(&io);
	cli_set_privilege(cli, 15);
	cli_enter(cli, cli_mode_config(), "", 0);
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (char *line = buf, *nl; line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (cli_asking(cli))
			cli_answer(cli, line);
		else
			cli_exec_line(cli, line);
		if (cli_closed(cli))
			break;
	}
	/* rendering exercises every writer on whatever state was built */
	free(conf_render(0, NULL));
	free(buf);
	cli_session_free(cli);
	return 0;
}
