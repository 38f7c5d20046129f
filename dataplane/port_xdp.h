/*
 * port_xdp.h — the AF_XDP backend of port.c (opt-in: PIXIE_IO=xdp in the
 * environment when the ports are bound).  One socket per device on its
 * queue 0, copy mode; see port_xdp.c.
 */
#ifndef PIXIE_DP_PORT_XDP_H
#define PIXIE_DP_PORT_XDP_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/dp.h"

struct xport;

/* PIXIE_IO=xdp: bind ports with AF_XDP instead of AF_PACKET. */
bool xport_wanted(void);

/* Open an AF_XDP socket on queue 0 of dev and attach the redirect program
 * (native mode, else generic mode with a warning on stderr).  0 or -errno;
 * the reason of a failure is printed. */
int xport_open(const char *dev, int ifindex, struct xport **out);
void xport_close(struct xport *x); /* detaches the program */
int xport_fd(const struct xport *x); /* readable when frames wait */

/* Hand up to budget received frames to fn (the frame is valid during the
 * call only); returns how many were handed. */
typedef void (*xport_rx_fn)(void *ctx, const uint8_t *frame, uint32_t len);
unsigned xport_rx(struct xport *x, unsigned budget, xport_rx_fn fn, void *ctx);

/* Copy frames v[0..n) into the transmit ring and kick the kernel; returns
 * how many were taken (the caller frees them); frames too big for a UMEM
 * frame are taken and counted in *bad.  Fewer than n: the ring is full. */
unsigned xport_tx(struct xport *x, struct pkt *const *v, unsigned n, unsigned *bad);
/* Frames in the transmit ring the kernel has not taken yet (retry the kick). */
bool xport_tx_pending(struct xport *x);

/* Frames the kernel dropped for this socket since the last call (ring or
 * fill ring full: the NIC's overruns). */
uint64_t xport_rx_drops(struct xport *x);

#endif
