/*
 * iface_cmds.c — "interface X" and its sub-mode (nameif, security-level,
 * ip address, shutdown, speed, duplex, description, management-only, vlan),
 * plus the global "mtu", "same-security-traffic" and their clear commands.
 * The "nameif" and "interface" CLI types live here too.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp_errors.h"
#include "dataplane/iface.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"

/* config-if of a port, of an ASA 5505/FWSM Vlan interface (no speed or
 * duplex; "no forward interface") and config-subif of a subinterface */
static struct cli_mode *mode_if, *mode_vlan, *mode_subif;

/* ---- types ---------------------------------------------------------- */

static bool nameif_match(const char *in, char *out, size_t n)
{
	struct iface *ifp = iface_find_name(in);
	if (!ifp)
		return false;
	snprintf(out, n, "%s", ifp->nameif);
	return true;
}

static void nameif_values(void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < iface_count(); i++)
		if (iface_at(i)->nameif[0])
			add(ctx, iface_at(i)->nameif);
}

/* Any well-formed hardware name ("Ethernet9", "Vlan10", "e0.10"): the
 * handler then says whether it exists.  Matching a name the box lacks
 * still leaves the current interface sub-mode, so the lines of a pasted
 * block for a missing port fail instead of landing on the previous one. */
static bool hw_match(const char *in, char *out, size_t n)
{
	char canon[IFACE_HW_MAX + 16];
	if (iface_hw_canon(in, canon, sizeof canon)) {
		snprintf(out, n, "%s", canon);
		return strlen(canon) < IFACE_HW_MAX;
	}
	/* unknown type: letters then digits, '/' and at most one '.' */
	size_t i = 0;
	while (isalpha((unsigned char)in[i]))
		i++;
	if (!i || !isdigit((unsigned char)in[i]) || strlen(in) >= IFACE_HW_MAX)
		return false;
	for (int dots = 0; in[i]; i++) {
		if (in[i] == '.' && ++dots > 1)
			return false;
		if (!isdigit((unsigned char)in[i]) && in[i] != '/' && in[i] != '.')
			return false;
	}
	snprintf(out, n, "%s", in);
	return true;
}

/* Split a canonical hardware name into its port and subinterface number
 * (0 when it names the port itself). */
static void split_hw(const char *hw, char port[IFACE_HW_MAX], unsigned long *subid)
{
	snprintf(port, IFACE_HW_MAX, "%s", hw);
	char *dot = strchr(port, '.');
	*subid = 0;
	if (dot) {
		*dot = '\0';
		*subid = strtoul(dot + 1, NULL, 10);
	}
}

static bool is_vlan_if(const struct iface *ifp)
{
	return !ifp->parent && !strncmp(ifp->hw, "Vlan", 4);
}

static void hw_values(void (*add)(void *, const char *), void *ctx)
{
	for (size_t i = 0; i < iface_count(); i++)
		add(ctx, iface_at(i)->hw);
}

static const struct cli_type t_nameif = {"nameif", "WORD", nameif_match, nameif_values, 20};
static const struct cli_type t_interface = {"interface", "WORD", hw_match, hw_values, 20};

/* ---- entering the sub-mode ------------------------------------------ */

static int do_interface(struct cli *cli, struct cli_args *a)
{
	const char *hw = cli_get(a, "HW");
	struct iface *ifp = iface_find_hw(hw);
	if (!ifp) {
		char port[IFACE_HW_MAX], canon[IFACE_HW_MAX + 16];
		unsigned long subid;
		if (!iface_hw_canon(hw, canon, sizeof canon)) /* "Vlan1.5": no such form */
			return cli_bad(a, "HW");
		split_hw(hw, port, &subid);
		/* a port named for the first time exists from now on (see
		 * iface.h); while a startup-config is replayed it starts enabled,
		 * as the saved configuration lists "shutdown" where it applies */
		struct iface *p = iface_hw_auto(port, cli_quiet(cli));
		if (!p || p->parent)
			return cli_bad(a, "HW");
		ifp = subid ? iface_sub_create(p, subid) : p;
	}
	struct cli_mode *m = ifp->parent ? mode_subif : is_vlan_if(ifp) ? mode_vlan : mode_if;
	cli_enter(cli, m, ifp->hw, 0);
	return CLI_OK;
}

