/*
 * ike_core.c — IKE contexts, the SA table, message dispatch, sending with
 * retransmission and bounded backoff, and SA teardown.
 *
 * Dispatch is by exchange type and state (see ike_mm.c's table): a message
 * for an SA in the wrong state is dropped, a byte-identical copy of the last
 * message received makes us resend our last reply (peer's retransmission).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "vpn/crypto_conf.h"
#include "vpn/ike/ike_int.h"

struct ike_ctx *ike_ctx_new(const struct ike_io *io)
{
	struct ike_ctx *c = xcalloc(1, sizeof *c);
	c->io = *io;
	c->next_id = 1;
	return c;
}

void ike_ctx_free(struct ike_ctx *c)
{
	if (!c)
		return;
	while (c->sas)
		ike_sa_free(c->sas, true);
	free(c);
}

size_t ike_sa_count(const struct ike_ctx *c)
{
	return c->nsas;
}

size_t ike_sa_active_count(const struct ike_ctx *c)
{
	size_t n = 0;
	for (const struct ike_sa *s = c->sas; s; s = s->next)
		n += s->st == MM_ACTIVE;
	return n;
}

void ike_random(uint8_t *buf, size_t len)
{
	if (RAND_bytes(buf, (int)len) != 1) {
		/* never expected; keep going with something unpredictable-ish
		 * rather than zeros */
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rand();
	}
}

/* FNV-1a: only to recognise a retransmitted copy of the last message. */
uint64_t ike_msg_hash(const uint8_t *buf, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ buf[i]) * 1099511628211ull;
	return h ^ len;
}

static size_t bucket(const uint8_t ci[8])
{
	uint64_t v;
	memcpy(&v, ci, 8);
	v *= 0x9e3779b97f4a7c15ull;
	return (size_t)(v >> 52) % IKE_HASH_BUCKETS;
}

static void hash_del(struct ike_sa *sa)
{
	for (struct ike_sa **pp = &sa->ctx->hash[bucket(sa->ci)]; *pp; pp = &(*pp)->hnext)
		if (*pp == sa) {
			*pp = sa->hnext;
			return;
		}
}

/* The initiator cookie is known from the start (ours, or the peer's in
 * its message 1); callers set sa->ci before this. */
void ike_sa_hash(struct ike_sa *sa)
{
	size_t b = bucket(sa->ci);
	sa->hnext = sa->ctx->hash[b];
	sa->ctx->hash[b] = sa;
}

struct ike_sa *ike_sa_new(struct ike_ctx *c, bool initiator, uint32_t local, uint16_t lport,
			  uint32_t peer, uint16_t pport)
{
	struct ike_sa *sa = xcalloc(1, sizeof *sa);
	sa->ctx = c;
	/* one id space for every context: the SAD is shared and knows
	 * pairs by the id of the IKE SA that made them */
	static uint32_t next_id = 1;
	sa->id = next_id++;
	if (!next_id)
		next_id = 1;
	sa->initiator = initiator;
	sa->local = local;
	sa->lport = lport;
	sa->peer = peer;
	sa->pport = pport;
	sa->natt_float = lport == 4500;
	sa->tx.sa = sa;
	sa->last_rx_ms = ev_now_ms();
	ike_ifname_for(local, sa->ifname, sizeof sa->ifname);
	sa->neg = xcalloc(1, sizeof *sa->neg);
	sa->next = c->sas;
	c->sas = sa;
	c->nsas++;
	return sa;
}

void ike_mm_neg_free(struct ike_sa *sa)
{
	struct ike_mm_neg *n = sa->neg;
	if (!n)
		return;
	ike_dh_free(n->dh);
	free(n->sai_b);
	OPENSSL_cleanse(n, sizeof *n);
	free(n);
	sa->neg = NULL;
}

void ike_tx_clear(struct ike_tx *tx)
{
	if (tx->timer)
		ev_timer_cancel(tx->timer);
	tx->timer = NULL;
	free(tx->buf);
	tx->buf = NULL;
	tx->len = 0;
	tx->tries = 0;
}

static void cancel(struct ev_timer **t)
{
	if (*t)
		ev_timer_cancel(*t);
	*t = NULL;
}

