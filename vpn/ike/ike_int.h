/*
 * ike_int.h — the IKEv1 engine's own structures, shared by its files:
 * ike_core.c (contexts, SA table, sending, retransmission, timers,
 * teardown), ike_mm.c (main mode), ike_qm.c (quick mode), ike_info.c
 * (informational exchanges, DPD, NAT keepalives), ike_prop.c (proposals
 * against the configuration), ike_vid.c (vendor IDs), ike_log.c (debug
 * lines and syslog prefixes), ike_box.c (the dataplane context) and
 * ike_cmds.c (show/clear/debug).
 */
#ifndef PIXIE_IKE_INT_H
#define PIXIE_IKE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/evloop.h"
#include "lib/debug.h"
#include "vpn/ike/ike.h"
#include "vpn/ike/ike_crypto.h"
#include "vpn/ike/isakmp_msg.h"

#define IKE_NONCE_LEN 20      /* what we send */
#define IKE_NONCE_MAX 256     /* RFC 2409: 8..256 */
#define IKE_MSG_MAX 4096      /* largest message we build */
#define IKE_RETX_FIRST_MS 2000u
#define IKE_RETX_MAX 4        /* retransmissions before giving up */
#define IKE_NAME_MAX 64
#define IKE_HASH_BUCKETS 4096

/* Main mode states, as `show crypto isakmp sa` names them. */
enum ike_state {
	MM_NO_STATE = 0,
	MM_WAIT_MSG2, /* initiator sent 1 */
	MM_WAIT_MSG3, /* responder sent 2 */
	MM_WAIT_MSG4, /* initiator sent 3 */
	MM_WAIT_MSG5, /* responder sent 4 */
	MM_WAIT_MSG6, /* initiator sent 5 */
	MM_ACTIVE,
	MM_DEAD,      /* being torn down */
};

enum qm_state { QM_WAIT_MSG2, QM_WAIT_MSG3, QM_DONE };

/* NAT-T flavour both sides announced (payload numbers differ). */
enum natt_ver { NATT_NONE = 0, NATT_DRAFT02, NATT_DRAFT03, NATT_RFC };

/* The phase-1 proposal chosen (or offered, for the initiator). */
struct ike_p1 {
	enum ike_cipher cipher;
	unsigned key_bits;    /* AES: 128/192/256; 0 = cipher default */
	enum ike_prf hash;
	enum ike_dh_group group;
	unsigned long life_sec; /* 0 = none */
	unsigned long prio;     /* the isakmp policy that matched */
	uint8_t prop_num, xf_num;
	uint8_t life_be[4];     /* scratch for the life duration attribute */
};

/* A message we may have to send again. */
struct ike_sa;
struct ike_qm;
struct ike_tx {
	struct ike_sa *sa;
	struct ike_qm *qm; /* NULL: the main mode message of sa */
	uint8_t *buf;
	size_t len;
	unsigned tries;
	struct ev_timer *timer;
};

/* What main mode needs only until it completes (kept apart so that an
 * established IKE SA stays small). */
struct ike_mm_neg {
	struct ike_dh *dh;
	uint8_t gxi[IKE_DH_MAX], gxr[IKE_DH_MAX]; /* initiator's, responder's */
	size_t dhlen;
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX];
	size_t nilen, nrlen;
	uint8_t *sai_b; /* initiator's SA payload body */
	size_t sai_len;
};
void ike_mm_neg_free(struct ike_sa *sa);

struct ike_sa;

/* One quick mode exchange (and, once done, the last one kept for
 * duplicates of its final message). */
struct ike_qm {
	struct ike_qm *next;
	struct ike_sa *sa;
	uint32_t msgid;
	bool initiator;
	enum qm_state st;
	uint8_t iv[IKE_BLOCK_MAX];
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX];
	size_t nilen, nrlen;
	struct ike_dh *dh;     /* PFS */
	struct sad_params p;   /* what goes into the SAD */
	uint32_t rekey_of;     /* pair this one replaces (0: none) */
	bool spi_reserved;
	uint64_t rx_hash;      /* last message received (duplicates) */
	struct ike_tx tx;
};

