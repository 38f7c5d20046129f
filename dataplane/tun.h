/*
 * tun.h — the host-stack mirror (DESIGN.md "The wire"): the box's own
 * sockets (syslog to "logging host", later RADIUS, DNS, SSH) run on the
 * Linux stack of the box's network namespace and leave through the
 * dataplane like any packet the box originates.
 *
 * Only on a box that owns its interfaces (--map): one TUN device per
 * named interface with an address ("px-<nameif>"), carrying that address,
 * up while the interface can carry traffic; pixie's static routes
 * mirrored into the namespace's main table through those devices.
 * Packets the kernel writes to a TUN go out through the dataplane
 * (routed by pixie, no access-lists: box-originated); packets for an
 * interface address that pixie does not terminate itself go to that
 * interface's TUN when they are replies to the box's own flows, or
 * addressed to a service registered here — everything else stays the
 * implicit deny of to-the-box traffic.  The kernel does not also process
 * the IPv4 frames of the mapped devices (strict reverse-path filtering on
 * them: no route leads through them).
 */
#ifndef PIXIE_DP_TUN_H
#define PIXIE_DP_TUN_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/dp.h"

/* Is the mirror running (a --map box whose TUN devices could be made)? */
bool tun_active(void);
/* The device mirroring a nameif, "" when none (SO_BINDTODEVICE). */
const char *tun_dev(const char *nameif);
/* Is the mirror device of nameif up and carrying its address? */
bool tun_up(const char *nameif);

/* A service of the box's own stack on its interface addresses (SSH on
 * TCP 22, telnet on 23...): packets for proto/port are handed to the
 * kernel when fn admits their source on that interface. */
typedef bool (*tun_service_fn)(uint32_t src, const char *nameif);
void tun_service_register(uint8_t proto, uint16_t port, tun_service_fn fn);

/* ICMP to the box that the box's own handlers did not take (echo replies
 * and errors about the kernel's flows): true when it was handed over
 * (ownership passes). */
bool tun_icmp_input(struct iface *ifp, struct pkt *p);

#endif
