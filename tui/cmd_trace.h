/* r53 trace and r53 delegation: the DNS subcommands (see client/trace.h). */
#ifndef R53_TUI_CMD_TRACE_H
#define R53_TUI_CMD_TRACE_H

#include "client/trace.h"
#include "tui/commands.h"

/* r53 trace NAME [TYPE] [options] */
int cmd_trace_run(const struct cli *cli, int argc, char **argv);
/* r53 delegation DOMAIN [options]; exit 0 delegated, 10 pending, 11 partial, 12 lame,
 * 13 no-zone, 2 usage, 3 no network. */
int cmd_delegation_run(const struct cli *cli, int argc, char **argv);

/* Options both commands take. */
struct dns_opts {
	const char *root_hints;	/* --root-hints FILE or NULL for the built-in roots */
	enum output_format output;
	struct trace_config cfg;
	struct root_hints hints;
	char error[512];	/* why dns_opts_ready() failed, for a JSON error report */
};

/* Tries to consume the common option at argv[*i]: 1 consumed, 0 not ours, -1 usage error
 * (message printed). */
int dns_opts_parse(struct dns_opts *o, int argc, char **argv, int *i);
/* Loads the hints (file or built-in) into o->hints and points o->cfg at them. Prints the error
 * and returns an exit code on failure, else EXIT_OK. */
int dns_opts_ready(struct dns_opts *o);
void dns_opts_init(struct dns_opts *o, const struct cli *cli);
void dns_opts_done(struct dns_opts *o);

/* A name typed in Unicode, to show next to its xn-- form: true when @typed has non-ASCII
 * bytes (then the caller shows both; @canonical is what DNS is asked). */
bool dns_name_is_idn(const char *typed);

/* {"verdict"|"outcome": "error", "message": @msg} on stdout: with --output json a failure
 * still prints one JSON object (the text stays on stderr too). @key: "verdict" or "outcome". */
void dns_print_json_error(const char *key, const char *msg);

/* JSON of one trace (the steps and the result); a jansson json_t *, returned as void * so this
 * header does not need jansson. */
void *trace_result_json(const struct trace_result *r, const char *qname, uint16_t qtype);

#endif
