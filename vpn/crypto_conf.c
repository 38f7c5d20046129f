/* crypto_conf.c — the crypto configuration model (no CLI here). */
#include "vpn/crypto_conf.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

static struct crypto_conf g_crypto;
static bool g_init;

struct crypto_conf *crypto_conf(void)
{
	if (!g_init) {
		hmap_init(&g_crypto.tsets, false);
		hmap_init(&g_crypto.dynmaps.maps, false);
		hmap_init(&g_crypto.maps.maps, false);
		g_crypto.isakmp.natt_keepalive = NATT_KEEPALIVE_DEFAULT;
		g_init = true;
	}
	return &g_crypto;
}

/* ---- keyword tables ------------------------------------------------- */

static const char *const esp_enc_kws[] = {
	[ESP_ENC_DES] = "esp-des",       [ESP_ENC_3DES] = "esp-3des",
	[ESP_ENC_AES] = "esp-aes",       [ESP_ENC_AES192] = "esp-aes-192",
	[ESP_ENC_AES256] = "esp-aes-256", [ESP_ENC_NULL] = "esp-null",
};
static const char *const esp_auth_kws[] = {
	[ESP_AUTH_UNSET] = "",
	[ESP_AUTH_MD5] = "esp-md5-hmac",
	[ESP_AUTH_SHA] = "esp-sha-hmac",
	[ESP_AUTH_NONE] = "esp-none",
};

const char *esp_enc_kw(enum esp_enc e)
{
	return e >= ESP_ENC_DES && e <= ESP_ENC_NULL ? esp_enc_kws[e] : "";
}

const char *esp_auth_kw(enum esp_auth a)
{
	return a <= ESP_AUTH_NONE ? esp_auth_kws[a] : "";
}

bool esp_enc_parse(const char *kw, enum esp_enc *e)
{
	for (int i = ESP_ENC_DES; i <= ESP_ENC_NULL; i++)
		if (strcmp(kw, esp_enc_kws[i]) == 0) {
			*e = (enum esp_enc)i;
			return true;
		}
	return false;
}

bool esp_auth_parse(const char *kw, enum esp_auth *a)
{
	for (int i = ESP_AUTH_MD5; i <= ESP_AUTH_NONE; i++)
		if (strcmp(kw, esp_auth_kws[i]) == 0) {
			*a = (enum esp_auth)i;
			return true;
		}
	return false;
}

const char *ike_auth_kw(enum ike_auth a)
{
	switch (a) {
	case IKE_AUTH_PRESHARE: return "pre-share";
	case IKE_AUTH_RSA_SIG: return "rsa-sig";
	case IKE_AUTH_CRACK: return "crack";
	}
	return "";
}

const char *ike_enc_kw(enum ike_enc e)
{
	switch (e) {
	case IKE_ENC_DES: return "des";
	case IKE_ENC_3DES: return "3des";
	case IKE_ENC_AES: return "aes";
	case IKE_ENC_AES192: return "aes-192";
	case IKE_ENC_AES256: return "aes-256";
	}
	return "";
}

const char *ike_hash_kw(enum ike_hash h)
{
	return h == IKE_HASH_MD5 ? "md5" : "sha";
}

struct transform_set *tset_find(const char *name)
{
	return hmap_get(&crypto_conf()->tsets, name);
}

/* ---- crypto maps ---------------------------------------------------- */

struct cmap *cmap_find(struct cmap_table *t, const char *name)
{
	return hmap_get(&t->maps, name);
}

struct cmap *cmap_get(struct cmap_table *t, const char *name)
{
	struct cmap *m = cmap_find(t, name);
	if (!m) {
		m = xcalloc(1, sizeof(*m));
		m->name = xstrdup(name);
		hmap_put(&t->maps, name, m);
	}
	return m;
}

static void entry_free(struct cmap_entry *e)
{
	free(e->dynamic);
	free(e->acl);
	free(e->trustpoint);
	strv_free(&e->tsets);
	free(e);
}

static void map_free(struct cmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		entry_free(m->ents[i]);
	free(m->ents);
	strv_free(&m->ifaces);
	free(m->name);
	free(m);
}

void cmap_del(struct cmap_table *t, const char *name)
{
	struct cmap *m = hmap_del(&t->maps, name);
	if (m)
		map_free(m);
}

void cmap_table_clear(struct cmap_table *t)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&t->maps, &i, &k, &v);)
		map_free(v);
	hmap_clear(&t->maps);
	hmap_init(&t->maps, false);
}

/* Index of the first entry with seq >= seq (binary search). */
static size_t entry_pos(const struct cmap *m, unsigned long seq)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->ents[mid]->seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct cmap_entry *cmap_entry_find(struct cmap *m, unsigned long seq)
{
	size_t i = entry_pos(m, seq);
	return i < m->n && m->ents[i]->seq == seq ? m->ents[i] : NULL;
}

