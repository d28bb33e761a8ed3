/* Applying and rolling back without blocking the loop (send.c): an apply job (tui/apply.h)
 * on the loop's one client, looked at between keys. */
#ifndef R53_TUI_SEND_H
#define R53_TUI_SEND_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/apply.h"
#include "tui/tui.h"

/* Sends the staged edits of every zone that has some, one zone after the other (each
 * zone's parts one after another, from the answers). Returns at once; the status line gets
 * the summary when Route 53 has answered. Needs net_client(). */
void send_apply(struct app *app);
/* `u`: checks @zone_id's last applied batch against Route 53 without blocking, then asks
 * whether to send its inverse and sends it without blocking. Needs net_client(). */
void send_rollback(struct app *app, const char *zone_id, const char *zone_display);
/* Is something being sent or read for an apply or rollback (of @zone_id; NULL: any)? */
bool send_busy(const struct app *app, const char *zone_id);
/* When send_busy(@zone_id): says so on the status line ("rolling back, sending 1 of 1
 * request: wait for Route 53's answer before @what") and returns true. */
bool send_refuse(struct app *app, const char *zone_id, const char *what);
/* Is @zone_id's record set @rr (its name, type and set identifier) part of the batch in
 * flight, or waiting in this apply for its zone's turn? Then @why (may be NULL) gets what to
 * tell ("www.example.com. A is being sent", "... is being rolled back"):
 * a new edit of it must wait, as staging it would fold it into the edit being sent. Edits of
 * other record sets may be staged: they go in the next batch. */
bool send_carries(const struct app *app, const char *zone_id, const struct rrset *rr, char *why,
		  size_t whysz);
/* Is a batch journalled SENDING right now (sent, Route 53's answer not yet in)? Before and
 * between sends (pre-checks, reading the zone) nothing is SENDING. */
bool send_sending(const struct app *app);
/* Is staged edit @id part of the apply in flight (or waiting in it for its zone's turn)? */
bool send_carries_edit(const struct app *app, int64_t id);
/* The header's words for the send in flight, "" when none: apply_job_doing()'s ("sending 1
 * of 2 requests", "rolling back, sending 1 of 1 request"), after "zone 2 of 3, " when an
 * apply goes to several zones. */
void send_doing(const struct app *app, char *buf, size_t bufsz);
/* From net_apply(), between keys: reports a finished job, starts the next zone's. */
void send_tick(struct app *app);
/* From net_close(), after the client is freed (no callback can run): a send still in flight
 * stays SENDING in the cache, settled at the next start. */
void send_close(struct app *app);

/* The rollback's question, a short diff: "undo change C1: -a.example. A TTL 60 192.0.2.2
 * +a.example. A TTL 300 192.0.2.1 ...?", the first
 * changes and "and N more changes" for those that do not fit the rows the question may take
 * (the body and the status row, wrapped) nor @qsz. One text for the loop's rollback and the
 * blocking one of a script (source_rollback_plan). */
void send_rollback_question(const struct applied_batch *last, char *q, size_t qsz);

/* source.c's pieces shared by the blocking source_apply()/source_rollback() and send.c */
void source_conflict_message(const struct apply_outcome *o, struct r53_error *err);
void source_apply_summary(struct source *src, const char *last, size_t nsent,
			  enum r53_code rc, char *summary, size_t summarysz);
enum r53_code source_apply_ctx(struct source *src, struct r53_client *client,
			       void (*progress)(void *arg, const char *text), void *arg,
			       struct apply_ctx *a, struct r53_error *err);

#endif
