/*
 * match.c — walk every candidate command graph in lock step over the input
 * tokens.  At each token the candidates are ranked the way IOS/ASA parsers
 * do it: an exact keyword beats an abbreviated keyword, which beats a typed
 * variable (address, number, a registered type), which beats a free word.
 * Abbreviations that could mean two different keywords are ambiguous unless
 * exactly one of them is a preferred keyword ("sh" -> show).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/internal.h"
#include "conf/conf.h"
#include "lib/ip4.h"
#include "lib/xalloc.h"

enum {
	S_EXACT_KW = 1000,
	S_PARTIAL_KW = 900,
	S_MASK = 220,
	S_IP = 210,
	S_RANGE = 200,
	S_NAME_IP = 190,
	S_CUSTOM = 100, /* + type strength */
	S_WORD = 100,
	S_LINE = 50,
};

struct mstate {
	const struct gcmd *g;
	struct gnode *pos;
	int prev;    /* previous state in the arena, -1 for an initial state */
	int tok;     /* token consumed by pos */
	int valoff;  /* canonical value in the value arena, -1 = token text */
	bool initial, absorbing;
};

/* One arena reused by every match: the engine is single-threaded. */
static struct mstate *arena;
static int narena, caparena;
static struct strbuf valarena;

static int state_new(const struct mstate *s)
{
	if (narena == caparena) {
		caparena = caparena ? caparena * 2 : 256;
		arena = xrealloc(arena, (size_t)caparena * sizeof *arena);
	}
	arena[narena] = *s;
	return narena++;
}

static bool prefix_ci(const char *tok, const char *kw)
{
	size_t n = strlen(tok);
	return n && n <= strlen(kw) && strncasecmp(tok, kw, n) == 0;
}

static const struct cli_type *node_type(struct gnode *n)
{
	if (!n->type) {
		n->type = type_lookup(n->tname);
		if (!n->type) {
			fprintf(stderr, "cli: unknown type '%s'\n", n->tname);
			abort(); /* a declaration names a type nobody registered */
		}
	}
	return n->type;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Score of `tok` against a node (0 = no match); canonical value in canon. */
static int score(struct gnode *n, const char *tok, char *canon, size_t csz, bool *hascanon)
{
	*hascanon = false;
	switch (n->kind) {
	case G_KW:
		if (!strcasecmp(tok, n->text))
			return S_EXACT_KW;
		return prefix_ci(tok, n->text) ? S_PARTIAL_KW : 0;
	case G_VAR:
		break;
	default:
		return 0;
	}
	uint32_t ip;
	switch (n->vtype) {
	case V_WORD:
		return S_WORD;
	case V_LINE:
		return S_LINE;
	case V_IP:
		/* PIX accepts "0" for 0.0.0.0 ("nat (inside) 1 0 0") */
		if (!strcmp(tok, "0") || ip4_parse(tok, &ip)) {
			if (!strcmp(tok, "0"))
				ip = 0;
			char b[16];
			snprintf(canon, csz, "%s", ip4_fmt(ip, b));
			*hascanon = true;
			/* the "0" shorthand yields to a number at the same place */
			return strcmp(tok, "0") ? S_IP : S_NAME_IP;
		}
		return conf_parse_host(tok, &ip) ? S_NAME_IP : 0;
	case V_MASK:
		if (!strcmp(tok, "0")) {
			snprintf(canon, csz, "0.0.0.0");
			*hascanon = true;
			return S_NAME_IP;
		}
		if (!ip4_parse_mask(tok, &ip))
			return 0;
		{
			char b[16];
			snprintf(canon, csz, "%s", ip4_fmt(ip, b));
		}
		*hascanon = true;
		return S_MASK;
	case V_RANGE: {
		if (!all_digits(tok) || strlen(tok) > 12)
			return 0;
		long v = strtol(tok, NULL, 10);
		if (v < n->lo || v > n->hi)
			return 0;
		snprintf(canon, csz, "%ld", v);
		*hascanon = true;
		return S_RANGE;
	}
	case V_CUSTOM: {
		const struct cli_type *t = node_type(n);
		if (!t->match(tok, canon, csz))
			return 0;
		*hascanon = true;
		return S_CUSTOM + t->strength;
	}
	}
	return 0;
}

struct cand {
	int state;
	struct gnode *node;
	int score;
	int valoff;
};

static struct cand *cands;
static int ncands, capcands;

static void cand_add(int state, struct gnode *node, int sc, int valoff)
{
	if (ncands == capcands) {
		capcands = capcands ? capcands * 2 : 64;
		cands = xrealloc(cands, (size_t)capcands * sizeof *cands);
	}
	cands[ncands++] = (struct cand){state, node, sc, valoff};
}

static bool cmd_allowed(const struct gcmd *g, int priv, unsigned need)
{
	unsigned f = g->cmd->flags;
	if ((f & CLI_PRIV) && priv < 15)
		return false;
	if (need && !(f & need))
		return false;
	return true;
}

/* Initial states: every command whose first keyword the first token may
 * abbreviate.  Returns false when none. */
static int *cur, ncur, capcur;
static int *nxt, nnxt, capnxt;

static void push(int **v, int *n, int *cap, int x)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, (size_t)*cap * sizeof **v);
	}
	(*v)[(*n)++] = x;
}

