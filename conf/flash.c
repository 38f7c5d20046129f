/*
 * flash.c — startup-config and configuration history in SQLite.
 *
 * Layout of DIR/flash.db (application_id 'PIXF', user_version 1):
 *   config(id, saved_at, user, checksum, bytes, text, shown)
 *       every configuration ever saved; text is the file as booted (secrets
 *       in clear), shown the masked form for display (NULL: same as text).
 *       The blobs come last so listing the history never reads them.
 *   startup(slot = 1, config_id)
 *       zero or one row: which record is the startup-config.
 * A save is one IMMEDIATE transaction (insert + repoint the slot), so the
 * startup-config is always a complete record; WAL + synchronous=FULL make
 * the commit durable before `[OK]` is printed.
 *
 * The line diff used by `show pixie config-diff` lives here too.
 */
#include "conf/flash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lib/strbuf.h"
#include "lib/xalloc.h"

#define FLASH_APP_ID 0x50495846 /* 'PIXF' */
#define FLASH_SCHEMA 1
#define FLASH_BUSY_MS 5000

static sqlite3 *db;
static char db_path[4096];
static char errbuf[1024];

static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof errbuf, fmt, ap);
	va_end(ap);
	return code;
}

static int fail_db(const char *what)
{
	return fail(FLASH_ERR_IO, "flash: %s: %s: %s", db_path, what,
		    db ? sqlite3_errmsg(db) : "not open");
}

const char *flash_error(void)
{
	return errbuf;
}

bool flash_is_open(void)
{
	return db != NULL;
}

const char *flash_path(void)
{
	return db ? db_path : "";
}

void flash_config_clear(struct flash_config *c)
{
	free(c->text);
	free(c->shown);
	c->text = c->shown = NULL;
	c->text_len = c->shown_len = 0;
}

/* ---- opening ---------------------------------------------------------- */

/* mkdir -p: every missing component, mode 0700 (flash holds secrets). */
static int make_dirs(const char *dir)
{
	char p[4096];
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof p)
		return fail(FLASH_ERR_OPEN, "flash: invalid directory \"%s\"", dir);
	memcpy(p, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			return fail(FLASH_ERR_OPEN, "flash: cannot create %s: %s", p,
				    strerror(errno));
		p[i] = c;
	}
	struct stat st;
	if (stat(dir, &st) < 0)
		return fail(FLASH_ERR_OPEN, "flash: %s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return fail(FLASH_ERR_OPEN, "flash: %s: not a directory", dir);
	return FLASH_OK;
}

static int exec_sql(const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fail(FLASH_ERR_IO, "flash: %s: %s", db_path,
		     msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return FLASH_ERR_IO;
	}
	return FLASH_OK;
}

static int64_t pragma_int(const char *sql, bool *ok)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	*ok = false;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*ok = true;
	} else if (rc == SQLITE_DONE) {
		*ok = true;
	}
	sqlite3_finalize(st);
	return v;
}

static int create_schema(void)
{
	bool ok;
	int64_t app = pragma_int("PRAGMA application_id", &ok);
	if (!ok)
		return fail_db("cannot read");
	int64_t ver = pragma_int("PRAGMA user_version", &ok);
	if (!ok)
		return fail_db("cannot read");
	int64_t ntab = pragma_int("SELECT count(*) FROM sqlite_master", &ok);
	if (!ok)
		return fail_db("cannot read");
	if (app == FLASH_APP_ID && ver == FLASH_SCHEMA)
		return FLASH_OK;
	if (app == FLASH_APP_ID && ver > FLASH_SCHEMA)
		return fail(FLASH_ERR_FORMAT,
			    "flash: %s: written by a newer pixie (format %lld)",
			    db_path, (long long)ver);
	if (app != 0 || ntab != 0)
		return fail(FLASH_ERR_FORMAT,
			    "flash: %s: not a pixie flash database", db_path);
	/* new file: create everything in one transaction */
	static const char schema[] =
		"BEGIN IMMEDIATE;"
		"CREATE TABLE config("
		" id INTEGER PRIMARY KEY AUTOINCREMENT,"
		" saved_at INTEGER NOT NULL,"
		" user TEXT NOT NULL,"
		" checksum TEXT NOT NULL,"
		" bytes INTEGER NOT NULL,"
		" text BLOB NOT NULL,"
		" shown BLOB);"
		"CREATE TABLE startup("
		" slot INTEGER PRIMARY KEY CHECK (slot = 1),"
		" config_id INTEGER NOT NULL REFERENCES config(id));"
		"PRAGMA application_id = 1346984006;" /* FLASH_APP_ID */
		"PRAGMA user_version = 1;"
		"COMMIT;";
	_Static_assert(FLASH_APP_ID == 1346984006, "schema literal");
	if (exec_sql(schema) < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return FLASH_ERR_IO;
	}
	return FLASH_OK;
}

