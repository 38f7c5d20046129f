/*
 * tftp.h — a TFTP client for the box's "copy ... tftp://HOST/PATH" (RFC
 * 1350, octet mode, write requests): the transfer runs over an ordinary
 * socket of the box's own stack, so it leaves through the dataplane
 * (tun.h).  The caller waits in a nested event loop: packets, timers and
 * other sessions go on meanwhile.
 */
#ifndef PIXIE_DP_TFTP_H
#define PIXIE_DP_TFTP_H

#include <stddef.h>
#include <stdint.h>

/* "tftp://HOST[:PORT]/PATH" -> host, port (69 by default) and path (without
 * the leading slash).  false when url is not such a URL. */
_Bool tftp_parse_url(const char *url, uint32_t *host, uint16_t *port, char *path, size_t n);

/* Write len bytes as file `path` on host:port.  progress (may be NULL) is
 * called every 32 blocks.  0, or -1 with *err set ("Timed out", the
 * server's error message...). */
int tftp_put(uint32_t host, uint16_t port, const char *path, const uint8_t *data, size_t len,
	     void (*progress)(void *ctx), void *ctx, const char **err);

#endif
