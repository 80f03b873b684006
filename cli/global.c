/* Options that every command takes, wherever they stand before "--": they
 * are taken out of argv before the command's own parser runs, so that
 * each command need not list them.
 *
 *   --lang fr|en    the language of the output (lang.c)
 *   --base-dir DIR  the folder whose files overlays may name as their
 *                   base (terroir_load_options.base_root); by default the
 *                   current directory, so that the shipped scenarios
 *                   (the files of datasets/scenarios, whose base is
 *                   ../quebec/...) work from the repository root. */
#include <string.h>

#include "cli.h"

const char *cli_base_dir = NULL;

/* The value of option `name` at argv[*i] ("--name VALUE" or
 * "--name=VALUE"), advancing *i past it; NULL when argv[*i] is another
 * word; "" when the value is missing. */
static const char *take_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc)
        return "";
    return argv[++*i];
}

int cli_global_options(int *argc, char **argv)
{
    cli_lang_from_env();
    cli_base_dir = NULL;
    const char *lang = NULL;
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *value;
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if ((value = take_value(*argc, argv, &i, "--lang")) != NULL)
            lang = value;
        else if ((value = take_value(*argc, argv, &i, "--base-dir")) != NULL)
            cli_base_dir = value;
        else
            argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    if (lang && cli_lang_set(lang) != 0) {
        if (lang[0])
            cli_errorf("--lang needs 'fr' or 'en', not '%s'", lang);
        else
            cli_errorf("--lang needs a value: 'fr' or 'en'");
        return -1;
    }
    if (cli_base_dir && !cli_base_dir[0]) {
        cli_errorf("--base-dir needs a folder");
        return -1;
    }
    return 0;
}
