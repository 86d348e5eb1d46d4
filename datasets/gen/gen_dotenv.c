/*
 * gen_dotenv — write one deterministic dotenv file of an exact size.
 *
 *   gen_dotenv --bytes 256M [--seed S] [--style typical|mixed|quoted]
 *              [-o FILE] [--manifest]
 *
 * Why: the big-file benchmarks and the chunked-reading tests need inputs of
 * hundreds of MiB that nobody should commit. The same arguments always
 * give the same bytes (check with sha256sum), so a figure or a failure
 * can be reproduced anywhere from its command line.
 *
 * With -o, nothing but the manifest goes to stdout; --manifest prints the
 * number of definitions written (the ground truth a parser must report).
 * Without -o the text goes to stdout and the manifest to stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_dotenv_lib.h"

static const char usage[] =
    "usage: gen_dotenv [--bytes N] [--seed S] [--style STYLE] [-o FILE] [--manifest]\n"
    "  --bytes N      exact size of the output; suffix K, M or G (default 1M)\n"
    "  --seed S       PRNG seed, decimal or 0x-hex (default 1)\n"
    "  --style STYLE  typical (default): KEY=value lines of 30-60 bytes\n"
    "                 mixed: + comments, blank lines, export, quotes, inline comments\n"
    "                 quoted: mostly quoted values, some multi-line\n"
    "  -o FILE        write to FILE instead of stdout\n"
    "  --manifest     print the number of variables written (stdout with -o,\n"
    "                 else stderr)\n";

static int file_sink(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : 1;
}

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "gen_dotenv: %s '%s'\n%s", what, arg ? arg : "", usage);
    return 2;
}

int main(int argc, char **argv)
{
    uint64_t bytes = 1u << 20, seed = 1;
    gd_style style = GD_STYLE_TYPICAL;
    const char *out_path = NULL;
    int manifest = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--manifest") == 0) {
            manifest = 1;
        } else if (strcmp(a, "--bytes") == 0) {
            if (gd_parse_size(v, &bytes) != 0)
                return bad("--bytes takes a size like 256M, not", v);
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            if (gd_parse_u64(v, &seed) != 0)
                return bad("--seed takes a number, not", v);
            i++;
        } else if (strcmp(a, "--style") == 0) {
            if (!v || gd_style_from_name(v, &style) != 0)
                return bad("unknown --style", v);
            i++;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!v)
                return bad("missing file after", a);
            out_path = v;
            i++;
        } else {
            return bad("unknown argument", a);
        }
    }

    FILE *out = stdout;
    if (out_path && !(out = fopen(out_path, "wb"))) {
        fprintf(stderr, "gen_dotenv: %s: %s\n", out_path, strerror(errno));
        return 1;
    }
    gd_gen g;
    gd_init(&g, seed, style);
    int rc = gd_write(&g, bytes, file_sink, out);
    if (out != stdout ? fclose(out) != 0 : fflush(out) != 0)
        rc = 1;
    if (rc != 0) {
        fprintf(stderr, "gen_dotenv: cannot write %s: %s\n",
                out_path ? out_path : "stdout", rc < 0 ? "out of memory" : strerror(errno));
        return 1;
    }
    if (manifest)
        fprintf(out_path ? stdout : stderr, "%llu\n", (unsigned long long)g.variables);
    return 0;
}