static int do_no_interface(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct iface *ifp = iface_find_hw(cli_get(a, "HW"));
	if (!ifp || !ifp->parent)
		return cli_bad(a, "HW"); /* ports cannot be removed */
	iface_sub_remove(ifp);
	return CLI_OK;
}

/* The interface this sub-mode edits (NULL if another session removed it). */
static struct iface *cur(struct cli *cli)
{
	struct iface *ifp = iface_find_hw(cli_ctx_key(cli));
	if (!ifp)
		cli_printf(cli, "ERROR: Interface %s no longer exists\n", cli_ctx_key(cli));
	return ifp;
}

/* ---- sub-mode commands ---------------------------------------------- */

static int do_nameif(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	const char *name = cli_get(a, "NAME");
	if (strlen(name) > IFACE_NAME_MAX)
		return cli_bad(a, "NAME");
	struct iface *other = iface_find_name(name);
	if (other && other != ifp) {
		cli_printf(cli, ERR_NAMEIF_IN_USE, name, other->hw);
		return CLI_ERR;
	}
	iface_set_nameif(ifp, name);
	if (ifp->seclevel < 0) {
		ifp->seclevel = !strcmp(name, "inside") ? 100 : 0;
		if (!cli_quiet(cli)) /* not while a startup-config is replayed */
			cli_printf(cli, INFO_SECLEVEL_DEFAULT, name, ifp->seclevel);
	}
	return CLI_OK;
}

static int do_no_nameif(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	iface_set_nameif(ifp, "");
	return CLI_OK;
}

static int do_seclevel(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	ifp->seclevel = atoi(cli_get(a, "LEVEL"));
	return CLI_OK;
}

static int do_no_seclevel(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	ifp->seclevel = -1;
	return CLI_OK;
}

/* Validate "A.B.C.D MASK [standby S]"; prints the error itself. */
static int parse_address(struct cli *cli, struct cli_args *a, uint32_t *ip, uint32_t *mask,
			 uint32_t *sb)
{
	if (!conf_parse_host(cli_get(a, "IP"), ip))
		return cli_bad(a, "IP");
	ip4_parse(cli_get(a, "MASK"), mask);
	if (!ip4_mask_valid(*mask) || *mask == 0) {
		cli_puts(cli, ERR_BAD_MASK);
		return CLI_ERR;
	}
	/* network and broadcast addresses are not host addresses (but /31 and
	 * /32 have no such addresses) */
	if (ip4_mask_len(*mask) < 31 && ((*ip & ~*mask) == 0 || (*ip & ~*mask) == ~*mask)) {
		cli_puts(cli, ERR_BAD_MASK);
		return CLI_ERR;
	}
	*sb = 0;
	const char *s = cli_get(a, "SB");
	if (s) {
		if (!conf_parse_host(s, sb))
			return cli_bad(a, "SB");
		if ((*sb & *mask) != (*ip & *mask) || *sb == *ip ||
		    (ip4_mask_len(*mask) < 31 &&
		     ((*sb & ~*mask) == 0 || (*sb & ~*mask) == ~*mask)))
			return cli_bad(a, "SB");
	}
	return CLI_OK;
}

static int do_ip_address(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	uint32_t ip, mask, sb;
	int rc = parse_address(cli, a, &ip, &mask, &sb);
	if (rc != CLI_OK)
		return rc;
	for (size_t i = 0; i < iface_count(); i++) {
		struct iface *o = iface_at(i);
		if (o == ifp || !o->has_ip)
			continue;
		uint32_t m = o->mask < mask ? o->mask : mask; /* the wider network */
		if ((o->ip & m) == (ip & m)) {
			char b[16];
			cli_printf(cli, ERR_ADDR_IN_USE, ip4_fmt(ip, b),
				   o->nameif[0] ? o->nameif : o->hw);
			return CLI_ERR;
		}
	}
	ifp->has_ip = true;
	ifp->dhcp = ifp->dhcp_setroute = false;
	ifp->ip = ip;
	ifp->mask = mask;
	ifp->standby = sb;
	return CLI_OK;
}

