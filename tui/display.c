/* Curses set-up and the few drawing helpers every view shares. R53_NO_DISPLAY=1 makes curses
 * draw into memory only (newterm on /dev/null, as tig does), so screen tests need no pty. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "tui/tui.h"

volatile int display_signal;

static SCREEN *screen;
static FILE *screen_out, *screen_in;
static bool started, use_utf8, use_color;
static attr_t role_attr[ROLE_COUNT];

/* clang-format off */
static const char *const glyphs_utf8[GLYPH_COUNT] = {
	"─", "│", "┌", "┐", "└", "┘", "→", "…",
};
static const char *const glyphs_ascii[GLYPH_COUNT] = {
	"-", "|", "+", "+", "+", "+", "->", "~",
};
/* clang-format on */

static void
setup_colors(bool no_color)
{
	static const struct {
		short fg, bg;
		attr_t attr, mono;
	} roles[] = {
#define COLOR_ROLE_ROW(id, fg, bg, a, mono) { fg, bg, a, mono },
		COLOR_ROLE_INFO(COLOR_ROLE_ROW)
#undef COLOR_ROLE_ROW
	};

	use_color = !no_color && has_colors() && start_color() == OK;
	if (use_color)
		use_default_colors();
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!use_color) {
			role_attr[i] = roles[i].mono;
			continue;
		}
		if (roles[i].fg == -1 && roles[i].bg == -1) {
			role_attr[i] = roles[i].attr;
			continue;
		}
		init_pair((short)i, roles[i].fg, roles[i].bg);
		role_attr[i] = roles[i].attr | COLOR_PAIR(i);
	}
}

/* Crashes: put the terminal back before the core dump, so the shell is usable. endwin() is
 * not async-signal-safe, but the process is dying anyway (tig and htop do the same). */
static void
crash_handler(int sig)
{
	if (started)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Polite signals: the loop sees the flag after getch() returns (it times out), then leaves
 * through the normal path. A second signal while still running is taken as urgent. */
static void
quit_handler(int sig)
{
	if (display_signal) {
		if (started)
			endwin();
		signal(sig, SIG_DFL);
		raise(sig);
	}
	display_signal = sig;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = quit_handler;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = crash_handler;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
}

int
display_input_fd(void)
{
	return screen_in ? fileno(screen_in) : STDIN_FILENO;
}

bool
display_init(bool no_color)
{
	const char *nd = getenv("R53_NO_DISPLAY");
	const char *ascii = getenv("R53_ASCII");

	setlocale(LC_ALL, "");
	use_utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8") && !(ascii && *ascii);
	if (nd && *nd && strcmp(nd, "0") != 0) {
		screen_out = fopen("/dev/null", "w");
		screen_in = fopen("/dev/null", "r");
	} else {
		screen_out = stdout;
		screen_in = stdin;
		if (!isatty(STDIN_FILENO)) {
			/* keys come from the terminal even when stdin is redirected */
			screen_in = fopen("/dev/tty", "r");
			if (!screen_in)
				return false;
		}
	}
	if (!screen_out || !screen_in)
		return false;
	screen = newterm(NULL, screen_out, screen_in);
	if (!screen)
		return false;
	started = true;
	atexit(display_done);
	install_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	setup_colors(no_color);
	return true;
}

void
display_done(void)
{
	if (!started)
		return;
	started = false;
	endwin();
	delscreen(screen);
	screen = NULL;
	if (screen_out && screen_out != stdout)
		fclose(screen_out);
	if (screen_in && screen_in != stdin)
		fclose(screen_in);
	screen_out = screen_in = NULL;
}

bool
display_utf8(void)
{
	return use_utf8;
}

const char *
display_glyph(enum glyph g)
{
	if (g < 0 || g >= GLYPH_COUNT)
		return "?";
	return use_utf8 ? glyphs_utf8[g] : glyphs_ascii[g];
}

attr_t
display_attr(enum color_role role)
{
	return role < ROLE_COUNT ? role_attr[role] : A_NORMAL;
}

bool
display_too_small(void)
{
	return COLS < DISPLAY_MIN_COLS || LINES < DISPLAY_MIN_LINES;
}

/* Width of one character; control and invalid bytes show as '?' (one column). */
static int
char_width(wchar_t wc)
{
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

int
display_width(const char *s)
{
	mbstate_t st;
	int w = 0;

	memset(&st, 0, sizeof(st));
	while (*s) {
		wchar_t wc;
		size_t n;

		if (*s >= ' ' && *s <= '~') { /* printable ASCII, most of any name: one column */
			w++;
			s++;
			continue;
		}
		n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof(st));
			n = 1;
			wc = L'?';
		}
		w += char_width(wc);
		s += n;
	}
	return w;
}

