/* The cache file: where it lives, its permissions, opening, telling ours from a foreign or
 * damaged file, the schema and its migrations, and the prepared statements. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache/private.h"

/*
 * The schema. Each entry moves the file from version i to i + 1 and runs in the transaction
 * that also sets user_version, so a crash mid-migration leaves the old version whole.
 *
 * Every table is keyed by the namespace (profile + endpoint). Record sets keep their
 * serialized form (data), their Route 53 listing order (sort_key, type, set_id: the key), the
 * lower-cased text cache_search() looks in, the time they were last written (read_at) and the
 * sync generation that last wrote them (gen; a sync that finds a row unchanged leaves it alone
 * and notes its key in sync_seen). There is no column for any credential.
 */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE namespaces("
	" id INTEGER PRIMARY KEY,"
	" profile TEXT NOT NULL,"
	" endpoint TEXT NOT NULL,"
	" zones_synced_at INTEGER NOT NULL DEFAULT 0,"
	" zones_gen INTEGER NOT NULL DEFAULT 0,"
	" domains_synced_at INTEGER NOT NULL DEFAULT 0,"
	" health_synced_at INTEGER NOT NULL DEFAULT 0,"
	" UNIQUE(profile, endpoint));"
	"CREATE TABLE zones("
	" ns INTEGER NOT NULL REFERENCES namespaces(id),"
	" id TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" sort_key BLOB NOT NULL,"
	" data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL,"
	" gen INTEGER NOT NULL,"
	" PRIMARY KEY(ns, id));"
	"CREATE TABLE zone_sync("
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" gen INTEGER NOT NULL,"
	" started_at INTEGER NOT NULL,"
	" synced_at INTEGER NOT NULL,"
	" PRIMARY KEY(ns, zone_id));"
	"CREATE TABLE rrsets("
	" id INTEGER PRIMARY KEY,"
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" type TEXT NOT NULL,"
	" set_id TEXT NOT NULL,"
	" sort_key BLOB NOT NULL,"
	" search TEXT NOT NULL,"
	" data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL,"
	" gen INTEGER NOT NULL,"
	" UNIQUE(ns, zone_id, name, type, set_id));"
	"CREATE INDEX rrsets_order ON rrsets(ns, zone_id, sort_key, type, set_id);"
	"CREATE TABLE domains("
	" ns INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL,"
	" gen INTEGER NOT NULL,"
	" PRIMARY KEY(ns, name));"
	"CREATE TABLE health_checks("
	" ns INTEGER NOT NULL,"
	" id TEXT NOT NULL,"
	" data TEXT NOT NULL,"
	" status INTEGER NOT NULL DEFAULT -1,"
	" read_at INTEGER NOT NULL,"
	" status_read_at INTEGER NOT NULL DEFAULT 0,"
	" gen INTEGER NOT NULL,"
	" PRIMARY KEY(ns, id));"
	"CREATE TABLE staged("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" old_rr TEXT,"
	" new_rr TEXT,"
	" created_at INTEGER NOT NULL);"
	"CREATE TABLE batches("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" change_id TEXT,"
	" status TEXT NOT NULL,"
	" submitted_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" profile TEXT NOT NULL,"
	" endpoint TEXT NOT NULL,"
	" batch TEXT NOT NULL,"
	" inverse TEXT NOT NULL);"
	"CREATE INDEX batches_zone ON batches(ns, zone_id, id);",
	/* 1 -> 2: the FTS5 trigram index over rrsets.search goes. Its triggers flushed the index
	 * once per row written, which made a 10,000-record sync spend 0.4 s of CPU in the cache;
	 * a scan of the lower-cased search text answers a search over 100,000 records in a few
	 * milliseconds. A version 1 file without the index (SQLite without FTS5) has none of
	 * these, hence IF EXISTS. */
	"DROP TRIGGER IF EXISTS rrsets_fts_ins;"
	"DROP TRIGGER IF EXISTS rrsets_fts_del;"
	"DROP TRIGGER IF EXISTS rrsets_fts_upd;"
	"DROP TABLE IF EXISTS rrsets_fts;"
	"DELETE FROM meta WHERE key='search';"
	/* The listing-order index also holds the search text, so a search reads the index alone
	 * (in Route 53 order) and fetches a row only for a hit. */
	"DROP INDEX rrsets_order;"
	"CREATE INDEX rrsets_order ON rrsets(ns, zone_id, sort_key, type, set_id, search);",
	/* 2 -> 3: writing a 10,000-record zone cost three B-trees per row (the table, the unique
	 * key, the listing-order index with the search text). Record sets now live in one: a
	 * WITHOUT ROWID table keyed in Route 53 order (sort_key is a function of name, so the key
	 * is unique per name, type and set id as before); a search scans it (the search text is
	 * in the row), a lookup by name computes the sort key. And a sync no longer rewrites the
	 * rows it finds unchanged just to bump gen: each page notes the keys it listed, in its own
	 * transaction, as one row of sync_seen (listed: "name NUL type NUL set_id NUL" per record
	 * set); a complete sync's end removes the rows older than its generation that no page
	 * listed. */
	"CREATE TABLE rrsets3("
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" sort_key BLOB NOT NULL,"
	" type TEXT NOT NULL,"
	" set_id TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" search TEXT NOT NULL,"
	" data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL,"
	" gen INTEGER NOT NULL,"
	" PRIMARY KEY(ns, zone_id, sort_key, type, set_id, name)) WITHOUT ROWID;"
	/* The sort key is computed afresh (r53_sort_key() is serial_sort_key()): a row is found
	 * by the key its name gives now. */
	"INSERT INTO rrsets3(ns, zone_id, sort_key, type, set_id, name, search, data, read_at, gen)"
	" SELECT ns, zone_id, r53_sort_key(name), type, set_id, name, search, data, read_at, gen"
	" FROM rrsets;"
	"DROP TABLE rrsets;"
	"ALTER TABLE rrsets3 RENAME TO rrsets;"
	"CREATE TABLE sync_seen("
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" gen INTEGER NOT NULL,"
	" listed BLOB NOT NULL);"
	"CREATE INDEX sync_seen_zone ON sync_seen(ns, zone_id, gen);",
};

