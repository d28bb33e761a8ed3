/* r53 cache: the local SQLite copy of zones, record sets, domains and health checks, the
 * staged-edit journal and the applied-batch history. Depends on models/ only.
 *
 * One file per user ($XDG_CACHE_HOME/r53/cache.db, default ~/.cache/r53/cache.db; directory
 * 0700, file 0600), WAL mode, namespaced by profile + endpoint so two accounts never mix.
 * Never holds credentials. Every function returns enum r53_code with err last (R53_CACHE with
 * SQLite's message on database errors).
 *
 * This header is the contract the TUI and the subcommands code against; the implementation
 * may add functions but keeps these signatures. */
#ifndef R53_CACHE_CACHE_H
#define R53_CACHE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/models.h"

struct cache; /* opaque; owned by whoever opened it */

/* Default path: $XDG_CACHE_HOME/r53/cache.db or ~/.cache/r53/cache.db. Writes into @out. */
enum r53_code cache_default_path(char *out, size_t outsz, struct r53_error *err);

/* Opens (creating, migrating) the cache at @path (":memory:" for tests), in the namespace
 * @profile (NULL: "default") + @endpoint (NULL: ""). Missing directories above @path are
 * created 0700; a new file is created 0600. Loose permissions on the file, its -wal and -shm,
 * and on the default path's directory are fixed and reported through cache_warning().
 *
 * A file that is not an r53 cache (not SQLite, damaged, or another program's SQLite database)
 * is renamed aside to path + ".corrupt-<unix time>" and R53_CACHE is returned with a message
 * naming both paths; opening again then starts an empty cache. A cache written by a newer r53
 * (higher schema) is left alone and refused. A file that turns out damaged later (SQLite says
 * CORRUPT while in use) makes that call fail with R53_CACHE and is set aside by cache_close(). */
enum r53_code cache_open(const char *path, const char *profile, const char *endpoint,
			 struct cache **out, struct r53_error *err);
/* NULL-safe; sets *c = NULL. */
void cache_close(struct cache **c);
/* What cache_open() fixed and the user should know ("cache file X was mode 0644; set to
 * 0600"; several joined by "; "), or NULL. Borrowed, valid until cache_close(). */
const char *cache_warning(const struct cache *c);

/*
 * Zones and record sets
 */
/* Zones of this namespace, sorted by name then id. @zones is a malloc'd array the caller
 * frees with zone_done() on each item then free(). @synced_at (may be NULL) gets the time the
 * zone list was last read from the service (Unix seconds, 0 if never). */
enum r53_code cache_list_zones(struct cache *c, struct zone **zones, size_t *n,
			       int64_t *synced_at, struct r53_error *err);
/* Replaces the whole zone list (zones gone remotely are removed with their record sets). */
enum r53_code cache_put_zones(struct cache *c, const struct zone *zones, size_t n,
			      struct r53_error *err);
/* One zone added or updated (after CreateHostedZone, GetHostedZone); the others stay. */
enum r53_code cache_put_zone(struct cache *c, const struct zone *z, struct r53_error *err);
/* Removes a zone with its record sets (after DeleteHostedZone). Staged edits and history stay. */
enum r53_code cache_delete_zone(struct cache *c, const char *zone_id, struct r53_error *err);
/* Time of the last complete listing of @zone_id's record sets (Unix seconds; 0 never), without
 * reading them: for the zones view's "cached" column. */
enum r53_code cache_zone_synced_at(struct cache *c, const char *zone_id, int64_t *synced_at,
				   struct r53_error *err);
/* Number of record sets cached for a zone. */
enum r53_code cache_count_rrsets(struct cache *c, const char *zone_id, size_t *n,
				 struct r53_error *err);

/* The cached rrset with this key (set_id NULL for simple routing), or *out NULL when none.
 * Caller frees with rrset_free(). */
enum r53_code cache_get_rrset(struct cache *c, const char *zone_id, const char *name,
			      enum rr_type type, const char *set_id, struct rrset **out,
			      struct r53_error *err);

/* Record sets of a zone in Route 53 order, appended to @out. @synced_at as above (time of the
 * last complete listing of that zone). */
enum r53_code cache_list_rrsets(struct cache *c, const char *zone_id, struct rrset_list *out,
				int64_t *synced_at, struct r53_error *err);

/* Zone sync in pages: begin, one put per page (each page one transaction), end. end() with
 * @complete removes rrsets not seen since begin(); an interrupted sync leaves the previous
 * rows plus the pages written. */
