/*
 * isakmp_msg.h — ISAKMP (RFC 2408) / IKEv1 (RFC 2409) message codec.
 *
 * isakmp_parse() turns a received datagram into a header and a flat list of
 * payloads without allocating: every variable part is a span pointing into
 * the caller's buffer, so the buffer must outlive the message.  Proposals,
 * transforms and attributes of SA payloads live in bounded arrays of the
 * message (an SA names its first proposal and a count, and so on down), so a
 * peer can neither make us allocate nor loop: each length is checked against
 * the bytes that remain around it, each count against what was really found
 * and against the array bounds.  A failure is one value of enum isakmp_err
 * for the caller to count and log; nothing is printed here.
 *
 * When the header has the encryption flag the body is not parsed: `cipher`
 * is the ciphertext span, the caller decrypts it (ike_crypto) and hands the
 * plaintext to isakmp_parse_body(), which tolerates the padding after the
 * last payload (RFC 2409 appendix B).
 *
 * isakmp_build() serialises the same structure (lengths and next-payload
 * chains are computed, not taken from the struct), so that for any message m
 * that parsed, parse(build(m)) is equal to m (isakmp_msg_equal()).
 */
#ifndef PIXIE_ISAKMP_MSG_H
#define PIXIE_ISAKMP_MSG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ISAKMP_HDR_LEN 28
#define ISAKMP_COOKIE_LEN 8

/* Bounds on what one message may carry; beyond them the message is refused. */
#define ISAKMP_MAX_PAYLOADS 48
#define ISAKMP_MAX_PROPOSALS 64
#define ISAKMP_MAX_TRANSFORMS 128
#define ISAKMP_MAX_ATTRS 512

/* Payload types (RFC 2408 3.1, RFC 3947, draft-ietf-ipsec-nat-t-ike-02/03) */
enum isakmp_pl_type {
	ISAKMP_PL_NONE = 0,
	ISAKMP_PL_SA = 1,
	ISAKMP_PL_P = 2, /* only inside an SA */
	ISAKMP_PL_T = 3, /* only inside a proposal */
	ISAKMP_PL_KE = 4,
	ISAKMP_PL_ID = 5,
	ISAKMP_PL_CERT = 6,
	ISAKMP_PL_CR = 7,
	ISAKMP_PL_HASH = 8,
	ISAKMP_PL_SIG = 9,
	ISAKMP_PL_NONCE = 10,
	ISAKMP_PL_N = 11,
	ISAKMP_PL_D = 12,
	ISAKMP_PL_VID = 13,
	ISAKMP_PL_ATTR = 14, /* mode config; kept raw */
	ISAKMP_PL_NAT_D = 20,
	ISAKMP_PL_NAT_OA = 21,
	ISAKMP_PL_NAT_D_DRAFT = 130,
	ISAKMP_PL_NAT_OA_DRAFT = 131,
	ISAKMP_PL_FRAG = 132, /* Cisco IKE fragmentation; kept raw */
};

/* Exchange types (RFC 2408 3.1, RFC 2409 5) */
enum isakmp_exch {
	ISAKMP_EXCH_BASE = 1,
	ISAKMP_EXCH_IDPROT = 2, /* main mode */
	ISAKMP_EXCH_AUTH = 3,
	ISAKMP_EXCH_AGGR = 4,
	ISAKMP_EXCH_INFO = 5,
	ISAKMP_EXCH_TRANSACTION = 6, /* mode config */
	ISAKMP_EXCH_QUICK = 32,
	ISAKMP_EXCH_NEWGROUP = 33,
};

#define ISAKMP_FLAG_ENC 0x01
#define ISAKMP_FLAG_COMMIT 0x02
#define ISAKMP_FLAG_AUTH 0x04

#define ISAKMP_DOI_IPSEC 1
#define ISAKMP_SIT_IDENTITY_ONLY 1

