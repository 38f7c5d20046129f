#include "lib/ip4.h"

#include <stdio.h>

bool ip4_parse(const char *s, uint32_t *ip)
{
	uint32_t v = 0;
	for (int oct = 0; oct < 4; oct++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned n = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9') {
			n = n * 10 + (unsigned)(*s++ - '0');
			if (++digits > 3 || n > 255)
				return false;
		}
		v = v << 8 | n;
		if (oct < 3 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	*ip = v;
	return true;
}

bool ip4_mask_valid(uint32_t mask)
{
	/* contiguous ones from the top: ~mask + 1 is a power of two (or 0) */
	uint32_t inv = ~mask;
	return (inv & (inv + 1)) == 0;
}

bool ip4_parse_mask(const char *s, uint32_t *mask)
{
	uint32_t m;
	if (!ip4_parse(s, &m) || !ip4_mask_valid(m))
		return false;
	*mask = m;
	return true;
}

int ip4_mask_len(uint32_t mask)
{
	int n = 0;
	while (mask & 0x80000000u) {
		n++;
		mask <<= 1;
	}
	return n;
}

uint32_t ip4_len_mask(int len)
{
	return len <= 0 ? 0 : len >= 32 ? 0xffffffffu : ~((1u << (32 - len)) - 1);
}

char *ip4_fmt(uint32_t ip, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255,
		 ip & 255);
	return buf;
}
