/*
 * cksum.h — the Internet checksum (RFC 1071) and its incremental update
 * (RFC 1624), as IPv4, ICMP, UDP and TCP use it.
 *
 * Sums are kept unfolded in 32 bits while adding pieces, so a header and a
 * payload can be summed separately; cksum_fold() turns a sum into the
 * 16-bit one's complement value to store.  Byte order: the data is summed
 * as it lies in memory (network order), and the stored value is written
 * back with memcpy, so no byte swapping is needed anywhere.
 */
#ifndef PIXIE_CKSUM_H
#define PIXIE_CKSUM_H

#include <stddef.h>
#include <stdint.h>

/* Add len bytes at data to a running sum (start with 0). */
uint32_t cksum_add(uint32_t sum, const void *data, size_t len);
/* Fold and complement: the value to store in a checksum field. */
uint16_t cksum_fold(uint32_t sum);
/* One's complement checksum of a buffer (0 when a buffer that contains its
 * own correct checksum is summed). */
uint16_t cksum(const void *data, size_t len);
/* Sum of the IPv4 pseudo-header (addresses in network order as in the
 * packet, proto, L4 length in host order). */
uint32_t cksum_pseudo(const void *src4, const void *dst4, uint8_t proto, uint16_t len);
/* Checksum of a TCP/UDP segment with its pseudo-header; the checksum field
 * inside the segment is summed as it is (zero it first to compute). */
uint16_t cksum_l4(const void *src4, const void *dst4, uint8_t proto, const void *seg,
		  size_t len);
/* RFC 1624: a 16-bit checksum field (as stored, network order in memory)
 * after a 16/32-bit word it covers changed from old to new (both in network
 * order as stored). */
void cksum_update16(uint8_t field[2], uint16_t old_n, uint16_t new_n);
void cksum_update32(uint8_t field[2], uint32_t old_n, uint32_t new_n);

#endif
