/* Internal core helpers shared by every module: setting the thread-local last
 * error, building diagnostics lists, a growable string buffer, checked
 * allocation and small numeric helpers.  Never exported. */
#ifndef TERROIR_CORE_H
#define TERROIR_CORE_H

#include <locale.h>
#include <stdarg.h>
#include <stddef.h>

#include <terroir/common.h>

#if defined(__GNUC__)
#define CORE_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CORE_PRINTF(fmt, args)
#endif

/* ---- last error (error.c) */

/* Clear the calling thread's last error; every public entry point calls it
 * first. */
void core__error_reset(void);

/* Set the last error and return `code`, so that callers can write
 * `return core__error(TERROIR_EINVAL, "...")`.  Never fails: when memory is
 * short the message is replaced by terroir_strerror(code). */
int core__error(int code, const char *fmt, ...) CORE_PRINTF(2, 3);

/* Same with a position in an input file and the field concerned (both may be
 * NULL / 0). */
int core__error_at(int code, const char *file, unsigned long line, unsigned long column,
                   const char *field, const char *fmt, ...) CORE_PRINTF(6, 7);

/* Set the last error to a copy of `err` and return its code. */
int core__error_copy(const terroir_error *err);

/* ---- diagnostics (diagnostics.c) */

terroir_diagnostics *core__diags_new(void);

/* Append one problem.  Returns 0 or TERROIR_ENOMEM (the problem is then lost,
 * and the list remembers that it is incomplete). */
int core__diags_add(terroir_diagnostics *d, int code, const char *file, unsigned long line,
                    unsigned long column, const char *field, const char *fmt, ...)
    CORE_PRINTF(7, 8);
int core__diags_vadd(terroir_diagnostics *d, int code, const char *file, unsigned long line,
                     unsigned long column, const char *field, const char *fmt, va_list ap)
    CORE_PRINTF(7, 0);

/* Note a problem that was worked around (e.g. a GLPK failure inside a
 * stage, the stage keeping the best solution found before it): appended to
 * `d` with code TERROIR_ESOLVER unless the same message is already there
 * (a failure repeated in every screening run is noted once).  Never
 * fails: nothing when `d` is NULL, the note lost when memory is short. */
void core__warn(terroir_diagnostics *d, const char *fmt, ...) CORE_PRINTF(2, 3);

/* Sort problems by file position (stable), so messages read top to bottom. */
void core__diags_sort(terroir_diagnostics *d);

/* ---- string buffer (strbuf.c) */

typedef struct core_strbuf {
    char *data;  /* NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
    int failed;  /* an allocation failed: later appends are no-ops */
} core_strbuf;

#define CORE_STRBUF_INIT { NULL, 0, 0, 0 }

void core__sb_append(core_strbuf *sb, const char *s, size_t n);
void core__sb_puts(core_strbuf *sb, const char *s);
void core__sb_printf(core_strbuf *sb, const char *fmt, ...) CORE_PRINTF(2, 3);
void core__sb_vprintf(core_strbuf *sb, const char *fmt, va_list ap) CORE_PRINTF(2, 0);
/* Append a double that reads back exactly (shortest of %.15g/%.17g), never
 * "nan"/"inf" (callers check finiteness first). */
void core__sb_double(core_strbuf *sb, double v);
/* Take the buffer (caller frees with free()); the strbuf is reset.  NULL on
 * failure. */
char *core__sb_take(core_strbuf *sb, size_t *len);
void core__sb_free(core_strbuf *sb);

/* ---- allocation (alloc.c) */

/* The library's only allocator: malloc/calloc/realloc with overflow checks
 * on n * size, and string copies.  NULL on failure (no error set: callers
 * report TERROIR_ENOMEM).  Free with free().  A size of 0 allocates one
 * byte, so NULL always means failure. */
void *core__malloc(size_t size);
void *core__calloc(size_t n, size_t size);
void *core__reallocarray(void *p, size_t n, size_t size);
char *core__strdup(const char *s);
/* The first n bytes of s (which need not be NUL-terminated), terminated. */
char *core__strndup(const char *s, size_t n);
/* Format into a new string (free with free()); NULL on failure. */
char *core__asprintf(const char *fmt, ...) CORE_PRINTF(1, 2);
char *core__vasprintf(const char *fmt, va_list ap) CORE_PRINTF(1, 0);

/* Allocation-failure injection (builds configured with
 * -Dfault_injection=true; elsewhere these do nothing and never fail).
 * core__fault_arm(n, persistent): the n-th allocation of the calling
 * thread from now fails (n >= 1; 0 disarms), and every later one too when
 * `persistent`.  core__fault_failed(): allocations failed since the last
 * arm, and core__fault_calls() allocations attempted since then.
 * core__fault_suspend(1) ... core__fault_suspend(0): allocations in between
 * neither count nor fail (a test inspecting a result).
 * core__fault_fire(): called by each allocation point; 1 when that
 * allocation must fail. */
void core__fault_arm(unsigned long n, int persistent);
unsigned long core__fault_failed(void);
unsigned long core__fault_calls(void);
void core__fault_suspend(int on);
int core__fault_fire(void);

/* ---- utilities (util.c) */

/* Grow *items (of *cap elements of `size` bytes) so that it holds at least
 * `need` elements.  Returns 0 or TERROIR_ENOMEM (items unchanged). */
int core__grow(void **items, size_t *cap, size_t need, size_t size);

