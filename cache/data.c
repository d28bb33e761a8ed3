/* What the cache holds of the service: zones, record sets (with the paged sync), domains and
 * health checks, and the search across record sets. */
#include <stdlib.h>
#include <string.h>

#include "cache/private.h"

/* Makes room for one more element in *@arr (capacity *@cap). */
static bool
grow(void **arr, size_t *cap, size_t n, size_t elsize)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 16;
	if (!(p = realloc(*arr, ncap * elsize)))
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

static enum r53_code
nomem(const char *where, struct r53_error *err)
{
	return r53_error_set(err, R53_NOMEM, where, "out of memory");
}

/* The namespace's sync times and zone generation. */
static enum r53_code
ns_times(struct cache *c, int64_t times[4], const char *where, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_NS_TIMES);
	int rc;

	sqlite3_bind_int64(st, 1, c->ns);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		enum r53_code code = rc == SQLITE_DONE
					     ? r53_error_set(err, R53_CACHE, where,
							     "namespace vanished from the cache")
					     : cache_db_error(c, where, err);

		sqlite3_reset(st);
		return code;
	}
	for (int i = 0; i < 4; i++)
		times[i] = sqlite3_column_int64(st, i);
	sqlite3_reset(st);
	return R53_OK;
}

/* Steps a write statement already bound; SQLite's message on failure. */
static enum r53_code
step_done(struct cache *c, sqlite3_stmt *st, const char *where, struct r53_error *err)
{
	int rc = sqlite3_step(st);
	enum r53_code code = R53_OK;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		code = cache_db_error(c, where, err);
	sqlite3_reset(st);
	return code;
}

/* Runs a statement taking (ns, one text, one integer); @text and @num may be unused. */
static enum r53_code
run_ns(struct cache *c, enum cache_stmt id, const char *text, int64_t num, const char *where,
       struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, id);

	sqlite3_bind_int64(st, 1, c->ns);
	if (sqlite3_bind_parameter_count(st) >= 2) {
		if (text)
			sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, 2, num);
	}
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, num);
	return step_done(c, st, where, err);
}

/*
 * Zones
 */

enum r53_code
cache_list_zones(struct cache *c, struct zone **zones, size_t *n, int64_t *synced_at,
		 struct r53_error *err)
{
	int64_t times[4];
	sqlite3_stmt *st;
	struct zone *arr = NULL;
	size_t len = 0, cap = 0;
	enum r53_code code;
	int rc;

	*zones = NULL;
	*n = 0;
	if ((code = ns_times(c, times, "cache_list_zones", err)) != R53_OK)
		return code;
	if (synced_at)
		*synced_at = times[0];
	st = cache_stmt(c, ST_ZONE_LIST);
	sqlite3_bind_int64(st, 1, c->ns);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!grow((void **)&arr, &cap, len, sizeof(*arr))) {
			code = nomem("cache_list_zones", err);
			break;
		}
		code = unserial_zone((const char *)sqlite3_column_text(st, 0), &arr[len], err);
		if (code != R53_OK)
			break;
		len++;
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_list_zones", err);
	sqlite3_reset(st);
	if (code != R53_OK) {
		for (size_t i = 0; i < len; i++)
			zone_done(&arr[i]);
		free(arr);
		return code;
	}
	*zones = arr;
	*n = len;
	return R53_OK;
}

static enum r53_code
put_zone(struct cache *c, const struct zone *z, int64_t gen, int64_t now, struct r53_error *err)
{
	uint8_t key[NAME_MAX_OCTETS + 1];
	size_t keylen = 0;
	char *data;
	sqlite3_stmt *st;
	enum r53_code code;

	if (!z->id || !z->name)
		return r53_error_set(err, R53_INVALID, "zone", "a zone needs an id and a name");
	if (!(data = serial_zone(z, err)))
		return R53_NOMEM;
	keylen = serial_sort_key(z->name, key);
	st = cache_stmt(c, ST_ZONE_PUT);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, r53_bare_id(z->id), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, z->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, key, (int)keylen, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_int64(st, 7, gen);
	code = step_done(c, st, "cache_put_zones", err);
	sqlite3_clear_bindings(st);
	free(data);
	return code;
}

static enum r53_code
cache_put_zones_do(struct cache *c, const struct zone *zones, size_t n, struct r53_error *err)
{
	int64_t times[4], gen, now = cache_now();
	sqlite3_stmt *st;

	if (cache_begin(c, "cache_put_zones", err) != R53_OK)
		return R53_CACHE;
	if (ns_times(c, times, "cache_put_zones", err) != R53_OK)
		goto fail;
	gen = times[3] + 1;
	for (size_t i = 0; i < n; i++)
		if (put_zone(c, &zones[i], gen, now, err) != R53_OK)
			goto fail;
	if (run_ns(c, ST_ZONE_DEL_OLD_RR, NULL, gen, "cache_put_zones", err) != R53_OK ||
	    run_ns(c, ST_ZONE_DEL_OLD_SYNC, NULL, gen, "cache_put_zones", err) != R53_OK ||
	    run_ns(c, ST_SEEN_DEL_OLD, NULL, gen, "cache_put_zones", err) != R53_OK ||
	    run_ns(c, ST_ZONE_DEL_OLD, NULL, gen, "cache_put_zones", err) != R53_OK)
		goto fail;
	st = cache_stmt(c, ST_NS_SET_ZONES);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, gen);
	if (step_done(c, st, "cache_put_zones", err) != R53_OK)
		goto fail;
	return cache_commit(c, "cache_put_zones", err);
