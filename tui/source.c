/* Where the TUI's data comes from: the only file of the TUI that calls cache_*.
 *
 * Two sources:
 *  - the cache (cache/cache.h), the real one;
 *  - TEST/DEV SOURCE: R53_FIXTURE=file, a small text format read into memory, so screen tests
 *    and demos run without a cache file. One item per line, '#' comments:
 *
 *      profile NAME                       header: profile (default "default")
 *      endpoint URL                       header: endpoint
 *      synced WHEN                        zone list last synced (WHEN: -SECONDS = that long
 *                                         ago, else Unix seconds; absent = never)
 *      staged N                           staged edits count for the header
 *      zone ID NAME public|private [synced=WHEN] [records=N] [comment=TEXT TO END OF LINE]
 *      rr ID NAME TYPE TTL|- [set=S] [weight=N] [region=R] [failover=primary|secondary]
 *            [multivalue] [geo=CC[-SUB]] [continent=CC] [alias=ZONEID:TARGET] [hc=ID] = VALUE | VALUE ...
 *      gen ID COUNT                       COUNT synthetic A records "host<N>.<zone name>"
 *
 *    Names may be given in any form name_canonical() accepts (IDN, "*.x", escapes).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache/cache.h"
#include "tui/cache_open.h"
#include "tui/apply.h"
#include "tui/send.h"
#include "tui/sync.h"
#include "tui/tui.h"


struct fixture_zone {
	struct zone z;
	int64_t synced_at;
	struct rrset_list rrsets; /* owned */
};

struct source {
	struct cache *cache; /* owned, or NULL with a fixture */
	const struct cli *cli; /* borrowed (main's, lives as long as the process): for the
				* client that applies */
	char profile[64];
	char endpoint[256];
	char open_notice[1024]; /* cache_open_cli()'s notice, for the status line; "" none */
	/* fixture */
	bool fixture;
	struct fixture_zone *zones; /* owned array */
	size_t nzones;
	int64_t synced_at;
	size_t staged;
	/* TEST/DEV: staged edits of the fixture source, in memory only (the cache keeps them
	 * on disk). Same shape as the cache's journal so views cannot tell the difference. */
	struct staged_edit *edits; /* owned */
	size_t nedits;
	int64_t next_edit_id;
};

int64_t
source_now(void)
{
	return (int64_t)time(NULL);
}

static int64_t
when_parse(const char *s)
{
	long long v = strtoll(s, NULL, 10);
	return *s == '-' ? source_now() + v : v;
}

static struct fixture_zone *
fixture_zone_find(struct source *src, const char *id)
{
	for (size_t i = 0; i < src->nzones; i++)
		if (!strcmp(src->zones[i].z.id, id))
			return &src->zones[i];
	return NULL;
}

/* Splits the next blank-separated word off *s (in place). */
static char *
word(char **s)
{
	char *w;

	while (isspace((unsigned char)**s))
		(*s)++;
	if (!**s)
		return NULL;
	w = *s;
	while (**s && !isspace((unsigned char)**s))
		(*s)++;
	if (**s)
		*(*s)++ = '\0';
	return w;
}

static enum r53_code
fixture_zone_line(struct source *src, char *s, struct r53_error *err)
{
	char *id = word(&s), *name = word(&s), *vis = word(&s), *w;
	char canon[NAME_TEXT_MAX];
	struct fixture_zone *fz, *n;

	if (!id || !name || !vis)
		return r53_error_set(err, R53_PARSE, "zone", "zone ID NAME public|private");
	if (name_canonical(name, canon, sizeof(canon), err) != R53_OK)
		return err ? err->code : R53_INVALID;
	n = realloc(src->zones, (src->nzones + 1) * sizeof(*n));
	if (!n)
		return r53_error_set(err, R53_NOMEM, "zone", "out of memory");
	src->zones = n;
	fz = &src->zones[src->nzones++];
	memset(fz, 0, sizeof(*fz));
	zone_init(&fz->z);
	rrset_list_init(&fz->rrsets);
	fz->z.id = r53_strdup(id, err);
	fz->z.name = r53_strdup(canon, err);
	fz->z.private_zone = !strcmp(vis, "private");
	fz->z.record_count = -2; /* counted after loading */
	while ((w = word(&s))) {
		if (!strncmp(w, "synced=", 7)) {
			fz->synced_at = when_parse(w + 7);
		} else if (!strncmp(w, "records=", 8)) {
			fz->z.record_count = atol(w + 8);
		} else if (!strncmp(w, "comment=", 8)) {
			/* the rest of the line, blanks included */
			if (*s)
				w[strlen(w)] = ' ';
			fz->z.comment = r53_strdup(w + 8, err);
			break;
		}
	}
	return fz->z.id && fz->z.name ? R53_OK : r53_error_set(err, R53_NOMEM, "zone", "oom");
}