int flash_open(const char *dir)
{
	flash_close();
	errbuf[0] = '\0';
	int rc = make_dirs(dir);
	if (rc < 0)
		return rc;
	int n = snprintf(db_path, sizeof db_path, "%s/flash.db", dir);
	if (n < 0 || (size_t)n >= sizeof db_path)
		return fail(FLASH_ERR_OPEN, "flash: directory name too long");
	/* flash holds the keys in clear: create the file private (SQLite
	 * gives the -wal and -shm files the same mode) */
	int fd = open(db_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(FLASH_ERR_OPEN, "flash: cannot open %s: %s", db_path,
			    strerror(errno));
	close(fd);
	if (sqlite3_open_v2(db_path, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = fail(FLASH_ERR_OPEN, "flash: cannot open %s: %s", db_path,
			  db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		db = NULL;
		return rc;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, FLASH_BUSY_MS);
	/* WAL first: it must be set outside a transaction.  A file system
	 * without shared memory refuses WAL; the rollback journal with
	 * synchronous=FULL is just as crash safe, only slower. */
	rc = exec_sql("PRAGMA journal_mode=WAL;"
		      "PRAGMA synchronous=FULL;"
		      "PRAGMA foreign_keys=ON;");
	if (rc == FLASH_OK)
		rc = create_schema();
	if (rc < 0) {
		/* keep the reason; the db handle goes */
		char keep[sizeof errbuf];
		memcpy(keep, errbuf, sizeof keep);
		flash_close();
		memcpy(errbuf, keep, sizeof errbuf);
		return rc == FLASH_ERR_IO ? FLASH_ERR_OPEN : rc;
	}
	return FLASH_OK;
}

void flash_close(void)
{
	if (db)
		sqlite3_close_v2(db);
	db = NULL;
	db_path[0] = '\0';
}

/* ---- saving and loading ----------------------------------------------- */

/* Saved-at clock.  SOURCE_DATE_EPOCH (the reproducible-builds convention)
 * pins it, so transcript tests can show the history deterministically. */
static int64_t now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		long long v = strtoll(e, &end, 10);
		if (*end == '\0' && v >= 0)
			return v;
	}
	return (int64_t)time(NULL);
}

static int64_t rollback(int64_t rc)
{
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int64_t flash_save_startup(const char *text, size_t len, const char *shown,
			   size_t shown_len, const char *user,
			   const char *checksum)
{
	if (!db)
		return fail(FLASH_ERR_NOTOPEN, "flash: not available");
	if (shown && shown_len == len && memcmp(shown, text, len) == 0)
		shown = NULL; /* no secrets: store once */
	if (exec_sql("BEGIN IMMEDIATE") < 0)
		return FLASH_ERR_IO;
	sqlite3_stmt *st = NULL;
	int64_t id = 0;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO config(saved_at, user, checksum, bytes,"
			       " text, shown) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
			       -1, &st, NULL) != SQLITE_OK)
		return rollback(fail_db("save"));
	sqlite3_bind_int64(st, 1, now());
	sqlite3_bind_text(st, 2, user ? user : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, checksum ? checksum : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)len);
	/* a non-NULL pointer keeps an empty text a zero-length blob */
	sqlite3_bind_blob64(st, 5, len ? text : "", len, SQLITE_STATIC);
	if (shown)
		sqlite3_bind_blob64(st, 6, shown_len ? shown : "", shown_len,
				    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 6);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rollback(fail_db("save"));
	id = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db,
			       "INSERT OR REPLACE INTO startup(slot, config_id)"
			       " VALUES(1, ?1)",
			       -1, &st, NULL) != SQLITE_OK)
		return rollback(fail_db("save"));
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rollback(fail_db("save"));
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return rollback(fail_db("save"));
	return id;
}

static char *blob_dup(sqlite3_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);
	char *s = xmalloc(n + 1);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

/* Fill a record from columns id, saved_at, user, checksum, bytes, startup
 * [, text, shown]. */
