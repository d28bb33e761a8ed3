/* The health checks view: type, target, status from the checkers' observations, and how many
 * cached record sets use each check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "tui/tui.h"

struct hc_state {
	struct health_check *checks; /* owned: health_check_done() each, then free() */
	size_t nchecks;
	size_t *users;		     /* owned: record sets naming each check */
	size_t *visible;	     /* owned: indices into checks, filtered */
	size_t nvisible;
};

static void
hc_target(const struct health_check *h, char *out, size_t outsz)
{
	const char *host = h->fqdn ? h->fqdn : h->ip ? h->ip : "";

	if (h->type && !strcmp(h->type, "CALCULATED"))
		snprintf(out, outsz, "%d of %zu child checks healthy",
			 h->health_threshold < 0 ? 0 : h->health_threshold, h->nchildren);
	else if (h->port)
		snprintf(out, outsz, "%s:%d%s", host, h->port, h->path ? h->path : "");
	else
		snprintf(out, outsz, "%s", host);
}

static const char *
hc_status(const struct health_check *h)
{
	if (h->disabled)
		return "disabled";
	return h->status == 1 ? "healthy" : h->status == 0 ? "unhealthy" : "unknown";
}

static enum r53_code
hc_filter(struct view *view, struct r53_error *err)
{
	struct hc_state *st = view->private;
	struct filter f;

	if (filter_compile(view->filter, &f, err) != R53_OK)
		return err ? err->code : R53_INVALID;
	st->nvisible = 0;
	for (size_t i = 0; i < st->nchecks; i++) {
		char target[300];
		const char *vals[1] = { target };
		struct filter_row row = {
			.name = st->checks[i].id,
			.type = st->checks[i].type,
			.routing = hc_status(&st->checks[i]),
			.values = vals,
			.nvalues = 1,
			.ttl = -1,
		};
		hc_target(&st->checks[i], target, sizeof(target));
		if (filter_match(&f, &row))
			st->visible[st->nvisible++] = i;
	}
	return R53_OK;
}

/* Counts the cached record sets that name each check (every zone, once per load). */
static void
count_users(struct hc_state *st, struct app *app)
{
	struct zone *zones = NULL;
	size_t nzones = 0;

	if (source_list_zones(app->src, &zones, &nzones, NULL, NULL) != R53_OK)
		nzones = 0;
	for (size_t z = 0; z < nzones; z++) {
		struct rrset_list l;

		rrset_list_init(&l);
		if (source_list_rrsets(app->src, zones[z].id, &l, NULL, NULL) == R53_OK) {
			for (size_t r = 0; r < l.len; r++) {
				const char *id = l.items[r]->health_check_id;

				for (size_t i = 0; id && i < st->nchecks; i++)
					if (st->checks[i].id && !strcmp(st->checks[i].id, id))
						st->users[i]++;
			}
		}
		rrset_list_done(&l);
		zone_done(&zones[z]);
	}
	free(zones);
}

