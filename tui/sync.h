/* The sync engine: reads Route 53 through the client's non-blocking API and writes what it
 * reads into the cache, so that every view and every --offline command answers from there.
 *
 * Order of work: the zone list (cache_put_zones), then each zone's record sets (300 per page,
 * each page one cache transaction between cache_sync_begin and cache_sync_end), one zone at a
 * time, the zone someone is looking at first (sync_prefer_zone); registered domains (the list,
 * then each one's detail for its name servers) and health checks (the list, then each one's
 * status from the checkers' observations) go alongside. An interrupted zone keeps its previous rows plus the pages written.
 *
 * Two ways to drive it, one code path: the TUI calls sync_start() and lets its own loop poll
 * the client (r53_client_perform runs the callbacks); a subcommand calls sync_run(), which
 * loops on r53_client_wait until the work is done. Neither owns the client or the cache. */
#ifndef R53_TUI_SYNC_H
#define R53_TUI_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"
#include "client/client.h"
#include "tui/commands.h"

struct sync;

/* What to read (bits). */
enum sync_what {
	SYNC_ZONES = 1,	  /* the zone list, then every zone's record sets */
	SYNC_DOMAINS = 2, /* registered domains (Route 53 Domains) */
	SYNC_HEALTH = 4,  /* health checks */
	SYNC_ALL = 7,
	SYNC_LIST_ONLY = 8, /* with SYNC_ZONES: the zone list only, no record sets */
};

enum sync_event {
	SYNC_EV_ZONES,	   /* the zone list is in the cache (zones_total set) */
	SYNC_EV_PAGE,	   /* a page of @zone_id's record sets is in the cache */
	SYNC_EV_ZONE_DONE, /* @zone_id is complete in the cache */
	SYNC_EV_DOMAINS,   /* domains are in the cache */
	SYNC_EV_HEALTH,	   /* health checks are in the cache */
	SYNC_EV_ERROR,	   /* @err says what failed (the rest goes on where it can) */
	SYNC_EV_DONE,	   /* nothing left to do */
};

/* What the progress callback sees; borrowed for the duration of the call. */
struct sync_progress {
	enum sync_event event;
	const char *zone_id;	       /* PAGE, ZONE_DONE, or the zone an ERROR is about; else NULL */
	const char *zone_name;	       /* canonical, same */
	size_t zones_done, zones_total; /* zones whose record sets are complete / to do */
	size_t rrsets;		       /* record sets written so far */
	size_t domains, checks;	       /* written so far */
	size_t errors;
	const struct r53_error *err;   /* ERROR: what failed */
};
typedef void (*sync_progress_fn)(const struct sync_progress *p, void *user);

/* @c and @cache are borrowed and must outlive the engine. @fn (may be NULL) is called from
 * inside r53_client_perform (or sync_start when nothing can be queued). */
struct sync *sync_new(struct r53_client *c, struct cache *cache, sync_progress_fn fn, void *user);
/* NULL-safe; sets *s = NULL. Callbacks of pending requests point at the engine: free the
 * client first (r53_client_free cancels them without callbacks) or wait until !sync_busy. */
void sync_free(struct sync **s);

/* Starts reading @what. @zone_id non-NULL: only that zone's record sets (the zone list is not
 * re-read; the zone should already be in the cache, e.g. by cache_put_zone). Fails (R53_USAGE)
 * when a sync is running. */
enum r53_code sync_start(struct sync *s, unsigned what, const char *zone_id,
			 struct r53_error *err);
/* Moves @zone_id to the front of the queue of zones still to read (it starts next). */
void sync_prefer_zone(struct sync *s, const char *zone_id);
/* True while requests are pending or queued. */
bool sync_busy(const struct sync *s);
/* Blocking: drives the client until the sync is done. Returns R53_OK when everything was
 * read, else the first error (the cache holds what was read). */
enum r53_code sync_run(struct sync *s, struct r53_error *err);
/* The totals so far (event SYNC_EV_DONE style); never NULL. */
const struct sync_progress *sync_stats(const struct sync *s);
/* The first error seen since sync_start (code R53_OK when none). */
const struct r53_error *sync_first_error(const struct sync *s);

/* "5 minutes old", "1 hour old", "never synced" for a time in Unix seconds. */
void sync_age_text(int64_t then, char *buf, size_t bufsz);

#endif
