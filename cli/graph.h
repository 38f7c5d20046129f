/*
 * graph.h — a declared command compiled into a small token graph (an NFA).
 *
 * Each declaration becomes its own graph: token nodes (keywords, variables)
 * joined by epsilon nodes for ( | ), [ | ] and { | } groups, ending in an
 * END node.  A mode indexes its commands by their possible first keywords;
 * the matcher walks all candidate graphs in lock step, one input token at a
 * time (match.c).
 */
#ifndef PIXIE_CLI_GRAPH_H
#define PIXIE_CLI_GRAPH_H

#include <stdbool.h>

#include "cli/cli.h"

enum gkind { G_KW, G_VAR, G_EPS, G_END };

enum vtype { V_WORD, V_IP, V_MASK, V_RANGE, V_LINE, V_CUSTOM };

struct gnode {
	enum gkind kind;
	enum vtype vtype;
	char *text;                 /* keyword, or variable name ("NAME") */
	char *tname;                /* custom type name (V_CUSTOM) */
	const struct cli_type *type; /* resolved lazily */
	long lo, hi;                /* V_RANGE bounds */
	const char *help;           /* from the declaration, or NULL */
	struct gnode **next;
	int nnext, capnext;
	struct gnode **succ; /* cached epsilon closure of the successors */
	int nsucc;           /* -1 until computed */
};

struct gcmd {
	const struct cli_cmd *cmd; /* points at own_cmd */
	struct cli_cmd own_cmd;    /* a copy: declarations may be temporaries */
	struct gnode *start;
	int seq;        /* installation order */
	char **firsts;  /* keywords a line can start with */
	int nfirsts;
	struct gnode **nodes; /* every node, for freeing */
	int nnodes;
};

/* Compile a declaration; NULL (with a message on stderr) on a syntax error,
 * which is a programmer error caught by the unit tests. */
struct gcmd *graph_compile(const struct cli_cmd *cmd, int seq);
void graph_free(struct gcmd *g);

/* Epsilon closure: collect the token/END nodes reachable from `from`'s
 * successors (or from `from` itself when self=true). */
int graph_closure(struct gnode *from, bool self, struct gnode **out, int max);

/* The token/END nodes that can follow `n` (its successors' closure), cached
 * on the node: the matcher asks for them at every token of every line. */
struct gnode *const *graph_next(struct gnode *n, int *count);

#endif
