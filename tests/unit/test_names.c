/* models: names, escapes, IDN, limits, order; TTLs; types. */
#include <stdlib.h>
#include <string.h>

#include "models/models.h"
#include "tests/tools/check.h"

static const char *
canon(const char *in)
{
	static char out[NAME_TEXT_MAX];
	struct r53_error err = { 0 };

	if (name_canonical(in, out, sizeof(out), &err) != R53_OK)
		snprintf(out, sizeof(out), "ERR %s", err.text);
	return out;
}

static void
canonical_form(void)
{
	CHECK_STR(canon("WWW.Example.COM"), "www.example.com.");
	CHECK_STR(canon("www.example.com."), "www.example.com.");
	CHECK_STR(canon("*.example.com"), "\\052.example.com.");
	CHECK_STR(canon("\\052.example.com."), "\\052.example.com.");
	CHECK_STR(canon("_dmarc.example.com"), "_dmarc.example.com.");
	CHECK_STR(canon("0/26.2.0.192.in-addr.arpa"), "0\\05726.2.0.192.in-addr.arpa.");
	CHECK_STR(canon("a\\.b.example.com"), "a\\056b.example.com.");
	CHECK_STR(canon("\\101BC.example.com"), "abc.example.com."); /* \101 is 'A', folded */
	CHECK_STR(canon("@home.example"), "\\100home.example.");
}

static void
canonical_errors(void)
{
	struct r53_error err = { 0 };
	char out[NAME_TEXT_MAX];

	CHECK(name_canonical("", out, sizeof(out), &err) == R53_INVALID);
	CHECK_STR(err.text, "name is empty");
	r53_error_clear(&err);
	CHECK(name_canonical("a..example.com", out, sizeof(out), &err) == R53_INVALID);
	CHECK_STR(err.text, "'a..example.com' has an empty label");
	CHECK_STR(err.where, "name");
	r53_error_clear(&err);
	CHECK(name_canonical("has space.example.com", out, sizeof(out), &err) == R53_INVALID);
	CHECK(strstr(err.text, "contains a space") != NULL);
	r53_error_clear(&err);
	CHECK(name_canonical("bad\\9.example", out, sizeof(out), &err) == R53_INVALID);
	CHECK(strstr(err.text, "three octal digits") != NULL);
	CHECK(name_canonical(".", out, sizeof(out), NULL) == R53_INVALID);
}

static void
limits(void)
{
	char label63[64], label64[65], name[400], out[NAME_TEXT_MAX];
	struct r53_error err = { 0 };

	memset(label63, 'a', 63);
	label63[63] = '\0';
	memset(label64, 'a', 64);
	label64[64] = '\0';
	snprintf(name, sizeof(name), "%s.example.com", label63);
	CHECK(name_canonical(name, out, sizeof(out), NULL) == R53_OK);
	snprintf(name, sizeof(name), "%s.example.com", label64);
	CHECK(name_canonical(name, out, sizeof(out), &err) == R53_INVALID);
	CHECK(strstr(err.text, "longer than 63 octets") != NULL);

	/* 255 octets in wire form: 4 labels of 63 (4 * 64 = 256) is one too many;
	 * 3 x 63 + one of 61 = 3*64 + 62 + root 1 = 255 exactly. */
	snprintf(name, sizeof(name), "%s.%s.%s.%.61s", label63, label63, label63, label63);
	CHECK(name_canonical(name, out, sizeof(out), NULL) == R53_OK);
	snprintf(name, sizeof(name), "%s.%s.%s.%.62s", label63, label63, label63, label63);
	r53_error_clear(&err);
	CHECK(name_canonical(name, out, sizeof(out), &err) == R53_INVALID);
	CHECK(strstr(err.text, "longer than 255 octets") != NULL);

	/* A name of 255 octets all escaped fits the text buffer. */
	memset(name, 0, sizeof(name));
	{
		char big[1100] = "";
		for (int l = 0; l < 3; l++) {
			for (int i = 0; i < 63; i++)
				strcat(big, "\\052");
			strcat(big, ".");
		}
		for (int i = 0; i < 61; i++)
			strcat(big, "\\052");
		CHECK(name_canonical(big, out, sizeof(out), NULL) == R53_OK);
		CHECK_INT(strlen(out), 3 * (63 * 4 + 1) + 61 * 4 + 1);
		CHECK_INT(name_label_count(out), 4);
	}
}

