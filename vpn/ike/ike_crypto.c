/*
 * ike_crypto.c — IKEv1 key derivation, exchange hashes, payload CBC and
 * MODP Diffie-Hellman (RFC 2409 §5, Appendix B; RFC 3947 NAT-D).
 *
 * Everything goes through OpenSSL 3's EVP layer; the MODP primes come from
 * OpenSSL's RFC 2409/3526 tables.  Scratch buffers holding secrets are
 * wiped before return.
 */
#include "vpn/ike/ike_crypto.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include "lib/ossl.h"

static const EVP_MD *md_of(enum ike_prf h)
{
	switch (h) {
	case IKEH_MD5: return EVP_md5();
	case IKEH_SHA1: return EVP_sha1();
	case IKEH_SHA256: return EVP_sha256();
	}
	return NULL;
}

static const char *md_name(enum ike_prf h)
{
	switch (h) {
	case IKEH_MD5: return "MD5";
	case IKEH_SHA1: return "SHA1";
	case IKEH_SHA256: return "SHA256";
	}
	return NULL;
}

size_t ike_hash_len(enum ike_prf h)
{
	const EVP_MD *md = md_of(h);
	return md ? (size_t)EVP_MD_get_size(md) : 0;
}

bool ike_hash(enum ike_prf h, const struct ike_buf *parts, size_t nparts,
	      uint8_t *out)
{
	const EVP_MD *md = md_of(h);
	if (!md)
		return false;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) == 1;
	for (size_t i = 0; ok && i < nparts; i++)
		ok = EVP_DigestUpdate(ctx, parts[i].p, parts[i].n) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

bool ike_prf(enum ike_prf h, const uint8_t *key, size_t klen,
	     const struct ike_buf *parts, size_t nparts, uint8_t *out)
{
	const char *name = md_name(h);
	if (!name)
		return false;
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM prm[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 (char *)name, 0),
		OSSL_PARAM_construct_end(),
	};
	/* HMAC with an empty key is legal (a PSK is never empty, but a
	 * caller's zero-length buffer must not become a NULL "no key"). */
	static const uint8_t zero;
	bool ok = ctx && EVP_MAC_init(ctx, klen ? key : &zero, klen, prm) == 1;
	for (size_t i = 0; ok && i < nparts; i++)
		ok = EVP_MAC_update(ctx, parts[i].p, parts[i].n) == 1;
	size_t olen = 0;
	ok = ok && EVP_MAC_final(ctx, out, &olen, IKE_HASH_MAX) == 1;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ok;
}

bool ike_hash_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

size_t ike_cipher_block(enum ike_cipher c)
{
	switch (c) {
	case IKEC_DES:
	case IKEC_3DES: return 8;
	case IKEC_AES_CBC: return 16;
	}
	return 0;
}

size_t ike_cipher_keylen(enum ike_cipher c, unsigned key_bits)
{
	switch (c) {
	case IKEC_DES:
		return key_bits == 0 || key_bits == 64 ? 8 : 0;
	case IKEC_3DES:
		return key_bits == 0 || key_bits == 192 ? 24 : 0;
	case IKEC_AES_CBC:
		if (key_bits == 0)
			return 16; /* RFC 3602: key length attribute required;
				    * 128 is the usual default */
		return key_bits == 128 || key_bits == 192 || key_bits == 256
			       ? key_bits / 8 : 0;
	}
	return 0;
}

bool ike_key_expand(enum ike_prf h, const uint8_t *key, size_t klen,
		    uint8_t *out, size_t outlen)
{
	size_t hl = ike_hash_len(h);
	if (!hl)
		return false;
	if (outlen <= klen) {
		memcpy(out, key, outlen);
		return true;
	}
	uint8_t k[IKE_HASH_MAX];
	static const uint8_t zero;
	struct ike_buf first = { &zero, 1 };
	bool ok = ike_prf(h, key, klen, &first, 1, k);
	size_t done = 0;
	while (ok) {
		size_t n = outlen - done < hl ? outlen - done : hl;
		memcpy(out + done, k, n);
		done += n;
		if (done == outlen)
			break;
		struct ike_buf prev = { k, hl };
		ok = ike_prf(h, key, klen, &prev, 1, k);
	}
	OPENSSL_cleanse(k, sizeof k);
	return ok;
}

void ike_keys_wipe(struct ike_keys *k)
{
	OPENSSL_cleanse(k, sizeof *k);
}

