/*
 * ipsec_debug.c — `debug crypto ipsec` output (see ipsec_debug.h).  The SA
 * creation block follows the 7.x layout: "IPSEC: New embryonic SA created
 * @ 0x...," and its indented fields, then the inbound SA update, the
 * outbound context and the permit rule with the selectors.
 */
#include "vpn/ipsec/ipsec_debug.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/debug.h"
#include "lib/ip4.h"
#include "vpn/ipsec/sad_int.h"

static struct debug_flag flag = {"crypto ipsec", 0};
static ipsec_debug_writer writer;

int ipsec_debug_level(void)
{
	return (int)flag.level;
}

void ipsec_debug_set_level(int l)
{
	flag.level = l < 0 ? 0 : l > 255 ? 255 : (unsigned)l;
	debug_register(&flag);
}

void ipsec_debug_set_writer(ipsec_debug_writer w)
{
	writer = w;
}

static void out(const char *line)
{
	if (writer) {
		writer(line);
		return;
	}
	debug_line(line);
}

void ipsec_dbg(int lvl, const char *fmt, ...)
{
	if (!debug_on(&flag, (unsigned)lvl))
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	out(buf);
}

/* A stable pseudo-address for the "@ 0x..." fields. */
static unsigned handle(const void *p, unsigned salt)
{
	return (unsigned)(((uintptr_t)p >> 4) * 2654435761u + salt) & 0x0ffffff8u;
}

static void ports(const char *name, uint16_t port)
{
	ipsec_dbg(1, "    %s", name);
	ipsec_dbg(1, "      Upper: %u", port ? port : 65535u);
	ipsec_dbg(1, "      Lower: %u", port);
	ipsec_dbg(1, "      Op   : %s", port ? "equal" : "ignore");
}

void ipsec_debug_sa_created(const struct sad_pair *sp)
{
	if (!flag.level)
		return;
	const struct sad_params *p = &sp->prm;
	char a[16], m[16];
	ipsec_dbg(1, "IPSEC: New embryonic SA created @ 0x%08X, ", handle(sp, 0));
	ipsec_dbg(1, "    SCB: 0x%08X, ", handle(sp, 0x40));
	ipsec_dbg(1, "    Direction: inbound");
	ipsec_dbg(1, "    SPI      : 0x%08X", p->spi_in);
	ipsec_dbg(1, "    Session ID: 0x%08X", p->ike_id);
	ipsec_dbg(1, "    VPIF num  : 0x%08X", sp->id);
	ipsec_dbg(1, "    Tunnel type: %s", p->kind == SAD_L2L ? "l2l" : "ra");
	ipsec_dbg(1, "    Protocol   : esp");
	ipsec_dbg(1, "    Lifetime   : %lu seconds", p->life_sec);
	ipsec_dbg(1, "IPSEC: Completed host IBSA update, SPI 0x%08X", p->spi_in);
	ipsec_dbg(1, "IPSEC: Creating outbound VPN context, SPI 0x%08X", p->spi_out);
	ipsec_dbg(1, "    Flags: 0x%08X", p->mode == ESP_TUNNEL ? 0x25u : 0x05u);
	ipsec_dbg(1, "    SA   : 0x%08X", handle(sp, 0x80));
	ipsec_dbg(1, "    SPI  : 0x%08X", p->spi_out);
	ipsec_dbg(1, "    MTU  : 1500 bytes");
	ipsec_dbg(1, "    VCID : 0x00000000");
	ipsec_dbg(1, "    Peer : 0x00000000");
	ipsec_dbg(1, "    SCB  : 0x%08X", handle(sp, 0xc0));
	ipsec_dbg(1, "    Channel: 0x%08X", handle(sp, 0x100));
	ipsec_dbg(1, "IPSEC: Completed outbound VPN context, SPI 0x%08X", p->spi_out);
	ipsec_dbg(1, "    VPN handle: 0x%08X", handle(sp, 0x140));
	ipsec_dbg(1, "IPSEC: New outbound permit rule, SPI 0x%08X", p->spi_out);
	ipsec_dbg(1, "    Src addr: %s", ip4_fmt(p->local_id.addr, a));
	ipsec_dbg(1, "    Src mask: %s", ip4_fmt(p->local_id.mask, m));
	ipsec_dbg(1, "    Dst addr: %s", ip4_fmt(p->remote_id.addr, a));
	ipsec_dbg(1, "    Dst mask: %s", ip4_fmt(p->remote_id.mask, m));
	ports("Src ports", p->local_id.port);
	ports("Dst ports", p->remote_id.port);
	ipsec_dbg(1, "    Protocol: %u", p->local_id.proto);
	ipsec_dbg(1, "    Use protocol: %s", p->local_id.proto ? "true" : "false");
	ipsec_dbg(1, "    SPI: 0x00000000");
	ipsec_dbg(1, "    Use SPI: false");
}
