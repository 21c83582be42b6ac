@testable import PressworkPipeline

/// Articles written for the keyphrase and fingerprint tests, and the tokens the pipeline would make of them.
enum KeyphraseFixtures {
    static let englishClimate = """
        World leaders gathered in Paris on Monday for the climate summit, hoping to agree on deeper cuts to \
        carbon emissions. The climate summit opened with a warning from scientists that global temperatures \
        are rising faster than expected. Delegates from 190 countries will spend two weeks negotiating in the \
        French capital. President Emmanuel Macron told the climate summit that rich nations must pay more to \
        help poorer countries adapt. Thousands of activists marched through the streets of Paris, demanding an \
        end to coal and oil. Several island nations said that rising seas threaten their existence. \
        Negotiators said a deal on carbon emissions was possible but not certain. The previous climate summit, \
        held in Glasgow, ended with a weak compromise on coal. Organisers expect the Paris climate summit to \
        conclude on December 12. Observers said the outcome of the climate summit would shape energy policy \
        for a decade. The United Nations secretary-general urged governments to act before it is too late.
        """

    static let englishTransport = """
        The city council approved a new transport budget on Tuesday after a long debate. Spending on buses will \
        rise next year, and twelve new routes are planned across the northern districts. Residents welcomed the \
        decision, although some asked why the cycle lanes were delayed again. The mayor said that the new \
        routes would open before the summer holidays. Critics argued that ticket prices should have been \
        frozen. The transport budget also pays for repairs to the old tram depot near the river.
        """

    static let russianClimate = """
        Климатическая конференция открылась в Париже в понедельник. Участники климатической конференции \
        обсуждают сокращение выбросов углекислого газа. На климатической конференции выступил президент \
        Франции. Он призвал богатые страны помочь бедным странам приспособиться к изменению климата. Учёные \
        предупредили, что температура на планете растёт быстрее, чем ожидалось. Тысячи активистов вышли на \
        улицы Парижа. Островные государства заявили, что повышение уровня моря угрожает их существованию. \
        Организаторы рассчитывают завершить климатическую конференцию к двенадцатому декабря. Наблюдатели \
        считают, что итоги конференции определят энергетическую политику на десятилетие.
        """

    static let chineseClimate = """
        气候峰会星期一在巴黎开幕，各国领导人希望就进一步减少碳排放达成协议。科学家在气候峰会开幕时警告说，\
        全球气温上升的速度超过预期。来自一百九十个国家的代表将在法国首都谈判两个星期。法国总统对气候峰会表示，\
        富裕国家必须出更多的钱帮助贫穷国家适应气候变化。数千名活动人士在巴黎街头游行，要求停止使用煤炭和石油。\
        一些岛国说，海平面上升威胁着它们的生存。谈判代表说，碳排放协议有可能达成，但并不确定。\
        上一次气候峰会在格拉斯哥举行，最后就煤炭问题达成了一个软弱的妥协。观察人士说，这次气候峰会的结果将影响\
        未来十年的能源政策。
        """

    static let kazakhOil = """
        Қазақстан биыл мұнай өндірісін арттыруды жоспарлап отыр. Энергетика министрі мұнай өндірісі биыл \
        өседі деп мәлімдеді. Теңіз кен орнында мұнай өндірісі рекордтық деңгейге жетті. Сарапшылардың \
        айтуынша, әлемдік нарықта мұнай бағасы әлі де құбылмалы. Үкімет мұнай өндірісі есебінен бюджет \
        кірісін көбейтуді көздейді. Экологтар мұнай өндірісі табиғатқа зиян келтіреді деп алаңдайды. \
        Министрлік жаңа кен орындарын игеру жоспарын жариялады. Атырау облысында жаңа зауыт салынып жатыр.
        """

    /// The sentences of `text` as keyphrase tokens, with the language's stemmer and stopwords.
    static func sentences(_ text: String, language: String) -> [[Keyphrases.Token]] {
        let segmenter = Segmenter()
        let normalizer = TextNormalizer()
        let stemmer = Stemmer(languageCode: language)
        let stopwords = Stopwords.list(for: language)
        let text = normalizer.nfc(text)
        return Keyphrases.sentences(segmenter.words(in: text), in: segmenter.sentences(in: text)) { word in
            Keyphrases.Token(word: word, normalizer: normalizer, stemmer: stemmer, stopwords: stopwords)
        }
    }

    /// The normalized words of `text`, as the fingerprint takes them.
    static func normalizedWords(_ text: String) -> [String] {
        let normalizer = TextNormalizer()
        return Segmenter().words(in: normalizer.nfc(text)).map { normalizer.token($0.text) }
    }
}

extension Keyphrases.Token {
    /// The token for a word of a fixture: its search form, stem and stopword flag (the pipeline builds
    /// tokens itself, caching stems).
    ///
    /// - Parameters:
    ///   - word: a word from ``Segmenter/words(in:)``.
    ///   - normalizer: folds the word to its search form.
    ///   - stemmer: the article language's stemmer, or `nil` when it has none.
    ///   - stopwords: the article language's stopword list, or `nil` when it has none.
    init(word: Segmenter.Word, normalizer: TextNormalizer, stemmer: Stemmer?, stopwords: StopwordList?) {
        let normalized = normalizer.token(word.text)
        self.init(
            surface: word.text, normalized: normalized,
            stem: word.kind == .number ? nil : stemmer?.stem(normalized),
            isStopword: stopwords?.contains(normalized) ?? false, kind: word.kind)
    }
}
