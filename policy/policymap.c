/*
 * policymap.c — "policy-map NAME" (config-pmap) with its classes
 * (config-pmap-c: inspect, set connection), and the DNS inspect maps
 * "policy-map type inspect dns NAME" (config-pmap) with "parameters"
 * (config-pmap-p: message-length maximum).
 *
 * show running-config prints, between "!" lines, the inspect maps and then
 * the policy-maps, each group sorted by name (maps must precede their use);
 * classes and inspect lines keep entry order, and every inspect line ends
 * in one space, as 7.2 prints it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "policy/internal.h"

struct hmap policy_pmaps;
struct hmap policy_imaps;
static struct cli_mode *pmap_mode, *class_mode, *imap_mode, *param_mode;

#define MIGRATED_DNS "migrated_dns_map_"

/* ---- model ----------------------------------------------------------- */

static void conn_init(struct policy_conn *c)
{
	memset(c, 0, sizeof *c);
	c->embryonic_timeout = c->half_closed_timeout = c->tcp_timeout = -1;
}

struct policy_map *pmap_new(const char *name)
{
	struct policy_map *p = xcalloc(1, sizeof *p);
	p->name = xstrdup(name);
	hmap_put(&policy_pmaps, name, p);
	return p;
}

static int class_index(const struct policy_map *p, const char *name)
{
	for (int i = 0; i < p->nclasses; i++)
		if (strcmp(p->classes[i]->name, name) == 0)
			return i;
	return -1;
}

struct pmap_class *pmap_add_class(struct policy_map *p, const char *name)
{
	int i = class_index(p, name);
	if (i >= 0)
		return p->classes[i];
	struct pmap_class *c = xcalloc(1, sizeof *c);
	c->name = xstrdup(name);
	conn_init(&c->conn);
	p->classes = xrealloc(p->classes, (size_t)(p->nclasses + 1) * sizeof *p->classes);
	p->classes[p->nclasses++] = c;
	return c;
}

static void class_free(struct pmap_class *c)
{
	for (int i = 0; i < c->ninsp; i++)
		free(c->insp[i].map);
	free(c->insp);
	free(c->name);
	free(c);
}

static void class_remove(struct policy_map *p, int i)
{
	class_free(p->classes[i]);
	memmove(&p->classes[i], &p->classes[i + 1],
		(size_t)(p->nclasses - i - 1) * sizeof *p->classes);
	p->nclasses--;
}

static void pmap_free(struct policy_map *p)
{
	for (int i = 0; i < p->nclasses; i++)
		class_free(p->classes[i]);
	free(p->classes);
	free(p->desc);
	free(p->name);
	free(p);
}

void pmap_add_inspect(struct pmap_class *c, enum inspect_engine e,
		      const char *map, bool strict)
{
	struct policy_inspect *in = NULL;
	for (int i = 0; i < c->ninsp; i++)
		if (c->insp[i].engine == e)
			in = &c->insp[i]; /* re-entered: updated in place */
	if (!in) {
		c->insp = xrealloc(c->insp, (size_t)(c->ninsp + 1) * sizeof *c->insp);
		in = &c->insp[c->ninsp++];
		memset(in, 0, sizeof *in);
		in->engine = e;
	}
	free(in->map);
	in->map = map ? xstrdup(map) : NULL;
	in->strict = strict;
}

bool pmap_del_inspect(struct pmap_class *c, enum inspect_engine e)
{
	for (int i = 0; i < c->ninsp; i++)
		if (c->insp[i].engine == e) {
			free(c->insp[i].map);
			memmove(&c->insp[i], &c->insp[i + 1],
				(size_t)(c->ninsp - i - 1) * sizeof *c->insp);
			c->ninsp--;
			return true;
		}
	return false;
}

struct pmap_class *pmap_find_class(struct policy_map *p, const char *name)
{
	int i = class_index(p, name);
	return i >= 0 ? p->classes[i] : NULL;
}

struct inspect_map *imap_new(const char *name)
{
	struct inspect_map *m = xcalloc(1, sizeof *m);
	m->name = xstrdup(name);
	hmap_put(&policy_imaps, name, m);
	return m;
}

static void imap_free(struct inspect_map *m)
{
	free(m->name);
	free(m->desc);
	free(m);
}

