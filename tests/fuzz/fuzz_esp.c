/*
 * fuzz_esp.c — libFuzzer harness for the inbound ESP path: a box with the
 * seed's interfaces and three SA pairs installed (transport mode for UDP
 * 1701 from 172.16.1.50, NAT-T transport from 172.16.1.51 on UDP 4500,
 * tunnel mode 10.4.4.0/24 <-> 192.168.50.0/24 with 172.16.1.52), fed
 * ESP / ESP-in-UDP packets built from the input.
 *
 * Input: records [ctl][len hi][len lo][bytes...].  ctl bits 0-1 pick the
 * pair (0 transport, 1 NAT-T, 2 tunnel, 3 a random peer and SPI); bit 2
 * set: the bytes are the inner packet, encrypted with the peer's SA so the
 * fuzzer reaches what follows a valid ICV (header rebuild, selectors,
 * local delivery and forwarding); clear: the bytes are the ESP message as
 * is (bit 3 puts the pair's SPI in front, so ICV/replay/length checks
 * run); bits 4-7 are the transport next header / NAT-T marker variants.
 *
 * Build (after `make fuzz` built build/fuzz/obj):
 *   clang -O1 -g -I. -fsanitize=fuzzer,address,undefined -o build/fuzz/fuzz_esp \
 *     tests/fuzz/fuzz_esp.c $(find build/fuzz/obj -name '*.o' ! -name main.o) \
 *     -ledit -lsqlite3 -lcrypto -lpcap
 *   build/fuzz/fuzz_esp -max_total_time=60
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/internal.h"
#include "conf/conf.h"
#include "dataplane/dp.h"
#include "dataplane/dp_int.h"
#include "dataplane/port.h"
#include "dataplane/proto.h"
#include "lib/cksum.h"
#include "lib/module.h"
#include "tests/fuzz/fuzz_box.h"
#include "vpn/ipsec/esp_path.h"
#include "vpn/ipsec/sad_int.h"

static const char *const config[] = {
	"interface Ethernet0",
	" nameif outside",
	" security-level 0",
	" ip address 172.16.1.1 255.255.255.0",
	" no shutdown",
	"interface Ethernet1",
	" nameif inside",
	" security-level 100",
	" ip address 10.4.4.1 255.255.255.0",
	" no shutdown",
	"exit",
	"route outside 0.0.0.0 0.0.0.0 172.16.1.50 1",
	"arp outside 172.16.1.50 0000.5e00.5301",
	"arp outside 172.16.1.51 0000.5e00.5302",
	"arp outside 172.16.1.52 0000.5e00.5303",
	"arp inside 10.4.4.5 0000.5e00.5304",
};

#define BOX 0xac100101u
#define NPAIRS 3

static struct iface *e0;
static struct esp_sa *peer_tx[NPAIRS];
static uint32_t spi_in[NPAIRS], peer_addr[NPAIRS] = {0xac100132u, 0xac100133u, 0xac100134u};
static bool natt_of[NPAIRS] = {false, true, false};
static uint64_t clock_ms = 1000000;

static const uint8_t key_in[64] = "0123456789abcdef0123456789abcdef0123456789abcdef";

static bool l2tp(struct iface *ifp, struct pkt *p, uint32_t src, uint16_t sport, uint32_t dst,
		 uint16_t dport, const uint8_t *payload, size_t len)
{
	(void)ifp, (void)src, (void)sport, (void)dst, (void)dport, (void)payload, (void)len;
	pkt_free(p);
	return true;
}

static void natt_ike(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		     const uint8_t *msg, size_t len)
{
	(void)src, (void)sport, (void)dst, (void)dport, (void)msg, (void)len;
}

static void install(void)
{
	for (int i = 0; i < NPAIRS; i++) {
		struct sad_params p = {0};
		p.local = BOX;
		p.peer = peer_addr[i];
		p.udp_encap = natt_of[i];
		p.local_port = p.peer_port = natt_of[i] ? 4500 : 0;
		p.mode = i == 2 ? ESP_TUNNEL : ESP_TRANSPORT;
		p.kind = i == 2 ? SAD_L2L : SAD_RA;
		if (i == 2) {
			p.local_id = (struct ipsec_sel){0x0a040400u, 0xffffff00u, 0, 0};
			p.remote_id = (struct ipsec_sel){0xc0a83200u, 0xffffff00u, 0, 0};
		} else {
			p.local_id = (struct ipsec_sel){BOX, 0xffffffffu, 17, 1701};
			p.remote_id = (struct ipsec_sel){peer_addr[i], 0xffffffffu, 17, 0};
		}
		p.cipher = i == 1 ? ESPC_AES128 : ESPC_3DES;
		p.mac = i == 1 ? ESPA_SHA1_96 : ESPA_MD5_96;
		p.spi_in = spi_in[i] = sad_spi_alloc();
		p.spi_out = 0x1000u + (uint32_t)i;
		memcpy(p.key_in, key_in, sizeof p.key_in);
		memcpy(p.key_out, key_in, sizeof p.key_out);
		snprintf(p.ifname, sizeof p.ifname, "outside");
		snprintf(p.map, sizeof p.map, "m");
		p.life_kb = 100000; /* kB lifetime runs out now and then: re-installed */
		uint32_t id;
		if (sad_add(&p, &id))
			abort();
		size_t ek = esp_cipher_keylen(p.cipher), ak = esp_auth_keylen(p.mac);
		esp_sa_free(peer_tx[i]);
		peer_tx[i] = esp_sa_new(p.spi_in, ESP_OUT, p.cipher, key_in, ek, p.mac,
					key_in + ek, ak);
	}
}

