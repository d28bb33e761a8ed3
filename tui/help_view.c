/* The help view, generated from the live keymap (defaults plus the user's bindings) and the
 * request table, so it cannot drift from what the keys do. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

struct help_state {
	char keymap[32];
	char **lines; /* owned */
	size_t n, cap;
};

static const char *const help_commands[] = {
	":zones                 the hosted zones",
	":records NAME          the record sets of zone NAME",
	":domains  :hc  :staged registered domains, health checks, staged changes",
	":sync                  read from Route 53",
	":filter TEXT           set the filter",
	":bind KEYMAP KEY REQ   bind a key (also in ~/.config/r53/config)",
	":q  :q!                quit (asks when edits are staged) / quit now",
	":REQUEST               any request above by name, e.g. :move-last",
	NULL,
};

static const char *const help_filter[] = {
	"www            name, type, value, routing or comment contains www",
	"type:MX        type is MX (type:A,AAAA for several)",
	"name:api       name contains api;  value:10.0. routing:weighted",
	"ttl:<300       TTL below 300 s (also >, <=, >=, =, and 5m, 1h)",
	"!type:NS       a leading ! negates; terms separated by spaces all apply",
	NULL,
};

static const char *const help_edit[] = {
	"letters, digits, Space   type into a text field (j, k, q, ? too); Backspace, C-u clear",
	"a letter on a picker     jumps to the next choice starting with it; Space the next one",
	"values                   one per row; a new empty row appears as you type (MX: priority",
	"                         and host; TXT: plain text, quoted and split at 255 for you)",
	"TTL                      300, 5m, 1h30m, 2d, 1w",
	"Name (new record sets)   www is www.ZONE; @ the apex; a trailing dot: fully qualified",
	"F1                       this help",
	NULL,
};

static bool
help_add(struct help_state *st, const char *s)
{
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		char **n = realloc(st->lines, cap * sizeof(*n));
		if (!n)
			return false;
		st->lines = n;
		st->cap = cap;
	}
	st->lines[st->n] = strdup(s);
	return st->lines[st->n++] != NULL;
}

static enum r53_code
help_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct help_state *st = view->private;
	char line[512];
	bool ok = true;

	snprintf(st->keymap, sizeof(st->keymap), "%s", arg ? arg : "generic");
	snprintf(line, sizeof(line), "Keys in the %s view", st->keymap);
	ok &= help_add(st, line);
	/* Columns as wide as their longest entry (a user's bindings can make a key list long). */
	int kw = 0, nw = 0;
	for (int r = REQ_FIRST; r < REQ_NONE; r++) {
		char keys[128];
		keys_for_request(st->keymap, (enum request)r, keys, sizeof(keys));
		if (!keys[0])
			continue;
		if ((int)strlen(keys) > kw)
			kw = (int)strlen(keys);
		if ((int)strlen(request_name((enum request)r)) > nw)
			nw = (int)strlen(request_name((enum request)r));
	}
	for (int r = REQ_FIRST; r < REQ_NONE; r++) {
		char keys[128];
		keys_for_request(st->keymap, (enum request)r, keys, sizeof(keys));
		if (!keys[0])
			continue;
		snprintf(line, sizeof(line), "  %-*s  %-*s  %s", kw, keys, nw,
			 request_name((enum request)r), request_help((enum request)r));
		ok &= help_add(st, line);
	}
	if (!strcmp(st->keymap, "edit")) {
		ok &= help_add(st, "");
		ok &= help_add(st, "Typing in the editor");
		for (int i = 0; help_edit[i]; i++) {
			snprintf(line, sizeof(line), "  %s", help_edit[i]);
			ok &= help_add(st, line);
		}
	}
	ok &= help_add(st, "");
	ok &= help_add(st, "Commands (type : first)");
	for (int i = 0; help_commands[i]; i++) {
		snprintf(line, sizeof(line), "  %s", help_commands[i]);
		ok &= help_add(st, line);
	}
	ok &= help_add(st, "");
	ok &= help_add(st, "Filter (type / first)");
	for (int i = 0; help_filter[i]; i++) {
		snprintf(line, sizeof(line), "  %s", help_filter[i]);
		ok &= help_add(st, line);
	}
	return ok ? R53_OK : r53_error_set(err, R53_NOMEM, "help", "out of memory");
}

/* Lines wrap at the screen's width (a 40-column terminal reads every word), the rows after
 * the first indented. */
#define HELP_INDENT 4

static size_t
help_lines(const struct view *view)
{
	const struct help_state *st = view->private;

	return display_hang_rows(st->lines, st->n, HELP_INDENT, false);
}

static void
help_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
	       bool selected)
{
	const struct help_state *st = view->private;
	const char *row = NULL;
	size_t len = 0, i;
	bool first = false;
	attr_t a;

	i = display_hang_row(st->lines, st->n, lineno, HELP_INDENT, false, &row, &len, &first);
	if (i == st->n)
		return;
	a = selected ? display_attr(ROLE_CURSOR)
	    : st->lines[i][0] && st->lines[i][0] != ' ' ? display_attr(ROLE_HEADING)
							: A_NORMAL;
	display_hang_draw(y, width, row, len, first, HELP_INDENT, a);
}

static void
help_draw_header(const struct view *view, struct app *app, int y, int width)
{
	const char *h = display_glyph(GLYPH_HLINE);
	char buf[1024] = "";

	for (int i = 0; i < width && strlen(buf) + strlen(h) < sizeof(buf); i++)
		strcat(buf, h);
	display_text(y, 0, buf, width, A_NORMAL);
}

static enum request
help_request(struct view *view, struct app *app, enum request req)
{
	switch (req) {
	case REQ_ENTER:
	case REQ_HELP:
		return REQ_BACK;
	case REQ_MARK:
	case REQ_SORT:
		return REQ_NONE;
	default:
		return req;
	}
}

static void
help_title(const struct view *view, char *buf, size_t bufsz)
{
	const struct help_state *st = view->private;
	snprintf(buf, bufsz, "help %s", st->keymap);
}

static void
help_done(struct view *view)
{
	struct help_state *st = view->private;

	for (size_t i = 0; i < st->n; i++)
		free(st->lines[i]);
	free(st->lines);
}

static const enum request help_keybar[] = { REQ_MOVE_DOWN, REQ_MOVE_PAGE_DOWN, REQ_QUIT,
					    REQ_NONE };

const struct view_ops help_ops = {
	.name = "help",
	.private_size = sizeof(struct help_state),
	.load = help_load,
	.lines = help_lines,
	.draw_header = help_draw_header,
	.draw_line = help_draw_line,
	.request = help_request,
	.title = help_title,
	.keybar = help_keybar,
	.done = help_done,
};
