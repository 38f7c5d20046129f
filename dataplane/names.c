/* names.c — protocol, port, ICMP type and log level names (see names.h). */
#include "dataplane/names.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct name_num {
	const char *name;
	int num;
};

/* First entry for a number is the name printed back (ipsec -> esp, pptp -> gre). */
static const struct name_num protos[] = {
	{"ip", 0},      {"icmp", 1},   {"igmp", 2},  {"ipinip", 4}, {"tcp", 6},
	{"igrp", 9},    {"udp", 17},   {"gre", 47},  {"pptp", 47},  {"esp", 50},
	{"ipsec", 50},  {"ah", 51},    {"icmp6", 58}, {"eigrp", 88}, {"ospf", 89},
	{"nos", 94},    {"pim", 103},  {"pcp", 108}, {"snp", 109},
};

struct port_name {
	const char *name;
	int num;
	unsigned pp; /* PP_TCP, PP_UDP or both */
};

/* The ASA's literal port names (Cisco configuration guide, "TCP and UDP
 * ports").  When two names share a number in one table, the first listed is
 * the one printed (tcp 514: rsh, not cmd). */
static const struct port_name ports[] = {
	{"aol", 5190, PP_TCP},
	{"bgp", 179, PP_TCP},
	{"biff", 512, PP_UDP},
	{"bootpc", 68, PP_UDP},
	{"bootps", 67, PP_UDP},
	{"chargen", 19, PP_TCP},
	{"cifs", 3020, PP_TCPUDP},
	{"citrix-ica", 1494, PP_TCP},
	{"rsh", 514, PP_TCP},
	{"cmd", 514, PP_TCP},
	{"ctiqbe", 2748, PP_TCP},
	{"daytime", 13, PP_TCP},
	{"discard", 9, PP_TCPUDP},
	{"dnsix", 195, PP_UDP},
	{"domain", 53, PP_TCPUDP},
	{"echo", 7, PP_TCPUDP},
	{"exec", 512, PP_TCP},
	{"finger", 79, PP_TCP},
	{"ftp", 21, PP_TCP},
	{"ftp-data", 20, PP_TCP},
	{"gopher", 70, PP_TCP},
	{"h323", 1720, PP_TCP},
	{"hostname", 101, PP_TCP},
	{"www", 80, PP_TCPUDP},
	{"http", 80, PP_TCPUDP},
	{"https", 443, PP_TCP},
	{"ident", 113, PP_TCP},
	{"imap4", 143, PP_TCP},
	{"irc", 194, PP_TCP},
	{"isakmp", 500, PP_UDP},
	{"kerberos", 750, PP_TCPUDP},
	{"klogin", 543, PP_TCP},
	{"kshell", 544, PP_TCP},
	{"ldap", 389, PP_TCP},
	{"ldaps", 636, PP_TCP},
	{"login", 513, PP_TCP},
	{"lotusnotes", 1352, PP_TCP},
	{"lpd", 515, PP_TCP},
	{"mobile-ip", 434, PP_UDP},
	{"nameserver", 42, PP_UDP},
	{"netbios-dgm", 138, PP_UDP},
	{"netbios-ns", 137, PP_UDP},
	{"netbios-ssn", 139, PP_TCP},
	{"nfs", 2049, PP_TCPUDP},
	{"nntp", 119, PP_TCP},
	{"ntp", 123, PP_UDP},
	{"pcanywhere-data", 5631, PP_TCP},
	{"pcanywhere-status", 5632, PP_UDP},
	{"pim-auto-rp", 496, PP_TCPUDP},
	{"pop2", 109, PP_TCP},
	{"pop3", 110, PP_TCP},
	{"pptp", 1723, PP_TCP},
	{"radius", 1645, PP_UDP},
	{"radius-acct", 1646, PP_UDP},
	{"rip", 520, PP_UDP},
	{"rtsp", 554, PP_TCP},
	{"secureid-udp", 5510, PP_UDP},
	{"sip", 5060, PP_TCPUDP},
	{"smtp", 25, PP_TCP},
	{"snmp", 161, PP_UDP},
	{"snmptrap", 162, PP_UDP},
	{"sqlnet", 1521, PP_TCP},
	{"ssh", 22, PP_TCP},
	{"sunrpc", 111, PP_TCPUDP},
	{"syslog", 514, PP_UDP},
	{"tacacs", 49, PP_TCPUDP},
	{"talk", 517, PP_TCPUDP},
	{"telnet", 23, PP_TCP},
	{"tftp", 69, PP_UDP},
	{"time", 37, PP_UDP},
	{"uucp", 540, PP_TCP},
	{"who", 513, PP_UDP},
	{"whois", 43, PP_TCP},
	{"xdmcp", 177, PP_UDP},
};

static const struct name_num icmp_types[] = {
	{"echo-reply", 0},
	{"unreachable", 3},
	{"source-quench", 4},
	{"redirect", 5},
	{"alternate-address", 6},
	{"echo", 8},
	{"router-advertisement", 9},
	{"router-solicitation", 10},
	{"time-exceeded", 11},
	{"parameter-problem", 12},
	{"timestamp-request", 13},
	{"timestamp-reply", 14},
	{"information-request", 15},
	{"information-reply", 16},
	{"mask-request", 17},
	{"mask-reply", 18},
	{"traceroute", 30},
	{"conversion-error", 31},
	{"mobile-redirect", 32},
};

