/* r53-local store: zones, rrsets and changes in SQLite.
 *
 * The database is the truth; one zone's rrsets are also kept in memory, sorted, because
 * ListResourceRecordSets pages through 10,000-record zones one request at a time. Every write
 * to rrsets goes through cp_rrsets_change, which updates both or neither. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "controlplane/cp.h"

struct cp_store {
	sqlite3 *db;
	pthread_mutex_t lock;
	char cached_zone[40]; /* "" when nothing is cached */
	struct rrset_list cached;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS zones(id TEXT PRIMARY KEY, name TEXT NOT NULL,"
	" caller_ref TEXT NOT NULL UNIQUE, comment TEXT, private INTEGER NOT NULL,"
	" vpc_id TEXT, vpc_region TEXT, created REAL NOT NULL);"
	"CREATE TABLE IF NOT EXISTS used_refs(ref TEXT PRIMARY KEY);"
	"CREATE TABLE IF NOT EXISTS rrsets(zone_id TEXT NOT NULL, name TEXT NOT NULL,"
	" type TEXT NOT NULL, set_id TEXT NOT NULL, data TEXT NOT NULL,"
	" PRIMARY KEY(zone_id, name, type, set_id));"
	"CREATE TABLE IF NOT EXISTS changes(id TEXT PRIMARY KEY, submitted REAL NOT NULL,"
	" comment TEXT);"
	"CREATE TABLE IF NOT EXISTS health_checks(id TEXT PRIMARY KEY, caller_ref TEXT NOT NULL,"
	" config TEXT NOT NULL, version INTEGER NOT NULL, seed_status INTEGER NOT NULL,"
	" deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS domains(name TEXT PRIMARY KEY, ns TEXT NOT NULL,"
	" auto_renew INTEGER NOT NULL, transfer_lock INTEGER NOT NULL, created REAL NOT NULL,"
	" expiry REAL NOT NULL);"
	"CREATE TABLE IF NOT EXISTS operations(id TEXT PRIMARY KEY, domain TEXT NOT NULL,"
	" type TEXT NOT NULL, submitted REAL NOT NULL);";

bool
cp_buf_add(struct cp_buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d)
			return false;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool
cp_buf_printf(struct cp_buf *b, const char *fmt, ...)
{
	char small[512], *big;
	va_list ap;
	int n;
	bool ok;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n < sizeof(small))
		return cp_buf_add(b, small, (size_t)n);
	big = malloc((size_t)n + 1);
	if (!big)
		return false;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ok = cp_buf_add(b, big, (size_t)n);
	free(big);
	return ok;
}

void
cp_buf_done(struct cp_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

double
cp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
cp_iso_time(double t, char *out, size_t outsz)
{
	time_t s = (time_t)t;
	struct tm tm;
	int ms = (int)((t - (double)s) * 1000);

	gmtime_r(&s, &tm);
	snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms < 0 ? 0 : ms);
}

static const char id_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

void
cp_random_id(char *out, size_t outsz, const char *prefix, size_t n)
{
	unsigned char rnd[64];
	size_t p = strlen(prefix);
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = -1;

	if (fd >= 0) {
		got = read(fd, rnd, sizeof(rnd));
		close(fd);
	}
	if (got != (ssize_t)sizeof(rnd)) {
		/* Only when /dev/urandom is missing: ids must still differ between calls. */
		static unsigned long ctr;
		unsigned long x = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16) ^ ++ctr;

		for (size_t i = 0; i < sizeof(rnd); i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			rnd[i] = (unsigned char)(x >> 33);
		}
	}
	if (n > sizeof(rnd))
		n = sizeof(rnd);
	if (p + n + 1 > outsz) {
		if (outsz)
			out[0] = '\0';
		return;
	}
	memcpy(out, prefix, p);
	for (size_t i = 0; i < n; i++)
		out[p + i] = id_chars[rnd[i] % 36];
	out[p + n] = '\0';
}

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void
cp_hashed_id(char *out, size_t outsz, const char *prefix, size_t n, const char *seed)
{
	uint64_t h = fnv1a(seed);
	size_t p = strlen(prefix);

	if (p + n + 1 > outsz) {
		if (outsz)
			out[0] = '\0';
		return;
	}
	memcpy(out, prefix, p);
	for (size_t i = 0; i < n; i++) {
		uint64_t z = (h += 0x9e3779b97f4a7c15ULL); /* splitmix64: every character mixed */

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		out[p + i] = id_chars[(z ^ (z >> 31)) % 36];
	}
	out[p + n] = '\0';
}

