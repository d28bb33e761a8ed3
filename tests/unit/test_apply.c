/* apply engine (tui/apply.c) without the network: the batch built from staged edits, its
 * inverse, and that the inverse undoes the batch under Route 53's own semantics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "models/models.h"
#include "tests/tools/check.h"
#include "tui/apply.h"

#define ZONE "example.com."

static struct rrset *
a_rr(const char *name, int64_t ttl, const char *value)
{
	struct rrset *rr = rrset_new(name, RR_A, NULL);

	rr->has_ttl = true;
	rr->ttl = ttl;
	rrset_add_value(rr, value, NULL);
	return rr;
}

/* The apex SOA and NS every hosted zone has (Route 53 refuses a batch without them). */
static void
apex(struct rrset_list *z)
{
	struct rrset *soa = rrset_new(ZONE, RR_SOA, NULL), *ns = rrset_new(ZONE, RR_NS, NULL);

	soa->has_ttl = ns->has_ttl = true;
	soa->ttl = 900;
	ns->ttl = 172800;
	rrset_add_value(soa, "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 "
			     "1209600 86400", NULL);
	rrset_add_value(ns, "ns-1.awsdns-01.org.", NULL);
	rrset_list_take(z, soa, NULL);
	rrset_list_take(z, ns, NULL);
}

static void
test_build_and_invert(void)
{
	struct cache *c = NULL;
	struct r53_error err = { 0 };
	struct change_batch b, inv;
	struct rrset_list zone, orig;
	struct rrset *www = a_rr("www." ZONE, 300, "192.0.2.1");
	struct rrset *www2 = a_rr("www." ZONE, 60, "192.0.2.2");
	struct rrset *gone = a_rr("old." ZONE, 60, "192.0.2.9");
	struct rrset *added = a_rr("new." ZONE, 60, "192.0.2.7");
	size_t n = 0;

	CHECK(cache_open(":memory:", NULL, NULL, &c, &err) == R53_OK);
	CHECK(cache_stage(c, "Z1", www, www2, NULL, &err) == R53_OK);
	CHECK(cache_stage(c, "Z1", gone, NULL, NULL, &err) == R53_OK);
	CHECK(cache_stage(c, "Z1", NULL, added, NULL, &err) == R53_OK);
	CHECK(cache_stage(c, "Z2", NULL, added, NULL, &err) == R53_OK); /* another zone */
	change_batch_init(&b);
	change_batch_init(&inv);
	CHECK(apply_build(c, "Z1", &b, &inv, &n, &err) == R53_OK);
	CHECK_INT(n, 3);
	CHECK_INT(b.len, 4);
	CHECK(b.len == 4 && b.changes[0].action == CHANGE_DELETE &&
	      rrset_equal(b.changes[0].rr, www));
	CHECK(b.len == 4 && b.changes[1].action == CHANGE_CREATE &&
	      rrset_equal(b.changes[1].rr, www2));
	CHECK(b.len == 4 && b.changes[2].action == CHANGE_DELETE &&
	      rrset_equal(b.changes[2].rr, gone));
	CHECK(b.len == 4 && b.changes[3].action == CHANGE_CREATE &&
	      rrset_equal(b.changes[3].rr, added));
	CHECK_INT(inv.len, 4);
	CHECK(inv.len == 4 && inv.changes[0].action == CHANGE_DELETE &&
	      rrset_equal(inv.changes[0].rr, added));
	CHECK(inv.len == 4 && inv.changes[3].action == CHANGE_CREATE &&
	      rrset_equal(inv.changes[3].rr, www));

	/* The batch, then its inverse: the zone is back exactly. */
	rrset_list_init(&zone);
	rrset_list_init(&orig);
	apex(&zone);
	apex(&orig);
	rrset_list_take(&zone, rrset_dup(www), NULL);
	rrset_list_take(&zone, rrset_dup(gone), NULL);
	rrset_list_sort(&zone);
	rrset_list_take(&orig, rrset_dup(www), NULL);
	rrset_list_take(&orig, rrset_dup(gone), NULL);
	rrset_list_sort(&orig);
	CHECK(change_batch_apply(&zone, ZONE, &b, &err) == R53_OK);
	CHECK_INT(zone.len, 4);
	CHECK(change_batch_apply(&zone, ZONE, &inv, &err) == R53_OK);
	CHECK_INT(zone.len, orig.len);
	for (size_t i = 0; i < zone.len && i < orig.len; i++)
		CHECK(rrset_equal(zone.items[i], orig.items[i]));
	/* Applying the batch twice is refused: an exact DELETE cannot match again. */
	CHECK(change_batch_apply(&zone, ZONE, &b, &err) == R53_OK);
	r53_error_clear(&err);
	CHECK(change_batch_apply(&zone, ZONE, &b, &err) == R53_INVALID);
	rrset_list_done(&zone);
	rrset_list_done(&orig);
	change_batch_done(&b);
	change_batch_done(&inv);

	/* Nothing staged: an empty batch, no error. */
	change_batch_init(&b);
	change_batch_init(&inv);
	CHECK(cache_discard(c, 0, "Z1", &err) == R53_OK);
	CHECK(apply_build(c, "Z1", &b, &inv, &n, &err) == R53_OK);
	CHECK_INT(n, 0);
	CHECK_INT(b.len, 0);
	change_batch_done(&b);
	change_batch_done(&inv);
	rrset_free(&www);
	rrset_free(&www2);
	rrset_free(&gone);
	rrset_free(&added);
	cache_close(&c);
}

