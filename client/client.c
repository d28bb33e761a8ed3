/* The transport: requests over one libcurl multi handle, signed with SigV4, held back by a
 * client-side rate limiter, retried with exponential backoff and full jitter. The blocking
 * calls queue the same requests and drive the multi handle until theirs completes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "client/client.h"
#include "client/private.h"

#define BODY_MAX (64L << 20) /* refuse responses beyond 64 MiB */
#define POOL_MAX 8

enum service { SVC_ROUTE53, SVC_DOMAINS };

struct req {
	struct r53_client *c;
	enum r53_op op;
	enum service svc;
	const char *method; /* static: "GET" "POST" "DELETE" */
	char *url;
	char *body; /* owned or NULL */
	char target[96];
	int attempt;	   /* attempts started */
	double first;	   /* time of the first attempt, 0 before */
	double not_before; /* backoff: no start before this */
	CURL *easy;
	struct curl_slist *hdr;
	char *resp;
	size_t resp_len, resp_cap;
	bool resp_too_big;
	char errbuf[CURL_ERROR_SIZE];
	r53_done_fn done;
	void *user;
	struct req *next;
};

struct r53_client {
	CURLM *multi;
	CURL *pool[POOL_MAX];
	int npool;
	struct r53_credentials creds;
	bool signed_requests;
	char userpwd[260];
	char *token_header; /* "X-Amz-Security-Token: ..." or NULL */
	char endpoint[512], domains_endpoint[512];
	char sigv4[64], sigv4_domains[64];
	char profile[128];
	double max_rps, tokens, last_refill;
	int max_attempts;
	long connect_timeout_ms, timeout_ms, retry_base_ms, retry_total_ms;
	struct req *waiting; /* not started: limiter or backoff */
	struct req *running;
	unsigned long nrequests;
	unsigned int seed;
	/* the last finished Route 53 request (not Domains): answered or not (r53_client_contact) */
	int contact; /* -1 none yet */
	unsigned long ncontacts;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
env_long(const char *name, long dflt)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno || *end ? dflt : n;
}

static double
env_double(const char *name, double dflt)
{
	const char *v = getenv(name);
	char *end;
	double d;

	if (!v || !*v)
		return dflt;
	d = strtod(v, &end);
	return *end ? dflt : d;
}

/* Endpoint from the flag, then each env var in turn, then the default; trailing '/' dropped. */
static void
pick_endpoint(char *out, size_t outsz, const char *flag, const char *env1, const char *env2,
	      const char *dflt)
{
	const char *v = flag;

	if (!v || !*v)
		v = getenv(env1);
	if (!v || !*v)
		v = getenv(env2);
	if (!v || !*v)
		v = dflt;
	snprintf(out, outsz, "%s", v);
	while (*out && out[strlen(out) - 1] == '/')
		out[strlen(out) - 1] = '\0';
}

/* China and GovCloud sign with their own region; everything else with us-east-1. */
static void
sigv4_param(char *out, size_t outsz, const char *endpoint, const char *service)
{
	const char *region = "us-east-1";
	char host[256];
	const char *h = strstr(endpoint, "://");

	snprintf(host, sizeof(host), "%s", h ? h + 3 : endpoint);
	host[strcspn(host, "/:")] = '\0';
	if (strlen(host) > 3 && !strcmp(host + strlen(host) - 3, ".cn"))
		region = "cn-northwest-1";
	else if (strstr(host, "us-gov"))
		region = "us-gov-west-1";
	snprintf(out, outsz, "aws:amz:%s:%s", region, service);
}

/* http://127.x.y.z, http://localhost, http://[::1] */
static bool
is_loopback(const char *url)
{
	const char *h = strstr(url, "://");
	char host[256];

	snprintf(host, sizeof(host), "%s", h ? h + 3 : url);
	if (host[0] == '[')
		return !strncmp(host, "[::1]", 5);
	host[strcspn(host, ":/")] = '\0';
	return !strncmp(host, "127.", 4) || !strcmp(host, "localhost");
}

enum r53_code
r53_client_new(const struct r53_client_config *cfg, struct r53_client **out, struct r53_error *err)
{
	static const struct r53_client_config none = { 0 };
	struct r53_client *c;
	static bool global_done;

	*out = NULL;
	if (!cfg)
		cfg = &none;
	if (!global_done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global_done = true;
	}
	if (!(c = calloc(1, sizeof(*c))))
		return r53_error_set(err, R53_NOMEM, "client", "out of memory");
	if (!cfg->no_credentials) {
		if (r53_credentials_resolve(cfg->profile, &c->creds, err) != R53_OK) {
			free(c);
			return err ? err->code : R53_AUTH;
		}
		c->signed_requests = true;
		snprintf(c->userpwd, sizeof(c->userpwd), "%s:%s", c->creds.access_key,
			 c->creds.secret_key);
		if (c->creds.session_token) {
			size_t n = strlen(c->creds.session_token) + 32;

			if ((c->token_header = malloc(n)))
				snprintf(c->token_header, n, "X-Amz-Security-Token: %s",
					 c->creds.session_token);
		}
	} else {
		snprintf(c->creds.source, sizeof(c->creds.source), "none");
	}
	snprintf(c->profile, sizeof(c->profile), "%s",
		 cfg->profile		  ? cfg->profile
		 : getenv("AWS_PROFILE") && *getenv("AWS_PROFILE") ? getenv("AWS_PROFILE")
								   : "default");
	pick_endpoint(c->endpoint, sizeof(c->endpoint), cfg->endpoint_url,
		      "AWS_ENDPOINT_URL_ROUTE_53", "AWS_ENDPOINT_URL",
		      "https://route53.amazonaws.com");
	pick_endpoint(c->domains_endpoint, sizeof(c->domains_endpoint), cfg->domains_endpoint_url,
		      "AWS_ENDPOINT_URL_ROUTE_53_DOMAINS", "AWS_ENDPOINT_URL",
		      "https://route53domains.us-east-1.amazonaws.com");
	sigv4_param(c->sigv4, sizeof(c->sigv4), c->endpoint, "route53");
	sigv4_param(c->sigv4_domains, sizeof(c->sigv4_domains), c->domains_endpoint,
		    "route53domains");
	/* Route 53 allows 5 requests/second per account. A stand-in on loopback (r53-local) has no
	 * such quota, so the limiter only applies there when asked for. */
	c->max_rps = cfg->max_rps ? cfg->max_rps
				  : env_double("R53_MAX_RPS", is_loopback(c->endpoint) ? 0 : 5.0);
	c->tokens = c->max_rps > 1 ? c->max_rps : 1;
	c->last_refill = now_s();
	c->max_attempts = cfg->max_attempts ? cfg->max_attempts : (int)env_long("AWS_MAX_ATTEMPTS", 5);
	if (c->max_attempts < 1)
		c->max_attempts = 1;
	c->connect_timeout_ms = cfg->connect_timeout_ms ? cfg->connect_timeout_ms : 5000;
	c->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : env_long("R53_TIMEOUT_MS", 30000);
	c->retry_base_ms = cfg->retry_base_ms ? cfg->retry_base_ms : env_long("R53_RETRY_BASE_MS", 200);
	c->retry_total_ms = cfg->retry_total_ms ? cfg->retry_total_ms : 60000;
	c->seed = (unsigned int)(time(NULL) ^ getpid());
	c->contact = -1;
	if (!(c->multi = curl_multi_init())) {
		r53_client_free(&c);
		return r53_error_set(err, R53_NOMEM, "client", "cannot create a curl multi handle");
	}
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
	*out = c;
	return R53_OK;
}

