/*
 * esp_path.h — the ESP path in the dataplane: inbound handlers (IP
 * protocol 50, UDP 4500) and the egress hook of ip_output, registered by
 * ipsec_init.c.  See esp_in.c and esp_out.c.
 */
#ifndef PIXIE_ESP_PATH_H
#define PIXIE_ESP_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/dp.h"

struct sad_pair;

bool esp_proto_input(struct iface *ifp, struct pkt *p);
bool esp_udp_input(struct iface *ifp, struct pkt *p, uint32_t src, uint16_t sport, uint32_t dst,
		   uint16_t dport, const uint8_t *payload, size_t len);
bool esp_egress(struct iface *out, uint32_t nexthop, struct pkt *p);

/* Forget the syslog rate limiter's state (tests). */
void esp_in_reset_ratelimit(void);

/* Bytes ESP adds at most to a packet of the pair ("ipsec overhead"). */
unsigned esp_overhead(const struct sad_pair *sp);

/* Outbound packets that needed an SA nobody has negotiated (acquires
 * sent), for tests. */
uint64_t esp_out_acquires(void);

#endif