static void initial_states(struct cli_mode *m, int priv, const char *tok0, unsigned need)
{
	mode_sort_keywords(m);
	/* binary search the first keyword >= tok0 (case-insensitive) */
	int lo = 0, hi = m->nkws;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (strcasecmp(m->kws[mid], tok0) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < m->nkws && prefix_ci(tok0, m->kws[i]); i++) {
		const struct cmdlist *l = mode_cmds(m, m->kws[i]);
		for (int j = 0; j < l->n; j++) {
			const struct gcmd *g = l->v[j];
			if (!cmd_allowed(g, priv, need))
				continue;
			bool dup = false;
			for (int k = 0; k < ncur && !dup; k++)
				dup = arena[cur[k]].g == g;
			if (dup)
				continue;
			push(&cur, &ncur, &capcur,
			     state_new(&(struct mstate){.g = g, .pos = g->start, .prev = -1,
							.tok = -1, .valoff = -1, .initial = true}));
		}
	}
}

/* Advance over token i.  Returns M_OK or the error. */
static enum match_rc step(const struct toks *t, int i)
{
	const char *tok = t->v[i].s;
	ncands = 0;
	nnxt = 0;
	int nabsorb = 0;
	for (int k = 0; k < ncur; k++) {
		struct mstate *s = &arena[cur[k]];
		if (s->absorbing) {
			push(&nxt, &nnxt, &capnxt, cur[k]);
			nabsorb++;
			continue;
		}
		int nn;
		struct gnode *const *nodes = graph_next(s->pos, &nn);
		for (int j = 0; j < nn; j++) {
			char canon[256];
			bool hc;
			int sc = score(nodes[j], tok, canon, sizeof canon, &hc);
			if (!sc)
				continue;
			int off = -1;
			if (hc) {
				off = (int)valarena.len;
				sb_add(&valarena, canon, strlen(canon) + 1);
			}
			cand_add(cur[k], nodes[j], sc, off);
		}
	}
	if (!ncands)
		goto done;
	int best = 0;
	for (int k = 0; k < ncands; k++)
		if (cands[k].score > best)
			best = cands[k].score;
	const char *only = NULL;
	if (best == S_PARTIAL_KW) {
		/* distinct keywords abbreviated by this token */
		const char *first = NULL, *pref = NULL;
		bool several = false;
		int npref = 0;
		for (int k = 0; k < ncands; k++) {
			if (cands[k].score != best)
				continue;
			const char *kw = cands[k].node->text;
			if (!first)
				first = kw;
			else if (strcasecmp(first, kw))
				several = true;
			if (kw_preferred(kw) && (!pref || strcasecmp(pref, kw))) {
				pref = kw;
				npref++;
			}
		}
		if (several) {
			if (npref != 1)
				return M_AMBIGUOUS;
			only = pref;
		}
	}
	for (int k = 0; k < ncands; k++) {
		struct cand *c = &cands[k];
		if (c->score != best)
			continue;
		if (only && strcasecmp(c->node->text, only))
			continue;
		struct mstate ns = {.g = arena[c->state].g, .pos = c->node, .prev = c->state,
				    .tok = i, .valoff = c->valoff};
		ns.absorbing = c->node->kind == G_VAR && c->node->vtype == V_LINE;
		push(&nxt, &nnxt, &capnxt, state_new(&ns));
	}
done:
	(void)nabsorb;
	if (!nnxt)
		return M_INVALID;
	int *tmp = cur;
	cur = nxt;
	nxt = tmp;
	int tc = capcur;
	capcur = capnxt;
	capnxt = tc;
	ncur = nnxt;
	return M_OK;
}

