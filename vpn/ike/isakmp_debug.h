/*
 * isakmp_debug.h — the `debug crypto isakmp` decode lines of a PIX/ASA 7.2:
 *   IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR + SA (1) +
 *   VENDOR (13) + NONE (0) total length : 256
 * (one line).  The caller adds the "Jan 02 18:26:44 [IKEv1]: IP = a.b.c.d, "
 * prefix and decides the debug level.
 */
#ifndef PIXIE_ISAKMP_DEBUG_H
#define PIXIE_ISAKMP_DEBUG_H
#include <stdbool.h>
#include <stdint.h>

#include "lib/strbuf.h"
#include "vpn/ike/isakmp_msg.h"

/* The ASA's name for a payload type ("SA", "VENDOR", "NAT-D", ...). */
const char *isakmp_pl_name(uint8_t type);

/* Append the decode line (no newline) for m: RECEIVED or SENDING.  The
 * payload list is m's (for an encrypted message, parse the decrypted body
 * first); the total length is m->hdr.length, or when that is 0 (a message
 * built here) the length isakmp_build() produces. */
void isakmp_debug_decode(struct strbuf *sb, bool sending, const struct isakmp_msg *m);
#endif