static int do_ip_dhcp(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	ifp->has_ip = false;
	ifp->ip = ifp->mask = ifp->standby = 0;
	ifp->dhcp = true;
	ifp->dhcp_setroute = cli_has(a, "setroute");
	return CLI_OK;
}

static int do_no_ip_address(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	ifp->has_ip = ifp->dhcp = ifp->dhcp_setroute = false;
	ifp->ip = ifp->mask = ifp->standby = 0;
	return CLI_OK;
}

static int do_shutdown(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	ifp->shutdown = !cli_has(a, "no");
	return CLI_OK;
}

static int do_speed(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	if (cli_has(a, "no") || cli_has(a, "auto"))
		ifp->speed = SPEED_AUTO;
	else if (cli_has(a, "nonegotiate"))
		ifp->speed = SPEED_NONEGOTIATE;
	else if (cli_has(a, "10"))
		ifp->speed = SPEED_10;
	else if (cli_has(a, "100"))
		ifp->speed = SPEED_100;
	else
		ifp->speed = SPEED_1000;
	return CLI_OK;
}

static int do_duplex(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	if (cli_has(a, "full") && !cli_has(a, "no"))
		ifp->duplex = DUPLEX_FULL;
	else if (cli_has(a, "half") && !cli_has(a, "no"))
		ifp->duplex = DUPLEX_HALF;
	else
		ifp->duplex = DUPLEX_AUTO;
	return CLI_OK;
}

static int do_description(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	const char *text = cli_get(a, "TEXT");
	if (strlen(text) > IFACE_DESC_MAX)
		return cli_bad(a, "TEXT");
	free(ifp->desc);
	ifp->desc = xstrdup(text);
	return CLI_OK;
}

static int do_no_description(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	free(ifp->desc);
	ifp->desc = NULL;
	return CLI_OK;
}

static int do_mgmt_only(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	ifp->mgmt_only = !cli_has(a, "no");
	return CLI_OK;
}

static int do_vlan(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	int vlan = atoi(cli_get(a, "ID"));
	struct iface *o = iface_find_vlan(ifp->parent, vlan, ifp);
	if (o) {
		cli_printf(cli, ERR_VLAN_IN_USE, vlan, o->hw);
		return CLI_ERR;
	}
	ifp->vlan = vlan;
	return CLI_OK;
}

static int do_no_vlan(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	ifp->vlan = 0;
	return CLI_OK;
}

/* ASA 5505 switch ports: EthernetN/N.  VLAN 1 is where every port starts,
 * so "switchport access vlan 1" is the default and not shown. */
static int do_switchport(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	if (strncmp(ifp->hw, "Ethernet", 8) || !strchr(ifp->hw, '/'))
		return cli_bad(a, "switchport");
	int vlan = cli_has(a, "no") ? 1 : atoi(cli_get(a, "ID"));
	ifp->switch_vlan = vlan == 1 ? 0 : vlan;
	return CLI_OK;
}

/* ASA 5505 Base license: a third Vlan interface may not initiate traffic
 * to one other Vlan interface ("no forward interface Vlan1"). */
static int do_forward(struct cli *cli, struct cli_args *a)
{
	struct iface *ifp = cur(cli);
	if (!ifp)
		return CLI_ERR;
	const char *to = cli_get(a, "HW");
	if (strncmp(to, "Vlan", 4) || strchr(to, '.') || !strcmp(to, ifp->hw))
		return cli_bad(a, "HW");
	if (!cli_has(a, "no"))
		ifp->no_forward[0] = '\0';
	else
		snprintf(ifp->no_forward, sizeof ifp->no_forward, "%s", to);
	return CLI_OK;
}

/* ---- global commands ------------------------------------------------ */

