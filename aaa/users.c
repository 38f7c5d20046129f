/*
 * users.c — the local user database and its password handling.
 * Clear-text passwords only pass through user_pw_set/user_pw_check and are
 * never stored; every user is wiped when freed.
 */
#include "aaa/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "lib/hmap.h"
#include "lib/pwhash.h"
#include "lib/xalloc.h"

static struct hmap db;
static bool inited;

static void init_once(void)
{
	if (!inited) {
		hmap_init(&db, false); /* usernames are case-sensitive */
		inited = true;
	}
}

/* base64 of 16 bytes (24 chars ending "==") back to the bytes. */
static bool b64_16(const char *s, uint8_t out[16])
{
	unsigned char buf[18];
	if (!pw_is_nt_b64(s) || EVP_DecodeBlock(buf, (const unsigned char *)s, 24) != 18)
		return false;
	memcpy(out, buf, 16);
	return true;
}

bool user_pw_set(struct user *u, const char *word, enum user_pw_form form)
{
	size_t len = strlen(word);
	switch (form) {
	case USER_PWF_CLEAR:
		if (len < USER_PW_MIN || len > USER_PW_MAX)
			return false;
		pw_pix_md5(word, u->pw_text);
		memset(u->nt, 0, sizeof u->nt);
		u->pw_kind = USER_PW_PIXMD5;
		return true;
	case USER_PWF_MSCHAP: {
		uint8_t h[16];
		char b[25];
		if (len < USER_PW_MIN || len > USER_PW_MAX || !pw_nt_hash(word, h) ||
		    !pw_nt_b64(word, b))
			return false;
		memcpy(u->nt, h, 16);
		memcpy(u->pw_text, b, sizeof b);
		pw_wipe(h, sizeof h);
		u->pw_kind = USER_PW_NT;
		return true;
	}
	case USER_PWF_ENCRYPTED:
		if (!pw_is_pix_md5(word))
			return false;
		memcpy(u->pw_text, word, 17);
		memset(u->nt, 0, sizeof u->nt);
		u->pw_kind = USER_PW_PIXMD5;
		return true;
	case USER_PWF_NT_ENCRYPTED: {
		uint8_t h[16];
		if (!b64_16(word, h))
			return false;
		memcpy(u->nt, h, 16);
		memcpy(u->pw_text, word, 25); /* printed back exactly as pasted */
		u->pw_kind = USER_PW_NT;
		return true;
	}
	}
	return false;
}

bool user_pw_check(const struct user *u, const char *password)
{
	switch (u->pw_kind) {
	case USER_PW_NONE:
		return true;
	case USER_PW_PIXMD5: {
		char h[17];
		pw_pix_md5(password, h);
		bool ok = CRYPTO_memcmp(h, u->pw_text, 16) == 0;
		pw_wipe(h, sizeof h);
		return ok;
	}
	case USER_PW_NT: {
		uint8_t h[16];
		bool ok = pw_nt_hash(password, h) && CRYPTO_memcmp(h, u->nt, 16) == 0;
		pw_wipe(h, sizeof h);
		return ok;
	}
	}
	return false;
}

bool user_nt_hash(const struct user *u, uint8_t out[16])
{
	if (u->pw_kind != USER_PW_NT)
		return false;
	memcpy(out, u->nt, 16);
	return true;
}

void user_attrs_init(struct user_attrs *at)
{
	memset(at, 0, sizeof *at);
	at->simultaneous_logins = -1;
	at->idle_timeout = -1;
	at->session_timeout = -1;
}

bool user_attrs_empty(const struct user_attrs *at)
{
	struct user_attrs e;
	user_attrs_init(&e);
	return !memcmp(&e, at, sizeof e);
}

struct user *user_find(const char *name)
{
	init_once();
	return hmap_get(&db, name);
}

struct user *user_put(const struct user *u)
{
	init_once();
	struct user *cur = hmap_get(&db, u->name);
	if (cur) {
		struct user_attrs keep = cur->attrs;
		*cur = *u;
		cur->attrs = keep;
		return cur;
	}
	struct user *n = xmalloc(sizeof *n);
	*n = *u;
	user_attrs_init(&n->attrs);
	hmap_put(&db, n->name, n);
	return n;
}

static void user_free(struct user *u)
{
	pw_wipe(u, sizeof *u);
	free(u);
}

void user_del(const char *name)
{
	init_once();
	struct user *u = hmap_del(&db, name);
	if (u)
		user_free(u);
}

struct user *user_next(size_t *i)
{
	init_once();
	void *v;
	return hmap_next(&db, i, NULL, &v) ? v : NULL;
}

size_t user_count(void)
{
	init_once();
	return hmap_count(&db);
}

void users_clear(void)
{
	init_once();
	void *v;
	for (size_t i = 0; hmap_next(&db, &i, NULL, &v);)
		user_free(v);
	hmap_clear(&db);
}
