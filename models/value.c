/* One validator per record type, on Route 53's presentation format, plus TXT quoting. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/models.h"
#include "models/private.h"

#define VALUE_MAX_CHARS 4000
#define MAX_TOKENS 64

struct token {
	const char *s; /* start, after the opening quote when quoted */
	size_t len;    /* raw text length, escapes not decoded */
	bool quoted;
};

int
parse_uint(const char *s, size_t len, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (len == 0 || len > 20)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned long long)(s[i] - '0');
		if (v > max)
			return 0;
	}
	*out = v;
	return 1;
}

/* Splits @v into space-separated tokens; "quoted strings" may hold spaces and \" escapes.
 * Returns the count, -1 on an unterminated quote, -2 on too many tokens. */
static int
tokenize(const char *v, struct token *t, int max)
{
	int n = 0;
	const char *p = v;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return n;
		if (n == max)
			return -2;
		if (*p == '"') {
			const char *s = ++p;

			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p != '"')
				return -1;
			t[n].s = s;
			t[n].len = (size_t)(p - s);
			t[n].quoted = true;
			p++;
			if (*p && *p != ' ' && *p != '\t')
				return -1; /* "abc"def: text glued to a closing quote */
		} else {
			const char *s = p;

			while (*p && *p != ' ' && *p != '\t') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			t[n].s = s;
			t[n].len = (size_t)(p - s);
			t[n].quoted = false;
		}
		n++;
	}
}

/* Octets of a character-string once \X and \DDD escapes are decoded; -1 when malformed. */
static long
string_octets(const char *s, size_t len)
{
	long n = 0;

	for (size_t i = 0; i < len; i++, n++) {
		if (s[i] != '\\')
			continue;
		if (i + 1 >= len)
			return -1;
		if (s[i + 1] >= '0' && s[i + 1] <= '9') {
			if (i + 3 >= len)
				return -1;
			for (int k = 1; k <= 3; k++)
				if (s[i + k] < '0' || s[i + k] > '7')
					return -1;
			i += 3;
		} else {
			i++;
		}
	}
	return n;
}