bool pmap_uses_class(const char *cmap)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&policy_pmaps, &i, &k, &v);)
		if (class_index(v, cmap) >= 0)
			return true;
	return false;
}

bool pmap_uses_imap(const char *imap)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&policy_pmaps, &i, &k, &v);) {
		const struct policy_map *p = v;
		for (int c = 0; c < p->nclasses; c++)
			for (int j = 0; j < p->classes[c]->ninsp; j++) {
				const char *m = p->classes[c]->insp[j].map;
				if (m && strcmp(m, imap) == 0)
					return true;
			}
	}
	return false;
}

void pmap_drop_class(const char *cmap)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&policy_pmaps, &i, &k, &v);) {
		int c = class_index(v, cmap);
		if (c >= 0)
			class_remove(v, c);
	}
}

void pmap_clear_all(void)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&policy_pmaps, &i, &k, &v);)
		pmap_free(v);
	hmap_clear(&policy_pmaps);
	for (size_t i = 0; hmap_next(&policy_imaps, &i, &k, &v);)
		imap_free(v);
	hmap_clear(&policy_imaps);
}

int policy_dns_max_length(const char *map)
{
	const struct inspect_map *m = map ? hmap_get(&policy_imaps, map) : NULL;
	return m ? m->msg_max : 0;
}

static struct policy_map *cur_pmap(struct cli *cli, int up)
{
	return hmap_get(&policy_pmaps, up ? cli_ctx_key_up(cli, up) : cli_ctx_key(cli));
}

static struct pmap_class *cur_class(struct cli *cli)
{
	struct policy_map *p = cur_pmap(cli, 1);
	int i = p ? class_index(p, cli_ctx_key(cli)) : -1;
	return i >= 0 ? p->classes[i] : NULL;
}

static struct inspect_map *cur_imap(struct cli *cli)
{
	return hmap_get(&policy_imaps, cli_ctx_key(cli));
}

/* ---- global commands ------------------------------------------------- */

/* policy-map NAME and policy-map type inspect dns NAME share one name
 * space: enter (creating) the map of its kind unless the other kind has
 * the name. */
static int enter_map(struct cli *cli, struct cli_args *a, bool inspect)
{
	struct hmap *mine = inspect ? &policy_imaps : &policy_pmaps;
	const struct hmap *other = inspect ? &policy_pmaps : &policy_imaps;
	const char *name = cli_get(a, "NAME");
	if (!policy_valid_name(name))
		return cli_bad(a, "NAME");
	if (hmap_get(other, name)) {
		cli_printf(cli, "ERROR: Policy-map %s already exists with a different "
				"type\n", name);
		return CLI_ERR;
	}
	if (!hmap_get(mine, name)) {
		if (inspect)
			imap_new(name);
		else
			pmap_new(name);
		policy_changed();
	}
	cli_enter(cli, inspect ? imap_mode : pmap_mode, name, 0);
	return CLI_OK;
}

static int cmd_policy_map(struct cli *cli, struct cli_args *a)
{
	return enter_map(cli, a, false);
}

static int cmd_inspect_map(struct cli *cli, struct cli_args *a)
{
	return enter_map(cli, a, true);
}

static int cmd_no_policy_map(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	bool insp = cli_has(a, "type");
	void *obj = hmap_get(insp ? &policy_imaps : &policy_pmaps, name);
	if (!obj)
		return CLI_OK;
	if (insp ? pmap_uses_imap(name) : svc_uses_pmap(name)) {
		cli_printf(cli, "ERROR: Removing policy-map %s not allowed, it is being "
				"used.\n", name);
		return CLI_ERR;
	}
	if (insp) {
		hmap_del(&policy_imaps, name);
		imap_free(obj);
	} else {
		hmap_del(&policy_pmaps, name);
		pmap_free(obj);
	}
	policy_changed();
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	svc_clear_all(); /* service-policies cannot outlive their maps */
	pmap_clear_all();
	policy_changed();
	return CLI_OK;
}

/* ---- config-pmap ----------------------------------------------------- */

