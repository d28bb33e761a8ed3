/* Applying and rolling back without blocking the loop (see send.h). The job's callbacks run
 * inside r53_client_perform, possibly deep inside a prompt: they write the cache and the
 * status line only; send_tick(), between keys, reports and re-reads the views. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/send.h"

enum send_what { SEND_APPLY, SEND_ROLLBACK_PLAN, SEND_ROLLBACK };

struct app_send {
	enum send_what what;
	struct apply_job *job; /* owned; NULL between a plan and its question's answer */
	/* apply: the zones with staged edits, in staging order */
	char (*zones)[128];
	size_t nzones, izone;
	size_t nsent;
	char last[64]; /* the last change id Route 53 gave */
	/* rollback */
	char zone_id[128];
	char shown[NAME_TEXT_MAX];
	/* What is in flight, for send_carries(). Apply: the staged edits when A was pressed
	 * (sorted ids: the jobs send those and no others, see apply_ctx.edit_ids); rollback:
	 * the batch being undone, once its question is answered. */
	int64_t *ids;
	struct staged_edit *edits;
	size_t nedits;
	struct applied_batch undoing;
};

static void
send_note(void *arg, const char *text)
{
	app_notice(arg, "%s", text);
}

static void
send_free(struct app *app)
{
	struct app_send *st = app->send;

	if (!st)
		return;
	apply_job_free(&st->job);
	free(st->zones);
	free(st->ids);
	source_staged_free(st->edits, st->nedits);
	applied_batch_done(&st->undoing);
	free(st);
	app->send = NULL;
}

/* Starts @kind for @zone_id on the loop's client; false (said on the status line) when it
 * could not start. */
static bool
job_start(struct app *app, enum apply_job_kind kind, const char *zone_id)
{
	struct app_send *st = app->send;
	struct apply_ctx a;
	struct r53_error e = { 0 };
	char zname[NAME_TEXT_MAX];

	if (source_apply_ctx(app->src, net_client(app), send_note, app, &a, &e) != R53_OK) {
		app_error(app, "not sent: %s", e.text);
		return false;
	}
	if (st->what == SEND_APPLY) {
		a.edit_ids = st->ids;
		a.nedit_ids = st->nedits;
	}
	source_zone_name(app->src, zone_id, zname, sizeof(zname));
	if (!(st->job = apply_job_start(&a, kind, zone_id, zname, NULL, NULL))) {
		app_error(app, "not sent: out of memory");
		return false;
	}
	return true;
}