void
cp_zone_name_servers(const char *zone_id, char ns[4][64])
{
	static const char *const tld[4] = { "com", "net", "org", "co.uk" };
	uint64_t h = fnv1a(zone_id);

	for (int i = 0; i < 4; i++) {
		unsigned n = (unsigned)(h % 512) + 512u * (unsigned)i;

		h = h / 512 + 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
		snprintf(ns[i], 64, "ns-%u.awsdns-%02u.%s", n, n / 32, tld[i]);
	}
}

struct cp_store *
cp_store_open(const char *path, struct r53_error *err)
{
	struct cp_store *s = calloc(1, sizeof(*s));
	int fd;

	if (!s) {
		r53_error_set(err, R53_NOMEM, "db", "out of memory");
		return NULL;
	}
	/* Create the file 0600 before SQLite does, so the umask cannot widen it. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		r53_error_set(err, R53_IO, "db", "%s: %s", path, strerror(errno));
		free(s);
		return NULL;
	}
	fchmod(fd, 0600);
	close(fd);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		r53_error_set(err, R53_IO, "db", "%s: %s", path,
			      s->db ? sqlite3_errmsg(s->db) : "cannot open");
		sqlite3_close(s->db);
		free(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		r53_error_set(err, R53_IO, "db", "%s: %s", path, sqlite3_errmsg(s->db));
		sqlite3_close(s->db);
		free(s);
		return NULL;
	}
	/* WAL side files get the same mode as the database. */
	{
		char side[4096];

		snprintf(side, sizeof(side), "%s-wal", path);
		chmod(side, 0600);
		snprintf(side, sizeof(side), "%s-shm", path);
		chmod(side, 0600);
	}
	pthread_mutex_init(&s->lock, NULL);
	rrset_list_init(&s->cached);
	return s;
}

void
cp_store_close(struct cp_store **sp)
{
	struct cp_store *s = *sp;

	if (!s)
		return;
	rrset_list_done(&s->cached);
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->lock);
	free(s);
	*sp = NULL;
}

void
cp_store_lock(struct cp_store *s)
{
	pthread_mutex_lock(&s->lock);
}

void
cp_store_unlock(struct cp_store *s)
{
	pthread_mutex_unlock(&s->lock);
}

struct sqlite3 *
cp_store_db(struct cp_store *s)
{
	return s->db;
}

bool
cp_store_begin(struct cp_store *s)
{
	return sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
}

bool
cp_store_commit(struct cp_store *s)
{
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return true;
	cp_store_rollback(s);
	return false;
}

void
cp_store_rollback(struct cp_store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	/* The cached list may hold what was just rolled back. */
	rrset_list_done(&s->cached);
	rrset_list_init(&s->cached);
	s->cached_zone[0] = '\0';
}

static void
copy_col(sqlite3_stmt *st, int col, char *out, size_t outsz)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(out, outsz, "%s", t ? (const char *)t : "");
}

static long
zone_count(struct cp_store *s, const char *id)
{
	sqlite3_stmt *st;
	long n = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT COUNT(*) FROM rrsets WHERE zone_id=?", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
zone_from_row(struct cp_store *s, sqlite3_stmt *st, struct cp_zone *z)
{
	memset(z, 0, sizeof(*z));
	copy_col(st, 0, z->id, sizeof(z->id));
	copy_col(st, 1, z->name, sizeof(z->name));
	copy_col(st, 2, z->caller_ref, sizeof(z->caller_ref));
	z->has_comment = sqlite3_column_type(st, 3) != SQLITE_NULL;
	copy_col(st, 3, z->comment, sizeof(z->comment));
	z->private_zone = sqlite3_column_int(st, 4) != 0;
	copy_col(st, 5, z->vpc_id, sizeof(z->vpc_id));
	copy_col(st, 6, z->vpc_region, sizeof(z->vpc_region));
	z->count = zone_count(s, z->id);
}

#define ZONE_COLS "id, name, caller_ref, comment, private, vpc_id, vpc_region"

enum r53_code
cp_zone_get(struct cp_store *s, const char *id, struct cp_zone *z)
{
	sqlite3_stmt *st;
	enum r53_code rc = R53_NOTFOUND;

	if (sqlite3_prepare_v2(s->db, "SELECT " ZONE_COLS " FROM zones WHERE id=?", -1, &st,
			       NULL) != SQLITE_OK)
		return R53_CACHE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		zone_from_row(s, st, z);
		rc = R53_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static int
cmp_zone_name(const void *a, const void *b)
{
	const struct cp_zone *x = a, *y = b;
	int c = name_compare(x->name, y->name);

	return c ? c : strcmp(x->id, y->id);
}

enum r53_code
cp_zone_list(struct cp_store *s, bool by_name, struct cp_zone **out, size_t *n)
{
	sqlite3_stmt *st;
	struct cp_zone *v = NULL;
	size_t len = 0, cap = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT " ZONE_COLS " FROM zones ORDER BY id", -1, &st,
			       NULL) != SQLITE_OK)
		return R53_CACHE;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (len == cap) {
			struct cp_zone *nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				sqlite3_finalize(st);
				return R53_NOMEM;
			}
			v = nv;
		}
		zone_from_row(s, st, &v[len++]);
	}
	sqlite3_finalize(st);
	if (by_name && len > 1)
		qsort(v, len, sizeof(*v), cmp_zone_name);
	*out = v;
	*n = len;
	return R53_OK;
}

