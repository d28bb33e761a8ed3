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

/* AWS shared credentials/config files (ini.c), read as the AWS CLI reads them. */
#define AWS_INI_MAX (1 << 20) /* bytes; a larger file is refused */

/* Called for each "[section]" (@key and @value NULL) and each complete key = value in it
 * (@key lower-cased; @value stripped, continuation lines joined with '\n'); @lineno is where
 * it starts. A code other than R53_OK stops the parse and is returned. */
typedef enum r53_code (*aws_ini_fn)(void *ud, const char *section, const char *key,
				    const char *value, int lineno, struct r53_error *err);
/* Parses the @len bytes at @text (no NUL needed) named @path in errors ("PATH:LINE: what");
 * refuses what the AWS CLI refuses: a key before any section, a line with no '=', an empty
 * key, a section or key twice. Nothing but @fn is called; nothing is run or opened. */
enum r53_code aws_ini_parse(const char *text, size_t len, const char *path, aws_ini_fn fn,
			    void *ud, struct r53_error *err);

/* The profile name section @section stands for: any name in the credentials file (but
 * [DEFAULT]); "default" or "profile NAME" (split like a shell line: exactly two words) in the
 * config file. False when it is not a profile or the name does not fit in @namesz. */
bool aws_ini_section_profile(const char *section, bool config_style, char *name,
			     size_t namesz);

struct aws_profile_keys {
	char ak[128], sk[128], token[4096], process[1024];
	bool found; /* the profile's section exists */
};
/* Reads profile @profile from one file's text into @k: keys @k already holds are kept (the
 * file read first wins); in the file, a later section of the same profile replaces an earlier
 * one and [DEFAULT] fills what the section lacks. A wanted key that spans several lines or
 * does not fit is an error. credential_process is only copied, never run. */
enum r53_code aws_ini_profile(const char *text, size_t len, const char *path,
			      const char *profile, bool config_style, struct aws_profile_keys *k,
			      struct r53_error *err);

#endif
