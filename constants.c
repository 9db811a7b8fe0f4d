/* Named-constant lookup over the generated, sorted table. */
#include "constants.h"

#include <string.h>

static int compare_name(const char *name, size_t len, const char *entry)
{
	int c = strncmp(name, entry, len);
	if (c)
		return c;
	return entry[len] ? -1 : 0;
}

bool sb_constant_lookup(const char *name, size_t len, uint64_t *value)
{
	size_t lo = 0, hi = sb_constant_table_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = compare_name(name, len, sb_constant_names + sb_constant_table[mid].name);
		if (c == 0) {
			*value = (uint64_t)sb_constant_table[mid].value;
			return true;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}
