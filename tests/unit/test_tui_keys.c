/* tui: the filter language, request names and key names (the pure parts of the TUI core). */
#include <stdlib.h>
#include <string.h>

#include "tests/tools/check.h"
#include "tui/tui.h"

static bool
matches(const char *text, const struct filter_row *row)
{
	struct filter f;
	struct r53_error err = { 0 };

	if (filter_compile(text, &f, &err) != R53_OK)
		return false;
	return filter_match(&f, row);
}

static void
filter_terms(void)
{
	const char *values[] = { "10 mail.example.com.", "20 mx2.example.net." };
	struct filter_row mx = { .name = "example.com.", .type = "MX", .routing = "simple",
				 .values = values, .nvalues = 2, .ttl = 3600 };
	struct filter_row alias = { .name = "www.example.com.", .type = "A", .routing = "simple",
				    .ttl = -1 };

	CHECK(matches("", &mx));
	CHECK(matches("   ", &mx));
	CHECK(matches("mx2", &mx));	     /* a value */
	CHECK(matches("EXAMPLE.COM", &mx)); /* case-insensitive */
	CHECK(matches("type:mx", &mx));
	CHECK(matches("type:A,MX", &mx));
	CHECK(!matches("type:M", &mx)); /* types are exact */
	CHECK(matches("!type:A", &mx));
	CHECK(!matches("!mail", &mx));
	CHECK(matches("name:example value:mx2", &mx));
	CHECK(!matches("name:mx2", &mx));
	CHECK(matches("ttl:3600", &mx));
	CHECK(matches("ttl:1h", &mx));
	CHECK(matches("ttl:>=1h", &mx));
	CHECK(!matches("ttl:<1h", &mx));
	CHECK(matches("ttl:<=3600", &mx));
	CHECK(matches("ttl:>60", &mx));
	CHECK(matches("ttl:<", &mx)); /* still typing */
	CHECK(!matches("ttl:<300", &alias)); /* no TTL: no number matches */
	CHECK(matches("!ttl:<300", &alias));
	CHECK(matches("routing:simple www", &alias));
	CHECK(!matches("www mail", &alias)); /* all terms apply */
}

/* The records view's prepared rows (filter_text_add + filter_match_text) answer every filter
 * as filter_match does on the same row. */
static void
filter_prepared_same(void)
{
	const char *mxv[] = { "10 Mail.Example.com.", "20 mx2.example.net." };
	const char *txtv[] = { "\"v=spf1 include:_spf.Example.net ~all\"" };
	const char *cf[] = { "d111.cloudfront.net." };
	struct filter_row rows[] = {
		{ .name = "example.com.", .type = "MX", .routing = "simple", .values = mxv,
		  .nvalues = 2, .ttl = 3600 },
		{ .name = "www.example.com.", .type = "A", .routing = "weighted 70",
		  .values = cf, .nvalues = 1, .ttl = -1 },
		{ .name = "txt.example.com.", .type = "TXT", .routing = "simple", .values = txtv,
		  .nvalues = 1, .ttl = 300 },
		{ .name = "empty.example.com.", .type = "A", .routing = "simple", .values = NULL,
		  .nvalues = 0, .ttl = 60 },
	};
	const char *filters[] = {
		"", "mx2", "EXAMPLE.COM", "type:mx", "type:A,MX", "type:M", "!type:A", "!mail",
		"name:example value:mx2", "name:mx2", "ttl:3600", "ttl:<1h", "ttl:<", "!ttl:<300",
		"routing:weigh", "routing:simple www", "www mail", "value:", "value:d111",
		"cloudfront", "x", "m", ".", "com. ", "spf1 ~all", "!", "name:", "comment:x",
		"!comment:x", "\"v=", "net.\"", "mx2.example.net.x", "e",
	};
	struct filter_buf b = { 0 };
	struct filter_text t[4];

	for (int i = 0; i < 4; i++)
		CHECK(filter_text_add(&b, &t[i], rows[i].name, rows[i].type, rows[i].values,
				      rows[i].nvalues, rows[i].routing) == R53_OK);
	for (size_t k = 0; k < sizeof(filters) / sizeof(filters[0]); k++) {
		struct filter f;
		struct r53_error err = { 0 };

		CHECK(filter_compile(filters[k], &f, &err) == R53_OK);
		for (int i = 0; i < 4; i++)
			if (filter_match(&f, &rows[i]) !=
			    filter_match_text(&f, b.data, &t[i], rows[i].ttl)) {
				fprintf(stderr, "filter '%s', row %d:\n", filters[k], i);
				CHECK(!"prepared row answers like filter_match");
			}
	}
	free(b.data);
}

static bool
narrows(const char *from, const char *to)
{
	struct filter a, b;

	return filter_compile(from, &a, NULL) == R53_OK && filter_compile(to, &b, NULL) == R53_OK &&
	       filter_narrows(&a, &b);
}

