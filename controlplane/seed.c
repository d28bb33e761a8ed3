/* r53-local demo seed: zones, records, health checks and registered domains for a newcomer
 * with no AWS account. Everything goes through the same rules as API requests (models/), so
 * the seed is itself valid Route 53 data. Zone ids are derived from the zone names, so they
 * and their name servers are the same in every fresh demo database. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "controlplane/cp.h"

/* A simple rrset: @ttl and NULL-terminated values. NULL on error (err set). */
static struct rrset *
mk(const char *name, enum rr_type type, long ttl, ...)
{
	struct rrset *rr = rrset_new(name, type, NULL);
	va_list ap;
	const char *v;

	if (!rr)
		return NULL;
	rr->has_ttl = true;
	rr->ttl = ttl;
	va_start(ap, ttl);
	while ((v = va_arg(ap, const char *)))
		if (rrset_add_value(rr, v, NULL) != R53_OK) {
			rrset_free(&rr);
			break;
		}
	va_end(ap);
	return rr;
}

static struct rrset *
mk_alias(const char *name, enum rr_type type, const char *zone_id, const char *dns, bool eval)
{
	struct rrset *rr = rrset_new(name, type, NULL);

	if (rr && rrset_set_alias(rr, zone_id, dns, eval, NULL) != R53_OK)
		rrset_free(&rr);
	return rr;
}

static struct rrset *
with_id(struct rrset *rr, const char *set_id)
{
	if (rr && rrset_set_str(&rr->set_id, set_id, NULL) != R53_OK)
		rrset_free(&rr);
	return rr;
}

struct seeder {
	struct change_batch b;
	bool failed;
};

static void
add(struct seeder *sd, struct rrset *rr)
{
	if (!rr) {
		sd->failed = true;
		return;
	}
	if (change_batch_take(&sd->b, CHANGE_CREATE, rr, NULL) != R53_OK)
		sd->failed = true;
}

static enum r53_code
commit(struct cp_store *s, struct seeder *sd, const struct cp_zone *z, struct r53_error *err)
{
	char change[40];
	double when;
	enum r53_code rc;

	if (sd->failed)
		rc = r53_error_set(err, R53_INVALID, "seed", "cannot build the demo records");
	else
		rc = cp_rrsets_change(s, z, &sd->b, change, sizeof(change), &when, err);
	change_batch_done(&sd->b);
	change_batch_init(&sd->b);
	sd->failed = false;
	if (rc != R53_OK && err)
		snprintf(err->where, sizeof(err->where), "seed %.50s", z->name);
	return rc;
}

static enum r53_code
zone(struct cp_store *s, struct cp_zone *z, const char *name, const char *comment,
     const char *vpc, struct r53_error *err)
{
	memset(z, 0, sizeof(*z));
	if (name_canonical(name, z->name, sizeof(z->name), err) != R53_OK)
		return R53_INVALID;
	snprintf(z->caller_ref, sizeof(z->caller_ref), "r53-local-demo-%s", name);
	z->has_comment = comment != NULL;
	snprintf(z->comment, sizeof(z->comment), "%s", comment ? comment : "");
	if (vpc) {
		z->private_zone = true;
		snprintf(z->vpc_id, sizeof(z->vpc_id), "%s", vpc);
		snprintf(z->vpc_region, sizeof(z->vpc_region), "us-east-1");
	}
	return cp_zone_create(s, z, z->caller_ref, err);
}

/* A fixed-looking 2048-bit RSA public key (SubjectPublicKeyInfo, base64, 392 chars): the
 * header and exponent are real, the modulus is pseudo-random but stable. */
static void
dkim_key(char *out, size_t outsz)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *head = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA";
	const char *tail = "IDAQAB";
	size_t hl = strlen(head), tl = strlen(tail), body = 392 - hl - tl;
	uint32_t x = 2463534242u;

	if (outsz < 393) {
		out[0] = '\0';
		return;
	}
	memcpy(out, head, hl);
	for (size_t i = 0; i < body; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		out[hl + i] = b64[x % 64];
	}
	memcpy(out + hl + body, tail, tl + 1);
}

