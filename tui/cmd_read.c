/* Data for the read-only subcommands, online with write-through or from the cache (see
 * cmd_read.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/cache_open.h"
#include "tui/cmd_common.h"
#include "tui/cmd_read.h"
#include "tui/sync.h"

/* Seconds a zone's cached record sets count as fresh: online reads do not rewrite them. */
#define RRSETS_FRESH_S 60

/*
 * Same order from both sources
 */
static int
zone_cmp(const void *a, const void *b)
{
	const struct zone *x = a, *y = b;
	int c = name_compare(x->name, y->name);

	return c ? c : strcmp(x->id, y->id);
}

static int
domain_cmp(const void *a, const void *b)
{
	return strcmp(((const struct domain *)a)->name, ((const struct domain *)b)->name);
}

static int
check_cmp(const void *a, const void *b)
{
	return strcmp(((const struct health_check *)a)->id, ((const struct health_check *)b)->id);
}

/*
 * The cache side
 */
static struct cache *
cache_for(const struct cli *cli, struct r53_error *err)
{
	struct cache *cache = NULL;

	if (cmd_cache_open(cli, &cache, err) != R53_OK)
		return NULL;
	return cache;
}

/* Prints the notice for an answer from the cache. */
static void
notice(const struct r53_error *why, int64_t synced_at)
{
	char age[64];

	sync_age_text(synced_at, age, sizeof(age));
	if (why)
		fprintf(stderr, "r53: cannot reach Route 53 (%s); answering from the cache, %s\n",
			why->text[0] ? why->text : r53_strerror(why->code), age);
	else
		fprintf(stderr, "r53: offline: from the cache, %s\n", age);
}

/* Nothing cached for @what: says so (after the reason Route 53 was not asked) and returns
 * EXIT_UNREACHABLE. */
static int
missing(const struct r53_error *why, const char *what)
{
	if (why)
		cmd_fail(why);
	fprintf(stderr, "r53: %sno cached copy of %s (r53 sync reads it while Route 53 can be "
			"reached)\n",
		why ? "" : "offline: ", what);
	return EXIT_UNREACHABLE;
}

static int
cache_failed(const struct r53_error *why, const struct r53_error *err)
{
	if (why)
		cmd_fail(why);
	fprintf(stderr, "r53: cache: %s\n", err->text[0] ? err->text : r53_strerror(err->code));
	/* a cache that cannot be read (refused, unreadable) is a failure to fix, like every
	 * other command's; 3 is for "nothing cached" */
	return EXIT_SERVICE;
}