static void
idn(void)
{
	char out[NAME_TEXT_MAX];

	CHECK_STR(canon("bücher.example"), "xn--bcher-kva.example.");
	CHECK_STR(canon("Bücher.Example"), "xn--bcher-kva.example.");
	name_display("xn--bcher-kva.example.", out, sizeof(out), true);
	CHECK_STR(out, "bücher.example.");
	name_display("xn--bcher-kva.example.", out, sizeof(out), false);
	CHECK_STR(out, "xn--bcher-kva.example.");
	/* A broken xn-- label is shown as it is, not dropped. */
	name_display("xn--zz-.example.", out, sizeof(out), true);
	CHECK_STR(out, "xn--zz-.example.");
}

static void
display(void)
{
	char out[NAME_TEXT_MAX], small[8];

	name_display("\\052.example.com.", out, sizeof(out), true);
	CHECK_STR(out, "*.example.com.");
	name_display("a\\056b.example.com.", out, sizeof(out), true);
	CHECK_STR(out, "a\\056b.example.com."); /* a dot inside a label stays escaped */
	name_display("a\\040b.example.", out, sizeof(out), true);
	CHECK_STR(out, "a\\040b.example.");
	name_display("www.example.com.", small, sizeof(small), true);
	CHECK(strlen(small) < sizeof(small)); /* truncated, terminated */
}

static void
order(void)
{
	/* Labels compared from the right; a shorter label sorts before its extensions unless
	 * the next byte is below '.' ("a-b" before "a"). */
	CHECK(name_compare("example.com.", "www.example.com.") < 0);
	CHECK(name_compare("www.example.com.", "example.net.") < 0);
	CHECK(name_compare("a.example.com.", "b.example.com.") < 0);
	CHECK(name_compare("a-b.example.com.", "a.example.com.") < 0);
	CHECK(name_compare("a.example.com.", "ab.example.com.") < 0);
	CHECK(name_compare("\\052.example.com.", "a.example.com.") < 0);
	CHECK(name_compare("z.a.example.com.", "b.example.com.") < 0);
	CHECK(name_compare("www.example.com.", "www.example.com.") == 0);
	/* A dot inside a label is not a separator: different names never compare equal. */
	CHECK(name_compare("a\\056b.x.", "zz.a.x.") != 0);
	CHECK(name_compare("a\\056b.x.", "zz.a.x.") == -name_compare("zz.a.x.", "a\\056b.x."));
}

static void
rrset_order(void)
{
	struct rrset *a = rrset_new("www.example.com", RR_A, NULL);
	struct rrset *aaaa = rrset_new("www.example.com", RR_AAAA, NULL);
	struct rrset *mx = rrset_new("example.com", RR_MX, NULL);
	struct rrset *w1 = rrset_new("www.example.com", RR_A, NULL);

	rrset_set_str(&a->set_id, "blue", NULL);
	rrset_set_str(&w1->set_id, "green", NULL);
	CHECK(rrset_compare(mx, a) < 0);
	CHECK(rrset_compare(a, aaaa) < 0);
	CHECK(rrset_compare(a, w1) < 0);
	CHECK(!rrset_same_key(a, w1));
	rrset_free(&a);
	rrset_free(&aaaa);
	rrset_free(&mx);
	rrset_free(&w1);
	CHECK(a == NULL);
}

static void
zone_membership(void)
{
	CHECK(name_in_zone("www.example.com.", "example.com."));
	CHECK(name_in_zone("example.com.", "example.com."));
	CHECK(!name_in_zone("badexample.com.", "example.com."));
	CHECK(!name_in_zone("example.net.", "example.com."));
	CHECK(name_is_wildcard("\\052.example.com."));
	CHECK(!name_is_wildcard("a.\\052.example.com."));
	CHECK_STR(r53_bare_id("/hostedzone/Z123"), "Z123");
	CHECK_STR(r53_bare_id("Z123"), "Z123");
	CHECK_STR(r53_bare_id("/change/C9"), "C9");
}

