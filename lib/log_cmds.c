/*
 * log_cmds.c — the logging feature's CLI: "logging ..." configuration
 * lines, their running-config writer, "clear configure logging",
 * "show logging" and "clear logging buffer".  The model these commands
 * edit is lib/log_conf.h; lib/log.c delivers the messages.
 *
 * Canonical order of "show running-config logging" (PIX/ASA 7.x):
 *   enable, timestamp, standby, emblem, list, buffer-size,
 *   asdm-buffer-size, history-size, console, monitor, buffered, trap,
 *   history, asdm, facility, queue, device-id, host, permit-hostdown,
 *   class, message.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"
#include "lib/ip4.h"
#include "lib/log.h"
#include "lib/log_conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/mgmt.h"

/* ---- severity arguments --------------------------------------------- */

#define LVL_KWS                                                              \
	"emergencies|alerts|critical|errors|warnings|notifications|"        \
	"informational|debugging"
#define LVL_KWS_HELP                                                         \
	"System is unusable (severity=0)\n"                                 \
	"Immediate action needed (severity=1)\n"                            \
	"Critical conditions (severity=2)\n"                                \
	"Error conditions (severity=3)\n"                                   \
	"Warning conditions (severity=4)\n"                                 \
	"Normal but significant conditions (severity=5)\n"                  \
	"Informational messages (severity=6)\n"                             \
	"Debugging messages (severity=7)\n"
/* a level, or the name of a logging list */
#define DEST_SYN "(" LVL_KWS "|<0-7>|WORD)"
#define DEST_HELP                                                            \
	LVL_KWS_HELP "Enter syslog level (0 - 7)\n"                         \
		     "Specify the name of logging list\n"
/* a level only */
#define LVL_SYN "(" LVL_KWS "|<0-7>)"
#define LVL_HELP LVL_KWS_HELP "Enter syslog level (0 - 7)\n"

/* The level or list named by the arguments after index `from`. */
static bool dest_arg(const struct cli_args *a, int from, int *level,
		     const char **list)
{
	*level = LOG_OFF;
	*list = NULL;
	for (int i = from; i < a->n; i++) {
		const char *spec = a->v[i].spec;
		if (strcmp(spec, "<0-7>") == 0) {
			*level = atoi(a->v[i].val);
			return true;
		}
		if (strcmp(spec, "WORD") == 0) {
			*list = a->v[i].val;
			return true;
		}
		int s = log_sev_parse(spec);
		if (s >= 0 && !isdigit((unsigned char)spec[0])) {
			*level = s;
			return true;
		}
	}
	return false;
}

static int arg_index(const struct cli_args *a, const char *spec)
{
	return cli_idx(a, spec);
}

static bool is_no(const struct cli_args *a)
{
	return a->n > 0 && strcmp(a->v[0].spec, "no") == 0;
}

static bool list_name_ok(const char *s);

/* ---- destinations: console, monitor, buffered, trap, history, asdm --- */

static const struct {
	const char *kw;
	size_t off;
} dests[] = {
	{"console", offsetof(struct log_conf, console)},
	{"monitor", offsetof(struct log_conf, monitor)},
	{"buffered", offsetof(struct log_conf, buffered)},
	{"trap", offsetof(struct log_conf, trap)},
	{"history", offsetof(struct log_conf, history)},
	{"asdm", offsetof(struct log_conf, asdm)},
};

static struct log_dest *dest_of(const char *kw)
{
	for (size_t i = 0; i < sizeof dests / sizeof dests[0]; i++)
		if (strcmp(dests[i].kw, kw) == 0)
			return (struct log_dest *)((char *)&log_cf + dests[i].off);
	return NULL;
}

static bool list_in_use(const char *name)
{
	for (size_t i = 0; i < sizeof dests / sizeof dests[0]; i++) {
		const struct log_dest *d = dest_of(dests[i].kw);
		if (strcmp(d->list, name) == 0)
			return true;
	}
	return false;
}

/* logging (console|...) LEVEL|LIST  /  no logging (console|...) [...] */
static int cmd_dest(struct cli *cli, struct cli_args *a)
{
	int k = is_no(a) ? 2 : 1;
	struct log_dest *d = dest_of(a->v[k].spec);
	if (!d)
		return CLI_ERR_INCOMPLETE;
	if (is_no(a)) {
		d->level = LOG_OFF;
		d->list[0] = '\0';
		return CLI_OK;
	}
	int level;
	const char *list;
	if (!dest_arg(a, k + 1, &level, &list))
		return CLI_ERR_INCOMPLETE;
	if (list) {
		if (!list_name_ok(list))
			return cli_bad(a, "WORD");
		if (!log_list_find(list)) {
			cli_printf(cli, "ERROR: logging list '%s' does not exist\n",
				   list);
			return CLI_ERR;
		}
		d->level = LOG_OFF;
		strlcpy_(d->list, list, sizeof d->list);
	} else {
		d->level = level;
		d->list[0] = '\0';
	}
	return CLI_OK;
}

