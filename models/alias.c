/* Alias targets: the kinds of AWS resource, S3 website endpoints, and their rules. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "models/models.h"

/* route53-api.md §4.1 (terraform-provider-aws hosted_zones.go, the General Reference table). */
/* clang-format off */
const struct s3_website_endpoint s3_website_endpoints[] = {
	{ "us-east-1",      "s3-website-us-east-1.amazonaws.com",        "Z3AQBSTGFYJSTF" },
	{ "us-east-2",      "s3-website.us-east-2.amazonaws.com",        "Z2O1EMRO9K5GLX" },
	{ "us-west-1",      "s3-website-us-west-1.amazonaws.com",        "Z2F56UZL2M1ACD" },
	{ "us-west-2",      "s3-website-us-west-2.amazonaws.com",        "Z3BJ6K6RIION7M" },
	{ "ca-central-1",   "s3-website.ca-central-1.amazonaws.com",     "Z1QDHH18159H29" },
	{ "ca-west-1",      "s3-website.ca-west-1.amazonaws.com",        "Z03565811Z33SLEZTHOUL" },
	{ "sa-east-1",      "s3-website-sa-east-1.amazonaws.com",        "Z7KQH4QJS55SO" },
	{ "ap-east-1",      "s3-website.ap-east-1.amazonaws.com",        "ZNB98KWMFR0R6" },
	{ "ap-south-1",     "s3-website.ap-south-1.amazonaws.com",       "Z11RGJOFQNVJUP" },
	{ "ap-south-2",     "s3-website.ap-south-2.amazonaws.com",       "Z02976202B4EZMXIPMXF7" },
	{ "ap-northeast-1", "s3-website-ap-northeast-1.amazonaws.com",   "Z2M4EHUR26P7ZW" },
	{ "ap-northeast-2", "s3-website.ap-northeast-2.amazonaws.com",   "Z3W03O7B5YMIYP" },
	{ "ap-northeast-3", "s3-website.ap-northeast-3.amazonaws.com",   "Z2YQB5RD63NC85" },
	{ "ap-southeast-1", "s3-website-ap-southeast-1.amazonaws.com",   "Z3O0J2DXBE1FTB" },
	{ "ap-southeast-2", "s3-website-ap-southeast-2.amazonaws.com",   "Z1WCIGYICN2BYD" },
	{ "ap-southeast-3", "s3-website.ap-southeast-3.amazonaws.com",   "Z01846753K324LI26A3VV" },
	{ "ap-southeast-4", "s3-website.ap-southeast-4.amazonaws.com",   "Z0312387243XT5FE14WFO" },
	{ "ap-southeast-5", "s3-website.ap-southeast-5.amazonaws.com",   "Z08660063OXLMA7F1FJHU" },
	{ "eu-central-1",   "s3-website.eu-central-1.amazonaws.com",     "Z21DNDUVLTQW6Q" },
	{ "eu-central-2",   "s3-website.eu-central-2.amazonaws.com",     "Z030506016YDQGETNASS" },
	{ "eu-west-1",      "s3-website-eu-west-1.amazonaws.com",        "Z1BKCTXD74EZPE" },
	{ "eu-west-2",      "s3-website.eu-west-2.amazonaws.com",        "Z3GKZC51ZF0DB4" },
	{ "eu-west-3",      "s3-website.eu-west-3.amazonaws.com",        "Z3R1K369G5AVDG" },
	{ "eu-north-1",     "s3-website.eu-north-1.amazonaws.com",       "Z3BAZG2TWCNX0D" },
	{ "eu-south-2",     "s3-website.eu-south-2.amazonaws.com",       "Z0081959F7139GRJC19J" },
	{ "il-central-1",   "s3-website.il-central-1.amazonaws.com",     "Z09640613K4A3MN55U7GU" },
	{ "me-south-1",     "s3-website.me-south-1.amazonaws.com",       "Z1MPMWCPA7YB62" },
	{ "me-central-1",   "s3-website.me-central-1.amazonaws.com",     "Z06143092I8HRXZRUZROF" },
	{ "cn-north-1",     "s3-website.cn-north-1.amazonaws.com.cn",    "Z5CN8UMXT92WN" },
	{ "cn-northwest-1", "s3-website.cn-northwest-1.amazonaws.com.cn", "Z282HJ1KT0DH03" },
	{ "us-gov-east-1",  "s3-website.us-gov-east-1.amazonaws.com",    "Z2NIFVYYW2VKV1" },
	{ "us-gov-west-1",  "s3-website-us-gov-west-1.amazonaws.com",    "Z31GFT0UA1I2HV" },
	{ NULL, NULL, NULL },
};
/* clang-format on */
/* Left out on purpose: af-south-1 and eu-south-1 (sources disagree on their zone ids, and a
 * wrong id is worse than none) and the third-party-only ids (mx-central-1, ap-east-2,
 * ap-southeast-6/7). The alias editor then asks for the zone id instead of guessing. */

