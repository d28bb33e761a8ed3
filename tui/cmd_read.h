/* Where the read-only subcommands get their data: Route 53 (then written into the cache, so a
 * later --offline answers), or the cache with --offline or when Route 53 cannot be reached.
 * Either way the lists come back sorted the same way (zones by name then id, record sets in
 * Route 53 order, domains by name, health checks by id), so the printed output does not
 * depend on the source.
 *
 * Each returns 0 with the output filled, else an exit code after printing why. Answering from
 * the cache prints one notice on stderr with its age:
 *   r53: offline: from the cache, 5 minutes old
 *   r53: cannot reach Route 53 (...); answering from the cache, 5 minutes old
 * With nothing cached the exit code is EXIT_UNREACHABLE. */
#ifndef R53_TUI_CMD_READ_H
#define R53_TUI_CMD_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "cache/cache.h"
#include "client/client.h"
#include "tui/commands.h"

int cmd_read_zones(const struct cli *cli, struct zone_list *out);
/* @zone_arg: a name or an id. @z gets the zone (caller: zone_done), @out its record sets
 * (caller: rrset_list_done). */
int cmd_read_rrsets(const struct cli *cli, const char *zone_arg, struct zone *z,
		    struct rrset_list *out);
int cmd_read_domains(const struct cli *cli, struct domain_list *out);
/* @status: also each check's status (online: GetHealthCheckStatus; cached: the last one read). */
int cmd_read_checks(const struct cli *cli, bool status, struct health_check_list *out);

/* Resolves a ZONE argument (id, /hostedzone/id, or name with or without the trailing dot)
 * among the cached zones into @out. R53_NOTFOUND when none, R53_CONFLICT when several zones
 * share the name (the message lists their ids). */
enum r53_code cmd_cache_find_zone(struct cache *cache, const char *arg, struct zone *out,
				  struct r53_error *err);

/* Subcommands in cmd_sync.c, registered in r53_commands[] (main.c). */
int cmd_sync(const struct cli *cli, int argc, char **argv);
int cmd_search(const struct cli *cli, int argc, char **argv);

#endif