/* Why a message was refused.  Keep isakmp_strerror() in step. */
enum isakmp_err {
	ISAKMP_OK = 0,
	ISAKMP_ERR_SHORT_HDR,        /* datagram shorter than the 28-byte header */
	ISAKMP_ERR_HDR_LEN_SMALL,    /* header length field < 28 */
	ISAKMP_ERR_HDR_LEN_BIG,      /* header length field > datagram */
	ISAKMP_ERR_VERSION,          /* major version is not 1 */
	ISAKMP_ERR_ICOOKIE_ZERO,     /* initiator cookie is all zero */
	ISAKMP_ERR_PL_SHORT,         /* fewer than 4 bytes left for a payload header */
	ISAKMP_ERR_PL_LEN_SMALL,     /* payload length < its fixed part (>= 4) */
	ISAKMP_ERR_PL_LEN_BIG,       /* payload length beyond the remaining bytes */
	ISAKMP_ERR_PL_MISPLACED,     /* proposal/transform payload at top level */
	ISAKMP_ERR_TOO_MANY_PAYLOADS,
	ISAKMP_ERR_TRAILING,         /* bytes after the last payload */
	ISAKMP_ERR_ENC_EMPTY,        /* encryption flag with an empty body */
	ISAKMP_ERR_SA_SITUATION,     /* situation other than SIT_IDENTITY_ONLY */
	ISAKMP_ERR_SA_NO_PROPOSAL,
	ISAKMP_ERR_PROP_SHORT,       /* proposal header truncated */
	ISAKMP_ERR_PROP_LEN,         /* proposal length < 8+SPI or beyond the SA */
	ISAKMP_ERR_PROP_NEXT,        /* next payload inside an SA is not P or NONE */
	ISAKMP_ERR_TOO_MANY_PROPOSALS,
	ISAKMP_ERR_PROP_NO_TRANSFORM,
	ISAKMP_ERR_XF_SHORT,         /* transform header truncated */
	ISAKMP_ERR_XF_LEN,           /* transform length < 8 or beyond the proposal */
	ISAKMP_ERR_XF_NEXT,          /* next payload inside a proposal is not T or NONE */
	ISAKMP_ERR_XF_COUNT,         /* transforms found != the proposal's count */
	ISAKMP_ERR_TOO_MANY_TRANSFORMS,
	ISAKMP_ERR_ATTR_SHORT,       /* attribute header truncated */
	ISAKMP_ERR_ATTR_LEN,         /* variable attribute value beyond its container */
	ISAKMP_ERR_TOO_MANY_ATTRS,
	ISAKMP_ERR_NOTIFY_SPI,       /* notify SPI size beyond the payload */
	ISAKMP_ERR_DELETE_SPIS,      /* delete: SPI size * count != the bytes left */
	ISAKMP_ERR_NAT_OA,           /* NAT-OA: unknown ID type or wrong length */
	ISAKMP_ERR_BUF_SMALL,        /* build: output buffer too small */
	ISAKMP_ERR_BUILD_INVALID,    /* build: inconsistent structure or field overflow */
	ISAKMP_ERR__COUNT
};

const char *isakmp_strerror(enum isakmp_err e);

/* Bytes in someone else's buffer (the datagram, or the builder's input). */
struct isakmp_span {
	const uint8_t *p;
	size_t len;
};

struct isakmp_hdr {
	uint8_t icookie[ISAKMP_COOKIE_LEN];
	uint8_t rcookie[ISAKMP_COOKIE_LEN];
	uint8_t next;     /* first payload type */
	uint8_t version;  /* major << 4 | minor; 0x10 */
	uint8_t exchange; /* enum isakmp_exch */
	uint8_t flags;    /* ISAKMP_FLAG_* */
	uint32_t msgid;
	uint32_t length;  /* as received; the builder writes the real one */
};

/* A data attribute (RFC 2408 3.3): TV ("basic", 16-bit value) or TLV. */
struct isakmp_attr {
	uint16_t type; /* without the AF bit */
	bool basic;
	uint16_t value;          /* basic */
	struct isakmp_span var;  /* variable length (0-65535 bytes) */
};

struct isakmp_transform {
	uint8_t num, id;
	uint16_t attr_first, attr_count; /* into msg->attrs */
};

struct isakmp_proposal {
	uint8_t num, protocol;
	struct isakmp_span spi;
	uint16_t xf_first, xf_count; /* into msg->xforms */
};

struct isakmp_sa {
	uint32_t doi, situation;
	uint16_t prop_first, prop_count; /* into msg->props */
};

struct isakmp_id {
	uint8_t type, protocol;
	uint16_t port;
	struct isakmp_span data;
};

