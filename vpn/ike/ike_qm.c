/*
 * ike_qm.c — quick mode (RFC 2409 5.5), both roles, ESP only.
 *
 *   initiator                                 responder
 *   1 HDR*, HASH(1), SA, Ni [,KE] [,IDci, IDcr] ->           (QM_WAIT_MSG3)
 *                       <- 2 HDR*, HASH(2), SA, Nr [,KE] [,IDci, IDcr] [,N]
 *   3 HDR*, HASH(3)                           ->   (pair into the SAD)
 *
 * The responder matches the proxy identities against the crypto map of
 * the interface: static entries (match address + set peer) first, then
 * `ipsec-isakmp dynamic` entries, and within the entry its transform-sets
 * in order against the peer's proposals.  The pair goes into the SAD with
 * the map tag of the entry that matched (the dynamic map's name and
 * sequence number for dynamic entries, as the ASA shows it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "dataplane/acl.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "vpn/crypto_conf.h"
#include "vpn/ike/ike_int.h"

#define PROTO_ESP 3
#define XF_ESP_DES 2
#define XF_ESP_3DES 3
#define XF_ESP_AES 12
enum { P2A_LIFE_TYPE = 1, P2A_LIFE_DUR = 2, P2A_GROUP = 3, P2A_ENCAP = 4, P2A_AUTH = 5,
       P2A_KEYLEN = 6 };
enum { ENCAP_TUNNEL = 1, ENCAP_TRANSPORT = 2, ENCAP_UDP_TUNNEL = 3, ENCAP_UDP_TRANSPORT = 4,
       ENCAP_UDP_TUNNEL_DRAFT = 61443, ENCAP_UDP_TRANSPORT_DRAFT = 61444 };
#define N_NO_PROPOSAL_CHOSEN 14
#define N_INVALID_ID_INFO 18
#define N_RESPONDER_LIFETIME 24576
#define ID_IPV4_ADDR 1
#define ID_IPV4_ADDR_SUBNET 4
#define ID_IPV4_ADDR_RANGE 7

/* One ESP transform as we understand it. */
struct p2_xf {
	enum esp_cipher cipher;
	enum esp_mac mac;
	uint8_t xf_id;
	unsigned key_bits;
	enum esp_mode mode;
	unsigned group;              /* PFS, 0 = none */
	unsigned long life_sec, life_kb; /* 0 = not given */
};

static bool tset_xf(const struct transform_set *t, struct p2_xf *x)
{
	memset(x, 0, sizeof *x);
	switch (t->enc) {
	case ESP_ENC_DES: x->cipher = ESPC_DES; x->xf_id = XF_ESP_DES; break;
	case ESP_ENC_3DES: x->cipher = ESPC_3DES; x->xf_id = XF_ESP_3DES; break;
	case ESP_ENC_AES: x->cipher = ESPC_AES128; x->xf_id = XF_ESP_AES; x->key_bits = 128; break;
	case ESP_ENC_AES192: x->cipher = ESPC_AES192; x->xf_id = XF_ESP_AES; x->key_bits = 192; break;
	case ESP_ENC_AES256: x->cipher = ESPC_AES256; x->xf_id = XF_ESP_AES; x->key_bits = 256; break;
	default: return false; /* esp-null: no ESP cipher for it here */
	}
	switch (t->auth) {
	case ESP_AUTH_MD5: x->mac = ESPA_MD5_96; break;
	case ESP_AUTH_SHA: x->mac = ESPA_SHA1_96; break;
	default: return false; /* ESP without integrity is not offered */
	}
	x->mode = t->transport ? ESP_TRANSPORT : ESP_TUNNEL;
	return true;
}

static bool xf_parse(const struct isakmp_msg *m, const struct isakmp_transform *t, struct p2_xf *x,
		     unsigned *encap)
{
	memset(x, 0, sizeof *x);
	*encap = ENCAP_TUNNEL; /* RFC 2407 4.5: unspecified means tunnel... */
	bool have_auth = false;
	unsigned life_type = 0;
	x->xf_id = t->id;
	for (unsigned i = 0; i < t->attr_count; i++) {
		const struct isakmp_attr *a = &m->attrs[t->attr_first + i];
		uint64_t v;
		if (!isakmp_attr_uint(a, &v))
			return false;
		switch (a->type) {
		case P2A_LIFE_TYPE: life_type = (unsigned)v; break;
		case P2A_LIFE_DUR:
			if (v > 0xffffffffu)
				v = 0xffffffffu;
			if (life_type == 1)
				x->life_sec = (unsigned long)v;
			else if (life_type == 2)
				x->life_kb = (unsigned long)v;
			break;
		case P2A_GROUP: x->group = (unsigned)v; break;
		case P2A_ENCAP: *encap = (unsigned)v; break;
		case P2A_AUTH:
			have_auth = v == 1 || v == 2;
			x->mac = v == 1 ? ESPA_MD5_96 : ESPA_SHA1_96;
			break;
		case P2A_KEYLEN: x->key_bits = (unsigned)v; break;
		default: return false;
		}
	}
	switch (t->id) {
	case XF_ESP_DES: x->cipher = ESPC_DES; break;
	case XF_ESP_3DES: x->cipher = ESPC_3DES; break;
	case XF_ESP_AES:
		if (!x->key_bits)
			x->key_bits = 128;
		x->cipher = x->key_bits == 256 ? ESPC_AES256 : x->key_bits == 192 ? ESPC_AES192
										 : ESPC_AES128;
		if (x->key_bits != 128 && x->key_bits != 192 && x->key_bits != 256)
			return false;
		break;
	default: return false;
	}
	switch (*encap) {
	case ENCAP_TUNNEL: case ENCAP_UDP_TUNNEL: case ENCAP_UDP_TUNNEL_DRAFT:
		x->mode = ESP_TUNNEL; break;
	case ENCAP_TRANSPORT: case ENCAP_UDP_TRANSPORT: case ENCAP_UDP_TRANSPORT_DRAFT:
		x->mode = ESP_TRANSPORT; break;
	default: return false;
	}
	return have_auth;
}

/* ESP in UDP (RFC 3948) when NAT-T was negotiated and a NAT was found;
 * a peer that moved to 4500 without a NAT still sends plain ESP */
static bool udp_encap(const struct ike_sa *sa)
{
	return sa->natt != NATT_NONE && (sa->nat_here || sa->nat_there);
}