fail:
	cache_rollback(c);
	return err && err->code ? err->code : R53_CACHE;
}

static enum r53_code
cache_put_zone_do(struct cache *c, const struct zone *z, struct r53_error *err)
{
	int64_t times[4];

	if (cache_begin(c, "cache_put_zone", err) != R53_OK)
		return R53_CACHE;
	/* The current generation: a single zone does not make the others stale. */
	if (ns_times(c, times, "cache_put_zone", err) != R53_OK ||
	    put_zone(c, z, times[3], cache_now(), err) != R53_OK) {
		cache_rollback(c);
		return err && err->code ? err->code : R53_CACHE;
	}
	return cache_commit(c, "cache_put_zone", err);
}

static enum r53_code
cache_delete_zone_do(struct cache *c, const char *zone_id, struct r53_error *err)
{
	if (cache_begin(c, "cache_delete_zone", err) != R53_OK)
		return R53_CACHE;
	if (run_ns(c, ST_ZONE_DEL_RR, zone_id, 0, "cache_delete_zone", err) != R53_OK ||
	    run_ns(c, ST_ZONE_DEL_SYNC, zone_id, 0, "cache_delete_zone", err) != R53_OK ||
	    run_ns(c, ST_SEEN_CLEAR, zone_id, 0, "cache_delete_zone", err) != R53_OK ||
	    run_ns(c, ST_ZONE_DEL, zone_id, 0, "cache_delete_zone", err) != R53_OK) {
		cache_rollback(c);
		return R53_CACHE;
	}
	return cache_commit(c, "cache_delete_zone", err);
}

/*
 * Record sets
 */

/* The zone's sync row: generation, start and last complete listing (zeros when none). */
static enum r53_code
sync_get(struct cache *c, const char *zone_id, int64_t *gen, int64_t *started, int64_t *synced,
	 const char *where, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_SYNC_GET);
	int rc;

	*gen = *started = *synced = 0;
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*gen = sqlite3_column_int64(st, 0);
		*started = sqlite3_column_int64(st, 1);
		*synced = sqlite3_column_int64(st, 2);
	} else if (rc != SQLITE_DONE) {
		enum r53_code code = cache_db_error(c, where, err);

		sqlite3_reset(st);
		return code;
	}
	sqlite3_reset(st);
	return R53_OK;
}

enum r53_code
cache_list_rrsets(struct cache *c, const char *zone_id, struct rrset_list *out,
		  int64_t *synced_at, struct r53_error *err)
{
	int64_t gen, started, synced;
	sqlite3_stmt *st;
	enum r53_code code;
	int rc;

	if ((code = sync_get(c, zone_id, &gen, &started, &synced, "cache_list_rrsets", err)))
		return code;
	if (synced_at)
		*synced_at = synced;
	st = cache_stmt(c, ST_RR_LIST);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rrset *rr;

		code = unserial_rrset((const char *)sqlite3_column_text(st, 0), &rr, "rrset", err);
		if (code != R53_OK || (code = rrset_list_take(out, rr, err)) != R53_OK)
			break;
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_list_rrsets", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return code;
}

enum r53_code
cache_zone_synced_at(struct cache *c, const char *zone_id, int64_t *synced_at,
		     struct r53_error *err)
{
	int64_t gen, started;

	return sync_get(c, zone_id, &gen, &started, synced_at, "cache_zone_synced_at", err);
}

enum r53_code
cache_count_rrsets(struct cache *c, const char *zone_id, size_t *n, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_RR_COUNT);
	enum r53_code code = R53_OK;

	*n = 0;
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(st, 0);
	else
		code = cache_db_error(c, "cache_count_rrsets", err);
	sqlite3_reset(st);
	return code;
}

/* A record set's key: its name's sort key, type, set id and name, bound as ?1..?6 (RR_KEY and
 * the first six of RR_PUT, RR_INSERT, RR_UPDATE). @key is the caller's buffer for the sort
 * key (NAME_MAX_OCTETS + 1 bytes), valid while @st is. */
static void
bind_key(struct cache *c, sqlite3_stmt *st, const char *zone_id, const char *name,
	 enum rr_type type, const char *set_id, uint8_t *key)
{
	size_t keylen = serial_sort_key(name, key);

	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, key, (int)keylen, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rr_type_name(type), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, set_id ? set_id : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, name, -1, SQLITE_STATIC);
}

