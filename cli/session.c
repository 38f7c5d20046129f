/*
 * session.c — one CLI session: its mode stack, privilege, prompt, pending
 * question, and the execution of a typed line (mode fall-through, output
 * filters, ASA error messages).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/errors.h"
#include "cli/internal.h"
#include "conf/conf.h"
#include "conf/inactive.h"
#include "lib/log.h"
#include "lib/xalloc.h"

#define CLI_MAX_LINE 4096

static char hostname[64] = "pixfirewall";

void cli_set_hostname(const char *name)
{
	snprintf(hostname, sizeof hostname, "%s", name);
}

const char *cli_hostname(void)
{
	return hostname;
}

/* ---- tokens ---------------------------------------------------------- */

void toks_split(struct toks *t, const char *line, size_t len)
{
	t->buf = xstrndup(line, len);
	t->n = 0;
	t->overflow = false;
	char *p = t->buf;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (t->n == CLI_MAX_TOKENS) {
			t->overflow = true;
			break;
		}
		t->v[t->n].s = p;
		t->v[t->n].off = (int)(p - t->buf);
		t->n++;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
}

void toks_free(struct toks *t)
{
	free(t->buf);
	t->buf = NULL;
}

/* ---- session --------------------------------------------------------- */

static void ask_drop(struct cli *cli);

struct cli *cli_session_new(const struct cli_io *io)
{
	struct cli *cli = xcalloc(1, sizeof *cli);
	cli->io = *io;
	cli->stack[0].mode = cli_mode_exec();
	cli->priv = 1;
	cli->pager = io->interactive ? -1 : 0;
	cli->width = 80;
	snprintf(cli->user, sizeof cli->user, "enable_1");
	return cli;
}

void cli_session_free(struct cli *cli)
{
	if (!cli)
		return;
	ask_drop(cli);
	sb_free(&cli->pending);
	free(cli);
}

bool cli_closed(struct cli *cli)
{
	return cli->closing;
}

void cli_close(struct cli *cli)
{
	cli->closing = true;
}

void cli_prompt(struct cli *cli, char *buf, size_t n)
{
	const char *suffix = cli->stack[cli->depth].mode->suffix;
	if (suffix)
		snprintf(buf, n, "%s(%s)# ", hostname, suffix);
	else
		snprintf(buf, n, "%s%s ", hostname, cli->priv >= 2 ? "#" : ">");
}

int cli_privilege(struct cli *cli)
{
	return cli->priv;
}

void cli_set_privilege(struct cli *cli, int level)
{
	cli->priv = level;
	snprintf(cli->user, sizeof cli->user, "enable_%d", level);
	if (level < 15)
		cli->depth = 0;
}

const char *cli_username(struct cli *cli)
{
	return cli->user;
}

bool cli_interactive(struct cli *cli)
{
	return cli->io.interactive;
}

void cli_set_session_pager(struct cli *cli, int lines)
{
	cli->pager = lines;
}

int cli_session_pager(struct cli *cli)
{
	return cli->pager;
}

void cli_set_width(struct cli *cli, int cols)
{
	cli->width = cols;
}

/* ---- modes ----------------------------------------------------------- */

void cli_enter(struct cli *cli, struct cli_mode *m, const char *key, long num)
{
	/* a sub-mode replaces any sibling or child level below its parent */
	int d = cli->depth;
	while (d > 0 && cli->stack[d].mode != m->parent)
		d--;
	if (d + 1 >= CLI_MAX_DEPTH)
		return;
	d++;
	cli->stack[d].mode = m;
	snprintf(cli->stack[d].key, sizeof cli->stack[d].key, "%s", key ? key : "");
	cli->stack[d].num = num;
	cli->depth = d;
}

const char *cli_ctx_key(struct cli *cli)
{
	return cli->stack[cli->depth].key;
}

long cli_ctx_num(struct cli *cli)
{
	return cli->stack[cli->depth].num;
}

const char *cli_ctx_key_up(struct cli *cli, int levels)
{
	int d = cli->depth - levels;
	return d >= 0 ? cli->stack[d].key : "";
}

