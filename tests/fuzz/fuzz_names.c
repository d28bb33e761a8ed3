/* libFuzzer: name parsing, display and order, and every value validator, on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/models.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[NAME_TEXT_MAX], disp[NAME_TEXT_MAX * 2];
	struct r53_error err = { 0 };

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (name_canonical(s, out, sizeof(out), &err) == R53_OK) {
		char again[NAME_TEXT_MAX];

		/* Canonical is a fixed point, and order is reflexive. */
		if (name_canonical(out, again, sizeof(again), NULL) != R53_OK || strcmp(out, again))
			abort();
		if (name_compare(out, again) != 0)
			abort();
		name_display(out, disp, sizeof(disp), true);
		name_display(out, disp, 7, false);
		(void)name_in_zone(out, "example.com.");
		(void)name_label_count(out);
	}
	for (int t = 1; t < RR_TYPE_COUNT; t++)
		(void)value_validate((enum rr_type)t, s, 0, NULL);
	{
		char *q = txt_quote(s), *u;

		if (q) {
			if (value_validate(RR_TXT, q, 0, NULL) != R53_OK && strlen(q) <= 4000)
				abort(); /* what we quote must validate */
			u = txt_unquote(q, NULL);
			if (u && strcmp(u, s))
				abort(); /* and come back unchanged */
			free(u);
			free(q);
		}
	}
	{
		uint32_t ttl;
		char h[64];

		if (ttl_parse(s, &ttl, NULL) == R53_OK)
			ttl_human(ttl, h, sizeof(h));
	}
	free(s);
	return 0;
}