bool ike_keys_derive_psk(struct ike_keys *k, enum ike_prf h,
			 enum ike_cipher c, unsigned key_bits,
			 struct ike_buf psk, struct ike_buf ni_b,
			 struct ike_buf nr_b, struct ike_buf gxy,
			 struct ike_buf gxi, struct ike_buf gxr,
			 const uint8_t cky_i[8], const uint8_t cky_r[8])
{
	memset(k, 0, sizeof *k);
	k->hash = h;
	k->hlen = ike_hash_len(h);
	k->cipher = c;
	k->block = ike_cipher_block(c);
	k->enc_key_len = ike_cipher_keylen(c, key_bits);
	if (!k->hlen || !k->block || !k->enc_key_len)
		return false;

	struct ike_buf nonces[] = { ni_b, nr_b };
	bool ok = ike_prf(h, psk.p, psk.n, nonces, 2, k->skeyid);

	/* SKEYID_d, _a, _e: each prefixed by the previous one (none for _d),
	 * then g^xy | CKY-I | CKY-R | index */
	uint8_t *dst[] = { k->skeyid_d, k->skeyid_a, k->skeyid_e };
	for (uint8_t i = 0; ok && i < 3; i++) {
		struct ike_buf p[] = {
			{ i ? dst[i - 1] : NULL, i ? k->hlen : 0 },
			gxy, { cky_i, 8 }, { cky_r, 8 }, { &i, 1 },
		};
		ok = ike_prf(h, k->skeyid, k->hlen, p, 5, dst[i]);
	}
	ok = ok && ike_key_expand(h, k->skeyid_e, k->hlen, k->enc_key,
				  k->enc_key_len);

	uint8_t iv[IKE_HASH_MAX];
	struct ike_buf pub[] = { gxi, gxr };
	ok = ok && ike_hash(h, pub, 2, iv);
	if (ok)
		memcpy(k->iv, iv, k->block < k->hlen ? k->block : k->hlen);
	/* MD5 (16) covers AES's 16-byte block exactly; nothing shorter. */
	if (!ok)
		ike_keys_wipe(k);
	return ok;
}

bool ike_hash_i(const struct ike_keys *k, struct ike_buf gxi,
		struct ike_buf gxr, const uint8_t cky_i[8],
		const uint8_t cky_r[8], struct ike_buf sai_b,
		struct ike_buf idii_b, uint8_t *out)
{
	struct ike_buf p[] = { gxi, gxr, { cky_i, 8 }, { cky_r, 8 },
			       sai_b, idii_b };
	return ike_prf(k->hash, k->skeyid, k->hlen, p, 6, out);
}

bool ike_hash_r(const struct ike_keys *k, struct ike_buf gxi,
		struct ike_buf gxr, const uint8_t cky_i[8],
		const uint8_t cky_r[8], struct ike_buf sai_b,
		struct ike_buf idir_b, uint8_t *out)
{
	struct ike_buf p[] = { gxr, gxi, { cky_r, 8 }, { cky_i, 8 },
			       sai_b, idir_b };
	return ike_prf(k->hash, k->skeyid, k->hlen, p, 6, out);
}

bool ike_iv_phase2(const struct ike_keys *k, const uint8_t mid[4],
		   uint8_t *iv_out)
{
	uint8_t d[IKE_HASH_MAX];
	struct ike_buf p[] = { { k->iv, k->block }, { mid, 4 } };
	if (!ike_hash(k->hash, p, 2, d))
		return false;
	memcpy(iv_out, d, k->block);
	return true;
}

bool ike_qm_hash1(const struct ike_keys *k, const uint8_t mid[4],
		  struct ike_buf rest, uint8_t *out)
{
	struct ike_buf p[] = { { mid, 4 }, rest };
	return ike_prf(k->hash, k->skeyid_a, k->hlen, p, 2, out);
}

bool ike_qm_hash2(const struct ike_keys *k, const uint8_t mid[4],
		  struct ike_buf ni_b, struct ike_buf rest, uint8_t *out)
{
	struct ike_buf p[] = { { mid, 4 }, ni_b, rest };
	return ike_prf(k->hash, k->skeyid_a, k->hlen, p, 3, out);
}

bool ike_qm_hash3(const struct ike_keys *k, const uint8_t mid[4],
		  struct ike_buf ni_b, struct ike_buf nr_b, uint8_t *out)
{
	static const uint8_t zero;
	struct ike_buf p[] = { { &zero, 1 }, { mid, 4 }, ni_b, nr_b };
	return ike_prf(k->hash, k->skeyid_a, k->hlen, p, 4, out);
}

