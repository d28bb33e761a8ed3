/* Iterative DNS resolution from the root (r53 trace) and the delegation check built on it.
 * ldns builds and parses packets; the sockets are ours, so every query has its own deadline
 * and every step can say which address answered, over what, and how fast. */
#include "client/trace.h"
#include "models/models.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HINTS_FILE_MAX (1 << 20)
#define CNAME_HOPS_MAX 12
#define RESOLVE_DEPTH_MAX 4
#define ZONE_TIMEOUTS_MAX 3   /* servers of one zone that may time out before giving up */
#define ZONE_ATTEMPTS_MAX 10  /* queries to one zone before giving up */
#define LIST_SHOW 4 /* names shown in a sentence before "and N more" */
#define NAME_TEXT_MAX_TRACE 1100 /* canonical text of any name, NUL included */

/*
 * Small helpers: strings, lists, names
 */

static char *
xstrdup(const char *s, struct r53_error *err)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		r53_error_set(err, R53_NOMEM, "trace", "out of memory");
	return d;
}

static char * __attribute__((format(printf, 2, 3)))
xprintf(struct r53_error *err, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		r53_error_set(err, R53_NOMEM, "trace", "out of memory");
		return NULL;
	}
	return s;
}

static void
strv_free(char ***v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

/* Appends a copy of @s. */
static enum r53_code
strv_push(char ***v, size_t *n, const char *s, struct r53_error *err)
{
	char **nv;
	char *d = xstrdup(s, err);

	if (!d)
		return R53_NOMEM;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		free(d);
		return r53_error_set(err, R53_NOMEM, "trace", "out of memory");
	}
	nv[(*n)++] = d;
	*v = nv;
	return R53_OK;
}

static bool
strv_has(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static enum r53_code
strv_copy(char ***dst, size_t *ndst, char *const *src, size_t nsrc, struct r53_error *err)
{
	for (size_t i = 0; i < nsrc; i++)
		if (strv_push(dst, ndst, src[i], err))
			return R53_NOMEM;
	return R53_OK;
}

/* Canonical text of a dname rdf: lower case, trailing dot. Caller frees. */
static char *
rdf_name(const ldns_rdf *rdf, struct r53_error *err)
{
	ldns_rdf *c;
	char *s;

	if (!rdf || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
		return xstrdup("?", err);
	c = ldns_rdf_clone(rdf);
	if (!c) {
		r53_error_set(err, R53_NOMEM, "trace", "out of memory");
		return NULL;
	}
	ldns_dname2canonical(c);
	s = ldns_rdf2str(c);
	ldns_rdf_deep_free(c);
	if (!s)
		r53_error_set(err, R53_NOMEM, "trace", "out of memory");
	return s;
}

enum r53_code
trace_name_canonical(const char *in, char *out, size_t outsz, struct r53_error *err)
{
	ldns_rdf *r;
	char *s, idn[NAME_TEXT_MAX];
	enum r53_code rc;

	if (outsz)
		*out = '\0';
	/* A name typed in Unicode ("bücher.example") is asked in its xn-- form, converted by
	 * libidn2 as everywhere else in r53; ldns would take the UTF-8 bytes as they are. */
	for (const char *p = in; p && *p; p++)
		if ((unsigned char)*p >= 0x80) {
			if ((rc = name_canonical(in, idn, sizeof(idn), err)))
				return rc;
			in = idn;
			break;
		}
	if (!in || !*in || strlen(in) > 1024 || !(r = ldns_dname_new_frm_str(in)))
		return r53_error_set(err, R53_INVALID, "name", "'%s' is not a domain name",
				     in ? in : "");
	ldns_dname2canonical(r);
	s = ldns_rdf2str(r);
	ldns_rdf_deep_free(r);
	if (!s)
		return r53_error_set(err, R53_NOMEM, "name", "out of memory");
	if (strlen(s) >= outsz) {
		free(s);
		return r53_error_set(err, R53_INVALID, "name", "name too long");
	}
	strcpy(out, s);
	free(s);
	return R53_OK;
}

/* Is @name equal to @zone or below it? Both canonical text. */
static bool
name_under(const char *name, const char *zone)
{
	ldns_rdf *a = ldns_dname_new_frm_str(name), *b = ldns_dname_new_frm_str(zone);
	bool r = false;

	if (a && b)
		r = ldns_dname_compare(a, b) == 0 || ldns_dname_is_subdomain(a, b);
	ldns_rdf_deep_free(a);
	ldns_rdf_deep_free(b);
	return r;
}

static bool
name_below(const char *name, const char *zone)
{
	return strcmp(name, zone) != 0 && name_under(name, zone);
}

/* For sentences: "example.org" (no trailing dot); the root stays ".". */
static void
disp(const char *name, char *out, size_t outsz)
{
	size_t n = strlen(name);

	if (n > 1 && name[n - 1] == '.')
		n--;
	snprintf(out, outsz, "%.*s", (int)n, name);
}

/* "the root servers", "the .org servers", "the example.org servers" */
static void
zone_servers(const char *zone, char *out, size_t outsz)
{
	char d[300];

	if (!strcmp(zone, ".")) {
		snprintf(out, outsz, "the root servers");
		return;
	}
	disp(zone, d, sizeof(d));
	snprintf(out, outsz, "the %s%s servers", strchr(d, '.') ? "" : ".", d);
}

/* "a, b, c and 3 more" of display names. */
static void
name_list(char *const *v, size_t n, char *out, size_t outsz)
{
	size_t used = 0;

	*out = '\0';
	for (size_t i = 0; i < n && i < LIST_SHOW; i++) {
		char d[300];

		disp(v[i], d, sizeof(d));
		used += snprintf(out + used, used < outsz ? outsz - used : 0, "%s%s",
				 i == 0 ? "" : (i + 1 == n ? " and " : ", "), d);
		if (used >= outsz)
			return;
	}
	if (n > LIST_SHOW)
		snprintf(out + used, outsz - used, " and %zu more", n - LIST_SHOW);
}

uint16_t
trace_type_parse(const char *s)
{
	if (!s || !*s || strlen(s) > 16)
		return 0;
	return (uint16_t)ldns_get_rr_type_by_name(s);
}

void
trace_type_name(uint16_t type, char *out, size_t outsz)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	if (type == LDNS_RR_TYPE_ANY) /* a query type only: ldns has no descriptor for it */
		snprintf(out, outsz, "ANY");
	else if (d && d->_name)
		snprintf(out, outsz, "%s", d->_name);
	else
		snprintf(out, outsz, "TYPE%u", type);
}

static const char *
rcode_name(int rcode)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
					     "NOTIMP",	"REFUSED", "YXDOMAIN", "YXRRSET",
					     "NXRRSET", "NOTAUTH", "NOTZONE" };

	if (rcode >= 0 && rcode < (int)(sizeof(names) / sizeof(names[0])))
		return names[rcode];
	return "RCODE?";
}

/*
 * Root hints
 */

/* IANA named.root (2024 edition: b.root's new addresses). */
static const char *const builtin_roots[][3] = {
	{ "a.root-servers.net.", "198.41.0.4", "2001:503:ba3e::2:30" },
	{ "b.root-servers.net.", "170.247.170.2", "2801:1b8:10::b" },
	{ "c.root-servers.net.", "192.33.4.12", "2001:500:2::c" },
	{ "d.root-servers.net.", "199.7.91.13", "2001:500:2d::d" },
	{ "e.root-servers.net.", "192.203.230.10", "2001:500:a8::e" },
	{ "f.root-servers.net.", "192.5.5.241", "2001:500:2f::f" },
	{ "g.root-servers.net.", "192.112.36.4", "2001:500:12::d0d" },
	{ "h.root-servers.net.", "198.97.190.53", "2001:500:1::53" },
	{ "i.root-servers.net.", "192.36.148.17", "2001:7fe::53" },
	{ "j.root-servers.net.", "192.58.128.30", "2001:503:c27::2:30" },
	{ "k.root-servers.net.", "193.0.14.129", "2001:7fd::1" },
	{ "l.root-servers.net.", "199.7.83.42", "2001:500:9f::42" },
	{ "m.root-servers.net.", "202.12.27.33", "2001:dc3::35" },
};

void
root_hints_init(struct root_hints *h)
{
	memset(h, 0, sizeof(*h));
}

void
root_hints_done(struct root_hints *h)
{
	for (size_t i = 0; i < h->len; i++)
		free(h->addrs[i].name);
	free(h->addrs);
	memset(h, 0, sizeof(*h));
}

/* Parses @ip into @a (family, normalised text); false when not an address. */
static bool
addr_set(struct trace_addr *a, const char *ip)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, ip, &a4) == 1) {
		a->family = AF_INET;
		inet_ntop(AF_INET, &a4, a->ip, sizeof(a->ip));
		return true;
	}
	if (inet_pton(AF_INET6, ip, &a6) == 1) {
		a->family = AF_INET6;
		inet_ntop(AF_INET6, &a6, a->ip, sizeof(a->ip));
		return true;
	}
	return false;
}

/* Appends a copy of @a (name duplicated) to an address array. */
static enum r53_code
addrs_push(struct trace_addr **v, size_t *n, size_t *cap, const struct trace_addr *a,
	   struct r53_error *err)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct trace_addr *nv = realloc(*v, nc * sizeof(*nv));

		if (!nv)
			return r53_error_set(err, R53_NOMEM, "trace", "out of memory");
		*v = nv;
		*cap = nc;
	}
	(*v)[*n] = *a;
	(*v)[*n].name = xstrdup(a->name ? a->name : ".", err);
	if (!(*v)[*n].name)
		return R53_NOMEM;
	(*n)++;
	return R53_OK;
}

static enum r53_code
hints_add(struct root_hints *h, const char *name, const char *ip, uint16_t port,
	  struct r53_error *err)
{
	struct trace_addr a = { 0 };
	char canon[NAME_TEXT_MAX_TRACE];

	if (trace_name_canonical(name, canon, sizeof(canon), NULL))
		return R53_INVALID;
	if (!addr_set(&a, ip))
		return R53_INVALID;
	a.name = canon;
	a.port = port;
	return addrs_push(&h->addrs, &h->len, &h->cap, &a, err);
}

enum r53_code
root_hints_builtin(struct root_hints *h, struct r53_error *err)
{
	root_hints_done(h);
	for (size_t i = 0; i < sizeof(builtin_roots) / sizeof(builtin_roots[0]); i++)
		for (int j = 1; j <= 2; j++)
			if (hints_add(h, builtin_roots[i][0], builtin_roots[i][j], 53, err))
				return r53_error_set(err, R53_NOMEM, "root hints", "out of memory");
	return R53_OK;
}

