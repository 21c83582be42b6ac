import CICU
import Testing

@testable import PressworkPipeline

/// Mixed-language text judged piece by piece, the script of each language, characters CLD2 refuses, and
/// `und` as a verdict that keeps the guess. The texts are written for these tests.
@Suite("Mixed languages, scripts per span and text cleaning")
struct LanguageMixedTests {
    private let stage = LanguageStage()

    private static let urdu = "شہر کی کونسل نے نئی سڑک کی منظوری دے دی۔"
    private static let afrikaans = "Die inwoners van die dorp is baie tevrede met die nuwe pad."

    /// The bytes of `text` that `span` covers.
    private func covered(_ text: String, _ span: ArticleDocument.Language.Span) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[span.offset..<(span.offset + span.length)], as: UTF8.self)
    }

    @Test("Urdu then Afrikaans: both reported, each with its own script, and the text's script is Urdu's")
    func twoScripts() throws {
        let text = Self.urdu + " " + Self.afrikaans
        let language = stage.run(title: "", text: text, declared: nil)
        // More Latin letters than Arabic ones, but more bytes of Urdu, which is what CLD2 weighs.
        #expect(language.code == "ur", "\(language)")
        #expect(language.script == "Arab", "\(language)")
        let span = try #require(language.spans.first, "\(language)")
        #expect(language.spans.count == 1, "\(language.spans)")
        #expect(span.code == "af")
        #expect(span.script == "Latn")
        #expect(covered(text, span) == Self.afrikaans)
        #expect(language.others.contains { $0.code == "af" }, "\(language.others)")
    }

    @Test(
        "a short sentence beside one in another script is its own span, and the text's script is its language's",
        arguments: [
            ("The museum opens at nine today. Το μουσείο ανοίγει στις εννέα το πρωί.", "el", "Grek", "en", "Latn"),
            ("Alle Bürger dürfen wählen. 每个公民都有选举的权利。", "zh", "Hans", "de", "Latn"),
        ])
    func shortSentences(text: String, code: String, script: String, spanCode: String, spanScript: String) throws {
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == code, "\(language)")
        #expect(language.script == script, "\(language)")
        let span = try #require(language.spans.first, "\(language)")
        #expect(span.code == spanCode && span.script == spanScript, "\(language)")
    }

    @Test("English then German in one line, both in Latin script, are both reported")
    func sameScript() throws {
        let english = "The council approved the new budget for roads and public libraries on Tuesday evening."
        let german = "Die Bürger der Stadt haben die Entscheidung des Rates am Mittwoch sehr begrüßt."
        let text = english + " " + german
        let language = stage.run(title: "", text: text, declared: nil)
        let codes = [language.code] + language.spans.map(\.code)
        #expect(Set(codes) == ["en", "de"], "\(language)")
        let span = try #require(language.spans.first)
        #expect(span.script == "Latn")
        #expect(covered(text, span) == (span.code == "de" ? german : english))
    }

    @Test("Kazakh then Russian, both Cyrillic, are both reported")
    func sameScriptCyrillic() {
        let kazakh = "Қала әкімдігі өткен аптада орталық саябақты жөндеуден кейін тұрғындар үшін қайта ашты."
        let russian = "Жители города пришли на открытие парка вместе с детьми и остались очень довольны."
        let language = stage.run(title: "", text: kazakh + " " + russian, declared: nil)
        let codes = [language.code] + language.spans.map(\.code)
        #expect(Set(codes) == ["kk", "ru"], "\(language)")
    }

    @Test("an English article quoting Greek and Russian has a span per quote, each with its script")
    func spanScripts() throws {
        let english = """
            The ministers met in the capital on Monday to discuss the future of the shared railway line and the \
            timetable for the new bridges across the river.
            """
        let greek = "Είμαστε πολύ ικανοποιημένοι από τη συνάντηση και περιμένουμε να ξεκινήσουν σύντομα τα έργα."
        let russian = "Мы надеемся, что строительство начнётся уже следующей весной и закончится через два года."
        let closing = """
            Officials said that a joint commission would settle the remaining technical questions before the \
            end of the summer and publish its report in the autumn.
            """
        let text = [english, greek, russian, closing].joined(separator: "\n\n")
        let language = stage.run(title: "Railway talks", text: text, declared: nil)
        #expect(language.code == "en")
        #expect(language.script == "Latn")
        #expect(language.spans.map(\.code) == ["el", "ru"], "\(language.spans)")
        #expect(language.spans.map(\.script) == ["Grek", "Cyrl"])
        #expect(covered(text, language.spans[0]) == greek)
        #expect(covered(text, language.spans[1]) == russian)
    }

    @Test("a paragraph in one language is not reported as mixed, not even between close languages")
    func singleLanguage() {
        let indonesian = """
            Pemerintah kota mengumumkan bahwa jalan baru di pusat kota akan dibuka minggu depan. Warga diminta \
            untuk menggunakan angkutan umum selama masa pembukaan. Menurut wali kota, proyek ini selesai tepat \
            waktu dan sesuai dengan anggaran yang telah disetujui oleh dewan kota tahun lalu.
            """
        let french = """
            Nul ne sera tenu de payer plus que sa part ; la commune a voté le budget à l’unanimité. Les travaux \
            commenceront au printemps : les habitants seront informés par courrier.
            """
        for text in [indonesian, french] {
            let language = stage.run(title: "", text: text, declared: nil)
            #expect(language.spans.isEmpty, "\(language)")
        }
    }

    /// About 30 KB of English news prose in one script, every sentence different: subjects, actions and
    /// places combined in turn.
    private static let longEnglish: String = {
        let subjects = [
            "The city council", "A group of residents", "The transport minister", "Local shop owners",
            "The regional hospital", "Engineers from the university", "The school board", "Farmers in the valley",
        ]
        let actions = [
            "discussed the new budget for road repairs", "asked for more buses on the evening routes",
            "presented a plan to reduce traffic near the river", "complained about the noise from the building site",
            "welcomed the decision to keep the library open", "warned that the bridge needs urgent work",
            "voted to plant trees along the main avenue", "promised to publish the results of the survey",
        ]
        let places = [
            "at a meeting on Tuesday evening", "in a letter to the mayor", "during a visit to the old market",
            "after the storm last month", "before the elections in spring", "in an interview with the local paper",
        ]
        var sentences: [String] = []
        for index in 0..<(subjects.count * actions.count * places.count) {
            let subject = subjects[index % subjects.count]
            let action = actions[(index / subjects.count) % actions.count]
            let place = places[index / (subjects.count * actions.count)]
            sentences.append("\(subject) \(action) \(place).")
        }
        return sentences.joined(separator: " ")
    }()

    @Test("a long article in one script finds a passage in another language of that script")
    func longTextSameScript() throws {
        // Two sentences: CLD2 scores a single one inside 30 KB of English as part of an English chunk.
        let spanish = """
            Excelente servicio, muy buena calidad y lo recomiendo a todos mis vecinos sin ninguna duda. El precio \
            es justo y la entrega llegó antes de lo previsto, así que volveré a comprar aquí.
            """
        let half = Self.longEnglish.index(Self.longEnglish.startIndex, offsetBy: Self.longEnglish.count / 2)
        let cut = try #require(Self.longEnglish[half...].firstIndex(of: "."))
        let before = Self.longEnglish[...cut]
        let text = before + "\n\n" + spanish + "\n\n" + Self.longEnglish[Self.longEnglish.index(after: cut)...]
        // The case at hand: a long text whose whole-text vector has no room for the quote.
        #expect(text.utf8.count > SpanFinder.singleScriptBytes)
        var copy = text
        let vector = copy.withUTF8 { LanguageStage.detect($0, hints: nil, bestEffort: false).result.top }
        #expect(vector.1.percent == 0, "\(vector)")
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == "en")
        let span = try #require(language.spans.first, "\(language)")
        #expect(span.code == "es" && language.spans.count == 1, "\(language.spans)")
        #expect(covered(text, span).contains(spanish), "\(covered(text, span))")

        let plain = stage.run(title: "", text: Self.longEnglish, declared: nil)
        #expect(plain.code == "en" && plain.spans.isEmpty, "\(plain.spans)")
    }

    @Test("a heading in title case or a line of names inside an article is not another language")
    func namesAreNotALanguage() {
        let text = """
            Frederiksberg Have, Søndermarken and Kongens Have Reopen After Storm

            The three parks opened their gates again on Saturday after a week of clearing fallen trees. Visitors \
            queued from early morning to walk the paths and see the new exhibition about the old gardens.

            Søren Kjeldsen, Mette Holm, Jens Nielsen and Lars Løkke at Aarhus Kunsthal

            The parks will be open every day from seven, and the exhibition stays free for children under twelve.
            """
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == "en")
        #expect(language.spans.isEmpty, "\(language.spans)")
        let heading = Array("Harbour Museum Reopens After Long Restoration".utf8)
        #expect(heading.withUnsafeBufferPointer { SpanFinder.isMostlyNames($0) })
        let sentence = Array("The museum opened its doors again on Saturday".utf8)
        #expect(!sentence.withUnsafeBufferPointer { SpanFinder.isMostlyNames($0) })
    }

    @Test(
        "control characters and invisible characters do not stop or split the judgement",
        arguments: [
            "Don\u{92}t worry\u{85} the council approved the new budget for roads and libraries on Tuesday.",
            "\u{1}\u{7F}The council approved the new budget for roads and libraries on Tuesday evening.",
            "The coun\u{AD}cil approved the new bud\u{200B}get for roads\u{FEFF} and libraries\u{FFFE} on Tuesday.",
        ])
    func controls(text: String) {
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == "en", "\(language)")
        #expect(language.reliable, "\(language)")
    }

    @Test("span offsets stay in the caller's text when characters were removed before judging")
    func offsetsAfterCleaning() throws {
        let english = "The mayor\u{AD}\u{AD} said on\u{85} Monday that the bridge would open in spring next year."
        let russian = "Жители района давно ждали этот мост и пришли на открытие вместе с детьми и внуками."
        let text = english + " " + russian
        let language = stage.run(title: "", text: text, declared: nil)
        let span = try #require(language.spans.first, "\(language)")
        #expect(covered(text, span) == (span.code == "ru" ? russian : english), "\(language)")
    }

    @Test("und says why, and keeps CLD2's guess among the others when there is one")
    func undeterminedReason() {
        let junk = stage.run(title: "", text: "asdf qwer zxcv", declared: nil)
        #expect(junk.code == "und")
        #expect(junk.reason == "not-language")
        #expect(!junk.others.isEmpty, "\(junk)")
        let digits = stage.run(title: "", text: "1234 5678 — 2024-07-03", declared: nil)
        #expect(digits.code == "und")
        #expect(digits.reason == "no-letters")
        #expect(digits.others.isEmpty)
        let english = stage.run(title: "", text: "The council approved the budget.", declared: nil)
        #expect(english.reason == nil)
    }

    @Test("a single word CLD2 can only guess keeps its answer, unreliable and with a low confidence")
    func guessKept() {
        for (word, code) in [("government", "en"), ("Bürgermeister", "de"), ("samochodów", "pl")] {
            let language = stage.run(title: "", text: word, declared: nil)
            #expect(language.code == code, "\(word): \(language)")
            #expect(!language.reliable)
            #expect(language.confidence <= 0.5)
        }
    }

    @Test("a long text whose scripts alternate every sentence is still judged in at most 512 pieces")
    func piecesAreBounded() {
        // Latin and Cyrillic sentences in turn: neighbours never share a script.
        let pieces = (0..<3000).map { (index: Int) -> pw_icu_piece in
            let start = Int32(index * 20)
            let script: Int32 = index % 2 == 0 ? 25 : 8
            return pw_icu_piece(start: start, end: start + 20, letters: 15, script: script)
        }
        let joined = SpanFinder.coarsen(pieces, to: SpanFinder.maximumPieces)
        #expect(joined.count <= SpanFinder.maximumPieces)
        #expect(joined.first?.start == 0 && joined.last?.end == 60_000)
        #expect(zip(joined, joined.dropFirst()).allSatisfy { $0.end == $1.start })
        #expect(joined.reduce(0) { $0 + Int($1.letters) } == 45_000)
    }
}
