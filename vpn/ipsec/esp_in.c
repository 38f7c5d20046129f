/*
 * esp_in.c — inbound ESP: IP protocol 50 to the box and UDP 4500 (RFC
 * 3948: one 0xFF byte = NAT keepalive, four zero bytes = IKE behind the
 * non-ESP marker, anything else = ESP in UDP).
 *
 *   SPI -> pair (O(1)); outer addresses must be the pair's endpoints (a
 *   NAT-T peer's port may move: NAT rebinding, learnt after the ICV)
 *   esp_decap: replay pre-check, ICV, window update, decrypt, padding
 *   transport mode: the IPv4 header is rebuilt around the payload (with
 *   UDP encapsulation the inner TCP checksum is recomputed and the UDP
 *   checksum zeroed, RFC 3948 3.1.2, since NAT changed the addresses it
 *   covered); tunnel mode: the inner IPv4 packet
 *   the selectors must cover the inner packet (else ipsec-spoof)
 *   -> ip_input on the receiving interface with p->ipsec_sa set: traffic
 *   to the box reaches its handlers (L2TP on UDP 1701), the rest is
 *   forwarded (sysopt connection permit-vpn lets it bypass the interface
 *   access list, in fw_flow.c)
 *
 * Drops are counted under the ASA's asp drop names; 402114 (invalid SPI),
 * 402116 (selector mismatch), 402119 (anti-replay) and 402120 (ICV) are
 * rate-limited to one message per 5 seconds each, as the ASA does.
 */
#include <stdio.h>
#include <string.h>

#include "dataplane/dp.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "vpn/ipsec/esp_path.h"
#include "vpn/ipsec/ipsec_debug.h"
#include "vpn/ipsec/sad_int.h"

#define RL_MS 5000

enum rl { RL_402114, RL_402116, RL_402119, RL_402120, RL_MAX };
static uint64_t rl_last[RL_MAX];
static bool rl_used[RL_MAX];

static bool rl_ok(enum rl r)
{
	uint64_t now = sad_now_ms();
	if (rl_used[r] && now - rl_last[r] < RL_MS)
		return false;
	rl_used[r] = true;
	rl_last[r] = now;
	return true;
}

void esp_in_reset_ratelimit(void)
{
	memset(rl_used, 0, sizeof rl_used);
}

static const char *user_of(const struct sad_pair *sp, char buf[16])
{
	return sp->prm.user[0] ? sp->prm.user : ip4_fmt(sp->prm.peer, buf);
}

static void log_bad_spi(uint32_t spi, uint32_t seq, uint32_t src, uint32_t dst)
{
	if (!rl_ok(RL_402114))
		return;
	char s[16], d[16];
	plog(LOG_WARN_, 402114,
	     "IPSEC: Received an ESP packet (SPI= 0x%08X, sequence number= 0x%X) from %s to %s "
	     "with an invalid SPI.",
	     spi, seq, ip4_fmt(src, s), ip4_fmt(dst, d));
}

static void log_sa_fail(enum rl r, const struct sad_pair *sp, uint32_t seq)
{
	if (!rl_ok(r))
		return;
	char s[16], d[16], u[16];
	plog(LOG_WARN_, r == RL_402119 ? 402119 : 402120,
	     "IPSEC: Received an ESP packet (SPI= 0x%08X, sequence number= 0x%X) from %s (user= %s) "
	     "to %s that failed %s.",
	     sp->prm.spi_in, seq, ip4_fmt(sp->prm.peer, s), user_of(sp, u),
	     ip4_fmt(sp->prm.local, d), r == RL_402119 ? "anti-replay checking" : "authentication");
}

static void sel_text(const struct ipsec_sel *s, char *buf, size_t n)
{
	char a[16], m[16];
	snprintf(buf, n, "%s/%s/%u/%u", ip4_fmt(s->addr, a), ip4_fmt(s->mask, m), s->proto,
		 s->port);
}

static void log_spoof(const struct sad_pair *sp, uint32_t seq, uint32_t isrc, uint32_t idst,
		      uint8_t proto)
{
	if (!rl_ok(RL_402116))
		return;
	char s[16], d[16], u[16], is[16], id[16], lp[64], rp[64];
	sel_text(&sp->prm.local_id, lp, sizeof lp);
	sel_text(&sp->prm.remote_id, rp, sizeof rp);
	plog(LOG_WARN_, 402116,
	     "IPSEC: Received an ESP packet (SPI= 0x%08X, sequence number= 0x%X) from %s (user= %s) "
	     "to %s.  The decapsulated inner packet doesn't match the negotiated policy in the SA.  "
	     "The packet specifies its destination as %s, its source as %s, and its protocol as "
	     "%u.  The SA specifies its local proxy as %s and its remote_proxy as %s.",
	     sp->prm.spi_in, seq, ip4_fmt(sp->prm.peer, s), user_of(sp, u),
	     ip4_fmt(sp->prm.local, d), ip4_fmt(idst, id), ip4_fmt(isrc, is), proto, lp, rp);
}

