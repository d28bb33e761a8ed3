/* The apply engine (see apply.h): the only code that sends staged edits and rollbacks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/apply.h"

static void
note(struct apply_ctx *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct apply_ctx *a, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (!a->note)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	a->note(a->note_arg, buf);
}

static long
interval_ms(const struct apply_ctx *a)
{
	const char *v = getenv("R53_WAIT_INTERVAL_MS");
	long n;

	if (a->wait_interval_ms > 0)
		return a->wait_interval_ms;
	n = v ? strtol(v, NULL, 10) : 0;
	return n > 0 ? n : 2000;
}

void
apply_outcome_done(struct apply_outcome *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nconflicts; i++) {
		rrset_free(&o->conflicts[i].staged_old);
		rrset_free(&o->conflicts[i].remote);
	}
	free(o->conflicts);
	free(o->sent);
	memset(o, 0, sizeof(*o));
}

enum r53_code
apply_invert(const struct change_batch *b, struct change_batch *out, struct r53_error *err)
{
	for (size_t i = b->len; i-- > 0;) {
		const struct change *ch = &b->changes[i];
		struct rrset *rr;

		if (ch->action == CHANGE_UPSERT)
			return r53_error_set(err, R53_INVALID, "rollback",
					     "an UPSERT cannot be undone (the old value is unknown)");
		if (!(rr = rrset_dup(ch->rr)))
			return r53_error_set(err, R53_NOMEM, "rollback", "out of memory");
		if (change_batch_take(out,
				      ch->action == CHANGE_CREATE ? CHANGE_DELETE : CHANGE_CREATE,
				      rr, err) != R53_OK)
			return err ? err->code : R53_NOMEM;
	}
	return R53_OK;
}

enum r53_code
apply_build(struct cache *cache, const char *zone_id, struct change_batch *batch,
	    struct change_batch *inverse, size_t *nedits, struct r53_error *err)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;
	enum r53_code rc;

	*nedits = 0;
	if ((rc = cache_list_staged(cache, zone_id, &edits, &n, err)) != R53_OK)
		return rc;
	for (size_t i = 0; i < n && rc == R53_OK; i++)
		rc = change_batch_add_edit(batch, edits[i].old_rr, edits[i].new_rr, err);
	if (rc == R53_OK)
		rc = apply_invert(batch, inverse, err);
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&edits[i]);
	free(edits);
	*nedits = n;
	return rc;
}

/* Is @rr in @b with @action, exactly? */
static bool
batch_has(const struct change_batch *b, enum change_action action, const struct rrset *rr)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->changes[i].action == action && rrset_equal(b->changes[i].rr, rr))
			return true;
	return false;
}

/* Discards the staged edits of @zone_id that @b carries whole (old deleted, new created):
 * after a batch is known applied, they are done. */
static enum r53_code
discard_applied(struct cache *cache, const char *zone_id, const struct change_batch *b,
		struct r53_error *err)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;
	enum r53_code rc;

	if ((rc = cache_list_staged(cache, zone_id, &edits, &n, err)) != R53_OK)
		return rc;
	for (size_t i = 0; i < n && rc == R53_OK; i++) {
		const struct staged_edit *e = &edits[i];

		if ((!e->old_rr || batch_has(b, CHANGE_DELETE, e->old_rr)) &&
		    (!e->new_rr || batch_has(b, CHANGE_CREATE, e->new_rr)))
			rc = cache_discard(cache, e->id, NULL, err);
	}
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&edits[i]);
	free(edits);
	return rc;
}

/* Does @zone (Route 53's current listing) show @b applied? Every CREATE present exactly, and
 * every DELETE gone (its key absent, or holding what the batch created there). */
static bool
batch_applied(const struct rrset_list *zone, const struct change_batch *b)
{
	for (size_t i = 0; i < b->len; i++) {
		const struct rrset *rr = b->changes[i].rr;
		long k = rrset_list_find(zone, rr->name, rr->type, rr->set_id);

		switch (b->changes[i].action) {
		case CHANGE_CREATE:
		case CHANGE_UPSERT:
			if (k < 0 || !rrset_equal(zone->items[k], rr))
				return false;
			break;
		case CHANGE_DELETE:
			if (k >= 0 && !batch_has(b, CHANGE_CREATE, zone->items[k]) &&
			    !batch_has(b, CHANGE_UPSERT, zone->items[k]))
				return false;
			break;
		}
	}
	return true;
}