static void row_to_config(sqlite3_stmt *st, struct flash_config *c, bool texts)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->saved_at = sqlite3_column_int64(st, 1);
	const unsigned char *u = sqlite3_column_text(st, 2);
	strlcpy_(c->user, u ? (const char *)u : "", sizeof c->user);
	const unsigned char *k = sqlite3_column_text(st, 3);
	strlcpy_(c->checksum, k ? (const char *)k : "", sizeof c->checksum);
	c->bytes = (size_t)sqlite3_column_int64(st, 4);
	c->startup = sqlite3_column_int(st, 5) != 0;
	if (!texts)
		return;
	c->text = blob_dup(st, 6, &c->text_len);
	if (sqlite3_column_type(st, 7) == SQLITE_NULL) {
		c->shown = xmalloc(c->text_len + 1);
		memcpy(c->shown, c->text, c->text_len + 1);
		c->shown_len = c->text_len;
	} else {
		c->shown = blob_dup(st, 7, &c->shown_len);
	}
}

#define CONFIG_COLS                                                            \
	"c.id, c.saved_at, c.user, c.checksum, c.bytes,"                       \
	" EXISTS(SELECT 1 FROM startup s WHERE s.config_id = c.id)"

/* One record by a WHERE clause with an optional id parameter. */
static int get_one(const char *where, int64_t id, struct flash_config *out)
{
	memset(out, 0, sizeof *out);
	if (!db)
		return fail(FLASH_ERR_NOTOPEN, "flash: not available");
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT " CONFIG_COLS ", c.text, c.shown FROM config c WHERE %s",
		 where);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail_db("read");
	if (id)
		sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	int ret;
	if (rc == SQLITE_ROW) {
		row_to_config(st, out, true);
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		ret = fail_db("read");
	}
	sqlite3_finalize(st);
	return ret;
}

int flash_startup_get(struct flash_config *out)
{
	return get_one("c.id = (SELECT config_id FROM startup WHERE slot = 1)", 0,
		       out);
}

int flash_get(int64_t id, struct flash_config *out)
{
	if (id <= 0) {
		memset(out, 0, sizeof *out);
		return 0;
	}
	return get_one("c.id = ?1", id, out);
}

char *flash_load_startup(size_t *len, int *err)
{
	if (err)
		*err = 0;
	if (len)
		*len = 0;
	if (!db) {
		fail(FLASH_ERR_NOTOPEN, "flash: not available");
		if (err)
			*err = FLASH_ERR_NOTOPEN;
		return NULL;
	}
	/* one query for the whole file: boot speed does not depend on the
	 * number of lines */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			       "SELECT c.text FROM startup s JOIN config c"
			       " ON c.id = s.config_id WHERE s.slot = 1",
			       -1, &st, NULL) != SQLITE_OK) {
		int e = fail_db("read");
		if (err)
			*err = e;
		return NULL;
	}
	char *text = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		text = blob_dup(st, 0, len);
	} else if (rc != SQLITE_DONE) {
		int e = fail_db("read");
		if (err)
			*err = e;
	}
	sqlite3_finalize(st);
	return text;
}

int flash_erase_startup(void)
{
	if (!db)
		return fail(FLASH_ERR_NOTOPEN, "flash: not available");
	/* a single statement is its own transaction */
	if (exec_sql("DELETE FROM startup") < 0)
		return FLASH_ERR_IO;
	return FLASH_OK;
}

int64_t flash_history(struct flash_config **out)
{
	*out = NULL;
	if (!db)
		return fail(FLASH_ERR_NOTOPEN, "flash: not available");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			       "SELECT " CONFIG_COLS " FROM config c ORDER BY c.id",
			       -1, &st, NULL) != SQLITE_OK)
		return fail_db("read");
	struct flash_config *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		row_to_config(st, &v[n++], false);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return fail_db("read");
	}
	*out = v;
	return (int64_t)n;
}

/* ---- line diff --------------------------------------------------------- */

struct dline {
	const char *s;
	size_t n;
};

/* Split into lines (without '\n'); a final newline ends the last line. */
static struct dline *split_lines(const char *t, size_t len, int *count)
{
	size_t cap = 64, n = 0;
	struct dline *v = xmalloc(cap * sizeof *v);
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - t) : len;
		if (n == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n].s = t + i;
		v[n].n = e - i;
		n++;
		i = nl ? e + 1 : len;
	}
	*count = (int)n;
	return v;
}

