/* The application: the view stack, the one loop, the header, status line and key bar, the
 * prompts ('/' filter, ':' command, yes/no) and the one command parser that serves ':', the
 * config file and R53_SCRIPT. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/send.h"
#include "tui/tui.h"

#define KEY_ESCAPE 27
#define INPUT_TIMEOUT_MS 250

/*
 * Status line
 */
void
app_notice(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->status, sizeof(app->status), fmt, ap);
	va_end(ap);
	app->status_error = false;
}

void
app_error(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->status, sizeof(app->status), fmt, ap);
	va_end(ap);
	app->status_error = true;
}

void
app_age(int64_t then, char *buf, size_t bufsz)
{
	int64_t d = source_now() - then;

	if (then <= 0)
		snprintf(buf, bufsz, "never");
	else if (d < 60)
		snprintf(buf, bufsz, "%llds", (long long)(d < 0 ? 0 : d));
	else if (d < 3600)
		snprintf(buf, bufsz, "%lldm", (long long)(d / 60));
	else if (d < 86400)
		snprintf(buf, bufsz, "%lldh", (long long)(d / 3600));
	else
		snprintf(buf, bufsz, "%lldd", (long long)(d / 86400));
}

/*
 * R53_BENCH_LOG=FILE (bench/tui.sh, bench/tui-filter.sh): one line per finished frame that
 * answers a key, "key NAME US" (from getch() returning the key to refresh() having written
 * the frame that shows its effect), and "first-frame NS" (CLOCK_REALTIME after the first
 * frame is written, for the benchmark's own clock at exec). Unset: one getenv at start.
 */
static FILE *bench_log;
static int64_t bench_key_ns; /* when the key being answered was read; 0 none */
static int bench_key;

static int64_t
bench_now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
bench_open(void)
{
	const char *path = getenv("R53_BENCH_LOG");

	if (path && *path && (bench_log = fopen(path, "a")))
		setvbuf(bench_log, NULL, _IOLBF, 0);
}

static void
bench_close(void)
{
	if (bench_log)
		fclose(bench_log);
	bench_log = NULL;
}

/* A key was read: the next bench_frame() answers it. */
static void
bench_key_read(int key)
{
	if (bench_log && key != ERR && key != KEY_RESIZE) {
		bench_key = key;
		bench_key_ns = bench_now(CLOCK_MONOTONIC);
	}
}

/* A frame was written to the terminal. */
static void
bench_frame(bool first)
{
	char name[32];

	if (!bench_log)
		return;
	if (first) {
		fprintf(bench_log, "first-frame %lld\n", (long long)bench_now(CLOCK_REALTIME));
		return;
	}
	if (!bench_key_ns)
		return;
	keyname_format(bench_key, name, sizeof(name));
	fprintf(bench_log, "key %s %lld\n", name,
		(long long)(bench_now(CLOCK_MONOTONIC) - bench_key_ns) / 1000);
	bench_key_ns = 0;
}

/*
 * Views and the stack
 */
static struct view *
app_view(struct app *app)
{
	return app->depth ? app->stack[app->depth - 1] : NULL;
}

static void
view_free(struct view **viewp)
{
	struct view *view = *viewp;

	if (!view)
		return;
	if (view->ops->done)
		view->ops->done(view);
	free(view->private);
	free(view->arg);
	free(view);
	*viewp = NULL;
}

static bool
view_load(struct app *app, struct view *view)
{
	struct r53_error err = { 0 };

	if (view->ops->load(view, app, view->arg, &err) != R53_OK) {
		app_error(app, "%s", err.text[0] ? err.text : r53_strerror(err.code));
		return false;
	}
	if (view->filter[0] && view->ops->filter) {
		r53_error_clear(&err);
		if (view->ops->filter(view, &err) != R53_OK)
			app_error(app, "%s", err.text);
	}
	return true;
}

bool
app_open_view(struct app *app, const struct view_ops *ops, const char *arg)
{
	struct view *view;

	if (app->depth == VIEW_STACK_MAX) {
		app_error(app, "too many views open; close one with q");
		return false;
	}
	view = calloc(1, sizeof(*view));
	if (!view || !(view->private = calloc(1, ops->private_size ? ops->private_size : 1))) {
		free(view);
		app_error(app, "out of memory");
		return false;
	}
	view->ops = ops;
	if (arg && !(view->arg = strdup(arg))) {
		view_free(&view);
		app_error(app, "out of memory");
		return false;
	}
	if (!view_load(app, view)) {
		view_free(&view);
		return false;
	}
	app->stack[app->depth++] = view;
	return true;
}

static void
app_pop_view(struct app *app)
{
	if (app->depth > 0)
		view_free(&app->stack[--app->depth]);
}

void
app_close_view(struct app *app)
{
	if (app->depth > 1)
		app_pop_view(app);
}

