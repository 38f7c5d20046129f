/*
 * tap.c — the observer behind tap_rx()/tap_tx() (see tap.h).
 */
#include "dataplane/tap.h"

bool tap_on;
static tap_fn observer;

void tap_set(tap_fn fn)
{
	observer = fn;
	if (!fn)
		tap_on = false;
}

void tap_enable(bool on)
{
	tap_on = on && observer;
}

void tap_deliver(struct iface *ifp, const struct pkt *p, enum tap_dir dir)
{
	if (observer && ifp && p)
		observer(ifp, p, dir);
}
