/* models: one validator per record type, TXT quoting, geo codes, aliases, health checks. */
#include <stdlib.h>
#include <string.h>

#include "models/models.h"
#include "tests/tools/check.h"

static int
ok(enum rr_type t, const char *v)
{
	struct r53_error err = { 0 };
	enum r53_code rc = value_validate(t, v, 0, &err);

	if (rc != R53_OK)
		fprintf(stderr, "    (%s '%s': %s)\n", rr_type_name(t), v, err.text);
	return rc == R53_OK;
}

static int
bad(enum rr_type t, const char *v)
{
	return value_validate(t, v, 0, NULL) == R53_INVALID;
}

static void
addresses(void)
{
	CHECK(ok(RR_A, "192.0.2.1"));
	CHECK(bad(RR_A, "192.0.2"));
	CHECK(bad(RR_A, "192.0.2.256"));
	CHECK(bad(RR_A, "01.2.3.4"));
	CHECK(bad(RR_A, "2001:db8::1"));
	CHECK(ok(RR_AAAA, "2001:db8::1"));
	CHECK(bad(RR_AAAA, "192.0.2.1"));
	CHECK(bad(RR_A, ""));
}

static void
mx_message(void)
{
	struct r53_error err = { 0 };

	CHECK(ok(RR_MX, "10 mail.example.com"));
	CHECK(ok(RR_MX, "0 ."));
	CHECK(value_validate(RR_MX, "10mail.example.com", 1, &err) == R53_INVALID);
	CHECK_STR(err.text, "MX value 2: '10mail.example.com' needs 'PRIORITY HOST'");
	CHECK_STR(err.where, "values[1]");
	CHECK(bad(RR_MX, "mail.example.com")); /* no priority */
	CHECK(bad(RR_MX, "70000 mail.example.com"));
}

