/* JSON with jansson: Route 53 Domains responses and errors, and the AWS CLI's shapes for record
 * sets and change batches (export --format json, apply FILE, --output json). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "client/client.h"
#include "client/private.h"

static enum r53_code
nomem(struct r53_error *err, const char *where)
{
	return r53_error_set(err, R53_NOMEM, where, "out of memory");
}

static const char *
jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
jcopy(char *dst, size_t dstsz, const json_t *o, const char *key)
{
	const char *s = jstr(o, key);

	snprintf(dst, dstsz, "%s", s ? s : "");
}

/* Timestamps are numbers of seconds, possibly fractional or in exponent form (1.7356896E9). */
static double
jtime(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_number(v)) {
		double d = json_number_value(v);

		return isfinite(d) ? d : 0;
	}
	return 0;
}

static char *
canon_or_raw(const char *s)
{
	char canon[NAME_TEXT_MAX];

	if (name_canonical(s, canon, sizeof(canon), NULL) == R53_OK)
		return strdup(canon);
	return strdup(s);
}

/*
 * Route 53 Domains
 */

static enum r53_code
decode_domain(const json_t *o, struct domain *d, bool detail, struct r53_error *err)
{
	const char *name = jstr(o, "DomainName");
	const json_t *ns, *st;
	size_t i;

	if (!name)
		return r53_error_set(err, R53_PARSE, "DomainName", "a domain has no DomainName");
	if (!(d->name = canon_or_raw(name)))
		return nomem(err, "domain");
	d->auto_renew = json_is_true(json_object_get(o, "AutoRenew"));
	d->transfer_lock = json_is_true(json_object_get(o, "TransferLock"));
	d->expiry = jtime(o, detail ? "ExpirationDate" : "Expiry");
	ns = json_object_get(o, "Nameservers");
	if (json_is_array(ns)) {
		for (i = 0; i < json_array_size(ns) && d->nname_servers < 13; i++) {
			const char *n = jstr(json_array_get(ns, i), "Name");

			if (!n)
				continue;
			if (!(d->name_servers[d->nname_servers] = canon_or_raw(n)))
				return nomem(err, "domain");
			d->nname_servers++;
		}
	}
	st = json_object_get(o, "StatusList");
	if (json_is_array(st))
		for (i = 0; i < json_array_size(st); i++) {
			const char *s = json_string_value(json_array_get(st, i));

			if (s && !strcmp(s, "clientTransferProhibited"))
				d->transfer_lock = true;
		}
	return R53_OK;
}

static void
decode_operation(const json_t *o, struct domain_operation *op)
{
	jcopy(op->id, sizeof(op->id), o, "OperationId");
	jcopy(op->status, sizeof(op->status), o, "Status");
	jcopy(op->type, sizeof(op->type), o, "Type");
	jcopy(op->domain, sizeof(op->domain), o, "DomainName");
	jcopy(op->message, sizeof(op->message), o, "Message");
	jcopy(op->status_flag, sizeof(op->status_flag), o, "StatusFlag");
	op->submitted = jtime(o, "SubmittedDate");
}

enum r53_code
r53_decode_domains(enum r53_op op, const char *body, size_t len, struct r53_page *p,
		   struct r53_error *err)
{
	const char *what = r53_op_name(op);
	json_error_t jerr;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	enum r53_code rc = R53_OK;

	if (!json_is_object(root)) {
		json_decref(root);
		return r53_error_set(err, R53_PARSE, what, "%s: the response is not a JSON object",
				     what);
	}
	switch (op) {
	case R53_OP_LIST_DOMAINS: {
		const json_t *list = json_object_get(root, "Domains");
		const char *next = jstr(root, "NextPageMarker");

		for (size_t i = 0; json_is_array(list) && i < json_array_size(list); i++) {
			struct domain d;

			domain_init(&d);
			if ((rc = decode_domain(json_array_get(list, i), &d, false, err)) != R53_OK) {
				domain_done(&d);
				break;
			}
			if ((rc = domain_list_push(&p->domains, &d, err)) != R53_OK)
				break;
		}
		if (rc == R53_OK && next && *next) {
			p->truncated = true;
			if (!(p->next_marker = strdup(next)))
				rc = nomem(err, what);
		}
		break;
	}
	case R53_OP_GET_DOMAIN: {
		struct domain d;

		domain_init(&d);
		if ((rc = decode_domain(root, &d, true, err)) != R53_OK)
			domain_done(&d);
		else
			rc = domain_list_push(&p->domains, &d, err);
		break;
	}
	case R53_OP_UPDATE_DOMAIN_NS:
	case R53_OP_GET_OPERATION:
		decode_operation(root, &p->operation);
		if (!p->operation.id[0])
			rc = r53_error_set(err, R53_PARSE, what, "%s: no OperationId", what);
		break;
	default:
		rc = r53_error_set(err, R53_PARSE, what, "%s is not a JSON operation", what);
	}
	json_decref(root);
	return rc;
}

