/* The one way r53 opens its cache: the TUI (source_open) and every subcommand, so they read
 * the same rows and treat a loose, corrupt, foreign or newer file the same way. */
#ifndef R53_TUI_CACHE_OPEN_H
#define R53_TUI_CACHE_OPEN_H

#include <stddef.h>

#include "cache/cache.h"
#include "tui/commands.h"

/* The cache namespace the CLI options select: profile (--profile, AWS_PROFILE, "default") and
 * endpoint (--endpoint-url, AWS_ENDPOINT_URL_ROUTE_53, AWS_ENDPOINT_URL, the AWS endpoint),
 * the endpoint in one form (endpoint_key, models.h) so that two spellings of one URL share rows. */
void cache_namespace(const struct cli *cli, char *profile, size_t profilesz, char *endpoint,
		     size_t endpointsz);

/* Opens --cache FILE (or the default path) in that namespace. A file cache_open() set aside
 * (not an r53 cache) is replaced by a fresh cache: the set-aside message, naming both files,
 * and cache_warning() (modes fixed) go into @notice ("" when none) for the caller to show:
 * stderr for a subcommand, the status line in the TUI. A file written by a newer r53 is
 * refused (@err names it) and left as it is. */
enum r53_code cache_open_cli(const struct cli *cli, struct cache **out, char *notice,
			     size_t noticesz, struct r53_error *err);

/* cache_open_cli() for a subcommand: the notice is printed on stderr ("r53: ..."); on failure
 * @err says why and nothing is printed (the caller picks the exit code). */
enum r53_code cmd_cache_open(const struct cli *cli, struct cache **out, struct r53_error *err);

#endif
