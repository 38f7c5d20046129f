/*
 * inspect.c — the inspection engines: their CLI keywords, the name "show
 * service-policy" gives them, whether they take an inspect map, and the
 * traffic "match default-inspection-traffic" sends to each (the 7.2
 * default ports).
 */
#include <string.h>

#include "policy/internal.h"

struct port_range {
	uint8_t proto; /* 1 icmp, 6 tcp, 17 udp, 0 = end */
	uint16_t lo, hi;
};

struct engine_def {
	const char *kw;   /* first keyword after "inspect" */
	const char *sub;  /* second keyword (h225, ras, error) or NULL */
	const char *name; /* as printed */
	bool map;         /* takes an inspect map */
	struct port_range ports[3];
};

static const struct engine_def engines[INSP_COUNT] = {
	[INSP_CTIQBE] = {"ctiqbe", NULL, "ctiqbe", false, {{6, 2748, 2748}}},
	[INSP_DCERPC] = {"dcerpc", NULL, "dcerpc", true, {{6, 135, 135}}},
	[INSP_DNS] = {"dns", NULL, "dns", true, {{17, 53, 53}}},
	[INSP_ESMTP] = {"esmtp", NULL, "esmtp", true, {{6, 25, 25}}},
	[INSP_FTP] = {"ftp", NULL, "ftp", true, {{6, 21, 21}}},
	[INSP_GTP] = {"gtp", NULL, "gtp", true, {{17, 2123, 2123}, {17, 3386, 3386}}},
	[INSP_H323_H225] = {"h323", "h225", "h323 h225", true, {{6, 1720, 1720}}},
	[INSP_H323_RAS] = {"h323", "ras", "h323 ras", true, {{17, 1718, 1719}}},
	[INSP_HTTP] = {"http", NULL, "http", true, {{6, 80, 80}}},
	[INSP_ICMP] = {"icmp", NULL, "icmp", false, {{1, 0, 0}}},
	[INSP_ICMP_ERROR] = {"icmp", "error", "icmp error", false, {{1, 0, 0}}},
	[INSP_ILS] = {"ils", NULL, "ils", false, {{6, 389, 389}}},
	[INSP_IM] = {"im", NULL, "im", true, {{0}}},
	[INSP_IPSEC_PASS_THRU] = {"ipsec-pass-thru", NULL, "ipsec-pass-thru", true,
				  {{17, 500, 500}}},
	[INSP_MGCP] = {"mgcp", NULL, "mgcp", true, {{17, 2427, 2427}, {17, 2727, 2727}}},
	[INSP_NETBIOS] = {"netbios", NULL, "netbios", true, {{17, 137, 138}}},
	[INSP_PPTP] = {"pptp", NULL, "pptp", false, {{6, 1723, 1723}}},
	[INSP_RSH] = {"rsh", NULL, "rsh", false, {{6, 514, 514}}},
	[INSP_RTSP] = {"rtsp", NULL, "rtsp", true, {{6, 554, 554}}},
	[INSP_SIP] = {"sip", NULL, "sip", true, {{6, 5060, 5060}, {17, 5060, 5060}}},
	[INSP_SKINNY] = {"skinny", NULL, "skinny", true, {{6, 2000, 2000}}},
	[INSP_SMTP] = {"smtp", NULL, "smtp", true, {{6, 25, 25}}},
	[INSP_SNMP] = {"snmp", NULL, "snmp", true, {{17, 161, 162}}},
	[INSP_SQLNET] = {"sqlnet", NULL, "sqlnet", false, {{6, 1521, 1521}}},
	[INSP_SUNRPC] = {"sunrpc", NULL, "sunrpc", false, {{17, 111, 111}, {6, 111, 111}}},
	[INSP_TFTP] = {"tftp", NULL, "tftp", false, {{17, 69, 69}}},
	[INSP_XDMCP] = {"xdmcp", NULL, "xdmcp", false, {{17, 177, 177}}},
};

const char *policy_inspect_name(enum inspect_engine e)
{
	return (unsigned)e < INSP_COUNT ? engines[e].name : "?";
}

bool policy_inspect_takes_map(enum inspect_engine e)
{
	return (unsigned)e < INSP_COUNT && engines[e].map;
}

bool policy_default_inspection(enum inspect_engine e, uint8_t proto,
			       uint16_t port)
{
	if ((unsigned)e >= INSP_COUNT)
		return false;
	for (int i = 0; i < 3 && engines[e].ports[i].proto; i++) {
		const struct port_range *r = &engines[e].ports[i];
		if (r->proto == proto && (proto == 1 || (port >= r->lo && port <= r->hi)))
			return true;
	}
	return false;
}

bool policy_inspect_from_args(const struct cli_args *a, enum inspect_engine *e)
{
	/* engines with a second keyword are listed after their plain form,
	 * so scan all and prefer the one whose sub-keyword is present */
	int found = -1;
	for (int i = 0; i < INSP_COUNT; i++) {
		if (!cli_has(a, engines[i].kw))
			continue;
		if (engines[i].sub) {
			if (cli_has(a, engines[i].sub))
				found = i;
		} else if (found < 0) {
			found = i;
		}
	}
	if (found < 0)
		return false;
	*e = (enum inspect_engine)found;
	return true;
}