enum r53_code
cache_get_rrset(struct cache *c, const char *zone_id, const char *name, enum rr_type type,
		const char *set_id, struct rrset **out, struct r53_error *err)
{
	uint8_t key[NAME_MAX_OCTETS + 1];
	sqlite3_stmt *st = cache_stmt(c, ST_RR_GET);
	enum r53_code code = R53_OK;
	int rc;

	*out = NULL;
	if (!name)
		return R53_OK;
	bind_key(c, st, zone_id, name, type, set_id, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		code = unserial_rrset((const char *)sqlite3_column_text(st, 0), out, "rrset", err);
	else if (rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_get_rrset", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return code;
}

/* Serializes @rr into the handle's scratch buffers (c->data, c->search). */
static enum r53_code
rrset_text(struct cache *c, const struct rrset *rr, const char *where, struct r53_error *err)
{
	enum r53_code code;

	if (!rr || !rr->name)
		return r53_error_set(err, R53_INVALID, where, "a record set needs a name");
	c->data.len = c->search.len = 0;
	if ((code = serial_rrset_buf(rr, &c->data, err)) != R53_OK ||
	    (code = serial_search_text_buf(rr, &c->search, err)) != R53_OK)
		return code;
	return R53_OK;
}

/* Binds the whole row, ?1..?10: the key, the scratch text, time and generation. */
static void
bind_row(struct cache *c, sqlite3_stmt *st, const char *zone_id, const struct rrset *rr,
	 uint8_t *key, int64_t gen, int64_t now)
{
	bind_key(c, st, zone_id, rr->name, rr->type, rr->set_id, key);
	sqlite3_bind_text(st, 7, c->data.s, (int)c->data.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->search.s, (int)c->search.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, now);
	sqlite3_bind_int64(st, 10, gen);
}

/* Runs row statement @id (RR_PUT, RR_INSERT, RR_UPDATE) for @rr, serialized in the scratch. */
static enum r53_code
write_row(struct cache *c, enum cache_stmt id, const char *zone_id, const struct rrset *rr,
	  int64_t gen, int64_t now, const char *where, struct r53_error *err)
{
	uint8_t key[NAME_MAX_OCTETS + 1];
	sqlite3_stmt *st = cache_stmt(c, id);
	enum r53_code code;

	bind_row(c, st, zone_id, rr, key, gen, now);
	code = step_done(c, st, where, err);
	sqlite3_clear_bindings(st);
	return code;
}

/* Upserts one rrset row with generation @gen. */
static enum r53_code
put_rrset(struct cache *c, const char *zone_id, const struct rrset *rr, int64_t gen, int64_t now,
	  const char *where, struct r53_error *err)
{
	enum r53_code code;

	if ((code = rrset_text(c, rr, where, err)) != R53_OK)
		return code;
	return write_row(c, ST_RR_PUT, zone_id, rr, gen, now, where, err);
}

/* The column equals @len bytes at @s. */
static bool
column_is(sqlite3_stmt *st, int col, const char *s, size_t len)
{
	const void *v = sqlite3_column_blob(st, col);

	return (size_t)sqlite3_column_bytes(st, col) == len && (!len || (v && !memcmp(v, s, len)));
}

/* One rrset of a sync page: a row found with the same text is left alone (*@kept set: its
 * key must be noted in sync_seen); a changed one is rewritten and a new one inserted, with
 * generation @gen. *@fresh says whether to try inserting first (the previous rrset was new: a
 * first sync) or looking up first (a resync), and is set for the next one. */
static enum r53_code
sync_rrset(struct cache *c, const char *zone_id, const struct rrset *rr, int64_t gen,
	   int64_t now, bool *fresh, bool *kept, struct r53_error *err)
{
	const char *where = "cache_sync_page";
	uint8_t key[NAME_MAX_OCTETS + 1];
	sqlite3_stmt *st;
	enum r53_code code;
	bool found = false, same = false;
	int rc;

	if ((code = rrset_text(c, rr, where, err)) != R53_OK)
		return code;
	if (*fresh) {
		if ((code = write_row(c, ST_RR_INSERT, zone_id, rr, gen, now, where, err)) !=
		    R53_OK)
			return code;
		if (sqlite3_changes(c->db))
			return R53_OK;
		*fresh = false; /* the key was taken: look it up */
	}
	st = cache_stmt(c, ST_RR_FIND);
	bind_key(c, st, zone_id, rr->name, rr->type, rr->set_id, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = true;
		same = column_is(st, 0, c->data.s, c->data.len) &&
		       column_is(st, 1, c->search.s, c->search.len);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return cache_db_error(c, where, err);
	if (same) {
		*kept = true;
		return R53_OK;
	}
	if (found)
		return write_row(c, ST_RR_UPDATE, zone_id, rr, gen, now, where, err);
	*fresh = true;
	return write_row(c, ST_RR_INSERT, zone_id, rr, gen, now, where, err);
}

static enum r53_code
del_rrset(struct cache *c, const char *zone_id, const struct rrset *rr, const char *where,
	  struct r53_error *err)
{
	uint8_t key[NAME_MAX_OCTETS + 1];
	sqlite3_stmt *st = cache_stmt(c, ST_RR_DEL);
	enum r53_code code;

	if (!rr || !rr->name)
		return r53_error_set(err, R53_INVALID, where, "a record set needs a name");
	bind_key(c, st, zone_id, rr->name, rr->type, rr->set_id, key);
	code = step_done(c, st, where, err);
	sqlite3_clear_bindings(st);
	return code;
}

/* A new generation for the zone; the keys the previous sync's pages noted go. */
static enum r53_code
cache_sync_begin_do(struct cache *c, const char *zone_id, struct r53_error *err)
{
	const char *where = "cache_sync_begin";
	sqlite3_stmt *st;

	if (cache_begin(c, where, err) != R53_OK)
		return R53_CACHE;
	if (run_ns(c, ST_SEEN_CLEAR, zone_id, 0, where, err) != R53_OK)
		goto fail;
	st = cache_stmt(c, ST_SYNC_BEGIN);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, cache_now());
	if (step_done(c, st, where, err) != R53_OK)
		goto fail;
	sqlite3_clear_bindings(st);
	return cache_commit(c, where, err);
fail:
	cache_rollback(c);
	return err && err->code ? err->code : R53_CACHE;
}

/* Appends a record set's seen key, "name NUL type NUL set_id NUL", to @b. */
static bool
seen_key(struct sbuf *b, const char *name, const char *type, const char *set_id)
{
	size_t n = strlen(name) + 1, t = strlen(type) + 1, i = strlen(set_id) + 1;
	char *p;

	if (b->len + n + t + i + 1 > b->cap) {
		size_t cap = (b->len + n + t + i + 1) * 2;

		if (!(p = realloc(b->s, cap)))
			return false;
		b->s = p;
		b->cap = cap;
	}
	p = b->s + b->len;
	memcpy(p, name, n);
	memcpy(p + n, type, t);
	memcpy(p + n + t, set_id, i);
	b->len += n + t + i;
	return true;
}

static enum r53_code
cache_sync_page_do(struct cache *c, const char *zone_id, const struct rrset_list *page,
		struct r53_error *err)
{
	int64_t gen, started, synced, now = cache_now();
	bool fresh = false;
	sqlite3_stmt *st;

	if (cache_begin(c, "cache_sync_page", err) != R53_OK)
		return R53_CACHE;
	if (sync_get(c, zone_id, &gen, &started, &synced, "cache_sync_page", err) != R53_OK)
		goto fail;
	if (!gen) {
		r53_error_set(err, R53_INVALID, "cache_sync_page",
			      "no sync of zone %.40s was begun", zone_id);
		goto fail;
	}
	c->seen.len = 0;
	for (size_t i = 0; i < page->len; i++) {
		const struct rrset *rr = page->items[i];
		bool kept = false;

		if (sync_rrset(c, zone_id, rr, gen, now, &fresh, &kept, err) != R53_OK)
			goto fail;
		if (kept && !seen_key(&c->seen, rr->name, rr_type_name(rr->type),
				      rr->set_id ? rr->set_id : "")) {
			nomem("cache_sync_page", err);
			goto fail;
		}
	}
	/* The keys of the rows the page left alone, in the page's transaction: the older rows a
	 * complete sync keeps. A row inserted or rewritten has generation @gen and is kept anyway,
	 * so a first sync notes nothing. */
	if (!c->seen.len)
		return cache_commit(c, "cache_sync_page", err);
	st = cache_stmt(c, ST_SEEN_PUT);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, gen);
	sqlite3_bind_blob(st, 4, c->seen.len ? c->seen.s : "", (int)c->seen.len, SQLITE_STATIC);
	if (step_done(c, st, "cache_sync_page", err) != R53_OK)
		goto fail;
	sqlite3_clear_bindings(st);
	return cache_commit(c, "cache_sync_page", err);
fail:
	cache_rollback(c);
	return err && err->code ? err->code : R53_CACHE;
}

/* A seen key: its bytes, with the three NULs. */
struct key {
	const char *s;
	size_t len;
};

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int d = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	return d ? d : (x->len > y->len) - (x->len < y->len);
}

