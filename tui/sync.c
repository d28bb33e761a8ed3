/* The sync engine (see sync.h): Route 53 -> cache through the client's non-blocking API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/sync.h"

struct zone_item {
	char id[64];
	char name[NAME_TEXT_MAX];
};

struct sync {
	struct r53_client *c; /* borrowed */
	struct cache *cache;  /* borrowed */
	sync_progress_fn fn;
	void *user;
	unsigned what;
	bool running;

	/* zone list pages gathered until the last one */
	bool zones_pending;
	struct zone_list zones_acc;
	/* zones whose record sets are still to read: queue[0..nqueue) */
	struct zone_item *queue;
	size_t nqueue, qcap;
	/* the zone being read */
	bool zone_running;
	struct zone_item cur;

	bool domains_pending;
	struct domain_list domains_acc; /* pages, then each item replaced by its detail */
	size_t detail_next;		/* GetDomainDetail: next index into domains_acc */
	bool health_pending;
	struct health_check_list health_acc;
	char **check_ids; /* owned: ids of the checks read, whose statuses are read next */
	size_t ncheck_ids, status_next;

	struct sync_progress stats;
	struct r53_error first;
};

static enum r53_code
grow(void **items, size_t *cap, size_t need, size_t elsz, struct r53_error *err)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return R53_OK;
	while (ncap < need)
		ncap *= 2;
	if (!(p = realloc(*items, ncap * elsz)))
		return r53_error_set(err, R53_NOMEM, "sync", "out of memory");
	*items = p;
	*cap = ncap;
	return R53_OK;
}

static void
emit(struct sync *s, enum sync_event ev, const struct zone_item *z, const struct r53_error *err)
{
	struct sync_progress p = s->stats;

	p.event = ev;
	p.zone_id = z ? z->id : NULL;
	p.zone_name = z ? z->name : NULL;
	p.err = err;
	if (s->fn)
		s->fn(&p, s->user);
}

static void
report_error(struct sync *s, const struct zone_item *z, const struct r53_error *err)
{
	s->stats.errors++;
	if (s->first.code == R53_OK)
		s->first = *err;
	emit(s, SYNC_EV_ERROR, z, err);
}

static void
check_done(struct sync *s)
{
	if (!s->running || s->zones_pending || s->zone_running || s->nqueue ||
	    s->domains_pending || s->health_pending)
		return;
	s->running = false;
	emit(s, SYNC_EV_DONE, NULL, NULL);
}

/*
 * Record sets, one zone at a time
 */
static void rrsets_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
		      struct r53_page *page, void *user);

/* Starts the next queued zone, if any and none is running. */
static void
next_zone(struct sync *s)
{
	while (!s->zone_running && s->nqueue) {
		struct r53_error e = { 0 };

		s->cur = s->queue[0];
		memmove(s->queue, s->queue + 1, (s->nqueue - 1) * sizeof(*s->queue));
		s->nqueue--;
		if (cache_sync_begin(s->cache, s->cur.id, &e) != R53_OK ||
		    r53_async_list_rrsets(s->c, s->cur.id, NULL, NULL, NULL, 300, rrsets_cb, s,
					  &e) != R53_OK) {
			report_error(s, &s->cur, &e);
			continue;
		}
		s->zone_running = true;
	}
}

static void
zone_finished(struct sync *s, bool complete)
{
	struct r53_error e = { 0 };

	if (cache_sync_end(s->cache, s->cur.id, complete, &e) != R53_OK)
		report_error(s, &s->cur, &e);
	else if (complete) {
		s->stats.zones_done++;
		emit(s, SYNC_EV_ZONE_DONE, &s->cur, NULL);
	}
	s->zone_running = false;
	next_zone(s);
	check_done(s);
}

static void
rrsets_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	  struct r53_page *page, void *user)
{
	struct sync *s = user;
	struct r53_error e = { 0 };

	if (err) {
		report_error(s, &s->cur, err);
		zone_finished(s, false);
		return;
	}
	if (cache_sync_page(s->cache, s->cur.id, &page->rrsets, &e) != R53_OK) {
		report_error(s, &s->cur, &e);
		zone_finished(s, false);
		return;
	}
	s->stats.rrsets += page->rrsets.len;
	emit(s, SYNC_EV_PAGE, &s->cur, NULL);
	if (page->truncated && page->next_name) {
		if (r53_async_list_rrsets(c, s->cur.id, page->next_name, page->next_type,
					  page->next_id, 300, rrsets_cb, s, &e) != R53_OK) {
			report_error(s, &s->cur, &e);
			zone_finished(s, false);
		}
		return;
	}
	zone_finished(s, true);
}

