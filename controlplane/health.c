/* r53-local: health checks. Stored with their config (a JSON object of the XML members) and
 * version. Checks whose target is on 127.0.0.0/8 are really probed, by a background thread at
 * their interval and on demand when the last result is older than that; others report the
 * status the seed gave them. HTTPS targets are probed by TCP connect only (no TLS here). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sqlite3.h>

#include "controlplane/cp.h"

static const char *const default_regions[] = { "us-east-1", "us-west-1", "us-west-2",
					       "eu-west-1", "ap-southeast-1", "ap-southeast-2",
					       "ap-northeast-1", "sa-east-1", NULL };

/*
 * Probe results, kept in memory (a restart probes again)
 */
#define MAX_RESULTS 256
struct probe_result {
	char id[40];
	double when;
	bool ok;
	char text[160];
};
static struct probe_result results[MAX_RESULTS];
static pthread_mutex_t results_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
result_get(const char *id, struct probe_result *out)
{
	bool found = false;

	pthread_mutex_lock(&results_lock);
	for (int i = 0; i < MAX_RESULTS && !found; i++)
		if (!strcmp(results[i].id, id)) {
			*out = results[i];
			found = true;
		}
	pthread_mutex_unlock(&results_lock);
	return found;
}

static void
result_put(const struct probe_result *r)
{
	int slot = -1, oldest = 0;

	pthread_mutex_lock(&results_lock);
	for (int i = 0; i < MAX_RESULTS && slot < 0; i++)
		if (!strcmp(results[i].id, r->id) || !results[i].id[0])
			slot = i;
	if (slot < 0) {
		for (int i = 1; i < MAX_RESULTS; i++)
			if (results[i].when < results[oldest].when)
				oldest = i;
		slot = oldest;
	}
	results[slot] = *r;
	pthread_mutex_unlock(&results_lock);
}

/* Connects to @ip:@port within 2 s; the fd or -1. */
static int
connect_to(const char *ip, int port)
{
	struct sockaddr_in sa;
	struct pollfd p;
	int fd, soerr = 0;
	socklen_t sl = sizeof(soerr);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1)
		return -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	p.fd = fd;
	p.events = POLLOUT;
	if (poll(&p, 1, 2000) != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) ||
	    soerr) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Probes @cfg's target once. */
static void
probe(const char *id, const json_t *cfg, struct probe_result *r)
{
	const char *type = json_string_value(json_object_get(cfg, "Type"));
	const char *ip = json_string_value(json_object_get(cfg, "IPAddress"));
	const char *path = json_string_value(json_object_get(cfg, "ResourcePath"));
	const char *fqdn = json_string_value(json_object_get(cfg, "FullyQualifiedDomainName"));
	const char *search = json_string_value(json_object_get(cfg, "SearchString"));
	int port = (int)json_integer_value(json_object_get(cfg, "Port"));
	char req[1024], buf[8192];
	size_t got = 0;
	int fd, status = 0;

	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", id);
	r->when = cp_now();
	fd = ip && type ? connect_to(ip, port) : -1;
	if (fd < 0) {
		snprintf(r->text, sizeof(r->text), "Failure: Connection timed out. The endpoint or "
						   "the internet connection is down, or requests "
						   "are being blocked by your firewall.");
		return;
	}
	if (!strcmp(type, "TCP") || !strncmp(type, "HTTPS", 5)) {
		close(fd);
		r->ok = true;
		snprintf(r->text, sizeof(r->text), "Success: TCP connection established.");
		return;
	}
	snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: Amazon-Route53-Health-Check-Service (ref r53-local)\r\nConnection: close\r\n\r\n",
		 path && *path ? path : "/", fqdn ? fqdn : ip);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		close(fd);
		snprintf(r->text, sizeof(r->text), "Failure: the request could not be sent.");
		return;
	}
	/* At most ~4 s per probe however slowly the target answers. */
	for (double deadline = cp_now() + 4; got < sizeof(buf) - 1 && cp_now() < deadline;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		int pr = poll(&p, 1, 500);

		if (pr < 0)
			break;
		if (pr == 0)
			continue;
		n = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	if (sscanf(buf, "HTTP/%*d.%*d %d", &status) != 1) {
		snprintf(r->text, sizeof(r->text), "Failure: Received an invalid HTTP response.");
		return;
	}
	if (status < 200 || status > 399) {
		snprintf(r->text, sizeof(r->text), "Failure: HTTP Status Code %d.", status);
		return;
	}
	if (search) {
		char *body = strstr(buf, "\r\n\r\n");

		body = body ? body + 4 : buf + got;
		if (strlen(body) > 5120)
			body[5120] = '\0';
		if (!strstr(body, search)) {
			snprintf(r->text, sizeof(r->text),
				 "Failure: Search string not found in the response body.");
			return;
		}
	}
	r->ok = true;
	snprintf(r->text, sizeof(r->text), "Success: HTTP Status Code %d, OK", status);
}

