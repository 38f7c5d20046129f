/* arp.h — "arp timeout" and static ARP entries, as configured. */
#ifndef PIXIE_DP_ARP_H
#define PIXIE_DP_ARP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/iface.h"

#define ARP_TIMEOUT_DEFAULT 14400

struct arp_static {
	char ifname[IFACE_NAME_MAX + 1];
	uint32_t ip;
	uint8_t mac[6];
	bool alias; /* proxy ARP for this address */
};

unsigned long arp_timeout(void); /* seconds */
size_t arp_static_count(void);
const struct arp_static *arp_static_at(size_t i);

#endif
