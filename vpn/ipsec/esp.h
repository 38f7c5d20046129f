/*
 * esp.h — one unidirectional ESP security association (RFC 4303) and the
 * per-packet encapsulation/decapsulation, through OpenSSL 3 EVP.
 *
 * Wire format produced/consumed (the outer IP header is the caller's):
 *   SPI(4) | Seq(4) | IV(block) | E(payload | pad 1,2,3.. | padlen | nh) |
 *   ICV(12)
 * Inbound processing order: length/SPI sanity, replay pre-check, ICV
 * (constant time), window update, decrypt, padding check.
 */
#ifndef PIXIE_ESP_H
#define PIXIE_ESP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpn/ipsec/esp_replay.h"

enum esp_cipher {
	ESPC_DES,
	ESPC_3DES,
	ESPC_AES128,
	ESPC_AES192,
	ESPC_AES256,
};
enum esp_mac { ESPA_MD5_96, ESPA_SHA1_96 };
enum esp_dir { ESP_OUT, ESP_IN };
enum esp_mode { ESP_TRANSPORT, ESP_TUNNEL };

enum esp_status {
	ESP_OK = 0,
	ESP_ERR_ARG,      /* bad argument / output buffer too small */
	ESP_ERR_CRYPTO,   /* OpenSSL failed */
	ESP_ERR_SEQ,      /* outbound sequence number exhausted: rekey */
	ESP_ERR_INVALID,  /* truncated, misaligned or wrong SPI */
	ESP_ERR_REPLAY,   /* replayed or too old */
	ESP_ERR_AUTH,     /* ICV mismatch */
	ESP_ERR_PAD,      /* padding bytes or pad length wrong */
};

#define ESP_HDR_LEN 8
#define ESP_ICV_LEN 12 /* HMAC-MD5-96 and HMAC-SHA1-96 */
#define ESP_NH_IPV4 4  /* next header of a tunnel-mode packet */

/* Counters named after `show crypto ipsec sa`. */
struct esp_stats {
	uint64_t encaps, encrypt, digest;  /* outbound packets */
	uint64_t decaps, decrypt, verify;  /* inbound packets */
	uint64_t replay_err, auth_err, pad_err, invalid_err;
	uint64_t send_err, recv_err;
	uint64_t bytes_out, bytes_in;      /* inner bytes, for kB lifetime */
};

struct esp_sa_priv;

struct esp_sa {
	uint32_t spi; /* host order */
	enum esp_dir dir;
	enum esp_cipher cipher;
	enum esp_mac auth;
	uint32_t seq;             /* outbound: last sequence number sent */
	struct esp_replay replay; /* inbound */
	struct esp_stats st;
	struct esp_sa_priv *priv; /* OpenSSL contexts holding the keys */
};

/* Key length in bytes of a cipher (8/24/16/24/32) and an auth (16/20). */
size_t esp_cipher_keylen(enum esp_cipher c);
size_t esp_auth_keylen(enum esp_mac a);
/* IV and block length of the cipher (8 or 16). */
size_t esp_cipher_block(enum esp_cipher c);

/* New SA; keys are copied into OpenSSL contexts.  NULL on a wrong key
 * length or OpenSSL failure (e.g. no legacy provider for DES). */
struct esp_sa *esp_sa_new(uint32_t spi, enum esp_dir dir, enum esp_cipher c,
			  const uint8_t *enc_key, size_t enc_len,
			  enum esp_mac a, const uint8_t *auth_key,
			  size_t auth_len);
/* Wipes the keys and frees. */
void esp_sa_free(struct esp_sa *sa);

/* Bytes esp_encap writes for an inner packet of len bytes. */
size_t esp_encap_len(const struct esp_sa *sa, size_t len);
/* Encapsulate: transport mode carries the upper-layer payload with its
 * protocol as next_hdr; tunnel mode carries a whole IPv4 packet and
 * next_hdr is forced to 4.  out needs esp_encap_len bytes. */
enum esp_status esp_encap(struct esp_sa *sa, const uint8_t *inner,
			  size_t len, enum esp_mode mode, uint8_t next_hdr,
			  uint8_t *out, size_t cap, size_t *outlen);
/* SPI (host order) of an ESP packet, false when too short. */
bool esp_peek_spi(const uint8_t *pkt, size_t len, uint32_t *spi);
/* Decapsulate: out (cap >= len suffices) receives the inner packet. */
enum esp_status esp_decap(struct esp_sa *sa, const uint8_t *pkt, size_t len,
			  uint8_t *out, size_t cap, size_t *outlen,
			  uint8_t *next_hdr);
#endif
