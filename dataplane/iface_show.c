/*
 * iface_show.c — show nameif, show ip address, show interface [ip brief]
 * for the configured interfaces.  Link state and counters come from the
 * dataplane (iface->link_up, iface->stats); on a box run without --map
 * every port is down and the counters stay 0.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "dataplane/iface.h"
#include "dataplane/names.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "mgmt/mgmt.h"

static int show_nameif(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_printf(cli, "%-25s%-25s%s\n", "Interface", "Name", "Security");
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		if (ifp->nameif[0])
			cli_printf(cli, "%-25s%-25s%3d\n", ifp->hw, ifp->nameif,
				   ifp->seclevel < 0 ? 0 : ifp->seclevel);
	}
	return CLI_OK;
}

static void ip_table(struct cli *cli, const char *title, const char *only)
{
	char a[16], m[16];
	cli_printf(cli, "%s\n", title);
	cli_printf(cli, "%-25s%-23s%-16s%-16s%s\n", "Interface", "Name", "IP address",
		   "Subnet mask", "Method");
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		if (!ifp->nameif[0] || !ifp->has_ip || (only && strcmp(only, ifp->nameif)))
			continue;
		cli_printf(cli, "%-25s%-23s%-16s%-16s%s\n", ifp->hw, ifp->nameif,
			   ip4_fmt(ifp->ip, a), ip4_fmt(ifp->mask, m), "CONFIG");
	}
}

static int show_ip_address(struct cli *cli, struct cli_args *a)
{
	const char *only = cli_get(a, "IF");
	ip_table(cli, "System IP Addresses:", only);
	ip_table(cli, "Current IP Addresses:", only);
	return CLI_OK;
}

static const char *admin_state(const struct iface *ifp)
{
	if (ifp->shutdown || (ifp->parent && ifp->parent->shutdown))
		return "administratively down";
	return ifp->link_up ? "up" : "down";
}

static int bandwidth(const struct iface *ifp)
{
	const struct iface *port = ifp->parent ? ifp->parent : ifp;
	return port->speed > 0 ? (int)port->speed : 100;
}

static void speed_duplex(struct cli *cli, const struct iface *ifp)
{
	const char *dup = ifp->duplex == DUPLEX_FULL   ? "Full-Duplex"
			  : ifp->duplex == DUPLEX_HALF ? "Half-Duplex"
						       : "Auto-Duplex";
	char spd[24];
	if (ifp->speed > 0)
		snprintf(spd, sizeof spd, "%d Mbps", (int)ifp->speed);
	else
		snprintf(spd, sizeof spd, "Auto-Speed");
	if (ifp->link_up && ifp->duplex == DUPLEX_AUTO && ifp->speed == SPEED_AUTO)
		cli_printf(cli, "        %s(Full-duplex), %s(%d Mbps)\n", dup, spd, bandwidth(ifp));
	else
		cli_printf(cli, "        %s, %s\n", dup, spd);
}

static void port_counters(struct cli *cli, const struct iface_stats *s)
{
	cli_printf(cli, "        %llu packets input, %llu bytes, 0 no buffer\n",
		   (unsigned long long)s->in_pkts, (unsigned long long)s->in_bytes);
	cli_printf(cli, "        Received %llu broadcasts, %llu runts, %llu giants\n",
		   (unsigned long long)s->in_bcast, (unsigned long long)s->runts,
		   (unsigned long long)s->giants);
	cli_printf(cli,
		   "        %llu input errors, %llu CRC, %llu frame, %llu overrun, %llu ignored, "
		   "%llu abort\n",
		   (unsigned long long)s->in_errors, (unsigned long long)s->crc,
		   (unsigned long long)s->frame, (unsigned long long)s->overrun,
		   (unsigned long long)s->ignored, (unsigned long long)s->aborts);
	cli_printf(cli, "        %llu L2 decode drops\n", (unsigned long long)s->l2_decode_drops);
	cli_printf(cli, "        %llu packets output, %llu bytes, %llu underruns\n",
		   (unsigned long long)s->out_pkts, (unsigned long long)s->out_bytes,
		   (unsigned long long)s->underruns);
	cli_printf(cli, "        %llu output errors, %llu collisions, %llu interface resets\n",
		   (unsigned long long)s->out_errors, (unsigned long long)s->collisions,
		   (unsigned long long)s->resets);
	cli_puts(cli, "        0 babbles, 0 late collisions, 0 deferred\n");
	cli_puts(cli, "        0 lost carrier, 0 no carrier\n");
	cli_puts(cli, "        input queue (curr/max packets): hardware (0/0) software (0/0)\n");
	cli_puts(cli, "        output queue (curr/max packets): hardware (0/0) software (0/0)\n");
}

static void traffic_stats(struct cli *cli, const struct iface *ifp)
{
	const struct iface_stats *s = &ifp->stats;
	cli_printf(cli, "  Traffic Statistics for \"%s\":\n", ifp->nameif);
	cli_printf(cli, "        %llu packets input, %llu bytes\n", (unsigned long long)s->in_pkts,
		   (unsigned long long)s->in_bytes);
	cli_printf(cli, "        %llu packets output, %llu bytes\n",
		   (unsigned long long)s->out_pkts, (unsigned long long)s->out_bytes);
	cli_printf(cli, "        %llu packets dropped\n", (unsigned long long)s->drops);
	cli_puts(cli, "      1 minute input rate 0 pkts/sec,  0 bytes/sec\n"
		      "      1 minute output rate 0 pkts/sec,  0 bytes/sec\n"
		      "      1 minute drop rate, 0 pkts/sec\n"
		      "      5 minute input rate 0 pkts/sec,  0 bytes/sec\n"
		      "      5 minute output rate 0 pkts/sec,  0 bytes/sec\n"
		      "      5 minute drop rate, 0 pkts/sec\n");
}

static void show_one(struct cli *cli, const struct iface *ifp)
{
	char mac[16], ip[16], mask[16];
	bool line_up = ifp->link_up && !ifp->shutdown;
	cli_printf(cli, "Interface %s \"%s\", is %s, line protocol is %s\n", ifp->hw, ifp->nameif,
		   admin_state(ifp), line_up ? "up" : "down");
	/* DLY: ntc-templates' show interface parser needs it on this line */
	/* an ASA 5505/FWSM VLAN interface is a switched virtual interface */
	bool svi = !ifp->parent && !strncmp(ifp->hw, "Vlan", 4);
	cli_printf(cli, "  Hardware is %s, BW %d Mbps, DLY %d usec\n", svi ? "EtherSVI" : "i82559",
		   bandwidth(ifp), bandwidth(ifp) >= 1000 ? 10 : 100);
	if (svi) {
		/* no speed or duplex of its own */
	} else if (ifp->parent) {
		if (ifp->vlan)
			cli_printf(cli, "        VLAN identifier %d\n", ifp->vlan);
		else
			cli_puts(cli, "        VLAN identifier none\n");
	} else {
		speed_duplex(cli, ifp);
	}
	if (ifp->desc)
		cli_printf(cli, "        Description: %s\n", ifp->desc);
	if (!ifp->nameif[0]) {
		if (ifp->parent) {
			cli_printf(cli, "        Available but not configured with VLAN or via nameif\n");
			return;
		}
		cli_puts(cli, "        Available but not configured via nameif\n");
		cli_printf(cli, "        MAC address %s, MTU not set\n", mac_fmt(ifp->mac, mac));
		cli_puts(cli, "        IP address unassigned\n");
		port_counters(cli, &ifp->stats);
		return;
	}
	cli_printf(cli, "        MAC address %s, MTU %d\n", mac_fmt(ifp->mac, mac), ifp->mtu);
	if (ifp->has_ip)
		cli_printf(cli, "        IP address %s, subnet mask %s\n", ip4_fmt(ifp->ip, ip),
			   ip4_fmt(ifp->mask, mask));
	else
		cli_puts(cli, "        IP address unassigned\n");
	if (!ifp->parent)
		port_counters(cli, &ifp->stats);
	if (ifp->mgmt_only)
		cli_puts(cli, "        Management-only interface. Blocked 0 through-the-device "
			      "packets\n");
	traffic_stats(cli, ifp);
}

