#ifndef PRESSWORK_CICU_H
#define PRESSWORK_CICU_H

// ICU behind a plain C header: Foundation bundles its own ICU, and the system ICU headers clash with it
// in a Swift module, so Swift sees only these functions.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The ICU version, e.g. "72.1", written into `buffer` (NUL-terminated). Returns 0 on success.
int pw_icu_version(char *buffer, int capacity);

/// Which calendar names `pw_icu_date_symbols` reads (a closed list mirrored from ICU's UDateFormatSymbolType,
/// so that Swift need not see ICU's headers).
typedef enum {
    PW_ICU_MONTHS = 0,
    PW_ICU_SHORT_MONTHS = 1,
    PW_ICU_STANDALONE_MONTHS = 2,
    PW_ICU_STANDALONE_SHORT_MONTHS = 3,
    PW_ICU_WEEKDAYS = 4,
    PW_ICU_SHORT_WEEKDAYS = 5,
} pw_icu_symbol_kind;

/// The CLDR names of one kind (months January first, weekdays Sunday first) for `locale` (an ICU locale
/// ID such as "ru" or "fa@calendar=gregorian"), written into `buffer` as UTF-8, each name followed by a
/// newline, NUL-terminated. Returns the number of names written, or -1 when ICU fails or `buffer` is too
/// small.
int pw_icu_date_symbols(const char *locale, pw_icu_symbol_kind kind, char *buffer, int capacity);

// MARK: - Text primitives for language handling
//
// Text crosses this boundary as UTF-8 bytes (pointer and length, no NUL needed); every offset is a UTF-8
// byte offset into the caller's text. Ill-formed UTF-8 is read as U+FFFD and never fails.
//
// Thread safety: every function below may be called from any number of threads at once. Break iterators
// and scratch buffers are cached per thread (see `pw_icu_release_thread_state`): opening an iterator costs
// 5-12 µs and cloning one still allocates, whereas a cached one costs nothing per call.

/// The normalization forms `pw_icu_normalize` offers.
typedef enum {
    /// Canonical composition: the form article text is stored and segmented in.
    PW_ICU_NFC = 0,
    /// NFKC with case folding and without default-ignorable characters (ICU's NFKC_Casefold): search terms.
    PW_ICU_NFKC_CASEFOLD = 1,
} pw_icu_normal_form;

/// Returned by `pw_icu_normalize` when the text is already normalized, so the caller can keep it as it is.
#define PW_ICU_UNCHANGED (-2)

/// Normalizes `length` bytes of UTF-8 `text` to `form`, writing the UTF-8 result into `buffer` (no NUL).
/// Returns the result's length in bytes; when that exceeds `capacity`, nothing useful was written and the
/// caller retries with a buffer of at least that size. Returns `PW_ICU_UNCHANGED` when `text` is already
/// well-formed and in `form` (nothing written), or -1 when ICU fails.
int32_t pw_icu_normalize(pw_icu_normal_form form, const char *text, int32_t length, char *buffer, int32_t capacity);

/// What `pw_icu_segments` splits text into.
typedef enum {
    /// Sentences (ICU's sentence rules, root locale), trimmed of surrounding white space; empty ones dropped.
    PW_ICU_SENTENCES = 0,
    /// Words only: segments whose ICU rule status says number, letter, kana or ideographic. Spaces,
    /// punctuation and symbols (status "none") are left out. Chinese, Japanese, Thai, Lao, Khmer and
    /// Burmese are split with ICU's dictionaries.
    PW_ICU_WORDS = 1,
} pw_icu_break_kind;

/// ICU's word rule statuses (UBRK_WORD_*), mirrored so Swift need not see ICU's headers. A word's status
/// lies in [PW_ICU_WORD_NUMBER, PW_ICU_WORD_IDEO + 100): each kind owns a range of 100.
enum {
    PW_ICU_WORD_NUMBER = 100,
    PW_ICU_WORD_LETTER = 200,
    PW_ICU_WORD_KANA = 300,
    PW_ICU_WORD_IDEO = 400,
};