void
r53_decode_domains_error(const char *body, size_t len, char *code, size_t codesz, char *msg,
			 size_t msgsz)
{
	json_t *root = json_loadb(body, len, 0, NULL);
	const char *t, *m;

	code[0] = msg[0] = '\0';
	if (!json_is_object(root)) {
		json_decref(root);
		return;
	}
	t = jstr(root, "__type");
	if (!t)
		t = jstr(root, "code");
	if (t) {
		const char *h = strrchr(t, '#');
		size_t n;

		if (h)
			t = h + 1;
		n = strcspn(t, ":");
		snprintf(code, codesz, "%.*s", (int)n, t);
	}
	m = jstr(root, "message");
	if (!m)
		m = jstr(root, "Message");
	snprintf(msg, msgsz, "%s", m ? m : "");
	json_decref(root);
}

/*
 * The AWS CLI's record-set shape
 */

static int
set_str(json_t *o, const char *k, const char *v)
{
	return v ? json_object_set_new(o, k, json_string(v)) : 0;
}

void *
r53_rrset_to_json(const struct rrset *rr)
{
	json_t *o = json_object(), *x;

	if (!o)
		return NULL;
	set_str(o, "Name", rr->name);
	set_str(o, "Type", rr_type_name(rr->type));
	set_str(o, "SetIdentifier", rr->set_id);
	if (rr->weight >= 0)
		json_object_set_new(o, "Weight", json_integer(rr->weight));
	set_str(o, "Region", rr->region);
	if (rr->has_geo && (x = json_object())) {
		if (rr->geo.continent[0])
			set_str(x, "ContinentCode", rr->geo.continent);
		if (rr->geo.country[0])
			set_str(x, "CountryCode", rr->geo.country);
		if (rr->geo.subdivision[0])
			set_str(x, "SubdivisionCode", rr->geo.subdivision);
		json_object_set_new(o, "GeoLocation", x);
	}
	if (rr->failover != FAILOVER_NONE)
		set_str(o, "Failover", rr->failover == FAILOVER_PRIMARY ? "PRIMARY" : "SECONDARY");
	if (rr->multivalue)
		json_object_set_new(o, "MultiValueAnswer", json_true());
	if (rr->has_ttl)
		json_object_set_new(o, "TTL", json_integer(rr->ttl));
	if (rr->nvalues && (x = json_array())) {
		for (size_t i = 0; i < rr->nvalues; i++) {
			json_t *v = json_object();

			if (v) {
				set_str(v, "Value", rr->values[i]);
				json_array_append_new(x, v);
			}
		}
		json_object_set_new(o, "ResourceRecords", x);
	}
	if (rr->alias && (x = json_object())) {
		set_str(x, "HostedZoneId", rr->alias->hosted_zone_id);
		set_str(x, "DNSName", rr->alias->dns_name);
		json_object_set_new(x, "EvaluateTargetHealth",
				    json_boolean(rr->alias->evaluate_target_health));
		json_object_set_new(o, "AliasTarget", x);
	}
	set_str(o, "HealthCheckId", rr->health_check_id);
	set_str(o, "TrafficPolicyInstanceId", rr->traffic_policy_instance_id);
	if ((rr->cidr_collection || rr->cidr_location) && (x = json_object())) {
		set_str(x, "CollectionId", rr->cidr_collection);
		set_str(x, "LocationName", rr->cidr_location);
		json_object_set_new(o, "CidrRoutingConfig", x);
	}
	if ((rr->geoprox_region || rr->geoprox_lzg || rr->geoprox_lat || rr->has_bias) &&
	    (x = json_object())) {
		set_str(x, "AWSRegion", rr->geoprox_region);
		set_str(x, "LocalZoneGroup", rr->geoprox_lzg);
		if (rr->geoprox_lat || rr->geoprox_lon) {
			json_t *c = json_object();

			if (c) {
				set_str(c, "Latitude", rr->geoprox_lat);
				set_str(c, "Longitude", rr->geoprox_lon);
				json_object_set_new(x, "Coordinates", c);
			}
		}
		if (rr->has_bias)
			json_object_set_new(x, "Bias", json_integer(rr->bias));
		json_object_set_new(o, "GeoProximityLocation", x);
	}
	return o;
}