/* ---- on/off switches -------------------------------------------------- */

static int cmd_flag(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool on = !is_no(a);
	const char *kw = a->v[is_no(a) ? 2 : 1].spec;
	if (strcmp(kw, "enable") == 0)
		log_cf.enabled = on;
	else if (strcmp(kw, "timestamp") == 0)
		log_cf.timestamp = on;
	else if (strcmp(kw, "standby") == 0)
		log_cf.standby = on;
	else if (strcmp(kw, "permit-hostdown") == 0)
		log_cf.permit_hostdown = on;
	else if (strcmp(kw, "emblem") == 0)
		log_cf.emblem = on;
	else
		return CLI_ERR_INCOMPLETE;
	return CLI_OK;
}

/* "logging on" is the PIX 6 spelling of "logging enable"; a PIX 6
 * configuration pasted into the box gets logging enabled, and show
 * running-config prints the 7.x form. */
static int cmd_on(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	log_cf.enabled = !is_no(a);
	return CLI_OK;
}

/* ---- sizes and numbers ------------------------------------------------ */

static int cmd_number(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool no = is_no(a);
	const char *kw = a->v[no ? 2 : 1].spec;
	const char *n = cli_get(a, "N");
	long v = n ? atol(n) : 0;
	if (strcmp(kw, "buffer-size") == 0) {
		log_cf.buffer_size = no ? LOG_BUFSIZE_DEFAULT : (size_t)v;
		log_conf_apply_sizes();
	} else if (strcmp(kw, "asdm-buffer-size") == 0) {
		log_cf.asdm_buffer_size = no ? LOG_ASDM_BUFSIZE_DEFAULT : (size_t)v;
		log_conf_apply_sizes();
	} else if (strcmp(kw, "history-size") == 0) {
		log_cf.history_size = no ? LOG_HISTORY_SIZE_DEFAULT : (size_t)v;
		log_conf_apply_sizes();
	} else if (strcmp(kw, "facility") == 0) {
		log_cf.facility = no ? LOG_FACILITY_DEFAULT : (int)v;
	} else if (strcmp(kw, "queue") == 0) {
		log_cf.queue = no ? LOG_QUEUE_DEFAULT : (int)v;
	} else {
		return CLI_ERR_INCOMPLETE;
	}
	return CLI_OK;
}

/* ---- device-id -------------------------------------------------------- */

/* "string" device ids: up to 16 characters, none of & ' " < > ? */
static bool devid_string_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 16)
		return false;
	for (; *s; s++)
		if (strchr("&'\"<>?", *s) || !isprint((unsigned char)*s))
			return false;
	return true;
}

static int cmd_devid(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (is_no(a)) {
		log_cf.devid = DEVID_NONE;
		log_cf.devid_arg[0] = '\0';
		return CLI_OK;
	}
	if (cli_has(a, "hostname")) {
		log_cf.devid = DEVID_HOSTNAME;
		log_cf.devid_arg[0] = '\0';
	} else if (cli_has(a, "ipaddress")) {
		const char *ifn = cli_get(a, "IF");
		if (strlen(ifn) >= sizeof log_cf.devid_arg)
			return cli_bad(a, "IF");
		log_cf.devid = DEVID_IPADDRESS;
		strlcpy_(log_cf.devid_arg, ifn, sizeof log_cf.devid_arg);
	} else if (cli_has(a, "string")) {
		const char *s = cli_get(a, "TEXT");
		if (!devid_string_ok(s))
			return cli_bad(a, "TEXT");
		log_cf.devid = DEVID_STRING;
		strlcpy_(log_cf.devid_arg, s, sizeof log_cf.devid_arg);
	} else {
		return CLI_ERR_INCOMPLETE;
	}
	return CLI_OK;
}

static void devid_text(char *out, size_t outsz)
{
	const struct iface *ifp;
	char b[16];
	switch (log_cf.devid) {
	case DEVID_HOSTNAME:
		strlcpy_(out, cli_hostname(), outsz);
		break;
	case DEVID_STRING:
		strlcpy_(out, log_cf.devid_arg, outsz);
		break;
	case DEVID_IPADDRESS:
		/* an interface without an address gives no device id */
		ifp = iface_find_name(log_cf.devid_arg);
		if (ifp && ifp->has_ip)
			strlcpy_(out, ip4_fmt(ifp->ip, b), outsz);
		else
			out[0] = '\0';
		break;
	default:
		out[0] = '\0';
	}
}

/* ---- syslog hosts ----------------------------------------------------- */

