/* graph.c — compile "[no] crypto map NAME SEQ:<1-65535> ..." into a graph. */
#include "cli/graph.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

struct compiler {
	const char *p;      /* cursor in the syntax string */
	struct gcmd *g;
	const char *help;   /* cursor in the help text */
	bool err;
};

static struct gnode *node_new(struct compiler *c, enum gkind kind)
{
	struct gnode *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->nsucc = -1;
	struct gcmd *g = c->g;
	g->nodes = xrealloc(g->nodes, (size_t)(g->nnodes + 1) * sizeof *g->nodes);
	g->nodes[g->nnodes++] = n;
	return n;
}

static void edge(struct gnode *a, struct gnode *b)
{
	if (a->nnext == a->capnext) {
		a->capnext = a->capnext ? a->capnext * 2 : 2;
		a->next = xrealloc(a->next, (size_t)a->capnext * sizeof *a->next);
	}
	a->next[a->nnext++] = b;
}

static void skip_ws(struct compiler *c)
{
	while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n')
		c->p++;
}

/* next help line, or NULL when the help text is exhausted / line empty */
static const char *next_help(struct compiler *c)
{
	if (!c->help || !*c->help)
		return NULL;
	const char *nl = strchr(c->help, '\n');
	size_t len = nl ? (size_t)(nl - c->help) : strlen(c->help);
	const char *h = len ? xstrndup(c->help, len) : NULL;
	c->help = nl ? nl + 1 : c->help + len;
	return h;
}

static bool is_upper_var(const char *s, size_t n)
{
	bool upper = false;
	for (size_t i = 0; i < n; i++) {
		if (isupper((unsigned char)s[i]))
			upper = true;
		else if (!isdigit((unsigned char)s[i]) && s[i] != '_' && s[i] != '.' &&
			 s[i] != '-')
			return false;
	}
	return upper;
}

static struct gnode *token(struct compiler *c)
{
	const char *s = c->p;
	while (*c->p && !strchr(" \t\n()[]{}|", *c->p))
		c->p++;
	size_t n = (size_t)(c->p - s);
	char *tok = xstrndup(s, n);
	struct gnode *nd;
	char *colon = strchr(tok, ':');
	if (colon && !is_upper_var(tok, (size_t)(colon - tok)))
		colon = NULL; /* a keyword with a colon: "system:running-config" */
	if (tok[0] == '<' || colon || is_upper_var(tok, n)) {
		nd = node_new(c, G_VAR);
		const char *type = "word";
		if (tok[0] == '<') {
			nd->text = xstrdup(tok);
			type = tok;
		} else if (colon) {
			*colon = '\0';
			nd->text = xstrdup(tok);
			type = colon + 1;
		} else {
			nd->text = xstrdup(tok);
		}
		if (!strcmp(type, "word"))
			nd->vtype = V_WORD;
		else if (!strcmp(type, "ip"))
			nd->vtype = V_IP;
		else if (!strcmp(type, "mask"))
			nd->vtype = V_MASK;
		else if (!strcmp(type, "line"))
			nd->vtype = V_LINE;
		else if (type[0] == '<') {
			nd->vtype = V_RANGE;
			if (sscanf(type, "<%ld-%ld>", &nd->lo, &nd->hi) != 2) {
				fprintf(stderr, "cli: bad range %s in '%s'\n", type,
					c->g->cmd->syntax);
				c->err = true;
			}
		} else {
			nd->vtype = V_CUSTOM;
			nd->tname = xstrdup(type);
		}
	} else {
		nd = node_new(c, G_KW);
		nd->text = xstrdup(tok);
	}
	free(tok);
	nd->help = next_help(c);
	return nd;
}

static void alts(struct compiler *c, struct gnode **in, struct gnode **out, char close);

/* seq := item*   returns entry/exit (an EPS node when empty) */
static void seq(struct compiler *c, struct gnode **in, struct gnode **out)
{
	struct gnode *first = NULL, *last = NULL;
	for (;;) {
		skip_ws(c);
		char ch = *c->p;
		if (!ch || ch == '|' || ch == ')' || ch == ']' || ch == '}')
			break;
		struct gnode *a, *b;
		if (ch == '(' || ch == '[' || ch == '{') {
			c->p++;
			alts(c, &a, &b, ch);
		} else {
			a = b = token(c);
		}
		if (!first)
			first = a;
		else
			edge(last, a);
		last = b;
	}
	if (!first)
		first = last = node_new(c, G_EPS);
	*in = first;
	*out = last;
}

