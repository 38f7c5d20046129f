/*
 * test_esp_path.c — the SA database and the ESP path through the real
 * dataplane: a peer built from esp.c with the keys swapped sends ESP
 * (plain and in UDP 4500) to the box and decrypts what the box sends;
 * transport mode to a local UDP handler, tunnel mode forwarded both ways,
 * the named drops of every failure, lifetimes, acquires and the show
 * output.
 */
#include "dp_harness.h"

#include <errno.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "vpn/ipsec/esp_path.h"
#include "vpn/ipsec/ipsec_debug.h"
#include "vpn/ipsec/sad_int.h"

#define BOX 0xac100101u   /* 172.16.1.1 */
#define PEER 0xac100132u  /* 172.16.1.50 */
#define INHOST 0x0a040405u /* 10.4.4.5 */
#define RNET 0xc0a83200u  /* 192.168.50.0 */

static const uint8_t key_in[SAD_KEY_MAX] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
				   18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
				   33, 34, 35, 36, 37, 38, 39, 40};
static uint8_t key_out[SAD_KEY_MAX];

/* The peer's view: it encrypts with our inbound keys, decrypts with our
 * outbound ones. */
static struct esp_sa *peer_tx, *peer_rx;
static uint32_t pair_id;

struct hookrec {
	int soft, hard, acquire;
	uint32_t soft_id, hard_id;
	char map[32];
	unsigned long seq;
	struct ipsec_sel l, r;
};
static struct hookrec hk;

static void on_soft(uint32_t id)
{
	hk.soft++;
	hk.soft_id = id;
}
static void on_hard(uint32_t id)
{
	hk.hard++;
	hk.hard_id = id;
	assert_non_null(sad_params(id)); /* still there while the hook runs */
}
static void on_acquire(const char *map, unsigned long seq, const char *ifname,
		       const struct ipsec_sel *l, const struct ipsec_sel *r)
{
	(void)ifname;
	hk.acquire++;
	snprintf(hk.map, sizeof hk.map, "%s", map);
	hk.seq = seq;
	hk.l = *l;
	hk.r = *r;
}

static const struct sad_hooks hooks = {on_soft, on_hard, on_acquire};

static void peer_free(void)
{
	esp_sa_free(peer_tx);
	esp_sa_free(peer_rx);
	peer_tx = peer_rx = NULL;
}

static void params_init(struct sad_params *p, enum esp_mode mode, bool natt, enum esp_cipher c,
			enum esp_mac m)
{
	memset(p, 0, sizeof *p);
	p->local = BOX;
	p->peer = PEER;
	p->udp_encap = natt;
	p->local_port = natt ? 4500 : 0;
	p->peer_port = natt ? 4500 : 0;
	p->mode = mode;
	p->kind = mode == ESP_TRANSPORT ? SAD_RA : SAD_L2L;
	if (mode == ESP_TRANSPORT) {
		p->local_id = (struct ipsec_sel){BOX, 0xffffffffu, 17, 1701};
		p->remote_id = (struct ipsec_sel){PEER, 0xffffffffu, 17, 0};
	} else {
		p->local_id = (struct ipsec_sel){0x0a040400u, 0xffffff00u, 0, 0};
		p->remote_id = (struct ipsec_sel){RNET, 0xffffff00u, 0, 0};
	}
	p->cipher = c;
	p->mac = m;
	p->spi_in = sad_spi_alloc();
	p->spi_out = 0x0c0ffee0u;
	memcpy(p->key_in, key_in, sizeof key_in);
	for (size_t i = 0; i < sizeof key_out; i++)
		key_out[i] = (uint8_t)(0xa0 + i);
	memcpy(p->key_out, key_out, sizeof key_out);
	snprintf(p->ifname, sizeof p->ifname, "outside");
	snprintf(p->map, sizeof p->map, mode == ESP_TRANSPORT ? "outside_dyn_map" : "l2lmap");
	p->map_seq = mode == ESP_TRANSPORT ? 20 : 10;
	snprintf(p->group, sizeof p->group, "DefaultRAGroup");
	p->life_sec = 28800;
	p->life_kb = 4608000;
	p->ike_id = 7;
}

