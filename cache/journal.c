/* The journals: staged edits and applied batches. Their writes are synced to disk
 * (synchronous=FULL) before the function returns, so whatever the screen says next ("staged",
 * "sending") survives a crash or a dropped SSH session. */
#include <stdlib.h>
#include <string.h>

#include "cache/private.h"

/* Runs @st (bound) with synchronous=FULL, so the commit reaches the disk before we return;
 * inside a group, the group's end commits it (the group set FULL already). */
static enum r53_code
durable_step(struct cache *c, sqlite3_stmt *st, int64_t *rowid, const char *where,
	     struct r53_error *err)
{
	enum r53_code code = R53_OK;

	if (!c->group && cache_exec_stmt(c, ST_SYNC_FULL, where, err) != R53_OK)
		return R53_CACHE;
	if (sqlite3_step(st) != SQLITE_DONE)
		code = cache_db_error(c, where, err);
	else if (rowid)
		*rowid = sqlite3_last_insert_rowid(c->db);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!c->group)
		cache_exec_stmt(c, ST_SYNC_NORMAL, where, NULL);
	return code;
}

/*
 * Staged edits
 */

void
staged_edit_done(struct staged_edit *e)
{
	if (!e)
		return;
	free(e->zone_id);
	rrset_free(&e->old_rr);
	rrset_free(&e->new_rr);
	memset(e, 0, sizeof(*e));
}

enum r53_code
cache_stage(struct cache *c, const char *zone_id, const struct rrset *old_rr,
	    const struct rrset *new_rr, int64_t *id_out, struct r53_error *err)
{
	char *olds = NULL, *news = NULL;
	sqlite3_stmt *st;
	enum r53_code code;
	int64_t id = 0;

	if (!zone_id || (!old_rr && !new_rr))
		return r53_error_set(err, R53_INVALID, "cache_stage",
				     "an edit needs a zone and an old or a new record set");
	if ((old_rr && !(olds = serial_rrset(old_rr, err))) ||
	    (new_rr && !(news = serial_rrset(new_rr, err)))) {
		free(olds);
		return R53_NOMEM;
	}
	st = cache_stmt(c, ST_STAGE_PUT);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	if (olds)
		sqlite3_bind_text(st, 3, olds, -1, SQLITE_STATIC);
	if (news)
		sqlite3_bind_text(st, 4, news, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, cache_now());
	code = durable_step(c, st, &id, "cache_stage", err);
	free(olds);
	free(news);
	if (code == R53_OK && id_out)
		*id_out = id;
	return code;
}

/* Reads an optional serialized rrset column. */
static enum r53_code
column_rrset(sqlite3_stmt *st, int col, struct rrset **out, struct r53_error *err)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return R53_OK;
	return unserial_rrset((const char *)sqlite3_column_text(st, col), out, "staged edit", err);
}

enum r53_code
cache_list_staged(struct cache *c, const char *zone_id, struct staged_edit **edits, size_t *n,
		  struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_STAGE_LIST);
	struct staged_edit *arr = NULL;
	size_t len = 0, cap = 0;
	enum r53_code code = R53_OK;
	int rc;

	*edits = NULL;
	*n = 0;
	sqlite3_bind_int64(st, 1, c->ns);
	if (zone_id)
		sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct staged_edit *e;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct staged_edit *p = realloc(arr, ncap * sizeof(*p));

			if (!p) {
				code = r53_error_set(err, R53_NOMEM, "cache_list_staged",
						     "out of memory");
				break;
			}
			arr = p;
			cap = ncap;
		}
		e = &arr[len++];
		memset(e, 0, sizeof(*e));
		e->id = sqlite3_column_int64(st, 0);
		e->created_at = sqlite3_column_int64(st, 4);
		if (!(e->zone_id = strdup((const char *)sqlite3_column_text(st, 1)))) {
			code = r53_error_set(err, R53_NOMEM, "cache_list_staged", "out of memory");
			break;
		}
		if ((code = column_rrset(st, 2, &e->old_rr, err)) != R53_OK ||
		    (code = column_rrset(st, 3, &e->new_rr, err)) != R53_OK)
			break;
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_list_staged", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (code != R53_OK) {
		for (size_t i = 0; i < len; i++)
			staged_edit_done(&arr[i]);
		free(arr);
		return code;
	}
	*edits = arr;
	*n = len;
	return R53_OK;
}

enum r53_code
cache_staged_check(struct cache *c, const struct staged_edit *e, bool *changed,
		   struct rrset **current, struct r53_error *err)
{
	const struct rrset *key = e->old_rr ? e->old_rr : e->new_rr;
	struct rrset *now = NULL;
	enum r53_code code;

