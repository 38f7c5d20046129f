/*
 * capture.c — the captures: their filters, the tap that feeds them, and
 * the EXEC commands "capture", "no capture", "clear capture" and
 * "show capture" (see capture.h).
 *
 * A frame is offered to a capture when it is received on, or sent from,
 * one of the capture's interfaces (tap.h: after the 802.1Q tag chose the
 * subinterface; just before the device gets it).  It is kept when
 *   - ethernet-type, when given, is its type (802.1Q: the frame is tagged);
 *   - access-list, when given, permits it (IPv4 only, the list as the
 *     firewall compiles it; one direction, as the list says);
 *   - match, when given, matches it in either direction (IPv4 only).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/acl.h"
#include "dataplane/capture.h"
#include "dataplane/dp_errors.h"
#include "dataplane/fw_int.h"
#include "dataplane/proto.h"
#include "dataplane/tap.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

/* Texts of the capture commands [R]: reconstructed, no stored transcript. */
#define ERR_CAP_NOT_EXIST "ERROR: Capture <%s> does not exist\n"                /* [R] */
#define ERR_CAP_IF_NOT_IN "ERROR: Capture <%s> is not on interface %s\n"        /* [R] */
#define ERR_CAP_TOO_MANY_IFS "ERROR: Capture <%s> is already on %d interfaces\n" /* [P] */
#define ERR_CAP_ETHERTYPE "ERROR: Invalid ethernet-type %s\n"                    /* [R] */

static struct capture **caps;
static size_t ncaps;

size_t cap_count(void)
{
	return ncaps;
}

struct capture *cap_at(size_t i)
{
	return i < ncaps ? caps[i] : NULL;
}

struct capture *cap_find(const char *name)
{
	for (size_t i = 0; i < ncaps; i++)
		if (!strcmp(caps[i]->name, name))
			return caps[i];
	return NULL;
}

static bool cap_has_if(const struct capture *c, const char *nameif)
{
	for (size_t i = 0; i < c->nifs; i++)
		if (!strcmp(c->ifs[i], nameif))
			return true;
	return false;
}

bool cap_on_iface(const char *nameif)
{
	for (size_t i = 0; i < ncaps; i++)
		if (cap_has_if(caps[i], nameif))
			return true;
	return false;
}

static void cap_empty(struct capture *c)
{
	while (c->head) {
		struct cap_rec *r = c->head;
		c->head = r->next;
		free(r);
	}
	c->tail = NULL;
	c->count = c->bytes = 0;
	c->first = 1;
	c->full = false;
}

static void cap_free(struct capture *c)
{
	cap_empty(c);
	free(c->acl);
	free(c);
}

/* The taps cost something only while a capture has an interface. */
static void taps_update(void)
{
	bool any = false;
	for (size_t i = 0; i < ncaps && !any; i++)
		any = caps[i]->nifs > 0;
	tap_enable(any);
}

static void cap_delete(struct capture *c)
{
	for (size_t i = 0; i < ncaps; i++)
		if (caps[i] == c) {
			memmove(caps + i, caps + i + 1, (ncaps - i - 1) * sizeof *caps);
			ncaps--;
			break;
		}
	cap_free(c);
	if (!ncaps) {
		free(caps);
		caps = NULL;
	}
	taps_update();
}

/* ---- filters ------------------------------------------------------------ */

/* The type after any 802.1Q tags, and whether the frame was tagged. */
static unsigned frame_type(const uint8_t *f, uint32_t len, bool *tagged, uint32_t *l3)
{
	uint32_t off = 12;
	*tagged = false;
	while (off + 2 <= len) {
		unsigned t = rd16(f + off);
		if (t != ETHERTYPE_VLAN && t != 0x88a8) {
			*l3 = off + 2;
			return t;
		}
		*tagged = true;
		off += VLAN_HLEN_;
	}
	*l3 = len;
	return 0;
}

