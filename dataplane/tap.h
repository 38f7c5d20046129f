/*
 * tap.h — taps on the wire: every frame a named interface receives or
 * sends can be shown to an observer (capture.c) without the packet path
 * knowing who watches.
 *
 * The packet path calls tap_rx()/tap_tx() with p->data at the Ethernet
 * header (802.1Q tag included for a subinterface), after the frame has
 * been mapped to the interface it belongs to (eth_input) and just before
 * it is handed to the device (port_tx).  Both are a load and a branch
 * while nobody watches.  Observers must not keep or change the packet:
 * they copy what they need.
 */
#ifndef PIXIE_DP_TAP_H
#define PIXIE_DP_TAP_H

#include <stdbool.h>

#include "dataplane/dp.h"

enum tap_dir { TAP_RX, TAP_TX };

typedef void (*tap_fn)(struct iface *ifp, const struct pkt *p, enum tap_dir dir);

/* Install the observer (one: the capture module); NULL removes it. */
void tap_set(tap_fn fn);
/* The observer wants frames now (false: the taps cost nothing). */
void tap_enable(bool on);

extern bool tap_on;
void tap_deliver(struct iface *ifp, const struct pkt *p, enum tap_dir dir);

static inline void tap_rx(struct iface *ifp, const struct pkt *p)
{
	if (__builtin_expect(tap_on, 0))
		tap_deliver(ifp, p, TAP_RX);
}

static inline void tap_tx(struct iface *ifp, const struct pkt *p)
{
	if (__builtin_expect(tap_on, 0))
		tap_deliver(ifp, p, TAP_TX);
}

#endif
