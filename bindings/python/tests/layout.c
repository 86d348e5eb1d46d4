/* Prints the layout of the structs that bindings/python/envscan/_native.py
 * mirrors with ctypes, as the compiler sees envscan.h: one line per struct,
 * "name size field:offset:size ...". test_native.py compares the two. */
#include <stddef.h>
#include <stdio.h>

#include "envscan.h"

#define F(type, field)                                                              \
    printf(" %s:%zu:%zu", #field, offsetof(type, field), sizeof(((type *)0)->field))

int main(void)
{
    printf("envscan_record %zu", sizeof(envscan_record));
    F(envscan_record, key); F(envscan_record, key_len); F(envscan_record, value);
    F(envscan_record, value_len); F(envscan_record, file); F(envscan_record, scope);
    F(envscan_record, line); F(envscan_record, column); F(envscan_record, format);
    F(envscan_record, kind); F(envscan_record, flags);
    printf("\nenvscan_file %zu", sizeof(envscan_file));
    F(envscan_file, path); F(envscan_file, format); F(envscan_file, flags);
    F(envscan_file, size); F(envscan_file, first_record); F(envscan_file, record_count);
    printf("\nenvscan_diagnostic %zu", sizeof(envscan_diagnostic));
    F(envscan_diagnostic, code); F(envscan_diagnostic, severity);
    F(envscan_diagnostic, message); F(envscan_diagnostic, file); F(envscan_diagnostic, line);
    F(envscan_diagnostic, column); F(envscan_diagnostic, sys_errno);
    F(envscan_diagnostic, key); F(envscan_diagnostic, fingerprint);
    printf("\nenvscan_link %zu", sizeof(envscan_link));
    F(envscan_link, file); F(envscan_link, line); F(envscan_link, column);
    F(envscan_link, scope); F(envscan_link, kind); F(envscan_link, flags);
    F(envscan_link, target); F(envscan_link, target_file); F(envscan_link, prefix);
    F(envscan_link, key);
    printf("\n");
    return 0;
}
