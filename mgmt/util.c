/* util.c — validation helpers shared by the mgmt commands. */
#include <ctype.h>
#include <string.h>

#include "conf/conf.h"
#include "lib/ip4.h"
#include "mgmt/internal.h"

bool mgmt_valid_label(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	if (!isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

bool mgmt_valid_domain(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	char label[64];
	const char *p = s;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if (len == 0 || len >= sizeof label)
			return false;
		memcpy(label, p, len);
		label[len] = '\0';
		if (!mgmt_valid_label(label, 63))
			return false;
		if (!dot)
			return true;
		p = dot + 1;
	}
}

bool mgmt_parse_net(struct cli *cli, struct cli_args *a, const char *addr,
		    const char *mask, uint32_t *ip, uint32_t *m, int *rc)
{
	const char *sa = cli_get(a, addr), *sm = cli_get(a, mask);
	if (!sa || !conf_parse_host(sa, ip)) {
		*rc = cli_bad(a, addr);
		return false;
	}
	if (!sm || !ip4_parse_mask(sm, m)) {
		*rc = cli_bad(a, mask);
		return false;
	}
	if (*ip & ~*m) {
		char b1[16], b2[16];
		cli_printf(cli, "ERROR: IP address,mask <%s,%s> doesn't pair\n",
			   ip4_fmt(*ip, b1), ip4_fmt(*m, b2));
		*rc = CLI_ERR;
		return false;
	}
	return true;
}
