/*
 * conn.h — the connection table: one entry per flow through the box,
 * found from either direction by an exact-match hash of the 5-tuple as
 * the packet arrives (plus the interface it arrives on).
 *
 *   k[0]  the initiator's packets as they arrive on the ingress interface
 *   k[1]  the responder's packets as they arrive on the egress interface
 *         (after NAT: addressed to the mapped initiator)
 *
 * A packet matching k[d] leaves rewritten to the reverse of k[1-d], out of
 * k[1-d].ifx: that one rule is the whole NAT of an established flow.
 *
 * Storage: entries live in chunks (stable addresses) and are named by a
 * 32-bit index; the hash chains and the idle-timer wheel link indices, so
 * an entry costs its struct (~128 bytes), a share of the bucket array and
 * 12 bytes of wheel links.
 */
#ifndef PIXIE_DP_CONN_H
#define PIXIE_DP_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ckey {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint8_t proto, pad;
	uint16_t ifx; /* slot of the interface the packet arrives on */
};

static inline bool ckey_eq(const struct ckey *a, const struct ckey *b)
{
	return a->src == b->src && a->dst == b->dst && a->sport == b->sport &&
	       a->dport == b->dport && a->proto == b->proto && a->ifx == b->ifx;
}

enum tcp_state {
	TS_NONE,
	TS_SYN_SENT,  /* initiator's SYN seen */
	TS_SYN_RCVD,  /* responder's SYN-ACK seen */
	TS_ESTABLISHED,
};

enum conn_flags {
	CF_OUTBOUND = 1 << 0,  /* initiator on the higher-security side */
	CF_DATA_I = 1 << 1,    /* data from the lower-security side seen */
	CF_DATA_O = 1 << 2,    /* data from the higher-security side seen */
	CF_FIN0 = 1 << 3,      /* initiator sent FIN */
	CF_FIN1 = 1 << 4,      /* responder sent FIN */
	CF_FINACK0 = 1 << 5,   /* initiator's FIN acknowledged */
	CF_FINACK1 = 1 << 6,
	CF_WSCALE = 1 << 7,    /* both sides offered window scaling */
	CF_ICMP = 1 << 8,      /* inspected ICMP query */
	CF_DYING = 1 << 9,     /* torn down, waiting to be freed */
};

struct tcp_peer {
	uint32_t seqlo;   /* highest sequence number sent + 1 */
	uint32_t seqhi;   /* highest sequence number the peer allowed (ack + window) */
	uint32_t maxwin;  /* largest window seen (unscaled) */
	uint32_t finseq;  /* sequence number just past the FIN */
	uint8_t wscale;   /* 0x80 = offered, low bits the shift */
	uint8_t pad[3];
};

struct conn {
	struct ckey k[2];
	uint32_t hnext[2];   /* hash chains: (index << 1 | side) + 1 */
	uint32_t id;         /* the number in 302013 */
	uint32_t created, last; /* fw_now() seconds */
	uint32_t nh[2];      /* next hop for packets matching k[d] */
	uint32_t nh_gen;     /* fw_gen_seq the next hops belong to */
	uint32_t xl[2];      /* xlates this conn holds (0 = none) */
	uint64_t bytes;      /* L4 payload bytes, both directions */
	uint16_t flags;
	uint8_t state;       /* enum tcp_state */
	uint8_t pending;     /* inspected ICMP: requests without reply */
	uint32_t self;       /* own index */
	struct tcp_peer t[2];
	uint32_t seq_off;    /* TCP ISN randomization offset, 0 = none (fw_seq.h) */
	uint16_t mpf;        /* MPF "set connection" rule + 1, 0 = none (fw_mpf.h) */
};

void conn_table_init(void);
/* The conn a packet with key k belongs to, and the side it comes from. */
struct conn *conn_lookup(const struct ckey *k, int *side);
/* A new entry with both keys (NULL when either key is in use); the rest
 * of the entry is zero except the keys and id. */
struct conn *conn_insert(const struct ckey *k0, const struct ckey *k1);
/* Unlink and free (the caller logged and released what it held). */
void conn_remove(struct conn *c);
uint32_t conn_index(const struct conn *c);
struct conn *conn_at(uint32_t idx); /* NULL when free */
size_t conn_count(void);
size_t conn_most(void);
/* Iterate live entries: for (uint32_t i = 0; (c = conn_next(&i));) */
struct conn *conn_next(uint32_t *iter);
/* Idle timer: look at c again at second due. */
void conn_schedule(struct conn *c, uint32_t due);
/* Hand every entry whose timer came to fn (which reschedules or removes). */
void conn_advance(uint32_t now, void (*fn)(struct conn *c));
/* Bytes held by the table. */
size_t conn_mem(void);
/* Free everything (tests, exit). */
void conn_table_free(void);

#endif
