/* The r53 program's non-interactive subcommands, declared once as data: main.c dispatches from
 * this table and `r53 --help` is generated from it. Each command lives in tui/cmd_<name>.c. */
#ifndef R53_TUI_COMMANDS_H
#define R53_TUI_COMMANDS_H

#include <stdbool.h>

/* Exit codes, as documented in the README. */
enum r53_exit {
	EXIT_OK = 0,
	EXIT_SERVICE = 1,     /* the service (or the data) said no */
	EXIT_USAGE = 2,	      /* bad command line */
	EXIT_UNREACHABLE = 3, /* cannot reach the service (and nothing cached) */
};

enum output_format { OUTPUT_TEXT, OUTPUT_JSON };

/* Global options, parsed by main.c before the command name. Strings are borrowed from argv
 * or getenv and live as long as the process. */
struct cli {
	const char *profile;		  /* --profile, or NULL */
	const char *endpoint_url;	  /* --endpoint-url, or NULL (env is read by the client) */
	const char *domains_endpoint_url; /* --domains-endpoint-url, or NULL */
	const char *cache_path;		  /* --cache FILE, or NULL for the default */
	const char *root_hints;		  /* --root-hints FILE, else R53_ROOT_HINTS, else NULL
					   * (the built-in root servers): trace, delegation, the
					   * guide */
	enum output_format output;	  /* --output text|json */
	bool offline;			  /* --offline */
	bool read_only;			  /* --read-only */
	bool no_color;			  /* --no-color or NO_COLOR */
};

struct command {
	const char *name;  /* "zones" */
	const char *args;  /* "ZONE [--format json|bind]" */
	const char *help;  /* one line for r53 --help */
	/* argv[0] is the command name. Returns an enum r53_exit value. */
	int (*run)(const struct cli *cli, int argc, char **argv);
};

/* The table, NULL-terminated; defined in main.c. */
extern const struct command r53_commands[];

#endif
