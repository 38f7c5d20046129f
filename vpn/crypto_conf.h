/*
 * crypto_conf.h — the typed crypto configuration: IPsec transform-sets and
 * globals, crypto maps and dynamic maps, ISAKMP policies and globals.
 *
 * The CLI handlers (crypto_*_cmds.c, isakmp_cmds.c) are the only writers;
 * the IKE/IPsec code reads this through the lookups below.  Everything is
 * kept exactly as configured (names, not pointers: a map entry may name a
 * transform-set that does not exist yet, as on the ASA).
 */
#ifndef PIXIE_VPN_CRYPTO_CONF_H
#define PIXIE_VPN_CRYPTO_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/hmap.h"
#include "vpn/strv.h"

/* ---- IPsec transform-sets ------------------------------------------- */

enum esp_enc {
	ESP_ENC_DES = 1,
	ESP_ENC_3DES,
	ESP_ENC_AES, /* 128-bit */
	ESP_ENC_AES192,
	ESP_ENC_AES256,
	ESP_ENC_NULL,
};
enum esp_auth {
	ESP_AUTH_UNSET = 0, /* not given on the line: printed as nothing */
	ESP_AUTH_MD5,
	ESP_AUTH_SHA,
	ESP_AUTH_NONE, /* "esp-none" typed explicitly */
};

struct transform_set {
	char *name;
	enum esp_enc enc;
	enum esp_auth auth;
	bool transport; /* "mode transport"; tunnel is the default */
};

const char *esp_enc_kw(enum esp_enc e);   /* "esp-3des" */
const char *esp_auth_kw(enum esp_auth a); /* "esp-md5-hmac", "" if unset */
bool esp_enc_parse(const char *kw, enum esp_enc *e);
bool esp_auth_parse(const char *kw, enum esp_auth *a);

/* ---- IPsec globals -------------------------------------------------- */

#define IPSEC_SA_SEC_DEFAULT 28800UL
#define IPSEC_SA_KB_DEFAULT 4608000UL
#define IPSEC_SA_SEC_MIN 120UL
#define IPSEC_SA_KB_MIN 10UL
#define IPSEC_SA_MAX 2147483647UL

enum df_bit { DF_COPY = 0 /* default */, DF_CLEAR, DF_SET };
struct df_bit_if {
	char *ifname;
	enum df_bit mode;
};

struct ipsec_globals {
	/* printed only when entered (the seed shows neither default line) */
	bool sa_sec_set, sa_kb_set;
	unsigned long sa_sec, sa_kb;
	struct df_bit_if *df; /* non-default per-interface df-bit policies */
	size_t ndf;
};

/* ---- crypto maps and dynamic maps ----------------------------------- */

#define CMAP_MAX_PEERS 10
#define CMAP_MAX_TSETS 11
#define CMAP_SEQ_MAX 65535UL

enum cmap_conn { CONN_BIDIR = 0, CONN_ANSWER_ONLY, CONN_ORIGINATE_ONLY };
enum cmap_p1 { P1_MAIN = 0, P1_AGGRESSIVE };

struct cmap_entry {
	unsigned long seq;
	char *dynamic; /* crypto map only: "ipsec-isakmp dynamic NAME" */
	char *acl;     /* match address */
	bool pfs;
	int pfs_group; /* 0: "set pfs" without a group (group2) */
	uint32_t peers[CMAP_MAX_PEERS];
	size_t npeers;
	struct strv tsets; /* set transform-set, in the order given */
	unsigned long sa_sec, sa_kb; /* 0: not set */
	bool reverse_route;
	bool nat_t_disable;
	char *trustpoint; /* set trustpoint TP [chain] */
	bool tp_chain;
	enum cmap_conn conn;
	enum cmap_p1 p1;
	int p1_group; /* aggressive mode DH group, 0 = default */
};

struct cmap {
	char *name;
	struct cmap_entry **ents; /* sorted by seq */
	size_t n;
	struct strv ifaces; /* "crypto map NAME interface IF" */
};

struct cmap_table {
	struct hmap maps; /* name -> struct cmap*, creation order */
};

