/* Serialized forms of the models in the cache: compact JSON (jansson) with a fixed key order,
 * absent fields left out, so a value always gives the same text and a row can be read back by
 * a later r53 that knows more fields. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cache/private.h"

/*
 * Writing
 */

/* Sets @key to a copy of @s (skipped when NULL); false when out of memory. */
static bool
put_str(json_t *o, const char *key, const char *s)
{
	return !s || json_object_set_new(o, key, json_string(s)) == 0;
}

static bool
put_int(json_t *o, const char *key, json_int_t v)
{
	return json_object_set_new(o, key, json_integer(v)) == 0;
}

static bool
put_bool(json_t *o, const char *key, bool v)
{
	return json_object_set_new(o, key, json_boolean(v)) == 0;
}

/* Sets @key to an array of @n strings (skipped when @n is 0 and !@always). */
static bool
put_strv(json_t *o, const char *key, char *const *v, size_t n, bool always)
{
	json_t *a;

	if (!n && !always)
		return true;
	if (!(a = json_array()))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (json_array_append_new(a, json_string(v[i] ? v[i] : "")) != 0) {
			json_decref(a);
			return false;
		}
	}
	return json_object_set_new(o, key, a) == 0;
}

static const char *
failover_name(enum failover_role f)
{
	switch (f) {
	case FAILOVER_PRIMARY: return "PRIMARY";
	case FAILOVER_SECONDARY: return "SECONDARY";
	case FAILOVER_NONE: break;
	}
	return NULL;
}

/* The rrset as a JSON object, or NULL when out of memory. */
static json_t *
rrset_json(const struct rrset *rr)
{
	json_t *o = json_object(), *sub;
	bool ok = o != NULL;

	ok = ok && put_str(o, "name", rr->name) && put_str(o, "type", rr_type_name(rr->type)) &&
	     put_str(o, "set_id", rr->set_id);
	if (ok && rr->weight >= 0)
		ok = put_int(o, "weight", rr->weight);
	ok = ok && put_str(o, "region", rr->region);
	if (ok && rr->has_geo) {
		ok = (sub = json_object()) != NULL && json_object_set_new(o, "geo", sub) == 0 &&
		     (!*rr->geo.continent || put_str(sub, "continent", rr->geo.continent)) &&
		     (!*rr->geo.country || put_str(sub, "country", rr->geo.country)) &&
		     (!*rr->geo.subdivision || put_str(sub, "subdivision", rr->geo.subdivision));
	}
	ok = ok && put_str(o, "failover", failover_name(rr->failover));
	if (ok && rr->multivalue)
		ok = put_bool(o, "multivalue", true);
	if (ok && (rr->cidr_collection || rr->cidr_location)) {
		ok = (sub = json_object()) != NULL && json_object_set_new(o, "cidr", sub) == 0 &&
		     put_str(sub, "collection", rr->cidr_collection) &&
		     put_str(sub, "location", rr->cidr_location);
	}
	if (ok && (rr->geoprox_region || rr->geoprox_lzg || rr->geoprox_lat || rr->geoprox_lon ||
		   rr->has_bias)) {
		ok = (sub = json_object()) != NULL &&
		     json_object_set_new(o, "geoproximity", sub) == 0 &&
		     put_str(sub, "region", rr->geoprox_region) &&
		     put_str(sub, "local_zone_group", rr->geoprox_lzg) &&
		     put_str(sub, "latitude", rr->geoprox_lat) &&
		     put_str(sub, "longitude", rr->geoprox_lon) &&
		     (!rr->has_bias || put_int(sub, "bias", rr->bias));
	}
	if (ok && rr->has_ttl)
		ok = put_int(o, "ttl", rr->ttl);
	/* An alias has no values; a plain rrset keeps "values" even when empty. */
	ok = ok && put_strv(o, "values", rr->values, rr->nvalues, !rr->alias);
	if (ok && rr->alias) {
		ok = (sub = json_object()) != NULL && json_object_set_new(o, "alias", sub) == 0 &&
		     put_str(sub, "zone_id", rr->alias->hosted_zone_id) &&
		     put_str(sub, "dns_name", rr->alias->dns_name) &&
		     put_bool(sub, "evaluate_target_health", rr->alias->evaluate_target_health);
	}
	ok = ok && put_str(o, "health_check_id", rr->health_check_id) &&
	     put_str(o, "traffic_policy_instance_id", rr->traffic_policy_instance_id);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Dumps and releases @o; NULL (R53_NOMEM) when anything failed. */
static char *
dump(json_t *o, const char *where, struct r53_error *err)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;

	json_decref(o);
	if (!s)
		r53_error_set(err, R53_NOMEM, where, "out of memory");
	return s;
}