static bool reaches_end(const struct mstate *s)
{
	int nn;
	struct gnode *const *nodes = graph_next(s->pos, &nn);
	for (int j = 0; j < nn; j++)
		if (nodes[j]->kind == G_END)
			return true;
	return false;
}

static enum match_rc walk(struct cli_mode *m, int priv, const struct toks *t, int ntoks,
			  unsigned need, int *bad)
{
	narena = 0;
	ncur = 0;
	sb_reset(&valarena);
	*bad = 0;
	if (ntoks == 0)
		return M_INCOMPLETE;
	initial_states(m, priv, t->v[0].s, need);
	if (!ncur)
		return M_INVALID;
	for (int i = 0; i < ntoks; i++) {
		enum match_rc rc = step(t, i);
		if (rc != M_OK) {
			*bad = i;
			return rc;
		}
	}
	return M_OK;
}

static void build_args(const struct mstate *fin, const struct toks *t, int ntoks,
		       const char *line, struct match_result *r)
{
	/* collect the chain backwards */
	int chain[CLI_MAX_TOKENS + 1], n = 0;
	for (int s = (int)(fin - arena); s >= 0 && n <= CLI_MAX_TOKENS; s = arena[s].prev)
		if (!arena[s].initial)
			chain[n++] = s;
	struct cli_args *a = &r->args;
	memset(a, 0, sizeof *a);
	a->line = line;
	size_t used = 0;
	for (int k = n - 1; k >= 0 && a->n < CLI_MAX_ARGS; k--) {
		const struct mstate *s = &arena[chain[k]];
		struct cli_arg *arg = &a->v[a->n++];
		arg->spec = s->pos->text;
		arg->tok = s->tok;
		const char *val;
		char *tmp = NULL;
		if (s->pos->kind == G_KW) {
			val = s->pos->text;
		} else if (s->pos->vtype == V_LINE) {
			int start = t->v[s->tok].off;
			int end = ntoks < t->n ? t->v[ntoks].off : (int)strlen(line);
			while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t' ||
					       line[end - 1] == '|'))
				end--;
			tmp = xstrndup(line + start, (size_t)(end - start));
			val = tmp;
		} else if (s->valoff >= 0) {
			val = valarena.buf + s->valoff;
		} else {
			val = t->v[s->tok].s;
		}
		size_t len = strlen(val) + 1;
		if (used + len > sizeof r->vals)
			len = 0; /* out of room: truncate this value */
		if (len) {
			memcpy(r->vals + used, val, len);
			arg->val = r->vals + used;
			used += len;
		} else {
			arg->val = "";
		}
		free(tmp);
	}
}

void match_line(struct cli_mode *m, int priv, const struct toks *t, int ntoks,
		const char *line, unsigned need, struct match_result *r)
{
	r->g = NULL;
	enum match_rc rc = walk(m, priv, t, ntoks, need, &r->bad_tok);
	if (rc != M_OK) {
		r->rc = rc;
		return;
	}
	const struct mstate *fin = NULL;
	for (int pass = 0; pass < 2 && !fin; pass++)
		for (int k = 0; k < ncur; k++) {
			const struct mstate *s = &arena[cur[k]];
			if (s->absorbing != (pass == 1) || !reaches_end(s))
				continue;
			if (!fin || s->g->seq < fin->g->seq)
				fin = s;
		}
	if (!fin) {
		r->rc = M_INCOMPLETE;
		return;
	}
	r->rc = M_OK;
	r->g = fin->g;
	build_args(fin, t, ntoks, line, r);
}

static const char *var_name(struct gnode *n)
{
	static char range[64];
	switch (n->vtype) {
	case V_IP:
	case V_MASK:
		return "A.B.C.D";
	case V_RANGE:
		snprintf(range, sizeof range, "<%ld-%ld>", n->lo, n->hi);
		return range;
	case V_LINE:
		return "LINE";
	case V_CUSTOM:
		return node_type(n)->help_name ? node_type(n)->help_name : n->text;
	default:
		return n->text;
	}
}

