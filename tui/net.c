/* The network inside the TUI loop: one Route 53 client, one sync engine, one wait on the
 * terminal and libcurl's sockets together (curl_multi_poll with the terminal's fd), so no key
 * ever waits on the network.
 *
 * Completion callbacks run inside r53_client_perform, which can be deep inside a prompt (a
 * y/N question holds pointers into a view). So callbacks only write the cache and set flags;
 * net_apply(), called by the main loop between keys, re-reads the views. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "tui/apply.h"
#include "tui/cmd_read.h"
#include "tui/follow.h"
#include "tui/send.h"
#include "tui/sync.h"
#include "tui/tui.h"

#define NET_RELOAD_MAX 8
#define NET_UNREC_MAX 16

struct app_net {
	struct app *app;	   /* borrowed: the app that owns this */
	struct r53_client *client; /* owned; NULL when r53 could not make one */
	struct sync *sync;	   /* owned */
	struct follow *follow;	   /* owned: PENDING changes to INSYNC (tui/follow.c) */
	char why[256];		   /* why there is no client */
	bool user_asked;	   /* say "synced" when done */
	/* what the callbacks ask net_apply to re-read */
	bool reload_zones;
	bool reload_domains, reload_checks;
	char reload[NET_RELOAD_MAX][64]; /* zone ids completed since the last net_apply */
	size_t nreload;
	bool reload_all;		 /* more than NET_RELOAD_MAX */
	/* a sync asked for while one runs: started when it ends */
	bool queued;
	unsigned queued_what;
	char queued_zone[64];
	/* the records view on top last time, for sync_prefer_zone */
	const struct view *last_top;
	/* Batches a killed r53 left SENDING: settled without blocking and without a request
	 * of their own. The start-up sync reads every zone; when it has read one of theirs
	 * (SYNC_EV_ZONE_DONE, so the cache holds exactly what Route 53 holds), net_apply
	 * compares the batch with the cached zone (apply_settle). A zone missing from a zone
	 * list just read is gone: its batch was not applied. Zones over NET_UNREC_MAX, or not
	 * read (offline), are left to the next start or to the reconcile that every apply
	 * job runs first (apply_reconcile()). */
	struct {
		char zone_id[64];
		bool listed; /* the sync has read it since r53 started */
	} unrec[NET_UNREC_MAX];
	size_t nunrec;
	bool unrec_due;	      /* a zone of theirs was read: settle in net_apply */
	bool zone_list_read;  /* the zone list was read since r53 started */
	unsigned long contact_seen; /* r53_client_contact's serial net_apply last looked at */
};

static const char *
bare_zone_id(const char *id)
{
	return strncmp(id, "/hostedzone/", 12) ? id : id + 12;
}

static void
progress(const struct sync_progress *p, void *user)
{
	struct app_net *net = user;
	struct app *app = net->app;

	switch (p->event) {
	case SYNC_EV_ZONES:
		app->online = true;
		net->reload_zones = true;
		net->zone_list_read = true;
		if (net->nunrec)
			net->unrec_due = true; /* zones gone */
		break;
	case SYNC_EV_PAGE:
		app->online = true;
		break;
	case SYNC_EV_ZONE_DONE:
		app->online = true;
		net->reload_zones = true; /* the "cached" column */
		if (net->nreload < NET_RELOAD_MAX)
			snprintf(net->reload[net->nreload++], sizeof(net->reload[0]), "%s",
				 p->zone_id);
		else
			net->reload_all = true;
		for (size_t i = 0; i < net->nunrec; i++)
			if (!strcmp(net->unrec[i].zone_id, bare_zone_id(p->zone_id))) {
				net->unrec[i].listed = true;
				net->unrec_due = true;
			}
		break;
	case SYNC_EV_DOMAINS:
		app->online = true;
		net->reload_domains = true;
		break;
	case SYNC_EV_HEALTH:
		app->online = true;
		net->reload_checks = true;
		break;
	case SYNC_EV_ERROR:
		if (p->err->code == R53_HTTP) {
			if (app->online || !app->status_error)
				app_error(app, "OFFLINE: %s; showing the cache", p->err->text);
			app->online = false;
		} else {
			app_error(app, "sync%s%s: %s", p->zone_name ? " " : "",
				  p->zone_name ? p->zone_name : "", p->err->text);
		}
		break;
	case SYNC_EV_DONE:
		app->syncing = false;
		if (net->user_asked && !p->errors) {
			char msg[200] = "synced:";
			size_t n = strlen(msg);

			if (p->zones_total)
				n += snprintf(msg + n, sizeof(msg) - n, " %zu zone%s, %zu record sets,",
					      p->zones_done, p->zones_done == 1 ? "" : "s", p->rrsets);
			if (p->domains)
				n += snprintf(msg + n, sizeof(msg) - n, " %zu domains,", p->domains);
			if (p->checks)
				n += snprintf(msg + n, sizeof(msg) - n, " %zu health checks,", p->checks);
			if (msg[n - 1] == ',')
				msg[n - 1] = '\0';
			else
				snprintf(msg + n, sizeof(msg) - n, " up to date");
			app_notice(app, "%s", msg);
		}
		net->user_asked = false;
		break;
	}
}