bool cap_frame_tuple(const uint8_t *f, uint32_t caplen, struct cap_tuple *t)
{
	bool tagged;
	uint32_t off;
	if (caplen < ETH_HLEN_ || frame_type(f, caplen, &tagged, &off) != ETHERTYPE_IP)
		return false;
	const uint8_t *ip = f + off;
	uint32_t n = caplen - off;
	if (n < IP_HLEN_MIN || (ip[0] >> 4) != 4 || ip_hlen(ip) < IP_HLEN_MIN || ip_hlen(ip) > n)
		return false;
	memset(t, 0, sizeof *t);
	t->proto = ip[IPH_PROTO];
	t->src = ip_src(ip);
	t->dst = ip_dst(ip);
	const uint8_t *l4 = ip + ip_hlen(ip);
	uint32_t l4n = n - ip_hlen(ip);
	if (rd16(ip + IPH_FRAG) & IPH_OFFMASK)
		return true; /* a later fragment: no ports */
	if ((t->proto == IPPROTO_TCP_ || t->proto == IPPROTO_UDP_) && l4n >= 4) {
		t->sport = rd16(l4);
		t->dport = rd16(l4 + 2);
	} else if (t->proto == IPPROTO_ICMP_ && l4n >= 2) {
		t->icmp_type = l4[0];
		t->icmp_code = l4[1];
		t->sport = l4[1];
		t->dport = l4[0];
	}
	return true;
}

static bool port_ok(enum port_op op, int lo, int hi, unsigned port)
{
	switch (op) {
	case PORT_NONE:
		return true;
	case PORT_EQ:
		return (int)port == lo;
	case PORT_NEQ:
		return (int)port != lo;
	case PORT_LT:
		return (int)port < lo;
	case PORT_GT:
		return (int)port > lo;
	case PORT_RANGE:
		return (int)port >= lo && (int)port <= hi;
	}
	return false;
}

static bool match_dir(const struct cap_match *m, uint32_t src, unsigned sport, uint32_t dst,
		      unsigned dport, bool ports)
{
	if ((src & m->smask) != (m->src & m->smask) || (dst & m->dmask) != (m->dst & m->dmask))
		return false;
	if (!ports)
		return true;
	return port_ok(m->sop, m->slo, m->shi, sport) && port_ok(m->dop, m->dlo, m->dhi, dport);
}

static bool match_ok(const struct cap_match *m, const struct cap_tuple *t)
{
	if (m->proto && m->proto != t->proto)
		return false;
	bool ports = m->proto == IPPROTO_TCP_ || m->proto == IPPROTO_UDP_;
	return match_dir(m, t->src, t->sport, t->dst, t->dport, ports) ||
	       match_dir(m, t->dst, t->dport, t->src, t->sport, ports);
}

static bool acl_ok(const char *acl, struct iface *ifp, const struct cap_tuple *t)
{
	fw_sync();
	const struct fw_acl *a = fw_acl_get(acl);
	if (!a)
		return false;
	struct fw_flow f = {.in = ifp,
			    .proto = t->proto,
			    .src = t->src,
			    .dst = t->dst,
			    .sport = t->sport,
			    .dport = t->dport,
			    .icmp_type = t->icmp_type,
			    .icmp_code = t->icmp_code};
	struct cls_key k;
	fw_flow_key(&f, &k);
	const struct fw_elem *e = fw_acl_lookup(a, &k);
	return e && e->permit;
}

static bool wanted(const struct capture *c, struct iface *ifp, const uint8_t *f, uint32_t len)
{
	if (c->ethertype) {
		bool tagged;
		uint32_t off;
		unsigned t = frame_type(f, len, &tagged, &off);
		if (c->ethertype == ETHERTYPE_VLAN ? !tagged : t != c->ethertype)
			return false;
	}
	if (!c->acl && !c->has_match)
		return true;
	struct cap_tuple t;
	if (!cap_frame_tuple(f, len, &t))
		return false;
	if (c->has_match && !match_ok(&c->m, &t))
		return false;
	return !c->acl || acl_ok(c->acl, ifp, &t);
}

