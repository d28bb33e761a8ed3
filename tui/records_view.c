/* The record sets of one zone: name (as people read it), type, routing, TTL, first value.
 * Rows are prepared once at load: the filter's text of every row sits lower case in one
 * buffer, so filtering 100,000 record sets per keystroke is one substring search per row
 * (typing more of a term only looks at the rows still shown); sorting permutes an index
 * array. What only the ~40 rows on screen need (routing, TTL and value as shown) is formatted
 * when drawn. */
#include <stdlib.h>
#include <string.h>

#include "tui/send.h"
#include "tui/tui.h"

enum records_sort { SORT_ROUTE53, SORT_NAME, SORT_TYPE, SORT_TTL, SORT_COUNT };
static const char *const sort_names[SORT_COUNT] = { "Route 53 order", "name", "type", "TTL" };

struct record_row {
	const struct rrset *rr; /* borrowed from records_state.list */
	const char *name;	/* display name: in records_state.text (it is lower case), else
				 * owned (name_owned) */
	struct filter_text text; /* in records_state.text */
	int32_t ttl;		 /* for the filter (no rrset read per row): -1 alias */
	int8_t share;		 /* weighted: percent of its name+type's answers (weight_shares) */
	int32_t rel_len;	 /* bytes of the name before ".zone." (relative_len()) */
	bool name_owned;
	bool protected_rr; /* apex NS / SOA: Route 53 manages them */
	bool marked;
	char staged;	   /* '~' edited, '+' added, '-' deleted (staged, not applied), else
			    * 0; drawn as '>' while the apply in flight carries it */
};

struct records_state {
	char zone_id[64];
	char zone_name[NAME_TEXT_MAX]; /* canonical */
	char zone_display[NAME_TEXT_MAX];
	struct rrset_list list; /* owned */
	struct record_row *rows; /* owned, list order */
	size_t nrows;
	size_t *order;	 /* owned: rows in sort order */
	size_t *visible; /* owned: filtered order */
	size_t nvisible;
	struct filter_buf text; /* owned: every row's filter text */
	char shown[256];	/* the filter text @visible answers (in this sort order) */
	bool shown_valid;
	size_t nmarked;
	size_t ndeleted; /* rows staged for deletion: shown, not counted in the zone */
	enum records_sort sort;
	int64_t synced_at;
	int routing_w; /* columns the widest ROUTING text of the zone takes, whole */
	int name_w;    /* columns the widest name of the zone takes, whole */
	int rel_w;     /* the same, names relative to the zone (relative_name()) */
	int zone_w;    /* columns zone_display takes */
};

/* Finds the zone @arg names (id, or name in any form); fills zone_id and zone_name. */
static enum r53_code
records_find_zone(struct records_state *st, struct app *app, const char *arg,
		  struct r53_error *err)
{
	struct zone *zones = NULL;
	size_t n = 0;
	char canon[NAME_TEXT_MAX] = "";
	enum r53_code rc;
	bool found = false;

	rc = source_list_zones(app->src, &zones, &n, NULL, err);
	if (rc == R53_OK) {
		if (name_canonical(arg, canon, sizeof(canon), NULL) != R53_OK)
			canon[0] = '\0';
		for (size_t i = 0; i < n && !found; i++)
			if (!strcmp(zones[i].id, r53_bare_id(arg)) ||
			    (canon[0] && !strcmp(zones[i].name, canon))) {
				snprintf(st->zone_id, sizeof(st->zone_id), "%s", zones[i].id);
				snprintf(st->zone_name, sizeof(st->zone_name), "%s",
					 zones[i].name);
				found = true;
			}
	}
	for (size_t i = 0; i < n; i++)
		zone_done(&zones[i]);
	free(zones);
	if (rc != R53_OK)
		return rc;
	if (!found)
		return r53_error_set(err, R53_NOTFOUND, "records", "no hosted zone '%s' in the cache",
				     arg);
	return R53_OK;
}

#define SHARE_UNDER_1 (-1) /* record_row.share of a weight > 0 that rounds to 0% */

/* The ROUTING column: "protected" for the apex NS and SOA; a weighted record set's share of
 * the answers ("weighted 70%", see weight_shares()), none for one staged for deletion; the
 * raw weight is in the record view. */
