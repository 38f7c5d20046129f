/*
 * ike_crypto.h — IKEv1 (RFC 2409) key material and payload crypto for
 * pre-shared-key authentication, built on OpenSSL 3 EVP only.
 *
 * Byte strings follow RFC 2409's naming: Ni_b/Nr_b are nonce payload
 * bodies, g^xi/g^xr the KE payload bodies (public values), g^xy the shared
 * secret (left-padded to the prime's length), CKY-I/CKY-R the 8-byte
 * cookies, M-ID the 4-byte message id in network order.
 * Every function returns false on any OpenSSL failure or bad argument and
 * then leaves no secret behind in its outputs' scratch space.
 */
#ifndef PIXIE_IKE_CRYPTO_H
#define PIXIE_IKE_CRYPTO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hash algorithm attribute values of RFC 2409 Appendix A (and 4868's
 * SHA2-256 = 4); the prf is HMAC with the same hash. */
enum ike_prf { IKEH_MD5 = 1, IKEH_SHA1 = 2, IKEH_SHA256 = 4 };
/* Encryption algorithm attribute values (Appendix A). */
enum ike_cipher { IKEC_DES = 1, IKEC_3DES = 5, IKEC_AES_CBC = 7 };
/* Oakley/MODP group numbers we support. */
enum ike_dh_group { IKEG_MODP768 = 1, IKEG_MODP1024 = 2,
		    IKEG_MODP1536 = 5, IKEG_MODP2048 = 14 };

#define IKE_HASH_MAX 32   /* SHA-256 */
#define IKE_ENCKEY_MAX 32 /* AES-256 */
#define IKE_BLOCK_MAX 16  /* AES */
#define IKE_DH_MAX 256    /* 2048-bit group */

/* A borrowed byte string; prf/hash inputs are lists of these. */
struct ike_buf {
	const uint8_t *p;
	size_t n;
};

/* Digest length of h (16/20/32), 0 if unknown. */
size_t ike_hash_len(enum ike_prf h);
/* out = hash(parts...) and prf(key, parts...) = HMAC; out holds
 * ike_hash_len(h) bytes. */
bool ike_hash(enum ike_prf h, const struct ike_buf *parts, size_t nparts,
	      uint8_t *out);
bool ike_prf(enum ike_prf h, const uint8_t *key, size_t klen,
	     const struct ike_buf *parts, size_t nparts, uint8_t *out);

/* Block size (8/16) and, for key_bits 0, the default key length in bytes
 * of a cipher; AES takes 128/192/256 key bits.  0 if unknown. */
size_t ike_cipher_block(enum ike_cipher c);
size_t ike_cipher_keylen(enum ike_cipher c, unsigned key_bits);

/* Phase-1 SA keys (main mode, pre-shared key). */
struct ike_keys {
	enum ike_prf hash;
	size_t hlen;
	enum ike_cipher cipher;
	size_t block;
	uint8_t skeyid[IKE_HASH_MAX];
	uint8_t skeyid_d[IKE_HASH_MAX];
	uint8_t skeyid_a[IKE_HASH_MAX];
	uint8_t skeyid_e[IKE_HASH_MAX];
	uint8_t enc_key[IKE_ENCKEY_MAX];
	size_t enc_key_len;
	/* Last CBC block of the phase-1 exchange: the running IV of main
	 * mode, and the base for phase-2/informational IVs. */
	uint8_t iv[IKE_BLOCK_MAX];
};

/*
 * SKEYID = prf(psk, Ni_b | Nr_b);
 * SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0), _a and _e chained
 * (1, 2); the encryption key is SKEYID_e, expanded per Appendix B when the
 * cipher needs more; iv = hash(g^xi | g^xr) truncated to the block size.
 */
bool ike_keys_derive_psk(struct ike_keys *k, enum ike_prf h,
			 enum ike_cipher c, unsigned key_bits,
			 struct ike_buf psk, struct ike_buf ni_b,
			 struct ike_buf nr_b, struct ike_buf gxy,
			 struct ike_buf gxi, struct ike_buf gxr,
			 const uint8_t cky_i[8], const uint8_t cky_r[8]);
/* Wipe every secret of k. */
void ike_keys_wipe(struct ike_keys *k);

/* Appendix B: out = K1 | K2 | ... truncated to outlen, K1 = prf(key, 0),
 * Kn = prf(key, Kn-1); when outlen <= prf length, out = key's prefix. */
