/*
 * ike_mm.c — main mode (RFC 2409 5, pre-shared key), both roles.
 *
 *   initiator                        responder
 *   1 HDR, SA, VID...          ->                      (MM_NO_STATE)
 *                              <-  2 HDR, SA, VID...   (MM_WAIT_MSG3)
 *   3 HDR, KE, Ni, NAT-D x2    ->      (MM_WAIT_MSG2 -> MM_WAIT_MSG4)
 *                              <-  4 HDR, KE, Nr, NAT-D x2, VID... (MM_WAIT_MSG5)
 *   5 HDR*, IDii, HASH_I [N]   ->      (MM_WAIT_MSG4 -> MM_WAIT_MSG6)
 *                              <-  6 HDR*, IDir, HASH_R, VID  (MM_ACTIVE)
 *   (MM_WAIT_MSG6 -> MM_ACTIVE)
 *
 * The state table below maps (state, role) to the handler of the message
 * expected there; anything else is dropped.  NAT-T (RFC 3947 and drafts
 * 02/03): vendor IDs in 1/2, NAT-D in 3/4, the initiator moves to port
 * 4500 for 5 when a NAT was detected, the responder follows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "lib/log.h"
#include "lib/xalloc.h"
#include "vpn/crypto_conf.h"
#include "vpn/ike/ike_int.h"

#define ID_IPV4_ADDR 1
#define N_INVALID_PAYLOAD_TYPE 1
#define N_NO_PROPOSAL_CHOSEN 14
#define N_INITIAL_CONTACT 24578

struct mm_rx {
	struct ike_ctx *c;
	struct ike_sa *sa;
	struct isakmp_msg *m;
	const uint8_t *raw;
	size_t len;
	uint32_t src, dst;
	uint16_t sport, dport;
	bool natt;
};

/* Body (after the generic header) of the n-th payload of `type` in a
 * payload chain starting with `first`. */
static bool raw_body(const uint8_t *p, size_t len, uint8_t first, uint8_t type, unsigned n,
		     struct ike_buf *out)
{
	uint8_t next = first;
	while (next != ISAKMP_PL_NONE && len >= 4) {
		size_t plen = (size_t)p[2] << 8 | p[3];
		if (plen < 4 || plen > len)
			return false;
		if (next == type && n-- == 0) {
			*out = (struct ike_buf){p + 4, plen - 4};
			return true;
		}
		next = p[0];
		p += plen;
		len -= plen;
	}
	return false;
}

static const struct isakmp_payload *find_pl(const struct isakmp_msg *m, uint8_t type, unsigned n)
{
	for (unsigned i = 0; i < m->npl; i++)
		if (m->pl[i].type == type && n-- == 0)
			return &m->pl[i];
	return NULL;
}

bool ike_decrypt_msg(struct ike_sa *sa, struct isakmp_msg *m, uint8_t *iv, uint8_t *plain,
		     size_t cap)
{
	size_t n = m->cipher.len;
	if (!sa->keyed || n == 0 || n > cap || n % sa->keys.block)
		return false;
	memcpy(plain, m->cipher.p, n);
	if (!ike_decrypt(sa->keys.cipher, sa->keys.enc_key, sa->keys.enc_key_len, iv, plain, n))
		return false;
	if (isakmp_parse_body(m, plain, n) != ISAKMP_OK)
		return false;
	ike_dbg_decode(sa->peer, false, m);
	return true;
}

static bool natt_enabled(void)
{
	return crypto_conf()->isakmp.natt;
}

static void add_natt_vids(struct isakmp_msg *m)
{
	ike_vid_add(m, VID_NATT_RFC);
	ike_vid_add(m, VID_NATT_03);
	ike_vid_add(m, VID_NATT_02N);
	ike_vid_add(m, VID_NATT_02);
}

static void pick_natt(struct ike_sa *sa)
{
	sa->natt = NATT_NONE;
	if (!natt_enabled())
		return;
	if (sa->peer_natt_rfc)
		sa->natt = NATT_RFC;
	else if (sa->peer_natt_03)
		sa->natt = NATT_DRAFT03;
	else if (sa->peer_natt_02)
		sa->natt = NATT_DRAFT02;
}

