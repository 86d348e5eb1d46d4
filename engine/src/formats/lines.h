/*
 * lines.h — helpers shared by the line-oriented formats (shell, Dockerfile,
 * systemd units): positions, names, and the end-of-file pass that orders a
 * file's records and marks overridden definitions. Internal.
 */
#ifndef ES_LINES_H
#define ES_LINES_H

#include "../internal.h"

/* Turns byte offsets into 1-based line and byte column. Moves forward and
 * backward from its last answer, so a parser that asks in nearly rising
 * order pays for each byte about once. */
typedef struct es_lc {
    const uint8_t *s;
    size_t n;
    size_t pos;   /* an offset whose line is known               */
    size_t start; /* where that line starts                      */
    uint32_t line;
} es_lc;

void es_lc_init(es_lc *c, const uint8_t *s, size_t n);
void es_lc_at(es_lc *c, size_t pos, uint32_t *line, uint32_t *col);

/* A portable shell name: [A-Za-z_][A-Za-z0-9_]*. Length of the name at
 * s[i..n), 0 when none starts there. */
size_t es_name_len(const uint8_t *s, size_t n, size_t i);
/* Does the `${NAME...}` whose name ends before s[after] have a value
 * when NAME is unset: `:-`, `-`, `:=`, `=` (a default), `:+`, `+` (empty),
 * and with `colon_alone` a lone `:` (Spring's `${NAME:default}`)? `:?`
 * (fail when unset) does not. */
bool es_brace_default(const uint8_t *s, size_t n, size_t after, bool colon_alone);

static inline bool es_is_name_start(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static inline bool es_is_name_char(uint8_t c)
{
    return es_is_name_start(c) || (c >= '0' && c <= '9');
}

/* End of a file: put the records from index `first` on in (line, column)
 * order (stable), then, when `overrides`, flag ENVSCAN_RECORD_OVERRIDDEN
 * on every definition (or config leaf) followed by another of the same
 * kind and key in the same scope. Returns false on out of memory (the sink says so too). */
bool es_lines_finish(es_sink *out, size_t first, bool overrides);

/* A growable byte buffer. It borrows one of the parse workspace's
 * scratch buffers for a file (es_buf_borrow) and hands it back, grown,
 * at the end (es_buf_return), so scanners reuse memory across files. */
typedef struct es_buf {
    char *data;
    size_t len, cap;
    bool oom;
} es_buf;

bool es_buf_grow(es_buf *b, size_t more);
/* Borrow a buffer; it gets storage at once, so that data is never NULL
 * (an empty value is data + 0) unless memory ran out (b->oom). */
static inline void es_buf_borrow(es_buf *b, char **data, size_t *cap)
{
    *b = (es_buf){.data = *data, .cap = *cap};
    if (!b->data)
        es_buf_grow(b, 1);
}
static inline void es_buf_return(es_buf *b, char **data, size_t *cap)
{
    *data = b->data;
    *cap = b->cap;
}
static inline void es_buf_reset(es_buf *b) { b->len = 0; }
static inline void es_buf_put(es_buf *b, const void *p, size_t n)
{
    if (n && (b->cap - b->len >= n || es_buf_grow(b, n))) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
    }
}
static inline void es_buf_putc(es_buf *b, uint8_t c) { es_buf_put(b, &c, 1); }

/* A logical line made of pieces of physical lines (continuations): maps
 * an offset in the joined text back to an offset in the file. */
typedef struct es_segmap {
    es_vec segs; /* struct es_seg, by rising logical offset */
} es_segmap;
typedef struct es_seg {
    size_t at;  /* logical offset where the piece starts */
    size_t src; /* its offset in the file                */
} es_seg;

static inline void es_segmap_init(es_segmap *m) { es_vec_init(&m->segs, sizeof(es_seg)); }
static inline void es_segmap_free(es_segmap *m) { es_vec_free(&m->segs); }
static inline void es_segmap_clear(es_segmap *m) { m->segs.len = 0; }
bool es_segmap_add(es_segmap *m, size_t at, size_t src);
size_t es_segmap_src(const es_segmap *m, size_t at);

/* What a parser of joined (continued) lines carries: the file, the
 * logical line being read (`line`, with `map` back to file offsets), a
 * scratch buffer for processed words (`val`). Both buffers are borrowed
 * from the parse workspace by es_text_init and handed back by
 * es_text_done, which also reports running out of memory to the sink. */
typedef struct es_text {
    const uint8_t *s;
    size_t n;
    es_sink *out;
    es_lc lc;
    es_buf line, val;
    es_segmap map;
    char *tmp_; /* the workspace's tmp buffer while borrowed */
} es_text;

void es_text_init(es_text *x, es_parse_ws *ws, const uint8_t *s, size_t n, es_sink *out);
void es_text_done(es_text *x, es_parse_ws *ws);
/* Start a new logical line, or add the physical piece at file offset
 * src (len bytes) to it. */
void es_text_start(es_text *x);
void es_text_piece(es_text *x, size_t src, size_t len);
/* Line and column of offset `at` of the logical line. */
void es_text_pos(es_text *x, size_t at, uint32_t *line, uint32_t *col);
/* A warning at offset `at` of the logical line. */
void es_text_warn(es_text *x, const char *code, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* UTF-8 encoding of code point u (< 0x110000) into out; returns bytes. */
size_t es_utf8_put(uint32_t u, uint8_t out[4]);

#endif /* ES_LINES_H */
