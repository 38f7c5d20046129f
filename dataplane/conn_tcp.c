/*
 * conn_tcp.c — TCP state and sequence tracking of a conn.
 *
 * The window checks follow Guido van Rooij's "Real Stateful TCP Packet
 * Filtering in IP Filter" as OpenBSD pf implements it: for each side the
 * highest sequence number it sent (seqlo) and the highest the other side
 * allowed it to send (seqhi = ack + window), window scaling when both
 * SYNs offered it.  A packet passes when its data ends inside the
 * receiver's window, starts at most one window back, and acknowledges at
 * most one window forward.  What fails is dropped under the ASA's names
 * (tcp-seq-past-win, tcp-invalid-ack, tcp-rstfin-ooo, ...).
 *
 * The conn state is what show conn prints: SYN sent (saA / SaAB),
 * SYN-ACK seen (A / aB), up (U), FINs seen and acknowledged per side;
 * both FINs acknowledged or an accepted RST end the conn.
 */
#include "dataplane/dp.h"
#include "dataplane/fw_conn.h"
#include "dataplane/lhost.h"

#define SEQ_LT(a, b) ((int32_t)((a) - (b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((a) - (b)) <= 0)
#define SEQ_GT(a, b) ((int32_t)((a) - (b)) > 0)
#define SEQ_GEQ(a, b) ((int32_t)((a) - (b)) >= 0)
#define MAXACKWINDOW (0xffff + 1500)
#define WS_OFFERED 0x80
#define WS_MASK 0x0f
#define TCP_MAXWIN 65535u

static uint32_t max1(uint32_t v)
{
	return v ? v : 1;
}

void tcp_start(struct conn *c, const struct fw_pkt *syn)
{
	struct tcp_peer *s = &c->t[0];
	s->seqlo = syn->seq;
	s->seqhi = syn->seq + syn->payload + 1 + 1; /* the SYN, and one byte of slack */
	s->maxwin = max1(syn->win);
	if (syn->wscale >= 0) {
		s->wscale = (uint8_t)(WS_OFFERED | (syn->wscale > 14 ? 14 : syn->wscale));
		/* the SYN's window is not scaled: keep it in scaled units */
		uint32_t sh = s->wscale & WS_MASK;
		s->maxwin = (s->maxwin + (1u << sh) - 1) >> sh;
	}
	c->t[1] = (struct tcp_peer){0};
	c->t[1].seqhi = 1;
	c->t[1].maxwin = 1;
	c->state = TS_SYN_SENT;
}

