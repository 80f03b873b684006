/* Deadlines and stop requests in long loops (core_poll, core.h).
 *
 * Every loop whose length grows with the instance (matrix fills, neighbour
 * lists, initial solutions, local searches, LP slices) asks core__poll()
 * now and then.  It reads the monotonic clock (tens of nanoseconds) and, at
 * most every CORE_POLL_PERIOD seconds, the owner's `ask` function (which
 * forwards to the caller's progress callback, where a user may cancel): so
 * a stop is seen within a period wherever the loop is, and the callback is
 * not called thousands of times a second.  The first poll always asks, so
 * a stop requested before a phase began ends it at once.  A stop is
 * sticky. */
#include "core/core.h"

void core__poll_init(core_poll *p, double deadline, int (*ask)(void *data), void *data)
{
    p->deadline = deadline > 0 ? deadline : 0;
    p->ask = ask;
    p->data = data;
    p->next_ask = 0; /* the first poll asks: a stop made before is seen at once */
    p->stop = 0;
    p->expired = 0;
}

int core__poll(core_poll *p)
{
    if (!p || p->stop)
        return p ? p->stop : 0;
    double now = core__now();
    if (p->deadline > 0 && now >= p->deadline) {
        p->expired = 1;
        p->stop = 1;
    }
    if (p->ask && now >= p->next_ask) {
        p->next_ask = now + CORE_POLL_PERIOD;
        if (p->ask(p->data))
            p->stop = 1;
    }
    return p->stop;
}

int core__poll_every(core_poll *p, unsigned long *counter, unsigned long every)
{
    if (++*counter < every)
        return p ? p->stop : 0;
    *counter = 0;
    return core__poll(p);
}
