/* tunnel_group.c — the tunnel-group model (no CLI here). */
#include "vpn/tunnel_group.h"

#include <stdlib.h>
#include <string.h>

#include "lib/hmap.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"

static struct hmap g_groups; /* name -> struct tunnel_group* */
static bool g_init;

static const struct {
	const char *name;
	enum tg_type type;
} builtins[] = {
	{"DefaultRAGroup", TG_IPSEC_RA},
	{"DefaultL2LGroup", TG_IPSEC_L2L},
	{"DefaultWEBVPNGroup", TG_WEBVPN},
};

static struct tunnel_group *tg_new(const char *name, enum tg_type type)
{
	struct tunnel_group *g = xcalloc(1, sizeof(*g));
	g->name = xstrdup(name);
	g->type = type;
	g->ppp_auth = PPP_AUTH_DEFAULT;
	g->pw_expire_days = -1;
	hmap_put(&g_groups, name, g);
	return g;
}

static void ensure_init(void)
{
	if (g_init)
		return;
	g_init = true;
	hmap_init(&g_groups, false);
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		tg_new(builtins[i].name, builtins[i].type)->builtin = true;
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

void tg_set_psk(struct tunnel_group *g, const char *key)
{
	if (g->psk) {
		pw_wipe(g->psk, strlen(g->psk));
		free(g->psk);
	}
	g->psk = key ? xstrdup(key) : NULL;
}

void tg_reset_attrs(struct tunnel_group *g, unsigned which)
{
	if (which & TG_GENERAL) {
		set_str(&g->pool_if, NULL);
		strv_free(&g->pools);
		set_str(&g->authn.ifname, NULL);
		set_str(&g->authn.group, NULL);
		g->authn.local_fallback = false;
		set_str(&g->authz_group, NULL);
		set_str(&g->acct_group, NULL);
		set_str(&g->default_gp, NULL);
		g->ndhcp = 0;
		g->strip_realm = g->strip_group = false;
		g->pw_mgmt = false;
		g->pw_expire_days = -1;
		g->authz_required = false;
		set_str(&g->authz_dn, NULL);
		g->override_account_disable = false;
	}
	if (which & TG_IPSEC) {
		tg_set_psk(g, NULL);
		g->peer_id = PEER_ID_REQ;
		g->chain = false;
		set_str(&g->trust_point, NULL);
		g->ka_disable = false;
		g->ka_threshold = g->ka_retry = 0;
		g->radius_sdi_xauth = false;
		g->radius_with_expiry = false;
		set_str(&g->ikev1_user_auth, NULL);
		strv_free(&g->client_update);
	}
	if (which & TG_PPP)
		g->ppp_auth = PPP_AUTH_DEFAULT;
	if (which & TG_WEBVPN_ATTRS)
		strv_free(&g->webvpn);
}

static void tg_free(struct tunnel_group *g)
{
	tg_reset_attrs(g, TG_GENERAL | TG_IPSEC | TG_PPP | TG_WEBVPN_ATTRS);
	free(g->name);
	free(g);
}

struct tunnel_group *tg_find(const char *name)
{
	ensure_init();
	return hmap_get(&g_groups, name);
}

struct tunnel_group *tg_create(const char *name, enum tg_type type)
{
	struct tunnel_group *g = tg_find(name);
	if (g)
		return g->type == type ? g : NULL;
	return tg_new(name, type);
}

void tg_delete(const char *name)
{
	struct tunnel_group *g = tg_find(name);
	if (!g)
		return;
	if (g->builtin) {
		tg_reset_attrs(g, TG_GENERAL | TG_IPSEC | TG_PPP | TG_WEBVPN_ATTRS);
		return;
	}
	hmap_del(&g_groups, name);
	tg_free(g);
}

void tg_clear_all(void)
{
	ensure_init();
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&g_groups, &i, &k, &v);)
		tg_free(v);
	hmap_clear(&g_groups);
	g_init = false;
	ensure_init();
}

const char *tg_type_kw(enum tg_type t)
{
	switch (t) {
	case TG_IPSEC_RA: return "ipsec-ra";
	case TG_IPSEC_L2L: return "ipsec-l2l";
	case TG_WEBVPN: return "webvpn";
	}
	return "";
}

void tg_keepalive_default(enum tg_type t, unsigned long *threshold,
			  unsigned long *retry)
{
	*threshold = t == TG_IPSEC_L2L ? 10 : 300;
	*retry = 2;
}

struct tunnel_group *tg_next(size_t *iter)
{
	ensure_init();
	const char *k;
	void *v;
	/* built-ins were inserted first and are never deleted, so insertion
	 * order is already "built-ins, then creation order" */
	if (hmap_next(&g_groups, iter, &k, &v))
		return v;
	return NULL;
}