void ike_sa_free(struct ike_sa *sa, bool drop_pairs)
{
	struct ike_ctx *c = sa->ctx;
	/* every SA ends here: a tunnel that was up, or a failed attempt */
	if (sa->was_up)
		c->stats.prev_tunnels++;
	else if (sa->initiator)
		c->stats.init_fails++;
	else
		c->stats.resp_fails++;
	hash_del(sa);
	for (struct ike_sa **pp = &c->sas; *pp; pp = &(*pp)->next)
		if (*pp == sa) {
			*pp = sa->next;
			c->nsas--;
			break;
		}
	while (sa->qms) {
		struct ike_qm *q = sa->qms;
		sa->qms = q->next;
		q->next = NULL;
		q->sa = NULL;
		ike_qm_free(q);
	}
	if (drop_pairs && sa->keyed)
		sad_del_ike(sa->id);
	ike_tx_clear(&sa->tx);
	cancel(&sa->life_timer);
	cancel(&sa->dpd_timer);
	cancel(&sa->nat_ka_timer);
	ike_mm_neg_free(sa);
	ike_keys_wipe(&sa->keys);
	free(sa);
}

static void kill_cb(void *arg)
{
	struct ike_sa *sa = arg;
	sa->life_timer = NULL;
	ike_sa_free(sa, false);
}

/* Free on the next loop turn (we may be deep inside its own handler). */
void ike_sa_kill_later(struct ike_sa *sa)
{
	sa->st = MM_DEAD;
	cancel(&sa->life_timer);
	cancel(&sa->dpd_timer);
	cancel(&sa->nat_ka_timer);
	ike_tx_clear(&sa->tx);
	sa->life_timer = ev_timer_add(0, kill_cb, sa);
}

struct ike_sa *ike_sa_by_cookies(struct ike_ctx *c, const uint8_t ci[8], const uint8_t cr[8])
{
	for (struct ike_sa *s = c->hash[bucket(ci)]; s; s = s->hnext)
		if (memcmp(s->ci, ci, 8) == 0 && memcmp(s->cr, cr, 8) == 0)
			return s;
	return NULL;
}

struct ike_sa *ike_sa_by_icookie(struct ike_ctx *c, const uint8_t ci[8], uint32_t peer)
{
	for (struct ike_sa *s = c->hash[bucket(ci)]; s; s = s->hnext)
		if (memcmp(s->ci, ci, 8) == 0 && (!peer || s->peer == peer))
			return s;
	return NULL;
}

bool ike_same_peer(const struct ike_sa *a, const struct ike_sa *b)
{
	if (a->peer != b->peer)
		return false;
	bool nat = a->nat_there || b->nat_there;
	return !nat || a->pport == b->pport;
}

struct ike_sa *ike_sa_active_to(struct ike_ctx *c, uint32_t peer)
{
	for (struct ike_sa *s = c->sas; s; s = s->next)
		if (s->peer == peer && s->st == MM_ACTIVE && !s->rekeying)
			return s;
	return NULL;
}

/* ---- sending --------------------------------------------------------------- */

void ike_send_raw(struct ike_sa *sa, const uint8_t *buf, size_t len)
{
	struct ike_ctx *c = sa->ctx;
	if (!c->io.send) {
		c->stats.out_drop++;
		return;
	}
	c->stats.out_pkts++;
	c->stats.out_octets += len;
	if (sa->natt_float) {
		uint8_t *b = xmalloc(len + 4);
		memset(b, 0, 4); /* non-ESP marker (RFC 3948 2.2) */
		memcpy(b + 4, buf, len);
		c->io.send(c->io.arg, sa->local, sa->lport, sa->peer, sa->pport, b, len + 4);
		free(b);
	} else {
		c->io.send(c->io.arg, sa->local, sa->lport, sa->peer, sa->pport, buf, len);
	}
}

unsigned ike_retx_first_ms = IKE_RETX_FIRST_MS;

