/* Requests and keys as data: the names and help of every request (from REQ_INFO), the default
 * key table, user bindings from the config file, and key names for scripts, help and docs. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

struct keybinding {
	const char *keymap; /* "generic" or a view's name */
	int key;	    /* curses key code or character */
	enum request request;
};

/* clang-format off */
static const struct {
	const char *id;
	const char *label;
	const char *help;
} request_info[] = {
#define REQ_ROW(id, label, help) { #id, label, help },
	REQ_INFO(REQ_ROW)
#undef REQ_ROW
};

/* What read-only mode turns off: everything that stages, sends or deletes. Discarding staged
 * edits stays on (it only forgets what this cache holds). */
static const enum request edit_requests[] = {
	REQ_EDIT,	 REQ_ADD,	  REQ_TTL,	  REQ_DELETE,	     REQ_STAGE,
	REQ_APPLY,	 REQ_ROLLBACK,	  REQ_ZONE_ADD,	  REQ_ZONE_DELETE,   REQ_HC_ADD,
	REQ_HC_DELETE,	 REQ_CREATE,	  REQ_GUIDE_ZONE, REQ_GUIDE_UPDATE,
};

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
#define KEY_RETURN 13

static const struct keybinding default_keys[] = {
	/* keymap	key		request */
	{ "generic",	'k',		REQ_MOVE_UP },
	{ "generic",	KEY_UP,		REQ_MOVE_UP },
	{ "generic",	'j',		REQ_MOVE_DOWN },
	{ "generic",	KEY_DOWN,	REQ_MOVE_DOWN },
	{ "generic",	KEY_PPAGE,	REQ_MOVE_PAGE_UP },
	{ "generic",	KEY_CTRL('b'),	REQ_MOVE_PAGE_UP },
	{ "generic",	KEY_NPAGE,	REQ_MOVE_PAGE_DOWN },
	{ "generic",	KEY_CTRL('f'),	REQ_MOVE_PAGE_DOWN },
	{ "generic",	'g',		REQ_MOVE_FIRST },
	{ "generic",	KEY_HOME,	REQ_MOVE_FIRST },
	{ "generic",	'G',		REQ_MOVE_LAST },
	{ "generic",	KEY_END,	REQ_MOVE_LAST },
	{ "generic",	KEY_RETURN,	REQ_ENTER },
	{ "generic",	KEY_ENTER,	REQ_ENTER },
	{ "generic",	'l',		REQ_ENTER },
	{ "generic",	KEY_RIGHT,	REQ_ENTER },
	{ "generic",	KEY_ESC,	REQ_BACK },
	{ "generic",	'h',		REQ_BACK },
	{ "generic",	KEY_LEFT,	REQ_BACK },
	{ "generic",	'q',		REQ_QUIT },
	{ "generic",	'Q',		REQ_QUIT_ALL },
	{ "generic",	'/',		REQ_FILTER },
	{ "generic",	':',		REQ_PROMPT },
	{ "generic",	' ',		REQ_MARK },
	{ "generic",	's',		REQ_SORT },
	{ "generic",	'?',		REQ_HELP },
	{ "generic",	KEY_F(1),	REQ_HELP },
	{ "generic",	'R',		REQ_REFRESH },
	{ "generic",	KEY_F(5),	REQ_REFRESH },
	{ "generic",	'r',		REQ_REFRESH },
	{ "generic",	KEY_CTRL('l'),	REQ_REDRAW },
	{ "generic",	'S',		REQ_SYNC },
	{ "generic",	'z',		REQ_VIEW_ZONES },
	{ "generic",	'c',		REQ_VIEW_STAGED },
	{ "generic",	'D',		REQ_VIEW_DOMAINS },
	{ "generic",	'H',		REQ_VIEW_HC },
	{ "generic",	'N',		REQ_GUIDE },
	{ "records",	'e',		REQ_EDIT },
	{ "records",	'a',		REQ_ADD },
	{ "records",	't',		REQ_TTL },
	{ "records",	'd',		REQ_DELETE },
	{ "records",	'u',		REQ_ROLLBACK },
	{ "zones",	'a',		REQ_ZONE_ADD },
	{ "zones",	'd',		REQ_ZONE_DELETE },
	{ "zones",	'u',		REQ_ROLLBACK },
	{ "hc",		'a',		REQ_HC_ADD },
	{ "hc",		'd',		REQ_HC_DELETE },
	/* the create forms (zone, health check): like the editor, printable keys type */
	{ "create",	KEY_RETURN,	REQ_CREATE },
	{ "create",	KEY_ENTER,	REQ_CREATE },
	{ "create",	'\t',		REQ_MOVE_DOWN },
	{ "create",	KEY_BTAB,	REQ_MOVE_UP },
	{ "create",	KEY_RIGHT,	REQ_CHOICE_NEXT },
	{ "create",	KEY_LEFT,	REQ_CHOICE_PREV },
	{ "record",	'e',		REQ_EDIT },
	{ "record",	't',		REQ_TTL },
	{ "record",	'd',		REQ_DELETE },
	/* the editor: printable keys type into the field, so only keys that type nothing */
	{ "edit",	KEY_RETURN,	REQ_STAGE },
	{ "edit",	KEY_ENTER,	REQ_STAGE },
	{ "edit",	'\t',		REQ_MOVE_DOWN },
	{ "edit",	KEY_BTAB,	REQ_MOVE_UP },
	{ "edit",	KEY_RIGHT,	REQ_CHOICE_NEXT },
	{ "edit",	KEY_LEFT,	REQ_CHOICE_PREV },
	{ "guide",	'C',		REQ_GUIDE_ZONE },
	{ "guide",	'U',		REQ_GUIDE_UPDATE },
	{ "guide",	'v',		REQ_GUIDE_CHECK },
	{ "guide",	'n',		REQ_GUIDE_NEXT_ZONE },
	{ "staged",	'd',		REQ_DISCARD },
	{ "staged",	'D',		REQ_DISCARD_ALL },
	{ "staged",	'A',		REQ_APPLY },
	{ "staged",	KEY_RETURN,	REQ_APPLY },
	{ "staged",	KEY_ENTER,	REQ_APPLY },
};

