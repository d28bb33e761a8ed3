/* The staged changes view (`c`, `:staged`): every staged edit as a before/after diff (lines
 * only in the old record set with '-', only in the new one with '+', shared ones plain), a
 * warning when a zone's batch would not fit one Route 53 request (and so would not be
 * atomic), discard one (`d`) or all (`D`), apply (`A` or Enter): without blocking on the loop's
 * client (send_apply()), or, when the loop has none (a script), through source_apply(). */
#include <stdlib.h>
#include <string.h>

#include "tui/send.h"
#include "tui/tui.h"

enum line_kind { LINE_INFO, LINE_WARN, LINE_EDIT, LINE_SAME, LINE_DEL, LINE_ADD, LINE_REMOTE };

struct staged_line {
	enum line_kind kind;
	char *text; /* owned */
	long edit;  /* index into edits, -1 for none; LINE_INFO: -2 the summary */
	bool cont;  /* a row that continues the line above (wrapped) */
};

struct staged_state {
	struct staged_edit *edits; /* owned */
	size_t nedits;
	struct staged_line *lines; /* owned */
	size_t n, cap;
	size_t max_parts; /* the largest split of one zone's batch */
	int cols;	  /* COLS the lines were wrapped for */
};

/* Shows the apply engine's progress ("change C1 PENDING; waiting for INSYNC") at once. */
static void
apply_progress(void *arg, const char *text)
{
	struct app *app = arg;

	app_notice(app, "%s", text);
	app_paint(app);
}

/* Columns a line of @kind starts at: diff lines are indented under their edit. */
static int
line_indent(enum line_kind kind)
{
	bool diff = kind == LINE_SAME || kind == LINE_DEL || kind == LINE_ADD || kind == LINE_REMOTE;

	return diff ? 4 : 0;
}

static bool
row_add(struct staged_state *st, enum line_kind kind, long edit, const char *text, bool cont)
{
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		struct staged_line *n = realloc(st->lines, cap * sizeof(*n));
		if (!n)
			return false;
		st->lines = n;
		st->cap = cap;
	}
	st->lines[st->n].kind = kind;
	st->lines[st->n].edit = edit;
	st->lines[st->n].cont = cont;
	st->lines[st->n].text = strdup(text);
	return st->lines[st->n++].text != NULL;
}

/* A line wraps at the screen's width at word ends, the rows after the first 2 columns further
 * in: a warning cut at 40 columns would hide "not atomic", a diff line cut would hide what
 * changes. The summary (-2) is said to fit one row when drawn. */
static bool
line_add(struct staged_state *st, enum line_kind kind, long edit, const char *text)
{
	int width = (COLS >= 20 ? COLS : 80) - line_indent(kind);
	char row[1300];
	bool ok = true, cont = false;

	if (edit == -2)
		return row_add(st, kind, edit, text, false);
	while (ok && (*text || !cont)) {
		size_t skip, len = display_row_fit(text, cont ? width - 2 : width, &skip);

		snprintf(row, sizeof(row), "%s%.*s", cont ? "  " : "", (int)len, text);
		ok &= row_add(st, kind, edit, row, cont);
		text += len + skip;
		cont = true;
	}
	return ok;
}

/* The lines that describe a record set, for the diff: TTL, values, alias, routing. Each line
 * whole (a TXT value is up to 4,000 characters: the diff compares and shows all of it, so a
 * change past any length shows as a change). Returns the count; *@out is owned by the caller
 * (strings_free); NULL and 0 for no record set, or when out of memory (*@nomem set). */
