/* The apply engine: staged edits -> journalled, split, exact DELETE+CREATE batches -> Route 53,
 * and back again (rollback). Used by `r53 apply-staged`, `r53 rollback` and the TUI's staged
 * view and `u` (send_apply(), send_rollback() in tui/send.c).
 *
 * One engine, two drivers: a job (struct apply_job) is a small state machine that queues
 * r53_async_* requests on the client and advances from their callbacks. The TUI starts a job
 * on its loop's client and looks at it between keys (apply_job_finished()); the blocking
 * calls below (apply_zone(), apply_send(), ...) start the same job and run the client until it
 * finishes (apply_job_run()).
 *
 * Crash safety, in order: a batch is journalled SENDING (cache_batch_begin) before it is sent;
 * the answer is recorded (PENDING with the change id, or FAILED) before the cache and the
 * staged journal are touched. A process killed in between leaves a SENDING row, which
 * apply_reconcile() settles by reading the zone (never by sending again). */
#ifndef R53_TUI_APPLY_H
#define R53_TUI_APPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "cache/cache.h"
#include "client/client.h"

struct apply_ctx {
	struct cache *cache;	   /* borrowed */
	struct r53_client *client; /* borrowed */
	long wait_interval_ms;	   /* GetChange polling; 0: R53_WAIT_INTERVAL_MS or 2000 */
	long wait_timeout_ms;	   /* 0: 30 minutes */
	/* Progress lines ("sending 1 of 2 requests"); may be NULL. @text is borrowed. */
	void (*note)(void *arg, const char *text);
	void *note_arg;
	/* The staged edits a job may send or discard, by id, sorted ascending (NULL: every
	 * staged edit). The TUI sends what was staged when A was pressed: an edit staged while
	 * that batch is in flight waits for the next apply instead of being swept into it.
	 * Borrowed: must outlive the job. */
	const int64_t *edit_ids;
	size_t nedit_ids;
	/* apply_send() of a rollback: the id of the batch it undoes, journalled with it (0: not
	 * a rollback). A ROLLBACK job sets it itself. */
	int64_t rollback_of;
};

/* A staged edit Route 53 refused because the record set changed remotely. */
struct apply_conflict {
	int64_t edit_id;
	struct rrset *staged_old; /* owned copy or NULL (the edit creates) */
	struct rrset *remote;	  /* owned or NULL: what Route 53 holds now (NULL: nothing) */
};

struct apply_sent {
	int64_t row; /* applied_batch id in the cache */
	struct change_info ci;
	size_t nchanges;
};

/* What apply_zone() did. Embed by value, zero it before; apply_outcome_done() frees. */
struct apply_outcome {
	size_t nedits;	/* staged edits the batch was built from */
	size_t nparts;	/* requests the batch was split into */
	struct apply_sent *sent; /* owned; the accepted parts, in order */
	size_t nsent;
	struct apply_conflict *conflicts; /* owned */
	size_t nconflicts;
};
void apply_outcome_done(struct apply_outcome *o);

/* The batch that undoes @b: changes in reverse order, CREATE <-> DELETE. UPSERT cannot be
 * undone without the old value: R53_INVALID. Appends to @out. */
enum r53_code apply_invert(const struct change_batch *b, struct change_batch *out,
			   struct r53_error *err);

/* The batch of @zone_id's staged edits (DELETE exact old + CREATE new per edit, in staging
 * order) and its inverse, into initialised @batch / @inverse; *@nedits gets the edit count. */
enum r53_code apply_build(struct cache *cache, const char *zone_id, struct change_batch *batch,
			  struct change_batch *inverse, size_t *nedits, struct r53_error *err);

/* Settles every batch left SENDING by a stopped process: lists the zone and marks the batch
 * INSYNC (every CREATE present, every DELETE gone; its staged edits are then discarded and
 * the cache updated) or FAILED (the edits stay staged). Sends nothing. */
enum r53_code apply_reconcile(struct apply_ctx *a, struct r53_error *err);

/* Settles one SENDING batch @r against @zone, what Route 53 holds now (NULL: the zone is
 * gone, so nothing of it was applied): INSYNC and its staged edits discarded, or FAILED.
 * @cache_current: the cache already holds @zone (a sync just read it), so the batch is not
 * written into it again; else a client is not needed either. *@applied (may be NULL) gets
 * the verdict. Used by apply_reconcile() and, without blocking, by the TUI's loop (net.c). */
enum r53_code apply_settle(struct apply_ctx *a, const struct applied_batch *r,
			   const struct rrset_list *zone, bool cache_current, bool *applied,
			   struct r53_error *err);

