/*
 * fuzz_box.h — the box the packet-path harnesses (fuzz_packet, fuzz_esp)
 * start from: a factory box whose Ethernet0/Ethernet1 are fake ports that
 * swallow what is sent, configured by a list of lines typed at level 15
 * in configuration mode with the output thrown away.
 */
#ifndef PIXIE_FUZZ_BOX_H
#define PIXIE_FUZZ_BOX_H
#include <stddef.h>

#include "cli/cli.h"
#include "cli/internal.h"
#include "conf/conf.h"
#include "dataplane/dp.h"
#include "dataplane/port.h"
#include "lib/module.h"

static void fuzz_swallow(struct iface *ifp, struct pkt *p)
{
	(void)ifp;
	pkt_free(p);
}

static void fuzz_discard(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
}

static void fuzz_box_boot(const char *const *config, size_t n)
{
	modules_init();
	conf_factory_reset();
	port_fake(iface_find_hw("Ethernet0"), fuzz_swallow);
	port_fake(iface_find_hw("Ethernet1"), fuzz_swallow);
	struct cli_io io = {.write = fuzz_discard};
	struct cli *cli = cli_session_new(&io);
	cli_set_privilege(cli, 15);
	cli_enter(cli, cli_mode_config(), "", 0);
	for (size_t i = 0; i < n; i++)
		cli_exec_line(cli, config[i]);
	cli_session_free(cli);
}
#endif
