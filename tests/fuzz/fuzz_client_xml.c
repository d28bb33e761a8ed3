/* libFuzzer: the client's Route 53 XML decoders (every operation) and error decoder on any
 * bytes; decoded record sets must survive the request encoder. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	static const enum r53_op ops[] = {
		R53_OP_LIST_ZONES,	R53_OP_LIST_ZONES_BY_NAME, R53_OP_GET_ZONE,
		R53_OP_CREATE_ZONE,	R53_OP_DELETE_ZONE,	   R53_OP_LIST_RRSETS,
		R53_OP_CHANGE_RRSETS,	R53_OP_GET_CHANGE,	   R53_OP_LIST_HEALTH_CHECKS,
		R53_OP_GET_HEALTH_CHECK, R53_OP_GET_HEALTH_CHECK_STATUS,
	};
	char code[64];

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct r53_page p;
		struct r53_error err = { 0 };

		r53_page_init(&p);
		if (r53_decode(ops[i], body, size, &p, &err) == R53_OK && p.rrsets.len) {
			struct change_batch b;

			change_batch_init(&b);
			for (size_t k = 0; k < p.rrsets.len; k++) {
				change_batch_take(&b, CHANGE_UPSERT, p.rrsets.items[k], NULL);
				p.rrsets.items[k] = NULL;
			}
			free(r53_encode_change_batch(&b, NULL));
			change_batch_done(&b);
		}
		r53_page_done(&p);
	}
	{
		struct r53_error err = { 0 };

		r53_decode_error(R53_OP_CHANGE_RRSETS, 400, body, size, code, sizeof(code), &err);
		if (err.code != R53_AWS)
			abort(); /* an error body always gives an AWS error */
	}
	return 0;
}
