/* Change batches: edits as exact DELETE + CREATE, checks, splitting at Route 53's limits,
 * diffs of two rrset lists, and all-or-nothing application with Route 53's messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/models.h"

const char *
change_action_name(enum change_action a)
{
	switch (a) {
	case CHANGE_CREATE: return "CREATE";
	case CHANGE_DELETE: return "DELETE";
	case CHANGE_UPSERT: return "UPSERT";
	}
	return "?";
}

bool
change_action_parse(const char *s, enum change_action *out)
{
	if (!s)
		return false;
	if (!strcmp(s, "CREATE"))
		*out = CHANGE_CREATE;
	else if (!strcmp(s, "DELETE"))
		*out = CHANGE_DELETE;
	else if (!strcmp(s, "UPSERT"))
		*out = CHANGE_UPSERT;
	else
		return false;
	return true;
}

void
change_batch_init(struct change_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void
change_batch_done(struct change_batch *b)
{
	for (size_t i = 0; i < b->len; i++)
		rrset_free(&b->changes[i].rr);
	free(b->changes);
	free(b->comment);
	memset(b, 0, sizeof(*b));
}

enum r53_code
change_batch_take(struct change_batch *b, enum change_action action, struct rrset *rr,
		  struct r53_error *err)
{
	if (!rr)
		return r53_error_set(err, R53_INVALID, "changes", "no record set");
	if (b->len == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		struct change *c = realloc(b->changes, cap * sizeof(*c));

		if (!c) {
			rrset_free(&rr);
			return r53_error_set(err, R53_NOMEM, "changes", "out of memory");
		}
		b->changes = c;
		b->cap = cap;
	}
	b->changes[b->len].action = action;
	b->changes[b->len].rr = rr;
	b->len++;
	return R53_OK;
}

enum r53_code
change_batch_add_edit(struct change_batch *b, const struct rrset *old, const struct rrset *new_rr,
		      struct r53_error *err)
{
	struct rrset *d;

	if (old) {
		if (!(d = rrset_dup(old)))
			return r53_error_set(err, R53_NOMEM, "changes", "out of memory");
		if (change_batch_take(b, CHANGE_DELETE, d, err) != R53_OK)
			return R53_NOMEM;
	}
	if (new_rr) {
		if (!(d = rrset_dup(new_rr)))
			return r53_error_set(err, R53_NOMEM, "changes", "out of memory");
		if (change_batch_take(b, CHANGE_CREATE, d, err) != R53_OK)
			return R53_NOMEM;
	}
	return R53_OK;
}

/* "[name='a.example.com.', type='A']" or with ", set-identifier='x'". */
static void
key_text(const struct rrset *rr, char *out, size_t outsz)
{
	if (rr->set_id)
		snprintf(out, outsz, "[name='%s', type='%s', set-identifier='%s']", rr->name,
			 rr_type_name(rr->type), rr->set_id);
	else
		snprintf(out, outsz, "[name='%s', type='%s']", rr->name, rr_type_name(rr->type));
}

static const struct change_batch *sort_batch; /* qsort has no context argument in C11 */

static int
cmp_change_idx(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = rrset_compare(sort_batch->changes[i].rr, sort_batch->changes[j].rr);

	if (c)
		return c;
	return i < j ? -1 : i > j;
}

