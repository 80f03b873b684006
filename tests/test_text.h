/* Text helpers shared by test programs that compare the library's outputs
 * between runs (tests/test_alloc_fail.c, tests/test_threads.c). */
#ifndef TERROIR_TEST_TEXT_H
#define TERROIR_TEST_TEXT_H

/* Cut `key` and its value from a JSON text in place: from the key (quotes
 * included, e.g. "\"solve_seconds\"") up to the next ',' or '}' at the
 * value's depth.  Nothing when the key is absent.  Used to compare plans
 * without their run times. */
void test_json_cut(char *json, const char *key);

/* The HTML report says how long the solve took ("solved in 0.1 s"): cut
 * that number, in place. */
void test_html_cut_timing(char *html);

#endif