static int cmd_class(struct cli *cli, struct cli_args *a)
{
	struct policy_map *p = cur_pmap(cli, 0);
	const char *name = cli_get(a, "NAME");
	if (!p)
		return CLI_ERR;
	if (strcmp(name, CLASS_DEFAULT) != 0 && !hmap_get(&policy_cmaps, name)) {
		cli_printf(cli, "ERROR: class-map %s does not exist\n", name);
		return CLI_ERR;
	}
	if (class_index(p, name) < 0) {
		pmap_add_class(p, name);
		policy_changed();
	}
	cli_enter(cli, class_mode, name, 0);
	return CLI_OK;
}

static int cmd_no_class(struct cli *cli, struct cli_args *a)
{
	struct policy_map *p = cur_pmap(cli, 0);
	int i = p ? class_index(p, cli_get(a, "NAME")) : -1;
	if (i >= 0) {
		class_remove(p, i);
		policy_changed();
	}
	return CLI_OK;
}

static int cmd_pmap_description(struct cli *cli, struct cli_args *a)
{
	/* the same command serves both kinds of policy-map sub-mode */
	char **desc;
	struct policy_map *p = cur_pmap(cli, 0);
	struct inspect_map *m = cur_imap(cli);
	if (cli_current_mode(cli) == imap_mode && m)
		desc = &m->desc;
	else if (p)
		desc = &p->desc;
	else
		return CLI_ERR;
	const char *t = cli_get(a, "TEXT");
	if (!t && !cli_has(a, "no"))
		return CLI_ERR_INCOMPLETE;
	if (t && strlen(t) > 200)
		return cli_bad(a, "TEXT");
	free(*desc);
	*desc = !cli_has(a, "no") && t ? xstrdup(t) : NULL;
	return CLI_OK;
}

/* ---- config-pmap-c: inspect ------------------------------------------ */

/* "inspect dns maximum-length N" is the 7.0 form: 7.2 converts it into a
 * DNS inspect map "migrated_dns_map_K" with "message-length maximum N". */
const char *pmap_migrated_dns_map(int max, char *buf, size_t n)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&policy_imaps, &i, &k, &v);) {
		const struct inspect_map *m = v;
		if (strncmp(k, MIGRATED_DNS, strlen(MIGRATED_DNS)) == 0 &&
		    m->params && m->msg_max == max) {
			snprintf(buf, n, "%s", k);
			return buf;
		}
	}
	for (int i = 1;; i++) {
		snprintf(buf, n, MIGRATED_DNS "%d", i);
		if (!hmap_get(&policy_imaps, buf) && !hmap_get(&policy_pmaps, buf))
			break;
	}
	struct inspect_map *m = imap_new(buf);
	m->params = true;
	m->msg_max = max;
	return buf;
}

static int cmd_inspect(struct cli *cli, struct cli_args *a)
{
	struct pmap_class *c = cur_class(cli);
	enum inspect_engine e;
	if (!c || !policy_inspect_from_args(a, &e))
		return CLI_ERR;
	const char *map = cli_get(a, "MAP");
	char buf[64];
	if (cli_has(a, "maximum-length")) {
		map = pmap_migrated_dns_map(atoi(cli_get(a, "N")), buf, sizeof buf);
	} else if (map && (!policy_inspect_takes_map(e) ||
			   !hmap_get(&policy_imaps, map))) {
		/* only DNS inspect maps exist in pixie */
		cli_printf(cli, "ERROR: Inspect map %s does not exist\n", map);
		return CLI_ERR;
	}
	pmap_add_inspect(c, e, map, cli_has(a, "strict"));
	policy_changed();
	return CLI_OK;
}

static int cmd_no_inspect(struct cli *cli, struct cli_args *a)
{
	struct pmap_class *c = cur_class(cli);
	enum inspect_engine e;
	if (!c || !policy_inspect_from_args(a, &e))
		return CLI_ERR;
	if (pmap_del_inspect(c, e))
		policy_changed();
	return CLI_OK;
}

/* ---- config-pmap-c: set connection ----------------------------------- */

/* "hh:mm:ss" -> seconds, -1 if malformed. */
static long parse_hms(const char *s)
{
	int h, m, sec;
	char extra;
	if (sscanf(s, "%d:%d:%d%c", &h, &m, &sec, &extra) != 3 || h < 0 ||
	    h > 1193 || m < 0 || m > 59 || sec < 0 || sec > 59 || s[0] < '0' ||
	    s[0] > '9')
		return -1;
	return h * 3600L + m * 60L + sec;
}