enum r53_code
root_hints_parse(struct root_hints *h, const char *text, size_t len, struct r53_error *err)
{
	size_t pos = 0, lineno = 0, added = 0;

	while (pos < len) {
		char line[512], *f[8], *save = NULL, *tok, *at;
		const char *name, *ip;
		size_t e = pos, n, nf = 0;
		unsigned long port = 53;
		char where[32];

		while (e < len && text[e] != '\n')
			e++;
		n = e - pos;
		lineno++;
		snprintf(where, sizeof(where), "line %zu", lineno);
		if (n >= sizeof(line))
			return r53_error_set(err, R53_PARSE, where, "line is too long");
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos = e + 1;
		if (memchr(line, '\0', n))
			return r53_error_set(err, R53_PARSE, where, "NUL byte in the file");
		for (char *c = line; *c; c++)
			if (*c == '#' || *c == ';') {
				*c = '\0';
				break;
			}
		for (tok = strtok_r(line, " \t\r", &save); tok && nf < 8;
		     tok = strtok_r(NULL, " \t\r", &save))
			f[nf++] = tok;
		if (nf == 0)
			continue;
		if (tok)
			return r53_error_set(err, R53_PARSE, where, "too many fields");
		if (nf == 2) {
			name = f[0];
			ip = f[1];
		} else {
			/* named.root: NAME [TTL] [IN] TYPE DATA */
			size_t t = 1;

			while (t < nf - 1 && (isdigit((unsigned char)f[t][0]) ||
					      !strcasecmp(f[t], "IN")))
				t++;
			if (t != nf - 2)
				return r53_error_set(err, R53_PARSE, where,
						     "expected 'NAME ADDRESS[@PORT]'");
			if (!strcasecmp(f[t], "NS"))
				continue;
			if (strcasecmp(f[t], "A") && strcasecmp(f[t], "AAAA"))
				return r53_error_set(err, R53_PARSE, where,
						     "record type '%s' is not A, AAAA or NS", f[t]);
			name = f[0];
			ip = f[nf - 1];
		}
		at = strchr(ip, '@');
		if (at) {
			char *end;

			*at = '\0';
			errno = 0;
			port = strtoul(at + 1, &end, 10);
			if (errno || *end || end == at + 1 || port == 0 || port > 65535)
				return r53_error_set(err, R53_PARSE, where, "bad port '%s'", at + 1);
		}
		{
			struct r53_error e2 = { 0 };
			enum r53_code rc = hints_add(h, name, ip, (uint16_t)port, &e2);

			if (rc == R53_NOMEM)
				return r53_error_set(err, R53_NOMEM, where, "out of memory");
			if (rc) {
				char canon[NAME_TEXT_MAX_TRACE];

				if (trace_name_canonical(name, canon, sizeof(canon), NULL))
					return r53_error_set(err, R53_PARSE, where,
							     "'%s' is not a name", name);
				return r53_error_set(err, R53_PARSE, where,
						     "'%s' is not an IPv4 or IPv6 address", ip);
			}
		}
		added++;
	}
	if (!added)
		return r53_error_set(err, R53_PARSE, "root hints",
				     "no server address in it (expected lines 'NAME ADDRESS[@PORT]')");
	return R53_OK;
}

enum r53_code
root_hints_load(struct root_hints *h, const char *path, struct r53_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	enum r53_code rc;

	if (!f)
		return r53_error_set(err, R53_IO, path, "cannot open root hints %s: %s", path,
				     strerror(errno));
	buf = malloc(HINTS_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return r53_error_set(err, R53_NOMEM, path, "out of memory");
	}
	n = fread(buf, 1, HINTS_FILE_MAX + 1, f);
	if (ferror(f)) { /* a directory, an I/O error: not "no server address" */
		int e = errno;

		fclose(f);
		free(buf);
		return r53_error_set(err, R53_IO, "root hints", "cannot read root hints %.150s: %s",
				     path, strerror(e));
	}
	fclose(f);
	if (n > HINTS_FILE_MAX) {
		free(buf);
		return r53_error_set(err, R53_PARSE, path, "root hints %s: file is over 1 MiB",
				     path);
	}
	rc = root_hints_parse(h, buf, n, err);
	free(buf);
	/* Every parse error names the file, and the line when there is one: "FILE: 2: ...". A
	 * long path keeps its end (the file name), not its start. */
	if (rc && rc != R53_NOMEM && err) {
		char msg[sizeof(err->text) + sizeof(err->where) + 64];
		size_t n2, plen = strlen(path);
		const char *p = plen > 120 ? path + plen - 120 : path;

		if (!strncmp(err->where, "line", 4))
			snprintf(msg, sizeof(msg), "%s%s:%s: %s", p == path ? "" : "...", p,
				 err->where + 4, err->text);
		else
			snprintf(msg, sizeof(msg), "%s%s: %s", p == path ? "" : "...", p, err->text);
		n2 = strnlen(msg, sizeof(err->text) - 1);
		memcpy(err->text, msg, n2);
		err->text[n2] = '\0';
	}
	return rc;
}

/*
 * Interpreting one response
 */

const char *
trace_kind_name(enum trace_kind k)
{
	static const char *const names[] = { "referral",  "answer",	"cname",   "nxdomain",
					     "nodata",	  "lame",	"truncated", "malformed",
					     "timeout",	  "unreachable", "resolve" };

	if ((int)k < 0 || k > TRACE_RESOLVE)
		return "?";
	return names[k];
}

void
trace_reply_done(struct trace_reply *r)
{
	free(r->child);
	strv_free(&r->ns, &r->nns);
	for (size_t i = 0; i < r->nglue; i++)
		free(r->glue[i].name);
	free(r->glue);
	strv_free(&r->records, &r->nrecords);
	free(r->target);
	free(r->why);
	memset(r, 0, sizeof(*r));
	r->rcode = -1;
}

static enum trace_kind
reply_bad(struct trace_reply *r, enum trace_kind k, const char *why, struct r53_error *err)
{
	free(r->why);
	r->why = xstrdup(why, err);
	r->kind = k;
	return k;
}

/* Owner of @rr equals canonical @name? */
static bool
rr_owner_is(const ldns_rr *rr, const char *name)
{
	char *o = rdf_name(ldns_rr_owner(rr), NULL);
	bool r = o && !strcmp(o, name);

	free(o);
	return r;
}

/* "name TTL IN TYPE data" on one line, tabs turned into spaces. */
static enum r53_code
records_add(struct trace_reply *r, const ldns_rr *rr, struct r53_error *err)
{
	char *s = ldns_rr2str(rr);
	size_t n;
	enum r53_code rc;

	if (!s)
		return r53_error_set(err, R53_NOMEM, "trace", "out of memory");
	for (char *c = s; *c; c++)
		if (*c == '\t')
			*c = ' ';
	n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	rc = strv_push(&r->records, &r->nrecords, s, err);
	free(s);
	return rc;
}

/* Adds the A/AAAA data of @rr (owner canonical @owner) as an address. */
static enum r53_code
addr_from_rr(struct trace_addr **v, size_t *n, size_t *cap, const ldns_rr *rr, const char *owner,
	     struct r53_error *err)
{
	ldns_rdf *d = ldns_rr_rdf(rr, 0);
	struct trace_addr a = { 0 };
	char *ip;
	enum r53_code rc;

	if (!d)
		return R53_OK;
	if (!(ip = ldns_rdf2str(d)))
		return r53_error_set(err, R53_NOMEM, "trace", "out of memory");
	if (!addr_set(&a, ip)) {
		free(ip);
		return R53_OK;
	}
	free(ip);
	a.name = (char *)owner;
	a.port = 53;
	rc = addrs_push(v, n, cap, &a, err);
	return rc;
}

/* RFC 2308: how long resolvers keep a "does not exist" / "no data" answer, the smaller of the
 * SOA's own TTL and its MINIMUM field, from the SOA of @zone (or below) in the authority. */
static void
negative_ttl(const ldns_rr_list *au, const char *zone, struct trace_reply *out)
{
	for (size_t i = 0; i < ldns_rr_list_rr_count(au); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(au, i);
		const ldns_rdf *min = ldns_rr_rd_count(rr) > 6 ? ldns_rr_rdf(rr, 6) : NULL;
		char *o;
		bool in;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA || !min || ldns_rdf_size(min) != 4)
			continue;
		if (!(o = rdf_name(ldns_rr_owner(rr), NULL)))
			continue;
		in = name_under(o, zone);
		free(o);
		if (!in)
			continue;
		out->has_neg_ttl = true;
		out->neg_ttl = ldns_rdf2native_int32(min);
		if (ldns_rr_ttl(rr) < out->neg_ttl)
			out->neg_ttl = ldns_rr_ttl(rr);
		return;
	}
}

