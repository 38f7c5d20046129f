/*
 * sad.c — the IPsec SA database (contract: sad.h, internals: sad_int.h).
 *
 * Pairs live in a table by id and in a vector in creation order (show
 * output, sad_next); inbound SPIs, outbound SPIs and remote host
 * selectors are hashed, so the per-packet lookups are O(1) however many
 * remote-access clients there are (site-to-site pairs with network
 * selectors are few and scanned).  Each pair has one timer for its next
 * lifetime deadline (soft at 90%, then hard); kB lifetimes are counted by
 * the ESP path per packet (sad_account).
 *
 * SPIs come from a keyed 32-bit permutation of a counter (a 4-round
 * Feistel network with random round keys from RAND_bytes): random-looking,
 * and never the same value twice in the life of the process, without
 * remembering every SPI ever handed out.
 */
#include "vpn/ipsec/sad.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "dataplane/u64map.h"
#include "lib/evloop.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "vpn/ipsec/ipsec_debug.h"
#include "vpn/ipsec/sad_int.h"

#define SOFT_PCT 90 /* soft lifetime: this share of the hard one */

static struct u64map by_id, by_spi_in, by_spi_out, reserved;
static struct u64map by_host;      /* remote_id host address -> chain */
static struct sad_pair **order;    /* creation order, NULL holes */
static size_t norder, caporder, nholes, npairs;
static uint32_t next_id = 1;
static struct sad_hooks hooks;
static sad_natt_ike_fn natt_ike;
static uint64_t test_clock;

/* ---- clock ------------------------------------------------------------- */

uint64_t sad_now_ms(void)
{
	return test_clock ? test_clock : ev_now_ms();
}

void sad_set_test_clock(uint64_t ms)
{
	test_clock = ms;
}

/* ---- SPIs ---------------------------------------------------------------- */

static uint64_t spi_keys[4];
static uint32_t spi_ctr;
static bool spi_keyed;

static uint32_t spi_permute(uint32_t x)
{
	uint16_t l = (uint16_t)(x >> 16), r = (uint16_t)x;
	for (int i = 0; i < 4; i++) {
		uint16_t f = (uint16_t)u64_mix(r ^ spi_keys[i]);
		uint16_t t = r;
		r = l ^ f;
		l = t;
	}
	return (uint32_t)l << 16 | r;
}

uint32_t sad_spi_alloc(void)
{
	if (!spi_keyed) {
		if (RAND_bytes((unsigned char *)spi_keys, sizeof spi_keys) != 1)
			for (int i = 0; i < 4; i++) /* never expected: still unique */
				spi_keys[i] = u64_mix((uint64_t)i + (uint64_t)(uintptr_t)&spi_keys);
		spi_keyed = true;
	}
	for (;;) {
		uint32_t spi = spi_permute(spi_ctr++);
		if (spi < 256 || u64map_get(&by_spi_in, spi) || u64map_get(&reserved, spi))
			continue;
		u64map_put(&reserved, spi, (void *)1);
		return spi;
	}
}

void sad_spi_release(uint32_t spi)
{
	u64map_del(&reserved, spi);
}

/* ---- selectors ------------------------------------------------------------ */

bool sad_sel_match(const struct ipsec_sel *s, uint32_t addr, uint8_t proto, uint16_t port)
{
	return (addr & s->mask) == (s->addr & s->mask) && (!s->proto || s->proto == proto) &&
	       (!s->port || s->port == port);
}

static bool host_sel(const struct ipsec_sel *s)
{
	return s->mask == 0xffffffffu;
}

static bool pair_covers(const struct sad_pair *sp, uint32_t src, uint32_t dst, uint8_t proto,
			uint16_t sport, uint16_t dport)
{
	return sad_sel_match(&sp->prm.local_id, src, proto, sport) &&
	       sad_sel_match(&sp->prm.remote_id, dst, proto, dport);
}

/* The index chains pairs by the remote host address; pairs with network
 * selectors hang under the key NET_KEY. */
#define NET_KEY (1ull << 32)

static uint64_t host_key(const struct sad_pair *sp)
{
	return host_sel(&sp->prm.remote_id) ? sp->prm.remote_id.addr : NET_KEY;
}

static void host_link(struct sad_pair *sp)
{
	uint64_t k = host_key(sp);
	sp->hnext = u64map_get(&by_host, k);
	u64map_put(&by_host, k, sp);
}

static void host_unlink(struct sad_pair *sp)
{
	uint64_t k = host_key(sp);
	struct sad_pair *h = u64map_get(&by_host, k), *prev = NULL;
	for (; h && h != sp; prev = h, h = h->hnext)
		;
	if (!h)
		return;
	if (prev)
		prev->hnext = sp->hnext;
	else if (sp->hnext)
		u64map_put(&by_host, k, sp->hnext);
	else
		u64map_del(&by_host, k);
	sp->hnext = NULL;
}

