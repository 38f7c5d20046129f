/*
 * cli.h — the command engine as feature modules see it.
 *
 * The engine knows no command by name.  Each feature module declares its
 * commands (syntax, per-token help, handler, flags) and installs them into
 * a mode; the engine tokenizes a line, walks the declared syntaxes in lock
 * step (unique-prefix abbreviation, ASA precedence, ambiguity), and calls
 * the handler with the matched arguments.
 *
 * Syntax of a declaration (FRR-like):
 *   keyword            lower-case word, matched by unique prefix
 *   NAME               any single token (a variable), NAME is upper-case
 *   NAME:type          a token of a registered type: built in are "ip" (an
 *                      address or a defined name), "mask", "<lo-hi>", "word",
 *                      "line" (the rest of the line verbatim), "paren-if"
 *                      ("(inside)" -> "inside") and "paren-pair"
 *                      ("(inside,outside)" -> "inside,outside"); features
 *                      register more ("nameif", "acl", ...)
 *   ( a | b c )        exactly one of the alternatives
 *   [ a | b c ]        at most one of the alternatives
 *   { a | b c }        any of the alternatives, any number of times, any order
 * Help: one line per keyword/variable in order of appearance, separated by
 * '\n'.  Missing lines fall back to the keyword dictionary (cli_kw_help).
 */
#ifndef PIXIE_CLI_H
#define PIXIE_CLI_H

#include <stdbool.h>
#include <stddef.h>

struct cli;      /* one session: console, ssh, unix socket */
struct cli_mode; /* a node of the mode tree, with its own command set */

/* Handler results. */
enum cli_rc {
	CLI_OK = 0,
	CLI_ERR = 1,        /* handler printed its own "ERROR: ..." line */
	CLI_ERR_ARG = 2,    /* invalid input at a->v[a->errarg]: engine prints caret */
	CLI_ERR_INCOMPLETE = 3, /* engine prints "ERROR: % Incomplete command" */
};

#define CLI_MAX_ARGS 96

struct cli_arg {
	const char *spec; /* as declared: "hostname", "NAME" (type stripped) */
	const char *val;  /* keywords: the full keyword; variables: canonical value */
	int tok;          /* index of the input token (for the caret) */
};

struct cli_args {
	int n;
	struct cli_arg v[CLI_MAX_ARGS];
	const char *line; /* the line as typed (without any "| filter") */
	int errarg;       /* index into v for CLI_ERR_ARG */
};

typedef int (*cli_fn)(struct cli *cli, struct cli_args *a);

enum cli_flags {
	CLI_PRIV = 1 << 0,   /* privileged (level 15) only */
	CLI_SHOW = 1 << 1,   /* output command: "| include ..." filters apply;
			        in config modes runs without leaving the mode */
	CLI_HIDDEN = 1 << 2, /* accepted but not listed by '?' */
	CLI_EXEC_ANY = 1 << 3, /* exec command usable from every config mode */
};

struct cli_cmd {
	const char *syntax;
	const char *help;
	cli_fn fn;
	unsigned flags;
};

/* ---- modes ---------------------------------------------------------- */

struct cli_mode *cli_mode_exec(void);   /* user and privileged EXEC */
struct cli_mode *cli_mode_config(void); /* (config)# */
/* A sub-mode; its prompt is "host(<suffix>)# ".  A line that fails in a
 * sub-mode is tried in the parent (leaving the sub-mode if it matches). */
struct cli_mode *cli_mode_new(const char *suffix, struct cli_mode *parent);

void cli_install(struct cli_mode *m, const struct cli_cmd *c);

/* A sub-mode that also takes free-form data lines (certificate hex dumps):
 * a line that matches none of the mode's own commands goes to fn instead
 * of the parent modes.  fn returns CLI_OK or prints its error and returns
 * CLI_ERR; it leaves the mode itself (cli_exit_mode) on its end marker. */
typedef int (*cli_raw_fn)(struct cli *cli, const char *line);
void cli_mode_set_raw(struct cli_mode *m, cli_raw_fn fn);
#define cli_install_all(m, arr)                                                \
	do {                                                                   \
		for (size_t i_ = 0; i_ < sizeof(arr) / sizeof((arr)[0]); i_++) \
			cli_install((m), &(arr)[i_]);                          \
	} while (0)

/* Enter a sub-mode from a handler; key/num identify the object edited
 * (interface name, tunnel-group name, policy number...). */
void cli_enter(struct cli *cli, struct cli_mode *m, const char *key, long num);
const char *cli_ctx_key(struct cli *cli);   /* current sub-mode's key */
long cli_ctx_num(struct cli *cli);
const char *cli_ctx_key_up(struct cli *cli, int levels); /* a parent's key */
struct cli_mode *cli_current_mode(struct cli *cli);

