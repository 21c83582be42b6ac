// CLD2's public header uses FILE without including <cstdio> itself.
#include <cstdio>
#include <cstring>
#include <climits>
#include <strings.h>
#include <malloc.h>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <cld2/internal/lang_script.h>

#include "ccld2.h"

namespace {

void copy_string(char *destination, size_t capacity, const char *source) {
    if (source == nullptr) {
        source = "";
    }
    std::strncpy(destination, source, capacity - 1);
    destination[capacity - 1] = '\0';
}

// The extended call knows a few joke languages; an article is never written in them, and short
// junk such as keyboard mashes scores as Klingon or Hacker more often than real text does.
CLD2::Language without_jokes(CLD2::Language language) {
    switch (language) {
    case CLD2::X_BORK_BORK_BORK:
    case CLD2::X_PIG_LATIN:
    case CLD2::X_HACKER:
    case CLD2::X_KLINGON:
    case CLD2::X_ELMER_FUDD:
        return CLD2::UNKNOWN_LANGUAGE;
    default:
        return language;
    }
}

void fill_language(ccld2_language *out, CLD2::Language language, int percent, double score) {
    copy_string(out->code, CCLD2_CODE_CAPACITY, CLD2::LanguageCode(language));
    copy_string(out->name, CCLD2_NAME_CAPACITY, CLD2::LanguageName(language));
    out->percent = percent;
    out->normalized_score = score;
    out->language = language;
}

// Charset names as the decoder writes them (lowercased WHATWG names) to CLD2's encoding enum. Only
// encodings that say something about the language matter: CLD2 boosts Japanese for Shift_JIS, Chinese
// for GBK or Big5, and so on. Unknown names give no hint.
int encoding_hint(const char *charset) {
    if (charset == nullptr) {
        return CLD2::UNKNOWN_ENCODING;
    }
    static const struct {
        const char *name;
        CLD2::Encoding encoding;
    } table[] = {
        {"utf-8", CLD2::UTF8},
        {"shift_jis", CLD2::JAPANESE_SHIFT_JIS},
        {"euc-jp", CLD2::JAPANESE_EUC_JP},
        {"iso-2022-jp", CLD2::JAPANESE_JIS},
        {"gbk", CLD2::GBK},
        {"gb18030", CLD2::GB18030},
        {"big5", CLD2::CHINESE_BIG5},
        {"euc-tw", CLD2::CHINESE_EUC_CN}, // CLD2's misnamed EUC-TW
        {"iso-2022-cn", CLD2::ISO_2022_CN},
        {"euc-kr", CLD2::KOREAN_EUC_KR},
        {"iso-2022-kr", CLD2::ISO_2022_KR},
        {"koi8-r", CLD2::RUSSIAN_KOI8_R},
        {"koi8-u", CLD2::RUSSIAN_KOI8_RU},
        {"ibm866", CLD2::RUSSIAN_CP866},
        {"windows-1250", CLD2::MSFT_CP1250},
        {"windows-1251", CLD2::RUSSIAN_CP1251},
        {"windows-1252", CLD2::MSFT_CP1252},
        {"windows-1253", CLD2::MSFT_CP1253},
        {"windows-1254", CLD2::MSFT_CP1254},
        {"windows-1255", CLD2::MSFT_CP1255},
        {"windows-1256", CLD2::MSFT_CP1256},
        {"windows-1257", CLD2::MSFT_CP1257},
        {"windows-874", CLD2::MSFT_CP874},
        {"tis-620", CLD2::ISO_8859_11},
        {"iso-8859-1", CLD2::ISO_8859_1},
        {"iso-8859-2", CLD2::ISO_8859_2},
        {"iso-8859-5", CLD2::ISO_8859_5},
        {"iso-8859-6", CLD2::ISO_8859_6},
        {"iso-8859-7", CLD2::ISO_8859_7},
        {"iso-8859-8", CLD2::ISO_8859_8},
        {"iso-8859-8-i", CLD2::ISO_8859_8_I},
        {"iso-8859-9", CLD2::ISO_8859_9},
        {"iso-8859-13", CLD2::ISO_8859_13},
        {"iso-8859-15", CLD2::ISO_8859_15},
    };
    for (const auto &entry : table) {
        if (strcasecmp(entry.name, charset) == 0) {
            return entry.encoding;
        }
    }
    return CLD2::UNKNOWN_ENCODING;
}

}  // namespace