/* An optional string member: absent/null is fine, another type is an error. */
static enum r53_code
opt_str(const json_t *o, const char *key, const char **out, struct r53_error *err)
{
	const json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return R53_OK;
	if (!json_is_string(v))
		return r53_error_set(err, R53_INVALID, key, "%s must be a string", key);
	*out = json_string_value(v);
	return R53_OK;
}

static enum r53_code
opt_int(const json_t *o, const char *key, long long lo, long long hi, bool *has, long long *out,
	struct r53_error *err)
{
	const json_t *v = json_object_get(o, key);

	*has = false;
	if (!v || json_is_null(v))
		return R53_OK;
	if (!json_is_integer(v))
		return r53_error_set(err, R53_INVALID, key, "%s must be a whole number", key);
	*out = json_integer_value(v);
	if (*out < lo || *out > hi)
		return r53_error_set(err, R53_INVALID, key, "%s %lld is outside %lld..%lld", key,
				     *out, lo, hi);
	*has = true;
	return R53_OK;
}

static enum r53_code
dup_member(const json_t *o, const char *key, char **field, struct r53_error *err)
{
	const char *s;

	if (opt_str(o, key, &s, err) != R53_OK)
		return R53_INVALID;
	return s ? rrset_set_str(field, s, err) : R53_OK;
}

static enum r53_code
copy_code(const json_t *o, const char *key, char *dst, size_t dstsz, struct r53_error *err)
{
	const char *s;

	if (opt_str(o, key, &s, err) != R53_OK)
		return R53_INVALID;
	if (!s)
		return R53_OK;
	if (strlen(s) >= dstsz)
		return r53_error_set(err, R53_INVALID, key, "%s '%.20s' is too long", key, s);
	snprintf(dst, dstsz, "%s", s);
	return R53_OK;
}