static void
ttls(void)
{
	char buf[64];
	uint32_t t;
	struct r53_error err = { 0 };

	ttl_human(0, buf, sizeof(buf));
	CHECK_STR(buf, "0 seconds");
	ttl_human(60, buf, sizeof(buf));
	CHECK_STR(buf, "1 minute");
	ttl_human(300, buf, sizeof(buf));
	CHECK_STR(buf, "5 minutes");
	ttl_human(90, buf, sizeof(buf));
	CHECK_STR(buf, "1 minute 30 seconds");
	ttl_human(172800, buf, sizeof(buf));
	CHECK_STR(buf, "2 days");
	ttl_human(86400 + 3600, buf, sizeof(buf));
	CHECK_STR(buf, "1 day 1 hour");
	ttl_human(2147483647u, buf, sizeof(buf));
	CHECK_STR(buf, "3550 weeks 5 days");
	CHECK(ttl_parse("300", &t, NULL) == R53_OK && t == 300);
	CHECK(ttl_parse("5m", &t, NULL) == R53_OK && t == 300);
	CHECK(ttl_parse("1h30m", &t, NULL) == R53_OK && t == 5400);
	CHECK(ttl_parse("2d", &t, NULL) == R53_OK && t == 172800);
	CHECK(ttl_parse("2147483647", &t, NULL) == R53_OK && t == 2147483647u);
	CHECK(ttl_parse("2147483648", &t, &err) == R53_INVALID);
	CHECK(strstr(err.text, "above the maximum") != NULL);
	r53_error_clear(&err);
	CHECK(ttl_parse("-1", &t, &err) == R53_INVALID);
	CHECK_STR(err.where, "ttl");
	CHECK(ttl_parse("5x", &t, NULL) == R53_INVALID);
	CHECK(ttl_parse("", &t, NULL) == R53_INVALID);
}

static void
types(void)
{
	CHECK_INT(RR_TYPE_COUNT - 1, 17);
	CHECK(rr_type_parse("mx") == RR_MX);
	CHECK(rr_type_parse("TLSA") == RR_TLSA);
	CHECK(rr_type_parse("AXFR") == RR_NONE);
	CHECK_STR(rr_type_name(RR_SVCB), "SVCB");
	CHECK_INT(rr_type_code(RR_MX), 15);
	CHECK(rr_type_alias_aws(RR_A) && rr_type_alias_aws(RR_AAAA) && !rr_type_alias_aws(RR_MX));
	CHECK(!rr_type_alias_allowed(RR_NS) && !rr_type_alias_allowed(RR_SOA));
	CHECK(rr_type_alias_allowed(RR_TXT));
	CHECK(!rr_type_routing_allowed(RR_DS) && rr_type_routing_allowed(RR_CNAME));
	CHECK(!rr_type_multivalue_allowed(RR_CNAME) && rr_type_multivalue_allowed(RR_TXT));
	/* Types sort by name, which is Route 53's listing order. */
	for (int t = 2; t < RR_TYPE_COUNT; t++)
		CHECK(strcmp(rr_type_name((enum rr_type)(t - 1)), rr_type_name((enum rr_type)t)) < 0);
}

static void
errors(void)
{
	struct r53_error err = { 0 };

	CHECK(r53_error_set(&err, R53_INVALID, "ttl", "first %d", 1) == R53_INVALID);
	CHECK(r53_error_set(&err, R53_PARSE, "name", "second") == R53_PARSE);
	CHECK_STR(err.text, "first 1"); /* the first error wins */
	CHECK_STR(err.where, "ttl");
	CHECK(r53_error_set(NULL, R53_NOMEM, "x", "y") == R53_NOMEM);
	CHECK_STR(r53_strerror(R53_CACHE), "Cache database error");
	CHECK_STR(r53_strerror((enum r53_code)999), "Unknown error");
}

int
main(void)
{
	RUN(canonical_form);
	RUN(canonical_errors);
	RUN(limits);
	RUN(idn);
	RUN(display);
	RUN(order);
	RUN(rrset_order);
	RUN(zone_membership);
	RUN(ttls);
	RUN(types);
	RUN(errors);
	return CHECK_REPORT("names");
}