static unsigned encap_value(const struct ike_sa *sa, enum esp_mode mode)
{
	if (!udp_encap(sa))
		return mode == ESP_TUNNEL ? ENCAP_TUNNEL : ENCAP_TRANSPORT;
	if (sa->natt == NATT_RFC)
		return mode == ESP_TUNNEL ? ENCAP_UDP_TUNNEL : ENCAP_UDP_TRANSPORT;
	return mode == ESP_TUNNEL ? ENCAP_UDP_TUNNEL_DRAFT : ENCAP_UDP_TRANSPORT_DRAFT;
}

static bool encap_ok(const struct ike_sa *sa, unsigned encap)
{
	bool udp = encap != ENCAP_TUNNEL && encap != ENCAP_TRANSPORT;
	return udp == udp_encap(sa);
}

/* ---- selectors and the crypto map ---------------------------------------- */

static bool addr_covers(const struct acl_addr *a, const struct ipsec_sel *s, const char *ifname)
{
	switch (a->kind) {
	case AA_ANY: return true;
	case AA_HOST: return s->mask == 0xffffffffu && s->addr == a->ip;
	case AA_NET:
		return (s->mask & a->mask) == a->mask && (s->addr & a->mask) == (a->ip & a->mask);
	default: (void)ifname; return false; /* object-groups, interface: not for proxies */
	}
}

static bool port_covers(const struct acl_port *p, uint16_t port)
{
	switch (p->op) {
	case PORT_NONE: return true;
	case PORT_EQ: return port == p->lo;
	case PORT_RANGE: return port && port >= p->lo && port <= p->hi;
	default: return false;
	}
}

/* Does `match address` ACL name permit traffic local -> remote? */
static bool acl_permits(const char *name, const struct ipsec_sel *local,
			const struct ipsec_sel *remote)
{
	struct acl *l = acl_find(name);
	for (size_t i = 0; l && i < l->n; i++) {
		const struct ace *e = l->v[i];
		if (e->kind != ACE_EXTENDED || e->inactive || e->proto < 0)
			continue;
		if (e->proto != 0 && e->proto != local->proto)
			continue;
		if (!addr_covers(&e->src, local, NULL) || !addr_covers(&e->dst, remote, NULL))
			continue;
		if (!port_covers(&e->sport, local->port) || !port_covers(&e->dport, remote->port))
			continue;
		return e->permit;
	}
	return false;
}

struct p2_match {
	const struct cmap_entry *e; /* the entry whose tsets/pfs/lifetimes apply */
	char map[SAD_NAME_MAX];
	unsigned long seq;
	bool dynamic;
};

static bool find_entry(const struct ike_sa *sa, const struct ipsec_sel *local,
		       const struct ipsec_sel *remote, struct p2_match *out)
{
	struct cmap *cm = sa->ifname[0] ? crypto_map_for_if(sa->ifname) : NULL;
	for (size_t i = 0; cm && i < cm->n; i++) {
		const struct cmap_entry *e = cm->ents[i];
		if (e->dynamic || !e->acl || e->conn == CONN_ORIGINATE_ONLY)
			continue;
		bool peer = false;
		for (size_t j = 0; j < e->npeers; j++)
			peer |= e->peers[j] == sa->peer;
		if (peer && acl_permits(e->acl, local, remote)) {
			*out = (struct p2_match){e, "", e->seq, false};
			snprintf(out->map, sizeof out->map, "%s", cm->name);
			return true;
		}
	}
	for (size_t i = 0; cm && i < cm->n; i++) {
		const struct cmap_entry *e = cm->ents[i];
		struct cmap *dm = e->dynamic ? cmap_find(&crypto_conf()->dynmaps, e->dynamic) : NULL;
		for (size_t k = 0; dm && k < dm->n; k++) {
			const struct cmap_entry *d = dm->ents[k];
			if (d->acl && !acl_permits(d->acl, local, remote))
				continue;
			*out = (struct p2_match){d, "", d->seq, true};
			snprintf(out->map, sizeof out->map, "%s", dm->name);
			return true;
		}
	}
	return false;
}

static unsigned entry_pfs(const struct cmap_entry *e)
{
	return e->pfs ? (e->pfs_group ? (unsigned)e->pfs_group : 2) : 0;
}

static void our_lifetimes(const struct cmap_entry *e, unsigned long *sec, unsigned long *kb)
{
	const struct ipsec_globals *g = &crypto_conf()->ipsec;
	*sec = e && e->sa_sec ? e->sa_sec : g->sa_sec_set ? g->sa_sec : IPSEC_SA_SEC_DEFAULT;
	*kb = e && e->sa_kb ? e->sa_kb : g->sa_kb_set ? g->sa_kb : IPSEC_SA_KB_DEFAULT;
}

/* ---- identities ----------------------------------------------------------- */

static bool id_parse(const struct isakmp_payload *pl, struct ipsec_sel *s)
{
	const struct isakmp_id *id = &pl->u.id;
	const uint8_t *d = id->data.p;
	memset(s, 0, sizeof *s);
	s->proto = id->protocol;
	s->port = id->port;
	switch (id->type) {
	case ID_IPV4_ADDR:
		if (id->data.len != 4)
			return false;
		s->addr = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
		s->mask = 0xffffffffu;
		return true;
	case ID_IPV4_ADDR_SUBNET:
		if (id->data.len != 8)
			return false;
		s->addr = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
		s->mask = (uint32_t)d[4] << 24 | (uint32_t)d[5] << 16 | (uint32_t)d[6] << 8 | d[7];
		s->addr &= s->mask;
		return true;
	default:
		return false;
	}
}

static void id_fill(struct isakmp_payload *pl, const struct ipsec_sel *s, uint8_t buf[8])
{
	for (int i = 0; i < 4; i++) {
		buf[i] = (uint8_t)(s->addr >> (24 - 8 * i));
		buf[4 + i] = (uint8_t)(s->mask >> (24 - 8 * i));
	}
	bool host = s->mask == 0xffffffffu;
	pl->u.id.type = host ? ID_IPV4_ADDR : ID_IPV4_ADDR_SUBNET;
	pl->u.id.protocol = s->proto;
	pl->u.id.port = s->port;
	pl->u.id.data = (struct isakmp_span){buf, host ? 4u : 8u};
}