enum r53_code
trace_interpret(const uint8_t *wire, size_t len, uint16_t id, const char *zone,
		const char *qname, uint16_t qtype, struct trace_reply *out, struct r53_error *err)
{
	ldns_pkt *p = NULL;
	ldns_rr_list *q, *an, *au, *ad;
	char cur[1100];
	size_t glue_cap = 0;
	enum r53_code rc = R53_OK;
	struct r53_error e2 = { 0 };
	char *chain[CNAME_HOPS_MAX + 1]; /* owned; the names of the answer's CNAME chain */
	int nchain = 0;
	bool loop = false;

	memset(out, 0, sizeof(*out));
	out->rcode = -1;
	out->kind = TRACE_MALFORMED;
	if (!err)
		err = &e2;
	if (len < 12 || ldns_wire2pkt(&p, wire, len) != LDNS_STATUS_OK || !p) {
		reply_bad(out, TRACE_MALFORMED, "not a DNS message", err);
		goto done;
	}
	out->rcode = ldns_pkt_get_rcode(p);
	out->aa = ldns_pkt_aa(p);
	out->tc = ldns_pkt_tc(p);
	if (!ldns_pkt_qr(p) || ldns_pkt_get_opcode(p) != LDNS_PACKET_QUERY) {
		reply_bad(out, TRACE_MALFORMED, "not a response to a query", err);
		goto done;
	}
	if (ldns_pkt_id(p) != id) {
		reply_bad(out, TRACE_MALFORMED, "wrong message id", err);
		goto done;
	}
	q = ldns_pkt_question(p);
	if (ldns_rr_list_rr_count(q) > 1 ||
	    (ldns_rr_list_rr_count(q) == 0 && out->rcode == LDNS_RCODE_NOERROR && !out->tc)) {
		reply_bad(out, TRACE_MALFORMED, "question section missing", err);
		goto done;
	}
	if (ldns_rr_list_rr_count(q) == 1) {
		const ldns_rr *qr = ldns_rr_list_rr(q, 0);

		if (!rr_owner_is(qr, qname) || ldns_rr_get_type(qr) != qtype) {
			reply_bad(out, TRACE_MALFORMED, "answer to another question", err);
			goto done;
		}
	}
	an = ldns_pkt_answer(p);
	au = ldns_pkt_authority(p);
	ad = ldns_pkt_additional(p);
	for (size_t i = 0; i < ldns_rr_list_rr_count(an); i++)
		if ((rc = records_add(out, ldns_rr_list_rr(an, i), err)))
			goto done;
	if (out->tc) {
		out->kind = TRACE_TRUNCATED;
		goto done;
	}
	if (out->rcode == LDNS_RCODE_NXDOMAIN) {
		/* Only an authority may say a name does not exist (an interceptor may not). */
		if (out->aa) {
			out->kind = TRACE_NXDOMAIN;
			negative_ttl(au, zone, out);
		}
		else
			reply_bad(out, TRACE_LAME, "NXDOMAIN without authority (AA not set)", err);
		goto done;
	}
	if (out->rcode != LDNS_RCODE_NOERROR) {
		reply_bad(out, TRACE_LAME, rcode_name(out->rcode), err);
		goto done;
	}

	/* The answer section: the name itself, or a chain of CNAMEs inside the zone. A name met
	 * twice in the chain is a loop: it ends here as a CNAME to that name, which resolve()
	 * sees as the loop it is (the chain would otherwise come back to the name asked and
	 * look like "no data"). */
	snprintf(cur, sizeof(cur), "%s", qname);
	for (int hop = 0; hop <= CNAME_HOPS_MAX; hop++) {
		bool found = false;
		const ldns_rr *cname = NULL;

		for (int k = 0; k < nchain; k++)
			if (!strcmp(chain[k], cur)) {
				loop = true;
				break;
			}
		if (loop)
			break;
		if (!(chain[nchain++] = xstrdup(cur, err))) {
			rc = R53_NOMEM;
			goto done;
		}

		for (size_t i = 0; i < ldns_rr_list_rr_count(an); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(an, i);
			uint16_t t = ldns_rr_get_type(rr);

			if (!rr_owner_is(rr, cur))
				continue;
			if (t == qtype || qtype == LDNS_RR_TYPE_ANY) {
				found = true;
				if (t == LDNS_RR_TYPE_A || t == LDNS_RR_TYPE_AAAA)
					rc = addr_from_rr(&out->glue, &out->nglue, &glue_cap, rr,
							  cur, err);
				if (t == LDNS_RR_TYPE_NS && ldns_rr_rdf(rr, 0)) {
					char *ns = rdf_name(ldns_rr_rdf(rr, 0), err);

					if (!ns)
						rc = R53_NOMEM;
					else if (!strv_has(out->ns, out->nns, ns))
						rc = strv_push(&out->ns, &out->nns, ns, err);
					free(ns);
					if (!out->ns_ttl || ldns_rr_ttl(rr) < out->ns_ttl)
						out->ns_ttl = ldns_rr_ttl(rr);
				}
				if (t == LDNS_RR_TYPE_SOA && ldns_rr_rdf(rr, 2) &&
				    ldns_rdf_size(ldns_rr_rdf(rr, 2)) == 4) {
					out->has_soa = true;
					out->soa_serial = ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
				}
				if (rc)
					goto done;
			} else if (t == LDNS_RR_TYPE_CNAME && !cname) {
				cname = rr;
			}
		}
		if (found) {
			out->kind = TRACE_ANSWER;
			if (strcmp(cur, qname) && !(out->target = xstrdup(cur, err)))
				rc = R53_NOMEM;
			goto done;
		}
		if (cname && ldns_rr_rdf(cname, 0)) {
			char *t = rdf_name(ldns_rr_rdf(cname, 0), err);

			if (!t) {
				rc = R53_NOMEM;
				goto done;
			}
			snprintf(cur, sizeof(cur), "%s", t);
			free(t);
			if (!name_under(cur, zone))
				break;	/* another zone's data: not ours to believe */
			continue;
		}
		break;
	}
	if (loop || strcmp(cur, qname)) {
		out->kind = TRACE_CNAME;
		if (!(out->target = xstrdup(cur, err)) ||
		    (loop && !(out->why = xstrdup("CNAME loop in the answer", err))))
			rc = R53_NOMEM;
		goto done;
	}

	/* No answer: a referral, or an authoritative "no such data". */
	{
		char *child = NULL;
		bool upward = false;

		for (size_t i = 0; i < ldns_rr_list_rr_count(au); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(au, i);
			char *o;

			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS || !ldns_rr_rdf(rr, 0))
				continue;
			if (!(o = rdf_name(ldns_rr_owner(rr), err))) {
				rc = R53_NOMEM;
				break;
			}
			if (!child && name_below(o, zone) && name_under(qname, o)) {
				child = o;
				o = NULL;
			} else if (!child && strcmp(o, zone)) {
				upward = true;
			}
			if (child && (!o || !strcmp(o, child))) {
				char *ns = rdf_name(ldns_rr_rdf(rr, 0), err);

				if (!ns)
					rc = R53_NOMEM;
				else if (!strv_has(out->ns, out->nns, ns))
					rc = strv_push(&out->ns, &out->nns, ns, err);
				free(ns);
				if (!out->ns_ttl || ldns_rr_ttl(rr) < out->ns_ttl)
					out->ns_ttl = ldns_rr_ttl(rr);
			}
			free(o);
			if (rc)
				break;
		}
		if (rc) {
			free(child);
			goto done;
		}
		if (child) {
			out->kind = TRACE_REFERRAL;
			out->child = child;
			for (size_t i = 0; i < ldns_rr_list_rr_count(ad); i++) {
				const ldns_rr *rr = ldns_rr_list_rr(ad, i);
				uint16_t t = ldns_rr_get_type(rr);
				char *o;

				if (t != LDNS_RR_TYPE_A && t != LDNS_RR_TYPE_AAAA)
					continue;
				if (!(o = rdf_name(ldns_rr_owner(rr), err))) {
					rc = R53_NOMEM;
					goto done;
				}
				/* Glue only for the NS names, and only inside the zone whose
				 * server sent it (anything else could be poison). */
				if (strv_has(out->ns, out->nns, o) && name_under(o, zone))
					rc = addr_from_rr(&out->glue, &out->nglue, &glue_cap, rr, o,
							  err);
				free(o);
				if (rc)
					goto done;
			}
			goto done;
		}
		if (out->aa) {
			out->kind = TRACE_NODATA;
			negative_ttl(au, zone, out);
			goto done;
		}
		reply_bad(out, TRACE_LAME,
			  upward ? "referral that leads away from the name"
				 : "neither an answer nor a referral (not authoritative)",
			  err);
	}
done:
	ldns_pkt_free(p);
	for (int k = 0; k < nchain; k++)
		free(chain[k]);
	if (rc == R53_NOMEM)
		return r53_error_set(err, R53_NOMEM, "trace", "out of memory");
	return R53_OK;
}

/*
 * The network: one query, UDP or TCP, with a deadline
 */

enum net_result { NET_OK, NET_TIMEOUT, NET_ERROR };

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static socklen_t
addr_sockaddr(const struct trace_addr *a, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(a->port);
		inet_pton(AF_INET6, a->ip, &s6->sin6_addr);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(a->port);
	inet_pton(AF_INET, a->ip, &s4->sin_addr);
	return sizeof(*s4);
}

/* Waits for @events on @fd until @deadline; NET_OK, NET_TIMEOUT or NET_ERROR (errno). */
static enum net_result
wait_fd(int fd, short events, double deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		double left = deadline - now_ms();
		int n;

		if (left <= 0)
			return NET_TIMEOUT;
		n = poll(&pfd, 1, (int)left + 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NET_ERROR;
		if (n == 0)
			continue;
		return NET_OK;
	}
}

/* Sends @q over UDP and waits for a message with our id from that address. */
static enum net_result
query_udp(const struct trace_addr *a, const uint8_t *q, size_t qlen, uint16_t id,
	  double deadline, uint8_t *buf, size_t bufsz, size_t *rlen, int *errnum)
{
	struct sockaddr_storage ss;
	socklen_t sl = addr_sockaddr(a, &ss);
	int fd = socket(a->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	enum net_result r = NET_ERROR;

	*errnum = 0;
	if (fd < 0) {
		*errnum = errno;
		return NET_ERROR;
	}
	/* connect() so that ICMP "port unreachable" comes back as ECONNREFUSED at once. */
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0 || send(fd, q, qlen, 0) < 0) {
		*errnum = errno;
		close(fd);
		return NET_ERROR;
	}
	for (;;) {
		ssize_t n;

		r = wait_fd(fd, POLLIN, deadline);
		if (r != NET_OK) {
			*errnum = errno;
			break;
		}
		n = recv(fd, buf, bufsz, 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			*errnum = errno;
			r = NET_ERROR;
			break;
		}
		/* Someone else's or a stale message: keep waiting for ours. */
		if (n < 2 || ((buf[0] << 8) | buf[1]) != id)
			continue;
		*rlen = (size_t)n;
		r = NET_OK;
		break;
	}
	close(fd);
	return r;
}

static enum net_result
tcp_io(int fd, uint8_t *p, size_t n, bool writing, double deadline, int *errnum)
{
	while (n) {
		enum net_result r = wait_fd(fd, writing ? POLLOUT : POLLIN, deadline);
		ssize_t k;

		if (r != NET_OK) {
			*errnum = errno;
			return r;
		}
		k = writing ? send(fd, p, n, MSG_NOSIGNAL) : recv(fd, p, n, 0);
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k <= 0) {
			*errnum = k == 0 ? ECONNRESET : errno;
			return NET_ERROR;
		}
		p += k;
		n -= (size_t)k;
	}
	return NET_OK;
}

static enum net_result
query_tcp(const struct trace_addr *a, const uint8_t *q, size_t qlen, double deadline,
	  uint8_t *buf, size_t bufsz, size_t *rlen, int *errnum)
{
	struct sockaddr_storage ss;
	socklen_t sl = addr_sockaddr(a, &ss);
	int fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	uint8_t hdr[2];
	uint8_t *msg;
	enum net_result r;
	size_t n;

	*errnum = 0;
	if (fd < 0) {
		*errnum = errno;
		return NET_ERROR;
	}
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0 && errno != EINPROGRESS) {
		*errnum = errno;
		close(fd);
		return NET_ERROR;
	}
	r = wait_fd(fd, POLLOUT, deadline);
	if (r == NET_OK) {
		int soerr = 0;
		socklen_t el = sizeof(soerr);

		getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &el);
		if (soerr) {
			*errnum = soerr;
			r = NET_ERROR;
		}
	}
	msg = malloc(qlen + 2);
	if (!msg) {
		close(fd);
		*errnum = ENOMEM;
		return NET_ERROR;
	}
	msg[0] = (uint8_t)(qlen >> 8);
	msg[1] = (uint8_t)qlen;
	memcpy(msg + 2, q, qlen);
	if (r == NET_OK)
		r = tcp_io(fd, msg, qlen + 2, true, deadline, errnum);
	free(msg);
	if (r == NET_OK)
		r = tcp_io(fd, hdr, 2, false, deadline, errnum);
	if (r == NET_OK) {
		n = ((size_t)hdr[0] << 8) | hdr[1];
		if (n > bufsz || n < 2) {
			*errnum = EMSGSIZE;
			r = NET_ERROR;
		} else {
			r = tcp_io(fd, buf, n, false, deadline, errnum);
			*rlen = n;
		}
	}
	close(fd);
	return r;
}

