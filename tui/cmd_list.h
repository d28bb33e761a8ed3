/* The subcommands' entry points, registered in r53_commands[] (tui/main.c). Each takes argv
 * with argv[0] the command name and returns an enum r53_exit value. */
#ifndef R53_TUI_CMD_LIST_H
#define R53_TUI_CMD_LIST_H

#include "tui/commands.h"

int cmd_zones(const struct cli *cli, int argc, char **argv);	    /* cmd_list.c */
int cmd_records(const struct cli *cli, int argc, char **argv);
int cmd_healthchecks(const struct cli *cli, int argc, char **argv);
int cmd_domains(const struct cli *cli, int argc, char **argv);
int cmd_domain(const struct cli *cli, int argc, char **argv);
int cmd_export(const struct cli *cli, int argc, char **argv);	    /* cmd_export.c */
int cmd_apply(const struct cli *cli, int argc, char **argv);	    /* cmd_apply.c */
int cmd_set_ttl(const struct cli *cli, int argc, char **argv);
int cmd_wait(const struct cli *cli, int argc, char **argv);
int cmd_stage(const struct cli *cli, int argc, char **argv);	    /* cmd_staged.c */
int cmd_staged(const struct cli *cli, int argc, char **argv);
int cmd_discard(const struct cli *cli, int argc, char **argv);
int cmd_apply_staged(const struct cli *cli, int argc, char **argv);
int cmd_history(const struct cli *cli, int argc, char **argv);
int cmd_rollback(const struct cli *cli, int argc, char **argv);

#endif
