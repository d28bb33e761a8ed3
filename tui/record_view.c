/* One record set in full: every field and every value, read-only. Opened with Enter from the
 * records view; the record editor will start from here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

struct record_state {
	char zone_id[64];
	char zone_name[NAME_TEXT_MAX];
	struct rrset *rr; /* owned; the staged values when an edit is staged */
	struct rrset *applied; /* owned or NULL: what the cache (Route 53) has, when staged */
	char staged;	       /* '~' edited, '+' added, '-' deleted (staged, not applied), or 0 */
	char **lines;	  /* owned */
	size_t n, cap;
};

static bool
add(struct record_state *st, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool
add(struct record_state *st, const char *label, const char *fmt, ...)
{
	char *value = NULL, *line = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&value, fmt, ap);
	va_end(ap);
	if (r < 0)
		return false;
	r = asprintf(&line, " %-14s %s", label, value);
	free(value);
	if (r < 0)
		return false;
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 32;
		char **n = realloc(st->lines, cap * sizeof(*n));
		if (!n) {
			free(line);
			return false;
		}
		st->lines = n;
		st->cap = cap;
	}
	st->lines[st->n++] = line;
	return true;
}

/* Long values (a 2048-character TXT) wrap: a line takes as many rows as it needs at the
 * screen's width, the rows after the first under the value's column. */
#define VALUE_COL 16

/* @arg is "ZONE_ID NAME TYPE [SET_ID...]": the key of the record set, read again from the
 * source (so REQ_REFRESH shows what the cache has now). */
static enum r53_code
record_find(struct record_state *st, struct app *app, const char *arg, struct r53_error *err)
{
	char name[NAME_TEXT_MAX], type[16];
	const char *set_id = NULL;
	struct rrset_list list;
	struct zone *zones = NULL;
	size_t nz = 0;
	int used = 0;
	long i;

	if (sscanf(arg, "%63s %1024s %15s %n", st->zone_id, name, type, &used) < 3)
		return r53_error_set(err, R53_USAGE, "record", "record ZONE_ID NAME TYPE [SET_ID]");
	if (used > 0 && arg[used])
		set_id = arg + used;
	if (source_list_zones(app->src, &zones, &nz, NULL, err) == R53_OK)
		for (size_t k = 0; k < nz; k++)
			if (!strcmp(zones[k].id, st->zone_id))
				snprintf(st->zone_name, sizeof(st->zone_name), "%s", zones[k].name);
	for (size_t k = 0; k < nz; k++)
		zone_done(&zones[k]);
	free(zones);
	rrset_list_init(&list);
	if (source_list_rrsets(app->src, st->zone_id, &list, NULL, err) != R53_OK) {
		rrset_list_done(&list);
		return err ? err->code : R53_CACHE;
	}
	i = rrset_list_find(&list, name, rr_type_parse(type), set_id);
	if (i >= 0) {
		st->rr = rrset_dup(list.items[i]);
		if (!st->rr) {
			rrset_list_done(&list);
			return r53_error_set(err, R53_NOMEM, "record", "out of memory");
		}
	}
	rrset_list_done(&list);
	/* a staged edit of this key: show what it will be, the applied set beside it */
	{
		struct staged_edit *edits = NULL;
		size_t ne = 0;
		struct rrset probe = { 0 };

		probe.name = name;
		probe.type = rr_type_parse(type);
		probe.set_id = (char *)set_id;
		if (source_list_staged(app->src, st->zone_id, &edits, &ne, NULL) == R53_OK) {
			for (size_t k = 0; k < ne; k++) {
				const struct rrset *nr = edits[k].new_rr, *or = edits[k].old_rr;

				if (nr && rrset_same_key(nr, &probe)) {
					rrset_free(&st->applied);
					st->applied = st->rr; /* NULL for an add */
					st->rr = rrset_dup(nr);
					st->staged = or ? '~' : '+';
				} else if (!nr && or && rrset_same_key(or, &probe) && st->rr) {
					st->staged = '-';
				}
			}
			source_staged_free(edits, ne);
		}
	}
	if (!st->rr)
		return r53_error_set(err, R53_NOTFOUND, "record", "%s %s is no longer in the cache",
				     name, type);
	return R53_OK;
}

