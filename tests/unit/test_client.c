/* The client without a peer: canonical queries, the request queue, the limiter's timer, errors
 * for an unreachable endpoint (127.0.0.1:1 refuses at once), cancellation, and error lines. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "client/client.h"
#include "tests/tools/check.h"

static void
query_is_canonical(void)
{
	const char *kv[] = { "type", "A", "name", "\\052.ex ample.com.", "identifier", NULL,
			     "maxitems", "300", NULL };
	char *q = r53_query_canonical(kv);

	CHECK_STR(q, "maxitems=300&name=%5C052.ex%20ample.com.&type=A");
	free(q);
}

struct seen {
	int calls;
	struct r53_error err;
};

static void
on_done(struct r53_client *c, enum r53_op op, const struct r53_error *err, struct r53_page *page,
	void *user)
{
	struct seen *s = user;

	s->calls++;
	if (err)
		s->err = *err;
}

static struct r53_client *
offline_client(double rps)
{
	struct r53_client_config cfg = { 0 };
	struct r53_client *c = NULL;

	cfg.endpoint_url = "http://127.0.0.1:1/";
	cfg.domains_endpoint_url = "http://127.0.0.1:1";
	cfg.no_credentials = true;
	cfg.max_rps = rps;
	cfg.max_attempts = 1;
	CHECK(r53_client_new(&cfg, &c, NULL) == R53_OK);
	return c;
}

static void
unreachable_is_r53_http(void)
{
	struct r53_client *c = offline_client(-1);
	struct seen s = { 0 };
	struct zone_list zones = { 0 };
	struct r53_error err = { 0 };

	CHECK_STR(r53_client_endpoint(c), "http://127.0.0.1:1");
	CHECK(r53_async_list_zones(c, NULL, on_done, &s, NULL) == R53_OK);
	while (r53_client_wait(c, 1000) > 0)
		;
	CHECK_INT(s.calls, 1);
	CHECK_INT(s.err.code, R53_HTTP);
	CHECK(strstr(s.err.text, "ListHostedZones: cannot reach http://127.0.0.1:1") != NULL);
	CHECK_INT(r53_client_timeout_ms(c), -1);
	CHECK(r53_list_zones(c, &zones, &err) == R53_HTTP);
	CHECK_INT(zones.len, 0);
	r53_client_free(&c);
	CHECK(c == NULL);
}

static void
limiter_holds_requests_back(void)
{
	struct r53_client *c = offline_client(1); /* one request per second, burst 1 */
	struct seen s = { 0 };
	long t;

	for (int i = 0; i < 3; i++)
		CHECK(r53_async_get_change(c, "/change/C1", on_done, &s, NULL) == R53_OK);
	/* One started; two wait for the limiter, about a second apart. */
	CHECK_INT(r53_client_perform(c) >= 2, 1);
	t = r53_client_timeout_ms(c);
	CHECK(t >= 0 && t <= 1001);
	/* Freeing with requests queued cancels them without callbacks. */
	r53_client_free(&c);
	CHECK(s.calls <= 1);
}

static void
bad_zone_argument_is_usage(void)
{
	struct r53_client *c = offline_client(-1);
	struct zone z;
	struct r53_error err = { 0 };

	zone_init(&z);
	CHECK(r53_find_zone(c, "bad..name", &z, &err) == R53_USAGE);
	CHECK(strstr(err.text, "'bad..name' is neither a zone id nor a valid zone name") != NULL);
	zone_done(&z);
	r53_client_free(&c);
}

static void
long_messages_keep_the_hint(void)
{
	char body[2048], code[64];
	struct r53_error err = { 0 };
	int n = snprintf(body, sizeof(body), "<ErrorResponse><Error><Code>Throttling</Code><Message>");

	memset(body + n, 'x', 600);
	strcpy(body + n + 600, "</Message></Error></ErrorResponse>");
	CHECK(r53_decode_error(R53_OP_LIST_RRSETS, 400, body, strlen(body), code, sizeof(code),
			       &err) == R53_AWS);
	CHECK_STR(code, "Throttling");
	CHECK(strstr(err.text, "...") != NULL);
	CHECK(strstr(err.text, "(too many requests: try again in a moment)") != NULL);
	CHECK(strlen(err.text) < sizeof(err.text));
}

