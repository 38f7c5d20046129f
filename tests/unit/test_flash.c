/* test_flash.c — flash storage (save/load/erase/history, errors, crash
 * safety under kill -9, load speed) and the line diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf/flash.h"
#include "lib/strbuf.h"

static char tmp[256];

static int make_tmp(void **state)
{
	(void)state;
	snprintf(tmp, sizeof tmp, "/tmp/test_flash.XXXXXX");
	assert_non_null(mkdtemp(tmp));
	return 0;
}

static int rm_tmp(void **state)
{
	(void)state;
	flash_close();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void subdir(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tmp, name);
}

/* ---- storage ---------------------------------------------------------- */

static void not_open(void **state)
{
	(void)state;
	flash_close();
	size_t len;
	int err;
	assert_null(flash_load_startup(&len, &err));
	assert_int_equal(err, FLASH_ERR_NOTOPEN);
	assert_int_equal(flash_save_startup("x\n", 2, NULL, 0, "u", "c"),
			 FLASH_ERR_NOTOPEN);
	assert_int_equal(flash_erase_startup(), FLASH_ERR_NOTOPEN);
	struct flash_config *v;
	assert_int_equal(flash_history(&v), FLASH_ERR_NOTOPEN);
	assert_false(flash_is_open());
	assert_string_equal(flash_path(), "");
}

static void save_load_erase(void **state)
{
	(void)state;
	char dir[300];
	subdir(dir, sizeof dir, "a/b/flash"); /* created with parents */
	assert_int_equal(flash_open(dir), FLASH_OK);
	assert_true(flash_is_open());

	size_t len;
	int err = 1;
	assert_null(flash_load_startup(&len, &err));
	assert_int_equal(err, 0); /* none, not an error */
	struct flash_config c;
	assert_int_equal(flash_startup_get(&c), 0);

	int64_t id1 = flash_save_startup("hostname a\n", 11, NULL, 0, "enable_15",
					 "00112233445566778899aabbccddeeff");
	assert_int_equal(id1, 1);
	char *t = flash_load_startup(&len, &err);
	assert_non_null(t);
	assert_int_equal(len, 11);
	assert_string_equal(t, "hostname a\n");
	free(t);

	/* secrets in text, masked form for display */
	const char *sec = "hostname b\n key secret\n";
	const char *mask = "hostname b\n key *\n";
	int64_t id2 = flash_save_startup(sec, strlen(sec), mask, strlen(mask),
					 "enable_15", "ffeeddccbbaa99887766554433221100");
	assert_int_equal(id2, 2);
	t = flash_load_startup(&len, NULL);
	assert_string_equal(t, sec);
	free(t);
	assert_int_equal(flash_startup_get(&c), 1);
	assert_int_equal(c.id, 2);
	assert_true(c.startup);
	assert_string_equal(c.text, sec);
	assert_string_equal(c.shown, mask);
	assert_int_equal(c.bytes, strlen(sec));
	assert_string_equal(c.checksum, "ffeeddccbbaa99887766554433221100");
	flash_config_clear(&c);

	/* an empty configuration is a configuration, not "none" */
	int64_t id3 = flash_save_startup("", 0, NULL, 0, "enable_15", "");
	assert_int_equal(id3, 3);
	t = flash_load_startup(&len, &err);
	assert_non_null(t);
	assert_int_equal(len, 0);
	free(t);

	/* history: oldest first, only the last is startup */
	struct flash_config *v;
	assert_int_equal(flash_history(&v), 3);
	assert_int_equal(v[0].id, 1);
	assert_false(v[0].startup);
	assert_int_equal(v[0].bytes, 11);
	assert_string_equal(v[0].user, "enable_15");
	assert_null(v[0].text);
	assert_int_equal(v[2].id, 3);
	assert_true(v[2].startup);
	free(v);

	/* write erase: no startup, history kept */
	assert_int_equal(flash_erase_startup(), FLASH_OK);
	assert_null(flash_load_startup(&len, &err));
	assert_int_equal(err, 0);
	assert_int_equal(flash_history(&v), 3);
	for (int i = 0; i < 3; i++)
		assert_false(v[i].startup);
	free(v);
	assert_int_equal(flash_erase_startup(), FLASH_OK); /* idempotent */

	/* get by id */
	assert_int_equal(flash_get(1, &c), 1);
	assert_string_equal(c.text, "hostname a\n");
	assert_string_equal(c.shown, "hostname a\n");
	assert_false(c.startup);
	flash_config_clear(&c);
	assert_int_equal(flash_get(99, &c), 0);
	assert_int_equal(flash_get(0, &c), 0);

	/* persists across close/open; ids are never reused */
	flash_close();
	assert_int_equal(flash_open(dir), FLASH_OK);
	assert_int_equal(flash_history(&v), 3);
	free(v);
	assert_null(flash_load_startup(&len, &err));
	assert_int_equal(flash_save_startup("x\n", 2, NULL, 0, "u", "k"), 4);
	flash_close();
	assert_int_equal(flash_open(dir), FLASH_OK);
	t = flash_load_startup(&len, &err);
	assert_string_equal(t, "x\n");
	free(t);

	/* the database is in WAL mode: the -wal file exists while open */
	char wal[400];
	snprintf(wal, sizeof wal, "%s/flash.db-wal", dir);
	struct stat st;
	assert_int_equal(stat(wal, &st), 0);
	flash_close();
}