static enum r53_code
fixture_rr_line(struct source *src, char *s, struct r53_error *err)
{
	char *id = word(&s), *name = word(&s), *type = word(&s), *ttl = word(&s), *w;
	struct fixture_zone *fz;
	struct rrset *rr;
	enum rr_type t;

	if (!id || !name || !type || !ttl)
		return r53_error_set(err, R53_PARSE, "rr", "rr ID NAME TYPE TTL ... = VALUES");
	fz = fixture_zone_find(src, id);
	if (!fz)
		return r53_error_set(err, R53_PARSE, "rr", "no zone %s above this line", id);
	t = rr_type_parse(type);
	if (t == RR_NONE)
		return r53_error_set(err, R53_PARSE, "rr", "unknown type %s", type);
	rr = rrset_new(name, t, err);
	if (!rr)
		return err ? err->code : R53_INVALID;
	if (strcmp(ttl, "-") != 0) {
		rr->has_ttl = true;
		rr->ttl = atoll(ttl);
	}
	while ((w = word(&s)) && strcmp(w, "=") != 0) {
		char *v = strchr(w, '=');
		char *val = v ? v + 1 : w;
		if (!strncmp(w, "set=", 4)) {
			rrset_set_str(&rr->set_id, val, err);
		} else if (!strncmp(w, "weight=", 7)) {
			rr->weight = atoi(val);
		} else if (!strncmp(w, "region=", 7)) {
			rrset_set_str(&rr->region, val, err);
		} else if (!strncmp(w, "failover=", 9)) {
			rr->failover = !strcasecmp(val, "primary") ? FAILOVER_PRIMARY
								    : FAILOVER_SECONDARY;
		} else if (!strcmp(w, "multivalue")) {
			rr->multivalue = true;
		} else if (!strncmp(w, "geo=", 4)) {
			/* geo=US, geo=US-CA, continent=EU */
			char *dash = strchr(val, '-');
			rr->has_geo = true;
			if (dash) {
				*dash = '\0';
				snprintf(rr->geo.subdivision, sizeof(rr->geo.subdivision), "%s",
					 dash + 1);
			}
			snprintf(rr->geo.country, sizeof(rr->geo.country), "%s", val);
		} else if (!strncmp(w, "continent=", 10)) {
			rr->has_geo = true;
			snprintf(rr->geo.continent, sizeof(rr->geo.continent), "%s", val);
		} else if (!strncmp(w, "alias=", 6)) {
			char *colon = strchr(val, ':');
			if (!colon) {
				rrset_free(&rr);
				return r53_error_set(err, R53_PARSE, "rr", "alias=ZONEID:TARGET");
			}
			*colon = '\0';
			rrset_set_alias(rr, val, colon + 1, false, err);
		} else if (!strncmp(w, "hc=", 3)) {
			rrset_set_str(&rr->health_check_id, val, err);
		}
	}
	/* values: " | "-separated, the rest of the line */
	while (*s) {
		char *bar = strstr(s, " | ");
		char *end = bar ? bar : s + strlen(s);
		char *next = bar ? bar + 3 : end;
		while (isspace((unsigned char)*s))
			s++;
		*end = '\0';
		if (*s)
			rrset_add_value(rr, s, err);
		s = next;
	}
	return rrset_list_take(&fz->rrsets, rr, err);
}

static enum r53_code
fixture_gen_line(struct source *src, char *s, struct r53_error *err)
{
	char *id = word(&s), *count = word(&s);
	struct fixture_zone *fz = id ? fixture_zone_find(src, id) : NULL;
	long n = count ? atol(count) : 0;

	if (!fz || n <= 0)
		return r53_error_set(err, R53_PARSE, "gen", "gen ZONE_ID COUNT (after the zone)");
	for (long i = 0; i < n; i++) {
		char name[NAME_TEXT_MAX], value[32];
		struct rrset *rr;
		snprintf(name, sizeof(name), "host%ld.%s", i, fz->z.name);
		rr = rrset_new(name, RR_A, err);
		if (!rr)
			return err ? err->code : R53_NOMEM;
		rr->has_ttl = true;
		rr->ttl = (i % 3 == 0) ? 60 : 300;
		snprintf(value, sizeof(value), "10.%ld.%ld.%ld", (i >> 16) & 255, (i >> 8) & 255,
			 i & 255);
		if (rrset_add_value(rr, value, err) != R53_OK) {
			rrset_free(&rr);
			return err ? err->code : R53_NOMEM;
		}
		if (rrset_list_take(&fz->rrsets, rr, err) != R53_OK)
			return err ? err->code : R53_NOMEM;
	}
	return R53_OK;
}