void
app_reload_view(struct app *app, struct view *view)
{
	size_t lineno = view->lineno;

	if (view->ops->reload) {
		view->ops->reload(view, app);
		app->staged = source_staged_count(app->src);
		return;
	}
	if (view->ops->done)
		view->ops->done(view);
	memset(view->private, 0, view->ops->private_size ? view->ops->private_size : 1);
	if (!view_load(app, view))
		return;
	view->lineno = lineno;
	app->staged = source_staged_count(app->src);
}

/*
 * Drawing
 */
static int
body_top(void)
{
	return 2; /* header, column headings */
}

static int
body_height(void)
{
	int h = LINES - 4; /* header, headings, status, key bar */
	return h < 1 ? 1 : h;
}

/* " r53  profile P  ENDPOINT        OFFLINE cache 5m old  READ-ONLY  2 staged": the state on
 * the right always shows, in words as long as they fit. What gives way on a narrow terminal,
 * in this order: the "r53" and "profile" labels, the endpoint (cut only while 12 columns of it
 * still show), the words around the cache's age, the profile. */
static void
draw_header(struct app *app)
{
	char left[5][512], age[32], state[3][128], right[224], sending[128] = "";
	const char *prof = source_profile(app->src), *ep = source_endpoint(app->src);
	attr_t hdr = display_attr(ROLE_HEADER);
	int rw, sw = 0, x, pick = -1, lw;

	snprintf(left[0], sizeof(left[0]), " r53  profile %s  %s", prof, ep);
	snprintf(left[1], sizeof(left[1]), " profile %s  %s", prof, ep);
	snprintf(left[2], sizeof(left[2]), " %s  %s", prof, ep);
	snprintf(left[3], sizeof(left[3]), " profile %s", prof);
	snprintf(left[4], sizeof(left[4]), " %s", prof);
	app_age(app->synced_at, age, sizeof(age));
	for (int i = 0; i < 3; i++) {
		if (app->online)
			snprintf(state[i], sizeof(state[i]),
				 !app->syncing ? " ONLINE " : i < 2 ? " ONLINE syncing " : " SYNCING ");
		else if (app->syncing)
			snprintf(state[i], sizeof(state[i]),
				 i == 0 ? " CONNECTING cache %s old " : " CONNECTING %s ", age);
		else if (app->synced_at)
			snprintf(state[i], sizeof(state[i]),
				 i == 0	  ? " OFFLINE cache %s old "
				 : i == 1 ? " OFFLINE %s old "
					  : " OFFLINE %s ",
				 age);
		else
			snprintf(state[i], sizeof(state[i]),
				 i == 0 ? " OFFLINE cache never synced " : " OFFLINE no cache ");
	}
	send_doing(app, sending + 1, sizeof(sending) - 2);
	if (sending[1]) {
		sending[0] = ' ';
		strcat(sending, " ");
	}
	snprintf(right, sizeof(right), "%s%s%s %zu staged ", app->read_only ? " READ-ONLY " : "",
		 sending, app->pending ? " PENDING " : "", app->staged);
	rw = display_width(right);
	/* the longest state that leaves room for the profile */
	for (int i = 0; i < 3 && pick < 0; i++) {
		sw = display_width(state[i]);
		if (sw + rw + display_width(left[4]) + 1 <= COLS)
			pick = i;
	}
	if (pick < 0) { /* very narrow: state first, the rest as far as it goes */
		sw = display_width(state[2]);
		display_text(0, 0, state[2], COLS, display_attr(ROLE_OFFLINE));
		if (sw < COLS)
			display_text(0, sw, right, COLS - sw, hdr);
		return;
	}
	x = COLS - sw - rw;
	lw = x - 1;
	{
		int i = 0;

		while (i < 4 && display_width(left[i]) > lw)
			i++;
		/* the endpoint cut short still says which one, but not when only a stub shows */
		if (i == 3 && lw >= display_width(left[2]) - display_width(ep) + 12)
			i = 2;
		display_text(0, 0, left[i], lw, hdr);
	}
	display_text(0, x - 1, "", 1, hdr);
	display_text(0, x, state[pick], sw, display_attr(ROLE_OFFLINE));
	display_text(0, x + sw, right, rw, hdr);
}

/* "[records example.com.] 3/10  filter: mail " into @buf; returns its width. */
static int
status_title(struct view *view, char *buf, size_t bufsz)
{
	char title[300];
	size_t n = view->ops->lines(view);

	title[0] = '\0';
	if (view->ops->title)
		view->ops->title(view, title, sizeof(title));
	else
		snprintf(title, sizeof(title), "%s", view->ops->name);
	snprintf(buf, bufsz, "[%s] %zu/%zu%s%s ", title, n ? view->lineno + 1 : 0, n,
		 view->filter[0] ? "  filter: " : "", view->filter);
	/* too wide (40 columns): the title is cut (down to "[…]"), not the position and the
	 * filter after it, which say why rows are missing; a filter wider still is cut at its
	 * end when drawn */
	if (display_width(buf) > COLS) {
		int room = COLS - (display_width(buf) - display_width(title));

		display_cut(title, sizeof(title), room > 1 ? room : 1);
		snprintf(buf, bufsz, "[%s] %zu/%zu%s%s ", title, n ? view->lineno + 1 : 0, n,
			 view->filter[0] ? "  filter: " : "", view->filter);
	}
	return display_width(buf);
}

