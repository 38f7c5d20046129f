/*
 * ike_prop.c — phase-1 proposals against `crypto isakmp policy`, and the
 * peer -> tunnel-group -> pre-shared key decision.
 *
 * Selection as the ASA does it: our policies in priority order, each
 * against every transform the peer offers; the first one whose cipher,
 * key length, hash, authentication (pre-share) and DH group agree wins.
 * The peer's lifetime is taken when it is not longer than ours, else ours.
 */
#include <stdio.h>
#include <string.h>

#include "dataplane/iface.h"
#include "lib/ip4.h"
#include "vpn/crypto_conf.h"
#include "vpn/ike/ike_int.h"
#include "vpn/tunnel_group.h"

/* RFC 2409 Appendix A attribute classes */
enum {
	P1A_ENC = 1,
	P1A_HASH = 2,
	P1A_AUTH = 3,
	P1A_GROUP = 4,
	P1A_LIFE_TYPE = 11,
	P1A_LIFE_DUR = 12,
	P1A_KEYLEN = 14,
};
#define P1_AUTH_PSK 1
#define LIFE_SECONDS 1
#define KEY_IKE 1
#define PROTO_ISAKMP 1

/* The policy as crypto parameters; false when we cannot do it (group 7,
 * rsa-sig, crack). */
static bool policy_p1(const struct isakmp_policy *pol, struct ike_p1 *p)
{
	memset(p, 0, sizeof *p);
	if (pol->auth != IKE_AUTH_PRESHARE)
		return false;
	switch (pol->enc) {
	case IKE_ENC_DES: p->cipher = IKEC_DES; break;
	case IKE_ENC_3DES: p->cipher = IKEC_3DES; break;
	case IKE_ENC_AES: p->cipher = IKEC_AES_CBC; p->key_bits = 128; break;
	case IKE_ENC_AES192: p->cipher = IKEC_AES_CBC; p->key_bits = 192; break;
	case IKE_ENC_AES256: p->cipher = IKEC_AES_CBC; p->key_bits = 256; break;
	default: return false;
	}
	p->hash = pol->hash == IKE_HASH_MD5 ? IKEH_MD5 : IKEH_SHA1;
	switch (pol->group) {
	case 1: p->group = IKEG_MODP768; break;
	case 2: p->group = IKEG_MODP1024; break;
	case 5: p->group = IKEG_MODP1536; break;
	case 14: p->group = IKEG_MODP2048; break;
	default: return false;
	}
	p->life_sec = pol->lifetime;
	p->prio = pol->prio;
	return true;
}

/* The policies to use: the configured ones, or with none the default
 * protection suite (priority 65535: pre-share, 3des, sha, group 2, 1 day). */
static size_t policies(const struct isakmp_policy **out)
{
	struct isakmp_conf *k = &crypto_conf()->isakmp;
	static struct isakmp_policy dflt;
	if (k->npol) {
		*out = k->pol;
		return k->npol;
	}
	isakmp_policy_defaults(&dflt, ISAKMP_PRIO_MAX);
	*out = &dflt;
	return 1;
}

bool ike_p1_from_attrs(const struct isakmp_msg *m, const struct isakmp_transform *t,
		       struct ike_p1 *out, bool *unknown)
{
	memset(out, 0, sizeof *out);
	*unknown = false;
	bool have_enc = false, have_hash = false, have_group = false, psk = false;
	unsigned life_type = 0;
	for (unsigned i = 0; i < t->attr_count; i++) {
		const struct isakmp_attr *a = &m->attrs[t->attr_first + i];
		uint64_t v;
		if (!isakmp_attr_uint(a, &v)) {
			*unknown = true;
			continue;
		}
		switch (a->type) {
		case P1A_ENC:
			have_enc = v == IKEC_DES || v == IKEC_3DES || v == IKEC_AES_CBC;
			out->cipher = (enum ike_cipher)v;
			break;
		case P1A_HASH:
			have_hash = v == IKEH_MD5 || v == IKEH_SHA1;
			out->hash = (enum ike_prf)v;
			break;
		case P1A_AUTH:
			psk = v == P1_AUTH_PSK;
			break;
		case P1A_GROUP:
			have_group = v == 1 || v == 2 || v == 5 || v == 14;
			out->group = (enum ike_dh_group)v;
			break;
		case P1A_LIFE_TYPE:
			life_type = (unsigned)v;
			break;
		case P1A_LIFE_DUR:
			if (life_type == LIFE_SECONDS)
				out->life_sec = v > 0xffffffffu ? 0xffffffffu : (unsigned long)v;
			break;
		case P1A_KEYLEN:
			out->key_bits = (unsigned)v;
			break;
		default:
			*unknown = true;
			break;
		}
	}
	if (out->cipher == IKEC_AES_CBC && out->key_bits == 0)
		out->key_bits = 128;
	return have_enc && have_hash && have_group && psk &&
	       ike_cipher_keylen(out->cipher, out->key_bits) != 0;
}

