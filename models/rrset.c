/* Record sets: ownership, identity, Route 53's order, equality, and the rules of one rrset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/models.h"

char *
r53_strdup(const char *s, struct r53_error *err)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		r53_error_set(err, R53_NOMEM, "", "out of memory");
	return d;
}

struct rrset *
rrset_new(const char *name, enum rr_type type, struct r53_error *err)
{
	char canon[NAME_TEXT_MAX];
	struct rrset *rr;

	if (name_canonical(name, canon, sizeof(canon), err) != R53_OK)
		return NULL;
	rr = calloc(1, sizeof(*rr));
	if (!rr || !(rr->name = strdup(canon))) {
		free(rr);
		r53_error_set(err, R53_NOMEM, "name", "out of memory");
		return NULL;
	}
	rr->type = type;
	rr->weight = -1;
	return rr;
}

static void
alias_free(struct alias_target **a)
{
	if (!*a)
		return;
	free((*a)->hosted_zone_id);
	free((*a)->dns_name);
	free(*a);
	*a = NULL;
}

void
rrset_free(struct rrset **rrp)
{
	struct rrset *rr;

	if (!rrp || !*rrp)
		return;
	rr = *rrp;
	free(rr->name);
	free(rr->set_id);
	free(rr->region);
	free(rr->cidr_collection);
	free(rr->cidr_location);
	free(rr->geoprox_region);
	free(rr->geoprox_lzg);
	free(rr->geoprox_lat);
	free(rr->geoprox_lon);
	for (size_t i = 0; i < rr->nvalues; i++)
		free(rr->values[i]);
	free(rr->values);
	alias_free(&rr->alias);
	free(rr->health_check_id);
	free(rr->traffic_policy_instance_id);
	free(rr);
	*rrp = NULL;
}

/* Copies an optional string member; returns false when out of memory. */
static bool
dup_field(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return true;
	*dst = strdup(src);
	return *dst != NULL;
}

struct rrset *
rrset_dup(const struct rrset *rr)
{
	struct rrset *d = calloc(1, sizeof(*d));
	bool ok;

	if (!d)
		return NULL;
	*d = *rr;
	d->name = d->set_id = d->region = d->cidr_collection = d->cidr_location = NULL;
	d->geoprox_region = d->geoprox_lzg = d->geoprox_lat = d->geoprox_lon = NULL;
	d->health_check_id = d->traffic_policy_instance_id = NULL;
	d->values = NULL;
	d->nvalues = 0;
	d->alias = NULL;
	ok = dup_field(&d->name, rr->name) && dup_field(&d->set_id, rr->set_id) &&
	     dup_field(&d->region, rr->region) &&
	     dup_field(&d->cidr_collection, rr->cidr_collection) &&
	     dup_field(&d->cidr_location, rr->cidr_location) &&
	     dup_field(&d->geoprox_region, rr->geoprox_region) &&
	     dup_field(&d->geoprox_lzg, rr->geoprox_lzg) &&
	     dup_field(&d->geoprox_lat, rr->geoprox_lat) &&
	     dup_field(&d->geoprox_lon, rr->geoprox_lon) &&
	     dup_field(&d->health_check_id, rr->health_check_id) &&
	     dup_field(&d->traffic_policy_instance_id, rr->traffic_policy_instance_id);
	if (ok && rr->nvalues) {
		d->values = calloc(rr->nvalues, sizeof(char *));
		ok = d->values != NULL;
		for (size_t i = 0; ok && i < rr->nvalues; i++) {
			ok = dup_field(&d->values[i], rr->values[i]);
			if (ok)
				d->nvalues++;
		}
	}
	if (ok && rr->alias) {
		d->alias = calloc(1, sizeof(*d->alias));
		ok = d->alias && dup_field(&d->alias->hosted_zone_id, rr->alias->hosted_zone_id) &&
		     dup_field(&d->alias->dns_name, rr->alias->dns_name);
		if (d->alias)
			d->alias->evaluate_target_health = rr->alias->evaluate_target_health;
	}
	if (!ok)
		rrset_free(&d);
	return d;
}

enum r53_code
rrset_add_value(struct rrset *rr, const char *value, struct r53_error *err)
{
	char **v;
	char *copy;

	if (!value)
		return r53_error_set(err, R53_INVALID, "values", "value is missing");
	v = realloc(rr->values, (rr->nvalues + 1) * sizeof(char *));
	if (!v)
		return r53_error_set(err, R53_NOMEM, "values", "out of memory");
	rr->values = v;
	copy = strdup(value);
	if (!copy)
		return r53_error_set(err, R53_NOMEM, "values", "out of memory");
	rr->values[rr->nvalues++] = copy;
	return R53_OK;
}