static int cmd_set_conn(struct cli *cli, struct cli_args *a)
{
	struct pmap_class *c = cur_class(cli);
	if (!c)
		return CLI_ERR;
	struct policy_conn n = c->conn;
	static const struct {
		const char *var;
		size_t off;
	} lim[] = {
		{"CM", offsetof(struct policy_conn, conn_max)},
		{"EM", offsetof(struct policy_conn, embryonic_max)},
		{"PC", offsetof(struct policy_conn, per_client_max)},
		{"PCE", offsetof(struct policy_conn, per_client_embryonic_max)},
	};
	bool any = false;
	for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++) {
		const char *v = cli_get(a, lim[i].var);
		if (v) {
			*(unsigned *)((char *)&n + lim[i].off) = (unsigned)atoi(v);
			any = true;
		}
	}
	if (cli_has(a, "random-sequence-number")) {
		n.random_seq_disable = cli_has(a, "disable");
		any = true;
	}
	if (!any)
		return CLI_ERR_INCOMPLETE;
	c->conn = n;
	c->conn_set = true;
	policy_changed();
	return CLI_OK;
}

static int cmd_set_timeout(struct cli *cli, struct cli_args *a)
{
	struct pmap_class *c = cur_class(cli);
	if (!c)
		return CLI_ERR;
	struct policy_conn n = c->conn;
	static const struct {
		const char *var;
		long min;
		size_t off;
	} tmo[] = {
		{"TE", 5, offsetof(struct policy_conn, embryonic_timeout)},
		{"TH", 300, offsetof(struct policy_conn, half_closed_timeout)},
		{"TT", 300, offsetof(struct policy_conn, tcp_timeout)},
	};
	bool any = false;
	for (size_t i = 0; i < sizeof tmo / sizeof tmo[0]; i++) {
		const char *v = cli_get(a, tmo[i].var);
		if (!v)
			continue;
		long s = parse_hms(v);
		/* 0:00:00 means never; otherwise the ASA's minimum applies */
		if (s < 0 || (s > 0 && s < tmo[i].min))
			return cli_bad(a, tmo[i].var);
		*(long *)((char *)&n + tmo[i].off) = s;
		any = true;
	}
	if (cli_has(a, "reset"))
		n.tcp_reset = true;
	if (!any)
		return CLI_ERR_INCOMPLETE;
	c->conn = n;
	c->timeout_set = true;
	policy_changed();
	return CLI_OK;
}

static int cmd_no_set_conn(struct cli *cli, struct cli_args *a)
{
	struct pmap_class *c = cur_class(cli);
	if (!c)
		return CLI_OK;
	const char *args = cli_get(a, "ARGS");
	bool timeout = args && strncmp(args, "timeout", 7) == 0;
	struct policy_conn keep = c->conn;
	conn_init(&c->conn);
	if (timeout) { /* only the timeouts go */
		c->conn.conn_max = keep.conn_max;
		c->conn.embryonic_max = keep.embryonic_max;
		c->conn.per_client_max = keep.per_client_max;
		c->conn.per_client_embryonic_max = keep.per_client_embryonic_max;
		c->conn.random_seq_disable = keep.random_seq_disable;
		c->timeout_set = false;
	} else {
		c->conn_set = c->timeout_set = false;
	}
	policy_changed();
	return CLI_OK;
}

/* ---- config-pmap-c: police, priority ---------------------------------- */

static int cmd_police(struct cli *cli, struct cli_args *a)
{
	struct pmap_class *c = cur_class(cli);
	if (!c)
		return CLI_ERR;
	struct policy_police *p = &c->police[cli_has(a, "output") ? 1 : 0];
	if (cli_has(a, "no")) {
		memset(p, 0, sizeof *p);
		policy_changed();
		return CLI_OK;
	}
	if (c->priority) {
		cli_printf(cli, "ERROR: police and priority cannot be configured in "
				"the same class\n");
		return CLI_ERR;
	}
	struct policy_police n = {.set = true};
	n.rate = strtoul(cli_get(a, "RATE"), NULL, 10);
	if (cli_get(a, "BURST"))
		n.burst = strtoul(cli_get(a, "BURST"), NULL, 10);
	/* each action keyword is followed by its drop/transmit */
	for (int i = 0; i + 1 < a->n; i++) {
		bool drop = strcmp(a->v[i + 1].spec, "drop") == 0;
		if (strcmp(a->v[i].spec, "conform-action") == 0)
			n.conform_drop = drop;
		else if (strcmp(a->v[i].spec, "exceed-action") == 0)
			n.exceed_transmit = !drop;
	}
	*p = n;
	policy_changed();
	return CLI_OK;
}

