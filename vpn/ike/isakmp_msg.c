/*
 * isakmp_msg.c — ISAKMP/IKEv1 message parser and builder (see isakmp_msg.h).
 * Every read is preceded by a check of the bytes left in the innermost
 * container (message, payload, proposal, transform), so a length from the
 * peer can only shrink what we look at, never grow it.
 */
#include "vpn/ike/isakmp_msg.h"

#include <string.h>

static const char *const err_text[ISAKMP_ERR__COUNT] = {
	[ISAKMP_OK] = "ok",
	[ISAKMP_ERR_SHORT_HDR] = "datagram shorter than the ISAKMP header",
	[ISAKMP_ERR_HDR_LEN_SMALL] = "header length smaller than the header",
	[ISAKMP_ERR_HDR_LEN_BIG] = "header length larger than the datagram",
	[ISAKMP_ERR_VERSION] = "unsupported major version",
	[ISAKMP_ERR_ICOOKIE_ZERO] = "initiator cookie is zero",
	[ISAKMP_ERR_PL_SHORT] = "payload header truncated",
	[ISAKMP_ERR_PL_LEN_SMALL] = "payload length too small",
	[ISAKMP_ERR_PL_LEN_BIG] = "payload length beyond the message",
	[ISAKMP_ERR_PL_MISPLACED] = "proposal or transform payload outside an SA",
	[ISAKMP_ERR_TOO_MANY_PAYLOADS] = "too many payloads",
	[ISAKMP_ERR_TRAILING] = "data after the last payload",
	[ISAKMP_ERR_ENC_EMPTY] = "encrypted message without a body",
	[ISAKMP_ERR_SA_SITUATION] = "unsupported situation",
	[ISAKMP_ERR_SA_NO_PROPOSAL] = "SA payload without a proposal",
	[ISAKMP_ERR_PROP_SHORT] = "proposal header truncated",
	[ISAKMP_ERR_PROP_LEN] = "bad proposal length",
	[ISAKMP_ERR_PROP_NEXT] = "bad next payload in proposal chain",
	[ISAKMP_ERR_TOO_MANY_PROPOSALS] = "too many proposals",
	[ISAKMP_ERR_PROP_NO_TRANSFORM] = "proposal without a transform",
	[ISAKMP_ERR_XF_SHORT] = "transform header truncated",
	[ISAKMP_ERR_XF_LEN] = "bad transform length",
	[ISAKMP_ERR_XF_NEXT] = "bad next payload in transform chain",
	[ISAKMP_ERR_XF_COUNT] = "transform count mismatch",
	[ISAKMP_ERR_TOO_MANY_TRANSFORMS] = "too many transforms",
	[ISAKMP_ERR_ATTR_SHORT] = "attribute truncated",
	[ISAKMP_ERR_ATTR_LEN] = "attribute length beyond its transform",
	[ISAKMP_ERR_TOO_MANY_ATTRS] = "too many attributes",
	[ISAKMP_ERR_NOTIFY_SPI] = "notify SPI size beyond the payload",
	[ISAKMP_ERR_DELETE_SPIS] = "delete SPI count does not match its length",
	[ISAKMP_ERR_NAT_OA] = "bad NAT-OA address",
	[ISAKMP_ERR_BUF_SMALL] = "output buffer too small",
	[ISAKMP_ERR_BUILD_INVALID] = "inconsistent message",
};

