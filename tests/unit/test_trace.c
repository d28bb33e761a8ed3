/* client/trace: the root hints parser and the interpretation of answers (no network). */
#include <ldns/ldns.h>
#include <stdlib.h>

#include "client/trace.h"
#include "tests/tools/check.h"

/* Builds a response to @qname/@qtype with id 7 from zone-file lines: "an:...", "au:...",
 * "ad:..." name the section. Caller frees *wire. */
static size_t
make_answer(const char *qname, ldns_rr_type qtype, bool aa, bool tc, ldns_pkt_rcode rcode,
	    const char *const *rrs, uint8_t **wire)
{
	ldns_pkt *p = ldns_pkt_query_new(ldns_dname_new_frm_str(qname), qtype, LDNS_RR_CLASS_IN, 0);
	size_t len = 0;

	ldns_pkt_set_id(p, 7);
	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_aa(p, aa);
	ldns_pkt_set_tc(p, tc);
	ldns_pkt_set_rcode(p, rcode);
	for (; rrs && *rrs; rrs++) {
		ldns_rr *rr = NULL;
		ldns_pkt_section sec = (*rrs)[1] == 'n'   ? LDNS_SECTION_ANSWER
				       : (*rrs)[1] == 'u' ? LDNS_SECTION_AUTHORITY
							  : LDNS_SECTION_ADDITIONAL;

		if (ldns_rr_new_frm_str(&rr, *rrs + 3, 3600, NULL, NULL) != LDNS_STATUS_OK) {
			fprintf(stderr, "bad test rr: %s\n", *rrs);
			exit(2);
		}
		ldns_pkt_push_rr(p, sec, rr);
	}
	ldns_pkt2wire(wire, p, &len);
	ldns_pkt_free(p);
	return len;
}

static void
interpret(const char *zone, const char *qname, ldns_rr_type qtype, bool aa, bool tc,
	  ldns_pkt_rcode rcode, const char *const *rrs, struct trace_reply *r)
{
	uint8_t *w = NULL;
	size_t n = make_answer(qname, qtype, aa, tc, rcode, rrs, &w);

	CHECK(trace_interpret(w, n, 7, zone, qname, qtype, r, NULL) == R53_OK);
	free(w);
}

static void
test_referral_with_glue_in_bailiwick(void)
{
	static const char *const rrs[] = {
		"au:good.test. 86400 IN NS ns1.dns.test.",
		"au:good.test. 86400 IN NS ns.elsewhere.org.",
		"ad:ns1.dns.test. 86400 IN A 127.0.53.3",
		"ad:ns.elsewhere.org. 86400 IN A 192.0.2.66", /* out of bailiwick: not believed */
		"ad:unrelated.test. 86400 IN A 192.0.2.99",   /* not an NS name: not believed */
		NULL,
	};
	struct trace_reply r;

	interpret("test.", "www.good.test.", LDNS_RR_TYPE_A, false, false, LDNS_RCODE_NOERROR, rrs,
		  &r);
	CHECK_INT(r.kind, TRACE_REFERRAL);
	CHECK_STR(r.child, "good.test.");
	CHECK_INT(r.nns, 2);
	CHECK_INT(r.ns_ttl, 86400);
	CHECK_INT(r.nglue, 1);
	if (r.nglue == 1) {
		CHECK_STR(r.glue[0].name, "ns1.dns.test.");
		CHECK_STR(r.glue[0].ip, "127.0.53.3");
	}
	trace_reply_done(&r);
}

static void
test_upward_referral_is_lame(void)
{
	static const char *const rrs[] = { "au:. 3600 IN NS a.root-servers.net.", NULL };
	struct trace_reply r;

	interpret("good.test.", "www.good.test.", LDNS_RR_TYPE_A, false, false, LDNS_RCODE_NOERROR,
		  rrs, &r);
	CHECK_INT(r.kind, TRACE_LAME);
	CHECK_STR(r.why, "referral that leads away from the name");
	trace_reply_done(&r);
}