/* Newest first: chains are pushed at the head, so the first match wins. */
static struct sad_pair *chain_match(struct sad_pair *h, enum esp_mode mode, const char *map,
				    unsigned long seq, uint32_t src, uint32_t dst, uint8_t proto,
				    uint16_t sport, uint16_t dport)
{
	for (; h; h = h->hnext) {
		if (h->dying || h->prm.mode != mode)
			continue;
		if (map && (strcmp(h->prm.map, map) || h->prm.map_seq != seq))
			continue;
		if (pair_covers(h, src, dst, proto, sport, dport))
			return h;
	}
	return NULL;
}

struct sad_pair *sad_match_out(enum esp_mode mode, uint32_t src, uint32_t dst, uint8_t proto,
			       uint16_t sport, uint16_t dport)
{
	if (!npairs)
		return NULL;
	struct sad_pair *sp = chain_match(u64map_get(&by_host, dst), mode, NULL, 0, src, dst,
					  proto, sport, dport);
	return sp ? sp
		  : chain_match(u64map_get(&by_host, NET_KEY), mode, NULL, 0, src, dst, proto,
				sport, dport);
}

struct sad_pair *sad_match_entry(const char *map, unsigned long seq, uint32_t src, uint32_t dst,
				 uint8_t proto, uint16_t sport, uint16_t dport)
{
	if (!npairs)
		return NULL;
	struct sad_pair *sp = chain_match(u64map_get(&by_host, dst), ESP_TUNNEL, map, seq, src,
					  dst, proto, sport, dport);
	return sp ? sp
		  : chain_match(u64map_get(&by_host, NET_KEY), ESP_TUNNEL, map, seq, src, dst,
				proto, sport, dport);
}

/* ---- lookups ---------------------------------------------------------------- */

struct sad_pair *sad_pair(uint32_t id)
{
	return id ? u64map_get(&by_id, id) : NULL;
}

struct sad_pair *sad_pair_by_spi_in(uint32_t spi)
{
	return u64map_get(&by_spi_in, spi);
}

const struct sad_params *sad_params(uint32_t id)
{
	struct sad_pair *sp = sad_pair(id);
	return sp ? &sp->prm : NULL;
}

uint32_t sad_by_spi_in(uint32_t spi)
{
	struct sad_pair *sp = u64map_get(&by_spi_in, spi);
	return sp ? sp->id : 0;
}

uint32_t sad_by_spi_out(uint32_t spi)
{
	struct sad_pair *sp = u64map_get(&by_spi_out, spi);
	return sp ? sp->id : 0;
}

bool sad_stats(uint32_t id, struct esp_stats *in, struct esp_stats *out)
{
	struct sad_pair *sp = sad_pair(id);
	if (!sp)
		return false;
	if (in)
		*in = sp->in->st;
	if (out)
		*out = sp->out->st;
	return true;
}

uint32_t sad_next(size_t *iter)
{
	while (*iter < norder) {
		struct sad_pair *sp = order[(*iter)++];
		if (sp)
			return sp->id;
	}
	return 0;
}

size_t sad_count(void)
{
	return npairs;
}

void sad_set_hooks(const struct sad_hooks *h)
{
	if (h)
		hooks = *h;
	else
		memset(&hooks, 0, sizeof hooks);
}

const struct sad_hooks *sad_hooks_get(void)
{
	return &hooks;
}

void sad_set_natt_ike_input(sad_natt_ike_fn fn)
{
	natt_ike = fn;
}

sad_natt_ike_fn sad_natt_ike_input(void)
{
	return natt_ike;
}

/* ---- names --------------------------------------------------------------------- */

const char *sad_cipher_kw(enum esp_cipher c)
{
	switch (c) {
	case ESPC_DES: return "esp-des";
	case ESPC_3DES: return "esp-3des";
	case ESPC_AES128: return "esp-aes";
	case ESPC_AES192: return "esp-aes-192";
	case ESPC_AES256: return "esp-aes-256";
	}
	return "esp-null";
}

const char *sad_mac_kw(enum esp_mac m)
{
	return m == ESPA_MD5_96 ? "esp-md5-hmac" : "esp-sha-hmac";
}

/* ---- syslog ---------------------------------------------------------------------- */

static void log_sa(const struct sad_pair *sp, bool inbound, bool created)
{
	char l[16], r[16];
	plog(LOG_INFO_, created ? 602303 : 602304,
	     "IPSEC: An %s %s SA (SPI= 0x%08X) between %s and %s (user= %s) has been %s.",
	     inbound ? "inbound" : "outbound",
	     sp->prm.kind == SAD_L2L ? "LAN-to-LAN" : "remote access",
	     inbound ? sp->prm.spi_in : sp->prm.spi_out, ip4_fmt(sp->prm.local, l),
	     ip4_fmt(sp->prm.peer, r), sp->prm.user[0] ? sp->prm.user : r,
	     created ? "created" : "deleted");
}