static void log_proxy(const struct ike_sa *sa, const char *which, const struct ipsec_sel *s)
{
	char a[16], m[16];
	if (s->mask == 0xffffffffu)
		ike_ev(sa, 0, "Received %s Proxy Host data in ID Payload:  Address %s, Protocol %u, Port %u",
		       which, ip4_fmt(s->addr, a), s->proto, s->port);
	else
		ike_ev(sa, 0,
		       "Received %s IP Proxy Subnet data in ID Payload:   Address %s, Mask %s, Protocol %u, Port %u",
		       which, ip4_fmt(s->addr, a), ip4_fmt(s->mask, m), s->proto, s->port);
}

void (*ike_sad_add_hook)(const struct sad_params *p);

/* ---- qm objects ------------------------------------------------------------- */

void ike_qm_free(struct ike_qm *q)
{
	if (q->sa) {
		for (struct ike_qm **pp = &q->sa->qms; *pp; pp = &(*pp)->next)
			if (*pp == q) {
				*pp = q->next;
				break;
			}
	}
	if (q->spi_reserved)
		sad_spi_release(q->p.spi_in);
	ike_tx_clear(&q->tx);
	ike_dh_free(q->dh);
	OPENSSL_cleanse(q, sizeof *q);
	free(q);
}

struct ike_qm *ike_qm_find(struct ike_sa *sa, uint32_t msgid)
{
	for (struct ike_qm *q = sa->qms; q; q = q->next)
		if (q->msgid == msgid)
			return q;
	return NULL;
}

static struct ike_qm *qm_new(struct ike_sa *sa, uint32_t msgid, bool initiator)
{
	struct ike_qm *q = xcalloc(1, sizeof *q);
	q->sa = sa;
	q->msgid = msgid;
	q->initiator = initiator;
	q->tx.sa = sa;
	q->tx.qm = q;
	uint8_t mid[4] = {(uint8_t)(msgid >> 24), (uint8_t)(msgid >> 16), (uint8_t)(msgid >> 8),
			  (uint8_t)msgid};
	ike_iv_phase2(&sa->keys, mid, q->iv);
	q->next = sa->qms;
	sa->qms = q;
	return q;
}

/* Only the finished exchange is kept (for a duplicate of its last message). */
static void qm_prune_done(struct ike_sa *sa, struct ike_qm *keep)
{
	struct ike_qm *q = sa->qms;
	while (q) {
		struct ike_qm *n = q->next;
		if (q != keep && q->st == QM_DONE)
			ike_qm_free(q);
		q = n;
	}
}

static void mid_bytes(uint32_t msgid, uint8_t mid[4])
{
	mid[0] = (uint8_t)(msgid >> 24);
	mid[1] = (uint8_t)(msgid >> 16);
	mid[2] = (uint8_t)(msgid >> 8);
	mid[3] = (uint8_t)msgid;
}

/* HASH(1) or HASH(2) into the first payload of the plaintext body. */
struct hash_patch {
	struct ike_qm *q;
	int which; /* 1 or 2 */
};

static bool patch_hash(void *arg, uint8_t *body, size_t len)
{
	struct hash_patch *hp = arg;
	struct ike_qm *q = hp->q;
	size_t hl = q->sa->keys.hlen;
	if (len < 4 + hl)
		return false;
	uint8_t mid[4];
	mid_bytes(q->msgid, mid);
	struct ike_buf rest = {body + 4 + hl, len - 4 - hl};
	if (hp->which == 1)
		return ike_qm_hash1(&q->sa->keys, mid, rest, body + 4);
	return ike_qm_hash2(&q->sa->keys, mid, (struct ike_buf){q->ni, q->nilen}, rest, body + 4);
}

static void spi_bytes(uint32_t spi, uint8_t b[4])
{
	mid_bytes(spi, b);
}

/* KEYMAT of both directions into the pair parameters. */
static bool keymat(struct ike_qm *q, const uint8_t *gxy, size_t gxylen)
{
	struct sad_params *p = &q->p;
	size_t n = esp_cipher_keylen(p->cipher) + esp_auth_keylen(p->mac);
	if (!n || n > SAD_KEY_MAX)
		return false;
	uint8_t si[4], so[4];
	spi_bytes(p->spi_in, si);
	spi_bytes(p->spi_out, so);
	struct ike_buf g = {gxy, gxylen}, ni = {q->ni, q->nilen}, nr = {q->nr, q->nrlen};
	ike_dbg(q->sa, 0, "Generating Quick Mode Key!");
	ike_dbg(q->sa, 0, "Generating Quick Mode Key!");
	return ike_keymat(&q->sa->keys, g, PROTO_ESP, si, ni, nr, p->key_in, n) &&
	       ike_keymat(&q->sa->keys, g, PROTO_ESP, so, ni, nr, p->key_out, n);
}

static void add_attrs(struct isakmp_msg *m, struct isakmp_transform *t, const struct p2_xf *x,
		      unsigned encap, uint8_t lifebuf[2][4])
{
	unsigned long lives[2] = {x->life_sec, x->life_kb};
	for (int i = 0; i < 2; i++) {
		if (!lives[i])
			continue;
		isakmp_add_attr_basic(m, t, P2A_LIFE_TYPE, (uint16_t)(i + 1));
		if (lives[i] <= 0xffff) {
			isakmp_add_attr_basic(m, t, P2A_LIFE_DUR, (uint16_t)lives[i]);
		} else {
			mid_bytes((uint32_t)lives[i], lifebuf[i]);
			isakmp_add_attr_var(m, t, P2A_LIFE_DUR, lifebuf[i], 4);
		}
	}
	if (x->group)
		isakmp_add_attr_basic(m, t, P2A_GROUP, (uint16_t)x->group);
	isakmp_add_attr_basic(m, t, P2A_ENCAP, (uint16_t)encap);
	isakmp_add_attr_basic(m, t, P2A_AUTH, x->mac == ESPA_MD5_96 ? 1 : 2);
	if (x->xf_id == XF_ESP_AES)
		isakmp_add_attr_basic(m, t, P2A_KEYLEN, (uint16_t)x->key_bits);
}