static void install(struct sad_params *p)
{
	assert_int_equal(sad_add(p, &pair_id), 0);
	size_t ek = esp_cipher_keylen(p->cipher), ak = esp_auth_keylen(p->mac);
	peer_free();
	peer_tx = esp_sa_new(p->spi_in, ESP_OUT, p->cipher, key_in, ek, p->mac, key_in + ek, ak);
	peer_rx = esp_sa_new(p->spi_out, ESP_IN, p->cipher, key_out, ek, p->mac, key_out + ek, ak);
	assert_non_null(peer_tx);
	assert_non_null(peer_rx);
}

static int setup(void **state)
{
	h_setup(state);
	h_conf("arp outside 172.16.1.50 0000.5e00.5301\n"
	       "arp inside 10.4.4.5 0000.5e00.5302\n"
	       "route outside 0.0.0.0 0.0.0.0 172.16.1.50\n");
	sad_set_hooks(&hooks);
	memset(&hk, 0, sizeof hk);
	sad_set_test_clock(0);
	esp_in_reset_ratelimit();
	h_show("clear asp drop");
	return 0;
}

static int teardown(void **state)
{
	sad_del_all();
	peer_free();
	sad_set_test_clock(0);
	return h_teardown(state);
}

/* ---- frames from the peer ---- */

static size_t udp_seg(uint8_t *u, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		      const char *data)
{
	size_t n = strlen(data);
	wr16(u, sport);
	wr16(u + 2, dport);
	wr16(u + 4, (uint16_t)(8 + n));
	wr16(u + 6, 0);
	memcpy(u + 8, data, n);
	uint8_t s[4], d[4];
	wr32(s, src);
	wr32(d, dst);
	uint16_t c = cksum_l4(s, d, IPPROTO_UDP_, u, 8 + n);
	memcpy(u + 6, &c, 2);
	return 8 + n;
}

/* ESP from the peer carrying `inner`, as IP proto 50 or in UDP from
 * sport to 4500. */
static size_t esp_from_peer(uint8_t *out, const uint8_t *inner, size_t ilen, enum esp_mode mode,
			    uint8_t nh, bool natt, uint16_t sport)
{
	uint8_t esp[2048];
	size_t elen;
	assert_int_equal(esp_encap(peer_tx, inner, ilen, mode, nh, esp, sizeof esp, &elen), ESP_OK);
	if (!natt)
		return h_ipv4(out, PEER, BOX, 50, 64, 9, 0, esp, elen);
	uint8_t u[2100];
	wr16(u, sport);
	wr16(u + 2, 4500);
	wr16(u + 4, (uint16_t)(8 + elen));
	wr16(u + 6, 0);
	memcpy(u + 8, esp, elen);
	return h_ipv4(out, PEER, BOX, IPPROTO_UDP_, 64, 9, 0, u, 8 + elen);
}

/* ---- a local UDP service on 1701 ---- */

static int l2tp_seen;
static uint32_t l2tp_sa;
static char l2tp_data[64];

static bool l2tp_handler(struct iface *ifp, struct pkt *p, uint32_t src, uint16_t sport,
			 uint32_t dst, uint16_t dport, const uint8_t *payload, size_t len)
{
	(void)ifp;
	(void)sport;
	(void)dport;
	assert_int_equal(src, PEER);
	assert_int_equal(dst, BOX);
	l2tp_seen++;
	l2tp_sa = p->ipsec_sa;
	snprintf(l2tp_data, sizeof l2tp_data, "%.*s", (int)len, (const char *)payload);
	pkt_free(p);
	return true;
}

/* Decrypt frame i as the peer would; returns the inner length. */
static size_t peer_decrypt(int i, uint8_t *inner, uint8_t *nh, bool natt, uint16_t *dport)
{
	uint16_t type;
	const uint8_t *ip = h_tx_l3(i, &type);
	assert_int_equal(type, ETHERTYPE_IP);
	assert_int_equal(ip_src(ip), BOX);
	assert_int_equal(ip_dst(ip), PEER);
	assert_int_equal(cksum(ip, 20), 0);
	size_t tot = rd16(ip + IPH_LEN);
	const uint8_t *esp = ip + 20;
	size_t elen = tot - 20;
	if (natt) {
		assert_int_equal(ip[IPH_PROTO], IPPROTO_UDP_);
		assert_int_equal(rd16(esp), 4500);
		if (dport)
			*dport = rd16(esp + 2);
		esp += 8;
		elen -= 8;
	} else {
		assert_int_equal(ip[IPH_PROTO], 50);
	}
	size_t ilen = 0;
	assert_int_equal(esp_decap(peer_rx, esp, elen, inner, 4096, &ilen, nh), ESP_OK);
	return ilen;
}

