/*
 * aaa_conf.c — storage of aaa-server groups, their hosts and aaa rules.
 * Groups and rules are string-keyed hmaps (entry order kept); a group owns
 * its hosts, a host owns its extra strings.  Secrets are wiped when freed.
 */
#include "aaa/aaa_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/hmap.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"

static struct hmap groups, rules;
static bool inited;
static uint64_t seqno;
static aaa_group_in_use_fn *users;
static size_t nusers;

static void init_once(void)
{
	if (inited)
		return;
	hmap_init(&groups, false); /* server-tag names are case-sensitive */
	hmap_init(&rules, false);
	inited = true;
}

static const char *const proto_names[] = {
	[AAA_LOCAL] = "local",     [AAA_RADIUS] = "radius", [AAA_TACACS] = "tacacs+",
	[AAA_KERBEROS] = "kerberos", [AAA_LDAP] = "ldap",   [AAA_NT] = "nt",
	[AAA_SDI] = "sdi",         [AAA_HTTP_FORM] = "http-form",
};

const char *aaa_proto_name(enum aaa_proto p)
{
	return proto_names[p];
}

bool aaa_proto_parse(const char *s, enum aaa_proto *p)
{
	for (size_t i = AAA_RADIUS; i < sizeof proto_names / sizeof *proto_names; i++)
		if (!strcasecmp(s, proto_names[i])) {
			*p = (enum aaa_proto)i;
			return true;
		}
	return false;
}

static const char *const extra_kw[AAA_X_COUNT] = {
	[AAA_X_LDAP_BASE_DN] = "ldap-base-dn",
	[AAA_X_LDAP_SCOPE] = "ldap-scope",
	[AAA_X_LDAP_NAMING_ATTRIBUTE] = "ldap-naming-attribute",
	[AAA_X_LDAP_LOGIN_PASSWORD] = "ldap-login-password",
	[AAA_X_LDAP_LOGIN_DN] = "ldap-login-dn",
	[AAA_X_SERVER_TYPE] = "server-type",
	[AAA_X_SASL_MECHANISM] = "sasl-mechanism",
	[AAA_X_KERBEROS_REALM] = "kerberos-realm",
	[AAA_X_NT_AUTH_DC] = "nt-auth-domain-controller",
	[AAA_X_SDI_VERSION] = "sdi-version",
	[AAA_X_ACL_NETMASK_CONVERT] = "acl-netmask-convert",
};

const char *aaa_host_extra_kw(enum aaa_host_extra x)
{
	return extra_kw[x];
}

static const char *const console_names[] = {
	[AAA_CON_SERIAL] = "serial", [AAA_CON_ENABLE] = "enable", [AAA_CON_TELNET] = "telnet",
	[AAA_CON_SSH] = "ssh",       [AAA_CON_HTTP] = "http",
};

const char *aaa_console_name(enum aaa_console c)
{
	return console_names[c];
}

/* ---- groups ---------------------------------------------------------- */

struct aaa_group *aaa_group_find(const char *name)
{
	init_once();
	return hmap_get(&groups, name);
}

bool aaa_group_known(const char *name)
{
	return !strcmp(name, "LOCAL") || aaa_group_find(name);
}

struct aaa_group *aaa_group_add(const char *name, enum aaa_proto proto)
{
	init_once();
	struct aaa_group *g = xcalloc(1, sizeof *g);
	snprintf(g->name, sizeof g->name, "%s", name);
	g->proto = proto;
	g->max_failed = AAA_MAXFAIL_DEFAULT;
	g->deadtime = AAA_DEADTIME_DEFAULT;
	hmap_put(&groups, name, g);
	return g;
}

static void host_free(struct aaa_host *h)
{
	for (int i = 0; i < AAA_X_COUNT; i++) {
		if (h->extra[i])
			pw_wipe(h->extra[i], strlen(h->extra[i]));
		free(h->extra[i]);
	}
	pw_wipe(h, sizeof *h);
	free(h);
}