static enum ike_vid natt_vid(const struct ike_sa *sa)
{
	return sa->natt == NATT_RFC ? VID_NATT_RFC : sa->natt == NATT_DRAFT03 ? VID_NATT_03
										: VID_NATT_02N;
}

/* NAT-D for one address/port (network order inside the hash). */
static bool natd(const struct ike_sa *sa, uint32_t ip, uint16_t port, uint8_t *out)
{
	uint8_t a[4] = {(uint8_t)(ip >> 24), (uint8_t)(ip >> 16), (uint8_t)(ip >> 8), (uint8_t)ip};
	uint8_t p[2] = {(uint8_t)(port >> 8), (uint8_t)port};
	return ike_natd(sa->p1.hash, sa->ci, sa->cr, a, p, out);
}

/* Our two NAT-D payloads: the peer's address first, then ours. */
static void add_natd(struct ike_sa *sa, struct isakmp_msg *m, uint8_t h[2][IKE_HASH_MAX])
{
	size_t hl = ike_hash_len(sa->p1.hash);
	ike_dbg(sa, 0, "computing NAT Discovery hash");
	natd(sa, sa->peer, sa->pport, h[0]);
	natd(sa, sa->local, sa->lport, h[1]);
	for (int i = 0; i < 2; i++) {
		struct isakmp_payload *pl = isakmp_add_payload(m, ike_natd_type(sa));
		if (pl)
			pl->u.data = (struct isakmp_span){h[i], hl};
	}
}

/* The peer's NAT-D payloads: the first is our address as it saw it, the
 * others its own. */
static void check_natd(struct ike_sa *sa, const struct isakmp_msg *m, uint32_t src,
		       uint16_t sport, uint32_t dst, uint16_t dport)
{
	if (sa->natt == NATT_NONE)
		return;
	uint8_t t = ike_natd_type(sa);
	const struct isakmp_payload *first = find_pl(m, t, 0);
	if (!first) {
		/* no NAT-D although announced: assume no NAT */
		return;
	}
	size_t hl = ike_hash_len(sa->p1.hash);
	uint8_t me[IKE_HASH_MAX], him[IKE_HASH_MAX];
	natd(sa, dst, dport, me);
	natd(sa, src, sport, him);
	sa->nat_here = !(first->u.data.len == hl && memcmp(first->u.data.p, me, hl) == 0);
	sa->nat_there = true;
	for (unsigned i = 1;; i++) {
		const struct isakmp_payload *pl = find_pl(m, t, i);
		if (!pl)
			break;
		if (pl->u.data.len == hl && memcmp(pl->u.data.p, him, hl) == 0)
			sa->nat_there = false;
	}
	ike_dbg(sa, 0, "processing NAT-Discovery payload");
	ike_log(LOG_INFO_, 713172, sa, 0,
		"Automatic NAT Detection Status:     Remote end %s behind a NAT device     This   end %s behind a NAT device",
		sa->nat_there ? "  IS  " : "is NOT", sa->nat_here ? "  IS  " : "is NOT");
}

static void add_id(struct ike_sa *sa, struct isakmp_msg *m, uint8_t addr[4])
{
	ike_dbg(sa, 0, "constructing ID payload");
	struct isakmp_payload *pl = isakmp_add_payload(m, ISAKMP_PL_ID);
	if (!pl)
		return;
	addr[0] = (uint8_t)(sa->local >> 24);
	addr[1] = (uint8_t)(sa->local >> 16);
	addr[2] = (uint8_t)(sa->local >> 8);
	addr[3] = (uint8_t)sa->local;
	pl->u.id.type = ID_IPV4_ADDR;
	pl->u.id.protocol = 17;
	pl->u.id.port = 500;
	pl->u.id.data = (struct isakmp_span){addr, 4};
}