/* ---- tests ---- */

static void transport_in_out(void **state)
{
	(void)state;
	local_udp_register(1701, l2tp_handler);
	struct sad_params p;
	params_init(&p, ESP_TRANSPORT, false, ESPC_3DES, ESPA_MD5_96);
	install(&p);
	uint8_t u[128], b[2048];
	size_t ul = udp_seg(u, PEER, BOX, 1701, 1701, "hello l2tp");
	size_t n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	l2tp_seen = 0;
	h_feed_ip(h_e0, b, n);
	assert_int_equal(l2tp_seen, 1);
	assert_int_equal(l2tp_sa, pair_id);
	assert_string_equal(l2tp_data, "hello l2tp");
	struct esp_stats in, out;
	assert_true(sad_stats(pair_id, &in, &out));
	assert_int_equal(in.decaps, 1);
	assert_int_equal(in.verify, 1);

	/* the box answers through the SA it came in on */
	struct pkt *q = pkt_alloc();
	memcpy(q->data, "\x06\xa5\x06\xa5\x00\x0d\x00\x00reply", 13);
	q->len = 13;
	q->ipsec_sa = pair_id;
	h_tx_clear();
	assert_int_equal(ip_send(q, PEER, BOX, IPPROTO_UDP_), 0);
	assert_int_equal(h_ntx, 1);
	uint8_t inner[4096], nh;
	size_t il = peer_decrypt(0, inner, &nh, false, NULL);
	assert_int_equal(nh, 17);
	assert_int_equal(il, 13);
	assert_memory_equal(inner + 8, "reply", 5);

	/* box-originated traffic matching the selectors, without ipsec_sa */
	q = pkt_alloc();
	memcpy(q->data, "\x06\xa5\x06\xa5\x00\x0a\x00\x00xy", 10);
	q->len = 10;
	h_tx_clear();
	assert_int_equal(ip_send(q, PEER, BOX, IPPROTO_UDP_), 0);
	assert_int_equal(h_ntx, 1);
	il = peer_decrypt(0, inner, &nh, false, NULL);
	assert_int_equal(il, 10);
	/* traffic outside the selectors stays clear */
	q = pkt_alloc();
	memcpy(q->data, "\x00\x35\x00\x35\x00\x0a\x00\x00xy", 10);
	q->len = 10;
	h_tx_clear();
	assert_int_equal(ip_send(q, PEER, BOX, IPPROTO_UDP_), 0);
	assert_int_equal(h_ntx, 1);
	assert_int_equal(h_tx_l3(0, NULL)[IPH_PROTO], IPPROTO_UDP_);
	assert_true(sad_stats(pair_id, &in, &out));
	assert_int_equal(out.encaps, 2);
}

static bool ike_seen;
static void natt_ike(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		     const uint8_t *msg, size_t len)
{
	assert_int_equal(src, PEER);
	assert_int_equal(dst, BOX);
	assert_int_equal(sport, 4500);
	assert_int_equal(dport, 4500);
	assert_int_equal(len, 3);
	assert_memory_equal(msg, "IKE", 3);
	ike_seen = true;
}

