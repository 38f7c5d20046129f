/*
 * fw_seq.h — TCP initial sequence number randomization, as PIX/ASA 7.2
 * does it by default: the sequence numbers of the host on the
 * higher-security side of a conn (the initiator of an outbound conn, the
 * responder of an inbound one through a static) are shifted by a random
 * 32-bit offset chosen when the conn is made, so the lower-security side
 * never sees that host's own ISNs.
 *
 * Every packet of such a conn is rewritten: from the randomized side
 * seq += offset; towards it ack -= offset and the edges of SACK blocks
 * -= offset; ICMP errors quoting a packet of the conn get the quoted
 * sequence (or acknowledgement) number translated back.  TCP timestamps
 * are left alone.  The TCP tracker (conn_tcp.c) sees the randomized
 * side's numbers in that host's own space: its packets are tracked as
 * they arrive, the other side's acknowledgements after translation.
 *
 * Off for a conn when a translation it uses has "norandomseq" (nat,
 * static, the xlate made from a nat) or its policy class says "set
 * connection random-sequence-number disable".
 */
#ifndef PIXIE_DP_FW_SEQ_H
#define PIXIE_DP_FW_SEQ_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/conn.h"

struct fw_pkt;
struct fw_verdict;

/* Should a new TCP conn with verdict v be randomized?  policy_random is
 * the policy's word: false when the class the flow matches in the
 * service policy has "set connection random-sequence-number disable",
 * true otherwise (no class, "enable", or nothing said).  Either a
 * norandomseq translation or the policy turns randomization off. */
bool fw_seq_wanted(const struct fw_verdict *v, bool policy_random);

/* A TCP conn was just opened for its first SYN: when wanted, pick the
 * offset and rewrite the SYN (which must still be as it arrived). */
void fw_seq_start(struct conn *c, bool wanted, struct fw_pkt *syn);

/* A packet of conn c from side `side` (0 initiator, 1 responder), as it
 * arrived: rewrite its numbers for the other side and leave pk->ack in
 * the space the tracker uses.  Call before tcp_track. */
void fw_seq_rewrite(struct conn *c, int side, struct fw_pkt *pk);
static inline void fw_seq_packet(struct conn *c, int side, struct fw_pkt *pk)
{
	if (c->seq_off)
		fw_seq_rewrite(c, side, pk);
}

/* An ICMP error quoting a TCP packet of c that side `sender` sent (as it
 * left the box): translate the quoted sequence/acknowledgement number back
 * to what sender sent.  l4 is the quoted TCP header, l4len the quoted
 * bytes of it; the quoted TCP checksum is patched when it is present (the
 * caller recomputes the ICMP checksum). */
void fw_seq_icmp(const struct conn *c, int sender, uint8_t *l4, unsigned l4len);

/* The side whose sequence numbers are shifted (the higher-security one). */
static inline int fw_seq_side(const struct conn *c)
{
	return (c->flags & CF_OUTBOUND) ? 0 : 1;
}

/* Tests: FW_SEQ_RANDOM (the default), FW_SEQ_NEVER (no conn is randomized:
 * tests that forge both ends of a conn), FW_SEQ_FIXED (every randomized
 * conn gets offset off, which must not be 0). */
enum fw_seq_mode { FW_SEQ_RANDOM, FW_SEQ_NEVER, FW_SEQ_FIXED };
void fw_seq_set_mode(enum fw_seq_mode mode, uint32_t off);

#endif
