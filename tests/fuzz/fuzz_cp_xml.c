/* libFuzzer target: r53-local's request XML decoders (ChangeResourceRecordSets, CreateHostedZone,
 * UpdateHostedZoneComment, Create/UpdateHealthCheck) on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "controlplane/cp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct change_batch b;
	struct cp_create_zone_req zr;
	struct r53_error err = { 0 };
	char comment[260], ref[80];
	bool has;
	json_t *cfg = NULL;

	change_batch_init(&b);
	if (cp_xml_decode_change_batch(body, size, &b, &err) == R53_OK)
		change_batch_check(&b, "example.com.", NULL);
	change_batch_done(&b);
	cp_xml_decode_create_zone(body, size, &zr, NULL);
	cp_xml_decode_zone_comment(body, size, comment, sizeof(comment), &has, NULL);
	cp_xml_decode_health_check(body, size, false, ref, sizeof(ref), &cfg, NULL);
	json_decref(cfg);
	cfg = NULL;
	cp_xml_decode_health_check(body, size, true, NULL, 0, &cfg, NULL);
	json_decref(cfg);
	return 0;
}