static void keep(struct capture *c, const struct pkt *p)
{
	uint32_t caplen = p->len < c->pktlen ? p->len : c->pktlen;
	if (c->full)
		return;
	while (c->bytes + caplen > c->buffer) {
		if (!c->circular || !c->head) {
			c->full = true; /* the ASA stops capturing */
			return;
		}
		struct cap_rec *old = c->head;
		c->head = old->next;
		if (!c->head)
			c->tail = NULL;
		c->bytes -= old->caplen;
		c->count--;
		c->first++;
		free(old);
	}
	struct cap_rec *r = xmalloc(sizeof *r + caplen);
	r->next = NULL;
	r->ts_us = p->ts_us ? p->ts_us : dp_now_us();
	r->len = p->len;
	r->caplen = caplen;
	memcpy(r->data, p->data, caplen);
	if (c->tail)
		c->tail->next = r;
	else
		c->head = r;
	c->tail = r;
	c->count++;
	c->bytes += caplen;
}

static void observe(struct iface *ifp, const struct pkt *p, enum tap_dir dir)
{
	(void)dir;
	if (!ifp->nameif[0])
		return;
	/* a received frame's time is when it arrived; a sent one's is now */
	struct pkt view = *p;
	if (dir == TAP_TX)
		view.ts_us = dp_now_us();
	for (size_t i = 0; i < ncaps; i++) {
		struct capture *c = caps[i];
		if (c->full || !cap_has_if(c, ifp->nameif))
			continue;
		if (wanted(c, ifp, p->data, p->len))
			keep(c, &view);
	}
}

/* ---- ethernet types ----------------------------------------------------- */

static const struct {
	const char *name;
	unsigned type;
} etypes[] = {
	{"802.1Q", ETHERTYPE_VLAN}, {"arp", ETHERTYPE_ARP}, {"ip", ETHERTYPE_IP},
	{"ip6", 0x86dd},            {"ipx", 0x8137},        {"pppoed", 0x8863},
	{"pppoes", 0x8864},         {"rarp", 0x8035},       {"vlan", ETHERTYPE_VLAN},
};

/* A name, or a number (decimal or 0x hex) of 0x600-0xffff. */
static unsigned etype_parse(const char *s)
{
	for (size_t i = 0; i < sizeof etypes / sizeof etypes[0]; i++)
		if (!strcasecmp(s, etypes[i].name))
			return etypes[i].type;
	char *end;
	unsigned long v = strtoul(s, &end, 0);
	if (!*s || *end || v < 0x600 || v > 0xffff)
		return 0;
	return (unsigned)v;
}

static const char *etype_name(unsigned t, char buf[8])
{
	for (size_t i = 0; i < sizeof etypes / sizeof etypes[0]; i++)
		if (etypes[i].type == t && strcmp(etypes[i].name, "vlan"))
			return etypes[i].name;
	snprintf(buf, 8, "0x%04x", t);
	return buf;
}

static bool etype_match(const char *in, char *out, size_t n)
{
	unsigned t = etype_parse(in);
	if (!t)
		return false;
	char b[8];
	snprintf(out, n, "%s", etype_name(t, b));
	return true;
}

static void etype_values(void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < sizeof etypes / sizeof etypes[0]; i++)
		add(ctx, etypes[i].name);
}

/* Capture names: any word; '?' lists the captures that exist. */
static bool capname_match(const char *in, char *out, size_t n)
{
	if (strlen(in) > CAP_NAME_MAX)
		return false;
	snprintf(out, n, "%s", in);
	return true;
}

static void capname_values(void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < ncaps; i++)
		add(ctx, caps[i]->name);
}

/* ---- commands ------------------------------------------------------------- */

static bool get_addr(struct cli_args *a, const char *host, const char *net, const char *mask,
		     uint32_t *ip, uint32_t *m)
{
	const char *v;
	if ((v = cli_get(a, host))) {
		*m = 0xffffffffu;
		return conf_parse_host(v, ip);
	}
	if ((v = cli_get(a, net))) {
		if (!conf_parse_host(v, ip))
			return false;
		/* whether it is a netmask is the caller's check */
		return ip4_parse(cli_get(a, mask), m);
	}
	*ip = *m = 0; /* any */
	return true;
}