/*
 * The direct writer for rrset rows. A sync writes 10,000 of them, and building a jansson tree
 * per row then dumping it was a quarter of the cache's CPU. This appends the very text
 * json_dumps(rrset_json(rr), JSON_COMPACT | JSON_ENSURE_ASCII) gives, byte for byte (the unit
 * tests compare the two over every kind of rrset and every ASCII byte), into a reusable
 * buffer. A string with a byte outside ASCII (jansson checks UTF-8 and escapes it as \uXXXX)
 * makes it give up, and the row is written by the jansson path: same text, same errors.
 */

/* Room for @n more bytes (and a NUL); false when out of memory. */
static bool
sbuf_room(struct sbuf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	if (!(p = realloc(b->s, cap)))
		return false;
	b->s = p;
	b->cap = cap;
	return true;
}

static bool
sbuf_raw(struct sbuf *b, const char *s, size_t n)
{
	if (!sbuf_room(b, n))
		return false;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

#define SBUF_LIT(b, lit) sbuf_raw((b), (lit), sizeof(lit) - 1)

/* A JSON string as jansson writes it; 0 written, 1 not ASCII (give up), -1 out of memory. */
static int
sbuf_jstr(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *o;

	/* Worst case every byte is a \u00XX escape. */
	if (!sbuf_room(b, n * 6 + 2))
		return -1;
	o = b->s + b->len;
	*o++ = '"';
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x80)
			return 1;
		if (ch >= 0x20 && ch != '"' && ch != '\\') {
			*o++ = (char)ch;
			continue;
		}
		*o++ = '\\';
		switch (ch) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[ch >> 4];
			*o++ = hex[ch & 15];
		}
	}
	*o++ = '"';
	*o = '\0';
	b->len = (size_t)(o - b->s);
	return 0;
}