enum r53_code cache_sync_begin(struct cache *c, const char *zone_id, struct r53_error *err);
enum r53_code cache_sync_page(struct cache *c, const char *zone_id,
			      const struct rrset_list *page, struct r53_error *err);
enum r53_code cache_sync_end(struct cache *c, const char *zone_id, bool complete,
			     struct r53_error *err);
/* Writes what an accepted batch did (DELETE removes the key; CREATE and UPSERT write the
 * rrset), in one transaction, so the cache shows it before the next sync. */
enum r53_code cache_apply_changes(struct cache *c, const char *zone_id,
				  const struct change_batch *b, struct r53_error *err);

/*
 * Staged edits (durable before anything says "staged")
 */
struct staged_edit {
	int64_t id;
	char *zone_id;	     /* owned */
	struct rrset *old_rr; /* owned or NULL (a create): the rrset as it was when the edit began */
	struct rrset *new_rr; /* owned or NULL (a delete) */
	int64_t created_at;
};
void staged_edit_done(struct staged_edit *e);

/* Journals an edit (copies both rrsets); @id_out (may be NULL) gets its id. */
enum r53_code cache_stage(struct cache *c, const char *zone_id, const struct rrset *old_rr,
			  const struct rrset *new_rr, int64_t *id_out, struct r53_error *err);
/* Staged edits of one zone (NULL: all zones), oldest first. Array freed by the caller with
 * staged_edit_done() on each then free(). */
enum r53_code cache_list_staged(struct cache *c, const char *zone_id, struct staged_edit **edits,
				size_t *n, struct r53_error *err);
/* Has the rrset an edit began from changed in the cache since (a sync brought someone else's
 * change)? *@changed true when the cached rrset with the edit's key differs from old_rr (or,
 * for a create, when one now exists). @current (may be NULL) gets the cached rrset or NULL;
 * caller frees. Route 53 still has the last word: the batch DELETEs the exact old_rr. */
enum r53_code cache_staged_check(struct cache *c, const struct staged_edit *e, bool *changed,
				 struct rrset **current, struct r53_error *err);
/* A group of staged-edit writes (cache_stage, cache_discard) that reach the file all together
 * or not at all: after cache_stage_group_begin() they are held in one transaction, which
 * cache_stage_group_end() commits durably (@commit) or rolls back. A crash or kill in between
 * leaves none of them. Reads inside the group see its writes. */
enum r53_code cache_stage_group_begin(struct cache *c, struct r53_error *err);
enum r53_code cache_stage_group_end(struct cache *c, bool commit, struct r53_error *err);
/* Removes one staged edit (id > 0) or all of a zone (id == 0, zone_id given) or all (both 0). */
enum r53_code cache_discard(struct cache *c, int64_t id, const char *zone_id,
			    struct r53_error *err);

/*
 * Applied batches
 */
struct applied_batch {
	int64_t id;
	char *zone_id;	 /* owned */
	char *change_id; /* owned; bare "C..."; NULL while the request is in flight */
	char *status;	 /* owned; "SENDING", "PENDING", "INSYNC", "FAILED" */
	int64_t submitted_at;
	struct change_batch batch;   /* what was sent */
	struct change_batch inverse; /* what undoes it */
	int64_t rollback_of;	     /* a rollback: the id of the batch it undoes; else 0 */
};
void applied_batch_done(struct applied_batch *b);

/* Journals a batch before it is sent (status SENDING); @id_out gets its row id. */
enum r53_code cache_batch_begin(struct cache *c, const char *zone_id,
				const struct change_batch *batch, const struct change_batch *inverse,
				int64_t *id_out, struct r53_error *err);
/* The same for a rollback: the row says, from before it is sent, that it undoes batch
 * @rollback_of (its id), so `r53 history` and a reconcile after a crash can tell. */
enum r53_code cache_batch_begin_rollback(struct cache *c, const char *zone_id,
					 const struct change_batch *batch,
					 const struct change_batch *inverse, int64_t rollback_of,
					 int64_t *id_out, struct r53_error *err);
/* Records the service's answer: change id and status (or FAILED with change_id NULL). */
enum r53_code cache_batch_update(struct cache *c, int64_t id, const char *change_id,
				 const char *status, struct r53_error *err);
/* History, newest first; zone_id NULL for all zones. Caller frees as above (or with
 * applied_batches_free()). */
enum r53_code cache_list_batches(struct cache *c, const char *zone_id,
				 struct applied_batch **batches, size_t *n, struct r53_error *err);
