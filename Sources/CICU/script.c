#include "cicu.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <string.h>

int32_t pw_icu_script_letters(const char *text, int32_t length, int32_t *counts, int32_t capacity) {
    if ((text == 0 && length > 0) || length < 0 || capacity < 0 || (counts == 0 && capacity > 0)) return -1;
    const uint8_t *bytes = (const uint8_t *)text;
    int32_t index = 0;
    while (index < length) {
        if (bytes[index] < 0x80) {
            // ASCII letters are Latin; skip ICU's lookups for them.
            uint8_t byte = bytes[index++] | 0x20;
            if (byte >= 'a' && byte <= 'z' && USCRIPT_LATIN < capacity) counts[USCRIPT_LATIN]++;
            continue;
        }
        UChar32 scalar;
        U8_NEXT(bytes, index, length, scalar);
        int32_t script;
        if (scalar < 0 || !pw_letter_class(scalar, &script)) continue;
        if (script >= 0 && script < capacity) counts[script]++;
    }
    return USCRIPT_CODE_LIMIT;
}

int pw_icu_script_name(int32_t script, char *buffer, int32_t capacity) {
    if (buffer == 0 || capacity < 5 || script < 0 || script >= USCRIPT_CODE_LIMIT) return -1;
    const char *name = uscript_getShortName((UScriptCode)script);
    if (name == 0 || strlen(name) != 4) return -1;
    memcpy(buffer, name, 5);
    return 0;
}

int32_t pw_icu_script_of(uint32_t codepoint, char *buffer, int32_t capacity) {
    if (codepoint > 0x10FFFF || (buffer != 0 && capacity < 5)) return -1;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)codepoint, &status);
    if (U_FAILURE(status)) return -1;
    if (buffer != 0 && pw_icu_script_name(script, buffer, capacity) != 0) return -1;
    return script;
}
