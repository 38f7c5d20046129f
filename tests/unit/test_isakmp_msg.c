/* test_isakmp_msg.c — ISAKMP/IKEv1 codec: parse, refuse, build, debug line. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vpn/ike/isakmp_debug.h"
#include "vpn/ike/isakmp_msg.h"

/* Main mode message 1 as Windows XP sends it: one proposal, one transform
 * 3DES / MD5 / PSK / group 2, life 28800 seconds (the duration as a 4-byte
 * variable attribute), and the MS NT5 ISAKMPOAKLEY vendor id. */
static const uint8_t mm1[] = {
	/* header */
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, /* initiator cookie */
	0, 0, 0, 0, 0, 0, 0, 0,                         /* responder cookie */
	1, 0x10, 2, 0, 0, 0, 0, 0, 0, 0, 0, 108,        /* SA, 1.0, main mode, len */
	/* 28: SA */
	13, 0, 0, 56, 0, 0, 0, 1, 0, 0, 0, 1,
	/* 40: proposal 1, ISAKMP, no SPI, 1 transform */
	0, 0, 0, 44, 1, 1, 0, 1,
	/* 48: transform 1, KEY_IKE */
	0, 0, 0, 36, 1, 1, 0, 0,
	/* 56: attributes */
	0x80, 1, 0, 5,  /* encryption 3DES */
	0x80, 2, 0, 1,  /* hash MD5 */
	0x80, 3, 0, 1,  /* auth pre-shared */
	0x80, 4, 0, 2,  /* group 2 */
	0x80, 11, 0, 1, /* life type seconds */
	0, 12, 0, 4, 0, 0, 0x70, 0x80, /* life duration 28800 */
	/* 84: vendor id */
	0, 0, 0, 24, 0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96, 0xfc, 0xbf,
	0xb5, 0x87, 0xe4, 0x61, 0, 0, 0, 4,
};

static struct isakmp_msg *M, *M2;

static int setup(void **state)
{
	(void)state;
	M = calloc(1, sizeof(*M));
	M2 = calloc(1, sizeof(*M2));
	return M && M2 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(M);
	free(M2);
	return 0;
}

/* A copy of mm1 with one byte changed. */
static enum isakmp_err parse_mod(size_t len, size_t at, uint8_t v)
{
	uint8_t b[sizeof(mm1) + 8] = {0};
	memcpy(b, mm1, sizeof(mm1));
	if (at < sizeof(b))
		b[at] = v;
	return isakmp_parse(M, b, len);
}

static void parse_windows_mm1(void **state)
{
	(void)state;
	assert_int_equal(isakmp_parse(M, mm1, sizeof(mm1)), ISAKMP_OK);
	assert_int_equal(M->hdr.exchange, ISAKMP_EXCH_IDPROT);
	assert_int_equal(M->hdr.version, 0x10);
	assert_int_equal(M->hdr.length, 108);
	assert_int_equal(M->hdr.icookie[0], 0x11);
	assert_int_equal(M->npl, 2);
	assert_int_equal(M->pl[0].type, ISAKMP_PL_SA);
	const struct isakmp_sa *sa = &M->pl[0].u.sa;
	assert_int_equal(sa->doi, ISAKMP_DOI_IPSEC);
	assert_int_equal(sa->prop_count, 1);
	const struct isakmp_proposal *p = &M->props[sa->prop_first];
	assert_int_equal(p->num, 1);
	assert_int_equal(p->protocol, 1);
	assert_int_equal(p->spi.len, 0);
	assert_int_equal(p->xf_count, 1);
	const struct isakmp_transform *t = &M->xforms[p->xf_first];
	assert_int_equal(t->id, 1);
	assert_int_equal(t->attr_count, 6);
	const struct isakmp_attr *a = &M->attrs[t->attr_first];
	static const uint16_t types[] = {1, 2, 3, 4, 11, 12};
	static const uint64_t vals[] = {5, 1, 1, 2, 1, 28800};
	for (int i = 0; i < 6; i++) {
		uint64_t v;
		assert_int_equal(a[i].type, types[i]);
		assert_int_equal(a[i].basic, i < 5);
		assert_true(isakmp_attr_uint(&a[i], &v));
		assert_int_equal(v, vals[i]);
	}
	assert_int_equal(M->pl[1].type, ISAKMP_PL_VID);
	assert_int_equal(M->pl[1].u.data.len, 20);
	assert_ptr_equal(M->pl[1].u.data.p, mm1 + 88);

	/* Bytes after the header's length in the datagram are not ours. */
	uint8_t b[sizeof(mm1) + 4] = {0};
	memcpy(b, mm1, sizeof(mm1));
	assert_int_equal(isakmp_parse(M, b, sizeof(b)), ISAKMP_OK);
}