static enum r53_code
fixture_load(struct source *src, const char *path, struct r53_error *err)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int lineno = 0;

	if (!f)
		return r53_error_set(err, R53_IO, "R53_FIXTURE", "cannot open %s", path);
	src->fixture = true;
	while (fgets(line, sizeof(line), f)) {
		struct r53_error e = { 0 };
		char *s = line, *kw;
		enum r53_code rc = R53_OK;
		lineno++;
		s[strcspn(s, "\r\n")] = '\0';
		kw = word(&s);
		if (!kw || *kw == '#')
			continue;
		if (!strcmp(kw, "profile"))
			snprintf(src->profile, sizeof(src->profile), "%s", s);
		else if (!strcmp(kw, "endpoint"))
			snprintf(src->endpoint, sizeof(src->endpoint), "%s", s);
		else if (!strcmp(kw, "synced"))
			src->synced_at = when_parse(s);
		else if (!strcmp(kw, "staged"))
			src->staged = (size_t)atol(s);
		else if (!strcmp(kw, "zone"))
			rc = fixture_zone_line(src, s, &e);
		else if (!strcmp(kw, "rr"))
			rc = fixture_rr_line(src, s, &e);
		else if (!strcmp(kw, "gen"))
			rc = fixture_gen_line(src, s, &e);
		else
			rc = r53_error_set(&e, R53_PARSE, kw, "unknown line");
		if (rc != R53_OK) {
			fclose(f);
			return r53_error_set(err, rc, "R53_FIXTURE", "%s:%d: %s", path, lineno,
					     e.text);
		}
	}
	fclose(f);
	for (size_t i = 0; i < src->nzones; i++) {
		rrset_list_sort(&src->zones[i].rrsets);
		if (src->zones[i].z.record_count == -2)
			src->zones[i].z.record_count = (long)src->zones[i].rrsets.len;
	}
	return R53_OK;
}

enum r53_code
source_open(const struct cli *cli, struct source **out, struct r53_error *err)
{
	struct source *src = calloc(1, sizeof(*src));
	const char *fixture = getenv("R53_FIXTURE");

	*out = NULL;
	if (!src)
		return r53_error_set(err, R53_NOMEM, "source", "out of memory");
	cache_namespace(cli, src->profile, sizeof(src->profile), src->endpoint,
			sizeof(src->endpoint));
	src->cli = cli;

	if (fixture && *fixture) {
		if (fixture_load(src, fixture, err) != R53_OK) {
			source_close(&src);
			return err ? err->code : R53_PARSE;
		}
		*out = src;
		return R53_OK;
	}
	if (cache_open_cli(cli, &src->cache, src->open_notice, sizeof(src->open_notice), err) !=
	    R53_OK)
		goto fail;
	*out = src;
	return R53_OK;
fail:
	source_close(&src);
	return err ? err->code : R53_CACHE;
}

const char *
source_open_notice(const struct source *src)
{
	return src && src->open_notice[0] ? src->open_notice : NULL;
}

void
source_close(struct source **srcp)
{
	struct source *src = srcp ? *srcp : NULL;

	if (!src)
		return;
	if (src->cache)
		cache_close(&src->cache);
	for (size_t i = 0; i < src->nzones; i++) {
		zone_done(&src->zones[i].z);
		rrset_list_done(&src->zones[i].rrsets);
	}
	free(src->zones);
	source_staged_free(src->edits, src->nedits);
	free(src);
	*srcp = NULL;
}

const char *
source_profile(const struct source *src)
{
	return src->profile;
}

const char *
source_endpoint(const struct source *src)
{
	return src->endpoint;
}

struct cache *
source_cache(struct source *src)
{
	return src->cache;
}

static enum r53_code
zone_copy(struct zone *dst, const struct zone *z, struct r53_error *err)
{
	zone_init(dst);
	dst->id = r53_strdup(z->id, err);
	dst->name = r53_strdup(z->name, err);
	dst->comment = r53_strdup(z->comment, err);
	dst->private_zone = z->private_zone;
	dst->record_count = z->record_count;
	if (!dst->id || !dst->name || (z->comment && !dst->comment))
		return r53_error_set(err, R53_NOMEM, "zone", "out of memory");
	return R53_OK;
}

