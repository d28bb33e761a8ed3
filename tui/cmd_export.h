/* The BIND writer behind `r53 export --format bind`, callable on its own (tests, the TUI). */
#ifndef R53_TUI_CMD_EXPORT_H
#define R53_TUI_CMD_EXPORT_H

#include <stdio.h>

#include "models/models.h"

/* Writes @l (the zone's rrsets, Route 53 order) as a master file for zone @z to @f. */
enum r53_code export_bind(FILE *f, const struct zone *z, const struct rrset_list *l,
			  struct r53_error *err);

#endif