enum r53_code
apply_settle(struct apply_ctx *a, const struct applied_batch *r, const struct rrset_list *zone,
	     bool cache_current, bool *applied_out, struct r53_error *err)
{
	bool applied = zone && batch_applied(zone, &r->batch);
	enum r53_code rc;

	/* The change id was never heard: INSYNC is the best that can be said of an applied
	 * batch (Route 53 lists changes at once; propagation takes under a minute). */
	note(a, "batch %lld to %s, interrupted while sending, %s", (long long)r->id, r->zone_id,
	     applied ? "was applied" : "was not applied; its edits stay staged");
	rc = cache_batch_update(a->cache, r->id, NULL, applied ? "INSYNC" : "FAILED", err);
	if (rc == R53_OK && applied && !cache_current)
		rc = cache_apply_changes(a->cache, r->zone_id, &r->batch, err);
	if (rc == R53_OK && applied)
		rc = discard_applied(a->cache, r->zone_id, &r->batch, err);
	if (applied_out)
		*applied_out = applied;
	return rc;
}

enum r53_code
apply_reconcile(struct apply_ctx *a, struct r53_error *err)
{
	struct applied_batch *rows = NULL;
	size_t n = 0;
	enum r53_code rc;

	if ((rc = cache_list_unreconciled(a->cache, &rows, &n, err)) != R53_OK)
		return rc;
	for (size_t i = 0; i < n && rc == R53_OK; i++) {
		struct applied_batch *r = &rows[i];
		struct rrset_list zone;
		struct r53_error e = { 0 };
		bool gone = false;

		rrset_list_init(&zone);
		rc = r53_list_rrsets(a->client, r->zone_id, &zone, &e);
		if (rc == R53_AWS && !strcmp(e.where, "NoSuchHostedZone")) {
			gone = true; /* the zone is gone: nothing of it can be applied */
			rc = R53_OK;
		} else if (rc != R53_OK) {
			if (err && !err->code)
				*err = e;
			rrset_list_done(&zone);
			break;
		}
		rc = apply_settle(a, r, gone ? NULL : &zone, false, NULL, err);
		rrset_list_done(&zone);
	}
	applied_batches_free(rows, n);
	return rc;
}

/* A process stopped between recording Route 53's answer and discarding the edits leaves
 * edits staged that a recorded batch already carries: discard them instead of sending a
 * DELETE that can only fail. Only batches at least as new as the oldest edit count. */
static enum r53_code
discard_recorded(struct apply_ctx *a, const char *zone_id, struct r53_error *err)
{
	struct staged_edit *edits = NULL;
	struct applied_batch *rows = NULL;
	size_t ne = 0, nr = 0;
	int64_t oldest;
	enum r53_code rc;

	if ((rc = cache_list_staged(a->cache, zone_id, &edits, &ne, err)) != R53_OK || !ne)
		goto out;
	oldest = edits[0].created_at;
	if ((rc = cache_list_batches(a->cache, zone_id, &rows, &nr, err)) != R53_OK)
		goto out;
	for (size_t i = 0; i < nr && rc == R53_OK && rows[i].submitted_at >= oldest; i++)
		if (strcmp(rows[i].status, "FAILED") && strcmp(rows[i].status, "SENDING"))
			rc = discard_applied(a->cache, zone_id, &rows[i].batch, err);
out:
	for (size_t i = 0; i < ne; i++)
		staged_edit_done(&edits[i]);
	free(edits);
	applied_batches_free(rows, nr);
	return rc;
}

/* Was Route 53's refusal about the old record sets (someone else changed them)? */
static bool
refused_for_conflict(const struct r53_error *e)
{
	return e->code == R53_AWS && !strcmp(e->where, "InvalidChangeBatch") &&
	       (strstr(e->text, "not found") || strstr(e->text, "do not match") ||
		strstr(e->text, "already exists"));
}

/* After a conflict refusal: which staged edits no longer start from what Route 53 holds?
 * Fills @out->conflicts and writes the remote versions into the cache. */
