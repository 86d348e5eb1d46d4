/*
 * fuzz_systemd.c — the systemd unit parser under fuzzing, with the checks
 * of fuzz_lines.h.
 */
#include "fuzz_lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_check_format(data, size, ENVSCAN_FORMAT_SYSTEMD, "fuzz.service");
    return 0;
}