enum r53_code
change_batch_check(const struct change_batch *b, const char *zone_name, struct r53_error *err)
{
	size_t *idx;

	if (b->len == 0)
		return r53_error_set(err, R53_INVALID, "changes",
				     "a change batch needs at least one change");
	if (b->comment && strlen(b->comment) > 256)
		return r53_error_set(err, R53_INVALID, "comment",
				     "the comment is longer than 256 characters");
	for (size_t i = 0; i < b->len; i++) {
		struct r53_error e = { 0 };

		if (rrset_validate(b->changes[i].rr, zone_name, &e) != R53_OK) {
			char where[128];

			snprintf(where, sizeof(where), "changes[%zu].%s", i, e.where);
			return r53_error_set(err, e.code, where, "%s", e.text);
		}
	}
	/* The same rrset twice: only "DELETE then CREATE" (an edit) is allowed. */
	idx = malloc(b->len * sizeof(*idx));
	if (!idx)
		return r53_error_set(err, R53_NOMEM, "changes", "out of memory");
	for (size_t i = 0; i < b->len; i++)
		idx[i] = i;
	sort_batch = b;
	qsort(idx, b->len, sizeof(*idx), cmp_change_idx);
	for (size_t i = 0; i < b->len;) {
		size_t j = i + 1;

		while (j < b->len && rrset_same_key(b->changes[idx[i]].rr, b->changes[idx[j]].rr))
			j++;
		if (j - i > 2 || (j - i == 2 && (b->changes[idx[i]].action != CHANGE_DELETE ||
						 b->changes[idx[i + 1]].action != CHANGE_CREATE))) {
			const struct rrset *rr = b->changes[idx[i]].rr;
			char where[32];

			snprintf(where, sizeof(where), "changes[%zu]", idx[i + 1]);
			free(idx);
			return r53_error_set(err, R53_INVALID, where,
					     "The request contains an invalid set of changes for a "
					     "resource record set '%s %s'",
					     rr_type_name(rr->type), rr->name);
		}
		i = j;
	}
	free(idx);
	return R53_OK;
}

void
change_cost(const struct change *c, size_t *records, size_t *chars)
{
	size_t r = c->rr->alias ? 1 : c->rr->nvalues, ch = 0;
	size_t factor = c->action == CHANGE_UPSERT ? 2 : 1;

	for (size_t i = 0; i < c->rr->nvalues; i++)
		ch += strlen(c->rr->values[i]);
	*records = r * factor;
	*chars = ch * factor;
}

/* Appends a copy of change @c to @b. */
static enum r53_code
batch_copy_change(struct change_batch *b, const struct change *c, struct r53_error *err)
{
	struct rrset *d = rrset_dup(c->rr);

	if (!d)
		return r53_error_set(err, R53_NOMEM, "changes", "out of memory");
	return change_batch_take(b, c->action, d, err);
}

enum r53_code
change_batch_split(const struct change_batch *b, size_t max_records, size_t max_chars,
		   struct change_batch **parts_out, size_t *nparts_out, struct r53_error *err)
{
	/* Changes to one name travel together (an edit's DELETE + CREATE, and a CNAME that
	 * replaces an A); groups keep the order of their first change. */
	size_t *group = calloc(b->len ? b->len : 1, sizeof(size_t));
	bool *done = calloc(b->len ? b->len : 1, sizeof(bool));
	struct change_batch *parts = NULL;
	size_t nparts = 0, cur_r = 0, cur_c = 0;
	enum r53_code rc = R53_OK;

