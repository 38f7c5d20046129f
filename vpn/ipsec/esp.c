/*
 * esp.c — ESP SA lifetime and per-packet processing (RFC 4303, RFC 2451
 * (3)DES-CBC, RFC 3602 AES-CBC, RFC 2403/2404 HMAC-MD5/SHA1-96).
 *
 * Each SA keeps one EVP cipher context keyed once for its direction and
 * one HMAC context; per packet only the IV is reset and the MAC re-inited
 * with the stored key, so no key schedule is recomputed.
 */
#include "vpn/ipsec/esp.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "lib/ossl.h"

struct esp_sa_priv {
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *cctx;
	EVP_MAC *mac;
	EVP_MAC_CTX *mctx;
	size_t block;
};

static const char *cipher_name(enum esp_cipher c)
{
	switch (c) {
	case ESPC_DES: return "DES-CBC";
	case ESPC_3DES: return "DES-EDE3-CBC";
	case ESPC_AES128: return "AES-128-CBC";
	case ESPC_AES192: return "AES-192-CBC";
	case ESPC_AES256: return "AES-256-CBC";
	}
	return NULL;
}

size_t esp_cipher_keylen(enum esp_cipher c)
{
	switch (c) {
	case ESPC_DES: return 8;
	case ESPC_3DES: return 24;
	case ESPC_AES128: return 16;
	case ESPC_AES192: return 24;
	case ESPC_AES256: return 32;
	}
	return 0;
}

size_t esp_cipher_block(enum esp_cipher c)
{
	return c == ESPC_DES || c == ESPC_3DES ? 8 : 16;
}

size_t esp_auth_keylen(enum esp_mac a)
{
	return a == ESPA_MD5_96 ? 16 : a == ESPA_SHA1_96 ? 20 : 0;
}

void esp_sa_free(struct esp_sa *sa)
{
	if (!sa)
		return;
	if (sa->priv) {
		/* both _free functions cleanse their key material */
		EVP_CIPHER_CTX_free(sa->priv->cctx);
		EVP_CIPHER_free(sa->priv->cipher);
		EVP_MAC_CTX_free(sa->priv->mctx);
		EVP_MAC_free(sa->priv->mac);
		OPENSSL_clear_free(sa->priv, sizeof *sa->priv);
	}
	OPENSSL_clear_free(sa, sizeof *sa);
}