static enum r53_code
rrset_fields(const json_t *o, struct rrset *rr, struct r53_error *err)
{
	const char *s;
	const json_t *x;
	long long n;
	bool has;

	if (dup_member(o, "SetIdentifier", &rr->set_id, err) ||
	    opt_int(o, "Weight", 0, 255, &has, &n, err))
		return R53_INVALID;
	if (has)
		rr->weight = (int)n;
	if (dup_member(o, "Region", &rr->region, err))
		return R53_INVALID;
	if ((x = json_object_get(o, "GeoLocation")) && !json_is_null(x)) {
		if (!json_is_object(x))
			return r53_error_set(err, R53_INVALID, "GeoLocation", "GeoLocation must be an object");
		rr->has_geo = true;
		if (copy_code(x, "ContinentCode", rr->geo.continent, sizeof(rr->geo.continent), err) ||
		    copy_code(x, "CountryCode", rr->geo.country, sizeof(rr->geo.country), err) ||
		    copy_code(x, "SubdivisionCode", rr->geo.subdivision,
			      sizeof(rr->geo.subdivision), err))
			return R53_INVALID;
	}
	if (opt_str(o, "Failover", &s, err))
		return R53_INVALID;
	if (s) {
		if (!strcmp(s, "PRIMARY"))
			rr->failover = FAILOVER_PRIMARY;
		else if (!strcmp(s, "SECONDARY"))
			rr->failover = FAILOVER_SECONDARY;
		else
			return r53_error_set(err, R53_INVALID, "Failover",
					     "Failover is PRIMARY or SECONDARY, not '%.20s'", s);
	}
	x = json_object_get(o, "MultiValueAnswer");
	if (x && !json_is_null(x) && !json_is_boolean(x))
		return r53_error_set(err, R53_INVALID, "MultiValueAnswer",
				     "MultiValueAnswer must be true or false");
	rr->multivalue = json_is_true(x);
	if (opt_int(o, "TTL", 0, TTL_MAX, &has, &n, err))
		return R53_INVALID;
	if (has) {
		rr->has_ttl = true;
		rr->ttl = n;
	}
	if ((x = json_object_get(o, "ResourceRecords")) && !json_is_null(x)) {
		if (!json_is_array(x))
			return r53_error_set(err, R53_INVALID, "ResourceRecords",
					     "ResourceRecords must be a list of {\"Value\": ...}");
		for (size_t i = 0; i < json_array_size(x); i++) {
			const char *v = jstr(json_array_get(x, i), "Value");

			if (!v)
				return r53_error_set(err, R53_INVALID, "ResourceRecords",
						     "ResourceRecords[%zu] has no Value string", i);
			if (rrset_add_value(rr, v, err) != R53_OK)
				return R53_INVALID;
		}
	}
	if ((x = json_object_get(o, "AliasTarget")) && !json_is_null(x)) {
		const char *zid = jstr(x, "HostedZoneId"), *dns = jstr(x, "DNSName");

		if (!json_is_object(x) || !zid || !dns)
			return r53_error_set(err, R53_INVALID, "AliasTarget",
					     "AliasTarget needs HostedZoneId and DNSName");
		if (rrset_set_alias(rr, zid, dns,
				    json_is_true(json_object_get(x, "EvaluateTargetHealth")),
				    err) != R53_OK)
			return R53_INVALID;
	}
	if (dup_member(o, "HealthCheckId", &rr->health_check_id, err))
		return R53_INVALID;
	if ((x = json_object_get(o, "CidrRoutingConfig")) && json_is_object(x)) {
		if (dup_member(x, "CollectionId", &rr->cidr_collection, err) ||
		    dup_member(x, "LocationName", &rr->cidr_location, err))
			return R53_INVALID;
	}
	if ((x = json_object_get(o, "GeoProximityLocation")) && json_is_object(x)) {
		const json_t *c = json_object_get(x, "Coordinates");

		if (dup_member(x, "AWSRegion", &rr->geoprox_region, err) ||
		    dup_member(x, "LocalZoneGroup", &rr->geoprox_lzg, err))
			return R53_INVALID;
		if (json_is_object(c) && (dup_member(c, "Latitude", &rr->geoprox_lat, err) ||
					  dup_member(c, "Longitude", &rr->geoprox_lon, err)))
			return R53_INVALID;
		if (opt_int(x, "Bias", -99, 99, &has, &n, err))
			return R53_INVALID;
		if (has) {
			rr->has_bias = true;
			rr->bias = (int)n;
		}
	}
	return R53_OK;
}

struct rrset *
r53_rrset_from_json(const void *json, struct r53_error *err)
{
	const json_t *o = json;
	const char *name, *type;
	enum rr_type t;
	struct rrset *rr;

	if (!json_is_object(o)) {
		r53_error_set(err, R53_INVALID, "ResourceRecordSet",
			      "ResourceRecordSet must be an object");
		return NULL;
	}
	name = jstr(o, "Name");
	type = jstr(o, "Type");
	if (!name || !type) {
		r53_error_set(err, R53_INVALID, name ? "Type" : "Name",
			      "a ResourceRecordSet needs Name and Type strings");
		return NULL;
	}
	if ((t = rr_type_parse(type)) == RR_NONE) {
		r53_error_set(err, R53_INVALID, "Type", "'%.20s' is not a Route 53 record type", type);
		return NULL;
	}
	if (!(rr = rrset_new(name, t, err)))
		return NULL;
	if (rrset_fields(o, rr, err) != R53_OK)
		rrset_free(&rr);
	return rr;
}

