/* test_vpn_pool.c — ip local pool range checks and address allocation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vpn/pool.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static void range_parse(void **state)
{
	(void)state;
	uint32_t s, e;
	assert_true(pool_parse_range("10.4.5.10-10.4.5.20", &s, &e));
	assert_int_equal(s, IP(10, 4, 5, 10));
	assert_int_equal(e, IP(10, 4, 5, 20));
	assert_false(pool_parse_range("10.4.5.10", &s, &e));
	assert_false(pool_parse_range("-10.4.5.10", &s, &e));
	assert_false(pool_parse_range("10.4.5.10-", &s, &e));
	assert_false(pool_parse_range("10.4.5.10-10.4.5.256", &s, &e));
	assert_false(pool_parse_range("1234567890123456-1.1.1.1", &s, &e));
}

static void range_check(void **state)
{
	(void)state;
	uint32_t m24 = 0xffffff00u;
	assert_int_equal(pool_check(IP(10, 4, 5, 10), IP(10, 4, 5, 20), m24),
			 POOL_OK);
	assert_int_equal(pool_check(IP(10, 4, 5, 10), IP(10, 4, 5, 10), 0),
			 POOL_OK);
	assert_int_equal(pool_check(IP(10, 4, 5, 20), IP(10, 4, 5, 10), m24),
			 POOL_ERR_ORDER);
	assert_int_equal(pool_check(IP(10, 4, 5, 10), IP(10, 4, 6, 10), m24),
			 POOL_ERR_SUBNET);
	assert_int_equal(pool_check(IP(10, 0, 0, 0), IP(10, 1, 0, 0), 0),
			 POOL_ERR_SIZE);
	assert_int_equal(pool_check(IP(10, 0, 0, 0), IP(10, 0, 255, 255), 0),
			 POOL_OK);
}

static void alloc_release(void **state)
{
	(void)state;
	struct ip_pool *p = pool_add("t", IP(10, 4, 5, 10), IP(10, 4, 5, 20),
				     0xffffff00u);
	assert_ptr_equal(pool_find("t"), p);
	assert_int_equal(pool_size(p), 11);
	uint32_t ip;
	assert_true(pool_alloc(p, &ip));
	assert_int_equal(ip, IP(10, 4, 5, 10));
	assert_true(pool_take(p, IP(10, 4, 5, 11)));
	assert_false(pool_take(p, IP(10, 4, 5, 11)));
	assert_false(pool_take(p, IP(10, 4, 5, 21)));
	assert_true(pool_alloc(p, &ip));
	assert_int_equal(ip, IP(10, 4, 5, 12));
	assert_int_equal(p->in_use, 3);
	pool_release(p, IP(10, 4, 5, 10));
	pool_release(p, IP(10, 4, 5, 10)); /* twice: no underflow */
	assert_int_equal(p->in_use, 2);
	assert_true(pool_alloc(p, &ip));
	assert_int_equal(ip, IP(10, 4, 5, 10));
	for (int i = 0; i < 8; i++)
		assert_true(pool_alloc(p, &ip));
	assert_false(pool_alloc(p, &ip)); /* exhausted */
	assert_int_equal(p->in_use, 11);
	assert_int_equal(pool_show_mask(p), 0xffffff00u);
	pool_clear_all();
	assert_null(pool_find("t"));
}

static void classful_mask(void **state)
{
	(void)state;
	struct ip_pool *a = pool_add("a", IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0);
	struct ip_pool *b = pool_add("b", IP(172, 16, 0, 1), IP(172, 16, 0, 2),
				     0);
	struct ip_pool *c = pool_add("c", IP(192, 168, 1, 1),
				     IP(192, 168, 1, 2), 0);
	assert_int_equal(pool_show_mask(a), 0xff000000u);
	assert_int_equal(pool_show_mask(b), 0xffff0000u);
	assert_int_equal(pool_show_mask(c), 0xffffff00u);
	pool_del("b");
	assert_null(pool_find("b"));
	pool_clear_all();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(range_parse),
		cmocka_unit_test(range_check),
		cmocka_unit_test(alloc_release),
		cmocka_unit_test(classful_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
