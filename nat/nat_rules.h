/*
 * nat_rules.h — the NAT configuration compiled for the packet path: which
 * rule translates a flow, in PIX 7.2's order of precedence
 *
 *   1. nat 0 access-list (exemption, both directions)
 *   2. static and static PAT, policy or not, in configuration order
 *   3. policy dynamic NAT (nat ID access-list), in order
 *   4. regular dynamic NAT and identity NAT (nat ID|0 NET MASK), the
 *      longest matching prefix
 *
 * and the globals a dynamic rule takes from (pools first, PAT when they
 * are used up).  Interfaces are slots (fw_int.h); every list is copied,
 * so the compiled rules stay valid until the next nr_rebuild().
 */
#ifndef PIXIE_NAT_RULES_H
#define PIXIE_NAT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/fw_int.h"
#include "nat/nat_conf.h"

struct nr_hits {
	uint64_t translate, untranslate;
};

struct nr_static {
	int real_slot, mapped_slot;
	uint8_t proto;          /* 0 address static; 6/17 static PAT */
	bool mapped_iface;      /* the mapped address is the interface's */
	uint32_t real, mapped, mask;
	uint16_t real_port, mapped_port;
	struct fw_acl *acl;     /* policy static */
	struct nat_opts opts;
	char *text;             /* "static (inside,outside) ..." */
	struct nr_hits *hits;
};

struct nr_rule {
	int slot;
	uint32_t id;
	bool is_acl;
	uint32_t net, mask;
	struct fw_acl *acl;
	struct nat_opts opts;
	char *text;             /* "nat (inside) 1 ..." */
	struct nr_hits *hits;
};

struct nr_global {
	int slot;
	uint32_t id;
	enum nat_global_kind kind;
	uint32_t lo, hi;
	char *text;
	uint32_t *cursor;       /* next pool address to try (kept across rebuilds) */
};

struct nr_gset {
	int slot;
	uint32_t id;
	struct nr_global **pool, **pat;
	size_t npool, npat;
};

void nr_rebuild(void);
void nr_reset(void);

/* The address a static maps to (the interface's for "interface"). */
uint32_t nr_static_mapped(const struct nr_static *s);

/* Un-NAT: is the destination of flow f, arriving on slot in, a mapped
 * address (a static, then a dynamic xlate)?  Fills n (how, real_slot,
 * static or xlate) and the real destination. */
bool nr_untranslate(int in, const struct fw_flow *f, struct fw_nat *n, uint32_t *rdst,
		    uint16_t *rdport);
/* The translation of the source of flow f from slot in to slot out (its
 * real destination rdst:rdport). */
void nr_translate_src(int in, int out, const struct fw_flow *f, uint32_t rdst, uint16_t rdport,
		      struct fw_nat *n);
/* Does "nat (slot) 0 access-list" exempt traffic from host (on slot) to
 * peer?  k is the flow as the host would send it. */
bool nr_exempt(int slot, const struct cls_key *k, const struct nr_rule **rule);
/* Any nat rule (not exemption) on slot, "outside" ones or the others. */
bool nr_has_dynamic(int slot, bool outside);
const struct nr_gset *nr_gset(int slot, uint32_t id);
/* Make the xlate an NH_DYNAMIC / NH_IDENTITY decision needs (dry: only
 * say what it would be).  Fills n->ip, n->port, n->xlate.  false when no
 * address or port is left or no global exists (logged unless dry). */
bool nr_xlate_make(int in, int out, const struct fw_flow *f, struct fw_nat *n, bool dry);
/* "global (out) N ..." text the dynamic decision would use (tracer). */
void nr_describe_pool(const struct fw_nat *n, int out, char *buf, size_t len);

bool nr_proxy_arp(int slot, uint32_t ip);
bool nr_static_port_taken(uint32_t ip, uint8_t proto, uint16_t port);

size_t nr_static_count(void);
const struct nr_static *nr_static_at(size_t i);
size_t nr_rule_count(void);
const struct nr_rule *nr_rule_at(size_t i);

#endif
