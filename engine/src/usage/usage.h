/*
 * usage.h — environment-variable usages in source code (internal to the
 * engine; see docs/usage.md for what counts as a usage).
 *
 * A source file is read in three steps, each much cheaper than the next
 * and each run only where the previous one found something:
 *   1. the anchor prefilter (kernels: es_anchors) marks every place where
 *      "env" (any case) or "$_S" starts; a file without one costs only
 *      that pass;
 *   2. at each anchor, the identifier around it is compared with the
 *      language's trigger words (getenv, environ, ENV, ...) and the
 *      idiom around it is matched on the bytes (idioms.c), which yields
 *      the key, its position and a default value;
 *   3. only then is the file lexed (lex.c), from its start up to the
 *      idiom, to learn whether the idiom is code or sits in a comment or
 *      a string literal. The lexer goes forward only, so a file is lexed
 *      at most once, and only up to its last matched idiom.
 */
#ifndef ES_USAGE_H
#define ES_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../internal.h"

/* The languages; JVM files are told apart by extension (Java, Kotlin,
 * Scala lex differently). */
typedef enum es_ulang {
    UL_JS,
    UL_PY,
    UL_GO,
    UL_JAVA,
    UL_KOTLIN,
    UL_SCALA,
    UL_CSHARP,
    UL_RUBY,
    UL_PHP,
    UL_RUST,
    UL_C,
    UL_COUNT
} es_ulang;

/* ------------------------------------------------------------- the lexer */

enum { ES_LX_FRAMES = 64, ES_LX_HEREDOCS = 4 };

typedef struct es_lx_frame {
    uint8_t kind;   /* LXF_CODE, LXF_STR, LXF_HEREDOC */
    uint8_t quote;  /* the closing byte */
    uint8_t nq;     /* how many of it close (1, 3 or more) */
    uint8_t interp; /* LXI_*: how code is embedded in the string */
    uint8_t esc;    /* a backslash escapes the next byte */
    uint8_t eol;    /* an unescaped newline ends it (error recovery) */
    uint8_t dbl;    /* a doubled quote is a quote (C# verbatim) */
    uint8_t open;   /* opening bracket of a nesting %-literal, or 0 */
    uint8_t indent; /* heredoc: the terminator may be indented */
    uint8_t php;    /* heredoc: PHP's (code goes on after the label) */
    uint32_t depth; /* code: open braces; nesting literal: open brackets */
    size_t hashes;  /* Rust raw string: '#'s after the closing quote */
    size_t d0, dn;  /* C++ raw delimiter, heredoc label: data[d0..d0+dn) */
} es_lx_frame;

typedef struct es_lexer {
    const uint8_t *p;
    size_t n, pos;
    es_ulang lang;
    bool html; /* PHP: outside <?php ... ?> */
    size_t nframes;
    es_lx_frame f[ES_LX_FRAMES];
    size_t npending; /* Ruby heredocs whose body starts at the next line */
    es_lx_frame pending[ES_LX_HEREDOCS];
    uint8_t special[256]; /* bytes the code state must look at */
} es_lexer;

void es_lex_init(es_lexer *lx, es_ulang lang, const uint8_t *p, size_t n);

/* Is byte `t` code (not inside a comment, a string literal outside its
 * embedded expressions, or PHP's HTML)? Calls must come with t not
 * decreasing. */
bool es_lex_code_at(es_lexer *lx, size_t t);

/* ------------------------------------------------------------- idioms */

/* One usage found by an idiom matcher, before the lexer has confirmed it
 * is code. Keys and values point into the input or into kb. */
typedef struct es_upend {
    const char *key, *val;
    size_t key_len, val_len;
    size_t pos;     /* byte offset of the key */
    uint32_t flags; /* ENVSCAN_RECORD_DYNAMIC */
} es_upend;

/* ES_UBOUND: how far an argument or a literal is looked for (bytes);
 * ES_UBAD_MAX: unreadable idioms reported per file before the scan of
 * that file stops (a file of unclosed `getenv(` is not source code). */
enum { ES_UPEND_MAX = 256, ES_UKB = 16384, ES_UDYN_MAX = 128, ES_UBOUND = 1024,
       ES_UBAD_MAX = 64 };

typedef struct es_umatch {
    es_ulang lang;
    const uint8_t *p;
    size_t n;
    es_upend pend[ES_UPEND_MAX];
    size_t npend;
    char kb[ES_UKB]; /* decoded keys and values */
    size_t kb_used;
    /* an idiom that began but whose key could not be read */
    bool bad;
    size_t bad_pos;
    const char *bad_what;
} es_umatch;

/* Match the idioms of m->lang around the identifier data[s..e), which
 * holds an anchor; appends to m->pend. Returns the position the next
 * match may start at (at least e). */
size_t es_usage_match(es_umatch *m, size_t s, size_t e);

/* Is the identifier p[0..n) one the matchers start from (env, getenv,
 * ENV, $_SERVER, ...; the union over all languages)? Anything else holds
 * an anchor by chance ("Envelope", "environment") and is skipped before
 * the matcher is set up. idioms.c keeps the list beside the matchers. */
bool es_usage_trigger(const uint8_t *p, size_t n);

/* Is byte c part of an identifier in this language? ASCII letters,
 * digits, '_', any byte >= 0x80 (UTF-8), and '$' in JS and PHP. Inline:
 * it runs around every anchor. */
static inline bool es_usage_ident_byte(es_ulang lang, uint8_t c)
{
    return (uint8_t)((c | 0x20) - 'a') < 26 || (uint8_t)(c - '0') < 10 || c == '_' ||
           c >= 0x80 || (c == '$' && (lang == UL_JS || lang == UL_PHP));
}

#endif /* ES_USAGE_H */