struct cli_mode *cli_current_mode(struct cli *cli)
{
	return cli->stack[cli->depth].mode;
}

void cli_leave_config(struct cli *cli)
{
	cli->depth = 0;
}

void cli_exit_mode(struct cli *cli)
{
	if (cli->depth > 0)
		cli->depth--;
	else
		cli->closing = true;
}

/* ---- arguments ------------------------------------------------------- */

const char *cli_get_nth(const struct cli_args *a, const char *spec, int n)
{
	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].spec, spec) && n-- == 0)
			return a->v[i].val;
	return NULL;
}

const char *cli_get(const struct cli_args *a, const char *spec)
{
	return cli_get_nth(a, spec, 0);
}

bool cli_has(const struct cli_args *a, const char *spec)
{
	return cli_idx(a, spec) >= 0;
}

int cli_idx(const struct cli_args *a, const char *spec)
{
	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].spec, spec))
			return i;
	return -1;
}

int cli_bad(struct cli_args *a, const char *spec)
{
	int i = cli_idx(a, spec);
	return cli_bad_at(a, i < 0 ? a->n - 1 : i);
}

int cli_bad_at(struct cli_args *a, int idx)
{
	a->errarg = idx;
	return CLI_ERR_ARG;
}

/* ---- questions ------------------------------------------------------- */

/* Drop a pending question whose answer will never come. */
static void ask_drop(struct cli *cli)
{
	if (cli->ask_cb && cli->ask_free)
		cli->ask_free(cli->ask_ctx);
	cli->ask_cb = NULL;
	cli->ask_ctx = NULL;
	cli->ask_free = NULL;
}

void cli_ask_owned(struct cli *cli, const char *prompt, bool secret, cli_answer_fn cb,
		   void *ctx, void (*ctx_free)(void *ctx))
{
	ask_drop(cli);
	snprintf(cli->ask_prompt, sizeof cli->ask_prompt, "%s", prompt);
	cli->ask_secret = secret;
	cli->ask_cb = cb;
	cli->ask_ctx = ctx;
	cli->ask_free = ctx_free;
}

void cli_ask(struct cli *cli, const char *prompt, bool secret, cli_answer_fn cb, void *ctx)
{
	cli_ask_owned(cli, prompt, secret, cb, ctx, NULL);
}

bool cli_asking(struct cli *cli)
{
	return cli->ask_cb != NULL;
}

const char *cli_ask_prompt(struct cli *cli)
{
	return cli->ask_prompt;
}

bool cli_ask_is_secret(struct cli *cli)
{
	return cli->ask_secret;
}

void cli_answer(struct cli *cli, const char *line)
{
	cli_answer_fn cb = cli->ask_cb;
	void *ctx = cli->ask_ctx;
	cli->ask_cb = NULL;
	cli->ask_ctx = NULL;
	cli->ask_free = NULL; /* ctx is the callback's now */
	if (cb) {
		out_begin(cli, F_NONE, NULL);
		cb(cli, line, ctx);
		out_end(cli);
	}
}

/* ---- execution ------------------------------------------------------- */

static void caret(struct cli *cli, const char *prompt, int col)
{
	int n = (int)strlen(prompt) + col;
	char *sp = xmalloc((size_t)n + 3);
	memset(sp, ' ', (size_t)n);
	sp[n] = '^';
	sp[n + 1] = '\n';
	sp[n + 2] = '\0';
	cli_puts(cli, sp);
	free(sp);
	cli_puts(cli, ERR_INVALID_INPUT "\n");
}

struct attempt {
	struct match_result r;
	int depth;       /* level the command runs at */
	bool exec_any;   /* an exec command run from a config mode */
};

/* How far an error got, to pick the most useful one across modes. */
static int progress(const struct match_result *r, int ntoks)
{
	return r->rc == M_INCOMPLETE ? ntoks : r->bad_tok;
}