bool ike_key_expand(enum ike_prf h, const uint8_t *key, size_t klen,
		    uint8_t *out, size_t outlen);

/* HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b);
 * HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b).
 * Arguments are given in the initiator's order for both. */
bool ike_hash_i(const struct ike_keys *k, struct ike_buf gxi,
		struct ike_buf gxr, const uint8_t cky_i[8],
		const uint8_t cky_r[8], struct ike_buf sai_b,
		struct ike_buf idii_b, uint8_t *out);
bool ike_hash_r(const struct ike_keys *k, struct ike_buf gxi,
		struct ike_buf gxr, const uint8_t cky_i[8],
		const uint8_t cky_r[8], struct ike_buf sai_b,
		struct ike_buf idir_b, uint8_t *out);

/* Constant-time comparison of a received hash with the expected one. */
bool ike_hash_equal(const uint8_t *a, const uint8_t *b, size_t n);

/* Phase-2 / informational IV: hash(phase-1 iv | M-ID) truncated. */
bool ike_iv_phase2(const struct ike_keys *k, const uint8_t mid[4],
		   uint8_t *iv_out);

/* Quick mode: HASH(1) = prf(SKEYID_a, M-ID | rest) (also informational
 * HASH), HASH(2) = prf(SKEYID_a, M-ID | Ni_b | rest),
 * HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b).  "rest" is every
 * payload after the HASH payload, headers included. */
bool ike_qm_hash1(const struct ike_keys *k, const uint8_t mid[4],
		  struct ike_buf rest, uint8_t *out);
bool ike_qm_hash2(const struct ike_keys *k, const uint8_t mid[4],
		  struct ike_buf ni_b, struct ike_buf rest, uint8_t *out);
bool ike_qm_hash3(const struct ike_keys *k, const uint8_t mid[4],
		  struct ike_buf ni_b, struct ike_buf nr_b, uint8_t *out);

/* KEYMAT = K1 | K2 | ..., K1 = prf(SKEYID_d, [g(qm)^xy |] proto | SPI |
 * Ni_b | Nr_b), Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] proto | SPI | ...).
 * gxy_qm.n == 0 without PFS; spi in network order. */
bool ike_keymat(const struct ike_keys *k, struct ike_buf gxy_qm,
		uint8_t proto, const uint8_t spi[4], struct ike_buf ni_b,
		struct ike_buf nr_b, uint8_t *out, size_t outlen);

/* RFC 3947 NAT-D = hash(CKY-I | CKY-R | IP | Port); ip and port in
 * network order. */
bool ike_natd(enum ike_prf h, const uint8_t cky_i[8], const uint8_t cky_r[8],
	      const uint8_t ip[4], const uint8_t port[2], uint8_t *out);

/* CBC over whole blocks, in place; len must be a multiple of the block
 * size.  iv (block bytes) is updated to the last ciphertext block, which
 * is the IV of the next message in the same exchange. */
bool ike_encrypt(enum ike_cipher c, const uint8_t *key, size_t klen,
		 uint8_t *iv, uint8_t *buf, size_t len);
bool ike_decrypt(enum ike_cipher c, const uint8_t *key, size_t klen,
		 uint8_t *iv, uint8_t *buf, size_t len);

/* Diffie-Hellman over a MODP group. */
struct ike_dh;
/* New key pair; NULL if the group is unknown or OpenSSL fails. */
struct ike_dh *ike_dh_new(enum ike_dh_group g);
/* Same with a fixed private value (tests and known-answer checks). */
struct ike_dh *ike_dh_new_priv(enum ike_dh_group g, const uint8_t *priv,
			       size_t len);
/* Prime length in bytes: the length of g^x and g^xy. */
size_t ike_dh_len(const struct ike_dh *dh);
/* Our public value g^x, left-padded to ike_dh_len bytes. */
bool ike_dh_public(const struct ike_dh *dh, uint8_t *out);
/* g^xy from the peer's public value (must be ike_dh_len bytes and
 * 1 < y < p-1), left-padded to ike_dh_len bytes. */
bool ike_dh_shared(const struct ike_dh *dh, const uint8_t *peer, size_t len,
		   uint8_t *out);
/* Frees and wipes the private key. */
void ike_dh_free(struct ike_dh *dh);
#endif
