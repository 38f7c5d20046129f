/*
 * capture_fmt.c — one captured frame as "show capture" prints it: the
 * tcpdump-style decode the ASA uses,
 *
 *   ARP       arp who-has 10.4.4.1 tell 10.4.4.10
 *   ICMP      10.4.4.10 > 172.16.1.2: icmp: echo request
 *   UDP       10.4.4.10.1025 > 172.16.1.2.53:  udp 32
 *   TCP       10.4.4.10.1026 > 172.16.1.2.80: S 12345:12345(0) win 8192 <mss 1460>
 *   other IP  10.4.4.10 > 172.16.1.2:  ip-proto-50 100
 *   802.1Q    802.1Q vlan#10 P0 <the decode of what it carries>
 *
 * "detail" puts the Ethernet header on a line of its own first and adds
 * the DF flag, TTL and IP id; "dump" adds a hex dump.  Everything read is
 * bounds-checked against the captured length: a cut frame ends in "[|x]".
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dataplane/capture.h"
#include "dataplane/proto.h"
#include "lib/ip4.h"
#include "mgmt/mgmt.h"

static const char *mac(const uint8_t *m, char buf[16])
{
	return mac_fmt(m, buf);
}

static void fmt_arp(struct strbuf *o, const uint8_t *a, uint32_t n)
{
	if (n < ARP_LEN || rd16(a + ARP_HTYPE) != 1 || rd16(a + ARP_PTYPE) != ETHERTYPE_IP) {
		sb_puts(o, "arp [|arp]");
		return;
	}
	char s[16], t[16], m[16];
	ip4_fmt(rd32(a + ARP_SPA), s);
	ip4_fmt(rd32(a + ARP_TPA), t);
	switch (rd16(a + ARP_OP)) {
	case ARP_OP_REQUEST:
		sb_printf(o, "arp who-has %s tell %s", t, s);
		break;
	case ARP_OP_REPLY:
		sb_printf(o, "arp reply %s is-at %s", s, mac(a + ARP_SHA, m));
		break;
	default:
		sb_printf(o, "arp-#%u for %s tell %s", rd16(a + ARP_OP), t, s);
	}
}

static const char *const unreach[] = {
	"net %s unreachable", "host %s unreachable", "%s protocol %u unreachable",
	"%s udp port %u unreachable", "%s unreachable - need to frag (mtu %u)",
	"%s unreachable - source route failed", "net %s unreachable - unknown",
	"host %s unreachable - unknown", NULL, "net %s unreachable - admin prohibited",
	"host %s unreachable - admin prohibited", "net %s unreachable - tos prohibited",
	"host %s unreachable - tos prohibited", "host %s unreachable - admin prohibited filter",
};

static void fmt_icmp(struct strbuf *o, const uint8_t *ic, uint32_t n)
{
	sb_puts(o, "icmp: ");
	if (n < 4) {
		sb_puts(o, "[|icmp]");
		return;
	}
	uint8_t type = ic[0], code = ic[1];
	char a[16];
	switch (type) {
	case ICMP_ECHOREPLY:
		sb_puts(o, "echo reply");
		return;
	case ICMP_ECHO:
		sb_puts(o, "echo request");
		return;
	case ICMP_UNREACH: {
		/* the quoted header names what was unreachable */
		const uint8_t *q = ic + ICMP_HLEN;
		if (n < ICMP_HLEN + IP_HLEN_MIN || code >= sizeof unreach / sizeof unreach[0] ||
		    !unreach[code]) {
			sb_printf(o, "type-#3 code-#%u", code);
			return;
		}
		ip4_fmt(ip_dst(q), a);
		unsigned hl = ip_hlen(q);
		if (code == ICMP_UNREACH_PORT) {
			unsigned port = n >= ICMP_HLEN + hl + 4 ? rd16(q + hl + 2) : 0;
			if (q[IPH_PROTO] == IPPROTO_TCP_)
				sb_printf(o, "%s tcp port %u unreachable", a, port);
			else
				sb_printf(o, unreach[code], a, port);
		} else if (code == ICMP_UNREACH_PROTO) {
			sb_printf(o, unreach[code], a, q[IPH_PROTO]);
		} else if (code == ICMP_UNREACH_NEEDFRAG) {
			sb_printf(o, unreach[code], a, rd16(ic + 6));
		} else {
			sb_printf(o, unreach[code], a);
		}
		return;
	}
	case 4:
		sb_puts(o, "source quench");
		return;
	case 5:
		sb_printf(o, "redirect %s to host %s",
			  n >= ICMP_HLEN + IP_HLEN_MIN ? ip4_fmt(ip_dst(ic + ICMP_HLEN), a) : "?",
			  n >= 8 ? ip4_fmt(rd32(ic + 4), (char[16]){0}) : "?");
		return;
	case ICMP_TIMXCEED:
		sb_puts(o, code == 1 ? "ip reassembly time exceeded" : "time exceeded in-transit");
		return;
	case ICMP_PARAMPROB:
		sb_printf(o, "parameter problem - octet %u", n >= 5 ? ic[4] : 0);
		return;
	case 13:
		sb_puts(o, "time stamp request");
		return;
	case 14:
		sb_puts(o, "time stamp reply");
		return;
	case 15:
		sb_puts(o, "information request");
		return;
	case 16:
		sb_puts(o, "information reply");
		return;
	case 17:
		sb_puts(o, "address mask request");
		return;
	case 18:
		sb_puts(o, "address mask reply");
		return;
	default:
		sb_printf(o, "type-#%u", type);
	}
}

