/* models: rrset rules, zone-wide rules, change batches (check, split, diff, apply). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "models/models.h"
#include "tests/tools/check.h"

#define ZONE "example.com."

/* rr("www", RR_A, 300, "192.0.2.1", "192.0.2.2", NULL) */
static struct rrset *
rr(const char *name, enum rr_type t, long ttl, ...)
{
	struct rrset *r = rrset_new(name, t, NULL);
	va_list ap;
	const char *v;

	if (ttl >= 0) {
		r->has_ttl = true;
		r->ttl = ttl;
	}
	va_start(ap, ttl);
	while ((v = va_arg(ap, const char *)))
		rrset_add_value(r, v, NULL);
	va_end(ap);
	return r;
}

static const char *
why(const struct rrset *r)
{
	static struct r53_error err;

	r53_error_clear(&err);
	if (rrset_validate(r, ZONE, &err) == R53_OK)
		return "ok";
	return err.text;
}

/* A minimal valid zone: apex SOA + NS. */
static void
base_zone(struct rrset_list *z)
{
	rrset_list_init(z);
	rrset_list_take(z, rr(ZONE, RR_SOA, 900,
			      "ns-1.awsdns-01.org. hostmaster.example.com. 1 7200 900 1209600 86400",
			      NULL),
			NULL);
	rrset_list_take(z, rr(ZONE, RR_NS, 172800, "ns-1.awsdns-01.org.", "ns-2.awsdns-02.net.",
			      NULL),
			NULL);
}

static void
simple_rules(void)
{
	struct rrset *r = rr("www.example.com", RR_A, 300, "192.0.2.1", NULL);
	struct r53_error err = { 0 };

	CHECK_STR(why(r), "ok");
	r->ttl = TTL_MAX + 1;
	CHECK_STR(why(r), "TTL 2147483648 is outside 0..2147483647");
	r->has_ttl = false;
	CHECK_STR(why(r), "a TTL is required");
	rrset_free(&r);

	r = rr("www.example.net", RR_A, 300, "192.0.2.1", NULL);
	CHECK_STR(why(r), "RRSet with DNS name www.example.net. is not permitted in zone example.com.");
	rrset_free(&r);

	r = rr(ZONE, RR_CNAME, 300, "other.example.net", NULL);
	CHECK_STR(why(r), "RRSet of type CNAME with DNS name example.com. is not permitted at apex "
			  "in zone example.com.");
	rrset_free(&r);

	r = rr("a.example.com", RR_CNAME, 300, "x.example.net", "y.example.net", NULL);
	CHECK_STR(why(r), "CNAME takes exactly one value, got 2");
	rrset_free(&r);

	r = rr("example.com", RR_MX, 300, "10 mail.example.com", "mail2.example.com", NULL);
	CHECK(rrset_validate(r, ZONE, &err) == R53_INVALID);
	CHECK_STR(err.where, "values[1]");
	CHECK_STR(err.text, "MX value 2: 'mail2.example.com' needs 'PRIORITY HOST'");
	rrset_free(&r);

	r = rr("*.example.com", RR_NS, 300, "ns.example.net", NULL);
	CHECK_STR(why(r), "NS records cannot be wildcards");
	rrset_free(&r);

	r = rr("*.example.com", RR_A, 300, "192.0.2.9", NULL);
	CHECK_STR(why(r), "ok");
	CHECK_STR(r->name, "\\052.example.com.");
	rrset_free(&r);

	r = rr("www.example.com", RR_A, 300, NULL);
	CHECK_STR(why(r), "a A record needs at least one value");
	rrset_free(&r);
}

static void
alias_rules(void)
{
	struct rrset *r = rr(ZONE, RR_A, -1, NULL);

	rrset_set_alias(r, "/hostedzone/Z2FDTNDATAQYW2", "d111.cloudfront.net", false, NULL);
	CHECK_STR(r->alias->hosted_zone_id, "Z2FDTNDATAQYW2");
	CHECK_STR(r->alias->dns_name, "d111.cloudfront.net.");
	CHECK_STR(why(r), "ok");
	r->has_ttl = true;
	r->ttl = 60;
	CHECK_STR(why(r), "an alias takes its TTL from the target: remove the TTL");
	r->has_ttl = false;
	rrset_add_value(r, "192.0.2.1", NULL);
	CHECK_STR(why(r), "an alias has a target, not values");
	rrset_free(&r);
}