/* "tcp", "udp", "tcp/1470", "udp/1026", "6/1470", "17/514" */
static bool proto_parse(const char *s, int *proto, int *port)
{
	char name[16];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof name)
		return false;
	memcpy(name, s, n);
	name[n] = '\0';
	if (strcasecmp(name, "tcp") == 0 || strcmp(name, "6") == 0)
		*proto = 6;
	else if (strcasecmp(name, "udp") == 0 || strcmp(name, "17") == 0)
		*proto = 17;
	else
		return false;
	*port = *proto == 6 ? LOG_TCP_PORT_DEFAULT : LOG_UDP_PORT_DEFAULT;
	if (!slash)
		return true;
	const char *p = slash + 1;
	if (!*p || strlen(p) > 5)
		return false;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char)*q))
			return false;
	long v = atol(p);
	/* servers listen on 1025-65535; 514 is the UDP default itself */
	if (!((v >= 1025 && v <= 65535) || (*proto == 17 && v == 514)))
		return false;
	*port = (int)v;
	return true;
}

static bool proto_match(const char *in, char *out, size_t outsz)
{
	int proto, port;
	if (!proto_parse(in, &proto, &port))
		return false;
	snprintf(out, outsz, "%d/%d", proto, port);
	return true;
}

static const struct cli_type proto_type = {
	.name = "logproto",
	.help_name = "tcp[/port]|udp[/port]",
	.match = proto_match,
	.strength = 10,
};

static struct log_host *host_find(const char *ifn, uint32_t ip)
{
	for (size_t i = 0; i < log_cf.nhosts; i++)
		if (log_cf.hosts[i].ip == ip &&
		    strcmp(log_cf.hosts[i].ifname, ifn) == 0)
			return &log_cf.hosts[i];
	return NULL;
}

static int cmd_host(struct cli *cli, struct cli_args *a)
{
	const char *ifn = cli_get(a, "IF");
	uint32_t ip;
	if (!conf_parse_host(cli_get(a, "ADDR"), &ip))
		return cli_bad(a, "ADDR");
	struct log_host *h = host_find(ifn, ip);
	if (is_no(a)) {
		if (h) {
			size_t i = (size_t)(h - log_cf.hosts);
			memmove(h, h + 1,
				(log_cf.nhosts - i - 1) * sizeof *h);
			log_cf.nhosts--;
		}
		return CLI_OK;
	}
	if (strlen(ifn) >= LOG_NAME_MAX)
		return cli_bad(a, "IF");
	int proto = 17, port = LOG_UDP_PORT_DEFAULT;
	const char *p = cli_get(a, "PROTO");
	if (p && sscanf(p, "%d/%d", &proto, &port) != 2)
		return cli_bad(a, "PROTO");
	bool emblem = cli_has(a, "emblem");
	if (emblem && proto == 6)
		return cli_bad(a, "emblem"); /* EMBLEM format is UDP only */
	if (!h) {
		if (log_cf.nhosts == LOG_MAX_HOSTS) {
			cli_printf(cli, "ERROR: Maximum number of syslog servers "
					"(%d) reached\n", LOG_MAX_HOSTS);
			return CLI_ERR;
		}
		h = &log_cf.hosts[log_cf.nhosts++];
		memset(h, 0, sizeof *h);
		strlcpy_(h->ifname, ifn, sizeof h->ifname);
		h->ip = ip;
	}
	h->proto = proto;
	h->port = port;
	h->emblem = emblem;
	return CLI_OK;
}

/* A nameif went away or was renamed: nothing may name a ghost interface. */
static void iface_changed(const char *oldname, const char *newname)
{
	size_t o = 0;
	for (size_t i = 0; i < log_cf.nhosts; i++) {
		struct log_host *h = &log_cf.hosts[i];
		if (strcmp(h->ifname, oldname) == 0) {
			if (!newname)
				continue;
			strlcpy_(h->ifname, newname, sizeof h->ifname);
		}
		log_cf.hosts[o++] = *h;
	}
	log_cf.nhosts = o;
	if (log_cf.devid == DEVID_IPADDRESS &&
	    strcmp(log_cf.devid_arg, oldname) == 0) {
		if (newname) {
			strlcpy_(log_cf.devid_arg, newname,
				 sizeof log_cf.devid_arg);
		} else {
			log_cf.devid = DEVID_NONE;
			log_cf.devid_arg[0] = '\0';
		}
	}
}

/* ---- per-message settings --------------------------------------------- */

/* logging message ID [level L]  /  no logging message ID [level [L]] */
static int cmd_message(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	int id = atoi(cli_get(a, "ID"));
	bool level_kw = cli_has(a, "level");
	if (is_no(a)) {
		struct log_msg_conf *m = log_msg_find(id);
		if (m) {
			if (level_kw)
				m->level = -1;
			else
				m->disabled = true;
			log_msg_compact();
		} else if (!level_kw) {
			log_msg_get(id)->disabled = true;
		}
		return CLI_OK;
	}
	if (!level_kw) {
		struct log_msg_conf *m = log_msg_find(id);
		if (m) {
			m->disabled = false;
			log_msg_compact();
		}
		return CLI_OK;
	}
	int level;
	const char *list;
	if (!dest_arg(a, arg_index(a, "level") + 1, &level, &list) || list)
		return CLI_ERR_INCOMPLETE;
	log_msg_get(id)->level = level;
	log_msg_compact();
	return CLI_OK;
}