enum r53_code
source_list_zones(struct source *src, struct zone **zones, size_t *n, int64_t *synced_at,
		  struct r53_error *err)
{
	*zones = NULL;
	*n = 0;
	if (synced_at)
		*synced_at = 0;
	if (src->cache)
		return cache_list_zones(src->cache, zones, n, synced_at, err);
	if (!src->fixture)
		return r53_error_set(err, R53_CACHE, "cache",
				     "the cache is not built into this r53 yet");
	if (synced_at)
		*synced_at = src->synced_at;
	if (!src->nzones)
		return R53_OK;
	*zones = calloc(src->nzones, sizeof(**zones));
	if (!*zones)
		return r53_error_set(err, R53_NOMEM, "zones", "out of memory");
	for (size_t i = 0; i < src->nzones; i++) {
		(*n)++;
		if (zone_copy(&(*zones)[i], &src->zones[i].z, err) != R53_OK)
			return err ? err->code : R53_NOMEM; /* caller frees the *n copied */
	}
	return R53_OK;
}

enum r53_code
source_get_rrset(struct source *src, const char *zone_id, const char *name, enum rr_type type,
		 const char *set_id, struct rrset **out, struct r53_error *err)
{
	struct fixture_zone *fz;

	*out = NULL;
	if (src->cache)
		return cache_get_rrset(src->cache, zone_id, name, type, set_id, out, err);
	if (!(fz = fixture_zone_find(src, zone_id)))
		return R53_OK;
	for (size_t i = 0; i < fz->rrsets.len; i++) {
		const struct rrset *rr = fz->rrsets.items[i];

		if (rr->type != type || strcmp(rr->name, name) ||
		    (set_id ? !rr->set_id || strcmp(rr->set_id, set_id) : rr->set_id != NULL))
			continue;
		if (!(*out = rrset_dup(rr)))
			return r53_error_set(err, R53_NOMEM, "rrsets", "out of memory");
		break;
	}
	return R53_OK;
}

enum r53_code
source_list_rrsets(struct source *src, const char *zone_id, struct rrset_list *out,
		   int64_t *synced_at, struct r53_error *err)
{
	struct fixture_zone *fz;

	if (synced_at)
		*synced_at = 0;
	if (src->cache)
		return cache_list_rrsets(src->cache, zone_id, out, synced_at, err);
	fz = fixture_zone_find(src, zone_id);
	if (!fz)
		return r53_error_set(err, R53_NOTFOUND, "zone", "no zone %s", zone_id);
	if (synced_at)
		*synced_at = fz->synced_at;
	for (size_t i = 0; i < fz->rrsets.len; i++) {
		struct rrset *rr = rrset_dup(fz->rrsets.items[i]);
		if (!rr)
			return r53_error_set(err, R53_NOMEM, "rrsets", "out of memory");
		if (rrset_list_take(out, rr, err) != R53_OK)
			return err ? err->code : R53_NOMEM;
	}
	return R53_OK;
}

int64_t
source_zone_synced_at(struct source *src, const char *zone_id)
{
	struct fixture_zone *fz;

	if (src->cache) {
		int64_t at = 0;

		if (cache_zone_synced_at(src->cache, zone_id, &at, NULL) != R53_OK)
			return 0;
		return at;
	}
	if (!src->fixture)
		return 0;
	fz = fixture_zone_find(src, zone_id);
	return fz ? fz->synced_at : 0;
}

size_t
source_staged_count(struct source *src)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;

	if (source_list_staged(src, NULL, &edits, &n, NULL) != R53_OK)
		return src->staged;
	source_staged_free(edits, n);
	return n + (src->cache ? 0 : src->staged);
}

/*
 * Staged edits
 */
void
source_staged_free(struct staged_edit *edits, size_t n)
{
	/* the same as the cache's staged_edit_done(), without needing libcache for the
	 * fixture source */
	for (size_t i = 0; i < n; i++) {
		free(edits[i].zone_id);
		rrset_free(&edits[i].old_rr);
		rrset_free(&edits[i].new_rr);
	}
	free(edits);
}

static bool
edit_copy(struct staged_edit *dst, const struct staged_edit *e)
{
	memset(dst, 0, sizeof(*dst));
	dst->id = e->id;
	dst->created_at = e->created_at;
	dst->zone_id = strdup(e->zone_id);
	dst->old_rr = e->old_rr ? rrset_dup(e->old_rr) : NULL;
	dst->new_rr = e->new_rr ? rrset_dup(e->new_rr) : NULL;
	return dst->zone_id && (!e->old_rr || dst->old_rr) && (!e->new_rr || dst->new_rr);
}