static void open_errors(void **state)
{
	(void)state;
	char path[300], cmd[800];
	/* the directory is a file */
	subdir(path, sizeof path, "file");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(flash_open(path), FLASH_ERR_OPEN);
	assert_non_null(strstr(flash_error(), "not a directory"));
	assert_false(flash_is_open());

	/* flash.db is not a database */
	subdir(path, sizeof path, "garbage");
	mkdir(path, 0700);
	snprintf(cmd, sizeof cmd, "%s/flash.db", path);
	f = fopen(cmd, "w");
	fputs("this is not an sqlite database, just some text long enough....\n"
	      "................................................................\n",
	      f);
	fclose(f);
	assert_true(flash_open(path) < 0);
	assert_non_null(strstr(flash_error(), "flash.db"));
	assert_false(flash_is_open());

	/* another application's database */
	subdir(path, sizeof path, "other");
	snprintf(cmd, sizeof cmd,
		 "mkdir -p '%s' && sqlite3 '%s/flash.db' 'CREATE TABLE t(x);' 2>/dev/null",
		 path, path);
	if (system(cmd) == 0) {
		assert_int_equal(flash_open(path), FLASH_ERR_FORMAT);
		assert_non_null(strstr(flash_error(), "not a pixie flash database"));
	}

	/* cannot create the directory */
	if (geteuid() != 0) {
		subdir(path, sizeof path, "ro");
		mkdir(path, 0500);
		snprintf(cmd, sizeof cmd, "%s/sub", path);
		assert_int_equal(flash_open(cmd), FLASH_ERR_OPEN);
		assert_non_null(strstr(flash_error(), "cannot create"));
	}
	assert_int_equal(flash_open(""), FLASH_ERR_OPEN);
}

/* ---- crash safety ----------------------------------------------------- */

/* A configuration whose every line names its generation, so a torn write
 * would show. */
static char *gen_text(int gen, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	int lines = 50 + (int)(((unsigned)gen * 7919u) % 3000u);
	sb_printf(&sb, "gen %d lines %d\n", gen, lines);
	for (int i = 0; i < lines; i++)
		sb_printf(&sb, "access-list a%d extended permit ip any host 10.0.%d.%d\n",
			  gen, i / 256, i % 256);
	sb_printf(&sb, "end %d\n", gen);
	*len = sb.len;
	return sb_take(&sb);
}

static bool text_intact(const char *t, size_t len)
{
	int gen, lines;
	if (sscanf(t, "gen %d lines %d\n", &gen, &lines) != 2)
		return false;
	size_t l2;
	char *want = gen_text(gen, &l2);
	bool ok = l2 == len && memcmp(want, t, len) == 0 && lines > 0;
	free(want);
	return ok;
}