static void group_free(struct aaa_group *g)
{
	for (size_t i = 0; i < g->nhosts; i++)
		host_free(g->hosts[i]);
	free(g->hosts);
	free(g);
}

void aaa_group_del(const char *name)
{
	init_once();
	struct aaa_group *g = hmap_del(&groups, name);
	if (g)
		group_free(g);
}

size_t aaa_group_count(void)
{
	init_once();
	return hmap_count(&groups);
}

struct aaa_group *aaa_group_next(size_t *i)
{
	init_once();
	void *v;
	return hmap_next(&groups, i, NULL, &v) ? v : NULL;
}

void aaa_groups_clear(void)
{
	init_once();
	void *v;
	for (size_t i = 0; hmap_next(&groups, &i, NULL, &v);)
		group_free(v);
	hmap_clear(&groups);
}

void aaa_group_register_user(aaa_group_in_use_fn fn)
{
	users = xrealloc(users, (nusers + 1) * sizeof *users);
	users[nusers++] = fn;
}

bool aaa_group_in_use(const char *group)
{
	for (size_t i = 0; i < nusers; i++)
		if (users[i](group))
			return true;
	return false;
}

/* ---- hosts ----------------------------------------------------------- */

struct aaa_host *aaa_host_find(const struct aaa_group *g, uint32_t addr)
{
	for (size_t i = 0; i < g->nhosts; i++)
		if (g->hosts[i]->addr == addr)
			return g->hosts[i];
	return NULL;
}

struct aaa_host *aaa_host_add(struct aaa_group *g, uint32_t addr, const char *ifname)
{
	struct aaa_host *h = xcalloc(1, sizeof *h);
	h->addr = addr;
	snprintf(h->ifname, sizeof h->ifname, "%s", ifname);
	h->timeout = AAA_TIMEOUT_DEFAULT;
	h->retry_interval = AAA_RETRY_DEFAULT;
	g->hosts = xrealloc(g->hosts, (g->nhosts + 1) * sizeof *g->hosts);
	g->hosts[g->nhosts++] = h;
	return h;
}

void aaa_host_del(struct aaa_group *g, uint32_t addr)
{
	for (size_t i = 0; i < g->nhosts; i++)
		if (g->hosts[i]->addr == addr) {
			host_free(g->hosts[i]);
			memmove(&g->hosts[i], &g->hosts[i + 1],
				(g->nhosts - i - 1) * sizeof *g->hosts);
			g->nhosts--;
			return;
		}
}

void aaa_host_set_extra(struct aaa_host *h, enum aaa_host_extra x, const char *val)
{
	if (h->extra[x]) {
		pw_wipe(h->extra[x], strlen(h->extra[x]));
		free(h->extra[x]);
	}
	h->extra[x] = val ? xstrdup(val) : NULL;
}

uint16_t aaa_host_auth_port(const struct aaa_host *h)
{
	return h->auth_port ? h->auth_port : AAA_RADIUS_AUTH_PORT;
}

uint16_t aaa_host_acct_port(const struct aaa_host *h)
{
	return h->acct_port ? h->acct_port : AAA_RADIUS_ACCT_PORT;
}

/* ---- rules ----------------------------------------------------------- */

void aaa_rule_key(const struct aaa_rule *r, char *out, size_t n)
{
	switch (r->form) {
	case AAA_F_CONSOLE:
		snprintf(out, n, "%d|console|%d", r->kind, r->console);
		break;
	case AAA_F_COMMAND:
		snprintf(out, n, "%d|command", r->kind);
		break;
	case AAA_F_MATCH:
		snprintf(out, n, "%d|match|%s|%s|%s", r->kind, r->acl, r->ifname, r->group);
		break;
	case AAA_F_INCLUDE:
	case AAA_F_EXCLUDE:
		snprintf(out, n, "%d|%d|%s|%s|%08x/%08x|%d|%08x/%08x|%s", r->kind, r->form,
			 r->service, r->ifname, r->lip, r->lmask, r->has_foreign, r->fip,
			 r->fmask, r->group);
		break;
	case AAA_F_LISTENER:
		snprintf(out, n, "%d|listener|%s|%s", r->kind, r->service, r->ifname);
		break;
	default:
		snprintf(out, n, "%d|%d", r->kind, r->form);
		break;
	}
}