static enum r53_code
queue_zone(struct sync *s, const char *id, const char *name, struct r53_error *err)
{
	struct zone_item *z;

	if (grow((void **)&s->queue, &s->qcap, s->nqueue + 1, sizeof(*s->queue), err) != R53_OK)
		return R53_NOMEM;
	z = &s->queue[s->nqueue++];
	snprintf(z->id, sizeof(z->id), "%s", id);
	snprintf(z->name, sizeof(z->name), "%s", name ? name : id);
	return R53_OK;
}

void
sync_prefer_zone(struct sync *s, const char *zone_id)
{
	for (size_t i = 0; s && zone_id && i < s->nqueue; i++) {
		if (strcmp(s->queue[i].id, zone_id))
			continue;
		struct zone_item z = s->queue[i];

		memmove(s->queue + 1, s->queue, i * sizeof(*s->queue));
		s->queue[0] = z;
		return;
	}
}

/*
 * The zone list
 */
static void
zones_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err, struct r53_page *page,
	 void *user)
{
	struct sync *s = user;
	struct zone_list *acc = &s->zones_acc;
	struct r53_error e = { 0 };

	if (err) {
		s->zones_pending = false;
		report_error(s, NULL, err);
		check_done(s);
		return;
	}
	if (grow((void **)&acc->items, &acc->cap, acc->len + page->zones.len, sizeof(*acc->items),
		 &e) != R53_OK)
		goto fail;
	for (size_t i = 0; i < page->zones.len; i++) {
		acc->items[acc->len++] = page->zones.items[i];
		zone_init(&page->zones.items[i]);
	}
	if (page->truncated && page->next_marker) {
		if (r53_async_list_zones(c, page->next_marker, zones_cb, s, &e) != R53_OK)
			goto fail;
		return;
	}
	s->zones_pending = false;
	if (cache_put_zones(s->cache, acc->items, acc->len, &e) != R53_OK)
		goto fail_done;
	s->stats.zones_total = s->what & SYNC_LIST_ONLY ? 0 : acc->len;
	for (size_t i = 0; i < s->stats.zones_total; i++)
		if (queue_zone(s, acc->items[i].id, acc->items[i].name, &e) != R53_OK)
			goto fail_done;
	zone_list_done(acc);
	emit(s, SYNC_EV_ZONES, NULL, NULL);
	next_zone(s);
	check_done(s);
	return;
fail:
	s->zones_pending = false;
fail_done:
	zone_list_done(acc);
	report_error(s, NULL, &e);
	check_done(s);
}

/*
 * Domains and health checks
 */
/* Domains and their details */
static void
keep_cached_ns(struct sync *s)
{
	struct domain_list *acc = &s->domains_acc;
	struct domain *old = NULL;
	size_t nold = 0;

	if (cache_list_domains(s->cache, &old, &nold, NULL, NULL) != R53_OK)
		return;
	for (size_t i = 0; i < acc->len; i++) {
		struct domain *d = &acc->items[i];

		for (size_t k = 0; !d->nname_servers && k < nold; k++) {
			if (strcmp(old[k].name, d->name))
				continue;
			memcpy(d->name_servers, old[k].name_servers, sizeof(d->name_servers));
			d->nname_servers = old[k].nname_servers;
			memset(old[k].name_servers, 0, sizeof(old[k].name_servers));
			old[k].nname_servers = 0;
		}
	}
	for (size_t k = 0; k < nold; k++)
		domain_done(&old[k]);
	free(old);
}

static void detail_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
		      struct r53_page *page, void *user);

/* Asks for the next domain's detail (its registrar name servers), one at a time: Route 53
 * Domains allows a few requests a second. After the last one the list is written again. */
static void
next_detail(struct sync *s)
{
	struct domain_list *acc = &s->domains_acc;
	struct r53_error e = { 0 };

	while (s->detail_next < acc->len) {
		if (r53_async_get_domain(s->c, acc->items[s->detail_next].name, detail_cb, s, &e) ==
		    R53_OK)
			return;
		report_error(s, NULL, &e);
		r53_error_clear(&e);
		s->detail_next++;
	}
	if (acc->len && cache_put_domains(s->cache, acc->items, acc->len, &e) != R53_OK)
		report_error(s, NULL, &e);
	else if (acc->len)
		emit(s, SYNC_EV_DOMAINS, NULL, NULL);
	s->domains_pending = false;
	domain_list_done(acc);
	check_done(s);
}

