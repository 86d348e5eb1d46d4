/*
 * fuzz_dockerfile.c — the Dockerfile parser under fuzzing, with the checks
 * of fuzz_lines.h.
 */
#include "fuzz_lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_check_format(data, size, ENVSCAN_FORMAT_DOCKERFILE, "Dockerfile");
    return 0;
}
