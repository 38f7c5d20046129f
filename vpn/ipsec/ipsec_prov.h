/*
 * ipsec_prov.h — OpenSSL providers ESP needs: single DES (esp-des) lives
 * only in OpenSSL 3's "legacy" provider.
 */
#ifndef PIXIE_IPSEC_PROV_H
#define PIXIE_IPSEC_PROV_H
#include <stdbool.h>
/* Load "legacy" (and "default", which an explicit load would otherwise
 * switch off) once; true if both are available. */
bool ipsec_legacy_provider(void);
#endif