static size_t
rrset_lines(const struct rrset *rr, char ***out, bool *nomem)
{
	size_t n = 0, max = 4 + (rr ? rr->nvalues : 0);
	char buf[NAME_TEXT_MAX], **l;
	bool fail = false;

	*out = NULL;
	if (!rr)
		return 0;
	if (!(l = calloc(max, sizeof(*l)))) {
		*nomem = true;
		return 0;
	}
	if (rr->has_ttl) {
		ttl_human((uint32_t)rr->ttl, buf, sizeof(buf));
		fail |= asprintf(&l[n++], "TTL %lld (%s)", (long long)rr->ttl, buf) < 0;
	}
	if (!fail && rrset_policy(rr) != ROUTING_SIMPLE) {
		rrset_routing_display(rr, buf, sizeof(buf));
		fail |= asprintf(&l[n++], "routing %s, set %s", buf,
				 rr->set_id ? rr->set_id : "") < 0;
	}
	if (!fail && rr->health_check_id)
		fail |= asprintf(&l[n++], "health check %s", rr->health_check_id) < 0;
	if (!fail && rr->alias) {
		name_display(rr->alias->dns_name ? rr->alias->dns_name : "", buf, sizeof(buf),
			     display_utf8());
		fail |= asprintf(&l[n++], "ALIAS %s %s (zone %s, evaluate health %s)",
				 display_glyph(GLYPH_ARROW), buf,
				 rr->alias->hosted_zone_id ? rr->alias->hosted_zone_id : "?",
				 rr->alias->evaluate_target_health ? "yes" : "no") < 0;
	}
	for (size_t i = 0; !fail && i < rr->nvalues; i++)
		fail |= !(l[n++] = strdup(rr->values[i] ? rr->values[i] : ""));
	if (fail) {
		/* asprintf leaves its pointer undefined on failure: the last slot is not freed */
		l[--n] = NULL;
		*nomem = true;
	}
	*out = l;
	return n;
}

static void
strings_free(char **l, size_t n)
{
	for (size_t i = 0; l && i < n; i++)
		free(l[i]);
	free(l);
}

/* "@prefix @text" through line_add (the text whole). */
static bool
prefixed_add(struct staged_state *st, enum line_kind kind, long idx, const char *prefix,
	     const char *text)
{
	char *line = NULL;
	bool ok;

	if (asprintf(&line, "%s %s", prefix, text) < 0)
		return false;
	ok = line_add(st, kind, idx, line);
	free(line);
	return ok;
}

/* A conflict: the cache holds another version of the record set than the edit began from
 * (a sync, or the apply that Route 53 refused, wrote Route 53's). That version is shown above
 * the diff, since the apply will be refused until the edit is discarded and made again. A
 * zone whose record sets were never read says nothing: the cache does not know. */
static bool
remote_lines_add(struct staged_state *st, struct app *app, long idx)
{
	const struct staged_edit *e = &st->edits[idx];
	const struct rrset *key = e->old_rr ? e->old_rr : e->new_rr;
	struct rrset *now = NULL;
	char **cur = NULL;
	size_t n;
	bool ok = true, nomem = false;

	if (source_get_rrset(app->src, e->zone_id, key->name, key->type, key->set_id, &now,
			     NULL) != R53_OK ||
	    (e->old_rr ? now && rrset_equal(now, e->old_rr) : !now) ||
	    (!now && source_zone_synced_at(app->src, e->zone_id) == 0)) {
		rrset_free(&now);
		return true;
	}
	ok &= line_add(st, LINE_REMOTE, idx,
		       now ? "! Route 53 changed it since staging (A is refused; d discards). It "
			     "now holds:"
			   : "! Route 53 deleted it since staging (A is refused; d discards)");
	n = rrset_lines(now, &cur, &nomem);
	for (size_t i = 0; i < n; i++)
		ok &= prefixed_add(st, LINE_REMOTE, idx, "=", cur[i]);
	strings_free(cur, n);
	rrset_free(&now);
	return ok && !nomem;
}