static bool resolve(struct cli *cli, const struct toks *t, int ntoks, const char *line,
		    unsigned need, struct attempt *ok, struct match_result *err)
{
	static struct match_result r;
	bool have_err = false;
	for (int d = cli->depth; d >= 0; d--) {
		struct cli_mode *m = cli->stack[d].mode;
		if (d == 0 && cli->depth > 0)
			break; /* exec commands from config modes: below */
		match_line(m, cli->priv, t, ntoks, line, need, &r);
		if (r.rc == M_OK) {
			ok->r = r;
			ok->depth = d;
			ok->exec_any = false;
			return true;
		}
		if (!have_err || progress(&r, ntoks) > progress(err, ntoks)) {
			*err = r;
			have_err = true;
		}
	}
	if (cli->depth > 0) {
		unsigned n2 = need ? need : (CLI_SHOW | CLI_EXEC_ANY);
		match_line(cli_mode_exec(), cli->priv, t, ntoks, line, n2, &r);
		if (r.rc == M_OK) {
			ok->r = r;
			ok->depth = cli->depth;
			ok->exec_any = true;
			return true;
		}
		if (progress(&r, ntoks) > progress(err, ntoks))
			*err = r;
	}
	return false;
}

static bool ignorable(struct cli *cli, const char *s)
{
	if (*s == '!' || *s == ':')
		return true;
	/* the header and trailer of a pasted running-config */
	if (cli->depth > 0 && (!strncmp(s, "PIX Version ", 12) || !strncmp(s, "ASA Version ", 12) ||
			       !strncmp(s, "FWSM Version ", 13) || !strncmp(s, "Cryptochecksum:", 15)))
		return true;
	return false;
}

static enum filter_kind filter_kind(const char *w)
{
	static const struct {
		const char *kw;
		enum filter_kind k;
	} kinds[] = {{"include", F_INCLUDE}, {"exclude", F_EXCLUDE}, {"begin", F_BEGIN},
		     {"grep", F_INCLUDE}};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strncasecmp(w, kinds[i].kw, strlen(w)))
			return kinds[i].k;
	return F_NONE;
}

/* Parse "| include REGEX" etc. starting at token fi.  Returns false and sets
 * *bad to the offending token on error. */
static bool parse_filter(const struct toks *t, int fi, const char *line, enum filter_kind *k,
			 const char **regex, int *bad)
{
	if (fi + 1 >= t->n) {
		*bad = -1;
		return false;
	}
	const char *w = t->v[fi + 1].s;
	*k = filter_kind(w);
	if (*k == F_NONE) {
		*bad = fi + 1;
		return false;
	}
	int ri = fi + 2;
	if (!strncasecmp(w, "grep", strlen(w)) && ri < t->n && !strcmp(t->v[ri].s, "-v")) {
		*k = F_EXCLUDE;
		ri++;
	}
	if (ri >= t->n) {
		*bad = -1;
		return false;
	}
	*regex = line + t->v[ri].off;
	return true;
}