/* Ports of an inner TCP/UDP packet (0 for other protocols or when cut). */
static void l4_ports(const uint8_t *l4, size_t len, uint8_t proto, uint16_t *sp, uint16_t *dp)
{
	*sp = *dp = 0;
	if ((proto == IPPROTO_TCP_ || proto == IPPROTO_UDP_) && len >= 4) {
		*sp = rd16(l4);
		*dp = rd16(l4 + 2);
	}
}

/* Does the decrypted packet belong to the pair?  Transport mode: the outer
 * addresses are the endpoints themselves (behind NAT the proxy identity
 * may be the peer's private address), so the peer and local addresses
 * pass as well. */
static bool sel_ok(const struct sad_pair *sp, bool transport, uint32_t src, uint32_t dst,
		   uint8_t proto, uint16_t sport, uint16_t dport)
{
	const struct ipsec_sel *r = &sp->prm.remote_id, *l = &sp->prm.local_id;
	if (!sad_sel_match(r, src, proto, sport)) {
		struct ipsec_sel x = *r;
		if (!transport || src != sp->prm.peer)
			return false;
		x.addr = src;
		if (!sad_sel_match(&x, src, proto, sport))
			return false;
	}
	if (!sad_sel_match(l, dst, proto, dport)) {
		struct ipsec_sel x = *l;
		if (!transport || dst != sp->prm.local)
			return false;
		x.addr = dst;
		if (!sad_sel_match(&x, dst, proto, dport))
			return false;
	}
	return true;
}

static void set_ip_csum(uint8_t *ip)
{
	wr16(ip + IPH_CSUM, 0);
	uint16_t c = cksum(ip, IP_HLEN_MIN);
	memcpy(ip + IPH_CSUM, &c, 2);
}

/* Process the ESP message at p->data + off (len bytes); src/dst are the
 * outer addresses, sport the outer UDP source port (natt). Takes p. */
