// CLD2's public header uses FILE without including <cstdio> itself.
#include <cstdio>
#include <cstring>
#include <climits>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "ccld2.h"

namespace {

void copy_string(char *destination, size_t capacity, const char *source) {
    if (source == nullptr) {
        source = "";
    }
    std::strncpy(destination, source, capacity - 1);
    destination[capacity - 1] = '\0';
}

void fill_language(ccld2_language *out, CLD2::Language language, int percent, double score) {
    copy_string(out->code, CCLD2_CODE_CAPACITY, CLD2::LanguageCode(language));
    copy_string(out->name, CCLD2_NAME_CAPACITY, CLD2::LanguageName(language));
    out->percent = percent;
    out->normalized_score = score;
}

}  // namespace

extern "C" void ccld2_detect(const char *utf8, size_t length, bool is_plain_text,
                             const char *content_language_hint, ccld2_result *result) {
    // CLD2 takes an int length; longer texts are judged by their first 2 GiB, which is plenty.
    int buffer_length = length > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(length);
    CLD2::CLDHints hints = {content_language_hint, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE};
    int percent3[3] = {0, 0, 0};
    double normalized_score3[3] = {0, 0, 0};
    int text_bytes = 0;
    bool is_reliable = false;
    int valid_prefix_bytes = 0;
    CLD2::Language top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        utf8 == nullptr ? "" : utf8, utf8 == nullptr ? 0 : buffer_length, is_plain_text, &hints, 0,
        language3, percent3, normalized_score3, nullptr, &text_bytes, &is_reliable, &valid_prefix_bytes);
    // The summary can differ from language3[0] (CLD2 sums close languages, or gives up and says
    // unknown), so it is reported on its own with the percent of its entry when it has one.
    fill_language(&result->summary, top, 0, 0);
    for (int i = 0; i < 3; i++) {
        fill_language(&result->top[i], language3[i], percent3[i], normalized_score3[i]);
        if (language3[i] == top && result->summary.percent == 0) {
            result->summary.percent = percent3[i];
            result->summary.normalized_score = normalized_score3[i];
        }
    }
    result->is_reliable = is_reliable;
    result->text_bytes = text_bytes;
    result->valid_prefix_bytes = valid_prefix_bytes;
}
