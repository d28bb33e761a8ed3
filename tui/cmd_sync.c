/* `r53 sync [ZONE]`: refresh the cache from Route 53 (everything, or one zone's record sets);
 * `r53 search TEXT [--zone ZONE]`: names and values across the cached zones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "tui/cache_open.h"
#include "tui/cmd_common.h"
#include "tui/cmd_list.h"
#include "tui/cmd_read.h"
#include "tui/sync.h"

struct progress_state {
	bool tty;     /* progress on stderr only on a terminal */
	bool shown;   /* a progress line is on screen */
	bool unreachable; /* said once; the other requests fail the same way */
};

static void
progress_clear(struct progress_state *ps)
{
	if (ps->shown)
		fprintf(stderr, "\r\033[K");
	ps->shown = false;
}

static void
progress(const struct sync_progress *p, void *user)
{
	struct progress_state *ps = user;

	if (p->event == SYNC_EV_ERROR) {
		if (p->err->code == R53_HTTP && ps->unreachable)
			return;
		ps->unreachable |= p->err->code == R53_HTTP;
		progress_clear(ps);
		fprintf(stderr, "r53: sync%s%s: %s\n", p->zone_name ? " " : "",
			p->zone_name ? p->zone_name : "",
			p->err->text[0] ? p->err->text : r53_strerror(p->err->code));
		return;
	}
	if (!ps->tty || p->event == SYNC_EV_DONE)
		return;
	fprintf(stderr, "\r\033[Ksync: zones %zu/%zu, %zu record sets%s%s", p->zones_done,
		p->zones_total, p->rrsets, p->zone_name ? ", reading " : "",
		p->zone_name ? p->zone_name : "");
	ps->shown = true;
}

