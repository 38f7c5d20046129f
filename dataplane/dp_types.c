/*
 * dp_types.c — CLI value types shared by the dataplane commands: protocol,
 * port, ICMP type, logging level, h:mm:ss time, MAC address and a dotted
 * quad used as a mask (checked by the handler, which then prints the
 * ASA's own error instead of a caret).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/names.h"
#include "lib/ip4.h"
#include "lib/module.h"

static bool proto_match(const char *in, char *out, size_t n)
{
	int p = proto_parse(in);
	if (p < 0)
		return false;
	/* keep the word as typed (lower case): "pptp" and "gre" both mean 47
	 * but the handler decides what is printed */
	char b[8];
	snprintf(out, n, "%s", (in[0] >= '0' && in[0] <= '9') ? proto_name(p, b) : in);
	for (char *c = out; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
	return true;
}

static void proto_values(void (*add)(void *, const char *), void *ctx)
{
	static const char *const v[] = {"ah",  "eigrp", "esp", "gre", "icmp", "icmp6", "igmp",
					 "igrp", "ip",  "ipinip", "ipsec", "nos", "ospf", "pcp",
					 "pim", "pptp", "snp", "tcp", "udp"};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		add(ctx, v[i]);
}

/* service-object takes "tcp-udp" besides the protocols; as one typed
 * value, so that "tcp" is not read as an abbreviation of "tcp-udp" */
static bool svcproto_match(const char *in, char *out, size_t n)
{
	if (!strcasecmp(in, "tcp-udp")) {
		snprintf(out, n, "tcp-udp");
		return true;
	}
	return proto_match(in, out, n);
}

static void svcproto_values(void (*add)(void *, const char *), void *ctx)
{
	proto_values(add, ctx);
	add(ctx, "tcp-udp");
}

static bool lower_copy(const char *in, char *out, size_t n)
{
	snprintf(out, n, "%s", in);
	for (char *c = out; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
	return true;
}

static bool port_match(const char *in, char *out, size_t n)
{
	return port_token_ok(in) && lower_copy(in, out, n);
}

static bool icmp_match(const char *in, char *out, size_t n)
{
	int t = icmp_type_parse(in);
	if (t < 0)
		return false;
	char b[8];
	snprintf(out, n, "%s", icmp_type_name(t, b));
	return true;
}

static void icmp_values(void (*add)(void *, const char *), void *ctx)
{
	char b[8];
	for (int t = 0; t < 40; t++) {
		const char *nm = icmp_type_name(t, b);
		if (nm != b)
			add(ctx, nm);
	}
}

static bool loglevel_match(const char *in, char *out, size_t n)
{
	int l = loglevel_parse(in);
	if (l < 0)
		return false;
	snprintf(out, n, "%s", loglevel_name(l));
	return true;
}

static void loglevel_values(void (*add)(void *, const char *), void *ctx)
{
	for (int l = 0; l < 8; l++)
		add(ctx, loglevel_name(l));
}

static bool time_match(const char *in, char *out, size_t n)
{
	long s = hms_parse(in);
	if (s < 0)
		return false;
	char b[32];
	snprintf(out, n, "%s", hms_fmt(s, b));
	return true;
}

static bool mac_match(const char *in, char *out, size_t n)
{
	unsigned char m[6];
	if (!mac_parse(in, m))
		return false;
	char b[16];
	snprintf(out, n, "%s", mac_fmt(m, b));
	return true;
}

static bool quad_match(const char *in, char *out, size_t n)
{
	uint32_t v = 0;
	if (strcmp(in, "0") && !ip4_parse(in, &v))
		return false;
	char b[16];
	snprintf(out, n, "%s", ip4_fmt(v, b));
	return true;
}

/* An address as route/icmp take it: a dotted quad, a `name`, or "0"
 * (the ASA's shorthand for 0.0.0.0 in "route outside 0 0 10.1.1.1"). */
static bool addr_match(const char *in, char *out, size_t n)
{
	uint32_t v;
	char b[16];
	if (!strcmp(in, "0"))
		v = 0;
	else if (!ip4_parse(in, &v)) {
		if (!conf_parse_host(in, &v))
			return false;
		snprintf(out, n, "%s", in); /* keep the name: the handler resolves it */
		return true;
	}
	snprintf(out, n, "%s", ip4_fmt(v, b));
	return true;
}

static const struct cli_type types[] = {
	{"dp-addr", "A.B.C.D", addr_match, NULL, 110}, /* like the built-in ip */
	{"dp-proto", "<0-255>", proto_match, proto_values, 10},
	{"dp-svcproto", "<0-255>", svcproto_match, svcproto_values, 10},
	{"dp-port", "<0-65535>", port_match, NULL, 10},
	{"dp-icmptype", "<0-255>", icmp_match, icmp_values, 10},
	{"dp-loglevel", "<0-7>", loglevel_match, loglevel_values, 10},
	{"dp-time", "hh:mm:ss", time_match, NULL, 10},
	{"dp-mac", "H.H.H", mac_match, NULL, 10},
	{"dp-mask", "A.B.C.D", quad_match, NULL, 120}, /* like the built-in mask */
};

static void dp_types_init(void)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		cli_type_register(&types[i]);
}
MODULE_INIT_PRIO(dp_types_init, 5)
