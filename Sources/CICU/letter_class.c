#include "cicu.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

// Direct-mapped: a slot holds the last code point that hashed to it. 4,096 slots of 8 bytes stay in the
// first-level cache's neighbourhood and hold several scripts' alphabets at once.
enum { PW_LETTER_SLOTS = 4096 };

typedef struct {
    UChar32 scalar; // -1 when empty
    int16_t script;
    int16_t alphabetic;
} letter_slot;

static _Thread_local letter_slot slots[PW_LETTER_SLOTS];
static _Thread_local int ready;

int pw_letter_class(int32_t scalar, int32_t *script) {
    if (!ready) {
        for (int i = 0; i < PW_LETTER_SLOTS; i++) slots[i].scalar = -1;
        ready = 1;
    }
    letter_slot *slot = &slots[(uint32_t)scalar % PW_LETTER_SLOTS];
    if (slot->scalar != scalar) {
        slot->scalar = scalar;
        slot->alphabetic = (int16_t)u_hasBinaryProperty(scalar, UCHAR_ALPHABETIC);
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode found = slot->alphabetic ? uscript_getScript(scalar, &status) : USCRIPT_COMMON;
        slot->script = (int16_t)(U_SUCCESS(status) ? found : USCRIPT_INVALID_CODE);
    }
    *script = slot->script;
    return slot->alphabetic;
}
