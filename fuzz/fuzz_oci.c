/*
 * libFuzzer target for JSON policy files (OCI seccomp profiles): the JSON reader's tree
 * must be well formed (every index in range, every string terminated, children inside
 * their parent's text), and the policy read from it must compile into a filter that decides
 * as the model does (the policy target's checks, reused). Seeds: fuzz/corpus/oci.
 */
#define LLVMFuzzerTestOneInput fuzz_policy_one
#include "fuzz_policy.c"
#undef LLVMFuzzerTestOneInput

#include "policy_json.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check_tree(const struct sb_json *j, size_t size)
{
	for (size_t i = 0; i < j->n; i++) {
		const struct sb_json_node *n = &j->nodes[i];
		if (n->child > j->n || n->next > j->n || n->offset >= size + 1 ||
		    (n->child && n->child <= i + 1) || (n->next && n->next <= i + 1))
			abort();
		if (n->type == SB_JSON_STRING && (!n->str || strlen(n->str) > size))
			abort();
		if (n->type != SB_JSON_ARRAY && n->type != SB_JSON_OBJECT && n->child)
			abort();
		for (const struct sb_json_node *c = sb_json_first(j, n); c; c = sb_json_next(j, c))
			if ((n->type == SB_JSON_OBJECT) != (c->key != NULL) || c->offset < n->offset)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct sb_json j;
	size_t at;
	const char *why;
	if (sb_json_parse((const char *)data, size, &j, &at, &why)) {
		if (j.n == 0)
			abort();
		check_tree(&j, size);
		sb_json_free(&j);
	} else if (at > size || !why || !why[0]) {
		abort();
	}
	return fuzz_policy_one(data, size);
}