static enum r53_code
record_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct record_state *st = view->private;
	const struct rrset *rr;
	char buf[NAME_TEXT_MAX + 64], buf2[NAME_TEXT_MAX];
	bool ok = true;

	if (!arg)
		return r53_error_set(err, R53_USAGE, "record", "which record set?");
	if (record_find(st, app, arg, err) != R53_OK)
		return err ? err->code : R53_NOTFOUND;
	rr = st->rr;
	if (st->staged == '~')
		ok &= add(st, "STAGED", "edited, not applied yet: the values below are the staged "
					"ones (c reviews, A applies); Route 53 has the ones under "
					"\"Applied\"");
	else if (st->staged == '+')
		ok &= add(st, "STAGED", "added, not applied yet: Route 53 does not have this record "
					"set (c reviews, A applies)");
	else if (st->staged == '-')
		ok &= add(st, "STAGED", "deleted, not applied yet: Route 53 still has it as below "
					"(c reviews, A applies)");
	name_display(rr->name, buf, sizeof(buf), display_utf8());
	ok &= add(st, "Name", "%s", buf);
	if (strcmp(buf, rr->name) != 0)
		ok &= add(st, "", "as Route 53 stores it: %s", rr->name);
	ok &= add(st, "Type", "%s", rr_type_name(rr->type));
	name_display(st->zone_name, buf2, sizeof(buf2), display_utf8());
	ok &= add(st, "Zone", "%s (%s)", buf2, st->zone_id);
	if (rr->has_ttl) {
		ttl_human((uint32_t)rr->ttl, buf, sizeof(buf));
		ok &= add(st, "TTL", "%lld (%s)", (long long)rr->ttl, buf);
	} else {
		ok &= add(st, "TTL", "none (an alias answers with the target's TTL)");
	}
	rrset_routing_display(rr, buf, sizeof(buf));
	ok &= add(st, "Routing", "%s", buf);
	if (rr->set_id)
		ok &= add(st, "Set id", "%s", rr->set_id);
	if (rr->weight >= 0)
		ok &= add(st, "Weight", "%d", rr->weight);
	if (rr->region)
		ok &= add(st, "Region", "%s", rr->region);
	if (rr->has_geo) {
		geo_display(&rr->geo, buf, sizeof(buf));
		ok &= add(st, "Location", "%s", buf);
	}
	if (rr->failover != FAILOVER_NONE)
		ok &= add(st, "Failover", "%s",
			  rr->failover == FAILOVER_PRIMARY ? "primary" : "secondary");
	if (rr->multivalue)
		ok &= add(st, "Multivalue", "yes");
	if (rr->health_check_id)
		ok &= add(st, "Health check", "%s", rr->health_check_id);
	if (rr->alias) {
		name_display(rr->alias->dns_name ? rr->alias->dns_name : "", buf, sizeof(buf),
			     display_utf8());
		ok &= add(st, "Alias", "%s %s (%s)", display_glyph(GLYPH_ARROW), buf,
			  alias_kind_name(alias_kind_detect(rr->alias->dns_name, st->zone_name)));
		ok &= add(st, "", "hosted zone %s, evaluate target health: %s",
			  rr->alias->hosted_zone_id ? rr->alias->hosted_zone_id : "?",
			  rr->alias->evaluate_target_health ? "yes" : "no");
	}
	if (rr->nvalues)
		ok &= add(st, rr->nvalues == 1 ? "Value" : "Values", "%s", rr->values[0]);
	for (size_t i = 1; i < rr->nvalues; i++)
		ok &= add(st, "", "%s", rr->values[i]);
	if (st->applied) {
		const struct rrset *a = st->applied;

		if (a->has_ttl)
			ok &= add(st, "Applied", "TTL %lld", (long long)a->ttl);
		if (a->alias)
			ok &= add(st, a->has_ttl ? "" : "Applied", "alias %s", a->alias->dns_name ?
							a->alias->dns_name : "?");
		for (size_t i = 0; i < a->nvalues; i++)
			ok &= add(st, i || a->has_ttl || a->alias ? "" : "Applied", "%s",
				  a->values[i]);
	}
	if ((rr->type == RR_NS || rr->type == RR_SOA) && !strcmp(rr->name, st->zone_name))
		ok &= add(st, "Protected", "the apex %s is managed by Route 53",
			  rr_type_name(rr->type));
	if (rr->traffic_policy_instance_id)
		ok &= add(st, "Read-only", "created by traffic policy instance %s",
			  rr->traffic_policy_instance_id);
	return ok ? R53_OK : r53_error_set(err, R53_NOMEM, "record", "out of memory");
}

static size_t
record_lines(const struct view *view)
{
	const struct record_state *st = view->private;

	return display_hang_rows(st->lines, st->n, VALUE_COL, true);
}

static void
record_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
		 bool selected)
{
	const struct record_state *st = view->private;
	attr_t a = selected ? display_attr(ROLE_CURSOR) : A_NORMAL;
	const char *row = NULL;
	size_t len = 0;
	bool first = false;

	if (display_hang_row(st->lines, st->n, lineno, VALUE_COL, true, &row, &len, &first) <
	    st->n)
		display_hang_draw(y, width, row, len, first, VALUE_COL, a);
}

static void
record_draw_header(const struct view *view, struct app *app, int y, int width)
{
	display_hline(y, width, A_NORMAL);
}

static enum request
record_request(struct view *view, struct app *app, enum request req)
{
	switch (req) {
	case REQ_ENTER:
	case REQ_EDIT:
	case REQ_TTL:
	case REQ_DELETE:
		/* the records view below has this record set selected: it does the work */
		if (app_refuse_read_only(app))
			return REQ_NONE;
		app_close_view(app);
		app_dispatch(app, req == REQ_ENTER ? REQ_EDIT : req);
		return REQ_NONE;
	case REQ_MARK:
	case REQ_SORT:
		return REQ_NONE;
	default:
		return req;
	}
}

static void
record_title(const struct view *view, char *buf, size_t bufsz)
{
	const struct record_state *st = view->private;
	char name[NAME_TEXT_MAX] = "";

	if (st->rr)
		name_display(st->rr->name, name, sizeof(name), display_utf8());
	snprintf(buf, bufsz, "record %s %s%s", name, st->rr ? rr_type_name(st->rr->type) : "",
		 st->staged ? " (staged)" : "");
}

static void
record_done(struct view *view)
{
	struct record_state *st = view->private;

	for (size_t i = 0; i < st->n; i++)
		free(st->lines[i]);
	free(st->lines);
	rrset_free(&st->rr);
	rrset_free(&st->applied);
}

static const enum request record_keybar[] = { REQ_EDIT, REQ_TTL, REQ_DELETE, REQ_REFRESH,
					      REQ_HELP, REQ_QUIT, REQ_NONE };

const struct view_ops record_ops = {
	.name = "record",
	.private_size = sizeof(struct record_state),
	.load = record_load,
	.lines = record_lines,
	.draw_header = record_draw_header,
	.draw_line = record_draw_line,
	.request = record_request,
	.title = record_title,
	.keybar = record_keybar,
	.done = record_done,
};