static void natt_transport(void **state)
{
	(void)state;
	local_udp_register(1701, l2tp_handler);
	struct sad_params p;
	params_init(&p, ESP_TRANSPORT, true, ESPC_AES128, ESPA_SHA1_96);
	/* the client's proxy identity is its private address behind NAT */
	p.remote_id.addr = 0xc0a80002u;
	install(&p);
	uint8_t u[128], b[2048];
	/* the client computed its UDP checksum with its private address */
	size_t ul = udp_seg(u, 0xc0a80002u, BOX, 1701, 1701, "natted");
	size_t n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, true, 4500);
	l2tp_seen = 0;
	h_feed_ip(h_e0, b, n);
	assert_int_equal(l2tp_seen, 1);
	assert_string_equal(l2tp_data, "natted");

	/* NAT rebinding: the next packet comes from another port */
	n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, true, 4501);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(l2tp_seen, 2);
	assert_int_equal(sad_params(pair_id)->peer_port, 4501);
	struct pkt *q = pkt_alloc();
	memcpy(q->data, "\x06\xa5\x06\xa5\x00\x0a\x00\x00ok", 10);
	q->len = 10;
	q->ipsec_sa = pair_id;
	h_tx_clear();
	assert_int_equal(ip_send(q, PEER, BOX, IPPROTO_UDP_), 0);
	assert_int_equal(h_ntx, 1);
	uint8_t inner[4096], nh;
	uint16_t dport = 0;
	assert_int_equal(peer_decrypt(0, inner, &nh, true, &dport), 10);
	assert_int_equal(dport, 4501);

	/* keepalive and IKE behind the non-ESP marker */
	uint8_t ka[9] = {0x11, 0x94, 0x11, 0x94, 0, 9, 0, 0, 0xff};
	n = h_ipv4(b, PEER, BOX, IPPROTO_UDP_, 64, 1, 0, ka, 9);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(asp_drop_count(DROP_NATT_KEEPALIVE), 1);
	sad_set_natt_ike_input(natt_ike);
	uint8_t ik[15] = {0x11, 0x94, 0x11, 0x94, 0, 15, 0, 0, 0, 0, 0, 0, 'I', 'K', 'E'};
	n = h_ipv4(b, PEER, BOX, IPPROTO_UDP_, 64, 1, 0, ik, 15);
	ike_seen = false;
	h_feed_ip(h_e0, b, n);
	assert_true(ike_seen);
	sad_set_natt_ike_input(NULL);
	/* plain ESP for a NAT-T SA */
	n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(asp_drop_count(DROP_BAD_IPSEC_NATT), 1);
}

static size_t inner_udp_pkt(uint8_t *b, uint32_t src, uint32_t dst, const char *data)
{
	uint8_t u[256];
	size_t ul = udp_seg(u, src, dst, 5555, 53, data);
	return h_ipv4(b, src, dst, IPPROTO_UDP_, 63, 77, 0, u, ul);
}

static void tunnel_forward(void **state)
{
	(void)state;
	struct sad_params p;
	params_init(&p, ESP_TUNNEL, false, ESPC_AES128, ESPA_SHA1_96);
	install(&p);
	uint8_t in[512], b[2048];
	size_t il = inner_udp_pkt(in, RNET + 7, INHOST, "query");
	size_t n = esp_from_peer(b, in, il, ESP_TUNNEL, 4, false, 0);
	h_tx_clear();
	h_feed_ip(h_e0, b, n);
	/* decrypted, past the outside (no access-group: permit-vpn), out inside */
	assert_int_equal(h_ntx, 1);
	assert_ptr_equal(h_txif[0], h_e1);
	const uint8_t *ip = h_tx_l3(0, NULL);
	assert_int_equal(ip_src(ip), RNET + 7);
	assert_int_equal(ip_dst(ip), INHOST);
	assert_memory_equal(ip + 28, "query", 5);

	/* the answer from inside leaves encrypted towards the peer */
	uint8_t r[512];
	uint8_t u[64];
	size_t ul = udp_seg(u, INHOST, RNET + 7, 53, 5555, "answer");
	size_t rl = h_ipv4(r, INHOST, RNET + 7, IPPROTO_UDP_, 64, 5, IPH_DF, u, ul);
	h_tx_clear();
	h_feed_ip(h_e1, r, rl);
	assert_int_equal(h_ntx, 1);
	assert_ptr_equal(h_txif[0], h_e0);
	ip = h_tx_l3(0, NULL);
	assert_int_equal(ip[IPH_TTL], 64);
	assert_true(rd16(ip + IPH_FRAG) & IPH_DF); /* copy-df */
	uint8_t inner[4096], nh;
	size_t dl = peer_decrypt(0, inner, &nh, false, NULL);
	assert_int_equal(nh, 4);
	assert_int_equal(dl, rl);
	assert_memory_equal(inner, r, rl);

	/* clear-df: a big packet is fragmented after encryption */
	h_conf("crypto ipsec df-bit clear-df outside");
	uint8_t big[1600];
	memset(big, 'x', sizeof big);
	uint8_t bu[1500];
	memcpy(bu, "\x00\x35\x15\xb3\x05\xb4\x00\x00", 8);
	memset(bu + 8, 'y', 1452 - 8);
	wr16(bu + 4, 1452);
	rl = h_ipv4(big, INHOST, RNET + 7, IPPROTO_UDP_, 64, 6, IPH_DF, bu, 1452);
	assert_int_equal(rl, 1472);
	h_tx_clear();
	h_feed_ip(h_e1, big, rl);
	assert_int_equal(h_ntx, 2);
	assert_int_equal(sad_pair(pair_id)->frag_ok, 1);
	assert_int_equal(sad_pair(pair_id)->frags_created, 2);
	h_conf("no crypto ipsec df-bit clear-df outside");

	/* copy-df with DF set: the sender learns the MTU left after ESP */
	h_tx_clear();
	h_feed_ip(h_e1, big, rl);
	assert_int_equal(h_ntx, 1);
	assert_ptr_equal(h_txif[0], h_e1);
	ip = h_tx_l3(0, NULL);
	assert_int_equal(ip[IPH_PROTO], IPPROTO_ICMP_);
	assert_int_equal(ip[20], 3);
	assert_int_equal(ip[21], 4);
	assert_int_equal(rd16(ip + 26), 1500 - esp_overhead(sad_pair(pair_id)));
	assert_int_equal(sad_pair(pair_id)->pmtu_sent, 1);

	/* a spoofed inner source */
	il = inner_udp_pkt(in, 0x0b000001u, INHOST, "spoof");
	n = esp_from_peer(b, in, il, ESP_TUNNEL, 4, false, 0);
	h_tx_clear();
	h_feed_ip(h_e0, b, n);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(asp_drop_count(DROP_IPSEC_SPOOF), 1);
}

