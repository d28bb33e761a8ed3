/* Route 53 REST/XML: decoding responses and errors, encoding the request bodies r53 sends.
 * Parsing walks the tree by local element names, so the namespace prefix does not matter and
 * elements r53 does not know are skipped. No DTD, no entity expansion, no network. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "client/client.h"
#include "client/private.h"

static const char *const op_names[R53_OP_COUNT] = {
	[R53_OP_LIST_ZONES] = "ListHostedZones",
	[R53_OP_LIST_ZONES_BY_NAME] = "ListHostedZonesByName",
	[R53_OP_GET_ZONE] = "GetHostedZone",
	[R53_OP_CREATE_ZONE] = "CreateHostedZone",
	[R53_OP_DELETE_ZONE] = "DeleteHostedZone",
	[R53_OP_LIST_RRSETS] = "ListResourceRecordSets",
	[R53_OP_CHANGE_RRSETS] = "ChangeResourceRecordSets",
	[R53_OP_GET_CHANGE] = "GetChange",
	[R53_OP_LIST_HEALTH_CHECKS] = "ListHealthChecks",
	[R53_OP_GET_HEALTH_CHECK] = "GetHealthCheck",
	[R53_OP_GET_HEALTH_CHECK_STATUS] = "GetHealthCheckStatus",
	[R53_OP_CREATE_HEALTH_CHECK] = "CreateHealthCheck",
	[R53_OP_DELETE_HEALTH_CHECK] = "DeleteHealthCheck",
	[R53_OP_LIST_DOMAINS] = "ListDomains",
	[R53_OP_GET_DOMAIN] = "GetDomainDetail",
	[R53_OP_UPDATE_DOMAIN_NS] = "UpdateDomainNameservers",
	[R53_OP_GET_OPERATION] = "GetOperationDetail",
};

static const char *const op_short[R53_OP_COUNT] = {
	[R53_OP_LIST_ZONES] = "zones",
	[R53_OP_LIST_ZONES_BY_NAME] = "zones-by-name",
	[R53_OP_GET_ZONE] = "zone",
	[R53_OP_CREATE_ZONE] = "create-zone",
	[R53_OP_DELETE_ZONE] = "delete-zone",
	[R53_OP_LIST_RRSETS] = "rrsets",
	[R53_OP_CHANGE_RRSETS] = "change-rrsets",
	[R53_OP_GET_CHANGE] = "change",
	[R53_OP_LIST_HEALTH_CHECKS] = "healthchecks",
	[R53_OP_GET_HEALTH_CHECK] = "healthcheck",
	[R53_OP_GET_HEALTH_CHECK_STATUS] = "healthcheck-status",
	[R53_OP_CREATE_HEALTH_CHECK] = "create-healthcheck",
	[R53_OP_DELETE_HEALTH_CHECK] = "delete-healthcheck",
	[R53_OP_LIST_DOMAINS] = "domains",
	[R53_OP_GET_DOMAIN] = "domain",
	[R53_OP_UPDATE_DOMAIN_NS] = "update-ns",
	[R53_OP_GET_OPERATION] = "operation",
};

const char *
r53_op_name(enum r53_op op)
{
	if ((int)op < 0 || op >= R53_OP_COUNT)
		return "Request";
	return op_names[op];
}

bool
r53_op_parse(const char *s, enum r53_op *out)
{
	for (int i = 0; i < R53_OP_COUNT; i++)
		if (!strcmp(s, op_short[i]) || !strcmp(s, op_names[i])) {
			*out = (enum r53_op)i;
			return true;
		}
	return false;
}

bool
r53_op_is_domains(enum r53_op op)
{
	return op >= R53_OP_LIST_DOMAINS;
}

/*
 * Tree helpers
 */

static bool
is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNode *
child(const xmlNode *n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* Text of @n (all text children); malloc'd ("" when empty), NULL when out of memory. */
static char *
text_of(const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *s = strdup(t ? (const char *)t : "");

	xmlFree(t);
	return s;
}

/* Text of child @name copied into @buf; "" when absent. */
static void
child_text_buf(const xmlNode *n, const char *name, char *buf, size_t bufsz)
{
	xmlNode *c = child(n, name);
	xmlChar *t;

	buf[0] = '\0';
	if (!c)
		return;
	t = xmlNodeGetContent(c);
	if (t)
		snprintf(buf, bufsz, "%s", (const char *)t);
	xmlFree(t);
}

/* Malloc'd text of child @name, NULL when absent (or out of memory: *oom set). */
static char *
child_text(const xmlNode *n, const char *name, bool *oom)
{
	xmlNode *c = child(n, name);
	char *s;

	if (!c)
		return NULL;
	s = text_of(c);
	if (!s)
		*oom = true;
	return s;
}

static bool
child_bool(const xmlNode *n, const char *name)
{
	char buf[8];

	child_text_buf(n, name, buf, sizeof(buf));
	return !strcmp(buf, "true");
}

static long long
child_ll(const xmlNode *n, const char *name, long long dflt)
{
	char buf[32], *end;
	long long v;

	child_text_buf(n, name, buf, sizeof(buf));
	if (!buf[0])
		return dflt;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || *end)
		return dflt;
	return v;
}