static int cmd_priority(struct cli *cli, struct cli_args *a)
{
	struct pmap_class *c = cur_class(cli);
	if (!c)
		return CLI_ERR;
	bool on = !cli_has(a, "no");
	if (on && (c->police[0].set || c->police[1].set)) {
		cli_printf(cli, "ERROR: police and priority cannot be configured in "
				"the same class\n");
		return CLI_ERR;
	}
	c->priority = on;
	policy_changed();
	return CLI_OK;
}

/* ---- inspect map: parameters ----------------------------------------- */

static int cmd_parameters(struct cli *cli, struct cli_args *a)
{
	struct inspect_map *m = cur_imap(cli);
	if (!m)
		return CLI_ERR;
	if (cli_has(a, "no")) {
		m->params = false;
		m->msg_max = m->msg_client = m->msg_server = 0;
		policy_changed();
		return CLI_OK;
	}
	m->params = true;
	cli_enter(cli, param_mode, m->name, 0);
	return CLI_OK;
}

static int cmd_msg_length(struct cli *cli, struct cli_args *a)
{
	struct inspect_map *m = cur_imap(cli);
	if (!m)
		return CLI_ERR;
	bool no = cli_has(a, "no");
	const char *n = cli_get(a, "N");
	int v = no || !n ? 0 : atoi(n);
	if (cli_has(a, "client"))
		m->msg_client = !no && cli_has(a, "auto") ? -1 : v;
	else if (cli_has(a, "server"))
		m->msg_server = v;
	else
		m->msg_max = v;
	policy_changed();
	return CLI_OK;
}

/* ---- running-config -------------------------------------------------- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Keys of a map, sorted; caller frees the array (not the strings). */
static const char **sorted_keys(const struct hmap *h, size_t *n)
{
	*n = hmap_count(h);
	const char **v = xcalloc(*n ? *n : 1, sizeof *v);
	const char *k;
	size_t j = 0;
	for (size_t i = 0; hmap_next(h, &i, &k, NULL);)
		v[j++] = k;
	qsort(v, *n, sizeof *v, cmp_str);
	return v;
}

