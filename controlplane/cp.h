/* r53-local internals: the store, the XML codec, the handlers and the HTTP server.
 *
 * One process, one SQLite database. Every handler runs with the store lock held
 * (cp_store_lock), so requests served by different connection threads never interleave. */
#ifndef R53_CONTROLPLANE_CP_H
#define R53_CONTROLPLANE_CP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "models/models.h"

#define CP_NS "https://route53.amazonaws.com/doc/2013-04-01/"
#define CP_MAX_BODY (4u << 20) /* larger request bodies are refused, never buffered */

/*
 * Configuration (main.c fills it from the flags)
 */
enum cp_fault_kind { FAULT_THROTTLE, FAULT_500, FAULT_503, FAULT_RESET, FAULT_SLOW };
struct cp_fault {
	enum cp_fault_kind kind;
	unsigned long every; /* every Nth request; 0 for slow */
	unsigned long ms;    /* slow: delay of every answer */
};

struct cp_config {
	char host[64];
	int port;
	bool allow_remote;
	const char *db_path;
	const char *seed; /* "demo" or NULL */
	double insync_after;
	char *access_key; /* owned or NULL: no signature check */
	char *secret_key; /* owned or NULL */
	struct cp_fault faults[8];
	size_t nfaults;
};

/* Parses "throttle:every=2,slow:ms=50" into @c->faults. */
enum r53_code cp_fault_parse(struct cp_config *c, const char *spec, struct r53_error *err);

/*
 * Growable byte buffer
 */