static bool
edit_lines_add(struct staged_state *st, struct app *app, long idx)
{
	const struct staged_edit *e = &st->edits[idx];
	const struct rrset *any = e->new_rr ? e->new_rr : e->old_rr;
	char name[NAME_TEXT_MAX], head[NAME_TEXT_MAX + 200], **a = NULL, **b = NULL;
	size_t na, nb;
	bool ok = true, nomem = false;

	name_display(any->name, name, sizeof(name), display_utf8());
	snprintf(head, sizeof(head), "%s %s %s%s%s", !e->old_rr ? "add" : !e->new_rr ? "delete" : "edit",
		 name, rr_type_name(any->type), any->set_id ? "  set " : "",
		 any->set_id ? any->set_id : "");
	ok &= line_add(st, LINE_EDIT, idx, head);
	ok &= remote_lines_add(st, app, idx);
	na = rrset_lines(e->old_rr, &a, &nomem);
	nb = rrset_lines(e->new_rr, &b, &nomem);
	/* removed lines, then added ones, then what stays: a change reads as "- old / + new" */
	for (int pass = 0; pass < 3 && !nomem; pass++) {
		size_t n = pass == 1 ? nb : na;
		for (size_t i = 0; i < n; i++) {
			const char *l = pass == 1 ? b[i] : a[i];
			bool same = false;
			for (size_t j = 0; j < (pass == 1 ? na : nb) && !same; j++)
				same = !strcmp(l, pass == 1 ? a[j] : b[j]);
			if (same != (pass == 2))
				continue;
			ok &= prefixed_add(st, pass == 0 ? LINE_DEL : pass == 1 ? LINE_ADD : LINE_SAME,
					   idx, pass == 0 ? "-" : pass == 1 ? "+" : " ", l);
		}
	}
	strings_free(a, na);
	strings_free(b, nb);
	return ok && !nomem;
}

/* Per zone: the batch the edits make, split at Route 53's limits. */
static bool
split_warnings(struct staged_state *st, struct app *app)
{
	bool ok = true;

	for (size_t i = 0; i < st->nedits; i++) {
		struct change_batch b, *parts = NULL;
		size_t nparts = 0, nchanges;
		struct r53_error e = { 0 };
		char zone[NAME_TEXT_MAX], line[NAME_TEXT_MAX + 200];
		bool first = true;

		for (size_t k = 0; k < i; k++)
			if (!strcmp(st->edits[k].zone_id, st->edits[i].zone_id))
				first = false;
		if (!first)
			continue;
		change_batch_init(&b);
		for (size_t k = i; k < st->nedits; k++)
			if (!strcmp(st->edits[k].zone_id, st->edits[i].zone_id))
				change_batch_add_edit(&b, st->edits[k].old_rr, st->edits[k].new_rr,
						      NULL);
		nchanges = b.len;
		source_zone_name(app->src, st->edits[i].zone_id, zone, sizeof(zone));
		if (change_batch_split(&b, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &parts,
				       &nparts, &e) != R53_OK) {
			snprintf(line, sizeof(line), "! %.900s: %.255s", zone, e.text);
			ok &= line_add(st, LINE_WARN, -1, line);
		} else if (nparts > 1) {
			snprintf(line, sizeof(line),
				 "! %s: %zu changes exceed one Route 53 request (%d records, %d "
				 "characters): sent in %zu parts, not atomic across %zu parts",
				 zone, nchanges, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, nparts,
				 nparts);
			ok &= line_add(st, LINE_WARN, -1, line);
			if (nparts > st->max_parts)
				st->max_parts = nparts;
		}
		for (size_t p = 0; p < nparts; p++)
			change_batch_done(&parts[p]);
		free(parts);
		change_batch_done(&b);
	}
	return ok;
}

static void
lines_free(struct staged_state *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->lines[i].text);
	st->n = 0;
}

/* The lines of st->edits, wrapped at the screen's width now. */
static bool
lines_build(struct staged_state *st, struct app *app)
{
	char line[256];
	bool ok = true;

	lines_free(st);
	st->cols = COLS;
	if (st->nedits == 0)
		return line_add(st, LINE_INFO, -1, "No staged edits. e, a, t and d in a zone's "
						   "records stage some.");
	snprintf(line, sizeof(line), "%zu staged edit%s, not sent yet.", st->nedits,
		 st->nedits == 1 ? "" : "s");
	ok &= line_add(st, LINE_INFO, -2, line);
	ok &= split_warnings(st, app);
	for (size_t i = 0; i < st->nedits && ok; i++)
		ok &= edit_lines_add(st, app, (long)i);
	return ok;
}

