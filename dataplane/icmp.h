/*
 * icmp.h — "icmp permit|deny ADDR [TYPE] IF": which ICMP messages to the
 * box's own interface addresses are answered, first match wins (no entry
 * for an interface: all permitted), and "icmp unreachable rate-limit".
 */
#ifndef PIXIE_DP_ICMP_H
#define PIXIE_DP_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/iface.h"

struct icmp_rule {
	bool permit;
	uint32_t ip, mask; /* any: 0/0; host: mask 255.255.255.255 */
	int type;          /* ICMP type, -1 = all */
	char ifname[IFACE_NAME_MAX + 1];
};

size_t icmp_rule_count(void);
const struct icmp_rule *icmp_rule_at(size_t i);
int icmp_unreach_rate(void);  /* messages per second, default 1 */
int icmp_unreach_burst(void); /* default 1 */

#endif