/* Per-class values given by a caller (common.h, "Values per temperature
 * class"): copy the n values of `given` (NULL: none) over out[0..n), out
 * holding `count` values, already set to their defaults.  0, or
 * TERROIR_EINVAL (last error set, naming `what`) when n > count. */
int core__enum_values(double *out, size_t count, const double *given, size_t n,
                      const char *what);

/* ---- output files (file.c) */

/* Write `len` bytes to `path` through a temporary file in the same
 * directory, flushed and renamed over `path`: on any failure the previous
 * file is left as it was and the temporary removed.  Non-regular targets
 * (devices, FIFOs) are written in place.  TERROIR_EIO (last error set with
 * the path). */
int core__write_file(const char *path, const char *data, size_t len);
/* `dir` exists as a directory afterwards (created with mode 0777 less the
 * umask when missing), or TERROIR_EIO is set. */
int core__make_dir(const char *dir);

/* Read a whole file (at most max_bytes) into a new NUL-terminated buffer.
 * Errors set the last error: TERROIR_EIO (cannot open/read), TERROIR_EINPUT
 * (larger than max_bytes), TERROIR_ENOMEM. */
int core__read_file(const char *path, size_t max_bytes, char **out, size_t *out_len);
/* The same from the open file descriptor `fd` (named `path` in messages),
 * which the call closes in every case. */
int core__read_fd(int fd, const char *path, size_t max_bytes, char **out, size_t *out_len);

/* 1 if the `len` bytes are valid UTF-8; otherwise 0 and the 1-based line and
 * column of the first bad byte. */
int core__utf8_valid(const char *s, size_t len, unsigned long *line, unsigned long *column);

/* Where text that may hold user strings (ids, names, file names) is cut
 * to fit a fixed buffer, it must be cut between two characters: a byte
 * sequence cut in the middle of one is not UTF-8, and every output that
 * later holds the text (JSON, YAML, CSV, HTML, a Python str) breaks.
 *
 * core__utf8_prefix: the length of the longest prefix of the string `s`
 * that has at most `max` bytes and ends on a character boundary ("%.*s").
 * core__utf8_trim: drop a character that a cut left incomplete at the end
 * of the string `s`.
 * core__vformat_cut: vsnprintf into buf[size], cut on a character
 * boundary when the text does not fit. */
size_t core__utf8_prefix(const char *s, size_t max);
void core__utf8_trim(char *s);
void core__vformat_cut(char *buf, size_t size, const char *fmt, va_list ap) CORE_PRINTF(3, 0);

/* ---- message language (language.c) */

#if defined(__GNUC__)
#define CORE_FORMAT_ARG(n) __attribute__((format_arg(n)))
#else
#define CORE_FORMAT_ARG(n)
#endif

/* Marks a message for the catalog where it cannot be translated at once
 * (static tables); translate it with core__t() where it is used. */
#define CORE_N(msgid) msgid

/* The translation of English `msgid` into `language` (msgid itself when
 * the catalog has none). */
const char *core__tr(terroir_language language, const char *msgid) CORE_FORMAT_ARG(2);
/* The same in the calling thread's message language.  core__error(),
 * core__error_at() and core__diags_add() translate their format with it,
 * so a message is marked for the catalog by being written there. */
const char *core__t(const char *msgid) CORE_FORMAT_ARG(1);
terroir_language core__lang(void);
/* 1 for a language the library knows. */
int core__lang_valid(int language);
/* Make `language` (English when unknown) the thread's message language
 * until core__lang_end(); returns the previous one, to pass to _end. */
terroir_language core__lang_begin(terroir_language language);
void core__lang_end(terroir_language previous);

/* ---- numeric locale (locale.c) */

/* Switch the calling thread to the "C" numeric locale until _end, so that
 * numbers are written and read with a '.' whatever the host's locale.  If
 * the locale object cannot be created, nothing changes. */
typedef struct core_locale {
    locale_t c;
    locale_t old;
} core_locale;
void core__locale_c_begin(core_locale *l);
void core__locale_c_end(core_locale *l);

/* Seconds of a monotonic clock. */
double core__now(void);

/* ---- deadlines and stop requests in long loops (poll.c) */

/* Seconds between two calls of a core_poll's `ask`. */
#define CORE_POLL_PERIOD 0.1

typedef struct core_poll {
    double deadline;          /* core__now() time to stop at; 0: none */
    int (*ask)(void *data);   /* may be NULL; non-zero: stop */
    void *data;
    double next_ask;
    int stop;                 /* 1 once the deadline passed or ask said stop (sticky) */
    int expired;              /* 1 when the deadline was the reason */
} core_poll;

void core__poll_init(core_poll *p, double deadline, int (*ask)(void *data), void *data);
/* 1 when the loop must stop: the deadline passed, or `ask` (called at most
 * every CORE_POLL_PERIOD s) asked to.  NULL: never stops. */
int core__poll(core_poll *p);
/* The same, but the clock is read only every `every` calls (for loops of
 * a few nanoseconds per turn); *counter is the caller's. */
int core__poll_every(core_poll *p, unsigned long *counter, unsigned long every);

/* Format a line (at most 400 bytes, cut beyond on a character boundary)
 * and pass it to a log callback (terroir_log_fn); nothing when `log` is
 * NULL. */
void core__logf(void (*log)(const char *line, void *data), void *data, const char *fmt, ...)
    CORE_PRINTF(3, 4);
void core__vlogf(void (*log)(const char *line, void *data), void *data, const char *fmt,
                 va_list ap) CORE_PRINTF(3, 0);

#endif