enum r53_code
rrset_set_str(char **field, const char *s, struct r53_error *err)
{
	char *copy = NULL;

	if (s && !(copy = strdup(s)))
		return r53_error_set(err, R53_NOMEM, "", "out of memory");
	free(*field);
	*field = copy;
	return R53_OK;
}

enum r53_code
rrset_set_alias(struct rrset *rr, const char *zone_id, const char *dns_name, bool evaluate,
		struct r53_error *err)
{
	char canon[NAME_TEXT_MAX];
	struct alias_target *a;

	if (name_canonical(dns_name, canon, sizeof(canon), err) != R53_OK) {
		if (err)
			snprintf(err->where, sizeof(err->where), "alias.dns_name");
		return R53_INVALID;
	}
	a = calloc(1, sizeof(*a));
	if (!a || !(a->hosted_zone_id = strdup(r53_bare_id(zone_id ? zone_id : ""))) ||
	    !(a->dns_name = strdup(canon))) {
		alias_free(&a);
		return r53_error_set(err, R53_NOMEM, "alias", "out of memory");
	}
	a->evaluate_target_health = evaluate;
	alias_free(&rr->alias);
	rr->alias = a;
	return R53_OK;
}

enum routing_policy
rrset_policy(const struct rrset *rr)
{
	if (rr->weight >= 0)
		return ROUTING_WEIGHTED;
	if (rr->region)
		return ROUTING_LATENCY;
	if (rr->has_geo)
		return ROUTING_GEO;
	if (rr->failover != FAILOVER_NONE)
		return ROUTING_FAILOVER;
	if (rr->multivalue)
		return ROUTING_MULTIVALUE;
	if (rr->cidr_collection || rr->cidr_location)
		return ROUTING_CIDR;
	if (rr->geoprox_region || rr->geoprox_lzg || rr->geoprox_lat || rr->has_bias)
		return ROUTING_GEOPROXIMITY;
	return ROUTING_SIMPLE;
}

/* How many routing policies the fields name at once (more than one is an error). */
static int
policy_count(const struct rrset *rr)
{
	return (rr->weight >= 0) + (rr->region != NULL) + rr->has_geo +
	       (rr->failover != FAILOVER_NONE) + rr->multivalue +
	       (rr->cidr_collection || rr->cidr_location) +
	       (rr->geoprox_region || rr->geoprox_lzg || rr->geoprox_lat || rr->geoprox_lon ||
		rr->has_bias);
}

void
rrset_routing_display(const struct rrset *rr, char *out, size_t outsz)
{
	char geo[16];

	switch (rrset_policy(rr)) {
	case ROUTING_SIMPLE: snprintf(out, outsz, "simple"); break;
	case ROUTING_WEIGHTED: snprintf(out, outsz, "weighted %d", rr->weight); break;
	case ROUTING_LATENCY: snprintf(out, outsz, "latency %s", rr->region); break;
	case ROUTING_GEO:
		geo_display(&rr->geo, geo, sizeof(geo));
		snprintf(out, outsz, "geo %s", geo);
		break;
	case ROUTING_FAILOVER:
		snprintf(out, outsz, "failover %s",
			 rr->failover == FAILOVER_PRIMARY ? "primary" : "secondary");
		break;
	case ROUTING_MULTIVALUE: snprintf(out, outsz, "multivalue"); break;
	case ROUTING_CIDR:
		snprintf(out, outsz, "ip-based %s", rr->cidr_location ? rr->cidr_location : "");
		break;
	case ROUTING_GEOPROXIMITY:
		snprintf(out, outsz, "geoproximity %s",
			 rr->geoprox_region ? rr->geoprox_region
					    : rr->geoprox_lzg ? rr->geoprox_lzg : "coordinates");
		break;
	}
}

static int
strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

bool
rrset_same_key(const struct rrset *a, const struct rrset *b)
{
	return a->type == b->type && !strcmp(a->name, b->name) && !strcmp_null(a->set_id, b->set_id);
}

int
rrset_compare(const struct rrset *a, const struct rrset *b)
{
	int c = name_compare(a->name, b->name);

	if (c)
		return c;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return strcmp_null(a->set_id, b->set_id);
}

int
rrset_compare_qsort(const void *a, const void *b)
{
	return rrset_compare(*(const struct rrset *const *)a, *(const struct rrset *const *)b);
}

static int
cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Values compared as multisets: Route 53 does not keep their order. */
static bool
values_equal(const struct rrset *a, const struct rrset *b)
{
	const char **x, **y;
	bool eq = true;

	if (a->nvalues != b->nvalues)
		return false;
	if (a->nvalues == 0)
		return true;
	if (a->nvalues == 1)
		return !strcmp(a->values[0], b->values[0]);
	x = malloc(a->nvalues * sizeof(*x));
	y = malloc(b->nvalues * sizeof(*y));
	if (!x || !y) {
		free(x);
		free(y);
		return false;
	}
	memcpy(x, a->values, a->nvalues * sizeof(*x));
	memcpy(y, b->values, b->nvalues * sizeof(*y));
	qsort(x, a->nvalues, sizeof(*x), cmp_str_ptr);
	qsort(y, b->nvalues, sizeof(*y), cmp_str_ptr);
	for (size_t i = 0; i < a->nvalues && eq; i++)
		eq = !strcmp(x[i], y[i]);
	free(x);
	free(y);
	return eq;
}

