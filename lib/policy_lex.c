/* The policy-file scanner. */
#include "policy_lex.h"

#include <stdio.h>
#include <string.h>

/* What each byte can be part of: one table lookup per byte, since every policy file is
 * scanned at every start-up of a program that names it. */
enum { WORD_START = 1, WORD = 2, NUMBER = 4 };
#define LETTER (WORD_START | WORD | NUMBER)
#define RANGE(from, to, what) [from ... to] = (what)
static const unsigned char byte_class[256] = {
	RANGE('a', 'z', LETTER), RANGE('A', 'Z', LETTER), RANGE('0', '9', WORD | NUMBER),
	['_'] = WORD_START | WORD, ['@'] = WORD_START | WORD, ['-'] = WORD,
};
#undef RANGE
#undef LETTER

static bool is_word_start(unsigned char c)
{
	return byte_class[c] & WORD_START;
}

static bool is_word(unsigned char c)
{
	return byte_class[c] & WORD;
}

static bool is_number(unsigned char c)
{
	return byte_class[c] & NUMBER;
}

size_t sb_lex_line_end(const char *text, size_t len, size_t start)
{
	bool comment = false;
	for (size_t from = start; from < len;) {
		const char *nl = memchr(text + from, '\n', len - from);
		size_t i = nl ? (size_t)(nl - text) : len;
		comment = comment || memchr(text + from, '#', i - from);
		if (!nl)
			break;
		/* A backslash continues the line; inside a comment it does not, so commenting
		 * out a line never swallows the next one. */
		size_t j = i;
		if (j > start && text[j - 1] == '\r')
			j--;
		if (comment || j == start || text[j - 1] != '\\')
			return i;
		from = i + 1;
	}
	return len;
}

/* Skip blanks, `\` + newline and comments; stop at the logical line end (lx->len). */
static void skip_space(struct sb_lexer *lx)
{
	while (lx->pos < lx->len) {
		char c = lx->text[lx->pos];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			lx->pos++;
		} else if (c == '\\' && lx->pos + 1 < lx->len &&
			   (lx->text[lx->pos + 1] == '\n' ||
			    (lx->text[lx->pos + 1] == '\r' && lx->pos + 2 < lx->len &&
			     lx->text[lx->pos + 2] == '\n'))) {
			lx->pos++;
		} else if (c == '#') {
			while (lx->pos < lx->len && lx->text[lx->pos] != '\n')
				lx->pos++;
		} else {
			return;
		}
	}
}

/* The punctuation at p (left bytes), its kind and length; TOK_BAD when none. A switch on
 * the first byte: this runs for every operator of every statement at start-up. */
static enum sb_tok punctuation(const char *p, size_t left, size_t *n)
{
	char next = left > 1 ? p[1] : '\0';
	*n = 1;
	switch (p[0]) {
	case '|': return next == '|' ? (*n = 2, TOK_OROR) : TOK_OR;
	case '&': return next == '&' ? (*n = 2, TOK_ANDAND) : TOK_AND;
	case '=': return next == '=' ? (*n = 2, TOK_EQ) : TOK_BAD;
	case '!': return next == '=' ? (*n = 2, TOK_NE) : TOK_BAD;
	case '<': return next == '=' ? (*n = 2, TOK_LE) : TOK_LT;
	case '>': return next == '=' ? (*n = 2, TOK_GE) : TOK_GT;
	case '~': return TOK_TILDE;
	case '-': return TOK_MINUS;
	case ':': return TOK_COLON;
	case ';': return TOK_SEMI;
	case '(': return TOK_LPAREN;
	case ')': return TOK_RPAREN;
	case ',': return TOK_COMMA;
	default: return TOK_BAD;
	}
}

static struct sb_token scan(struct sb_lexer *lx)
{
	struct sb_token t = { TOK_END, 0, 0 };

	skip_space(lx);
	t.start = lx->pos;
	if (lx->pos >= lx->len)
		return t;
	const char *p = lx->text + lx->pos;
	size_t left = lx->len - lx->pos, n = 1;
	unsigned char c = (unsigned char)p[0];

	if (is_word_start(c)) {
		while (n < left && is_word((unsigned char)p[n]))
			n++;
		t.kind = TOK_WORD;
	} else if (c >= '0' && c <= '9') {
		while (n < left && is_number((unsigned char)p[n]))
			n++;
		t.kind = TOK_NUMBER;
	} else {
		t.kind = punctuation(p, left, &n);
	}
	t.len = n;
	lx->pos += n;
	return t;
}

struct sb_token sb_lex_next(struct sb_lexer *lx)
{
	if (lx->peeked && lx->peeked_at == lx->pos) {
		lx->pos = lx->peek.start + lx->peek.len;
		return lx->peek;
	}
	return scan(lx);
}

struct sb_token sb_lex_peek(struct sb_lexer *lx)
{
	if (lx->peeked && lx->peeked_at == lx->pos)
		return lx->peek;
	size_t saved = lx->pos;
	struct sb_token t = scan(lx);
	lx->pos = saved;
	lx->peeked = true;
	lx->peeked_at = saved;
	lx->peek = t;
	return t;
}

const char *sb_lex_rest(struct sb_lexer *lx, size_t *n)
{
	skip_space(lx);
	size_t start = lx->pos, end = start;
	while (lx->pos < lx->len && lx->text[lx->pos] != '#' && lx->text[lx->pos] != '\n') {
		lx->pos++;
		if (lx->text[lx->pos - 1] != ' ' && lx->text[lx->pos - 1] != '\t' &&
		    lx->text[lx->pos - 1] != '\r')
			end = lx->pos;
	}
	skip_space(lx);
	*n = end - start;
	return lx->text + start;
}

void sb_lex_position(const char *text, size_t offset, unsigned *line, unsigned *column)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*column = c;
}

const char *sb_lex_quote(const char *s, size_t n, char *buf, size_t size)
{
	size_t o = 0;
	if (n == 0) {
		snprintf(buf, size, "end of line");
		return buf;
	}
	buf[0] = '\'';
	o = 1;
	for (size_t i = 0; i < n && o + 8 < size; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (i == 60 && n > 64) {
			o += (size_t)snprintf(buf + o, size - o, "...");
			break;
		}
		if (ch >= 0x20 && ch < 0x7f && ch != '\\' && ch != '\'')
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", ch);
	}
	if (o + 2 <= size) {
		buf[o++] = '\'';
		buf[o] = '\0';
	} else {
		buf[size - 1] = '\0';
	}
	return buf;
}

bool sb_tok_is(const struct sb_lexer *lx, struct sb_token t, const char *w)
{
	size_t l = strlen(w);
	return t.kind == TOK_WORD && t.len == l && !memcmp(lx->text + t.start, w, l);
}
