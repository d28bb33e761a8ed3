/* libFuzzer: the client's JSON readers on any bytes: Route 53 Domains responses and errors,
 * and AWS CLI change-batch files; a parsed batch must encode and round-trip through JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "client/client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	static const enum r53_op ops[] = { R53_OP_LIST_DOMAINS, R53_OP_GET_DOMAIN,
					   R53_OP_UPDATE_DOMAIN_NS, R53_OP_GET_OPERATION };
	struct change_batch b;
	char code[64];

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct r53_page p;

		r53_page_init(&p);
		(void)r53_decode(ops[i], body, size, &p, NULL);
		r53_page_done(&p);
	}
	{
		struct r53_error err = { 0 };

		r53_decode_error(R53_OP_LIST_DOMAINS, 400, body, size, code, sizeof(code), &err);
	}
	change_batch_init(&b);
	if (r53_change_batch_from_json(body, size, &b, NULL) == R53_OK) {
		free(r53_encode_change_batch(&b, NULL));
		for (size_t i = 0; i < b.len; i++) {
			json_t *j = r53_rrset_to_json(b.changes[i].rr);
			struct rrset *back = r53_rrset_from_json(j, NULL);

			if (!back || !rrset_equal(back, b.changes[i].rr))
				abort(); /* what was read must read back the same */
			rrset_free(&back);
			json_decref(j);
		}
	}
	change_batch_done(&b);
	return 0;
}