static const struct {
	int key;
	const char *name;
} key_names_table[] = {
	{ KEY_RETURN,	"Enter" },	{ KEY_ENTER,	"KEnter" },
	{ KEY_ESC,	"Esc" },	{ ' ',		"Space" },
	{ '\t',		"Tab" },	{ KEY_BTAB,	"S-Tab" },	{ KEY_BACKSPACE, "Backspace" },
	{ 127,		"Del" },	{ KEY_DC,	"Delete" },
	{ KEY_UP,	"Up" },		{ KEY_DOWN,	"Down" },
	{ KEY_LEFT,	"Left" },	{ KEY_RIGHT,	"Right" },
	{ KEY_PPAGE,	"PgUp" },	{ KEY_NPAGE,	"PgDown" },
	{ KEY_HOME,	"Home" },	{ KEY_END,	"End" },
	{ KEY_RESIZE,	"Resize" },	{ '<',		"LT" },
};
/* clang-format on */

const char *const keymap_names[] = { "generic", "zones", "records", "record", "help", "edit",
				     "staged", "guide", "hc", "create", NULL };

/* User bindings (config file and `:bind`), searched before the defaults. */
static struct keybinding *user_keys;
static size_t user_nkeys, user_cap;
static char user_keymaps[32][16]; /* storage for keymap names of user bindings */
static size_t user_nkeymaps;

/*
 * Requests
 */
const char *
request_name(enum request req)
{
	static char names[REQ_NONE - REQ_FIRST][32];
	size_t i;

	if (req < REQ_FIRST || req >= REQ_NONE)
		return NULL;
	i = (size_t)(req - REQ_FIRST);
	if (!names[i][0]) {
		const char *id = request_info[i].id;
		size_t j;
		for (j = 0; id[j] && j + 1 < sizeof(names[i]); j++)
			names[i][j] = id[j] == '_' ? '-' : (char)tolower((unsigned char)id[j]);
		names[i][j] = '\0';
	}
	return names[i];
}

const char *
request_help(enum request req)
{
	if (req < REQ_FIRST || req >= REQ_NONE)
		return "";
	return request_info[req - REQ_FIRST].help;
}

const char *
request_label(enum request req)
{
	if (req < REQ_FIRST || req >= REQ_NONE)
		return "";
	return request_info[req - REQ_FIRST].label;
}

bool
request_edits(enum request req)
{
	for (size_t i = 0; i < sizeof(edit_requests) / sizeof(edit_requests[0]); i++)
		if (edit_requests[i] == req)
			return true;
	return false;
}

enum request
request_parse(const char *name)
{
	for (int r = REQ_FIRST; r < REQ_NONE; r++) {
		const char *n = request_name((enum request)r);
		size_t i;
		for (i = 0; n[i] && name[i]; i++) {
			char c = name[i] == '_' ? '-' : (char)tolower((unsigned char)name[i]);
			if (c != n[i])
				break;
		}
		if (!n[i] && !name[i])
			return (enum request)r;
	}
	return REQ_UNKNOWN;
}

/*
 * Key names
 */
