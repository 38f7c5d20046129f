/*
 * ike_info.c — informational exchanges (RFC 2409 5.7): delete and notify
 * payloads protected by HASH(1), dead peer detection (RFC 3706) and NAT-T
 * keepalives (RFC 3948 2.3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "vpn/crypto_conf.h"
#include "vpn/ike/ike_int.h"
#include "vpn/tunnel_group.h"

#define PROTO_ISAKMP 1
#define PROTO_ESP 3
#define N_R_U_THERE 36136
#define N_R_U_THERE_ACK 36137
#define DPD_MAX_MISSED 3

static void mid_bytes(uint32_t v, uint8_t b[4])
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

struct info_patch {
	struct ike_sa *sa;
	uint32_t msgid;
};

static bool patch_hash1(void *arg, uint8_t *body, size_t len)
{
	struct info_patch *ip = arg;
	size_t hl = ip->sa->keys.hlen;
	if (len < 4 + hl)
		return false;
	uint8_t mid[4];
	mid_bytes(ip->msgid, mid);
	return ike_qm_hash1(&ip->sa->keys, mid, (struct ike_buf){body + 4 + hl, len - 4 - hl},
			    body + 4);
}

/* Send m (whose first payload must be the blank HASH) as an
 * informational exchange of its own. */
static bool send_info(struct ike_sa *sa, struct isakmp_msg *m)
{
	struct info_patch ip = {sa, m->hdr.msgid};
	uint8_t iv[IKE_BLOCK_MAX];
	uint8_t mid[4];
	mid_bytes(m->hdr.msgid, mid);
	if (!ike_iv_phase2(&sa->keys, mid, iv)) {
		sa->ctx->stats.out_drop++;
		return false;
	}
	return ike_build_send_p(sa, m, iv, NULL, false, patch_hash1, &ip);
}

static struct isakmp_msg *info_new(struct ike_sa *sa, uint8_t *zero)
{
	struct isakmp_msg *m = xmalloc(sizeof *m);
	uint32_t msgid;
	do
		ike_random((uint8_t *)&msgid, sizeof msgid);
	while (!msgid);
	isakmp_msg_init(m, ISAKMP_EXCH_INFO, msgid);
	struct isakmp_payload *hp = isakmp_add_payload(m, ISAKMP_PL_HASH);
	if (hp)
		hp->u.data = (struct isakmp_span){zero, sa->keys.hlen};
	return m;
}

void ike_send_notify(struct ike_sa *sa, uint16_t type, uint8_t proto, const uint8_t *spi,
		     size_t spilen, const uint8_t *data, size_t dlen)
{
	if (!sa->keyed)
		return;
	uint8_t zero[IKE_HASH_MAX] = {0};
	struct isakmp_msg *m = info_new(sa, zero);
	struct isakmp_payload *n = isakmp_add_payload(m, ISAKMP_PL_N);
	if (n) {
		n->u.n.doi = ISAKMP_DOI_IPSEC;
		n->u.n.protocol = proto;
		n->u.n.type = type;
		n->u.n.spi = (struct isakmp_span){spi, spi ? spilen : 0};
		n->u.n.data = (struct isakmp_span){data, data ? dlen : 0};
	}
	if (send_info(sa, m))
		sa->ctx->stats.out_notify++;
	free(m);
}

/* One delete payload naming a single SPI of protocol proto (the ISAKMP
 * SA's cookie pair, or an ESP SA's inbound SPI); true when it was sent. */
static bool send_delete(struct ike_sa *sa, uint8_t proto, const uint8_t *spi, uint8_t spi_size,
			const char *what)
{
	if (!sa->keyed)
		return false;
	uint8_t zero[IKE_HASH_MAX] = {0};
	struct isakmp_msg *m = info_new(sa, zero);
	struct isakmp_payload *d = isakmp_add_payload(m, ISAKMP_PL_D);
	if (d) {
		d->u.d.doi = ISAKMP_DOI_IPSEC;
		d->u.d.protocol = proto;
		d->u.d.spi_size = spi_size;
		d->u.d.nspi = 1;
		d->u.d.spis = (struct isakmp_span){spi, spi_size};
	}
	ike_dbg(sa, 0, "%s", what);
	bool sent = send_info(sa, m);
	free(m);
	return sent;
}