/*
 * The resolver
 */

/* A zone cut we know servers for. */
struct cut {
	char *zone;
	char **ns;		  /* names of its servers */
	size_t nns;
	struct trace_addr *addrs; /* addresses known for them */
	size_t naddrs, cap;
	uint16_t port;		  /* for addresses we look up ourselves */
};

/* What we learnt about a name server's addresses (glue-less lookups). */
struct addr_cache {
	char *name;
	bool done;		/* looked up (even when nothing was found) */
	bool busy;		/* being looked up: do not recurse into it */
};

struct tracer {
	const struct trace_config *cfg;
	struct trace_result *out;
	struct cut *cuts;
	size_t ncuts;
	struct addr_cache *cache;
	size_t ncache;
	int queries;
	int responses;		/* any DNS message at all came back */
	bool dead_family[2];	/* [0] IPv4, [1] IPv6: no route, skip */
	bool no_family;		/* the failure is the address family (-4/-6), not the network */
	int last_errno;
	uint8_t *buf;		/* 64 KiB receive buffer */
	char *fail_why;		/* why the last zone gave up */
	const char *stop_at;	/* stop at the referral to this zone (delegation check) */
	struct r53_error *err;
};

static void
cut_free(struct cut *c)
{
	free(c->zone);
	strv_free(&c->ns, &c->nns);
	for (size_t i = 0; i < c->naddrs; i++)
		free(c->addrs[i].name);
	free(c->addrs);
	memset(c, 0, sizeof(*c));
}

static bool
cut_has_addr(const struct cut *c, const struct trace_addr *a)
{
	for (size_t i = 0; i < c->naddrs; i++)
		if (!strcmp(c->addrs[i].ip, a->ip) && c->addrs[i].port == a->port &&
		    !strcmp(c->addrs[i].name, a->name))
			return true;
	return false;
}

/* The known cut closest to @name (the root always matches). */
static struct cut *
best_cut(struct tracer *t, const char *name)
{
	struct cut *best = &t->cuts[0];

	for (size_t i = 1; i < t->ncuts; i++)
		if (name_under(name, t->cuts[i].zone) && name_under(t->cuts[i].zone, best->zone))
			best = &t->cuts[i];
	return best;
}

/* Adds (or refreshes) the cut of a referral; returns its index or -1 (nomem). */
static long
cut_learn(struct tracer *t, const struct trace_reply *r, uint16_t port)
{
	struct cut *c = NULL, *nc;

	for (size_t i = 0; i < t->ncuts; i++)
		if (!strcmp(t->cuts[i].zone, r->child)) {
			c = &t->cuts[i];
			break;
		}
	if (!c) {
		nc = realloc(t->cuts, (t->ncuts + 1) * sizeof(*nc));
		if (!nc)
			return -1;
		t->cuts = nc;
		c = &t->cuts[t->ncuts++];
		memset(c, 0, sizeof(*c));
		if (!(c->zone = xstrdup(r->child, t->err)))
			return -1;
	}
	c->port = port;
	for (size_t i = 0; i < r->nns; i++)
		if (!strv_has(c->ns, c->nns, r->ns[i]) && strv_push(&c->ns, &c->nns, r->ns[i], t->err))
			return -1;
	for (size_t i = 0; i < r->nglue; i++) {
		struct trace_addr a = r->glue[i];

		a.port = port;
		if (!cut_has_addr(c, &a) && addrs_push(&c->addrs, &c->naddrs, &c->cap, &a, t->err))
			return -1;
	}
	return c - t->cuts;
}

static struct trace_step *
step_new(struct tracer *t, int depth, const char *zone, const char *qname, uint16_t qtype)
{
	struct trace_result *o = t->out;
	struct trace_step *s;

	if (o->len == o->cap) {
		size_t nc = o->cap ? o->cap * 2 : 16;
		struct trace_step *nv = realloc(o->steps, nc * sizeof(*nv));

		if (!nv) {
			r53_error_set(t->err, R53_NOMEM, "trace", "out of memory");
			return NULL;
		}
		o->steps = nv;
		o->cap = nc;
	}
	s = &o->steps[o->len];
	memset(s, 0, sizeof(*s));
	s->reply.rcode = -1;
	s->depth = depth;
	s->qtype = qtype;
	s->zone = xstrdup(zone, t->err);
	s->qname = xstrdup(qname, t->err);
	if (!s->zone || !s->qname) {
		free(s->zone);
		free(s->qname);
		return NULL;
	}
	o->len++;
	return s;
}

/* The sentence of a step, from what its reply says. */
static char *
step_sentence(const struct tracer *t, const struct trace_step *s)
{
	char zs[400], q[300], srv[300], list[1200], tn[32];
	const struct trace_reply *r = &s->reply;
	struct r53_error *err = t->err;

	zone_servers(s->zone, zs, sizeof(zs));
	zs[0] = (char)toupper((unsigned char)zs[0]);
	disp(s->qname, q, sizeof(q));
	disp(s->server.name ? s->server.name : "?", srv, sizeof(srv));
	trace_type_name(s->qtype, tn, sizeof(tn));
	switch (r->kind) {
	case TRACE_REFERRAL: {
		char child[300];

		disp(r->child, child, sizeof(child));
		name_list(r->ns, r->nns, list, sizeof(list));
		return xprintf(err, "%s say %s is served by %s%s.", zs, child, list,
			       r->nglue ? "" : " (no glue: their addresses must be looked up)");
	}
	case TRACE_ANSWER: {
		size_t used = 0, shown = 0, total = 0;

		list[0] = '\0';
		for (size_t i = 0; i < r->nrecords; i++) {
			/* "name ttl class type data": show data of the records asked for */
			const char *p = r->records[i];
			char type[32] = "";

			if (sscanf(p, "%*s %*s %*s %31s", type) != 1)
				continue;
			if (strcasecmp(type, tn) && s->qtype != LDNS_RR_TYPE_ANY)
				continue;
			total++;
			if (shown >= LIST_SHOW)
				continue;
			for (int f = 0; f < 4 && *p; f++) {
				p = strchr(p, ' ');
				p = p ? p + 1 : "";
			}
			used += snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0,
					 "%s%s", shown ? ", " : "", p);
			shown++;
		}
		if (used >= sizeof(list))
			strcpy(list + sizeof(list) - 4, "...");
		if (total > shown) {
			size_t l = strlen(list);

			snprintf(list + l, sizeof(list) - l, " and %zu more", total - shown);
		}
		if (r->target) {
			char tg[300];

			disp(r->target, tg, sizeof(tg));
			return xprintf(err,
				       "%s answer%s: %s is an alias for %s, which has %zu %s record%s: %s.",
				       zs, r->aa ? "" : " (not authoritatively)", q, tg, total, tn,
				       total == 1 ? "" : "s", list);
		}
		return xprintf(err, "%s answer%s: %s has %zu %s record%s: %s.", zs,
			       r->aa ? "" : " (not authoritatively)", q, total, tn,
			       total == 1 ? "" : "s", list);
	}
	case TRACE_CNAME: {
		char tg[300];

		disp(r->target, tg, sizeof(tg));
		if (r->why) /* the answer's own chain came back to a name it had passed */
			return xprintf(err, "%s say %s is an alias that leads back to %s: a CNAME "
					    "loop.", zs, q, tg);
		return xprintf(err, "%s say %s is an alias for %s; following it.", zs, q, tg);
	}
	case TRACE_NXDOMAIN:
		return xprintf(err, "%s say %s does not exist.", zs, q);
	case TRACE_NODATA:
		return xprintf(err, "%s say %s exists but has no %s records.", zs, q, tn);
	case TRACE_LAME:
		return xprintf(err, "%s (%s) is listed for %s but does not answer for it (%s).", srv,
			       s->server.ip, zs[4] == 'r' ? "the root" : zs + 4, r->why ? r->why : "?");
	case TRACE_TRUNCATED:
		return xprintf(err, "The answer from %s (%s) did not fit in UDP (truncated); asking "
				    "again over TCP.", srv, s->server.ip);
	case TRACE_MALFORMED:
		return xprintf(err, "%s (%s) sent something that is not an answer to the question "
				    "(%s).", srv, s->server.ip, r->why ? r->why : "?");
	case TRACE_TIMEOUT:
		return xprintf(err, "%s (%s) did not answer within %.1f s%s.", srv, s->server.ip,
			       t->cfg->timeout_ms / 1000.0, s->tcp ? " over TCP" : "");
	case TRACE_UNREACHABLE:
		return xprintf(err, "%s (%s) cannot be reached: %s.", srv, s->server.ip,
			       r->why ? r->why : "?");
	case TRACE_RESOLVE:
		return xprintf(err, "No address known for %s: looking it up from the root.", q);
	}
	return xstrdup("?", err);
}

static int
family_index(int family)
{
	return family == AF_INET6 ? 1 : 0;
}

static bool
family_ok(const struct tracer *t, int family)
{
	if (family == AF_INET6 && !t->cfg->ipv6)
		return false;
	if (family == AF_INET && !t->cfg->ipv4)
		return false;
	return !t->dead_family[family_index(family)];
}

/* The wire form of a query for @qname/@qtype, recursion off, with an EDNS0 OPT record when
 * @edns. *wire is malloc'd (the caller frees it). */
static enum r53_code
build_query(struct tracer *t, const char *qname, uint16_t qtype, uint16_t id, bool edns,
	    uint8_t **wire, size_t *wlen)
{
	ldns_pkt *pkt;
	ldns_rdf *qn = ldns_dname_new_frm_str(qname);

	if (!qn || !(pkt = ldns_pkt_query_new(qn, qtype, LDNS_RR_CLASS_IN, 0))) {
		ldns_rdf_deep_free(qn);
		return r53_error_set(t->err, R53_NOMEM, "trace", "out of memory");
	}
	ldns_pkt_set_id(pkt, id);
	ldns_pkt_set_rd(pkt, false);
	if (edns)
		ldns_pkt_set_edns_udp_size(pkt, (uint16_t)t->cfg->edns_size);
	if (ldns_pkt2wire(wire, pkt, wlen) != LDNS_STATUS_OK) {
		ldns_pkt_free(pkt);
		return r53_error_set(t->err, R53_INVALID, "trace", "cannot build a query for %s",
				     qname);
	}
	ldns_pkt_free(pkt);
	return R53_OK;
}

