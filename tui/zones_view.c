/* The hosted zones view: the first view, one line per zone from the cache. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/client.h"
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
	if (width < 60) { /* 40 columns: every heading whole ("CACHED", not "CACH…") */
		w[1] = w[2] = 8;
		w[3] = 7;
		w[0] = width - 1 - w[1] - w[2] - w[3];
		if (w[0] < 10)
			w[0] = 10;
	}
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

/*
 * Delete: only an empty zone (Route 53's HostedZoneNotEmpty), after the zone name is typed
 */
struct delete_req {
	struct app *app; /* borrowed: outlives the client */
	char id[64];
	char shown[NAME_TEXT_MAX];
};

static void
zone_deleted(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	     struct r53_page *page, void *user)
{
	struct delete_req *q = user;
	struct app *app = q->app;
	struct r53_error e = { 0 };

	(void)c;
	(void)op;
	if (err && !strcmp(err->where, "HostedZoneNotEmpty"))
		app_error(app, "hosted zone %s not deleted: Route 53 says it holds record sets "
			       "besides NS and SOA (HostedZoneNotEmpty); S reads them, Enter shows "
			       "them",
			  q->shown);
	else if (err)
		app_error(app, "hosted zone %s not deleted: %s", q->shown, err->text);
	else if (source_delete_zone(app->src, q->id, &e) != R53_OK)
		app_error(app, "hosted zone %s deleted, but still cached: %s", q->shown, e.text);
	else {
		app_notice(app, "hosted zone %s deleted (change %s)", q->shown,
			   page ? page->change.id : "?");
		app->online = true;
		net_touched(app, true, false);
	}
	free(q);
}

/* Record sets of the cached zone that keep Route 53 from deleting it: all but the apex NS
 * and SOA. *@sub_ns: some are NS below the apex (delegations). */
static size_t
zone_blockers(struct app *app, const struct zone *z, bool *sub_ns, bool *listed)
{
	struct rrset_list l;
	size_t n = 0;

	*sub_ns = *listed = false;
	rrset_list_init(&l);
	if (source_list_rrsets(app->src, z->id, &l, NULL, NULL) == R53_OK && l.len) {
		*listed = true;
		for (size_t i = 0; i < l.len; i++)
			if (!rrset_protected(l.items[i], z->name)) {
				n++;
				*sub_ns |= l.items[i]->type == RR_NS;
			}
	}
	rrset_list_done(&l);
	if (!*listed && z->record_count > 2)
		n = (size_t)z->record_count - 2; /* not listed yet: Route 53's count */
	return n;
}

/* A registered domain (Route 53 Domains, in the cache) named like the public zone @z whose
 * registrar name servers are this zone's: deleting the zone breaks it, and a re-created zone
 * gets other name servers. 1: they point here; 0: no such domain or they point elsewhere;
 * -1: the domain is registered but the zone's name servers are not known (not read yet). */
static int
domain_points_here(struct app *app, const struct zone *z)
{
	struct domain *d = NULL;
	struct rrset *apex = NULL;
	size_t nd = 0;
	int r = 0;

	if (z->private_zone || source_list_domains(app->src, &d, &nd, NULL) != R53_OK)
		return 0;
	for (size_t i = 0; i < nd; i++) {
		char *const *zns;
		size_t nzns;

		if (strcmp(d[i].name, z->name) || !d[i].nname_servers)
			continue;
		if (!source_zone_ns(app->src, z, &zns, &nzns, &apex)) {
			r = -1;
			break;
		}
		for (size_t k = 0; k < d[i].nname_servers && r == 0; k++)
			for (size_t j = 0; j < nzns; j++)
				if (name_same_host(d[i].name_servers[k], zns[j]))
					r = 1;
		break; /* domain names are unique */
	}
	rrset_free(&apex);
	for (size_t i = 0; i < nd; i++)
		domain_done(&d[i]);
	free(d);
	return r;
}