	*parts_out = NULL;
	*nparts_out = 0;
	if (!group || !done) {
		rc = r53_error_set(err, R53_NOMEM, "changes", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < b->len; i++) {
		size_t gr = 0, gc = 0, n = 0;

		if (done[i])
			continue;
		for (size_t j = i; j < b->len; j++) {
			if (done[j] || strcmp(b->changes[j].rr->name, b->changes[i].rr->name))
				continue;
			size_t r, c;

			change_cost(&b->changes[j], &r, &c);
			gr += r;
			gc += c;
			group[n++] = j;
			done[j] = true;
		}
		if (gr > max_records || gc > max_chars) {
			rc = r53_error_set(err, R53_INVALID, "changes",
					   "the changes to %s alone exceed Route 53's limits (%zu "
					   "records, %zu characters of values)",
					   b->changes[i].rr->name, gr, gc);
			goto out;
		}
		if (nparts == 0 || cur_r + gr > max_records || cur_c + gc > max_chars) {
			struct change_batch *p = realloc(parts, (nparts + 1) * sizeof(*p));

			if (!p) {
				rc = r53_error_set(err, R53_NOMEM, "changes", "out of memory");
				goto out;
			}
			parts = p;
			change_batch_init(&parts[nparts]);
			if (b->comment && !(parts[nparts].comment = strdup(b->comment))) {
				nparts++;
				rc = r53_error_set(err, R53_NOMEM, "changes", "out of memory");
				goto out;
			}
			nparts++;
			cur_r = cur_c = 0;
		}
		for (size_t k = 0; k < n; k++)
			if ((rc = batch_copy_change(&parts[nparts - 1], &b->changes[group[k]], err)))
				goto out;
		cur_r += gr;
		cur_c += gc;
	}
out:
	free(group);
	free(done);
	if (rc != R53_OK) {
		for (size_t i = 0; i < nparts; i++)
			change_batch_done(&parts[i]);
		free(parts);
		return rc;
	}
	*parts_out = parts;
	*nparts_out = nparts;
	return R53_OK;
}

/* A sorted array of borrowed pointers to the items of @l; NULL when out of memory. */
static struct rrset **
sorted_view(const struct rrset_list *l)
{
	struct rrset **v = malloc((l->len ? l->len : 1) * sizeof(*v));

	if (!v)
		return NULL;
	if (l->len)
		memcpy(v, l->items, l->len * sizeof(*v));
	if (l->len > 1)
		qsort(v, l->len, sizeof(*v), rrset_compare_qsort);
	return v;
}

enum r53_code
rrset_diff(const struct rrset_list *from, const struct rrset_list *to, struct change_batch *out,
	   struct r53_error *err)
{
	struct rrset **a = sorted_view(from), **b = sorted_view(to);
	struct change_batch creates;
	size_t i = 0, j = 0;
	enum r53_code rc = R53_OK;

	change_batch_init(&creates);
	if (!a || !b) {
		rc = r53_error_set(err, R53_NOMEM, "diff", "out of memory");
		goto out;
	}
	/* Deletes first, then creates: a CNAME replacing an A must follow the A's DELETE. */
	while (rc == R53_OK && (i < from->len || j < to->len)) {
		int c = i == from->len ? 1 : j == to->len ? -1 : rrset_compare(a[i], b[j]);

		if (c < 0) {
			rc = change_batch_add_edit(out, a[i++], NULL, err);
		} else if (c > 0) {
			rc = change_batch_add_edit(&creates, NULL, b[j++], err);
		} else {
			if (!rrset_equal(a[i], b[j])) {
				rc = change_batch_add_edit(out, a[i], NULL, err);
				if (rc == R53_OK)
					rc = change_batch_add_edit(&creates, NULL, b[j], err);
			}
			i++;
			j++;
		}
	}
	for (size_t k = 0; rc == R53_OK && k < creates.len; k++) {
		rc = change_batch_take(out, CHANGE_CREATE, creates.changes[k].rr, err);
		creates.changes[k].rr = NULL;
	}
out:
	change_batch_done(&creates);
	free(a);
	free(b);
	return rc;
}

/*
 * Zone-wide rules
 */
static enum r53_code
check_name_group(struct rrset **v, size_t n, const char *zone_name, struct r53_error *err)
{
	const struct rrset *cname = NULL, *other = NULL;

	for (size_t i = 0; i < n; i++) {
		if (v[i]->type == RR_CNAME)
			cname = v[i];
		else if (!other)
			other = v[i];
	}
	if (cname && other)
		return r53_error_set(err, R53_INVALID, "type",
				     "RRSet of type CNAME with DNS name %s is not permitted because "
				     "a conflicting RRSet of type %s with the same DNS name already "
				     "exists in zone %s",
				     cname->name, rr_type_name(other->type),
				     zone_name ? zone_name : "");
	/* Groups of one name and type: one policy, no duplicate region / location / role. */
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && v[j]->type == v[i]->type)
			j++;
		for (size_t x = i; x < j; x++) {
			for (size_t y = x + 1; y < j; y++) {
				const struct rrset *p = v[x], *q = v[y];
				enum routing_policy pp = rrset_policy(p), pq = rrset_policy(q);

				if (pp != pq || pp == ROUTING_SIMPLE)
					return r53_error_set(
						err, R53_INVALID, "routing",
						"RRSet with DNS name %s, type %s: a %s record set "
						"cannot be beside a %s one of the same name and type",
						p->name, rr_type_name(p->type),
						routing_policy_name(pq), routing_policy_name(pp));
				if (pp == ROUTING_LATENCY && !strcmp(p->region, q->region))
					return r53_error_set(
						err, R53_INVALID, "region",
						"RRSet with DNS name %s, type %s: two latency records "
						"for region %s",
						p->name, rr_type_name(p->type), p->region);
				if (pp == ROUTING_GEO && !strcmp(p->geo.continent, q->geo.continent) &&
				    !strcmp(p->geo.country, q->geo.country) &&
				    !strcmp(p->geo.subdivision, q->geo.subdivision)) {
					char g[16];

					geo_display(&p->geo, g, sizeof(g));
					return r53_error_set(
						err, R53_INVALID, "geo",
						"RRSet with DNS name %s, type %s: two geolocation "
						"records for location %s",
						p->name, rr_type_name(p->type), g);
				}
				if (pp == ROUTING_FAILOVER && p->failover == q->failover)
					return r53_error_set(
						err, R53_INVALID, "failover",
						"RRSet with DNS name %s, type %s: two %s failover "
						"records",
						p->name, rr_type_name(p->type),
						p->failover == FAILOVER_PRIMARY ? "PRIMARY"
										: "SECONDARY");
			}
		}
		i = j;
	}
	return R53_OK;
}