static void
detail_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	  struct r53_page *page, void *user)
{
	struct sync *s = user;
	struct domain_list *acc = &s->domains_acc;

	/* A domain whose detail cannot be read keeps what the list and the cache said. */
	if (err)
		report_error(s, NULL, err);
	else if (s->detail_next < acc->len && page->domains.len &&
		 !strcmp(page->domains.items[0].name, acc->items[s->detail_next].name)) {
		domain_done(&acc->items[s->detail_next]);
		acc->items[s->detail_next] = page->domains.items[0];
		domain_init(&page->domains.items[0]);
	}
	s->detail_next++;
	next_detail(s);
}

static void
domains_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	   struct r53_page *page, void *user)
{
	struct sync *s = user;
	struct domain_list *acc = &s->domains_acc;
	struct r53_error e = { 0 };

	if (err) {
		s->domains_pending = false;
		domain_list_done(acc);
		report_error(s, NULL, err);
		check_done(s);
		return;
	}
	if (grow((void **)&acc->items, &acc->cap, acc->len + page->domains.len,
		 sizeof(*acc->items), &e) != R53_OK)
		goto fail;
	for (size_t i = 0; i < page->domains.len; i++) {
		acc->items[acc->len++] = page->domains.items[i];
		domain_init(&page->domains.items[i]);
	}
	if (page->truncated && page->next_marker) {
		if (r53_async_list_domains(c, page->next_marker, domains_cb, s, &e) != R53_OK)
			goto fail;
		return;
	}
	/* ListDomains has no name servers: until GetDomainDetail answers, a domain keeps the
	 * ones the cache had, so the view does not flicker to "not read" on every sync. */
	keep_cached_ns(s);
	if (cache_put_domains(s->cache, acc->items, acc->len, &e) != R53_OK)
		goto fail;
	s->stats.domains = acc->len;
	emit(s, SYNC_EV_DOMAINS, NULL, NULL);
	s->detail_next = 0;
	next_detail(s);
	return;
fail:
	s->domains_pending = false;
	domain_list_done(acc);
	report_error(s, NULL, &e);
	check_done(s);
}

/* Health check statuses, one check at a time, after the list */
static void status_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
		      struct r53_page *page, void *user);

static void
next_status(struct sync *s)
{
	struct r53_error e = { 0 };

	while (s->status_next < s->ncheck_ids) {
		if (r53_async_get_health_check_status(s->c, s->check_ids[s->status_next],
						      status_cb, s, &e) == R53_OK)
			return;
		report_error(s, NULL, &e);
		r53_error_clear(&e);
		s->status_next++;
	}
	if (s->ncheck_ids)
		emit(s, SYNC_EV_HEALTH, NULL, NULL);
	s->health_pending = false;
	check_done(s);
}

static void
status_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	  struct r53_page *page, void *user)
{
	struct sync *s = user;
	struct r53_error e = { 0 };
	int healthy;

	if (err)
		report_error(s, NULL, err);
	else if ((healthy = r53_observations_healthy(page)) >= 0 &&
		 cache_put_health_status(s->cache, s->check_ids[s->status_next], healthy, &e) !=
			 R53_OK)
		report_error(s, NULL, &e);
	s->status_next++;
	next_status(s);
}

static void
health_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	  struct r53_page *page, void *user)
{
	struct sync *s = user;
	struct health_check_list *acc = &s->health_acc;
	struct r53_error e = { 0 };

	if (err) {
		s->health_pending = false;
		health_check_list_done(acc);
		report_error(s, NULL, err);
		check_done(s);
		return;
	}
	if (grow((void **)&acc->items, &acc->cap, acc->len + page->checks.len, sizeof(*acc->items),
		 &e) != R53_OK)
		goto fail;
	for (size_t i = 0; i < page->checks.len; i++) {
		acc->items[acc->len++] = page->checks.items[i];
		health_check_init(&page->checks.items[i]);
	}
	if (page->truncated && page->next_marker) {
		if (r53_async_list_health_checks(c, page->next_marker, health_cb, s, &e) != R53_OK)
			goto fail;
		return;
	}
	if (cache_put_health_checks(s->cache, acc->items, acc->len, &e) != R53_OK)
		goto fail;
	s->check_ids = calloc(acc->len ? acc->len : 1, sizeof(*s->check_ids));
	for (size_t i = 0; s->check_ids && i < acc->len; i++)
		if ((s->check_ids[s->ncheck_ids] = strdup(acc->items[i].id)))
			s->ncheck_ids++;
	s->stats.checks = acc->len;
	health_check_list_done(acc);
	emit(s, SYNC_EV_HEALTH, NULL, NULL);
	s->status_next = 0;
	next_status(s);
	return;
fail:
	s->health_pending = false;
	health_check_list_done(acc);
	report_error(s, NULL, &e);
	check_done(s);
}

