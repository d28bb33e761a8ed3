/* Credentials in the AWS CLI's order: --profile; the environment; AWS_PROFILE (or default) in
 * the shared credentials and config files, credential_process included; the EC2 instance
 * metadata service (IMDSv2). Secrets are copied into fixed buffers and never printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <curl/curl.h>
#include <jansson.h>

#include "client/client.h"
#include "client/private.h"

#define PROCESS_OUT_MAX (64 << 10)

void
r53_credentials_done(struct r53_credentials *cr)
{
	if (!cr)
		return;
	if (cr->session_token) {
		memset(cr->session_token, 0, strlen(cr->session_token));
		free(cr->session_token);
	}
	memset(cr, 0, sizeof(*cr));
}

static bool
env_true(const char *name)
{
	const char *v = getenv(name);

	return v && (!strcasecmp(v, "true") || !strcmp(v, "1"));
}

/* Set credentials from strings; false when a key is too long. */
static bool
creds_set(struct r53_credentials *cr, const char *ak, const char *sk, const char *token,
	  const char *source)
{
	if (strlen(ak) >= sizeof(cr->access_key) || strlen(sk) >= sizeof(cr->secret_key))
		return false;
	snprintf(cr->access_key, sizeof(cr->access_key), "%s", ak);
	snprintf(cr->secret_key, sizeof(cr->secret_key), "%s", sk);
	free(cr->session_token);
	cr->session_token = token && *token ? strdup(token) : NULL;
	snprintf(cr->source, sizeof(cr->source), "%s", source);
	return true;
}

/*
 * Shared files (INI)
 */

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Reads profile @profile of the INI file @path into @k (keys already set are kept: the first
 * file read wins). A file that cannot be read is skipped, as the AWS CLI skips it; one the AWS
 * CLI would refuse is refused (err names the file and line). */
static enum r53_code
ini_read(const char *path, const char *profile, bool config_style, struct aws_profile_keys *k,
	 struct r53_error *err)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n = 0, r;
	enum r53_code rc;

	if (!f)
		return R53_OK;
	if (!(text = malloc(AWS_INI_MAX + 1))) {
		fclose(f);
		return r53_error_set(err, R53_NOMEM, "credentials", "out of memory");
	}
	while (n <= AWS_INI_MAX && (r = fread(text + n, 1, AWS_INI_MAX + 1 - n, f)) > 0)
		n += r;
	fclose(f);
	rc = aws_ini_profile(text, n, path, profile, config_style, k, err);
	memset(text, 0, n);
	free(text);
	if (rc == R53_PARSE) { /* for the caller, no usable credentials (R53_AUTH), as ever */
		if (err)
			err->code = R53_AUTH;
		rc = R53_AUTH;
	}
	return rc;
}

static void
file_path(char *out, size_t outsz, const char *env, const char *rel)
{
	const char *v = getenv(env), *home = getenv("HOME");

	if (v && *v)
		snprintf(out, outsz, "%s", v);
	else
		snprintf(out, outsz, "%s/.aws/%s", home ? home : "", rel);
}

/* Runs credential_process; its stdout is the JSON the AWS CLI expects (Version 1). */
static enum r53_code
run_process(const char *cmd, const char *profile, struct r53_credentials *cr,
	    struct r53_error *err)
{
	FILE *p;
	char *buf = malloc(PROCESS_OUT_MAX + 1);
	size_t n = 0, r;
	int status;
	json_t *root;
	const char *ak, *sk, *tok;
	char source[96];