static void
other_types(void)
{
	CHECK(ok(RR_CNAME, "www.example.com"));
	CHECK(bad(RR_CNAME, "two names"));
	CHECK(ok(RR_NS, "ns-1.awsdns-01.org."));
	CHECK(ok(RR_PTR, "host.example.com."));
	CHECK(ok(RR_SRV, "10 5 5060 sip.example.com"));
	CHECK(bad(RR_SRV, "10 5 sip.example.com"));
	CHECK(ok(RR_CAA, "0 issue \"amazon.com\""));
	CHECK(ok(RR_CAA, "128 iodef \"mailto:sec@example.com\""));
	CHECK(bad(RR_CAA, "0 issue amazon.com"));
	CHECK(bad(RR_CAA, "256 issue \"a\""));
	CHECK(ok(RR_NAPTR, "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" ."));
	CHECK(bad(RR_NAPTR, "100 10 U E2U+sip x ."));
	CHECK(ok(RR_DS, "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"));
	CHECK(bad(RR_DS, "60485 5 1 XYZ"));
	CHECK(ok(RR_SOA, "ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 86400"));
	CHECK(bad(RR_SOA, "ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900"));
	CHECK(ok(RR_TLSA, "3 1 1 0123456789abcdef"));
	CHECK(bad(RR_TLSA, "3 1 1 zz"));
	CHECK(ok(RR_SSHFP, "4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
	CHECK(bad(RR_SSHFP, "4 2"));
	CHECK(ok(RR_HTTPS, "1 . alpn=\"h2,h3\""));
	CHECK(ok(RR_SVCB, "0 svc.example.com."));
	CHECK(bad(RR_HTTPS, "x . alpn=h2"));
	CHECK(bad(RR_SVCB, "1 . ALPN=h2"));
}

static void
txt(void)
{
	char s255[256], s256[300];
	char *q, *u;

	CHECK(ok(RR_TXT, "\"v=spf1 include:amazonses.com ~all\""));
	CHECK(ok(RR_TXT, "\"a\" \"b\""));
	CHECK(ok(RR_TXT, "\"say \\\"hi\\\"\""));
	CHECK(ok(RR_TXT, "\"caf\\303\\251\""));
	CHECK(bad(RR_TXT, "\"unterminated"));
	CHECK(ok(RR_TXT, "hello"));
	CHECK(bad(RR_TXT, "v=spf1 include:example.net ~all"));
	CHECK(bad(RR_TXT, "\"bad escape \\9\""));
	memset(s255, 'x', 255);
	s255[255] = 0;
	snprintf(s256, sizeof(s256), "\"%sx\"", s255);
	CHECK(bad(RR_TXT, s256));
	q = txt_quote(s255);
	CHECK(ok(RR_TXT, q));
	free(q);

	/* A 2048-bit DKIM key (~400 chars) is split in 255-character strings and back. */
	{
		char key[420];
		struct r53_error err = { 0 };

		memset(key, 'K', sizeof(key) - 1);
		key[sizeof(key) - 1] = 0;
		memcpy(key, "v=DKIM1; k=rsa; p=", 18);
		q = txt_quote(key);
		CHECK(ok(RR_TXT, q));
		CHECK(strstr(q, "\" \"") != NULL);
		CHECK_INT(strchr(q + 1, '"') - (q + 1), 255);
		u = txt_unquote(q, &err);
		CHECK_STR(u, key);
		free(u);
		free(q);
	}
	q = txt_quote("quote \" and \\ and é");
	CHECK_STR(q, "\"quote \\\" and \\\\ and \\303\\251\"");
	u = txt_unquote(q, NULL);
	CHECK_STR(u, "quote \" and \\ and é");
	free(u);
	free(q);
}

static void
geo(void)
{
	struct geo_location g = { "EU", "", "" };
	struct r53_error err = { 0 };
	char buf[16];

	CHECK(geo_validate(&g, NULL) == R53_OK);
	geo_display(&g, buf, sizeof(buf));
	CHECK_STR(buf, "EU");
	g = (struct geo_location){ "", "*", "" };
	CHECK(geo_validate(&g, NULL) == R53_OK);
	geo_display(&g, buf, sizeof(buf));
	CHECK_STR(buf, "default");
	g = (struct geo_location){ "", "US", "CA" };
	CHECK(geo_validate(&g, NULL) == R53_OK);
	geo_display(&g, buf, sizeof(buf));
	CHECK_STR(buf, "US-CA");
	g = (struct geo_location){ "", "FR", "CA" };
	CHECK(geo_validate(&g, &err) == R53_INVALID);
	CHECK_STR(err.text, "subdivision 'CA' needs country US");
	g = (struct geo_location){ "XX", "", "" };
	CHECK(geo_validate(&g, NULL) == R53_INVALID);
	g = (struct geo_location){ "", "QQ", "" };
	CHECK(geo_validate(&g, NULL) == R53_INVALID);
	g = (struct geo_location){ "EU", "FR", "" };
	CHECK(geo_validate(&g, NULL) == R53_INVALID);
	CHECK(latency_region_valid("eu-west-1"));
	CHECK(!latency_region_valid("eu-west-9"));
}

static void
aliases(void)
{
	struct alias_target a = { "Z3AQBSTGFYJSTF", "s3-website-us-east-1.amazonaws.com.", false };
	struct r53_error err = { 0 };

	CHECK(alias_validate(&a, "example.com.", RR_A, "example.com.", NULL) == R53_OK);
	CHECK(alias_kind_detect(a.dns_name, "example.com.") == ALIAS_S3_WEBSITE);
	a.dns_name = "www.example.com.s3-website-us-east-1.amazonaws.com.";
	CHECK(alias_validate(&a, "www.example.com.", RR_A, "example.com.", NULL) == R53_OK);
	CHECK(alias_validate(&a, "example.com.", RR_A, "example.com.", &err) == R53_INVALID);
	CHECK(strstr(err.text, "bucket must be named exactly like the record") != NULL);
	a.dns_name = "s3-website-us-east-1.amazonaws.com.";
	a.hosted_zone_id = "Z1BKCTXD74EZPE"; /* eu-west-1's */
	CHECK(alias_validate(&a, "example.com.", RR_A, "example.com.", NULL) == R53_INVALID);
	a.hosted_zone_id = "Z3AQBSTGFYJSTF";
	CHECK(alias_validate(&a, "example.com.", RR_AAAA, "example.com.", NULL) == R53_INVALID);

	a = (struct alias_target){ "Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net.", false };
	CHECK(alias_validate(&a, "cdn.example.com.", RR_AAAA, "example.com.", NULL) == R53_OK);
	a.evaluate_target_health = true;
	CHECK(alias_validate(&a, "cdn.example.com.", RR_A, "example.com.", NULL) == R53_INVALID);
	a = (struct alias_target){ "Z123", "d111111abcdef8.cloudfront.net.", false };
	CHECK(alias_validate(&a, "cdn.example.com.", RR_A, "example.com.", NULL) == R53_INVALID);
	a = (struct alias_target){ "ZSELF", "www.example.com.", false };
	CHECK(alias_kind_detect(a.dns_name, "example.com.") == ALIAS_SAME_ZONE);
	CHECK(alias_validate(&a, "alt.example.com.", RR_TXT, "example.com.", NULL) == R53_OK);
	CHECK(alias_validate(&a, "alt.example.com.", RR_NS, "example.com.", NULL) == R53_INVALID);
	CHECK(alias_kind_detect("my-lb-1234.eu-west-1.elb.amazonaws.com.", NULL) == ALIAS_ELB);
	CHECK(s3_website_by_region("eu-central-1") != NULL);
	CHECK_STR(s3_website_by_region("eu-central-1")->zone_id, "Z21DNDUVLTQW6Q");
	CHECK(s3_website_by_host("S3-WEBSITE.EU-CENTRAL-1.amazonaws.com.") != NULL);
}

static void
health_checks(void)
{
	struct health_check h;
	struct r53_error err = { 0 };

	health_check_init(&h);
	h.type = strdup("HTTPS_STR_MATCH");
	h.ip = strdup("192.0.2.44");
	h.port = 443;
	CHECK(health_check_validate(&h, &err) == R53_INVALID);
	CHECK_STR(err.where, "search");
	h.search = strdup("OK");
	CHECK(health_check_validate(&h, NULL) == R53_OK);
	h.port = 0;
	CHECK(health_check_validate(&h, NULL) == R53_INVALID);
	health_check_done(&h);
	CHECK(h.type == NULL && h.status == -1);

	/* CALCULATED: a health threshold, child checks, no endpoint */
	health_check_init(&h);
	CHECK(h.health_threshold == -1 && h.nchildren == 0);
	h.type = strdup("CALCULATED");
	h.interval = h.failure_threshold = 0;
	r53_error_clear(&err);
	CHECK(health_check_validate(&h, &err) == R53_INVALID);
	CHECK_STR(err.where, "health_threshold");
	CHECK_STR(err.text, "Calculated health checks must have a health threshold specified.");
	h.health_threshold = 0;
	CHECK(health_check_validate(&h, NULL) == R53_OK); /* no children: always healthy */
	h.children = calloc(2, sizeof(char *));
	h.children[0] = strdup("a1");
	h.children[1] = strdup("a1");
	h.nchildren = 2;
	h.health_threshold = 2;
	r53_error_clear(&err);
	CHECK(health_check_validate(&h, &err) == R53_INVALID);
	CHECK_STR(err.where, "children");
	CHECK_STR(err.text, "child check a1 is listed twice");
	h.children[1][1] = '2';
	CHECK(health_check_validate(&h, NULL) == R53_OK);
	h.health_threshold = 257;
	CHECK(health_check_validate(&h, NULL) == R53_INVALID);
	h.health_threshold = 1;
	h.ip = strdup("192.0.2.1");
	r53_error_clear(&err);
	CHECK(health_check_validate(&h, &err) == R53_INVALID);
	CHECK_STR(err.where, "ip");
	health_check_done(&h);
	CHECK(h.children == NULL && h.nchildren == 0 && h.health_threshold == -1);

	/* child checks and a health threshold are for CALCULATED only */
	health_check_init(&h);
	h.type = strdup("TCP");
	h.ip = strdup("192.0.2.1");
	h.port = 53;
	h.inverted = h.disabled = true;
	CHECK(health_check_validate(&h, NULL) == R53_OK);
	h.health_threshold = 1;
	r53_error_clear(&err);
	CHECK(health_check_validate(&h, &err) == R53_INVALID);
	CHECK_STR(err.where, "health_threshold");
	health_check_done(&h);
}

int
main(void)
{
	RUN(addresses);
	RUN(mx_message);
	RUN(other_types);
	RUN(txt);
	RUN(geo);
	RUN(aliases);
	RUN(health_checks);
	return CHECK_REPORT("values");
}