static enum r53_code
staged_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct staged_state *st = view->private;

	if (source_list_staged(app->src, NULL, &st->edits, &st->nedits, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	if (!lines_build(st, app))
		return r53_error_set(err, R53_NOMEM, "staged", "out of memory");
	return R53_OK;
}

/* A resize wraps the lines again; the cursor stays on its edit. */
static void
staged_tick(struct view *view, struct app *app)
{
	struct staged_state *st = view->private;
	long edit = view->lineno < st->n ? st->lines[view->lineno].edit : -1;

	if (st->cols == COLS)
		return;
	if (!lines_build(st, app)) {
		app_error(app, "staged: out of memory");
		return;
	}
	if (view->lineno >= st->n)
		view->lineno = st->n ? st->n - 1 : 0;
	for (size_t i = 0; edit >= 0 && i < st->n; i++)
		if (st->lines[i].edit == edit) {
			view->lineno = i;
			break;
		}
}

static size_t
staged_lines(const struct view *view)
{
	const struct staged_state *st = view->private;
	return st->n;
}

/* How many of the edits shown are in the apply in flight (asked when drawn: the send moves
 * on without reloading this view). */
static size_t
staged_in_flight(const struct staged_state *st, const struct app *app)
{
	size_t k = 0;

	for (size_t i = 0; i < st->nedits; i++)
		k += send_carries_edit(app, st->edits[i].id);
	return k;
}

/* The summary's keys, said while they fit the row (the key bar keeps A and d). */
static const char *const summary_hints[] = { "A or Enter applies", "d discards one", "D all",
					     NULL };

static void
staged_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
		 bool selected)
{
	const struct staged_state *st = view->private;
	const struct staged_line *l = &st->lines[lineno];
	const char *text = l->text;
	char buf[NAME_TEXT_MAX + 300];
	size_t k;
	attr_t a;
	int ind;

	/* while an apply is in flight: which edits it carries, and what waits for the next */
	if (l->kind == LINE_INFO && l->edit == -2 && (k = staged_in_flight(st, app)) > 0) {
		if (k == st->nedits)
			snprintf(buf, sizeof(buf),
				 "%zu staged edit%s being sent to Route 53; the header says how far.",
				 k, k == 1 ? "" : "s");
		else
			snprintf(buf, sizeof(buf),
				 "%zu staged edit%s: %zu being sent to Route 53, %zu for the next "
				 "apply (d discards one of those).",
				 st->nedits, st->nedits == 1 ? "" : "s", k, st->nedits - k);
		text = buf;
	} else if (l->kind == LINE_INFO && l->edit == -2) {
		display_clauses(buf, sizeof(buf), width, l->text, " ", summary_hints, ".");
		text = buf;
	} else if (l->kind == LINE_EDIT && !l->cont && send_carries_edit(app, st->edits[l->edit].id)) {
		snprintf(buf, sizeof(buf), "%s   (being sent)", l->text);
		text = buf;
	}
	switch (l->kind) {
	case LINE_WARN:
	case LINE_REMOTE: a = display_attr(ROLE_WARNING); break;
	case LINE_EDIT: a = display_attr(ROLE_HEADING); break;
	case LINE_DEL: a = display_attr(ROLE_DIFF_DEL); break;
	case LINE_ADD: a = display_attr(ROLE_DIFF_ADD); break;
	default: a = A_NORMAL; break;
	}
	if (selected)
		a = display_attr(ROLE_CURSOR);
	ind = line_indent(l->kind);
	if (ind)
		display_text(y, 0, "", ind, a);
	display_text(y, ind, text, width - ind, a);
}

static void
staged_draw_header(const struct view *view, struct app *app, int y, int width)
{
	display_text(y, 0, " Staged changes: - before, + after", width,
		     display_attr(ROLE_HEADING));
}

