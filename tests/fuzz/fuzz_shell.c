/*
 * fuzz_shell.c — the shell parser under fuzzing: every input is read as a
 * POSIX sh file and as a bash file ($'...' quoting on), with the checks of
 * fuzz_lines.h.
 */
#include "fuzz_lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_check_format(data, size, ENVSCAN_FORMAT_SHELL, "fuzz.sh");
    fz_check_format(data, size, ENVSCAN_FORMAT_SHELL, "fuzz.bash");
    return 0;
}