static void
req_free(struct req *r)
{
	if (!r)
		return;
	free(r->url);
	free(r->body);
	free(r->resp);
	curl_slist_free_all(r->hdr);
	free(r);
}

void
r53_client_free(struct r53_client **cp)
{
	struct r53_client *c;

	if (!cp || !(c = *cp))
		return;
	for (struct req *r = c->running, *n; r; r = n) {
		n = r->next;
		curl_multi_remove_handle(c->multi, r->easy);
		curl_easy_cleanup(r->easy);
		req_free(r);
	}
	for (struct req *r = c->waiting, *n; r; r = n) {
		n = r->next;
		req_free(r);
	}
	for (int i = 0; i < c->npool; i++)
		curl_easy_cleanup(c->pool[i]);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	r53_credentials_done(&c->creds);
	memset(c->userpwd, 0, sizeof(c->userpwd));
	if (c->token_header) {
		memset(c->token_header, 0, strlen(c->token_header));
		free(c->token_header);
	}
	free(c);
	*cp = NULL;
}

const char *
r53_client_endpoint(const struct r53_client *c)
{
	return c->endpoint;
}

const char *
r53_client_domains_endpoint(const struct r53_client *c)
{
	return c->domains_endpoint;
}

const char *
r53_client_profile(const struct r53_client *c)
{
	return c->profile;
}

const char *
r53_client_credential_source(const struct r53_client *c)
{
	return c->creds.source;
}

unsigned long
r53_client_request_count(const struct r53_client *c)
{
	return c->nrequests;
}

int
r53_client_contact(const struct r53_client *c, unsigned long *serial)
{
	if (serial)
		*serial = c->ncontacts;
	return c->contact;
}

void *
r53_client_multi_handle(struct r53_client *c)
{
	return c->multi;
}

/*
 * Starting a request
 */

static size_t
body_write(char *p, size_t size, size_t n, void *ud)
{
	struct req *r = ud;
	size_t len = size * n;

	if (r->resp_len + len + 1 > (size_t)BODY_MAX) {
		r->resp_too_big = true;
		return 0;
	}
	if (r->resp_len + len + 1 > r->resp_cap) {
		size_t ncap = r->resp_cap ? r->resp_cap : 16384;
		char *q;

		while (ncap < r->resp_len + len + 1)
			ncap *= 2;
		if (!(q = realloc(r->resp, ncap)))
			return 0;
		r->resp = q;
		r->resp_cap = ncap;
	}
	memcpy(r->resp + r->resp_len, p, len);
	r->resp_len += len;
	r->resp[r->resp_len] = '\0';
	return len;
}

static CURL *
easy_get(struct r53_client *c)
{
	CURL *h;

	if (c->npool > 0) {
		h = c->pool[--c->npool];
		/* No stale POSTFIELDS/CUSTOMREQUEST may survive into the next signature. */
		curl_easy_reset(h);
		return h;
	}
	return curl_easy_init();
}

static void
easy_put(struct r53_client *c, CURL *h)
{
	if (!h)
		return;
	if (c->npool < POOL_MAX)
		c->pool[c->npool++] = h;
	else
		curl_easy_cleanup(h);
}

static bool
req_start(struct r53_client *c, struct req *r)
{
	CURL *h = easy_get(c);

	if (!h)
		return false;
	r->easy = h;
	r->resp_len = 0;
	r->resp_too_big = false;
	r->errbuf[0] = '\0';
	curl_slist_free_all(r->hdr);
	r->hdr = NULL;
	curl_easy_setopt(h, CURLOPT_URL, r->url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, r);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_USERAGENT, "r53/0.1");
	if (c->signed_requests) {
		curl_easy_setopt(h, CURLOPT_AWS_SIGV4,
				 r->svc == SVC_DOMAINS ? c->sigv4_domains : c->sigv4);
		curl_easy_setopt(h, CURLOPT_USERPWD, c->userpwd);
		if (c->token_header)
			r->hdr = curl_slist_append(r->hdr, c->token_header);
	}
	if (r->svc == SVC_DOMAINS) {
		char t[160];

		snprintf(t, sizeof(t), "X-Amz-Target: Route53Domains_v20140515.%s", r->target);
		r->hdr = curl_slist_append(r->hdr, "Content-Type: application/x-amz-json-1.1");
		r->hdr = curl_slist_append(r->hdr, t);
	} else if (r->body) {
		r->hdr = curl_slist_append(r->hdr, "Content-Type: application/xml");
	}
	if (r->hdr)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->hdr);
	if (!strcmp(r->method, "POST")) {
		/* POSTFIELDS, not a read callback: curl hashes only these into the signature. */
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(r->body ? strlen(r->body) : 0));
	} else if (!strcmp(r->method, "DELETE")) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
	} else {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	if (curl_multi_add_handle(c->multi, h) != CURLM_OK) {
		easy_put(c, h);
		r->easy = NULL;
		return false;
	}
	r->attempt++;
	if (!r->first)
		r->first = now_s();
	c->nrequests++;
	r->next = c->running;
	c->running = r;
	return true;
}

