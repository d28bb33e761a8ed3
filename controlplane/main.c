/* r53-local: a strict Route 53-compatible control plane on loopback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controlplane/cp.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: r53-local --listen 127.0.0.1:PORT --db FILE [--seed demo]\n"
		   "                 [--insync-after SECONDS] [--credentials KEY:SECRET]\n"
		   "                 [--fault SPEC] [--allow-remote]\n"
		   "  --fault SPEC: throttle:every=N, 500:every=N, 503:every=N, reset:every=N,\n"
		   "                slow:ms=M; several joined by ','\n");
}

static int
parse_listen(struct cp_config *c, const char *s)
{
	const char *colon = strrchr(s, ':');
	char *end;
	long port;

	if (!colon || (size_t)(colon - s) >= sizeof(c->host) || colon == s)
		return -1;
	memcpy(c->host, s, (size_t)(colon - s));
	c->host[colon - s] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 0 || port > 65535)
		return -1;
	c->port = (int)port;
	return 0;
}

int
main(int argc, char **argv)
{
	struct cp_config cfg;
	struct r53_error err = { 0 };
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.host, sizeof(cfg.host), "127.0.0.1");
	cfg.insync_after = 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--version")) {
			printf("r53-local 0.1.0\n");
			return 0;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--allow-remote")) {
			cfg.allow_remote = true;
			continue;
		}
		if (!v) {
			fprintf(stderr, "r53-local: %s needs a value\n", a);
			usage(stderr);
			return 2;
		}
		i++;
		if (!strcmp(a, "--listen")) {
			if (parse_listen(&cfg, v)) {
				fprintf(stderr, "r53-local: --listen wants HOST:PORT, got '%s'\n", v);
				return 2;
			}
		} else if (!strcmp(a, "--db")) {
			cfg.db_path = v;
		} else if (!strcmp(a, "--seed")) {
			cfg.seed = v;
		} else if (!strcmp(a, "--insync-after")) {
			char *end;

			cfg.insync_after = strtod(v, &end);
			if (!*v || *end || cfg.insync_after < 0 || cfg.insync_after > 86400) {
				fprintf(stderr, "r53-local: bad --insync-after '%s'\n", v);
				return 2;
			}
		} else if (!strcmp(a, "--credentials")) {
			const char *colon = strchr(v, ':');

			if (!colon || colon == v || !colon[1]) {
				fprintf(stderr, "r53-local: --credentials wants KEY:SECRET\n");
				return 2;
			}
			free(cfg.access_key);
			free(cfg.secret_key);
			cfg.access_key = strndup(v, (size_t)(colon - v));
			cfg.secret_key = strdup(colon + 1);
		} else if (!strcmp(a, "--fault")) {
			if (cp_fault_parse(&cfg, v, &err) != R53_OK) {
				fprintf(stderr, "r53-local: %s: %s\n", err.where, err.text);
				return 2;
			}
		} else {
			fprintf(stderr, "r53-local: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!cfg.db_path) {
		fprintf(stderr, "r53-local: --db FILE is required\n");
		usage(stderr);
		return 2;
	}
	rc = cp_server_run(&cfg, &err) == R53_OK ? 0 : 1;
	if (rc)
		fprintf(stderr, "r53-local: %s: %s\n", err.where, err.text);
	free(cfg.access_key);
	free(cfg.secret_key);
	return rc;
}
