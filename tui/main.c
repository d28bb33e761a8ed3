/* r53: with no command, the TUI; with a command, one non-interactive job (see commands.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/cmd_list.h"
#include "tui/cmd_read.h"
#include "tui/commands.h"
#include "tui/cmd_trace.h"
#include "tui/tui.h"

#define R53_VERSION "0.1.0"

/* clang-format off */
const struct command r53_commands[] = {
	/* name		args			help					run */
	{ "zones",	"",			"list hosted zones",			cmd_zones },
	{ "records",	"ZONE",			"list the record sets of a zone",	cmd_records },
	{ "export",	"ZONE [--format json|bind]", "print a zone as AWS CLI JSON or a BIND zone file",
	  cmd_export },
	{ "apply",	"ZONE FILE [--dry-run] [--wait]",
	  "send an AWS CLI change-batch file; prints the change id", cmd_apply },
	{ "set-ttl",	"ZONE NAME TYPE TTL [OPTS]",
	  "change a TTL by exact DELETE+CREATE; --set-identifier ID, --wait", cmd_set_ttl },
	{ "wait",	"CHANGE_ID [--timeout S]", "wait until a change is INSYNC",	cmd_wait },
	{ "stage",	"ZONE FILE",		"stage an AWS CLI change-batch file as edits (nothing is sent)",
	  cmd_stage },
	{ "staged",	"[ZONE]",		"list staged edits with their ids",	cmd_staged },
	{ "discard",	"ID | --all [ZONE]",	"drop staged edits",			cmd_discard },
	{ "apply-staged", "ZONE [OPTS]",
	  "send a zone's staged edits (exact DELETE+CREATE); --dry-run, --wait", cmd_apply_staged },
	{ "history",	"[ZONE]",		"batches applied from this cache",	cmd_history },
	{ "rollback",	"ZONE [OPTS]",
	  "undo the zone's last applied batch if nothing drifted; --dry-run, --wait", cmd_rollback },
	{ "domains",	"",			"list registered domains (Route 53 Domains)", cmd_domains },
	{ "domain",	"NAME",			"show a registered domain and its name servers",
	  cmd_domain },
	{ "healthchecks", "[--status]",		"list health checks",			cmd_healthchecks },
	{ "sync",	"[ZONE]",		"refresh the cache from Route 53 (everything, or one zone)",
	  cmd_sync },
	{ "search",	"TEXT [--zone ZONE] [--exact]",
	  "search names and values in the cached zones; --exact: whole names and values",
	  cmd_search },
	{ "trace", "NAME [TYPE] [--root-hints FILE]", "resolve NAME from the root, step by step", cmd_trace_run },
	{ "delegation", "DOMAIN [--zone-ns NS,..]", "check the parent's NS against the zone's (exit 0/10-13)", cmd_delegation_run },
	{ NULL, NULL, NULL, NULL },
};
/* clang-format on */

/* The commands that send to Route 53 or read what the cache does not hold: with --offline
 * they are refused (exit 2) instead of quietly going online. (sync says so itself; trace and
 * delegation ask DNS servers, not Route 53.) */