static bool add_nonce_ke(struct ike_sa *sa, struct isakmp_msg *m)
{
	uint8_t *mine = sa->initiator ? sa->neg->gxi : sa->neg->gxr;
	uint8_t *nonce = sa->initiator ? sa->neg->ni : sa->neg->nr;
	size_t *nlen = sa->initiator ? &sa->neg->nilen : &sa->neg->nrlen;
	if (!sa->neg->dh)
		sa->neg->dh = ike_dh_new(sa->p1.group);
	if (!sa->neg->dh)
		return false;
	sa->neg->dhlen = ike_dh_len(sa->neg->dh);
	if (!ike_dh_public(sa->neg->dh, mine))
		return false;
	ike_random(nonce, IKE_NONCE_LEN);
	*nlen = IKE_NONCE_LEN;
	ike_dbg(sa, 0, "constructing ke payload");
	struct isakmp_payload *ke = isakmp_add_payload(m, ISAKMP_PL_KE);
	ike_dbg(sa, 0, "constructing nonce payload");
	struct isakmp_payload *no = isakmp_add_payload(m, ISAKMP_PL_NONCE);
	if (!ke || !no)
		return false;
	ke->u.data = (struct isakmp_span){mine, sa->neg->dhlen};
	no->u.data = (struct isakmp_span){nonce, *nlen};
	return true;
}

/* Take the peer's KE and nonce (message 3 or 4). */
static bool take_ke_nonce(struct ike_sa *sa, const struct isakmp_msg *m)
{
	const struct isakmp_payload *ke = find_pl(m, ISAKMP_PL_KE, 0);
	const struct isakmp_payload *no = find_pl(m, ISAKMP_PL_NONCE, 0);
	if (!ke || !no)
		return false;
	ike_dbg(sa, 0, "processing ke payload");
	ike_dbg(sa, 0, "processing ISA_KE payload");
	ike_dbg(sa, 0, "processing nonce payload");
	size_t dl = sa->neg->dh ? ike_dh_len(sa->neg->dh) : 0;
	if (!sa->neg->dh) {
		sa->neg->dh = ike_dh_new(sa->p1.group);
		dl = sa->neg->dh ? ike_dh_len(sa->neg->dh) : 0;
	}
	if (!dl || ke->u.data.len != dl || no->u.data.len < 8 || no->u.data.len > IKE_NONCE_MAX)
		return false;
	sa->neg->dhlen = dl;
	memcpy(sa->initiator ? sa->neg->gxr : sa->neg->gxi, ke->u.data.p, dl);
	memcpy(sa->initiator ? sa->neg->nr : sa->neg->ni, no->u.data.p, no->u.data.len);
	*(sa->initiator ? &sa->neg->nrlen : &sa->neg->nilen) = no->u.data.len;
	return true;
}

static bool derive(struct ike_sa *sa)
{
	bool l2l;
	const char *psk = ike_psk_for(sa->peer, sa->ifname, sa->group, sizeof sa->group, &l2l);
	sa->l2l = l2l;
	ike_ev(sa, 0, "Connection landed on tunnel_group %s", sa->group);
	if (!psk) {
		sa->ctx->stats.auth_fails++;
		ike_log(LOG_ERR_, 713902, sa, 0,
			"Can't find a valid tunnel group, aborting...!");
		return false;
	}
	ike_dbg(sa, 0, "Generating keys for %s...", sa->initiator ? "Initiator" : "Responder");
	uint8_t gxy[IKE_DH_MAX];
	const uint8_t *theirs = sa->initiator ? sa->neg->gxr : sa->neg->gxi;
	bool ok = ike_dh_shared(sa->neg->dh, theirs, sa->neg->dhlen, gxy) &&
		  ike_keys_derive_psk(&sa->keys, sa->p1.hash, sa->p1.cipher, sa->p1.key_bits,
				      (struct ike_buf){(const uint8_t *)psk, strlen(psk)},
				      (struct ike_buf){sa->neg->ni, sa->neg->nilen},
				      (struct ike_buf){sa->neg->nr, sa->neg->nrlen},
				      (struct ike_buf){gxy, sa->neg->dhlen},
				      (struct ike_buf){sa->neg->gxi, sa->neg->dhlen},
				      (struct ike_buf){sa->neg->gxr, sa->neg->dhlen}, sa->ci, sa->cr);
	OPENSSL_cleanse(gxy, sizeof gxy);
	sa->keyed = ok;
	return ok;
}