extern "C" void ccld2_detect(const char *utf8, size_t length, bool is_plain_text, const ccld2_hints *hints,
                             bool best_effort, bool chunks, ccld2_result *result) {
    // CLD2 takes an int length; longer texts are judged by their first 2 GiB, which is plenty.
    int buffer_length = length > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(length);
    if (utf8 == nullptr) {
        utf8 = "";
        buffer_length = 0;
    }
    CLD2::CLDHints cld_hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    if (hints != nullptr) {
        cld_hints.content_language_hint = hints->content_language;
        cld_hints.tld_hint = hints->tld;
        cld_hints.encoding_hint = encoding_hint(hints->charset);
        if (hints->language != nullptr) {
            cld_hints.language_hint = CLD2::GetLanguageFromName(hints->language);
        }
    }
    CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE};
    int percent3[3] = {0, 0, 0};
    double normalized_score3[3] = {0, 0, 0};
    int text_bytes = 0;
    bool is_reliable = false;
    int valid_prefix_bytes = 0;
    CLD2::ResultChunkVector vector;
    CLD2::Language top = without_jokes(CLD2::ExtDetectLanguageSummaryCheckUTF8(
        utf8, buffer_length, is_plain_text, &cld_hints, best_effort ? CLD2::kCLDFlagBestEffort : 0, language3,
        percent3, normalized_score3, chunks ? &vector : nullptr, &text_bytes, &is_reliable, &valid_prefix_bytes));
    // CLD2's summary passes over English (and French, Italian, German, Spanish) at the top when another
    // language has a fifth of the text, taking them for a web page's boilerplate. Our text is an
    // article's clean text, where the majority language is the article's: take it. An unknown summary
    // (CLD2 gave up) stays unknown.
    CLD2::Language first = without_jokes(language3[0]);
    if (top != CLD2::UNKNOWN_LANGUAGE && first != CLD2::UNKNOWN_LANGUAGE) {
        top = first;
    }
    // The summary is reported on its own with the percent of its entry when it has one.
    fill_language(&result->summary, top, 0, 0);
    for (int i = 0; i < 3; i++) {
        CLD2::Language language = without_jokes(language3[i]);
        fill_language(&result->top[i], language, language == CLD2::UNKNOWN_LANGUAGE ? 0 : percent3[i],
                      normalized_score3[i]);
        if (language == top && top != CLD2::UNKNOWN_LANGUAGE && result->summary.percent == 0) {
            result->summary.percent = percent3[i];
            result->summary.normalized_score = normalized_score3[i];
        }
    }
    result->foreign_count = 0;
    if (chunks && top != CLD2::UNKNOWN_LANGUAGE) {
        for (const CLD2::ResultChunk &chunk : vector) {
            CLD2::Language language = without_jokes(static_cast<CLD2::Language>(chunk.lang1));
            if (language == CLD2::UNKNOWN_LANGUAGE || language == top || chunk.bytes <= 0) continue;
            if (result->foreign_count < CCLD2_FOREIGN_CAPACITY) {
                result->foreign[result->foreign_count] = {chunk.offset, chunk.bytes, static_cast<int>(language)};
            }
            result->foreign_count++;
        }
    }
    result->is_reliable = top != CLD2::UNKNOWN_LANGUAGE && is_reliable;
    result->text_bytes = text_bytes;
    result->valid_prefix_bytes = valid_prefix_bytes;
}

extern "C" int ccld2_close_set(int language) {
    if (language < 0 || language >= CLD2::NUM_LANGUAGES) {
        return 0;
    }
    return CLD2::LanguageCloseSet(static_cast<CLD2::Language>(language));
}

extern "C" int ccld2_language_count(void) { return CLD2::NUM_LANGUAGES; }

extern "C" void ccld2_language_info(int language, char code[CCLD2_CODE_CAPACITY], char name[CCLD2_NAME_CAPACITY]) {
    CLD2::Language value = language >= 0 && language < CLD2::NUM_LANGUAGES
                               ? without_jokes(static_cast<CLD2::Language>(language))
                               : CLD2::UNKNOWN_LANGUAGE;
    copy_string(code, CCLD2_CODE_CAPACITY, CLD2::LanguageCode(value));
    copy_string(name, CCLD2_NAME_CAPACITY, CLD2::LanguageName(value));
}

extern "C" void ccld2_keep_freed_memory(void) {
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
}