static void get_ports(struct cli_args *a, const char *pfx, int proto, enum port_op *op, int *lo,
		      int *hi)
{
	char k[8];
	enum port_proto pp = proto == IPPROTO_UDP_ ? PP_UDP : PP_TCP;
	*op = PORT_NONE;
	*lo = *hi = 0;
	snprintf(k, sizeof k, "%sP", pfx);
	const char *v = cli_get(a, k);
	if (v) {
		static const char *const ops[] = {"eq", "lt", "gt", "neq"};
		/* the operator keyword is the argument before the port */
		int i = cli_idx(a, k);
		for (size_t j = 0; j < 4 && i > 0; j++)
			if (!strcmp(a->v[i - 1].val, ops[j]))
				*op = port_op_parse(ops[j]);
		*lo = *hi = port_parse(v, pp);
		return;
	}
	snprintf(k, sizeof k, "%sPL", pfx);
	if ((v = cli_get(a, k))) {
		*op = PORT_RANGE;
		*lo = port_parse(v, pp);
		snprintf(k, sizeof k, "%sPH", pfx);
		*hi = port_parse(cli_get(a, k), pp);
	}
}

static int cmd_capture(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct capture *c = cap_find(name);
	/* validate everything first: a refused line changes nothing */
	const char *acl = cli_get(a, "ACL");
	if (acl && !acl_find(acl)) {
		cli_printf(cli, ERR_ACL_NOT_EXIST, acl);
		return CLI_ERR;
	}
	unsigned et = 0;
	const char *ets = cli_get(a, "ET");
	if (ets && !(et = etype_parse(ets))) {
		cli_printf(cli, ERR_CAP_ETHERTYPE, ets);
		return CLI_ERR;
	}
	struct cap_match m = {0};
	bool has_match = cli_has(a, "match");
	if (has_match) {
		const char *pv = cli_get(a, "PROTO");
		m.proto = proto_parse(pv);
		if (m.proto < 0)
			return cli_bad(a, "PROTO");
		if (!get_addr(a, "SH", "SA", "SM", &m.src, &m.smask))
			return cli_bad(a, cli_get(a, "SH") ? "SH" : "SA");
		if (!get_addr(a, "DH", "DA", "DM", &m.dst, &m.dmask))
			return cli_bad(a, cli_get(a, "DH") ? "DH" : "DA");
		if (!ip4_mask_valid(m.smask))
			return cli_bad(a, "SM");
		if (!ip4_mask_valid(m.dmask))
			return cli_bad(a, "DM");
		get_ports(a, "S", m.proto, &m.sop, &m.slo, &m.shi);
		get_ports(a, "D", m.proto, &m.dop, &m.dlo, &m.dhi);
		if ((m.sop || m.dop) && m.proto != IPPROTO_TCP_ && m.proto != IPPROTO_UDP_)
			return cli_bad(a, "PROTO");
		if (m.slo < 0 || m.shi < 0)
			return cli_bad(a, cli_has(a, "SP") ? "SP" : "SPL");
		if (m.dlo < 0 || m.dhi < 0)
			return cli_bad(a, cli_has(a, "DP") ? "DP" : "DPL");
	}
	size_t nnew = 0;
	const char *ifn;
	char add[CAP_IFS_MAX][IFACE_NAME_MAX + 1];
	for (int i = 0; (ifn = cli_get_nth(a, "IF", i)); i++) {
		if ((c && cap_has_if(c, ifn)))
			continue;
		bool dup = false;
		for (size_t j = 0; j < nnew; j++)
			dup |= !strcmp(add[j], ifn);
		if (dup)
			continue;
		if ((c ? c->nifs : 0) + nnew >= CAP_IFS_MAX) {
			cli_printf(cli, ERR_CAP_TOO_MANY_IFS, name, CAP_IFS_MAX);
			return CLI_ERR;
		}
		snprintf(add[nnew++], sizeof add[0], "%.*s", IFACE_NAME_MAX, ifn);
	}

	if (!c) {
		c = xcalloc(1, sizeof *c);
		snprintf(c->name, sizeof c->name, "%s", name);
		c->buffer = CAP_BUFFER_DEFAULT;
		c->pktlen = CAP_PKTLEN_DEFAULT;
		c->first = 1;
		caps = xrealloc(caps, (ncaps + 1) * sizeof *caps);
		caps[ncaps++] = c;
	}
	for (size_t j = 0; j < nnew; j++)
		memcpy(c->ifs[c->nifs++], add[j], sizeof c->ifs[0]);
	if (acl) {
		free(c->acl);
		c->acl = xstrdup(acl);
	}
	if (et)
		c->ethertype = et;
	if (has_match) {
		c->has_match = true;
		c->m = m;
	}
	const char *v;
	if ((v = cli_get(a, "B"))) {
		c->buffer = (uint32_t)strtoul(v, NULL, 10);
		/* a smaller buffer keeps the newest frames that fit */
		while (c->bytes > c->buffer && c->head) {
			struct cap_rec *old = c->head;
			c->head = old->next;
			if (!c->head)
				c->tail = NULL;
			c->bytes -= old->caplen;
			c->count--;
			c->first++;
			free(old);
		}
		if (c->bytes < c->buffer)
			c->full = false;
	}
	if ((v = cli_get(a, "L")))
		c->pktlen = (uint32_t)strtoul(v, NULL, 10);
	if (cli_has(a, "circular-buffer")) {
		c->circular = true;
		c->full = false;
	}
	taps_update();
	return CLI_OK;
}