/* applied_batch_done() on each, then free(); NULL-safe. */
void applied_batches_free(struct applied_batch *batches, size_t n);
/* Batches of the namespace in one status, oldest first ("PENDING": changes to poll until
 * INSYNC). */
enum r53_code cache_list_batches_status(struct cache *c, const char *status,
					struct applied_batch **batches, size_t *n,
					struct r53_error *err);
/* Batches left SENDING by a process that stopped before recording Route 53's answer, oldest
 * first. Each may or may not have been applied: reconcile it (compare the zone with the batch)
 * and record the outcome with cache_batch_update() before sending anything again. */
enum r53_code cache_list_unreconciled(struct cache *c, struct applied_batch **batches,
				      size_t *n, struct r53_error *err);
/* The newest batch of @zone_id that did not fail (its inverse undoes it), into @out (caller:
 * applied_batch_done()); *found false when there is none. */
enum r53_code cache_last_batch(struct cache *c, const char *zone_id, struct applied_batch *out,
			       bool *found, struct r53_error *err);

/*
 * Search
 */
struct search_hit {
	char *zone_id;	 /* owned */
	char *zone_name; /* owned */
	struct rrset *rr; /* owned */
};
/* Names and values containing @text (case-insensitive, ASCII; a plain substring, no
 * wildcards; "" matches everything) across every cached zone of the namespace, or one zone
 * (@zone_id non-NULL). Hits in zone order, then Route 53 order. Names are matched both
 * canonical ("\052.example.com.") and as people write them ("*.example.com."), values as
 * stored, aliases by target DNS name. Caller frees with search_hits_free() (or each hit's
 * members, then the array). */
enum r53_code cache_search(struct cache *c, const char *text, const char *zone_id,
			   struct search_hit **hits, size_t *n, struct r53_error *err);
/* The same, at most @limit hits (0: all), in zone order then Route 53 order. Every search
 * scans the lower-cased search text kept beside each record set (no index). */
enum r53_code cache_search_limit(struct cache *c, const char *text, const char *zone_id,
				 size_t limit, struct search_hit **hits, size_t *n,
				 struct r53_error *err);
/* Frees @n hits and the array; NULL-safe. */
void search_hits_free(struct search_hit *hits, size_t n);
/* True when searches use an index; false since cache schema 2 (kept for callers). */
bool cache_search_indexed(const struct cache *c);

/*
 * Domains and health checks: each list replaced whole by a sync, like the zone list
 */
/* Replaces the namespace's registered domains. */
enum r53_code cache_put_domains(struct cache *c, const struct domain *domains, size_t n,
				struct r53_error *err);
/* Domains sorted by name; caller: domain_done() each, then free(). @synced_at may be NULL. */
enum r53_code cache_list_domains(struct cache *c, struct domain **domains, size_t *n,
				 int64_t *synced_at, struct r53_error *err);
/* Replaces the health checks. A check's status (-1 unknown) is kept from the cache unless the
 * given one is known. */
enum r53_code cache_put_health_checks(struct cache *c, const struct health_check *checks,
				      size_t n, struct r53_error *err);
/* Records an observed status (0 unhealthy, 1 healthy) with the time it was read. */
enum r53_code cache_put_health_status(struct cache *c, const char *id, int status,
				      struct r53_error *err);
/* Health checks sorted by id, with their last status; caller: health_check_done() each, then
 * free(). */
enum r53_code cache_list_health_checks(struct cache *c, struct health_check **checks,
				       size_t *n, int64_t *synced_at, struct r53_error *err);

/*
 * Notes (notes.c): small facts the TUI keeps between runs, per namespace
 */
/* What the delegation guide saw of a domain's parent: the NS set it last handed out before
 * switching to the zone's servers, that set's TTL, and when a check first saw the switch.
 * The countdown (switched_at + old_ttl) survives leaving the guide and restarting r53. */
struct delegation_note {
	int64_t old_seen_at; /* wall seconds of the last check that saw the old set */
	uint32_t old_ttl;    /* the parent's NS TTL for the old set */
	int64_t switched_at; /* wall seconds of the first check that saw the switch; 0 not yet */
	char old_ns[512];    /* the old set, ", "-separated */
};
/* The note for @domain (canonical), *found false when there is none (or it is unreadable). */
enum r53_code cache_get_delegation_note(struct cache *c, const char *domain,
					struct delegation_note *out, bool *found,
					struct r53_error *err);
/* Writes the note for @domain; @n NULL removes it. */
enum r53_code cache_put_delegation_note(struct cache *c, const char *domain,
					const struct delegation_note *n, struct r53_error *err);

#endif