static void
routing_rules(void)
{
	struct rrset *r = rr("w.example.com", RR_A, 60, "192.0.2.1", NULL);
	char buf[64];

	r->weight = 70;
	CHECK_STR(why(r), "weighted routing needs a set identifier");
	rrset_set_str(&r->set_id, "blue", NULL);
	CHECK_STR(why(r), "ok");
	rrset_routing_display(r, buf, sizeof(buf));
	CHECK_STR(buf, "weighted 70");
	r->weight = 256;
	CHECK_STR(why(r), "weight 256 is outside 0..255");
	r->weight = 0;
	CHECK_STR(why(r), "ok");
	rrset_set_str(&r->region, "us-east-1", NULL);
	CHECK_STR(why(r), "a record set takes one routing policy, not several");
	r->weight = -1;
	CHECK_STR(why(r), "ok");
	rrset_routing_display(r, buf, sizeof(buf));
	CHECK_STR(buf, "latency us-east-1");
	rrset_set_str(&r->region, "mars-1", NULL);
	CHECK_STR(why(r), "'mars-1' is not a latency region");
	rrset_set_str(&r->region, NULL, NULL);
	r->has_geo = true;
	strcpy(r->geo.continent, "EU");
	CHECK_STR(why(r), "ok");
	rrset_routing_display(r, buf, sizeof(buf));
	CHECK_STR(buf, "geo EU");
	r->has_geo = false;
	r->failover = FAILOVER_PRIMARY;
	rrset_routing_display(r, buf, sizeof(buf));
	CHECK_STR(buf, "failover primary");
	CHECK_STR(why(r), "ok");
	r->failover = FAILOVER_NONE;
	r->multivalue = true;
	CHECK_STR(why(r), "ok");
	r->type = RR_CNAME;
	free(r->values[0]);
	r->values[0] = strdup("x.example.net");
	CHECK_STR(why(r), "CNAME records cannot use multivalue answers");
	r->multivalue = false;
	CHECK_STR(why(r), "a set identifier needs a routing policy (weighted, latency, "
			  "geolocation, failover, multivalue...)");
	rrset_free(&r);

	r = rr(ZONE, RR_NS, 60, "ns.example.net", NULL);
	r->weight = 1;
	rrset_set_str(&r->set_id, "x", NULL);
	CHECK_STR(why(r), "NS records cannot use weighted routing");
	rrset_free(&r);
}

static void
equality(void)
{
	struct rrset *a = rr("m.example.com", RR_A, 60, "192.0.2.1", "192.0.2.2", NULL);
	struct rrset *b = rr("m.example.com", RR_A, 60, "192.0.2.2", "192.0.2.1", NULL);
	struct rrset *c;

	CHECK(rrset_equal(a, b)); /* value order ignored */
	b->ttl = 61;
	CHECK(!rrset_equal(a, b));
	c = rrset_dup(a);
	CHECK(rrset_equal(a, c));
	rrset_set_str(&c->health_check_id, "hc-1", NULL);
	CHECK(!rrset_equal(a, c));
	rrset_free(&a);
	rrset_free(&b);
	rrset_free(&c);
}

static void
zone_rules(void)
{
	struct rrset_list z;
	struct r53_error err = { 0 };
	struct rrset *w1, *w2;

	base_zone(&z);
	CHECK(rrset_list_validate_zone(&z, ZONE, NULL) == R53_OK);
	rrset_list_take(&z, rr("www.example.com", RR_A, 60, "192.0.2.1", NULL), NULL);
	rrset_list_take(&z, rr("www.example.com", RR_CNAME, 60, "x.example.net", NULL), NULL);
	CHECK(rrset_list_validate_zone(&z, ZONE, &err) == R53_INVALID);
	CHECK_STR(err.text, "RRSet of type CNAME with DNS name www.example.com. is not permitted "
			    "because a conflicting RRSet of type A with the same DNS name already "
			    "exists in zone example.com.");
	rrset_list_done(&z);

	base_zone(&z);
	w1 = rr("w.example.com", RR_A, 60, "192.0.2.1", NULL);
	w1->weight = 70;
	rrset_set_str(&w1->set_id, "a", NULL);
	w2 = rr("w.example.com", RR_A, 60, "192.0.2.2", NULL);
	rrset_set_str(&w2->region, "us-east-1", NULL);
	rrset_set_str(&w2->set_id, "b", NULL);
	rrset_list_take(&z, w1, NULL);
	rrset_list_take(&z, w2, NULL);
	r53_error_clear(&err);
	CHECK(rrset_list_validate_zone(&z, ZONE, &err) == R53_INVALID);
	CHECK(strstr(err.text, "cannot be beside") != NULL);
	rrset_list_done(&z);

	rrset_list_init(&z);
	rrset_list_take(&z, rr("www.example.com", RR_A, 60, "192.0.2.1", NULL), NULL);
	r53_error_clear(&err);
	CHECK(rrset_list_validate_zone(&z, ZONE, &err) == R53_INVALID);
	CHECK_STR(err.text, "A HostedZone must contain exactly one SOA record.");
	rrset_list_done(&z);
}