static enum request
staged_request(struct view *view, struct app *app, enum request req)
{
	struct staged_state *st = view->private;
	struct r53_error e = { 0 };

	switch (req) {
	case REQ_DISCARD: {
		long idx = view->lineno < st->n ? st->lines[view->lineno].edit : -1;
		char head[NAME_TEXT_MAX + 64] = "";
		if (idx < 0) {
			app_notice(app, "move to a staged edit to discard it");
			return REQ_NONE;
		}
		for (size_t i = 0; i < st->n; i++)
			if (st->lines[i].edit == idx && st->lines[i].kind == LINE_EDIT &&
			    !st->lines[i].cont)
				snprintf(head, sizeof(head), "%s", st->lines[i].text);
		/* an edit staged after the apply began is not in it: that one may go */
		if (send_carries_edit(app, st->edits[idx].id)) {
			app_error(app, "%s is being sent: wait for Route 53's answer before discarding "
				  "it",
				  head);
			return REQ_NONE;
		}
		if (source_discard(app->src, st->edits[idx].id, &e) != R53_OK) {
			app_error(app, "%s", e.text);
			return REQ_NONE;
		}
		app_reload_all(app);
		app_notice(app, "discarded: %s (%zu staged)", head, app->staged);
		return REQ_NONE;
	}
	case REQ_DISCARD_ALL: {
		char q[128];
		if (!st->nedits) {
			app_notice(app, "nothing staged");
			return REQ_NONE;
		}
		if (send_refuse(app, NULL, "discarding the edits"))
			return REQ_NONE;
		if (st->nedits == 1)
			snprintf(q, sizeof(q), "discard the 1 staged edit?");
		else
			snprintf(q, sizeof(q), "discard all %zu staged edits?", st->nedits);
		if (!app_confirm(app, q)) {
			app_notice(app, "nothing discarded");
			return REQ_NONE;
		}
		if (source_discard(app->src, 0, &e) != R53_OK) {
			app_error(app, "%s", e.text);
			return REQ_NONE;
		}
		app_reload_all(app);
		app_notice(app, "discarded every staged edit");
		return REQ_NONE;
	}
	case REQ_APPLY:
	case REQ_ENTER: {
		char q[160];
		if (app_refuse_read_only(app) || send_refuse(app, NULL, "applying again"))
			return REQ_NONE;
		if (!st->nedits) {
			app_notice(app, "nothing staged");
			return REQ_NONE;
		}
		if (st->max_parts > 1)
			snprintf(q, sizeof(q), "apply %zu edits in %zu parts (not atomic across them)?",
				 st->nedits, st->max_parts);
		else
			snprintf(q, sizeof(q), "apply %zu staged edit%s to Route 53?", st->nedits,
				 st->nedits == 1 ? "" : "s");
		if (!app_confirm(app, q)) {
			app_notice(app, "nothing sent");
			return REQ_NONE;
		}
		if (net_client(app)) {
			send_apply(app); /* answers arrive in the loop; send_tick() reports */
			return REQ_NONE;
		}
		{
			char summary[160];
			enum r53_code rc;

			app_notice(app, "sending %zu staged edit%s...", st->nedits,
				   st->nedits == 1 ? "" : "s");
			app_paint(app);
			rc = source_apply(app->src, !net_following(app), apply_progress, app,
					  summary, sizeof(summary), &e);
			app_reload_all(app);
			if (rc != R53_OK) {
				if (summary[0])
					app_error(app, "%s; then: %s", summary, e.text);
				else
					app_error(app, "not applied: %s; the edits stay staged",
						  e.text);
				return REQ_NONE;
			}
			app_notice(app, "applied: %s", summary[0] ? summary : "nothing to send");
		}
		return REQ_NONE;
	}
	case REQ_MARK:
	case REQ_SORT:
		return REQ_NONE;
	default:
		return req;
	}
}

static void
staged_title(const struct view *view, char *buf, size_t bufsz)
{
	const struct staged_state *st = view->private;
	snprintf(buf, bufsz, "staged %zu", st->nedits);
}

static void
staged_done(struct view *view)
{
	struct staged_state *st = view->private;

	lines_free(st);
	free(st->lines);
	source_staged_free(st->edits, st->nedits);
}

static const enum request staged_keybar[] = { REQ_APPLY, REQ_DISCARD, REQ_DISCARD_ALL,
					      REQ_MOVE_DOWN, REQ_HELP, REQ_QUIT, REQ_NONE };

const struct view_ops staged_ops = {
	.name = "staged",
	.private_size = sizeof(struct staged_state),
	.load = staged_load,
	.lines = staged_lines,
	.draw_header = staged_draw_header,
	.draw_line = staged_draw_line,
	.request = staged_request,
	.title = staged_title,
	.keybar = staged_keybar,
	.done = staged_done,
	.tick = staged_tick,
};