struct ike_sa {
	struct ike_sa *next;
	struct ike_sa *hnext;        /* cookie hash chain */
	struct ike_ctx *ctx;
	uint32_t id;                 /* conn_id */
	uint8_t ci[8], cr[8];
	bool initiator;
	enum ike_state st;
	uint32_t local, peer;
	uint16_t lport, pport;       /* current ports (4500 after floating) */
	bool natt_float;             /* on 4500: the non-ESP marker */
	enum natt_ver natt;          /* negotiated NAT-T flavour */
	bool peer_natt_rfc, peer_natt_02, peer_natt_03; /* announced */
	bool peer_dpd, peer_frag, peer_unity;
	bool nat_here, nat_there;    /* NAT detected (this end / remote end) */
	struct ike_p1 p1;
	char group[IKE_NAME_MAX];    /* tunnel-group */
	bool l2l;                    /* "Type : L2L" else "user" */
	char ifname[IKE_NAME_MAX];   /* interface the peer is reached on */
	struct ike_mm_neg *neg;      /* main mode material, freed at MM_ACTIVE */
	struct ike_keys keys;
	bool keyed;
	uint64_t rx_hash;            /* last main mode message received */
	struct ike_tx tx;            /* last main mode message sent */
	uint64_t born_ms;            /* MM_ACTIVE since */
	struct ev_timer *life_timer; /* phase-1 lifetime */
	struct ev_timer *dpd_timer;
	struct ev_timer *nat_ka_timer;
	uint32_t dpd_seq;
	unsigned dpd_missed;
	uint64_t last_rx_ms;         /* any valid message (DPD idle) */
	bool rekeying;               /* a newer SA replaces this one */
	bool was_up;                 /* reached MM_ACTIVE (stats: previous tunnel) */
	struct ike_qm *qms;
	/* what to negotiate once phase 1 is up (initiator) */
	bool want_qm;
	char want_map[IKE_NAME_MAX];
	unsigned long want_seq;
	struct ipsec_sel want_local, want_remote;
};

/* `show crypto isakmp stats`.  The set and the meaning of the counters are
 * those of the cikeGlobalStats group of CISCO-IPSEC-FLOW-MONITOR-MIB
 * (which the ASA's command prints, in the MIB's order); Active Tunnels is
 * not a counter (the MM_ACTIVE SAs, counted when shown).  Each counter is
 * incremented at the one place the engine decides that event:
 *   in_*: ike_input (octets = the ISAKMP message, without the non-ESP
 *         marker or UDP header [R]); in_drop: a message ignored (no
 *         handler, wrong state, malformed); in_notify: notify payloads of
 *         received informational exchanges (and a NO-PROPOSAL-CHOSEN in
 *         a main mode reply); in_p2*: quick modes the peer started (its
 *         message 1 decrypted): invalid = failed decryption/hash/
 *         identities, reject = refused by our crypto maps/transform sets;
 *         in_p2_del: ESP delete payloads received.
 *   out_*: ike_send_raw / ike_send_notify_clear; out_drop: a message we
 *         could not build or send; out_notify: informational notifies
 *         sent (DPD included); out_p2: quick modes we started; invalid:
 *         replies to them found invalid; reject: refused by the peer
 *         (NO-PROPOSAL-CHOSEN / INVALID-ID-INFORMATION); out_p2_del: ESP
 *         deletes sent.
 *   init_tunnels: phase 1s we started; init/resp_fails: phase-1 SAs freed
 *         before MM_ACTIVE; prev_tunnels: MM_ACTIVE SAs gone; syscap: no
 *         limit on SAs exists here, stays 0; auth_fails: main mode
 *         authentication failed (PSK mismatch seen as a decrypt or hash
 *         failure of message 5/6, or no PSK for the peer); decrypt/hash:
 *         every decryption / HASH check that failed (MM, QM, info);
 *         no_sa: a message for cookies we have no SA for. */
struct ike_stats {
	uint64_t prev_tunnels;
	uint64_t in_octets, in_pkts, in_drop, in_notify;
	uint64_t in_p2, in_p2_invalid, in_p2_reject, in_p2_del;
	uint64_t out_octets, out_pkts, out_drop, out_notify;
	uint64_t out_p2, out_p2_invalid, out_p2_reject, out_p2_del;
	uint64_t init_tunnels, init_fails, resp_fails, syscap_fails;
	uint64_t auth_fails, decrypt_fails, hash_fails, no_sa_fails;
};

