/*
 * fuzz_config.c — the structured config parsers under fuzzing (INI,
 * .properties, JSON, TOML), each with the checks of fuzz_lines.h: records in
 * order and inside the input, diagnostics inside the input, no state
 * leaking from one file to the next. Every input is read by every parser.
 * Generic YAML config (yaml_config.c) is fuzzed by fuzz_yaml.c, whose
 * "config.yaml" reading goes there (YAML counts CR, NEL, LS and PS as
 * line breaks, which fuzz_lines.h does not).
 */
#include "fuzz_lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_check_format(data, size, ENVSCAN_FORMAT_INI, "fuzz.ini");
    fz_check_format(data, size, ENVSCAN_FORMAT_PROPERTIES, "fuzz.properties");
    fz_check_format(data, size, ENVSCAN_FORMAT_JSON, "config.json");
    fz_check_format(data, size, ENVSCAN_FORMAT_TOML, "config.toml");
    return 0;
}
