/* The AWS shared credentials and config files (~/.aws/credentials, ~/.aws/config), parsed from
 * memory the way the AWS CLI reads them: botocore on Python's configparser (RawConfigParser,
 * strict). Checked against aws-cli 1.45 / botocore 1.43 / Python 3.11:
 *   - lines end at \n, \r\n or \r; a line whose first non-blank is '#' or ';' is a comment (no
 *     inline comments: "key = v # x" has the value "v # x");
 *   - "[NAME]": NAME is everything between the first '[' and the last ']', unstripped;
 *   - "key = value" or "key: value", split at the first '=' or ':'; keys are lower-cased;
 *   - a line indented deeper than its key line continues that key's value ("v\nmore");
 *   - [DEFAULT] gives keys to every section that lacks them;
 *   - the whole file is refused on: a key before any section, a line with no '=' or ':', an
 *     empty key, a section or a key appearing twice, a nested block ("s3 =" then indented
 *     lines) with a line that has no '='.
 * Python strips a little more than ASCII blanks (Unicode spaces) and refuses bytes that are
 * not UTF-8; here bytes pass through, and a NUL byte is refused. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/private.h"

/* Python's str.strip() set, ASCII part. */
static bool
ini_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       (c >= 0x1c && c <= 0x1f);
}

struct names {
	char **v;
	size_t len, cap;
};

static bool
names_has(const struct names *n, const char *s)
{
	for (size_t i = 0; i < n->len; i++)
		if (!strcmp(n->v[i], s))
			return true;
	return false;
}

static bool
names_add(struct names *n, char *s)
{
	if (n->len == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 16;
		char **v = realloc(n->v, cap * sizeof(*v));

		if (!v)
			return false;
		n->v = v;
		n->cap = cap;
	}
	n->v[n->len++] = s;
	return true;
}

/* A key named in an error: only when it looks like a key (a pasted secret never shows). */
static const char *
key_shown(const char *key)
{
	size_t n = strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_-.");

	return key[n] || n > 64 ? "a key" : key;
}

struct ini {
	const char *path;
	aws_ini_fn fn;
	void *ud;
	struct r53_error *err;
	const char *section; /* NULL before the first [section] */
	struct names sections, keys, default_keys;
	/* the key whose value is being read (continuation lines may follow) */
	const char *key;
	char *val; /* len + 1 bytes: a value never outgrows the file */
	size_t vlen;
	int key_line;
	size_t indent; /* of the key's line */
};

/* The key being read is complete: rstrip, check a nested block, hand it on. */
static enum r53_code
ini_flush(struct ini *p)
{
	const char *key = p->key;

	if (!key)
		return R53_OK;
	p->key = NULL;
	while (p->vlen && ini_space(p->val[p->vlen - 1]))
		p->vlen--;
	p->val[p->vlen] = '\0';
	if (p->val[0] == '\n') {
		/* botocore reads "key =" + indented lines as a nested block of key = value */
		const char *s = p->val;

		while (*s) {
			size_t n = strcspn(s, "\n\v\f\x1c\x1d\x1e"), i = 0;

			while (i < n && ini_space(s[i]))
				i++;
			if (i < n && !memchr(s + i, '=', n - i))
				return r53_error_set(p->err, R53_PARSE, "credentials",
						     "%s:%d: %s starts a nested block (its value is on "
						     "the next lines) and a line in it has no '='",
						     p->path, p->key_line, key_shown(key));
			s += n;
			if (*s)
				s++;
		}
	}
	return p->fn(p->ud, p->section, key, p->val, p->key_line, p->err);
}

