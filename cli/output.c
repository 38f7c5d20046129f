/*
 * output.c — everything a command prints passes here: the "| include"
 * family of filters (line by line, POSIX extended regex) and the pager
 * ("<--- More --->" on interactive sessions only).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/internal.h"

static const char more[] = "<--- More --->";

static int page_len(struct cli *cli);

/* Write one complete line (with its "\n") through the pager. */
static void emit_line(struct cli *cli, const char *s, size_t n)
{
	if (cli->discard)
		return;
	int plen = page_len(cli);
	if (cli->io.interactive && plen > 0 && cli->lines >= plen && cli->io.getkey) {
		cli->io.write(cli->io.ctx, more, sizeof more - 1);
		int k = cli->io.getkey(cli->io.ctx);
		/* erase the More prompt the way the ASA does: CR, spaces, CR */
		cli->io.write(cli->io.ctx, "\r              \r", 16);
		if (k == 'q' || k == 'Q' || k < 0 || k == 3) {
			cli->discard = true;
			return;
		}
		cli->lines = (k == '\r' || k == '\n') ? plen - 1 : 0;
	}
	if (cli->io.interactive && n && s[n - 1] == '\n') {
		/* terminals want CR LF */
		cli->io.write(cli->io.ctx, s, n - 1);
		cli->io.write(cli->io.ctx, "\r\n", 2);
	} else {
		cli->io.write(cli->io.ctx, s, n);
	}
	cli->lines++;
}

static bool keep_line(struct cli *cli, const char *s, size_t n)
{
	if (cli->fkind == F_NONE)
		return true;
	char buf[4096];
	size_t m = n < sizeof buf - 1 ? n : sizeof buf - 1;
	memcpy(buf, s, m);
	buf[m] = '\0';
	if (m && buf[m - 1] == '\n')
		buf[m - 1] = '\0';
	bool hit = regexec(&cli->re, buf, 0, NULL, 0) == 0;
	switch (cli->fkind) {
	case F_INCLUDE:
		return hit;
	case F_EXCLUDE:
		return !hit;
	case F_BEGIN:
		if (hit)
			cli->begun = true;
		return cli->begun;
	default:
		return true;
	}
}

void out_raw(struct cli *cli, const char *s, size_t n)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		if (!nl) {
			sb_add(&cli->pending, s, n);
			return;
		}
		size_t len = (size_t)(nl - s) + 1;
		if (cli->pending.len) {
			sb_add(&cli->pending, s, len);
			if (keep_line(cli, cli->pending.buf, cli->pending.len))
				emit_line(cli, cli->pending.buf, cli->pending.len);
			sb_reset(&cli->pending);
		} else if (keep_line(cli, s, len)) {
			emit_line(cli, s, len);
		}
		s += len;
		n -= len;
	}
}

void out_begin(struct cli *cli, enum filter_kind k, const char *regex)
{
	cli->fkind = F_NONE;
	if (k != F_NONE && regcomp(&cli->re, regex, REG_EXTENDED | REG_NOSUB) == 0)
		cli->fkind = k;
	cli->begun = false;
	cli->discard = false;
	cli->lines = 0;
}

void out_end(struct cli *cli)
{
	if (cli->pending.len) {
		/* a last line without newline: flush it as is */
		if (keep_line(cli, cli->pending.buf, cli->pending.len) && !cli->discard)
			cli->io.write(cli->io.ctx, cli->pending.buf, cli->pending.len);
		sb_reset(&cli->pending);
	}
	if (cli->fkind != F_NONE)
		regfree(&cli->re);
	cli->fkind = F_NONE;
	cli->discard = false;
	cli->lines = 0;
}

void cli_write(struct cli *cli, const char *buf, size_t len)
{
	out_raw(cli, buf, len);
}

void cli_puts(struct cli *cli, const char *s)
{
	out_raw(cli, s, strlen(s));
}

void cli_printf(struct cli *cli, const char *fmt, ...)
{
	char small[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		out_raw(cli, small, (size_t)n);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	out_raw(cli, sb.buf, sb.len);
	sb_free(&sb);
}

static int default_pager = 24;

void cli_set_default_pager(int lines)
{
	default_pager = lines;
}

static int page_len(struct cli *cli)
{
	return cli->pager >= 0 ? cli->pager : default_pager;
}
