/*
 * console.c — the serial console of the box on stdin/stdout.
 *
 * On a terminal: libedit line editing, '?' help, Tab completion, Ctrl-Z to
 * leave configuration modes, the pager.  When stdin is not a terminal, lines
 * are read as if pasted: each prompt is printed followed by the line as the
 * terminal would echo it (stars for secrets), then the output; the pager is
 * off; end of input ends the session.
 */
#include "cli/console.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <signal.h>
#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/internal.h"
#include "lib/evloop.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

static void out_stdout(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	fwrite(buf, 1, len, stdout);
}

static void log_to_console(void *ctx, const char *line)
{
	struct cli *cli = ctx;
	cli_puts(cli, line);
	cli_puts(cli, "\n");
	fflush(stdout);
}

static void echo_secret(const char *line)
{
	for (const char *p = line; *p; p++)
		putchar('*');
}

/* "exit" at EXEC logs the console off; like the ASA's serial console, a new
 * session starts at the user prompt (end of input or Ctrl-D stops the box). */
static void relogin(struct cli *cli)
{
	if (!cli_closed(cli))
		return;
	cli->closing = false;
	cli_set_privilege(cli, 1);
	cli->depth = 0;
	fputs("Type help or '?' for a list of available commands.\n", stdout);
}

/* ---- pasted input ----------------------------------------------------- */

static void paste_line(struct cli *cli, char *line)
{
	char prompt[192];
	if (cli_asking(cli)) {
		fputs(cli_ask_prompt(cli), stdout);
		if (cli_ask_is_secret(cli))
			echo_secret(line);
		else
			fputs(line, stdout);
		putchar('\n');
		cli_answer(cli, line);
		return;
	}
	/* '?' asks for help on what was typed before it; typing continues.
	 * Not in a pasted comment line ("! does this make sense ?"). */
	struct strbuf typed = STRBUF_INIT;
	char *rest = line, *q;
	const char *first = line + strspn(line, " \t");
	bool comment = *first == '!' || *first == ':';
	while (!comment && (q = strchr(rest, '?'))) {
		sb_add(&typed, rest, (size_t)(q - rest));
		cli_prompt(cli, prompt, sizeof prompt);
		printf("%s%s?\n", prompt, typed.buf ? typed.buf : "");
		cli_help(cli, typed.buf ? typed.buf : "");
		rest = q + 1;
	}
	sb_puts(&typed, rest);
	cli_prompt(cli, prompt, sizeof prompt);
	printf("%s%s\n", prompt, typed.buf);
	cli_exec_line(cli, typed.buf);
	sb_free(&typed);
}

/* Pasted input is read through the event loop, so that the box keeps
 * working (packets, timers) while it waits for the next line. */
struct pasted {
	struct cli *cli;
	struct strbuf buf;
	bool eof, busy;
};

static void run_line(struct pasted *p, char *line, size_t n)
{
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	paste_line(p->cli, line);
	relogin(p->cli);
	fflush(stdout);
}

/* Run every complete line in the buffer (the last one too at EOF). */
static void run_lines(struct pasted *p)
{
	size_t start = 0;
	while (start < p->buf.len) {
		char *nl = memchr(p->buf.buf + start, '\n', p->buf.len - start);
		if (!nl && !p->eof)
			break;
		size_t end = nl ? (size_t)(nl - p->buf.buf) : p->buf.len;
		p->buf.buf[end] = '\0';
		/* a NUL byte ends the line as the terminal would see it */
		run_line(p, p->buf.buf + start, strlen(p->buf.buf + start));
		start = end + 1;
	}
	if (start >= p->buf.len)
		sb_reset(&p->buf);
	else if (start) {
		memmove(p->buf.buf, p->buf.buf + start, p->buf.len - start);
		p->buf.len -= start;
		p->buf.buf[p->buf.len] = '\0';
	}
}