/* HASH_I or HASH_R over the given ID payload body. */
static bool auth_hash(struct ike_sa *sa, bool of_initiator, struct ike_buf id_b, uint8_t *out)
{
	struct ike_buf gi = {sa->neg->gxi, sa->neg->dhlen}, gr = {sa->neg->gxr, sa->neg->dhlen};
	struct ike_buf sai = {sa->neg->sai_b, sa->neg->sai_len};
	return of_initiator ? ike_hash_i(&sa->keys, gi, gr, sa->ci, sa->cr, sai, id_b, out)
			    : ike_hash_r(&sa->keys, gi, gr, sa->ci, sa->cr, sai, id_b, out);
}

/* Build ID + HASH (+ extras) for message 5 or 6, encrypted. */
static bool send_id_hash(struct ike_sa *sa, bool initial_contact)
{
	struct isakmp_msg *m = xmalloc(sizeof *m);
	isakmp_msg_init(m, ISAKMP_EXCH_IDPROT, 0);
	uint8_t addr[4], h[IKE_HASH_MAX];
	add_id(sa, m, addr);
	/* the ID payload body as it will be on the wire */
	uint8_t idb[8] = {ID_IPV4_ADDR, 17, 500 >> 8, 500 & 0xff, addr[0], addr[1], addr[2],
			  addr[3]};
	ike_dbg(sa, 0, "constructing hash payload");
	ike_dbg(sa, 0, "Computing hash for ISAKMP");
	bool ok = auth_hash(sa, sa->initiator, (struct ike_buf){idb, 8}, h);
	struct isakmp_payload *hp = isakmp_add_payload(m, ISAKMP_PL_HASH);
	if (hp)
		hp->u.data = (struct isakmp_span){h, sa->keys.hlen};
	uint8_t spi[16];
	if (initial_contact) {
		struct isakmp_payload *n = isakmp_add_payload(m, ISAKMP_PL_N);
		memcpy(spi, sa->ci, 8);
		memcpy(spi + 8, sa->cr, 8);
		if (n) {
			n->u.n.doi = ISAKMP_DOI_IPSEC;
			n->u.n.protocol = 1;
			n->u.n.type = N_INITIAL_CONTACT;
			n->u.n.spi = (struct isakmp_span){spi, 16};
		}
	}
	if (!sa->initiator) {
		ike_dbg(sa, 0, "constructing dpd vid payload");
		ike_vid_add(m, VID_DPD);
	} else {
		ike_vid_add(m, VID_DPD);
	}
	ok = ok && hp && ike_build_send(sa, m, sa->keys.iv, &sa->tx, sa->initiator);
	OPENSSL_cleanse(h, sizeof h);
	free(m);
	return ok;
}

/* Verify the peer's ID + HASH of message 5 or 6 (already decrypted). */
static bool check_id_hash(struct ike_sa *sa, const struct isakmp_msg *m, const uint8_t *plain,
			  size_t plen)
{
	struct ike_buf idb;
	const struct isakmp_payload *hp = find_pl(m, ISAKMP_PL_HASH, 0);
	if (!raw_body(plain, plen, m->hdr.next, ISAKMP_PL_ID, 0, &idb) || !hp)
		return false;
	ike_dbg(sa, 0, "processing ID payload");
	ike_dbg(sa, 0, "processing hash payload");
	ike_dbg(sa, 0, "Computing hash for ISAKMP");
	uint8_t h[IKE_HASH_MAX];
	bool ok = auth_hash(sa, !sa->initiator, idb, h) && hp->u.data.len == sa->keys.hlen &&
		  ike_hash_equal(h, hp->u.data.p, sa->keys.hlen);
	return ok;
}

/* Message 5 or 6 unreadable or its HASH wrong: with pre-shared keys,
 * both mean the keys differ, an authentication failure. */