#define KEYSZ 640

void aaa_rule_set(const struct aaa_rule *r)
{
	init_once();
	char key[KEYSZ];
	aaa_rule_key(r, key, sizeof key);
	struct aaa_rule *cur = hmap_get(&rules, key);
	if (cur) {
		uint64_t seq = cur->seq;
		*cur = *r;
		cur->seq = seq;
		return;
	}
	struct aaa_rule *n = xmalloc(sizeof *n);
	*n = *r;
	n->seq = ++seqno;
	hmap_put(&rules, key, n);
}

bool aaa_rule_del(const struct aaa_rule *r)
{
	init_once();
	char key[KEYSZ];
	aaa_rule_key(r, key, sizeof key);
	struct aaa_rule *cur = hmap_del(&rules, key);
	free(cur);
	return cur != NULL;
}

const struct aaa_rule *aaa_rule_find(const struct aaa_rule *r)
{
	init_once();
	char key[KEYSZ];
	aaa_rule_key(r, key, sizeof key);
	return hmap_get(&rules, key);
}

const struct aaa_rule *aaa_rule_next(size_t *i)
{
	init_once();
	void *v;
	return hmap_next(&rules, i, NULL, &v) ? v : NULL;
}

void aaa_rules_clear(void)
{
	init_once();
	void *v;
	for (size_t i = 0; hmap_next(&rules, &i, NULL, &v);)
		free(v);
	hmap_clear(&rules);
}

const char *aaa_console_group(enum aaa_kind kind, enum aaa_console c, bool *fallback)
{
	struct aaa_rule k = {.kind = kind, .form = AAA_F_CONSOLE, .console = c};
	const struct aaa_rule *r = aaa_rule_find(&k);
	if (!r)
		return NULL;
	if (fallback)
		*fallback = r->local_fallback;
	return r->group;
}

bool aaa_rules_use_group(const char *group)
{
	size_t i = 0;
	for (const struct aaa_rule *r; (r = aaa_rule_next(&i));)
		if (!strcmp(r->group, group))
			return true;
	return false;
}

void aaa_conf_reset(void)
{
	aaa_rules_clear();
	aaa_groups_clear();
}

void aaa_iface_renamed(const char *oldname, const char *newname)
{
	init_once();
	size_t i = 0;
	for (struct aaa_group *g; (g = aaa_group_next(&i));)
		for (size_t k = 0; k < g->nhosts;) {
			struct aaa_host *h = g->hosts[k];
			if (strcmp(h->ifname, oldname)) {
				k++;
			} else if (newname) {
				snprintf(h->ifname, sizeof h->ifname, "%s", newname);
				k++;
			} else {
				aaa_host_del(g, h->addr);
			}
		}
	/* rules: rebuild the map, the interface is part of some keys */
	struct hmap out;
	hmap_init(&out, false);
	void *v;
	for (size_t j = 0; hmap_next(&rules, &j, NULL, &v);) {
		struct aaa_rule *r = v;
		if (r->ifname[0] && !strcmp(r->ifname, oldname)) {
			if (!newname) {
				free(r);
				continue;
			}
			snprintf(r->ifname, sizeof r->ifname, "%s", newname);
		}
		char key[KEYSZ];
		aaa_rule_key(r, key, sizeof key);
		free(hmap_put(&out, key, r));
	}
	hmap_clear(&rules);
	rules = out;
}
