/*
 * ike_vid.c — Vendor ID payloads: which capabilities the peer announces
 * (NAT-T RFC 3947 and its drafts, DPD, Cisco Unity/fragmentation, XAUTH)
 * and the ones we send, as a PIX/ASA 7.2 does.  Values are the
 * well-known MD5 hashes the implementations publish.
 */
#include <string.h>

#include "vpn/ike/ike_int.h"

struct vid_def {
	enum ike_vid v;
	const char *name;
	uint8_t len;     /* bytes compared (a prefix for versioned ones) */
	uint8_t send_len;
	uint8_t b[20];
};

static const struct vid_def vids[] = {
	{VID_NATT_RFC, "NAT-Traversal RFC", 16, 16,
	 {0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95,
	  0x45, 0x2f}},
	{VID_NATT_02, "NAT-Traversal ver 02", 16, 16,
	 {0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8, 0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6,
	  0xa4, 0x48}},
	{VID_NATT_02N, "NAT-Traversal ver 02", 16, 16,
	 {0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e, 0x08, 0x63, 0x81, 0xb5, 0xec, 0x42,
	  0x7b, 0x1f}},
	{VID_NATT_03, "NAT-Traversal ver 03", 16, 16,
	 {0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f, 0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52,
	  0x9d, 0x56}},
	{VID_DPD, "DPD", 16, 16,
	 {0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9, 0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57,
	  0x01, 0x00}},
	{VID_UNITY, "Cisco Unity", 16, 16,
	 {0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9, 0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc,
	  0x01, 0x00}},
	{VID_XAUTH, "xauth", 8, 8, {0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12}},
	/* "FRAGMENTATION": 16-byte hash then 4 capability bytes */
	{VID_FRAG, "Fragmentation", 16, 20,
	 {0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85, 0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6,
	  0xc2, 0xd3, 0x80, 0x00, 0x00, 0x00}},
	{VID_CISCO_VPN3000, "Altiga/Cisco VPN3000/Cisco ASA GW", 14, 16,
	 {0x1f, 0x07, 0xf7, 0x0e, 0xaa, 0x65, 0x14, 0xd3, 0xb0, 0xfa, 0x96, 0x54, 0x2a, 0x50,
	  0x01, 0x00}},
	{VID_MS_NT5, "Microsoft", 16, 16,
	 {0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96, 0xfc, 0xbf, 0xb5, 0x87,
	  0xe4, 0x61}},
	{VID_STRONGSWAN, "strongSwan", 16, 16,
	 {0x88, 0x2f, 0xe5, 0x6d, 0x6f, 0xd2, 0x0d, 0xbc, 0x22, 0x51, 0x61, 0x3b, 0x2e, 0xbe,
	  0x5b, 0xeb}},
};

static const struct vid_def *find(enum ike_vid v)
{
	for (size_t i = 0; i < sizeof vids / sizeof vids[0]; i++)
		if (vids[i].v == v)
			return &vids[i];
	return NULL;
}

enum ike_vid ike_vid_classify(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < sizeof vids / sizeof vids[0]; i++)
		if (len >= vids[i].len && memcmp(p, vids[i].b, vids[i].len) == 0)
			return vids[i].v;
	return VID_UNKNOWN;
}

bool ike_vid_add(struct isakmp_msg *m, enum ike_vid v)
{
	const struct vid_def *d = find(v);
	struct isakmp_payload *pl = d ? isakmp_add_payload(m, ISAKMP_PL_VID) : NULL;
	if (!pl)
		return false;
	pl->u.data = (struct isakmp_span){d->b, d->send_len};
	return true;
}

/* Remember what the peer supports and pick the NAT-T flavour: RFC 3947
 * first, then draft 03, then 02/02n (the ASA's preference). */
void ike_vid_note(struct ike_sa *sa, const struct isakmp_msg *m)
{
	for (unsigned i = 0; i < m->npl; i++) {
		const struct isakmp_payload *pl = &m->pl[i];
		if (pl->type != ISAKMP_PL_VID)
			continue;
		ike_dbg(sa, 0, "processing VID payload");
		enum ike_vid v = ike_vid_classify(pl->u.data.p, pl->u.data.len);
		switch (v) {
		case VID_NATT_RFC:
			sa->peer_natt_rfc = true;
			ike_dbg(sa, 0, "Received NAT-Traversal RFC VID");
			break;
		case VID_NATT_02:
		case VID_NATT_02N:
			sa->peer_natt_02 = true;
			ike_dbg(sa, 0, "Received NAT-Traversal ver 02 VID");
			break;
		case VID_NATT_03:
			sa->peer_natt_03 = true;
			ike_dbg(sa, 0, "Received NAT-Traversal ver 03 VID");
			break;
		case VID_DPD:
			sa->peer_dpd = true;
			ike_dbg(sa, 0, "Received DPD VID");
			break;
		case VID_FRAG:
			sa->peer_frag = true;
			ike_dbg(sa, 0, "Received Fragmentation VID");
			break;
		case VID_UNITY:
			sa->peer_unity = true;
			ike_dbg(sa, 0, "Received Cisco Unity client VID");
			break;
		case VID_XAUTH:
			ike_dbg(sa, 0, "Received xauth V6 VID");
			break;
		case VID_CISCO_VPN3000:
			ike_dbg(sa, 0, "Received Altiga/Cisco VPN3000/Cisco ASA GW VID");
			break;
		default:
			ike_dbg(sa, 0, "Received unknown VID");
			break;
		}
	}
}

uint8_t ike_natd_type(const struct ike_sa *sa)
{
	return sa->natt == NATT_RFC ? ISAKMP_PL_NAT_D : ISAKMP_PL_NAT_D_DRAFT;
}
