/* client/ini.c: the AWS shared credentials/config files, parsed from memory as the AWS CLI
 * parses them (expectations checked against `aws configure get`, aws-cli 2.9 and 1.45; the
 * integration test aws-ini-vs-cli.sh compares the two live). */
#include <stdlib.h>
#include <string.h>

#include "client/private.h"
#include "tests/tools/check.h"

/* Every event of a parse, one line each: "[section]" or "section|key=value@line". */
struct events {
	char text[2048];
};

static enum r53_code
record(void *ud, const char *section, const char *key, const char *value, int lineno,
       struct r53_error *err)
{
	struct events *ev = ud;
	size_t n = strlen(ev->text);

	if (!key)
		snprintf(ev->text + n, sizeof(ev->text) - n, "[%s]\n", section);
	else
		snprintf(ev->text + n, sizeof(ev->text) - n, "%s|%s=%s@%d\n", section, key, value,
			 lineno);
	return R53_OK;
}

static enum r53_code
parse(const char *text, struct events *ev, struct r53_error *err)
{
	memset(ev, 0, sizeof(*ev));
	r53_error_clear(err);
	return aws_ini_parse(text, strlen(text), "~/.aws/credentials", record, ev, err);
}

/* The profile's keys from one credentials file (@cred) and one config file (@conf). */
static enum r53_code
profile(const char *cred, const char *conf, const char *name, struct aws_profile_keys *k,
	struct r53_error *err)
{
	enum r53_code rc;

	memset(k, 0, sizeof(*k));
	r53_error_clear(err);
	rc = aws_ini_profile(cred, strlen(cred), "cred", name, false, k, err);
	if (rc == R53_OK)
		rc = aws_ini_profile(conf, strlen(conf), "conf", name, true, k, err);
	return rc;
}

static void
walk(void)
{
	struct events ev;
	struct r53_error err = { 0 };

	CHECK(parse("# comment\n; another\n\n  [default]\n  aws_access_key_id = AKID\n"
		    "aws_secret_access_key=SECRET  \n[Other Name]\nRegion: eu-west-1\n",
		    &ev, &err) == R53_OK);
	CHECK_STR(ev.text, "[default]\ndefault|aws_access_key_id=AKID@5\n"
			   "default|aws_secret_access_key=SECRET@6\n[Other Name]\n"
			   "Other Name|region=eu-west-1@8\n");
	/* a line indented deeper than the key above continues its value, '=' or not */
	CHECK(parse("[d]\nregion = r\n  aws_access_key_id = A\n", &ev, &err) == R53_OK);
	CHECK_STR(ev.text, "[d]\nd|region=r\naws_access_key_id = A@2\n");
	/* an indented line continues the value; blank lines inside stay, trailing ones go */
	CHECK(parse("[p]\ns3 =\n  max_concurrent_requests = 10\n\n  addressing_style = path\n\n"
		    "k = v\n",
		    &ev, &err) == R53_OK);
	CHECK_STR(ev.text, "[p]\np|s3=\nmax_concurrent_requests = 10\n\naddressing_style = path@2\n"
			   "p|k=v@7\n");
	/* CR, CRLF and no final newline; no inline comments; the first '=' or ':' splits */
	CHECK(parse("[a]\rk = v # not a comment\r\nurl: http://x/?a=b", &ev, &err) == R53_OK);
	CHECK_STR(ev.text, "[a]\na|k=v # not a comment@2\na|url=http://x/?a=b@3\n");
	CHECK(parse("", &ev, &err) == R53_OK);
	CHECK_STR(ev.text, "");
}

