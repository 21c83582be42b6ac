#ifndef PRESSWORK_CICU_H
#define PRESSWORK_CICU_H

// ICU behind a plain C header: Foundation bundles its own ICU, and the system ICU headers clash with it
// in a Swift module, so Swift sees only these functions.

#ifdef __cplusplus
extern "C" {
#endif

/// The ICU version, e.g. "72.1", written into `buffer` (NUL-terminated). Returns 0 on success.
int pw_icu_version(char *buffer, int capacity);

#ifdef __cplusplus
}
#endif

#endif