/* The zones of batches left SENDING by a killed r53 (see struct app_net). */
static void
unrec_load(struct app *app, struct app_net *net, struct cache *cache)
{
	struct applied_batch *rows = NULL;
	size_t n = 0;

	if (cache_list_unreconciled(cache, &rows, &n, NULL) != R53_OK || !n) {
		applied_batches_free(rows, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *id = bare_zone_id(rows[i].zone_id);
		size_t k = 0;

		while (k < net->nunrec && strcmp(net->unrec[k].zone_id, id))
			k++;
		if (k == net->nunrec && k < NET_UNREC_MAX)
			snprintf(net->unrec[net->nunrec++].zone_id, sizeof(net->unrec[0].zone_id),
				 "%s", id);
	}
	if (net->client)
		app_notice(app, "%zu batch%s interrupted while sending last time: checking %s "
				"against Route 53",
			   n, n == 1 ? "" : "es", n == 1 ? "it" : "them");
	else
		app_notice(app, "%zu batch%s interrupted while sending last time: checked when "
				"Route 53 can be reached",
			   n, n == 1 ? "" : "es");
	applied_batches_free(rows, n);
}

static void
settle_note(void *arg, const char *text)
{
	app_notice(arg, "%s", text);
}

/* From net_apply, between keys: settles the batches whose zones the sync has read. */
static void
unrec_settle(struct app *app, struct app_net *net)
{
	struct cache *cache = source_cache(app->src);
	struct apply_ctx a = { .cache = cache, .note = settle_note, .note_arg = app };
	struct applied_batch *rows = NULL;
	struct zone *zones = NULL;
	size_t n = 0, nz = 0, settled = 0;
	bool have_list = false;
	struct r53_error err = { 0 };

	if (send_busy(app, NULL))
		return; /* its own batch is SENDING too: settle the others after its answer */
	net->unrec_due = false;
	if (cache_list_unreconciled(cache, &rows, &n, &err) != R53_OK) {
		app_error(app, "checking interrupted batches: %s", err.text);
		return;
	}
	if (net->zone_list_read)
		have_list = cache_list_zones(cache, &zones, &nz, NULL, NULL) == R53_OK;
	for (size_t i = 0; i < n; i++) {
		const char *id = bare_zone_id(rows[i].zone_id);
		bool listed = false, known = false, gone;
		enum r53_code rc;

		for (size_t k = 0; k < net->nunrec; k++)
			if (!strcmp(net->unrec[k].zone_id, id)) {
				known = true;
				listed = net->unrec[k].listed;
			}
		gone = have_list;
		for (size_t k = 0; gone && k < nz; k++)
			if (!strcmp(bare_zone_id(zones[k].id), id))
				gone = false;
		if (!known || (!listed && !gone))
			continue;
		if (listed) {
			struct rrset_list zone;

			rrset_list_init(&zone);
			rc = cache_list_rrsets(cache, rows[i].zone_id, &zone, NULL, &err);
			if (rc == R53_OK)
				rc = apply_settle(&a, &rows[i], &zone, true, NULL, &err);
			rrset_list_done(&zone);
		} else {
			rc = apply_settle(&a, &rows[i], NULL, true, NULL, &err);
		}
		if (rc != R53_OK)
			app_error(app, "checking interrupted batch %lld: %s", (long long)rows[i].id,
				  err.text);
		else
			settled++;
	}
	for (size_t k = 0; k < nz; k++)
		zone_done(&zones[k]);
	free(zones);
	applied_batches_free(rows, n);
	if (settled) {
		app->staged = source_staged_count(app->src);
		app_reload_all(app);
	}
}

/* The answer itself is not wanted: r53_client_contact() has what the header needs. */
static void
probe_done(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	   struct r53_page *page, void *user)
{
	(void)c;
	(void)op;
	(void)err;
	(void)page;
	(void)user;
}

void
net_open(struct app *app)
{
	struct app_net *net;
	struct r53_client_config cfg = { 0 };
	struct r53_error err = { 0 };
	struct cache *cache = source_cache(app->src);

	if (!cache || (script_active() && !script_net()))
		return; /* the TEST/DEV fixture, or a script: no network */
	if (!(net = calloc(1, sizeof(*net))))
		return;
	net->app = app;
	app->net = net;
	if (app->cli->offline) {
		snprintf(net->why, sizeof(net->why), "started with --offline");
		return;
	}
	cfg.profile = app->cli->profile;
	cfg.endpoint_url = app->cli->endpoint_url;
	cfg.domains_endpoint_url = app->cli->domains_endpoint_url;
	if (r53_client_new(&cfg, &net->client, &err) != R53_OK) {
		snprintf(net->why, sizeof(net->why), "%s", err.text);
		app_error(app, "OFFLINE: %s", err.text);
		return;
	}
	if (script_active()) {
		/* a script with R53_SCRIPT_NET: the client only, no sync to race it; one page of
		 * the zone list, read and dropped, tells the header whether Route 53 answers */
		if (r53_async_list_zones(net->client, NULL, probe_done, NULL, &err) != R53_OK)
			app_error(app, "%s", err.text);
		return;
	}
	net->follow = follow_new(net->client, cache);
	if (!(net->sync = sync_new(net->client, cache, progress, net))) {
		r53_client_free(&net->client);
		snprintf(net->why, sizeof(net->why), "out of memory");
		return;
	}
	unrec_load(app, net, cache);
	if (sync_start(net->sync, SYNC_ALL, NULL, &err) == R53_OK)
		app->syncing = sync_busy(net->sync);
}

void
net_close(struct app *app)
{
	struct app_net *net = app->net;

	if (!net)
		return;
	r53_client_free(&net->client); /* cancels pending requests: no callback runs after */
	send_close(app); /* a send in flight stays SENDING: settled at the next start */
	sync_free(&net->sync);
	follow_free(&net->follow);
	free(net);
	app->net = NULL;
}

bool
net_wait(struct app *app, int ms)
{
	struct app_net *net = app->net;
	struct curl_waitfd w = { .fd = display_input_fd(), .events = CURL_WAIT_POLLIN };
	long t;

	if (!net || !net->client) {
		struct pollfd p = { .fd = display_input_fd(), .events = POLLIN };

		return poll(&p, 1, ms) > 0;
	}
	t = r53_client_timeout_ms(net->client);
	if (t >= 0 && t < ms)
		ms = (int)t;
	curl_multi_poll(r53_client_multi_handle(net->client), &w, 1, ms, NULL);
	r53_client_perform(net->client);
	return (w.revents & CURL_WAIT_POLLIN) != 0;
}

/* The zone id of the records view nearest the top of the stack, or false. */
static bool
view_zone(struct app *app, const struct view **which, char *id, size_t idsz)
{
	for (int i = app->depth - 1; i >= 0; i--) {
		const struct view *v = app->stack[i];
		struct zone z;

		if (v->ops != &records_ops || !v->arg)
			continue;
		zone_init(&z);
		if (cmd_cache_find_zone(source_cache(app->src), v->arg, &z, NULL) != R53_OK) {
			zone_done(&z);
			return false;
		}
		snprintf(id, idsz, "%s", z.id);
		zone_done(&z);
		if (which)
			*which = v;
		return true;
	}
	return false;
}

static void
start(struct app *app, unsigned what, const char *zone_id)
{
	struct app_net *net = app->net;
	struct r53_error err = { 0 };

	if (sync_busy(net->sync)) {
		if (zone_id)
			sync_prefer_zone(net->sync, zone_id);
		net->queued = true;
		net->queued_what = what;
		snprintf(net->queued_zone, sizeof(net->queued_zone), "%s", zone_id ? zone_id : "");
		app_notice(app, "a sync is running; this one starts after it");
		return;
	}
	net->user_asked = true;
	if (sync_start(net->sync, what, zone_id, &err) != R53_OK)
		app_error(app, "sync: %s", err.text);
	else if ((app->syncing = sync_busy(net->sync)))
		app_notice(app, "syncing...");
}

void
net_sync(struct app *app, bool all)
{
	struct app_net *net = app->net;
	const struct view_ops *top = app->depth ? app->stack[app->depth - 1]->ops : NULL;
	char id[64];

	if (!net) {
		app_notice(app, "this source has no Route 53 to read from (showing %s)",
			   source_cache(app->src) ? "the cache" : "a fixture");
		return;
	}
	if (!net->client) {
		app_error(app, "OFFLINE: %s; showing the cache", net->why);
		return;
	}
	if (!net->sync) {
		app_notice(app, "no sync while a script drives r53 (r53 sync first)");
		return;
	}
	if (top == &domains_ops)
		start(app, SYNC_DOMAINS, NULL);
	else if (top == &hc_ops)
		start(app, SYNC_HEALTH, NULL);
	else if (view_zone(app, NULL, id, sizeof(id)))
		start(app, 0, id);
	else
		start(app, all ? SYNC_ALL : SYNC_ZONES | SYNC_LIST_ONLY, NULL);
}

static bool
reloads(const struct app_net *net, struct app *app, const struct view *v)
{
	char id[64];
	struct zone z;

	if (v->ops == &zones_ops)
		return net->reload_zones;
	if (v->ops == &domains_ops)
		return net->reload_domains;
	if (v->ops == &hc_ops)
		return net->reload_checks;
	if (v->ops != &records_ops || !v->arg || (!net->nreload && !net->reload_all))
		return false;
	if (net->reload_all)
		return true;
	zone_init(&z);
	if (cmd_cache_find_zone(source_cache(app->src), v->arg, &z, NULL) != R53_OK) {
		zone_done(&z);
		return false;
	}
	snprintf(id, sizeof(id), "%s", z.id);
	zone_done(&z);
	for (size_t i = 0; i < net->nreload; i++)
		if (!strcmp(net->reload[i], id))
			return true;
	return false;
}

void
net_apply(struct app *app)
{
	struct app_net *net = app->net;
	const struct view *top = NULL;
	char id[64];

	if (!net)
		return;
	/* ONLINE / OFFLINE from whatever last went to Route 53 (the sync, an apply, a form's
	 * request): the header is right without a sync too (a script with R53_SCRIPT_NET) */
	if (net->client) {
		unsigned long serial;
		int contact = r53_client_contact(net->client, &serial);

		if (serial != net->contact_seen && contact >= 0) {
			net->contact_seen = serial;
			app->online = contact == 1;
		}
	}
	if (net->follow) {
		char said[96];

		follow_tick(net->follow, said, sizeof(said));
		app->pending = follow_pending(net->follow);
		if (said[0]) {
			app_reload_all(app); /* the staged view's and history's status */
			app_notice(app, "%s", said);
		}
	}
	send_tick(app);
	if (net->unrec_due)
		unrec_settle(app, net);
	if (net->reload_zones || net->reload_domains || net->reload_checks || net->nreload ||
	    net->reload_all)
		for (int i = 0; i < app->depth; i++)
			if (reloads(net, app, app->stack[i]))
				app_reload_view(app, app->stack[i]);
	net->reload_zones = net->reload_domains = net->reload_checks = net->reload_all = false;
	net->nreload = 0;
	if (!net->sync)
		return;
	if (net->queued && !sync_busy(net->sync)) {
		net->queued = false;
		start(app, net->queued_what, net->queued_zone[0] ? net->queued_zone : NULL);
	}
	/* the zone being looked at goes first; one never read is read now */
	if (view_zone(app, &top, id, sizeof(id)) && top != net->last_top) {
		net->last_top = top;
		if (sync_busy(net->sync)) {
			sync_prefer_zone(net->sync, id);
		} else if (app->online && source_zone_synced_at(app->src, id) == 0) {
			struct r53_error err = { 0 };

			if (sync_start(net->sync, 0, id, &err) == R53_OK)
				app->syncing = sync_busy(net->sync);
		}
	}
}

struct r53_client *
net_client(struct app *app)
{
	return app->net ? app->net->client : NULL;
}

bool
net_following(const struct app *app)
{
	return app->net && app->net->follow;
}

void
net_touched(struct app *app, bool zones, bool checks)
{
	if (!app->net)
		return;
	app->net->reload_zones |= zones;
	app->net->reload_checks |= checks;
}

void
net_drain(struct app *app)
{
	struct r53_client *c = net_client(app);
	int64_t deadline = source_now() + 30;

	if (!c)
		return;
	while (r53_client_perform(c) > 0 && source_now() < deadline)
		r53_client_wait(c, 100);
}