/* Refills the token bucket; true when a request may start now (and takes a token). */
static bool
limiter_take(struct r53_client *c, double now, bool take)
{
	double cap;

	if (c->max_rps <= 0)
		return true;
	cap = c->max_rps > 1 ? c->max_rps : 1;
	c->tokens += (now - c->last_refill) * c->max_rps;
	if (c->tokens > cap)
		c->tokens = cap;
	c->last_refill = now;
	if (c->tokens < 1)
		return false;
	if (take)
		c->tokens -= 1;
	return true;
}

/* Seconds until the limiter has a token. */
static double
limiter_wait(const struct r53_client *c)
{
	if (c->max_rps <= 0 || c->tokens >= 1)
		return 0;
	return (1 - c->tokens) / c->max_rps;
}

static void
complete(struct r53_client *c, struct req *r, const struct r53_error *err, struct r53_page *page)
{
	r53_done_fn done = r->done;
	void *user = r->user;
	enum r53_op op = r->op;

	req_free(r);
	done(c, op, err, page, user);
}

/* Starts waiting requests whose time has come, oldest first, as the limiter allows. */
static void
start_waiting(struct r53_client *c)
{
	double now = now_s();
	struct req **pp = &c->waiting;

	/* The list is newest-first; find ready requests from the tail for FIFO order. */
	for (;;) {
		struct req **best = NULL;

		for (pp = &c->waiting; *pp; pp = &(*pp)->next)
			if ((*pp)->not_before <= now)
				best = pp;
		if (!best || !limiter_take(c, now, true))
			return;
		{
			struct req *r = *best;

			*best = r->next;
			if (!req_start(c, r)) {
				struct r53_error e = { 0 };
				struct r53_page page;

				r53_page_init(&page);
				r53_error_set(&e, R53_NOMEM, r53_op_name(r->op),
					      "%s: cannot start the request", r53_op_name(r->op));
				complete(c, r, &e, &page);
				r53_page_done(&page);
			}
		}
	}
}

static enum r53_code
submit(struct r53_client *c, enum r53_op op, const char *method, char *url, char *body,
       r53_done_fn done, void *user, struct r53_error *err)
{
	struct req *r;

	if (!url || (body == NULL && !strcmp(method, "POST"))) {
		free(url);
		free(body);
		return r53_error_set(err, R53_NOMEM, r53_op_name(op), "out of memory");
	}
	if (!(r = calloc(1, sizeof(*r)))) {
		free(url);
		free(body);
		return r53_error_set(err, R53_NOMEM, r53_op_name(op), "out of memory");
	}
	r->c = c;
	r->op = op;
	r->svc = r53_op_is_domains(op) ? SVC_DOMAINS : SVC_ROUTE53;
	r->method = method;
	r->url = url;
	r->body = body;
	snprintf(r->target, sizeof(r->target), "%s", r53_op_name(op));
	r->done = done;
	r->user = user;
	r->next = c->waiting;
	c->waiting = r;
	start_waiting(c);
	return R53_OK;
}

/*
 * Finishing a request
 */

static bool
curl_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

static bool
code_retryable(const char *code, long status)
{
	static const char *const codes[] = { "Throttling", "ThrottlingException",
					     "PriorRequestNotComplete", "RequestLimitExceeded",
					     "TooManyRequestsException", "RequestTimeout", NULL };

	if (status >= 500 || status == 429)
		return true;
	for (const char *const *p = codes; *p; p++)
		if (!strcmp(code, *p))
			return true;
	return false;
}

/* Backoff before attempt @attempt+1: full jitter over min(cap, base * 2^(attempt-1)). */
static double
backoff_s(struct r53_client *c, int attempt)
{
	double cap = 20.0, base = (double)c->retry_base_ms / 1000.0, d = base;

	for (int i = 1; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	return d * ((double)rand_r(&c->seed) / ((double)RAND_MAX + 1.0));
}

/* true when @r was re-queued for another attempt. */
static bool
retry_later(struct r53_client *c, struct req *r)
{
	double now = now_s(), delay;

	if (r->attempt >= c->max_attempts)
		return false;
	delay = backoff_s(c, r->attempt);
	if ((now + delay - r->first) * 1000.0 > (double)c->retry_total_ms)
		return false;
	r->not_before = now + delay;
	r->next = c->waiting;
	c->waiting = r;
	return true;
}

static void
finish(struct r53_client *c, struct req *r, CURLcode rc)
{
	struct r53_error e = { 0 };
	struct r53_page page;
	long status = 0;
	const char *what = r53_op_name(r->op);

	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(c->multi, r->easy);
	easy_put(c, r->easy);
	r->easy = NULL;
	r53_page_init(&page);
	if (rc != CURLE_OK) {
		if (curl_retryable(rc) && retry_later(c, r))
			return;
		if (r->svc == SVC_ROUTE53) {
			c->contact = r->resp_too_big; /* a response too big is an answer */
			c->ncontacts++;
		}
		if (r->resp_too_big)
			r53_error_set(&e, R53_PARSE, what, "%s: the response is over %ld MiB", what,
				      BODY_MAX >> 20);
		else
			r53_error_set(&e, R53_HTTP, what, "%s: cannot reach %s: %s%s", what,
				      r->svc == SVC_DOMAINS ? c->domains_endpoint : c->endpoint,
				      r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc),
				      r->attempt > 1 ? " (after retries)" : "");
		complete(c, r, &e, &page);
	} else if (status >= 200 && status < 300) {
		if (r->svc == SVC_ROUTE53) {
			c->contact = 1;
			c->ncontacts++;
		}
		if (r53_decode(r->op, r->resp ? r->resp : "", r->resp_len, &page, &e) != R53_OK) {
			r53_page_done(&page);
			complete(c, r, &e, &page);
		} else {
			complete(c, r, NULL, &page);
		}
	} else {
		char code[64];

		r53_decode_error(r->op, status, r->resp ? r->resp : "", r->resp_len, code,
				 sizeof(code), &e);
		if (code_retryable(code, status) && retry_later(c, r))
			return;
		if (r->svc == SVC_ROUTE53) { /* an error answer: Route 53 is there */
			c->contact = 1;
			c->ncontacts++;
		}
		complete(c, r, &e, &page);
	}
	r53_page_done(&page);
}