/* The rows the status line takes (a long message wraps upward over the body's last rows):
 * the body keeps its cursor line above them. */
static int
status_rows(struct app *app, struct view *view)
{
	char buf[600];
	int x = status_title(view, buf, sizeof(buf)), x0;

	if (!app->status[0])
		return 1;
	x0 = x < COLS - 10 ? x : 0;
	return display_wrap(0, x0, app->status, 0, 0, false, NULL) + (x0 ? 0 : 1);
}

static void
draw_status(struct app *app, struct view *view)
{
	char buf[600];
	int x = status_title(view, buf, sizeof(buf));

	/* a title as wide as the row (40 columns) puts the message below it, never drops it */
	if (!app->status[0]) {
		display_text(LINES - 2, 0, buf, x, display_attr(ROLE_TITLE));
		if (x < COLS)
			display_text(LINES - 2, x, "", COLS - x, display_attr(ROLE_TITLE));
		return;
	}
	/* A message longer than the row wraps upward over the body's last rows (never over the
	 * header): nothing of it is cut. A title that leaves little room puts it below. */
	{
		attr_t a = display_attr(app->status_error ? ROLE_ERROR : ROLE_NOTICE);
		int x0 = x < COLS - 10 ? x : 0;
		int rows = display_wrap(0, x0, app->status, a, 0, false, NULL) + (x0 ? 0 : 1);
		int y = LINES - 2 - (rows - 1);

		if (y < 1)
			y = 1;
		display_text(y, 0, buf, x, display_attr(ROLE_TITLE));
		if (!x0)
			display_text(y, x, "", COLS - x, display_attr(ROLE_TITLE));
		display_wrap(x0 ? y : y + 1, x0, app->status, a, LINES - 2, true, NULL);
	}
}

/* The open prompt on the status row: @prefix (a question may be long) then what is typed,
 * wrapped upward over the body like a long status message. Returns the cursor's place. */
static struct app *prompt_app; /* the app whose prompt is open: its status shows above */

/* The prompt's text is a suggestion (app_prompt_suggest): shown selected, the first character
 * typed replaces it, as in a form field with its text selected; Backspace edits it. */
static bool prompt_suggestion;

static void
draw_prompt(const char *prefix, const char *text, int *cy, int *cx)
{
	int ex, tx, rp, rows, y;

	rp = display_wrap(0, 0, prefix, A_BOLD, 0, false, &ex);
	if (ex >= COLS || (ex > 0 && display_width(text) > COLS - ex)) {
		/* no room left after the question: what is typed goes on a row of its own */
		rp++;
		ex = 0;
	}
	rows = rp - 1 + display_wrap(0, ex, text, A_NORMAL, 0, false, &tx);
	y = LINES - 2 - (rows - 1);
	if (y < 1)
		y = 1;
	display_wrap(y, 0, prefix, A_BOLD, LINES - 2, true, NULL);
	display_wrap(y + rp - 1, ex, text, prompt_suggestion ? A_REVERSE : A_NORMAL, LINES - 2,
		     true, NULL);
	/* what the prompt says about the text so far (an invalid TTL, its advice) goes above
	 * it, wrapped: the status row itself holds the prompt */
	if (prompt_app && prompt_app->status[0] && y > 1) {
		struct app *app = prompt_app;
		attr_t a = display_attr(app->status_error ? ROLE_ERROR : ROLE_NOTICE);
		int sr = display_wrap(0, 0, app->status, a, 0, false, NULL);
		int sy = y - sr;

		if (sy < 1)
			sy = 1;
		display_wrap(sy, 0, app->status, a, y - 1, true, NULL);
	}
	*cy = y + rows - 1 < LINES - 2 ? y + rows - 1 : LINES - 2;
	*cx = tx < COLS ? tx : COLS - 1;
}

/* The key and label the bar shows for @req: the first key bound ("<Enter>" as "Enter"). */
static bool
keybar_item(struct view *view, enum request req, char *key, size_t keysz)
{
	char keys[128];
	size_t n;

	keys_for_request(view->ops->name, req, keys, sizeof(keys));
	if (!keys[0])
		return false;
	n = strcspn(keys, ",");
	if (n >= keysz)
		n = keysz - 1;
	memcpy(key, keys, n);
	key[n] = '\0';
	if (key[0] == '<' && n > 2) { /* "<Enter>" -> "Enter" */
		memmove(key, key + 1, n - 2);
		key[n - 2] = '\0';
	}
	return true;
}

#define KEYBAR_MAX 16

struct keybar_entry {
	enum request req;
	char key[32];
	const char *label;
	int w;	     /* columns of "KEY LABEL" */
	bool pinned; /* the way out and the way to the other keys: never dropped */
};

/* htop's function bar: "Enter Open  / Filter  q Quit", the view's keybar requests with the
 * first key the live keymap binds to each (so a user's binding shows). Left out: requests no
 * key is bound to, and in read-only mode the editing ones (their keys say why when pressed).
 * q reads "Back" above the first view, where it closes the view. When the bar does not fit,
 * the last entries go (so a view lists its keys most wanted first), but never Help, Quit or
 * Back: two blanks between entries keep it readable without colours. */