static void
empty_batch_is_refused(void)
{
	struct change_batch b;
	struct r53_error err = { 0 };

	change_batch_init(&b);
	CHECK(r53_encode_change_batch(&b, &err) == NULL);
	CHECK_STR(err.text, "the change batch is empty");
	change_batch_done(&b);
}

/* The streaming export writer and the jansson tree say the same thing, field for field. */
static void
streamed_json_equals_tree(void)
{
	struct rrset_list l;
	struct rrset *r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	json_t *tree = json_object(), *arr = json_array(), *got;
	json_error_t jerr;

	rrset_list_init(&l);
	r = rrset_new("*.example.com", RR_TXT, NULL);
	r->has_ttl = true;
	r->ttl = 300;
	rrset_add_value(r, "\"quote \\\" and tab\t\"", NULL);
	rrset_add_value(r, "\"two\"", NULL);
	rrset_list_take(&l, r, NULL);
	r = rrset_new("w.example.com", RR_A, NULL);
	r->weight = 70;
	rrset_set_str(&r->set_id, "blue", NULL);
	rrset_set_str(&r->health_check_id, "hc-1", NULL);
	rrset_set_alias(r, "Z2FDTNDATAQYW2", "d1.cloudfront.net", false, NULL);
	rrset_list_take(&l, r, NULL);
	r = rrset_new("g.example.com", RR_A, NULL);
	r->has_geo = true;
	strcpy(r->geo.country, "US");
	strcpy(r->geo.subdivision, "CA");
	r->failover = FAILOVER_NONE;
	r->has_ttl = true;
	r->ttl = 60;
	rrset_set_str(&r->set_id, "us-ca", NULL);
	rrset_add_value(r, "192.0.2.1", NULL);
	rrset_list_take(&l, r, NULL);
	r = rrset_new("p.example.com", RR_A, NULL);
	r->has_bias = true;
	r->bias = -5;
	rrset_set_str(&r->geoprox_lat, "49.22", NULL);
	rrset_set_str(&r->geoprox_lon, "-74.01", NULL);
	rrset_set_str(&r->set_id, "p", NULL);
	r->multivalue = false;
	r->has_ttl = true;
	r->ttl = 0;
	rrset_add_value(r, "192.0.2.2", NULL);
	rrset_list_take(&l, r, NULL);

	for (size_t i = 0; i < l.len; i++)
		json_array_append_new(arr, r53_rrset_to_json(l.items[i]));
	json_object_set_new(tree, "ResourceRecordSets", arr);
	f = open_memstream(&buf, &len);
	r53_rrsets_write_json(f, &l);
	fclose(f);
	got = json_loads(buf, 0, &jerr);
	CHECK(got != NULL);
	CHECK(got && json_equal(got, tree));
	{
		/* Byte for byte the layout jansson would print. */
		char *want = json_dumps(tree, JSON_INDENT(4) | JSON_PRESERVE_ORDER);

		CHECK(want && !strncmp(buf, want, strlen(want)));
		free(want);
	}
	json_decref(got);
	json_decref(tree);
	free(buf);
	rrset_list_done(&l);

	rrset_list_init(&l);
	buf = NULL;
	f = open_memstream(&buf, &len);
	r53_rrsets_write_json(f, &l);
	fclose(f);
	CHECK_STR(buf, "{\n    \"ResourceRecordSets\": []\n}\n");
	free(buf);
}

int
main(void)
{
	RUN(query_is_canonical);
	RUN(streamed_json_equals_tree);
	RUN(unreachable_is_r53_http);
	RUN(limiter_holds_requests_back);
	RUN(bad_zone_argument_is_usage);
	RUN(long_messages_keep_the_hint);
	RUN(empty_batch_is_refused);
	return CHECK_REPORT("client");
}