int
r53_client_perform(struct r53_client *c)
{
	int running = 0, left, pending = 0;
	CURLMsg *m;

	start_waiting(c);
	curl_multi_perform(c->multi, &running);
	while ((m = curl_multi_info_read(c->multi, &left))) {
		struct req *r = NULL, **pp;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		for (pp = &c->running; *pp; pp = &(*pp)->next)
			if (*pp == r) {
				*pp = r->next;
				break;
			}
		if (r)
			finish(c, r, m->data.result);
	}
	start_waiting(c);
	for (struct req *r = c->running; r; r = r->next)
		pending++;
	for (struct req *r = c->waiting; r; r = r->next)
		pending++;
	return pending;
}

long
r53_client_timeout_ms(struct r53_client *c)
{
	long t = -1, w;
	double now = now_s();

	if (c->running)
		curl_multi_timeout(c->multi, &t);
	for (struct req *r = c->waiting; r; r = r->next) {
		double d = r->not_before - now, lw;

		limiter_take(c, now, false);
		lw = limiter_wait(c);
		if (d < lw)
			d = lw;
		w = d <= 0 ? 0 : (long)(d * 1000.0) + 1;
		if (t < 0 || w < t)
			t = w;
	}
	return t;
}

int
r53_client_wait(struct r53_client *c, long max_ms)
{
	long t = r53_client_timeout_ms(c);

	if (t >= 0 && t < max_ms)
		max_ms = t;
	if (max_ms > 0)
		curl_multi_poll(c->multi, NULL, 0, (int)max_ms, NULL);
	return r53_client_perform(c);
}

/*
 * Building requests
 */

static char *
r53_url(struct r53_client *c, const char *path, const char *const *kv)
{
	char *q = kv ? r53_query_canonical(kv) : NULL, *url;
	size_t n = strlen(c->endpoint) + strlen(path) + (q ? strlen(q) : 0) + 32;

	if (kv && !q)
		return NULL;
	if ((url = malloc(n)))
		snprintf(url, n, "%s/2013-04-01/%s%s%s", c->endpoint, path, q && *q ? "?" : "",
			 q ? q : "");
	free(q);
	return url;
}

/* "hostedzone/<id><suffix>" with the id bare and encoded. */
static char *
id_path(const char *prefix, const char *id, const char *suffix)
{
	char *e = r53_uri_encode(r53_bare_id(id ? id : "")), *p;
	size_t n;

	if (!e)
		return NULL;
	n = strlen(prefix) + strlen(e) + strlen(suffix) + 2;
	if ((p = malloc(n)))
		snprintf(p, n, "%s/%s%s", prefix, e, suffix);
	free(e);
	return p;
}

static char *
url_for_id(struct r53_client *c, const char *prefix, const char *id, const char *suffix,
	   const char *const *kv)
{
	char *path = id_path(prefix, id, suffix), *url;

	if (!path)
		return NULL;
	url = r53_url(c, path, kv);
	free(path);
	return url;
}

static char *
domains_url(struct r53_client *c)
{
	size_t n = strlen(c->domains_endpoint) + 2;
	char *u = malloc(n);

	if (u)
		snprintf(u, n, "%s/", c->domains_endpoint);
	return u;
}

static char *
json_body(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	return s;
}

enum r53_code
r53_async_list_zones(struct r53_client *c, const char *marker, r53_done_fn done, void *user,
		     struct r53_error *err)
{
	const char *kv[] = { "marker", marker, "maxitems", "100", NULL };

	return submit(c, R53_OP_LIST_ZONES, "GET", r53_url(c, "hostedzone", kv), NULL, done, user,
		      err);
}

static enum r53_code
async_list_zones_by_name(struct r53_client *c, const char *dnsname, const char *zone_id,
			 r53_done_fn done, void *user, struct r53_error *err)
{
	const char *kv[] = { "dnsname", dnsname, "hostedzoneid", zone_id, "maxitems", "100", NULL };

	return submit(c, R53_OP_LIST_ZONES_BY_NAME, "GET", r53_url(c, "hostedzonesbyname", kv),
		      NULL, done, user, err);
}

enum r53_code
r53_async_get_zone(struct r53_client *c, const char *id, r53_done_fn done, void *user,
		   struct r53_error *err)
{
	return submit(c, R53_OP_GET_ZONE, "GET", url_for_id(c, "hostedzone", id, "", NULL), NULL,
		      done, user, err);
}