int
keyname_parse(const char *s, size_t *len)
{
	if (!s || !*s)
		return -1;
	if (s[0] == '<') {
		const char *end = strchr(s + 1, '>');
		if (end && end > s + 1) {
			size_t n = (size_t)(end - s - 1);
			char name[24];
			if (n < sizeof(name)) {
				memcpy(name, s + 1, n);
				name[n] = '\0';
				*len = n + 2;
				for (size_t i = 0; i < sizeof(key_names_table) / sizeof(key_names_table[0]); i++)
					if (!strcasecmp(name, key_names_table[i].name))
						return key_names_table[i].key;
				if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] &&
				    !name[3])
					return KEY_CTRL(tolower((unsigned char)name[2]));
				if ((name[0] == 'F' || name[0] == 'f') && isdigit((unsigned char)name[1]) &&
				    strspn(name + 1, "0123456789") == strlen(name + 1) &&
				    strlen(name + 1) <= 2) { /* <F1>..<F12>, not <F1x> */
					int k = atoi(name + 1);
					if (k >= 1 && k <= 12)
						return KEY_F(k);
				}
			}
		}
		/* not a key name: a literal '<' */
	}
	/* one UTF-8 character: only ASCII keys are bound; others pass as their first byte */
	*len = 1;
	return (unsigned char)s[0];
}

void
keyname_format(int key, char *buf, size_t bufsz)
{
	for (size_t i = 0; i < sizeof(key_names_table) / sizeof(key_names_table[0]); i++)
		if (key_names_table[i].key == key && key != '<') {
			snprintf(buf, bufsz, "<%s>", key_names_table[i].name);
			return;
		}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, bufsz, "<F%d>", key - KEY_F(0));
	else if (key > 0 && key < 27)
		snprintf(buf, bufsz, "<C-%c>", key + 'a' - 1);
	else if (key >= 0 && key < 32) /* <C-@> <C-\> <C-]> <C-^> <C-_>: names that parse back */
		snprintf(buf, bufsz, "<C-%c>", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, bufsz, "%c", key);
	else
		snprintf(buf, bufsz, "<%d>", key);
}

/*
 * Bindings
 */
static bool
keymap_known(const char *keymap)
{
	for (int i = 0; keymap_names[i]; i++)
		if (!strcmp(keymap_names[i], keymap))
			return true;
	return false;
}

enum r53_code
keys_bind_check(const char *keymap, const char *keyname, const char *reqname, int *key,
		enum request *req, struct r53_error *err)
{
	size_t len = 0;

	if (!keymap_known(keymap))
		return r53_error_set(err, R53_INVALID, "bind", "unknown keymap '%s'", keymap);
	*key = keyname_parse(keyname, &len);
	/* one whole name; a lone non-ASCII byte (part of a UTF-8 character) is not a key */
	if (*key < 0 || len != strlen(keyname) || (*key >= 0x80 && *key <= 0xff))
		return r53_error_set(err, R53_INVALID, "bind", "unknown key '%s'", keyname);
	*req = request_parse(reqname);
	if (*req == REQ_UNKNOWN && strcmp(reqname, "none") != 0)
		return r53_error_set(err, R53_INVALID, "bind", "unknown request '%s'", reqname);
	if (*req == REQ_UNKNOWN)
		*req = REQ_NONE; /* "none" unbinds */
	return R53_OK;
}

enum r53_code
keys_bind(const char *keymap, const char *keyname, const char *reqname, struct r53_error *err)
{
	int key;
	enum request req;
	const char *km = NULL;
	enum r53_code rc = keys_bind_check(keymap, keyname, reqname, &key, &req, err);

	if (rc != R53_OK)
		return rc;
	for (size_t i = 0; i < user_nkeymaps; i++)
		if (!strcmp(user_keymaps[i], keymap))
			km = user_keymaps[i];
	if (!km) {
		if (user_nkeymaps >= sizeof(user_keymaps) / sizeof(user_keymaps[0]))
			return r53_error_set(err, R53_INVALID, "bind", "too many keymaps");
		snprintf(user_keymaps[user_nkeymaps], sizeof(user_keymaps[0]), "%s", keymap);
		km = user_keymaps[user_nkeymaps++];
	}
	for (size_t i = 0; i < user_nkeys; i++)
		if (user_keys[i].key == key && user_keys[i].keymap == km) {
			user_keys[i].request = req;
			return R53_OK;
		}
	if (user_nkeys == user_cap) {
		size_t cap = user_cap ? user_cap * 2 : 16;
		struct keybinding *n = realloc(user_keys, cap * sizeof(*n));
		if (!n)
			return r53_error_set(err, R53_NOMEM, "bind", "out of memory");
		user_keys = n;
		user_cap = cap;
	}
	user_keys[user_nkeys++] = (struct keybinding){ km, key, req };
	return R53_OK;
}

void
keys_done(void)
{
	free(user_keys);
	user_keys = NULL;
	user_nkeys = user_cap = 0;
	user_nkeymaps = 0;
}