static enum r53_code
validate_sorted(struct rrset **v, size_t len, const char *zone_name, struct r53_error *err)
{
	bool apex_ns = false, apex_soa = false;

	for (size_t i = 0; i < len;) {
		size_t j = i + 1;

		while (j < len && !strcmp(v[j]->name, v[i]->name))
			j++;
		if (check_name_group(v + i, j - i, zone_name, err) != R53_OK)
			return R53_INVALID;
		if (zone_name && !strcmp(v[i]->name, zone_name)) {
			for (size_t k = i; k < j; k++) {
				apex_ns |= v[k]->type == RR_NS;
				apex_soa |= v[k]->type == RR_SOA;
			}
		}
		i = j;
	}
	if (zone_name && !apex_soa)
		return r53_error_set(err, R53_INVALID, "type",
				     "A HostedZone must contain exactly one SOA record.");
	if (zone_name && !apex_ns)
		return r53_error_set(err, R53_INVALID, "type",
				     "A HostedZone must contain at least one NS record for the "
				     "zone itself.");
	return R53_OK;
}

enum r53_code
rrset_list_validate_zone(const struct rrset_list *l, const char *zone_name, struct r53_error *err)
{
	struct rrset **v = sorted_view(l);
	enum r53_code rc;

	if (!v)
		return r53_error_set(err, R53_NOMEM, "zone", "out of memory");
	rc = validate_sorted(v, l->len, zone_name, err);
	free(v);
	return rc;
}

/* Binary search for @key in sorted @v; returns its index or, negated minus one, where it
 * would go. */
static long
find_sorted(struct rrset **v, size_t len, const struct rrset *key)
{
	size_t lo = 0, hi = len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = rrset_compare(v[mid], key);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (void *const *)a, y = (uintptr_t) * (void *const *)b;

	return x < y ? -1 : x > y;
}