int
cmd_sync(const struct cli *cli, int argc, char **argv)
{
	struct progress_state ps = { 0 };
	struct r53_client *c = NULL;
	struct cache *cache = NULL;
	struct sync *s = NULL;
	struct r53_error err = { 0 };
	struct zone z;
	const struct sync_progress *st;
	struct timespec t0, t1;
	double secs;
	int rc;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "r53: usage: r53 sync [ZONE]\n");
		return EXIT_USAGE;
	}
	if (cli->offline) {
		fprintf(stderr, "r53: sync reads Route 53; it cannot run with --offline\n");
		return EXIT_USAGE;
	}
	zone_init(&z);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = cmd_client_open(cli, &c)))
		return rc;
	if (cmd_cache_open(cli, &cache, &err) != R53_OK) {
		fprintf(stderr, "r53: cache: %s\n", err.text);
		rc = EXIT_SERVICE;
		goto out;
	}
	if (argc == 2) {
		if ((rc = cmd_zone(c, argv[1], &z)))
			goto out;
		if (cache_put_zone(cache, &z, &err) != R53_OK) {
			fprintf(stderr, "r53: cache: %s\n", err.text);
			rc = EXIT_SERVICE;
			goto out;
		}
	}
	ps.tty = isatty(STDERR_FILENO);
	if (!(s = sync_new(c, cache, progress, &ps))) {
		fprintf(stderr, "r53: out of memory\n");
		rc = EXIT_SERVICE;
		goto out;
	}
	if (sync_start(s, argc == 2 ? 0 : SYNC_ALL, argc == 2 ? z.id : NULL, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	sync_run(s, &err);
	progress_clear(&ps);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	st = sync_stats(s);
	if (argc == 2)
		printf("synced %s: %zu record set%s in %.1fs%s\n", z.name, st->rrsets,
		       st->rrsets == 1 ? "" : "s", secs, st->errors ? " (with errors)" : "");
	else
		printf("synced %zu of %zu zone%s, %zu record set%s, %zu domain%s, %zu health "
		       "check%s in %.1fs%s\n",
		       st->zones_done, st->zones_total, st->zones_total == 1 ? "" : "s", st->rrsets,
		       st->rrsets == 1 ? "" : "s", st->domains, st->domains == 1 ? "" : "s",
		       st->checks, st->checks == 1 ? "" : "s", secs,
		       st->errors ? " (with errors)" : "");
	rc = cmd_exit_for(sync_first_error(s)->code);
out:
	r53_client_free(&c);
	sync_free(&s);
	cache_close(&cache);
	zone_done(&z);
	return rc;
}

/*
 * search TEXT [--zone ZONE] [--exact]
 */

/* --exact: is the record set's whole name, one of its whole values or its alias target
 * @text? Names are compared canonical (@canon: TEXT as a name, "" when it is none), so
 * "*.example.com", "\052.example.com." and Unicode names match as they do in a zone. */
static bool
exact_hit(const struct rrset *rr, const char *text, const char *canon)
{
	if (canon[0] && (!strcasecmp(rr->name, canon) ||
			 (rr->alias && !strcasecmp(rr->alias->dns_name, canon))))
		return true;
	for (size_t i = 0; i < rr->nvalues; i++)
		if (name_same_host(rr->values[i], text) ||
		    (canon[0] && name_same_host(rr->values[i], canon)))
			return true;
	return false;
}

/* The text the cache's substring search looks for: TEXT, or a name in Unicode as its xn--
 * form (names are stored so), without a trailing dot (values are stored without one). */
static void
search_key(const char *text, char *out, size_t outsz, const char *canon)
{
	bool ascii = true;
	size_t len;

	for (const char *p = text; *p; p++)
		ascii = ascii && !((unsigned char)*p & 0x80);
	snprintf(out, outsz, "%s", ascii || !canon[0] ? text : canon);
	len = strlen(out);
	if (len > 1 && out[len - 1] == '.')
		out[len - 1] = '\0';
}

int
cmd_search(const struct cli *cli, int argc, char **argv)
{
	const char *text = NULL, *zone_arg = NULL, *v;
	struct cache *cache = NULL;
	struct search_hit *hits = NULL;
	struct r53_error err = { 0 };
	struct zone z;
	size_t n = 0;
	int64_t at = 0;
	int rc = EXIT_OK;
	bool exact = false;
	char canon[NAME_TEXT_MAX], key[NAME_TEXT_MAX];

	for (int i = 1; i < argc; i++) {
		if ((v = cmd_opt(argc, argv, &i, "--zone"))) {
			zone_arg = v;
		} else if (!strcmp(argv[i], "--exact")) {
			exact = true;
		} else if (argv[i][0] == '-' || text) {
			fprintf(stderr, "r53: usage: r53 search TEXT [--zone ZONE] [--exact]\n");
			return EXIT_USAGE;
		} else {
			text = argv[i];
		}
	}
	if (!text || (exact && !*text)) {
		fprintf(stderr, "r53: usage: r53 search TEXT [--zone ZONE] [--exact]\n");
		return EXIT_USAGE;
	}
	if (name_canonical(text, canon, sizeof(canon), NULL) != R53_OK)
		canon[0] = '\0';
	search_key(text, key, sizeof(key), canon);
	zone_init(&z);
	if (cmd_cache_open(cli, &cache, &err) != R53_OK) {
		fprintf(stderr, "r53: cache: %s\n", err.text);
		return EXIT_SERVICE;
	}
	{
		struct zone *zones = NULL;
		size_t nz = 0;

		if (cache_list_zones(cache, &zones, &nz, &at, &err) == R53_OK) {
			for (size_t i = 0; i < nz; i++)
				zone_done(&zones[i]);
			free(zones);
		}
	}
	if (at == 0) {
		fprintf(stderr, "r53: search reads the cache, and it holds no zones yet (run r53 "
				"sync)\n");
		rc = EXIT_UNREACHABLE;
		goto out;
	}
	if (cli->offline) { /* search always reads the cache; --offline says so like the others */
		char age[64];

		sync_age_text(at, age, sizeof(age));
		fprintf(stderr, "r53: offline: from the cache, %s\n", age);
	}
	if (zone_arg && cmd_cache_find_zone(cache, zone_arg, &z, &err) != R53_OK) {
		err.code = err.code == R53_NOTFOUND || err.code == R53_CONFLICT ? R53_AWS : err.code;
		rc = cmd_fail(&err);
		goto out;
	}
	if (cache_search_limit(cache, key, zone_arg ? z.id : NULL, 0, &hits, &n, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (exact) { /* the substring hits narrowed to whole names and values */
		size_t kept = 0;

		for (size_t i = 0; i < n; i++) {
			if (exact_hit(hits[i].rr, text, canon)) {
				struct search_hit h = hits[kept];

				hits[kept++] = hits[i];
				hits[i] = h;
			}
		}
		for (size_t i = kept; i < n; i++) { /* the rest: members only, one array */
			free(hits[i].zone_id);
			free(hits[i].zone_name);
			rrset_free(&hits[i].rr);
		}
		n = kept;
	}
	if (cli->output == OUTPUT_JSON) {
		json_t *o = json_object(), *a = json_array();

		for (size_t i = 0; i < n; i++) {
			json_t *h = json_object();
			char id[80];

			snprintf(id, sizeof(id), "/hostedzone/%s", hits[i].zone_id);
			json_object_set_new(h, "HostedZoneId", json_string(id));
			json_object_set_new(h, "HostedZoneName", json_string(hits[i].zone_name));
			json_object_set_new(h, "ResourceRecordSet", r53_rrset_to_json(hits[i].rr));
			json_array_append_new(a, h);
		}
		json_object_set_new(o, "Matches", a);
		cmd_print_json(o);
	} else if (n) {
		struct table t;
		const char *head[] = { "ZONE", "NAME", "TYPE", "VALUE" };

		table_init(&t, 4);
		table_row(&t, head);
		for (size_t i = 0; i < n; i++) {
			char zname[NAME_TEXT_MAX * 2], name[NAME_TEXT_MAX * 2];
			char *values = rrset_value_text(hits[i].rr);
			const char *row[4];

			name_display(hits[i].zone_name, zname, sizeof(zname), true);
			name_display(hits[i].rr->name, name, sizeof(name), true);
			row[0] = zname;
			row[1] = name;
			row[2] = rr_type_name(hits[i].rr->type);
			row[3] = values ? values : "(out of memory)";
			table_row(&t, row);
			free(values);
		}
		table_print(&t, stdout);
	}
	if (n == 0) {
		fprintf(stderr, "r53: nothing in the cache matches '%s'\n", text);
		rc = EXIT_SERVICE;
	}
out:
	search_hits_free(hits, n);
	zone_done(&z);
	cache_close(&cache);
	return rc;
}
