/* r53-local: the Route 53 REST API (2013-04-01) for hosted zones, record sets and changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controlplane/cp.h"

#define API_PREFIX "/2013-04-01/"

static void
finish_xml(struct cp_response *res, int status, struct cp_xml *x)
{
	res->status = status;
	res->body = cp_xml_finish(x, &res->len);
	res->content_type = "text/xml";
	if (!res->body)
		cp_xml_error(res, 500, "InternalFailure", "out of memory");
}

static void
no_zone(struct cp_response *res, const char *id)
{
	cp_xml_error(res, 404, "NoSuchHostedZone", "No hosted zone found with ID: %s", id);
}

/* Parses maxitems: @def when absent, capped at @max; false (error answered) when bad. */
static bool
max_items(const struct cp_request *r, struct cp_response *res, long def, long max, long *out)
{
	const char *s = cp_query(r, "maxitems");
	char *end;
	long v;

	*out = def;
	if (!s)
		return true;
	v = strtol(s, &end, 10);
	if (!*s || *end || v < 1) {
		cp_xml_error(res, 400, "InvalidInput",
			     "1 validation error detected: Value '%s' at 'maxItems' failed to "
			     "satisfy constraint: Member must be a positive integer",
			     s);
		return false;
	}
	*out = v > max ? max : v;
	return true;
}

static void
write_zone(struct cp_xml *x, const struct cp_zone *z)
{
	cp_xml_start(x, "HostedZone");
	cp_xml_printf(x, "Id", "/hostedzone/%s", z->id);
	cp_xml_text(x, "Name", z->name);
	cp_xml_text(x, "CallerReference", z->caller_ref);
	cp_xml_start(x, "Config");
	if (z->has_comment)
		cp_xml_text(x, "Comment", z->comment);
	cp_xml_bool(x, "PrivateZone", z->private_zone);
	cp_xml_end(x);
	cp_xml_printf(x, "ResourceRecordSetCount", "%ld", z->count);
	cp_xml_end(x);
}

static void
write_delegation(struct cp_xml *x, const struct cp_zone *z)
{
	char ns[4][64];

	cp_zone_name_servers(z->id, ns);
	cp_xml_start(x, "DelegationSet");
	cp_xml_start(x, "NameServers");
	for (int i = 0; i < 4; i++)
		cp_xml_text(x, "NameServer", ns[i]);
	cp_xml_end(x);
	cp_xml_end(x);
}

static void
write_vpc(struct cp_xml *x, const struct cp_zone *z)
{
	cp_xml_start(x, "VPC");
	cp_xml_text(x, "VPCRegion", z->vpc_region);
	cp_xml_text(x, "VPCId", z->vpc_id);
	cp_xml_end(x);
}

static void
write_change(struct cp_xml *x, const struct cp_server *srv, const char *id, double submitted,
	     const char *comment)
{
	char when[40];

	cp_iso_time(submitted, when, sizeof(when));
	cp_xml_start(x, "ChangeInfo");
	cp_xml_printf(x, "Id", "/change/%s", id);
	cp_xml_text(x, "Status",
		    cp_now() - submitted >= srv->cfg->insync_after ? "INSYNC" : "PENDING");
	cp_xml_text(x, "SubmittedAt", when);
	if (comment && *comment)
		cp_xml_text(x, "Comment", comment);
	cp_xml_end(x);
}

static void
list_zones(struct cp_server *srv, const struct cp_request *r, struct cp_response *res)
{
	const char *marker = cp_query(r, "marker");
	const char *type = cp_query(r, "hostedzonetype");
	struct cp_zone *v;
	size_t n, i = 0, shown = 0;
	long max;
	struct cp_xml *x;

	if (!max_items(r, res, 100, 100, &max))
		return;
	if (cp_query(r, "delegationsetid")) {
		cp_xml_error(res, 400, "NoSuchDelegationSet",
			     "A reusable delegation set with the specified ID does not exist.");
		return;
	}
	if (type && strcmp(type, "PrivateHostedZone")) {
		cp_xml_error(res, 400, "InvalidInput",
			     "1 validation error detected: Value '%s' at 'hostedZoneType' failed "
			     "to satisfy constraint: Member must satisfy enum value set: "
			     "[PrivateHostedZone]",
			     type);
		return;
	}
	if (cp_zone_list(srv->store, false, &v, &n) != R53_OK) {
		cp_xml_error(res, 500, "InternalFailure", "cannot read the zones");
		return;
	}
	x = cp_xml_begin("ListHostedZonesResponse");
	cp_xml_start(x, "HostedZones");
	if (marker)
		while (i < n && strcmp(v[i].id, marker) < 0)
			i++;
	for (; i < n; i++) {
		if (type && !v[i].private_zone)
			continue;
		if ((long)shown == max)
			break;
		write_zone(x, &v[i]);
		shown++;
	}
	while (type && i < n && !v[i].private_zone)
		i++;
	cp_xml_end(x);
	cp_xml_text(x, "Marker", marker ? marker : "");
	cp_xml_bool(x, "IsTruncated", i < n);
	if (i < n)
		cp_xml_text(x, "NextMarker", v[i].id);
	cp_xml_printf(x, "MaxItems", "%ld", max);
	free(v);
	finish_xml(res, 200, x);
}