static enum r53_code
find_conflicts(struct apply_ctx *a, const char *zone_id, struct apply_outcome *out,
	       struct r53_error *err)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;
	enum r53_code rc;

	if ((rc = cache_list_staged(a->cache, zone_id, &edits, &n, err)) != R53_OK)
		return rc;
	if (!(out->conflicts = calloc(n ? n : 1, sizeof(*out->conflicts)))) {
		rc = r53_error_set(err, R53_NOMEM, "apply", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n && rc == R53_OK; i++) {
		const struct staged_edit *e = &edits[i];
		const struct rrset *key = e->old_rr ? e->old_rr : e->new_rr;
		struct rrset_list l;
		struct change_batch fix;
		long k;
		bool conflict;

		rrset_list_init(&l);
		change_batch_init(&fix);
		if ((rc = r53_get_rrsets(a->client, zone_id, key->name, key->type, &l, err)) !=
		    R53_OK) {
			rrset_list_done(&l);
			break;
		}
		k = rrset_list_find(&l, key->name, key->type, key->set_id);
		conflict = e->old_rr ? (k < 0 || !rrset_equal(l.items[k], e->old_rr)) : k >= 0;
		if (conflict) {
			struct apply_conflict *c = &out->conflicts[out->nconflicts++];
			struct rrset *copy;

			c->edit_id = e->id;
			c->staged_old = e->old_rr ? rrset_dup(e->old_rr) : NULL;
			c->remote = k >= 0 ? rrset_dup(l.items[k]) : NULL;
			/* The cache learns the remote version, so views mark the edit. */
			copy = rrset_dup(k >= 0 ? l.items[k] : key);
			if (copy && change_batch_take(&fix, k >= 0 ? CHANGE_UPSERT : CHANGE_DELETE,
						      copy, NULL) == R53_OK)
				cache_apply_changes(a->cache, zone_id, &fix, NULL);
		}
		change_batch_done(&fix);
		rrset_list_done(&l);
	}
out:
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&edits[i]);
	free(edits);
	return rc;
}

enum r53_code
apply_send(struct apply_ctx *a, const char *zone_id, const struct change_batch *b,
	   const struct change_batch *inverse, struct apply_sent *sent, struct r53_error *err)
{
	struct r53_error e = { 0 };
	int64_t row = 0;
	enum r53_code rc;

	memset(sent, 0, sizeof(*sent));
	/* Journalled before sending: a crash from here on leaves a SENDING row to reconcile. */
	if ((rc = cache_batch_begin(a->cache, zone_id, b, inverse, &row, err)) != R53_OK)
		return rc;
	rc = r53_change_rrsets(a->client, zone_id, b, &sent->ci, &e);
	if (rc != R53_OK) {
		if (e.code == R53_AWS || e.code == R53_INVALID || e.code == R53_AUTH) {
			/* Route 53 answered no: the batch is atomic, nothing was applied. */
			cache_batch_update(a->cache, row, NULL, "FAILED", NULL);
		} else {
			/* No answer (connection lost, timed out): Route 53 may have applied it.
			 * Settle it by reading the zone now; if that fails too, the row stays
			 * SENDING for the next start. */
			struct r53_error e2 = { 0 };

			if (apply_reconcile(a, &e2) != R53_OK)
				note(a, "could not tell whether the batch was applied: %s", e2.text);
		}
		if (err && !err->code)
			*err = e;
		return rc;
	}
	sent->row = row;
	sent->nchanges = b->len;
	if ((rc = cache_batch_update(a->cache, row, sent->ci.id, sent->ci.status, err)) != R53_OK)
		return rc;
	if ((rc = cache_apply_changes(a->cache, zone_id, b, err)) != R53_OK)
		return rc;
	return discard_applied(a->cache, zone_id, b, err);
}

enum r53_code
apply_zone(struct apply_ctx *a, const char *zone_id, const char *zone_name,
	   struct apply_outcome *out, struct r53_error *err)
{
	struct change_batch batch, inverse;
	struct change_batch *parts = NULL;
	size_t nparts = 0;
	enum r53_code rc;