bool
rrset_equal(const struct rrset *a, const struct rrset *b)
{
	if (!rrset_same_key(a, b))
		return false;
	if (a->weight != b->weight || strcmp_null(a->region, b->region) ||
	    a->has_geo != b->has_geo || a->failover != b->failover ||
	    a->multivalue != b->multivalue || strcmp_null(a->cidr_collection, b->cidr_collection) ||
	    strcmp_null(a->cidr_location, b->cidr_location) ||
	    strcmp_null(a->geoprox_region, b->geoprox_region) ||
	    strcmp_null(a->geoprox_lzg, b->geoprox_lzg) ||
	    strcmp_null(a->geoprox_lat, b->geoprox_lat) ||
	    strcmp_null(a->geoprox_lon, b->geoprox_lon) || a->has_bias != b->has_bias ||
	    (a->has_bias && a->bias != b->bias) ||
	    strcmp_null(a->health_check_id, b->health_check_id))
		return false;
	if (a->has_geo && (strcmp(a->geo.continent, b->geo.continent) ||
			   strcmp(a->geo.country, b->geo.country) ||
			   strcmp(a->geo.subdivision, b->geo.subdivision)))
		return false;
	if (a->has_ttl != b->has_ttl || (a->has_ttl && a->ttl != b->ttl))
		return false;
	if ((a->alias == NULL) != (b->alias == NULL))
		return false;
	if (a->alias &&
	    (strcmp_null(a->alias->hosted_zone_id, b->alias->hosted_zone_id) ||
	     name_compare(a->alias->dns_name, b->alias->dns_name) ||
	     a->alias->evaluate_target_health != b->alias->evaluate_target_health))
		return false;
	return values_equal(a, b);
}

