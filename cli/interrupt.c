/* Ctrl-C during a solve: the plan found so far is kept.  The signal
 * handler only sets a flag (the one thing a handler may safely do); the
 * progress callback, which the library calls at least every few tenths of
 * a second in every phase, returns it, and the library then ends the solve
 * within about a second with its best complete plan (status interrupted),
 * which the command writes as usual before exiting with 130 (128 +
 * SIGINT, the shell's convention).  The handler stays until the outputs
 * are written, so that a second Ctrl-C cannot cut a file short. */
#include <signal.h>
#include <string.h>

#include "cli.h"

static volatile sig_atomic_t interrupted;
static struct sigaction previous;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void cli_interrupt_begin(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    interrupted = 0;
    sigaction(SIGINT, &sa, &previous);
}

void cli_interrupt_end(void)
{
    sigaction(SIGINT, &previous, NULL);
}

int cli_interrupted(void)
{
    return interrupted != 0;
}