/* Asks @a one question (UDP, then TCP when truncated); records the steps. Returns the last
 * step (its reply says what happened) or NULL on out of memory. */
static struct trace_step *
ask(struct tracer *t, const struct trace_addr *a, const char *zone, const char *qname,
    uint16_t qtype, int depth)
{
	uint8_t *wire = NULL;
	size_t wlen = 0;
	uint16_t id;
	struct trace_step *s = NULL;
	bool edns = t->cfg->edns_size > 0;

	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		id = (uint16_t)(now_ms() * 1000);
	if (build_query(t, qname, qtype, id, edns, &wire, &wlen))
		return NULL;

	for (int tcp = 0; tcp <= 1;) {
		double start = now_ms(), deadline = start + t->cfg->timeout_ms;
		size_t rlen = 0;
		int errnum = 0;
		enum net_result nr;
		bool retry_plain;

		s = step_new(t, depth, zone, qname, qtype);
		if (!s)
			break;
		s->server = *a;
		if (!(s->server.name = xstrdup(a->name, t->err))) {
			s = NULL;
			break;
		}
		s->tcp = tcp;
		s->edns = edns;
		t->queries++;
		if (tcp)
			nr = query_tcp(a, wire, wlen, deadline, t->buf, 65535, &rlen, &errnum);
		else
			nr = query_udp(a, wire, wlen, id, deadline, t->buf, 65535, &rlen, &errnum);
		s->ms = now_ms() - start;
		if (nr == NET_TIMEOUT) {
			s->reply.kind = TRACE_TIMEOUT;
		} else if (nr == NET_ERROR) {
			s->reply.kind = TRACE_UNREACHABLE;
			s->reply.why = xstrdup(strerror(errnum ? errnum : EIO), t->err);
			t->last_errno = errnum;
			if (errnum == ENETUNREACH || errnum == EAFNOSUPPORT ||
			    errnum == EADDRNOTAVAIL)
				t->dead_family[family_index(a->family)] = true;
		} else {
			t->responses++;
			if (trace_interpret(t->buf, rlen, id, zone, qname, qtype, &s->reply, t->err)) {
				s = NULL;
				break;
			}
		}
		/* A server from before EDNS (RFC 6891 6.2.2) says FORMERR or NOTIMP to the OPT
		 * record: the same question once more without it. */
		retry_plain = edns && s->reply.kind == TRACE_LAME &&
			      (s->reply.rcode == LDNS_RCODE_FORMERR ||
			       s->reply.rcode == LDNS_RCODE_NOTIMPL) &&
			      t->queries < t->cfg->max_queries;
		if (retry_plain) {
			char srv[300];

			disp(a->name, srv, sizeof(srv));
			s->sentence = xprintf(t->err, "%s (%s) answered %s to a query with EDNS; "
						      "asking again without EDNS.", srv, a->ip,
					      rcode_name(s->reply.rcode));
		} else {
			s->sentence = step_sentence(t, s);
		}
		if (!s->sentence) {
			s = NULL;
			break;
		}
		if (retry_plain) {
			free(wire);
			wire = NULL;
			edns = false;
			if (build_query(t, qname, qtype, id, false, &wire, &wlen)) {
				s = NULL;
				break;
			}
			continue;
		}
		if (s->reply.kind != TRACE_TRUNCATED || tcp)
			break;
		if (t->queries >= t->cfg->max_queries)
			break;
		tcp = 1;
	}
	free(wire);
	return s;
}

static enum trace_kind resolve(struct tracer *t, const char *qname, uint16_t qtype, int depth,
			       struct trace_reply *final, bool *failed);

/* Looks up the addresses of name server @ns (no glue) and adds them to cut @ci. */
static enum r53_code
resolve_ns(struct tracer *t, size_t ci, const char *ns, int depth)
{
	struct addr_cache *ac = NULL;
	struct trace_step *s;
	static const uint16_t types[2] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };

	for (size_t i = 0; i < t->ncache; i++)
		if (!strcmp(t->cache[i].name, ns))
			ac = &t->cache[i];
	if (ac && (ac->busy || ac->done))
		return R53_OK;
	if (depth >= RESOLVE_DEPTH_MAX)
		return R53_OK;
	if (!ac) {
		struct addr_cache *nv = realloc(t->cache, (t->ncache + 1) * sizeof(*nv));

		if (!nv)
			return r53_error_set(t->err, R53_NOMEM, "trace", "out of memory");
		t->cache = nv;
		ac = &t->cache[t->ncache];
		memset(ac, 0, sizeof(*ac));
		if (!(ac->name = xstrdup(ns, t->err)))
			return R53_NOMEM;
		t->ncache++;
	}
	ac->busy = true;
	s = step_new(t, depth + 1, ".", ns, LDNS_RR_TYPE_A);
	if (!s)
		return R53_NOMEM;
	s->reply.kind = TRACE_RESOLVE;
	if (!(s->sentence = step_sentence(t, s)))
		return R53_NOMEM;
	for (int i = 0; i < 2; i++) {
		struct trace_reply r;
		bool failed = false;
		enum trace_kind k;
		size_t ac_i = (size_t)(ac - t->cache);

		if (!family_ok(t, types[i] == LDNS_RR_TYPE_A ? AF_INET : AF_INET6))
			continue;
		memset(&r, 0, sizeof(r));
		k = resolve(t, ns, types[i], depth + 1, &r, &failed);
		ac = &t->cache[ac_i];
		if (t->err && t->err->code) {
			trace_reply_done(&r);
			return t->err->code;
		}
		if (k == TRACE_ANSWER && !failed) {
			for (size_t g = 0; g < r.nglue; g++) {
				struct trace_addr a = r.glue[g];
				struct cut *c = &t->cuts[ci];

				a.name = (char *)ns;
				a.port = c->port;
				if (!cut_has_addr(c, &a) &&
				    addrs_push(&c->addrs, &c->naddrs, &c->cap, &a, t->err)) {
					trace_reply_done(&r);
					return R53_NOMEM;
				}
			}
		}
		trace_reply_done(&r);
	}
	ac->busy = false;
	ac->done = true;
	return R53_OK;
}

static void
set_fail(struct tracer *t, char *why)
{
	free(t->fail_why);
	t->fail_why = why;
}

/* Asks the servers of cut @ci, one address after another, until one gives a useful reply
 * (copied into @r). False when the zone gave up (t->fail_why says why). */
static bool
ask_cut(struct tracer *t, size_t ci, const char *qname, uint16_t qtype, int depth,
	struct trace_reply *r)
{
	int timeouts = 0, attempts = 0, unreachable = 0, skipped = 0;
	size_t tried_ns = 0;
	char zs[400];
	/* -4 / -6: the one family allowed, to name it when it is what stops the trace. */
	const char *only = !t->cfg->ipv4 ? "IPv6" : !t->cfg->ipv6 ? "IPv4" : NULL;
	const char *flag = !t->cfg->ipv4 ? "-6" : "-4";

	/* IPv4 addresses first, then IPv6 ones (a broken IPv6 path costs a timeout each), then
	 * the addresses of name servers without glue, looked up one at a time. */
	size_t base = 0, n = t->cuts[ci].naddrs, j = 0, i;
	int pass = 0;

	for (;;) {
		struct trace_step *s;
		struct trace_addr a;

		if (j >= n) {
			/* Out of addresses: look up the next name server without glue. */
			bool more = false;

			if (pass == 0) {
				pass = 1;
				j = base;
				continue;
			}
			while (tried_ns < t->cuts[ci].nns) {
				const char *ns = t->cuts[ci].ns[tried_ns++];
				size_t before = t->cuts[ci].naddrs;
				bool has = false;

				for (size_t k = 0; k < t->cuts[ci].naddrs; k++)
					if (!strcmp(t->cuts[ci].addrs[k].name, ns))
						has = true;
				if (has)
					continue;
				if (t->queries >= t->cfg->max_queries)
					break;
				if (resolve_ns(t, ci, ns, depth))
					return false;
				if (t->cuts[ci].naddrs > before) {
					more = true;
					break;
				}
			}
			if (!more)
				break;
			base = n;
			n = t->cuts[ci].naddrs;
			j = base;
			pass = 0;
			continue;
		}
		i = j++;
		if ((t->cuts[ci].addrs[i].family == AF_INET6) != (pass == 1))
			continue;
		a = t->cuts[ci].addrs[i];
		if (!family_ok(t, a.family)) {
			skipped++;
			continue;
		}
		for (int k = 0; k < t->cfg->tries; k++) {
			if (t->queries >= t->cfg->max_queries) {
				set_fail(t, xprintf(t->err, "gave up after %d queries",
						    t->cfg->max_queries));
				return false;
			}
			s = ask(t, &a, t->cuts[ci].zone, qname, qtype, depth);
			if (!s)
				return false;
			attempts++;
			switch (s->reply.kind) {
			case TRACE_TIMEOUT:
				timeouts++;
				continue;
			case TRACE_UNREACHABLE:
				unreachable++;
				k = t->cfg->tries;
				break;
			case TRACE_LAME:
			case TRACE_MALFORMED:
			case TRACE_TRUNCATED: /* TCP failed too */
			case TRACE_RESOLVE:
				k = t->cfg->tries;
				break;
			default: {
				/* Useful: hand a copy of the reply up (the step keeps its own). */
				struct trace_reply *sr = &s->reply;

				memset(r, 0, sizeof(*r));
				r->kind = sr->kind;
				r->rcode = sr->rcode;
				r->aa = sr->aa;
				r->ns_ttl = sr->ns_ttl;
				r->has_soa = sr->has_soa;
				r->soa_serial = sr->soa_serial;
				if ((sr->child && !(r->child = xstrdup(sr->child, t->err))) ||
				    (sr->target && !(r->target = xstrdup(sr->target, t->err))) ||
				    strv_copy(&r->ns, &r->nns, sr->ns, sr->nns, t->err) ||
				    strv_copy(&r->records, &r->nrecords, sr->records, sr->nrecords,
					      t->err))
					return false;
				for (size_t g = 0; g < sr->nglue; g++) {
					size_t cap = r->nglue;
					struct trace_addr ga = sr->glue[g];

					ga.port = s->server.port;
					if (addrs_push(&r->glue, &r->nglue, &cap, &ga, t->err))
						return false;
				}
				return true;
			}
			}
		}
		if (timeouts >= ZONE_TIMEOUTS_MAX || attempts >= ZONE_ATTEMPTS_MAX)
			break;
	}
	if (!strcmp(t->cuts[ci].zone, ".")) {
		snprintf(zs, sizeof(zs), "the root zone");
	} else {
		zone_servers(t->cuts[ci].zone, zs, sizeof(zs));
		snprintf(zs + strlen(zs) - 8, 9, " zone");
	}
	/* zs is now "the root zone", "the .test zone" or "the silent.test zone" */
	if (attempts == 0 && skipped && only) {
		t->no_family = true;
		set_fail(t, xprintf(t->err, "no server of %s has an %s address, and %s allows "
					    "only %s", zs, only, flag, only));
	} else if (attempts == 0 && skipped) {
		t->no_family = true;
		set_fail(t, xprintf(t->err, "no server of %s has an address this host can use "
					    "(%s has no route here)", zs,
				    t->dead_family[0] ? "IPv4" : "IPv6"));
	} else if (only && unreachable == attempts &&
		   t->dead_family[family_index(only[3] == '6' ? AF_INET6 : AF_INET)]) {
		t->no_family = true;
		set_fail(t, xprintf(t->err, "%s, the only family %s allows, cannot be used on this "
					    "host (%d tried; %s)", only, flag, attempts,
				    strerror(t->last_errno)));
	} else if (attempts == 0 && t->last_errno)
		set_fail(t, xprintf(t->err, "no server of %s can be reached (%s)", zs,
				    strerror(t->last_errno)));
	else if (attempts == 0)
		set_fail(t, xprintf(t->err, "no address is known for any server of %s", zs));
	else if (timeouts == attempts)
		set_fail(t, xprintf(t->err, "no server of %s answered within %.1f s (%d tried)",
				    zs, t->cfg->timeout_ms / 1000.0, attempts));
	else if (unreachable == attempts)
		set_fail(t, xprintf(t->err, "no server of %s can be reached (%d tried; %s)", zs,
				    attempts, strerror(t->last_errno)));
	else
		set_fail(t, xprintf(t->err, "no server of %s gave a usable answer (%d tried)",
				    zs, attempts));
	return false;
}

