/* r53-local: AWS Signature Version 4 verification, with its own SHA-256 and HMAC (FIPS 180-4,
 * RFC 2104) so the control plane needs no crypto library for a loopback test server. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "controlplane/cp.h"

/*
 * SHA-256
 */
struct sha256 {
	uint32_t h[8];
	uint64_t bytes;
	uint8_t buf[64];
	size_t fill;
};

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
sha256_block(struct sha256 *s, const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
			      K[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

		h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
	s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

static void
sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, iv, sizeof(iv));
	s->bytes = 0;
	s->fill = 0;
}

static void
sha256_add(struct sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;

	s->bytes += len;
	while (len) {
		size_t n = 64 - s->fill < len ? 64 - s->fill : len;

		memcpy(s->buf + s->fill, p, n);
		s->fill += n;
		p += n;
		len -= n;
		if (s->fill == 64) {
			sha256_block(s, s->buf);
			s->fill = 0;
		}
	}
}

static void
sha256_end(struct sha256 *s, uint8_t out[32])
{
	uint64_t bits = s->bytes * 8;
	uint8_t pad = 0x80, zero = 0, len[8];

	sha256_add(s, &pad, 1);
	while (s->fill != 56)
		sha256_add(s, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_add(s, len, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

void
cp_sha256(const void *data, size_t len, uint8_t out[32])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_add(&s, data, len);
	sha256_end(&s, out);
}

void
cp_hmac_sha256(const void *key, size_t klen, const void *data, size_t len, uint8_t out[32])
{
	uint8_t k[64] = { 0 }, pad[64], inner[32];
	struct sha256 s;

	if (klen > 64)
		cp_sha256(key, klen, k);
	else
		memcpy(k, key, klen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&s);
	sha256_add(&s, pad, 64);
	sha256_add(&s, data, len);
	sha256_end(&s, inner);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&s);
	sha256_add(&s, pad, 64);
	sha256_add(&s, inner, 32);
	sha256_end(&s, out);
}

static void
hex(const uint8_t *p, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/*
 * Canonical request
 */
static bool
uri_encode(struct cp_buf *b, const char *s, bool keep_slash)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool ok;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
		    (keep_slash && c == '/'))
			ok = cp_buf_add(b, s, 1);
		else
			ok = cp_buf_printf(b, "%%%02X", c);
		if (!ok)
			return false;
	}
	return true;
}

struct qparam {
	char *k, *v; /* encoded */
};
struct qlist {
	struct qparam *p;
	size_t n, cap;
	bool failed;
};

static char *
encoded(const char *s)
{
	struct cp_buf b = { 0 };

	if (!uri_encode(&b, s ? s : "", false) || !cp_buf_add(&b, "", 0)) {
		cp_buf_done(&b);
		return NULL;
	}
	return b.data;
}

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct qlist *q = cls;

	(void)kind;
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		struct qparam *np = realloc(q->p, cap * sizeof(*np));

		if (!np) {
			q->failed = true;
			return MHD_NO;
		}
		q->p = np;
		q->cap = cap;
	}
	q->p[q->n].k = encoded(key);
	q->p[q->n].v = encoded(value);
	if (!q->p[q->n].k || !q->p[q->n].v) {
		free(q->p[q->n].k);
		free(q->p[q->n].v);
		q->failed = true;
		return MHD_NO;
	}
	q->n++;
	return MHD_YES;
}

static int
cmp_param(const void *a, const void *b)
{
	const struct qparam *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	return c ? c : strcmp(x->v, y->v);
}

/* Header value with leading/trailing spaces trimmed and inner runs collapsed. */
static bool
add_trimmed(struct cp_buf *b, const char *v)
{
	bool space = false, any = false;

	for (; *v; v++) {
		if (*v == ' ' || *v == '\t') {
			space = any;
			continue;
		}
		if (space && !cp_buf_add(b, " ", 1))
			return false;
		space = false;
		any = true;
		if (!cp_buf_add(b, v, 1))
			return false;
	}
	return true;
}

/* Copies the value of "Name=value" (ended by ',' or end) from @auth into @out. */
static bool
auth_field(const char *auth, const char *name, char *out, size_t outsz)
{
	const char *p = strstr(auth, name);
	size_t l;

	if (!p)
		return false;
	p += strlen(name);
	l = strcspn(p, ", ");
	if (l >= outsz)
		return false;
	memcpy(out, p, l);
	out[l] = '\0';
	return true;
}

static bool
parse_amz_date(const char *s, time_t *out)
{
	struct tm tm;
	const char *end;

	if (!s || strlen(s) != 16)
		return false;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y%m%dT%H%M%SZ", &tm);
	if (!end || *end)
		return false;
	*out = timegm(&tm);
	return true;
}

