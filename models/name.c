/* Names: canonical form, \DDD escapes both ways, IDN, limits, Route 53's order. */
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models/models.h"
#include "models/private.h"

static int
is_plain(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Writes @c as a \DDD octal escape (4 chars, no NUL); returns 4. */
static size_t
put_octal(char *out, uint8_t c)
{
	out[0] = '\\';
	out[1] = (char)('0' + (c >> 6));
	out[2] = (char)('0' + ((c >> 3) & 7));
	out[3] = (char)('0' + (c & 7));
	return 4;
}

static int
is_odigit(char c)
{
	return c >= '0' && c <= '7';
}

enum r53_code
name_decode(const char *in, struct name_wire *w, struct r53_error *err)
{
	size_t total = 1; /* the root's length byte */
	size_t pos = 0, lablen = 0;
	const char *p = in;

	w->n = 0;
	if (!in)
		return r53_error_set(err, R53_INVALID, "name", "name is missing");
	if (!strcmp(in, ".") || !*in)
		return R53_OK;
	w->off[0] = 0;
	while (*p) {
		uint8_t c;

		if (*p == '.') {
			if (lablen == 0)
				return r53_error_set(err, R53_INVALID, "name",
						     "'%.200s' has an empty label", in);
			if (w->n >= NAME_MAX_LABELS - 1)
				return r53_error_set(err, R53_INVALID, "name",
						     "'%.200s' has too many labels", in);
			w->len[w->n++] = (uint8_t)lablen;
			lablen = 0;
			p++;
			if (*p)
				w->off[w->n] = (uint8_t)pos;
			continue;
		}
		if (*p == '\\') {
			if (is_odigit(p[1]) && is_odigit(p[2]) && is_odigit(p[3])) {
				unsigned v = (unsigned)(p[1] - '0') * 64 + (unsigned)(p[2] - '0') * 8 +
					     (unsigned)(p[3] - '0');
				c = (uint8_t)v;
				p += 4;
			} else if (p[1] >= '0' && p[1] <= '9') {
				return r53_error_set(err, R53_INVALID, "name",
						     "'%.200s': a \\ escape needs three octal digits "
						     "(\\052 is *)",
						     in);
			} else if (p[1]) {
				c = (uint8_t)p[1];
				p += 2;
			} else {
				return r53_error_set(err, R53_INVALID, "name",
						     "'%.200s' ends with a lone \\", in);
			}
		} else {
			c = (uint8_t)*p++;
		}
		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		if (++lablen > LABEL_MAX_OCTETS)
			return r53_error_set(err, R53_INVALID, "name",
					     "'%.200s' has a label longer than 63 octets", in);
		if (lablen == 1)
			total++;
		if (++total > NAME_MAX_OCTETS)
			return r53_error_set(err, R53_INVALID, "name",
					     "'%.200s' is longer than 255 octets", in);
		w->buf[pos++] = c;
	}
	if (lablen > 0) {
		if (w->n >= NAME_MAX_LABELS - 1)
			return r53_error_set(err, R53_INVALID, "name",
					     "'%.200s' has too many labels", in);
		w->len[w->n++] = (uint8_t)lablen;
	}
	return R53_OK;
}

/* Converts UTF-8 labels of @in to xn-- form into a malloc'd string; NULL on error. */
static char *
idn_to_ascii(const char *in, struct r53_error *err)
{
	size_t n = strlen(in);
	char *out = malloc(n * 4 + 64), *o = out;
	const char *p = in;

	if (!out) {
		r53_error_set(err, R53_NOMEM, "name", "out of memory");
		return NULL;
	}
	while (*p) {
		const char *e = p;
		int high = 0;
		char label[256];
		char *ascii = NULL;
		size_t len;

		while (*e && *e != '.') {
			if (*e == '\\' && e[1])
				e++;
			if ((unsigned char)*e >= 0x80)
				high = 1;
			e++;
		}
		len = (size_t)(e - p);
		if (high && len < sizeof(label)) {
			int rc;

			memcpy(label, p, len);
			label[len] = '\0';
			rc = idn2_to_ascii_8z(label, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
			if (rc != IDN2_OK) {
				r53_error_set(err, R53_INVALID, "name",
					      "'%.100s' is not a valid international name: %s", label,
					      idn2_strerror(rc));
				free(out);
				return NULL;
			}
			len = strlen(ascii);
			memcpy(o, ascii, len);
			idn2_free(ascii);
		} else {
			memcpy(o, p, len);
		}
		o += len;
		p = e;
		if (*p == '.')
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static int
has_utf8(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Writes the canonical text of @w into @out. */
static enum r53_code
name_encode(const struct name_wire *w, char *out, size_t outsz, struct r53_error *err)
{
	size_t o = 0;

	for (int i = 0; i < w->n; i++) {
		for (int j = 0; j < w->len[i]; j++) {
			uint8_t c = w->buf[w->off[i] + j];

			if (o + 5 >= outsz)
				goto small;
			if (is_plain(c))
				out[o++] = (char)c;
			else
				o += put_octal(out + o, c);
		}
		if (o + 2 >= outsz)
			goto small;
		out[o++] = '.';
	}
	if (w->n == 0) {
		if (outsz < 2)
			goto small;
		out[o++] = '.';
	}
	out[o] = '\0';
	return R53_OK;
small:
	if (outsz)
		out[0] = '\0';
	return r53_error_set(err, R53_INVALID, "name", "name does not fit its buffer");
}

enum r53_code
name_canonical(const char *in, char *out, size_t outsz, struct r53_error *err)
{
	struct name_wire w;
	char *ascii = NULL;
	enum r53_code rc;

	if (outsz)
		out[0] = '\0';
	if (!in || !*in)
		return r53_error_set(err, R53_INVALID, "name", "name is empty");
	for (const char *p = in; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			return r53_error_set(err, R53_INVALID, "name",
					     "'%.200s' contains a space; write it as \\040", in);
	if (has_utf8(in)) {
		ascii = idn_to_ascii(in, err);
		if (!ascii)
			return err ? err->code : R53_INVALID;
		in = ascii;
	}
	rc = name_decode(in, &w, err);
	if (rc == R53_OK && w.n == 0)
		rc = r53_error_set(err, R53_INVALID, "name", "name is the root ('.')");
	if (rc == R53_OK)
		rc = name_encode(&w, out, outsz, err);
	free(ascii);
	return rc;
}

int
name_labels(const char *name, uint8_t *buf, const uint8_t *labels[], size_t lens[], int max)
{
	struct name_wire w;

	if (name_decode(name, &w, NULL) != R53_OK || w.n > max)
		return -1;
	memcpy(buf, w.buf, NAME_MAX_OCTETS);
	for (int i = 0; i < w.n; i++) {
		labels[i] = buf + w.off[i];
		lens[i] = w.len[i];
	}
	return w.n;
}

void
name_display(const char *canonical, char *out, size_t outsz, bool unicode)
{
	struct name_wire w;
	size_t o = 0;

	if (!outsz)
		return;
	out[0] = '\0';
	if (!canonical)
		return;
	if (name_decode(canonical, &w, NULL) != R53_OK) {
		/* Not a name we can read: show it as it is, bounded. */
		snprintf(out, outsz, "%s", canonical);
		return;
	}
	for (int i = 0; i < w.n; i++) {
		const uint8_t *l = w.buf + w.off[i];
		size_t len = w.len[i];
		char *uni = NULL;

		if (unicode && len > 4 && !memcmp(l, "xn--", 4)) {
			char ascii[LABEL_MAX_OCTETS + 1];

			memcpy(ascii, l, len);
			ascii[len] = '\0';
			if (idn2_to_unicode_8z8z(ascii, &uni, 0) != IDN2_OK)
				uni = NULL;
		}
		if (uni) {
			size_t ul = strlen(uni);

			if (o + ul + 2 > outsz) {
				idn2_free(uni);
				break;
			}
			memcpy(out + o, uni, ul);
			o += ul;
			idn2_free(uni);
		} else {
			for (size_t j = 0; j < len; j++) {
				uint8_t c = l[j];

				if (o + 6 > outsz)
					goto done;
				if (c > 0x20 && c < 0x7f && c != '.' && c != '\\')
					out[o++] = (char)c;
				else
					o += put_octal(out + o, c);
			}
		}
		if (o + 2 > outsz)
			break;
		out[o++] = '.';
	}
	if (w.n == 0 && outsz > 1)
		out[o++] = '.';
done:
	out[o < outsz ? o : outsz - 1] = '\0';
}

/* Fast path for the common case: no escapes, so the text is the octets. */
static int
cmp_reversed(const uint8_t *a, const uint8_t *aoff, const uint8_t *alen, int an,
	     const uint8_t *b, const uint8_t *boff, const uint8_t *blen, int bn)
{
	int i = an - 1, j = bn - 1;

	for (; i >= 0 && j >= 0; i--, j--) {
		size_t la = alen[i], lb = blen[j], m = la < lb ? la : lb;
		int c = memcmp(a + aoff[i], b + boff[j], m);

		if (c)
			return c;
		if (la != lb) {
			/* One label is a prefix of the other: the shorter continues with '.' */
			uint8_t ca = la > m ? a[aoff[i] + m] : '.';
			uint8_t cb = lb > m ? b[boff[j] + m] : '.';

			if (ca != cb)
				return (int)ca - (int)cb;
			/* A literal dot inside the longer label (\056) meets the separator: the
			 * shorter label first, so different names never compare equal. */
			return la < lb ? -1 : 1;
		}
	}
	if (i < 0 && j < 0)
		return 0;
	return i < 0 ? -1 : 1;
}

int
name_compare(const char *a, const char *b)
{
	struct name_wire wa, wb;

	if (a == b)
		return 0;
	if (!a || !b)
		return a ? 1 : -1;
	if (name_decode(a, &wa, NULL) != R53_OK || name_decode(b, &wb, NULL) != R53_OK)
		return strcmp(a, b);
	return cmp_reversed(wa.buf, wa.off, wa.len, wa.n, wb.buf, wb.off, wb.len, wb.n);
}

bool
name_in_zone(const char *name, const char *zone)
{
	size_t n, z;

	if (!name || !zone)
		return false;
	n = strlen(name);
	z = strlen(zone);
	if (!strcmp(zone, "."))
		return true;
	if (n == z)
		return !strcmp(name, zone);
	/* In canonical text every '.' separates labels (a dot inside a label is \056). */
	return n > z && !strcmp(name + n - z, zone) && name[n - z - 1] == '.';
}

bool
name_is_wildcard(const char *name)
{
	return name && (!strncmp(name, "\\052.", 5) || !strncmp(name, "*.", 2));
}

int
name_label_count(const char *name)
{
	struct name_wire w;

	if (name_decode(name, &w, NULL) != R53_OK)
		return -1;
	return w.n;
}

const char *
r53_bare_id(const char *id)
{
	const char *s;

	if (!id)
		return NULL;
	s = strrchr(id, '/');
	return s ? s + 1 : id;
}

bool
name_same_host(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la && a[la - 1] == '.')
		la--;
	if (lb && b[lb - 1] == '.')
		lb--;
	return la == lb && !strncasecmp(a, b, la);
}