/*
 * Set-up and driving
 */
struct sync *
sync_new(struct r53_client *c, struct cache *cache, sync_progress_fn fn, void *user)
{
	struct sync *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->c = c;
	s->cache = cache;
	s->fn = fn;
	s->user = user;
	return s;
}

static void
check_ids_free(struct sync *s)
{
	for (size_t i = 0; i < s->ncheck_ids; i++)
		free(s->check_ids[i]);
	free(s->check_ids);
	s->check_ids = NULL;
	s->ncheck_ids = 0;
}

void
sync_free(struct sync **sp)
{
	struct sync *s = sp ? *sp : NULL;

	if (!s)
		return;
	zone_list_done(&s->zones_acc);
	domain_list_done(&s->domains_acc);
	health_check_list_done(&s->health_acc);
	check_ids_free(s);
	free(s->queue);
	free(s);
	*sp = NULL;
}

enum r53_code
sync_start(struct sync *s, unsigned what, const char *zone_id, struct r53_error *err)
{
	struct r53_error e = { 0 };

	if (s->running)
		return r53_error_set(err, R53_USAGE, "sync", "a sync is already running");
	memset(&s->stats, 0, sizeof(s->stats));
	r53_error_clear(&s->first);
	check_ids_free(s);
	s->nqueue = 0;
	s->what = what;
	s->running = true;
	if (zone_id) {
		char name[NAME_TEXT_MAX];
		struct zone *zones = NULL;
		size_t n = 0;

		snprintf(name, sizeof(name), "%s", zone_id);
		if (cache_list_zones(s->cache, &zones, &n, NULL, NULL) == R53_OK)
			for (size_t i = 0; i < n; i++)
				if (!strcmp(zones[i].id, zone_id))
					snprintf(name, sizeof(name), "%s", zones[i].name);
		for (size_t i = 0; i < n; i++)
			zone_done(&zones[i]);
		free(zones);
		if (queue_zone(s, zone_id, name, err) != R53_OK) {
			s->running = false;
			return R53_NOMEM;
		}
		s->stats.zones_total = 1;
		next_zone(s);
	} else if (what & SYNC_ZONES) {
		if (r53_async_list_zones(s->c, NULL, zones_cb, s, &e) == R53_OK)
			s->zones_pending = true;
		else
			report_error(s, NULL, &e);
	}
	r53_error_clear(&e);
	if (what & SYNC_DOMAINS) {
		if (r53_async_list_domains(s->c, NULL, domains_cb, s, &e) == R53_OK)
			s->domains_pending = true;
		else
			report_error(s, NULL, &e);
	}
	r53_error_clear(&e);
	if (what & SYNC_HEALTH) {
		if (r53_async_list_health_checks(s->c, NULL, health_cb, s, &e) == R53_OK)
			s->health_pending = true;
		else
			report_error(s, NULL, &e);
	}
	check_done(s);
	return R53_OK;
}

bool
sync_busy(const struct sync *s)
{
	return s && s->running;
}

enum r53_code
sync_run(struct sync *s, struct r53_error *err)
{
	while (s->running)
		r53_client_wait(s->c, 1000);
	check_ids_free(s);
	if (s->first.code != R53_OK) {
		if (err)
			*err = s->first;
		return s->first.code;
	}
	return R53_OK;
}

const struct sync_progress *
sync_stats(const struct sync *s)
{
	return &s->stats;
}

const struct r53_error *
sync_first_error(const struct sync *s)
{
	return &s->first;
}

/*
 * Ages
 */
void
sync_age_text(int64_t then, char *buf, size_t bufsz)
{
	int64_t d = (int64_t)time(NULL) - then;
	const char *unit = "second";
	int64_t n = d < 0 ? 0 : d;

	if (then <= 0) {
		snprintf(buf, bufsz, "never synced");
		return;
	}
	if (d >= 86400) {
		n = d / 86400;
		unit = "day";
	} else if (d >= 3600) {
		n = d / 3600;
		unit = "hour";
	} else if (d >= 60) {
		n = d / 60;
		unit = "minute";
	}
	snprintf(buf, bufsz, "%lld %s%s old", (long long)n, unit, n == 1 ? "" : "s");
}
