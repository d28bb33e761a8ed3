/* ~/.config/r53/config as text: lines, words, and the checks that need no terminal, no app and
 * no file, so the config can be read from memory (keys_load_config) and fuzzed
 * (tests/fuzz/fuzz_r53_config.c). Running a line is app_command's job. */
#include <ctype.h>
#include <string.h>

#include "tui/tui.h"

int
command_split(char *buf, char **argv, int max)
{
	char *s = buf;
	int argc = 0;

	while (argc < max) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		argv[argc++] = s;
		if (argc == 3 && !strcmp(argv[0], "filter"))
			break; /* keep the rest */
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	return argc;
}

enum r53_code
config_check(const char *line, struct r53_error *err)
{
	char buf[CONFIG_LINE_MAX + 1], *argv[8];
	int argc, key;
	enum request req;

	snprintf(buf, sizeof(buf), "%s", line);
	argc = command_split(buf, argv, 8);
	if (argc == 0)
		return R53_OK;
	if (!strcmp(argv[0], "bind")) {
		if (argc != 4)
			return r53_error_set(err, R53_USAGE, "bind", "bind KEYMAP KEY REQUEST");
		return keys_bind_check(argv[1], argv[2], argv[3], &key, &req, err);
	}
	if (!strcmp(argv[0], "profile") && (argc != 3 || strcmp(argv[2], "read_only") != 0))
		return r53_error_set(err, R53_USAGE, "profile", "profile NAME read_only");
	return R53_OK; /* any other command is app_command's to judge */
}

enum r53_code
config_parse(const char *path, const char *text, size_t len, config_line_fn fn, void *ud,
	     struct r53_error *err)
{
	const char *s = text, *end = text + len;
	int lineno = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end;
		char line[CONFIG_LINE_MAX + 1], *p = line;
		struct r53_error e1 = { 0 };
		size_t n;

		lineno++;
		if (e > s && e[-1] == '\r')
			e--;
		n = (size_t)(e - s);
		if (memchr(s, '\0', n))
			return r53_error_set(err, R53_USAGE, "config", "%s:%d: a NUL byte", path,
					     lineno);
		if (n > CONFIG_LINE_MAX)
			return r53_error_set(err, R53_USAGE, "config",
					     "%s:%d: longer than %d characters", path, lineno,
					     CONFIG_LINE_MAX);
		memcpy(line, s, n);
		line[n] = '\0';
		s = nl ? nl + 1 : end;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (config_check(p, &e1) != R53_OK || (fn && fn(ud, p, &e1) != R53_OK))
			return r53_error_set(err, e1.code ? e1.code : R53_USAGE, "config",
					     "%s:%d: %s", path, lineno, e1.text);
	}
	return R53_OK;
}
