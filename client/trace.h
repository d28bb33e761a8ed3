/* r53 trace: iterative DNS resolution from the root with ldns, step by step, the way
 * `dig +trace` does it, plus the delegation check built on it (parent NS vs registrar NS vs
 * the hosted zone's NS, each zone server asked for SOA and NS with recursion off).
 *
 * Pure client layer: models/ only. Blocking I/O with bounded timeouts; a trace is meant for a
 * subcommand or a background job, never for the TUI's event loop thread as is.
 *
 * Names in every struct here are canonical text: lower case, trailing dot, ldns escapes. */
#ifndef R53_CLIENT_TRACE_H
#define R53_CLIENT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/error.h"

#define TRACE_ADDR_MAX 46 /* INET6_ADDRSTRLEN */

/* One address of one name server. */
struct trace_addr {
	char *name;		   /* owned; the server's name ("a.root-servers.net.") */
	char ip[TRACE_ADDR_MAX];   /* "198.41.0.4" or "2001:503:ba3e::2:30" */
	int family;		   /* AF_INET or AF_INET6 */
	uint16_t port;		   /* 53 unless the root hints said otherwise */
};

/*
 * Root hints
 */

/* Where iterative resolution starts. Embed by value; root_hints_init()/root_hints_done(). */
struct root_hints {
	struct trace_addr *addrs; /* owned array; each item's name is owned */
	size_t len, cap;
};
void root_hints_init(struct root_hints *h);
void root_hints_done(struct root_hints *h);
/* The 13 root servers, IPv4 and IPv6 (IANA's named.root). Replaces what @h held. */
enum r53_code root_hints_builtin(struct root_hints *h, struct r53_error *err);
/* Parses @len bytes of hints text (need not be NUL-terminated) into @h (appends). One server
 * address a line, `NAME ADDRESS[@PORT]`; '#' and ';' start comments; blank lines are skipped.
 * Lines of IANA's named.root (`A.ROOT-SERVERS.NET. 3600000 A 198.41.0.4`) are accepted too,
 * and its `. 3600000 NS ...` lines ignored. err->where is "line N". At least one address. */
enum r53_code root_hints_parse(struct root_hints *h, const char *text, size_t len,
			       struct r53_error *err);
/* Reads and parses @path (at most 1 MiB). */
enum r53_code root_hints_load(struct root_hints *h, const char *path, struct r53_error *err);

/*
 * One response, interpreted
 */

enum trace_kind {
	TRACE_REFERRAL,	   /* the server delegates a zone closer to the name */
	TRACE_ANSWER,	   /* the records asked for */
	TRACE_CNAME,	   /* an alias to follow elsewhere */
	TRACE_NXDOMAIN,	   /* the name does not exist */
	TRACE_NODATA,	   /* the name exists, not with that type */
	TRACE_LAME,	   /* answered, but not as an authority for the zone (REFUSED, ...) */
	TRACE_TRUNCATED,   /* TC over UDP: ask again over TCP */
	TRACE_MALFORMED,   /* not a DNS answer to our question */
	TRACE_TIMEOUT,	   /* no answer in time */
	TRACE_UNREACHABLE, /* the network said no (refused, no route) */
	TRACE_RESOLVE,	   /* no glue: resolving a name server's address first */
};
/* "referral", "answer", ... (JSON values). Static. */
const char *trace_kind_name(enum trace_kind k);

