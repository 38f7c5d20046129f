/*
 * fw_conf.c — the firewall's view of the configuration: interface slots,
 * the generation check that triggers a rebuild of the compiled state
 * (access lists, NAT rules, inspection flags, timeouts), the one-second
 * tick that ages conns, xlates and log flows, and the factory reset.
 *
 * Detecting a change (fw_gen.c): a cheap generation on every packet, an
 * exact fingerprint of the configuration for commands and the tick.
 * Compiled state holds no pointer into the configuration, so a packet
 * judged before a change is noticed meets the previous policy, never
 * freed memory.  Packet-driven rebuilds are spaced so that they take at
 * most a tenth of the time: pasting 100,000 lines under traffic does not
 * recompile a large list after every line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf/conf.h"
#include "dataplane/conn.h"
#include "dataplane/dp.h"
#include "dataplane/fw_conn.h"
#include "dataplane/fw_int.h"
#include "dataplane/lhost.h"
#include "dataplane/timeout.h"
#include "dataplane/u64map.h"
#include "lib/evloop.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "nat/nat_rules.h"
#include "nat/xlate.h"
#include "policy/policy.h"

struct fw_if *fw_ifs;
size_t fw_nifs;
static size_t cap_ifs;
static struct u64map by_ptr; /* struct iface * -> slot + 1 */
uint32_t fw_gen_seq = 1;
struct fw_timeouts fw_tmo = {3600, 600, 120, 2, 10800, 30, 30};

static uint64_t built_cheap, built_exact; /* generations of the last build */
static bool built;
static const uint32_t *test_clock;

/* ---- time -------------------------------------------------------------------- */

uint32_t fw_now(void)
{
	if (test_clock)
		return *test_clock;
	return (uint32_t)(ev_now_ms() / 1000);
}

void fw_set_clock(const uint32_t *clk)
{
	test_clock = clk;
}

const char *fw_hms(uint32_t secs, char buf[32])
{
	snprintf(buf, 32, "%u:%02u:%02u", secs / 3600, secs / 60 % 60, secs % 60);
	return buf;
}

/* ---- slots -------------------------------------------------------------------- */

int fw_slot(const struct iface *ifp)
{
	void *v = ifp ? u64map_get(&by_ptr, (uint64_t)(uintptr_t)ifp) : NULL;
	return v ? (int)((uintptr_t)v - 1) : -1;
}

int fw_slot_by_name(const char *name)
{
	for (size_t i = 0; i < fw_nifs; i++)
		if (fw_ifs[i].live && !strcmp(fw_ifs[i].name, name))
			return (int)i;
	return -1;
}

uint32_t fw_if_ip(int slot)
{
	if (slot < 0 || (size_t)slot >= fw_nifs || !fw_ifs[slot].live || !fw_ifs[slot].ifp)
		return 0;
	const struct iface *ifp = fw_ifs[slot].ifp;
	return ifp->has_ip || ifp->dhcp ? ifp->ip : 0;
}

static int slot_for(const char *name)
{
	for (size_t i = 0; i < fw_nifs; i++)
		if (!strcmp(fw_ifs[i].name, name))
			return (int)i;
	for (size_t i = 0; i < fw_nifs; i++)
		if (!fw_ifs[i].name[0]) {
			snprintf(fw_ifs[i].name, sizeof fw_ifs[i].name, "%s", name);
			return (int)i;
		}
	if (fw_nifs >= FW_SLOTS_MAX)
		return -1;
	if (fw_nifs == cap_ifs) {
		cap_ifs = cap_ifs ? cap_ifs * 2 : 8;
		fw_ifs = xrealloc(fw_ifs, cap_ifs * sizeof *fw_ifs);
	}
	struct fw_if *f = &fw_ifs[fw_nifs];
	memset(f, 0, sizeof *f);
	snprintf(f->name, sizeof f->name, "%s", name);
	return (int)fw_nifs++;
}

static void slots_refresh(void)
{
	for (size_t i = 0; i < fw_nifs; i++) {
		fw_ifs[i].live = false;
		fw_ifs[i].ifp = NULL;
	}
	u64map_clear(&by_ptr);
	for (size_t i = 0; i < iface_count(); i++) {
		struct iface *ifp = iface_at(i);
		if (!ifp->nameif[0])
			continue;
		int s = slot_for(ifp->nameif);
		if (s < 0)
			continue;
		struct fw_if *f = &fw_ifs[s];
		f->ifp = ifp;
		f->live = true;
		f->sec = ifp->seclevel < 0 ? 0 : ifp->seclevel;
		u64map_put(&by_ptr, (uint64_t)(uintptr_t)ifp, (void *)(uintptr_t)(s + 1));
	}
}

/* A nameif went away or changed: its conns must not use the interface
 * pointer any more (the interface may be freed next). */
static void iface_changed(const char *oldname, const char *newname)
{
	(void)newname;
	for (size_t i = 0; i < fw_nifs; i++)
		if (!strcmp(fw_ifs[i].name, oldname)) {
			if (fw_ifs[i].ifp)
				u64map_del(&by_ptr, (uint64_t)(uintptr_t)fw_ifs[i].ifp);
			fw_ifs[i].live = false;
			fw_ifs[i].ifp = NULL;
		}
	fw_gen_bump();
}

static void acl_gone(const char *name)
{
	(void)name;
	fw_gen_bump();
}

/* ---- generation ------------------------------------------------------------------ */

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t last_end_us, last_cost_us;