/* The pair is negotiated: into the SAD, logs, PHASE 2 COMPLETED. */
static void qm_install(struct ike_qm *q)
{
	struct ike_sa *sa = q->sa;
	struct sad_params *p = &q->p;
	p->ike_id = sa->id;
	p->qm_msgid = q->msgid;
	snprintf(p->group, sizeof p->group, "%s", sa->group);
	char ip[16];
	snprintf(p->user, sizeof p->user, "%s", ip4_fmt(sa->peer, ip));
	snprintf(p->ifname, sizeof p->ifname, "%s", sa->ifname);
	p->local = sa->local;
	p->peer = sa->peer;
	p->udp_encap = udp_encap(sa);
	p->local_port = p->udp_encap ? 4500 : 0;
	p->peer_port = p->udp_encap ? (sa->natt_float ? sa->pport : 4500) : 0;
	ike_dbg(sa, 0, "loading all IPSEC SAs");
	const char *type = p->kind == SAD_L2L ? "LAN-to-LAN" : "User";
	ike_ev(sa, 0,
	       "Security negotiation complete for %s Group (%s)  %s, Inbound SPI = 0x%08x, Outbound SPI = 0x%08x",
	       type, sa->group, q->initiator ? "Initiator" : "Responder", (unsigned)p->spi_in,
	       (unsigned)p->spi_out);
	ike_log(LOG_NOTICE_, 713049, sa, 0,
		"Security negotiation complete for %s Group (%s) %s, Inbound SPI = 0x%08x, Outbound SPI = 0x%08x",
		type, sa->group, q->initiator ? "Initiator" : "Responder", (unsigned)p->spi_in,
		(unsigned)p->spi_out);
	uint32_t id = 0;
	if (ike_sad_add_hook)
		ike_sad_add_hook(p);
	int rc = sad_add(p, &id);
	q->spi_reserved = false; /* sad_add used it (or it is lost either way) */
	OPENSSL_cleanse(p->key_in, sizeof p->key_in);
	OPENSSL_cleanse(p->key_out, sizeof p->key_out);
	if (rc != 0) {
		ike_log(LOG_ERR_, 713902, sa, 0, "Failed to install IPsec SA pair (%d)", rc);
		sad_spi_release(p->spi_in);
		return;
	}
	ike_dbg(sa, 0, "IKE got a KEY_ADD msg for SA: SPI = 0x%08x", (unsigned)p->spi_out);
	ike_dbg(sa, 0, "Pitcher: received KEY_UPDATE, spi 0x%08x", (unsigned)p->spi_in);
	if (p->life_sec)
		ike_dbg(sa, 0, "Starting P2 rekey timer: %lu seconds.",
			p->life_sec - p->life_sec / 10);
	ike_ev(sa, 0, "PHASE 2 COMPLETED (msgid=%08x)", (unsigned)q->msgid);
	ike_log(LOG_NOTICE_, 713120, sa, 0, "PHASE 2 COMPLETED (msgid=%08x)", (unsigned)q->msgid);
	/* the pair this one replaces carries no more traffic (outbound
	 * takes the newest pair): tell the peer and drop it now, rather than
	 * let it linger until its hard lifetime */
	if (q->rekey_of && sad_params(q->rekey_of)) {
		ike_send_delete_spi(sa, sad_params(q->rekey_of)->spi_in);
		sad_del(q->rekey_of, "rekeyed");
	}
}

/* ---- responder ---------------------------------------------------------------- */

struct offer {
	const struct isakmp_proposal *pr;
	const struct isakmp_transform *t;
	struct p2_xf x;
	unsigned encap;
};

static bool choose(struct ike_qm *q, const struct isakmp_msg *m, const struct isakmp_payload *sap,
		   const struct p2_match *pm, struct offer *out)
{
	const struct cmap_entry *e = pm->e;
	unsigned pfs = entry_pfs(e);
	for (size_t ti = 0; ti < e->tsets.n; ti++) {
		const struct transform_set *ts = tset_find(e->tsets.v[ti]);
		struct p2_xf ours;
		if (!ts || !tset_xf(ts, &ours))
			continue;
		for (unsigned i = 0; i < sap->u.sa.prop_count; i++) {
			const struct isakmp_proposal *pr = &m->props[sap->u.sa.prop_first + i];
			if (pr->protocol != PROTO_ESP || pr->spi.len != 4)
				continue;
			for (unsigned j = 0; j < pr->xf_count; j++) {
				const struct isakmp_transform *t = &m->xforms[pr->xf_first + j];
				struct p2_xf x;
				unsigned encap;
				if (!xf_parse(m, t, &x, &encap) || x.cipher != ours.cipher ||
				    x.mac != ours.mac || x.group != pfs || !encap_ok(q->sa, encap))
					continue;
				/* "mode transport" still takes tunnel mode */
				if (ours.mode == ESP_TUNNEL && x.mode != ESP_TUNNEL)
					continue;
				ike_dbg(q->sa, 0,
					"IPSec SA Proposal # %u, Transform # %u acceptable  Matches global IPSec SA entry # %lu",
					pr->num, t->num, pm->seq);
				*out = (struct offer){pr, t, x, encap};
				return true;
			}
		}
	}
	return false;
}

static void notify_and_drop(struct ike_qm *q, uint16_t type)
{
	ike_send_notify(q->sa, type, PROTO_ESP, NULL, 0, NULL, 0);
	ike_qm_free(q);
}

static void put_attr(uint8_t *b, size_t *n, uint16_t type, unsigned long v)
{
	if (v <= 0xffff) {
		b[(*n)++] = (uint8_t)(0x80 | type >> 8);
		b[(*n)++] = (uint8_t)type;
		b[(*n)++] = (uint8_t)(v >> 8);
		b[(*n)++] = (uint8_t)v;
	} else {
		b[(*n)++] = (uint8_t)(type >> 8);
		b[(*n)++] = (uint8_t)type;
		b[(*n)++] = 0;
		b[(*n)++] = 4;
		mid_bytes((uint32_t)v, b + *n);
		*n += 4;
	}
}

/* RESPONDER-LIFETIME data: our shorter lifetimes (RFC 2407 4.6.3.1). */
static void parse_resp_lifetime(const struct isakmp_span *d, unsigned long *sec,
				unsigned long *kb)
{
	const uint8_t *p = d->p;
	size_t n = d->len;
	unsigned type = 0;
	while (n >= 4) {
		uint16_t t = (uint16_t)(p[0] << 8 | p[1]);
		unsigned long v;
		size_t used;
		if (t & 0x8000) {
			v = (unsigned long)(p[2] << 8 | p[3]);
			used = 4;
		} else {
			size_t l = (size_t)(p[2] << 8 | p[3]);
			if (l > 4 || 4 + l > n)
				return;
			v = 0;
			for (size_t i = 0; i < l; i++)
				v = v << 8 | p[4 + i];
			used = 4 + l;
		}
		t &= 0x7fff;
		if (t == P2A_LIFE_TYPE)
			type = (unsigned)v;
		else if (t == P2A_LIFE_DUR && type == 1 && v && (!*sec || v < *sec))
			*sec = v;
		else if (t == P2A_LIFE_DUR && type == 2 && v && (!*kb || v < *kb))
			*kb = v;
		p += used;
		n -= used;
	}
}

