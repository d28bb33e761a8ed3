/* r53 models: pure data and the rules of Route 53 records. No I/O, no curses, curl, SQLite or
 * libxml2 (make check-layers enforces it); libidn2 only for IDN names.
 *
 * Conventions: functions return enum r53_code and take `struct r53_error *err` last (may be
 * NULL; the first error wins). foo_new()/foo_free(&p) for heap objects (free NULLs the
 * pointer), foo_init()/foo_done() for embedded ones. `_take` means ownership moves in, also on
 * failure. Getters return borrowed pointers. */
#ifndef R53_MODELS_MODELS_H
#define R53_MODELS_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/error.h"

/*
 * Record types
 */

/* Every type Route 53 accepts, in the order ListResourceRecordSets sorts types (by name). */
/* clang-format off */
#define RR_TYPE_INFO(_) \
	_(A)  _(AAAA) _(CAA) _(CNAME) _(DS) _(HTTPS) _(MX) _(NAPTR) _(NS) _(PTR) \
	_(SOA) _(SPF) _(SRV) _(SSHFP) _(SVCB) _(TLSA) _(TXT)
/* clang-format on */

enum rr_type {
	RR_NONE = 0, /* unknown / unset */
#define RR_TYPE_ENUM(t) RR_##t,
	RR_TYPE_INFO(RR_TYPE_ENUM)
#undef RR_TYPE_ENUM
	RR_TYPE_COUNT
};

/* "A", "MX", ...; "?" for RR_NONE or out of range. Static string. */
const char *rr_type_name(enum rr_type t);
/* Case-insensitive; RR_NONE when @s names no Route 53 type. */
enum rr_type rr_type_parse(const char *s);
/* DNS type code (A=1, MX=15, ...), for zone files and DNS queries. */
int rr_type_code(enum rr_type t);
/* Can an alias of this type point to an AWS resource (CloudFront, ELB, S3...)? A and AAAA. */
bool rr_type_alias_aws(enum rr_type t);
/* Can this type be an alias at all (same-zone targets)? Every type except NS and SOA. */
bool rr_type_alias_allowed(enum rr_type t);
/* Weighted / latency / geo / failover / cidr / geoproximity: all but NS, SOA, DS. */
bool rr_type_routing_allowed(enum rr_type t);
/* Multivalue answer: A AAAA MX NAPTR PTR SPF SRV TXT CAA TLSA SSHFP SVCB HTTPS. */
bool rr_type_multivalue_allowed(enum rr_type t);

/*
 * Names
 *
 * The canonical form is what Route 53 returns: lower case, trailing dot, every byte other than
 * a-z 0-9 - _ and the label-separating dots written as a \DDD octal escape ("*" is "\052").
 * Every name stored or compared in r53 is canonical.
 */

#define NAME_MAX_OCTETS 255 /* whole name in wire form, length bytes included */
#define LABEL_MAX_OCTETS 63
#define NAME_TEXT_MAX 1025 /* canonical text, NUL included (4 chars per escaped octet max) */

/* Canonicalises @in (any case, optional trailing dot, raw bytes or \DDD / \X escapes) into
 * @out. Unicode (UTF-8) labels are converted to xn-- with libidn2. Checks label <= 63 and
 * name <= 255 octets, no empty label. On error @out is "" and err names what is wrong. */
enum r53_code name_canonical(const char *in, char *out, size_t outsz, struct r53_error *err);

/* Host names as people and servers write them: equal but for ASCII case and one trailing dot
 * on either ("NS-1.Example.com" is "ns-1.example.com."). No canonicalisation, no escapes. */
bool name_same_host(const char *a, const char *b);

/* Service endpoint URL @url in one form, so that two spellings of one endpoint compare equal
 * (the cache's namespace keys on it): scheme and host lower-cased, the scheme's default port
 * (443 for https, 80 for http) and an empty port dropped, trailing '/' and spaces of the path
 * dropped. Writes into @out, truncated to @outsz ("" when @url is NULL). */
void endpoint_key(const char *url, char *out, size_t outsz);

/* Decodes canonical (or any escaped) text into raw label bytes: @labels[i] points into @buf,
 * @lens[i] its length; the root label is not counted. Returns number of labels, -1 when
 * malformed or more than @max labels. @buf must hold NAME_MAX_OCTETS bytes. */
