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
    int language;                    // CLD2's Language number, for ccld2_language_info
} ccld2_language;

/// Room for the stretches in other languages one result lists (`ccld2_result.foreign`).
#define CCLD2_FOREIGN_CAPACITY 16

/// A stretch of the text CLD2 scored as another language than the summary's (one of its result chunks).
typedef struct {
    int offset;   // byte offset in the text given
    int bytes;    // its length in bytes
    int language; // CLD2's Language number
} ccld2_chunk;

/// What CLD2 says about a text.
typedef struct {
    ccld2_language summary; // the verdict for the whole text: "un" when CLD2 gives up, else the top language
                            // by share (CLD2's own summary prefers a non-English runner-up over English,
                            // taking English for boilerplate); percent and score from its entry in top
    ccld2_language top[3];  // best first; unused entries have code "un" and percent 0
    bool is_reliable;       // the top language is clearly ahead of the second
    int text_bytes;         // letters-only bytes CLD2 scored
    int valid_prefix_bytes; // bytes of valid UTF-8 at the start of the input
    // Only when asked for (`chunks`): CLD2's chunks in a known language other than the summary's, in text
    // order, the first CCLD2_FOREIGN_CAPACITY of them; `foreign_count` says how many were found in all.
    ccld2_chunk foreign[CCLD2_FOREIGN_CAPACITY];
    int foreign_count;
} ccld2_result;

/// What is known about a text besides its bytes. Every field may be NULL; the strings are only read
/// during the call.
typedef struct {
    const char *content_language; // Content-Language style: "kk", "mi,en" (a page's or caller's declaration)
    const char *tld;              // the URL host's top-level domain: "no", "kz"
    const char *charset;          // the charset the text was decoded from: "shift_jis", "windows-1251"
    const char *language;         // one language from any other context: "it", "kk", "ITALIAN"
} ccld2_hints;

/// Makes glibc keep freed memory instead of returning it to the kernel after every call. CLD2 allocates
/// and frees buffers of a few hundred kilobytes per call; with glibc's default trim threshold each free
/// gives the pages back and the next call faults them in again, which costs more than the detection on
/// short texts. Process-wide: call once from a program that judges many texts.
void ccld2_keep_freed_memory(void);

/// How many Language numbers CLD2 has; every number reported is below it.
int ccld2_language_count(void);

/// The code and name of CLD2's Language number `language` (as in `ccld2_language`), so that callers can
/// build their own table once instead of converting strings on every call.
void ccld2_language_info(int language, char code[CCLD2_CODE_CAPACITY], char name[CCLD2_NAME_CAPACITY]);

/// CLD2's set of statistically close languages that `language` (a Language number) belongs to, such as
/// Indonesian and Malay, or Bosnian, Croatian and Serbian; 0 when it is in none.
int ccld2_close_set(int language);

/// Detects the language of `length` bytes of UTF-8 at `utf8`, with CLD2's UTF-8-checking entry point.
///
/// Thread-safe: CLD2 keeps no mutable global state and this function allocates only locally. Invalid
/// UTF-8 stops the scan at the first bad byte (`valid_prefix_bytes` tells where) instead of being read
/// out of bounds. CLD2's joke languages (Klingon, Pig Latin, Bork, Hacker, Elmer Fudd) come out as "un".
///
/// - Parameters:
///   - utf8: the text; need not be NUL-terminated.
///   - length: its length in bytes.
///   - is_plain_text: false when the text is HTML, so that CLD2 skips tags and expands entities.
///   - hints: what else is known; may be NULL.
///   - best_effort: ask CLD2 for an answer even on text too short to be sure (`kCLDFlagBestEffort`).
///   - chunks: also fill `result->foreign` from CLD2's chunk vector (costs a little more).
///   - result: filled on return.
void ccld2_detect(const char *utf8, size_t length, bool is_plain_text, const ccld2_hints *hints, bool best_effort,
                  bool chunks, ccld2_result *result);

#ifdef __cplusplus
}
#endif

#endif
