/* A small YAML document tree with source positions, built from libyaml's
 * event API (yaml_parser_parse), for the strict model loader.
 *
 * Why not yaml_parser_load(): the composer expands aliases (the "billion
 * laughs" attack), keeps no limit on nesting, and accepts several documents.
 * Building our own tree from events lets us refuse anchors, aliases, tags,
 * nesting deeper than a limit and extra documents as soon as they appear,
 * each with the line and column where it starts.
 *
 * All nodes and scalar texts live in one arena owned by the io_ytree, freed
 * in one call; nothing is recursive, so hostile nesting cannot exhaust the
 * C stack. */
#ifndef TERROIR_IO_YAML_TREE_H
#define TERROIR_IO_YAML_TREE_H

#include <stddef.h>

typedef enum io_ykind { IO_YSCALAR = 0, IO_YSEQUENCE = 1, IO_YMAPPING = 2 } io_ykind;

typedef struct io_ynode io_ynode;
struct io_ynode {
    io_ykind kind;
    int plain;            /* scalar: 1 when plain (unquoted, not a block scalar) */
    unsigned long line;   /* 1-based position where the node starts */
    unsigned long column; /* 1-based, in characters (code points) */
    const char *value;    /* scalar: its text, NUL-terminated */
    size_t length;        /* scalar: bytes in value (may hold NUL from "\0") */
    io_ynode *first;      /* sequence: first item; mapping: first key */
    size_t count;         /* sequence: items; mapping: key/value pairs */
    io_ynode *next;       /* next item of the parent sequence, or next key of
                             the parent mapping */
    io_ynode *val;        /* mapping key: its value (never NULL once parsed) */
};

/* A parsed document (opaque). */
typedef struct io_ytree io_ytree;

/* Why parsing stopped: a message without position, and the position. */
typedef struct io_yerror {
    int code;           /* TERROIR_EINPUT or TERROIR_ENOMEM */
    unsigned long line; /* 1-based, 0 when unknown */
    unsigned long column;
    char message[320];
} io_yerror;

/* Parse `len` bytes of YAML into a tree.  The input must be one document
 * whose nesting of sequences and mappings is at most `max_depth` deep; it
 * must be UTF-8 (checked first), and may not use anchors, aliases or tags.
 * A stream with no document, or whose document is an empty plain scalar,
 * is an "empty document".
 * Returns 0 and *out (free with io__ytree_free()), or TERROIR_EINPUT /
 * TERROIR_ENOMEM with `err` filled in; never sets the thread's last error. */
int io__ytree_parse(io_ytree **out, const char *data, size_t len, unsigned int max_depth,
                    io_yerror *err);

/* The root node of the document; never NULL for a parsed tree. */
const io_ynode *io__ytree_root(const io_ytree *tree);

/* Free a tree and every node and string of it.  NULL is a no-op. */
void io__ytree_free(io_ytree *tree);

/* ---- reading scalars (YAML 1.2 core schema, plain scalars only) */

/* 1 for a null: a plain scalar that is empty, "~", "null", "Null" or "NULL". */
int io__ynode_is_null(const io_ynode *n);

/* Parse a plain scalar as a number: integers ("12", "-3", "0x1F", "0o17"),
 * decimals and exponents ("2.5", ".5", "1e3", "-1.5E-2"), ".inf", "-.inf",
 * ".nan" (and their Inf/INF, NaN/NAN spellings).  Quoted scalars are
 * strings, never numbers.  Returns 0 with *out set, or -1 (not a number).
 * Uses strtod(): the caller keeps LC_NUMERIC at "C" (see yaml_read.c). */
int io__ynode_number(const io_ynode *n, double *out);

/* Parse a plain "true" or "false" (exactly these spellings).  Returns 0 with
 * *out = 1 or 0, or -1. */
int io__ynode_bool(const io_ynode *n, int *out);

/* What a node is, for "expected X, got Y" messages: "a sequence",
 * "a mapping", "an empty value", "a quoted string", "a boolean",
 * "a number" or "a string".  Static storage. */
const char *io__ynode_describe(const io_ynode *n);

#endif