enum r53_code
r53_change_batch_from_json(const char *text, size_t len, struct change_batch *out,
			   struct r53_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, 0, &jerr), *cb, *changes;
	const char *comment;
	enum r53_code rc = R53_OK;

	if (!root)
		return r53_error_set(err, R53_PARSE, "json", "line %d column %d: %s", jerr.line,
				     jerr.column, jerr.text);
	cb = json_object_get(root, "ChangeBatch");
	if (!cb)
		cb = root;
	changes = json_object_get(cb, "Changes");
	if (!json_is_object(cb) || !json_is_array(changes)) {
		json_decref(root);
		return r53_error_set(err, R53_INVALID, "Changes",
				     "a change batch is {\"Changes\": [{\"Action\": ..., "
				     "\"ResourceRecordSet\": {...}}]}");
	}
	if (opt_str(cb, "Comment", &comment, err) == R53_OK && comment)
		rc = rrset_set_str(&out->comment, comment, err);
	for (size_t i = 0; rc == R53_OK && i < json_array_size(changes); i++) {
		const json_t *ch = json_array_get(changes, i);
		const char *action = jstr(ch, "Action");
		enum change_action a;
		struct rrset *rr;
		struct r53_error e = { 0 };

		if (!action || !change_action_parse(action, &a)) {
			rc = r53_error_set(err, R53_INVALID, "Action",
					   "Changes[%zu]: Action is CREATE, DELETE or UPSERT", i);
			break;
		}
		if (!(rr = r53_rrset_from_json(json_object_get(ch, "ResourceRecordSet"), &e))) {
			char where[96];

			snprintf(where, sizeof(where), "Changes[%zu].%s", i, e.where);
			rc = r53_error_set(err, e.code ? e.code : R53_INVALID, where,
					   "Changes[%zu]: %s", i, e.text);
			break;
		}
		rc = change_batch_take(out, a, rr, err);
	}
	if (rc == R53_OK && !out->len)
		rc = r53_error_set(err, R53_INVALID, "Changes", "the change batch has no changes");
	json_decref(root);
	return rc;
}

/*
 * Query strings, canonical for SigV4 (libcurl 7.88 signs the query verbatim)
 */

char *
r53_uri_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = malloc(n * 3 + 1), *p = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}

struct qpair {
	char *k, *v;
};

static int
qpair_cmp(const void *a, const void *b)
{
	const struct qpair *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	return c ? c : strcmp(x->v, y->v);
}

