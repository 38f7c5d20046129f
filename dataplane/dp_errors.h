/*
 * dp_errors.h — the ASA's error/info texts for interface, ACL, object-group,
 * route, ARP, ICMP and timeout commands, in one table so tests can assert
 * them.  Texts marked [R] are reconstructed (no stored Cisco transcript);
 * change them here when a real one is found.  [P]: pixie's own text, for
 * lines of other releases that a PIX 7.2 would only give a caret.
 */
#ifndef PIXIE_DP_ERRORS_H
#define PIXIE_DP_ERRORS_H

/* interfaces */
#define INFO_SECLEVEL_DEFAULT "INFO: Security level for \"%s\" set to %d by default.\n"
#define ERR_BAD_MASK "ERROR: Bad mask for address\n" /* cisco-nsp 2013 transcript */
#define ERR_NAMEIF_IN_USE "ERROR: Name \"%s\" is already in use by interface %s\n" /* [R] */
#define ERR_VLAN_IN_USE "ERROR: VLAN %d is already in use by %s\n"                 /* [R] */
#define ERR_ADDR_IN_USE "ERROR: Address %s overlaps with interface %s\n"            /* [R] */

/* access lists */
#define WARN_ACE_DUPLICATE "WARNING: <%s> found duplicate element\n" /* [R] */
#define ERR_ADDR_MASK_PAIR "ERROR: IP address,mask <%s,%s> doesn't pair\n"
#define ERR_ACL_NOT_EXIST "ERROR: access-list <%s> does not exist\n"   /* [R] */

/* object groups */
#define ERR_OG_NOT_FOUND "ERROR: specified object group <%s> not found\n"        /* [R] */
#define ERR_OG_OTHER_TYPE "ERROR: Object-group %s already exists with a different type\n" /* [R] */
#define ERR_OG_IN_USE "Removing object-group (%s) not allowed, it is being used.\n"
#define ERR_OG_LOOP "ERROR: object-group %s cannot be nested in itself\n"       /* [R] */
#define ERR_OG_NEST_TYPE "ERROR: object-group %s is not of the same type\n"     /* [R] */

/* routes */
#define ERR_ROUTE_MASK "ERROR: Inconsistent address and mask\n" /* [R] */
#define ERR_ROUTE_CONFLICT "ERROR: Cannot add route entry, possible conflict with existing routes.\n"

/* threat detection */
#define ERR_TD_RATES "ERROR: Only %d rate intervals can be configured for %s\n" /* [G] */

/* PIX 6 lines (pix6.c, timeout.c) [P]: each names its PIX 7 replacement */
#define ERR_PIX6_NAMEIF                                                                    \
	"ERROR: 'nameif %s ...' is PIX 6 syntax; in PIX 7 use 'interface %s' then "            \
	"'nameif %s' and 'security-level %s'\n"
#define ERR_PIX6_MEDIA                                                                     \
	"ERROR: 'interface %s %s' is PIX 6 syntax; in PIX 7 use 'interface %s' then "          \
	"'speed %s' and 'duplex %s'%s\n"
#define ERR_PIX6_LOGICAL                                                                   \
	"ERROR: 'interface %s %s ...' is PIX 6 syntax; in PIX 7 use 'interface %s.%s' then "   \
	"'vlan %s'\n"
#define ERR_PIX6_IP_ADDRESS                                                                \
	"ERROR: 'ip address %s ...' is PIX 6 syntax; in PIX 7 use '%s' (the port named %s) "   \
	"then '%s'\n"
#define ERR_PIX6_CONDUIT                                                                   \
	"ERROR: conduit is a PIX 6 command; in PIX 7 use 'access-list NAME %s' and "           \
	"'access-group NAME in interface outside'\n"
#define ERR_PIX6_CONDUIT_ANY                                                               \
	"ERROR: conduit is a PIX 6 command; in PIX 7 use an access-list bound to the outside " \
	"interface with 'access-group NAME in interface outside'\n"
#define ERR_PIX6_OUTBOUND                                                                  \
	"ERROR: %s is a PIX 6 command; in PIX 7 write its rules as an access-list and bind "   \
	"it with 'access-group NAME in interface inside'\n"
#define ERR_PIX6_TIMEOUT_RPC "ERROR: timeout rpc is a PIX 6 keyword; use 'timeout sunrpc %s' in PIX 7\n"

#endif