struct esp_sa *esp_sa_new(uint32_t spi, enum esp_dir dir, enum esp_cipher c,
			  const uint8_t *enc_key, size_t enc_len,
			  enum esp_mac a, const uint8_t *auth_key,
			  size_t auth_len)
{
	const char *cn = cipher_name(c);
	if (!cn || enc_len != esp_cipher_keylen(c) || !esp_auth_keylen(a) ||
	    auth_len != esp_auth_keylen(a))
		return NULL;
	if (c == ESPC_DES && !ossl_legacy_loaded())
		return NULL;
	struct esp_sa *sa = OPENSSL_zalloc(sizeof *sa);
	if (!sa)
		return NULL;
	sa->spi = spi;
	sa->dir = dir;
	sa->cipher = c;
	sa->auth = a;
	struct esp_sa_priv *p = sa->priv = OPENSSL_zalloc(sizeof *p);
	if (!p)
		goto fail;
	p->block = esp_cipher_block(c);
	p->cipher = EVP_CIPHER_fetch(NULL, cn, NULL);
	p->cctx = EVP_CIPHER_CTX_new();
	if (!p->cipher || !p->cctx ||
	    EVP_CipherInit_ex2(p->cctx, p->cipher, enc_key, NULL,
			       dir == ESP_OUT, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(p->cctx, 0) != 1)
		goto fail;
	p->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	p->mctx = p->mac ? EVP_MAC_CTX_new(p->mac) : NULL;
	OSSL_PARAM prm[] = {
		OSSL_PARAM_construct_utf8_string(
			OSSL_MAC_PARAM_DIGEST,
			a == ESPA_MD5_96 ? "MD5" : "SHA1", 0),
		OSSL_PARAM_construct_end(),
	};
	if (!p->mctx || EVP_MAC_init(p->mctx, auth_key, auth_len, prm) != 1)
		goto fail;
	return sa;
fail:
	esp_sa_free(sa);
	return NULL;
}

/* ICV over SPI..ciphertext, truncated to 96 bits. */
static bool esp_icv(struct esp_sa_priv *p, const uint8_t *data, size_t len,
		    uint8_t icv[ESP_ICV_LEN])
{
	uint8_t full[EVP_MAX_MD_SIZE];
	size_t olen = 0;
	/* NULL key: HMAC restarts with the key set in esp_sa_new */
	bool ok = EVP_MAC_init(p->mctx, NULL, 0, NULL) == 1 &&
		  EVP_MAC_update(p->mctx, data, len) == 1 &&
		  EVP_MAC_final(p->mctx, full, &olen, sizeof full) == 1 &&
		  olen >= ESP_ICV_LEN;
	if (ok)
		memcpy(icv, full, ESP_ICV_LEN);
	OPENSSL_cleanse(full, sizeof full);
	return ok;
}

/* CBC in place over whole blocks with the SA's keyed context. */
static bool esp_cbc(struct esp_sa_priv *p, const uint8_t *iv, uint8_t *buf,
		    size_t len, int enc)
{
	int outl = 0;
	return len <= (size_t)1 << 30 &&
	       EVP_CipherInit_ex2(p->cctx, NULL, NULL, iv, enc, NULL) == 1 &&
	       EVP_CipherUpdate(p->cctx, buf, &outl, buf, (int)len) == 1 &&
	       (size_t)outl == len;
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* Random IVs (RFC 4303 §2.3: unpredictable for CBC) come from a pool
 * refilled by RAND_bytes 4 KB at a time: one DRBG call per ~256 packets
 * instead of one per packet, which cost a fifth of AES-SHA1's throughput.
 * Used bytes are wiped as they are handed out. */
#define IV_POOL 4096
static uint8_t iv_pool[IV_POOL];
static size_t iv_left;

static bool iv_take(uint8_t *iv, size_t n)
{
	if (iv_left < n) {
		if (RAND_bytes(iv_pool, IV_POOL) != 1)
			return false;
		iv_left = IV_POOL;
	}
	uint8_t *src = iv_pool + IV_POOL - iv_left;
	memcpy(iv, src, n);
	OPENSSL_cleanse(src, n);
	iv_left -= n;
	return true;
}

size_t esp_encap_len(const struct esp_sa *sa, size_t len)
{
	size_t bs = sa->priv->block;
	size_t body = (len + 2 + bs - 1) / bs * bs;
	return ESP_HDR_LEN + bs + body + ESP_ICV_LEN;
}

enum esp_status esp_encap(struct esp_sa *sa, const uint8_t *inner,
			  size_t len, enum esp_mode mode, uint8_t next_hdr,
			  uint8_t *out, size_t cap, size_t *outlen)
{
	struct esp_sa_priv *p = sa->priv;
	size_t bs = p->block, need = esp_encap_len(sa, len);
	if (sa->dir != ESP_OUT || len > 65535 || cap < need) {
		sa->st.send_err++;
		return ESP_ERR_ARG;
	}
	if (sa->seq == UINT32_MAX) { /* RFC 4303 §3.3.3: never cycle */
		sa->st.send_err++;
		return ESP_ERR_SEQ;
	}
	if (mode == ESP_TUNNEL)
		next_hdr = ESP_NH_IPV4;
	uint8_t *iv = out + ESP_HDR_LEN, *body = iv + bs;
	size_t blen = need - ESP_HDR_LEN - bs - ESP_ICV_LEN;
	size_t padlen = blen - len - 2;
	if (!iv_take(iv, bs)) {
		sa->st.send_err++;
		return ESP_ERR_CRYPTO;
	}
	put32(out, sa->spi);
	put32(out + 4, sa->seq + 1);
	memmove(body, inner, len);
	for (size_t i = 0; i < padlen; i++)
		body[len + i] = (uint8_t)(i + 1);
	body[blen - 2] = (uint8_t)padlen;
	body[blen - 1] = next_hdr;
	if (!esp_cbc(p, iv, body, blen, 1)) {
		sa->st.send_err++;
		return ESP_ERR_CRYPTO;
	}
	sa->st.encrypt++;
	if (!esp_icv(p, out, need - ESP_ICV_LEN, out + need - ESP_ICV_LEN)) {
		sa->st.send_err++;
		return ESP_ERR_CRYPTO;
	}
	sa->st.digest++;
	sa->seq++;
	sa->st.encaps++;
	sa->st.bytes_out += len;
	*outlen = need;
	return ESP_OK;
}

bool esp_peek_spi(const uint8_t *pkt, size_t len, uint32_t *spi)
{
	if (len < ESP_HDR_LEN)
		return false;
	*spi = get32(pkt);
	return true;
}

static enum esp_status rx_fail(struct esp_sa *sa, enum esp_status s)
{
	switch (s) {
	case ESP_ERR_REPLAY: sa->st.replay_err++; break;
	case ESP_ERR_AUTH: sa->st.auth_err++; break;
	case ESP_ERR_PAD: sa->st.pad_err++; break;
	case ESP_ERR_INVALID: sa->st.invalid_err++; break;
	default: break;
	}
	sa->st.recv_err++;
	return s;
}

enum esp_status esp_decap(struct esp_sa *sa, const uint8_t *pkt, size_t len,
			  uint8_t *out, size_t cap, size_t *outlen,
			  uint8_t *next_hdr)
{
	struct esp_sa_priv *p = sa->priv;
	size_t bs = p->block;
	if (sa->dir != ESP_IN)
		return rx_fail(sa, ESP_ERR_ARG);
	/* at least one block of ciphertext (it holds padlen and nh) */
	if (len < ESP_HDR_LEN + bs + bs + ESP_ICV_LEN)
		return rx_fail(sa, ESP_ERR_INVALID);
	size_t blen = len - ESP_HDR_LEN - bs - ESP_ICV_LEN;
	if (blen % bs || get32(pkt) != sa->spi)
		return rx_fail(sa, ESP_ERR_INVALID);
	if (cap < blen)
		return rx_fail(sa, ESP_ERR_ARG);
	uint32_t seq = get32(pkt + 4);
	if (!esp_replay_check(&sa->replay, seq))
		return rx_fail(sa, ESP_ERR_REPLAY);

	uint8_t icv[ESP_ICV_LEN];
	if (!esp_icv(p, pkt, len - ESP_ICV_LEN, icv))
		return rx_fail(sa, ESP_ERR_CRYPTO);
	if (CRYPTO_memcmp(icv, pkt + len - ESP_ICV_LEN, ESP_ICV_LEN) != 0)
		return rx_fail(sa, ESP_ERR_AUTH);
	sa->st.verify++;
	esp_replay_update(&sa->replay, seq);

	memcpy(out, pkt + ESP_HDR_LEN + bs, blen);
	if (!esp_cbc(p, pkt + ESP_HDR_LEN, out, blen, 0))
		return rx_fail(sa, ESP_ERR_CRYPTO);
	sa->st.decrypt++;

	size_t padlen = out[blen - 2];
	if (padlen + 2 > blen)
		return rx_fail(sa, ESP_ERR_PAD);
	size_t plen = blen - 2 - padlen;
	for (size_t i = 0; i < padlen; i++)
		if (out[plen + i] != (uint8_t)(i + 1))
			return rx_fail(sa, ESP_ERR_PAD);
	*next_hdr = out[blen - 1];
	*outlen = plen;
	sa->st.decaps++;
	sa->st.bytes_in += plen;
	return ESP_OK;
}