struct trace_reply {
	enum trace_kind kind;
	int rcode;	     /* -1 when there was no response */
	bool aa, tc;
	char *child;	     /* owned; REFERRAL: the delegated zone */
	char **ns;	     /* owned; REFERRAL: the NS names; ANSWER to NS: the targets */
	size_t nns;
	uint32_t ns_ttl;     /* REFERRAL / NS answer: TTL of the NS set */
	struct trace_addr *glue; /* owned; REFERRAL: glue in bailiwick; ANSWER: A/AAAA found */
	size_t nglue;
	char **records;	     /* owned; every record of the answer section, presentation format */
	size_t nrecords;
	char *target;	     /* owned; CNAME: the name to resolve next */
	bool has_neg_ttl;    /* NXDOMAIN / NODATA: an SOA of the zone in the authority section */
	uint32_t neg_ttl;    /* its negative TTL: min(SOA TTL, SOA MINIMUM) (RFC 2308) */
	bool has_soa;	     /* an SOA for the name asked was in the answer */
	uint32_t soa_serial;
	char *why;	     /* owned; LAME / MALFORMED: short reason ("REFUSED", "bad id") */
};
void trace_reply_done(struct trace_reply *r);

/* Interprets @len bytes of @wire as the answer to (@qname, @qtype) with id @id, sent to a
 * server of zone @zone. Pure and total: any bytes give a kind (MALFORMED at worst), never a
 * crash. Only glue and records inside @zone are believed. R53_NOMEM is the only error. */
enum r53_code trace_interpret(const uint8_t *wire, size_t len, uint16_t id, const char *zone,
			      const char *qname, uint16_t qtype, struct trace_reply *out,
			      struct r53_error *err);

/*
 * Tracing
 */

struct trace_config {
	const struct root_hints *hints; /* borrowed; where to start */
	int timeout_ms;			/* per query; default 1500 */
	int tries;			/* sends to one address before the next; default 1 */
	int max_queries;		/* whole trace; default 120 */
	int edns_size;			/* EDNS0 UDP size; 0 = no EDNS; default 1232 */
	bool ipv4, ipv6;		/* families to use; default both */
};
void trace_config_init(struct trace_config *c, const struct root_hints *hints);

struct trace_step {
	int depth;	      /* 0: the name asked; 1+: resolving a name server's address */
	char *zone;	      /* owned; the zone the server was asked as an authority for */
	char *qname;	      /* owned */
	uint16_t qtype;
	struct trace_addr server; /* copy; server.name owned */
	bool tcp;
	bool edns;	      /* the query carried an EDNS0 OPT record */
	double ms;	      /* time to the answer (or to giving up) */
	struct trace_reply reply;
	char *sentence;	      /* owned; one plain sentence of what happened */
};

enum trace_outcome {
	TRACE_DONE,	     /* an answer, NXDOMAIN or NODATA from an authority */
	TRACE_FAILED,	     /* every server of some zone was lame or broken, or a limit hit */
	TRACE_NO_NETWORK,    /* no server could be reached at all */
};

struct trace_result {
	struct trace_step *steps; /* owned array */
	size_t len, cap;
	enum trace_outcome outcome;
	enum trace_kind final;	  /* DONE: ANSWER, NXDOMAIN or NODATA */
	char *qname;		  /* owned; the last name resolved (after CNAMEs) */
	char **records;		  /* owned; DONE+ANSWER: the final answer's records */
	size_t nrecords;
	char *summary;		  /* owned; one sentence: the result or why it stopped */
};
void trace_result_init(struct trace_result *r);
void trace_result_done(struct trace_result *r);

/* Resolves @qname/@qtype iteratively from the root hints, recursion off. Fills @out with
 * every step. Returns R53_OK whenever a result was produced (look at out->outcome, also for
 * "no network"); R53_INVALID for a bad name, R53_NOMEM. */
enum r53_code trace_run(const struct trace_config *cfg, const char *qname, uint16_t qtype,
			struct trace_result *out, struct r53_error *err);

/* Canonical text of @in (lower case, trailing dot); R53_INVALID when not a domain name.
 * Unicode labels become their xn-- form (libidn2). */
enum r53_code trace_name_canonical(const char *in, char *out, size_t outsz,
				   struct r53_error *err);
/* DNS type code for "A", "aaaa", "TYPE65", ...; 0 when unknown. */
uint16_t trace_type_parse(const char *s);
/* "A", "TXT", "TYPE65" into @out. */
void trace_type_name(uint16_t type, char *out, size_t outsz);

