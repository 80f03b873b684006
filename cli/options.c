/* A small command-line option parser for the subcommands, written by hand
 * rather than with getopt_long so that messages are ours (getopt prints its
 * own), no global state is involved, and options may follow positional
 * arguments on every platform ("terroir import solomon C101.txt -o c.yaml").
 *
 * Accepted forms: --name, --name=VALUE, --name VALUE, -x, -xVALUE, -x VALUE,
 * "--" to end the options, "-" as a positional argument. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_parser_init(cli_parser *p, int argc, char **argv, const cli_option *options,
                     size_t n_options)
{
    memset(p, 0, sizeof *p);
    p->argc = argc;
    p->argv = argv;
    p->next = 1;
    p->options = options;
    p->n_options = n_options;
}

/* The option whose long name is the first `len` bytes of `name`, or NULL.
 * Only exact names match: abbreviations would break when options are added. */
static const cli_option *find_long(const cli_parser *p, const char *name, size_t len)
{
    for (size_t i = 0; i < p->n_options; i++) {
        const char *l = p->options[i].long_name;
        if (l && strlen(l) == len && strncmp(l, name, len) == 0)
            return &p->options[i];
    }
    return NULL;
}

static const cli_option *find_short(const cli_parser *p, char c)
{
    for (size_t i = 0; i < p->n_options; i++)
        if (p->options[i].short_name && p->options[i].short_name == c)
            return &p->options[i];
    return NULL;
}

/* Take the argument of option `o` from the next argv entry. */
static int take_next_arg(cli_parser *p, const cli_option *o, const char *shown)
{
    if (p->next >= p->argc) {
        snprintf(p->error, sizeof p->error, TR("option '%s' requires an argument"), shown);
        return CLI_OPT_ERROR;
    }
    p->arg = p->argv[p->next++];
    return o->id;
}

static int parse_long(cli_parser *p, const char *word)
{
    const char *name = word + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const cli_option *o = find_long(p, name, len);
    if (!o) {
        snprintf(p->error, sizeof p->error, TR("unknown option '--%.*s'"), (int)len, name);
        return CLI_OPT_ERROR;
    }
    if (!o->takes_arg) {
        if (eq) {
            snprintf(p->error, sizeof p->error, TR("option '--%s' takes no argument"), o->long_name);
            return CLI_OPT_ERROR;
        }
        return o->id;
    }
    if (eq) {
        p->arg = eq + 1;
        return o->id;
    }
    return take_next_arg(p, o, word);
}

static int parse_short(cli_parser *p, const char *word)
{
    const cli_option *o = find_short(p, word[1]);
    if (!o) {
        snprintf(p->error, sizeof p->error, TR("unknown option '-%c'"), word[1]);
        return CLI_OPT_ERROR;
    }
    if (o->takes_arg) {
        if (word[2]) {
            p->arg = word + 2;
            return o->id;
        }
        return take_next_arg(p, o, word);
    }
    if (word[2]) {
        /* Flags are not bundled: "-hx" is more likely a typo than two flags. */
        snprintf(p->error, sizeof p->error, TR("unknown option '%s'"), word);
        return CLI_OPT_ERROR;
    }
    return o->id;
}

int cli_parser_next(cli_parser *p)
{
    p->arg = NULL;
    p->error[0] = '\0';
    while (p->next < p->argc) {
        const char *word = p->argv[p->next++];
        if (p->only_positionals || word[0] != '-' || word[1] == '\0') {
            p->arg = word;
            return CLI_OPT_POSITIONAL;
        }
        if (strcmp(word, "--") == 0) {
            p->only_positionals = 1;
            continue;
        }
        if (word[1] == '-')
            return parse_long(p, word);
        return parse_short(p, word);
    }
    return CLI_OPT_END;
}