enum r53_code
change_batch_apply(struct rrset_list *zone, const char *zone_name, const struct change_batch *b,
		   struct r53_error *err)
{
	size_t len = zone->len, cap = zone->len + b->len + 1, nremoved = 0;
	struct rrset **w = NULL, **removed = NULL, **mine = NULL, **fresh = NULL;
	enum r53_code rc = R53_OK;
	char key[NAME_TEXT_MAX + 200];
	bool sorted = true;

	rc = change_batch_check(b, zone_name, err);
	if (rc != R53_OK)
		return rc;
	w = malloc(cap * sizeof(*w));
	removed = malloc((b->len + 1) * sizeof(*removed));
	mine = malloc((b->len + 1) * sizeof(*mine));
	fresh = malloc(cap * sizeof(*fresh));
	if (!w || !removed || !mine || !fresh) {
		rc = r53_error_set(err, R53_NOMEM, "changes", "out of memory");
		goto out;
	}
	if (len)
		memcpy(w, zone->items, len * sizeof(*w));
	for (size_t i = 1; i < len && sorted; i++)
		sorted = rrset_compare(w[i - 1], w[i]) < 0;
	if (!sorted)
		qsort(w, len, sizeof(*w), rrset_compare_qsort);

	/* Work on borrowed pointers: nothing in @zone changes until every check passed. */
	for (size_t i = 0; i < b->len; i++) {
		const struct change *c = &b->changes[i];
		long at = find_sorted(w, len, c->rr);

		mine[i] = c->rr;
		key_text(c->rr, key, sizeof(key));
		switch (c->action) {
		case CHANGE_CREATE:
		case CHANGE_UPSERT:
			if (at >= 0 && c->action == CHANGE_CREATE) {
				rc = r53_error_set(err, R53_INVALID, "changes",
						   "Tried to create resource record set %s but it "
						   "already exists",
						   key);
				goto out;
			}
			if (at >= 0) {
				removed[nremoved++] = w[at];
				w[at] = c->rr;
			} else {
				size_t pos = (size_t)(-at - 1);

				memmove(w + pos + 1, w + pos, (len - pos) * sizeof(*w));
				w[pos] = c->rr;
				len++;
			}
			break;
		case CHANGE_DELETE:
			if (at < 0) {
				rc = r53_error_set(err, R53_INVALID, "changes",
						   "Tried to delete resource record set %s but it was "
						   "not found",
						   key);
				goto out;
			}
			if (!rrset_equal(w[at], c->rr)) {
				rc = r53_error_set(err, R53_INVALID, "changes",
						   "Tried to delete resource record set %s but the "
						   "values provided do not match the current values",
						   key);
				goto out;
			}
			removed[nremoved++] = w[at];
			memmove(w + at, w + at + 1, (len - (size_t)at - 1) * sizeof(*w));
			len--;
			break;
		}
	}
	rc = validate_sorted(w, len, zone_name, err);
	if (rc != R53_OK)
		goto out;

	/* Commit: copy what came from the batch, then free what was replaced or deleted. */
	qsort(mine, b->len, sizeof(*mine), cmp_ptr);
	for (size_t i = 0; i < len; i++) {
		if (bsearch(&w[i], mine, b->len, sizeof(*mine), cmp_ptr)) {
			fresh[i] = rrset_dup(w[i]);
			if (!fresh[i]) {
				for (size_t k = 0; k < i; k++)
					if (fresh[k] != w[k])
						rrset_free(&fresh[k]);
				rc = r53_error_set(err, R53_NOMEM, "changes", "out of memory");
				goto out;
			}
		} else {
			fresh[i] = w[i];
		}
	}
	for (size_t i = 0; i < nremoved; i++)
		if (!bsearch(&removed[i], mine, b->len, sizeof(*mine), cmp_ptr))
			rrset_free(&removed[i]);
	free(zone->items);
	zone->items = fresh;
	zone->len = len;
	zone->cap = cap;
	fresh = NULL;
out:
	free(w);
	free(removed);
	free(mine);
	free(fresh);
	return rc;
}
