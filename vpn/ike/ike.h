/*
 * ike.h — the IKEv1 daemon of the box: main mode and quick mode with
 * pre-shared keys, informational exchanges, NAT traversal, DPD, rekeying.
 *
 * All state lives in a struct ike_ctx, so that two of them can talk to each
 * other inside one process (the handshake benchmark and the unit tests run
 * an initiator and a responder side by side).  The box has one default
 * context, ike_box(), whose I/O is the dataplane: UDP 500 and 4500 on the
 * interfaces with `crypto isakmp enable`.  The configuration (isakmp
 * policies, crypto maps, transform sets, tunnel-groups) is the global one
 * of vpn/crypto_conf.h and vpn/tunnel_group.h, shared by all contexts.
 * Negotiated IPsec SA pairs go into the SAD (vpn/ipsec/sad.h).
 *
 * Addresses and ports are host byte order.
 */
#ifndef PIXIE_IKE_H
#define PIXIE_IKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpn/ipsec/sad.h"

struct ike_ctx;

/* How a context sends a datagram.  On port 4500 the ISAKMP message is sent
 * with the 4-byte non-ESP marker in front; `send` receives it already
 * prefixed (msg is the whole UDP payload). */
struct ike_io {
	void (*send)(void *arg, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		     const uint8_t *payload, size_t len);
	void *arg;
};

struct ike_ctx *ike_ctx_new(const struct ike_io *io);
/* Deletes every SA of the context (and their SAD pairs) without sending. */
void ike_ctx_free(struct ike_ctx *c);

/* The box's context (created on first use, I/O through the dataplane). */
struct ike_ctx *ike_box(void);

/* A received UDP payload for port 500, or for port 4500 with the non-ESP
 * marker already removed (natt = true).  Never keeps a pointer to msg. */
void ike_input(struct ike_ctx *c, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
	       bool natt, const uint8_t *msg, size_t len);

/* Start phase 1 (if no IKE SA to peer exists) and then a quick mode for the
 * static crypto map entry (map, seq) with these proxy identities.  0, or
 * -errno when the entry or its peer/transform-set is unusable. */
int ike_initiate(struct ike_ctx *c, uint32_t local, uint32_t peer, const char *map,
		 unsigned long seq, const struct ipsec_sel *local_id,
		 const struct ipsec_sel *remote_id);

/* Counts for the benchmark and the tests. */
size_t ike_sa_count(const struct ike_ctx *c);        /* any state */
size_t ike_sa_active_count(const struct ike_ctx *c); /* MM_ACTIVE */

/* ---- added by the IKE implementation (append-only) ---- */

/* Where `debug crypto isakmp` lines go (tests, benchmarks); NULL: the
 * console session. */
void ike_debug_set_output(void (*fn)(const char *line));
/* `debug crypto isakmp N` level, 0 = off. */
void ike_debug_set_level(unsigned level);
unsigned ike_debug_get_level(void);

#endif
