/* group_policy.c — the group-policy model (no CLI here). */
#include "vpn/group_policy.h"

#include <stdlib.h>
#include <string.h>

#include "lib/hmap.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"

const char *const gp_wv_functions[] = {
	"url-entry", "file-access", "file-browsing", "file-entry",
	"filter",    "http-proxy",  "mapi",          "port-forward",
	"citrix",    "auto-download", NULL};

static struct hmap g_policies;
static bool g_init;

static struct group_policy *gp_new(const char *name)
{
	struct group_policy *g = xcalloc(1, sizeof(*g));
	g->name = xstrdup(name);
	hmap_put(&g_policies, name, g);
	return g;
}

static void ensure_init(void)
{
	if (g_init)
		return;
	g_init = true;
	hmap_init(&g_policies, false);
	gp_new(GP_DEFAULT_NAME)->builtin = true;
}

void gp_val_clear(struct gp_val *v)
{
	strv_free(&v->words);
	memset(v, 0, sizeof(*v));
}

static void val_copy(struct gp_val *dst, const struct gp_val *src)
{
	gp_val_clear(dst);
	dst->st = src->st;
	dst->num = src->num;
	dst->nip = src->nip;
	memcpy(dst->ip, src->ip, sizeof(dst->ip));
	strv_copy(&dst->words, &src->words);
}

static void set_password(struct group_policy *g, const char *pw)
{
	if (g->password) {
		pw_wipe(g->password, strlen(g->password));
		free(g->password);
	}
	g->password = pw ? xstrdup(pw) : NULL;
}

static void reset(struct group_policy *g)
{
	for (int i = 0; i < GPA_COUNT; i++)
		gp_val_clear(&g->attr[i]);
	gp_val_clear(&g->wv_url_list);
	gp_val_clear(&g->wv_filter);
	gp_val_clear(&g->wv_homepage);
	g->wv_functions = 0;
	g->wv_functions_set = false;
	strv_free(&g->wv_lines);
	free(g->server_group);
	g->server_group = NULL;
	set_password(g, NULL);
	g->external = false;
}

static void gp_free(struct group_policy *g)
{
	reset(g);
	free(g->name);
	free(g);
}

struct group_policy *gp_find(const char *name)
{
	ensure_init();
	return hmap_get(&g_policies, name);
}

struct group_policy *gp_create_internal(const char *name,
					const struct group_policy *from)
{
	struct group_policy *g = gp_find(name);
	if (!g)
		g = gp_new(name);
	if (g->external)
		reset(g); /* an external policy has no local attributes */
	if (from && from != g) {
		for (int i = 0; i < GPA_COUNT; i++)
			val_copy(&g->attr[i], &from->attr[i]);
		val_copy(&g->wv_url_list, &from->wv_url_list);
		val_copy(&g->wv_filter, &from->wv_filter);
		val_copy(&g->wv_homepage, &from->wv_homepage);
		g->wv_functions = from->wv_functions;
		g->wv_functions_set = from->wv_functions_set;
		strv_copy(&g->wv_lines, &from->wv_lines);
	}
	return g;
}

struct group_policy *gp_create_external(const char *name, const char *sg,
					const char *password)
{
	struct group_policy *g = gp_find(name);
	if (!g)
		g = gp_new(name);
	reset(g);
	g->external = true;
	g->server_group = xstrdup(sg);
	set_password(g, password);
	return g;
}

void gp_delete(const char *name)
{
	struct group_policy *g = gp_find(name);
	if (!g)
		return;
	if (g->builtin) {
		reset(g);
		return;
	}
	hmap_del(&g_policies, name);
	gp_free(g);
}

void gp_clear_all(void)
{
	ensure_init();
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&g_policies, &i, &k, &v);)
		gp_free(v);
	hmap_clear(&g_policies);
	g_init = false;
	ensure_init();
}

bool gp_has_attrs(const struct group_policy *g)
{
	for (int i = 0; i < GPA_COUNT; i++)
		if (g->attr[i].st != GP_UNSET)
			return true;
	return g->wv_functions_set || g->wv_url_list.st ||
	       g->wv_filter.st || g->wv_homepage.st || g->wv_lines.n;
}

struct group_policy *gp_next(size_t *iter)
{
	ensure_init();
	const char *k;
	void *v;
	return hmap_next(&g_policies, iter, &k, &v) ? v : NULL;
}

const struct gp_val *gp_effective(const struct group_policy *g,
				  enum gp_attr_id id)
{
	const struct gp_val *v = g ? &g->attr[id] : NULL;
	if (!v || v->st == GP_UNSET) {
		const struct group_policy *d = gp_find(GP_DEFAULT_NAME);
		v = &d->attr[id];
	}
	return v->st == GP_VALUE ? v : NULL;
}
