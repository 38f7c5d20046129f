/*
 * sad.h — the IPsec SA database: the contract between IKE (vpn/ike/), which
 * negotiates SA pairs in quick mode, and the ESP path in the dataplane
 * (vpn/ipsec/), which uses them.
 *
 * One quick mode produces one *pair*: an inbound and an outbound ESP SA with
 * the same selectors (the proxy identities), the same endpoints and the same
 * lifetimes.  A pair has a small integer id (never 0, never reused while the
 * process runs); packets carry it in struct pkt.ipsec_sa.
 *
 *   IKE:  spi = sad_spi_alloc()  -> offered in quick mode as our inbound SPI
 *         sad_add(&params, &id)  -> after QM message 3 (responder) / 2+3
 *         sad_del(id, reason)    -> on delete notify, clear, IKE SA teardown
 *   SAD -> IKE (struct sad_hooks): lifetimes running out (rekey / delete
 *         notify) and traffic that needs an SA nobody negotiated yet
 *         (static crypto map: IKE initiates).
 *
 * Addresses and ports are host byte order.  Keys are copied; sad_add's
 * caller wipes its own copy.
 */
#ifndef PIXIE_SAD_H
#define PIXIE_SAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpn/ipsec/esp.h"

#define SAD_KEY_MAX 64  /* encryption key + authentication key */
#define SAD_NAME_MAX 64

/* One side of a proxy identity: an address range as addr/mask, an IP
 * protocol (0 = any) and a port (0 = any). */
struct ipsec_sel {
	uint32_t addr, mask;
	uint8_t proto;
	uint16_t port;
};

enum sad_kind { SAD_RA, SAD_L2L }; /* "in use settings ={RA|L2L, ...}" */

struct sad_params {
	uint32_t local, peer;      /* outer addresses */
	bool udp_encap;            /* RFC 3948 ESP in UDP */
	uint16_t local_port;       /* with udp_encap: 4500 */
	uint16_t peer_port;        /* with udp_encap: the peer's (NAT-mapped) port */
	enum esp_mode mode;
	enum sad_kind kind;
	struct ipsec_sel local_id, remote_id; /* "local ident", "remote ident" */
	enum esp_cipher cipher;
	enum esp_mac mac;
	uint32_t spi_in, spi_out;
	/* KEYMAT of each direction, encryption key first then the
	 * authentication key (RFC 2409 5.5 / RFC 4303) */
	uint8_t key_in[SAD_KEY_MAX], key_out[SAD_KEY_MAX];
	unsigned long life_sec, life_kb; /* 0 = no limit */
	unsigned pfs_group;        /* 0 = no PFS */
	char ifname[SAD_NAME_MAX]; /* interface of the crypto map ("outside") */
	char map[SAD_NAME_MAX];    /* "Crypto map tag": the map whose entry matched */
	unsigned long map_seq;
	char group[SAD_NAME_MAX];  /* tunnel-group */
	char user[SAD_NAME_MAX];   /* 602303's "user=": the peer address for IPsec
				      alone, the PPP user once L2TP has one */
	uint32_t ike_id;           /* the IKE SA that negotiated it (conn_id) */
	uint32_t qm_msgid;
};

/* A random inbound SPI (>= 256) not used by any SA and not handed out
 * before; it stays reserved until sad_add uses it or sad_spi_release. */
uint32_t sad_spi_alloc(void);
void sad_spi_release(uint32_t spi);

/* Install a pair; logs 602303 for both directions.  0 or -errno
 * (-EEXIST: inbound SPI in use; -EINVAL: unsupported algorithm or keys). */
int sad_add(const struct sad_params *p, uint32_t *id);
/* Remove a pair (602304 for both directions) and wipe its keys.  reason is
 * for debug output.  false when id is unknown. */
bool sad_del(uint32_t id, const char *reason);
/* Remove every pair with this peer (clear crypto ipsec sa peer ADDR, IKE
 * SA gone); returns how many. */
size_t sad_del_peer(uint32_t peer);
size_t sad_del_ike(uint32_t ike_id);
void sad_del_all(void);

/* Read access for IKE (rekey, delete notifies) and the show commands. */
const struct sad_params *sad_params(uint32_t id);
uint32_t sad_by_spi_in(uint32_t spi);  /* 0 when none */
uint32_t sad_by_spi_out(uint32_t spi); /* 0 when none */
/* Counters of the pair's two SAs. */
bool sad_stats(uint32_t id, struct esp_stats *in, struct esp_stats *out);
/* Iterate pairs in creation order: start with *iter = 0; 0 at the end. */
uint32_t sad_next(size_t *iter);
size_t sad_count(void);

/* What the SAD tells IKE.  Any member may be NULL. */
struct sad_hooks {
	/* The soft lifetime (seconds or kB) of pair id ran out: negotiate a
	 * new pair now (the old one keeps working until its hard limit). */
	void (*soft_expire)(uint32_t id);
	/* The hard lifetime ran out: the pair is being deleted (the hook runs
	 * before, so IKE can send the delete notify with its SPIs). */
	void (*hard_expire)(uint32_t id);
	/* Outbound traffic matched `match address` of static crypto map entry
	 * (map, seq) on interface ifname and no SA exists: start phase 1/2
	 * towards the entry's peer with these selectors (src side = local). */
	void (*acquire)(const char *map, unsigned long seq, const char *ifname,
			const struct ipsec_sel *local, const struct ipsec_sel *remote);
};
void sad_set_hooks(const struct sad_hooks *h);

/* UDP 4500 carries ESP in UDP (RFC 3948), NAT keepalives and IKE behind the
 * 4-byte non-ESP marker.  The ESP path owns the port and hands IKE messages
 * (marker removed) to the function IKE registers here. */
typedef void (*sad_natt_ike_fn)(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
				const uint8_t *msg, size_t len);
void sad_set_natt_ike_input(sad_natt_ike_fn fn);

#endif