/* A new, empty file gets schema FRESH_SCHEMA_VERSION in one step rather than through every
 * migration from 0 (which creates tables to drop them, copies into a table and renames it,
 * each step making SQLite re-read the schema): creating the file was a third of the CPU the
 * first sync of a 10,000-record zone spent outside its pages. The tables are those the
 * migrations give (tests/unit/test_cache.c compares a fresh file with a migrated one); any
 * later migration runs after it as on any file of that version. */
#define FRESH_SCHEMA_VERSION 3
static const char fresh_schema[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE namespaces("
	" id INTEGER PRIMARY KEY,"
	" profile TEXT NOT NULL,"
	" endpoint TEXT NOT NULL,"
	" zones_synced_at INTEGER NOT NULL DEFAULT 0,"
	" zones_gen INTEGER NOT NULL DEFAULT 0,"
	" domains_synced_at INTEGER NOT NULL DEFAULT 0,"
	" health_synced_at INTEGER NOT NULL DEFAULT 0,"
	" UNIQUE(profile, endpoint));"
	"CREATE TABLE zones("
	" ns INTEGER NOT NULL REFERENCES namespaces(id),"
	" id TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" sort_key BLOB NOT NULL,"
	" data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL,"
	" gen INTEGER NOT NULL,"
	" PRIMARY KEY(ns, id));"
	"CREATE TABLE zone_sync("
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" gen INTEGER NOT NULL,"
	" started_at INTEGER NOT NULL,"
	" synced_at INTEGER NOT NULL,"
	" PRIMARY KEY(ns, zone_id));"
	"CREATE TABLE domains("
	" ns INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL,"
	" gen INTEGER NOT NULL,"
	" PRIMARY KEY(ns, name));"
	"CREATE TABLE health_checks("
	" ns INTEGER NOT NULL,"
	" id TEXT NOT NULL,"
	" data TEXT NOT NULL,"
	" status INTEGER NOT NULL DEFAULT -1,"
	" read_at INTEGER NOT NULL,"
	" status_read_at INTEGER NOT NULL DEFAULT 0,"
	" gen INTEGER NOT NULL,"
	" PRIMARY KEY(ns, id));"
	"CREATE TABLE staged("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" old_rr TEXT,"
	" new_rr TEXT,"
	" created_at INTEGER NOT NULL);"
	"CREATE TABLE batches("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" change_id TEXT,"
	" status TEXT NOT NULL,"
	" submitted_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" profile TEXT NOT NULL,"
	" endpoint TEXT NOT NULL,"
	" batch TEXT NOT NULL,"
	" inverse TEXT NOT NULL);"
	"CREATE INDEX batches_zone ON batches(ns, zone_id, id);"
	"CREATE TABLE rrsets("
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" sort_key BLOB NOT NULL,"
	" type TEXT NOT NULL,"
	" set_id TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" search TEXT NOT NULL,"
	" data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL,"
	" gen INTEGER NOT NULL,"
	" PRIMARY KEY(ns, zone_id, sort_key, type, set_id, name)) WITHOUT ROWID;"
	"CREATE TABLE sync_seen("
	" ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL,"
	" gen INTEGER NOT NULL,"
	" listed BLOB NOT NULL);"
	"CREATE INDEX sync_seen_zone ON sync_seen(ns, zone_id, gen);";

/*
 * Small helpers shared by the cache sources
 */

int64_t
cache_now(void)
{
	return (int64_t)time(NULL);
}

static double
clock_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The CPU clock is read at both ends; the wall clock only as a difference, so one value
 * carries both: begin returns CPU ms, and the wall start is kept in the handle (writers do
 * not nest). */
double
cache_stats_begin(struct cache *c)
{
	if (!c || !c->stats)
		return 0;
	c->stats_wall_ms -= clock_ms(CLOCK_MONOTONIC);
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

void
cache_stats_end(struct cache *c, double t0)
{
	if (!c || !c->stats)
		return;
	c->stats_cpu_ms += clock_ms(CLOCK_PROCESS_CPUTIME_ID) - t0;
	c->stats_wall_ms += clock_ms(CLOCK_MONOTONIC);
	c->stats_calls++;
}

void
cache_warn(struct cache *c, const char *fmt, ...)
{
	size_t len = strlen(c->warning);
	va_list ap;

	if (len && len + 2 < sizeof(c->warning)) {
		memcpy(c->warning + len, "; ", 3);
		len += 2;
	}
	if (len + 1 >= sizeof(c->warning))
		return;
	va_start(ap, fmt);
	vsnprintf(c->warning + len, sizeof(c->warning) - len, fmt, ap);
	va_end(ap);
}

static bool
is_damage(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

enum r53_code
cache_db_error(struct cache *c, const char *where, struct r53_error *err)
{
	int rc = sqlite3_extended_errcode(c->db);

	if (is_damage(rc) && strcmp(c->path, ":memory:")) {
		c->damaged = true;
		return r53_error_set(err, R53_CACHE, where,
				     "cache file %.60s is damaged (%.60s); it is set aside when r53 "
				     "closes it",
				     c->path, sqlite3_errmsg(c->db));
	}
	return r53_error_set(err, R53_CACHE, where, "%s", sqlite3_errmsg(c->db));
}

sqlite3_stmt *
cache_stmt(struct cache *c, enum cache_stmt id)
{
	sqlite3_stmt *st = c->st[id];

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

enum r53_code
cache_exec_stmt(struct cache *c, enum cache_stmt id, const char *where, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, id);
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		enum r53_code code = cache_db_error(c, where, err);

		sqlite3_reset(st);
		return code;
	}
	sqlite3_reset(st);
	return R53_OK;
}

enum r53_code
cache_begin(struct cache *c, const char *where, struct r53_error *err)
{
	return cache_exec_stmt(c, ST_BEGIN, where, err);
}

enum r53_code
cache_commit(struct cache *c, const char *where, struct r53_error *err)
{
	enum r53_code rc = cache_exec_stmt(c, ST_COMMIT, where, err);

	if (rc != R53_OK)
		cache_rollback(c);
	return rc;
}

void
cache_rollback(struct cache *c)
{
	if (!sqlite3_get_autocommit(c->db))
		cache_exec_stmt(c, ST_ROLLBACK, "rollback", NULL);
}

/*
 * Where the file lives, and who may read it
 */

enum r53_code
cache_default_path(char *out, size_t outsz, struct r53_error *err)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	/* The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored. */
	if (xdg && *xdg == '/')
		n = snprintf(out, outsz, "%s/r53/cache.db", xdg);
	else if (home && *home)
		n = snprintf(out, outsz, "%s/.cache/r53/cache.db", home);
	else
		return r53_error_set(err, R53_CACHE, "cache_default_path",
				     "neither XDG_CACHE_HOME nor HOME is set; give --cache FILE");
	if (n < 0 || (size_t)n >= outsz)
		return r53_error_set(err, R53_CACHE, "cache_default_path",
				     "cache path is longer than %zu bytes", outsz - 1);
	return R53_OK;
}

/* Creates every missing directory above @path with mode 0700 (mkdir -p of dirname). */
static enum r53_code
make_parents(const char *path, struct r53_error *err)
{
	char dir[4096];
	size_t len = strlen(path);

	if (len >= sizeof(dir))
		return r53_error_set(err, R53_CACHE, "cache_open", "cache path is too long");
	memcpy(dir, path, len + 1);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return r53_error_set(err, R53_CACHE, "cache_open", "cannot create %.100s: %s",
					     dir, strerror(errno));
		*p = '/';
	}
	return R53_OK;
}

/* Sets @path to @mode when it exists with more bits than that, and says so. */
static void
tighten(struct cache *c, const char *path, mode_t mode, const char *what)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || !(sb.st_mode & 077 & ~mode))
		return;
	if (chmod(path, mode) != 0) {
		cache_warn(c, "%s %s is readable by others (mode %04o) and could not be fixed: %s",
			   what, path, (unsigned)(sb.st_mode & 07777), strerror(errno));
		return;
	}
	cache_warn(c, "%s %s was mode %04o; set to %04o", what, path,
		   (unsigned)(sb.st_mode & 07777), (unsigned)mode);
}