/* Resolves @qname/@qtype from the best known cut; follows referrals and CNAMEs. The final
 * reply (ANSWER, NXDOMAIN, NODATA) goes to @final; *failed when it stopped short. */
static enum trace_kind
resolve(struct tracer *t, const char *qname, uint16_t qtype, int depth, struct trace_reply *final,
	bool *failed)
{
	char cur[NAME_TEXT_MAX_TRACE];
	char *seen[CNAME_HOPS_MAX + 1];
	int nseen = 0, hops = 0;
	long ci;
	enum trace_kind k = TRACE_MALFORMED;

	*failed = true;
	memset(final, 0, sizeof(*final));
	final->rcode = -1;
	snprintf(cur, sizeof(cur), "%s", qname);
	ci = best_cut(t, cur) - t->cuts;
	for (;;) {
		struct trace_reply r;

		if (!ask_cut(t, (size_t)ci, cur, qtype, depth, &r)) {
			k = TRACE_TIMEOUT;
			break;
		}
		k = r.kind;
		if (k == TRACE_REFERRAL) {
			ci = cut_learn(t, &r, r.nglue ? r.glue[0].port : t->cuts[ci].port);
			if (ci < 0) {
				trace_reply_done(&r);
				r53_error_set(t->err, R53_NOMEM, "trace", "out of memory");
				break;
			}
			if (t->stop_at && depth == 0 && !strcmp(r.child, t->stop_at)) {
				*final = r;
				*failed = false;
				break;
			}
			trace_reply_done(&r);
			continue;
		}
		if (k == TRACE_CNAME) {
			if (++hops > CNAME_HOPS_MAX) {
				set_fail(t, xprintf(t->err, "more than %d CNAMEs in a row",
						    CNAME_HOPS_MAX));
				trace_reply_done(&r);
				break;
			}
			/* A loop: back to a name already followed, to the name itself (a
			 * self-loop), or one the server's own answer went round in. */
			for (int i = 0; i <= nseen; i++)
				if (!strcmp(i < nseen ? seen[i] : cur, r.target)) {
					char d[300];

					disp(r.target, d, sizeof(d));
					set_fail(t, xprintf(t->err, "CNAME loop at %s", d));
					hops = -1;
					break;
				}
			if (hops < 0) {
				trace_reply_done(&r);
				break;
			}
			if (!(seen[nseen++] = xstrdup(cur, t->err))) {
				trace_reply_done(&r);
				break;
			}
			snprintf(cur, sizeof(cur), "%s", r.target);
			trace_reply_done(&r);
			ci = best_cut(t, cur) - t->cuts;
			continue;
		}
		*final = r;
		if (!final->target && strcmp(cur, qname))
			final->target = xstrdup(cur, t->err);
		*failed = false;
		break;
	}
	for (int i = 0; i < nseen; i++)
		free(seen[i]);
	return k;
}

void
trace_config_init(struct trace_config *c, const struct root_hints *hints)
{
	memset(c, 0, sizeof(*c));
	c->hints = hints;
	c->timeout_ms = 1500;
	c->tries = 1;
	c->max_queries = 120;
	c->edns_size = 1232;
	c->ipv4 = c->ipv6 = true;
}

void
trace_result_init(struct trace_result *r)
{
	memset(r, 0, sizeof(*r));
}

void
trace_result_done(struct trace_result *r)
{
	for (size_t i = 0; i < r->len; i++) {
		struct trace_step *s = &r->steps[i];

		free(s->zone);
		free(s->qname);
		free(s->server.name);
		trace_reply_done(&s->reply);
		free(s->sentence);
	}
	free(r->steps);
	free(r->qname);
	strv_free(&r->records, &r->nrecords);
	free(r->summary);
	memset(r, 0, sizeof(*r));
}

static enum r53_code
tracer_init(struct tracer *t, const struct trace_config *cfg, struct trace_result *out,
	    struct r53_error *err)
{
	struct cut *root;

	memset(t, 0, sizeof(*t));
	t->cfg = cfg;
	t->out = out;
	t->err = err;
	if (!cfg->hints || !cfg->hints->len)
		return r53_error_set(err, R53_INVALID, "root hints", "no root server addresses");
	t->buf = malloc(65536);
	t->cuts = calloc(1, sizeof(*t->cuts));
	if (!t->buf || !t->cuts)
		return r53_error_set(err, R53_NOMEM, "trace", "out of memory");
	t->ncuts = 1;
	root = &t->cuts[0];
	if (!(root->zone = xstrdup(".", err)))
		return R53_NOMEM;
	root->port = cfg->hints->addrs[0].port;
	for (size_t i = 0; i < cfg->hints->len; i++) {
		const struct trace_addr *a = &cfg->hints->addrs[i];

		if (!strv_has(root->ns, root->nns, a->name) &&
		    strv_push(&root->ns, &root->nns, a->name, err))
			return R53_NOMEM;
		if (addrs_push(&root->addrs, &root->naddrs, &root->cap, a, err))
			return R53_NOMEM;
	}
	return R53_OK;
}

static void
tracer_done(struct tracer *t)
{
	for (size_t i = 0; i < t->ncuts; i++)
		cut_free(&t->cuts[i]);
	free(t->cuts);
	for (size_t i = 0; i < t->ncache; i++)
		free(t->cache[i].name);
	free(t->cache);
	free(t->buf);
	free(t->fail_why);
	memset(t, 0, sizeof(*t));
}

/* Fills out->outcome/final/qname/records/summary from a finished resolution. */
static enum r53_code
result_finish(struct tracer *t, const char *qname, uint16_t qtype, enum trace_kind k,
	      bool failed, struct trace_reply *fr)
{
	struct trace_result *o = t->out;
	char q[300], tn[32], fin[300];
	const char *last = fr->target ? fr->target : qname;

	disp(qname, q, sizeof(q));
	disp(last, fin, sizeof(fin));
	trace_type_name(qtype, tn, sizeof(tn));
	if (!(o->qname = xstrdup(last, t->err)))
		return R53_NOMEM;
	if (failed) {
		o->outcome = t->responses ? TRACE_FAILED : TRACE_NO_NETWORK;
		if (o->outcome == TRACE_NO_NETWORK)
			o->summary = xprintf(t->err,
					     "No name server could be reached: %s.%s",
					     t->fail_why ? t->fail_why : "no answer",
					     t->no_family ? "" : " Is the network up?");
		else
			o->summary = xprintf(t->err, "Could not resolve %s %s: %s.", q, tn,
					     t->fail_why ? t->fail_why : "resolution failed");
		return o->summary ? R53_OK : R53_NOMEM;
	}
	o->outcome = TRACE_DONE;
	o->final = k;
	if (strv_copy(&o->records, &o->nrecords, fr->records, fr->nrecords, t->err))
		return R53_NOMEM;
	if (k == TRACE_NXDOMAIN)
		o->summary = xprintf(t->err, "%s does not exist (NXDOMAIN)%s%s%s.", fin,
				     strcmp(last, qname) ? "; it is the target of " : "",
				     strcmp(last, qname) ? q : "", "");
	else if (k == TRACE_NODATA)
		o->summary = xprintf(t->err, "%s exists but has no %s records.", fin, tn);
	else
		o->summary = xprintf(t->err, "%s %s: %zu record%s in the answer%s%s, after %d "
					     "quer%s.", q, tn, fr->nrecords,
				     fr->nrecords == 1 ? "" : "s",
				     strcmp(last, qname) ? " by way of " : "",
				     strcmp(last, qname) ? fin : "", t->queries,
				     t->queries == 1 ? "y" : "ies");
	return o->summary ? R53_OK : R53_NOMEM;
}

enum r53_code
trace_run(const struct trace_config *cfg, const char *qname, uint16_t qtype,
	  struct trace_result *out, struct r53_error *err)
{
	struct tracer t;
	char name[NAME_TEXT_MAX_TRACE];
	struct trace_reply fr;
	bool failed = true;
	enum trace_kind k;
	enum r53_code rc;

	if ((rc = trace_name_canonical(qname, name, sizeof(name), err)))
		return rc;
	if ((rc = tracer_init(&t, cfg, out, err))) {
		tracer_done(&t);
		return rc;
	}
	k = resolve(&t, name, qtype, 0, &fr, &failed);
	if (err && err->code) {
		rc = err->code;
	} else {
		rc = result_finish(&t, name, qtype, k, failed, &fr);
	}
	trace_reply_done(&fr);
	tracer_done(&t);
	return rc;
}

/*
 * The delegation check
 */

const char *
delegation_verdict_name(enum delegation_verdict v)
{
	switch (v) {
	case DELEGATION_DELEGATED:
		return "delegated";
	case DELEGATION_PENDING:
		return "pending";
	case DELEGATION_PARTIAL:
		return "partial";
	case DELEGATION_LAME:
		return "lame";
	case DELEGATION_NO_ZONE:
		return "no-zone";
	}
	return "?";
}

int
delegation_verdict_exit(enum delegation_verdict v)
{
	switch (v) {
	case DELEGATION_DELEGATED:
		return 0;
	case DELEGATION_PENDING:
		return 10;
	case DELEGATION_PARTIAL:
		return 11;
	case DELEGATION_LAME:
		return 12;
	case DELEGATION_NO_ZONE:
		return 13;
	}
	return 1;
}

