/*
 * test_ignore.c — gitignore semantics, one rule per row: the rules file
 * text, the directory it sits in (base), a path below the walk root, whether
 * that path is a directory, and the expected decision. Rows follow the
 * order of gitignore(5). test_ignore_git.c checks the same against git.
 */
#include "io_internal.h" /* ES_GLOB_MAX_TOKENS */
#include "io_test.h"

#include <time.h>

enum { N = ES_IGNORE_NONE, I = ES_IGNORE_IGNORE, W = ES_IGNORE_WHITELIST };

static const struct row {
    const char *text, *base, *path;
    int is_dir, want;
} rows[] = {
    /* a pattern without a slash matches the base name at any depth */
    {"foo", "", "foo", 0, I},
    {"foo", "", "a/foo", 0, I},
    {"foo", "", "a/b/foo", 1, I},
    {"foo", "", "foobar", 0, N},
    {"foo", "", "a/foo/b", 0, N}, /* parents are the walk's business */
    {"FOO", "", "foo", 0, N},     /* case matters */
    /* blank lines and comments */
    {"\n\n   \n", "", "x", 0, N},
    {"# foo\nbar", "", "# foo", 0, N},
    {"# foo\nbar", "", "bar", 0, I},
    {"#hash", "", "#hash", 0, N},
    {"\\#hash", "", "#hash", 0, I},
    {" #x", "", " #x", 0, I}, /* not a comment: '#' is not first */
    /* trailing spaces: trimmed unless escaped; tabs and leading spaces kept */
    {"foo   ", "", "foo", 0, I},
    {"foo   ", "", "foo   ", 0, N},
    {"foo\\ ", "", "foo ", 0, I},
    {"foo\\ ", "", "foo", 0, N},
    {"foo \\ ", "", "foo  ", 0, I},
    {"foo\\\\  ", "", "foo\\", 0, I},
    {"foo\t", "", "foo", 0, N},
    {"foo\t", "", "foo\t", 0, I},
    {" foo", "", " foo", 0, I},
    {" foo", "", "foo", 0, N},
    /* CRLF line ends and a UTF-8 byte-order mark, as git reads them */
    {"foo\r\nbar\r\n", "", "foo", 0, I},
    {"foo\r\nbar\r\n", "", "bar", 0, I},
    {"\xEF\xBB\xBF" "foo", "", "foo", 0, I},
    /* negation: the last matching line wins */
    {"*.log\n!keep.log", "", "keep.log", 0, W},
    {"*.log\n!keep.log", "", "other.log", 0, I},
    {"!keep.log\n*.log", "", "keep.log", 0, I},
    {"*.log\n!keep.log\nkeep.log", "", "keep.log", 0, I},
    {"!bang", "", "bang", 0, W},
    {"!bang", "", "!bang", 0, N},
    {"\\!bang", "", "!bang", 0, I},
    {"!", "", "x", 0, N},
    /* a slash at the start or in the middle anchors */
    {"/foo", "", "foo", 0, I},
    {"/foo", "", "a/foo", 0, N},
    {"a/foo", "", "a/foo", 0, I},
    {"a/foo", "", "b/a/foo", 0, N},
    {"/a/foo", "", "a/foo", 0, I},
    {"/hello.*", "", "hello.txt", 0, I},
    {"/hello.*", "", "a/hello.java", 0, N},
    {"hello.*", "", "a/hello.java", 0, I},
    /* a trailing slash: directories only */
    {"build/", "", "build", 1, I},
    {"build/", "", "build", 0, N},
    {"build/", "", "x/build", 1, I},
    {"doc/frotz/", "", "doc/frotz", 1, I},
    {"doc/frotz/", "", "a/doc/frotz", 1, N},
    {"frotz/", "", "a/frotz", 1, I},
    {"!build/", "", "build", 1, W},
    /* '*' does not cross '/' */
    {"*.c", "", "x.c", 0, I},
    {"*.c", "", "a/b/x.c", 0, I},
    {"a/*.c", "", "a/x.c", 0, I},
    {"a/*.c", "", "a/b/x.c", 0, N},
    {"foo/*", "", "foo/test.json", 0, I},
    {"foo/*", "", "foo/bar", 1, I},
    {"foo/*", "", "foo/bar/hello.c", 0, N},
    {"*", "", "a/b/anything", 0, I},
    {"a*b", "", "axxb", 0, I},
    {"x/a*b", "", "x/a/b", 0, N},
    /* '?' is one byte, never '/' */
    {"?.txt", "", "a.txt", 0, I},
    {"?.txt", "", "ab.txt", 0, N},
    {"x/a?b", "", "x/a/b", 0, N},
    {"x/a?b", "", "x/acb", 0, I},
    /* [...] classes */
    {"[abc].txt", "", "b.txt", 0, I},
    {"[abc].txt", "", "d.txt", 0, N},
    {"[a-c]x", "", "bx", 0, I},
    {"[a-c]x", "", "dx", 0, N},
    {"[!a-c]x", "", "dx", 0, I},
    {"[!a-c]x", "", "ax", 0, N},
    {"[^a-c]x", "", "dx", 0, I},
    {"[]]x", "", "]x", 0, I},
    {"[!]]x", "", "]x", 0, N},
    {"[a-]x", "", "-x", 0, I},
    {"[\\]]", "", "]", 0, I},
    {"x[[:digit:]]", "", "x5", 0, I},
    {"x[[:digit:]]", "", "xa", 0, N},
    {"[[:upper:][:digit:]]z", "", "Qz", 0, I},
    {"[[:bogus:]]", "", "b", 0, N},
    {"a[", "", "a[", 0, N}, /* unclosed: matches nothing */
    {"x/[!a]y", "", "x//y", 0, N},
    /* ** forms */
    {"**/foo", "", "foo", 0, I},
    {"**/foo", "", "a/b/foo", 0, I},
    {"**/foo/bar", "", "foo/bar", 0, I},
    {"**/foo/bar", "", "x/y/foo/bar", 0, I},
    {"**/foo/bar", "", "x/foo/y/bar", 0, N},
    {"abc/**", "", "abc/x", 0, I},
    {"abc/**", "", "abc/x/y", 0, I},
    {"abc/**", "", "abc", 1, N},
    {"abc/**", "", "x/abc/y", 0, N},
    {"a/**/b", "", "a/b", 0, I},
    {"a/**/b", "", "a/x/b", 0, I},
    {"a/**/b", "", "a/x/y/b", 0, I},
    {"a/**/b", "", "a/x/c", 0, N},
    {"a/**/b", "", "x/a/b", 0, N},
    {"a/**/b", "", "a/xb", 0, N},   /* ** / is whole directories */
    {"/**/?", "", "ba", 0, N},
    {"/**/?", "", "x/y/b", 0, I},
    {"**/?", "", "b", 0, I},
    {"/**", "", "a/b/c", 0, I},
    {"**", "", "a/b/c", 0, I},
    {"**/", "", "a", 1, I},
    {"**/", "", "a", 0, N},
    {"a/**/", "", "a/b/c", 1, I},
    {"a/**/", "", "a/b", 0, N},
    {"x/a**b", "", "x/axyb", 0, I},
    {"x/a**b", "", "x/a/b", 0, N}, /* not next to '/': a plain '*' */
    {"**a/b", "", "xa/b", 0, I},
    {"**a/b", "", "x/a/b", 0, N},
    /* escapes */
    {"\\*x", "", "*x", 0, I},
    {"\\*x", "", "ax", 0, N},
    {"\\?x", "", "?x", 0, I},
    {"\\?x", "", "ax", 0, N},
    {"\\[x]", "", "[x]", 0, I},
    {"a\\", "", "a", 0, N}, /* trailing backslash: matches nothing */
    /* a file in a subdirectory: matched below it only */
    {"foo", "sub", "sub/foo", 0, I},
    {"foo", "sub", "sub/x/foo", 0, I},
    {"foo", "sub", "foo", 0, N},
    {"foo", "sub", "other/foo", 0, N},
    {"/foo", "sub", "sub/foo", 0, I},
    {"/foo", "sub", "sub/x/foo", 0, N},
    {"x/foo", "sub", "sub/x/foo", 0, I},
    {"x/foo", "sub", "x/foo", 0, N},
    {"*.env", "sub", "subway/a.env", 0, N},
    {"sub", "sub", "sub", 1, N},
    {"*.html\n!foo.html", "Documentation", "Documentation/foo.html", 0, W},
    {"*.html\n!foo.html", "Documentation", "Documentation/gitignore.html", 0, I},
    {"!/vmlinux*", "arch/foo/kernel", "arch/foo/kernel/vmlinux.lds.S", 0, W},
    {"b/c", "a", "a/b/c", 0, I},
    {"**/c", "a/b", "a/b/c", 0, I},
    /* the man page's "everything except foo/bar" */
    {"/*\n!/foo\n/foo/*\n!/foo/bar", "", "foo", 1, W},
    {"/*\n!/foo\n/foo/*\n!/foo/bar", "", "foo/bar", 1, W},
    {"/*\n!/foo\n/foo/*\n!/foo/bar", "", "foo/baz", 1, I},
    {"/*\n!/foo\n/foo/*\n!/foo/bar", "", "other", 0, I},
    {"/*\n!/foo\n/foo/*\n!/foo/bar", "", "foo/bar/deep", 0, N},
};

