import Foundation
import PressworkProtocol

/// Articles made up by the tests: short news-like texts in several languages, with a serial number
/// so every article is distinct. Nothing here is third-party data.
public enum GeneratedArticles {
    static let sentences: [(lang: String, text: String)] = [
        ("en", "The city council approved a new budget for public libraries and parks on Tuesday evening."),
        ("ru", "Городской совет во вторник вечером утвердил новый бюджет для библиотек и парков."),
        ("kk", "Қалалық кеңес сейсенбі күні кешке кітапханалар мен саябақтарға арналған жаңа бюджетті бекітті."),
        ("zh", "市议会星期二晚上批准了公共图书馆和公园的新预算，居民对此表示欢迎。"),
        ("de", "Der Stadtrat hat am Dienstagabend einen neuen Haushalt für Bibliotheken und Parks beschlossen."),
        ("es", "El ayuntamiento aprobó el martes por la noche un nuevo presupuesto para bibliotecas y parques."),
    ]

    /// `count` text articles of about `paragraphs` paragraphs each, cycling through the languages.
    public static func make(count: Int, paragraphs: Int = 3, sourcePrefix: String = "generated") -> [(
        meta: ArticleMeta, body: [UInt8]
    )] {
        (0..<count).map { index in
            let sentence = sentences[index % sentences.count]
            var text = "Article \(index): \(sentence.text.prefix(40))\n\n"
            for paragraph in 0..<paragraphs {
                text += "\(sentence.text) (\(index).\(paragraph)) \(sentence.text)\n\n"
            }
            return (
                ArticleMeta(articleId: "a\(index)", source: "\(sourcePrefix)-\(index).txt", lang: nil, format: .text),
                Array(text.utf8)
            )
        }
    }

    /// The language code expected for article `index` from `make`.
    public static func language(of index: Int) -> String { sentences[index % sentences.count].lang }
}