static int fail(const struct fw_pkt *pk, int ack_bad)
{
	if (pk->tcp_flags & (TH_RST | TH_FIN))
		return DROP_TCP_RSTFIN_OOO;
	if ((pk->tcp_flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
		return DROP_TCP_SYNACK_OOO;
	if (pk->tcp_flags & TH_SYN)
		return DROP_TCP_SEQ_SYN_DIFF;
	return ack_bad ? DROP_TCP_INVALID_ACK : DROP_TCP_SEQ_PAST_WIN;
}

int tcp_track(struct conn *c, int side, const struct fw_pkt *pk, const char **close)
{
	struct tcp_peer *src = &c->t[side], *dst = &c->t[1 - side];
	uint8_t fl = pk->tcp_flags;
	*close = NULL;

	/* flag combinations no stack sends */
	if ((fl & (TH_SYN | TH_RST)) == (TH_SYN | TH_RST) || (fl & (TH_SYN | TH_FIN)) == (TH_SYN | TH_FIN) ||
	    !(fl & (TH_SYN | TH_ACK | TH_RST)))
		return DROP_BAD_TCP_FLAGS;

	/* handshake order */
	if (c->state == TS_SYN_SENT) {
		if (side == 0 && (fl & TH_SYN) && !(fl & TH_ACK) && pk->seq != src->seqlo)
			return DROP_TCP_SEQ_SYN_DIFF;
		if (side == 1 && !(fl & (TH_SYN | TH_RST)))
			return DROP_TCP_3WHS_FAILED;
		if (side == 0 && !(fl & (TH_SYN | TH_RST | TH_FIN)))
			return DROP_TCP_3WHS_FAILED; /* ACK before the SYN-ACK */
	} else if (fl & TH_SYN) {
		if (fl & TH_ACK) {
			/* only the responder sends one; again only as a retransmission */
			if (side == 0)
				return DROP_TCP_SYNACK_OOO;
		} else if (!(side == 0 && c->state < TS_ESTABLISHED &&
			     (pk->seq == src->seqlo || pk->seq + 1 == src->seqlo))) {
			/* a new SYN once the handshake went on (the initiator may
			 * repeat its own while it has not seen the SYN-ACK) */
			return DROP_TCP_RST_SYN_IN_WIN;
		}
	}

	uint32_t seq = pk->seq, orig_seq = seq, ack = pk->ack, end;
	uint32_t win = pk->win;
	uint32_t sws = 0, dws = 0;
	if ((src->wscale & WS_OFFERED) && (dst->wscale & WS_OFFERED) && !(fl & TH_SYN)) {
		sws = src->wscale & WS_MASK;
		dws = dst->wscale & WS_MASK;
	}
	if (src->seqlo == 0 && side == 1) {
		/* the responder's first packet */
		end = seq + pk->payload;
		if (fl & TH_SYN) {
			end++;
			if (dst->wscale & WS_OFFERED) {
				if (pk->wscale >= 0) {
					src->wscale = (uint8_t)(WS_OFFERED | (pk->wscale > 14 ? 14 : pk->wscale));
					sws = src->wscale & WS_MASK;
					win = (win + (1u << sws) - 1) >> sws;
					dws = dst->wscale & WS_MASK;
					c->flags |= CF_WSCALE;
				} else {
					/* only one side offered: windows are not scaled */
					uint32_t w = dst->maxwin << (dst->wscale & WS_MASK);
					dst->maxwin = w > TCP_MAXWIN ? TCP_MAXWIN : w;
					dst->wscale = 0;
				}
			}
		}
		if (fl & TH_FIN)
			end++;
		src->seqlo = seq;
		if (src->seqhi == 1 || SEQ_GEQ(end + max1(dst->maxwin << dws), src->seqhi))
			src->seqhi = end + max1(dst->maxwin << dws);
		if (win > src->maxwin)
			src->maxwin = win;
	} else {
		end = seq + pk->payload;
		if (fl & TH_SYN)
			end++;
		if (fl & TH_FIN)
			end++;
	}
	uint32_t data_end = end - ((fl & TH_FIN) ? 1 : 0);
	if (!(fl & TH_ACK) || (ack == 0 && (fl & (TH_ACK | TH_RST)) == (TH_ACK | TH_RST)))
		ack = dst->seqlo;
	else if (dst->seqlo == 0)
		ack = dst->seqlo;
	if (seq == end) {
		/* no data: only the acknowledgement matters */
		seq = src->seqlo;
		data_end = end = seq;
	}
	int32_t ackskew = (int32_t)(dst->seqlo - ack);

	bool ok = SEQ_GEQ(src->seqhi, data_end) && SEQ_GEQ(seq, src->seqlo - (dst->maxwin << dws)) &&
		  ackskew >= -MAXACKWINDOW && ackskew <= (MAXACKWINDOW << sws);
	/* a reset must hit the sequence exactly (or by one) */
	if (ok && (fl & TH_RST) && !(orig_seq == src->seqlo || orig_seq == src->seqlo + 1 ||
				     orig_seq + 1 == src->seqlo))
		ok = false;
	if (!ok) {
		/* a closing side gets one window of slack, as pf gives it */
		bool closing = (c->flags & (CF_FIN0 | CF_FIN1)) != 0;
		if (!(closing && SEQ_GEQ(src->seqhi + MAXACKWINDOW, data_end) &&
		      SEQ_GEQ(seq, src->seqlo - MAXACKWINDOW) && !(fl & TH_RST)))
			return fail(pk, ackskew < -MAXACKWINDOW || ackskew > (MAXACKWINDOW << sws));
	}

	/* data after this side's FIN */
	uint16_t finf = side ? CF_FIN1 : CF_FIN0;
	if ((c->flags & finf) && pk->payload && SEQ_GEQ(pk->seq + pk->payload, src->finseq))
		return DROP_TCP_DATA_PAST_FIN;

	if (src->maxwin < win)
		src->maxwin = win;
	if (SEQ_GT(end, src->seqlo))
		src->seqlo = end;
	if (SEQ_GEQ(ack + (win << sws), dst->seqhi))
		dst->seqhi = ack + max1(win << sws);

	if (fl & TH_RST) {
		*close = fw_conn_side_high(c, side) ? "TCP Reset-I" : "TCP Reset-O";
		return 0;
	}
	/* handshake */
	if (c->state == TS_SYN_SENT && side == 1 && (fl & TH_SYN))
		c->state = TS_SYN_RCVD;
	else if (c->state == TS_SYN_RCVD && side == 0 && (fl & TH_ACK) && !(fl & TH_SYN)) {
		c->state = TS_ESTABLISHED;
		fw_conn_established(c);
	}
	/* FINs and their acknowledgement */
	if ((fl & TH_FIN) && !(c->flags & finf)) {
		c->flags |= finf;
		src->finseq = end;
		conn_schedule(c, fw_now() + fw_conn_timeout(c));
	}
	uint16_t peerfin = side ? CF_FIN0 : CF_FIN1, peerack = side ? CF_FINACK0 : CF_FINACK1;
	if ((c->flags & peerfin) && (fl & TH_ACK) && SEQ_GEQ(pk->ack, dst->finseq))
		c->flags |= peerack;
	if ((c->flags & (CF_FINACK0 | CF_FINACK1)) == (CF_FINACK0 | CF_FINACK1))
		*close = "TCP FINs";
	return 0;
}
