#ifndef PRESSWORK_CICU_THREAD_STATE_H
#define PRESSWORK_CICU_THREAD_STATE_H

// Per-thread ICU state. Break iterators are not thread-safe, so each call needs one of its own. Measured on
// this machine (ICU 72, 6 KB of text): ubrk_open costs 5-12 µs, ubrk_clone of a shared prototype 0.3-1 µs
// plus heap traffic, against ~150 µs to segment the text. Keeping one iterator per thread, opened on first
// use and closed at thread exit, costs nothing per call and needs no lock or shared prototype; the worker's
// threads are a fixed pool, so the number kept stays small.

#include <unicode/ubrk.h>
#include <unicode/utypes.h>

/// Scratch buffers a thread keeps between calls.
typedef enum {
    PW_SCRATCH_SOURCE = 0,
    PW_SCRATCH_RESULT = 1,
    PW_SCRATCH_COUNT = 2,
} pw_scratch_slot;

/// The calling thread's iterator of `type` (UBRK_WORD or UBRK_SENTENCE, root locale), or NULL when ICU
/// cannot open one. The caller sets its text and must not close it.
UBreakIterator *pw_thread_iterator(UBreakIteratorType type);

/// A buffer of at least `units` UTF-16 units in `slot`, or NULL when memory runs out. Valid until the next
/// call for the same slot on this thread; pass it to `pw_scratch_done` when finished.
UChar *pw_thread_scratch(pw_scratch_slot slot, int32_t units);

/// Gives a scratch buffer back: very large ones are freed rather than kept for the thread's lifetime.
void pw_scratch_done(pw_scratch_slot slot);

#endif