/* ---- arguments ------------------------------------------------------ */

const char *cli_get(const struct cli_args *a, const char *spec);      /* first */
const char *cli_get_nth(const struct cli_args *a, const char *spec, int n);
bool cli_has(const struct cli_args *a, const char *spec);
int cli_idx(const struct cli_args *a, const char *spec); /* -1 if absent */
/* mark argument `spec` invalid: returns CLI_ERR_ARG */
int cli_bad(struct cli_args *a, const char *spec);
int cli_bad_at(struct cli_args *a, int idx);

/* ---- types ---------------------------------------------------------- */

struct cli_type {
	const char *name;      /* as used after ':' in declarations */
	const char *help_name; /* shown in '?' lists, e.g. "A.B.C.D" */
	/* Accept `in`? Write the canonical value to out (outsz bytes). */
	bool (*match)(const char *in, char *out, size_t outsz);
	/* Existing values for '?' help (interface names, ACLs, ...) */
	void (*values)(void (*add)(void *ctx, const char *val), void *ctx);
	int strength; /* higher wins when several variables match one token */
	/* Only the listed values make sense here: '?' shows them without the
	 * placeholder (help_name). */
	bool closed;
	/* Per-value help for '?' lists; NULL: the declaration's help. */
	const char *(*value_help)(const char *val);
};
void cli_type_register(const struct cli_type *t);

/* Default help text for a keyword wherever a declaration gives none. */
void cli_kw_help(const char *kw, const char *help);
/* Keywords that win an ambiguous abbreviation ("sh" -> show, "wr" -> write). */
void cli_prefer(const char *kw);

/* ---- output --------------------------------------------------------- */

void cli_printf(struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_puts(struct cli *cli, const char *s); /* no newline added */
void cli_write(struct cli *cli, const char *buf, size_t len);

/* ---- session facts -------------------------------------------------- */

int cli_privilege(struct cli *cli);   /* 1 or 15 */
void cli_set_privilege(struct cli *cli, int level);
const char *cli_username(struct cli *cli); /* "enable_15" style */
bool cli_interactive(struct cli *cli);
void cli_set_session_pager(struct cli *cli, int lines); /* terminal pager */
int cli_session_pager(struct cli *cli);
void cli_set_width(struct cli *cli, int cols);
/* End the session after this line (exit/logout at EXEC). */
void cli_close(struct cli *cli);
/* Leave configuration modes (used by `end`). */
void cli_leave_config(struct cli *cli);
void cli_exit_mode(struct cli *cli);

/* Ask the user for one line (password, confirmation); cb runs with it.
 * Stars are echoed when `secret`. */
typedef void (*cli_answer_fn)(struct cli *cli, const char *answer, void *ctx);
void cli_ask(struct cli *cli, const char *prompt, bool secret, cli_answer_fn cb,
	     void *ctx);
/* The same for a ctx the question owns: ctx_free(ctx) runs if the session
 * ends (or is replaced by another question) before the answer comes; once
 * cb runs, ctx is cb's again. */
void cli_ask_owned(struct cli *cli, const char *prompt, bool secret, cli_answer_fn cb,
		   void *ctx, void (*ctx_free)(void *ctx));

/* Box-wide prompt name (hostname). */
void cli_set_hostname(const char *name);
const char *cli_hostname(void);
/* Default pager length for new sessions ("pager lines N"). */
void cli_set_default_pager(int lines);

/* ---- running commands ----------------------------------------------- */

/* Run one line as if typed in this session.  Returns CLI_OK, or CLI_ERR
 * (or the handler's error code) when the line was rejected. */
int cli_exec_line(struct cli *cli, const char *line);
/* While quiet (replaying a startup-config), commands are not logged. */
void cli_set_quiet(struct cli *cli, bool quiet);
bool cli_quiet(struct cli *cli);

/* Expand abbreviated keywords of `words` (a config-mode command prefix such
 * as "cry isa") into full keywords using the config-mode declarations.
 * Returns false (and the offending word index) when a word is not a known
 * keyword prefix at that position; variables are copied verbatim. */
bool cli_expand_config_words(const char *words, char *out, size_t outsz,
			     int *bad_word);

/* Help text of a first keyword of a mode (NULL if none). */
const char *cli_mode_kw_help(struct cli_mode *m, const char *kw);
/* Iterate first keywords of a mode's commands (for "show running-config ?"). */
void cli_mode_keywords(struct cli_mode *m,
		       void (*fn)(void *ctx, const char *kw, const char *help),
		       void *ctx);

#endif
