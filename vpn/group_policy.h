/*
 * group_policy.h — typed group-policy configuration (PIX 7.2).
 *
 * Each attribute is either unset (inherited from DfltGrpPolicy, whose unset
 * attributes take the factory defaults), set to a value, or set to "none"
 * (explicitly empty, stops inheritance).  The PPP/IKE mode-config code asks
 * gp_effective() for the value that applies to a session.
 */
#ifndef PIXIE_VPN_GROUP_POLICY_H
#define PIXIE_VPN_GROUP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpn/strv.h"

#define GP_DEFAULT_NAME "DfltGrpPolicy"

/* In show running-config order. */
enum gp_attr_id {
	GPA_BANNER,
	GPA_WINS,
	GPA_DNS,
	GPA_DHCP_SCOPE,
	GPA_ACCESS_HOURS,
	GPA_SIM_LOGINS,
	GPA_IDLE_TIMEOUT,
	GPA_SESSION_TIMEOUT,
	GPA_VPN_FILTER,
	GPA_TUNNEL_PROTO,
	GPA_PW_STORAGE,
	GPA_IP_COMP,
	GPA_RE_XAUTH,
	GPA_GROUP_LOCK,
	GPA_PFS,
	GPA_IPSEC_UDP,
	GPA_IPSEC_UDP_PORT,
	GPA_SPLIT_POLICY,
	GPA_SPLIT_LIST,
	GPA_DEFAULT_DOMAIN,
	GPA_SPLIT_DNS,
	GPA_SUA,
	GPA_USER_AUTH,
	GPA_USER_AUTH_IDLE,
	GPA_IP_PHONE_BYPASS,
	GPA_LEAP_BYPASS,
	GPA_NEM,
	GPA_ADDRESS_POOLS,
	GPA_COUNT
};

enum gp_state { GP_UNSET = 0, GP_VALUE, GP_NONE };

/* vpn-tunnel-protocol bits, printed in this order */
enum gp_proto {
	GP_PROTO_IPSEC = 1 << 0,
	GP_PROTO_L2TP_IPSEC = 1 << 1,
	GP_PROTO_SVC = 1 << 2,
	GP_PROTO_WEBVPN = 1 << 3,
};
enum gp_split { GP_SPLIT_TUNNELALL = 0, GP_SPLIT_SPECIFIED,
		GP_SPLIT_EXCLUDE };

struct gp_val {
	enum gp_state st;
	unsigned long num;  /* numbers, enable(1)/disable(0), bits, choice */
	uint32_t ip[2];     /* wins-server, dns-server */
	size_t nip;
	struct strv words;  /* names, domain, banner lines */
};

struct group_policy {
	char *name;
	bool builtin; /* DfltGrpPolicy */
	bool external;
	char *server_group; /* external */
	char *password;     /* external, clear in memory, wiped */
	struct gp_val attr[GPA_COUNT];
	/* webvpn sub-mode (config-group-webvpn) */
	unsigned long wv_functions; /* bits of gp_wv_functions() order */
	bool wv_functions_set;
	struct gp_val wv_url_list, wv_filter, wv_homepage;
	struct strv wv_lines; /* the other webvpn lines, canonical, entry order */
};

struct group_policy *gp_find(const char *name);
/* Create an internal policy (a copy of `from` if given). */
struct group_policy *gp_create_internal(const char *name,
					const struct group_policy *from);
struct group_policy *gp_create_external(const char *name, const char *sg,
					const char *password);
void gp_delete(const char *name); /* DfltGrpPolicy is reset instead */
void gp_clear_all(void);
void gp_val_clear(struct gp_val *v);
bool gp_has_attrs(const struct group_policy *g);
struct group_policy *gp_next(size_t *iter); /* DfltGrpPolicy first */

/* The value applying to `g` (its own, else DfltGrpPolicy's); NULL when
 * neither sets it (factory default) or it is "none". */
const struct gp_val *gp_effective(const struct group_policy *g,
				  enum gp_attr_id id);

/* webvpn "functions" keywords in print order; NULL-terminated. */
extern const char *const gp_wv_functions[];

#endif