enum r53_code
source_list_staged(struct source *src, const char *zone_id, struct staged_edit **edits,
		   size_t *n, struct r53_error *err)
{
	*edits = NULL;
	*n = 0;
	if (src->cache)
		return cache_list_staged(src->cache, zone_id, edits, n, err);
	if (!src->nedits)
		return R53_OK;
	*edits = calloc(src->nedits, sizeof(**edits));
	if (!*edits)
		return r53_error_set(err, R53_NOMEM, "staged", "out of memory");
	for (size_t i = 0; i < src->nedits; i++) {
		const struct staged_edit *e = &src->edits[i];
		if (zone_id && strcmp(e->zone_id, zone_id))
			continue;
		if (!edit_copy(&(*edits)[(*n)++], e)) {
			source_staged_free(*edits, *n);
			*edits = NULL;
			*n = 0;
			return r53_error_set(err, R53_NOMEM, "staged", "out of memory");
		}
	}
	return R53_OK;
}

static enum r53_code
stage_one(struct source *src, const char *zone_id, const struct rrset *old_rr,
	  const struct rrset *new_rr, struct r53_error *err)
{
	struct staged_edit *n, e = { 0 };

	if (src->cache)
		return cache_stage(src->cache, zone_id, old_rr, new_rr, NULL, err);
	if (!src->fixture)
		return r53_error_set(err, R53_CACHE, "cache",
				     "the cache is not built into this r53 yet");
	e.id = ++src->next_edit_id;
	e.created_at = source_now();
	e.zone_id = (char *)zone_id;
	e.old_rr = (struct rrset *)old_rr;
	e.new_rr = (struct rrset *)new_rr;
	n = realloc(src->edits, (src->nedits + 1) * sizeof(*n));
	if (!n)
		return r53_error_set(err, R53_NOMEM, "staged", "out of memory");
	src->edits = n;
	if (!edit_copy(&src->edits[src->nedits], &e)) {
		free(src->edits[src->nedits].zone_id);
		rrset_free(&src->edits[src->nedits].old_rr);
		rrset_free(&src->edits[src->nedits].new_rr);
		return r53_error_set(err, R53_NOMEM, "staged", "out of memory");
	}
	src->nedits++;
	return R53_OK;
}

enum r53_code
source_stage_group_begin(struct source *src, struct r53_error *err)
{
	/* Without a cache (the screen tests' fixture) edits live in memory: nothing to group. */
	return src->cache ? cache_stage_group_begin(src->cache, err) : R53_OK;
}

enum r53_code
source_stage_group_end(struct source *src, bool commit, struct r53_error *err)
{
	return src->cache ? cache_stage_group_end(src->cache, commit, err) : R53_OK;
}

/* A second edit of a record set already edited folds into the first: one staged edit from
 * the rrset as Route 53 has it to the newest version (none at all when they are equal). */
