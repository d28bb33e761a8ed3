/* r53 — one error type for every layer: a code, the field it is about, and a message. */
#ifndef R53_MODELS_ERROR_H
#define R53_MODELS_ERROR_H

#include <stddef.h>

/* clang-format off */
#define R53_ERROR_INFO(_) \
	_(OK,		"Success") \
	_(NOMEM,	"Out of memory") \
	_(INVALID,	"Invalid value") \
	_(USAGE,	"Invalid usage") \
	_(NOTFOUND,	"Not found") \
	_(CONFLICT,	"Conflict") \
	_(HTTP,		"HTTP transfer failed") \
	_(AWS,		"Route 53 rejected the request") \
	_(PARSE,	"Malformed input") \
	_(CACHE,	"Cache database error") \
	_(IO,		"Input/output error") \
	_(DNS,		"DNS query failed") \
	_(AUTH,		"No usable credentials")
/* clang-format on */

enum r53_code {
#define R53_CODE_ENUM(id, msg) R53_##id,
	R53_ERROR_INFO(R53_CODE_ENUM)
#undef R53_CODE_ENUM
	R53_CODE_COUNT
};

struct r53_error {
	enum r53_code code; /* R53_OK when nothing went wrong */
	char where[64];     /* field path or operation: "values[2]", "ListHostedZones" */
	char text[256];     /* human-readable detail, one line */
};

/* Records the first error only (later calls keep it); @err may be NULL.
 * Returns @code, so callers can write `return r53_error_set(err, ...);`.
 * Never allocates: the error path works when memory is out. */
enum r53_code r53_error_set(struct r53_error *err, enum r53_code code, const char *where,
			    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Clears @err so it can record again. NULL-safe. */
void r53_error_clear(struct r53_error *err);

/* Static text for @code ("Invalid value"); never NULL. */
const char *r53_strerror(enum r53_code code);

#endif
