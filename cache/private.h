/* Internal to cache/: the connection, its prepared statements and the serialized forms.
 * Not part of the public API. */
#ifndef R53_CACHE_PRIVATE_H
#define R53_CACHE_PRIVATE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"
#include "models/models.h"

/* Every statement the cache runs more than once, prepared once in cache_open(). A record set
 * row is found by its whole key, ?1..?6 (RR_KEY). */
#define RR_KEY " WHERE ns=?1 AND zone_id=?2 AND sort_key=?3 AND type=?4 AND set_id=?5 AND name=?6"
/* clang-format off */
#define CACHE_STMT_INFO(_) \
	_(BEGIN, "BEGIN IMMEDIATE") \
	_(COMMIT, "COMMIT") \
	_(ROLLBACK, "ROLLBACK") \
	_(SYNC_FULL, "PRAGMA synchronous=FULL") \
	_(SYNC_NORMAL, "PRAGMA synchronous=NORMAL") \
	_(NS_TIMES, "SELECT zones_synced_at, domains_synced_at, health_synced_at, zones_gen" \
		" FROM namespaces WHERE id=?1") \
	_(NS_SET_ZONES, "UPDATE namespaces SET zones_synced_at=?2, zones_gen=?3 WHERE id=?1") \
	_(NS_SET_DOMAINS, "UPDATE namespaces SET domains_synced_at=?2 WHERE id=?1") \
	_(NS_SET_HEALTH, "UPDATE namespaces SET health_synced_at=?2 WHERE id=?1") \
	_(ZONE_LIST, "SELECT data FROM zones WHERE ns=?1 ORDER BY sort_key, id") \
	_(ZONE_PUT, "INSERT INTO zones(ns, id, name, sort_key, data, read_at, gen)" \
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(ns, id) DO UPDATE SET" \
		" name=excluded.name, sort_key=excluded.sort_key, data=excluded.data," \
		" read_at=excluded.read_at, gen=excluded.gen") \
	_(ZONE_GET_NAME, "SELECT name FROM zones WHERE ns=?1 AND id=?2") \
	_(ZONE_DEL_OLD_RR, "DELETE FROM rrsets WHERE ns=?1 AND zone_id IN" \
		" (SELECT id FROM zones WHERE ns=?1 AND gen<?2)") \
	_(ZONE_DEL_OLD_SYNC, "DELETE FROM zone_sync WHERE ns=?1 AND zone_id IN" \
		" (SELECT id FROM zones WHERE ns=?1 AND gen<?2)") \
	_(ZONE_DEL_OLD, "DELETE FROM zones WHERE ns=?1 AND gen<?2") \
	_(ZONE_DEL_RR, "DELETE FROM rrsets WHERE ns=?1 AND zone_id=?2") \
	_(ZONE_DEL_SYNC, "DELETE FROM zone_sync WHERE ns=?1 AND zone_id=?2") \
	_(ZONE_DEL, "DELETE FROM zones WHERE ns=?1 AND id=?2") \
	_(RR_LIST, "SELECT data FROM rrsets WHERE ns=?1 AND zone_id=?2" \
		" ORDER BY sort_key, type, set_id, name") \
	_(RR_GET, "SELECT data FROM rrsets" RR_KEY) \
	_(RR_COUNT, "SELECT count(*) FROM rrsets WHERE ns=?1 AND zone_id=?2") \
	_(RR_PUT, "INSERT INTO rrsets(ns, zone_id, sort_key, type, set_id, name, data, search," \
		" read_at, gen) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)" \
		" ON CONFLICT(ns, zone_id, sort_key, type, set_id, name) DO UPDATE SET" \
		" data=excluded.data, search=excluded.search, read_at=excluded.read_at," \
		" gen=excluded.gen") \
	_(RR_DEL, "DELETE FROM rrsets" RR_KEY) \
	_(RR_FIND, "SELECT data, search FROM rrsets" RR_KEY) \
	_(RR_INSERT, "INSERT INTO rrsets(ns, zone_id, sort_key, type, set_id, name, data, search," \
		" read_at, gen) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)" \
		" ON CONFLICT DO NOTHING") \
	_(RR_UPDATE, "UPDATE rrsets SET data=?7, search=?8, read_at=?9, gen=?10" RR_KEY) \
	_(RR_OLD, "SELECT sort_key, type, set_id, name FROM rrsets WHERE ns=?1 AND zone_id=?2" \
		" AND gen<?3") \
	_(SEEN_PUT, "INSERT INTO sync_seen(ns, zone_id, gen, listed) VALUES(?1, ?2, ?3, ?4)") \
	_(SEEN_LIST, "SELECT listed FROM sync_seen WHERE ns=?1 AND zone_id=?2 AND gen=?3") \
	_(SEEN_CLEAR, "DELETE FROM sync_seen WHERE ns=?1 AND zone_id=?2") \
	_(SEEN_DEL_OLD, "DELETE FROM sync_seen WHERE ns=?1 AND zone_id IN" \
		" (SELECT id FROM zones WHERE ns=?1 AND gen<?2)") \
	_(SYNC_GET, "SELECT gen, started_at, synced_at FROM zone_sync WHERE ns=?1 AND zone_id=?2") \
	_(SYNC_BEGIN, "INSERT INTO zone_sync(ns, zone_id, gen, started_at, synced_at)" \
		" VALUES(?1, ?2, 1, ?3, 0) ON CONFLICT(ns, zone_id) DO UPDATE SET" \
		" gen=gen+1, started_at=excluded.started_at") \
	_(SYNC_DONE, "UPDATE zone_sync SET synced_at=started_at WHERE ns=?1 AND zone_id=?2") \
	_(DOMAIN_LIST, "SELECT data FROM domains WHERE ns=?1 ORDER BY name") \
	_(DOMAIN_PUT, "INSERT INTO domains(ns, name, data, read_at, gen) VALUES(?1, ?2, ?3, ?4, ?5)" \
		" ON CONFLICT(ns, name) DO UPDATE SET data=excluded.data," \
		" read_at=excluded.read_at, gen=excluded.gen") \
	_(DOMAIN_DEL_OLD, "DELETE FROM domains WHERE ns=?1 AND gen<?2") \
	_(DOMAIN_GEN, "SELECT coalesce(max(gen), 0) + 1 FROM domains WHERE ns=?1") \
	_(HC_LIST, "SELECT data, status, status_read_at FROM health_checks WHERE ns=?1" \
		" ORDER BY id") \
	_(HC_PUT, "INSERT INTO health_checks(ns, id, data, status, read_at, status_read_at, gen)" \
		" VALUES(?1, ?2, ?3, ?4, ?5, CASE WHEN ?4 >= 0 THEN ?5 ELSE 0 END, ?6)" \
		" ON CONFLICT(ns, id) DO UPDATE SET data=excluded.data, read_at=excluded.read_at," \
		" gen=excluded.gen," \
		" status=CASE WHEN excluded.status >= 0 THEN excluded.status ELSE status END," \
		" status_read_at=CASE WHEN excluded.status >= 0 THEN excluded.read_at" \
		" ELSE status_read_at END") \
	_(HC_DEL_OLD, "DELETE FROM health_checks WHERE ns=?1 AND gen<?2") \
	_(HC_GEN, "SELECT coalesce(max(gen), 0) + 1 FROM health_checks WHERE ns=?1") \
	_(HC_STATUS, "UPDATE health_checks SET status=?3, status_read_at=?4 WHERE ns=?1 AND id=?2") \
	_(STAGE_PUT, "INSERT INTO staged(ns, zone_id, old_rr, new_rr, created_at)" \
		" VALUES(?1, ?2, ?3, ?4, ?5)") \
	_(STAGE_LIST, "SELECT id, zone_id, old_rr, new_rr, created_at FROM staged" \
		" WHERE ns=?1 AND (?2 IS NULL OR zone_id=?2) ORDER BY id") \
	_(STAGE_DEL_ID, "DELETE FROM staged WHERE ns=?1 AND id=?2") \
	_(STAGE_DEL_ZONE, "DELETE FROM staged WHERE ns=?1 AND zone_id=?2") \
	_(STAGE_DEL_ALL, "DELETE FROM staged WHERE ns=?1") \
	_(BATCH_PUT, "INSERT INTO batches(ns, zone_id, status, submitted_at, updated_at, profile," \
		" endpoint, batch, inverse, rollback_of)" \
		" VALUES(?1, ?2, 'SENDING', ?3, ?3, ?4, ?5, ?6, ?7, ?8)") \
	_(BATCH_UPDATE, "UPDATE batches SET change_id=coalesce(?3, change_id), status=?4," \
		" updated_at=?5 WHERE ns=?1 AND id=?2") \
	_(BATCH_LIST, "SELECT id, zone_id, change_id, status, submitted_at, batch, inverse," \
		" rollback_of FROM batches WHERE ns=?1 AND (?2 IS NULL OR zone_id=?2)" \
		" AND (?3 IS NULL OR status=?3) ORDER BY id DESC") \
	_(BATCH_LIST_ASC, "SELECT id, zone_id, change_id, status, submitted_at, batch, inverse," \
		" rollback_of FROM batches WHERE ns=?1 AND (?2 IS NULL OR zone_id=?2)" \
		" AND (?3 IS NULL OR status=?3) ORDER BY id") \
	_(BEGIN_READ, "BEGIN") \
	_(SEARCH_FIRST_ZONE, "SELECT zone_id FROM rrsets WHERE ns=?1 ORDER BY zone_id LIMIT 1") \
	_(SEARCH_NEXT_ZONE, "SELECT zone_id FROM rrsets WHERE ns=?1 AND zone_id>?2" \
		" ORDER BY zone_id LIMIT 1") \
	_(SEARCH_ZONE_KEY, "SELECT sort_key, name FROM zones WHERE ns=?1 AND id=?2") \
	_(SEARCH_IN_ZONE, "SELECT data FROM rrsets" \
		" WHERE ns=?1 AND zone_id=?2 AND r53_contains(search, ?3)" \
		" ORDER BY sort_key, type, set_id, name LIMIT ?4")
