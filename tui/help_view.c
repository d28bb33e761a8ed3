/* The help view, generated from the live keymap (defaults plus the user's bindings) and the
 * request table, so it cannot drift from what the keys do. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

struct help_state {
	char keymap[32];
	/* the same help twice, owned: @wide in columns (key, request, what it does), @narrow
	 * stacked (the keys and the request's name, then what it does on a line of its own,
	 * indented); help_lines() picks by the screen's width, so a resize switches */
	char **wide, **narrow;
	size_t nwide, capwide, nnarrow, capnarrow;
	int wide_cols; /* below this many columns, the narrow form */
};

/* A term and what it means: one row in the wide form, two in the narrow one. A term "" goes
 * on with the row before it. */
struct help_pair {
	const char *term, *text;
};

static const struct help_pair help_commands[] = {
	{ ":zones", "the hosted zones" },
	{ ":records NAME", "the record sets of zone NAME" },
	{ ":domains  :hc  :staged", "registered domains, health checks, staged changes" },
	{ ":sync", "read from Route 53" },
	{ ":filter TEXT", "set the filter" },
	{ ":bind KEYMAP KEY REQ", "bind a key (also in ~/.config/r53/config)" },
	{ ":q  :q!", "quit (asks when edits are staged) / quit now" },
	{ ":REQUEST", "any request above by name, e.g. :move-last" },
	{ NULL, NULL },
};
#define HELP_COMMANDS_W 22

static const struct help_pair help_filter[] = {
	{ "www", "name, type, value, routing or comment contains www" },
	{ "type:MX", "type is MX (type:A,AAAA for several)" },
	{ "name:api", "name contains api;  value:10.0. routing:weighted" },
	{ "ttl:<300", "TTL below 300 s (also >, <=, >=, =, and 5m, 1h)" },
	{ "!type:NS", "a leading ! negates; terms separated by spaces all apply" },
	{ NULL, NULL },
};
#define HELP_FILTER_W 14

static const struct help_pair help_edit[] = {
	{ "letters, digits, Space", "type into a text field (j, k, q, ? too); Backspace, C-u clear" },
	{ "a letter on a picker", "jumps to the next choice starting with it; Space the next one" },
	{ "values", "one per row; a new empty row appears as you type (MX: priority" },
	{ "", "and host; TXT: plain text, quoted and split at 255 for you)" },
	{ "TTL", "300, 5m, 1h30m, 2d, 1w" },
	{ "Name (new record sets)", "www is www.ZONE; @ the apex; a trailing dot: fully qualified" },
	{ "F1", "this help" },
	{ NULL, NULL },
};
#define HELP_EDIT_W 24

static bool
lines_add(char ***lines, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		char **nl = realloc(*lines, c * sizeof(*nl));
		if (!nl)
			return false;
		*lines = nl;
		*cap = c;
	}
	(*lines)[*n] = strdup(s);
	return (*lines)[(*n)++] != NULL;
}

/* The same line in both forms (headings, blank lines). */
static bool
help_add(struct help_state *st, const char *s)
{
	bool ok = lines_add(&st->wide, &st->nwide, &st->capwide, s);

	return lines_add(&st->narrow, &st->nnarrow, &st->capnarrow, s) && ok;
}

/* @wide in the wide form; @term and @text as two lines in the narrow one. */
static bool
help_add_pair(struct help_state *st, const char *wide, const char *term, const char *text)
{
	char line[600];
	bool ok = lines_add(&st->wide, &st->nwide, &st->capwide, wide);

	if (!term[0] && st->nnarrow) { /* goes on with the line before */
		char *prev = st->narrow[st->nnarrow - 1], *joined = NULL;

		if (asprintf(&joined, "%s %s", prev, text) < 0)
			return false;
		free(prev);
		st->narrow[st->nnarrow - 1] = joined;
		return ok;
	}
	snprintf(line, sizeof(line), "  %s", term);
	ok &= lines_add(&st->narrow, &st->nnarrow, &st->capnarrow, line);
	snprintf(line, sizeof(line), "    %s", text);
	/* both rows are tried even when the first failed: what fits is shown */
	return lines_add(&st->narrow, &st->nnarrow, &st->capnarrow, line) && ok;
}

static bool
help_section(struct help_state *st, const char *title, const struct help_pair *p, int w)
{
	char line[600];
	bool ok = help_add(st, "");

	ok = help_add(st, title) && ok;

	for (; p->term; p++) {
		snprintf(line, sizeof(line), "  %-*s %s", w, p->term, p->text);
		ok &= help_add_pair(st, line, p->term, p->text);
	}
	return ok;
}

static enum r53_code
help_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct help_state *st = view->private;
	char line[600], term[300], text[300];
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
	/* what it does gets 30 columns at least in the wide form, else the narrow one */
	st->wide_cols = 2 + kw + 2 + nw + 2 + 30;
	for (int r = REQ_FIRST; r < REQ_NONE; r++) {
		char keys[128];
		keys_for_request(st->keymap, (enum request)r, keys, sizeof(keys));
		if (!keys[0])
			continue;
		snprintf(text, sizeof(text), "%s%s", request_help((enum request)r),
			 app->read_only && request_edits((enum request)r) ? " (off: read-only)" : "");
		snprintf(line, sizeof(line), "  %-*s  %-*s  %s", kw, keys, nw,
			 request_name((enum request)r), text);
		snprintf(term, sizeof(term), "%s  %s", keys, request_name((enum request)r));
		ok &= help_add_pair(st, line, term, text);
	}
	if (!strcmp(st->keymap, "edit"))
		ok &= help_section(st, "Typing in the editor", help_edit, HELP_EDIT_W);
	ok &= help_section(st, "Commands (type : first)", help_commands, HELP_COMMANDS_W);
	ok &= help_section(st, "Filter (type / first)", help_filter, HELP_FILTER_W);
	return ok ? R53_OK : r53_error_set(err, R53_NOMEM, "help", "out of memory");
}

/* The form for the screen's width now. */
static char *const *
help_form(const struct help_state *st, size_t *n)
{
	bool narrow = COLS < st->wide_cols;

	*n = narrow ? st->nnarrow : st->nwide;
	return narrow ? st->narrow : st->wide;
}

/* Lines wrap at the screen's width (a 40-column terminal reads every word), the rows after
 * the first indented. */
#define HELP_INDENT 4

static size_t
help_lines(const struct view *view)
{
	const struct help_state *st = view->private;
	size_t n;
	char *const *lines = help_form(st, &n);

	return display_hang_rows(lines, n, HELP_INDENT, false);
}

static void
help_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
	       bool selected)
{
	const struct help_state *st = view->private;
	const char *row = NULL;
	size_t len = 0, i, n;
	bool first = false;
	attr_t a;
	char *const *lines = help_form(st, &n);

	i = display_hang_row(lines, n, lineno, HELP_INDENT, false, &row, &len, &first);
	if (i == n)
		return;
	a = selected ? display_attr(ROLE_CURSOR)
	    : lines[i][0] && lines[i][0] != ' ' ? display_attr(ROLE_HEADING)
						: A_NORMAL;
	display_hang_draw(y, width, row, len, first, HELP_INDENT, a);
}

static void
help_draw_header(const struct view *view, struct app *app, int y, int width)
{
	display_hline(y, width, A_NORMAL);
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

	for (size_t i = 0; i < st->nwide; i++)
		free(st->wide[i]);
	free(st->wide);
	for (size_t i = 0; i < st->nnarrow; i++)
		free(st->narrow[i]);
	free(st->narrow);
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
