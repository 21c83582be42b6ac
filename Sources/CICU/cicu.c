#include "cicu.h"

#include <unicode/udat.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

int pw_icu_version(char *buffer, int capacity) {
    if (buffer == 0 || capacity < U_MAX_VERSION_STRING_LENGTH) return -1;
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, buffer);
    return 0;
}

static UDateFormatSymbolType pw_icu_symbol_type(pw_icu_symbol_kind kind) {
    switch (kind) {
    case PW_ICU_SHORT_MONTHS: return UDAT_SHORT_MONTHS;
    case PW_ICU_STANDALONE_MONTHS: return UDAT_STANDALONE_MONTHS;
    case PW_ICU_STANDALONE_SHORT_MONTHS: return UDAT_STANDALONE_SHORT_MONTHS;
    case PW_ICU_WEEKDAYS: return UDAT_WEEKDAYS;
    case PW_ICU_SHORT_WEEKDAYS: return UDAT_SHORT_WEEKDAYS;
    case PW_ICU_MONTHS:
    default: return UDAT_MONTHS;
    }
}

int pw_icu_date_symbols(const char *locale, pw_icu_symbol_kind kind, char *buffer, int capacity) {
    if (locale == 0 || buffer == 0 || capacity < 1) return -1;
    UErrorCode status = U_ZERO_ERROR;
    UDateFormat *format = udat_open(UDAT_NONE, UDAT_MEDIUM, locale, 0, 0, 0, 0, &status);
    if (U_FAILURE(status) || format == 0) return -1;
    UDateFormatSymbolType type = pw_icu_symbol_type(kind);
    int32_t count = udat_countSymbols(format, type);
    int written = 0;
    int names = 0;
    for (int32_t index = 0; index < count; index++) {
        UChar name[128];
        status = U_ZERO_ERROR;
        int32_t length = udat_getSymbols(format, type, index, name, 128, &status);
        if (U_FAILURE(status) || length <= 0 || length >= 128) continue;  // weekdays have an empty slot 0
        int32_t utf8Length = 0;
        status = U_ZERO_ERROR;
        u_strToUTF8(buffer + written, capacity - written - 1, &utf8Length, name, length, &status);
        if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING
            || written + utf8Length + 2 > capacity) {
            udat_close(format);
            return -1;
        }
        written += utf8Length;
        buffer[written++] = '\n';
        names++;
    }
    buffer[written] = 0;
    udat_close(format);
    return names;
}
