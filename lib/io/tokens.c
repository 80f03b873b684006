/* The importers' lexer: whitespace-separated tokens and trimmed lines with
 * 1-based line and column, and strict number parsing (no hex, no "inf" or
 * "nan", no trailing garbage), so that every malformed token of a benchmark
 * file is reported where it stands.  Bounds: every read checks pos < len. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/tokens.h"

/* Longest token accepted as a number: more digits than this carry no
 * information in a double and only serve hostile input. */
#define TOK_NUMBER_MAX 64

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* A byte that starts a character (not a UTF-8 continuation byte). */
static int starts_char(unsigned char c)
{
    return (c & 0xC0) != 0x80;
}

void io__lex_init(io_lexer *lx, const char *data, size_t len, const char *file)
{
    lx->data = data;
    lx->len = data ? len : 0;
    lx->pos = 0;
    lx->line = 1;
    lx->column = 1;
    lx->file = file;
}

/* Move the cursor over one byte, keeping line and column. */
static void advance(io_lexer *lx)
{
    unsigned char c = (unsigned char)lx->data[lx->pos];
    lx->pos++;
    if (c == '\n') {
        lx->line++;
        lx->column = 1;
    } else if (lx->pos < lx->len && starts_char((unsigned char)lx->data[lx->pos])) {
        lx->column++;
    } else if (lx->pos >= lx->len) {
        lx->column++;
    }
}

int io__lex_next(io_lexer *lx, io_token *tok)
{
    while (lx->pos < lx->len && is_space((unsigned char)lx->data[lx->pos]))
        advance(lx);
    tok->s = lx->data ? lx->data + lx->pos : "";
    tok->len = 0;
    tok->line = lx->line;
    tok->column = lx->column;
    if (lx->pos >= lx->len)
        return 0;
    size_t start = lx->pos;
    while (lx->pos < lx->len && !is_space((unsigned char)lx->data[lx->pos]))
        advance(lx);
    tok->len = lx->pos - start;
    return 1;
}

int io__lex_peek(io_lexer *lx, io_token *tok)
{
    io_lexer copy = *lx;
    return io__lex_next(&copy, tok);
}

int io__lex_line(io_lexer *lx, io_token *tok)
{
    for (;;) {
        /* Skip blanks up to the first character of the line's content. */
        while (lx->pos < lx->len && is_space((unsigned char)lx->data[lx->pos]) &&
               lx->data[lx->pos] != '\n')
            advance(lx);
        if (lx->pos >= lx->len) {
            tok->s = lx->data ? lx->data + lx->pos : "";
            tok->len = 0;
            tok->line = lx->line;
            tok->column = lx->column;
            return 0;
        }
        if (lx->data[lx->pos] == '\n') {
            advance(lx);
            continue;
        }
        tok->s = lx->data + lx->pos;
        tok->line = lx->line;
        tok->column = lx->column;
        size_t start = lx->pos;
        while (lx->pos < lx->len && lx->data[lx->pos] != '\n')
            advance(lx);
        size_t end = lx->pos;
        while (end > start && is_space((unsigned char)lx->data[end - 1]))
            end--;
        tok->len = end - start;
        if (lx->pos < lx->len)
            advance(lx); /* the newline */
        return 1;
    }
}

io_token io__tok_slice(const io_token *base, size_t off, size_t n)
{
    if (off > base->len)
        off = base->len;
    if (n > base->len - off)
        n = base->len - off;
    while (n > 0 && is_space((unsigned char)base->s[off])) {
        off++;
        n--;
    }
    while (n > 0 && is_space((unsigned char)base->s[off + n - 1]))
        n--;
    io_token t;
    t.s = base->s + off;
    t.len = n;
    t.line = base->line;
    /* Each character that starts in [0, off) moves the column by one. */
    t.column = base->column;
    for (size_t i = 0; i < off; i++)
        if (starts_char((unsigned char)base->s[i]))
            t.column++;
    return t;
}

int io__tok_is(const io_token *tok, const char *word, int nocase)
{
    size_t n = strlen(word);
    if (tok->len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)tok->s[i], b = (unsigned char)word[i];
        if (nocase) {
            if (a >= 'A' && a <= 'Z')
                a = (unsigned char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (unsigned char)(b - 'A' + 'a');
        }
        if (a != b)
            return 0;
    }
    return 1;
}

/* Check the strict decimal grammar; returns 1 when it matches. */
static int number_syntax(const char *s, size_t n, int allow_fraction)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < n && is_digit((unsigned char)s[i])) {
        i++;
        digits++;
    }
    if (allow_fraction && i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit((unsigned char)s[i])) {
            i++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (allow_fraction && i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp_digits = 0;
        while (i < n && is_digit((unsigned char)s[i])) {
            i++;
            exp_digits++;
        }
        if (exp_digits == 0)
            return 0;
    }
    return i == n;
}

int io__tok_double(const io_token *tok, double *out)
{
    char buf[TOK_NUMBER_MAX + 1];
    if (tok->len == 0 || tok->len > TOK_NUMBER_MAX || !number_syntax(tok->s, tok->len, 1))
        return -1;
    memcpy(buf, tok->s, tok->len);
    buf[tok->len] = '\0';
    double v = strtod(buf, NULL);
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int io__tok_llong(const io_token *tok, long long *out)
{
    if (tok->len == 0 || tok->len > TOK_NUMBER_MAX || !number_syntax(tok->s, tok->len, 0))
        return -1;
    size_t i = 0;
    int negative = 0;
    if (tok->s[i] == '+' || tok->s[i] == '-')
        negative = tok->s[i++] == '-';
    long long v = 0;
    for (; i < tok->len; i++) {
        v = v * 10 + (tok->s[i] - '0');
        if (v > 1000000000000000LL)
            return -1;
    }
    *out = negative ? -v : v;
    return 0;
}

char *io__tok_strdup(const io_token *tok)
{
    char *p = core__malloc(tok->len + 1);
    if (!p)
        return NULL;
    if (tok->len)
        memcpy(p, tok->s, tok->len);
    p[tok->len] = '\0';
    return p;
}

const char *io__tok_show(const io_token *tok, char buf[40])
{
    size_t n = tok->len < 32 ? tok->len : 32;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)tok->s[i];
        buf[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (tok->len > n) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

int io__lex_error(const io_lexer *lx, const io_token *tok, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    core__vformat_cut(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return core__error_at(TERROIR_EINPUT, lx->file, tok->line, tok->column, NULL, "%s", msg);
}

int io__lex_expected(const io_lexer *lx, const io_token *tok, const char *what)
{
    char buf[40];
    if (tok->len == 0)
        return io__lex_error(lx, tok, "expected %s, got end of file (truncated file?)", what);
    return io__lex_error(lx, tok, "expected %s, got '%s'", what, io__tok_show(tok, buf));
}
