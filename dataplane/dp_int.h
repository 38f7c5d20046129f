/*
 * dp_int.h — hooks between the packet-path modules themselves (not for the
 * rest of the box: that is dp.h).
 */
#ifndef PIXIE_DP_INT_H
#define PIXIE_DP_INT_H

#include "dataplane/dp.h"

/* dp_sync() that compares the whole fingerprint even when no command ran
 * (the 1 s link poll: catches changes made without a command). */
void dp_sync_full(void);

/* Called by dp_sync() after a configuration change. */
void eth_sync(void);
void arp_sync(void);

/* frag.c: add a fragment; returns the whole datagram once complete (the
 * fragments are consumed), else NULL. */
struct pkt *frag_input(struct iface *ifp, struct pkt *p);
/* Datagrams being reassembled (for tests). */
size_t frag_pending(void);
/* Forget everything being reassembled (tests). */
void frag_flush(void);
/* Drop what is older than the reassembly timeout (run by a timer). */
void frag_expire(uint64_t now_ms);

/* icmp_box.c: ICMP addressed to the box. */
void icmp_box_input(struct iface *ifp, struct pkt *p);
/* Forget the ICMP error rate limiter's state (tests). */
void icmp_error_reset_rate(void);
/* The handler registered for ICMP other than echo (ping's replies). */
local_proto_fn local_proto_handler(uint8_t proto);

/* arp_cache.c: drop every dynamic entry (clear arp, tests). */
void arp_cache_flush(void);
size_t arp_cache_count(void);
/* Run ARP retries and aging now (tests; normally a 1 s timer). */
void arp_tick(uint64_t now_ms);

/* ICMP messages to the box discarded for their checksum. */
uint64_t icmp_box_bad_cksum(void);
/* local.c: UDP datagrams to the box discarded for their checksum. */
uint64_t local_udp_bad_cksum(void);

/* ip_in.c */
bool ip_addr_is_bcast(const struct iface *ifp, uint32_t ip);

/* Millisecond clock of the packet path (ev_now_ms, or a test's clock). */
uint64_t dp_now_ms(void);
void dp_set_test_clock(uint64_t ms); /* 0: back to the real clock */

#endif
