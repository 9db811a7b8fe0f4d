/* The JSON reader (policy_json.h): one pass, nodes in one growing array, strings decoded
 * into one buffer no larger than the text. */
#include "policy_json.h"
#include "scratch.h"

#include <string.h>

struct parser {
	const char *text;
	size_t len, pos;
	struct sb_json *j;
	size_t strings_used;
	const char *why;
};

static void skip_space(struct parser *p)
{
	while (p->pos < p->len && (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' ||
				   p->text[p->pos] == '\n' || p->text[p->pos] == '\r'))
		p->pos++;
}

static bool fail(struct parser *p, const char *why)
{
	if (!p->why)
		p->why = why;
	return false;
}

/* A new node; returns its index + 1, or 0 when out of memory. */
static uint32_t new_node(struct parser *p, uint8_t type)
{
	struct sb_json *j = p->j;
	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 256;
		if (cap > UINT32_MAX - 1)
			return fail(p, "too many values"), 0;
		struct sb_json_node *grown = sb_realloc(j->nodes, cap * sizeof(*grown));
		if (!grown)
			return fail(p, "out of memory"), 0;
		j->nodes = grown;
		j->cap = cap;
	}
	struct sb_json_node *n = &j->nodes[j->n++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->offset = p->pos;
	return (uint32_t)j->n;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool read_hex4(struct parser *p, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		int d = p->pos < p->len ? hex_digit(p->text[p->pos]) : -1;
		if (d < 0)
			return fail(p, "\\u needs four hexadecimal digits");
		*out = *out << 4 | (unsigned)d;
		p->pos++;
	}
	return true;
}

static void put_utf8(char *o, size_t *k, unsigned c)
{
	if (c < 0x80) {
		o[(*k)++] = (char)c;
	} else if (c < 0x800) {
		o[(*k)++] = (char)(0xc0 | c >> 6);
		o[(*k)++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		o[(*k)++] = (char)(0xe0 | c >> 12);
		o[(*k)++] = (char)(0x80 | (c >> 6 & 0x3f));
		o[(*k)++] = (char)(0x80 | (c & 0x3f));
	} else {
		o[(*k)++] = (char)(0xf0 | c >> 18);
		o[(*k)++] = (char)(0x80 | (c >> 12 & 0x3f));
		o[(*k)++] = (char)(0x80 | (c >> 6 & 0x3f));
		o[(*k)++] = (char)(0x80 | (c & 0x3f));
	}
}

/* A string at p->pos (the opening quote), decoded into the strings buffer. Escapes never
 * grow: \uXXXX is 6 bytes for at most 3 of UTF-8, a surrogate pair 12 for 4. */
static const char *read_string(struct parser *p)
{
	char *o = p->j->strings + p->strings_used;
	size_t k = 0;
	p->pos++;
	for (;;) {
		if (p->pos >= p->len)
			return fail(p, "unterminated string"), NULL;
		unsigned char c = (unsigned char)p->text[p->pos++];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(p, "control character in a string"), NULL;
		if (c != '\\') {
			o[k++] = (char)c;
			continue;
		}
		if (p->pos >= p->len)
			return fail(p, "unterminated string"), NULL;
		char e = p->text[p->pos++];
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			o[k++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
			continue;
		}
		if (e != 'u')
			return fail(p, "unknown escape in a string"), NULL;
		unsigned cp, low;
		if (!read_hex4(p, &cp))
			return NULL;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return fail(p, "lone low surrogate in a string"), NULL;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (p->pos + 2 > p->len || p->text[p->pos] != '\\' || p->text[p->pos + 1] != 'u')
				return fail(p, "lone high surrogate in a string"), NULL;
			p->pos += 2;
			if (!read_hex4(p, &low))
				return NULL;
			if (low < 0xdc00 || low > 0xdfff)
				return fail(p, "lone high surrogate in a string"), NULL;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
		}
		if (cp == 0)
			return fail(p, "\\u0000 in a string"), NULL;
		put_utf8(o, &k, cp);
	}
	o[k++] = '\0';
	p->strings_used += k;
	return o;
}