enum r53_code
cmd_cache_find_zone(struct cache *cache, const char *arg, struct zone *out, struct r53_error *err)
{
	struct zone *zones = NULL;
	size_t n = 0, found = 0, at = 0;
	char canon[NAME_TEXT_MAX], ids[512] = "";
	const char *bare = r53_bare_id(arg);
	bool by_name;

	by_name = name_canonical(arg, canon, sizeof(canon), NULL) == R53_OK;
	if (cache_list_zones(cache, &zones, &n, NULL, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(zones[i].id, bare)) {
			found = 1;
			at = i;
			break;
		}
	for (size_t i = 0; !found && by_name && i < n; i++)
		if (!strcmp(zones[i].name, canon)) {
			size_t l = strlen(ids);

			snprintf(ids + l, sizeof(ids) - l, "%s%s", l ? ", " : "", zones[i].id);
			if (found++ == 0)
				at = i;
		}
	for (size_t i = 0; i < n; i++)
		if (found != 1 || i != at)
			zone_done(&zones[i]);
	if (found == 1)
		*out = zones[at];
	free(zones);
	if (found == 0)
		return r53_error_set(err, R53_NOTFOUND, "zone", "no hosted zone %s", arg);
	if (found > 1)
		return r53_error_set(err, R53_CONFLICT, "zone",
				     "several hosted zones are named %s: %s (give an id)", canon,
				     ids);
	return R53_OK;
}

static int
cached_zones(const struct cli *cli, const struct r53_error *why, struct zone_list *out)
{
	struct r53_error err = { 0 };
	struct cache *cache = cache_for(cli, &err);
	struct zone *zones = NULL;
	size_t n = 0;
	int64_t at = 0;

	if (!cache)
		return cache_failed(why, &err);
	if (cache_list_zones(cache, &zones, &n, &at, &err) != R53_OK) {
		cache_close(&cache);
		return cache_failed(why, &err);
	}
	cache_close(&cache);
	if (at == 0) {
		for (size_t i = 0; i < n; i++)
			zone_done(&zones[i]);
		free(zones);
		return missing(why, "the zone list");
	}
	zone_list_done(out);
	out->items = zones;
	out->len = out->cap = n;
	if (out->len) /* an empty list may have no array: qsort(NULL, 0) is undefined */
		qsort(out->items, out->len, sizeof(*out->items), zone_cmp);
	notice(why, at);
	return EXIT_OK;
}

static int
cached_rrsets(const struct cli *cli, const struct r53_error *why, const char *arg, struct zone *z,
	      struct rrset_list *out)
{
	struct r53_error err = { 0 };
	struct cache *cache = cache_for(cli, &err);
	int64_t at = 0;
	char what[NAME_TEXT_MAX + 64];

	if (!cache)
		return cache_failed(why, &err);
	zone_done(z);
	zone_init(z);
	rrset_list_done(out);
	rrset_list_init(out);
	if (cmd_cache_find_zone(cache, arg, z, &err) != R53_OK) {
		cache_close(&cache);
		if (err.code == R53_CONFLICT) {
			err.code = R53_AWS;
			return cmd_fail(&err);
		}
		snprintf(what, sizeof(what), "zone %s", arg);
		return missing(why, what);
	}
	if (cache_list_rrsets(cache, z->id, out, &at, &err) != R53_OK) {
		cache_close(&cache);
		return cache_failed(why, &err);
	}
	cache_close(&cache);
	if (at == 0) {
		snprintf(what, sizeof(what), "the record sets of %s", z->name);
		return missing(why, what);
	}
	rrset_list_sort(out);
	notice(why, at);
	return EXIT_OK;
}

static int
cached_domains(const struct cli *cli, const struct r53_error *why, struct domain_list *out)
{
	struct r53_error err = { 0 };
	struct cache *cache = cache_for(cli, &err);
	struct domain *d = NULL;
	size_t n = 0;
	int64_t at = 0;

	if (!cache)
		return cache_failed(why, &err);
	if (cache_list_domains(cache, &d, &n, &at, &err) != R53_OK) {
		cache_close(&cache);
		return cache_failed(why, &err);
	}
	cache_close(&cache);
	domain_list_done(out);
	out->items = d;
	out->len = out->cap = n;
	if (at == 0)
		return missing(why, "the domain list");
	if (out->len) /* an empty list may have no array: qsort(NULL, 0) is undefined */
		qsort(out->items, out->len, sizeof(*out->items), domain_cmp);
	notice(why, at);
	return EXIT_OK;
}

static int
cached_checks(const struct cli *cli, const struct r53_error *why, struct health_check_list *out)
{
	struct r53_error err = { 0 };
	struct cache *cache = cache_for(cli, &err);
	struct health_check *h = NULL;
	size_t n = 0;
	int64_t at = 0;

	if (!cache)
		return cache_failed(why, &err);
	if (cache_list_health_checks(cache, &h, &n, &at, &err) != R53_OK) {
		cache_close(&cache);
		return cache_failed(why, &err);
	}
	cache_close(&cache);
	health_check_list_done(out);
	out->items = h;
	out->len = out->cap = n;
	if (at == 0)
		return missing(why, "the health check list");
	if (out->len) /* an empty list may have no array: qsort(NULL, 0) is undefined */
		qsort(out->items, out->len, sizeof(*out->items), check_cmp);
	notice(why, at);
	return EXIT_OK;
}

/*
 * Online, writing through. A cache that cannot be opened or written does not fail the
 * command: Route 53's answer is printed all the same.
 */
int
cmd_read_zones(const struct cli *cli, struct zone_list *out)
{
	struct r53_client *c;
	struct r53_error err = { 0 };
	struct cache *cache;
	int rc;

	if (cli->offline)
		return cached_zones(cli, NULL, out);
	if ((rc = cmd_client_open(cli, &c)))
		return rc;
	rc = r53_list_zones(c, out, &err);
	r53_client_free(&c);
	if (rc == R53_HTTP)
		return cached_zones(cli, &err, out);
	if (rc != R53_OK)
		return cmd_fail(&err);
	if ((cache = cache_for(cli, NULL))) {
		cache_put_zones(cache, out->items, out->len, NULL);
		cache_close(&cache);
	}
	if (out->len) /* an empty list may have no array: qsort(NULL, 0) is undefined */
		qsort(out->items, out->len, sizeof(*out->items), zone_cmp);
	return EXIT_OK;
}

int
cmd_read_rrsets(const struct cli *cli, const char *zone_arg, struct zone *z,
		struct rrset_list *out)
{
	struct r53_client *c;
	struct r53_error err = { 0 };
	struct cache *cache;
	int rc;

	zone_init(z);
	rrset_list_init(out);
	if (cli->offline)
		return cached_rrsets(cli, NULL, zone_arg, z, out);
	if ((rc = cmd_client_open(cli, &c)))
		return rc;
	rc = r53_find_zone(c, zone_arg, z, &err);
	if (rc == R53_OK)
		rc = r53_list_rrsets(c, z->id, out, &err);
	r53_client_free(&c);
	if (rc == R53_HTTP)
		return cached_rrsets(cli, &err, zone_arg, z, out);
	if (rc != R53_OK) {
		if (err.code == R53_NOTFOUND || err.code == R53_CONFLICT)
			err.code = R53_AWS; /* the data said no: exit 1 */
		return cmd_fail(&err);
	}
	/* A copy younger than a minute (a sync, the TUI, the previous command) is kept: writing
	 * a 10,000-record zone costs about twice what reading it from r53-local does. */
	if ((cache = cache_for(cli, NULL))) {
		int64_t at = 0;
		bool fresh = cache_zone_synced_at(cache, z->id, &at, NULL) == R53_OK &&
			     at > (int64_t)time(NULL) - RRSETS_FRESH_S;

		if (!fresh && cache_put_zone(cache, z, NULL) == R53_OK &&
		    cache_sync_begin(cache, z->id, NULL) == R53_OK)
			cache_sync_end(cache, z->id,
				       cache_sync_page(cache, z->id, out, NULL) == R53_OK, NULL);
		cache_close(&cache);
	}
	rrset_list_sort(out);
	return EXIT_OK;
}

int
cmd_read_domains(const struct cli *cli, struct domain_list *out)
{
	struct r53_client *c;
	struct r53_error err = { 0 };
	struct cache *cache;
	int rc;

	if (cli->offline)
		return cached_domains(cli, NULL, out);
	if ((rc = cmd_client_open(cli, &c)))
		return rc;
	rc = r53_list_domains(c, out, &err);
	r53_client_free(&c);
	if (rc == R53_HTTP)
		return cached_domains(cli, &err, out);
	if (rc != R53_OK)
		return cmd_fail(&err);
	if ((cache = cache_for(cli, NULL))) {
		cache_put_domains(cache, out->items, out->len, NULL);
		cache_close(&cache);
	}
	if (out->len) /* an empty list may have no array: qsort(NULL, 0) is undefined */
		qsort(out->items, out->len, sizeof(*out->items), domain_cmp);
	return EXIT_OK;
}

int
cmd_read_checks(const struct cli *cli, bool status, struct health_check_list *out)
{
	struct r53_client *c;
	struct r53_error err = { 0 };
	struct cache *cache;
	int rc;

	if (cli->offline)
		return cached_checks(cli, NULL, out);
	if ((rc = cmd_client_open(cli, &c)))
		return rc;
	rc = r53_list_health_checks(c, out, &err);
	for (size_t i = 0; rc == R53_OK && status && i < out->len; i++)
		rc = r53_get_health_check_status(c, out->items[i].id, &out->items[i].status, NULL,
						 NULL, &err);
	r53_client_free(&c);
	if (rc == R53_HTTP)
		return cached_checks(cli, &err, out);
	if (rc != R53_OK)
		return cmd_fail(&err);
	if ((cache = cache_for(cli, NULL))) {
		cache_put_health_checks(cache, out->items, out->len, NULL);
		for (size_t i = 0; status && i < out->len; i++)
			if (out->items[i].status >= 0)
				cache_put_health_status(cache, out->items[i].id,
							out->items[i].status, NULL);
		cache_close(&cache);
	}
	if (out->len) /* an empty list may have no array: qsort(NULL, 0) is undefined */
		qsort(out->items, out->len, sizeof(*out->items), check_cmp);
	return EXIT_OK;
}