static void retx_cb(void *arg)
{
	struct ike_tx *tx = arg;
	tx->timer = NULL;
	struct ike_sa *sa = tx->sa;
	if (tx->tries >= IKE_RETX_MAX) {
		if (tx->qm) {
			ike_log(LOG_DEBUG_, 713906, sa, 0,
				"QM FSM error (P2 struct &%p, mess id 0x%x)!  Retransmission limit reached",
				(void *)tx->qm, (unsigned)tx->qm->msgid);
			ike_qm_free(tx->qm);
		} else {
			ike_log(LOG_DEBUG_, 713906, sa, 0,
				"IKE MM %s WSF: retransmission limit reached, SA removed",
				sa->initiator ? "Initiator" : "Responder");
			ike_ev(sa, 0, "Removing peer from correlator table: retransmissions exhausted");
			ike_sa_free(sa, true);
		}
		return;
	}
	tx->tries++;
	ike_dbg(sa, 0, "IKE %s retransmitting message, attempt %u", tx->qm ? "QM" : "MM",
		tx->tries);
	ike_send_raw(sa, tx->buf, tx->len);
	/* bounded exponential backoff: 2, 4, 8, 16 s */
	tx->timer = ev_timer_add((uint64_t)ike_retx_first_ms << tx->tries, retx_cb, tx);
}

void ike_tx_set(struct ike_sa *sa, struct ike_tx *tx, const uint8_t *buf, size_t len,
		bool expect_reply)
{
	(void)sa;
	ike_tx_clear(tx);
	tx->buf = xmalloc(len);
	memcpy(tx->buf, buf, len);
	tx->len = len;
	if (expect_reply)
		tx->timer = ev_timer_add(ike_retx_first_ms, retx_cb, tx);
}

bool ike_build_send(struct ike_sa *sa, struct isakmp_msg *m, uint8_t *iv, struct ike_tx *tx,
		    bool expect_reply)
{
	return ike_build_send_p(sa, m, iv, tx, expect_reply, NULL, NULL);
}

static bool build_send(struct ike_sa *sa, struct isakmp_msg *m, uint8_t *iv, struct ike_tx *tx,
		       bool expect_reply, ike_patch_fn patch, void *arg);

bool ike_build_send_p(struct ike_sa *sa, struct isakmp_msg *m, uint8_t *iv, struct ike_tx *tx,
		      bool expect_reply, ike_patch_fn patch, void *arg)
{
	if (build_send(sa, m, iv, tx, expect_reply, patch, arg))
		return true;
	sa->ctx->stats.out_drop++; /* could not be built or encrypted */
	return false;
}

static bool build_send(struct ike_sa *sa, struct isakmp_msg *m, uint8_t *iv, struct ike_tx *tx,
		       bool expect_reply, ike_patch_fn patch, void *arg)
{
	memcpy(m->hdr.icookie, sa->ci, 8);
	memcpy(m->hdr.rcookie, sa->cr, 8);
	uint8_t body[IKE_MSG_MAX];
	uint8_t out[IKE_MSG_MAX + ISAKMP_HDR_LEN + IKE_BLOCK_MAX];
	size_t olen = 0;
	if (iv) {
		size_t blen;
		if (isakmp_build_body(m, body, sizeof body - IKE_BLOCK_MAX, &blen) != ISAKMP_OK)
			return false;
		if (patch && !patch(arg, body, blen))
			return false;
		size_t bs = sa->keys.block;
		size_t pad = (bs - blen % bs) % bs;
		memset(body + blen, 0, pad);
		blen += pad;
		if (!ike_encrypt(sa->keys.cipher, sa->keys.enc_key, sa->keys.enc_key_len, iv, body,
				 blen))
			return false;
		m->hdr.flags |= ISAKMP_FLAG_ENC;
		m->cipher = (struct isakmp_span){body, blen};
	}
	if (isakmp_build(m, out, sizeof out, &olen) != ISAKMP_OK)
		return false;
	m->hdr.length = (uint32_t)olen;
	ike_dbg_decode(sa->peer, true, m);
	ike_send_raw(sa, out, olen);
	if (tx)
		ike_tx_set(sa, tx, out, olen, expect_reply);
	OPENSSL_cleanse(body, sizeof body);
	return true;
}

/* ---- input ------------------------------------------------------------------ */

static bool is_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* An unprotected notify before keys exist: the answer to our message 1
 * (NO-PROPOSAL-CHOSEN) ends our attempt; anything else is only logged. */