static void
draw_keybar(struct app *app, struct view *view)
{
	struct keybar_entry e[KEYBAR_MAX];
	int n = 0, total = 0, x = 0, y = LINES - 1;
	const int sep = 2;

	move(y, 0);
	clrtoeol();
	for (const enum request *r = view->ops->keybar; r && *r != REQ_NONE && n < KEYBAR_MAX;
	     r++) {
		if (app->read_only && request_edits(*r))
			continue;
		if (!keybar_item(view, *r, e[n].key, sizeof(e[n].key)))
			continue;
		e[n].req = *r;
		e[n].label = *r == REQ_QUIT && app->depth > 1 ? "Back" : request_label(*r);
		e[n].w = display_width(e[n].key) + 1 + display_width(e[n].label);
		e[n].pinned = *r == REQ_HELP || *r == REQ_QUIT || *r == REQ_BACK;
		total += e[n].w;
		n++;
	}
	while (total + sep * (n > 1 ? n - 1 : 0) > COLS) {
		int drop;

		for (drop = n - 1; drop >= 0 && e[drop].pinned; drop--)
			;
		if (drop < 0)
			break; /* only the pinned ones left: drawn until the row ends */
		total -= e[drop].w;
		memmove(&e[drop], &e[drop + 1], (size_t)(n - drop - 1) * sizeof(e[0]));
		n--;
	}
	for (int i = 0; i < n && x < COLS; i++) {
		int kw = display_width(e[i].key), lw = display_width(e[i].label);

		if (i > 0)
			x += display_text(y, x, "", sep, A_NORMAL);
		x += display_text(y, x, e[i].key, kw, display_attr(ROLE_KEY));
		x += display_text(y, x, "", 1, A_NORMAL);
		x += display_text(y, x, e[i].label, lw, display_attr(ROLE_KEYHELP));
	}
}

static void
view_fix_position(struct view *view, int height)
{
	size_t n = view->ops->lines(view);

	view->height = height;
	if (n == 0) {
		view->lineno = view->offset = 0;
		return;
	}
	if (view->lineno >= n)
		view->lineno = n - 1;
	if (view->lineno < view->offset)
		view->offset = view->lineno;
	if (view->lineno >= view->offset + (size_t)height)
		view->offset = view->lineno - (size_t)height + 1;
	if (view->offset + (size_t)height > n)
		view->offset = n > (size_t)height ? n - (size_t)height : 0;
}

static const char *prompt_prefix, *prompt_text; /* the prompt being typed, or NULL */

static void
app_draw(struct app *app)
{
	struct view *view = app_view(app);

	erase();
	if (display_too_small()) {
		char msg[80];
		snprintf(msg, sizeof(msg), "terminal too small (%dx%d, need %dx%d)", COLS, LINES,
			 DISPLAY_MIN_COLS, DISPLAY_MIN_LINES);
		/* wrapped on as many rows as there are: the sizes are the point */
		display_wrap(0, 0, msg, A_BOLD, LINES - 1, true, NULL);
		refresh();
		return;
	}
	draw_header(app);
	if (view) {
		int top = body_top(), h = body_height();
		size_t n = view->ops->lines(view);
		int covered = status_rows(app, view) - 1;

		/* the cursor line stays above a status message wrapped over the last rows */
		view_fix_position(view, h - covered > 0 ? h - covered : 1);
		view->height = h;
		if (view->ops->draw_header)
			view->ops->draw_header(view, app, 1, COLS);
		for (int i = 0; i < h; i++) {
			size_t lineno = view->offset + (size_t)i;
			if (lineno >= n)
				break;
			view->ops->draw_line(view, app, top + i, COLS, lineno,
					     lineno == view->lineno);
		}
		if (n == 0)
			display_text(top, 0, view->filter[0] ? "  (nothing matches the filter)"
							      : "  (empty)",
				     COLS, A_DIM);
		draw_status(app, view);
		draw_keybar(app, view);
	}
	if (prompt_prefix && prompt_text && !display_too_small()) {
		int cy, cx;

		draw_prompt(prompt_prefix, prompt_text, &cy, &cx);
	}
	refresh();
}

void
app_paint(struct app *app)
{
	app_draw(app);
}

/*
 * Input: the one place that waits
 */
static bool
no_display_mode(void)
{
	const char *nd = getenv("R53_NO_DISPLAY");
	return nd && *nd && strcmp(nd, "0") != 0;
}

/* The next key, or ERR when the wait timed out (time to look at the network). Script
 * commands run here, between keys, as tig does. */