/* The file and its -wal and -shm companions: 0600. */
static void
tighten_files(struct cache *c)
{
	char side[4200];

	tighten(c, c->path, 0600, "cache file");
	snprintf(side, sizeof(side), "%s-wal", c->path);
	tighten(c, side, 0600, "cache file");
	snprintf(side, sizeof(side), "%s-shm", c->path);
	tighten(c, side, 0600, "cache file");
}

/* The directory of the default path is r53's own: 0700. A directory the user chose with
 * --cache is theirs, so it is left alone. */
static void
tighten_dir(struct cache *c)
{
	char def[4096], *slash;

	if (cache_default_path(def, sizeof(def), NULL) != R53_OK || strcmp(def, c->path))
		return;
	if ((slash = strrchr(def, '/')) && slash != def) {
		*slash = '\0';
		tighten(c, def, 0700, "cache directory");
	}
}

/* Creates the file 0600 before SQLite sees it, so it is never readable by others, not even
 * for the moment between creating and fixing it. */
static enum r53_code
create_file(const char *path, struct r53_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0 && errno != EEXIST)
		return r53_error_set(err, R53_CACHE, "cache_open", "cannot create %.100s: %s", path,
				     strerror(errno));
	if (fd >= 0)
		close(fd);
	return R53_OK;
}