static int do_mtu(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct iface *ifp = iface_find_name(cli_get(a, "IF"));
	if (!ifp)
		return cli_bad(a, "IF");
	ifp->mtu = cli_has(a, "no") ? IFACE_MTU_DEFAULT : atoi(cli_get(a, "BYTES"));
	return CLI_OK;
}

static int do_same_security(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool on = !cli_has(a, "no");
	bool inter = iface_same_security_inter(), intra = iface_same_security_intra();
	if (cli_has(a, "inter-interface"))
		inter = on;
	else
		intra = on;
	iface_set_same_security(inter, intra);
	return CLI_OK;
}

static int do_clear_interface(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *hw = cli_get(a, "HW");
	for (size_t i = iface_count(); i-- > 0;) {
		struct iface *ifp = iface_at(i);
		if (hw && strcasecmp(ifp->hw, hw))
			continue;
		if (ifp->parent)
			iface_sub_remove(ifp);
		else
			iface_reset_port(ifp);
	}
	return CLI_OK;
}

static int do_clear_mtu(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	for (size_t i = 0; i < iface_count(); i++)
		iface_at(i)->mtu = IFACE_MTU_DEFAULT;
	return CLI_OK;
}

static int do_clear_same_security(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	iface_set_same_security(false, false);
	return CLI_OK;
}

static const struct cli_cmd config_cmds[] = {
	{"interface HW:interface",
	 "Select an interface to configure\nHardware interface name (Ethernet0, Ethernet0.10)",
	 do_interface, 0},
	{"no interface HW:interface",
	 "Negate a command or set its defaults\nSelect an interface to configure\n"
	 "Subinterface to remove",
	 do_no_interface, 0},
	{"mtu IF:nameif BYTES:<64-65535>",
	 "Specify MTU(Maximum Transmission Unit) for an interface\n"
	 "Name of interface\nMTU bytes",
	 do_mtu, 0},
	{"no mtu IF:nameif [BYTES:<64-65535>]",
	 "Negate a command or set its defaults\n"
	 "Specify MTU(Maximum Transmission Unit) for an interface\nName of interface\nMTU bytes",
	 do_mtu, 0},
	{"[no] same-security-traffic permit (inter-interface | intra-interface)",
	 "Negate a command or set its defaults\n"
	 "Configure same security traffic\nPermit communication\n"
	 "Permit communication between different interfaces with the same security level\n"
	 "Permit communication in and out of the same interface",
	 do_same_security, 0},
	{"clear configure interface [HW:interface]",
	 "Reset functions\nClear configuration\nClear interface configuration\nInterface",
	 do_clear_interface, 0},
	{"clear configure mtu",
	 "Reset functions\nClear configuration\nClear all MTU configuration", do_clear_mtu, 0},
	{"clear configure same-security-traffic",
	 "Reset functions\nClear configuration\nClear same-security-traffic configuration",
	 do_clear_same_security, 0},
};

/* in both config-if and config-subif */
static const struct cli_cmd if_cmds[] = {
	{"nameif NAME", "Assign name to interface\nName (up to 48 characters)", do_nameif, 0},
	{"no nameif [NAME]",
	 "Negate a command or set its defaults\nAssign name to interface\nName of interface",
	 do_no_nameif, 0},
	{"security-level LEVEL:<0-100>",
	 "Specify security level of this interface\nSecurity level (0 = lowest, 100 = highest)",
	 do_seclevel, 0},
	{"no security-level [LEVEL:<0-100>]",
	 "Negate a command or set its defaults\nSpecify security level of this interface\n"
	 "Security level",
	 do_no_seclevel, 0},
	{"ip address IP:ip MASK:dp-mask [standby SB:ip]",
	 "Configure IP parameters\nConfigure the IP address of the interface\n"
	 "IP address\nIP subnet mask\nConfigure standby IP address\nStandby IP address",
	 do_ip_address, 0},
	{"ip address dhcp [setroute]",
	 "Configure IP parameters\nConfigure the IP address of the interface\n"
	 "Use DHCP to obtain the IP address\nObtain the default route from the DHCP server",
	 do_ip_dhcp, 0},
	{"no ip address [IP:ip MASK:dp-mask [standby SB:ip] | dhcp [setroute]]",
	 "Negate a command or set its defaults\nConfigure IP parameters\n"
	 "Configure the IP address of the interface\nIP address\nIP subnet mask\n"
	 "Configure standby IP address\nStandby IP address\nUse DHCP\nDefault route from DHCP",
	 do_no_ip_address, 0},
	{"[no] shutdown", "Negate a command or set its defaults\nShutdown the selected interface",
	 do_shutdown, 0},
	{"description TEXT:line",
	 "Interface specific description\nUp to 240 characters describing this interface",
	 do_description, 0},
	{"no description [TEXT:line]",
	 "Negate a command or set its defaults\nInterface specific description\nDescription",
	 do_no_description, 0},
	{"[no] management-only",
	 "Negate a command or set its defaults\n"
	 "Dedicate this interface to management traffic only",
	 do_mgmt_only, 0},
};