static enum r53_code
hc_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct hc_state *st = view->private;

	if (source_list_health_checks(app->src, &st->checks, &st->nchecks, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	st->users = calloc(st->nchecks + 1, sizeof(*st->users));
	st->visible = calloc(st->nchecks + 1, sizeof(*st->visible));
	if (!st->users || !st->visible)
		return r53_error_set(err, R53_NOMEM, "hc", "out of memory");
	for (size_t i = 0; i < st->nchecks; i++)
		st->visible[i] = i;
	st->nvisible = st->nchecks;
	count_users(st, app);
	return R53_OK;
}

static size_t
hc_lines(const struct view *view)
{
	const struct hc_state *st = view->private;
	return st->nvisible;
}

/* id, type, status, records, target (rest) */
static void
hc_columns(int width, int w[5])
{
	w[0] = 38;
	w[1] = 17;
	w[2] = 10;
	w[3] = 8;
	if (width < 100)
		w[0] = 14; /* ids are UUIDs: the start tells them apart */
	if (width < 80) /* the count goes (Enter names the users): a target cut ("192.0.2.7…")
			 * could be another address */
		w[3] = 0;
	if (width < 60) { /* the status whole; records and target in the detail (Enter) */
		w[3] = w[4] = 0;
		w[0] = width - 1 - w[1] - w[2];
		if (w[0] < 10)
			w[0] = 10;
		return;
	}
	w[4] = width - w[0] - w[1] - w[2] - w[3] - 1;
	if (w[4] < 0)
		w[4] = 0;
}

static void
hc_draw_header(const struct view *view, struct app *app, int y, int width)
{
	static const char *const titles[5] = { "ID", "TYPE", "STATUS", "RECORDS", "TARGET" };
	int w[5];

	hc_columns(width, w);
	display_headings(y, width, titles, w, 5);
}

static void
hc_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
	     bool selected)
{
	const struct hc_state *st = view->private;
	size_t i = st->visible[lineno];
	const struct health_check *h = &st->checks[i];
	attr_t a = selected ? display_attr(ROLE_CURSOR) : A_NORMAL;
	char target[300], users[24];
	int w[5], x = 0;

	hc_columns(width, w);
	hc_target(h, target, sizeof(target));
	snprintf(users, sizeof(users), "%zu", st->users[i]);
	x += display_text(y, x, " ", 1, a);
	x += display_column(y, x, h->id ? h->id : "", w[0], a);
	x += display_column(y, x, h->type ? h->type : "", w[1], a);
	x += display_column(y, x, hc_status(h), w[2],
			    selected || h->status == 1 ? a : a | display_attr(ROLE_WARNING));
	x += display_column(y, x, users, w[3], a);
	display_text(y, x, target, width - x, a);
}

/* "www.example.com. A (weighted one), ..." for the cached record sets that name check @id,
 * at most @max of them; returns how many there are. */
static size_t
hc_users_text(struct app *app, const char *id, char *buf, size_t bufsz, size_t max)
{
	struct zone *zones = NULL;
	size_t nzones = 0, n = 0, len = 0;

	buf[0] = '\0';
	if (source_list_zones(app->src, &zones, &nzones, NULL, NULL) != R53_OK)
		nzones = 0;
	for (size_t z = 0; z < nzones; z++) {
		struct rrset_list l;

		rrset_list_init(&l);
		if (source_list_rrsets(app->src, zones[z].id, &l, NULL, NULL) == R53_OK)
			for (size_t r = 0; r < l.len; r++) {
				const struct rrset *rr = l.items[r];
				char name[NAME_TEXT_MAX];

				if (!rr->health_check_id || strcmp(rr->health_check_id, id))
					continue;
				if (n++ >= max)
					continue;
				name_display(rr->name, name, sizeof(name), display_utf8());
				if (len < bufsz)
					len += snprintf(buf + len, bufsz - len, "%s%s %s%s%s%s",
							len ? ", " : "", name, rr_type_name(rr->type),
							rr->set_id ? " (" : "",
							rr->set_id ? rr->set_id : "",
							rr->set_id ? ")" : "");
			}
		rrset_list_done(&l);
		zone_done(&zones[z]);
	}
	free(zones);
	if (n > max && len < bufsz)
		snprintf(buf + len, bufsz - len, " and %zu more", n - max);
	return n;
}

struct hc_delete_req {
	struct app *app; /* borrowed: outlives the client */
	char id[64];
};

static void
hc_deleted(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	   struct r53_page *page, void *user)
{
	struct hc_delete_req *q = user;
	struct app *app = q->app;
	struct r53_error e = { 0 };

	(void)c;
	(void)op;
	(void)page;
	if (err)
		app_error(app, "health check %s not deleted: %s", q->id, err->text);
	else if (source_delete_health_check(app->src, q->id, &e) != R53_OK)
		app_error(app, "health check %s deleted, but still cached: %s", q->id, e.text);
	else {
		app_notice(app, "health check %s deleted", q->id);
		app->online = true;
		net_touched(app, false, true);
	}
	free(q);
}