	if (!buf)
		return r53_error_set(err, R53_NOMEM, "credentials", "out of memory");
	fflush(NULL);
	if (!(p = popen(cmd, "r"))) {
		free(buf);
		return r53_error_set(err, R53_AUTH, "credential_process",
				     "profile %s: credential_process could not be started", profile);
	}
	while (n < PROCESS_OUT_MAX && (r = fread(buf + n, 1, PROCESS_OUT_MAX - n, p)) > 0)
		n += r;
	buf[n] = '\0';
	status = pclose(p);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		memset(buf, 0, n);
		free(buf);
		return r53_error_set(err, R53_AUTH, "credential_process",
				     "profile %s: credential_process failed (exit status %d)",
				     profile, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	root = json_loads(buf, 0, NULL);
	memset(buf, 0, n);
	free(buf);
	ak = json_string_value(json_object_get(root, "AccessKeyId"));
	sk = json_string_value(json_object_get(root, "SecretAccessKey"));
	tok = json_string_value(json_object_get(root, "SessionToken"));
	snprintf(source, sizeof(source), "profile %s (credential_process)", profile);
	if (!ak || !sk || !creds_set(cr, ak, sk, tok, source)) {
		json_decref(root);
		return r53_error_set(err, R53_AUTH, "credential_process",
				     "profile %s: credential_process did not print AccessKeyId and "
				     "SecretAccessKey as JSON",
				     profile);
	}
	json_decref(root);
	return R53_OK;
}

/* 1 found, 0 not found (the profile or its keys are absent), -1 error (err set). */
static int
from_profile(const char *profile, struct r53_credentials *cr, char *tried, size_t triedsz,
	     struct r53_error *err)
{
	struct aws_profile_keys k;
	char cpath[1024], fpath[1024], source[96];

	memset(&k, 0, sizeof(k));
	file_path(cpath, sizeof(cpath), "AWS_SHARED_CREDENTIALS_FILE", "credentials");
	file_path(fpath, sizeof(fpath), "AWS_CONFIG_FILE", "config");
	if (ini_read(cpath, profile, false, &k, err) != R53_OK ||
	    ini_read(fpath, profile, true, &k, err) != R53_OK) {
		memset(&k, 0, sizeof(k));
		return -1;
	}
	snprintf(tried + strlen(tried), triedsz - strlen(tried), "%sprofile %s in %s and %s",
		 *tried ? ", " : "", profile, cpath, fpath);
	if (k.ak[0] && k.sk[0]) {
		snprintf(source, sizeof(source), "profile %s", profile);
		if (!creds_set(cr, k.ak, k.sk, k.token, source)) {
			r53_error_set(err, R53_AUTH, "credentials", "profile %s: key too long",
				      profile);
			return -1;
		}
		memset(&k, 0, sizeof(k));
		return 1;
	}
	if (k.process[0]) {
		enum r53_code rc = run_process(k.process, profile, cr, err);

		memset(&k, 0, sizeof(k));
		return rc == R53_OK ? 1 : -1;
	}
	if (k.found)
		snprintf(tried + strlen(tried), triedsz - strlen(tried),
			 " (the profile has no aws_access_key_id or credential_process; "
			 "role_arn/sso profiles are not supported)");
	memset(&k, 0, sizeof(k));
	return 0; /* no such profile, or no keys in it */
}

/*
 * IMDSv2
 */

struct membuf {
	char data[8192];
	size_t len;
};

static size_t
mem_write(char *p, size_t size, size_t n, void *ud)
{
	struct membuf *m = ud;
	size_t len = size * n;

	if (m->len + len >= sizeof(m->data))
		return 0;
	memcpy(m->data + m->len, p, len);
	m->len += len;
	m->data[m->len] = '\0';
	return len;
}

/* One IMDS request; true on HTTP 200. */
static bool
imds_call(CURL *h, const char *url, bool put, const char *token, struct membuf *out)
{
	struct curl_slist *hdr = NULL;
	char line[512];
	long status = 0;
	CURLcode rc;

	curl_easy_reset(h);
	out->len = 0;
	out->data[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 2000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, mem_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	if (put) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
		hdr = curl_slist_append(hdr, "X-aws-ec2-metadata-token-ttl-seconds: 21600");
	}
	if (token) {
		snprintf(line, sizeof(line), "X-aws-ec2-metadata-token: %s", token);
		hdr = curl_slist_append(hdr, line);
	}
	if (hdr)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdr);
	return rc == CURLE_OK && status == 200;
}

