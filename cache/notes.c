/* Small notes the TUI keeps between runs, in the meta table (key -> text), namespaced by
 * profile + endpoint: the delegation guide's memory of a domain's old NS set, so the
 * countdown of the parent's NS TTL survives leaving the guide and restarting r53. Rarely
 * written: each call prepares its statement. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/private.h"

static void
note_key(const struct cache *c, const char *domain, char *out, size_t outsz)
{
	snprintf(out, outsz, "delegation/%" PRId64 "/%s", c->ns, domain);
}

enum r53_code
cache_get_delegation_note(struct cache *c, const char *domain, struct delegation_note *out,
			  bool *found, struct r53_error *err)
{
	sqlite3_stmt *st = NULL;
	char key[NAME_TEXT_MAX + 64];
	int rc;

	memset(out, 0, sizeof(*out));
	*found = false;
	note_key(c, domain, key, sizeof(key));
	if (sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key=?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return cache_db_error(c, "reading a delegation note", err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		long long seen = 0, sw = 0;
		unsigned long ttl = 0;
		int used = 0;

		/* "1 SEEN_AT TTL SWITCHED_AT OLD NS..."; anything else is ignored (a note is a
		 * convenience: a bad one is as good as none) */
		if (v && sscanf(v, "1 %lld %lu %lld %n", &seen, &ttl, &sw, &used) == 3 && used > 0 &&
		    ttl <= UINT32_MAX) {
			out->old_seen_at = seen;
			out->old_ttl = (uint32_t)ttl;
			out->switched_at = sw;
			snprintf(out->old_ns, sizeof(out->old_ns), "%s", v + used);
			*found = true;
		}
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return cache_db_error(c, "reading a delegation note", err);
	}
	sqlite3_finalize(st);
	return R53_OK;
}

enum r53_code
cache_put_delegation_note(struct cache *c, const char *domain, const struct delegation_note *n,
			  struct r53_error *err)
{
	sqlite3_stmt *st = NULL;
	char key[NAME_TEXT_MAX + 64], *val = NULL;
	int rc;

	note_key(c, domain, key, sizeof(key));
	if (!n) {
		if (sqlite3_prepare_v2(c->db, "DELETE FROM meta WHERE key=?1", -1, &st, NULL) !=
		    SQLITE_OK)
			return cache_db_error(c, "removing a delegation note", err);
	} else {
		if (asprintf(&val, "1 %lld %lu %lld %s", (long long)n->old_seen_at,
			     (unsigned long)n->old_ttl, (long long)n->switched_at, n->old_ns) < 0)
			return r53_error_set(err, R53_NOMEM, "cache", "out of memory");
		if (sqlite3_prepare_v2(c->db,
				       "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key)"
				       " DO UPDATE SET value=excluded.value",
				       -1, &st, NULL) != SQLITE_OK) {
			free(val);
			return cache_db_error(c, "writing a delegation note", err);
		}
		sqlite3_bind_text(st, 2, val, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(val);
	if (rc != SQLITE_DONE)
		return cache_db_error(c, "writing a delegation note", err);
	return R53_OK;
}
