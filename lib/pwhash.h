/*
 * pwhash.h — password hashes as the PIX stores them.
 *   PIX-MD5: enable password, passwd, username ... encrypted (16 chars)
 *   NT hash: username ... mschap, shown base64 with "nt-encrypted"
 */
#ifndef PIXIE_PWHASH_H
#define PIXIE_PWHASH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* out: 16 chars + NUL.  "" -> 8Ry2YjIyt7RRXU24, "cisco" -> 2KFQnbNIdI.2KYOU */
void pw_pix_md5(const char *password, char out[17]);
/* Is s a well-formed PIX-MD5 hash (16 chars of the ./0-9A-Za-z alphabet)? */
bool pw_is_pix_md5(const char *s);
/* NT hash (MD4 of UTF-16LE) of an ASCII/UTF-8 password. false on error. */
bool pw_nt_hash(const char *password, uint8_t out[16]);
/* base64 of the NT hash (24 chars + NUL).  "test" -> DLaUiAX3l78qgoB5c7iVNw== */
bool pw_nt_b64(const char *password, char out[25]);
/* Is s base64 of 16 bytes (24 chars ending in "==")? */
bool pw_is_nt_b64(const char *s);
/* Wipe a secret buffer (not optimised away). */
void pw_wipe(void *p, size_t n);
#endif
