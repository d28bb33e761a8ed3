/* r53-local: Route 53 Domains (2014-05-15, JSON 1.1) for a few registered domains.
 * UpdateDomainNameservers applies at once and reports an operation that stays IN_PROGRESS for
 * --insync-after seconds, then SUCCESSFUL. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "controlplane/cp.h"

#define DAY 86400.0

static const char *const supported_tlds[] = { "com", "net", "org", "io", "dev", "app",
					      "info", "biz", "co", "me", "test", "example",
					      NULL };

/* Lower case, no trailing dot; false when it is not a plausible domain name. */
static bool
domain_norm(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);
	char canon[NAME_TEXT_MAX];

	if (n == 0 || n >= outsz || name_canonical(in, canon, sizeof(canon), NULL) != R53_OK ||
	    strchr(canon, '\\') || name_label_count(canon) < 2)
		return false;
	n = strlen(canon);
	if (n >= outsz)
		return false;
	memcpy(out, canon, n - 1);
	out[n - 1] = '\0';
	return true;
}

static const char *
tld_of(const char *d)
{
	const char *dot = strrchr(d, '.');

	return dot ? dot + 1 : d;
}

static bool
tld_supported(const char *d)
{
	for (const char *const *t = supported_tlds; *t; t++)
		if (!strcmp(*t, tld_of(d)))
			return true;
	return false;
}

enum r53_code
cp_domain_put(struct cp_store *s, const char *name, const char *const *ns, size_t nns,
	      struct r53_error *err)
{
	json_t *a = json_array();
	char *text;
	sqlite3_stmt *st;
	bool ok = false;
	double now = cp_now();

	for (size_t i = 0; i < nns; i++)
		json_array_append_new(a, json_string(ns[i]));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (!text)
		return r53_error_set(err, R53_NOMEM, "domains", "out of memory");
	if (sqlite3_prepare_v2(cp_store_db(s),
			       "INSERT INTO domains(name, ns, auto_renew, transfer_lock, created, "
			       "expiry) VALUES(?,?,1,1,?,?) ON CONFLICT(name) DO UPDATE SET "
			       "ns=excluded.ns",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, now - 400 * DAY);
		sqlite3_bind_double(st, 4, now + 330 * DAY);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	free(text);
	return ok ? R53_OK : r53_error_set(err, R53_CACHE, "domains", "cannot store %s", name);
}

struct domain_row {
	char name[256];
	json_t *ns; /* owned array of strings */
	bool auto_renew, transfer_lock;
	double created, expiry;
};

static void
row_read(sqlite3_stmt *st, struct domain_row *d)
{
	const char *t = (const char *)sqlite3_column_text(st, 0);

	snprintf(d->name, sizeof(d->name), "%s", t ? t : "");
	t = (const char *)sqlite3_column_text(st, 1);
	d->ns = t ? json_loads(t, 0, NULL) : NULL;
	if (!d->ns)
		d->ns = json_array();
	d->auto_renew = sqlite3_column_int(st, 2) != 0;
	d->transfer_lock = sqlite3_column_int(st, 3) != 0;
	d->created = sqlite3_column_double(st, 4);
	d->expiry = sqlite3_column_double(st, 5);
}

#define DOM_COLS "name, ns, auto_renew, transfer_lock, created, expiry"

static bool
domain_get(struct cp_store *s, const char *name, struct domain_row *d)
{
	sqlite3_stmt *st;
	bool found = false;

	if (sqlite3_prepare_v2(cp_store_db(s), "SELECT " DOM_COLS " FROM domains WHERE name=?", -1,
			       &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		row_read(st, d);
		found = true;
	}
	sqlite3_finalize(st);
	return found;
}

static void
answer(struct cp_response *res, json_t *o)
{
	res->body = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(o);
	if (!res->body) {
		cp_json_error(res, 500, "InternalFailure", "out of memory");
		return;
	}
	res->len = strlen(res->body);
	res->status = 200;
	res->content_type = "application/x-amz-json-1.1";
}

static int
max_items(const json_t *req, int def)
{
	json_int_t v = json_integer_value(json_object_get(req, "MaxItems"));

	return v < 1 ? def : v > 100 ? 100 : (int)v;
}

static void
list_domains(struct cp_server *srv, const json_t *req, struct cp_response *res)
{
	const char *marker = json_string_value(json_object_get(req, "Marker"));
	int max = max_items(req, 20), n = 0;
	sqlite3_stmt *st;
	json_t *out = json_object(), *list = json_array();

	if (sqlite3_prepare_v2(cp_store_db(srv->store),
			       "SELECT " DOM_COLS " FROM domains WHERE name>=? ORDER BY name", -1,
			       &st, NULL) != SQLITE_OK) {
		json_decref(out);
		json_decref(list);
		cp_json_error(res, 500, "InternalFailure", "cannot read domains");
		return;
	}
	sqlite3_bind_text(st, 1, marker ? marker : "", -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct domain_row d;

		row_read(st, &d);
		if (n++ == max) {
			json_object_set_new(out, "NextPageMarker", json_string(d.name));
			json_decref(d.ns);
			break;
		}
		json_array_append_new(list, json_pack("{s:s,s:b,s:b,s:f}", "DomainName", d.name,
						      "AutoRenew", d.auto_renew, "TransferLock",
						      d.transfer_lock, "Expiry", d.expiry));
		json_decref(d.ns);
	}
	sqlite3_finalize(st);
	json_object_set_new(out, "Domains", list);
	answer(res, out);
}

static json_t *
contact(const char *first, const char *last)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "FirstName", first,
			 "LastName", last, "ContactType", "PERSON", "OrganizationName",
			 "Example Corp", "AddressLine1", "123 Any Street", "City", "Anytown",
			 "State", "WA", "CountryCode", "US", "ZipCode", "98101", "PhoneNumber",
			 "+1.2065550100", "Email", "hostmaster@example.com");
}

