// Cost of stemming and stopword checks, measured on the library's own files compiled with -O.
// Run through Scripts/bench-stemming.sh; not part of the package.
import Dispatch

@main
struct StemmingBenchmark {
    static let samples: [(String, String)] = [
        (
            "en",
            "the council met on tuesday and approved the running costs of connections between generously "
                + "funded national libraries while researchers were discussing computational linguistics"
        ),
        (
            "ru",
            "городской совет утвердил бюджет и книгами библиотеки были переданы школам и университетам для "
                + "исследований в области вычислительной лингвистики"
        ),
        (
            "ar",
            "وافق المجلس البلدي على الميزانية الجديدة للمكتبات والمدارس في المدينة من أجل البحث العلمي"
        ),
    ]

    static func main() {
        var sink = 0
        for (language, text) in samples {
            let words = text.split(separator: " ").map(String.init)
            let article = (0..<1_000).map { words[$0 % words.count] }

            let creations = 100_000
            var start = now()
            for _ in 0..<creations {
                sink &+= Stemmer(languageCode: language)?.algorithm.name.utf8.count ?? 0
            }
            let create = elapsed(since: start, per: creations)

            let articles = 200
            start = now()
            for _ in 0..<articles {
                guard let stemmer = Stemmer(languageCode: language) else { continue }
                for word in article { sink &+= stemmer.stem(word).utf8.count }
            }
            let stem = elapsed(since: start, per: articles * article.count)

            start = now()
            let first = Stopwords.list(for: language)
            let firstList = elapsed(since: start, per: 1) / 1_000

            start = now()
            for _ in 0..<articles {
                guard let list = Stopwords.list(for: language) else { continue }
                for word in article where list.contains(word) { sink &+= 1 }
            }
            let check = elapsed(since: start, per: articles * article.count)

            print(
                "\(language): Stemmer init+deinit \(create) ns, stem \(stem) ns/token (one stemmer per "
                    + "1000-token article), first Stopwords.list \(firstList) us (\(first?.count ?? 0) words), "
                    + "stopword check \(check) ns/token"
            )
        }
        let start = now()
        var words = 0
        for code in Stopwords.languageCodes { words += Stopwords.list(for: code)?.count ?? 0 }
        print(
            "all \(Stopwords.languageCodes.count) lists indexed: \(elapsed(since: start, per: 1) / 1_000) us, "
                + "\(words) words (checksum \(sink % 10))"
        )
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func elapsed(since start: UInt64, per count: Int) -> Int {
        Int((now() - start) / UInt64(count))
    }
}