struct ike_ctx {
	struct ike_io io;
	struct ike_stats stats;
	struct ike_sa *sas;
	size_t nsas;
	struct ike_sa *hash[IKE_HASH_BUCKETS]; /* by initiator cookie */
	uint32_t next_id;
	bool is_box;
	/* where the message being processed came from (floating) */
	uint32_t rx_src;
	uint16_t rx_sport, rx_dport;
	bool rx_natt;
};

/* ---- ike_core.c -------------------------------------------------------- */
struct ike_sa *ike_sa_new(struct ike_ctx *c, bool initiator, uint32_t local, uint16_t lport,
			  uint32_t peer, uint16_t pport);
void ike_sa_hash(struct ike_sa *sa); /* into the cookie table, ci set */
/* Remove and free: SAD pairs of it go too when drop_pairs. */
void ike_sa_free(struct ike_sa *sa, bool drop_pairs);
struct ike_sa *ike_sa_by_cookies(struct ike_ctx *c, const uint8_t ci[8], const uint8_t cr[8]);
struct ike_sa *ike_sa_by_icookie(struct ike_ctx *c, const uint8_t ci[8], uint32_t peer);
/* Same remote end: address, and the NAT-mapped port when behind a NAT. */
bool ike_same_peer(const struct ike_sa *a, const struct ike_sa *b);
/* The newest MM_ACTIVE SA with peer (0 = any local). */
struct ike_sa *ike_sa_active_to(struct ike_ctx *c, uint32_t peer);
/* Send a built message (raw, with the marker on 4500); remember it for
 * retransmission when `expect_reply` (timer) or for duplicates. */
void ike_send_raw(struct ike_sa *sa, const uint8_t *buf, size_t len);
void ike_tx_set(struct ike_sa *sa, struct ike_tx *tx, const uint8_t *buf, size_t len,
		bool expect_reply);
void ike_tx_clear(struct ike_tx *tx);
extern unsigned ike_retx_first_ms; /* IKE_RETX_FIRST_MS; tests shorten it */
/* Build m (clear or encrypted with iv) and send it. */
bool ike_build_send(struct ike_sa *sa, struct isakmp_msg *m, uint8_t *iv, struct ike_tx *tx,
		    bool expect_reply);
/* Same, with a last look at the plaintext body before it is encrypted
 * (quick mode and informational HASH payloads cover the bytes after them). */
typedef bool (*ike_patch_fn)(void *arg, uint8_t *body, size_t len);
bool ike_build_send_p(struct ike_sa *sa, struct isakmp_msg *m, uint8_t *iv, struct ike_tx *tx,
		      bool expect_reply, ike_patch_fn patch, void *arg);
/* End of the payload chain in a plaintext body (padding excluded). */
size_t ike_chain_len(const uint8_t *p, size_t len, uint8_t first);
uint64_t ike_msg_hash(const uint8_t *buf, size_t len);
void ike_random(uint8_t *buf, size_t len);
/* MM_ACTIVE reached: timers, log, quick mode wanted by the initiator. */
void ike_p1_done(struct ike_sa *sa);
void ike_sa_kill_later(struct ike_sa *sa);
/* The message being processed authenticated: follow the peer to the
 * address/port it came from (NAT-T float to 4500, NAT rebinding). */
void ike_sa_learn_addr(struct ike_sa *sa);
const char *ike_p1_cipher_kw(const struct ike_p1 *p);

/* ---- ike_mm.c ---------------------------------------------------------- */
void ike_mm_input(struct ike_ctx *c, struct ike_sa *sa, struct isakmp_msg *m,
		  const uint8_t *raw, size_t len, uint32_t src, uint16_t sport, uint32_t dst,
		  uint16_t dport, bool natt);
struct ike_sa *ike_mm_start(struct ike_ctx *c, uint32_t local, uint32_t peer);
/* Decrypt an encrypted message's body into m with iv (updated). */
bool ike_decrypt_msg(struct ike_sa *sa, struct isakmp_msg *m, uint8_t *iv, uint8_t *plain,
		     size_t cap);

