/*
 * gen_polyglot — write a deterministic tree of source files in the nine
 * languages envscan reads usages from, most of them without any.
 *
 *   gen_polyglot [--files N] [--dirs D] [--seed S] [--usage-ratio R]
 *                [--manifest FILE] DIR
 *
 * Why: the usage scanner's promise is that a source file without an
 * environment variable costs only the anchor prefilter, so a tree of real
 * code (where few files read the environment) scans about as fast as a
 * grep over it. bench/bench_usage.sh measures that on this tree against
 * `rg -c getenv`. A fraction R of the files hold 1-3 usages each, in the
 * idioms of their language; every other file holds none, but their
 * comments and strings carry words near the anchors ("environment",
 * "Envelope", "seven") so the prefilter has candidates to reject, as it
 * does in real code. The manifest is the ground truth: how many usages
 * the files hold (all in code, none in comments or strings).
 *
 * Every byte comes from one seeded PRNG: the same arguments give
 * byte-identical trees. Plain C11, nothing of envscan's.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_dotenv_lib.h"

static const char usage_text[] =
    "usage: gen_polyglot [--files N] [--dirs D] [--seed S] [--usage-ratio R]\n"
    "                    [--manifest FILE] DIR\n"
    "  --files N        files to write (default 2000)\n"
    "  --dirs D         directories (default files/25, at least 1)\n"
    "  --seed S         PRNG seed (default 1)\n"
    "  --usage-ratio R  fraction of files with usages, 0..1 (default 0.05)\n"
    "  --manifest FILE  write the ground truth (JSON) to FILE\n";

#define PICK(r, a) ((a)[gd_rng_below((r), (uint32_t)(sizeof(a) / sizeof((a)[0])))])

static const char *const idents[] = {"count", "user", "items", "result", "buffer", "offset",
                                     "handler", "config", "total", "index", "value", "name",
                                     "request", "response", "cache", "limit", "parser"};
static const char *const words[] = {"the", "environment", "value", "Envelope", "is", "seven",
                                    "read", "cache", "request", "server", "inventory", "of",
                                    "parse", "token", "events", "venue", "for", "loop"};

/* A language: its extension, a comment leader, and printf formats of
 * ordinary lines (%s ident, %s word, %u number) and of one usage (%s key). */
typedef struct lang {
    const char *ext, *comment;
    const char *lines[4];
    const char *use;
} lang;

static const lang langs[] = {
    {"js", "//",
     {"const %s = compute(\"%s\", %u);\n", "  if (%s.length > 0) { return \"%s\" + %u; }\n",
      "export function %s(%s) { return %u; }\n", "  %s.push({ kind: \"%s\", n: %u });\n"},
     "const v = process.env.%s;\n"},
    {"py", "#",
     {"%s = compute(\"%s\", %u)\n", "    if %s: return \"%s\" * %u\n",
      "def %s(%s=%u):\n", "    %s.append((\"%s\", %u))\n"},
     "v = os.environ.get(\"%s\")\n"},
    {"go", "//",
     {"\t%s := compute(\"%s\", %u)\n", "\tif %s != nil { return \"%s\", %u }\n",
      "func %s(%s int) int { return %u }\n", "\t%s = append(%s, %u)\n"},
     "\tv := os.Getenv(\"%s\")\n"},
    {"java", "//",
     {"    int %s = compute(\"%s\", %u);\n", "    if (%s != null) { return \"%s\" + %u; }\n",
      "  public int %s(int %s) { return %u; }\n", "    %s.add(\"%s\", %u);\n"},
     "    String v = System.getenv(\"%s\");\n"},
    {"cs", "//",
     {"    var %s = Compute(\"%s\", %u);\n", "    if (%s != null) { return \"%s\" + %u; }\n",
      "  public int %s(int %s) => %u;\n", "    %s.Add(\"%s\", %u);\n"},
     "    var v = Environment.GetEnvironmentVariable(\"%s\");\n"},
    {"rb", "#",
     {"%s = compute(\"%s\", %u)\n", "  return \"%s\" * %u if %s\n", "def %s(%s = %u)\n",
      "  %s << [\"%s\", %u]\n"},
     "v = ENV[\"%s\"]\n"},
    {"php", "//",
     {"$%s = compute('%s', %u);\n", "  if ($%s) { return '%s' . %u; }\n",
      "function %s($%s = %u) {}\n", "  $%s[] = ['%s', %u];\n"},
     "$v = getenv('%s');\n"},
    {"rs", "//",
     {"    let %s = compute(\"%s\", %u);\n", "    if %s.is_some() { return \"%s\".len() + %u; }\n",
      "fn %s(%s: u32) -> u32 { %u }\n", "    %s.push((\"%s\", %u));\n"},
     "    let v = std::env::var(\"%s\");\n"},
    {"c", "/*",
     {"    int %s = compute(\"%s\", %u);\n", "    if (%s) return strlen(\"%s\") + %u;\n",
      "static int %s(int %s) { return %u; }\n", "    %s[i] = lookup(\"%s\", %u);\n"},
     "    const char *v = getenv(\"%s\");\n"},
};