void ike_send_delete_isakmp(struct ike_sa *sa)
{
	uint8_t spi[16];
	memcpy(spi, sa->ci, 8);
	memcpy(spi + 8, sa->cr, 8);
	send_delete(sa, PROTO_ISAKMP, spi, sizeof spi, "constructing delete payload");
}

void ike_send_delete_spi(struct ike_sa *sa, uint32_t spi_in)
{
	uint8_t spi[4];
	mid_bytes(spi_in, spi);
	if (send_delete(sa, PROTO_ESP, spi, sizeof spi, "constructing IPSec delete payload"))
		sa->ctx->stats.out_p2_del++;
}

void ike_send_notify_clear(struct ike_ctx *c, const uint8_t ci[8], const uint8_t cr[8],
			   uint32_t local, uint16_t lport, uint32_t peer, uint16_t pport,
			   bool natt, uint16_t type)
{
	struct isakmp_msg *m = xmalloc(sizeof *m);
	isakmp_msg_init(m, ISAKMP_EXCH_INFO, 0);
	memcpy(m->hdr.icookie, ci, 8);
	memcpy(m->hdr.rcookie, cr, 8);
	struct isakmp_payload *n = isakmp_add_payload(m, ISAKMP_PL_N);
	if (n) {
		n->u.n.doi = ISAKMP_DOI_IPSEC;
		n->u.n.protocol = PROTO_ISAKMP;
		n->u.n.type = type;
	}
	uint8_t out[256 + 4];
	size_t len;
	if (isakmp_build(m, out + 4, sizeof out - 4, &len) != ISAKMP_OK || !c->io.send) {
		c->stats.out_drop++;
	} else {
		c->stats.out_pkts++;
		c->stats.out_octets += len;
		c->stats.out_notify++;
		m->hdr.length = (uint32_t)len;
		ike_dbg_decode(peer, true, m);
		memset(out, 0, 4);
		if (natt)
			c->io.send(c->io.arg, local, lport, peer, pport, out, len + 4);
		else
			c->io.send(c->io.arg, local, lport, peer, pport, out + 4, len);
	}
	free(m);
}

/* ---- input ------------------------------------------------------------------- */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void log_terminated(struct ike_sa *sa, const struct sad_params *p, const char *reason)
{
	char r[16], l[16];
	ike_log(LOG_NOTICE_, 713050, sa, 0,
		"Connection terminated for peer %s.  Reason: %s  Remote Proxy %s, Local Proxy %s",
		p->user, reason, ip4_fmt(p->remote_id.addr, r), ip4_fmt(p->local_id.addr, l));
}

static void delete_input(struct ike_sa *sa, const struct isakmp_delete *d)
{
	ike_dbg(sa, 0, "processing delete");
	if (d->protocol == PROTO_ISAKMP && d->spi_size == 16) {
		for (unsigned i = 0; i < d->nspi; i++) {
			const uint8_t *s = d->spis.p + 16 * i;
			if (memcmp(s, sa->ci, 8) || memcmp(s + 8, sa->cr, 8))
				continue;
			ike_ev(sa, 0, "Received DELETE for the IKE SA");
			/* with a newer IKE SA to the peer (rekey) the pairs stay */
			bool other = false;
			for (struct ike_sa *o = sa->ctx->sas; o; o = o->next)
				other |= o != sa && ike_same_peer(o, sa) && o->st == MM_ACTIVE;
			ike_sa_kill_later(sa);
			if (!other)
				sad_del_ike(sa->id);
			return;
		}
		return;
	}
	if (d->protocol != PROTO_ESP || d->spi_size != 4)
		return;
	sa->ctx->stats.in_p2_del++;
	for (unsigned i = 0; i < d->nspi; i++) {
		uint32_t spi = be32(d->spis.p + 4 * i);
		uint32_t id = sad_by_spi_out(spi);
		const struct sad_params *p = id ? sad_params(id) : NULL;
		if (!p || p->peer != sa->peer)
			continue;
		ike_ev(sa, 0, "Received DELETE for IPsec SA, SPI 0x%08x", (unsigned)spi);
		log_terminated(sa, p, "Peer Terminate");
		sad_del(id, "peer delete");
	}
}