const char *isakmp_strerror(enum isakmp_err e)
{
	if ((unsigned)e >= ISAKMP_ERR__COUNT)
		return "unknown error";
	return err_text[e];
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static struct isakmp_span span(const uint8_t *p, size_t len)
{
	return (struct isakmp_span){len ? p : NULL, len};
}

/* ---- parser ---- */

static enum isakmp_err parse_attrs(struct isakmp_msg *m, struct isakmp_transform *t,
				   const uint8_t *p, size_t rem)
{
	t->attr_first = (uint16_t)m->nattrs;
	while (rem > 0) {
		if (rem < 4)
			return ISAKMP_ERR_ATTR_SHORT;
		if (m->nattrs >= ISAKMP_MAX_ATTRS)
			return ISAKMP_ERR_TOO_MANY_ATTRS;
		struct isakmp_attr *a = &m->attrs[m->nattrs];
		memset(a, 0, sizeof(*a));
		uint16_t type = get16(p);
		a->type = type & 0x7fff;
		size_t n = 4;
		if (type & 0x8000) {
			a->basic = true;
			a->value = get16(p + 2);
		} else {
			size_t vlen = get16(p + 2);
			if (vlen > rem - 4)
				return ISAKMP_ERR_ATTR_LEN;
			a->var = span(p + 4, vlen);
			n += vlen;
		}
		m->nattrs++;
		t->attr_count++;
		p += n;
		rem -= n;
	}
	return ISAKMP_OK;
}

static enum isakmp_err parse_transforms(struct isakmp_msg *m, struct isakmp_proposal *pr,
					const uint8_t *p, size_t rem, unsigned want)
{
	pr->xf_first = (uint16_t)m->nxforms;
	for (;;) {
		if (rem < 8)
			return ISAKMP_ERR_XF_SHORT;
		uint8_t next = p[0];
		if (next != ISAKMP_PL_T && next != ISAKMP_PL_NONE)
			return ISAKMP_ERR_XF_NEXT;
		size_t len = get16(p + 2);
		if (len < 8 || len > rem)
			return ISAKMP_ERR_XF_LEN;
		if (m->nxforms >= ISAKMP_MAX_TRANSFORMS)
			return ISAKMP_ERR_TOO_MANY_TRANSFORMS;
		struct isakmp_transform *t = &m->xforms[m->nxforms++];
		memset(t, 0, sizeof(*t));
		t->num = p[4];
		t->id = p[5];
		pr->xf_count++;
		enum isakmp_err e = parse_attrs(m, t, p + 8, len - 8);
		if (e)
			return e;
		p += len;
		rem -= len;
		if (next == ISAKMP_PL_NONE)
			break;
	}
	if (rem)
		return ISAKMP_ERR_XF_NEXT; /* chain ended before the proposal did */
	if (pr->xf_count != want)
		return ISAKMP_ERR_XF_COUNT;
	return ISAKMP_OK;
}

static enum isakmp_err parse_sa(struct isakmp_msg *m, struct isakmp_sa *sa, const uint8_t *p,
				size_t rem)
{
	if (rem < 8)
		return ISAKMP_ERR_PL_LEN_SMALL;
	sa->doi = get32(p);
	sa->situation = get32(p + 4);
	/* Other situations add labelled-domain fields we would misread. */
	if (sa->doi == ISAKMP_DOI_IPSEC && sa->situation != ISAKMP_SIT_IDENTITY_ONLY)
		return ISAKMP_ERR_SA_SITUATION;
	p += 8;
	rem -= 8;
	if (rem == 0)
		return ISAKMP_ERR_SA_NO_PROPOSAL;
	sa->prop_first = (uint16_t)m->nprops;
	uint8_t next;
	do {
		if (rem < 8)
			return ISAKMP_ERR_PROP_SHORT;
		next = p[0];
		if (next != ISAKMP_PL_P && next != ISAKMP_PL_NONE)
			return ISAKMP_ERR_PROP_NEXT;
		size_t len = get16(p + 2);
		uint8_t spisz = p[6], nxf = p[7];
		if (len < 8u + spisz || len > rem)
			return ISAKMP_ERR_PROP_LEN;
		if (m->nprops >= ISAKMP_MAX_PROPOSALS)
			return ISAKMP_ERR_TOO_MANY_PROPOSALS;
		if (nxf == 0)
			return ISAKMP_ERR_PROP_NO_TRANSFORM;
		struct isakmp_proposal *pr = &m->props[m->nprops++];
		memset(pr, 0, sizeof(*pr));
		pr->num = p[4];
		pr->protocol = p[5];
		pr->spi = span(p + 8, spisz);
		sa->prop_count++;
		enum isakmp_err e =
			parse_transforms(m, pr, p + 8 + spisz, len - 8 - spisz, nxf);
		if (e)
			return e;
		p += len;
		rem -= len;
	} while (next == ISAKMP_PL_P);
	if (rem)
		return ISAKMP_ERR_PROP_NEXT; /* chain ended before the SA did */
	return ISAKMP_OK;
}

static enum isakmp_err parse_payload(struct isakmp_msg *m, struct isakmp_payload *pl,
				     const uint8_t *p, size_t rem)
{
	switch (pl->type) {
	case ISAKMP_PL_SA:
		return parse_sa(m, &pl->u.sa, p, rem);
	case ISAKMP_PL_P:
	case ISAKMP_PL_T:
		return ISAKMP_ERR_PL_MISPLACED;
	case ISAKMP_PL_ID:
		if (rem < 4)
			return ISAKMP_ERR_PL_LEN_SMALL;
		pl->u.id.type = p[0];
		pl->u.id.protocol = p[1];
		pl->u.id.port = get16(p + 2);
		pl->u.id.data = span(p + 4, rem - 4);
		return ISAKMP_OK;
	case ISAKMP_PL_CERT:
	case ISAKMP_PL_CR:
		if (rem < 1)
			return ISAKMP_ERR_PL_LEN_SMALL;
		pl->u.cert.encoding = p[0];
		pl->u.cert.data = span(p + 1, rem - 1);
		return ISAKMP_OK;
	case ISAKMP_PL_N: {
		if (rem < 8)
			return ISAKMP_ERR_PL_LEN_SMALL;
		struct isakmp_notify *n = &pl->u.n;
		n->doi = get32(p);
		n->protocol = p[4];
		size_t spisz = p[5];
		n->type = get16(p + 6);
		if (spisz > rem - 8)
			return ISAKMP_ERR_NOTIFY_SPI;
		n->spi = span(p + 8, spisz);
		n->data = span(p + 8 + spisz, rem - 8 - spisz);
		return ISAKMP_OK;
	}
	case ISAKMP_PL_D: {
		if (rem < 8)
			return ISAKMP_ERR_PL_LEN_SMALL;
		struct isakmp_delete *d = &pl->u.d;
		d->doi = get32(p);
		d->protocol = p[4];
		d->spi_size = p[5];
		d->nspi = get16(p + 6);
		if ((size_t)d->spi_size * d->nspi != rem - 8)
			return ISAKMP_ERR_DELETE_SPIS;
		d->spis = span(p + 8, rem - 8);
		return ISAKMP_OK;
	}
	case ISAKMP_PL_NAT_OA:
	case ISAKMP_PL_NAT_OA_DRAFT:
		if (rem < 4)
			return ISAKMP_ERR_PL_LEN_SMALL;
		pl->u.nat_oa.id_type = p[0];
		if (!((p[0] == 1 && rem == 8) || (p[0] == 5 && rem == 20)))
			return ISAKMP_ERR_NAT_OA;
		pl->u.nat_oa.addr = span(p + 4, rem - 4);
		return ISAKMP_OK;
	default:
		/* KE, HASH, SIG, NONCE, VID, NAT-D, ATTR, FRAG and unknown
		 * types: the body; the caller decides what it accepts. */
		pl->u.data = span(p, rem);
		return ISAKMP_OK;
	}
}

static enum isakmp_err parse_chain(struct isakmp_msg *m, const uint8_t *p, size_t rem,
				   bool padding_ok)
{
	m->npl = m->nprops = m->nxforms = m->nattrs = 0;
	uint8_t next = m->hdr.next;
	while (next != ISAKMP_PL_NONE) {
		if (m->npl >= ISAKMP_MAX_PAYLOADS)
			return ISAKMP_ERR_TOO_MANY_PAYLOADS;
		if (rem < 4)
			return ISAKMP_ERR_PL_SHORT;
		size_t len = get16(p + 2);
		if (len < 4)
			return ISAKMP_ERR_PL_LEN_SMALL;
		if (len > rem)
			return ISAKMP_ERR_PL_LEN_BIG;
		struct isakmp_payload *pl = &m->pl[m->npl++];
		memset(pl, 0, sizeof(*pl));
		pl->type = next;
		enum isakmp_err e = parse_payload(m, pl, p + 4, len - 4);
		if (e)
			return e;
		next = p[0];
		p += len;
		rem -= len;
	}
	if (rem && !padding_ok)
		return ISAKMP_ERR_TRAILING;
	return ISAKMP_OK;
}

enum isakmp_err isakmp_parse(struct isakmp_msg *m, const uint8_t *buf, size_t len)
{
	m->npl = m->nprops = m->nxforms = m->nattrs = 0;
	m->cipher = span(NULL, 0);
	if (len < ISAKMP_HDR_LEN)
		return ISAKMP_ERR_SHORT_HDR;
	struct isakmp_hdr *h = &m->hdr;
	memcpy(h->icookie, buf, ISAKMP_COOKIE_LEN);
	memcpy(h->rcookie, buf + 8, ISAKMP_COOKIE_LEN);
	h->next = buf[16];
	h->version = buf[17];
	h->exchange = buf[18];
	h->flags = buf[19];
	h->msgid = get32(buf + 20);
	h->length = get32(buf + 24);
	if (h->version >> 4 != 1)
		return ISAKMP_ERR_VERSION;
	if (h->length < ISAKMP_HDR_LEN)
		return ISAKMP_ERR_HDR_LEN_SMALL;
	if (h->length > len)
		return ISAKMP_ERR_HDR_LEN_BIG;
	static const uint8_t zero[ISAKMP_COOKIE_LEN];
	if (!memcmp(h->icookie, zero, ISAKMP_COOKIE_LEN))
		return ISAKMP_ERR_ICOOKIE_ZERO;
	const uint8_t *body = buf + ISAKMP_HDR_LEN;
	size_t blen = h->length - ISAKMP_HDR_LEN;
	if (h->flags & ISAKMP_FLAG_ENC) {
		if (blen == 0)
			return ISAKMP_ERR_ENC_EMPTY;
		m->cipher = span(body, blen);
		return ISAKMP_OK;
	}
	return parse_chain(m, body, blen, false);
}

enum isakmp_err isakmp_parse_body(struct isakmp_msg *m, const uint8_t *buf, size_t len)
{
	return parse_chain(m, buf, len, true);
}

bool isakmp_attr_uint(const struct isakmp_attr *a, uint64_t *v)
{
	if (a->basic) {
		*v = a->value;
		return true;
	}
	if (a->var.len == 0 || a->var.len > 8)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < a->var.len; i++)
		x = x << 8 | a->var.p[i];
	*v = x;
	return true;
}

