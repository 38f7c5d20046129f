/*
 * fw_int.h — what the firewall's own modules share: interface slots,
 * time, the compiled access lists, the parsed view of a packet and the
 * verdict on a new flow.  Not for other modules (they use fw.h/dp.h).
 *
 * Compiled state never points into the configuration: interfaces are
 * named by a stable slot number (a conn outlives configuration edits),
 * access lists and NAT rules are copied when compiled.  So a packet that
 * meets slightly stale compiled state is judged by the previous policy,
 * never by freed memory; fw_sync() rebuilds when the configuration moved.
 */
#ifndef PIXIE_DP_FW_INT_H
#define PIXIE_DP_FW_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dataplane/acl.h"
#include "dataplane/classify.h"
#include "dataplane/fw.h"
#include "dataplane/iface.h"

/* ---- time ----------------------------------------------------------------- */

/* Seconds on the event loop's monotonic clock (idle times, durations). */
uint32_t fw_now(void);
/* Unit tests drive time by hand: clk NULL returns to the loop's clock. */
void fw_set_clock(const uint32_t *clk);
/* "h:mm:ss" as syslog durations and show conn idle print it. */
const char *fw_hms(uint32_t secs, char buf[32]);

/* ---- interfaces ------------------------------------------------------------- */

#define FW_SLOTS_MAX 4096

struct fw_acl;

struct fw_if {
	char name[IFACE_NAME_MAX + 1];
	struct iface *ifp;            /* NULL when the nameif went away */
	bool live;
	int sec;                      /* security level (no level: 0) */
	struct fw_acl *acl_in, *acl_out; /* access-group lists, NULL = none */
	char *acl_in_name, *acl_out_name;
	bool icmp_inspect;            /* "inspect icmp" applies to traffic entering */
	/* local hosts (show local-host) */
	uint32_t hosts, hosts_max, hosts_denied;
};

extern struct fw_if *fw_ifs;
extern size_t fw_nifs;

/* The slot of a named interface, -1 for an interface without nameif. */
int fw_slot(const struct iface *ifp);
int fw_slot_by_name(const char *name);
static inline const char *fw_ifname(int slot)
{
	return slot >= 0 && (size_t)slot < fw_nifs ? fw_ifs[slot].name : "?";
}
/* The interface's current address (0 when it has none or is gone). */
uint32_t fw_if_ip(int slot);

/* ---- configuration --------------------------------------------------------- */

/* Rebuild the compiled state when the configuration changed since the
 * last build (a counter compare on the fast path). */
void fw_sync(void);
/* Rebuild now (tests, "clear" commands that need a fresh view). */
void fw_rebuild(void);
/* Change detection (fw_gen.c): a cheap counter for every packet, an
 * exact fingerprint for commands and the tick; fw_gen_bump() for changes
 * the firewall is told about (nameif removed, factory reset). */
uint64_t fw_gen_cheap(void);
uint64_t fw_gen_exact(void);
void fw_gen_bump(void);
/* Bumped by every rebuild: next hops cached in conns are stale then. */
extern uint32_t fw_gen_seq;

/* Timeouts in seconds as configured, read at rebuild. */
struct fw_timeouts {
	uint32_t conn, half_closed, udp, icmp, xlate, pat_xlate, embryonic;
};
extern struct fw_timeouts fw_tmo;

/* ---- compiled access lists (fw_acl.c) ------------------------------------- */

#define FW_ELEM_SELF UINT32_MAX

struct fw_hitrec;

struct fw_elem {
	uint32_t ace;      /* index of the entry in its list */
	uint32_t k;        /* object-group element number, FW_ELEM_SELF: none */
	bool permit;
	uint8_t log;       /* enum ace_log */
	uint8_t level;     /* 106100 severity */
	uint16_t interval; /* 106100 interval, seconds */
	uint32_t hash1, hash2;
	struct fw_hitrec *rec;
	const struct ace *entry; /* compared, never followed: see fw_acl_hit */
	uint32_t src, smask, dst, dmask; /* policy NAT maps by these */
	uint16_t sp_lo, sp_hi;
	char *text;        /* "access-list NAME extended permit ..." (the entry) */
};

struct fw_acl {
	char *name;
	struct classifier *cls;
	struct fw_elem *el;
	size_t nel;
	size_t nrules;
};

