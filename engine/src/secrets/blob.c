/*
 * blob.c — the secrets databases the build compiled (db.c), carried in the
 * library's read-only data. ES_SECRETS_DB and ES_SECRETS_KW_DB are the
 * paths of the serialised patterns and keywords, set by
 * engine/CMakeLists.txt when the build could compile them; without them
 * there is no blob and the databases are compiled at run time.
 */
#include <stddef.h>

#include "secrets.h"

#ifdef ES_SECRETS_DB
#define ES_BLOB(name, path)                                                              \
    __asm__(".pushsection .rodata\n"                                                    \
            ".balign 64\n"                                                              \
            ".globl " #name "_start\n"                                                  \
            ".hidden " #name "_start\n" #name "_start:\n"                              \
            ".incbin \"" path "\"\n"                                                    \
            ".globl " #name "_end\n"                                                    \
            ".hidden " #name "_end\n" #name "_end:\n"                                  \
            ".popsection\n");                                                           \
    extern const char name##_start[], name##_end[]
ES_BLOB(es_secrets_patterns, ES_SECRETS_DB);
ES_BLOB(es_secrets_keywords, ES_SECRETS_KW_DB);

const char *es_secrets_blob(int which, size_t *len)
{
    const char *a = which ? es_secrets_keywords_start : es_secrets_patterns_start;
    const char *b = which ? es_secrets_keywords_end : es_secrets_patterns_end;
    *len = (size_t)(b - a);
    return a;
}
#else
const char *es_secrets_blob(int which, size_t *len)
{
    (void)which;
    *len = 0;
    return NULL;
}
#endif
