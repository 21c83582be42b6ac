import Testing

@testable import PressworkPipeline

@Suite("Language stage")
struct LanguageStageTests {
    /// Short texts written for these tests: a council approving a budget, in each language.
    @Test(
        "CLD2 identifies the language",
        arguments: [
            (
                "en",
                "The city council approved a new budget for road repairs and public libraries on Tuesday. Residents welcomed the decision."
            ),
            (
                "ru",
                "Городской совет во вторник утвердил новый бюджет на ремонт дорог и содержание библиотек. Жители одобрили это решение."
            ),
            ("zh", "市议会周二批准了用于修缮道路和公共图书馆的新预算。居民们对这一决定表示欢迎。"),
            (
                "kk",
                "Қалалық кеңес сейсенбі күні жолдарды жөндеуге және кітапханаларға арналған жаңа бюджетті бекітті. Тұрғындар бұл шешімді қуана қарсы алды."
            ),
            (
                "de",
                "Der Stadtrat hat am Dienstag einen neuen Haushalt für die Reparatur von Straßen und für öffentliche Bibliotheken beschlossen. Die Bürger begrüßten die Entscheidung."
            ),
            (
                "ar",
                "وافق مجلس المدينة يوم الثلاثاء على ميزانية جديدة لإصلاح الطرق ودعم المكتبات العامة. ورحب السكان بهذا القرار."
            ),
            ("hi", "नगर परिषद ने मंगलवार को सड़कों की मरम्मत और सार्वजनिक पुस्तकालयों के लिए नए बजट को मंज़ूरी दी। निवासियों ने इस फ़ैसले का स्वागत किया।"),
            (
                "tk",
                "Şäher geňeşi sişenbe güni ýollary abatlamak we köpçülik kitaphanalary üçin täze býudjeti tassyklady. Ýaşaýjylar bu karary şatlyk bilen garşyladylar."
            ),
            (
                "tt",
                "Шәһәр советы сишәмбе көнне юлларны ремонтлау һәм китапханәләр өчен яңа бюджетны раслады. Халык бу карарны шатланып каршы алды."
            ),
        ]
    )
    func detects(expected: String, text: String) {
        let language = LanguageStage().run(title: "", text: text, declared: nil)
        #expect(language.code == expected, "\(language)")
        #expect(language.confidence > 0)
        #expect(!language.name.isEmpty)
    }

    @Test(
        "CLD2 codes become ISO 639-1",
        arguments: [
            ("iw", "he"), ("in", "id"), ("jw", "jv"), ("zh-Hant", "zh"), ("zh", "zh"), ("kk", "kk"), ("haw", "haw"),
            ("sr-ME", "sr"), ("xx-Copt", "xx-Copt"),
        ]
    )
    func normalizesCodes(cld2: String, expected: String) {
        #expect(LanguageCode.normalize(cld2) == expected)
    }

    @Test("names are plain English")
    func names() {
        #expect(LanguageCode(cld2: "en", cld2Name: "ENGLISH").name == "English")
        #expect(LanguageCode(cld2: "zh-Hant", cld2Name: "ChineseT").name == "Chinese")
        #expect(LanguageCode(cld2: "gd", cld2Name: "SCOTS_GAELIC").name == "Scots Gaelic")
        #expect(LanguageCode(cld2: "un", cld2Name: "Unknown") == .undetermined)
    }

    @Test("unknown text is und with confidence 0")
    func unknown() {
        let language = LanguageStage().run(title: "", text: "12345 67890 ++ -- ##", declared: nil)
        #expect(language.code == "und")
        #expect(language.confidence == 0)
        #expect(language.reliable == false)
    }

    @Test("the declared language is kept as given and used as a hint")
    func declared() {
        let language = LanguageStage().run(title: "", text: "Қалалық кеңес жаңа бюджетті бекітті.", declared: "kk")
        #expect(language.declared == "kk")
        #expect(language.code == "kk")
    }

    @Test("Traditional Chinese folds into zh")
    func traditionalChinese() {
        let language = LanguageStage().run(title: "", text: "市議會週二批准了用於修繕道路和公共圖書館的新預算。居民們對這一決定表示歡迎。", declared: nil)
        #expect(language.code == "zh")
        #expect(language.name == "Chinese")
    }
}
