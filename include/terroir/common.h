/* terroir: common definitions — export macro, versions, error codes, the
 * thread-local last error and diagnostics lists.
 *
 * Every fallible function of the library returns 0 on success or one of the
 * negative TERROIR_E* codes below.  On failure, terroir_error_last() tells
 * what went wrong, and where when the error comes from an input file.  Each
 * public entry point clears the last error first, except the functions that
 * only return static names (terroir_strerror, the *_to_string functions) and
 * terroir_error_last itself, so that they can be used while reporting an
 * error.  Outcomes of a solve
 * (infeasible, time limit) are statuses of the plan, never errors. */
#ifndef TERROIR_COMMON_H
#define TERROIR_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* TERROIR_API marks the functions the shared library exports; everything
 * else is built with hidden visibility. */
#if defined(_WIN32)
#  if defined(TERROIR_BUILDING_LIBRARY)
#    define TERROIR_API __declspec(dllexport)
#  else
#    define TERROIR_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && defined(TERROIR_BUILDING_LIBRARY)
#  define TERROIR_API __attribute__((visibility("default")))
#else
#  define TERROIR_API
#endif

/* Compile-time version of the headers.  terroir_version() gives the version
 * of the library actually linked, which may be newer. */
#define TERROIR_VERSION_MAJOR 0
#define TERROIR_VERSION_MINOR 3
#define TERROIR_VERSION_PATCH 0
#define TERROIR_VERSION_STRING "0.3.0"
/* One number that grows with every release: major*10000 + minor*100 + patch. */
#define TERROIR_VERSION_NUMBER                                                  \
    (TERROIR_VERSION_MAJOR * 10000 + TERROIR_VERSION_MINOR * 100 +              \
     TERROIR_VERSION_PATCH)

/* Run-time version string, e.g. "0.2.0".  Never NULL; static storage. */
TERROIR_API const char *terroir_version(void);

/* Run-time version number, same encoding as TERROIR_VERSION_NUMBER. */
TERROIR_API int terroir_version_number(void);

/* Error codes.  0 is success; every error is negative.  New codes may be
 * added at the end in later releases: treat an unknown negative code as a
 * generic failure. */
typedef enum terroir_error_code {
    TERROIR_OK = 0,
    TERROIR_EINVAL = -1,    /* invalid argument or misuse of the API */
    TERROIR_ENOMEM = -2,    /* out of memory */
    TERROIR_EIO = -3,       /* a file could not be opened, read or written */
    TERROIR_EINPUT = -4,    /* bad input data: syntax, schema or validation */
    TERROIR_ENOTFOUND = -5, /* no object with that id or index */
    TERROIR_ESOLVER = -6,   /* the LP/MIP solver failed (not: infeasible) */
    TERROIR_ECANCELED = -7, /* a callback asked to stop */
    TERROIR_EINTERNAL = -8  /* a bug in terroir: please report it */
} terroir_error_code;

/* A short English description of an error code ("invalid argument", ...).
 * Never NULL; static storage; unknown codes give "unknown error". */
TERROIR_API const char *terroir_strerror(int code);

/* One error or one problem found in input data.  All strings are borrowed:
 * see the function that returned the structure for how long they live. */
typedef struct terroir_error {
    int code;            /* a terroir_error_code, never TERROIR_OK */
    const char *message; /* human-readable, without file position; never NULL */
    const char *file;    /* input file or buffer name, or NULL */
    unsigned long line;  /* 1-based line in file, or 0 when unknown */
    unsigned long column;/* 1-based column in file, or 0 when unknown */
    const char *field;   /* the field concerned, e.g. "producers[3].supply[0].quantity",
                            or NULL */
} terroir_error;

/* The last error raised on the calling thread, or NULL when the last public
 * call succeeded.  The structure and its strings stay valid until the next
 * call into the library on this thread. */
TERROIR_API const terroir_error *terroir_error_last(void);

/* Forget the calling thread's last error and release its memory.  Calling it
 * before a thread exits is optional: the memory is also released by
 * the next error or at thread exit where the platform allows. */
TERROIR_API void terroir_error_clear(void);

