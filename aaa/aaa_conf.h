/*
 * aaa_conf.h — the typed AAA configuration: server groups and their hosts
 * (aaa-server), and the aaa authentication/authorization/accounting rules.
 * Local users live in aaa/users.h.
 *
 * The CLI (aaa_server_cmds.c, aaa_cmds.c) validates a line and then calls a
 * mutator here; the RADIUS client and the login code (later) read through
 * the lookups.  The built-in group LOCAL always exists and is never printed.
 */
#ifndef PIXIE_AAA_CONF_H
#define PIXIE_AAA_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AAA_GROUP_NAME_MAX 64
#define AAA_IFNAME_MAX 48
#define AAA_KEY_MAX 127
#define AAA_ACLNAME_MAX 241
#define AAA_MAX_GROUPS 15      /* single mode, 7.2 configuration guide */
#define AAA_MAX_HOSTS 16       /* per group */
#define AAA_TIMEOUT_DEFAULT 10 /* seconds */
#define AAA_RETRY_DEFAULT 10   /* seconds */
#define AAA_MAXFAIL_DEFAULT 3
#define AAA_DEADTIME_DEFAULT 10 /* minutes */
#define AAA_RADIUS_AUTH_PORT 1645 /* 7.x defaults (not 1812/1813) */
#define AAA_RADIUS_ACCT_PORT 1646

enum aaa_proto {
	AAA_LOCAL,
	AAA_RADIUS,
	AAA_TACACS,
	AAA_KERBEROS,
	AAA_LDAP,
	AAA_NT,
	AAA_SDI,
	AAA_HTTP_FORM,
};
const char *aaa_proto_name(enum aaa_proto p); /* "radius", "tacacs+" ... */
bool aaa_proto_parse(const char *s, enum aaa_proto *p);

/* Host attributes that only some protocols have, kept as text and printed
 * in this order after the typed ones.  Index into aaa_host.extra. */
enum aaa_host_extra {
	AAA_X_LDAP_BASE_DN,
	AAA_X_LDAP_SCOPE,
	AAA_X_LDAP_NAMING_ATTRIBUTE,
	AAA_X_LDAP_LOGIN_PASSWORD,
	AAA_X_LDAP_LOGIN_DN,
	AAA_X_SERVER_TYPE,
	AAA_X_SASL_MECHANISM,
	AAA_X_KERBEROS_REALM,
	AAA_X_NT_AUTH_DC,
	AAA_X_SDI_VERSION,
	AAA_X_ACL_NETMASK_CONVERT,
	AAA_X_COUNT
};
const char *aaa_host_extra_kw(enum aaa_host_extra x); /* "ldap-base-dn" ... */

struct aaa_host {
	uint32_t addr;
	char ifname[AAA_IFNAME_MAX + 1];
	char key[AAA_KEY_MAX + 1];       /* shared secret; "" = none */
	char common_pw[AAA_KEY_MAX + 1]; /* radius-common-pw; "" = none */
	int timeout;                     /* seconds, 1-60 */
	int retry_interval;              /* seconds, 1-10 */
	uint16_t auth_port, acct_port;   /* RADIUS; 0 = default (1645/1646) */
	uint16_t server_port;            /* TACACS+/LDAP/...; 0 = default */
	char *extra[AAA_X_COUNT];        /* NULL = not set; owned */
};

struct aaa_group {
	char name[AAA_GROUP_NAME_MAX + 1];
	enum aaa_proto proto;
	int max_failed;          /* max-failed-attempts 1-5 */
	bool react_timed;        /* reactivation-mode timed (else depletion) */
	int deadtime;            /* depletion deadtime, minutes 0-1440 */
	bool acct_simultaneous;  /* accounting-mode simultaneous */
	struct aaa_host **hosts; /* entry order; owned */
	size_t nhosts;
};

/* ---- groups ---------------------------------------------------------- */
/* NULL if absent.  "LOCAL" is not a stored group: see aaa_group_known. */
struct aaa_group *aaa_group_find(const char *name);
/* LOCAL, or a configured group. */
bool aaa_group_known(const char *name);
/* Create with defaults (the caller checked the limits). */
struct aaa_group *aaa_group_add(const char *name, enum aaa_proto proto);
void aaa_group_del(const char *name);
size_t aaa_group_count(void);
/* Entry order; i from 0; NULL at the end. */
struct aaa_group *aaa_group_next(size_t *i);
void aaa_groups_clear(void);