/* " <mss 1460,nop,wscale 7,sackOK,timestamp 1 0>" */
static void fmt_tcp_opts(struct strbuf *o, const uint8_t *p, unsigned n)
{
	if (!n)
		return;
	sb_puts(o, " <");
	bool first = true;
	for (unsigned i = 0; i < n;) {
		uint8_t kind = p[i];
		if (!first)
			sb_puts(o, ",");
		first = false;
		if (kind == 0) {
			sb_puts(o, "eol");
			break;
		}
		if (kind == 1) {
			sb_puts(o, "nop");
			i++;
			continue;
		}
		if (i + 1 >= n || p[i + 1] < 2 || i + p[i + 1] > n) {
			sb_puts(o, "[|tcp]");
			break;
		}
		unsigned len = p[i + 1];
		const uint8_t *v = p + i + 2;
		if (kind == 2 && len == 4)
			sb_printf(o, "mss %u", rd16(v));
		else if (kind == 3 && len == 3)
			sb_printf(o, "wscale %u", v[0]);
		else if (kind == 4 && len == 2)
			sb_puts(o, "sackOK");
		else if (kind == 8 && len == 10)
			sb_printf(o, "timestamp %u %u", rd32(v), rd32(v + 4));
		else if (kind == 5)
			sb_printf(o, "sack %u", (len - 2) / 8);
		else
			sb_printf(o, "opt-%u:", kind);
		i += len;
	}
	sb_puts(o, ">");
}

static void fmt_tcp(struct strbuf *o, const char *s, const char *d, const uint8_t *t, uint32_t n,
		    uint32_t seglen)
{
	if (n < TCP_HLEN_MIN) {
		sb_printf(o, "%s > %s: [|tcp]", s, d);
		return;
	}
	uint8_t fl = t[13];
	unsigned off = (unsigned)(t[12] >> 4) * 4;
	uint32_t seq = rd32(t + 4), ack = rd32(t + 8);
	uint32_t plen = seglen > off ? seglen - off : 0;
	sb_printf(o, "%s.%u > %s.%u: ", s, rd16(t), d, rd16(t + 2));
	char flags[8], *f = flags;
	if (fl & 0x02)
		*f++ = 'S';
	if (fl & 0x01)
		*f++ = 'F';
	if (fl & 0x04)
		*f++ = 'R';
	if (fl & 0x08)
		*f++ = 'P';
	if (f == flags)
		*f++ = '.';
	*f = '\0';
	sb_puts(o, flags);
	if ((fl & 0x07) || plen)
		sb_printf(o, " %u:%u(%u)", seq, seq + plen, plen);
	if (fl & 0x10)
		sb_printf(o, " ack %u", ack);
	sb_printf(o, " win %u", rd16(t + 14));
	if (fl & 0x20)
		sb_printf(o, " urg %u", rd16(t + 18));
	if (off > TCP_HLEN_MIN && off <= n)
		fmt_tcp_opts(o, t + TCP_HLEN_MIN, off - TCP_HLEN_MIN);
}

