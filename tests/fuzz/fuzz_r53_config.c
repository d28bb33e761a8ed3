/* libFuzzer: any bytes as ~/.config/r53/config (tui/config.c, key names from tui/keys.c), with
 * no terminal, no app and no file. A line that passes the checks binds (keys_bind agrees with
 * keys_bind_check) and the binding is then what keys_lookup finds; every key name that parses
 * formats back to a name that parses, whole, to the same key; errors name the file and a line
 * that exists. Nothing is run: lines other than bind are only checked (app_command never
 * runs), popen/system abort, HOME points nowhere. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FILE *popen(const char *command, const char *type);
int system(const char *command);

FILE *
popen(const char *command, const char *type)
{
	abort();
}

int
system(const char *command)
{
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("HOME", "/nonexistent/r53-fuzz", 1);
	unsetenv("XDG_CONFIG_HOME");
	return 0;
}

/* A key that parses must format to a name that parses whole to the same key. */
static void
round_trip(int key)
{
	char name[32];
	size_t len = 0;

	keyname_format(key, name, sizeof(name));
	if (strnlen(name, sizeof(name)) >= sizeof(name) || keyname_parse(name, &len) != key ||
	    len != strlen(name))
		abort();
}

static enum r53_code
on_line(void *ud, const char *line, struct r53_error *err)
{
	char buf[CONFIG_LINE_MAX + 1], *argv[8];
	int argc, key = -1, *lines = ud;
	enum request req = REQ_UNKNOWN;
	size_t n = strlen(line);

	(*lines)++;
	if (n > CONFIG_LINE_MAX || !*line || *line == '#')
		abort();
	memcpy(buf, line, n + 1);
	argc = command_split(buf, argv, 8);
	if (argc < 1 || argc > 8)
		abort();
	for (int i = 0; i < argc; i++)
		if (argv[i] < buf || argv[i] + strlen(argv[i]) > buf + n)
			abort(); /* words lie inside the line */
	if (strcmp(argv[0], "bind"))
		return R53_OK; /* app_command's; never run here */
	if (argc != 4 || keys_bind_check(argv[1], argv[2], argv[3], &key, &req, err) != R53_OK)
		abort(); /* config_check let it through */
	if (keys_bind(argv[1], argv[2], argv[3], err) != R53_OK)
		abort();
	if (keys_lookup(argv[1], key) != req)
		abort();
	round_trip(key);
	return R53_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct r53_error err = { 0 };
	char *text = malloc(size + 1);
	int lines = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (config_parse("fuzz/config", text, size, on_line, &lines, &err) != R53_OK) {
		int at = 0, total = 1;

		for (size_t i = 0; i < size; i++)
			total += text[i] == '\n';
		if (sscanf(err.text, "fuzz/config:%d: ", &at) != 1 || at < 1 || at > total ||
		    !err.text[strlen("fuzz/config:")])
			abort();
	}
	keys_done();
	/* the input as one key name, and as a : command's words */
	{
		size_t len = 0;
		int key = keyname_parse(text, &len);

		if (key >= 0 && (len < 1 || len > size))
			abort();
		if (keys_bind_check("generic", text, "help", &key, &(enum request){ 0 }, &err) ==
		    R53_OK)
			round_trip(key); /* what bind accepts */
	}
	r53_error_clear(&err);
	(void)config_check(text, &err);
	free(text);
	return 0;
}
