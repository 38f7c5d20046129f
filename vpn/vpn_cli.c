#include "vpn/vpn_cli.h"

#include <string.h>

#include "lib/xalloc.h"
#include "vpn/strv.h"

const char *vpn_kw(const struct cli_args *a, const char *const *kws)
{
	int i = vpn_kw_idx(a, kws);
	return i < 0 ? NULL : kws[i];
}

int vpn_kw_idx(const struct cli_args *a, const char *const *kws)
{
	for (int i = 0; i < a->n; i++)
		for (int k = 0; kws[k]; k++)
			if (strcmp(a->v[i].spec, kws[k]) == 0)
				return k;
	return -1;
}

int vpn_count(const struct cli_args *a, const char *spec)
{
	int n = 0;
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->v[i].spec, spec) == 0)
			n++;
	return n;
}

int vpn_nth_idx(const struct cli_args *a, const char *spec, int n)
{
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->v[i].spec, spec) == 0 && n-- == 0)
			return i;
	return -1;
}

bool vpn_is_no(const struct cli_args *a)
{
	return a->n > 0 && strcmp(a->v[0].spec, "no") == 0;
}

static bool name_match(const char *in, char *out, size_t outsz)
{
	if (!vpn_name_ok(in) || strlen(in) >= outsz)
		return false;
	strlcpy_(out, in, outsz);
	return true;
}

void vpn_name_type(const char *type, const char *help_name,
		   void (*values)(void (*add)(void *ctx, const char *val),
				  void *ctx))
{
	/* cli_type_register keeps the pointer: give it static storage */
	static struct cli_type types[8];
	static size_t ntypes;
	if (ntypes == sizeof(types) / sizeof(types[0]))
		return;
	struct cli_type *t = &types[ntypes++];
	t->name = type;
	t->help_name = help_name;
	t->match = name_match;
	t->values = values;
	t->strength = 0;
	cli_type_register(t);
}