enum r53_code
source_stage(struct source *src, const char *zone_id, const struct rrset *old_rr,
	     const struct rrset *new_rr, struct r53_error *err)
{
	struct staged_edit *edits = NULL;
	const struct staged_edit *prev = NULL;
	size_t n = 0;
	enum r53_code rc;

	if (!old_rr && !new_rr)
		return r53_error_set(err, R53_INVALID, "staged", "nothing to stage");
	if (source_list_staged(src, zone_id, &edits, &n, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	for (size_t i = n; i-- > 0 && old_rr;)
		if (edits[i].new_rr && rrset_same_key(edits[i].new_rr, old_rr) &&
		    rrset_equal(edits[i].new_rr, old_rr)) {
			prev = &edits[i];
			break;
		}
	if (!prev) {
		rc = stage_one(src, zone_id, old_rr, new_rr, err);
	} else {
		const struct rrset *orig = prev->old_rr;
		if (orig || new_rr) {
			if (orig && new_rr && rrset_same_key(orig, new_rr) &&
			    rrset_equal(orig, new_rr))
				rc = R53_OK; /* back to how it was: nothing left to do */
			else
				rc = stage_one(src, zone_id, orig, new_rr, err);
		} else {
			rc = R53_OK; /* created then deleted */
		}
		if (rc == R53_OK)
			rc = source_discard(src, prev->id, err);
	}
	source_staged_free(edits, n);
	return rc;
}

enum r53_code
source_discard(struct source *src, int64_t id, struct r53_error *err)
{
	if (src->cache)
		return cache_discard(src->cache, id, NULL, err);
	for (size_t i = 0; i < src->nedits;) {
		if (id == 0 || src->edits[i].id == id) {
			struct staged_edit *e = &src->edits[i];
			free(e->zone_id);
			rrset_free(&e->old_rr);
			rrset_free(&e->new_rr);
			memmove(e, e + 1, (src->nedits - i - 1) * sizeof(*e));
			src->nedits--;
			if (id)
				return R53_OK;
		} else {
			i++;
		}
	}
	if (id == 0)
		src->staged = 0;
	return id == 0 ? R53_OK
		       : r53_error_set(err, R53_NOTFOUND, "staged", "no staged edit %lld",
				       (long long)id);
}

/* Rewrites a conflict's @err to say what Route 53 holds now; the staged view marks the edit
 * too (the cache has the remote version). */
void
source_conflict_message(const struct apply_outcome *o, struct r53_error *err)
{
	const struct apply_conflict *c;
	char label[NAME_TEXT_MAX * 2 + 80], vals[120] = "nothing";

	if (!o->nconflicts || !err)
		return;
	c = &o->conflicts[0];
	if (c->remote && c->remote->nvalues)
		snprintf(vals, sizeof(vals), "%s%s", c->remote->values[0],
			 c->remote->nvalues > 1 ? " ..." : "");
	else if (c->remote && c->remote->alias)
		snprintf(vals, sizeof(vals), "ALIAS %s", c->remote->alias->dns_name);
	rr_label(c->staged_old ? c->staged_old : c->remote, label, sizeof(label));
	r53_error_clear(err);
	r53_error_set(err, R53_CONFLICT, "apply",
		      "%s changed in Route 53 since staging; it now holds %s", label, vals);
}

/* "1 change sent, change C1 PENDING": @last's status as journalled (INSYNC after a wait,
 * else PENDING). */
void
source_apply_summary(struct source *src, const char *last, size_t nsent, enum r53_code rc,
		     char *summary, size_t summarysz)
{
	struct applied_batch *rows = NULL;
	size_t nr = 0;
	char status[16] = "PENDING";

	if (cache_list_batches(src->cache, NULL, &rows, &nr, NULL) == R53_OK)
		for (size_t k = 0; k < nr; k++)
			if (rows[k].change_id && !strcmp(rows[k].change_id, last))
				snprintf(status, sizeof(status), "%s", rows[k].status);
	applied_batches_free(rows, nr);
	if (summary)
		snprintf(summary, summarysz, "%s%zu change%s sent, change %s %s",
			 rc == R53_OK ? "" : "partly applied: ", nsent, nsent == 1 ? "" : "s", last,
			 status);
}

/* The apply context of the loop's client @client (see send.c), after the checks every sending
 * call shares. */
enum r53_code
source_apply_ctx(struct source *src, struct r53_client *client,
		 void (*progress)(void *arg, const char *text), void *arg, struct apply_ctx *a,
		 struct r53_error *err)
{
	if (!src->cache)
		return r53_error_set(err, R53_HTTP, "apply", "not connected to Route 53 yet");
	if (src->cli->offline)
		return r53_error_set(err, R53_HTTP, "apply", "--offline: nothing can be sent");
	memset(a, 0, sizeof(*a));
	a->cache = src->cache;
	a->client = client;
	a->note = progress;
	a->note_arg = arg;
	return R53_OK;
}

/* Opens a client for a blocking apply or rollback, after the checks every sending call
 * shares. */
static enum r53_code
apply_begin(struct source *src, struct apply_ctx *a, struct r53_client **client,
	    void (*progress)(void *arg, const char *text), void *arg, struct r53_error *err)
{
	struct r53_client_config cfg = { 0 };
	enum r53_code rc;

	*client = NULL;
	if ((rc = source_apply_ctx(src, NULL, progress, arg, a, err)) != R53_OK)
		return rc;
	cfg.profile = src->cli->profile;
	cfg.endpoint_url = src->cli->endpoint_url;
	cfg.domains_endpoint_url = src->cli->domains_endpoint_url;
	if ((rc = r53_client_new(&cfg, client, err)) != R53_OK)
		return rc;
	a->client = *client;
	/* Blocking (see source_apply): a bounded wait, after which the change stays PENDING
	 * in the history and the next apply follows it. */
	a->wait_timeout_ms = 5L * 60 * 1000;
	return R53_OK;
}

/* Waits for @sent to be INSYNC, saying PENDING first. A timeout is not an error: the change
 * is journalled PENDING and followed later. */
static void
apply_wait_sent(struct apply_ctx *a, const struct apply_sent *sent)
{
	struct r53_error e = { 0 };

	if (!strcmp(sent->ci.status, "INSYNC"))
		return;
	if (a->note) {
		char msg[160];

		snprintf(msg, sizeof(msg), "change %s PENDING; waiting for INSYNC", sent->ci.id);
		a->note(a->note_arg, msg);
	}
	apply_wait(a, sent->row, sent->ci.id, &e);
}

/* Sends the staged edits of every zone that has some, one zone after the other. The sending
 * itself blocks (a ChangeResourceRecordSets per part, after reading what a reconcile needs).
 *
 * @wait: when the loop does not follow PENDING changes (no client in the loop: a script, the
 * loop not started), wait for INSYNC here (up to 5 minutes) while the screen shows "PENDING"
 * through @progress. Otherwise the loop's follower (tui/follow.c) takes it from PENDING. */
enum r53_code
source_apply(struct source *src, bool wait, void (*progress)(void *arg, const char *text),
	     void *arg, char *summary, size_t summarysz, struct r53_error *err)
{
	struct r53_client *client = NULL;
	struct staged_edit *edits = NULL;
	struct apply_ctx a;
	size_t n = 0, nsent = 0;
	enum r53_code rc;
	char last[64] = "";

	if (summary && summarysz)
		summary[0] = '\0';
	if ((rc = apply_begin(src, &a, &client, progress, arg, err)) != R53_OK)
		goto out;
	if ((rc = cache_list_staged(src->cache, NULL, &edits, &n, err)) != R53_OK)
		goto out;
	for (size_t i = 0; i < n && rc == R53_OK; i++) {
		struct apply_outcome o;
		char zname[NAME_TEXT_MAX];
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			seen = seen || !strcmp(edits[j].zone_id, edits[i].zone_id);
		if (seen)
			continue;
		memset(&o, 0, sizeof(o));
		source_zone_name(src, edits[i].zone_id, zname, sizeof(zname));
		rc = apply_zone(&a, edits[i].zone_id, zname, &o, err);
		for (size_t k = 0; k < o.nsent; k++) {
			if (wait)
				apply_wait_sent(&a, &o.sent[k]);
			snprintf(last, sizeof(last), "%s", o.sent[k].ci.id);
			nsent++;
		}
		if (rc == R53_CONFLICT)
			source_conflict_message(&o, err);
		apply_outcome_done(&o);
	}
	if (last[0])
		source_apply_summary(src, last, nsent, rc, summary, summarysz);
	src->staged = 0;
out:
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&edits[i]);
	free(edits);
	r53_client_free(&client);
	return rc;
}

enum r53_code
source_rollback_plan(struct source *src, const char *zone_id, char *diff, size_t diffsz,
		     struct r53_error *err)
{
	struct r53_client *client = NULL;
	struct apply_ctx a;
	struct applied_batch last;
	char zname[NAME_TEXT_MAX];
	enum r53_code rc;

	memset(&last, 0, sizeof(last));
	diff[0] = '\0';
	if ((rc = apply_begin(src, &a, &client, NULL, NULL, err)) != R53_OK)
		goto out;
	source_zone_name(src, zone_id, zname, sizeof(zname));
	if ((rc = apply_rollback_plan(&a, zone_id, zname, &last, err)) != R53_OK)
		goto out;
	send_rollback_question(&last, diff, diffsz);
out:
	applied_batch_done(&last);
	r53_client_free(&client);
	return rc;
}

enum r53_code
source_rollback(struct source *src, const char *zone_id, bool wait,
		void (*progress)(void *arg, const char *text), void *arg, char *summary,
		size_t summarysz, struct r53_error *err)
{
	struct r53_client *client = NULL;
	struct apply_ctx a;
	struct applied_batch last;
	struct apply_sent sent;
	char zname[NAME_TEXT_MAX];
	enum r53_code rc;

	memset(&last, 0, sizeof(last));
	if (summary && summarysz)
		summary[0] = '\0';
	if ((rc = apply_begin(src, &a, &client, progress, arg, err)) != R53_OK)
		goto out;
	source_zone_name(src, zone_id, zname, sizeof(zname));
	/* The drift check again, right before sending: the zone may have moved while the
	 * question was on the screen. */
	if ((rc = apply_rollback_plan(&a, zone_id, zname, &last, err)) != R53_OK)
		goto out;
	a.rollback_of = last.id;
	if ((rc = apply_send(&a, zone_id, &last.inverse, &last.batch, &sent, err)) != R53_OK)
		goto out;
	if (wait)
		apply_wait_sent(&a, &sent); /* blocking, as in source_apply() */
	if (summary)
		snprintf(summary, summarysz, "rolled back change %s with change %s",
			 last.change_id ? last.change_id : "?", sent.ci.id);
out:
	applied_batch_done(&last);
	r53_client_free(&client);
	return rc;
}

const char *
source_zone_name(struct source *src, const char *zone_id, char *buf, size_t bufsz)
{
	struct zone *zones = NULL;
	size_t n = 0;

	snprintf(buf, bufsz, "%s", zone_id);
	if (source_list_zones(src, &zones, &n, NULL, NULL) == R53_OK)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(zones[i].id, zone_id))
				snprintf(buf, bufsz, "%s", zones[i].name);
	for (size_t i = 0; i < n; i++)
		zone_done(&zones[i]);
	free(zones);
	return buf;
}