/* ---- logging lists ---------------------------------------------------- */

/* List names may not look like a severity: "logging buffered err" must
 * stay a level. */
static bool list_name_ok(const char *s)
{
	if (strlen(s) >= LOG_NAME_MAX || isdigit((unsigned char)s[0]))
		return false;
	static const char *const names[] = {"emergencies", "alerts",
					    "critical", "errors", "warnings",
					    "notifications", "informational",
					    "debugging"};
	for (size_t i = 0; i < 8; i++)
		if (strncasecmp(s, names[i], strlen(s)) == 0 ||
		    strncasecmp(s, names[i], 3) == 0)
			return false;
	return true;
}

static bool range_parse(const char *s, int *lo, int *hi)
{
	char *end;
	long a = strtol(s, &end, 10);
	long b = a;
	if (end == s)
		return false;
	if (*end == '-') {
		const char *t = end + 1;
		b = strtol(t, &end, 10);
		if (end == t)
			return false;
	}
	if (*end || a < 100000 || b > 999999 || a > b)
		return false;
	*lo = (int)a;
	*hi = (int)b;
	return true;
}

static bool ent_eq(const struct log_list_ent *x, const struct log_list_ent *y)
{
	if (x->kind != y->kind)
		return false;
	if (x->kind == LLE_MESSAGE)
		return x->lo == y->lo && x->hi == y->hi;
	return strcmp(x->cls, y->cls) == 0;
}

static int cmd_list(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "NAME");
	if (!list_name_ok(name))
		return cli_bad(a, "NAME");
	struct log_list_ent e = {0};
	bool has_crit = cli_has(a, "level") || cli_has(a, "message");
	if (cli_has(a, "message")) {
		e.kind = LLE_MESSAGE;
		if (!range_parse(cli_get(a, "RANGE"), &e.lo, &e.hi))
			return cli_bad(a, "RANGE");
	} else if (cli_has(a, "level")) {
		e.kind = LLE_LEVEL;
		const char *list;
		if (!dest_arg(a, arg_index(a, "level") + 1, &e.level, &list) ||
		    list) {
			if (!is_no(a))
				return CLI_ERR_INCOMPLETE;
		}
		const char *cls = cli_get(a, "CLASS");
		if (cls) {
			if (!log_class_valid(cls) || strlen(cls) >= sizeof e.cls)
				return cli_bad(a, "CLASS");
			strlcpy_(e.cls, cls, sizeof e.cls);
		}
	}
	if (is_no(a)) {
		struct log_list *l = log_list_find(name);
		if (!l)
			return CLI_OK;
		if (has_crit) {
			for (size_t i = 0; i < l->n; i++)
				if (ent_eq(&l->ents[i], &e)) {
					memmove(&l->ents[i], &l->ents[i + 1],
						(l->n - i - 1) * sizeof e);
					l->n--;
					break;
				}
			if (l->n > 0)
				return CLI_OK;
		}
		if (list_in_use(name)) {
			cli_printf(cli, "ERROR: logging list '%s' is in use\n",
				   name);
			return CLI_ERR;
		}
		log_list_delete(name);
		return CLI_OK;
	}
	struct log_list *l = log_list_get(name);
	for (size_t i = 0; i < l->n; i++)
		if (ent_eq(&l->ents[i], &e)) {
			l->ents[i] = e; /* same class: the new level wins */
			return CLI_OK;
		}
	l->ents = xrealloc(l->ents, (l->n + 1) * sizeof e);
	l->ents[l->n++] = e;
	return CLI_OK;
}

/* ---- logging class ------------------------------------------------- */

static const char *const class_dests[LD_COUNT] = {
	[LD_ASDM] = "asdm",       [LD_BUFFERED] = "buffered",
	[LD_CONSOLE] = "console", [LD_HISTORY] = "history",
	[LD_MONITOR] = "monitor", [LD_TRAP] = "trap",
};

static int class_dest_idx(const char *kw)
{
	for (int i = 0; i < LD_COUNT; i++)
		if (strcmp(class_dests[i], kw) == 0)
			return i;
	return -1;
}

/* logging class CLASS {DEST LEVEL}...  (adds to what the class has)
 * no logging class CLASS [{DEST [LEVEL]}...]  (those destinations, or all) */
