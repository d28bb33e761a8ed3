/* r53 client: Route 53 (REST/XML) and Route 53 Domains (JSON) over libcurl, signed with SigV4.
 *
 * Two ways in, one code path underneath:
 *  - blocking calls (r53_list_zones, r53_list_rrsets, ...) for the non-interactive subcommands;
 *    they paginate fully and return when done;
 *  - non-blocking page requests (r53_async_*) for the TUI loop: the caller polls the multi handle
 *    (curl_multi_poll with its own fds, or r53_client_wait), calls r53_client_perform(), and the
 *    completion callback runs from inside r53_client_perform().
 * Both build requests and decode responses with the same functions, share one rate limiter
 * (5 requests/second by default; none for a loopback endpoint unless R53_MAX_RPS is set) and
 * one retry policy (Throttling, PriorRequestNotComplete, 5xx, resets and timeouts: exponential
 * backoff with full jitter, bounded attempts and total time).
 *
 * Errors: R53_HTTP = the service could not be reached (DNS, refused, timeout after retries);
 * R53_AWS = the service answered with an error (err->where holds its code, e.g.
 * "NoSuchHostedZone", err->text one line: what failed, the code and message, what to do);
 * R53_AUTH = no credentials; R53_PARSE = a response r53 could not read. Secrets never appear in
 * an error text.
 *
 * Uses models/ only. Not thread-safe: one client per thread. */
#ifndef R53_CLIENT_CLIENT_H
#define R53_CLIENT_CLIENT_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "models/models.h"

struct r53_client;

/*
 * Set-up
 */

struct r53_client_config {
	const char *profile;		  /* --profile, or NULL (then env / AWS_PROFILE / default) */
	const char *endpoint_url;	  /* --endpoint-url, or NULL (then env, then AWS) */
	const char *domains_endpoint_url; /* --domains-endpoint-url, or NULL */
	double max_rps;			  /* requests per second; 0 = R53_MAX_RPS env, else 5 (none
					   * for a loopback endpoint); <0 none */
	int max_attempts;		  /* per request; 0 = AWS_MAX_ATTEMPTS env or 5 */
	long connect_timeout_ms;	  /* 0 = 5000 */
	long timeout_ms;		  /* per attempt; 0 = 30000 */
	long retry_base_ms;		  /* first backoff cap; 0 = R53_RETRY_BASE_MS env or 200 */
	long retry_total_ms;		  /* give up retrying after this; 0 = 60000 */
	bool no_credentials;		  /* skip credential lookup (tests of unsigned peers) */
};

/* Resolves credentials (see r53_credentials_resolve) and endpoints, creates the curl handles.
 * On error *out is NULL and err says what was tried. Caller frees with r53_client_free. */
enum r53_code r53_client_new(const struct r53_client_config *cfg, struct r53_client **out,
			     struct r53_error *err);
/* NULL-safe; cancels pending requests without calling their callbacks; sets *c = NULL. */
void r53_client_free(struct r53_client **c);

/* Borrowed strings, valid while the client lives. */
const char *r53_client_endpoint(const struct r53_client *c);	     /* "https://route53..." */
const char *r53_client_domains_endpoint(const struct r53_client *c);
const char *r53_client_profile(const struct r53_client *c);	     /* "default", "env", ... */
const char *r53_client_credential_source(const struct r53_client *c); /* "environment", ... */
/* Number of HTTP requests sent so far (retries included). */
unsigned long r53_client_request_count(const struct r53_client *c);
/* How the last finished Route 53 request went (retries done; Route 53 Domains not counted):
 * 1 Route 53 answered (an error answer too), 0 it could not be reached, -1 none finished yet.
 * *@serial (may be NULL) counts finished requests, so a caller can tell a new outcome. */
int r53_client_contact(const struct r53_client *c, unsigned long *serial);

/*
 * Credentials, in the AWS CLI's order
 */
