/* ip4.h — IPv4 addresses and masks as the ASA writes them (host order). */
#ifndef PIXIE_IP4_H
#define PIXIE_IP4_H
#include <stdbool.h>
#include <stdint.h>
/* Strict dotted quad: four decimal octets 0-255, no leading '+'/spaces. */
bool ip4_parse(const char *s, uint32_t *ip);
/* A contiguous netmask (255.255.255.0 yes, 255.0.255.0 no). */
bool ip4_parse_mask(const char *s, uint32_t *mask);
bool ip4_mask_valid(uint32_t mask);
int ip4_mask_len(uint32_t mask);
uint32_t ip4_len_mask(int len);
/* Formats into buf (16 bytes) and returns it. */
char *ip4_fmt(uint32_t ip, char buf[16]);
#endif
