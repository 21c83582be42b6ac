#ifndef PRESSWORK_CCLD2_H
#define PRESSWORK_CCLD2_H

// Plain C face of CLD2 (which is C++), so that Swift can call it without C++ interop.

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Room for a CLD2 language code such as "zh-Hant" or "xx-Copt" plus its terminating NUL.
#define CCLD2_CODE_CAPACITY 16
/// Room for a CLD2 language name such as "SCOTS_GAELIC" plus its terminating NUL.
#define CCLD2_NAME_CAPACITY 48

/// One of the top three languages CLD2 reports.
typedef struct {
    char code[CCLD2_CODE_CAPACITY];  // CLD2 code: "en", "zh-Hant", "un" for unknown
    char name[CCLD2_NAME_CAPACITY];  // CLD2 English name: "ENGLISH", "Unknown"
    int percent;                     // share of the text bytes, 0...100
    double normalized_score;         // CLD2's score per 1024 bytes of text
} ccld2_language;

/// What CLD2 says about a text.
typedef struct {
    ccld2_language summary; // CLD2's verdict for the whole text; percent and score from its entry in top
    ccld2_language top[3];  // best first; unused entries have code "un" and percent 0
    bool is_reliable;       // the top language is clearly ahead of the second
    int text_bytes;         // letters-only bytes CLD2 scored
    int valid_prefix_bytes; // bytes of valid UTF-8 at the start of the input
} ccld2_result;

/// Detects the language of `length` bytes of UTF-8 at `utf8`.
///
/// Thread-safe: CLD2 keeps no mutable global state. Invalid UTF-8 stops the scan at the first bad byte
/// (`valid_prefix_bytes` tells where) instead of being read out of bounds.
///
/// - Parameters:
///   - utf8: the text; need not be NUL-terminated.
///   - length: its length in bytes.
///   - is_plain_text: false when the text is HTML, so that CLD2 skips tags and expands entities.
///   - content_language_hint: a Content-Language style hint such as "kk" or "mi,en"; may be NULL.
///   - result: filled on return.
void ccld2_detect(const char *utf8, size_t length, bool is_plain_text, const char *content_language_hint,
                  ccld2_result *result);

#ifdef __cplusplus
}
#endif

#endif
