#include "cicu.h"
#include "thread_state.h"

#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

/// Moves [*start, *end) inward past white space at both ends.
static void pw_trim(const char *text, int32_t *start, int32_t *end) {
    const uint8_t *bytes = (const uint8_t *)text;
    while (*start < *end) {
        int32_t next = *start;
        UChar32 scalar;
        U8_NEXT(bytes, next, *end, scalar);
        if (scalar < 0 || !u_isUWhiteSpace(scalar)) break;
        *start = next;
    }
    while (*end > *start) {
        int32_t previous = *end;
        UChar32 scalar;
        U8_PREV(bytes, *start, previous, scalar);
        if (scalar < 0 || !u_isUWhiteSpace(scalar)) break;
        *end = previous;
    }
}

int32_t pw_icu_segments(
    pw_icu_break_kind kind, const char *text, int32_t length, pw_icu_segment *segments, int32_t capacity) {
    if ((text == 0 && length > 0) || length < 0 || capacity < 0 || (segments == 0 && capacity > 0)) return -1;
    if (length == 0) return 0;
    int words = kind == PW_ICU_WORDS;
    UBreakIterator *iterator = pw_thread_iterator(words ? UBRK_WORD : UBRK_SENTENCE);
    if (iterator == 0) return -1;

    // A UTF-8 UText makes every boundary a byte offset into the caller's text: no UTF-16 copy, no mapping.
    UErrorCode status = U_ZERO_ERROR;
    UText utext = UTEXT_INITIALIZER;
    utext_openUTF8(&utext, text, length, &status);
    ubrk_setUText(iterator, &utext, &status);
    if (U_FAILURE(status)) {
        utext_close(&utext);
        return -1;
    }
    int32_t count = 0;
    int32_t start = ubrk_first(iterator);
    for (int32_t end = ubrk_next(iterator); end != UBRK_DONE; start = end, end = ubrk_next(iterator)) {
        int32_t rule = ubrk_getRuleStatus(iterator);
        int32_t first = start;
        int32_t last = end;
        if (words) {
            if (rule < UBRK_WORD_NONE_LIMIT) continue;
        } else {
            pw_trim(text, &first, &last);
            if (first == last) continue;
        }
        if (count < capacity) segments[count] = (pw_icu_segment){first, last, rule};
        count++;
    }
    // Leave the cached iterator pointing at an empty text, not at the caller's bytes, which may be freed.
    UText empty = UTEXT_INITIALIZER;
    status = U_ZERO_ERROR;
    utext_openUTF8(&empty, "", 0, &status);
    ubrk_setUText(iterator, &empty, &status);
    utext_close(&empty);
    utext_close(&utext);
    return count;
}
