/* The interactive part of r53: the core (display, app loop, keys, script), the views and the
 * one data source they read. Only tui/ includes curses (make check-layers). */
#ifndef R53_TUI_TUI_H
#define R53_TUI_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <curses.h>

#include "cache/cache.h"
#include "models/models.h"
#include "tui/commands.h"
#include "tui/request.h"

struct app;
struct view;
struct source;
struct app_net;
struct app_send;
struct r53_client;

/*
 * Views (tig's view_ops): a view file ends in its `const struct view_ops`.
 */
struct view_ops {
	const char *name;    /* keymap name and title: "zones", "records", "help" */
	size_t private_size; /* the core callocs view->private with this size */
	/* Fills view->private from the source; @arg is the view's argument (zone name for
	 * records, NULL otherwise). Called on open and on REQ_REFRESH (after done()). */
	enum r53_code (*load)(struct view *view, struct app *app, const char *arg,
			      struct r53_error *err);
	/* Number of visible (filtered) lines. */
	size_t (*lines)(const struct view *view);
	/* Column headings on row @y (may be NULL: no heading row). */
	void (*draw_header)(const struct view *view, struct app *app, int y, int width);
	/* One line; @selected draws it as the cursor line. */
	void (*draw_line)(const struct view *view, struct app *app, int y, int width,
			  size_t lineno, bool selected);
	/* Raw keys before the key table (forms type into fields); true when consumed. May be
	 * NULL. */
	bool (*key)(struct view *view, struct app *app, int key);
	/* Return REQ_NONE when consumed, else a request for the generic driver. */
	enum request (*request)(struct view *view, struct app *app, enum request req);
	/* Applies filter text (already in view->filter); NULL when the view cannot filter. */
	enum r53_code (*filter)(struct view *view, struct r53_error *err);
	/* Title for the status line: "records example.com.". */
	void (*title)(const struct view *view, char *buf, size_t bufsz);
	/* Requests shown in the bottom key bar, REQ_NONE-terminated. */
	const enum request *keybar;
	/* Frees what view->private points to; the core frees view->private itself. */
	void (*done)(struct view *view);
	/* May be NULL. Called by the loop between keys (at least every 250 ms) for every view on
	 * the stack: background work that is not Route 53's (a child process, a timer). */
	void (*tick)(struct view *view, struct app *app);
	/* May be NULL (then done() and load()). Re-reads the source in place, for a view whose
	 * state must survive a reload (a running check, a countdown). */
	void (*reload)(struct view *view, struct app *app);
};

struct view {
	const struct view_ops *ops;
	void *private;	  /* owned by the core: calloc(1, ops->private_size) */
	char *arg;	  /* owned copy of the argument given to load, or NULL */
	size_t offset;	  /* first line on screen */
	size_t lineno;	  /* selected line */
	char filter[256]; /* current filter text ("" none) */
	int height;	  /* body rows at the last draw */
};

extern const struct view_ops zones_ops, records_ops, record_ops, help_ops, edit_ops, staged_ops,
	domains_ops, hc_ops, guide_ops, create_ops;

/* The delegation guide (guide_view.c) for @domain; NULL or "" asks for the domain. */
void guide_open(struct app *app, const char *domain);
/* The guide for what @view shows: a records view's zone; else it asks for the domain. */
void guide_open_from(struct app *app, const struct view *view);

/*
 * The application: view stack, header state, status line
 */
#define VIEW_STACK_MAX 8