enum r53_code
r53_async_list_rrsets(struct r53_client *c, const char *zone_id, const char *start_name,
		      const char *start_type, const char *start_id, int maxitems, r53_done_fn done,
		      void *user, struct r53_error *err)
{
	char mi[16];
	const char *kv[] = { "identifier", start_id, "maxitems", mi, "name", start_name, "type",
			     start_name ? start_type : NULL, NULL };

	snprintf(mi, sizeof(mi), "%d", maxitems > 0 && maxitems <= 300 ? maxitems : 300);
	return submit(c, R53_OP_LIST_RRSETS, "GET", url_for_id(c, "hostedzone", zone_id, "/rrset", kv),
		      NULL, done, user, err);
}

enum r53_code
r53_async_change_rrsets(struct r53_client *c, const char *zone_id, const struct change_batch *b,
			r53_done_fn done, void *user, struct r53_error *err)
{
	char *body = r53_encode_change_batch(b, err);

	if (!body)
		return err ? err->code : R53_INVALID;
	return submit(c, R53_OP_CHANGE_RRSETS, "POST",
		      url_for_id(c, "hostedzone", zone_id, "/rrset/", NULL), body, done, user, err);
}

enum r53_code
r53_async_get_change(struct r53_client *c, const char *change_id, r53_done_fn done, void *user,
		     struct r53_error *err)
{
	return submit(c, R53_OP_GET_CHANGE, "GET", url_for_id(c, "change", change_id, "", NULL),
		      NULL, done, user, err);
}

enum r53_code
r53_async_list_health_checks(struct r53_client *c, const char *marker, r53_done_fn done,
			     void *user, struct r53_error *err)
{
	const char *kv[] = { "marker", marker, "maxitems", "100", NULL };

	return submit(c, R53_OP_LIST_HEALTH_CHECKS, "GET", r53_url(c, "healthcheck", kv), NULL,
		      done, user, err);
}

enum r53_code
r53_async_list_domains(struct r53_client *c, const char *marker, r53_done_fn done, void *user,
		       struct r53_error *err)
{
	json_t *o = json_object();

	if (o && marker)
		json_object_set_new(o, "Marker", json_string(marker));
	if (o)
		json_object_set_new(o, "MaxItems", json_integer(100));
	return submit(c, R53_OP_LIST_DOMAINS, "POST", domains_url(c), json_body(o), done, user, err);
}

enum r53_code
r53_async_get_domain(struct r53_client *c, const char *name, r53_done_fn done, void *user,
		     struct r53_error *err)
{
	json_t *o = json_object();
	char n[NAME_TEXT_MAX];

	/* Route 53 Domains wants the name without the trailing dot. */
	snprintf(n, sizeof(n), "%s", name);
	if (*n && n[strlen(n) - 1] == '.')
		n[strlen(n) - 1] = '\0';
	if (o)
		json_object_set_new(o, "DomainName", json_string(n));
	return submit(c, R53_OP_GET_DOMAIN, "POST", domains_url(c), json_body(o), done, user, err);
}

/*
 * Blocking calls
 */

struct sync_ctx {
	bool done;
	struct r53_error err;
	struct r53_page page;
};

static void
sync_done(struct r53_client *c, enum r53_op op, const struct r53_error *err, struct r53_page *page,
	  void *user)
{
	struct sync_ctx *s = user;

	s->done = true;
	if (err) {
		s->err = *err;
	} else {
		s->page = *page; /* take everything */
		r53_page_init(page);
	}
}

/* Waits for the request just submitted with sync_done/@s; on error copies it into @err. */
static enum r53_code
sync_wait(struct r53_client *c, enum r53_code submitted, struct sync_ctx *s, struct r53_error *err)
{
	if (submitted != R53_OK)
		return submitted;
	while (!s->done)
		r53_client_wait(c, 1000);
	if (s->err.code != R53_OK) {
		if (err && err->code == R53_OK)
			*err = s->err;
		return s->err.code;
	}
	return R53_OK;
}

static void
sync_init(struct sync_ctx *s)
{
	memset(s, 0, sizeof(*s));
	r53_page_init(&s->page);
}

/* Starts the request for the page after @marker (NULL: the first page). */
typedef enum r53_code (*list_start_fn)(struct r53_client *c, const char *marker,
				       r53_done_fn done, void *user, struct r53_error *err);
/* Moves a listed page's items to the end of the caller's list @out. */
typedef enum r53_code (*list_take_fn)(struct r53_page *page, void *out, struct r53_error *err);

/* Lists every page of a Marker/NextMarker listing, one request at a time, into @out. */
static enum r53_code
list_pages(struct r53_client *c, list_start_fn start, list_take_fn take, void *out,
	   struct r53_error *err)
{
	char *marker = NULL;
	enum r53_code rc;

	for (;;) {
		struct sync_ctx s;

		sync_init(&s);
		rc = sync_wait(c, start(c, marker, sync_done, &s, err), &s, err);
		free(marker);
		marker = NULL;
		if (rc != R53_OK)
			return rc;
		rc = take(&s.page, out, err);
		if (rc == R53_OK && s.page.truncated) {
			marker = s.page.next_marker;
			s.page.next_marker = NULL;
		}
		r53_page_done(&s.page); /* frees what take() left: moved items are empty */
		if (rc != R53_OK || !marker)
			return rc;
	}
}

static enum r53_code
take_zones(struct r53_page *page, void *out, struct r53_error *err)
{
	enum r53_code rc = R53_OK;

	for (size_t i = 0; i < page->zones.len && rc == R53_OK; i++)
		rc = zone_list_push(out, &page->zones.items[i], err);
	return rc;
}

enum r53_code
r53_list_zones(struct r53_client *c, struct zone_list *out, struct r53_error *err)
{
	return list_pages(c, r53_async_list_zones, take_zones, out, err);
}

/* Moves the first zone of @p into @out. */
static enum r53_code
take_zone(struct r53_page *p, struct zone *out, const char *what, struct r53_error *err)
{
	if (!p->zones.len)
		return r53_error_set(err, R53_PARSE, what, "%s: no zone in the answer", what);
	zone_done(out);
	*out = p->zones.items[0];
	zone_init(&p->zones.items[0]);
	return R53_OK;
}

