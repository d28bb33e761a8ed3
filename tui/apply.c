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

/* Is edit @id one @a may touch (see apply_ctx.edit_ids)? */
static bool
edit_wanted(const struct apply_ctx *a, int64_t id)
{
	size_t lo = 0, hi = a->nedit_ids;

	if (!a->edit_ids)
		return true;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->edit_ids[mid] == id)
			return true;
		if (a->edit_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* cache_list_staged(), without the edits @a may not touch. */
static enum r53_code
list_staged(const struct apply_ctx *a, const char *zone_id, struct staged_edit **edits,
	    size_t *n, struct r53_error *err)
{
	enum r53_code rc = cache_list_staged(a->cache, zone_id, edits, n, err);
	size_t k = 0;

	if (rc != R53_OK || !a->edit_ids)
		return rc;
	for (size_t i = 0; i < *n; i++) {
		if (edit_wanted(a, (*edits)[i].id))
			(*edits)[k++] = (*edits)[i];
		else
			staged_edit_done(&(*edits)[i]);
	}
	*n = k;
	return R53_OK;
}

static void
edits_free(struct staged_edit *edits, size_t n)
{
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&edits[i]);
	free(edits);
}

static enum r53_code
build(const struct apply_ctx *a, const char *zone_id, struct change_batch *batch,
      struct change_batch *inverse, size_t *nedits, struct r53_error *err)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;
	enum r53_code rc;

	*nedits = 0;
	if ((rc = list_staged(a, zone_id, &edits, &n, err)) != R53_OK)
		return rc;
	for (size_t i = 0; i < n && rc == R53_OK; i++)
		rc = change_batch_add_edit(batch, edits[i].old_rr, edits[i].new_rr, err);
	if (rc == R53_OK)
		rc = apply_invert(batch, inverse, err);
	edits_free(edits, n);
	*nedits = n;
	return rc;
}

enum r53_code
apply_build(struct cache *cache, const char *zone_id, struct change_batch *batch,
	    struct change_batch *inverse, size_t *nedits, struct r53_error *err)
{
	struct apply_ctx a;

	memset(&a, 0, sizeof(a));
	a.cache = cache;
	return build(&a, zone_id, batch, inverse, nedits, err);
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
discard_applied(const struct apply_ctx *a, const char *zone_id, const struct change_batch *b,
		struct r53_error *err)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;
	enum r53_code rc;

	if ((rc = list_staged(a, zone_id, &edits, &n, err)) != R53_OK)
		return rc;
	for (size_t i = 0; i < n && rc == R53_OK; i++) {
		const struct staged_edit *e = &edits[i];

		if ((!e->old_rr || batch_has(b, CHANGE_DELETE, e->old_rr)) &&
		    (!e->new_rr || batch_has(b, CHANGE_CREATE, e->new_rr)))
			rc = cache_discard(a->cache, e->id, NULL, err);
	}
	edits_free(edits, n);
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
		rc = discard_applied(a, r->zone_id, &r->batch, err);
	if (applied_out)
		*applied_out = applied;
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