const char *ike_p1_cipher_kw(const struct ike_p1 *p)
{
	if (p->cipher == IKEC_DES)
		return "des";
	if (p->cipher == IKEC_3DES)
		return "3des";
	return p->key_bits == 256 ? "aes-256" : p->key_bits == 192 ? "aes-192" : "aes";
}

bool ike_p1_choose(const struct isakmp_msg *m, const struct isakmp_payload *sa,
		   struct ike_p1 *out, struct ike_sa *log_sa)
{
	const struct isakmp_policy *pols;
	size_t npol = policies(&pols);
	for (size_t pi = 0; pi < npol; pi++) {
		struct ike_p1 ours;
		if (!policy_p1(&pols[pi], &ours))
			continue;
		for (unsigned i = 0; i < sa->u.sa.prop_count; i++) {
			const struct isakmp_proposal *pr = &m->props[sa->u.sa.prop_first + i];
			if (pr->protocol != PROTO_ISAKMP)
				continue;
			for (unsigned j = 0; j < pr->xf_count; j++) {
				const struct isakmp_transform *t = &m->xforms[pr->xf_first + j];
				struct ike_p1 theirs;
				bool unknown;
				if (t->id != KEY_IKE || !ike_p1_from_attrs(m, t, &theirs, &unknown))
					continue;
				if (theirs.cipher != ours.cipher || theirs.key_bits != ours.key_bits ||
				    theirs.hash != ours.hash || theirs.group != ours.group)
					continue;
				*out = ours;
				if (theirs.life_sec && (!ours.life_sec || theirs.life_sec <= ours.life_sec))
					out->life_sec = theirs.life_sec;
				out->prop_num = pr->num;
				out->xf_num = t->num;
				ike_dbg(log_sa, 0,
					"IKE SA Proposal # %u, Transform # %u acceptable  Matches global IKE entry # %zu",
					pr->num, t->num, pi + 1);
				return true;
			}
		}
	}
	return false;
}

static bool add_attrs(struct isakmp_msg *m, struct isakmp_transform *t, struct ike_p1 *p)
{
	bool ok = isakmp_add_attr_basic(m, t, P1A_ENC, (uint16_t)p->cipher) &&
		  isakmp_add_attr_basic(m, t, P1A_HASH, (uint16_t)p->hash) &&
		  isakmp_add_attr_basic(m, t, P1A_AUTH, P1_AUTH_PSK) &&
		  isakmp_add_attr_basic(m, t, P1A_GROUP, (uint16_t)p->group);
	if (ok && p->cipher == IKEC_AES_CBC)
		ok = isakmp_add_attr_basic(m, t, P1A_KEYLEN, (uint16_t)p->key_bits);
	if (ok && p->life_sec) {
		ok = isakmp_add_attr_basic(m, t, P1A_LIFE_TYPE, LIFE_SECONDS);
		if (ok && p->life_sec <= 0xffff) {
			ok = isakmp_add_attr_basic(m, t, P1A_LIFE_DUR, (uint16_t)p->life_sec);
		} else if (ok) {
			uint32_t v = (uint32_t)p->life_sec;
			p->life_be[0] = (uint8_t)(v >> 24);
			p->life_be[1] = (uint8_t)(v >> 16);
			p->life_be[2] = (uint8_t)(v >> 8);
			p->life_be[3] = (uint8_t)v;
			ok = isakmp_add_attr_var(m, t, P1A_LIFE_DUR, p->life_be, 4);
		}
	}
	return ok;
}