static void
apply_is_all_or_nothing(void)
{
	struct rrset_list z;
	struct change_batch b;
	struct r53_error err = { 0 };

	base_zone(&z);
	change_batch_init(&b);
	change_batch_take(&b, CHANGE_CREATE, rr("www.example.com", RR_A, 300, "192.0.2.1", NULL),
			  NULL);
	CHECK(change_batch_apply(&z, ZONE, &b, &err) == R53_OK);
	CHECK_INT(z.len, 3);
	change_batch_done(&b);

	/* CREATE of something new + CREATE of something that exists: nothing changes. */
	change_batch_init(&b);
	change_batch_take(&b, CHANGE_CREATE, rr("new.example.com", RR_A, 300, "192.0.2.7", NULL),
			  NULL);
	change_batch_take(&b, CHANGE_CREATE, rr("www.example.com", RR_A, 300, "192.0.2.1", NULL),
			  NULL);
	CHECK(change_batch_apply(&z, ZONE, &b, &err) == R53_INVALID);
	CHECK_STR(err.text, "Tried to create resource record set [name='www.example.com.', "
			    "type='A'] but it already exists");
	CHECK_INT(z.len, 3);
	CHECK(rrset_list_find(&z, "new.example.com.", RR_A, NULL) < 0);
	change_batch_done(&b);

	/* DELETE with other values: refused. */
	change_batch_init(&b);
	change_batch_take(&b, CHANGE_DELETE, rr("www.example.com", RR_A, 300, "192.0.2.99", NULL),
			  NULL);
	r53_error_clear(&err);
	CHECK(change_batch_apply(&z, ZONE, &b, &err) == R53_INVALID);
	CHECK_STR(err.text, "Tried to delete resource record set [name='www.example.com.', "
			    "type='A'] but the values provided do not match the current values");
	change_batch_done(&b);

	/* DELETE of a missing rrset. */
	change_batch_init(&b);
	change_batch_take(&b, CHANGE_DELETE, rr("nope.example.com", RR_CNAME, 300, "x.example.net",
						NULL),
			  NULL);
	r53_error_clear(&err);
	CHECK(change_batch_apply(&z, ZONE, &b, &err) == R53_INVALID);
	CHECK_STR(err.text, "Tried to delete resource record set [name='nope.example.com.', "
			    "type='CNAME'] but it was not found");
	change_batch_done(&b);

	/* An edit (exact DELETE + CREATE) of the TTL works; A -> CNAME in one batch works. */
	{
		struct rrset *old = rr("www.example.com", RR_A, 300, "192.0.2.1", NULL);
		struct rrset *neu = rrset_dup(old);

		neu->ttl = 60;
		change_batch_init(&b);
		CHECK(change_batch_add_edit(&b, old, neu, NULL) == R53_OK);
		CHECK_INT(b.len, 2);
		CHECK(b.changes[0].action == CHANGE_DELETE && b.changes[1].action == CHANGE_CREATE);
		CHECK(change_batch_apply(&z, ZONE, &b, NULL) == R53_OK);
		CHECK_INT(z.items[rrset_list_find(&z, "www.example.com.", RR_A, NULL)]->ttl, 60);
		change_batch_done(&b);
		rrset_free(&old);
		rrset_free(&neu);
	}
	change_batch_init(&b);
	change_batch_take(&b, CHANGE_DELETE, rr("www.example.com", RR_A, 60, "192.0.2.1", NULL),
			  NULL);
	change_batch_take(&b, CHANGE_CREATE, rr("www.example.com", RR_CNAME, 60, "x.example.net",
						NULL),
			  NULL);
	CHECK(change_batch_apply(&z, ZONE, &b, NULL) == R53_OK);
	CHECK(rrset_list_find(&z, "www.example.com.", RR_CNAME, NULL) >= 0);
	CHECK(rrset_list_find(&z, "www.example.com.", RR_A, NULL) < 0);
	change_batch_done(&b);

	/* The apex NS cannot go. */
	change_batch_init(&b);
	change_batch_take(&b, CHANGE_DELETE, rrset_dup(z.items[rrset_list_find(&z, ZONE, RR_NS,
									       NULL)]),
			  NULL);
	r53_error_clear(&err);
	CHECK(change_batch_apply(&z, ZONE, &b, &err) == R53_INVALID);
	CHECK_STR(err.text, "A HostedZone must contain at least one NS record for the zone itself.");
	change_batch_done(&b);

	/* UPSERT replaces; the list stays in Route 53 order. */
	change_batch_init(&b);
	change_batch_take(&b, CHANGE_UPSERT, rr("a.example.com", RR_TXT, 60, "\"x\"", NULL), NULL);
	change_batch_take(&b, CHANGE_UPSERT, rr("www.example.com", RR_CNAME, 60, "y.example.net",
						NULL),
			  NULL);
	CHECK(change_batch_apply(&z, ZONE, &b, NULL) == R53_OK);
	for (size_t i = 1; i < z.len; i++)
		CHECK(rrset_compare(z.items[i - 1], z.items[i]) < 0);
	change_batch_done(&b);
	rrset_list_done(&z);
}