/* The keys the pages of sync @gen noted: their bytes in *@buf, sorted entries in *@keys. */
static enum r53_code
seen_keys(struct cache *c, const char *zone_id, int64_t gen, struct sbuf *buf,
	  struct key **keys, size_t *n, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_SEEN_LIST);
	struct key *arr = NULL;
	size_t len = 0, cap = 0;
	enum r53_code code = R53_OK;
	int rc;

	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, gen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = sqlite3_column_blob(st, 0);
		size_t k = (size_t)sqlite3_column_bytes(st, 0);

		if (!k)
			continue;
		if (buf->len + k > buf->cap) {
			size_t ncap = (buf->len + k) * 2;
			char *q = realloc(buf->s, ncap);

			if (!q) {
				code = nomem("cache_sync_end", err);
				break;
			}
			buf->s = q;
			buf->cap = ncap;
		}
		memcpy(buf->s + buf->len, p, k);
		buf->len += k;
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_sync_end", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	/* Split into keys of three NUL-terminated strings (a damaged tail is ignored). */
	for (size_t off = 0; code == R53_OK && off < buf->len;) {
		size_t start = off;
		int nuls = 0;

		while (off < buf->len && nuls < 3)
			nuls += buf->s[off++] == '\0';
		if (nuls < 3)
			break;
		if (!grow((void **)&arr, &cap, len, sizeof(*arr))) {
			code = nomem("cache_sync_end", err);
			break;
		}
		arr[len].s = buf->s + start;
		arr[len++].len = off - start;
	}
	if (code != R53_OK) {
		free(arr);
		return code;
	}
	if (len)
		qsort(arr, len, sizeof(*arr), cmp_key);
	*keys = arr;
	*n = len;
	return R53_OK;
}