static void refuse_header(void **state)
{
	(void)state;
	assert_int_equal(isakmp_parse(M, mm1, 0), ISAKMP_ERR_SHORT_HDR);
	assert_int_equal(isakmp_parse(M, mm1, 27), ISAKMP_ERR_SHORT_HDR);
	/* header says 108, the datagram was cut */
	assert_int_equal(isakmp_parse(M, mm1, 107), ISAKMP_ERR_HDR_LEN_BIG);
	assert_int_equal(parse_mod(sizeof(mm1), 27, 200), ISAKMP_ERR_HDR_LEN_BIG);
	assert_int_equal(parse_mod(sizeof(mm1), 24, 1), ISAKMP_ERR_HDR_LEN_BIG);
	assert_int_equal(parse_mod(sizeof(mm1), 27, 27), ISAKMP_ERR_HDR_LEN_SMALL);
	assert_int_equal(parse_mod(sizeof(mm1), 17, 0x20), ISAKMP_ERR_VERSION);
	assert_int_equal(parse_mod(sizeof(mm1), 17, 0x11), ISAKMP_OK); /* minor ignored */
	uint8_t b[sizeof(mm1)];
	memcpy(b, mm1, sizeof(b));
	memset(b, 0, 8);
	assert_int_equal(isakmp_parse(M, b, sizeof(b)), ISAKMP_ERR_ICOOKIE_ZERO);
	/* an empty message (no payload) is well formed */
	memcpy(b, mm1, 28);
	b[16] = 0;
	b[27] = 28;
	assert_int_equal(isakmp_parse(M, b, 28), ISAKMP_OK);
	assert_int_equal(M->npl, 0);
}

static void refuse_payload_chain(void **state)
{
	(void)state;
	/* payload length < 4, and 0 (which would loop forever) */
	assert_int_equal(parse_mod(sizeof(mm1), 31, 3), ISAKMP_ERR_PL_LEN_SMALL);
	assert_int_equal(parse_mod(sizeof(mm1), 87, 0), ISAKMP_ERR_PL_LEN_SMALL);
	/* payload longer than what is left */
	assert_int_equal(parse_mod(sizeof(mm1), 87, 25), ISAKMP_ERR_PL_LEN_BIG);
	assert_int_equal(parse_mod(sizeof(mm1), 30, 1), ISAKMP_ERR_PL_LEN_BIG);
	/* VID claims a next payload but the message ends */
	assert_int_equal(parse_mod(sizeof(mm1), 84, ISAKMP_PL_VID), ISAKMP_ERR_PL_SHORT);
	/* proposal payload at top level */
	assert_int_equal(parse_mod(sizeof(mm1), 28, ISAKMP_PL_P), ISAKMP_ERR_PL_MISPLACED);
	/* bytes after the last payload inside the header's length */
	uint8_t b[sizeof(mm1) + 4] = {0};
	memcpy(b, mm1, sizeof(mm1));
	b[27] = sizeof(mm1) + 4;
	assert_int_equal(isakmp_parse(M, b, sizeof(b)), ISAKMP_ERR_TRAILING);

	/* 49 empty vendor ids: more payloads than we accept */
	size_t n = ISAKMP_MAX_PAYLOADS + 1, len = 28 + 4 * n;
	uint8_t *big = calloc(1, len);
	memcpy(big, mm1, 28);
	big[16] = ISAKMP_PL_VID;
	big[26] = (uint8_t)(len >> 8);
	big[27] = (uint8_t)len;
	for (size_t i = 0; i < n; i++) {
		big[28 + 4 * i] = i + 1 < n ? ISAKMP_PL_VID : 0;
		big[28 + 4 * i + 3] = 4;
	}
	assert_int_equal(isakmp_parse(M, big, len), ISAKMP_ERR_TOO_MANY_PAYLOADS);
	big[28 + 4 * (n - 2)] = 0; /* end at 48 */
	big[26] = (uint8_t)((len - 4) >> 8);
	big[27] = (uint8_t)(len - 4);
	assert_int_equal(isakmp_parse(M, big, len - 4), ISAKMP_OK);
	assert_int_equal(M->npl, ISAKMP_MAX_PAYLOADS);
	free(big);
}