enum r53_code
r53_get_zone(struct r53_client *c, const char *id, struct zone *out, struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_get_zone(c, id, sync_done, &s, err), &s, err);
	if (rc == R53_OK)
		rc = take_zone(&s.page, out, "GetHostedZone", err);
	r53_page_done(&s.page);
	return rc;
}

/* Looks like a zone id ("Z0123ABC", "/hostedzone/Z..."): no dot, upper-case letters/digits. */
static bool
looks_like_id(const char *s)
{
	const char *b = r53_bare_id(s);

	if (b != s)
		return true;
	if (!*b || strchr(b, '.'))
		return false;
	for (; *b; b++)
		if (!((*b >= 'A' && *b <= 'Z') || (*b >= '0' && *b <= '9')))
			return false;
	return true;
}

enum r53_code
r53_find_zone(struct r53_client *c, const char *arg, struct zone *out, struct r53_error *err)
{
	char canon[NAME_TEXT_MAX];
	struct zone_list matches = { 0 };
	struct r53_error e = { 0 };
	enum r53_code rc;

	if (looks_like_id(arg)) {
		rc = r53_get_zone(c, arg, out, &e);
		if (rc == R53_OK || strcmp(e.where, "NoSuchHostedZone") || strchr(arg, '/')) {
			if (rc != R53_OK && err && !err->code)
				*err = e;
			return rc;
		}
		r53_error_clear(&e); /* a name in capitals, perhaps: try it as a name */
	}
	if (name_canonical(arg, canon, sizeof(canon), &e) != R53_OK)
		return r53_error_set(err, R53_USAGE, "zone", "'%.100s' is neither a zone id nor a "
				     "valid zone name: %s", arg, e.text);
	{
		struct sync_ctx s;
		bool fallback = false;

		sync_init(&s);
		rc = sync_wait(c, async_list_zones_by_name(c, canon, NULL, sync_done, &s, &e), &s,
			       &e);
		if (rc == R53_AWS && !code_retryable(e.where, 0) && strncmp(e.where, "Access", 6) &&
		    strcmp(e.where, "SignatureDoesNotMatch") && strcmp(e.where, "InvalidClientTokenId"))
			fallback = true; /* a peer without ListHostedZonesByName */
		else if (rc != R53_OK) {
			r53_page_done(&s.page);
			if (err && !err->code)
				*err = e;
			return rc;
		}
		if (fallback) {
			r53_page_done(&s.page);
			if ((rc = r53_list_zones(c, &s.page.zones, err)) != R53_OK) {
				zone_list_done(&s.page.zones);
				return rc;
			}
		}
		/* ByName starts at the name; matches come first. One page holds 100. */
		for (size_t i = 0; i < s.page.zones.len; i++)
			if (!strcmp(s.page.zones.items[i].name, canon) &&
			    (rc = zone_list_push(&matches, &s.page.zones.items[i], err)) != R53_OK)
				break;
		r53_page_done(&s.page);
		if (rc != R53_OK) {
			zone_list_done(&matches);
			return rc;
		}
	}
	if (matches.len == 0) {
		zone_list_done(&matches);
		return r53_error_set(err, R53_NOTFOUND, "zone",
				     "no hosted zone is named %s (r53 zones lists them)", canon);
	}
	if (matches.len > 1) {
		char ids[200] = "";
		size_t n = 0;

		for (size_t i = 0; i < matches.len && n < sizeof(ids); i++)
			n += snprintf(ids + n, sizeof(ids) - n, "%s%s (%s)", i ? ", " : "",
				      matches.items[i].id,
				      matches.items[i].private_zone ? "private" : "public");
		r53_error_set(err, R53_CONFLICT, "zone",
			      "%zu hosted zones are named %s: %s; give the id instead", matches.len,
			      canon, ids);
		zone_list_done(&matches);
		return R53_CONFLICT;
	}
	rc = r53_get_zone(c, matches.items[0].id, out, err);
	zone_list_done(&matches);
	return rc;
}

enum r53_code
r53_list_rrsets(struct r53_client *c, const char *zone_id, struct rrset_list *out,
		struct r53_error *err)
{
	char *name = NULL, *type = NULL, *id = NULL;
	enum r53_code rc;

	for (;;) {
		struct sync_ctx s;

		sync_init(&s);
		rc = sync_wait(c,
			       r53_async_list_rrsets(c, zone_id, name, type, id, 300, sync_done, &s,
						     err),
			       &s, err);
		free(name);
		free(type);
		free(id);
		name = type = id = NULL;
		if (rc != R53_OK)
			return rc;
		for (size_t i = 0; i < s.page.rrsets.len && rc == R53_OK; i++) {
			rc = rrset_list_take(out, s.page.rrsets.items[i], err);
			s.page.rrsets.items[i] = NULL;
		}
		s.page.rrsets.len = 0;
		if (rc == R53_OK && s.page.truncated) {
			name = s.page.next_name;
			type = s.page.next_type;
			id = s.page.next_id;
			s.page.next_name = s.page.next_type = s.page.next_id = NULL;
		}
		r53_page_done(&s.page);
		if (rc != R53_OK || !name) {
			free(type);
			free(id);
			return rc;
		}
	}
}

enum r53_code
r53_get_rrsets(struct r53_client *c, const char *zone_id, const char *name, enum rr_type type,
	       struct rrset_list *out, struct r53_error *err)
{
	char *id = NULL;
	enum r53_code rc;

