/*
 * lhost.h — local hosts: every host on the higher-security side of a
 * conn or the real side of an xlate, per interface, with its counts
 * ("show local-host", 609001/609002).  A host exists while something
 * refers to it.
 */
#ifndef PIXIE_DP_LHOST_H
#define PIXIE_DP_LHOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lhost {
	uint16_t slot;
	uint32_t ip;
	uint32_t tcp, udp, other, embryonic, xlates;
	uint32_t created;
};

enum lh_what { LH_TCP, LH_UDP, LH_OTHER, LH_EMBRYONIC, LH_XLATE };

void lhost_ref(int slot, uint32_t ip, enum lh_what w);
void lhost_unref(int slot, uint32_t ip, enum lh_what w);
struct lhost *lhost_find(int slot, uint32_t ip);
size_t lhost_count(void);
/* Hosts of one slot (slot -1: all), sorted by address; caller frees. */
struct lhost **lhost_list(int slot, size_t *n);
/* Forget every host (after the tables were cleared). */
void lhost_reset(void);
size_t lhost_mem(void);

#endif
