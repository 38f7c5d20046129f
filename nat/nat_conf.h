/*
 * nat_conf.h — the typed NAT configuration of the PIX 7.2 dialect.
 *
 *   nat-control                          nat_conf()->control
 *   global (IF) ID interface|A|A-B [netmask M]     struct nat_global
 *   nat (IF) ID NET MASK [opts] / access-list ACL  struct nat_rule
 *   static (IN,OUT) [tcp|udp] MAPPED [PORT] REAL|access-list ACL ...
 *                                                   struct nat_static
 *
 * The CLI (nat_cmds.c) validates a line fully, then calls one mutator here;
 * the xlate code (later) reads the tables through the iterators.  Lookups
 * that the CLI needs (duplicates, `no` forms) are hash lookups so a paste of
 * 100,000 lines stays linear.  Addresses are IPv4 in host order.
 */
#ifndef PIXIE_NAT_CONF_H
#define PIXIE_NAT_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NAT_IFNAME_MAX 48   /* nameif length limit of the ASA */
#define NAT_ACLNAME_MAX 241 /* access-list name length limit */
#define NAT_ID_MAX 2147483647u
#define NAT_POLICY_ID_MAX 65535u /* nat ID access-list ... (policy NAT) */

/* Connection limits and flags shared by nat and static lines. */
struct nat_opts {
	bool dns;
	bool outside;     /* nat only: "outside" (outside NAT) */
	bool norandomseq;
	uint32_t tcp_max; /* 0 = unlimited */
	uint32_t emb_max; /* embryonic limit, 0 = unlimited */
	uint32_t udp_max;
};

enum nat_rule_kind {
	NAT_RULE_NET, /* nat (IF) ID NET MASK   (ID 0: identity NAT) */
	NAT_RULE_ACL, /* nat (IF) ID access-list ACL (ID 0: NAT exemption) */
};

struct nat_rule {
	char ifname[NAT_IFNAME_MAX + 1];
	uint32_t id;
	enum nat_rule_kind kind;
	uint32_t net, mask;               /* NAT_RULE_NET */
	char acl[NAT_ACLNAME_MAX + 1];    /* NAT_RULE_ACL */
	struct nat_opts opts;
	uint64_t seq;                     /* entry order (set by nat_rule_set) */
};

enum nat_global_kind {
	NAT_GLOBAL_IFACE, /* global (IF) ID interface: PAT to the interface address */
	NAT_GLOBAL_ADDR,  /* one address: PAT */
	NAT_GLOBAL_RANGE, /* lo-hi: a NAT pool */
};

struct nat_global {
	char ifname[NAT_IFNAME_MAX + 1];
	uint32_t id;
	enum nat_global_kind kind;
	uint32_t lo, hi;   /* ADDR: lo == hi */
	bool has_mask;
	uint32_t mask;
	uint64_t seq;
};

struct nat_static {
	char real_if[NAT_IFNAME_MAX + 1];
	char mapped_if[NAT_IFNAME_MAX + 1];
	uint8_t proto;          /* 0: whole address; 6 tcp; 17 udp (port static) */
	bool mapped_is_iface;   /* "interface" instead of an address */
	uint32_t mapped;
	uint16_t mapped_port;
	bool is_acl;            /* policy static: real side is an access-list */
	char acl[NAT_ACLNAME_MAX + 1];
	uint32_t real;
	uint16_t real_port;
	uint32_t mask;          /* netmask (255.255.255.255 when not given) */
	struct nat_opts opts;
	uint64_t seq;
};

/* ---- nat-control ----------------------------------------------------- */
bool nat_control(void);
void nat_set_control(bool on);

/* ---- nat ------------------------------------------------------------- */
/* Add, or update the options of, the rule with the same identity
 * (interface, id, NET/MASK or ACL).  A replaced rule keeps its place. */
void nat_rule_set(const struct nat_rule *r);
/* Remove the rule with r's identity; false if there is none. */
bool nat_rule_del(const struct nat_rule *r);
/* Remove every rule of (ifname, id); returns how many. */
int nat_rule_del_id(const char *ifname, uint32_t id);
const struct nat_rule *nat_rule_find(const struct nat_rule *key);
void nat_rules_clear(void);
size_t nat_rule_count(void);
/* The rules in show running-config order: grouped by interface (in order of
 * first appearance), then by ascending ID, then entry order.  Returns a
 * malloc'd array of n pointers the caller frees (not the rules). */
const struct nat_rule **nat_rules_sorted(size_t *n);

/* ---- global ---------------------------------------------------------- */
/* Add g unless an identical line exists (returns false then). */
bool nat_global_add(const struct nat_global *g);
bool nat_global_del(const struct nat_global *g);
int nat_global_del_id(const char *ifname, uint32_t id);
void nat_globals_clear(void);
size_t nat_global_count(void);
/* show running-config order: like nat_rules_sorted. */
const struct nat_global **nat_globals_sorted(size_t *n);
/* Is there any global for this ID (on any interface)? */
bool nat_global_id_used(uint32_t id);

/* ---- static ---------------------------------------------------------- */
/* The static with s's identity, or NULL: for a regular static its mapped
 * side (mapped interface, protocol, mapped address/interface and port),
 * for a policy static that and its access-list. */
const struct nat_static *nat_static_find_mapped(const struct nat_static *s);

/* What adding s would run into (the ASA's rule: one real and one mapped
 * address per static between two interfaces, except that policy statics
 * may share a mapped address, which it reports as an overlap). */
enum nat_clash {
	NAT_CLASH_NONE,    /* new, or the same static again (replaced in place) */
	NAT_CLASH_MAPPED,  /* another static owns (part of) the mapped side: refused */
	NAT_CLASH_REAL,    /* a static already maps this real address: refused */
	NAT_CLASH_OVERLAP, /* shares the mapped address with a policy static: allowed */
};
/* The existing static s clashes with (NULL when none, or when the
 * overlap is with one that cannot be named). */
const struct nat_static *nat_static_clash(const struct nat_static *s, enum nat_clash *kind);
/* Add or replace (same identity; keeps its place). */
void nat_static_set(const struct nat_static *s);
bool nat_static_del(const struct nat_static *s);
void nat_statics_clear(void);
size_t nat_static_count(void);
/* Entry order; i from 0; NULL at the end. */
const struct nat_static *nat_static_next(size_t *i);

/* An interface's nameif changed (newname) or went away (NULL): lines on
 * it follow the new name, or are removed. */
void nat_iface_renamed(const char *oldname, const char *newname);

/* Factory default: no nat/global/static, no nat-control. */
void nat_conf_reset(void);

/* Identity strings used as hash keys (exposed for the unit tests). */
void nat_rule_key(const struct nat_rule *r, char *out, size_t n);
void nat_global_key(const struct nat_global *g, char *out, size_t n);
void nat_static_key(const struct nat_static *s, char *out, size_t n);

/* Default classful mask of an address (nat NET without MASK). */
uint32_t nat_class_mask(uint32_t ip);

#endif