static int
app_next_key(struct app *app)
{
	if (script_active()) {
		for (;;) {
			char cmd[1024];
			int key = ERR;
			struct r53_error err = { 0 };
			switch (script_next(&key, cmd, sizeof(cmd))) {
			case SCRIPT_KEY:
				bench_key_read(key);
				return key;
			case SCRIPT_COMMAND:
				if (app_command(app, cmd, &err) != R53_OK)
					app_error(app, "%s", err.text);
				app_draw(app);
				if (app->quit)
					return ERR;
				continue;
			default:
				app->quit = true; /* the script is over */
				return ERR;
			}
		}
	}
	if (no_display_mode()) { /* no terminal and no script: nothing will ever come */
		app->quit = true;
		return ERR;
	}
	/* A key curses already holds first; else wait on the terminal and libcurl's sockets
	 * together (net.c), so the network moves while nobody types and no key waits on it. */
	timeout(0);
	int key = getch();
	if (key == ERR && net_wait(app, INPUT_TIMEOUT_MS))
		key = getch();
	bench_key_read(key);
	return key;
}

/* Reads a line on the status row after @prefix. @on_change (may be NULL) runs after every
 * edit (filter as you type). Returns true on Enter, false on Esc; @buf holds the text. */
static bool
prompt_loop(struct app *app, const char *prefix, char *buf, size_t bufsz,
	    void (*on_change)(struct app *, const char *))
{
	size_t len = strlen(buf);

	for (;;) {
		int key, x;
		app_draw(app);
		if (!display_too_small()) {
			int y;

			draw_prompt(prefix, buf, &y, &x);
			move(y, x);
			curs_set(1);
			refresh();
		}
		bench_frame(false);
		do {
			key = app_next_key(app);
		} while (key == ERR && !app->quit && !display_signal);
		curs_set(0);
		if (app->quit || display_signal)
			return false;
		if (key == KEY_RESIZE)
			continue;
		if (prompt_suggestion) {
			prompt_suggestion = false;
			if (key >= 32 && key < 256) { /* typing replaces the suggestion */
				len = 0;
				buf[0] = '\0';
			}
		}
		if (key == KEY_ESCAPE || key == 7 /* C-g */)
			return false;
		if (key == '\r' || key == '\n' || key == KEY_ENTER)
			return true;
		if (key == KEY_BACKSPACE || key == 127 || key == 8) {
			/* remove one UTF-8 character */
			while (len > 0 && ((unsigned char)buf[len - 1] & 0xC0) == 0x80)
				len--;
			if (len > 0)
				len--;
			buf[len] = '\0';
		} else if (key == 21 /* C-u */) {
			len = 0;
			buf[0] = '\0';
		} else if (key >= 32 && key < 256 && len + 1 < bufsz) {
			buf[len++] = (char)key;
			buf[len] = '\0';
		} else {
			continue;
		}
		if (on_change)
			on_change(app, buf);
	}
}

static void filter_changed(struct app *app, const char *text);

bool
app_prompt_suggest(struct app *app, const char *prefix, char *buf, size_t bufsz,
		   void (*on_change)(struct app *, const char *))
{
	bool ok;

	prompt_suggestion = buf[0] != '\0';
	ok = app_prompt(app, prefix, buf, bufsz, on_change);
	prompt_suggestion = false;
	return ok;
}

bool
app_prompt(struct app *app, const char *prefix, char *buf, size_t bufsz,
	   void (*on_change)(struct app *, const char *))
{
	bool ok;

	/* app_draw() shows the open prompt too, so `:save-display` in a script sees it; the
	 * filter's status line (matches so far) shows instead while filtering */
	if (on_change != filter_changed) {
		prompt_prefix = prefix;
		prompt_text = buf;
		prompt_app = app;
		/* an old notice would read as being about this prompt; a checking prompt says
		 * what it thinks of the text it starts with */
		app->status[0] = '\0';
		if (on_change && buf[0])
			on_change(app, buf);
	}
	ok = prompt_loop(app, prefix, buf, bufsz, on_change);
	prompt_prefix = prompt_text = NULL;
	prompt_app = NULL;
	return ok;
}

static void
filter_changed(struct app *app, const char *text)
{
	struct view *view = app_view(app);
	struct r53_error err = { 0 };

	snprintf(view->filter, sizeof(view->filter), "%s", text);
	view->lineno = view->offset = 0;
	app->status[0] = '\0';
	if (view->ops->filter(view, &err) != R53_OK)
		app_error(app, "%s", err.text);
}

/* y/n question on the status line; anything but 'y' is no. */
bool
app_confirm(struct app *app, const char *question)
{
	int key;

	app_error(app, "%s (y/N)", question);
	app_draw(app);
	do {
		key = app_next_key(app);
	} while (key == ERR && !app->quit && !display_signal);
	app->status[0] = '\0';
	return key == 'y' || key == 'Y';
}

void
app_typed_name(const char *name, char *buf, size_t bufsz)
{
	char shown[NAME_TEXT_MAX];

	name_display(name, shown, sizeof(shown), display_utf8());
	if (strcmp(shown, name))
		snprintf(buf, bufsz, "%s (or %s)", shown, name);
	else
		snprintf(buf, bufsz, "%s", name);
}