static void notify_input(struct ike_sa *sa, const struct isakmp_notify *n)
{
	ike_dbg(sa, 0, "processing notify payload");
	if (n->type == N_R_U_THERE && n->data.len == 4) {
		uint8_t spi[16];
		memcpy(spi, sa->ci, 8);
		memcpy(spi + 8, sa->cr, 8);
		ike_dbg(sa, 0, "Received keep-alive of type DPD R-U-THERE (seq number 0x%x)",
			(unsigned)be32(n->data.p));
		ike_send_notify(sa, N_R_U_THERE_ACK, PROTO_ISAKMP, spi, 16, n->data.p, 4);
		return;
	}
	if (n->type == N_R_U_THERE_ACK && n->data.len == 4) {
		if (be32(n->data.p) == sa->dpd_seq)
			sa->dpd_missed = 0;
		ike_dbg(sa, 0, "Received keep-alive of type DPD R-U-THERE-ACK (seq number 0x%x)",
			(unsigned)be32(n->data.p));
		return;
	}
	if (n->type == 14 || n->type == 18) {
		/* NO-PROPOSAL-CHOSEN / INVALID-ID-INFORMATION: our pending
		 * quick mode (the one whose SPI it names, or any) failed */
		uint32_t spi = n->spi.len == 4 ? be32(n->spi.p) : 0;
		ike_log(LOG_NOTICE_, 713904, sa, 0, "Received %s notify from peer, quick mode aborted",
			n->type == 14 ? "NO-PROPOSAL-CHOSEN" : "INVALID-ID-INFORMATION");
		struct ike_qm *q = sa->qms;
		while (q) {
			struct ike_qm *nx = q->next;
			if (q->initiator && q->st == QM_WAIT_MSG2 && (!spi || q->p.spi_in == spi)) {
				sa->ctx->stats.out_p2_reject++;
				ike_qm_free(q);
			}
			q = nx;
		}
		return;
	}
	ike_ev(sa, 0, "Received notify type %u", n->type);
}

void ike_info_input(struct ike_sa *sa, struct isakmp_msg *m)
{
	struct ike_stats *st = &sa->ctx->stats;
	if (!(m->hdr.flags & ISAKMP_FLAG_ENC)) {
		st->in_drop++; /* unauthenticated notifies are ignored once keys exist */
		return;
	}
	uint8_t mid[4], iv[IKE_BLOCK_MAX], plain[IKE_MSG_MAX], h[IKE_HASH_MAX];
	mid_bytes(m->hdr.msgid, mid);
	if (!ike_iv_phase2(&sa->keys, mid, iv) || !ike_decrypt_msg(sa, m, iv, plain, sizeof plain)) {
		st->decrypt_fails++;
		return;
	}
	size_t hl = sa->keys.hlen;
	size_t clen = ike_chain_len(plain, m->cipher.len, m->hdr.next);
	if (m->hdr.next != ISAKMP_PL_HASH || clen < 4 + hl ||
	    ((size_t)plain[2] << 8 | plain[3]) != 4 + hl ||
	    !ike_qm_hash1(&sa->keys, mid, (struct ike_buf){plain + 4 + hl, clen - 4 - hl}, h) ||
	    !ike_hash_equal(h, plain + 4, hl)) {
		st->hash_fails++;
		return;
	}
	ike_sa_learn_addr(sa);
	sa->last_rx_ms = ev_now_ms();
	for (unsigned i = 0; i < m->npl && sa->st != MM_DEAD; i++) {
		if (m->pl[i].type == ISAKMP_PL_D) {
			delete_input(sa, &m->pl[i].u.d);
		} else if (m->pl[i].type == ISAKMP_PL_N) {
			st->in_notify++;
			notify_input(sa, &m->pl[i].u.n);
		}
	}
}

/* ---- DPD ------------------------------------------------------------------- */