static int cmd_no_capture(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct capture *c = cap_find(name);
	if (!c) {
		cli_printf(cli, ERR_CAP_NOT_EXIST, name);
		return CLI_ERR;
	}
	const char *ifn = cli_get(a, "IF");
	if (ifn) {
		size_t i = 0;
		while (i < c->nifs && strcmp(c->ifs[i], ifn))
			i++;
		if (i == c->nifs) {
			cli_printf(cli, ERR_CAP_IF_NOT_IN, name, ifn);
			return CLI_ERR;
		}
		memmove(c->ifs[i], c->ifs[i + 1], (c->nifs - i - 1) * sizeof c->ifs[0]);
		c->nifs--;
		taps_update();
		return CLI_OK;
	}
	if (cli_has(a, "access-list")) {
		free(c->acl);
		c->acl = NULL;
		return CLI_OK;
	}
	if (cli_has(a, "match")) {
		c->has_match = false;
		return CLI_OK;
	}
	if (cli_has(a, "circular-buffer")) {
		c->circular = false;
		return CLI_OK;
	}
	if (cli_has(a, "ethernet-type")) {
		c->ethertype = 0;
		return CLI_OK;
	}
	cap_delete(c);
	return CLI_OK;
}

static int cmd_clear_capture(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	struct capture *c = cap_find(name);
	if (!c) {
		cli_printf(cli, ERR_CAP_NOT_EXIST, name);
		return CLI_ERR;
	}
	cap_empty(c);
	return CLI_OK;
}

/* ---- show capture ----------------------------------------------------------- */

static void fmt_addr(struct strbuf *sb, uint32_t ip, uint32_t mask)
{
	char b[64], m[16];
	if (!mask)
		sb_puts(sb, " any");
	else if (mask == 0xffffffffu)
		sb_printf(sb, " host %s", conf_fmt_host(ip, b));
	else
		sb_printf(sb, " %s %s", conf_fmt_host(ip, b), ip4_fmt(mask, m));
}

