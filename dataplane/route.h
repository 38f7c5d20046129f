/*
 * route.h — static routes ("route outside 0.0.0.0 0.0.0.0 172.16.1.2 1"),
 * in entry order.  The dataplane builds its FIB from these plus the
 * connected networks of the interfaces.
 */
#ifndef PIXIE_DP_ROUTE_H
#define PIXIE_DP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/iface.h"

struct route {
	char ifname[IFACE_NAME_MAX + 1];
	uint32_t net, mask, gw; /* host order */
	int metric;             /* 1-255, default 1 */
	bool tunneled;          /* default route for tunneled (VPN) traffic */
	int track;              /* "track N" (7.2 static route tracking), 0 = none */
};

size_t route_count(void);
const struct route *route_at(size_t i);

#endif