/* clang-format on */

enum cache_stmt {
#define CACHE_STMT_ENUM(id, sql) ST_##id,
	CACHE_STMT_INFO(CACHE_STMT_ENUM)
#undef CACHE_STMT_ENUM
	ST_COUNT
};

/* A growable text buffer (s NUL-terminated once anything is written); reused across rows. */
struct sbuf {
	char *s;
	size_t len, cap;
};

struct cache {
	sqlite3 *db;
	char *path;	     /* owned; ":memory:" or a file path */
	char *profile;	     /* owned */
	char *endpoint;	     /* owned */
	int64_t ns;	     /* namespaces.id */
	bool damaged;	     /* SQLite said CORRUPT/NOTADB after open: set aside on close */
	char warning[512];   /* cache_warning(); "" when none */
	bool stats;	     /* R53_CACHE_STATS=1: time open, writers, close; report on close */
	double stats_cpu_ms; /* process CPU time spent inside the writers */
	double stats_wall_ms;
	double stats_open_cpu_ms, stats_open_wall_ms; /* cache_open(), printed with the writes */
	unsigned long stats_calls;
	sqlite3_stmt *st[ST_COUNT];
	struct sbuf data, search; /* scratch for the row being written, reused */
	struct sbuf seen;	  /* the keys a sync page listed (sync_seen.listed) */
	bool group;		  /* inside cache_stage_group_begin(): journal writes wait for its end */
};