	change_batch_init(&batch);
	change_batch_init(&inverse);
	if ((rc = apply_reconcile(a, err)) != R53_OK ||
	    (rc = discard_recorded(a, zone_id, err)) != R53_OK)
		goto out;
	if ((rc = apply_build(a->cache, zone_id, &batch, &inverse, &out->nedits, err)) != R53_OK ||
	    !out->nedits)
		goto out;
	if ((rc = change_batch_check(&batch, zone_name, err)) != R53_OK)
		goto out;
	if ((rc = change_batch_split(&batch, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &parts,
				     &nparts, err)) != R53_OK)
		goto out;
	out->nparts = nparts;
	if (!(out->sent = calloc(nparts, sizeof(*out->sent)))) {
		rc = r53_error_set(err, R53_NOMEM, "apply", "out of memory");
		goto out;
	}
	if (nparts > 1)
		note(a, "the change is too large for one request: %zu requests, each atomic on "
			"its own",
		     nparts);
	for (size_t i = 0; i < nparts && rc == R53_OK; i++) {
		struct change_batch inv;
		struct r53_error e = { 0 };

		change_batch_init(&inv);
		if ((rc = apply_invert(&parts[i], &inv, err)) == R53_OK) {
			rc = apply_send(a, zone_id, &parts[i], &inv, &out->sent[out->nsent], &e);
			if (rc == R53_OK) {
				note(a, "change %s: %s (%zu changes)", out->sent[out->nsent].ci.id,
				     out->sent[out->nsent].ci.status, parts[i].len);
				out->nsent++;
			} else if (refused_for_conflict(&e) &&
				   find_conflicts(a, zone_id, out, NULL) == R53_OK &&
				   out->nconflicts) {
				rc = r53_error_set(err, R53_CONFLICT, "apply",
						   "%zu staged edit%s changed in Route 53 since "
						   "staging (%s)",
						   out->nconflicts, out->nconflicts == 1 ? "" : "s",
						   e.text);
			} else if (err && !err->code) {
				*err = e;
			}
		}
		change_batch_done(&inv);
	}
out:
	for (size_t i = 0; i < nparts; i++)
		change_batch_done(&parts[i]);
	free(parts);
	change_batch_done(&batch);
	change_batch_done(&inverse);
	return rc;
}

enum r53_code
apply_wait(struct apply_ctx *a, int64_t row, const char *change_id, struct r53_error *err)
{
	struct change_info ci;
	enum r53_code rc;

	memset(&ci, 0, sizeof(ci));
	rc = r53_wait_change(a->client, change_id, interval_ms(a),
			     a->wait_timeout_ms > 0 ? a->wait_timeout_ms : 30L * 60 * 1000, &ci,
			     err);
	if (rc != R53_OK)
		return rc;
	return cache_batch_update(a->cache, row, change_id, "INSYNC", err);
}

enum r53_code
apply_follow(struct apply_ctx *a, const char *zone_id, bool wait, size_t *pending,
	     struct r53_error *err)
{
	struct applied_batch *rows = NULL;
	size_t n = 0, left = 0;
	enum r53_code rc;

	if (pending)
		*pending = 0;
	if ((rc = cache_list_batches_status(a->cache, "PENDING", &rows, &n, err)) != R53_OK)
		return rc;
	for (size_t i = 0; i < n && rc == R53_OK; i++) {
		struct applied_batch *r = &rows[i];
		struct change_info ci;

		if ((zone_id && strcmp(zone_id, r->zone_id)) || !r->change_id)
			continue;
		if (wait) {
			note(a, "change %s is PENDING; waiting for INSYNC", r->change_id);
			rc = apply_wait(a, r->id, r->change_id, err);
			if (rc == R53_OK)
				note(a, "change %s: INSYNC", r->change_id);
			continue;
		}
		memset(&ci, 0, sizeof(ci));
		if ((rc = r53_get_change(a->client, r->change_id, &ci, err)) != R53_OK)
			break;
		if (!strcmp(ci.status, "INSYNC"))
			rc = cache_batch_update(a->cache, r->id, r->change_id, "INSYNC", err);
		else
			left++;
	}
	applied_batches_free(rows, n);
	if (pending)
		*pending = left;
	return rc;
}

enum r53_code
apply_rollback_plan(struct apply_ctx *a, const char *zone_id, const char *zone_name,
		    struct applied_batch *last, struct r53_error *err)
{
	struct rrset_list zone;
	struct r53_error e = { 0 };
	bool found = false;
	enum r53_code rc;

	memset(last, 0, sizeof(*last));
	if ((rc = apply_reconcile(a, err)) != R53_OK)
		return rc;
	if ((rc = cache_last_batch(a->cache, zone_id, last, &found, err)) != R53_OK)
		return rc;
	if (!found)
		return r53_error_set(err, R53_NOTFOUND, "rollback",
				     "no applied batch of %s in this cache to roll back", zone_name);
	rrset_list_init(&zone);
	if ((rc = r53_list_rrsets(a->client, zone_id, &zone, err)) != R53_OK) {
		rrset_list_done(&zone);
		return rc;
	}
	/* Route 53's own semantics, in memory: the inverse applies cleanly only when every
	 * record set the batch created is still exactly as created and every one it deleted
	 * is still absent. */
	if (change_batch_apply(&zone, zone_name, &last->inverse, &e) != R53_OK)
		rc = r53_error_set(err, R53_CONFLICT, "rollback",
				   "the zone changed since change %s: %s",
				   last->change_id ? last->change_id : "(unknown)", e.text);
	rrset_list_done(&zone);
	return rc;
}
