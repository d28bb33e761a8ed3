/* client-async: drives the non-blocking API the way the TUI loop will. It lists zones page by
 * page, then pages through every zone's record sets with all zones in flight at once, waiting
 * with curl_multi_poll (r53_client_wait) between steps. Prints one line per zone and the total
 * number of requests. Usage: client-async ENDPOINT_URL */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"

struct zone_job {
	char id[64], name[NAME_TEXT_MAX];
	size_t count;
	int pages;
	bool done;
};

struct state {
	struct zone_job jobs[64];
	size_t njobs;
	bool zones_done;
	int failures;
};

static void
rrsets_done(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	    struct r53_page *page, void *user)
{
	struct zone_job *j = user;

	if (err) {
		fprintf(stderr, "%s: %s\n", j->name, err->text);
		j->done = true;
		return;
	}
	j->count += page->rrsets.len;
	j->pages++;
	if (page->truncated) {
		struct r53_error e = { 0 };

		if (r53_async_list_rrsets(c, j->id, page->next_name, page->next_type, page->next_id,
					  300, rrsets_done, j, &e) != R53_OK) {
			fprintf(stderr, "%s\n", e.text);
			j->done = true;
		}
		return;
	}
	j->done = true;
}

static void
zones_done(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	   struct r53_page *page, void *user)
{
	struct state *st = user;
	struct r53_error e = { 0 };

	if (err) {
		fprintf(stderr, "zones: %s\n", err->text);
		st->failures++;
		st->zones_done = true;
		return;
	}
	for (size_t i = 0; i < page->zones.len && st->njobs < 64; i++) {
		struct zone_job *j = &st->jobs[st->njobs++];

		snprintf(j->id, sizeof(j->id), "%s", page->zones.items[i].id);
		snprintf(j->name, sizeof(j->name), "%s", page->zones.items[i].name);
		/* Start each zone's listing while the zone list is still paging. */
		if (r53_async_list_rrsets(c, j->id, NULL, NULL, NULL, 300, rrsets_done, j, &e) !=
		    R53_OK)
			j->done = true;
	}
	if (page->truncated)
		r53_async_list_zones(c, page->next_marker, zones_done, st, &e);
	else
		st->zones_done = true;
}

int
main(int argc, char **argv)
{
	struct r53_client_config cfg = { 0 };
	struct r53_client *c;
	struct r53_error err = { 0 };
	struct state st;
	bool busy = true;

	if (argc != 2) {
		fprintf(stderr, "usage: client-async ENDPOINT_URL\n");
		return 2;
	}
	memset(&st, 0, sizeof(st));
	cfg.endpoint_url = argv[1];
	if (r53_client_new(&cfg, &c, &err) != R53_OK) {
		fprintf(stderr, "%s\n", err.text);
		return 1;
	}
	if (r53_client_multi_handle(c) == NULL ||
	    r53_async_list_zones(c, NULL, zones_done, &st, &err) != R53_OK) {
		fprintf(stderr, "%s\n", err.text);
		r53_client_free(&c);
		return 1;
	}
	while (busy) {
		r53_client_wait(c, 1000);
		busy = !st.zones_done;
		for (size_t i = 0; i < st.njobs; i++)
			busy |= !st.jobs[i].done;
	}
	for (size_t i = 0; i < st.njobs; i++)
		printf("%s %s %zu rrsets in %d pages\n", st.jobs[i].id, st.jobs[i].name,
		       st.jobs[i].count, st.jobs[i].pages);
	{
		unsigned long serial;
		int contact = r53_client_contact(c, &serial);

		printf("requests %lu\n", r53_client_request_count(c));
		printf("contact %d after %lu\n", contact, serial);
	}
	printf("pending %d timeout %ld\n", r53_client_perform(c), r53_client_timeout_ms(c));
	r53_client_free(&c);
	return st.failures ? 1 : 0;
}