/* True when the file is empty or starts with SQLite's header. */
static bool
looks_like_sqlite(const char *path)
{
	char head[16];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return true; /* SQLite will report why it cannot open it */
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return n == 0 || (n == 16 && !memcmp(head, "SQLite format 3", 16));
}

/* Renames @path (and its -wal, -shm) to @path.corrupt-<time> so the next open starts afresh
 * and the old file is kept for a look. Writes the new name into @aside. */
static bool
set_aside(const char *path, char *aside, size_t asidesz)
{
	char from[4200], to[4200];

	snprintf(aside, asidesz, "%s.corrupt-%lld", path, (long long)cache_now());
	if (rename(path, aside) != 0)
		return false;
	snprintf(from, sizeof(from), "%s-wal", path);
	snprintf(to, sizeof(to), "%s-wal", aside);
	if (rename(from, to) != 0)
		unlink(from);
	snprintf(from, sizeof(from), "%s-shm", path);
	unlink(from);
	return true;
}

/*
 * Opening
 */

static void
free_handle(struct cache *c)
{
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
	free(c->data.s);
	free(c->search.s);
	free(c->seen.s);
	free(c->path);
	free(c->profile);
	free(c->endpoint);
	free(c);
}

void
cache_close(struct cache **cp)
{
	struct cache *c;
	char aside[4200];
	bool stats;
	unsigned long calls = 0;
	double cpu = 0, wall = 0, oc_cpu = 0, oc_wall = 0;

	if (!cp || !*cp)
		return;
	c = *cp;
	*cp = NULL;
	/* Closing is timed with the writes: the last connection checkpoints the WAL into the
	 * file, work the writes left for it. */
	if ((stats = c->stats)) {
		calls = c->stats_calls;
		cpu = c->stats_cpu_ms;
		wall = c->stats_wall_ms;
		oc_cpu = c->stats_open_cpu_ms - clock_ms(CLOCK_PROCESS_CPUTIME_ID);
		oc_wall = c->stats_open_wall_ms - clock_ms(CLOCK_MONOTONIC);
	}
	cache_rollback(c);
	if (c->damaged) {
		char *path = c->path;

		c->path = NULL;
		free_handle(c);
		set_aside(path, aside, sizeof(aside));
		free(path);
	} else
		free_handle(c);
	if (stats) {
		oc_cpu += clock_ms(CLOCK_PROCESS_CPUTIME_ID);
		oc_wall += clock_ms(CLOCK_MONOTONIC);
		fprintf(stderr,
			"r53: cache writes: %lu calls, CPU %.1f ms, wall %.1f ms (opening and closing "
			"the file included: CPU %.1f ms, wall %.1f ms)\n",
			calls, cpu + oc_cpu, wall + oc_wall, oc_cpu, oc_wall);
	}
}

const char *
cache_warning(const struct cache *c)
{
	return c && *c->warning ? c->warning : NULL;
}

/* Runs @sql (several statements) with SQLite's message on failure. */
static enum r53_code
exec_sql(struct cache *c, const char *sql, const char *where, struct r53_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		enum r53_code code = r53_error_set(err, R53_CACHE, where, "%s",
						   msg ? msg : sqlite3_errmsg(c->db));

		sqlite3_free(msg);
		return code;
	}
	return R53_OK;
}

/* One integer from @sql (a PRAGMA or a count); -1 with the error on failure. */
static int64_t
query_int(struct cache *c, const char *sql, int *rcout)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			v = 0;
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	*rcout = rc;
	return v;
}

enum identity { ID_OURS, ID_EMPTY, ID_FOREIGN, ID_DAMAGED, ID_ERROR };

