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

    @Test("an elided article (French l', Italian dell') neither starts a keyphrase nor splits a word's count")
    func elidedArticles() throws {
        let french = """
            L’avion de la compagnie Dana Air s’est écrasé près de Lagos. L’avion transportait cent passagers. \
            Les enquêteurs examinent l’épave de l’avion, et l’aéroport de Lagos reste fermé. Un avion de secours \
            est arrivé à l’aéroport dans la soirée.
            """
        let output = AnalysisStage().run(text: french, language: "fr", script: "Latn", includeTokens: true)
        let phrases = output.keywords
        let plane = try #require(phrases.first { $0.text.lowercased() == "avion" }, "\(phrases.map(\.text))")
        #expect(plane.count == 4)
        // `s’est` may sit inside a phrase, as the text writes it; an elided word never opens one.
        let elided = try Regex("^[A-Za-z]{1,6}[’']")
        #expect(!phrases.contains { $0.text.contains(elided) }, "\(phrases.map(\.text))")
        let tokens = try #require(output.tokens)
        let airport = try #require(tokens.first { $0.normalized == "aéroport" })
        // The word's offsets still cover the article.
        #expect(airport.length == "l’aéroport".utf8.count)

        let italian = """
            Il sindaco ha visitato il cantiere dell’ospedale. I lavori dell’ospedale finiranno a maggio, e \
            l’ospedale avrà trecento letti. Secondo il sindaco l’ospedale servirà tutta la provincia.
            """
        let texts = AnalysisStage().run(text: italian, language: "it", script: "Latn", includeTokens: false).keywords
        let hospital = try #require(texts.first { $0.text.lowercased() == "ospedale" }, "\(texts.map(\.text))")
        #expect(hospital.count == 4)
        #expect(!texts.contains { $0.text.contains(elided) }, "\(texts.map(\.text))")
    }

    @Test("a Turkish name and its suffixed forms (Ankara'da, Ankara'nın) are one term")
    func turkishSuffixes() throws {
        let text = """
            Ankara'da bugün yeni bir müze açıldı. Ankara'nın en büyük müzesi, şehrin merkezinde yer alıyor. \
            Bakan, müzenin Ankara için önemli olduğunu söyledi. Müze her gün açık olacak.
            """
        let phrases = AnalysisStage().run(text: text, language: "tr", script: "Latn", includeTokens: false).keywords
        let ankara = try #require(phrases.first { $0.text.hasPrefix("Ankara") }, "\(phrases.map(\.text))")
        #expect(ankara.count == 3)
    }

    @Test("a hyphenated compound stays whole: no keyphrase starts or ends inside it, and its hyphen is kept")
    func hyphenatedCompounds() {
        let text = """
            Web-based platforms are changing the separate-account industry. New web-based platforms let \
            advisers pick money managers. The separate-account industry grew last year, and web-based \
            platforms grew with it. Nur-Sultan hosted the meeting.
            """
        let phrases = keyphrases(text, language: "en", script: "Latn")
        #expect(phrases.contains { $0.lowercased().contains("web-based") }, "\(phrases)")
        for phrase in phrases {
            #expect(text.contains(phrase), "\(phrase) is not written in the text")
            let words = phrase.lowercased().split(separator: " ")
            for fragment in ["based", "account", "sultan"] {
                #expect(words.first != Substring(fragment), "\(phrase) starts inside a compound")
            }
            for fragment in ["web", "separate", "nur"] {
                #expect(words.last != Substring(fragment), "\(phrase) ends inside a compound")
            }
        }
    }

    @Test("a three-word phrase seen once scores three times worse; shorter or repeated phrases are unchanged")
    func onceSeenThreeWordPhrases() throws {
        let text = """
            Economists expected interest rates to rise. Interest rates rose on Thursday. \
            Officials said markets reacted calmly to the rise.
            """
        let sentences = KeyphraseFixtures.sentences(text, language: "en")
        let terms = Keyphrases.TermStatistics(sentences: sentences, window: 1)
        var plain = Keyphrases.Candidates(sentences: sentences, terms: terms, maximumWords: 3)
        var penalized = plain
        plain.score(terms: terms, oncePenalty: 1)
        penalized.score(terms: terms, oncePenalty: Keyphrases.oncePenalty)
        #expect(Keyphrases.oncePenalty == 3)
        var seen = (three: 0, other: 0)
        for candidate in plain.terms.indices {
            let once = plain.frequencies[candidate] == 1 && plain.terms[candidate].count == 3
            let ratio = penalized.scores[candidate] / plain.scores[candidate]
            #expect(abs(ratio - (once ? 3 : 1)) < 1e-9)
            if once { seen.three += 1 } else { seen.other += 1 }
        }
        #expect(seen.three > 0 && seen.other > 0)
    }

    @Test("Thai compounds that ICU splits come back whole: parts always seen together are one word")
    func thaiCompounds() {
        let text = """
            เจ้าหน้าที่ท้องถิ่นเปิดสะพานใหม่ เนื่องจากนักท่องเที่ยวเพิ่มขึ้น สะพานใหม่ยาวสองร้อยเมตร \
            เจ้าหน้าที่ท้องถิ่นกล่าวว่า นักท่องเที่ยวจะเดินข้ามได้สะดวก สะพานใหม่เปิดทุกวัน
            """
        let phrases = keyphrases(text, language: "th", script: "Thai")
        #expect(phrases.contains("เจ้าหน้าที่ท้องถิ่น") && phrases.contains("นักท่องเที่ยว"), "\(phrases)")
        #expect(!phrases.contains("เจ้าหน้าที่ท้อง") && !phrases.contains { $0.contains("สองร้อย") }, "\(phrases)")
    }

    @Test("fragments join only when always together, at least twice, with no boundary or stopword between")
    func fragmentJoining() {
        func token(_ word: String, stopword: Bool = false, breaks: Bool = false) -> Keyphrases.Token {
            Keyphrases.Token(surface: word, normalized: word, isStopword: stopword, kind: .letter, breaksBefore: breaks)
        }
        let sentences = [
            [token("ก"), token("ข"), token("ค"), token("ง"), token("จ", stopword: true), token("ฉ")],
            [token("ก"), token("ข"), token("ค"), token("ง", breaks: false), token("จ", stopword: true), token("ฉ")],
            [token("ค"), token("ช"), token("ซ", breaks: true), token("ฌ")],
        ]
        let joined = Keyphrases.joiningFragments(sentences).map { $0.map(\.surface) }
        // ก+ข always together (twice); ค is also followed by ช once, so ขค does not join; จ is a stopword;
        // ช and ซ are seen once, and a boundary stands before ซ.
        #expect(joined[0] == ["กข", "ค", "ง", "จ", "ฉ"], "\(joined)")
        #expect(joined[2] == ["ค", "ช", "ซ", "ฌ"], "\(joined)")
    }
}
