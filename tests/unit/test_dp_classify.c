/* test_dp_classify.c — the compiled classifier gives the same first match
 * as a linear scan, on random rule sets of many shapes, with and without
 * port ranges (long buckets take the interval index). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "dataplane/classify.h"

static uint64_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift64*: reproducible across runs and platforms */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

static uint32_t mask_of(int len)
{
	return len ? 0xffffffffu << (32 - len) : 0;
}

/* Addresses from a small space so that rules and keys collide often. */
static uint32_t addr(void)
{
	return 0x0a000000u | (rnd() % 4) << 16 | (rnd() % 4) << 8 | (rnd() % 8);
}

static const int lens[] = {0, 8, 16, 24, 29, 32};

static void random_ports(uint16_t *lo, uint16_t *hi, int style)
{
	switch (style) {
	case 0:
		*lo = 0, *hi = 65535;
		break;
	case 1:
		*lo = *hi = (uint16_t)(rnd() % 16 + 20);
		break;
	default: {
		uint16_t a = (uint16_t)(rnd() % 40), b = (uint16_t)(rnd() % 40);
		*lo = a < b ? a : b;
		*hi = a < b ? b : a;
		if (rnd() % 8 == 0)
			*hi = 65535;
	}
	}
}

static void random_rules(struct cls_rule *r, size_t n, bool ports, bool same_addr)
{
	for (size_t i = 0; i < n; i++) {
		int sl = lens[rnd() % 6], dl = lens[rnd() % 6];
		if (same_addr)
			sl = dl = 0;
		r[i].smask = mask_of(sl);
		r[i].dmask = mask_of(dl);
		r[i].src = addr() & r[i].smask;
		r[i].dst = addr() & r[i].dmask;
		static const int16_t protos[] = {-1, 1, 6, 17, 6, 17};
		r[i].proto = protos[rnd() % 6];
		if (r[i].proto < 0 && !sl && !dl) {
			/* no "permit ip any any": keep some keys unmatched */
			r[i].dmask = mask_of(32);
			r[i].dst = addr();
		}
		if (r[i].proto == 6 || r[i].proto == 17) {
			random_ports(&r[i].sp_lo, &r[i].sp_hi, ports ? (rnd() % 6 ? 0 : 2) : 0);
			random_ports(&r[i].dp_lo, &r[i].dp_hi, ports ? (int)(rnd() % 3) : 1);
		} else if (r[i].proto == 1) {
			r[i].sp_lo = 0, r[i].sp_hi = 65535;
			random_ports(&r[i].dp_lo, &r[i].dp_hi, (int)(rnd() % 2));
		} else {
			r[i].sp_lo = r[i].dp_lo = 0;
			r[i].sp_hi = r[i].dp_hi = 65535;
		}
		/* priorities in a shuffled order, some shared (neq expands to
		 * two rules with one priority) */
		r[i].prio = (uint32_t)(rnd() % (n * 2));
		r[i].id = (uint32_t)i;
	}
	/* equal priorities must give one answer: make (prio, id) unique by
	 * deduplicating priorities */
	for (size_t i = 0; i < n; i++)
		r[i].prio = r[i].prio * (uint32_t)n + (uint32_t)i;
}

static void random_key(struct cls_key *k)
{
	static const uint8_t protos[] = {1, 6, 17, 47};
	k->proto = protos[rnd() % 4];
	k->src = addr();
	k->dst = addr();
	k->sport = (uint16_t)(rnd() % 45);
	k->dport = (uint16_t)(rnd() % 45);
	if (rnd() % 16 == 0)
		k->dport = 65535;
}

static void compare(size_t n, bool ports, bool same_addr, int rounds)
{
	struct cls_rule *r = calloc(n, sizeof *r);
	for (int round = 0; round < rounds; round++) {
		random_rules(r, n, ports, same_addr);
		struct classifier *c = cls_build(r, n);
		for (int q = 0; q < 2000; q++) {
			struct cls_key k;
			random_key(&k);
			uint32_t want = cls_lookup_linear(r, n, &k), got = cls_lookup(c, &k);
			if (want != got)
				fail_msg("n=%zu round %d: key proto %u %08x:%u -> %08x:%u linear %u "
					 "compiled %u",
					 n, round, k.proto, k.src, k.sport, k.dst, k.dport, want, got);
		}
		cls_free(c);
	}
	free(r);
}

static void small_sets(void **state)
{
	(void)state;
	rng_state = 0x1234567;
	compare(1, true, false, 50);
	compare(5, true, false, 50);
	compare(20, true, false, 50);
}

static void large_sets(void **state)
{
	(void)state;
	rng_state = 0x7654321;
	compare(500, true, false, 5);
	compare(3000, false, false, 3);
}

/* every rule "any any" with port ranges: one long bucket per protocol,
 * answered by the interval index */
static void long_buckets(void **state)
{
	(void)state;
	rng_state = 42;
	compare(200, true, true, 10);
}

static void empty_and_none(void **state)
{
	(void)state;
	struct classifier *c = cls_build(NULL, 0);
	struct cls_key k = {1, 2, 3, 4, 6};
	assert_int_equal(cls_lookup(c, &k), CLS_NONE);
	cls_free(c);
	struct cls_rule r = {0x0a000000, 0xff000000, 0, 0, 0, 65535, 80, 80, 6, 7, 99};
	c = cls_build(&r, 1);
	k = (struct cls_key){0x0a010203, 0x01020304, 1000, 80, 6};
	assert_int_equal(cls_lookup(c, &k), 99);
	k.dport = 81;
	assert_int_equal(cls_lookup(c, &k), CLS_NONE);
	k.dport = 80;
	k.proto = 17;
	assert_int_equal(cls_lookup(c, &k), CLS_NONE);
	k.proto = 6;
	k.src = 0x0b000001;
	assert_int_equal(cls_lookup(c, &k), CLS_NONE);
	cls_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_and_none),
		cmocka_unit_test(small_sets),
		cmocka_unit_test(large_sets),
		cmocka_unit_test(long_buckets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
