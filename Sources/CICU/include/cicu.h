#ifndef PRESSWORK_CICU_H
#define PRESSWORK_CICU_H

// ICU behind a plain C header: Foundation bundles its own ICU, and the system ICU headers clash with it
// in a Swift module, so Swift sees only these functions.

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

#ifdef __cplusplus
}
#endif

#endif
