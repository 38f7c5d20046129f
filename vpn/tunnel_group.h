/*
 * tunnel_group.h — typed tunnel-group configuration (PIX 7.2).
 *
 * Three groups are built in and always exist: DefaultRAGroup (ipsec-ra),
 * DefaultL2LGroup (ipsec-l2l) and DefaultWEBVPNGroup (webvpn); their
 * "type" line is never printed.  The pre-shared key is kept in clear in
 * memory because IKE needs it, and wiped whenever it is replaced or freed.
 */
#ifndef PIXIE_VPN_TUNNEL_GROUP_H
#define PIXIE_VPN_TUNNEL_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpn/strv.h"

enum tg_type { TG_IPSEC_RA = 0, TG_IPSEC_L2L, TG_WEBVPN };

/* PPP authentication protocols allowed (ppp-attributes). */
enum ppp_auth {
	PPP_AUTH_PAP = 1 << 0,
	PPP_AUTH_CHAP = 1 << 1,
	PPP_AUTH_MSCHAPV1 = 1 << 2,
	PPP_AUTH_MSCHAPV2 = 1 << 3,
	PPP_AUTH_EAP_PROXY = 1 << 4,
};
/* PIX 7.2 default: CHAP and MS-CHAPv1 (the seed prints
 * "no authentication chap" / "authentication ms-chap-v2"). */
#define PPP_AUTH_DEFAULT (PPP_AUTH_CHAP | PPP_AUTH_MSCHAPV1)

enum tg_peer_id { PEER_ID_REQ = 0, PEER_ID_CERT, PEER_ID_NOCHECK };

#define TG_MAX_POOLS 6
#define TG_MAX_DHCP 10
#define TG_PSK_MAX 128

/* "authentication-server-group [(IF)] GROUP [LOCAL]" */
struct tg_server_ref {
	char *ifname; /* NULL: any interface */
	char *group;  /* aaa-server group name (owned by the aaa module) */
	bool local_fallback;
};

struct tunnel_group {
	char *name;
	enum tg_type type;
	bool builtin;

	/* general-attributes */
	char *pool_if;     /* address-pool (IF) ... */
	struct strv pools; /* up to 6 ip local pool names */
	struct tg_server_ref authn;
	char *authz_group;
	char *acct_group;
	char *default_gp; /* NULL: DfltGrpPolicy */
	uint32_t dhcp[TG_MAX_DHCP];
	size_t ndhcp;
	bool strip_realm, strip_group;
	bool pw_mgmt;
	long pw_expire_days; /* -1: not given */
	bool authz_required;
	char *authz_dn;      /* authorization-dn-attributes: "CN OU" / "use-entire-name" */
	bool override_account_disable;

	/* ipsec-attributes */
	char *psk; /* clear text, wiped on change */
	enum tg_peer_id peer_id;
	bool chain;
	char *trust_point;
	bool ka_disable;
	unsigned long ka_threshold, ka_retry; /* 0: type default */
	bool radius_sdi_xauth;
	bool radius_with_expiry;
	char *ikev1_user_auth; /* "(outside) hybrid"; NULL: xauth (default) */
	struct strv client_update; /* "client-update type T url U rev-nums R", one per type */

	/* ppp-attributes */
	unsigned ppp_auth; /* enum ppp_auth bits */

	/* webvpn-attributes: canonical lines, see tunnel_group_cmds.c */
	struct strv webvpn;
};

/* Look-ups for the IKE/L2TP/PPP code and the CLI. */
struct tunnel_group *tg_find(const char *name);
/* Create a group of a type (fails if it exists with another type). */
struct tunnel_group *tg_create(const char *name, enum tg_type type);
/* Remove a group; a built-in one is only reset to its defaults. */
void tg_delete(const char *name);
void tg_clear_all(void);
/* Reset one attribute set of a group to defaults. */
enum tg_attrs { TG_GENERAL = 1, TG_IPSEC = 2, TG_PPP = 4, TG_WEBVPN_ATTRS = 8 };
void tg_reset_attrs(struct tunnel_group *g, unsigned which);
void tg_set_psk(struct tunnel_group *g, const char *key); /* NULL clears */
const char *tg_type_kw(enum tg_type t);
/* Default IKE keepalive of a type: threshold (seconds) and retry. */
void tg_keepalive_default(enum tg_type t, unsigned long *threshold,
			  unsigned long *retry);

/* Iterate every group in show order (built-ins first, then creation). */
struct tunnel_group *tg_next(size_t *iter);

#endif