static void refuse_sa(void **state)
{
	(void)state;
	assert_int_equal(parse_mod(sizeof(mm1), 39, 2), ISAKMP_ERR_SA_SITUATION);
	/* proposals */
	assert_int_equal(parse_mod(sizeof(mm1), 40, 5), ISAKMP_ERR_PROP_NEXT);
	assert_int_equal(parse_mod(sizeof(mm1), 40, ISAKMP_PL_P), ISAKMP_ERR_PROP_SHORT);
	assert_int_equal(parse_mod(sizeof(mm1), 43, 45), ISAKMP_ERR_PROP_LEN);
	assert_int_equal(parse_mod(sizeof(mm1), 43, 7), ISAKMP_ERR_PROP_LEN);
	assert_int_equal(parse_mod(sizeof(mm1), 46, 40), ISAKMP_ERR_PROP_LEN); /* SPI size */
	assert_int_equal(parse_mod(sizeof(mm1), 47, 0), ISAKMP_ERR_PROP_NO_TRANSFORM);
	assert_int_equal(parse_mod(sizeof(mm1), 47, 2), ISAKMP_ERR_XF_COUNT);
	assert_int_equal(parse_mod(sizeof(mm1), 46, 4), ISAKMP_ERR_XF_NEXT); /* SPI eats xf */
	/* transforms */
	assert_int_equal(parse_mod(sizeof(mm1), 48, 9), ISAKMP_ERR_XF_NEXT);
	assert_int_equal(parse_mod(sizeof(mm1), 48, ISAKMP_PL_T), ISAKMP_ERR_XF_SHORT);
	assert_int_equal(parse_mod(sizeof(mm1), 51, 7), ISAKMP_ERR_XF_LEN);
	assert_int_equal(parse_mod(sizeof(mm1), 51, 37), ISAKMP_ERR_XF_LEN);
	assert_int_equal(parse_mod(sizeof(mm1), 51, 28), ISAKMP_ERR_XF_NEXT); /* ends early */
	/* attributes */
	assert_int_equal(parse_mod(sizeof(mm1), 79, 5), ISAKMP_ERR_ATTR_LEN);
	assert_int_equal(parse_mod(sizeof(mm1), 78, 1), ISAKMP_ERR_ATTR_LEN);
	assert_int_equal(parse_mod(sizeof(mm1), 51, 30), ISAKMP_ERR_ATTR_SHORT);

	/* an SA with no proposal at all */
	static const uint8_t empty_sa[] = {
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0, 0, 0, 0, 0,
		1, 0x10, 2, 0, 0, 0, 0, 0, 0, 0, 0, 40,
		0, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 1,
	};
	assert_int_equal(isakmp_parse(M, empty_sa, sizeof(empty_sa)), ISAKMP_ERR_SA_NO_PROPOSAL);
}

/* One SA whose proposal has `nxf` transforms of `nattr` basic attributes,
 * or `nprop` proposals of one transform; returns the datagram length. */
