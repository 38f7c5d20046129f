/*
 * ipsec_prov.c — load OpenSSL's legacy provider for DES-CBC, as
 * lib/pwhash.c does for MD4 (its loader is private to that file; the
 * provider reference counts make two loaders harmless).
 */
#include "vpn/ipsec/ipsec_prov.h"

#include <stdlib.h>

#include <openssl/provider.h>

static OSSL_PROVIDER *prov_legacy, *prov_default;

/* Registered after OpenSSL's own atexit handler, so it runs first. */
static void providers_unload(void)
{
	if (prov_legacy)
		OSSL_PROVIDER_unload(prov_legacy);
	if (prov_default)
		OSSL_PROVIDER_unload(prov_default);
	prov_legacy = prov_default = NULL;
}

bool ipsec_legacy_provider(void)
{
	static int state; /* 0 not tried, 1 ok, -1 failed */
	if (state == 0) {
		prov_legacy = OSSL_PROVIDER_load(NULL, "legacy");
		prov_default = OSSL_PROVIDER_load(NULL, "default");
		state = prov_legacy && prov_default ? 1 : -1;
		atexit(providers_unload);
	}
	return state == 1;
}