static void pathological(void)
{
    /* Exponential for a backtracking matcher; linear-ish here. */
    char text[20001];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = 0;
    const char *pats = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
                       "**/a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
                       "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*[b]";
    es_ignore *ig = es_ignore_compile("", pats, strlen(pats));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    es_ignore_match m = es_ignore_matches(ig, text, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(m == ES_IGNORE_NONE, "pathological: %d", m);
    CHECK(s < 2.0, "pathological patterns took %.3f s", s);
    text[sizeof text - 2] = 'b';
    CHECK(es_ignore_matches(ig, text, 0) == ES_IGNORE_IGNORE, "pathological hit");
    es_ignore_free(ig);

    /* A pattern too long to compile fully matches nothing but is no error. */
    size_t n = 3 * (size_t)ES_GLOB_MAX_TOKENS;
    char *longp = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        longp[i] = i % 2 ? '*' : 'a';
    longp[n] = 0;
    ig = es_ignore_compile("", longp, n);
    CHECK(ig != NULL, "long pattern compiles");
    CHECK(es_ignore_matches(ig, "a", 0) == ES_IGNORE_NONE, "long pattern matches nothing");
    es_ignore_free(ig);
    free(longp);
}

int main(void)
{
    size_t n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        es_ignore *ig = es_ignore_compile(r->base, r->text, strlen(r->text));
        CHECK(ig != NULL, "compile");
        es_ignore_match m = es_ignore_matches(ig, r->path, r->is_dir);
        CHECK((int)m == r->want, "row %zu: text \"%s\" base \"%s\" path \"%s\"%s: got %d want %d",
              i, r->text, r->base, r->path, r->is_dir ? " (dir)" : "", m, r->want);
        es_ignore_free(ig);
    }
    printf("%zu table rows\n", n);
    pathological();
    CHECK(es_ignore_matches(NULL, "x", 0) == ES_IGNORE_NONE, "NULL set");
    es_ignore_free(NULL);
    return test_result("test_ignore");
}