	for (;;) {
		struct sync_ctx s;
		bool more = false;

		sync_init(&s);
		rc = sync_wait(c,
			       r53_async_list_rrsets(c, zone_id, name, rr_type_name(type), id, 100,
						     sync_done, &s, err),
			       &s, err);
		free(id);
		id = NULL;
		if (rc != R53_OK)
			return rc;
		for (size_t i = 0; i < s.page.rrsets.len && rc == R53_OK; i++) {
			struct rrset *rr = s.page.rrsets.items[i];

			if (rr->type != type || strcmp(rr->name, name))
				continue;
			s.page.rrsets.items[i] = NULL;
			rc = rrset_list_take(out, rr, err);
		}
		/* Routing sets of one name+type can spill onto the next page. */
		if (rc == R53_OK && s.page.truncated && s.page.next_name && s.page.next_type &&
		    !strcmp(s.page.next_name, name) && !strcmp(s.page.next_type, rr_type_name(type)) &&
		    s.page.next_id) {
			id = s.page.next_id;
			s.page.next_id = NULL;
			more = true;
		}
		/* rrset_list_done frees NULL slots fine? free(NULL) is fine in rrset_free. */
		r53_page_done(&s.page);
		if (rc != R53_OK || !more)
			return rc;
	}
}

enum r53_code
r53_change_rrsets(struct r53_client *c, const char *zone_id, const struct change_batch *b,
		  struct change_info *out, struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_change_rrsets(c, zone_id, b, sync_done, &s, err), &s, err);
	if (rc == R53_OK && out)
		*out = s.page.change;
	r53_page_done(&s.page);
	return rc;
}

enum r53_code
r53_get_change(struct r53_client *c, const char *change_id, struct change_info *out,
	       struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_get_change(c, change_id, sync_done, &s, err), &s, err);
	if (rc == R53_OK && out)
		*out = s.page.change;
	r53_page_done(&s.page);
	return rc;
}

enum r53_code
r53_wait_change(struct r53_client *c, const char *change_id, long interval_ms, long timeout_ms,
		struct change_info *out, struct r53_error *err)
{
	double deadline = now_s() + (double)timeout_ms / 1000.0;
	struct change_info ci;
	enum r53_code rc;

	if (interval_ms <= 0)
		interval_ms = 1000;
	for (;;) {
		memset(&ci, 0, sizeof(ci));
		if ((rc = r53_get_change(c, change_id, &ci, err)) != R53_OK)
			return rc;
		if (out)
			*out = ci;
		if (!strcmp(ci.status, "INSYNC"))
			return R53_OK;
		if (now_s() + (double)interval_ms / 1000.0 > deadline)
			return r53_error_set(err, R53_HTTP, "GetChange",
					     "change %s is still %s after %ld seconds", ci.id,
					     ci.status, timeout_ms / 1000);
		/* Nothing pending: curl_multi_poll simply waits the interval. */
		r53_client_wait(c, interval_ms);
	}
}

enum r53_code
r53_async_create_zone(struct r53_client *c, const char *name, const char *comment,
		      r53_done_fn done, void *user, struct r53_error *err)
{
	return r53_async_create_zone_vpc(c, name, comment, NULL, NULL, done, user, err);
}

/* A caller reference no other request of ours used: time, process, a random number. */
static void
caller_ref(struct r53_client *c, char *ref, size_t refsz)
{
	snprintf(ref, refsz, "r53-%ld-%d-%u", (long)time(NULL), (int)getpid(),
		 (unsigned)rand_r(&c->seed));
}

enum r53_code
r53_async_create_zone_vpc(struct r53_client *c, const char *name, const char *comment,
			  const char *vpc_id, const char *vpc_region, r53_done_fn done,
			  void *user, struct r53_error *err)
{
	char ref[80], canon[NAME_TEXT_MAX];
	char *body;

	if (name_canonical(name, canon, sizeof(canon), err) != R53_OK)
		return R53_INVALID;
	caller_ref(c, ref, sizeof(ref));
	if (!(body = r53_encode_create_zone_vpc(canon, ref, comment, vpc_id, vpc_region, err)))
		return R53_NOMEM;
	return submit(c, R53_OP_CREATE_ZONE, "POST", r53_url(c, "hostedzone", NULL), body, done,
		      user, err);
}

enum r53_code
r53_async_delete_zone(struct r53_client *c, const char *id, r53_done_fn done, void *user,
		      struct r53_error *err)
{
	return submit(c, R53_OP_DELETE_ZONE, "DELETE", url_for_id(c, "hostedzone", id, "", NULL),
		      NULL, done, user, err);
}

enum r53_code
r53_async_create_health_check(struct r53_client *c, const struct health_check *h,
			      r53_done_fn done, void *user, struct r53_error *err)
{
	char ref[80];
	char *body;

	caller_ref(c, ref, sizeof(ref));
	if (!(body = r53_encode_create_health_check(h, ref, err)))
		return R53_NOMEM;
	return submit(c, R53_OP_CREATE_HEALTH_CHECK, "POST", r53_url(c, "healthcheck", NULL), body,
		      done, user, err);
}

enum r53_code
r53_async_delete_health_check(struct r53_client *c, const char *id, r53_done_fn done,
			      void *user, struct r53_error *err)
{
	return submit(c, R53_OP_DELETE_HEALTH_CHECK, "DELETE",
		      url_for_id(c, "healthcheck", id, "", NULL), NULL, done, user, err);
}

enum r53_code
r53_create_zone(struct r53_client *c, const char *name, const char *comment, struct zone *out,
		struct change_info *change, struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_create_zone(c, name, comment, sync_done, &s, err), &s, err);
	if (rc == R53_OK && out)
		rc = take_zone(&s.page, out, "CreateHostedZone", err);
	if (rc == R53_OK && change)
		*change = s.page.change;
	r53_page_done(&s.page);
	return rc;
}

enum r53_code
r53_delete_zone(struct r53_client *c, const char *id, struct change_info *out,
		struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_delete_zone(c, id, sync_done, &s, err), &s, err);
	if (rc == R53_OK && out)
		*out = s.page.change;
	r53_page_done(&s.page);
	return rc;
}