bool ike_keymat(const struct ike_keys *k, struct ike_buf gxy_qm,
		uint8_t proto, const uint8_t spi[4], struct ike_buf ni_b,
		struct ike_buf nr_b, uint8_t *out, size_t outlen)
{
	uint8_t kn[IKE_HASH_MAX];
	size_t done = 0;
	bool ok = true, first = true;
	while (ok && done < outlen) {
		struct ike_buf p[] = {
			{ kn, first ? 0 : k->hlen }, gxy_qm, { &proto, 1 },
			{ spi, 4 }, ni_b, nr_b,
		};
		ok = ike_prf(k->hash, k->skeyid_d, k->hlen, p, 6, kn);
		if (!ok)
			break;
		size_t n = outlen - done < k->hlen ? outlen - done : k->hlen;
		memcpy(out + done, kn, n);
		done += n;
		first = false;
	}
	OPENSSL_cleanse(kn, sizeof kn);
	return ok;
}

bool ike_natd(enum ike_prf h, const uint8_t cky_i[8], const uint8_t cky_r[8],
	      const uint8_t ip[4], const uint8_t port[2], uint8_t *out)
{
	struct ike_buf p[] = { { cky_i, 8 }, { cky_r, 8 }, { ip, 4 },
			       { port, 2 } };
	return ike_hash(h, p, 4, out);
}

static const EVP_CIPHER *cipher_of(enum ike_cipher c, size_t klen)
{
	if (c == IKEC_3DES && klen == 24)
		return EVP_des_ede3_cbc();
	/* single DES lives in OpenSSL 3's legacy provider */
	if (c == IKEC_DES && klen == 8)
		return ossl_legacy_loaded() ? EVP_des_cbc() : NULL;
	if (c == IKEC_AES_CBC) {
		switch (klen) {
		case 16: return EVP_aes_128_cbc();
		case 24: return EVP_aes_192_cbc();
		case 32: return EVP_aes_256_cbc();
		}
	}
	return NULL;
}

static bool ike_cbc(enum ike_cipher c, const uint8_t *key, size_t klen,
		    uint8_t *iv, uint8_t *buf, size_t len, int enc)
{
	const EVP_CIPHER *ci = cipher_of(c, klen);
	size_t bs = ike_cipher_block(c);
	if (!ci || !bs || len % bs || len > (size_t)1 << 30)
		return false;
	if (len == 0)
		return true;
	uint8_t next_iv[IKE_BLOCK_MAX];
	if (!enc) /* the IV after decryption is the last ciphertext block */
		memcpy(next_iv, buf + len - bs, bs);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl = 0;
	bool ok = ctx && EVP_CipherInit_ex2(ctx, ci, key, iv, enc, NULL) == 1 &&
		  EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
		  EVP_CipherUpdate(ctx, buf, &outl, buf, (int)len) == 1 &&
		  (size_t)outl == len;
	EVP_CIPHER_CTX_free(ctx);
	if (ok)
		memcpy(iv, enc ? buf + len - bs : next_iv, bs);
	return ok;
}

bool ike_encrypt(enum ike_cipher c, const uint8_t *key, size_t klen,
		 uint8_t *iv, uint8_t *buf, size_t len)
{
	return ike_cbc(c, key, klen, iv, buf, len, 1);
}

bool ike_decrypt(enum ike_cipher c, const uint8_t *key, size_t klen,
		 uint8_t *iv, uint8_t *buf, size_t len)
{
	return ike_cbc(c, key, klen, iv, buf, len, 0);
}

/* ---- Diffie-Hellman ---- */

struct ike_dh {
	EVP_PKEY *key;
	BIGNUM *p;
	size_t len;
};

static BIGNUM *modp_prime(enum ike_dh_group g)
{
	switch (g) {
	case IKEG_MODP768: return BN_get_rfc2409_prime_768(NULL);
	case IKEG_MODP1024: return BN_get_rfc2409_prime_1024(NULL);
	case IKEG_MODP1536: return BN_get_rfc3526_prime_1536(NULL);
	case IKEG_MODP2048: return BN_get_rfc3526_prime_2048(NULL);
	}
	return NULL;
}

