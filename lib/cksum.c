/* cksum.c — Internet checksum, see cksum.h. */
#include "lib/cksum.h"

#include <string.h>

uint32_t cksum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t s = sum;
	/* 4 bytes at a time into a 64-bit accumulator: no carry is lost for
	 * any length a packet can have */
	while (len >= 4) {
		uint32_t w;
		memcpy(&w, p, 4);
		s += w;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		uint16_t w;
		memcpy(&w, p, 2);
		s += w;
		p += 2;
		len -= 2;
	}
	if (len) {
		/* the odd byte is the high-order byte of a word padded with 0,
		 * in memory order */
		uint16_t w = 0;
		memcpy(&w, p, 1);
		s += w;
	}
	while (s >> 32)
		s = (s & 0xffffffffu) + (s >> 32);
	/* keep the sum in 32 bits, carries folded in */
	return (uint32_t)s;
}

uint16_t cksum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t cksum(const void *data, size_t len)
{
	return cksum_fold(cksum_add(0, data, len));
}

uint32_t cksum_pseudo(const void *src4, const void *dst4, uint8_t proto, uint16_t len)
{
	uint8_t ph[12];
	memcpy(ph, src4, 4);
	memcpy(ph + 4, dst4, 4);
	ph[8] = 0;
	ph[9] = proto;
	ph[10] = (uint8_t)(len >> 8);
	ph[11] = (uint8_t)len;
	return cksum_add(0, ph, sizeof ph);
}

uint16_t cksum_l4(const void *src4, const void *dst4, uint8_t proto, const void *seg, size_t len)
{
	return cksum_fold(cksum_add(cksum_pseudo(src4, dst4, proto, (uint16_t)len), seg, len));
}

/* HC' = ~(~HC + ~m + m') with the words as they lie in memory. */
static void update(uint8_t field[2], uint32_t sub, uint32_t add)
{
	uint16_t hc;
	memcpy(&hc, field, 2);
	uint32_t s = (uint16_t)~hc;
	s += sub + add;
	hc = cksum_fold(s);
	memcpy(field, &hc, 2);
}

void cksum_update16(uint8_t field[2], uint16_t old_n, uint16_t new_n)
{
	update(field, (uint16_t)~old_n, new_n);
}

void cksum_update32(uint8_t field[2], uint32_t old_n, uint32_t new_n)
{
	uint32_t nold = ~old_n;
	update(field, (nold & 0xffff) + (nold >> 16), (new_n & 0xffff) + (new_n >> 16));
}