struct r53_credentials {
	char access_key[128];
	char secret_key[128];
	char *session_token; /* owned or NULL */
	char source[96];     /* "environment", "profile dev (~/.aws/credentials)", "IMDSv2"... */
};
/* @profile: --profile or NULL. Order: --profile (credentials file, then config file, with
 * credential_process); AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
 * AWS_PROFILE (else "default") in AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials) and
 * AWS_CONFIG_FILE (~/.aws/config); else the EC2 instance metadata service, IMDSv2 (token first;
 * AWS_EC2_METADATA_SERVICE_ENDPOINT overrides, AWS_EC2_METADATA_DISABLED=true skips).
 * R53_AUTH when nothing is found: the message lists what was tried. */
enum r53_code r53_credentials_resolve(const char *profile, struct r53_credentials *out,
				      struct r53_error *err);
void r53_credentials_done(struct r53_credentials *cr);

/*
 * Results
 */

struct zone_list { /* embed by value; zone_list_done() frees items and their contents */
	struct zone *items;
	size_t len, cap;
};
void zone_list_done(struct zone_list *l);

struct health_check_list {
	struct health_check *items;
	size_t len, cap;
};
void health_check_list_done(struct health_check_list *l);

struct domain_list {
	struct domain *items;
	size_t len, cap;
};
void domain_list_done(struct domain_list *l);

struct change_info {
	char id[64];	     /* bare "C..." */
	char status[16];     /* "PENDING" | "INSYNC" */
	char submitted[40];  /* ISO 8601 as sent */
	char comment[260];
};

struct domain_operation {
	char id[128];
	char status[24];     /* SUBMITTED IN_PROGRESS ERROR SUCCESSFUL FAILED */
	char type[40];
	char domain[256];
	char message[256];
	char status_flag[40];
	double submitted;    /* Unix seconds, 0 unknown */
};

/* One observation of GetHealthCheckStatus. */
struct health_observation {
	char region[32];
	char ip[48];
	char status[200];
	char checked[40];
};

/* A decoded response page; every op fills the fields it has. r53_page_done frees them all. A
 * completion callback may move items out (and must then leave the lists empty). */
struct r53_page {
	struct zone_list zones;		/* ListHostedZones(ByName); Get/CreateHostedZone: 1 */
	struct rrset_list rrsets;	/* ListResourceRecordSets */
	struct health_check_list checks;/* ListHealthChecks; GetHealthCheck: 1 */
	struct domain_list domains;	/* ListDomains; GetDomainDetail: 1 */
	struct change_info change;	/* Change*, GetChange, Create/DeleteHostedZone */
	struct domain_operation operation; /* UpdateDomainNameservers, GetOperationDetail */
	struct health_observation *observations; /* GetHealthCheckStatus; owned */
	size_t nobservations;
	bool truncated;
	char *next_marker; /* owned or NULL: NextMarker / NextPageMarker / NextHostedZoneId */
	char *next_name;   /* owned or NULL: NextRecordName / NextDNSName */
	char *next_type;   /* owned or NULL: NextRecordType */
	char *next_id;	   /* owned or NULL: NextRecordIdentifier */
};
void r53_page_init(struct r53_page *p);
void r53_page_done(struct r53_page *p);

/*
 * Decoders and encoders (pure; used by the client and by tests/fuzzers on saved samples)
 */

enum r53_op {
	R53_OP_LIST_ZONES,
	R53_OP_LIST_ZONES_BY_NAME,
	R53_OP_GET_ZONE,
	R53_OP_CREATE_ZONE,
	R53_OP_DELETE_ZONE,
	R53_OP_LIST_RRSETS,
	R53_OP_CHANGE_RRSETS,
	R53_OP_GET_CHANGE,
	R53_OP_LIST_HEALTH_CHECKS,
	R53_OP_GET_HEALTH_CHECK,
	R53_OP_GET_HEALTH_CHECK_STATUS,
	R53_OP_CREATE_HEALTH_CHECK,
	R53_OP_DELETE_HEALTH_CHECK,
	R53_OP_LIST_DOMAINS, /* Domains ops from here on (r53_op_is_domains) */
	R53_OP_GET_DOMAIN,
	R53_OP_UPDATE_DOMAIN_NS,
	R53_OP_GET_OPERATION,
	R53_OP_COUNT
};
/* "ListHostedZones", ... */
const char *r53_op_name(enum r53_op op);
/* "zones", "rrsets", ... -> op (for codec-dump); false when unknown. */
bool r53_op_parse(const char *s, enum r53_op *out);