static bool
sbuf_int(struct sbuf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return sbuf_raw(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* The writer's state: the buffer, whether a member was written in the current object, and
 * the outcome (0 fine, 1 give up, -1 out of memory). */
struct jw {
	struct sbuf *b;
	bool comma;
	int rc;
};

/* Writes ',"key":' (no comma first in an object). */
static bool
jw_key(struct jw *w, const char *key)
{
	if (w->rc)
		return false;
	if ((w->comma && !SBUF_LIT(w->b, ",")) || sbuf_jstr(w->b, key) != 0 ||
	    !SBUF_LIT(w->b, ":")) {
		w->rc = -1;
		return false;
	}
	w->comma = true;
	return true;
}

static void
jw_str(struct jw *w, const char *key, const char *s)
{
	int rc;

	if (!s || !jw_key(w, key))
		return;
	if ((rc = sbuf_jstr(w->b, s)) != 0)
		w->rc = rc;
}

static void
jw_int(struct jw *w, const char *key, int64_t v)
{
	if (jw_key(w, key) && !sbuf_int(w->b, v))
		w->rc = -1;
}

static void
jw_bool(struct jw *w, const char *key, bool v)
{
	if (jw_key(w, key) && !(v ? SBUF_LIT(w->b, "true") : SBUF_LIT(w->b, "false")))
		w->rc = -1;
}

/* Opens an object member ('"key":{'); jw_close() ends it. */
static void
jw_open(struct jw *w, const char *key)
{
	if (jw_key(w, key) && !SBUF_LIT(w->b, "{"))
		w->rc = -1;
	w->comma = false;
}

static void
jw_close(struct jw *w)
{
	if (!w->rc && !SBUF_LIT(w->b, "}"))
		w->rc = -1;
	w->comma = true;
}

int
serial_rrset_append(const struct rrset *rr, struct sbuf *b)
{
	struct jw w = { b, false, 0 };
	size_t start = b->len;

	if (!SBUF_LIT(b, "{"))
		return -1;
	jw_str(&w, "name", rr->name);
	jw_str(&w, "type", rr_type_name(rr->type));
	jw_str(&w, "set_id", rr->set_id);
	if (rr->weight >= 0)
		jw_int(&w, "weight", rr->weight);
	jw_str(&w, "region", rr->region);
	if (rr->has_geo) {
		jw_open(&w, "geo");
		if (*rr->geo.continent)
			jw_str(&w, "continent", rr->geo.continent);
		if (*rr->geo.country)
			jw_str(&w, "country", rr->geo.country);
		if (*rr->geo.subdivision)
			jw_str(&w, "subdivision", rr->geo.subdivision);
		jw_close(&w);
	}
	jw_str(&w, "failover", failover_name(rr->failover));
	if (rr->multivalue)
		jw_bool(&w, "multivalue", true);
	if (rr->cidr_collection || rr->cidr_location) {
		jw_open(&w, "cidr");
		jw_str(&w, "collection", rr->cidr_collection);
		jw_str(&w, "location", rr->cidr_location);
		jw_close(&w);
	}
	if (rr->geoprox_region || rr->geoprox_lzg || rr->geoprox_lat || rr->geoprox_lon ||
	    rr->has_bias) {
		jw_open(&w, "geoproximity");
		jw_str(&w, "region", rr->geoprox_region);
		jw_str(&w, "local_zone_group", rr->geoprox_lzg);
		jw_str(&w, "latitude", rr->geoprox_lat);
		jw_str(&w, "longitude", rr->geoprox_lon);
		if (rr->has_bias)
			jw_int(&w, "bias", rr->bias);
		jw_close(&w);
	}
	if (rr->has_ttl)
		jw_int(&w, "ttl", rr->ttl);
	/* An alias has no values; a plain rrset keeps "values" even when empty. */
	if (rr->nvalues || !rr->alias) {
		if (jw_key(&w, "values") && !SBUF_LIT(b, "["))
			w.rc = -1;
		for (size_t i = 0; !w.rc && i < rr->nvalues; i++) {
			int rc;

			if (i && !SBUF_LIT(b, ","))
				w.rc = -1;
			else if ((rc = sbuf_jstr(b, rr->values[i] ? rr->values[i] : "")) != 0)
				w.rc = rc;
		}
		if (!w.rc && !SBUF_LIT(b, "]"))
			w.rc = -1;
	}
	if (rr->alias) {
		jw_open(&w, "alias");
		jw_str(&w, "zone_id", rr->alias->hosted_zone_id);
		jw_str(&w, "dns_name", rr->alias->dns_name);
		jw_bool(&w, "evaluate_target_health", rr->alias->evaluate_target_health);
		jw_close(&w);
	}
	jw_str(&w, "health_check_id", rr->health_check_id);
	jw_str(&w, "traffic_policy_instance_id", rr->traffic_policy_instance_id);
	jw_close(&w);
	if (w.rc) {
		b->len = start;
		if (b->s)
			b->s[start] = '\0';
	}
	return w.rc;
}

/* The jansson path, for what the writer above gives up on. */
static char *
serial_rrset_jansson(const struct rrset *rr, struct r53_error *err)
{
	return dump(rrset_json(rr), "rrset", err);
}

enum r53_code
serial_rrset_buf(const struct rrset *rr, struct sbuf *b, struct r53_error *err)
{
	int rc = serial_rrset_append(rr, b);
	char *s;

	if (rc < 0)
		return r53_error_set(err, R53_NOMEM, "rrset", "out of memory");
	if (rc == 0)
		return R53_OK;
	if (!(s = serial_rrset_jansson(rr, err)))
		return R53_NOMEM;
	if (!sbuf_raw(b, s, strlen(s))) {
		free(s);
		return r53_error_set(err, R53_NOMEM, "rrset", "out of memory");
	}
	free(s);
	return R53_OK;
}

char *
serial_rrset(const struct rrset *rr, struct r53_error *err)
{
	struct sbuf b = { 0 };

	if (serial_rrset_buf(rr, &b, err) != R53_OK) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

char *
serial_rrset_via_jansson(const struct rrset *rr, struct r53_error *err)
{
	return serial_rrset_jansson(rr, err);
}

char *
serial_zone(const struct zone *z, struct r53_error *err)
{
	json_t *o = json_object();
	bool ok = o && put_str(o, "id", z->id) && put_str(o, "name", z->name) &&
		  put_str(o, "comment", z->comment) && put_str(o, "caller_ref", z->caller_ref) &&
		  put_bool(o, "private", z->private_zone) &&
		  put_int(o, "record_count", z->record_count) && put_str(o, "vpc_id", z->vpc_id) &&
		  put_str(o, "vpc_region", z->vpc_region) &&
		  put_strv(o, "name_servers", z->name_servers,
			   z->nname_servers < 8 ? z->nname_servers : 8, false);

	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return dump(o, "zone", err);
}

char *
serial_batch(const struct change_batch *b, struct r53_error *err)
{
	json_t *o = json_object(), *a = json_array();
	bool ok = o && a && put_str(o, "comment", b->comment) &&
		  json_object_set(o, "changes", a) == 0;

	for (size_t i = 0; ok && i < b->len; i++) {
		json_t *ch = json_object(), *rr = b->changes[i].rr ? rrset_json(b->changes[i].rr) : NULL;

		ok = ch && rr && put_str(ch, "action", change_action_name(b->changes[i].action)) &&
		     json_object_set_new(ch, "rrset", rr) == 0;
		if (!ok) {
			json_decref(rr);
			json_decref(ch);
			break;
		}
		ok = json_array_append_new(a, ch) == 0;
	}
	json_decref(a);
	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return dump(o, "batch", err);
}

char *
serial_domain(const struct domain *d, struct r53_error *err)
{
	json_t *o = json_object();
	bool ok = o && put_str(o, "name", d->name) && put_bool(o, "auto_renew", d->auto_renew) &&
		  put_bool(o, "transfer_lock", d->transfer_lock) &&
		  json_object_set_new(o, "expiry", json_real(d->expiry)) == 0 &&
		  put_strv(o, "name_servers", d->name_servers,
			   d->nname_servers < 13 ? d->nname_servers : 13, false);

	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return dump(o, "domain", err);
}

char *
serial_health_check(const struct health_check *h, struct r53_error *err)
{
	json_t *o = json_object();
	bool ok = o && put_str(o, "id", h->id) && put_str(o, "caller_ref", h->caller_ref) &&
		  put_str(o, "type", h->type) && put_str(o, "ip", h->ip) &&
		  put_int(o, "port", h->port) && put_str(o, "fqdn", h->fqdn) &&
		  put_str(o, "path", h->path) && put_str(o, "search", h->search) &&
		  put_int(o, "interval", h->interval) &&
		  put_int(o, "failure_threshold", h->failure_threshold) &&
		  put_bool(o, "inverted", h->inverted) && put_bool(o, "disabled", h->disabled) &&
		  put_strv(o, "children", h->children, h->nchildren, false) &&
		  (h->health_threshold < 0 || put_int(o, "health_threshold", h->health_threshold)) &&
		  put_int(o, "version", h->version);

	if (!ok) {
		json_decref(o);
		o = NULL;
	}
	return dump(o, "health_check", err);
}

/*
 * Reading
 */

struct reader {
	const char *where; /* for messages: "rrset", "zone"... */
	struct r53_error *err;
	bool ok;
};

static void
bad(struct reader *r, const char *key, const char *why)
{
	if (r->ok)
		r53_error_set(r->err, R53_CACHE, r->where, "cached %s: %s %s", r->where, key, why);
	r->ok = false;
}

static void
nomem(struct reader *r)
{
	if (r->ok)
		r53_error_set(r->err, R53_NOMEM, r->where, "out of memory");
	r->ok = false;
}

/* Copies an optional string member into *@out (left NULL when absent). */
static void
get_str(struct reader *r, json_t *o, const char *key, char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!r->ok || !v)
		return;
	if (!json_is_string(v))
		return bad(r, key, "is not a string");
	if (!(*out = strdup(json_string_value(v))))
		nomem(r);
}

/* Copies an optional string into a fixed buffer (geo codes). */
static void
get_code(struct reader *r, json_t *o, const char *key, char *out, size_t outsz)
{
	json_t *v = json_object_get(o, key);
	const char *s;

	*out = '\0';
	if (!r->ok || !v)
		return;
	if (!json_is_string(v) || strlen(s = json_string_value(v)) >= outsz)
		return bad(r, key, "is not a short string");
	memcpy(out, s, strlen(s) + 1);
}

static bool
get_int(struct reader *r, json_t *o, const char *key, json_int_t *out)
{
	json_t *v = json_object_get(o, key);

	if (!r->ok || !v)
		return false;
	if (!json_is_integer(v)) {
		bad(r, key, "is not an integer");
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

static bool
get_bool(struct reader *r, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!r->ok || !v)
		return false;
	if (!json_is_boolean(v)) {
		bad(r, key, "is not a boolean");
		return false;
	}
	return json_is_true(v);
}

/* An optional array of strings into @v (capacity @max) or a malloc'd array when @max is 0. */
static void
get_strv(struct reader *r, json_t *o, const char *key, char **fixed, size_t max, char ***heap,
	 size_t *n)
{
	json_t *a = json_object_get(o, key), *v;
	size_t i, len;

	*n = 0;
	if (!r->ok || !a)
		return;
	if (!json_is_array(a))
		return bad(r, key, "is not an array");
	len = json_array_size(a);
	if (max && len > max)
		return bad(r, key, "has too many items");
	if (!max && len && !(*heap = calloc(len, sizeof(char *))))
		return nomem(r);
	json_array_foreach (a, i, v) {
		char *s;

		if (!json_is_string(v))
			return bad(r, key, "holds a non-string");
		if (!(s = strdup(json_string_value(v))))
			return nomem(r);
		if (max)
			fixed[i] = s;
		else
			(*heap)[i] = s;
		(*n)++;
	}
}

static json_t *
parse(struct reader *r, const char *text)
{
	json_error_t je;
	json_t *o = text ? json_loads(text, JSON_REJECT_DUPLICATES, &je) : NULL;

	if (!o || !json_is_object(o)) {
		r53_error_set(r->err, R53_CACHE, r->where, "cached %s is not valid (%s)", r->where,
			      o ? "not an object" : text ? je.text : "missing");
		json_decref(o);
		r->ok = false;
		return NULL;
	}
	return o;
}

/* Reads an rrset object; NULL with r->ok false on error. */
static struct rrset *
rrset_from_json(struct reader *r, json_t *o)
{
	struct rrset *rr = calloc(1, sizeof(*rr));
	json_t *sub, *v;
	json_int_t i;
	char *type = NULL;

	if (!rr) {
		nomem(r);
		return NULL;
	}
	rr->weight = -1;
	if (!json_is_object(o))
		bad(r, "rrset", "is not an object");
	get_str(r, o, "name", &rr->name);
	if (r->ok && !rr->name)
		bad(r, "name", "is missing");
	get_str(r, o, "type", &type);
	if (r->ok && (rr->type = rr_type_parse(type ? type : "")) == RR_NONE)
		bad(r, "type", "is not a record type");
	free(type);
	get_str(r, o, "set_id", &rr->set_id);
	if (get_int(r, o, "weight", &i)) {
		if (i < 0 || i > 255)
			bad(r, "weight", "is out of range");
		rr->weight = (int)i;
	}
	get_str(r, o, "region", &rr->region);
	if (r->ok && (sub = json_object_get(o, "geo"))) {
		rr->has_geo = true;
		get_code(r, sub, "continent", rr->geo.continent, sizeof(rr->geo.continent));
		get_code(r, sub, "country", rr->geo.country, sizeof(rr->geo.country));
		get_code(r, sub, "subdivision", rr->geo.subdivision, sizeof(rr->geo.subdivision));
	}
	if (r->ok && (v = json_object_get(o, "failover"))) {
		const char *f = json_is_string(v) ? json_string_value(v) : "";

		if (!strcmp(f, "PRIMARY"))
			rr->failover = FAILOVER_PRIMARY;
		else if (!strcmp(f, "SECONDARY"))
			rr->failover = FAILOVER_SECONDARY;
		else
			bad(r, "failover", "is not PRIMARY or SECONDARY");
	}
	rr->multivalue = get_bool(r, o, "multivalue");
	if (r->ok && (sub = json_object_get(o, "cidr"))) {
		get_str(r, sub, "collection", &rr->cidr_collection);
		get_str(r, sub, "location", &rr->cidr_location);
	}
	if (r->ok && (sub = json_object_get(o, "geoproximity"))) {
		get_str(r, sub, "region", &rr->geoprox_region);
		get_str(r, sub, "local_zone_group", &rr->geoprox_lzg);
		get_str(r, sub, "latitude", &rr->geoprox_lat);
		get_str(r, sub, "longitude", &rr->geoprox_lon);
		if (get_int(r, sub, "bias", &i)) {
			rr->has_bias = true;
			rr->bias = (int)i;
		}
	}
	if (get_int(r, o, "ttl", &i)) {
		rr->has_ttl = true;
		rr->ttl = i;
	}
	get_strv(r, o, "values", NULL, 0, &rr->values, &rr->nvalues);
	if (r->ok && (sub = json_object_get(o, "alias"))) {
		if (!(rr->alias = calloc(1, sizeof(*rr->alias)))) {
			nomem(r);
		} else {
			get_str(r, sub, "zone_id", &rr->alias->hosted_zone_id);
			get_str(r, sub, "dns_name", &rr->alias->dns_name);
			rr->alias->evaluate_target_health =
				get_bool(r, sub, "evaluate_target_health");
		}
	}
	get_str(r, o, "health_check_id", &rr->health_check_id);
	get_str(r, o, "traffic_policy_instance_id", &rr->traffic_policy_instance_id);
	if (!r->ok)
		rrset_free(&rr);
	return rr;
}

/*
 * The fast path for reading rrset rows. A search over 100,000 record sets may decode 10,000
 * of them, and json_loads() builds a whole tree per row, which was half the search's time.
 * This reads the compact text serial_rrset() writes, straight into the rrset; anything it does
 * not expect (whitespace aside: non-ASCII bytes, a duplicate or unknown key, geo, cidr and
 * geoproximity objects, null, reals, a malformed row) makes it give up, and the row is read by
 * the jansson path below, which also words every error. So it changes speed, never results.
 */
struct fast {
	const char *p;
	bool nomem;
};

static void
fast_ws(struct fast *f)
{
	while (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r')
		f->p++;
}

static bool
fast_char(struct fast *f, char c)
{
	fast_ws(f);
	if (*f->p != c)
		return false;
	f->p++;
	return true;
}

static int
fast_hex4(const char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A JSON string as a malloc'd UTF-8 copy; NULL when it is not one we read here (or out of
 * memory: f->nomem). Escapes are decoded as jansson does; \u0000 and lone surrogates give up. */
static char *
fast_string(struct fast *f)
{
	const char *s, *e;
	char *out, *o;
	size_t len;

	fast_ws(f);
	if (*f->p != '"')
		return NULL;
	s = ++f->p;
	for (e = s; *e != '"'; e++) {
		unsigned char ch = (unsigned char)*e;

		if (ch < 0x20 || ch >= 0x80)
			return NULL;
		if (ch == '\\' && !*++e)
			return NULL;
	}
	len = (size_t)(e - s);
	if (!(out = malloc(len + 1))) {
		f->nomem = true;
		return NULL;
	}
	for (o = out; s < e; s++) {
		unsigned cp;
		int h;

		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case '"': *o++ = '"'; continue;
		case '\\': *o++ = '\\'; continue;
		case '/': *o++ = '/'; continue;
		case 'b': *o++ = '\b'; continue;
		case 'f': *o++ = '\f'; continue;
		case 'n': *o++ = '\n'; continue;
		case 'r': *o++ = '\r'; continue;
		case 't': *o++ = '\t'; continue;
		case 'u': break;
		default: goto give_up;
		}
		if (e - s < 5 || (h = fast_hex4(s + 1)) <= 0)
			goto give_up;
		cp = (unsigned)h;
		s += 4;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			goto give_up;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (e - s < 7 || s[1] != '\\' || s[2] != 'u' || (h = fast_hex4(s + 3)) < 0xdc00 ||
			    h > 0xdfff)
				goto give_up;
			cp = 0x10000 + ((cp - 0xd800) << 10) + ((unsigned)h - 0xdc00);
			s += 6;
		}
		/* Never longer than the escape it came from (6 or 12 characters). */
		if (cp < 0x80) {
			*o++ = (char)cp;
		} else if (cp < 0x800) {
			*o++ = (char)(0xc0 | cp >> 6);
			*o++ = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			*o++ = (char)(0xe0 | cp >> 12);
			*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
			*o++ = (char)(0x80 | (cp & 0x3f));
		} else {
			*o++ = (char)(0xf0 | cp >> 18);
			*o++ = (char)(0x80 | (cp >> 12 & 0x3f));
			*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
			*o++ = (char)(0x80 | (cp & 0x3f));
		}
	}
	*o = '\0';
	f->p = e + 1;
	return out;
give_up:
	free(out);
	return NULL;
}

/* A JSON integer (no fraction or exponent, at most 18 digits). */
static bool
fast_int(struct fast *f, int64_t *out)
{
	const char *s;
	bool neg;
	int64_t v = 0;

	fast_ws(f);
	s = f->p;
	neg = *s == '-';
	s += neg;
	if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
		return false;
	for (int n = 0; *s >= '0' && *s <= '9'; s++, n++) {
		if (n == 18)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (*s == '.' || *s == 'e' || *s == 'E')
		return false;
	f->p = s;
	*out = neg ? -v : v;
	return true;
}

static bool
fast_bool(struct fast *f, bool *out)
{
	fast_ws(f);
	if (!strncmp(f->p, "true", 4)) {
		f->p += 4;
		*out = true;
	} else if (!strncmp(f->p, "false", 5)) {
		f->p += 5;
		*out = false;
	} else {
		return false;
	}
	return true;
}

/* Reads a string member into an unset *@field. */
static bool
fast_str_field(struct fast *f, char **field)
{
	return !*field && (*field = fast_string(f)) != NULL;
}

static bool
fast_values(struct fast *f, struct rrset *rr)
{
	size_t cap = 0;

	if (rr->values || !fast_char(f, '['))
		return false;
	if (fast_char(f, ']'))
		return true;
	do {
		char *v;

		if (rr->nvalues == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			char **p = realloc(rr->values, ncap * sizeof(*p));

			if (!p) {
				f->nomem = true;
				return false;
			}
			rr->values = p;
			cap = ncap;
		}
		if (!(v = fast_string(f)))
			return false;
		rr->values[rr->nvalues++] = v;
	} while (fast_char(f, ','));
	return fast_char(f, ']');
}

static bool
fast_alias(struct fast *f, struct rrset *rr)
{
	bool seen_eval = false;

	if (rr->alias || !fast_char(f, '{'))
		return false;
	if (!(rr->alias = calloc(1, sizeof(*rr->alias)))) {
		f->nomem = true;
		return false;
	}
	if (fast_char(f, '}'))
		return true;
	do {
		char *key = fast_string(f);
		bool ok = key && fast_char(f, ':');

		if (ok && !strcmp(key, "zone_id"))
			ok = fast_str_field(f, &rr->alias->hosted_zone_id);
		else if (ok && !strcmp(key, "dns_name"))
			ok = fast_str_field(f, &rr->alias->dns_name);
		else if (ok && !strcmp(key, "evaluate_target_health") && !seen_eval)
			ok = seen_eval = fast_bool(f, &rr->alias->evaluate_target_health);
		else
			ok = false;
		free(key);
		if (!ok)
			return false;
	} while (fast_char(f, ','));
	return fast_char(f, '}');
}

/* One member of the rrset object; false to give up. @seen marks the scalar members read. */
static bool
fast_member(struct fast *f, struct rrset *rr, const char *key, unsigned *seen)
{
	int64_t i;
	char *s;

#define ONCE(bit) ((*seen & (bit)) ? false : (*seen |= (bit), true))
	if (!strcmp(key, "name"))
		return fast_str_field(f, &rr->name);
	if (!strcmp(key, "type")) {
		if (!ONCE(1) || !(s = fast_string(f)))
			return false;
		rr->type = rr_type_parse(s);
		free(s);
		return rr->type != RR_NONE;
	}
	if (!strcmp(key, "set_id"))
		return fast_str_field(f, &rr->set_id);
	if (!strcmp(key, "weight")) {
		if (!ONCE(2) || !fast_int(f, &i) || i < 0 || i > 255)
			return false;
		rr->weight = (int)i;
		return true;
	}
	if (!strcmp(key, "region"))
		return fast_str_field(f, &rr->region);
	if (!strcmp(key, "failover")) {
		bool ok;

		if (!ONCE(4) || !(s = fast_string(f)))
			return false;
		ok = !strcmp(s, "PRIMARY") || !strcmp(s, "SECONDARY");
		rr->failover = !strcmp(s, "PRIMARY") ? FAILOVER_PRIMARY : FAILOVER_SECONDARY;
		free(s);
		return ok;
	}
	if (!strcmp(key, "multivalue"))
		return ONCE(8) && fast_bool(f, &rr->multivalue);
	if (!strcmp(key, "ttl")) {
		if (!ONCE(16) || !fast_int(f, &rr->ttl))
			return false;
		rr->has_ttl = true;
		return true;
	}
	if (!strcmp(key, "values"))
		return fast_values(f, rr);
	if (!strcmp(key, "alias"))
		return fast_alias(f, rr);
	if (!strcmp(key, "health_check_id"))
		return fast_str_field(f, &rr->health_check_id);
	if (!strcmp(key, "traffic_policy_instance_id"))
		return fast_str_field(f, &rr->traffic_policy_instance_id);
#undef ONCE
	return false; /* geo, cidr, geoproximity, or unknown: the jansson path */
}

/* 1 read, 0 not read here (use the jansson path), -1 out of memory. */
static int
fast_rrset(const char *text, struct rrset **out)
{
	struct fast f = { text, false };
	struct rrset *rr;
	unsigned seen = 0;
	bool ok = false;

	*out = NULL;
	if (!text || !fast_char(&f, '{'))
		return 0;
	if (!(rr = calloc(1, sizeof(*rr))))
		return -1;
	rr->weight = -1;
	if (!fast_char(&f, '}')) {
		do {
			char *key = fast_string(&f);

			ok = key && fast_char(&f, ':') && fast_member(&f, rr, key, &seen);
			free(key);
		} while (ok && fast_char(&f, ','));
		ok = ok && fast_char(&f, '}');
	}
	fast_ws(&f);
	if (!ok || *f.p || !rr->name || !(seen & 1)) {
		rrset_free(&rr);
		return f.nomem ? -1 : 0;
	}
	*out = rr;
	return 1;
}

enum r53_code
unserial_rrset(const char *text, struct rrset **out, const char *where, struct r53_error *err)
{
	struct reader r = { where ? where : "rrset", err, true };
	json_t *o;
	int fast = fast_rrset(text, out);

	if (fast > 0)
		return R53_OK;
	if (fast < 0)
		return r53_error_set(err, R53_NOMEM, r.where, "out of memory");
	o = parse(&r, text);
	if (o)
		*out = rrset_from_json(&r, o);
	json_decref(o);
	return r.ok ? R53_OK : err && err->code ? err->code : R53_CACHE;
}

enum r53_code
unserial_zone(const char *text, struct zone *z, struct r53_error *err)
{
	struct reader r = { "zone", err, true };
	json_t *o = parse(&r, text);
	json_int_t i;

	zone_init(z);
	if (!o)
		return R53_CACHE;
	get_str(&r, o, "id", &z->id);
	get_str(&r, o, "name", &z->name);
	if (r.ok && (!z->id || !z->name))
		bad(&r, "id/name", "is missing");
	get_str(&r, o, "comment", &z->comment);
	get_str(&r, o, "caller_ref", &z->caller_ref);
	z->private_zone = get_bool(&r, o, "private");
	if (get_int(&r, o, "record_count", &i))
		z->record_count = (long)i;
	get_str(&r, o, "vpc_id", &z->vpc_id);
	get_str(&r, o, "vpc_region", &z->vpc_region);
	get_strv(&r, o, "name_servers", z->name_servers, 8, NULL, &z->nname_servers);
	json_decref(o);
	if (!r.ok)
		zone_done(z);
	return r.ok ? R53_OK : err && err->code ? err->code : R53_CACHE;
}

enum r53_code
unserial_batch(const char *text, struct change_batch *b, struct r53_error *err)
{
	struct reader r = { "batch", err, true };
	json_t *o = parse(&r, text), *a, *ch;
	size_t i;

	change_batch_init(b);
	if (!o)
		return R53_CACHE;
	get_str(&r, o, "comment", &b->comment);
	a = json_object_get(o, "changes");
	if (r.ok && !json_is_array(a))
		bad(&r, "changes", "is not an array");
	if (!r.ok)
		a = NULL;
	json_array_foreach (a, i, ch) {
		json_t *act = json_object_get(ch, "action");
		enum change_action action;
		struct rrset *rr;

		if (!json_is_string(act) || !change_action_parse(json_string_value(act), &action)) {
			bad(&r, "action", "is not CREATE, DELETE or UPSERT");
			break;
		}
		if (!(rr = rrset_from_json(&r, json_object_get(ch, "rrset"))))
			break;
		if (change_batch_take(b, action, rr, err) != R53_OK) {
			r.ok = false;
			break;
		}
	}
	json_decref(o);
	if (!r.ok)
		change_batch_done(b);
	return r.ok ? R53_OK : err && err->code ? err->code : R53_CACHE;
}

enum r53_code
unserial_domain(const char *text, struct domain *d, struct r53_error *err)
{
	struct reader r = { "domain", err, true };
	json_t *o = parse(&r, text), *v;

	domain_init(d);
	if (!o)
		return R53_CACHE;
	get_str(&r, o, "name", &d->name);
	if (r.ok && !d->name)
		bad(&r, "name", "is missing");
	d->auto_renew = get_bool(&r, o, "auto_renew");
	d->transfer_lock = get_bool(&r, o, "transfer_lock");
	if (r.ok && (v = json_object_get(o, "expiry")))
		d->expiry = json_number_value(v);
	get_strv(&r, o, "name_servers", d->name_servers, 13, NULL, &d->nname_servers);
	json_decref(o);
	if (!r.ok)
		domain_done(d);
	return r.ok ? R53_OK : err && err->code ? err->code : R53_CACHE;
}

enum r53_code
unserial_health_check(const char *text, struct health_check *h, struct r53_error *err)
{
	struct reader r = { "health_check", err, true };
	json_t *o = parse(&r, text);
	json_int_t i;

	health_check_init(h);
	if (!o)
		return R53_CACHE;
	get_str(&r, o, "id", &h->id);
	if (r.ok && !h->id)
		bad(&r, "id", "is missing");
	get_str(&r, o, "caller_ref", &h->caller_ref);
	get_str(&r, o, "type", &h->type);
	get_str(&r, o, "ip", &h->ip);
	if (get_int(&r, o, "port", &i))
		h->port = (int)i;
	get_str(&r, o, "fqdn", &h->fqdn);
	get_str(&r, o, "path", &h->path);
	get_str(&r, o, "search", &h->search);
	if (get_int(&r, o, "interval", &i))
		h->interval = (int)i;
	if (get_int(&r, o, "failure_threshold", &i))
		h->failure_threshold = (int)i;
	h->inverted = get_bool(&r, o, "inverted");
	h->disabled = get_bool(&r, o, "disabled");
	get_strv(&r, o, "children", NULL, 0, &h->children, &h->nchildren);
	if (get_int(&r, o, "health_threshold", &i))
		h->health_threshold = (int)i;
	if (get_int(&r, o, "version", &i))
		h->version = (long)i;
	json_decref(o);
	if (!r.ok)
		health_check_done(h);
	return r.ok ? R53_OK : err && err->code ? err->code : R53_CACHE;
}

/*
 * Search text and sort key
 */

/* Appends @s lower-cased (ASCII; other bytes as they are), then a space. */
static bool
sbuf_add_lower(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);
	char *o;

	if (!sbuf_room(b, n + 1))
		return false;
	o = b->s + b->len;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		o[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	o[n] = ' ';
	b->len += n + 1;
	b->s[b->len] = '\0';
	return true;
}

enum r53_code
serial_search_text_buf(const struct rrset *rr, struct sbuf *b, struct r53_error *err)
{
	char shown[NAME_TEXT_MAX * 2];
	bool ok = sbuf_add_lower(b, rr->name ? rr->name : "");

	if (ok && rr->name) {
		name_display(rr->name, shown, sizeof(shown), true);
		if (strcmp(shown, rr->name))
			ok = sbuf_add_lower(b, shown);
	}
	for (size_t i = 0; ok && i < rr->nvalues; i++)
		ok = sbuf_add_lower(b, rr->values[i] ? rr->values[i] : "");
	if (ok && rr->alias && rr->alias->dns_name)
		ok = sbuf_add_lower(b, rr->alias->dns_name);
	if (!ok)
		return r53_error_set(err, R53_NOMEM, "search", "out of memory");
	return R53_OK;
}

char *
serial_search_text(const struct rrset *rr, struct r53_error *err)
{
	struct sbuf b = { 0 };

	if (serial_search_text_buf(rr, &b, err) != R53_OK) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

size_t
serial_sort_key(const char *name, uint8_t *out)
{
	uint8_t buf[NAME_MAX_OCTETS];
	const uint8_t *labels[128];
	size_t lens[128], len = 0;
	int n = name ? name_labels(name, buf, labels, lens, 128) : -1;

	if (n < 0) {
		/* Not a name we can decode: its text keeps the rows in a stable order. */
		size_t l = name ? strlen(name) : 0;

		l = l > NAME_MAX_OCTETS ? NAME_MAX_OCTETS : l;
		memcpy(out, name ? name : "", l);
		return l;
	}
	for (int i = n - 1; i >= 0; i--) {
		if (len + lens[i] + 1 > NAME_MAX_OCTETS + 1)
			break;
		memcpy(out + len, labels[i], lens[i]);
		len += lens[i];
		out[len++] = '.';
	}
	return len;
}