	if ((rc = list_staged(a, zone_id, &edits, &ne, err)) != R53_OK || !ne)
		goto out;
	oldest = edits[0].created_at;
	if ((rc = cache_list_batches(a->cache, zone_id, &rows, &nr, err)) != R53_OK)
		goto out;
	for (size_t i = 0; i < nr && rc == R53_OK && rows[i].submitted_at >= oldest; i++)
		if (strcmp(rows[i].status, "FAILED") && strcmp(rows[i].status, "SENDING"))
			rc = discard_applied(a, zone_id, &rows[i].batch, err);
out:
	edits_free(edits, ne);
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


/*
 * Jobs: the state machine behind every call that sends or reads (see apply.h)
 */
enum phase {
	PH_RECONCILE,	     /* load the batches left SENDING */
	PH_RECONCILE_NEXT,   /* list the zone of the next one */
	PH_RECONCILE_LISTED, /* settle it against the listing */
	PH_MAIN,	     /* after the reconcile: what the kind is for */
	PH_APPLY_PART,	     /* send the next part */
	PH_SENT,	     /* Route 53 answered a ChangeResourceRecordSets (or did not) */
	PH_LOST_SETTLED,     /* the reconcile after an unanswered send is over */
	PH_CONFLICTS_NEXT,   /* read the next staged edit's record set */
	PH_CONFLICTS_LISTED,
	PH_PLAN_LISTED,	     /* rollback: the zone was read */
};

struct apply_job {
	struct apply_ctx a;
	enum apply_job_kind kind;
	char zone_id[128];
	char zone_name[NAME_TEXT_MAX];
	enum phase phase;
	bool waiting;  /* a request is queued; its callback advances the job */
	bool finished;
	enum r53_code rc;
	struct r53_error err;
	/* reconcile */
	struct applied_batch *rows;
	size_t nrows, irow;
	bool lost; /* reconciling after a send that got no answer */
	/* apply */
	struct apply_outcome out;
	struct change_batch *parts;
	size_t nparts, ipart;
	struct change_batch inv; /* the current part's inverse */
	/* the batch being sent (borrowed: a part, the caller's, or last.inverse) */
	const struct change_batch *send_b, *send_inv;
	int64_t send_row;
	bool queued; /* the request was queued (else it never left) */
	struct apply_sent sent;
	struct change_info answer;
	struct r53_error send_err; /* the refusal, or the missing answer */
	/* conflicts */
	struct staged_edit *edits;
	size_t nedits, iedit;
	/* rollback */
	struct applied_batch last;
	/* the listing in flight: a whole zone, or one name+type (r53_get_rrsets) */
	struct rrset_list list;
	char list_zone[128];
	char *list_name; /* owned or NULL: the whole zone */
	enum rr_type list_type;
	struct r53_error list_err;
};

static void advance(struct apply_job *j);

bool
apply_job_sending(const struct apply_job *j)
{
	if (!j || j->finished)
		return false;
	return (j->phase == PH_SENT && j->waiting) || j->lost;
}

static void
finish(struct apply_job *j, enum r53_code rc, const struct r53_error *err)
{
	j->finished = true;
	j->rc = rc;
	if (rc != R53_OK && err && err->code && !j->err.code)
		j->err = *err;
	if (rc != R53_OK && !j->err.code)
		r53_error_set(&j->err, rc, "apply", "failed");
}

/* A listing's page arrived: keep it, ask for the next one or go on. */
static void
listed(struct r53_client *c, enum r53_op op, const struct r53_error *err,
       struct r53_page *page, void *user)
{
	struct apply_job *j = user;
	const char *start_name = NULL, *start_type = NULL, *start_id = NULL;
	struct r53_error e = { 0 };
	bool more = false;

	(void)op;
	j->waiting = false;
	if (err) {
		j->list_err = *err;
		advance(j);
		return;
	}
	for (size_t i = 0; i < page->rrsets.len && !j->list_err.code; i++) {
		struct rrset *rr = page->rrsets.items[i];

		if (j->list_name && (rr->type != j->list_type || strcmp(rr->name, j->list_name)))
			continue;
		page->rrsets.items[i] = NULL;
		rrset_list_take(&j->list, rr, &j->list_err);
	}
	if (!j->list_err.code && page->truncated) {
		if (!j->list_name) {
			more = page->next_name != NULL;
		} else {
			/* routing sets of one name+type can spill onto the next page */
			more = page->next_name && page->next_type && page->next_id &&
			       !strcmp(page->next_name, j->list_name) &&
			       !strcmp(page->next_type, rr_type_name(j->list_type));
		}
		start_name = page->next_name;
		start_type = page->next_type;
		start_id = page->next_id;
	}
	if (more) {
		if (r53_async_list_rrsets(c, j->list_zone, start_name, start_type, start_id,
					  j->list_name ? 100 : 300, listed, j, &e) == R53_OK) {
			j->waiting = true;
			return;
		}
		j->list_err = e;
	}
	advance(j);
}

/* Reads @zone_id (whole, or @name+@type only) into j->list; then the job goes to @next. */
static void
list_start(struct apply_job *j, const char *zone_id, const char *name, enum rr_type type,
	   enum phase next)
{
	struct r53_error e = { 0 };