static const struct cli_cmd port_cmds[] = {
	{"speed (10 | 100 | 1000 | auto | nonegotiate)",
	 "Configure speed operation\n10 Mbps\n100 Mbps\n1000 Mbps\nAuto negotiation\n"
	 "Disable auto negotiation",
	 do_speed, 0},
	{"no speed [10 | 100 | 1000 | auto | nonegotiate]",
	 "Negate a command or set its defaults\nConfigure speed operation\n10 Mbps\n100 Mbps\n"
	 "1000 Mbps\nAuto negotiation\nDisable auto negotiation",
	 do_speed, 0},
	{"duplex (auto | full | half)",
	 "Configure duplex operation\nAuto negotiation\nFull duplex\nHalf duplex", do_duplex, 0},
	{"no duplex [auto | full | half]",
	 "Negate a command or set its defaults\nConfigure duplex operation\nAuto negotiation\n"
	 "Full duplex\nHalf duplex",
	 do_duplex, 0},
};

static const struct cli_cmd switch_cmds[] = {
	{"switchport access vlan ID:<1-4090>",
	 "Set switching mode characteristics\nSet access mode characteristics of the interface\n"
	 "Set VLAN when interface is in access mode\nVLAN ID of the VLAN when this port is in "
	 "access mode",
	 do_switchport, 0},
	{"no switchport access vlan [ID:<1-4090>]",
	 "Negate a command or set its defaults\nSet switching mode characteristics\n"
	 "Set access mode characteristics of the interface\n"
	 "Set VLAN when interface is in access mode\nVLAN ID",
	 do_switchport, 0},
};

static const struct cli_cmd vlan_cmds[] = {
	{"[no] forward interface HW:interface",
	 "Negate a command or set its defaults\n"
	 "Enable or disable traffic forwarding to another interface\n"
	 "Select the VLAN interface\nVLAN interface (Vlan1)",
	 do_forward, 0},
};

static const struct cli_cmd subif_cmds[] = {
	{"vlan ID:<1-4094>", "Configure VLAN ID\nVLAN ID", do_vlan, 0},
	{"no vlan [ID:<1-4094>]",
	 "Negate a command or set its defaults\nConfigure VLAN ID\nVLAN ID", do_no_vlan, 0},
};

static void iface_cmds_init(void)
{
	cli_type_register(&t_nameif);
	cli_type_register(&t_interface);
	mode_if = cli_mode_new("config-if", cli_mode_config());
	mode_vlan = cli_mode_new("config-if", cli_mode_config());
	mode_subif = cli_mode_new("config-subif", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(mode_if, if_cmds);
	cli_install_all(mode_if, port_cmds);
	cli_install_all(mode_if, switch_cmds);
	cli_install_all(mode_vlan, if_cmds);
	cli_install_all(mode_vlan, vlan_cmds);
	cli_install_all(mode_subif, if_cmds);
	cli_install_all(mode_subif, subif_cmds);
}
MODULE_INIT(iface_cmds_init)
