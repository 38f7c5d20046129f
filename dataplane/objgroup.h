/*
 * objgroup.h — object-group network | service | protocol | icmp-type:
 * named sets of addresses, ports, services, protocols or ICMP types that
 * access lists (and later NAT) refer to.  Groups nest with group-object.
 */
#ifndef PIXIE_DP_OBJGROUP_H
#define PIXIE_DP_OBJGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/names.h"

#define OG_NAME_MAX 64

enum og_type { OG_NETWORK = 1, OG_SERVICE, OG_PROTOCOL, OG_ICMP };

enum og_kind {
	OGM_HOST,  /* network-object host A */
	OGM_NET,   /* network-object A M */
	OGM_PORT,  /* port-object eq P | range L H */
	OGM_SVC,   /* service-object PROTO [eq P ...] | service-object icmp [T] */
	OGM_PROTO, /* protocol-object P */
	OGM_ICMP,  /* icmp-object T */
	OGM_GROUP, /* group-object NAME */
};

struct og_member {
	enum og_kind kind;
	uint32_t ip, mask;  /* HOST, NET */
	int proto;          /* PROTO, SVC (SVC_TCPUDP for tcp-udp) */
	enum port_op op;    /* PORT, SVC */
	int lo, hi;         /* ports */
	int icmp;           /* ICMP; SVC with icmp: type or -1 */
	char *group;        /* GROUP */
};

#define SVC_TCPUDP (-2)

struct objgroup {
	char *name;
	enum og_type type;
	/* service groups: tcp, udp or tcp-udp for a port-object group
	 * ("object-group service NAME tcp"); 0 for a service-object group */
	enum port_proto svc_pp;
	char *desc;
	struct og_member *m;
	size_t n, cap;
	void *index; /* private: member keys, so adding to a large group is O(1) */
};

struct objgroup *og_find(const char *name);
/* Groups in creation order. */
size_t og_count(void);
struct objgroup *og_at(size_t i);

/* Call fn for every leaf member of g, following group-objects (each nested
 * group once per path; loops are refused when configured). */
typedef void (*og_leaf_fn)(const struct og_member *m, const struct objgroup *owner, void *ctx);
void og_expand(const struct objgroup *g, og_leaf_fn fn, void *ctx);
/* The leaves of a group collected in og_expand order: show access-list
 * and the ACL classifier both walk every combination of an entry's groups.
 * A NULL or unknown group gives none.  Free l->v with free(). */
struct og_leaves {
	const struct og_member **v;
	size_t n, cap;
};
void og_leaves_fill(struct og_leaves *l, const char *group);
/* Number of leaves og_expand would visit. */
size_t og_leaf_count(const struct objgroup *g);

/* Other modules that refer to groups (access lists, NAT) register a check:
 * a referenced group cannot be removed. */
typedef bool (*og_user_fn)(const char *name);
void og_register_user(og_user_fn fn);
bool og_in_use(const char *name);

/* "object-group network" etc. */
const char *og_type_name(enum og_type t);

/* ---- used by objgroup_cmds.c ---- */
struct objgroup *og_create(const char *name, enum og_type type, enum port_proto pp);
void og_remove(struct objgroup *g);
/* Add unless an equal member exists; takes ownership of m->group. */
void og_add(struct objgroup *g, const struct og_member *m);
/* Remove the member equal to m; false when there is none. */
bool og_del(struct objgroup *g, const struct og_member *m);
/* Would g contain `inner` (directly or nested)? */
bool og_contains(const struct objgroup *g, const char *inner);
void og_clear_all(void);

#endif
