/*
 * iface.h — interfaces as configured: hardware ports and subinterfaces,
 * their nameif, security level, address, speed/duplex, MTU.
 *
 * This is the typed configuration the dataplane, NAT, VPN and the show
 * commands read.  It is changed only by the interface commands
 * (iface_cmds.c); other modules learn of a renamed or removed nameif
 * through iface_watch(), so a route or NAT rule never names a ghost.
 */
#ifndef PIXIE_DP_IFACE_H
#define PIXIE_DP_IFACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IFACE_HW_MAX 48   /* "GigabitEthernet0/1.4094" and then some */
#define IFACE_NAME_MAX 48 /* nameif: up to 48 characters */
#define IFACE_DESC_MAX 240

enum iface_speed { SPEED_AUTO = 0, SPEED_10 = 10, SPEED_100 = 100, SPEED_1000 = 1000,
		   SPEED_NONEGOTIATE = -1 };
enum iface_duplex { DUPLEX_AUTO = 0, DUPLEX_HALF, DUPLEX_FULL };

/* Counters the dataplane fills (show interface prints them). */
struct iface_stats {
	uint64_t in_pkts, in_bytes, out_pkts, out_bytes;
	uint64_t in_bcast, runts, giants, in_errors, crc, frame, overrun, ignored, aborts;
	uint64_t l2_decode_drops, underruns, out_errors, collisions, resets;
	uint64_t drops; /* "packets dropped" of the traffic statistics */
};

struct iface {
	char hw[IFACE_HW_MAX];      /* canonical: "Ethernet0", "Ethernet0.10" */
	struct iface *parent;       /* subinterface: its physical port; else NULL */
	unsigned long subid;        /* the number after the dot (subinterfaces) */
	int vlan;                   /* subinterface 802.1Q id, 0 = "no vlan" */
	char nameif[IFACE_NAME_MAX + 1]; /* "" = no nameif */
	int seclevel;               /* 0-100, -1 = no security-level */
	bool has_ip;                /* static address configured */
	uint32_t ip, mask, standby; /* host order; standby 0 = none */
	bool dhcp, dhcp_setroute;   /* "ip address dhcp [setroute]" */
	bool shutdown;
	enum iface_speed speed;
	enum iface_duplex duplex;
	char *desc;                 /* NULL = none */
	bool mgmt_only;
	int switch_vlan;            /* ASA 5505 switch port: "switchport access vlan N", 0 = none */
	char no_forward[IFACE_HW_MAX]; /* ASA 5505 Vlan: "no forward interface VlanN", "" = none */
	bool autoport;              /* created by its first "interface" line (no --map) */
	int mtu;                    /* "mtu NAME N"; 1500 by default */
	uint8_t mac[6];
	bool link_up;               /* set by the dataplane; false on a config-only box */
	struct iface_stats stats;
};

#define IFACE_MTU_DEFAULT 1500

/* All interfaces in the ASA's order (ports by type and number, each
 * followed by its subinterfaces by number).  Valid until the next change. */
size_t iface_count(void);
struct iface *iface_at(size_t i);

/* Hardware name, case-insensitive ("ethernet0" finds Ethernet0). */
struct iface *iface_find_hw(const char *hw);
/* nameif (exact, as the ASA compares them). */
struct iface *iface_find_name(const char *nameif);

/* Canonical hardware name for what a user typed: the type may be any
 * unique prefix in any case ("e0", "ETHERNET0.10" -> "Ethernet0.10").
 * Returns false when no known hardware type matches. */
bool iface_hw_canon(const char *in, char *out, size_t outsz);

/* Which ports exist.  A box started without --map is config-only: any
 * well-formed hardware name of PIX/ASA hardware (EthernetN[/N],
 * GigabitEthernetN/N, TenGigabitEthernetN/N, ManagementN/N, VlanN,
 * RedundantN, Port-channelN and their .N subinterfaces) names a port that
 * is created, unbound, by the first "interface" line naming it, so that a
 * configuration pasted from any model applies.  --map turns this off
 * (iface_set_autocreate(false)): then only the built-in ports and the ones
 * iface_hw_add() binds exist.  Created ports go at factory reset. */
void iface_set_autocreate(bool on);
bool iface_autocreate(void);
/* The port named hw (canonical, no subinterface): an existing one, or one
 * created now when allowed (enabled: start without "shutdown", as when a
 * startup-config is replayed).  NULL when it does not exist and may not. */
struct iface *iface_hw_auto(const char *hw, bool enabled);
/* Back to the factory state of a port or subinterface (clear configure
 * interface); the nameif goes with the usual notification. */
void iface_reset_port(struct iface *ifp);

/* Add a hardware port (the box has Ethernet0 and Ethernet1 by default; the
 * --map option adds the ports it binds).  mac may be NULL (a stable one is
 * made up).  Returns the port, or NULL when the name is malformed.  Adding
 * an existing port returns it (and updates its MAC when given). */
struct iface *iface_hw_add(const char *hw, const uint8_t mac[6]);

/* Notification of a nameif going away or changing: newname is NULL when the
 * interface lost its name.  Watchers drop or rename what refers to it. */
typedef void (*iface_watch_fn)(const char *oldname, const char *newname);
void iface_watch(iface_watch_fn fn);

/* Call before applying a startup-config at boot: a saved configuration
 * lists "shutdown" for every port that is down, so ports start enabled
 * (the factory default, applied by the reset hook, has them shut). */
void iface_boot_begin(void);

/* same-security-traffic permit inter-interface / intra-interface */
bool iface_same_security_inter(void);
bool iface_same_security_intra(void);

/* ---- used by the interface modules of dataplane/ only ---- */
struct iface *iface_sub_create(struct iface *parent, unsigned long subid);
void iface_sub_remove(struct iface *sub);
void iface_set_nameif(struct iface *ifp, const char *name); /* "" clears; notifies */
void iface_set_same_security(bool inter, bool intra);
/* Subinterface using this VLAN other than `except`, or NULL. */
struct iface *iface_find_vlan(const struct iface *parent, int vlan, const struct iface *except);

#endif