static int
from_imds(struct r53_credentials *cr, char *tried, size_t triedsz, struct r53_error *err)
{
	const char *base = getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	char url[1024], token[512], role[256], b[512];
	struct membuf *m;
	CURL *h;
	json_t *root;
	const char *ak, *sk, *tok;
	int found = 0;

	if (env_true("AWS_EC2_METADATA_DISABLED")) {
		snprintf(tried + strlen(tried), triedsz - strlen(tried),
			 ", EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
		return 0;
	}
	if (!base || !*base)
		base = "http://169.254.169.254";
	snprintf(b, sizeof(b), "%s", base);
	if (*b && b[strlen(b) - 1] == '/')
		b[strlen(b) - 1] = '\0';
	snprintf(tried + strlen(tried), triedsz - strlen(tried), ", EC2 instance metadata (IMDSv2) at %s",
		 b);
	if (!(m = calloc(1, sizeof(*m))) || !(h = curl_easy_init())) {
		free(m);
		r53_error_set(err, R53_NOMEM, "credentials", "out of memory");
		return -1;
	}
	snprintf(url, sizeof(url), "%s/latest/api/token", b);
	if (!imds_call(h, url, true, NULL, m) || !m->len || m->len >= sizeof(token))
		goto out;
	snprintf(token, sizeof(token), "%s", trim(m->data));
	snprintf(url, sizeof(url), "%s/latest/meta-data/iam/security-credentials/", b);
	if (!imds_call(h, url, false, token, m) || !m->len)
		goto out;
	m->data[strcspn(m->data, "\r\n")] = '\0';
	snprintf(role, sizeof(role), "%s", trim(m->data));
	if (!*role || strchr(role, '/'))
		goto out;
	snprintf(url, sizeof(url), "%s/latest/meta-data/iam/security-credentials/%s", b, role);
	if (!imds_call(h, url, false, token, m))
		goto out;
	root = json_loadb(m->data, m->len, 0, NULL);
	ak = json_string_value(json_object_get(root, "AccessKeyId"));
	sk = json_string_value(json_object_get(root, "SecretAccessKey"));
	tok = json_string_value(json_object_get(root, "Token"));
	if (ak && sk) {
		char source[96];

		snprintf(source, sizeof(source), "IMDSv2 role %.60s", role);
		found = creds_set(cr, ak, sk, tok, source) ? 1 : 0;
	}
	json_decref(root);
out:
	memset(m, 0, sizeof(*m));
	memset(token, 0, sizeof(token));
	free(m);
	curl_easy_cleanup(h);
	return found;
}

enum r53_code
r53_credentials_resolve(const char *profile, struct r53_credentials *out, struct r53_error *err)
{
	char tried[900] = "";
	const char *ak, *sk, *p;
	int r;

	memset(out, 0, sizeof(*out));
	if (profile && *profile) {
		r = from_profile(profile, out, tried, sizeof(tried), err);
		if (r < 0)
			return err ? err->code : R53_AUTH;
		if (r == 0)
			return r53_error_set(err, R53_AUTH, "credentials",
					     "no credentials for --profile %s: tried %s", profile,
					     tried);
		return R53_OK;
	}
	ak = getenv("AWS_ACCESS_KEY_ID");
	sk = getenv("AWS_SECRET_ACCESS_KEY");
	if (ak && *ak && sk && *sk) {
		if (!creds_set(out, ak, sk, getenv("AWS_SESSION_TOKEN"), "environment"))
			return r53_error_set(err, R53_AUTH, "credentials",
					     "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is too long");
		return R53_OK;
	}
	snprintf(tried, sizeof(tried), "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (%s)",
		 ak && *ak ? "no secret key" : "not set");
	p = getenv("AWS_PROFILE");
	if (!p || !*p)
		p = getenv("AWS_DEFAULT_PROFILE");
	if (!p || !*p)
		p = "default";
	r = from_profile(p, out, tried, sizeof(tried), err);
	if (r < 0)
		return err ? err->code : R53_AUTH;
	if (r > 0)
		return R53_OK;
	r = from_imds(out, tried, sizeof(tried), err);
	if (r < 0)
		return err ? err->code : R53_AUTH;
	if (r > 0)
		return R53_OK;
	return r53_error_set(err, R53_AUTH, "credentials", "no AWS credentials found: tried %s",
			     tried);
}
