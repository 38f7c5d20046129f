/*
 * ports.c — TCP/UDP ports of "match port", through the box's one table of
 * ASA port names (dataplane/names.h): a number with a name is printed by
 * its name, as 7.2's show running-config does ("eq www").
 */
#include <stdio.h>
#include <string.h>

#include "dataplane/names.h"
#include "policy/internal.h"

bool policy_port_parse(uint8_t proto, const char *s, uint16_t *port)
{
	int p = port_parse(s, proto == 6 ? PP_TCP : PP_UDP);
	if (p < 1 || p > 65535) /* port 0 matches nothing */
		return false;
	*port = (uint16_t)p;
	return true;
}

const char *policy_port_fmt(uint8_t proto, uint16_t port, char buf[16])
{
	char tmp[8];
	snprintf(buf, 16, "%s", port_name(port, proto == 6 ? PP_TCP : PP_UDP, tmp));
	return buf;
}
