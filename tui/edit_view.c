/* The record editor: `e` edits the selected record set, `a` adds one. One form field per row:
 * name, type, values (one per row; MX as priority + host; TXT as plain text, quoted and split
 * into 255-character strings on the way out), TTL with the advice that resolvers keep the old
 * value for the old TTL, routing policy and its fields, health check, and the alias editor
 * (S3 website endpoint, CloudFront, load balancer, a record of this zone). models/ validates
 * every field after every keystroke; the message sits next to the field. Enter on a valid
 * form stages the edit through the source (durable before the screen says "staged").
 *
 * Also here: the TTL and delete actions of the records and record views, with the safety
 * rules (apex NS/SOA and mass deletes need the zone name typed). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui/send.h"
#include "tui/tui.h"

#define MASS_DELETE_COUNT 10
#define MASS_DELETE_PERCENT 30

#define TTL_NOTE_ROWS 6 /* enough for the advice at 40 columns */

enum edit_field {
	F_NAME,
	F_TYPE,
	F_KIND,
	F_TTL,
	F_TTL_NOTE, /* the advice, wrapped: rows 0..TTL_NOTE_ROWS-1 (the field's index) */
	F_VALUE,
	F_MX_PRIO,
	F_MX_HOST,
	F_ALIAS_KIND,
	F_S3_REGION,
	F_S3_BUCKET,
	F_ALIAS_RECORD,
	F_ALIAS_TARGET,
	F_ALIAS_ZONE,
	F_ALIAS_EVAL,
	F_POLICY,
	F_SET_ID,
	F_WEIGHT,
	F_REGION,
	F_CONTINENT,
	F_COUNTRY,
	F_SUBDIV,
	F_FAILOVER,
	F_HC,
	F_KEPT_NOTE,
};

/* clang-format off */
static const char *const kind_choices[] = { "values", "alias", NULL };
static const char *const policy_choices[] = { "simple", "weighted", "latency", "geo",
					      "failover", "multivalue", NULL };
static const char *const alias_kind_choices[] = { "S3 website", "CloudFront", "load balancer",
						  "record in this zone", "other", NULL };
enum { AK_S3, AK_CLOUDFRONT, AK_ELB, AK_SAME_ZONE, AK_OTHER };
static const char *const continent_choices[] = { "", "AF", "AN", "AS", "EU", "NA", "OC", "SA",
						 NULL };
static const char *const failover_choices[] = { "primary", "secondary", NULL };
static const char *const yesno_choices[] = { "no", "yes", NULL };
/* clang-format on */

static const char *type_choices[RR_TYPE_COUNT + 1];
static const char *s3_region_choices[64];

struct edit_state {
	bool add;			/* a new record set (else an edit of @old) */
	char zone_id[64];
	char zone_name[NAME_TEXT_MAX];	/* canonical */
	struct rrset *old;		/* owned: exactly as it was (NULL for add) */
	struct rrset_list zone;		/* owned: the zone with staged edits applied */
	struct form form;
	char **records;			/* owned: names of same-type records (alias picker) */
	size_t nrecords;
	char **hcs;			/* owned: health check picker lines, "none" first */
	size_t nhcs;
	bool submitted;			/* Enter was pressed once: show every error */
	bool kept_routing;		/* cidr / geoproximity: kept as they are */
	int note_cols;			/* COLS the TTL advice was wrapped for */
};

static void
choices_init(void)
{
	if (!type_choices[0])
		for (int t = RR_NONE + 1; t < RR_TYPE_COUNT; t++)
			type_choices[t - 1] = rr_type_name((enum rr_type)t);
	if (!s3_region_choices[0])
		for (size_t i = 0; s3_website_endpoints[i].region && i + 1 < 64; i++)
			s3_region_choices[i] = s3_website_endpoints[i].region;
}

bool
rrset_protected(const struct rrset *rr, const char *zone_name)
{
	return rr && (rr->type == RR_NS || rr->type == RR_SOA) && zone_name &&
	       !strcmp(rr->name, zone_name);
}

const char *
rr_label(const struct rrset *rr, char *buf, size_t bufsz)
{
	char name[NAME_TEXT_MAX * 2];

	name_display(rr->name, name, sizeof(name), display_utf8());
	snprintf(buf, bufsz, "%s %s%s%s", name, rr_type_name(rr->type), rr->set_id ? " " : "",
		 rr->set_id ? rr->set_id : "");
	return buf;
}

/*
 * Staged edits over a zone
 */
/* Index of the rrset with @rr's key in the first @len of sorted @items, or -1 (binary
 * search: zones can hold 100,000 record sets and a batch thousands of edits). */