static size_t big_sa(uint8_t *b, size_t cap, unsigned nprop, unsigned nxf, unsigned nattr)
{
	size_t xlen = 8 + 4 * nattr, plen = 8 + nxf * xlen;
	size_t len = 28 + 12 + nprop * plen;
	assert_true(len <= cap && plen <= 0xffff && xlen <= 0xffff);
	memset(b, 0, len);
	memcpy(b, mm1, 28);
	b[24] = (uint8_t)(len >> 24);
	b[25] = (uint8_t)(len >> 16);
	b[26] = (uint8_t)(len >> 8);
	b[27] = (uint8_t)len;
	size_t salen = len - 28;
	b[30] = (uint8_t)(salen >> 8);
	b[31] = (uint8_t)salen;
	b[35] = 1;
	b[39] = 1;
	uint8_t *q = b + 40;
	for (unsigned i = 0; i < nprop; i++, q += plen) {
		q[0] = i + 1 < nprop ? ISAKMP_PL_P : 0;
		q[2] = (uint8_t)(plen >> 8);
		q[3] = (uint8_t)plen;
		q[4] = (uint8_t)(i + 1);
		q[5] = 1;
		q[7] = (uint8_t)nxf;
		uint8_t *r = q + 8;
		for (unsigned j = 0; j < nxf; j++, r += xlen) {
			r[0] = j + 1 < nxf ? ISAKMP_PL_T : 0;
			r[2] = (uint8_t)(xlen >> 8);
			r[3] = (uint8_t)xlen;
			r[4] = (uint8_t)(j + 1);
			r[5] = 1;
			for (unsigned k = 0; k < nattr; k++) {
				r[8 + 4 * k] = 0x80;
				r[8 + 4 * k + 1] = 1;
				r[8 + 4 * k + 3] = 7;
			}
		}
	}
	return len;
}

static void refuse_counts(void **state)
{
	(void)state;
	size_t cap = 8192;
	uint8_t *b = malloc(cap);
	size_t len = big_sa(b, cap, ISAKMP_MAX_PROPOSALS + 1, 1, 0);
	assert_int_equal(isakmp_parse(M, b, len), ISAKMP_ERR_TOO_MANY_PROPOSALS);
	len = big_sa(b, cap, ISAKMP_MAX_PROPOSALS, 1, 0);
	assert_int_equal(isakmp_parse(M, b, len), ISAKMP_OK);
	assert_int_equal(M->nprops, ISAKMP_MAX_PROPOSALS);
	/* the transform count is one byte: 255 transforms fit it, not our bound */
	len = big_sa(b, cap, 1, 255, 0);
	assert_int_equal(isakmp_parse(M, b, len), ISAKMP_ERR_TOO_MANY_TRANSFORMS);
	len = big_sa(b, cap, 2, ISAKMP_MAX_TRANSFORMS / 2 + 1, 0);
	assert_int_equal(isakmp_parse(M, b, len), ISAKMP_ERR_TOO_MANY_TRANSFORMS);
	len = big_sa(b, cap, 1, 1, ISAKMP_MAX_ATTRS + 1);
	assert_int_equal(isakmp_parse(M, b, len), ISAKMP_ERR_TOO_MANY_ATTRS);
	len = big_sa(b, cap, 1, 1, ISAKMP_MAX_ATTRS);
	assert_int_equal(isakmp_parse(M, b, len), ISAKMP_OK);
	free(b);
}

static const uint8_t body_bytes[] = "0123456789abcdefghijklmnopqrstuvwxyz";