int name_labels(const char *name, uint8_t *buf, const uint8_t *labels[], size_t lens[],
		int max);

/* For people: \DDD unescaped where printable ("\052" -> "*"), xn-- labels to Unicode when
 * @unicode; keeps the trailing dot. Always NUL-terminates @out (truncates to fit). */
void name_display(const char *canonical, char *out, size_t outsz, bool unicode);

/* Route 53's listing order of two canonical names: the names compared as byte strings with
 * labels reversed and a trailing dot ("www.example.com." is "com.example.www."), on the
 * unescaped, lower-case octets. Returns <0, 0, >0. */
int name_compare(const char *a, const char *b);

/* True when canonical @name equals @zone or lies below it. */
bool name_in_zone(const char *name, const char *zone);
/* True when @name's first label is the lone wildcard "*" (\052). */
bool name_is_wildcard(const char *name);
/* Number of labels (the root not counted). */
int name_label_count(const char *name);

/*
 * TTL
 */
#define TTL_MAX 2147483647L

/* "300", "5m", "1h30m", "2d", "1w" -> seconds. Error names what is wrong. */
enum r53_code ttl_parse(const char *s, uint32_t *out, struct r53_error *err);
/* 0 -> "0 seconds", 60 -> "1 minute", 300 -> "5 minutes", 172800 -> "2 days",
 * 90 -> "1 minute 30 seconds" (at most two units, rounded down). Always NUL-terminates. */
void ttl_human(uint32_t ttl, char *out, size_t outsz);

/*
 * Values, one validator per type
 */

/* Checks one record value in Route 53's presentation format for @type. @index is the value's
 * position (0-based) used in the message: "MX value 2: '10mail.example.com' needs
 * 'PRIORITY HOST'" (messages count from 1). */
enum r53_code value_validate(enum rr_type type, const char *value, size_t index,
			     struct r53_error *err);

/* Splits a long text into TXT presentation: quoted strings of at most 255 octets each, quotes
 * and backslashes escaped ("\"v=DKIM1; ...\" \"...\""). Returns a malloc'd string (caller
 * frees) or NULL when out of memory. */
char *txt_quote(const char *text);
/* Joins the quoted strings of a TXT value back into the raw text. Caller frees; NULL on a
 * malformed value (err says why). */
char *txt_unquote(const char *value, struct r53_error *err);

/*
 * Routing
 */
enum routing_policy {
	ROUTING_SIMPLE,
	ROUTING_WEIGHTED,
	ROUTING_LATENCY,
	ROUTING_GEO,
	ROUTING_FAILOVER,
	ROUTING_MULTIVALUE,
	ROUTING_CIDR,
	ROUTING_GEOPROXIMITY,
};
/* "simple", "weighted", ... */
const char *routing_policy_name(enum routing_policy p);

enum failover_role { FAILOVER_NONE, FAILOVER_PRIMARY, FAILOVER_SECONDARY };

struct geo_location {
	char continent[3];   /* "EU" or "" */
	char country[3];     /* "US", "*" (default) or "" */
	char subdivision[4]; /* "CA" (needs country US) or "" */
};

/* Checks continent / country / subdivision codes and their combination. */
enum r53_code geo_validate(const struct geo_location *g, struct r53_error *err);
/* Short text for lists: "EU", "US-CA", "default". */
void geo_display(const struct geo_location *g, char *out, size_t outsz);
/* Latency regions (39 names); true when @region is one. */
bool latency_region_valid(const char *region);
/* NULL-terminated list of latency regions, for pickers. */
extern const char *const latency_regions[];

/*
 * Alias targets
 */
enum alias_kind {
	ALIAS_OTHER,
	ALIAS_CLOUDFRONT,
	ALIAS_S3_WEBSITE,
	ALIAS_ELB,
	ALIAS_APIGW,
	ALIAS_GLOBAL_ACCELERATOR,
	ALIAS_VPCE,
	ALIAS_BEANSTALK,
	ALIAS_SAME_ZONE,
};
#define CLOUDFRONT_ZONE_ID "Z2FDTNDATAQYW2"
#define GLOBAL_ACCELERATOR_ZONE_ID "Z2BJ6XQ5FK7U4H"