static void fail_decrypt(struct ike_sa *sa)
{
	sa->ctx->stats.auth_fails++;
	sa->ctx->stats.decrypt_fails++;
	ike_log(LOG_ERR_, 713902, sa, 0,
		"ERROR, had problems decrypting packet, probably due to mismatched pre-shared key.  Aborting");
	ike_sa_free(sa, true);
}

static void fail_hash(struct ike_sa *sa)
{
	sa->ctx->stats.auth_fails++;
	sa->ctx->stats.hash_fails++;
	ike_log(LOG_ERR_, 713902, sa, 0, "Hash verification failed.  Aborting");
	ike_sa_free(sa, true);
}

/* ---- responder ---------------------------------------------------------- */

static void r_msg1(struct mm_rx *r)
{
	const struct isakmp_payload *sap = find_pl(r->m, ISAKMP_PL_SA, 0);
	if (!sap || r->m->hdr.msgid != 0) {
		r->c->stats.in_drop++;
		return;
	}
	struct ike_sa *sa = ike_sa_new(r->c, false, r->dst, r->dport, r->src, r->sport);
	memcpy(sa->ci, r->m->hdr.icookie, 8);
	ike_sa_hash(sa);
	ike_random(sa->cr, 8);
	sa->rx_hash = ike_msg_hash(r->raw, r->len);
	ike_dbg(sa, 0, "processing SA payload");
	struct ike_buf sab;
	if (!raw_body(r->raw + ISAKMP_HDR_LEN, r->len - ISAKMP_HDR_LEN, r->m->hdr.next,
		      ISAKMP_PL_SA, 0, &sab)) {
		ike_sa_free(sa, false);
		return;
	}
	ike_vid_note(sa, r->m);
	if (!ike_p1_choose(r->m, sap, &sa->p1, sa)) {
		ike_log(LOG_NOTICE_, 713904, sa, 0, "All IKE SA proposals found unacceptable!");
		ike_send_notify_clear(r->c, sa->ci, sa->cr, r->dst, r->dport, r->src, r->sport,
				      r->natt, N_NO_PROPOSAL_CHOSEN);
		ike_sa_free(sa, false);
		return;
	}
	ike_dbg(sa, 0, "Oakley proposal is acceptable");
	sa->neg->sai_b = xmalloc(sab.n);
	memcpy(sa->neg->sai_b, sab.p, sab.n);
	sa->neg->sai_len = sab.n;
	pick_natt(sa);

	struct isakmp_msg *m = xmalloc(sizeof *m);
	isakmp_msg_init(m, ISAKMP_EXCH_IDPROT, 0);
	ike_dbg(sa, 0, "constructing ISAKMP SA payload");
	ike_p1_add_sa(m, &sa->p1, sa->p1.xf_num);
	if (sa->natt != NATT_NONE) {
		ike_dbg(sa, 0, "constructing NAT-Traversal VID ver %s payload",
			sa->natt == NATT_RFC ? "RFC" : sa->natt == NATT_DRAFT03 ? "03" : "02");
		ike_vid_add(m, natt_vid(sa));
	}
	ike_dbg(sa, 0, "constructing Fragmentation VID + extended capabilities payload");
	ike_vid_add(m, VID_FRAG);
	sa->st = MM_WAIT_MSG3;
	ike_build_send(sa, m, NULL, &sa->tx, true);
	free(m);
}

/* Messages 3 and 4: the peer's KE and nonce (a message without them is
 * dropped and counted), then its NAT-D hashes. */
static bool take_msg34(struct mm_rx *r)
{
	if (!take_ke_nonce(r->sa, r->m)) {
		r->c->stats.in_drop++;
		return false;
	}
	check_natd(r->sa, r->m, r->src, r->sport, r->dst, r->dport);
	return true;
}

