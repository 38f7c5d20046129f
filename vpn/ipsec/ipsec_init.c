/*
 * ipsec_init.c — joins the ESP path to the box: IP protocol 50 and UDP
 * 4500 to the box, the egress hook of ip_output, the show/clear/debug
 * commands, and a factory reset (clear configure all) that tears every SA
 * pair down, as reloading the configuration does on the ASA.
 */
#include "conf/conf.h"
#include "dataplane/dp.h"
#include "lib/module.h"
#include "vpn/ipsec/esp_path.h"
#include "vpn/ipsec/ipsec_cmds.h"
#include "vpn/ipsec/sad.h"

static void ipsec_reset(void)
{
	sad_del_all();
}

static void ipsec_init(void)
{
	local_proto_register(50, esp_proto_input);
	local_udp_register(4500, esp_udp_input);
	ip_egress_register(esp_egress);
	conf_register_reset(ipsec_reset);
	ipsec_cmds_install();
}
MODULE_INIT(ipsec_init)
