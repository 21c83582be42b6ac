// Time of the language text primitives per article: NFC, sentences, words, a search term per word, script.
// Built and run by bench-segmentation.sh together with the Stages/Analysis/Words sources, optimized.

import Foundation

let paragraphs: [(language: String, text: String)] = [
    (
        "en",
        "The city council approved a new transport budget on Tuesday, after Dr. Smith presented the figures. "
            + "Spending on buses will rise by 3.5% next year, and 12 new routes are planned. Residents welcomed "
            + "the decision, although some asked why the cycle lanes were delayed again. \"We have waited long "
            + "enough,\" said one of them."
    ),
    (
        "ru",
        "Городской совет во вторник утвердил новый транспортный бюджет. Расходы на автобусы в следующем году "
            + "вырастут на 3,5%, планируется 12 новых маршрутов. Жители приветствовали решение, хотя некоторые "
            + "спросили, почему велосипедные дорожки снова откладываются."
    ),
    (
        "zh",
        "市议会星期二批准了新的交通预算。明年公交车支出将增加百分之三点五，并计划开通十二条新线路。"
            + "市民对此表示欢迎，但也有人询问为什么自行车道再次推迟。市长表示，新线路将在夏季之前投入运营。"
    ),
    (
        "ja",
        "市議会は火曜日、新しい交通予算を承認しました。来年はバスへの支出が三・五パーセント増え、"
            + "十二の新しい路線が計画されています。住民はこの決定を歓迎しましたが、自転車道がまた遅れる理由を"
            + "尋ねる人もいました。"
    ),
    (
        "th",
        "สภาเมืองอนุมัติงบประมาณการขนส่งใหม่เมื่อวันอังคาร ค่าใช้จ่ายสำหรับรถโดยสารจะเพิ่มขึ้นในปีหน้า "
            + "และมีการวางแผนเส้นทางใหม่สิบสองเส้นทาง ประชาชนยินดีกับการตัดสินใจนี้ "
            + "แม้ว่าบางคนจะถามว่าทำไมทางจักรยานจึงล่าช้าอีกครั้ง"
    ),
    (
        "ar",
        "وافق مجلس المدينة يوم الثلاثاء على ميزانية جديدة للنقل. وسيرتفع الإنفاق على الحافلات بنسبة ٣٫٥٪ في "
            + "العام المقبل، ومن المخطط افتتاح اثني عشر خطاً جديداً. ورحّب السكان بالقرار، رغم أن بعضهم سأل "
            + "لماذا تأخرت ممرات الدراجات مرة أخرى."
    ),
    (
        "hi",
        "नगर परिषद ने मंगलवार को नए परिवहन बजट को मंज़ूरी दी। अगले साल बसों पर खर्च साढ़े तीन प्रतिशत बढ़ेगा और "
            + "बारह नए मार्गों की योजना है। निवासियों ने फ़ैसले का स्वागत किया, हालांकि कुछ ने पूछा कि साइकिल लेन फिर "
            + "से क्यों टल गईं।"
    ),
]

let targetBytes = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8000
let iterations = Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 300
let normalizer = TextNormalizer()
let segmenter = Segmenter()
let detector = ScriptDetector()
let clock = ContinuousClock()

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

print("article ~\(targetBytes) bytes, \(iterations) runs each; µs per article (median of 5 rounds)")
print("lang   bytes  sentences  words      nfc  sentences    words   tokens   script    total")
for (language, paragraph) in paragraphs {
    var article = ""
    while article.utf8.count < targetBytes { article += paragraph + "\n\n" }
    var rounds: [[Double]] = []
    var counts = (sentences: 0, words: 0)
    for _ in 0..<5 {
        var times = [Double](repeating: 0, count: 5)
        for _ in 0..<iterations {
            let start = clock.now
            let text = normalizer.nfc(article)
            let afterNFC = clock.now
            let sentences = segmenter.sentences(in: text)
            let afterSentences = clock.now
            let words = segmenter.words(in: text)
            let afterWords = clock.now
            var folded = 0
            for word in words { folded &+= normalizer.token(word.text).utf8.count }
            let afterTokens = clock.now
            let script = detector.detect(text, language: language)
            let end = clock.now
            precondition(folded > 0 && !script.script.isEmpty)
            counts = (sentences.count, words.count)
            let marks = [start, afterNFC, afterSentences, afterWords, afterTokens, end]
            for phase in 0..<5 { times[phase] += microseconds(marks[phase + 1] - marks[phase]) }
        }
        rounds.append(times.map { $0 / Double(iterations) })
    }
    let median = (0..<5).map { phase in rounds.map { $0[phase] }.sorted()[2] }
    let cells = (median + [median.reduce(0, +)]).map { String(format: "%8.1f", $0) }
    print(
        language.padding(toLength: 5, withPad: " ", startingAt: 0),
        String(format: "%6d %10d %6d", article.utf8.count, counts.sentences, counts.words),
        cells.joined(separator: " ")
    )
}