static void fmt_match(struct strbuf *sb, const struct cap_match *m)
{
	char pb[8], buf[64];
	enum port_proto pp = m->proto == IPPROTO_UDP_ ? PP_UDP : PP_TCP;
	sb_printf(sb, "  match %s", proto_name(m->proto, pb));
	fmt_addr(sb, m->src, m->smask);
	if (m->sop) {
		port_cond_fmt(buf, sizeof buf, m->sop, m->slo, m->shi, pp);
		sb_puts(sb, buf);
	}
	fmt_addr(sb, m->dst, m->dmask);
	if (m->dop) {
		port_cond_fmt(buf, sizeof buf, m->dop, m->dlo, m->dhi, pp);
		sb_puts(sb, buf);
	}
	sb_puts(sb, "\n");
}

/* "capture NAME [access-list A] [buffer B] [ethernet-type T] [packet-length L]
 * [circular-buffer] interface IF ..." as the ASA lists its captures. */
static void show_summary(struct cli *cli)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ncaps; i++) {
		const struct capture *c = caps[i];
		char b[8];
		sb_printf(&sb, "capture %s", c->name);
		if (c->acl)
			sb_printf(&sb, " access-list %s", c->acl);
		if (c->buffer != CAP_BUFFER_DEFAULT)
			sb_printf(&sb, " buffer %u", c->buffer);
		if (c->ethertype)
			sb_printf(&sb, " ethernet-type %s", etype_name(c->ethertype, b));
		if (c->pktlen != CAP_PKTLEN_DEFAULT)
			sb_printf(&sb, " packet-length %u", c->pktlen);
		if (c->circular)
			sb_puts(&sb, " circular-buffer");
		for (size_t j = 0; j < c->nifs; j++)
			sb_printf(&sb, " interface %s", c->ifs[j]);
		sb_puts(&sb, "\n");
		if (c->has_match)
			fmt_match(&sb, &c->m);
	}
	if (sb.len)
		cli_write(cli, sb.buf, sb.len);
	sb_free(&sb);
}

static int cmd_show_capture(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!name) {
		show_summary(cli);
		return CLI_OK;
	}
	struct capture *c = cap_find(name);
	if (!c) {
		cli_printf(cli, ERR_CAP_NOT_EXIST, name);
		return CLI_ERR;
	}
	const char *acl = cli_get(a, "ACL");
	if (acl && !acl_find(acl)) {
		cli_printf(cli, ERR_ACL_NOT_EXIST, acl);
		return CLI_ERR;
	}
	const char *v;
	unsigned long long limit = (v = cli_get(a, "COUNT")) ? strtoull(v, NULL, 10) : ~0ull;
	unsigned long long from = (v = cli_get(a, "NUM")) ? strtoull(v, NULL, 10) : 0;
	bool detail = cli_has(a, "detail"), dump = cli_has(a, "dump");
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%zu packet%s captured\n", c->count, c->count == 1 ? "" : "s");
	unsigned long long no = c->first, shown = 0;
	for (const struct cap_rec *r = c->head; r && shown < limit; r = r->next, no++) {
		if (no < from)
			continue;
		if (acl) {
			struct cap_tuple t;
			/* the list is read as for a packet entering one of the
			 * capture's interfaces */
			struct iface *ifp = c->nifs ? iface_find_name(c->ifs[0]) : NULL;
			if (!cap_frame_tuple(r->data, r->caplen, &t) || !acl_ok(acl, ifp, &t))
				continue;
		}
		char ts[24];
		cap_fmt_time(ts, r->ts_us);
		sb_printf(&sb, "%4llu: %s ", no, ts);
		cap_fmt_frame(&sb, r->data, r->caplen, r->len, detail);
		sb_puts(&sb, "\n");
		if (dump)
			cap_fmt_dump(&sb, r->data, r->caplen);
		shown++;
		if (sb.len > 65536) {
			cli_write(cli, sb.buf, sb.len);
			sb_reset(&sb);
		}
	}
	sb_printf(&sb, "%llu packet%s shown\n", shown, shown == 1 ? "" : "s");
	cli_write(cli, sb.buf, sb.len);
	sb_free(&sb);
	return CLI_OK;
}

/* ---- registration ---------------------------------------------------------- */