static const struct isakmp_payload *nth(const struct isakmp_msg *m, uint8_t type, unsigned k)
{
	for (unsigned i = 0; i < m->npl; i++)
		if (m->pl[i].type == type && k-- == 0)
			return &m->pl[i];
	return NULL;
}

/* PFS: our DH value into KE, g^xy from the peer's. */
static bool pfs_ke(struct ike_qm *q, const struct isakmp_msg *m, unsigned group, uint8_t *gxy,
		   size_t *gxylen)
{
	*gxylen = 0;
	if (!group)
		return true;
	const struct isakmp_payload *ke = nth(m, ISAKMP_PL_KE, 0);
	if (!q->dh)
		q->dh = ike_dh_new((enum ike_dh_group)group);
	if (!ke || !q->dh || ke->u.data.len != ike_dh_len(q->dh))
		return false;
	if (!ike_dh_shared(q->dh, ke->u.data.p, ke->u.data.len, gxy))
		return false;
	*gxylen = ike_dh_len(q->dh);
	return true;
}

static void r_qm1(struct ike_qm *q, const struct isakmp_msg *m)
{
	struct ike_sa *sa = q->sa;
	const struct isakmp_payload *sap = nth(m, ISAKMP_PL_SA, 0);
	const struct isakmp_payload *no = nth(m, ISAKMP_PL_NONCE, 0);
	const struct isakmp_payload *idi = nth(m, ISAKMP_PL_ID, 0);
	const struct isakmp_payload *idr = nth(m, ISAKMP_PL_ID, 1);
	ike_dbg(sa, 0, "processing SA payload");
	ike_dbg(sa, 0, "processing nonce payload");
	if (!sap || !no || no->u.data.len < 8 || no->u.data.len > IKE_NONCE_MAX ||
	    (idi && !idr)) {
		sa->ctx->stats.in_p2_invalid++;
		ike_qm_free(q);
		return;
	}
	memcpy(q->ni, no->u.data.p, no->u.data.len);
	q->nilen = no->u.data.len;
	struct ipsec_sel remote = {sa->peer, 0xffffffffu, 0, 0};
	struct ipsec_sel local = {sa->local, 0xffffffffu, 0, 0};
	if (idi) {
		ike_dbg(sa, 0, "processing ID payload");
		ike_dbg(sa, 0, "processing ID payload");
		if (!id_parse(idi, &remote) || !id_parse(idr, &local)) {
			sa->ctx->stats.in_p2_invalid++;
			notify_and_drop(q, N_INVALID_ID_INFO);
			return;
		}
	}
	log_proxy(sa, "remote", &remote);
	log_proxy(sa, "local", &local);
	bool l2tp = remote.proto == 17 && remote.port == 1701 && local.proto == 17 &&
		    local.port == 1701;
	if (l2tp)
		ike_ev(sa, 0, "L2TP/IPSec session detected.");
	/* behind a NAT, the transport-mode peer names its private address */
	struct ipsec_sel match_remote = remote;
	if (sa->nat_there && remote.mask == 0xffffffffu)
		match_remote.addr = sa->peer;
	struct ipsec_sel match_local = local;
	if (sa->nat_here && local.mask == 0xffffffffu)
		match_local.addr = sa->local;
	ike_ev(sa, 0, "QM IsRekeyed old sa not found by addr");
	struct p2_match pm;
	if (!find_entry(sa, &match_local, &match_remote, &pm)) {
		char a[16], b[16], c2[16], d[16];
		ike_log(LOG_ERR_, 713902, sa, 0,
			"Rejecting IPSec tunnel: no matching crypto map entry for remote proxy %s/%s/%u/%u local proxy %s/%s/%u/%u on interface %s",
			ip4_fmt(remote.addr, a), ip4_fmt(remote.mask, b), remote.proto, remote.port,
			ip4_fmt(local.addr, c2), ip4_fmt(local.mask, d), local.proto, local.port,
			sa->ifname);
		sa->ctx->stats.in_p2_reject++;
		notify_and_drop(q, N_INVALID_ID_INFO);
		return;
	}
	ike_ev(sa, 0, "IKE Remote Peer configured for crypto map: %s", pm.map);
	ike_dbg(sa, 0, "processing IPSec SA payload");
	struct offer o;
	if (!choose(q, m, sap, &pm, &o)) {
		ike_log(LOG_ERR_, 713902, sa, 0, "All IPSec SA proposals found unacceptable!");
		sa->ctx->stats.in_p2_reject++;
		notify_and_drop(q, N_NO_PROPOSAL_CHOSEN);
		return;
	}
	uint8_t gxy[IKE_DH_MAX];
	size_t gxylen;
	if (!pfs_ke(q, m, o.x.group, gxy, &gxylen)) {
		sa->ctx->stats.in_p2_reject++; /* no or a wrong KE: the PFS policy */
		notify_and_drop(q, N_NO_PROPOSAL_CHOSEN);
		return;
	}
	struct sad_params *p = &q->p;
	p->mode = o.x.mode;
	p->kind = pm.dynamic || !sa->l2l ? SAD_RA : SAD_L2L;
	p->local_id = o.x.mode == ESP_TRANSPORT ? match_local : local;
	p->remote_id = o.x.mode == ESP_TRANSPORT ? match_remote : remote;
	p->cipher = o.x.cipher;
	p->mac = o.x.mac;
	p->pfs_group = o.x.group;
	snprintf(p->map, sizeof p->map, "%s", pm.map);
	p->map_seq = pm.seq;
	ike_ev(sa, 0, "IKE: requesting SPI!");
	p->spi_in = sad_spi_alloc();
	q->spi_reserved = true;
	ike_dbg(sa, 0, "IKE got SPI from key engine: SPI = 0x%08x", (unsigned)p->spi_in);
	p->spi_out = (uint32_t)o.pr->spi.p[0] << 24 | (uint32_t)o.pr->spi.p[1] << 16 |
		     (uint32_t)o.pr->spi.p[2] << 8 | o.pr->spi.p[3];
	unsigned long our_sec, our_kb;
	our_lifetimes(pm.e, &our_sec, &our_kb);
	/* RFC 2407 4.5: no lifetime proposed means 28800 seconds */
	unsigned long peer_sec = o.x.life_sec ? o.x.life_sec : 28800;
	p->life_sec = peer_sec <= our_sec ? peer_sec : our_sec;
	p->life_kb = o.x.life_kb && o.x.life_kb <= our_kb ? o.x.life_kb : our_kb;
	bool tell_sec = our_sec < peer_sec;
	bool tell_kb = o.x.life_kb && our_kb < o.x.life_kb;

	ike_random(q->nr, IKE_NONCE_LEN);
	q->nrlen = IKE_NONCE_LEN;
	if (!keymat(q, gxy, gxylen)) {
		OPENSSL_cleanse(gxy, sizeof gxy);
		sa->ctx->stats.in_p2_reject++;
		notify_and_drop(q, N_NO_PROPOSAL_CHOSEN);
		return;
	}
	OPENSSL_cleanse(gxy, sizeof gxy);

	struct isakmp_msg *r = xmalloc(sizeof *r);
	isakmp_msg_init(r, ISAKMP_EXCH_QUICK, q->msgid);
	ike_dbg(sa, 0, "oakley constructing quick mode");
	ike_dbg(sa, 0, "constructing blank hash payload");
	uint8_t zero[IKE_HASH_MAX] = {0};
	struct isakmp_payload *hp = isakmp_add_payload(r, ISAKMP_PL_HASH);
	if (hp)
		hp->u.data = (struct isakmp_span){zero, sa->keys.hlen};
	ike_dbg(sa, 0, "constructing IPSec SA payload");
	struct isakmp_payload *rsa = isakmp_add_payload(r, ISAKMP_PL_SA);
	uint8_t spi[4], lifebuf[2][4];
	spi_bytes(p->spi_in, spi);
	if (rsa) {
		rsa->u.sa.doi = ISAKMP_DOI_IPSEC;
		rsa->u.sa.situation = ISAKMP_SIT_IDENTITY_ONLY;
		struct isakmp_proposal *pr = isakmp_add_proposal(r, rsa, o.pr->num, PROTO_ESP);
		if (pr)
			pr->spi = (struct isakmp_span){spi, 4};
		struct isakmp_transform *t = pr ? isakmp_add_transform(r, pr, o.t->num, o.t->id) : NULL;
		struct p2_xf x = o.x;
		x.life_sec = o.x.life_sec ? p->life_sec : 0;
		x.life_kb = o.x.life_kb ? p->life_kb : 0;
		if (t)
			add_attrs(r, t, &x, o.encap, lifebuf);
	}
	ike_dbg(sa, 0, "constructing IPSec nonce payload");
	struct isakmp_payload *np = isakmp_add_payload(r, ISAKMP_PL_NONCE);
	if (np)
		np->u.data = (struct isakmp_span){q->nr, q->nrlen};
	uint8_t kebuf[IKE_DH_MAX];
	if (q->dh) {
		struct isakmp_payload *ke = isakmp_add_payload(r, ISAKMP_PL_KE);
		ike_dh_public(q->dh, kebuf);
		if (ke)
			ke->u.data = (struct isakmp_span){kebuf, ike_dh_len(q->dh)};
	}
	if (idi) {
		ike_dbg(sa, 0, "constructing proxy ID");
		char a[16], b[16];
		ike_dbg(sa, 0,
			"Transmitting Proxy Id:  Remote host: %s  Protocol %u  Port %u  Local host:  %s  Protocol %u  Port %u",
			ip4_fmt(remote.addr, a), remote.proto, remote.port, ip4_fmt(local.addr, b),
			local.proto, local.port);
		struct isakmp_payload *i1 = isakmp_add_payload(r, ISAKMP_PL_ID);
		struct isakmp_payload *i2 = isakmp_add_payload(r, ISAKMP_PL_ID);
		if (i1 && i2) {
			i1->u.id = idi->u.id; /* echoed as received */
			i2->u.id = idr->u.id;
		}
	}
	uint8_t ldata[24];
	size_t ln = 0;
	if (tell_sec) {
		put_attr(ldata, &ln, P2A_LIFE_TYPE, 1);
		put_attr(ldata, &ln, P2A_LIFE_DUR, p->life_sec);
	}
	if (tell_kb) {
		put_attr(ldata, &ln, P2A_LIFE_TYPE, 2);
		put_attr(ldata, &ln, P2A_LIFE_DUR, p->life_kb);
	}
	uint8_t rspi[4];
	if (ln) {
		struct isakmp_payload *n = isakmp_add_payload(r, ISAKMP_PL_N);
		spi_bytes(p->spi_out, rspi);
		if (n) {
			n->u.n.doi = ISAKMP_DOI_IPSEC;
			n->u.n.protocol = PROTO_ESP;
			n->u.n.type = N_RESPONDER_LIFETIME;
			n->u.n.spi = (struct isakmp_span){rspi, 4};
			n->u.n.data = (struct isakmp_span){ldata, ln};
		}
	}
	ike_dbg(sa, 0, "constructing qm hash payload");
	q->st = QM_WAIT_MSG3;
	struct hash_patch hpatch = {q, 2};
	if (!ike_build_send_p(sa, r, q->iv, &q->tx, true, patch_hash, &hpatch))
		ike_qm_free(q);
	free(r);
}