struct cp_buf {
	char *data; /* owned, NUL-terminated when not NULL */
	size_t len, cap;
};
bool cp_buf_add(struct cp_buf *b, const void *p, size_t n);
bool cp_buf_printf(struct cp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cp_buf_done(struct cp_buf *b);

/*
 * Store (store.c): SQLite tables plus the rules of ids and name servers
 */
struct cp_store;
struct cp_store *cp_store_open(const char *path, struct r53_error *err);
void cp_store_close(struct cp_store **s);
void cp_store_lock(struct cp_store *s);
void cp_store_unlock(struct cp_store *s);
bool cp_store_begin(struct cp_store *s);
bool cp_store_commit(struct cp_store *s);
void cp_store_rollback(struct cp_store *s);
/* The raw handle, for the modules that own their tables (health, domains, seed). */
struct sqlite3 *cp_store_db(struct cp_store *s);
/* Seconds since the epoch, with fractions. */
double cp_now(void);
/* Random upper-case alphanumeric id: @prefix then @n characters. */
void cp_random_id(char *out, size_t outsz, const char *prefix, size_t n);
/* Deterministic id from @seed text (for the demo seed). */
void cp_hashed_id(char *out, size_t outsz, const char *prefix, size_t n, const char *seed);
/* Four name servers derived from the zone id, "ns-N.awsdns-NN.com" etc. (no trailing dot). */
void cp_zone_name_servers(const char *zone_id, char ns[4][64]);
/* "2026-11-28T05:00:00.000Z" */
void cp_iso_time(double t, char *out, size_t outsz);

struct cp_zone {
	char id[40];
	char name[NAME_TEXT_MAX];
	char caller_ref[132];
	char comment[260];
	bool has_comment;
	bool private_zone;
	char vpc_id[64];
	char vpc_region[32];
	long count;
};
/* Loads zone @id (bare). R53_NOTFOUND when missing. */
enum r53_code cp_zone_get(struct cp_store *s, const char *id, struct cp_zone *z);
/* All zones, ordered by id (ListHostedZones) or by name then id (ByName). Caller frees. */
enum r53_code cp_zone_list(struct cp_store *s, bool by_name, struct cp_zone **out, size_t *n);
/* Creates a zone with its SOA and NS. @id_seed non-NULL gives a deterministic id. Returns
 * R53_CONFLICT when the caller reference is taken. */
enum r53_code cp_zone_create(struct cp_store *s, struct cp_zone *z, const char *id_seed,
			     struct r53_error *err);
enum r53_code cp_zone_delete(struct cp_store *s, const char *id);
enum r53_code cp_zone_set_comment(struct cp_store *s, const char *id, const char *comment);

/* All rrsets of a zone, sorted in Route 53 order (cached between writes). The list is
 * borrowed: valid until the next write or unlock. */
enum r53_code cp_rrsets_load(struct cp_store *s, const char *zone_id,
			     const struct rrset_list **out, struct r53_error *err);
/* Applies @b to the zone, all or nothing, and records a change. @change_id receives "C...". */
enum r53_code cp_rrsets_change(struct cp_store *s, const struct cp_zone *z,
			       const struct change_batch *b, char *change_id, size_t idsz,
			       double *submitted, struct r53_error *err);
/* Records a change (for zone create / delete). */
enum r53_code cp_change_record(struct cp_store *s, const char *comment, char *change_id,
			       size_t idsz, double *submitted);
enum r53_code cp_change_get(struct cp_store *s, const char *id, double *submitted,
			    char *comment, size_t csz);

/* rrset <-> JSON for the store. */
json_t *cp_rrset_to_json(const struct rrset *rr);
struct rrset *cp_rrset_from_json(const json_t *j);

/*
 * XML codec (xmlcodec.c): requests in, responses out. Decoders never trust the input.
 */
/* Decoder failure: err->where is the Route 53 error code to answer with
 * ("MalformedInput", "InvalidInput", "InvalidChangeBatch"), err->text the message. */
enum r53_code cp_xml_decode_change_batch(const char *body, size_t len, struct change_batch *b,
					 struct r53_error *err);

struct cp_create_zone_req {
	char name[NAME_TEXT_MAX];
	char caller_ref[132];
	char comment[260];
	bool has_comment;
	bool has_vpc;
	char vpc_id[64];
	char vpc_region[32];
	char delegation_set[64];
};
enum r53_code cp_xml_decode_create_zone(const char *body, size_t len,
					struct cp_create_zone_req *r, struct r53_error *err);
/* UpdateHostedZoneComment: @has_comment false when the element is absent. */
enum r53_code cp_xml_decode_zone_comment(const char *body, size_t len, char *comment, size_t csz,
					 bool *has_comment, struct r53_error *err);
/* CreateHealthCheck / UpdateHealthCheck: the config as a JSON object of the XML elements
 * (strings, integers, booleans; lists as arrays). Caller json_decref()s *cfg. */
enum r53_code cp_xml_decode_health_check(const char *body, size_t len, bool update,
					 char *caller_ref, size_t rsz, json_t **cfg,
					 struct r53_error *err);

/* Response writer: a thin layer over xmlTextWriter. */
struct cp_xml;
struct cp_xml *cp_xml_begin(const char *root);
void cp_xml_start(struct cp_xml *x, const char *name);
void cp_xml_end(struct cp_xml *x);
void cp_xml_text(struct cp_xml *x, const char *name, const char *text);
void cp_xml_printf(struct cp_xml *x, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cp_xml_bool(struct cp_xml *x, const char *name, bool v);
/* Ends the document; returns the malloc'd text (caller frees) and its length. */
char *cp_xml_finish(struct cp_xml *x, size_t *len);
void cp_xml_rrset(struct cp_xml *x, const struct rrset *rr);

/*
 * Requests and responses
 */
struct cp_server;
struct cp_request {
	const char *method;
	const char *path; /* without the query */
	const char *body;
	size_t body_len;
	void *conn; /* struct MHD_Connection */
	struct cp_server *srv;
};
struct cp_response {
	int status;
	char *body; /* owned */
	size_t len;
	const char *content_type;
	char location[256];
	char error_type[64]; /* JSON errors: x-amzn-ErrorType */
};
/* Query argument or header (case-insensitive), NULL when absent. */
const char *cp_query(const struct cp_request *r, const char *name);
const char *cp_header(const struct cp_request *r, const char *name);

void cp_xml_error(struct cp_response *res, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void cp_json_error(struct cp_response *res, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

struct cp_server {
	struct cp_config *cfg;
	struct cp_store *store;
	unsigned long requests; /* counter for faults, under the store lock */
};

/* route53.c: every /2013-04-01/ request. */
void cp_route53_handle(struct cp_server *srv, const struct cp_request *r, struct cp_response *res);
/* health.c */
void cp_health_handle(struct cp_server *srv, const struct cp_request *r, const char *rest,
		      struct cp_response *res);
enum r53_code cp_health_create(struct cp_store *s, const char *caller_ref, json_t *cfg,
			       int seed_status, char *id, size_t idsz, struct r53_error *err);
bool cp_health_exists(struct cp_store *s, const char *id);
void cp_health_stop_prober(void);
void cp_health_start_prober(struct cp_server *srv);
/* domains.c: POST / with X-Amz-Target. */
void cp_domains_handle(struct cp_server *srv, const struct cp_request *r, struct cp_response *res);
enum r53_code cp_domain_put(struct cp_store *s, const char *name, const char *const *ns,
			    size_t nns, struct r53_error *err);
/* sigv4.c: NULL when the request is signed with the configured key, else the error code and
 * message to answer with. */
const char *cp_sigv4_check(const struct cp_request *r, const char *key, const char *secret,
			   char *msg, size_t msz);
void cp_sha256(const void *data, size_t len, uint8_t out[32]);
void cp_hmac_sha256(const void *key, size_t klen, const void *data, size_t len, uint8_t out[32]);
/* seed.c */
enum r53_code cp_seed_demo(struct cp_store *s, struct r53_error *err);

/* server.c */
enum r53_code cp_server_run(struct cp_config *cfg, struct r53_error *err);

#endif