static void
test_upsert_not_invertible(void)
{
	struct change_batch b, inv;
	struct r53_error err = { 0 };

	change_batch_init(&b);
	change_batch_init(&inv);
	change_batch_take(&b, CHANGE_UPSERT, a_rr("www." ZONE, 60, "192.0.2.1"), NULL);
	CHECK(apply_invert(&b, &inv, &err) == R53_INVALID);
	change_batch_done(&b);
	change_batch_done(&inv);
}

/* An apply job sends the edits it was given (apply_ctx.edit_ids: what was staged when A was
 * pressed), not one staged while it was in flight. Its batch is journalled SENDING before
 * the request leaves; the request is never performed here (the client is freed first). */
static void
test_job_sends_listed_edits_only(void)
{
	struct cache *c = NULL;
	struct r53_client *client = NULL;
	struct r53_client_config cfg = { 0 };
	struct r53_error err = { 0 };
	struct apply_ctx a;
	struct apply_job *j;
	struct applied_batch *rows = NULL;
	struct staged_edit *left = NULL;
	struct rrset *app = a_rr("app." ZONE, 300, "192.0.2.10");
	struct rrset *app2 = a_rr("app." ZONE, 300, "192.0.2.11");
	struct rrset *www = a_rr("www." ZONE, 300, "192.0.2.1");
	struct rrset *www2 = a_rr("www." ZONE, 120, "192.0.2.1");
	int64_t first = 0, later = 0;
	size_t nrows = 0, nleft = 0;

	cfg.endpoint_url = "http://127.0.0.1:9";
	cfg.no_credentials = true;
	CHECK(cache_open(":memory:", NULL, NULL, &c, &err) == R53_OK);
	CHECK(r53_client_new(&cfg, &client, &err) == R53_OK);
	CHECK(cache_stage(c, "Z1", app, app2, &first, &err) == R53_OK);
	CHECK(cache_stage(c, "Z1", www, www2, &later, &err) == R53_OK); /* staged "meanwhile" */
	memset(&a, 0, sizeof(a));
	a.cache = c;
	a.client = client;
	a.edit_ids = &first;
	a.nedit_ids = 1;
	j = apply_job_start(&a, APPLY_JOB_APPLY, "Z1", ZONE, NULL, NULL);
	CHECK(j && !apply_job_finished(j));
	CHECK(cache_list_batches(c, "Z1", &rows, &nrows, &err) == R53_OK);
	CHECK(nrows == 1);
	if (nrows == 1) {
		CHECK_STR(rows[0].status, "SENDING");
		CHECK(rows[0].batch.len == 2); /* app's DELETE + CREATE, nothing of www */
		for (size_t i = 0; i < rows[0].batch.len; i++)
			CHECK_STR(rows[0].batch.changes[i].rr->name, "app." ZONE);
	}
	r53_client_free(&client); /* cancels the request; then the job may go */
	apply_job_free(&j);
	CHECK(cache_list_staged(c, "Z1", &left, &nleft, &err) == R53_OK);
	CHECK(nleft == 2); /* nothing was answered: both stay staged */
	for (size_t i = 0; i < nleft; i++)
		staged_edit_done(&left[i]);
	free(left);
	applied_batches_free(rows, nrows);
	rrset_free(&app);
	rrset_free(&app2);
	rrset_free(&www);
	rrset_free(&www2);
	cache_close(&c);
}

int
main(void)
{
	RUN(test_build_and_invert);
	RUN(test_job_sends_listed_edits_only);
	RUN(test_upsert_not_invertible);
	return CHECK_REPORT("apply");
}