/* ---- lifetimes -------------------------------------------------------------------- */

static void pair_timer(void *ctx);

static void arm(struct sad_pair *sp)
{
	if (sp->timer) {
		ev_timer_cancel(sp->timer);
		sp->timer = NULL;
	}
	uint64_t due = !sp->soft_done && sp->soft_ms ? sp->soft_ms : sp->hard_ms;
	if (!due)
		return;
	uint64_t now = sad_now_ms();
	sp->timer = ev_timer_add(due > now ? due - now : 0, pair_timer, sp);
}

static void hard_expire(struct sad_pair *sp)
{
	uint32_t id = sp->id;
	sp->dying = true;
	if (hooks.hard_expire)
		hooks.hard_expire(id);
	/* the hook may have deleted it already (IKE's delete path) */
	if (sad_pair(id))
		sad_del(id, "lifetime expired");
}

static void soft_expire(struct sad_pair *sp)
{
	sp->soft_done = true;
	ipsec_dbg(1, "IPSEC: Soft lifetime of SA SPI 0x%08X expired, requesting rekey",
		  sp->prm.spi_out);
	if (hooks.soft_expire)
		hooks.soft_expire(sp->id); /* may add a pair: sp stays valid */
}

/* Returns false when the pair was deleted. */
static bool time_check(struct sad_pair *sp)
{
	uint64_t now = sad_now_ms();
	uint32_t id = sp->id;
	if (sp->hard_ms && now >= sp->hard_ms && !sp->dying) {
		hard_expire(sp);
		return false;
	}
	if (!sp->soft_done && sp->soft_ms && now >= sp->soft_ms) {
		soft_expire(sp);
		if (!(sp = sad_pair(id)))
			return false;
	}
	arm(sp);
	return true;
}

static void pair_timer(void *ctx)
{
	struct sad_pair *sp = ctx;
	sp->timer = NULL; /* the loop freed the handle */
	if (test_clock)
		return; /* a test drives lifetimes with sad_tick() */
	time_check(sp);
}

void sad_tick(void)
{
	for (size_t i = 0; i < norder; i++)
		if (order[i])
			time_check(order[i]);
}

bool sad_account(struct sad_pair *sp)
{
	if (!sp->hard_bytes || sp->dying)
		return true;
	uint64_t b = sp->in->st.bytes_in > sp->out->st.bytes_out ? sp->in->st.bytes_in
								   : sp->out->st.bytes_out;
	if (b >= sp->hard_bytes) {
		hard_expire(sp);
		return false;
	}
	if (!sp->soft_done && b >= sp->soft_bytes) {
		uint32_t id = sp->id;
		soft_expire(sp);
		return sad_pair(id) != NULL;
	}
	return true;
}

unsigned long sad_remaining_sec(const struct sad_pair *sp)
{
	if (!sp->hard_ms)
		return 0;
	uint64_t now = sad_now_ms();
	return sp->hard_ms > now ? (unsigned long)((sp->hard_ms - now + 999) / 1000) : 0;
}

unsigned long sad_remaining_kb(const struct sad_pair *sp, bool outbound)
{
	if (!sp->hard_bytes)
		return 0;
	uint64_t b = outbound ? sp->out->st.bytes_out : sp->in->st.bytes_in;
	return b >= sp->hard_bytes ? 0 : (unsigned long)((sp->hard_bytes - b) / 1024);
}

/* ---- add / delete ------------------------------------------------------------------ */

static struct esp_sa *sa_new(uint32_t spi, enum esp_dir dir, const struct sad_params *p,
			     const uint8_t *key)
{
	size_t ek = esp_cipher_keylen(p->cipher), ak = esp_auth_keylen(p->mac);
	if (!ek || !ak || ek + ak > SAD_KEY_MAX)
		return NULL;
	return esp_sa_new(spi, dir, p->cipher, key, ek, p->mac, key + ek, ak);
}

static void order_push(struct sad_pair *sp)
{
	if (nholes > 64 && nholes > norder / 2) { /* compact */
		size_t o = 0;
		for (size_t i = 0; i < norder; i++)
			if (order[i]) {
				order[o] = order[i];
				order[o]->slot = o;
				o++;
			}
		norder = o;
		nholes = 0;
	}
	if (norder == caporder) {
		caporder = caporder ? caporder * 2 : 16;
		order = xrealloc(order, caporder * sizeof *order);
	}
	sp->slot = norder;
	order[norder++] = sp;
}