/* A name from the service into its canonical form; as sent (lower-cased) when that fails, so
 * an odd name is still shown rather than dropped. */
static char *
canon_or_raw(const char *s)
{
	char canon[NAME_TEXT_MAX];

	if (name_canonical(s, canon, sizeof(canon), NULL) == R53_OK)
		return strdup(canon);
	return strdup(s);
}

static enum r53_code
nomem(struct r53_error *err, const char *where)
{
	return r53_error_set(err, R53_NOMEM, where, "out of memory");
}

/*
 * Lists
 */

void
zone_list_done(struct zone_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		zone_done(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void
health_check_list_done(struct health_check_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		health_check_done(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void
domain_list_done(struct domain_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		domain_done(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

enum r53_code
zone_list_push(struct zone_list *l, struct zone *z, struct r53_error *err)
{
	if (l->len == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->items, ncap * sizeof(*l->items));

		if (!p) {
			zone_done(z);
			return nomem(err, "zones");
		}
		l->items = p;
		l->cap = ncap;
	}
	l->items[l->len++] = *z;
	zone_init(z);
	return R53_OK;
}

enum r53_code
domain_list_push(struct domain_list *l, struct domain *d, struct r53_error *err)
{
	if (l->len == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->items, ncap * sizeof(*l->items));

		if (!p) {
			domain_done(d);
			return nomem(err, "domains");
		}
		l->items = p;
		l->cap = ncap;
	}
	l->items[l->len++] = *d;
	domain_init(d);
	return R53_OK;
}

void
r53_page_init(struct r53_page *p)
{
	memset(p, 0, sizeof(*p));
	rrset_list_init(&p->rrsets);
}

void
r53_page_done(struct r53_page *p)
{
	zone_list_done(&p->zones);
	rrset_list_done(&p->rrsets);
	health_check_list_done(&p->checks);
	domain_list_done(&p->domains);
	free(p->observations);
	free(p->next_marker);
	free(p->next_name);
	free(p->next_type);
	free(p->next_id);
	r53_page_init(p);
}

/*
 * Elements
 */

static enum r53_code
decode_zone(const xmlNode *n, struct zone *z, struct r53_error *err)
{
	bool oom = false;
	char *id = child_text(n, "Id", &oom), *name = child_text(n, "Name", &oom);
	xmlNode *cfg = child(n, "Config");

	if (oom || !id || !name) {
		free(id);
		free(name);
		return oom ? nomem(err, "HostedZone")
			   : r53_error_set(err, R53_PARSE, "HostedZone", "a hosted zone has no %s",
					   id ? "Name" : "Id");
	}
	z->id = strdup(r53_bare_id(id));
	z->name = canon_or_raw(name);
	free(id);
	free(name);
	z->caller_ref = child_text(n, "CallerReference", &oom);
	if (cfg) {
		z->comment = child_text(cfg, "Comment", &oom);
		z->private_zone = child_bool(cfg, "PrivateZone");
	}
	z->record_count = (long)child_ll(n, "ResourceRecordSetCount", -1);
	if (oom || !z->id || !z->name)
		return nomem(err, "HostedZone");
	return R53_OK;
}

static enum r53_code
decode_zones(const xmlNode *list, struct zone_list *out, struct r53_error *err)
{
	for (xmlNode *c = list ? list->children : NULL; c; c = c->next) {
		struct zone z;

		if (!is(c, "HostedZone"))
			continue;
		zone_init(&z);
		if (decode_zone(c, &z, err) != R53_OK) {
			zone_done(&z);
			return err ? err->code : R53_PARSE;
		}
		if (zone_list_push(out, &z, err) != R53_OK)
			return R53_NOMEM;
	}
	return R53_OK;
}

static void
decode_change_info(const xmlNode *n, struct change_info *ci)
{
	char id[256];

	child_text_buf(n, "Id", id, sizeof(id));
	snprintf(ci->id, sizeof(ci->id), "%s", r53_bare_id(id));
	child_text_buf(n, "Status", ci->status, sizeof(ci->status));
	child_text_buf(n, "SubmittedAt", ci->submitted, sizeof(ci->submitted));
	child_text_buf(n, "Comment", ci->comment, sizeof(ci->comment));
}

static void
decode_delegation(const xmlNode *ds, struct zone *z)
{
	xmlNode *nss = child(ds, "NameServers");

	for (xmlNode *c = nss ? nss->children : NULL; c; c = c->next) {
		char *t;

		if (!is(c, "NameServer") || z->nname_servers >= 8)
			continue;
		t = text_of(c);
		if (t) {
			z->name_servers[z->nname_servers++] = canon_or_raw(t);
			free(t);
			if (!z->name_servers[z->nname_servers - 1])
				z->nname_servers--;
		}
	}
}

static void
decode_vpc(const xmlNode *vpc, struct zone *z)
{
	bool oom = false;

	if (!vpc || z->vpc_id)
		return;
	z->vpc_region = child_text(vpc, "VPCRegion", &oom);
	z->vpc_id = child_text(vpc, "VPCId", &oom);
}

static void
copy_code(char *dst, size_t dstsz, const xmlNode *n, const char *name)
{
	child_text_buf(n, name, dst, dstsz);
}

static enum r53_code
decode_rrset(const xmlNode *n, struct rrset **out, struct r53_error *err)
{
	char name[NAME_TEXT_MAX + 8], type[16], buf[64];
	enum rr_type t;
	struct rrset *rr;
	xmlNode *x;
	bool oom = false;

	*out = NULL;
	child_text_buf(n, "Name", name, sizeof(name));
	child_text_buf(n, "Type", type, sizeof(type));
	if (!name[0] || !type[0])
		return r53_error_set(err, R53_PARSE, "ResourceRecordSet",
				     "a record set has no %s", name[0] ? "Type" : "Name");
	t = rr_type_parse(type);
	if (t == RR_NONE)
		return R53_OK; /* a type newer than r53: skipped, not fatal */
	rr = rrset_new(name, t, NULL);
	if (!rr) {
		/* Keep a name Route 53 sent even if r53 would not accept it as input. */
		rr = rrset_new("invalid.", t, err);
		if (!rr)
			return err ? err->code : R53_NOMEM;
		free(rr->name);
		if (!(rr->name = strdup(name))) {
			rrset_free(&rr);
			return nomem(err, "rrset");
		}
	}
	rr->set_id = child_text(n, "SetIdentifier", &oom);
	rr->weight = (int)child_ll(n, "Weight", -1);
	if (rr->weight < -1 || rr->weight > 255)
		rr->weight = -1;
	rr->region = child_text(n, "Region", &oom);
	if ((x = child(n, "GeoLocation"))) {
		rr->has_geo = true;
		copy_code(rr->geo.continent, sizeof(rr->geo.continent), x, "ContinentCode");
		copy_code(rr->geo.country, sizeof(rr->geo.country), x, "CountryCode");
		copy_code(rr->geo.subdivision, sizeof(rr->geo.subdivision), x, "SubdivisionCode");
	}
	child_text_buf(n, "Failover", buf, sizeof(buf));
	rr->failover = !strcmp(buf, "PRIMARY")	   ? FAILOVER_PRIMARY
		       : !strcmp(buf, "SECONDARY") ? FAILOVER_SECONDARY
						   : FAILOVER_NONE;
	rr->multivalue = child_bool(n, "MultiValueAnswer");
	if (child(n, "TTL")) {
		rr->has_ttl = true;
		rr->ttl = child_ll(n, "TTL", 0);
	}
	if ((x = child(n, "ResourceRecords"))) {
		for (xmlNode *c = x->children; c; c = c->next) {
			char *v;

			if (!is(c, "ResourceRecord"))
				continue;
			v = child_text(c, "Value", &oom);
			if (v && rrset_add_value(rr, v, NULL) != R53_OK)
				oom = true;
			free(v);
		}
	}
	if ((x = child(n, "AliasTarget"))) {
		char *zid = child_text(x, "HostedZoneId", &oom), *dns = child_text(x, "DNSName", &oom);
		bool eval = child_bool(x, "EvaluateTargetHealth");

		if (dns && rrset_set_alias(rr, zid ? zid : "", dns, eval, NULL) != R53_OK) {
			/* An odd target name: keep it as sent. */
			struct alias_target *a = calloc(1, sizeof(*a));

			if (a) {
				a->hosted_zone_id = strdup(r53_bare_id(zid ? zid : ""));
				a->dns_name = strdup(dns);
				a->evaluate_target_health = eval;
				rr->alias = a;
				if (!a->hosted_zone_id || !a->dns_name)
					oom = true;
			} else {
				oom = true;
			}
		}
		free(zid);
		free(dns);
	}
	rr->health_check_id = child_text(n, "HealthCheckId", &oom);
	rr->traffic_policy_instance_id = child_text(n, "TrafficPolicyInstanceId", &oom);
	if ((x = child(n, "CidrRoutingConfig"))) {
		rr->cidr_collection = child_text(x, "CollectionId", &oom);
		rr->cidr_location = child_text(x, "LocationName", &oom);
	}
	if ((x = child(n, "GeoProximityLocation"))) {
		xmlNode *co = child(x, "Coordinates");

		rr->geoprox_region = child_text(x, "AWSRegion", &oom);
		rr->geoprox_lzg = child_text(x, "LocalZoneGroup", &oom);
		if (co) {
			rr->geoprox_lat = child_text(co, "Latitude", &oom);
			rr->geoprox_lon = child_text(co, "Longitude", &oom);
		}
		if (child(x, "Bias")) {
			rr->has_bias = true;
			rr->bias = (int)child_ll(x, "Bias", 0);
		}
	}
	if (oom) {
		rrset_free(&rr);
		return nomem(err, "rrset");
	}
	*out = rr;
	return R53_OK;
}

static char *
dup_child(const xmlNode *n, const char *name)
{
	bool oom = false;

	return child_text(n, name, &oom);
}

/* The ChildHealthCheck ids under @list (may be NULL) into @h->children; R53_NOMEM. */
static enum r53_code
decode_children(const xmlNode *list, struct health_check *h)
{
	size_t n = 0;

	for (xmlNode *c = list ? list->children : NULL; c; c = c->next)
		n += is(c, "ChildHealthCheck");
	if (!n)
		return R53_OK;
	if (!(h->children = calloc(n, sizeof(*h->children))))
		return R53_NOMEM;
	for (xmlNode *c = list->children; c; c = c->next) {
		if (!is(c, "ChildHealthCheck"))
			continue;
		if (!(h->children[h->nchildren] = text_of(c)))
			return R53_NOMEM;
		h->nchildren++;
	}
	return R53_OK;
}

static enum r53_code
decode_health_check(const xmlNode *n, struct health_check *h, struct r53_error *err)
{
	xmlNode *cfg = child(n, "HealthCheckConfig");

	h->id = dup_child(n, "Id");
	if (!h->id)
		return r53_error_set(err, R53_PARSE, "HealthCheck", "a health check has no Id");
	h->caller_ref = dup_child(n, "CallerReference");
	h->version = (long)child_ll(n, "HealthCheckVersion", 0);
	if (cfg) {
		h->type = dup_child(cfg, "Type");
		h->ip = dup_child(cfg, "IPAddress");
		h->port = (int)child_ll(cfg, "Port", 0);
		h->fqdn = dup_child(cfg, "FullyQualifiedDomainName");
		h->path = dup_child(cfg, "ResourcePath");
		h->search = dup_child(cfg, "SearchString");
		h->interval = (int)child_ll(cfg, "RequestInterval", 30);
		h->failure_threshold = (int)child_ll(cfg, "FailureThreshold", 3);
		h->inverted = child_bool(cfg, "Inverted");
		h->disabled = child_bool(cfg, "Disabled");
		h->health_threshold = (int)child_ll(cfg, "HealthThreshold", -1);
		if (h->type && !strcmp(h->type, "CALCULATED")) {
			/* no probes of its own: Route 53 gives no interval or threshold */
			h->interval = (int)child_ll(cfg, "RequestInterval", 0);
			h->failure_threshold = (int)child_ll(cfg, "FailureThreshold", 0);
		}
		if (decode_children(child(cfg, "ChildHealthChecks"), h) != R53_OK)
			return nomem(err, "ChildHealthChecks");
	}
	return R53_OK;
}

static enum r53_code
decode_health_checks(const xmlNode *list, struct health_check_list *out, struct r53_error *err)
{
	for (xmlNode *c = list ? list->children : NULL; c; c = c->next) {
		struct health_check h;

		if (!is(c, "HealthCheck"))
			continue;
		health_check_init(&h);
		if (decode_health_check(c, &h, err) != R53_OK) {
			health_check_done(&h);
			return R53_PARSE;
		}
		if (out->len == out->cap) {
			size_t ncap = out->cap ? out->cap * 2 : 16;
			void *p = realloc(out->items, ncap * sizeof(*out->items));

			if (!p) {
				health_check_done(&h);
				return nomem(err, "health checks");
			}
			out->items = p;
			out->cap = ncap;
		}
		out->items[out->len++] = h;
	}
	return R53_OK;
}

static enum r53_code
decode_observations(const xmlNode *list, struct r53_page *p, struct r53_error *err)
{
	for (xmlNode *c = list ? list->children : NULL; c; c = c->next) {
		struct health_observation *o;
		xmlNode *rep;

		if (!is(c, "HealthCheckObservation"))
			continue;
		o = realloc(p->observations, (p->nobservations + 1) * sizeof(*o));
		if (!o)
			return nomem(err, "observations");
		p->observations = o;
		o = &p->observations[p->nobservations++];
		memset(o, 0, sizeof(*o));
		child_text_buf(c, "Region", o->region, sizeof(o->region));
		child_text_buf(c, "IPAddress", o->ip, sizeof(o->ip));
		if ((rep = child(c, "StatusReport"))) {
			child_text_buf(rep, "Status", o->status, sizeof(o->status));
			child_text_buf(rep, "CheckedTime", o->checked, sizeof(o->checked));
		}
	}
	return R53_OK;
}

static const char *const response_roots[R53_OP_COUNT] = {
	[R53_OP_LIST_ZONES] = "ListHostedZonesResponse",
	[R53_OP_LIST_ZONES_BY_NAME] = "ListHostedZonesByNameResponse",
	[R53_OP_GET_ZONE] = "GetHostedZoneResponse",
	[R53_OP_CREATE_ZONE] = "CreateHostedZoneResponse",
	[R53_OP_DELETE_ZONE] = "DeleteHostedZoneResponse",
	[R53_OP_LIST_RRSETS] = "ListResourceRecordSetsResponse",
	[R53_OP_CHANGE_RRSETS] = "ChangeResourceRecordSetsResponse",
	[R53_OP_GET_CHANGE] = "GetChangeResponse",
	[R53_OP_LIST_HEALTH_CHECKS] = "ListHealthChecksResponse",
	[R53_OP_GET_HEALTH_CHECK] = "GetHealthCheckResponse",
	[R53_OP_GET_HEALTH_CHECK_STATUS] = "GetHealthCheckStatusResponse",
	[R53_OP_CREATE_HEALTH_CHECK] = "CreateHealthCheckResponse",
	[R53_OP_DELETE_HEALTH_CHECK] = "DeleteHealthCheckResponse",
};

static xmlDoc *
parse_xml(const char *body, size_t len)
{
	if (len > INT32_MAX)
		return NULL;
	return xmlReadMemory(body, (int)len, "response.xml", NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static void
set_str(char **dst, const xmlNode *n, const char *name, bool *oom)
{
	free(*dst);
	*dst = child_text(n, name, oom);
}

static enum r53_code
decode_xml(enum r53_op op, const char *body, size_t len, struct r53_page *p, struct r53_error *err)
{
	const char *what = r53_op_name(op);
	xmlDoc *doc = parse_xml(body, len);
	xmlNode *root, *x;
	enum r53_code rc = R53_OK;
	bool oom = false;

	if (!doc)
		return r53_error_set(err, R53_PARSE, what, "%s: the response is not XML", what);
	root = xmlDocGetRootElement(doc);
	if (!root || !is(root, response_roots[op])) {
		r53_error_set(err, R53_PARSE, what, "%s: expected <%s>, got <%.60s>", what,
			      response_roots[op], root ? (const char *)root->name : "nothing");
		xmlFreeDoc(doc);
		return R53_PARSE;
	}
	switch (op) {
	case R53_OP_LIST_ZONES:
	case R53_OP_LIST_ZONES_BY_NAME:
		rc = decode_zones(child(root, "HostedZones"), &p->zones, err);
		p->truncated = child_bool(root, "IsTruncated");
		if (op == R53_OP_LIST_ZONES) {
			set_str(&p->next_marker, root, "NextMarker", &oom);
		} else {
			set_str(&p->next_name, root, "NextDNSName", &oom);
			set_str(&p->next_marker, root, "NextHostedZoneId", &oom);
		}
		if (rc == R53_OK && p->truncated && !p->next_marker)
			rc = r53_error_set(err, R53_PARSE, what,
					   "%s: IsTruncated without a next marker", what);
		break;
	case R53_OP_GET_ZONE:
	case R53_OP_CREATE_ZONE: {
		struct zone z;

		if (!(x = child(root, "HostedZone"))) {
			rc = r53_error_set(err, R53_PARSE, what, "%s: no <HostedZone>", what);
			break;
		}
		zone_init(&z);
		if ((rc = decode_zone(x, &z, err)) != R53_OK) {
			zone_done(&z);
			break;
		}
		if ((x = child(root, "DelegationSet")))
			decode_delegation(x, &z);
		if ((x = child(root, "VPCs")))
			decode_vpc(child(x, "VPC"), &z);
		decode_vpc(child(root, "VPC"), &z);
		if ((x = child(root, "ChangeInfo")))
			decode_change_info(x, &p->change);
		rc = zone_list_push(&p->zones, &z, err);
		break;
	}
	case R53_OP_DELETE_ZONE:
	case R53_OP_CHANGE_RRSETS:
	case R53_OP_GET_CHANGE:
		if (!(x = child(root, "ChangeInfo"))) {
			rc = r53_error_set(err, R53_PARSE, what, "%s: no <ChangeInfo>", what);
			break;
		}
		decode_change_info(x, &p->change);
		if (!p->change.id[0])
			rc = r53_error_set(err, R53_PARSE, what, "%s: <ChangeInfo> has no Id", what);
		break;
	case R53_OP_LIST_RRSETS:
		x = child(root, "ResourceRecordSets");
		for (xmlNode *c = x ? x->children : NULL; c && rc == R53_OK; c = c->next) {
			struct rrset *rr;

			if (!is(c, "ResourceRecordSet"))
				continue;
			rc = decode_rrset(c, &rr, err);
			if (rc == R53_OK && rr)
				rc = rrset_list_take(&p->rrsets, rr, err);
		}
		p->truncated = child_bool(root, "IsTruncated");
		set_str(&p->next_name, root, "NextRecordName", &oom);
		set_str(&p->next_type, root, "NextRecordType", &oom);
		set_str(&p->next_id, root, "NextRecordIdentifier", &oom);
		if (rc == R53_OK && p->truncated && (!p->next_name || !p->next_type))
			rc = r53_error_set(err, R53_PARSE, what,
					   "%s: IsTruncated without NextRecordName/Type", what);
		break;
	case R53_OP_LIST_HEALTH_CHECKS:
		rc = decode_health_checks(child(root, "HealthChecks"), &p->checks, err);
		p->truncated = child_bool(root, "IsTruncated");
		set_str(&p->next_marker, root, "NextMarker", &oom);
		if (rc == R53_OK && p->truncated && !p->next_marker)
			rc = r53_error_set(err, R53_PARSE, what,
					   "%s: IsTruncated without NextMarker", what);
		break;
	case R53_OP_DELETE_HEALTH_CHECK:
		break; /* an empty answer */
	case R53_OP_GET_HEALTH_CHECK:
	case R53_OP_CREATE_HEALTH_CHECK:
		if (!child(root, "HealthCheck")) {
			rc = r53_error_set(err, R53_PARSE, what, "%s: no <HealthCheck>", what);
			break;
		}
		rc = decode_health_checks(root, &p->checks, err); /* the one child */
		break;
	case R53_OP_GET_HEALTH_CHECK_STATUS:
		rc = decode_observations(child(root, "HealthCheckObservations"), p, err);
		break;
	default:
		rc = r53_error_set(err, R53_PARSE, what, "%s is not an XML operation", what);
	}
	xmlFreeDoc(doc);
	if (rc == R53_OK && oom)
		rc = nomem(err, what);
	return rc;
}

enum r53_code
r53_decode(enum r53_op op, const char *body, size_t len, struct r53_page *page,
	   struct r53_error *err)
{
	if ((int)op < 0 || op >= R53_OP_COUNT)
		return r53_error_set(err, R53_INVALID, "op", "unknown operation");
	if (r53_op_is_domains(op))
		return r53_decode_domains(op, body, len, page, err);
	return decode_xml(op, body, len, page, err);
}

/*
 * Errors
 */

/* What a person can do about an AWS error code; "" when nothing useful to add. */
const char *
r53_error_hint(const char *code, long status)
{
	static const struct {
		const char *code, *hint;
	} hints[] = {
		{ "Throttling", "too many requests: try again in a moment" },
		{ "ThrottlingException", "too many requests: try again in a moment" },
		{ "PriorRequestNotComplete", "a change to this zone is still in progress: retry" },
		{ "AccessDenied", "grant this action to the IAM user or role" },
		{ "AccessDeniedException", "grant this action to the IAM user or role" },
		{ "SignatureDoesNotMatch", "check the secret key and the system clock" },
		{ "InvalidClientTokenId", "check the access key id of the profile" },
		{ "UnrecognizedClientException", "check the access key id of the profile" },
		{ "ExpiredToken", "the session token expired: refresh the credentials" },
		{ "NoSuchHostedZone", "check the zone id (r53 zones lists them)" },
		{ "NoSuchChange", "check the change id" },
		{ "NoSuchHealthCheck", "check the health check id (r53 healthchecks)" },
		{ "InvalidChangeBatch", "fix the change batch and apply again" },
		{ "HostedZoneNotEmpty", "delete the zone's records other than SOA and NS first" },
		{ "UnsupportedTLD", "Route 53 Domains does not handle this TLD" },
	};

	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (!strcmp(code, hints[i].code))
			return hints[i].hint;
	if (status >= 500)
		return "the service had a problem: try again later";
	return "";
}

void
r53_error_format(struct r53_error *err, enum r53_op op, long status, const char *code,
		 const char *msg)
{
	const char *hint = r53_error_hint(code, status);
	char m[512], head[128], tail[128];
	size_t n, room;

	/* One line: newlines and tabs in the message become spaces. */
	snprintf(m, sizeof(m), "%s", msg ? msg : "");
	for (n = 0; m[n]; n++)
		if (m[n] == '\n' || m[n] == '\r' || m[n] == '\t')
			m[n] = ' ';
	if (*code)
		snprintf(head, sizeof(head), "%s failed: %s%s", r53_op_name(op), code, *m ? ": " : "");
	else
		snprintf(head, sizeof(head), "%s failed: HTTP %ld%s", r53_op_name(op), status,
			 *m ? ": " : "");
	snprintf(tail, sizeof(tail), "%s%s%s", *hint ? " (" : "", hint, *hint ? ")" : "");
	/* A long message is shortened so that what to do still fits. */
	room = sizeof(err->text) - 1;
	room = room > strlen(head) + strlen(tail) + 3 ? room - strlen(head) - strlen(tail) : 3;
	if (strlen(m) > room)
		snprintf(m + room - 3, 4, "...");
	r53_error_set(err, R53_AWS, code, "%s%s%s", head, m, tail);
}

enum r53_code
r53_decode_error(enum r53_op op, long status, const char *body, size_t len, char *code_out,
		 size_t code_outsz, struct r53_error *err)
{
	char code[64] = "", msg[512] = "";
	xmlDoc *doc;

	if (r53_op_is_domains(op) || (len && body[0] == '{')) {
		r53_decode_domains_error(body, len, code, sizeof(code), msg, sizeof(msg));
	} else if (len && (doc = parse_xml(body, len))) {
		xmlNode *root = xmlDocGetRootElement(doc), *e;

		if (is(root, "ErrorResponse") && (e = child(root, "Error"))) {
			child_text_buf(e, "Code", code, sizeof(code));
			child_text_buf(e, "Message", msg, sizeof(msg));
		} else if (is(root, "InvalidChangeBatch")) {
			/* The legacy form: several <Message>s, joined as Route 53 now does. */
			xmlNode *ms = child(root, "Messages");
			size_t n = 0;

			snprintf(code, sizeof(code), "InvalidChangeBatch");
			for (xmlNode *c = ms ? ms->children : NULL; c; c = c->next) {
				xmlChar *t;

				if (!is(c, "Message"))
					continue;
				t = xmlNodeGetContent(c);
				if (n < sizeof(msg))
					n += snprintf(msg + n, sizeof(msg) - n, "%s%s",
						      n ? ", " : "[", t ? (const char *)t : "");
				xmlFree(t);
			}
			if (n && n < sizeof(msg) - 1)
				strcat(msg, "]");
			if (!n)
				child_text_buf(root, "Message", msg, sizeof(msg));
		}
		xmlFreeDoc(doc);
	}
	if (code_out)
		snprintf(code_out, code_outsz, "%s", code);
	r53_error_format(err, op, status, code, msg);
	return R53_AWS;
}

/*
 * Encoding
 */

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 1024;
		char *p;

		while (ncap < b->len + n + 1)
			ncap *= 2;
		p = realloc(b->s, ncap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void
sb_esc(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_str(b, "&amp;"); break;
		case '<': sb_str(b, "&lt;"); break;
		case '>': sb_str(b, "&gt;"); break;
		case '"': sb_str(b, "&quot;"); break;
		default: sb_add(b, s, 1);
		}
	}
}

/* <name>escaped text</name> */
static void
sb_elem(struct sbuf *b, const char *name, const char *text)
{
	sb_str(b, "<");
	sb_str(b, name);
	sb_str(b, ">");
	sb_esc(b, text);
	sb_str(b, "</");
	sb_str(b, name);
	sb_str(b, ">");
}

static void
sb_elem_ll(struct sbuf *b, const char *name, long long v)
{
	char n[32];

	snprintf(n, sizeof(n), "%lld", v);
	sb_elem(b, name, n);
}

#define R53_XMLNS "https://route53.amazonaws.com/doc/2013-04-01/"

static void
encode_rrset(void *sbv, const struct rrset *rr)
{
	struct sbuf *b = sbv;

	sb_str(b, "<ResourceRecordSet>");
	sb_elem(b, "Name", rr->name);
	sb_elem(b, "Type", rr_type_name(rr->type));
	if (rr->set_id)
		sb_elem(b, "SetIdentifier", rr->set_id);
	if (rr->weight >= 0)
		sb_elem_ll(b, "Weight", rr->weight);
	if (rr->region)
		sb_elem(b, "Region", rr->region);
	if (rr->has_geo) {
		sb_str(b, "<GeoLocation>");
		if (rr->geo.continent[0])
			sb_elem(b, "ContinentCode", rr->geo.continent);
		if (rr->geo.country[0])
			sb_elem(b, "CountryCode", rr->geo.country);
		if (rr->geo.subdivision[0])
			sb_elem(b, "SubdivisionCode", rr->geo.subdivision);
		sb_str(b, "</GeoLocation>");
	}
	if (rr->failover != FAILOVER_NONE)
		sb_elem(b, "Failover", rr->failover == FAILOVER_PRIMARY ? "PRIMARY" : "SECONDARY");
	if (rr->multivalue)
		sb_elem(b, "MultiValueAnswer", "true");
	if (rr->has_ttl)
		sb_elem_ll(b, "TTL", rr->ttl);
	if (rr->nvalues) {
		sb_str(b, "<ResourceRecords>");
		for (size_t i = 0; i < rr->nvalues; i++) {
			sb_str(b, "<ResourceRecord>");
			sb_elem(b, "Value", rr->values[i]);
			sb_str(b, "</ResourceRecord>");
		}
		sb_str(b, "</ResourceRecords>");
	}
	if (rr->alias) {
		sb_str(b, "<AliasTarget>");
		sb_elem(b, "HostedZoneId", rr->alias->hosted_zone_id ? rr->alias->hosted_zone_id : "");
		sb_elem(b, "DNSName", rr->alias->dns_name ? rr->alias->dns_name : "");
		sb_elem(b, "EvaluateTargetHealth", rr->alias->evaluate_target_health ? "true" : "false");
		sb_str(b, "</AliasTarget>");
	}
	if (rr->health_check_id)
		sb_elem(b, "HealthCheckId", rr->health_check_id);
	/* TrafficPolicyInstanceId is read-only: never sent. */
	if (rr->cidr_collection || rr->cidr_location) {
		sb_str(b, "<CidrRoutingConfig>");
		sb_elem(b, "CollectionId", rr->cidr_collection ? rr->cidr_collection : "");
		sb_elem(b, "LocationName", rr->cidr_location ? rr->cidr_location : "");
		sb_str(b, "</CidrRoutingConfig>");
	}
	if (rr->geoprox_region || rr->geoprox_lzg || rr->geoprox_lat || rr->has_bias) {
		sb_str(b, "<GeoProximityLocation>");
		if (rr->geoprox_region)
			sb_elem(b, "AWSRegion", rr->geoprox_region);
		if (rr->geoprox_lzg)
			sb_elem(b, "LocalZoneGroup", rr->geoprox_lzg);
		if (rr->geoprox_lat || rr->geoprox_lon) {
			sb_str(b, "<Coordinates>");
			sb_elem(b, "Latitude", rr->geoprox_lat ? rr->geoprox_lat : "");
			sb_elem(b, "Longitude", rr->geoprox_lon ? rr->geoprox_lon : "");
			sb_str(b, "</Coordinates>");
		}
		if (rr->has_bias)
			sb_elem_ll(b, "Bias", rr->bias);
		sb_str(b, "</GeoProximityLocation>");
	}
	sb_str(b, "</ResourceRecordSet>");
}

char *
r53_encode_change_batch(const struct change_batch *cb, struct r53_error *err)
{
	struct sbuf b = { 0 };

	if (!cb->len) {
		r53_error_set(err, R53_INVALID, "changes", "the change batch is empty");
		return NULL;
	}
	sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<ChangeResourceRecordSetsRequest xmlns=\"" R53_XMLNS "\"><ChangeBatch>");
	if (cb->comment)
		sb_elem(&b, "Comment", cb->comment);
	sb_str(&b, "<Changes>");
	for (size_t i = 0; i < cb->len; i++) {
		sb_str(&b, "<Change>");
		sb_elem(&b, "Action", change_action_name(cb->changes[i].action));
		encode_rrset(&b, cb->changes[i].rr);
		sb_str(&b, "</Change>");
	}
	sb_str(&b, "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>\n");
	if (b.oom) {
		free(b.s);
		nomem(err, "ChangeResourceRecordSets");
		return NULL;
	}
	return b.s;
}

char *
r53_encode_create_zone(const char *name, const char *caller_ref, const char *comment,
		       struct r53_error *err)
{
	return r53_encode_create_zone_vpc(name, caller_ref, comment, NULL, NULL, err);
}

char *
r53_encode_create_zone_vpc(const char *name, const char *caller_ref, const char *comment,
			   const char *vpc_id, const char *vpc_region, struct r53_error *err)
{
	struct sbuf b = { 0 };

	sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<CreateHostedZoneRequest xmlns=\"" R53_XMLNS "\">");
	sb_elem(&b, "Name", name);
	if (vpc_id) {
		sb_str(&b, "<VPC>");
		sb_elem(&b, "VPCRegion", vpc_region ? vpc_region : "");
		sb_elem(&b, "VPCId", vpc_id);
		sb_str(&b, "</VPC>");
	}
	sb_elem(&b, "CallerReference", caller_ref);
	if (comment || vpc_id) {
		sb_str(&b, "<HostedZoneConfig>");
		if (comment)
			sb_elem(&b, "Comment", comment);
		if (vpc_id)
			sb_elem(&b, "PrivateZone", "true");
		sb_str(&b, "</HostedZoneConfig>");
	}
	sb_str(&b, "</CreateHostedZoneRequest>\n");
	if (b.oom) {
		free(b.s);
		nomem(err, "CreateHostedZone");
		return NULL;
	}
	return b.s;
}

char *
r53_encode_create_health_check(const struct health_check *h, const char *caller_ref,
			       struct r53_error *err)
{
	struct sbuf b = { 0 };

	sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<CreateHealthCheckRequest xmlns=\"" R53_XMLNS "\">");
	sb_elem(&b, "CallerReference", caller_ref);
	sb_str(&b, "<HealthCheckConfig>");
	if (h->ip)
		sb_elem(&b, "IPAddress", h->ip);
	if (h->port)
		sb_elem_ll(&b, "Port", h->port);
	sb_elem(&b, "Type", h->type ? h->type : "");
	if (h->path)
		sb_elem(&b, "ResourcePath", h->path);
	if (h->fqdn)
		sb_elem(&b, "FullyQualifiedDomainName", h->fqdn);
	if (h->search)
		sb_elem(&b, "SearchString", h->search);
	if (h->interval)
		sb_elem_ll(&b, "RequestInterval", h->interval);
	if (h->failure_threshold)
		sb_elem_ll(&b, "FailureThreshold", h->failure_threshold);
	if (h->inverted)
		sb_elem(&b, "Inverted", "true");
	if (h->disabled)
		sb_elem(&b, "Disabled", "true");
	if (h->health_threshold >= 0)
		sb_elem_ll(&b, "HealthThreshold", h->health_threshold);
	if (h->nchildren) {
		sb_str(&b, "<ChildHealthChecks>");
		for (size_t i = 0; i < h->nchildren; i++)
			sb_elem(&b, "ChildHealthCheck", h->children[i]);
		sb_str(&b, "</ChildHealthChecks>");
	}
	sb_str(&b, "</HealthCheckConfig></CreateHealthCheckRequest>\n");
	if (b.oom) {
		free(b.s);
		nomem(err, "CreateHealthCheck");
		return NULL;
	}
	return b.s;
}
