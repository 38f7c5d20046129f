/* internal.h — engine structures shared by the files of cli/ only. */
#ifndef PIXIE_CLI_INTERNAL_H
#define PIXIE_CLI_INTERNAL_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "cli/graph.h"
#include "lib/hmap.h"
#include "lib/strbuf.h"

struct cli_mode {
	char *suffix;               /* "config-if"; NULL for exec, "config" */
	struct cli_mode *parent;
	struct hmap by_first;       /* first keyword -> struct cmdlist */
	char **kws;                 /* sorted distinct first keywords */
	int nkws;
	bool kws_dirty;
	int is_exec;
	cli_raw_fn raw; /* data lines of a raw sub-mode */
};

struct cmdlist {
	struct gcmd **v;
	int n;
};

#define CLI_MAX_DEPTH 8
#define CLI_MAX_TOKENS 512

struct level {
	struct cli_mode *mode;
	char key[128];
	long num;
};

enum filter_kind { F_NONE, F_INCLUDE, F_EXCLUDE, F_BEGIN };

struct cli_io {
	void (*write)(void *ctx, const char *buf, size_t len);
	int (*getkey)(void *ctx); /* pager key, -1 when not interactive */
	void *ctx;
	bool interactive;
};

struct cli {
	struct level stack[CLI_MAX_DEPTH];
	int depth;
	int priv;
	bool closing;
	int pager; /* -1: follow the box default */
	int width;
	struct cli_io io;
	/* output filter and pager state, per command */
	enum filter_kind fkind;
	regex_t re;
	bool begun;
	bool discard;
	int lines;
	struct strbuf pending; /* partial output line */
	/* a pending question (password, confirmation) */
	cli_answer_fn ask_cb;
	void *ask_ctx;
	void (*ask_free)(void *ctx);
	char ask_prompt[128];
	bool ask_secret;
	char user[32];
	bool quiet; /* replaying a configuration: no 111008 per line */
};

/* tokens of one input line */
struct tok {
	const char *s; /* points into the line copy (NUL-terminated) */
	int off;       /* offset in the original line */
};
struct toks {
	char *buf; /* owned: free with toks_free */
	struct tok v[CLI_MAX_TOKENS];
	int n;
	bool overflow;
};
void toks_split(struct toks *t, const char *line, size_t len);
void toks_free(struct toks *t);

/* match.c */
enum match_rc { M_OK, M_INVALID, M_INCOMPLETE, M_AMBIGUOUS };
struct match_result {
	enum match_rc rc;
	int bad_tok;                   /* for M_INVALID */
	const struct gcmd *g;          /* for M_OK */
	struct cli_args args;          /* for M_OK */
	char vals[8192];               /* storage for canonical values */
};
void match_line(struct cli_mode *m, int priv, const struct toks *t, int ntoks,
		const char *line, unsigned need_flags, struct match_result *r);

/* help: calls fn for each possible next token after tokens[0..ntoks) with
 * the partial word `partial` */
void match_help(struct cli_mode *m, int priv, const struct toks *t, int ntoks,
		const char *line, const char *partial, unsigned need_flags,
		void (*fn)(void *ctx, const char *name, const char *help, bool placeholder),
		void *ctx);

/* mode.c */
void mode_sort_keywords(struct cli_mode *m);
const struct cmdlist *mode_cmds(struct cli_mode *m, const char *first);
bool kw_preferred(const char *kw);
const char *kw_dict_help(const char *kw);

/* types.c */
const struct cli_type *type_lookup(const char *name);
bool type_check_all(void);

/* output.c */
void out_begin(struct cli *cli, enum filter_kind k, const char *regex);
void out_end(struct cli *cli);
void out_raw(struct cli *cli, const char *s, size_t n);

/* session.c */
void cli_prompt(struct cli *cli, char *buf, size_t n);
struct cli *cli_session_new(const struct cli_io *io);
void cli_session_free(struct cli *cli);
bool cli_closed(struct cli *cli);
/* Input of one line while a question is pending (password...). */
bool cli_asking(struct cli *cli);
const char *cli_ask_prompt(struct cli *cli);
bool cli_ask_is_secret(struct cli *cli);
void cli_answer(struct cli *cli, const char *line);
/* help listing for the text typed so far */
void cli_help(struct cli *cli, const char *typed);
/* completion: returns the text to append (malloc'd) or NULL */
char *cli_complete(struct cli *cli, const char *typed);

#endif