const struct s3_website_endpoint *
s3_website_by_region(const char *region)
{
	for (const struct s3_website_endpoint *e = s3_website_endpoints; region && e->region; e++)
		if (!strcmp(e->region, region))
			return e;
	return NULL;
}

/* Compares host names ignoring case and one trailing dot. */
static bool
host_eq(const char *a, const char *b, size_t blen)
{
	size_t alen = strlen(a);

	if (alen && a[alen - 1] == '.')
		alen--;
	if (blen && b[blen - 1] == '.')
		blen--;
	return alen == blen && !strncasecmp(a, b, alen);
}

const struct s3_website_endpoint *
s3_website_by_host(const char *host)
{
	for (const struct s3_website_endpoint *e = s3_website_endpoints; host && e->region; e++)
		if (host_eq(e->host, host, strlen(host)))
			return e;
	return NULL;
}

/* Finds the S3 website endpoint in @dns_name, bare or after a "bucket." prefix; sets
 * *bucket_len to the prefix length (0 when bare). */
static const struct s3_website_endpoint *
s3_split(const char *dns_name, size_t *bucket_len)
{
	const char *p = strstr(dns_name, "s3-website");

	*bucket_len = 0;
	if (!p)
		return NULL;
	if (p != dns_name) {
		if (p[-1] != '.')
			return NULL;
		*bucket_len = (size_t)(p - dns_name - 1);
	}
	return s3_website_by_host(p);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	if (n && s[n - 1] == '.')
		n--;
	return n >= k && !strncasecmp(s + n - k, suffix, k);
}

enum alias_kind
alias_kind_detect(const char *dns_name, const char *zone_name)
{
	size_t blen;

	if (!dns_name)
		return ALIAS_OTHER;
	if (zone_name && name_in_zone(dns_name, zone_name))
		return ALIAS_SAME_ZONE;
	if (ends_with(dns_name, ".cloudfront.net"))
		return ALIAS_CLOUDFRONT;
	if (s3_split(dns_name, &blen))
		return ALIAS_S3_WEBSITE;
	if (ends_with(dns_name, ".elb.amazonaws.com") || ends_with(dns_name, ".elb.amazonaws.com.cn") ||
	    (strstr(dns_name, ".elb.") && (ends_with(dns_name, ".amazonaws.com") ||
					   ends_with(dns_name, ".amazonaws.com.cn"))))
		return ALIAS_ELB;
	if (strstr(dns_name, ".execute-api."))
		return ALIAS_APIGW;
	if (ends_with(dns_name, ".awsglobalaccelerator.com"))
		return ALIAS_GLOBAL_ACCELERATOR;
	if (ends_with(dns_name, ".vpce.amazonaws.com"))
		return ALIAS_VPCE;
	if (ends_with(dns_name, ".elasticbeanstalk.com"))
		return ALIAS_BEANSTALK;
	return ALIAS_OTHER;
}