/*
 * Delegation check
 */

enum delegation_verdict {
	DELEGATION_DELEGATED, /* parent NS == zone NS, every server authoritative, exit 0 */
	DELEGATION_PENDING,   /* parent NS shares nothing with the zone NS, or the registrar's
			       * set is not the zone's, exit 10 */
	DELEGATION_PARTIAL,   /* parent NS and zone NS overlap but differ, or the apex NS the
			       * zone's servers serve is not the zone's set, exit 11 */
	DELEGATION_LAME,      /* a listed server does not answer authoritatively, exit 12 */
	DELEGATION_NO_ZONE,   /* no hosted zone (no zone NS to compare with), exit 13 */
};
const char *delegation_verdict_name(enum delegation_verdict v); /* "delegated", ... */
int delegation_verdict_exit(enum delegation_verdict v);		/* 0, 10, 11, 12, 13 */

/* What the caller knows; the hook the API wiring fills: zone_ns from the hosted zone's
 * delegation set (or its apex NS), registrar_ns from Route 53 Domains GetDomainDetail (NULL/0
 * when the domain is registered elsewhere or unknown). All borrowed. */
struct delegation_input {
	const char *domain;
	const char *const *zone_ns;
	size_t nzone_ns;
	const char *const *registrar_ns;
	size_t nregistrar_ns;
};

/* One name server asked for SOA and NS of the domain. */
struct delegation_server {
	char *name;	       /* owned */
	bool in_parent, in_zone, in_registrar;
	bool in_served;	       /* in the apex NS set the zone's servers serve (served_ns) */
	char ip[TRACE_ADDR_MAX]; /* the address asked; "" when it could not be resolved */
	bool answered;	       /* some DNS answer came back */
	bool authoritative;    /* AA SOA for the domain */
	bool has_serial;
	uint32_t serial;
	char **ns;	       /* owned; the NS set it serves for the domain */
	size_t nns;
	char *problem;	       /* owned or NULL; "REFUSED", "no answer within 1.5 s", ... */
};

struct delegation_report {
	char *domain;	       /* owned */
	char *parent_zone;     /* owned or NULL; "test." */
	char *parent_server;   /* owned or NULL; the parent server that answered */
	char **parent_ns;      /* owned; what the parent delegates to (empty: not delegated) */
	size_t nparent_ns;
	uint32_t parent_ttl;
	bool parent_nxdomain;  /* the parent says the domain does not exist */
	bool parent_neg_ttl_known;
	uint32_t parent_neg_ttl; /* how long resolvers may keep that NXDOMAIN (SOA minimum) */
	char **zone_ns;	       /* owned copies, canonical */
	size_t nzone_ns;
	char **registrar_ns;   /* owned copies, canonical */
	size_t nregistrar_ns;
	char **served_ns;      /* owned; the apex NS set the zone's own servers answer with (the
				* first that answers authoritatively); empty when none did */
	size_t nserved_ns;
	char **differs;	       /* owned; "parent", "registrar", "served": the sets that are not
				* the hosted zone's, in that order */
	size_t ndiffers;
	struct delegation_server *servers; /* owned; union of parent and zone NS */
	size_t nservers;
	bool serials_differ;
	enum delegation_verdict verdict;
	char **sentences;      /* owned; what happened and what to do, in order */
	size_t nsentences;
	struct trace_result parent_trace; /* the walk from the root to the parent's referral */
};
void delegation_report_init(struct delegation_report *r);
void delegation_report_done(struct delegation_report *r);

/* Walks from the root to the parent of @in->domain, takes its NS set, asks every name server
 * (parent's and zone's) for SOA and NS with recursion off, and decides. R53_OK whenever a
 * verdict was reached; R53_DNS with a clear message when the parent could not be reached
 * (no network); R53_INVALID for bad names. */
enum r53_code delegation_check(const struct trace_config *cfg, const struct delegation_input *in,
			       struct delegation_report *out, struct r53_error *err);

#endif
