/* Tokens of the minijail policy syntax, scanned from a file held in memory. Tokens keep
 * their offset into the file so every message can name line and column exactly, even
 * across `\` line continuations. */
#ifndef SB_POLICY_LEX_H
#define SB_POLICY_LEX_H

#include <stdbool.h>
#include <stddef.h>

enum sb_tok {
	TOK_END,        /* end of the logical line (or of the file) */
	TOK_WORD,       /* name, keyword, constant, argN, @directive or @group, kill-process */
	TOK_NUMBER,     /* 0x1f, 017, 42 (a leading '-' is its own token) */
	TOK_COLON, TOK_SEMI, TOK_LPAREN, TOK_RPAREN, TOK_COMMA,
	TOK_OROR, TOK_ANDAND, TOK_OR, TOK_AND, TOK_TILDE, TOK_MINUS,
	TOK_EQ, TOK_NE, TOK_LT, TOK_LE, TOK_GT, TOK_GE,
	TOK_BAD,        /* a byte no token starts with */
};

struct sb_token {
	enum sb_tok kind;
	size_t start, len;   /* offsets into the text */
};

/* A cursor over one logical line: from `pos` up to the line's end. */
struct sb_lexer {
	const char *text;
	size_t len;        /* end of the logical line */
	size_t pos;        /* next byte */
	/* The token last peeked at position peeked_at, which the next call from there
	 * returns without scanning it again (the parser peeks before most tokens). */
	bool peeked;
	size_t peeked_at;
	struct sb_token peek;
};

/* Offset of the end of the logical line starting at `start`: the '\n' that is not escaped
 * by a `\` right before it (or len). */
size_t sb_lex_line_end(const char *text, size_t len, size_t start);

/* Next token; comments and blank space (including `\`-newline) are skipped, and the line
 * end yields TOK_END without consuming it. */
struct sb_token sb_lex_next(struct sb_lexer *lx);
/* The next token without consuming it. */
struct sb_token sb_lex_peek(struct sb_lexer *lx);

/* The rest of the logical line with comments removed and blanks trimmed (for @include
 * paths); *n receives its length. Consumes it. */
const char *sb_lex_rest(struct sb_lexer *lx, size_t *n);

/* 1-based line and column of an offset. */
void sb_lex_position(const char *text, size_t offset, unsigned *line, unsigned *column);

/* A token or any bytes quoted for a message: printable ASCII as is, other bytes as \xNN,
 * cut with "..." after ~60 bytes. `end of line` for an empty span. Returns buf. */
const char *sb_lex_quote(const char *s, size_t n, char *buf, size_t size);

/* True when the token is exactly the word w. */
bool sb_tok_is(const struct sb_lexer *lx, struct sb_token t, const char *w);

#endif