static int cmd_class(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *cls = cli_get(a, "CLASS");
	if (!log_class_valid(cls))
		return cli_bad(a, "CLASS");
	int level[LD_COUNT];
	bool named[LD_COUNT] = {false}, any = false;
	for (int i = 0; i < a->n; i++) {
		int di = class_dest_idx(a->v[i].spec);
		if (di < 0)
			continue;
		const char *list;
		if (!dest_arg(a, i + 1, &level[di], &list) || list) {
			if (!is_no(a))
				return CLI_ERR_INCOMPLETE;
		}
		named[di] = any = true;
	}
	if (is_no(a)) {
		struct log_class_conf *c = log_class_find(cls);
		if (!c)
			return CLI_OK;
		bool left = false;
		for (int d = 0; d < LD_COUNT; d++) {
			if (!any || named[d])
				c->level[d] = LOG_OFF;
			left |= c->level[d] != LOG_OFF;
		}
		if (!left)
			log_class_delete(cls);
		return CLI_OK;
	}
	if (!any)
		return CLI_ERR_INCOMPLETE;
	struct log_class_conf *c = log_class_get(cls);
	for (int d = 0; d < LD_COUNT; d++)
		if (named[d])
			c->level[d] = level[d];
	return CLI_OK;
}

/* ---- clear configure logging ------------------------------------------ */

static int cmd_clear_conf(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "disabled")) {
		for (size_t i = 0; i < log_cf.nmsgs; i++)
			log_cf.msgs[i].disabled = false;
		log_msg_compact();
	} else if (cli_has(a, "level")) {
		for (size_t i = 0; i < log_cf.nmsgs; i++)
			log_cf.msgs[i].level = -1;
		log_msg_compact();
	} else {
		log_conf_reset();
	}
	return CLI_OK;
}

/* ---- running-config --------------------------------------------------- */

static void dest_line(struct cfgout *o, const char *kw,
		      const struct log_dest *d, bool all)
{
	if (d->list[0])
		cfg_printf(o, "logging %s %s\n", kw, d->list);
	else if (d->level != LOG_OFF)
		cfg_printf(o, "logging %s %s\n", kw, log_sev_name(d->level));
	else if (all)
		cfg_printf(o, "no logging %s\n", kw);
}

static void flag_line(struct cfgout *o, const char *kw, bool on, bool all)
{
	if (on)
		cfg_printf(o, "logging %s\n", kw);
	else if (all)
		cfg_printf(o, "no logging %s\n", kw);
}

static void write_logging(struct cfgout *o, unsigned flags)
{
	bool all = flags & CONF_W_ALL;
	flag_line(o, "enable", log_cf.enabled, all);
	flag_line(o, "timestamp", log_cf.timestamp, all);
	flag_line(o, "standby", log_cf.standby, all);
	flag_line(o, "emblem", log_cf.emblem, all);
	for (size_t i = 0; i < log_cf.nlists; i++) {
		const struct log_list *l = &log_cf.lists[i];
		for (size_t k = 0; k < l->n; k++) {
			const struct log_list_ent *e = &l->ents[k];
			if (e->kind == LLE_MESSAGE && e->lo == e->hi)
				cfg_printf(o, "logging list %s message %d\n",
					   l->name, e->lo);
			else if (e->kind == LLE_MESSAGE)
				cfg_printf(o, "logging list %s message %d-%d\n",
					   l->name, e->lo, e->hi);
			else
				cfg_printf(o, "logging list %s level %s%s%s\n",
					   l->name, log_sev_name(e->level),
					   e->cls[0] ? " class " : "", e->cls);
		}
	}
	if (all || log_cf.buffer_size != LOG_BUFSIZE_DEFAULT)
		cfg_printf(o, "logging buffer-size %zu\n", log_cf.buffer_size);
	if (all || log_cf.asdm_buffer_size != LOG_ASDM_BUFSIZE_DEFAULT)
		cfg_printf(o, "logging asdm-buffer-size %zu\n",
			   log_cf.asdm_buffer_size);
	if (all || log_cf.history_size != LOG_HISTORY_SIZE_DEFAULT)
		cfg_printf(o, "logging history-size %zu\n",
			   log_cf.history_size);
	dest_line(o, "console", &log_cf.console, all);
	dest_line(o, "monitor", &log_cf.monitor, all);
	dest_line(o, "buffered", &log_cf.buffered, all);
	dest_line(o, "trap", &log_cf.trap, all);
	dest_line(o, "history", &log_cf.history, all);
	dest_line(o, "asdm", &log_cf.asdm, all);
	if (all || log_cf.facility != LOG_FACILITY_DEFAULT)
		cfg_printf(o, "logging facility %d\n", log_cf.facility);
	if (all || log_cf.queue != LOG_QUEUE_DEFAULT)
		cfg_printf(o, "logging queue %d\n", log_cf.queue);
	switch (log_cf.devid) {
	case DEVID_HOSTNAME:
		cfg_puts(o, "logging device-id hostname\n");
		break;
	case DEVID_IPADDRESS:
		cfg_printf(o, "logging device-id ipaddress %s\n",
			   log_cf.devid_arg);
		break;
	case DEVID_STRING:
		cfg_printf(o, "logging device-id string %s\n",
			   log_cf.devid_arg);
		break;
	default:
		if (all)
			cfg_puts(o, "no logging device-id\n");
	}
	for (size_t i = 0; i < log_cf.nhosts; i++) {
		const struct log_host *h = &log_cf.hosts[i];
		char hb[64], pb[24] = "";
		/* UDP to 514 is the default and is not written */
		if (h->proto == 6 || h->port != LOG_UDP_PORT_DEFAULT)
			snprintf(pb, sizeof pb, " %d/%d", h->proto, h->port);
		cfg_printf(o, "logging host %s %s%s%s\n", h->ifname,
			   conf_fmt_host(h->ip, hb), pb,
			   h->emblem ? " format emblem" : "");
	}
	flag_line(o, "permit-hostdown", log_cf.permit_hostdown, all);
	for (size_t i = 0; i < log_cf.nclasses; i++) {
		const struct log_class_conf *c = &log_cf.classes[i];
		/* 7.x writes each destination/level pair followed by a space */
		cfg_printf(o, "logging class %s ", c->cls);
		for (int d = 0; d < LD_COUNT; d++)
			if (c->level[d] != LOG_OFF)
				cfg_printf(o, "%s %s ", class_dests[d],
					   log_sev_name(c->level[d]));
		cfg_puts(o, "\n");
	}
	for (size_t i = 0; i < log_cf.nmsgs; i++) {
		const struct log_msg_conf *m = &log_cf.msgs[i];
		if (m->level >= 0)
			cfg_printf(o, "logging message %d level %s\n", m->id,
				   log_sev_name(m->level));
		if (m->disabled)
			cfg_printf(o, "no logging message %d\n", m->id);
	}
}