static void
list_zones_by_name(struct cp_server *srv, const struct cp_request *r, struct cp_response *res)
{
	const char *dns = cp_query(r, "dnsname"), *hzid = cp_query(r, "hostedzoneid");
	char canon[NAME_TEXT_MAX];
	struct cp_zone *v;
	size_t n, i = 0;
	long max, shown = 0;
	struct cp_xml *x;

	if (!max_items(r, res, 100, 100, &max))
		return;
	if (hzid && !dns) {
		cp_xml_error(res, 400, "InvalidInput",
			     "The input is not valid: a HostedZoneId requires a DNSName");
		return;
	}
	if (dns && name_canonical(dns, canon, sizeof(canon), NULL) != R53_OK) {
		cp_xml_error(res, 400, "InvalidDomainName", "%s is not a valid domain name.", dns);
		return;
	}
	if (cp_zone_list(srv->store, true, &v, &n) != R53_OK) {
		cp_xml_error(res, 500, "InternalFailure", "cannot read the zones");
		return;
	}
	if (dns) {
		while (i < n) {
			int c = name_compare(v[i].name, canon);

			if (c > 0 || (c == 0 && (!hzid || strcmp(v[i].id, r53_bare_id(hzid)) >= 0)))
				break;
			i++;
		}
	}
	x = cp_xml_begin("ListHostedZonesByNameResponse");
	cp_xml_start(x, "HostedZones");
	for (; i < n && shown < max; i++, shown++)
		write_zone(x, &v[i]);
	cp_xml_end(x);
	if (dns)
		cp_xml_text(x, "DNSName", canon);
	if (hzid)
		cp_xml_text(x, "HostedZoneId", r53_bare_id(hzid));
	cp_xml_bool(x, "IsTruncated", i < n);
	if (i < n) {
		cp_xml_text(x, "NextDNSName", v[i].name);
		cp_xml_text(x, "NextHostedZoneId", v[i].id);
	}
	cp_xml_printf(x, "MaxItems", "%ld", max);
	free(v);
	finish_xml(res, 200, x);
}

static void
create_zone(struct cp_server *srv, const struct cp_request *r, struct cp_response *res)
{
	struct cp_create_zone_req req;
	struct r53_error err = { 0 };
	struct cp_zone z;
	struct cp_xml *x;
	char change[40];
	double submitted;

	if (cp_xml_decode_create_zone(r->body, r->body_len, &req, &err) != R53_OK) {
		cp_xml_error(res, 400, err.where, "%s", err.text);
		return;
	}
	memset(&z, 0, sizeof(z));
	if (name_canonical(req.name, z.name, sizeof(z.name), &err) != R53_OK ||
	    name_label_count(z.name) < 2 || name_is_wildcard(z.name)) {
		cp_xml_error(res, 400, "InvalidDomainName", "%s is reserved by AWS!", req.name);
		return;
	}
	if (req.delegation_set[0]) {
		cp_xml_error(res, 400, "NoSuchDelegationSet",
			     "A reusable delegation set with the specified ID does not exist.");
		return;
	}
	if (req.has_vpc) {
		if (strncmp(req.vpc_id, "vpc-", 4) || strlen(req.vpc_id) < 5) {
			cp_xml_error(res, 400, "InvalidVPCId",
				     "The VPC ID '%s' is not valid.", req.vpc_id);
			return;
		}
		if (!latency_region_valid(req.vpc_region)) {
			cp_xml_error(res, 400, "InvalidInput",
				     "1 validation error detected: Value '%s' at 'vPC.vPCRegion' "
				     "failed to satisfy constraint: Member must satisfy enum value "
				     "set",
				     req.vpc_region);
			return;
		}
		z.private_zone = true;
		snprintf(z.vpc_id, sizeof(z.vpc_id), "%s", req.vpc_id);
		snprintf(z.vpc_region, sizeof(z.vpc_region), "%s", req.vpc_region);
	}
	snprintf(z.caller_ref, sizeof(z.caller_ref), "%s", req.caller_ref);
	z.has_comment = req.has_comment;
	snprintf(z.comment, sizeof(z.comment), "%s", req.comment);
	if (cp_zone_create(srv->store, &z, NULL, &err) != R53_OK) {
		if (err.code == R53_CONFLICT && !strcmp(err.where, "ConflictingDomainExists"))
			cp_xml_error(res, 400, err.where, "%s", err.text);
		else if (err.code == R53_CONFLICT)
			cp_xml_error(res, 409, "HostedZoneAlreadyExists", "%s", err.text);
		else
			cp_xml_error(res, 500, "InternalFailure", "%s", err.text);
		return;
	}
	if (cp_change_record(srv->store, NULL, change, sizeof(change), &submitted) != R53_OK) {
		cp_xml_error(res, 500, "InternalFailure", "cannot record the change");
		return;
	}
	x = cp_xml_begin("CreateHostedZoneResponse");
	write_zone(x, &z);
	write_change(x, srv, change, submitted, NULL);
	if (z.private_zone)
		write_vpc(x, &z);
	else
		write_delegation(x, &z);
	finish_xml(res, 201, x);
	snprintf(res->location, sizeof(res->location),
		 "https://route53.amazonaws.com/2013-04-01/hostedzone/%s", z.id);
}

