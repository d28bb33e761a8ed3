/* Arbitrary bytes as a --root-hints file (r53 trace, r53 delegation). */
#include <stddef.h>
#include <stdint.h>

#include "client/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct root_hints h;
	struct r53_error err = { 0 };

	root_hints_init(&h);
	root_hints_parse(&h, (const char *)data, size, &err);
	root_hints_done(&h);
	return 0;
}