	rrset_list_done(&j->list);
	rrset_list_init(&j->list);
	free(j->list_name);
	j->list_name = name ? strdup(name) : NULL;
	j->list_type = type;
	memset(&j->list_err, 0, sizeof(j->list_err));
	snprintf(j->list_zone, sizeof(j->list_zone), "%s", zone_id);
	j->phase = next;
	if (name && !j->list_name) {
		r53_error_set(&j->list_err, R53_NOMEM, "apply", "out of memory");
		return;
	}
	if (r53_async_list_rrsets(j->a.client, zone_id, name, name ? rr_type_name(type) : NULL,
				  NULL, name ? 100 : 300, listed, j, &e) == R53_OK)
		j->waiting = true;
	else
		j->list_err = e; /* no callback: the next phase sees the error at once */
}

static void
answered(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	 struct r53_page *page, void *user)
{
	struct apply_job *j = user;

	(void)c;
	(void)op;
	j->waiting = false;
	if (err)
		j->send_err = *err;
	else
		j->answer = page->change;
	advance(j);
}

/* Journals @b SENDING, then queues it; its answer arrives in PH_SENT. */
static void
send_start(struct apply_job *j, const struct change_batch *b, const struct change_batch *inv)
{
	struct r53_error e = { 0 };
	enum r53_code rc;

	j->send_b = b;
	j->send_inv = inv;
	j->send_row = 0;
	memset(&j->answer, 0, sizeof(j->answer));
	memset(&j->send_err, 0, sizeof(j->send_err));
	/* Journalled before sending: a crash from here on leaves a SENDING row to reconcile. */
	if ((rc = cache_batch_begin_rollback(j->a.cache, j->zone_id, b, inv,
					     j->kind == APPLY_JOB_ROLLBACK ? j->last.id
									   : j->a.rollback_of,
					     &j->send_row, &e)) != R53_OK) {
		finish(j, rc, &e);
		return;
	}
	j->phase = PH_SENT;
	j->queued = r53_async_change_rrsets(j->a.client, j->zone_id, b, answered, j, &e) ==
		    R53_OK;
	if (j->queued)
		j->waiting = true;
	else
		j->send_err = e; /* never left: PH_SENT records it FAILED */
}

/* PH_SENT: the answer is recorded (PENDING with its id, or FAILED) before the cache and the
 * staged journal are touched. */
static void
sent(struct apply_job *j)
{
	const struct r53_error *e = &j->send_err;
	struct apply_sent *s = &j->sent;
	struct r53_error err = { 0 };
	enum r53_code rc;

	if (e->code) {
		if (!j->queued || e->code == R53_AWS || e->code == R53_INVALID ||
		    e->code == R53_AUTH) {
			/* Route 53 answered no (the batch is atomic: nothing was applied), or the
			 * request never left. */
			cache_batch_update(j->a.cache, j->send_row, NULL, "FAILED", NULL);
			if (j->kind == APPLY_JOB_APPLY && refused_for_conflict(e)) {
				/* which staged edits no longer start from what Route 53 holds? */
				rc = list_staged(&j->a, j->zone_id, &j->edits, &j->nedits, &err);
				if (rc == R53_OK &&
				    !(j->out.conflicts = calloc(j->nedits ? j->nedits : 1,
								sizeof(*j->out.conflicts))))
					rc = R53_NOMEM;
				if (rc == R53_OK) {
					j->iedit = 0;
					j->phase = PH_CONFLICTS_NEXT;
					return;
				}
			}
			finish(j, e->code, e);
			return;
		}
		/* No answer (connection lost, timed out): Route 53 may have applied it. Settle
		 * it by reading the zone now; if that fails too, the row stays SENDING for the
		 * next start. */
		j->lost = true;
		j->phase = PH_RECONCILE;
		return;
	}
	memset(s, 0, sizeof(*s));
	s->ci = j->answer;
	s->row = j->send_row;
	s->nchanges = j->send_b->len;
	if ((rc = cache_batch_update(j->a.cache, s->row, s->ci.id, s->ci.status, &err)) !=
		    R53_OK ||
	    (rc = cache_apply_changes(j->a.cache, j->zone_id, j->send_b, &err)) != R53_OK ||
	    (rc = discard_applied(&j->a, j->zone_id, j->send_b, &err)) != R53_OK) {
		finish(j, rc, &err);
		return;
	}
	if (j->kind != APPLY_JOB_APPLY) {
		finish(j, R53_OK, NULL);
		return;
	}
	note(&j->a, "change %s: %s (%zu changes)", s->ci.id, s->ci.status, s->nchanges);
	j->out.sent[j->out.nsent++] = *s;
	j->ipart++;
	j->phase = PH_APPLY_PART;
}

/* PH_RECONCILE_LISTED: settle the batch whose zone was just read. */
static void
reconcile_listed(struct apply_job *j)
{
	struct applied_batch *r = &j->rows[j->irow];
	struct r53_error err = { 0 };
	bool gone = false;
	enum r53_code rc;

	if (j->list_err.code == R53_AWS && !strcmp(j->list_err.where, "NoSuchHostedZone")) {
		gone = true; /* the zone is gone: nothing of it can be applied */
	} else if (j->list_err.code) {
		if (j->lost) {
			note(&j->a, "could not tell whether the batch was applied: %s",
			     j->list_err.text);
			finish(j, j->send_err.code, &j->send_err);
		} else {
			finish(j, j->list_err.code, &j->list_err);
		}
		return;
	}
	if ((rc = apply_settle(&j->a, r, gone ? NULL : &j->list, false, NULL, &err)) != R53_OK) {
		finish(j, j->lost ? j->send_err.code : rc, j->lost ? &j->send_err : &err);
		return;
	}
	j->irow++;
	j->phase = PH_RECONCILE_NEXT;
}

/* PH_MAIN of an APPLY: build the batch from the staged edits, check it, split it. */
static void
apply_main(struct apply_job *j)
{
	struct change_batch batch, inverse;
	struct r53_error err = { 0 };
	enum r53_code rc;

	change_batch_init(&batch);
	change_batch_init(&inverse);
	if ((rc = discard_recorded(&j->a, j->zone_id, &err)) != R53_OK ||
	    (rc = build(&j->a, j->zone_id, &batch, &inverse, &j->out.nedits, &err)) != R53_OK ||
	    !j->out.nedits)
		goto out;
	if ((rc = change_batch_check(&batch, j->zone_name, &err)) != R53_OK ||
	    (rc = change_batch_split(&batch, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &j->parts,
				     &j->nparts, &err)) != R53_OK)
		goto out;
	j->out.nparts = j->nparts;
	if (!(j->out.sent = calloc(j->nparts ? j->nparts : 1, sizeof(*j->out.sent)))) {
		rc = r53_error_set(&err, R53_NOMEM, "apply", "out of memory");
		goto out;
	}
	if (j->nparts > 1)
		note(&j->a, "the change is too large for one request: %zu requests, each atomic on "
			    "its own",
		     j->nparts);
	j->ipart = 0;
	j->phase = PH_APPLY_PART;
out:
	change_batch_done(&batch);
	change_batch_done(&inverse);
	if (rc != R53_OK || !j->out.nedits)
		finish(j, rc, &err);
}

/* PH_CONFLICTS_LISTED: does the staged edit still start from what Route 53 holds? */
static void
conflict_listed(struct apply_job *j)
{
	const struct staged_edit *e = &j->edits[j->iedit];
	const struct rrset *key = e->old_rr ? e->old_rr : e->new_rr;
	struct change_batch fix;
	long k;
	bool conflict;

	if (j->list_err.code) {
		finish(j, j->send_err.code, &j->send_err); /* the refusal, as Route 53 said it */
		return;
	}
	k = rrset_list_find(&j->list, key->name, key->type, key->set_id);
	conflict = e->old_rr ? (k < 0 || !rrset_equal(j->list.items[k], e->old_rr)) : k >= 0;
	if (conflict) {
		struct apply_conflict *c = &j->out.conflicts[j->out.nconflicts++];
		struct rrset *copy;

		c->edit_id = e->id;
		c->staged_old = e->old_rr ? rrset_dup(e->old_rr) : NULL;
		c->remote = k >= 0 ? rrset_dup(j->list.items[k]) : NULL;
		/* The cache learns the remote version, so views mark the edit. */
		change_batch_init(&fix);
		copy = rrset_dup(k >= 0 ? j->list.items[k] : key);
		if (copy && change_batch_take(&fix, k >= 0 ? CHANGE_UPSERT : CHANGE_DELETE, copy,
					      NULL) == R53_OK)
			cache_apply_changes(j->a.cache, j->zone_id, &fix, NULL);
		change_batch_done(&fix);
	}
	j->iedit++;
	j->phase = PH_CONFLICTS_NEXT;
}

/* PH_PLAN_LISTED: the rollback's drift check against the zone just read. */
static void
plan_listed(struct apply_job *j)
{
	struct r53_error e = { 0 };

	if (j->list_err.code) {
		finish(j, j->list_err.code, &j->list_err);
		return;
	}
	/* Route 53's own semantics, in memory: the inverse applies cleanly only when every
	 * record set the batch created is still exactly as created and every one it deleted
	 * is still absent. */
	if (change_batch_apply(&j->list, j->zone_name, &j->last.inverse, &e) != R53_OK) {
		struct r53_error c = { 0 };

		r53_error_set(&c, R53_CONFLICT, "rollback", "the zone changed since change %s: %s",
			      j->last.change_id ? j->last.change_id : "(unknown)", e.text);
		finish(j, R53_CONFLICT, &c);
		return;
	}
	if (j->kind == APPLY_JOB_ROLLBACK_PLAN)
		finish(j, R53_OK, NULL);
	else
		send_start(j, &j->last.inverse, &j->last.batch);
}

/* Does whatever needs no answer, until a request is queued or the job is over. */
static void
advance(struct apply_job *j)
{
	struct r53_error err = { 0 };
	enum r53_code rc;

	while (!j->finished && !j->waiting) {
		switch (j->phase) {
		case PH_RECONCILE:
			applied_batches_free(j->rows, j->nrows);
			j->rows = NULL;
			j->nrows = j->irow = 0;
			if ((rc = cache_list_unreconciled(j->a.cache, &j->rows, &j->nrows, &err)) !=
			    R53_OK) {
				finish(j, rc, &err);
				break;
			}
			j->phase = PH_RECONCILE_NEXT;
			break;
		case PH_RECONCILE_NEXT:
			if (j->irow < j->nrows)
				list_start(j, j->rows[j->irow].zone_id, NULL, RR_NONE,
					   PH_RECONCILE_LISTED);
			else
				j->phase = j->lost ? PH_LOST_SETTLED : PH_MAIN;
			break;
		case PH_RECONCILE_LISTED:
			reconcile_listed(j);
			break;
		case PH_LOST_SETTLED:
			finish(j, j->send_err.code, &j->send_err);
			break;
		case PH_MAIN:
			switch (j->kind) {
			case APPLY_JOB_RECONCILE:
				finish(j, R53_OK, NULL);
				break;
			case APPLY_JOB_APPLY:
				apply_main(j);
				break;
			case APPLY_JOB_ROLLBACK_PLAN:
			case APPLY_JOB_ROLLBACK: {
				bool found = false;

				if ((rc = cache_last_batch(j->a.cache, j->zone_id, &j->last, &found,
							   &err)) != R53_OK) {
					finish(j, rc, &err);
				} else if (!found) {
					r53_error_set(&err, R53_NOTFOUND, "rollback",
						      "no applied batch of %s in this cache to roll "
						      "back",
						      j->zone_name);
					finish(j, R53_NOTFOUND, &err);
				} else {
					list_start(j, j->zone_id, NULL, RR_NONE, PH_PLAN_LISTED);
				}
				break;
			}
			case APPLY_JOB_SEND:
				send_start(j, j->send_b, j->send_inv);
				break;
			}
			break;
		case PH_APPLY_PART:
			if (j->ipart >= j->nparts) {
				finish(j, R53_OK, NULL);
				break;
			}
			change_batch_done(&j->inv);
			change_batch_init(&j->inv);
			if ((rc = apply_invert(&j->parts[j->ipart], &j->inv, &err)) != R53_OK)
				finish(j, rc, &err);
			else
				send_start(j, &j->parts[j->ipart], &j->inv);
			break;
		case PH_SENT:
			sent(j);
			break;
		case PH_CONFLICTS_NEXT:
			if (j->iedit < j->nedits) {
				const struct staged_edit *e = &j->edits[j->iedit];
				const struct rrset *key = e->old_rr ? e->old_rr : e->new_rr;

				list_start(j, j->zone_id, key->name, key->type, PH_CONFLICTS_LISTED);
			} else if (j->out.nconflicts) {
				r53_error_set(&err, R53_CONFLICT, "apply",
					      "%zu staged edit%s changed in Route 53 since staging "
					      "(%s)",
					      j->out.nconflicts, j->out.nconflicts == 1 ? "" : "s",
					      j->send_err.text);
				finish(j, R53_CONFLICT, &err);
			} else {
				finish(j, j->send_err.code, &j->send_err);
			}
			break;
		case PH_CONFLICTS_LISTED:
			conflict_listed(j);
			break;
		case PH_PLAN_LISTED:
			plan_listed(j);
			break;
		}
	}
}

struct apply_job *
apply_job_start(const struct apply_ctx *a, enum apply_job_kind kind, const char *zone_id,
		const char *zone_name, const struct change_batch *b,
		const struct change_batch *inverse)
{
	struct apply_job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->a = *a;
	j->kind = kind;
	snprintf(j->zone_id, sizeof(j->zone_id), "%s", zone_id ? zone_id : "");
	snprintf(j->zone_name, sizeof(j->zone_name), "%s", zone_name ? zone_name : "");
	change_batch_init(&j->inv);
	rrset_list_init(&j->list);
	j->send_b = b;
	j->send_inv = inverse;
	/* apply_send() sends as it is told; everything else settles interrupted batches
	 * first (reading their zones, never sending again) */
	j->phase = kind == APPLY_JOB_SEND ? PH_MAIN : PH_RECONCILE;
	advance(j);
	return j;
}

bool
apply_job_finished(const struct apply_job *j)
{
	return j->finished;
}

void
apply_job_run(struct apply_job *j)
{
	while (!j->finished)
		r53_client_wait(j->a.client, 1000);
}

void
apply_job_doing(const struct apply_job *j, char *buf, size_t bufsz)
{
	/* A clause the header shows as it is and the TUI builds on ("...: quit anyway?", "...:
	 * wait for its answer"), so it says what the job is for once, with no colon of its own. */
	const char *rollback = j->kind == APPLY_JOB_ROLLBACK ? "rolling back, " : "";

	if (j->finished)
		snprintf(buf, bufsz, "done");
	else if (j->phase == PH_SENT && j->nparts > 0)
		snprintf(buf, bufsz, "%ssending %zu of %zu request%s", rollback, j->ipart + 1,
			 j->nparts, j->nparts == 1 ? "" : "s");
	else if (j->phase == PH_SENT)
		snprintf(buf, bufsz, "%ssending 1 of 1 request", rollback);
	else if (j->lost)
		snprintf(buf, bufsz, "%s", j->kind == APPLY_JOB_ROLLBACK
						   ? "no answer to the rollback, checking whether it "
						     "was applied"
						   : "no answer, checking whether the batch was applied");
	else if (j->phase == PH_CONFLICTS_LISTED)
		snprintf(buf, bufsz, "refused, reading what Route 53 holds now");
	else if (j->phase == PH_PLAN_LISTED && j->kind == APPLY_JOB_ROLLBACK)
		snprintf(buf, bufsz, "rolling back, checking the zone again");
	else if (j->phase == PH_PLAN_LISTED)
		snprintf(buf, bufsz, "checking the zone before rolling back");
	else
		snprintf(buf, bufsz, "%schecking an interrupted send first", rollback);
}

enum r53_code
apply_job_result(struct apply_job *j, struct r53_error *err, struct apply_outcome *out,
		 struct applied_batch *last, struct apply_sent *s)
{
	if (err && !err->code && j->rc != R53_OK)
		*err = j->err;
	if (out) {
		*out = j->out;
		memset(&j->out, 0, sizeof(j->out));
	}
	if (last) {
		*last = j->last;
		memset(&j->last, 0, sizeof(j->last));
	}
	if (s)
		*s = j->sent;
	return j->rc;
}

void
apply_job_free(struct apply_job **jp)
{
	struct apply_job *j = jp ? *jp : NULL;

	if (!j)
		return;
	applied_batches_free(j->rows, j->nrows);
	apply_outcome_done(&j->out);
	for (size_t i = 0; i < j->nparts; i++)
		change_batch_done(&j->parts[i]);
	free(j->parts);
	change_batch_done(&j->inv);
	for (size_t i = 0; i < j->nedits; i++)
		staged_edit_done(&j->edits[i]);
	free(j->edits);
	applied_batch_done(&j->last);
	rrset_list_done(&j->list);
	free(j->list_name);
	free(j);
	*jp = NULL;
}

/*
 * The blocking calls: a job, run to its end
 */
static enum r53_code
run(struct apply_ctx *a, enum apply_job_kind kind, const char *zone_id, const char *zone_name,
    const struct change_batch *b, const struct change_batch *inverse, struct r53_error *err,
    struct apply_outcome *out, struct applied_batch *last, struct apply_sent *s)
{
	struct apply_job *j = apply_job_start(a, kind, zone_id, zone_name, b, inverse);
	enum r53_code rc;

