/* Unit tests of lib/: address and mask parsing, the hash map, the buffer,
 * the event loop's timers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/evloop.h"
#include "lib/hmap.h"
#include "lib/ip4.h"
#include "lib/strbuf.h"

static void test_ip4_parse(void **state)
{
	(void)state;
	uint32_t ip;
	assert_true(ip4_parse("172.16.1.1", &ip));
	assert_int_equal(ip, 0xac100101);
	assert_true(ip4_parse("0.0.0.0", &ip));
	assert_int_equal(ip, 0);
	assert_true(ip4_parse("255.255.255.255", &ip));
	static const char *const bad[] = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4",
					  "1..2.3", "a.b.c.d", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4x",
					  "1234.1.1.1", "1.2.3."};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(ip4_parse(bad[i], &ip));
	char b[16];
	assert_string_equal(ip4_fmt(0x0a040401, b), "10.4.4.1");
}

static void test_masks(void **state)
{
	(void)state;
	uint32_t m;
	assert_true(ip4_parse_mask("255.255.255.0", &m));
	assert_int_equal(ip4_mask_len(m), 24);
	assert_true(ip4_parse_mask("0.0.0.0", &m));
	assert_int_equal(ip4_mask_len(m), 0);
	assert_true(ip4_parse_mask("255.255.255.255", &m));
	assert_int_equal(ip4_mask_len(m), 32);
	assert_false(ip4_parse_mask("255.0.255.0", &m));
	assert_false(ip4_parse_mask("0.255.255.255", &m));
	assert_false(ip4_parse_mask("255.255.255.1", &m));
	for (int len = 0; len <= 32; len++)
		assert_int_equal(ip4_mask_len(ip4_len_mask(len)), len);
}

static void test_hmap(void **state)
{
	(void)state;
	struct hmap m;
	hmap_init(&m, true);
	char key[32];
	for (long i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "Key%ld", i);
		assert_null(hmap_put(&m, key, (void *)(i + 1)));
	}
	assert_int_equal(hmap_count(&m), 5000);
	assert_ptr_equal(hmap_get(&m, "KEY42"), (void *)43); /* case-insensitive */
	for (long i = 0; i < 5000; i += 2) {
		snprintf(key, sizeof key, "key%ld", i);
		assert_ptr_equal(hmap_del(&m, key), (void *)(i + 1));
	}
	assert_int_equal(hmap_count(&m), 2500);
	assert_null(hmap_get(&m, "key42"));
	/* insertion order survives deletions and growth */
	size_t it = 0;
	const char *k;
	void *v;
	long expect = 1;
	while (hmap_next(&m, &it, &k, &v)) {
		assert_ptr_equal(v, (void *)(expect + 1));
		expect += 2;
	}
	assert_int_equal(expect, 5001);
	hmap_clear(&m);
	assert_int_equal(hmap_count(&m), 0);
}

static void test_strbuf(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 1000; i++)
		sb_printf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	sb_reset(&sb);
	sb_printf(&sb, "%s!", big);
	assert_int_equal(sb.len, 3000);
	char *t = sb_take(&sb);
	assert_int_equal(t[2999], '!');
	free(t);
	assert_null(sb.buf);
}

static int fired[4], order[4], norder;

static void on_timer(void *ctx)
{
	int i = (int)(intptr_t)ctx;
	fired[i]++;
	order[norder++] = i;
}

static bool all_fired(void *ctx)
{
	(void)ctx;
	return fired[0] && fired[2] && fired[3];
}

static void test_timers(void **state)
{
	(void)state;
	struct ev_timer *t1 = ev_timer_add(5, on_timer, (void *)1);
	ev_timer_add(20, on_timer, (void *)3);
	ev_timer_add(10, on_timer, (void *)2);
	ev_timer_add(1, on_timer, (void *)0);
	ev_timer_cancel(t1);
	ev_run_until(all_fired, NULL);
	assert_int_equal(fired[1], 0);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ip4_parse), cmocka_unit_test(test_masks),
		cmocka_unit_test(test_hmap),      cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_timers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