struct cmap *cmap_find(struct cmap_table *t, const char *name);
struct cmap *cmap_get(struct cmap_table *t, const char *name); /* creates */
void cmap_del(struct cmap_table *t, const char *name);
void cmap_table_clear(struct cmap_table *t);
struct cmap_entry *cmap_entry_find(struct cmap *m, unsigned long seq);
struct cmap_entry *cmap_entry_get(struct cmap *m, unsigned long seq);
/* Delete one entry; the map itself goes when it is left with nothing. */
void cmap_entry_del(struct cmap_table *t, struct cmap *m, unsigned long seq);
bool cmap_entry_empty(const struct cmap_entry *e);
/* Drop the map if it has no entries and no interface. */
void cmap_gc(struct cmap_table *t, struct cmap *m);

/* ---- ISAKMP ----------------------------------------------------------- */

enum ike_auth { IKE_AUTH_PRESHARE = 0, IKE_AUTH_RSA_SIG, IKE_AUTH_CRACK };
enum ike_enc { IKE_ENC_DES = 0, IKE_ENC_3DES, IKE_ENC_AES, IKE_ENC_AES192,
	       IKE_ENC_AES256 };
enum ike_hash { IKE_HASH_MD5 = 0, IKE_HASH_SHA };
enum ike_identity { IKE_ID_AUTO = 0, IKE_ID_ADDRESS, IKE_ID_HOSTNAME,
		    IKE_ID_KEY_ID };

#define ISAKMP_PRIO_MAX 65535UL
#define ISAKMP_LIFETIME_DEFAULT 86400UL
#define ISAKMP_LIFETIME_MIN 120UL
#define ISAKMP_LIFETIME_MAX 2147483647UL
#define NATT_KEEPALIVE_DEFAULT 20UL
#define IPSEC_OVER_TCP_PORT_DEFAULT 10000UL

struct isakmp_policy {
	unsigned long prio;
	enum ike_auth auth;
	enum ike_enc enc;
	enum ike_hash hash;
	int group;              /* 1, 2, 5, 7 */
	unsigned long lifetime; /* seconds, 0 = no limit */
};
/* A new policy's values (ASA defaults: pre-share, 3des, sha, group 2, 86400). */
void isakmp_policy_defaults(struct isakmp_policy *p, unsigned long prio);

const char *ike_auth_kw(enum ike_auth a);
const char *ike_enc_kw(enum ike_enc e);
const char *ike_hash_kw(enum ike_hash h);

struct isakmp_conf {
	struct isakmp_policy *pol; /* sorted by priority */
	size_t npol;
	struct strv enabled; /* interfaces with "crypto isakmp enable" */
	bool natt;
	unsigned long natt_keepalive;
	enum ike_identity identity;
	char *key_id; /* IKE_ID_KEY_ID */
	bool am_disable;
	bool ipsec_over_tcp;
	unsigned long tcp_ports[10]; /* empty list: port 10000 */
	size_t ntcp_ports;
	bool disconnect_notify;
	bool reload_wait;
};

struct isakmp_policy *isakmp_policy_find(struct isakmp_conf *c,
					 unsigned long prio);
struct isakmp_policy *isakmp_policy_get(struct isakmp_conf *c,
					unsigned long prio); /* creates */
void isakmp_policy_del(struct isakmp_conf *c, unsigned long prio);

/* ---- the whole crypto configuration --------------------------------- */

struct crypto_conf {
	struct hmap tsets; /* name -> struct transform_set*, creation order */
	struct ipsec_globals ipsec;
	struct cmap_table dynmaps;
	struct cmap_table maps;
	struct isakmp_conf isakmp;
};

struct crypto_conf *crypto_conf(void);
struct transform_set *tset_find(const char *name);
/* Which parts to clear: "clear configure crypto [ipsec|dynamic-map|map|isakmp]". */
enum crypto_part {
	CRYPTO_IPSEC = 1 << 0,
	CRYPTO_DYNMAP = 1 << 1,
	CRYPTO_MAP = 1 << 2,
	CRYPTO_ISAKMP = 1 << 3,
	CRYPTO_ALL = 0xf,
};
void crypto_conf_clear(unsigned parts);

/* For the IKE code: the crypto map bound to an interface, or NULL. */
struct cmap *crypto_map_for_if(const char *ifname);
bool isakmp_enabled_on(const char *ifname);

#endif