	if (!j)
		return r53_error_set(err, R53_NOMEM, "apply", "out of memory");
	apply_job_run(j);
	rc = apply_job_result(j, err, out, last, s);
	apply_job_free(&j);
	return rc;
}

enum r53_code
apply_reconcile(struct apply_ctx *a, struct r53_error *err)
{
	return run(a, APPLY_JOB_RECONCILE, NULL, NULL, NULL, NULL, err, NULL, NULL, NULL);
}

enum r53_code
apply_zone(struct apply_ctx *a, const char *zone_id, const char *zone_name,
	   struct apply_outcome *out, struct r53_error *err)
{
	struct apply_outcome o;
	enum r53_code rc;

	memset(&o, 0, sizeof(o));
	rc = run(a, APPLY_JOB_APPLY, zone_id, zone_name, NULL, NULL, err, &o, NULL, NULL);
	apply_outcome_done(out);
	*out = o;
	return rc;
}

enum r53_code
apply_send(struct apply_ctx *a, const char *zone_id, const struct change_batch *b,
	   const struct change_batch *inverse, struct apply_sent *s, struct r53_error *err)
{
	memset(s, 0, sizeof(*s));
	return run(a, APPLY_JOB_SEND, zone_id, NULL, b, inverse, err, NULL, NULL, s);
}

enum r53_code
apply_rollback_plan(struct apply_ctx *a, const char *zone_id, const char *zone_name,
		    struct applied_batch *last, struct r53_error *err)
{
	memset(last, 0, sizeof(*last));
	return run(a, APPLY_JOB_ROLLBACK_PLAN, zone_id, zone_name, NULL, NULL, err, NULL, last,
		   NULL);
}
