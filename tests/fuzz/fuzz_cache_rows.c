/* libFuzzer target: the cache's row decoders (rrset, batch, zone, domain, health check) on
 * arbitrary text, as a damaged or hand-edited cache file could hold. What decodes must encode
 * to text that decodes to the same text again (the stored form is stable). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache/private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts when @a and @b differ: libFuzzer reports it as a crash with the input. */
static void
same(const char *a, const char *b)
{
	if (!a || !b || strcmp(a, b))
		abort();
}

static void
rrset_case(const char *text)
{
	struct rrset *rr = NULL, *again = NULL;
	char *s1, *s2, *search;
	uint8_t key[NAME_MAX_OCTETS + 1];

	if (unserial_rrset(text, &rr, "rrset", NULL) != R53_OK)
		return;
	s1 = serial_rrset(rr, NULL);
	if (s1 && unserial_rrset(s1, &again, "rrset", NULL) == R53_OK) {
		s2 = serial_rrset(again, NULL);
		same(s1, s2);
		free(s2);
	}
	search = serial_search_text(rr, NULL);
	serial_sort_key(rr->name, key);
	free(search);
	free(s1);
	rrset_free(&again);
	rrset_free(&rr);
}

static void
batch_case(const char *text)
{
	struct change_batch b, again;
	char *s1, *s2;

	if (unserial_batch(text, &b, NULL) != R53_OK)
		return;
	s1 = serial_batch(&b, NULL);
	if (s1 && unserial_batch(s1, &again, NULL) == R53_OK) {
		s2 = serial_batch(&again, NULL);
		same(s1, s2);
		free(s2);
		change_batch_done(&again);
	}
	free(s1);
	change_batch_done(&b);
}

static void
others_case(const char *text)
{
	struct zone z;
	struct domain d;
	struct health_check h;

	if (unserial_zone(text, &z, NULL) == R53_OK) {
		free(serial_zone(&z, NULL));
		zone_done(&z);
	}
	if (unserial_domain(text, &d, NULL) == R53_OK) {
		free(serial_domain(&d, NULL));
		domain_done(&d);
	}
	if (unserial_health_check(text, &h, NULL) == R53_OK) {
		free(serial_health_check(&h, NULL));
		health_check_done(&h);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rrset_case(text);
	batch_case(text);
	others_case(text);
	free(text);
	return 0;
}
