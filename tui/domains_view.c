/* The registered domains view: one line per domain from the cache (Route 53 Domains), with
 * whether the registrar's name servers match the hosted zone's. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tui/tui.h"

/* MATCH_UNKNOWN: the registrar's name servers were not read yet (ListDomains has none). */
enum delegation_match { MATCH_NO_ZONE, MATCH_YES, MATCH_NO, MATCH_UNKNOWN };

struct domains_state {
	struct domain *domains; /* owned: domain_done() each, then free() */
	size_t ndomains;
	struct zone *zones;	/* owned: zone_done() each, then free() */
	size_t nzones;
	long *zone_of;		/* owned: index into zones of the domain's public zone, or -1 */
	enum delegation_match *match; /* owned */
	size_t *visible;	/* owned: indices into domains, filtered */
	size_t nvisible;
};

/* Name servers compared without case and trailing dots, as sets. */
static bool
ns_in(const char *ns, char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (name_same_host(ns, set[i]))
			return true;
	return false;
}

/* The registrar's set against the zone's (source_zone_ns). */
static enum delegation_match
compare_ns(struct app *app, const struct domain *d, const struct zone *z)
{
	char *const *zns;
	size_t nzns;
	struct rrset *apex = NULL;
	enum delegation_match m = MATCH_YES;

	if (!d->nname_servers || !source_zone_ns(app->src, z, &zns, &nzns, &apex))
		return MATCH_UNKNOWN;
	if (d->nname_servers != nzns)
		m = MATCH_NO;
	for (size_t i = 0; m == MATCH_YES && i < d->nname_servers; i++)
		if (!ns_in(d->name_servers[i], zns, nzns))
			m = MATCH_NO;
	rrset_free(&apex);
	return m;
}

static const char *
match_text(enum delegation_match m)
{
	switch (m) {
	case MATCH_YES: return display_utf8() ? "✓ zone's NS" : "ok zone's NS";
	case MATCH_NO: return display_utf8() ? "✗ differs" : "x differs";
	case MATCH_UNKNOWN: return "? not read";
	case MATCH_NO_ZONE: break;
	}
	return "no zone";
}

static enum r53_code
domains_filter(struct view *view, struct r53_error *err)
{
	struct domains_state *st = view->private;
	struct filter f;

	if (filter_compile(view->filter, &f, err) != R53_OK)
		return err ? err->code : R53_INVALID;
	st->nvisible = 0;
	for (size_t i = 0; i < st->ndomains; i++) {
		struct filter_row row = {
			.name = st->domains[i].name,
			.type = match_text(st->match[i]),
			.values = (const char *const *)st->domains[i].name_servers,
			.nvalues = st->domains[i].nname_servers,
			.ttl = -1,
		};
		if (filter_match(&f, &row))
			st->visible[st->nvisible++] = i;
	}
	return R53_OK;
}