/* Decodes a successful response body of @op into @page (appends to its lists). Unknown
 * elements/keys are ignored. R53_PARSE with a message on anything malformed. */
enum r53_code r53_decode(enum r53_op op, const char *body, size_t len, struct r53_page *page,
			 struct r53_error *err);
/* Decodes an error body (XML ErrorResponse, legacy InvalidChangeBatch, or Domains JSON) for an
 * HTTP @status into err: code R53_AWS, where = AWS code, text = "<Op> failed: <Code>: <msg>
 * (<what to do>)". Always sets err (falls back to the HTTP status). Returns R53_AWS. Also
 * reports the AWS code in @code_out (may be NULL; "" when none). */
enum r53_code r53_decode_error(enum r53_op op, long status, const char *body, size_t len,
			       char *code_out, size_t code_outsz, struct r53_error *err);

/* ChangeResourceRecordSetsRequest XML for @b, elements in model order, text XML-escaped.
 * Malloc'd, caller frees; NULL on error. */
char *r53_encode_change_batch(const struct change_batch *b, struct r53_error *err);
/* CreateHostedZoneRequest XML. */
char *r53_encode_create_zone(const char *name, const char *caller_ref, const char *comment,
			     struct r53_error *err);
/* The same for a private zone when @vpc_id is non-NULL (VPC before CallerReference, as the
 * schema orders them; PrivateZone true in the config). */
char *r53_encode_create_zone_vpc(const char *name, const char *caller_ref, const char *comment,
				 const char *vpc_id, const char *vpc_region,
				 struct r53_error *err);
/* CreateHealthCheckRequest XML for @h's endpoint fields (type, ip or fqdn, port, path, search,
 * interval, failure threshold, inverted, disabled), in the schema's order. */
char *r53_encode_create_health_check(const struct health_check *h, const char *caller_ref,
				     struct r53_error *err);

/* The AWS CLI's JSON shapes (jansson), for export/apply and --output json. The json_t is
 * passed as void * so this header does not pull in jansson. */
/* ResourceRecordSet object as `aws route53 list-resource-record-sets` prints it. New ref. */
void *r53_rrset_to_json(const struct rrset *rr);
/* Parses a ResourceRecordSet object; NULL with err on a bad one (err->where = field). */
struct rrset *r53_rrset_from_json(const void *json, struct r53_error *err);
/* Writes {"ResourceRecordSets": [...]} for @l to @f: the document the AWS CLI prints and
 * r53_rrset_to_json() builds, in jansson's 4-space layout, without building a tree. */
void r53_rrsets_write_json(FILE *f, const struct rrset_list *l);
/* Parses an AWS CLI change-batch document ({"Comment":..,"Changes":[{"Action":..,
 * "ResourceRecordSet":{..}}]}, or the whole {"ChangeBatch":{..}} input) from text into @out. */
enum r53_code r53_change_batch_from_json(const char *text, size_t len, struct change_batch *out,
					 struct r53_error *err);

/* A canonical SigV4 query string: pairs sorted by name, names and values %XX-encoded (upper
 * hex) except A-Z a-z 0-9 - _ . ~. @kv is NULL-terminated name,value,name,value...; NULL values
 * are skipped. Malloc'd; NULL when out of memory. */
char *r53_query_canonical(const char *const *kv);

/*
 * Blocking calls (full pagination)
 */

/* Every hosted zone (ListHostedZones, 100 per page). Appends to @out. */
enum r53_code r53_list_zones(struct r53_client *c, struct zone_list *out, struct r53_error *err);
/* GetHostedZone: zone with its name servers (public) or first VPC (private). */
enum r53_code r53_get_zone(struct r53_client *c, const char *id, struct zone *out,
			   struct r53_error *err);
