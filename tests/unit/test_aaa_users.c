/* test_aaa_users.c — the local user database: how each password form is
 * stored (never in clear), verified, and what MS-CHAP gets. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "aaa/users.h"
#include "lib/pwhash.h"

static struct user blank(const char *name)
{
	struct user u;
	memset(&u, 0, sizeof u);
	strcpy(u.name, name);
	u.privilege = USER_PRIV_DEFAULT;
	return u;
}

/* plain password -> PIX-MD5, shown "encrypted" */
static void clear_to_pixmd5(void **state)
{
	(void)state;
	struct user u = blank("admin");
	assert_true(user_pw_set(&u, "cisco", USER_PWF_CLEAR));
	assert_int_equal(u.pw_kind, USER_PW_PIXMD5);
	assert_string_equal(u.pw_text, "2KFQnbNIdI.2KYOU");
	assert_true(user_pw_check(&u, "cisco"));
	assert_false(user_pw_check(&u, "Cisco"));
	uint8_t h[16];
	assert_false(user_nt_hash(&u, h)); /* no MS-CHAP with a PIX-MD5 hash */
	/* nothing of the clear text is kept */
	assert_null(memmem(&u, sizeof u, "cisco", 5));
}

/* mschap -> NT hash, shown base64 "nt-encrypted" */
static void mschap_to_nt(void **state)
{
	(void)state;
	struct user u = blank("test");
	assert_true(user_pw_set(&u, "test", USER_PWF_MSCHAP));
	assert_int_equal(u.pw_kind, USER_PW_NT);
	assert_string_equal(u.pw_text, "DLaUiAX3l78qgoB5c7iVNw==");
	uint8_t h[16], want[16];
	assert_true(user_nt_hash(&u, h));
	assert_true(pw_nt_hash("test", want));
	assert_memory_equal(h, want, 16);
	assert_true(user_pw_check(&u, "test"));
	assert_false(user_pw_check(&u, "tesT"));
}

/* pasted hashes are kept as pasted, after a shape check */
static void pasted_hashes(void **state)
{
	(void)state;
	struct user u = blank("x");
	assert_true(user_pw_set(&u, "8Ry2YjIyt7RRXU24", USER_PWF_ENCRYPTED));
	assert_string_equal(u.pw_text, "8Ry2YjIyt7RRXU24");
	assert_true(user_pw_check(&u, ""));
	/* the seed's hash (one letter differs from NT("test")): kept verbatim */
	assert_true(user_pw_set(&u, "DLAUiAX3l78qgoB5c7iVNw==", USER_PWF_NT_ENCRYPTED));
	assert_int_equal(u.pw_kind, USER_PW_NT);
	assert_string_equal(u.pw_text, "DLAUiAX3l78qgoB5c7iVNw==");
	assert_false(user_pw_check(&u, "test"));
	assert_true(user_pw_set(&u, "DLaUiAX3l78qgoB5c7iVNw==", USER_PWF_NT_ENCRYPTED));
	assert_true(user_pw_check(&u, "test"));
}

static void bad_shapes(void **state)
{
	(void)state;
	struct user u = blank("x");
	assert_true(user_pw_set(&u, "cisco", USER_PWF_CLEAR));
	struct user before = u;
	assert_false(user_pw_set(&u, "2KFQnbNIdI.2KYO", USER_PWF_ENCRYPTED));   /* 15 */
	assert_false(user_pw_set(&u, "2KFQnbNIdI+2KYOU", USER_PWF_ENCRYPTED));  /* '+' */
	assert_false(user_pw_set(&u, "DLaUiAX3l78qgoB5c7iVNw", USER_PWF_NT_ENCRYPTED));
	assert_false(user_pw_set(&u, "DLaUiAX3l78qgoB5c7iVN===", USER_PWF_NT_ENCRYPTED));
	assert_false(user_pw_set(&u, "ab", USER_PWF_CLEAR)); /* 3-32 */
	assert_false(user_pw_set(&u, "ab", USER_PWF_MSCHAP));
	assert_false(user_pw_set(&u, "0123456789abcdef0123456789abcdefX", USER_PWF_CLEAR));
	assert_true(user_pw_set(&u, "0123456789abcdef0123456789abcdef", USER_PWF_CLEAR));
	u = before;
	assert_memory_equal(&u, &before, sizeof u);
}

static void nopassword(void **state)
{
	(void)state;
	struct user u = blank("np");
	u.pw_kind = USER_PW_NONE;
	assert_true(user_pw_check(&u, "anything"));
}

static void database(void **state)
{
	(void)state;
	users_clear();
	struct user a = blank("alice"), b = blank("bob");
	assert_true(user_pw_set(&a, "secret1", USER_PWF_CLEAR));
	assert_true(user_pw_set(&b, "secret2", USER_PWF_MSCHAP));
	user_put(&a);
	user_put(&b);
	struct user *pa = user_find("alice");
	assert_non_null(pa);
	assert_null(user_find("Alice")); /* case-sensitive */
	pa->attrs.service_type = USER_ST_ADMIN;
	assert_false(user_attrs_empty(&pa->attrs));
	/* a new username line replaces the password, keeps attributes and place */
	a.privilege = 15;
	assert_true(user_pw_set(&a, "secret3", USER_PWF_CLEAR));
	user_put(&a);
	size_t i = 0;
	struct user *first = user_next(&i);
	assert_string_equal(first->name, "alice");
	assert_int_equal(first->privilege, 15);
	assert_int_equal(first->attrs.service_type, USER_ST_ADMIN);
	assert_true(user_pw_check(first, "secret3"));
	assert_int_equal(user_count(), 2);
	user_del("alice");
	assert_int_equal(user_count(), 1);
	users_clear();
	assert_int_equal(user_count(), 0);
}

static void attrs_init(void **state)
{
	(void)state;
	struct user_attrs at;
	user_attrs_init(&at);
	assert_true(user_attrs_empty(&at));
	assert_int_equal(at.simultaneous_logins, -1);
	at.idle_timeout = 0; /* "none" is a setting */
	assert_false(user_attrs_empty(&at));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clear_to_pixmd5), cmocka_unit_test(mschap_to_nt),
		cmocka_unit_test(pasted_hashes),   cmocka_unit_test(bad_shapes),
		cmocka_unit_test(nopassword),      cmocka_unit_test(database),
		cmocka_unit_test(attrs_init),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