static struct isakmp_payload *add_sa(struct isakmp_msg *m)
{
	struct isakmp_payload *pl = isakmp_add_payload(m, ISAKMP_PL_SA);
	if (pl) {
		pl->u.sa.doi = ISAKMP_DOI_IPSEC;
		pl->u.sa.situation = ISAKMP_SIT_IDENTITY_ONLY;
	}
	return pl;
}

bool ike_p1_add_sa(struct isakmp_msg *m, const struct ike_p1 *p, uint8_t xf_num)
{
	struct isakmp_payload *pl = add_sa(m);
	struct isakmp_proposal *pr = pl ? isakmp_add_proposal(m, pl, p->prop_num ? p->prop_num : 1,
							      PROTO_ISAKMP)
					: NULL;
	struct isakmp_transform *t = pr ? isakmp_add_transform(m, pr, xf_num, KEY_IKE) : NULL;
	return t && add_attrs(m, t, (struct ike_p1 *)p);
}

/* The initiator offers every usable policy, as one proposal with one
 * transform per policy (priority order). */
bool ike_p1_add_offer(struct isakmp_msg *m, struct ike_p1 *offers, size_t *n, size_t max)
{
	const struct isakmp_policy *pols;
	size_t npol = policies(&pols);
	struct isakmp_payload *pl = add_sa(m);
	struct isakmp_proposal *pr = pl ? isakmp_add_proposal(m, pl, 1, PROTO_ISAKMP) : NULL;
	if (!pr)
		return false;
	*n = 0;
	for (size_t i = 0; i < npol && *n < max; i++) {
		if (!policy_p1(&pols[i], &offers[*n]))
			continue;
		struct isakmp_transform *t = isakmp_add_transform(m, pr, (uint8_t)(*n + 1), KEY_IKE);
		if (!t || !add_attrs(m, t, &offers[*n]))
			return false;
		(*n)++;
	}
	return *n > 0;
}

void ike_ifname_for(uint32_t local, char *out, size_t n)
{
	out[0] = '\0';
	struct iface *best = NULL;
	for (size_t i = 0; i < iface_count(); i++) {
		struct iface *ifp = iface_at(i);
		if (!ifp->nameif[0] || !ifp->has_ip)
			continue;
		if (ifp->ip == local) {
			best = ifp;
			break;
		}
		if (!best && ((ifp->ip ^ local) & ifp->mask) == 0)
			best = ifp;
	}
	if (best)
		snprintf(out, n, "%s", best->nameif);
}

/* Does a static entry of the interface's crypto map name this peer? */
static bool static_peer(uint32_t peer, const char *ifname)
{
	struct cmap *cm = ifname && ifname[0] ? crypto_map_for_if(ifname) : NULL;
	for (size_t i = 0; cm && i < cm->n; i++) {
		const struct cmap_entry *e = cm->ents[i];
		if (e->dynamic)
			continue;
		for (size_t j = 0; j < e->npeers; j++)
			if (e->peers[j] == peer)
				return true;
	}
	return false;
}

const char *ike_psk_for(uint32_t peer, const char *ifname, char *group, size_t gsz, bool *l2l)
{
	char ip[16];
	ip4_fmt(peer, ip);
	struct tunnel_group *g = tg_find(ip);
	if (!g)
		g = tg_find(static_peer(peer, ifname) ? "DefaultL2LGroup" : "DefaultRAGroup");
	if (!g) {
		group[0] = '\0';
		*l2l = false;
		return NULL;
	}
	snprintf(group, gsz, "%s", g->name);
	*l2l = g->type == TG_IPSEC_L2L;
	return g->psk && g->psk[0] ? g->psk : NULL;
}
