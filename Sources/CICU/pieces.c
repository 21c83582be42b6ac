#include "cicu.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <string.h>

// Han, Hiragana and Katakana are read as one script: Japanese mixes them in every sentence.
static int32_t piece_script(int32_t script) {
    if (script < 0) return USCRIPT_COMMON;
    if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_KATAKANA_OR_HIRAGANA) {
        return USCRIPT_HAN;
    }
    return script;
}

// Terminators that end a sentence whatever follows (their scripts put no space after them).
static int ends_sentence_alone(UChar32 scalar) {
    switch (scalar) {
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: // 。！？；
    case 0x061F: case 0x061B: case 0x06D4:               // ؟ ؛ ۔
    case 0x0964: case 0x0965:                           // । ॥
    case 0x1362: case 0x0589: case 0x104B: case 0x17D4: // ። ։ ။ ។
        return 1;
    default:
        return 0;
    }
}

// One cut piece before merging: where it ends, its letters and its script.
typedef struct {
    int32_t end;
    int32_t letters;
    int32_t script;
} raw_piece;

// Appends a raw piece ending at `end`, merging it into the piece before when it is too short, or the
// piece before into it when that one is. `count` is the number of pieces kept so far.
static void close_piece(pw_icu_piece *pieces, int32_t capacity, int32_t *count, int32_t *last_letters,
                        raw_piece piece, int32_t min_letters, int32_t start) {
    if (piece.end <= start) return;
    int32_t n = *count;
    if (n > 0 && (piece.letters < min_letters || *last_letters < min_letters)) {
        // Merge with the last kept piece; the script of the larger part wins.
        if (n - 1 < capacity) {
            pw_icu_piece *last = &pieces[n - 1];
            if (piece.letters > last->letters) last->script = piece.script;
            last->end = piece.end;
            last->letters += piece.letters;
        }
        *last_letters += piece.letters;
        return;
    }
    if (n < capacity) {
        pieces[n].start = start;
        pieces[n].end = piece.end;
        pieces[n].letters = piece.letters;
        pieces[n].script = piece.letters > 0 ? piece.script : -1;
    }
    *last_letters = piece.letters;
    *count = n + 1;
}

int32_t pw_icu_language_pieces(
    const char *text, int32_t length, int32_t min_letters, pw_icu_piece *pieces, int32_t capacity, int32_t *counts,
    int32_t counts_capacity) {
    if ((text == 0 && length > 0) || length < 0 || capacity < 0 || (pieces == 0 && capacity > 0)) return -1;
    if (counts != 0 && counts_capacity < 0) return -1;
    if (counts != 0) memset(counts, 0, sizeof(int32_t) * (size_t)counts_capacity);
    const uint8_t *bytes = (const uint8_t *)text;
    int32_t count = 0;
    int32_t last_letters = 0; // letters of the last kept piece
    int32_t start = 0;        // where the open raw piece starts
    raw_piece open = {0, 0, -1};
    int32_t index = 0;
    while (index < length) {
        int32_t at = index;
        UChar32 scalar;
        if (bytes[index] < 0x80) {
            scalar = bytes[index++];
        } else {
            U8_NEXT(bytes, index, length, scalar);
            if (scalar < 0) continue;
        }
        int32_t letter_script = USCRIPT_LATIN;
        int is_letter = scalar < 0x80 ? ((scalar | 0x20) >= 'a' && (scalar | 0x20) <= 'z')
                                      : pw_letter_class(scalar, &letter_script);
        if (is_letter) {
            if (counts != 0 && letter_script >= 0 && letter_script < counts_capacity) counts[letter_script]++;
            int32_t script = piece_script(letter_script);
            if (script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
                if (open.script >= 0 && script != open.script && open.letters > 0) {
                    // A new script starts a new piece at its first letter.
                    open.end = at;
                    close_piece(pieces, capacity, &count, &last_letters, open, min_letters, start);
                    start = at;
                    open.letters = 0;
                }
                open.script = script;
            }
            open.letters++;
            continue;
        }
        int cut_after = 0;
        if (scalar == '\n') {
            cut_after = 1;
        } else if (scalar == '.' || scalar == '!' || scalar == '?' || scalar == ';' || scalar == ':') {
            cut_after = index >= length || bytes[index] == ' ' || bytes[index] == '\n' || bytes[index] == '\t';
        } else {
            cut_after = ends_sentence_alone(scalar);
        }
        if (cut_after) {
            // Spaces after the sentence end go with it.
            while (index < length && (bytes[index] == ' ' || bytes[index] == '\t')) index++;
            open.end = index;
            close_piece(pieces, capacity, &count, &last_letters, open, min_letters, start);
            start = index;
            open.letters = 0;
            open.script = -1;
        }
    }
    open.end = length;
    close_piece(pieces, capacity, &count, &last_letters, open, min_letters, start);
    return count;
}