static void
domain_detail(struct cp_server *srv, const char *name, struct cp_response *res)
{
	struct domain_row d;
	json_t *o, *ns = json_array();
	size_t i;
	json_t *e;

	if (!domain_get(srv->store, name, &d)) {
		json_decref(ns);
		cp_json_error(res, 400, "InvalidInput", "Domain %s not found in account", name);
		return;
	}
	json_array_foreach(d.ns, i, e)
		json_array_append_new(ns, json_pack("{s:s,s:[]}", "Name", json_string_value(e),
						    "GlueIps"));
	o = json_pack("{s:s,s:o,s:b,s:o,s:o,s:o,s:b,s:b,s:b,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:f,s:s,"
		      "s:[s,s]}",
		      "DomainName", d.name, "Nameservers", ns, "AutoRenew", d.auto_renew,
		      "AdminContact", contact("Alice", "Admin"), "RegistrantContact",
		      contact("Rita", "Registrant"), "TechContact", contact("Tom", "Tech"),
		      "AdminPrivacy", 1, "RegistrantPrivacy", 1, "TechPrivacy", 1,
		      "RegistrarName", "Amazon Registrar, Inc.", "WhoIsServer",
		      "whois.registrar.amazon.com", "RegistrarUrl", "https://registrar.amazon.com",
		      "AbuseContactEmail", "abuse@registrar.amazon.com", "AbuseContactPhone",
		      "+1.2024423253", "CreationDate", d.created, "UpdatedDate", d.created + DAY,
		      "ExpirationDate", d.expiry, "DnsSec", "DISABLED", "StatusList",
		      "clientTransferProhibited", "clientUpdateProhibited");
	json_decref(d.ns);
	answer(res, o);
}

static const char *
op_status(struct cp_server *srv, double submitted)
{
	return cp_now() - submitted >= srv->cfg->insync_after ? "SUCCESSFUL" : "IN_PROGRESS";
}