static bool
is_loopback(const char *ip)
{
	struct in_addr a;

	return ip && inet_pton(AF_INET, ip, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

/*
 * Storage
 */
bool
cp_health_exists(struct cp_store *s, const char *id)
{
	sqlite3_stmt *st;
	bool found = false;

	if (sqlite3_prepare_v2(cp_store_db(s),
			       "SELECT 1 FROM health_checks WHERE id=? AND deleted=0", -1, &st,
			       NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

struct hc_row {
	char id[40];
	char caller_ref[80];
	json_t *cfg; /* owned */
	long version;
	int seed_status;
	bool deleted;
};

static void
row_read(sqlite3_stmt *st, struct hc_row *h)
{
	const char *t;

	memset(h, 0, sizeof(*h));
	t = (const char *)sqlite3_column_text(st, 0);
	snprintf(h->id, sizeof(h->id), "%s", t ? t : "");
	t = (const char *)sqlite3_column_text(st, 1);
	snprintf(h->caller_ref, sizeof(h->caller_ref), "%s", t ? t : "");
	t = (const char *)sqlite3_column_text(st, 2);
	h->cfg = t ? json_loads(t, 0, NULL) : NULL;
	if (!h->cfg)
		h->cfg = json_object();
	h->version = (long)sqlite3_column_int64(st, 3);
	h->seed_status = sqlite3_column_int(st, 4);
	h->deleted = sqlite3_column_int(st, 5) != 0;
}

#define HC_COLS "id, caller_ref, config, version, seed_status, deleted"

static bool
hc_get(struct cp_store *s, const char *where, const char *arg, struct hc_row *h)
{
	char sql[200];
	sqlite3_stmt *st;
	bool found = false;

	snprintf(sql, sizeof(sql), "SELECT " HC_COLS " FROM health_checks WHERE %s", where);
	if (sqlite3_prepare_v2(cp_store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		row_read(st, h);
		found = true;
	}
	sqlite3_finalize(st);
	return found;
}

/* Fills defaults and checks @cfg with models' rules. */
static enum r53_code
config_check(json_t *cfg, struct r53_error *err)
{
	struct health_check h;
	const char *type = json_string_value(json_object_get(cfg, "Type"));
	const json_t *kids = json_object_get(cfg, "ChildHealthChecks");
	const json_t *thr = json_object_get(cfg, "HealthThreshold");
	char *children[257];
	enum r53_code rc;

	if (!type)
		return r53_error_set(err, R53_INVALID, "InvalidInput",
				     "Invalid XML ; the HealthCheckConfig needs a Type");
	if (!strncmp(type, "HTTP", 4) || !strcmp(type, "TCP")) {
		if (!json_object_get(cfg, "Port") && strcmp(type, "TCP"))
			json_object_set_new(cfg, "Port", json_integer(strncmp(type, "HTTPS", 5) ?
										     80 : 443));
		if (!json_object_get(cfg, "RequestInterval"))
			json_object_set_new(cfg, "RequestInterval", json_integer(30));
		if (!json_object_get(cfg, "FailureThreshold"))
			json_object_set_new(cfg, "FailureThreshold", json_integer(3));
		if (!json_object_get(cfg, "MeasureLatency"))
			json_object_set_new(cfg, "MeasureLatency", json_false());
		if (!json_object_get(cfg, "EnableSNI") && !strncmp(type, "HTTPS", 5))
			json_object_set_new(cfg, "EnableSNI", json_true());
	}
	if (!json_object_get(cfg, "Inverted"))
		json_object_set_new(cfg, "Inverted", json_false());
	if (!json_object_get(cfg, "Disabled"))
		json_object_set_new(cfg, "Disabled", json_false());
	health_check_init(&h);
	h.type = (char *)type;
	h.ip = (char *)json_string_value(json_object_get(cfg, "IPAddress"));
	h.fqdn = (char *)json_string_value(json_object_get(cfg, "FullyQualifiedDomainName"));
	h.path = (char *)json_string_value(json_object_get(cfg, "ResourcePath"));
	h.search = (char *)json_string_value(json_object_get(cfg, "SearchString"));
	h.port = (int)json_integer_value(json_object_get(cfg, "Port"));
	h.interval = (int)json_integer_value(json_object_get(cfg, "RequestInterval"));
	h.failure_threshold = (int)json_integer_value(json_object_get(cfg, "FailureThreshold"));
	h.health_threshold = thr ? (int)json_integer_value(thr) : -1;
	h.nchildren = json_array_size(kids); /* the decoder stops at 257: over 256 is refused */
	for (size_t i = 0; i < h.nchildren && i < 257; i++)
		children[i] = (char *)json_string_value(json_array_get(kids, i));
	h.children = h.nchildren ? children : NULL;
	rc = health_check_validate(&h, err);
	if (rc != R53_OK && err)
		snprintf(err->where, sizeof(err->where), "InvalidInput");
	/* The strings are borrowed from @cfg: nothing to free. */
	return rc;
}

/* Route 53 refuses a CALCULATED check whose child checks do not exist (NoSuchHealthCheck). */
static enum r53_code
children_check(struct cp_store *s, const json_t *cfg, struct r53_error *err)
{
	const json_t *kids = json_object_get(cfg, "ChildHealthChecks"), *k;
	size_t i;

	json_array_foreach ((json_t *)kids, i, k)
		if (!cp_health_exists(s, json_string_value(k)))
			return r53_error_set(err, R53_NOTFOUND, "NoSuchHealthCheck",
					     "No health check exists with the specified ID %.64s.",
					     json_string_value(k));
	return R53_OK;
}

static bool
configs_equal(const json_t *a, const json_t *b)
{
	return json_equal((json_t *)a, (json_t *)b);
}

/* True when a record set of any zone names check @id (Route 53 refuses to delete it). */
static bool
health_in_use(struct cp_store *s, const char *id)
{
	sqlite3_stmt *st;
	bool used = false;

	if (sqlite3_prepare_v2(cp_store_db(s),
			       "SELECT 1 FROM rrsets WHERE json_extract(data, '$.hc') = ? LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	used = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return used;
}

enum r53_code
cp_health_create(struct cp_store *s, const char *caller_ref, json_t *cfg, int seed_status,
		 char *id, size_t idsz, struct r53_error *err)
{
	struct hc_row old;
	sqlite3_stmt *st;
	char *text, raw[40];
	bool ok;
	const char *hx = "0123456789abcdef";

	if (config_check(cfg, err) != R53_OK)
		return R53_INVALID;
	if (children_check(s, cfg, err) != R53_OK)
		return R53_NOTFOUND;
	if (hc_get(s, "caller_ref=?", caller_ref, &old)) {
		bool same = !old.deleted && configs_equal(old.cfg, cfg);

		json_decref(old.cfg);
		if (same) {
			snprintf(id, idsz, "%s", old.id);
			return R53_OK;
		}
		return r53_error_set(err, R53_CONFLICT, "HealthCheckAlreadyExists",
				     "A health check with the specified caller reference already "
				     "exists.");
	}
	cp_random_id(raw, sizeof(raw), "", 32);
	if (idsz < 37)
		return r53_error_set(err, R53_USAGE, "id", "buffer too small");
	for (size_t i = 0, k = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			id[k++] = '-';
		id[k++] = hx[(unsigned char)raw[i] % 16];
		id[k] = '\0';
	}
	text = json_dumps(cfg, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return r53_error_set(err, R53_NOMEM, "InternalFailure", "out of memory");
	ok = sqlite3_prepare_v2(cp_store_db(s),
				"INSERT INTO health_checks(id, caller_ref, config, version, "
				"seed_status, seq) VALUES(?,?,?,1,?,"
				"(SELECT COALESCE(MAX(seq),0)+1 FROM health_checks))",
				-1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, caller_ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, seed_status);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	free(text);
	return ok ? R53_OK : r53_error_set(err, R53_CACHE, "InternalFailure", "cannot store");
}

/*
 * XML
 */
static const char *const cfg_order[] = {
	"IPAddress", "Port", "Type", "ResourcePath", "FullyQualifiedDomainName", "SearchString",
	"RequestInterval", "FailureThreshold", "MeasureLatency", "Inverted", "Disabled",
	"HealthThreshold", "ChildHealthChecks", "EnableSNI", "Regions",
	"InsufficientDataHealthStatus", "RoutingControlArn", NULL,
};

static void
write_check(struct cp_xml *x, const struct hc_row *h)
{
	cp_xml_start(x, "HealthCheck");
	cp_xml_text(x, "Id", h->id);
	cp_xml_text(x, "CallerReference", h->caller_ref);
	cp_xml_start(x, "HealthCheckConfig");
	for (const char *const *k = cfg_order; *k; k++) {
		const json_t *v = json_object_get(h->cfg, *k);

		if (!v)
			continue;
		if (json_is_string(v)) {
			cp_xml_text(x, *k, json_string_value(v));
		} else if (json_is_integer(v)) {
			cp_xml_printf(x, *k, "%lld", (long long)json_integer_value(v));
		} else if (json_is_boolean(v)) {
			cp_xml_bool(x, *k, json_is_true(v));
		} else if (json_is_array(v)) {
			const char *item = !strcmp(*k, "Regions") ? "Region" : "ChildHealthCheck";
			size_t i;
			json_t *e;

			cp_xml_start(x, *k);
			json_array_foreach(v, i, e)
				cp_xml_text(x, item, json_string_value(e));
			cp_xml_end(x);
		}
	}
	cp_xml_end(x);
	cp_xml_printf(x, "HealthCheckVersion", "%ld", h->version);
	cp_xml_end(x);
}

static void
finish(struct cp_response *res, int status, struct cp_xml *x)
{
	res->status = status;
	res->body = cp_xml_finish(x, &res->len);
	res->content_type = "text/xml";
	if (!res->body)
		cp_xml_error(res, 500, "InternalFailure", "out of memory");
}

static void
list_checks(struct cp_server *srv, const struct cp_request *r, struct cp_response *res)
{
	const char *marker = cp_query(r, "marker"), *mi = cp_query(r, "maxitems");
	long max = 100, shown = 0;
	long long start = 0;
	sqlite3_stmt *st;
	struct cp_xml *x;
	char next[40] = "";

	if (mi) {
		char *end;

		max = strtol(mi, &end, 10);
		if (!*mi || *end || max < 1) {
			cp_xml_error(res, 400, "InvalidInput", "Invalid maxitems '%s'", mi);
			return;
		}
		if (max > 1000)
			max = 1000;
	}
	if (marker) {
		if (sqlite3_prepare_v2(cp_store_db(srv->store),
				       "SELECT seq FROM health_checks WHERE id=?", -1, &st,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, marker, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				start = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
		if (!start) {
			cp_xml_error(res, 400, "InvalidInput", "The marker %s is not valid.",
				     marker);
			return;
		}
	}
	if (sqlite3_prepare_v2(cp_store_db(srv->store),
			       "SELECT " HC_COLS " FROM health_checks WHERE deleted=0 AND seq>=? "
			       "ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK) {
		cp_xml_error(res, 500, "InternalFailure", "cannot read health checks");
		return;
	}
	sqlite3_bind_int64(st, 1, start);
	x = cp_xml_begin("ListHealthChecksResponse");
	cp_xml_start(x, "HealthChecks");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct hc_row h;

		row_read(st, &h);
		if (shown == max)
			snprintf(next, sizeof(next), "%s", h.id);
		else
			write_check(x, &h);
		json_decref(h.cfg);
		if (shown++ == max)
			break;
	}
	sqlite3_finalize(st);
	cp_xml_end(x);
	cp_xml_text(x, "Marker", marker ? marker : "");
	cp_xml_bool(x, "IsTruncated", next[0] != '\0');
	if (next[0])
		cp_xml_text(x, "NextMarker", next);
	cp_xml_printf(x, "MaxItems", "%ld", max);
	finish(res, 200, x);
}

static void
create_check(struct cp_server *srv, const struct cp_request *r, struct cp_response *res)
{
	char ref[80], id[40];
	json_t *cfg = NULL;
	struct r53_error err = { 0 };
	struct hc_row h;
	struct cp_xml *x;

	if (cp_xml_decode_health_check(r->body, r->body_len, false, ref, sizeof(ref), &cfg, &err) !=
	    R53_OK) {
		cp_xml_error(res, 400, err.where[0] ? err.where : "InvalidInput", "%s", err.text);
		return;
	}
	if (cp_health_create(srv->store, ref, cfg, 1, id, sizeof(id), &err) != R53_OK) {
		json_decref(cfg);
		cp_xml_error(res,
			     err.code == R53_CONFLICT    ? 409 :
			     err.code == R53_NOTFOUND ? 404 :
			     err.code == R53_INVALID   ? 400 :
							 500,
			     err.where, "%s", err.text);
		return;
	}
	json_decref(cfg);
	if (!hc_get(srv->store, "id=?", id, &h)) {
		cp_xml_error(res, 500, "InternalFailure", "cannot read the health check back");
		return;
	}
	x = cp_xml_begin("CreateHealthCheckResponse");
	write_check(x, &h);
	json_decref(h.cfg);
	finish(res, 201, x);
	snprintf(res->location, sizeof(res->location),
		 "https://route53.amazonaws.com/2013-04-01/healthcheck/%s", id);
}

static void
update_check(struct cp_server *srv, const struct cp_request *r, struct hc_row *h,
	     struct cp_response *res)
{
	json_t *upd = NULL, *v, *merged;
	struct r53_error err = { 0 };
	const char *k;
	char *text;
	sqlite3_stmt *st;
	bool ok = false;
	struct cp_xml *x;

	if (cp_xml_decode_health_check(r->body, r->body_len, true, NULL, 0, &upd, &err) != R53_OK) {
		cp_xml_error(res, 400, err.where[0] ? err.where : "InvalidInput", "%s", err.text);
		return;
	}
	if ((v = json_object_get(upd, "HealthCheckVersion")) &&
	    json_integer_value(v) != h->version) {
		json_decref(upd);
		cp_xml_error(res, 409, "HealthCheckVersionMismatch",
			     "The value of HealthCheckVersion in the request doesn't match the "
			     "value of HealthCheckVersion in the health check.");
		return;
	}
	merged = json_deep_copy(h->cfg);
	json_object_foreach(upd, k, v) {
		if (!strcmp(k, "HealthCheckVersion"))
			continue;
		if (!strcmp(k, "ResetElements")) {
			size_t i;
			json_t *e;

			json_array_foreach(v, i, e)
				json_object_del(merged, json_string_value(e) ?
								json_string_value(e) : "");
			continue;
		}
		json_object_set(merged, k, v);
	}
	json_decref(upd);
	if (config_check(merged, &err) != R53_OK) {
		json_decref(merged);
		cp_xml_error(res, 400, "InvalidInput", "%s", err.text);
		return;
	}
	if (children_check(srv->store, merged, &err) != R53_OK) {
		json_decref(merged);
		cp_xml_error(res, 404, err.where, "%s", err.text);
		return;
	}
	text = json_dumps(merged, JSON_COMPACT | JSON_SORT_KEYS);
	if (text && sqlite3_prepare_v2(cp_store_db(srv->store),
				       "UPDATE health_checks SET config=?, version=version+1 "
				       "WHERE id=?",
				       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, h->id, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	free(text);
	if (!ok) {
		json_decref(merged);
		cp_xml_error(res, 500, "InternalFailure", "cannot store the health check");
		return;
	}
	json_decref(h->cfg);
	h->cfg = merged;
	h->version++;
	x = cp_xml_begin("UpdateHealthCheckResponse");
	write_check(x, h);
	finish(res, 200, x);
}

/* Status of @h now: probes loopback targets when the last result is stale. */
static void
current_status(const struct hc_row *h, struct probe_result *r)
{
	const char *ip = json_string_value(json_object_get(h->cfg, "IPAddress"));
	long interval = (long)json_integer_value(json_object_get(h->cfg, "RequestInterval"));
	bool inverted = json_is_true(json_object_get(h->cfg, "Inverted"));

	if (json_is_true(json_object_get(h->cfg, "Disabled"))) {
		memset(r, 0, sizeof(*r));
		r->when = cp_now();
		r->ok = true;
		snprintf(r->text, sizeof(r->text), "Success: the health check is disabled.");
		return;
	}
	if (is_loopback(ip)) {
		if (!result_get(h->id, r) || cp_now() - r->when >= (double)(interval ? interval : 30)) {
			probe(h->id, h->cfg, r);
			result_put(r);
		}
	} else {
		memset(r, 0, sizeof(*r));
		r->when = cp_now();
		r->ok = h->seed_status != 0;
		snprintf(r->text, sizeof(r->text), "%s",
			 r->ok ? "Success: HTTP Status Code 200, OK" :
				 "Failure: HTTP Status Code 503, Service Unavailable.");
	}
	if (inverted) {
		r->ok = !r->ok;
		snprintf(r->text, sizeof(r->text), "%s",
			 r->ok ? "Success: the endpoint is unhealthy and the check is inverted." :
				 "Failure: the endpoint is healthy and the check is inverted.");
	}
}

static void
check_status(struct cp_server *srv, const struct hc_row *h, struct cp_response *res)
{
	struct probe_result pr;
	const json_t *regions = json_object_get(h->cfg, "Regions");
	char when[40];
	struct cp_xml *x;
	size_t n = regions ? json_array_size(regions) : 7;

	(void)srv;
	current_status(h, &pr);
	cp_iso_time(pr.when, when, sizeof(when));
	x = cp_xml_begin("GetHealthCheckStatusResponse");
	cp_xml_start(x, "HealthCheckObservations");
	for (size_t i = 0; i < n && i < 64; i++) {
		const char *region = regions ? json_string_value(json_array_get(regions, i)) :
					       default_regions[i];

		cp_xml_start(x, "HealthCheckObservation");
		cp_xml_text(x, "Region", region ? region : "us-east-1");
		cp_xml_printf(x, "IPAddress", "15.177.%zu.%zu", i * 8, 10 + i);
		cp_xml_start(x, "StatusReport");
		cp_xml_text(x, "Status", pr.text);
		cp_xml_text(x, "CheckedTime", when);
		cp_xml_end(x);
		cp_xml_end(x);
	}
	cp_xml_end(x);
	finish(res, 200, x);
}

void
cp_health_handle(struct cp_server *srv, const struct cp_request *r, const char *rest,
		 struct cp_response *res)
{
	bool get = !strcmp(r->method, "GET"), post = !strcmp(r->method, "POST");
	bool del = !strcmp(r->method, "DELETE");
	char id[128], tail[32];
	const char *p;
	struct hc_row h;
	struct cp_xml *x;

	if (!strcmp(rest, "healthcheckcount")) {
		sqlite3_stmt *st;
		long n = 0;

		if (!get) {
			cp_xml_error(res, 405, "MethodNotAllowed", "method not allowed");
			return;
		}
		if (sqlite3_prepare_v2(cp_store_db(srv->store),
				       "SELECT COUNT(*) FROM health_checks WHERE deleted=0", -1, &st,
				       NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				n = (long)sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
		x = cp_xml_begin("GetHealthCheckCountResponse");
		cp_xml_printf(x, "HealthCheckCount", "%ld", n);
		finish(res, 200, x);
		return;
	}
	if (!strcmp(rest, "healthcheck") || !strcmp(rest, "healthcheck/")) {
		if (get)
			list_checks(srv, r, res);
		else if (post)
			create_check(srv, r, res);
		else
			cp_xml_error(res, 405, "MethodNotAllowed", "method not allowed");
		return;
	}
	if (strncmp(rest, "healthcheck/", 12)) {
		cp_xml_error(res, 404, "UnknownOperationException", "Unknown operation");
		return;
	}
	p = rest + 12;
	tail[0] = '\0';
	{
		const char *slash = strchr(p, '/');
		size_t l = slash ? (size_t)(slash - p) : strlen(p);

		if (l == 0 || l >= sizeof(id) || (slash && strlen(slash + 1) >= sizeof(tail))) {
			cp_xml_error(res, 404, "UnknownOperationException", "Unknown operation");
			return;
		}
		memcpy(id, p, l);
		id[l] = '\0';
		if (slash)
			snprintf(tail, sizeof(tail), "%s", slash + 1);
	}
	if (tail[0] && strcmp(tail, "status")) {
		cp_xml_error(res, 404, "UnknownOperationException", "Unknown operation");
		return;
	}
	if (!hc_get(srv->store, "id=? AND deleted=0", id, &h)) {
		cp_xml_error(res, 404, "NoSuchHealthCheck",
			     "No health check exists with the specified ID %s.", id);
		return;
	}
	if (tail[0] && get && json_object_get(h.cfg, "Type") &&
	    !strcmp(json_string_value(json_object_get(h.cfg, "Type")), "CALCULATED")) {
		cp_xml_error(res, 400, "InvalidInput",
			     "GetHealthCheckStatus doesn't support calculated health checks.");
	} else if (tail[0] && get) {
		check_status(srv, &h, res);
	} else if (tail[0]) {
		cp_xml_error(res, 405, "MethodNotAllowed", "method not allowed");
	} else if (get) {
		x = cp_xml_begin("GetHealthCheckResponse");
		write_check(x, &h);
		finish(res, 200, x);
	} else if (post) {
		update_check(srv, r, &h, res);
	} else if (del && health_in_use(srv->store, h.id)) {
		cp_xml_error(res, 400, "HealthCheckInUse",
			     "The health check with ID %s is still referenced from one or more "
			     "resource record sets.",
			     h.id);
	} else if (del) {
		sqlite3_stmt *st;
		bool ok = false;

		if (sqlite3_prepare_v2(cp_store_db(srv->store),
				       "UPDATE health_checks SET deleted=1 WHERE id=?", -1, &st,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, h.id, -1, SQLITE_STATIC);
			ok = sqlite3_step(st) == SQLITE_DONE;
			sqlite3_finalize(st);
		}
		if (ok) {
			x = cp_xml_begin("DeleteHealthCheckResponse");
			finish(res, 200, x);
		} else {
			cp_xml_error(res, 500, "InternalFailure", "cannot delete");
		}
	} else {
		cp_xml_error(res, 405, "MethodNotAllowed", "method not allowed");
	}
	json_decref(h.cfg);
}

/*
 * Background prober
 */
static pthread_t prober;
static bool prober_running;
static bool prober_stop;
static pthread_mutex_t prober_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t prober_cond = PTHREAD_COND_INITIALIZER;

static void *
prober_main(void *arg)
{
	struct cp_server *srv = arg;

	for (;;) {
		struct hc_row due[32];
		size_t n = 0;
		sqlite3_stmt *st;
		struct timespec ts;

		cp_store_lock(srv->store);
		if (sqlite3_prepare_v2(cp_store_db(srv->store),
				       "SELECT " HC_COLS " FROM health_checks WHERE deleted=0 AND "
				       "config LIKE '%\"IPAddress\":\"127.%' ORDER BY seq",
				       -1, &st, NULL) == SQLITE_OK) {
			while (n < 32 && sqlite3_step(st) == SQLITE_ROW)
				row_read(st, &due[n++]);
			sqlite3_finalize(st);
		}
		cp_store_unlock(srv->store);
		for (size_t i = 0; i < n; i++) {
			struct probe_result r;

			current_status(&due[i], &r); /* probes when the interval has passed */
			json_decref(due[i].cfg);
		}
		pthread_mutex_lock(&prober_lock);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		if (!prober_stop)
			pthread_cond_timedwait(&prober_cond, &prober_lock, &ts);
		if (prober_stop) {
			pthread_mutex_unlock(&prober_lock);
			break;
		}
		pthread_mutex_unlock(&prober_lock);
	}
	return NULL;
}

void
cp_health_start_prober(struct cp_server *srv)
{
	prober_stop = false;
	prober_running = pthread_create(&prober, NULL, prober_main, srv) == 0;
}

void
cp_health_stop_prober(void)
{
	if (!prober_running)
		return;
	pthread_mutex_lock(&prober_lock);
	prober_stop = true;
	pthread_cond_signal(&prober_cond);
	pthread_mutex_unlock(&prober_lock);
	pthread_join(prober, NULL);
	prober_running = false;
}
