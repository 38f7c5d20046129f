/*
 * acl.h — access lists (extended, standard, remarks) and their binding to
 * interfaces (access-group), as configured.
 *
 * The dataplane compiles these into its classifier; NAT reads lists by
 * name ("nat (inside) 0 access-list nonat"); show access-list prints them
 * with their hit counts.  Lists keep creation order, entries keep line
 * order.  A list exists while it has at least one entry.
 */
#ifndef PIXIE_DP_ACL_H
#define PIXIE_DP_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/names.h"
#include "lib/strbuf.h"

#define ACL_NAME_MAX 241
#define ACL_REMARK_MAX 100

enum ace_kind { ACE_EXTENDED, ACE_STANDARD, ACE_REMARK };
enum acl_addr_kind { AA_ANY, AA_HOST, AA_NET, AA_GROUP, AA_IFACE };
enum ace_log { ACE_LOG_NONE, ACE_LOG_ON, ACE_LOG_DISABLE, ACE_LOG_DEFAULT };

struct acl_addr {
	enum acl_addr_kind kind;
	uint32_t ip, mask; /* HOST: ip; NET: ip/mask (host order) */
	char *group;       /* GROUP: network object-group; IFACE: the nameif
			    * whose address this is ("interface outside") */
};

/* The network object-group an address names, or NULL ("interface NAME"
 * keeps its nameif in .group too, and is not a group). */
static inline const char *acl_addr_group(const struct acl_addr *a)
{
	return a->kind == AA_GROUP ? a->group : NULL;
}

struct acl_port {
	enum port_op op;
	int lo, hi;
	char *group; /* service object-group (tcp/udp), or icmp-type group */
};

struct ace {
	enum ace_kind kind;
	bool permit;
	int proto;           /* 0-255, -1 when proto_group is set */
	char *proto_group;   /* protocol group or service-object group */
	struct acl_addr src, dst;
	struct acl_port sport, dport; /* dport.group is an icmp-type group for icmp */
	int icmp_type;       /* -1: none */
	enum ace_log log;
	int log_level;       /* -1: not given (informational) */
	int log_interval;    /* 0: not given (300 s) */
	char *time_range;
	bool inactive;
	char *remark;        /* ACE_REMARK */
	uint64_t hits;       /* the dataplane counts; show access-list prints */
};

struct acl {
	char *name;
	struct ace **v;
	size_t n, cap;
};

struct acl *acl_find(const char *name);
/* Lists in creation order. */
size_t acl_count(void);
struct acl *acl_at(size_t i);

/* The entry as show running-config prints it after "access-list NAME "
 * ("extended permit ip any any log", "remark text"). */
void acl_fmt_ace(struct strbuf *sb, const struct ace *e);
/* The 8-hex-digit hash show access-list prints for an entry's text. */
uint32_t acl_text_hash(const char *acl, const char *text);
/* Number of elements (ACEs with object-groups expanded; no remarks). */
size_t acl_elements(const struct acl *l);

/* "access-list alert-interval N" (default 300 s) and "access-list
 * deny-flow-max N" (default 4096): limits of the deny-flow log cache. */
int acl_alert_interval(void);
int acl_deny_flow_max(void);
void acl_set_log_limits(int alert_interval, int deny_flow_max);

/* Interface bindings: the list applied in/out on a nameif, or NULL. */
const char *acl_group_get(const char *nameif, bool out);
/* "access-group ... in interface X per-user-override": downloaded per-user
 * ACLs replace the interface's list for their users. */
bool acl_group_per_user_override(const char *nameif);

/* Told when a list stops existing (last entry removed, clear configure). */
typedef void (*acl_watch_fn)(const char *name);
void acl_watch(acl_watch_fn fn);

/* ---- used by the ACL modules of dataplane/ only ---- */
/* Insert at line `line` (1-based; 0 or past the end: append).  Takes e.
 * Returns false (and frees e) when an equal entry exists. */
bool acl_insert(const char *name, struct ace *e, long line);
/* Remove the entry equal to e (e is not consumed); false if none. */
bool acl_remove_ace(const char *name, const struct ace *e);
void acl_remove_list(const char *name);
void acl_clear_all(void); /* every list (clear configure access-list) */
void acl_ace_free(struct ace *e);
bool acl_ace_eq(const struct ace *a, const struct ace *b);
void acl_group_set(const char *nameif, bool out, const char *acl); /* acl NULL: unbind */
void acl_group_set_override(const char *nameif, bool on);
void acl_group_clear(void);
/* Does any entry refer to this object-group? */
bool acl_uses_group(const char *group);

#endif