static int fail(const char *what, const char *path)
{
    fprintf(stderr, "gen_polyglot: %s %s: %s\n", what, path, strerror(errno));
    return 1;
}

/* One ordinary line of language l at p; its length. Every fourth is a
 * comment, as in real code. */
static int ordinary_line(char *p, gd_rng *r, const lang *l)
{
    if (gd_rng_below(r, 4) == 0) {
        const char *tail = strcmp(l->comment, "/*") == 0 ? " */" : "";
        return sprintf(p, "%s %s %s %s %s%s\n", l->comment, PICK(r, words), PICK(r, words),
                       PICK(r, words), PICK(r, words), tail);
    }
    const char *fmt = l->lines[gd_rng_below(r, 4)];
    /* every format takes (ident, word, number) in some order */
    const char *a = PICK(r, idents), *b = PICK(r, words);
    unsigned n = gd_rng_below(r, 1000);
    if (fmt == l->lines[1] && l->ext[0] == 'r' && l->ext[1] == 'b')
        return sprintf(p, fmt, b, n, a);
    if (fmt == l->lines[2] || (fmt == l->lines[3] && strcmp(l->ext, "go") == 0))
        return sprintf(p, fmt, a, a, n);
    return sprintf(p, fmt, a, b, n);
}

int main(int argc, char **argv)
{
    unsigned long files = 2000, dirs = 0, seed = 1;
    double ratio = 0.05;
    const char *manifest = NULL, *root = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--files") == 0 && v)
            files = strtoul(v, NULL, 10), i++;
        else if (strcmp(argv[i], "--dirs") == 0 && v)
            dirs = strtoul(v, NULL, 10), i++;
        else if (strcmp(argv[i], "--seed") == 0 && v)
            seed = strtoul(v, NULL, 10), i++;
        else if (strcmp(argv[i], "--usage-ratio") == 0 && v)
            ratio = strtod(v, NULL), i++;
        else if (strcmp(argv[i], "--manifest") == 0 && v)
            manifest = v, i++;
        else if (argv[i][0] != '-' && !root)
            root = argv[i];
        else {
            fputs(usage_text, stderr);
            return 2;
        }
    }
    if (!root || ratio < 0 || ratio > 1) {
        fputs(usage_text, stderr);
        return 2;
    }
    if (dirs == 0)
        dirs = files / 25 ? files / 25 : 1;
    if (mkdir(root, 0777) != 0 && errno != EEXIST)
        return fail("cannot create", root);
    gd_rng r;
    gd_rng_seed(&r, seed);
    static char buf[16384], path[4096];
    unsigned long long bytes = 0, usage_files = 0, usages = 0;
    for (unsigned long d = 0; d < dirs; d++) {
        snprintf(path, sizeof path, "%s/m%03lu", root, d % 100);
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return fail("cannot create", path);
        snprintf(path, sizeof path, "%s/m%03lu/d%05lu", root, d % 100, d);
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return fail("cannot create", path);
    }
    const uint32_t per_million = (uint32_t)(ratio * 1e6);
    for (unsigned long f = 0; f < files; f++) {
        const lang *l = &langs[gd_rng_below(&r, sizeof langs / sizeof langs[0])];
        const size_t target = 1024 + gd_rng_below(&r, 7 * 1024);
        const bool uses = gd_rng_below(&r, 1000000) < per_million;
        unsigned nuse = uses ? 1 + gd_rng_below(&r, 3) : 0;
        size_t n = 0;
        if (strcmp(l->ext, "php") == 0) /* outside <?php is HTML, not code */
            n += (size_t)sprintf(buf, "<?php\n");
        while (n < target) {
            if (nuse && gd_rng_below(&r, 8) == 0) {
                char key[80];
                gd_random_key(&r, key);
                n += (size_t)sprintf(buf + n, l->use, key);
                nuse--;
                usages++;
                continue;
            }
            n += (size_t)ordinary_line(buf + n, &r, l);
        }
        while (nuse) { /* the file ended before its usages did */
            char key[80];
            gd_random_key(&r, key);
            n += (size_t)sprintf(buf + n, l->use, key);
            nuse--;
            usages++;
        }
        usage_files += uses;
        unsigned long d = f % dirs;
        snprintf(path, sizeof path, "%s/m%03lu/d%05lu/f%06lu.%s", root, d % 100, d, f, l->ext);
        FILE *out = fopen(path, "wb");
        if (!out)
            return fail("cannot create", path);
        if (fwrite(buf, 1, n, out) != n || fclose(out) != 0)
            return fail("cannot write", path);
        bytes += n;
    }
    if (manifest) {
        FILE *m = fopen(manifest, "w");
        if (!m)
            return fail("cannot create", manifest);
        fprintf(m,
                "{\n  \"generator\": \"gen_polyglot\",\n  \"seed\": %lu,\n  \"files\": %lu,\n"
                "  \"dirs\": %lu,\n  \"bytes\": %llu,\n  \"usage_files\": %llu,\n"
                "  \"usages\": %llu\n}\n",
                seed, files, dirs, bytes, usage_files, usages);
        if (fclose(m) != 0)
            return fail("cannot write", manifest);
    }
    return 0;
}