int cli_exec_line(struct cli *cli, const char *in)
{
	int result = CLI_ERR;
	size_t len = strlen(in);
	while (len && (in[len - 1] == '\n' || in[len - 1] == '\r'))
		len--;
	char prompt[192];
	cli_prompt(cli, prompt, sizeof prompt);
	if (len > CLI_MAX_LINE) {
		caret(cli, prompt, CLI_MAX_LINE);
		return CLI_ERR;
	}
	char *line = xstrndup(in, len);
	const char *s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || ignorable(cli, s)) {
		free(line);
		return CLI_OK;
	}
	/* locals, not statics: a handler may run lines itself (reload) */
	struct toks t;
	toks_split(&t, line, len);
	if (t.overflow) {
		caret(cli, prompt, t.v[CLI_MAX_TOKENS - 1].off);
		goto out;
	}

	struct attempt ok;
	struct match_result err;
	bool found = false;
	enum filter_kind fk = F_NONE;
	const char *regex = NULL;
	int fi = -1;
	for (int i = 0; i < t.n; i++)
		if (!strcmp(t.v[i].s, "|")) {
			fi = i;
			break;
		}
	if (fi > 0) {
		char *head = xstrndup(line, (size_t)t.v[fi].off);
		found = resolve(cli, &t, fi, head, CLI_SHOW, &ok, &err);
		if (found) {
			int bad;
			if (!parse_filter(&t, fi, line, &fk, &regex, &bad)) {
				if (bad < 0)
					cli_puts(cli, ERR_INCOMPLETE "\n");
				else
					caret(cli, prompt, t.v[bad].off);
				free(head);
				goto out;
			}
			ok.r.args.line = line;
		}
		free(head);
	}
	if (!found) {
		struct cli_mode *cur = cli->stack[cli->depth].mode;
		if (cur->raw) {
			/* a data line of a raw sub-mode, unless it is one of the
			 * mode's own commands */
			match_line(cur, cli->priv, &t, t.n, line, 0, &err);
			if (err.rc != M_OK) {
				result = cur->raw(cli, s);
				goto out;
			}
		}
		found = resolve(cli, &t, t.n, line, 0, &ok, &err);
	}
	if (!found) {
		switch (err.rc) {
		case M_INCOMPLETE:
			cli_puts(cli, ERR_INCOMPLETE "\n");
			break;
		case M_AMBIGUOUS:
			cli_printf(cli, "%s\"%s\"\n", ERR_AMBIGUOUS, s);
			break;
		default:
			caret(cli, prompt, t.v[err.bad_tok].off);
		}
		goto out;
	}

	/* a global line typed in a sub-mode leaves the sub-mode */
	if (!ok.exec_any)
		cli->depth = ok.depth;
	bool config_cmd = !ok.exec_any && cli->stack[cli->depth].mode != cli_mode_exec();
	struct cli_args *a = &ok.r.args;
	a->errarg = -1;
	char user[sizeof cli->user];
	memcpy(user, cli->user, sizeof user); /* who typed it, before it runs */
	out_begin(cli, fk, regex);
	int rc = ok.r.g->cmd->fn(cli, a);
	out_end(cli);
	result = rc;
	switch (rc) {
	case CLI_OK:
		if (config_cmd) {
			conf_touch(user);
			conf_note_inactive(cli, a);
		}
		if (!cli->quiet)
			log_command_executed(user, line);
		break;
	case CLI_ERR_ARG: {
		int tok = a->errarg >= 0 && a->errarg < a->n ? a->v[a->errarg].tok : 0;
		caret(cli, prompt, t.v[tok].off);
		break;
	}
	case CLI_ERR_INCOMPLETE:
		cli_puts(cli, ERR_INCOMPLETE "\n");
		break;
	default:
		break;
	}
out:
	toks_free(&t);
	free(line);
	return result;
}

void cli_set_quiet(struct cli *cli, bool quiet)
{
	cli->quiet = quiet;
}

bool cli_quiet(struct cli *cli)
{
	return cli->quiet;
}

/* ---- help and completion ---------------------------------------------- */

struct helpent {
	char *name;
	const char *help;
	bool placeholder; /* "WORD", "<1-100>", "<cr>": shown, never completed */
};

struct helplist {
	struct helpent *v;
	int n, cap;
};

static void help_add(void *ctx, const char *name, const char *help, bool placeholder)
{
	struct helplist *l = ctx;
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n].name = xstrdup(name);
	l->v[l->n].help = help;
	l->v[l->n].placeholder = placeholder;
	l->n++;
}

static int help_cmp(const void *a, const void *b)
{
	const struct helpent *x = a, *y = b;
	bool xcr = !strcmp(x->name, "<cr>"), ycr = !strcmp(y->name, "<cr>");
	if (xcr != ycr)
		return xcr ? 1 : -1;
	return strcasecmp(x->name, y->name);
}

static void help_free(struct helplist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
}

