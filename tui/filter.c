/* The '/' filter: space-separated terms, all of which must match. A bare term matches name,
 * type, value, routing or comment (case-insensitive substring); "name:", "type:", "value:",
 * "routing:", "comment:" pick one field ("type:" is an exact type, "type:A,AAAA" a list);
 * "ttl:<300", "ttl:>=3600", "ttl:60" compare numbers; a leading '!' negates a term. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

static const struct {
	const char *prefix;
	enum filter_field field;
} field_names[] = {
	{ "name:", FIELD_NAME },       { "type:", FIELD_TYPE },	      { "value:", FIELD_VALUE },
	{ "ttl:", FIELD_TTL },	       { "routing:", FIELD_ROUTING }, { "comment:", FIELD_COMMENT },
};

static enum r53_code
term_compile(const char *s, size_t n, struct filter_term *t, struct r53_error *err)
{
	char raw[128];

	memset(t, 0, sizeof(*t));
	if (n >= sizeof(raw))
		n = sizeof(raw) - 1;
	memcpy(raw, s, n);
	raw[n] = '\0';
	s = raw;
	if (*s == '!') {
		t->negate = true;
		s++;
	}
	for (size_t i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++) {
		size_t pl = strlen(field_names[i].prefix);
		if (!strncasecmp(s, field_names[i].prefix, pl)) {
			t->field = field_names[i].field;
			s += pl;
			break;
		}
	}
	if (t->field == FIELD_TTL) {
		char *end;
		t->op = '=';
		if (s[0] == '<' && s[1] == '=') {
			t->op = 'l';
			s += 2;
		} else if (s[0] == '>' && s[1] == '=') {
			t->op = 'g';
			s += 2;
		} else if (*s == '<' || *s == '>' || *s == '=') {
			t->op = *s++;
		}
		if (!*s) /* still typing: "ttl:<" matches everything */
			return R53_OK;
		uint32_t secs;
		if (ttl_parse(s, &secs, NULL) == R53_OK) {
			t->number = (long)secs;
		} else {
			t->number = strtol(s, &end, 10);
			if (*end || end == s)
				return r53_error_set(err, R53_INVALID, "filter",
						     "ttl:%s is not a number of seconds", s);
		}
		snprintf(t->text, sizeof(t->text), "%ld", t->number);
		return R53_OK;
	}
	for (size_t i = 0; s[i] && i + 1 < sizeof(t->text); i++) {
		t->text[i] = (char)tolower((unsigned char)s[i]);
		t->text[i + 1] = '\0';
	}
	return R53_OK;
}

enum r53_code
filter_compile(const char *text, struct filter *f, struct r53_error *err)
{
	const char *s = text;

	f->n = 0;
	while (*s) {
		size_t n;
		while (*s == ' ')
			s++;
		n = strcspn(s, " ");
		if (!n)
			break;
		if (f->n == FILTER_TERMS_MAX)
			return r53_error_set(err, R53_INVALID, "filter", "more than %d terms",
					     FILTER_TERMS_MAX);
		if (term_compile(s, n, &f->terms[f->n], err) != R53_OK)
			return err ? err->code : R53_INVALID;
		f->n++;
		s += n;
	}
	return R53_OK;
}