static void clear_notify(struct ike_ctx *c, const struct isakmp_msg *m, uint32_t src)
{
	struct ike_sa *sa = ike_sa_by_icookie(c, m->hdr.icookie, src);
	for (unsigned i = 0; i < m->npl; i++) {
		if (m->pl[i].type != ISAKMP_PL_N)
			continue;
		c->stats.in_notify++;
		unsigned type = m->pl[i].u.n.type;
		ike_ev(sa, src, "Received unencrypted notify type %u", type);
		if (sa && sa->initiator && sa->st == MM_WAIT_MSG2 && type == 14) {
			ike_log(LOG_NOTICE_, 713904, sa, 0,
				"Received NO-PROPOSAL-CHOSEN notify from peer, removing SA");
			ike_sa_free(sa, false);
			return;
		}
	}
}

/* A protected message we cannot process: no SA for its cookies, or one
 * not (yet) able to take it. */
static void no_sa(struct ike_ctx *c, const struct ike_sa *sa)
{
	c->stats.in_drop++;
	if (!sa)
		c->stats.no_sa_fails++;
}

void ike_input(struct ike_ctx *c, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
	       bool natt, const uint8_t *msg, size_t len)
{
	if (len == 1 && msg[0] == 0xff)
		return; /* NAT keepalive */
	char ifname[IKE_NAME_MAX];
	ike_ifname_for(dst, ifname, sizeof ifname);
	if (!ifname[0] || !isakmp_enabled_on(ifname))
		return; /* `crypto isakmp enable IF` missing: the port is closed */
	c->stats.in_pkts++;
	c->stats.in_octets += len;
	struct isakmp_msg *m = xmalloc(sizeof *m);
	enum isakmp_err e = isakmp_parse(m, msg, len);
	if (e != ISAKMP_OK) {
		c->stats.in_drop++;
		char ip[16];
		ip4_fmt(src, ip);
		ike_log(LOG_DEBUG_, 713906, NULL, src, "Received an un-decodable ISAKMP message (%s)",
			isakmp_strerror(e));
		free(m);
		return;
	}
	if (!(m->hdr.flags & ISAKMP_FLAG_ENC))
		ike_dbg_decode(src, false, m);
	struct ike_sa *sa;
	if (is_zero(m->hdr.rcookie, 8))
		sa = ike_sa_by_icookie(c, m->hdr.icookie, src);
	else
		sa = ike_sa_by_cookies(c, m->hdr.icookie, m->hdr.rcookie);
	if (sa && sa->st == MM_DEAD)
		sa = NULL;
	if (sa && (sa->peer != src || sa->pport != sport) &&
	    !(sa->natt != NATT_NONE && natt)) {
		/* only a NAT-T peer may move (to 4500, or its NAT mapping
		 * changed); it is followed once the message authenticates */
		c->stats.in_drop++;
		free(m);
		return;
	}
	c->rx_src = src;
	c->rx_sport = sport;
	c->rx_dport = dport;
	c->rx_natt = natt;
	switch (m->hdr.exchange) {
	case ISAKMP_EXCH_IDPROT:
		ike_mm_input(c, sa, m, msg, len, src, sport, dst, dport, natt);
		break;
	case ISAKMP_EXCH_QUICK:
		if (sa && sa->st == MM_ACTIVE)
			ike_qm_input(sa, m);
		else
			no_sa(c, sa);
		break;
	case ISAKMP_EXCH_INFO:
		if (sa && sa->keyed)
			ike_info_input(sa, m);
		else if (!(m->hdr.flags & ISAKMP_FLAG_ENC))
			clear_notify(c, m, src);
		else
			no_sa(c, sa);
		break;
	default:
		c->stats.in_drop++;
		ike_ev(sa, src, "Received unsupported exchange type %u, message dropped",
		       m->hdr.exchange);
		break;
	}
	free(m);
}

void ike_sa_learn_addr(struct ike_sa *sa)
{
	struct ike_ctx *c = sa->ctx;
	if (!c->rx_src || (c->rx_src == sa->peer && c->rx_sport == sa->pport))
		return;
	if (sa->natt == NATT_NONE || !c->rx_natt)
		return;
	sa->peer = c->rx_src;
	sa->pport = c->rx_sport;
	sa->lport = c->rx_dport;
	sa->natt_float = true;
}

/* ---- phase 1 up ------------------------------------------------------------ */

static void life_cb(void *arg);