/* Every payload kind the codec knows, built with the helpers. */
static void build_all(struct isakmp_msg *m)
{
	isakmp_msg_init(m, ISAKMP_EXCH_QUICK, 0x0e1b84b0);
	memcpy(m->hdr.icookie, mm1, 8);
	memset(m->hdr.rcookie, 0xab, 8);
	assert_non_null(isakmp_add_payload(m, ISAKMP_PL_HASH));
	m->pl[0].u.data = (struct isakmp_span){body_bytes, 16};
	struct isakmp_payload *sa = isakmp_add_payload(m, ISAKMP_PL_SA);
	struct isakmp_proposal *p = isakmp_add_proposal(m, sa, 1, 3 /* ESP */);
	p->spi = (struct isakmp_span){body_bytes, 4};
	struct isakmp_transform *t = isakmp_add_transform(m, p, 1, 3 /* 3DES */);
	assert_non_null(isakmp_add_attr_basic(m, t, 1, 1));      /* life type s */
	assert_non_null(isakmp_add_attr_var(m, t, 2, body_bytes, 4));
	assert_non_null(isakmp_add_attr_basic(m, t, 4, 2));      /* transport */
	assert_non_null(isakmp_add_attr_basic(m, t, 5, 1));      /* HMAC-MD5 */
	t = isakmp_add_transform(m, p, 2, 12 /* AES */);
	assert_non_null(isakmp_add_attr_basic(m, t, 6, 128));
	assert_non_null(isakmp_add_attr_var(m, t, 2, NULL, 0));
	p = isakmp_add_proposal(m, sa, 2, 3);
	assert_non_null(isakmp_add_transform(m, p, 1, 2));
	struct isakmp_payload *pl = isakmp_add_payload(m, ISAKMP_PL_NONCE);
	pl->u.data = (struct isakmp_span){body_bytes, 20};
	pl = isakmp_add_payload(m, ISAKMP_PL_ID);
	pl->u.id = (struct isakmp_id){1, 17, 1701, {(const uint8_t *)"\xc0\xa8\x00\x02", 4}};
	pl = isakmp_add_payload(m, ISAKMP_PL_ID);
	pl->u.id = (struct isakmp_id){1, 17, 1701, {(const uint8_t *)"\xac\x10\x01\x01", 4}};
	pl = isakmp_add_payload(m, ISAKMP_PL_KE);
	pl->u.data = (struct isakmp_span){body_bytes, 32};
	pl = isakmp_add_payload(m, ISAKMP_PL_CERT);
	pl->u.cert.encoding = 4;
	pl->u.cert.data = (struct isakmp_span){body_bytes, 10};
	pl = isakmp_add_payload(m, ISAKMP_PL_CR);
	pl->u.cert.encoding = 4;
	pl = isakmp_add_payload(m, ISAKMP_PL_SIG);
	pl->u.data = (struct isakmp_span){body_bytes, 8};
	pl = isakmp_add_payload(m, ISAKMP_PL_N);
	pl->u.n = (struct isakmp_notify){1, 3, 24576, {body_bytes, 4}, {body_bytes + 4, 4}};
	pl = isakmp_add_payload(m, ISAKMP_PL_D);
	pl->u.d = (struct isakmp_delete){1, 3, 4, 2, {body_bytes, 8}};
	pl = isakmp_add_payload(m, ISAKMP_PL_NAT_D);
	pl->u.data = (struct isakmp_span){body_bytes, 16};
	pl = isakmp_add_payload(m, ISAKMP_PL_NAT_D_DRAFT);
	pl->u.data = (struct isakmp_span){body_bytes, 20};
	pl = isakmp_add_payload(m, ISAKMP_PL_NAT_OA);
	pl->u.nat_oa = (struct isakmp_nat_oa){1, {body_bytes, 4}};
	pl = isakmp_add_payload(m, ISAKMP_PL_NAT_OA_DRAFT);
	pl->u.nat_oa = (struct isakmp_nat_oa){5, {body_bytes, 16}};
	pl = isakmp_add_payload(m, 200); /* unknown type: kept raw */
	pl->u.data = (struct isakmp_span){body_bytes, 3};
}

static void round_trip(void **state)
{
	(void)state;
	uint8_t out[2048];
	size_t n;
	/* the hand-built message comes back byte for byte */
	assert_int_equal(isakmp_parse(M, mm1, sizeof(mm1)), ISAKMP_OK);
	assert_int_equal(isakmp_build(M, out, sizeof(out), &n), ISAKMP_OK);
	assert_int_equal(n, sizeof(mm1));
	assert_memory_equal(out, mm1, sizeof(mm1));
	assert_int_equal(isakmp_build_len(M), sizeof(mm1));
	assert_int_equal(isakmp_build(M, out, sizeof(mm1) - 1, &n), ISAKMP_ERR_BUF_SMALL);

	build_all(M);
	assert_int_equal(isakmp_build(M, out, sizeof(out), &n), ISAKMP_OK);
	assert_int_equal(isakmp_build_len(M), n);
	assert_int_equal(isakmp_parse(M2, out, n), ISAKMP_OK);
	assert_true(isakmp_msg_equal(M, M2));
	assert_int_equal(M2->hdr.length, n);
	assert_int_equal(M2->npl, 16);
	assert_int_equal(M2->nprops, 2);
	assert_int_equal(M2->nxforms, 3);
	/* a change is seen */
	M2->attrs[1].var.len = 3;
	assert_false(isakmp_msg_equal(M, M2));

	/* inconsistent structures are refused, not written */
	build_all(M);
	M->pl[10].u.d.nspi = 3;
	assert_int_equal(isakmp_build(M, out, sizeof(out), &n), ISAKMP_ERR_BUILD_INVALID);
	build_all(M);
	M->pl[14].u.nat_oa.addr.len = 5;
	assert_int_equal(isakmp_build(M, out, sizeof(out), &n), ISAKMP_ERR_BUILD_INVALID);
	build_all(M);
	M->props[0].xf_count = 9;
	assert_int_equal(isakmp_build(M, out, sizeof(out), &n), ISAKMP_ERR_BUILD_INVALID);
	assert_int_equal(isakmp_build_len(M), 0);
}