static enum request
lookup_one(const char *keymap, int key)
{
	for (size_t i = 0; i < user_nkeys; i++)
		if (user_keys[i].key == key && !strcmp(user_keys[i].keymap, keymap))
			return user_keys[i].request;
	for (size_t i = 0; i < sizeof(default_keys) / sizeof(default_keys[0]); i++)
		if (default_keys[i].key == key && !strcmp(default_keys[i].keymap, keymap))
			return default_keys[i].request;
	return REQ_UNKNOWN;
}

enum request
keys_lookup(const char *keymap, int key)
{
	enum request r = keymap ? lookup_one(keymap, key) : REQ_UNKNOWN;
	if (r == REQ_UNKNOWN)
		r = lookup_one("generic", key);
	return r;
}

/* Appends key @key to @buf when it is (still) bound to @req in the effective keymap. */
static void
add_key_if_bound(const char *keymap, int key, enum request req, char *buf, size_t bufsz)
{
	char name[24], *p;

	if (keys_lookup(keymap, key) != req)
		return;
	keyname_format(key, name, sizeof(name));
	/* already listed? */
	for (p = strstr(buf, name); p; p = strstr(p + 1, name)) {
		size_t n = strlen(name);
		if ((p == buf || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return;
	}
	if (*buf)
		strncat(buf, ", ", bufsz - strlen(buf) - 1);
	strncat(buf, name, bufsz - strlen(buf) - 1);
}

void
keys_for_request(const char *keymap, enum request req, char *buf, size_t bufsz)
{
	const char *km = keymap ? keymap : "generic";

	*buf = '\0';
	/* the view's own default keys first: the key bar shows the first one (Tab in the
	 * editor, where j types a letter); then generic defaults; then the user's, in order */
	for (int pass = 0; pass < 2; pass++) {
		const char *want = pass == 0 ? km : "generic";
		if (pass == 1 && !strcmp(km, "generic"))
			break;
		for (size_t i = 0; i < sizeof(default_keys) / sizeof(default_keys[0]); i++)
			if (default_keys[i].request == req && !strcmp(default_keys[i].keymap, want))
				add_key_if_bound(km, default_keys[i].key, req, buf, bufsz);
	}
	for (size_t i = 0; i < user_nkeys; i++)
		if (user_keys[i].request == req &&
		    (!strcmp(user_keys[i].keymap, km) || !strcmp(user_keys[i].keymap, "generic")))
			add_key_if_bound(km, user_keys[i].key, req, buf, bufsz);
}

static enum r53_code
config_run(void *app, const char *line, struct r53_error *err)
{
	return app_command(app, line, err);
}

enum r53_code
keys_load_config(struct app *app, struct r53_error *err)
{
	char path[1024], *text;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	FILE *f;
	size_t len = 0, n;
	enum r53_code rc;

	if (xdg && *xdg)
		snprintf(path, sizeof(path), "%s/r53/config", xdg);
	else if (home && *home)
		snprintf(path, sizeof(path), "%s/.config/r53/config", home);
	else
		return R53_OK;
	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? R53_OK
				       : r53_error_set(err, R53_IO, "config", "%s: %s", path,
						       strerror(errno));
	/* a config is a few lines; more than 1 MiB is not one */
	if (!(text = malloc((1 << 20) + 1))) {
		fclose(f);
		return r53_error_set(err, R53_NOMEM, "config", "out of memory");
	}
	while (len <= (1 << 20) && (n = fread(text + len, 1, (1 << 20) + 1 - len, f)) > 0)
		len += n;
	fclose(f);
	rc = len > (1 << 20) ? r53_error_set(err, R53_USAGE, "config", "%s: larger than 1 MiB", path)
			     : config_parse(path, text, len, config_run, app, err);
	free(text);
	return rc;
}

void
keys_print_markdown(FILE *f)
{
	fprintf(f, "| Keymap | Key | Request | What it does |\n| --- | --- | --- | --- |\n");
	for (int km = 0; keymap_names[km]; km++)
		for (int r = REQ_FIRST; r < REQ_NONE; r++) {
			char keys[128] = "";
			for (size_t i = 0; i < sizeof(default_keys) / sizeof(default_keys[0]); i++) {
				char name[24];
				if ((int)default_keys[i].request != r ||
				    strcmp(default_keys[i].keymap, keymap_names[km]))
					continue;
				keyname_format(default_keys[i].key, name, sizeof(name));
				if (*keys)
					strncat(keys, " ", sizeof(keys) - strlen(keys) - 1);
				strncat(keys, "`", sizeof(keys) - strlen(keys) - 1);
				strncat(keys, !strcmp(name, "`") ? "\\`" : name,
					sizeof(keys) - strlen(keys) - 1);
				strncat(keys, "`", sizeof(keys) - strlen(keys) - 1);
			}
			if (*keys)
				fprintf(f, "| %s | %s | %s | %s |\n", keymap_names[km], keys,
					request_name((enum request)r), request_help((enum request)r));
		}
}