static enum r53_code __attribute__((format(printf, 5, 6)))
vfail(struct r53_error *err, enum rr_type type, size_t index, const char *value,
      const char *fmt, ...)
{
	char where[32], detail[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	snprintf(where, sizeof(where), "values[%zu]", index);
	return r53_error_set(err, R53_INVALID, where, "%s value %zu: '%.60s%s' %s",
			     rr_type_name(type), index + 1, value, strlen(value) > 60 ? "..." : "",
			     detail);
}

static int
tok_uint(const struct token *t, unsigned long long max)
{
	unsigned long long v;

	return !t->quoted && parse_uint(t->s, t->len, max, &v);
}

static int
tok_name(const struct token *t, bool allow_root)
{
	char buf[NAME_MAX_OCTETS * 4 + 8], out[NAME_TEXT_MAX];

	if (t->quoted || t->len == 0 || t->len >= sizeof(buf))
		return 0;
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	if (!strcmp(buf, "."))
		return allow_root;
	return name_canonical(buf, out, sizeof(out), NULL) == R53_OK;
}

static int
tok_hex(const struct token *t)
{
	if (t->quoted || t->len == 0 || t->len % 2)
		return 0;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static int
tok_is(const struct token *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->s, s, t->len);
}

static enum r53_code
check_ip(enum rr_type type, const char *v, size_t index, struct r53_error *err)
{
	unsigned char buf[16];
	int af = type == RR_A ? AF_INET : AF_INET6;

	if (inet_pton(af, v, buf) != 1)
		return vfail(err, type, index, v, "is not an %s address",
			     type == RR_A ? "IPv4" : "IPv6");
	if (type == RR_A) {
		/* inet_pton takes "01.2.3.4"; Route 53 does not. */
		for (const char *p = v; *p; p++)
			if (*p == '0' && (p == v || p[-1] == '.') && p[1] >= '0' && p[1] <= '9')
				return vfail(err, type, index, v,
					     "is not an IPv4 address (leading zero)");
	}
	return R53_OK;
}

static enum r53_code
check_strings(enum rr_type type, const char *v, size_t index, const struct token *t, int n,
	      struct r53_error *err)
{
	if (n == 0)
		return vfail(err, type, index, v, "is empty; write text in quotes: \"text\"");
	/* Route 53 reads unquoted words as separate strings only in a one-word value; with more,
	 * it answers "Value should be enclosed in quotation marks". */
	for (int i = 0; n > 1 && i < n; i++)
		if (!t[i].quoted)
			return vfail(err, type, index, v,
				     "has text outside quotes; enclose each string in quotation "
				     "marks");
	for (int i = 0; i < n; i++) {
		long octets = string_octets(t[i].s, t[i].len);

		if (octets < 0)
			return vfail(err, type, index, v,
				     "has a bad escape in string %d (use \\\" or \\DDD octal)",
				     i + 1);
		if (octets > 255)
			return vfail(err, type, index, v,
				     "has a string of %ld characters; split it into quoted strings "
				     "of at most 255",
				     octets);
	}
	return R53_OK;
}

enum r53_code
value_validate(enum rr_type type, const char *v, size_t index, struct r53_error *err)
{
	struct token t[MAX_TOKENS];
	int n;

	if (!v || !*v)
		return vfail(err, type, index, v ? v : "", "is empty");
	if (strlen(v) > VALUE_MAX_CHARS)
		return vfail(err, type, index, v, "is longer than %d characters", VALUE_MAX_CHARS);
	n = tokenize(v, t, MAX_TOKENS);
	if (n == -1)
		return vfail(err, type, index, v, "has an unterminated or misplaced quote");
	if (n == -2 && type != RR_TXT && type != RR_SPF && type != RR_SVCB && type != RR_HTTPS)
		return vfail(err, type, index, v, "has too many fields");

	switch (type) {
	case RR_A:
	case RR_AAAA:
		return check_ip(type, v, index, err);
	case RR_CNAME:
	case RR_NS:
	case RR_PTR:
		if (n != 1 || !tok_name(&t[0], false))
			return vfail(err, type, index, v, "needs one host name");
		return R53_OK;
	case RR_MX:
		if (n != 2 || !tok_uint(&t[0], 65535) || !tok_name(&t[1], true))
			return vfail(err, type, index, v, "needs 'PRIORITY HOST'");
		return R53_OK;
	case RR_SRV:
		if (n != 4 || !tok_uint(&t[0], 65535) || !tok_uint(&t[1], 65535) ||
		    !tok_uint(&t[2], 65535) || !tok_name(&t[3], true))
			return vfail(err, type, index, v, "needs 'PRIORITY WEIGHT PORT TARGET'");
		return R53_OK;
	case RR_CAA:
		if (n != 3 || !tok_uint(&t[0], 255) || t[1].quoted || !t[2].quoted)
			return vfail(err, type, index, v, "needs 'FLAGS TAG \"VALUE\"'");
		for (size_t i = 0; i < t[1].len; i++) {
			char c = t[1].s[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9')))
				return vfail(err, type, index, v,
					     "has a tag that is not letters and digits");
		}
		return R53_OK;
	case RR_NAPTR:
		if (n != 6 || !tok_uint(&t[0], 65535) || !tok_uint(&t[1], 65535) ||
		    !t[2].quoted || !t[3].quoted || !t[4].quoted || !tok_name(&t[5], true))
			return vfail(err, type, index, v,
				     "needs 'ORDER PREFERENCE \"FLAGS\" \"SERVICE\" \"REGEXP\" "
				     "REPLACEMENT'");
		return R53_OK;
	case RR_DS:
		if (n < 4 || !tok_uint(&t[0], 65535) || !tok_uint(&t[1], 255) ||
		    !tok_uint(&t[2], 255))
			return vfail(err, type, index, v, "needs 'KEYTAG ALGORITHM DIGESTTYPE DIGEST'");
		for (int i = 3; i < n; i++)
			if (!tok_hex(&t[i]))
				return vfail(err, type, index, v, "has a digest that is not hex");
		return R53_OK;
	case RR_SOA:
		if (n != 7 || !tok_name(&t[0], false) || !tok_name(&t[1], false))
			return vfail(err, type, index, v,
				     "needs 'MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM'");
		for (int i = 2; i < 7; i++)
			if (!tok_uint(&t[i], 4294967295ULL))
				return vfail(err, type, index, v,
					     "needs 'MNAME RNAME SERIAL REFRESH RETRY EXPIRE "
					     "MINIMUM' (numbers up to 4294967295)");
		return R53_OK;
	case RR_TXT:
	case RR_SPF:
		if (n == -2)
			return vfail(err, type, index, v, "has more than %d strings", MAX_TOKENS);
		return check_strings(type, v, index, t, n, err);
	case RR_TLSA:
		if (n < 4 || !tok_uint(&t[0], 255) || !tok_uint(&t[1], 255) ||
		    !tok_uint(&t[2], 255))
			return vfail(err, type, index, v, "needs 'USAGE SELECTOR MATCHING-TYPE DATA'");
		for (int i = 3; i < n; i++)
			if (!tok_hex(&t[i]))
				return vfail(err, type, index, v, "has data that is not hex");
		return R53_OK;
	case RR_SSHFP:
		if (n < 3 || !tok_uint(&t[0], 255) || !tok_uint(&t[1], 255))
			return vfail(err, type, index, v, "needs 'ALGORITHM FPTYPE FINGERPRINT'");
		for (int i = 2; i < n; i++)
			if (!tok_hex(&t[i]))
				return vfail(err, type, index, v, "has a fingerprint that is not hex");
		return R53_OK;
	case RR_SVCB:
	case RR_HTTPS:
		if (n < 2 || !tok_uint(&t[0], 65535) || !tok_name(&t[1], true))
			return vfail(err, type, index, v, "needs 'PRIORITY TARGET [KEY=VALUE...]'");
		for (int i = 2; i < n && i < MAX_TOKENS; i++) {
			if (t[i].quoted || t[i].len == 0 || t[i].s[0] == '=')
				return vfail(err, type, index, v,
					     "has a parameter that is not KEY or KEY=VALUE");
			for (size_t k = 0; k < t[i].len && t[i].s[k] != '='; k++) {
				char c = t[i].s[k];
				if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
					return vfail(err, type, index, v,
						     "has a parameter key that is not lower-case "
						     "letters, digits and '-'");
			}
		}
		if (tok_is(&t[1], ".") && n == 2 && t[0].len == 1 && t[0].s[0] == '0')
			return R53_OK; /* AliasMode */
		return R53_OK;
	default:
		return r53_error_set(err, R53_INVALID, "type", "unknown record type");
	}
}

char *
txt_quote(const char *text)
{
	size_t n = strlen(text);
	/* Worst case: every byte escaped to 4 chars, plus quotes and spaces per 255. */
	char *out = malloc(n * 4 + (n / 255 + 1) * 3 + 3), *o = out;
	size_t in_chunk = 0;

	if (!out)
		return NULL;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (in_chunk == 255) {
			*o++ = '"';
			*o++ = ' ';
			*o++ = '"';
			in_chunk = 0;
		}
		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			o += sprintf(o, "\\%03o", c);
		} else {
			*o++ = (char)c;
		}
		in_chunk++;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

char *
txt_unquote(const char *value, struct r53_error *err)
{
	struct token t[MAX_TOKENS];
	int n = tokenize(value, t, MAX_TOKENS);
	char *out, *o;

	if (n < 0) {
		r53_error_set(err, R53_INVALID, "value", "'%.60s' is not a list of quoted strings",
			      value);
		return NULL;
	}
	out = o = malloc(strlen(value) + 1);
	if (!out) {
		r53_error_set(err, R53_NOMEM, "value", "out of memory");
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; k < t[i].len; k++) {
			const char *s = t[i].s;

			if (s[k] == '\\' && k + 3 < t[i].len && s[k + 1] >= '0' &&
			    s[k + 1] <= '7' && s[k + 2] >= '0' && s[k + 2] <= '7' &&
			    s[k + 3] >= '0' && s[k + 3] <= '7') {
				*o++ = (char)((s[k + 1] - '0') * 64 + (s[k + 2] - '0') * 8 +
					      (s[k + 3] - '0'));
				k += 3;
			} else if (s[k] == '\\' && k + 1 < t[i].len) {
				*o++ = s[++k];
			} else {
				*o++ = s[k];
			}
		}
	}
	*o = '\0';
	return out;
}