void fw_sync(void)
{
	if (built && fw_gen_cheap() == built_cheap)
		return;
	/* rebuilds take at most a tenth of the time */
	if (last_cost_us > 1000 && mono_us() < last_end_us + 10 * last_cost_us)
		return;
	fw_rebuild();
}

/* For show and clear commands: the configuration as it is now. */
void fw_sync_now(void)
{
	if (!built || fw_gen_cheap() != built_cheap || fw_gen_exact() != built_exact)
		fw_rebuild();
}

/* ---- rebuild -------------------------------------------------------------------- */

struct icmp_scan {
	bool icmp;
};

static void class_cb(void *ctx, const struct policy_class_view *c)
{
	struct icmp_scan *s = ctx;
	for (int i = 0; i < c->ninspect; i++) {
		if (c->inspect[i].engine != INSP_ICMP)
			continue;
		switch (c->match ? c->match->kind : PM_NONE) {
		case PM_ANY:
		case PM_ACCESS_LIST:
		case PM_CLASS_DEFAULT:
			s->icmp = true;
			break;
		case PM_DEFAULT_INSPECTION:
			if (policy_default_inspection(INSP_ICMP, 1, 0))
				s->icmp = true;
			break;
		default:
			break;
		}
	}
}

static uint32_t tmo(enum timeout_id id)
{
	long v = timeout_get(id);
	return v > 0 ? (uint32_t)v : 0;
}

void fw_rebuild(void)
{
	uint64_t t0 = mono_us();
	built_cheap = fw_gen_cheap();
	built_exact = fw_gen_exact();
	built = true;
	slots_refresh();
	fw_acl_flush();
	for (size_t i = 0; i < fw_nifs; i++) {
		struct fw_if *f = &fw_ifs[i];
		free(f->acl_in_name);
		free(f->acl_out_name);
		f->acl_in_name = f->acl_out_name = NULL;
		f->acl_in = f->acl_out = NULL;
		f->icmp_inspect = false;
		if (!f->live)
			continue;
		const char *in = acl_group_get(f->name, false), *out = acl_group_get(f->name, true);
		if (in) {
			f->acl_in_name = xstrdup(in);
			f->acl_in = fw_acl_get(in);
		}
		if (out) {
			f->acl_out_name = xstrdup(out);
			f->acl_out = fw_acl_get(out);
		}
		struct icmp_scan s = {false};
		policy_foreach_class(f->name, class_cb, &s);
		f->icmp_inspect = s.icmp;
	}
	nr_rebuild();
	struct fw_timeouts t = {
		.conn = tmo(TMO_CONN),
		.half_closed = tmo(TMO_HALF_CLOSED),
		.udp = tmo(TMO_UDP),
		.icmp = tmo(TMO_ICMP),
		.xlate = tmo(TMO_XLATE),
		.pat_xlate = tmo(TMO_PAT_XLATE) ? tmo(TMO_PAT_XLATE) : 30,
		.embryonic = 30,
	};
	bool retime = memcmp(&t, &fw_tmo, sizeof t) != 0;
	fw_tmo = t;
	fw_gen_seq++;
	/* conns and xlates on interfaces that lost their name go */
	fw_conn_sweep_dead();
	if (retime)
		fw_conn_retime();
	last_end_us = mono_us();
	last_cost_us = last_end_us - t0;
}

/* ---- the tick -------------------------------------------------------------------- */

static struct ev_timer *tick_timer;

static void tick(void *ctx)
{
	(void)ctx;
	tick_timer = NULL;
	uint32_t now = fw_now();
	fw_sync_now();
	fw_conn_advance(now);
	xlate_advance(now);
	fw_acl_tick(now);
	tick_timer = ev_timer_add(1000, tick, NULL);
}

/* ---- reset ------------------------------------------------------------------------ */

/* Factory default: no interface keeps its name, so nothing survives. */
static void fw_reset(void)
{
	fw_conn_clear(NULL, NULL, NULL);
	uint32_t it = 0;
	for (struct xlate *x; (x = xlate_next(&it));)
		xlate_del(x->self + 1);
	lhost_reset();
	fw_acl_reset();
	nr_reset();
	pat_reset();
	for (size_t i = 0; i < fw_nifs; i++) {
		free(fw_ifs[i].acl_in_name);
		free(fw_ifs[i].acl_out_name);
	}
	fw_nifs = 0;
	u64map_clear(&by_ptr);
	fw_gen_bump();
}

static bool proxy_arp(const struct iface *ifp, uint32_t ip)
{
	fw_sync();
	return nr_proxy_arp(fw_slot(ifp), ip);
}

void fw_mem_stats(struct fw_mem *m)
{
	m->conns = conn_count();
	m->conn_bytes = conn_mem();
	m->xlates = xlate_count();
	m->xlate_bytes = xlate_mem() + pat_mem();
	m->hosts = lhost_count();
	m->host_bytes = lhost_mem();
	m->acl_bytes = fw_acl_mem();
}

static void fw_conf_init(void)
{
	conn_table_init();
	iface_watch(iface_changed);
	acl_watch(acl_gone);
	conf_register_reset(fw_reset);
	arp_proxy_register(proxy_arp);
	/* interfaces, routes or links changed under the packet path: cached
	 * next hops and interface pointers are rebuilt */
	dp_on_change(fw_gen_bump);
	tick_timer = ev_timer_add(1000, tick, NULL);
}
MODULE_INIT(fw_conf_init)