static void r_msg3(struct mm_rx *r)
{
	struct ike_sa *sa = r->sa;
	if (!take_msg34(r))
		return;
	struct isakmp_msg *m = xmalloc(sizeof *m);
	isakmp_msg_init(m, ISAKMP_EXCH_IDPROT, 0);
	uint8_t h[2][IKE_HASH_MAX];
	bool ok = add_nonce_ke(sa, m);
	if (ok && sa->natt != NATT_NONE)
		add_natd(sa, m, h);
	ike_dbg(sa, 0, "constructing Cisco Unity VID payload");
	ike_vid_add(m, VID_UNITY);
	ike_dbg(sa, 0, "constructing xauth V6 VID payload");
	ike_vid_add(m, VID_XAUTH);
	ike_dbg(sa, 0, "constructing VID payload");
	ike_dbg(sa, 0, "Send Altiga/Cisco VPN3000/Cisco ASA GW VID");
	ike_vid_add(m, VID_CISCO_VPN3000);
	if (!ok || !derive(sa)) {
		free(m);
		ike_sa_free(sa, false);
		return;
	}
	sa->rx_hash = ike_msg_hash(r->raw, r->len);
	sa->st = MM_WAIT_MSG5;
	ike_build_send(sa, m, NULL, &sa->tx, true);
	free(m);
}

/* INITIAL-CONTACT: the peer rebooted, its older SAs are stale.  Behind a
 * NAT several clients share an address: the port tells them apart. */
static void initial_contact(struct ike_sa *sa, const struct isakmp_msg *m)
{
	for (unsigned i = 0; i < m->npl; i++) {
		const struct isakmp_payload *pl = &m->pl[i];
		if (pl->type != ISAKMP_PL_N || pl->u.n.type != N_INITIAL_CONTACT)
			continue;
		ike_dbg(sa, 0, "processing notify payload");
		struct ike_sa *o = sa->ctx->sas;
		while (o) {
			struct ike_sa *nx = o->next;
			if (o != sa && ike_same_peer(o, sa)) {
				ike_dbg(sa, 0, "Received INITIAL-CONTACT: removing older SA %u", o->id);
				ike_sa_free(o, true);
			}
			o = nx;
		}
		size_t it = 0, n = 0;
		uint32_t *ids = NULL;
		for (uint32_t id; (id = sad_next(&it));) {
			const struct sad_params *p = sad_params(id);
			if (p && p->peer == sa->peer && p->local == sa->local &&
			    (!p->udp_encap || p->peer_port == sa->pport)) {
				ids = xrealloc(ids, (n + 1) * sizeof *ids);
				ids[n++] = id;
			}
		}
		for (size_t k = 0; k < n; k++)
			sad_del(ids[k], "INITIAL-CONTACT");
		free(ids);
		return;
	}
}

/* Messages 5 and 6: decrypt into plain (the caller's: r->m's payloads
 * point into it afterwards), then check the peer's ID and HASH; on failure
 * the SA is gone (fail_decrypt/fail_hash) and false returned. */
static bool open_id_hash(struct mm_rx *r, uint8_t *plain, size_t cap)
{
	struct ike_sa *sa = r->sa;
	if (!(r->m->hdr.flags & ISAKMP_FLAG_ENC) ||
	    !ike_decrypt_msg(sa, r->m, sa->keys.iv, plain, cap)) {
		fail_decrypt(sa);
		return false;
	}
	if (!check_id_hash(sa, r->m, plain, r->m->cipher.len)) {
		fail_hash(sa);
		return false;
	}
	return true;
}

static void r_msg5(struct mm_rx *r)
{
	struct ike_sa *sa = r->sa;
	uint8_t plain[IKE_MSG_MAX];
	if (!open_id_hash(r, plain, sizeof plain))
		return;
	ike_sa_learn_addr(sa);
	sa->rx_hash = ike_msg_hash(r->raw, r->len);
	ike_vid_note(sa, r->m);
	initial_contact(sa, r->m);
	if (!send_id_hash(sa, false)) {
		ike_sa_free(sa, true);
		return;
	}
	ike_p1_done(sa);
}

/* ---- initiator ---------------------------------------------------------- */

