/* cache: the SQLite cache on real files in a temporary directory and in ":memory:". */
#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache/cache.h"
#include "cache/private.h"
#include "models/models.h"
#include "tests/tools/check.h"

#define EP "https://route53.amazonaws.com"

static char tmp[256];

/* A path inside this run's temporary directory. */
static const char *
tpath(const char *name)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmp, name);
	return buf[i];
}

static struct cache *
open_ok(const char *path, const char *profile)
{
	struct cache *c = NULL;
	struct r53_error err = { 0 };

	if (cache_open(path, profile, EP, &c, &err) != R53_OK)
		fprintf(stderr, "cache_open(%s): %s\n", path, err.text);
	return c;
}

/* rr("www.example.com.", RR_A, 300, "192.0.2.1", NULL) */
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

static void
zone_make(struct zone *z, const char *id, const char *name)
{
	zone_init(z);
	z->id = strdup(id);
	z->name = strdup(name);
}

static enum r53_code
put_zones(struct cache *c, int n, ...)
{
	struct zone zs[8];
	va_list ap;
	enum r53_code rc;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *id = va_arg(ap, const char *), *name = va_arg(ap, const char *);

		zone_make(&zs[i], id, name);
	}
	va_end(ap);
	rc = cache_put_zones(c, zs, (size_t)n, NULL);
	for (int i = 0; i < n; i++)
		zone_done(&zs[i]);
	return rc;
}

/* Syncs @zone_id with one page holding @l (taken), completely. */
static enum r53_code
sync_all(struct cache *c, const char *zone_id, struct rrset_list *l)
{
	enum r53_code rc = cache_sync_begin(c, zone_id, NULL);

	if (!rc)
		rc = cache_sync_page(c, zone_id, l, NULL);
	if (!rc)
		rc = cache_sync_end(c, zone_id, true, NULL);
	rrset_list_done(l);
	return rc;
}

static size_t
count_rrsets(struct cache *c, const char *zone_id)
{
	size_t n = 99999;

	cache_count_rrsets(c, zone_id, &n, NULL);
	return n;
}

static unsigned
file_mode(const char *path)
{
	struct stat sb;

	return stat(path, &sb) ? 01000 : (unsigned)(sb.st_mode & 07777);
}

/* Name of the first file in tmp starting with @prefix, or "" */
static const char *
find_aside(const char *prefix)
{
	static char found[256];
	DIR *d = opendir(tmp);
	struct dirent *e;

	*found = '\0';
	while (d && (e = readdir(d))) {
		if (!strncmp(e->d_name, prefix, strlen(prefix)) &&
		    strstr(e->d_name, ".corrupt-") && !strstr(e->d_name, "-wal")) {
			snprintf(found, sizeof(found), "%s", e->d_name);
			break;
		}
	}
	if (d)
		closedir(d);
	return found;
}

/* One record set of every routing policy, alias and odd value, into @in. */
static void
every_kind(struct rrset_list *in)
{
	struct rrset *r;

	rrset_list_init(in);
	rrset_list_take(in, rr("www.example.com.", RR_A, 300, "192.0.2.1", "192.0.2.2", NULL),
			NULL);
	r = rr("w.example.com.", RR_A, 60, "192.0.2.3", NULL);
	r->set_id = strdup("blue");
	r->weight = 70;
	rrset_list_take(in, r, NULL);
	r = rr("lat.example.com.", RR_AAAA, 60, "2001:db8::1", NULL);
	r->set_id = strdup("eu");
	r->region = strdup("eu-west-1");
	rrset_list_take(in, r, NULL);
	r = rr("geo.example.com.", RR_A, 60, "192.0.2.4", NULL);
	r->set_id = strdup("us-ca");
	r->has_geo = true;
	strcpy(r->geo.country, "US");
	strcpy(r->geo.subdivision, "CA");
	rrset_list_take(in, r, NULL);
	r = rr("geo.example.com.", RR_A, 60, "192.0.2.5", NULL);
	r->set_id = strdup("europe");
	r->has_geo = true;
	strcpy(r->geo.continent, "EU");
	rrset_list_take(in, r, NULL);
	r = rr("fo.example.com.", RR_A, 60, "192.0.2.6", NULL);
	r->set_id = strdup("primary");
	r->failover = FAILOVER_PRIMARY;
	r->health_check_id = strdup("11111111-2222-3333-4444-555555555555");
	rrset_list_take(in, r, NULL);
	r = rr("fo.example.com.", RR_A, 60, "192.0.2.7", NULL);
	r->set_id = strdup("secondary");
	r->failover = FAILOVER_SECONDARY;
	rrset_list_take(in, r, NULL);
	r = rr("mv.example.com.", RR_A, 60, "192.0.2.8", NULL);
	r->set_id = strdup("one");
	r->multivalue = true;
	rrset_list_take(in, r, NULL);
	r = rr("cidr.example.com.", RR_A, 60, "192.0.2.9", NULL);
	r->set_id = strdup("office");
	r->cidr_collection = strdup("c-1234");
	r->cidr_location = strdup("office");
	rrset_list_take(in, r, NULL);
	r = rr("gp.example.com.", RR_A, 60, "192.0.2.10", NULL);
	r->set_id = strdup("gp1");
	r->geoprox_region = strdup("us-east-1");
	r->has_bias = true;
	r->bias = -25;
	rrset_list_take(in, r, NULL);
	r = rr("gp.example.com.", RR_A, 60, "192.0.2.11", NULL);
	r->set_id = strdup("gp2");
	r->geoprox_lat = strdup("49.22");
	r->geoprox_lon = strdup("-74.01");
	rrset_list_take(in, r, NULL);
	r = rr("cdn.example.com.", RR_A, -1, NULL);
	rrset_set_alias(r, CLOUDFRONT_ZONE_ID, "d111111abcdef8.cloudfront.net.", false, NULL);
	rrset_list_take(in, r, NULL);
	r = rr("example.com.", RR_AAAA, -1, NULL);
	rrset_set_alias(r, "Z1", "www.example.com.", true, NULL);
	rrset_list_take(in, r, NULL);
	rrset_list_take(in, rr("*.example.com.", RR_TXT, 300,
				"\"v=spf1 include:_spf.example.net ~all\"",
				"\"quote \\\" and backslash \\\\\" \"second\"", NULL),
			NULL);
	rrset_list_take(in, rr("_sip._tcp.example.com.", RR_SRV, 86400, "10 5 5060 sip.example.com.",
				NULL),
			NULL);
	r = rr("tp.example.com.", RR_A, 60, "192.0.2.12", NULL);
	r->traffic_policy_instance_id = strdup("tpi-1");
	rrset_list_take(in, r, NULL);
	rrset_list_take(in, rr("empty.example.com.", RR_TXT, 60, NULL), NULL);

}

/* Every routing policy, alias and odd value survives a write and a read, in Route 53 order. */
static void
round_trip_every_policy(void)
{
	struct cache *c = open_ok(":memory:", "default");
	struct rrset_list in, out, want;
	int64_t synced = -1;

	if (!c)
		{ CHECK(c != NULL); return; }
	CHECK_INT(put_zones(c, 1, "Z1", "example.com."), R53_OK);
	every_kind(&in);
	rrset_list_init(&want);
	for (size_t i = 0; i < in.len; i++)
		rrset_list_take(&want, rrset_dup(in.items[i]), NULL);
	rrset_list_sort(&want);
	CHECK_INT(sync_all(c, "Z1", &in), R53_OK);

	rrset_list_init(&out);
	CHECK_INT(cache_list_rrsets(c, "Z1", &out, &synced, NULL), R53_OK);
	CHECK(synced > 0);
	CHECK_INT(out.len, want.len);
	for (size_t i = 0; i < out.len && i < want.len; i++) {
		const struct rrset *a = out.items[i], *b = want.items[i];

		CHECK_STR(a->name, b->name);
		CHECK_INT(a->type, b->type);
		CHECK(rrset_equal(a, b));
		CHECK(rrset_compare(a, b) == 0);
		CHECK_INT(a->has_ttl, b->has_ttl);
		CHECK_INT(a->has_bias, b->has_bias);
		CHECK_INT(a->bias, b->bias);
		CHECK_INT(a->multivalue, b->multivalue);
		CHECK_INT(a->nvalues, b->nvalues);
		for (size_t v = 0; v < a->nvalues && v < b->nvalues; v++)
			CHECK_STR(a->values[v], b->values[v]); /* order kept too */
		CHECK((a->alias == NULL) == (b->alias == NULL));
		if (a->alias && b->alias) {
			CHECK_STR(a->alias->hosted_zone_id, b->alias->hosted_zone_id);
			CHECK_STR(a->alias->dns_name, b->alias->dns_name);
			CHECK_INT(a->alias->evaluate_target_health,
				  b->alias->evaluate_target_health);
		}
		CHECK((a->traffic_policy_instance_id == NULL) ==
		      (b->traffic_policy_instance_id == NULL));
		CHECK((a->geoprox_lat == NULL) == (b->geoprox_lat == NULL));
		CHECK(!strcmp(a->geo.subdivision, b->geo.subdivision));
	}
	rrset_list_done(&out);
	rrset_list_done(&want);
	cache_close(&c);
	CHECK(c == NULL);
}

/* Serializes @r both ways and checks the direct writer's text is jansson's, byte for byte, and
 * that the reader gives back an rrset that serializes to the same text. @direct: the writer
 * should handle it itself (ASCII only) rather than hand it to jansson. */
static void
check_serial(const struct rrset *r, bool direct)
{
	struct r53_error err = { 0 };
	char *mine = serial_rrset(r, &err), *theirs = serial_rrset_via_jansson(r, &err), *again;
	struct sbuf b = { 0 };
	struct rrset *back = NULL;

	CHECK_INT(serial_rrset_append(r, &b), direct ? 0 : 1);
	if (direct && b.s && theirs)
		CHECK_STR(b.s, theirs);
	free(b.s);
	CHECK(mine != NULL && theirs != NULL);
	if (!mine || !theirs) {
		free(mine);
		free(theirs);
		return;
	}
	CHECK_STR(mine, theirs);
	CHECK_INT(unserial_rrset(mine, &back, "rrset", &err), R53_OK);
	if (back) {
		CHECK(rrset_equal(back, r));
		again = serial_rrset(back, &err);
		CHECK(again != NULL);
		if (again)
			CHECK_STR(again, mine);
		free(again);
		rrset_free(&back);
	}
	free(mine);
	free(theirs);
}

