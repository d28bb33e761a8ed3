/* libFuzzer: any bytes as ~/.aws/credentials or ~/.aws/config (client/ini.c). Every key and
 * value handed out is NUL-terminated, stripped and lower-cased where it should be; the profile
 * picker agrees with a second reading of the same events (the section's key, else [DEFAULT]'s;
 * the later section of a profile wins) and never overfills its buffers. Only parsing happens:
 * credential_process is copied, never run (popen and system abort here), no file is opened and
 * HOME points nowhere. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/private.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Nothing in a parse may start a command. */
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
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	unsetenv("AWS_CONFIG_FILE");
	unsetenv("XDG_CONFIG_HOME");
	return 0;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       (c >= 0x1c && c <= 0x1f);
}

#define KEYS 4
static const char *const wanted[KEYS] = { "aws_access_key_id", "aws_secret_access_key",
					  "aws_session_token", "credential_process" };

/* What the picker should find, read again from the events. */
struct expect {
	const char *profile;
	bool config_style;
	int lines;
	bool in, in_default, found;
	char first[256]; /* the first section's profile name: the one to look up */
	bool have_first;
	char *got[KEYS], *dflt[KEYS];
};

static void
set(char **slot, const char *v)
{
	free(*slot);
	*slot = strdup(v);
	if (!*slot)
		abort();
}

static enum r53_code
on_event(void *ud, const char *section, const char *key, const char *value, int lineno,
	 struct r53_error *err)
{
	struct expect *x = ud;
	char name[256];

	if (!section || lineno < 1 || lineno > x->lines)
		abort();
	(void)strlen(section);
	if (!key) {
		bool is = aws_ini_section_profile(section, x->config_style, name, sizeof(name));

		if (value)
			abort();
		if (is && strnlen(name, sizeof(name)) >= sizeof(name))
			abort();
		if (is && !x->have_first && strcmp(section, "DEFAULT")) {
			snprintf(x->first, sizeof(x->first), "%s", name);
			x->have_first = true;
		}
		x->in_default = !strcmp(section, "DEFAULT");
		x->in = x->profile && !x->in_default && is && !strcmp(name, x->profile);
		if (x->in) {
			x->found = true;
			for (int i = 0; i < KEYS; i++) {
				free(x->got[i]);
				x->got[i] = NULL;
			}
		}
		return R53_OK;
	}
	/* a key: not empty, lower case, no blank at either end, no delimiter in it */
	if (!*key || blank(key[0]) || blank(key[strlen(key) - 1]) || strpbrk(key, "=:"))
		abort();
	for (const char *c = key; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			abort();
	/* a value: stripped; lines end only inside it */
	if (!value || (*value && (blank(value[0]) && value[0] != '\n')) ||
	    (*value && blank(value[strlen(value) - 1])) || strchr(value, '\r'))
		abort();
	for (int i = 0; i < KEYS; i++)
		if (!strcmp(key, wanted[i])) {
			if (x->in)
				set(&x->got[i], value);
			else if (x->in_default)
				set(&x->dflt[i], value);
		}
	return R53_OK;
}

static void
expect_done(struct expect *x)
{
	for (int i = 0; i < KEYS; i++) {
		free(x->got[i]);
		free(x->dflt[i]);
	}
}

static void
one(const char *text, size_t size, int lines, const char *profile, bool config_style)
{
	struct expect x = { .profile = profile, .config_style = config_style, .lines = lines };
	struct aws_profile_keys k;
	struct r53_error err = { 0 };
	enum r53_code walk, rc;
	char *fields[KEYS] = { k.ak, k.sk, k.token, k.process };
	size_t sizes[KEYS] = { sizeof(k.ak), sizeof(k.sk), sizeof(k.token), sizeof(k.process) };
	bool broken = false;

	memset(&k, 0, sizeof(k));
	walk = aws_ini_parse(text, size, "fuzz", on_event, &x, &err);
	if (walk != R53_OK && strncmp(err.text, "fuzz", 4))
		abort(); /* errors name the file */
	r53_error_clear(&err);
	rc = aws_ini_profile(text, size, "fuzz", profile, config_style, &k, &err);
	for (int i = 0; i < KEYS; i++)
		if (strnlen(fields[i], sizes[i]) >= sizes[i] || strchr(fields[i], '\n'))
			abort();
	if (walk != R53_OK) {
		if (rc == R53_OK)
			abort(); /* the picker refuses whatever the parser refuses */
		expect_done(&x);
		return;
	}
	for (int i = 0; i < KEYS; i++) {
		const char *want = x.got[i] ? x.got[i] : x.dflt[i] ? x.dflt[i] : "";

		if (x.found && (strchr(want, '\n') || strlen(want) >= sizes[i]))
			broken = true;
	}
	if (broken) {
		if (rc == R53_OK)
			abort();
	} else if (x.found) {
		if (rc != R53_OK || !k.found)
			abort();
		for (int i = 0; i < KEYS; i++) {
			const char *want = x.got[i] ? x.got[i] : x.dflt[i] ? x.dflt[i] : "";

			if (strcmp(fields[i], want))
				abort();
		}
	} else if (rc != R53_OK || k.found) {
		abort(); /* no such profile: nothing found, nothing refused */
	}
	expect_done(&x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct expect first = { .config_style = true, .lines = 1 };
	struct r53_error err = { 0 };
	char name[256];
	int lines = 1;

	for (size_t i = 0; i < size; i++)
		if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < size && text[i + 1] == '\n')))
			lines++;
	one(text, size, lines, "default", false);
	one(text, size, lines, "default", true);
	/* the first profile each style finds */
	for (int style = 0; style < 2; style++) {
		first.config_style = style;
		first.lines = lines;
		first.have_first = false;
		(void)aws_ini_parse(text, size, "fuzz", on_event, &first, &err);
		r53_error_clear(&err);
		expect_done(&first);
		memset(first.got, 0, sizeof(first.got));
		memset(first.dflt, 0, sizeof(first.dflt));
		if (first.have_first) {
			snprintf(name, sizeof(name), "%s", first.first);
			one(text, size, lines, name, style);
		}
	}
	return 0;
}