struct ike_sa *ike_mm_start(struct ike_ctx *c, uint32_t local, uint32_t peer)
{
	struct ike_sa *sa = ike_sa_new(c, true, local, 500, peer, 500);
	c->stats.init_tunnels++;
	ike_random(sa->ci, 8);
	ike_sa_hash(sa);
	struct isakmp_msg *m = xmalloc(sizeof *m);
	isakmp_msg_init(m, ISAKMP_EXCH_IDPROT, 0);
	struct ike_p1 offers[16];
	size_t n;
	if (!ike_p1_add_offer(m, offers, &n, 16)) {
		free(m);
		ike_sa_free(sa, false);
		return NULL;
	}
	if (natt_enabled())
		add_natt_vids(m);
	ike_vid_add(m, VID_FRAG);
	ike_vid_add(m, VID_DPD);
	sa->st = MM_WAIT_MSG2;
	if (!ike_build_send(sa, m, NULL, &sa->tx, true)) {
		free(m);
		ike_sa_free(sa, false);
		return NULL;
	}
	free(m);
	struct ike_buf sab;
	if (!raw_body(sa->tx.buf + ISAKMP_HDR_LEN, sa->tx.len - ISAKMP_HDR_LEN,
		      sa->tx.buf[16], ISAKMP_PL_SA, 0, &sab)) {
		ike_sa_free(sa, false);
		return NULL;
	}
	sa->neg->sai_b = xmalloc(sab.n);
	memcpy(sa->neg->sai_b, sab.p, sab.n);
	sa->neg->sai_len = sab.n;
	return sa;
}

static void i_msg2(struct mm_rx *r)
{
	struct ike_sa *sa = r->sa;
	const struct isakmp_payload *sap = find_pl(r->m, ISAKMP_PL_SA, 0);
	const struct isakmp_payload *n = find_pl(r->m, ISAKMP_PL_N, 0);
	if (!sap) {
		if (n && n->u.n.type == N_NO_PROPOSAL_CHOSEN) {
			r->c->stats.in_notify++;
			ike_log(LOG_NOTICE_, 713904, sa, 0,
				"Received NO-PROPOSAL-CHOSEN notify from peer");
			ike_sa_free(sa, false);
		} else {
			r->c->stats.in_drop++;
		}
		return;
	}
	ike_dbg(sa, 0, "processing SA payload");
	if (sap->u.sa.prop_count != 1) {
		r->c->stats.in_drop++;
		return;
	}
	const struct isakmp_proposal *pr = &r->m->props[sap->u.sa.prop_first];
	bool unknown;
	struct ike_p1 got;
	if (pr->xf_count != 1 ||
	    !ike_p1_from_attrs(r->m, &r->m->xforms[pr->xf_first], &got, &unknown)) {
		ike_sa_free(sa, false);
		return;
	}
	/* it must be one of ours (same walk the responder does) */
	struct ike_p1 chosen;
	if (!ike_p1_choose(r->m, sap, &chosen, sa)) {
		ike_sa_free(sa, false);
		return;
	}
	sa->p1 = chosen;
	sa->p1.life_sec = got.life_sec;
	memcpy(sa->cr, r->m->hdr.rcookie, 8);
	ike_vid_note(sa, r->m);
	pick_natt(sa);
	sa->rx_hash = ike_msg_hash(r->raw, r->len);
	struct isakmp_msg *m = xmalloc(sizeof *m);
	isakmp_msg_init(m, ISAKMP_EXCH_IDPROT, 0);
	uint8_t h[2][IKE_HASH_MAX];
	bool ok = add_nonce_ke(sa, m);
	if (ok && sa->natt != NATT_NONE)
		add_natd(sa, m, h);
	sa->st = MM_WAIT_MSG4;
	if (!ok || !ike_build_send(sa, m, NULL, &sa->tx, true))
		ike_sa_free(sa, false);
	free(m);
}