static const char *const loglevels[8] = {
	"emergencies", "alerts",        "critical",      "errors",
	"warnings",    "notifications", "informational", "debugging",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Decimal 0..max without sign or spaces; -1 otherwise. */
static long decimal(const char *s, long max)
{
	if (!*s || strlen(s) > 10)
		return -1;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	long v = strtol(s, NULL, 10);
	return v <= max ? v : -1;
}

static int table_parse(const struct name_num *t, size_t n, const char *s, long max)
{
	long v = decimal(s, max);
	if (v >= 0)
		return (int)v;
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(s, t[i].name))
			return t[i].num;
	return -1;
}

static const char *table_name(const struct name_num *t, size_t n, int num, char buf[8])
{
	for (size_t i = 0; i < n; i++)
		if (t[i].num == num)
			return t[i].name;
	snprintf(buf, 8, "%d", num);
	return buf;
}

int proto_parse(const char *s)
{
	return table_parse(protos, NELEM(protos), s, 255);
}

const char *proto_name(int proto, char buf[8])
{
	return table_name(protos, NELEM(protos), proto, buf);
}

int port_parse(const char *s, enum port_proto pp)
{
	long v = decimal(s, 65535);
	if (v >= 0)
		return (int)v;
	for (size_t i = 0; i < NELEM(ports); i++)
		if (!strcasecmp(s, ports[i].name) && (ports[i].pp & pp) == (unsigned)pp)
			return ports[i].num;
	return -1;
}

bool port_token_ok(const char *s)
{
	return port_parse(s, PP_TCP) >= 0 || port_parse(s, PP_UDP) >= 0;
}

const char *port_name(int port, enum port_proto pp, char buf[8])
{
	for (size_t i = 0; i < NELEM(ports); i++)
		if (ports[i].num == port && (ports[i].pp & pp) == (unsigned)pp)
			return ports[i].name;
	snprintf(buf, 8, "%d", port);
	return buf;
}

enum port_op port_op_parse(const char *kw)
{
	static const char *const ops[] = {"", "eq", "lt", "gt", "neq", "range"};
	for (int i = 1; i < 6; i++)
		if (!strcmp(kw, ops[i]))
			return (enum port_op)i;
	return PORT_NONE;
}

void port_cond_fmt(char *buf, size_t n, enum port_op op, int lo, int hi, enum port_proto pp)
{
	static const char *const ops[] = {"", "eq", "lt", "gt", "neq", "range"};
	char a[8], b[8];
	if (op == PORT_NONE)
		*buf = '\0';
	else if (op == PORT_RANGE)
		snprintf(buf, n, " range %s %s", port_name(lo, pp, a), port_name(hi, pp, b));
	else
		snprintf(buf, n, " %s %s", ops[op], port_name(lo, pp, a));
}

int icmp_type_parse(const char *s)
{
	return table_parse(icmp_types, NELEM(icmp_types), s, 255);
}

const char *icmp_type_name(int type, char buf[8])
{
	return table_name(icmp_types, NELEM(icmp_types), type, buf);
}

int loglevel_parse(const char *s)
{
	long v = decimal(s, 7);
	if (v >= 0)
		return (int)v;
	for (int i = 0; i < 8; i++)
		if (!strcasecmp(s, loglevels[i]))
			return i;
	return -1;
}

const char *loglevel_name(int level)
{
	return level >= 0 && level < 8 ? loglevels[level] : "";
}

/* One field of h:mm:ss: 1-2 digits for minutes/seconds (0-59), up to 4 for hours. */
static long field(const char **p, int maxdigits, long max)
{
	const char *s = *p;
	long v = 0;
	int n = 0;
	while (isdigit((unsigned char)*s) && n < maxdigits) {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	if (!n || v > max)
		return -1;
	*p = s;
	return v;
}

long hms_parse(const char *s)
{
	const char *p = s;
	long h = field(&p, 4, 9999);
	if (h < 0 || *p++ != ':')
		return -1;
	long m = field(&p, 2, 59);
	if (m < 0)
		return -1;
	long sec = 0;
	if (*p == ':') {
		p++;
		sec = field(&p, 2, 59);
		if (sec < 0)
			return -1;
	}
	if (*p)
		return -1;
	return h * 3600 + m * 60 + sec;
}

const char *hms_fmt(long secs, char buf[32])
{
	if (secs < 0)
		secs = 0;
	snprintf(buf, 32, "%ld:%02d:%02d", secs / 3600, (int)(secs / 60 % 60), (int)(secs % 60));
	return buf;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool mac_parse(const char *s, unsigned char mac[6])
{
	/* H.H.H: three groups of 1-4 hex digits */
	unsigned g[3];
	const char *p = s;
	for (int i = 0; i < 3; i++) {
		unsigned v = 0;
		int n = 0;
		while (hexval((unsigned char)*p) >= 0 && n < 4) {
			v = v << 4 | (unsigned)hexval((unsigned char)*p++);
			n++;
		}
		if (!n)
			goto colon;
		g[i] = v;
		if (i < 2 && *p++ != '.')
			goto colon;
	}
	if (*p)
		goto colon;
	for (int i = 0; i < 3; i++) {
		mac[2 * i] = (unsigned char)(g[i] >> 8);
		mac[2 * i + 1] = (unsigned char)g[i];
	}
	return true;
colon:
	/* aa:bb:cc:dd:ee:ff */
	p = s;
	for (int i = 0; i < 6; i++) {
		int hi = hexval((unsigned char)p[0]);
		if (hi < 0)
			return false;
		int lo = hexval((unsigned char)p[1]);
		if (lo < 0)
			return false;
		mac[i] = (unsigned char)(hi << 4 | lo);
		p += 2;
		if (i < 5 && *p++ != ':')
			return false;
	}
	return *p == '\0';
}

const char *mac_fmt(const unsigned char mac[6], char buf[16])
{
	snprintf(buf, 16, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}