const char *
cp_sigv4_check(const struct cp_request *r, const char *key, const char *secret, char *msg,
	       size_t msz)
{
	const char *auth = cp_header(r, "Authorization");
	const char *date = cp_header(r, "X-Amz-Date");
	char cred[256], signed_h[1024], sig[80], scope_date[16], region[32], service[32];
	char *parts[5], credbuf[256], *save = NULL, hexbuf[65], want[65];
	struct cp_buf cr = { 0 }, sts = { 0 };
	struct qlist q = { 0 };
	uint8_t h[32], k1[32], k2[32];
	const char *code = "SignatureDoesNotMatch";
	int np = 0;
	time_t t;

	snprintf(msg, msz, "The request signature we calculated does not match the signature "
			   "you provided. Check your AWS Secret Access Key and signing method. "
			   "Consult the service documentation for details.");
	if (!auth) {
		snprintf(msg, msz, "Missing Authentication Token");
		return "MissingAuthenticationToken";
	}
	if (strncmp(auth, "AWS4-HMAC-SHA256 ", 17) ||
	    !auth_field(auth, "Credential=", cred, sizeof(cred)) ||
	    !auth_field(auth, "SignedHeaders=", signed_h, sizeof(signed_h)) ||
	    !auth_field(auth, "Signature=", sig, sizeof(sig))) {
		snprintf(msg, msz, "Authorization header requires 'Credential', 'Signature' and "
				   "'SignedHeaders' parameters.");
		return "IncompleteSignature";
	}
	snprintf(credbuf, sizeof(credbuf), "%s", cred);
	for (char *tok = strtok_r(credbuf, "/", &save); tok && np < 5;
	     tok = strtok_r(NULL, "/", &save))
		parts[np++] = tok;
	if (np != 5 || strcmp(parts[4], "aws4_request")) {
		snprintf(msg, msz, "Credential should be scoped to a valid region.");
		return "IncompleteSignature";
	}
	if (strcmp(parts[0], key)) {
		snprintf(msg, msz, "The security token included in the request is invalid.");
		return "InvalidClientTokenId";
	}
	snprintf(scope_date, sizeof(scope_date), "%s", parts[1]);
	snprintf(region, sizeof(region), "%s", parts[2]);
	snprintf(service, sizeof(service), "%s", parts[3]);
	if (strcmp(region, "us-east-1")) {
		snprintf(msg, msz, "Credential should be scoped to a valid region, not '%s'.",
			 region);
		return "SignatureDoesNotMatch";
	}
	if (strcmp(service, "route53") && strcmp(service, "route53domains")) {
		snprintf(msg, msz, "Credential should be scoped to correct service: 'route53'.");
		return "SignatureDoesNotMatch";
	}
	if (!parse_amz_date(date, &t) || strncmp(date, scope_date, 8)) {
		snprintf(msg, msz, "Authorization header requires existence of either a "
				   "'X-Amz-Date' or a 'Date' header.");
		return "IncompleteSignature";
	}
	if (t < time(NULL) - 300 || t > time(NULL) + 300) {
		snprintf(msg, msz, "Signature expired: %s is now earlier than the allowed window "
				   "(now - 5 min.)",
			 date);
		return "SignatureDoesNotMatch";
	}

	/* Canonical request */
	bool ok = cp_buf_printf(&cr, "%s\n", r->method);
	{
		struct cp_buf once = { 0 };

		/* Non-S3 services encode the path twice. */
		ok = ok && uri_encode(&once, r->path, true) && cp_buf_add(&once, "", 0) &&
		     uri_encode(&cr, once.data, true) && cp_buf_add(&cr, "\n", 1);
		cp_buf_done(&once);
	}
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
	ok = ok && !q.failed;
	if (q.n > 1)
		qsort(q.p, q.n, sizeof(*q.p), cmp_param);
	for (size_t i = 0; i < q.n && ok; i++)
		ok = cp_buf_printf(&cr, "%s%s=%s", i ? "&" : "", q.p[i].k, q.p[i].v);
	for (size_t i = 0; i < q.n; i++) {
		free(q.p[i].k);
		free(q.p[i].v);
	}
	free(q.p);
	ok = ok && cp_buf_add(&cr, "\n", 1);
	{
		char hb[1024], *hsave = NULL;

		snprintf(hb, sizeof(hb), "%s", signed_h);
		for (char *name = strtok_r(hb, ";", &hsave); name && ok;
		     name = strtok_r(NULL, ";", &hsave)) {
			const char *v = cp_header(r, name);

			ok = cp_buf_printf(&cr, "%s:", name) && add_trimmed(&cr, v ? v : "") &&
			     cp_buf_add(&cr, "\n", 1);
		}
	}
	cp_sha256(r->body, r->body_len, h);
	hex(h, 32, hexbuf);
	ok = ok && cp_buf_printf(&cr, "\n%s\n%s", signed_h, hexbuf);
	if (!ok) {
		cp_buf_done(&cr);
		snprintf(msg, msz, "out of memory");
		return "InternalFailure";
	}
	cp_sha256(cr.data, cr.len, h);
	hex(h, 32, hexbuf);
	cp_buf_done(&cr);
	if (!cp_buf_printf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", date,
			   scope_date, region, service, hexbuf)) {
		cp_buf_done(&sts);
		return "InternalFailure";
	}
	{
		char kbuf[300];

		snprintf(kbuf, sizeof(kbuf), "AWS4%s", secret);
		cp_hmac_sha256(kbuf, strlen(kbuf), scope_date, strlen(scope_date), k1);
		cp_hmac_sha256(k1, 32, region, strlen(region), k2);
		cp_hmac_sha256(k2, 32, service, strlen(service), k1);
		cp_hmac_sha256(k1, 32, "aws4_request", 12, k2);
		cp_hmac_sha256(k2, 32, sts.data, sts.len, h);
	}
	cp_buf_done(&sts);
	hex(h, 32, want);
	if (!strcmp(want, sig))
		return NULL;
	return code;
}