static bool
is_busy(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Waits a little before trying again what another process keeps locked; false once the
 * 5 s the busy timeout also allows have passed. */
static bool
busy_wait(int *tries)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	if (++*tries > 500)
		return false;
	nanosleep(&ts, NULL);
	return true;
}

/* Is this an r53 cache, an empty file, another program's database or not a database? The
 * three facts are read in one statement, so in one snapshot: read one by one, they could
 * straddle another r53's schema creation and call our own cache foreign. */
static enum identity
identify(struct cache *c, int64_t *version)
{
	sqlite3_stmt *st = NULL;
	int64_t app = 0, tables = 0;
	int rc, tries = 0;

	do {
		sqlite3_finalize(st);
		st = NULL;
		rc = sqlite3_prepare_v2(c->db,
					"SELECT (SELECT application_id FROM pragma_application_id),"
					" (SELECT user_version FROM pragma_user_version),"
					" (SELECT count(*) FROM sqlite_schema)",
					-1, &st, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			app = sqlite3_column_int64(st, 0);
			*version = sqlite3_column_int64(st, 1);
			tables = sqlite3_column_int64(st, 2);
			rc = SQLITE_OK;
		}
	} while (is_busy(rc) && busy_wait(&tries));
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return is_damage(rc) ? ID_DAMAGED : ID_ERROR;
	if (app == CACHE_APPLICATION_ID)
		return ID_OURS;
	if (app == 0 && tables == 0 && *version == 0)
		return ID_EMPTY;
	return ID_FOREIGN;
}

/* 3 -> 4: a batch that is a rollback says which batch it undoes (batches.rollback_of, the
 * undone row's id; 0 for every other batch, and for every batch written before). A rollback
 * interrupted by a crash is then known as one on the next start, and `r53 history` marks
 * it. */
static enum r53_code
migrate_3_to_4(struct cache *c, struct r53_error *err)
{
	return exec_sql(c, "ALTER TABLE batches ADD COLUMN rollback_of INTEGER NOT NULL DEFAULT 0",
			"cache_open (migrating to schema 4)", err);
}

/* The steps after migrations[] (from version 3 on), each its own function; like the SQL
 * steps they run inside migrate()'s transaction. */
static enum r53_code (*const migrate_fns[])(struct cache *, struct r53_error *) = {
	migrate_3_to_4, /* 3 -> 4 */
};
#define N_SQL_STEPS ((int64_t)(sizeof(migrations) / sizeof(migrations[0])))
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) +
			       sizeof(migrate_fns) / sizeof(migrate_fns[0]) ==
		       CACHE_SCHEMA_VERSION,
	       "one migration step per schema version");

/* Brings the schema to CACHE_SCHEMA_VERSION in one IMMEDIATE transaction; a second process
 * opening at the same time waits, then finds the work done. */
static enum r53_code
migrate(struct cache *c, struct r53_error *err)
{
	int rc;
	int64_t version, app;
	char sql[64];

	if (exec_sql(c, "BEGIN IMMEDIATE", "cache_open", err) != R53_OK)
		return R53_CACHE;
	version = query_int(c, "PRAGMA user_version", &rc);
	app = query_int(c, "PRAGMA application_id", &rc);
	if (rc != SQLITE_OK) {
		exec_sql(c, "ROLLBACK", "cache_open", NULL);
		return r53_error_set(err, R53_CACHE, "cache_open", "%s", sqlite3_errmsg(c->db));
	}
	if (app != 0 && app != CACHE_APPLICATION_ID) {
		exec_sql(c, "ROLLBACK", "cache_open", NULL);
		return r53_error_set(err, R53_CACHE, "cache_open",
				     "%s changed under us: not an r53 cache", c->path);
	}
	if (version == 0) {
		if (exec_sql(c, fresh_schema, "cache_open", err) != R53_OK)
			goto fail;
		version = FRESH_SCHEMA_VERSION;
	}
	for (int64_t v = version; v < CACHE_SCHEMA_VERSION; v++) {
		enum r53_code step;

		if (v < N_SQL_STEPS)
			step = exec_sql(c, migrations[v], "cache_open", err);
		else
			step = migrate_fns[v - N_SQL_STEPS](c, err);
		if (step != R53_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d",
		 CACHE_APPLICATION_ID, CACHE_SCHEMA_VERSION);
	if (exec_sql(c, sql, "cache_open", err) != R53_OK ||
	    exec_sql(c, "COMMIT", "cache_open", err) != R53_OK)
		goto fail;
	return R53_OK;
fail:
	exec_sql(c, "ROLLBACK", "cache_open", NULL);
	return R53_CACHE;
}

static enum r53_code
prepare_all(struct cache *c, struct r53_error *err)
{
	static const char *const sql[ST_COUNT] = {
#define CACHE_STMT_SQL(id, text) [ST_##id] = text,
		CACHE_STMT_INFO(CACHE_STMT_SQL)
#undef CACHE_STMT_SQL
	};

	for (int i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(c->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->st[i],
				       NULL) != SQLITE_OK)
			return cache_db_error(c, "cache_open", err);
	}
	return R53_OK;
}