static uint64_t line_hash(const struct dline *l)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < l->n; i++) {
		h ^= (unsigned char)l->s[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* Give equal lines equal small integers, so the diff compares ints. */
static void intern_lines(const struct dline *a, int na, const struct dline *b,
			 int nb, uint32_t *ia, uint32_t *ib)
{
	size_t total = (size_t)na + (size_t)nb;
	size_t cap = 16;
	while (cap < total * 2)
		cap *= 2;
	struct slot {
		uint64_t h;
		const struct dline *l;
		uint32_t id;
	} *tab = xcalloc(cap, sizeof *tab);
	uint32_t next = 0;
	for (size_t i = 0; i < total; i++) {
		const struct dline *l = i < (size_t)na ? &a[i] : &b[i - na];
		uint64_t h = line_hash(l);
		size_t j = h & (cap - 1);
		while (tab[j].l && !(tab[j].h == h && tab[j].l->n == l->n &&
				     memcmp(tab[j].l->s, l->s, l->n) == 0))
			j = (j + 1) & (cap - 1);
		if (!tab[j].l) {
			tab[j].h = h;
			tab[j].l = l;
			tab[j].id = next++;
		}
		if (i < (size_t)na)
			ia[i] = tab[j].id;
		else
			ib[i - na] = tab[j].id;
	}
	free(tab);
}

/* Myers' O(ND) algorithm in linear space (middle snake, divide and
 * conquer).  Beyond `cap` edit steps in one sub-problem the search stops and
 * that part becomes a plain replacement: still a correct diff, bounded
 * time for configurations that have nothing in common. */
struct myers {
	const uint32_t *a, *b;
	uint8_t *dela, *insb; /* marks: line of a deleted / line of b inserted */
	int *v1, *v2;
	int cap;
};

static bool bisect(struct myers *m, int a0, int a1, int b0, int b1, int *sx,
		   int *sy)
{
	const uint32_t *A = m->a + a0, *B = m->b + b0;
	int N = a1 - a0, M = b1 - b0;
	int max_d = (N + M + 1) / 2;
	int lim = max_d < m->cap ? max_d : m->cap;
	int off = lim + 1, vlen = 2 * lim + 3;
	int *v1 = m->v1, *v2 = m->v2;
	for (int i = 0; i < vlen; i++)
		v1[i] = v2[i] = -1;
	v1[off + 1] = 0;
	v2[off + 1] = 0;
	int delta = N - M;
	bool front = (delta % 2) != 0;
	int k1start = 0, k1end = 0, k2start = 0, k2end = 0;
	for (int d = 0; d < lim; d++) {
		/* forward path */
		for (int k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
			int k1o = off + k1, x1;
			if (k1 == -d || (k1 != d && v1[k1o - 1] < v1[k1o + 1]))
				x1 = v1[k1o + 1];
			else
				x1 = v1[k1o - 1] + 1;
			int y1 = x1 - k1;
			while (x1 < N && y1 < M && A[x1] == B[y1])
				x1++, y1++;
			v1[k1o] = x1;
			if (x1 > N) {
				k1end += 2;
			} else if (y1 > M) {
				k1start += 2;
			} else if (front) {
				int k2o = off + delta - k1;
				if (k2o >= 0 && k2o < vlen && v2[k2o] != -1 &&
				    x1 >= N - v2[k2o]) {
					*sx = a0 + x1;
					*sy = b0 + y1;
					return true;
				}
			}
		}
		/* reverse path */
		for (int k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
			int k2o = off + k2, x2;
			if (k2 == -d || (k2 != d && v2[k2o - 1] < v2[k2o + 1]))
				x2 = v2[k2o + 1];
			else
				x2 = v2[k2o - 1] + 1;
			int y2 = x2 - k2;
			while (x2 < N && y2 < M && A[N - x2 - 1] == B[M - y2 - 1])
				x2++, y2++;
			v2[k2o] = x2;
			if (x2 > N) {
				k2end += 2;
			} else if (y2 > M) {
				k2start += 2;
			} else if (!front) {
				int k1o = off + delta - k2;
				if (k1o >= 0 && k1o < vlen && v1[k1o] != -1) {
					int x1 = v1[k1o];
					int y1 = off + x1 - k1o;
					if (x1 >= N - x2) {
						*sx = a0 + x1;
						*sy = b0 + y1;
						return true;
					}
				}
			}
		}
	}
	return false;
}

static void diff_rec(struct myers *m, int a0, int a1, int b0, int b1)
{
	while (a0 < a1 && b0 < b1 && m->a[a0] == m->b[b0])
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && m->a[a1 - 1] == m->b[b1 - 1])
		a1--, b1--;
	int x, y;
	if (a0 == a1 || b0 == b1 || !bisect(m, a0, a1, b0, b1, &x, &y)) {
		for (int i = a0; i < a1; i++)
			m->dela[i] = 1;
		for (int j = b0; j < b1; j++)
			m->insb[j] = 1;
		return;
	}
	diff_rec(m, a0, x, b0, y);
	diff_rec(m, x, a1, y, b1);
}

enum { OP_KEEP, OP_DEL, OP_INS };
struct dop {
	int kind;
	int ai, bj; /* index of this op's line in a (KEEP/DEL) and b (KEEP/INS);
		       for the other side: how many lines precede it */
};

static void hunk_range(struct strbuf *sb, int before, int count)
{
	if (count == 1)
		sb_printf(sb, "%d", before + 1);
	else if (count == 0)
		sb_printf(sb, "%d,0", before);
	else
		sb_printf(sb, "%d,%d", before + 1, count);
}

static void emit_hunks(struct strbuf *sb, const struct dop *ops, int nops,
		       const struct dline *a, const struct dline *b, int ctx)
{
	int i = 0;
	while (i < nops) {
		while (i < nops && ops[i].kind == OP_KEEP)
			i++;
		if (i == nops)
			break;
		int start = i - ctx < 0 ? 0 : i - ctx;
		/* extend over changes closer than 2*ctx keeps apart */
		int end = i; /* one past the last change */
		for (;;) {
			while (end < nops && ops[end].kind != OP_KEEP)
				end++;
			int k = end;
			while (k < nops && ops[k].kind == OP_KEEP && k - end < 2 * ctx + 1)
				k++;
			if (k < nops && ops[k].kind != OP_KEEP && k - end <= 2 * ctx) {
				end = k;
				continue;
			}
			break;
		}
		int stop = end + ctx > nops ? nops : end + ctx;
		int na = 0, nb = 0;
		for (int k = start; k < stop; k++) {
			na += ops[k].kind != OP_INS;
			nb += ops[k].kind != OP_DEL;
		}
		sb_puts(sb, "@@ -");
		hunk_range(sb, ops[start].ai, na);
		sb_puts(sb, " +");
		hunk_range(sb, ops[start].bj, nb);
		sb_puts(sb, " @@\n");
		for (int k = start; k < stop; k++) {
			const struct dline *l = ops[k].kind == OP_INS ? &b[ops[k].bj]
								      : &a[ops[k].ai];
			sb_add(sb, ops[k].kind == OP_KEEP ? " "
				   : ops[k].kind == OP_DEL ? "-"
							    : "+",
			       1);
			sb_add(sb, l->s, l->n);
			sb_add(sb, "\n", 1);
		}
		i = stop;
	}
}

char *flash_diff(const char *a, size_t alen, const char *b, size_t blen,
		 const char *name_a, const char *name_b, int context)
{
	int na, nb;
	struct dline *la = split_lines(a, alen, &na);
	struct dline *lb = split_lines(b, blen, &nb);
	uint32_t *ia = xmalloc(((size_t)na + 1) * sizeof *ia);
	uint32_t *ib = xmalloc(((size_t)nb + 1) * sizeof *ib);
	intern_lines(la, na, lb, nb, ia, ib);

	struct myers m = {.a = ia, .b = ib, .cap = 4096};
	m.dela = xcalloc((size_t)na + 1, 1);
	m.insb = xcalloc((size_t)nb + 1, 1);
	int maxd = (na + nb + 1) / 2;
	int lim = maxd < m.cap ? maxd : m.cap;
	m.v1 = xmalloc(((size_t)2 * lim + 3) * sizeof(int));
	m.v2 = xmalloc(((size_t)2 * lim + 3) * sizeof(int));
	diff_rec(&m, 0, na, 0, nb);

	/* edit script: within a change, deletions before insertions */
	struct dop *ops = xmalloc(((size_t)na + nb + 1) * sizeof *ops);
	int nops = 0, i = 0, j = 0;
	bool changed = false;
	while (i < na || j < nb) {
		if (i < na && m.dela[i]) {
			ops[nops++] = (struct dop){OP_DEL, i++, j};
			changed = true;
		} else if (j < nb && m.insb[j]) {
			ops[nops++] = (struct dop){OP_INS, i, j++};
			changed = true;
		} else {
			ops[nops++] = (struct dop){OP_KEEP, i++, j++};
		}
	}
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "");
	if (changed) {
		sb_printf(&sb, "--- %s\n+++ %s\n", name_a, name_b);
		emit_hunks(&sb, ops, nops, la, lb, context < 0 ? 0 : context);
	}
	free(ops);
	free(m.v1);
	free(m.v2);
	free(m.dela);
	free(m.insb);
	free(ia);
	free(ib);
	free(la);
	free(lb);
	return sb_take(&sb);
}
