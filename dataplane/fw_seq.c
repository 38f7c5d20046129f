/*
 * fw_seq.c — TCP initial sequence number randomization (see fw_seq.h).
 *
 * The offset of a conn is 32 bits from the kernel's CSPRNG (getrandom),
 * taken from a pool refilled 4 KB at a time so a new conn costs no system
 * call; used bytes are wiped.  It is unpredictable to an outside observer
 * and independent between conns (a keyed hash of the tuple would give a
 * reused tuple the same offset again).  0 means "not randomized", so a
 * drawn 0 is drawn again.
 *
 * Checksums are patched incrementally (RFC 1624).  SACK blocks need not
 * be 16-bit aligned in the header: a field at an odd offset is summed
 * with its bytes paired the other way round, which set32() accounts for.
 */
#include "dataplane/fw_seq.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "dataplane/fw_int.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "nat/nat_conf.h"
#include "nat/nat_rules.h"
#include "nat/xlate.h"

#define TCP_OPT_EOL 0
#define TCP_OPT_NOP 1
#define TCP_OPT_SACK 5

/* ---- offsets ------------------------------------------------------------ */

#define POOL 4096
static uint8_t pool[POOL];
static size_t pool_left;
static enum fw_seq_mode mode = FW_SEQ_RANDOM;
static uint32_t fixed_off;

void fw_seq_set_mode(enum fw_seq_mode m, uint32_t off)
{
	mode = m;
	fixed_off = off;
}

static bool refill(void)
{
	size_t got = 0;
	while (got < POOL) {
		ssize_t n = getrandom(pool + got, POOL - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		got += (size_t)n;
	}
	pool_left = POOL;
	return true;
}

/* A fresh non-zero offset, 0 when no randomness can be had (the conn then
 * goes unrandomized rather than with a guessable offset). */
static uint32_t draw(void)
{
	for (int tries = 0; tries < 4; tries++) {
		if (pool_left < 4 && !refill())
			return 0;
		uint8_t *p = pool + POOL - pool_left;
		uint32_t v;
		memcpy(&v, p, 4);
		memset(p, 0, 4);
		pool_left -= 4;
		if (v)
			return v;
	}
	return 0;
}

/* ---- the decision ------------------------------------------------------- */

static bool nat_norandom(const struct fw_nat *n)
{
	if (n->st && n->st->opts.norandomseq)
		return true;
	if (n->rule && n->rule->opts.norandomseq)
		return true;
	const struct xlate *x = n->xlate ? xlate_get(n->xlate) : NULL;
	return x && (x->flags & XF_NORANDOMSEQ);
}

bool fw_seq_wanted(const struct fw_verdict *v, bool policy_random)
{
	if (!policy_random || mode == FW_SEQ_NEVER)
		return false;
	return !nat_norandom(&v->snat) && !nat_norandom(&v->dnat);
}

/* ---- rewriting ---------------------------------------------------------- */

/* Store v (host order) at seg + at and patch the checksum at ck (NULL:
 * none) for it. */
static void set32(uint8_t *seg, unsigned at, uint8_t *ck, uint32_t v)
{
	uint8_t *p = seg + at, o[4], n[4];
	memcpy(o, p, 4);
	wr32(p, v);
	memcpy(n, p, 4);
	if (!ck)
		return;
	if (at & 1) {
		/* bytes b0 b1 b2 b3 at an odd offset are summed as the words
		 * (b1,b2) and (b3,b0): rotate both images by one */
		uint8_t t = o[0];
		memmove(o, o + 1, 3);
		o[3] = t;
		t = n[0];
		memmove(n, n + 1, 3);
		n[3] = t;
	}
	uint32_t on, nn;
	memcpy(&on, o, 4);
	memcpy(&nn, n, 4);
	cksum_update32(ck, on, nn);
}

/* Subtract off from both edges of every SACK block in the options of the
 * TCP header th (hl bytes, already checked to lie in the packet). */
static void sack_shift(uint8_t *th, unsigned hl, uint8_t *ck, uint32_t off)
{
	for (unsigned i = TCP_HLEN_MIN; i < hl;) {
		uint8_t kind = th[i];
		if (kind == TCP_OPT_EOL)
			break;
		if (kind == TCP_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= hl)
			break;
		unsigned len = th[i + 1];
		if (len < 2 || i + len > hl)
			break; /* malformed: leave the rest as it is */
		if (kind == TCP_OPT_SACK && len >= 10 && (len - 2) % 8 == 0) {
			for (unsigned b = i + 2; b + 8 <= i + len; b += 8) {
				set32(th, b, ck, rd32(th + b) - off);
				set32(th, b + 4, ck, rd32(th + b + 4) - off);
			}
		}
		i += len;
	}
}

void fw_seq_rewrite(struct conn *c, int side, struct fw_pkt *pk)
{
	uint32_t off = c->seq_off;
	if (!off || pk->proto != 6 || !pk->l4 || pk->l4len < TCP_HLEN_MIN)
		return;
	uint8_t *th = pk->l4, *ck = th + 16;
	if (side == fw_seq_side(c)) {
		/* the tracker keeps this side in its own space: pk->seq stays */
		set32(th, 4, ck, pk->seq + off);
		return;
	}
	/* an acknowledgement field that is not one (no ACK flag, or the 0 of
	 * a reset) stays as it is, as the tracker ignores it */
	uint8_t fl = pk->tcp_flags;
	if ((fl & TH_ACK) && !(pk->ack == 0 && (fl & TH_RST))) {
		pk->ack -= off;
		set32(th, 8, ck, pk->ack);
	}
	unsigned hl = (unsigned)(th[12] >> 4) * 4;
	if (hl > TCP_HLEN_MIN && hl <= pk->l4len)
		sack_shift(th, hl, ck, off);
}

void fw_seq_start(struct conn *c, bool wanted, struct fw_pkt *syn)
{
	if (!wanted)
		return;
	c->seq_off = mode == FW_SEQ_FIXED ? fixed_off : draw();
	fw_seq_packet(c, 0, syn);
}

void fw_seq_icmp(const struct conn *c, int sender, uint8_t *l4, unsigned l4len)
{
	uint32_t off = c->seq_off;
	if (!off)
		return;
	uint8_t *ck = l4len >= 18 ? l4 + 16 : NULL;
	if (sender == fw_seq_side(c)) {
		/* it left with seq + off */
		if (l4len >= 8)
			set32(l4, 4, ck, rd32(l4 + 4) - off);
		return;
	}
	/* it left with ack - off, when it carried one (flags quoted or not) */
	if (l4len < 12)
		return;
	uint32_t ack = rd32(l4 + 8);
	if (l4len >= 14) {
		uint8_t fl = l4[13];
		if (!(fl & TH_ACK) || ((fl & TH_RST) && ack == 0))
			return;
	}
	set32(l4, 8, ck, ack + off);
}