static void r_qm3(struct ike_qm *q, const struct isakmp_msg *m)
{
	struct ike_sa *sa = q->sa;
	const struct isakmp_payload *hp = nth(m, ISAKMP_PL_HASH, 0);
	uint8_t mid[4], h[IKE_HASH_MAX];
	mid_bytes(q->msgid, mid);
	ike_dbg(sa, 0, "processing hash payload");
	if (!hp || hp->u.data.len != sa->keys.hlen ||
	    !ike_qm_hash3(&sa->keys, mid, (struct ike_buf){q->ni, q->nilen},
			  (struct ike_buf){q->nr, q->nrlen}, h) ||
	    !ike_hash_equal(h, hp->u.data.p, sa->keys.hlen)) {
		ike_log(LOG_ERR_, 713902, sa, 0, "Hash verification failed (QM message 3)");
		sa->ctx->stats.hash_fails++;
		sa->ctx->stats.in_p2_invalid++;
		return;
	}
	ike_tx_clear(&q->tx);
	q->st = QM_DONE;
	qm_install(q);
	qm_prune_done(sa, q);
}

/* ---- initiator ---------------------------------------------------------------- */

int ike_qm_start(struct ike_sa *sa, const char *map, unsigned long seq,
		 const struct ipsec_sel *local, const struct ipsec_sel *remote, uint32_t rekey_of)
{
	struct cmap *cm = cmap_find(&crypto_conf()->maps, map);
	const struct cmap_entry *e = cm ? cmap_entry_find(cm, seq) : NULL;
	if (!e || e->dynamic)
		return -EINVAL;
	uint32_t msgid;
	do
		ike_random((uint8_t *)&msgid, sizeof msgid);
	while (!msgid || ike_qm_find(sa, msgid));
	struct ike_qm *q = qm_new(sa, msgid, true);
	q->rekey_of = rekey_of;
	struct sad_params *p = &q->p;
	p->local_id = *local;
	p->remote_id = *remote;
	p->kind = SAD_L2L;
	snprintf(p->map, sizeof p->map, "%s", map);
	p->map_seq = seq;
	unsigned long our_sec, our_kb;
	our_lifetimes(e, &our_sec, &our_kb);
	unsigned pfs = entry_pfs(e);
	p->spi_in = sad_spi_alloc();
	q->spi_reserved = true;
	ike_random(q->ni, IKE_NONCE_LEN);
	q->nilen = IKE_NONCE_LEN;

	struct isakmp_msg *r = xmalloc(sizeof *r);
	isakmp_msg_init(r, ISAKMP_EXCH_QUICK, msgid);
	uint8_t zero[IKE_HASH_MAX] = {0};
	struct isakmp_payload *hp = isakmp_add_payload(r, ISAKMP_PL_HASH);
	if (hp)
		hp->u.data = (struct isakmp_span){zero, sa->keys.hlen};
	struct isakmp_payload *sap = isakmp_add_payload(r, ISAKMP_PL_SA);
	uint8_t spi[4];
	spi_bytes(p->spi_in, spi);
	uint8_t lifebuf[CMAP_MAX_TSETS][2][4];
	unsigned nprop = 0;
	if (sap) {
		sap->u.sa.doi = ISAKMP_DOI_IPSEC;
		sap->u.sa.situation = ISAKMP_SIT_IDENTITY_ONLY;
		for (size_t i = 0; i < e->tsets.n && nprop < CMAP_MAX_TSETS; i++) {
			const struct transform_set *ts = tset_find(e->tsets.v[i]);
			struct p2_xf x;
			if (!ts || !tset_xf(ts, &x))
				continue;
			x.group = pfs;
			x.life_sec = our_sec;
			x.life_kb = our_kb;
			struct isakmp_proposal *pr =
				isakmp_add_proposal(r, sap, (uint8_t)(nprop + 1), PROTO_ESP);
			if (!pr)
				break;
			pr->spi = (struct isakmp_span){spi, 4};
			struct isakmp_transform *t = isakmp_add_transform(r, pr, 1, x.xf_id);
			if (t)
				add_attrs(r, t, &x, encap_value(sa, x.mode), lifebuf[nprop]);
			nprop++;
		}
	}
	if (!nprop) {
		free(r);
		ike_qm_free(q);
		return -EINVAL;
	}
	struct isakmp_payload *np = isakmp_add_payload(r, ISAKMP_PL_NONCE);
	if (np)
		np->u.data = (struct isakmp_span){q->ni, q->nilen};
	uint8_t kebuf[IKE_DH_MAX];
	if (pfs) {
		q->dh = ike_dh_new((enum ike_dh_group)pfs);
		struct isakmp_payload *ke = isakmp_add_payload(r, ISAKMP_PL_KE);
		if (!q->dh || !ke || !ike_dh_public(q->dh, kebuf)) {
			free(r);
			ike_qm_free(q);
			return -EINVAL;
		}
		ke->u.data = (struct isakmp_span){kebuf, ike_dh_len(q->dh)};
	}
	uint8_t b1[8], b2[8];
	struct isakmp_payload *i1 = isakmp_add_payload(r, ISAKMP_PL_ID);
	struct isakmp_payload *i2 = isakmp_add_payload(r, ISAKMP_PL_ID);
	if (i1 && i2) {
		id_fill(i1, local, b1);
		id_fill(i2, remote, b2);
	}
	q->st = QM_WAIT_MSG2;
	struct hash_patch hpatch = {q, 1};
	bool ok = ike_build_send_p(sa, r, q->iv, &q->tx, true, patch_hash, &hpatch);
	free(r);
	if (!ok) {
		ike_qm_free(q);
		return -EIO;
	}
	sa->ctx->stats.out_p2++;
	return 0;
}