static enum r53_code
domains_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct domains_state *st = view->private;

	if (source_list_domains(app->src, &st->domains, &st->ndomains, err) != R53_OK ||
	    source_list_zones(app->src, &st->zones, &st->nzones, NULL, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	st->zone_of = calloc(st->ndomains + 1, sizeof(*st->zone_of));
	st->match = calloc(st->ndomains + 1, sizeof(*st->match));
	st->visible = calloc(st->ndomains + 1, sizeof(*st->visible));
	if (!st->zone_of || !st->match || !st->visible)
		return r53_error_set(err, R53_NOMEM, "domains", "out of memory");
	for (size_t i = 0; i < st->ndomains; i++) {
		st->zone_of[i] = -1;
		st->match[i] = MATCH_NO_ZONE;
		for (size_t k = 0; k < st->nzones; k++) {
			if (st->zones[k].private_zone || strcmp(st->zones[k].name, st->domains[i].name))
				continue;
			st->zone_of[i] = (long)k;
			st->match[i] = compare_ns(app, &st->domains[i], &st->zones[k]);
			break;
		}
		st->visible[i] = i;
	}
	st->nvisible = st->ndomains;
	return R53_OK;
}

static size_t
domains_lines(const struct view *view)
{
	const struct domains_state *st = view->private;
	return st->nvisible;
}

/* name, expires, renew, lock, delegation, name servers (rest). Below 60 columns renew, lock
 * and the name servers go (N's guide shows the name servers): the delegation column, what
 * the view is for, stays whole. */
static void
domains_columns(int width, int w[6])
{
	w[1] = 11;
	w[2] = 6;
	w[3] = 5;
	w[4] = 13;
	w[0] = width / 4 < 16 ? 16 : width / 4;
	if (width < 60) {
		w[2] = w[3] = w[5] = 0;
		w[4] = 12; /* "✓ zone's NS", the longest, and no blank after the last column */
		w[0] = width - 1 - w[1] - w[4];
		if (w[0] < 10)
			w[0] = 10;
		return;
	}
	w[5] = width - w[0] - w[1] - w[2] - w[3] - w[4] - 1;
	if (w[5] < 0)
		w[5] = 0;
}

static void
domains_draw_header(const struct view *view, struct app *app, int y, int width)
{
	static const char *const titles[6] = { "DOMAIN", "EXPIRES", "RENEW", "LOCK",
					       "DELEGATION", "REGISTRAR NAME SERVERS" };
	int w[6];

	domains_columns(width, w);
	display_headings(y, width, titles, w, 6);
}

static void
domains_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
		  bool selected)
{
	const struct domains_state *st = view->private;
	size_t i = st->visible[lineno];
	const struct domain *d = &st->domains[i];
	attr_t a = selected ? display_attr(ROLE_CURSOR) : A_NORMAL;
	char name[NAME_TEXT_MAX], expires[16] = "-", ns[512] = "";
	int w[6], x = 0;

	domains_columns(width, w);
	name_display(d->name, name, sizeof(name), display_utf8());
	if (d->expiry > 0) {
		time_t t = (time_t)d->expiry;
		struct tm tm;

		if (gmtime_r(&t, &tm))
			strftime(expires, sizeof(expires), "%Y-%m-%d", &tm);
	}
	for (size_t k = 0; k < d->nname_servers; k++) {
		size_t o = strlen(ns);

		snprintf(ns + o, sizeof(ns) - o, "%s%s", k ? " " : "", d->name_servers[k]);
	}
	x += display_text(y, x, " ", 1, a);
	x += display_column(y, x, name, w[0], a);
	x += display_column(y, x, expires, w[1], a);
	x += display_column(y, x, d->auto_renew ? "yes" : "no", w[2], a);
	x += display_column(y, x, d->transfer_lock ? "yes" : "no", w[3], a);
	x += display_column(y, x, match_text(st->match[i]), w[4],
			    selected || st->match[i] == MATCH_YES ? a : a | display_attr(ROLE_WARNING));
	display_text(y, x, ns, width - x, a);
}

static enum request
domains_request(struct view *view, struct app *app, enum request req)
{
	struct domains_state *st = view->private;
	size_t i;

	if (!st->nvisible)
		return req;
	i = st->visible[view->lineno];
	switch (req) {
	case REQ_ENTER:
		if (st->zone_of[i] < 0)
			app_notice(app, "%s has no hosted zone in this account", st->domains[i].name);
		else
			app_open_view(app, &records_ops, st->zones[st->zone_of[i]].id);
		return REQ_NONE;
	case REQ_GUIDE:
		guide_open(app, st->domains[i].name);
		return REQ_NONE;
	case REQ_SORT:
		app_notice(app, "domains are listed by name");
		return REQ_NONE;
	default:
		return req;
	}
}

static void
domains_title(const struct view *view, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "domains");
}

static void
domains_done(struct view *view)
{
	struct domains_state *st = view->private;

	for (size_t i = 0; i < st->ndomains; i++)
		domain_done(&st->domains[i]);
	for (size_t i = 0; i < st->nzones; i++)
		zone_done(&st->zones[i]);
	free(st->domains);
	free(st->zones);
	free(st->zone_of);
	free(st->match);
	free(st->visible);
}

static const enum request domains_keybar[] = {
	REQ_ENTER, REQ_GUIDE, REQ_FILTER, REQ_PROMPT, REQ_VIEW_ZONES, REQ_HELP, REQ_QUIT, REQ_NONE,
};

const struct view_ops domains_ops = {
	.name = "domains",
	.private_size = sizeof(struct domains_state),
	.load = domains_load,
	.lines = domains_lines,
	.draw_header = domains_draw_header,
	.draw_line = domains_draw_line,
	.request = domains_request,
	.filter = domains_filter,
	.title = domains_title,
	.keybar = domains_keybar,
	.done = domains_done,
};
