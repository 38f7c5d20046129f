/*
 * check.c — "pixie check FILE": apply a configuration file to a factory-
 * default box, as a paste would, and report every line the box refuses
 * with its line number and the box's own error text.  Exit status 0 when
 * every line was accepted.  (The OpenBSD "pfctl -n" habit: check a
 * configuration before loading it.)
 */
#include "cli/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/internal.h"
#include "lib/strbuf.h"

static void to_buf(void *ctx, const char *buf, size_t len)
{
	sb_add(ctx, buf, len);
}

int check_file(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		perror(path);
		return 2;
	}
	struct strbuf out = STRBUF_INIT;
	struct cli_io io = {.write = to_buf, .ctx = &out};
	struct cli *cli = cli_session_new(&io);
	cli_set_privilege(cli, 15);
	cli_exec_line(cli, "configure terminal");
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, bad = 0, total = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		sb_reset(&out);
		if (line[strspn(line, " \t")])
			total++;
		if (cli_exec_line(cli, line) != CLI_OK) {
			bad++;
			printf("%s:%ld: %s\n", path, lineno, line);
			/* the error as the box prints it, without the caret line,
			 * whose column belongs to a prompt that is not shown here */
			for (char *p = out.buf ? out.buf : "", *nl; *p; p = nl + 1) {
				nl = strchr(p, '\n');
				if (!nl)
					nl = p + strlen(p) - 1;
				if (p[strspn(p, " ")] != '^')
					printf("    %.*s\n", (int)(nl - p), p);
			}
		}
		if (cli_closed(cli))
			break;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	sb_free(&out);
	cli_session_free(cli);
	printf("%s: %ld lines, %ld rejected\n", path, total, bad);
	return bad ? 1 : 0;
}