/* Other features that name server groups (tunnel-group
 * authentication-server-group, aaa ... console) register a check so that a
 * group in use cannot be removed. */
typedef bool (*aaa_group_in_use_fn)(const char *group);
void aaa_group_register_user(aaa_group_in_use_fn fn);
bool aaa_group_in_use(const char *group);

/* ---- hosts ----------------------------------------------------------- */
struct aaa_host *aaa_host_find(const struct aaa_group *g, uint32_t addr);
/* Add a host with defaults; the caller checked AAA_MAX_HOSTS. */
struct aaa_host *aaa_host_add(struct aaa_group *g, uint32_t addr, const char *ifname);
void aaa_host_del(struct aaa_group *g, uint32_t addr);
void aaa_host_set_extra(struct aaa_host *h, enum aaa_host_extra x, const char *val);
/* Effective ports (defaults filled in). */
uint16_t aaa_host_auth_port(const struct aaa_host *h);
uint16_t aaa_host_acct_port(const struct aaa_host *h);

/* ---- aaa authentication / authorization / accounting ----------------- */
enum aaa_kind { AAA_AUTHEN, AAA_AUTHOR, AAA_ACCT };
enum aaa_form {
	AAA_F_CONSOLE,     /* aaa authentication ssh console GROUP [LOCAL] */
	AAA_F_COMMAND,     /* aaa authorization command GROUP [LOCAL]
			      aaa accounting command [privilege N] GROUP */
	AAA_F_MATCH,       /* aaa X match ACL IF GROUP */
	AAA_F_INCLUDE,     /* aaa X include SERVICE IF IP MASK [IP MASK] GROUP */
	AAA_F_EXCLUDE,
	AAA_F_SECURE_HTTP, /* aaa authentication secure-http-client */
	AAA_F_LISTENER,    /* aaa authentication listener http|https IF [port N] [redirect] */
	AAA_F_MAXFAIL,     /* aaa local authentication attempts max-fail N */
	AAA_F_PROXY_LIMIT, /* aaa proxy-limit N|disable */
};

enum aaa_console { AAA_CON_SERIAL, AAA_CON_ENABLE, AAA_CON_TELNET, AAA_CON_SSH, AAA_CON_HTTP };
const char *aaa_console_name(enum aaa_console c);

struct aaa_rule {
	enum aaa_kind kind;
	enum aaa_form form;
	enum aaa_console console;       /* AAA_F_CONSOLE */
	char group[AAA_GROUP_NAME_MAX + 1];
	bool local_fallback;            /* "GROUP LOCAL" */
	char acl[AAA_ACLNAME_MAX + 1];  /* AAA_F_MATCH */
	char ifname[AAA_IFNAME_MAX + 1];
	char service[32];               /* include/exclude: any, ftp, tcp/80 ... ;
					   listener: http|https */
	uint32_t lip, lmask, fip, fmask;
	bool has_foreign;
	int privilege;                  /* accounting command privilege, 0 = none */
	int number;                     /* max-fail, proxy-limit (0 = disable), listener port */
	bool redirect;                  /* listener */
	uint64_t seq;
};

/* Identity of a rule: the line without what a re-entry changes
 * (the group of a console/command rule, the number of max-fail...). */
void aaa_rule_key(const struct aaa_rule *r, char *out, size_t n);
/* Add, or replace the rule with the same identity (keeping its place). */
void aaa_rule_set(const struct aaa_rule *r);
bool aaa_rule_del(const struct aaa_rule *r);
const struct aaa_rule *aaa_rule_find(const struct aaa_rule *key);
/* Entry order; i from 0; NULL at the end. */
const struct aaa_rule *aaa_rule_next(size_t *i);
void aaa_rules_clear(void);
/* The group that authenticates a console service (NULL: none configured);
 * *fallback tells whether LOCAL follows it. */
const char *aaa_console_group(enum aaa_kind kind, enum aaa_console c, bool *fallback);

/* Is the group named by an aaa rule? (registered as a group user) */
bool aaa_rules_use_group(const char *group);

/* An interface's nameif changed (newname) or went away (NULL): hosts and
 * rules on it follow the new name, or are removed. */
void aaa_iface_renamed(const char *oldname, const char *newname);

void aaa_conf_reset(void);

#endif
