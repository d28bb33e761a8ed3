/* Zones, registered domains and health checks: plain records shared by every layer. */
#include <stdlib.h>
#include <string.h>

#include "models/models.h"

void
zone_init(struct zone *z)
{
	memset(z, 0, sizeof(*z));
	z->record_count = -1;
}

void
zone_done(struct zone *z)
{
	free(z->id);
	free(z->name);
	free(z->comment);
	free(z->caller_ref);
	free(z->vpc_id);
	free(z->vpc_region);
	for (size_t i = 0; i < z->nname_servers && i < 8; i++)
		free(z->name_servers[i]);
	zone_init(z);
}

void
domain_init(struct domain *d)
{
	memset(d, 0, sizeof(*d));
}

void
domain_done(struct domain *d)
{
	free(d->name);
	for (size_t i = 0; i < d->nname_servers && i < 13; i++)
		free(d->name_servers[i]);
	domain_init(d);
}

void
health_check_init(struct health_check *h)
{
	memset(h, 0, sizeof(*h));
	h->interval = 30;
	h->failure_threshold = 3;
	h->health_threshold = -1;
	h->status = -1;
}

void
health_check_done(struct health_check *h)
{
	free(h->id);
	free(h->caller_ref);
	free(h->type);
	free(h->ip);
	free(h->fqdn);
	free(h->path);
	free(h->search);
	for (size_t i = 0; i < h->nchildren; i++)
		free(h->children[i]);
	free(h->children);
	health_check_init(h);
}

enum r53_code
health_check_validate(const struct health_check *h, struct r53_error *err)
{
	static const char *const types[] = { "HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH",
					     "TCP", "CALCULATED", "CLOUDWATCH_METRIC",
					     "RECOVERY_CONTROL", NULL };
	bool known = false, endpoint, str_match, calculated;

	for (const char *const *t = types; h->type && *t; t++)
		known |= !strcmp(*t, h->type);
	if (!known)
		return r53_error_set(err, R53_INVALID, "type",
				     "health check type '%.40s' is not one of HTTP, HTTPS, "
				     "HTTP_STR_MATCH, HTTPS_STR_MATCH, TCP, CALCULATED, "
				     "CLOUDWATCH_METRIC, RECOVERY_CONTROL",
				     h->type ? h->type : "");
	endpoint = !strncmp(h->type, "HTTP", 4) || !strcmp(h->type, "TCP");
	str_match = strstr(h->type, "STR_MATCH") != NULL;
	calculated = !strcmp(h->type, "CALCULATED");
	if (endpoint) {
		if (!h->ip && !h->fqdn)
			return r53_error_set(err, R53_INVALID, "ip",
					     "an endpoint check needs an IP address or a domain name");
		if (h->port < 1 || h->port > 65535)
			return r53_error_set(err, R53_INVALID, "port", "port %d is outside 1..65535",
					     h->port);
		if (h->interval != 10 && h->interval != 30)
			return r53_error_set(err, R53_INVALID, "interval",
					     "request interval is 10 or 30 seconds, not %d",
					     h->interval);
		if (h->failure_threshold < 1 || h->failure_threshold > 10)
			return r53_error_set(err, R53_INVALID, "failure_threshold",
					     "failure threshold %d is outside 1..10",
					     h->failure_threshold);
		if (!strcmp(h->type, "TCP") && h->path)
			return r53_error_set(err, R53_INVALID, "path",
					     "a TCP check has no resource path");
	}
	if (str_match && (!h->search || !*h->search))
		return r53_error_set(err, R53_INVALID, "search",
				     "a %s check needs a search string", h->type);
	if (!str_match && h->search)
		return r53_error_set(err, R53_INVALID, "search",
				     "only *_STR_MATCH checks take a search string");
	if (h->search && strlen(h->search) > 255)
		return r53_error_set(err, R53_INVALID, "search",
				     "search string is longer than 255 characters");
	if (!calculated) {
		if (h->nchildren)
			return r53_error_set(err, R53_INVALID, "children",
					     "only CALCULATED checks take child health checks");
		if (h->health_threshold >= 0)
			return r53_error_set(err, R53_INVALID, "health_threshold",
					     "only CALCULATED checks take a health threshold");
		return R53_OK;
	}
	if (h->ip)
		return r53_error_set(err, R53_INVALID, "ip",
				     "a CALCULATED check has no IP address");
	if (h->fqdn)
		return r53_error_set(err, R53_INVALID, "fqdn",
				     "a CALCULATED check has no domain name");
	if (h->port)
		return r53_error_set(err, R53_INVALID, "port", "a CALCULATED check has no port");
	if (h->path)
		return r53_error_set(err, R53_INVALID, "path",
				     "a CALCULATED check has no resource path");
	if (h->nchildren > 256)
		return r53_error_set(err, R53_INVALID, "children",
				     "a CALCULATED check has at most 256 child checks, not %zu",
				     h->nchildren);
	for (size_t i = 0; i < h->nchildren; i++) {
		if (!h->children[i] || !*h->children[i] || strlen(h->children[i]) > 64)
			return r53_error_set(err, R53_INVALID, "children",
					     "child check %zu: a health check id has 1..64 "
					     "characters",
					     i + 1);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(h->children[i], h->children[j]))
				return r53_error_set(err, R53_INVALID, "children",
						     "child check %.64s is listed twice",
						     h->children[i]);
	}
	if (h->health_threshold < 0)
		return r53_error_set(err, R53_INVALID, "health_threshold",
				     "Calculated health checks must have a health threshold "
				     "specified.");
	if (h->health_threshold > 256)
		return r53_error_set(err, R53_INVALID, "health_threshold",
				     "health threshold %d is outside 0..256", h->health_threshold);
	return R53_OK;
}