struct alias_target {
	char *hosted_zone_id;	     /* owned; bare id "Z2FDTNDATAQYW2" */
	char *dns_name;		     /* owned; canonical */
	bool evaluate_target_health; /* required in XML */
};

struct s3_website_endpoint {
	const char *region;  /* "eu-west-1" */
	const char *host;    /* "s3-website-eu-west-1.amazonaws.com" */
	const char *zone_id; /* "Z1BKCTXD74EZPE" */
};
/* NULL-terminated (region == NULL) table of S3 website endpoints. */
extern const struct s3_website_endpoint s3_website_endpoints[];
/* Looks up by region; NULL when unknown. */
const struct s3_website_endpoint *s3_website_by_region(const char *region);
/* Looks up by endpoint host (trailing dot and case ignored); NULL when unknown. */
const struct s3_website_endpoint *s3_website_by_host(const char *host);

/* Guesses the target kind from the DNS name (and zone for same-zone aliases). */
enum alias_kind alias_kind_detect(const char *dns_name, const char *zone_name);
const char *alias_kind_name(enum alias_kind k);
/* Checks an alias for record @record_name of @type in zone @zone_name: zone id and name
 * present, type allowed, CloudFront zone id and EvaluateTargetHealth=false, S3 bucket named
 * exactly like the record and the zone id matching the endpoint's region. */
enum r53_code alias_validate(const struct alias_target *a, const char *record_name,
			     enum rr_type type, const char *zone_name, struct r53_error *err);

/*
 * Record sets
 */
struct rrset {
	char *name;	   /* owned; canonical */
	enum rr_type type;
	char *set_id;	   /* owned or NULL; SetIdentifier, required for every policy but simple */
	int weight;	   /* -1 when absent, else 0..255 */
	char *region;	   /* owned or NULL; latency region */
	bool has_geo;
	struct geo_location geo;
	enum failover_role failover;
	bool multivalue;   /* MultiValueAnswer=true */
	char *cidr_collection; /* owned or NULL; CidrRoutingConfig */
	char *cidr_location;   /* owned or NULL */
	char *geoprox_region;  /* owned or NULL; GeoProximityLocation.AWSRegion */
	char *geoprox_lzg;     /* owned or NULL; .LocalZoneGroup */
	char *geoprox_lat;     /* owned or NULL; .Coordinates.Latitude, as text */
	char *geoprox_lon;     /* owned or NULL */
	bool has_bias;
	int bias;	       /* -99..99 */
	bool has_ttl;	       /* false for alias */
	int64_t ttl;	       /* 0..TTL_MAX when has_ttl (int64 so bad input can be reported) */
	char **values;	       /* owned array of owned strings; NULL for alias */
	size_t nvalues;
	struct alias_target *alias;	/* owned or NULL */
	char *health_check_id;		/* owned or NULL */
	char *traffic_policy_instance_id; /* owned or NULL; read-only marker */
};

/* New empty rrset with @name (canonicalised; NULL when invalid -> err) and @type. weight -1,
 * no TTL, no values. */
struct rrset *rrset_new(const char *name, enum rr_type type, struct r53_error *err);
/* NULL-safe; sets *rr = NULL. */
void rrset_free(struct rrset **rr);
/* Deep copy; NULL when out of memory. */
struct rrset *rrset_dup(const struct rrset *rr);
/* Copies @value into the value list. */
enum r53_code rrset_add_value(struct rrset *rr, const char *value, struct r53_error *err);
/* Replaces *field (an owned char * member) with a copy of @s (NULL clears). */
enum r53_code rrset_set_str(char **field, const char *s, struct r53_error *err);
/* Sets the alias (copies strings; dns_name canonicalised). */
enum r53_code rrset_set_alias(struct rrset *rr, const char *zone_id, const char *dns_name,
			      bool evaluate, struct r53_error *err);

/* The policy the routing fields say. */
enum routing_policy rrset_policy(const struct rrset *rr);
/* For lists: "simple", "weighted 70", "geo EU", "latency us-east-1", "failover primary",
 * "multivalue", "cidr loc", "geoproximity us-east-1". */