struct valctx {
	void (*fn)(void *ctx, const char *name, const char *help, bool placeholder);
	void *ctx;
	const char *partial;
	const char *help;
	const struct cli_type *type;
};

static void add_value(void *vctx, const char *val)
{
	struct valctx *v = vctx;
	if (!*v->partial || prefix_ci(v->partial, val)) {
		const char *h = v->type->value_help ? v->type->value_help(val) : NULL;
		v->fn(v->ctx, val, h ? h : v->help, false);
	}
}

void match_help(struct cli_mode *m, int priv, const struct toks *t, int ntoks,
		const char *line, const char *partial, unsigned need,
		void (*fn)(void *ctx, const char *name, const char *help, bool placeholder),
		void *ctx)
{
	(void)line;
	int bad;
	if (ntoks == 0) {
		/* first word: every command's first keyword */
		narena = 0;
		ncur = 0;
		sb_reset(&valarena);
		mode_sort_keywords(m);
		for (int i = 0; i < m->nkws; i++) {
			if (*partial && !prefix_ci(partial, m->kws[i]))
				continue;
			const struct cmdlist *l = mode_cmds(m, m->kws[i]);
			const char *help = NULL;
			bool ok = false;
			for (int j = 0; j < l->n; j++) {
				if (!cmd_allowed(l->v[j], priv, need) ||
				    (l->v[j]->cmd->flags & CLI_HIDDEN))
					continue;
				ok = true;
				struct gnode *f[16];
				int nf = graph_closure(l->v[j]->start, false, f, 16);
				for (int k = 0; k < nf && !help; k++)
					if (f[k]->kind == G_KW && !strcasecmp(f[k]->text, m->kws[i]))
						help = f[k]->help;
			}
			if (ok)
				fn(ctx, m->kws[i], help ? help : kw_dict_help(m->kws[i]), false);
		}
		return;
	}
	if (walk(m, priv, t, ntoks, need, &bad) != M_OK)
		return;
	for (int k = 0; k < ncur; k++) {
		const struct mstate *s = &arena[cur[k]];
		if (s->g->cmd->flags & CLI_HIDDEN)
			continue;
		if (s->absorbing) {
			if (!*partial)
				fn(ctx, "LINE", s->pos->help, true);
			fn(ctx, "<cr>", NULL, true);
			continue;
		}
		int nn;
		struct gnode *const *nodes = graph_next(s->pos, &nn);
		for (int j = 0; j < nn; j++) {
			struct gnode *n = nodes[j];
			if (n->kind == G_END) {
				if (!*partial)
					fn(ctx, "<cr>", NULL, true);
			} else if (n->kind == G_KW) {
				if (!*partial || prefix_ci(partial, n->text))
					fn(ctx, n->text, n->help ? n->help : kw_dict_help(n->text), false);
			} else {
				bool closed = n->vtype == V_CUSTOM && node_type(n)->closed;
				char canon[256];
				bool hc;
				if (!closed && (!*partial || score(n, partial, canon, sizeof canon, &hc)))
					fn(ctx, var_name(n), n->help, true);
				if (n->vtype == V_CUSTOM && node_type(n)->values) {
					struct valctx v = {fn, ctx, partial, n->help, node_type(n)};
					node_type(n)->values(add_value, &v);
				}
			}
		}
	}
}

/* Expand the keywords of a config-mode command prefix ("cry isa" ->
 * "crypto isakmp"); variables are copied as typed. */
bool cli_expand_config_words(const char *words, char *out, size_t outsz, int *bad_word)
{
	static struct toks t;
	toks_split(&t, words, strlen(words));
	struct strbuf sb = STRBUF_INIT;
	bool ok = true;
	*bad_word = -1;
	narena = 0;
	ncur = 0;
	sb_reset(&valarena);
	if (t.n)
		initial_states(cli_mode_config(), 15, t.v[0].s, 0);
	for (int i = 0; i < t.n; i++) {
		if (!ncur || step(&t, i) != M_OK) {
			ok = false;
			*bad_word = i;
			break;
		}
		struct gnode *n = arena[cur[0]].pos;
		if (i)
			sb_puts(&sb, " ");
		sb_puts(&sb, n->kind == G_KW ? n->text : t.v[i].s);
	}
	snprintf(out, outsz, "%s", sb.buf ? sb.buf : "");
	sb_free(&sb);
	toks_free(&t);
	return ok;
}
