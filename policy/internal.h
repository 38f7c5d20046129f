/* internal.h — the MPF configuration model shared by the files of policy/. */
#ifndef PIXIE_POLICY_INTERNAL_H
#define PIXIE_POLICY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "lib/hmap.h"
#include "policy/policy.h"

#define CLASS_DEFAULT "class-default"

struct class_map {
	char *name;
	char *desc;               /* NULL: none */
	struct policy_match match;
};

struct pmap_class {
	char *name;
	struct policy_inspect *insp; /* entry order */
	int ninsp;
	struct policy_conn conn;
	bool conn_set;               /* any "set connection" limit given */
	bool timeout_set;            /* any "set connection timeout" given */
	struct policy_police police[2]; /* [0] input, [1] output */
	bool priority;
};

struct policy_map {
	char *name;
	char *desc;
	struct pmap_class **classes; /* entry order */
	int nclasses;
};

/* "policy-map type inspect dns NAME" */
struct inspect_map {
	char *name;
	char *desc;
	bool params;  /* "parameters" was entered */
	int msg_max;  /* "message-length maximum N", 0 = not set */
	/* "message-length maximum client auto|N" / "... server N" (8.2(2)
	 * EDNS0): 0 = not set, -1 = client auto */
	int msg_client, msg_server;
};

/* name -> object; each map owns its values */
extern struct hmap policy_cmaps; /* struct class_map* */
extern struct hmap policy_pmaps; /* struct policy_map* */
extern struct hmap policy_imaps; /* struct inspect_map* */

/* Every configuration change bumps the generation the dataplane watches. */
void policy_changed(void);

/* Names of class-maps/policy-maps: up to 40 of [A-Za-z0-9_.-]. */
bool policy_valid_name(const char *s);

/* ports.c: TCP/UDP port by number or ASA name; canonical printing */
bool policy_port_parse(uint8_t proto, const char *s, uint16_t *port);
const char *policy_port_fmt(uint8_t proto, uint16_t port, char buf[16]);

/* inspect.c: the engine named by the keywords of a parsed command */
bool policy_inspect_from_args(const struct cli_args *a, enum inspect_engine *e);
/* Does the engine take an inspect map argument? */
bool policy_inspect_takes_map(enum inspect_engine e);

/* classmap.c */
struct class_map *cmap_new(const char *name);
void cmap_free(struct class_map *c);
void cmap_clear_all(void);

/* policymap.c */
struct policy_map *pmap_new(const char *name);
struct pmap_class *pmap_add_class(struct policy_map *p, const char *name);
void pmap_add_inspect(struct pmap_class *c, enum inspect_engine e,
		      const char *map, bool strict);
/* Remove engine e from the class; false when it was not there. */
bool pmap_del_inspect(struct pmap_class *c, enum inspect_engine e);
struct pmap_class *pmap_find_class(struct policy_map *p, const char *name);
/* "inspect dns maximum-length N" (7.0 form): the migrated DNS map to use. */
const char *pmap_migrated_dns_map(int max, char *buf, size_t n);
struct inspect_map *imap_new(const char *name);
bool pmap_uses_class(const char *cmap);
bool pmap_uses_imap(const char *imap);
void pmap_drop_class(const char *cmap); /* remove "class X" everywhere */
void pmap_clear_all(void);              /* policy-maps and inspect maps */

/* service.c */
bool svc_uses_pmap(const char *pmap);
const char *svc_global(void);          /* global service-policy, NULL: none */
void svc_set_global(const char *pmap);
void svc_drop_pmap(const char *pmap);
void svc_clear_all(void);

#define POLICY_CLEAR_HELP "Clear configuration\nClear configuration information\n"
#define POLICY_NO_HELP "Negate a command or set its defaults\n"

#endif
