/*
 * iface_write.c — the interface blocks, "same-security-traffic" and "mtu"
 * lines of show running-config, in PIX 7.2's form:
 *
 *   interface Ethernet0
 *    nameif outside
 *    security-level 0
 *    ip address 172.16.1.1 255.255.255.0
 *   !
 *
 * An unconfigured port prints "no nameif", "no security-level" and
 * "no ip address"; a "!" opens the section and ends every block.
 */
#include <stdio.h>

#include "conf/conf.h"
#include "dataplane/iface.h"
#include "lib/ip4.h"
#include "lib/module.h"

static void write_addr(struct cfgout *o, const struct iface *ifp)
{
	char a[64], m[16], s[64];
	if (ifp->dhcp) {
		cfg_printf(o, " ip address dhcp%s\n", ifp->dhcp_setroute ? " setroute" : "");
	} else if (ifp->has_ip) {
		cfg_printf(o, " ip address %s %s", conf_fmt_host(ifp->ip, a), ip4_fmt(ifp->mask, m));
		if (ifp->standby)
			cfg_printf(o, " standby %s", conf_fmt_host(ifp->standby, s));
		cfg_puts(o, "\n");
	} else {
		cfg_puts(o, " no ip address\n");
	}
}

/* An ASA 5505 switch port prints only its port settings. */
static bool switch_port(const struct iface *ifp)
{
	return ifp->switch_vlan && !ifp->nameif[0] && ifp->seclevel < 0 && !ifp->has_ip &&
	       !ifp->dhcp && !ifp->mgmt_only;
}

static void write_interfaces(struct cfgout *o, unsigned flags)
{
	(void)flags;
	/* the section opens with "!" (after names/dns-guard) and every block
	 * closes with one */
	if (iface_count())
		cfg_puts(o, "!\n");
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		cfg_printf(o, "interface %s\n", ifp->hw);
		if (ifp->desc)
			cfg_printf(o, " description %s\n", ifp->desc);
		if (ifp->switch_vlan)
			cfg_printf(o, " switchport access vlan %d\n", ifp->switch_vlan);
		if (ifp->speed == SPEED_NONEGOTIATE)
			cfg_puts(o, " speed nonegotiate\n");
		else if (ifp->speed != SPEED_AUTO)
			cfg_printf(o, " speed %d\n", (int)ifp->speed);
		if (ifp->duplex != DUPLEX_AUTO)
			cfg_printf(o, " duplex %s\n", ifp->duplex == DUPLEX_FULL ? "full" : "half");
		if (ifp->shutdown)
			cfg_puts(o, " shutdown\n");
		if (switch_port(ifp)) {
			cfg_puts(o, "!\n");
			continue;
		}
		if (ifp->vlan)
			cfg_printf(o, " vlan %d\n", ifp->vlan);
		if (ifp->no_forward[0])
			cfg_printf(o, " no forward interface %s\n", ifp->no_forward);
		if (ifp->nameif[0])
			cfg_printf(o, " nameif %s\n", ifp->nameif);
		else
			cfg_puts(o, " no nameif\n");
		if (ifp->seclevel >= 0)
			cfg_printf(o, " security-level %d\n", ifp->seclevel);
		else
			cfg_puts(o, " no security-level\n");
		write_addr(o, ifp);
		if (ifp->mgmt_only)
			cfg_puts(o, " management-only\n");
		cfg_puts(o, "!\n");
	}
}

static void write_same_security(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (iface_same_security_inter())
		cfg_puts(o, "same-security-traffic permit inter-interface\n");
	if (iface_same_security_intra())
		cfg_puts(o, "same-security-traffic permit intra-interface\n");
}

/* One line per named interface, the default 1500 included (as 7.2 does). */
static void write_mtu(struct cfgout *o, unsigned flags)
{
	(void)flags;
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		if (ifp->nameif[0])
			cfg_printf(o, "mtu %s %d\n", ifp->nameif, ifp->mtu);
	}
}

static void iface_write_init(void)
{
	conf_register_writer(ORD_INTERFACE, write_interfaces);
	conf_register_writer(ORD_SAME_SECURITY, write_same_security);
	conf_register_writer(ORD_MTU, write_mtu);
}
MODULE_INIT(iface_write_init)
