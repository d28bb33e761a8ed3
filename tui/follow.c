/* PENDING -> INSYNC in the background (see follow.h). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/follow.h"

struct follow {
	struct r53_client *client; /* borrowed */
	struct cache *cache;	   /* borrowed */
	long interval_ms;
	int64_t next_ms;  /* monotonic time of the next poll */
	bool in_flight;	  /* a GetChange is queued */
	int64_t row;	  /* the batch it is about */
	char change_id[64];
	char insync[64]; /* the last change seen INSYNC, not yet announced */
	size_t pending;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct follow *
follow_new(struct r53_client *c, struct cache *cache)
{
	struct follow *f = calloc(1, sizeof(*f));
	const char *v = getenv("R53_WAIT_INTERVAL_MS");
	long n = v ? strtol(v, NULL, 10) : 0;

	if (!f)
		return NULL;
	f->client = c;
	f->cache = cache;
	f->interval_ms = n > 0 ? n : 2000;
	return f;
}

void
follow_free(struct follow **f)
{
	if (!f || !*f)
		return;
	free(*f);
	*f = NULL;
}

static void
answered(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	 struct r53_page *page, void *user)
{
	struct follow *f = user;

	(void)c;
	(void)op;
	f->in_flight = false;
	/* An error (offline, throttled) just means: ask again at the next tick. */
	if (err || !page || strcmp(page->change.status, "INSYNC"))
		return;
	if (cache_batch_update(f->cache, f->row, f->change_id, "INSYNC", NULL) == R53_OK) {
		snprintf(f->insync, sizeof(f->insync), "%s", f->change_id);
		f->next_ms = 0; /* the next PENDING one, if any, at once */
		if (f->pending)
			f->pending--;
	}
}

void
follow_tick(struct follow *f, char *announce, size_t announcesz)
{
	struct applied_batch *rows = NULL;
	size_t n = 0;
	int64_t t;

	if (announce && announcesz)
		announce[0] = '\0';
	if (!f)
		return;
	if (f->insync[0] && announce) {
		snprintf(announce, announcesz, "change %s is INSYNC", f->insync);
		f->insync[0] = '\0';
	}
	t = now_ms();
	if (f->in_flight || t < f->next_ms)
		return;
	f->next_ms = t + f->interval_ms;
	if (cache_list_batches_status(f->cache, "PENDING", &rows, &n, NULL) != R53_OK)
		return;
	f->pending = 0;
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].change_id)
			continue;
		if (!f->pending++) {
			f->row = rows[i].id;
			snprintf(f->change_id, sizeof(f->change_id), "%s", rows[i].change_id);
		}
	}
	applied_batches_free(rows, n);
	if (f->pending && r53_async_get_change(f->client, f->change_id, answered, f, NULL) == R53_OK)
		f->in_flight = true;
}

size_t
follow_pending(const struct follow *f)
{
	return f ? f->pending : 0;
}