static void esp_input(struct iface *ifp, struct pkt *p, size_t off, size_t len, uint32_t src,
		      uint32_t dst, uint16_t sport, bool natt)
{
	const uint8_t *esp = p->data + off;
	uint32_t spi;
	if (!esp_peek_spi(esp, len, &spi)) {
		asp_drop(natt ? DROP_BAD_IPSEC_NATT : DROP_NP_SP_INVALID_SPI, p);
		return;
	}
	uint32_t seq = rd32(esp + 4);
	struct sad_pair *sp = sad_pair_by_spi_in(spi);
	if (!sp || sp->prm.peer != src || (sp->prm.local && sp->prm.local != dst)) {
		log_bad_spi(spi, seq, src, dst);
		asp_drop(DROP_NP_SP_INVALID_SPI, p);
		return;
	}
	if (sp->dying) {
		asp_drop(DROP_IPSEC_TUN_DOWN, p);
		return;
	}
	if (natt != sp->prm.udp_encap) {
		/* ESP in UDP for a plain SA or the other way round */
		asp_drop(DROP_BAD_IPSEC_NATT, p);
		return;
	}
	struct pkt *q = pkt_alloc();
	uint8_t *inner = q->data + IP_HLEN_MIN;
	size_t ilen = 0;
	uint8_t nh = 0;
	enum esp_status st = esp_decap(sp->in, esp, len, inner, PKT_MAX - IP_HLEN_MIN, &ilen, &nh);
	if (st != ESP_OK) {
		if (st == ESP_ERR_REPLAY)
			log_sa_fail(RL_402119, sp, seq);
		else if (st == ESP_ERR_AUTH)
			log_sa_fail(RL_402120, sp, seq);
		ipsec_dbg(10, "IPSEC: Inbound packet dropped, SPI 0x%08X, error %d", spi, (int)st);
		pkt_free(q);
		asp_drop(DROP_CTM_CRYPTO_ERROR, p);
		return;
	}
	/* authentic: a NAT-T peer's mapping may have moved (RFC 3948 §3.2) */
	if (natt && sport != sp->prm.peer_port) {
		ipsec_dbg(5, "IPSEC: NAT-T peer port of SPI 0x%08X changed from %u to %u", spi,
			  sp->prm.peer_port, sport);
		sp->prm.peer_port = sport;
	}
	uint32_t id = sp->id;
	bool transport = sp->prm.mode == ESP_TRANSPORT;
	uint32_t isrc, idst;
	uint8_t proto;
	const uint8_t *l4;
	size_t l4len;
	if (transport) {
		/* the outer header, with the payload's protocol and length */
		uint8_t *ip = q->data;
		const uint8_t *oip = p->data;
		memset(ip, 0, IP_HLEN_MIN);
		ip[IPH_VHL] = 0x45;
		ip[IPH_TOS] = oip[IPH_TOS];
		if (ilen + IP_HLEN_MIN > 65535) {
			pkt_free(q);
			asp_drop(DROP_INVALID_IP_LENGTH, p);
			return;
		}
		wr16(ip + IPH_LEN, (uint16_t)(ilen + IP_HLEN_MIN));
		wr16(ip + IPH_ID, rd16(oip + IPH_ID));
		ip[IPH_TTL] = oip[IPH_TTL];
		ip[IPH_PROTO] = nh;
		wr32(ip + IPH_SRC, src);
		wr32(ip + IPH_DST, dst);
		set_ip_csum(ip);
		q->len = (uint32_t)(ilen + IP_HLEN_MIN);
		isrc = src;
		idst = dst;
		proto = nh;
		l4 = inner;
		l4len = ilen;
		if (natt && nh == IPPROTO_UDP_ && ilen >= UDP_HLEN)
			wr16(inner + 6, 0);
		else if (natt && nh == IPPROTO_TCP_ && ilen >= 20) {
			wr16(inner + 16, 0);
			uint16_t c = cksum_l4(ip + IPH_SRC, ip + IPH_DST, IPPROTO_TCP_, inner, ilen);
			memcpy(inner + 16, &c, 2);
		}
	} else {
		if (nh != ESP_NH_IPV4 || ilen < IP_HLEN_MIN || (inner[IPH_VHL] >> 4) != 4) {
			pkt_free(q);
			asp_drop(DROP_IPSEC_SPOOF, p);
			return;
		}
		q->len = (uint32_t)(ilen + IP_HLEN_MIN);
		pkt_pull(q, IP_HLEN_MIN);
		isrc = ip_src(inner);
		idst = ip_dst(inner);
		proto = inner[IPH_PROTO];
		unsigned hl = ip_hlen(inner);
		l4 = inner + hl;
		l4len = ilen > hl ? ilen - hl : 0;
		if (ip_is_fragment(inner) && (rd16(inner + IPH_FRAG) & IPH_OFFMASK))
			l4len = 0; /* a later fragment carries no ports */
	}
	uint16_t sport_i, dport_i;
	l4_ports(l4, l4len, proto, &sport_i, &dport_i);
	if (!sel_ok(sp, transport, isrc, idst, proto, sport_i, dport_i)) {
		log_spoof(sp, seq, isrc, idst, proto);
		pkt_free(q);
		asp_drop(DROP_IPSEC_SPOOF, p);
		return;
	}
	q->ipsec_sa = id;
	q->ts_us = p->ts_us;
	q->vlan = p->vlan;
	pkt_free(p);
	sad_account(sp); /* may delete the pair: the packet was valid still */
	ip_input(ifp, q);
}

bool esp_proto_input(struct iface *ifp, struct pkt *p)
{
	const uint8_t *ip = p->data;
	unsigned hl = ip_hlen(ip);
	esp_input(ifp, p, hl, p->len - hl, ip_src(ip), ip_dst(ip), 0, false);
	return true;
}

bool esp_udp_input(struct iface *ifp, struct pkt *p, uint32_t src, uint16_t sport, uint32_t dst,
		   uint16_t dport, const uint8_t *payload, size_t len)
{
	if (len == 1 && payload[0] == 0xff) {
		asp_drop(DROP_NATT_KEEPALIVE, p);
		return true;
	}
	if (len >= 4 && !payload[0] && !payload[1] && !payload[2] && !payload[3]) {
		sad_natt_ike_fn fn = sad_natt_ike_input();
		if (fn)
			fn(src, sport, dst, dport, payload + 4, len - 4);
		pkt_free(p);
		return true;
	}
	if (len < ESP_HDR_LEN) {
		asp_drop(DROP_BAD_IPSEC_NATT, p);
		return true;
	}
	esp_input(ifp, p, (size_t)(payload - p->data), len, src, dst, sport, true);
	return true;
}
