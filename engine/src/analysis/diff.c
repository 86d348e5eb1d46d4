/*
 * diff.c — unified diffs for --dry-run of --fix and sync.
 *
 * The lines both texts share at the start and at the end are set aside
 * first; the changed middle is then aligned by a longest common
 * subsequence over lines (a table of N x M counts). Env files are small,
 * so that is both simple and exact; past LCS_CELLS cells the middle is
 * shown as removed and added whole, so a huge file costs linear time and
 * memory. Hunks have three lines of context and merge when they would
 * overlap, as diff -u does.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fix.h"

enum { CONTEXT = 3 };
#define LCS_CELLS ((size_t)1 << 20)

typedef struct line {
    const uint8_t *p;
    size_t n; /* line end included */
} line;

static line *split(const uint8_t *s, size_t n, size_t *count)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += s[i] == '\n';
    c += n && s[n - 1] != '\n';
    line *v = malloc((c ? c : 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t a = 0; a < n;) {
        const uint8_t *q = memchr(s + a, '\n', n - a);
        size_t e = q ? (size_t)(q - s) + 1 : n;
        v[k++] = (line){s + a, e - a};
        a = e;
    }
    *count = c;
    return v;
}

static bool same(const line *x, const line *y)
{
    return x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

/* The edit script of a -> b: '=' keep, '-' remove, '+' add; NULL on OOM. */
static char *script(const line *a, size_t na, const line *b, size_t nb, size_t *nops)
{
    size_t p = 0, q = 0;
    while (p < na && p < nb && same(&a[p], &b[p]))
        p++;
    while (q < na - p && q < nb - p && same(&a[na - 1 - q], &b[nb - 1 - q]))
        q++;
    const size_t N = na - p - q, M = nb - p - q;
    char *ops = malloc(na + nb + 1);
    if (!ops)
        return NULL;
    size_t k = 0;
    memset(ops, '=', p);
    k = p;
    uint32_t *L = N && M && (N + 1) <= LCS_CELLS / (M + 1)
                      ? malloc((N + 1) * (M + 1) * sizeof *L)
                      : NULL;
    if (L) { /* L[i][j]: LCS of a[p+i ..] and b[p+j ..] (middle only) */
        const size_t W = M + 1;
        for (size_t i = N + 1; i-- > 0;)
            for (size_t j = M + 1; j-- > 0;)
                L[i * W + j] = i == N || j == M ? 0
                               : same(&a[p + i], &b[p + j])
                                   ? L[(i + 1) * W + j + 1] + 1
                                   : (L[(i + 1) * W + j] > L[i * W + j + 1] ? L[(i + 1) * W + j]
                                                                             : L[i * W + j + 1]);
        size_t i = 0, j = 0;
        while (i < N || j < M) {
            if (i < N && j < M && same(&a[p + i], &b[p + j]))
                ops[k++] = '=', i++, j++;
            else if (j == M || (i < N && L[(i + 1) * W + j] >= L[i * W + j + 1]))
                ops[k++] = '-', i++;
            else
                ops[k++] = '+', j++;
        }
        free(L);
    } else {
        memset(ops + k, '-', N);
        k += N;
        memset(ops + k, '+', M);
        k += M;
    }
    memset(ops + k, '=', q);
    k += q;
    *nops = k;
    return ops;
}

static void range(es_buf *out, char sign, size_t start, size_t count)
{
    char t[64];
    /* an empty range names the line before it, as diff -u does */
    if (count == 1)
        snprintf(t, sizeof t, "%c%zu", sign, start + 1);
    else
        snprintf(t, sizeof t, "%c%zu,%zu", sign, count ? start + 1 : start, count);
    es_buf_str(out, t);
}

static void put_line(es_buf *out, char sign, const line *l)
{
    es_buf_add(out, &sign, 1);
    es_buf_add(out, l->p, l->n);
    if (!l->n || l->p[l->n - 1] != '\n')
        es_buf_str(out, "\n\\ No newline at end of file\n");
}

void es_udiff(const char *path, const uint8_t *a, size_t na, const uint8_t *b, size_t nb,
              es_buf *out)
{
    size_t la = 0, lb = 0, nops = 0;
    line *A = split(a, na, &la), *B = split(b, nb, &lb);
    char *ops = A && B ? script(A, la, B, lb, &nops) : NULL;
    size_t *ai = ops ? malloc(2 * (nops + 1) * sizeof *ai) : NULL;
    if (!ai) {
        out->oom = true;
        goto done;
    }
    size_t *bi = ai + nops + 1; /* lines of a and b before op k */
    ai[0] = bi[0] = 0;
    for (size_t k = 0; k < nops; k++) {
        ai[k + 1] = ai[k] + (ops[k] != '+');
        bi[k + 1] = bi[k] + (ops[k] != '-');
    }
    bool header = false;
    for (size_t k = 0; k < nops;) {
        size_t c = k;
        while (c < nops && ops[c] == '=')
            c++;
        if (c == nops)
            break;
        size_t last = c, j = c;
        for (; j < nops && j - last <= 2 * CONTEXT; j++)
            if (ops[j] != '=')
                last = j;
        const size_t s = c > k + CONTEXT ? c - CONTEXT : k;
        const size_t e = last + 1 + CONTEXT < nops ? last + 1 + CONTEXT : nops;
        if (!header) {
            es_buf_str(out, "--- a/");
            es_buf_str(out, path);
            es_buf_str(out, "\n+++ b/");
            es_buf_str(out, path);
            es_buf_str(out, "\n");
            header = true;
        }
        es_buf_str(out, "@@ ");
        range(out, '-', ai[s], ai[e] - ai[s]);
        es_buf_str(out, " ");
        range(out, '+', bi[s], bi[e] - bi[s]);
        es_buf_str(out, " @@\n");
        for (size_t x = s; x < e; x++)
            put_line(out, ops[x] == '=' ? ' ' : ops[x], ops[x] == '+' ? &B[bi[x]] : &A[ai[x]]);
        k = e;
    }
done:
    free(ai);
    free(ops);
    free(A);
    free(B);
}
