/* dns_guard.h — "dns-guard" as the DNS inspection reads it. */
#ifndef PIXIE_DP_DNS_GUARD_H
#define PIXIE_DP_DNS_GUARD_H

#include <stdbool.h>

/* Drop DNS responses after the first one of a query? (on by default) */
bool dns_guard_enabled(void);

#endif
