/* A small lexer for the whitespace-separated text formats of the benchmark
 * importers (VRPLIB, Solomon, OR-Library): tokens and whole lines with their
 * 1-based line and column, strict number parsing, and error helpers that
 * set the last error with the file position.  Never reads past `len`; the
 * input need not be NUL-terminated and may contain NUL bytes. */
#ifndef TERROIR_IO_TOKENS_H
#define TERROIR_IO_TOKENS_H

#include <stddef.h>

#include "core/core.h"

/* A slice of the input (never NUL-terminated) and where it starts.  Columns
 * count characters (UTF-8 sequences), like libyaml. */
typedef struct io_token {
    const char *s;
    size_t len;
    unsigned long line;
    unsigned long column;
} io_token;

typedef struct io_lexer {
    const char *data;
    size_t len;
    size_t pos;
    unsigned long line;   /* of data[pos] */
    unsigned long column; /* of data[pos] */
    const char *file;     /* name used in messages; borrowed */
} io_lexer;

void io__lex_init(io_lexer *lx, const char *data, size_t len, const char *file);

/* The next whitespace-separated token.  Returns 1 and fills *tok, or 0 at
 * the end of the input (then *tok is an empty token at the end position). */
int io__lex_next(io_lexer *lx, io_token *tok);

/* As io__lex_next() without consuming the token. */
int io__lex_peek(io_lexer *lx, io_token *tok);

/* The next line that holds something other than whitespace, trimmed of
 * surrounding whitespace; the cursor moves to the start of the following
 * line.  Returns 1, or 0 at the end of the input.  When the cursor is in the
 * middle of a line, the rest of that line counts as a line. */
int io__lex_line(io_lexer *lx, io_token *tok);

/* The part of `base` from byte `off` (clamped) of length `n` (clamped), with
 * its column computed; then trimmed of surrounding whitespace. */
io_token io__tok_slice(const io_token *base, size_t off, size_t n);

/* 1 when the token is exactly `word` (ASCII case-insensitive when `nocase`). */
int io__tok_is(const io_token *tok, const char *word, int nocase);

/* Strict decimal number: [+-]? digits [. digits]? or [+-]? . digits, with an
 * optional exponent; finite, at most 64 characters.  Returns 0, or -1 when
 * the token is not such a number. */
int io__tok_double(const io_token *tok, double *out);

/* Strict integer [+-]?digits with |value| <= 1e15.  Returns 0 or -1. */
int io__tok_llong(const io_token *tok, long long *out);

/* Copy of the token as a NUL-terminated string (free with free()); NULL on
 * allocation failure. */
char *io__tok_strdup(const io_token *tok);

/* Set the last error to TERROIR_EINPUT at the token's position in lx->file,
 * with "MESSAGE" formatted from fmt; returns TERROIR_EINPUT. */
int io__lex_error(const io_lexer *lx, const io_token *tok, const char *fmt, ...) CORE_PRINTF(3, 4);

/* Quote a token for a message: up to 32 characters, bytes outside printable
 * ASCII shown as '?', "..." appended when cut.  `buf` needs 40 bytes. */
const char *io__tok_show(const io_token *tok, char buf[40]);

/* Set TERROIR_EINPUT for a token that should be a number:
 * "expected WHAT, got 'TOKEN'" (or "... got end of file"). */
int io__lex_expected(const io_lexer *lx, const io_token *tok, const char *what);

#endif