static void encrypted(void **state)
{
	(void)state;
	uint8_t body[1024], out[1100], padded[1100];
	size_t blen, n;
	build_all(M);
	assert_int_equal(isakmp_build_body(M, body, sizeof(body), &blen), ISAKMP_OK);
	/* pretend to encrypt: pad to 8 and send as the ciphertext */
	memcpy(padded, body, blen);
	size_t plen = (blen + 7) / 8 * 8 + 8;
	memset(padded + blen, 0, plen - blen);
	padded[plen - 1] = (uint8_t)(plen - blen - 1);
	uint8_t first = M->hdr.next;
	M->hdr.flags |= ISAKMP_FLAG_ENC;
	M->cipher = (struct isakmp_span){padded, plen};
	assert_int_equal(isakmp_build(M, out, sizeof(out), &n), ISAKMP_OK);
	assert_int_equal(n, 28 + plen);
	assert_int_equal(isakmp_parse(M2, out, n), ISAKMP_OK);
	assert_int_equal(M2->npl, 0);
	assert_int_equal(M2->hdr.next, first);
	assert_int_equal(M2->cipher.len, plen);
	assert_ptr_equal(M2->cipher.p, out + 28);
	/* the caller decrypts, then: padding after the last payload is fine */
	assert_int_equal(isakmp_parse_body(M2, M2->cipher.p, M2->cipher.len), ISAKMP_OK);
	assert_int_equal(M2->npl, 16);
	M2->cipher = M->cipher;
	assert_true(isakmp_msg_equal(M, M2));
	/* header says encrypted, no body */
	out[26] = 0;
	out[27] = 28;
	assert_int_equal(isakmp_parse(M2, out, n), ISAKMP_ERR_ENC_EMPTY);
}

static void refuse_payload_bodies(void **state)
{
	(void)state;
	uint8_t out[2048];
	size_t n;
	build_all(M);
	assert_int_equal(isakmp_build(M, out, sizeof(out), &n), ISAKMP_OK);
	/* find each payload in the wire image */
	size_t off[ISAKMP_MAX_PAYLOADS], at = 28;
	for (unsigned i = 0; i < M->npl; i++) {
		off[i] = at;
		at += (size_t)out[at + 2] << 8 | out[at + 3];
	}
	assert_int_equal(at, n);
	uint8_t b[2048];
#define MUT(i, delta, v, err)                                                  \
	do {                                                                   \
		memcpy(b, out, n);                                             \
		b[off[i] + (delta)] = (v);                                     \
		assert_int_equal(isakmp_parse(M2, b, n), (err));               \
	} while (0)
	MUT(9, 9, 9, ISAKMP_ERR_NOTIFY_SPI);   /* notify SPI size 9 of 8 left */
	MUT(9, 9, 8, ISAKMP_OK);               /* exactly what is left */
	MUT(10, 11, 3, ISAKMP_ERR_DELETE_SPIS); /* 3 SPIs of 4 in 8 bytes */
	MUT(10, 9, 8, ISAKMP_ERR_DELETE_SPIS);
	MUT(13, 4, 5, ISAKMP_ERR_NAT_OA);      /* v6 type, v4 length */
	MUT(14, 4, 1, ISAKMP_ERR_NAT_OA);
	MUT(14, 4, 2, ISAKMP_ERR_NAT_OA);
#undef MUT
	/* payloads shorter than their fixed part */
	static const struct { uint8_t type; size_t min; } fixed[] = {
		{ISAKMP_PL_SA, 8}, {ISAKMP_PL_ID, 4}, {ISAKMP_PL_CERT, 1}, {ISAKMP_PL_CR, 1},
		{ISAKMP_PL_N, 8}, {ISAKMP_PL_D, 8}, {ISAKMP_PL_NAT_OA, 4}, {ISAKMP_PL_NAT_OA_DRAFT, 4},
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		memset(b, 0, sizeof(b));
		memcpy(b, mm1, 28);
		b[16] = fixed[i].type;
		size_t len = 28 + 4 + fixed[i].min - 1;
		b[27] = (uint8_t)len;
		b[31] = (uint8_t)(4 + fixed[i].min - 1);
		assert_int_equal(isakmp_parse(M2, b, len), ISAKMP_ERR_PL_LEN_SMALL);
	}
	/* every error has a text */
	for (int e = 0; e < ISAKMP_ERR__COUNT; e++)
		assert_non_null(isakmp_strerror(e));
	assert_string_equal(isakmp_strerror(ISAKMP_ERR__COUNT), "unknown error");
}