static void
refused(void)
{
	struct events ev;
	struct r53_error err = { 0 };

	CHECK(parse("[x]\naws_access_key_id = A1\naws_access_key_id = A2\n", &ev, &err) ==
	      R53_PARSE);
	CHECK_STR(err.text, "~/.aws/credentials:3: aws_access_key_id appears twice in [x]");
	CHECK(parse("[x]\nKEY = 1\n[y]\nkey = 2\n[x]\n", &ev, &err) == R53_PARSE);
	CHECK_STR(err.text, "~/.aws/credentials:5: section [x] appears twice");
	CHECK(parse("[x]\nAKIAEXAMPLE\n", &ev, &err) == R53_PARSE);
	CHECK_STR(err.text, "~/.aws/credentials:2: a line in [x] with no '=' (key = value)");
	CHECK(strstr(err.text, "AKIA") == NULL); /* the line itself is never shown */
	CHECK(parse("key = v\n[x]\n", &ev, &err) == R53_PARSE);
	CHECK_STR(err.text, "~/.aws/credentials:1: a line before the first [section]");
	CHECK(parse("[x]\n = v\n", &ev, &err) == R53_PARSE);
	CHECK_STR(err.text, "~/.aws/credentials:2: a line in [x] with no key before '='");
	CHECK(parse("[x]\nAKIA/SECRET+PASTED: 1\nakia/secret+pasted: 2\n", &ev, &err) ==
	      R53_PARSE);
	CHECK_STR(err.text, "~/.aws/credentials:3: a key appears twice in [x]");
	CHECK(parse("[x]\ns3 =\n  junk\n", &ev, &err) == R53_PARSE);
	CHECK_STR(err.text, "~/.aws/credentials:2: s3 starts a nested block (its value is on the "
			    "next lines) and a line in it has no '='");
	r53_error_clear(&err);
	CHECK(aws_ini_parse("[x]\nk = a\0b\n", 11, "f", record, &ev, &err) == R53_PARSE);
	CHECK_STR(err.text, "f:2: a NUL byte");
	/* [DEFAULT] may come back; its keys may not */
	CHECK(parse("[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n", &ev, &err) == R53_OK);
	CHECK(parse("[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n", &ev, &err) == R53_PARSE);
}

static void
section_names(void)
{
	char name[64];

	CHECK(aws_ini_section_profile("x", false, name, sizeof(name)));
	CHECK_STR(name, "x");
	CHECK(aws_ini_section_profile("profile x", false, name, sizeof(name)));
	CHECK_STR(name, "profile x"); /* the credentials file has no "profile " prefix */
	CHECK(!aws_ini_section_profile("DEFAULT", false, name, sizeof(name)));
	CHECK(!aws_ini_section_profile("x", true, name, sizeof(name)));
	CHECK(aws_ini_section_profile("default", true, name, sizeof(name)));
	CHECK_STR(name, "default");
	CHECK(aws_ini_section_profile("profile  x", true, name, sizeof(name)));
	CHECK_STR(name, "x");
	CHECK(aws_ini_section_profile("profile \"x y\"", true, name, sizeof(name)));
	CHECK_STR(name, "x y");
	CHECK(aws_ini_section_profile("profile 'a\"b'", true, name, sizeof(name)));
	CHECK_STR(name, "a\"b");
	CHECK(aws_ini_section_profile("profile a\\ b", true, name, sizeof(name)));
	CHECK_STR(name, "a b");
	CHECK(aws_ini_section_profile("profile \"a\\\"b\\c\"", true, name, sizeof(name)));
	CHECK_STR(name, "a\"b\\c");
	CHECK(aws_ini_section_profile("profile \"\"", true, name, sizeof(name)));
	CHECK_STR(name, "");
	CHECK(!aws_ini_section_profile("profile x y", true, name, sizeof(name)));
	CHECK(!aws_ini_section_profile("profile", true, name, sizeof(name)));
	CHECK(!aws_ini_section_profile("profilex", true, name, sizeof(name)));
	CHECK(!aws_ini_section_profile("profile \"x", true, name, sizeof(name))); /* unclosed */
	CHECK(!aws_ini_section_profile("sso-session x", true, name, sizeof(name)));
	CHECK(!aws_ini_section_profile(" profile x", true, name, sizeof(name)));
}