static bool
has(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

/* "A,AAAA" against @type, exact and case-insensitive. */
static bool
type_in(const char *type, const char *list)
{
	size_t tl;

	if (!type)
		return false;
	if (!*list)
		return true;
	tl = strlen(type);
	while (*list) {
		size_t n = strcspn(list, ",");
		if (n == tl && !strncasecmp(list, type, n))
			return true;
		list += n;
		if (*list == ',')
			list++;
	}
	return false;
}

static bool
term_match(const struct filter_term *t, const struct filter_row *r)
{
	bool values = false;

	if (t->field == FIELD_ANY || t->field == FIELD_VALUE)
		for (size_t i = 0; i < r->nvalues && !values; i++)
			values = has(r->values[i], t->text);
	switch (t->field) {
	case FIELD_NAME:
		return has(r->name, t->text);
	case FIELD_TYPE:
		return type_in(r->type, t->text);
	case FIELD_VALUE:
		return values;
	case FIELD_ROUTING:
		return has(r->routing, t->text);
	case FIELD_COMMENT:
		return has(r->comment, t->text);
	case FIELD_TTL:
		if (!t->text[0])
			return true;
		if (r->ttl < 0)
			return false;
		switch (t->op) {
		case '<': return r->ttl < t->number;
		case '>': return r->ttl > t->number;
		case 'l': return r->ttl <= t->number;
		case 'g': return r->ttl >= t->number;
		default: return r->ttl == t->number;
		}
	case FIELD_ANY:
	default:
		return has(r->name, t->text) || has(r->type, t->text) || values ||
		       has(r->routing, t->text) || has(r->comment, t->text);
	}
}

bool
filter_match(const struct filter *f, const struct filter_row *row)
{
	for (int i = 0; i < f->n; i++)
		if (term_match(&f->terms[i], row) == f->terms[i].negate)
			return false;
	return true;
}

/* Can a term match a row @a did not? Only when @b is @a, or @a typed further: the same
 * substring field with more text around it. */
static bool
term_narrows(const struct filter_term *a, const struct filter_term *b)
{
	if (a->field == b->field && a->negate == b->negate && a->op == b->op &&
	    a->number == b->number && !strcmp(a->text, b->text))
		return true;
	if (a->negate || b->negate || a->field != b->field)
		return false;
	switch (a->field) {
	case FIELD_ANY:
	case FIELD_NAME:
	case FIELD_VALUE:
	case FIELD_ROUTING:
	case FIELD_COMMENT:
		return strstr(b->text, a->text) != NULL;
	default:
		return false;
	}
}

bool
filter_narrows(const struct filter *from, const struct filter *to)
{
	if (to->n < from->n)
		return false;
	for (int i = 0; i < from->n; i++)
		if (!term_narrows(&from->terms[i], &to->terms[i]))
			return false;
	return true; /* further terms only take rows away */
}

/* Appends @s lower case and its '\0'; *@len gets its length. */
static enum r53_code
buf_add(struct filter_buf *b, const char *s, uint32_t *len)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > UINT32_MAX)
		return R53_INVALID;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		char *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(d = realloc(b->data, cap)))
			return R53_NOMEM;
		b->data = d;
		b->cap = cap;
	}
	for (size_t i = 0; i < n; i++)
		b->data[b->len + i] = (char)tolower((unsigned char)s[i]);
	b->data[b->len + n] = '\0';
	b->len += n + 1;
	*len += (uint32_t)n;
	return R53_OK;
}

enum r53_code
filter_text_add(struct filter_buf *b, struct filter_text *t, const char *name,
		const char *type, const char *const *values, size_t nvalues, const char *routing)
{
	enum r53_code rc;
	uint32_t one;

	memset(t, 0, sizeof(*t));
	t->off = (uint32_t)b->len;
	if ((rc = buf_add(b, name ? name : "", &t->name_len)) != R53_OK ||
	    (rc = buf_add(b, type ? type : "", &t->type_len)) != R53_OK)
		return rc;
	for (size_t i = 0; i < nvalues; i++) {
		one = 0;
		if ((rc = buf_add(b, values[i] ? values[i] : "", &one)) != R53_OK)
			return rc;
		t->values_len += one + 1;
	}
	return buf_add(b, routing ? routing : "", &t->routing_len);
}

/* memmem for the short rows and needles of a filter: memchr finds the first character
 * (rows are ~80 bytes; glibc's memmem costs more to set up than that scan). */
static bool
in(const char *hay, uint32_t len, const char *needle)
{
	size_t n = strlen(needle);
	const char *p = hay, *last;

	if (n == 0)
		return true;
	if (n > len)
		return false;
	last = hay + len - n;
	while (p <= last && (p = memchr(p, needle[0], (size_t)(last - p) + 1))) {
		if (!memcmp(p + 1, needle + 1, n - 1))
			return true;
		p++;
	}
	return false;
}

static bool
term_match_text(const struct filter_term *t, const char *buf, const struct filter_text *r,
		long ttl)
{
	const char *name = buf + r->off, *type = name + r->name_len + 1;
	const char *values = type + r->type_len + 1, *routing = values + r->values_len;

	switch (t->field) {
	case FIELD_NAME:
		return in(name, r->name_len, t->text);
	case FIELD_TYPE:
		return type_in(type, t->text);
	case FIELD_VALUE:
		return r->values_len && in(values, r->values_len, t->text);
	case FIELD_ROUTING:
		return in(routing, r->routing_len, t->text);
	case FIELD_COMMENT:
		return false;
	case FIELD_TTL: {
		struct filter_row row = { .ttl = ttl };
		return term_match(t, &row);
	}
	case FIELD_ANY:
	default:
		/* one search over every field: a needle never holds the '\0' between them */
		return in(name, (uint32_t)(routing + r->routing_len - name), t->text);
	}
}

bool
filter_match_text(const struct filter *f, const char *buf, const struct filter_text *t,
		  long ttl)
{
	for (int i = 0; i < f->n; i++)
		if (term_match_text(&f->terms[i], buf, t, ttl) == f->terms[i].negate)
			return false;
	return true;
}