static void debug_lines(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(isakmp_parse(M, mm1, sizeof(mm1)), ISAKMP_OK);
	isakmp_debug_decode(&sb, false, M);
	assert_string_equal(sb.buf, "IKE_DECODE RECEIVED Message (msgid=0) with payloads : "
				    "HDR + SA (1) + VENDOR (13) + NONE (0) total length : 108");
	sb_reset(&sb);

	/* the seed's quick mode message 1 (PIX 7.2 debug sample) */
	isakmp_msg_init(M, ISAKMP_EXCH_QUICK, 0x0e1b84b0);
	static const uint8_t t[] = {ISAKMP_PL_HASH, ISAKMP_PL_SA, ISAKMP_PL_NONCE, ISAKMP_PL_ID,
				    ISAKMP_PL_ID};
	for (size_t i = 0; i < sizeof(t); i++)
		isakmp_add_payload(M, t[i]);
	M->hdr.length = 164;
	isakmp_debug_decode(&sb, false, M);
	assert_string_equal(sb.buf,
			    "IKE_DECODE RECEIVED Message (msgid=e1b84b0) with payloads : HDR + "
			    "HASH (8) + SA (1) + NONCE (10) + ID (5) + ID (5) + NONE (0) total "
			    "length : 164");
	sb_reset(&sb);

	/* a built message: the length is the one build produces */
	build_all(M);
	size_t n = isakmp_build_len(M);
	isakmp_debug_decode(&sb, true, M);
	char want[512];
	snprintf(want, sizeof(want),
		 "IKE_DECODE SENDING Message (msgid=e1b84b0) with payloads : HDR + HASH (8) + "
		 "SA (1) + NONCE (10) + ID (5) + ID (5) + KE (4) + CERT (6) + CERT_REQ (7) + "
		 "SIG (9) + NOTIFY (11) + DELETE (12) + NAT-D (20) + NAT-D (130) + NAT-OA (21) + "
		 "NAT-OA (131) + UNKNOWN (200) + NONE (0) total length : %zu",
		 n);
	assert_string_equal(sb.buf, want);
	sb_free(&sb);
}

/* The fuzz seeds are well formed and come back byte for byte. */
static void corpus_seeds(void **state)
{
	(void)state;
	DIR *d = opendir("tests/fuzz/corpus-isakmp");
	assert_non_null(d);
	struct dirent *de;
	int seen = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof(path), "tests/fuzz/corpus-isakmp/%s", de->d_name);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		uint8_t in[4096], out[4096];
		size_t len = fread(in, 1, sizeof(in), f), n;
		fclose(f);
		assert_int_equal(isakmp_parse(M, in, len), ISAKMP_OK);
		assert_int_equal(isakmp_build(M, out, sizeof(out), &n), ISAKMP_OK);
		assert_int_equal(n, len);
		assert_memory_equal(in, out, len);
		if (M->hdr.flags & ISAKMP_FLAG_ENC)
			assert_int_equal(isakmp_parse_body(M, M->cipher.p, M->cipher.len),
					 ISAKMP_OK);
		seen++;
	}
	closedir(d);
	assert_true(seen >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_windows_mm1),
		cmocka_unit_test(refuse_header),
		cmocka_unit_test(refuse_payload_chain),
		cmocka_unit_test(refuse_sa),
		cmocka_unit_test(refuse_counts),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(encrypted),
		cmocka_unit_test(refuse_payload_bodies),
		cmocka_unit_test(debug_lines),
		cmocka_unit_test(corpus_seeds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