/* Resolves a user's ZONE argument: an id ("Z1", "/hostedzone/Z1") or a name (trailing dot
 * optional). A name shared by several zones is R53_CONFLICT listing their ids; none is
 * R53_NOTFOUND. Fills @out with GetHostedZone's answer. */
enum r53_code r53_find_zone(struct r53_client *c, const char *arg, struct zone *out,
			    struct r53_error *err);
/* Every rrset of a zone, 300 per page, following NextRecordName/Type/Identifier. */
enum r53_code r53_list_rrsets(struct r53_client *c, const char *zone_id, struct rrset_list *out,
			      struct r53_error *err);
/* The rrsets with exactly @name (canonical) and @type: one ListResourceRecordSets starting there
 * (routing sets of one name+type share the key), filtered. */
enum r53_code r53_get_rrsets(struct r53_client *c, const char *zone_id, const char *name,
			     enum rr_type type, struct rrset_list *out, struct r53_error *err);
enum r53_code r53_change_rrsets(struct r53_client *c, const char *zone_id,
				const struct change_batch *b, struct change_info *out,
				struct r53_error *err);
enum r53_code r53_get_change(struct r53_client *c, const char *change_id, struct change_info *out,
			     struct r53_error *err);
/* Polls GetChange every @interval_ms until INSYNC or @timeout_ms passes (R53_HTTP "timed out"). */
enum r53_code r53_wait_change(struct r53_client *c, const char *change_id, long interval_ms,
			      long timeout_ms, struct change_info *out, struct r53_error *err);
enum r53_code r53_create_zone(struct r53_client *c, const char *name, const char *comment,
			      struct zone *out, struct change_info *change, struct r53_error *err);
enum r53_code r53_delete_zone(struct r53_client *c, const char *id, struct change_info *out,
			      struct r53_error *err);
enum r53_code r53_list_health_checks(struct r53_client *c, struct health_check_list *out,
				     struct r53_error *err);
enum r53_code r53_get_health_check(struct r53_client *c, const char *id, struct health_check *out,
				   struct r53_error *err);
/* Observations of one check; sets out->status (1 healthy when every observation starts with
 * "Success", 0 when any says "Failure", -1 when none). @obs/@nobs may be NULL. */
enum r53_code r53_get_health_check_status(struct r53_client *c, const char *id, int *healthy,
					  struct health_observation **obs, size_t *nobs,
					  struct r53_error *err);
enum r53_code r53_list_domains(struct r53_client *c, struct domain_list *out,
			       struct r53_error *err);
enum r53_code r53_get_domain(struct r53_client *c, const char *name, struct domain *out,
			     struct r53_error *err);
/* UpdateDomainNameservers with @ns (names, no glue); operation id into @op. */
enum r53_code r53_update_domain_ns(struct r53_client *c, const char *name, const char *const *ns,
				   size_t nns, struct domain_operation *op, struct r53_error *err);
enum r53_code r53_get_operation(struct r53_client *c, const char *op_id,
				struct domain_operation *out, struct r53_error *err);

/*
 * Non-blocking requests, for an event loop
 */

/* Called once per request from r53_client_perform (never from r53_client_free). @page belongs
 * to the client and is freed after the callback returns (move items out to keep them). @err is
 * NULL on success. A callback may queue further r53_async_* requests (the next page); it must
 * not call the blocking functions or r53_client_free. */
typedef void (*r53_done_fn)(struct r53_client *c, enum r53_op op, const struct r53_error *err,
			    struct r53_page *page, void *user);

/* Each queues one request and returns at once (R53_OK) or fails to queue (no callback then).
 * Paging tokens are NULL for the first page. */
enum r53_code r53_async_list_zones(struct r53_client *c, const char *marker, r53_done_fn done,
				   void *user, struct r53_error *err);
enum r53_code r53_async_get_zone(struct r53_client *c, const char *id, r53_done_fn done,
				 void *user, struct r53_error *err);
