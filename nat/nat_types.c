/*
 * nat_types.c — CLI token types of the NAT commands:
 *   nat-if      "(inside)"           -> "inside"
 *   nat-ifpair  "(inside,outside)"   -> "inside,outside"
 *   nat-gaddr   "A.B.C.D" | "A.B.C.D-A.B.C.D" | a name (global pools)
 * An interface must carry that nameif (dataplane/iface.h): a name no
 * interface has gets the caret under the token, as with the "nameif" type.
 * Ports use the dataplane's "dp-port" type.
 */
#include "nat/nat_types.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "nat/nat_conf.h"
#include "dataplane/iface.h"

/* An interface name as nameif accepts it: printable, no separators. */
static bool ifname_ok(const char *s, size_t n)
{
	if (n == 0 || n > NAT_IFNAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]) || strchr("(),", s[i]))
			return false;
	return true;
}

bool nat_parse_paren_if(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);
	if (n < 3 || in[0] != '(' || in[n - 1] != ')' || !ifname_ok(in + 1, n - 2) ||
	    n - 2 >= outsz)
		return false;
	memcpy(out, in + 1, n - 2);
	out[n - 2] = '\0';
	return true;
}

bool nat_parse_paren_pair(const char *in, char *a, char *b, size_t sz)
{
	size_t n = strlen(in);
	if (n < 5 || in[0] != '(' || in[n - 1] != ')')
		return false;
	const char *comma = memchr(in, ',', n);
	if (!comma)
		return false;
	size_t la = (size_t)(comma - in - 1), lb = (size_t)(in + n - 1 - comma - 1);
	if (!ifname_ok(in + 1, la) || !ifname_ok(comma + 1, lb) || la >= sz || lb >= sz)
		return false;
	memcpy(a, in + 1, la);
	a[la] = '\0';
	memcpy(b, comma + 1, lb);
	b[lb] = '\0';
	return true;
}

bool nat_parse_gaddr(const char *in, uint32_t *lo, uint32_t *hi, bool *range)
{
	const char *dash = strchr(in, '-');
	char a[128];
	*range = false;
	if (!dash || !isdigit((unsigned char)in[0])) {
		/* a plain address or a name (names may contain '-') */
		if (!conf_parse_host(in, lo))
			return false;
		*hi = *lo;
		return true;
	}
	size_t la = (size_t)(dash - in);
	if (la >= sizeof a)
		return false;
	memcpy(a, in, la);
	a[la] = '\0';
	if (!conf_parse_host(a, lo) || !conf_parse_host(dash + 1, hi))
		return false;
	*range = true;
	return true;
}

static bool m_if(const char *in, char *out, size_t outsz)
{
	return nat_parse_paren_if(in, out, outsz) && iface_find_name(out);
}

static void v_if(void (*add)(void *ctx, const char *val), void *ctx)
{
	char b[NAT_IFNAME_MAX + 3];
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		if (ifp->nameif[0]) {
			snprintf(b, sizeof b, "(%s)", ifp->nameif);
			add(ctx, b);
		}
	}
}

static bool m_pair(const char *in, char *out, size_t outsz)
{
	char a[NAT_IFNAME_MAX + 1], b[NAT_IFNAME_MAX + 1];
	if (!nat_parse_paren_pair(in, a, b, sizeof a) || !iface_find_name(a) ||
	    !iface_find_name(b))
		return false;
	snprintf(out, outsz, "%s,%s", a, b);
	return true;
}

static bool m_gaddr(const char *in, char *out, size_t outsz)
{
	uint32_t lo, hi;
	bool range;
	if (!nat_parse_gaddr(in, &lo, &hi, &range))
		return false;
	snprintf(out, outsz, "%s", in);
	return true;
}

static const struct cli_type types[] = {
	{.name = "nat-if", .help_name = "(if_name)", .match = m_if, .values = v_if,
	 .strength = 20},
	{.name = "nat-ifpair", .help_name = "(real_ifc,mapped_ifc)", .match = m_pair,
	 .strength = 20},
	{.name = "nat-gaddr", .help_name = "A.B.C.D[-A.B.C.D]", .match = m_gaddr,
	 .strength = 10},
};

void nat_types_register(void)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		cli_type_register(&types[i]);
}