static void
test_cname_chain_inside_and_outside_the_zone(void)
{
	static const char *const rrs[] = {
		"an:www.a.test. 300 IN CNAME web.a.test.",
		"an:web.a.test. 300 IN CNAME x.other.test.",
		"an:x.other.test. 300 IN A 192.0.2.1", /* another zone's data: not believed */
		NULL,
	};
	static const char *const inzone[] = {
		"an:www.a.test. 300 IN CNAME web.a.test.",
		"an:web.a.test. 300 IN A 192.0.2.2",
		NULL,
	};
	struct trace_reply r;

	interpret("a.test.", "www.a.test.", LDNS_RR_TYPE_A, true, false, LDNS_RCODE_NOERROR, rrs, &r);
	CHECK_INT(r.kind, TRACE_CNAME);
	CHECK_STR(r.target, "x.other.test.");
	CHECK_INT(r.nrecords, 3);
	trace_reply_done(&r);
	interpret("a.test.", "www.a.test.", LDNS_RR_TYPE_A, true, false, LDNS_RCODE_NOERROR, inzone,
		  &r);
	CHECK_INT(r.kind, TRACE_ANSWER);
	CHECK_STR(r.target, "web.a.test.");
	CHECK_INT(r.nglue, 1);
	trace_reply_done(&r);
}

static void
test_soa_ns_and_negative_answers(void)
{
	static const char *const soa[] = {
		"an:good.test. 3600 IN SOA ns1.dns.test. h.good.test. 2024010101 1 1 1 1", NULL
	};
	static const char *const neg[] = {
		"au:good.test. 3600 IN SOA ns1.dns.test. h.good.test. 5 1 1 1 1", NULL
	};
	struct trace_reply r;

	interpret("good.test.", "good.test.", LDNS_RR_TYPE_SOA, true, false, LDNS_RCODE_NOERROR, soa,
		  &r);
	CHECK_INT(r.kind, TRACE_ANSWER);
	CHECK(r.has_soa);
	CHECK_INT(r.soa_serial, 2024010101);
	trace_reply_done(&r);
	interpret("good.test.", "x.good.test.", LDNS_RR_TYPE_A, true, false, LDNS_RCODE_NXDOMAIN, neg,
		  &r);
	CHECK_INT(r.kind, TRACE_NXDOMAIN);
	trace_reply_done(&r);
	interpret("good.test.", "x.good.test.", LDNS_RR_TYPE_A, false, false, LDNS_RCODE_NXDOMAIN,
		  neg, &r);
	CHECK_INT(r.kind, TRACE_LAME); /* no authority may not say "does not exist" */
	trace_reply_done(&r);
	interpret("good.test.", "good.test.", LDNS_RR_TYPE_MX, true, false, LDNS_RCODE_NOERROR, neg,
		  &r);
	CHECK_INT(r.kind, TRACE_NODATA);
	trace_reply_done(&r);
	interpret("good.test.", "good.test.", LDNS_RR_TYPE_A, false, false, LDNS_RCODE_REFUSED, NULL,
		  &r);
	CHECK_INT(r.kind, TRACE_LAME);
	CHECK_STR(r.why, "REFUSED");
	trace_reply_done(&r);
	interpret("good.test.", "good.test.", LDNS_RR_TYPE_A, true, true, LDNS_RCODE_NOERROR, NULL,
		  &r);
	CHECK_INT(r.kind, TRACE_TRUNCATED);
	trace_reply_done(&r);
}

static void
test_not_our_answer(void)
{
	uint8_t *w = NULL;
	size_t n = make_answer("www.good.test.", LDNS_RR_TYPE_A, true, false, LDNS_RCODE_NOERROR,
			       NULL, &w);
	struct trace_reply r;

	trace_interpret(w, n, 8, "good.test.", "www.good.test.", LDNS_RR_TYPE_A, &r, NULL);
	CHECK_INT(r.kind, TRACE_MALFORMED);
	CHECK_STR(r.why, "wrong message id");
	trace_reply_done(&r);
	trace_interpret(w, n, 7, "good.test.", "other.good.test.", LDNS_RR_TYPE_A, &r, NULL);
	CHECK_STR(r.why, "answer to another question");
	trace_reply_done(&r);
	trace_interpret(w, 5, 7, "good.test.", "www.good.test.", LDNS_RR_TYPE_A, &r, NULL);
	CHECK_INT(r.kind, TRACE_MALFORMED);
	trace_reply_done(&r);
	free(w);
}