static void alts(struct compiler *c, struct gnode **in, struct gnode **out, char open)
{
	char close = open == '(' ? ')' : open == '[' ? ']' : '}';
	struct gnode *fork = node_new(c, G_EPS), *join = node_new(c, G_EPS);
	for (;;) {
		struct gnode *a, *b;
		seq(c, &a, &b);
		edge(fork, a);
		if (open == '{')
			edge(b, fork); /* repeat: back to the fork */
		else
			edge(b, join);
		skip_ws(c);
		if (*c->p == '|') {
			c->p++;
			continue;
		}
		if (*c->p == close) {
			c->p++;
			break;
		}
		fprintf(stderr, "cli: unbalanced '%c' in '%s'\n", open, c->g->cmd->syntax);
		c->err = true;
		break;
	}
	if (open != '(')
		edge(fork, join);
	*in = fork;
	*out = join;
}

int graph_closure(struct gnode *from, bool self, struct gnode **out, int max)
{
	/* iterative DFS over epsilon edges; small graphs, so a visited list */
	struct gnode *stack[256], *seen[256];
	int sp = 0, nseen = 0, n = 0;
	if (self)
		stack[sp++] = from;
	else
		for (int i = 0; i < from->nnext && sp < 256; i++)
			stack[sp++] = from->next[i];
	while (sp) {
		struct gnode *x = stack[--sp];
		bool dup = false;
		for (int i = 0; i < nseen; i++)
			if (seen[i] == x)
				dup = true;
		if (dup || nseen == 256)
			continue;
		seen[nseen++] = x;
		if (x->kind == G_EPS) {
			for (int i = x->nnext - 1; i >= 0 && sp < 256; i--)
				stack[sp++] = x->next[i];
		} else if (n < max) {
			out[n++] = x;
		}
	}
	return n;
}

struct gnode *const *graph_next(struct gnode *n, int *count)
{
	if (n->nsucc < 0) {
		struct gnode *tmp[64];
		n->nsucc = graph_closure(n, false, tmp, 64);
		n->succ = xmalloc((size_t)(n->nsucc ? n->nsucc : 1) * sizeof *n->succ);
		memcpy(n->succ, tmp, (size_t)n->nsucc * sizeof *tmp);
	}
	*count = n->nsucc;
	return n->succ;
}

struct gcmd *graph_compile(const struct cli_cmd *cmd, int seq_no)
{
	struct gcmd *g = xcalloc(1, sizeof *g);
	g->own_cmd = *cmd;
	g->cmd = &g->own_cmd;
	g->seq = seq_no;
	struct compiler c = {.p = cmd->syntax, .g = g, .help = cmd->help};
	struct gnode *start = node_new(&c, G_EPS), *a, *b;
	seq(&c, &a, &b);
	skip_ws(&c);
	if (*c.p) {
		fprintf(stderr, "cli: stray '%c' in '%s'\n", *c.p, cmd->syntax);
		c.err = true;
	}
	edge(start, a);
	edge(b, node_new(&c, G_END));
	g->start = start;
	struct gnode *f[64];
	int nf = graph_closure(start, false, f, 64);
	for (int i = 0; i < nf; i++) {
		if (f[i]->kind != G_KW) {
			fprintf(stderr, "cli: '%s' must start with a keyword\n", cmd->syntax);
			c.err = true;
			continue;
		}
		g->firsts = xrealloc(g->firsts, (size_t)(g->nfirsts + 1) * sizeof *g->firsts);
		g->firsts[g->nfirsts++] = f[i]->text;
	}
	if (c.err) {
		graph_free(g);
		return NULL;
	}
	return g;
}

void graph_free(struct gcmd *g)
{
	if (!g)
		return;
	for (int i = 0; i < g->nnodes; i++) {
		struct gnode *n = g->nodes[i];
		free(n->text);
		free(n->tname);
		free((char *)n->help);
		free(n->next);
		free(n->succ);
		free(n);
	}
	free(g->nodes);
	free(g->firsts);
	free(g);
}