static void
profiles(void)
{
	struct aws_profile_keys k;
	struct r53_error err = { 0 };

	/* [x] in credentials, [profile x] in config; the credentials file wins key by key */
	CHECK(profile("[x]\naws_access_key_id = AK_CRED\n",
		      "[x]\naws_access_key_id = AK_PLAIN\n[profile x]\naws_access_key_id = AK_CONF\n"
		      "aws_secret_access_key = SK_CONF\ncredential_process = /bin/false \"a b\"\n",
		      "x", &k, &err) == R53_OK);
	CHECK(k.found);
	CHECK_STR(k.ak, "AK_CRED");
	CHECK_STR(k.sk, "SK_CONF");
	CHECK_STR(k.process, "/bin/false \"a b\""); /* copied as written, never run */
	/* [profile x] in the credentials file is the profile "profile x", not x */
	CHECK(profile("[profile x]\naws_access_key_id = A\n", "", "x", &k, &err) == R53_OK);
	CHECK(!k.found);
	CHECK(profile("[profile x]\naws_access_key_id = A\n", "", "profile x", &k, &err) == R53_OK);
	CHECK_STR(k.ak, "A");
	/* in the config, the later of [default] and [profile default] wins, whole */
	CHECK(profile("", "[default]\naws_access_key_id = A1\naws_session_token = T1\n"
			  "[profile default]\naws_access_key_id = A2\n",
		      "default", &k, &err) == R53_OK);
	CHECK_STR(k.ak, "A2");
	CHECK_STR(k.token, "");
	/* [DEFAULT] fills what the section lacks, wherever it is */
	CHECK(profile("[x]\naws_access_key_id = A\n[DEFAULT]\naws_access_key_id = D\n"
		      "aws_secret_access_key = DS\n",
		      "", "x", &k, &err) == R53_OK);
	CHECK_STR(k.ak, "A");
	CHECK_STR(k.sk, "DS");
	CHECK(profile("[DEFAULT]\naws_access_key_id = D\n", "", "DEFAULT", &k, &err) == R53_OK);
	CHECK(!k.found);
	/* whitespace, comments, upper-case keys, ':' */
	CHECK(profile("\n  # c\n[x]  \n\tAWS_ACCESS_KEY_ID:AK  \n; c\naws_secret_access_key =\tS\n",
		      "", "x", &k, &err) == R53_OK);
	CHECK_STR(k.ak, "AK");
	CHECK_STR(k.sk, "S");
	/* a duplicate key anywhere refuses the file, as the AWS CLI does */
	CHECK(profile("[other]\nregion = a\nregion = b\n[x]\naws_access_key_id = A\n", "", "x",
		      &k, &err) == R53_PARSE);
	CHECK_STR(err.text, "cred:3: region appears twice in [other]");
	/* what the AWS CLI would take but r53 refuses: a secret on two lines, an over-long one */
	CHECK(profile("[x]\naws_secret_access_key = S\n  T\n", "", "x", &k, &err) == R53_PARSE);
	CHECK_STR(err.text, "cred:2: aws_secret_access_key in [x] spans several lines (an "
			    "indented line continues the value above it)");
	{
		char conf[1200];

		snprintf(conf, sizeof(conf), "[profile x]\ncredential_process = %01100d\n", 0);
		CHECK(profile("", conf, "x", &k, &err) == R53_PARSE);
		CHECK_STR(err.text, "conf:2: credential_process in [profile x] is longer than 1023 "
				    "characters");
	}
	/* the same key in another profile is fine */
	CHECK(profile("[y]\naws_secret_access_key = S\n  T\n[x]\naws_access_key_id = A\n", "", "x",
		      &k, &err) == R53_OK);
	CHECK_STR(k.ak, "A");
}

int
main(void)
{
	RUN(walk);
	RUN(refused);
	RUN(section_names);
	RUN(profiles);
	return CHECK_REPORT("aws_ini");
}