char *
r53_query_canonical(const char *const *kv)
{
	struct qpair pairs[16];
	size_t n = 0, len = 1;
	char *out = NULL;
	bool oom = false;

	for (size_t i = 0; kv[i] && n < 16; i += 2) {
		if (!kv[i + 1])
			continue;
		pairs[n].k = r53_uri_encode(kv[i]);
		pairs[n].v = r53_uri_encode(kv[i + 1]);
		if (!pairs[n].k || !pairs[n].v)
			oom = true;
		else
			len += strlen(pairs[n].k) + strlen(pairs[n].v) + 2;
		n++;
	}
	if (!oom) {
		qsort(pairs, n, sizeof(pairs[0]), qpair_cmp);
		out = malloc(len);
		if (out) {
			out[0] = '\0';
			for (size_t i = 0; i < n; i++) {
				if (i)
					strcat(out, "&");
				strcat(out, pairs[i].k);
				strcat(out, "=");
				strcat(out, pairs[i].v);
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		free(pairs[i].k);
		free(pairs[i].v);
	}
	return out;
}

/*
 * Streaming writer for large listings: the same document r53_rrset_to_json() builds, written
 * straight to a FILE in jansson's JSON_INDENT(4) layout, without a tree per record set (for
 * 10,000 record sets the tree costs more than reading them from Route 53).
 */
struct jw {
	FILE *f;
	int depth;
	int count[16]; /* members written at each depth (0 = inside the outer object) */
};

static void
jw_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* Starts a member (key may be NULL inside an array): separator, newline, indent, key. */
static void
jw_member(struct jw *w, const char *key)
{
	if (w->count[w->depth]++)
		fputc(',', w->f);
	fputc('\n', w->f);
	for (int i = 0; i < (w->depth + 1) * 4; i++)
		fputc(' ', w->f);
	if (key) {
		jw_string(w->f, key);
		fputs(": ", w->f);
	}
}

static void
jw_open(struct jw *w, const char *key, char bracket)
{
	if (w->depth >= 0)
		jw_member(w, key);
	fputc(bracket, w->f);
	w->depth++;
	w->count[w->depth] = 0;
}

static void
jw_close(struct jw *w, char bracket)
{
	int had = w->count[w->depth];

	w->depth--;
	if (had) {
		fputc('\n', w->f);
		for (int i = 0; i < (w->depth + 1) * 4; i++)
			fputc(' ', w->f);
	}
	fputc(bracket, w->f);
}

static void
jw_str(struct jw *w, const char *key, const char *v)
{
	if (!v)
		return;
	jw_member(w, key);
	jw_string(w->f, v);
}

static void
jw_int(struct jw *w, const char *key, long long v)
{
	jw_member(w, key);
	fprintf(w->f, "%lld", v);
}

static void
jw_bool(struct jw *w, const char *key, bool v)
{
	jw_member(w, key);
	fputs(v ? "true" : "false", w->f);
}

static void
jw_rrset(struct jw *w, const struct rrset *rr)
{
	jw_open(w, NULL, '{');
	jw_str(w, "Name", rr->name);
	jw_str(w, "Type", rr_type_name(rr->type));
	jw_str(w, "SetIdentifier", rr->set_id);
	if (rr->weight >= 0)
		jw_int(w, "Weight", rr->weight);
	jw_str(w, "Region", rr->region);
	if (rr->has_geo) {
		jw_open(w, "GeoLocation", '{');
		if (rr->geo.continent[0])
			jw_str(w, "ContinentCode", rr->geo.continent);
		if (rr->geo.country[0])
			jw_str(w, "CountryCode", rr->geo.country);
		if (rr->geo.subdivision[0])
			jw_str(w, "SubdivisionCode", rr->geo.subdivision);
		jw_close(w, '}');
	}
	if (rr->failover != FAILOVER_NONE)
		jw_str(w, "Failover", rr->failover == FAILOVER_PRIMARY ? "PRIMARY" : "SECONDARY");
	if (rr->multivalue)
		jw_bool(w, "MultiValueAnswer", true);
	if (rr->has_ttl)
		jw_int(w, "TTL", rr->ttl);
	if (rr->nvalues) {
		jw_open(w, "ResourceRecords", '[');
		for (size_t i = 0; i < rr->nvalues; i++) {
			jw_open(w, NULL, '{');
			jw_str(w, "Value", rr->values[i]);
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	if (rr->alias) {
		jw_open(w, "AliasTarget", '{');
		jw_str(w, "HostedZoneId", rr->alias->hosted_zone_id);
		jw_str(w, "DNSName", rr->alias->dns_name);
		jw_bool(w, "EvaluateTargetHealth", rr->alias->evaluate_target_health);
		jw_close(w, '}');
	}
	jw_str(w, "HealthCheckId", rr->health_check_id);
	jw_str(w, "TrafficPolicyInstanceId", rr->traffic_policy_instance_id);
	if (rr->cidr_collection || rr->cidr_location) {
		jw_open(w, "CidrRoutingConfig", '{');
		jw_str(w, "CollectionId", rr->cidr_collection);
		jw_str(w, "LocationName", rr->cidr_location);
		jw_close(w, '}');
	}
	if (rr->geoprox_region || rr->geoprox_lzg || rr->geoprox_lat || rr->has_bias) {
		jw_open(w, "GeoProximityLocation", '{');
		jw_str(w, "AWSRegion", rr->geoprox_region);
		jw_str(w, "LocalZoneGroup", rr->geoprox_lzg);
		if (rr->geoprox_lat || rr->geoprox_lon) {
			jw_open(w, "Coordinates", '{');
			jw_str(w, "Latitude", rr->geoprox_lat);
			jw_str(w, "Longitude", rr->geoprox_lon);
			jw_close(w, '}');
		}
		if (rr->has_bias)
			jw_int(w, "Bias", rr->bias);
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

void
r53_rrsets_write_json(FILE *f, const struct rrset_list *l)
{
	struct jw w = { .f = f, .depth = -1 };

	jw_open(&w, NULL, '{');
	jw_open(&w, "ResourceRecordSets", '[');
	for (size_t i = 0; i < l->len; i++)
		jw_rrset(&w, l->items[i]);
	jw_close(&w, ']');
	jw_close(&w, '}');
	fputc('\n', f);
}