/* ---- ike_qm.c ---------------------------------------------------------- */
/* Tests see each pair just before sad_add (the SAD keeps no readable keys). */
extern void (*ike_sad_add_hook)(const struct sad_params *p);
void ike_qm_input(struct ike_sa *sa, struct isakmp_msg *m);
int ike_qm_start(struct ike_sa *sa, const char *map, unsigned long seq,
		 const struct ipsec_sel *local, const struct ipsec_sel *remote, uint32_t rekey_of);
void ike_qm_free(struct ike_qm *q);
struct ike_qm *ike_qm_find(struct ike_sa *sa, uint32_t msgid);

/* ---- ike_info.c -------------------------------------------------------- */
void ike_info_input(struct ike_sa *sa, struct isakmp_msg *m);
/* Encrypted informational exchange with one payload list built by fill. */
void ike_send_delete_isakmp(struct ike_sa *sa);
void ike_send_delete_spi(struct ike_sa *sa, uint32_t spi_in);
void ike_send_notify(struct ike_sa *sa, uint16_t type, uint8_t proto, const uint8_t *spi,
		     size_t spilen, const uint8_t *data, size_t dlen);
/* Unencrypted notify (before keys exist): NO-PROPOSAL-CHOSEN etc. */
void ike_send_notify_clear(struct ike_ctx *c, const uint8_t ci[8], const uint8_t cr[8],
			   uint32_t local, uint16_t lport, uint32_t peer, uint16_t pport,
			   bool natt, uint16_t type);
void ike_dpd_start(struct ike_sa *sa);
void ike_natka_start(struct ike_sa *sa);

/* ---- ike_prop.c -------------------------------------------------------- */
/* Phase 1: walk the isakmp policies against the SA payload's transforms.
 * false: no proposal chosen. */
bool ike_p1_choose(const struct isakmp_msg *m, const struct isakmp_payload *sa,
		   struct ike_p1 *out, struct ike_sa *log_sa);
/* Add an SA payload with one proposal/transform for p (responder reply
 * or, with all policies, the initiator's offer). */
bool ike_p1_add_sa(struct isakmp_msg *m, const struct ike_p1 *p, uint8_t xf_num);
bool ike_p1_add_offer(struct isakmp_msg *m, struct ike_p1 *offers, size_t *n, size_t max);
bool ike_p1_from_attrs(const struct isakmp_msg *m, const struct isakmp_transform *t,
		       struct ike_p1 *out, bool *unknown);

/* Tunnel group for a peer reached on ifname: the group named after its
 * address, else DefaultL2LGroup when a static crypto map entry names the
 * peer, else DefaultRAGroup.  Its PSK (NULL when none) and its name. */
const char *ike_psk_for(uint32_t peer, const char *ifname, char *group, size_t gsz, bool *l2l);
/* Interface a local address belongs to ("" when none). */
void ike_ifname_for(uint32_t local, char *out, size_t n);

/* ---- ike_vid.c --------------------------------------------------------- */
enum ike_vid {
	VID_UNKNOWN = 0,
	VID_NATT_RFC,
	VID_NATT_02,
	VID_NATT_02N,
	VID_NATT_03,
	VID_DPD,
	VID_UNITY,
	VID_XAUTH,
	VID_FRAG,
	VID_CISCO_VPN3000,
	VID_MS_NT5,
	VID_STRONGSWAN,
};
enum ike_vid ike_vid_classify(const uint8_t *p, size_t len);
bool ike_vid_add(struct isakmp_msg *m, enum ike_vid v);
void ike_vid_note(struct ike_sa *sa, const struct isakmp_msg *m);
uint8_t ike_natd_type(const struct ike_sa *sa);

/* ---- ike_log.c --------------------------------------------------------- */
extern struct debug_flag ike_debug; /* `debug crypto isakmp N` */
/* [IKEv1] (event, level 1) / [IKEv1 DEBUG] (detail, level 5) lines with
 * the "Group = g, IP = a.b.c.d, " prefix (group may be NULL/""). */
void ike_ev(const struct ike_sa *sa, uint32_t peer, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ike_dbg(const struct ike_sa *sa, uint32_t peer, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ike_dbg_decode(uint32_t peer, bool sending, const struct isakmp_msg *m);
/* syslog with the same prefix */
void ike_log(int sev, int id, const struct ike_sa *sa, uint32_t peer, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void ike_debug_output(const char *line);

#endif
