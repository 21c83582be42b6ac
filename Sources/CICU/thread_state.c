#include "thread_state.h"
#include "cicu.h"

#include <pthread.h>
#include <stdlib.h>

/// Buffers up to this many UTF-16 units (1 MiB) stay with their thread; larger ones are freed after use so
/// that one huge article does not pin memory in every thread that saw one.
static const int32_t pw_scratch_kept_units = 512 * 1024;

enum { PW_ITERATOR_SENTENCE = 0, PW_ITERATOR_WORD = 1, PW_ITERATOR_COUNT = 2 };

typedef struct {
    UBreakIterator *iterators[PW_ITERATOR_COUNT];
    UChar *scratch[PW_SCRATCH_COUNT];
    int32_t scratchCapacity[PW_SCRATCH_COUNT];
} pw_thread_state;

static pthread_key_t pw_state_key;
static pthread_once_t pw_state_once = PTHREAD_ONCE_INIT;
static int pw_state_key_ready = 0;

static void pw_state_free(void *pointer) {
    pw_thread_state *state = pointer;
    if (state == 0) return;
    for (int index = 0; index < PW_ITERATOR_COUNT; index++) {
        if (state->iterators[index] != 0) ubrk_close(state->iterators[index]);
    }
    for (int index = 0; index < PW_SCRATCH_COUNT; index++) free(state->scratch[index]);
    free(state);
}

static void pw_state_make_key(void) {
    // The destructor runs at thread exit, so pool threads that come and go leak nothing.
    pw_state_key_ready = pthread_key_create(&pw_state_key, pw_state_free) == 0;
}

static pw_thread_state *pw_state(void) {
    pthread_once(&pw_state_once, pw_state_make_key);
    if (!pw_state_key_ready) return 0;
    pw_thread_state *state = pthread_getspecific(pw_state_key);
    if (state != 0) return state;
    state = calloc(1, sizeof(pw_thread_state));
    if (state == 0) return 0;
    if (pthread_setspecific(pw_state_key, state) != 0) {
        free(state);
        return 0;
    }
    return state;
}

UBreakIterator *pw_thread_iterator(UBreakIteratorType type) {
    pw_thread_state *state = pw_state();
    if (state == 0) return 0;
    int slot = type == UBRK_WORD ? PW_ITERATOR_WORD : PW_ITERATOR_SENTENCE;
    if (state->iterators[slot] == 0) {
        UErrorCode status = U_ZERO_ERROR;
        UBreakIterator *iterator = ubrk_open(type, "", 0, 0, &status);
        if (U_FAILURE(status)) {
            if (iterator != 0) ubrk_close(iterator);
            return 0;
        }
        state->iterators[slot] = iterator;
    }
    return state->iterators[slot];
}

UChar *pw_thread_scratch(pw_scratch_slot slot, int32_t units) {
    pw_thread_state *state = pw_state();
    if (state == 0 || units < 0) return 0;
    if (units < 64) units = 64;
    if (state->scratchCapacity[slot] < units) {
        free(state->scratch[slot]);
        state->scratch[slot] = malloc((size_t)units * sizeof(UChar));
        state->scratchCapacity[slot] = state->scratch[slot] == 0 ? 0 : units;
    }
    return state->scratch[slot];
}

void pw_scratch_done(pw_scratch_slot slot) {
    pw_thread_state *state = pw_state();
    if (state == 0 || state->scratchCapacity[slot] <= pw_scratch_kept_units) return;
    free(state->scratch[slot]);
    state->scratch[slot] = 0;
    state->scratchCapacity[slot] = 0;
}

void pw_icu_release_thread_state(void) {
    pthread_once(&pw_state_once, pw_state_make_key);
    if (!pw_state_key_ready) return;
    pw_state_free(pthread_getspecific(pw_state_key));
    pthread_setspecific(pw_state_key, 0);
}