static void
update_ns(struct cp_server *srv, const json_t *req, const char *name, struct cp_response *res)
{
	const json_t *list = json_object_get(req, "Nameservers");
	const char *ns[13];
	char norm[13][256], op[40];
	struct domain_row d;
	struct r53_error err = { 0 };
	sqlite3_stmt *st;
	size_t i, n = json_array_size(list);
	json_t *e;
	bool ok = false;

	if (!json_is_array(list) || n < 1 || n > 13) {
		cp_json_error(res, 400, "InvalidInput",
			      "1 validation error detected: Value at 'nameservers' failed to "
			      "satisfy constraint: Member must have length between 1 and 13");
		return;
	}
	json_array_foreach(list, i, e) {
		const char *v = json_string_value(json_object_get(e, "Name"));

		if (!v || !domain_norm(v, norm[i], sizeof(norm[i]))) {
			cp_json_error(res, 400, "InvalidInput", "Invalid name server: %s",
				      v ? v : "(none)");
			return;
		}
		ns[i] = norm[i];
	}
	if (!domain_get(srv->store, name, &d)) {
		cp_json_error(res, 400, "InvalidInput", "Domain %s not found in account", name);
		return;
	}
	json_decref(d.ns);
	if (cp_domain_put(srv->store, name, ns, n, &err) != R53_OK) {
		cp_json_error(res, 500, "InternalFailure", "%s", err.text);
		return;
	}
	cp_random_id(op, sizeof(op), "", 32);
	for (char *p = op; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (sqlite3_prepare_v2(cp_store_db(srv->store),
			       "INSERT INTO operations(id, domain, type, submitted) "
			       "VALUES(?,?,'UPDATE_NAMESERVER',?)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, op, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, cp_now());
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	if (!ok) {
		cp_json_error(res, 500, "InternalFailure", "cannot record the operation");
		return;
	}
	answer(res, json_pack("{s:s}", "OperationId", op));
}

static json_t *
op_json(struct cp_server *srv, sqlite3_stmt *st, bool detail)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *dom = (const char *)sqlite3_column_text(st, 1);
	const char *type = (const char *)sqlite3_column_text(st, 2);
	double when = sqlite3_column_double(st, 3);
	const char *status = op_status(srv, when);
	json_t *o = json_pack("{s:s,s:s,s:s,s:f,s:s}", "OperationId", id ? id : "", "Status",
			      status, "Type", type ? type : "", "SubmittedDate", when,
			      "DomainName", dom ? dom : "");

	if (o && !strcmp(status, "SUCCESSFUL"))
		json_object_set_new(o, "LastUpdatedDate",
				    json_real(when + srv->cfg->insync_after));
	if (o && detail)
		json_object_set_new(o, "Message",
				    json_string(!strcmp(status, "SUCCESSFUL") ?
							"The name servers were updated." :
							"The name servers are being updated."));
	return o;
}

#define OP_COLS "id, domain, type, submitted"

static void
operation_detail(struct cp_server *srv, const json_t *req, struct cp_response *res)
{
	const char *id = json_string_value(json_object_get(req, "OperationId"));
	sqlite3_stmt *st;

	if (!id) {
		cp_json_error(res, 400, "InvalidInput", "OperationId is required");
		return;
	}
	if (sqlite3_prepare_v2(cp_store_db(srv->store),
			       "SELECT " OP_COLS " FROM operations WHERE id=?", -1, &st,
			       NULL) != SQLITE_OK) {
		cp_json_error(res, 500, "InternalFailure", "cannot read operations");
		return;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		answer(res, op_json(srv, st, true));
	else
		cp_json_error(res, 400, "InvalidInput", "Operation ID %s not found", id);
	sqlite3_finalize(st);
}

static bool
in_list(const json_t *list, const char *v)
{
	size_t i;
	json_t *e;

	if (!json_is_array(list) || json_array_size(list) == 0)
		return true;
	json_array_foreach(list, i, e)
		if (json_string_value(e) && !strcmp(json_string_value(e), v))
			return true;
	return false;
}

static void
list_operations(struct cp_server *srv, const json_t *req, struct cp_response *res)
{
	const json_t *since = json_object_get(req, "SubmittedSince");
	const char *marker = json_string_value(json_object_get(req, "Marker"));
	const char *order = json_string_value(json_object_get(req, "SortOrder"));
	int max = max_items(req, 20), n = 0, skip = marker ? atoi(marker) : 0, idx = 0;
	json_t *out = json_object(), *list = json_array();
	sqlite3_stmt *st;
	bool desc = order && !strcmp(order, "DESC");

	if (sqlite3_prepare_v2(cp_store_db(srv->store),
			       desc ? "SELECT " OP_COLS " FROM operations ORDER BY submitted DESC" :
				      "SELECT " OP_COLS " FROM operations ORDER BY submitted",
			       -1, &st, NULL) != SQLITE_OK) {
		json_decref(out);
		json_decref(list);
		cp_json_error(res, 500, "InternalFailure", "cannot read operations");
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *o;

		if (since && sqlite3_column_double(st, 3) < json_number_value(since))
			continue;
		o = op_json(srv, st, false);
		if (!o || !in_list(json_object_get(req, "Status"),
				   json_string_value(json_object_get(o, "Status"))) ||
		    !in_list(json_object_get(req, "Type"),
			     json_string_value(json_object_get(o, "Type")))) {
			json_decref(o);
			continue;
		}
		if (idx++ < skip) {
			json_decref(o);
			continue;
		}
		if (n++ == max) {
			char next[32];

			snprintf(next, sizeof(next), "%d", idx - 1);
			json_object_set_new(out, "NextPageMarker", json_string(next));
			json_decref(o);
			break;
		}
		json_array_append_new(list, o);
	}
	sqlite3_finalize(st);
	json_object_set_new(out, "Operations", list);
	answer(res, out);
}

void
cp_domains_handle(struct cp_server *srv, const struct cp_request *r, struct cp_response *res)
{
	const char *op = cp_header(r, "X-Amz-Target") + 25;
	json_t *req = NULL;
	json_error_t jerr;
	const char *name;
	char dn[256];

	if (strcmp(r->method, "POST")) {
		cp_json_error(res, 405, "UnknownOperationException", "Only POST is supported");
		return;
	}
	if (r->body_len == 0)
		req = json_object();
	else
		req = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(req)) {
		json_decref(req);
		cp_json_error(res, 400, "SerializationException", "Could not parse the request body");
		return;
	}
	name = json_string_value(json_object_get(req, "DomainName"));
	if (!strcmp(op, "ListDomains")) {
		list_domains(srv, req, res);
	} else if (!strcmp(op, "ListOperations")) {
		list_operations(srv, req, res);
	} else if (!strcmp(op, "GetOperationDetail")) {
		operation_detail(srv, req, res);
	} else if (!strcmp(op, "GetDomainDetail") || !strcmp(op, "UpdateDomainNameservers") ||
		   !strcmp(op, "CheckDomainAvailability")) {
		if (!name || !domain_norm(name, dn, sizeof(dn))) {
			cp_json_error(res, 400, "InvalidInput",
				      "Errors: [Domain name %s is invalid]", name ? name : "(none)");
		} else if (!tld_supported(dn)) {
			cp_json_error(res, 400, "UnsupportedTLD", "TLD .%s is not supported",
				      tld_of(dn));
		} else if (!strcmp(op, "GetDomainDetail")) {
			domain_detail(srv, dn, res);
		} else if (!strcmp(op, "UpdateDomainNameservers")) {
			update_ns(srv, req, dn, res);
		} else {
			struct domain_row d;
			bool taken = domain_get(srv->store, dn, &d);

			if (taken)
				json_decref(d.ns);
			answer(res, json_pack("{s:s}", "Availability",
					      taken || !strcmp(tld_of(dn), "example") ?
						      "UNAVAILABLE" :
						      "AVAILABLE"));
		}
	} else {
		cp_json_error(res, 400, "UnknownOperationException", "Unknown operation %s", op);
	}
	json_decref(req);
}