/* The list compiled for the current build (compiled on first use); NULL
 * when there is no such list. */
struct fw_acl *fw_acl_get(const char *name);
/* First matching element, NULL: no entry matched (the implicit deny). */
const struct fw_elem *fw_acl_lookup(const struct fw_acl *a, const struct cls_key *k);
void fw_acl_hit(const struct fw_acl *a, const struct fw_elem *e);
/* Drop every compiled list (rebuild); hit counts stay. */
void fw_acl_flush(void);
size_t fw_acl_mem(void);

/* 106100 for an entry with "log": first hit now, then one message per
 * interval with the count (fw_acl_tick). */
struct fw_flow;
void fw_acl_log_hit(const struct fw_acl *a, const struct fw_elem *e, const struct fw_flow *f,
		    int in, int out);
void fw_acl_tick(uint32_t now);
void fw_acl_reset(void);

/* The key the access lists see for a flow (ICMP: type in dport, code in sport). */
void fw_flow_key(const struct fw_flow *f, struct cls_key *k);

/* ---- a packet's headers, parsed once (fw.c) ------------------------------- */

struct fw_pkt {
	uint8_t *ip, *l4;
	unsigned hl;          /* IP header length */
	unsigned l4len;       /* L4 bytes (from the IP total length) */
	uint8_t proto;
	uint32_t src, dst;
	uint16_t sport, dport; /* conn-key semantics: ICMP query id as sport
				* (requests) or dport (replies) */
	uint8_t icmp_type, icmp_code;
	uint8_t tcp_flags;
	uint32_t seq, ack;
	uint16_t win;
	int8_t wscale;        /* TCP window scale option in a SYN, -1 none */
	uint32_t payload;     /* L4 payload bytes */
};

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10
#define TH_URG 0x20

/* ICMP query types that carry an identifier. */
static inline int icmp_query_kind(uint8_t type)
{
	switch (type) {
	case 8: case 13: case 15: case 17:
		return 1; /* request */
	case 0: case 14: case 16: case 18:
		return 2; /* reply */
	default:
		return 0;
	}
}

static inline bool icmp_is_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* The conn-table key of a flow arriving on slot in (false: no key, an
 * ICMP error). */
struct ckey;
bool fw_flow_ckey(const struct fw_flow *f, int in, struct ckey *k);
/* The configuration as it is now (show and clear commands, tracer). */
void fw_sync_now(void);

/* "SYN ACK" text of 106001/106015. */
const char *fw_tcp_flags_text(uint8_t flags, char buf[40]);

/* ---- the verdict on a new flow (fw_flow.c) ------------------------------- */

enum nat_how {
	NH_NONE,     /* no rule: untranslated */
	NH_EXEMPT,   /* nat 0 access-list */
	NH_STATIC,   /* a static maps it */
	NH_XLATE,    /* an existing dynamic xlate maps it */
	NH_DYNAMIC,  /* a nat rule: take from the globals of its id */
	NH_IDENTITY, /* nat 0 NET MASK: an identity xlate */
};

struct nr_static;
struct nr_rule;
struct nr_gset;

struct fw_nat {
	enum nat_how how;
	uint32_t ip;      /* translated address */
	uint16_t port;    /* translated port (PAT/static PAT), else the original */
	uint32_t xlate;   /* NH_XLATE, or the xlate a commit created */
	const struct nr_static *st;
	const struct nr_rule *rule;
	const struct nr_gset *gset;
	int real_slot;    /* un-NAT: the interface the real address is on */
};

struct fw_verdict {
	bool allow;
	int drop;                 /* enum asp_drop */
	int in, out;              /* slots */
	uint32_t nexthop;
	uint32_t rdst;            /* destination after un-NAT */
	uint16_t rdport;
	struct fw_nat dnat, snat;
	const struct fw_acl *acl; /* the in access-group list that permitted */
	const struct fw_elem *el;
	bool stateful;            /* a conn is made for the flow */
};

bool fw_decide(const struct fw_flow *f, struct fw_verdict *v, struct fw_trace_result *tr);
/* Create what the verdict needs (xlates); false when the translation
 * cannot be made after all (pool exhausted: logged, v->drop set). */
bool fw_commit_nat(const struct fw_flow *f, struct fw_verdict *v);

#endif