	*changed = false;
	if (current)
		*current = NULL;
	if (!key)
		return r53_error_set(err, R53_INVALID, "cache_staged_check", "empty staged edit");
	code = cache_get_rrset(c, e->zone_id, key->name, key->type, key->set_id, &now, err);
	if (code != R53_OK)
		return code;
	/* A create expects nothing there; an edit or delete expects exactly what it began from. */
	*changed = e->old_rr ? !now || !rrset_equal(now, e->old_rr) : now != NULL;
	if (current)
		*current = now;
	else
		rrset_free(&now);
	return R53_OK;
}

enum r53_code
cache_stage_group_begin(struct cache *c, struct r53_error *err)
{
	const char *where = "cache_stage_group_begin";

	if (c->group)
		return r53_error_set(err, R53_INVALID, where, "a group of staged edits is open");
	/* FULL before BEGIN: the group's COMMIT is then synced to disk like a single edit. */
	if (cache_exec_stmt(c, ST_SYNC_FULL, where, err) != R53_OK)
		return R53_CACHE;
	if (cache_begin(c, where, err) != R53_OK) {
		cache_exec_stmt(c, ST_SYNC_NORMAL, where, NULL);
		return R53_CACHE;
	}
	c->group = true;
	return R53_OK;
}

enum r53_code
cache_stage_group_end(struct cache *c, bool commit, struct r53_error *err)
{
	const char *where = "cache_stage_group_end";
	enum r53_code code = R53_OK;

	if (!c->group)
		return r53_error_set(err, R53_INVALID, where, "no group of staged edits is open");
	c->group = false;
	if (commit)
		code = cache_commit(c, where, err); /* rolls back when it fails */
	else
		cache_rollback(c);
	cache_exec_stmt(c, ST_SYNC_NORMAL, where, NULL);
	return code;
}

enum r53_code
cache_discard(struct cache *c, int64_t id, const char *zone_id, struct r53_error *err)
{
	sqlite3_stmt *st;

	if (id > 0) {
		st = cache_stmt(c, ST_STAGE_DEL_ID);
		sqlite3_bind_int64(st, 1, c->ns);
		sqlite3_bind_int64(st, 2, id);
	} else if (zone_id) {
		st = cache_stmt(c, ST_STAGE_DEL_ZONE);
		sqlite3_bind_int64(st, 1, c->ns);
		sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	} else {
		st = cache_stmt(c, ST_STAGE_DEL_ALL);
		sqlite3_bind_int64(st, 1, c->ns);
	}
	return durable_step(c, st, NULL, "cache_discard", err);
}

/*
 * Applied batches
 */

void
applied_batch_done(struct applied_batch *b)
{
	if (!b)
		return;
	free(b->zone_id);
	free(b->change_id);
	free(b->status);
	change_batch_done(&b->batch);
	change_batch_done(&b->inverse);
	memset(b, 0, sizeof(*b));
}

void
applied_batches_free(struct applied_batch *batches, size_t n)
{
	for (size_t i = 0; i < n; i++)
		applied_batch_done(&batches[i]);
	free(batches);
}

enum r53_code
cache_batch_begin(struct cache *c, const char *zone_id, const struct change_batch *batch,
		  const struct change_batch *inverse, int64_t *id_out, struct r53_error *err)
{
	return cache_batch_begin_rollback(c, zone_id, batch, inverse, 0, id_out, err);
}

enum r53_code
cache_batch_begin_rollback(struct cache *c, const char *zone_id, const struct change_batch *batch,
			   const struct change_batch *inverse, int64_t rollback_of, int64_t *id_out,
			   struct r53_error *err)
{
	char *bs, *is;
	sqlite3_stmt *st;
	enum r53_code code;
	int64_t id = 0;
	struct change_batch none;

	if (!zone_id || !batch)
		return r53_error_set(err, R53_INVALID, "cache_batch_begin",
				     "a batch needs a zone and changes");
	change_batch_init(&none);
	if (!(bs = serial_batch(batch, err)))
		return R53_NOMEM;
	if (!(is = serial_batch(inverse ? inverse : &none, err))) {
		free(bs);
		return R53_NOMEM;
	}
	st = cache_stmt(c, ST_BATCH_PUT);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, cache_now());
	sqlite3_bind_text(st, 4, c->profile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, bs, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, is, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, rollback_of > 0 ? rollback_of : 0);
	code = durable_step(c, st, &id, "cache_batch_begin", err);
	free(bs);
	free(is);
	if (code == R53_OK && id_out)
		*id_out = id;
	return code;
}

enum r53_code
cache_batch_update(struct cache *c, int64_t id, const char *change_id, const char *status,
		   struct r53_error *err)
{
	sqlite3_stmt *st;
	enum r53_code code;

