#include "models/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const code_text[] = {
#define R53_CODE_TEXT(id, msg) msg,
	R53_ERROR_INFO(R53_CODE_TEXT)
#undef R53_CODE_TEXT
};

enum r53_code
r53_error_set(struct r53_error *err, enum r53_code code, const char *where, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != R53_OK)
		return code;
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return code;
}

void
r53_error_clear(struct r53_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

const char *
r53_strerror(enum r53_code code)
{
	if ((int)code < 0 || code >= R53_CODE_COUNT)
		return "Unknown error";
	return code_text[code];
}
