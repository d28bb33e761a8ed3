/* sqlite-floor: what SQLite alone costs to write what a sync of bulk.example.test writes, in
 * the cache's settings (WAL, synchronous=NORMAL, a fresh file, pages of 300 in one transaction
 * each, the file closed at the end: its WAL checkpointed), with nothing of r53 around it.
 * A figure for bench/cache.sh, not an assertion: the lower bound any layout of the cache's
 * rows could reach on this machine.
 *
 *   sqlite-floor DIR [RUNS]
 *
 * Layouts: "per record set" is one row per record set holding only its key (the sort key)
 * and its serialized form, no search text, no zone id, no second copy of the name (~120 bytes,
 * about half of what the cache stores); "per page" is one row per page of 300, the same bytes
 * concatenated (34 rows). Rows are serialized before the clock starts. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define N 10000
#define PAGE 300

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static char keys[N][40], rows[N][128];

/* One run of layout @per_page into a fresh @path: CPU ms from open to close. */
static double
run(const char *path, int per_page)
{
	char wal[1100], shm[1100];
	static char buf[PAGE * 128];
	sqlite3 *db;
	sqlite3_stmt *st;
	double t0;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	t0 = cpu_ms();
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
			     " PRAGMA cache_size=-16384; PRAGMA mmap_size=0;"
			     " CREATE TABLE r(k BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO r(k, data) VALUES(?1, ?2)", -1, &st, NULL) !=
		    SQLITE_OK) {
		fprintf(stderr, "sqlite-floor: %s: %s\n", path, sqlite3_errmsg(db));
		exit(1);
	}
	for (int i = 0; i < N; i += PAGE) {
		int end = i + PAGE < N ? i + PAGE : N;
		size_t len = 0;

		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		for (int j = i; j < end; j++) {
			size_t n = strlen(rows[j]);

			if (per_page) {
				memcpy(buf + len, rows[j], n);
				len += n;
				continue;
			}
			sqlite3_bind_blob(st, 1, keys[j], (int)strlen(keys[j]), SQLITE_STATIC);
			sqlite3_bind_blob(st, 2, rows[j], (int)n, SQLITE_STATIC);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		if (per_page) {
			sqlite3_bind_blob(st, 1, keys[i], (int)strlen(keys[i]), SQLITE_STATIC);
			sqlite3_bind_blob(st, 2, buf, (int)len, SQLITE_STATIC);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return cpu_ms() - t0;
}

int
main(int argc, char **argv)
{
	char path[1024];
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	double t[2][64];

	if (argc < 2) {
		fprintf(stderr, "usage: sqlite-floor DIR [RUNS]\n");
		return 2;
	}
	if (runs < 1 || runs > 64)
		runs = 5;
	snprintf(path, sizeof(path), "%s/floor.db", argv[1]);
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "test.example.bulk.host-%05d.", i);
		snprintf(rows[i], sizeof(rows[i]),
			 "{\"name\":\"host-%05d.bulk.example.test.\",\"type\":\"A\",\"ttl\":300,"
			 "\"values\":[\"10.0.%d.%d\"]}",
			 i, i / 256, i % 256);
	}
	for (int r = 0; r < runs; r++)
		for (int l = 0; l < 2; l++)
			t[l][r] = run(path, l);
	for (int l = 0; l < 2; l++) {
		qsort(t[l], (size_t)runs, sizeof(double), cmp_double);
		printf("floor: SQLite alone, %d record sets, one row per %-10s CPU median %5.1f ms, "
		       "min %5.1f ms (%d runs)\n",
		       N, l ? "page" : "record set", t[l][runs / 2], t[l][0], runs);
	}
	unlink(path);
	return 0;
}