void rrset_routing_display(const struct rrset *rr, char *out, size_t outsz);

/* Identity of an rrset: name + type + set identifier. */
bool rrset_same_key(const struct rrset *a, const struct rrset *b);
/* Route 53 listing order: name (name_compare), then type, then set identifier. */
int rrset_compare(const struct rrset *a, const struct rrset *b);
/* Same as rrset_compare, for qsort over `struct rrset *` elements. */
int rrset_compare_qsort(const void *a, const void *b);
/* Exact equality of everything Route 53 compares on DELETE (TTL, values as a set, routing
 * fields, alias, health check). Value order is ignored. */
bool rrset_equal(const struct rrset *a, const struct rrset *b);

/* Every rule for one rrset inside zone @zone_name (canonical): name in zone, limits, TTL range
 * and presence, values per type, alias rules, CNAME not at apex, NS not wildcard, routing
 * fields consistent with SetIdentifier, weight 0..255, geo codes, failover, latency region,
 * type allowed for the policy. The first problem wins; err->where is the field path
 * ("name", "ttl", "values[1]", "alias.dns_name", "set_identifier", "weight", "geo"...). */
enum r53_code rrset_validate(const struct rrset *rr, const char *zone_name,
			     struct r53_error *err);

/* A growable list of rrsets. Embed by value; rrset_list_init()/rrset_list_done(). */
struct rrset_list {
	struct rrset **items; /* owned: rrset_list_done() frees every item */
	size_t len, cap;
};
void rrset_list_init(struct rrset_list *l);
void rrset_list_done(struct rrset_list *l);
/* Takes ownership of @rr, also when it fails (then @rr is freed). */
enum r53_code rrset_list_take(struct rrset_list *l, struct rrset *rr, struct r53_error *err);
/* Sorts in Route 53 order. */
void rrset_list_sort(struct rrset_list *l);
/* Index of the rrset with the same key as (name, type, set_id), or -1. Linear. */
long rrset_list_find(const struct rrset_list *l, const char *name, enum rr_type type,
		     const char *set_id);

/* Rules between rrsets of one zone (after a batch would apply): CNAME beside other types at a
 * name, mixed routing policies under one name+type, simple beside routed, duplicate latency
 * region / geo location / weighted TTL mismatch, apex SOA and NS present. Message names the
 * records. */
enum r53_code rrset_list_validate_zone(const struct rrset_list *l, const char *zone_name,
				       struct r53_error *err);

/*
 * Change batches
 */
enum change_action { CHANGE_CREATE, CHANGE_DELETE, CHANGE_UPSERT };
const char *change_action_name(enum change_action a); /* "CREATE", ... */
/* Case-sensitive, as Route 53 ("CREATE"); returns false when unknown. */
bool change_action_parse(const char *s, enum change_action *out);

struct change {
	enum change_action action;
	struct rrset *rr; /* owned */
};

/* Embed by value; change_batch_init()/change_batch_done(). */
struct change_batch {
	char *comment; /* owned or NULL; <= 256 chars */
	struct change *changes; /* owned array */
	size_t len, cap;
};
void change_batch_init(struct change_batch *b);
void change_batch_done(struct change_batch *b);
/* Appends a change; takes @rr, also on failure. */
enum r53_code change_batch_take(struct change_batch *b, enum change_action action,
				struct rrset *rr, struct r53_error *err);
/* An edit: DELETE of an exact copy of @old, then CREATE of a copy of @new. Either may be NULL
 * (pure create / pure delete). */
enum r53_code change_batch_add_edit(struct change_batch *b, const struct rrset *old,
				    const struct rrset *new_rr, struct r53_error *err);
/* Checks the batch on its own: not empty, every rrset valid for @zone_name (when non-NULL),
 * no rrset deleted twice or created twice (UPSERT counts as both), comment <= 256. */
enum r53_code change_batch_check(const struct change_batch *b, const char *zone_name,
				 struct r53_error *err);

/* Route 53's request limits. */
#define BATCH_MAX_RECORDS 1000
#define BATCH_MAX_VALUE_CHARS 32000