/*
 * Registered domains and health checks (cache only: the fixture source has none)
 */
enum r53_code
source_list_domains(struct source *src, struct domain **domains, size_t *n,
		    struct r53_error *err)
{
	*domains = NULL;
	*n = 0;
	if (!src->cache)
		return R53_OK;
	return cache_list_domains(src->cache, domains, n, NULL, err);
}

enum r53_code
source_list_health_checks(struct source *src, struct health_check **checks, size_t *n,
			  struct r53_error *err)
{
	*checks = NULL;
	*n = 0;
	if (!src->cache)
		return R53_OK;
	return cache_list_health_checks(src->cache, checks, n, NULL, err);
}

/*
 * After CreateHostedZone / DeleteHostedZone / CreateHealthCheck / DeleteHealthCheck: the
 * cache reflects Route 53 at once, without waiting for the next sync.
 */
enum r53_code
source_put_zone(struct source *src, const struct zone *z, struct r53_error *err)
{
	if (!src->cache)
		return r53_error_set(err, R53_CACHE, "cache", "a fixture holds no new zones");
	return cache_put_zone(src->cache, z, err);
}

enum r53_code
source_delete_zone(struct source *src, const char *zone_id, struct r53_error *err)
{
	if (!src->cache)
		return r53_error_set(err, R53_CACHE, "cache", "a fixture's zones cannot go");
	return cache_delete_zone(src->cache, zone_id, err);
}

