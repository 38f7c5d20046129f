/*
 * isakmp_debug.c — IKE_DECODE lines as `debug crypto isakmp` prints them.
 * Format from the seed's PIX 7.2 debug sample: the message id in lower-case
 * hex without leading zeros ("msgid=e1b84b0", "msgid=0"), each payload as
 * "NAME (number)", the list closed by "NONE (0)".
 */
#include "vpn/ike/isakmp_debug.h"

const char *isakmp_pl_name(uint8_t type)
{
	switch (type) {
	case ISAKMP_PL_NONE: return "NONE";
	case ISAKMP_PL_SA: return "SA";
	case ISAKMP_PL_P: return "PROPOSAL";  /* [R] never at top level */
	case ISAKMP_PL_T: return "TRANSFORM"; /* [R] */
	case ISAKMP_PL_KE: return "KE";
	case ISAKMP_PL_ID: return "ID";
	case ISAKMP_PL_CERT: return "CERT";       /* [R] */
	case ISAKMP_PL_CR: return "CERT_REQ";     /* [R] */
	case ISAKMP_PL_HASH: return "HASH";
	case ISAKMP_PL_SIG: return "SIG";         /* [R] */
	case ISAKMP_PL_NONCE: return "NONCE";
	case ISAKMP_PL_N: return "NOTIFY";
	case ISAKMP_PL_D: return "DELETE";
	case ISAKMP_PL_VID: return "VENDOR";
	case ISAKMP_PL_ATTR: return "ATTR";
	case ISAKMP_PL_NAT_D:
	case ISAKMP_PL_NAT_D_DRAFT: return "NAT-D";
	case ISAKMP_PL_NAT_OA:
	case ISAKMP_PL_NAT_OA_DRAFT: return "NAT-OA"; /* [R] */
	case ISAKMP_PL_FRAG: return "FRAG";           /* [R] */
	default: return "UNKNOWN";                    /* [R] */
	}
}

void isakmp_debug_decode(struct strbuf *sb, bool sending, const struct isakmp_msg *m)
{
	sb_printf(sb, "IKE_DECODE %s Message (msgid=%x) with payloads : HDR",
		  sending ? "SENDING" : "RECEIVED", (unsigned)m->hdr.msgid);
	unsigned n = m->npl < ISAKMP_MAX_PAYLOADS ? m->npl : ISAKMP_MAX_PAYLOADS;
	for (unsigned i = 0; i < n; i++)
		sb_printf(sb, " + %s (%u)", isakmp_pl_name(m->pl[i].type), m->pl[i].type);
	size_t total = m->hdr.length ? m->hdr.length : isakmp_build_len(m);
	sb_printf(sb, " + NONE (0) total length : %zu", total);
}
