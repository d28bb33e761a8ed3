/* Inside client/: helpers shared between the codec files and the transport. */
#ifndef R53_CLIENT_PRIVATE_H
#define R53_CLIENT_PRIVATE_H

#include "client/client.h"

/* True for Route 53 Domains operations (JSON over POST /). */
bool r53_op_is_domains(enum r53_op op);

/* Domains JSON (json.c). */
enum r53_code r53_decode_domains(enum r53_op op, const char *body, size_t len,
				 struct r53_page *page, struct r53_error *err);
/* Code (after the last '#', before any ':') and message of a Domains error body. */
void r53_decode_domains_error(const char *body, size_t len, char *code, size_t codesz, char *msg,
			      size_t msgsz);

/* "<Op> failed: <Code>: <msg> (<hint>)" into err as R53_AWS. */
void r53_error_format(struct r53_error *err, enum r53_op op, long status, const char *code,
		      const char *msg);
const char *r53_error_hint(const char *code, long status);

/* Moves *z into the list (z is re-initialised); frees it on failure. */
enum r53_code zone_list_push(struct zone_list *l, struct zone *z, struct r53_error *err);
enum r53_code domain_list_push(struct domain_list *l, struct domain *d, struct r53_error *err);

/* Percent-encodes @s with the SigV4 rules into a malloc'd string. */
char *r53_uri_encode(const char *s);

#endif