/* Inserts or replaces one rrset row. */
static bool
rrset_put(struct cp_store *s, const char *zone_id, const struct rrset *rr)
{
	sqlite3_stmt *st;
	json_t *j = cp_rrset_to_json(rr);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	bool ok = false;

	json_decref(j);
	if (!text)
		return false;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT OR REPLACE INTO rrsets(zone_id, name, type, set_id, data) "
			       "VALUES(?,?,?,?,?)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, zone_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, rr->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, rr_type_name(rr->type), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, rr->set_id ? rr->set_id : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	free(text);
	return ok;
}

static bool
rrset_del(struct cp_store *s, const char *zone_id, const struct rrset *rr)
{
	sqlite3_stmt *st;
	bool ok = false;

	if (sqlite3_prepare_v2(s->db,
			       "DELETE FROM rrsets WHERE zone_id=? AND name=? AND type=? AND set_id=?",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, zone_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rr->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rr_type_name(rr->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rr->set_id ? rr->set_id : "", -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

static bool
exec_text(struct cp_store *s, const char *sql, const char *a, const char *b)
{
	sqlite3_stmt *st;
	bool ok;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return false;
	if (a)
		sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

enum r53_code
cp_zone_create(struct cp_store *s, struct cp_zone *z, const char *id_seed, struct r53_error *err)
{
	sqlite3_stmt *st;
	char ns[4][64], soa[400], nsv[300];
	struct rrset *rr;
	bool ok = true;

	if (id_seed)
		cp_hashed_id(z->id, sizeof(z->id), "Z", 20, id_seed);
	else
		cp_random_id(z->id, sizeof(z->id), "Z", 20);
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM used_refs WHERE ref=?", -1, &st, NULL) !=
	    SQLITE_OK)
		return r53_error_set(err, R53_CACHE, "db", "%s", sqlite3_errmsg(s->db));
	sqlite3_bind_text(st, 1, z->caller_ref, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_finalize(st);
		return r53_error_set(err, R53_CONFLICT, "CallerReference",
				     "A hosted zone has already been created with the specified "
				     "caller reference.");
	}
	sqlite3_finalize(st);
	/* Route 53: one private zone of a name per VPC */
	if (z->private_zone) {
		if (sqlite3_prepare_v2(s->db,
				       "SELECT id FROM zones WHERE name=? AND private=1 AND vpc_id=? "
				       "AND vpc_region=?",
				       -1, &st, NULL) != SQLITE_OK)
			return r53_error_set(err, R53_CACHE, "db", "%s", sqlite3_errmsg(s->db));
		sqlite3_bind_text(st, 1, z->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, z->vpc_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, z->vpc_region, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			sqlite3_finalize(st);
			return r53_error_set(err, R53_CONFLICT, "ConflictingDomainExists",
					     "A hosted zone named %s is already associated with the "
					     "VPC %s in %s.",
					     z->name, z->vpc_id, z->vpc_region);
		}
		sqlite3_finalize(st);
	}
	if (!cp_store_begin(s))
		return r53_error_set(err, R53_CACHE, "db", "%s", sqlite3_errmsg(s->db));
	ok = exec_text(s, "INSERT INTO used_refs(ref) VALUES(?)", z->caller_ref, NULL);
	if (ok && sqlite3_prepare_v2(s->db,
				     "INSERT INTO zones(id, name, caller_ref, comment, private, "
				     "vpc_id, vpc_region, created) VALUES(?,?,?,?,?,?,?,?)",
				     -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, z->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, z->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, z->caller_ref, -1, SQLITE_STATIC);
		if (z->has_comment)
			sqlite3_bind_text(st, 4, z->comment, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, z->private_zone);
		if (z->private_zone) {
			sqlite3_bind_text(st, 6, z->vpc_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 7, z->vpc_region, -1, SQLITE_STATIC);
		}
		sqlite3_bind_double(st, 8, cp_now());
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	} else {
		ok = false;
	}
	/* Private zones get Route 53's placeholder name servers, public ones their own four. */
	if (z->private_zone) {
		snprintf(ns[0], 64, "ns-0.awsdns-00.com");
		snprintf(ns[1], 64, "ns-512.awsdns-00.net");
		snprintf(ns[2], 64, "ns-1024.awsdns-00.org");
		snprintf(ns[3], 64, "ns-1536.awsdns-00.co.uk");
	} else {
		cp_zone_name_servers(z->id, ns);
	}
	snprintf(soa, sizeof(soa), "%s. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
		 ns[0]);
	rr = rrset_new(z->name, RR_SOA, NULL);
	if (rr) {
		rr->has_ttl = true;
		rr->ttl = 900;
		ok = ok && rrset_add_value(rr, soa, NULL) == R53_OK && rrset_put(s, z->id, rr);
		rrset_free(&rr);
	} else {
		ok = false;
	}
	rr = rrset_new(z->name, RR_NS, NULL);
	if (rr) {
		rr->has_ttl = true;
		rr->ttl = 172800;
		for (int i = 0; i < 4 && ok; i++) {
			snprintf(nsv, sizeof(nsv), "%s.", ns[i]);
			ok = rrset_add_value(rr, nsv, NULL) == R53_OK;
		}
		ok = ok && rrset_put(s, z->id, rr);
		rrset_free(&rr);
	} else {
		ok = false;
	}
	if (!ok) {
		cp_store_rollback(s);
		return r53_error_set(err, R53_CACHE, "db", "cannot store the zone");
	}
	if (!cp_store_commit(s))
		return r53_error_set(err, R53_CACHE, "db", "%s", sqlite3_errmsg(s->db));
	z->count = 2;
	return R53_OK;
}

enum r53_code
cp_zone_delete(struct cp_store *s, const char *id)
{
	bool ok;

	if (!cp_store_begin(s))
		return R53_CACHE;
	ok = exec_text(s, "DELETE FROM rrsets WHERE zone_id=?", id, NULL) &&
	     exec_text(s, "DELETE FROM zones WHERE id=?", id, NULL);
	if (!ok) {
		cp_store_rollback(s);
		return R53_CACHE;
	}
	if (!strcmp(s->cached_zone, id)) {
		rrset_list_done(&s->cached);
		rrset_list_init(&s->cached);
		s->cached_zone[0] = '\0';
	}
	return cp_store_commit(s) ? R53_OK : R53_CACHE;
}

enum r53_code
cp_zone_set_comment(struct cp_store *s, const char *id, const char *comment)
{
	sqlite3_stmt *st;
	bool ok;

	if (sqlite3_prepare_v2(s->db, "UPDATE zones SET comment=? WHERE id=?", -1, &st, NULL) !=
	    SQLITE_OK)
		return R53_CACHE;
	if (comment)
		sqlite3_bind_text(st, 1, comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? R53_OK : R53_CACHE;
}

static enum r53_code
load_zone(struct cp_store *s, const char *zone_id, struct r53_error *err)
{
	sqlite3_stmt *st;
	enum r53_code rc = R53_OK;

	if (!strcmp(s->cached_zone, zone_id))
		return R53_OK;
	rrset_list_done(&s->cached);
	rrset_list_init(&s->cached);
	s->cached_zone[0] = '\0';
	if (sqlite3_prepare_v2(s->db, "SELECT data FROM rrsets WHERE zone_id=?", -1, &st, NULL) !=
	    SQLITE_OK)
		return r53_error_set(err, R53_CACHE, "db", "%s", sqlite3_errmsg(s->db));
	sqlite3_bind_text(st, 1, zone_id, -1, SQLITE_STATIC);
	while (rc == R53_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		json_t *j = text ? json_loads(text, 0, NULL) : NULL;
		struct rrset *rr = j ? cp_rrset_from_json(j) : NULL;

		json_decref(j);
		if (!rr)
			rc = r53_error_set(err, R53_CACHE, "db", "a stored record set is damaged");
		else
			rc = rrset_list_take(&s->cached, rr, err);
	}
	sqlite3_finalize(st);
	if (rc != R53_OK) {
		rrset_list_done(&s->cached);
		rrset_list_init(&s->cached);
		return rc;
	}
	rrset_list_sort(&s->cached);
	snprintf(s->cached_zone, sizeof(s->cached_zone), "%s", zone_id);
	return R53_OK;
}

enum r53_code
cp_rrsets_load(struct cp_store *s, const char *zone_id, const struct rrset_list **out,
	       struct r53_error *err)
{
	enum r53_code rc = load_zone(s, zone_id, err);

	*out = rc == R53_OK ? &s->cached : NULL;
	return rc;
}

static const struct rrset *
sorted_find(const struct rrset_list *l, const struct rrset *key)
{
	size_t lo = 0, hi = l->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = rrset_compare(l->items[mid], key);

		if (c == 0)
			return l->items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum r53_code
cp_change_record(struct cp_store *s, const char *comment, char *change_id, size_t idsz,
		 double *submitted)
{
	sqlite3_stmt *st;
	bool ok;

	cp_random_id(change_id, idsz, "C", 20);
	*submitted = cp_now();
	if (sqlite3_prepare_v2(s->db, "INSERT INTO changes(id, submitted, comment) VALUES(?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return R53_CACHE;
	sqlite3_bind_text(st, 1, change_id, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, *submitted);
	if (comment)
		sqlite3_bind_text(st, 3, comment, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? R53_OK : R53_CACHE;
}

enum r53_code
cp_change_get(struct cp_store *s, const char *id, double *submitted, char *comment, size_t csz)
{
	sqlite3_stmt *st;
	enum r53_code rc = R53_NOTFOUND;

	if (sqlite3_prepare_v2(s->db, "SELECT submitted, comment FROM changes WHERE id=?", -1, &st,
			       NULL) != SQLITE_OK)
		return R53_CACHE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*submitted = sqlite3_column_double(st, 0);
		copy_col(st, 1, comment, csz);
		rc = R53_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

enum r53_code
cp_rrsets_change(struct cp_store *s, const struct cp_zone *z, const struct change_batch *b,
		 char *change_id, size_t idsz, double *submitted, struct r53_error *err)
{
	enum r53_code rc = load_zone(s, z->id, err);
	bool ok = true;

	if (rc != R53_OK)
		return rc;
	rc = change_batch_apply(&s->cached, z->name, b, err);
	if (rc != R53_OK)
		return rc; /* the list is unchanged: nothing to undo */
	if (!cp_store_begin(s)) {
		cp_store_rollback(s);
		return r53_error_set(err, R53_CACHE, "db", "%s", sqlite3_errmsg(s->db));
	}
	for (size_t i = 0; i < b->len && ok; i++) {
		const struct rrset *now = sorted_find(&s->cached, b->changes[i].rr);

		ok = now ? rrset_put(s, z->id, now) : rrset_del(s, z->id, b->changes[i].rr);
	}
	if (ok)
		ok = cp_change_record(s, b->comment, change_id, idsz, submitted) == R53_OK;
	if (!ok || !cp_store_commit(s)) {
		cp_store_rollback(s);
		return r53_error_set(err, R53_CACHE, "db", "cannot store the change");
	}
	return R53_OK;
}

/*
 * rrset <-> JSON
 */
static void
set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

json_t *
cp_rrset_to_json(const struct rrset *rr)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set_str(o, "n", rr->name);
	set_str(o, "t", rr_type_name(rr->type));
	set_str(o, "id", rr->set_id);
	if (rr->weight >= 0)
		json_object_set_new(o, "w", json_integer(rr->weight));
	set_str(o, "r", rr->region);
	if (rr->has_geo)
		json_object_set_new(o, "geo",
				    json_pack("[sss]", rr->geo.continent, rr->geo.country,
					      rr->geo.subdivision));
	if (rr->failover != FAILOVER_NONE)
		json_object_set_new(o, "f", json_integer(rr->failover));
	if (rr->multivalue)
		json_object_set_new(o, "mv", json_true());
	set_str(o, "cc", rr->cidr_collection);
	set_str(o, "cl", rr->cidr_location);
	set_str(o, "gr", rr->geoprox_region);
	set_str(o, "gz", rr->geoprox_lzg);
	set_str(o, "la", rr->geoprox_lat);
	set_str(o, "lo", rr->geoprox_lon);
	if (rr->has_bias)
		json_object_set_new(o, "b", json_integer(rr->bias));
	if (rr->has_ttl)
		json_object_set_new(o, "ttl", json_integer(rr->ttl));
	if (rr->nvalues) {
		json_t *a = json_array();

		for (size_t i = 0; i < rr->nvalues; i++)
			json_array_append_new(a, json_string(rr->values[i]));
		json_object_set_new(o, "v", a);
	}
	if (rr->alias)
		json_object_set_new(o, "al",
				    json_pack("[ssb]", rr->alias->hosted_zone_id ?
							       rr->alias->hosted_zone_id : "",
					      rr->alias->dns_name ? rr->alias->dns_name : "",
					      rr->alias->evaluate_target_health));
	set_str(o, "hc", rr->health_check_id);
	set_str(o, "tp", rr->traffic_policy_instance_id);
	return o;
}

static bool
get_str(const json_t *o, const char *k, char **field)
{
	const json_t *v = json_object_get(o, k);

	if (!v)
		return true;
	return json_is_string(v) && rrset_set_str(field, json_string_value(v), NULL) == R53_OK;
}

struct rrset *
cp_rrset_from_json(const json_t *o)
{
	const char *name = json_string_value(json_object_get(o, "n"));
	enum rr_type t = rr_type_parse(json_string_value(json_object_get(o, "t")) ?
					       json_string_value(json_object_get(o, "t")) : "");
	struct rrset *rr;
	const json_t *v;
	bool ok;

	if (!name || t == RR_NONE)
		return NULL;
	rr = rrset_new(name, t, NULL);
	if (!rr)
		return NULL;
	ok = get_str(o, "id", &rr->set_id) && get_str(o, "r", &rr->region) &&
	     get_str(o, "cc", &rr->cidr_collection) && get_str(o, "cl", &rr->cidr_location) &&
	     get_str(o, "gr", &rr->geoprox_region) && get_str(o, "gz", &rr->geoprox_lzg) &&
	     get_str(o, "la", &rr->geoprox_lat) && get_str(o, "lo", &rr->geoprox_lon) &&
	     get_str(o, "hc", &rr->health_check_id) &&
	     get_str(o, "tp", &rr->traffic_policy_instance_id);
	if ((v = json_object_get(o, "w")))
		rr->weight = (int)json_integer_value(v);
	if ((v = json_object_get(o, "geo")) && json_array_size(v) == 3) {
		rr->has_geo = true;
		snprintf(rr->geo.continent, sizeof(rr->geo.continent), "%s",
			 json_string_value(json_array_get(v, 0)) ?
				 json_string_value(json_array_get(v, 0)) : "");
		snprintf(rr->geo.country, sizeof(rr->geo.country), "%s",
			 json_string_value(json_array_get(v, 1)) ?
				 json_string_value(json_array_get(v, 1)) : "");
		snprintf(rr->geo.subdivision, sizeof(rr->geo.subdivision), "%s",
			 json_string_value(json_array_get(v, 2)) ?
				 json_string_value(json_array_get(v, 2)) : "");
	}
	if ((v = json_object_get(o, "f")))
		rr->failover = (enum failover_role)json_integer_value(v);
	rr->multivalue = json_is_true(json_object_get(o, "mv"));
	if ((v = json_object_get(o, "b"))) {
		rr->has_bias = true;
		rr->bias = (int)json_integer_value(v);
	}
	if ((v = json_object_get(o, "ttl"))) {
		rr->has_ttl = true;
		rr->ttl = json_integer_value(v);
	}
	if ((v = json_object_get(o, "v"))) {
		for (size_t i = 0; i < json_array_size(v) && ok; i++) {
			const char *s = json_string_value(json_array_get(v, i));

			ok = s && rrset_add_value(rr, s, NULL) == R53_OK;
		}
	}
	if ((v = json_object_get(o, "al")) && json_array_size(v) == 3) {
		const char *zid = json_string_value(json_array_get(v, 0));
		const char *dns = json_string_value(json_array_get(v, 1));

		ok = ok && zid && dns &&
		     rrset_set_alias(rr, zid, dns, json_is_true(json_array_get(v, 2)), NULL) ==
			     R53_OK;
	}
	if (!ok)
		rrset_free(&rr);
	return rr;
}
