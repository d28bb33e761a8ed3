/* r53-local's request decoder and response writer, on saved request shapes (as botocore sends
 * them) and on broken ones: the error code each maps to is the one Route 53 answers with. */
#include <stdlib.h>
#include <string.h>

#include "controlplane/cp.h"
#include "tests/tools/check.h"

#define NS "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\""

static enum r53_code
decode(const char *xml, struct change_batch *b, struct r53_error *err)
{
	change_batch_init(b);
	return cp_xml_decode_change_batch(xml, strlen(xml), b, err);
}

static void
batch_fields(void)
{
	const char *xml =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ChangeResourceRecordSetsRequest " NS
		"><ChangeBatch><Comment>hello</Comment><Changes>"
		"<Change><Action>UPSERT</Action><ResourceRecordSet><Name>WWW.Example.com</Name>"
		"<Type>A</Type><SetIdentifier>eu</SetIdentifier><GeoLocation><ContinentCode>EU"
		"</ContinentCode></GeoLocation><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>"
		"192.0.2.1</Value></ResourceRecord><ResourceRecord><Value>192.0.2.2</Value>"
		"</ResourceRecord></ResourceRecords><HealthCheckId>hc-1</HealthCheckId>"
		"</ResourceRecordSet></Change>"
		"<Change><Action>DELETE</Action><ResourceRecordSet><Name>*.example.com</Name>"
		"<Type>AAAA</Type><AliasTarget><HostedZoneId>/hostedzone/Z2FDTNDATAQYW2</HostedZoneId>"
		"<DNSName>D1.CloudFront.net</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth>"
		"</AliasTarget></ResourceRecordSet></Change>"
		"</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>";
	struct change_batch b;
	struct r53_error err = { 0 };

	CHECK_INT(decode(xml, &b, &err), R53_OK);
	CHECK_INT((int)b.len, 2);
	CHECK_STR(b.comment, "hello");
	CHECK_INT(b.changes[0].action, CHANGE_UPSERT);
	CHECK_STR(b.changes[0].rr->name, "www.example.com.");
	CHECK_STR(b.changes[0].rr->set_id, "eu");
	CHECK(b.changes[0].rr->has_geo);
	CHECK_STR(b.changes[0].rr->geo.continent, "EU");
	CHECK_INT((int)b.changes[0].rr->ttl, 60);
	CHECK_INT((int)b.changes[0].rr->nvalues, 2);
	CHECK_STR(b.changes[0].rr->values[1], "192.0.2.2");
	CHECK_STR(b.changes[0].rr->health_check_id, "hc-1");
	CHECK_INT(b.changes[1].action, CHANGE_DELETE);
	CHECK_STR(b.changes[1].rr->name, "\\052.example.com.");
	CHECK(b.changes[1].rr->alias != NULL);
	CHECK_STR(b.changes[1].rr->alias->hosted_zone_id, "Z2FDTNDATAQYW2");
	CHECK_STR(b.changes[1].rr->alias->dns_name, "d1.cloudfront.net.");
	CHECK(!b.changes[1].rr->has_ttl);
	change_batch_done(&b);
}

/* @xml must fail with Route 53 error code @code. */
static void
expect_code(const char *xml, const char *code)
{
	struct change_batch b;
	struct r53_error err = { 0 };

	CHECK(decode(xml, &b, &err) != R53_OK);
	CHECK_STR(err.where, code);
	change_batch_done(&b);
}

static void
batch_errors(void)
{
	expect_code("", "MalformedInput");
	expect_code("<ChangeResourceRecordSetsRequest " NS "><ChangeBatch>", "MalformedInput");
	expect_code("<CreateHostedZoneRequest " NS "/>", "MalformedInput");
	expect_code("<ChangeResourceRecordSetsRequest><ChangeBatch/></ChangeResourceRecordSetsRequest>",
		    "InvalidInput"); /* no namespace */
	expect_code("<ChangeResourceRecordSetsRequest " NS "><ChangeBatch><Changes/></ChangeBatch>"
		    "</ChangeResourceRecordSetsRequest>",
		    "InvalidInput");
	expect_code("<ChangeResourceRecordSetsRequest " NS "><ChangeBatch><Changes><Change><Action>"
		    "MOVE</Action><ResourceRecordSet><Name>a.example.com</Name><Type>A</Type>"
		    "</ResourceRecordSet></Change></Changes></ChangeBatch>"
		    "</ChangeResourceRecordSetsRequest>",
		    "InvalidInput");
	expect_code("<ChangeResourceRecordSetsRequest " NS "><ChangeBatch><Changes><Change><Action>"
		    "CREATE</Action><ResourceRecordSet><Name>a.example.com</Name><Type>a</Type>"
		    "</ResourceRecordSet></Change></Changes></ChangeBatch>"
		    "</ChangeResourceRecordSetsRequest>",
		    "InvalidInput"); /* types are case-sensitive in the schema */
	expect_code("<ChangeResourceRecordSetsRequest " NS "><ChangeBatch><Changes><Change><Action>"
		    "CREATE</Action><ResourceRecordSet><Name>a.example.com</Name><Type>A</Type>"
		    "<TTL>-1</TTL></ResourceRecordSet></Change></Changes></ChangeBatch>"
		    "</ChangeResourceRecordSetsRequest>",
		    "InvalidInput");
	expect_code("<ChangeResourceRecordSetsRequest " NS "><ChangeBatch><Changes><Change><Action>"
		    "CREATE</Action><ResourceRecordSet><Type>A</Type><Name>a.example.com</Name>"
		    "</ResourceRecordSet></Change></Changes></ChangeBatch>"
		    "</ChangeResourceRecordSetsRequest>",
		    "InvalidInput"); /* out of model order */
	expect_code("<ChangeResourceRecordSetsRequest " NS "><ChangeBatch><Changes><Change><Action>"
		    "CREATE</Action><ResourceRecordSet><Name>a..example.com</Name><Type>A</Type>"
		    "</ResourceRecordSet></Change></Changes></ChangeBatch>"
		    "</ChangeResourceRecordSetsRequest>",
		    "InvalidChangeBatch"); /* a bad name is a batch error */
}