bool
app_confirm_typed(struct app *app, const char *question, const char *expected)
{
	char buf[NAME_TEXT_MAX] = "", prefix[512];
	size_t n = strlen(expected), m;

	snprintf(prefix, sizeof(prefix), "%s: ", question);
	if (!app_prompt(app, prefix, buf, sizeof(buf), NULL))
		return false;
	m = strlen(buf);
	if (n && expected[n - 1] == '.')
		n--;
	if (m && buf[m - 1] == '.')
		m--;
	if (m == n && !strncasecmp(buf, expected, n))
		return true;
	/* a name may be typed as people read it (bücher.example) or as stored (xn--bcher-kva):
	 * both canonicalize to the same text */
	{
		char a[NAME_TEXT_MAX], b[NAME_TEXT_MAX], shown[NAME_TEXT_MAX];
		struct r53_error e = { 0 };

		if (name_canonical(buf, a, sizeof(a), &e) == R53_OK &&
		    name_canonical(expected, b, sizeof(b), &e) == R53_OK && !strcasecmp(a, b))
			return true;
		name_display(expected, shown, sizeof(shown), display_utf8());
		m = strlen(shown);
		if (m && shown[m - 1] == '.')
			shown[m - 1] = '\0';
		if (strncmp(shown, expected, n) || strlen(shown) != n) {
			app_error(app, "not confirmed: you typed '%s', not '%s' (or '%.*s')", buf, shown,
				  (int)n, expected);
			return false;
		}
	}
	app_error(app, "not confirmed: you typed '%s', not '%.*s'", buf, (int)n, expected);
	return false;
}

bool
app_refuse_read_only(struct app *app)
{
	if (!app->read_only)
		return false;
	app_error(app, "read-only: %s; edits are off", app->read_only_why);
	return true;
}

void
app_reload_all(struct app *app)
{
	for (int i = 0; i < app->depth; i++)
		app_reload_view(app, app->stack[i]);
	app->staged = source_staged_count(app->src);
}

static void
app_quit_ask(struct app *app)
{
	char q[300], doing[128];

	if (send_busy(app, NULL)) {
		send_doing(app, doing, sizeof(doing));
		/* Only a batch already sent is left to the next start; in the checks before
		 * and after a send, quitting just stops the job and the edits stay staged. */
		if (send_sending(app))
			snprintf(q, sizeof(q),
				 "%s: quit anyway? the batch stays SENDING, checked against "
				 "Route 53 at the next start",
				 doing);
		else
			snprintf(q, sizeof(q),
				 "%s: quit anyway? nothing is being sent now; what is staged "
				 "stays staged",
				 doing);
		if (app_confirm(app, q))
			app->quit = true;
		return;
	}
	app->staged = source_staged_count(app->src);
	if (app->staged > 0) {
		snprintf(q, sizeof(q), "%zu staged edit%s not applied (kept in the cache). Quit?",
			 app->staged, app->staged == 1 ? "" : "s");
		if (!app_confirm(app, q))
			return;
	}
	app->quit = true;
}

/*
 * Requests: the view first, then the generic driver
 */
static void app_request(struct app *app, enum request req);

void
app_dispatch(struct app *app, enum request req)
{
	app_request(app, req);
}

static void
view_move(struct view *view, long delta)
{
	size_t n = view->ops->lines(view);
	long target = (long)view->lineno + delta;

	if (n == 0)
		return;
	if (target < 0)
		target = 0;
	if ((size_t)target >= n)
		target = (long)n - 1;
	view->lineno = (size_t)target;
}

static void
open_zones(struct app *app)
{
	for (int i = app->depth - 1; i >= 0; i--)
		if (app->stack[i]->ops == &zones_ops) {
			while (app->depth - 1 > i)
				app_pop_view(app);
			return;
		}
	app_open_view(app, &zones_ops, NULL);
}

