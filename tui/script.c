/* R53_SCRIPT=file drives the TUI as a user would, for screen tests (tig's TIG_SCRIPT). Each
 * line is either a command (":save-display FILE", ":records example.com", ":resize 40 12")
 * run as if typed at the ':' prompt, or keys: key names ("<Enter>", "<Esc>", "<Down>",
 * "<C-f>", "<Space>") and literal characters ("j", "/www"). Leading blanks and empty lines
 * are skipped; '#' starts a comment line. When the script ends, the TUI quits. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

static FILE *script;
static char line[1024];
static size_t pos; /* next character of @line to feed as a key; line[pos] == 0: read a line */

bool
script_open(struct r53_error *err)
{
	const char *path = getenv("R53_SCRIPT");

	if (!path || !*path)
		return false;
	script = fopen(path, "r");
	if (!script) {
		r53_error_set(err, R53_IO, "R53_SCRIPT", "cannot open %s", path);
		return false;
	}
	line[0] = '\0';
	pos = 0;
	return true;
}

bool
script_active(void)
{
	return script != NULL;
}

enum script_step
script_next(int *key, char *cmd, size_t cmdsz)
{
	if (!script)
		return SCRIPT_NONE;
	while (!line[pos]) {
		char *s;
		if (!fgets(line, sizeof(line), script)) {
			line[0] = '\0';
			pos = 0;
			return SCRIPT_END;
		}
		line[strcspn(line, "\r\n")] = '\0';
		for (s = line; isspace((unsigned char)*s); s++)
			;
		memmove(line, s, strlen(s) + 1);
		pos = 0;
		if (line[0] == '#') {
			line[0] = '\0';
			continue;
		}
		if (line[0] == ':') {
			snprintf(cmd, cmdsz, "%s", line + 1);
			line[0] = '\0';
			return SCRIPT_COMMAND;
		}
	}
	size_t len = 1;
	*key = keyname_parse(line + pos, &len);
	pos += len;
	return SCRIPT_KEY;
}

void
script_close(void)
{
	if (script)
		fclose(script);
	script = NULL;
}

bool
script_net(void)
{
	const char *v = getenv("R53_SCRIPT_NET");

	return script_active() && v && *v && strcmp(v, "0") != 0;
}