enum r53_code r53_async_list_rrsets(struct r53_client *c, const char *zone_id,
				    const char *start_name, const char *start_type,
				    const char *start_id, int maxitems, r53_done_fn done,
				    void *user, struct r53_error *err);
enum r53_code r53_async_change_rrsets(struct r53_client *c, const char *zone_id,
				      const struct change_batch *b, r53_done_fn done, void *user,
				      struct r53_error *err);
enum r53_code r53_async_get_change(struct r53_client *c, const char *change_id, r53_done_fn done,
				   void *user, struct r53_error *err);
enum r53_code r53_async_list_health_checks(struct r53_client *c, const char *marker,
					   r53_done_fn done, void *user, struct r53_error *err);
enum r53_code r53_async_list_domains(struct r53_client *c, const char *marker, r53_done_fn done,
				     void *user, struct r53_error *err);
/* GetHealthCheckStatus: page->observations; r53_observations_healthy() sums them up. */
enum r53_code r53_async_get_health_check_status(struct r53_client *c, const char *id,
						r53_done_fn done, void *user,
						struct r53_error *err);
/* 1 when every observation starts with "Success", 0 when any does not, -1 when none. */
int r53_observations_healthy(const struct r53_page *page);
enum r53_code r53_async_get_domain(struct r53_client *c, const char *name, r53_done_fn done,
				   void *user, struct r53_error *err);
/* CreateHostedZone (a fresh caller reference): page->zones holds the zone with its name
 * servers, page->change the change. */
enum r53_code r53_async_create_zone(struct r53_client *c, const char *name, const char *comment,
				    r53_done_fn done, void *user, struct r53_error *err);
/* CreateHostedZone of a private zone in VPC @vpc_id / @vpc_region (both NULL: public). */
enum r53_code r53_async_create_zone_vpc(struct r53_client *c, const char *name,
					const char *comment, const char *vpc_id,
					const char *vpc_region, r53_done_fn done, void *user,
					struct r53_error *err);
/* DeleteHostedZone: page->change. A zone with record sets other than the apex NS and SOA is
 * refused by Route 53 (err->where "HostedZoneNotEmpty"). */
enum r53_code r53_async_delete_zone(struct r53_client *c, const char *id, r53_done_fn done,
				    void *user, struct r53_error *err);
/* CreateHealthCheck (a fresh caller reference): page->checks holds the new check. */
enum r53_code r53_async_create_health_check(struct r53_client *c, const struct health_check *h,
					    r53_done_fn done, void *user, struct r53_error *err);
/* DeleteHealthCheck. Route 53 refuses a check record sets use ("HealthCheckInUse"). */
enum r53_code r53_async_delete_health_check(struct r53_client *c, const char *id,
					    r53_done_fn done, void *user, struct r53_error *err);
/* UpdateDomainNameservers: page->operation.id is the operation to follow. */
enum r53_code r53_async_update_domain_ns(struct r53_client *c, const char *name,
					 const char *const *ns, size_t nns, r53_done_fn done,
					 void *user, struct r53_error *err);
/* GetOperationDetail: page->operation. */
enum r53_code r53_async_get_operation(struct r53_client *c, const char *op_id, r53_done_fn done,
				      void *user, struct r53_error *err);

/* The libcurl multi handle (a CURLM *), for curl_multi_poll/curl_multi_fdset with the
 * terminal's fd. Borrowed. */
void *r53_client_multi_handle(struct r53_client *c);
/* Drives transfers, starts requests the limiter or a backoff held back, runs completion
 * callbacks. Returns the number of requests still pending (queued, waiting or running). */
int r53_client_perform(struct r53_client *c);
/* Milliseconds until r53_client_perform has timed work (a held-back start or curl's own
 * timeout); -1 when nothing is pending. */
long r53_client_timeout_ms(struct r53_client *c);
/* Waits up to @max_ms for curl sockets or the next timer (curl_multi_poll), then performs.
 * Returns the number of requests still pending. */
int r53_client_wait(struct r53_client *c, long max_ms);

#endif