static void fmt_hms(long s, char *buf, size_t n)
{
	snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

static void write_conn(struct cfgout *o, const struct pmap_class *c)
{
	const struct policy_conn *n = &c->conn;
	char b[32];
	if (c->conn_set) {
		cfg_puts(o, "  set connection");
		if (n->conn_max)
			cfg_printf(o, " conn-max %u", n->conn_max);
		if (n->embryonic_max)
			cfg_printf(o, " embryonic-conn-max %u", n->embryonic_max);
		if (n->per_client_embryonic_max)
			cfg_printf(o, " per-client-embryonic-max %u",
				   n->per_client_embryonic_max);
		if (n->per_client_max)
			cfg_printf(o, " per-client-max %u", n->per_client_max);
		if (n->random_seq_disable)
			cfg_puts(o, " random-sequence-number disable");
		cfg_puts(o, "\n");
	}
	if (c->timeout_set) {
		cfg_puts(o, "  set connection timeout");
		if (n->embryonic_timeout >= 0) {
			fmt_hms(n->embryonic_timeout, b, sizeof b);
			cfg_printf(o, " embryonic %s", b);
		}
		if (n->half_closed_timeout >= 0) {
			fmt_hms(n->half_closed_timeout, b, sizeof b);
			cfg_printf(o, " half-closed %s", b);
		}
		if (n->tcp_timeout >= 0) {
			fmt_hms(n->tcp_timeout, b, sizeof b);
			cfg_printf(o, " tcp %s", b);
		}
		if (n->tcp_reset)
			cfg_puts(o, " reset");
		cfg_puts(o, "\n");
	}
}

static void write_qos(struct cfgout *o, const struct pmap_class *c)
{
	static const char *const dir[] = {"input", "output"};
	for (int d = 0; d < 2; d++) {
		const struct policy_police *p = &c->police[d];
		if (!p->set)
			continue;
		cfg_printf(o, "  police %s %lu", dir[d], p->rate);
		if (p->burst)
			cfg_printf(o, " %lu", p->burst);
		if (p->conform_drop)
			cfg_puts(o, " conform-action drop");
		if (p->exceed_transmit)
			cfg_puts(o, " exceed-action transmit");
		cfg_puts(o, "\n");
	}
	if (c->priority)
		cfg_puts(o, "  priority\n");
}

static void write_policy_maps(struct cfgout *o, unsigned flags)
{
	(void)flags;
	size_t ni, np;
	if (!hmap_count(&policy_imaps) && !hmap_count(&policy_pmaps))
		return;
	const char **ik = sorted_keys(&policy_imaps, &ni);
	const char **pk = sorted_keys(&policy_pmaps, &np);
	cfg_puts(o, "!\n");
	for (size_t i = 0; i < ni; i++) {
		const struct inspect_map *m = hmap_get(&policy_imaps, ik[i]);
		cfg_printf(o, "policy-map type inspect dns %s\n", m->name);
		if (m->desc)
			cfg_printf(o, " description %s\n", m->desc);
		if (m->params) {
			cfg_puts(o, " parameters\n");
			if (m->msg_client < 0)
				cfg_puts(o, "  message-length maximum client auto\n");
			else if (m->msg_client)
				cfg_printf(o, "  message-length maximum client %d\n",
					   m->msg_client);
			if (m->msg_server)
				cfg_printf(o, "  message-length maximum server %d\n",
					   m->msg_server);
			if (m->msg_max)
				cfg_printf(o, "  message-length maximum %d\n", m->msg_max);
		}
	}
	for (size_t i = 0; i < np; i++) {
		const struct policy_map *p = hmap_get(&policy_pmaps, pk[i]);
		cfg_printf(o, "policy-map %s\n", p->name);
		if (p->desc)
			cfg_printf(o, " description %s\n", p->desc);
		for (int c = 0; c < p->nclasses; c++) {
			const struct pmap_class *pc = p->classes[c];
			cfg_printf(o, " class %s\n", pc->name);
			write_conn(o, pc);
			write_qos(o, pc);
			for (int j = 0; j < pc->ninsp; j++) {
				const struct policy_inspect *in = &pc->insp[j];
				cfg_printf(o, "  inspect %s ", policy_inspect_name(in->engine));
				if (in->strict)
					cfg_puts(o, "strict ");
				if (in->map)
					cfg_printf(o, "%s ", in->map);
				cfg_puts(o, "\n");
			}
		}
	}
	cfg_puts(o, "!\n");
	free(ik);
	free(pk);
}

/* ---- declarations ---------------------------------------------------- */

#define ENG_NOMAP "(ctiqbe|ils|pptp|rsh|sqlnet|sunrpc|tftp|xdmcp)"
#define ENG_NOMAP_HELP                                                         \
	"CTIQBE inspection\nILS inspection\nPPTP inspection\nRSH inspection\n"  \
	"SQLNET inspection\nSUNRPC inspection\nTFTP inspection\n"               \
	"XDMCP inspection\n"
#define ENG_MAP                                                                \
	"(dcerpc|esmtp|gtp|http|im|ipsec-pass-thru|mgcp|netbios|rtsp|sip|"     \
	"skinny|smtp|snmp)"
#define ENG_MAP_HELP                                                           \
	"DCERPC inspection\nESMTP inspection\nGTP inspection\nHTTP inspection\n" \
	"Instant messaging inspection\nIPsec pass through inspection\n"         \
	"MGCP inspection\nNETBIOS inspection\nRTSP inspection\nSIP inspection\n" \
	"SKINNY inspection\nSMTP inspection\nSNMP inspection\n"
#define INSPECT_HELP "Protocol inspection\n"

static const struct cli_cmd config_cmds[] = {
	{"policy-map NAME", "Configure MPF Policy Map\nName of the policy-map",
	 cmd_policy_map, 0},
	{"policy-map type inspect dns NAME",
	 "Configure MPF Policy Map\nSpecify the type of policy-map\n"
	 "Configure an inspection policy-map\nDNS inspection policy-map\n"
	 "Name of the policy-map",
	 cmd_inspect_map, 0},
	{"no policy-map NAME", POLICY_NO_HELP "Configure MPF Policy Map\n"
	 "Name of the policy-map", cmd_no_policy_map, 0},
	{"no policy-map type inspect dns NAME",
	 POLICY_NO_HELP "Configure MPF Policy Map\nSpecify the type of policy-map\n"
	 "Configure an inspection policy-map\nDNS inspection policy-map\n"
	 "Name of the policy-map",
	 cmd_no_policy_map, 0},
	{"clear configure policy-map", POLICY_CLEAR_HELP "Clear all policy-maps",
	 cmd_clear, 0},
};

static const struct cli_cmd pmap_cmds[] = {
	{"class NAME", "Policy criteria\nName of the class-map (or class-default)",
	 cmd_class, 0},
	{"no class NAME", POLICY_NO_HELP "Policy criteria\nName of the class-map",
	 cmd_no_class, 0},
	{"[no] description [TEXT:line]", POLICY_NO_HELP
	 "Specify policy-map description\nDescription text (up to 200 characters)",
	 cmd_pmap_description, 0},
};

static const struct cli_cmd class_cmds[] = {
	{"inspect " ENG_NOMAP, INSPECT_HELP ENG_NOMAP_HELP, cmd_inspect, 0},
	{"inspect " ENG_MAP " [MAP]",
	 INSPECT_HELP ENG_MAP_HELP "Name of the inspect map", cmd_inspect, 0},
	{"inspect dns [MAP]", INSPECT_HELP "DNS inspection\nName of the DNS inspect map",
	 cmd_inspect, 0},
	{"inspect dns maximum-length N:<512-65535>",
	 INSPECT_HELP "DNS inspection\nMaximum DNS message length (7.0 form)\n"
	 "Length in bytes",
	 cmd_inspect, 0},
	{"inspect ftp [strict] [MAP]",
	 INSPECT_HELP "FTP inspection\nEnforce RFC-compliant FTP commands\n"
	 "Name of the FTP inspect map",
	 cmd_inspect, 0},
	{"inspect h323 (h225|ras) [MAP]",
	 INSPECT_HELP "H.323 inspection\nH.225 signalling\nRAS\n"
	 "Name of the H.323 inspect map",
	 cmd_inspect, 0},
	{"inspect icmp [error]", INSPECT_HELP "ICMP inspection\n"
	 "Translate ICMP error messages", cmd_inspect, 0},
	{"no inspect " ENG_NOMAP, POLICY_NO_HELP INSPECT_HELP ENG_NOMAP_HELP,
	 cmd_no_inspect, 0},
	{"no inspect (dcerpc|dns|esmtp|ftp|gtp|http|im|ipsec-pass-thru|mgcp|"
	 "netbios|rtsp|sip|skinny|smtp|snmp) [ARGS:line]",
	 POLICY_NO_HELP INSPECT_HELP "DCERPC inspection\nDNS inspection\n"
	 "ESMTP inspection\nFTP inspection\nGTP inspection\nHTTP inspection\n"
	 "Instant messaging inspection\nIPsec pass through inspection\n"
	 "MGCP inspection\nNETBIOS inspection\nRTSP inspection\nSIP inspection\n"
	 "SKINNY inspection\nSMTP inspection\nSNMP inspection\nArguments",
	 cmd_no_inspect, 0},
	{"no inspect h323 (h225|ras) [MAP]",
	 POLICY_NO_HELP INSPECT_HELP "H.323 inspection\nH.225 signalling\nRAS\n"
	 "Name of the H.323 inspect map",
	 cmd_no_inspect, 0},
	{"no inspect icmp [error]", POLICY_NO_HELP INSPECT_HELP "ICMP inspection\n"
	 "Translate ICMP error messages", cmd_no_inspect, 0},
	{"set connection {conn-max CM:<0-65535>|embryonic-conn-max EM:<0-65535>|"
	 "per-client-embryonic-max PCE:<0-65535>|per-client-max PC:<0-65535>|"
	 "random-sequence-number (enable|disable)}",
	 "Set connection values\nConnection parameters\n"
	 "Maximum number of simultaneous connections\nNumber of connections\n"
	 "Maximum number of embryonic connections\nNumber of connections\n"
	 "Maximum number of embryonic connections per client\n"
	 "Number of connections\nMaximum number of connections per client\n"
	 "Number of connections\nTCP sequence number randomization\n"
	 "Enable randomization\nDisable randomization",
	 cmd_set_conn, 0},
	{"set connection timeout {embryonic TE|half-closed TH|tcp TT [reset]}",
	 "Set connection values\nConnection parameters\nConnection timeouts\n"
	 "Embryonic connection timeout\nTimeout (hh:mm:ss)\n"
	 "Half-closed connection timeout\nTimeout (hh:mm:ss)\n"
	 "TCP idle timeout\nTimeout (hh:mm:ss)\nSend a reset on idle timeout",
	 cmd_set_timeout, 0},
	{"no set connection [ARGS:line]", POLICY_NO_HELP "Set connection values\n"
	 "Connection parameters", cmd_no_set_conn, 0},
	{"police (input|output) RATE:<8000-2000000000> [BURST:<1000-512000000>] "
	 "[conform-action (drop|transmit)] [exceed-action (drop|transmit)]",
	 "Rate limit traffic\nPolice traffic received\nPolice traffic sent\n"
	 "Conform rate in bits per second\nBurst size in bytes\n"
	 "Action for conforming traffic\nDrop it\nSend it\n"
	 "Action for exceeding traffic\nDrop it\nSend it",
	 cmd_police, 0},
	{"no police (input|output) [ARGS:line]",
	 POLICY_NO_HELP "Rate limit traffic\nPolice traffic received\n"
	 "Police traffic sent\nArguments",
	 cmd_police, 0},
	{"[no] priority", POLICY_NO_HELP "Low-latency queueing of this class",
	 cmd_priority, 0},
};

static const struct cli_cmd imap_cmds[] = {
	{"[no] parameters", POLICY_NO_HELP "Policy-map parameters", cmd_parameters, 0},
	{"[no] description [TEXT:line]", POLICY_NO_HELP
	 "Specify policy-map description\nDescription text (up to 200 characters)",
	 cmd_pmap_description, 0},
};

static const struct cli_cmd param_cmds[] = {
	{"message-length maximum N:<512-65535>",
	 "Configure the maximum length of a DNS message\n"
	 "Maximum length\nLength in bytes",
	 cmd_msg_length, 0},
	{"message-length maximum client (auto|N:<512-65535>)",
	 "Configure the maximum length of a DNS message\nMaximum length\n"
	 "Of messages from clients (EDNS0)\nAs the client announces\nLength in bytes",
	 cmd_msg_length, 0},
	{"message-length maximum server N:<512-65535>",
	 "Configure the maximum length of a DNS message\nMaximum length\n"
	 "Of messages from servers (EDNS0)\nLength in bytes",
	 cmd_msg_length, 0},
	{"no message-length maximum (client|server) [auto|N:<512-65535>]",
	 POLICY_NO_HELP "Configure the maximum length of a DNS message\n"
	 "Maximum length\nOf messages from clients\nOf messages from servers",
	 cmd_msg_length, 0},
	{"no message-length maximum [N:<512-65535>]",
	 POLICY_NO_HELP "Configure the maximum length of a DNS message\n"
	 "Maximum length\nLength in bytes",
	 cmd_msg_length, 0},
};

static void policymap_init(void)
{
	pmap_mode = cli_mode_new("config-pmap", cli_mode_config());
	class_mode = cli_mode_new("config-pmap-c", pmap_mode);
	imap_mode = cli_mode_new("config-pmap", cli_mode_config());
	param_mode = cli_mode_new("config-pmap-p", imap_mode);
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(pmap_mode, pmap_cmds);
	cli_install_all(class_mode, class_cmds);
	cli_install_all(imap_mode, imap_cmds);
	cli_install_all(param_mode, param_cmds);
	conf_register_writer(ORD_POLICY_MAP, write_policy_maps);
}

MODULE_INIT(policymap_init)
