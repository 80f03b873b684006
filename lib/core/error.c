/* The thread-local last error.  One slot per thread holds a terroir_error and
 * copies of its strings; no other global mutable state exists in the library.
 * Memory of the slot is released by terroir_error_clear(), replaced by the
 * next error, or freed when the thread exits: a pthread key, created once,
 * carries a destructor for that (its value is only a marker that the slot
 * holds memory). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

typedef struct error_slot {
    terroir_error error;
    int active;
    char *message;
    char *file;
    char *field;
} error_slot;

static _Thread_local error_slot slot;

static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;
static int exit_key_ok;

static void slot_release(void)
{
    free(slot.message);
    free(slot.file);
    free(slot.field);
    memset(&slot, 0, sizeof slot);
}

/* Runs at thread exit while the thread's slot still exists. */
static void release_at_exit(void *marker)
{
    (void)marker;
    slot_release();
}

static void exit_key_create(void)
{
    exit_key_ok = pthread_key_create(&exit_key, release_at_exit) == 0;
}

/* Ask for the slot to be released when the thread exits. */
static void arm_exit_release(void)
{
    pthread_once(&exit_key_once, exit_key_create);
    if (exit_key_ok && !pthread_getspecific(exit_key))
        pthread_setspecific(exit_key, &slot);
}

void core__error_reset(void)
{
    if (slot.active || slot.message || slot.file || slot.field)
        slot_release();
}

static int set_error(int code, const char *file, unsigned long line, unsigned long column,
                     const char *field, const char *fmt, va_list ap) CORE_PRINTF(6, 0);

static int set_error(int code, const char *file, unsigned long line, unsigned long column,
                     const char *field, const char *fmt, va_list ap)
{
    char *message = core__vasprintf(core__t(fmt), ap);
    slot_release();
    slot.message = message;
    slot.file = file ? core__strdup(file) : NULL;
    slot.field = field ? core__strdup(field) : NULL;
    slot.error.code = code;
    slot.error.message = message ? message : terroir_strerror(code);
    slot.error.file = slot.file;
    slot.error.line = line;
    slot.error.column = column;
    slot.error.field = slot.field;
    slot.active = 1;
    arm_exit_release();
    return code;
}

int core__error(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(code, NULL, 0, 0, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int core__error_at(int code, const char *file, unsigned long line, unsigned long column,
                   const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(code, file, line, column, field, fmt, ap);
    va_end(ap);
    return code;
}

int core__error_copy(const terroir_error *err)
{
    return core__error_at(err->code, err->file, err->line, err->column, err->field, "%s",
                          err->message);
}

const terroir_error *terroir_error_last(void)
{
    return slot.active ? &slot.error : NULL;
}

void terroir_error_clear(void)
{
    slot_release();
}

const char *terroir_strerror(int code)
{
    switch (code) {
    case TERROIR_OK: return CORE_N("success");
    case TERROIR_EINVAL: return CORE_N("invalid argument");
    case TERROIR_ENOMEM: return CORE_N("out of memory");
    case TERROIR_EIO: return CORE_N("input/output error");
    case TERROIR_EINPUT: return CORE_N("invalid input data");
    case TERROIR_ENOTFOUND: return CORE_N("not found");
    case TERROIR_ESOLVER: return CORE_N("solver failure");
    case TERROIR_ECANCELED: return CORE_N("canceled");
    case TERROIR_EINTERNAL: return CORE_N("internal error");
    default: return CORE_N("unknown error");
    }
}

void terroir_free(void *ptr)
{
    free(ptr);
}