static long
items_bsearch(struct rrset *const *items, size_t len, const struct rrset *rr)
{
	size_t lo = 0, hi = len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = items[mid] ? rrset_compare(items[mid], rr) : -1;
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long
rrset_list_bsearch(const struct rrset_list *list, const struct rrset *rr)
{
	return items_bsearch(list->items, list->len, rr);
}

enum r53_code
staged_overlay(struct rrset_list *list, const struct staged_edit *edits, size_t n,
	       bool keep_deleted, struct r53_error *err)
{
	size_t k = 0, sorted;

	if (n == 0)
		return R53_OK;
	rrset_list_sort(list);
	/* removals first, in one pass: free in place, then compact */
	for (size_t i = 0; i < n; i++) {
		const struct rrset *old = edits[i].old_rr;
		long at;

		if (!old)
			continue;
		if (keep_deleted && (!edits[i].new_rr || rrset_compare(old, edits[i].new_rr)))
			continue; /* a deletion (or a move to another key) stays in sight */
		at = rrset_list_bsearch(list, old);
		if (at >= 0)
			rrset_free(&list->items[at]);
	}
	for (size_t i = 0; i < list->len; i++)
		if (list->items[i])
			list->items[k++] = list->items[i];
	list->len = k;
	sorted = k;
	for (size_t i = 0; i < n; i++) {
		struct rrset *rr;
		long at;

		if (!edits[i].new_rr)
			continue;
		rr = rrset_dup(edits[i].new_rr);
		if (!rr)
			return r53_error_set(err, R53_NOMEM, "staged", "out of memory");
		/* a kept deletion of this key gives way to the new set (one row a key) */
		if (keep_deleted && (at = items_bsearch(list->items, sorted, rr)) >= 0) {
			rrset_free(&list->items[at]);
			list->items[at] = rr;
		} else if (rrset_list_take(list, rr, err) != R53_OK) {
			return R53_NOMEM;
		}
	}
	rrset_list_sort(list);
	return R53_OK;
}

static enum r53_code
zone_load(struct app *app, const char *zone_id, struct rrset_list *list, struct r53_error *err)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;
	enum r53_code rc;

	if (source_list_rrsets(app->src, zone_id, list, NULL, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	if (source_list_staged(app->src, zone_id, &edits, &n, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	rc = staged_overlay(list, edits, n, false, err);
	source_staged_free(edits, n);
	return rc;
}

/*
 * The form
 */
static struct form_field *
field(struct edit_state *st, int id)
{
	for (size_t i = 0; i < st->form.n; i++)
		if (st->form.fields[i].id == id)
			return &st->form.fields[i];
	return NULL;
}

static size_t
field_pos(struct edit_state *st, int id)
{
	for (size_t i = 0; i < st->form.n; i++)
		if (st->form.fields[i].id == id)
			return i;
	return st->form.n;
}

static enum rr_type
form_type(struct edit_state *st)
{
	return rr_type_parse(form_value(field(st, F_TYPE)));
}

static bool
form_alias(struct edit_state *st)
{
	return rr_type_alias_allowed(form_type(st)) &&
	       !strcmp(form_value(field(st, F_KIND)), "alias");
}

static int
form_alias_kind(struct edit_state *st)
{
	return field(st, F_ALIAS_KIND)->choice;
}

static bool
is_value_field(int id)
{
	return id == F_VALUE || id == F_MX_PRIO || id == F_MX_HOST;
}

/* Inserts the value rows of value @index at @pos (MX: priority and host). */
static bool
value_rows_insert(struct edit_state *st, size_t pos, int index, const char *value)
{
	char label[40];
	enum rr_type t = form_type(st);

	if (t == RR_MX) {
		char prio[16] = "", *host = NULL;
		const char *sp = value ? strchr(value, ' ') : NULL;
		if (value && sp && sp - value < (long)sizeof(prio)) {
			memcpy(prio, value, (size_t)(sp - value));
			prio[sp - value] = '\0';
			host = (char *)sp + 1;
		} else if (value) {
			host = (char *)value;
		}
		snprintf(label, sizeof(label), "MX %d priority", index + 1);
		if (!form_insert(&st->form, pos, FORM_TEXT, F_MX_PRIO, index, label, prio))
			return false;
		snprintf(label, sizeof(label), "MX %d host", index + 1);
		return form_insert(&st->form, pos + 1, FORM_TEXT, F_MX_HOST, index, label, host);
	}
	if (t == RR_TXT || t == RR_SPF) {
		char *text = value ? txt_unquote(value, NULL) : NULL;
		struct form_field *f;
		snprintf(label, sizeof(label), "Text %d", index + 1);
		f = form_insert(&st->form, pos, FORM_TEXT, F_VALUE, index, label,
				text ? text : value);
		free(text);
		return f != NULL;
	}
	snprintf(label, sizeof(label), "Value %d", index + 1);
	return form_insert(&st->form, pos, FORM_TEXT, F_VALUE, index, label, value);
}

static void
value_rows_clear(struct edit_state *st)
{
	for (size_t i = st->form.n; i-- > 0;)
		if (is_value_field(st->form.fields[i].id))
			form_remove(&st->form, i);
}

/* Keeps exactly one empty value row at the end of the list, so the list grows as you type. */
static bool
value_rows_trail(struct edit_state *st)
{
	size_t last = st->form.n, after;
	int maxindex = -1;
	bool last_empty = false;

	for (size_t i = 0; i < st->form.n; i++)
		if (is_value_field(st->form.fields[i].id)) {
			last = i;
			if (st->form.fields[i].index > maxindex)
				maxindex = st->form.fields[i].index;
		}
	if (last == st->form.n) /* none: insert after the TTL note's last row */
		return value_rows_insert(st, field_pos(st, F_TTL_NOTE) + TTL_NOTE_ROWS, 0, NULL);
	/* the rows of the last value */
	last_empty = true;
	for (size_t i = 0; i < st->form.n; i++)
		if (is_value_field(st->form.fields[i].id) && st->form.fields[i].index == maxindex &&
		    st->form.fields[i].text[0])
			last_empty = false;
	if (!last_empty) {
		after = last + 1;
		return value_rows_insert(st, after, maxindex + 1, NULL);
	}
	return true;
}

static void
visibility(struct edit_state *st)
{
	enum rr_type t = form_type(st);
	bool alias = form_alias(st), routed;
	int ak = form_alias_kind(st);
	const char *pol = form_value(field(st, F_POLICY));

	routed = rr_type_routing_allowed(t) && !st->kept_routing;
	for (size_t i = 0; i < st->form.n; i++) {
		struct form_field *f = &st->form.fields[i];
		bool show = true;
		switch (f->id) {
		case F_KIND: show = rr_type_alias_allowed(t); break;
		case F_TTL: show = !alias; break;
		case F_TTL_NOTE: show = !alias && f->text[0]; break;
		case F_VALUE: case F_MX_PRIO: case F_MX_HOST: show = !alias; break;
		case F_ALIAS_KIND: show = alias; break;
		case F_S3_REGION: case F_S3_BUCKET: show = alias && ak == AK_S3; break;
		case F_ALIAS_RECORD: show = alias && ak == AK_SAME_ZONE; break;
		case F_ALIAS_TARGET: show = alias && ak != AK_S3 && ak != AK_SAME_ZONE; break;
		case F_ALIAS_ZONE: show = alias; break;
		case F_ALIAS_EVAL: show = alias; break;
		case F_POLICY: show = routed; break;
		case F_SET_ID: show = routed && strcmp(pol, "simple"); break;
		case F_WEIGHT: show = routed && !strcmp(pol, "weighted"); break;
		case F_REGION: show = routed && !strcmp(pol, "latency"); break;
		case F_CONTINENT: case F_COUNTRY: case F_SUBDIV:
			show = routed && !strcmp(pol, "geo");
			break;
		case F_FAILOVER: show = routed && !strcmp(pol, "failover"); break;
		case F_HC: show = !strcmp(pol, "simple") ? false : true; break;
		case F_KEPT_NOTE: show = st->kept_routing; break;
		default: break;
		}
		f->hidden = !show;
	}
	/* fields the alias kind fills */
	if (alias) {
		struct form_field *z = field(st, F_ALIAS_ZONE), *ev = field(st, F_ALIAS_EVAL);
		z->readonly = ak != AK_ELB && ak != AK_OTHER;
		ev->readonly = ak == AK_CLOUDFRONT;
		if (ak == AK_CLOUDFRONT) {
			form_set_text(z, CLOUDFRONT_ZONE_ID);
			ev->choice = 0; /* CloudFront never evaluates target health */
		} else if (ak == AK_S3) {
			const struct s3_website_endpoint *e =
				s3_website_by_region(form_value(field(st, F_S3_REGION)));
			form_set_text(z, e ? e->zone_id : "");
		} else if (ak == AK_SAME_ZONE) {
			form_set_text(z, st->zone_id);
		}
	}
	form_layout(&st->form);
}

/* The record name from the Name field: "www" is below the zone, "@" the apex, a trailing dot
 * means fully qualified. */
static void
form_name(struct edit_state *st, char *out, size_t outsz)
{
	const char *n = form_value(field(st, F_NAME));
	size_t len = strlen(n);

	if (!st->add && st->old)
		snprintf(out, outsz, "%s", st->old->name);
	else if (!strcmp(n, "@") || !*n)
		snprintf(out, outsz, "%s", *n ? st->zone_name : "");
	else if (n[len - 1] == '.')
		snprintf(out, outsz, "%s", n);
	else if (snprintf(out, outsz, "%s.%s", n, st->zone_name) >= (int)outsz)
		snprintf(out, outsz, "%s", n); /* too long: the validator says so */
}

static void
set_error(struct edit_state *st, struct form_field *f, const struct r53_error *e)
{
	if (f && !f->error[0])
		snprintf(f->error, sizeof(f->error), "%s", e->text);
}

/* The form field an err.where names ("ttl", "values[1]", "alias.dns_name", "geo.country"). */
static struct form_field *
where_field(struct edit_state *st, const char *where)
{
	static const struct {
		const char *where;
		int id;
	} map[] = {
		{ "name", F_NAME },
		{ "type", F_TYPE },
		{ "ttl", F_TTL },
		{ "set_identifier", F_SET_ID },
		{ "weight", F_WEIGHT },
		{ "region", F_REGION },
		{ "geo.continent", F_CONTINENT },
		{ "geo.country", F_COUNTRY },
		{ "geo.subdivision", F_SUBDIV },
		{ "geo", F_CONTINENT },
		{ "failover", F_FAILOVER },
		{ "health_check_id", F_HC },
		{ "alias.hosted_zone_id", F_ALIAS_ZONE },
		{ "alias.evaluate_target_health", F_ALIAS_EVAL },
		{ "alias", F_KIND },
		{ "routing", F_POLICY },
	};

	if (!strncmp(where, "values[", 7)) {
		int idx = atoi(where + 7), k = 0;
		/* the n-th non-empty value */
		for (size_t i = 0; i < st->form.n; i++) {
			struct form_field *f = &st->form.fields[i];
			if ((f->id == F_VALUE || f->id == F_MX_HOST) && f->text[0] && k++ == idx)
				return f;
		}
		return NULL;
	}
	if (!strcmp(where, "values")) {
		for (size_t i = 0; i < st->form.n; i++)
			if (is_value_field(st->form.fields[i].id))
				return &st->form.fields[i];
		return NULL;
	}
	if (!strcmp(where, "alias.dns_name")) {
		int ak = form_alias_kind(st);
		return field(st, ak == AK_S3 ? F_S3_BUCKET
				 : ak == AK_SAME_ZONE ? F_ALIAS_RECORD
						     : F_ALIAS_TARGET);
	}
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].where, where))
			return field(st, map[i].id);
	return NULL;
}

/* The health check id the form holds: a picker line starts with the id ("none" is none), a
 * text field (no health check in the cache) is the id as typed. */
static void
hc_id(struct edit_state *st, char *out, size_t outsz)
{
	const struct form_field *f = field(st, F_HC);
	const char *v = form_value(f);
	size_t n;

	if (f->kind == FORM_CHOICE && f->choice == 0)
		v = "";
	n = strcspn(v, " ");
	snprintf(out, outsz, "%.*s", (int)(n < outsz ? n : outsz - 1), v);
}

/* The health check picker's lines from the cache: "none", then "ID  TYPE target" for each
 * check, and the record's own id when the cache does not know it. Without any, the field
 * stays a text field for an id typed by hand. */
static void
hcs_load(struct app *app, struct edit_state *st)
{
	struct health_check *checks = NULL;
	size_t n = 0;
	const char *own = st->old ? st->old->health_check_id : NULL;
	bool own_found = false;

	if (source_list_health_checks(app->src, &checks, &n, NULL) != R53_OK)
		n = 0;
	st->hcs = calloc(n + 3, sizeof(*st->hcs));
	if (st->hcs && (st->hcs[0] = strdup("none")) != NULL) {
		st->nhcs = 1;
		for (size_t i = 0; i < n; i++) {
			const struct health_check *h = &checks[i];
			const char *host = h->fqdn ? h->fqdn : h->ip ? h->ip : "";
			char line[600];

			if (!h->id)
				continue;
			if (h->port)
				snprintf(line, sizeof(line), "%s  %s %s:%d%s", h->id, h->type ? h->type : "",
					 host, h->port, h->path ? h->path : "");
			else
				snprintf(line, sizeof(line), "%s  %s %s", h->id, h->type ? h->type : "", host);
			if ((st->hcs[st->nhcs] = strdup(line)) != NULL)
				st->nhcs++;
			own_found |= own && !strcmp(own, h->id);
		}
		if (own && *own && !own_found && st->nhcs > 1) {
			char line[300];
			snprintf(line, sizeof(line), "%.200s  (not in the cache)", own);
			if ((st->hcs[st->nhcs] = strdup(line)) != NULL)
				st->nhcs++;
		}
	}
	for (size_t i = 0; i < n; i++)
		health_check_done(&checks[i]);
	free(checks);
}

/* Builds the record set the form describes, checking each field on the way (errors land on
 * the fields). Returns NULL when a field is wrong. */
static struct rrset *
form_build(struct edit_state *st, bool *ok)
{
	struct r53_error e = { 0 };
	char name[NAME_TEXT_MAX], hc[200];
	enum rr_type t = form_type(st);
	const char *pol = form_value(field(st, F_POLICY));
	struct rrset *rr;

	*ok = true;
	for (size_t i = 0; i < st->form.n; i++)
		st->form.fields[i].error[0] = '\0';
	form_name(st, name, sizeof(name));
	if (!name[0]) {
		snprintf(field(st, F_NAME)->error, sizeof(field(st, F_NAME)->error),
			 "the record name is empty (@ is the zone apex)");
		*ok = false;
		return NULL;
	}
	rr = rrset_new(name, t, &e);
	if (!rr) {
		set_error(st, field(st, F_NAME), &e);
		*ok = false;
		return NULL;
	}
	if (st->kept_routing && st->old) {
		/* cidr / geoproximity: not editable here, kept exactly */
		struct rrset *keep = rrset_dup(st->old);
		if (keep) {
			free(keep->name);
			keep->name = rr->name;
			rr->name = NULL;
			keep->type = t;
			for (size_t i = 0; i < keep->nvalues; i++)
				free(keep->values[i]);
			free(keep->values);
			keep->values = NULL;
			keep->nvalues = 0;
			keep->has_ttl = false;
			if (keep->alias) {
				free(keep->alias->hosted_zone_id);
				free(keep->alias->dns_name);
				free(keep->alias);
				keep->alias = NULL;
			}
			rrset_free(&rr);
			rr = keep;
		}
	}
	if (form_alias(st)) {
		int ak = form_alias_kind(st);
		char target[NAME_TEXT_MAX * 2] = "";
		if (ak == AK_S3) {
			const struct s3_website_endpoint *ep =
				s3_website_by_region(form_value(field(st, F_S3_REGION)));
			snprintf(target, sizeof(target), "%s.%s", form_value(field(st, F_S3_BUCKET)),
				 ep ? ep->host : "");
		} else if (ak == AK_SAME_ZONE) {
			snprintf(target, sizeof(target), "%s", form_value(field(st, F_ALIAS_RECORD)));
		} else {
			snprintf(target, sizeof(target), "%s", form_value(field(st, F_ALIAS_TARGET)));
		}
		r53_error_clear(&e);
		if (!target[0] || target[0] == '.') {
			struct form_field *f = where_field(st, "alias.dns_name");
			if (f)
				snprintf(f->error, sizeof(f->error), "the alias needs a target");
			*ok = false;
		} else if (rrset_set_alias(rr, form_value(field(st, F_ALIAS_ZONE)), target,
					   field(st, F_ALIAS_EVAL)->choice == 1, &e) != R53_OK) {
			set_error(st, where_field(st, "alias.dns_name"), &e);
			*ok = false;
		}
	} else {
		uint32_t ttl = 0;
		int nval = 0;
		r53_error_clear(&e);
		if (ttl_parse(form_value(field(st, F_TTL)), &ttl, &e) != R53_OK) {
			set_error(st, field(st, F_TTL), &e);
			*ok = false;
		} else {
			rr->has_ttl = true;
			rr->ttl = ttl;
		}
		for (size_t i = 0; i < st->form.n; i++) {
			struct form_field *f = &st->form.fields[i];
			char value[8192];
			char *q = NULL;
			struct form_field *target = f;
			if (f->id == F_MX_PRIO) {
				const struct form_field *h = &st->form.fields[i + 1];
				if (!f->text[0] && !h->text[0])
					continue;
				snprintf(value, sizeof(value), "%s %s", f->text, h->text);
				target = (!f->text[0] || f->text[strspn(f->text, "0123456789")])
						 ? f
						 : &st->form.fields[i + 1];
				if (target == f) {
					snprintf(f->error, sizeof(f->error),
						 "priority is a number 0..65535");
					*ok = false;
					nval++;
					continue;
				}
			} else if (f->id == F_VALUE) {
				if (!f->text[0])
					continue;
				if (t == RR_TXT || t == RR_SPF) {
					q = txt_quote(f->text);
					snprintf(value, sizeof(value), "%s", q ? q : "");
					free(q);
				} else {
					snprintf(value, sizeof(value), "%s", f->text);
				}
			} else {
				continue;
			}
			r53_error_clear(&e);
			if (value_validate(t, value, (size_t)nval, &e) != R53_OK) {
				set_error(st, target, &e);
				*ok = false;
			}
			rrset_add_value(rr, value, NULL);
			nval++;
		}
	}
	if (!st->kept_routing && rr_type_routing_allowed(t) && strcmp(pol, "simple")) {
		rrset_set_str(&rr->set_id, form_value(field(st, F_SET_ID)), NULL);
		if (!strcmp(pol, "weighted")) {
			const char *w = form_value(field(st, F_WEIGHT));
			if (!*w || w[strspn(w, "0123456789")] || strlen(w) > 3) {
				snprintf(field(st, F_WEIGHT)->error, sizeof(field(st, F_WEIGHT)->error),
					 "weight is a number 0..255");
				*ok = false;
			} else {
				rr->weight = atoi(w);
			}
		} else if (!strcmp(pol, "latency")) {
			rrset_set_str(&rr->region, form_value(field(st, F_REGION)), NULL);
		} else if (!strcmp(pol, "geo")) {
			rr->has_geo = true;
			snprintf(rr->geo.continent, sizeof(rr->geo.continent), "%s",
				 form_value(field(st, F_CONTINENT)));
			snprintf(rr->geo.country, sizeof(rr->geo.country), "%s",
				 form_value(field(st, F_COUNTRY)));
			snprintf(rr->geo.subdivision, sizeof(rr->geo.subdivision), "%s",
				 form_value(field(st, F_SUBDIV)));
			if (strlen(form_value(field(st, F_COUNTRY))) > 2 ||
			    strlen(form_value(field(st, F_SUBDIV))) > 3) {
				snprintf(field(st, F_COUNTRY)->error,
					 sizeof(field(st, F_COUNTRY)->error),
					 "a country is two letters (or *), a subdivision up to three");
				*ok = false;
			}
		} else if (!strcmp(pol, "failover")) {
			rr->failover = field(st, F_FAILOVER)->choice == 0 ? FAILOVER_PRIMARY
									 : FAILOVER_SECONDARY;
		} else if (!strcmp(pol, "multivalue")) {
			rr->multivalue = true;
		}
		hc_id(st, hc, sizeof(hc));
		if (hc[0])
			rrset_set_str(&rr->health_check_id, hc, NULL);
	}
	if (*ok) {
		r53_error_clear(&e);
		if (rrset_validate(rr, st->zone_name, &e) != R53_OK) {
			struct form_field *f = where_field(st, e.where);
			if (!f)
				f = field(st, F_NAME);
			set_error(st, f, &e);
			*ok = false;
		}
	}
	return rr;
}

/* Validates as you type: only fields typed into show their error until Enter was pressed. */
static void
form_check(struct edit_state *st)
{
	bool ok;
	struct rrset *rr = form_build(st, &ok);

	rrset_free(&rr);
	if (!st->submitted)
		for (size_t i = 0; i < st->form.n; i++) {
			struct form_field *f = &st->form.fields[i];
			bool typed = f->touched;
			if (f->id == F_MX_PRIO && i + 1 < st->form.n)
				typed |= st->form.fields[i + 1].touched;
			if (f->id == F_MX_HOST && i > 0)
				typed |= st->form.fields[i - 1].touched;
			if (!typed)
				f->error[0] = '\0';
		}
}

/* The TTL advice under the TTL, on as many rows as the value column's width needs (read when
 * the editor opens, and again after a resize: edit_tick): a sentence per row when it fits, else wrapped (and said shorter), so
 * "up to 2 days" is never cut, even at 40 columns. */
static void
ttl_note(struct edit_state *st)
{
	char human[64], note[256], row[256];
	const char *s = note;
	int width = COLS - 16 > 8 ? COLS - 16 : 8;
	size_t pos = field_pos(st, F_TTL_NOTE);

	st->note_cols = COLS;
	if (!st->old || !st->old->has_ttl)
		return;
	ttl_human((uint32_t)st->old->ttl, human, sizeof(human));
	if (width >= 50)
		snprintf(note, sizeof(note),
			 "resolvers may keep the old value for up to %s (the old TTL); lower it "
			 "first for a change you may want to undo",
			 human);
	else /* narrow: the same advice in fewer rows, so the values stay on the screen */
		snprintf(note, sizeof(note),
			 "old value cached up to %s (the old TTL); lower it first to be able to undo",
			 human);
	for (int r = 0; r < TTL_NOTE_ROWS && pos + (size_t)r < st->form.n; r++) {
		size_t len = 0, skip = 0;
		const char *semi = strstr(s, "; ");

		if (*s) {
			len = display_row_fit(s, width, &skip);
			/* too wide for one row: the second sentence starts a row of its own */
			if (display_width(note) > width && semi && (size_t)(semi - s) + 1 <= len) {
				len = (size_t)(semi - s) + 1;
				skip = 1;
			}
			if (r == TTL_NOTE_ROWS - 1)
				len = strlen(s);
		}
		snprintf(row, sizeof(row), "%.*s", (int)len, s);
		form_set_text(&st->form.fields[pos + (size_t)r], row);
		s += len + skip;
	}
}

/* Fills the same-zone alias picker: names of the zone's records of @type, but this one. */
static void
records_choices(struct edit_state *st)
{
	enum rr_type t = form_type(st);
	char name[NAME_TEXT_MAX];
	struct form_field *f = field(st, F_ALIAS_RECORD);
	const char *keep = st->nrecords ? form_value(f) : NULL;
	char kept[NAME_TEXT_MAX] = "";

	if (keep)
		snprintf(kept, sizeof(kept), "%s", keep);
	for (size_t i = 0; i < st->nrecords; i++)
		free(st->records[i]);
	st->nrecords = 0;
	free(st->records);
	st->records = calloc(st->zone.len + 2, sizeof(*st->records));
	if (!st->records)
		return;
	form_name(st, name, sizeof(name));
	for (size_t i = 0; i < st->zone.len; i++) {
		const struct rrset *rr = st->zone.items[i];
		if (rr->type != t || !strcmp(rr->name, name))
			continue;
		if (st->nrecords && !strcmp(st->records[st->nrecords - 1], rr->name))
			continue; /* one entry per name (several set identifiers) */
		st->records[st->nrecords] = strdup(rr->name);
		if (st->records[st->nrecords])
			st->nrecords++;
	}
	if (!st->nrecords)
		st->records[st->nrecords++] = strdup("");
	f->choices = (const char *const *)st->records;
	f->choice = 0;
	if (kept[0])
		form_choose(f, kept);
}

static bool
form_build_fields(struct edit_state *st)
{
	const struct rrset *rr = st->old;
	char buf[NAME_TEXT_MAX + 32];
	struct form *f = &st->form;
	struct form_field *x;
	bool ok = true;
	enum routing_policy pol = rr ? rrset_policy(rr) : ROUTING_SIMPLE;

	choices_init();
	if (rr)
		name_display(rr->name, buf, sizeof(buf), display_utf8());
	else
		buf[0] = '\0';
	x = form_insert(f, f->n, FORM_TEXT, F_NAME, 0, "Name", buf);
	ok &= x != NULL;
	if (x)
		x->readonly = !st->add;
	x = form_insert(f, f->n, FORM_CHOICE, F_TYPE, 0, "Type", NULL);
	ok &= x != NULL;
	if (x) {
		x->choices = type_choices;
		form_choose(x, rr ? rr_type_name(rr->type) : "A");
		x->readonly = !st->add;
	}
	x = form_insert(f, f->n, FORM_CHOICE, F_KIND, 0, "Answer with", NULL);
	ok &= x != NULL;
	if (x) {
		x->choices = kind_choices;
		x->choice = rr && rr->alias ? 1 : 0;
	}
	snprintf(buf, sizeof(buf), "%lld", rr && rr->has_ttl ? (long long)rr->ttl : 300LL);
	ok &= form_insert(f, f->n, FORM_TEXT, F_TTL, 0, "TTL", buf) != NULL;
	for (int r = 0; r < TTL_NOTE_ROWS; r++)
		ok &= form_insert(f, f->n, FORM_NOTE, F_TTL_NOTE, r, "", "") != NULL;
	if (!ok)
		return false;
	ttl_note(st);
	for (size_t i = 0; rr && i < rr->nvalues; i++)
		ok &= value_rows_insert(st, f->n, (int)i, rr->values[i]);
	ok &= value_rows_trail(st);

	/* alias */
	x = form_insert(f, f->n, FORM_CHOICE, F_ALIAS_KIND, 0, "Target kind", NULL);
	ok &= x != NULL;
	if (x) {
		enum alias_kind k = rr && rr->alias ? alias_kind_detect(rr->alias->dns_name,
									st->zone_name)
						    : ALIAS_S3_WEBSITE;
		x->choices = alias_kind_choices;
		x->choice = k == ALIAS_S3_WEBSITE ? AK_S3
			    : k == ALIAS_CLOUDFRONT ? AK_CLOUDFRONT
			    : k == ALIAS_ELB	    ? AK_ELB
			    : k == ALIAS_SAME_ZONE  ? AK_SAME_ZONE
						    : AK_OTHER;
	}
	x = form_insert(f, f->n, FORM_CHOICE, F_S3_REGION, 0, "S3 region", NULL);
	ok &= x != NULL;
	if (x) {
		x->choices = s3_region_choices;
		form_choose(x, "us-east-1");
	}
	/* the bucket is named like the record: the default */
	buf[0] = '\0';
	if (rr) {
		snprintf(buf, sizeof(buf), "%s", rr->name);
		if (buf[0] && buf[strlen(buf) - 1] == '.')
			buf[strlen(buf) - 1] = '\0';
	}
	if (rr && rr->alias && x) {
		const char *dn = rr->alias->dns_name;
		for (size_t i = 0; s3_website_endpoints[i].region; i++) {
			const char *h = s3_website_endpoints[i].host;
			const char *p = strstr(dn, h);
			if (p && p > dn && p[-1] == '.') {
				form_choose(x, s3_website_endpoints[i].region);
				snprintf(buf, sizeof(buf), "%.*s", (int)(p - dn - 1), dn);
			}
		}
	}
	ok &= form_insert(f, f->n, FORM_TEXT, F_S3_BUCKET, 0, "Bucket", buf) != NULL;
	x = form_insert(f, f->n, FORM_CHOICE, F_ALIAS_RECORD, 0, "Record", NULL);
	ok &= x != NULL;
	ok &= form_insert(f, f->n, FORM_TEXT, F_ALIAS_TARGET, 0, "Target",
			  rr && rr->alias ? rr->alias->dns_name : "") != NULL;
	ok &= form_insert(f, f->n, FORM_TEXT, F_ALIAS_ZONE, 0, "Hosted zone id",
			  rr && rr->alias ? rr->alias->hosted_zone_id : "") != NULL;
	x = form_insert(f, f->n, FORM_CHOICE, F_ALIAS_EVAL, 0, "Eval. health", NULL);
	ok &= x != NULL;
	if (x) {
		x->choices = yesno_choices;
		x->choice = rr && rr->alias && rr->alias->evaluate_target_health;
	}
	if (!ok)
		return false;
	records_choices(st);
	if (rr && rr->alias)
		form_choose(field(st, F_ALIAS_RECORD), rr->alias->dns_name);

	/* routing */
	st->kept_routing = pol == ROUTING_CIDR || pol == ROUTING_GEOPROXIMITY;
	x = form_insert(f, f->n, FORM_CHOICE, F_POLICY, 0, "Routing", NULL);
	ok &= x != NULL;
	if (x) {
		x->choices = policy_choices;
		form_choose(x, routing_policy_name(pol));
		if (pol == ROUTING_GEO)
			form_choose(x, "geo");
	}
	ok &= form_insert(f, f->n, FORM_TEXT, F_SET_ID, 0, "Set identifier",
			  rr && rr->set_id ? rr->set_id : "") != NULL;
	snprintf(buf, sizeof(buf), "%d", rr && rr->weight >= 0 ? rr->weight : 0);
	ok &= form_insert(f, f->n, FORM_TEXT, F_WEIGHT, 0, "Weight", buf) != NULL;
	x = form_insert(f, f->n, FORM_CHOICE, F_REGION, 0, "Region", NULL);
	ok &= x != NULL;
	if (x) {
		x->choices = latency_regions;
		if (rr && rr->region)
			form_choose(x, rr->region);
	}
	x = form_insert(f, f->n, FORM_CHOICE, F_CONTINENT, 0, "Continent", NULL);
	ok &= x != NULL;
	if (x) {
		x->choices = continent_choices;
		if (rr && rr->has_geo)
			form_choose(x, rr->geo.continent);
	}
	ok &= form_insert(f, f->n, FORM_TEXT, F_COUNTRY, 0, "Country",
			  rr && rr->has_geo ? rr->geo.country : "") != NULL;
	ok &= form_insert(f, f->n, FORM_TEXT, F_SUBDIV, 0, "Subdivision",
			  rr && rr->has_geo ? rr->geo.subdivision : "") != NULL;
	x = form_insert(f, f->n, FORM_CHOICE, F_FAILOVER, 0, "Failover", NULL);
	ok &= x != NULL;
	if (x) {
		x->choices = failover_choices;
		x->choice = rr && rr->failover == FAILOVER_SECONDARY;
	}
	if (st->nhcs > 1) {
		x = form_insert(f, f->n, FORM_CHOICE, F_HC, 0, "Health check", NULL);
		ok &= x != NULL;
		if (x) {
			x->choices = (const char *const *)st->hcs;
			for (size_t i = 1; rr && rr->health_check_id && i < st->nhcs; i++)
				if (!strncmp(st->hcs[i], rr->health_check_id,
					     strlen(rr->health_check_id)) &&
				    st->hcs[i][strlen(rr->health_check_id)] == ' ')
					x->choice = (int)i;
		}
	} else {
		ok &= form_insert(f, f->n, FORM_TEXT, F_HC, 0, "Health check",
				  rr && rr->health_check_id ? rr->health_check_id : "") != NULL;
	}
	if (st->kept_routing && rr) {
		rrset_routing_display(rr, buf, sizeof(buf));
		char note[NAME_TEXT_MAX + 64];
		snprintf(note, sizeof(note), "routing %.900s is kept as it is (not editable here)",
			 buf);
		ok &= form_insert(f, f->n, FORM_NOTE, F_KEPT_NOTE, 0, "", note) != NULL;
	}
	visibility(st);
	return ok;
}

/*
 * The view
 */
/* @arg: "edit ZONE_ID NAME TYPE [SET_ID]" or "add ZONE_ID". */
static enum r53_code
edit_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct edit_state *st = view->private;
	char mode[8], name[NAME_TEXT_MAX], type[16];
	int used = 0;

	rrset_list_init(&st->zone);
	form_init(&st->form);
	if (!arg || sscanf(arg, "%7s %63s", mode, st->zone_id) != 2)
		return r53_error_set(err, R53_USAGE, "edit", "edit ZONE_ID NAME TYPE | add ZONE_ID");
	st->add = !strcmp(mode, "add");
	source_zone_name(app->src, st->zone_id, st->zone_name, sizeof(st->zone_name));
	if (zone_load(app, st->zone_id, &st->zone, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	if (!st->add) {
		const char *set_id = NULL;
		long k;
		if (sscanf(arg, "%*7s %*63s %1024s %15s %n", name, type, &used) < 2)
			return r53_error_set(err, R53_USAGE, "edit", "edit ZONE_ID NAME TYPE");
		if (used > 0 && arg[used])
			set_id = arg + used;
		k = rrset_list_find(&st->zone, name, rr_type_parse(type), set_id);
		if (k < 0)
			return r53_error_set(err, R53_NOTFOUND, "edit",
					     "%s %s is no longer in the zone", name, type);
		st->old = rrset_dup(st->zone.items[k]);
		if (!st->old)
			return r53_error_set(err, R53_NOMEM, "edit", "out of memory");
		/* an edit of it now would fold into the edit being sent (see send_carries) */
		char why[sizeof(err->text)];
		if (send_carries(app, st->zone_id, st->old, why, sizeof(why)))
			return r53_error_set(err, R53_CONFLICT, "edit",
					     "%s; wait for it to reach Route 53", why);
	}
	hcs_load(app, st);
	if (!form_build_fields(st))
		return r53_error_set(err, R53_NOMEM, "edit", "out of memory");
	form_check(st);
	/* start on the first value (or alias target) of an edit, the name of a new one */
	for (size_t i = 0; i < st->form.nvisible; i++) {
		const struct form_field *f = &st->form.fields[st->form.visible[i]];
		if (st->add ? f->id == F_NAME
			    : is_value_field(f->id) || f->id == F_ALIAS_KIND || f->id == F_TTL) {
			view->lineno = i;
			if (f->id != F_TTL)
				break;
		}
	}
	return R53_OK;
}

static size_t
edit_lines(const struct view *view)
{
	const struct edit_state *st = view->private;
	return st->form.nvisible;
}

static void
edit_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
	       bool selected)
{
	const struct edit_state *st = view->private;
	form_draw(&st->form, lineno, y, width, selected);
}

/* The heading's hints, the ones that do not fit left out (the key bar and the help say them). */
static const char *const edit_hints[] = { "Enter stages", "Esc cancels", "Tab/Up/Down move",
					  "Space/Left/Right pick", NULL };

static void
edit_draw_header(const struct view *view, struct app *app, int y, int width)
{
	const struct edit_state *st = view->private;
	char buf[NAME_TEXT_MAX + 128], zone[NAME_TEXT_MAX], head[NAME_TEXT_MAX + 32];

	name_display(st->zone_name, zone, sizeof(zone), display_utf8());
	snprintf(head, sizeof(head), " %s in %s", st->add ? "New record set" : "Edit record set",
		 zone);
	display_clauses(buf, sizeof(buf), width, head, "   ", edit_hints, "");
	display_text(y, 0, buf, width, display_attr(ROLE_HEADING));
}

static struct form_field *
current(struct view *view)
{
	struct edit_state *st = view->private;

	if (view->lineno >= st->form.nvisible)
		return NULL;
	return &st->form.fields[st->form.visible[view->lineno]];
}

/* After a change: structure first (type, kind, policy), then validation. */
static void
edit_changed(struct view *view, struct form_field *f)
{
	struct edit_state *st = view->private;
	int id = f->id;

	if (id == F_TYPE) {
		value_rows_clear(st);
		value_rows_trail(st);
		records_choices(st);
	} else if (id == F_ALIAS_KIND) {
		struct form_field *z = field(st, F_ALIAS_ZONE);
		if (z && !z->touched)
			form_set_text(z, ""); /* the last kind's zone id was filled in, not typed */
	} else if (is_value_field(id)) {
		value_rows_trail(st);
	} else if (id == F_NAME) {
		struct form_field *b = field(st, F_S3_BUCKET);
		records_choices(st);
		if (b && !b->touched) {
			/* the bucket must be named like the record: follow the name until typed */
			char name[NAME_TEXT_MAX];
			form_name(st, name, sizeof(name));
			if (name[0] && name[strlen(name) - 1] == '.')
				name[strlen(name) - 1] = '\0';
			form_set_text(b, name);
		}
	}
	visibility(st);
	form_check(st);
}

/* A picker's choice cut at the screen's width (the health check's "ID  TYPE target" at 40
 * columns keeps only the id's start) is said whole on the status line. */
static void
choice_whole(struct app *app, const struct form_field *f)
{
	if (f && f->kind == FORM_CHOICE && !f->error[0] &&
	    display_width(form_value(f)) + 4 > COLS - 16)
		app_notice(app, "%s: %s", f->label, form_value(f));
}

/* Every printable key belongs to the form (so typing never triggers a view's key): text
 * fields take it, pickers jump to the next choice starting with it. */
static bool
edit_key(struct view *view, struct app *app, int key)
{
	struct form_field *f = current(view);
	bool printable = key >= 32 && key < 256 && key != 127;

	if (!f)
		return false;
	if (form_key(f, key)) {
		edit_changed(view, f);
		/* a message cut next to its field reaches the status line whole */
		if ((f = current(view)) && f->error[0] && !form_error_shown(f, COLS))
			app_error(app, "%s: %s", f->label, f->error);
		choice_whole(app, current(view));
		return true;
	}
	if (!printable)
		return false;
	if (f->readonly || f->kind == FORM_NOTE) {
		app_notice(app, "%s cannot change here", f->label[0] ? f->label : "this line");
	} else if (f->kind == FORM_CHOICE) {
		int n = 0;
		while (f->choices && f->choices[n])
			n++;
		for (int k = 1; k <= n; k++) {
			const char *c = f->choices[(f->choice + k) % n];
			if (c[0] && tolower((unsigned char)c[0]) == tolower(key)) {
				f->choice = (f->choice + k) % n;
				f->touched = true;
				edit_changed(view, f);
				break;
			}
		}
	}
	return true;
}

/* The edit against the zone: Route 53's rules between record sets (already exists, CNAME
 * beside other types, mixed policies). */
static bool
zone_check(struct app *app, struct edit_state *st, const struct rrset *new_rr)
{
	struct rrset_list copy;
	struct change_batch b;
	struct r53_error e = { 0 };
	bool ok = true, was_valid;

	rrset_list_init(&copy);
	change_batch_init(&b);
	for (size_t i = 0; i < st->zone.len && ok; i++) {
		struct rrset *d = rrset_dup(st->zone.items[i]);
		ok = d && rrset_list_take(&copy, d, NULL) == R53_OK;
	}
	was_valid = rrset_list_validate_zone(&copy, st->zone_name, NULL) == R53_OK;
	if (ok && change_batch_add_edit(&b, st->old, new_rr, &e) == R53_OK &&
	    change_batch_apply(&copy, st->zone_name, &b, &e) == R53_OK) {
		if (was_valid && rrset_list_validate_zone(&copy, st->zone_name, &e) != R53_OK)
			ok = false;
	} else {
		ok = false;
	}
	if (!ok)
		app_error(app, "%s", e.text[0] ? e.text : "out of memory");
	change_batch_done(&b);
	rrset_list_done(&copy);
	return ok;
}

static void
edit_stage(struct view *view, struct app *app)
{
	struct edit_state *st = view->private;
	struct r53_error e = { 0 };
	struct rrset *rr;
	bool ok;
	char name[NAME_TEXT_MAX], advice[160] = "", why[NAME_TEXT_MAX + 128];

	if (app_refuse_read_only(app))
		return;
	st->submitted = true;
	rr = form_build(st, &ok);
	if (!ok) {
		for (size_t i = 0; i < st->form.nvisible; i++) {
			const struct form_field *f = &st->form.fields[st->form.visible[i]];
			if (f->error[0]) {
				view->lineno = i;
				app_error(app, "%s: %s", f->label, f->error);
				break;
			}
		}
		if (!app->status[0])
			app_error(app, "the form is not valid yet");
		rrset_free(&rr);
		return;
	}
	if (st->old && rrset_same_key(st->old, rr) && rrset_equal(st->old, rr)) {
		app_notice(app, "nothing changed");
		rrset_free(&rr);
		return;
	}
	/* The batch in flight may have taken this record set since the form opened (a
	 * rollback's question), or an add may name one of it: the form stays as typed. */
	if (send_carries(app, st->zone_id, st->old, why, sizeof(why)) ||
	    send_carries(app, st->zone_id, rr, why, sizeof(why))) {
		app_error(app, "not staged yet: %s; Enter again once it reached Route 53", why);
		rrset_free(&rr);
		return;
	}
	if (rrset_protected(st->old, st->zone_name) || rrset_protected(rr, st->zone_name)) {
		char q[NAME_TEXT_MAX * 3 + 160], typed[NAME_TEXT_MAX * 2 + 8];

		app_typed_name(st->zone_name, typed, sizeof(typed));
		snprintf(q, sizeof(q),
			 "the apex %s is managed by Route 53; type the zone name %s to edit it",
			 rr_type_name(rr->type), typed);
		if (!app_confirm_typed(app, q, st->zone_name)) {
			rrset_free(&rr);
			return;
		}
	}
	if (!zone_check(app, st, rr)) {
		rrset_free(&rr);
		return;
	}
	if (source_stage(app->src, st->zone_id, st->old, rr, &e) != R53_OK) {
		app_error(app, "not staged: %s", e.text);
		rrset_free(&rr);
		return;
	}
	name_display(rr->name, name, sizeof(name), display_utf8());
	if (st->old && st->old->has_ttl && rr->has_ttl && st->old->ttl > 0) {
		char human[64];
		ttl_human((uint32_t)st->old->ttl, human, sizeof(human));
		snprintf(advice, sizeof(advice), "; resolvers may keep the old value for up to %s",
			 human);
	}
	{
		char msg[NAME_TEXT_MAX + 256];
		snprintf(msg, sizeof(msg), "staged: %s %s %s%s", st->add ? "add" : "edit", name,
			 rr_type_name(rr->type), advice);
		rrset_free(&rr);
		/* this view is gone after the pop: nothing of @st below */
		app_close_view(app);
		app_reload_all(app);
		app_notice(app, "%s (%zu staged, c to review)", msg, app->staged);
	}
}

static void
edit_move(struct view *view, int delta)
{
	struct edit_state *st = view->private;
	size_t i = view->lineno;

	for (;;) {
		if (delta < 0 && i == 0)
			return;
		if (delta > 0 && i + 1 >= st->form.nvisible)
			return;
		i = delta < 0 ? i - 1 : i + 1;
		if (st->form.fields[st->form.visible[i]].kind != FORM_NOTE)
			break;
	}
	view->lineno = i;
}

static enum request
edit_request(struct view *view, struct app *app, enum request req)
{
	struct form_field *f = current(view);

	switch (req) {
	case REQ_STAGE:
	case REQ_ENTER:
		edit_stage(view, app);
		return REQ_NONE;
	case REQ_CHOICE_NEXT:
	case REQ_CHOICE_PREV:
		if (f && f->kind == FORM_CHOICE && !f->readonly) {
			form_step(f, req == REQ_CHOICE_NEXT ? 1 : -1);
			edit_changed(view, f);
			choice_whole(app, current(view));
		}
		return REQ_NONE;
	case REQ_MOVE_DOWN:
	case REQ_MOVE_UP:
		edit_move(view, req == REQ_MOVE_DOWN ? 1 : -1);
		if ((f = current(view)) && f->error[0])
			app_error(app, "%s: %s", f->label, f->error);
		choice_whole(app, f);
		return REQ_NONE;
	case REQ_MARK:
	case REQ_SORT:
	case REQ_FILTER:
	case REQ_EDIT:
	case REQ_ADD:
	case REQ_TTL:
	case REQ_DELETE:
		return REQ_NONE;
	case REQ_BACK:
	case REQ_QUIT:
		app_notice(app, "edit cancelled; nothing staged");
		return REQ_QUIT;
	default:
		return req;
	}
}

static void
edit_title(const struct view *view, char *buf, size_t bufsz)
{
	const struct edit_state *st = view->private;
	char name[NAME_TEXT_MAX] = "";

	if (st->old)
		name_display(st->old->name, name, sizeof(name), display_utf8());
	if (st->add)
		snprintf(buf, bufsz, "add to %s", st->zone_name);
	else
		snprintf(buf, bufsz, "edit %s %s", name, st->old ? rr_type_name(st->old->type) : "");
}

static void
edit_done(struct view *view)
{
	struct edit_state *st = view->private;

	form_done(&st->form);
	rrset_list_done(&st->zone);
	rrset_free(&st->old);
	for (size_t i = 0; i < st->nrecords; i++)
		free(st->records[i]);
	free(st->records);
	for (size_t i = 0; i < st->nhcs; i++)
		free(st->hcs[i]);
	free(st->hcs);
}

static const enum request edit_keybar[] = { REQ_STAGE, REQ_MOVE_DOWN, REQ_MOVE_UP,
					    REQ_CHOICE_NEXT, REQ_BACK, REQ_NONE };

/* A resize re-wraps the TTL advice (it was cut at the new width), the cursor staying on its
 * field though the rows above it changed. */
static void
edit_tick(struct view *view, struct app *app)
{
	struct edit_state *st = view->private;
	size_t at = view->lineno < st->form.nvisible ? st->form.visible[view->lineno] : 0;

	if (st->note_cols == COLS)
		return;
	ttl_note(st);
	visibility(st);
	for (size_t i = 0; i < st->form.nvisible; i++)
		if (st->form.visible[i] == at)
			view->lineno = i;
}

const struct view_ops edit_ops = {
	.name = "edit",
	.private_size = sizeof(struct edit_state),
	.load = edit_load,
	.lines = edit_lines,
	.draw_header = edit_draw_header,
	.draw_line = edit_draw_line,
	.key = edit_key,
	.request = edit_request,
	.title = edit_title,
	.keybar = edit_keybar,
	.done = edit_done,
	.tick = edit_tick,
};

/*
 * TTL and delete on the records and record views
 */
/* Refuses (on the status line) when one of @rrs is in the batch in flight: the action is
 * for all of them or none. */
static bool
refuse_in_flight(struct app *app, const char *zone_id, struct rrset *const *rrs, size_t n)
{
	char why[NAME_TEXT_MAX + 128] = "";
	size_t carried = 0;

	for (size_t i = 0; i < n; i++)
		if (send_carries(app, zone_id, rrs[i], carried ? NULL : why, sizeof(why)))
			carried++;
	if (!carried)
		return false;
	if (n == 1)
		app_error(app, "%s; wait for it to reach Route 53", why);
	else
		app_error(app, "nothing staged: %s (%zu of the %zu); wait for %s to reach Route 53",
			  why, carried, n, carried == 1 ? "it" : "them");
	return true;
}

/* The longest TTL of the record sets the open TTL prompt is for (its advice). */
static int64_t ttl_prompt_old;

static void
ttl_changed(struct app *app, const char *text)
{
	uint32_t ttl;
	char human[64], old[64];
	struct r53_error e = { 0 };

	if (!*text) {
		app_error(app, "type a TTL in seconds (300) or with a unit (5m, 1h, 2d)");
		return;
	}
	if (ttl_parse(text, &ttl, &e) != R53_OK) {
		app_error(app, "%s", e.text);
		return;
	}
	ttl_human(ttl, human, sizeof(human));
	if (ttl_prompt_old > 0) {
		ttl_human((uint32_t)ttl_prompt_old, old, sizeof(old));
		app_notice(app, "%s (%u s). Resolvers may keep the old value for up to %s (the old "
				"TTL); for a change you may want to undo, lower the TTL first and wait "
				"that long.", human, ttl, old);
	} else {
		app_notice(app, "%s (%u s)", human, ttl);
	}
}

void
edit_ask_ttl(struct app *app, const char *zone_id, struct rrset *const *rrs, size_t n)
{
	char buf[64] = "", prompt[160], human[64], zone[NAME_TEXT_MAX];
	struct r53_error e = { 0 };
	uint32_t ttl;
	int64_t oldmax = 0;
	size_t staged = 0, skipped = 0;

	if (app_refuse_read_only(app) || n == 0 || refuse_in_flight(app, zone_id, rrs, n))
		return;
	snprintf(prompt, sizeof(prompt), "TTL for %zu record set%s (300, 5m, 2d): ", n,
		 n == 1 ? "" : "s");
	if (n == 1 && rrs[0]->has_ttl)
		snprintf(buf, sizeof(buf), "%lld", (long long)rrs[0]->ttl);
	ttl_prompt_old = 0;
	for (size_t i = 0; i < n; i++)
		if (rrs[i]->has_ttl && rrs[i]->ttl > ttl_prompt_old)
			ttl_prompt_old = rrs[i]->ttl;
	/* the current TTL is a suggestion: typing 60 means 60, not 30060 */
	if (!app_prompt_suggest(app, prompt, buf, sizeof(buf), ttl_changed) || !buf[0]) {
		app_notice(app, "TTL unchanged");
		return;
	}
	if (ttl_parse(buf, &ttl, &e) != R53_OK) {
		app_error(app, "TTL unchanged: %s", e.text);
		return;
	}
	/* the apex NS/SOA: a TTL is an edit too, and needs the zone name typed (Safety) */
	source_zone_name(app->src, zone_id, zone, sizeof(zone));
	for (size_t i = 0; i < n; i++) {
		char typed[NAME_TEXT_MAX * 2 + 8], q[NAME_TEXT_MAX * 3 + 160];

		if (!rrset_protected(rrs[i], zone) || rrs[i]->ttl == (int64_t)ttl)
			continue;
		app_typed_name(zone, typed, sizeof(typed));
		snprintf(q, sizeof(q),
			 "TTL %u on the apex %s, managed by Route 53; type the zone name %s to "
			 "confirm",
			 ttl, rr_type_name(rrs[i]->type), typed);
		if (!app_confirm_typed(app, q, zone))
			return;
		break;
	}
	if (source_stage_group_begin(app->src, &e) != R53_OK) {
		app_error(app, "TTL unchanged: %s", e.text);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct rrset *rr;
		if (!rrs[i]->has_ttl || rrs[i]->alias) {
			skipped++;
			continue;
		}
		if (rrs[i]->ttl == (int64_t)ttl)
			continue;
		rr = rrset_dup(rrs[i]);
		if (!rr) {
			source_stage_group_end(app->src, false, NULL);
			app_reload_all(app);
			app_error(app, "TTL unchanged, nothing staged: out of memory");
			return;
		}
		rr->ttl = ttl;
		if (rrs[i]->ttl > oldmax)
			oldmax = rrs[i]->ttl;
		r53_error_clear(&e);
		if (source_stage(app->src, zone_id, rrs[i], rr, &e) != R53_OK) {
			rrset_free(&rr);
			source_stage_group_end(app->src, false, NULL);
			app_reload_all(app);
			app_error(app, "TTL unchanged, nothing staged: %s", e.text);
			return;
		}
		rrset_free(&rr);
		staged++;
	}
	if (source_stage_group_end(app->src, true, &e) != R53_OK) {
		app_reload_all(app);
		app_error(app, "TTL unchanged, nothing staged: %s", e.text);
		return;
	}
	app_reload_all(app);
	ttl_human((uint32_t)oldmax, human, sizeof(human));
	if (staged == 0)
		app_notice(app, "TTL already %u%s", ttl, skipped ? " (aliases have no TTL)" : "");
	else
		app_notice(app,
			   "staged: TTL %u on %zu record set%s%s; resolvers may keep the old value "
			   "for up to %s (%zu staged, c to review)",
			   ttl, staged, staged == 1 ? "" : "s",
			   skipped ? " (aliases skipped)" : "", human, app->staged);
}

void
edit_ask_delete(struct app *app, const char *zone_id, struct rrset *const *rrs, size_t n,
		size_t zone_size)
{
	char zone[NAME_TEXT_MAX], q[NAME_TEXT_MAX * 3 + 200], label[NAME_TEXT_MAX * 2 + 80];
	char typed[NAME_TEXT_MAX * 2 + 8];
	struct r53_error e = { 0 };
	size_t staged = 0;
	const struct rrset *apex = NULL;

	if (app_refuse_read_only(app) || n == 0 || refuse_in_flight(app, zone_id, rrs, n))
		return;
	source_zone_name(app->src, zone_id, zone, sizeof(zone));
	for (size_t i = 0; i < n; i++)
		if (rrset_protected(rrs[i], zone))
			apex = rrs[i];
	app_typed_name(zone, typed, sizeof(typed));
	if (apex) {
		snprintf(q, sizeof(q),
			 "the apex %s is managed by Route 53 and deleting it breaks the zone; type "
			 "the zone name %s to confirm",
			 rr_type_name(apex->type), typed);
		if (!app_confirm_typed(app, q, zone))
			return;
	} else if (n > MASS_DELETE_COUNT || (zone_size && n * 100 > zone_size * MASS_DELETE_PERCENT)) {
		snprintf(q, sizeof(q), "delete %zu of the %zu record sets of %s? type the zone name",
			 n, zone_size, typed);
		if (!app_confirm_typed(app, q, zone))
			return;
	} else {
		if (n == 1)
			snprintf(q, sizeof(q), "delete %s?", rr_label(rrs[0], label, sizeof(label)));
		else
			snprintf(q, sizeof(q), "delete %zu record sets?", n);
		if (!app_confirm(app, q)) {
			app_notice(app, "nothing deleted");
			return;
		}
	}
	if (source_stage_group_begin(app->src, &e) != R53_OK) {
		app_error(app, "nothing deleted: %s", e.text);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		r53_error_clear(&e);
		if (source_stage(app->src, zone_id, rrs[i], NULL, &e) != R53_OK) {
			source_stage_group_end(app->src, false, NULL);
			app_reload_all(app);
			app_error(app, "nothing deleted, nothing staged: %s", e.text);
			return;
		}
		staged++;
	}
	if (source_stage_group_end(app->src, true, &e) != R53_OK) {
		app_reload_all(app);
		app_error(app, "nothing deleted, nothing staged: %s", e.text);
		return;
	}
	app_reload_all(app);
	if (n == 1)
		app_notice(app, "staged: delete %s (%zu staged, c to review)",
			   rr_label(rrs[0], label, sizeof(label)), app->staged);
	else
		app_notice(app, "staged: delete %zu record sets (%zu staged, c to review)", n,
			   app->staged);
}

/*
 * Rollback of a zone's last applied batch: the records view's and the zones view's `u`
 */
static void
rollback_progress(void *arg, const char *text)
{
	struct app *app = arg;

	app_notice(app, "%s", text);
	app_paint(app);
}

void
edit_ask_rollback(struct app *app, const char *zone_id, const char *zone_display)
{
	char q[2000], summary[160];
	struct r53_error e = { 0 };

	if (app_refuse_read_only(app) || send_refuse(app, NULL, "a rollback"))
		return;
	if (net_client(app)) {
		send_rollback(app, zone_id, zone_display); /* asks when Route 53 has answered */
		return;
	}
	/* No client in the loop (a script): blocking, on a client of its own. */
	app_notice(app, "checking the last applied batch of %s against Route 53...", zone_display);
	app_paint(app);
	if (source_rollback_plan(app->src, zone_id, q, sizeof(q), &e) != R53_OK) {
		app_error(app, "no rollback: %s", e.text);
		return;
	}
	if (!app_confirm(app, q)) {
		app_notice(app, "nothing sent");
		return;
	}
	if (source_rollback(app->src, zone_id, !net_following(app), rollback_progress, app, summary,
			    sizeof(summary), &e) != R53_OK) {
		app_reload_all(app);
		app_error(app, "not rolled back: %s", e.text);
		return;
	}
	app_reload_all(app);
	app_notice(app, "%s", summary);
}