static void kill9_keeps_startup_whole(void **state)
{
	(void)state;
	char dir[300];
	subdir(dir, sizeof dir, "crash");
	assert_int_equal(flash_open(dir), FLASH_OK);
	size_t len;
	char *t = gen_text(0, &len);
	assert_true(flash_save_startup(t, len, NULL, 0, "u", "0") > 0);
	free(t);
	flash_close();
	srand(12345);
	int last_seen = 0;
	for (int round = 0; round < 25; round++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (flash_open(dir) != FLASH_OK)
				_exit(2);
			for (int g = 1;; g++) {
				size_t l;
				char *x = gen_text(round * 100000 + g, &l);
				if (g % 5 == 0)
					flash_erase_startup();
				else
					flash_save_startup(x, l, NULL, 0, "u", "0");
				free(x);
			}
		}
		usleep(2000 + (useconds_t)(rand() % 40000));
		kill(pid, SIGKILL);
		int status;
		waitpid(pid, &status, 0);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(flash_open(dir), FLASH_OK);
		int err;
		t = flash_load_startup(&len, &err);
		assert_int_equal(err, 0);
		if (t) {
			assert_true(text_intact(t, len));
			last_seen++;
		}
		free(t);
		struct flash_config *v;
		int64_t n = flash_history(&v);
		assert_true(n >= 1);
		free(v);
		flash_close();
	}
	assert_true(last_seen > 0);
}

/* ---- speed -------------------------------------------------------------- */

static double secs_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

static void load_100k_lines_fast(void **state)
{
	(void)state;
	char dir[300];
	subdir(dir, sizeof dir, "big");
	assert_int_equal(flash_open(dir), FLASH_OK);
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 100000; i++)
		sb_printf(&sb, "access-list big extended permit tcp any host 10.%d.%d.%d eq %d\n",
			  i / 65536, (i / 256) % 256, i % 256, 1 + i % 65535);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_true(flash_save_startup(sb.buf, sb.len, NULL, 0, "u", "0") > 0);
	double save = secs_since(&t0);
	flash_close();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(flash_open(dir), FLASH_OK);
	size_t len;
	char *t = flash_load_startup(&len, NULL);
	double load = secs_since(&t0);
	assert_int_equal(len, sb.len);
	assert_memory_equal(t, sb.buf, len);
	/* diff of two 100,000-line configurations differing in a few lines */
	t[1000] = 'X';
	t[len / 2] = 'Y';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char *d = flash_diff(sb.buf, sb.len, t, len, "a", "b", 3);
	double diff = secs_since(&t0);
	assert_non_null(strstr(d, "@@"));
	fprintf(stderr,
		"flash: 100000 lines (%zu bytes): save %.3f s, open+load %.3f s, "
		"diff %.3f s\n",
		len, save, load, diff);
	assert_true(load < 0.5);
	assert_true(diff < 1.0);
	free(d);
	free(t);
	sb_free(&sb);
	flash_close();
}

/* ---- diff --------------------------------------------------------------- */

static char *diff_s(const char *a, const char *b)
{
	return flash_diff(a, strlen(a), b, strlen(b), "a", "b", 3);
}

static void diff_equal(void **state)
{
	(void)state;
	char *d = diff_s("x\ny\n", "x\ny\n");
	assert_string_equal(d, "");
	free(d);
	d = diff_s("", "");
	assert_string_equal(d, "");
	free(d);
}