static void rekey_cb(void *arg)
{
	struct ike_sa *sa = arg;
	sa->life_timer = NULL;
	if (sa->initiator) {
		/* a new phase 1 now; this one stays until its lifetime ends */
		struct ike_sa *n = ike_mm_start(sa->ctx, sa->local, sa->peer);
		if (n)
			sa->rekeying = true;
	}
	uint64_t rest = sa->p1.life_sec * 1000ull / 4;
	sa->life_timer = ev_timer_add(rest, life_cb, sa);
}

static void life_cb(void *arg)
{
	struct ike_sa *sa = arg;
	sa->life_timer = NULL;
	ike_dbg(sa, 0, "IKE SA lifetime expired, deleting it");
	ike_send_delete_isakmp(sa);
	/* the IPsec pairs live on with their own lifetimes */
	ike_sa_free(sa, false);
}

void ike_p1_done(struct ike_sa *sa)
{
	sa->st = MM_ACTIVE;
	sa->was_up = true;
	sa->born_ms = ev_now_ms();
	ike_ev(sa, 0, "PHASE 1 COMPLETED");
	ike_log(LOG_NOTICE_, 713119, sa, 0, "PHASE 1 COMPLETED");
	ike_mm_neg_free(sa);
	if (sa->p1.life_sec) {
		unsigned long r = sa->p1.life_sec - sa->p1.life_sec / 4;
		ike_dbg(sa, 0, "Starting P1 rekey timer: %lu seconds.", r);
		sa->life_timer = ev_timer_add(r * 1000ull, rekey_cb, sa);
	}
	/* a rekey replaces the older SA to the same peer */
	for (struct ike_sa *o = sa->ctx->sas; o; o = o->next)
		if (o != sa && ike_same_peer(o, sa) && o->st == MM_ACTIVE)
			o->rekeying = true;
	ike_dpd_start(sa);
	ike_natka_start(sa);
	if (sa->want_qm) {
		sa->want_qm = false;
		ike_qm_start(sa, sa->want_map, sa->want_seq, &sa->want_local, &sa->want_remote, 0);
	}
}

/* ---- initiating ------------------------------------------------------------ */

int ike_initiate(struct ike_ctx *c, uint32_t local, uint32_t peer, const char *map,
		 unsigned long seq, const struct ipsec_sel *local_id,
		 const struct ipsec_sel *remote_id)
{
	struct cmap *cm = cmap_find(&crypto_conf()->maps, map);
	struct cmap_entry *e = cm ? cmap_entry_find(cm, seq) : NULL;
	if (!e || e->dynamic || !e->tsets.n)
		return -EINVAL;
	struct ike_sa *sa = ike_sa_active_to(c, peer);
	if (sa)
		return ike_qm_start(sa, map, seq, local_id, remote_id, 0);
	/* phase 1 already on its way: let it carry this request too */
	for (struct ike_sa *s = c->sas; s; s = s->next)
		if (s->peer == peer && s->initiator && s->st != MM_DEAD && s->st != MM_ACTIVE)
			return s->want_qm ? -EBUSY : 0;
	sa = ike_mm_start(c, local, peer);
	if (!sa)
		return -EINVAL;
	char ip[16], lip[16], rip[16];
	ike_log(LOG_NOTICE_, 713041, NULL, peer,
		"IKE Initiator: New Phase 1, Intf %s, IKE Peer %s  local Proxy Address %s, remote Proxy Address %s,  Crypto map (%s)",
		sa->ifname, ip4_fmt(peer, ip), ip4_fmt(local_id->addr, lip),
		ip4_fmt(remote_id->addr, rip), map);
	sa->want_qm = true;
	snprintf(sa->want_map, sizeof sa->want_map, "%s", map);
	sa->want_seq = seq;
	sa->want_local = *local_id;
	sa->want_remote = *remote_id;
	return 0;
}

size_t ike_chain_len(const uint8_t *p, size_t len, uint8_t first)
{
	size_t off = 0;
	uint8_t next = first;
	while (next != ISAKMP_PL_NONE && len - off >= 4) {
		size_t plen = (size_t)p[off + 2] << 8 | p[off + 3];
		if (plen < 4 || plen > len - off)
			return off;
		next = p[off];
		off += plen;
	}
	return off;
}