/* Removes the zone's rows older than @gen that no page of sync @gen listed. */
static enum r53_code
delete_unseen(struct cache *c, const char *zone_id, int64_t gen, struct r53_error *err)
{
	struct sbuf buf = { 0 }, gone = { 0 }, probe = { 0 };
	struct key *seen = NULL, k;
	size_t nseen = 0;
	sqlite3_stmt *st;
	enum r53_code code;
	int rc;

	if ((code = seen_keys(c, zone_id, gen, &buf, &seen, &nseen, err)) != R53_OK)
		goto out;
	/* The rows to remove, as seen keys, collected first: not deleted under the scan. */
	st = cache_stmt(c, ST_RR_OLD);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, gen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 1),
			   *set_id = (const char *)sqlite3_column_text(st, 2),
			   *name = (const char *)sqlite3_column_text(st, 3);

		probe.len = 0;
		if (!seen_key(&probe, name ? name : "", type ? type : "", set_id ? set_id : "")) {
			code = nomem("cache_sync_end", err);
			break;
		}
		k.s = probe.s;
		k.len = probe.len;
		if (nseen && bsearch(&k, seen, nseen, sizeof(*seen), cmp_key))
			continue;
		if (!seen_key(&gone, name ? name : "", type ? type : "", set_id ? set_id : "")) {
			code = nomem("cache_sync_end", err);
			break;
		}
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_sync_end", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (size_t off = 0; code == R53_OK && off < gone.len;) {
		const char *name = gone.s + off, *type = name + strlen(name) + 1,
			   *set_id = type + strlen(type) + 1;
		uint8_t key[NAME_MAX_OCTETS + 1];

		off = (size_t)(set_id - gone.s) + strlen(set_id) + 1;
		st = cache_stmt(c, ST_RR_DEL);
		bind_key(c, st, zone_id, name, rr_type_parse(type), set_id, key);
		/* The type as stored, should rr_type_parse() not know it. */
		sqlite3_bind_text(st, 4, type, -1, SQLITE_STATIC);
		code = step_done(c, st, "cache_sync_end", err);
	}
out:
	free(seen);
	free(buf.s);
	free(gone.s);
	free(probe.s);
	return code;
}

static enum r53_code
cache_sync_end_do(struct cache *c, const char *zone_id, bool complete, struct r53_error *err)
{
	int64_t gen, started, synced;

	/* An incomplete sync keeps every row: the next complete one sorts them out. */
	if (!complete)
		return R53_OK;
	if (cache_begin(c, "cache_sync_end", err) != R53_OK)
		return R53_CACHE;
	if (sync_get(c, zone_id, &gen, &started, &synced, "cache_sync_end", err) != R53_OK)
		goto fail;
	if (!gen) {
		r53_error_set(err, R53_INVALID, "cache_sync_end",
			      "no sync of zone %.40s was begun", zone_id);
		goto fail;
	}
	if (delete_unseen(c, zone_id, gen, err) != R53_OK ||
	    run_ns(c, ST_SEEN_CLEAR, zone_id, 0, "cache_sync_end", err) != R53_OK ||
	    run_ns(c, ST_SYNC_DONE, zone_id, 0, "cache_sync_end", err) != R53_OK)
		goto fail;
	return cache_commit(c, "cache_sync_end", err);
fail:
	cache_rollback(c);
	return err && err->code ? err->code : R53_CACHE;
}

static enum r53_code
cache_apply_changes_do(struct cache *c, const char *zone_id, const struct change_batch *b,
		    struct r53_error *err)
{
	int64_t gen, started, synced, now = cache_now();

	if (cache_begin(c, "cache_apply_changes", err) != R53_OK)
		return R53_CACHE;
	if (sync_get(c, zone_id, &gen, &started, &synced, "cache_apply_changes", err) != R53_OK)
		goto fail;
	for (size_t i = 0; i < b->len; i++) {
		const struct change *ch = &b->changes[i];
		enum r53_code code = ch->action == CHANGE_DELETE
					     ? del_rrset(c, zone_id, ch->rr, "cache_apply_changes", err)
					     : put_rrset(c, zone_id, ch->rr, gen, now,
							 "cache_apply_changes", err);

		if (code != R53_OK)
			goto fail;
	}
	return cache_commit(c, "cache_apply_changes", err);
fail:
	cache_rollback(c);
	return err && err->code ? err->code : R53_CACHE;
}

/*
 * Search
 */

void
search_hits_free(struct search_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(hits[i].zone_id);
		free(hits[i].zone_name);
		rrset_free(&hits[i].rr);
	}
	free(hits);
}

/* A zone holding cached record sets, in the order search hits come in. */
struct search_zone {
	char *id;	/* owned */
	char *name;	/* owned; "" when the zones table has no row for it */
	uint8_t *key;	/* owned; the zone's sort key, NULL when it has no row */
	size_t keylen;
};

static void
search_zones_free(struct search_zone *zs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(zs[i].id);
		free(zs[i].name);
		free(zs[i].key);
	}
	free(zs);
}