static void
test_root_hints(void)
{
	static const char good[] = "a.root-servers.lab 127.0.53.1@5353\n"
				   "# comment\n\n"
				   "B.Root ::1 ; comment\n"
				   ".  3600000  NS  A.ROOT-SERVERS.NET.\n"
				   "A.ROOT-SERVERS.NET.  3600000  IN AAAA  2001:503:ba3e::2:30";
	static const struct {
		const char *text, *where, *msg;
	} bad[] = {
		{ "x 1.2.3.4@0", "line 1", "bad port '0'" },
		{ "x 1.2.3.4@65536", "line 1", "bad port '65536'" },
		{ "ok 1.2.3.4\nx nothere", "line 2", "'nothere' is not an IPv4 or IPv6 address" },
		{ "a..b 1.2.3.4", "line 1", "'a..b' is not a name" },
		{ "x 1 IN MX 1.2.3.4", "line 1", "record type 'MX' is not A, AAAA or NS" },
		{ "# only a comment\n", "root hints",
		  "no server address in it (expected lines 'NAME ADDRESS[@PORT]')" },
	};
	struct root_hints h;
	struct r53_error err = { 0 };

	root_hints_init(&h);
	CHECK(root_hints_parse(&h, good, sizeof(good) - 1, &err) == R53_OK);
	CHECK_INT(h.len, 3);
	if (h.len == 3) {
		CHECK_STR(h.addrs[0].name, "a.root-servers.lab.");
		CHECK_STR(h.addrs[0].ip, "127.0.53.1");
		CHECK_INT(h.addrs[0].port, 5353);
		CHECK_STR(h.addrs[1].name, "b.root.");
		CHECK_INT(h.addrs[1].port, 53);
		CHECK_STR(h.addrs[2].ip, "2001:503:ba3e::2:30");
	}
	root_hints_done(&h);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		root_hints_init(&h);
		r53_error_clear(&err);
		CHECK(root_hints_parse(&h, bad[i].text, strlen(bad[i].text), &err) == R53_PARSE);
		CHECK_STR(err.where, bad[i].where);
		CHECK_STR(err.text, bad[i].msg);
		root_hints_done(&h);
	}
	/* From a file: every error names the file, and the line when there is one. */
	{
		char path[] = "/tmp/r53-hints-XXXXXX", want[256];
		int fd = mkstemp(path);
		static const struct {
			const char *text, *fmt;
		} fbad[] = {
			{ "ok 1.2.3.4\nx 1.2.3.4@0\n", "%s: 2: bad port '0'" },
			{ "# only a comment\n",
			  "%s: no server address in it (expected lines 'NAME ADDRESS[@PORT]')" },
			{ "", "%s: no server address in it (expected lines 'NAME ADDRESS[@PORT]')" },
		};

		CHECK(fd >= 0);
		for (size_t i = 0; fd >= 0 && i < sizeof(fbad) / sizeof(fbad[0]); i++) {
			FILE *f = fopen(path, "w");

			fputs(fbad[i].text, f);
			fclose(f);
			root_hints_init(&h);
			r53_error_clear(&err);
			CHECK(root_hints_load(&h, path, &err) == R53_PARSE);
			snprintf(want, sizeof(want), fbad[i].fmt, path);
			CHECK_STR(err.text, want);
			root_hints_done(&h);
		}
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		root_hints_init(&h);
		r53_error_clear(&err);
		CHECK(root_hints_load(&h, "/tmp", &err) == R53_IO);
		CHECK_STR(err.text, "cannot read root hints /tmp: Is a directory");
		root_hints_done(&h);
	}

	root_hints_init(&h);
	CHECK(root_hints_builtin(&h, NULL) == R53_OK);
	CHECK_INT(h.len, 26);
	root_hints_done(&h);
}

static void
test_names_and_verdicts(void)
{
	char out[64], tn[16];

	CHECK(trace_name_canonical("WWW.Example.ORG", out, sizeof(out), NULL) == R53_OK);
	CHECK_STR(out, "www.example.org.");
	CHECK(trace_name_canonical("a..b", out, sizeof(out), NULL) == R53_INVALID);
	CHECK_INT(trace_type_parse("aaaa"), 28);
	CHECK_INT(trace_type_parse("nosuch"), 0);
	trace_type_name(65, tn, sizeof(tn));
	CHECK_STR(tn, "HTTPS");
	CHECK_INT(delegation_verdict_exit(DELEGATION_PENDING), 10);
	CHECK_INT(delegation_verdict_exit(DELEGATION_NO_ZONE), 13);
	CHECK_STR(delegation_verdict_name(DELEGATION_NO_ZONE), "no-zone");
}

int
main(void)
{
	RUN(test_referral_with_glue_in_bailiwick);
	RUN(test_upward_referral_is_lame);
	RUN(test_cname_chain_inside_and_outside_the_zone);
	RUN(test_soa_ns_and_negative_answers);
	RUN(test_not_our_answer);
	RUN(test_root_hints);
	RUN(test_names_and_verdicts);
	return CHECK_REPORT("trace");
}