static int
id_cmp(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

static struct app_send *
send_new(struct app *app, enum send_what what)
{
	struct app_send *st;

	if (!net_client(app)) {
		app_error(app, "OFFLINE: nothing can be sent");
		return NULL;
	}
	if (send_refuse(app, NULL, "sending again"))
		return NULL;
	if (!(st = calloc(1, sizeof(*st)))) {
		app_error(app, "out of memory");
		return NULL;
	}
	st->what = what;
	app->send = st;
	return st;
}

void
send_apply(struct app *app)
{
	struct app_send *st;
	struct staged_edit *edits = NULL;
	struct r53_error e = { 0 };
	size_t n = 0;

	if (source_list_staged(app->src, NULL, &edits, &n, &e) != R53_OK) {
		app_error(app, "not sent: %s", e.text);
		return;
	}
	if (!n) {
		app_notice(app, "nothing staged");
		return;
	}
	if (!(st = send_new(app, SEND_APPLY))) {
		source_staged_free(edits, n);
		return;
	}
	/* kept: these are what is sent, and what cannot be edited again until the answer */
	st->edits = edits;
	st->nedits = n;
	if (!(st->zones = calloc(n, sizeof(*st->zones))) ||
	    !(st->ids = calloc(n, sizeof(*st->ids)))) {
		send_free(app);
		app_error(app, "out of memory");
		return;
	}
	for (size_t i = 0; i < n; i++)
		st->ids[i] = edits[i].id;
	qsort(st->ids, n, sizeof(*st->ids), id_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		while (k < st->nzones && strcmp(st->zones[k], edits[i].zone_id))
			k++;
		if (k == st->nzones)
			snprintf(st->zones[st->nzones++], sizeof(st->zones[0]), "%s",
				 edits[i].zone_id);
	}
	app_notice(app, "sending %zu staged edit%s...", n, n == 1 ? "" : "s");
	if (!job_start(app, APPLY_JOB_APPLY, st->zones[0]))
		send_free(app);
}

void
send_rollback(struct app *app, const char *zone_id, const char *zone_display)
{
	struct app_send *st;

	if (!(st = send_new(app, SEND_ROLLBACK_PLAN)))
		return;
	snprintf(st->zone_id, sizeof(st->zone_id), "%s", zone_id);
	snprintf(st->shown, sizeof(st->shown), "%s", zone_display);
	app_notice(app, "checking the last applied batch of %s against Route 53...", zone_display);
	if (!job_start(app, APPLY_JOB_ROLLBACK_PLAN, zone_id))
		send_free(app);
}

bool
send_busy(const struct app *app, const char *zone_id)
{
	const struct app_send *st = app->send;

	if (!st || !st->job)
		return false;
	if (!zone_id)
		return true;
	if (st->what != SEND_APPLY)
		return !strcmp(st->zone_id, zone_id);
	for (size_t i = st->izone; i < st->nzones; i++)
		if (!strcmp(st->zones[i], zone_id))
			return true;
	return false;
}

bool
send_sending(const struct app *app)
{
	const struct app_send *st = app->send;

	return st && st->job && apply_job_sending(st->job);
}

bool
send_refuse(struct app *app, const char *zone_id, const char *what)
{
	char doing[96];

	if (!send_busy(app, zone_id))
		return false;
	send_doing(app, doing, sizeof(doing));
	app_error(app, "%s: wait for Route 53's answer before %s", doing, what);
	return true;
}

/* Is @zone_id one whose edits are in flight or wait in this apply for their turn? */
static bool
zone_pending(const struct app_send *st, const char *zone_id)
{
	for (size_t i = st->izone; i < st->nzones; i++)
		if (!strcmp(st->zones[i], zone_id))
			return true;
	return false;
}

bool
send_carries(const struct app *app, const char *zone_id, const struct rrset *rr, char *why,
	     size_t whysz)
{
	const struct app_send *st = app->send;
	bool found = false;
	char name[NAME_TEXT_MAX * 2];

	if (!st || !st->job || !rr)
		return false;
	if (st->what == SEND_APPLY && zone_pending(st, zone_id)) {
		for (size_t i = 0; i < st->nedits && !found; i++) {
			const struct staged_edit *e = &st->edits[i];

			found = !strcmp(e->zone_id, zone_id) &&
				((e->old_rr && rrset_same_key(e->old_rr, rr)) ||
				 (e->new_rr && rrset_same_key(e->new_rr, rr)));
		}
	} else if (st->what == SEND_ROLLBACK && !strcmp(st->zone_id, zone_id)) {
		for (size_t i = 0; i < st->undoing.inverse.len && !found; i++)
			found = rrset_same_key(st->undoing.inverse.changes[i].rr, rr);
	}
	if (!found)
		return false;
	if (why && whysz) {
		snprintf(why, whysz, "%s is being %s", rr_label(rr, name, sizeof(name)),
			 st->what == SEND_APPLY ? "sent" : "rolled back");
	}
	return true;
}

bool
send_carries_edit(const struct app *app, int64_t id)
{
	const struct app_send *st = app->send;

	if (!st || !st->job || st->what != SEND_APPLY)
		return false;
	for (size_t i = 0; i < st->nedits; i++)
		if (st->edits[i].id == id)
			return zone_pending(st, st->edits[i].zone_id);
	return false;
}

void
send_doing(const struct app *app, char *buf, size_t bufsz)
{
	const struct app_send *st = app->send;
	char doing[80];

	buf[0] = '\0';
	if (!st || !st->job || apply_job_finished(st->job))
		return;
	apply_job_doing(st->job, doing, sizeof(doing));
	/* the job's words say whether it is an apply or a rollback */
	if (st->what == SEND_APPLY && st->nzones > 1)
		snprintf(buf, bufsz, "zone %zu of %zu, %s", st->izone + 1, st->nzones, doing);
	else
		snprintf(buf, bufsz, "%s", doing);
}

static void
apply_finished(struct app *app, struct app_send *st)
{
	struct apply_outcome o;
	struct r53_error e = { 0 };
	char summary[160] = "";
	enum r53_code rc;

	memset(&o, 0, sizeof(o));
	rc = apply_job_result(st->job, &e, &o, NULL, NULL);
	apply_job_free(&st->job);
	for (size_t k = 0; k < o.nsent; k++) {
		snprintf(st->last, sizeof(st->last), "%s", o.sent[k].ci.id);
		st->nsent++;
	}
	if (rc == R53_CONFLICT)
		source_conflict_message(&o, &e);
	apply_outcome_done(&o);
	if (rc == R53_OK && ++st->izone < st->nzones &&
	    job_start(app, APPLY_JOB_APPLY, st->zones[st->izone]))
		return; /* the next zone */
	app_reload_all(app);
	if (st->last[0])
		source_apply_summary(app->src, st->last, st->nsent, rc, summary, sizeof(summary));
	if (rc != R53_OK) {
		if (summary[0])
			app_error(app, "%s; then: %s", summary, e.text);
		else
			app_error(app, "not applied: %s; the edits stay staged", e.text);
	} else if (st->izone >= st->nzones) {
		app_notice(app, "applied: %s", summary[0] ? summary : "nothing to send");
	} /* else job_start said why the next zone was not sent */
	send_free(app);
}

/* What a change of the rollback holds, so the question reads as a diff: "TTL 60 192.0.2.2
 * (+1)", "alias d111.cloudfront.net."; a long value is cut with "...". */
static void
rr_brief(const struct rrset *rr, char *buf, size_t bufsz)
{
	char first[48] = "";

	if (rr->alias) {
		snprintf(buf, bufsz, "alias %.120s",
			 rr->alias->dns_name ? rr->alias->dns_name : "?");
		return;
	}
	if (rr->nvalues) {
		size_t len = strlen(rr->values[0]);

		if (len < sizeof(first))
			snprintf(first, sizeof(first), "%s", rr->values[0]);
		else
			snprintf(first, sizeof(first), "%.40s...", rr->values[0]);
	}
	if (rr->nvalues > 1)
		snprintf(buf, bufsz, "TTL %lld %s (+%zu)", (long long)rr->ttl, first,
			 rr->nvalues - 1);
	else
		snprintf(buf, bufsz, "TTL %lld %s", (long long)rr->ttl, first);
}

/* The rollback's question (send.h), for both the loop's send and the scripted blocking one. */
void
send_rollback_question(const struct applied_batch *last, char *q, size_t qsz)
{
	/* the rows between the header and the key bar, less one for the view's title */
	int rows = LINES > 6 ? LINES - 3 : 3;
	size_t used, n = last->inverse.len;
	char more[64], *try = malloc(qsz);

	if (!try) {
		snprintf(q, qsz, "undo change %s (%zu changes)?",
			 last->change_id ? last->change_id : "?", n);
		return;
	}
	used = (size_t)snprintf(q, qsz, "undo change %s:", last->change_id ? last->change_id : "?");
	for (size_t i = 0; i < n; i++) {
		const struct rrset *rr = last->inverse.changes[i].rr;
		char label[NAME_TEXT_MAX * 2 + 80], brief[160], item[NAME_TEXT_MAX * 2 + 320];
		size_t l;

		rr_brief(rr, brief, sizeof(brief));
		l = (size_t)snprintf(item, sizeof(item), " %c%s %s",
				     last->inverse.changes[i].action == CHANGE_DELETE ? '-' : '+',
				     rr_label(rr, label, sizeof(label)), brief);
		snprintf(more, sizeof(more), " and %zu more change%s", n - i,
			 n - i == 1 ? "" : "s");
		/* would the question, with this change and the count of the rest, still fit? */
		if (snprintf(try, qsz, "%.*s%s%s? (y/N)", (int)used, q, item,
			     i + 1 < n ? more : "") >= (int)qsz ||
		    used + l + strlen(more) + 10 >= qsz ||
		    display_wrap(0, 20, try, 0, 0, false, NULL) > rows - 1) {
			used += (size_t)snprintf(q + used, qsz - used, "%s", more);
			break;
		}
		used += (size_t)snprintf(q + used, qsz - used, "%s", item);
	}
	snprintf(q + used, qsz - used, "?");
	free(try);
}

static void
plan_finished(struct app *app, struct app_send *st)
{
	struct applied_batch last;
	struct r53_error e = { 0 };
	char q[2000];

	memset(&last, 0, sizeof(last));
	if (apply_job_result(st->job, &e, NULL, &last, NULL) != R53_OK) {
		app_error(app, "no rollback: %s", e.text);
		applied_batch_done(&last);
		send_free(app);
		return;
	}
	apply_job_free(&st->job);
	send_rollback_question(&last, q, sizeof(q));
	applied_batch_done(&st->undoing);
	st->undoing = last; /* the record sets that cannot be edited until the answer */
	if (!app_confirm(app, q) || app->quit) {
		app_notice(app, "nothing sent");
		send_free(app);
		return;
	}
	/* The drift check again, right before sending: the zone may have moved while the
	 * question was on the screen. */
	st->what = SEND_ROLLBACK;
	if (!job_start(app, APPLY_JOB_ROLLBACK, st->zone_id))
		send_free(app);
	else
		app_notice(app, "rolling back %s...", st->shown);
}

static void
rollback_finished(struct app *app, struct app_send *st)
{
	struct applied_batch last;
	struct apply_sent sent;
	struct r53_error e = { 0 };
	enum r53_code rc;

	memset(&last, 0, sizeof(last));
	memset(&sent, 0, sizeof(sent));
	rc = apply_job_result(st->job, &e, NULL, &last, &sent);
	app_reload_all(app);
	if (rc != R53_OK)
		app_error(app, "not rolled back: %s", e.text);
	else
		app_notice(app, "rolled back change %s with change %s",
			   last.change_id ? last.change_id : "?", sent.ci.id);
	applied_batch_done(&last);
	send_free(app);
}

void
send_tick(struct app *app)
{
	struct app_send *st;

	while ((st = app->send) && st->job && apply_job_finished(st->job)) {
		switch (st->what) {
		case SEND_APPLY:
			apply_finished(app, st);
			break;
		case SEND_ROLLBACK_PLAN:
			plan_finished(app, st);
			break;
		case SEND_ROLLBACK:
			rollback_finished(app, st);
			break;
		}
		/* A script's next step sees the answer to the job this started (the next zone,
		 * the rollback after its question), as the loop's drain does for the others. */
		if (script_active() && app->send && app->send->job)
			net_drain(app);
	}
}

void
send_close(struct app *app)
{
	send_free(app);
}