static void
app_request(struct app *app, enum request req)
{
	struct view *view = app_view(app);
	long page = view && view->height > 1 ? view->height - 1 : 1;

	if (!view)
		return;
	/* read-only: one place turns every editing request off and says why, whichever view
	 * or binding asked (the views check again where a form or a prompt could lead there) */
	if (app->read_only && request_edits(req)) {
		app_refuse_read_only(app);
		return;
	}
	if (view->ops->request)
		req = view->ops->request(view, app, req);
	switch (req) {
	case REQ_NONE:
		break;
	case REQ_MOVE_UP: view_move(view, -1); break;
	case REQ_MOVE_DOWN: view_move(view, 1); break;
	case REQ_MOVE_PAGE_UP:
		view_move(view, -page);
		view->offset = view->offset > (size_t)page ? view->offset - (size_t)page : 0;
		break;
	case REQ_MOVE_PAGE_DOWN:
		view_move(view, page);
		view->offset += (size_t)page; /* view_fix_position() clamps it */
		break;
	case REQ_MOVE_FIRST: view_move(view, -(long)view->ops->lines(view)); break;
	case REQ_MOVE_LAST: view_move(view, (long)view->ops->lines(view)); break;
	case REQ_BACK:
		if (view->filter[0] && view->ops->filter) {
			filter_changed(app, "");
			app_notice(app, "filter cleared");
		} else if (app->depth > 1) {
			app_pop_view(app);
		}
		break;
	case REQ_QUIT:
		if (app->depth > 1)
			app_pop_view(app);
		else
			app_quit_ask(app);
		break;
	case REQ_QUIT_ALL:
		app_quit_ask(app);
		break;
	case REQ_FILTER: {
		char buf[sizeof(view->filter)], saved[sizeof(view->filter)];
		if (!view->ops->filter) {
			app_notice(app, "this view has no filter");
			break;
		}
		snprintf(saved, sizeof(saved), "%s", view->filter);
		snprintf(buf, sizeof(buf), "%s", view->filter);
		if (!app_prompt(app, "/", buf, sizeof(buf), filter_changed))
			filter_changed(app, app->quit ? saved : "");
		break;
	}
	case REQ_PROMPT: {
		char buf[512] = "";
		struct r53_error err = { 0 };
		if (app_prompt(app, ":", buf, sizeof(buf), NULL) && buf[0] &&
		    app_command(app, buf, &err) != R53_OK)
			app_error(app, "%s", err.text);
		break;
	}
	case REQ_HELP:
		if (view->ops != &help_ops) {
			app->help_of = view;
			app_open_view(app, &help_ops, view->ops->name);
		}
		break;
	case REQ_REFRESH:
		app_reload_view(app, view);
		net_sync(app, false);
		break;
	case REQ_REDRAW:
		clearok(curscr, TRUE);
		break;
	case REQ_SYNC:
		net_sync(app, true);
		break;
	case REQ_VIEW_ZONES:
		open_zones(app);
		break;
	case REQ_VIEW_STAGED:
		if (view->ops != &staged_ops)
			app_open_view(app, &staged_ops, NULL);
		break;
	case REQ_VIEW_DOMAINS:
		if (view->ops != &domains_ops)
			app_open_view(app, &domains_ops, NULL);
		break;
	case REQ_VIEW_HC:
		if (view->ops != &hc_ops)
			app_open_view(app, &hc_ops, NULL);
		break;
	case REQ_GUIDE:
		guide_open_from(app, view);
		break;
	case REQ_EDIT:
	case REQ_ADD:
	case REQ_TTL:
	case REQ_DELETE:
		if (!app_refuse_read_only(app))
			app_notice(app, "open a zone's records to %s", request_label(req));
		break;
	case REQ_MARK: /* marks are for t and d over record sets: views without them say so */
		app_notice(app, "Space marks record sets, in a zone's records view (for t and d)");
		break;
	case REQ_SORT:
	case REQ_ENTER:
		app_notice(app, "nothing to %s here", request_label(req));
		break;
	default:
		break;
	}
}

/* The views' background work (view_ops.tick), bottom of the stack first. */
static void
app_ticks(struct app *app)
{
	for (int i = 0; i < app->depth; i++)
		if (app->stack[i]->ops->tick)
			app->stack[i]->ops->tick(app->stack[i], app);
}

/*
 * The one command parser: ':' prompt, config file, R53_SCRIPT
 */
enum r53_code
app_command(struct app *app, const char *line, struct r53_error *err)
{
	char buf[CONFIG_LINE_MAX + 1], *argv[8];
	int argc;
	enum request req;

	snprintf(buf, sizeof(buf), "%s", line);
	argc = command_split(buf, argv, 8);
	if (argc == 0)
		return R53_OK;
	if (!strcmp(argv[0], "bind")) {
		if (argc != 4)
			return r53_error_set(err, R53_USAGE, "bind", "bind KEYMAP KEY REQUEST");
		return keys_bind(argv[1], argv[2], argv[3], err);
	}
	if (!app || !app->src)
		return r53_error_set(err, R53_USAGE, argv[0], "'%s' only works inside r53",
				     argv[0]);
	if (!strcmp(argv[0], "profile")) {
		/* "profile NAME read_only": edits are off whenever NAME is the profile in use */
		if (argc != 3 || strcmp(argv[2], "read_only") != 0)
			return r53_error_set(err, R53_USAGE, "profile", "profile NAME read_only");
		if (!strcmp(argv[1], source_profile(app->src))) {
			app->read_only = true;
			snprintf(app->read_only_why, sizeof(app->read_only_why),
				 "profile %s is read_only in the config", argv[1]);
		}
		return R53_OK;
	}
	if (!strcmp(argv[0], "q") || !strcmp(argv[0], "quit")) {
		app_quit_ask(app);
	} else if (!strcmp(argv[0], "q!") || !strcmp(argv[0], "quit!")) {
		app->quit = true;
	} else if (!strcmp(argv[0], "zones")) {
		open_zones(app);
	} else if (!strcmp(argv[0], "records")) {
		if (argc != 2)
			return r53_error_set(err, R53_USAGE, "records", "records ZONE-NAME");
		app_open_view(app, &records_ops, argv[1]);
	} else if (!strcmp(argv[0], "domains")) {
		app_request(app, REQ_VIEW_DOMAINS);
	} else if (!strcmp(argv[0], "delegate")) {
		if (argc != 2)
			return r53_error_set(err, R53_USAGE, "delegate", "delegate DOMAIN");
		guide_open(app, argv[1]);
	} else if (!strcmp(argv[0], "hc")) {
		app_request(app, REQ_VIEW_HC);
	} else if (!strcmp(argv[0], "staged")) {
		app_request(app, REQ_VIEW_STAGED);
	} else if (!strcmp(argv[0], "sync")) {
		app_request(app, REQ_SYNC);
	} else if (!strcmp(argv[0], "help")) {
		app_request(app, REQ_HELP);
	} else if (!strcmp(argv[0], "filter")) {
		struct view *view = app_view(app);
		if (!view || !view->ops->filter)
			return r53_error_set(err, R53_USAGE, "filter", "this view has no filter");
		filter_changed(app, argc > 1 ? line + (argv[1] - buf) : "");
	} else if (!strcmp(argv[0], "save-display")) {
		if (argc != 2)
			return r53_error_set(err, R53_USAGE, "save-display", "save-display FILE");
		app_draw(app);
		return display_save(argv[1], err);
	} else if (!strcmp(argv[0], "resize")) {
		if (argc != 3)
			return r53_error_set(err, R53_USAGE, "resize", "resize COLS LINES");
		display_resize(atoi(argv[1]), atoi(argv[2]));
		app_ticks(app); /* as the loop does on a terminal's KEY_RESIZE */
	} else if ((req = request_parse(argv[0])) != REQ_UNKNOWN) {
		app_request(app, req);
	} else {
		return r53_error_set(err, R53_USAGE, argv[0], "unknown command '%s'", argv[0]);
	}
	return R53_OK;
}