/* The order a LEFT JOIN on zones with ORDER BY z.sort_key, r.zone_id gives: zones without a
 * row (NULL sort key) first, then by sort key, then by id (BINARY: bytes, shorter first). */
static int
cmp_search_zone(const void *a, const void *b)
{
	const struct search_zone *x = a, *y = b;
	size_t n;
	int d;

	if (!x->key != !y->key)
		return x->key ? 1 : -1;
	if (x->key) {
		n = x->keylen < y->keylen ? x->keylen : y->keylen;
		if ((d = n ? memcmp(x->key, y->key, n) : 0) != 0)
			return d;
		if (x->keylen != y->keylen)
			return x->keylen < y->keylen ? -1 : 1;
	}
	return strcmp(x->id, y->id);
}

/* Fills @z for zone @id: its name and sort key from the zones table, if it has a row. */
static enum r53_code
search_zone_get(struct cache *c, const char *id, struct search_zone *z, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_SEARCH_ZONE_KEY);
	const char *name = NULL;
	enum r53_code code = R53_OK;
	int rc;

	memset(z, 0, sizeof(*z));
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		z->keylen = (size_t)sqlite3_column_bytes(st, 0);
		/* one byte more, so an empty key is still a non-NULL pointer */
		if ((z->key = malloc(z->keylen + 1)) && z->keylen)
			memcpy(z->key, sqlite3_column_blob(st, 0), z->keylen);
		name = (const char *)sqlite3_column_text(st, 1);
		if (!z->key)
			code = nomem("cache_search", err);
	} else if (rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_search", err);
	if (code == R53_OK &&
	    (!(z->id = strdup(id)) || !(z->name = strdup(name ? name : ""))))
		code = nomem("cache_search", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return code;
}

/* The zones holding record sets, in hit order: their ids found by one seek each in the
 * record sets' key (the B-tree is keyed by namespace, then zone), not by reading every row. */
static enum r53_code
search_zones(struct cache *c, struct search_zone **out, size_t *n, struct r53_error *err)
{
	struct search_zone *arr = NULL;
	size_t len = 0, cap = 0;
	char *prev = NULL;
	enum r53_code code = R53_OK;

	for (;;) {
		sqlite3_stmt *st = cache_stmt(c, prev ? ST_SEARCH_NEXT_ZONE : ST_SEARCH_FIRST_ZONE);
		int rc;

		sqlite3_bind_int64(st, 1, c->ns);
		if (prev)
			sqlite3_bind_text(st, 2, prev, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			char *id = strdup((const char *)sqlite3_column_text(st, 0));

			free(prev);
			prev = id;
			if (!id)
				code = nomem("cache_search", err);
		} else if (rc != SQLITE_DONE)
			code = cache_db_error(c, "cache_search", err);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (code != R53_OK || rc == SQLITE_DONE)
			break;
		if (!grow((void **)&arr, &cap, len, sizeof(*arr))) {
			code = nomem("cache_search", err);
			break;
		}
		code = search_zone_get(c, prev, &arr[len], err);
		len++;
		if (code != R53_OK)
			break;
	}
	free(prev);
	if (code != R53_OK) {
		search_zones_free(arr, len);
		return code;
	}
	if (len > 1)
		qsort(arr, len, sizeof(*arr), cmp_search_zone);
	*out = arr;
	*n = len;
	return R53_OK;
}

/* Appends the hits of zone @z to *@arr (length *@len, capacity *@cap), at most @limit of
 * them (0: all), in Route 53 order: the zone's range of the key, no sort. */
static enum r53_code
search_in_zone(struct cache *c, const struct search_zone *z, const char *needle, size_t limit,
	       struct search_hit **arr, size_t *len, size_t *cap, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_SEARCH_IN_ZONE);
	enum r53_code code = R53_OK;
	int rc;

	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, z->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, needle, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, limit ? (int64_t)limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct search_hit *h;

		if (!grow((void **)arr, cap, *len, sizeof(**arr))) {
			code = nomem("cache_search", err);
			break;
		}
		h = &(*arr)[*len];
		memset(h, 0, sizeof(*h));
		(*len)++;
		if (!(h->zone_id = strdup(z->id)) || !(h->zone_name = strdup(z->name))) {
			code = nomem("cache_search", err);
			break;
		}
		code = unserial_rrset((const char *)sqlite3_column_text(st, 0), &h->rr, "rrset", err);
		if (code != R53_OK)
			break;
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_search", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return code;
}

/* Zone by zone in hit order rather than one query ordered by the zone's sort key: that query
 * sorted every hit (rows and all) in a temporary B-tree before returning the first, and read
 * every record set even for the first 200 hits. All of it in one read transaction, so the
 * zones read are one snapshot. */
enum r53_code
cache_search_limit(struct cache *c, const char *text, const char *zone_id, size_t limit,
		   struct search_hit **hits, size_t *n, struct r53_error *err)
{
	struct search_hit *arr = NULL;
	struct search_zone *zs = NULL, one;
	size_t len = 0, cap = 0, nz = 0, tlen = strlen(text ? text : "");
	char *needle = malloc(tlen + 1);
	enum r53_code code;
	bool txn;