static void reset_logging(void)
{
	log_conf_reset();
}

/* ---- show logging ------------------------------------------------------ */

static void show_dest(struct cli *cli, const char *label,
		      const struct log_dest *d, bool facility)
{
	char fac[32] = "";
	if (facility)
		snprintf(fac, sizeof fac, ", facility %d", log_cf.facility);
	if (d->list[0])
		cli_printf(cli, "    %s logging: list %s%s, %llu messages logged\n",
			   label, d->list, fac, d->count);
	else if (d->level != LOG_OFF)
		cli_printf(cli, "    %s logging: level %s%s, %llu messages logged\n",
			   label, log_sev_name(d->level), fac, d->count);
	else
		cli_printf(cli, "    %s logging: disabled\n", label);
}

static void show_line(void *ctx, const char *line)
{
	cli_printf(ctx, "%s\n", line);
}

static int cmd_show_logging(struct cli *cli, struct cli_args *a)
{
	(void)a;
	bool tcp = false;
	for (size_t i = 0; i < log_cf.nhosts; i++)
		tcp |= log_cf.hosts[i].proto == 6;
	cli_printf(cli, "Syslog logging: %s\n",
		   log_cf.enabled ? "enabled" : "disabled");
	cli_printf(cli, "    Facility: %d\n", log_cf.facility);
	cli_printf(cli, "    Timestamp logging: %s\n",
		   log_cf.timestamp ? "enabled" : "disabled");
	cli_printf(cli, "    Standby logging: %s\n",
		   log_cf.standby ? "enabled" : "disabled");
	/* a TCP syslog server blocks new connections when it cannot take
	 * messages, unless "logging permit-hostdown" */
	cli_printf(cli, "    Deny Conn when Queue Full: %s\n",
		   tcp && !log_cf.permit_hostdown ? "enabled" : "disabled");
	show_dest(cli, "Console", &log_cf.console, false);
	show_dest(cli, "Monitor", &log_cf.monitor, false);
	show_dest(cli, "Buffer", &log_cf.buffered, false);
	show_dest(cli, "Trap", &log_cf.trap, true);
	for (size_t i = 0; i < log_cf.nhosts; i++) {
		const struct log_host *h = &log_cf.hosts[i];
		char hb[16];
		char pb[24] = "";
		if (h->proto == 6 || h->port != LOG_UDP_PORT_DEFAULT)
			snprintf(pb, sizeof pb, " %s/%d",
				 h->proto == 6 ? "tcp" : "udp", h->port);
		cli_printf(cli, "        Logging to %s %s%s\n", h->ifname,
			   ip4_fmt(h->ip, hb), pb);
	}
	show_dest(cli, "History", &log_cf.history, false);
	switch (log_cf.devid) {
	case DEVID_HOSTNAME:
		cli_printf(cli, "    Device ID: hostname \"%s\"\n",
			   cli_hostname());
		break;
	case DEVID_IPADDRESS: {
		char b[16];
		const struct iface *ifp = iface_find_name(log_cf.devid_arg);
		cli_printf(cli, "    Device ID: interface \"%s\" IP address \"%s\"\n",
			   log_cf.devid_arg,
			   ifp && ifp->has_ip ? ip4_fmt(ifp->ip, b) : "");
		break;
	}
	case DEVID_STRING:
		cli_printf(cli, "    Device ID: string \"%s\"\n",
			   log_cf.devid_arg);
		break;
	default:
		cli_puts(cli, "    Device ID: disabled\n");
	}
	cli_puts(cli, "    Mail logging: disabled\n");
	show_dest(cli, "ASDM", &log_cf.asdm, false);
	log_ring_foreach(&log_buffer, show_line, cli);
	return CLI_OK;
}