/* An EVP_PKEY over (p, 2) with optional private and public values. */
static EVP_PKEY *dh_pkey(const BIGNUM *p, const BIGNUM *priv,
			 const BIGNUM *pub)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *g = BN_new();
	OSSL_PARAM *prm = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	int sel = pub ? (priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY)
		      : EVP_PKEY_KEY_PARAMETERS;
	if (!bld || !g || !BN_set_word(g, 2) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g) ||
	    (pub && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, pub)) ||
	    (priv && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv)))
		goto out;
	prm = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	if (!prm || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, sel, prm) != 1)
		key = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(prm); /* holds a copy of priv: cleared by OpenSSL */
	OSSL_PARAM_BLD_free(bld);
	BN_free(g);
	return key;
}

static struct ike_dh *dh_alloc(enum ike_dh_group g)
{
	struct ike_dh *dh = OPENSSL_zalloc(sizeof *dh);
	if (!dh)
		return NULL;
	dh->p = modp_prime(g);
	if (!dh->p) {
		OPENSSL_free(dh);
		return NULL;
	}
	dh->len = (size_t)BN_num_bytes(dh->p);
	return dh;
}

struct ike_dh *ike_dh_new(enum ike_dh_group g)
{
	struct ike_dh *dh = dh_alloc(g);
	if (!dh)
		return NULL;
	EVP_PKEY *params = dh_pkey(dh->p, NULL, NULL);
	EVP_PKEY_CTX *ctx = params ? EVP_PKEY_CTX_new_from_pkey(NULL, params,
								NULL)
				   : NULL;
	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_keygen(ctx, &dh->key) != 1) {
		ike_dh_free(dh);
		dh = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(params);
	return dh;
}

struct ike_dh *ike_dh_new_priv(enum ike_dh_group g, const uint8_t *priv,
			       size_t len)
{
	struct ike_dh *dh = dh_alloc(g);
	if (!dh)
		return NULL;
	BN_CTX *bnc = BN_CTX_secure_new();
	BIGNUM *x = BN_secure_new(), *y = BN_new(), *two = BN_new();
	bool ok = bnc && x && y && two && BN_bin2bn(priv, (int)len, x) &&
		  !BN_is_zero(x) && BN_set_word(two, 2) &&
		  BN_mod_exp_mont_consttime(y, two, x, dh->p, bnc, NULL) == 1;
	if (ok)
		dh->key = dh_pkey(dh->p, x, y);
	BN_clear_free(x);
	BN_free(y);
	BN_free(two);
	BN_CTX_free(bnc);
	if (!dh->key) {
		ike_dh_free(dh);
		return NULL;
	}
	return dh;
}

size_t ike_dh_len(const struct ike_dh *dh)
{
	return dh->len;
}

bool ike_dh_public(const struct ike_dh *dh, uint8_t *out)
{
	BIGNUM *y = NULL;
	bool ok = EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY,
					&y) == 1 &&
		  BN_bn2binpad(y, out, (int)dh->len) == (int)dh->len;
	BN_free(y);
	return ok;
}

bool ike_dh_shared(const struct ike_dh *dh, const uint8_t *peer, size_t len,
		   uint8_t *out)
{
	if (len != dh->len)
		return false;
	BIGNUM *y = BN_bin2bn(peer, (int)len, NULL);
	BIGNUM *pm1 = BN_dup(dh->p);
	/* 1 < y < p-1: rejects the values that force a known secret */
	bool ok = y && pm1 && BN_sub_word(pm1, 1) && !BN_is_zero(y) &&
		  !BN_is_one(y) && BN_cmp(y, pm1) < 0;
	EVP_PKEY *pk = ok ? dh_pkey(dh->p, NULL, y) : NULL;
	EVP_PKEY_CTX *ctx = pk ? EVP_PKEY_CTX_new_from_pkey(NULL, dh->key,
							    NULL)
			       : NULL;
	size_t olen = dh->len;
	ok = ctx && EVP_PKEY_derive_init(ctx) == 1 &&
	     EVP_PKEY_CTX_set_dh_pad(ctx, 1) == 1 &&
	     EVP_PKEY_derive_set_peer_ex(ctx, pk, 0) == 1 &&
	     EVP_PKEY_derive(ctx, out, &olen) == 1 && olen == dh->len;
	if (!ok)
		OPENSSL_cleanse(out, dh->len);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	BN_free(y);
	BN_free(pm1);
	return ok;
}

void ike_dh_free(struct ike_dh *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->key); /* OpenSSL clears the private BIGNUM */
	BN_free(dh->p);
	OPENSSL_clear_free(dh, sizeof *dh);
}