/* false: the reply is not acceptable (counted as invalid by the caller). */
static bool i_qm2(struct ike_qm *q, const struct isakmp_msg *m)
{
	struct ike_sa *sa = q->sa;
	const struct isakmp_payload *sap = nth(m, ISAKMP_PL_SA, 0);
	const struct isakmp_payload *no = nth(m, ISAKMP_PL_NONCE, 0);
	if (!sap || !no || no->u.data.len < 8 || no->u.data.len > IKE_NONCE_MAX ||
	    sap->u.sa.prop_count != 1)
		return false;
	const struct isakmp_proposal *pr = &m->props[sap->u.sa.prop_first];
	struct p2_xf x;
	unsigned encap;
	if (pr->protocol != PROTO_ESP || pr->spi.len != 4 || pr->xf_count != 1 ||
	    !xf_parse(m, &m->xforms[pr->xf_first], &x, &encap) || !encap_ok(sa, encap))
		return false;
	/* it must be one of the transform-sets we offered */
	struct cmap *cm = cmap_find(&crypto_conf()->maps, q->p.map);
	const struct cmap_entry *e = cm ? cmap_entry_find(cm, q->p.map_seq) : NULL;
	bool found = false;
	for (size_t i = 0; e && i < e->tsets.n && !found; i++) {
		const struct transform_set *ts = tset_find(e->tsets.v[i]);
		struct p2_xf o;
		found = ts && tset_xf(ts, &o) && o.cipher == x.cipher && o.mac == x.mac &&
			o.mode == x.mode;
	}
	if (!found || x.group != (e ? entry_pfs(e) : 0))
		return false;
	memcpy(q->nr, no->u.data.p, no->u.data.len);
	q->nrlen = no->u.data.len;
	uint8_t gxy[IKE_DH_MAX];
	size_t gxylen;
	if (!pfs_ke(q, m, x.group, gxy, &gxylen))
		return false;
	struct sad_params *p = &q->p;
	p->mode = x.mode;
	p->cipher = x.cipher;
	p->mac = x.mac;
	p->pfs_group = x.group;
	p->spi_out = (uint32_t)pr->spi.p[0] << 24 | (uint32_t)pr->spi.p[1] << 16 |
		     (uint32_t)pr->spi.p[2] << 8 | pr->spi.p[3];
	unsigned long our_sec, our_kb;
	our_lifetimes(e, &our_sec, &our_kb);
	p->life_sec = x.life_sec && x.life_sec < our_sec ? x.life_sec : our_sec;
	p->life_kb = x.life_kb && x.life_kb < our_kb ? x.life_kb : our_kb;
	for (unsigned k = 0;; k++) {
		const struct isakmp_payload *n = nth(m, ISAKMP_PL_N, k);
		if (!n)
			break;
		if (n->u.n.type == N_RESPONDER_LIFETIME)
			parse_resp_lifetime(&n->u.n.data, &p->life_sec, &p->life_kb);
	}
	bool ok = keymat(q, gxy, gxylen);
	OPENSSL_cleanse(gxy, sizeof gxy);
	if (!ok)
		return false;
	/* message 3: HASH(3) alone */
	uint8_t mid[4], h[IKE_HASH_MAX];
	mid_bytes(q->msgid, mid);
	if (!ike_qm_hash3(&sa->keys, mid, (struct ike_buf){q->ni, q->nilen},
			  (struct ike_buf){q->nr, q->nrlen}, h))
		return false;
	struct isakmp_msg *r = xmalloc(sizeof *r);
	isakmp_msg_init(r, ISAKMP_EXCH_QUICK, q->msgid);
	struct isakmp_payload *hp = isakmp_add_payload(r, ISAKMP_PL_HASH);
	if (hp)
		hp->u.data = (struct isakmp_span){h, sa->keys.hlen};
	q->st = QM_DONE;
	ike_build_send(sa, r, q->iv, &q->tx, false);
	free(r);
	qm_install(q);
	qm_prune_done(sa, q);
	return true;
}