	if (!status || (strcmp(status, "SENDING") && strcmp(status, "PENDING") &&
			strcmp(status, "INSYNC") && strcmp(status, "FAILED")))
		return r53_error_set(err, R53_INVALID, "cache_batch_update",
				     "status '%.20s' is not SENDING, PENDING, INSYNC or FAILED",
				     status ? status : "");
	st = cache_stmt(c, ST_BATCH_UPDATE);
	sqlite3_bind_int64(st, 1, c->ns);
	sqlite3_bind_int64(st, 2, id);
	if (change_id)
		sqlite3_bind_text(st, 3, r53_bare_id(change_id), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, cache_now());
	code = durable_step(c, st, NULL, "cache_batch_update", err);
	if (code == R53_OK && sqlite3_changes(c->db) == 0)
		return r53_error_set(err, R53_INVALID, "cache_batch_update",
				     "no batch %lld in this cache namespace", (long long)id);
	return code;
}

static char *
column_strdup(sqlite3_stmt *st, int col, bool *nomem)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*nomem = true;
	return d;
}

static enum r53_code
list_batches(struct cache *c, enum cache_stmt id, const char *zone_id, const char *status,
	     struct applied_batch **batches, size_t *n, struct r53_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, id);
	struct applied_batch *arr = NULL;
	size_t len = 0, cap = 0;
	enum r53_code code = R53_OK;
	int rc;

	*batches = NULL;
	*n = 0;
	sqlite3_bind_int64(st, 1, c->ns);
	if (zone_id)
		sqlite3_bind_text(st, 2, zone_id, -1, SQLITE_STATIC);
	if (status)
		sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct applied_batch *b;
		bool oom = false;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct applied_batch *p = realloc(arr, ncap * sizeof(*p));

			if (!p) {
				code = r53_error_set(err, R53_NOMEM, "cache_list_batches",
						     "out of memory");
				break;
			}
			arr = p;
			cap = ncap;
		}
		b = &arr[len++];
		memset(b, 0, sizeof(*b));
		change_batch_init(&b->batch);
		change_batch_init(&b->inverse);
		b->id = sqlite3_column_int64(st, 0);
		b->zone_id = column_strdup(st, 1, &oom);
		b->change_id = column_strdup(st, 2, &oom);
		b->status = column_strdup(st, 3, &oom);
		b->submitted_at = sqlite3_column_int64(st, 4);
		b->rollback_of = sqlite3_column_int64(st, 7);
		if (oom) {
			code = r53_error_set(err, R53_NOMEM, "cache_list_batches", "out of memory");
			break;
		}
		if ((code = unserial_batch((const char *)sqlite3_column_text(st, 5), &b->batch,
					   err)) != R53_OK ||
		    (code = unserial_batch((const char *)sqlite3_column_text(st, 6), &b->inverse,
					   err)) != R53_OK)
			break;
	}
	if (code == R53_OK && rc != SQLITE_DONE)
		code = cache_db_error(c, "cache_list_batches", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (code != R53_OK) {
		applied_batches_free(arr, len);
		return code;
	}
	*batches = arr;
	*n = len;
	return R53_OK;
}

enum r53_code
cache_list_batches(struct cache *c, const char *zone_id, struct applied_batch **batches,
		   size_t *n, struct r53_error *err)
{
	return list_batches(c, ST_BATCH_LIST, zone_id, NULL, batches, n, err);
}

enum r53_code
cache_list_batches_status(struct cache *c, const char *status, struct applied_batch **batches,
			  size_t *n, struct r53_error *err)
{
	return list_batches(c, ST_BATCH_LIST_ASC, NULL, status, batches, n, err);
}

enum r53_code
cache_list_unreconciled(struct cache *c, struct applied_batch **batches, size_t *n,
			struct r53_error *err)
{
	return list_batches(c, ST_BATCH_LIST_ASC, NULL, "SENDING", batches, n, err);
}

enum r53_code
cache_last_batch(struct cache *c, const char *zone_id, struct applied_batch *out, bool *found,
		 struct r53_error *err)
{
	struct applied_batch *all;
	size_t n;
	enum r53_code code;

	*found = false;
	memset(out, 0, sizeof(*out));
	change_batch_init(&out->batch);
	change_batch_init(&out->inverse);
	/* History per zone is short (people's edits), so reading it whole is fine. */
	if ((code = list_batches(c, ST_BATCH_LIST, zone_id, NULL, &all, &n, err)) != R53_OK)
		return code;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(all[i].status, "FAILED"))
			continue;
		*out = all[i];
		memset(&all[i], 0, sizeof(all[i]));
		*found = true;
		break;
	}
	applied_batches_free(all, n);
	return R53_OK;
}
