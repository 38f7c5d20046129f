/* ossl.c — load OpenSSL's legacy provider once, for the whole box. */
#include "lib/ossl.h"

#include <stdlib.h>

#include <openssl/provider.h>

static OSSL_PROVIDER *prov_legacy, *prov_default;

/* Our references keep the providers alive past OpenSSL's own cleanup:
 * drop them first (atexit runs this before OpenSSL's handler, which was
 * registered earlier). */
static void providers_unload(void)
{
	if (prov_legacy)
		OSSL_PROVIDER_unload(prov_legacy);
	if (prov_default)
		OSSL_PROVIDER_unload(prov_default);
	prov_legacy = prov_default = NULL;
}

bool ossl_legacy_loaded(void)
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