static void
row_routing(const struct record_row *row, char *buf, size_t bufsz)
{
	if (row->protected_rr)
		snprintf(buf, bufsz, "protected");
	else if (row->staged == '-' && rrset_policy(row->rr) == ROUTING_WEIGHTED)
		snprintf(buf, bufsz, "weighted"); /* no share: staged for deletion */
	else if (rrset_policy(row->rr) == ROUTING_WEIGHTED && row->share == SHARE_UNDER_1)
		snprintf(buf, bufsz, "weighted <1%%");
	else if (rrset_policy(row->rr) == ROUTING_WEIGHTED)
		snprintf(buf, bufsz, "weighted %d%%", row->share);
	else
		rrset_routing_display(row->rr, buf, bufsz);
}

/* Route 53 answers a weighted record set for its weight / the sum of the weights of the
 * record sets with its name and type. Each weighted row's share, in percent, from @list (in
 * Route 53 order, so a name+type's sets are next to each other) into rows[i].share:
 * - rounded, but never 0% for a weight above 0 (SHARE_UNDER_1, "<1%": it does get answers)
 *   nor 100% for one that shares (99%): the column never claims "none" or "all" falsely;
 * - all weights 0: Route 53 then answers each set with equal probability, so each shows that
 *   even share (0, 0, 0 -> 33% each) -- the column says how the answers are split, which is
 *   what the weights do not tell here; the raw weight 0 stays in the record view;
 * - a weight 0 beside weights above 0 gets no answers while one of those is healthy: 0%. */
static void
weight_shares(const struct rrset_list *list, struct record_row *rows)
{
	for (size_t i = 0; i < list->len;) {
		const struct rrset *first = list->items[i];
		size_t end = i, n = 0;
		long sum = 0;

		while (end < list->len && list->items[end]->type == first->type &&
		       !strcmp(list->items[end]->name, first->name)) {
			const struct rrset *rr = list->items[end];

			if (rows[end++].staged == '-')
				continue; /* the zone as it will be: a deleted set takes no share */
			if (rrset_policy(rr) == ROUTING_WEIGHTED && rr->weight >= 0) {
				sum += rr->weight;
				n++;
			}
		}
		for (; i < end; i++) {
			const struct rrset *rr = list->items[i];
			long pct;

			if (rrset_policy(rr) != ROUTING_WEIGHTED || rr->weight < 0 ||
			    rows[i].staged == '-')
				continue;
			if (sum == 0) {
				pct = (100 + (long)n / 2) / (long)n;
			} else {
				pct = (rr->weight * 100L + sum / 2) / sum;
				if (pct == 0 && rr->weight > 0)
					pct = SHARE_UNDER_1;
				else if (pct == 100 && rr->weight < sum)
					pct = 99;
			}
			rows[i].share = (int8_t)pct;
		}
	}
}

/* The VALUE column: the first value and how many more, or the alias target. */
static void
row_value(const struct record_row *row, char *buf, size_t bufsz)
{
	const struct rrset *rr = row->rr;

	if (rr->alias) {
		char target[NAME_TEXT_MAX];
		name_display(rr->alias->dns_name ? rr->alias->dns_name : "", target,
			     sizeof(target), display_utf8());
		snprintf(buf, bufsz, "ALIAS %s %s", display_glyph(GLYPH_ARROW), target);
	} else if (rr->nvalues > 1) {
		snprintf(buf, bufsz, "%s  (+%zu)", rr->values[0], rr->nvalues - 1);
	} else {
		snprintf(buf, bufsz, "%s", rr->nvalues ? rr->values[0] : "");
	}
}

/* How much of @name (a display name) is left once the zone's name goes: its length in bytes
 * before ".zone.", 0 for the apex, -1 when @name is not under the zone. */
static long
relative_len(const struct records_state *st, const char *name)
{
	size_t n = strlen(name), z = strlen(st->zone_display);

	if (n == z && !memcmp(name, st->zone_display, z))
		return 0;
	if (n > z + 1 && name[n - z - 1] == '.' && !memcmp(name + n - z, st->zone_display, z))
		return (long)(n - z - 1);
	return -1;
}

/* @name relative to the zone, as a zone file writes it ("www", "_dmarc", "@" for the apex):
 * in @buf, or @name itself when it is not under the zone. */
