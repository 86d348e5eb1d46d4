/*
 * registry.c — the table of formats. Adding a format is one row here plus
 * its module; nothing else in the engine switches on format ids.
 */
#include <string.h>

#include "../internal.h"

static const es_format_def formats[] = {
    {ENVSCAN_FORMAT_DOTENV, "dotenv", es_dotenv_parse},
};

const es_format_def *es_format_get(envscan_format id)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].id == id)
            return &formats[i];
    return NULL;
}

const es_format_def *es_format_by_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    return NULL;
}