/* The application id in the file header ("r53c"): tells our caches from other SQLite files. */
#define CACHE_APPLICATION_ID 0x72353363
/* The schema this code writes; older files are migrated up to it. */
#define CACHE_SCHEMA_VERSION 4

/* Resets and clears @id and returns it, ready for binding. */
sqlite3_stmt *cache_stmt(struct cache *c, enum cache_stmt id);
/* Records SQLite's message for @where as R53_CACHE (and marks the file damaged when SQLite
 * says it is corrupt). Returns R53_CACHE. */
enum r53_code cache_db_error(struct cache *c, const char *where, struct r53_error *err);
/* Runs a statement that returns no rows (BEGIN, COMMIT...). */
enum r53_code cache_exec_stmt(struct cache *c, enum cache_stmt id, const char *where,
			      struct r53_error *err);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback never fails, for error paths). */
enum r53_code cache_begin(struct cache *c, const char *where, struct r53_error *err);
enum r53_code cache_commit(struct cache *c, const char *where, struct r53_error *err);
void cache_rollback(struct cache *c);
/* Around each public writer (data.c): with R53_CACHE_STATS=1 the process CPU time and wall
 * time spent inside are added up and cache_close() prints them on stderr, with the time
 * cache_open() and cache_close() took counted in (creating the file, the final checkpoint);
 * otherwise nothing is read (begin returns 0). */