void
delegation_report_init(struct delegation_report *r)
{
	memset(r, 0, sizeof(*r));
	trace_result_init(&r->parent_trace);
}

void
delegation_report_done(struct delegation_report *r)
{
	free(r->domain);
	free(r->parent_zone);
	free(r->parent_server);
	strv_free(&r->parent_ns, &r->nparent_ns);
	strv_free(&r->zone_ns, &r->nzone_ns);
	strv_free(&r->registrar_ns, &r->nregistrar_ns);
	strv_free(&r->served_ns, &r->nserved_ns);
	strv_free(&r->differs, &r->ndiffers);
	for (size_t i = 0; i < r->nservers; i++) {
		free(r->servers[i].name);
		strv_free(&r->servers[i].ns, &r->servers[i].nns);
		free(r->servers[i].problem);
	}
	free(r->servers);
	strv_free(&r->sentences, &r->nsentences);
	trace_result_done(&r->parent_trace);
	memset(r, 0, sizeof(*r));
}

static enum r53_code __attribute__((format(printf, 3, 4)))
say(struct delegation_report *r, struct r53_error *err, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	char **nv;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return r53_error_set(err, R53_NOMEM, "delegation", "out of memory");
	nv = realloc(r->sentences, (r->nsentences + 1) * sizeof(*nv));
	if (!nv) {
		free(s);
		return r53_error_set(err, R53_NOMEM, "delegation", "out of memory");
	}
	r->sentences = nv;
	r->sentences[r->nsentences++] = s;
	return R53_OK;
}

/* Canonical copies of caller-given names into @dst (duplicates dropped). */
static enum r53_code
names_canon(char ***dst, size_t *n, const char *const *src, size_t nsrc, const char *what,
	    struct r53_error *err)
{
	for (size_t i = 0; i < nsrc; i++) {
		char c[NAME_TEXT_MAX_TRACE];

		if (trace_name_canonical(src[i], c, sizeof(c), NULL))
			return r53_error_set(err, R53_INVALID, what, "'%s' is not a name server name",
					     src[i]);
		if (!strv_has(*dst, *n, c) && strv_push(dst, n, c, err))
			return R53_NOMEM;
	}
	return R53_OK;
}

static bool
sets_equal(char *const *a, size_t na, char *const *b, size_t nb)
{
	for (size_t i = 0; i < na; i++)
		if (!strv_has(b, nb, a[i]))
			return false;
	for (size_t i = 0; i < nb; i++)
		if (!strv_has(a, na, b[i]))
			return false;
	return true;
}

static size_t
sets_common(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t n = 0;

	for (size_t i = 0; i < na; i++)
		n += strv_has(b, nb, a[i]);
	return n;
}

/* Addresses of name server @name: glue from the parent's referral, else looked up. */
static enum r53_code
server_addrs(struct tracer *t, const char *name, struct trace_addr **v, size_t *n, size_t *cap)
{
	uint16_t port = t->cuts[0].port;
	static const uint16_t types[2] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };

	for (size_t c = 0; c < t->ncuts; c++)
		for (size_t i = 0; i < t->cuts[c].naddrs; i++)
			if (!strcmp(t->cuts[c].addrs[i].name, name) &&
			    addrs_push(v, n, cap, &t->cuts[c].addrs[i], t->err))
				return R53_NOMEM;
	if (*n)
		return R53_OK;
	for (size_t c = 0; c < t->ncuts; c++)
		if (t->stop_at && !strcmp(t->cuts[c].zone, t->stop_at))
			port = t->cuts[c].port;
	for (int i = 0; i < 2; i++) {
		struct trace_reply r;
		bool failed = false;
		enum trace_kind k;

		if (!family_ok(t, types[i] == LDNS_RR_TYPE_A ? AF_INET : AF_INET6))
			continue;
		k = resolve(t, name, types[i], 1, &r, &failed);
		if (t->err && t->err->code) {
			trace_reply_done(&r);
			return t->err->code;
		}
		for (size_t g = 0; k == TRACE_ANSWER && !failed && g < r.nglue; g++) {
			struct trace_addr a = r.glue[g];

			a.name = (char *)name;
			a.port = port;
			if (addrs_push(v, n, cap, &a, t->err)) {
				trace_reply_done(&r);
				return R53_NOMEM;
			}
		}
		trace_reply_done(&r);
	}
	return R53_OK;
}

/* Asks server @s (addresses @v) for SOA and NS of @domain, recursion off. */
static enum r53_code
server_check(struct tracer *t, struct delegation_server *s, const struct trace_addr *v, size_t n,
	     const char *domain)
{
	char problem[200] = "";

	if (!n) {
		s->problem = xstrdup("its address could not be found", t->err);
		return s->problem ? R53_OK : R53_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct trace_step *st;
		struct trace_reply *r;

		if (!family_ok(t, v[i].family))
			continue;
		st = ask(t, &v[i], domain, domain, LDNS_RR_TYPE_SOA, 1);
		if (!st)
			return t->err ? t->err->code : R53_NOMEM;
		r = &st->reply;
		snprintf(s->ip, sizeof(s->ip), "%s", v[i].ip);
		if (r->kind == TRACE_TIMEOUT) {
			snprintf(problem, sizeof(problem), "no answer within %.1f s",
				 t->cfg->timeout_ms / 1000.0);
			continue;
		}
		if (r->kind == TRACE_UNREACHABLE) {
			snprintf(problem, sizeof(problem), "cannot be reached: %s",
				 r->why ? r->why : "?");
			continue;
		}
		s->answered = true;
		if (r->kind == TRACE_ANSWER && r->aa && r->has_soa) {
			s->authoritative = true;
			s->has_serial = true;
			s->serial = r->soa_serial;
		} else if (r->kind == TRACE_LAME || r->kind == TRACE_MALFORMED) {
			snprintf(problem, sizeof(problem), "%s", r->why ? r->why : "?");
		} else if (r->kind == TRACE_NXDOMAIN) {
			snprintf(problem, sizeof(problem), "says the domain does not exist");
		} else if (r->kind == TRACE_REFERRAL) {
			snprintf(problem, sizeof(problem), "refers to other servers instead");
		} else {
			snprintf(problem, sizeof(problem), "answers without authority (AA not set)");
		}
		if (s->authoritative) {
			st = ask(t, &v[i], domain, domain, LDNS_RR_TYPE_NS, 1);
			if (!st)
				return t->err ? t->err->code : R53_NOMEM;
			if (st->reply.kind == TRACE_ANSWER &&
			    strv_copy(&s->ns, &s->nns, st->reply.ns, st->reply.nns, t->err))
				return R53_NOMEM;
			problem[0] = '\0';
		}
		break;
	}
	if (problem[0] && !(s->problem = xstrdup(problem, t->err)))
		return R53_NOMEM;
	return R53_OK;
}

enum r53_code
delegation_check(const struct trace_config *cfg, const struct delegation_input *in,
		 struct delegation_report *out, struct r53_error *err)
{
	struct tracer t;
	struct trace_result scratch;
	struct trace_reply fr;
	char domain[NAME_TEXT_MAX_TRACE], d[300], ps[400], pl[400], list[1200], list2[1200];
	bool failed = true, lame = false;
	enum r53_code rc;
	enum trace_kind k;

	trace_result_init(&scratch);
	memset(&fr, 0, sizeof(fr));
	if ((rc = trace_name_canonical(in->domain, domain, sizeof(domain), err)))
		return rc;
	if (!(out->domain = xstrdup(domain, err)) ||
	    names_canon(&out->zone_ns, &out->nzone_ns, in->zone_ns, in->nzone_ns, "zone NS", err) ||
	    names_canon(&out->registrar_ns, &out->nregistrar_ns, in->registrar_ns,
			in->nregistrar_ns, "registrar NS", err))
		return err ? err->code : R53_INVALID;
	disp(domain, d, sizeof(d));
	if ((rc = tracer_init(&t, cfg, &out->parent_trace, err)))
		goto out;
	t.stop_at = domain;

	/* 1. The parent's delegation, from the root down. */
	k = resolve(&t, domain, LDNS_RR_TYPE_NS, 0, &fr, &failed);
	if (err && err->code) {
		rc = err->code;
		goto out;
	}
	if (failed && !t.responses) {
		rc = r53_error_set(err, R53_DNS, "delegation",
				   "No name server could be reached: %s.%s",
				   t.fail_why ? t.fail_why : "no answer",
				   t.no_family ? "" : " Is the network up?");
		goto out;
	}
	for (size_t i = 0; i < out->parent_trace.len; i++) {
		const struct trace_step *s = &out->parent_trace.steps[i];

		if (s->depth || !strcmp(s->zone, domain) ||
		    (s->reply.kind != TRACE_REFERRAL && s->reply.kind != TRACE_NXDOMAIN &&
		     s->reply.kind != TRACE_ANSWER && s->reply.kind != TRACE_NODATA))
			continue;
		free(out->parent_zone);
		free(out->parent_server);
		out->parent_zone = xstrdup(s->zone, err);
		out->parent_server = xstrdup(s->server.name, err);
		if (!out->parent_zone || !out->parent_server) {
			rc = R53_NOMEM;
			goto out;
		}
		out->parent_nxdomain = s->reply.kind == TRACE_NXDOMAIN;
		out->parent_neg_ttl_known = out->parent_nxdomain && s->reply.has_neg_ttl;
		out->parent_neg_ttl = s->reply.neg_ttl;
	}
	if (failed || !out->parent_zone) {
		rc = r53_error_set(err, R53_DNS, "delegation", "Could not reach the parent of %s: %s",
				   d, t.fail_why ? t.fail_why : "resolution failed");
		goto out;
	}
	zone_servers(out->parent_zone, pl, sizeof(pl));
	snprintf(ps, sizeof(ps), "%s", pl);
	ps[0] = (char)toupper((unsigned char)ps[0]);
	if (k == TRACE_REFERRAL && !strcmp(fr.child, domain)) {
		char ttl[64];

		if (strv_copy(&out->parent_ns, &out->nparent_ns, fr.ns, fr.nns, err)) {
			rc = R53_NOMEM;
			goto out;
		}
		out->parent_ttl = fr.ns_ttl;
		name_list(fr.ns, fr.nns, list, sizeof(list));
		ttl_human(fr.ns_ttl, ttl, sizeof(ttl));
		rc = say(out, err, "%s delegate %s to %s (TTL %u: %s).", ps, d, list, fr.ns_ttl, ttl);
	} else if (out->parent_nxdomain && out->parent_neg_ttl_known) {
		char ttl[64];

		ttl_human(out->parent_neg_ttl, ttl, sizeof(ttl));
		rc = say(out, err, "%s say %s does not exist: it is not delegated (yet). Resolvers may "
				   "remember that for %u s: %s (the negative TTL, from the SOA minimum).",
			 ps, d, out->parent_neg_ttl, ttl);
	} else if (out->parent_nxdomain) {
		rc = say(out, err, "%s say %s does not exist: it is not delegated (yet).", ps, d);
	} else {
		rc = say(out, err, "%s do not delegate %s: it is part of their own zone.", ps, d);
	}
	if (rc)
		goto out;