static int cmd_show_queue(struct cli *cli, struct cli_args *a)
{
	(void)a;
	/* messages are delivered as they are logged: the queue stays empty */
	cli_printf(cli, "Logging Queue length limit : %d msg(s)\n",
		   log_cf.queue);
	cli_puts(cli, "0 msg(s) discarded due to queue overflow\n");
	cli_puts(cli, "0 msg(s) discarded due to memory allocation failure\n");
	cli_puts(cli, "Current 0 msg on queue, 0 msgs most on queue\n");
	return CLI_OK;
}

static int cmd_clear_logging(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "asdm"))
		log_ring_clear(&log_asdm);
	else
		log_ring_clear(&log_buffer);
	return CLI_OK;
}

/* ---- declarations ----------------------------------------------------- */

#define LOGGING_HELP "Configure logging levels, recipients and other options\n"

static const struct cli_cmd config_cmds[] = {
	{"[no] logging (enable|timestamp|standby|permit-hostdown|emblem)",
	 "\n" LOGGING_HELP
	 "Enable logging to all configured output destinations\n"
	 "Enable logging timestamps on syslog messages\n"
	 "Enable logging on failover standby unit\n"
	 "Allow new connections when a TCP syslog server is down\n"
	 "Use EMBLEM format for syslog messages\n",
	 cmd_flag, 0},
	{"[no] logging on", "\n" LOGGING_HELP
	 "Enable logging (PIX 6 form of logging enable)", cmd_on, CLI_HIDDEN},
	{"logging (console|monitor|buffered|trap|history|asdm) " DEST_SYN,
	 LOGGING_HELP
	 "Set console logging level\n"
	 "Set terminal line (monitor) logging level\n"
	 "Set logging buffer level\n"
	 "Set syslog server logging level\n"
	 "Set SNMP trap logging level\n"
	 "Set ASDM logging level\n" DEST_HELP,
	 cmd_dest, 0},
	{"no logging (console|monitor|buffered|trap|history|asdm) [" DEST_SYN "]",
	 "\n" LOGGING_HELP
	 "Set console logging level\n"
	 "Set terminal line (monitor) logging level\n"
	 "Set logging buffer level\n"
	 "Set syslog server logging level\n"
	 "Set SNMP trap logging level\n"
	 "Set ASDM logging level\n" DEST_HELP,
	 cmd_dest, 0},
	{"logging buffer-size N:<4096-1048576>",
	 LOGGING_HELP "Set size of the internal logging buffer\n"
		      "Buffer size in bytes\n",
	 cmd_number, 0},
	{"no logging buffer-size [N:<4096-1048576>]",
	 "\n" LOGGING_HELP "Set size of the internal logging buffer\n"
			   "Buffer size in bytes\n",
	 cmd_number, 0},
	{"logging asdm-buffer-size N:<100-512>",
	 LOGGING_HELP "Set number of messages kept for ASDM\n"
		      "Number of messages\n",
	 cmd_number, 0},
	{"no logging asdm-buffer-size [N:<100-512>]",
	 "\n" LOGGING_HELP "Set number of messages kept for ASDM\n"
			   "Number of messages\n",
	 cmd_number, 0},
	{"logging history-size N:<1-500>",
	 LOGGING_HELP "Set size of the SNMP history table\n"
		      "Number of messages\n",
	 cmd_number, 0},
	{"no logging history-size [N:<1-500>]",
	 "\n" LOGGING_HELP "Set size of the SNMP history table\n"
			   "Number of messages\n",
	 cmd_number, 0},
	{"logging facility N:<16-23>",
	 LOGGING_HELP "Set the syslog facility\n"
		      "Facility number (default 20, local4)\n",
	 cmd_number, 0},
	{"no logging facility [N:<16-23>]",
	 "\n" LOGGING_HELP "Set the syslog facility\n"
			   "Facility number (default 20, local4)\n",
	 cmd_number, 0},
	{"logging queue N:<0-8192>",
	 LOGGING_HELP "Set the size of the syslog message queue\n"
		      "Number of messages (0 = the maximum)\n",
	 cmd_number, 0},
	{"no logging queue [N:<0-8192>]",
	 "\n" LOGGING_HELP "Set the size of the syslog message queue\n"
			   "Number of messages (0 = the maximum)\n",
	 cmd_number, 0},
	{"logging device-id (hostname|ipaddress IF:nameif|string TEXT)",
	 LOGGING_HELP "Add a device ID to syslog messages\n"
		      "Use the hostname of the device\n"
		      "Use the IP address of an interface\n"
		      "Interface name\n"
		      "Use a text string\n"
		      "Up to 16 characters\n",
	 cmd_devid, 0},
	{"no logging device-id [hostname|ipaddress IF:nameif|string TEXT]",
	 "\n" LOGGING_HELP "Add a device ID to syslog messages\n"
			   "Use the hostname of the device\n"
			   "Use the IP address of an interface\n"
			   "Interface name\n"
			   "Use a text string\n"
			   "Up to 16 characters\n",
	 cmd_devid, 0},
	{"[no] logging host IF:nameif ADDR:ip [PROTO:logproto] [format emblem]",
	 "\n" LOGGING_HELP "Set syslog server IP address and parameters\n"
			   "Interface through which the server is reached\n"
			   "IP address of the syslog server\n"
			   "Protocol and port: tcp[/port] or udp[/port]\n"
			   "Message format\n"
			   "EMBLEM format (UDP only)\n",
	 cmd_host, 0},
	{"logging message ID:<100000-999999> [level " LVL_SYN "]",
	 LOGGING_HELP "Configure a syslog message\n"
		      "Syslog message ID\n"
		      "Change the severity of this message\n" LVL_HELP,
	 cmd_message, 0},
	{"no logging message ID:<100000-999999> [level [" LVL_SYN "]]",
	 "\n" LOGGING_HELP "Configure a syslog message\n"
			   "Syslog message ID\n"
			   "Change the severity of this message\n" LVL_HELP,
	 cmd_message, 0},
	{"logging list NAME (level " LVL_SYN " [class CLASS]|message RANGE)",
	 LOGGING_HELP "Create a logging list of messages\n"
		      "Name of the list\n"
		      "Messages of this severity or higher\n" LVL_HELP
		      "Only messages of this class\n"
		      "Class: auth, config, ha, ip, session, sys, vpn, ...\n"
		      "Messages by ID\n"
		      "A message ID or a range of IDs (100000-999999)\n",
	 cmd_list, 0},
	{"no logging list NAME [level [" LVL_SYN "] [class CLASS]|message RANGE]",
	 "\n" LOGGING_HELP "Create a logging list of messages\n"
			   "Name of the list\n"
			   "Messages of this severity or higher\n" LVL_HELP
			   "Only messages of this class\n"
			   "Class: auth, config, ha, ip, session, sys, vpn, ...\n"
			   "Messages by ID\n"
			   "A message ID or a range of IDs (100000-999999)\n",
	 cmd_list, 0},
	{"logging class CLASS {(asdm|buffered|console|history|monitor|trap) "
	 LVL_SYN "}",
	 LOGGING_HELP "Set the logging levels of a class of messages\n"
		      "Class: auth, config, ha, ip, session, sys, vpn, ...\n"
		      "ASDM\n"
		      "The logging buffer\n"
		      "The console\n"
		      "SNMP traps\n"
		      "Terminal sessions (monitor)\n"
		      "Syslog servers\n" LVL_HELP,
	 cmd_class, 0},
	{"no logging class CLASS {(asdm|buffered|console|history|monitor|trap) ["
	 LVL_SYN "]}",
	 "\n" LOGGING_HELP "Set the logging levels of a class of messages\n"
			   "Class: auth, config, ha, ip, session, sys, vpn, ...\n"
			   "ASDM\n"
			   "The logging buffer\n"
			   "The console\n"
			   "SNMP traps\n"
			   "Terminal sessions (monitor)\n"
			   "Syslog servers\n" LVL_HELP,
	 cmd_class, 0},
	{"clear configure logging [disabled|level]",
	 "\n\nClear logging configuration\n"
	 "Enable all disabled syslog messages\n"
	 "Restore the default severity of all syslog messages\n",
	 cmd_clear_conf, 0},
};

