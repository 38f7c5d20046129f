/*
 * vpn_cli.h — small helpers shared by the VPN command handlers.
 */
#ifndef PIXIE_VPN_CLI_H
#define PIXIE_VPN_CLI_H

#include <stdbool.h>

#include "cli/cli.h"

/* Which keyword of a NULL-terminated list appears among the matched
 * arguments (the alternative chosen in "(a|b|c)"), or NULL. */
const char *vpn_kw(const struct cli_args *a, const char *const *kws);
/* Index in kws of that keyword, -1 if none. */
int vpn_kw_idx(const struct cli_args *a, const char *const *kws);
/* Number of arguments matched for variable `spec`. */
int vpn_count(const struct cli_args *a, const char *spec);
/* Index in a->v of the n-th (from 0) argument `spec`, -1 if absent. */
int vpn_nth_idx(const struct cli_args *a, const char *spec, int n);
bool vpn_is_no(const struct cli_args *a);

/* Register a name type for '?' help listing existing objects. */
void vpn_name_type(const char *type, const char *help_name,
		   void (*values)(void (*add)(void *ctx, const char *val),
				  void *ctx));

#endif