/* ESP with the pad bytes wrong but a valid ICV, built by hand. */
static size_t bad_pad_esp(uint8_t *out, const struct sad_params *p, uint32_t seq)
{
	uint8_t iv[8] = {9, 9, 9, 9, 9, 9, 9, 9};
	uint8_t body[16] = {'a', 'b', 'c', 'd', 'e', 'f', 1, 2, 3, 4, 5, 6, 7, 9 /* not 8 */, 0,
			    17};
	body[14] = 8; /* pad length: bytes 6..13 */
	wr32(out, p->spi_in);
	wr32(out + 4, seq);
	memcpy(out + 8, iv, 8);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int ol = 0;
	assert_int_equal(EVP_EncryptInit_ex(c, EVP_des_ede3_cbc(), NULL, key_in, iv), 1);
	EVP_CIPHER_CTX_set_padding(c, 0);
	assert_int_equal(EVP_EncryptUpdate(c, out + 16, &ol, body, 16), 1);
	EVP_CIPHER_CTX_free(c);
	unsigned ml = 0;
	uint8_t mac[20];
	HMAC(EVP_md5(), key_in + 24, 16, out, 32, mac, &ml);
	memcpy(out + 32, mac, 12);
	return 44;
}

static void failures(void **state)
{
	(void)state;
	local_udp_register(1701, l2tp_handler);
	struct sad_params p;
	params_init(&p, ESP_TRANSPORT, false, ESPC_3DES, ESPA_MD5_96);
	install(&p);
	uint8_t u[128], b[2048];
	size_t ul = udp_seg(u, PEER, BOX, 1701, 1701, "once");
	size_t n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	l2tp_seen = 0;
	h_feed_ip(h_e0, b, n);
	h_feed_ip(h_e0, b, n); /* replayed */
	assert_int_equal(l2tp_seen, 1);
	struct esp_stats in;
	sad_stats(pair_id, &in, NULL);
	assert_int_equal(in.replay_err, 1);
	assert_int_equal(asp_drop_count(DROP_CTM_CRYPTO_ERROR), 1);

	n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	b[n - 1] ^= 0x40; /* ICV */
	h_feed_ip(h_e0, b, n);
	sad_stats(pair_id, &in, NULL);
	assert_int_equal(in.auth_err, 1);
	assert_int_equal(asp_drop_count(DROP_CTM_CRYPTO_ERROR), 2);

	uint8_t esp[64];
	size_t el = bad_pad_esp(esp, &p, 1000);
	n = h_ipv4(b, PEER, BOX, 50, 64, 1, 0, esp, el);
	h_feed_ip(h_e0, b, n);
	sad_stats(pair_id, &in, NULL);
	assert_int_equal(in.pad_err, 1);
	assert_int_equal(asp_drop_count(DROP_CTM_CRYPTO_ERROR), 3);
	peer_tx->seq = 1000; /* the window moved past the hand-made packet */

	/* truncated: SPI known, too short for a block */
	n = h_ipv4(b, PEER, BOX, 50, 64, 1, 0, esp, 20);
	h_feed_ip(h_e0, b, n);
	sad_stats(pair_id, &in, NULL);
	assert_int_equal(in.invalid_err, 1);
	/* too short for an SPI; unknown SPI; right SPI from another address */
	n = h_ipv4(b, PEER, BOX, 50, 64, 1, 0, esp, 6);
	h_feed_ip(h_e0, b, n);
	wr32(esp, 0x12345678);
	n = h_ipv4(b, PEER, BOX, 50, 64, 1, 0, esp, 44);
	h_feed_ip(h_e0, b, n);
	n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	wr32(b + IPH_SRC, 0xac100133u);
	wr16(b + IPH_CSUM, 0);
	uint16_t c = cksum(b, 20);
	memcpy(b + IPH_CSUM, &c, 2);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(asp_drop_count(DROP_NP_SP_INVALID_SPI), 3);
	assert_int_equal(l2tp_seen, 1);

	/* a selector mismatch: transport pair for UDP 1701 carrying UDP 53 */
	ul = udp_seg(u, PEER, BOX, 1701, 53, "dns");
	n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(asp_drop_count(DROP_IPSEC_SPOOF), 1);
	char *s = h_show("show asp drop");
	assert_non_null(strstr(s, "Invalid SPI (np-sp-invalid-spi)"));
	assert_non_null(strstr(s, "CTM crypto request error (ctm-crypto-request-error)"));
}

