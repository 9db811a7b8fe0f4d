/* Named-constant lookup through the generated hash index. */
#include "constants.h"
#include "name_hash.h"

#include <string.h>

bool sb_constant_lookup(const char *name, size_t len, uint64_t *value)
{
	uint32_t i = sb_name_hash(name, len) % sb_constant_slots;
	for (unsigned v; (v = sb_constant_by_hash[i]); i = (i + 1) % sb_constant_slots) {
		const struct sb_constant *c = &sb_constant_table[v - 1];
		const char *entry = sb_constant_names + c->name;
		if (!strncmp(name, entry, len) && entry[len] == '\0') {
			*value = (uint64_t)c->value;
			return true;
		}
	}
	return false;
}
