/* r53-local's own XML codec: decodes Route 53 requests, encodes responses (libxml2).
 * Separate from client/ on purpose: a shared mistake would pass both sides' tests. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "controlplane/cp.h"

/*
 * Decoding
 */
static void
quiet_errors(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static enum r53_code
fail(struct r53_error *err, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum r53_code
fail(struct r53_error *err, const char *code, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return r53_error_set(err, !strcmp(code, "MalformedInput") ? R53_PARSE : R53_INVALID, code,
			     "%s", text);
}

/* Parses @body and checks the root element; NULL on failure (err set). */
static xmlDocPtr
parse_root(const char *body, size_t len, const char *root, xmlNodePtr *out,
	   struct r53_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr n;

	*out = NULL;
	if (!body || len == 0 || len > CP_MAX_BODY || len > INT_MAX) {
		fail(err, "MalformedInput", "Unexpected complex element termination");
		return NULL;
	}
	xmlSetGenericErrorFunc(NULL, quiet_errors);
	doc = xmlReadMemory(body, (int)len, NULL, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING);
	if (!doc) {
		fail(err, "MalformedInput", "Unexpected complex element termination");
		return NULL;
	}
	n = xmlDocGetRootElement(doc);
	if (!n || !n->name || strcmp((const char *)n->name, root)) {
		fail(err, "MalformedInput", "Root element %s is not valid, expected %s",
		     n && n->name ? (const char *)n->name : "(none)", root);
		xmlFreeDoc(doc);
		return NULL;
	}
	if (!n->ns || !n->ns->href || strcmp((const char *)n->ns->href, CP_NS)) {
		fail(err, "InvalidInput",
		     "Invalid XML ; cvc-elt.1.a: Cannot find the declaration of element '%s'.",
		     root);
		xmlFreeDoc(doc);
		return NULL;
	}
	*out = n;
	return doc;
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

static xmlNodePtr
next_el(xmlNodePtr c, const char *name)
{
	for (c = c ? c->next : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

/* Text of element @n (malloc'd, caller frees with free()); "" for an empty element. */
static char *
text_of(xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *s = strdup(t ? (const char *)t : "");

	xmlFree(t);
	return s;
}

/* Text of child @name copied into @out; false when absent or too long (err set). */
static bool
child_text(xmlNodePtr n, const char *name, char *out, size_t outsz, bool *present,
	   struct r53_error *err)
{
	xmlNodePtr c = child(n, name);
	char *t;
	size_t l;

	if (present)
		*present = c != NULL;
	out[0] = '\0';
	if (!c)
		return true;
	t = text_of(c);
	if (!t) {
		r53_error_set(err, R53_NOMEM, "InvalidInput", "out of memory");
		return false;
	}
	l = strlen(t);
	if (l >= outsz) {
		free(t);
		fail(err, "InvalidInput", "Invalid XML ; cvc-maxLength-valid: value of %s is too long",
		     name);
		return false;
	}
	memcpy(out, t, l + 1);
	free(t);
	return true;
}

static bool
parse_long(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool
parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "true") || !strcmp(s, "1"))
		*out = true;
	else if (!strcmp(s, "false") || !strcmp(s, "0"))
		*out = false;
	else
		return false;
	return true;
}

/* Optional string field of @rr from child @name. */
static bool
opt_field(xmlNodePtr n, const char *name, char **field, size_t max, struct r53_error *err)
{
	xmlNodePtr c = child(n, name);
	char *t;

	if (!c)
		return true;
	t = text_of(c);
	if (!t) {
		r53_error_set(err, R53_NOMEM, "InvalidInput", "out of memory");
		return false;
	}
	if (strlen(t) > max || !*t) {
		fail(err, "InvalidInput", "Invalid XML ; cvc-length-valid: bad length for %s", name);
		free(t);
		return false;
	}
	*field = t;
	return true;
}

static struct rrset *
decode_rrset(xmlNodePtr n, struct r53_error *err)
{
	char name[1100], type[16], buf[64];
	bool has;
	struct rrset *rr;
	struct r53_error e = { 0 };
	xmlNodePtr c;
	long long v;

	if (!child_text(n, "Name", name, sizeof(name), &has, err))
		return NULL;
	if (!has) {
		fail(err, "InvalidInput",
		     "Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found; "
		     "'{Name}' is expected.");
		return NULL;
	}
	if (!child_text(n, "Type", type, sizeof(type), &has, err))
		return NULL;
	if (!has || rr_type_parse(type) == RR_NONE || strcmp(type, rr_type_name(rr_type_parse(type)))) {
		fail(err, "InvalidInput",
		     "Invalid XML ; cvc-enumeration-valid: Value '%s' is not facet-valid with "
		     "respect to enumeration for type 'RRType'.",
		     type);
		return NULL;
	}
	rr = rrset_new(name, rr_type_parse(type), &e);
	if (!rr) {
		fail(err, "InvalidChangeBatch", "%s", e.text);
		return NULL;
	}
	if (!opt_field(n, "SetIdentifier", &rr->set_id, 128, err) ||
	    !opt_field(n, "Region", &rr->region, 64, err) ||
	    !opt_field(n, "HealthCheckId", &rr->health_check_id, 64, err) ||
	    !opt_field(n, "TrafficPolicyInstanceId", &rr->traffic_policy_instance_id, 64, err))
		goto bad;
	if (!child_text(n, "Weight", buf, sizeof(buf), &has, err))
		goto bad;
	if (has) {
		if (!parse_long(buf, 0, 255, &v)) {
			fail(err, "InvalidInput",
			     "Invalid XML ; cvc-maxInclusive-valid: Value '%s' is not facet-valid "
			     "with respect to maxInclusive '255' for type 'ResourceRecordSetWeight'.",
			     buf);
			goto bad;
		}
		rr->weight = (int)v;
	}
	if ((c = child(n, "GeoLocation"))) {
		char cont[8], country[8], sub[8];

		if (!child_text(c, "ContinentCode", cont, sizeof(cont), NULL, err) ||
		    !child_text(c, "CountryCode", country, sizeof(country), NULL, err) ||
		    !child_text(c, "SubdivisionCode", sub, sizeof(sub), NULL, err))
			goto bad;
		if (strlen(cont) > 2 || strlen(country) > 2 || strlen(sub) > 3) {
			fail(err, "InvalidInput", "Invalid XML ; bad GeoLocation code length");
			goto bad;
		}
		rr->has_geo = true;
		memcpy(rr->geo.continent, cont, strlen(cont) + 1);
		memcpy(rr->geo.country, country, strlen(country) + 1);
		memcpy(rr->geo.subdivision, sub, strlen(sub) + 1);
	}
	if (!child_text(n, "Failover", buf, sizeof(buf), &has, err))
		goto bad;
	if (has) {
		if (!strcmp(buf, "PRIMARY")) {
			rr->failover = FAILOVER_PRIMARY;
		} else if (!strcmp(buf, "SECONDARY")) {
			rr->failover = FAILOVER_SECONDARY;
		} else {
			fail(err, "InvalidInput",
			     "Invalid XML ; cvc-enumeration-valid: Value '%s' is not facet-valid "
			     "with respect to enumeration for type 'ResourceRecordSetFailover'.",
			     buf);
			goto bad;
		}
	}
	if (!child_text(n, "MultiValueAnswer", buf, sizeof(buf), &has, err))
		goto bad;
	if (has && !parse_bool(buf, &rr->multivalue)) {
		fail(err, "InvalidInput", "Invalid XML ; '%s' is not a valid value for 'boolean'.",
		     buf);
		goto bad;
	}
	if (!child_text(n, "TTL", buf, sizeof(buf), &has, err))
		goto bad;
	if (has) {
		if (!parse_long(buf, 0, TTL_MAX, &v)) {
			fail(err, "InvalidInput",
			     "Invalid XML ; cvc-datatype-valid: '%s' is not a valid value for "
			     "'TTL'.",
			     buf);
			goto bad;
		}
		rr->has_ttl = true;
		rr->ttl = v;
	}
	if ((c = child(n, "ResourceRecords"))) {
		xmlNodePtr r = child(c, "ResourceRecord");

		if (!r) {
			fail(err, "InvalidInput",
			     "Invalid XML ; cvc-complex-type.2.4.b: The content of element "
			     "'ResourceRecords' is not complete.");
			goto bad;
		}
		for (; r; r = next_el(r, "ResourceRecord")) {
			xmlNodePtr val = child(r, "Value");
			char *t;
			enum r53_code rc;

			if (!val) {
				fail(err, "InvalidInput",
				     "Invalid XML ; cvc-complex-type.2.4.b: The content of element "
				     "'ResourceRecord' is not complete.");
				goto bad;
			}
			t = text_of(val);
			if (!t || strlen(t) > 4000) {
				fail(err, "InvalidInput",
				     "Invalid XML ; cvc-maxLength-valid: a Value is longer than "
				     "4000 characters");
				free(t);
				goto bad;
			}
			rc = rrset_add_value(rr, t, err);
			free(t);
			if (rc != R53_OK)
				goto bad;
			if (rr->nvalues > 400) {
				fail(err, "InvalidChangeBatch",
				     "Number of records per resource record set limit of 400 "
				     "exceeded.");
				goto bad;
			}
		}
	}
	if ((c = child(n, "AliasTarget"))) {
		char zid[64], dns[1100], ev[16];
		bool hz, hd, he, eval = false;
		struct r53_error ae = { 0 };

		if (!child_text(c, "HostedZoneId", zid, sizeof(zid), &hz, err) ||
		    !child_text(c, "DNSName", dns, sizeof(dns), &hd, err) ||
		    !child_text(c, "EvaluateTargetHealth", ev, sizeof(ev), &he, err))
			goto bad;
		if (!hz || !hd || !he || !parse_bool(ev, &eval)) {
			fail(err, "InvalidInput",
			     "Invalid XML ; cvc-complex-type.2.4.b: The content of element "
			     "'AliasTarget' is not complete.");
			goto bad;
		}
		if (rrset_set_alias(rr, zid, dns, eval, &ae) != R53_OK) {
			fail(err, "InvalidChangeBatch", "%s", ae.text);
			goto bad;
		}
	}
	if ((c = child(n, "CidrRoutingConfig"))) {
		if (!opt_field(c, "CollectionId", &rr->cidr_collection, 64, err) ||
		    !opt_field(c, "LocationName", &rr->cidr_location, 16, err))
			goto bad;
		if (!rr->cidr_collection || !rr->cidr_location) {
			fail(err, "InvalidInput",
			     "Invalid XML ; the content of element 'CidrRoutingConfig' is not "
			     "complete.");
			goto bad;
		}
	}
	if ((c = child(n, "GeoProximityLocation"))) {
		xmlNodePtr co = child(c, "Coordinates");

		if (!opt_field(c, "AWSRegion", &rr->geoprox_region, 64, err) ||
		    !opt_field(c, "LocalZoneGroup", &rr->geoprox_lzg, 64, err) ||
		    (co && (!opt_field(co, "Latitude", &rr->geoprox_lat, 6, err) ||
			    !opt_field(co, "Longitude", &rr->geoprox_lon, 7, err))))
			goto bad;
		if (!child_text(c, "Bias", buf, sizeof(buf), &has, err))
			goto bad;
		if (has) {
			if (!parse_long(buf, -99, 99, &v)) {
				fail(err, "InvalidInput",
				     "Invalid XML ; Bias '%s' is not in -99..99", buf);
				goto bad;
			}
			rr->has_bias = true;
			rr->bias = (int)v;
		}
	}
	return rr;
bad:
	rrset_free(&rr);
	return NULL;
}

enum r53_code
cp_xml_decode_change_batch(const char *body, size_t len, struct change_batch *b,
			   struct r53_error *err)
{
	xmlNodePtr root, batch, changes, ch;
	xmlDocPtr doc = parse_root(body, len, "ChangeResourceRecordSetsRequest", &root, err);
	enum r53_code rc = R53_OK;
	size_t n = 0;

	if (!doc)
		return err ? err->code : R53_PARSE;
	batch = child(root, "ChangeBatch");
	changes = child(batch, "Changes");
	if (!batch || !changes || !child(changes, "Change")) {
		rc = fail(err, "InvalidInput",
			  "Invalid XML ; cvc-complex-type.2.4.b: The content of element '%s' is "
			  "not complete. One of '{\"%s\":%s}' is expected.",
			  !batch ? "ChangeResourceRecordSetsRequest" :
			  !changes ? "ChangeBatch" : "Changes",
			  CP_NS, !batch ? "ChangeBatch" : !changes ? "Changes" : "Change");
		goto out;
	}
	if (child(batch, "Comment")) {
		b->comment = text_of(child(batch, "Comment"));
		if (!b->comment) {
			rc = r53_error_set(err, R53_NOMEM, "InvalidInput", "out of memory");
			goto out;
		}
		if (strlen(b->comment) > 256) {
			rc = fail(err, "InvalidInput",
				  "Invalid XML ; cvc-maxLength-valid: Value with length = '%zu' is "
				  "not facet-valid with respect to maxLength '256' for type "
				  "'ResourceDescription'.",
				  strlen(b->comment));
			goto out;
		}
	}
	for (ch = child(changes, "Change"); ch; ch = next_el(ch, "Change")) {
		char action[16];
		bool has;
		enum change_action a;
		xmlNodePtr rn = child(ch, "ResourceRecordSet");
		struct rrset *rr;

		if (++n > BATCH_MAX_RECORDS) {
			rc = fail(err, "InvalidChangeBatch",
				  "Number of records limit of %d exceeded.", BATCH_MAX_RECORDS);
			goto out;
		}
		if (!child_text(ch, "Action", action, sizeof(action), &has, err)) {
			rc = err ? err->code : R53_INVALID;
			goto out;
		}
		if (!has || !change_action_parse(action, &a)) {
			rc = fail(err, "InvalidInput",
				  "Invalid XML ; cvc-enumeration-valid: Value '%s' is not "
				  "facet-valid with respect to enumeration '[CREATE, DELETE, "
				  "UPSERT]'. It must be a value from the enumeration.",
				  action);
			goto out;
		}
		if (!rn) {
			rc = fail(err, "InvalidInput",
				  "Invalid XML ; cvc-complex-type.2.4.b: The content of element "
				  "'Change' is not complete.");
			goto out;
		}
		rr = decode_rrset(rn, err);
		if (!rr) {
			rc = err ? err->code : R53_INVALID;
			goto out;
		}
		rc = change_batch_take(b, a, rr, err);
		if (rc != R53_OK)
			goto out;
	}
out:
	xmlFreeDoc(doc);
	return rc;
}

enum r53_code
cp_xml_decode_create_zone(const char *body, size_t len, struct cp_create_zone_req *r,
			  struct r53_error *err)
{
	xmlNodePtr root, c;
	xmlDocPtr doc = parse_root(body, len, "CreateHostedZoneRequest", &root, err);
	bool has_name, has_ref;
	enum r53_code rc = R53_OK;

	memset(r, 0, sizeof(*r));
	if (!doc)
		return err ? err->code : R53_PARSE;
	if (!child_text(root, "Name", r->name, sizeof(r->name), &has_name, err) ||
	    !child_text(root, "CallerReference", r->caller_ref, sizeof(r->caller_ref), &has_ref,
			err) ||
	    !child_text(root, "DelegationSetId", r->delegation_set, sizeof(r->delegation_set),
			NULL, err)) {
		rc = err ? err->code : R53_INVALID;
		goto out;
	}
	if (!has_name || !has_ref || !r->caller_ref[0]) {
		rc = fail(err, "InvalidInput",
			  "Invalid XML ; cvc-complex-type.2.4.b: The content of element "
			  "'CreateHostedZoneRequest' is not complete. '{Name, CallerReference}' "
			  "is expected.");
		goto out;
	}
	if ((c = child(root, "VPC"))) {
		r->has_vpc = true;
		if (!child_text(c, "VPCRegion", r->vpc_region, sizeof(r->vpc_region), NULL, err) ||
		    !child_text(c, "VPCId", r->vpc_id, sizeof(r->vpc_id), NULL, err)) {
			rc = err ? err->code : R53_INVALID;
			goto out;
		}
	}
	if ((c = child(root, "HostedZoneConfig"))) {
		if (!child_text(c, "Comment", r->comment, sizeof(r->comment), &r->has_comment,
				err)) {
			rc = err ? err->code : R53_INVALID;
			goto out;
		}
		if (strlen(r->comment) > 256) {
			rc = fail(err, "InvalidInput", "Invalid XML ; the comment is too long");
			goto out;
		}
	}
out:
	xmlFreeDoc(doc);
	return rc;
}

enum r53_code
cp_xml_decode_zone_comment(const char *body, size_t len, char *comment, size_t csz,
			   bool *has_comment, struct r53_error *err)
{
	xmlNodePtr root;
	xmlDocPtr doc;
	enum r53_code rc = R53_OK;

	/* The CLI sends no body at all when the comment is being removed. */
	*has_comment = false;
	comment[0] = '\0';
	if (len == 0)
		return R53_OK;
	doc = parse_root(body, len, "UpdateHostedZoneCommentRequest", &root, err);
	if (!doc)
		return err ? err->code : R53_PARSE;
	if (!child_text(root, "Comment", comment, csz, has_comment, err))
		rc = err ? err->code : R53_INVALID;
	else if (strlen(comment) > 256)
		rc = fail(err, "InvalidInput", "Invalid XML ; the comment is too long");
	xmlFreeDoc(doc);
	return rc;
}

/* HealthCheckConfig members, in model order, with their kinds. */
struct hc_field {
	const char *name;
	char kind; /* s string, i integer, b boolean, l list of @item */
	const char *item;
};
static const struct hc_field hc_fields[] = {
	{ "IPAddress", 's', NULL },
	{ "Port", 'i', NULL },
	{ "Type", 's', NULL },
	{ "ResourcePath", 's', NULL },
	{ "FullyQualifiedDomainName", 's', NULL },
	{ "SearchString", 's', NULL },
	{ "RequestInterval", 'i', NULL },
	{ "FailureThreshold", 'i', NULL },
	{ "MeasureLatency", 'b', NULL },
	{ "Inverted", 'b', NULL },
	{ "Disabled", 'b', NULL },
	{ "HealthThreshold", 'i', NULL },
	{ "ChildHealthChecks", 'l', "ChildHealthCheck" },
	{ "EnableSNI", 'b', NULL },
	{ "Regions", 'l', "Region" },
	{ "InsufficientDataHealthStatus", 's', NULL },
	{ "RoutingControlArn", 's', NULL },
	{ NULL, 0, NULL },
};

/* Reads the config members of @n into @cfg. */
static enum r53_code
decode_hc_fields(xmlNodePtr n, json_t *cfg, struct r53_error *err)
{
	for (const struct hc_field *f = hc_fields; f->name; f++) {
		xmlNodePtr c = child(n, f->name);
		char *t;

		if (!c)
			continue;
		if (f->kind == 'l') {
			json_t *a = json_array();

			for (xmlNodePtr i = child(c, f->item); i; i = next_el(i, f->item)) {
				t = text_of(i);
				if (t)
					json_array_append_new(a, json_string(t));
				free(t);
				if (json_array_size(a) > 256)
					break;
			}
			json_object_set_new(cfg, f->name, a);
			continue;
		}
		t = text_of(c);
		if (!t)
			return r53_error_set(err, R53_NOMEM, "InvalidInput", "out of memory");
		if (strlen(t) > 1024) {
			free(t);
			return fail(err, "InvalidInput", "Invalid XML ; %s is too long", f->name);
		}
		if (f->kind == 'i') {
			long long v;

			if (!parse_long(t, 0, 65535, &v)) {
				fail(err, "InvalidInput",
				     "Invalid XML ; cvc-datatype-valid: '%s' is not a valid value "
				     "for %s",
				     t, f->name);
				free(t);
				return R53_INVALID;
			}
			json_object_set_new(cfg, f->name, json_integer(v));
		} else if (f->kind == 'b') {
			bool v;

			if (!parse_bool(t, &v)) {
				fail(err, "InvalidInput",
				     "Invalid XML ; '%s' is not a valid value for 'boolean'.", t);
				free(t);
				return R53_INVALID;
			}
			json_object_set_new(cfg, f->name, json_boolean(v));
		} else {
			json_t *sv = json_string(t); /* NULL for invalid UTF-8 */

			if (!sv) {
				free(t);
				return fail(err, "InvalidInput", "Invalid XML ; %s is not UTF-8",
					    f->name);
			}
			json_object_set_new(cfg, f->name, sv);
		}
		free(t);
	}
	return R53_OK;
}

enum r53_code
cp_xml_decode_health_check(const char *body, size_t len, bool update, char *caller_ref,
			   size_t rsz, json_t **cfg, struct r53_error *err)
{
	xmlNodePtr root, c;
	xmlDocPtr doc = parse_root(body, len,
				   update ? "UpdateHealthCheckRequest" : "CreateHealthCheckRequest",
				   &root, err);
	enum r53_code rc = R53_OK;
	bool has;

	*cfg = NULL;
	if (!doc)
		return err ? err->code : R53_PARSE;
	*cfg = json_object();
	if (!*cfg) {
		rc = r53_error_set(err, R53_NOMEM, "InvalidInput", "out of memory");
		goto out;
	}
	if (update) {
		char buf[32];
		long long v;

		if (!child_text(root, "HealthCheckVersion", buf, sizeof(buf), &has, err)) {
			rc = err ? err->code : R53_INVALID;
			goto out;
		}
		if (has) {
			if (!parse_long(buf, 1, LLONG_MAX, &v)) {
				rc = fail(err, "InvalidInput",
					  "Invalid XML ; '%s' is not a valid HealthCheckVersion", buf);
				goto out;
			}
			json_object_set_new(*cfg, "HealthCheckVersion", json_integer(v));
		}
		rc = decode_hc_fields(root, *cfg, err);
		if (rc == R53_OK && (c = child(root, "ResetElements"))) {
			json_t *a = json_array();

			for (xmlNodePtr i = child(c, "ResettableElementName"); i;
			     i = next_el(i, "ResettableElementName")) {
				char *t = text_of(i);

				if (t)
					json_array_append_new(a, json_string(t));
				free(t);
			}
			json_object_set_new(*cfg, "ResetElements", a);
		}
		goto out;
	}
	if (!child_text(root, "CallerReference", caller_ref, rsz, &has, err)) {
		rc = err ? err->code : R53_INVALID;
		goto out;
	}
	c = child(root, "HealthCheckConfig");
	if (!has || !caller_ref[0] || !c) {
		rc = fail(err, "InvalidInput",
			  "Invalid XML ; cvc-complex-type.2.4.b: The content of element "
			  "'CreateHealthCheckRequest' is not complete.");
		goto out;
	}
	rc = decode_hc_fields(c, *cfg, err);
out:
	if (rc != R53_OK) {
		json_decref(*cfg);
		*cfg = NULL;
	}
	xmlFreeDoc(doc);
	return rc;
}

/*
 * Encoding
 */
struct cp_xml {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
};

struct cp_xml *
cp_xml_begin(const char *root)
{
	struct cp_xml *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->buf = xmlBufferCreate();
	x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
	if (!x->w) {
		if (x->buf)
			xmlBufferFree(x->buf);
		free(x);
		return NULL;
	}
	xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(x->w, BAD_CAST root);
	xmlTextWriterWriteAttribute(x->w, BAD_CAST "xmlns", BAD_CAST CP_NS);
	return x;
}

void
cp_xml_start(struct cp_xml *x, const char *name)
{
	if (x)
		xmlTextWriterStartElement(x->w, BAD_CAST name);
}

void
cp_xml_end(struct cp_xml *x)
{
	if (x)
		xmlTextWriterEndElement(x->w);
}

void
cp_xml_text(struct cp_xml *x, const char *name, const char *text)
{
	if (x && text)
		xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST text);
}

void
cp_xml_printf(struct cp_xml *x, const char *name, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cp_xml_text(x, name, buf);
}

void
cp_xml_bool(struct cp_xml *x, const char *name, bool v)
{
	cp_xml_text(x, name, v ? "true" : "false");
}

char *
cp_xml_finish(struct cp_xml *x, size_t *len)
{
	char *out = NULL;

	*len = 0;
	if (!x)
		return NULL;
	xmlTextWriterEndDocument(x->w);
	xmlFreeTextWriter(x->w); /* flushes into buf */
	out = malloc((size_t)xmlBufferLength(x->buf) + 1);
	if (out) {
		*len = (size_t)xmlBufferLength(x->buf);
		memcpy(out, xmlBufferContent(x->buf), *len);
		out[*len] = '\0';
	}
	xmlBufferFree(x->buf);
	free(x);
	return out;
}

void
cp_xml_rrset(struct cp_xml *x, const struct rrset *rr)
{
	cp_xml_start(x, "ResourceRecordSet");
	cp_xml_text(x, "Name", rr->name);
	cp_xml_text(x, "Type", rr_type_name(rr->type));
	cp_xml_text(x, "SetIdentifier", rr->set_id);
	if (rr->weight >= 0)
		cp_xml_printf(x, "Weight", "%d", rr->weight);
	cp_xml_text(x, "Region", rr->region);
	if (rr->has_geo) {
		cp_xml_start(x, "GeoLocation");
		if (rr->geo.continent[0])
			cp_xml_text(x, "ContinentCode", rr->geo.continent);
		if (rr->geo.country[0])
			cp_xml_text(x, "CountryCode", rr->geo.country);
		if (rr->geo.subdivision[0])
			cp_xml_text(x, "SubdivisionCode", rr->geo.subdivision);
		cp_xml_end(x);
	}
	if (rr->failover != FAILOVER_NONE)
		cp_xml_text(x, "Failover",
			    rr->failover == FAILOVER_PRIMARY ? "PRIMARY" : "SECONDARY");
	if (rr->multivalue)
		cp_xml_bool(x, "MultiValueAnswer", true);
	if (rr->has_ttl)
		cp_xml_printf(x, "TTL", "%lld", (long long)rr->ttl);
	if (rr->nvalues) {
		cp_xml_start(x, "ResourceRecords");
		for (size_t i = 0; i < rr->nvalues; i++) {
			cp_xml_start(x, "ResourceRecord");
			cp_xml_text(x, "Value", rr->values[i]);
			cp_xml_end(x);
		}
		cp_xml_end(x);
	}
	if (rr->alias) {
		cp_xml_start(x, "AliasTarget");
		cp_xml_text(x, "HostedZoneId", rr->alias->hosted_zone_id);
		cp_xml_text(x, "DNSName", rr->alias->dns_name);
		cp_xml_bool(x, "EvaluateTargetHealth", rr->alias->evaluate_target_health);
		cp_xml_end(x);
	}
	cp_xml_text(x, "HealthCheckId", rr->health_check_id);
	cp_xml_text(x, "TrafficPolicyInstanceId", rr->traffic_policy_instance_id);
	if (rr->cidr_collection) {
		cp_xml_start(x, "CidrRoutingConfig");
		cp_xml_text(x, "CollectionId", rr->cidr_collection);
		cp_xml_text(x, "LocationName", rr->cidr_location);
		cp_xml_end(x);
	}
	if (rr->geoprox_region || rr->geoprox_lzg || rr->geoprox_lat || rr->has_bias) {
		cp_xml_start(x, "GeoProximityLocation");
		cp_xml_text(x, "AWSRegion", rr->geoprox_region);
		cp_xml_text(x, "LocalZoneGroup", rr->geoprox_lzg);
		if (rr->geoprox_lat) {
			cp_xml_start(x, "Coordinates");
			cp_xml_text(x, "Latitude", rr->geoprox_lat);
			cp_xml_text(x, "Longitude", rr->geoprox_lon);
			cp_xml_end(x);
		}
		if (rr->has_bias)
			cp_xml_printf(x, "Bias", "%d", rr->bias);
		cp_xml_end(x);
	}
	cp_xml_end(x);
}