double cache_stats_begin(struct cache *c);
void cache_stats_end(struct cache *c, double t0);
/* Unix seconds now. */
int64_t cache_now(void);
/* Appends "; "-separated text to the warning. */
void cache_warn(struct cache *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Serialized forms (serial.c): compact JSON with a fixed key order, so the same value always
 * gives the same text. Encoders return malloc'd text (caller frees) or NULL with R53_NOMEM;
 * decoders return R53_CACHE naming @where when the text is not what the encoder writes.
 */
char *serial_rrset(const struct rrset *rr, struct r53_error *err);
/* serial_rrset() appended to @b (the cache writers reuse one buffer for every row). */
enum r53_code serial_rrset_buf(const struct rrset *rr, struct sbuf *b, struct r53_error *err);
/* The direct writer alone: 0 appended, 1 not handled here (a byte outside ASCII: the caller
 * uses jansson), -1 out of memory; @b is left as it was unless 0. For tests. */
int serial_rrset_append(const struct rrset *rr, struct sbuf *b);
/* The same text through jansson (json_dumps of the object tree). For tests. */
char *serial_rrset_via_jansson(const struct rrset *rr, struct r53_error *err);
enum r53_code unserial_rrset(const char *text, struct rrset **out, const char *where,
			     struct r53_error *err);
char *serial_zone(const struct zone *z, struct r53_error *err);
enum r53_code unserial_zone(const char *text, struct zone *out, struct r53_error *err);
char *serial_batch(const struct change_batch *b, struct r53_error *err);
enum r53_code unserial_batch(const char *text, struct change_batch *out, struct r53_error *err);
char *serial_domain(const struct domain *d, struct r53_error *err);
enum r53_code unserial_domain(const char *text, struct domain *out, struct r53_error *err);
char *serial_health_check(const struct health_check *h, struct r53_error *err);
enum r53_code unserial_health_check(const char *text, struct health_check *out,
				    struct r53_error *err);

/* The lower-cased text cache_search() looks in: the name (canonical and, when different, as
 * people read it), every value and the alias target. Caller frees; NULL when out of memory. */
char *serial_search_text(const struct rrset *rr, struct r53_error *err);
/* The same, appended to @b. */
enum r53_code serial_search_text_buf(const struct rrset *rr, struct sbuf *b,
				     struct r53_error *err);
/* Route 53's listing order as a byte string: the raw labels from the right, each followed by
 * '.' ("www.example.com." -> "com.example.www."), so memcmp order is name_compare order.
 * Writes at most NAME_MAX_OCTETS + 1 bytes into @out; returns the length. */
size_t serial_sort_key(const char *name, uint8_t *out);

#endif