/* The direct rrset writer writes what jansson wrote (so every cache file stays readable by
 * either reader and unchanged rows compare equal): every kind of rrset, every ASCII byte in
 * every string field, edge values; non-ASCII text goes through jansson and still round-trips. */
static void
serializer_matches_jansson(void)
{
	struct rrset_list in;
	struct rrset *r;
	char ascii[128];

	every_kind(&in);
	for (size_t i = 0; i < in.len; i++)
		check_serial(in.items[i], true);
	rrset_list_done(&in);

	for (int ch = 1; ch < 128; ch++)
		ascii[ch - 1] = (char)ch;
	ascii[127] = '\0';
	/* rrset_new() checks names; the cache stores what it is given. */
	r = rr("ascii.example.com.", RR_TXT, 0, ascii, "", "\"\\\"\\\\", NULL);
	free(r->name);
	r->name = strdup(ascii);
	r->set_id = strdup(ascii);
	r->region = strdup(ascii);
	r->health_check_id = strdup(ascii);
	r->traffic_policy_instance_id = strdup(ascii);
	r->cidr_collection = strdup(ascii);
	r->weight = 0;
	check_serial(r, true);
	r->has_bias = true;
	r->bias = -99;
	r->geoprox_lzg = strdup(ascii);
	r->has_ttl = true;
	r->ttl = 2147483647;
	r->failover = FAILOVER_SECONDARY;
	r->multivalue = true;
	check_serial(r, true);
	r->ttl = -1;
	r->weight = 255;
	check_serial(r, true);
	rrset_free(&r);

	/* Edges: a geo block with nothing in it, cidr with only a location, geoproximity with only
	 * a bias of 0, an alias without a zone id, values beside an alias. */
	r = rr("edge.example.com.", RR_A, -1, NULL);
	r->has_geo = true;
	r->cidr_location = strdup("*");
	r->has_bias = true;
	check_serial(r, true);
	r->alias = calloc(1, sizeof(*r->alias));
	r->alias->dns_name = strdup("t.example.com.");
	check_serial(r, true);
	rrset_add_value(r, "192.0.2.1", NULL);
	r->alias->evaluate_target_health = true;
	check_serial(r, true);
	rrset_free(&r);

	/* Outside ASCII: jansson's \uXXXX escapes, written by jansson. */
	r = rr("caf\xc3\xa9.example.com.", RR_TXT, 300, "\"\xe2\x82\xac \xf0\x9f\x98\x80\"", NULL);
	check_serial(r, false);
	rrset_free(&r);
	r = rr("plain.example.com.", RR_TXT, 300, "\"\xc3\xa9\"", NULL);
	check_serial(r, false);
	rrset_free(&r);
}

/* The cache lists in Route 53's order (name with labels from the right, type, set id). */
static void
route53_order(void)
{
	static const char *const names[] = {
		"example.com.", "a.example.com.", "z.example.com.", "a-b.example.com.",
		"a.a.example.com.", "\\052.example.com.", "0.example.com.", "_dmarc.example.com.",
		"zz.a.example.com.", "b.example.com.", "aa.example.com.", "a0.example.com.",
		"-.example.com.",
	};
	static const enum rr_type types[] = { RR_TXT, RR_A, RR_MX, RR_AAAA, RR_CNAME };
	struct cache *c = open_ok(":memory:", "default");
	struct rrset_list in, out, want;

	if (!c)
		{ CHECK(c != NULL); return; }
	rrset_list_init(&in);
	rrset_list_init(&want);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		for (size_t t = 0; t < sizeof(types) / sizeof(*types); t++) {
			struct rrset *r = rr(names[i], types[t], 60, NULL);

			if (!r)
				continue;
			if (t == 1 && i % 2) {
				r->set_id = strdup(i % 4 == 1 ? "b" : "a");
				r->weight = 1;
			}
			rrset_list_take(&want, rrset_dup(r), NULL);
			rrset_list_take(&in, r, NULL);
		}
	}
	rrset_list_sort(&want);
	CHECK_INT(sync_all(c, "Z1", &in), R53_OK);
	rrset_list_init(&out);
	CHECK_INT(cache_list_rrsets(c, "Z1", &out, NULL, NULL), R53_OK);
	CHECK_INT(out.len, want.len);
	for (size_t i = 0; i < out.len && i < want.len; i++) {
		if (rrset_compare(out.items[i], want.items[i]) != 0) {
			CHECK_STR(out.items[i]->name, want.items[i]->name);
			CHECK_INT(out.items[i]->type, want.items[i]->type);
		}
	}
	rrset_list_done(&out);
	rrset_list_done(&want);
	cache_close(&c);
}

/* n rrsets "h<start..start+n-1>.example.com." A with value "10.0.0.<tag>" */
static void
fill(struct rrset_list *l, int start, int n, const char *value)
{
	char name[64];

	rrset_list_init(l);
	for (int i = start; i < start + n; i++) {
		snprintf(name, sizeof(name), "h%d.example.com.", i);
		rrset_list_take(l, rr(name, RR_A, 300, value, NULL), NULL);
	}
}

/* Pages are transactions; an interrupted sync keeps the old rows plus the pages written; only
 * a complete listing removes what disappeared. */
static void
sync_interrupted_and_complete(void)
{
	const char *path = tpath("sync.db");
	struct cache *c = open_ok(path, "default");
	struct rrset_list page, out;
	struct r53_error err = { 0 };
	int64_t synced1 = 0, synced2 = 0;
	long idx;

	if (!c)
		{ CHECK(c != NULL); return; }
	CHECK_INT(put_zones(c, 1, "Z1", "example.com."), R53_OK);
	/* A first complete sync in three pages: h0..h29. */
	CHECK_INT(cache_sync_begin(c, "Z1", NULL), R53_OK);
	for (int p = 0; p < 3; p++) {
		fill(&page, p * 10, 10, "10.0.0.1");
		CHECK_INT(cache_sync_page(c, "Z1", &page, NULL), R53_OK);
		rrset_list_done(&page);
	}
	{
		int64_t t = -1;

		CHECK_INT(cache_zone_synced_at(c, "Z1", &t, NULL), R53_OK);
		CHECK_INT(t, 0); /* begun, not complete */
		CHECK_INT(cache_sync_end(c, "Z1", true, NULL), R53_OK);
		CHECK_INT(cache_zone_synced_at(c, "Z1", &t, NULL), R53_OK);
		CHECK(t > 0);
		CHECK_INT(cache_zone_synced_at(c, "Z404", &t, NULL), R53_OK);
		CHECK_INT(t, 0);
	}
	CHECK_INT(count_rrsets(c, "Z1"), 30);
	rrset_list_init(&out);
	cache_list_rrsets(c, "Z1", &out, &synced1, NULL);
	rrset_list_done(&out);
	CHECK(synced1 > 0);

	/* A second sync: one page of new values (h0..h9 changed, h100 new), then a page that
	 * fails halfway (a nameless rrset): none of that page may be written. Then the process
	 * "dies": no end. */
	CHECK_INT(cache_sync_begin(c, "Z1", NULL), R53_OK);
	fill(&page, 0, 10, "10.0.0.2");
	rrset_list_take(&page, rr("h100.example.com.", RR_A, 300, "10.0.0.2", NULL), NULL);
	CHECK_INT(cache_sync_page(c, "Z1", &page, NULL), R53_OK);
	rrset_list_done(&page);
	fill(&page, 200, 5, "10.0.0.3");
	free(page.items[4]->name);
	page.items[4]->name = NULL;
	CHECK_INT(cache_sync_page(c, "Z1", &page, &err), R53_INVALID);
	rrset_list_done(&page);
	cache_close(&c);

	c = open_ok(path, "default");
	if (!c)
		{ CHECK(c != NULL); return; }
	rrset_list_init(&out);
	CHECK_INT(cache_list_rrsets(c, "Z1", &out, &synced2, NULL), R53_OK);
	CHECK_INT(out.len, 31); /* h0..h29 kept, h100 added, no h200..h204 */
	CHECK_INT(synced2, synced1); /* still the last complete listing */
	idx = rrset_list_find(&out, "h5.example.com.", RR_A, NULL);
	CHECK(idx >= 0);
	if (idx >= 0)
		CHECK_STR(out.items[idx]->values[0], "10.0.0.2");
	idx = rrset_list_find(&out, "h15.example.com.", RR_A, NULL);
	CHECK(idx >= 0);
	if (idx >= 0)
		CHECK_STR(out.items[idx]->values[0], "10.0.0.1");
	CHECK(rrset_list_find(&out, "h200.example.com.", RR_A, NULL) < 0);
	rrset_list_done(&out);

	/* A complete listing that no longer has h10..h29: they go. */
	CHECK_INT(cache_sync_begin(c, "Z1", NULL), R53_OK);
	fill(&page, 0, 10, "10.0.0.4");
	CHECK_INT(cache_sync_page(c, "Z1", &page, NULL), R53_OK);
	rrset_list_done(&page);
	CHECK_INT(cache_sync_end(c, "Z1", true, NULL), R53_OK);
	CHECK_INT(count_rrsets(c, "Z1"), 10);

	/* A page without a begun sync is refused. */
	r53_error_clear(&err);
	fill(&page, 0, 1, "10.0.0.5");
	CHECK_INT(cache_sync_page(c, "Z9", &page, &err), R53_INVALID);
	rrset_list_done(&page);
	cache_close(&c);
}