static const char *
relative_name(const struct records_state *st, const char *name, char *buf, size_t bufsz)
{
	long len = relative_len(st, name);

	if (len == 0)
		return "@";
	if (len < 0)
		return name;
	snprintf(buf, bufsz, "%.*s", (int)len, name);
	return buf;
}

static enum r53_code
row_prepare(struct records_state *st, struct record_row *row, const struct rrset *rr)
{
	char name[NAME_TEXT_MAX * 4], routing[64];
	const char *alias_target = rr->alias ? rr->alias->dns_name : NULL;
	enum r53_code rc;

	row->rr = rr;
	row->ttl = rr->has_ttl && rr->ttl >= 0 && rr->ttl <= INT32_MAX ? (int32_t)rr->ttl : -1;
	name_display(rr->name, name, sizeof(name), display_utf8());
	row->protected_rr =
		(rr->type == RR_NS || rr->type == RR_SOA) && !strcmp(rr->name, st->zone_name);
	row_routing(row, routing, sizeof(routing));
	if (display_width(routing) > st->routing_w)
		st->routing_w = display_width(routing);
	{
		/* the relative name is the whole one less ".zone." (one display_width a row:
		 * 100,000 rows load at every Enter) */
		int nw = display_width(name);
		long rel = relative_len(st, name);
		int rw = rel == 0 ? 1 : rel < 0 ? nw : nw - st->zone_w - 1;

		row->rel_len = (int32_t)rel;

		if (nw > st->name_w)
			st->name_w = nw;
		if (rw > st->rel_w)
			st->rel_w = rw;
	}
	rc = filter_text_add(&st->text, &row->text, name, rr_type_name(rr->type),
			     alias_target ? (const char *const *)&alias_target
					  : (const char *const *)rr->values,
			     alias_target ? 1 : rr->nvalues, routing);
	if (rc != R53_OK)
		return rc;
	/* the display name is its lower-case filter text (names are lower case), but for what
	 * name_display decodes from escapes: then a copy of its own */
	if (strcmp(st->text.data + row->text.off, name) != 0) {
		if (!(row->name = strdup(name)))
			return R53_NOMEM;
		row->name_owned = true;
	}
	return R53_OK;
}

static const struct records_state *sort_state; /* qsort has no context argument */

static int
sort_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct record_row *ra = &sort_state->rows[a], *rb = &sort_state->rows[b];
	int c = 0;

	switch (sort_state->sort) {
	case SORT_NAME:
		/* by the names as they read with the zone's left out (how narrow rows show
		 * them): the apex first, then "*", "a" before "a-b" */
		{
			size_t la = ra->rel_len >= 0 ? (size_t)ra->rel_len : strlen(ra->name);
			size_t lb = rb->rel_len >= 0 ? (size_t)rb->rel_len : strlen(rb->name);

			c = memcmp(ra->name, rb->name, la < lb ? la : lb);
			if (!c)
				c = (la > lb) - (la < lb);
		}
		break;
	case SORT_TYPE:
		c = strcmp(rr_type_name(ra->rr->type), rr_type_name(rb->rr->type));
		break;
	case SORT_TTL: {
		long ta = ra->rr->has_ttl ? (long)ra->rr->ttl : -1;
		long tb = rb->rr->has_ttl ? (long)rb->rr->ttl : -1;
		c = ta < tb ? -1 : ta > tb;
		break;
	}
	default:
		break;
	}
	return c ? c : (a < b ? -1 : a > b); /* stable: Route 53 order breaks ties */
}

static void
records_sort(struct records_state *st)
{
	st->shown_valid = false; /* @visible is in the old order */
	for (size_t i = 0; i < st->nrows; i++)
		st->order[i] = i;
	if (st->sort != SORT_ROUTE53 && st->nrows > 1) {
		sort_state = st;
		qsort(st->order, st->nrows, sizeof(*st->order), sort_cmp);
		sort_state = NULL;
	}
}