/* Collect the help entries for `typed`; returns the mode listed. */
static struct cli_mode *collect(struct cli *cli, const char *typed, bool *word,
				struct helplist *l)
{
	size_t len = strlen(typed);
	static struct toks t;
	toks_split(&t, typed, len);
	*word = len && typed[len - 1] != ' ' && typed[len - 1] != '\t' && t.n;
	int ntoks = *word ? t.n - 1 : t.n;
	const char *partial = *word ? t.v[t.n - 1].s : "";
	struct cli_mode *listed = NULL;
	for (int d = cli->depth; d >= 0 && !l->n; d--) {
		if (d == 0 && cli->depth > 0)
			break;
		match_help(cli->stack[d].mode, cli->priv, &t, ntoks, typed, partial, 0, help_add, l);
		listed = cli->stack[d].mode;
	}
	if (!l->n && cli->depth > 0) {
		match_help(cli_mode_exec(), cli->priv, &t, ntoks, typed, partial,
			   CLI_SHOW | CLI_EXEC_ANY, help_add, l);
		listed = cli_mode_exec();
	}
	toks_free(&t);
	if (l->n)
		qsort(l->v, (size_t)l->n, sizeof *l->v, help_cmp);
	return listed;
}

void cli_help(struct cli *cli, const char *typed)
{
	struct helplist l = {0};
	bool word;
	struct cli_mode *m = collect(cli, typed, &word, &l);
	out_begin(cli, F_NONE, NULL);
	if (!l.n) {
		/* nothing can follow: show where the typed text went wrong */
		char prompt[192];
		cli_prompt(cli, prompt, sizeof prompt);
		static struct toks t;
		static struct match_result r;
		toks_split(&t, typed, strlen(typed));
		int col = (int)strlen(typed);
		struct attempt ok;
		if (t.n && !resolve(cli, &t, t.n, typed, 0, &ok, &r) && r.rc == M_INVALID)
			col = t.v[r.bad_tok].off;
		toks_free(&t);
		caret(cli, prompt, col);
	} else if (word) {
		/* "sh?" lists the completions of the word on one line */
		for (int i = 0; i < l.n; i++)
			cli_printf(cli, "%s%s", i ? "  " : "", l.v[i].name);
		cli_puts(cli, "\n");
	} else {
		int w = 0;
		for (int i = 0; i < l.n; i++)
			if ((int)strlen(l.v[i].name) > w)
				w = (int)strlen(l.v[i].name);
		cli_printf(cli, "\n%s mode commands/options:\n",
			   m && m->is_exec ? "exec" : "configure");
		for (int i = 0; i < l.n; i++) {
			if (l.v[i].help)
				cli_printf(cli, "  %-*s%s\n", w + 5, l.v[i].name, l.v[i].help);
			else
				cli_printf(cli, "  %s\n", l.v[i].name);
		}
	}
	out_end(cli);
	help_free(&l);
}

char *cli_complete(struct cli *cli, const char *typed)
{
	struct helplist l = {0};
	bool word;
	collect(cli, typed, &word, &l);
	char *res = NULL;
	if (word) {
		const char *p = typed + strlen(typed);
		while (p > typed && p[-1] != ' ' && p[-1] != '\t')
			p--;
		size_t plen = strlen(p);
		/* only keywords and existing values complete, not placeholders */
		const char *first = NULL;
		size_t common = 0;
		int n = 0;
		for (int i = 0; i < l.n; i++) {
			const char *nm = l.v[i].name;
			if (l.v[i].placeholder || strncasecmp(nm, p, plen))
				continue;
			if (!first) {
				first = nm;
				common = strlen(nm);
			} else {
				size_t c = 0;
				while (c < common && tolower((unsigned char)first[c]) ==
							     tolower((unsigned char)nm[c]))
					c++;
				common = c;
			}
			n++;
		}
		if (first && common > plen) {
			struct strbuf sb = STRBUF_INIT;
			sb_add(&sb, first + plen, common - plen);
			if (n == 1)
				sb_puts(&sb, " ");
			res = sb_take(&sb);
		} else if (n == 1) {
			res = xstrdup(" ");
		}
	}
	help_free(&l);
	return res;
}