/* Typing more of a filter only looks at the rows shown: true only when it cannot add rows. */
static void
filter_narrowing(void)
{
	CHECK(narrows("", "h"));
	CHECK(narrows("ho", "hos"));
	CHECK(narrows("host", "host "));
	CHECK(narrows("host", "host type:A"));
	CHECK(narrows("name:ho", "name:hos"));
	CHECK(narrows("ttl:<300", "ttl:<300 mx"));
	CHECK(!narrows("hos", "ho"));		/* backspace */
	CHECK(!narrows("!ho", "!hos"));		/* a longer negated term takes fewer rows out */
	CHECK(!narrows("type:A", "type:AA"));	/* types are exact */
	CHECK(!narrows("type:A", "type:A,MX"));
	CHECK(!narrows("ttl:<3", "ttl:<30"));
	CHECK(!narrows("name", "name:"));	/* a bare term becomes an empty name term */
	CHECK(!narrows("a b", "a"));
	CHECK(!narrows("ho", "value:ho"));
}

static void
filter_errors(void)
{
	struct filter f;
	struct r53_error err = { 0 };
	char many[200] = "";

	CHECK(filter_compile("ttl:<abc", &f, &err) == R53_INVALID);
	CHECK_STR(err.text, "ttl:abc is not a number of seconds");
	for (int i = 0; i < FILTER_TERMS_MAX + 1; i++)
		strcat(many, "a ");
	r53_error_clear(&err);
	CHECK(filter_compile(many, &f, &err) == R53_INVALID);
	/* a long term is cut, not overflowed */
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	r53_error_clear(&err);
	CHECK(filter_compile(big, &f, &err) == R53_OK);
	CHECK(f.n == 1);
}

static void
request_names(void)
{
	CHECK_STR(request_name(REQ_MOVE_DOWN), "move-down");
	CHECK_STR(request_name(REQ_VIEW_HC), "view-hc");
	CHECK(request_name(REQ_NONE) == NULL);
	CHECK(request_name(REQ_UNKNOWN) == NULL);
	CHECK(request_parse("move-down") == REQ_MOVE_DOWN);
	CHECK(request_parse("MOVE_DOWN") == REQ_MOVE_DOWN);
	CHECK(request_parse("move-dow") == REQ_UNKNOWN);
	CHECK(request_parse("") == REQ_UNKNOWN);
	CHECK_STR(request_label(REQ_ENTER), "Open");
	/* every request has a name, a label and help */
	for (int r = REQ_FIRST; r < REQ_NONE; r++) {
		CHECK(request_parse(request_name((enum request)r)) == (enum request)r);
		CHECK(request_label((enum request)r)[0] != '\0');
		CHECK(request_help((enum request)r)[0] != '\0');
	}
}

static void
key_names(void)
{
	size_t len = 0;
	char buf[32];

	CHECK(keyname_parse("j", &len) == 'j' && len == 1);
	CHECK(keyname_parse("<Enter>", &len) == 13 && len == 7);
	CHECK(keyname_parse("<enter>x", &len) == 13 && len == 7);
	CHECK(keyname_parse("<Down>", &len) == KEY_DOWN);
	CHECK(keyname_parse("<PgDown>", &len) == KEY_NPAGE);
	CHECK(keyname_parse("<C-f>", &len) == 6);
	CHECK(keyname_parse("<F5>", &len) == KEY_F(5));
	CHECK(keyname_parse("<300", &len) == '<' && len == 1); /* not a name: literal */
	CHECK(keyname_parse("<Nope>", &len) == '<' && len == 1);
	CHECK(keyname_parse("", &len) == -1);
	keyname_format(KEY_DOWN, buf, sizeof(buf));
	CHECK_STR(buf, "<Down>");
	keyname_format(6, buf, sizeof(buf));
	CHECK_STR(buf, "<C-f>");
	keyname_format('<', buf, sizeof(buf));
	CHECK_STR(buf, "<");
	keyname_format(' ', buf, sizeof(buf));
	CHECK_STR(buf, "<Space>");
}

static void
bindings(void)
{
	struct r53_error err = { 0 };
	char keys[128];

	CHECK(keys_lookup("records", 'j') == REQ_MOVE_DOWN); /* from generic */
	CHECK(keys_lookup("records", 'x') == REQ_UNKNOWN);
	CHECK(keys_bind("records", "x", "sort", &err) == R53_OK);
	CHECK(keys_lookup("records", 'x') == REQ_SORT);
	CHECK(keys_lookup("zones", 'x') == REQ_UNKNOWN); /* only in its keymap */
	CHECK(keys_bind("generic", "j", "none", &err) == R53_OK);
	CHECK(keys_lookup("zones", 'j') == REQ_NONE);
	keys_for_request("zones", REQ_MOVE_DOWN, keys, sizeof(keys));
	CHECK_STR(keys, "<Down>"); /* j is no longer listed */
	keys_for_request("records", REQ_SORT, keys, sizeof(keys));
	CHECK_STR(keys, "s, x");
	CHECK(keys_bind("nope", "x", "sort", &err) == R53_INVALID);
	r53_error_clear(&err);
	CHECK(keys_bind("zones", "<Nope>", "sort", &err) == R53_INVALID);
	CHECK_STR(err.text, "unknown key '<Nope>'");
	r53_error_clear(&err);
	CHECK(keys_bind("zones", "x", "fly", &err) == R53_INVALID);
	CHECK_STR(err.text, "unknown request 'fly'");
	keys_done();
	CHECK(keys_lookup("zones", 'j') == REQ_MOVE_DOWN);
}

int
main(void)
{
	RUN(filter_terms);
	RUN(filter_prepared_same);
	RUN(filter_narrowing);
	RUN(filter_errors);
	RUN(request_names);
	RUN(key_names);
	RUN(bindings);
	return CHECK_REPORT("tui_keys");
}