/* A zone gone from the zone list takes its record sets along; apply_changes writes a batch. */
static void
zones_replace_and_apply(void)
{
	struct cache *c = open_ok(":memory:", "default");
	struct rrset_list l;
	struct zone *zs = NULL;
	size_t n = 0;
	int64_t synced = 0;
	struct change_batch b;

	if (!c)
		{ CHECK(c != NULL); return; }
	CHECK_INT(cache_list_zones(c, &zs, &n, &synced, NULL), R53_OK);
	CHECK_INT(n, 0);
	CHECK_INT(synced, 0);
	free(zs);
	CHECK_INT(put_zones(c, 3, "Z2", "b.example.", "/hostedzone/Z1", "a.example.", "Z3",
			    "c.example."),
		  R53_OK);
	fill(&l, 0, 3, "192.0.2.1");
	CHECK_INT(sync_all(c, "Z2", &l), R53_OK);
	CHECK_INT(cache_list_zones(c, &zs, &n, &synced, NULL), R53_OK);
	CHECK_INT(n, 3);
	CHECK(synced > 0);
	if (n == 3) {
		CHECK_STR(zs[0].name, "a.example.");
		CHECK_STR(zs[1].name, "b.example.");
		CHECK_STR(zs[2].id, "Z3");
	}
	for (size_t i = 0; i < n; i++)
		zone_done(&zs[i]);
	free(zs);

	change_batch_init(&b);
	change_batch_take(&b, CHANGE_DELETE, rr("h0.example.com.", RR_A, 300, "192.0.2.1", NULL),
			  NULL);
	change_batch_take(&b, CHANGE_CREATE, rr("new.example.com.", RR_A, 300, "192.0.2.9", NULL),
			  NULL);
	change_batch_take(&b, CHANGE_UPSERT, rr("h1.example.com.", RR_A, 60, "192.0.2.8", NULL),
			  NULL);
	CHECK_INT(cache_apply_changes(c, "Z2", &b, NULL), R53_OK);
	change_batch_done(&b);
	rrset_list_init(&l);
	cache_list_rrsets(c, "Z2", &l, NULL, NULL);
	CHECK_INT(l.len, 3);
	CHECK(rrset_list_find(&l, "h0.example.com.", RR_A, NULL) < 0);
	CHECK(rrset_list_find(&l, "new.example.com.", RR_A, NULL) >= 0);
	if (rrset_list_find(&l, "h1.example.com.", RR_A, NULL) >= 0)
		CHECK_INT(l.items[rrset_list_find(&l, "h1.example.com.", RR_A, NULL)]->ttl, 60);
	rrset_list_done(&l);

	/* Z2 disappears remotely. */
	CHECK_INT(put_zones(c, 2, "Z1", "a.example.", "Z3", "c.example."), R53_OK);
	CHECK_INT(count_rrsets(c, "Z2"), 0);
	CHECK_INT(cache_list_zones(c, &zs, &n, NULL, NULL), R53_OK);
	CHECK_INT(n, 2);
	for (size_t i = 0; i < n; i++)
		zone_done(&zs[i]);
	free(zs);
	CHECK_INT(cache_delete_zone(c, "Z3", NULL), R53_OK);
	CHECK_INT(cache_list_zones(c, &zs, &n, NULL, NULL), R53_OK);
	CHECK_INT(n, 1);
	for (size_t i = 0; i < n; i++)
		zone_done(&zs[i]);
	free(zs);
	cache_close(&c);
}

/* Two profiles (or two endpoints) in one file never see each other's data. */
static void
namespaces_do_not_mix(void)
{
	const char *path = tpath("ns.db");
	struct cache *a = open_ok(path, "prod"), *b = open_ok(path, "dev"), *e = NULL;
	struct rrset_list l;
	struct zone *zs;
	size_t n;
	struct search_hit *hits;
	struct staged_edit *edits;
	struct rrset *r;

	if (!a || !b) {
		cache_close(&a);
		cache_close(&b);
		{ CHECK(a && b); return; }
	}
	cache_open(path, "prod", "http://127.0.0.1:9999", &e, NULL);
	CHECK(e != NULL);
	CHECK_INT(put_zones(a, 1, "Z1", "prod.example."), R53_OK);
	CHECK_INT(put_zones(b, 1, "Z1", "dev.example."), R53_OK);
	fill(&l, 0, 5, "192.0.2.1");
	CHECK_INT(sync_all(a, "Z1", &l), R53_OK);
	CHECK_INT(count_rrsets(b, "Z1"), 0);
	CHECK_INT(count_rrsets(a, "Z1"), 5);
	CHECK_INT(cache_list_zones(b, &zs, &n, NULL, NULL), R53_OK);
	CHECK_INT(n, 1);
	if (n)
		CHECK_STR(zs[0].name, "dev.example.");
	for (size_t i = 0; i < n; i++)
		zone_done(&zs[i]);
	free(zs);
	if (e) {
		CHECK_INT(cache_list_zones(e, &zs, &n, NULL, NULL), R53_OK);
		CHECK_INT(n, 0);
		free(zs);
	}
	CHECK_INT(cache_search(b, "h1.example", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 0);
	search_hits_free(hits, n);
	CHECK_INT(cache_search(a, "h1.example", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	search_hits_free(hits, n);
	r = rr("x.dev.example.", RR_A, 60, "192.0.2.1", NULL);
	CHECK_INT(cache_stage(b, "Z1", NULL, r, NULL, NULL), R53_OK);
	rrset_free(&r);
	CHECK_INT(cache_list_staged(a, NULL, &edits, &n, NULL), R53_OK);
	CHECK_INT(n, 0);
	free(edits);
	cache_close(&a);
	cache_close(&b);
	cache_close(&e);
}

/* Staged edits are on disk when cache_stage returns, and come back after a restart. */
static void
staged_edits_survive_reopen(void)
{
	const char *path = tpath("staged.db");
	struct cache *c = open_ok(path, "default");
	struct rrset *old = rr("www.example.com.", RR_A, 300, "192.0.2.1", NULL);
	struct rrset *neu = rr("www.example.com.", RR_A, 60, "192.0.2.2", NULL);
	struct rrset *gone = rr("old.example.com.", RR_CNAME, 300, "www.example.com.", NULL);
	struct staged_edit *e = NULL;
	size_t n = 0;
	int64_t id1 = 0, id2 = 0, id3 = 0;

	if (!c)
		{ CHECK(c != NULL); return; }
	CHECK_INT(cache_stage(c, "Z1", old, neu, &id1, NULL), R53_OK);
	CHECK_INT(cache_stage(c, "Z1", NULL, neu, &id2, NULL), R53_OK);
	CHECK_INT(cache_stage(c, "Z2", gone, NULL, &id3, NULL), R53_OK);
	CHECK(id1 > 0 && id2 > id1 && id3 > id2);
	CHECK_INT(cache_stage(c, "Z1", NULL, NULL, NULL, NULL), R53_INVALID);
	/* No cache_close: a crash. The handle is closed below only to free memory, after a
	 * second connection has read the edits from the file. */
	{
		struct cache *d = open_ok(path, "default");

		CHECK(d != NULL);
		if (d) {
			CHECK_INT(cache_list_staged(d, NULL, &e, &n, NULL), R53_OK);
			CHECK_INT(n, 3);
			if (n == 3) {
				CHECK_INT(e[0].id, id1);
				CHECK_STR(e[0].zone_id, "Z1");
				CHECK(e[0].old_rr && rrset_equal(e[0].old_rr, old));
				CHECK(e[0].new_rr && rrset_equal(e[0].new_rr, neu));
				CHECK(e[1].old_rr == NULL);
				CHECK(e[2].new_rr == NULL && e[2].old_rr &&
				      rrset_equal(e[2].old_rr, gone));
				CHECK(e[0].created_at > 0);
			}
			for (size_t i = 0; i < n; i++)
				staged_edit_done(&e[i]);
			free(e);
			cache_close(&d);
		}
	}
	cache_close(&c);
	c = open_ok(path, "default");
	if (!c)
		goto out;
	CHECK_INT(cache_list_staged(c, "Z1", &e, &n, NULL), R53_OK);
	CHECK_INT(n, 2);
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&e[i]);
	free(e);
	CHECK_INT(cache_discard(c, id1, NULL, NULL), R53_OK);
	CHECK_INT(cache_list_staged(c, NULL, &e, &n, NULL), R53_OK);
	CHECK_INT(n, 2);
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&e[i]);
	free(e);
	CHECK_INT(cache_discard(c, 0, "Z2", NULL), R53_OK);
	CHECK_INT(cache_list_staged(c, NULL, &e, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&e[i]);
	free(e);
	CHECK_INT(cache_discard(c, 0, NULL, NULL), R53_OK);
	CHECK_INT(cache_list_staged(c, NULL, &e, &n, NULL), R53_OK);
	CHECK_INT(n, 0);
	free(e);
	cache_close(&c);
out:
	rrset_free(&old);
	rrset_free(&neu);
	rrset_free(&gone);
}

/* A group of staged edits reaches the file whole or not at all: another connection sees none
 * of it until the group ends; rolled back, none is left; a second group cannot open inside. */
static size_t
staged_n(struct cache *c)
{
	struct staged_edit *e = NULL;
	size_t n = 0;

	if (cache_list_staged(c, NULL, &e, &n, NULL) != R53_OK)
		return (size_t)-1;
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&e[i]);
	free(e);
	return n;
}

static void
staged_group_all_or_nothing(void)
{
	const char *path = tpath("group.db");
	struct cache *c = open_ok(path, "default"), *d = NULL;
	struct rrset *a = rr("a.example.com.", RR_A, 300, "192.0.2.1", NULL);
	struct rrset *b = rr("b.example.com.", RR_A, 300, "192.0.2.2", NULL);

	if (!c || !(d = open_ok(path, "default")))
		{ CHECK(c && d); goto out; }
	CHECK_INT(cache_stage_group_end(c, true, NULL), R53_INVALID);
	CHECK_INT(cache_stage_group_begin(c, NULL), R53_OK);
	CHECK_INT(cache_stage_group_begin(c, NULL), R53_INVALID);
	CHECK_INT(cache_stage(c, "Z1", NULL, a, NULL, NULL), R53_OK);
	CHECK_INT(cache_stage(c, "Z1", b, NULL, NULL, NULL), R53_OK);
	CHECK_INT(staged_n(c), 2);  /* the group sees its own edits */
	CHECK_INT(cache_stage_group_end(c, false, NULL), R53_OK);
	CHECK_INT(staged_n(c), 0);
	CHECK_INT(staged_n(d), 0);
	CHECK_INT(cache_stage_group_begin(c, NULL), R53_OK);
	CHECK_INT(cache_stage(c, "Z1", NULL, a, NULL, NULL), R53_OK);
	CHECK_INT(cache_stage(c, "Z1", b, NULL, NULL, NULL), R53_OK);
	CHECK_INT(staged_n(d), 0);  /* not before the end */
	CHECK_INT(cache_stage_group_end(c, true, NULL), R53_OK);
	CHECK_INT(staged_n(d), 2);
	/* After a group, single edits are durable on their own again. */
	CHECK_INT(cache_discard(c, 0, NULL, NULL), R53_OK);
	CHECK_INT(staged_n(d), 0);
out:
	cache_close(&d);
	cache_close(&c);
	rrset_free(&a);
	rrset_free(&b);
}

/* A staged edit remembers the rrset it began from: a sync that brings someone else's change
 * to it shows as a conflict. */
static void
staged_edit_conflict(void)
{
	struct cache *c = open_ok(":memory:", "default");
	struct rrset_list l;
	struct rrset *old = rr("www.example.com.", RR_A, 300, "192.0.2.1", NULL);
	struct rrset *neu = rr("www.example.com.", RR_A, 60, "192.0.2.1", NULL);
	struct rrset *cur = NULL;
	struct staged_edit *e = NULL;
	size_t n = 0;
	bool changed = true;

	if (!c) {
		CHECK(c != NULL);
		goto out;
	}
	rrset_list_init(&l);
	rrset_list_take(&l, rrset_dup(old), NULL);
	CHECK_INT(sync_all(c, "Z1", &l), R53_OK);
	CHECK_INT(cache_stage(c, "Z1", old, neu, NULL, NULL), R53_OK);
	{
		struct rrset *create = rr("new.example.com.", RR_A, 60, "192.0.2.3", NULL);

		CHECK_INT(cache_stage(c, "Z1", NULL, create, NULL, NULL), R53_OK);
		rrset_free(&create);
	}
	CHECK_INT(cache_list_staged(c, NULL, &e, &n, NULL), R53_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(cache_staged_check(c, &e[0], &changed, NULL, NULL), R53_OK);
		CHECK(!changed);
		CHECK_INT(cache_staged_check(c, &e[1], &changed, NULL, NULL), R53_OK);
		CHECK(!changed);
		/* Someone else changes www's value and creates new; our sync brings both. */
		rrset_list_init(&l);
		rrset_list_take(&l, rr("www.example.com.", RR_A, 300, "192.0.2.2", NULL), NULL);
		rrset_list_take(&l, rr("new.example.com.", RR_A, 60, "192.0.2.4", NULL), NULL);
		CHECK_INT(sync_all(c, "Z1", &l), R53_OK);
		CHECK_INT(cache_staged_check(c, &e[0], &changed, &cur, NULL), R53_OK);
		CHECK(changed);
		CHECK(cur && cur->nvalues == 1 && !strcmp(cur->values[0], "192.0.2.2"));
		rrset_free(&cur);
		CHECK_INT(cache_staged_check(c, &e[1], &changed, NULL, NULL), R53_OK);
		CHECK(changed);
	}
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&e[i]);
	free(e);
	cache_close(&c);
out:
	rrset_free(&old);
	rrset_free(&neu);
}