	*hits = NULL;
	*n = 0;
	if (!needle)
		return nomem("cache_search", err);
	if (!text)
		text = "";
	for (size_t i = 0; i <= tlen; i++)
		needle[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
	txn = sqlite3_get_autocommit(c->db);
	if (txn && (code = cache_exec_stmt(c, ST_BEGIN_READ, "cache_search", err)) != R53_OK) {
		free(needle);
		return code;
	}
	if (zone_id) {
		code = search_zone_get(c, zone_id, &one, err);
		if (code == R53_OK)
			code = search_in_zone(c, &one, needle, limit, &arr, &len, &cap, err);
		free(one.id);
		free(one.name);
		free(one.key);
	} else if ((code = search_zones(c, &zs, &nz, err)) == R53_OK) {
		for (size_t i = 0; i < nz && code == R53_OK && (!limit || len < limit); i++)
			code = search_in_zone(c, &zs[i], needle, limit ? limit - len : 0, &arr, &len,
					      &cap, err);
		search_zones_free(zs, nz);
	}
	if (txn) {
		if (code == R53_OK)
			code = cache_exec_stmt(c, ST_COMMIT, "cache_search", err);
		cache_rollback(c);
	}
	free(needle);
	if (code != R53_OK) {
		search_hits_free(arr, len);
		return code;
	}
	*hits = arr;
	*n = len;
	return R53_OK;
}

enum r53_code
cache_search(struct cache *c, const char *text, const char *zone_id, struct search_hit **hits,
	     size_t *n, struct r53_error *err)
{
	return cache_search_limit(c, text, zone_id, 0, hits, n, err);
}

bool
cache_search_indexed(const struct cache *c)
{
	(void)c;
	return false; /* schema 2 dropped the trigram index: every search scans */
}

/*
 * Domains and health checks
 */

static enum r53_code
next_gen(struct cache *c, enum cache_stmt id, int64_t *gen, const char *where,
	 struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, id);
	enum r53_code code = R53_OK;

	sqlite3_bind_int64(st, 1, c->ns);
	if (sqlite3_step(st) == SQLITE_ROW)
		*gen = sqlite3_column_int64(st, 0);
	else
		code = cache_db_error(c, where, err);
	sqlite3_reset(st);
	return code;
}

static enum r53_code
set_time(struct cache *c, enum cache_stmt id, int64_t now, const char *where,
	 struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, id);

	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_int64(st, 2, now);
	return step_done(c, st, where, err);
}

static enum r53_code
cache_put_domains_do(struct cache *c, const struct domain *domains, size_t n, struct r53_error *err)
{
	int64_t gen, now = cache_now();
	const char *where = "cache_put_domains";

	if (cache_begin(c, where, err) != R53_OK)
		return R53_CACHE;
	if (next_gen(c, ST_DOMAIN_GEN, &gen, where, err) != R53_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		char *data;
		sqlite3_stmt *st;
		enum r53_code code;

		if (!domains[i].name) {
			r53_error_set(err, R53_INVALID, where, "a domain needs a name");
			goto fail;
		}
		if (!(data = serial_domain(&domains[i], err)))
			goto fail;
		st = cache_stmt(c, ST_DOMAIN_PUT);
		sqlite3_bind_int64(st, 1, c->ns);
		sqlite3_bind_text(st, 2, domains[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, data, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, now);
		sqlite3_bind_int64(st, 5, gen);
		code = step_done(c, st, where, err);
		sqlite3_clear_bindings(st);
		free(data);
		if (code != R53_OK)
			goto fail;
	}
	if (run_ns(c, ST_DOMAIN_DEL_OLD, NULL, gen, where, err) != R53_OK ||
	    set_time(c, ST_NS_SET_DOMAINS, now, where, err) != R53_OK)
		goto fail;
	return cache_commit(c, where, err);
fail:
	cache_rollback(c);
	return err && err->code ? err->code : R53_CACHE;
}

enum r53_code
cache_list_domains(struct cache *c, struct domain **domains, size_t *n, int64_t *synced_at,
		   struct r53_error *err)
{
	int64_t times[4];
	sqlite3_stmt *st;
	struct domain *arr = NULL;
	size_t len = 0, cap = 0;
	enum r53_code code;
	int rc;

	*domains = NULL;
	*n = 0;
	if ((code = ns_times(c, times, "cache_list_domains", err)) != R53_OK)
		return code;
	if (synced_at)
		*synced_at = times[1];
	st = cache_stmt(c, ST_DOMAIN_LIST);
	sqlite3_bind_int64(st, 1, c->ns);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!grow((void **)&arr, &cap, len, sizeof(*arr))) {
			code = nomem("cache_list_domains", err);
			break;
		}
		code = unserial_domain((const char *)sqlite3_column_text(st, 0), &arr[len], err);
		if (code != R53_OK)
			break;
		len++;
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_list_domains", err);
	sqlite3_reset(st);
	if (code != R53_OK) {
		for (size_t i = 0; i < len; i++)
			domain_done(&arr[i]);
		free(arr);
		return code;
	}
	*domains = arr;
	*n = len;
	return R53_OK;
}

static enum r53_code
cache_put_health_checks_do(struct cache *c, const struct health_check *checks, size_t n,
			struct r53_error *err)
{
	int64_t gen, now = cache_now();
	const char *where = "cache_put_health_checks";

