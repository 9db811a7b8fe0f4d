/* A small JSON reader for policy files in JSON (OCI seccomp profiles, seccompiler). The
 * library parses policy files before main in every sandboxed process, so this is a few
 * hundred lines using the scratch allocator rather than a JSON library linked into each of
 * them. Strict RFC 8259: no comments, no trailing commas; nesting at most
 * SB_JSON_MAX_DEPTH levels. */
#ifndef SB_POLICY_JSON_H
#define SB_POLICY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SB_JSON_MAX_DEPTH 32

enum sb_json_type { SB_JSON_NULL, SB_JSON_BOOL, SB_JSON_NUMBER, SB_JSON_STRING,
		    SB_JSON_ARRAY, SB_JSON_OBJECT };

struct sb_json_node {
	uint8_t type;           /* enum sb_json_type */
	bool boolean;           /* SB_JSON_BOOL */
	bool integer;           /* SB_JSON_NUMBER: a non-negative integer below 2^64 (in number) */
	uint64_t number;
	const char *str;        /* SB_JSON_STRING: decoded, NUL-terminated (no NUL inside) */
	const char *key;        /* a member of an object: its name, decoded; else NULL */
	size_t offset;          /* of the value in the text, for messages */
	uint32_t child, next;   /* index + 1 of the first child / next sibling; 0: none */
};

struct sb_json {
	struct sb_json_node *nodes;   /* nodes[0] is the document's value */
	size_t n, cap;
	char *strings;                /* decoded strings */
};

/* Parse text[0..len) into *out. On error returns false with *error_offset and *why (a
 * static description) set, and *out empty. */
bool sb_json_parse(const char *text, size_t len, struct sb_json *out, size_t *error_offset,
		   const char **why);
void sb_json_free(struct sb_json *j);

/* Children of an array or object, in order: first, then next until NULL. */
const struct sb_json_node *sb_json_first(const struct sb_json *j, const struct sb_json_node *n);
const struct sb_json_node *sb_json_next(const struct sb_json *j, const struct sb_json_node *n);
/* The member called key of an object (the first, if repeated), or NULL. */
const struct sb_json_node *sb_json_member(const struct sb_json *j, const struct sb_json_node *obj,
					  const char *key);

#endif