static void i_msg4(struct mm_rx *r)
{
	struct ike_sa *sa = r->sa;
	if (!take_msg34(r))
		return;
	ike_vid_note(sa, r->m);
	if (!derive(sa)) {
		ike_sa_free(sa, false);
		return;
	}
	sa->rx_hash = ike_msg_hash(r->raw, r->len);
	if (sa->natt != NATT_NONE && (sa->nat_here || sa->nat_there) && !sa->natt_float) {
		/* RFC 3947 4: move to 4500 from message 5 on */
		sa->natt_float = true;
		sa->lport = 4500;
		sa->pport = 4500;
	}
	sa->st = MM_WAIT_MSG6;
	/* INITIAL-CONTACT only on a first contact: a rekey must not make
	 * the peer drop the SAs still in use */
	bool first = true;
	for (struct ike_sa *o = sa->ctx->sas; o; o = o->next)
		first &= o == sa || o->peer != sa->peer;
	size_t it = 0;
	for (uint32_t id; first && (id = sad_next(&it));) {
		const struct sad_params *p = sad_params(id);
		first = !(p && p->peer == sa->peer && p->local == sa->local);
	}
	if (!send_id_hash(sa, first))
		ike_sa_free(sa, true);
}

static void i_msg6(struct mm_rx *r)
{
	struct ike_sa *sa = r->sa;
	uint8_t plain[IKE_MSG_MAX];
	if (!open_id_hash(r, plain, sizeof plain))
		return;
	ike_sa_learn_addr(sa);
	ike_vid_note(sa, r->m);
	ike_tx_clear(&sa->tx);
	sa->rx_hash = ike_msg_hash(r->raw, r->len);
	ike_p1_done(sa);
}

/* ---- the state table ---------------------------------------------------- */

static const struct {
	enum ike_state st;
	bool initiator;
	void (*fn)(struct mm_rx *r);
} mm_fsm[] = {
	{MM_NO_STATE, false, r_msg1},  {MM_WAIT_MSG3, false, r_msg3},
	{MM_WAIT_MSG5, false, r_msg5}, {MM_WAIT_MSG2, true, i_msg2},
	{MM_WAIT_MSG4, true, i_msg4},  {MM_WAIT_MSG6, true, i_msg6},
};

void ike_mm_input(struct ike_ctx *c, struct ike_sa *sa, struct isakmp_msg *m,
		  const uint8_t *raw, size_t len, uint32_t src, uint16_t sport, uint32_t dst,
		  uint16_t dport, bool natt)
{
	struct mm_rx r = {c, sa, m, raw, len, src, dst, sport, dport, natt};
	if (sa && sa->rx_hash == ike_msg_hash(raw, len)) {
		/* the peer did not get our reply: send it again */
		if (sa->tx.buf) {
			ike_dbg(sa, 0, "Duplicate Phase 1 packet detected.  Retransmitting last packet.");
			ike_send_raw(sa, sa->tx.buf, sa->tx.len);
		}
		return;
	}
	if (!sa && !(m->hdr.flags & ISAKMP_FLAG_ENC)) {
		/* a new responder SA, or message 2 (whose responder cookie
		 * our SA does not know yet) */
		struct ike_sa *s = ike_sa_by_icookie(c, m->hdr.icookie, src);
		if (s && s->initiator && s->st == MM_WAIT_MSG2)
			r.sa = s;
	}
	enum ike_state st = r.sa ? r.sa->st : MM_NO_STATE;
	bool init = r.sa ? r.sa->initiator : false;
	if (!r.sa && !(m->hdr.flags & ISAKMP_FLAG_ENC) && !m->hdr.rcookie[0] &&
	    !memcmp(m->hdr.rcookie, m->hdr.rcookie + 1, 7)) {
		r_msg1(&r);
		return;
	}
	if (!r.sa) {
		c->stats.in_drop++;
		c->stats.no_sa_fails++;
		return;
	}
	for (size_t i = 0; i < sizeof mm_fsm / sizeof mm_fsm[0]; i++)
		if (mm_fsm[i].st == st && mm_fsm[i].initiator == init && st != MM_NO_STATE) {
			/* the ENC flag must be what the step expects */
			bool want_enc = st == MM_WAIT_MSG5 || st == MM_WAIT_MSG6;
			if (!!(m->hdr.flags & ISAKMP_FLAG_ENC) != want_enc) {
				c->stats.in_drop++;
				return;
			}
			r.sa->last_rx_ms = ev_now_ms();
			mm_fsm[i].fn(&r);
			return;
		}
	c->stats.in_drop++; /* no step expects it in this state */
}