static void
batch_checks(void)
{
	struct change_batch b;
	struct r53_error err = { 0 };

	change_batch_init(&b);
	CHECK(change_batch_check(&b, ZONE, &err) == R53_INVALID);
	CHECK_STR(err.text, "a change batch needs at least one change");
	change_batch_take(&b, CHANGE_DELETE, rr("x.example.com", RR_A, 60, "192.0.2.1", NULL), NULL);
	change_batch_take(&b, CHANGE_DELETE, rr("x.example.com", RR_A, 60, "192.0.2.1", NULL), NULL);
	r53_error_clear(&err);
	CHECK(change_batch_check(&b, ZONE, &err) == R53_INVALID);
	CHECK_STR(err.text, "The request contains an invalid set of changes for a resource record "
			    "set 'A x.example.com.'");
	change_batch_done(&b);

	change_batch_init(&b);
	change_batch_take(&b, CHANGE_CREATE, rr("x.example.com", RR_A, 60, "192.0.2.1", NULL), NULL);
	change_batch_take(&b, CHANGE_UPSERT, rr("x.example.com", RR_A, 60, "192.0.2.2", NULL), NULL);
	CHECK(change_batch_check(&b, ZONE, NULL) == R53_INVALID);
	change_batch_done(&b);

	change_batch_init(&b);
	change_batch_take(&b, CHANGE_CREATE, rr("x.example.com", RR_MX, 60, "mail", NULL), NULL);
	r53_error_clear(&err);
	CHECK(change_batch_check(&b, ZONE, &err) == R53_INVALID);
	CHECK_STR(err.where, "changes[0].values[0]");
	change_batch_done(&b);
}