static void fmt_ip(struct strbuf *o, const uint8_t *ip, uint32_t n, bool detail)
{
	if (n < IP_HLEN_MIN || ip_hlen(ip) < IP_HLEN_MIN || ip_hlen(ip) > n) {
		sb_puts(o, "[|ip]");
		return;
	}
	char s[16], d[16];
	ip4_fmt(ip_src(ip), s);
	ip4_fmt(ip_dst(ip), d);
	unsigned hl = ip_hlen(ip);
	uint32_t tot = rd16(ip + IPH_LEN);
	uint32_t paylen = tot > hl ? tot - hl : 0;
	const uint8_t *l4 = ip + hl;
	uint32_t l4n = n - hl < paylen ? n - hl : paylen;
	uint16_t frag = rd16(ip + IPH_FRAG);
	unsigned off = (unsigned)(frag & IPH_OFFMASK) * 8;
	if (off) {
		sb_printf(o, "%s > %s: (frag %u:%u@%u%s)", s, d, rd16(ip + IPH_ID), paylen, off,
			  frag & IPH_MF ? "+" : "");
	} else {
		switch (ip[IPH_PROTO]) {
		case IPPROTO_TCP_:
			fmt_tcp(o, s, d, l4, l4n, paylen);
			break;
		case IPPROTO_UDP_:
			if (l4n < UDP_HLEN)
				sb_printf(o, "%s > %s: [|udp]", s, d);
			else
				sb_printf(o, "%s.%u > %s.%u:  udp %u", s, rd16(l4), d, rd16(l4 + 2),
					  rd16(l4 + 4) >= UDP_HLEN ? rd16(l4 + 4) - UDP_HLEN : 0);
			break;
		case IPPROTO_ICMP_:
			sb_printf(o, "%s > %s: ", s, d);
			fmt_icmp(o, l4, l4n);
			break;
		default:
			sb_printf(o, "%s > %s:  ip-proto-%u %u", s, d, ip[IPH_PROTO], paylen);
		}
		if (frag & IPH_MF)
			sb_printf(o, " (frag %u:%u@0+)", rd16(ip + IPH_ID), paylen);
	}
	if (detail) {
		if (frag & IPH_DF)
			sb_puts(o, " (DF)");
		sb_printf(o, " (ttl %u, id %u)", ip[IPH_TTL], rd16(ip + IPH_ID));
	}
}

void cap_fmt_frame(struct strbuf *out, const uint8_t *f, uint32_t caplen, uint32_t len,
		   bool detail)
{
	if (caplen < ETH_HLEN_) {
		sb_puts(out, "[|ether]");
		return;
	}
	char a[16], b[16];
	uint32_t off = 12;
	unsigned type = rd16(f + off);
	if (detail)
		sb_printf(out, "%s %s 0x%04x Length: %u\n      ", mac(f + 6, a), mac(f, b), type, len);
	while ((type == ETHERTYPE_VLAN || type == 0x88a8) && off + 6 <= caplen) {
		unsigned tci = rd16(f + off + 2);
		sb_printf(out, "802.1Q vlan#%u P%u ", tci & 0x0fff, tci >> 13);
		off += VLAN_HLEN_;
		type = rd16(f + off);
	}
	off += 2;
	const uint8_t *p = f + off;
	uint32_t n = caplen > off ? caplen - off : 0;
	switch (type) {
	case ETHERTYPE_IP:
		fmt_ip(out, p, n, detail);
		break;
	case ETHERTYPE_ARP:
		fmt_arp(out, p, n);
		break;
	default:
		if (detail)
			sb_printf(out, "type 0x%04x, length %u", type, len);
		else
			sb_printf(out, "%s %s 0x%04x Length: %u", mac(f + 6, a), mac(f, b), type, len);
	}
}

void cap_fmt_dump(struct strbuf *out, const uint8_t *f, uint32_t caplen)
{
	for (uint32_t i = 0; i < caplen; i += 16) {
		sb_printf(out, "0x%04x\t ", i);
		char ascii[17];
		uint32_t j = 0;
		for (; j < 16 && i + j < caplen; j++) {
			sb_printf(out, "%02x", f[i + j]);
			if (j & 1)
				sb_puts(out, " ");
			uint8_t c = f[i + j];
			ascii[j] = c >= 32 && c < 127 ? (char)c : '.';
		}
		ascii[j] = '\0';
		for (; j < 16; j++)
			sb_puts(out, j & 1 ? "   " : "  ");
		sb_printf(out, "\t%s\n", ascii);
	}
}

void cap_fmt_time(char buf[24], uint64_t ts_us)
{
	/* the box's clock: "clock set" moves it from the host's, the
	 * timezone and summer time apply as in show clock */
	struct timespec box, host;
	mgmt_now(&box);
	clock_gettime(CLOCK_REALTIME, &host);
	long long skew = (long long)(box.tv_sec - host.tv_sec);
	long long sec = (long long)(ts_us / 1000000u) + skew;
	const char *zone;
	long long local = sec + mgmt_utc_offset((time_t)sec, &zone);
	long long sod = ((local % 86400) + 86400) % 86400;
	snprintf(buf, 24, "%02d:%02d:%02d.%06u", (int)(sod / 3600), (int)(sod / 60 % 60),
		 (int)(sod % 60), (unsigned)(ts_us % 1000000u));
}
