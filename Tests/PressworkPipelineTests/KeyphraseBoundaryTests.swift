import Testing

@testable import PressworkPipeline

/// Keyphrases respect phrase boundaries and words in every script, and numbers never edge them. The texts
/// are written for these tests.
@Suite("Keyphrase boundaries")
struct KeyphraseBoundaryTests {
    private func keyphrases(_ text: String, language: String, script: String) -> [String] {
        AnalysisStage().run(text: text, language: language, script: script, includeTokens: false).keywords.map(\.text)
    }

    @Test(
        "every keyphrase is written in the text as one stretch: none crosses punctuation or a Thai phrase space",
        arguments: [
            (
                "ar", "Arab",
                """
                افتتحت المدينة، بمشاركة أكثر من ألف زائر، المعرض الدولي للكتاب. وقال مدير المعرض الدولي للكتاب \
                إن المدينة؛ بمشاركة الجامعات، تستعد لدورة جديدة. المدينة، بمشاركة الشباب، تحتفل بالكتاب.
                """
            ),
            (
                "th", "Thai",
                """
                เจ้าหน้าที่ท้องถิ่นเปิดสะพานใหม่ เนื่องจากนักท่องเที่ยวเพิ่มขึ้น สะพานใหม่ยาวสองร้อยเมตร \
                เจ้าหน้าที่ท้องถิ่นกล่าวว่า นักท่องเที่ยวจะเดินข้ามได้สะดวก สะพานใหม่เปิดทุกวัน
                """
            ),
            (
                "zh", "Hans",
                """
                市政府宣布，新图书馆将于下月开放。新图书馆位于市中心，藏书超过十万册。市民对新图书馆表示欢迎，\
                图书馆馆长说，新图书馆每天开放十二小时、周末也开放。
                """
            ),
            (
                "hi", "Deva",
                """
                नगर निगम ने नया पुल खोला। नया पुल नदी के ऊपर बना है, और लोग खुश हैं। नगर निगम के अधिकारी ने कहा \
                कि नया पुल सुरक्षित है। नदी के किनारे नया बाज़ार भी खुलेगा।
                """
            ),
            (
                "ru", "Cyrl",
                """
                В субботу в городе открыли новый пешеходный мост, и жители пришли посмотреть на него. «Мост через \
                реку» — так назвали выставку. Пешеходный мост строили полтора года: мост через реку стал длиннее.
                """
            ),
        ])
    func phrasesStayInside(language: String, script: String, text: String) {
        let phrases = keyphrases(text, language: language, script: script)
        #expect(!phrases.isEmpty)
        for phrase in phrases {
            #expect(text.contains(phrase), "\(language): \(phrase) is not written in the text as one stretch")
        }
    }

    @Test("number words and 'new' never start or end a keyphrase in Kazakh and Russian")
    func numberWords() {
        let kazakh = """
            Қалада жаңа саябақ ашылды. Жаңа саябақта он мың ағаш отырғызылды, екі жүз орындық қойылды. \
            Әкімдіктің айтуынша, он екі жаңа субұрқақ пен үш жаңа алаң салынды. Жаңа саябақ тұрғындарға ұнады, \
            он мың ағаш көктемде гүлдейді.
            """
        let russian = """
            В городе открыли новый парк. В новом парке посадили десять тысяч деревьев и поставили двести \
            скамеек. Новый парк понравился жителям: десять тысяч деревьев зацветут весной, а два новых фонтана \
            заработают летом.
            """
        let edges: Set<String> = ["жаңа", "он", "екі", "үш", "мың", "жүз", "новый", "два", "десять", "тысяч"]
        for (text, language) in [(kazakh, "kk"), (russian, "ru")] {
            let phrases = keyphrases(text, language: language, script: "Cyrl")
            #expect(!phrases.isEmpty)
            for phrase in phrases {
                let words = phrase.lowercased().split(separator: " ").map(String.init)
                #expect(
                    !edges.contains(words.first ?? "") && !edges.contains(words.last ?? ""),
                    "\(language): \(phrase) in \(phrases)")
            }
        }
    }
}