static enum r53_code
ini_line(struct ini *p, char *line, size_t n, int lineno)
{
	char *s = line, *e = line + n, *d;
	size_t indent;
	enum r53_code rc;

	while (s < e && ini_space(*s))
		s++;
	while (e > s && ini_space(e[-1]))
		e--;
	if (s == e) { /* blank: part of a value being read (trailing ones are stripped) */
		if (p->key)
			p->val[p->vlen++] = '\n';
		return R53_OK;
	}
	if (*s == '#' || *s == ';')
		return R53_OK;
	*e = '\0';
	indent = (size_t)(s - line);
	if (p->key && indent > p->indent) { /* a continuation line */
		p->val[p->vlen++] = '\n';
		memcpy(p->val + p->vlen, s, (size_t)(e - s));
		p->vlen += (size_t)(e - s);
		return R53_OK;
	}
	if ((rc = ini_flush(p)) != R53_OK)
		return rc;
	p->indent = indent;
	if (*s == '[' && (d = strrchr(s, ']')) && d > s + 1) {
		*d = '\0';
		p->section = s + 1;
		p->keys.len = 0;
		if (strcmp(p->section, "DEFAULT")) {
			if (names_has(&p->sections, p->section))
				return r53_error_set(p->err, R53_PARSE, "credentials",
						     "%s:%d: section [%s] appears twice", p->path,
						     lineno, p->section);
			if (!names_add(&p->sections, (char *)p->section))
				return r53_error_set(p->err, R53_NOMEM, "credentials",
						     "out of memory");
		}
		return p->fn(p->ud, p->section, NULL, NULL, lineno, p->err);
	}
	if (!p->section)
		return r53_error_set(p->err, R53_PARSE, "credentials",
				     "%s:%d: a line before the first [section]", p->path, lineno);
	d = s + strcspn(s, "=:");
	if (!*d)
		return r53_error_set(p->err, R53_PARSE, "credentials",
				     "%s:%d: a line in [%s] with no '=' (key = value)", p->path,
				     lineno, p->section);
	{
		char *k = s, *ke = d, *v = d + 1;
		struct names *seen;

		while (ke > k && ini_space(ke[-1]))
			ke--;
		if (ke == k)
			return r53_error_set(p->err, R53_PARSE, "credentials",
					     "%s:%d: a line in [%s] with no key before '%c'",
					     p->path, lineno, p->section, *d);
		*ke = '\0';
		for (char *c = k; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		seen = strcmp(p->section, "DEFAULT") ? &p->keys : &p->default_keys;
		if (names_has(seen, k))
			return r53_error_set(p->err, R53_PARSE, "credentials",
					     "%s:%d: %s appears twice in [%s]", p->path, lineno,
					     key_shown(k), p->section);
		if (!names_add(seen, k))
			return r53_error_set(p->err, R53_NOMEM, "credentials", "out of memory");
		while (v < e && ini_space(*v))
			v++;
		p->key = k;
		p->key_line = lineno;
		p->vlen = (size_t)(e - v);
		memcpy(p->val, v, p->vlen);
	}
	return R53_OK;
}

enum r53_code
aws_ini_parse(const char *text, size_t len, const char *path, aws_ini_fn fn, void *ud,
	      struct r53_error *err)
{
	struct ini p = { .path = path, .fn = fn, .ud = ud, .err = err };
	char *buf, *s, *end;
	enum r53_code rc = R53_OK;
	int lineno = 0;

	if (len > AWS_INI_MAX)
		return r53_error_set(err, R53_PARSE, "credentials",
				     "%s: larger than %d bytes", path, AWS_INI_MAX);
	buf = malloc(len + 1);
	p.val = malloc(len + 1);
	if (!buf || !p.val) {
		free(buf);
		free(p.val);
		return r53_error_set(err, R53_NOMEM, "credentials", "out of memory");
	}
	if (len)
		memcpy(buf, text, len);
	buf[len] = '\0';
	end = buf + len;
	for (s = buf; s < end && rc == R53_OK;) {
		size_t n = strcspn(s, "\r\n"); /* stops at a NUL too */
		char *next = s + n;

		lineno++;
		if (next < end && !*next) {
			rc = r53_error_set(err, R53_PARSE, "credentials",
					   "%s:%d: a NUL byte", path, lineno);
			break;
		}
		if (next < end)
			next += (next[0] == '\r' && next + 1 < end && next[1] == '\n') ? 2 : 1;
		rc = ini_line(&p, s, n, lineno);
		s = next;
	}
	if (rc == R53_OK)
		rc = ini_flush(&p);
	if (p.val)
		memset(p.val, 0, len + 1);
	memset(buf, 0, len + 1);
	free(p.val);
	free(buf);
	free(p.sections.v);
	free(p.keys.v);
	free(p.default_keys.v);
	return rc;
}

/*
 * Picking one profile
 */

/* Python's shlex.split (POSIX mode, no comments) as botocore applies it to "[profile NAME]":
 * true when @s is exactly two words; the second goes to @name (truncated to @namesz). */
static bool
shlex_two(const char *s, char *name, size_t namesz)
{
	int words = 0;
	size_t n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		if (!*s)
			break;
		words++;
		n = 0;
		while (*s && !(*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
			char c = *s++;

			if (c == '\\') {
				if (!*s)
					return false; /* "No escaped character" */
				c = *s++;
			} else if (c == '\'') {
				while (*s && *s != '\'') {
					if (words == 2 && n + 1 < namesz)
						name[n++] = *s;
					s++;
				}
				if (!*s++)
					return false; /* "No closing quotation" */
				continue;
			} else if (c == '"') {
				while (*s && *s != '"') {
					c = *s++;
					if (c == '\\' && (*s == '"' || *s == '\\'))
						c = *s++;
					if (words == 2 && n + 1 < namesz)
						name[n++] = c;
				}
				if (!*s++)
					return false;
				continue;
			}
			if (words == 2 && n + 1 < namesz)
				name[n++] = c;
		}
		if (words == 2 && namesz)
			name[n < namesz ? n : namesz - 1] = '\0';
	}
	return words == 2;
}

bool
aws_ini_section_profile(const char *section, bool config_style, char *name, size_t namesz)
{
	if (!namesz)
		return false;
	if (!config_style || !strcmp(section, "default")) {
		if (!config_style && !strcmp(section, "DEFAULT"))
			return false;
		snprintf(name, namesz, "%s", section);
		return strlen(section) < namesz;
	}
	if (strncmp(section, "profile", 7))
		return false; /* [sso-session x], [services x], [plugins]: not profiles */
	if (strlen(section) >= 1024)
		return false;
	return shlex_two(section, name, namesz);
}

/* A wanted value that cannot be used (spans lines, too long): an error if it is the one
 * chosen; a later section of the profile, or the section's own key over [DEFAULT], hides it. */
struct unusable {
	int line; /* 0: the value is fine */
	bool multiline;
	char section[128];
};

struct pick {
	const char *profile;
	bool config_style;
	bool in, in_default, found;
	struct aws_profile_keys got, defaults;
	/* set: which keys the section (or [DEFAULT]) holds, empty values included */
	unsigned got_set, default_set;
	struct unusable got_bad[4], default_bad[4]; /* per wanted key */
	const char *path;
};

static const struct {
	const char *key;
	size_t off, size;
} wanted[] = {
	{ "aws_access_key_id", offsetof(struct aws_profile_keys, ak),
	  sizeof(((struct aws_profile_keys *)0)->ak) },
	{ "aws_secret_access_key", offsetof(struct aws_profile_keys, sk),
	  sizeof(((struct aws_profile_keys *)0)->sk) },
	{ "aws_session_token", offsetof(struct aws_profile_keys, token),
	  sizeof(((struct aws_profile_keys *)0)->token) },
	{ "credential_process", offsetof(struct aws_profile_keys, process),
	  sizeof(((struct aws_profile_keys *)0)->process) },
};
#define NWANTED (sizeof(wanted) / sizeof(wanted[0]))

static enum r53_code
pick_one(void *ud, const char *section, const char *key, const char *value, int lineno,
	 struct r53_error *err)
{
	struct pick *pk = ud;
	struct aws_profile_keys *dst;
	struct unusable *bad;
	unsigned *set;

	if (!key) {
		char name[256];

		pk->in_default = !strcmp(section, "DEFAULT");
		pk->in = !pk->in_default &&
			 aws_ini_section_profile(section, pk->config_style, name, sizeof(name)) &&
			 !strcmp(name, pk->profile);
		if (pk->in) { /* a later section for the same profile replaces an earlier one */
			memset(&pk->got, 0, sizeof(pk->got));
			memset(pk->got_bad, 0, sizeof(pk->got_bad));
			pk->got_set = 0;
			pk->found = true;
		}
		return R53_OK;
	}
	if (pk->in) {
		dst = &pk->got;
		set = &pk->got_set;
		bad = pk->got_bad;
	} else if (pk->in_default) {
		dst = &pk->defaults;
		set = &pk->default_set;
		bad = pk->default_bad;
	} else {
		return R53_OK;
	}
	for (size_t i = 0; i < NWANTED; i++) {
		if (strcmp(key, wanted[i].key))
			continue;
		*set |= 1u << i;
		bad[i].line = 0;
		((char *)dst + wanted[i].off)[0] = '\0';
		if (strchr(value, '\n') || strlen(value) >= wanted[i].size) {
			bad[i].line = lineno;
			bad[i].multiline = strchr(value, '\n') != NULL;
			snprintf(bad[i].section, sizeof(bad[i].section), "%s", section);
			continue;
		}
		memcpy((char *)dst + wanted[i].off, value, strlen(value) + 1);
	}
	return R53_OK;
}

enum r53_code
aws_ini_profile(const char *text, size_t len, const char *path, const char *profile,
		bool config_style, struct aws_profile_keys *k, struct r53_error *err)
{
	struct pick *pk = calloc(1, sizeof(*pk));
	enum r53_code rc;

	if (!pk)
		return r53_error_set(err, R53_NOMEM, "credentials", "out of memory");
	pk->profile = profile;
	pk->config_style = config_style;
	pk->path = path;
	rc = aws_ini_parse(text, len, path, pick_one, pk, err);
	for (size_t i = 0; rc == R53_OK && pk->found && i < NWANTED; i++) {
		bool own = pk->got_set & (1u << i);
		const struct unusable *bad = own ? &pk->got_bad[i] : &pk->default_bad[i];

		if (!own && !(pk->default_set & (1u << i)))
			continue;
		if (bad->line && bad->multiline)
			rc = r53_error_set(err, R53_PARSE, "credentials",
					   "%s:%d: %s in [%s] spans several lines (an indented line "
					   "continues the value above it)",
					   path, bad->line, wanted[i].key, bad->section);
		else if (bad->line)
			rc = r53_error_set(err, R53_PARSE, "credentials",
					   "%s:%d: %s in [%s] is longer than %zu characters", path,
					   bad->line, wanted[i].key, bad->section, wanted[i].size - 1);
	}
	if (rc == R53_OK && pk->found) {
		k->found = true;
		for (size_t i = 0; i < NWANTED; i++) {
			char *to = (char *)k + wanted[i].off;
			const char *from = pk->got_set & (1u << i) ? (char *)&pk->got + wanted[i].off
				       : pk->default_set & (1u << i)
					       ? (char *)&pk->defaults + wanted[i].off
					       : "";

			if (!to[0]) /* keys already set are kept: the file read first wins */
				memcpy(to, from, strlen(from) + 1);
		}
	}
	memset(pk, 0, sizeof(*pk));
	free(pk);
	return rc;
}
