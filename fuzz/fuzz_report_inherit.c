/* libFuzzer target: SECCOMP_REPORT_INHERITED's value (report_inherit.c). A value that
 * decodes must encode back to itself, the canonical form the library writes. */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value = malloc(size + 1);
	static struct sb_report_data d;
	static char again[sizeof(d) * 8];
	struct sandbox_error err = { 0 };
	if (!value)
		return 0;
	memcpy(value, data, size);
	value[size] = '\0';
	if (sb_report_decode(value, &d, &err) == SANDBOX_OK) {
		size_t n = sb_report_encode(&d, again, sizeof(again));
		struct sb_report_data back;
		if (n >= sizeof(again) || sb_report_decode(again, &back, &err) != SANDBOX_OK ||
		    back.cookie != d.cookie || strcmp(back.origin, d.origin) ||
		    memcmp(back.reason, d.reason, sizeof(d.reason)) ||
		    memcmp(back.sibling, d.sibling, sizeof(d.sibling)))
			abort();
	}
	free(value);
	return 0;
}