static bool
online_only(const char *name)
{
	static const char *const names[] = { "apply",	     "set-ttl",	 "wait", "domain",
					     "apply-staged", "rollback", NULL };

	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: r53 [OPTIONS] [COMMAND [ARGS...]]\n"
		   "\n"
		   "A terminal hosted-zone manager for Amazon Route 53. With no command, opens the\n"
		   "interactive interface.\n"
		   "\n"
		   "Options:\n"
		   "  --profile P               AWS profile (else AWS_PROFILE, else default)\n"
		   "  --endpoint-url URL        Route 53 endpoint (else AWS_ENDPOINT_URL_ROUTE_53,\n"
		   "                            AWS_ENDPOINT_URL)\n"
		   "  --domains-endpoint-url URL  Route 53 Domains endpoint\n"
		   "  --cache FILE              cache database (default ~/.cache/r53/cache.db)\n"
		   "  --root-hints FILE         where DNS checks start (else R53_ROOT_HINTS, else\n"
		   "                            the root servers): trace, delegation, the guide\n"
		   "  --output text|json        output of commands (default text)\n"
		   "  --offline                 answer from the cache only\n"
		   "  --read-only               refuse every change\n"
		   "  --no-color                no colours (also NO_COLOR)\n"
		   "  --keys                    print the default key bindings (markdown)\n"
		   "  --help, --version\n");
	if (r53_commands[0].name) {
		fprintf(f, "\nCommands:\n");
		for (const struct command *c = r53_commands; c->name; c++) {
			char head[64];
			snprintf(head, sizeof(head), "%s %s", c->name, c->args ? c->args : "");
			fprintf(f, "  %-36s %s\n", head, c->help);
		}
	}
	fprintf(f, "\nExit status: 0 ok, 1 error from the service, 2 usage, 3 cannot reach the "
		   "service.\n");
}

/* Takes the value of option @name at argv[*i] ("--x V" or "--x=V"); NULL if not that option. */
static const char *
opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

int
main(int argc, char **argv)
{
	struct cli cli = { 0 };
	int i;

	cli.no_color = getenv("NO_COLOR") && *getenv("NO_COLOR");
	if (getenv("R53_ROOT_HINTS") && *getenv("R53_ROOT_HINTS"))
		cli.root_hints = getenv("R53_ROOT_HINTS");
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v;
		int missing = 0;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			printf("r53 %s\n", R53_VERSION);
			return EXIT_OK;
		} else if (!strcmp(a, "--keys")) {
			keys_print_markdown(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--offline")) {
			cli.offline = true;
		} else if (!strcmp(a, "--read-only")) {
			cli.read_only = true;
		} else if (!strcmp(a, "--no-color")) {
			cli.no_color = true;
		} else if ((v = opt_value(argc, argv, &i, "--profile", &missing))) {
			cli.profile = v;
		} else if ((v = opt_value(argc, argv, &i, "--endpoint-url", &missing))) {
			cli.endpoint_url = v;
		} else if ((v = opt_value(argc, argv, &i, "--domains-endpoint-url", &missing))) {
			cli.domains_endpoint_url = v;
		} else if ((v = opt_value(argc, argv, &i, "--cache", &missing))) {
			cli.cache_path = v;
		} else if ((v = opt_value(argc, argv, &i, "--root-hints", &missing))) {
			cli.root_hints = v;
		} else if ((v = opt_value(argc, argv, &i, "--output", &missing))) {
			if (!strcmp(v, "json")) {
				cli.output = OUTPUT_JSON;
			} else if (!strcmp(v, "text")) {
				cli.output = OUTPUT_TEXT;
			} else {
				fprintf(stderr, "r53: --output takes text or json, not '%s'\n", v);
				return EXIT_USAGE;
			}
		} else {
			if (missing)
				fprintf(stderr, "r53: %s needs a value\n", a);
			else
				fprintf(stderr, "r53: unknown option '%s' (see r53 --help)\n", a);
			return EXIT_USAGE;
		}
		if (missing) {
			fprintf(stderr, "r53: %s needs a value\n", a);
			return EXIT_USAGE;
		}
	}

	if (i == argc)
		return tui_run(&cli);
	for (const struct command *c = r53_commands; c->name; c++) {
		if (strcmp(c->name, argv[i]))
			continue;
		if (cli.offline && online_only(c->name)) {
			fprintf(stderr, "r53: %s talks to Route 53; it cannot run with --offline\n",
				c->name);
			return EXIT_USAGE;
		}
		return c->run(&cli, argc - i, argv + i);
	}
	fprintf(stderr, "r53: unknown command '%s' (see r53 --help)\n", argv[i]);
	return EXIT_USAGE;
}
