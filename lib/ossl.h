/*
 * ossl.h — OpenSSL 3 set-up shared by every user of legacy algorithms:
 * MD4 (MS-CHAP NT hashes) and single DES (esp-des) live only in the
 * "legacy" provider.
 */
#ifndef PIXIE_OSSL_H
#define PIXIE_OSSL_H
#include <stdbool.h>
/* Load "legacy" and "default" (an explicit load would otherwise switch the
 * implicit default off) once; true when both are available. */
bool ossl_legacy_loaded(void);
#endif
