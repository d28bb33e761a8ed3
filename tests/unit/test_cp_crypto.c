/* r53-local's own SHA-256 / HMAC-SHA256 (used for SigV4) against published test vectors, and
 * the fault spec parser. */
#include <stdio.h>
#include <string.h>

#include "controlplane/cp.h"
#include "tests/tools/check.h"

static void
hexs(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void
sha256_vectors(void)
{
	uint8_t h[32];
	char x[65];
	char million[1000];

	cp_sha256("abc", 3, h);
	hexs(h, 32, x);
	CHECK_STR(x, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cp_sha256("", 0, h);
	hexs(h, 32, x);
	CHECK_STR(x, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	cp_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, h);
	hexs(h, 32, x);
	CHECK_STR(x, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', sizeof(million));
	cp_sha256(million, 64, h); /* exactly one block of data: padding spills over */
	hexs(h, 32, x);
	CHECK_STR(x, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

static void
hmac_vectors(void)
{
	uint8_t h[32], key[131];
	char x[65];

	/* RFC 4231 test case 2 */
	cp_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, h);
	hexs(h, 32, x);
	CHECK_STR(x, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* RFC 4231 test case 6: a key longer than the block */
	memset(key, 0xaa, sizeof(key));
	cp_hmac_sha256(key, sizeof(key), "Test Using Larger Than Block-Size Key - Hash Key First",
		       54, h);
	hexs(h, 32, x);
	CHECK_STR(x, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void
sigv4_signing_key(void)
{
	/* The AWS documentation's example: secret, 20150830, us-east-1, iam. */
	const char *secret = "AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
	uint8_t k1[32], k2[32];
	char x[65];

	cp_hmac_sha256(secret, strlen(secret), "20150830", 8, k1);
	cp_hmac_sha256(k1, 32, "us-east-1", 9, k2);
	cp_hmac_sha256(k2, 32, "iam", 3, k1);
	cp_hmac_sha256(k1, 32, "aws4_request", 12, k2);
	hexs(k2, 32, x);
	CHECK_STR(x, "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

static void
fault_specs(void)
{
	struct cp_config c;
	struct r53_error err = { 0 };

	memset(&c, 0, sizeof(c));
	CHECK_INT(cp_fault_parse(&c, "throttle:every=2,slow:ms=50,reset:every=7", &err), R53_OK);
	CHECK_INT((int)c.nfaults, 3);
	CHECK_INT(c.faults[0].kind, FAULT_THROTTLE);
	CHECK_INT((int)c.faults[0].every, 2);
	CHECK_INT((int)c.faults[1].ms, 50);
	CHECK_INT(c.faults[2].kind, FAULT_RESET);
	memset(&c, 0, sizeof(c));
	CHECK_INT(cp_fault_parse(&c, "500:every=0", &err), R53_USAGE);
	r53_error_clear(&err);
	CHECK_INT(cp_fault_parse(&c, "slow:every=3", &err), R53_USAGE);
	r53_error_clear(&err);
	CHECK_INT(cp_fault_parse(&c, "explode:every=3", &err), R53_USAGE);
}

int
main(void)
{
	RUN(sha256_vectors);
	RUN(hmac_vectors);
	RUN(sigv4_signing_key);
	RUN(fault_specs);
	return CHECK_REPORT("cp_crypto");
}