/* The batch journal: SENDING before the request, listed for reconciliation after a restart,
 * then the change id and status; the inverse of the last batch is there for a rollback. */
static void
batch_journal_and_reconcile(void)
{
	const char *path = tpath("batches.db");
	struct cache *c = open_ok(path, "prod");
	struct change_batch b, inv;
	struct applied_batch *bs = NULL, last;
	size_t n = 0;
	int64_t id1 = 0, id2 = 0;
	bool found = false;
	struct r53_error err = { 0 };
	struct rrset *old = rr("www.example.com.", RR_A, 300, "192.0.2.1", NULL);
	struct rrset *neu = rr("www.example.com.", RR_A, 300, "192.0.2.2", NULL);

	if (!c)
		{ CHECK(c != NULL); return; }
	change_batch_init(&b);
	change_batch_init(&inv);
	change_batch_add_edit(&b, old, neu, NULL);
	change_batch_add_edit(&inv, neu, old, NULL);
	b.comment = strdup("r53: www TTL");
	CHECK_INT(cache_batch_begin(c, "Z1", &b, &inv, &id1, NULL), R53_OK);
	CHECK_INT(cache_batch_update(c, id1, "/change/C111", "PENDING", NULL), R53_OK);
	CHECK_INT(cache_batch_begin(c, "Z1", &inv, &b, &id2, NULL), R53_OK);
	cache_close(&c); /* the process dies while the second request is in flight */

	c = open_ok(path, "prod");
	if (!c)
		goto out;
	CHECK_INT(cache_list_unreconciled(c, &bs, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(bs[0].id, id2);
		CHECK_STR(bs[0].status, "SENDING");
		CHECK(bs[0].change_id == NULL);
		CHECK_INT(bs[0].batch.len, 2);
		CHECK_INT(bs[0].inverse.len, 2);
	}
	applied_batches_free(bs, n);
	CHECK_INT(cache_list_batches_status(c, "PENDING", &bs, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(bs[0].change_id, "C111");
		CHECK_STR(bs[0].batch.comment, "r53: www TTL");
		CHECK_INT(bs[0].batch.changes[0].action, CHANGE_DELETE);
		CHECK(rrset_equal(bs[0].batch.changes[0].rr, old));
		CHECK_INT(bs[0].batch.changes[1].action, CHANGE_CREATE);
		CHECK(rrset_equal(bs[0].inverse.changes[1].rr, old));
	}
	applied_batches_free(bs, n);
	/* Reconciled: the second batch never reached Route 53. */
	CHECK_INT(cache_batch_update(c, id2, NULL, "FAILED", NULL), R53_OK);
	CHECK_INT(cache_batch_update(c, id1, NULL, "INSYNC", NULL), R53_OK);
	CHECK_INT(cache_list_unreconciled(c, &bs, &n, NULL), R53_OK);
	CHECK_INT(n, 0);
	free(bs);
	CHECK_INT(cache_list_batches(c, "Z1", &bs, &n, NULL), R53_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(bs[0].id, id2); /* newest first */
		CHECK_STR(bs[1].status, "INSYNC");
		CHECK_STR(bs[1].change_id, "C111"); /* kept when the update gives none */
		CHECK(bs[1].submitted_at > 0);
	}
	applied_batches_free(bs, n);
	CHECK_INT(cache_last_batch(c, "Z1", &last, &found, NULL), R53_OK);
	CHECK(found);
	if (found) {
		CHECK_INT(last.id, id1); /* the FAILED one is skipped */
		CHECK_INT(last.inverse.len, 2);
		applied_batch_done(&last);
	}
	CHECK_INT(cache_last_batch(c, "Z9", &last, &found, NULL), R53_OK);
	CHECK(!found);
	CHECK_INT(cache_batch_update(c, id1, NULL, "DONE", &err), R53_INVALID);
	r53_error_clear(&err);
	CHECK_INT(cache_batch_update(c, 9999, NULL, "INSYNC", &err), R53_INVALID);
	cache_close(&c);
	/* Another profile does not see (or reconcile) this one's batches. */
	c = open_ok(path, "dev");
	if (c) {
		CHECK_INT(cache_list_batches(c, NULL, &bs, &n, NULL), R53_OK);
		CHECK_INT(n, 0);
		free(bs);
		cache_close(&c);
	}
out:
	change_batch_done(&b);
	change_batch_done(&inv);
	rrset_free(&old);
	rrset_free(&neu);
}

/* Loose modes on the file, -wal, -shm and r53's own directory are fixed, with a warning. */
static void
permissions_fixed_with_warning(void)
{
	char xdg[300], dir[320], path[340], wal[350];
	struct cache *c;
	mode_t old = umask(022);

	snprintf(xdg, sizeof(xdg), "%s/xdg", tmp);
	snprintf(dir, sizeof(dir), "%s/r53", xdg);
	snprintf(path, sizeof(path), "%s/cache.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	setenv("XDG_CACHE_HOME", xdg, 1);
	{
		char def[512];

		CHECK_INT(cache_default_path(def, sizeof(def), NULL), R53_OK);
		CHECK_STR(def, path);
	}
	/* A new cache: created 0700 / 0600 whatever the umask, and no warning. */
	c = open_ok(path, "default");
	CHECK(c != NULL);
	CHECK(cache_warning(c) == NULL);
	CHECK_INT(file_mode(dir), 0700);
	CHECK_INT(file_mode(path), 0600);
	CHECK_INT(file_mode(wal), 0600);
	cache_close(&c);

	chmod(dir, 0755);
	chmod(path, 0644);
	c = open_ok(path, "default");
	CHECK(c != NULL);
	CHECK(cache_warning(c) != NULL);
	if (cache_warning(c)) {
		CHECK(strstr(cache_warning(c), "mode 0644; set to 0600") != NULL);
		CHECK(strstr(cache_warning(c), "mode 0755; set to 0700") != NULL);
	}
	CHECK_INT(file_mode(dir), 0700);
	CHECK_INT(file_mode(path), 0600);
	/* The -wal left loose by someone else is fixed on the next open. */
	chmod(wal, 0666);
	{
		struct cache *d = open_ok(path, "default");

		CHECK(d && cache_warning(d) && strstr(cache_warning(d), "-wal was mode 0666"));
		CHECK_INT(file_mode(wal), 0600);
		cache_close(&d);
	}
	cache_close(&c);
	unsetenv("XDG_CACHE_HOME");
	umask(old);
}

static void
default_path(void)
{
	char out[512];
	struct r53_error err = { 0 };
	const char *home = getenv("HOME");
	char *saved = home ? strdup(home) : NULL;

	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	CHECK_INT(cache_default_path(out, sizeof(out), NULL), R53_OK);
	CHECK_STR(out, "/x/cache/r53/cache.db");
	setenv("XDG_CACHE_HOME", "relative", 1); /* invalid per the XDG spec: ignored */
	setenv("HOME", "/home/u", 1);
	CHECK_INT(cache_default_path(out, sizeof(out), NULL), R53_OK);
	CHECK_STR(out, "/home/u/.cache/r53/cache.db");
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	CHECK_INT(cache_default_path(out, sizeof(out), &err), R53_CACHE);
	CHECK(strstr(err.text, "--cache") != NULL);
	r53_error_clear(&err);
	setenv("HOME", "/home/u", 1);
	CHECK_INT(cache_default_path(out, 10, &err), R53_CACHE);
	if (saved)
		setenv("HOME", saved, 1);
	free(saved);
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

/* A file that is not a database, or a damaged one, is set aside with a clear error; the next
 * open starts afresh. */
static void
corrupt_file_set_aside(void)
{
	const char *path = tpath("junk.db");
	struct cache *c = NULL;
	struct r53_error err = { 0 };
	char junk[8192];

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i * 7 + 3);
	write_file(path, "this is not a database at all\n", 30);
	CHECK_INT(cache_open(path, "default", EP, &c, &err), R53_CACHE);
	CHECK(c == NULL);
	CHECK(strstr(err.text, "is not an r53 cache (it is not an SQLite database)") != NULL);
	CHECK(strstr(err.text, "moved it to") != NULL);
	CHECK(access(path, F_OK) != 0);
	CHECK(*find_aside("junk.db"));
	c = open_ok(path, "default");
	CHECK(c != NULL);
	cache_close(&c);

	/* SQLite's header, then garbage. */
	path = tpath("junk2.db");
	memcpy(junk, "SQLite format 3", 16);
	write_file(path, junk, sizeof(junk));
	r53_error_clear(&err);
	CHECK_INT(cache_open(path, "default", EP, &c, &err), R53_CACHE);
	CHECK(c == NULL);
	CHECK(strstr(err.text, "is not an r53 cache") != NULL);
	CHECK(strstr(err.text, "moved it to") != NULL);
	CHECK(access(path, F_OK) != 0);
	CHECK(*find_aside("junk2.db"));
}

/* A cache damaged inside (a data page overwritten) fails with a clear error when read and is
 * set aside when closed. */
static void
damaged_pages_set_aside(void)
{
	const char *path = tpath("damaged.db");
	struct cache *c = open_ok(path, "default");
	struct rrset_list l;
	struct r53_error err = { 0 };
	char junk[4096];
	int fd;
	enum r53_code rc;

	if (!c)
		{ CHECK(c != NULL); return; }
	fill(&l, 0, 2000, "192.0.2.1");
	CHECK_INT(sync_all(c, "Z1", &l), R53_OK);
	cache_close(&c);
	{
		/* Fold the WAL into the file so the pages we overwrite are the live ones. */
		sqlite3 *db;

		sqlite3_open(path, &db);
		sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
		sqlite3_close(db);
	}
	memset(junk, 0x5a, sizeof(junk));
	fd = open(path, O_WRONLY);
	for (int page = 3; page < 60; page += 2)
		CHECK(pwrite(fd, junk, sizeof(junk), (off_t)page * 4096) == sizeof(junk));
	close(fd);
	rc = cache_open(path, "default", EP, &c, &err);
	if (rc == R53_OK) {
		rrset_list_init(&l);
		rc = cache_list_rrsets(c, "Z1", &l, NULL, &err);
		rrset_list_done(&l);
		CHECK_INT(rc, R53_CACHE);
		CHECK(strstr(err.text, "is damaged") != NULL);
		cache_close(&c);
	} else {
		CHECK(strstr(err.text, "moved it to") != NULL);
	}
	CHECK(access(path, F_OK) != 0);
	CHECK(*find_aside("damaged.db"));
}

/* Another program's SQLite database is not used (nor changed): set aside. A cache from a newer
 * r53 is refused and left alone. */
static void
foreign_and_newer_files(void)
{
	const char *path = tpath("foreign.db");
	struct cache *c = NULL;
	struct r53_error err = { 0 };
	sqlite3 *db;

	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE mail(id INTEGER PRIMARY KEY, body TEXT);"
			 "INSERT INTO mail(body) VALUES('hello')",
		     NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK_INT(cache_open(path, "default", EP, &c, &err), R53_CACHE);
	CHECK(c == NULL);
	CHECK(strstr(err.text, "another program's SQLite database") != NULL);
	CHECK(access(path, F_OK) != 0);
	CHECK(*find_aside("foreign.db"));

	path = tpath("newer.db");
	c = open_ok(path, "default");
	cache_close(&c);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL);
	sqlite3_close(db);
	r53_error_clear(&err);
	CHECK_INT(cache_open(path, "default", EP, &c, &err), R53_CACHE);
	CHECK(c == NULL);
	CHECK(strstr(err.text, "newer r53") != NULL);
	CHECK(access(path, F_OK) == 0);
}

/* One integer from @sql run on the file at @path (-1 when it fails). */
static int64_t
file_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The shape of a file's schema as one string (caller frees; NULL on failure): every table's
 * and index's name, table, columns (name, type, NOT NULL, default, key position), rowid or
 * not. Not the CREATE text, which a renamed table keeps in another spelling. */
static char *
schema_shape(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *out = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	if (sqlite3_prepare_v2(
		    db,
		    "SELECT group_concat(line, char(10)) FROM ("
		    " SELECT m.type || ' ' || m.name || ' on ' || m.tbl_name || ' wr='"
		    "  || coalesce((SELECT wr FROM pragma_table_list WHERE name=m.name), '-') ||"
		    "  ' (' || coalesce((SELECT group_concat(c, ', ') FROM (SELECT p.name || ' '"
		    "  || p.type || ' nn=' || p.\"notnull\" || ' d=' || coalesce(p.dflt_value, '')"
		    "  || ' pk=' || p.pk AS c FROM pragma_table_xinfo(m.name) p ORDER BY p.cid)),"
		    "  (SELECT group_concat(c, ', ') FROM (SELECT coalesce(x.name, '') || ' desc='"
		    "  || x.desc || ' key=' || x.key AS c FROM pragma_index_xinfo(m.name) x"
		    "  ORDER BY x.seqno))) || ')' AS line"
		    " FROM sqlite_schema m WHERE m.type IN ('table', 'index') ORDER BY m.name)",
		    -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

/* A new file is created with the current schema in one step (cache.c's fresh_schema): its
 * tables are the ones a file migrated from version 1 or 2 ends up with. */
static void
fresh_schema_is_migrated_schema(int version)
{
	const char *fresh = tpath("fresh-shape.db");
	struct cache *c = open_ok(fresh, "default");
	char *a, *b;

	cache_close(&c);
	a = schema_shape(fresh);
	b = schema_shape(tpath(version == 1 ? "schema1.db" : "schema2.db"));
	CHECK(a && b && strlen(a) > 500);
	if (a && b && strcmp(a, b))
		fprintf(stderr, "fresh schema:\n%s\nmigrated from %d:\n%s\n", a, version, b);
	CHECK(a && b && !strcmp(a, b));
	free(a);
	free(b);
}

/* The schema r53 wrote as version 1 (cache.c's first migration, as it was). */
static const char old_schema1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE namespaces(id INTEGER PRIMARY KEY, profile TEXT NOT NULL,"
	" endpoint TEXT NOT NULL, zones_synced_at INTEGER NOT NULL DEFAULT 0,"
	" zones_gen INTEGER NOT NULL DEFAULT 0, domains_synced_at INTEGER NOT NULL DEFAULT 0,"
	" health_synced_at INTEGER NOT NULL DEFAULT 0, UNIQUE(profile, endpoint));"
	"CREATE TABLE zones(ns INTEGER NOT NULL REFERENCES namespaces(id), id TEXT NOT NULL,"
	" name TEXT NOT NULL, sort_key BLOB NOT NULL, data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL, gen INTEGER NOT NULL, PRIMARY KEY(ns, id));"
	"CREATE TABLE zone_sync(ns INTEGER NOT NULL, zone_id TEXT NOT NULL, gen INTEGER NOT NULL,"
	" started_at INTEGER NOT NULL, synced_at INTEGER NOT NULL, PRIMARY KEY(ns, zone_id));"
	"CREATE TABLE rrsets(id INTEGER PRIMARY KEY, ns INTEGER NOT NULL, zone_id TEXT NOT NULL,"
	" name TEXT NOT NULL, type TEXT NOT NULL, set_id TEXT NOT NULL, sort_key BLOB NOT NULL,"
	" search TEXT NOT NULL, data TEXT NOT NULL, read_at INTEGER NOT NULL,"
	" gen INTEGER NOT NULL, UNIQUE(ns, zone_id, name, type, set_id));"
	"CREATE INDEX rrsets_order ON rrsets(ns, zone_id, sort_key, type, set_id);"
	"CREATE TABLE domains(ns INTEGER NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,"
	" read_at INTEGER NOT NULL, gen INTEGER NOT NULL, PRIMARY KEY(ns, name));"
	"CREATE TABLE health_checks(ns INTEGER NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,"
	" status INTEGER NOT NULL DEFAULT -1, read_at INTEGER NOT NULL,"
	" status_read_at INTEGER NOT NULL DEFAULT 0, gen INTEGER NOT NULL, PRIMARY KEY(ns, id));"
	"CREATE TABLE staged(id INTEGER PRIMARY KEY AUTOINCREMENT, ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL, old_rr TEXT, new_rr TEXT, created_at INTEGER NOT NULL);"
	"CREATE TABLE batches(id INTEGER PRIMARY KEY AUTOINCREMENT, ns INTEGER NOT NULL,"
	" zone_id TEXT NOT NULL, change_id TEXT, status TEXT NOT NULL,"
	" submitted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, profile TEXT NOT NULL,"
	" endpoint TEXT NOT NULL, batch TEXT NOT NULL, inverse TEXT NOT NULL);"
	"CREATE INDEX batches_zone ON batches(ns, zone_id, id);";

/* Writes a cache file as r53 wrote schema @version (1: with the FTS5 trigram index and its
 * triggers; 2: without, the search text in rrsets_order): zone Z1 example.com. holding
 * h0..h5.example.com. A 192.0.2.7, synced, and one staged edit. The rows' sort keys are
 * deliberately not what serial_sort_key() gives: the migration computes them afresh. */
static bool
old_file(const char *path, int version)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	bool ok;
	char sql[160];

	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return false;
	ok = sqlite3_exec(db, old_schema1, NULL, NULL, NULL) == SQLITE_OK;
	if (ok && version == 1)
		ok = sqlite3_exec(db,
				  "CREATE VIRTUAL TABLE rrsets_fts USING fts5(search, content='rrsets',"
				  " content_rowid='id', tokenize='trigram');"
				  "CREATE TRIGGER rrsets_fts_ins AFTER INSERT ON rrsets BEGIN"
				  " INSERT INTO rrsets_fts(rowid, search) VALUES(new.id, new.search); END;"
				  "CREATE TRIGGER rrsets_fts_del AFTER DELETE ON rrsets BEGIN"
				  " INSERT INTO rrsets_fts(rrsets_fts, rowid, search)"
				  " VALUES('delete', old.id, old.search); END;"
				  "CREATE TRIGGER rrsets_fts_upd AFTER UPDATE OF search ON rrsets"
				  " WHEN old.search IS NOT new.search BEGIN"
				  " INSERT INTO rrsets_fts(rrsets_fts, rowid, search)"
				  " VALUES('delete', old.id, old.search);"
				  " INSERT INTO rrsets_fts(rowid, search) VALUES(new.id, new.search); END;"
				  "INSERT INTO meta(key, value) VALUES('search', 'fts5-trigram');",
				  NULL, NULL, NULL) == SQLITE_OK;
	if (ok && version == 2)
		ok = sqlite3_exec(db,
				  "DROP INDEX rrsets_order; CREATE INDEX rrsets_order ON"
				  " rrsets(ns, zone_id, sort_key, type, set_id, search);",
				  NULL, NULL, NULL) == SQLITE_OK;
	ok = ok && sqlite3_exec(db,
				"INSERT INTO namespaces(id, profile, endpoint, zones_synced_at,"
				" zones_gen) VALUES(1, 'default', '" EP "', 1700000000, 1);"
				"INSERT INTO zones VALUES(1, 'Z1', 'example.com.', x'00',"
				" '{\"id\":\"Z1\",\"name\":\"example.com.\"}', 1700000000, 1);"
				"INSERT INTO zone_sync VALUES(1, 'Z1', 1, 1700000000, 1700000000);"
				"INSERT INTO staged(ns, zone_id, old_rr, new_rr, created_at)"
				" VALUES(1, 'Z1', NULL, '{\"name\":\"new.example.com.\",\"type\":\"A\","
				"\"ttl\":60,\"values\":[\"192.0.2.99\"]}', 1700000000);",
				NULL, NULL, NULL) == SQLITE_OK;
	ok = ok && sqlite3_prepare_v2(db,
				      "INSERT INTO rrsets(ns, zone_id, name, type, set_id, sort_key,"
				      " search, data, read_at, gen) VALUES(1, 'Z1', ?1, 'A', '',"
				      " x'7a7a', ?2, ?3, 1700000000, 1)",
				      -1, &st, NULL) == SQLITE_OK;
	for (int i = 0; ok && i < 6; i++) {
		char name[32];
		struct rrset *r;
		char *data, *search;

		snprintf(name, sizeof(name), "h%d.example.com.", i);
		r = rr(name, RR_A, 300, "192.0.2.7", NULL);
		data = serial_rrset(r, NULL);
		search = serial_search_text(r, NULL);
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, search, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, data, -1, SQLITE_TRANSIENT);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
		free(data);
		free(search);
		rrset_free(&r);
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d",
		 CACHE_APPLICATION_ID, version);
	ok = ok && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(db);
	return ok;
}

/* A cache written as schema @version opens, migrated to the current schema in place: its record sets
 * (in Route 53 order, found by name), staged edit and zone kept, the FTS index gone; search,
 * a resync that leaves rows unchanged, an interrupted sync and a complete one that removes
 * what vanished all work on it. */
static void
old_schema_migrates(int version)
{
	const char *path = tpath(version == 1 ? "schema1.db" : "schema2.db");
	struct cache *c;
	struct rrset_list l;
	struct rrset *got = NULL;
	struct search_hit *hits;
	struct staged_edit *e;
	size_t n = 0;

	CHECK(old_file(path, version));
	CHECK_INT(file_int(path, "PRAGMA user_version"), version);
	c = open_ok(path, "default");
	if (!c)
		{ CHECK(c != NULL); return; }
	CHECK_INT(file_int(path, "PRAGMA user_version"), CACHE_SCHEMA_VERSION);
	CHECK_INT(file_int(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'rrsets_fts%'"),
		  0);
	CHECK_INT(file_int(path, "SELECT count(*) FROM rrsets WHERE sort_key=x'7a7a'"), 0);
	CHECK_INT(count_rrsets(c, "Z1"), 6);
	CHECK_INT(cache_get_rrset(c, "Z1", "h3.example.com.", RR_A, NULL, &got, NULL), R53_OK);
	CHECK(got != NULL);
	if (got)
		CHECK_STR(got->values[0], "192.0.2.7");
	rrset_free(&got);
	CHECK_INT(cache_list_staged(c, "Z1", &e, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&e[i]);
	free(e);
	CHECK_INT(cache_search(c, "192.0.2.7", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 6);
	if (n == 6) {
		CHECK_STR(hits[0].rr->name, "h0.example.com.");
		CHECK_STR(hits[0].zone_name, "example.com.");
	}
	search_hits_free(hits, n);
	/* The same rows again: nothing rewritten (the old generation stays), nothing doubled. */
	fill(&l, 0, 6, "192.0.2.7");
	CHECK_INT(sync_all(c, "Z1", &l), R53_OK);
	CHECK_INT(count_rrsets(c, "Z1"), 6);
	CHECK_INT(file_int(path, "SELECT count(*) FROM rrsets WHERE gen=1"), 6);
	/* Interrupted: nothing goes. */
	CHECK_INT(cache_sync_begin(c, "Z1", NULL), R53_OK);
	fill(&l, 0, 2, "192.0.2.8");
	CHECK_INT(cache_sync_page(c, "Z1", &l, NULL), R53_OK);
	rrset_list_done(&l);
	CHECK_INT(cache_sync_end(c, "Z1", false, NULL), R53_OK);
	CHECK_INT(count_rrsets(c, "Z1"), 6);
	/* Complete, with h0..h3 only: h4 and h5 go. */
	fill(&l, 0, 4, "192.0.2.8");
	CHECK_INT(sync_all(c, "Z1", &l), R53_OK);
	CHECK_INT(count_rrsets(c, "Z1"), 4);
	CHECK_INT(cache_search(c, "192.0.2.7", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 0);
	search_hits_free(hits, n);
	cache_close(&c);
	CHECK_INT(file_int(path, "SELECT count(*) FROM sync_seen"), 0);
	fresh_schema_is_migrated_schema(version);
}

static void
schema1_file_migrates(void)
{
	old_schema_migrates(1);
}

static void
schema2_file_migrates(void)
{
	old_schema_migrates(2);
}

/* A resync leaves the rows it finds unchanged as they are (no write: their generation stays),
 * rewrites the changed ones and adds the new ones; a complete one removes the rows no page
 * listed, keeps a row a batch wrote during the sync, and works when its pages and its end go
 * through two connections. */
static void
resync_skips_unchanged_rows(void)
{
	const char *path = tpath("resync.db");
	struct cache *a = open_ok(path, "default"), *b = open_ok(path, "default");
	struct rrset_list page, out;
	struct change_batch batch;
	int64_t gen_h0, gen_h1;
	long idx;

	if (!a || !b)
		{ CHECK(a && b); cache_close(&a); cache_close(&b); return; }
	CHECK_INT(put_zones(a, 1, "Z1", "example.com."), R53_OK);
	fill(&page, 0, 20, "10.0.0.1");
	CHECK_INT(sync_all(a, "Z1", &page), R53_OK);
	CHECK_INT(count_rrsets(a, "Z1"), 20);
	gen_h0 = file_int(path, "SELECT gen FROM rrsets WHERE name='h0.example.com.'");
	CHECK(gen_h0 > 0);

	/* Resync in two pages: h0..h9 unchanged, h10 changed, h11..h14 unchanged, h15..h19
	 * gone, h30 new. Meanwhile a batch creates h40 (not in the listing). The end goes
	 * through the other connection. */
	CHECK_INT(cache_sync_begin(a, "Z1", NULL), R53_OK);
	fill(&page, 0, 10, "10.0.0.1");
	CHECK_INT(cache_sync_page(a, "Z1", &page, NULL), R53_OK);
	rrset_list_done(&page);
	change_batch_init(&batch);
	change_batch_take(&batch, CHANGE_CREATE, rr("h40.example.com.", RR_A, 300, "10.0.0.4", NULL),
			  NULL);
	CHECK_INT(cache_apply_changes(b, "Z1", &batch, NULL), R53_OK);
	change_batch_done(&batch);
	fill(&page, 11, 4, "10.0.0.1");
	rrset_list_take(&page, rr("h10.example.com.", RR_A, 300, "10.0.0.2", NULL), NULL);
	rrset_list_take(&page, rr("h30.example.com.", RR_A, 300, "10.0.0.3", NULL), NULL);
	CHECK_INT(cache_sync_page(a, "Z1", &page, NULL), R53_OK);
	rrset_list_done(&page);
	CHECK_INT(count_rrsets(a, "Z1"), 22); /* nothing removed before the end */
	CHECK_INT(cache_sync_end(b, "Z1", true, NULL), R53_OK);

	CHECK_INT(count_rrsets(a, "Z1"), 17); /* h0..h14, h30, h40 */
	rrset_list_init(&out);
	CHECK_INT(cache_list_rrsets(a, "Z1", &out, NULL, NULL), R53_OK);
	CHECK(rrset_list_find(&out, "h15.example.com.", RR_A, NULL) < 0);
	CHECK(rrset_list_find(&out, "h19.example.com.", RR_A, NULL) < 0);
	CHECK(rrset_list_find(&out, "h30.example.com.", RR_A, NULL) >= 0);
	CHECK(rrset_list_find(&out, "h40.example.com.", RR_A, NULL) >= 0);
	idx = rrset_list_find(&out, "h10.example.com.", RR_A, NULL);
	CHECK(idx >= 0);
	if (idx >= 0)
		CHECK_STR(out.items[idx]->values[0], "10.0.0.2");
	rrset_list_done(&out);
	/* h0 was not rewritten; h10 was, with the new generation. */
	CHECK_INT(file_int(path, "SELECT gen FROM rrsets WHERE name='h0.example.com.'"), gen_h0);
	gen_h1 = file_int(path, "SELECT gen FROM rrsets WHERE name='h10.example.com.'");
	CHECK(gen_h1 > gen_h0);
	CHECK_INT(file_int(path, "SELECT count(*) FROM sync_seen"), 0);

	/* A search finds the changed value, not the old one, and the unchanged rows. */
	{
		struct search_hit *hits;
		size_t n = 0;

		CHECK_INT(cache_search(a, "10.0.0.2", NULL, &hits, &n, NULL), R53_OK);
		CHECK_INT(n, 1);
		search_hits_free(hits, n);
		CHECK_INT(cache_search(a, "10.0.0.1", NULL, &hits, &n, NULL), R53_OK);
		CHECK_INT(n, 14);
		search_hits_free(hits, n);
	}

	/* The same listing again, complete: nothing written but the bookkeeping, nothing lost;
	 * then an empty complete listing empties the zone. */
	fill(&page, 0, 15, "10.0.0.1");
	free(page.items[10]->values[0]);
	page.items[10]->values[0] = strdup("10.0.0.2");
	rrset_list_take(&page, rr("h30.example.com.", RR_A, 300, "10.0.0.3", NULL), NULL);
	CHECK_INT(sync_all(a, "Z1", &page), R53_OK);
	CHECK_INT(count_rrsets(a, "Z1"), 16); /* h40 was not listed this time */
	CHECK_INT(file_int(path, "SELECT gen FROM rrsets WHERE name='h10.example.com.'"), gen_h1);
	rrset_list_init(&page);
	CHECK_INT(sync_all(a, "Z1", &page), R53_OK);
	CHECK_INT(count_rrsets(a, "Z1"), 0);
	cache_close(&a);
	cache_close(&b);
}

/* Two connections, and two processes, on one file at once. */
static void
two_connections_and_processes(void)
{
	const char *path = tpath("shared.db");
	struct cache *a = open_ok(path, "default"), *b = open_ok(path, "default");
	struct rrset_list l;
	struct staged_edit *e;
	size_t n;
	pid_t pid;
	int status = -1;

	if (!a || !b) {
		cache_close(&a);
		cache_close(&b);
		{ CHECK(a && b); return; }
	}
	CHECK_INT(put_zones(a, 1, "Z1", "example.com."), R53_OK);
	CHECK_INT(cache_sync_begin(a, "Z1", NULL), R53_OK);
	fill(&l, 0, 50, "192.0.2.1");
	CHECK_INT(cache_sync_page(a, "Z1", &l, NULL), R53_OK);
	rrset_list_done(&l);
	CHECK_INT(count_rrsets(b, "Z1"), 50); /* b sees a's committed page */
	{
		struct rrset *r = rr("x.example.com.", RR_A, 60, "192.0.2.1", NULL);

		CHECK_INT(cache_stage(b, "Z1", NULL, r, NULL, NULL), R53_OK);
		rrset_free(&r);
	}
	fill(&l, 50, 50, "192.0.2.1");
	CHECK_INT(cache_sync_page(a, "Z1", &l, NULL), R53_OK);
	rrset_list_done(&l);
	CHECK_INT(cache_sync_end(a, "Z1", true, NULL), R53_OK);
	CHECK_INT(count_rrsets(b, "Z1"), 100);
	cache_close(&b);

	/* A child syncs pages while the parent stages edits. */
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct cache *cc = open_ok(path, "default");
		int bad = !cc;

		for (int p = 0; !bad && p < 40; p++) {
			bad |= cache_sync_begin(cc, "Z1", NULL) != R53_OK;
			fill(&l, 1000 + p * 20, 20, "192.0.2.2");
			bad |= cache_sync_page(cc, "Z1", &l, NULL) != R53_OK;
			rrset_list_done(&l);
		}
		cache_close(&cc);
		_exit(bad);
	}
	for (int i = 0; i < 40; i++) {
		struct rrset *r = rr("y.example.com.", RR_A, 60, "192.0.2.1", NULL);

		CHECK_INT(cache_stage(a, "Z1", NULL, r, NULL, NULL), R53_OK);
		rrset_free(&r);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(count_rrsets(a, "Z1"), 100 + 40 * 20);
	CHECK_INT(cache_list_staged(a, NULL, &e, &n, NULL), R53_OK);
	CHECK_INT(n, 41);
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&e[i]);
	free(e);
	cache_close(&a);
}

/* Three processes creating the same new cache at once: one creates the schema, the others
 * wait for it and use it. */
static void
processes_create_at_once(void)
{
	const char *path = tpath("race.db");
	pid_t pids[3];
	struct cache *c;
	struct staged_edit *e;
	size_t n = 0;

	fflush(NULL);
	for (int i = 0; i < 3; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct cache *cc = open_ok(path, "default");
			struct rrset *r = rr("race.example.com.", RR_A, 60, "192.0.2.1", NULL);
			int bad = !cc || cache_stage(cc, "Z1", NULL, r, NULL, NULL) != R53_OK;

			rrset_free(&r);
			cache_close(&cc);
			_exit(bad);
		}
	}
	for (int i = 0; i < 3; i++) {
		int status = -1;

		CHECK(pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i]);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	c = open_ok(path, "default");
	if (!c) {
		CHECK(c != NULL);
		return;
	}
	CHECK_INT(cache_list_staged(c, NULL, &e, &n, NULL), R53_OK);
	CHECK_INT(n, 3);
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&e[i]);
	free(e);
	cache_close(&c);
}

/* There is nowhere to put a credential: no column is named like one. */
static void
no_credentials_column(void)
{
	const char *path = tpath("creds.db");
	struct cache *c = open_ok(path, "default");
	sqlite3 *db;
	sqlite3_stmt *st;
	int columns = 0, bad = 0;

	cache_close(&c);
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db,
			   "SELECT m.name, p.name FROM sqlite_schema m,"
			   " pragma_table_info(m.name) p WHERE m.type='table'",
			   -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 1);

		columns++;
		if (strstr(col, "secret") || strstr(col, "token") || strstr(col, "password") ||
		    strstr(col, "credential") || strstr(col, "access_key") ||
		    (strstr(col, "key") && strcmp(col, "sort_key") && strcmp(col, "key"))) {
			fprintf(stderr, "suspicious column %s.%s\n",
				(const char *)sqlite3_column_text(st, 0), col);
			bad++;
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	CHECK(columns > 30);
	CHECK_INT(bad, 0);
}

/* Search finds names and values, case-insensitively, in every zone or one; short text too. */
static void
search_names_and_values(void)
{
	struct cache *c = open_ok(":memory:", "default");
	struct rrset_list l;
	struct search_hit *hits;
	size_t n;
	struct rrset *r;

	if (!c)
		{ CHECK(c != NULL); return; }
	CHECK_INT(put_zones(c, 2, "Z1", "example.com.", "Z2", "example.org."), R53_OK);
	rrset_list_init(&l);
	rrset_list_take(&l, rr("api.example.com.", RR_A, 60, "192.0.2.10", NULL), NULL);
	rrset_list_take(&l, rr("*.example.com.", RR_TXT, 60, "\"Hello \"\"World\"", NULL), NULL);
	rrset_list_take(&l, rr("mx.example.com.", RR_MX, 60, "10 mail.example.net.", NULL), NULL);
	r = rr("cdn.example.com.", RR_A, -1, NULL);
	rrset_set_alias(r, CLOUDFRONT_ZONE_ID, "d1234.cloudfront.net.", false, NULL);
	rrset_list_take(&l, r, NULL);
	CHECK_INT(sync_all(c, "Z1", &l), R53_OK);
	rrset_list_init(&l);
	rrset_list_take(&l, rr("API.example.org.", RR_CNAME, 60, "api.example.com.", NULL), NULL);
	CHECK_INT(sync_all(c, "Z2", &l), R53_OK);

	CHECK_INT(cache_search(c, "API", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 2); /* api.example.com. and API.example.org. (whose value has api too) */
	if (n == 2) {
		CHECK_STR(hits[0].zone_id, "Z1");
		CHECK_STR(hits[0].zone_name, "example.com.");
		CHECK_STR(hits[0].rr->name, "api.example.com.");
		CHECK_STR(hits[1].zone_name, "example.org.");
	}
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "api", "Z2", &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	search_hits_free(hits, n);
	/* One zone, in Route 53 order (the wildcard first), with a limit. */
	CHECK_INT(cache_search_limit(c, "EXAMPLE.com", "Z1", 3, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(hits[0].zone_id, "Z1");
		CHECK_STR(hits[0].zone_name, "example.com.");
		CHECK_INT(hits[0].rr->type, RR_TXT);
		CHECK_STR(hits[1].rr->name, "api.example.com.");
		CHECK_STR(hits[2].rr->name, "cdn.example.com.");
	}
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "example.com", "Z404", &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 0);
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "192.0.2.10", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "cloudfront", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK(hits[0].rr->alias != NULL);
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "\"world", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 1); /* a quote in the text is a character, not syntax */
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "*.exa", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 1); /* the wildcard as people write it */
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "mx", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 1); /* two characters: scanned */
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "_%", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 0); /* no LIKE wildcards */
	search_hits_free(hits, n);
	CHECK_INT(cache_search_limit(c, "example", NULL, 2, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 2);
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "nothing-like-this", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 0);
	search_hits_free(hits, n);

	/* A changed value leaves the index: the old text is no longer found. */
	rrset_list_init(&l);
	rrset_list_take(&l, rr("api.example.com.", RR_A, 60, "198.51.100.1", NULL), NULL);
	CHECK_INT(sync_all(c, "Z1", &l), R53_OK);
	CHECK_INT(cache_search(c, "192.0.2.10", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 0);
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "198.51.100", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 1);
	search_hits_free(hits, n);
	CHECK_INT(cache_search(c, "", NULL, &hits, &n, NULL), R53_OK);
	CHECK_INT(n, 2); /* everything: api.example.com. and API.example.org. */
	search_hits_free(hits, n);
	cache_close(&c);
}

/* Hits come in the order one query joined on zones gave (ORDER BY the zone's sort key, then
 * the zone id, then Route 53 order; a zone without a zones row first): zones whose ids sort
 * unlike their names, two zones of one name, record sets of a zone not in the zones list, and
 * limits that stop inside a zone and between zones. The reference is that query, run on the
 * file by SQLite itself. */
static void
search_order_matches_one_query(void)
{
	const char *path = tpath("search-order.db");
	struct cache *c = open_ok(path, "default");
	static const char *const zones[][2] = {
		{ "Z9", "a.example." }, { "Z1", "z.example." }, { "Z5", "m.example." },
		{ "Z3", "m.example." }, { "ZORPHAN", NULL },
	};
	static const char *const needles[] = { "example", "host1", "192.0.2.1", "", "nope" };
	static const size_t limits[] = { 0, 1, 3, 5, 7, 12 };
	struct rrset_list l;
	sqlite3 *db;
	sqlite3_stmt *st;

	if (!c)
		{ CHECK(c != NULL); return; }
	CHECK_INT(put_zones(c, 4, "Z9", "a.example.", "Z1", "z.example.", "Z5", "m.example.", "Z3",
			    "m.example."),
		  R53_OK);
	for (size_t z = 0; z < sizeof(zones) / sizeof(*zones); z++) {
		char name[64], value[32];

		rrset_list_init(&l);
		for (int j = 3; j >= 0; j--) { /* not in Route 53 order: the cache orders them */
			snprintf(name, sizeof(name), "host%d.%s", j,
				 zones[z][1] ? zones[z][1] : "orphan.example.");
			snprintf(value, sizeof(value), "192.0.2.%d", j + 1);
			rrset_list_take(&l, rr(name, RR_A, 60, value, NULL), NULL);
		}
		CHECK_INT(sync_all(c, zones[z][0], &l), R53_OK);
	}
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_prepare_v2(db,
				     "SELECT r.zone_id, coalesce(z.name, ''), r.name FROM rrsets r"
				     " LEFT JOIN zones z ON z.ns=r.ns AND z.id=r.zone_id"
				     " WHERE r.ns=(SELECT id FROM namespaces WHERE profile='default')"
				     " AND instr(r.search, ?1)"
				     " ORDER BY z.sort_key, r.zone_id, r.sort_key, r.type, r.set_id,"
				     " r.name LIMIT ?2",
				     -1, &st, NULL),
		  SQLITE_OK);
	for (size_t k = 0; k < sizeof(needles) / sizeof(*needles); k++) {
		for (size_t m = 0; m < sizeof(limits) / sizeof(*limits); m++) {
			struct search_hit *hits = NULL;
			size_t n = 0, i = 0;

			CHECK_INT(cache_search_limit(c, needles[k], NULL, limits[m], &hits, &n, NULL),
				  R53_OK);
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, needles[k], -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, limits[m] ? (sqlite3_int64)limits[m] : -1);
			for (; sqlite3_step(st) == SQLITE_ROW; i++) {
				if (i >= n)
					continue;
				CHECK_STR(hits[i].zone_id, (const char *)sqlite3_column_text(st, 0));
				CHECK_STR(hits[i].zone_name, (const char *)sqlite3_column_text(st, 1));
				CHECK_STR(hits[i].rr->name, (const char *)sqlite3_column_text(st, 2));
			}
			CHECK_INT(n, i);
			search_hits_free(hits, n);
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	cache_close(&c);
}

static void
domains_and_health_checks(void)
{
	struct cache *c = open_ok(":memory:", "default");
	struct domain d[2], *dl;
	struct health_check h[2], *hl;
	size_t n;
	int64_t synced = 0;

	if (!c)
		{ CHECK(c != NULL); return; }
	domain_init(&d[0]);
	domain_init(&d[1]);
	d[0].name = strdup("zeta.example.");
	d[0].auto_renew = true;
	d[0].expiry = 1900000000;
	d[0].name_servers[0] = strdup("ns-1.awsdns-01.org.");
	d[0].nname_servers = 1;
	d[1].name = strdup("alpha.example.");
	CHECK_INT(cache_put_domains(c, d, 2, NULL), R53_OK);
	CHECK_INT(cache_list_domains(c, &dl, &n, &synced, NULL), R53_OK);
	CHECK_INT(n, 2);
	CHECK(synced > 0);
	if (n == 2) {
		CHECK_STR(dl[0].name, "alpha.example.");
		CHECK_STR(dl[1].name, "zeta.example.");
		CHECK(dl[1].auto_renew);
		CHECK(dl[1].expiry == 1900000000);
		CHECK_INT(dl[1].nname_servers, 1);
		CHECK_STR(dl[1].name_servers[0], "ns-1.awsdns-01.org.");
	}
	for (size_t i = 0; i < n; i++)
		domain_done(&dl[i]);
	free(dl);
	CHECK_INT(cache_put_domains(c, d, 1, NULL), R53_OK); /* alpha gone */
	CHECK_INT(cache_list_domains(c, &dl, &n, NULL, NULL), R53_OK);
	CHECK_INT(n, 1);
	for (size_t i = 0; i < n; i++)
		domain_done(&dl[i]);
	free(dl);
	domain_done(&d[0]);
	domain_done(&d[1]);

	health_check_init(&h[0]);
	health_check_init(&h[1]);
	h[0].id = strdup("hc-1");
	h[0].type = strdup("HTTPS_STR_MATCH");
	h[0].fqdn = strdup("www.example.com");
	h[0].port = 443;
	h[0].path = strdup("/health");
	h[0].search = strdup("ok");
	h[0].inverted = true;
	h[1].id = strdup("hc-2");
	h[1].type = strdup("TCP");
	h[1].ip = strdup("192.0.2.1");
	h[1].port = 22;
	h[1].children = calloc(2, sizeof(char *));
	h[1].children[0] = strdup("hc-1");
	h[1].children[1] = strdup("hc-9");
	h[1].nchildren = 2;
	h[1].health_threshold = 0; /* 0 is a value, not "absent" */
	CHECK_INT(cache_put_health_checks(c, h, 2, NULL), R53_OK);
	CHECK_INT(cache_put_health_status(c, "hc-1", 1, NULL), R53_OK);
	CHECK_INT(cache_put_health_checks(c, h, 2, NULL), R53_OK); /* status -1 keeps 1 */
	CHECK_INT(cache_list_health_checks(c, &hl, &n, &synced, NULL), R53_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(hl[0].id, "hc-1");
		CHECK_STR(hl[0].search, "ok");
		CHECK_INT(hl[0].port, 443);
		CHECK(hl[0].inverted);
		CHECK_INT(hl[0].status, 1);
		CHECK_INT(hl[1].status, -1);
		CHECK_STR(hl[1].ip, "192.0.2.1");
		CHECK_INT(hl[0].nchildren, 0);
		CHECK_INT(hl[0].health_threshold, -1);
		CHECK_INT(hl[1].nchildren, 2);
		if (hl[1].nchildren == 2)
			CHECK_STR(hl[1].children[1], "hc-9");
		CHECK_INT(hl[1].health_threshold, 0);
	}
	for (size_t i = 0; i < n; i++)
		health_check_done(&hl[i]);
	free(hl);
	health_check_done(&h[0]);
	health_check_done(&h[1]);
	cache_close(&c);
}

int
main(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/r53-test-cache.XXXXXX");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(round_trip_every_policy);
	RUN(serializer_matches_jansson);
	RUN(route53_order);
	RUN(sync_interrupted_and_complete);
	RUN(zones_replace_and_apply);
	RUN(namespaces_do_not_mix);
	RUN(staged_edits_survive_reopen);
	RUN(staged_group_all_or_nothing);
	RUN(staged_edit_conflict);
	RUN(batch_journal_and_reconcile);
	RUN(permissions_fixed_with_warning);
	RUN(default_path);
	RUN(corrupt_file_set_aside);
	RUN(damaged_pages_set_aside);
	RUN(foreign_and_newer_files);
	RUN(schema1_file_migrates);
	RUN(schema2_file_migrates);
	RUN(resync_skips_unchanged_rows);
	RUN(two_connections_and_processes);
	RUN(processes_create_at_once);
	RUN(no_credentials_column);
	RUN(search_names_and_values);
	RUN(search_order_matches_one_query);
	RUN(domains_and_health_checks);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmp);
	}
	return CHECK_REPORT("cache");
}