/* The namespace row for (profile, endpoint), created on first use. */
static enum r53_code
find_namespace(struct cache *c, struct r53_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db,
				"INSERT INTO namespaces(profile, endpoint) VALUES(?1, ?2)"
				" ON CONFLICT(profile, endpoint) DO UPDATE SET profile=profile"
				" RETURNING id",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, c->profile, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c->endpoint, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			c->ns = sqlite3_column_int64(st, 0);
			rc = sqlite3_step(st);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cache_db_error(c, "cache_open", err);
	return R53_OK;
}

/* Moves namespace @old's rows into this handle's namespace (one transaction): staged edits,
 * applied batches and the guide's notes always (they are the user's work and history); the
 * cached copies of zones, record sets, domains and health checks only when this namespace has
 * no zone cached yet, else they go (a sync reads them again). @old then goes. */
static enum r53_code
adopt_namespace(struct cache *c, int64_t old, const char *spelling, struct r53_error *err)
{
	static const char *const moved[] = {
		"UPDATE staged SET ns=?2 WHERE ns=?1",
		"UPDATE batches SET ns=?2 WHERE ns=?1",
		"INSERT OR IGNORE INTO meta(key, value) SELECT 'delegation/' || ?2 ||"
		" substr(key, length('delegation/' || ?1) + 1), value FROM meta"
		" WHERE key GLOB 'delegation/' || ?1 || '/*'",
		"DELETE FROM meta WHERE key GLOB 'delegation/' || ?1 || '/*'",
	};
	static const char *const copies[] = { "zones", "zone_sync", "rrsets", "domains",
					      "health_checks", "sync_seen" };
	int64_t staged = 0, batches = 0, zones_here = 0;
	bool take_copies;
	char sql[320];
	int rc;

	if (exec_sql(c, "BEGIN IMMEDIATE", "cache_open", err) != R53_OK)
		return R53_CACHE;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM staged WHERE ns=%lld", (long long)old);
	staged = query_int(c, sql, &rc);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM batches WHERE ns=%lld", (long long)old);
	batches = query_int(c, sql, &rc);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM zones WHERE ns=%lld", (long long)c->ns);
	zones_here = query_int(c, sql, &rc);
	if (staged < 0 || batches < 0 || zones_here < 0)
		goto fail;
	take_copies = zones_here == 0;
	for (size_t i = 0; i < sizeof(moved) / sizeof(moved[0]); i++) {
		sqlite3_stmt *st = NULL;

		rc = sqlite3_prepare_v2(c->db, moved[i], -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, old);
			sqlite3_bind_int64(st, 2, c->ns);
			rc = sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	for (size_t i = 0; i < sizeof(copies) / sizeof(copies[0]); i++) {
		if (take_copies)
			snprintf(sql, sizeof(sql), "UPDATE %s SET ns=%lld WHERE ns=%lld", copies[i],
				 (long long)c->ns, (long long)old);
		else
			snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE ns=%lld", copies[i],
				 (long long)old);
		if (exec_sql(c, sql, "cache_open", err) != R53_OK)
			goto fail;
	}
	if (take_copies) {
		snprintf(sql, sizeof(sql),
			 "UPDATE namespaces SET (zones_synced_at, zones_gen, domains_synced_at,"
			 " health_synced_at) = (SELECT zones_synced_at, zones_gen, domains_synced_at,"
			 " health_synced_at FROM namespaces WHERE id=%lld) WHERE id=%lld",
			 (long long)old, (long long)c->ns);
		if (exec_sql(c, sql, "cache_open", err) != R53_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "DELETE FROM namespaces WHERE id=%lld", (long long)old);
	if (exec_sql(c, sql, "cache_open", err) != R53_OK ||
	    exec_sql(c, "COMMIT", "cache_open", err) != R53_OK)
		goto fail;
	if (staged || batches)
		cache_warn(c, "%lld staged edit%s and %lld applied batch%s kept under the endpoint "
			      "spelled %.100s now belong to %.100s",
			   (long long)staged, staged == 1 ? "" : "s", (long long)batches,
			   batches == 1 ? "" : "es", spelling, c->endpoint);
	return R53_OK;
fail:
	if (err && !err->code)
		cache_db_error(c, "cache_open", err);
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return R53_CACHE;
}

/* Namespaces of this profile whose endpoint is another spelling of this one's (written before
 * endpoints were normalised, e.g. with a trailing '/' or an upper-case host): their rows are
 * adopted, so that staged edits made under the old spelling are not hidden from this run. */
static enum r53_code
adopt_old_spellings(struct cache *c, struct r53_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t ids[16];
	char spellings[16][256];
	size_t n = 0;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "SELECT id, endpoint FROM namespaces WHERE profile=?1 AND id<>?2",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, c->profile, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, c->ns);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 16) {
			const char *e = (const char *)sqlite3_column_text(st, 1);
			char key[256];

			endpoint_key(e, key, sizeof(key));
			if (e && strcmp(e, c->endpoint) && !strcmp(key, c->endpoint)) {
				ids[n] = sqlite3_column_int64(st, 0);
				snprintf(spellings[n], sizeof(spellings[n]), "%s", e);
				n++;
			}
		}
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE; /* more than 16 spellings: the rest next time */
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cache_db_error(c, "cache_open", err);
	for (size_t i = 0; i < n; i++)
		if (adopt_namespace(c, ids[i], spellings[i], err) != R53_OK)
			return R53_CACHE;
	return R53_OK;
}