#define CAP_ADDR(p)                                                                        \
	"(any | host " p "H:ip | " p "A:ip " p "M:dp-mask)"
#define CAP_ADDR_HELP                                                                      \
	"Any address\nA single host\nHost address\nIP address\nNetmask\n"
#define CAP_PORTS(p)                                                                       \
	"(eq | lt | gt | neq) " p "P:dp-port | range " p "PL:dp-port " p "PH:dp-port"
#define CAP_PORTS_HELP                                                                     \
	"Port equal to operator\nPort less than operator\nPort greater than operator\n"     \
	"Port not equal to operator\nPort number or name\nPort range operator\n"            \
	"Starting port\nEnding port\n"

static const struct cli_type t_capname = {"capname", "WORD", capname_match, capname_values, 5};
static const struct cli_type t_etype = {"cap-ethertype", "WORD", etype_match, etype_values, 5};

static const struct cli_cmd cmds[] = {
	{"capture NAME:capname {type raw-data | access-list ACL:acl | buffer B:<1534-33554432> | "
	 "ethernet-type ET:cap-ethertype | interface IF:nameif | packet-length L:<14-1522> | "
	 "circular-buffer | match PROTO:dp-proto " CAP_ADDR("S") " [" CAP_PORTS("S") "] " CAP_ADDR(
		 "D") " [" CAP_PORTS("D") "]}",
	 "Capture inbound and outbound packets on one or more interfaces\nCapture name\n"
	 "Specify the type of packets to capture\nCapture raw packet data\n"
	 "Capture packets that match access-list\nAccess list identifier\n"
	 "Configure size of capture buffer, default is 512 KB\nBuffer size in bytes\n"
	 "Capture Ethernet packets of a particular type\nEthernet type name or number\n"
	 "Capture packets on a specific interface\nName of interface\n"
	 "Configure maximum length to save from each packet, default is 1518 bytes\n"
	 "Packet length in bytes\n"
	 "Overwrite buffer from beginning when full, default is non-circular\n"
	 "Capture packets matching five-tuple\nProtocol name or number\n" CAP_ADDR_HELP
		 CAP_PORTS_HELP CAP_ADDR_HELP CAP_PORTS_HELP,
	 cmd_capture, CLI_PRIV | CLI_EXEC_ANY},
	{"no capture NAME:capname [interface IF:nameif | access-list [ACL:acl] | match | "
	 "circular-buffer | ethernet-type [ET:cap-ethertype]]",
	 "Negate a command or set its defaults\n"
	 "Capture inbound and outbound packets on one or more interfaces\nCapture name\n"
	 "Stop capturing on this interface\nName of interface\n"
	 "Stop filtering by access-list\nAccess list identifier\n"
	 "Stop filtering by five-tuple\nStop overwriting the buffer when full\n"
	 "Stop filtering by Ethernet type\nEthernet type name or number",
	 cmd_no_capture, CLI_PRIV | CLI_EXEC_ANY},
	{"clear capture NAME:capname",
	 "Reset functions\nClear capture buffer\nCapture name",
	 cmd_clear_capture, CLI_PRIV | CLI_EXEC_ANY},
	{"show capture [NAME:capname {access-list ACL:acl | count COUNT:<0-4294967295> | detail | "
	 "dump | packet-number NUM:<0-4294967295>}]",
	 "Show running system information\nDisplay packet capture information\nCapture name\n"
	 "Display packets matching an access-list\nAccess list identifier\n"
	 "Display the number of packets specified\nNumber of packets\n"
	 "Display additional protocol information for each packet\n"
	 "Display a hex dump of each packet\n"
	 "Display packets starting at the specified number\nPacket number",
	 cmd_show_capture, CLI_PRIV | CLI_SHOW},
};

static void capture_init(void)
{
	cli_type_register(&t_capname);
	cli_type_register(&t_etype);
	cli_install_all(cli_mode_exec(), cmds);
	cli_kw_help("capture", "Capture inbound and outbound packets on one or more interfaces");
	tap_set(observe);
}
MODULE_INIT(capture_init)