static void on_stdin(int fd, uint32_t events, void *ctx)
{
	(void)events;
	struct pasted *p = ctx;
	if (p->busy)
		return; /* a command is waiting in a nested loop; read after it */
	p->busy = true;
	for (;;) {
		char chunk[65536];
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n > 0) {
			sb_add(&p->buf, chunk, (size_t)n);
			run_lines(p);
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			p->eof = true;
			run_lines(p);
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	p->busy = false;
}

static bool pasted_done(void *ctx)
{
	return ((struct pasted *)ctx)->eof;
}

static int run_pasted(struct cli *cli)
{
	struct pasted p = {.cli = cli};
	int fl = fcntl(STDIN_FILENO, F_GETFL);
	if (ev_fd_add(STDIN_FILENO, EPOLLIN | EPOLLET, on_stdin, &p) == 0) {
		fcntl(STDIN_FILENO, F_SETFL, fl | O_NONBLOCK);
		on_stdin(STDIN_FILENO, 0, &p); /* what is already there */
		ev_run_until(pasted_done, &p);
		ev_fd_del(STDIN_FILENO);
		fcntl(STDIN_FILENO, F_SETFL, fl);
	} else {
		/* a regular file cannot be polled: read it straight, letting the
		 * loop run between lines */
		while (!p.eof) {
			on_stdin(STDIN_FILENO, 0, &p);
			ev_run_once(0);
		}
	}
	sb_free(&p.buf);
	return 0;
}

/* ---- terminal --------------------------------------------------------- */

static struct cli *tty_cli;
static volatile sig_atomic_t got_signal;

static void on_tty_signal(int sig)
{
	got_signal = sig;
}
static char tty_prompt[192];

static char *prompt_fn(EditLine *el)
{
	(void)el;
	if (cli_asking(tty_cli))
		snprintf(tty_prompt, sizeof tty_prompt, "%s", cli_ask_prompt(tty_cli));
	else
		cli_prompt(tty_cli, tty_prompt, sizeof tty_prompt);
	return tty_prompt;
}

static char *typed_text(EditLine *el)
{
	const LineInfo *li = el_line(el);
	return xstrndup(li->buffer, (size_t)(li->cursor - li->buffer));
}

static unsigned char help_fn(EditLine *el, int ch)
{
	(void)ch;
	char *typed = typed_text(el);
	fputs("?\n", stdout);
	cli_help(tty_cli, typed);
	free(typed);
	return CC_REDISPLAY;
}

static unsigned char complete_fn(EditLine *el, int ch)
{
	(void)ch;
	char *typed = typed_text(el);
	char *add = cli_complete(tty_cli, typed);
	free(typed);
	if (!add)
		return CC_REFRESH_BEEP;
	el_insertstr(el, add);
	free(add);
	return CC_REFRESH;
}

static unsigned char ctrlz_fn(EditLine *el, int ch)
{
	(void)ch;
	(void)el;
	cli_leave_config(tty_cli);
	fputs("\n", stdout);
	return CC_NEWLINE;
}

static int tty_getkey(void *ctx)
{
	(void)ctx;
	fflush(stdout);
	struct termios old, raw;
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return -1;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	unsigned char c;
	ssize_t n = read(STDIN_FILENO, &c, 1);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	return n == 1 ? c : -1;
}

/* Read a secret with echo off, printing a star per character. */
static char *read_secret(void)
{
	struct termios old, raw;
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return NULL;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "");
	for (;;) {
		unsigned char c;
		if (read(STDIN_FILENO, &c, 1) != 1)
			break;
		if (c == '\r' || c == '\n')
			break;
		if ((c == 127 || c == 8) && sb.len) {
			sb.buf[--sb.len] = '\0';
			fputs("\b \b", stdout);
		} else if (c >= 32 && sb.len < 256) {
			sb_add(&sb, (char *)&c, 1);
			putchar('*');
		}
		fflush(stdout);
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputs("\r\n", stdout);
	return sb_take(&sb);
}

static void on_tty_readable(int fd, uint32_t events, void *ctx)
{
	(void)fd;
	(void)events;
	(void)ctx; /* only wakes the loop: tty_getc reads */
}

/* libedit reads characters through this: the loop runs until one comes. */
static int tty_getc(EditLine *el, wchar_t *wc)
{
	(void)el;
	for (;;) {
		struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
		if (poll(&pfd, 1, 0) > 0) {
			unsigned char c;
			ssize_t n = read(STDIN_FILENO, &c, 1);
			if (n == 1) {
				*wc = (wchar_t)c;
				return 1;
			}
			if (n == 0)
				return 0;
			if (errno != EINTR && errno != EAGAIN)
				return -1;
			if (errno == EINTR && got_signal)
				return -1;
		}
		if (got_signal) {
			errno = EINTR;
			return -1;
		}
		ev_run_once(-1);
	}
}

static int run_tty(struct cli *cli)
{
	tty_cli = cli;
	/* Ctrl-Z is "end" and Ctrl-C abandons the line: the terminal turns
	 * them into signals, which interrupt el_gets (see below) */
	struct sigaction sa = {.sa_handler = on_tty_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	EditLine *el = el_init("pixie", stdin, stdout, stderr);
	History *hist = history_init();
	HistEvent ev;
	history(hist, &ev, H_SETSIZE, 100);
	el_set(el, EL_HIST, history, hist);
	el_set(el, EL_PROMPT, prompt_fn);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_SIGNAL, 0);
	el_wset(el, EL_GETCFN, tty_getc);
	ev_fd_add(STDIN_FILENO, EPOLLIN | EPOLLET, on_tty_readable, NULL);
	el_set(el, EL_ADDFN, "pixie-help", "context help", help_fn);
	el_set(el, EL_BIND, "?", "pixie-help", NULL);
	el_set(el, EL_ADDFN, "pixie-complete", "complete keyword", complete_fn);
	el_set(el, EL_BIND, "\t", "pixie-complete", NULL);
	el_set(el, EL_ADDFN, "pixie-end", "leave configuration mode", ctrlz_fn);
	el_set(el, EL_BIND, "^Z", "pixie-end", NULL);
	fputs("Type help or '?' for a list of available commands.\n", stdout);
	for (;;) {
		if (cli_asking(cli) && cli_ask_is_secret(cli)) {
			fputs(cli_ask_prompt(cli), stdout);
			fflush(stdout);
			char *pw = read_secret();
			cli_answer(cli, pw ? pw : "");
			if (pw) {
				memset(pw, 0, strlen(pw));
				free(pw);
			}
			continue;
		}
		int count;
		const char *line = el_gets(el, &count);
		if (!line) {
			if (count < 0 && errno == EINTR) {
				if (got_signal == SIGTSTP)
					cli_leave_config(cli);
				got_signal = 0;
				fputs("\n", stdout);
				continue; /* the typed line is abandoned */
			}
			break; /* Ctrl-D at an empty prompt: the box stops */
		}
		if (cli_asking(cli)) {
			char *l = xstrdup(line);
			l[strcspn(l, "\r\n")] = '\0';
			cli_answer(cli, l);
			free(l);
			continue;
		}
		if (line[strspn(line, " \t\r\n")])
			history(hist, &ev, H_ENTER, line);
		cli_exec_line(cli, line);
		relogin(cli);
		fflush(stdout);
	}
	ev_fd_del(STDIN_FILENO);
	history_end(hist);
	el_end(el);
	return 0;
}

struct cli *console_session(void)
{
	static struct cli *cli;
	if (!cli) {
		bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
		struct cli_io io = {.write = out_stdout, .getkey = tty ? tty_getkey : NULL,
				    .interactive = tty};
		cli = cli_session_new(&io);
		log_sink_add(LOG_SINK_CONSOLE, log_to_console, cli);
	}
	return cli;
}

int console_run(void)
{
	struct cli *cli = console_session();
	int rc = cli_interactive(cli) ? run_tty(cli) : run_pasted(cli);
	fflush(stdout);
	return rc;
}

void console_free(void)
{
	struct cli *cli = console_session();
	log_sink_remove(log_to_console, cli);
	cli_session_free(cli);
}