/* A list of problems, as found by validation or by a loader that keeps going
 * after the first problem to report them all. */
typedef struct terroir_diagnostics terroir_diagnostics;

/* Number of problems in the list; 0 for NULL. */
TERROIR_API size_t terroir_diagnostics_count(const terroir_diagnostics *diags);

/* Problem i (0-based), or NULL when i is out of range.  Borrowed: lives as
 * long as the list. */
TERROIR_API const terroir_error *terroir_diagnostics_get(const terroir_diagnostics *diags,
                                                         size_t i);

/* Free a list.  NULL is a no-op. */
TERROIR_API void terroir_diagnostics_free(terroir_diagnostics *diags);

/* Languages of the messages meant for people: diagnostics of the loaders
 * and of validation, the HTML report and route sheets.  English is the
 * default and the text of every message; French comes from a catalog
 * compiled into the library (po/fr.po), so it does not depend on the
 * process locale or on installed files.  The library never reads the
 * environment to choose: callers pass the language in the options of the
 * call (terroir_load_options, terroir_solve_options,
 * terroir_report_options). */
typedef enum terroir_language {
    TERROIR_LANGUAGE_EN = 0, /* English */
    TERROIR_LANGUAGE_FR = 1  /* French (Quebec) */
} terroir_language;
#define TERROIR_LANGUAGE_COUNT 2

/* "en", "fr"; "unknown" otherwise.  Static storage. */
TERROIR_API const char *terroir_language_to_string(terroir_language language);

/* The language named `name`: "en" or "fr", or a locale name that starts
 * with one of them ("fr_CA.UTF-8", "en_US").  TERROIR_EINVAL for NULL
 * arguments, TERROIR_ENOTFOUND for any other name. */
TERROIR_API int terroir_language_from_string(terroir_language *out, const char *name);

/* The translation into `language` of the English message `msgid` (the
 * exact text, printf conversions included), or `msgid` itself when the
 * catalog has none or the language is English or unknown.  Never NULL
 * for a non-NULL msgid; static storage or msgid.  For programs that show
 * the library's own wording (the terroir command uses it for its
 * messages, which share the library's catalog). */
TERROIR_API const char *terroir_message_translate(terroir_language language, const char *msgid);

/* Values per temperature class, vehicle dimension, stage or point kind.
 *
 * No public structure embeds an array sized by an enum count
 * (TERROIR_TEMPERATURE_COUNT, TERROIR_DIMENSION_COUNT, TERROIR_STAGE_COUNT,
 * TERROIR_POINT_KIND_COUNT): such a structure holds a pointer to the
 * values, indexed by the enum, and their number in a field named after the
 * enum (n_temperatures, n_dimensions, n_stages, n_point_kinds), shared by
 * the structure's arrays of that enum.  Every structure thus keeps its size
 * and its fields' offsets when a release adds a temperature class, a
 * dimension or a stage, and a program built against fewer values than the
 * library knows goes on working:
 *   - input (specs, options): the caller's array, read during the call.
 *     NULL (whatever the count) gives every value its default; a shorter
 *     array gives the values past its end their defaults; a count larger
 *     than the library's is TERROIR_EINVAL.  The _INIT macros set NULL, 0.
 *   - output of a handle (a plan, a route report, a model read back into a
 *     spec): the library sets the pointer and the count (its own); the
 *     values are borrowed from the handle like its strings.  Read the
 *     entries you know: index < min(count, your header's COUNT).
 *   - output into a structure the caller owns and no handle backs
 *     (terroir_baseline): the caller points it at an array of its own and
 *     sets the count; the library fills min(count, its own) entries.
 * Why not accessor functions (one call per value): specs are both filled by
 * callers and read back from models, and adding an entity must stay one
 * call that leaves the model unchanged on failure.  Why not a trailing,
 * versioned block of arrays: only one array can trail a structure, and
 * structures must keep growing at their end (every spec and options
 * structure adds its new fields at the end, with a new version). */

/* Free memory that the library returned to the caller as a plain buffer
 * (for example a YAML text).  NULL is a no-op. */
TERROIR_API void terroir_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif
