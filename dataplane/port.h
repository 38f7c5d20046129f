/*
 * port.h — what the packet path needs of ports beyond dp.h: fake ports for
 * tests and the fuzzer, and the port list for the show commands.
 */
#ifndef PIXIE_DP_PORT_H
#define PIXIE_DP_PORT_H

#include "dataplane/dp.h"

/* Frames port_tx() would send on a fake port go here (ownership passes). */
typedef void (*port_tx_hook_fn)(struct iface *ifp, struct pkt *p);
/* Bind the physical interface ifp to no device: port_bound() is true, the
 * link is up, and transmitted frames are handed to fn.  For unit tests and
 * the fuzzer. */
void port_fake(struct iface *ifp, port_tx_hook_fn fn);

/* Start receiving on every bound port (dp_start). */
void port_start_all(void);

/* Bring each device up or down as its port's "shutdown" says (dp_sync). */
void port_admin_sync(void);

/* Linux device a port is bound to ("" when none). */
const char *port_dev(const struct iface *ifp);

#endif