	if (cache_begin(c, where, err) != R53_OK)
		return R53_CACHE;
	if (next_gen(c, ST_HC_GEN, &gen, where, err) != R53_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		char *data;
		sqlite3_stmt *st;
		enum r53_code code;

		if (!checks[i].id) {
			r53_error_set(err, R53_INVALID, where, "a health check needs an id");
			goto fail;
		}
		if (!(data = serial_health_check(&checks[i], err)))
			goto fail;
		st = cache_stmt(c, ST_HC_PUT);
		sqlite3_bind_int64(st, 1, c->ns);
		sqlite3_bind_text(st, 2, checks[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, data, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, checks[i].status);
		sqlite3_bind_int64(st, 5, now);
		sqlite3_bind_int64(st, 6, gen);
		code = step_done(c, st, where, err);
		sqlite3_clear_bindings(st);
		free(data);
		if (code != R53_OK)
			goto fail;
	}
	if (run_ns(c, ST_HC_DEL_OLD, NULL, gen, where, err) != R53_OK ||
	    set_time(c, ST_NS_SET_HEALTH, now, where, err) != R53_OK)
		goto fail;
	return cache_commit(c, where, err);
fail:
	cache_rollback(c);
	return err && err->code ? err->code : R53_CACHE;
}

static enum r53_code
cache_put_health_status_do(struct cache *c, const char *id, int status, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_HC_STATUS);
	enum r53_code code;

	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, status);
	sqlite3_bind_int64(st, 4, cache_now());
	code = step_done(c, st, "cache_put_health_status", err);
	sqlite3_clear_bindings(st);
	return code;
}

enum r53_code
cache_list_health_checks(struct cache *c, struct health_check **checks, size_t *n,
			 int64_t *synced_at, struct r53_error *err)
{
	int64_t times[4];
	sqlite3_stmt *st;
	struct health_check *arr = NULL;
	size_t len = 0, cap = 0;
	enum r53_code code;
	int rc;

	*checks = NULL;
	*n = 0;
	if ((code = ns_times(c, times, "cache_list_health_checks", err)) != R53_OK)
		return code;
	if (synced_at)
		*synced_at = times[2];
	st = cache_stmt(c, ST_HC_LIST);
	sqlite3_bind_int64(st, 1, c->ns);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!grow((void **)&arr, &cap, len, sizeof(*arr))) {
			code = nomem("cache_list_health_checks", err);
			break;
		}
		code = unserial_health_check((const char *)sqlite3_column_text(st, 0), &arr[len],
					     err);
		if (code != R53_OK)
			break;
		arr[len].status = sqlite3_column_int(st, 1);
		len++;
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_list_health_checks", err);
	sqlite3_reset(st);
	if (code != R53_OK) {
		for (size_t i = 0; i < len; i++)
			health_check_done(&arr[i]);
		free(arr);
		return code;
	}
	*checks = arr;
	*n = len;
	return R53_OK;
}

/*
 * The public writers, timed when R53_CACHE_STATS is set (see cache_stats_begin())
 */

#define TIMED(call)                                    \
	do {                                           \
		double t0_ = cache_stats_begin(c);     \
		enum r53_code code_ = (call);          \
		cache_stats_end(c, t0_);               \
		return code_;                          \
	} while (0)

enum r53_code
cache_put_zones(struct cache *c, const struct zone *zones, size_t n, struct r53_error *err)
{
	TIMED(cache_put_zones_do(c, zones, n, err));
}

enum r53_code
cache_put_zone(struct cache *c, const struct zone *z, struct r53_error *err)
{
	TIMED(cache_put_zone_do(c, z, err));
}

enum r53_code
cache_delete_zone(struct cache *c, const char *zone_id, struct r53_error *err)
{
	TIMED(cache_delete_zone_do(c, zone_id, err));
}

enum r53_code
cache_sync_begin(struct cache *c, const char *zone_id, struct r53_error *err)
{
	TIMED(cache_sync_begin_do(c, zone_id, err));
}

enum r53_code
cache_sync_page(struct cache *c, const char *zone_id, const struct rrset_list *page,
		struct r53_error *err)
{
	TIMED(cache_sync_page_do(c, zone_id, page, err));
}

enum r53_code
cache_sync_end(struct cache *c, const char *zone_id, bool complete, struct r53_error *err)
{
	TIMED(cache_sync_end_do(c, zone_id, complete, err));
}

enum r53_code
cache_apply_changes(struct cache *c, const char *zone_id, const struct change_batch *b,
		    struct r53_error *err)
{
	TIMED(cache_apply_changes_do(c, zone_id, b, err));
}

enum r53_code
cache_put_domains(struct cache *c, const struct domain *domains, size_t n, struct r53_error *err)
{
	TIMED(cache_put_domains_do(c, domains, n, err));
}

enum r53_code
cache_put_health_checks(struct cache *c, const struct health_check *checks, size_t n,
			struct r53_error *err)
{
	TIMED(cache_put_health_checks_do(c, checks, n, err));
}

enum r53_code
cache_put_health_status(struct cache *c, const char *id, int status, struct r53_error *err)
{
	TIMED(cache_put_health_status_do(c, id, status, err));
}