int sad_add(const struct sad_params *p, uint32_t *id)
{
	if (!p || p->spi_in < 256 || !p->spi_out)
		return -EINVAL;
	if (u64map_get(&by_spi_in, p->spi_in))
		return -EEXIST;
	struct esp_sa *in = sa_new(p->spi_in, ESP_IN, p, p->key_in);
	struct esp_sa *out = in ? sa_new(p->spi_out, ESP_OUT, p, p->key_out) : NULL;
	if (!out) {
		esp_sa_free(in);
		return -EINVAL;
	}
	struct sad_pair *sp = xcalloc(1, sizeof *sp);
	sp->id = next_id++;
	if (!next_id)
		next_id = 1; /* 2^32 pairs later: ids are still unique among live ones */
	sp->prm = *p;
	OPENSSL_cleanse(sp->prm.key_in, sizeof sp->prm.key_in);
	OPENSSL_cleanse(sp->prm.key_out, sizeof sp->prm.key_out);
	sp->prm.ifname[SAD_NAME_MAX - 1] = sp->prm.map[SAD_NAME_MAX - 1] = 0;
	sp->prm.group[SAD_NAME_MAX - 1] = sp->prm.user[SAD_NAME_MAX - 1] = 0;
	sp->in = in;
	sp->out = out;
	sp->t0_ms = sad_now_ms();
	if (p->life_sec) {
		sp->hard_ms = sp->t0_ms + (uint64_t)p->life_sec * 1000;
		sp->soft_ms = sp->t0_ms + (uint64_t)p->life_sec * 10 * SOFT_PCT;
	}
	if (p->life_kb) {
		sp->hard_bytes = (uint64_t)p->life_kb * 1024;
		sp->soft_bytes = sp->hard_bytes / 100 * SOFT_PCT;
	}
	u64map_put(&by_id, sp->id, sp);
	u64map_put(&by_spi_in, p->spi_in, sp);
	if (!u64map_get(&by_spi_out, p->spi_out))
		u64map_put(&by_spi_out, p->spi_out, sp);
	u64map_del(&reserved, p->spi_in);
	host_link(sp);
	order_push(sp);
	npairs++;
	arm(sp);
	ipsec_debug_sa_created(sp);
	log_sa(sp, true, true);
	log_sa(sp, false, true);
	*id = sp->id;
	return 0;
}

bool sad_del(uint32_t id, const char *reason)
{
	struct sad_pair *sp = sad_pair(id);
	if (!sp)
		return false;
	if (sp->timer)
		ev_timer_cancel(sp->timer);
	sp->timer = NULL;
	u64map_del(&by_id, id);
	u64map_del(&by_spi_in, sp->prm.spi_in);
	if (u64map_get(&by_spi_out, sp->prm.spi_out) == sp)
		u64map_del(&by_spi_out, sp->prm.spi_out);
	host_unlink(sp);
	order[sp->slot] = NULL;
	nholes++;
	npairs--;
	if (!npairs) { /* start the vector over */
		norder = nholes = 0;
	}
	ipsec_dbg(1, "IPSEC: Deleted SA pair, inbound SPI 0x%08X, outbound SPI 0x%08X (%s)",
		  sp->prm.spi_in, sp->prm.spi_out, reason ? reason : "");
	log_sa(sp, true, false);
	log_sa(sp, false, false);
	esp_sa_free(sp->in); /* wipes the keys */
	esp_sa_free(sp->out);
	OPENSSL_clear_free(sp, sizeof *sp);
	return true;
}

/* Delete every pair a predicate selects (ids collected first: deleting
 * changes the tables). */
static size_t del_where(bool (*pred)(const struct sad_pair *, uint32_t), uint32_t arg,
			const char *reason)
{
	size_t n = 0, cap = npairs;
	uint32_t *ids = xcalloc(cap ? cap : 1, sizeof *ids);
	for (size_t i = 0; i < norder && n < cap; i++)
		if (order[i] && pred(order[i], arg))
			ids[n++] = order[i]->id;
	size_t done = 0;
	for (size_t i = 0; i < n; i++)
		done += sad_del(ids[i], reason);
	free(ids);
	return done;
}

static bool is_peer(const struct sad_pair *sp, uint32_t peer)
{
	return sp->prm.peer == peer;
}

static bool is_ike(const struct sad_pair *sp, uint32_t ike)
{
	return sp->prm.ike_id == ike;
}

static bool any(const struct sad_pair *sp, uint32_t x)
{
	(void)sp;
	(void)x;
	return true;
}

size_t sad_del_peer(uint32_t peer)
{
	return del_where(is_peer, peer, "clear peer");
}

size_t sad_del_ike(uint32_t ike_id)
{
	return del_where(is_ike, ike_id, "IKE SA gone");
}

void sad_del_all(void)
{
	del_where(any, 0, "clear all");
	u64map_clear(&reserved);
}
