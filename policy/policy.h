/*
 * policy.h — the Modular Policy Framework as the dataplane sees it:
 * class-maps (what traffic), policy-maps (what to do with it: inspect
 * engines, connection limits), service-policies (where: globally or on one
 * interface), and inspect maps ("policy-map type inspect dns").
 *
 * The dataplane compiles its inspection tables from policy_foreach_class()
 * and recompiles when policy_generation() changes.  The counters it bumps
 * (struct policy_inspect_stats) are what "show service-policy" prints; they
 * stay valid until the generation changes.
 */
#ifndef PIXIE_POLICY_H
#define PIXIE_POLICY_H

#include <stdbool.h>
#include <stdint.h>

enum inspect_engine {
	INSP_CTIQBE,
	INSP_DCERPC,
	INSP_DNS,
	INSP_ESMTP,
	INSP_FTP,
	INSP_GTP,
	INSP_H323_H225,
	INSP_H323_RAS,
	INSP_HTTP,
	INSP_ICMP,
	INSP_ICMP_ERROR,
	INSP_ILS,
	INSP_IM,
	INSP_IPSEC_PASS_THRU,
	INSP_MGCP,
	INSP_NETBIOS,
	INSP_PPTP,
	INSP_RSH,
	INSP_RTSP,
	INSP_SIP,
	INSP_SKINNY,
	INSP_SMTP,
	INSP_SNMP,
	INSP_SQLNET,
	INSP_SUNRPC,
	INSP_TFTP,
	INSP_XDMCP,
	INSP_COUNT
};

/* "dns", "h323 h225", "icmp error"... as show service-policy names it. */
const char *policy_inspect_name(enum inspect_engine e);

/* Does proto/port belong to engine e under "match default-inspection-
 * traffic"?  proto is the IP protocol (1 ICMP, 6 TCP, 17 UDP). */
bool policy_default_inspection(enum inspect_engine e, uint8_t proto,
			       uint16_t port);

enum policy_match_kind {
	PM_NONE,           /* class-map without a match yet */
	PM_ANY,            /* match any */
	PM_ACCESS_LIST,    /* match access-list ACL */
	PM_PORT,           /* match port tcp|udp eq|range */
	PM_DEFAULT_INSPECTION, /* match default-inspection-traffic */
	PM_CLASS_DEFAULT,  /* the built-in class-default: everything else */
	PM_DSCP,           /* match dscp V...: IP DSCP in values[] */
	PM_PRECEDENCE,     /* match precedence V...: IP precedence in values[] */
	PM_RTP,            /* match rtp START RANGE: even UDP ports lo..hi */
	PM_TUNNEL_GROUP,   /* match tunnel-group only (with or without flow) */
};

#define POLICY_MATCH_VALUES 8

struct policy_match {
	enum policy_match_kind kind;
	char *acl;          /* PM_ACCESS_LIST; with PM_DEFAULT_INSPECTION: narrows it */
	uint8_t proto;      /* PM_PORT: 6 or 17 */
	uint16_t lo, hi;    /* PM_PORT: eq = lo == hi; PM_RTP: start, start+range */
	bool range;         /* PM_PORT: written as "range" */
	uint8_t values[POLICY_MATCH_VALUES]; /* PM_DSCP / PM_PRECEDENCE */
	int nvalues;
	/* "match tunnel-group NAME" (NULL: none): traffic of that VPN group,
	 * per destination address when flow_dest ("match flow ip
	 * destination-address"); combines with the other criteria. */
	char *tunnel_group;
	bool flow_dest;
};

struct policy_inspect_stats {
	uint64_t packets, drops, reset_drops;
};

struct policy_inspect {
	enum inspect_engine engine;
	char *map;    /* inspect map name, NULL when none */
	bool strict;  /* inspect ftp strict */
	struct policy_inspect_stats stats;
};

/* "set connection ...": 0 = unlimited / not set */
struct policy_conn {
	unsigned conn_max, embryonic_max, per_client_max, per_client_embryonic_max;
	bool random_seq_disable;
	/* seconds; -1 = not set (0 is "never time out") */
	long embryonic_timeout, half_closed_timeout, tcp_timeout;
	bool tcp_reset;
	/* the counters show service-policy prints are the dataplane's
	 * (dataplane/fw_mpf.h), per interface the policy is applied to */
};

/* "police input|output RATE [BURST] [conform-action A] [exceed-action A]" */
struct policy_police {
	bool set;
	unsigned long rate;  /* bits per second */
	unsigned long burst; /* bytes, 0: not given */
	bool conform_drop;   /* default: transmit */
	bool exceed_transmit; /* default: drop */
};

struct policy_class_view {
	const char *policy;            /* policy-map name */
	const char *name;              /* class name */
	const struct policy_match *match;
	struct policy_inspect *inspect;
	int ninspect;
	struct policy_conn *conn;      /* NULL when no "set connection" */
	const struct policy_police *police_in, *police_out; /* NULL: none */
	bool priority;                 /* "priority": low-latency queueing */
	bool global;                   /* from the global service policy */
};

/* Classes that apply to traffic entering ifname: the interface's service
 * policy first, then the global one, each class in configuration order. */
void policy_foreach_class(const char *ifname,
			  void (*fn)(void *ctx, const struct policy_class_view *c),
			  void *ctx);
/* Bumped on every change of class-maps, policy-maps or service-policies. */
unsigned long policy_generation(void);
/* "message-length maximum" of a DNS inspect map, 0 when unset/unknown. */
int policy_dns_max_length(const char *map);

#endif