static void dpd_params(const struct ike_sa *sa, bool *on, unsigned long *thr, unsigned long *retry)
{
	struct tunnel_group *g = tg_find(sa->group);
	*on = g && !g->ka_disable && sa->peer_dpd;
	unsigned long dt, dr;
	tg_keepalive_default(g ? g->type : TG_IPSEC_RA, &dt, &dr);
	*thr = g && g->ka_threshold ? g->ka_threshold : dt;
	*retry = g && g->ka_retry ? g->ka_retry : dr;
}

static void dpd_cb(void *arg)
{
	struct ike_sa *sa = arg;
	sa->dpd_timer = NULL;
	bool on;
	unsigned long thr, retry;
	dpd_params(sa, &on, &thr, &retry);
	if (!on)
		return;
	uint64_t idle = ev_now_ms() - sa->last_rx_ms;
	if (idle < thr * 1000 && sa->dpd_missed == 0) {
		sa->dpd_timer = ev_timer_add(thr * 1000 - idle, dpd_cb, sa);
		return;
	}
	if (sa->dpd_missed >= DPD_MAX_MISSED) {
		ike_log(LOG_NOTICE_, 713904, sa, 0,
			"IKE lost contact with remote peer, deleting connection (keepalive type: DPD)");
		size_t it = 0;
		for (uint32_t id; (id = sad_next(&it));) {
			const struct sad_params *p = sad_params(id);
			if (p && p->ike_id == sa->id)
				log_terminated(sa, p, "Lost Service");
		}
		ike_sa_free(sa, true);
		return;
	}
	uint8_t spi[16], seq[4];
	memcpy(spi, sa->ci, 8);
	memcpy(spi + 8, sa->cr, 8);
	sa->dpd_seq++;
	mid_bytes(sa->dpd_seq, seq);
	sa->dpd_missed++;
	ike_dbg(sa, 0, "Sending keep-alive of type DPD R-U-THERE (seq number 0x%x)",
		(unsigned)sa->dpd_seq);
	ike_send_notify(sa, N_R_U_THERE, PROTO_ISAKMP, spi, 16, seq, 4);
	sa->dpd_timer = ev_timer_add(retry * 1000, dpd_cb, sa);
}

void ike_dpd_start(struct ike_sa *sa)
{
	bool on;
	unsigned long thr, retry;
	dpd_params(sa, &on, &thr, &retry);
	ike_ev(sa, 0, "Keep-alive type for this connection: %s", on ? "DPD" : "None");
	if (!on) {
		struct tunnel_group *g = tg_find(sa->group);
		if (g && !g->ka_disable)
			ike_ev(sa, 0,
			       "Keep-alives configured on but peer does not support keep-alives (type = None)");
		return;
	}
	sa->dpd_seq = 0;
	ike_random((uint8_t *)&sa->dpd_seq, 2); /* RFC 3706: start at random */
	sa->dpd_timer = ev_timer_add(thr * 1000, dpd_cb, sa);
}

/* ---- NAT keepalives ------------------------------------------------------- */

static void natka_cb(void *arg)
{
	struct ike_sa *sa = arg;
	sa->nat_ka_timer = NULL;
	unsigned long n = crypto_conf()->isakmp.natt_keepalive;
	if (!n)
		n = NATT_KEEPALIVE_DEFAULT;
	uint8_t ff = 0xff;
	if (sa->ctx->io.send && sa->natt_float)
		sa->ctx->io.send(sa->ctx->io.arg, sa->local, sa->lport, sa->peer, sa->pport, &ff, 1);
	sa->nat_ka_timer = ev_timer_add(n * 1000, natka_cb, sa);
}

void ike_natka_start(struct ike_sa *sa)
{
	if (!sa->natt_float || !(sa->nat_here || sa->nat_there) || !crypto_conf()->isakmp.natt)
		return;
	unsigned long n = crypto_conf()->isakmp.natt_keepalive;
	if (!n)
		n = NATT_KEEPALIVE_DEFAULT;
	sa->nat_ka_timer = ev_timer_add(n * 1000, natka_cb, sa);
}