/* Sends @zone_id's staged edits: reconcile first, build, split, then per part journal, send,
 * record, update the cache and discard the part's edits. Stops at the first refused part.
 * A refusal caused by remote changes returns R53_CONFLICT with @out->conflicts filled (the
 * edits stay staged; the cache gets the remote versions). No staged edits: R53_OK, nothing
 * sent. */
enum r53_code apply_zone(struct apply_ctx *a, const char *zone_id, const char *zone_name,
			 struct apply_outcome *out, struct r53_error *err);

/* Sends one journalled batch (already within Route 53's limits) with its inverse; on success
 * records the change, updates the cache and fills @sent. */
enum r53_code apply_send(struct apply_ctx *a, const char *zone_id, const struct change_batch *b,
			 const struct change_batch *inverse, struct apply_sent *sent,
			 struct r53_error *err);

/* Waits until batch @row's change @change_id is INSYNC and records it. */
enum r53_code apply_wait(struct apply_ctx *a, int64_t row, const char *change_id,
			 struct r53_error *err);

/* Every PENDING batch of the namespace (of @zone_id when non-NULL): asks Route 53 once and
 * records INSYNC, or with @wait polls until INSYNC. *@pending (may be NULL) gets how many
 * are still PENDING afterwards. */
enum r53_code apply_follow(struct apply_ctx *a, const char *zone_id, bool wait, size_t *pending,
			   struct r53_error *err);

/* Rollback: @zone_id's newest batch that did not fail, checked against Route 53 (the record
 * sets it created must still be exactly as created, the ones it deleted still absent).
 * @last gets the batch (caller: applied_batch_done()). Drift: R53_CONFLICT naming the first
 * record set that moved. None: R53_NOTFOUND. */
enum r53_code apply_rollback_plan(struct apply_ctx *a, const char *zone_id, const char *zone_name,
				  struct applied_batch *last, struct r53_error *err);

/*
 * Jobs: the non-blocking form of the calls above
 */
enum apply_job_kind {
	APPLY_JOB_RECONCILE,	 /* apply_reconcile() */
	APPLY_JOB_APPLY,	 /* apply_zone() */
	APPLY_JOB_ROLLBACK_PLAN, /* apply_rollback_plan() */
	APPLY_JOB_ROLLBACK,	 /* apply_rollback_plan(), then apply_send() of its inverse */
	APPLY_JOB_SEND,		 /* apply_send() */
};

struct apply_job;

/* Starts a job of @kind on @a->client (the context is copied; its cache and client must
 * outlive the job). @zone_id/@zone_name: the zone (unused by RECONCILE). @b/@inverse: the
 * batch of a SEND, borrowed until the job finishes. Work that needs no request is done at
 * once: the job may be finished on return. NULL only when out of memory. The progress notes
 * and the cache writes happen inside r53_client_perform(), from the callbacks. */
struct apply_job *apply_job_start(const struct apply_ctx *a, enum apply_job_kind kind,
				  const char *zone_id, const char *zone_name,
				  const struct change_batch *b, const struct change_batch *inverse);
bool apply_job_finished(const struct apply_job *j);
/* Runs @j's client until @j finishes (the blocking driver). */
void apply_job_run(struct apply_job *j);
/* The request in flight, for the screen: "sending 1 of 2 requests", "rolling back, sending 1
 * of 1 request", "checking the zone before rolling back", "refused, reading what Route 53
 * holds now". */
void apply_job_doing(const struct apply_job *j, char *buf, size_t bufsz);
/* Is a batch of @j's journalled SENDING and not yet settled (its request in flight, or the
 * zone being read after it got no answer)? Quitting then leaves it for the next start. */
bool apply_job_sending(const struct apply_job *j);
/* What a finished job did: its code and error (@err may be NULL). @out (may be NULL): an
 * APPLY's outcome, moved out (the caller frees it with apply_outcome_done()). @last (may be
 * NULL): a ROLLBACK*'s batch, moved out (applied_batch_done()). @sent (may be NULL): what a
 * SEND or ROLLBACK sent. */
enum r53_code apply_job_result(struct apply_job *j, struct r53_error *err,
			       struct apply_outcome *out, struct applied_batch *last,
			       struct apply_sent *sent);
/* Frees @*j and sets it NULL. A job with a request in flight may be freed only after its
 * client (r53_client_free() cancels the request; its batch stays SENDING). */
void apply_job_free(struct apply_job **j);

#endif