static void boot(void)
{
	fuzz_box_boot(config, sizeof config / sizeof config[0]);
	e0 = iface_find_hw("Ethernet0");
	dp_set_test_clock(clock_ms);
	sad_set_test_clock(clock_ms);
	dp_sync();
	local_udp_register(1701, l2tp);
	sad_set_natt_ike_input(natt_ike);
	install();
}

/* Wrap an ESP message (or a raw UDP 4500 payload) in IPv4 from src and
 * feed it on outside. */
static void feed(uint32_t src, bool udp, const uint8_t *msg, size_t len)
{
	if (len > 4000)
		len = 4000;
	struct pkt *p = pkt_alloc();
	uint8_t *eth = p->data, *ip = eth + 14, *l4 = ip + 20;
	memcpy(eth, e0->mac, 6);
	memset(eth + 6, 0x02, 6);
	wr16(eth + 12, ETHERTYPE_IP);
	size_t l4len = len + (udp ? 8 : 0);
	if (udp) {
		wr16(l4, 4500);
		wr16(l4 + 2, 4500);
		wr16(l4 + 4, (uint16_t)l4len);
		wr16(l4 + 6, 0);
		memcpy(l4 + 8, msg, len);
	} else {
		memcpy(l4, msg, len);
	}
	memset(ip, 0, 20);
	ip[IPH_VHL] = 0x45;
	wr16(ip + IPH_LEN, (uint16_t)(20 + l4len));
	ip[IPH_TTL] = 64;
	ip[IPH_PROTO] = udp ? IPPROTO_UDP_ : 50;
	wr32(ip + IPH_SRC, src);
	wr32(ip + IPH_DST, BOX);
	uint16_t c = cksum(ip, 20);
	memcpy(ip + IPH_CSUM, &c, 2);
	p->len = (uint32_t)(14 + 20 + l4len);
	eth_input(e0, p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool booted;
	if (!booted) {
		boot();
		booted = true;
	}
	static uint8_t esp[4200];
	while (size >= 3) {
		uint8_t ctl = data[0];
		size_t len = (size_t)data[1] << 8 | data[2];
		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		if (len > 4000)
			len = 4000;
		int k = ctl & 3;
		if (sad_count() < NPAIRS) { /* a lifetime ran out */
			sad_del_all();
			install();
		}
		if (k == 3) {
			feed(len ? 0xac100100u | data[0] : 0xac100135u, ctl & 0x10, data, len);
		} else if (ctl & 4) {
			size_t el = 0;
			uint8_t nh = k == 2 ? 4 : (ctl & 0x80 ? 6 : 17);
			if (esp_encap(peer_tx[k], data, len, k == 2 ? ESP_TUNNEL : ESP_TRANSPORT, nh,
				      esp, sizeof esp, &el) == ESP_OK)
				feed(peer_addr[k], natt_of[k], esp, el);
		} else {
			size_t off = 0;
			if (ctl & 8) {
				wr32(esp, spi_in[k]);
				off = 4;
			}
			memcpy(esp + off, data, len);
			feed(peer_addr[k], natt_of[k] || (ctl & 0x20), esp, off + len);
		}
		data += len;
		size -= len;
	}
	if (size)
		feed(peer_addr[0], false, data, size);
	return 0;
}
