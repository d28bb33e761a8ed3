/* What makes two spellings of a service endpoint URL the same endpoint (see models.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "models/models.h"

void
endpoint_key(const char *url, char *out, size_t outsz)
{
	const char *p = url ? url : "", *sep, *host, *path, *port = NULL;
	char scheme[16] = "";
	size_t n = 0, hostlen, pathlen;

	if (!outsz)
		return;
	out[0] = '\0';
	while (*p && isspace((unsigned char)*p))
		p++;
	sep = strstr(p, "://");
	if (sep && (size_t)(sep - p) < sizeof(scheme)) {
		for (size_t i = 0; p + i < sep; i++)
			scheme[i] = (char)tolower((unsigned char)p[i]);
		host = sep + 3;
	} else {
		host = p;
	}
	path = host + strcspn(host, "/?#");
	hostlen = (size_t)(path - host);
	/* the port: after the last ':' that is outside an IPv6 literal's brackets */
	for (size_t i = hostlen; i-- > 0;) {
		if (host[i] == ']')
			break;
		if (host[i] == ':') {
			port = host + i;
			break;
		}
	}
	if (port && ((!strcmp(scheme, "https") && (size_t)(path - port) == 4 &&
		      !strncmp(port, ":443", 4)) ||
		     (!strcmp(scheme, "http") && (size_t)(path - port) == 3 &&
		      !strncmp(port, ":80", 3)) ||
		     port + 1 == path))
		hostlen = (size_t)(port - host);
	pathlen = strlen(path);
	while (pathlen && (path[pathlen - 1] == '/' || isspace((unsigned char)path[pathlen - 1])))
		pathlen--;
	if (scheme[0])
		n = (size_t)snprintf(out, outsz, "%s://", scheme);
	for (size_t i = 0; i < hostlen && n + 1 < outsz; i++)
		out[n++] = (char)tolower((unsigned char)host[i]);
	if (n < outsz)
		out[n] = '\0';
	if (n + 1 < outsz)
		snprintf(out + n, outsz - n, "%.*s", (int)pathlen, path);
}