static enum r53_code
records_filter(struct view *view, struct r53_error *err)
{
	struct records_state *st = view->private;
	struct filter f, was;
	const size_t *from = st->order;
	size_t n = st->nrows;

	if (filter_compile(view->filter, &f, err) != R53_OK)
		return err ? err->code : R53_INVALID;
	/* typing more of the filter: only the rows shown now can still match (in place: the
	 * kept rows are written over the ones already looked at) */
	if (st->shown_valid && filter_compile(st->shown, &was, NULL) == R53_OK &&
	    filter_narrows(&was, &f)) {
		from = st->visible;
		n = st->nvisible;
	}
	st->nvisible = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = from[k];
		const struct record_row *row = &st->rows[i];

		if (f.n == 0 || filter_match_text(&f, st->text.data, &row->text, row->ttl))
			st->visible[st->nvisible++] = i;
	}
	snprintf(st->shown, sizeof(st->shown), "%s", view->filter);
	st->shown_valid = true;
	return R53_OK;
}

static enum r53_code
records_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct records_state *st = view->private;
	struct staged_edit *edits = NULL;
	size_t nedits = 0;

	rrset_list_init(&st->list);
	if (!arg)
		return r53_error_set(err, R53_USAGE, "records", "which zone?");
	if (records_find_zone(st, app, arg, err) != R53_OK)
		return err ? err->code : R53_NOTFOUND;
	name_display(st->zone_name, st->zone_display, sizeof(st->zone_display),
		     display_utf8());
	st->zone_w = display_width(st->zone_display);
	if (source_list_rrsets(app->src, st->zone_id, &st->list, &st->synced_at, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	/* staged edits show as they will be, marked: edited, added, and deleted rows */
	if (source_list_staged(app->src, st->zone_id, &edits, &nedits, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	if (staged_overlay(&st->list, edits, nedits, true, err) != R53_OK) {
		source_staged_free(edits, nedits);
		return err ? err->code : R53_NOMEM;
	}
	st->rows = calloc(st->list.len + 1, sizeof(*st->rows));
	st->order = calloc(st->list.len + 1, sizeof(*st->order));
	st->visible = calloc(st->list.len + 1, sizeof(*st->visible));
	if (!st->rows || !st->order || !st->visible) {
		source_staged_free(edits, nedits);
		return r53_error_set(err, R53_NOMEM, "records", "out of memory");
	}
	/* the marks first: a deleted row takes no weight share, and its ROUTING says so */
	for (size_t k = 0; k < nedits; k++) {
		const struct staged_edit *e = &edits[k];
		long at;

		if (e->new_rr && (at = rrset_list_bsearch(&st->list, e->new_rr)) >= 0)
			st->rows[at].staged = e->old_rr ? '~' : '+';
		if (e->old_rr && (!e->new_rr || rrset_compare(e->old_rr, e->new_rr)) &&
		    (at = rrset_list_bsearch(&st->list, e->old_rr)) >= 0 && !st->rows[at].staged) {
			st->rows[at].staged = '-';
			st->ndeleted++;
		}
	}
	source_staged_free(edits, nedits);
	weight_shares(&st->list, st->rows);
	for (size_t i = 0; i < st->list.len; i++) {
		st->nrows++;
		if (row_prepare(st, &st->rows[i], st->list.items[i]) != R53_OK)
			return r53_error_set(err, R53_NOMEM, "records", "out of memory");
	}
	for (size_t i = 0; i < st->nrows; i++)
		if (!st->rows[i].name_owned)
			st->rows[i].name = st->text.data + st->rows[i].text.off;
	records_sort(st);
	for (size_t i = 0; i < st->nrows; i++)
		st->visible[i] = st->order[i];
	st->nvisible = st->nrows;
	st->shown[0] = '\0';
	st->shown_valid = true;
	return R53_OK;
}

static size_t
records_lines(const struct view *view)
{
	const struct records_state *st = view->private;
	return st->nvisible;
}

/* Widths: mark, name, type, routing, ttl, value (rest). ROUTING grows past its usual width
 * for a zone whose routing needs it ("latency ap-southeast-2", "failover secondary"), taking
 * from VALUE down to a minimum, so the whole text shows where it can. */
static void
records_columns(const struct records_state *st, int width, int w[6], bool *relative)
{
	int routing_w = st->routing_w, name_w;

	w[0] = 2;
	w[2] = 6;
	w[3] = width >= 100 ? 18 : width >= 60 ? 12 : 0; /* routing goes first when narrow */
	w[4] = width >= 100 ? 20 : width >= 60 ? 11 : 9;
	w[1] = (width - w[0]) * 3 / 10;
	if (w[1] < 12)
		w[1] = 12;
	/* every row has the zone's name at its end: when the longest name would be cut, rows
	 * leave it out (the title names the zone) rather than cut "selector1._domainkey.exam…";
	 * and NAME takes no more than its longest name needs, VALUE the rest */
	*relative = st->name_w > w[1] - 1;
	name_w = (*relative ? st->rel_w : st->name_w) + 1;
	if (name_w < w[1])
		w[1] = name_w < 12 ? 12 : name_w;
	if (w[3] > 0 && routing_w + 1 > w[3]) {
		int room = width - w[0] - w[1] - w[2] - w[4] - (width >= 100 ? 20 : 13);

		w[3] = routing_w + 1 < room ? routing_w + 1 : room > w[3] ? room : w[3];
	}
	w[5] = width - w[0] - w[1] - w[2] - w[3] - w[4];
	if (w[5] < 0)
		w[5] = 0;
}

static void
records_draw_header(const struct view *view, struct app *app, int y, int width)
{
	static const char *const titles[6] = { "", "NAME", "TYPE", "ROUTING", "TTL", "VALUE" };
	const struct records_state *st = view->private;
	int w[6], x = 0;

	bool relative;

	records_columns(st, width, w, &relative);
	for (int i = 0; i < 6; i++)
		x += (i == 0 || i == 5 ? display_text : display_column)(
			y, x, titles[i], i == 5 ? width - x : w[i], display_attr(ROLE_HEADING));
}

/* A narrow ROUTING column shortens words, never cuts one: "weight 67%" rather than
 * "weighted 6…", "lat eu-west-1", "fail primary"; when even that is too long, the policy word
 * and an ellipsis ("latency …": there is more, in the record view), never "latency ap-sou…",
 * which could be ap-south-1 or ap-southeast-2. */
static void
routing_narrow(char *buf, size_t bufsz, int cols)
{
	static const struct {
		const char *word, *abbr, *alone;
	} shorter[] = {
		{ "weighted ", "weight ", "weighted" }, { "latency ", "lat ", "latency" },
		{ "failover ", "fail ", "failover" },	{ "geoproximity ", "geoprox ", "geoprox" },
		{ "ip-based ", "ip ", "ip-based" },	{ "geo ", "geo ", "geo" },
	};
	char tmp[64];

	if (display_width(buf) <= cols)
		return;
	for (size_t i = 0; i < sizeof(shorter) / sizeof(shorter[0]); i++) {
		size_t l = strlen(shorter[i].word);

		if (strncmp(buf, shorter[i].word, l))
			continue;
		snprintf(tmp, sizeof(tmp), "%s%s", shorter[i].abbr, buf + l);
		if (display_width(tmp) > cols)
			snprintf(tmp, sizeof(tmp), "%s %s", shorter[i].alone,
				 display_glyph(GLYPH_ELLIPSIS));
		if (display_width(tmp) > cols)
			snprintf(tmp, sizeof(tmp), "%s", shorter[i].alone);
		snprintf(buf, bufsz, "%s", tmp);
		return;
	}
}

/* A TTL too wide for its column says its units as the TTL prompt takes them ("1h30m", "5m",
 * "2d") rather than "1 hour 3…" or "15 minu…". */
static void
ttl_narrow(char *buf, size_t bufsz, int cols)
{
	char tmp[40] = "", unit[16];
	const char *s = buf;
	size_t o = 0;
	unsigned n;
	int used;

	if (display_width(buf) <= cols)
		return;
	while (o < sizeof(tmp) && sscanf(s, "%u %15s%n", &n, unit, &used) == 2) {
		o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, "%u%c", n, unit[0]);
		s += used;
	}
	snprintf(buf, bufsz, "%s", tmp);
}


static void
records_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
		  bool selected)
{
	const struct records_state *st = view->private;
	const struct record_row *row = &st->rows[st->visible[lineno]];
	char routing[64], ttl[40], value[NAME_TEXT_MAX * 4], rel[NAME_TEXT_MAX * 4];
	attr_t a = selected		? display_attr(ROLE_CURSOR)
		   : row->marked	? display_attr(ROLE_MARKED)
		   : row->staged == '-' ? display_attr(ROLE_DIFF_DEL)
		   : row->protected_rr	? display_attr(ROLE_PROTECTED)
					: A_NORMAL;
	int w[6], x = 0;

	bool relative;

	records_columns(st, width, w, &relative);
	char mark[3] = { row->marked ? '*' : ' ', row->staged ? row->staged : ' ', '\0' };
	if (row->staged && send_carries(app, st->zone_id, row->rr, NULL, 0))
		mark[1] = '>';
	x += display_text(y, x, mark, w[0], a);
	x += display_column(y, x, relative ? relative_name(st, row->name, rel, sizeof(rel)) : row->name,
			    w[1], a);
	x += display_column(y, x, rr_type_name(row->rr->type), w[2], a);
	row_routing(row, routing, sizeof(routing));
	if (w[3] > 0)
		routing_narrow(routing, sizeof(routing), w[3] - 1);
	if (row->rr->has_ttl) {
		ttl_human((uint32_t)row->rr->ttl, ttl, sizeof(ttl));
		ttl_narrow(ttl, sizeof(ttl), w[4] - 1);
	} else
		snprintf(ttl, sizeof(ttl), "alias");
	row_value(row, value, sizeof(value));
	x += display_column(y, x, routing, w[3], a);
	x += display_column(y, x, ttl, w[4], a);
	display_text(y, x, value, width - x, a);
}

/* The rollback's progress ("change C2 PENDING; waiting for INSYNC"), shown at once. */
/* A row staged for deletion is not edited, marked or deleted again: the deletion is one
 * staged edit, discarded in the staged view (which then brings the row back as it is).
 * True, with the status line saying so, when @row is one. */
static bool
refuse_deleted(struct app *app, const struct record_row *row)
{
	char label[NAME_TEXT_MAX * 2 + 80];

	if (row->staged != '-')
		return false;
	app_notice(app, "%s is staged for deletion: c lists the staged edits, d there discards it",
		   rr_label(row->rr, label, sizeof(label)));
	return true;
}

static enum request
records_request(struct view *view, struct app *app, enum request req)
{
	struct records_state *st = view->private;

	switch (req) {
	case REQ_MARK:
		if (st->nvisible) {
			struct record_row *row = &st->rows[st->visible[view->lineno]];
			if (refuse_deleted(app, row))
				return REQ_NONE;
			if (row->protected_rr) {
				app_notice(app, "apex %s is managed by Route 53 and cannot be marked",
					   rr_type_name(row->rr->type));
				return REQ_NONE;
			}
			row->marked = !row->marked;
			st->nmarked += row->marked ? 1 : (size_t)-1;
		}
		return REQ_MOVE_DOWN;
	case REQ_SORT: {
		struct r53_error err = { 0 };
		st->sort = (enum records_sort)((st->sort + 1) % SORT_COUNT);
		records_sort(st);
		if (records_filter(view, &err) != R53_OK)
			app_error(app, "%s", err.text);
		view->lineno = view->offset = 0;
		app_notice(app, "sorted by %s", sort_names[st->sort]);
		return REQ_NONE;
	}
	case REQ_ENTER:
		if (st->nvisible) {
			const struct record_row *row = &st->rows[st->visible[view->lineno]];
			char key[NAME_TEXT_MAX + 400];
			snprintf(key, sizeof(key), "%s %s %s%s%s", st->zone_id, row->rr->name,
				 rr_type_name(row->rr->type), row->rr->set_id ? " " : "",
				 row->rr->set_id ? row->rr->set_id : "");
			app_open_view(app, &record_ops, key);
		}
		return REQ_NONE;
	case REQ_EDIT:
	case REQ_ADD: {
		char arg[NAME_TEXT_MAX + 400];
		if (app_refuse_read_only(app))
			return REQ_NONE;
		if (req == REQ_ADD) {
			snprintf(arg, sizeof(arg), "add %s", st->zone_id);
		} else if (st->nvisible) {
			const struct rrset *rr = st->rows[st->visible[view->lineno]].rr;
			if (refuse_deleted(app, &st->rows[st->visible[view->lineno]]))
				return REQ_NONE;
			if (rr->traffic_policy_instance_id) {
				app_error(app, "created by traffic policy instance %s: edit the policy",
					  rr->traffic_policy_instance_id);
				return REQ_NONE;
			}
			snprintf(arg, sizeof(arg), "edit %s %s %s%s%s", st->zone_id, rr->name,
				 rr_type_name(rr->type), rr->set_id ? " " : "",
				 rr->set_id ? rr->set_id : "");
		} else {
			return REQ_NONE;
		}
		app_open_view(app, &edit_ops, arg);
		return REQ_NONE;
	}
	case REQ_TTL:
	case REQ_DELETE: {
		struct rrset **rrs;
		size_t n = 0;
		char zone_id[sizeof(st->zone_id)];
		if (app_refuse_read_only(app) || !st->nvisible ||
		    (!st->nmarked && refuse_deleted(app, &st->rows[st->visible[view->lineno]])))
			return REQ_NONE;
		rrs = calloc(st->nmarked + 1, sizeof(*rrs));
		if (!rrs) {
			app_error(app, "out of memory");
			return REQ_NONE;
		}
		/* copies: the actions reload this view, which frees the rows */
		for (size_t i = 0; i < st->nrows && st->nmarked; i++)
			if (st->rows[i].marked && !(rrs[n] = rrset_dup(st->rows[i].rr)))
				break;
			else if (st->rows[i].marked)
				n++;
		if (!st->nmarked)
			rrs[n++] = rrset_dup(st->rows[st->visible[view->lineno]].rr);
		snprintf(zone_id, sizeof(zone_id), "%s", st->zone_id);
		if (n && rrs[n - 1]) {
			if (req == REQ_TTL)
				edit_ask_ttl(app, zone_id, rrs, n);
			else
				edit_ask_delete(app, zone_id, rrs, n, st->nrows - st->ndeleted);
		}
		for (size_t i = 0; i < n; i++)
			rrset_free(&rrs[i]);
		free(rrs);
		return REQ_NONE;
	}
	case REQ_ROLLBACK: {
		char zone_id[sizeof(st->zone_id)], shown[sizeof(st->zone_display)];

		/* copies: the rollback reloads every view, this one's state included */
		snprintf(zone_id, sizeof(zone_id), "%s", st->zone_id);
		snprintf(shown, sizeof(shown), "%s", st->zone_display);
		edit_ask_rollback(app, zone_id, shown);
		return REQ_NONE;
	}
	case REQ_SYNC:
		return req;
	default:
		return req;
	}
}

static void
records_title(const struct view *view, char *buf, size_t bufsz)
{
	const struct records_state *st = view->private;
	char age[24] = "";

	if (st->synced_at)
		app_age(st->synced_at, age, sizeof(age));
	snprintf(buf, bufsz, "records %s%s%s%s%s", st->zone_display,
		 st->sort != SORT_ROUTE53 ? ", by " : "",
		 st->sort != SORT_ROUTE53 ? sort_names[st->sort] : "", age[0] ? ", cached " : "",
		 age);
	if (st->nmarked) {
		size_t len = strlen(buf);
		snprintf(buf + len, bufsz - len, ", %zu marked", st->nmarked);
	}
}

static void
records_done(struct view *view)
{
	struct records_state *st = view->private;

	for (size_t i = 0; i < st->nrows; i++)
		if (st->rows[i].name_owned)
			free((char *)st->rows[i].name);
	free(st->rows);
	free(st->text.data);
	free(st->order);
	free(st->visible);
	rrset_list_done(&st->list);
}

static const enum request records_keybar[] = {
	/* at 80 columns all but Mark fit (the last ones go first when it is cut short; Help and
	 * Quit always stay) */
	REQ_ENTER, REQ_EDIT,   REQ_ADD,	 REQ_TTL,  REQ_DELETE, REQ_VIEW_STAGED,
	REQ_FILTER, REQ_MARK, REQ_HELP, REQ_QUIT, REQ_NONE,
};

const struct view_ops records_ops = {
	.name = "records",
	.private_size = sizeof(struct records_state),
	.load = records_load,
	.lines = records_lines,
	.draw_header = records_draw_header,
	.draw_line = records_draw_line,
	.request = records_request,
	.filter = records_filter,
	.title = records_title,
	.keybar = records_keybar,
	.done = records_done,
};
