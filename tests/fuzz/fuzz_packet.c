/*
 * fuzz_packet.c — libFuzzer harness for the packet path: frames go to
 * eth_input of a box with the seed's interfaces (outside 172.16.1.1/24 on
 * Ethernet0, inside 10.4.4.1/24 on Ethernet1, dmz 192.168.10.1/24 on
 * Ethernet1.10), fake ports that swallow what is sent, a default route,
 * static ARP and icmp rules — so input reaches ARP, IP checks,
 * reassembly, ICMP to the box, local UDP, and the firewall when fw.c is
 * linked in.
 *
 * Input: a sequence of records [flags][len hi][len lo][frame...]; flags bit
 * 0 picks the port, bits 1-3 advance the clock (0-7 seconds) before the
 * frame, so fragments time out and ARP retries run.  A short tail is one
 * frame on Ethernet0.
 *
 * Build and run (clang), after `make fuzz` has built the instrumented
 * objects in build/fuzz/obj:
 *   clang -O1 -g -I. -fsanitize=fuzzer,address,undefined \
 *     -o build/fuzz/fuzz_packet tests/fuzz/fuzz_packet.c \
 *     $(find build/fuzz/obj -name '*.o' ! -name main.o) -ledit -lsqlite3 -lcrypto
 *   build/fuzz/fuzz_packet -max_total_time=300 tests/fuzz/corpus-packet
 * tests/unit/test_dp_fuzz_corpus.c replays the corpus (and random frames)
 * through the same function in `make test`, without libFuzzer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/internal.h"
#include "conf/conf.h"
#include "dataplane/dp.h"
#include "dataplane/dp_int.h"
#include "dataplane/port.h"
#include "lib/module.h"
#include "tests/fuzz/fuzz_box.h"

/* The firewall may not be linked in yet (only in this harness). */
void fw_forward(struct iface *in, struct pkt *p) __attribute__((weak));
void fw_forward(struct iface *in, struct pkt *p)
{
	(void)in;
	pkt_free(p);
}

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
	"interface Ethernet1.10",
	" vlan 10",
	" nameif dmz",
	" security-level 50",
	" ip address 192.168.10.1 255.255.255.0",
	"exit",
	"route outside 0.0.0.0 0.0.0.0 172.16.1.2 1",
	"route inside 10.0.0.0 255.0.0.0 10.4.4.2 1",
	"arp outside 172.16.1.2 0000.5e00.5301",
	"arp outside 172.16.1.50 0011.2233.4455 alias",
	"icmp deny any echo-reply dmz",
	"icmp permit any dmz",
	"mtu dmz 576",
};

static struct iface *e0, *e1;
static uint64_t clock_ms = 1000000;

static void boot(void)
{
	fuzz_box_boot(config, sizeof config / sizeof config[0]);
	e0 = iface_find_hw("Ethernet0");
	e1 = iface_find_hw("Ethernet1");
	dp_set_test_clock(clock_ms);
	dp_sync();
}

static void frame(int port, const uint8_t *data, size_t len)
{
	if (len > PKT_MAX)
		len = PKT_MAX;
	struct pkt *p = pkt_alloc();
	memcpy(p->data, data, len);
	p->len = (uint32_t)len;
	eth_input(port ? e1 : e0, p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool booted;
	static unsigned runs;
	if (!booted) {
		boot();
		booted = true;
	}
	while (size >= 3) {
		uint8_t flags = data[0];
		size_t len = (size_t)data[1] << 8 | data[2];
		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		if (flags & 0x0e) {
			clock_ms += (uint64_t)((flags >> 1) & 7) * 1000u;
			dp_set_test_clock(clock_ms);
			frag_expire(clock_ms);
			arp_tick(clock_ms);
		}
		frame(flags & 1, data, len);
		data += len;
		size -= len;
	}
	if (size)
		frame(0, data, size);
	/* bounded state between runs */
	if (++runs % 256 == 0) {
		frag_flush();
		arp_cache_flush();
	}
	return 0;
}