int
display_text(int y, int x, const char *s, int width, attr_t attr)
{
	mbstate_t st;
	int used = 0;
	int ell = 1;

	if (width <= 0 || y < 0 || y >= LINES)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	if (width <= 0)
		return 0;
	attrset(attr);
	move(y, x);
	memset(&st, 0, sizeof(st));
	bool cut = display_width(s) > width;
	while (s && *s) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof(st));
			n = 1;
			wc = L'?';
		}
		if (wc < L' ' || wc == 0x7f)
			wc = L'?';
		int cw = char_width(wc);
		if (used + cw > width - (cut ? ell : 0))
			break;
		wchar_t buf[2] = { wc, 0 };
		addnwstr(buf, 1);
		used += cw;
		s += n;
	}
	if (cut && used < width) {
		addstr(use_utf8 ? "…" : "~");
		used++;
	}
	while (used < width) {
		addch(' ');
		used++;
	}
	attrset(A_NORMAL);
	return used;
}

/* One UTF-8 character at @s: its byte length and columns ('?' for a bad byte). */
static size_t
char_at(const char *s, int *cols)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		n = 1;
		wc = L'?';
	}
	*cols = char_width(wc);
	return n;
}

void
display_cut(char *s, size_t size, int width)
{
	const char *ell = display_glyph(GLYPH_ELLIPSIS);
	size_t i = 0, keep;
	int used = 0, cw;

	if (display_width(s) <= width)
		return;
	while (s[i]) {
		size_t n = char_at(s + i, &cw);

		if (used + cw > width - 1)
			break;
		used += cw;
		i += n;
	}
	keep = i;
	snprintf(s + keep, size - keep, "%s", ell);
}

void
display_clauses(char *buf, size_t bufsz, int width, const char *head, const char *sep,
		const char *const *clauses, const char *end)
{
	size_t len;
	int used, endw = display_width(end);
	bool kept = false;

	snprintf(buf, bufsz, "%s", head);
	len = strlen(buf);
	used = display_width(buf);
	for (size_t i = 0; clauses[i]; i++) {
		const char *s = i ? ", " : sep;
		int w = display_width(s) + display_width(clauses[i]);

		if (used + w + endw > width || len + strlen(s) + strlen(clauses[i]) + 1 >= bufsz)
			break;
		len += (size_t)snprintf(buf + len, bufsz - len, "%s%s", s, clauses[i]);
		used += w;
		kept = true;
	}
	if (kept && len + strlen(end) < bufsz)
		snprintf(buf + len, bufsz - len, "%s", end);
}

/* Bytes of @s that go on a row of @width columns: up to the last space that fits when the
 * rest does not (a word longer than a row is cut where the row ends). *@skip: blanks to skip
 * before the next row. */
size_t
display_row_fit(const char *s, int width, size_t *skip)
{
	size_t i = 0, last_space = 0;
	int used = 0, cw;

	*skip = 0;
	while (s[i]) {
		size_t n = char_at(s + i, &cw);

		if (used + cw > width)
			break;
		if (s[i] == ' ')
			last_space = i;
		used += cw;
		i += n;
	}
	if (!s[i])
		return i;
	if (s[i] == ' ') { /* the row ends at a word's end */
		*skip = strspn(s + i, " ");
		return i;
	}
	if (last_space > 0) {
		*skip = strspn(s + last_space, " ");
		return last_space;
	}
	return i ? i : char_at(s, &cw); /* at least one character per row */
}

int
display_wrap(int y, int x0, const char *s, attr_t attr, int y_max, bool draw, int *end_x)
{
	int rows = 0, x = x0;
	char line[4096];

	if (end_x)
		*end_x = x0;
	do {
		size_t skip, n = display_row_fit(s, COLS - x > 0 ? COLS - x : 1, &skip);

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		if (draw && y + rows <= y_max)
			display_text(y + rows, x, line, COLS - x, attr);
		if (end_x)
			*end_x = x + display_width(line);
		s += n + skip;
		rows++;
		x = 0;
	} while (*s);
	return rows;
}

int
display_column(int y, int x, const char *s, int width, attr_t attr)
{
	if (width <= 1)
		return display_text(y, x, "", width, attr);
	display_text(y, x, s, width - 1, attr);
	display_text(y, x + width - 1, "", 1, attr);
	return width;
}