static void
costs_and_split(void)
{
	struct change_batch b, *parts = NULL;
	size_t n = 0, r, c;
	struct r53_error err = { 0 };
	char name[64];

	/* 1,001 single-value records: two parts, 1,000 + 1. */
	change_batch_init(&b);
	for (int i = 0; i < 1001; i++) {
		snprintf(name, sizeof(name), "h%d.example.com", i);
		change_batch_take(&b, CHANGE_CREATE, rr(name, RR_A, 60, "192.0.2.1", NULL), NULL);
	}
	CHECK(change_batch_split(&b, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &parts, &n, NULL) ==
	      R53_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(parts[0].len, 1000);
		CHECK_INT(parts[1].len, 1);
		CHECK_STR(parts[1].changes[0].rr->name, "h1000.example.com.");
	}
	for (size_t i = 0; i < n; i++)
		change_batch_done(&parts[i]);
	free(parts);
	change_batch_done(&b);

	/* UPSERT counts twice: 501 UPSERTs = 1,002 records -> two parts. */
	change_batch_init(&b);
	for (int i = 0; i < 501; i++) {
		snprintf(name, sizeof(name), "u%d.example.com", i);
		change_batch_take(&b, CHANGE_UPSERT, rr(name, RR_A, 60, "192.0.2.1", NULL), NULL);
	}
	change_cost(&b.changes[0], &r, &c);
	CHECK_INT(r, 2);
	CHECK_INT(c, 2 * strlen("192.0.2.1"));
	CHECK(change_batch_split(&b, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &parts, &n, NULL) ==
	      R53_OK);
	CHECK_INT(n, 2);
	for (size_t i = 0; i < n; i++)
		change_batch_done(&parts[i]);
	free(parts);
	change_batch_done(&b);

	/* An edit's DELETE + CREATE never straddle two parts. */
	change_batch_init(&b);
	for (int i = 0; i < 999; i++) {
		snprintf(name, sizeof(name), "e%d.example.com", i);
		change_batch_take(&b, CHANGE_CREATE, rr(name, RR_A, 60, "192.0.2.1", NULL), NULL);
	}
	change_batch_take(&b, CHANGE_DELETE, rr("z.example.com", RR_A, 60, "192.0.2.1", NULL), NULL);
	change_batch_take(&b, CHANGE_CREATE, rr("z.example.com", RR_A, 30, "192.0.2.1", NULL), NULL);
	CHECK(change_batch_split(&b, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &parts, &n, NULL) ==
	      R53_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(parts[1].len, 2);
		CHECK(parts[1].changes[0].action == CHANGE_DELETE);
	}
	for (size_t i = 0; i < n; i++)
		change_batch_done(&parts[i]);
	free(parts);
	change_batch_done(&b);

	/* 32,000 characters of values: 40 TXT records of 1,000 characters split in two. */
	change_batch_init(&b);
	{
		char big[1001];

		memset(big, 'x', 1000);
		big[0] = big[999] = '"';
		big[1000] = 0;
		big[250] = '"', big[251] = ' ', big[252] = '"';
		big[500] = '"', big[501] = ' ', big[502] = '"';
		big[750] = '"', big[751] = ' ', big[752] = '"';
		for (int i = 0; i < 40; i++) {
			snprintf(name, sizeof(name), "t%d.example.com", i);
			change_batch_take(&b, CHANGE_CREATE, rr(name, RR_TXT, 60, big, NULL), NULL);
		}
	}
	CHECK(change_batch_check(&b, ZONE, &err) == R53_OK);
	CHECK(change_batch_split(&b, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &parts, &n, NULL) ==
	      R53_OK);
	CHECK_INT(n, 2);
	if (n == 2)
		CHECK_INT(parts[0].len, 32);
	for (size_t i = 0; i < n; i++)
		change_batch_done(&parts[i]);
	free(parts);
	change_batch_done(&b);
}

static void
diff(void)
{
	struct rrset_list from, to;
	struct change_batch b;

	rrset_list_init(&from);
	rrset_list_init(&to);
	rrset_list_take(&from, rr("a.example.com", RR_A, 60, "192.0.2.1", "192.0.2.2", NULL), NULL);
	rrset_list_take(&from, rr("gone.example.com", RR_A, 60, "192.0.2.3", NULL), NULL);
	rrset_list_take(&from, rr("t.example.com", RR_A, 60, "192.0.2.4", NULL), NULL);
	rrset_list_take(&to, rr("t.example.com", RR_A, 30, "192.0.2.4", NULL), NULL);
	rrset_list_take(&to, rr("a.example.com", RR_A, 60, "192.0.2.2", "192.0.2.1", NULL), NULL);
	rrset_list_take(&to, rr("new.example.com", RR_A, 60, "192.0.2.5", NULL), NULL);
	change_batch_init(&b);
	CHECK(rrset_diff(&from, &to, &b, NULL) == R53_OK);
	CHECK_INT(b.len, 4); /* value order of a. is ignored */
	if (b.len == 4) {
		CHECK(b.changes[0].action == CHANGE_DELETE);
		CHECK_STR(b.changes[0].rr->name, "gone.example.com.");
		CHECK(b.changes[1].action == CHANGE_DELETE);
		CHECK_STR(b.changes[1].rr->name, "t.example.com.");
		CHECK(b.changes[2].action == CHANGE_CREATE);
		CHECK_STR(b.changes[2].rr->name, "new.example.com.");
		CHECK(b.changes[3].action == CHANGE_CREATE);
		CHECK_INT(b.changes[3].rr->ttl, 30);
	}
	change_batch_done(&b);
	rrset_list_done(&from);
	rrset_list_done(&to);
}

int
main(void)
{
	RUN(simple_rules);
	RUN(alias_rules);
	RUN(routing_rules);
	RUN(equality);
	RUN(zone_rules);
	RUN(apply_is_all_or_nothing);
	RUN(batch_checks);
	RUN(costs_and_split);
	RUN(diff);
	return CHECK_REPORT("rrsets");
}
