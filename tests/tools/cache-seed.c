/* cache-seed: fills a cache file with generated zones and record sets, through the cache API
 * (pages of 300, as a sync writes them), for TUI tests and benchmarks.
 *
 *   cache-seed --cache FILE [--profile P] [--endpoint URL] --zones N --records M
 *
 * M record sets in all, spread evenly over the N zones (each zone's first two are its apex SOA
 * and NS). Replaces the namespace's zone list; other namespaces in FILE are left alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "models/models.h"
#include "tests/tools/cache-gen.h"

#define PAGE 300

static void
usage(void)
{
	fprintf(stderr, "usage: cache-seed --cache FILE [--profile P] [--endpoint URL] --zones N "
			"--records M\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *path = NULL, *profile = "default", *endpoint = "https://route53.amazonaws.com";
	long nzones = -1, nrecords = -1;
	struct cache *c = NULL;
	struct r53_error err = { 0 };
	struct zone *zones;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			usage();
		if (!strcmp(a, "--cache"))
			path = v;
		else if (!strcmp(a, "--profile"))
			profile = v;
		else if (!strcmp(a, "--endpoint"))
			endpoint = v;
		else if (!strcmp(a, "--zones"))
			nzones = strtol(v, NULL, 10);
		else if (!strcmp(a, "--records"))
			nrecords = strtol(v, NULL, 10);
		else
			usage();
		i++;
	}
	if (!path || nzones < 0 || nrecords < 0 || (nzones == 0 && nrecords > 0))
		usage();
	if (cache_open(path, profile, endpoint, &c, &err) != R53_OK) {
		fprintf(stderr, "cache-seed: %s\n", err.text);
		return 1;
	}
	if (cache_warning(c))
		fprintf(stderr, "cache-seed: warning: %s\n", cache_warning(c));
	zones = calloc(nzones ? (size_t)nzones : 1, sizeof(*zones));
	for (long i = 0; i < nzones; i++) {
		gen_zone(&zones[i], i + 1);
		zones[i].record_count = nrecords / nzones + (i < nrecords % nzones);
	}
	if (cache_put_zones(c, zones, (size_t)nzones, &err) != R53_OK)
		goto fail;
	for (long i = 0; i < nzones; i++) {
		long n = zones[i].record_count;
		struct rrset_list page;

		if (cache_sync_begin(c, zones[i].id, &err) != R53_OK)
			goto fail;
		rrset_list_init(&page);
		for (long j = 0; j < n; j++) {
			rrset_list_take(&page, gen_rrset(i + 1, j), NULL);
			if (page.len == PAGE || j == n - 1) {
				enum r53_code rc = cache_sync_page(c, zones[i].id, &page, &err);

				rrset_list_done(&page);
				rrset_list_init(&page);
				if (rc != R53_OK)
					goto fail;
			}
		}
		if (cache_sync_end(c, zones[i].id, true, &err) != R53_OK)
			goto fail;
	}
	for (long i = 0; i < nzones; i++)
		zone_done(&zones[i]);
	free(zones);
	cache_close(&c);
	printf("cache-seed: %ld zones, %ld record sets in %s (profile %s, endpoint %s)\n", nzones,
	       nrecords, path, profile, endpoint);
	return 0;
fail:
	fprintf(stderr, "cache-seed: %s: %s\n", err.where, err.text);
	for (long i = 0; i < nzones; i++)
		zone_done(&zones[i]);
	free(zones);
	cache_close(&c);
	return 1;
}
