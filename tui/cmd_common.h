/* Shared by the non-interactive subcommands (tui/cmd_*.c): opening the client, mapping errors
 * to exit codes and one-line messages, resolving ZONE arguments, aligned tables. */
#ifndef R53_TUI_CMD_COMMON_H
#define R53_TUI_CMD_COMMON_H

#include <stdio.h>

#include "client/client.h"
#include "tui/commands.h"

/* enum r53_exit for an error code: R53_HTTP -> unreachable, R53_USAGE -> usage, else service. */
int cmd_exit_for(enum r53_code code);
/* Prints "r53: <text>" on stderr and returns the exit code for @err. */
int cmd_fail(const struct r53_error *err);
/* Opens a client from the global options; prints and returns nonzero exit on failure. */
int cmd_client_open(const struct cli *cli, struct r53_client **out);
/* Resolves ZONE (name or id) into @z; prints and returns an exit code on failure, 0 on success. */
int cmd_zone(struct r53_client *c, const char *arg, struct zone *z);
/* Prints @j (a json_t *) to stdout, indented like the AWS CLI, and drops the reference. */
void cmd_print_json(void *j);

/* Aligned text tables: cells are collected, widths computed, then printed. */
struct table {
	char **cells; /* owned */
	size_t ncols, ncells, cap;
};
void table_init(struct table *t, size_t ncols);
/* Adds one row of @t->ncols cells (copied; NULL prints "-"). */
void table_row(struct table *t, const char *const *cells);
/* Prints with two spaces between columns; the last column is not padded. Frees the cells. */
void table_print(struct table *t, FILE *f);

/* An rrset's values joined by " ", or "ALIAS dns-name": whole, however long (a TXT value is up
 * to 4,000 characters, and a set holds many). Owned by the caller (free); NULL when out of
 * memory. */
char *rrset_value_text(const struct rrset *rr);
/* One rrset as a diff line on @f: "@sign www.example.com. A 300 192.0.2.1 [weighted 10 blue]"
 * (r53 staged, apply-staged --dry-run, conflicts). */
void rrset_print_line(FILE *f, const char *sign, const struct rrset *rr);

/* Parses "--name" options out of argv after the positional ones. */
const char *cmd_opt(int argc, char **argv, int *i, const char *name);

/* The whole of file @path ("-": stdin), NUL-terminated, into a malloc'd buffer (caller
 * frees); *@len gets its length. NULL with @err set when unreadable or over 64 MiB. */
char *cmd_read_file(const char *path, size_t *len, struct r53_error *err);

#endif
