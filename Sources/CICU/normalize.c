#include "cicu.h"
#include "thread_state.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static int pw_is_ascii(const char *text, int32_t length) {
    for (int32_t index = 0; index < length; index++) {
        if ((unsigned char)text[index] >= 0x80) return 0;
    }
    return 1;
}

/// `pw_icu_normalize` once the text is known to need ICU; uses this thread's scratch buffers.
static int32_t pw_normalize_utf16(
    const UNormalizer2 *normalizer, const char *text, int32_t length, char *buffer, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    // UTF-16 never has more units than UTF-8 has bytes.
    int32_t sourceCapacity = length + 1;
    UChar *source = pw_thread_scratch(PW_SCRATCH_SOURCE, sourceCapacity);
    if (source == 0) return -1;
    int32_t units = 0;
    int32_t substitutions = 0;
    u_strFromUTF8WithSub(source, sourceCapacity, &units, text, length, 0xFFFD, &substitutions, &status);
    if (U_FAILURE(status)) return -1;

    // Most text is normalized already: the quick check finds that without building a copy.
    if (substitutions == 0 && unorm2_spanQuickCheckYes(normalizer, source, units, &status) == units) {
        return U_SUCCESS(status) ? PW_ICU_UNCHANGED : -1;
    }
    status = U_ZERO_ERROR;
    // NFC rarely grows text; NFKC_Casefold can (U+FDFA becomes 18 units), and a second try covers that.
    int32_t resultCapacity = units + units / 4 + 16;
    UChar *result = pw_thread_scratch(PW_SCRATCH_RESULT, resultCapacity);
    if (result == 0) return -1;
    int32_t resultUnits = unorm2_normalize(normalizer, source, units, result, resultCapacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        resultCapacity = resultUnits;
        result = pw_thread_scratch(PW_SCRATCH_RESULT, resultCapacity);
        if (result == 0) return -1;
        resultUnits = unorm2_normalize(normalizer, source, units, result, resultCapacity, &status);
    }
    if (U_FAILURE(status)) return -1;

    int32_t needed = 0;
    u_strToUTF8(buffer, capacity, &needed, result, resultUnits, &status);
    // Overflow is an answer here: the caller learns the size it needs.
    return U_SUCCESS(status) || status == U_BUFFER_OVERFLOW_ERROR ? needed : -1;
}

int32_t pw_icu_normalize(pw_icu_normal_form form, const char *text, int32_t length, char *buffer, int32_t capacity) {
    if ((text == 0 && length > 0) || length < 0 || capacity < 0 || (buffer == 0 && capacity > 0)) return -1;
    // ASCII is NFC already; most English text never needs ICU at all.
    if (form == PW_ICU_NFC && pw_is_ascii(text, length)) return PW_ICU_UNCHANGED;

    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer =
        form == PW_ICU_NFKC_CASEFOLD ? unorm2_getNFKCCasefoldInstance(&status) : unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) return -1;
    int32_t result = pw_normalize_utf16(normalizer, text, length, buffer, capacity);
    pw_scratch_done(PW_SCRATCH_SOURCE);
    pw_scratch_done(PW_SCRATCH_RESULT);
    return result;
}