static void lifetimes(void **state)
{
	(void)state;
	sad_set_test_clock(1000);
	struct sad_params p;
	params_init(&p, ESP_TRANSPORT, false, ESPC_3DES, ESPA_MD5_96);
	p.life_sec = 100;
	install(&p);
	uint32_t id = pair_id;
	assert_int_equal(sad_remaining_sec(sad_pair(id)), 100);
	sad_set_test_clock(1000 + 89000);
	sad_tick();
	assert_int_equal(hk.soft, 0);
	sad_set_test_clock(1000 + 90000);
	sad_tick();
	assert_int_equal(hk.soft, 1);
	assert_int_equal(hk.soft_id, id);
	sad_tick();
	assert_int_equal(hk.soft, 1);
	sad_set_test_clock(1000 + 100000);
	sad_tick();
	assert_int_equal(hk.hard, 1);
	assert_int_equal(hk.hard_id, id);
	assert_null(sad_params(id));
	assert_int_equal(sad_count(), 0);

	/* kilobytes: 10 kB, soft after 9216 bytes, hard at 10240 */
	local_udp_register(1701, l2tp_handler);
	memset(&hk, 0, sizeof hk);
	params_init(&p, ESP_TRANSPORT, false, ESPC_3DES, ESPA_MD5_96);
	p.life_kb = 10;
	install(&p);
	id = pair_id;
	char data[1000];
	memset(data, 'k', 991);
	data[991] = 0;
	uint8_t u[1100], b[2048];
	size_t ul = udp_seg(u, PEER, BOX, 1701, 1701, data); /* 999 bytes */
	for (int i = 0; i < 9; i++) {
		size_t n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
		h_feed_ip(h_e0, b, n);
	}
	assert_int_equal(hk.soft, 0);
	size_t n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(hk.soft, 1);
	n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(hk.hard, 1);
	assert_null(sad_params(id));
	/* packets for the deleted SA: invalid SPI */
	n = esp_from_peer(b, u, ul, ESP_TRANSPORT, 17, false, 0);
	h_feed_ip(h_e0, b, n);
	assert_int_equal(asp_drop_count(DROP_NP_SP_INVALID_SPI), 1);
}

