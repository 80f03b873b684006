/* The library's allocator: every allocation of lib/ goes through these
 * wrappers (malloc/calloc/realloc/strdup are not called directly), so that
 * a test build can make any one of them fail.
 *
 * Allocation-failure injection, SQLite style (sqlite3FaultSim and the
 * "malloc" test loops of SQLite's test suite): in a build configured with
 * -Dfault_injection=true, core__fault_arm(n) makes the n-th allocation
 * from now on fail, and with `persistent` every later one too.  A test
 * runs an operation for n = 1, 2, ... and checks that each run returns 0
 * or TERROIR_ENOMEM, leaks nothing, and that the next run works, until a
 * run finishes without reaching its n-th allocation
 * (tests/test_alloc_fail.c).  The countdown is per thread, so a run is
 * deterministic and other threads are not disturbed; allocations made by
 * libyaml, GLPK and libc are not counted (they have no allocator hook; see
 * the test's header for how GLPK calls are failed instead).  In ordinary
 * builds the wrappers are plain calls and the fault functions do nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#ifdef TERROIR_FAULT_INJECTION
typedef struct fault_state {
    unsigned long countdown; /* allocations to go before the failing one; 0: disarmed */
    int persistent;          /* keep failing after the first failure */
    int firing;              /* the failure happened and persists */
    unsigned long failed;    /* allocations failed since core__fault_arm() */
    unsigned long calls;     /* allocations attempted since core__fault_arm() */
    int suspended;           /* core__fault_suspend(1) calls not yet undone */
} fault_state;

static _Thread_local fault_state fault;

void core__fault_arm(unsigned long n, int persistent)
{
    fault.countdown = n;
    fault.persistent = persistent;
    fault.firing = 0;
    fault.failed = 0;
    fault.calls = 0;
}

unsigned long core__fault_failed(void)
{
    return fault.failed;
}

unsigned long core__fault_calls(void)
{
    return fault.calls;
}

void core__fault_suspend(int on)
{
    fault.suspended += on ? 1 : -1;
}

int core__fault_fire(void)
{
    if (fault.suspended > 0)
        return 0;
    fault.calls++;
    if (fault.firing) {
        fault.failed++;
        return 1;
    }
    if (fault.countdown == 0 || --fault.countdown > 0)
        return 0;
    fault.failed++;
    fault.firing = fault.persistent;
    return 1;
}
#else
void core__fault_arm(unsigned long n, int persistent)
{
    (void)n;
    (void)persistent;
}

unsigned long core__fault_failed(void)
{
    return 0;
}

unsigned long core__fault_calls(void)
{
    return 0;
}

void core__fault_suspend(int on)
{
    (void)on;
}

int core__fault_fire(void)
{
    return 0;
}
#endif

void *core__malloc(size_t size)
{
    if (core__fault_fire())
        return NULL;
    return malloc(size ? size : 1);
}

void *core__calloc(size_t n, size_t size)
{
    if (core__fault_fire())
        return NULL;
    if (n == 0 || size == 0)
        return calloc(1, 1);
    return calloc(n, size);
}

void *core__reallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if (core__fault_fire())
        return NULL;
    size_t bytes = n * size;
    return realloc(p, bytes ? bytes : 1);
}

char *core__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = core__malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *core__strndup(const char *s, size_t n)
{
    char *p = core__malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *core__vasprintf(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *p = NULL;
    if (n >= 0 && (p = core__malloc((size_t)n + 1)) != NULL)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *core__asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = core__vasprintf(fmt, ap);
    va_end(ap);
    return p;
}
