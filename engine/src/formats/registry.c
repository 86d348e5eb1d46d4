/*
 * registry.c — the table of formats. Adding a format is one row here plus
 * its module; nothing else in the engine switches on format ids.
 */
#include <string.h>

#include "../internal.h"
#include "es_io.h"

static const es_format_def formats[] = {
    {ENVSCAN_FORMAT_DOTENV, "dotenv", es_dotenv_parse},
    {ENVSCAN_FORMAT_COMPOSE, "compose", es_compose_parse},
    {ENVSCAN_FORMAT_KUBERNETES, "kubernetes", es_kubernetes_parse},
    {ENVSCAN_FORMAT_ACTIONS, "actions", es_actions_parse},
    {ENVSCAN_FORMAT_YAML, "yaml", es_yaml_parse},
    {ENVSCAN_FORMAT_JAVASCRIPT, "javascript", es_usage_parse_javascript},
    {ENVSCAN_FORMAT_PYTHON, "python", es_usage_parse_python},
    {ENVSCAN_FORMAT_GO, "go", es_usage_parse_go},
    {ENVSCAN_FORMAT_JVM, "jvm", es_usage_parse_jvm},
    {ENVSCAN_FORMAT_CSHARP, "csharp", es_usage_parse_csharp},
    {ENVSCAN_FORMAT_RUBY, "ruby", es_usage_parse_ruby},
    {ENVSCAN_FORMAT_PHP, "php", es_usage_parse_php},
    {ENVSCAN_FORMAT_RUST, "rust", es_usage_parse_rust},
    {ENVSCAN_FORMAT_C, "c", es_usage_parse_c},
    {ENVSCAN_FORMAT_SHELL, "shell", es_shell_parse},
    {ENVSCAN_FORMAT_DOCKERFILE, "dockerfile", es_dockerfile_parse},
    {ENVSCAN_FORMAT_SYSTEMD, "systemd", es_systemd_parse},
    {ENVSCAN_FORMAT_INI, "ini", es_ini_parse},
    {ENVSCAN_FORMAT_PROPERTIES, "properties", es_properties_parse},
    {ENVSCAN_FORMAT_JSON, "json", es_json_parse},
    {ENVSCAN_FORMAT_TOML, "toml", es_toml_parse},
};

/* io/ numbers its file classes as envscan_format does */
_Static_assert((int)ES_CLASS_SHELL == (int)ENVSCAN_FORMAT_SHELL &&
                   (int)ES_CLASS_DOCKERFILE == (int)ENVSCAN_FORMAT_DOCKERFILE &&
                   (int)ES_CLASS_COMPOSE == (int)ENVSCAN_FORMAT_COMPOSE &&
                   (int)ES_CLASS_SYSTEMD == (int)ENVSCAN_FORMAT_SYSTEMD &&
                   (int)ES_CLASS_JSON == (int)ENVSCAN_FORMAT_JSON &&
                   (int)ES_CLASS_YAML == (int)ENVSCAN_FORMAT_YAML &&
                   (int)ES_CLASS_TOML == (int)ENVSCAN_FORMAT_TOML &&
                   (int)ES_CLASS_INI == (int)ENVSCAN_FORMAT_INI &&
                   (int)ES_CLASS_PROPERTIES == (int)ENVSCAN_FORMAT_PROPERTIES &&
                   (int)ES_CLASS_JAVASCRIPT == (int)ENVSCAN_FORMAT_JAVASCRIPT &&
                   (int)ES_CLASS_PYTHON == (int)ENVSCAN_FORMAT_PYTHON &&
                   (int)ES_CLASS_GO == (int)ENVSCAN_FORMAT_GO &&
                   (int)ES_CLASS_JVM == (int)ENVSCAN_FORMAT_JVM &&
                   (int)ES_CLASS_CSHARP == (int)ENVSCAN_FORMAT_CSHARP &&
                   (int)ES_CLASS_RUBY == (int)ENVSCAN_FORMAT_RUBY &&
                   (int)ES_CLASS_PHP == (int)ENVSCAN_FORMAT_PHP &&
                   (int)ES_CLASS_RUST == (int)ENVSCAN_FORMAT_RUST &&
                   (int)ES_CLASS_C == (int)ENVSCAN_FORMAT_C,
               "es_file_class and envscan_format disagree");

uint64_t es_format_classes(void)
{
    uint64_t m = 0;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].id != ENVSCAN_FORMAT_DOTENV && (int)formats[i].id < ES_CLASS_MAX)
            m |= ES_CLASS_BIT(formats[i].id);
    return m;
}

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