/* r53_contains(HAYSTACK, NEEDLE): 1 when NEEDLE occurs in HAYSTACK (bytes; "" is in
 * everything). The search's scan runs it on every record set: glibc's memmem is several times
 * cheaper than instr(), which compares at every position. */
static void
contains_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const void *hay = sqlite3_value_blob(argv[0]), *needle = sqlite3_value_blob(argv[1]);
	int hlen = sqlite3_value_bytes(argv[0]), nlen = sqlite3_value_bytes(argv[1]);

	(void)argc;
	if (!nlen) {
		sqlite3_result_int(ctx, 1);
		return;
	}
	sqlite3_result_int(ctx, hay && needle &&
					memmem(hay, (size_t)hlen, needle, (size_t)nlen) != NULL);
}

/* r53_sort_key(NAME): serial_sort_key() as a blob, for the migration to schema 3. */
static void
sort_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint8_t key[NAME_MAX_OCTETS + 1];
	const char *name = (const char *)sqlite3_value_text(argv[0]);
	size_t len = serial_sort_key(name ? name : "", key);

	(void)argc;
	sqlite3_result_blob(ctx, key, (int)len, SQLITE_TRANSIENT);
}

/* Opens the SQLite connection with the pragmas every connection needs. */
static enum r53_code
connect_db(struct cache *c, struct r53_error *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW;

	if (sqlite3_open_v2(c->path, &c->db, flags, NULL) != SQLITE_OK) {
		if (!c->db)
			return r53_error_set(err, R53_NOMEM, "cache_open", "out of memory");
		return r53_error_set(err, R53_CACHE, "cache_open", "cannot open %.100s: %s",
				     c->path, sqlite3_errmsg(c->db));
	}
	sqlite3_extended_result_codes(c->db, 1);
	if (sqlite3_create_function(c->db, "r53_contains", 2,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				    contains_fn, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(c->db, "r53_sort_key", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				    sort_key_fn, NULL, NULL) != SQLITE_OK)
		return r53_error_set(err, R53_NOMEM, "cache_open", "out of memory");
	/* Another r53 may hold the write lock for one page of a sync: wait for it. */
	sqlite3_busy_timeout(c->db, 5000);
	return R53_OK;
}

/* Reads "PRAGMA journal_mode" (or sets it with @set) into @mode; SQLite's result code. */
static int
journal_mode(struct cache *c, const char *sql, char *mode, size_t modesz)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);

	*mode = '\0';
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(mode, modesz, "%s", (const char *)sqlite3_column_text(st, 0));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* After identify(): WAL for files (readers never wait for the writer), NORMAL sync except for
 * the journal writes, which switch to FULL (see journal.c). WAL is a property of the file, so
 * only the first r53 to open it switches; the switch needs every other connection gone, so a
 * process that finds one retries for a while. */
static enum r53_code
set_modes(struct cache *c, bool memory, struct r53_error *err)
{
	char mode[16];
	int rc, tries = 0;

	while (!memory) {
		rc = journal_mode(c, "PRAGMA journal_mode", mode, sizeof(mode));
		if (rc == SQLITE_OK && !strcmp(mode, "wal"))
			break;
		if (rc == SQLITE_OK)
			rc = journal_mode(c, "PRAGMA journal_mode=WAL", mode, sizeof(mode));
		if (rc == SQLITE_OK && !strcmp(mode, "wal"))
			break;
		if ((rc != SQLITE_OK && !is_busy(rc)) || !busy_wait(&tries))
			return r53_error_set(err, R53_CACHE, "cache_open",
					     "cannot switch %.100s to WAL mode: %s", c->path,
					     rc == SQLITE_OK ? mode : sqlite3_errmsg(c->db));
	}
	/* A larger page cache: a search scans every record set, and read() per page cost more
	 * than the scan itself. No mmap: every page a read touched stayed mapped, counted in the
	 * process's resident memory for as long as the cache is open (the TUI with a 100,000-
	 * record zone open: 90 MB peak with mmap, 77 MB without), and searches and listings
	 * measured no faster with it than with this page cache (bench/cache.sh). */
	return exec_sql(c,
			"PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;"
			" PRAGMA cache_size=-16384; PRAGMA mmap_size=0",
			"cache_open", err);
}

