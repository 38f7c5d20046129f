/*
 * pwhash.c — the two password hashes a PIX 7.2 stores.
 *
 * PIX-MD5 (enable password, passwd, username ... encrypted): the password,
 * truncated to 16 bytes and NUL-padded to 16, is hashed with MD5; of each
 * 4-byte group of the digest, bytes 0..2 form a little-endian 24-bit number
 * written as 4 characters of 6 bits, least significant first, in the crypt
 * alphabet "./0-9A-Za-z".  Same algorithm as hashcat 2400 / John "pix-md5".
 *
 * NT hash (username ... nt-encrypted, needed for MS-CHAP): MD4 of the
 * password in UTF-16LE, printed as base64.  MD4 lives in OpenSSL 3's
 * "legacy" provider, which we load once, on first use.
 */
#include "lib/pwhash.h"

#include "lib/ossl.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

static const char crypt64[] =
	"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void pw_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

/* One-shot digest with a fetched algorithm; false if unavailable. */
static bool digest(const char *alg, const void *in, size_t len,
		   uint8_t out[16])
{
	EVP_MD *md = EVP_MD_fetch(NULL, alg, NULL);
	if (!md)
		return false;
	unsigned int olen = 0;
	bool ok = EVP_MD_get_size(md) == 16 &&
		  EVP_Digest(in, len, out, &olen, md, NULL) == 1 && olen == 16;
	EVP_MD_free(md);
	return ok;
}

void pw_pix_md5(const char *password, char out[17])
{
	uint8_t buf[16] = {0};
	uint8_t d[16];
	size_t len = strlen(password);

	/* 7.x hashes at most 16 characters */
	memcpy(buf, password, len > 16 ? 16 : len);
	if (!digest("MD5", buf, sizeof buf, d)) {
		/* MD5 is in the default provider; this only fails if OpenSSL
		 * is broken.  Never emit an unterminated or predictable hash. */
		memset(out, '*', 16);
		out[16] = '\0';
		pw_wipe(buf, sizeof buf);
		return;
	}
	char *o = out;
	for (int g = 0; g < 16; g += 4) {
		uint32_t v = (uint32_t)d[g] | (uint32_t)d[g + 1] << 8 |
			     (uint32_t)d[g + 2] << 16;
		for (int k = 0; k < 4; k++) {
			*o++ = crypt64[v & 0x3f];
			v >>= 6;
		}
	}
	*o = '\0';
	pw_wipe(buf, sizeof buf);
	pw_wipe(d, sizeof d);
}

bool pw_is_pix_md5(const char *s)
{
	if (strlen(s) != 16)
		return false;
	for (int i = 0; i < 16; i++)
		if (!strchr(crypt64, s[i]) || s[i] == '\0')
			return false;
	return true;
}

/* Decode one UTF-8 sequence at *p; returns the code point or -1. */
static long utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	long cp;
	int n;
	if (s[0] < 0x80) {
		*p = s + 1;
		return s[0];
	} else if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f;
		n = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f;
		n = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07;
		n = 3;
	} else {
		return -1;
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	static const long min[] = {0, 0x80, 0x800, 0x10000};
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*p = s + n + 1;
	return cp;
}

/* UTF-16LE of the password into u (at most 2 units per byte of input).
 * Text that is not valid UTF-8 is taken as Latin-1, byte by byte, which
 * is what a client typing in a legacy code page sends for MS-CHAP. */
static size_t to_utf16le(const char *pw, uint8_t *u)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)pw;
	bool valid = true;
	while (*p)
		if (utf8_next(&p) < 0) {
			valid = false;
			break;
		}
	p = (const unsigned char *)pw;
	while (*p) {
		long cp = valid ? utf8_next(&p) : *p++;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			long hi = 0xd800 | (cp >> 10), lo = 0xdc00 | (cp & 0x3ff);
			u[n++] = hi & 0xff;
			u[n++] = (uint8_t)(hi >> 8);
			u[n++] = lo & 0xff;
			u[n++] = (uint8_t)(lo >> 8);
		} else {
			u[n++] = cp & 0xff;
			u[n++] = (uint8_t)(cp >> 8);
		}
	}
	return n;
}

bool pw_nt_hash(const char *password, uint8_t out[16])
{
	if (!ossl_legacy_loaded())
		return false;
	size_t len = strlen(password);
	/* a 4-byte UTF-8 sequence becomes 4 bytes of UTF-16: 2*len suffices */
	size_t cap = 2 * len + 2;
	uint8_t stackbuf[512];
	uint8_t *u = cap <= sizeof stackbuf ? stackbuf : OPENSSL_malloc(cap);
	if (!u)
		return false;
	size_t n = to_utf16le(password, u);
	bool ok = digest("MD4", u, n, out);
	pw_wipe(u, cap);
	if (u != stackbuf)
		OPENSSL_free(u);
	return ok;
}

bool pw_nt_b64(const char *password, char out[25])
{
	uint8_t h[16];
	if (!pw_nt_hash(password, h))
		return false;
	int n = EVP_EncodeBlock((unsigned char *)out, h, sizeof h);
	pw_wipe(h, sizeof h);
	return n == 24;
}

bool pw_is_nt_b64(const char *s)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	if (strlen(s) != 24 || strcmp(s + 22, "==") != 0)
		return false;
	for (int i = 0; i < 22; i++)
		if (!strchr(b64, s[i]))
			return false;
	return true;
}