/*
 * The loop
 */
int
tui_run(const struct cli *cli)
{
	struct app app_s, *app = &app_s;
	struct r53_error err = { 0 };
	int rc = EXIT_OK;

	memset(app, 0, sizeof(*app));
	app->cli = cli;
	if (cli->read_only) {
		app->read_only = true;
		snprintf(app->read_only_why, sizeof(app->read_only_why), "started with --read-only");
	}
	if (source_open(cli, &app->src, &err) != R53_OK) {
		fprintf(stderr, "r53: %s\n", err.text);
		return EXIT_SERVICE;
	}
	/* config before curses, so a bad line is reported on a normal terminal */
	if (keys_load_config(app, &err) != R53_OK) {
		fprintf(stderr, "r53: %s\n", err.text);
		source_close(&app->src);
		keys_done();
		return EXIT_USAGE;
	}
	r53_error_clear(&err);
	if (!display_init(cli->no_color)) {
		fprintf(stderr, "r53: cannot start the terminal interface (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		source_close(&app->src);
		keys_done();
		return EXIT_USAGE;
	}
	bench_open();
	if (!script_open(&err) && err.code != R53_OK)
		app_error(app, "%s", err.text);
	app->staged = source_staged_count(app->src);
	if (!app_open_view(app, &zones_ops, NULL))
		rc = EXIT_SERVICE;
	else if (app->staged && !app->status[0])
		app_notice(app, "%zu staged edit%s waiting from last time (c to review)",
			   app->staged, app->staged == 1 ? "" : "s");
	/* what opening the cache fixed or set aside: on the status line, not under curses */
	if (source_open_notice(app->src))
		app_error(app, "%s", source_open_notice(app->src));

	/* the first frame comes from the cache, before any request (or credential lookup) */
	if (app->depth > 0) {
		app_draw(app);
		bench_frame(true);
		net_open(app);
	}
	while (!app->quit && app->depth > 0) {
		int key;
		if (script_active())
			net_drain(app); /* each step sees the answers to the last one */
		net_apply(app);
		app_ticks(app);
		app_draw(app);
		bench_frame(false);
		key = app_next_key(app);
		if (display_signal)
			break;
		if (key == ERR || key == KEY_RESIZE)
			continue; /* timeout (network work goes here) or redraw at the new size */
		app->status[0] = '\0';
		if (display_too_small()) {
			/* only quitting makes sense on a screen that shows nothing */
			enum request r = keys_lookup(NULL, key);
			if (r == REQ_QUIT || r == REQ_QUIT_ALL)
				app_quit_ask(app);
			continue;
		}
		if (app_view(app)->ops->key && app_view(app)->ops->key(app_view(app), app, key))
			continue;
		enum request req = keys_lookup(app_view(app)->ops->name, key);
		if (req == REQ_UNKNOWN) {
			char name[32];
			keyname_format(key, name, sizeof(name));
			app_notice(app, "%s: no request bound (? for help)", name);
			continue;
		}
		app_request(app, req);
	}

	if (display_signal)
		rc = 128 + display_signal; /* as if killed, after a clean shutdown */
	net_close(app);
	while (app->depth > 0)
		app_pop_view(app);
	script_close();
	bench_close();
	display_done();
	source_close(&app->src);
	keys_done();
	if (rc != EXIT_OK && app->status[0])
		fprintf(stderr, "r53: %s\n", app->status);
	return rc;
}
