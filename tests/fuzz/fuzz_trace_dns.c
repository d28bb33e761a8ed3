/* Arbitrary bytes as the DNS answer trace_interpret() reads (the part of r53 trace that
 * believes or rejects what a name server sent). Each input is read as the answer to several
 * questions, from servers of several zones, so referral, answer, CNAME and glue paths run. */
#include <stddef.h>
#include <stdint.h>

#include "client/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *zone, *qname;
	uint16_t qtype;
} questions[] = {
	{ ".", "www.good.test.", 1 },	      { "test.", "www.good.test.", 1 },
	{ "good.test.", "www.good.test.", 1 }, { "good.test.", "www.good.test.", 15 },
	{ "alias.test.", "www.alias.test.", 1 }, { "big.test.", "big.big.test.", 16 },
	{ "good.test.", "good.test.", 6 },     { "good.test.", "good.test.", 2 },
	{ "dns.test.", "ns3.dns.test.", 28 },   { "lame.test.", "www.lame.test.", 1 },
	{ "good.test.", "nope.good.test.", 1 }, { "test.", "www.good.test.", 255 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t id = size >= 2 ? (uint16_t)((data[0] << 8) | data[1]) : 0;

	for (size_t i = 0; i < sizeof(questions) / sizeof(questions[0]); i++) {
		struct trace_reply r;

		trace_interpret(data, size, id, questions[i].zone, questions[i].qname,
				questions[i].qtype, &r, NULL);
		trace_reply_done(&r);
	}
	return 0;
}
