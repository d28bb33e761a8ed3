/* Record types and which policies and alias kinds each may take. */
#include <strings.h>

#include "models/models.h"

static const char *const type_names[] = {
	"?",
#define RR_TYPE_STR(t) #t,
	RR_TYPE_INFO(RR_TYPE_STR)
#undef RR_TYPE_STR
};

/* clang-format off */
static const int type_codes[RR_TYPE_COUNT] = {
	[RR_A] = 1, [RR_AAAA] = 28, [RR_CAA] = 257, [RR_CNAME] = 5, [RR_DS] = 43,
	[RR_HTTPS] = 65, [RR_MX] = 15, [RR_NAPTR] = 35, [RR_NS] = 2, [RR_PTR] = 12,
	[RR_SOA] = 6, [RR_SPF] = 99, [RR_SRV] = 33, [RR_SSHFP] = 44, [RR_SVCB] = 64,
	[RR_TLSA] = 52, [RR_TXT] = 16,
};
/* clang-format on */

const char *
rr_type_name(enum rr_type t)
{
	if ((int)t <= 0 || t >= RR_TYPE_COUNT)
		return "?";
	return type_names[t];
}

enum rr_type
rr_type_parse(const char *s)
{
	if (!s)
		return RR_NONE;
	for (int t = 1; t < RR_TYPE_COUNT; t++)
		if (!strcasecmp(s, type_names[t]))
			return (enum rr_type)t;
	return RR_NONE;
}

int
rr_type_code(enum rr_type t)
{
	if ((int)t <= 0 || t >= RR_TYPE_COUNT)
		return 0;
	return type_codes[t];
}

bool
rr_type_alias_aws(enum rr_type t)
{
	return t == RR_A || t == RR_AAAA;
}

bool
rr_type_alias_allowed(enum rr_type t)
{
	return t > RR_NONE && t < RR_TYPE_COUNT && t != RR_NS && t != RR_SOA;
}

bool
rr_type_routing_allowed(enum rr_type t)
{
	return t > RR_NONE && t < RR_TYPE_COUNT && t != RR_NS && t != RR_SOA && t != RR_DS;
}

bool
rr_type_multivalue_allowed(enum rr_type t)
{
	return rr_type_routing_allowed(t) && t != RR_CNAME;
}