/* ---- builder ---- */

/* Writes while there is room and counts regardless, so one pass both sizes
 * and fills; `bad` records a field that cannot be encoded. */
struct wr {
	uint8_t *p;
	size_t cap, len;
	bool bad;
};

static void put(struct wr *w, const void *src, size_t n)
{
	if (n && w->len + n <= w->cap && w->p)
		memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void put8(struct wr *w, unsigned v)
{
	uint8_t b = (uint8_t)v;
	if (v > 0xff)
		w->bad = true;
	put(w, &b, 1);
}

static void put16(struct wr *w, size_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	if (v > 0xffff)
		w->bad = true;
	put(w, b, 2);
}

static void put32(struct wr *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	put(w, b, 4);
}

static void putspan(struct wr *w, struct isakmp_span s)
{
	if (s.len && !s.p)
		w->bad = true;
	else
		put(w, s.p, s.len);
}

/* Generic header: next, reserved, then a length slot that patch_at()
 * fills once the payload is written; returns the slot's offset. */
static size_t put_generic(struct wr *w, uint8_t next)
{
	put8(w, next);
	put8(w, 0);
	size_t at = w->len;
	put16(w, 0);
	return at;
}

static void patch_at(struct wr *w, size_t at)
{
	/* at is the offset of the length field; the payload began 2 before */
	size_t v = w->len - (at - 2);
	if (v > 0xffff)
		w->bad = true;
	if (w->p && at + 2 <= w->cap) {
		w->p[at] = (uint8_t)(v >> 8);
		w->p[at + 1] = (uint8_t)v;
	}
}

static void build_sa(struct wr *w, const struct isakmp_msg *m, const struct isakmp_sa *sa)
{
	put32(w, sa->doi);
	put32(w, sa->situation);
	if (sa->prop_count == 0 || (size_t)sa->prop_first + sa->prop_count > m->nprops) {
		w->bad = true;
		return;
	}
	for (unsigned i = 0; i < sa->prop_count; i++) {
		const struct isakmp_proposal *pr = &m->props[sa->prop_first + i];
		size_t at = put_generic(w, i + 1 < sa->prop_count ? ISAKMP_PL_P : ISAKMP_PL_NONE);
		put8(w, pr->num);
		put8(w, pr->protocol);
		put8(w, pr->spi.len);
		put8(w, pr->xf_count);
		putspan(w, pr->spi);
		if (pr->xf_count == 0 || (size_t)pr->xf_first + pr->xf_count > m->nxforms) {
			w->bad = true;
			return;
		}
		for (unsigned j = 0; j < pr->xf_count; j++) {
			const struct isakmp_transform *t = &m->xforms[pr->xf_first + j];
			size_t tat = put_generic(w, j + 1 < pr->xf_count ? ISAKMP_PL_T
									 : ISAKMP_PL_NONE);
			put8(w, t->num);
			put8(w, t->id);
			put16(w, 0);
			if ((size_t)t->attr_first + t->attr_count > m->nattrs) {
				w->bad = true;
				return;
			}
			for (unsigned k = 0; k < t->attr_count; k++) {
				const struct isakmp_attr *a = &m->attrs[t->attr_first + k];
				if (a->type > 0x7fff)
					w->bad = true;
				if (a->basic) {
					put16(w, 0x8000u | a->type);
					put16(w, a->value);
				} else {
					put16(w, a->type & 0x7fff);
					put16(w, a->var.len);
					putspan(w, a->var);
				}
			}
			patch_at(w, tat);
		}
		patch_at(w, at);
	}
}

static void build_payload(struct wr *w, const struct isakmp_msg *m,
			  const struct isakmp_payload *pl)
{
	switch (pl->type) {
	case ISAKMP_PL_NONE:
	case ISAKMP_PL_P:
	case ISAKMP_PL_T:
		w->bad = true; /* would end or corrupt the chain */
		return;
	case ISAKMP_PL_SA:
		build_sa(w, m, &pl->u.sa);
		return;
	case ISAKMP_PL_ID:
		put8(w, pl->u.id.type);
		put8(w, pl->u.id.protocol);
		put16(w, pl->u.id.port);
		putspan(w, pl->u.id.data);
		return;
	case ISAKMP_PL_CERT:
	case ISAKMP_PL_CR:
		put8(w, pl->u.cert.encoding);
		putspan(w, pl->u.cert.data);
		return;
	case ISAKMP_PL_N:
		put32(w, pl->u.n.doi);
		put8(w, pl->u.n.protocol);
		put8(w, pl->u.n.spi.len);
		put16(w, pl->u.n.type);
		putspan(w, pl->u.n.spi);
		putspan(w, pl->u.n.data);
		return;
	case ISAKMP_PL_D:
		if ((size_t)pl->u.d.spi_size * pl->u.d.nspi != pl->u.d.spis.len)
			w->bad = true;
		put32(w, pl->u.d.doi);
		put8(w, pl->u.d.protocol);
		put8(w, pl->u.d.spi_size);
		put16(w, pl->u.d.nspi);
		putspan(w, pl->u.d.spis);
		return;
	case ISAKMP_PL_NAT_OA:
	case ISAKMP_PL_NAT_OA_DRAFT: {
		const struct isakmp_nat_oa *o = &pl->u.nat_oa;
		if (!((o->id_type == 1 && o->addr.len == 4) || (o->id_type == 5 && o->addr.len == 16)))
			w->bad = true;
		put8(w, o->id_type);
		put8(w, 0);
		put16(w, 0);
		putspan(w, o->addr);
		return;
	}
	default:
		putspan(w, pl->u.data);
		return;
	}
}

static void build_chain(struct wr *w, const struct isakmp_msg *m)
{
	if (m->npl > ISAKMP_MAX_PAYLOADS) {
		w->bad = true;
		return;
	}
	for (unsigned i = 0; i < m->npl; i++) {
		size_t at = put_generic(w, i + 1 < m->npl ? m->pl[i + 1].type : ISAKMP_PL_NONE);
		build_payload(w, m, &m->pl[i]);
		patch_at(w, at);
	}
}

static enum isakmp_err finish(struct wr *w, size_t *outlen)
{
	if (w->bad)
		return ISAKMP_ERR_BUILD_INVALID;
	if (w->len > w->cap)
		return ISAKMP_ERR_BUF_SMALL;
	*outlen = w->len;
	return ISAKMP_OK;
}

static void build_msg(struct wr *w, const struct isakmp_msg *m)
{
	const struct isakmp_hdr *h = &m->hdr;
	put(w, h->icookie, ISAKMP_COOKIE_LEN);
	put(w, h->rcookie, ISAKMP_COOKIE_LEN);
	bool enc = h->flags & ISAKMP_FLAG_ENC;
	/* In the clear the first payload is what the list says it is. */
	put8(w, enc ? h->next : (m->npl ? m->pl[0].type : ISAKMP_PL_NONE));
	put8(w, h->version);
	put8(w, h->exchange);
	put8(w, h->flags);
	put32(w, h->msgid);
	size_t at = w->len;
	put32(w, 0);
	if (enc) {
		if (m->cipher.len == 0)
			w->bad = true;
		putspan(w, m->cipher);
	} else {
		build_chain(w, m);
	}
	if (w->p && at + 4 <= w->cap) {
		uint8_t b[4] = {(uint8_t)(w->len >> 24), (uint8_t)(w->len >> 16),
				(uint8_t)(w->len >> 8), (uint8_t)w->len};
		memcpy(w->p + at, b, 4);
	}
	if (w->len > UINT32_MAX)
		w->bad = true;
}

enum isakmp_err isakmp_build(const struct isakmp_msg *m, uint8_t *out, size_t cap,
			     size_t *outlen)
{
	struct wr w = {out, cap, 0, false};
	build_msg(&w, m);
	return finish(&w, outlen);
}

enum isakmp_err isakmp_build_body(const struct isakmp_msg *m, uint8_t *out, size_t cap,
				  size_t *outlen)
{
	struct wr w = {out, cap, 0, false};
	build_chain(&w, m);
	return finish(&w, outlen);
}

size_t isakmp_build_len(const struct isakmp_msg *m)
{
	struct wr w = {NULL, 0, 0, false};
	build_msg(&w, m);
	return w.bad ? 0 : w.len;
}

/* ---- builder helpers ---- */

void isakmp_msg_init(struct isakmp_msg *m, uint8_t exchange, uint32_t msgid)
{
	memset(&m->hdr, 0, sizeof(m->hdr));
	m->hdr.version = 0x10;
	m->hdr.exchange = exchange;
	m->hdr.msgid = msgid;
	m->cipher = span(NULL, 0);
	m->npl = m->nprops = m->nxforms = m->nattrs = 0;
}

struct isakmp_payload *isakmp_add_payload(struct isakmp_msg *m, uint8_t type)
{
	if (m->npl >= ISAKMP_MAX_PAYLOADS)
		return NULL;
	struct isakmp_payload *pl = &m->pl[m->npl++];
	memset(pl, 0, sizeof(*pl));
	pl->type = type;
	if (m->npl == 1)
		m->hdr.next = type; /* as a parser would report it */
	if (type == ISAKMP_PL_SA) {
		pl->u.sa.doi = ISAKMP_DOI_IPSEC;
		pl->u.sa.situation = ISAKMP_SIT_IDENTITY_ONLY;
		pl->u.sa.prop_first = (uint16_t)m->nprops;
	}
	return pl;
}

struct isakmp_proposal *isakmp_add_proposal(struct isakmp_msg *m, struct isakmp_payload *sa,
					    uint8_t num, uint8_t protocol)
{
	if (sa->type != ISAKMP_PL_SA || m->nprops >= ISAKMP_MAX_PROPOSALS ||
	    sa->u.sa.prop_first + sa->u.sa.prop_count != m->nprops)
		return NULL;
	struct isakmp_proposal *pr = &m->props[m->nprops++];
	memset(pr, 0, sizeof(*pr));
	pr->num = num;
	pr->protocol = protocol;
	pr->xf_first = (uint16_t)m->nxforms;
	sa->u.sa.prop_count++;
	return pr;
}

struct isakmp_transform *isakmp_add_transform(struct isakmp_msg *m, struct isakmp_proposal *p,
					      uint8_t num, uint8_t id)
{
	if (m->nxforms >= ISAKMP_MAX_TRANSFORMS || p->xf_first + p->xf_count != m->nxforms)
		return NULL;
	struct isakmp_transform *t = &m->xforms[m->nxforms++];
	memset(t, 0, sizeof(*t));
	t->num = num;
	t->id = id;
	t->attr_first = (uint16_t)m->nattrs;
	p->xf_count++;
	return t;
}

static struct isakmp_attr *add_attr(struct isakmp_msg *m, struct isakmp_transform *t,
				    uint16_t type)
{
	if (m->nattrs >= ISAKMP_MAX_ATTRS || t->attr_first + t->attr_count != m->nattrs ||
	    type > 0x7fff)
		return NULL;
	struct isakmp_attr *a = &m->attrs[m->nattrs++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	t->attr_count++;
	return a;
}

struct isakmp_attr *isakmp_add_attr_basic(struct isakmp_msg *m, struct isakmp_transform *t,
					  uint16_t type, uint16_t value)
{
	struct isakmp_attr *a = add_attr(m, t, type);
	if (a) {
		a->basic = true;
		a->value = value;
	}
	return a;
}

struct isakmp_attr *isakmp_add_attr_var(struct isakmp_msg *m, struct isakmp_transform *t,
					uint16_t type, const uint8_t *val, size_t len)
{
	if (len > 0xffff)
		return NULL;
	struct isakmp_attr *a = add_attr(m, t, type);
	if (a)
		a->var = span(val, len);
	return a;
}

/* ---- equality ---- */

static bool span_eq(struct isakmp_span a, struct isakmp_span b)
{
	return a.len == b.len && (a.len == 0 || !memcmp(a.p, b.p, a.len));
}

static bool attr_eq(const struct isakmp_attr *a, const struct isakmp_attr *b)
{
	if (a->type != b->type || a->basic != b->basic)
		return false;
	return a->basic ? a->value == b->value : span_eq(a->var, b->var);
}

static bool sa_eq(const struct isakmp_msg *ma, const struct isakmp_sa *a,
		  const struct isakmp_msg *mb, const struct isakmp_sa *b)
{
	if (a->doi != b->doi || a->situation != b->situation || a->prop_count != b->prop_count)
		return false;
	if ((size_t)a->prop_first + a->prop_count > ma->nprops ||
	    (size_t)b->prop_first + b->prop_count > mb->nprops)
		return false;
	for (unsigned i = 0; i < a->prop_count; i++) {
		const struct isakmp_proposal *pa = &ma->props[a->prop_first + i];
		const struct isakmp_proposal *pb = &mb->props[b->prop_first + i];
		if (pa->num != pb->num || pa->protocol != pb->protocol ||
		    !span_eq(pa->spi, pb->spi) || pa->xf_count != pb->xf_count)
			return false;
		if ((size_t)pa->xf_first + pa->xf_count > ma->nxforms ||
		    (size_t)pb->xf_first + pb->xf_count > mb->nxforms)
			return false;
		for (unsigned j = 0; j < pa->xf_count; j++) {
			const struct isakmp_transform *ta = &ma->xforms[pa->xf_first + j];
			const struct isakmp_transform *tb = &mb->xforms[pb->xf_first + j];
			if (ta->num != tb->num || ta->id != tb->id ||
			    ta->attr_count != tb->attr_count)
				return false;
			if ((size_t)ta->attr_first + ta->attr_count > ma->nattrs ||
			    (size_t)tb->attr_first + tb->attr_count > mb->nattrs)
				return false;
			for (unsigned k = 0; k < ta->attr_count; k++)
				if (!attr_eq(&ma->attrs[ta->attr_first + k],
					     &mb->attrs[tb->attr_first + k]))
					return false;
		}
	}
	return true;
}

static bool payload_eq(const struct isakmp_msg *ma, const struct isakmp_payload *a,
		       const struct isakmp_msg *mb, const struct isakmp_payload *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case ISAKMP_PL_SA:
		return sa_eq(ma, &a->u.sa, mb, &b->u.sa);
	case ISAKMP_PL_ID:
		return a->u.id.type == b->u.id.type && a->u.id.protocol == b->u.id.protocol &&
		       a->u.id.port == b->u.id.port && span_eq(a->u.id.data, b->u.id.data);
	case ISAKMP_PL_CERT:
	case ISAKMP_PL_CR:
		return a->u.cert.encoding == b->u.cert.encoding &&
		       span_eq(a->u.cert.data, b->u.cert.data);
	case ISAKMP_PL_N:
		return a->u.n.doi == b->u.n.doi && a->u.n.protocol == b->u.n.protocol &&
		       a->u.n.type == b->u.n.type && span_eq(a->u.n.spi, b->u.n.spi) &&
		       span_eq(a->u.n.data, b->u.n.data);
	case ISAKMP_PL_D:
		return a->u.d.doi == b->u.d.doi && a->u.d.protocol == b->u.d.protocol &&
		       a->u.d.spi_size == b->u.d.spi_size && a->u.d.nspi == b->u.d.nspi &&
		       span_eq(a->u.d.spis, b->u.d.spis);
	case ISAKMP_PL_NAT_OA:
	case ISAKMP_PL_NAT_OA_DRAFT:
		return a->u.nat_oa.id_type == b->u.nat_oa.id_type &&
		       span_eq(a->u.nat_oa.addr, b->u.nat_oa.addr);
	default:
		return span_eq(a->u.data, b->u.data);
	}
}

bool isakmp_msg_equal(const struct isakmp_msg *a, const struct isakmp_msg *b)
{
	const struct isakmp_hdr *x = &a->hdr, *y = &b->hdr;
	if (memcmp(x->icookie, y->icookie, ISAKMP_COOKIE_LEN) ||
	    memcmp(x->rcookie, y->rcookie, ISAKMP_COOKIE_LEN) || x->next != y->next ||
	    x->version != y->version || x->exchange != y->exchange || x->flags != y->flags ||
	    x->msgid != y->msgid)
		return false;
	if (!span_eq(a->cipher, b->cipher) || a->npl != b->npl || a->npl > ISAKMP_MAX_PAYLOADS)
		return false;
	for (unsigned i = 0; i < a->npl; i++)
		if (!payload_eq(a, &a->pl[i], b, &b->pl[i]))
			return false;
	return true;
}