static enum r53_code
take_checks(struct r53_page *page, void *list, struct r53_error *err)
{
	struct health_check_list *out = list;

	for (size_t i = 0; i < page->checks.len; i++) {
		if (out->len == out->cap) {
			size_t ncap = out->cap ? out->cap * 2 : 16;
			void *p = realloc(out->items, ncap * sizeof(*out->items));

			if (!p)
				return r53_error_set(err, R53_NOMEM, "health checks",
						     "out of memory");
			out->items = p;
			out->cap = ncap;
		}
		out->items[out->len++] = page->checks.items[i];
		health_check_init(&page->checks.items[i]);
	}
	return R53_OK;
}

enum r53_code
r53_list_health_checks(struct r53_client *c, struct health_check_list *out, struct r53_error *err)
{
	return list_pages(c, r53_async_list_health_checks, take_checks, out, err);
}

enum r53_code
r53_get_health_check(struct r53_client *c, const char *id, struct health_check *out,
		     struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c,
		       submit(c, R53_OP_GET_HEALTH_CHECK, "GET",
			      url_for_id(c, "healthcheck", id, "", NULL), NULL, sync_done, &s, err),
		       &s, err);
	if (rc == R53_OK) {
		if (!s.page.checks.len) {
			rc = r53_error_set(err, R53_PARSE, "GetHealthCheck", "no health check");
		} else {
			health_check_done(out);
			*out = s.page.checks.items[0];
			health_check_init(&s.page.checks.items[0]);
		}
	}
	r53_page_done(&s.page);
	return rc;
}

enum r53_code
r53_async_get_health_check_status(struct r53_client *c, const char *id, r53_done_fn done,
				  void *user, struct r53_error *err)
{
	return submit(c, R53_OP_GET_HEALTH_CHECK_STATUS, "GET",
		      url_for_id(c, "healthcheck", id, "/status", NULL), NULL, done, user, err);
}

int
r53_observations_healthy(const struct r53_page *page)
{
	int h = page->nobservations ? 1 : -1;

	for (size_t i = 0; i < page->nobservations; i++)
		if (strncmp(page->observations[i].status, "Success", 7))
			h = 0;
	return h;
}

enum r53_code
r53_get_health_check_status(struct r53_client *c, const char *id, int *healthy,
			    struct health_observation **obs, size_t *nobs, struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_get_health_check_status(c, id, sync_done, &s, err), &s, err);
	if (rc == R53_OK) {
		if (healthy)
			*healthy = r53_observations_healthy(&s.page);
		if (obs) {
			*obs = s.page.observations;
			*nobs = s.page.nobservations;
			s.page.observations = NULL;
		}
	}
	r53_page_done(&s.page);
	return rc;
}

static enum r53_code
take_domains(struct r53_page *page, void *out, struct r53_error *err)
{
	enum r53_code rc = R53_OK;

	for (size_t i = 0; i < page->domains.len && rc == R53_OK; i++)
		rc = domain_list_push(out, &page->domains.items[i], err);
	return rc;
}

enum r53_code
r53_list_domains(struct r53_client *c, struct domain_list *out, struct r53_error *err)
{
	return list_pages(c, r53_async_list_domains, take_domains, out, err);
}

enum r53_code
r53_get_domain(struct r53_client *c, const char *name, struct domain *out, struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_get_domain(c, name, sync_done, &s, err), &s, err);
	if (rc == R53_OK) {
		if (!s.page.domains.len) {
			rc = r53_error_set(err, R53_PARSE, "GetDomainDetail", "no domain");
		} else {
			domain_done(out);
			*out = s.page.domains.items[0];
			domain_init(&s.page.domains.items[0]);
		}
	}
	r53_page_done(&s.page);
	return rc;
}

enum r53_code
r53_async_update_domain_ns(struct r53_client *c, const char *name, const char *const *ns,
			   size_t nns, r53_done_fn done, void *user, struct r53_error *err)
{
	json_t *o = json_object(), *arr = json_array();
	char n[NAME_TEXT_MAX];

	snprintf(n, sizeof(n), "%s", name);
	if (*n && n[strlen(n) - 1] == '.')
		n[strlen(n) - 1] = '\0';
	if (o && arr) {
		json_object_set_new(o, "DomainName", json_string(n));
		for (size_t i = 0; i < nns; i++) {
			json_t *e = json_object();
			char h[NAME_TEXT_MAX];

			snprintf(h, sizeof(h), "%s", ns[i]);
			if (*h && h[strlen(h) - 1] == '.')
				h[strlen(h) - 1] = '\0';
			if (e) {
				json_object_set_new(e, "Name", json_string(h));
				json_array_append_new(arr, e);
			}
		}
		json_object_set_new(o, "Nameservers", arr);
		arr = NULL;
	}
	json_decref(arr);
	return submit(c, R53_OP_UPDATE_DOMAIN_NS, "POST", domains_url(c), json_body(o), done, user,
		      err);
}

enum r53_code
r53_update_domain_ns(struct r53_client *c, const char *name, const char *const *ns, size_t nns,
		     struct domain_operation *op, struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_update_domain_ns(c, name, ns, nns, sync_done, &s, err), &s,
		       err);
	if (rc == R53_OK && op)
		*op = s.page.operation;
	r53_page_done(&s.page);
	return rc;
}

enum r53_code
r53_async_get_operation(struct r53_client *c, const char *op_id, r53_done_fn done, void *user,
			struct r53_error *err)
{
	json_t *o = json_object();

	if (o)
		json_object_set_new(o, "OperationId", json_string(op_id));
	return submit(c, R53_OP_GET_OPERATION, "POST", domains_url(c), json_body(o), done, user,
		      err);
}

enum r53_code
r53_get_operation(struct r53_client *c, const char *op_id, struct domain_operation *out,
		  struct r53_error *err)
{
	struct sync_ctx s;
	enum r53_code rc;

	sync_init(&s);
	rc = sync_wait(c, r53_async_get_operation(c, op_id, sync_done, &s, err), &s, err);
	if (rc == R53_OK && out)
		*out = s.page.operation;
	r53_page_done(&s.page);
	return rc;
}
