/* Cooperative cost games: the maths of cost sharing, on a characteristic
 * function given as an array, with no model in sight (so that it is tested
 * on hand-made and textbook games).
 *
 * A cost game on n players has cost[S] for every coalition S, a bit set
 * (bit i = player i), S = 0 .. 2^n - 1, with cost[0] = 0; N = 2^n - 1 is the
 * grand coalition.  An allocation x (n values) is efficient when x(N) =
 * cost[N].  The excess of S under x is x(S) - cost[S]: what S pays beyond
 * its own cost, its complaint; x is in the core when no excess is positive.
 *
 * Cost games and savings games: the savings game v(S) = sum_{i in S}
 * cost[{i}] - cost[S] gives member i the saving y_i = cost[{i}] - x_i, and
 * the excess v(S) - y(S) of the savings game equals x(S) - cost[S].  So the
 * nucleolus and least core of a cost game are those of its savings game
 * read back through x_i = cost[{i}] - y_i, and the textbook results on
 * profit games apply unchanged (test_share.c converts a published savings
 * game that way).
 *
 * Every function returns 0 or a negative TERROIR_E* code with the last
 * error set; outputs are written only on success. */
#ifndef TERROIR_SHARE_GAME_H
#define TERROIR_SHARE_GAME_H

#include <stddef.h>
#include <stdint.h>

/* Players of a game handled by the exact methods (2^n coalitions). */
#define SHARE_GAME_MAX_PLAYERS 16

typedef struct share_game {
    size_t n;
    const double *cost; /* 2^n entries, cost[0] = 0 */
} share_game;

/* A coalition and its excess under some allocation. */
typedef struct share_excess {
    uint64_t members;
    double excess;
} share_excess;

/* Absolute tolerance used for the game's comparisons: 1e-7 x max(1,
 * |largest cost|). */
double share__tolerance(const share_game *g);

/* Shapley value, exact: phi_i = sum over S not containing i of
 * |S|! (n - |S| - 1)! / n! (cost[S + i] - cost[S]). */
int share__shapley(const share_game *g, double *phi);

/* Orders of joining for the sampled Shapley value: `samples` random
 * permutations of 0..n-1 (Fisher-Yates on a splitmix64 stream from
 * `seed`), written row after row into orders (samples x n). */
void share__shapley_orders(size_t n, size_t samples, unsigned long seed, uint8_t *orders);

/* The sampled Shapley value (Castro, Gomez & Tejada 2009): the mean of each
 * player's marginal cost over the orders, and the half-width of its 95%
 * confidence interval (1.96 x standard error).  cost_of(S) gives the cost
 * of coalition S (every prefix of every order must be known to it). */
int share__shapley_sampled(size_t n, size_t samples, const uint8_t *orders,
                           double (*cost_of)(uint64_t members, void *data), void *data,
                           double *phi, double *half_width);

/* Least core: the smallest e such that an efficient x has x(S) <= cost[S] +
 * e for every S other than the empty set and N; *epsilon <= 0 exactly when
 * the core is not empty.  Individual rationality x_i <= cost[{i}] is part
 * of the singletons' rows.  x (may be NULL) receives one such allocation. */
int share__least_core(const share_game *g, double *epsilon, double *x);

/* Nucleolus: the efficient allocation whose excesses, sorted from largest
 * to smallest, are lexicographically smallest (Schmeidler 1969), over the
 * imputations (x_i <= cost[{i}]) when sum_i cost[{i}] >= cost[N], else over
 * every efficient allocation (the prenucleolus).  Computed by the sequence
 * of LPs of Maschler, Peleg & Shapley (1979): each LP minimises the largest
 * excess of the coalitions not yet fixed; the coalitions whose row has a
 * non-zero dual are tight in every optimum and are fixed at that excess;
 * coalitions whose x(S) the fixed ones determine drop out; at most n LPs.
 * *least_core (may be NULL) receives the first LP's value. */
int share__nucleolus(const share_game *g, double *x, double *least_core);

/* Equal-profit method (Frisk, Goethe-Lundgren, Joernsten & Roennqvist
 * 2010): minimise the largest difference between two members' relative
 * costs x_i / cost[{i}] (equivalently, relative savings) subject to
 * efficiency and the core rows x(S) <= cost[S] + relax.  relax is 0 when the
 * core is not empty; the caller passes the least-core epsilon otherwise
 * (the EPM then lives in the least core).  Members with cost[{i}] <= 0 have
 * no relative saving and only the core rows bind them. */
int share__epm(const share_game *g, double relax, double *x);

/* Core check: the coalitions (not empty, not N) whose excess under x is
 * above tol, largest first.  *out (caller frees; NULL when none) and
 * *count. */
int share__blocking(const share_game *g, const double *x, double tol, share_excess **out,
                    size_t *count);

/* A coalition S (at least 2 players) costs more than a two-part partition
 * of it: cost[S] > cost[T] + cost[S \ T] + tol.  Writes the T with the
 * smallest sum and that sum, and returns 1; 0 when no partition is
 * cheaper. */
int share__partition_cheaper(const share_game *g, uint64_t members, double tol, uint64_t *part,
                             double *part_cost);

#endif