static const struct cli_cmd exec_cmds[] = {
	{"show logging", "\nShow the contents of logging buffers",
	 cmd_show_logging, CLI_SHOW | CLI_PRIV},
	{"show logging queue", "\n\nShow the syslog message queue",
	 cmd_show_queue, CLI_SHOW | CLI_PRIV},
	{"clear logging (buffer|asdm)",
	 "\nClear logging buffers\nClear the logging buffer\n"
	 "Clear the ASDM logging buffer\n",
	 cmd_clear_logging, CLI_PRIV | CLI_EXEC_ANY},
};

/* "logging timestamp" uses the box clock: "clock set", timezone and
 * summer time as configured. */
static void box_clock(struct tm *out)
{
	struct timespec ts;
	const char *zone;
	mgmt_now(&ts);
	time_t t = ts.tv_sec + (time_t)mgmt_utc_offset(ts.tv_sec, &zone);
	gmtime_r(&t, out);
}

static void logging_init(void)
{
	log_conf_reset();
	cli_type_register(&proto_type);
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(cli_mode_exec(), exec_cmds);
	cli_kw_help("logging", "Configure logging levels, recipients and other options");
	conf_register_writer(ORD_LOGGING, write_logging);
	conf_register_reset(reset_logging);
	log_set_devid_fn(devid_text);
	log_set_clock(box_clock);
	iface_watch(iface_changed);
}
MODULE_INIT(logging_init)
