/* TTLs: the range Route 53 takes, a short input form ("5m", "2d") and a human form. */
#include <stdio.h>
#include <string.h>

#include "models/models.h"

enum r53_code
ttl_parse(const char *s, uint32_t *out, struct r53_error *err)
{
	unsigned long long total = 0;
	const char *p = s;

	if (!s || !*s)
		return r53_error_set(err, R53_INVALID, "ttl", "TTL is empty");
	while (*p) {
		unsigned long long n = 0, mul = 1;
		const char *start = p;

		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (unsigned long long)(*p - '0');
			if (n > TTL_MAX)
				return r53_error_set(err, R53_INVALID, "ttl",
						     "TTL '%.40s' is above the maximum %ld seconds", s,
						     TTL_MAX);
			p++;
		}
		if (p == start)
			return r53_error_set(err, R53_INVALID, "ttl",
					     "TTL '%.40s' is not a number of seconds (or like 5m, 1h, 2d)",
					     s);
		switch (*p) {
		case 's': mul = 1; p++; break;
		case 'm': mul = 60; p++; break;
		case 'h': mul = 3600; p++; break;
		case 'd': mul = 86400; p++; break;
		case 'w': mul = 604800; p++; break;
		case '\0': break;
		default:
			return r53_error_set(err, R53_INVALID, "ttl",
					     "TTL '%.40s' has an unknown unit '%c' (use s, m, h, d, w)",
					     s, *p);
		}
		total += n * mul;
		if (total > TTL_MAX)
			return r53_error_set(err, R53_INVALID, "ttl",
					     "TTL '%.40s' is above the maximum %ld seconds", s,
					     TTL_MAX);
	}
	*out = (uint32_t)total;
	return R53_OK;
}

void
ttl_human(uint32_t ttl, char *out, size_t outsz)
{
	static const struct {
		uint32_t secs;
		const char *one, *many;
	} units[] = {
		{ 604800, "week", "weeks" }, { 86400, "day", "days" }, { 3600, "hour", "hours" },
		{ 60, "minute", "minutes" }, { 1, "second", "seconds" },
	};
	size_t o = 0;
	int shown = 0;

	if (!outsz)
		return;
	out[0] = '\0';
	if (ttl == 0) {
		snprintf(out, outsz, "0 seconds");
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]) && shown < 2; i++) {
		uint32_t n = ttl / units[i].secs;

		if (!n) {
			if (shown)
				break; /* "1 day 0 hours 5 minutes" is noise: stop at a gap */
			continue;
		}
		ttl -= n * units[i].secs;
		int w = snprintf(out + o, outsz - o, "%s%u %s", shown ? " " : "", n,
				 n == 1 ? units[i].one : units[i].many);
		if (w < 0 || (size_t)w >= outsz - o)
			return;
		o += (size_t)w;
		shown++;
	}
}