struct cmap_entry *cmap_entry_get(struct cmap *m, unsigned long seq)
{
	size_t i = entry_pos(m, seq);
	if (i < m->n && m->ents[i]->seq == seq)
		return m->ents[i];
	struct cmap_entry *e = xcalloc(1, sizeof(*e));
	e->seq = seq;
	m->ents = xrealloc(m->ents, (m->n + 1) * sizeof(*m->ents));
	memmove(&m->ents[i + 1], &m->ents[i], (m->n - i) * sizeof(*m->ents));
	m->ents[i] = e;
	m->n++;
	return e;
}

void cmap_gc(struct cmap_table *t, struct cmap *m)
{
	if (m->n == 0 && m->ifaces.n == 0)
		cmap_del(t, m->name);
}

void cmap_entry_del(struct cmap_table *t, struct cmap *m, unsigned long seq)
{
	size_t i = entry_pos(m, seq);
	if (i < m->n && m->ents[i]->seq == seq) {
		entry_free(m->ents[i]);
		memmove(&m->ents[i], &m->ents[i + 1],
			(m->n - i - 1) * sizeof(*m->ents));
		m->n--;
	}
	cmap_gc(t, m);
}

bool cmap_entry_empty(const struct cmap_entry *e)
{
	return !e->dynamic && !e->acl && !e->pfs && !e->npeers &&
	       !e->tsets.n && !e->sa_sec && !e->sa_kb && !e->reverse_route &&
	       !e->nat_t_disable && e->conn == CONN_BIDIR && e->p1 == P1_MAIN &&
	       !e->trustpoint;
}

struct cmap *crypto_map_for_if(const char *ifname)
{
	const char *k;
	void *v;
	struct cmap_table *t = &crypto_conf()->maps;
	for (size_t i = 0; hmap_next(&t->maps, &i, &k, &v);)
		if (strv_has(&((struct cmap *)v)->ifaces, ifname))
			return v;
	return NULL;
}

/* ---- ISAKMP --------------------------------------------------------- */

void isakmp_policy_defaults(struct isakmp_policy *p, unsigned long prio)
{
	p->prio = prio;
	p->auth = IKE_AUTH_PRESHARE;
	p->enc = IKE_ENC_3DES;
	p->hash = IKE_HASH_SHA;
	p->group = 2;
	p->lifetime = ISAKMP_LIFETIME_DEFAULT;
}

static size_t pol_pos(const struct isakmp_conf *c, unsigned long prio)
{
	size_t lo = 0, hi = c->npol;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->pol[mid].prio < prio)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct isakmp_policy *isakmp_policy_find(struct isakmp_conf *c,
					 unsigned long prio)
{
	size_t i = pol_pos(c, prio);
	return i < c->npol && c->pol[i].prio == prio ? &c->pol[i] : NULL;
}

struct isakmp_policy *isakmp_policy_get(struct isakmp_conf *c,
					unsigned long prio)
{
	size_t i = pol_pos(c, prio);
	if (i < c->npol && c->pol[i].prio == prio)
		return &c->pol[i];
	c->pol = xrealloc(c->pol, (c->npol + 1) * sizeof(*c->pol));
	memmove(&c->pol[i + 1], &c->pol[i], (c->npol - i) * sizeof(*c->pol));
	c->npol++;
	isakmp_policy_defaults(&c->pol[i], prio);
	return &c->pol[i];
}

void isakmp_policy_del(struct isakmp_conf *c, unsigned long prio)
{
	size_t i = pol_pos(c, prio);
	if (i < c->npol && c->pol[i].prio == prio) {
		memmove(&c->pol[i], &c->pol[i + 1],
			(c->npol - i - 1) * sizeof(*c->pol));
		c->npol--;
	}
}

bool isakmp_enabled_on(const char *ifname)
{
	return strv_has(&crypto_conf()->isakmp.enabled, ifname);
}

/* ---- clearing -------------------------------------------------------- */

static void clear_ipsec(struct crypto_conf *c)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&c->tsets, &i, &k, &v);) {
		struct transform_set *t = v;
		free(t->name);
		free(t);
	}
	hmap_clear(&c->tsets);
	hmap_init(&c->tsets, false);
	for (size_t i = 0; i < c->ipsec.ndf; i++)
		free(c->ipsec.df[i].ifname);
	free(c->ipsec.df);
	memset(&c->ipsec, 0, sizeof(c->ipsec));
}

static void clear_isakmp(struct isakmp_conf *k)
{
	free(k->pol);
	strv_free(&k->enabled);
	free(k->key_id);
	memset(k, 0, sizeof(*k));
	k->natt_keepalive = NATT_KEEPALIVE_DEFAULT;
}

void crypto_conf_clear(unsigned parts)
{
	struct crypto_conf *c = crypto_conf();
	if (parts & CRYPTO_IPSEC)
		clear_ipsec(c);
	if (parts & CRYPTO_DYNMAP)
		cmap_table_clear(&c->dynmaps);
	if (parts & CRYPTO_MAP)
		cmap_table_clear(&c->maps);
	if (parts & CRYPTO_ISAKMP)
		clear_isakmp(&c->isakmp);
}