static void
hc_delete(struct view *view, struct app *app)
{
	struct hc_state *st = view->private;
	const struct health_check *h;
	struct hc_delete_req *q;
	struct r53_error e = { 0 };
	char users[600], target[300], question[500];
	size_t n;

	if (app_refuse_read_only(app) || !st->nvisible)
		return;
	h = &st->checks[st->visible[view->lineno]];
	if (!h->id)
		return;
	n = hc_users_text(app, h->id, users, sizeof(users), 3);
	if (n) {
		app_error(app, "health check %s is in use by %zu record set%s: %s; take it off %s "
			       "first (HealthCheckInUse)",
			  h->id, n, n == 1 ? "" : "s", users, n == 1 ? "it" : "them");
		return;
	}
	if (!net_client(app)) {
		app_error(app, "OFFLINE: a health check can only be deleted while Route 53 can be "
			       "reached");
		return;
	}
	hc_target(h, target, sizeof(target));
	snprintf(question, sizeof(question), "delete health check %s (%s %s)?", h->id,
		 h->type ? h->type : "", target);
	if (!(q = calloc(1, sizeof(*q)))) {
		app_error(app, "out of memory");
		return;
	}
	q->app = app;
	snprintf(q->id, sizeof(q->id), "%s", h->id);
	if (!app_confirm(app, question)) {
		app_notice(app, "nothing deleted");
		free(q);
		return;
	}
	if (r53_async_delete_health_check(net_client(app), q->id, hc_deleted, q, &e) != R53_OK) {
		app_error(app, "health check %s not deleted: %s", q->id, e.text);
		free(q);
		return;
	}
	app_notice(app, "deleting health check %s...", q->id);
}

static enum request
hc_request(struct view *view, struct app *app, enum request req)
{
	struct hc_state *st = view->private;

	switch (req) {
	case REQ_ENTER:
		if (st->nvisible) {
			const struct health_check *h = &st->checks[st->visible[view->lineno]];
			char target[300], names[600], used[700];
			size_t nused = hc_users_text(app, h->id, names, sizeof(names), 5);

			const char *flags = h->inverted && h->disabled ? ", inverted, disabled"
					    : h->inverted		   ? ", inverted"
					    : h->disabled		   ? ", disabled"
									   : "";

			/* which record sets use it, as the delete refusal names them */
			if (nused)
				snprintf(used, sizeof(used), "used by %zu record set%s: %s", nused,
					 nused == 1 ? "" : "s", names);
			else
				snprintf(used, sizeof(used), "no record set uses it");
			hc_target(h, target, sizeof(target));
			if (h->type && !strcmp(h->type, "CALCULATED")) {
				char kids[400] = "";
				size_t n = 0;

				for (size_t i = 0; i < h->nchildren && n < sizeof(kids); i++)
					n += snprintf(kids + n, sizeof(kids) - n, "%s%s", i ? ", " : "",
						      h->children[i]);
				app_notice(app, "%s: CALCULATED, healthy when %s (%s)%s; %s", h->id,
					   target, kids, flags, used);
			} else {
				app_notice(app, "%s: %s %s, every %d s, %d failures, %s%s; %s", h->id,
					   h->type, target, h->interval, h->failure_threshold,
					   hc_status(h), flags, used);
			}
		}
		return REQ_NONE;
	case REQ_HC_ADD:
		if (app_refuse_read_only(app))
			return REQ_NONE;
		/* offline too: the form can be filled and checked; Enter says it cannot send */
		app_open_view(app, &create_ops, "hc");
		return REQ_NONE;
	case REQ_HC_DELETE:
		hc_delete(view, app);
		return REQ_NONE;
	case REQ_SORT:
		app_notice(app, "health checks are listed by id");
		return REQ_NONE;
	default:
		return req;
	}
}

static void
hc_title(const struct view *view, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "health checks");
}

static void
hc_done(struct view *view)
{
	struct hc_state *st = view->private;

	for (size_t i = 0; i < st->nchecks; i++)
		health_check_done(&st->checks[i]);
	free(st->checks);
	free(st->users);
	free(st->visible);
}

static const enum request hc_keybar[] = {
	/* 76 columns: all fit at 80; cut short, the first ones stay, with Help and q */
	REQ_ENTER, REQ_HC_ADD, REQ_HC_DELETE, REQ_FILTER, REQ_PROMPT, REQ_VIEW_ZONES, REQ_HELP,
	REQ_QUIT,  REQ_NONE,
};

const struct view_ops hc_ops = {
	.name = "hc",
	.private_size = sizeof(struct hc_state),
	.load = hc_load,
	.lines = hc_lines,
	.draw_header = hc_draw_header,
	.draw_line = hc_draw_line,
	.request = hc_request,
	.filter = hc_filter,
	.title = hc_title,
	.keybar = hc_keybar,
	.done = hc_done,
};