static enum r53_code
seed_example_com(struct cp_store *s, const char *hc_ok, const char *hc_bad,
		 struct r53_error *err)
{
	struct cp_zone z;
	struct seeder sd = { .failed = false };
	struct rrset *rr;
	char key[400], dkim_text[512], *dkim;

	if (zone(s, &z, "example.com", "Demo zone: every record kind and routing policy", NULL,
		 err) != R53_OK)
		return R53_INVALID;
	change_batch_init(&sd.b);
	/* Apex: S3 website alias (bucket "example.com"), AAAA, MX, TXT, CAA. */
	add(&sd, mk_alias("example.com", RR_A, "Z3AQBSTGFYJSTF",
			  "s3-website-us-east-1.amazonaws.com", false));
	add(&sd, mk("example.com", RR_AAAA, 300, "2001:db8::10", NULL));
	add(&sd, mk("example.com", RR_MX, 3600, "10 mail1.example.com.", "20 mail2.example.com.",
		    NULL));
	add(&sd, mk("example.com", RR_TXT, 3600, "\"v=spf1 include:_spf.example.com ~all\"",
		    "\"google-site-verification=r53-local-demo\"", NULL));
	add(&sd, mk("example.com", RR_CAA, 3600, "0 issue \"amazon.com\"",
		    "0 iodef \"mailto:security@example.com\"", NULL));
	add(&sd, mk("www.example.com", RR_A, 300, "192.0.2.10", "192.0.2.11", NULL));
	add(&sd, mk("www.example.com", RR_AAAA, 300, "2001:db8::11", NULL));
	add(&sd, mk("mail1.example.com", RR_A, 3600, "192.0.2.25", NULL));
	add(&sd, mk("mail2.example.com", RR_A, 3600, "192.0.2.26", NULL));
	add(&sd, mk("_spf.example.com", RR_TXT, 3600, "\"v=spf1 ip4:192.0.2.0/24 -all\"", NULL));
	dkim_key(key, sizeof(key));
	snprintf(dkim_text, sizeof(dkim_text), "v=DKIM1; k=rsa; p=%s", key);
	dkim = txt_quote(dkim_text);
	add(&sd, dkim ? mk("selector1._domainkey.example.com", RR_TXT, 3600, dkim, NULL) : NULL);
	free(dkim);
	add(&sd, mk("_dmarc.example.com", RR_TXT, 3600,
		    "\"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com\"", NULL));
	add(&sd, mk("_sip._tcp.example.com", RR_SRV, 3600, "10 60 5060 sip.example.com.",
		    "20 40 5060 sip2.example.com.", NULL));
	add(&sd, mk("sip.example.com", RR_A, 3600, "192.0.2.40", NULL));
	add(&sd, mk("sip2.example.com", RR_A, 3600, "192.0.2.41", NULL));
	add(&sd, mk("*.example.com", RR_A, 300, "192.0.2.99", NULL));
	add(&sd, mk("blog.example.com", RR_CNAME, 300, "example.github.io", NULL));
	add(&sd, mk("ftp.example.com", RR_CNAME, 300, "www.example.com", NULL));
	add(&sd, mk("dev.example.com", RR_NS, 172800, "ns1.dev-dns.example.net.",
		    "ns2.dev-dns.example.net.", NULL));
	add(&sd, mk("10.2.0.192.in-addr.example.com", RR_PTR, 3600, "www.example.com", NULL));
	add(&sd, mk_alias("cdn.example.com", RR_A, CLOUDFRONT_ZONE_ID,
			  "d111111abcdef8.cloudfront.net", false));
	add(&sd, mk_alias("cdn.example.com", RR_AAAA, CLOUDFRONT_ZONE_ID,
			  "d111111abcdef8.cloudfront.net", false));
	add(&sd, mk_alias("static.example.com", RR_A, z.id, "www.example.com", false));
	/* Weighted 70/30 */
	rr = with_id(mk("app.example.com", RR_A, 60, "192.0.2.50", NULL), "blue");
	if (rr)
		rr->weight = 70;
	add(&sd, rr);
	rr = with_id(mk("app.example.com", RR_A, 60, "192.0.2.51", NULL), "green");
	if (rr)
		rr->weight = 30;
	add(&sd, rr);
	/* Geolocation: EU, US, default */
	rr = with_id(mk("geo.example.com", RR_A, 60, "192.0.2.60", NULL), "europe");
	if (rr) {
		rr->has_geo = true;
		snprintf(rr->geo.continent, sizeof(rr->geo.continent), "EU");
	}
	add(&sd, rr);
	rr = with_id(mk("geo.example.com", RR_A, 60, "192.0.2.61", NULL), "united-states");
	if (rr) {
		rr->has_geo = true;
		snprintf(rr->geo.country, sizeof(rr->geo.country), "US");
	}
	add(&sd, rr);
	rr = with_id(mk("geo.example.com", RR_A, 60, "192.0.2.62", NULL), "default");
	if (rr) {
		rr->has_geo = true;
		snprintf(rr->geo.country, sizeof(rr->geo.country), "*");
	}
	add(&sd, rr);
	/* Failover with health checks */
	rr = with_id(mk("failover.example.com", RR_A, 60, "192.0.2.70", NULL), "primary");
	if (rr) {
		rr->failover = FAILOVER_PRIMARY;
		if (rrset_set_str(&rr->health_check_id, hc_ok, NULL) != R53_OK)
			rrset_free(&rr);
	}
	add(&sd, rr);
	rr = with_id(mk("failover.example.com", RR_A, 60, "192.0.2.71", NULL), "secondary");
	if (rr) {
		rr->failover = FAILOVER_SECONDARY;
		if (rrset_set_str(&rr->health_check_id, hc_bad, NULL) != R53_OK)
			rrset_free(&rr);
	}
	add(&sd, rr);
	/* Latency */
	rr = with_id(mk("api.example.com", RR_A, 60, "192.0.2.80", NULL), "us-east-1");
	if (rr && rrset_set_str(&rr->region, "us-east-1", NULL) != R53_OK)
		rrset_free(&rr);
	add(&sd, rr);
	rr = with_id(mk("api.example.com", RR_A, 60, "192.0.2.81", NULL), "eu-west-1");
	if (rr && rrset_set_str(&rr->region, "eu-west-1", NULL) != R53_OK)
		rrset_free(&rr);
	add(&sd, rr);
	/* Multivalue */
	for (int i = 0; i < 3; i++) {
		char id[16], v[32];

		snprintf(id, sizeof(id), "mv-%d", i + 1);
		snprintf(v, sizeof(v), "192.0.2.%d", 90 + i);
		rr = with_id(mk("multi.example.com", RR_A, 60, v, NULL), id);
		if (rr)
			rr->multivalue = true;
		add(&sd, rr);
	}
	add(&sd, mk("status.example.com", RR_CNAME, 300, "failover.example.com", NULL));
	add(&sd, mk("shop.example.com", RR_CNAME, 300, "shop.example.net", NULL));
	return commit(s, &sd, &z, err);
}