static bool read_number(struct parser *p, struct sb_json_node *n)
{
	size_t start = p->pos;
	bool negative = p->text[p->pos] == '-', whole = true, fits = true;
	uint64_t v = 0;
	if (negative)
		p->pos++;
	if (p->pos >= p->len || p->text[p->pos] < '0' || p->text[p->pos] > '9')
		return fail(p, "malformed number");
	if (p->text[p->pos] == '0' && p->pos + 1 < p->len && p->text[p->pos + 1] >= '0' &&
	    p->text[p->pos + 1] <= '9')
		return fail(p, "leading zero in a number");
	while (p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9') {
		unsigned d = (unsigned)(p->text[p->pos++] - '0');
		if (v > (UINT64_MAX - d) / 10)
			fits = false;
		v = v * 10 + d;
	}
	if (p->pos < p->len && p->text[p->pos] == '.') {
		whole = false;
		p->pos++;
		if (p->pos >= p->len || p->text[p->pos] < '0' || p->text[p->pos] > '9')
			return fail(p, "malformed number");
		while (p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos < p->len && (p->text[p->pos] == 'e' || p->text[p->pos] == 'E')) {
		whole = false;
		p->pos++;
		if (p->pos < p->len && (p->text[p->pos] == '+' || p->text[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len || p->text[p->pos] < '0' || p->text[p->pos] > '9')
			return fail(p, "malformed number");
		while (p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9')
			p->pos++;
	}
	n->integer = whole && fits && (!negative || v == 0);
	n->number = n->integer ? v : 0;
	n->offset = start;
	return true;
}

static bool literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);
	if (p->len - p->pos < n || memcmp(p->text + p->pos, word, n))
		return fail(p, "unexpected character (accepted: a JSON value)");
	p->pos += n;
	return true;
}

/* A value at p->pos; returns its index + 1, 0 on error. */
static uint32_t read_value(struct parser *p, int depth)
{
	skip_space(p);
	if (p->pos >= p->len)
		return fail(p, "unexpected end (accepted: a JSON value)"), 0;
	if (depth > SB_JSON_MAX_DEPTH)
		return fail(p, "nested too deeply"), 0;
	char c = p->text[p->pos];
	uint32_t id;
	switch (c) {
	case '{':
	case '[': {
		bool object = c == '{';
		char close = object ? '}' : ']';
		if (!(id = new_node(p, object ? SB_JSON_OBJECT : SB_JSON_ARRAY)))
			return 0;
		p->pos++;
		skip_space(p);
		if (p->pos < p->len && p->text[p->pos] == close) {
			p->pos++;
			return id;
		}
		uint32_t last = 0;
		for (;;) {
			const char *key = NULL;
			skip_space(p);
			if (object) {
				if (p->pos >= p->len || p->text[p->pos] != '"')
					return fail(p, "expected a member name in quotes"), 0;
				if (!(key = read_string(p)))
					return 0;
				skip_space(p);
				if (p->pos >= p->len || p->text[p->pos] != ':')
					return fail(p, "expected ':' after a member name"), 0;
				p->pos++;
			}
			uint32_t child = read_value(p, depth + 1);
			if (!child)
				return 0;
			p->j->nodes[child - 1].key = key;
			if (last)
				p->j->nodes[last - 1].next = child;
			else
				p->j->nodes[id - 1].child = child;
			last = child;
			skip_space(p);
			if (p->pos < p->len && p->text[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->pos < p->len && p->text[p->pos] == close) {
				p->pos++;
				return id;
			}
			return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'"), 0;
		}
	}
	case '"': {
		if (!(id = new_node(p, SB_JSON_STRING)))
			return 0;
		const char *s = read_string(p);
		if (!s)
			return 0;
		p->j->nodes[id - 1].str = s;
		return id;
	}
	case 't':
	case 'f':
		if (!(id = new_node(p, SB_JSON_BOOL)) || !literal(p, c == 't' ? "true" : "false"))
			return 0;
		p->j->nodes[id - 1].boolean = c == 't';
		return id;
	case 'n':
		if (!(id = new_node(p, SB_JSON_NULL)) || !literal(p, "null"))
			return 0;
		return id;
	default:
		if (c != '-' && (c < '0' || c > '9'))
			return fail(p, "unexpected character (accepted: a JSON value)"), 0;
		if (!(id = new_node(p, SB_JSON_NUMBER)) || !read_number(p, &p->j->nodes[id - 1]))
			return 0;
		return id;
	}
}

bool sb_json_parse(const char *text, size_t len, struct sb_json *out, size_t *error_offset,
		   const char **why)
{
	memset(out, 0, sizeof(*out));
	struct parser p = { .text = text, .len = len, .j = out };
	out->strings = sb_alloc(len + 1);
	if (!out->strings) {
		*error_offset = 0;
		*why = "out of memory";
		return false;
	}
	if (read_value(&p, 0)) {
		skip_space(&p);
		if (p.pos == p.len)
			return true;
		fail(&p, "text after the JSON value");
	}
	*error_offset = p.pos;
	*why = p.why ? p.why : "malformed JSON";
	sb_json_free(out);
	return false;
}

void sb_json_free(struct sb_json *j)
{
	sb_free(j->nodes);
	sb_free(j->strings);
	memset(j, 0, sizeof(*j));
}

const struct sb_json_node *sb_json_first(const struct sb_json *j, const struct sb_json_node *n)
{
	return n && n->child ? &j->nodes[n->child - 1] : NULL;
}

const struct sb_json_node *sb_json_next(const struct sb_json *j, const struct sb_json_node *n)
{
	return n && n->next ? &j->nodes[n->next - 1] : NULL;
}

const struct sb_json_node *sb_json_member(const struct sb_json *j, const struct sb_json_node *obj,
					  const char *key)
{
	if (!obj || obj->type != SB_JSON_OBJECT)
		return NULL;
	for (const struct sb_json_node *m = sb_json_first(j, obj); m; m = sb_json_next(j, m))
		if (!strcmp(m->key, key))
			return m;
	return NULL;
}
