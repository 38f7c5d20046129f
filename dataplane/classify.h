/*
 * classify.h — a compiled packet classifier with first-match semantics:
 * the access lists (access-group, nat 0 / policy NAT lists, capture
 * filters) are compiled into one of these and looked up per new flow.
 *
 * A rule matches a key when its protocol is the key's (or any), the
 * masked addresses are equal and both ports fall in the rule's ranges; of
 * all matching rules the one with the smallest prio wins (the ACE order).
 *
 * Lookup is tuple-space search: rules are grouped by their "shape"
 * (protocol given or not, source mask, destination mask, destination port
 * exact or not); each shape is one exact-match probe into a hash table of
 * (protocol, masked source, masked destination, port).  Shapes are
 * visited in the order of the best rule they hold, so the search stops as
 * soon as no remaining shape can beat the match found.  A hash bucket
 * holds the rules sharing one key, in prio order; a long bucket gets an
 * index of elementary destination-port intervals.  Cost per lookup: one
 * probe per shape (an ACL has a handful of shapes however many rules it
 * has), never a scan of the rules.
 */
#ifndef PIXIE_DP_CLASSIFY_H
#define PIXIE_DP_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLS_NONE UINT32_MAX

struct cls_rule {
	uint32_t src, smask, dst, dmask;
	uint16_t sp_lo, sp_hi, dp_lo, dp_hi; /* inclusive; 0-65535 = any */
	int16_t proto;                      /* -1: any protocol */
	uint32_t prio;                      /* smaller wins */
	uint32_t id;                        /* what a lookup returns */
};

/* ICMP: the type goes in dport (the code in sport), as the ACL matches them. */
struct cls_key {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint8_t proto;
};

struct classifier;

/* Compile n rules (copied; the array stays the caller's). */
struct classifier *cls_build(const struct cls_rule *rules, size_t n);
void cls_free(struct classifier *c);
/* The id of the best matching rule, or CLS_NONE. */
uint32_t cls_lookup(const struct classifier *c, const struct cls_key *k);
size_t cls_mem(const struct classifier *c);
size_t cls_shapes(const struct classifier *c);

/* The reference: the same answer by scanning every rule (tests). */
uint32_t cls_lookup_linear(const struct cls_rule *rules, size_t n, const struct cls_key *k);
bool cls_rule_matches(const struct cls_rule *r, const struct cls_key *k);

#endif