enum r53_code
rrset_validate(const struct rrset *rr, const char *zone_name, struct r53_error *err)
{
	char canon[NAME_TEXT_MAX];
	enum routing_policy pol;
	bool apex;

	if (!rr->name || name_canonical(rr->name, canon, sizeof(canon), err) != R53_OK)
		return r53_error_set(err, R53_INVALID, "name", "record name is missing");
	if (rr->type <= RR_NONE || rr->type >= RR_TYPE_COUNT)
		return r53_error_set(err, R53_INVALID, "type", "record type is missing or unknown");
	if (zone_name && !name_in_zone(canon, zone_name))
		return r53_error_set(err, R53_INVALID, "name",
				     "RRSet with DNS name %s is not permitted in zone %s", canon,
				     zone_name);
	apex = zone_name && !strcmp(canon, zone_name);

	if (rr->alias) {
		if (rr->has_ttl)
			return r53_error_set(err, R53_INVALID, "ttl",
					     "an alias takes its TTL from the target: remove the TTL");
		if (rr->nvalues)
			return r53_error_set(err, R53_INVALID, "values",
					     "an alias has a target, not values");
		if (alias_validate(rr->alias, canon, rr->type, zone_name, err) != R53_OK)
			return R53_INVALID;
	} else {
		if (!rr->has_ttl)
			return r53_error_set(err, R53_INVALID, "ttl", "a TTL is required");
		if (rr->ttl < 0 || rr->ttl > TTL_MAX)
			return r53_error_set(err, R53_INVALID, "ttl",
					     "TTL %lld is outside 0..%ld", (long long)rr->ttl,
					     TTL_MAX);
		if (rr->nvalues == 0)
			return r53_error_set(err, R53_INVALID, "values",
					     "a %s record needs at least one value",
					     rr_type_name(rr->type));
		for (size_t i = 0; i < rr->nvalues; i++)
			if (value_validate(rr->type, rr->values[i], i, err) != R53_OK)
				return R53_INVALID;
	}

	if (rr->type == RR_CNAME) {
		if (apex)
			return r53_error_set(err, R53_INVALID, "type",
					     "RRSet of type CNAME with DNS name %s is not permitted "
					     "at apex in zone %s",
					     canon, zone_name);
		if (rr->nvalues > 1)
			return r53_error_set(err, R53_INVALID, "values",
					     "CNAME takes exactly one value, got %zu", rr->nvalues);
	}
	if (rr->type == RR_SOA) {
		if (zone_name && !apex)
			return r53_error_set(err, R53_INVALID, "name",
					     "an SOA record can only be at the zone apex %s",
					     zone_name);
		if (rr->nvalues > 1)
			return r53_error_set(err, R53_INVALID, "values",
					     "SOA takes exactly one value, got %zu", rr->nvalues);
	}
	if (name_is_wildcard(canon) && rr->type == RR_NS)
		return r53_error_set(err, R53_INVALID, "name", "NS records cannot be wildcards");

	if (policy_count(rr) > 1)
		return r53_error_set(err, R53_INVALID, "routing",
				     "a record set takes one routing policy, not several");
	pol = rrset_policy(rr);
	if (pol == ROUTING_SIMPLE) {
		if (rr->set_id)
			return r53_error_set(err, R53_INVALID, "set_identifier",
					     "a set identifier needs a routing policy (weighted, "
					     "latency, geolocation, failover, multivalue...)");
	} else {
		if (!rr->set_id || !*rr->set_id)
			return r53_error_set(err, R53_INVALID, "set_identifier",
					     "%s routing needs a set identifier",
					     routing_policy_name(pol));
		if (strlen(rr->set_id) > 128)
			return r53_error_set(err, R53_INVALID, "set_identifier",
					     "set identifier is longer than 128 characters");
		if (!rr_type_routing_allowed(rr->type))
			return r53_error_set(err, R53_INVALID, "type",
					     "%s records cannot use %s routing",
					     rr_type_name(rr->type), routing_policy_name(pol));
	}
	switch (pol) {
	case ROUTING_WEIGHTED:
		if (rr->weight > 255)
			return r53_error_set(err, R53_INVALID, "weight",
					     "weight %d is outside 0..255", rr->weight);
		break;
	case ROUTING_LATENCY:
		if (!latency_region_valid(rr->region))
			return r53_error_set(err, R53_INVALID, "region",
					     "'%.40s' is not a latency region", rr->region);
		break;
	case ROUTING_GEO:
		if (geo_validate(&rr->geo, err) != R53_OK)
			return R53_INVALID;
		break;
	case ROUTING_MULTIVALUE:
		if (!rr_type_multivalue_allowed(rr->type))
			return r53_error_set(err, R53_INVALID, "type",
					     "%s records cannot use multivalue answers",
					     rr_type_name(rr->type));
		if (rr->alias)
			return r53_error_set(err, R53_INVALID, "alias",
					     "a multivalue answer record cannot be an alias");
		break;
	case ROUTING_CIDR:
		if (!rr->cidr_collection || !rr->cidr_location)
			return r53_error_set(err, R53_INVALID, "cidr",
					     "IP-based routing needs a collection and a location");
		break;
	case ROUTING_GEOPROXIMITY:
		if (rr->has_bias && (rr->bias < -99 || rr->bias > 99))
			return r53_error_set(err, R53_INVALID, "bias",
					     "bias %d is outside -99..99", rr->bias);
		if ((rr->geoprox_lat != NULL) != (rr->geoprox_lon != NULL))
			return r53_error_set(err, R53_INVALID, "coordinates",
					     "coordinates need a latitude and a longitude");
		break;
	case ROUTING_FAILOVER:
		if (rr->alias && !rr->alias->evaluate_target_health && !rr->health_check_id)
			break; /* allowed, though unwise; the editor warns */
		break;
	case ROUTING_SIMPLE:
		break;
	}
	if (rr->health_check_id && strlen(rr->health_check_id) > 64)
		return r53_error_set(err, R53_INVALID, "health_check_id",
				     "health check id is longer than 64 characters");
	return R53_OK;
}

/*
 * Lists
 */
void
rrset_list_init(struct rrset_list *l)
{
	memset(l, 0, sizeof(*l));
}

void
rrset_list_done(struct rrset_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		rrset_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

enum r53_code
rrset_list_take(struct rrset_list *l, struct rrset *rr, struct r53_error *err)
{
	if (!rr)
		return r53_error_set(err, R53_INVALID, "rrset", "no record set");
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct rrset **items = realloc(l->items, cap * sizeof(*items));

		if (!items) {
			rrset_free(&rr);
			return r53_error_set(err, R53_NOMEM, "rrset", "out of memory");
		}
		l->items = items;
		l->cap = cap;
	}
	l->items[l->len++] = rr;
	return R53_OK;
}

void
rrset_list_sort(struct rrset_list *l)
{
	if (l->len > 1)
		qsort(l->items, l->len, sizeof(*l->items), rrset_compare_qsort);
}

long
rrset_list_find(const struct rrset_list *l, const char *name, enum rr_type type,
		const char *set_id)
{
	for (size_t i = 0; i < l->len; i++) {
		const struct rrset *rr = l->items[i];

		if (rr->type == type && !strcmp(rr->name, name) && !strcmp_null(rr->set_id, set_id))
			return (long)i;
	}
	return -1;
}
