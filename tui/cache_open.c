/* The shared cache opener (see cache_open.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/cache_open.h"

void
cache_namespace(const struct cli *cli, char *profile, size_t profilesz, char *endpoint,
		size_t endpointsz)
{
	const char *p = cli->profile ? cli->profile : getenv("AWS_PROFILE");
	const char *e = cli->endpoint_url ? cli->endpoint_url : getenv("AWS_ENDPOINT_URL_ROUTE_53");

	snprintf(profile, profilesz, "%s", p && *p ? p : "default");
	if (!e || !*e)
		e = getenv("AWS_ENDPOINT_URL");
	endpoint_key(e && *e ? e : "https://route53.amazonaws.com", endpoint, endpointsz);
}

/* Appends "; "-joined @text to @notice. */
static void
notice_add(char *notice, size_t noticesz, const char *text)
{
	size_t len = strlen(notice);

	if (text && *text && len + 1 < noticesz)
		snprintf(notice + len, noticesz - len, "%s%s", len ? "; " : "", text);
}

enum r53_code
cache_open_cli(const struct cli *cli, struct cache **out, char *notice, size_t noticesz,
	       struct r53_error *err)
{
	char path[1024], profile[64], endpoint[256];
	struct r53_error first = { 0 };
	enum r53_code rc;

	*out = NULL;
	if (noticesz)
		notice[0] = '\0';
	cache_namespace(cli, profile, sizeof(profile), endpoint, sizeof(endpoint));
	if (cli->cache_path) {
		if ((size_t)snprintf(path, sizeof(path), "%s", cli->cache_path) >= sizeof(path))
			return r53_error_set(err, R53_USAGE, "--cache",
					     "cache path is longer than %zu bytes",
					     sizeof(path) - 1);
	} else if (cache_default_path(path, sizeof(path), err) != R53_OK) {
		return err ? err->code : R53_CACHE;
	}
	rc = cache_open(path, profile, endpoint, out, &first);
	/* cache_open() renames a file that is not an r53 cache aside and fails; the file is then
	 * gone from @path, and a second open starts a fresh cache there. Any other failure (a
	 * newer schema, no permission) leaves the file where it was: no second try. */
	if (rc == R53_CACHE && strcmp(path, ":memory:") && access(path, F_OK) != 0 &&
	    errno == ENOENT) {
		struct r53_error again = { 0 };

		if (cache_open(path, profile, endpoint, out, &again) == R53_OK) {
			notice_add(notice, noticesz, first.text);
			notice_add(notice, noticesz, "started a fresh cache");
			rc = R53_OK;
		}
	}
	if (rc != R53_OK) {
		if (err)
			*err = first;
		return rc;
	}
	notice_add(notice, noticesz, cache_warning(*out));
	return R53_OK;
}

enum r53_code
cmd_cache_open(const struct cli *cli, struct cache **out, struct r53_error *err)
{
	char notice[1024];
	enum r53_code rc = cache_open_cli(cli, out, notice, sizeof(notice), err);

	if (notice[0])
		fprintf(stderr, "r53: %s\n", notice);
	return rc;
}
