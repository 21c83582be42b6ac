#include "cicu.h"

#include <unicode/uversion.h>

int pw_icu_version(char *buffer, int capacity) {
    if (buffer == 0 || capacity < U_MAX_VERSION_STRING_LENGTH) return -1;
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, buffer);
    return 0;
}
