/* Internal helpers shared by the models sources; not part of the public API. */
#ifndef R53_MODELS_PRIVATE_H
#define R53_MODELS_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "models/models.h"

#define NAME_MAX_LABELS 128

/* A name decoded into lower-case raw label bytes (the root label not counted). */
struct name_wire {
	uint8_t buf[NAME_MAX_OCTETS];
	uint8_t off[NAME_MAX_LABELS];
	uint8_t len[NAME_MAX_LABELS];
	int n;
};

/* Decodes escaped text (\DDD octal, \X literal) into labels, lower-casing A-Z. Empty labels,
 * labels over 63 octets and names over 255 octets are errors. "." and "" give n = 0. */
enum r53_code name_decode(const char *in, struct name_wire *w, struct r53_error *err);

/* Strict unsigned decimal in [min,max]; the whole string must be digits. */
int parse_uint(const char *s, size_t len, unsigned long long max, unsigned long long *out);

#endif