static int show_interface(struct cli *cli, struct cli_args *a)
{
	const char *hw = cli_get(a, "HW"), *name = cli_get(a, "IF");
	const struct iface *only = NULL;
	if (hw && !(only = iface_find_hw(hw)))
		return cli_bad(a, "HW");
	if (name)
		only = iface_find_name(name);
	for (size_t i = 0; i < iface_count(); i++)
		if (!only || iface_at(i) == only)
			show_one(cli, iface_at(i));
	return CLI_OK;
}

/* clear interface [HW|IF]: zero the traffic counters show interface prints */
static int clear_interface(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *hw = cli_get(a, "HW"), *name = cli_get(a, "IF");
	struct iface *only = NULL;
	if (hw && !(only = iface_find_hw(hw)))
		return cli_bad(a, "HW");
	if (name)
		only = iface_find_name(name);
	for (size_t i = 0; i < iface_count(); i++)
		if (!only || iface_at(i) == only)
			memset(&iface_at(i)->stats, 0, sizeof iface_at(i)->stats);
	return CLI_OK;
}

static int show_interface_ip_brief(struct cli *cli, struct cli_args *a)
{
	(void)a;
	char ip[16];
	cli_printf(cli, "%-27s%-16s%-4s%-7s%-22s%s\n", "Interface", "IP-Address", "OK?", "Method",
		   "Status", "Protocol");
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		bool addr = ifp->has_ip && ifp->nameif[0];
		cli_printf(cli, "%-27s%-16s%-4s%-7s%-22s%-4s\n", ifp->hw,
			   addr ? ip4_fmt(ifp->ip, ip) : "unassigned", "YES",
			   addr ? "CONFIG" : "unset", admin_state(ifp),
			   ifp->link_up && !ifp->shutdown ? "up" : "down");
	}
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show nameif", "Show running system information\nShow interface names and security levels",
	 show_nameif, CLI_SHOW | CLI_PRIV},
	{"show ip address [IF:nameif]",
	 "Show running system information\nShow IP information\n"
	 "Show the interface IP addresses\nInterface name",
	 show_ip_address, CLI_SHOW | CLI_PRIV},
	{"show interface [HW:interface | IF:nameif]",
	 "Show running system information\nShow interface status and statistics\n"
	 "Hardware interface\nInterface name",
	 show_interface, CLI_SHOW | CLI_PRIV},
	{"show interface ip brief",
	 "Show running system information\nShow interface status and statistics\n"
	 "Interface IP information\nBrief summary",
	 show_interface_ip_brief, CLI_SHOW | CLI_PRIV},
	{"clear interface [HW:interface | IF:nameif]",
	 "Reset functions\nClear interface statistics\nHardware interface\nInterface name",
	 clear_interface, CLI_PRIV},
};

/* show version lists the physical ports with their MACs */
static void list_ports(mgmt_iface_line_fn line, void *ctx)
{
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		if (!ifp->parent)
			line(ctx, ifp->hw, ifp->mac);
	}
}

static void iface_show_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
	mgmt_set_iface_lister(list_ports);
}
MODULE_INIT(iface_show_init)