static void
get_zone(struct cp_server *srv, const struct cp_zone *z, struct cp_response *res)
{
	struct cp_xml *x = cp_xml_begin("GetHostedZoneResponse");

	(void)srv;
	write_zone(x, z);
	if (z->private_zone) {
		cp_xml_start(x, "VPCs");
		write_vpc(x, z);
		cp_xml_end(x);
	} else {
		write_delegation(x, z);
	}
	finish_xml(res, 200, x);
}

static void
delete_zone(struct cp_server *srv, const struct cp_zone *z, struct cp_response *res)
{
	struct cp_xml *x;
	char change[40];
	double submitted;

	if (z->count > 2) {
		cp_xml_error(res, 400, "HostedZoneNotEmpty",
			     "The specified hosted zone contains non-required resource record "
			     "sets and so cannot be deleted.");
		return;
	}
	if (cp_zone_delete(srv->store, z->id) != R53_OK ||
	    cp_change_record(srv->store, NULL, change, sizeof(change), &submitted) != R53_OK) {
		cp_xml_error(res, 500, "InternalFailure", "cannot delete the zone");
		return;
	}
	x = cp_xml_begin("DeleteHostedZoneResponse");
	write_change(x, srv, change, submitted, NULL);
	finish_xml(res, 200, x);
}

static void
update_comment(struct cp_server *srv, const struct cp_request *r, struct cp_zone *z,
	       struct cp_response *res)
{
	struct r53_error err = { 0 };
	char comment[260];
	bool has;
	struct cp_xml *x;

	if (cp_xml_decode_zone_comment(r->body, r->body_len, comment, sizeof(comment), &has,
				       &err) != R53_OK) {
		cp_xml_error(res, 400, err.where, "%s", err.text);
		return;
	}
	if (cp_zone_set_comment(srv->store, z->id, has ? comment : NULL) != R53_OK) {
		cp_xml_error(res, 500, "InternalFailure", "cannot store the comment");
		return;
	}
	z->has_comment = has;
	snprintf(z->comment, sizeof(z->comment), "%s", has ? comment : "");
	x = cp_xml_begin("UpdateHostedZoneCommentResponse");
	write_zone(x, z);
	finish_xml(res, 200, x);
}

static void
list_rrsets(struct cp_server *srv, const struct cp_request *r, const struct cp_zone *z,
	    struct cp_response *res)
{
	const char *name = cp_query(r, "name"), *type = cp_query(r, "type");
	const char *ident = cp_query(r, "identifier");
	const struct rrset_list *l;
	struct r53_error err = { 0 };
	struct rrset *key = NULL;
	size_t lo = 0, hi, i;
	long max, shown = 0;
	struct cp_xml *x;

