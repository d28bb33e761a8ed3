/* cache-put: writes zones, domains and health checks read from stdin into a cache file through
 * the cache API, for screen tests of the views that show them.
 *
 *   cache-put --cache FILE [--profile P] [--endpoint URL] < lines
 *
 *   zone ID NAME public|private NS,NS,...
 *   domain NAME EXPIRY(unix) renew|norenew lock|nolock NS,NS,...
 *   hc ID TYPE IP PORT healthy|unhealthy|unknown
 *   apex ZONE-ID    (the zone, listed before, gets its SOA and NS record sets, as Route 53
 *                    creates them, so records can be added to it in the editor)
 *
 * Each kind replaces that kind's list in the namespace. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "models/models.h"

static size_t
split_ns(char *list, char **out, size_t max)
{
	size_t n = 0;

	if (!strcmp(list, "-")) /* none (a domain whose detail was not read) */
		return 0;
	for (char *tok = strtok(list, ","); tok && n < max; tok = strtok(NULL, ","))
		out[n++] = strdup(tok);
	return n;
}

/* The SOA and NS record sets of the zone @id (one of @zones), written as a complete sync. */
static int
put_apex(struct cache *c, const struct zone *zones, size_t nz, const char *id,
	 struct r53_error *err)
{
	const struct zone *z = NULL;
	struct rrset_list page;
	struct rrset *soa, *ns;
	char soav[600];
	int rc = 0;

	for (size_t i = 0; i < nz; i++)
		if (!strcmp(zones[i].id, id))
			z = &zones[i];
	if (!z || !z->nname_servers) {
		r53_error_set(err, R53_USAGE, "apex", "apex %s: no zone with name servers before it",
			      id);
		return 1;
	}
	rrset_list_init(&page);
	snprintf(soav, sizeof(soav), "%s awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
		 z->name_servers[0]);
	soa = rrset_new(z->name, RR_SOA, err);
	ns = rrset_new(z->name, RR_NS, err);
	if (!soa || !ns || rrset_add_value(soa, soav, err) != R53_OK) {
		rc = 1;
	} else {
		soa->ttl = 900;
		soa->has_ttl = true;
		ns->ttl = 172800;
		ns->has_ttl = true;
		for (size_t i = 0; rc == 0 && i < z->nname_servers; i++)
			if (rrset_add_value(ns, z->name_servers[i], err) != R53_OK)
				rc = 1;
	}
	if (rc == 0) {
		struct rrset *a = soa, *b = ns; /* the list owns both from here */

		soa = ns = NULL;
		if (rrset_list_take(&page, a, err) != R53_OK)
			rc = 1;
		if (rrset_list_take(&page, b, err) != R53_OK)
			rc = 1;
	}
	if (rc == 0 && (cache_sync_begin(c, id, err) != R53_OK ||
			cache_sync_page(c, id, &page, err) != R53_OK ||
			cache_sync_end(c, id, true, err) != R53_OK))
		rc = 1;
	rrset_free(&soa);
	rrset_free(&ns);
	rrset_list_done(&page);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *path = NULL, *profile = "default", *endpoint = "https://route53.amazonaws.com";
	struct zone zones[64];
	struct domain domains[64];
	struct health_check hcs[64];
	size_t nz = 0, nd = 0, nh = 0, na = 0;
	char apex[64][512];
	struct cache *c = NULL;
	struct r53_error err = { 0 };
	char line[2048];
	int rc = 0;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--cache"))
			path = argv[i + 1];
		else if (!strcmp(argv[i], "--profile"))
			profile = argv[i + 1];
		else if (!strcmp(argv[i], "--endpoint"))
			endpoint = argv[i + 1];
	}
	if (!path) {
		fprintf(stderr, "usage: cache-put --cache FILE [--profile P] [--endpoint URL]\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		char a[5][512];
		char kind[16];
		int k = sscanf(line, "%15s %511s %511s %511s %511s %511s", kind, a[0], a[1], a[2],
			       a[3], a[4]);

		if (k <= 0 || kind[0] == '#')
			continue;
		if (!strcmp(kind, "zone") && k == 5 && nz < 64) {
			struct zone *z = &zones[nz++];
			char canon[NAME_TEXT_MAX];

			zone_init(z);
			name_canonical(a[1], canon, sizeof(canon), NULL);
			z->id = strdup(a[0]);
			z->name = strdup(canon);
			z->private_zone = !strcmp(a[2], "private");
			z->record_count = 2;
			z->nname_servers = split_ns(a[3], z->name_servers, 8);
		} else if (!strcmp(kind, "domain") && k == 6 && nd < 64) {
			struct domain *d = &domains[nd++];
			char canon[NAME_TEXT_MAX];

			domain_init(d);
			name_canonical(a[0], canon, sizeof(canon), NULL);
			d->name = strdup(canon);
			d->expiry = atof(a[1]);
			d->auto_renew = !strcmp(a[2], "renew");
			d->transfer_lock = !strcmp(a[3], "lock");
			d->nname_servers = split_ns(a[4], d->name_servers, 13);
		} else if (!strcmp(kind, "hc") && k == 6 && nh < 64) {
			struct health_check *h = &hcs[nh++];

			health_check_init(h);
			h->id = strdup(a[0]);
			h->caller_ref = strdup(a[0]);
			h->type = strdup(a[1]);
			h->ip = strdup(a[2]);
			h->port = atoi(a[3]);
			h->status = !strcmp(a[4], "healthy") ? 1 : !strcmp(a[4], "unhealthy") ? 0 : -1;
		} else if (!strcmp(kind, "apex") && k == 2 && na < 64) {
			snprintf(apex[na++], sizeof(apex[0]), "%s", a[0]);
		} else {
			fprintf(stderr, "cache-put: bad line: %s", line);
			rc = 2;
		}
	}
	if (rc == 0 && cache_open(path, profile, endpoint, &c, &err) != R53_OK)
		rc = 1;
	if (rc == 0 && nz && cache_put_zones(c, zones, nz, &err) != R53_OK)
		rc = 1;
	for (size_t i = 0; rc == 0 && i < na; i++)
		rc = put_apex(c, zones, nz, apex[i], &err);
	if (rc == 0 && nd && cache_put_domains(c, domains, nd, &err) != R53_OK)
		rc = 1;
	if (rc == 0 && nh && cache_put_health_checks(c, hcs, nh, &err) != R53_OK)
		rc = 1;
	for (size_t i = 0; rc == 0 && i < nh; i++)
		if (hcs[i].status >= 0 && cache_put_health_status(c, hcs[i].id, hcs[i].status,
								  &err) != R53_OK)
			rc = 1;
	if (rc == 1)
		fprintf(stderr, "cache-put: %s\n", err.text);
	cache_close(&c);
	for (size_t i = 0; i < nz; i++)
		zone_done(&zones[i]);
	for (size_t i = 0; i < nd; i++)
		domain_done(&domains[i]);
	for (size_t i = 0; i < nh; i++)
		health_check_done(&hcs[i]);
	return rc;
}