struct isakmp_notify {
	uint32_t doi;
	uint8_t protocol;
	uint16_t type;
	struct isakmp_span spi, data;
};

struct isakmp_delete {
	uint32_t doi;
	uint8_t protocol, spi_size;
	uint16_t nspi;
	struct isakmp_span spis; /* nspi * spi_size bytes */
};

/* NAT-OA: ID type 1 (IPv4, 4 bytes) or 5 (IPv6, 16 bytes) */
struct isakmp_nat_oa {
	uint8_t id_type;
	struct isakmp_span addr;
};

struct isakmp_payload {
	uint8_t type; /* enum isakmp_pl_type, or an unknown number */
	union {
		struct isakmp_sa sa;
		struct isakmp_id id;         /* ID */
		struct isakmp_notify n;      /* NOTIFY */
		struct isakmp_delete d;      /* DELETE */
		struct isakmp_nat_oa nat_oa; /* NAT-OA, both numbers */
		struct {
			uint8_t encoding; /* CERT encoding or CERTREQ type */
			struct isakmp_span data;
		} cert;
		/* KE, HASH, SIG, NONCE, VID, NAT-D, and every other type: the body */
		struct isakmp_span data;
	} u;
};

struct isakmp_msg {
	struct isakmp_hdr hdr;
	struct isakmp_span cipher; /* ENC flag: the body, still encrypted */
	unsigned npl, nprops, nxforms, nattrs;
	struct isakmp_payload pl[ISAKMP_MAX_PAYLOADS];
	struct isakmp_proposal props[ISAKMP_MAX_PROPOSALS];
	struct isakmp_transform xforms[ISAKMP_MAX_TRANSFORMS];
	struct isakmp_attr attrs[ISAKMP_MAX_ATTRS];
};

/* Parse a datagram (the header length bounds the message; bytes after it in
 * the datagram are ignored).  m is overwritten; on error its content is
 * unspecified. */
enum isakmp_err isakmp_parse(struct isakmp_msg *m, const uint8_t *buf, size_t len);
/* Parse a decrypted body whose first payload is m->hdr.next into m's
 * payload list (replacing it).  Bytes after the last payload are padding. */
enum isakmp_err isakmp_parse_body(struct isakmp_msg *m, const uint8_t *buf, size_t len);

/* Serialise m into out (cap bytes); *outlen is the message length, also
 * written into the header.  With ISAKMP_FLAG_ENC the body is m->cipher. */
enum isakmp_err isakmp_build(const struct isakmp_msg *m, uint8_t *out, size_t cap,
			     size_t *outlen);
/* Only the payloads (the plaintext the caller pads and encrypts). */
enum isakmp_err isakmp_build_body(const struct isakmp_msg *m, uint8_t *out, size_t cap,
				  size_t *outlen);
/* Length isakmp_build() needs (0 when m is inconsistent). */
size_t isakmp_build_len(const struct isakmp_msg *m);

/* Equal content (span bytes compared; hdr.length ignored). */
bool isakmp_msg_equal(const struct isakmp_msg *a, const struct isakmp_msg *b);

/* Builder helpers: each returns NULL when the message is full.  Transforms
 * are added to the last proposal, which must belong to the last SA added,
 * and attributes to the last transform, so the arrays stay contiguous. */
void isakmp_msg_init(struct isakmp_msg *m, uint8_t exchange, uint32_t msgid);
struct isakmp_payload *isakmp_add_payload(struct isakmp_msg *m, uint8_t type);
struct isakmp_proposal *isakmp_add_proposal(struct isakmp_msg *m, struct isakmp_payload *sa,
					    uint8_t num, uint8_t protocol);
struct isakmp_transform *isakmp_add_transform(struct isakmp_msg *m, struct isakmp_proposal *p,
					      uint8_t num, uint8_t id);
struct isakmp_attr *isakmp_add_attr_basic(struct isakmp_msg *m, struct isakmp_transform *t,
					  uint16_t type, uint16_t value);
struct isakmp_attr *isakmp_add_attr_var(struct isakmp_msg *m, struct isakmp_transform *t,
					uint16_t type, const uint8_t *val, size_t len);

/* An attribute's value as a number: basic, or a variable one of 1-8 bytes
 * (RFC 2409 life durations may be either). */
bool isakmp_attr_uint(const struct isakmp_attr *a, uint64_t *v);
#endif
