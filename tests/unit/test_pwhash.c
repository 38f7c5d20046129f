/* test_pwhash.c — PIX-MD5 and NT hash check values (cli-behaviour.md §9). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "lib/pwhash.h"

static void pix_md5_known(void **state)
{
	(void)state;
	char h[17];
	pw_pix_md5("", h);
	assert_string_equal(h, "8Ry2YjIyt7RRXU24");
	pw_pix_md5("cisco", h);
	assert_string_equal(h, "2KFQnbNIdI.2KYOU");
}

static void pix_md5_truncates_at_16(void **state)
{
	(void)state;
	char a[17], b[17], c[17];
	pw_pix_md5("0123456789abcdef", a);
	pw_pix_md5("0123456789abcdefXYZ", b);
	pw_pix_md5("0123456789abcde", c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 16);
	assert_true(pw_is_pix_md5(a));
}

static void pix_md5_predicate(void **state)
{
	(void)state;
	assert_true(pw_is_pix_md5("8Ry2YjIyt7RRXU24"));
	assert_true(pw_is_pix_md5("2KFQnbNIdI.2KYOU"));
	assert_false(pw_is_pix_md5("2KFQnbNIdI.2KYO"));   /* 15 */
	assert_false(pw_is_pix_md5("2KFQnbNIdI.2KYOUx")); /* 17 */
	assert_false(pw_is_pix_md5("2KFQnbNIdI+2KYOU"));  /* '+' not crypt64 */
	assert_false(pw_is_pix_md5(""));
}

static void nt_known(void **state)
{
	(void)state;
	char b[25];
	assert_true(pw_nt_b64("test", b));
	assert_string_equal(b, "DLaUiAX3l78qgoB5c7iVNw==");
	uint8_t h[16];
	assert_true(pw_nt_hash("", h));
	/* NT hash of the empty password: 31d6cfe0d16ae931b73c59d7e0c089c0 */
	static const uint8_t empty[16] = {0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a,
					  0xe9, 0x31, 0xb7, 0x3c, 0x59, 0xd7,
					  0xe0, 0xc0, 0x89, 0xc0};
	assert_memory_equal(h, empty, 16);
	/* "password" -> 8846f7eaee8fb117ad06bdd830b7586c */
	static const uint8_t pw[16] = {0x88, 0x46, 0xf7, 0xea, 0xee, 0x8f,
				       0xb1, 0x17, 0xad, 0x06, 0xbd, 0xd8,
				       0x30, 0xb7, 0x58, 0x6c};
	assert_true(pw_nt_hash("password", h));
	assert_memory_equal(h, pw, 16);
}

static void nt_utf8(void **state)
{
	(void)state;
	/* "é" as UTF-8 and as Latin-1 both become U+00E9 in UTF-16LE */
	uint8_t a[16], b[16];
	assert_true(pw_nt_hash("\xc3\xa9", a));
	assert_true(pw_nt_hash("\xe9", b));
	assert_memory_equal(a, b, 16);
	/* long passwords (heap path) work */
	char big[1000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_true(pw_nt_hash(big, a));
}

static void nt_predicate(void **state)
{
	(void)state;
	assert_true(pw_is_nt_b64("DLaUiAX3l78qgoB5c7iVNw=="));
	assert_true(pw_is_nt_b64("DLAUiAX3l78qgoB5c7iVNw=="));
	assert_false(pw_is_nt_b64("DLaUiAX3l78qgoB5c7iVNw="));
	assert_false(pw_is_nt_b64("DLaUiAX3l78qgoB5c7iVNwA="));
	assert_false(pw_is_nt_b64("DLaUiAX3l78qgoB5c7iV.w=="));
	assert_false(pw_is_nt_b64(""));
}

static void wipe(void **state)
{
	(void)state;
	char s[8] = "secret";
	pw_wipe(s, sizeof s);
	for (size_t i = 0; i < sizeof s; i++)
		assert_int_equal(s[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pix_md5_known),
		cmocka_unit_test(pix_md5_truncates_at_16),
		cmocka_unit_test(pix_md5_predicate),
		cmocka_unit_test(nt_known),
		cmocka_unit_test(nt_utf8),
		cmocka_unit_test(nt_predicate),
		cmocka_unit_test(wipe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