void
display_box(int y, int x, int h, int w, attr_t attr)
{
	if (h < 2 || w < 2)
		return;
	attrset(attr);
	mvaddstr(y, x, display_glyph(GLYPH_ULCORNER));
	mvaddstr(y, x + w - 1, display_glyph(GLYPH_URCORNER));
	mvaddstr(y + h - 1, x, display_glyph(GLYPH_LLCORNER));
	mvaddstr(y + h - 1, x + w - 1, display_glyph(GLYPH_LRCORNER));
	for (int i = 1; i < w - 1; i++) {
		mvaddstr(y, x + i, display_glyph(GLYPH_HLINE));
		mvaddstr(y + h - 1, x + i, display_glyph(GLYPH_HLINE));
	}
	for (int i = 1; i < h - 1; i++) {
		mvaddstr(y + i, x, display_glyph(GLYPH_VLINE));
		mvaddstr(y + i, x + w - 1, display_glyph(GLYPH_VLINE));
	}
	attrset(A_NORMAL);
}

void
display_hline(int y, int width, attr_t attr)
{
	const char *h = display_glyph(GLYPH_HLINE);
	char buf[1024] = "";

	for (int i = 0; i < width && strlen(buf) + strlen(h) < sizeof(buf); i++)
		strcat(buf, h);
	display_text(y, 0, buf, width, attr);
}

enum r53_code
display_save(const char *path, struct r53_error *err)
{
	FILE *f = fopen(path, "w");
	char *line;
	size_t cap = (size_t)COLS * 8 + 8;

	if (!f)
		return r53_error_set(err, R53_IO, "save-display", "%s: %s", path, strerror(errno));
	line = malloc(cap);
	if (!line) {
		fclose(f);
		return r53_error_set(err, R53_NOMEM, "save-display", "out of memory");
	}
	for (int y = 0; y < LINES; y++) {
		int n = mvinnstr(y, 0, line, (int)cap - 1);
		if (n < 0)
			n = 0;
		line[n] = '\0';
		while (n > 0 && line[n - 1] == ' ')
			line[--n] = '\0';
		fprintf(f, "%s\n", line);
	}
	free(line);
	if (fclose(f) != 0)
		return r53_error_set(err, R53_IO, "save-display", "%s: %s", path, strerror(errno));
	return R53_OK;
}

void
display_resize(int cols, int lines)
{
	if (cols > 0 && lines > 0)
		resizeterm(lines, cols);
}

void
display_headings(int y, int width, const char *const *titles, const int *w, int n)
{
	attr_t a = display_attr(ROLE_HEADING);
	int x = 1;

	display_text(y, 0, " ", 1, a);
	for (int i = 0; i < n; i++)
		x += i == n - 1 ? display_text(y, x, titles[i], width - x, a)
				: display_column(y, x, titles[i], w[i], a);
}

/* One row of a hanging-indent line from @s: its bytes in *@len; returns where the next starts. */
static const char *
hang_next(const char *s, bool first, int indent, bool label, size_t *len)
{
	size_t skip, lab = 0;
	int w = first && !label ? COLS : COLS - indent;

	/* the label is ASCII and shorter than the column: the text wraps under itself */
	if (first && label && strlen(s) > (size_t)indent)
		lab = (size_t)indent;
	*len = lab + display_row_fit(s + lab, w > 8 ? w : 8, &skip);
	return s + *len + skip;
}

static size_t
hang_line_rows(const char *line, int indent, bool label)
{
	size_t rows = 0, len;
	const char *s = line;

	do {
		s = hang_next(s, rows == 0, indent, label, &len);
		rows++;
	} while (*s);
	return rows;
}

size_t
display_hang_rows(char *const *lines, size_t n, int indent, bool label)
{
	size_t rows = 0;

	for (size_t i = 0; i < n; i++)
		rows += hang_line_rows(lines[i], indent, label);
	return rows;
}

size_t
display_hang_row(char *const *lines, size_t n, size_t lineno, int indent, bool label,
		 const char **row, size_t *len, bool *first)
{
	for (size_t i = 0; i < n; i++) {
		size_t rows = hang_line_rows(lines[i], indent, label);
		const char *s = lines[i];

		if (lineno >= rows) {
			lineno -= rows;
			continue;
		}
		for (size_t r = 0; r <= lineno; r++) {
			*row = s;
			s = hang_next(s, r == 0, indent, label, len);
		}
		*first = lineno == 0;
		return i;
	}
	return n;
}

void
display_hang_draw(int y, int width, const char *row, size_t len, bool first, int indent,
		  attr_t attr)
{
	char buf[4096];

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, row, len);
	buf[len] = '\0';
	if (first) {
		display_text(y, 0, buf, width, attr);
	} else {
		display_text(y, 0, "", indent, attr);
		display_text(y, indent, buf, width - indent, attr);
	}
}