	/* 2. The three sets. */
	if (!out->nzone_ns) {
		out->verdict = DELEGATION_NO_ZONE;
		rc = say(out, err, "no-zone: there is no hosted zone for %s to compare with.", d);
		goto out;
	}
	name_list(out->zone_ns, out->nzone_ns, list, sizeof(list));
	if ((rc = say(out, err, "The hosted zone's name servers are %s.", list)))
		goto out;
	if (out->nregistrar_ns) {
		name_list(out->registrar_ns, out->nregistrar_ns, list2, sizeof(list2));
		if (sets_equal(out->registrar_ns, out->nregistrar_ns, out->zone_ns, out->nzone_ns))
			rc = say(out, err, "The registrar holds the same name servers%s.",
				 sets_equal(out->parent_ns, out->nparent_ns, out->zone_ns,
					    out->nzone_ns)
					 ? ""
					 : "; the parent has not caught up with the registrar yet");
		else
			rc = say(out, err, "The registrar holds %s: set them to %s at the registrar.",
				 list2, list);
		if (rc)
			goto out;
	}

	/* 3. Every name server, parent's and zone's, then those only the apex NS record the
	 * zone's servers serve names: SOA and NS, recursion off. */
	t.out = &scratch;
	for (int pass = 0; pass < 3; pass++) {
		char **v = pass == 2 ? out->served_ns : pass ? out->zone_ns : out->parent_ns;
		size_t nv = pass == 2 ? out->nserved_ns : pass ? out->nzone_ns : out->nparent_ns;

		/* What the zone itself says its name servers are: the apex NS set from the
		 * first of its servers that answered authoritatively. */
		for (size_t j = 0; pass == 2 && !nv && j < out->nservers; j++) {
			const struct delegation_server *z = &out->servers[j];

			if (!z->in_zone || !z->authoritative || !z->nns)
				continue;
			if (strv_copy(&out->served_ns, &out->nserved_ns, z->ns, z->nns, err)) {
				rc = R53_NOMEM;
				goto out;
			}
			v = out->served_ns;
			nv = out->nserved_ns;
		}

		for (size_t i = 0; i < nv; i++) {
			struct delegation_server *s, *ns;
			struct trace_addr *addrs = NULL;
			size_t naddrs = 0, cap = 0;
			bool known = false;

			for (size_t j = 0; j < out->nservers; j++)
				known |= !strcmp(out->servers[j].name, v[i]);
			if (known)
				continue;
			ns = realloc(out->servers, (out->nservers + 1) * sizeof(*ns));
			if (!ns) {
				rc = r53_error_set(err, R53_NOMEM, "delegation", "out of memory");
				goto out;
			}
			out->servers = ns;
			s = &out->servers[out->nservers++];
			memset(s, 0, sizeof(*s));
			if (!(s->name = xstrdup(v[i], err))) {
				rc = R53_NOMEM;
				goto out;
			}
			s->in_parent = strv_has(out->parent_ns, out->nparent_ns, v[i]);
			s->in_zone = strv_has(out->zone_ns, out->nzone_ns, v[i]);
			s->in_registrar = strv_has(out->registrar_ns, out->nregistrar_ns, v[i]);
			rc = server_addrs(&t, v[i], &addrs, &naddrs, &cap);
			if (!rc)
				rc = server_check(&t, s, addrs, naddrs, domain);
			for (size_t j = 0; j < naddrs; j++)
				free(addrs[j].name);
			free(addrs);
			if (rc)
				goto out;
		}
	}
	for (size_t i = 0; i < out->nservers; i++)
		out->servers[i].in_served = strv_has(out->served_ns, out->nserved_ns,
						     out->servers[i].name);
	/* Which of the other sets are not the hosted zone's, for the verdict and the JSON. */
	if ((!sets_equal(out->parent_ns, out->nparent_ns, out->zone_ns, out->nzone_ns) &&
	     strv_push(&out->differs, &out->ndiffers, "parent", err)) ||
	    (out->nregistrar_ns &&
	     !sets_equal(out->registrar_ns, out->nregistrar_ns, out->zone_ns, out->nzone_ns) &&
	     strv_push(&out->differs, &out->ndiffers, "registrar", err)) ||
	    (out->nserved_ns &&
	     !sets_equal(out->served_ns, out->nserved_ns, out->zone_ns, out->nzone_ns) &&
	     strv_push(&out->differs, &out->ndiffers, "served", err))) {
		rc = R53_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < out->nservers; i++) {
		const struct delegation_server *s = &out->servers[i];
		char sn[300];

		disp(s->name, sn, sizeof(sn));
		if (s->authoritative)
			rc = say(out, err, "%s (%s) answers authoritatively for %s, serial %u.", sn,
				 s->ip, d, s->serial);
		else
			rc = say(out, err, "%s%s%s%s does not answer authoritatively for %s: %s.", sn,
				 s->ip[0] ? " (" : "", s->ip, s->ip[0] ? ")" : "", d,
				 s->problem ? s->problem : "?");
		if (rc)
			goto out;
		if (s->authoritative && s->nns && !sets_equal(s->ns, s->nns, out->zone_ns,
							       out->nzone_ns)) {
			name_list(s->ns, s->nns, list2, sizeof(list2));
			if ((rc = say(out, err, "%s serves an NS set of %s, not the zone's.", sn, list2)))
				goto out;
		}
		for (size_t j = 0; j < i; j++)
			if (s->has_serial && out->servers[j].has_serial &&
			    s->in_zone && out->servers[j].in_zone &&
			    out->servers[j].serial != s->serial)
				out->serials_differ = true;
		/* Lame: a server the parent or the zone lists that does not answer for it. Old
		 * servers only the parent lists matter once the parent points at the zone. */
		if (!s->authoritative)
			lame = true;
	}
	if (out->serials_differ &&
	    (rc = say(out, err, "The zone's servers do not agree on the serial: a change is "
				"still spreading to them.")))
		goto out;

	if (out->nserved_ns &&
	    !sets_equal(out->served_ns, out->nserved_ns, out->zone_ns, out->nzone_ns)) {
		name_list(out->served_ns, out->nserved_ns, list2, sizeof(list2));
		name_list(out->zone_ns, out->nzone_ns, list, sizeof(list));
		if ((rc = say(out, err, "The zone's servers answer with an apex NS record of %s, "
					"not the hosted zone's %s: fix the zone's NS record.",
			      list2, list)))
			goto out;
	}

	/* 4. The verdict: the parent, the registrar, the zone's own apex NS, each against the
	 * hosted zone's set. */
	if (sets_common(out->parent_ns, out->nparent_ns, out->zone_ns, out->nzone_ns) == 0 ||
	    strv_has(out->differs, out->ndiffers, "registrar")) {
		char ttl[64];
		bool parent_ok = !strv_has(out->differs, out->ndiffers, "parent");

		out->verdict = DELEGATION_PENDING;
		ttl_human(out->parent_ttl, ttl, sizeof(ttl));
		if (parent_ok) {
			name_list(out->registrar_ns, out->nregistrar_ns, list2, sizeof(list2));
			rc = say(out, err, "pending: %s point %s at the zone's name servers, but the "
					   "registrar holds %s: the parent will follow the registrar "
					   "when the registry next publishes.", pl, d, list2);
		} else if (out->nparent_ns) {
			name_list(out->parent_ns, out->nparent_ns, list2, sizeof(list2));
			rc = say(out, err, "pending: %s still point %s at %s, not at the zone's name "
					   "servers; resolvers may keep that answer for %s (the "
					   "parent's NS TTL).", pl, d, list2, ttl);
		} else {
			rc = say(out, err, "pending: %s do not point %s at the zone's name servers "
					   "yet.", pl, d);
		}
	} else if (lame) {
		size_t used = 0;

		out->verdict = DELEGATION_LAME;
		list2[0] = '\0';
		for (size_t i = 0; i < out->nservers; i++) {
			char sn[300];

			if (out->servers[i].authoritative)
				continue;
			disp(out->servers[i].name, sn, sizeof(sn));
			used += snprintf(list2 + used, used < sizeof(list2) ? sizeof(list2) - used : 0,
					 "%s%s", used ? ", " : "", sn);
		}
		rc = say(out, err, "lame: %s %s not answer authoritatively for %s; resolvers that "
				   "ask %s get errors or delays.", list2,
			  strchr(list2, ',') ? "do" : "does", d, strchr(list2, ',') ? "them" : "it");
	} else if (sets_equal(out->parent_ns, out->nparent_ns, out->zone_ns, out->nzone_ns) &&
		   strv_has(out->differs, out->ndiffers, "served")) {
		out->verdict = DELEGATION_PARTIAL;
		rc = say(out, err, "partial: %s point %s at the zone's name servers, but those "
				   "servers answer with a different NS set.", pl, d);
	} else if (!sets_equal(out->parent_ns, out->nparent_ns, out->zone_ns, out->nzone_ns)) {
		size_t used = 0, used2 = 0;

		out->verdict = DELEGATION_PARTIAL;
		list[0] = list2[0] = '\0';
		for (size_t i = 0; i < out->nparent_ns; i++)
			if (!strv_has(out->zone_ns, out->nzone_ns, out->parent_ns[i])) {
				char sn[300];

				disp(out->parent_ns[i], sn, sizeof(sn));
				used += snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0,
						 "%s%s", used ? ", " : "", sn);
			}
		for (size_t i = 0; i < out->nzone_ns; i++)
			if (!strv_has(out->parent_ns, out->nparent_ns, out->zone_ns[i])) {
				char sn[300];

				disp(out->zone_ns[i], sn, sizeof(sn));
				used2 += snprintf(list2 + used2,
						  used2 < sizeof(list2) ? sizeof(list2) - used2 : 0,
						  "%s%s", used2 ? ", " : "", sn);
			}
		rc = say(out, err, "partial: %s and the zone share some name servers, not all: only "
				   "the parent lists %s; only the zone has %s.", pl,
			 used ? list : "none", used2 ? list2 : "none");
	} else {
		out->verdict = DELEGATION_DELEGATED;
		rc = say(out, err, "delegated: %s point %s at exactly the zone's name servers, and "
				   "each answers authoritatively.", pl, d);
	}
out:
	trace_reply_done(&fr);
	trace_result_done(&scratch);
	tracer_done(&t);
	return rc;
}