struct app {
	const struct cli *cli;
	struct source *src;		      /* owned */
	struct view *stack[VIEW_STACK_MAX]; /* owned; stack[depth-1] is on screen */
	int depth;
	char status[2048]; /* notice or error for the status line (wraps); "" none */
	bool status_error;
	bool quit;		 /* leave the loop */
	bool online;		 /* last contact with Route 53 worked */
	bool ask_quit_done;	 /* the staged-edits question was answered */
	int64_t synced_at;	 /* zone list last read from Route 53; 0 never */
	size_t staged;		 /* staged edits in the cache */
	size_t pending;		 /* applied changes still PENDING (net.c follows them) */
	bool read_only;		 /* --read-only, or `profile NAME read_only` in the config */
	char read_only_why[128]; /* why: "--read-only", "profile work is read_only (config)" */
	const struct view *help_of; /* the view the help view describes (borrowed) */
	struct app_net *net;	 /* owned by net.c: client and sync engine; NULL without */
	struct app_send *send;	 /* owned by send.c: an apply or rollback in flight, or NULL */
	bool syncing;		 /* a sync is running */
};

/* Runs the TUI until quit; returns an enum r53_exit value. */
int tui_run(const struct cli *cli);

/* Shows @fmt on the status line until the next key. */
void app_notice(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Opens a view on top of the stack (loads it); false (and an error on the status line) when
 * it could not load. */
bool app_open_view(struct app *app, const struct view_ops *ops, const char *arg);
/* The one parser for config lines and `:` commands: "bind records e enter", "zones",
 * "records example.com", "q", a request name ("move-down"), "save-display FILE". */
enum r53_code app_command(struct app *app, const char *line, struct r53_error *err);
/* Runs @req as if its key was pressed (the view on top first). */
void app_dispatch(struct app *app, enum request req);
/* Closes the view on top (never the first one). */
void app_close_view(struct app *app);
/* Reads a line on the status row after @prefix; @on_change (may be NULL) runs after every
 * keystroke. True on Enter, false on Esc; @buf holds the text (its start is the default). */
bool app_prompt(struct app *app, const char *prefix, char *buf, size_t bufsz,
		void (*on_change)(struct app *, const char *));
/* app_prompt with @buf's text as a suggestion: shown selected, Enter takes it, the first
 * character typed replaces it (Backspace edits it instead). */
bool app_prompt_suggest(struct app *app, const char *prefix, char *buf, size_t bufsz,
			void (*on_change)(struct app *, const char *));
/* y/N question on the status line; anything but 'y' is no. */
bool app_confirm(struct app *app, const char *question);
/* A typed confirmation: true only when the user types @expected (trailing dot optional). */
bool app_confirm_typed(struct app *app, const char *question, const char *expected);
/* The name a typed confirmation asks for, as the question shows it: an IDN name as people
 * read it and its xn-- form ("bücher.example. (or xn--bcher-kva.example.)"), else @name. */
void app_typed_name(const char *name, char *buf, size_t bufsz);
/* True (and says why on the status line) when edits are off: --read-only or the profile's
 * read_only in the config. */
bool app_refuse_read_only(struct app *app);
/* Paints the screen now (before a blocking call, so its progress shows). */
void app_paint(struct app *app);
/* Re-reads every view on the stack (after staging or discarding) and the staged count. */
void app_reload_all(struct app *app);
/* Re-reads one view from the source, keeping the cursor line. */
void app_reload_view(struct app *app, struct view *view);
/* "5m", "3h", "2d" for an age in seconds; "never" for @then == 0. */
void app_age(int64_t then, char *buf, size_t bufsz);

/*
 * Display (display.c): curses set-up, glyphs, colours, text that fits
 */
/* clang-format off */
#define COLOR_ROLE_INFO(_) \
	/* role		fg		bg		attr (colour)	attr (no colour) */ \
	_(NORMAL,	-1,		-1,		A_NORMAL,	A_NORMAL) \
	_(HEADER,	COLOR_WHITE,	COLOR_BLUE,	A_BOLD,		A_REVERSE) \
	_(TITLE,	COLOR_BLACK,	COLOR_CYAN,	A_NORMAL,	A_REVERSE) \
	_(HEADING,	COLOR_YELLOW,	-1,		A_BOLD,		A_BOLD) \
	_(CURSOR,	COLOR_BLACK,	COLOR_GREEN,	A_BOLD,		A_REVERSE) \
	_(MARKED,	COLOR_MAGENTA,	-1,		A_BOLD,		A_BOLD) \
	_(PROTECTED,	COLOR_BLUE,	-1,		A_DIM,		A_DIM) \
	_(ERROR,	COLOR_WHITE,	COLOR_RED,	A_BOLD,		A_BOLD) \
	_(NOTICE,	COLOR_GREEN,	-1,		A_NORMAL,	A_NORMAL) \
	_(OFFLINE,	COLOR_BLACK,	COLOR_YELLOW,	A_BOLD,		A_REVERSE) \
	_(KEY,		COLOR_BLACK,	COLOR_CYAN,	A_NORMAL,	A_REVERSE) \
	_(KEYHELP,	-1,		-1,		A_NORMAL,	A_NORMAL) \
	_(DIFF_DEL,	COLOR_RED,	-1,		A_NORMAL,	A_NORMAL) \
	_(DIFF_ADD,	COLOR_GREEN,	-1,		A_NORMAL,	A_BOLD) \
	_(WARNING,	COLOR_YELLOW,	-1,		A_BOLD,		A_BOLD)
/* clang-format on */

enum color_role {
#define COLOR_ROLE_ENUM(id, fg, bg, a, mono) ROLE_##id,
	COLOR_ROLE_INFO(COLOR_ROLE_ENUM)
#undef COLOR_ROLE_ENUM
		ROLE_COUNT
};

enum glyph { GLYPH_HLINE, GLYPH_VLINE, GLYPH_ULCORNER, GLYPH_URCORNER, GLYPH_LLCORNER,
	     GLYPH_LRCORNER, GLYPH_ARROW, GLYPH_ELLIPSIS, GLYPH_COUNT };

#define DISPLAY_MIN_COLS 40
#define DISPLAY_MIN_LINES 12

/* newterm() on the terminal, or on /dev/null when R53_NO_DISPLAY=1 (tests). Installs the
 * signal handlers that restore the terminal. False when curses cannot start. */
bool display_init(bool no_color);
/* Restores the terminal; safe to call twice and from atexit. */
void display_done(void);
/* True when the locale is UTF-8 and R53_ASCII is unset: box drawing uses Unicode. */
bool display_utf8(void);
const char *display_glyph(enum glyph g);
attr_t display_attr(enum color_role role);
/* True when the terminal is smaller than DISPLAY_MIN_COLS x DISPLAY_MIN_LINES. */
bool display_too_small(void);
/* Writes UTF-8 @s at (@y, @x) in at most @width columns, padding with spaces; a cut string
 * ends in an ellipsis. Returns the columns used (== @width). */
int display_text(int y, int x, const char *s, int width, attr_t attr);
/* Cuts @s (a buffer of @size bytes) in place to at most @width columns (>= 1), ending in an
 * ellipsis when cut. */
void display_cut(char *s, size_t size, int width);
/* A sentence then hints that fit one row (a heading, the staged summary): @head, then as many
 * of @clauses (NULL-terminated) as fit in @width columns, the first after @sep, the next after
 * ", ", and @end after the last one kept. A clause that does not fit is left out with the
 * ones after it (the key bar and the help say them), never cut mid-word. Writes @buf. */
void display_clauses(char *buf, size_t bufsz, int width, const char *head, const char *sep,
		     const char *const *clauses, const char *end);
/* Bytes of @s that fill one row of @width columns, breaking after a word when the rest does
 * not fit (a word longer than the row is cut); *@skip: blanks to skip before the next row. */
size_t display_row_fit(const char *s, int width, size_t *skip);
/* Lists of lines wrapped at the screen's width with a hanging indent (the help, the record
 * detail): rows after a line's first start at column @indent; with @label the first row's
 * first @indent characters are a label and its text wraps in that same column. Rows are
 * counted from COLS each time, so a resize re-wraps.
 * display_hang_rows: rows all @n lines take.
 * display_hang_row: finds row @lineno: returns its line's index (@n past the end), *@row and
 * *@len its bytes (pointing into the line), *@first whether it is the line's first row.
 * display_hang_draw: draws that row at @y in @width columns. */
size_t display_hang_rows(char *const *lines, size_t n, int indent, bool label);
size_t display_hang_row(char *const *lines, size_t n, size_t lineno, int indent, bool label,
			const char **row, size_t *len, bool *first);
void display_hang_draw(int y, int width, const char *row, size_t len, bool first, int indent,
		       attr_t attr);
/* Writes @s word-wrapped: the first row from column @x0 of row @y, the next rows from column
 * 0, rows after @y_max left out. With @draw false it only counts. Returns the rows @s needs;
 * *@end_x (may be NULL) gets the column after the last character drawn. */
int display_wrap(int y, int x0, const char *s, attr_t attr, int y_max, bool draw, int *end_x);
/* A table cell: display_text in @width - 1 columns, then one blank. Returns @width. */
int display_column(int y, int x, const char *s, int width, attr_t attr);
/* A table's heading row: a blank, then @n titles in columns of widths @w (the last one takes
 * the rest of @width). */
void display_headings(int y, int width, const char *const *titles, const int *w, int n);
/* Columns @s takes on screen (UTF-8). */
int display_width(const char *s);
/* Draws a box of glyphs. */
void display_box(int y, int x, int h, int w, attr_t attr);
/* A horizontal line across columns 0..@width-1 of row @y (the header of a detail view). */
void display_hline(int y, int width, attr_t attr);
/* Dumps the screen as text, one row per line, trailing blanks removed (tests). */
enum r53_code display_save(const char *path, struct r53_error *err);
/* Resizes curses' idea of the screen (tests: `:resize COLS LINES`; real terminals send
 * KEY_RESIZE). */
void display_resize(int cols, int lines);
/* The file descriptor keys come from (for poll with the network). */
int display_input_fd(void);
/* Set by SIGTERM, SIGHUP, SIGINT: the loop leaves cleanly. */
extern volatile int display_signal;

/*
 * Network (net.c): the Route 53 client and the sync engine inside the loop. Results land in
 * the cache; views are re-read between keys (net_apply), never from inside a prompt.
 */
/* After the first frame: creates the client (not with --offline, the fixture source or a
 * script) and starts the background sync. Failing to create the client leaves r53 OFFLINE. */
void net_open(struct app *app);
void net_close(struct app *app);
/* Waits up to @ms for a key or network work, runs finished requests. True when a key is
 * waiting. */
bool net_wait(struct app *app, int ms);
/* Re-reads the views the network changed; puts the zone on screen first in the queue. Called
 * by the loop between keys. */
void net_apply(struct app *app);
/* Reads the zone on screen (or, @all, everything; else the zone list) from Route 53. */
void net_sync(struct app *app, bool all);
/* The TUI's one Route 53 client (borrowed), or NULL when offline: other network work (apply)
 * queues its r53_async_* requests on it and the loop drives them. */
struct r53_client *net_client(struct app *app);
/* Asks net_apply() to re-read the zones and/or health checks views: a request's callback
 * wrote the cache (a zone or a check created or deleted). */
void net_touched(struct app *app, bool zones, bool checks);
/* Scripts only: waits (bounded) until every queued request has been answered, so the next
 * step sees the result. */
void net_drain(struct app *app);
/* True when the loop follows PENDING changes to INSYNC itself (tui/follow.c), so applying
 * need not wait. */
bool net_following(const struct app *app);

/*
 * Keys (keys.c): default key table, user bindings, key names
 */
/* The request bound to @key in @keymap, then in "generic"; REQ_UNKNOWN when none. */
enum request keys_lookup(const char *keymap, int key);
/* Binds @key in @keymap (a user binding wins over the defaults). */
enum r53_code keys_bind(const char *keymap, const char *keyname, const char *reqname,
			struct r53_error *err);
/* Frees user bindings. */
void keys_done(void);
/* Parses a key name at @s ("j", "<Enter>", "<C-l>", "<PgDown>"); returns the curses key and
 * sets *len to the characters used; -1 when @s is not a key. */
int keyname_parse(const char *s, size_t *len);
/* "j", "<Enter>", "<Down>" for a curses key. */
void keyname_format(int key, char *buf, size_t bufsz);
/* Every key of @req in @keymap (and generic unless @keymap is NULL), ", "-joined. */
void keys_for_request(const char *keymap, enum request req, char *buf, size_t bufsz);
/* Checks a binding as keys_bind would make it, binding nothing: sets *key and *req (REQ_NONE
 * for "none"). */
enum r53_code keys_bind_check(const char *keymap, const char *keyname, const char *reqname,
			      int *key, enum request *req, struct r53_error *err);
/* Reads ~/.config/r53/config (or $XDG_CONFIG_HOME/r53/config): one app_command per line,
 * '#' comments. Missing file is fine. Errors name the line. */
enum r53_code keys_load_config(struct app *app, struct r53_error *err);

/*
 * Config text (config.c): no terminal, no app, no file
 */
#define CONFIG_LINE_MAX 1023 /* characters in a config line or a `:` command */
/* Splits @buf in place into at most @max blank-separated words; after "filter WORD" the rest
 * of the line is one word. Returns the count (app_command and the config share it). */
int command_split(char *buf, char **argv, int max);
/* What can be checked of one line without running it: "bind KEYMAP KEY REQUEST" (known
 * keymap, one whole key name, known request or "none") and "profile NAME read_only"; other
 * commands pass (app_command judges them). */
enum r53_code config_check(const char *line, struct r53_error *err);
/* Called with each line that passed config_check (leading blanks skipped). */
typedef enum r53_code (*config_line_fn)(void *ud, const char *line, struct r53_error *err);
/* Reads config text (@len bytes, lines end at \n or \r\n): blank lines and '#' comments are
 * skipped, every other line is checked and given to @fn (may be NULL). The first error comes
 * back as "PATH:LINE: what is wrong"; a NUL byte or a line over CONFIG_LINE_MAX is one. */
enum r53_code config_parse(const char *path, const char *text, size_t len, config_line_fn fn,
			   void *ud, struct r53_error *err);
/* The keymap names a view can use, NULL-terminated. */
extern const char *const keymap_names[];
/* The default keymap as a markdown table (r53 --keys). */
void keys_print_markdown(FILE *f);

/*
 * Script (script.c): R53_SCRIPT=file drives the TUI for screen tests
 */
enum script_step { SCRIPT_NONE, SCRIPT_KEY, SCRIPT_COMMAND, SCRIPT_END };
/* Opens $R53_SCRIPT when set; false when unset. */
bool script_open(struct r53_error *err);
bool script_active(void);
/* R53_SCRIPT_NET=1: a script gets the Route 53 client (not the sync), for tests that create and
 * delete zones and health checks against r53-local; requests are drained between steps. */
bool script_net(void);
/* Next step: a key (*key) or a command line (@cmd, without the ':'). */
enum script_step script_next(int *key, char *cmd, size_t cmdsz);
void script_close(void);

/*
 * Filter (filter.c): "/" text over name, type and value with field filters
 */
enum filter_field { FIELD_ANY, FIELD_NAME, FIELD_TYPE, FIELD_VALUE, FIELD_TTL, FIELD_ROUTING,
		    FIELD_COMMENT };
struct filter_term {
	enum filter_field field;
	bool negate;
	char op;	    /* for ttl: '<' '>' '=' 'l' (<=) 'g' (>=) */
	long number;	    /* for ttl */
	char text[128];	    /* lower case */
};
#define FILTER_TERMS_MAX 16
struct filter {
	struct filter_term terms[FILTER_TERMS_MAX];
	int n;
};
/* What a row offers to the filter; unset strings are NULL, ttl -1 when none. */
struct filter_row {
	const char *name, *type, *routing, *comment;
	const char *const *values;
	size_t nvalues;
	long ttl;
};
/* Compiles @text; R53_INVALID names the bad term ("ttl:<abc"). */
enum r53_code filter_compile(const char *text, struct filter *f, struct r53_error *err);
bool filter_match(const struct filter *f, const struct filter_row *row);
/* True when every row @to matches also matches @from (typing more of a term, or another
 * term), so @to need only be tried on the rows @from kept. */
bool filter_narrows(const struct filter *from, const struct filter *to);

/* A row's text prepared once for filtering many times (the records view's 100,000 rows):
 * lower case in one buffer, "NAME\0TYPE\0VALUE\0VALUE\0...ROUTING\0" (an alias's target is
 * its one value), matched byte for byte. No comment. Same answers as filter_match(). */
struct filter_buf {
	char *data; /* owned */
	size_t len, cap;
};
struct filter_text {
	uint32_t off; /* in filter_buf.data */
	uint32_t name_len, type_len, values_len, routing_len; /* values_len counts the \0s */
};
/* Appends a row; R53_NOMEM, or R53_INVALID when the buffer would pass 4 GB. */
enum r53_code filter_text_add(struct filter_buf *b, struct filter_text *t, const char *name,
			      const char *type, const char *const *values, size_t nvalues,
			      const char *routing);
bool filter_match_text(const struct filter *f, const char *buf, const struct filter_text *t,
		       long ttl);

/*
 * Form (form.c): the fields of an editor, one per row; the owner decides what they mean
 */
enum form_kind { FORM_TEXT, FORM_CHOICE, FORM_NOTE };
struct form_field {
	enum form_kind kind;
	int id;		     /* the owner's field id */
	int index;	     /* the owner's sub-index (value number), else 0 */
	char label[40];
	char *text;	     /* owned (TEXT, NOTE): what is typed or shown */
	const char *const *choices; /* borrowed, NULL-terminated (CHOICE) */
	int choice;	     /* index into choices */
	bool readonly;	     /* shown, not editable */
	bool hidden;	     /* not shown (the owner's visibility rules) */
	bool touched;	     /* typed into since the form opened */
	char error[256];     /* "" when valid: the message shown next to the field */
};
struct form {
	struct form_field *fields; /* owned array */
	size_t n, cap;
	size_t *visible;	   /* owned: indexes of shown fields */
	size_t nvisible;
};
void form_init(struct form *f);
void form_done(struct form *f);
/* Inserts a field at @pos (f->n appends); copies @text. NULL when out of memory. The
 * pointer is valid until the next insert. */
struct form_field *form_insert(struct form *f, size_t pos, enum form_kind kind, int id,
			       int index, const char *label, const char *text);
/* Removes field @pos. */
void form_remove(struct form *f, size_t pos);
/* Replaces a field's text. False when out of memory. */
bool form_set_text(struct form_field *fld, const char *text);
/* The field's value: its text, or its choice ("" when none). Borrowed. */
const char *form_value(const struct form_field *fld);
/* Selects the choice equal to @value; false (choice unchanged) when none is. */
bool form_choose(struct form_field *fld, const char *value);
/* A key typed into a field: printable text, Backspace, C-u (clear); Space cycles a
 * choice. True when the field changed. */
bool form_key(struct form_field *fld, int key);
/* Moves a choice by @delta (wraps). */
void form_step(struct form_field *fld, int delta);
/* Recomputes f->visible from the hidden flags. False when out of memory. */
bool form_layout(struct form *f);
/* Whether @fld's error fits whole next to its value at @width columns (form_draw's layout);
 * when it does not, the views put it on the status line too. */
bool form_error_shown(const struct form_field *fld, int width);
/* Draws visible field @lineno on row @y: label, value, and the error next to it. */
void form_draw(const struct form *f, size_t lineno, int y, int width, bool selected);

/*
 * Editing actions shared by the records and record views (edit_view.c)
 */
/* Stages TTL @ttl (asked on the status line) for @rrs (aliases are skipped). */
void edit_ask_ttl(struct app *app, const char *zone_id, struct rrset *const *rrs, size_t n);
/* Stages deletion of @rrs after the confirmations the safety rules ask for; @zone_size is
 * the zone's record set count (the 30 % rule). */
void edit_ask_delete(struct app *app, const char *zone_id, struct rrset *const *rrs, size_t n,
		     size_t zone_size);
/* Rolls back zone @zone_id's last applied batch: checks it against Route 53, shows it, asks,
 * sends (records view `u`, zones view `u`). Reloads every view: pass copies, not pointers
 * into a view's state. */
void edit_ask_rollback(struct app *app, const char *zone_id, const char *zone_display);
/* Applies staged @edits to @list (old removed by key, new added), sorted. @keep_deleted: a
 * deleted record set stays (the records view marks it) unless a new one takes its key. */
enum r53_code staged_overlay(struct rrset_list *list, const struct staged_edit *edits, size_t n,
			     bool keep_deleted, struct r53_error *err);
/* Index of the record set with @rr's key in @list (sorted in Route 53 order), or -1. */
long rrset_list_bsearch(const struct rrset_list *list, const struct rrset *rr);
/* "app.example.com. A green": @rr's name as the terminal shows it, type and set id, into
 * @buf; returns @buf. How messages and questions name one record set. */
const char *rr_label(const struct rrset *rr, char *buf, size_t bufsz);
/* True when @rr is the apex NS or SOA of @zone_name. */
bool rrset_protected(const struct rrset *rr, const char *zone_name);

/*
 * Source (source.c): the only file that calls cache_* (or reads the dev fixture)
 */
enum r53_code source_open(const struct cli *cli, struct source **out, struct r53_error *err);
/* What opening the cache fixed or replaced (modes tightened, a damaged file set aside), for
 * the status line; NULL when nothing. Borrowed. */
const char *source_open_notice(const struct source *src);
void source_close(struct source **src);
/* "default", "http://127.0.0.1:4566" or "route53.amazonaws.com". Borrowed. */
const char *source_profile(const struct source *src);
const char *source_endpoint(const struct source *src);
/* The cache behind the source (borrowed), or NULL with the TEST/DEV fixture: the sync engine
 * writes into it. */
struct cache *source_cache(struct source *src);
/* Zones sorted by name; caller frees with zone_done() each then free(). */
enum r53_code source_list_zones(struct source *src, struct zone **zones, size_t *n,
				int64_t *synced_at, struct r53_error *err);
/* Registered domains, by name (caller: domain_done() each, then free()); none from a fixture. */
enum r53_code source_list_domains(struct source *src, struct domain **domains, size_t *n,
				  struct r53_error *err);
/* Health checks with their last status (caller: health_check_done() each, then free()). */
enum r53_code source_list_health_checks(struct source *src, struct health_check **checks,
					size_t *n, struct r53_error *err);
/* After Route 53 created or deleted a zone or a health check: the cache follows at once, so
 * every view shows it before the next sync. R53_CACHE with the fixture source. */
enum r53_code source_put_zone(struct source *src, const struct zone *z, struct r53_error *err);
enum r53_code source_delete_zone(struct source *src, const char *zone_id, struct r53_error *err);
enum r53_code source_put_health_check(struct source *src, const struct health_check *h,
				      struct r53_error *err);
enum r53_code source_delete_health_check(struct source *src, const char *id,
					 struct r53_error *err);
/* The record set with this key (set_id NULL for simple routing), or *out NULL when none;
 * caller: rrset_free(&rr). */
enum r53_code source_get_rrset(struct source *src, const char *zone_id, const char *name,
			       enum rr_type type, const char *set_id, struct rrset **out,
			       struct r53_error *err);
/* The name servers of zone @z: its delegation set when GetHostedZone was read, else its apex
 * NS record set (ListHostedZones carries no name servers; the apex NS is what the zone's
 * servers answer, the same four unless someone edited it). *@ns points into @z or into
 * *@apex (caller: rrset_free(apex)); false when neither is known. */
bool source_zone_ns(struct source *src, const struct zone *z, char *const **ns, size_t *n,
		    struct rrset **apex);
/* Record sets of zone @zone_id, Route 53 order, appended to @out. */
enum r53_code source_list_rrsets(struct source *src, const char *zone_id,
				 struct rrset_list *out, int64_t *synced_at,
				 struct r53_error *err);
/* When zone @zone_id was last listed completely; 0 never or unknown. */
int64_t source_zone_synced_at(struct source *src, const char *zone_id);
/* Staged edits, all zones. */
size_t source_staged_count(struct source *src);
/* Journals an edit of zone @zone_id: @old_rr exactly as it was (NULL: a create), @new_rr
 * (NULL: a delete). Durable in the cache when it returns R53_OK; only then may the screen
 * say "staged". A second edit of the same record set folds into the first (old stays the
 * original; none is left when the record set is back to how it was). */
enum r53_code source_stage(struct source *src, const char *zone_id, const struct rrset *old_rr,
			   const struct rrset *new_rr, struct r53_error *err);
/* Several source_stage() calls as one (the marked rows' `t` and `d`): between
 * source_stage_group_begin() and source_stage_group_end() they reach the cache together, when
 * @commit, or not at all, so a crash or dropped session in the middle leaves none of them. */
enum r53_code source_stage_group_begin(struct source *src, struct r53_error *err);
enum r53_code source_stage_group_end(struct source *src, bool commit, struct r53_error *err);
/* Staged edits of one zone (NULL: all), oldest first. Free with source_staged_free(). */
enum r53_code source_list_staged(struct source *src, const char *zone_id,
				 struct staged_edit **edits, size_t *n, struct r53_error *err);
void source_staged_free(struct staged_edit *edits, size_t n);
/* Discards staged edit @id; @id 0 discards all. */
enum r53_code source_discard(struct source *src, int64_t id, struct r53_error *err);
/* Sends the staged edits of every zone to Route 53 (tui/apply.c), blocking, on a client of
 * its own: for when the loop has no client (a script); else send_apply() (tui/send.h). With
 * @wait also waits for INSYNC (bounded). @progress (may be NULL) gets lines like "change C1
 * PENDING; waiting for INSYNC". @summary gets "1 change sent, change C1 INSYNC". A conflict
 * (a record set changed remotely) is R53_CONFLICT naming it and what Route 53 holds now; the
 * edits stay staged. The test fixture and --offline cannot apply (R53_HTTP). */
enum r53_code source_apply(struct source *src, bool wait,
			   void (*progress)(void *arg, const char *text), void *arg, char *summary,
			   size_t summarysz, struct r53_error *err);
/* The rollback of zone @zone_id's last applied batch, checked for drift against Route 53:
 * @diff gets the question send.c's loop asks (send_rollback_question): "undo change C1:
 * -a.example.com. A +a.example.com. A and 3 more changes?". */
enum r53_code source_rollback_plan(struct source *src, const char *zone_id, char *diff,
				   size_t diffsz, struct r53_error *err);
/* Sends that rollback (drift-checked again) and waits like source_apply(). */
enum r53_code source_rollback(struct source *src, const char *zone_id, bool wait,
			      void (*progress)(void *arg, const char *text), void *arg,
			      char *summary, size_t summarysz, struct r53_error *err);
/* Canonical name of zone @zone_id into @buf (the id itself when unknown); returns @buf. */
const char *source_zone_name(struct source *src, const char *zone_id, char *buf, size_t bufsz);
/* "now" in Unix seconds. */
int64_t source_now(void);

#endif