/* ResourceRecord elements (alias = 1) and value characters a change costs; UPSERT twice. */
void change_cost(const struct change *c, size_t *records, size_t *chars);
/* Splits @b into parts that each fit the limits, keeping every DELETE+CREATE of one rrset key
 * in the same part and the order of changes. @parts is a malloc'd array of *nparts batches
 * (caller: change_batch_done each, then free). One part when no split is needed. A single
 * rrset over the limits is an error. */
enum r53_code change_batch_split(const struct change_batch *b, size_t max_records,
				 size_t max_chars, struct change_batch **parts, size_t *nparts,
				 struct r53_error *err);

/* The changes that turn @from into @to: DELETE of rrsets only in @from, CREATE of rrsets only
 * in @to, DELETE + CREATE of rrsets whose key matches but content differs (rrset_equal: value
 * order ignored). Appends to @out. */
enum r53_code rrset_diff(const struct rrset_list *from, const struct rrset_list *to,
			 struct change_batch *out, struct r53_error *err);

/* Applies @b to @zone (a list in memory) with Route 53's semantics: all or nothing. On
 * R53_INVALID the list is unchanged and err->text holds Route 53's message, e.g.
 * "Tried to create resource record set [name='a.example.com.', type='A'] but it already
 * exists". Used by r53-local and by dry runs. */
enum r53_code change_batch_apply(struct rrset_list *zone, const char *zone_name,
				 const struct change_batch *b, struct r53_error *err);

/*
 * Zones, domains, health checks: plain records shared by client, cache and TUI
 */
struct zone {
	char *id;	/* owned; bare "Z..." */
	char *name;	/* owned; canonical */
	char *comment;	/* owned or NULL */
	char *caller_ref; /* owned or NULL */
	bool private_zone;
	long record_count; /* ResourceRecordSetCount; -1 unknown */
	char *vpc_id;	   /* owned or NULL; first VPC of a private zone */
	char *vpc_region;  /* owned or NULL */
	char *name_servers[8]; /* owned or NULL; delegation set */
	size_t nname_servers;
};
void zone_init(struct zone *z);
void zone_done(struct zone *z);
/* Strips everything up to the last '/': "/hostedzone/Z1" -> "Z1". Returns pointer into @id. */
const char *r53_bare_id(const char *id);

struct domain {
	char *name;	 /* owned; canonical */
	bool auto_renew;
	bool transfer_lock;
	double expiry;	 /* Unix seconds; 0 unknown */
	char *name_servers[13]; /* owned or NULL; registrar's NS (canonical) */
	size_t nname_servers;
};
void domain_init(struct domain *d);
void domain_done(struct domain *d);

struct health_check {
	char *id;	/* owned; uuid */
	char *caller_ref; /* owned */
	char *type;	/* owned; "HTTP", "HTTPS_STR_MATCH", "TCP", ... */
	char *ip;	/* owned or NULL */
	int port;	/* 0 when absent */
	char *fqdn;	/* owned or NULL */
	char *path;	/* owned or NULL */
	char *search;	/* owned or NULL */
	int interval;	/* 10 or 30 */
	int failure_threshold; /* 1..10 */
	bool inverted, disabled;
	char **children;	/* owned, CALCULATED: ChildHealthChecks ids (each owned) */
	size_t nchildren;
	int health_threshold;	/* CALCULATED: healthy children needed, 0..256; -1 absent */
	long version;
	int status;	/* -1 unknown, 0 unhealthy, 1 healthy (from observations) */
};
void health_check_init(struct health_check *h);
void health_check_done(struct health_check *h);
/* Config rules: type known, port 1..65535, interval 10/30, threshold 1..10, search string only
 * for *_STR_MATCH, IP or FQDN for endpoint types; CALCULATED: HealthThreshold given and
 * 0..256, at most 256 child checks, none twice, no IP, domain name, port or path; child checks
 * and HealthThreshold only for CALCULATED. The first broken rule, with @err->where the field:
 * "type", "ip", "fqdn", "port", "path", "interval", "failure_threshold", "search",
 * "children", "health_threshold". */
enum r53_code health_check_validate(const struct health_check *h, struct r53_error *err);

/*
 * Small helpers shared by all layers
 */
/* strdup that records R53_NOMEM in @err. NULL @s gives NULL without error. */
char *r53_strdup(const char *s, struct r53_error *err);

#endif
