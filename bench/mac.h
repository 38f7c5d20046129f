/*
 * mac.h — "aa:bb:cc:dd:ee:ff" to six bytes, for the bench's small C tools
 * (udpgen.c, afp_fwd.c), which are compiled one file each.
 */
#ifndef PIXIE_BENCH_MAC_H
#define PIXIE_BENCH_MAC_H

#include <stdint.h>
#include <stdio.h>

/* 0, or -1 when s is not six hex bytes separated by colons. */
static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

#endif