/* Rewrites the cached checks with @add appended (may be NULL) and @drop_id left out (may be
 * NULL); statuses are kept by cache_put_health_checks(). */
static enum r53_code
health_rewrite(struct source *src, const struct health_check *add, const char *drop_id,
	       struct r53_error *err)
{
	struct health_check *checks = NULL, *all;
	size_t n = 0, m = 0;
	enum r53_code rc;

	if (!src->cache)
		return r53_error_set(err, R53_CACHE, "cache", "a fixture holds no health checks");
	if ((rc = cache_list_health_checks(src->cache, &checks, &n, NULL, err)) != R53_OK)
		return rc;
	all = calloc(n + 1, sizeof(*all));
	if (!all) {
		rc = r53_error_set(err, R53_NOMEM, "health checks", "out of memory");
	} else {
		for (size_t i = 0; i < n; i++)
			if (!drop_id || !checks[i].id || strcmp(checks[i].id, drop_id))
				all[m++] = checks[i]; /* shallow: freed once, below */
		if (add)
			all[m++] = *add;
		rc = cache_put_health_checks(src->cache, all, m, err);
	}
	free(all);
	for (size_t i = 0; i < n; i++)
		health_check_done(&checks[i]);
	free(checks);
	return rc;
}

enum r53_code
source_put_health_check(struct source *src, const struct health_check *h, struct r53_error *err)
{
	return health_rewrite(src, h, h->id, err);
}

enum r53_code
source_delete_health_check(struct source *src, const char *id, struct r53_error *err)
{
	return health_rewrite(src, NULL, id, err);
}

bool
source_zone_ns(struct source *src, const struct zone *z, char *const **ns, size_t *n,
	       struct rrset **apex)
{
	*apex = NULL;
	*ns = z->name_servers;
	*n = z->nname_servers;
	if (*n)
		return true;
	if (source_get_rrset(src, z->id, z->name, RR_NS, NULL, apex, NULL) != R53_OK || !*apex ||
	    !(*apex)->nvalues) {
		rrset_free(apex);
		return false;
	}
	*ns = (*apex)->values;
	*n = (*apex)->nvalues;
	return true;
}