/* ---- input ------------------------------------------------------------------------ */

/* A message of exchange q that cannot be used: ours when we started it. */
static void qm_invalid(struct ike_qm *q, bool fresh)
{
	struct ike_stats *st = &q->sa->ctx->stats;
	if (!fresh && q->initiator)
		st->out_p2_invalid++;
	else
		st->in_p2_invalid++;
}

void ike_qm_input(struct ike_sa *sa, struct isakmp_msg *m)
{
	struct ike_stats *st = &sa->ctx->stats;
	if (!(m->hdr.flags & ISAKMP_FLAG_ENC) || !m->hdr.msgid) {
		st->in_drop++;
		return;
	}
	struct ike_qm *q = ike_qm_find(sa, m->hdr.msgid);
	uint64_t h = ike_msg_hash(m->cipher.p, m->cipher.len);
	if (q && q->rx_hash == h) {
		if (q->tx.buf && !(q->initiator && q->st != QM_DONE)) {
			ike_log(LOG_NOTICE_, 713201, sa, 0,
				"Duplicate Phase 2 packet detected.  Retransmitting last packet.");
			ike_send_raw(sa, q->tx.buf, q->tx.len);
		}
		return;
	}
	bool fresh = !q;
	if (fresh) {
		q = qm_new(sa, m->hdr.msgid, false);
		st->in_p2++; /* a new exchange from the peer */
	}
	uint8_t iv[IKE_BLOCK_MAX], plain[IKE_MSG_MAX];
	memcpy(iv, q->iv, sizeof iv);
	if (!ike_decrypt_msg(sa, m, iv, plain, sizeof plain)) {
		st->decrypt_fails++;
		qm_invalid(q, fresh);
		if (fresh)
			ike_qm_free(q);
		return;
	}
	size_t hl = sa->keys.hlen;
	size_t clen = ike_chain_len(plain, m->cipher.len, m->hdr.next);
	if (m->hdr.next != ISAKMP_PL_HASH || clen < 4 + hl ||
	    ((size_t)plain[2] << 8 | plain[3]) != 4 + hl) {
		qm_invalid(q, fresh);
		if (fresh)
			ike_qm_free(q);
		return;
	}
	bool want3 = !q->initiator && q->st == QM_WAIT_MSG3;
	if (!want3) {
		/* HASH(1) (new exchange) or HASH(2) (our exchange's answer) */
		uint8_t mid[4], hh[IKE_HASH_MAX];
		mid_bytes(q->msgid, mid);
		struct ike_buf rest = {plain + 4 + hl, clen - 4 - hl};
		bool expected = fresh || (q->initiator && q->st == QM_WAIT_MSG2);
		bool ok = fresh ? ike_qm_hash1(&sa->keys, mid, rest, hh)
				: expected &&
					  ike_qm_hash2(&sa->keys, mid,
						       (struct ike_buf){q->ni, q->nilen}, rest, hh);
		ike_dbg(sa, 0, "processing hash payload");
		if (!ok || !ike_hash_equal(hh, plain + 4, hl)) {
			ike_log(LOG_ERR_, 713902, sa, 0, "Hash verification failed (QM)");
			if (expected) {
				st->hash_fails++;
				qm_invalid(q, fresh);
			} else {
				st->in_drop++; /* no message expected in this exchange */
			}
			if (fresh)
				ike_qm_free(q);
			return;
		}
	}
	ike_sa_learn_addr(sa);
	sa->last_rx_ms = ev_now_ms();
	memcpy(q->iv, iv, sizeof iv);
	q->rx_hash = h;
	if (fresh)
		r_qm1(q, m);
	else if (want3)
		r_qm3(q, m);
	else if (q->initiator && q->st == QM_WAIT_MSG2 && !i_qm2(q, m))
		st->out_p2_invalid++;
}
