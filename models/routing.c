/* Routing policies: names, geolocation codes, latency regions. */
#include <stdio.h>
#include <string.h>

#include "models/models.h"

const char *
routing_policy_name(enum routing_policy p)
{
	static const char *const names[] = {
		[ROUTING_SIMPLE] = "simple",	     [ROUTING_WEIGHTED] = "weighted",
		[ROUTING_LATENCY] = "latency",	     [ROUTING_GEO] = "geolocation",
		[ROUTING_FAILOVER] = "failover",     [ROUTING_MULTIVALUE] = "multivalue",
		[ROUTING_CIDR] = "ip-based",	     [ROUTING_GEOPROXIMITY] = "geoproximity",
	};
	if ((int)p < 0 || p > ROUTING_GEOPROXIMITY)
		return "?";
	return names[p];
}

const char *const latency_regions[] = {
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1",
	"mx-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
	"eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "ap-southeast-1",
	"ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
	"ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1",
	"ap-east-2", "ap-south-1", "ap-south-2", "af-south-1", "me-south-1", "me-central-1",
	"il-central-1", "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
	"eusc-de-east-1", NULL,
};

bool
latency_region_valid(const char *region)
{
	if (!region)
		return false;
	for (const char *const *r = latency_regions; *r; r++)
		if (!strcmp(*r, region))
			return true;
	return false;
}

static const char continents[] = "AF AN AS EU OC NA SA ";

/* ISO 3166-1 alpha-2, plus XK (Kosovo), which Route 53 lists. */
static const char countries[] =
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO "
	"BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ "
	"DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP "
	"GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG "
	"KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML "
	"MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE "
	"PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL "
	"SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM "
	"US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW ";

/* US states and DC: the subdivisions Route 53 offers for geolocation. */
static const char us_states[] =
	"AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND "
	"NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY ";

static bool
in_list(const char *list, const char *code)
{
	char key[5];

	if (strlen(code) != 2)
		return false;
	snprintf(key, sizeof(key), "%s ", code);
	for (const char *p = list; *p; p += 3)
		if (!strncmp(p, key, 3))
			return true;
	return false;
}

enum r53_code
geo_validate(const struct geo_location *g, struct r53_error *err)
{
	bool c = g->continent[0], k = g->country[0], s = g->subdivision[0];

	if (!c && !k)
		return r53_error_set(err, R53_INVALID, "geo",
				     "a geolocation needs a continent, a country or '*' (default)");
	if (c && (k || s))
		return r53_error_set(err, R53_INVALID, "geo",
				     "a geolocation takes a continent or a country, not both");
	if (c && !in_list(continents, g->continent))
		return r53_error_set(err, R53_INVALID, "geo.continent",
				     "'%s' is not a continent code (AF AN AS EU OC NA SA)",
				     g->continent);
	if (k && strcmp(g->country, "*") && !in_list(countries, g->country))
		return r53_error_set(err, R53_INVALID, "geo.country",
				     "'%s' is not an ISO 3166 country code or '*'", g->country);
	if (s) {
		if (strcmp(g->country, "US"))
			return r53_error_set(err, R53_INVALID, "geo.subdivision",
					     "subdivision '%s' needs country US", g->subdivision);
		if (!in_list(us_states, g->subdivision))
			return r53_error_set(err, R53_INVALID, "geo.subdivision",
					     "'%s' is not a US state code", g->subdivision);
	}
	return R53_OK;
}

void
geo_display(const struct geo_location *g, char *out, size_t outsz)
{
	if (g->continent[0])
		snprintf(out, outsz, "%s", g->continent);
	else if (!strcmp(g->country, "*"))
		snprintf(out, outsz, "default");
	else if (g->subdivision[0])
		snprintf(out, outsz, "%s-%s", g->country, g->subdivision);
	else
		snprintf(out, outsz, "%s", g->country);
}