static enum r53_code
seed_others(struct cp_store *s, struct r53_error *err)
{
	struct cp_zone z;
	struct seeder sd = { .failed = false };
	enum r53_code rc;
	double t0;

	change_batch_init(&sd.b);
	if (zone(s, &z, "shop.example.net", "Demo shop", NULL, err) != R53_OK)
		return R53_INVALID;
	add(&sd, mk("shop.example.net", RR_A, 300, "198.51.100.10", NULL));
	add(&sd, mk("www.shop.example.net", RR_CNAME, 300, "shop.example.net", NULL));
	add(&sd, mk("shop.example.net", RR_MX, 3600, "10 mail.example.com.", NULL));
	add(&sd, mk("shop.example.net", RR_TXT, 3600, "\"v=spf1 include:_spf.example.com -all\"",
		    NULL));
	if (commit(s, &sd, &z, err) != R53_OK)
		return R53_INVALID;

	if (zone(s, &z, "internal.example", "Demo private zone", "vpc-0a1b2c3d4e5f67890",
		 err) != R53_OK)
		return R53_INVALID;
	add(&sd, mk("db.internal.example", RR_A, 60, "10.0.1.10", NULL));
	add(&sd, mk("cache.internal.example", RR_A, 60, "10.0.1.20", NULL));
	add(&sd, mk("api.internal.example", RR_CNAME, 60, "db.internal.example", NULL));
	if (commit(s, &sd, &z, err) != R53_OK)
		return R53_INVALID;

	/* Exactly 10,000 record sets with the apex SOA and NS. */
	t0 = cp_now();
	if (zone(s, &z, "bulk.example.test", "10,000 record sets for benchmarks", NULL, err) !=
	    R53_OK)
		return R53_INVALID;
	for (int i = 1; i <= 9998 && !sd.failed; i++) {
		char name[64], v[32];

		snprintf(name, sizeof(name), "host-%05d.bulk.example.test", i);
		snprintf(v, sizeof(v), "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		add(&sd, mk(name, RR_A, 300, v, NULL));
	}
	rc = commit(s, &sd, &z, err);
	(void)t0;
	return rc;
}

static enum r53_code
seed_health(struct cp_store *s, char *ok_id, char *bad_id, size_t idsz, struct r53_error *err)
{
	json_t *cfg = json_pack("{s:s,s:i,s:s,s:s,s:s,s:i,s:i}", "IPAddress", "192.0.2.70", "Port",
				80, "Type", "HTTP", "ResourcePath", "/health",
				"FullyQualifiedDomainName", "failover.example.com",
				"RequestInterval", 30, "FailureThreshold", 3);
	enum r53_code rc;

	if (!cfg)
		return r53_error_set(err, R53_NOMEM, "seed", "out of memory");
	rc = cp_health_create(s, "r53-local-demo-primary", cfg, 1, ok_id, idsz, err);
	json_decref(cfg);
	if (rc != R53_OK)
		return rc;
	cfg = json_pack("{s:s,s:i,s:s,s:s,s:i,s:i}", "IPAddress", "192.0.2.71", "Port", 443,
			"Type", "HTTPS_STR_MATCH", "SearchString", "OK", "RequestInterval", 30,
			"FailureThreshold", 3);
	if (!cfg)
		return r53_error_set(err, R53_NOMEM, "seed", "out of memory");
	rc = cp_health_create(s, "r53-local-demo-secondary", cfg, 0, bad_id, idsz, err);
	json_decref(cfg);
	return rc;
}

static bool
database_empty(struct cp_store *s)
{
	sqlite3_stmt *st;
	bool empty = false;

	if (sqlite3_prepare_v2(cp_store_db(s),
			       "SELECT (SELECT COUNT(*) FROM zones) + (SELECT COUNT(*) FROM "
			       "health_checks) + (SELECT COUNT(*) FROM domains)",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int64(st, 0) == 0;
	sqlite3_finalize(st);
	return empty;
}

enum r53_code
cp_seed_demo(struct cp_store *s, struct r53_error *err)
{
	char ok_id[40], bad_id[40], zid[40], ns[4][64];
	const char *zone_ns[4], *org_ns[2] = { "ns1.other-dns.example", "ns2.other-dns.example" };
	const char *net_ns[2] = { "dns1.registrar-servers.example",
				  "dns2.registrar-servers.example" };

	if (!database_empty(s))
		return R53_OK; /* only an empty database is seeded */
	if (seed_health(s, ok_id, bad_id, sizeof(ok_id), err) != R53_OK ||
	    seed_example_com(s, ok_id, bad_id, err) != R53_OK || seed_others(s, err) != R53_OK)
		return err ? err->code : R53_INVALID;
	cp_hashed_id(zid, sizeof(zid), "Z", 20, "r53-local-demo-example.com");
	cp_zone_name_servers(zid, ns);
	for (int i = 0; i < 4; i++)
		zone_ns[i] = ns[i];
	if (cp_domain_put(s, "example.com", zone_ns, 4, err) != R53_OK ||
	    cp_domain_put(s, "example.org", org_ns, 2, err) != R53_OK ||
	    cp_domain_put(s, "example.net", net_ns, 2, err) != R53_OK)
		return err ? err->code : R53_INVALID;
	return R53_OK;
}
