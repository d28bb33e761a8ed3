/* Requests: everything a key can ask the TUI to do, declared once with its help text (tig's
 * REQ_INFO). The help view, `r53 --keys`, the config parser (`bind KEYMAP KEY REQUEST`) and
 * the `:` prompt all read this one list; each entry is (id, key-bar label, help). A request's config name is its id in lower case with
 * '-' for '_' (REQ_MOVE_DOWN is "move-down"). */
#ifndef R53_TUI_REQUEST_H
#define R53_TUI_REQUEST_H

#include <stdbool.h>

#include <curses.h>

/* clang-format off */
#define REQ_INFO(_) \
	_(MOVE_UP,		"Up",		"Move cursor one line up") \
	_(MOVE_DOWN,		"Down",		"Move cursor one line down") \
	_(MOVE_PAGE_UP,		"Page up",	"Move cursor one page up") \
	_(MOVE_PAGE_DOWN,	"Page down",	"Move cursor one page down") \
	_(MOVE_FIRST,		"First",		"Move cursor to the first line") \
	_(MOVE_LAST,		"Last",		"Move cursor to the last line") \
	_(ENTER,		"Open",		"Open the selected zone or record set") \
	_(BACK,			"Back",			"Close the view, or clear the filter first") \
	_(QUIT,			"Quit",			"Close the view; quit from the first one") \
	_(QUIT_ALL,		"Quit all",		"Quit r53 (asks when edits are staged)") \
	_(FILTER,		"Filter",		"Filter as you type: text, type:MX, ttl:<300, !negate") \
	_(PROMPT,		"Command",		"Type a command (:zones, :records NAME, :q ...)") \
	_(MARK,			"Mark",			"Mark or unmark the selected row") \
	_(SORT,			"Sort",			"Cycle the sort order (Route 53, name, type, TTL)") \
	_(HELP,			"Help",			"Show the keys of this view") \
	_(REFRESH,		"Reload",		"Reload the view; read it again from Route 53 when online") \
	_(REDRAW,		"Redraw",		"Redraw the screen") \
	_(SYNC,			"Sync",			"Read the zone on screen, else everything, from Route 53") \
	_(VIEW_ZONES,		"Zones",		"Open the hosted zones view") \
	_(VIEW_STAGED,		"Staged",		"Open the staged changes view") \
	_(VIEW_DOMAINS,		"Domains",		"Open the registered domains view") \
	_(VIEW_HC,		"Checks",		"Open the health checks view") \
	_(EDIT,			"Edit",			"Edit the selected record set") \
	_(ADD,			"Add",			"Add a record set to this zone") \
	_(TTL,			"TTL",			"Set the TTL of the selected or marked record sets") \
	_(DELETE,		"Delete",		"Delete the selected or marked record sets (staged)") \
	_(STAGE,		"Stage",		"Stage the edit when every field is valid") \
	_(CHOICE_NEXT,		"Next",			"Next choice in a picker field") \
	_(CHOICE_PREV,		"Prev",			"Previous choice in a picker field") \
	_(DISCARD,		"Discard",		"Discard the selected staged edit") \
	_(DISCARD_ALL,		"Discard all",		"Discard every staged edit (asks first)") \
	_(APPLY,		"Apply",		"Send the staged edits to Route 53") \
	_(ROLLBACK,		"Rollback",		"Roll back the zone's last applied batch (shows it, asks)") \
	_(ZONE_ADD,		"Create",		"Create a hosted zone: name, comment, public or private (VPC)") \
	_(ZONE_DELETE,		"Delete",		"Delete the selected hosted zone (only an empty one; type its name)") \
	_(HC_ADD,		"Create",		"Create a health check: endpoint (IP or domain, port, path), CALCULATED, inverted, disabled") \
	_(HC_DELETE,		"Delete",		"Delete the selected health check (not while record sets use it)") \
	_(CREATE,		"Create",		"Send the form to Route 53 when every field is valid") \
	_(GUIDE,		"Delegate",		"Guide: delegate the domain to its hosted zone, step by step") \
	_(GUIDE_ZONE,		"Create zone",		"Guide: create the hosted zone named like the domain (asks)") \
	_(GUIDE_UPDATE,		"Update NS",		"Guide: set the registrar's name servers to the zone's (asks)") \
	_(GUIDE_CHECK,		"Check",		"Guide: check the delegation now (else every 30 s)") \
	_(GUIDE_NEXT_ZONE,	"Next zone",		"Guide: use the next hosted zone of the same name")
/* clang-format on */

enum request {
	REQ_UNKNOWN = KEY_MAX + 1, /* requests never collide with curses key codes */
#define REQ_ENUM(id, label, help) REQ_##id,
	REQ_INFO(REQ_ENUM)
#undef REQ_ENUM
	REQ_NONE, /* consumed: nothing left to do */
	REQ_END
};

#define REQ_FIRST (REQ_UNKNOWN + 1)

/* "move-down"; NULL for REQ_UNKNOWN, REQ_NONE. Static string. */
const char *request_name(enum request req);
/* "Move cursor one line down"; "" when none. Static string. */
const char *request_label(enum request req); /* short, for the key bar: "Open" */
const char *request_help(enum request req);
/* By config name ("move-down", also "move_down"); REQ_UNKNOWN when none. */
enum request request_parse(const char *name);
/* True for a request that stages, sends or deletes something (e, a, t, d, A, u, ...): off in
 * read-only mode, where the key bar leaves it out, the help marks it and pressing its key
 * says why. */
bool request_edits(enum request req);

#endif
