/* Following PENDING changes to INSYNC from the TUI's loop, without blocking: at most one
 * GetChange in flight, the oldest PENDING batch of the cache's history polled every
 * R53_WAIT_INTERVAL_MS (default 2 s). The answer is journalled (cache_batch_update INSYNC)
 * from the completion callback; the loop shows it between keys (net_apply). A batch left
 * PENDING by an earlier run is followed the same way. */
#ifndef R53_TUI_FOLLOW_H
#define R53_TUI_FOLLOW_H

#include <stddef.h>

#include "cache/cache.h"
#include "client/client.h"

struct follow;

/* @c and @cache are borrowed and must outlive the follower; free the client first (that
 * cancels the request in flight without calling back), then the follower. NULL when out of
 * memory. */
struct follow *follow_new(struct r53_client *c, struct cache *cache);
void follow_free(struct follow **f);
/* From the loop: queues the next GetChange when one is due. @announce gets "change C1 is
 * INSYNC" once per change that turned INSYNC since the last call, else "". */
void follow_tick(struct follow *f, char *announce, size_t announcesz);
/* PENDING changes in the history as of the last tick. */
size_t follow_pending(const struct follow *f);

#endif
