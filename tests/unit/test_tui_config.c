/* tui/config.c and the key names it checks: ~/.config/r53/config read from memory, with no
 * terminal, no app and no file. */
#include <stdlib.h>
#include <string.h>

#include "tests/tools/check.h"
#include "tui/tui.h"

#define PATH "/home/u/.config/r53/config"

struct seen {
	char text[1024];
	const char *fail_on; /* the callback refuses a line starting with this */
};

static enum r53_code
collect(void *ud, const char *line, struct r53_error *err)
{
	struct seen *s = ud;
	size_t n = strlen(s->text);

	if (s->fail_on && !strncmp(line, s->fail_on, strlen(s->fail_on)))
		return r53_error_set(err, R53_USAGE, "x", "unknown command '%s'", s->fail_on);
	snprintf(s->text + n, sizeof(s->text) - n, "%s|", line);
	return R53_OK;
}

static enum r53_code
parse(const char *text, struct seen *s, struct r53_error *err)
{
	memset(s->text, 0, sizeof(s->text));
	r53_error_clear(err);
	return config_parse(PATH, text, strlen(text), collect, s, err);
}

static void
lines(void)
{
	struct seen s = { .fail_on = NULL };
	struct r53_error err = { 0 };

	CHECK(parse("# user bindings\n\n   \t\nbind records o sort\n  bind generic <C-n> move-down"
		    "\r\nprofile prod read_only\n\t# indented comment\nzones",
		    &s, &err) == R53_OK);
	CHECK_STR(s.text, "bind records o sort|bind generic <C-n> move-down|profile prod "
			  "read_only|zones|");
	CHECK(parse("", &s, &err) == R53_OK);
	CHECK_STR(s.text, "");
	CHECK(parse("\n\n", &s, &err) == R53_OK);
	CHECK(config_parse(PATH, "bind records o sort\n", 20, NULL, NULL, &err) == R53_OK);
}

static void
errors(void)
{
	struct seen s = { .fail_on = "fly" };
	struct r53_error err = { 0 };
	char text[1200];

	CHECK(parse("# c\nbind records o sort\nbind records x fly\n", &s, &err) == R53_INVALID);
	CHECK_STR(err.text, PATH ":3: unknown request 'fly'");
	CHECK_STR(s.text, "bind records o sort|"); /* lines before the bad one went through */
	CHECK(parse("bind nope x sort\n", &s, &err) == R53_INVALID);
	CHECK_STR(err.text, PATH ":1: unknown keymap 'nope'");
	CHECK(parse("\n\nbind zones <Nope> sort\n", &s, &err) == R53_INVALID);
	CHECK_STR(err.text, PATH ":3: unknown key '<Nope>'");
	CHECK(parse("bind generic x\n", &s, &err) == R53_USAGE);
	CHECK_STR(err.text, PATH ":1: bind KEYMAP KEY REQUEST");
	CHECK(parse("bind generic x sort # why\n", &s, &err) == R53_USAGE); /* no inline comments */
	CHECK_STR(err.text, PATH ":1: bind KEYMAP KEY REQUEST");
	CHECK(parse("profile prod\n", &s, &err) == R53_USAGE);
	CHECK_STR(err.text, PATH ":1: profile NAME read_only");
	CHECK(parse("profile prod read-only\n", &s, &err) == R53_USAGE);
	/* the caller's verdict on other commands comes back with the line */
	CHECK(parse("zones\nfly away\n", &s, &err) == R53_USAGE);
	CHECK_STR(err.text, PATH ":2: unknown command 'fly'");
	/* a NUL byte; an over-long line (it used to be cut in two and the numbers shifted) */
	r53_error_clear(&err);
	CHECK(config_parse(PATH, "zones\nbind\0 x\n", 13, collect, &s, &err) == R53_USAGE);
	CHECK_STR(err.text, PATH ":2: a NUL byte");
	memset(text, 'x', sizeof(text));
	memcpy(text, "# ", 2);
	text[1100] = '\n';
	strcpy(text + 1101, "bind generic x fly\n");
	CHECK(parse(text, &s, &err) == R53_USAGE);
	CHECK_STR(err.text, PATH ":1: longer than 1023 characters");
}

static void
words(void)
{
	char buf[128], *argv[8];

	strcpy(buf, "  bind\tgeneric  <C-n>   move-down  ");
	CHECK_INT(command_split(buf, argv, 8), 4);
	CHECK_STR(argv[0], "bind");
	CHECK_STR(argv[2], "<C-n>");
	CHECK_STR(argv[3], "move-down");
	strcpy(buf, "filter type:A  www  example");
	CHECK_INT(command_split(buf, argv, 8), 3);
	CHECK_STR(argv[2], "www  example"); /* a filter keeps the rest of its line */
	strcpy(buf, "a b c d e f g h i j");
	CHECK_INT(command_split(buf, argv, 8), 8);
	strcpy(buf, "   ");
	CHECK_INT(command_split(buf, argv, 8), 0);
}

static void
key_names(void)
{
	struct r53_error err = { 0 };
	char buf[32];
	size_t len = 0;
	int key;
	enum request req;

	/* every key bind accepts formats to a name that parses back, whole, to it */
	for (int k = 0; k < 128; k++) {
		keyname_format(k, buf, sizeof(buf));
		CHECK(keyname_parse(buf, &len) == k && len == strlen(buf));
	}
	for (int f = 1; f <= 12; f++) {
		keyname_format(KEY_F(f), buf, sizeof(buf));
		CHECK(keyname_parse(buf, &len) == KEY_F(f) && len == strlen(buf));
	}
	keyname_format(0, buf, sizeof(buf));
	CHECK_STR(buf, "<C-@>"); /* was "<0>", which no config could name */
	keyname_format(29, buf, sizeof(buf));
	CHECK_STR(buf, "<C-]>");
	keyname_format(6, buf, sizeof(buf));
	CHECK_STR(buf, "<C-f>");
	CHECK(keyname_parse("<F12>", &len) == KEY_F(12));
	CHECK(keyname_parse("<F1x>", &len) == '<' && len == 1); /* was F1 */
	CHECK(keyname_parse("<F13>", &len) == '<' && len == 1);
	CHECK(keyname_parse("<F001>", &len) == '<' && len == 1);
	CHECK(keys_bind_check("generic", "<C-@>", "help", &key, &req, &err) == R53_OK);
	CHECK(key == 0 && req == REQ_HELP);
	CHECK(keys_bind_check("generic", "x", "none", &key, &req, &err) == R53_OK);
	CHECK(req == REQ_NONE);
	CHECK(keys_bind_check("generic", "\x9d", "help", &key, &req, &err) == R53_INVALID);
	CHECK_STR(err.text, "unknown key '\x9d'"); /* a lone non-ASCII byte is not a key */
	r53_error_clear(&err);
	CHECK(keys_bind_check("generic", "\xc3\xa9", "help", &key, &req, &err) == R53_INVALID);
	/* checking binds nothing */
	CHECK(keys_lookup("zones", 'x') == REQ_UNKNOWN);
}

int
main(void)
{
	RUN(lines);
	RUN(errors);
	RUN(words);
	RUN(key_names);
	return CHECK_REPORT("tui_config");
}