static void diff_simple(void **state)
{
	(void)state;
	char *d = diff_s("a\nb\nc\n", "a\nB\nc\n");
	assert_string_equal(d, "--- a\n+++ b\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
	free(d);
	/* insert into empty, delete to empty */
	d = diff_s("", "x\n");
	assert_string_equal(d, "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n");
	free(d);
	d = diff_s("x\ny\n", "");
	assert_string_equal(d, "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y\n");
	free(d);
	/* insertion at the top: the old range is empty, before line 1 */
	d = diff_s("1\n2\n3\n4\n5\n", "0\n1\n2\n3\n4\n5\n");
	assert_string_equal(d, "--- a\n+++ b\n@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n");
	free(d);
	/* a last line without newline still counts */
	d = diff_s("a\nb", "a\nc");
	assert_string_equal(d, "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
	free(d);
}

static void diff_hunks(void **state)
{
	(void)state;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	for (int i = 1; i <= 20; i++) {
		sb_printf(&a, "%d\n", i);
		sb_printf(&b, "%d\n", i == 2 ? 200 : i == 18 ? 1800 : i);
	}
	char *d = diff_s(a.buf, b.buf);
	assert_string_equal(d, "--- a\n+++ b\n"
			       "@@ -1,5 +1,5 @@\n 1\n-2\n+200\n 3\n 4\n 5\n"
			       "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+1800\n 19\n 20\n");
	free(d);
	/* changes 6 lines apart share one hunk (gap <= 2 * context) */
	sb_reset(&b);
	for (int i = 1; i <= 20; i++)
		sb_printf(&b, "%d\n", i == 5 ? 50 : i == 12 ? 120 : i);
	d = diff_s(a.buf, b.buf);
	assert_string_equal(d, "--- a\n+++ b\n"
			       "@@ -2,14 +2,14 @@\n 2\n 3\n 4\n-5\n+50\n 6\n 7\n 8\n"
			       " 9\n 10\n 11\n-12\n+120\n 13\n 14\n 15\n");
	free(d);
	sb_free(&a);
	sb_free(&b);
}

/* Apply a unified diff to a: must give b.  Returns NULL on a bad diff. */
static char *patch(const char *a, const char *d)
{
	/* lines of a */
	const char *al[512];
	int na = 0;
	for (const char *p = a; *p;) {
		al[na++] = p;
		p = strchr(p, '\n') + 1;
	}
	struct strbuf out = STRBUF_INIT;
	sb_puts(&out, "");
	int ai = 0; /* next line of a to copy */
	const char *p = d;
	if (!*p)
		goto rest;
	p = strchr(strchr(p, '\n') + 1, '\n') + 1; /* skip --- +++ */
	while (*p) {
		const char *nl = strchr(p, '\n');
		if (*p == '@') {
			int s, c = 1;
			if (sscanf(p, "@@ -%d,%d", &s, &c) < 1)
				return NULL;
			int start = c == 0 ? s : s - 1; /* 0-based first line */
			while (ai < start)
				sb_add(&out, al[ai], (size_t)(strchr(al[ai], '\n') - al[ai] + 1)), ai++;
		} else if (*p == ' ' || *p == '-') {
			size_t n = (size_t)(nl - p - 1);
			if (ai >= na || strncmp(al[ai], p + 1, n) || al[ai][n] != '\n')
				return NULL;
			if (*p == ' ')
				sb_add(&out, p + 1, n + 1);
			ai++;
		} else if (*p == '+') {
			sb_add(&out, p + 1, (size_t)(nl - p));
		} else {
			return NULL;
		}
		p = nl + 1;
	}
rest:
	while (ai < na)
		sb_add(&out, al[ai], (size_t)(strchr(al[ai], '\n') - al[ai] + 1)), ai++;
	return sb_take(&out);
}

static int lcs(const int *x, int n, const int *y, int m)
{
	static int t[65][65];
	for (int i = 0; i <= n; i++)
		for (int j = 0; j <= m; j++)
			t[i][j] = !i || !j ? 0
				  : x[i - 1] == y[j - 1] ? t[i - 1][j - 1] + 1
				  : t[i - 1][j] > t[i][j - 1] ? t[i - 1][j]
							      : t[i][j - 1];
	return t[n][m];
}

static void diff_random_is_correct_and_minimal(void **state)
{
	(void)state;
	srand(4242);
	for (int round = 0; round < 3000; round++) {
		int n = rand() % 40, m = rand() % 40, alpha = 2 + rand() % 6;
		int x[64], y[64];
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		sb_puts(&a, "");
		sb_puts(&b, "");
		for (int i = 0; i < n; i++)
			sb_printf(&a, "l%d\n", x[i] = rand() % alpha);
		for (int i = 0; i < m; i++)
			sb_printf(&b, "l%d\n", y[i] = rand() % alpha);
		/* full context: one hunk, so counting +/- lines is exact */
		char *d = flash_diff(a.buf, a.len, b.buf, b.len, "a", "b", 3);
		char *r = patch(a.buf, d);
		assert_non_null(r);
		assert_string_equal(r, b.buf);
		int edits = 0;
		for (const char *p = d; *p; p = strchr(p, '\n') + 1)
			if ((*p == '+' || *p == '-') && p[1] != '+' && p[1] != '-')
				edits++;
		assert_int_equal(edits, n + m - 2 * lcs(x, n, y, m));
		free(r);
		free(d);
		sb_free(&a);
		sb_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_open),
		cmocka_unit_test_setup_teardown(save_load_erase, make_tmp, rm_tmp),
		cmocka_unit_test_setup_teardown(open_errors, make_tmp, rm_tmp),
		cmocka_unit_test_setup_teardown(kill9_keeps_startup_whole, make_tmp, rm_tmp),
		cmocka_unit_test_setup_teardown(load_100k_lines_fast, make_tmp, rm_tmp),
		cmocka_unit_test(diff_equal),
		cmocka_unit_test(diff_simple),
		cmocka_unit_test(diff_hunks),
		cmocka_unit_test(diff_random_is_correct_and_minimal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