static void
zone_and_health(void)
{
	struct cp_create_zone_req z;
	struct r53_error err = { 0 };
	const char *xml = "<CreateHostedZoneRequest " NS "><Name>example.com</Name><VPC><VPCRegion>"
			  "eu-west-1</VPCRegion><VPCId>vpc-1</VPCId></VPC><CallerReference>r1"
			  "</CallerReference><HostedZoneConfig><Comment>c</Comment>"
			  "</HostedZoneConfig></CreateHostedZoneRequest>";
	char ref[80], comment[260];
	bool has = true;
	json_t *cfg = NULL;

	CHECK_INT(cp_xml_decode_create_zone(xml, strlen(xml), &z, &err), R53_OK);
	CHECK_STR(z.name, "example.com");
	CHECK_STR(z.caller_ref, "r1");
	CHECK(z.has_vpc);
	CHECK_STR(z.vpc_region, "eu-west-1");
	CHECK(z.has_comment);
	CHECK_INT(cp_xml_decode_zone_comment("", 0, comment, sizeof(comment), &has, &err), R53_OK);
	CHECK(!has);
	xml = "<CreateHealthCheckRequest " NS "><CallerReference>h</CallerReference>"
	      "<HealthCheckConfig><IPAddress>127.0.0.1</IPAddress><Port>8080</Port><Type>TCP</Type>"
	      "<Regions><Region>us-east-1</Region><Region>eu-west-1</Region></Regions>"
	      "</HealthCheckConfig></CreateHealthCheckRequest>";
	CHECK_INT(cp_xml_decode_health_check(xml, strlen(xml), false, ref, sizeof(ref), &cfg, &err),
		  R53_OK);
	CHECK_STR(ref, "h");
	CHECK_INT((int)json_integer_value(json_object_get(cfg, "Port")), 8080);
	CHECK_INT((int)json_array_size(json_object_get(cfg, "Regions")), 2);
	json_decref(cfg);
	xml = "<CreateHealthCheckRequest " NS "><CallerReference>h</CallerReference>"
	      "<HealthCheckConfig><Port>eighty</Port><Type>TCP</Type></HealthCheckConfig>"
	      "</CreateHealthCheckRequest>";
	CHECK(cp_xml_decode_health_check(xml, strlen(xml), false, ref, sizeof(ref), &cfg, &err) !=
	      R53_OK);
	CHECK(cfg == NULL);
}

static void
writer_escapes(void)
{
	struct cp_xml *x = cp_xml_begin("ErrorResponse");
	struct rrset *rr = rrset_new("a.example.com", RR_TXT, NULL);
	size_t len;
	char *out;

	CHECK(rr != NULL);
	rr->has_ttl = true;
	rr->ttl = 300;
	CHECK_INT(rrset_add_value(rr, "\"a<b&c\"", NULL), R53_OK);
	cp_xml_rrset(x, rr);
	out = cp_xml_finish(x, &len);
	CHECK(out != NULL);
	CHECK(strstr(out, "<Value>&quot;a&lt;b&amp;c&quot;</Value>") != NULL);
	CHECK(strstr(out, "<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">") !=
	      NULL);
	CHECK(strstr(out, "<Name>a.example.com.</Name><Type>TXT</Type><TTL>300</TTL>") != NULL);
	free(out);
	rrset_free(&rr);
}

int
main(void)
{
	RUN(batch_fields);
	RUN(batch_errors);
	RUN(zone_and_health);
	RUN(writer_escapes);
	return CHECK_REPORT("cp_xml");
}