static void
zone_delete(struct view *view, struct app *app)
{
	struct zones_state *st = view->private;
	const struct zone *z;
	struct delete_req *q;
	struct staged_edit *edits = NULL;
	struct r53_error e = { 0 };
	char name[NAME_TEXT_MAX], id[64], question[NAME_TEXT_MAX * 5 + 400];
	char warn[NAME_TEXT_MAX + 300], typed[NAME_TEXT_MAX * 2 + 8];
	bool sub_ns, listed;
	size_t blockers, nedits = 0;

	if (app_refuse_read_only(app) || !st->nvisible)
		return;
	z = &st->zones[st->visible[view->lineno]];
	snprintf(name, sizeof(name), "%s", z->name);
	snprintf(id, sizeof(id), "%s", z->id);
	blockers = zone_blockers(app, z, &sub_ns, &listed);
	if (blockers) {
		snprintf(question, sizeof(question),
			 "%s is not empty (%zu record set%s besides NS/SOA; HostedZoneNotEmpty). "
			 "Show %s?",
			 st->names[st->visible[view->lineno]], blockers, blockers == 1 ? "" : "s",
			 blockers == 1 ? "it" : "them");
		if (!app_confirm(app, question)) {
			app_notice(app, "nothing deleted");
			return;
		}
		/* the records view of that zone, filtered to what blocks the delete */
		if (app_open_view(app, &records_ops, id) &&
		    app_command(app, sub_ns ? "filter !type:SOA" : "filter !type:NS !type:SOA", &e) !=
			    R53_OK)
			app_error(app, "%s", e.text);
		return;
	}
	if (source_list_staged(app->src, id, &edits, &nedits, NULL) == R53_OK && nedits) {
		source_staged_free(edits, nedits);
		app_error(app, "%s has %zu staged edit%s: apply or discard them first (c)",
			  st->names[st->visible[view->lineno]], nedits, nedits == 1 ? "" : "s");
		return;
	}
	if (!net_client(app)) {
		app_error(app, "OFFLINE: a zone can only be deleted while Route 53 can be reached");
		return;
	}
	if (!(q = calloc(1, sizeof(*q)))) {
		app_error(app, "out of memory");
		return;
	}
	q->app = app;
	snprintf(q->id, sizeof(q->id), "%s", id);
	snprintf(q->shown, sizeof(q->shown), "%s", st->names[st->visible[view->lineno]]);
	switch (domain_points_here(app, z)) {
	case 1:
		snprintf(warn, sizeof(warn),
			 " The registered domain %s has its name servers pointing at this zone:"
			 " it stops resolving, and a re-created zone gets NEW name servers (the"
			 " registrar would have to be updated and the parent's NS TTL waited out).",
			 q->shown);
		break;
	case -1:
		snprintf(warn, sizeof(warn),
			 " %s is a registered domain (Route 53 Domains); if its name servers point"
			 " at this zone it stops resolving, and a re-created zone gets NEW name"
			 " servers.", q->shown);
		break;
	default:
		warn[0] = '\0';
	}
	app_typed_name(name, typed, sizeof(typed));
	snprintf(question, sizeof(question),
		 "DELETE zone %s (%s): its names stop resolving.%s Type %s to confirm", q->shown, id,
		 warn, typed);
	if (!app_confirm_typed(app, question, name)) {
		free(q); /* app_confirm_typed said what was typed */
		return;
	}
	if (r53_async_delete_zone(net_client(app), id, zone_deleted, q, &e) != R53_OK) {
		app_error(app, "hosted zone %s not deleted: %s", q->shown, e.text);
		free(q);
		return;
	}
	app_notice(app, "deleting hosted zone %s...", q->shown);
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
	case REQ_ZONE_ADD:
		if (app_refuse_read_only(app))
			return REQ_NONE;
		/* offline too: the form can be filled and checked; Enter says it cannot send */
		app_open_view(app, &create_ops, "zone");
		return REQ_NONE;
	case REQ_ZONE_DELETE:
		zone_delete(view, app);
		return REQ_NONE;
	case REQ_ROLLBACK:
		if (st->nvisible) {
			const struct zone *z = &st->zones[st->visible[view->lineno]];
			char id[64], shown[NAME_TEXT_MAX];

			/* copies: the rollback reloads this view */
			snprintf(id, sizeof(id), "%s", z->id);
			snprintf(shown, sizeof(shown), "%s", st->names[st->visible[view->lineno]]);
			edit_ask_rollback(app, id, shown);
		}
		return REQ_NONE;
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
	/* the first ones stay when the bar is cut short (40 columns: Open, Create, then Help and
	 * Quit); at 80 all but Sync fit (read-only: all). `:` is in the help (`?`) */
	REQ_ENTER,	REQ_ZONE_ADD, REQ_ZONE_DELETE, REQ_ROLLBACK, REQ_VIEW_STAGED,
	REQ_FILTER, REQ_SYNC,	  REQ_HELP,	   REQ_QUIT,	 REQ_NONE,
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