const char *
alias_kind_name(enum alias_kind k)
{
	static const char *const names[] = {
		[ALIAS_OTHER] = "other",
		[ALIAS_CLOUDFRONT] = "CloudFront distribution",
		[ALIAS_S3_WEBSITE] = "S3 website endpoint",
		[ALIAS_ELB] = "load balancer",
		[ALIAS_APIGW] = "API Gateway",
		[ALIAS_GLOBAL_ACCELERATOR] = "Global Accelerator",
		[ALIAS_VPCE] = "VPC endpoint",
		[ALIAS_BEANSTALK] = "Elastic Beanstalk",
		[ALIAS_SAME_ZONE] = "record in this zone",
	};
	if ((int)k < 0 || k > ALIAS_SAME_ZONE)
		return "?";
	return names[k];
}

enum r53_code
alias_validate(const struct alias_target *a, const char *record_name, enum rr_type type,
	       const char *zone_name, struct r53_error *err)
{
	char canon[NAME_TEXT_MAX];
	enum alias_kind kind;

	if (!a->hosted_zone_id || !*a->hosted_zone_id)
		return r53_error_set(err, R53_INVALID, "alias.hosted_zone_id",
				     "an alias needs the target's hosted zone id");
	if (strlen(a->hosted_zone_id) > 32)
		return r53_error_set(err, R53_INVALID, "alias.hosted_zone_id",
				     "hosted zone id '%.40s' is longer than 32 characters",
				     a->hosted_zone_id);
	if (!a->dns_name || !*a->dns_name)
		return r53_error_set(err, R53_INVALID, "alias.dns_name",
				     "an alias needs the target's DNS name");
	if (name_canonical(a->dns_name, canon, sizeof(canon), NULL) != R53_OK)
		return r53_error_set(err, R53_INVALID, "alias.dns_name",
				     "alias target '%.100s' is not a valid DNS name", a->dns_name);
	if (!rr_type_alias_allowed(type))
		return r53_error_set(err, R53_INVALID, "type", "a %s record cannot be an alias",
				     rr_type_name(type));
	kind = alias_kind_detect(canon, zone_name);
	if (kind != ALIAS_SAME_ZONE && kind != ALIAS_OTHER && !rr_type_alias_aws(type))
		return r53_error_set(err, R53_INVALID, "type",
				     "an alias to a %s must be an A or AAAA record, not %s",
				     alias_kind_name(kind), rr_type_name(type));
	if (kind == ALIAS_CLOUDFRONT) {
		if (strcmp(a->hosted_zone_id, CLOUDFRONT_ZONE_ID) &&
		    strcmp(a->hosted_zone_id, "Z3RFFRIM2A3IF5"))
			return r53_error_set(err, R53_INVALID, "alias.hosted_zone_id",
					     "a CloudFront alias uses hosted zone id %s, not %s",
					     CLOUDFRONT_ZONE_ID, a->hosted_zone_id);
		if (a->evaluate_target_health)
			return r53_error_set(err, R53_INVALID, "alias.evaluate_target_health",
					     "a CloudFront alias cannot evaluate target health");
	}
	if (kind == ALIAS_S3_WEBSITE) {
		size_t blen;
		const struct s3_website_endpoint *e = s3_split(canon, &blen);

		if (type != RR_A)
			return r53_error_set(err, R53_INVALID, "type",
					     "an alias to an S3 website endpoint must be an A record");
		if (e && strcmp(e->zone_id, a->hosted_zone_id))
			return r53_error_set(err, R53_INVALID, "alias.hosted_zone_id",
					     "the S3 website endpoint in %s has hosted zone id %s, "
					     "not %s",
					     e->region, e->zone_id, a->hosted_zone_id);
		if (blen && record_name) {
			size_t rlen = strlen(record_name);

			if (rlen && record_name[rlen - 1] == '.')
				rlen--;
			if (blen != rlen || strncmp(canon, record_name, blen))
				return r53_error_set(err, R53_INVALID, "alias.dns_name",
						     "the S3 bucket must be named exactly like the "
						     "record: '%.*s', not '%.*s'",
						     (int)rlen, record_name, (int)blen, canon);
		}
	}
	return R53_OK;
}