static void sad_table(void **state)
{
	(void)state;
	/* SPIs: distinct, >= 256, never reused */
	enum { N = 20000 };
	uint32_t *v = calloc(N, sizeof *v);
	for (int i = 0; i < N; i++) {
		v[i] = sad_spi_alloc();
		assert_true(v[i] >= 256);
	}
	for (int i = 0; i < N; i++)
		sad_spi_release(v[i]);
	/* sorted check of uniqueness */
	for (int i = 1; i < N; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (int i = 1; i < N; i++)
		assert_true(v[i] != v[i - 1]);
	free(v);

	struct sad_params p;
	params_init(&p, ESP_TRANSPORT, false, ESPC_3DES, ESPA_MD5_96);
	install(&p);
	uint32_t a = pair_id;
	assert_int_equal(sad_add(&p, &pair_id), -EEXIST); /* same inbound SPI */
	struct sad_params q = p;
	q.spi_in = sad_spi_alloc();
	q.cipher = 99; /* nonsense */
	assert_int_equal(sad_add(&q, &pair_id), -EINVAL);
	params_init(&q, ESP_TUNNEL, false, ESPC_AES256, ESPA_SHA1_96);
	q.peer = 0xac100133u;
	install(&q);
	uint32_t b = pair_id;
	assert_int_equal(sad_by_spi_in(p.spi_in), a);
	assert_int_equal(sad_by_spi_in(q.spi_in), b);
	const struct sad_params *r = sad_params(a);
	for (size_t i = 0; i < sizeof r->key_in; i++)
		assert_int_equal(r->key_in[i] | r->key_out[i], 0); /* keys not kept here */
	size_t it = 0;
	assert_int_equal(sad_next(&it), a);
	assert_int_equal(sad_next(&it), b);
	assert_int_equal(sad_next(&it), 0);
	assert_true(sad_del(a, "test"));
	assert_false(sad_del(a, "test"));
	assert_int_equal(sad_by_spi_in(p.spi_in), 0);
	assert_int_equal(sad_count(), 1);
	assert_int_equal(sad_del_peer(0xac100133u), 1);
	assert_int_equal(sad_count(), 0);
	params_init(&p, ESP_TRANSPORT, false, ESPC_3DES, ESPA_MD5_96);
	install(&p);
	assert_int_equal(sad_del_ike(7), 1);
}

static void acquire(void **state)
{
	(void)state;
	h_conf("access-list l2l extended permit ip 10.4.4.0 255.255.255.0 192.168.60.0 "
	       "255.255.255.0\n"
	       "crypto map l2lmap 10 match address l2l\n"
	       "crypto map l2lmap 10 set peer 172.16.1.60\n"
	       "crypto map l2lmap interface outside\n");
	uint8_t u[64], r[256];
	size_t ul = udp_seg(u, INHOST, 0xc0a83c09u, 53, 5555, "x");
	size_t rl = h_ipv4(r, INHOST, 0xc0a83c09u, IPPROTO_UDP_, 64, 5, 0, u, ul);
	h_tx_clear();
	h_feed_ip(h_e1, r, rl);
	assert_int_equal(h_ntx, 0);
	assert_int_equal(hk.acquire, 1);
	assert_string_equal(hk.map, "l2lmap");
	assert_int_equal(hk.seq, 10);
	assert_int_equal(hk.l.addr, 0x0a040400u);
	assert_int_equal(hk.l.mask, 0xffffff00u);
	assert_int_equal(hk.r.addr, 0xc0a83c00u);
	assert_int_equal(asp_drop_count(DROP_IPSEC_NEED_SA), 1);
	/* traffic the list does not permit goes out in the clear */
	ul = udp_seg(u, INHOST, 0xc0a83d09u, 53, 5555, "x");
	rl = h_ipv4(r, INHOST, 0xc0a83d09u, IPPROTO_UDP_, 64, 5, 0, u, ul);
	h_feed_ip(h_e1, r, rl);
	assert_int_equal(h_ntx, 1);
	assert_int_equal(hk.acquire, 1);
	h_conf("no crypto map l2lmap interface outside\nclear configure crypto map\n"
	       "clear configure access-list l2l");
}

static void show_output(void **state)
{
	(void)state;
	assert_string_equal(h_show("show crypto ipsec sa"), "There are no ipsec sas\n");
	struct sad_params p;
	params_init(&p, ESP_TRANSPORT, false, ESPC_3DES, ESPA_MD5_96);
	p.spi_in = 0xd4b15d18u; /* not from sad_spi_alloc: fixed for the text */
	p.spi_out = 0xc16f3e1cu;
	p.life_sec = 3600;
	sad_set_test_clock(5000);
	install(&p);
	char *s = h_show("show crypto ipsec sa");
	const char *want =
		"interface: outside\n"
		"    Crypto map tag: outside_dyn_map, seq num: 20, local addr: 172.16.1.1\n"
		"\n"
		"      local ident (addr/mask/prot/port): (172.16.1.1/255.255.255.255/17/1701)\n"
		"      remote ident (addr/mask/prot/port): (172.16.1.50/255.255.255.255/17/0)\n"
		"      current_peer: 172.16.1.50\n"
		"\n"
		"      #pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0\n"
		"      #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0\n"
		"      #pkts compressed: 0, #pkts decompressed: 0\n"
		"      #pkts not compressed: 0, #pkts comp failed: 0, #pkts decomp failed: 0\n"
		"      #post-frag successes: 0, #post-frag failures: 0, #fragments created: 0\n"
		"      #PMTUs sent: 0, #PMTUs rcvd: 0, #decapsulated frgs needing reassembly: 0\n"
		"      #send errors: 0, #recv errors: 0\n"
		"\n"
		"      local crypto endpt.: 172.16.1.1, remote crypto endpt.: 172.16.1.50\n"
		"\n"
		"      path mtu 1500, ipsec overhead 58, media mtu 1500\n"
		"      current outbound spi: C16F3E1C\n"
		"\n"
		"    inbound esp sas:\n"
		"      spi: 0xD4B15D18 (3568393496)\n"
		"         transform: esp-3des esp-md5-hmac\n"
		"         in use settings ={RA, Transport, }\n"
		"         slot: 0, conn_id: %u, crypto-map: outside_dyn_map\n"
		"         sa timing: remaining key lifetime (sec): 3600\n"
		"         IV size: 8 bytes\n"
		"         replay detection support: Y\n"
		"    outbound esp sas:\n"
		"      spi: 0xC16F3E1C (3245293084)\n"
		"         transform: esp-3des esp-md5-hmac\n"
		"         in use settings ={RA, Transport, }\n"
		"         slot: 0, conn_id: %u, crypto-map: outside_dyn_map\n"
		"         sa timing: remaining key lifetime (sec): 3600\n"
		"         IV size: 8 bytes\n"
		"         replay detection support: Y\n"
		"\n";
	char exp[4096];
	snprintf(exp, sizeof exp, want, pair_id, pair_id);
	assert_string_equal(s, exp);
	assert_string_equal(h_show("show crypto ipsec sa peer 10.9.9.9"), "There are no ipsec sas\n");
	s = h_show("show crypto ipsec sa peer 172.16.1.50 detail");
	assert_non_null(strstr(s, "#pkts replay failed (rcv): 0\n"));
	h_show("clear crypto ipsec sa peer 10.9.9.9");
	assert_int_equal(sad_count(), 1);
	h_show("clear crypto ipsec sa peer 172.16.1.50");
	assert_int_equal(sad_count(), 0);
}

static char dbg[8192];
static void dbg_writer(const char *line)
{
	strncat(dbg, line, sizeof dbg - strlen(dbg) - 2);
	strcat(dbg, "\n");
}

static void debug_lines(void **state)
{
	(void)state;
	ipsec_debug_set_writer(dbg_writer);
	dbg[0] = 0;
	cli_leave_config(h_cli); /* an EXEC command */
	h_show("debug crypto ipsec 7");
	assert_int_equal(ipsec_debug_level(), 7);
	struct sad_params p;
	params_init(&p, ESP_TRANSPORT, false, ESPC_3DES, ESPA_MD5_96);
	install(&p);
	assert_non_null(strstr(dbg, "IPSEC: New embryonic SA created @ 0x"));
	assert_non_null(strstr(dbg, "IPSEC: Completed host IBSA update, SPI 0x"));
	h_show("no debug crypto ipsec");
	assert_int_equal(ipsec_debug_level(), 0);
	h_show("debug crypto ipsec");
	assert_int_equal(ipsec_debug_level(), 1);
	h_show("undebug crypto ipsec");
	assert_int_equal(ipsec_debug_level(), 0);
	cli_enter(h_cli, cli_mode_config(), "", 0);
	ipsec_debug_set_writer(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(transport_in_out, setup, teardown),
		cmocka_unit_test_setup_teardown(natt_transport, setup, teardown),
		cmocka_unit_test_setup_teardown(tunnel_forward, setup, teardown),
		cmocka_unit_test_setup_teardown(failures, setup, teardown),
		cmocka_unit_test_setup_teardown(lifetimes, setup, teardown),
		cmocka_unit_test_setup_teardown(sad_table, setup, teardown),
		cmocka_unit_test_setup_teardown(acquire, setup, teardown),
		cmocka_unit_test_setup_teardown(show_output, setup, teardown),
		cmocka_unit_test_setup_teardown(debug_lines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
