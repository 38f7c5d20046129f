/*
 * users.h — the local user database (username ...), as a PIX 7.2 keeps it:
 * no clear-text password is ever stored.
 *   username U password P              -> PIX-MD5 hash, shown "... encrypted"
 *   username U password P mschap       -> NT hash (MD4), shown base64 "... nt-encrypted"
 *   username U password H encrypted    -> H as pasted (16-char PIX-MD5 shape)
 *   username U password H nt-encrypted -> H as pasted (24-char base64 shape)
 *   username U nopassword
 * The NT hash is what MS-CHAP (PPP, later) needs; users_* below give the
 * login and PPP code what they verify against.
 */
#ifndef PIXIE_AAA_USERS_H
#define PIXIE_AAA_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USER_NAME_MAX 64
#define USER_PW_MIN 3 /* clear-text password length, 7.2 */
#define USER_PW_MAX 32
#define USER_PRIV_DEFAULT 2
#define USER_ACLNAME_MAX 241
#define USER_GROUP_NAME_MAX 64

enum user_pw_kind {
	USER_PW_NONE,   /* nopassword */
	USER_PW_PIXMD5, /* shown "encrypted" */
	USER_PW_NT,     /* shown "nt-encrypted"; nt[] holds the decoded hash */
};

/* How the password word of a username line is to be read. */
enum user_pw_form {
	USER_PWF_CLEAR,        /* password P */
	USER_PWF_MSCHAP,       /* password P mschap */
	USER_PWF_ENCRYPTED,    /* password H encrypted */
	USER_PWF_NT_ENCRYPTED, /* password H nt-encrypted */
};

/* vpn-tunnel-protocol bits, in the order show running-config prints them */
enum {
	USER_TP_IPSEC = 1 << 0,      /* IPSec */
	USER_TP_L2TP_IPSEC = 1 << 1, /* l2tp-ipsec */
	USER_TP_SVC = 1 << 2,        /* svc */
	USER_TP_WEBVPN = 1 << 3,     /* webvpn */
};

enum user_service_type { USER_ST_UNSET, USER_ST_ADMIN, USER_ST_NAS_PROMPT, USER_ST_REMOTE_ACCESS };

/* A "value NAME | none" attribute. */
struct user_ref {
	bool set;
	bool none;
	char name[USER_ACLNAME_MAX + 1];
};

/* username U attributes (config-username).  -1 / unset = inherit. */
struct user_attrs {
	char vpn_group_policy[USER_GROUP_NAME_MAX + 1]; /* "" = unset */
	bool tunnel_protocol_set;
	unsigned tunnel_protocols;        /* USER_TP_* */
	enum user_service_type service_type;
	struct user_ref vpn_filter;       /* vpn-filter value ACL | none */
	struct user_ref group_lock;       /* group-lock value TUNNEL-GROUP | none */
	struct user_ref access_hours;     /* vpn-access-hours value TIME-RANGE | none */
	long simultaneous_logins;         /* -1 unset */
	long idle_timeout;                /* minutes; -1 unset, 0 = none */
	long session_timeout;             /* minutes; -1 unset, 0 = none */
	int password_storage;             /* 0 unset, 1 enable, 2 disable */
	bool framed_set;
	uint32_t framed_ip, framed_mask;
};

struct user {
	char name[USER_NAME_MAX + 1];
	enum user_pw_kind pw_kind;
	char pw_text[25]; /* the hash as shown: 16 (PIX-MD5) or 24 (base64) chars */
	uint8_t nt[16];   /* USER_PW_NT: the NT hash */
	int privilege;    /* 0-15 */
	struct user_attrs attrs;
};

/* ---- pure helpers (unit-tested) -------------------------------------- */

/* Fill u's password from the word typed and its form.  false (u unchanged)
 * when the word does not fit the form: a hash of the wrong shape, or a
 * clear password of the wrong length. */
bool user_pw_set(struct user *u, const char *word, enum user_pw_form form);
/* Does `password` match u's stored hash?  nopassword matches anything. */
bool user_pw_check(const struct user *u, const char *password);
/* The NT hash for MS-CHAP; false when u has none (PIX-MD5 or nopassword). */
bool user_nt_hash(const struct user *u, uint8_t out[16]);
void user_attrs_init(struct user_attrs *at);
bool user_attrs_empty(const struct user_attrs *at);

/* ---- the database ------------------------------------------------------ */
struct user *user_find(const char *name);
/* Insert or replace the user called u->name (attributes kept on replace). */
struct user *user_put(const struct user *u);
void user_del(const char *name);
struct user *user_next(size_t *i); /* entry order; NULL at the end */
size_t user_count(void);
void users_clear(void);

#endif