enum r53_code
cache_open(const char *path, const char *profile, const char *endpoint, struct cache **out,
	   struct r53_error *err)
{
	struct cache *c;
	bool memory;
	int64_t version = 0;
	enum identity id;
	char aside[4200];
	const char *why = NULL, *st;
	int rc;
	bool stats;
	double cpu0 = 0, wall0 = 0;

	*out = NULL;
	if (!path || !*path)
		return r53_error_set(err, R53_CACHE, "cache_open", "no cache path");
	/* R53_CACHE_STATS: opening (creating or migrating the file) counts with the writes. */
	stats = (st = getenv("R53_CACHE_STATS")) && *st && strcmp(st, "0");
	if (stats) {
		cpu0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
		wall0 = clock_ms(CLOCK_MONOTONIC);
	}
	memory = !strcmp(path, ":memory:");
	if (!(c = calloc(1, sizeof(*c))) || !(c->path = strdup(path)) ||
	    !(c->profile = strdup(profile ? profile : "default")) ||
	    !(c->endpoint = strdup(endpoint ? endpoint : ""))) {
		if (c)
			free_handle(c);
		return r53_error_set(err, R53_NOMEM, "cache_open", "out of memory");
	}
	if (!memory) {
		if (make_parents(path, err) != R53_OK || create_file(path, err) != R53_OK)
			goto fail;
		tighten_dir(c);
		tighten_files(c); /* before SQLite reads it: a loose file is fixed first */
		if (!looks_like_sqlite(path)) {
			why = "it is not an SQLite database";
			goto aside;
		}
	}
	if (connect_db(c, err) != R53_OK)
		goto fail;
	id = identify(c, &version);
	if (id == ID_ERROR) {
		r53_error_set(err, R53_CACHE, "cache_open", "cannot read %.100s: %s", path,
			      sqlite3_errmsg(c->db));
		goto fail;
	}
	if (id == ID_DAMAGED) {
		why = sqlite3_errmsg(c->db);
		goto aside;
	}
	if (id == ID_FOREIGN) {
		why = "it is another program's SQLite database";
		goto aside;
	}
	if (id == ID_OURS && version > CACHE_SCHEMA_VERSION) {
		r53_error_set(err, R53_CACHE, "cache_open",
			      "%.100s was written by a newer r53 (cache schema %lld, this r53 knows "
			      "%d); use that r53 or give another --cache FILE",
			      path, (long long)version, CACHE_SCHEMA_VERSION);
		goto fail;
	}
	if (set_modes(c, memory, err) != R53_OK) {
		if (is_damage(sqlite3_extended_errcode(c->db))) {
			r53_error_clear(err);
			why = sqlite3_errmsg(c->db);
			goto aside;
		}
		goto fail;
	}
	if (version < CACHE_SCHEMA_VERSION && migrate(c, err) != R53_OK)
		goto fail;
	query_int(c, "SELECT count(*) FROM meta", &rc);
	if (rc != SQLITE_OK) {
		if (is_damage(rc)) {
			why = sqlite3_errmsg(c->db);
			goto aside;
		}
		cache_db_error(c, "cache_open", err);
		goto fail;
	}
	if (prepare_all(c, err) != R53_OK || find_namespace(c, err) != R53_OK ||
	    (!memory && adopt_old_spellings(c, err) != R53_OK)) {
		if (c->damaged) { /* a damaged page met here is set aside like one met above */
			r53_error_clear(err);
			why = sqlite3_errmsg(c->db);
			goto aside;
		}
		goto fail;
	}
	if (!memory)
		tighten_files(c); /* the -wal and -shm SQLite just made */
	if ((c->stats = stats)) {
		c->stats_open_cpu_ms = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
		c->stats_open_wall_ms = clock_ms(CLOCK_MONOTONIC) - wall0;
	}
	*out = c;
	return R53_OK;

aside : {
	/* The message is copied first: closing the connection frees SQLite's. */
	char reason[160];

	snprintf(reason, sizeof(reason), "%s", why);
	for (int i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
	sqlite3_close(c->db);
	c->db = NULL;
	if (!set_aside(path, aside, sizeof(aside)))
		r53_error_set(err, R53_CACHE, "cache_open",
			      "%.100s is not an r53 cache (%s) and could not be moved aside: %s",
			      path, reason, strerror(errno));
	else
		r53_error_set(err, R53_CACHE, "cache_open",
			      "%.100s is not an r53 cache (%s); moved it to %.120s", path, reason,
			      aside);
}
fail:
	free_handle(c);
	return err && err->code ? err->code : R53_CACHE;
}