/// ICU's sentence rule statuses (UBRK_SENTENCE_*): ended by a terminator (. ? ! 。 and the like), or by a
/// paragraph separator (a line break) or the end of the text without one.
enum {
    PW_ICU_SENTENCE_TERM = 0,
    PW_ICU_SENTENCE_SEP = 100,
};

/// One segment: bytes [start, end) of the text, and ICU's rule status for it.
typedef struct {
    int32_t start;
    int32_t end;
    int32_t status;
} pw_icu_segment;

/// Splits `length` bytes of UTF-8 `text` into segments of `kind`, writing the first `capacity` of them into
/// `segments` in text order. Returns how many segments there are in all (when more than `capacity`, retry
/// with that many), or -1 when ICU fails.
int32_t pw_icu_segments(
    pw_icu_break_kind kind, const char *text, int32_t length, pw_icu_segment *segments, int32_t capacity);

/// Letters (the Unicode Alphabetic property) of `length` bytes of UTF-8 `text` counted per ICU script code:
/// `counts[code]` is incremented for each letter of script `code` below `capacity` (the caller zeroes
/// `counts`). Common (0) and Inherited (1) are counted like any other. Returns how many script codes ICU
/// has, which is the capacity that loses nothing, or -1 on bad arguments.
int32_t pw_icu_script_letters(const char *text, int32_t length, int32_t *counts, int32_t capacity);

/// The ICU script code of `codepoint` (0 Common, 1 Inherited, 103 Unknown), writing its ISO 15924 code
/// ("Latn", "Cyrl", "Hani") NUL-terminated into `buffer` when `buffer` is not NULL. Returns -1 when
/// `codepoint` is not a code point or `buffer` is shorter than 5 bytes.
int32_t pw_icu_script_of(uint32_t codepoint, char *buffer, int32_t capacity);

/// The ISO 15924 code of ICU script code `script`, NUL-terminated into `buffer` (5 bytes or more).
/// Returns 0, or -1 when `script` is not a script code or the buffer is too small.
int pw_icu_script_name(int32_t script, char *buffer, int32_t capacity);

/// Whether `scalar` (a code point above ASCII) is alphabetic, and when it is, its ICU script code in
/// `*script` (-1 when ICU names none). Remembered per thread in a small table: language identification asks
/// this for every character of every line, ICU's lookups were a tenth of its time on sentences, and a text
/// uses few distinct characters.
int pw_letter_class(int32_t scalar, int32_t *script);

/// A stretch of text for language identification on its own: see `pw_icu_language_pieces`.
typedef struct {
    int32_t start;   // byte offset of the first byte
    int32_t end;     // byte offset after the last byte
    int32_t letters; // letters (Alphabetic) in it
    int32_t script;  // ICU script code of most of its letters (Han, Hiragana and Katakana count as Han); -1
                     // when it has none
} pw_icu_piece;

/// Cuts `length` bytes of UTF-8 `text` into pieces that can each be in one language: at every change of
/// script between letters (Han and kana are one script here, so Japanese stays whole), after sentence ends
/// and clause ends (`.`, `!`, `?`, `;` and `:` before a space, `。！？；`, Arabic `؟ ؛ ۔`, Devanagari `। ॥`, Ethiopic `።`,
/// Armenian `։`, Myanmar `။`, Khmer `។`) and at line breaks. A piece of fewer than `min_letters` letters
/// joins the piece before it (the first joins the next), so names, numbers and abbreviations never stand
/// alone. The pieces cover the text in order. Writes at most `capacity` pieces and returns how many there
/// are (call again with more room to get all), or -1 on bad arguments. When `counts` is not NULL it is set,
/// in the same pass, to what `pw_icu_script_letters` counts (letters per ICU script code below
/// `counts_capacity`; Han and kana apart).
int32_t pw_icu_language_pieces(
    const char *text, int32_t length, int32_t min_letters, pw_icu_piece *pieces, int32_t capacity, int32_t *counts,
    int32_t counts_capacity);

/// Frees the calling thread's cached break iterators and scratch buffers now. They are freed when a thread
/// exits anyway; this is for threads that never exit (the main thread) before a leak check.
void pw_icu_release_thread_state(void);

#ifdef __cplusplus
}
#endif

#endif
