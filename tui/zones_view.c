/* The hosted zones view: the first view, one line per zone from the cache. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

struct zones_state {
	struct zone *zones; /* owned: zone_done() each, then free() */
	size_t nzones;
	char **names;	    /* owned: display names (Unicode) */
	size_t *visible;    /* owned: indices into zones, filtered */
	size_t nvisible;
	int64_t *synced;    /* owned: per-zone listing time */
};

static enum r53_code
zones_filter(struct view *view, struct r53_error *err)
{
	struct zones_state *st = view->private;
	struct filter f;

	if (filter_compile(view->filter, &f, err) != R53_OK)
		return err ? err->code : R53_INVALID;
	st->nvisible = 0;
	for (size_t i = 0; i < st->nzones; i++) {
		const struct zone *z = &st->zones[i];
		struct filter_row row = {
			.name = st->names[i],
			.type = z->private_zone ? "private" : "public",
			.comment = z->comment,
			.ttl = -1,
		};
		if (filter_match(&f, &row))
			st->visible[st->nvisible++] = i;
	}
	return R53_OK;
}

static enum r53_code
zones_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct zones_state *st = view->private;

	if (source_list_zones(app->src, &st->zones, &st->nzones, &app->synced_at, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	st->names = calloc(st->nzones + 1, sizeof(*st->names));
	st->visible = calloc(st->nzones + 1, sizeof(*st->visible));
	st->synced = calloc(st->nzones + 1, sizeof(*st->synced));
	if (!st->names || !st->visible || !st->synced)
		return r53_error_set(err, R53_NOMEM, "zones", "out of memory");
	for (size_t i = 0; i < st->nzones; i++) {
		char buf[NAME_TEXT_MAX];
		name_display(st->zones[i].name, buf, sizeof(buf), display_utf8());
		st->names[i] = strdup(buf);
		if (!st->names[i])
			return r53_error_set(err, R53_NOMEM, "zones", "out of memory");
		st->synced[i] = source_zone_synced_at(app->src, st->zones[i].id);
		st->visible[i] = i;
	}
	st->nvisible = st->nzones;
	return R53_OK;
}

static size_t
zones_lines(const struct view *view)
{
	const struct zones_state *st = view->private;
	return st->nvisible;
}

/* Column widths for @width: name, visibility, records, cached, comment (rest). */
static void
zones_columns(int width, int w[5])
{
	w[1] = 9;
	w[2] = 9;
	w[3] = 8;
	w[0] = width * 2 / 5;
	if (w[0] < 16)
		w[0] = 16;
	w[4] = width - w[0] - w[1] - w[2] - w[3] - 1;
	if (w[4] < 0)
		w[4] = 0;
}

static void
zones_draw_header(const struct view *view, struct app *app, int y, int width)
{
	static const char *const titles[5] = { "NAME", "ZONE", "RECORDS", "CACHED", "COMMENT" };
	int w[5];

	zones_columns(width, w);
	display_headings(y, width, titles, w, 5);
}

static void
zones_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
		bool selected)
{
	const struct zones_state *st = view->private;
	size_t i = st->visible[lineno];
	const struct zone *z = &st->zones[i];
	attr_t a = selected ? display_attr(ROLE_CURSOR) : A_NORMAL;
	char count[24], age[24];
	int w[5], x = 0;

	zones_columns(width, w);
	if (z->record_count >= 0)
		snprintf(count, sizeof(count), "%ld", z->record_count);
	else
		snprintf(count, sizeof(count), "?");
	if (st->synced[i])
		app_age(st->synced[i], age, sizeof(age));
	else
		snprintf(age, sizeof(age), "-");
	x += display_text(y, x, " ", 1, a);
	x += display_column(y, x, st->names[i], w[0], a);
	x += display_column(y, x, z->private_zone ? "private" : "public", w[1], a);
	x += display_column(y, x, count, w[2], a);
	x += display_column(y, x, age, w[3], a);
	display_text(y, x, z->comment ? z->comment : "", width - x, a);
}

static enum request
zones_request(struct view *view, struct app *app, enum request req)
{
	struct zones_state *st = view->private;

	switch (req) {
	case REQ_ENTER:
		if (st->nvisible)
			app_open_view(app, &records_ops, st->zones[st->visible[view->lineno]].id);
		return REQ_NONE;
	case REQ_MARK:
	case REQ_SORT:
		app_notice(app, "zones are listed by name");
		return REQ_NONE;
	default:
		return req;
	}
}

static void
zones_title(const struct view *view, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "zones");
}

static void
zones_done(struct view *view)
{
	struct zones_state *st = view->private;

	for (size_t i = 0; i < st->nzones; i++) {
		zone_done(&st->zones[i]);
		if (st->names)
			free(st->names[i]);
	}
	free(st->zones);
	free(st->names);
	free(st->visible);
	free(st->synced);
}

static const enum request zones_keybar[] = {
	REQ_ENTER, REQ_FILTER, REQ_PROMPT, REQ_SYNC, REQ_VIEW_STAGED, REQ_HELP, REQ_QUIT, REQ_NONE,
};

const struct view_ops zones_ops = {
	.name = "zones",
	.private_size = sizeof(struct zones_state),
	.load = zones_load,
	.lines = zones_lines,
	.draw_header = zones_draw_header,
	.draw_line = zones_draw_line,
	.request = zones_request,
	.filter = zones_filter,
	.title = zones_title,
	.keybar = zones_keybar,
	.done = zones_done,
};
