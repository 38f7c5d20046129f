/* mode.c — modes, command installation, keyword index and preferences. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/internal.h"
#include "lib/xalloc.h"

static struct cli_mode *exec_mode, *config_mode;
static int install_seq;
static struct hmap preferred, kwhelp;
static struct cli_mode **all_modes;
static int nmodes;

static struct cli_mode *mode_alloc(const char *suffix, struct cli_mode *parent)
{
	struct cli_mode *m = xcalloc(1, sizeof *m);
	m->suffix = suffix ? xstrdup(suffix) : NULL;
	m->parent = parent;
	hmap_init(&m->by_first, true);
	all_modes = xrealloc(all_modes, (size_t)(nmodes + 1) * sizeof *all_modes);
	all_modes[nmodes++] = m;
	return m;
}

struct cli_mode *cli_mode_exec(void)
{
	if (!exec_mode) {
		exec_mode = mode_alloc(NULL, NULL);
		exec_mode->is_exec = 1;
	}
	return exec_mode;
}

struct cli_mode *cli_mode_config(void)
{
	if (!config_mode)
		config_mode = mode_alloc("config", cli_mode_exec());
	return config_mode;
}

extern const struct cli_cmd cli_mode_builtins[2];

struct cli_mode *cli_mode_new(const char *suffix, struct cli_mode *parent)
{
	struct cli_mode *m = mode_alloc(suffix, parent);
	/* every configuration sub-mode has exit and end of its own, so that
	 * "exit" leaves this mode rather than falling through to the parent */
	cli_install(m, &cli_mode_builtins[0]);
	cli_install(m, &cli_mode_builtins[1]);
	return m;
}

void cli_install(struct cli_mode *m, const struct cli_cmd *c)
{
	struct gcmd *g = graph_compile(c, install_seq++);
	if (!g) {
		fprintf(stderr, "cli: declaration rejected: %s\n", c->syntax);
		abort(); /* a broken declaration is a build defect */
	}
	for (int i = 0; i < g->nfirsts; i++) {
		struct cmdlist *l = hmap_get(&m->by_first, g->firsts[i]);
		if (!l) {
			l = xcalloc(1, sizeof *l);
			hmap_put(&m->by_first, g->firsts[i], l);
			m->kws_dirty = true;
		}
		l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
		l->v[l->n++] = g;
	}
}

void cli_mode_set_raw(struct cli_mode *m, cli_raw_fn fn)
{
	m->raw = fn;
}

static int cmp_kw(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

void mode_sort_keywords(struct cli_mode *m)
{
	if (!m->kws_dirty)
		return;
	free(m->kws);
	m->nkws = 0;
	m->kws = xmalloc((hmap_count(&m->by_first) + 1) * sizeof *m->kws);
	const char *k;
	for (size_t i = 0; hmap_next(&m->by_first, &i, &k, NULL);)
		m->kws[m->nkws++] = (char *)k;
	qsort(m->kws, (size_t)m->nkws, sizeof *m->kws, cmp_kw);
	m->kws_dirty = false;
}

const struct cmdlist *mode_cmds(struct cli_mode *m, const char *first)
{
	return hmap_get(&m->by_first, first);
}

void cli_prefer(const char *kw)
{
	if (!preferred.cap)
		hmap_init(&preferred, true);
	hmap_put(&preferred, kw, (void *)1);
}

bool kw_preferred(const char *kw)
{
	return hmap_get(&preferred, kw) != NULL;
}

void cli_kw_help(const char *kw, const char *help)
{
	if (!kwhelp.cap)
		hmap_init(&kwhelp, true);
	if (!hmap_get(&kwhelp, kw))
		hmap_put(&kwhelp, kw, (void *)help);
}

const char *kw_dict_help(const char *kw)
{
	return hmap_get(&kwhelp, kw);
}

const char *cli_mode_kw_help(struct cli_mode *m, const char *kw)
{
	const struct cmdlist *l = mode_cmds(m, kw);
	for (int j = 0; l && j < l->n; j++) {
		struct gnode *f[16];
		int nf = graph_closure(l->v[j]->start, false, f, 16);
		for (int k = 0; k < nf; k++)
			if (f[k]->kind == G_KW && !strcasecmp(f[k]->text, kw) && f[k]->help)
				return f[k]->help;
	}
	return kw_dict_help(kw);
}

void cli_mode_keywords(struct cli_mode *m,
		       void (*fn)(void *ctx, const char *kw, const char *help), void *ctx)
{
	mode_sort_keywords(m);
	for (int i = 0; i < m->nkws; i++) {
		const struct cmdlist *l = mode_cmds(m, m->kws[i]);
		const char *help = NULL;
		bool visible = false;
		for (int j = 0; l && j < l->n; j++) {
			if (l->v[j]->cmd->flags & CLI_HIDDEN)
				continue;
			visible = true;
			struct gnode *f[16];
			int nf = graph_closure(l->v[j]->start, false, f, 16);
			for (int k = 0; k < nf && !help; k++)
				if (f[k]->kind == G_KW && !strcasecmp(f[k]->text, m->kws[i]))
					help = f[k]->help;
		}
		if (!visible)
			continue;
		fn(ctx, m->kws[i], help ? help : kw_dict_help(m->kws[i]));
	}
}