	if (!max_items(r, res, 300, 300, &max))
		return;
	if (type && !name) {
		cp_xml_error(res, 400, "InvalidInput",
			     "The input is not valid: StartRecordType requires StartRecordName");
		return;
	}
	if (ident && !type) {
		cp_xml_error(res, 400, "InvalidInput",
			     "The input is not valid: StartRecordIdentifier requires "
			     "StartRecordType");
		return;
	}
	if (type && (rr_type_parse(type) == RR_NONE ||
		     strcmp(type, rr_type_name(rr_type_parse(type))))) {
		cp_xml_error(res, 400, "InvalidInput",
			     "1 validation error detected: Value '%s' at 'startRecordType' failed "
			     "to satisfy constraint: Member must satisfy enum value set",
			     type);
		return;
	}
	if (name) {
		key = rrset_new(name, type ? rr_type_parse(type) : RR_NONE, &err);
		if (!key) {
			cp_xml_error(res, 400, "InvalidInput", "Invalid StartRecordName: %s",
				     err.text);
			return;
		}
		if (ident && rrset_set_str(&key->set_id, ident, NULL) != R53_OK) {
			rrset_free(&key);
			cp_xml_error(res, 500, "InternalFailure", "out of memory");
			return;
		}
	}
	if (cp_rrsets_load(srv->store, z->id, &l, &err) != R53_OK) {
		rrset_free(&key);
		cp_xml_error(res, 500, "InternalFailure", "%s", err.text);
		return;
	}
	/* First rrset >= the start key (binary search; the list is sorted). */
	hi = l->len;
	while (key && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rrset_compare(l->items[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	rrset_free(&key);
	x = cp_xml_begin("ListResourceRecordSetsResponse");
	cp_xml_start(x, "ResourceRecordSets");
	for (i = lo; i < l->len && shown < max; i++, shown++)
		cp_xml_rrset(x, l->items[i]);
	cp_xml_end(x);
	cp_xml_bool(x, "IsTruncated", i < l->len);
	if (i < l->len) {
		cp_xml_text(x, "NextRecordName", l->items[i]->name);
		cp_xml_text(x, "NextRecordType", rr_type_name(l->items[i]->type));
		cp_xml_text(x, "NextRecordIdentifier", l->items[i]->set_id);
	}
	cp_xml_printf(x, "MaxItems", "%ld", max);
	finish_xml(res, 200, x);
}

static void
change_rrsets(struct cp_server *srv, const struct cp_request *r, const struct cp_zone *z,
	      struct cp_response *res)
{
	struct change_batch b;
	struct r53_error err = { 0 };
	char change[40];
	double submitted;
	struct cp_xml *x;

	change_batch_init(&b);
	if (cp_xml_decode_change_batch(r->body, r->body_len, &b, &err) != R53_OK) {
		if (!strcmp(err.where, "InvalidChangeBatch"))
			cp_xml_error(res, 400, "InvalidChangeBatch", "[%s]", err.text);
		else if (err.code == R53_NOMEM)
			cp_xml_error(res, 500, "InternalFailure", "out of memory");
		else
			cp_xml_error(res, 400, err.where[0] ? err.where : "InvalidInput", "%s",
				     err.text);
		goto out;
	}
	{
		size_t recs = 0, chars = 0;

		for (size_t i = 0; i < b.len; i++) {
			size_t r1, c1;

			change_cost(&b.changes[i], &r1, &c1);
			recs += r1;
			chars += c1;
		}
		if (recs > BATCH_MAX_RECORDS) {
			cp_xml_error(res, 400, "InvalidChangeBatch",
				     "[Number of records limit of %d exceeded.]", BATCH_MAX_RECORDS);
			goto out;
		}
		if (chars > BATCH_MAX_VALUE_CHARS) {
			cp_xml_error(res, 400, "InvalidChangeBatch",
				     "[Number of characters in request limit of %d exceeded.]",
				     BATCH_MAX_VALUE_CHARS);
			goto out;
		}
	}
	for (size_t i = 0; i < b.len; i++) {
		const struct rrset *rr = b.changes[i].rr;

		/* CloudFront cannot serve a private zone (models/ does not know the zone kind). */
		if (z->private_zone && b.changes[i].action != CHANGE_DELETE && rr->alias &&
		    rr->alias->hosted_zone_id &&
		    !strcmp(rr->alias->hosted_zone_id, CLOUDFRONT_ZONE_ID)) {
			cp_xml_error(res, 400, "InvalidChangeBatch",
				     "[Tried to create an alias that targets %s, type %s in zone "
				     "%s, but CloudFront distributions are not supported in "
				     "private hosted zones]",
				     rr->alias->dns_name, rr_type_name(rr->type), CLOUDFRONT_ZONE_ID);
			goto out;
		}
	}
	for (size_t i = 0; i < b.len; i++) {
		const char *hc = b.changes[i].rr->health_check_id;

		if (hc && b.changes[i].action != CHANGE_DELETE &&
		    !cp_health_exists(srv->store, hc)) {
			cp_xml_error(res, 404, "NoSuchHealthCheck",
				     "The health check with id %s does not exist.", hc);
			goto out;
		}
	}
	if (cp_rrsets_change(srv->store, z, &b, change, sizeof(change), &submitted, &err) !=
	    R53_OK) {
		if (err.code == R53_INVALID)
			cp_xml_error(res, 400, "InvalidChangeBatch", "[%s]", err.text);
		else
			cp_xml_error(res, 500, "InternalFailure", "%s", err.text);
		goto out;
	}
	x = cp_xml_begin("ChangeResourceRecordSetsResponse");
	write_change(x, srv, change, submitted, b.comment);
	finish_xml(res, 200, x);
out:
	change_batch_done(&b);
}

static void
get_change(struct cp_server *srv, const char *id, struct cp_response *res)
{
	double submitted;
	char comment[300];
	struct cp_xml *x;

	id = r53_bare_id(id);
	if (cp_change_get(srv->store, id, &submitted, comment, sizeof(comment)) != R53_OK) {
		cp_xml_error(res, 404, "NoSuchChange",
			     "A change with the specified change ID does not exist.");
		return;
	}
	x = cp_xml_begin("GetChangeResponse");
	write_change(x, srv, id, submitted, comment);
	finish_xml(res, 200, x);
}

/* Splits @path (after the prefix) into up to 4 segments; returns their number, -1 when
 * there are too many or one is empty (a trailing slash is allowed). */
static int
split_path(const char *path, char seg[4][128])
{
	int n = 0;

	while (*path) {
		const char *slash = strchr(path, '/');
		size_t l = slash ? (size_t)(slash - path) : strlen(path);

		if (l == 0 || l >= 128 || n == 4)
			return -1;
		memcpy(seg[n], path, l);
		seg[n][l] = '\0';
		n++;
		path += l;
		if (*path == '/')
			path++;
	}
	return n;
}

void
cp_route53_handle(struct cp_server *srv, const struct cp_request *r, struct cp_response *res)
{
	char seg[4][128];
	const char *m = r->method;
	bool get = !strcmp(m, "GET"), post = !strcmp(m, "POST"), del = !strcmp(m, "DELETE");
	int n;
	struct cp_zone z;

	if (strncmp(r->path, API_PREFIX, strlen(API_PREFIX)) ||
	    (n = split_path(r->path + strlen(API_PREFIX), seg)) < 1) {
		cp_xml_error(res, 404, "UnknownOperationException", "Unknown operation %s %s", m,
			     r->path);
		return;
	}
	if (!strcmp(seg[0], "hostedzone")) {
		if (n == 1 && get)
			return list_zones(srv, r, res);
		if (n == 1 && post)
			return create_zone(srv, r, res);
		if (n == 1)
			goto method;
		if (n > 3 || (n == 3 && strcmp(seg[2], "rrset")))
			goto unknown;
		if (cp_zone_get(srv->store, r53_bare_id(seg[1]), &z) != R53_OK)
			return no_zone(res, seg[1]);
		if (n == 2 && get)
			return get_zone(srv, &z, res);
		if (n == 2 && del)
			return delete_zone(srv, &z, res);
		if (n == 2 && post)
			return update_comment(srv, r, &z, res);
		if (n == 3 && get)
			return list_rrsets(srv, r, &z, res);
		if (n == 3 && post)
			return change_rrsets(srv, r, &z, res);
		goto method;
	}
	if (!strcmp(seg[0], "hostedzonesbyname") && n == 1) {
		if (!get)
			goto method;
		return list_zones_by_name(srv, r, res);
	}
	if (!strcmp(seg[0], "hostedzonecount") && n == 1) {
		struct cp_zone *v;
		size_t cnt;
		struct cp_xml *x;

		if (!get)
			goto method;
		if (cp_zone_list(srv->store, false, &v, &cnt) != R53_OK) {
			cp_xml_error(res, 500, "InternalFailure", "cannot read the zones");
			return;
		}
		free(v);
		x = cp_xml_begin("GetHostedZoneCountResponse");
		cp_xml_printf(x, "HostedZoneCount", "%zu", cnt);
		finish_xml(res, 200, x);
		return;
	}
	if (!strcmp(seg[0], "change") && n == 2) {
		if (!get)
			goto method;
		return get_change(srv, seg[1], res);
	}
	if (!strcmp(seg[0], "healthcheck") || !strcmp(seg[0], "healthcheckcount")) {
		cp_health_handle(srv, r, r->path + strlen(API_PREFIX), res);
		return;
	}
unknown:
	cp_xml_error(res, 404, "UnknownOperationException", "Unknown operation %s %s", m, r->path);
	return;
method:
	cp_xml_error(res, 405, "MethodNotAllowed", "The method %s is not allowed on %s", m,
		     r->path);
}
