/*
 * dp_errors.h — the ASA's error/info texts for interface, ACL, object-group,
 * route, ARP, ICMP and timeout commands, in one table so tests can assert
 * them.  Texts marked [R] are reconstructed (no stored Cisco transcript);
 * change them here when a real one is found.
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

#endif
