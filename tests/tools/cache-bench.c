/* cache-bench: figures for the cache, not assertions.
 *
 *   cache-bench [--cache FILE] [--runs N] [--writes-only]
 *
 * 1. writes 10,000 record sets into one zone in pages of 300 (as a sync does), twice (first
 *    sync, then a resync of the same records), printing CPU and wall time;
 * 2. fills the file to 100 zones / 100,000 record sets;
 * 3. times cache_open, listing the zones, listing the 10,000-record zone, and searches of
 *    several kinds over the 100,000 records (median and worst of N runs).
 * --writes-only stops after 1 (for a profiler). Without --cache the file is a temporary one,
 * removed at the end. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "models/models.h"
#include "tests/tools/cache-gen.h"

#define PAGE 300
#define BIG 10000
#define ZONES 100
#define TOTAL 100000

static double
now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
die(const char *what, const struct r53_error *err)
{
	fprintf(stderr, "cache-bench: %s: %s\n", what, err->text);
	exit(1);
}

/* Syncs zone @i with @n generated record sets in pages of 300. */
static void
sync_zone(struct cache *c, const char *id, long i, long n)
{
	struct r53_error err = { 0 };
	struct rrset_list page;

	if (cache_sync_begin(c, id, &err) != R53_OK)
		die("sync_begin", &err);
	rrset_list_init(&page);
	for (long j = 0; j < n; j++) {
		rrset_list_take(&page, gen_rrset(i, j), NULL);
		if (page.len == PAGE || j == n - 1) {
			if (cache_sync_page(c, id, &page, &err) != R53_OK)
				die("sync_page", &err);
			rrset_list_done(&page);
			rrset_list_init(&page);
		}
	}
	if (cache_sync_end(c, id, true, &err) != R53_OK)
		die("sync_end", &err);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
search_figure_zone(struct cache *c, const char *label, const char *text, const char *zone_id,
		   size_t limit, int runs)
{
	double t[64];
	size_t n = 0;
	struct r53_error err = { 0 };

	for (int r = 0; r < runs; r++) {
		struct search_hit *hits;
		double t0 = now_ms(CLOCK_MONOTONIC);

		if (cache_search_limit(c, text, zone_id, limit, &hits, &n, &err) != R53_OK)
			die("search", &err);
		t[r] = now_ms(CLOCK_MONOTONIC) - t0;
		search_hits_free(hits, n);
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	printf("search %-34s %7zu hits  median %8.2f ms  worst %8.2f ms\n", label, n,
	       t[runs / 2], t[runs - 1]);
}

static void
search_figure(struct cache *c, const char *label, const char *text, size_t limit, int runs)
{
	search_figure_zone(c, label, text, NULL, limit, runs);
}

int
main(int argc, char **argv)
{
	char tmpfile[64];
	const char *path = NULL;
	int runs = 11;
	struct cache *c = NULL;
	struct r53_error err = { 0 };
	struct zone zones[ZONES];
	double cpu0, wall0;
	long per = (TOTAL - BIG) / (ZONES - 1);
	bool writes_only = false;

	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--writes-only"))
			writes_only = true;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--cache"))
			path = argv[i + 1];
		else if (!strcmp(argv[i], "--runs"))
			runs = atoi(argv[i + 1]);
	}
	if (runs < 1 || runs > 64)
		runs = 11;
	if (!path) {
		snprintf(tmpfile, sizeof(tmpfile), "/tmp/r53-cache-bench-%ld.db", (long)getpid());
		path = tmpfile;
	}
	if (cache_open(path, "bench", "https://route53.amazonaws.com", &c, &err) != R53_OK)
		die("open", &err);
	printf("cache-bench: %s, search %s\n", path,
	       cache_search_indexed(c) ? "FTS5 trigram index (3+ chars), scan below"
				       : "scan (no FTS5)");
	for (long i = 0; i < ZONES; i++)
		gen_zone(&zones[i], i + 1);
	if (cache_put_zones(c, zones, ZONES, &err) != R53_OK)
		die("put_zones", &err);

	for (int pass = 0; pass < 2; pass++) {
		cpu0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
		wall0 = now_ms(CLOCK_MONOTONIC);
		sync_zone(c, zones[0].id, 1, BIG);
		printf("write %d rrsets in pages of %d (%s): CPU %.0f ms, wall %.0f ms\n", BIG, PAGE,
		       pass ? "resync, same rows" : "first sync", now_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0,
		       now_ms(CLOCK_MONOTONIC) - wall0);
	}
	if (writes_only)
		goto out;
	cpu0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
	wall0 = now_ms(CLOCK_MONOTONIC);
	for (long i = 1; i < ZONES; i++)
		sync_zone(c, zones[i].id, i + 1, per);
	printf("write %ld more rrsets over %d zones: CPU %.0f ms, wall %.0f ms\n",
	       per * (ZONES - 1), ZONES - 1, now_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0,
	       now_ms(CLOCK_MONOTONIC) - wall0);
	cache_close(&c);

	wall0 = now_ms(CLOCK_MONOTONIC);
	if (cache_open(path, "bench", "https://route53.amazonaws.com", &c, &err) != R53_OK)
		die("open", &err);
	printf("cache_open of the %ld-record file: %.2f ms\n", BIG + per * (ZONES - 1),
	       now_ms(CLOCK_MONOTONIC) - wall0);
	{
		struct zone *zs;
		size_t n;
		struct rrset_list l;

		wall0 = now_ms(CLOCK_MONOTONIC);
		if (cache_list_zones(c, &zs, &n, NULL, &err) != R53_OK)
			die("list_zones", &err);
		printf("cache_list_zones (%zu zones): %.2f ms\n", n, now_ms(CLOCK_MONOTONIC) - wall0);
		for (size_t i = 0; i < n; i++)
			zone_done(&zs[i]);
		free(zs);
		rrset_list_init(&l);
		wall0 = now_ms(CLOCK_MONOTONIC);
		if (cache_list_rrsets(c, zones[0].id, &l, NULL, &err) != R53_OK)
			die("list_rrsets", &err);
		printf("cache_list_rrsets (%zu rrsets, one zone): %.2f ms\n", l.len,
		       now_ms(CLOCK_MONOTONIC) - wall0);
		rrset_list_done(&l);
	}
	search_figure(c, "'host4242.' (name, 1 zone's)", "host4242.", 0, runs);
	search_figure(c, "'HOST777.ZONE5' (name, case)", "HOST777.ZONE5", 0, runs);
	search_figure(c, "'198.51.17.42' (value)", "198.51.17.42", 0, runs);
	search_figure(c, "'d000042' (alias target)", "d000042", 0, runs);
	search_figure(c, "'nothing-matches' (no hit)", "nothing-matches", 0, runs);
	search_figure(c, "'cloudfront' (10%), first 200", "cloudfront", 200, runs);
	search_figure(c, "'cloudfront' (10%), all", "cloudfront", 0, runs);
	search_figure_zone(c, "'cloudfront' in one zone", "cloudfront", "ZSEED00000005", 0, runs);
	search_figure(c, "'zz' (2 chars: scan)", "zz", 0, runs);
	search_figure(c, "'q' (1 char: scan), first 200", "q", 200, runs);
out:
	cache_close(&c);
	for (long i = 0; i < ZONES; i++)
		zone_done(&zones[i]);
	if (path == tmpfile) {
		char side[80];

		unlink(path);
		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
	return 0;
}
